#!/bin/sh
# fuzz_regress.sh - every fuzz target replays its seeds and every saved
# crash input (tests/fuzz/seeds/<target>/, tests/fuzz/regress/<target>/)
# under the ordinary build, so a bug once found by fuzzing stays fixed.
# Each target is one process over all its files: a crash, a sanitizer
# report, a leak or a broken invariant fails it.
. "$top_srcdir/tests/integ/lib.sh"

targets="cgi_params decode query read_html read_jsonl read_text tokenize"
fuzzdir=$top_srcdir/tests/fuzz

for t in $targets; do
    prog=$top_builddir/tests/fuzz/fuzz_$t
    if [ ! -x "$prog" ]; then
        fail "$t: $prog is not built"
        continue
    fi
    list=$dl_tmp/$t.list
    : >"$list"
    for d in "$fuzzdir/seeds/$t" "$fuzzdir/regress/$t"; do
        [ -d "$d" ] || continue
        find "$d" -type f ! -name 'README*' ! -name '.*' | LC_ALL=C sort >>"$list"
    done
    n=$(wc -l <"$list")
    if [ "$n" -eq 0 ]; then
        fail "$t: no seed or regression input"
        continue
    fi
    # File names hold no spaces (seeds are named by us, crashes by hash).
    # shellcheck disable=SC2046
    if "$prog" $(cat "$list") >"$dl_tmp/$t.out" 2>&1; then
        pass "$t: $n inputs replay cleanly"
    else
        fail "$t: replay failed"
        tail -n 40 "$dl_tmp/$t.out" >&2
    fi
done

done_testing
