#!/bin/sh
# kkstem-eval.sh - measure the Kazakh stemmer against hunspell-kk lemmas.
#
# Usage: bench/kkstem-eval.sh [CORPUS.tsv]   (run from the build directory)
#
# Word forms come from the KazNERD sentences (default
# $DL_CORPORA/kaznerd/kaznerd_sentences.tsv, DL_CORPORA defaulting to the
# shared corpora next to the source tree), lowercased.  Each form is stemmed
# by bench/kkstem-words (dl_kkstem) and analysed by hunspell with the
# kk_KZ dictionary (Debian hunspell-kk), whose "-s" output lists every lemma
# the form may come from.  Two forms are related when their lemma sets
# meet.  Over the forms hunspell knows, the script counts
#   merge:      related pairs of forms that get the same stem (recall), and
#   over-merge: pairs with the same stem that hunspell does not relate.
# Pairs are counted over distinct forms, not tokens.  Exit 77 when the
# corpus, hunspell or the dictionary is missing.
set -eu

LC_ALL=C.UTF-8
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$here/..}
corpora=${DL_CORPORA:-$top_srcdir/../shared/corpora}
corpus=${1:-$corpora/kaznerd/kaznerd_sentences.tsv}
stem=${KKSTEM_WORDS:-./bench/kkstem-words}
dict=${KKSTEM_DICT:-kk_KZ}

if [ ! -r "$corpus" ]; then
    echo "kkstem-eval: no corpus at $corpus" >&2
    exit 77
fi
if ! command -v hunspell >/dev/null 2>&1; then
    echo "kkstem-eval: hunspell is not installed (apt-get install hunspell-kk)" >&2
    exit 77
fi
if [ ! -x "$stem" ]; then
    echo "kkstem-eval: build $stem first (make bench/kkstem-words)" >&2
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Distinct lowercase Cyrillic word forms and their token counts.
cut -f2 "$corpus" |
    grep -oE \
        '[АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+' |
    sed 's/.*/\L&/' | sort | uniq -c |
    awk '{ print $2 "\t" $1 }' >"$tmp/forms"
cut -f1 "$tmp/forms" >"$tmp/words"

"$stem" <"$tmp/words" | sort >"$tmp/stems"
# hunspell-kk analyses one affix at a time (халықтарының -> халықтары), so
# ask again about every new lemma until nothing new comes: the closure
# reaches the bare stem (халықтары -> халықтар -> халық).
cp "$tmp/words" "$tmp/ask"
: >"$tmp/edges"
round=0
while [ -s "$tmp/ask" ] && [ "$round" -lt 6 ]; do
    hunspell -s -d "$dict" -i utf-8 <"$tmp/ask" 2>>"$tmp/hunspell.err" |
        awk 'NF == 2 { print $1 " " $2 }' >>"$tmp/edges"
    sort -u "$tmp/edges" -o "$tmp/edges"
    cut -d' ' -f1 "$tmp/edges" | sort -u >"$tmp/asked"
    cut -d' ' -f2 "$tmp/edges" | sort -u | comm -23 - "$tmp/asked" >"$tmp/ask"
    round=$((round + 1))
done
if [ ! -s "$tmp/edges" ]; then
    echo "kkstem-eval: hunspell has no $dict dictionary" >&2
    exit 77
fi
# form -> every lemma reachable from it (itself included).
awk 'NR == FNR { if ($1 != $2) adj[$1] = adj[$1] " " $2; next }
    {
        n = 1; q[1] = $1; seen[$1] = 1
        for (i = 1; i <= n; i++) {
            k = split(adj[q[i]], next_, " ")
            for (j = 1; j <= k; j++)
                if (!(next_[j] in seen)) { seen[next_[j]] = 1; q[++n] = next_[j] }
        }
        for (i = 1; i <= n; i++) print $1 " " q[i]
        split("", seen)
    }' "$tmp/edges" "$tmp/words" | sort -u >"$tmp/cand"
# Evaluate the forms hunspell relates to something: those with a lemma
# other than themselves, and those that are another form's lemma.
{
    awk '$1 != $2 { print $1 }' "$tmp/cand"
    awk '$1 != $2 { print $2 }' "$tmp/cand" | sort -u | comm -12 - "$tmp/words"
} | sort -u >"$tmp/known"
awk 'NR == FNR { k[$1] = 1; next } $1 in k' "$tmp/known" "$tmp/cand" \
    >"$tmp/cand.k"
mv "$tmp/cand.k" "$tmp/cand"

# Unordered pairs of forms that share a group key (field 2), one per line.
pairs() {
    sort -k2,2 -k1,1 | awk '
        function flush(   i, j) {
            for (i = 1; i < n; i++)
                for (j = i + 1; j <= n; j++)
                    print f[i] " " f[j]
        }
        $2 != key { flush(); key = $2; n = 0 }
        { f[++n] = $1 }
        END { flush() }' | sort -u
}

pairs <"$tmp/cand" >"$tmp/rel"
tr '\t' ' ' <"$tmp/stems" | join - "$tmp/known" | pairs >"$tmp/same"
comm -12 "$tmp/rel" "$tmp/same" >"$tmp/hit"
comm -13 "$tmp/rel" "$tmp/same" >"$tmp/over"

nforms=$(wc -l <"$tmp/words")
ntokens=$(awk -F'\t' '{ s += $2 } END { print s }' "$tmp/forms")
nstems=$(cut -f2 "$tmp/stems" | sort -u | wc -l)
nchanged=$(awk -F'\t' '$1 != $2' "$tmp/stems" | wc -l)
nknown=$(wc -l <"$tmp/known")
nknownstems=$(tr '\t' ' ' <"$tmp/stems" | join - "$tmp/known" |
    cut -d' ' -f2 | sort -u | wc -l)
nrel=$(wc -l <"$tmp/rel")
nsame=$(wc -l <"$tmp/same")
nhit=$(wc -l <"$tmp/hit")
nover=$(wc -l <"$tmp/over")

echo "corpus:            $corpus"
echo "tokens:            $ntokens"
echo "distinct forms:    $nforms -> $nstems stems ($nchanged forms shortened)"
echo "hunspell-known:    $nknown forms -> $nknownstems stems"
echo "related pairs:     $nrel (forms sharing a hunspell lemma)"
echo "merged (recall):   $nhit / $nrel = $(awk -v a="$nhit" -v b="$nrel" \
    'BEGIN { printf "%.1f%%", b ? 100 * a / b : 0 }')"
echo "same-stem pairs:   $nsame"
echo "over-merged:       $nover / $nsame = $(awk -v a="$nover" -v b="$nsame" \
    'BEGIN { printf "%.1f%%", b ? 100 * a / b : 0 }')"
if [ -n "${KKSTEM_EXAMPLES:-}" ]; then
    echo "examples of over-merged pairs:"
    shuf -n "$KKSTEM_EXAMPLES" --random-source="$tmp/words" "$tmp/over" |
        sed 's/^/  /'
    echo "examples of missed pairs:"
    comm -23 "$tmp/rel" "$tmp/same" |
        shuf -n "$KKSTEM_EXAMPLES" --random-source="$tmp/words" |
        sed 's/^/  /'
fi
