#!/bin/sh
# search_corpus.sh - dateline-search over the indexed sample corpus: every
# query feature of SPEC section 5 checked on every hit it returns, and the
# JSON schema through a real JSON parser.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON"
[ -x "$DL_INDEX" ] || skip "dateline-index is not built"
dl_index_corpus || { fail "indexing corpus/ failed"; done_testing; }
DB="$dl_tmp/corpus.db"

# js FILE ARGS...: run a JSON search into FILE; fail on a non-zero exit.
js() {
    out=$1
    shift
    "$DL_SEARCH" --db "$DB" --format json "$@" >"$out" 2>"$dl_tmp/err" || {
        fail "search $* exited $?: $(cat "$dl_tmp/err")"
        echo '{}' >"$out"
    }
}

# py DESCRIPTION FILE CODE: run CODE with d = the JSON of FILE; pass when
# it raises nothing.
py() {
    desc=$1
    file=$2
    code=$3
    if python3 - "$file" >"$dl_tmp/py.out" 2>&1 <<EOF
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def texts(h):
    return (h["title"] + " " + h["snippet"]).lower()
$code
EOF
    then
        pass "$desc"
    else
        fail "$desc: $(tail -3 "$dl_tmp/py.out")"
    fi
}

# --- the JSON schema --------------------------------------------------------
js "$dl_tmp/j1" --facets --limit 5 grain harvest
check "JSON output parses with python3 -m json.tool" \
    python3 -m json.tool "$dl_tmp/j1" /dev/null
py "JSON has exactly the documented keys" "$dl_tmp/j1" '
assert set(d) == {"query","total","offset","hits","facets","suggestion",
                  "took_ms"}, sorted(d)
assert d["query"] == "grain harvest" and d["offset"] == 0
assert isinstance(d["total"], int) and d["total"] >= len(d["hits"]) > 0
assert set(d["facets"]) == {"source", "month", "lang"}
for i, h in enumerate(d["hits"]):
    assert set(h) == {"id","rank","score","title","date","source","url",
                      "path","lang","snippet","highlights","duplicates"}, h
    assert h["rank"] == i + 1 and h["score"] > 0
    snip = h["snippet"].encode("utf-8")
    for s, e in h["highlights"]:
        assert 0 <= s < e <= len(snip), (s, e, len(snip))
        snip[s:e].decode("utf-8")   # ranges fall on character boundaries
'
py "highlights in a word query mark the query words" "$dl_tmp/j1" '
import re
for h in d["hits"]:
    snip = h["snippet"].encode("utf-8")
    for s, e in h["highlights"]:
        w = snip[s:e].decode("utf-8").lower()
        assert w.startswith("grain") or w.startswith("harvest"), w
'

# --- phrases ----------------------------------------------------------------
js "$dl_tmp/j2" --no-collapse --limit 100 '"grain harvest"'
py "every phrase hit holds the phrase; only the phrase is marked" \
    "$dl_tmp/j2" '
assert d["total"] > 0
for h in d["hits"]:
    assert "grain harvest" in texts(h), h["title"]
    snip = h["snippet"].encode("utf-8")
    for s, e in h["highlights"]:
        assert snip[s:e].decode("utf-8").lower() == "grain harvest", snip[s:e]
'

# --- NOT ---------------------------------------------------------------------
js "$dl_tmp/all" --no-collapse --limit 100 grain
js "$dl_tmp/not" --no-collapse --limit 100 grain NOT drought
js "$dl_tmp/neg" --no-collapse --limit 100 grain -drought
js "$dl_tmp/dr" --no-collapse --limit 100 drought
python3 - "$dl_tmp/all" "$dl_tmp/not" "$dl_tmp/neg" "$dl_tmp/dr" \
    >"$dl_tmp/py.out" 2>&1 <<'EOF' && pass "NOT and - exclude every article with the word" || fail "NOT: $(tail -3 "$dl_tmp/py.out")"
import json, sys
ids = [set(h["id"] for h in json.load(open(f))["hits"]) for f in sys.argv[1:]]
grain, nt, neg, drought = ids
assert nt and nt == neg, (len(nt), len(neg))
assert nt <= grain and not (nt & drought)
assert grain - drought == nt
EOF

