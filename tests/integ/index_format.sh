#!/bin/sh
# index_format.sh - an index says what format it is (dl:schema and
# dl:features, common/dl_schema.h, FORMAT), and both programs check it
# before they read an index or add to one.
#
# An index made by Dateline before issue 24 is today's index with
# dl:schema "1" and no dl:features (its terms and values are those written
# now); dl-setmeta makes one from a fresh index, and other formats the same
# way.  Such an index: dateline-search and dateline.cgi refuse it with
# "... was made by an older Dateline ...; rebuild it with `dateline-index
# --full`" (exit 1; the CGI's 503); an incremental run refuses it with the
# same words (exit 1) and changes nothing in it (every file byte for byte
# and mtime for mtime), even with a file changed and one added; --full
# rebuilds it, and then it is searched and updated again.  The same for a
# sharded index (no shard touched).  Then: a newer
# format (a higher version, features unknown here whose flags forbid the
# use, and ones that allow it); another program's Xapian database (the
# indexer's refusal of issue 22, and the searcher's); and, of several
# databases, the refused one is named.
. "$top_srcdir/tests/integ/lib.sh"
setmeta=$top_builddir/tests/integ/dl-setmeta
[ -x "$setmeta" ] || skip "$setmeta not built"
cd "$dl_tmp" || exit 1
cp -R "$top_srcdir/corpus/caspian-daily" T
chmod -R u+w T
"$DL_INDEX" --quiet --db new.db T >/dev/null 2>err ||
    { cat err >&2; fail "indexing the tree failed"; done_testing; }

# state DIR: every entry's listing (size, mtime) and every file's checksum.
state() {
    (cd "$1" && ls -lAR --time-style=full-iso . &&
        find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

# refused WHAT WORDS CMD...: CMD exits 1 and its stderr holds WORDS.
refused() {
    what=$1
    words=$2
    shift 2
    "$@" >out 2>err
    rc=$?
    if [ "$rc" -ne 1 ]; then
        fail "$what: exit $rc, not 1: $(head -c 300 err)"
    elif ! grep -qF -- "$words" err; then
        fail "$what: the message lacks '$words': $(head -c 300 err)"
    else
        pass "$what"
    fi
}

older='was made by an older Dateline (index format 1; this one'"'"'s is 2); rebuild it with `dateline-index --full`'

# ---- an index of format 1 (today's main before this change) -------------
cp -R new.db old.db
"$setmeta" old.db dl:schema=1 dl:features || fail "dl-setmeta failed"
refused "a search of a format-1 index" "old.db $older" \
    "$DL_SEARCH" --db old.db grain
DATELINE_DB=old.db REQUEST_METHOD=GET QUERY_STRING='q=grain' "$DL_CGI" \
    >cgi.out 2>cgi.err
check "the CGI answers 503 for a format-1 index" \
    grep -q '^Status: 503' cgi.out
check "the CGI logs why" grep -qF "old.db $older" cgi.err

state old.db >before
echo "A late story about the grain harvest." >>T/$(ls T | head -n 1)
printf 'Title: Late addition\n\nWheat and barley.\n' >T/late-addition.txt
refused "an incremental run on a format-1 index" "old.db $older" \
    "$DL_INDEX" --quiet --db old.db T
state old.db >after
check "the refused run changed nothing in the index" cmp -s before after
check "and left no temporary beside it" \
    test -z "$(ls -d old.db.tmp-* 2>/dev/null)"
"$DL_INDEX" --quiet --full --db old.db T >/dev/null 2>err
check "--full rebuilds a format-1 index" test $? -eq 0
check "which is then searched" "$DL_SEARCH" --db old.db --limit 1 barley
"$DL_INDEX" --quiet --db old.db T >/dev/null 2>err
check "and updated incrementally" test $? -eq 0

# A sharded index of format 1: refused before any shard is touched.
"$DL_INDEX" --quiet --shards 2 --db sh.db T >/dev/null 2>err ||
    fail "a sharded build failed: $(head -c 300 err)"
"$setmeta" sh.db/shard-0 dl:schema=1 dl:features
"$setmeta" sh.db/shard-1 dl:schema=1 dl:features
state sh.db >before
refused "an incremental run on a sharded format-1 index" \
    "sh.db/shard-0 $older" "$DL_INDEX" --quiet --shards 2 --db sh.db T
state sh.db >after
check "the refused run changed nothing in any shard" cmp -s before after
refused "a search of it" "sh.db $older" "$DL_SEARCH" --db sh.db grain
"$DL_INDEX" --quiet --full --shards 2 --db sh.db T >/dev/null 2>err
check "--full rebuilds it" test $? -eq 0
check "which is then searched" "$DL_SEARCH" --db sh.db --limit 1 barley

# ---- newer formats ------------------------------------------------------
newer='was made by a newer Dateline'
cp -R new.db v3.db
"$setmeta" v3.db dl:schema=3
refused "a search of a format-3 index" "v3.db $newer (index format 3" \
    "$DL_SEARCH" --db v3.db grain
state v3.db >before
refused "an incremental run on a format-3 index" "v3.db $newer" \
    "$DL_INDEX" --quiet --db v3.db T
state v3.db >after
check "the refused run changed nothing in it" cmp -s before after

# A feature this program does not know: its flags say who must know it.
cp -R new.db fr.db
"$setmeta" fr.db 'dl:features+=future\tr\n'
refused "a search of an index with a feature readers must know" \
    "fr.db $newer (its index has a feature unknown here: future)" \
    "$DL_SEARCH" --db fr.db grain
"$DL_INDEX" --quiet --db fr.db T >/dev/null 2>err
check "an incremental run may add to it (no w)" test $? -eq 0
cp -R new.db fw.db
"$setmeta" fw.db 'dl:features+=future\tw\n'
check "a search reads an index with a feature only writers must know" \
    "$DL_SEARCH" --db fw.db grain
refused "an incremental run refuses it" \
    "fw.db $newer (its index has a feature unknown here: future)" \
    "$DL_INDEX" --quiet --db fw.db T

# ---- another program's database -----------------------------------------
"$setmeta" foreign.db owner=someone-else
"$DL_INDEX" --quiet --db foreign.db T >out 2>err
rc=$?
check "the indexer refuses another program's database (exit 2)" \
    test "$rc" -eq 2
check "as a database Dateline did not write" \
    grep -q 'a Xapian database that Dateline did not write' err
refused "the searcher refuses it" \
    "foreign.db: not an index Dateline wrote (no dl:schema)" \
    "$DL_SEARCH" --db foreign.db grain

# ---- several databases --------------------------------------------------
cp -R new.db old2.db
"$setmeta" old2.db dl:schema=1 dl:features
refused "of several databases, the refused one is named" "old2.db $older" \
    "$DL_SEARCH" --db new.db --db old2.db grain
check "while a current one alone is searched" \
    "$DL_SEARCH" --db new.db --limit 1 grain

done_testing
