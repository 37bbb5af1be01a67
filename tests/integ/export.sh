#!/bin/sh
# export.sh - the exports and feeds of issue 25 on real indexes: the CSV
# of a search read back with Python's csv module equals its JSON hits
# (titles with commas and quotes included); --all gives every match (its
# count is the search's total, collapsed or not) in text, JSON and CSV,
# with count-based progress lines on stderr; the Atom feed parses, every
# entry has title, link, id and updated, hostile article text is escaped,
# ids are the same run after run; dateline.cgi answers format=csv, atom
# and opensearch with their content types and links them from the page's
# head and results.  On a slice of Reuters (when ../shared/corpora holds
# it) a CSV export of a common word has the search's exact total.
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_SEARCH" ] || skip "dateline-search not built"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"

# corpus/ and a record whose title and source hold every character CSV
# and XML must quote or escape (the indexer folds the control characters
# and the line separator away), beside an undated one.
mkdir -p "$dl_tmp/extra"
printf '%s\n' \
    '{"title":"Oil, \"gas\" & <b>bold</b> ]]> \u0001ctl\u001b[31m \u2028 sep, end","date":"2021-06-01","source":"Hostile <Wire> & \"Co\", Ltd","text":"zqexport words with <script>alert(1)</script> & ]]> and \u0007 a bell, \"quotes\", commas."}' \
    '{"title":"Undated zqexport record","text":"zqexport words of an undated record."}' \
    >"$dl_tmp/extra/hostile.jsonl"
db="$dl_tmp/db"
"$DL_INDEX" --quiet --db "$db" "$top_srcdir/corpus" "$dl_tmp/extra" \
    >/dev/null 2>"$dl_tmp/index.err" ||
    { cat "$dl_tmp/index.err" >&2; fail "indexing"; done_testing; }
S() { "$DL_SEARCH" --db "$db" "$@"; }
base=https://news.example.org/search
py="$dl_tmp/py"
mkdir -p "$py"

# ---- CSV of a search equals its JSON hits ---------------------------------
cat >"$py/csv_json.py" <<'PY'
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
assert raw.endswith(b"\r\n"), "records end in CRLF"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["rank", "id", "date", "source", "title", "url", "lang",
                   "score", "cluster_size"], rows[0]
hits = json.load(open(sys.argv[2]))["hits"]
assert len(rows) - 1 == len(hits), (len(rows) - 1, len(hits))
for r, h in zip(rows[1:], hits):
    want = [str(h["rank"]), h["id"], h["date"] or "", h["source"] or "",
            h["title"], h["url"] or "", h["lang"] or "",
            "%.4f" % h["score"], str(h["duplicates"] + 1)]
    assert r == want, (r, want)
print(len(hits), "rows")
PY
for args in "grain" "--limit 1000 date:1900..2100" \
    "--limit 1000 --no-collapse date:1900..2100" "--sort newest zqexport" \
    "--limit 200 --match any quotes commas"; do
    # shellcheck disable=SC2086
    if S --format csv $args >"$dl_tmp/s.csv" 2>"$dl_tmp/err" &&
        S --format json $args >"$dl_tmp/s.json" 2>>"$dl_tmp/err" &&
        python3 "$py/csv_json.py" "$dl_tmp/s.csv" "$dl_tmp/s.json" \
            >"$dl_tmp/cmp" 2>&1; then
        pass "CSV = JSON for '$args' ($(cat "$dl_tmp/cmp"))"
    else
        fail "CSV = JSON for '$args': $(tail -3 "$dl_tmp/cmp" "$dl_tmp/err")"
    fi
done
S --format csv zqexport >"$dl_tmp/h.csv"
cat >"$py/hostile_csv.py" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
t = [r for r in rows if r[1].endswith("hostile.jsonl#1")][0]
assert t[4].startswith('Oil, "gas" & <b>bold</b> ]]>'), t[4]
assert t[4].endswith("sep, end"), t[4]
assert t[3] == 'Hostile <Wire> & "Co", Ltd', t[3]
PY
check "a title and a source with commas and quotes round-trip" \
    python3 "$py/hostile_csv.py" "$dl_tmp/h.csv"

# ---- --all: every match, streamed, with its total --------------------------
cat >"$py/progress.py" <<'PY'
import sys
t = int(sys.argv[1])
for n in range(50, t + 1, 50):
    print("dateline-search: exported %d of %d articles" % (n, t))
