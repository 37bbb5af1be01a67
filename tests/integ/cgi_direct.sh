#!/bin/sh
# cgi_direct.sh - dateline.cgi run as a web server runs it (RFC 3875:
# REQUEST_METHOD, QUERY_STRING, the database in DATELINE_DB or a
# configuration file), over an index of corpus/: headers, the page's
# parts (form, hits, highlights, pagination, sort, facets, timeline, did
# you mean), the article view (show=ID) with its near-duplicates, the JSON
# answers against dateline-search's, the error pages.
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_CGI" ] || skip "dateline.cgi not built"
dl_index_corpus || { fail "indexing corpus/"; done_testing; }
db="$dl_tmp/corpus.db"

# cgi QUERY_STRING [METHOD]: run it; headers (CR stripped) in $h, body in
# $b, stderr in $e.
h="$dl_tmp/h"
b="$dl_tmp/b"
e="$dl_tmp/e"
cgi() {
    REQUEST_METHOD=${2:-GET} QUERY_STRING=$1 DATELINE_DB=${cgi_db-$db} \
        "$DL_CGI" >"$dl_tmp/out" 2>"$e"
    cgi_rc=$?
    sed -n '1,/^\r$/p' "$dl_tmp/out" | tr -d '\r' >"$h"
    sed '1,/^\r$/d' "$dl_tmp/out" >"$b"
}
status() { sed -n 's/^Status: \([0-9][0-9]*\).*/\1/p' "$h"; }
header() { sed -n "s/^$1: //p" "$h"; }
body_has() { grep -q -- "$1" "$b"; }

# expect_status QS CODE DESCRIPTION
expect_status() {
    cgi "$1"
    if [ "$cgi_rc" -eq 0 ] && [ "$(status)" = "$2" ]; then
        pass "$3 -> $2"
    else
        fail "$3: got status '$(status)' (exit $cgi_rc), want $2; stderr: $(head -c 300 "$e")"
    fi
}

# ---- the result page ------------------------------------------------------
expect_status 'q=grain' 200 "a plain search"
check "HTML content type with charset" \
    test "$(header Content-Type)" = "text/html; charset=utf-8"
check "nosniff" test "$(header X-Content-Type-Options)" = "nosniff"
check "no referrer" test "$(header Referrer-Policy)" = "no-referrer"
check "Content-Length is the body's" \
    test "$(header Content-Length)" = "$(wc -c <"$b" | tr -d ' ')"
csp=$(header Content-Security-Policy)
case $csp in
"default-src 'none'; style-src 'sha256-"*"'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    pass "strict CSP" ;;
*) fail "CSP: $csp" ;;
esac
# The hash in the CSP must be the style element's, or browsers drop it.
if python3 - "$b" "$csp" <<'EOF'
import base64, hashlib, re, sys
page = open(sys.argv[1], 'rb').read()
styles = re.findall(rb'<style>(.*?)</style>', page, re.S)
assert len(styles) == 1, 'one <style> element'
want = 'sha256-' + base64.b64encode(hashlib.sha256(styles[0]).digest()).decode()
if "'%s'" % want not in sys.argv[2]:
    sys.exit('the CSP should carry %s (update STYLE_HASH in '
             'searcher/render_html.c)' % want)
assert b' style=' not in page, 'no style attributes (CSP forbids them)'
assert b'<script' not in page.lower(), 'no script'
EOF
then pass "CSP hash matches the <style> element"; else fail "CSP hash"; fi
check "lang attribute" body_has '<html lang="en">'
check "viewport meta" body_has 'name="viewport" content="width=device-width'
check "landmarks" sh -c "grep -q '<header>' '$b' && grep -q '<main id=\"main\">' '$b' && grep -q '<nav ' '$b'"
check "search box keeps the query" \
    body_has 'id="q" name="q" maxlength="1024" autofocus placeholder="Search the news archive" value="grain"'
check "search box has a label" body_has '<label class="vh" for="q">'
check "highlights in <mark>" body_has '<mark>grain</mark>'
check "title linked to the article URL" \
    body_has '<h2><a href="https://www.balticmorning.eu/2024/02/26/polish-farmers-block-border-crossings-over-grain-imports" rel="noreferrer nofollow">Polish farmers block border crossings over grain imports</a></h2>'
check "date, source, language" \
    body_has '<time datetime="2024-02-26">26 Feb 2024</time> &middot; Baltic Morning &middot; English'
