#!/bin/sh
# html-speed.sh - HTML pages indexed per CPU second, one build or two side
# by side.
#
# usage: bench/html-speed.sh BUILD [BUILD2]
#   env: RUNS=5    runs per build and page set (median; min-max shown)
#        COPIES=4  copies of the benchmark's pages, ten times as many of
#                  corpus/'s 31 small ones (more pages per run, less
#                  noise from starting the indexer and committing)
#
# Two page sets: the article-extraction benchmark's 181 real pages
# (../shared/corpora/article-extraction/html, gzipped as they are there;
# skipped when absent) and the HTML of corpus/ (.html and .html.gz).  Each
# set is copied (see COPIES) under distinct names and indexed from an empty
# database by `dateline-index --jobs 1 --quiet`; /usr/bin/time gives user +
# sys seconds, which other load on a shared machine moves far less than
# wall time.  With two builds the runs alternate (A B A B...) so a busy
# spell falls on both, and the last column is BUILD2's pages/s over BUILD's.
# Not a test: nothing runs it but a person.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
RUNS=${RUNS:-5}
COPIES=${COPIES:-4}
[ $# -ge 1 ] || { sed -n '2,20s/^# \{0,1\}//p' "$0" >&2; exit 2; }
builds="$*"
for b in $builds; do
    [ -x "$b/dateline-index" ] ||
        { echo "html-speed.sh: $b/dateline-index missing" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "html-speed.sh: needs /usr/bin/time" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/dl-html-speed-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# stage NAME N FILE...: N copies of the files under $work/NAME.
stage() {
    name=$1
    copies=$2
    shift 2
    c=1
    while [ "$c" -le "$copies" ]; do
        mkdir -p "$work/$name/c$c"
        for f in "$@"; do
            cp "$f" "$work/$name/c$c/"
        done
        c=$((c + 1))
    done
}
sets=
bench=${DL_CORPORA:-$top/../shared/corpora}/article-extraction/html
if [ -d "$bench" ]; then
    stage bench "$COPIES" "$bench"/*.html.gz
    sets="bench"
fi
# shellcheck disable=SC2046
stage corpus $((COPIES * 10)) $(find "$top/corpus" -name '*.htm' -o -name '*.html' \
    -o -name '*.html.gz' -o -name '*.htm.gz')
sets="$sets corpus"

: >"$work/times.tsv"
r=1
while [ "$r" -le "$RUNS" ]; do
    for s in $sets; do
        for b in $builds; do
            rm -rf "$work/db"
            /usr/bin/time -f '%U %S' -o "$work/time.out" \
                "$b/dateline-index" --quiet --jobs 1 --db "$work/db" \
                "$work/$s" >/dev/null
            n=$(find "$work/$s" -type f | wc -l)
            printf '%s\t%s\t%s\t%s\n' "$s" "$b" "$n" \
                "$(awk '{ print $1 + $2 }' "$work/time.out")" \
                >>"$work/times.tsv"
        done
    done
    r=$((r + 1))
done

python3 - "$work/times.tsv" $builds <<'PY'
import sys
from collections import defaultdict
rows = defaultdict(list)
pages = {}
for line in open(sys.argv[1]):
    s, b, n, cpu = line.split("\t")
    rows[(s, b)].append(float(cpu))
    pages[s] = int(n)
builds = sys.argv[2:]
print("| pages | build | CPU s (median, min-max) | pages/s |%s" %
      (" ratio |" if len(builds) > 1 else ""))
print("|---|---|---|---|%s" % ("---|" if len(builds) > 1 else ""))
for s in sorted(pages, key=lambda s: s != "bench"):
    first = None
    for b in builds:
        xs = sorted(rows[(s, b)])
        m = xs[len(xs) // 2]
        rate = pages[s] / m if m > 0 else 0
        first = rate if first is None else first
        label = "%s x%d" % ("article-extraction" if s == "bench"
                            else "corpus/ HTML", pages[s])
        print("| %s | %s | %.2f (%.2f-%.2f) | %.0f |%s" %
              (label, b, m, xs[0], xs[-1], rate,
               " %.2f |" % (rate / first) if len(builds) > 1 else ""))
PY
