#!/bin/sh
# setup.sh - on a fresh Debian 12 machine (as root): install the packages,
# build Dateline (out of tree, in build/), index the sample corpus into
# dateline.db and run a sample search.  Re-running it is cheap: the build
# and the index are incremental.
#
# usage: ./setup.sh [--static]
#   --static  link the programs as static PIEs against a libxapian.a built
#             from Debian's xapian-core source (scripts/build-static-xapian.sh,
#             about 4 more minutes): each search process starts in half the
#             time, what a CGI deployment wants (docs/web.md).  Switching
#             between the two reconfigures build/.
set -eu
cd "$(dirname "$0")"
src=$(pwd)

static=
case "${1:-}" in
"") ;;
--static) static=yes ;;
*) sed -n '7,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac

sh scripts/install-deps.sh
[ -x configure ] || autoreconf -fi
mkdir -p build
cd build
if [ -n "$static" ]; then
    sh "$src/scripts/build-static-xapian.sh" "$src/build/xapian-static"
    want="--with-static-xapian=$src/build/xapian-static"
else
    want=
fi
# Reconfigure when the link mode asked for is not the one configured, and
# rebuild from clean then: make does not relink for a changed Makefile.
if [ -f Makefile ] &&
    ! grep -qx "STATIC_PROG_LDFLAGS = ${static:+-static-pie}" Makefile; then
    make clean >/dev/null
    rm -f Makefile
fi
if [ ! -f Makefile ]; then
    # shellcheck disable=SC2086
    "$src/configure" -q $want
fi
make -j"$(nproc)"
cd "$src"

build/dateline-index --db dateline.db corpus
echo
echo '$ build/dateline-search --db dateline.db "grain harvest"'
build/dateline-search --db dateline.db "grain harvest"
echo
echo "The web page: scripts/serve-lighttpd.sh --db $src/dateline.db 8080" \
    "(then http://127.0.0.1:8080/)"
