#!/bin/sh
# static_link.sh - a build configured --with-static-xapian links its three
# programs as static PIEs: no dynamic loader (no INTERP program header), no
# shared library (no NEEDED entry), and each one runs.  Skipped in a build
# without it (the other tests run the same programs either way; run-tests.sh
# runs the whole suite on a static build under `make distcheck`).
. "$top_srcdir/tests/integ/lib.sh"

[ -n "${STATIC_PROG_LDFLAGS:-}" ] ||
    skip "not configured --with-static-xapian"
command -v readelf >/dev/null 2>&1 || skip "readelf (binutils) missing"

for prog in "$DL_INDEX" "$DL_SEARCH" "$DL_CGI"; do
    name=$(basename "$prog")
    if readelf -lW "$prog" | grep -q 'INTERP'; then
        fail "$name asks for a dynamic loader: $(readelf -lW "$prog" | grep -A1 INTERP | tail -1)"
    else
        pass "$name has no INTERP header"
    fi
    needed=$(readelf -dW "$prog" | grep 'NEEDED' || true)
    if [ -n "$needed" ]; then
        fail "$name needs shared libraries: $needed"
    else
        pass "$name needs no shared library"
    fi
done

# They run, on the project's corpus: index it, search it, answer as a CGI.
check "static dateline-index indexes corpus/" dl_index_corpus
title="Grain harvest in the north slowed by early rain"
out=$("$DL_SEARCH" --db "$dl_tmp/corpus.db" 'grain harvest' 2>&1)
case $out in
*"$title"*) pass "static dateline-search finds the article" ;;
*) fail "static dateline-search: $(printf '%s' "$out" | head -c 300)" ;;
esac
page=$(DATELINE_DB="$dl_tmp/corpus.db" REQUEST_METHOD=GET \
    QUERY_STRING='q=grain+harvest' "$DL_CGI" 2>&1)
case $page in
*"$title"*) pass "static dateline.cgi answers" ;;
*) fail "static dateline.cgi: $(printf '%s' "$page" | head -c 300)" ;;
esac

done_testing
