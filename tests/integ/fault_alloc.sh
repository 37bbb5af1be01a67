#!/bin/sh
# fault_alloc.sh - an allocation that fails inside our own code (the
# (N+1)th dl_malloc, through DL_FAIL_ALLOC_AFTER=N, see dl_alloc.h) never
# crashes, leaks or loses data: the indexer and the searcher either
# succeed with the full result (the failure hit a path with a fallback) or
# exit 1 with "out of memory"; the database stays at its last commit and a
# re-run completes.  A failure inside one file or article is no reason to
# stop: the indexer then skips only that file or article, names it in a
# warning, indexes everything else and exits 4 (at least one N per kind
# of run must show that).  N runs over 0..9 and then in steps of about
# x1.6 until three runs in a row succeed (N is then past the run's last
# allocation); FAULT_ALL=1 tries every N.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v xapian-check >/dev/null 2>&1 || skip "xapian-check not installed"

cd "$dl_tmp" || exit 1
mkdir T hold
cp -R "$top_srcdir/corpus/caspian-daily" "$top_srcdir/corpus/alpenbote" T/
db=$dl_tmp/db

"$DL_INDEX" --quiet --db full.db T >/dev/null 2>&1 ||
    { fail "the reference run failed"; done_testing; }
dl_ids full.db >full.ids
mv T/alpenbote hold/
"$DL_INDEX" --quiet --db base.db T >/dev/null 2>&1 ||
    { fail "the base run failed"; done_testing; }
mv hold/* T/
dl_ids base.db >base.ids

# next N: the next N to try.
next() {
    if [ "${FAULT_ALL:-0}" = 1 ] || [ "$1" -lt 10 ]; then
        echo $(($1 + 1))
    else
        echo $(($1 + $1 * 3 / 5))
    fi
}

sane_exit() { # WHAT RC ERRFILE: 0, 1 with a message about memory, or
    # (the indexer) 4 with warnings naming what was skipped
    if grep -q 'Sanitizer\|runtime error' "$3"; then
        fail "$1: a sanitizer report"
        tail -n 30 "$3" >&2
        return 1
    fi
    case $2 in
    0) return 0 ;;
    1) grep -qi 'out of memory' "$3" ||
        { fail "$1: exit 1 without 'out of memory': $(head -n 2 "$3")"; return 1; } ;;
    4) grep -q 'warning: .*: out of memory .*; skipped' "$3" &&
        tail -n 1 "$3" | grep -q 'skipped: out of memory' ||
        { fail "$1: exit 4 without the warnings: $(head -n 2 "$3")"; return 1; } ;;
    *) fail "$1: exit $2"; tail -n 30 "$3" >&2; return 1 ;;
    esac
}

# only_named_missing WHAT ERRFILE: every article of full.ids missing from
# now.ids comes from a file that an out-of-memory warning names.
only_named_missing() {
    sed -n 's/^dateline-index: warning: \(.*\): out of memory .*/\1/p' "$2" |
        sed 's/:[0-9]*$//' | LC_ALL=C sort -u >named
    LC_ALL=C comm -23 full.ids now.ids | sed 's/#[0-9]*$//' |
        LC_ALL=C sort -u >missing
    extra=$(LC_ALL=C comm -23 missing named | head -n 3)
    [ -z "$extra" ] || fail "$1: exit 4 but articles of $extra are missing"
}

# ---- the indexer, incremental and fresh ------------------------------------
for kind in incremental fresh; do
    n=0
    tried=0
    ok=0
    before=$dl_failures
    skips=0
    while [ "$ok" -lt 3 ] && [ "$n" -lt 5000000 ]; do
        rm -rf "$db" "$db".tmp-*
        [ "$kind" = incremental ] && cp -R base.db "$db"
        DL_FAIL_ALLOC_AFTER=$n "$DL_INDEX" --db "$db" T >a.out 2>a.err
        rc=$?
        tried=$((tried + 1))
        what="indexer ($kind), allocation $((n + 1)) fails"
        sane_exit "$what" "$rc" a.err
        if [ -f "$db/iamglass" ]; then
            if xapian-check "$db" >chk.out 2>&1; then
                dl_ids "$db" >now.ids
                if [ "$kind" = incremental ]; then
                    lost=$(LC_ALL=C comm -23 base.ids now.ids | wc -l)
                    [ "$lost" -eq 0 ] || fail "$what: $lost articles lost"
                fi
                if [ "$rc" -eq 0 ] && ! cmp -s full.ids now.ids; then
                    fail "$what: exit 0 with $(wc -l <now.ids) of $(wc -l <full.ids) articles"
                fi
                if [ "$rc" -eq 4 ]; then
                    skips=$((skips + 1))
                    only_named_missing "$what" a.err
                fi
            else
                fail "$what: xapian-check: $(tail -n 2 chk.out)"
            fi
        elif [ "$kind" = incremental ]; then
            fail "$what: the database is gone"
        fi
        n=$(next "$n")
        if [ "$rc" -eq 0 ]; then
            ok=$((ok + 1))
            continue
        fi
        ok=0
        "$DL_INDEX" --quiet --db "$db" T >r.out 2>r.err ||
            fail "$what: the re-run failed: $(head -n 2 r.err)"
        dl_ids "$db" >now.ids
        cmp -s full.ids now.ids ||
            fail "$what: the re-run has $(wc -l <now.ids) articles"
    done
    [ "$dl_failures" -eq "$before" ] &&
        pass "indexer ($kind): $tried allocation failure points, up to $n"
    check "indexer ($kind): $skips failure(s) inside a file skipped only it" \
        [ "$skips" -gt 0 ]
done

# ---- the searcher ----------------------------------------------------------
for q in '"gas corridor" OR zurich*' 'title:baku date:2018..2020'; do
    "$DL_SEARCH" --db full.db --facets "$q" >ref.out 2>ref.err ||
        { fail "search '$q' failed without a fault"; continue; }
    n=0
    tried=0
    ok=0
    before=$dl_failures
    while [ "$ok" -lt 3 ] && [ "$n" -lt 5000000 ]; do
        DL_FAIL_ALLOC_AFTER=$n "$DL_SEARCH" --db full.db --facets "$q" \
            >s.out 2>s.err
        rc=$?
        tried=$((tried + 1))
        what="search '$q', allocation $((n + 1)) fails"
        sane_exit "$what" "$rc" s.err
        if [ "$rc" -eq 0 ]; then
            # "took" figures differ from run to run; the rest may not.
            sed 's/[0-9.]* *ms//g' ref.out >ref.cmp
            sed 's/[0-9.]* *ms//g' s.out >s.cmp
            cmp -s ref.cmp s.cmp ||
                fail "$what: exit 0 but the output differs"
            ok=$((ok + 1))
        else
            ok=0
        fi
        [ -s s.out ] && [ "$rc" -ne 0 ] && grep -q '^ *1\. ' s.out &&
            fail "$what: results printed and then a failure"
        n=$(next "$n")
    done
    [ "$dl_failures" -eq "$before" ] &&
        pass "search '$q': $tried allocation failure points, up to $n"
done

done_testing
