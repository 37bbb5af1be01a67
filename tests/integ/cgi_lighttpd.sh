#!/bin/sh
# cgi_lighttpd.sh - dateline.cgi behind a real web server: lighttpd on a
# free 127.0.0.1 port started by scripts/serve-lighttpd.sh, once with
# mod_cgi and once with mod_fastcgi, fetched with curl: status codes,
# headers, both content types, 400 on bad parameters in JSON, HEAD, other
# methods refused; the site root is the page; and in FastCGI mode, an
# article indexed while the server runs is found without a restart (the
# long-lived process reopens).
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_CGI" ] || skip "dateline.cgi not built"
command -v lighttpd >/dev/null 2>&1 || skip "lighttpd missing"
command -v curl >/dev/null 2>&1 || skip "curl missing"

# A corpus of our own, to add an article to while the server runs.
mkdir -p "$dl_tmp/news"
cp -R "$top_srcdir/corpus/." "$dl_tmp/news/"
chmod -R u+w "$dl_tmp/news"
db="$dl_tmp/web.db"
"$DL_INDEX" --quiet --db "$db" "$dl_tmp/news" >"$dl_tmp/index.out" 2>&1 ||
    { cat "$dl_tmp/index.out" >&2; fail "indexing"; done_testing; }

want_total=$("$DL_SEARCH" --db "$db" --format json grain |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
# The first grain hit's article view, as the page links it, and its JSON
# as dateline-search --show gives it.
"$DL_SEARCH" --db "$db" --format json grain | python3 -c '
import json, sys, urllib.parse
h = json.load(sys.stdin)["hits"][0]
print(h["id"]); print(urllib.parse.quote_plus(h["id"], safe="-._~"))' \
    >"$dl_tmp/first"
view_id=$(sed -n 1p "$dl_tmp/first")
view_enc=$(sed -n 2p "$dl_tmp/first")
"$DL_SEARCH" --db "$db" --show "$view_id" --format json grain \
    >"$dl_tmp/view.json" || fail "dateline-search --show"

httpd=
stop_httpd() {
    if [ -n "$httpd" ]; then
        kill "$httpd" 2>/dev/null
        wait "$httpd" 2>/dev/null
        httpd=
    fi
}
trap 'stop_httpd; rm -rf "$dl_tmp"' EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# fetch PATH [curl options]: status in $code, headers in $h, body in $b.
h="$dl_tmp/h"
b="$dl_tmp/b"
fetch() {
    p=$1
    shift
    code=$(curl -s -g -o "$b" -D "$h" -w '%{http_code}' "$@" "$base$p") ||
        code=000
    tr -d '\r' <"$h" >"$h.t" && mv "$h.t" "$h"
}
header() { sed -n "s/^$1: //Ip" "$h" | tail -1; }

# expect PATH CODE DESCRIPTION [curl options]
expect() {
    p=$1
    want=$2
    desc=$3
    shift 3
    fetch "$p" "$@"
    if [ "$code" = "$want" ]; then
        pass "$mode: $desc -> $want"
    else
        fail "$mode: $desc: got $code, want $want"
    fi
}

for mode in cgi fastcgi; do
    port=$(free_port)
    base="http://127.0.0.1:$port"
    flag=
    [ "$mode" = fastcgi ] && flag=--fastcgi
    "$top_srcdir/scripts/serve-lighttpd.sh" $flag --cgi "$DL_CGI" \
        --db "$db" --state "$dl_tmp/httpd-$mode" "$port" \
        >"$dl_tmp/serve-$mode.log" 2>&1 &
    httpd=$!
    n=0
    until curl -s -o /dev/null "$base/dateline.cgi"; do
        n=$((n + 1))
        if [ $n -gt 50 ]; then
            cat "$dl_tmp/serve-$mode.log" "$dl_tmp/httpd-$mode/error.log" >&2
            fail "$mode: lighttpd did not start"
            stop_httpd
            continue 2
        fi
        sleep 0.2
    done

    # The address setup.sh and the README give: the page itself, not a
    # 403 for an empty directory, and searches from it stay there.
    expect / 200 "the site root is the page"
    check "$mode: the form at /" grep -q 'role="search"' "$b"
    expect '/?q=grain+harvest' 200 "a search at the site root"
    check "$mode: hits at /?q=" grep -q '<mark>' "$b"
    expect /dateline.cgi 200 "the empty form"
    check "$mode: HTML content type" test "$(header Content-Type)" = "text/html; charset=utf-8"
    check "$mode: nosniff" test "$(header X-Content-Type-Options)" = nosniff
    check "$mode: referrer policy" test "$(header Referrer-Policy)" = no-referrer
    case $(header Content-Security-Policy) in
    "default-src 'none'; style-src 'sha256-"*) pass "$mode: CSP" ;;
    *) fail "$mode: CSP '$(header Content-Security-Policy)'" ;;
    esac
    check "$mode: the form" grep -q 'role="search"' "$b"

    expect '/dateline.cgi?q=grain+harvest' 200 "a search"
    check "$mode: highlighted hits" grep -q '<mark>' "$b"
    check "$mode: Content-Length matches" test "$(header Content-Length)" = "$(wc -c <"$b" | tr -d ' ')"

    expect '/dateline.cgi?q=grain&format=json' 200 "JSON"
    check "$mode: JSON content type" test "$(header Content-Type)" = "application/json; charset=utf-8"
    check "$mode: JSON parses, total as the CLI's ($want_total)" python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); assert d["total"] == int(sys.argv[2]), d["total"]' "$b" "$want_total"

    expect "/?show=$view_enc&q=grain" 200 "an article view at the site root"
    check "$mode: the view marks the query" grep -q '<h1>.*<mark>' "$b"
    check "$mode: the view links back to the results" \
        grep -q '<a href="?q=grain">&larr; Results for' "$b"
    expect "/dateline.cgi?show=$view_enc&q=grain&format=json" 200 "a view's JSON"
    check "$mode: the view's JSON is the CLI's" cmp -s "$b" "$dl_tmp/view.json"
    expect '/dateline.cgi?show=no%2Fsuch.txt' 404 "an unknown article"
    check "$mode: the 404 page is the page's" grep -q '<h1>No such article</h1>' "$b"

    expect '/dateline.cgi?q=grain&page=0&format=json' 400 "bad page in JSON"
    check "$mode: JSON error body" python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); assert list(d) == ["error"]' "$b"
    expect '/dateline.cgi?q=grain&sort=sideways&format=json' 400 "bad sort in JSON"
    expect '/dateline.cgi?q=grain&from=2020-02-30&format=json' 400 "bad date in JSON"
    expect '/dateline.cgi?q=grain+AND&format=json' 400 "bad query in JSON"
    expect '/dateline.cgi?q=%FF&format=json' 400 "invalid UTF-8 in JSON"
    expect '/dateline.cgi?format=yaml' 200 "bad format: the HTML page explains"
    check "$mode: bad format explained" grep -q 'The format must be html, json, csv, atom or opensearch.' "$b"
    expect '/dateline.cgi?q=grain&page=0' 200 "bad page in HTML: a friendly page"
    check "$mode: friendly message" grep -q 'The page number must be' "$b"

    expect '/dateline.cgi?q=grain' 200 "HEAD" -I
    check "$mode: HEAD has no body" sh -c "! grep -q '<html' '$b'"
    fetch '/dateline.cgi?q=grain' -X POST -d 'q=grain'
    case $code in
    403|405) pass "$mode: POST refused ($code)" ;;
    *) fail "$mode: POST got $code" ;;
    esac
    expect "/dateline.cgi?q=grain&db=/nonexistent&DATELINE_DB=/nonexistent" 200 "db parameters are ignored"

    if [ "$mode" = fastcgi ]; then
        # A new article, indexed while the server runs, is found at once.
        mkdir -p "$dl_tmp/news/late/2024/12/01"
        printf 'Title: Zeppelin festival returns\nDate: 2024-12-01\nSource: Late Wire\n\nThe zeppelinfest drew crowds.\n' \
            >"$dl_tmp/news/late/2024/12/01/zeppelin.txt"
        expect '/dateline.cgi?q=zeppelinfest&format=json' 200 "before the new article"
        check "$mode: not there yet" grep -q '"total":0' "$b"
        "$DL_INDEX" --quiet --db "$db" "$dl_tmp/news" >"$dl_tmp/index2.out" 2>&1 ||
            fail "re-indexing"
        expect '/dateline.cgi?q=zeppelinfest&format=json' 200 "after the new article"
        check "$mode: the new article is found without a restart" grep -q '"total":1' "$b"
    fi
    if grep -q -e 'runtime error' -e 'Sanitizer' "$dl_tmp/httpd-$mode/error.log"; then
        fail "$mode: sanitizer report in the server log"
    fi
    stop_httpd
done
done_testing
