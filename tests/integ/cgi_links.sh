#!/bin/sh
# cgi_links.sh - every link the page makes is one the page accepts (issue
# 22 item 15).  Over corpus/ plus articles at every edge the index can
# hold (a source as long as the indexer keeps, 1 KiB after its cut, full
# of bytes a URL must escape; a folder-named source; the first and last
# years a date may have; many languages; enough hits for pagination), the
# start pages below are fetched through lighttpd + FastCGI, every "?..."
# link on them is followed, and each must answer 200 with a page of
# results or of nothing found, never "This address cannot be searched".
# The links of the pages a source facet leads to are followed too, so that
# the long source rides on sort, page and other facet links as well.
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_CGI" ] || skip "dateline.cgi not built"
command -v lighttpd >/dev/null 2>&1 || skip "lighttpd missing"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"

edge="$dl_tmp/edge"
mkdir -p "$edge/2020/05/01"
# A source of 1,100 bytes (the indexer keeps 1,024), with & ; + = % # ?
# and letters of two and three bytes.
long_source=$(python3 -c 'print(("Ünïcøde & Co; 100% +news= #1? Вести € " * 40)[:1000])')
i=1
while [ $i -le 24 ]; do
    lang=en
    case $((i % 4)) in 1) lang=fr ;; 2) lang=ru ;; 3) lang=kk ;; esac
    printf 'Title: Edgeword report %d\nDate: 2020-05-%02d\nSource: %s\nLanguage: %s\n\nThe edgeword wire carried report %d on the harvest.\n' \
        $i $i "$long_source" $lang $i >"$edge/2020/05/01/long$i.txt"
    i=$((i + 1))
done
printf 'Title: Edgeword at the first year\nDate: 1000-01-01\nSource: Annals\n\nAn edgeword from the year 1000.\n' \
    >"$edge/first.txt"
printf 'Title: Edgeword at the last year\nDate: 2999-12-31\nSource: Annals\n\nAn edgeword from the year 2999.\n' \
    >"$edge/last.txt"
# No Source line: the folder names the source.
folder=$(python3 -c 'print("wire-" * 40 + "desk")')
mkdir -p "$edge/$folder"
printf 'Title: Edgeword from a folder\nDate: 2021-03-04\n\nAn edgeword whose source is its folder.\n' \
    >"$edge/$folder/folder.txt"
db="$dl_tmp/links.db"
"$DL_INDEX" --quiet --db "$db" "$top_srcdir/corpus" "$edge" \
    >"$dl_tmp/index.out" 2>"$dl_tmp/index.err" ||
    { cat "$dl_tmp/index.err" >&2; fail "indexing"; done_testing; }

dl_lighttpd_start /dateline.cgi --fastcgi --cgi "$DL_CGI" --db "$db" ||
    { fail "lighttpd did not start"; done_testing; }
url="http://127.0.0.1:$dl_port/dateline.cgi"

if python3 - "$url" "$long_source" >"$dl_tmp/crawl.out" 2>&1 <<'EOF'
import html, re, sys, urllib.error, urllib.parse, urllib.request

url, long_source = sys.argv[1], sys.argv[2]
# A long query of real words (with a typo, for a suggestion) that still
# finds articles: the any-word fallback.
words = ("edgeword harvest grain wire report pipeline festival budget "
         "exports election drought harvset").split()
long_q = " ".join(words[i % len(words)] for i in range(90))[:1000]
starts = [
    "q=edgeword",
    "q=" + urllib.parse.quote_plus(long_q),
    "q=harvest&from=1000&to=2999-12-31",
    "source=Annals",
]
HREF = re.compile(r'href="\?([^"]*)"')
seen = set()
failures = 0
fetched = 0


def get(qs):
    try:
        with urllib.request.urlopen(url + "?" + qs, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def links(page):
    return [html.unescape(m) for m in HREF.findall(page)]


def follow(qs, where):
    global failures, fetched
    if qs in seen:
        return None
    seen.add(qs)
    status, page = get(qs)
    fetched += 1
    bad = status != 200 or 'role="alert"' in page or \
        "cannot be searched" in page
    if bad:
        failures += 1
        print("FAIL: %s links to ?%s: status %d: %s" % (
            where, qs[:160], status,
            " ".join(re.findall(r'role="alert">([^<]*)', page))[:200]))
        return None
    return page


level1 = []
for s in starts:
    page = follow(s, "(start)")
    if page is None:
        continue
    for l in links(page):
        level1.append((l, s))
# Everything the start pages link to, then what those pages link to
# that is new (sort, pages, facets of a filtered page).
level2 = []
for l, s in level1:
    page = follow(l, "?" + s[:60])
    # A page a facet led to: its own links carry the facet's value.
    if page is not None and "source=" in l and "source=" not in s:
        level2.extend((m, l) for m in links(page))
for m, l in level2:
    follow(m, "?" + l[:60])
# The long source is a facet and is linked, whole, from the first page.
enc = urllib.parse.quote_plus(long_source[:200])
if not any(enc[:150] in l for l in seen):
    failures += 1
    print("FAIL: no link filters on the long source")
for month in ("1000-01", "2999-12"):
    if not any("from=%s&to=%s" % (month, month) in l for l in seen):
        failures += 1
        print("FAIL: no link to the month %s" % month)
print("%d links followed, %d failures" % (fetched, failures))
sys.exit(1 if failures else 0)
EOF
then
    pass "every link answers 200: $(tail -1 "$dl_tmp/crawl.out")"
else
    head -40 "$dl_tmp/crawl.out" >&2
    fail "links the page refuses"
fi
if grep -q -e 'runtime error' -e 'Sanitizer' "$dl_tmp/httpd/error.log"; then
    fail "sanitizer report in the server log"
fi
done_testing
