#!/bin/sh
# build-static-xapian.sh - build libxapian.a from xapian-core's release
# tarball as Debian 12 ships it (1.4.22, the version of libxapian-dev) and
# install the library and its headers into PREFIX, for
#
#     configure --with-static-xapian=PREFIX
#
# usage: scripts/build-static-xapian.sh PREFIX
#
# Why: Debian ships only the shared libxapian.  A process that loads it and
# libstdc++ spends a third of a short search in the dynamic loader and its
# page faults, the same for every process-per-request search (the CLI, the
# CGI).  Linked as static PIEs, Dateline's programs start without it
# (docs/web.md, bench/README.md give the measurements).
#
# The tarball comes from Debian's archive (the pool keeps every released
# version) and is checked against the SHA-256 in Debian's
# xapian-core_1.4.22-1.dsc before anything is unpacked.  About 4 minutes on
# 2 cores; run again with the same PREFIX, it returns at once.
#
# Environment:
#   XAPIAN_TARBALL  a local copy of xapian-core-1.4.22.tar.xz (any name) to
#                   use instead of downloading it
#   CXXFLAGS        for Xapian's compile (default -O2)
set -eu

version=1.4.22
sha256=05884af00b06702ce486057d62a3bfbe6606cf965ada0f5ea570b328a2fa1ea8
url=http://deb.debian.org/debian/pool/main/x/xapian-core/xapian-core_$version.orig.tar.xz

if [ $# -ne 1 ]; then
    sed -n '2,26s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
mkdir -p "$1"
prefix=$(cd "$1" && pwd)
stamp=$prefix/.xapian-static-$version

if [ -f "$stamp" ] && [ -f "$prefix/lib/libxapian.a" ]; then
    echo "build-static-xapian.sh: $prefix already holds libxapian.a $version"
    exit 0
fi
for tool in xz make g++ sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "build-static-xapian.sh: needs $tool (scripts/install-deps.sh)" >&2
        exit 1
    }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/xapian-static-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

tarball=${XAPIAN_TARBALL:-}
if [ -z "$tarball" ]; then
    command -v curl >/dev/null 2>&1 || {
        echo "build-static-xapian.sh: needs curl to fetch $url" >&2
        exit 1
    }
    tarball=$work/xapian-core.tar.xz
    echo "build-static-xapian.sh: fetching $url" >&2
    curl -fsS -o "$tarball" "$url" || {
        echo "build-static-xapian.sh: could not download $url" >&2
        exit 1
    }
fi
got=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$got" != "$sha256" ]; then
    echo "build-static-xapian.sh: $tarball has SHA-256 $got," \
        "not xapian-core $version's $sha256" >&2
    exit 1
fi

xz -dc "$tarball" | (cd "$work" && tar -xf -)
cd "$work/xapian-core-$version"
# Only the library and its headers: the tools and examples are Debian's.
./configure -q --prefix="$prefix" --disable-shared --enable-static \
    --disable-documentation CXXFLAGS="${CXXFLAGS:--O2}" >"$work/configure.log" 2>&1 || {
    tail -20 "$work/configure.log" >&2
    echo "build-static-xapian.sh: xapian-core's configure failed" >&2
    exit 1
}
jobs=$(nproc 2>/dev/null || echo 2)
echo "build-static-xapian.sh: building libxapian.a $version ($jobs jobs)" >&2
make -j"$jobs" libxapian.la >"$work/make.log" 2>&1 &&
    make install-libLTLIBRARIES install-incHEADERS \
        install-xapianincludeHEADERS install-nodist_xapianincludeHEADERS \
        >>"$work/make.log" 2>&1 || {
    tail -30 "$work/make.log" >&2
    echo "build-static-xapian.sh: building xapian-core failed" >&2
    exit 1
}
: >"$stamp"
echo "build-static-xapian.sh: installed $prefix/lib/libxapian.a"
