#!/bin/sh
# run.sh - Dateline beside its peers on the same files, in one run.
#
# usage: bench/run.sh [CORPUS_DIR]
#   env: BUILD=/tmp/build-bench-rel  release build holding dateline-index,
#                                    dateline-search and the .a libraries;
#                                    the report says how it is linked
#        RUNS=3          indexing runs per tool (medians, min-max as noise)
#        SCALES="1 10"   corpus sizes (x the base corpus; 40 when asked)
#        SCALE_RUNS=$RUNS indexing runs at the sizes above 1
#        SCALE_TOOLS="dateline omindex swish-e fts5 floor"  tools measured at
#                         the sizes above 1 (the floor's single commit needs
#                         hours at x10 on 2 cores; leave it out to save them)
#        CLIREPS=10      per-process repetitions of each query
#        QREPS=50        in-process repetitions of the query mix
#        JOBS=           dateline-index --jobs (default: its own)
#        CGI=1           run bench/cgi-wrk.sh when present (0: skip)
#        CGI_SECS=10     its wrk duration per server
#        RELEVANCE=1     run bench/cisi.sh when CISI is there (0: skip)
#        BYTES=1         run bench/index-bytes.py on the x1 index (0: skip)
#        EXTRACT=1       run bench/extract-eval.py when the article-extraction
#                        corpus is there (0: skip)
#        KEEP=0          1: keep the work directory
#
# Measures, for Dateline, omindex (Xapian Omega), swish-e, SQLite FTS5
# (bench/fts5-load.py) and the Xapian floor (bench/xapian-floor.cc):
# indexing wall and CPU seconds and peak RSS (/usr/bin/time), docs/s, MB/s
# and index size (du -sb), then a second, incremental run over the
# unchanged tree (Dateline, omindex); per-process query latency with the
# CLIs (bench/qmix.py) and in-process latency (bench/dl-qbench.c against the
# floor's own loop) over bench/queries.txt; the same indexing figures on
# grown corpora (bench/gen-corpus.py); the CGI figures of
# bench/cgi-wrk.sh; relevance on CISI (bench/cisi.sh); and main-text
# extraction on the article-extraction pages (bench/extract-eval.py).  Runs are
# interleaved tool by tool so load from elsewhere falls on every tool alike.  Writes bench/results/REPORT.md,
# bench/results/chart.svg and the raw tables under bench/results/raw/.
#
# The default corpus is Reuters-21578 (../shared/corpora/reuters21578/txt),
# copied unchanged into a YYYY/MM/DD/ tree from its dates; without it, a
# corpus grown from corpus/ (3000 articles).  A CORPUS_DIR given is used
# as it is (plain .txt files: the peers are run as text indexers).
# Not a test: `make check` never runs it.  Peers: bench/install-peers.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
BUILD=${BUILD:-/tmp/build-bench-rel}
RUNS=${RUNS:-3}
SCALES=${SCALES:-1 10}
SCALE_RUNS=${SCALE_RUNS:-$RUNS}
SCALE_TOOLS=${SCALE_TOOLS:-dateline omindex swish-e fts5 floor}
CLIREPS=${CLIREPS:-10}
QREPS=${QREPS:-50}
JOBS=${JOBS:-}
CGI=${CGI:-1}
CGI_SECS=${CGI_SECS:-10}
RELEVANCE=${RELEVANCE:-1}
BYTES=${BYTES:-1}
EXTRACT=${EXTRACT:-1}
KEEP=${KEEP:-0}
results=$here/results

