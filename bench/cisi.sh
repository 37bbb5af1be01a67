#!/bin/sh
# cisi.sh - relevance on the CISI test collection, Dateline beside its peers.
#
# usage: bench/cisi.sh [BUILD_DIR]   (BUILD_DIR holds dateline-index and
#                                     dateline-search; default: the top dir)
#
# Indexes ../shared/corpora/cisi/docs with Dateline, Xapian Omega (omindex,
# searched with quest), swish-e and SQLite FTS5 (unicode61, diacritics
# removed), runs every query as OR over its words (Dateline: --match any),
# keeps the top 1000 per query, and prints MAP, nDCG@10 and P@10 from
# bench/ireval.py.  The peers' packages: xapian-omega swish-e sqlite3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${1:-$top}
cisi=${DL_CORPORA:-$top/../shared/corpora}/cisi
[ -d "$cisi" ] || { echo "cisi.sh: $cisi not found" >&2; exit 77; }
for tool in omindex quest swish-e sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "cisi.sh: needs $tool" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dl-cisi-XXXXXX")
trap 'rm -rf "$work"' EXIT
depth=1000

# Queries with only letters, digits and spaces, lowercased, so no tool reads
# operators or field syntax into them.
python3 - "$cisi/queries.tsv" >"$work/queries.tsv" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    qid, text = line.rstrip("\n").split("\t", 1)
    words = re.findall(r"[A-Za-z0-9]+", text.lower())
    print(qid + "\t" + " ".join(words))
PY

# ---- Dateline
# One worker, so the document ids, which break ties in weight, are the same
# on every run (bench/bbc-known.sh).
"$bin/dateline-index" --quiet --jobs 1 --db "$work/dl.db" "$cisi/docs" >/dev/null
while IFS="$(printf '\t')" read -r qid q; do
    # A query over the term cap (docs/query-language.md) is refused: it
    # scores zero, as a query with no results does.
    if ! "$bin/dateline-search" --db "$work/dl.db" --match any \
        --limit "$depth" --format json -- "$q" >"$work/one.json" \
        2>"$work/one.err"; then
        echo "cisi.sh: dateline refused query $qid: $(cat "$work/one.err")" >&2
        continue
    fi
    python3 -c '
import json, os, sys
qid = sys.argv[1]
for h in json.load(sys.stdin)["hits"]:
    doc = os.path.basename(h["path"]).rsplit(".", 1)[0]
    print(qid, "Q0", doc, h["rank"], h["score"], "dateline")
' "$qid" <"$work/one.json"
done <"$work/queries.tsv" >"$work/dateline.run"

# ---- Xapian Omega: omindex + quest (OR, English stemming: its defaults)
omindex --db "$work/omega.db" --url / "$cisi/docs" >/dev/null 2>&1
while IFS="$(printf '\t')" read -r qid q; do
    quest -d "$work/omega.db" -m "$depth" -- "$q" |
        sed -n 's|^url=/\(.*\)\.txt$|\1|p' | awk -v q="$qid" '{ print q, "Q0", $1, NR, 0, "omega" }'
done <"$work/queries.tsv" >"$work/omega.run"

# ---- swish-e
cat >"$work/swish.conf" <<CONF
IndexDir $cisi/docs
IndexFile $work/swish.idx
IndexOnly .txt
CONF
swish-e -c "$work/swish.conf" >/dev/null 2>&1
while IFS="$(printf '\t')" read -r qid q; do
    w=$(echo "$q" | sed 's/ / or /g')
    swish-e -f "$work/swish.idx" -m "$depth" -w "$w" 2>/dev/null |
        awk -v q="$qid" '/^[0-9]+ / { n = split($2, p, "/"); sub(/\.txt$/, "", p[n]); print q, "Q0", p[n], ++r, $1, "swish-e" }'
done <"$work/queries.tsv" >"$work/swish.run"

# ---- SQLite FTS5
python3 - "$cisi/docs" "$work/queries.tsv" "$depth" >"$work/fts5.run" <<'PY'
import os, sqlite3, sys
docs, queries, depth = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE d USING fts5(name UNINDEXED, body,"
           " tokenize='unicode61 remove_diacritics 2')")
for f in os.listdir(docs):
    with open(os.path.join(docs, f), encoding="utf-8", errors="replace") as fh:
        db.execute("INSERT INTO d VALUES (?, ?)", (f[:-4], fh.read()))
for line in open(queries):
    qid, q = line.rstrip("\n").split("\t", 1)
    expr = " OR ".join('"%s"' % w for w in q.split())
    if not expr:
        continue
    rows = db.execute("SELECT name, rank FROM d WHERE d MATCH ? ORDER BY rank"
                      " LIMIT ?", (expr, depth))
    for i, (name, rank) in enumerate(rows, 1):
        print(qid, "Q0", name, i, -rank, "fts5")
PY

echo "CISI: 1460 documents, queries as OR over their words, top $depth"
python3 "$here/ireval.py" "$cisi/qrels.txt" "$work/dateline.run" \
    "$work/omega.run" "$work/swish.run" "$work/fts5.run" |
    sed "s|$work/||; s|\.run||"
