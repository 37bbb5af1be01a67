#!/bin/sh
# watch.sh - dateline-index --watch on a temporary tree: new files, a file
# written in two parts by a writer holding it open (never searchable
# half-written), renames in, within and out, deletions, a new folder full
# of files, a burst, SIGHUP, SIGTERM, a manual run refused while the
# watcher runs, a simulated event-queue overflow and watch limit (test
# hooks, watch.h), and kill -9 at two points followed by xapian-check
# and a run that completes.  Nothing waits for a time: every step waits
# for a condition (a line on stderr, a search result) with a generous
# bound.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 missing"

tree="$dl_tmp/tree"
out="$dl_tmp/outside"
db="$dl_tmp/w.db"
mkdir -p "$tree/wire" "$out"
watcher=
trap '[ -n "$watcher" ] && kill -9 "$watcher" 2>/dev/null; rm -rf "$dl_tmp"' EXIT

# article PATH WORD: a plain-text article whose body holds WORD.
article() {
    printf 'Title: Story %s\nDate: 2024-06-01\nSource: Test Wire\n\nThe %s story was told.\n' \
        "$2" "$2" >"$1"
}

# hits WORD: the number of articles holding WORD (near-duplicates apart:
# the articles of a burst differ in their path only).
hits() {
    "$DL_SEARCH" --db "$db" --no-collapse --format json "$1" 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])' 2>/dev/null ||
        echo -1
}

# wait_until DESCRIPTION COMMAND...: until COMMAND succeeds (at most two
# minutes, for slow sanitizer builds), then pass; else fail.
wait_until() {
    desc=$1
    shift
    tries=0
    until "$@"; do
        tries=$((tries + 1))
        if [ $tries -gt 2400 ] || { [ -n "$watcher" ] && dl_ended "$watcher"; }; then
            fail "$desc (stderr: $(tail -n 3 "$dl_tmp/w.err" | tr '\n' ' '))"
            return 1
        fi
        sleep 0.05
    done
    pass "$desc"
}
has() { [ "$(hits "$1")" = "$2" ]; }
said() { grep -q "$1" "$dl_tmp/w.err" 2>/dev/null; }
said_n() { [ "$(grep -c "$1" "$dl_tmp/w.err")" -ge "$2" ]; }

# start_watcher [ENV=VALUE...]: start the watcher, wait for its line.
start_watcher() {
    # A new file: the old watcher's "watching" line must not be taken for
    # the new one's (the shell truncates the file in the child, later).
    rm -f "$dl_tmp/w.err"
    env "$@" "$DL_INDEX" --watch --db "$db" "$tree" >"$dl_tmp/w.out" 2>"$dl_tmp/w.err" &
    watcher=$!
    wait_until "watcher ready ($*)" said 'watching [0-9]* folder'
}

stop_watcher() {
    kill -TERM "$watcher"
    wait "$watcher"
    st=$?
    watcher=
    check "SIGTERM: exit 143 ($st)" test "$st" = 143
}

article "$tree/wire/first.txt" firstword
start_watcher
check "the first run indexed the tree" has firstword 1

# A manual run meanwhile is refused at once, naming the watcher.
"$DL_INDEX" --db "$db" "$tree" >"$dl_tmp/m.out" 2>"$dl_tmp/m.err"
st=$?
check "a manual run exits 3 ($st)" test "$st" = 3
check "it names the watcher and its pid" grep -q "a watcher (dateline-index --watch, pid $watcher)" "$dl_tmp/m.err"
check "--status names the watcher" sh -c "'$DL_INDEX' --status --db '$db' | grep -q 'watcher: running (pid $watcher)'"

# New files, in a folder watched from the start.
article "$tree/wire/new1.txt" newoneword
wait_until "a new file is searchable" has newoneword 1

# A file written in two parts by a writer that holds it open: the first
# part is never searchable on its own.  The commit of another file,
# created after it, proves the watcher has seen it.
python3 - "$tree/wire/half.txt" "$dl_tmp/ready" "$dl_tmp/go" <<'EOF' &
import os, sys, time
f = open(sys.argv[1], "w")
f.write("Title: Half story\nDate: 2024-06-02\n\nThe halfone part.\n")
f.flush()
open(sys.argv[2], "w").close()
deadline = time.time() + 120
while not os.path.exists(sys.argv[3]) and time.time() < deadline:
    time.sleep(0.02)
f.write("The halftwo part.\n")
f.close()
EOF
writer=$!
wait_until "the writer wrote its first part" test -e "$dl_tmp/ready"
article "$tree/wire/after-half.txt" afterhalfword
wait_until "a file written after the half one is searchable" has afterhalfword 1
check "the half-written file is not searchable" has halfone 0
touch "$dl_tmp/go"
wait "$writer"
wait_until "once closed, the whole file is searchable" has halftwo 1
check "with its first part" has halfone 1

# In-place rewrite: the old words go, the new ones come.
article "$tree/wire/new1.txt" rewrittenword
wait_until "a rewritten file is searchable anew" has rewrittenword 1
check "its old text is gone" has newoneword 0

