#!/bin/sh
# setup.sh - on a fresh Debian 12 machine (as root): install the packages,
# build Dateline (out of tree, in build/), index the sample corpus into
# dateline.db and run a sample search.  Re-running it is cheap: the build
# and the index are incremental.
set -eu
cd "$(dirname "$0")"
src=$(pwd)

sh scripts/install-deps.sh
[ -x configure ] || autoreconf -fi
mkdir -p build
cd build
[ -f Makefile ] || "$src/configure" -q
make -j"$(nproc)"
cd "$src"

build/dateline-index --db dateline.db corpus
echo
echo '$ build/dateline-search --db dateline.db "grain harvest"'
build/dateline-search --db dateline.db "grain harvest"
echo
echo "The web page: scripts/serve-lighttpd.sh --db $src/dateline.db 8080" \
    "(then http://127.0.0.1:8080/)"
