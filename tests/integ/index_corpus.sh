#!/bin/sh
# index_corpus.sh - dateline-index over corpus/: every article indexed once,
# re-runs incremental (touch, edit, add, delete give exactly matching
# summary counts), --no-delete, --full, file arguments, exit statuses.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

# run NAME ARGS...: index into $dl_tmp/NAME.out/.err, status in $rc.
run() {
    name=$1
    shift
    "$DL_INDEX" "$@" >"$dl_tmp/$name.out" 2>"$dl_tmp/$name.err"
    rc=$?
    if grep -q 'Sanitizer' "$dl_tmp/$name.err"; then
        fail "$name: sanitizer report"
        cat "$dl_tmp/$name.err" >&2
    fi
}

# expect NAME KEY VALUE: the summary of run NAME says KEY: VALUE.
expect() {
    got=$(dl_summary "$dl_tmp/$1.out" "$2")
    if [ "$got" = "$3" ]; then
        pass "$1: $2 $3"
    else
        fail "$1: $2 should be $3, is $got"
        sed 's/^/    /' "$dl_tmp/$1.out" "$dl_tmp/$1.err" >&2
    fi
}

# expect_count DB N: the database holds N documents.
expect_count() {
    got=$(dl_doccount "$1")
    if [ "$got" = "$2" ]; then
        pass "$(basename "$1") holds $2 documents"
    else
        fail "$(basename "$1") should hold $2 documents, holds $got"
    fi
}

corpus=$top_srcdir/corpus
articles=$(dl_expected_articles "$corpus")
files=$(find "$corpus" -name '.*' -prune -o -type f \( -name '*.txt' \
    -o -name '*.html' -o -name '*.jsonl' -o -name '*.gz' \) -print | wc -l)
db=$dl_tmp/corpus.db

# ---- the corpus, fresh then unchanged -------------------------------------
run fresh --quiet --db "$db" "$corpus"
check "fresh run exits 0" [ "$rc" -eq 0 ]
expect fresh indexed "$files"
expect fresh articles "$articles"
expect fresh skipped 0
expect_count "$db" "$articles"
check "no temporary database left" \
    [ -z "$(ls -d "$db".tmp-* 2>/dev/null)" ]
check "JSON Lines records get path#N ids" \
    sh -c "xapian-delve -A Q -1 '$db' | grep -q 'jsonl#1\$'"
check "every id is unique" \
    [ "$(dl_ids "$db" | uniq | wc -l)" -eq "$articles" ]
check "xapian-check finds no error" \
    sh -c "xapian-check '$db' >/dev/null 2>&1"

run again --quiet --db "$db" "$corpus"
check "second run exits 0" [ "$rc" -eq 0 ]
expect again indexed 0
expect again updated 0
expect again unchanged "$files"
expect again articles 0
expect_count "$db" "$articles"

# DATELINE_DB is the default database.
DATELINE_DB=$db "$DL_INDEX" --quiet "$corpus" >"$dl_tmp/env.out" 2>&1
check "DATELINE_DB names the database" \
    [ "$(dl_summary "$dl_tmp/env.out" unchanged)" = "$files" ]

# ---- changes in a copy ----------------------------------------------------
mkdir "$dl_tmp/w"
cp -R "$corpus" "$dl_tmp/w/corpus"
chmod -R u+w "$dl_tmp/w/corpus" # distcheck's source tree is read-only
cd "$dl_tmp/w" || exit 1
run copy --quiet --db c.db corpus
expect copy indexed "$files"
ids_before=$(dl_ids c.db)

txt=$(find corpus -name '*.txt' | LC_ALL=C sort | head -n 1)
txt2=$(find corpus -name '*.txt' | LC_ALL=C sort | sed -n 2p)
txt3=$(find corpus -name '*.txt' | LC_ALL=C sort | sed -n 3p)
jsonl=$(find corpus -name '*.jsonl' | LC_ALL=C sort | head -n 1)
jsonl_n=$(grep -c '[^[:space:]]' "$jsonl")

