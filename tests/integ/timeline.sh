#!/bin/sh
# timeline.sh - dateline-search --timeline and --compare against counts
# made by hand.  corpus/ plus four articles made here (one dated to a
# month only, one to a year only, one undated, one dated to the day) is
# indexed; for several queries and every period the timeline's matching
# counts must equal a count of the dates of every hit of the same query
# (--no-collapse, paged), its totals a count of every article's date, its
# shares their quotients, the coarse and undated articles counted apart;
# a comparison must give each query's own series; by source, each
# source's series; a filter must bound the periods and the totals; the
# CSV must parse with Python's csv module and hold the JSON's numbers.
# With the Reuters-21578 JSONL in the shared corpora, the same brute
# force on its first 2,000 articles for three queries by month.
. "$top_srcdir/tests/integ/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON"
[ -x "$DL_INDEX" ] || skip "dateline-index is not built"

extra="$dl_tmp/extra"
mkdir -p "$extra"
printf 'Title: Zebrafish month\nDate: 2020-03\nSource: Coarse Gazette\n\nZebrafish timeline story dated to a month only.\n' >"$extra/month.txt"
printf 'Title: Zebrafish year\nDate: 2021\nSource: Coarse Gazette\n\nZebrafish timeline story dated to a year only.\n' >"$extra/year.txt"
printf 'Title: Zebrafish nodate\nSource: Coarse Gazette\n\nZebrafish timeline story without any date.\n' >"$extra/nodate.txt"
printf 'Title: Zebrafish day\nDate: 2020-03-01\nSource: Coarse Gazette\n\nZebrafish timeline story dated to the first of March.\n' >"$extra/day.txt"
"$DL_INDEX" --quiet --db "$dl_tmp/t.db" "$top_srcdir/corpus" "$extra" \
    >"$dl_tmp/index.out" 2>&1 || { cat "$dl_tmp/index.out"; fail "indexing"; done_testing; }

reuters="$DL_CORPORA/reuters21578/reuters.jsonl"
rdb=""
if [ -f "$reuters" ]; then
    mkdir -p "$dl_tmp/r"
    head -n 2000 "$reuters" >"$dl_tmp/r/reuters.jsonl"
    "$DL_INDEX" --quiet --db "$dl_tmp/r.db" "$dl_tmp/r" >"$dl_tmp/rindex.out" 2>&1 &&
        rdb="$dl_tmp/r.db"
else
    echo "note: $reuters absent; the Reuters checks are skipped"
fi

python3 - "$DL_SEARCH" "$dl_tmp/t.db" "$rdb" <<'PYEOF'
import csv, datetime, io, json, subprocess, sys

search, db, rdb = sys.argv[1], sys.argv[2], sys.argv[3]
failures = 0

def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures += 1

def run(db, *args):
    p = subprocess.run([search, "--db", db, *args], capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (args, p.stderr))
    return p.stdout

def timeline(db, period, *args, fmt="json"):
    out = run(db, "--timeline", period, "--format", fmt, *args)
    return json.loads(out)["timeline"] if fmt == "json" else out

def hits(db, query):
    """Every match of query: (date or None, source), paged."""
    res, off = [], 0
    while True:
        j = json.loads(run(db, "--format", "json", "--limit", "1000",
                           "--offset", str(off), "--no-collapse", "--", query))
        res += [(h.get("date"), h.get("source")) for h in j["hits"]]
        off += len(j["hits"])
        if not j["hits"] or off >= j["total"]:
            return res

def label(period, d):
    if period == "day":
        return d.isoformat()
    if period == "week":
        y, w, _ = d.isocalendar()
        return "%04d-W%02d" % (y, w)
    if period == "month":
        return d.strftime("%Y-%m")
    return "%04d" % d.year

def brute(period, dates):
    """Counts per period label, and the undated/month-only/year-only."""
    per, apart = {}, {"undated": 0, "month_only": 0, "year_only": 0}
    for s in dates:
        if not s:
            apart["undated"] += 1
            continue
        parts = [int(x) for x in s.split("-")]
        if len(parts) == 1 and period != "year":
            apart["year_only"] += 1
            continue
        if len(parts) == 2 and period in ("day", "week"):
            apart["month_only"] += 1
            continue
        parts += [1] * (3 - len(parts))
        k = label(period, datetime.date(*parts))
        per[k] = per.get(k, 0) + 1
    return per, apart

