#!/bin/sh
# run-tests.sh - run every test: install what the tests need, build out of
# tree with warnings as errors and ASan+UBSan, run `make check`, a short
# fuzzing smoke (scripts/fuzz.sh), then `make distcheck` on the static
# build (--with-static-xapian, libxapian.a built by
# scripts/build-static-xapian.sh), so the whole suite also runs on the
# programs as a CGI deployment links them.  Prints one closing line
# "N passed, N failed".
# Environment: BUILD_DIR (default build-check), SKIP_DISTCHECK=1,
# FUZZ_SMOKE=SECONDS per fuzz target (default 20, 0 to skip),
# XAPIAN_STATIC_DIR (default $BUILD_DIR/xapian-static; kept between runs).
set -u
cd "$(dirname "$0")"
src=$(pwd)
build=${BUILD_DIR:-$src/build-check}

sh scripts/install-deps.sh --test || exit 1
# A tree configured in place would break out-of-tree builds.
if [ -f config.status ]; then
    echo "run-tests.sh: the source tree is configured in place; run" \
        "'make distclean' first" >&2
    exit 1
fi
autoreconf -fi || exit 1
mkdir -p "$build" && cd "$build" || exit 1
"$src/configure" -q --enable-werror --enable-sanitizers || exit 1
make -j"$(nproc)" || exit 1
make -j"$(nproc)" check
check=$?

passed=$(grep -h '^:test-result: PASS' $(find . -name '*.trs') 2>/dev/null | wc -l)
failed=$(grep -h '^:test-result: \(FAIL\|ERROR\|XPASS\)' $(find . -name '*.trs') 2>/dev/null | wc -l)
skipped=$(grep -h '^:test-result: SKIP' $(find . -name '*.trs') 2>/dev/null | wc -l)
if [ "$check" -ne 0 ]; then
    for log in $(grep -l '^:test-result: \(FAIL\|ERROR\)' $(find . -name '*.trs')); do
        echo "==== ${log%.trs}.log"
        tail -n 60 "${log%.trs}.log"
    done
fi

# The static Xapian that distcheck links builds in the background: each
# fuzz target below runs on one core, and this uses the other.
xstatic=${XAPIAN_STATIC_DIR:-$build/xapian-static}
xpid=
if [ "$check" -eq 0 ] && [ "${SKIP_DISTCHECK:-0}" != 1 ]; then
    sh "$src/scripts/build-static-xapian.sh" "$xstatic" \
        >xapian-static.log 2>&1 &
    xpid=$!
fi

# A short fuzzing smoke: every libFuzzer target for FUZZ_SMOKE seconds
# (default 20; 0 skips) in its own clang build under $build/fuzz.
smoke=0
if [ "$check" -eq 0 ] && [ "${FUZZ_SMOKE:-20}" != 0 ]; then
    FUZZ_BUILD=$build/fuzz sh "$src/scripts/fuzz.sh" "${FUZZ_SMOKE:-20}" \
        >"$build/fuzz-smoke.log" 2>&1
    smoke=$?
    cat "$build/fuzz-smoke.log"
    if [ "$smoke" -ne 0 ]; then
        echo "fuzz smoke: FAILED (findings are in tests/fuzz/regress/)"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
        echo "fuzz smoke: ok"
    fi
fi

dist=0
if [ -n "$xpid" ]; then
    if wait "$xpid"; then
        make distcheck \
            DISTCHECK_CONFIGURE_FLAGS="--with-static-xapian=$xstatic" \
            >distcheck.log 2>&1
        dist=$?
        log=distcheck.log
    else
        dist=1
        log=xapian-static.log
    fi
    if [ "$dist" -ne 0 ]; then
        tail -n 80 "$log"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
        echo "distcheck (static build): ok"
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$check" -eq 0 ] && [ "$dist" -eq 0 ] && [ "$smoke" -eq 0 ]
