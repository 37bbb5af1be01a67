#!/bin/sh
# search_reach.sh - every article is found by the words it holds.  A plain
# word is searched by the stems the index's languages make of it (and by
# the raw word only for languages without a stemmer), so the query side
# must make exactly the Z terms the indexer wrote: this indexes corpus/
# (ten languages, some without a stemmer, Latin names in Cyrillic text)
# and searches two words of every article, one at a time, checking that
# the article is among the hits.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON"
dl_need_delve
[ -x "$DL_INDEX" ] || skip "dateline-index is not built"
dl_index_corpus || { fail "indexing corpus/ failed"; done_testing; }
DB="$dl_tmp/corpus.db"

if python3 - "$DB" "$DL_SEARCH" >"$dl_tmp/reach.out" 2>&1 <<'EOF'
import json, subprocess, sys

db, search = sys.argv[1], sys.argv[2]

def delve(*args):
    return subprocess.run(["xapian-delve", *args, db], check=True,
                          capture_output=True, text=True).stdout

# docid -> (article id, language, raw words); "-1" prints one term a line.
ndocs = int(delve().split("number of documents = ")[1].split()[0])
docs = {}
for docid in range(1, 100000):
    if len(docs) == ndocs:
        break
    try:
        terms = delve("-r", str(docid), "-1").split("\n")[1:]
    except subprocess.CalledProcessError:
        continue  # a docid freed by a replaced article
    ident = [t[1:] for t in terms if t.startswith("Q")]
    lang = [t[1:] for t in terms if t.startswith("L")]
    # Raw words are the terms without an upper-case ASCII prefix.
    raw = sorted(t for t in terms if t and not ("A" <= t[0] <= "Z"))
    if ident and raw:
        docs[docid] = (ident[0], lang[0] if lang else "?", raw)

assert len(docs) == ndocs, (len(docs), ndocs)
langs = sorted({d[1] for d in docs.values()})
checked = 0
missed = []
for docid, (ident, lang, raw) in sorted(docs.items()):
    for word in {raw[len(raw) // 3], raw[2 * len(raw) // 3]}:
        out = subprocess.run([search, "--db", db, "--format", "json",
                              "--no-collapse", "--limit", "1000", "--",
                              word], capture_output=True, text=True)
        if out.returncode != 0:
            missed.append("%s: exit %d: %s" % (word, out.returncode,
                                               out.stderr.strip()))
            continue
        res = json.loads(out.stdout)
        if res["total"] > 1000:
            continue
        checked += 1
        if ident not in {h["id"] for h in res["hits"]}:
            missed.append("%r (%s) not found by %r" % (ident, lang, word))
print("%d articles in %s, %d words searched" % (len(docs), ",".join(langs),
                                                checked))
for m in missed:
    print("MISSED", m)
# The corpus must hold languages with and without a stemmer for this to
# test both query shapes.
assert {"en", "ru"} <= set(langs) and {"pl", "uk"} & set(langs), langs
assert checked > len(docs), checked
assert not missed, len(missed)
EOF
then
    pass "every article is found by each of two of its words: $(head -1 "$dl_tmp/reach.out")"
else
    fail "articles not found by their own words: $(grep -c MISSED "$dl_tmp/reach.out") misses"
    head -20 "$dl_tmp/reach.out" >&2
fi

done_testing