# Same content, new mtime: re-indexed as an update, same ids.
touch "$txt"
run touch --quiet --db c.db corpus
expect touch updated 1
expect touch unchanged $((files - 1))
expect touch indexed 0
expect touch deleted 0
expect_count c.db "$articles"
check "a touched file keeps its ids" [ "$(dl_ids c.db)" = "$ids_before" ]

# Edit one, add one, delete one: each counted once.
echo "An added closing paragraph about the harbour." >>"$txt2"
mkdir -p corpus/new-outlet
cp "$txt3" corpus/new-outlet/added.txt
rm "$txt3"
run mixed --quiet --db c.db corpus
expect mixed indexed 1
expect mixed updated 1
expect mixed deleted 1
expect mixed unchanged $((files - 2))
expect_count c.db "$articles"
check "the added file is searchable by id" \
    sh -c "xapian-delve -A Q -1 c.db | grep -qx Qcorpus/new-outlet/added.txt"
check "the deleted file's id is gone" \
    sh -c "! xapian-delve -A Q -1 c.db | grep -qx 'Q$txt3'"

# Deleting a JSON Lines file removes all its articles.
rm "$jsonl"
run nojsonl --quiet --db c.db corpus
expect nojsonl deleted 1
expect_count c.db $((articles - jsonl_n))

# Dot-files and dot-directories are not indexed.
echo "Hidden" >corpus/.hidden.txt
mkdir corpus/.git
echo "Hidden too" >corpus/.git/x.txt
run dots --quiet --db c.db corpus
expect dots indexed 0
expect dots unchanged $((files - 1))

# --no-delete keeps a vanished file's articles; the next run removes them.
rm "$txt2"
run keep --quiet --no-delete --db c.db corpus
expect keep deleted 0
expect_count c.db $((articles - jsonl_n))
run nokeep --quiet --db c.db corpus
expect nokeep deleted 1
expect_count c.db $((articles - jsonl_n - 1))

# Vanished files are looked for only under this run's roots.
run other --quiet --db c.db corpus/new-outlet
expect other deleted 0
expect other unchanged 1
expect_count c.db $((articles - jsonl_n - 1))

# --full rebuilds: everything indexed again, same documents.
ids_inc=$(dl_ids c.db)
run full --quiet --full --jobs 2 --db c.db corpus
expect full indexed $((files - 2))
expect_count c.db $((articles - jsonl_n - 1))
check "--full gives the ids the incremental runs left" \
    [ "$(dl_ids c.db)" = "$ids_inc" ]

# One and two workers build the same documents.
run j1 --quiet --jobs 1 --db j1.db corpus
run j2 --quiet --jobs 2 --db j2.db corpus
check "--jobs 1 and --jobs 2 index the same ids" \
    [ "$(dl_ids j1.db)" = "$(dl_ids j2.db)" ]

# A FILE argument.
run onefile --quiet --db one.db "$txt"
check "a single FILE is indexed" [ "$(dl_doccount one.db)" = 1 ]

# ---- exit statuses ----------------------------------------------------------
run usage1 --db x.db
check "no DIR is a usage error (2)" [ "$rc" -eq 2 ]
run usage2 --jobs zero --db x.db corpus
check "a bad --jobs is a usage error (2)" [ "$rc" -eq 2 ]
run usage3 --bogus corpus
check "an unknown option is a usage error (2)" [ "$rc" -eq 2 ]
run missing --quiet --db c.db corpus/no-such-dir
check "a missing root is fatal (1)" [ "$rc" -eq 1 ]
check "the message names the missing root" \
    grep -q 'corpus/no-such-dir' "$dl_tmp/missing.err"
expect_count c.db $((articles - jsonl_n - 1))
run help --help
check "--help documents the exit statuses" grep -q '130' "$dl_tmp/help.out"

done_testing
