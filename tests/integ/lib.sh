# lib.sh - shared helpers for the integration scripts (sourced, POSIX sh).
#
# Each script runs from the build directory under `make check`, which
# exports top_srcdir and top_builddir (absolute).  Scripts exit 0 on
# success, 1 on failure, 77 to be counted as skipped.

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"

DL_INDEX="$top_builddir/dateline-index"
DL_SEARCH="$top_builddir/dateline-search"
DL_CGI="$top_builddir/dateline.cgi"
DL_CORPORA="${DL_CORPORA:-$top_srcdir/../shared/corpora}"

dl_failures=0

# A private scratch directory, removed on exit.
dl_tmp=$(mktemp -d "${TMPDIR:-/tmp}/dl-integ-XXXXXX")
trap 'rm -rf "$dl_tmp"' EXIT

fail() {
    echo "FAIL: $*" >&2
    dl_failures=$((dl_failures + 1))
}

pass() {
    echo "ok: $*"
}

# check DESCRIPTION COMMAND...: run COMMAND; pass if it exits 0.
check() {
    desc=$1
    shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}

skip() {
    echo "SKIP: $*"
    exit 77
}

# done_testing: exit with the script's verdict.
done_testing() {
    if [ "$dl_failures" -gt 0 ]; then
        echo "$dl_failures check(s) failed" >&2
        exit 1
    fi
    exit 0
}

# Index corpus/ once per script into $dl_tmp/corpus.db (quietly).
dl_index_corpus() {
    if [ ! -d "$dl_tmp/corpus.db" ]; then
        "$DL_INDEX" --quiet --db "$dl_tmp/corpus.db" "$top_srcdir/corpus" \
            >"$dl_tmp/index.out" 2>"$dl_tmp/index.err" ||
            { cat "$dl_tmp/index.err" >&2; return 1; }
    fi
}

# ---- web server helpers (cgi_*.sh) ----------------------------------------

# dl_lighttpd_start PATH SERVE-ARGS...: scripts/serve-lighttpd.sh with
# SERVE-ARGS on a free 127.0.0.1 port, its state (logs) in
# $dl_tmp/httpd; sets dl_port and dl_httpd (lighttpd's pid: the script
# execs it), stops it on exit, and waits until PATH answers.  Returns 1
# after showing the logs when it never does.
dl_lighttpd_start() {
    dl_wait_path=$1
    shift
    dl_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$top_srcdir/scripts/serve-lighttpd.sh" "$@" --state "$dl_tmp/httpd" \
        "$dl_port" >"$dl_tmp/serve.log" 2>&1 &
    dl_httpd=$!
    trap 'kill $dl_httpd 2>/dev/null; wait $dl_httpd 2>/dev/null; rm -rf "$dl_tmp"' EXIT
    dl_n=0
    until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
        "http://127.0.0.1:$dl_port$dl_wait_path" 2>/dev/null; do
        dl_n=$((dl_n + 1))
        if [ $dl_n -gt 50 ]; then
            cat "$dl_tmp/serve.log" "$dl_tmp/httpd/error.log" >&2
            return 1
        fi
        sleep 0.2
    done
}

# ---- indexer helpers (index_*.sh) ----------------------------------------

# dl_need_delve: skip unless Debian's xapian-tools is installed.
dl_need_delve() {
    command -v xapian-delve >/dev/null 2>&1 || skip "xapian-delve not installed"
}

# dl_summary FILE KEY: the number after "KEY:" in a saved index summary.
dl_summary() {
    awk -v k="$2:" '$1 == k { print $2; found = 1 } END { if (!found) print "?" }' "$1"
}

# dl_doccount DB: number of documents.
dl_doccount() {
    xapian-delve "$1" 2>/dev/null | awk -F' = ' '/^number of documents/ { print $2 }'
}

# dl_ids DB: the article ids (Q terms), sorted, one per line.
dl_ids() {
    xapian-delve -A Q -1 "$1" 2>/dev/null | sed -n 's/^Q//p' | LC_ALL=C sort
}

