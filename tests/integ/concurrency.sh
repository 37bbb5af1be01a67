#!/bin/sh
# concurrency.sh - one writer, many readers.  Two indexers at once: while
# one indexes, the other waits --lock-timeout seconds, then exits 3 with a
# message naming the database, and the database ends complete.  Then
# searches run while an indexer commits again and again (incremental
# batches and a --full rebuild swapped in by rename): not one search may
# fail.
# SEARCHES (default 100) sets the number of searches; COPIES (default 4)
# the number of copies of corpus/ in the tree.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

searches=${SEARCHES:-100}
copies=${COPIES:-2}
cd "$dl_tmp" || exit 1
mkdir T
i=0
while [ "$i" -lt "$copies" ]; do
    cp -R "$top_srcdir/corpus" "T/c$i"
    i=$((i + 1))
done
rm -f T/c*/README.md
db=$dl_tmp/db

# ---- two writers ----------------------------------------------------------
# The first holds the lock, paused in its middle (dl_start_paused), while
# the second tries: the second must give up, whatever the timing.
dl_start_paused 5 pause w1.out w1.err "$DL_INDEX" --quiet --db "$db" T
p1=$dl_pid
"$DL_INDEX" --quiet --lock-timeout 1 --db "$db" T >w2.out 2>w2.err
r2=$?
rm -f pause
wait "$p1"
r1=$?
check "the first indexer succeeds (got $r1)" [ "$r1" -eq 0 ]
check "the second indexer gives up with exit 3 (got $r2)" [ "$r2" -eq 3 ]
check "its message names the database" grep -q "$db" w2.err
check "its message says it is locked" grep -qi 'lock' w2.err
check "nothing crashed" sh -c '! grep -q "Sanitizer\|runtime error" w1.err w2.err'
dl_ids "$db" >ref.ids
check "the database is complete ($(wc -l <ref.ids) articles)" \
    [ "$(wc -l <ref.ids)" -eq "$(dl_expected_articles T)" ]

# ---- readers during commits -----------------------------------------------
# The writer: add a copy, index (commits), remove it again, index (deletes
# and commits), and every fifth run a --full rebuild, until the readers
# are done.
mkdir extra
: >writer.log
(
    n=0
    while [ ! -f readers.done ]; do
        case $((n % 5)) in
        4) "$DL_INDEX" --quiet --full --db "$db" T >>writer.log 2>&1 ||
            echo "writer: --full run failed" >>writer.err ;;
        *) if [ -d T/x ]; then mv T/x extra/x; else
               [ -d extra/x ] && mv extra/x T/x || cp -R "$top_srcdir/corpus" T/x
           fi
           "$DL_INDEX" --quiet --db "$db" T >>writer.log 2>&1 ||
            echo "writer: run $n failed" >>writer.err ;;
        esac
        n=$((n + 1))
        echo "$n" >writer.runs
    done
) &
wp=$!

# Two readers, each doing half of the searches and going on until the
# writer has finished 5 runs (a --full rebuild among them): how many
# commits fall under the searches must not depend on how fast either side
# is.
writer_runs() {
    cat writer.runs 2>/dev/null || echo 0
}
reader() {
    k=0
    bad=0
    while [ "$k" -lt "$2" ] || [ "$(writer_runs)" -lt 5 ]; do
        case $((k % 4)) in
        0) q='pipeline' ;;
        1) q='"nur sultan" OR astana' ;;
        2) q='oil NEAR/5 gas' ;;
        3) q='title:zurich*' ;;
        esac
        if ! "$DL_SEARCH" --db "$db" --facets "$q" >"r$1.out" 2>"r$1.err"; then
            bad=$((bad + 1))
            echo "reader $1, search $k ($q): $(head -n 3 "r$1.err")" >>readers.err
        fi
        k=$((k + 1))
    done
    echo "$bad" >"reader$1.bad"
    echo "$k" >"reader$1.count"
}
half=$((searches / 2))
reader 1 "$half" &
rp1=$!
reader 2 $((searches - half)) &
rp2=$!
wait "$rp1"
wait "$rp2"
touch readers.done
wait "$wp"
bad=$(($(cat reader1.bad) + $(cat reader2.bad)))
runs=$(writer_runs)
done_searches=$(($(cat reader1.count) + $(cat reader2.count)))
check "$done_searches searches during $runs indexer runs: $bad failed" \
    [ "$bad" -eq 0 ]
[ -f readers.err ] && head -n 5 readers.err >&2
check "every indexer run succeeded" [ ! -f writer.err ]
[ -f writer.err ] && { head -n 5 writer.err >&2; tail -n 5 writer.log >&2; }
check "the writer ran at least 5 times meanwhile, a --full rebuild among them" \
    [ "$runs" -ge 5 ]
check "the database is sound afterwards" sh -c "xapian-check '$db' >/dev/null 2>&1"

done_testing
