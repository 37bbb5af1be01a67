#!/bin/sh
# fuzz.sh - build the libFuzzer targets with clang and fuzz each one.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  time per target (default 60)
#   TARGET   cgi_params decode query read_html read_jsonl read_text tokenize
#            (default: all)
# Environment: FUZZ_BUILD (build directory, default /tmp/dateline-fuzz),
# FUZZ_JOBS (parallel fuzzing processes per target, default 1),
# FUZZ_FLAGS (extra libFuzzer flags).
#
# The build is a separate out-of-tree configure (--enable-fuzzing, CC=clang)
# so it never disturbs the normal one.  Each target starts from its seed
# corpus (tests/fuzz/seeds/<target>) plus what earlier runs learned (kept
# in the build directory, not in the repository); every crash, leak or
# timeout input is copied into tests/fuzz/regress/<target>/, where make
# check replays it from then on.  The last line per target gives the
# executions and the number of findings; the exit status is 1 when any
# target found something.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-cgi_params decode query read_html read_jsonl read_text tokenize}
build=${FUZZ_BUILD:-/tmp/dateline-fuzz}
jobs=${FUZZ_JOBS:-1}

command -v clang >/dev/null 2>&1 || { echo "fuzz.sh: clang not found" >&2; exit 2; }
[ -x "$here/configure" ] || (cd "$here" && autoreconf -fi) || exit 2
mkdir -p "$build" || exit 2
cd "$build" || exit 2
if [ ! -f Makefile ]; then
    CC=clang CXX=clang++ "$here/configure" -q --enable-fuzzing ||
        { echo "fuzz.sh: configure failed" >&2; exit 2; }
fi
progs=
for t in $targets; do progs="$progs tests/fuzz/fuzz_$t"; done
# shellcheck disable=SC2086
make -j2 $progs >make.log 2>&1 || { tail -n 30 make.log >&2; exit 2; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp

found=0
for t in $targets; do
    corpus=$build/corpus/$t
    art=$build/artifacts/$t/
    mkdir -p "$corpus" "$art"
    rm -f "$art"*
    seeds=$here/tests/fuzz/seeds/$t
    log=$build/fuzz-$t.log
    if [ "$jobs" -gt 1 ]; then
        par="-jobs=$jobs -workers=$jobs"
    else
        par=
    fi
    # shellcheck disable=SC2086
    "tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$art" $par ${FUZZ_FLAGS:-} \
        "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    [ "$jobs" -gt 1 ] && cat fuzz-[0-9]*.log >>"$log" 2>/dev/null &&
        rm -f fuzz-[0-9]*.log
    execs=$(awk '/stat::number_of_executed_units/ { s += $2 } END { print s + 0 }' "$log")
    n=0
    for f in "$art"crash-* "$art"leak-* "$art"timeout-* "$art"oom-*; do
        [ -f "$f" ] || continue
        mkdir -p "$here/tests/fuzz/regress/$t"
        cp "$f" "$here/tests/fuzz/regress/$t/"
        n=$((n + 1))
    done
    echo "fuzz_$t: $execs executions in ${secs}s, $n finding(s), exit $rc (log: $log)"
    [ "$n" -gt 0 ] && found=1
    [ "$rc" -ne 0 ] && [ "$n" -eq 0 ] && found=1
done
exit $found
