#!/bin/sh
# cgi_budget.sh - a search over its budget ends alone (SPEC section 6,
# issue 22 item 5).  dateline.cgi runs as FastCGI behind lighttpd with
# cpu_seconds = 1, as in the report: two expensive requests (100
# wildcards, ORed, each matching far more words than the cap on all of a
# search's wildcards together allows) and six plain searches go in at
# once.  The expensive ones must get the "too expensive" answer (422, an
# HTML page and a JSON error object), every plain one its results (200),
# and no FastCGI process may die.  Nothing here depends on speed: the
# expensive requests are over the cap by construction (100 times a
# wildcard that matches more than 20 words of corpus/ is over 2,000
# words), and the cap is counted, not timed.  Also: no core files, in
# FastCGI and in CGI mode (RLIMIT_CORE 0).
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_CGI" ] || skip "dateline.cgi not built"
command -v lighttpd >/dev/null 2>&1 || skip "lighttpd missing"
command -v curl >/dev/null 2>&1 || skip "curl missing"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
dl_index_corpus || { fail "indexing corpus/"; done_testing; }
db="$dl_tmp/corpus.db"

# One wildcard that corpus/ has more than 20 words for (and fewer than the
# 500 of one wildcard's own cap), ORed 100 times: 700 bytes of query.
heavy=$(python3 -c 'print(" OR ".join(["re*"] * 100))')
check "re* alone is an ordinary search" \
    sh -c "'$DL_SEARCH' --db '$db' --limit 1 're*' >/dev/null"
"$DL_SEARCH" --db "$db" "$heavy" >/dev/null 2>"$dl_tmp/cli.err"
cli_rc=$?
check "the CLI refuses it as a query (exit 2, $cli_rc)" test "$cli_rc" -eq 2
check "the CLI names the cap" grep -q 'wildcards match more than 2000 words' \
    "$dl_tmp/cli.err"

printf 'db = %s\ncpu_seconds = 1\n' "$db" >"$dl_tmp/dateline.conf"
dl_lighttpd_start "/dateline.cgi?q=grain" --fastcgi --cgi "$DL_CGI" \
    --conf "$dl_tmp/dateline.conf" ||
    { fail "lighttpd did not start"; done_testing; }
httpd=$dl_httpd
base="http://127.0.0.1:$dl_port/dateline.cgi"

# The FastCGI processes: lighttpd's children (the script execs lighttpd).
workers() {
    for s in /proc/[0-9]*/stat; do
        awk -v p="$httpd" '$4 == p { print $1 }' "$s" 2>/dev/null
    done | sort -n | tr '\n' ' '
}
before=$(workers)
check "FastCGI processes are running ($before)" test -n "$before"

qheavy=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$heavy")
# Eight requests at once; each writes its status and body to files.
get() {
    curl -s -o "$dl_tmp/body.$1" -w '%{http_code}' "$2" >"$dl_tmp/code.$1" ||
        echo 000 >"$dl_tmp/code.$1"
}
pids=
get heavy-html "$base?q=$qheavy" &
pids="$pids $!"
get heavy-json "$base?q=$qheavy&format=json" &
pids="$pids $!"
for i in 1 2 3 4 5 6; do
    get "plain$i" "$base?q=grain&format=json" &
    pids="$pids $!"
done
for p in $pids; do
    wait "$p"
done

check "the expensive page: 422 ($(cat "$dl_tmp/code.heavy-html"))" \
    test "$(cat "$dl_tmp/code.heavy-html")" = 422
check "the expensive page says so" \
    grep -q '<h1>This search is too expensive</h1>' "$dl_tmp/body.heavy-html"
check "the expensive page says why" \
    grep -q 'wildcards match more than 2000 words in all' \
    "$dl_tmp/body.heavy-html"
check "the expensive JSON: 422 ($(cat "$dl_tmp/code.heavy-json"))" \
    test "$(cat "$dl_tmp/code.heavy-json")" = 422
check "the expensive JSON is an error object" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["error"] and "too expensive" in d["error"], d' \
    "$dl_tmp/body.heavy-json"
for i in 1 2 3 4 5 6; do
    check "plain search $i beside them: 200 ($(cat "$dl_tmp/code.plain$i"))" \
        test "$(cat "$dl_tmp/code.plain$i")" = 200
    check "plain search $i has its hits" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); assert d["total"] > 0 and d["hits"], d' \
        "$dl_tmp/body.plain$i"
done
# A timeline (tl=) counts every match: the same caps end it, in JSON too.
get heavy-tl "$base?q=$qheavy&tl=month&format=json"
check "the expensive timeline JSON: 422 ($(cat "$dl_tmp/code.heavy-tl"))" \
    test "$(cat "$dl_tmp/code.heavy-tl")" = 422
get heavy-tl-html "$base?q=grain&tl=week&vs=grain"
check "a plain timeline page beside it: 200 ($(cat "$dl_tmp/code.heavy-tl-html"))" \
    test "$(cat "$dl_tmp/code.heavy-tl-html")" = 200
after=$(workers)
check "no FastCGI process died (before: $before; after: $after)" \
    test "$before" = "$after"
for w in $after; do
    check "FastCGI process $w writes no core file" \
        sh -c "grep -q '^Max core file size  *0  *0 ' /proc/$w/limits"
done

# CGI mode: the limit is read from /proc while the program is blocked
# writing its page into a pipe too small for it, so after it set its
# limits and before it exits, whatever the speed.
if python3 - "$DL_CGI" "$db" <<'EOF'
import fcntl, os, resource, select, subprocess, sys
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
if hard == 0:
    print("the hard core limit is already 0 here: nothing to show")
    sys.exit(0)
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, 4096)
env = dict(os.environ, REQUEST_METHOD="GET", QUERY_STRING="q=grain",
           DATELINE_DB=sys.argv[2])
env.pop("DATELINE_CONF", None)
p = subprocess.Popen([sys.argv[1]], stdout=w, env=env,
                     preexec_fn=lambda: resource.setrlimit(
                         resource.RLIMIT_CORE, (hard, hard)))
os.close(w)
select.select([r], [], [])
with open("/proc/%d/limits" % p.pid) as f:
    line = [l for l in f if l.startswith("Max core file size")][0]
page = b""
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    page += chunk
p.wait()
assert len(page) > 4096, "the page should not fit the pipe"
assert line.split()[4:6] == ["0", "0"], line
EOF
then
    pass "CGI mode writes no core file"
else
    fail "CGI mode: RLIMIT_CORE is not 0"
fi
if grep -q -e 'runtime error' -e 'Sanitizer' "$dl_tmp/httpd/error.log"; then
    fail "sanitizer report in the server log"
fi
done_testing
