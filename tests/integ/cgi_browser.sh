#!/bin/sh
# cgi_browser.sh - the page in a real browser (headless Debian chromium)
# through lighttpd: the form's method, action and field names as the DOM
# has them, the URL a submission of that form produces, the "next page"
# link found in the DOM, the "similar articles" link of a collapsed wire
# story leading to its article view with the others listed, the top
# words panel (words=1: each word a link adding it to the query), no
# Content-Security-Policy complaint (the style's hash is right, nothing
# else tries to load), and screenshots of the results, the top words
# panel and the view at
# phone (390x844) and desktop (1280x900) sizes in
# $top_builddir/tests/screenshots for a person to look at (the results
# show the export links, CSV and Atom, which the DOM must hold, with the
# head's feed and OpenSearch links, each answered by the server with its
# type).  Skipped when
# chromium is not installed.
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_CGI" ] || skip "dateline.cgi not built"
browser=
for c in chromium chromium-browser; do
    if command -v "$c" >/dev/null 2>&1; then browser=$c; break; fi
done
[ -n "$browser" ] || skip "chromium missing"
command -v lighttpd >/dev/null 2>&1 || skip "lighttpd missing"

dl_index_corpus || { fail "indexing corpus/"; done_testing; }
shots="$top_builddir/tests/screenshots"
mkdir -p "$shots"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$top_srcdir/scripts/serve-lighttpd.sh" --cgi "$DL_CGI" \
    --db "$dl_tmp/corpus.db" --state "$dl_tmp/httpd" "$port" \
    >"$dl_tmp/serve.log" 2>&1 &
httpd=$!
trap 'kill $httpd 2>/dev/null; wait $httpd 2>/dev/null; rm -rf "$dl_tmp"' EXIT
page="http://127.0.0.1:$port/dateline.cgi"
n=0
until curl -s -o /dev/null "$page"; do
    n=$((n + 1))
    [ $n -le 50 ] || { fail "lighttpd did not start"; done_testing; }
    sleep 0.2
done

# chrome ARGS...: headless chromium, its log in $dl_tmp/chrome.log.
chrome() {
    profile=$(mktemp -d "$dl_tmp/profile-XXXXXX")
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync \
        --enable-logging=stderr --v=0 \
        --user-data-dir="$profile" "$@" 2>>"$dl_tmp/chrome.log"
}

# 1. The form as the browser sees it.
chrome --dump-dom "$page" >"$dl_tmp/form.html" ||
    fail "chromium could not load $page"
cat >"$dl_tmp/form.py" <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    forms = []
    fields = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            self.forms.append(a)
        if tag in ('input', 'button', 'select') and self.forms:
            self.fields.append((tag, a.get('type'), a.get('name'),
                                a.get('id')))
p = P()
p.feed(open(sys.argv[1]).read())
assert len(p.forms) == 1, p.forms
f = p.forms[0]
assert f.get('method') == 'get', f
# No action: the form submits to the page itself, whatever its URL.
assert f.get('action') in (None, ''), f
names = [x[2] for x in p.fields if x[2]]
assert names[:3] == ['q', 'from', 'to'], names
assert ('input', 'search', 'q', 'q') in p.fields, p.fields
assert ('input', 'date', 'from', 'from') in p.fields, p.fields
assert any(x[0] == 'button' and x[1] == 'submit' for x in p.fields), p.fields
print(' '.join(names))
EOF
if python3 "$dl_tmp/form.py" "$dl_tmp/form.html" >"$dl_tmp/form.txt"; then
    pass "form: GET to itself, fields $(cat "$dl_tmp/form.txt")"
else
    fail "form in the DOM"
fi

# 2. What submitting "the" with empty dates produces: the URL a browser
# builds from those fields (application/x-www-form-urlencoded).
submit="$page?q=the&from=&to="
chrome --dump-dom "$submit" >"$dl_tmp/results.html" ||
    fail "chromium could not load the results"
cat >"$dl_tmp/results.py" <<'EOF'
import sys, urllib.parse
from html.parser import HTMLParser
class P(HTMLParser):
    hits = 0
    nxt = None
    exports = {}
    heads = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'article':
            self.hits += 1
        if tag == 'a' and a.get('rel') == 'next':
            self.nxt = a['href']
        if tag == 'a' and 'format=' in a.get('href', ''):
            self.exports[a['href'].rsplit('format=', 1)[1]] = a['href']
        if tag == 'link':
            self.heads[a.get('rel')] = (a.get('type'), a.get('href'))
