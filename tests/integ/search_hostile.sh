#!/bin/sh
# search_hostile.sh - malformed and hostile queries and options: every one
# ends with a message and an exit status from 1 to 127 (never a signal,
# never a hang), and the caps name themselves.
. "$top_srcdir/tests/integ/lib.sh"

[ -x "$DL_INDEX" ] || skip "dateline-index is not built"
mkdir -p "$dl_tmp/docs"
printf 'Title: Grain report\nDate: 2021-10-04\n\nGrain harvest and trafficking news.\n' \
    >"$dl_tmp/docs/a.txt"
# 600 distinct words starting with zq, for the wildcard cap.
{ printf 'Title: Word list\n\n'; seq 1 600 | sed 's/^/zq/'; } >"$dl_tmp/docs/b.txt"
"$DL_INDEX" --quiet --db "$dl_tmp/db" "$dl_tmp/docs" >/dev/null 2>&1 ||
    { fail "indexing a one-file directory failed"; done_testing; }

# refused DESCRIPTION WANT-IN-MESSAGE ARGS...: exit 1..127 with a message
# holding WANT (a fixed string; "" for any), within 10 seconds.
refused() {
    desc=$1
    want=$2
    shift 2
    timeout 10 "$DL_SEARCH" --db "$dl_tmp/db" "$@" >/dev/null 2>"$dl_tmp/err"
    rc=$?
    if [ "$rc" -ge 1 ] && [ "$rc" -lt 124 ] && [ -s "$dl_tmp/err" ] &&
        grep -qF -- "$want" "$dl_tmp/err"; then
        pass "$desc (exit $rc)"
    else
        fail "$desc: exit $rc, stderr: $(head -c 300 "$dl_tmp/err")"
    fi
}

refused "unbalanced closing bracket" "unmatched ')'" 'grain)'
refused "lone star" "wildcard" '*'
refused "lone OR" "OR" 'OR'
refused "lone AND" "AND" 'AND'
refused "lone NOT" "NOT" 'NOT'
refused "lone NEAR" "NEAR" 'NEAR'
refused "only a minus word" "excludes" -- '-grain'
refused "empty quotes" "nothing to search for" '""'
refused "blank query" "nothing to search for" '   '
refused "bad date" "date:" 'date:yesterday'
refused "reversed date range" "date:" 'date:2021..2019'
refused "bad NEAR distance" "NEAR" 'grain NEAR/x harvest'
refused "control character" "control character" "$(printf 'grain\001harvest')"
refused "escape sequence" "control character" "$(printf 'grain\033[2J')"
refused "invalid UTF-8" "UTF-8" "$(printf 'gr\377ain')"
refused "truncated UTF-8" "UTF-8" "$(printf 'grain \342\200')"
refused "deep nesting" "32" "$(printf '(%.0s' $(seq 1 200))grain"
refused "too many terms" "100" "$(seq 1 150 | sed 's/^/w/' | tr '\n' ' ')"
# 100 KB: a single argument over 128 KiB cannot even be passed by exec.
big=$(head -c 100000 /dev/zero | tr '\0' 'a')
refused "100 KB query" "4096" "$big"
refused "wildcard expanding too far is capped" "500" 'zq*'
refused "limit over the cap" "--limit" --limit 1001 grain
refused "offset over the cap" "--offset" --offset 10001 grain
refused "bad sort" "--sort" --sort sideways grain
refused "bad match" "--match" --match some grain
refused "missing database" "" --db "$dl_tmp/nonexistent" grain

# Unclosed quotes and brackets are closed at the end: these succeed.
for q in '"grain harvest' '(grain OR harvest' '((grain'; do
    if "$DL_SEARCH" --db "$dl_tmp/db" "$q" >"$dl_tmp/out" 2>&1 &&
        grep -q 'Grain report' "$dl_tmp/out"; then
        pass "'$q' is closed at the end and finds the article"
    else
        fail "'$q': $(head -3 "$dl_tmp/out")"
    fi
done

done_testing