cp "$b" "$dl_tmp/grain.html"
# What the page must show, from the JSON answer to the same request.
cgi 'q=grain&format=json'
python3 - "$b" >"$dl_tmp/expect" <<'EOF'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
dups = [h["duplicates"] for h in d["hits"] if h["duplicates"] > 1]
# The hit standing for a wire story's copies, its id as a link carries it.
dup_id = [h["id"] for h in d["hits"] if h["duplicates"] > 1][0]
open(sys.argv[1] + ".dupid", "w").write(dup_id)
open(sys.argv[1] + ".dupenc", "w").write(urllib.parse.quote_plus(dup_id, safe="-._~"))
open(sys.argv[1] + ".firstenc", "w").write(
    urllib.parse.quote_plus(d["hits"][0]["id"], safe="-._~"))
months = d["facets"]["month"]
first, last = min(months), max(months)
span = (int(last[:4]) * 12 + int(last[5:7])) - \
    (int(first[:4]) * 12 + int(first[5:7])) + 1
top = max(months, key=lambda m: (months[m], m))
names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
print(d["total"], dups[0] if dups else 0, span,
      "%s %s" % (names[int(top[5:7]) - 1], top[:4]), months[top])
EOF
read total dups span topmonth_m topmonth_y topcount <"$dl_tmp/expect"
dup_id=$(cat "$b.dupid")
dup_enc=$(cat "$b.dupenc")
first_enc=$(cat "$b.firstenc")
cp "$dl_tmp/grain.html" "$b"
check "each hit links to its archived copy" body_has \
    "English &middot; <a href=\"?show=$first_enc&amp;q=grain\">Archived copy</a></p>"
check "result count ($total)" \
    body_has "Results 1&ndash;$total of $total articles for <strong>grain</strong>"
if [ "$dups" -gt 1 ]; then
    check "collapsed duplicates counted ($dups), linked to their list" \
        body_has "<p class=\"dups\"><a href=\"?show=$dup_enc&amp;q=grain#similar\">$dups similar articles</a></p>"
else
    fail "the corpus should have a collapsed grain story"
fi
check "sort links keep the query" body_has '<a href="?q=grain&amp;sort=newest">Newest first</a>'
check "source facet link keeps the query" \
    body_has '<a href="?q=grain&amp;source=Steppe+Wire">Steppe Wire</a>'
check "month facet link sets from and to" \
    body_has '<a href="?q=grain&amp;from=2021-10&amp;to=2021-10">Oct 2021</a>'
check "timeline is an accessible SVG" \
    body_has '<svg role="img" aria-labelledby="tl-t tl-d"'
check "timeline bars have tooltips" \
    body_has "<title>$topmonth_m $topmonth_y: $topcount matches</title>"
bars=$(grep -c '^<rect ' "$b")
check "one timeline bar per month ($bars of $span)" test "$bars" -eq "$span"

# Every link is the page's own (?...), the skip link, or http(s).
bad_links=$(grep -o 'href="[^"]*"' "$b" | grep -v -e '^href="?' -e '^href="#main"' -e '^href="https\{0,1\}://')
check "links are relative or http(s) only" test -z "$bad_links"

# ---- the article view ------------------------------------------------------
# The "similar articles" link of the grain story: its view lists them.
expect_status "show=$dup_enc&q=grain" 200 "the article view"
check "view: the same security headers" \
    test "$(header Content-Security-Policy)" = "$csp"
check "view: the query's words marked in the headline" \
    grep -q '<h1>.*<mark>grain</mark>' "$b"
check "view: and in the text" grep -q '^<p>.*<mark>grain</mark>' "$b"
check "view: where the date came from" \
    body_has "(date from the article's metadata)"
check "view: back to the results" \
    body_has '<a href="?q=grain">&larr; Results for <strong>grain</strong></a>'
check "view: $dups similar articles listed" \
    test "$(sed -n '/<section id="similar">/,/<\/section>/p' "$b" | grep -c '^<li><a href="?show=')" -eq "$dups"
check "view: its heading counts them" body_has "<h2>$dups similar articles</h2>"
cp "$b" "$dl_tmp/view.html"
# The JSON of the view is the CLI's.
cgi "show=$dup_enc&q=grain&format=json"
"$DL_SEARCH" --db "$db" --show "$dup_id" --format json grain \
    >"$dl_tmp/show.json" || fail "dateline-search --show failed"
check "view JSON equals dateline-search --show --format json" \
    cmp -s "$b" "$dl_tmp/show.json"
