#!/bin/sh
# limits.sh - every cap holds exactly at its value and refuses (or skips,
# with a warning) one past it.  The caps come from the headers:
#   searcher/query.h   DL_QUERY_MAX_BYTES 4096, _MAX_TERMS 100,
#                      _MAX_DEPTH 32, _MAX_EXPANSION 500
#   searcher/search.h  DL_SEARCH_MAX_LIMIT 100, DL_SEARCH_MAX_OFFSET 10000,
#                      DL_SEARCH_MAX_WILDCARD_TERMS 2000 (all wildcards)
#   common/dl_schema.h DL_MAX_TERM_BYTES 240 (longer tokens are dropped)
#   indexer/reader.h   --max-file-size (default 64 MiB), 8 MiB JSON lines
#   searcher/cgi_params.h DL_CGI_MAX_QUERY 1024, DL_CGI_MAX_PAGE 100,
#                      DL_CGI_MAX_QUERY_STRING 8192, DL_CGI_MAX_PAIRS 64,
#                      DL_CGI_MAX_SOURCE 1024
# Each cap's value is read from its header, so a changed cap is tested at
# its new value (and this script then names the header that moved).
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

# cap HEADER NAME: the number a #define gives NAME in HEADER.
cap() {
    v=$(awk -v n="$2" '$1 == "#define" && $2 == n { print $3; exit }' \
        "$top_srcdir/$1")
    case $v in
    '' | *[!0-9]*) echo "cannot read $2 from $1" >&2; echo 0 ;;
    *) echo "$v" ;;
    esac
}
# rep N S: S repeated N times.
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
# words N PREFIX: N distinct words, space-separated.
words() { awk -v n="$1" -v p="$2" 'BEGIN { for (i = 1; i <= n; i++) printf "%s%04d ", p, i }'; }

max_bytes=$(cap searcher/query.h DL_QUERY_MAX_BYTES)
max_terms=$(cap searcher/query.h DL_QUERY_MAX_TERMS)
max_depth=$(cap searcher/query.h DL_QUERY_MAX_DEPTH)
max_exp=$(cap searcher/query.h DL_QUERY_MAX_EXPANSION)
max_limit=$(cap searcher/search.h DL_SEARCH_MAX_LIMIT)
max_offset=$(cap searcher/search.h DL_SEARCH_MAX_OFFSET)
max_wild=$(cap searcher/search.h DL_SEARCH_MAX_WILDCARD_TERMS)
max_term=$(cap common/dl_schema.h DL_MAX_TERM_BYTES)
cgi_q=$(cap searcher/cgi_params.h DL_CGI_MAX_QUERY)
cgi_page=$(cap searcher/cgi_params.h DL_CGI_MAX_PAGE)
cgi_qs=$(cap searcher/cgi_params.h DL_CGI_MAX_QUERY_STRING)
cgi_pairs=$(cap searcher/cgi_params.h DL_CGI_MAX_PAIRS)
cgi_source=$(cap searcher/cgi_params.h DL_CGI_MAX_SOURCE)
line_max=$((8 * 1024 * 1024))

cd "$dl_tmp" || exit 1
mkdir T
# Words for the wildcard cap: exactly max_exp with one prefix, one more
# with another.
{
    printf 'Title: Wildcards\nDate: 2020-11-13\n\n'
    words "$max_exp" zqa
    echo
    words $((max_exp + 1)) zqb
    echo
    # With zqa* repeated, exactly max_wild words in all, then one more.
    words $((max_wild % max_exp)) zqc
    echo
    words 1 zqe
    echo
} >T/wild.txt
printf 'Title: Oil\nDate: 2020-11-13\n\nOil and gas.\n' >T/oil.txt
"$DL_INDEX" --quiet --db db T >idx.out 2>idx.err ||
    { cat idx.err >&2; fail "indexing failed"; done_testing; }

# at OK|REFUSED WHAT COMMAND...: the search must succeed or exit 2.
at() {
    want=$1
    what=$2
    shift 2
    "$@" >at.out 2>at.err
    rc=$?
    if grep -q 'Sanitizer\|runtime error' at.err; then
        fail "$what: a sanitizer report"
        return
    fi
    case $want in
    ok) check "$what: accepted" [ "$rc" -eq 0 ] ;;
    refused) check "$what: refused with exit 2 and a message (got $rc)" \
        sh -c "[ $rc -eq 2 ] && [ -s at.err ]" ;;
    esac
}

