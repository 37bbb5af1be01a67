#!/bin/sh
# index_memory.sh - one article cannot take unbounded memory (the caps of
# indexer/article.h), and memory that runs out inside one file skips that
# file, names it, and lets the run go on (exit status 4):
#  - a .txt of distinct words (3 MB, which took 280 MB before the caps;
#    with DL_MEMORY_FULL=1 63 MB, which took 6.3 GB and 146 s, and two
#    4 MB JSON Lines records, 672 MB together), a .txt of a few
#    words over the text cap, and JSON Lines records of distinct words are
#    indexed up to the caps with a warning naming file (and line) and what
#    was cut; words before the cut are found, words after it are not;
#  - without sanitizers: the run's peak RSS stays under 200 MB (400 MB for
#    the 63 MB file), and under `ulimit -v` (600 MB) the same tree indexes
#    whole, while a file too big for the limit (a sparse 1 GiB file with
#    --max-file-size 2G) is skipped with a warning naming it, every other
#    article is indexed, and the exit status is 4.
. "$top_srcdir/tests/integ/lib.sh"
dl_need_delve

cd "$dl_tmp" || exit 1
mkdir T
if [ "${DL_MEMORY_FULL:-0}" = 1 ]; then
    big=63000000 rec=4000000 rss_max=400
else
    big=3000000 rec=600000 rss_max=200
fi
# Distinct 7-letter words (itertools.product, so generating is quick).
python3 - "$big" "$rec" <<'EOF' || { fail "writing the fixtures"; done_testing; }
import itertools, json, sys
big, rec = int(sys.argv[1]), int(sys.argv[2])
words = (''.join(t) for t in itertools.product('bcdfghjklmnpqrstvwxz', repeat=7))
def text(n):
    out, size = [], 0
    for w in words:
        out.append(w)
        size += 8
        if size >= n:
            return out
def lines(ws):
    return '\n'.join(' '.join(ws[i:i + 12]) for i in range(0, len(ws), 12))
ws = text(big)
open('T/distinct.txt', 'w').write('Distinct words\n\nzqfirst ' + lines(ws) + ' zqlastdistinct\n')
with open('T/feed.jsonl', 'w') as f:
    for k in (1, 2):
        ws = text(rec)
        f.write(json.dumps({"title": "Record %d" % k, "body": "zqrecstart %s zqrecend%d" % (' '.join(ws), k)}) + '\n')
# Few distinct words, over the text cap (2 MiB) by far.
para = 'The grain harvest reached a record this year, the ministry said. '
open('T/repeat.txt', 'w').write('Title: Repeated\n\nzqrepstart ' + para * 60000 + 'zqtailword\n')
open('T/ordinary.txt', 'w').write('Title: Ordinary\n\nzqordinary wheat exports rose in March.\n')
EOF

# rss CMD...: run CMD; its exit status in $run_rc, its peak RSS (MB) in
# $run_rss.
rss() {
    run_rss=$(python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=open("run.out", "w"), stderr=open("run.err", "w"))
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
' "$@")
    run_rc=${run_rss% *}
    run_rss=${run_rss#* }
}

# Two workers, as on the 2-core machines the figures are for: each builds
# one article at a time, so the peak grows with --jobs.
rss "$DL_INDEX" --jobs 2 --db db T
check "the indexer completes (exit $run_rc)" [ "$run_rc" -eq 0 ]
grep -q 'Sanitizer\|runtime error' run.err && fail "sanitizer: $(head -n 5 run.err)"
check "a warning names the distinct-words file and the cut" \
    grep -q 'T/distinct.txt:1: article text of [0-9]* bytes cut at byte [0-9]*, where it reached [0-9]* distinct terms' run.err
check "a warning names each JSON Lines record and the cut" \
    sh -c "grep -q 'T/feed.jsonl:1: article text .* cut' run.err && grep -q 'T/feed.jsonl:2: article text .* cut' run.err"
check "a warning names the long file and the bytes indexed" \
    grep -q 'T/repeat.txt:1: article text of [0-9]* bytes cut: only the first [0-9]* are indexed' run.err
check "the summary counts the cuts" grep -q 'text-cut 4' run.out

hits() { "$DL_SEARCH" --db db --format json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
for w in zqfirst zqrecstart zqrepstart zqordinary; do
    n=$(hits "$w")
    check "'$w' (before a cut) is found ($n)" [ "$n" -ge 1 ]
done
for w in zqlastdistinct zqrecend1 zqrecend2 zqtailword; do
    n=$(hits "$w")
    check "'$w' (past a cut) is not indexed ($n)" [ "$n" -eq 0 ]
done

if grep -q __asan_init "$DL_INDEX" 2>/dev/null; then
    echo "# sanitizer build: RSS and ulimit -v checks left out"
    done_testing
fi

check "peak RSS ${run_rss} MB is under $rss_max MB" [ "$run_rss" -lt "$rss_max" ]

# ---- under a memory limit ----------------------------------------------------
limit=614400 # KB: a run over corpus/ needs some 200 MB of address space
(ulimit -v $limit && exec "$DL_INDEX" --jobs 2 --db lim.db T) >lim.out 2>lim.err
rc=$?
check "under ulimit -v the tree indexes whole (exit $rc)" [ "$rc" -eq 0 ]
check "under ulimit -v: every article ($(dl_doccount lim.db))" \
    [ "$(dl_doccount lim.db)" = "$(dl_doccount db)" ]

# A file too big for the limit: only it is skipped, named, and the run
# says so in its exit status.
truncate -s 1G T/a-huge.txt 2>/dev/null || dd if=/dev/zero of=T/a-huge.txt bs=1 count=0 seek=1G 2>/dev/null
mkdir T/more
i=0
while [ $i -lt 20 ]; do
    printf 'Title: Later %d\n\nzqlater report number %d.\n' $i $i >T/more/l$i.txt
    i=$((i + 1))
done
for kind in fresh incremental; do
    [ "$kind" = fresh ] && rm -rf lim.db
    (ulimit -v $limit &&
        exec "$DL_INDEX" --jobs 2 --max-file-size 2G --db lim.db T) \
        >lim.out 2>lim.err
    rc=$?
    check "$kind: a file too big for memory gives exit 4 (got $rc)" [ "$rc" -eq 4 ]
    check "$kind: the warning names the file" \
        grep -q 'T/a-huge.txt: out of memory reading the file; skipped' lim.err
    check "$kind: the last line says articles were skipped" \
        sh -c "tail -n 1 lim.err | grep -q 'skipped: out of memory'"
    n=$("$DL_SEARCH" --db lim.db --format json --no-collapse --limit 50 zqlater | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    check "$kind: every later file is indexed ($n of 20)" [ "$n" -eq 20 ]
    check "$kind: every other article is there" \
        [ "$(dl_doccount lim.db)" = "$(($(dl_doccount db) + 20))" ]
done

done_testing
