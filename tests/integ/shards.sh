#!/bin/sh
# shards.sh - one database, 3 local shards and 3 remote shards agree.
#
# corpus/ is indexed once as a single database and once with --shards 3;
# the shards are then served by three xapian-tcpsrv processes on loopback
# (scripts/serve-shards.sh).  For queries of every kind the three give the
# same totals, the same facets, and the same hits in the same order with
# the same scores.  The JSON output has scores to 4 decimals, so scores
# must agree to 1e-6 relative or to that rounding.  Hits with equal scores
# (and equal dates when sorting by date) are ordered by docid, which
# differs between layouts (docs/shards.md), so within such a tie group the
# ids are compared as a set.  Then one server is killed: a search must
# fail within a few seconds with an error naming the shard (the documented
# behaviour: no partial results), and the CGI must answer 503; and one is
# stopped (SIGSTOP): the search must fail on the 10 s timeout.

. "$top_srcdir/tests/integ/lib.sh"

command -v xapian-tcpsrv >/dev/null 2>&1 || skip "xapian-tcpsrv not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
command -v setsid >/dev/null 2>&1 || skip "setsid not installed"

SERVE="$top_srcdir/scripts/serve-shards.sh"
one="$dl_tmp/one.db"
sh3="$dl_tmp/s3"
remote="$dl_tmp/remote.stub"

stop_servers() {
    [ -f "$remote.pids" ] && sh "$SERVE" stop "$remote" >/dev/null 2>&1
    rm -rf "$dl_tmp"
}
trap stop_servers EXIT
[ -n "${DL_KEEP:-}" ] && trap "sh $SERVE stop $remote" EXIT

# A copy, so that files can change and vanish below.
corpus="$dl_tmp/corpus"
cp -R "$top_srcdir/corpus" "$corpus"
"$DL_INDEX" --quiet --db "$one" "$corpus" >/dev/null ||
    { fail "index as one database"; done_testing; }
"$DL_INDEX" --quiet --shards 3 --db "$sh3" "$corpus" \
    >"$dl_tmp/shard.out" || { fail "index as 3 shards"; done_testing; }
check "the stub names 3 shards" \
    test "$(grep -c '^auto shard-' "$sh3/XAPIANDB")" -eq 3
n_one=$(xapian-delve "$one" 2>/dev/null | sed -n 's/^number of documents = //p')
n_sh=$(xapian-delve "$sh3" 2>/dev/null | sed -n 's/^number of documents = //p')
check "3 shards hold every article once ($n_sh = $n_one)" \
    test -n "$n_one" -a "$n_one" = "$n_sh"
empty=0
for i in 0 1 2; do
    n=$(xapian-delve "$sh3/shard-$i" 2>/dev/null |
        sed -n 's/^number of documents = //p')
    [ "${n:-0}" -gt 0 ] || empty=1
done
check "every shard got articles" test $empty -eq 0

# The shards together hold every language of the single database (the
# searcher stems for the "L" terms of the combined database).
langs_all() {
    for db in "$@"; do xapian-delve -A L -1 "$db" 2>/dev/null; done |
        LC_ALL=C sort -u | tr '\n' ' '
}
check "the shards hold every language" test \
    "$(langs_all "$sh3/shard-0" "$sh3/shard-1" "$sh3/shard-2")" = \
    "$(langs_all "$one")"

# A re-run finds every file in its shard: nothing is re-indexed.
"$DL_INDEX" --quiet --shards 3 --db "$sh3" "$corpus" \
    >"$dl_tmp/rerun.out" 2>&1
check "re-run over shards changes nothing" \
    grep -q '^indexed: 0$' "$dl_tmp/rerun.out"
check "re-run over shards updates nothing" \
    grep -q '^updated: 0$' "$dl_tmp/rerun.out"
"$DL_INDEX" --quiet --shards 2 --db "$sh3" "$corpus" \
    >/dev/null 2>"$dl_tmp/reshard.err"
check "another shard count without --full is refused" \
    grep -q "re-sharding needs --full" "$dl_tmp/reshard.err"

