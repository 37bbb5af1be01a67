#!/bin/sh
# index_interrupt.sh - interrupted runs leave a usable database and the
# next run finishes the job: SIGINT (exit 130) and SIGTERM (143) during a
# fresh build and during an incremental run, kill -9 during a fresh and
# during an incremental run; each time a re-run ends with exactly the ids
# of an uninterrupted run and xapian-check finds nothing wrong.
#
# "During" is made certain, not likely: each run is started with the test
# hook DL_TEST_PAUSE_AFTER_FILES=N (indexer/pipeline.h), which makes it
# stop once its walk has handed N files to its workers, holding its lock
# with its walk unfinished, and create a pause file; the signal is sent
# once that file exists.  (A signal sent after a sleep could arrive after
# a fast run had finished: exit 0 instead of 130.)  The kills come at a
# random N.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v xapian-check >/dev/null 2>&1 || skip "xapian-check not installed"

copies=${DL_INTERRUPT_COPIES:-4}

# rand LO HI: a random whole number from LO to HI.
rnd_n=0
rand() {
    rnd_n=$((rnd_n + 1))
    awk -v a="$1" -v b="$2" -v s="$$$rnd_n" \
        'BEGIN { srand(); srand(srand() + s); printf "%d\n", a + int(rand() * (b - a + 1)) }'
}

# start_paused DIR N ARGS...: an indexer in DIR with ARGS, paused after
# its walk has handed N files to its workers ($pid; see dl_start_paused).
start_paused() {
    dir=$1
    n_pause=$2
    shift 2
    dl_start_paused "$n_pause" "$dir/pause" "$dir/out" "$dir/err" \
        sh -c 'cd "$0" && exec "$@"' "$dir" "$DL_INDEX" "$@"
    st=$?
    pid=$dl_pid
    return $st
}

# finish DIR: run the indexer in DIR to completion; fail on non-zero.
finish() {
    (cd "$1" && "$DL_INDEX" --quiet --db db T >"$1/out2" 2>"$1/err2") ||
        { fail "$1: the re-run failed"; cat "$1/err2" >&2; }
}

# same_as_ref DIR WHAT: the database in DIR is sound and has the ids of the
# uninterrupted run.
same_as_ref() {
    if xapian-check "$1/db" >"$1/check" 2>&1; then
        pass "$2: xapian-check finds no error"
    else
        fail "$2: xapian-check: $(tail -n 3 "$1/check")"
    fi
    dl_ids "$1/db" >"$1/ids"
    if cmp -s "$dl_tmp/ref/ids" "$1/ids"; then
        pass "$2: the re-run has the ids of an uninterrupted run"
    else
        fail "$2: ids differ from an uninterrupted run ($(wc -l <"$1/ids") vs $(wc -l <"$dl_tmp/ref/ids"))"
    fi
    if ls -d "$1"/db.tmp-* >/dev/null 2>&1; then
        fail "$2: temporary databases left behind"
    else
        pass "$2: no temporary database left"
    fi
}

# opens DIR WHAT: the database in DIR opens after the interruption.
opens() {
    if xapian-delve "$1/db" >/dev/null 2>&1; then
        pass "$2: the database opens ($(dl_doccount "$1/db") of $n articles)"
    else
        fail "$2: the database does not open"
    fi
}

# The reference run.
mkdir -p "$dl_tmp/ref"
dl_gen_tree "$dl_tmp/ref/T" "$copies"
(cd "$dl_tmp/ref" && "$DL_INDEX" --quiet --db db T >out 2>err) ||
    { cat "$dl_tmp/ref/err" >&2; fail "the reference run failed"; done_testing; }
dl_ids "$dl_tmp/ref/db" >"$dl_tmp/ref/ids"
n=$(wc -l <"$dl_tmp/ref/ids")
files=$(find "$dl_tmp/ref/T" -name '*.txt' | wc -l)
check "the reference run indexed the tree ($n articles, $files files)" \
    [ "$n" -ge "$files" -a "$files" -gt 200 ]

# ---- SIGINT during a fresh build, then during an incremental run --------
d=$dl_tmp/int
mkdir -p "$d"
cp -R "$dl_tmp/ref/T" "$d/T"
if start_paused "$d" $((files / 4)) --db db T; then
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    check "SIGINT during a fresh build exits 130 (got $rc)" [ "$rc" -eq 130 ]
    check "an interrupted run says so" grep -q 'interrupted' "$d/err"
    opens "$d" "SIGINT (fresh)"
fi
# The fresh build kept what it had done: this run is incremental, with
# at least half of the tree left to do.
if start_paused "$d" 20 --db db T; then
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    check "SIGINT during an incremental run exits 130 (got $rc)" [ "$rc" -eq 130 ]
    check "the interrupted run was incremental" \
        grep -q '^unchanged: [1-9]' "$d/out"
    opens "$d" "SIGINT (incremental)"
fi
finish "$d"
same_as_ref "$d" "SIGINT"

# ---- SIGTERM --------------------------------------------------------------
d=$dl_tmp/term
mkdir -p "$d"
cp -R "$dl_tmp/ref/T" "$d/T"
if start_paused "$d" $((files / 3)) --db db T; then
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    check "SIGTERM exits 143 (got $rc)" [ "$rc" -eq 143 ]
    opens "$d" "SIGTERM"
fi
finish "$d"
same_as_ref "$d" "SIGTERM"

# ---- kill -9 during a fresh build -----------------------------------------
d=$dl_tmp/kill-fresh
mkdir -p "$d"
cp -R "$dl_tmp/ref/T" "$d/T"
at=$(rand 1 $((files - 1)))
if start_paused "$d" "$at" --db db T; then
    kill -9 "$pid"
    wait "$pid"
    rc=$?
    check "kill -9 after $at files of a fresh build (got $rc)" [ "$rc" -eq 137 ]
fi
finish "$d"
same_as_ref "$d" "kill -9 (fresh)"

# ---- kill -9 during an incremental run ------------------------------------
d=$dl_tmp/kill-inc
mkdir -p "$d/T"
cp -R "$dl_tmp/ref/T/d000" "$d/T/"
(cd "$d" && "$DL_INDEX" --quiet --db db T >/dev/null 2>&1) ||
    fail "the first part of the incremental case failed"
for sub in "$dl_tmp/ref/T"/d*; do
    [ -d "$d/T/$(basename "$sub")" ] || cp -R "$sub" "$d/T/"
done
new=$((files - $(find "$d/T/d000" -name '*.txt' | wc -l)))
at=$(rand 1 $((new - 1)))
if start_paused "$d" "$at" --db db T; then
    kill -9 "$pid"
    wait "$pid"
    rc=$?
    check "kill -9 after $at of $new new files (got $rc)" [ "$rc" -eq 137 ]
    opens "$d" "kill -9 (incremental)"
fi
finish "$d"
same_as_ref "$d" "kill -9 (incremental)"

done_testing
