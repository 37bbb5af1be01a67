#!/bin/sh
# index_articles.sh - articles as real archives hold them, black box
# through the indexer, the CLI's JSON and the CGI:
#  - headline-only articles (wire flashes: a title, no body) are indexed
#    in every format (.jsonl, .txt with a Title: header or one line,
#    .html with only a <title>), are found by a title word, show an empty
#    snippet and do not collapse into one hit; a record or file with
#    neither a title nor a body is skipped with a warning naming it;
#  - files whose names differ only in a newline, a CR, an invalid byte or
#    a backslash keep distinct, stable ids, shown escaped (\xHH, \\) in
#    valid JSON;
#  - an article URL up to DL_URL_MAX bytes (common/dl_schema.h) is stored
#    whole and linked on the page; a longer one is neither stored nor
#    linked, the JSON says "url_too_long": true and a warning names the
#    file.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

url_max=$(awk '$1 == "#define" && $2 == "DL_URL_MAX" { print $3 }' \
    "$top_srcdir/common/dl_schema.h")
case $url_max in '' | *[!0-9]*) fail "cannot read DL_URL_MAX"; done_testing ;; esac

cd "$dl_tmp" || exit 1
mkdir -p T/flash T/odd T/url
python3 - "$url_max" <<'EOF' || { fail "writing the fixtures"; done_testing; }
import json, os, sys
url_max = int(sys.argv[1])
def put(path, data):
    with open(path.encode('utf-8', 'surrogateescape'), 'wb') as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)
# Headline-only articles and ones with nothing at all.
recs = [{"title": "ZQJSONFLASH OIL MINISTERS MEET IN VIENNA", "body": ""},
        {"title": "Body-only record", "body": "zqjsonbody wheat"},
        {"title": " ", "body": "", "topics": ["none"]},
        {"title": "ZQJSONFLASH BANK RATE UNCHANGED", "text": ""}]
put('T/flash/wire.jsonl', ''.join(json.dumps(r) + '\n' for r in recs))
put('T/flash/header.txt', 'Title: Zqtxtflash tax writers seek curbs\n'
    'Date: 1987-03-02\nSource: Wire\n\n')
put('T/flash/oneline.txt', 'Zqlineflash grain exports halted\n')
put('T/flash/nothing.txt', 'Date: 1987-03-02\nSource: Wire\n\n  \n')
put('T/flash/page.html', '<!doctype html><html><head><title>Zqhtmlflash '
    'ceasefire agreed</title><script>x()</script></head><body></body></html>')
put('T/flash/blank.html', '<html><head><title> </title></head><body>'
    '<script>app()</script></body></html>')
# Names that differ only in a byte that cannot be shown as it is (texts
# unlike each other, so that no near-duplicates collapse).
texts = ['Grain exports rose sharply in March.',
         'The central bank kept its rate at four percent.',
         'Heavy snow closed the mountain pass for two days.',
         'A new tram line opens in the northern district.',
         'Fishermen protested against the catch quotas.',
         'The museum returned three paintings to their owners.']
names = ['a\nb', 'a\rb', 'a b', 'a\udcffb', 'a\\x0ab', 'a\\\\b']
for name, text in zip(names, texts):
    put('T/odd/%s.txt' % name, 'Title: Odd name\n\nzqoddname %s\n' % text)
# URLs at and past the cap.
def url(n):
    u = 'https://example.org/story?id='
    return u + 'x' * (n - len(u))
put('T/url/at.txt', 'Title: Zqurl at the cap\nURL: %s\n\nzqurl body.\n'
    % url(url_max))
put('T/url/past.txt', 'Title: Zqurl past the cap\nURL: %s\n\nzqurl body.\n'
    % url(url_max + 1))
EOF

"$DL_INDEX" --db db T >idx.out 2>idx.err
rc=$?
check "the indexer completes (exit $rc)" [ "$rc" -eq 0 ]
grep -q 'Sanitizer\|runtime error' idx.err && fail "sanitizer report: $(head -n 5 idx.err)"

search() {
    "$DL_SEARCH" --db db --format json --limit 50 "$@"
}

# ---- headline-only articles -------------------------------------------------
for w in zqjsonflash zqtxtflash zqlineflash zqhtmlflash; do
    search -- "$w" >s.json
    if python3 - "$w" s.json <<'EOF'; then
import json, sys
w, hits = sys.argv[1], json.load(open(sys.argv[2]))["hits"]
assert hits, "no hit"
for h in hits:
    assert w in h["title"].lower(), h["title"]
    assert h["snippet"] == "" and h["highlights"] == [], h["snippet"]
EOF
        pass "headline-only article found by '$w', empty snippet"
    else
        fail "headline-only article not found by '$w'"
    fi
