#!/bin/sh
# index_lock.sh - one writer at a time: while an indexer holds the
# database, a second one waits --lock-timeout seconds, then exits 3 with a
# message naming the database; once the first is done the second works.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

cd "$dl_tmp" || exit 1
dl_gen_tree T 2

# The first indexer, paused with its lock held (the test hook of
# dl_start_paused).  Freezing it with SIGSTOP once its temporary databases
# appeared, as before, failed when a fast run had ended between two looks.
dl_start_paused 2 pause first.out first.err "$DL_INDEX" --quiet --db db T
pid=$dl_pid

start=$(date +%s)
"$DL_INDEX" --quiet --lock-timeout 1 --db db T >second.out 2>second.err
rc=$?
end=$(date +%s)
check "the second indexer exits 3 (got $rc)" [ "$rc" -eq 3 ]
check "its message names the database" grep -q "db.*locked" second.err
check "it gave up after about --lock-timeout seconds" \
    [ $((end - start)) -le 5 ]
check "it printed no summary" [ ! -s second.out ]

# --lock-timeout 0 fails at once, same status.
"$DL_INDEX" --quiet --lock-timeout 0 --db db T >/dev/null 2>third.err
rc=$?
check "--lock-timeout 0 exits 3 at once (got $rc)" [ "$rc" -eq 3 ]

rm -f pause
wait "$pid"
rc=$?
check "the first indexer completes (got $rc)" [ "$rc" -eq 0 ]

# A waiting indexer gets the lock when the first one lets go, here after
# a --full rebuild swapped a new database in under its path.  The rebuild
# holds the lock (paused) until the waiter has started.
dl_start_paused 2 pause first2.out first2.err "$DL_INDEX" --quiet --full \
    --db db T
pid=$dl_pid
"$DL_INDEX" --quiet --lock-timeout 60 --db db T >waiter.out 2>waiter.err &
waiter=$!
rm -f pause
wait "$waiter"
rc=$?
wait "$pid"
check "a waiting indexer runs once the lock is free (got $rc)" [ "$rc" -eq 0 ]
check "and finds everything unchanged" \
    [ "$(dl_summary waiter.out unchanged)" = "$(find T -name '*.txt' | wc -l)" ]

done_testing
