#!/bin/sh
# show_article.sh - dateline-search --show over the indexed sample corpus:
# every article a broad search returns is shown as JSON with exactly the
# documented members, its text the stored body's paragraphs (read back
# from the index itself with python3-xapian when it is installed); the
# wire story the corpus carries in four outlets is one cluster, listed
# alike from each of its articles; the query's words are marked; the text
# view; files whose names hold a newline or a backslash are shown by the
# ids the search prints; an unknown id exits 3.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON"
[ -x "$DL_INDEX" ] || skip "dateline-index is not built"
dl_index_corpus || { fail "indexing corpus/ failed"; done_testing; }
DB="$dl_tmp/corpus.db"
"$DL_SEARCH" --db "$DB" --format json --no-collapse --limit 1000 the \
    >"$dl_tmp/the.json" || fail "search for the ids"
"$DL_SEARCH" --db "$DB" --format json grain harvest >"$dl_tmp/grain.json" ||
    fail "search for the wire story"

# One python run shows every id: the JSON, its members, its text against
# the stored body, and the cluster of the wire story.
py=python3
/usr/bin/python3 -c 'import xapian' 2>/dev/null && py=/usr/bin/python3
if $py - "$DL_SEARCH" "$DB" "$dl_tmp/the.json" "$dl_tmp/grain.json" \
    >"$dl_tmp/show.out" 2>&1 <<'EOF'
import json, subprocess, sys, zlib
search, db, the, grain = sys.argv[1:5]
try:
    import xapian
    index = xapian.Database(db)
except ImportError:
    index = None

def show(i, *query):
    p = subprocess.run([search, "--db", db, "--format", "json", "--show", i]
                       + list(query), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    assert p.returncode == 0, (i, p.returncode, p.stderr)
    return json.loads(p.stdout)

def stored_body(i):
    """The body as the index stores it (DL_SLOT_BODY, raw deflate), found
    by the id term: the shown id of these plain names is the raw one."""
    post = list(index.postlist("Q" + i))
    assert len(post) == 1, (i, len(post))
    packed = index.get_document(post[0].docid).get_value(7)
    return zlib.decompress(packed, -15).decode() if packed else ""

KEYS = {"id", "title", "date", "date_origin", "source", "author", "url",
        "lang", "path", "query", "title_highlights", "cluster",
        "paragraphs", "text", "truncated"}
hits = json.load(open(the))["hits"]
assert len(hits) >= 90, len(hits)
for h in hits:
    d = show(h["id"])
    assert set(d) == KEYS, sorted(set(d) ^ KEYS)
    for k in ("id", "title", "date", "source", "url", "lang", "path"):
        assert d[k] == h[k], (k, d[k], h[k])
    assert d["query"] is None and d["title_highlights"] == []
    assert d["date_origin"] in ("metadata", "path", "dateline"), d
    ps = d["paragraphs"]
    assert ps and all(p["text"] and "\n" not in p["text"] for p in ps), ps
    assert all(p["boilerplate"] is False and p["highlights"] == []
               for p in ps)
    assert d["text"] == "\n".join(p["text"] for p in ps)
    if index is not None:
        assert d["text"] == stored_body(h["id"]), h["id"]
    c = d["cluster"]
    assert c["size"] >= 1 and len(c["articles"]) == min(c["size"] - 1, 100)
    assert (c["key"] is None) == (c["size"] == 1), c
    assert d["truncated"] is False
print("%d articles shown%s" % (len(hits), ", each text the stored body"
                               if index is not None else ""))

# The wire story: one hit standing for its copies, a cluster of them all.
top = [h for h in json.load(open(grain))["hits"] if h["duplicates"] > 0]
assert top, "no collapsed story for grain harvest"
h = top[0]
d = show(h["id"], "grain", "harvest")
c = d["cluster"]
assert c["size"] == h["duplicates"] + 1, (c["size"], h["duplicates"])
members = sorted([h["id"]] + [a["id"] for a in c["articles"]])
dates = [a["date"] or "" for a in c["articles"]]
assert dates == sorted(dates), dates
if index is not None:
    key = c["key"].encode()
    truth = sorted(index.get_document(p.docid).get_data().decode()
                   .split("\n", 1)[0][3:]
                   for p in index.postlist("")
                   if index.get_document(p.docid).get_value(1) == key)
    assert truth == members, (truth, members)
for m in members:
    o = show(m)
    assert o["cluster"]["key"] == c["key"]
    assert sorted([m] + [a["id"] for a in o["cluster"]["articles"]]) == \
        members, m
# The query's words marked: in the title and in the text.
body = [p for p in d["paragraphs"] if p["highlights"]]
assert d["query"] == "grain harvest" and body and d["title_highlights"]
for p in body:
    t = p["text"].encode()
    for s, e in p["highlights"]:
        assert t[s:e].decode().lower() in ("grain", "harvest"), t[s:e]
print("the wire story: a cluster of %d, the same from each" % c["size"])
EOF
then
    pass "$(tr '\n' ';' <"$dl_tmp/show.out")"
else
    fail "--show over corpus/: $(tail -5 "$dl_tmp/show.out")"
fi

# The text view: the title first, the fields, the paragraphs.
id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["hits"][0]["id"])' "$dl_tmp/grain.json")
"$DL_SEARCH" --db "$DB" --show "$id" >"$dl_tmp/show.txt" ||
    fail "--show as text"
