#!/bin/sh
# bbc-known.sh - known-item ranking on the BBC corpus: a second collection
# to check that ranking settings picked on CISI (bench/cisi.sh) hold.
#
# usage: bench/bbc-known.sh [BUILD_DIR] [WORDS...]   (default WORDS: 8 12 20)
#
# Indexes ../shared/corpora/bbc, draws 200 articles with a fixed seed and,
# for each, WORDS distinct words of four letters or more from its body (not
# its title), runs them with --match any --no-collapse --limit 100 and
# scores the rank of that article: MRR and success@10.  Deterministic: the
# same corpus and binaries give the same numbers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${1:-$top}
[ $# -gt 0 ] && shift
bbc=${DL_CORPORA:-$top/../shared/corpora}/bbc
[ -d "$bbc" ] || { echo "bbc-known.sh: $bbc not found" >&2; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/dl-bbc-XXXXXX")
trap 'rm -rf "$work"' EXIT
# One worker: with several, which article gets which document id depends on
# thread timing, and ties in weight are ranked by document id.
"$bin/dateline-index" --quiet --jobs 1 --db "$work/dl.db" "$bbc" >/dev/null
for n in ${*:-8 12 20}; do
    python3 - "$bin/dateline-search" "$work/dl.db" "$bbc" "$n" <<'PY'
import json, os, random, re, subprocess, sys
search, db, root, nwords = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
files = sorted(os.path.join(d, f) for d in os.listdir(root)
               if os.path.isdir(os.path.join(root, d))
               for f in os.listdir(os.path.join(root, d)) if f.endswith('.txt'))
rng = random.Random(20261128)
pick = rng.sample(files, 200)
rr = s10 = 0.0
refused = 0
for rel in pick:
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
        body = f.read().split('\n', 1)[1]
    words = sorted(set(w.lower() for w in re.findall(r'[A-Za-z]+', body)
                       if len(w) >= 4))
    q = ' '.join(rng.sample(words, min(nwords, len(words))))
    p = subprocess.run([search, '--db', db, '--match', 'any', '--no-collapse',
                        '--limit', '100', '--format', 'json', '--', q],
                       capture_output=True, text=True)
    if p.returncode != 0:
        refused += 1
        continue
    for h in json.loads(p.stdout)['hits']:
        if h['path'].endswith('/' + rel):
            rr += 1.0 / h['rank']
            s10 += h['rank'] <= 10
            break
print('BBC known-item, %2d words: MRR %.4f success@10 %.3f refused %d'
      % (nwords, rr / 200, s10 / 200, refused))
PY
done