print("dateline-search: exported %d articles" % t)
PY
cat >"$py/all_json.py" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))[1:]
assert d["total"] == int(sys.argv[3]) == len(d["hits"]), d["total"]
assert [h["rank"] for h in d["hits"]] == list(range(1, len(d["hits"]) + 1))
assert [h["id"] for h in d["hits"]] == [r[1] for r in rows]
assert len({h["id"] for h in d["hits"]}) == len(rows), "no id twice"
assert all("snippet" in h for h in d["hits"])
PY
total_of() {
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
rows_of() {
    python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))) - 1)' "$1"
}
q='date:1900..2100 OR zqexport'
for mode in "" --no-collapse; do
    # Facets make the total exact.
    # shellcheck disable=SC2086
    total=$(S $mode --facets --format json "$q" | total_of)
    # shellcheck disable=SC2086
    DATELINE_PROGRESS_EVERY=50 S $mode --all --format csv "$q" \
        >"$dl_tmp/all.csv" 2>"$dl_tmp/all.err" || fail "--all csv $mode"
    rows=$(rows_of "$dl_tmp/all.csv")
    check "--all $mode: $rows CSV rows = the search's total $total" \
        test "$rows" = "$total" -a "$total" -gt 100
    python3 "$py/progress.py" "$total" >"$dl_tmp/want.err"
    check "--all $mode: a progress line every 50 articles, then the count" \
        cmp -s "$dl_tmp/all.err" "$dl_tmp/want.err"
    # shellcheck disable=SC2086
    S $mode --all --format json "$q" 2>/dev/null >"$dl_tmp/all.json"
    check "--all $mode JSON: one valid object, the CSV's articles in order" \
        python3 "$py/all_json.py" "$dl_tmp/all.json" "$dl_tmp/all.csv" "$total"
done
# The order of the pages of a search.
ids() {
    python3 -c 'import csv,sys; [print(r[1]) for r in list(csv.reader(sys.stdin))[1:]]'
}
S --all --sort oldest --format csv 'date:1900..2100' 2>/dev/null | ids \
    >"$dl_tmp/all.ids"
: >"$dl_tmp/paged.ids"
for off in 0 50 100 150; do
    S --sort oldest --limit 50 --offset $off --format csv 'date:1900..2100' |
        ids >>"$dl_tmp/paged.ids"
done
check "--all --sort oldest lists the pages' articles in their order" \
    cmp -s "$dl_tmp/all.ids" "$dl_tmp/paged.ids"
n=$(S --all grain 2>/dev/null | grep -c '^ *[0-9][0-9]*\. ')
total=$(S --format json grain | total_of)
check "--all text: $n hit blocks for $total results" test "$n" = "$total"
for bad in "--all --limit 5" "--all --offset 5" "--all --facets" \
    "--all --format atom --base-url $base"; do
    # shellcheck disable=SC2086
    S $bad grain >/dev/null 2>"$dl_tmp/err"
    rc=$?
    check "'$bad' refused with a message (exit $rc)" \
        test "$rc" = 2 -a -s "$dl_tmp/err"
done

# ---- the Atom feed ---------------------------------------------------------
S --format atom grain >/dev/null 2>"$dl_tmp/err"
rc=$?
check "--format atom without a base URL: exit 2, says what it needs" \
    sh -c "test $rc = 2 && grep -q -- --base-url '$dl_tmp/err'"
S --format atom --base-url "$base" --limit 100 "$q" >"$dl_tmp/a1.xml" ||
    fail "atom feed"
DATELINE_BASE_URL=$base S --format atom --limit 100 "$q" >"$dl_tmp/a2.xml" ||
    fail "atom feed (base URL from the environment)"
check "the feed is the same run after run (ids, dates, links)" \
    cmp -s "$dl_tmp/a1.xml" "$dl_tmp/a2.xml"
S --format json --sort newest --limit 100 "$q" >"$dl_tmp/a.json"
cat >"$py/atom.py" <<'PY'
import json, sys, urllib.parse
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
hits = json.load(open(sys.argv[2]))["hits"]
base = sys.argv[3]
enc = lambda s: urllib.parse.quote_plus(s, safe="-._~")
assert feed.tag == A + "feed"
for f in ("title", "id", "updated"):
    assert feed.find(A + f) is not None and feed.find(A + f).text, f
