#!/bin/sh
# cgi_xss.sh - hostile input through every parameter (show included), and
# hostile articles in the index (in their views too, with their hostile
# near-duplicates listed), must never put markup, an event handler or a URL
# scheme on the page that the template does not write itself (cgi_xss.py
# checks each page with html.parser).  Raw bytes go straight to the CGI program; the
# full set of payloads times parameters goes through lighttpd with
# dateline.cgi in FastCGI mode (one process: fast even under sanitizers).
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
