#!/bin/sh
# setup.sh - on a fresh Debian 12 machine (as root): install the packages,
# build Dateline, index the sample corpus and run a sample search.
set -eu
cd "$(dirname "$0")"

sh scripts/install-deps.sh
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"

./dateline-index --db dateline.db corpus
echo
echo '$ dateline-search --db dateline.db "grain harvest"'
./dateline-search --db dateline.db "grain harvest"
