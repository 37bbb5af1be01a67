#!/bin/sh
# man_pages.sh - every manual page in docs/ renders without a warning, and
# its OPTIONS section describes exactly the long options that its program's
# --help lists, so the page and the program cannot drift apart.  Pages of
# programs without a --help (the CGI) are only rendered.
. "$top_srcdir/tests/integ/lib.sh"
LC_ALL=C # sort and comm alike; groff is told the pages' encoding
export LC_ALL

command -v groff >/dev/null 2>&1 ||
    skip "groff is not installed (Debian: groff-base)"

n=0
for page in "$top_srcdir"/docs/*.[1-8]; do
    [ -f "$page" ] || continue
    n=$((n + 1))
    name=$(basename "$page")
    # -ww: every warning; -K utf8: the page's own encoding; -z: no output.
    if groff -man -ww -z -K utf8 "$page" >"$dl_tmp/groff.err" 2>&1 &&
        [ ! -s "$dl_tmp/groff.err" ]; then
        pass "$name renders without warnings"
    else
        fail "$name: groff says: $(head -5 "$dl_tmp/groff.err")"
    fi

    prog="$top_builddir/${name%.[1-8]}"
    [ -x "$prog" ] || continue
    "$prog" --help </dev/null >"$dl_tmp/help" 2>&1 || true
    if ! head -1 "$dl_tmp/help" | grep -qi '^usage:'; then
        pass "$name: ${name%.[1-8]} has no --help to compare"
        continue
    fi
    # The options the page describes: the tags (the line after .TP) of
    # its OPTIONS section, hyphens unescaped (\-\-db).
    sed 's/\\-/-/g' "$page" | awk '
        /^\.SH/ { in_opts = ($2 == "OPTIONS") }
        in_opts && tag { print }
        { tag = in_opts && /^\.TP/ }' |
        grep -o -- '--[a-z][a-z0-9-]*' | sort -u >"$dl_tmp/page.opts"
    grep -o -- '--[a-z][a-z0-9-]*' "$dl_tmp/help" | sort -u >"$dl_tmp/help.opts"
    [ -s "$dl_tmp/help.opts" ] || fail "$name: no long option in --help"
    undocumented=$(comm -23 "$dl_tmp/help.opts" "$dl_tmp/page.opts")
    stale=$(comm -13 "$dl_tmp/help.opts" "$dl_tmp/page.opts")
    if [ -z "$undocumented$stale" ]; then
        pass "$name describes exactly the options of --help:" \
            $(cat "$dl_tmp/help.opts")
    else
        fail "$name: OPTIONS lacks" $undocumented "and describes" $stale \
            "that --help does not list"
    fi
done
[ "$n" -ge 2 ] || fail "expected the manual pages in docs/, found $n"
done_testing