check "text view: the title first" \
    test "$(head -1 "$dl_tmp/show.txt")" = "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["hits"][0]["title"])' "$dl_tmp/grain.json")"
check "text view: the id and the cluster" \
    sh -c "grep -q '^Id: *$id\$' '$dl_tmp/show.txt' && grep -q '^Cluster:' '$dl_tmp/show.txt'"

# An unknown id: a message, nothing on standard output, exit 3.
"$DL_SEARCH" --db "$DB" --show no/such/article.txt >"$dl_tmp/none.out" \
    2>"$dl_tmp/none.err"
st=$?
check "unknown id exits 3 ($st)" test "$st" -eq 3
check "... saying which id" grep -q "no article has the id 'no/such/article.txt'" "$dl_tmp/none.err"
check "... with nothing on standard output" test ! -s "$dl_tmp/none.out"
"$DL_SEARCH" --db "$DB" --show '' >/dev/null 2>&1
check "an empty id is a usage error (exit $?)" test $? -eq 2

# Names with a newline, a backslash and a tab: each is shown by the id the
# search prints for it (escaped), and is the right article.
odd="$dl_tmp/odd"
mkdir -p "$odd"
for n in 1 2 3; do
    case $n in
    1) name=$(printf 'a\nb.txt') ;;
    2) name='a\x0ab.txt' ;;
    3) name=$(printf 'tab\tname.txt') ;;
    esac
    printf 'Title: Oddname number%s\n\nzqxodd words of article %s.\n' "$n" "$n" \
        >"$odd/$name"
done
"$DL_INDEX" --quiet --db "$dl_tmp/odd.db" "$odd" >/dev/null 2>&1 ||
    fail "indexing odd names"
"$DL_SEARCH" --db "$dl_tmp/odd.db" --format json zqxodd >"$dl_tmp/odd.json"
if python3 - "$DL_SEARCH" "$dl_tmp/odd.db" "$dl_tmp/odd.json" \
    >"$dl_tmp/odd.out" 2>&1 <<'EOF'
import json, subprocess, sys
search, db, f = sys.argv[1:4]
hits = json.load(open(f))["hits"]
assert len(hits) == 3, hits
ids = sorted(h["id"].rsplit("/", 1)[1] for h in hits)
assert ids == ["a\\\\x0ab.txt", "a\\x0ab.txt", "tab\\x09name.txt"], ids
for h in hits:
    p = subprocess.run([search, "--db", db, "--format", "json", "--show",
                        h["id"]], stdout=subprocess.PIPE)
    assert p.returncode == 0, h["id"]
    d = json.loads(p.stdout)
    assert d["id"] == h["id"] and d["title"] == h["title"], (d, h)
    t = subprocess.run([search, "--db", db, "--show", h["id"]],
                       stdout=subprocess.PIPE).stdout
    assert all(c >= 0x20 or c == 0x0A for c in t), t
print("3 odd names shown by their printed ids")
EOF
then
    pass "$(cat "$dl_tmp/odd.out")"
else
    fail "odd names: $(tail -5 "$dl_tmp/odd.out")"
fi
done_testing
