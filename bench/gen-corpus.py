#!/usr/bin/env python3
"""gen-corpus.py - bench corpora: Reuters laid out by date, and grown copies.

usage: gen-corpus.py stage REUTERS_TXT REUTERS_JSONL DEST
       gen-corpus.py grow SRC DEST FACTOR [--seed N] [--base N]

stage copies Reuters-21578's txt/reut-ID.txt files unchanged into
DEST/YYYY/MM/DD/ (the date from reuters.jsonl), the usual layout of a news
archive, so every tool indexes the same bytes and Dateline and the FTS5
loader can read each article's date from its path (date-filtered queries
then mean something).  Files without a date go to DEST/undated/.

grow writes FACTOR times as many articles as SRC holds (or FACTOR * --base
when given), each made by recombining real text: a template article gives
the shape (its date directory and number of paragraphs), every paragraph is
taken whole from another random article or stitched from sentences of two
or three others, and the title comes from yet another.  The vocabulary,
word frequencies and article lengths stay those of real news, which a
synthetic word generator would not give.  SRC may hold .txt (an optional
"Key: value" header block is dropped), .html, .jsonl and their .gz; the
output is plain .txt, "title, blank line, paragraphs".  The same seed gives
the same corpus byte for byte.
"""
import gzip
import html
import json
import os
import random
import re
import shutil
import sys

DATE_DIR = re.compile(r"(?:^|/)((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")
HEADER = re.compile(r"^[A-Za-z-]+:\s")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
SIGNOFF = re.compile(r"^reuters?$", re.I)  # the wire's sign-off line


def stage(txt, jsonl, dest):
    dates = {}
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("date"):
                dates[str(r["id"])] = r["date"][:10]
    n = 0
    for name in sorted(os.listdir(txt)):
        m = re.match(r"reut-(\d+)\.txt$", name)
        if not m:
            continue
        d = dates.get(m.group(1))
        sub = os.path.join(*d.split("-")) if d else "undated"
        os.makedirs(os.path.join(dest, sub), exist_ok=True)
        shutil.copyfile(os.path.join(txt, name), os.path.join(dest, sub, name))
        n += 1
    print("staged %d files" % n, file=sys.stderr)


def paragraphs(body):
    """Split a body at blank lines or indented lines; unwrap each."""
    out = []
    for block in re.split(r"\n\s*\n|\n(?=[ \t])", body):
        p = " ".join(block.split())
        if p:
            out.append(p)
    return out


def read_text(path):
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def articles_of(path):
    """Yield (title, [paragraphs]) for each article in one file."""
    name = path[:-3] if path.endswith(".gz") else path
    try:
        text = read_text(path)
    except (OSError, EOFError):
        return
    if name.endswith((".txt", ".text")):
        lines = text.split("\n")
        i = 0
        if lines and HEADER.match(lines[0]):
            title = ""
            while i < len(lines) and lines[i].strip():
                if lines[i].lower().startswith("title:"):
                    title = lines[i][6:].strip()
                i += 1
            body = "\n".join(lines[i:])
        else:
            while i < len(lines) and not lines[i].strip():
                i += 1
            title = lines[i].strip() if i < len(lines) else ""
            body = "\n".join(lines[i + 1:])
        yield title, paragraphs(body)
    elif name.endswith((".html", ".htm")):
        m = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I)
        title = html.unescape(m.group(1)).strip() if m else ""
        text = re.sub(r"(?is)<(script|style|nav|head)\b.*?</\1>", " ", text)
        paras = [html.unescape(re.sub(r"<[^>]+>", " ", p))
                 for p in re.findall(r"(?is)<p\b[^>]*>(.*?)</p>", text)]
        yield title, [" ".join(p.split()) for p in paras if p.strip()]
    elif name.endswith((".jsonl", ".ndjson")):
        for line in text.split("\n"):
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if not isinstance(r, dict):
                continue
            body = next((r[k] for k in ("body", "text", "content")
                         if isinstance(r.get(k), str)), "")
            yield str(r.get("title", "")), paragraphs(body)


def load(src):
    arts = []  # (date dir or "undated", title, paragraphs)
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            m = DATE_DIR.search(rel)
            where = os.path.join(*m.groups()) if m else "undated"
            for title, paras in articles_of(path):
                if paras:
                    arts.append((where, title, paras))
    return arts


def pick(rng, arts):
    """A random paragraph of a random article, never a sign-off (those
    stay at the end, where the template has them)."""
    while True:
        p = rng.choice(rng.choice(arts)[2])
        if not SIGNOFF.match(p):
            return p


def grow(src, dest, factor, seed, base):
    arts = load(src)
    if not arts:
        sys.exit("gen-corpus.py: no articles under %s" % src)
    rng = random.Random(seed)
    n = int(factor * (base if base else len(arts)))
    made = set()
    total = 0
    for i in range(n):
        where, _, shape = rng.choice(arts)
        title = rng.choice(arts)[1] or "Untitled"
        out = []
        for p in shape:
            if SIGNOFF.match(p):
                out.append(p)
            elif rng.random() < 0.7:
                out.append(pick(rng, arts))
            else:
                want = max(1, len(SENTENCE.split(p)))
                sents = []
                for _ in range(rng.randint(2, 3)):
                    sents += SENTENCE.split(pick(rng, arts))
                out.append(" ".join(rng.sample(sents, min(want, len(sents)))))
        d = os.path.join(dest, where)
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        text = title + "\n\n" + "\n\n".join(out) + "\n"
        with open(os.path.join(d, "g%d-%07d.txt" % (seed, i)), "w",
                  encoding="utf-8") as fh:
            fh.write(text)
        total += len(text.encode("utf-8"))
    print("grew %d articles, %d bytes, from %d" % (n, total, len(arts)),
          file=sys.stderr)


def main(argv):
    if len(argv) == 5 and argv[1] == "stage":
        stage(argv[2], argv[3], argv[4])
        return
    if len(argv) >= 5 and argv[1] == "grow":
        seed, base = 1, 0
        rest = argv[5:]
        while rest:
            if rest[0] == "--seed" and len(rest) > 1:
                seed = int(rest[1])
            elif rest[0] == "--base" and len(rest) > 1:
                base = int(rest[1])
            else:
                break
            rest = rest[2:]
        else:
            grow(argv[2], argv[3], float(argv[4]), seed, base)
            return
    sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv)