check "view JSON: cluster of $((dups + 1)) with the others listed" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["cluster"]
assert c["size"] == int(sys.argv[2]) + 1 and len(c["articles"]) == int(sys.argv[2]), c
assert d["text"] == "\n".join(p["text"] for p in d["paragraphs"]), d["text"]' \
    "$b" "$dups"
# Each listed article's own view lists this one.
first=$(python3 -c '
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))
print(urllib.parse.quote_plus(d["cluster"]["articles"][0]["id"], safe="-._~"))' "$b")
expect_status "show=$first" 200 "a near-duplicate's own view"
check "... lists the first one back" grep -q "?show=$dup_enc\"" "$b"
check "... with no back link without a query" sh -c "! grep -q 'Results for' '$b'"
# Unknown and bad ids.
expect_status 'show=no%2Fsuch%2Farticle.txt&q=grain' 404 "an unknown id (HTML)"
check "404 page says so and names the id" \
    sh -c "grep -q '<h1>No such article</h1>' '$b' && grep -q '<code>no/such/article.txt</code>' '$b'"
check "404 page offers the search again" body_has '<a href="?q=grain">Search for <strong>grain</strong></a> again'
expect_status 'show=no%2Fsuch.txt&format=json' 404 "an unknown id (JSON)"
check "404 JSON is an error object" python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); assert list(d) == ["error"], d' "$b"
expect_status "show=a%0Ab&format=json" 400 "a control character in show (JSON)"
expect_status "show=a%0Ab" 200 "a control character in show (HTML)"
check "the bad show is explained" body_has 'The article id must be one as the results link it'
long=$(python3 -c 'print("x" * 1537)')
expect_status "show=$long&format=json" 400 "show over its cap (JSON)"
cgi "show=$dup_enc" HEAD
check "HEAD of a view: headers, no body" \
    sh -c "[ \"\$(sed -n 's/^Status: //p' '$h')\" = '200 OK' ] && [ ! -s '$b' ]"

# ---- pagination ----------------------------------------------------------
expect_status 'q=the&page=2' 200 "page 2"
check "page 2 numbers its hits from 11" body_has '<ol class="hits" start="11">'
check "page 2 has ten hits" test "$(grep -c '^<article>' "$b")" -eq 10
check "previous link" body_has '<a href="?q=the" rel="prev">'
check "next link" body_has '<a href="?q=the&amp;page=3" rel="next">'
check "current page marked" body_has '<span aria-current="page">2</span>'
expect_status 'q=the&page=100' 200 "a page past the end"
check "past the end says so" body_has 'There are no results on page 100'

# ---- filters and sort, through JSON --------------------------------------
json_check() {
    desc=$1
    qs=$2
    code=$3
    cgi "$qs"
    if [ "$(status)" = 200 ] &&
        [ "$(header Content-Type)" = "application/json; charset=utf-8" ] &&
        python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
$code" "$b"; then
        pass "$desc"
    else
        fail "$desc ($qs): status $(status), $(head -c 300 "$b")"
    fi
}
json_check "source filter" 'q=the&source=Steppe+Wire&format=json' \
    'assert d["total"] > 0 and all(h["source"] == "Steppe Wire" for h in d["hits"]), d'
json_check "date filter" 'q=the&from=2020-03&to=2021&format=json' \
    'assert d["total"] > 0 and all("2020-03-01" <= h["date"] <= "2021-12-31" for h in d["hits"]), d'
json_check "filter without a query" 'from=2021-10&to=2021-10&format=json' \
    'assert d["total"] >= 1 and all(h["date"].startswith("2021-10") for h in d["hits"]), d'
json_check "language filter" 'q=the&lang=en&format=json' \
    'assert d["total"] > 0 and all(h["lang"] == "en" for h in d["hits"])'
json_check "newest first" 'q=the&sort=newest&format=json' \
    'ds = [h["date"] for h in d["hits"] if h["date"]]; assert ds and ds == sorted(ds, reverse=True), ds'
json_check "oldest first" 'q=the&sort=oldest&format=json' \
    'ds = [h["date"] for h in d["hits"] if h["date"]]; assert ds and ds == sorted(ds), ds'
json_check "page 3 is offset 20" 'q=the&page=3&format=json' \
    'assert d["offset"] == 20 and d["hits"][0]["rank"] == 21, d["offset"]'
json_check "facets counted" 'q=grain&format=json' \
    'assert set(d["facets"]) == {"source", "month", "lang"}, d["facets"]'

# The JSON is the CLI's: same keys, same hits.
cgi 'q=grain+harvest&format=json'
"$DL_SEARCH" --db "$db" --facets --format json grain harvest >"$dl_tmp/cli.json" ||
    fail "dateline-search failed"
