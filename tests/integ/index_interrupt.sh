#!/bin/sh
# index_interrupt.sh - interrupted runs leave a usable database and the
# next run finishes the job: SIGINT (exit 130) and SIGTERM (143) mid-run,
# kill -9 at a random moment of a fresh and of an incremental run; each
# time a re-run ends with exactly the ids of an uninterrupted run and
# xapian-check finds nothing wrong.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
command -v xapian-check >/dev/null 2>&1 || skip "xapian-check not installed"

copies=${DL_INTERRUPT_COPIES:-11}

# A random delay from $1 to $1 + $2 times the reference run's duration
# ($took seconds), so a signal lands mid-run in a sanitizer build and in a
# release build (ten times faster) alike.
delay() {
    awk -v a="$1" -v b="$2" -v t="$took" \
        'BEGIN { srand(); printf "%.3f\n", (a + rand() * b) * t }'
}

now() {
    date +%s.%N
}

# start DIR ARGS...: start an indexer in DIR in the background ($pid).
start() {
    dir=$1
    shift
    (cd "$dir" && exec "$DL_INDEX" "$@" >"$dir/out" 2>"$dir/err") &
    pid=$!
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

# The reference run; a tree indexed in under 2 s is grown (release
# builds) so there is a "mid-run" to interrupt.
while :; do
    rm -rf "$dl_tmp/ref"
    mkdir -p "$dl_tmp/ref"
    dl_gen_tree "$dl_tmp/ref/T" "$copies"
    t0=$(now)
    (cd "$dl_tmp/ref" && "$DL_INDEX" --quiet --db db T >out 2>err) ||
        { cat "$dl_tmp/ref/err" >&2; fail "the reference run failed"; done_testing; }
    took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f\n", b - a }')
    if awk -v t="$took" 'BEGIN { exit !(t < 2) }' && [ "$copies" -lt 200 ]; then
        copies=$((copies * 4))
        continue
    fi
    break
done
echo "reference run: $copies copies in $took s"
dl_ids "$dl_tmp/ref/db" >"$dl_tmp/ref/ids"
n=$(wc -l <"$dl_tmp/ref/ids")
check "the reference run indexed the tree ($n articles)" [ "$n" -gt 1000 ]

# ---- SIGINT during a fresh build, then during an incremental run --------
d=$dl_tmp/int
mkdir -p "$d"
cp -R "$dl_tmp/ref/T" "$d/T"
start "$d" --db db T
sleep "$(delay 0.15 0.3)"
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT during a fresh build exits 130 (got $rc)" [ "$rc" -eq 130 ]
check "an interrupted run says so" grep -q 'interrupted' "$d/err"
opens "$d" "SIGINT (fresh)"
start "$d" --db db T
sleep "$(delay 0.05 0.15)"
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT during an incremental run exits 130 (got $rc)" [ "$rc" -eq 130 ]
opens "$d" "SIGINT (incremental)"
finish "$d"
same_as_ref "$d" "SIGINT"

# ---- SIGTERM --------------------------------------------------------------
d=$dl_tmp/term
mkdir -p "$d"
cp -R "$dl_tmp/ref/T" "$d/T"
start "$d" --db db T
sleep "$(delay 0.15 0.3)"
kill -TERM "$pid"
wait "$pid"
rc=$?
check "SIGTERM exits 143 (got $rc)" [ "$rc" -eq 143 ]
opens "$d" "SIGTERM"
finish "$d"
same_as_ref "$d" "SIGTERM"

# ---- kill -9 during a fresh build -----------------------------------------
d=$dl_tmp/kill-fresh
mkdir -p "$d"
cp -R "$dl_tmp/ref/T" "$d/T"
start "$d" --db db T
sleep "$(delay 0.05 0.8)"
kill -9 "$pid"
wait "$pid"
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
start "$d" --db db T
sleep "$(delay 0.05 0.8)"
kill -9 "$pid"
wait "$pid"
opens "$d" "kill -9 (incremental)"
finish "$d"
same_as_ref "$d" "kill -9 (incremental)"

done_testing
