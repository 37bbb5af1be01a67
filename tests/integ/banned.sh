#!/bin/sh
# banned.sh - none of curl's banned C functions (STYLE.md section 7) in our
# sources: gets sprintf strcat strncpy strtok atoi.  Use snprintf, dl_buf,
# strtol with errno.
. "$top_srcdir/tests/integ/lib.sh"

hits=$(cd "$top_srcdir" &&
    grep -nE '(^|[^_a-zA-Z0-9])(gets|sprintf|strcat|strncpy|strtok|atoi)[[:space:]]*\(' \
        common/*.c common/*.cc common/*.h indexer/*.c indexer/*.h \
        searcher/*.c searcher/*.h tests/unit/*.c tests/fuzz/*.c 2>/dev/null)
if [ -n "$hits" ]; then
    fail "banned functions used:"
    printf '%s\n' "$hits" >&2
else
    pass "no banned function in common/ indexer/ searcher/ tests/"
fi
done_testing
