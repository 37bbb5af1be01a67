#!/bin/sh
# install-peers.sh - the Debian packages bench/run.sh compares Dateline with.
#
# usage: bench/install-peers.sh   (as root, Debian 12)
#
# xapian-omega: omindex, quest and the Omega CGI; swish-e; sqlite3 (FTS5 is
# built in); lighttpd, wrk, curl and hyperfine for the CGI figures of
# bench/cgi-wrk.sh;
# libxapian-dev and g++ to build bench/xapian-floor.cc, the bare-Xapian
# floor; python3-xapian for bench/index-bytes.py.  Python 3 (for the
# loaders and the report) is part of the base system.  /usr/bin/time
# comes from the time package.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get install -y xapian-omega swish-e sqlite3 lighttpd wrk curl hyperfine \
    libxapian-dev g++ time python3 python3-xapian
