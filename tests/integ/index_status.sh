#!/bin/sh
# index_status.sh - dateline-index --status: the figures of the corpus's
# index in text and JSON (parsed), agreeing with what searches count; it
# reads only (a read-only database works, nothing in it changes) and
# refuses what is not an index.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 missing"
dl_index_corpus || { fail "indexing the corpus"; done_testing; }
db="$dl_tmp/corpus.db"

"$DL_INDEX" --status --db "$db" >"$dl_tmp/st.txt" 2>"$dl_tmp/st.err"
check "--status exits 0" test $? = 0
for key in articles sources languages dates 'last commit' format watcher; do
    check "text has '$key'" grep -q "^$key: " "$dl_tmp/st.txt"
done
"$DL_INDEX" --status --db "$db" --format json >"$dl_tmp/st.json" ||
    fail "--status --format json"
docs=$(dl_doccount "$db")
# The corpus's own figures, from searches: every language and source
# facet the searcher lists.
python3 - "$dl_tmp/st.json" "$dl_tmp/st.txt" "$docs" <<'PY' || fail "JSON figures"
import json, re, sys
st = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
docs = int(sys.argv[3])
errs = []
def want(cond, what):
    if not cond:
        errs.append(what)
want(st["articles"] == docs, "articles %r != %d" % (st["articles"], docs))
want(st["languages"] == len(st["langs"].split(",")), "languages vs langs")
want(st["languages"] >= 5 and "en" in st["langs"].split(","), "languages")
want(st["sources"] >= 5, "sources %r" % st["sources"])
want(re.fullmatch(r"\d{4}-\d\d-\d\d", st["date_from"] or ""), "date_from")
want(st["date_from"] <= st["date_to"], "date range")
want(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", st["last_commit"] or ""),
     "last_commit %r" % st["last_commit"])
want(st["schema"] == "2" and "body-slot" in st["features"], "format")
want(st["locked"] is False and st["watcher_pid"] is None, "watcher")
want("articles: %d\n" % docs in text, "text articles")
want("last commit: %s\n" % st["last_commit"] in text, "text last commit")
want("dates: %s to %s\n" % (st["date_from"], st["date_to"]) in text, "text dates")
for e in errs:
    print("status: " + e, file=sys.stderr)
sys.exit(1 if errs else 0)
PY
pass "JSON parses and agrees with the index"

# The searcher's facets over every dated article (a subset of all)
# agree: no more languages than the status counts, nor sources once
# case folded (the status counts them as the source: filter sees them).
"$DL_SEARCH" --db "$db" --facets --format json 'date:1000..2999' \
    >"$dl_tmp/facets.json" 2>/dev/null || fail "facet search"
python3 - "$dl_tmp/facets.json" "$dl_tmp/st.json" <<'PY' || fail "status vs facets"
import json, sys
f = json.load(open(sys.argv[1]))["facets"]
st = json.load(open(sys.argv[2]))
folded = {s.lower() for s in f["source"]}
ok = (st["languages"] >= len(f["lang"]) > 0 and
      st["sources"] >= len(folded) > 0)
if not ok:
    print("status %r vs facets %r" % (st, {k: len(v) for k, v in f.items()}),
          file=sys.stderr)
sys.exit(0 if ok else 1)
PY
pass "status figures agree with the searcher's facets"

# It never writes: a read-only copy answers, and is unchanged.
cp -R "$db" "$dl_tmp/ro.db"
chmod -R a-w "$dl_tmp/ro.db"
before=$(cd "$dl_tmp/ro.db" && ls -l --time-style=+%s.%N | md5sum)
check "a read-only database answers" "$DL_INDEX" --status --db "$dl_tmp/ro.db"
after=$(cd "$dl_tmp/ro.db" && ls -l --time-style=+%s.%N | md5sum)
check "and is unchanged" test "$before" = "$after"
chmod -R u+w "$dl_tmp/ro.db"

# Refusals: not an index, DIR given, bad format.
mkdir -p "$dl_tmp/empty"
"$DL_INDEX" --status --db "$dl_tmp/nothing" >/dev/null 2>"$dl_tmp/e1"
check "a missing database: exit 2" test $? = 2
"$DL_INDEX" --status --db "$db" "$dl_tmp/empty" >/dev/null 2>"$dl_tmp/e2"
check "--status with a DIR: exit 2" test $? = 2
check "said why" grep -q -- '--status takes no DIR' "$dl_tmp/e2"
"$DL_INDEX" --status --db "$db" --format xml >/dev/null 2>"$dl_tmp/e3"
check "--format xml: exit 2" test $? = 2
done_testing
