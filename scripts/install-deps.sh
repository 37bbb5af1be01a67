#!/bin/sh
# install-deps.sh - install the Debian 12 packages Dateline builds, tests and
# demos with.  Run as root.  One list, used by setup.sh and run-tests.sh, so
# CI on a clean machine installs exactly what a developer has.
set -eu

BUILD_PKGS="build-essential autoconf automake libtool pkg-config
 libxapian-dev xapian-tools libutf8proc-dev libcmocka-dev libuchardet-dev
 zlib1g-dev libjansson-dev libfcgi-dev unicode-data uuid-dev curl xz-utils"
TEST_PKGS="lighttpd curl python3 python3-xapian bzip2 gzip clang
 libclang-rt-14-dev chromium fonts-dejavu-core groff-base strace"

want="$BUILD_PKGS"
case "${1:-}" in
--test) want="$BUILD_PKGS $TEST_PKGS" ;;
esac

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps.sh: missing packages:$missing (run as root)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