done
search -- zqjsonflash >s.json
check "two different flashes of one file are two hits, not one cluster" \
    python3 -c 'import json,sys; d=json.load(open("s.json")); sys.exit(0 if d["total"] == 2 and all(h["duplicates"] == 0 for h in d["hits"]) else 1)'
check "the body-only record is found" \
    sh -c "'$DL_SEARCH' --db db --format json zqjsonbody | grep -q 'wire.jsonl#2'"
check "a record with neither title nor body: warning with file and line" \
    grep -q 'flash/wire.jsonl:3: .*neither' idx.err
check "a text file with neither: warning naming it" \
    grep -q 'flash/nothing.txt: .*neither' idx.err
check "a page with neither: warning naming it" \
    grep -q 'flash/blank.html: .*neither' idx.err
n=$(grep -c 'neither' idx.err)
check "three warnings for the three empty ones (got $n)" [ "$n" -eq 3 ]
check "the wire flash keeps its header date" sh -c \
    "'$DL_SEARCH' --db db --format json 'zqtxtflash date:1987-03-02' | grep -q '\"total\":1'"

# ---- names that differ in a byte that cannot be shown -----------------------
# odd_ids.py JSON: the hits are the six odd files, with ids and paths
# escaped as docs/json.md says (the paths start with the indexed root).
cat >odd_ids.py <<'EOF'
import json, sys
hits = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
want = sorted("T/odd/%s.txt" % n for n in
              ["a\\x0ab", "a\\x0db", "a b", "a\\xffb", "a\\\\x0ab", "a\\\\\\\\b"])
ids = sorted("T/odd/" + h["id"].split("T/odd/", 1)[1] for h in hits)
paths = sorted("T/odd/" + h["path"].split("T/odd/", 1)[1] for h in hits)
assert ids == want, (ids, want)
assert paths == want, (paths, want)
EOF
search --no-collapse zqoddname >odd.json
check "six odd names: six distinct ids and paths, escaped, in valid JSON" \
    python3 odd_ids.py odd.json
"$DL_INDEX" --db db T >idx2.out 2>idx2.err
check "a re-run finds every odd name unchanged" \
    sh -c "grep -q '^indexed: 0$' idx2.out && grep -q '^updated: 0$' idx2.out"
search --no-collapse zqoddname >odd2.json
python3 -c 'import json,sys; print("\n".join(sorted(h["id"] for h in json.load(open(sys.argv[1]))["hits"])))' odd.json >ids1
python3 -c 'import json,sys; print("\n".join(sorted(h["id"] for h in json.load(open(sys.argv[1]))["hits"])))' odd2.json >ids2
check "the same ids after a re-run" cmp -s ids1 ids2
n=$(dl_ids db | grep -c '^T/odd/')
check "six Q terms for the six odd files (got $n)" [ "$n" -eq 6 ]

# ---- URLs at and past the cap ------------------------------------------------
search zqurl >url.json
if python3 - "$url_max" url.json <<'EOF'; then
import json, sys
n, hits = int(sys.argv[1]), json.load(open(sys.argv[2]))["hits"]
by = {h["title"]: h for h in hits}
at, past = by["Zqurl at the cap"], by["Zqurl past the cap"]
assert len(at["url"]) == n and at["url"].endswith("xxx"), len(at["url"])
assert "url_too_long" not in at
assert past["url"] is None and past["url_too_long"] is True, past
EOF
    pass "JSON: a URL of $url_max bytes whole, one byte more: null and url_too_long"
else
    fail "JSON URLs at and past the cap"
fi
check "a warning names the file with the long URL" \
    grep -q 'url/past.txt:[0-9:]* .*URL longer than' idx.err

if [ -x "$DL_CGI" ]; then
    REQUEST_METHOD=GET QUERY_STRING='q=zqurl' DATELINE_DB="$dl_tmp/db" \
        "$DL_CGI" >page.out 2>page.err
    if python3 - "$url_max" page.out <<'EOF'; then
import re, sys
n, page = int(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read()
links = re.findall(r'<a href="(https://example\.org/[^"]*)"[^>]*>([^<]*)</a>', page)
assert [t for _, t in links] == ["Zqurl at the cap"], links
assert len(links[0][0]) == n, len(links[0][0])
assert "Zqurl past the cap" in page
EOF
        pass "page: the URL at the cap is the title's link, the one past it no link"
    else
        fail "page links at and past the URL cap"
    fi
    REQUEST_METHOD=GET QUERY_STRING='q=zqoddname&format=json' \
        DATELINE_DB="$dl_tmp/db" "$DL_CGI" | sed '1,/^\r$/d' >cgi.json
    check "CGI JSON: the odd names are distinct and escaped" \
        python3 odd_ids.py cgi.json
fi

done_testing
