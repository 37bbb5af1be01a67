#!/bin/sh
# topwords.sh - dateline-search --top-words (searcher/topwords.h) on real
# text:
#  - corpus/: the election stories bring out their own words (turnout,
#    vote, party), none of them a stopword, a number or the query's own
#    word; text, JSON (the documented keys, through a JSON parser) and CSV
#    (through Python's csv reader) agree; filters and a query that matches
#    nothing behave; bad N is refused;
#  - a source whose every story ends in the same footer: the footer is
#    learned as boilerplate (its words find nothing), so its words never
#    come out as top words, while the stories' own topic word does;
#  - Reuters-21578 (when ../shared/corpora has it; its first 3,000
#    records, to stay fast under ASan): "coffee" brings out ico, quotas
#    and brazil, and no stopword.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON"
[ -x "$DL_INDEX" ] || skip "dateline-index is not built"
dl_index_corpus || { fail "indexing corpus/ failed"; done_testing; }
DB="$dl_tmp/corpus.db"

# tw DB FILE ARGS...: top words into FILE; fail on a non-zero exit.
tw() {
    db=$1
    out=$2
    shift 2
    "$DL_SEARCH" --db "$db" "$@" >"$out" 2>"$dl_tmp/err" || {
        fail "--top-words $* exited $?: $(cat "$dl_tmp/err")"
        : >"$out"
    }
}

# py DESCRIPTION FILE CODE: CODE with d the JSON of FILE (raw: its text);
# pass when it raises nothing.  stop() is the English function-word test.
py() {
    desc=$1
    file=$2
    code=$3
    if python3 - "$file" >"$dl_tmp/py.out" 2>&1 <<EOF
import csv, io, json, sys
raw = open(sys.argv[1], encoding="utf-8", newline="").read()
try:
    d = json.loads(raw)
except ValueError:
    d = None
STOP = set("""a about after all also an and are as at be been but by can
could for from had has have he her his i if in into is it its more most
not of on one or our out over said says she so some than that the their
them there these they this to up was we were what when which while who
will with would you""".split())
def words(d):
    return [w["word"] for w in d["words"]]
$code
EOF
    then
        pass "$desc"
    else
        fail "$desc: $(tail -3 "$dl_tmp/py.out")"
    fi
}

# --- corpus/: a topic's words ----------------------------------------------
tw "$DB" "$dl_tmp/e.json" --top-words 10 --format json election
py "election: its own words, in the documented JSON" "$dl_tmp/e.json" '
assert set(d) == {"query", "matches", "sample", "any_word", "words",
                  "took_ms"}, sorted(d)
assert d["query"] == "election" and d["any_word"] is False
assert 0 < d["sample"] <= d["matches"]
assert 1 <= len(d["words"]) <= 10
for w in d["words"]:
    assert set(w) == {"word", "stem", "score", "docs"}, w
    assert 1 <= w["docs"] <= d["sample"] and w["score"] > 0, w
assert [w["score"] for w in d["words"]] == sorted(
    (w["score"] for w in d["words"]), reverse=True)
ws = words(d)
for want in ("turnout", "vote", "party"):
    assert want in ws, (want, ws)
assert "election" not in ws, ws
assert not STOP & set(ws), STOP & set(ws)
assert all(len(w) >= 3 and not w[0].isdigit() for w in ws), ws
'

tw "$DB" "$dl_tmp/o.txt" --top-words 12 oil
tw "$DB" "$dl_tmp/o.csv" --top-words 12 --format csv oil
tw "$DB" "$dl_tmp/o.json" --top-words 12 --format json oil
check "text output has the table header" grep -q '#  word .*stem .*score .*docs' "$dl_tmp/o.txt"
py "CSV parses with a standard reader and agrees with JSON" "$dl_tmp/o.csv" '
rows = list(csv.reader(io.StringIO(raw)))
assert raw.endswith("\r\n"), "records end in CRLF"
assert rows[0] == ["rank", "word", "stem", "score", "docs"], rows[0]
j = json.load(open(sys.argv[1][:-4] + ".json", encoding="utf-8"))
assert len(rows) - 1 == len(j["words"]) > 0
for r, w in zip(rows[1:], j["words"]):
    assert r[1] == w["word"] and r[2] == w["stem"], (r, w)
    assert abs(float(r[3]) - w["score"]) < 1e-3 and int(r[4]) == w["docs"]
'
check "text lists the same words as JSON" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read().split("\n")
rows = [l.split() for l in t if l[:3].strip().isdigit()]
assert [r[1] for r in rows] == [w["word"] for w in j["words"]], rows
' "$dl_tmp/o.json" "$dl_tmp/o.txt"