# ---- query caps ------------------------------------------------------------
q=oil$(rep $((max_bytes - 3)) ' ')
at ok "a query of $max_bytes bytes" "$DL_SEARCH" --db db "$q"
at refused "a query of $((max_bytes + 1)) bytes" "$DL_SEARCH" --db db "$q "
check "the message names the byte cap" grep -q "$max_bytes" at.err
at ok "$max_terms terms" "$DL_SEARCH" --db db "$(words "$max_terms" w)"
at refused "$((max_terms + 1)) terms" "$DL_SEARCH" --db db \
    "$(words $((max_terms + 1)) w)"
at ok "brackets $max_depth deep" "$DL_SEARCH" --db db \
    "$(rep "$max_depth" '(')oil$(rep "$max_depth" ')')"
at refused "brackets $((max_depth + 1)) deep" "$DL_SEARCH" --db db \
    "$(rep $((max_depth + 1)) '(')oil$(rep $((max_depth + 1)) ')')"
at ok "a wildcard expanding to $max_exp terms" "$DL_SEARCH" --db db 'zqa*'
check "which finds the article" grep -q Wildcards at.out
at refused "a wildcard expanding to $((max_exp + 1)) terms" \
    "$DL_SEARCH" --db db 'zqb*'
wq=$(awk -v k=$((max_wild / max_exp)) -v r=$((max_wild % max_exp)) 'BEGIN {
    for (i = 0; i < k; i++) printf "%szqa*", i ? " OR " : ""
    if (r) printf " OR zqc*" }')
at ok "wildcards expanding to $max_wild terms in all" "$DL_SEARCH" --db db "$wq"
at refused "wildcards expanding to $((max_wild + 1)) terms in all" \
    "$DL_SEARCH" --db db "$wq OR zqe*"
check "the message names the cap" grep -q "more than $max_wild words" at.err

# ---- page size and offset ----------------------------------------------------
at ok "--limit $max_limit" "$DL_SEARCH" --db db --limit "$max_limit" oil
at refused "--limit $((max_limit + 1))" "$DL_SEARCH" --db db \
    --limit $((max_limit + 1)) oil
at ok "--offset $max_offset" "$DL_SEARCH" --db db --offset "$max_offset" oil
at refused "--offset $((max_offset + 1))" "$DL_SEARCH" --db db \
    --offset $((max_offset + 1)) oil

# ---- token length ------------------------------------------------------------
"$DL_SEARCH" --analyze "$(rep "$max_term" a) $(rep $((max_term + 1)) b) c" \
    >an.out 2>an.err
check "a token of $max_term bytes is kept" grep -q "^$(rep "$max_term" a)	" an.out
check "a token of $((max_term + 1)) bytes is dropped" \
    sh -c "! grep -q '^bbbb' an.out"
check "and the text after it still counts" grep -q '^c	' an.out
mkdir L
{
    printf 'Title: Long tokens\nDate: 2020-11-13\n\n'
    printf '%s %s marker\n' "$(rep "$max_term" k)" "$(rep 100000 m)"
} >L/long.txt
"$DL_INDEX" --quiet --db ldb L >l.out 2>l.err
check "a 100 kB token never breaks indexing" sh -c "[ $? -eq 0 ]"
at ok "the article with it is found" "$DL_SEARCH" --db ldb marker
check "by its other words" grep -q 'Long tokens' at.out

# ---- file size -------------------------------------------------------------
mkdir F
size=2000
{
    printf 'Title: Exact\nDate: 2020-11-13\n\n'
    rep $((size - 40)) 'x'
} >F/a.txt
n=$(wc -c <F/a.txt)
pad=$((size - n))
rep "$pad" ' ' >>F/a.txt
cp F/a.txt F/b.txt
printf ' ' >>F/b.txt
check "the fixtures are $size and $((size + 1)) bytes" \
    [ "$(wc -c <F/a.txt)" -eq "$size" -a "$(wc -c <F/b.txt)" -eq $((size + 1)) ]
