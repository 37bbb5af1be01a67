#!/bin/sh
# serve-shards.sh - serve each shard of a Dateline index with xapian-tcpsrv.
#
#   serve-shards.sh start INDEX STUB [BASE_PORT]
#   serve-shards.sh stop STUB
#   serve-shards.sh status STUB
#
# start: INDEX is a sharded index (a directory with an XAPIANDB stub
# listing "auto NAME" shards, as `dateline-index --shards N` writes) or a
# single database.  One xapian-tcpsrv per shard listens on 127.0.0.1, port
# BASE_PORT + i (default BASE_PORT 33400), and STUB is written as a Xapian
# stub file of "remote 127.0.0.1:PORT" lines: give it to the searcher
# (dateline-search --db STUB, DATELINE_DB=STUB for the CGI).  The servers'
# pids go to STUB.pids and their logs to STUB.log.N.  start returns once
# every server listens, or fails (stopping those it started) after 10 s.
#
# Each server runs in its own session (setsid): xapian-tcpsrv answers
# SIGTERM by signalling its whole process group, which would otherwise take
# the calling shell down with it.
#
# stop: SIGTERM to each server in STUB.pids (each then ends its own
# connection children), then removes STUB and STUB.pids.
#
# Environment: XAPIAN_TCPSRV (default xapian-tcpsrv), DL_SHARD_HOST
# (default 127.0.0.1; the address to listen on and to write in the stub),
# DL_SHARD_TIMEOUT_MS (server idle/active timeout, default: the server's).
# See docs/shards.md for shards on separate machines.

set -eu

TCPSRV=${XAPIAN_TCPSRV:-xapian-tcpsrv}
HOST=${DL_SHARD_HOST:-127.0.0.1}

usage() {
    echo "usage: $0 start INDEX STUB [BASE_PORT] | stop STUB | status STUB" >&2
    exit 2
}

# The shard directories of INDEX, one per line.
shards_of() {
    if [ -f "$1/XAPIANDB" ]; then
        sed -n 's/^auto  *//p' "$1/XAPIANDB" | while IFS= read -r name; do
            case $name in
            /*) echo "$name" ;;
            *) echo "$1/$name" ;;
            esac
        done
    else
        echo "$1"
    fi
}

do_stop() {
    stub=$1
    [ -f "$stub.pids" ] || { echo "$0: $stub.pids: no servers" >&2; return 1; }
    while read -r pid; do
        # Only our own servers: the pid must still be an xapian-tcpsrv.
        if [ -r "/proc/$pid/comm" ] &&
            grep -q tcpsrv "/proc/$pid/comm" 2>/dev/null; then
            kill "$pid" 2>/dev/null || :
        fi
    done <"$stub.pids"
    rm -f "$stub" "$stub.pids"
}

do_status() {
    stub=$1
    [ -f "$stub.pids" ] || { echo "no servers"; return 1; }
    st=0
    i=0
    while read -r pid; do
        if kill -0 "$pid" 2>/dev/null; then
            echo "shard $i: pid $pid running"
        else
            echo "shard $i: pid $pid DOWN"
            st=1
        fi
        i=$((i + 1))
    done <"$stub.pids"
    return $st
}

do_start() {
    index=$1
    stub=$2
    port=${3:-33400}
    command -v "$TCPSRV" >/dev/null 2>&1 ||
        { echo "$0: $TCPSRV not found (Debian: xapian-tools)" >&2; return 1; }
    [ -e "$index" ] || { echo "$0: $index: no such index" >&2; return 1; }
    [ ! -f "$stub.pids" ] ||
        { echo "$0: $stub.pids exists: stop first" >&2; return 1; }
    : >"$stub.pids"
    lines=
    i=0
    for dir in $(shards_of "$index"); do
        set -- --interface "$HOST" --port "$port"
        if [ -n "${DL_SHARD_TIMEOUT_MS:-}" ]; then
            set -- "$@" --timeout "$DL_SHARD_TIMEOUT_MS"
        fi
        setsid "$TCPSRV" "$@" "$dir" >"$stub.log.$i" 2>&1 </dev/null &
        echo $! >>"$stub.pids"
        lines="${lines}remote $HOST:$port
"
        i=$((i + 1))
        port=$((port + 1))
    done
    # Wait for every server's "Listening..." line (it prints it once bound).
    tries=0
    while :; do
        ready=0
        j=0
        while [ $j -lt $i ]; do
            if grep -q Listening "$stub.log.$j" 2>/dev/null; then
                ready=$((ready + 1))
            fi
            j=$((j + 1))
        done
        [ $ready -lt $i ] || break
        tries=$((tries + 1))
        if [ $tries -gt 100 ]; then
            echo "$0: servers did not start:" >&2
            cat "$stub".log.* >&2
            do_stop "$stub" || :
            return 1
        fi
        sleep 0.1
    done
    {
        echo "# Xapian stub database: remote shards (scripts/serve-shards.sh)"
        printf '%s' "$lines"
    } >"$stub.tmp"
    mv "$stub.tmp" "$stub"
    echo "$i shard(s) served; stub: $stub"
}

[ $# -ge 2 ] || usage
cmd=$1
shift
case $cmd in
start)
    [ $# -ge 2 ] || usage
    do_start "$@"
    ;;
stop) do_stop "$1" ;;
status) do_status "$1" ;;
*) usage ;;
esac
