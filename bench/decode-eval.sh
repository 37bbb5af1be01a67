#!/bin/sh
# decode-eval.sh - how well and how fast dl_decode reads the research
# corpora: charset detection accuracy (UTF-8, UTF-8 with one stray byte,
# and the legacy charsets each language was written in), then decoding and
# HTML-reading speed.  See bench/decode-eval.c for what is counted.
#
# Usage: bench/decode-eval.sh [REPS]   (run from the build directory)
#
# The corpora are $DL_CORPORA, defaulting to the shared corpora next to the
# source tree.  Exit 77 when they are absent.  Build with optimisation and
# without sanitizers for speed figures that mean anything.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$here/..}
corpora=${DL_CORPORA:-$top_srcdir/../shared/corpora}
eval_bin=${DECODE_EVAL:-./bench/decode-eval}

if [ ! -d "$corpora/slavicner" ]; then
    echo "decode-eval: no corpora at $corpora" >&2
    exit 77
fi
if [ ! -x "$eval_bin" ]; then
    echo "decode-eval: build $eval_bin first (make bench/decode-eval)" >&2
    exit 77
fi
echo "== accuracy (dl_decode, no charset declared)"
"$eval_bin" accuracy "$corpora"
echo
echo "== speed (CPU time, best of ${1:-5})"
"$eval_bin" speed "$corpora" "${1:-5}"
