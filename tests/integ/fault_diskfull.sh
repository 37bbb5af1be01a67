#!/bin/sh
# fault_diskfull.sh - a file-size limit (ulimit -f, as a full disk would
# stop the database growing) at many points of a run: every run ends with
# exit 1 (SIGXFSZ is ignored, so never a signal) and a message naming the
# database and the error, or completes when the limit is not reached; the
# database opens at its last commit with nothing committed lost; a re-run
# without the limit completes.  The limits sweep from a few blocks to
# about the size the run needs, STEPS (default 6) of them.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v xapian-check >/dev/null 2>&1 || skip "xapian-check not installed"

# Full stacks through Xapian (no frame pointers) let tests/lsan.supp name
# the Xapian function that leaks on a failed commit.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0
export ASAN_OPTIONS
steps=${STEPS:-6}
cd "$dl_tmp" || exit 1
mkdir T hold
cp -R "$top_srcdir/corpus/caspian-daily" "$top_srcdir/corpus/steppe-wire" \
    "$top_srcdir/corpus/northern-ledger" T/
db=$dl_tmp/db

"$DL_INDEX" --quiet --db full.db T >/dev/null 2>&1 ||
    { fail "the reference run failed"; done_testing; }
dl_ids full.db >full.ids
mv T/northern-ledger T/steppe-wire hold/
"$DL_INDEX" --quiet --db base.db T >/dev/null 2>&1 ||
    { fail "the base run failed"; done_testing; }
mv hold/* T/
dl_ids base.db >base.ids

# The shell's ulimit -f unit: dash counts 512-byte blocks, bash 1024.
(trap '' XFSZ; ulimit -f 1 && dd if=/dev/zero of=probe bs=1 count=2048 2>/dev/null)
unit=$(wc -c <probe)
[ "$unit" -gt 0 ] || unit=512
# The largest file of the complete database: the run needs about that.
big=$(ls -l full.db | awk 'NR > 1 && $5 > m { m = $5 } END { print m + 0 }')
top=$((big / unit + 2))
points=0
for kind in incremental fresh; do
    before=$dl_failures
    s=1
    while [ "$s" -le "$steps" ]; do
        lim=$((top * s / steps))
        [ "$lim" -ge 1 ] || lim=1
        s=$((s + 1))
        rm -rf "$db" "$db".tmp-*
        [ "$kind" = incremental ] && cp -R base.db "$db"
        (ulimit -f "$lim" && exec "$DL_INDEX" --quiet --db "$db" T) \
            >d.out 2>d.err
        rc=$?
        points=$((points + 1))
        what="$kind run, ulimit -f $lim ($((lim * unit)) bytes)"
        grep -q 'Sanitizer\|runtime error' d.err &&
            { fail "$what: a sanitizer report"; tail -n 20 d.err >&2; }
        case $rc in
        0) dl_ids "$db" >now.ids
           cmp -s full.ids now.ids || fail "$what: exit 0 but incomplete" ;;
        1) grep -q "$db" d.err ||
               fail "$what: the message does not name the database: $(head -n 2 d.err)"
           grep -qi 'too large\|no space\|error writing\|failed' d.err ||
               fail "$what: the message does not give the error: $(head -n 2 d.err)" ;;
        *) fail "$what: exit $rc"; tail -n 20 d.err >&2 ;;
        esac
        if [ -f "$db/iamglass" ]; then
            if xapian-check "$db" >chk.out 2>&1; then
                dl_ids "$db" >now.ids
                if [ "$kind" = incremental ]; then
                    lost=$(LC_ALL=C comm -23 base.ids now.ids | wc -l)
                    [ "$lost" -eq 0 ] || fail "$what: $lost articles lost"
                fi
            else
                fail "$what: xapian-check: $(tail -n 2 chk.out)"
            fi
        elif [ "$kind" = incremental ]; then
            fail "$what: the database is gone"
        fi
        if "$DL_INDEX" --quiet --db "$db" T >r.out 2>r.err; then
            dl_ids "$db" >now.ids
            cmp -s full.ids now.ids ||
                fail "$what: the re-run has $(wc -l <now.ids) articles"
        else
            fail "$what: the re-run failed: $(head -n 2 r.err)"
        fi
    done
    [ "$dl_failures" -eq "$before" ] &&
        pass "$kind runs under $steps file-size limits up to $((top * unit)) bytes"
done
echo "file-size limits exercised: $points"

done_testing
