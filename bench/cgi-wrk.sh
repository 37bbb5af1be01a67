#!/bin/sh
# cgi-wrk.sh - requests/s and p99 latency of the search page through
# lighttpd on 127.0.0.1: dateline.cgi as CGI, dateline.cgi as FastCGI, and
# Xapian Omega's CGI, on the same server, the same corpus and the same
# query, one after another in one run; with -f, also the floor of any
# Xapian CGI (bench/xapian-floor.cc run as a CGI on Omega's database).
#
# usage: bench/cgi-wrk.sh [-b BUILDDIR] [-d SECONDS] [-q QUERY] [-f FLOOR]
#                         [CORPUS]
#        bench/cgi-wrk.sh -n
#
#   -b BUILDDIR  a build configured without sanitizers (release, -O2) that
#                holds dateline-index and dateline.cgi (configured
#                --with-static-xapian: the CGI as docs/web.md deploys it);
#                default: configure and build one, linked with Debian's
#                shared libxapian, in $TMPDIR/dateline-bench-build
#   -d SECONDS   wrk duration per run (default 10)
#   -q QUERY     the query (default "grain harvest")
#   -f FLOOR     a built bench/xapian-floor: also measure it as a CGI (open
#                the database, QueryParser, top 10, a bare list: what any
#                Xapian-based page costs at least, per process)
#   CORPUS       directory to index (default: the project's corpus/)
#   -n           only check that the tools below are installed (exit 1
#                naming the first missing one): bench/run.sh asks before
#                its long indexing runs
#
# Needs lighttpd, wrk, omindex (xapian-omega) and Omega's CGI at
# /usr/lib/cgi-bin/omega/omega.  wrk runs with -t2 -c4 --latency; the
# figures are wrk's own "Requests/sec" and 99th percentile.  Omega indexes
# the same files with `omindex --db DIR --url / CORPUS` and answers with
# its stock "query" template; both programs return a first page of 10 hits.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=
secs=10
query="grain harvest"
floor=
check_only=0
while getopts b:d:q:f:n opt; do
    case $opt in
    b) build=$OPTARG ;;
    d) secs=$OPTARG ;;
    q) query=$OPTARG ;;
    f) floor=$OPTARG ;;
    n) check_only=1 ;;
    *) sed -n '2,25s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
corpus=${1:-$src/corpus}
omega_cgi=/usr/lib/cgi-bin/omega/omega

for tool in lighttpd wrk omindex curl python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "cgi-wrk.sh: $tool is required" >&2
        exit 1
    }
done
[ -x "$omega_cgi" ] || { echo "cgi-wrk.sh: $omega_cgi missing (xapian-omega)" >&2; exit 1; }
[ "$check_only" = 0 ] || exit 0
if [ -n "$floor" ]; then
    [ -x "$floor" ] || { echo "cgi-wrk.sh: -f $floor is not an executable" >&2; exit 1; }
    floor=$(cd "$(dirname "$floor")" && pwd)/$(basename "$floor")
fi

if [ -z "$build" ]; then
    build=${TMPDIR:-/tmp}/dateline-bench-build
    mkdir -p "$build"
    (cd "$build" &&
        { [ -f Makefile ] || "$src/configure" -q CFLAGS=-O2 CXXFLAGS=-O2; } &&
        make -j2 dateline-index dateline.cgi >/dev/null)
fi
build=$(cd "$build" && pwd)
if grep -q 'fsanitize' "$build/Makefile" 2>/dev/null &&
    ! grep -q '^SAN_FLAGS = *$' "$build/Makefile"; then
    echo "cgi-wrk.sh: $build is a sanitizer build; measure a release build" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dateline-wrk-XXXXXX")
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "indexing $corpus ..." >&2
"$build/dateline-index" --quiet --db "$work/dateline.db" "$corpus" >/dev/null
mkdir -p "$work/omega/data" "$work/omega/log"
omindex --db "$work/omega/data/default" --url / "$corpus" >/dev/null 2>&1
cat >"$work/omega/omega.conf" <<EOF
database_dir $work/omega/data
template_dir /usr/share/xapian-omega/templates
log_dir $work/omega/log
EOF

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
qenc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$query")