if python3 - "$b" "$dl_tmp/cli.json" <<'EOF'
import json, sys
web = json.load(open(sys.argv[1]))
cli = json.load(open(sys.argv[2]))
for d in (web, cli):
    d.pop('took_ms')
assert set(web) == set(cli), (set(web), set(cli))
assert web == cli, 'CGI and CLI JSON differ'
EOF
then pass "JSON equals dateline-search --facets --format json"
else fail "JSON differs from the CLI's"; fi

# ---- did you mean ----------------------------------------------------------
cgi 'q=harvset&format=json'
sugg=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["suggestion"] or "")' "$b")
if [ -n "$sugg" ]; then
    cgi 'q=harvset'
    check "did you mean links to '$sugg'" \
        body_has "Did you mean <a href=\"?q=$sugg\"><strong>$sugg</strong></a>?"
else
    fail "no suggestion for harvset"
fi

# ---- empty, nothing found, bad input ---------------------------------------
expect_status '' 200 "no query: the form"
check "home page has the form and no results" \
    sh -c "grep -q 'role=\"search\"' '$b' && ! grep -q 'class=\"hits\"' '$b'"
expect_status 'q=zzqxjvwk' 200 "nothing found"
check "nothing-found page" body_has '<h1>No articles found</h1>'
expect_status 'q=zzqxjvwk&source=Steppe+Wire' 200 "nothing found with a filter"
check "offers to drop the filters" body_has '<a href="?q=zzqxjvwk">Search without the filters</a>'

expect_status 'q=x&page=0' 200 "bad page (HTML)"
check "bad page explained" body_has 'The page number must be a whole number from 1 to 100.'
expect_status 'q=x&page=0&format=json' 400 "bad page (JSON)"
check "JSON error object" python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); assert list(d) == ["error"] and "page" in d["error"]' "$b"
check "JSON error content type" \
    test "$(header Content-Type)" = "application/json; charset=utf-8"
expect_status 'format=json' 400 "JSON with nothing to search for"
expect_status 'q=grain+AND&format=json' 400 "bad query (JSON)"
expect_status 'q=grain+AND' 200 "bad query (HTML)"
check "bad query shows the parser's message" \
    sh -c "grep -q 'This search cannot be run as written' '$b' && grep -q 'AND' '$b'"
expect_status 'q=%C0%AF' 200 "overlong UTF-8"
check "invalid UTF-8 explained" body_has 'The search is not valid UTF-8 text.'
expect_status 'q=a&q=b&format=json' 400 "repeated parameter (JSON)"
expect_status 'from=2021&to=2020&format=json' 400 "dates the wrong way round"
# One rule for dates, the indexer's: a year it cannot hold is refused at
# the door, with the parameter and the value named, not a "bad filter"
# from deep inside the search.
expect_status 'q=grain&from=3000&format=json' 400 "a year after the last"
check "the message names from=3000 and the years" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert "from=3000" in e and "1000 to 2999" in e and "filter" not in e, e' "$b"
expect_status 'q=grain&to=9999-12-31' 200 "a year after the last (HTML)"
check "the page names to=9999-12-31" \
    body_has 'to=9999-12-31: The end date must be a real calendar date'
expect_status 'q=grain&from=2999-12-31&format=json' 200 "the last year a date may have"

# ---- methods --------------------------------------------------------------
cgi 'q=grain' HEAD
check "HEAD: headers, no body" \
    sh -c "[ \"\$(sed -n 's/^Status: //p' '$h')\" = '200 OK' ] && [ ! -s '$b' ]"
cgi 'q=grain' POST
check "POST: 405 with Allow" \
    sh -c "grep -q '^Status: 405' '$h' && grep -q '^Allow: GET, HEAD' '$h'"

# ---- allocation failures: a fixed 5xx page, never a crash or a leak ------
for n in 0 1 2 3 5 8 13 21 34 55 89 144; do
    DL_FAIL_ALLOC_AFTER=$n cgi 'q=grain&source=Steppe+Wire'
    case $(status) in
    200|500|503) ;;
    *) fail "allocation $n fails: status '$(status)'" ;;
    esac
    if [ "$cgi_rc" -ne 0 ] || grep -q -e Sanitizer -e 'runtime error' "$e"; then
        fail "allocation $n fails: exit $cgi_rc, $(head -c 300 "$e")"
    fi
done
unset DL_FAIL_ALLOC_AFTER
pass "injected allocation failures give 200, 500 or 503 pages"

