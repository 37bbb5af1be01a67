#!/bin/sh
# index_dbpath.sh - --db never removes, replaces or writes into anything
# that is not provably a Dateline database, an empty folder or a new path
# (docs/indexing.md, "What --db may name"); and the path is cleaned once,
# so "news.db/" (as tab completion writes it), "news.db//" and
# "./news.db/." work for fresh, --full and incremental runs.
#
# Each refused --db (the corpus folder itself, a folder holding a
# document, another program's Xapian database, an empty one, a database of
# ours with one file added, a symbolic link to each, a file, a link to a
# file, a link to nothing, a database with the folder to index inside it,
# an ancestor of the folder to index; the main kinds again with --full and
# --shards): exit 2, a message naming the path and why, and the whole
# scratch tree byte for byte and mtime for mtime as it was (sha256 of
# every file plus a listing of every entry).  Then: temporaries of dead
# runs are removed only when provably ours; trailing slashes; a link to
# our database; the database inside the folder indexed; a first run
# killed after one file resumes.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve
pyx=/usr/bin/python3

s=$dl_tmp/s # the scratch tree that must not change
mkdir -p "$s"
cd "$s" || exit 1
cp -R "$top_srcdir/corpus/caspian-daily" news
chmod -R u+w news
mkdir other
cp "$top_srcdir/corpus/alpenbote/"*.txt other/ 2>/dev/null ||
    cp -R "$top_srcdir/corpus/alpenbote" other/
chmod -R u+w other
mkdir doc
printf 'Title: Notes\n\nMy own notes, not an index.\n' >doc/notes.txt
"$DL_INDEX" --quiet --db ours other >/dev/null 2>"$dl_tmp/err" ||
    { cat "$dl_tmp/err" >&2; fail "building a database of ours failed"; done_testing; }
cp -R ours ours-plus
printf 'keep me\n' >ours-plus/README
echo hello >file
foreign=
if "$pyx" -c 'import xapian' 2>/dev/null; then
    "$pyx" -c '
import xapian
db = xapian.WritableDatabase("foreign", xapian.DB_CREATE_OR_OPEN)
d = xapian.Document()
d.set_data("another program")
d.add_term("hello")
db.add_document(d)
db.set_metadata("owner", "someone else")
db.commit()
xapian.WritableDatabase("foreign-empty", xapian.DB_CREATE_OR_OPEN).commit()
' && foreign="foreign foreign-empty"
else
    echo "note: python3-xapian missing: no foreign Xapian database case"
fi
for t in news doc ours-plus file $foreign; do
    ln -s "$t" "link-$t"
done
ln -s nowhere dangling

# A listing (type, size, mode, mtime) and a checksum of every entry.
snapshot() {
    (cd "$s" && find . -printf '%p %y %s %m %T@ %l\n' | LC_ALL=C sort &&
        find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}
snapshot >"$dl_tmp/before"
cases=0

# refused WHAT WANT ARGS...: dateline-index ARGS exits 2 with a message
# holding WANT (a path it names) and leaves the scratch tree unchanged.
refused() {
    what=$1
    want=$2
    shift 2
    cases=$((cases + 1))
    (cd "$s" && "$DL_INDEX" --quiet "$@") >"$dl_tmp/out" 2>"$dl_tmp/err"
    rc=$?
    if [ "$rc" -ne 2 ]; then
        fail "$what: exit $rc, not 2: $(head -n 2 "$dl_tmp/err")"
    elif ! grep -q "^dateline-index: error: .*$want.*:" "$dl_tmp/err"; then
        fail "$what: the message does not name $want: $(cat "$dl_tmp/err")"
    fi
    snapshot >"$dl_tmp/after"
    if ! cmp -s "$dl_tmp/before" "$dl_tmp/after"; then
        fail "$what: the tree changed:"
        diff "$dl_tmp/before" "$dl_tmp/after" | head -n 10 >&2
        # Put it back as it was for the next cases.
        snapshot >"$dl_tmp/before"
    fi
}

refused "--db the folder being indexed" news --db news news
refused "--db the corpus folder (another root)" news --db news other
refused "--db a folder holding a document" doc --db doc news
refused "--db a database of ours with a file added" ours-plus \
    --db ours-plus news
refused "--db a file" file --db file news
refused "--db a link to nothing" dangling --db dangling news
for t in news doc ours-plus file $foreign; do
    refused "--db a link to $t" "$t" --db "link-$t/" other
done
for t in $foreign; do
    refused "--db $t" "$t" --db "$t" news
done
refused "--db a database holding the folder to index" ours --db ours ours/
refused "--db an ancestor of the folder to index" news --db news news/2019
# --full and --shards go through the same check: the main kinds again.
for mode in --full --shards; do
    case $mode in
    --full) set -- --full ;;
    --shards) set -- --shards 2 ;;
    esac
    refused "$mode: --db the folder being indexed" news "$@" --db news news
    refused "$mode: --db a folder holding a document" doc "$@" --db doc news
    refused "$mode: --db a database of ours with a file added" ours-plus \
        "$@" --db ours-plus news
    refused "$mode: --db a link to a folder" doc "$@" --db link-doc other
    for t in $foreign; do
        refused "$mode: --db $t" "$t" "$@" --db "$t" news
    done
done
# Our database, given to a sharded run, and a sharded index to a plain one.
refused "a single database given to --shards" ours --shards 2 --db ours news
pass "$cases refused --db paths: exit 2, a message, nothing touched"