# --- dates -------------------------------------------------------------------
js "$dl_tmp/d1" --no-collapse --limit 100 grain date:2021
py "date:2021 holds on every hit" "$dl_tmp/d1" '
assert d["total"] > 0
assert all(h["date"].startswith("2021") for h in d["hits"]), d["hits"]
'
js "$dl_tmp/d2" --no-collapse --limit 100 'date:2019..2020-06-30'
py "date:2019..2020-06-30 holds on every hit" "$dl_tmp/d2" '
assert d["total"] > 0
assert all("2019-01-01" <= h["date"][:10] <= "2020-06-30" for h in d["hits"])
'
js "$dl_tmp/d3" --no-collapse --limit 100 'date:..2018'
py "date:..2018 holds on every hit" "$dl_tmp/d3" '
assert d["total"] > 0
assert all(h["date"] and h["date"][:4] <= "2018" for h in d["hits"])
'
js "$dl_tmp/d4" --no-collapse --limit 100 'date:2020-10'
py "date:2020-10 (month precision) holds on every hit" "$dl_tmp/d4" '
assert d["total"] > 0
assert all(h["date"].startswith("2020-10") for h in d["hits"])
'

# --- sorting ------------------------------------------------------------------
js "$dl_tmp/s1" --sort newest --limit 50 kazakhstan
py "--sort newest gives dates newest first" "$dl_tmp/s1" '
ds = [h["date"] for h in d["hits"] if h["date"]]
assert len(ds) > 5 and ds == sorted(ds, reverse=True), ds
'
js "$dl_tmp/s2" --sort oldest --limit 50 kazakhstan
py "--sort oldest gives dates oldest first" "$dl_tmp/s2" '
ds = [h["date"] for h in d["hits"] if h["date"]]
assert len(ds) > 5 and ds == sorted(ds), ds
'

# --- facets -------------------------------------------------------------------
js "$dl_tmp/f1" --no-collapse --facets --limit 3 kazakhstan
py "facet counts sum to the total (language, source; month at most)" \
    "$dl_tmp/f1" '
f = d["facets"]
assert d["total"] > 3
assert sum(f["lang"].values()) == d["total"], (f["lang"], d["total"])
assert sum(f["source"].values()) == d["total"], (f["source"], d["total"])
assert 0 < sum(f["month"].values()) <= d["total"]
assert all(len(m) == 7 and m[4] == "-" for m in f["month"])
'
js "$dl_tmp/f2" --facets --limit 3 kazakhstan
py "with collapsing, facets count every article, the total counts hits" \
    "$dl_tmp/f2" '
f = d["facets"]
dups = sum(h["duplicates"] for h in d["hits"])
assert sum(f["lang"].values()) >= d["total"] > 0
'

# --- ranking: known items ------------------------------------------------------
for title in "Aktau wind farm begins supplying power to grid" \
    "Порт Актау: грузооборот вырос на 9 процентов" \
    "Trockenheit: Rhein bei Basel auf Tiefststand"; do
    js "$dl_tmp/k" --limit 3 "$title"
    py "known item first: $title" "$dl_tmp/k" "
assert d['hits'] and d['hits'][0]['title'] == '''$title''', \
    [h['title'] for h in d['hits']]
"
done

# --- stemming ----------------------------------------------------------------
js "$dl_tmp/st" --no-collapse --limit 100 бюджеты
py "a Russian query finds inflected forms (бюджеты finds бюджет)" "$dl_tmp/st" '
assert any("бюджет" in texts(h) and "бюджеты" not in texts(h)
           for h in d["hits"]), [h["title"] for h in d["hits"]]
'
js "$dl_tmp/st2" --limit 5 harvests
py "an English plural finds the singular" "$dl_tmp/st2" '
assert d["total"] > 0 and any("harvest" in texts(h) for h in d["hits"])
'

# --- fallback, suggestion, collapse ------------------------------------------
js "$dl_tmp/fb" wimbledon qqqzzzx
py "nothing matches all the words: any-word results with a notice" \
    "$dl_tmp/fb" '
assert d["total"] > 0 and "notice" in d and d["notice"]
assert all("wimbledon" in texts(h) for h in d["hits"])
'
js "$dl_tmp/nofb" wimbledon rybakina
py "no notice when every word matches" "$dl_tmp/nofb" '
assert "notice" not in d and d["total"] > 0
'
js "$dl_tmp/sg" wimbeldon
py "did you mean: wimbeldon -> wimbledon" "$dl_tmp/sg" '
assert d["suggestion"] == "wimbledon", d["suggestion"]
'
js "$dl_tmp/e1" --limit 20 conservatives red wall seats
js "$dl_tmp/e2" --no-collapse --limit 20 conservatives red wall seats
python3 - "$dl_tmp/e1" "$dl_tmp/e2" >"$dl_tmp/py.out" 2>&1 <<'EOF' && pass "an exact duplicate is folded into one hit that counts it" || fail "exact duplicate: $(tail -3 "$dl_tmp/py.out")"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert b["total"] == a["total"] + 1, (a["total"], b["total"])
assert a["hits"][0]["duplicates"] == 1, a["hits"][0]
EOF
# The wire story W1 of corpus/README.md: four outlets, edited copies.
js "$dl_tmp/c1" --limit 20 kazakhstan grain harvest forecast drought
js "$dl_tmp/c2" --no-collapse --limit 20 kazakhstan grain harvest forecast \
    drought
