#!/bin/sh
# cgi_xss.sh - hostile input through every parameter (show included), and
# hostile articles in the index (text, HTML and JSON Lines; in their views
# too, with their hostile near-duplicates listed), must never put markup,
# an event handler or a URL scheme on the page that the template does not
# write itself (cgi_xss.py checks each page with html.parser).  Raw bytes
# go straight to the CGI program; the full set of payloads times
# parameters goes through lighttpd with dateline.cgi in FastCGI mode (one
# process: fast even under sanitizers).  Each case's exports (format=csv,
# format=atom) and the OpenSearch description are checked as well: the
# CSV parses, the XML parses and holds only its own vocabulary.
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_CGI" ] || skip "dateline.cgi not built"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"

# Articles whose every field is an attack.
h="$dl_tmp/hostile"
mkdir -p "$h/2020/01/02"
cat >"$h/2020/01/02/script.txt" <<'EOT'
Title: <script>alert('title')</script> hostile title
Date: 2020-01-02
Source: "><img src=x onerror=alert(1)>
URL: javascript:alert(document.cookie)
Language: en

The hostile body has <b>bold</b> markup, "><svg onload=alert(2)> and an
entity &lt;script&gt; plus &amp;amp; and a quote ' and a backtick `.
hostile words hostile words.
EOT
cat >"$h/2020/01/02/attr.txt" <<'EOT'
Title: " onmouseover="alert(1) hostile
Date: 2020-01-03
Source: ' onfocus='alert(1)
URL: http://example.com/"><script>alert(1)</script>
Language: en" onclick="alert(1)

hostile words in an article whose URL breaks out of an attribute.
<iframe src="javascript:alert(1)"></iframe>
EOT
cat >"$h/2020/01/02/data.txt" <<'EOT'
Title: hostile data URL
Date: 2020-02-10
Source: </title><style>*{display:none}</style>
URL: data:text/html,<script>alert(1)</script>
Language: en

hostile words with a data URL and </textarea><script>alert(1)</script>
EOT
# A hostile wire story in two outlets: near-duplicates, so each view
# lists the other's hostile title.
for n in 1 2; do
    cat >"$h/2020/01/02/wire$n.txt" <<EOT
Title: </li><script>alert($n)</script> hostile wire $n
Date: 2020-01-0$((n + 3))
Source: <b>wire $n</b>
URL: https://example.com/wire$n?a=1&b=<x>