# serve_cgi NAME BINARY VAR VALUE: lighttpd running BINARY as the CGI at
# /NAME with VAR=VALUE in its environment (Omega and the floor).
serve_cgi() {
    mkdir -p "$state/htdocs"
    sed -e "s|@PORT@|$port|g" -e "s|@STATEDIR@|$state|g" \
        "$src/scripts/lighttpd.conf.in" >"$state/lighttpd.conf"
    cat >>"$state/lighttpd.conf" <<EOF
alias.url = ("/$1" => "$2")
\$HTTP["url"] =~ "^/$1\$" {
    cgi.assign = ("" => "")
    setenv.add-environment = ("$3" => "$4")
}
EOF
    lighttpd -D -f "$state/lighttpd.conf" 2>"$work/$mode.log" &
}

# start MODE: lighttpd serving dateline.cgi (cgi|fastcgi), Omega or the
# floor.
start() {
    mode=$1
    state="$work/httpd-$mode"
    if [ "$mode" = floor ]; then
        serve_cgi floor "$floor" FLOOR_DB "$work/omega/data/default"
    elif [ "$mode" = omega ]; then
        serve_cgi omega "$omega_cgi" OMEGA_CONFIG_FILE "$work/omega/omega.conf"
    else
        flag=
        [ "$mode" = fastcgi ] && flag=--fastcgi
        "$src/scripts/serve-lighttpd.sh" $flag --cgi "$build/dateline.cgi" \
            --db "$work/dateline.db" --state "$state" "$port" \
            2>"$work/$mode.log" &
    fi
    pid=$!
    n=0
    until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
        n=$((n + 1))
        [ $n -le 100 ] || { cat "$work/$mode.log" >&2; exit 1; }
        sleep 0.1
    done
}
stop() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
    sleep 0.5
}

# measure LABEL URL: check one answer, then wrk.
measure() {
    label=$1
    url=$2
    code=$(curl -s -o "$work/page" -w '%{http_code}' "$url")
    if [ "$code" != 200 ]; then
        echo "cgi-wrk.sh: $label answered $code for $url" >&2
        head -c 500 "$work/page" >&2
        exit 1
    fi
    wrk -t2 -c4 -d"${secs}s" --latency "$url" >"$work/wrk-$label.txt"
    rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk-$label.txt")
    p99=$(sed -n 's/^ *99% *//p' "$work/wrk-$label.txt")
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$work/wrk-$label.txt")
    printf '%-22s %10s req/s   p99 %8s   %s bytes%s\n' "$label" "$rps" \
        "$p99" "$(wc -c <"$work/page" | tr -d ' ')" \
        "${non2xx:+   non-2xx: $non2xx}"
}

echo "query: $query; wrk -t2 -c4 -d${secs}s through lighttpd on 127.0.0.1:$port"
if readelf -lW "$build/dateline.cgi" 2>/dev/null | grep -q INTERP; then
    echo "dateline.cgi: linked with shared libraries (Debian's libxapian)"
else
    echo "dateline.cgi: a static PIE (--with-static-xapian)"
fi
start cgi
measure "dateline.cgi (CGI)" "http://127.0.0.1:$port/dateline.cgi?q=$qenc"
stop
start fastcgi
measure "dateline.cgi (FastCGI)" "http://127.0.0.1:$port/dateline.cgi?q=$qenc"
stop
start omega
measure "omega (CGI)" "http://127.0.0.1:$port/omega?P=$qenc"
stop
if [ -n "$floor" ]; then
    start floor
    measure "Xapian floor (CGI)" "http://127.0.0.1:$port/floor?q=$qenc"
    stop
fi
