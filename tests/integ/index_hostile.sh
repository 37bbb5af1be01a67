#!/bin/sh
# index_hostile.sh - bad input never aborts a run: a tree of hostile files
# generated here (invalid UTF-8, NUL bytes, a binary, a 50 MB line, a 1 MB
# token, an empty file, symlink loops, a dangling link, a FIFO, a truncated
# .gz, broken JSON lines) is indexed with exit 0, every problem named in a
# one-line warning and counted, the good articles indexed.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

t=$dl_tmp/t
mkdir -p "$t/sub"
printf 'Title: Good article\n\nThe harbour reopened on Monday after the storm.\n' \
    >"$t/good.txt"
printf 'Title: Bad bytes\n\nabc \377\376\375 def \303 ghi caf\351\n' >"$t/bad-utf8.txt"
printf 'Title: Nul\n\nabc\000def ghi\000\000\000jkl\n' >"$t/nul.txt"
head -c 8192 "$(command -v sh)" >"$t/binary.txt"
: >"$t/empty.txt"
head -c 1000000 /dev/zero | tr '\0' x >"$t/token.txt"
yes word | head -c 50000000 | tr '\n' ' ' >"$t/huge-line.txt"
printf 'Title: Cut short\n\nThe quick brown fox jumps over the lazy dog.\n' |
    gzip -c >"$dl_tmp/whole.gz"
head -c 24 "$dl_tmp/whole.gz" >"$t/trunc.txt.gz"
{
    echo '{"title":"One","body":"First record."}'
    echo 'not json at all'
    echo '{"title":"Three","body":"Third record."}'
    echo '{"title": broken'
} >"$t/mixed.jsonl"
ln -s loop.txt "$t/loop.txt"
ln -s .. "$t/sub/up"
ln -s nowhere.txt "$t/dangling.txt"
mkfifo "$t/fifo.txt" 2>/dev/null || echo "no mkfifo: FIFO case left out"

# run NAME ARGS...: index, outputs in $dl_tmp/NAME.out/.err, status in $rc.
run() {
    name=$1
    shift
    "$DL_INDEX" "$@" >"$dl_tmp/$name.out" 2>"$dl_tmp/$name.err"
    rc=$?
    if grep -q 'Sanitizer\|runtime error' "$dl_tmp/$name.err"; then
        fail "$name: sanitizer report"
        cat "$dl_tmp/$name.err" >&2
    fi
}

# warned NAME WHAT...: run NAME's stderr has a warning line naming WHAT.
warned() {
    name=$1
    shift
    for w in "$@"; do
        if grep -q "warning: .*$w" "$dl_tmp/$name.err"; then
            pass "$name: warning names $w"
        else
            fail "$name: no warning names $w"
        fi
    done
}

# has_id DB ID: the article id is in DB.
has_id() {
    dl_ids "$1" | grep -qx -- "$2"
}

cd "$dl_tmp" || exit 1
run follow --follow-symlinks --db h.db t
check "hostile tree, links followed: exit 0" [ "$rc" -eq 0 ]
warned follow t/nul.txt t/binary.txt t/empty.txt t/token.txt \
    t/trunc.txt.gz t/mixed.jsonl:2 t/mixed.jsonl:4 t/loop.txt t/sub/up \
    t/dangling.txt
[ -p "$t/fifo.txt" ] && warned follow t/fifo.txt
check "the good article is indexed" has_id h.db t/good.txt
check "the 50 MB line is indexed" has_id h.db t/huge-line.txt
check "the file with a 1 MB token is indexed" has_id h.db t/token.txt
check "the good JSON lines are indexed, the broken ones not" \
    [ "$(dl_ids h.db | grep -c '^t/mixed.jsonl#')" -eq 2 ]
if has_id h.db t/bad-utf8.txt; then
    pass "the invalid UTF-8 file is indexed (repaired)"
else
    warned follow t/bad-utf8.txt
fi
check "no invalid UTF-8 reached a term" \
    sh -c "xapian-delve -a -1 h.db | iconv -f UTF-8 -t UTF-8 >/dev/null"
warnings=$(dl_summary follow.out warnings)
skipped=$(dl_summary follow.out skipped)
check "warnings are counted ($warnings)" [ "$warnings" -ge 11 ]
check "skipped files are counted ($skipped)" [ "$skipped" -ge 7 ]
check "reasons are listed" grep -q 'symlink-loop' follow.out
check "xapian-check finds no error" sh -c 'xapian-check h.db >/dev/null 2>&1'

# A re-run: good files unchanged, problems reported again.
run again --follow-symlinks --db h.db t
check "re-run: exit 0" [ "$rc" -eq 0 ]
check "re-run: nothing indexed again" \
    [ "$(dl_summary again.out indexed)" -eq 0 ]
check "re-run: the good files are unchanged" \
    [ "$(dl_summary again.out unchanged)" -ge 5 ]
warned again t/binary.txt t/loop.txt

# Links not followed: each one named.  (The 50 MB file is left out by
# size here: it costs time and was tried above.)
run nofollow --max-file-size 10M --db n.db t
check "links not followed: exit 0" [ "$rc" -eq 0 ]
warned nofollow t/loop.txt t/sub/up t/dangling.txt t/huge-line.txt
check "the good article is indexed without following links" \
    has_id n.db t/good.txt

# --max-file-size: the 50 MB file is skipped with a warning.
run small --quiet --max-file-size 1M --db s.db t
check "--max-file-size run: exit 0" [ "$rc" -eq 0 ]
if has_id s.db t/huge-line.txt; then
    fail "a file over --max-file-size was indexed"
else
    pass "a file over --max-file-size is skipped"
fi
check "--quiet prints no warning" [ ! -s small.err ]

# An unreadable file (root reads everything: only as a normal user).
if [ "$(id -u)" -ne 0 ]; then
    printf 'Title: Secret\n\nNo access.\n' >"$t/secret.txt"
    chmod 000 "$t/secret.txt"
    run unreadable --db u.db t
    check "an unreadable file: exit 0" [ "$rc" -eq 0 ]
    warned unreadable t/secret.txt
    chmod 644 "$t/secret.txt"
else
    echo "running as root: unreadable-file case left out"
fi

done_testing