# Serve the shards; retry with another port range if one is taken.
started=0
for base in $((20000 + $$ % 20000)) $((41000 + $$ % 9000)) 52000; do
    if sh "$SERVE" start "$sh3" "$remote" "$base" >"$dl_tmp/serve.out" 2>&1
    then
        started=1
        break
    fi
done
if [ $started -eq 0 ]; then
    cat "$dl_tmp/serve.out" >&2
    fail "serve 3 shards with xapian-tcpsrv"
    done_testing
fi
pass "3 shards served on loopback"

# One JSON result per line: DB|ARGS|JSON
cat >"$dl_tmp/queries" <<'EOF'
--limit 20|oil prices
--limit 20|"oil prices"
--limit 20|"prime minister"
--limit 20|oil OR gas
--limit 20|(bank OR banks) AND NOT oil
--limit 20|oil NEAR/5 prices
--limit 20|bank NEAR/10 rate
--limit 20|infla*
--limit 20|elect* OR vot*
--limit 20|title:oil
--limit 20|lang:ru
--limit 20|source:wire
--limit 20|date:2020..2021 oil
--limit 20|date:2019-01..2019-12
--limit 20 --sort newest|oil
--limit 20 --sort oldest|bank
--limit 20 --no-collapse|oil
--limit 20 --match any|oil bank election
--limit 5 --offset 5|oil OR bank OR gas OR election
--limit 3 --offset 2|the
--limit 20|parlament
--limit 20|нефть
--limit 20|"nur sultan"
EOF

run_all() {
    while IFS='|' read -r args q; do
        # shellcheck disable=SC2086
        "$DL_SEARCH" --db "$1" --format json --facets $args -- "$q" ||
            echo '{"error":true}'
    done <"$dl_tmp/queries"
}
run_all "$one" >"$dl_tmp/r.one" 2>"$dl_tmp/e.one"
run_all "$sh3" >"$dl_tmp/r.local" 2>"$dl_tmp/e.local"
run_all "$remote" >"$dl_tmp/r.remote" 2>"$dl_tmp/e.remote"
check "every query ran on one database" test ! -s "$dl_tmp/e.one"
check "every query ran on local shards" test ! -s "$dl_tmp/e.local"
check "every query ran on remote shards" test ! -s "$dl_tmp/e.remote"

cat >"$dl_tmp/compare.py" <<'EOF'
import json, sys

def groups(hits, by_date):
    out = []
    for h in hits:
        key = (h["score"], h.get("date") if by_date else None)
        if out and out[-1][0] == key:
            out[-1][1].append(h)
        else:
            out.append((key, [h]))
    return out

def close(a, b, rel=1e-6):
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), 1.1e-4)

# Known, documented differences (docs/shards.md):
#  - a wildcard expanding to several words is one OP_SYNONYM, whose term
#    frequency Xapian 1.4 estimates per shard: its scores may differ by a
#    few percent, so only totals, facets and the set of hits are compared;
#  - over remote shards a hit's count of collapsed near-duplicates counts
#    those of its own shard only (a lower bound): remote <= single.
#  - a hit standing for collapsed duplicates of equal score is the one
#    with the lowest docid, which differs between layouts: such a hit is
#    compared by score, not by id.
remote = len(sys.argv) > 4 and sys.argv[4] == "remote"

def ident(h):
    return "collapsed" if h.get("duplicates") else h["id"]

queries = [l.rstrip("\n") for l in open(sys.argv[1])]
ref = [json.loads(l) for l in open(sys.argv[2])]
other = [json.loads(l) for l in open(sys.argv[3])]
bad = 0
if len(ref) != len(other) or len(ref) != len(queries):
    print("different number of results"); sys.exit(1)