# dl_expected_articles DIR: articles under DIR counted without the indexer:
# one per .txt/.text/.html/.htm file (or .gz of one), one per non-blank
# line of .jsonl/.ndjson files (or .gz of one).  Dot-files are left out.
dl_expected_articles() {
    n_files=$(find "$1" -name '.*' -prune -o -type f \( -name '*.txt' \
        -o -name '*.text' -o -name '*.html' -o -name '*.htm' \
        -o -name '*.txt.gz' -o -name '*.text.gz' -o -name '*.html.gz' \
        -o -name '*.htm.gz' \) -print | wc -l)
    n_lines=0
    for f in $(find "$1" -name '.*' -prune -o -type f \( -name '*.jsonl' \
        -o -name '*.ndjson' -o -name '*.jsonl.gz' -o -name '*.ndjson.gz' \) \
        -print); do
        case $f in
        *.gz) k=$(gzip -dc "$f" | grep -c '[^[:space:]]') ;;
        *) k=$(grep -c '[^[:space:]]' "$f") ;;
        esac
        n_lines=$((n_lines + k))
    done
    echo $((n_files + n_lines))
}

# dl_gen_tree DIR COPIES: a tree of COPIES directories of the corpus's
# plain-text articles under new names (for runs long enough to interrupt).
dl_gen_tree() {
    i=0
    while [ "$i" -lt "$2" ]; do
        d=$(printf '%s/d%03d' "$1" "$i")
        mkdir -p "$d"
        j=0
        for f in $(find "$top_srcdir/corpus" -name '*.txt' | LC_ALL=C sort); do
            cp "$f" "$d/a$j.txt"
            j=$((j + 1))
        done
        i=$((i + 1))
    done
    chmod -R u+w "$1" # copies of a read-only (distcheck) source tree
}

# ---- a run provably in its middle (index_interrupt.sh, index_lock.sh...) --

# dl_ended PID: has the process ended (gone, or a zombie not waited for)?
dl_ended() {
    [ -r "/proc/$1/stat" ] || return 0
    case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) in
    Z | X | '') return 0 ;;
    esac
    return 1
}

# dl_start_paused N PAUSEFILE OUT ERR COMMAND...: start COMMAND (an indexer
# run) in the background ($dl_pid), its output in OUT and ERR, with the
# test hook DL_TEST_PAUSE_AFTER_FILES=N (indexer/pipeline.h): once its
# walk has handed N files to its workers it creates PAUSEFILE and waits,
# holding the write lock with its walk unfinished, until PAUSEFILE is
# removed or it is signalled.  Returns once it has paused, so a signal or a
# second indexer meets a run that is certainly in its middle, never one
# that has already ended.  Status 1 (and a failure) if the run ended first
# or did not pause within a minute.
dl_start_paused() {
    dl_n=$1
    dl_pause=$2
    dl_out=$3
    dl_err=$4
    shift 4
    rm -f "$dl_pause"
    DL_TEST_PAUSE_AFTER_FILES=$dl_n DL_TEST_PAUSE_FILE=$dl_pause \
        "$@" >"$dl_out" 2>"$dl_err" &
    dl_pid=$!
    dl_wait_paused "$dl_pid" "$dl_pause" && return 0
    fail "the run did not pause after $dl_n files: $(tail -n 3 "$dl_err")"
    return 1
}

# dl_wait_paused PID PAUSE_FILE: wait until the run PID (started with a
# DL_TEST_PAUSE_* hook and DL_TEST_PAUSE_FILE=PAUSE_FILE) has paused, that
# is until it creates PAUSE_FILE.  Status 1 if it ended first or did not
# pause within a minute.
dl_wait_paused() {
    dl_tries=0
    while [ ! -e "$2" ]; do
        dl_ended "$1" && return 1
        [ "$dl_tries" -ge 6000 ] && return 1
        dl_tries=$((dl_tries + 1))
        sleep 0.01
    done
    return 0
}
