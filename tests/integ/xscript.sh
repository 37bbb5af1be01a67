#!/bin/sh
# xscript.sh - cross-script matching (issue 26) through the real programs.
#
# 1. The C key (common/dl_xscript.c, through dl-xkey) equals the reference
#    key (scripts/xscript_ref.py) on every word of tests/data/xscript
#    (when python3 is there).
# 2. A small archive of English, Russian and Kazakh (Cyrillic and 2021
#    Latin) articles (tests/data/xscript/articles): the spellings of one
#    name meet, inflected forms meet, the exact-script article ranks
#    first, phrases meet across scripts, '=' and --exact-script switch it
#    off, --analyze shows keys, snippets mark the words met through keys,
#    a Kazakh Latin article is detected as Kazakh and found by Cyrillic
#    words, and common words of the two scripts do not meet.
# 3. Recall through the engine of every name of names.tsv: one article
#    per Cyrillic form, every Latin form searched (and the reverse: one
#    article per Latin form, the Cyrillic forms searched), checked against
#    thresholds below the reference's figures (docs/languages.md).
. "$top_srcdir/tests/integ/lib.sh"
xkey=$top_builddir/tests/integ/dl-xkey
xsearch=$top_builddir/tests/integ/dl-xsearch
[ -x "$xkey" ] && [ -x "$xsearch" ] || skip "dl-xkey or dl-xsearch not built"
data=$top_srcdir/tests/data/xscript
cd "$dl_tmp" || exit 1

# ---- 1. the C key agrees with the reference ----------------------------
if command -v python3 >/dev/null 2>&1; then
    PYTHONPATH=$top_srcdir/scripts python3 - "$data" >ref.tsv <<'EOF' ||
import sys
import xscript_ref as x
d = sys.argv[1]
words = set()
for f, cols in (("names.tsv", x.NAMES_COLS),
                ("inflected.tsv", ["base", "inflected", "case"]),
                ("common-words.tsv", ["word", "lang"])):
    for r in x.read_tsv(d + "/" + f, cols):
        for c in cols:
            if c in ("id", "country", "kind", "lang", "case"):
                continue
            for v in r[c].split("|"):
                words.update(x.WORD_RE.findall(v))
for w in sorted(words):
    print("%s\t%s" % (w, x.key(w)))
EOF
        fail "xscript_ref.py failed"
    cut -f1 ref.tsv | "$xkey" >c.tsv
    n=$(wc -l <ref.tsv)
    if [ "$n" -gt 2000 ] && cmp -s ref.tsv c.tsv; then
        pass "the C key equals xscript_ref.py's on all $n words of the data"
    else
        fail "C and Python keys differ ($n words):"
        diff ref.tsv c.tsv | head -20 >&2
    fi
else
    echo "SKIP (part): no python3, the comparison with xscript_ref.py"
fi

# ---- 2. the small archive ----------------------------------------------
"$DL_INDEX" --quiet --db x.db "$data/articles" >/dev/null 2>err ||
    { cat err >&2; fail "indexing the archive failed"; done_testing; }

# ids QUERY [OPTION...]: the hits' file names, best first, one line.
ids() {
    q=$1
    shift
    "$DL_SEARCH" --db x.db --limit 50 --no-collapse "$@" -- "$q" 2>/dev/null |
        sed -n 's|^ *[^ ]*/articles/\([^ /]*\)\.txt$|\1|p' | tr '\n' ' '
}

# finds QUERY NAME...: every article NAME is among the hits of QUERY.
finds() {
    q=$1
    shift
    got=$(ids "$q")
    for a in "$@"; do
        case " $got" in
        *" $a "*) pass "'$q' finds $a" ;;
        *) fail "'$q' should find $a, found: $got" ;;
        esac
    done
}

# first QUERY NAME [OPTION...]: NAME is the first hit of QUERY.
first() {
    q=$1
    a=$2
    shift 2
    got=$(ids "$q" "$@")
    case "$got" in
    "$a "*) pass "'$q' $* ranks $a first" ;;
    *) fail "'$q' $* should rank $a first, found: $got" ;;
    esac
}