say() {
    printf '%s [bench] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

for tool in omindex quest swish-e sqlite3 python3 g++ pkg-config du; do
    command -v "$tool" >/dev/null ||
        { echo "run.sh: needs $tool (bench/install-peers.sh)" >&2; exit 1; }
done
# python3-xapian is Debian's binding, for Debian's python3 (not another
# python3 that may come first in PATH, such as pyenv's).
debian_python=/usr/bin/python3
if [ "$BYTES" = 1 ] && ! $debian_python -c 'import xapian' 2>/dev/null
then
    echo "run.sh: needs python3-xapian for bench/index-bytes.py" \
        "(bench/install-peers.sh; BYTES=0 skips it)" >&2
    exit 1
fi
# The CGI figures come last: ask cgi-wrk.sh for its tools now rather than
# lose them after the long indexing runs.
if [ "$CGI" = 1 ] && [ -f "$here/cgi-wrk.sh" ] &&
    ! sh "$here/cgi-wrk.sh" -n; then
    echo "run.sh: bench/cgi-wrk.sh cannot run" \
        "(bench/install-peers.sh; CGI=0 skips it)" >&2
    exit 1
fi
[ -x /usr/bin/time ] || { echo "run.sh: needs /usr/bin/time" >&2; exit 1; }
for f in dateline-index dateline-search searcher/libdlsearch.a \
    indexer/libdlindex.a common/libdlxapian.a common/libdlcommon.a; do
    [ -e "$BUILD/$f" ] || {
        echo "run.sh: $BUILD/$f missing; build a release copy, linked" \
            "as the CGI is deployed (docs/web.md):" >&2
        echo "  $top/scripts/build-static-xapian.sh /tmp/xapian-static &&" \
            "mkdir -p $BUILD && cd $BUILD && $top/configure -q" \
            "CFLAGS='-O2 -g' CXXFLAGS='-O2 -g'" \
            "--with-static-xapian=/tmp/xapian-static && make -j2" >&2
        exit 1
    }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/dl-bench-XXXXXX")
cleanup() {
    if [ "$KEEP" = 1 ]; then
        say "work directory kept: $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/bin" "$work/raw" "$results/raw"

# ---- the two C/C++ helpers, with the release build's flags
say "building xapian-floor and dl-qbench"
g++ -O2 -g -std=c++17 -o "$work/bin/xapian-floor" "$here/xapian-floor.cc" \
    $(pkg-config --cflags --libs xapian-core)
gcc -O2 -g -std=gnu11 -I"$BUILD" -I"$top/common" -I"$top/searcher" \
    -I"$top/indexer" -c -o "$work/bin/dl-qbench.o" "$here/dl-qbench.c"
g++ -O2 -g -o "$work/bin/dl-qbench" "$work/bin/dl-qbench.o" \
    "$BUILD/searcher/libdlsearch.a" "$BUILD/indexer/libdlindex.a" \
    "$BUILD/common/libdlxapian.a" "$BUILD/common/libdlcommon.a" \
    $(pkg-config --libs xapian-core libutf8proc uchardet zlib jansson) -lm

# ---- the base corpus
corpora=$top/../shared/corpora
if [ $# -ge 1 ]; then
    base=$(cd "$1" && pwd)
    corpus_name=$base
elif [ -d "$corpora/reuters21578/txt" ] &&
    [ -f "$corpora/reuters21578/reuters.jsonl" ]; then
    say "staging Reuters-21578 by date"
    python3 "$here/gen-corpus.py" stage "$corpora/reuters21578/txt" \
        "$corpora/reuters21578/reuters.jsonl" "$work/c1"
    base=$work/c1
    corpus_name="Reuters-21578 (txt, laid out by date)"
else
    say "no Reuters; growing a corpus from corpus/"
    python3 "$here/gen-corpus.py" grow "$top/corpus" "$work/c1" 1 \
        --seed 1 --base 3000
    base=$work/c1
    corpus_name="generated from corpus/ (3000 articles)"
fi

# One timed run: tool phase scale run DB CMD...; appends a line to
# raw/index.tsv: scale tool phase run wall user sys maxrss_kb size_bytes
# load (the 1-minute load average just after).
timed() {
    t_tool=$1 t_phase=$2 t_scale=$3 t_run=$4 t_db=$5
    shift 5
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.out" "$@" \
        >"$work/tool.out" 2>&1 || {
        # Noted and left out of the medians; the run goes on.
        say "$t_tool $t_phase x$t_scale run $t_run FAILED:"
        tail -5 "$work/tool.out" >&2
        echo "$t_scale	$t_tool	$t_phase	$t_run" >>"$work/raw/failed.tsv"
        return 0
    }
    size=$(du -sbc $t_db | tail -1 | cut -f1)
    set -- $(tail -1 "$work/time.out")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t_scale" "$t_tool" \
        "$t_phase" "$t_run" "$1" "$2" "$3" "$4" "$size" \
        "$(cut -d' ' -f1 /proc/loadavg)" >>"$work/raw/index.tsv"
    say "  $t_tool $t_phase x$t_scale run $t_run: ${1}s wall," \
        "$(echo "$2 $3" | awk '{ print $1 + $2 }')s cpu, ${4} KB," \
        "$size bytes"
}

jobs_opt=
[ -n "$JOBS" ] && jobs_opt="--jobs $JOBS"

# index_all SCALE DIR N: N fresh runs of every tool (interleaved), then
# N incremental runs of the two that have one.  Leaves the databases
# of the last run in $work/db.
# want TOOL SCALE: whether TOOL is measured at SCALE (SCALE_TOOLS limits the
# larger corpora; the base corpus always runs every tool).
want() {
    [ "$2" = 1 ] && return 0
    case " $SCALE_TOOLS " in *" $1 "*) return 0 ;; esac
    return 1
}

index_all() {
    s=$1 dir=$2 n=$3
    python3 - "$dir" "$s" >>"$work/raw/corpus.tsv" <<'PY'
import os, sys
n = b = 0
for root, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith((".txt", ".text")):
            n += 1
            b += os.path.getsize(os.path.join(root, f))
print("%s\t%d\t%d" % (sys.argv[2], n, b))
PY
    cat >"$work/swish.conf" <<CONF
IndexDir $dir
IndexFile $work/db/swish.idx
IndexOnly .txt .text
IndexContents TXT2 .txt .text
CONF
    r=1
    while [ "$r" -le "$n" ]; do
        rm -rf "$work/db"
        mkdir -p "$work/db"
        sync
        want dateline "$s" &&
            timed dateline index "$s" "$r" "$work/db/dl.db" \
            "$BUILD/dateline-index" --quiet $jobs_opt --db "$work/db/dl.db" \
            "$dir"
        want omindex "$s" &&
            timed omindex index "$s" "$r" "$work/db/omega.db" \
            omindex --db "$work/db/omega.db" --url / "$dir"
        want swish-e "$s" &&
            timed swish-e index "$s" "$r" "$work/db/swish.idx*" \
            swish-e -c "$work/swish.conf"
        want fts5 "$s" &&
            timed fts5 index "$s" "$r" "$work/db/fts5.db" \
            python3 "$here/fts5-load.py" "$work/db/fts5.db" "$dir"
        want floor "$s" &&
            timed floor index "$s" "$r" "$work/db/floor.db" \
            "$work/bin/xapian-floor" index "$work/db/floor.db" "$dir"
        r=$((r + 1))
    done
    r=1
    while [ "$r" -le "$n" ]; do
        want dateline "$s" &&
            timed dateline incremental "$s" "$r" "$work/db/dl.db" \
            "$BUILD/dateline-index" --quiet $jobs_opt --db "$work/db/dl.db" \
            "$dir"
        want omindex "$s" &&
            timed omindex incremental "$s" "$r" "$work/db/omega.db" \
            omindex --db "$work/db/omega.db" --url / "$dir"
        r=$((r + 1))
    done
}

: >"$work/raw/index.tsv"
: >"$work/raw/corpus.tsv"
{
    echo "corpus	$corpus_name"
    echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu	$(nproc) x $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
    echo "mem	$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
    echo "load_start	$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "xapian	$(pkg-config --modversion xapian-core)"
    if readelf -lW "$BUILD/dateline-search" 2>/dev/null | grep -q INTERP; then
        echo "dateline_link	shared libxapian and libstdc++ (Debian's)"
    else
        echo "dateline_link	static PIE (--with-static-xapian)"
    fi
    echo "omindex	$(omindex --version | head -1)"
    echo "swish-e	$(swish-e -V 2>&1 | head -1)"
    echo "sqlite	$(sqlite3 --version | cut -d' ' -f1)"
    echo "runs	$RUNS"
    echo "scales	$SCALES"
    echo "scale_runs	$SCALE_RUNS"
    echo "clireps	$CLIREPS"
    echo "qreps	$QREPS"
    echo "jobs	${JOBS:-default}"
} >"$work/raw/meta.tsv"

# ---- scale 1: indexing, then the queries on its databases
say "indexing x1 ($base)"
index_all 1 "$base" "$RUNS"
mv "$work/db" "$work/db1"   # kept for the queries

say "per-process queries ($CLIREPS repetitions)"
python3 "$here/qmix.py" mix "$here/queries.txt" "$work"
python3 "$here/qmix.py" cli "$here/queries.txt" "$CLIREPS" \
    "$work/raw/cli.tsv" --dateline "$BUILD/dateline-search" "$work/db1/dl.db" \
    --quest "$work/db1/omega.db" --swish "$work/db1/swish.idx" \
    --fts5 "$work/db1/fts5.db"

say "in-process queries ($QREPS repetitions)"
# The target pair, Dateline's raw top-10 and the floor's, takes turns in
# five rounds of a fifth of the repetitions each, so a slow spell of this
# shared machine falls on both rather than on whichever ran then.
: >"$work/raw/inproc-dateline-raw.tsv"
: >"$work/raw/inproc-floor.tsv"
round_reps=$(( (QREPS + 4) / 5 ))
for round in 1 2 3 4 5; do
    "$work/bin/dl-qbench" "$work/db1/dl.db" "$work/mix-dl.tsv" \
        "$round_reps" raw >>"$work/raw/inproc-dateline-raw.tsv"
    "$work/bin/xapian-floor" query "$work/db1/floor.db" \
        "$work/mix-floor.tsv" "$round_reps" >>"$work/raw/inproc-floor.tsv"
done
for mode in collapse cli full; do
    "$work/bin/dl-qbench" "$work/db1/dl.db" "$work/mix-dl.tsv" "$QREPS" \
        "$mode" >"$work/raw/inproc-dateline-$mode.tsv"
done
cp "$work/mix-dl.tsv" "$work/mix-floor.tsv" "$work/raw/"

# ---- larger corpora, grown from the base
for s in $SCALES; do
    [ "$s" = 1 ] && continue
    say "growing a x$s corpus"
    rm -rf "$work/db"
    python3 "$here/gen-corpus.py" grow "$base" "$work/c$s" "$s" --seed "$s"
    say "indexing x$s"
    index_all "$s" "$work/c$s" "$SCALE_RUNS"
    rm -rf "$work/c$s"
done
rm -rf "$work/db"

# ---- CGI: bench/cgi-wrk.sh (the CGI work's script, run as it is) indexes
# the base corpus itself and measures the three servers one after another,
# then xapian-floor as a CGI: the least any Xapian-based page costs.
: >"$work/raw/cgi.txt"
if [ "$CGI" = 1 ] && [ -f "$here/cgi-wrk.sh" ]; then
    say "CGI: bench/cgi-wrk.sh"
    sh "$here/cgi-wrk.sh" -b "$BUILD" -d "$CGI_SECS" \
        -f "$work/bin/xapian-floor" "$base" \
        >"$work/raw/cgi.txt" 2>"$work/raw/cgi.err" ||
        echo "(bench/cgi-wrk.sh exited with status $?)" >>"$work/raw/cgi.txt"
fi

# ---- Relevance: bench/cisi.sh on the CISI collection when it is there
# (exit 77: not there; the report then says it was not run).
: >"$work/raw/cisi.txt"
if [ "$RELEVANCE" = 1 ]; then
    say "relevance: bench/cisi.sh"
    rc=0
    sh "$here/cisi.sh" "$BUILD" >"$work/raw/cisi.txt" \
        2>"$work/raw/cisi.err" || rc=$?
    case $rc in
    0) ;;
    77) echo "(skipped: the CISI collection is not in ../shared/corpora)" \
        >"$work/raw/cisi.txt" ;;
    *) echo "(bench/cisi.sh exited with status $rc)" >>"$work/raw/cisi.txt" ;;
    esac
