#!/bin/sh
# shards.sh - Dateline over 1, 2 and 4 remote shards on loopback.
#
# usage: bench/shards.sh [-b BUILDDIR] [-r REPS] [-d SECONDS] [CORPUS]
#
#   -b BUILDDIR  a release build (no sanitizers) holding dateline-index,
#                dateline-search, dateline.cgi and the .a libraries;
#                default: configure and build one in
#                $TMPDIR/dateline-shards-bench
#   -r REPS      passes over the query mix per configuration (default 20)
#   -d SECONDS   wrk duration per CGI run (default 5)
#   CORPUS       directory to index (default: Reuters-21578 staged by date
#                from ../shared/corpora when present, else 3000 articles
#                grown from corpus/ by bench/gen-corpus.py)
#
# Measures, in one run on the same corpus:
#  - indexing: wall seconds of `dateline-index --full` into one database
#    and with --shards 2 and --shards 4 (same --jobs);
#  - query latency in process: bench/dl-qbench (the libraries, database
#    opened once) over bench/queries.txt, "raw" (parse + top 10) and
#    "full" (snippets, facets, suggestion: the CGI's work), p50/p95/mean in
#    ms, for the single database opened locally and for 1, 2 and 4 shards
#    each served by its own xapian-tcpsrv on 127.0.0.1
#    (scripts/serve-shards.sh), plus the 4 shards opened locally;
#  - CGI throughput when lighttpd, wrk and curl are installed: wrk -t2 -c4
#    on the search page through lighttpd, dateline.cgi as FastCGI (one
#    connection per shard, kept) and as plain CGI (connects per request),
#    over the same configurations.
# Prints one table; the raw TSVs stay in the work directory when KEEP=1.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=
reps=20
secs=5
while getopts b:r:d: opt; do
    case $opt in
    b) build=$OPTARG ;;
    r) reps=$OPTARG ;;
    d) secs=$OPTARG ;;
    *) sed -n '2,30s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