def series_ok(db, t, s, per, apart, what, totals=None):
    got = dict(zip(t["periods"], s["matching"]))
    check(all(got.get(k) == v for k, v in per.items()) and
          sum(s["matching"]) == sum(per.values()),
          "%s: matching per period equals the hits' dates" % what)
    for a, v in apart.items():
        check(s[a]["matching"] == v, "%s: %s matching %d == %d"
              % (what, a, s[a]["matching"], v))
    check(s["matches"] == sum(per.values()) + sum(apart.values()),
          "%s: matches add up" % what)
    if totals is not None:
        tper, tapart = totals
        gt = dict(zip(t["periods"], s["total"]))
        check(all(gt.get(k, 0) == tper.get(k, 0) for k in t["periods"]),
              "%s: totals per period equal the articles' dates" % what)
        for a, v in tapart.items():
            check(s[a]["total"] == v, "%s: %s total %d == %d"
                  % (what, a, s[a]["total"], v))
    check(all((m / tt if tt else None) is None and sh is None or
              (tt and abs(sh - m / tt) <= 1e-5 * (m / tt) + 1e-9)
              for m, tt, sh in zip(s["matching"], s["total"], s["share"])),
          "%s: shares are matching / total" % what)

# Every article: a browse of every dated one, then the undated.
all_dated = [d for d, _ in hits(db, "date:1000..2999")]
for period in ("day", "week", "month", "year"):
    tper, tapart = brute(period, all_dated + [None])
    for q in ("the", "zebrafish", "oil OR market", "government"):
        dates = [d for d, _ in hits(db, q)]
        per, apart = brute(period, dates)
        t = timeline(db, period, "--", q)
        s = t["series"][0]
        series_ok(db, t, s, per, apart, "%s by %s" % (q, period),
                  (tper, {"month_only": tapart["month_only"],
                          "year_only": tapart["year_only"]}))
        if per:
            check(t["periods"][0] == min(per) and t["periods"][-1] == max(per),
                  "%s by %s: periods run from the first match to the last"
                  % (q, period))
    check(timeline(db, period, "zebrafish")["series"][0]["undated"]["total"]
          == 1, "by %s: the one undated article is counted apart" % period)

# A comparison gives each query's own series.
qs = ["the", "zebrafish", "government"]
cmp = timeline(db, "month", *sum((["--compare", q] for q in qs), []))
check(cmp["compare"] and len(cmp["series"]) == 3, "compare: three series")
for q, s in zip(qs, cmp["series"]):
    one = timeline(db, "month", "--", q)
    mine = dict(zip(cmp["periods"], zip(s["matching"], s["total"])))
    check(all(mine.get(p) == (m, tt) for p, m, tt in
              zip(one["periods"], one["series"][0]["matching"],
                  one["series"][0]["total"])) and
          s["matches"] == one["series"][0]["matches"],
          "compare: %s equals its own timeline" % q)

# By source: each source's matches and articles.
t = timeline(db, "year", "--by", "source", "the")
got_hits = hits(db, "the")
every = hits(db, "date:1000..2999")
for s in t["series"][:-1]:
    per, apart = brute("year", [d for d, src in got_hits if src == s["label"]])
    tper, _ = brute("year", [d for d, src in every if src == s["label"]])
    series_ok(db, t, s, per, apart, "by source: %s" % s["label"],
              (tper, {}))
check(t["series"][-1]["label"] == "other", "by source: other comes last")
one = timeline(db, "year", "the")
check([sum(x) for x in zip(*[s["matching"] for s in t["series"]])] ==
      one["series"][0]["matching"], "by source: the sources add up to the whole")

# Filters: the language's articles are the totals; a date range the periods.
t = timeline(db, "month", "the lang:en")
check(t["filtered_totals"], "lang: totals are filtered")
tper, _ = brute("month", [d for d, _ in hits(db, "lang:en")])
check(dict(zip(t["periods"], t["series"][0]["total"])) ==
      {p: tper.get(p, 0) for p in t["periods"]},
      "lang: totals are the language's articles per month")
t = timeline(db, "month", "the date:2019..2020")
check(t["periods"][0] == "2019-01" and t["periods"][-1] == "2020-12" and
      len(t["periods"]) == 24, "date: the filter's range bounds the periods")