p = P()
p.feed(open(sys.argv[1]).read())
assert p.hits == 10, 'hits on page 1: %d' % p.hits
assert p.nxt, 'no next link'
# The exports of the search, in the DOM as the browser built it.
assert p.exports.get('csv') == '?q=the&format=csv', p.exports
assert p.exports.get('atom') == '?q=the&format=atom', p.exports
assert p.heads.get('search') == ('application/opensearchdescription+xml',
                                 '?format=opensearch'), p.heads
assert p.heads.get('alternate') == ('application/atom+xml',
                                    '?q=the&format=atom'), p.heads
open(sys.argv[1] + '.exports', 'w').write(
    urllib.parse.urljoin(sys.argv[2], p.exports['csv']) + ' ' +
    urllib.parse.urljoin(sys.argv[2], p.exports['atom']) + ' ' +
    urllib.parse.urljoin(sys.argv[2], p.heads['search'][1]))
print(urllib.parse.urljoin(sys.argv[2], p.nxt))
EOF
if next=$(python3 "$dl_tmp/results.py" "$dl_tmp/results.html" "$submit"); then
    pass "the submission shows 10 hits, a next link, the export links and the head's feed and search links"
else
    fail "results page in the DOM"
    next=
fi
# 2b. What the export links and the head's OpenSearch link lead to, as
# the server answers the browser's URLs.
if [ -s "$dl_tmp/results.html.exports" ]; then
    read -r csv_url atom_url osd_url <"$dl_tmp/results.html.exports"
    check "the CSV link answers text/csv" sh -c \
        "curl -s -o /dev/null -w '%{content_type}' '$csv_url' | grep -qx 'text/csv; charset=utf-8'"
    check "the feed link answers a feed" sh -c \
        "curl -s '$atom_url' | python3 -c 'import sys, xml.etree.ElementTree as ET; assert ET.parse(sys.stdin).getroot().tag == \"{http://www.w3.org/2005/Atom}feed\"'"
    check "the head's search link answers an OpenSearch description" sh -c \
        "curl -s -o /dev/null -w '%{content_type}' '$osd_url' | grep -qx 'application/opensearchdescription+xml; charset=utf-8'"
fi

# 3. Follow the next link.
if [ -n "$next" ]; then
    if [ "$next" = "$page?q=the&page=2" ]; then
        pass "next link is $next"
    else
        fail "next link '$next'"
    fi
    chrome --dump-dom "$next" >"$dl_tmp/page2.html" ||
        fail "chromium could not load page 2"
    check "page 2 shows results 11-20" \
        grep -q 'Results 11–20 of' "$dl_tmp/page2.html"
    check "page 2 is marked current" \
        grep -q '<span aria-current="page">2</span>' "$dl_tmp/page2.html"
fi

# 3b. The "similar articles" link of the grain story, as the DOM has it,
# opens its article view: the text, the query marked, the others listed.
chrome --dump-dom "$page?q=grain" >"$dl_tmp/grain.html" ||
    fail "chromium could not load the grain results"
cat >"$dl_tmp/dups.py" <<'EOF'
import sys, urllib.parse
from html.parser import HTMLParser
class P(HTMLParser):
    in_dups = False
    link = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'p' and a.get('class') == 'dups':
            self.in_dups = True
        if tag == 'a' and self.in_dups and self.link is None:
            self.link = a['href']
    def handle_endtag(self, tag):
        if tag == 'p':
            self.in_dups = False
p = P()
p.feed(open(sys.argv[1]).read())
assert p.link and p.link.startswith('?show=') and p.link.endswith('#similar'), p.link
print(urllib.parse.urljoin(sys.argv[2], p.link))
EOF
view=
if view=$(python3 "$dl_tmp/dups.py" "$dl_tmp/grain.html" "$page?q=grain"); then
    pass "the similar-articles link is in the DOM"
    chrome --dump-dom "$view" >"$dl_tmp/view.html" ||
        fail "chromium could not load the view"
    check "the view shows the article with the query marked" \
        grep -q '<h1>.*<mark>grain</mark>' "$dl_tmp/view.html"
    check "the view lists the similar articles" \
        grep -q '<section id="similar">' "$dl_tmp/view.html"