links = {l.get("rel"): l for l in feed.findall(A + "link")}
qs = "q=" + enc("date:1900..2100 OR zqexport")
assert links["self"].get("href") == base + "?" + qs + "&format=atom", \
    links["self"].get("href")
assert links["self"].get("type") == "application/atom+xml"
assert links["alternate"].get("href") == base + "?" + qs
entries = feed.findall(A + "entry")
assert len(entries) == len(hits) == 100, (len(entries), len(hits))
dates = []
for e, h in zip(entries, hits):
    for f in ("title", "id", "updated"):
        assert e.find(A + f) is not None and e.find(A + f).text, (f, h["id"])
    assert e.find(A + "title").text == (h["title"] or "(untitled)")
    assert e.find(A + "id").text == "tag:dateline,2026:article:" + \
        enc(h["id"]), e.find(A + "id").text
    href = e.find(A + "link").get("href")
    if h["url"] and h["url"].startswith(("http://", "https://")):
        assert href == h["url"], (href, h["url"])
    else:
        assert href == base + "?show=" + enc(h["id"]), href
    up = e.find(A + "updated").text
    if h["date"] and len(h["date"]) == 10:
        assert up == h["date"] + "T00:00:00Z", (up, h["date"])
    assert len(up) == 20 and up.endswith("T00:00:00Z"), up
    assert (e.find(A + "summary").text or "") == h["snippet"]
    dates.append(up)
assert dates == sorted(dates, reverse=True), "newest first"
assert feed.find(A + "updated").text == dates[0]
print(len(entries), "entries")
PY
if python3 "$py/atom.py" "$dl_tmp/a1.xml" "$dl_tmp/a.json" "$base" \
    >"$dl_tmp/atom.out" 2>&1; then
    pass "Atom feed parses, every entry has title, link, id, updated ($(cat "$dl_tmp/atom.out"))"
else
    fail "Atom feed: $(tail -5 "$dl_tmp/atom.out")"
fi
S --format atom --base-url "$base" zqexport >"$dl_tmp/h.xml"
cat >"$py/hostile_atom.py" <<'PY'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
raw = open(sys.argv[1], "rb").read()
assert b"<b>" not in raw and b"<script" not in raw and b"]]>" not in raw
assert not any(c < 0x20 and c not in b"\t\n\r" for c in raw)
feed = ET.fromstring(raw)
es = {e.find(A + "id").text: e for e in feed.findall(A + "entry")}
h = [e for i, e in es.items() if i.endswith("hostile.jsonl%231")][0]
assert h.find(A + "title").text.startswith('Oil, "gas" & <b>bold</b> ]]>')
assert h.find(A + "author").find(A + "name").text == \
    'Hostile <Wire> & "Co", Ltd'
assert "<script>alert(1)</script> & ]]>" in h.find(A + "summary").text
u = [e for i, e in es.items() if i.endswith("hostile.jsonl%232")][0]
assert u.find(A + "updated").text == "1970-01-01T00:00:00Z"
PY
check "hostile title, source and text are escaped and read back as written" \
    python3 "$py/hostile_atom.py" "$dl_tmp/h.xml"

# ---- dateline.cgi ----------------------------------------------------------
if [ -x "$DL_CGI" ]; then
    cgi() {
        REQUEST_METHOD=GET QUERY_STRING=$1 DATELINE_DB=$db \
            DATELINE_BASE_URL=${cgi_base-} "$DL_CGI" >"$dl_tmp/out" \
            2>"$dl_tmp/cgi.err"
        sed -n '1,/^\r$/p' "$dl_tmp/out" | tr -d '\r' >"$dl_tmp/h"
        sed '1,/^\r$/d' "$dl_tmp/out" >"$dl_tmp/b"
    }
    header() { sed -n "s/^$1: //p" "$dl_tmp/h"; }
    cgi 'q=grain&format=csv&sort=newest&page=3'
    check "format=csv: text/csv" \
        test "$(header Content-Type)" = "text/csv; charset=utf-8"
    check "format=csv: a file name" test "$(header Content-Disposition)" = \
        'attachment; filename="dateline-search.csv"'
    S --format csv --sort newest grain >"$dl_tmp/cli.csv"
    check "format=csv is the CLI's CSV of the search from its first hit" \
        cmp -s "$dl_tmp/b" "$dl_tmp/cli.csv"
    cgi 'q=date%3A1900..2100&format=csv'
    rows=$(rows_of "$dl_tmp/b")
    total=$(S --facets --format json 'date:1900..2100' | total_of)
    check "format=csv: every hit up to the cap ($rows of $total)" \
        test "$rows" = "$total"
    cgi_base=$base cgi 'q=grain&source=Baltic+Morning&format=atom'
    check "format=atom: application/atom+xml" \
        test "$(header Content-Type)" = "application/atom+xml; charset=utf-8"
    cat >"$py/cgi_atom.py" <<'PY'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