fi

# ---- Main-text extraction: bench/extract-eval.py scores the text Dateline
# stores for the article-extraction benchmark's 181 pages (exit 77: the
# corpus is not there; the report then says it was not run).
: >"$work/raw/extract.txt"
if [ "$EXTRACT" = 1 ]; then
    say "main-text extraction: bench/extract-eval.py"
    rc=0
    $debian_python "$here/extract-eval.py" --build "$BUILD" \
        --tsv "$work/raw/extract.tsv" >"$work/raw/extract.txt" \
        2>"$work/raw/extract.err" || rc=$?
    case $rc in
    0) ;;
    77) echo "(skipped: the article-extraction corpus is not in" \
        "../shared/corpora)" >"$work/raw/extract.txt" ;;
    *) echo "(bench/extract-eval.py exited with status $rc)" \
        >>"$work/raw/extract.txt" ;;
    esac
fi

# ---- Where the x1 index's bytes go: bench/index-bytes.py rewrites it
# without one component at a time (last, as it keeps both cores busy).
if [ "$BYTES" = 1 ]; then
    say "index size by component: bench/index-bytes.py"
    floor_opt=
    [ -d "$work/db1/floor.db" ] && floor_opt="--floor $work/db1/floor.db"
    $debian_python "$here/index-bytes.py" "$work/db1/dl.db" \
        "$work/raw/index-bytes.tsv" $floor_opt ||
        say "bench/index-bytes.py failed; the report leaves its table out"
fi

echo "load_end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/raw/meta.tsv"
# A new run replaces the old one's tables, failures and notes entirely.
rm -f "$results"/raw/*
cp "$work"/raw/* "$results/raw/"
python3 "$here/report.py" "$results/raw" "$results"
say "wrote $results/REPORT.md and $results/chart.svg"
