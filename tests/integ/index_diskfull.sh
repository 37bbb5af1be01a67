#!/bin/sh
# index_diskfull.sh - a write that fails (here: a file-size limit, as a full
# disk would) ends the run with a message naming the database and the
# error and a non-zero status; the database stays at its last commit and
# opens; a re-run without the limit completes the job; a --full rebuild
# that fails anywhere keeps the old database and leaves no temporary one.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

# Full stacks through Xapian (no frame pointers) let tests/lsan.supp name
# the Xapian function that leaks on a failed commit.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0
export ASAN_OPTIONS

cd "$dl_tmp" || exit 1
dl_gen_tree T 6
total=$(find T -name '*.txt' | wc -l)

# limit_for DB: a ulimit -f value a little above DB's largest file, so the
# database opens but cannot grow much (dash counts 512-byte blocks, bash
# 1024: either way far less than the rest of the tree needs).
limit_for() {
    big=$(ls -l "$1" | awk 'NR > 1 && $5 > m { m = $5 } END { print m + 0 }')
    echo $((big / 512 + 64))
}

# ---- an incremental run hits the limit ------------------------------------
mkdir hold
for d in T/d00[1-9]; do
    [ -d "$d" ] && mv "$d" hold/
done
"$DL_INDEX" --quiet --db db T >first.out 2>first.err ||
    { cat first.err >&2; fail "the first run failed"; }
before=$(dl_doccount db)
mv hold/* T/
lim=$(limit_for db)
(ulimit -f "$lim" && exec "$DL_INDEX" --db db T) >full.out 2>full.err
rc=$?
check "a run that cannot write exits non-zero (got $rc)" [ "$rc" -ne 0 ]
check "it is not taken for a lock timeout or an interrupt" \
    [ "$rc" -eq 1 ]
check "the message names the database" grep -q 'error: db' full.err
check "the message gives the error" grep -qi 'too large\|no space' full.err
check "nothing crashed" sh -c '! grep -q "Sanitizer\|runtime error" full.err'
check "the database still opens at its last commit" \
    [ "$(dl_doccount db)" = "$before" ]
check "xapian-check finds no error" sh -c 'xapian-check db >/dev/null 2>&1'

"$DL_INDEX" --quiet --db db T >again.out 2>again.err
rc=$?
check "a re-run without the limit completes (got $rc)" [ "$rc" -eq 0 ]
check "and indexes the rest" [ "$(dl_doccount db)" = "$total" ]

# ---- a fresh build hits the limit -------------------------------------------
lim=$(limit_for db)
lim=$((lim / 4))
(ulimit -f "$lim" && exec "$DL_INDEX" --full --db db T) >f.out 2>f.err
rc=$?
check "a --full rebuild that cannot write exits 1 (got $rc)" [ "$rc" -eq 1 ]
check "its message names the database" grep -q 'error: db' f.err
check "the old database is kept whole" [ "$(dl_doccount db)" = "$total" ]
check "no temporary database is left" \
    [ -z "$(ls -d db.tmp-* 2>/dev/null)" ]

# ---- --full rebuilds that fail at other points ---------------------------
# Where the limit falls decides where the write fails: in a commit, which
# Dateline reports, or where Xapian 1.4.22 gives up with std::terminate (a
# second write error while it recovers from the first), so the process
# ends from a worker thread (dl_xapian_exit_on_write_abort) and only its
# hook removes the temporary databases.  A sweep of limits reaches both
# (with 2 workers on corpus/ x 6: a limit of 53-66% of the largest table of
# the same database built by --full); every run must keep the old database
# whole and leave no temporary one.
"$DL_INDEX" --quiet --jobs 2 --full --db db T >/dev/null 2>&1 ||
    fail "a --full rebuild without a limit failed"
big=$(ls -l db | awk 'NR > 1 && $5 > m { m = $5 } END { print m + 0 }')
gave_up=0
left=
broken=
k=14
while [ "$k" -le 24 ]; do
    lim=$((big * k / 32 / 512))
    (ulimit -f "$lim" && exec "$DL_INDEX" --jobs 2 --full --db db T) \
        >s.out 2>s.err
    grep -q 'a write failed inside Xapian' s.err && gave_up=$((gave_up + 1))
    if grep -q 'Sanitizer\|runtime error' s.err; then
        broken="$broken $k/32"
        cat s.err >&2
    fi
    [ "$(dl_doccount db)" = "$total" ] || broken="$broken $k/32"
    if [ -n "$(ls -d db.tmp-* 2>/dev/null)" ]; then
        left="$left $k/32"
        # What was left, and what the run said, for whoever reads the log.
        ls -laR db.tmp-* >&2
        cat s.err >&2
    fi
    rm -rf db.tmp-* # judge each run alone
    k=$((k + 1))
done
check "every limit keeps the old database, no crash (bad at:$broken)" \
    [ -z "$broken" ]
check "no temporary database is left at any limit (left at:$left)" \
    [ -z "$left" ]
check "some limits reach Xapian's give-up path ($gave_up runs)" \
    [ "$gave_up" -gt 0 ]

done_testing