# ---- the database: environment, configuration file, failures -------------
cgi_db="$dl_tmp/no-such.db"
expect_status 'q=grain' 503 "missing database"
check "the page shows a fixed sentence only" \
    sh -c "grep -q 'The search service could not answer' '$b' && ! grep -q 'no-such' '$b'"
check "the details go to stderr" grep -q 'no-such.db' "$e"
cgi 'q=grain&format=json'
check "missing database in JSON: 503 and no path" \
    sh -c "grep -q '^Status: 503' '$h' && ! grep -q 'no-such' '$b'"
cgi_db=''
printf '# test\ndb = %s\ncpu_seconds = 5\n' "$db" >"$dl_tmp/dateline.conf"
REQUEST_METHOD=GET QUERY_STRING='q=grain&format=json' \
    DATELINE_CONF="$dl_tmp/dateline.conf" "$DL_CGI" >"$dl_tmp/conf.out" 2>"$e"
check "database from DATELINE_CONF" grep -q "\"total\":$total," "$dl_tmp/conf.out"
printf 'db = %s\ndb = %s\n' "$db" "$db" >"$dl_tmp/shards.conf"
REQUEST_METHOD=GET QUERY_STRING='q=grain&format=json' \
    DATELINE_CONF="$dl_tmp/shards.conf" "$DL_CGI" >"$dl_tmp/shards.out" 2>"$e"
check "two db lines open as one (shards)" grep -q '^Status: 200' "$dl_tmp/shards.out"
# A comment line longer than a line buffer is read whole: its tail is
# never a setting (here a db line, which would make the search work; it
# starts at byte 4,095, where a 4,096-byte fgets buffer would cut).
python3 -c '
import sys
print("# " + "x" * 4093 + "db = " + sys.argv[1])' "$db" >"$dl_tmp/longcomment.conf"
REQUEST_METHOD=GET QUERY_STRING='q=grain' \
    DATELINE_CONF="$dl_tmp/longcomment.conf" "$DL_CGI" >"$dl_tmp/long.out" 2>"$e"
check "the tail of a long comment is not a setting" \
    grep -q '^Status: 503' "$dl_tmp/long.out"
check "... and nothing complains about the comment" \
    sh -c "! grep -q 'longcomment.conf:1' '$e'"
# A line over the cap is an error naming the file and the line, and the
# whole file is refused (the page says the service is unavailable).
python3 -c '
import sys
print("db = " + sys.argv[1]); print("# " + "y" * 9000 + "memory_mb = 0")' \
    "$db" >"$dl_tmp/overcap.conf"
REQUEST_METHOD=GET QUERY_STRING='q=grain' \
    DATELINE_CONF="$dl_tmp/overcap.conf" "$DL_CGI" >"$dl_tmp/over.out" 2>"$e"
check "a line over the cap refuses the file" grep -q '^Status: 503' "$dl_tmp/over.out"
check "the error names the file and line 2" \
    grep -q "overcap.conf:2: .*over the cap of 8192" "$e"
# The search budget must leave the process cap as the last resort.
printf 'db = %s\ncpu_seconds = 2\nsearch_cpu_ms = 2000\n' "$db" >"$dl_tmp/budget.conf"
REQUEST_METHOD=GET QUERY_STRING='q=grain' \
    DATELINE_CONF="$dl_tmp/budget.conf" "$DL_CGI" >"$dl_tmp/budget.out" 2>"$e"
check "search_cpu_ms at cpu_seconds is refused" \
    sh -c "grep -q '^Status: 503' '$dl_tmp/budget.out' && grep -q 'search_cpu_ms (2000) must be below' '$e'"
printf 'db = %s\ncpu_seconds = 2\nsearch_cpu_ms = 1500\n' "$db" >"$dl_tmp/budget.conf"
REQUEST_METHOD=GET QUERY_STRING='q=grain' \
    DATELINE_CONF="$dl_tmp/budget.conf" "$DL_CGI" >"$dl_tmp/budget.out" 2>"$e"
check "search_cpu_ms below cpu_seconds is taken" \
    grep -q '^Status: 200' "$dl_tmp/budget.out"
# A request parameter never chooses the database.
cgi_db=''
REQUEST_METHOD=GET QUERY_STRING="q=grain&db=$db&DATELINE_DB=$db" \
    DATELINE_CONF="$dl_tmp/none.conf" "$DL_CGI" >"$dl_tmp/param.out" 2>"$e"
check "db in the query string is ignored" grep -q '^Status: 503' "$dl_tmp/param.out"
unset cgi_db

done_testing