work=$(mktemp -d "${TMPDIR:-/tmp}/dl-shards-bench-XXXXXX")
lpid=
cleanup() {
    for s in "$work"/*.stub; do
        [ -f "$s.pids" ] && sh "$top/scripts/serve-shards.sh" stop "$s" \
            >/dev/null 2>&1
    done
    if [ -n "$lpid" ]; then kill "$lpid" 2>/dev/null || :; fi
    if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { echo "== $*" >&2; }

if [ -z "$build" ]; then
    build=${TMPDIR:-/tmp}/dateline-shards-bench
    mkdir -p "$build"
    say "release build in $build"
    (cd "$build" && { [ -f Makefile ] ||
        "$top/configure" -q CFLAGS='-O2 -g' CXXFLAGS='-O2 -g'; } &&
        make -j2 dateline-index dateline-search dateline.cgi >/dev/null)
fi

say "building dl-qbench"
gcc -O2 -g -std=gnu11 -I"$build" -I"$top/common" -I"$top/searcher" \
    -I"$top/indexer" -c -o "$work/dl-qbench.o" "$here/dl-qbench.c"
g++ -O2 -g -o "$work/dl-qbench" "$work/dl-qbench.o" \
    "$build/searcher/libdlsearch.a" "$build/indexer/libdlindex.a" \
    "$build/common/libdlxapian.a" "$build/common/libdlcommon.a" \
    $(pkg-config --libs xapian-core libutf8proc uchardet zlib jansson) -lm

corpora=$top/../shared/corpora
if [ $# -ge 1 ]; then
    corpus=$(cd "$1" && pwd)
elif [ -d "$corpora/reuters21578/txt" ] &&
    [ -f "$corpora/reuters21578/reuters.jsonl" ]; then
    say "staging Reuters-21578 by date"
    python3 "$here/gen-corpus.py" stage "$corpora/reuters21578/txt" \
        "$corpora/reuters21578/reuters.jsonl" "$work/corpus"
    corpus=$work/corpus
else
    say "growing 3000 articles from corpus/"
    python3 "$here/gen-corpus.py" grow "$top/corpus" "$work/corpus" 1 \
        --seed 1 --base 3000
    corpus=$work/corpus
fi
docs=$(find "$corpus" -type f | wc -l | tr -d ' ')
mb=$(du -sm "$corpus" | cut -f1)

# ---- indexing
index_secs() {
    s0=$(date +%s.%N)
    "$build/dateline-index" --quiet --full "$@" "$corpus" >/dev/null
    s1=$(date +%s.%N)
    echo "$s0 $s1" | awk '{printf "%.2f", $2 - $1}'
}
say "indexing $corpus ($docs files, $mb MB)"
t1=$(index_secs --db "$work/one.db")
t2=$(index_secs --shards 2 --db "$work/s2")
t4=$(index_secs --shards 4 --db "$work/s4")
ndocs=$(xapian-delve "$work/one.db" | sed -n 's/^number of documents = //p')

# ---- serving
port=$((30000 + $$ % 20000))
serve() { # NAME INDEX
    sh "$top/scripts/serve-shards.sh" start "$2" "$work/$1.stub" "$port" \
        >/dev/null
    port=$((port + 10))
}
serve r1 "$work/one.db"
serve r2 "$work/s2"
serve r4 "$work/s4"

python3 "$here/qmix.py" mix "$here/queries.txt" "$work" >/dev/null
# stats FILE: p50 p95 mean of column 2 (ms)
stats() {
    cut -f2 "$1" | sort -g | awk '{v[NR] = $1; s += $1}
        END {i50 = int(NR * 0.50); if (i50 < 1) i50 = 1;
             i95 = int(NR * 0.95); if (i95 < 1) i95 = 1;
             printf "%7.2f %7.2f %7.2f", v[i50], v[i95], s / NR}'
}

echo
echo "corpus: $corpus ($docs files, $mb MB, $ndocs articles)"
echo "indexing (--full, wall s): 1 db $t1   --shards 2 $t2   --shards 4 $t4"
echo
echo "query latency in process, ms over $reps passes of bench/queries.txt"
printf '%-22s %-24s %-24s\n' "configuration" "raw p50/p95/mean" \
    "full p50/p95/mean"
for cfg in "local 1 db:$work/one.db" "local 4 shards:$work/s4" \
    "remote 1 shard:$work/r1.stub" "remote 2 shards:$work/r2.stub" \
    "remote 4 shards:$work/r4.stub"; do
    label=${cfg%%:*}
    db=${cfg#*:}
    for mode in raw full; do
        "$work/dl-qbench" "$db" "$work/mix-dl.tsv" "$reps" "$mode" \
            >"$work/q-$mode.tsv"
    done
    printf '%-22s %-24s %-24s\n' "$label" "$(stats "$work/q-raw.tsv")" \
        "$(stats "$work/q-full.tsv")"
done

# ---- CGI
if command -v wrk >/dev/null 2>&1 && command -v lighttpd >/dev/null 2>&1 &&
    command -v curl >/dev/null 2>&1 && [ -x "$build/dateline.cgi" ]; then
    echo
    echo "CGI throughput: wrk -t2 -c4 -d${secs}s, q=oil price, through lighttpd"
    printf '%-22s %-22s %-22s\n' "configuration" "FastCGI req/s (p99)" \
        "CGI req/s (p99)"
    url="http://127.0.0.1:$port/dateline.cgi?q=oil+price"
    for cfg in "local 1 db:$work/one.db" "remote 1 shard:$work/r1.stub" \
        "remote 2 shards:$work/r2.stub" "remote 4 shards:$work/r4.stub"; do
        label=${cfg%%:*}
        db=${cfg#*:}
        line=
        for flag in --fastcgi ""; do
            mkdir -p "$work/lh"
            # shellcheck disable=SC2086
            "$top/scripts/serve-lighttpd.sh" $flag --cgi "$build/dateline.cgi" \
                --db "$db" --state "$work/lh" "$port" 2>"$work/lh.log" &
            lpid=$!
            n=0
            until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
                n=$((n + 1))
                [ $n -le 100 ] || { cat "$work/lh.log" >&2; exit 1; }
                sleep 0.1
            done
            code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
            wrk -t2 -c4 -d"${secs}s" --latency "$url" >"$work/wrk.txt"
            rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.txt")
            p99=$(sed -n 's/^ *99% *//p' "$work/wrk.txt")
            [ "$code" = 200 ] || rps="$rps(HTTP $code)"
            line="$line$(printf '%-22s ' "$rps ($p99)")"
            kill "$lpid" 2>/dev/null || :
            wait "$lpid" 2>/dev/null || :
            lpid=
            rm -rf "$work/lh"
            sleep 0.5
        done
        printf '%-22s %s\n' "$label" "$line"
    done
fi