for q, a, b in zip(queries, ref, other):
    why = []
    wild = "*" in q
    if a.get("error") or b.get("error"):
        why.append("error")
    else:
        if a["total"] != b["total"]:
            why.append("total %s != %s" % (a["total"], b["total"]))
        if a.get("facets") != b.get("facets"):
            why.append("facets differ")
        ha, hb = a["hits"], b["hits"]
        if len(ha) != len(hb):
            why.append("%d hits != %d" % (len(ha), len(hb)))
        if wild:
            if a["total"] <= len(ha) and \
                    sorted(h["id"] for h in ha) != sorted(h["id"] for h in hb):
                why.append("different hits")
            for x, y in zip(sorted(ha, key=lambda h: h["id"]),
                            sorted(hb, key=lambda h: h["id"])):
                if x["id"] == y["id"] and not close(x["score"], y["score"],
                                                    0.05):
                    why.append("score %s != %s" % (x["score"], y["score"]))
                    break
            ha = hb = []
        for x, y in zip(ha, hb):
            if not close(x["score"], y["score"]):
                why.append("score %s != %s" % (x["score"], y["score"]))
                break
            dx, dy = x.get("duplicates", 0), y.get("duplicates", 0)
            if dx != dy and not (remote and dy <= dx):
                why.append("duplicates differ for %s" % x["id"])
                break
        by_date = "--sort newest" in q or "--sort oldest" in q
        ga, gb = groups(ha, by_date), groups(hb, by_date)
        cut_end = a["total"] > a["offset"] + len(ha)
        for i, (x, y) in enumerate(zip(ga, gb)):
            # A tie group cut by the page edge may hold other members.
            if (i == 0 and a["offset"] > 0) or (i == len(ga) - 1 and cut_end):
                continue
            ia, ib = set(map(ident, x[1])), set(map(ident, y[1]))
            collapsed = sum(1 for h in x[1] if h.get("duplicates"))
            if len(x[1]) != len(y[1]) or \
                    (not remote and ia != ib) or \
                    (remote and len(ib - ia) > collapsed):
                why.append("hits differ near rank %d" % x[1][0]["rank"])
                break
    if why:
        bad += 1
        print("%s: %s" % (q, "; ".join(why)))
    elif not a["hits"] and "parlament" not in q:
        print("%s: (no hits: weak check)" % q)
sys.exit(1 if bad else 0)
EOF
check "local shards give the results of one database" \
    python3 "$dl_tmp/compare.py" "$dl_tmp/queries" "$dl_tmp/r.one" \
    "$dl_tmp/r.local"
check "remote shards give the results of one database" \
    python3 "$dl_tmp/compare.py" "$dl_tmp/queries" "$dl_tmp/r.one" \
    "$dl_tmp/r.remote" remote
# Round trips to remote shards (docs/shards.md): each hit's document is
# fetched once, its stored body and boilerplate marks with it, and the
# spelling check reads the match's own statistics; beside quest (Xapian's
# own search tool: the query, then each hit) Dateline adds only its
# start-up reads: the format (2) and the language list (its statistics
# from every shard at once: 2, as for a query).
# Counted with strace: a round trip is a read from a shard's socket after
# writing to one.
if command -v strace >/dev/null 2>&1 && command -v quest >/dev/null 2>&1; then
    cat >"$dl_tmp/rtt.py" <<'PY'
import re, sys
socks, trips, last = set(), 0, None
for line in open(sys.argv[1]):
    m = re.search(r'\bconnect\((\d+),', line)
    if m:
        socks.add(m.group(1))
        continue
    m = re.search(r'\b(read|write)\((\d+),', line)
    if not m or m.group(2) not in socks:
        continue
    if m.group(1) == 'read' and last == 'write':
        trips += 1
    last = m.group(1)
print(trips)
PY
    # LeakSanitizer cannot run under ptrace: without it for this run.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -qq -e trace=connect,read,write -o "$dl_tmp/st.dl" \
        "$DL_SEARCH" --db "$remote" --limit 10 -- oil >"$dl_tmp/rtt.out" ||
        fail "search remote shards under strace"
    strace -f -qq -e trace=connect,read,write -o "$dl_tmp/st.quest" \
        quest -d "$remote" -m 10 oil >/dev/null || fail "quest under strace"
    n_hits=$(grep -c '^ *[0-9]*\. ' "$dl_tmp/rtt.out")
    dl_trips=$(python3 "$dl_tmp/rtt.py" "$dl_tmp/st.dl")
    q_trips=$(python3 "$dl_tmp/rtt.py" "$dl_tmp/st.quest")
    check "over 3 remote shards $dl_trips round trips for $n_hits hits (quest $q_trips; at most 2 + 2 more)" \
        test "$n_hits" -eq 10 -a "$q_trips" -ge 12 \
        -a "$dl_trips" -le $((q_trips + 4))