# lacks QUERY NAME...: no article NAME is among the hits of QUERY.
lacks() {
    q=$1
    shift
    got=$(ids "$q")
    for a in "$@"; do
        case " $got" in
        *" $a "*) fail "'$q' should not find $a, found: $got" ;;
        *) pass "'$q' does not find $a" ;;
        esac
    done
}

# only QUERY "NAMES" [OPTION...]: the hits are exactly NAMES (in order).
only() {
    q=$1
    want=$2
    shift 2
    got=$(ids "$q" "$@")
    if [ "$got" = "${want:+$want }" ]; then
        pass "'$q' $* finds only: $want"
    else
        fail "'$q' $* should find only '$want', found: $got"
    fi
}

all_tokayev="en-tokayev en-tokaev ru-tokaev ru-budget kk-toqaev kk-latin-toqaev"
for q in Tokayev Tokaev Toqaev Токаев Тоқаев Tokayev\'s TOKAYEV; do
    # shellcheck disable=SC2086
    finds "$q" $all_tokayev
done
for q in Zhanaozen Janaozen Jañaözen Жаңаөзен Жанаозен Zhangaozen; do
    finds "$q" en-tokayev en-tokaev ru-tokaev ru-budget kk-toqaev \
        kk-latin-toqaev
done
# Inflected forms, through the stems' keys (where the stemmer of the
# article's language joins them: Токаева, Токаеву -> токаев).
finds Токаеву en-tokayev en-tokaev kk-toqaev ru-tokaev
finds Токаева en-tokayev kk-latin-toqaev ru-budget
finds Tokayev ru-budget
finds Жанаозена ru-tokaev ru-budget
# The article that writes the word as the query does ranks first.
first Tokayev en-tokayev
first Tokaev en-tokaev
first Токаев ru-tokaev
first Тоқаев kk-toqaev
first Toqaev kk-latin-toqaev
first Janaozen en-tokaev
# Phrases across scripts (hyphenated names both ways).
finds '"Kassym-Jomart Tokayev"' en-tokayev ru-tokaev kk-toqaev kk-latin-toqaev
finds '"Касым-Жомарт Токаев"' en-tokayev kk-toqaev kk-latin-toqaev
finds '"Qasym-Jomart Toqaev"' en-tokayev ru-tokaev kk-toqaev
first '"Kassym-Jomart Tokayev"' en-tokayev
only '"Tokayev Kassym-Jomart"' ""
# Switched off: '=' on a word or phrase, --exact-script for the query.
only =Tokayev "en-tokayev"
only Tokayev "en-tokayev" --exact-script
only '="Kassym-Jomart Tokayev"' "en-tokayev"
only '=Tokaev budget' "en-tokaev"
only 'Tokaev =budget' "en-tokaev"
# (Токаеву still meets its own script's forms through its stem.)
lacks '=(Tokayev OR Токаеву)' en-tokaev kk-toqaev kk-latin-toqaev
finds '=(Tokayev OR Токаеву)' en-tokayev ru-budget ru-tokaev

# --analyze shows each word's key.
"$DL_SEARCH" --analyze "Tokayev Тоқаевтың Jañaözen no" >an.txt
if [ "$(cut -f1,5 an.txt | tr '\t\n' ':;')" = \
    "tokayev:tokaev;тоқаевтың:tokaevtin;janaozen:janaozen;no:;" ]; then
    pass "--analyze shows the keys (none for a short word)"
else
    fail "--analyze keys: $(tr '\n' ';' <an.txt)"
fi
"$DL_SEARCH" --format json --analyze "Toqaev" | grep -q '"key":"tokaev"' &&
    pass "--analyze --format json has the key" ||
    fail "--analyze --format json lacks the key"

# Snippets mark the words met through keys.
"$DL_SEARCH" --db x.db --format json --no-collapse Tokayev >hl.json
if command -v python3 >/dev/null 2>&1; then
    if python3 - hl.json <<'EOF'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
marked = {}
for h in d["hits"]:
    s = h["snippet"].encode()
    marked[h["id"].rsplit("/", 1)[-1]] = [s[a:b].decode()
                                          for a, b in h["highlights"]]
