#!/bin/sh
# analyze.sh - `dateline-search --analyze` through the real program: the
# tokenizer and normaliser cases SPEC section 4 and issue 2 name.
. "$top_srcdir/tests/integ/lib.sh"

# terms TEXT: the terms, one per line.
terms() {
    "$DL_SEARCH" --analyze "$1" | cut -f1
}

# has TEXT TERM...: every TERM is among the terms of TEXT.
has() {
    text=$1
    shift
    out=$(terms "$text") || { fail "analyze '$text' exited non-zero"; return; }
    for t in "$@"; do
        if printf '%s\n' "$out" | grep -qx -- "$t"; then
            pass "'$text' gives '$t'"
        else
            fail "'$text' should give '$t', gave: $(echo $out)"
        fi
    done
}

# only TEXT TERM...: the terms of TEXT are exactly TERM... in order.
only() {
    text=$1
    shift
    want=$(printf '%s\n' "$@")
    got=$(terms "$text")
    if [ "$got" = "$want" ]; then
        pass "'$text' gives exactly: $(echo $want)"
    else
        fail "'$text' should give exactly '$(echo $want)', gave '$(echo $got)'"
    fi
}

only "Kazakhstan’s" kazakhstan
only "Kazakhstan's" kazakhstan
has "Nur-Sultan" nur sultan nursultan
only "CAFÉ" cafe
only "Ёлка" елка
only "йод" йод
only "Қазақстан" қазақстан
only "U.S." us
only "ﬁnance" finance
only "ＡＢＣ" abc
only "$(printf 'news\302\255paper')" newspaper
only "2,000 and 3.5" 2000 and 3.5
has "Zürich" zurich

# The fifth column: the cross-script key (none for a short word).
key=$("$DL_SEARCH" --analyze "Tokayev’s no" | cut -f5 | tr '\n' ';')
[ "$key" = "tokaev;;" ] && pass "keys in the fifth column" ||
    fail "keys of \"Tokayev’s no\": '$key'"

# Positions and byte offsets: "Grain harvest" -> grain 0..5, harvest 6..13.
line=$("$DL_SEARCH" --analyze "Grain harvest" | sed -n 2p)
pos1=$("$DL_SEARCH" --analyze "Grain harvest" | sed -n 1p | cut -f2)
pos2=$(printf '%s\n' "$line" | cut -f2)
if [ "$(printf '%s\n' "$line" | cut -f1,3,4)" = "$(printf 'harvest\t6\t13')" ] &&
    [ "$pos2" -eq $((pos1 + 1)) ]; then
    pass "offsets and positions of 'Grain harvest'"
else
    fail "offsets/positions of 'Grain harvest': got '$line'"
fi

# A 300-byte token must not crash and must give no term over 245 bytes.
long=$(printf 'x%.0s' $(seq 1 300))
out=$("$DL_SEARCH" --analyze "before $long after") ||
    fail "a 300-byte token made --analyze fail"
maxlen=$(printf '%s\n' "$out" | cut -f1 | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
if [ "$maxlen" -le 245 ]; then
    pass "no term over 245 bytes (longest $maxlen)"
else
    fail "a term of $maxlen bytes came out"
fi

# JSON form parses and carries the same tokens.
json=$("$DL_SEARCH" --format json --analyze "Nur-Sultan’s café")
if printf '%s' "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
terms = [t["term"] for t in d["tokens"]]
assert "nur" in terms and "sultan" in terms and "cafe" in terms, terms
for t in d["tokens"]:
    # (and "key", the cross-script key, on a word that has one)
    assert set(t) - {"key"} == {"term", "pos", "start", "end"}, t
    assert 0 <= t["start"] < t["end"]
'; then
    pass "--format json parses with term/pos/start/end"
else
    fail "--format json output: $json"
fi

done_testing