fi

hits=$(grep -c '"rank":1,' "$dl_tmp/r.one")
check "most queries have hits ($hits)" test "$hits" -ge 15

# The article view over shards: the id's term and the cluster's value
# range are looked up over the combined database, so every view, its
# cluster listed, is the one database's.
"$DL_SEARCH" --db "$one" --format json --limit 6 -- "grain OR oil" |
    python3 -c 'import json, sys
for h in json.load(sys.stdin)["hits"]: print(h["id"])' >"$dl_tmp/view.ids"
views_agree=1
: >"$dl_tmp/views.one"
while read -r id; do
    for k in one local remote; do
        case $k in one) d=$one ;; local) d=$sh3 ;; remote) d=$remote ;; esac
        "$DL_SEARCH" --db "$d" --format json --show "$id" grain OR oil \
            >"$dl_tmp/view.$k" 2>&1 || views_agree=0
    done
    cmp -s "$dl_tmp/view.one" "$dl_tmp/view.local" &&
        cmp -s "$dl_tmp/view.one" "$dl_tmp/view.remote" || views_agree=0
    cat "$dl_tmp/view.one" >>"$dl_tmp/views.one"
done <"$dl_tmp/view.ids"
check "--show gives the same view on local and remote shards" \
    test "$views_agree" -eq 1 -a "$(wc -l <"$dl_tmp/view.ids")" -ge 3
check "... a cluster among the views" python3 -c '
import json, sys
assert any(json.loads(l)["cluster"]["size"] > 1 for l in open(sys.argv[1]))' \
    "$dl_tmp/views.one"

# Shards by year: same results too.
"$DL_INDEX" --quiet --shard-by year --db "$dl_tmp/yr" "$corpus" >/dev/null ||
    fail "index by year"
check "year shards are named by year" grep -q '^auto y20[0-9][0-9]$' \
    "$dl_tmp/yr/XAPIANDB"
run_all "$dl_tmp/yr" >"$dl_tmp/r.year" 2>"$dl_tmp/e.year"
check "year shards give the results of one database" \
    python3 "$dl_tmp/compare.py" "$dl_tmp/queries" "$dl_tmp/r.one" \
    "$dl_tmp/r.year"

# Repeated --db names the same shards as the stub.
"$DL_SEARCH" --db "$sh3/shard-0" --db "$sh3/shard-1" --db "$sh3/shard-2" \
    --format json --facets --limit 20 -- "oil prices" >"$dl_tmp/r.multi"
sed -n 1p "$dl_tmp/queries" >"$dl_tmp/q1"
sed -n 1p "$dl_tmp/r.one" >"$dl_tmp/r1"
check "repeated --db gives the results of one database" \
    python3 "$dl_tmp/compare.py" "$dl_tmp/q1" "$dl_tmp/r1" "$dl_tmp/r.multi"

# ---- changes and deletions find their shard ---------------------------------
gone=$(find "$corpus" -name '*.txt' | sort | sed -n 3p)
changed=$(find "$corpus" -name '*.jsonl' | sort | sed -n 1p)
rm -f "$gone"
head -n 2 "$changed" >"$dl_tmp/two" && mv "$dl_tmp/two" "$changed"
"$DL_INDEX" --quiet --db "$one" "$corpus" >/dev/null
"$DL_INDEX" --quiet --shards 3 --db "$sh3" "$corpus" >"$dl_tmp/upd.out"
check "the sharded re-run deletes the vanished file" \
    grep -q '^deleted: 1$' "$dl_tmp/upd.out"
check "the sharded re-run updates the changed file" \
    grep -q '^updated: 1$' "$dl_tmp/upd.out"