want = {"ru-tokaev.txt": "Токаев", "kk-toqaev.txt": "Тоқаев",
        "ru-budget.txt": "Токаеву", "kk-latin-toqaev.txt": "Toqaev",
        "en-tokaev.txt": "Tokaev"}
bad = [(f, w, marked.get(f)) for f, w in want.items()
       if w not in (marked.get(f) or [])]
sys.exit(1 if bad else 0)
EOF
        pass "snippets mark Токаев, Тоқаев, Токаеву, Toqaev, Tokaev for Tokayev"
    else
        fail "snippet highlights of cross-script matches: $(cat hl.json)"
    fi
fi

# Kazakh in the 2021 Latin alphabet: detected, stemmed in Cyrillic.
"$DL_SEARCH" --db x.db --format json Şymkent | grep -q '"lang":"kk"' &&
    pass "the Kazakh Latin article is detected as Kazakh" ||
    fail "the Kazakh Latin article is not detected as Kazakh"
for q in Шымкент жұмыс Қазақстан жалақы; do
    first "$q" kk-latin-toqaev --exact-script
done
finds кездесті kk-latin-toqaev kk-toqaev
# ... and a Kazakh word typed in Latin letters finds its Cyrillic spelling
# (read in Cyrillic by the searcher; the index keys only names), the
# article that spells it so first; a short one (bar, бар) does not.
finds salyqtardy kk-toqaev
finds ükımet kk-toqaev kk-latin-toqaev
first ükımet kk-latin-toqaev
first kezdestı kk-latin-toqaev
lacks kezdestı en-tokayev ru-tokaev

# Common words do not meet: every Cyrillic common word in articles of
# their language, every Latin common word (English, French) searched.
mkdir -p common
awk -F'\t' 'NR > 1 && ($2 == "ru" || $2 == "uk" || $2 == "kk" || $2 == "bg") {
    w[$2] = w[$2] " " $1 "," }
    END { for (l in w) print "{\"body\":\"" w[l] "\"}" }' \
    "$data/common-words.tsv" >common/cyr.jsonl
"$DL_INDEX" --quiet --db common.db common >/dev/null 2>err ||
    { cat err >&2; fail "indexing the common words failed"; }
awk -F'\t' 'NR > 1 && ($2 == "en" || $2 == "fr") { print $1 }' \
    "$data/common-words.tsv" >latin.txt
"$xsearch" common.db 5 <latin.txt | awk -F'\t' '$2 != "" { print $1 }' >met.txt
if [ "$(wc -l <latin.txt)" -gt 200 ] && [ ! -s met.txt ]; then
    pass "none of $(wc -l <latin.txt) English and French common words meets a Cyrillic one"
else
    fail "common words met Cyrillic articles: $(tr '\n' ' ' <met.txt)"
fi

# ---- 3. recall of names.tsv through the engine -------------------------
mkdir -p cyr lat
# One article per form: Cyrillic forms in a Russian sentence, Latin ones
# in an English one (the name never first in its sentence).  map: article
# number, row id, system.
awk -F'\t' -v cyr=cyr/names.jsonl -v lat=lat/names.jsonl \
    -v cmap=cyr.map -v lmap=lat.map '
function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return s }
function cart(row, form, sys) {
    if (form == "") return
    nc++
    print "{\"body\":\"Журналисты встретились вчера с " esc(form) " в столице.\"}" > cyr
    print nc "\t" row "\t" sys "\t" form > cmap
}
function lart(row, form, sys) {
    if (form == "") return
    nl++
    print "{\"body\":\"Reporters met " esc(form) " in the capital yesterday.\"}" > lat
    print nl "\t" row "\t" sys "\t" form > lmap
}
NR == 1 || /^#/ { next }
{
    cart($1, $5, "cyrillic"); cart($1, $6, "cyrillic_ru")
    lart($1, $7, "news"); lart($1, $8, "bgn"); lart($1, $9, "iso9")
    lart($1, $10, "national")
    n = split($11, v, "|")
    for (i = 1; i <= n; i++) lart($1, v[i], "variants")
}' "$data/names.tsv"
"$DL_INDEX" --quiet --db cyr.db cyr >/dev/null 2>err ||
    { cat err >&2; fail "indexing the Cyrillic names failed"; }
