#!/usr/bin/python3
"""extract-eval.py - Dateline's main-text extraction scored on the
article-extraction benchmark (181 real news pages marked by hand).

usage: extract-eval.py [--build DIR] [--corpus DIR] [--verbose] [--dump DIR]
                       [--tsv FILE]

Indexes the benchmark's pages (html/*.html.gz) with the build's
dateline-index, reads back each article's main text as the article view
gives it (`dateline-search --show ID --format json`, its "text": the
stored paragraphs, boilerplate left out), and scores it against
ground-truth.json with the benchmark's metric (its
SOURCE.md; reimplemented here): tokens are runs of word characters, each
text a multiset of 4-token shingles; per page tp = shared shingles, fp =
predicted only, fn = true only; precision and recall are means over pages
of tp/(tp+fp) and tp/(tp+fn) (1 when the page has neither fp nor fn, 0
when nothing was predicted), F1 = 2PR/(P+R) of the two means.

Prints the issue's table with Dateline's rows: the whole set, and its two
halves by a stable hash of each page's key ("tune": the half rules were
tuned on; "check": the half kept apart, which must gain as much).  Also
the indexing time of the run (CPU seconds of dateline-index alone, so
pages/s).
--verbose adds every page's scores, worst F1 first; --dump DIR writes each
page's extracted text to DIR/KEY.txt; --tsv FILE writes the rows as
"name<TAB>pages<TAB>F1<TAB>P<TAB>R" for bench/report.py.

Needs only python3 and the build's dateline-index and dateline-search.
Exit status 77 when the corpus is absent (bench/run.sh skips the step).
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(os.environ.get(
    "DL_CORPORA", os.path.join(TOP, "..", "shared", "corpora")),
    "article-extraction")

# The published figures (the benchmark's README; its SOURCE.md here) and
# Dateline's before this extraction (issue 23).
PUBLISHED = [
    ("go-trafilatura (published)", 0.960, 0.940, 0.980),
    ("Readability.js (published)", 0.947, 0.914, 0.982),
    ("readability-lxml (published)", 0.922, 0.913, 0.931),
    ("jusText (published)", 0.804, 0.858, 0.756),
    ("all visible text (published)", 0.665, 0.500, 0.994),
]
BEFORE = ("Dateline before issue 23", 0.821, 0.715, 0.964)

SHINGLE = 4
WORD = re.compile(r"\w+")


def page_key(path):
    name = os.path.basename(path)
    for ext in (".html.gz", ".htm.gz", ".html", ".htm"):
        if name.endswith(ext):
            return name[:-len(ext)]
    return name


def half_of(key):
    """'tune' or 'check': a stable split by a hash of the key alone."""
    return "tune" if hashlib.sha1(key.encode()).digest()[0] & 1 else "check"


# ---- the text source -----------------------------------------------------
# What the article view shows is what is scored: the "text" member of
# `dateline-search --show ID --format json` (docs/json.md), the article's
# paragraphs without the ones marked as boilerplate.

def index_texts(build, html_dir, work):
    """{key: text} for the pages of html_dir as dateline-search --show
    gives them, and the indexer's CPU and wall seconds."""
    db_path = os.path.join(work, "dl.db")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    proc = subprocess.run([os.path.join(build, "dateline-index"), "--quiet",
                           "--db", db_path, html_dir],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        sys.exit("extract-eval.py: dateline-index failed (status %d)" %
                 proc.returncode)
    cpu = (after.ru_utime - before.ru_utime) + \
        (after.ru_stime - before.ru_stime)
    texts = {}
    for name in sorted(os.listdir(html_dir)):
        if page_key(name) == name:
            continue  # not a page the indexer reads
        # The id is the path as dateline-index names the file (the
        # benchmark's names are hex digits: their shown form is the path).
        proc = subprocess.run([os.path.join(build, "dateline-search"),
                               "--db", db_path, "--format", "json",
                               "--show", os.path.join(html_dir, name)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode == 3:
            continue  # no article indexed: reported as missing
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
            sys.exit("extract-eval.py: dateline-search --show failed "
                     "(status %d)" % proc.returncode)
        texts[page_key(name)] = json.loads(proc.stdout)["text"]
    return texts, cpu, wall


# ---- the metric ------------------------------------------------------------

def shingles(text):
    words = WORD.findall(text)
    if not words:
        return Counter()
    return Counter(tuple(words[i:i + SHINGLE])
                   for i in range(max(1, len(words) - SHINGLE + 1)))


def page_scores(true, pred):
    """(precision, recall, f1) of one page."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0, 1.0
    prec = tp / (tp + fp) if tp + fp > 0 else 0.0
    rec = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
    return prec, rec, f1


def summary(scores):
    """(F1, P, R) over pages: F1 of the mean precision and recall."""
    if not scores:
        return 0.0, 0.0, 0.0
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return (2 * p * r / (p + r) if p + r > 0 else 0.0), p, r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", TOP),
                    help="build directory holding dateline-index")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dump", metavar="DIR")
    ap.add_argument("--tsv", metavar="FILE")
    args = ap.parse_args()

    truth_path = os.path.join(args.corpus, "ground-truth.json")
    html_dir = os.path.join(args.corpus, "html")
    if not os.path.isfile(truth_path) or not os.path.isdir(html_dir):
        sys.stderr.write("extract-eval.py: %s not found\n" % args.corpus)
        sys.exit(77)
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    work = tempfile.mkdtemp(prefix="dl-extract-")
    try:
        texts, cpu, wall = index_texts(args.build, html_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    per_page = []
    for key in sorted(truth):
        pred = texts.get(key, "")
        per_page.append((key, half_of(key)) +
                        page_scores(truth[key]["articleBody"], pred))
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            with open(os.path.join(args.dump, key + ".txt"), "w",
                      encoding="utf-8") as f:
                f.write(pred)

    rows = []
    for name, sel in (("Dateline (all %d pages)", None),
                      ("Dateline, tune half (%d)", "tune"),
                      ("Dateline, check half (%d)", "check")):
        sc = [s[2:] for s in per_page if sel is None or s[1] == sel]
        rows.append((name % len(sc), len(sc)) + summary(sc))

    print("| extractor | F1 | precision | recall |")
    print("|---|---|---|---|")
    for name, _, f1, p, r in rows:
        print("| %s | %.3f | %.3f | %.3f |" % (name, f1, p, r))
    for name, f1, p, r in [BEFORE] + PUBLISHED:
        print("| %s | %.3f | %.3f | %.3f |" % (name, f1, p, r))
    print()
    print("indexing: %d pages, %.2f s CPU (%.0f pages/s), %.2f s wall" %
          (len(truth), cpu, len(truth) / cpu if cpu > 0 else 0, wall))
    missing = [k for k in truth if k not in texts]
    if missing:
        print("pages with no article indexed: %d" % len(missing))
    if args.verbose:
        print()
        print("| page | half | F1 | precision | recall |")
        print("|---|---|---|---|---|")
        for key, half, p, r, f1 in sorted(per_page, key=lambda s: s[4]):
            print("| %s | %s | %.3f | %.3f | %.3f |" %
                  (key[:16], half, f1, p, r))
    if args.tsv:
        with open(args.tsv, "w") as f:
            for name, n, f1, p, r in rows:
                f.write("%s\t%d\t%.4f\t%.4f\t%.4f\n" % (name, n, f1, p, r))
            f.write("cpu_seconds\t%d\t%.3f\t\t\n" % (len(truth), cpu))


if __name__ == "__main__":
    main()
