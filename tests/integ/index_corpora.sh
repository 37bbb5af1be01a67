#!/bin/sh
# index_corpora.sh - the shared research corpora, black box: every article
# of BBC, SlavicNER, French Wikinews, Reuters txt/ and reuters.jsonl is
# indexed (document count = article count), the Latin-1 BBC file and
# CP1251/KOI8-R copies of Russian articles are findable by their words, and
# JSON Lines dates work as date: filters.  Skipped when ../shared/corpora
# is absent.  DL_CORPORA_QUICK=1 leaves out Reuters txt/ (19,043 files).
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
[ -d "$DL_CORPORA/bbc" ] || skip "no research corpora at $DL_CORPORA"
command -v iconv >/dev/null 2>&1 || skip "iconv not installed"

c=$DL_CORPORA
roots="$c/bbc $c/slavicner $c/wikinews-fr $c/reuters21578/reuters.jsonl"
[ "${DL_CORPORA_QUICK:-0}" = 1 ] || roots="$roots $c/reuters21578/txt"

# Legacy-encoded copies of three Russian articles, without declaration.
mkdir -p "$dl_tmp/legacy"
n=0
for f in $(find "$c/slavicner/ru" -name '*.txt' | LC_ALL=C sort | head -n 3); do
    n=$((n + 1))
    iconv -c -f utf-8 -t cp1251 "$f" >"$dl_tmp/legacy/cp1251-$n.txt"
    iconv -c -f utf-8 -t koi8-r "$f" >"$dl_tmp/legacy/koi8r-$n.txt"
done

# shellcheck disable=SC2086
"$DL_INDEX" --quiet --db "$dl_tmp/db" $roots "$dl_tmp/legacy" \
    >"$dl_tmp/out" 2>"$dl_tmp/err"
check "the indexer completes" [ $? -eq 0 ]
if grep -q Sanitizer "$dl_tmp/err"; then
    fail "sanitizer report"
    head -n 30 "$dl_tmp/err" >&2
fi

# Articles: one per .txt file, one per JSON line with a title or a body
# (Reuters' title-only BRIEF records are articles; the UNPROC records,
# with neither, are skipped with a warning).
want=$(python3 - "$c/reuters21578/reuters.jsonl" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    d = json.loads(line)
    if any(isinstance(d.get(k), str) and d[k].strip()
           for k in ("title", "body", "text", "content", "article")):
        n += 1
print(n)
PY
)
for r in $roots; do
    case $r in
    *.jsonl) ;;
    *) want=$((want + $(find "$r" -name '*.txt' | wc -l))) ;;
    esac
done
want=$((want + 2 * n))
got=$(dl_doccount "$dl_tmp/db")
check "every article is indexed ($got of $want)" [ "$got" = "$want" ]

search() {
    "$DL_SEARCH" --db "$dl_tmp/db" --no-collapse --limit 50 --format json "$@"
}

# hits_path QUERY SUFFIX: some hit's path ends with SUFFIX.
hits_path() {
    search -- "$1" | python3 -c '
import json, sys
suffix = sys.argv[1]
hits = json.load(sys.stdin)["hits"]
sys.exit(0 if any(h["path"].endswith(suffix) for h in hits) else 1)
' "$2"
}

# The Latin-1 BBC file: its title as a phrase finds it.
latin1=$c/bbc/sport/199.txt
title=$(iconv -f latin1 -t utf-8 "$latin1" | head -n 1 | tr -d '"')
check "the Latin-1 BBC file is found by its title" \
    hits_path "\"$title\"" bbc/sport/199.txt

# The legacy copies: a long Russian word of each finds the copy.
for k in $(seq 1 "$n"); do
    word=$(iconv -f cp1251 -t utf-8 "$dl_tmp/legacy/cp1251-$k.txt" |
        python3 -c '
import re, sys
words = re.findall(r"[А-Яа-яЁё]{8,}", sys.stdin.read())
print(words[0] if words else "")')
    if [ -z "$word" ]; then
        fail "no Russian word in copy $k"
        continue
    fi
    check "CP1251 copy $k is found by '$word'" \
        hits_path "\"$word\"" "cp1251-$k.txt"
    check "KOI8-R copy $k is found by '$word'" \
        hits_path "\"$word\"" "koi8r-$k.txt"
done

# JSON Lines dates are date: filters: every hit lies in the month.
if search -- "oil date:1987-03" | python3 -c '
import json, sys
hits = json.load(sys.stdin)["hits"]
assert hits, "no hits"
assert all(h["date"].startswith("1987-03") for h in hits), [h["date"] for h in hits]
'; then
    pass "date:1987-03 holds on every hit"
else
    fail "date:1987-03 filter"
fi

done_testing