"$DL_INDEX" --quiet --db lat.db lat >/dev/null 2>err ||
    { cat err >&2; fail "indexing the Latin names failed"; }

# recall MAP_OF_QUERIES DB MAP_OF_ARTICLES QUOTE: per system, the forms
# whose query finds an article of their row.
recall() {
    cut -f4 "$1" | awk -v q="$4" '{ print q $0 q }' | "$xsearch" "$2" 50 |
        paste "$1" - | awk -F'\t' -v amap="$3" '
        BEGIN { while ((getline l < amap) > 0) { split(l, a, "\t"); row[a[1]] = a[2] } }
        {
            n = split($6, hits, " "); ok = 0
            for (i = 1; i <= n; i++) {
                k = hits[i]; sub(/.*#/, "", k)
                if (row[k] == $2) ok = 1
            }
            met[$3] += ok; tot[$3]++; allm += ok; allt++
            if (!ok) print "miss\t" $3 "\t" $4 >"misses.txt"
        }
        END {
            for (s in tot) printf "%s %d %d\n", s, met[s], tot[s]
            printf "all %d %d\n", allm, allt
        }'
}

# check_recall LABEL FILE SYSTEM MIN_PERCENT
check_recall() {
    line=$(grep "^$3 " "$2")
    set -- "$1" "$2" "$3" "$4" $line
    if [ -n "$7" ] && [ $(($6 * 1000 / $7)) -ge $(($4 * 10)) ]; then
        pass "$1 $3: $6 / $7 met (at least $4%)"
    else
        fail "$1 $3: $6 / $7 met, below $4% (misses: $dl_tmp/misses.txt)"
        head -20 misses.txt >&2
    fi
}

recall lat.map cyr.db cyr.map '' >words.txt
recall lat.map cyr.db cyr.map '"' >phrases.txt
# The reverse: a Latin article of a row is met when a Cyrillic form of
# the row finds it.
cut -f4 cyr.map | "$xsearch" lat.db 50 | paste cyr.map - |
    awk -F'\t' -v lmap=lat.map '
    { n = split($6, h, " ")
      for (i = 1; i <= n; i++) { k = h[i]; sub(/.*#/, "", k); found[$2 SUBSEP k] = 1 } }
    END {
        while ((getline l < lmap) > 0) {
            split(l, a, "\t")
            ok = ((a[2] SUBSEP a[1]) in found)
            met[a[3]] += ok; tot[a[3]]++; allm += ok; allt++
        }
        for (s in tot) printf "%s %d %d\n", s, met[s], tot[s]
        printf "all %d %d\n", allm, allt
    }' >reverse.txt
sed 's/^/  words   /' words.txt
sed 's/^/  phrases /' phrases.txt
sed 's/^/  reverse /' reverse.txt
# Thresholds: the reference key's figures on this data (docs/
# transliteration.md: news 93.8%, BGN 100%, ISO 9 99.8%, national 99.4%,
# variants 95.3%) less a margin for what the engine adds (stemming of
# the names in their sentences, tokenizer word splits), and for the
# phrases, which need every word in order.
check_recall "Latin -> Cyrillic" words.txt news 90
check_recall "Latin -> Cyrillic" words.txt bgn 97
check_recall "Latin -> Cyrillic" words.txt iso9 97
check_recall "Latin -> Cyrillic" words.txt national 96
check_recall "Latin -> Cyrillic" words.txt variants 90
check_recall "Latin -> Cyrillic phrases" phrases.txt news 88
check_recall "Latin -> Cyrillic phrases" phrases.txt bgn 95
check_recall "Cyrillic -> Latin" reverse.txt news 90
check_recall "Cyrillic -> Latin" reverse.txt bgn 95
check_recall "Cyrillic -> Latin" reverse.txt iso9 95
check_recall "Cyrillic -> Latin" reverse.txt national 95

done_testing
