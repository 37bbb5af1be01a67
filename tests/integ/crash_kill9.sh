#!/bin/sh
# crash_kill9.sh - kill -9 at random moments never costs an article: after
# each kill the database opens, xapian-check finds nothing wrong and every
# id in it is one of the reference run's; a re-run then ends with exactly
# the ids of an uninterrupted run.  Kills land in fresh builds (some in the
# first 0.2 s, around the very first commit), in incremental runs and in
# runs resuming an earlier kill.  SIGINT and SIGTERM end a run cleanly
# (130, 143), sent at a random file while the run is held there by the
# test hook, with a database that opens and a re-run that completes.
#
# TRIALS (default 3) sets the number of kill -9 trials; COPIES (default
# 4) the number of copies of corpus/ under different folder names.  A
# long run: TRIALS=1000 make check TESTS=tests/integ/crash_kill9.sh.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v xapian-check >/dev/null 2>&1 || skip "xapian-check not installed"

trials=${TRIALS:-3}
copies=${COPIES:-4}

# rand A B: a random number of seconds from A to A + B (awk's srand is
# seeded per second, so mix in the process id and a counter).
rnd_n=0
rand() {
    rnd_n=$((rnd_n + 1))
    awk -v a="$1" -v b="$2" -v s="$$$rnd_n" \
        'BEGIN { srand(); srand(srand() + s); printf "%.3f\n", a + rand() * b }'
}

# ids_ok DB WHAT: DB opens, is sound, and holds only reference ids.
ids_ok() {
    [ -d "$1" ] || return 0
    # Killed while Xapian created it, before its first commit: nothing was
    # committed, so nothing can be lost; the re-run must recover it.
    [ -f "$1/iamglass" ] || return 0
    if ! xapian-check "$1" >"$dl_tmp/check" 2>&1; then
        fail "$2: xapian-check: $(tail -n 2 "$dl_tmp/check")"
        return 1
    fi
    dl_ids "$1" >"$dl_tmp/now"
    extra=$(LC_ALL=C comm -13 "$dl_tmp/ref.ids" "$dl_tmp/now" | wc -l)
    if [ "$extra" -ne 0 ]; then
        fail "$2: $extra ids that an uninterrupted run does not have"
        return 1
    fi
    return 0
}

cd "$dl_tmp" || exit 1
mkdir T
i=0
while [ "$i" -lt "$copies" ]; do
    cp -R "$top_srcdir/corpus" "T/c$i"
    i=$((i + 1))
done
rm -f T/c*/README.md

start=$(date +%s)
"$DL_INDEX" --quiet --db "$dl_tmp/ref" T >ref.out 2>ref.err ||
    { cat ref.err >&2; fail "the reference run failed"; done_testing; }
took=$(($(date +%s) - start + 1))
dl_ids ref >ref.ids
n=$(wc -l <ref.ids)
check "the reference run indexed $n articles from $copies copies in ~${took}s" \
    [ "$n" -ge $((copies * 100)) ]

# ---- kill -9 trials -------------------------------------------------------
db=$dl_tmp/db
lost=0
bad=0
t=1
while [ "$t" -le "$trials" ]; do
    case $((t % 3)) in
    1) rm -rf "$db" "$db".tmp-*; when=$(rand 0 0.2); kind=fresh-early ;;
    2) rm -rf "$db" "$db".tmp-*; when=$(rand 0.2 "$took"); kind=fresh ;;
    0) # an incremental run over a database with a third of the tree
        # (ids are paths: the rest is moved aside and back, not copied)
        rm -rf "$db" "$db".tmp-* hold
        mkdir hold
        for d in T/c*; do
            k=${d#T/c}
            if [ $((k % 3)) -ne 0 ]; then mv "$d" hold/; fi
        done
        "$DL_INDEX" --quiet --db "$db" T >/dev/null 2>&1 ||
            fail "trial $t: preparing the incremental run failed"
        mv hold/* T/ && rmdir hold
        when=$(rand 0 "$took")
        kind=incremental ;;
    esac
    "$DL_INDEX" --quiet --db "$db" T >run.out 2>run.err &
    pid=$!
    sleep "$when"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    ids_ok "$db" "trial $t ($kind, kill at ${when}s)" || bad=$((bad + 1))
    # Every other trial is killed once more while it resumes.
    if [ $((t % 2)) -eq 0 ]; then
        "$DL_INDEX" --quiet --db "$db" T >run.out 2>run.err &
        pid=$!
        sleep "$(rand 0 "$took")"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        ids_ok "$db" "trial $t (second kill)" || bad=$((bad + 1))
    fi
    if ! "$DL_INDEX" --quiet --db "$db" T >fin.out 2>fin.err; then
        fail "trial $t ($kind): the re-run failed: $(tail -n 2 fin.err)"
        bad=$((bad + 1))
    else
        ids_ok "$db" "trial $t: after the re-run" || bad=$((bad + 1))
        missing=$(LC_ALL=C comm -23 ref.ids "$dl_tmp/now" | wc -l)
        lost=$((lost + missing))
        [ "$missing" -eq 0 ] ||
            fail "trial $t ($kind, kill at ${when}s): $missing articles lost"
        if ls -d "$db".tmp-* >/dev/null 2>&1; then
            fail "trial $t: temporary databases left behind"
        fi
    fi
    t=$((t + 1))
done
check "$trials kill -9 trials: $lost articles lost, $bad unsound states" \
    [ "$lost" -eq 0 ] && [ "$bad" -eq 0 ]

# ---- SIGINT and SIGTERM ---------------------------------------------------
# Each signal reaches a run paused at a random file (dl_start_paused), so
# it is certainly mid-run: exit 0 would be a run that ignored it.
files=$(find T -type f | grep -c '\.\(txt\|text\|html\|htm\|jsonl\|ndjson\)\(\.gz\)\?$')
for sig in INT TERM; do
    rm -rf "$db" "$db".tmp-*
    at=$(rand 1 $((files - 2)) | cut -d. -f1)
    [ "$at" -ge 1 ] || at=1
    dl_start_paused "$at" pause sig.out sig.err "$DL_INDEX" --quiet --db "$db" T
    pid=$dl_pid
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    if [ "$sig" = INT ]; then want=130; else want=143; fi
    check "SIG$sig after $at of $files files exits $want (got $rc)" \
        [ "$rc" -eq "$want" ]
    check "after SIG$sig the database opens" \
        sh -c "xapian-delve '$db' >/dev/null 2>&1"
    ids_ok "$db" "after SIG$sig" || :
    check "after SIG$sig a re-run completes" \
        "$DL_INDEX" --quiet --db "$db" T >/dev/null 2>"$dl_tmp/sig.err2"
    dl_ids "$db" >now
    check "after SIG$sig the re-run has the reference ids" cmp -s ref.ids now
done

done_testing