# Filters narrow the matching set the words come from.
tw "$DB" "$dl_tmp/all.json" --top-words 5 --format json 'lang:en'
tw "$DB" "$dl_tmp/f.json" --top-words 5 --format json 'oil date:2018'
py "a filter narrows the matches" "$dl_tmp/f.json" '
o = json.load(open(sys.argv[1].replace("/f.json", "/o.json")))
assert 0 < d["matches"] < o["matches"], (d["matches"], o["matches"])
'
py "a browse by filter alone has words too" "$dl_tmp/all.json" '
assert d["matches"] > 0 and len(d["words"]) == 5, d
'
tw "$DB" "$dl_tmp/none.json" --top-words 5 --format json zzqqxyzzy
py "a query matching nothing gives no words" "$dl_tmp/none.json" '
assert d["matches"] == 0 and d["sample"] == 0 and d["words"] == [], d
'
for n in 0 101 x; do
    "$DL_SEARCH" --db "$DB" --top-words $n oil >/dev/null 2>"$dl_tmp/err"
    rc=$?
    check "--top-words $n is refused with exit 2" test "$rc" = 2
    check "--top-words $n says why" grep -q -- '--top-words' "$dl_tmp/err"
done
"$DL_SEARCH" --db "$DB" --top-words 5 --format atom \
    --base-url http://example.org/ oil >/dev/null 2>"$dl_tmp/err"
check "--top-words with --format atom is refused" test $? = 2
check "... saying why" grep -q -- '--top-words' "$dl_tmp/err"
"$DL_SEARCH" --db "$DB" --top-words 5 --all oil >/dev/null 2>"$dl_tmp/err"
check "--top-words with --all is refused" test $? = 2

# --- a repeated footer is never a top word -----------------------------------
f="$dl_tmp/footer"
python3 - "$f" <<'EOF'
import os, random, sys
root = sys.argv[1]
FOOTER = ("Read more from the Harbour Gazette: subscribe to our Lighthouse "
          "newsletter for seagull sightings and weekend ferry timetables.")
WORDS = ("harbour council budget school road bridge market fishing boat "
         "storm winter tourism hotel museum festival concert mayor police "
         "court river library hospital station tram airport cargo").split()
for n in range(12):
    r = random.Random(n)
    body = []
    for p in range(3):
        ws = [r.choice(WORDS) for _ in range(30)]
        if p == 1 and n % 2 == 0:
            ws[5:5] = ["lobster", "quota", "lobster"]
        body.append(" ".join(ws).capitalize() + ".")
    d = os.path.join(root, "2021", "05", "%02d" % (n + 1))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "story%d.txt" % n), "w") as out:
        out.write("Title: Harbour story %d\nSource: Harbour Gazette\n"
                  "Date: 2021-05-%02d\nLanguage: en\n\n" % (n, n + 1))
        out.write("\n\n".join(body + [FOOTER]) + "\n")
for n in range(12):
    r = random.Random(100 + n)
    ws = [r.choice(WORDS) for _ in range(60)]
    d = os.path.join(root, "2021", "06", "%02d" % (n + 1))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "other%d.txt" % n), "w") as out:
        out.write("Title: Inland story %d\nSource: Inland Courier\n"
                  "Date: 2021-06-%02d\nLanguage: en\n\n%s.\n" % (n, n + 1, " ".join(ws)))
EOF
"$DL_INDEX" --quiet --db "$dl_tmp/footer.db" "$f" >/dev/null 2>"$dl_tmp/err" ||
    fail "indexing the footer corpus: $(cat "$dl_tmp/err")"
"$DL_SEARCH" --db "$dl_tmp/footer.db" --format json seagull >"$dl_tmp/sg.json"
py "the footer was learned as boilerplate (its words find nothing)" \
    "$dl_tmp/sg.json" 'assert d["total"] == 0, d["total"]'
tw "$dl_tmp/footer.db" "$dl_tmp/h.json" --top-words 20 --format json \
    'source:"harbour gazette"'
py "no footer word among the top words of the footer's source" "$dl_tmp/h.json" '
ws = words(d)
footer = {"read", "more", "harbour", "gazette", "subscribe", "lighthouse",
          "newsletter", "seagull", "sightings", "weekend", "ferry",
          "timetables"}
assert d["matches"] == 12, d["matches"]
assert "lobster" in ws, ws
assert not footer & set(ws) - {"harbour"}, footer & set(ws)
'

# --- Reuters: coffee ---------------------------------------------------------
reuters="$DL_CORPORA/reuters21578/reuters.jsonl"
if [ -f "$reuters" ]; then
    head -n 3000 "$reuters" >"$dl_tmp/reuters.jsonl"
    "$DL_INDEX" --quiet --db "$dl_tmp/reuters.db" "$dl_tmp/reuters.jsonl" \
        >/dev/null 2>&1 || fail "indexing 3,000 Reuters records failed"
    tw "$dl_tmp/reuters.db" "$dl_tmp/c.json" --top-words 20 --format json coffee
    py "Reuters coffee: ico, quotas, brazil and no stopword" "$dl_tmp/c.json" '
ws = words(d)
for want in ("ico", "quotas", "brazil"):
    assert want in ws, (want, ws)
assert not STOP & set(ws), STOP & set(ws)
assert "coffee" not in ws
'
else
    pass "# SKIP Reuters-21578 not in ../shared/corpora"
fi

done_testing