links = {l.get("rel"): l.get("href") for l in feed.findall(A + "link")}
qs = "?q=grain&source=Baltic+Morning"
assert links["self"] == sys.argv[2] + qs + "&format=atom", links
assert links["alternate"] == sys.argv[2] + qs, links
es = feed.findall(A + "entry")
assert 0 < len(es) <= 20
for e in es:
    assert e.find(A + "author").find(A + "name").text == "Baltic Morning"
    for f in ("title", "link", "id", "updated"):
        assert e.find(A + f) is not None, f
PY
    check "format=atom: the feed of the search and its filters" \
        python3 "$py/cgi_atom.py" "$dl_tmp/b" "$base"
    cgi 'q=zqexport&format=atom'
    check "format=atom without base_url: links relative to the page" \
        python3 -c 'import sys, xml.etree.ElementTree as ET; f = ET.parse(sys.argv[1]).getroot(); assert f.find("{http://www.w3.org/2005/Atom}link").get("href") == "?q=zqexport&format=atom"' "$dl_tmp/b"
    cgi_base=$base cgi 'format=opensearch'
    check "format=opensearch: its media type" \
        test "$(header Content-Type)" = \
        "application/opensearchdescription+xml; charset=utf-8"
    cat >"$py/opensearch.py" <<'PY'
import sys
import xml.etree.ElementTree as ET
O = "{http://a9.com/-/spec/opensearch/1.1/}"
d = ET.parse(sys.argv[1]).getroot()
assert d.tag == O + "OpenSearchDescription"
assert d.find(O + "ShortName").text == "Dateline"
t = {u.get("type"): u.get("template") for u in d.findall(O + "Url")}
assert t["text/html"] == sys.argv[2] + "?q={searchTerms}", t
assert t["application/atom+xml"] == \
    sys.argv[2] + "?q={searchTerms}&format=atom", t
PY
    check "format=opensearch: templates for the page and the feed" \
        python3 "$py/opensearch.py" "$dl_tmp/b" "$base"
    cgi 'q=grain&sort=newest'
    check "the page's head links the OpenSearch description" grep -q \
        '<link rel="search" type="application/opensearchdescription+xml" title="Dateline" href="?format=opensearch">' "$dl_tmp/b"
    check "the page's head links the feed of its search" grep -q \
        '<link rel="alternate" type="application/atom+xml" title="Feed of this search" href="?q=grain&amp;format=atom">' "$dl_tmp/b"
    check "the results link the CSV of the search (in its order)" grep -q \
        '<a href="?q=grain&amp;sort=newest&amp;format=csv">CSV of these results</a>' "$dl_tmp/b"
    check "the results link the feed" grep -q \
        '<a href="?q=grain&amp;format=atom">Atom feed of this search</a>' \
        "$dl_tmp/b"
fi

# ---- Reuters: a slice of reuters.jsonl, a common word ----------------------
r="$DL_CORPORA/reuters21578/reuters.jsonl"
if [ -f "$r" ]; then
    head -n 1000 "$r" >"$dl_tmp/reuters.jsonl"
    "$DL_INDEX" --quiet --db "$dl_tmp/r.db" "$dl_tmp/reuters.jsonl" \
        >/dev/null 2>&1 || fail "indexing the Reuters slice"
    total=$("$DL_SEARCH" --db "$dl_tmp/r.db" --facets --format json said |
        total_of)
    "$DL_SEARCH" --db "$dl_tmp/r.db" --all --format csv said \
        >"$dl_tmp/r.csv" 2>/dev/null || fail "Reuters export"
    rows=$(python3 -c 'import csv,sys; r = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))); assert all(len(x) == 9 for x in r); print(len(r) - 1)' "$dl_tmp/r.csv")
    check "Reuters: the CSV export of 'said' parses, $rows rows = total $total" \
        test "$rows" = "$total" -a "$total" -gt 300
else
    echo "no $r: the Reuters check is skipped"
fi
done_testing
