#!/usr/bin/env python3
"""xscript-eval.py - false matches of cross-script keys through the engine.

usage: xscript-eval.py BUILD WORK [--corpora DIR] [--top N] [--sample N]

BUILD is a build directory (dateline-index and tests/integ/dl-xsearch
built in it); WORK a scratch directory.  Indexes the Cyrillic corpora
(SlavicNER ru, uk, bg; factRuEval; KazNERD, its sentences grouped twenty
to an article) into WORK/cyr.db, then searches it for the N most frequent
words of the English corpora (Reuters-21578, BBC) and of the French one,
lowercase as a user types them, once with cross-script matching and once
with --exact-script (dl-xsearch ... exact).  A word "meets" the Cyrillic
corpora when the keys find articles that the word alone does not.  Each
word met is then classed with the reference's rule (scripts/xscript_ref.py,
same_word: a name in both scripts, or a loanword spelt as a system
romanises it) against the Cyrillic corpus words that share its key; a
word met through a key no corpus word has as its own (a stem's key) counts
as false.  Prints the figures of docs/languages.md.
"""
import argparse
import json
import os
import subprocess
import sys


def kaznerd_jsonl(root, out):
    src = os.path.join(root, "kaznerd", "kaznerd_sentences.tsv")
    if not os.path.exists(src):
        return False
    with open(src, encoding="utf-8") as f, open(out, "w",
                                                 encoding="utf-8") as o:
        buf = []
        n = 0
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            buf.append(parts[1])
            if len(buf) == 20:
                n += 1
                o.write(json.dumps({"title": buf[0][:80],
                                    "body": "\n".join(buf[1:])},
                                   ensure_ascii=False) + "\n")
                buf = []
    return True


def search(xsearch, db, words, exact):
    args = [xsearch, db, "1"] + (["exact"] if exact else [])
    p = subprocess.run(args, input="\n".join(words) + "\n", text=True,
                       capture_output=True, check=True)
    totals = {}
    for line in p.stdout.splitlines():
        f = line.split("\t")
        totals[f[0]] = int(f[2]) if len(f) > 2 and f[2].isdigit() else 0
    return totals


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    sys.path.insert(0, os.path.join(top, "scripts"))
    import xscript_ref as x

    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("work")
    ap.add_argument("--corpora", default=os.path.join(
        os.path.dirname(top), "shared", "corpora"))
    ap.add_argument("--top", type=int, default=20000)
    ap.add_argument("--sample", type=int, default=40)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    src = os.path.join(a.work, "cyr-src")
    db = os.path.join(a.work, "cyr.db")
    if not os.path.isdir(db):
        os.makedirs(src, exist_ok=True)
        for sub in ("ru", "uk", "bg"):
            link = os.path.join(src, "slavicner-" + sub)
            if not os.path.exists(link):
                os.symlink(os.path.join(a.corpora, "slavicner", sub), link)
        link = os.path.join(src, "factru")
        if not os.path.exists(link):
            os.symlink(os.path.join(a.corpora, "factruEval"), link)
        kaznerd_jsonl(a.corpora, os.path.join(src, "kaznerd.jsonl"))
        subprocess.run([os.path.join(a.build, "dateline-index"), "--quiet",
                        "--db", db, src], check=True,
                       stdout=subprocess.DEVNULL)
    xsearch = os.path.join(a.build, "tests", "integ", "dl-xsearch")
    lists = x.corpus_lists(a.corpora, a.top)
    cyr = {}
    for name in ("ru", "uk", "kk", "bg"):
        for w, v in lists.get(name, {}).items():
            if w not in cyr or cyr[w][0] < v[0]:
                cyr[w] = v
    by_key = {}
    for w in cyr:
        k = x.key(w)
        if k:
            by_key.setdefault(k, []).append(w)
    for name in ("en", "fr"):
        lat = lists.get(name)
        if not lat:
            continue
        words = [w for w in lat if "\t" not in w]
        keyed = search(xsearch, db, words, False)
        exact = search(xsearch, db, words, True)
        met = [w for w in words if keyed.get(w, 0) > exact.get(w, 0)]
        same = []
        false = []
        for w in met:
            cands = by_key.get(x.key(w), [])
            if any(x.same_word(w, lat[w], c, cyr[c], True) for c in cands):
                same.append(w)
            else:
                false.append((w, cands))
        print("%s: %d words, %d meet Cyrillic articles through keys "
              "(%.1f per 1,000): %d the same word, %d false (%.1f per 1,000)"
              % (name, len(words), len(met), 1000.0 * len(met) / len(words),
                 len(same), len(false), 1000.0 * len(false) / len(words)))
        shown = sorted(false, key=lambda f: -lat[f[0]][0])[:a.sample]
        print("  false, most frequent first: " + ", ".join(
            "%s~%s" % (w, "/".join(c[:2]) or "(a stem)") for w, c in shown))
        print("  same word, most frequent first: " + ", ".join(
            sorted(same, key=lambda w: -lat[w][0])[:a.sample]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
