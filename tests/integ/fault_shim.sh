#!/bin/sh
# fault_shim.sh - a write, sync or rename that fails (ENOSPC, EIO) at any
# point of a run: the indexer exits 1 (never a signal or a sanitizer
# report) with a message naming the database and the error, the database
# stays at its last commit (it opens, xapian-check is clean, nothing that
# was committed is lost), and a re-run without the fault completes with
# every article.  The LD_PRELOAD shim tests/faultfs/faultfs.so fails the
# Nth counted call on the database's files; a clean run counts the calls,
# then N is looped over that range: in make check FAULT_SAMPLES (3)
# points spread over it and its last call, with FAULT_ALL=1 every N.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v xapian-check >/dev/null 2>&1 || skip "xapian-check not installed"
shim=$top_builddir/tests/faultfs/faultfs.so
[ -f "$shim" ] || skip "$shim not built"
# LD_PRELOAD needs the dynamic loader: a static program never sees the shim.
# The shared (sanitizer) build of run-tests.sh runs this test.
[ -z "${STATIC_PROG_LDFLAGS:-}" ] ||
    skip "static programs (--with-static-xapian) cannot be interposed with LD_PRELOAD"
# The sanitizer runtime must come first among preloaded libraries unless
# told not to check; the shim only passes calls on to it.  Full stacks
# through Xapian (built without frame pointers) let tests/lsan.supp name
# the Xapian function that leaks on a failed write.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0:fast_unwind_on_malloc=0
export ASAN_OPTIONS

samples=${FAULT_SAMPLES:-3}
cd "$dl_tmp" || exit 1
mkdir T hold
cp -R "$top_srcdir/corpus/caspian-daily" "$top_srcdir/corpus/steppe-wire" \
    "$top_srcdir/corpus/northern-ledger" T/
db=$dl_tmp/db

# The whole tree's ids, and a base database holding part of it.
"$DL_INDEX" --quiet --db full.db T >/dev/null 2>&1 ||
    { fail "the reference run failed"; done_testing; }
dl_ids full.db >full.ids
mv T/northern-ledger T/steppe-wire hold/
"$DL_INDEX" --quiet --db base.db T >/dev/null 2>&1 ||
    { fail "the base run failed"; done_testing; }
mv hold/* T/
dl_ids base.db >base.ids
check "the base holds $(wc -l <base.ids) of $(wc -l <full.ids) articles" \
    [ "$(wc -l <base.ids)" -lt "$(wc -l <full.ids)" ]

# faulted KIND OPS N ERRNO: one run failing the Nth OPS call; KIND is
# "fresh" (no database yet) or "incremental" (from base.db).
points=0
faulted() {
    rm -rf "$db" "$db".tmp-*
    [ "$1" = incremental ] && cp -R base.db "$db"
    DL_FAULTFS_PATH=$db DL_FAULTFS_OPS=$2 DL_FAULTFS_N=$3 \
        DL_FAULTFS_ERRNO=$4 LD_PRELOAD=$shim \
        "$DL_INDEX" --quiet --db "$db" T >f.out 2>f.err
    rc=$?
    what="$1 run, $2 call #$3 fails with $4"
    points=$((points + 1))
    if grep -q 'Sanitizer\|runtime error' f.err; then
        fail "$what: a sanitizer report"
        cat f.err >&2
    fi
    if [ "$rc" -eq 0 ]; then
        # The failed call did not matter (a retried or optional write):
        # then the run must really be complete.
        dl_ids "$db" >now.ids
        cmp -s full.ids now.ids ||
            fail "$what: exit 0 but $(wc -l <now.ids) articles"
    elif [ "$rc" -ne 1 ]; then
        fail "$what: exit $rc, not 1"
        tail -n 40 f.err >&2
    else
        grep -q "error: .*$db" f.err ||
            fail "$what: the message does not name the database: $(grep -v faultfs f.err | head -n 2)"
        case $4 in
        ENOSPC) grep -qi 'no space left\|error writing\|failed to' f.err ;;
        EIO) grep -qi 'input/output error\|error writing\|failed to' f.err ;;
        esac || fail "$what: the message does not give the error: $(grep -v faultfs f.err | head -n 2)"
    fi
    if [ "$1" = incremental ]; then
        if xapian-check "$db" >chk.out 2>&1; then
            dl_ids "$db" >now.ids
            lost=$(LC_ALL=C comm -23 base.ids now.ids | wc -l)
            [ "$lost" -eq 0 ] || fail "$what: $lost committed articles lost"
        else
            fail "$what: xapian-check: $(tail -n 2 chk.out)"
        fi
    elif [ -f "$db/iamglass" ] && ! xapian-check "$db" >chk.out 2>&1; then
        fail "$what: the new database is damaged: $(tail -n 2 chk.out)"
    fi
    if "$DL_INDEX" --quiet --db "$db" T >r.out 2>r.err; then
        dl_ids "$db" >now.ids
        cmp -s full.ids now.ids ||
            fail "$what: the re-run has $(wc -l <now.ids) of $(wc -l <full.ids) articles"
    else
        fail "$what: the re-run failed: $(head -n 2 r.err)"
    fi
}

# count KIND OPS: how many OPS calls a clean run of KIND makes.
count() {
    rm -rf "$db" "$db".tmp-* count.txt
    [ "$1" = incremental ] && cp -R base.db "$db"
    DL_FAULTFS_PATH=$db DL_FAULTFS_OPS=$2 DL_FAULTFS_COUNT=$dl_tmp/count.txt \
        LD_PRELOAD=$shim "$DL_INDEX" --quiet --db "$db" T >/dev/null 2>&1
    sort -n count.txt 2>/dev/null | tail -n 1
}

# sweep KIND OPS ERRNO: N over 1..count, all or a sample of it.
sweep() {
    m=$(count "$1" "$2")
    [ -n "$m" ] && [ "$m" -gt 0 ] || { fail "$1: no $2 calls counted"; return; }
    before=$dl_failures
    if [ "${FAULT_ALL:-0}" = 1 ] || [ "$m" -le "$samples" ]; then
        step=1
    else
        step=$((m / samples))
    fi
    k=1
    while [ "$k" -le "$m" ]; do
        faulted "$1" "$2" "$k" "$3"
        k=$((k + step))
    done
    # the last call too: often the final rename or sync of the run
    [ "$step" -gt 1 ] && faulted "$1" "$2" "$m" "$3"
    [ "$dl_failures" -eq "$before" ] &&
        pass "$1 run: $2 faults ($3) over $m calls, step $step"
}

sweep incremental write,pwrite ENOSPC
sweep incremental sync,rename EIO
sweep fresh write,pwrite ENOSPC
sweep fresh sync,rename ENOSPC
echo "fault points exercised: $points"

done_testing