# Renames: in from outside, within the tree, out of it; temporaries and
# swap files are ignored.
article "$out/moved.txt" movedinword
mv "$out/moved.txt" "$tree/wire/moved.txt"
wait_until "a file renamed into the tree is searchable" has movedinword 1
article "$tree/wire/draft.txt.tmp" tmpword
article "$tree/wire/.hidden.txt" hiddenword
article "$tree/wire/new1.txt~" swapword
mv "$tree/wire/moved.txt" "$tree/wire/moved2.txt"
wait_until "renamed within the tree: found under its new path" \
    sh -c "'$DL_SEARCH' --db '$db' --format json movedinword | grep -q 'moved2.txt'"
check "and only there" has movedinword 1
check "no .tmp file" has tmpword 0
check "no hidden file" has hiddenword 0
check "no editor backup" has swapword 0
mv "$tree/wire/moved2.txt" "$out/gone.txt"
wait_until "a file renamed out of the tree is gone" has movedinword 0
rm "$tree/wire/first.txt"
wait_until "a deleted file is gone" has firstword 0

# A new folder full of files, moved in; then one made in place.
mkdir -p "$out/batch/deep"
i=0
while [ $i -lt 20 ]; do
    article "$out/batch/deep/f$i.txt" folderword
    i=$((i + 1))
done
mv "$out/batch" "$tree/batch"
wait_until "a folder moved in: its 20 files" has folderword 20
mkdir -p "$tree/made/a/b"
article "$tree/made/a/b/x.txt" madeword
article "$tree/made/a/y.txt" madeword
wait_until "a folder made in place: its files" has madeword 2
mv "$tree/batch" "$out/batch-out"
wait_until "a folder moved out: its articles gone" has folderword 0

# A burst.
i=0
while [ $i -lt 300 ]; do
    article "$tree/made/burst$i.txt" burstword
    i=$((i + 1))
done
wait_until "a burst of 300 files" has burstword 300

# SIGHUP: a rescan, and the watcher goes on.
n_rescans=$(grep -c 'rescan committed' "$dl_tmp/w.err")
kill -HUP "$watcher"
wait_until "SIGHUP rescans" said_n 'rescan committed' $((n_rescans + 1))
article "$tree/wire/afterhup.txt" afterhupword
wait_until "and watching goes on" has afterhupword 1
check "the status says when it committed" sh -c "'$DL_INDEX' --status --db '$db' | grep -q '^last commit: 20[0-9-]*T[0-9:]*Z'"
stop_watcher
check "no watcher after SIGTERM" sh -c "'$DL_INDEX' --status --db '$db' | grep -q '^watcher: none'"
check "xapian-check after SIGTERM" xapian-check "$db"

# Changes while no watcher runs are found by the next start's first run.
article "$tree/wire/offline.txt" offlineword

# An overflow of the event queue (simulated after the 3rd event: the rest
# of that read is lost): said on stderr, and a rescan finds everything.
start_watcher DL_TEST_WATCH_OVERFLOW_AFTER=3
check "changes made while stopped are indexed at start" has offlineword 1
i=0
while [ $i -lt 12 ]; do
    article "$tree/wire/over$i.txt" overword
    i=$((i + 1))
done
wait_until "the overflow is said" said 'event queue overflowed'
wait_until "nothing is missed after the overflow" has overword 12
stop_watcher

# The watch limit (simulated: 2 folders): said, and a rescan (SIGHUP, or
# every minute) finds files in the folders left unwatched.
start_watcher DL_TEST_WATCH_MAX=2
check "the watch limit is said" said 'limit of inotify watches'
mkdir -p "$tree/made/a/b/c"
article "$tree/made/a/b/c/lim.txt" limitword
kill -HUP "$watcher"
wait_until "a rescan finds files in unwatched folders" has limitword 1
stop_watcher

# kill -9 in the middle of a batch (paused by the test hook after handing
# its 2nd file, write lock held, nothing of the batch committed), then
# right after a commit: the index passes xapian-check and a manual run
# completes each time.
start_watcher DL_TEST_PAUSE_AFTER_FILES=2 DL_TEST_PAUSE_FILE="$dl_tmp/pause"
i=0
while [ $i -lt 4 ]; do
    article "$tree/wire/k$i.txt" killword
    i=$((i + 1))
done
wait_until "the watcher paused mid-batch" test -e "$dl_tmp/pause"
kill -9 "$watcher"
wait "$watcher" 2>/dev/null
watcher=
check "xapian-check after kill -9 mid-batch" xapian-check "$db"
check "a run after it completes" "$DL_INDEX" --quiet --db "$db" "$tree"
check "and indexes the batch" has killword 4
start_watcher
article "$tree/wire/k9.txt" killnineword
wait_until "committed before the kill" has killnineword 1
kill -9 "$watcher"
wait "$watcher" 2>/dev/null
watcher=
check "xapian-check after kill -9 between batches" xapian-check "$db"
check "the status knows the watcher is gone" sh -c "'$DL_INDEX' --status --db '$db' --format json | grep -q '\"watcher_pid\":null'"
check "a run after it completes" "$DL_INDEX" --quiet --db "$db" "$tree"
check "nothing lost" has killnineword 1

if grep -q -e 'runtime error' -e 'Sanitizer' "$dl_tmp/w.err"; then
    fail "sanitizer report: $(grep -m1 -e 'runtime error' -e 'Sanitizer' "$dl_tmp/w.err")"
fi
done_testing
