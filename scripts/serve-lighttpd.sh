#!/bin/sh
# serve-lighttpd.sh - the search page on http://127.0.0.1:PORT/ via lighttpd.
#
# usage: serve-lighttpd.sh [--fastcgi] [--db PATH | --conf FILE]
#                          [--cgi PROGRAM] [--state DIR] PORT
#
# Writes a lighttpd configuration from scripts/lighttpd.conf.in into the
# state directory (default: a new temporary one), then runs lighttpd in the
# foreground until it is stopped (Ctrl-C, or kill the pid this script
# becomes: the last step is `exec lighttpd`).  The database is handed to
# the program through the environment, never through the URL: DATELINE_DB
# for one database (--db, default ./dateline.db), DATELINE_CONF for a
# configuration file with several `db =` lines (--conf).  --fastcgi runs
# dateline.cgi as a FastCGI server (two processes, database opened once)
# instead of one process per request.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
mode=cgi
db=
conf=
cgi=
state=
while [ $# -gt 0 ]; do
    case $1 in
    --fastcgi) mode=fastcgi ;;
    --cgi) cgi=$2; shift ;;
    --db) db=$2; shift ;;
    --conf) conf=$2; shift ;;
    --state) state=$2; shift ;;
    -h|--help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "serve-lighttpd.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
    shift
done
if [ $# -ne 1 ]; then
    echo "usage: serve-lighttpd.sh [--fastcgi] [--db PATH | --conf FILE] [--cgi PROGRAM] [--state DIR] PORT" >&2
    exit 2
fi
port=$1
case $port in
''|*[!0-9]*) echo "serve-lighttpd.sh: PORT must be a number" >&2; exit 2 ;;
esac

command -v lighttpd >/dev/null 2>&1 || {
    echo "serve-lighttpd.sh: lighttpd is not installed (apt-get install lighttpd)" >&2
    exit 1
}

# The program: --cgi, else the build tree next to this script, else the
# installed one.
if [ -z "$cgi" ]; then
    for c in "$here/../dateline.cgi" "$here/../build/dateline.cgi" \
        "$PWD/dateline.cgi" \
        /usr/local/libexec/dateline/dateline.cgi \
        /usr/libexec/dateline/dateline.cgi; do
        if [ -x "$c" ]; then cgi=$c; break; fi
    done
fi
if [ -z "$cgi" ] || [ ! -x "$cgi" ]; then
    echo "serve-lighttpd.sh: cannot find dateline.cgi (use --cgi)" >&2
    exit 1
fi
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
cgi=$(abs "$cgi")

if [ -n "$conf" ]; then
    envname=DATELINE_CONF
    envval=$(abs "$conf")
else
    envname=DATELINE_DB
    envval=${db:-./dateline.db}
    case $envval in
    tcp:*|/*) ;;
    *) envval=$(abs "$envval") ;;
    esac
fi
# lighttpd strings are "..." with \ escapes: refuse what would need them.
for v in "$cgi" "$envval"; do
    case $v in
    *\"*|*\\*) echo "serve-lighttpd.sh: paths with \" or \\ are not supported" >&2; exit 2 ;;
    esac
done

if [ -z "$state" ]; then
    state=$(mktemp -d "${TMPDIR:-/tmp}/dateline-lighttpd-XXXXXX")
fi
mkdir -p "$state/htdocs"
state=$(cd "$state" && pwd)
out="$state/lighttpd.conf"

sed -e "s|@PORT@|$port|g" -e "s|@STATEDIR@|$state|g" \
    "$here/lighttpd.conf.in" >"$out"
if [ "$mode" = cgi ]; then
    cat >>"$out" <<EOC

# mod_cgi: one process per request, limits set by dateline.cgi itself.
alias.url = ("/dateline.cgi" => "$cgi")
\$HTTP["url"] =~ "^/dateline\\.cgi\$" {
    cgi.assign = ("" => "")
    setenv.add-environment = ("$envname" => "$envval")
}
EOC
else
    cat >>"$out" <<EOC

# mod_fastcgi: lighttpd starts the program with a socket on fd 0; it opens
# the database once and serves request after request.
fastcgi.server = ("/dateline.cgi" => ((
    "socket" => "$state/dateline.sock",
    "bin-path" => "$cgi",
    "bin-environment" => ("$envname" => "$envval"),
    "max-procs" => 2,
    "check-local" => "disable"
)))
EOC
fi

echo "dateline: http://127.0.0.1:$port/ ($mode; config $out)" >&2
exec lighttpd -D -f "$out"
