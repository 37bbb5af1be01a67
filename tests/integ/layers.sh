#!/bin/sh
# layers.sh - the house's layers (README "Layout"): common/ includes only
# common/ headers, indexer/ and searcher/ only their own and common/'s,
# and neither the other's; C++ only in common/.  Makefile.am's include
# paths make a stray include fail the build; this says which file and
# which header, and also checks the sizes issue 24 set (no file of the
# three libraries over 1,000 lines) and that each folder's README.md names
# every header in it.
. "$top_srcdir/tests/integ/lib.sh"

cd "$top_srcdir" || exit 1
bad=
for f in common/*.c common/*.h common/*.cc indexer/*.c indexer/*.h \
    searcher/*.c searcher/*.h; do
    dir=${f%%/*}
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        [ "$h" = config.h ] && continue
        case $h in dl_wordbreak_table.c) continue ;; esac
        if [ -f "$dir/$h" ]; then continue; fi
        if [ "$dir" != common ] && [ -f "common/$h" ]; then continue; fi
        bad="$bad
$f includes \"$h\", a header of another layer"
    done
done
[ -z "$bad" ] && pass "every include stays within its layer" ||
    fail "includes across layers:$bad"

cxx=$(ls indexer/*.cc indexer/*.cpp searcher/*.cc searcher/*.cpp 2>/dev/null)
[ -z "$cxx" ] && pass "C++ only in common/" || fail "C++ outside common/: $cxx"

# Each folder's README.md is its opening comment: it names every header.
unlisted=
for f in common/*.h indexer/*.h searcher/*.h; do
    grep -q "\`${f#*/}\`" "${f%%/*}/README.md" 2>/dev/null ||
        unlisted="$unlisted $f"
done
[ -z "$unlisted" ] && pass "every header is in its folder's README.md" ||
    fail "headers missing from their folder's README.md:$unlisted"

big=$(wc -l common/*.[ch] common/*.cc indexer/*.[ch] searcher/*.[ch] |
    awk '$2 != "total" && $1 > 1000 { print $2 " (" $1 " lines)" }')
[ -z "$big" ] && pass "no library file over 1,000 lines" ||
    fail "files over 1,000 lines: $big"
done_testing