# ---- temporaries: only provable ones are removed --------------------------
cd "$dl_tmp" || exit 1
mkdir t && cd t || exit 1
# A dead process id (the highest ones are free unless the system is huge).
dead=$(awk '{ print $1 - 1 }' /proc/sys/kernel/pid_max)
kill -0 "$dead" 2>/dev/null && dead=$((dead - 1))
mkdir "db.tmp-$dead-0"
printf 'Title: mine\n\nA folder named like a temporary.\n' >"db.tmp-$dead-0/mine.txt"
cp -R "$s/ours" "db.tmp-$dead-new" # a leftover of ours: removed
mkdir "db.tmp-$dead-2" # files merely named like Xapian's: kept
echo 'my notes' >"db.tmp-$dead-2/notes.glass"
if [ -n "$foreign" ]; then
    cp -R "$s/foreign" "db.tmp-$dead-1" # another program's: kept
fi
"$DL_INDEX" --quiet --db db "$s/news" >/dev/null 2>err
rc=$?
check "a run beside temporary-like folders succeeds (got $rc)" [ "$rc" -eq 0 ]
check "a user's folder named like a temporary is kept" \
    cmp -s "db.tmp-$dead-0/mine.txt" - <<EOF
Title: mine

A folder named like a temporary.
EOF
check "a stale temporary database of ours is removed" [ ! -e "db.tmp-$dead-new" ]
check "a folder of files named *.glass is kept" [ -f "db.tmp-$dead-2/notes.glass" ]
if [ -n "$foreign" ]; then
    check "another program's database named like a temporary is kept" \
        [ -f "db.tmp-$dead-1/iamglass" ]
fi

# ---- trailing slashes and dots (a fresh, a --full, an incremental run) ----
cd "$dl_tmp" || exit 1
n=$(dl_expected_articles "$s/news")
# spelled WHAT ARGS...: an indexer run over news exits 0 and leaves new.db
# complete with nothing beside it.
spelled() {
    what=$1
    shift
    "$DL_INDEX" --quiet "$@" "$s/news" >out 2>err
    rc=$?
    check "$what exits 0 (got $rc: $(head -c 200 err))" [ "$rc" -eq 0 ]
    check "$what: $n articles" [ "$(dl_doccount new.db)" = "$n" ]
    check "$what: nothing left beside it" \
        [ "$(ls -d new.db* | tr '\n' ' ')" = "new.db " ]
}
spelled "a fresh build, --db ./new.db/." --db ./new.db/.
rm -rf new.db
spelled "a fresh build, --db new.db/" --db new.db/
spelled "--full --db new.db//" --full --db new.db//
touch "$(find "$s/news" -name '*.txt' | LC_ALL=C sort | head -n 1)"
spelled "an incremental run, --db ./new.db/." --db ./new.db/.
check "the incremental run updated the touched file" \
    [ "$(dl_summary out updated)" = 1 ]
"$DL_SEARCH" --db new.db/ --limit 1 oil >out 2>err
check "dateline-search --db new.db/ works (got $?)" grep -q 'results\? for' out
DATELINE_DB=new.db/ REQUEST_METHOD=GET QUERY_STRING='q=oil&format=json' \
    "$DL_CGI" >cgi.out 2>cgi.err
check "dateline.cgi with DATELINE_DB=new.db/ answers" grep -q '"total"' cgi.out

# A link to our database: rebuilt where it points, the link stays a link.
ln -s new.db via-link
"$DL_INDEX" --quiet --full --db via-link/ "$s/news" >out 2>err
check "--full through a link to our database exits 0 (got $?)" [ ! -s err ]
check "the link is still a link" [ -L via-link ]
check "the database it points to is complete" \
    [ "$(dl_doccount new.db)" = "$n" ]
check "no temporary left beside it" [ "$(ls -d new.db* | tr '\n' ' ')" = "new.db " ]

# ---- the database inside the folder indexed -------------------------------
cp -R "$s/news" inside
# A folder of articles merely named like a temporary is indexed.
mkdir inside/index.db.tmp-old
printf 'Title: Old\n\nStill an article.\n' >inside/index.db.tmp-old/old.txt
"$DL_INDEX" --db inside/index.db inside >out 2>err
rc=$?
check "--db inside the folder indexed exits 0 (got $rc)" [ "$rc" -eq 0 ]
"$DL_INDEX" --full --jobs 2 --db inside/index.db inside >out 2>err
check "a --full run there warns about nothing (its temporaries)" [ ! -s err ]
check "the index holds the folder's articles only" \
    [ "$(dl_doccount inside/index.db)" = "$((n + 1))" ]
"$DL_INDEX" --db inside/index.db inside >out 2>err
check "a re-run finds nothing changed" \
    [ "$(dl_summary out indexed)" = 0 -a "$(dl_summary out updated)" = 0 ]

# ---- a first run killed before its first commit resumes --------------------
rm -rf first.db
dl_start_paused 1 pause first.out first.err "$DL_INDEX" --quiet \
    --db first.db "$s/news"
kill -9 "$dl_pid"
wait "$dl_pid"
"$DL_INDEX" --quiet --db first.db "$s/news" >out 2>err
rc=$?
check "a first run killed after one file is resumed (got $rc: $(head -c 200 err))" \
    [ "$rc" -eq 0 ]
check "and completes ($n articles)" [ "$(dl_doccount first.db)" = "$n" ]

done_testing