else
    fail "no similar-articles link in the DOM"
fi

# 3c. The top words panel (words=1) as the DOM has it: words linked to
# the search with the word added, the panel kept; following one runs
# that search.
chrome --dump-dom "$page?q=oil&words=1" >"$dl_tmp/words.html" ||
    fail "chromium could not load the top words"
cat >"$dl_tmp/words.py" <<'EOF2'
import sys, urllib.parse
from html.parser import HTMLParser
class P(HTMLParser):
    in_words = False
    links = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'ul' and a.get('class') == 'words':
            self.in_words = True
        if tag == 'a' and self.in_words:
            self.links.append(a['href'])
    def handle_endtag(self, tag):
        if tag == 'ul':
            self.in_words = False
p = P()
p.feed(open(sys.argv[1]).read())
assert len(p.links) >= 5, p.links
for l in p.links:
    q = urllib.parse.parse_qs(l[1:])
    assert q['q'][0].startswith('oil ') and q['words'] == ['1'], l
print(urllib.parse.urljoin(sys.argv[2], p.links[0]))
EOF2
if word=$(python3 "$dl_tmp/words.py" "$dl_tmp/words.html" "$page?q=oil&words=1"); then
    pass "the top words panel links each word, added to the query"
    chrome --dump-dom "$word" >"$dl_tmp/word.html" ||
        fail "chromium could not follow a top word"
    check "a top word's link searches for oil and the word, panel kept" \
        grep -q '<ul class="words">' "$dl_tmp/word.html"
    check "the page says what the search was" \
        grep -q 'for <strong>oil [a-z]*</strong>' "$dl_tmp/word.html"
else
    fail "no top words panel in the DOM"
fi
check "without words=1 the panel is a link asking for it" \
    grep -q 'words=1#top-words' "$dl_tmp/grain.html"

# 4. Screenshots, phone and desktop, of a page with every part on it.
shot="$page?q=the"
chrome --screenshot="$shots/results-phone.png" --window-size=390,844 \
    --hide-scrollbars "$shot" >/dev/null || fail "phone screenshot"
chrome --screenshot="$shots/results-desktop.png" --window-size=1280,900 \
    --hide-scrollbars "$shot" >/dev/null || fail "desktop screenshot"
chrome --screenshot="$shots/error-phone.png" --window-size=390,844 \
    --hide-scrollbars "$page?q=grain&page=0" >/dev/null ||
    fail "error screenshot"
# The top words panel: on a phone it comes below the hits, so the
# window is tall enough to hold the whole page (the "Show" link jumps
# there with #top-words).
chrome --screenshot="$shots/words-phone.png" --window-size=390,4400 \
    --hide-scrollbars "$page?q=oil&words=1" >/dev/null ||
    fail "top words phone screenshot"
chrome --screenshot="$shots/words-desktop.png" --window-size=1280,1100 \
    --hide-scrollbars "$page?q=oil&words=1" >/dev/null ||
    fail "top words desktop screenshot"
if [ -n "$view" ]; then
    # From the top (headless chromium paints a page scrolled to its
    # fragment badly).
    view=${view%#similar}
    chrome --screenshot="$shots/view-phone.png" --window-size=390,844 \
        --hide-scrollbars "$view" >/dev/null || fail "view phone screenshot"
    chrome --screenshot="$shots/view-desktop.png" --window-size=1280,900 \
        --hide-scrollbars "$view" >/dev/null || fail "view desktop screenshot"
fi
for f in results-phone results-desktop error-phone view-phone view-desktop \
    words-phone words-desktop; do
    size=$(wc -c <"$shots/$f.png" 2>/dev/null || echo 0)
    check "screenshot $f.png ($size bytes)" test "$size" -gt 10000
done

# 5. The browser applied the policy and found nothing to refuse.
if grep -i -e 'Refused to' -e 'Content Security Policy' \
    "$dl_tmp/chrome.log" >"$dl_tmp/csp.txt"; then
    head -5 "$dl_tmp/csp.txt" >&2
    fail "chromium reported CSP violations"
else
    pass "no CSP violation reported"
fi
done_testing