# CSV: parses, one row per period, the JSON's numbers.
for args in (["the"], ["--by", "source", "the"],
             ["--compare", "the", "--compare", "zebrafish, \"x\""]):
    j = timeline(db, "month", *args)
    rows = list(csv.reader(io.StringIO(timeline(db, "month", *args,
                                                fmt="csv"), newline="")))
    body = [r for r in rows[1:] if r[0] in j["periods"]]
    n = len(j["series"]) if "--by" in args else 1
    check(len(body) == len(j["periods"]) * n and
          all(len(r) == len(rows[0]) for r in rows),
          "csv %s: header and one row per period" % args)
    if "--compare" in args:
        check(rows[0][4] == 'zebrafish, "x" matching',
              "csv: a query with a comma and quotes round-trips in the header")
        check([int(r[1]) for r in body] == j["series"][0]["matching"] and
              [int(r[5]) for r in body] == j["series"][1]["total"],
              "csv compare: the JSON's numbers")
    elif "--by" in args:
        check([int(r[2]) for r in body if r[1] == j["series"][0]["label"]] ==
              j["series"][0]["matching"], "csv by source: the JSON's numbers")
    else:
        check([int(r[1]) for r in body] == j["series"][0]["matching"] and
              [int(r[2]) for r in body] == j["series"][0]["total"],
              "csv: the JSON's numbers")

# Reuters: the brute force at month granularity on a real archive.
if rdb:
    rall = [d for d, _ in hits(rdb, "date:1000..2999")]
    tper, _ = brute("month", rall)
    for q in ("oil", "coffee", "grain OR wheat"):
        per, apart = brute("month", [d for d, _ in hits(rdb, q)])
        t = timeline(rdb, "month", "--", q)
        series_ok(rdb, t, t["series"][0], per, apart, "reuters %s" % q,
                  (tper, {}))
    # Reuters' JSON Lines name no source: by source, everything is other.
    t = timeline(rdb, "month", "--by", "source", "oil")
    one = timeline(rdb, "month", "oil")
    check([s["label"] for s in t["series"]] == ["other"] and
          t["series"][0]["matching"] == one["series"][0]["matching"] and
          t["series"][0]["total"] == one["series"][0]["total"],
          "reuters by source: without sources, other is the whole")
sys.exit(1 if failures else 0)
PYEOF
[ $? -eq 0 ] || fail "timeline checks (above)"

# Usage errors name what was wrong.
"$DL_SEARCH" --db "$dl_tmp/t.db" --timeline fortnight oil 2>"$dl_tmp/e1"
check "a bad period is a usage error" [ $? -eq 2 ]
check "the message names the periods" grep -q "day, week, month or year" "$dl_tmp/e1"
"$DL_SEARCH" --db "$dl_tmp/t.db" --compare oil 2>"$dl_tmp/e2"
check "one --compare is a usage error" [ $? -eq 2 ]
"$DL_SEARCH" --db "$dl_tmp/t.db" --timeline month oil >"$dl_tmp/text"
check "text output has a header" grep -q "^period" "$dl_tmp/text"
"$DL_SEARCH" --db "$dl_tmp/t.db" --timeline day zebrafish >"$dl_tmp/text2"
check "text says which articles no day holds" \
    grep -q "dated to the month only" "$dl_tmp/text2"

# The page's CSV of its timeline (tl with format=csv) is the CLI's CSV, and
# the results page links it beside the hits' CSV, which carries no tl.
if [ -x "$DL_CGI" ]; then
    DATELINE_DB="$dl_tmp/t.db" REQUEST_METHOD=GET \
        QUERY_STRING='q=zebrafish&tl=month&vs=oil&format=csv' "$DL_CGI" \
        >"$dl_tmp/cgi.csv" 2>"$dl_tmp/cgi.err"
    check "the CGI's timeline CSV is text/csv" \
        grep -q '^Content-Type: text/csv' "$dl_tmp/cgi.csv"
    "$DL_SEARCH" --db "$dl_tmp/t.db" --timeline month --format csv \
        --compare zebrafish --compare oil >"$dl_tmp/cli.csv"
    sed '1,/^\r*$/d' "$dl_tmp/cgi.csv" >"$dl_tmp/cgi.body"
    check "... and the CLI's comparison CSV byte for byte" \
        cmp -s "$dl_tmp/cgi.body" "$dl_tmp/cli.csv"
    DATELINE_DB="$dl_tmp/t.db" REQUEST_METHOD=GET \
        QUERY_STRING='q=zebrafish&tl=year' "$DL_CGI" >"$dl_tmp/page.html"
    check "the page links the CSV of its timeline" \
        grep -q 'href="?q=zebrafish&amp;format=csv&amp;tl=year"' "$dl_tmp/page.html"
    check "... and the CSV of its hits without tl" \
        grep -q 'href="?q=zebrafish&amp;format=csv"' "$dl_tmp/page.html"
fi
done_testing