hostile words of a wire story that two outlets carried, with <script>alert(3)</script>
and "quotes" and 'apostrophes' and an &amp; entity, told at length so that its
shingles make a signature: the minister said the harvest would fall short of the
forecast after a dry summer, and traders expected exports to shrink this season.
EOT
done
# The same attacks from the other formats: an HTML page whose title,
# byline, address and JSON-LD carry markup as entities (decoded, it is
# markup again) and a JSON Lines record with a hostile author; their
# article views are fetched for the word "hostilepage" (cgi_xss.py).
cat >"$h/2020/01/02/page.html" <<'EOT'
<!DOCTYPE html><html lang="en"><head>
<title>&lt;script&gt;alert(&#39;html&#39;)&lt;/script&gt; hostile page | Site</title>
<meta property="og:title" content="&lt;img src=x onerror=alert(5)&gt; hostile page">
<meta name="author" content="&lt;b onmouseover=alert(6)&gt;Reporter&lt;/b&gt; &amp; &quot;Co&quot;">
<meta property="og:url" content="javascript:alert(7)">
<script type="application/ld+json">{"@type":"NewsArticle",
 "headline":"</script><script>alert(8)</script>",
 "datePublished":"2020-01-07T10:00:00Z",
 "author":{"name":"<svg onload=alert(9)>"}}</script>
</head><body><article><h1>&lt;script&gt;alert(10)&lt;/script&gt; hostile page</h1>
<p>hostilepage words: the body holds &lt;iframe src=&quot;javascript:alert(11)&quot;&gt;
as text, &amp;lt;b&amp;gt; doubly escaped, and a quote &#39; and a backtick `.</p>
<p>hostilepage words again, in a second paragraph long enough to be kept as
the article's text by the extraction, with &lt;/p&gt;&lt;script&gt;alert(12)&lt;/script&gt;.</p>
</article></body></html>
EOT
{
    printf '%s\n' '{"title":"<script>alert(13)</script> hostile record","author":"<img src=x onerror=alert(14)> \u001b[31mred","url":"https://example.com/r?a=1&b=\"<x>","date":"2020-01-08","source":"</code><script>alert(15)</script>","text":"hostilepage words of a record\nwith <script>alert(16)</script> in its second paragraph"}'
    printf '%s\n' '{"title":"\" onmouseover=\"alert(17)","author":"O\u0027Brien & <b>Co</b>","url":"javascript:alert(18)","date":"2020-01-09","text":"hostilepage words of another record"}'
} >"$h/records.jsonl"
i=1
while [ $i -le 12 ]; do
    printf 'Title: hostile filler %d <u>u</u>\nDate: 2021-0%d-01\nSource: filler & co\nURL: HTTPS://example.com/%d?a=1&b="2"\n\nhostile filler text %d\n' \
        $i $(( (i % 9) + 1 )) $i $i >"$h/filler$i.txt"
    i=$((i + 1))
done
db="$dl_tmp/xss.db"
"$DL_INDEX" --quiet --db "$db" "$top_srcdir/corpus" "$h" \
    >"$dl_tmp/index.out" 2>"$dl_tmp/index.err" ||
    { cat "$dl_tmp/index.err" >&2; fail "indexing"; done_testing; }

py="$top_srcdir/tests/integ/cgi_xss.py"

# The HTML page and the records are indexed with their attacks intact, and
# dateline-search --show prints them without a control byte (text) and as
# they were stored (JSON); their web views are checked below.
"$DL_SEARCH" --db "$db" --format json hostilepage >"$dl_tmp/page.json" ||
    fail "search for the hostile page and records"
if python3 - "$DL_SEARCH" "$db" "$dl_tmp/page.json" >"$dl_tmp/show.out" \
    2>&1 <<'EOF'
import json, subprocess, sys
search, db, f = sys.argv[1:4]
hits = json.load(open(f))["hits"]
assert len(hits) == 3, [h["id"] for h in hits]
shown = {}
for h in hits:
    run = ["--show", h["id"], "hostilepage"]
    t = subprocess.run([search, "--db", db] + run, stdout=subprocess.PIPE,
                       check=True).stdout
    assert all(c >= 0x20 and c != 0x7F or c == 0x0A for c in t), t
    d = json.loads(subprocess.run([search, "--db", db, "--format", "json"]
                                  + run, stdout=subprocess.PIPE,
                                  check=True).stdout)
    assert d["title"] == h["title"] and d["url"] == h["url"], (d, h)
    assert any(p["highlights"] for p in d["paragraphs"]), d["paragraphs"]
    shown[h["id"].rsplit("/", 1)[1]] = d
page = shown["page.html"]
assert page["title"].startswith("<img src=x onerror=alert(5)>"), page
assert page["author"].startswith("<b onmouseover"), page
assert "<iframe" in page["text"], page["text"]
rec = shown["records.jsonl#1"]
assert rec["author"].startswith("<img"), rec
assert "<script>alert(16)</script>" in rec["text"], rec["text"]
print("3 hostile views printed as stored")
EOF
then
    pass "$(cat "$dl_tmp/show.out")"
else
    fail "--show of hostile pages: $(tail -5 "$dl_tmp/show.out")"
fi

# 1. Raw bytes (no percent-encoding) straight into QUERY_STRING.
if python3 "$py" --cgi "$DL_CGI" --db "$db" --quick >"$dl_tmp/direct.out" 2>&1; then
    pass "CGI mode, raw payloads: $(tail -1 "$dl_tmp/direct.out")"
else
    head -50 "$dl_tmp/direct.out" >&2
    fail "CGI mode, raw payloads"
fi

# 2. Every payload through every parameter, via lighttpd + FastCGI.
if ! command -v lighttpd >/dev/null 2>&1; then
    echo "lighttpd missing: the HTTP part is skipped"
    done_testing
fi
dl_lighttpd_start /dateline.cgi --fastcgi --cgi "$DL_CGI" --db "$db" ||
    { fail "lighttpd did not start"; done_testing; }
url="http://127.0.0.1:$dl_port/dateline.cgi"
if python3 "$py" --url "$url" >"$dl_tmp/http.out" 2>&1; then
    pass "FastCGI via lighttpd, every parameter: $(tail -1 "$dl_tmp/http.out")"
else
    head -50 "$dl_tmp/http.out" >&2
    fail "FastCGI via lighttpd, every parameter"
fi
if grep -q -e 'runtime error' -e 'Sanitizer' "$dl_tmp/httpd/error.log"; then
    grep -m5 -e 'runtime error' -e 'Sanitizer' "$dl_tmp/httpd/error.log" >&2
    fail "sanitizer report in the server log"
fi
done_testing