"$DL_INDEX" --db fdb --max-file-size "$size" F >f.out 2>f.err
rc=$?
check "--max-file-size $size: the run succeeds (got $rc)" [ "$rc" -eq 0 ]
check "a file of $size bytes is indexed" [ "$(dl_doccount fdb)" -eq 1 ]
dl_ids fdb >f.ids
check "it is a.txt" grep -q 'a.txt' f.ids
check "a file of $((size + 1)) bytes is skipped with a warning naming it" \
    grep -q 'b.txt' f.err

# ---- JSON line length (8 MiB) ------------------------------------------------
mkdir J
# {"title":"jN","body":"xxx..."} padded to exactly line_max bytes (and one
# more); one huge token, dropped by the tokenizer, keeps indexing cheap.
for extra in 0 1; do
    head='{"title":"jline'$extra'","body":"'
    tail='"}'
    body=$((line_max + extra - ${#head} - ${#tail}))
    { printf '%s' "$head"; rep "$body" x; printf '%s\n' "$tail"; } >>J/lines.jsonl
done
printf '{"title":"after","body":"the line after"}\n' >>J/lines.jsonl
"$DL_INDEX" --db jdb J >j.out 2>j.err
rc=$?
check "8 MiB JSON lines: the run succeeds (got $rc)" [ "$rc" -eq 0 ]
at ok "a line of exactly 8 MiB is indexed" "$DL_SEARCH" --db jdb 'title:jline0'
check "(found)" grep -q jline0 at.out
check "a line of 8 MiB + 1 is skipped with a warning" grep -q 'lines.jsonl:2:.*limit' j.err
check "the line after it is indexed" sh -c "\"$DL_SEARCH\" --db jdb 'title:after' | grep -q after"

# ---- CGI parameters ----------------------------------------------------------
cgi=$DL_CGI
if [ -x "$cgi" ]; then
    # cgi QUERY_STRING: run the CGI; status line in cgi.status.
    cgi_run() {
        DATELINE_DB=$dl_tmp/db REQUEST_METHOD=GET QUERY_STRING=$1 \
            "$cgi" >cgi.out 2>cgi.err
        sed -n 's/^Status: *\([0-9]*\).*/\1/p' cgi.out | head -n 1 >cgi.status
        [ -s cgi.status ] || echo 200 >cgi.status
    }
    cgi_at() { # WANT WHAT QS
        cgi_run "$3"
        check "CGI $2: status $1 (got $(cat cgi.status))" \
            [ "$(cat cgi.status)" = "$1" ]
    }
    cgi_at 200 "q of $cgi_q bytes" "format=json&q=oil$(rep $((cgi_q - 3)) +)"
    cgi_at 400 "q of $((cgi_q + 1)) bytes" "format=json&q=oil$(rep $((cgi_q - 2)) +)"
    cgi_at 200 "page $cgi_page" "format=json&q=oil&page=$cgi_page"
    cgi_at 400 "page $((cgi_page + 1))" "format=json&q=oil&page=$((cgi_page + 1))"
    qs="format=json&q=oil&u="
    cgi_at 200 "a query string of $cgi_qs bytes" "$qs$(rep $((cgi_qs - ${#qs})) x)"
    cgi_at 400 "a query string of $((cgi_qs + 1)) bytes" "$qs$(rep $((cgi_qs + 1 - ${#qs})) x)"
    pairs="format=json&q=oil"
    i=2
    while [ "$i" -lt "$cgi_pairs" ]; do pairs="$pairs&u$i=1"; i=$((i + 1)); done
    cgi_at 200 "$cgi_pairs pairs" "$pairs"
    cgi_at 400 "$((cgi_pairs + 1)) pairs" "$pairs&u$i=1"
    cgi_at 200 "a source of $cgi_source bytes" \
        "format=json&q=oil&source=$(rep "$cgi_source" s)"
    cgi_at 400 "a source of $((cgi_source + 1)) bytes" \
        "format=json&q=oil&source=$(rep $((cgi_source + 1)) s)"
else
    echo "SKIP: $cgi not built; CGI caps not checked"
fi

done_testing