n_one=$(xapian-delve "$one" 2>/dev/null | sed -n 's/^number of documents = //p')
n_sh=$(xapian-delve "$sh3" 2>/dev/null | sed -n 's/^number of documents = //p')
check "after changes the shards hold what one database holds ($n_sh = $n_one)" \
    test -n "$n_one" -a "$n_one" = "$n_sh"
run_all "$one" >"$dl_tmp/r.one2" 2>/dev/null
run_all "$remote" >"$dl_tmp/r.remote2" 2>/dev/null
check "remote shards serve the changes like one database" \
    python3 "$dl_tmp/compare.py" "$dl_tmp/queries" "$dl_tmp/r.one2" \
    "$dl_tmp/r.remote2" remote

# The CGI runs its searches with a CPU budget, whose match spy a remote
# shard cannot run: it must still answer, with the CLI's total.
if [ -x "$DL_CGI" ]; then
    DATELINE_DB="$remote" REQUEST_METHOD=GET QUERY_STRING='q=oil&format=json' \
        "$DL_CGI" >"$dl_tmp/cgi.up" 2>"$dl_tmp/cgi.up.err"
    "$DL_SEARCH" --db "$remote" --format json --facets -- oil >"$dl_tmp/cli.up"
    check "the CGI searches remote shards within its budget" python3 -c '
import json, sys
web = json.loads(open(sys.argv[1], "rb").read().split(b"\r\n\r\n", 1)[1])
cli = json.load(open(sys.argv[2]))
assert web["total"] == cli["total"] > 0, (web["total"], cli["total"])' \
        "$dl_tmp/cgi.up" "$dl_tmp/cli.up"
fi

# ---- a shard goes down ------------------------------------------------------
pid=$(sed -n 2p "$remote.pids")
kill "$pid"
# Wait until it is gone (a fixed sleep could end before it has).
i=0
while ! dl_ended "$pid" && [ "$i" -lt 1000 ]; do
    sleep 0.01
    i=$((i + 1))
done
start=$(date +%s)
"$DL_SEARCH" --db "$remote" --limit 5 -- oil >"$dl_tmp/down.out" \
    2>"$dl_tmp/down.err"
st=$?
took=$(($(date +%s) - start))
check "a search with a shard down fails (exit $st)" test $st -ne 0
check "the error names the unreachable shard" \
    grep -q "Couldn't connect\|remote:tcp" "$dl_tmp/down.err"
check "the failure comes within a few seconds (${took}s)" test $took -le 5
check "no partial results are printed" test ! -s "$dl_tmp/down.out"

if [ -x "$DL_CGI" ]; then
    start=$(date +%s)
    DATELINE_DB="$remote" REQUEST_METHOD=GET QUERY_STRING='q=oil' \
        "$DL_CGI" >"$dl_tmp/cgi.out" 2>"$dl_tmp/cgi.err"
    took=$(($(date +%s) - start))
    check "the CGI answers 503 with a shard down" \
        grep -q '^Status: 503' "$dl_tmp/cgi.out"
    check "the CGI answers within a few seconds (${took}s)" test $took -le 5
fi

# The surviving shards still serve when named alone (the documented way to
# serve a partial index on purpose).
grep -v ":$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$remote" | sed -n 2p)\$" \
    "$remote" >"$dl_tmp/partial.stub"
check "a stub without the dead shard serves the rest" \
    "$DL_SEARCH" --db "$dl_tmp/partial.stub" --limit 5 -- oil

# A hung shard (stopped, as behind a dropped network) meets the 10 s
# timeout: an error, never a hang.
pid3=$(sed -n 3p "$remote.pids")
kill -STOP "$pid3"
start=$(date +%s)
"$DL_SEARCH" --db "$dl_tmp/partial.stub" --limit 5 -- oil \
    >"$dl_tmp/hung.out" 2>"$dl_tmp/hung.err"
st=$?
took=$(($(date +%s) - start))
kill -CONT "$pid3"
check "a search with a hung shard fails (exit $st)" test $st -ne 0
check "the error is a timeout" grep -q "Timeout" "$dl_tmp/hung.err"
check "the timeout comes after about 10 s (${took}s)" test $took -le 15

done_testing