python3 - "$dl_tmp/c1" "$dl_tmp/c2" >"$dl_tmp/py.out" 2>&1 <<'EOF' && pass "--no-collapse shows more hits than the default on a wire story" || fail "collapse: $(tail -3 "$dl_tmp/py.out")"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert b["total"] > a["total"], (a["total"], b["total"])
assert sum(h["duplicates"] for h in a["hits"]) > 0
assert all(h["duplicates"] == 0 for h in b["hits"])
EOF

# --- pagination ----------------------------------------------------------------
js "$dl_tmp/p0" --no-collapse --limit 10 kazakhstan
js "$dl_tmp/p1" --no-collapse --limit 5 kazakhstan
js "$dl_tmp/p2" --no-collapse --limit 5 --offset 5 kazakhstan
python3 - "$dl_tmp/p0" "$dl_tmp/p1" "$dl_tmp/p2" >"$dl_tmp/py.out" 2>&1 <<'EOF' && pass "two pages of 5 are the first page of 10" || fail "pagination: $(tail -3 "$dl_tmp/py.out")"
import json, sys
a, b, c = (json.load(open(f)) for f in sys.argv[1:])
ids = lambda d: [h["id"] for h in d["hits"]]
assert ids(a) == ids(b) + ids(c), (ids(a), ids(b), ids(c))
assert c["offset"] == 5 and [h["rank"] for h in c["hits"]] == list(range(6, 11))
EOF

# --- shards: two databases opened together rank as one ------------------------
a="$top_srcdir/corpus/steppe-wire"
b="$top_srcdir/corpus/volga-herald"
if "$DL_INDEX" --quiet --db "$dl_tmp/sa" "$a" >/dev/null 2>&1 &&
    "$DL_INDEX" --quiet --db "$dl_tmp/sb" "$b" >/dev/null 2>&1 &&
    "$DL_INDEX" --quiet --db "$dl_tmp/sab" "$a" "$b" >/dev/null 2>&1; then
    for q in 'бюджеты' 'kazakhstan grain' '"через волгу"'; do
        "$DL_SEARCH" --db "$dl_tmp/sa" --db "$dl_tmp/sb" --no-collapse \
            --limit 50 --format json "$q" >"$dl_tmp/sh1" 2>&1
        "$DL_SEARCH" --db "$dl_tmp/sab" --no-collapse --limit 50 \
            --format json "$q" >"$dl_tmp/sh2" 2>&1
        python3 - "$dl_tmp/sh1" "$dl_tmp/sh2" >"$dl_tmp/py.out" 2>&1 <<'EOF' && pass "two shards answer '$q' as one database" || fail "shards '$q': $(tail -3 "$dl_tmp/py.out")"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
key = lambda d: [(h["id"], round(h["score"], 3)) for h in d["hits"]]
assert a["total"] == b["total"] > 0 and key(a) == key(b), (key(a), key(b))
EOF
    done
else
    fail "indexing two shards failed"
fi

# --- text output ------------------------------------------------------------------
"$DL_SEARCH" --db "$DB" --limit 3 wimbledon >"$dl_tmp/t1" 2>&1
if grep -q '^ *1\. 20[0-9-]* | .* | .*Wimbledon' "$dl_tmp/t1" &&
    grep -q 'https://' "$dl_tmp/t1" && ! grep -q "$(printf '\033')" "$dl_tmp/t1"; then
    pass "text output: rank, date, source, title, url; no escapes off a terminal"
else
    fail "text output: $(head -5 "$dl_tmp/t1")"
fi

# Stems meet across languages (the index's Z terms are shared): a Russian
# query word finds Kazakh articles too, and their snippets mark the
# matched words.
if "$DL_SEARCH" --db "$DB" --format json "бюджеты" | python3 -c '
import json, sys
hits = json.load(sys.stdin)["hits"]
langs = {h["lang"] for h in hits}
assert {"ru", "kk"} <= langs, langs
for h in hits:
    assert h["highlights"], (h["lang"], h["title"])
'; then
    pass "бюджеты finds ru and kk articles, each with highlights"
else
    fail "бюджеты: cross-language stems or their highlights"
fi

done_testing
