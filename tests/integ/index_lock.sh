#!/bin/sh
# index_lock.sh - one writer at a time: while an indexer holds the
# database, a second one waits --lock-timeout seconds, then exits 3 with a
# message naming the database; once the first is done the second works.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

cd "$dl_tmp" || exit 1
dl_gen_tree T 2

# The first indexer, frozen with SIGSTOP as soon as it holds the lock
# (its temporary databases appear only after the lock is taken).
"$DL_INDEX" --quiet --db db T >first.out 2>first.err &
pid=$!
i=0
while [ -z "$(ls -d db.tmp-* 2>/dev/null)" ] && [ "$i" -lt 600 ]; do
    sleep 0.05
    i=$((i + 1))
done
kill -STOP "$pid" 2>/dev/null || fail "the first indexer ended too early"

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

kill -CONT "$pid"
wait "$pid"
rc=$?
check "the first indexer completes (got $rc)" [ "$rc" -eq 0 ]

# A waiting indexer gets the lock when the first one lets go, here after
# a --full rebuild swapped a new database in under its path.
"$DL_INDEX" --quiet --full --db db T >first2.out 2>&1 &
pid=$!
sleep 0.2
"$DL_INDEX" --quiet --lock-timeout 60 --db db T >waiter.out 2>waiter.err
rc=$?
wait "$pid"
check "a waiting indexer runs once the lock is free (got $rc)" [ "$rc" -eq 0 ]
check "and finds everything unchanged" \
    [ "$(dl_summary waiter.out unchanged)" = "$(find T -name '*.txt' | wc -l)" ]

done_testing
