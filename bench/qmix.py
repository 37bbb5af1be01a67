#!/usr/bin/env python3
"""qmix.py - the query mix for each tool, and per-process query timings.

usage: qmix.py mix QUERIES DIR
       qmix.py cli QUERIES REPS OUT [--dateline BIN DB] [--quest DB]
                   [--swish IDX] [--fts5 DB]

mix writes DIR/mix-dl.tsv ("id, and|or, Dateline query") for dl-qbench and
DIR/mix-floor.tsv ("id, and|or, words, from, to") for xapian-floor.

cli runs every query of QUERIES as a new process of each tool, REPS times
after one untimed warm-up pass, interleaved (repetition, then query, then
tool) so that load from elsewhere on the machine falls on every tool alike.
Each line of OUT: "tool, id, class, rep, ms, exit status".  A pass over
/bin/true is timed the same way: the cost of starting a process from here,
which every figure includes.  OUT.hits gets, per tool and query, the number
of hits the tool printed (top 10), from one untimed run, so a query that
finds nothing in one tool is seen in the report.

Translation of QUERIES (Dateline syntax: words, "phrases", prefix*,
date:SPEC): all-word classes use AND, any-word classes OR, in each tool's
own syntax (quest -o and|or with wildcards on; swish-e "a or b"; FTS5
"a" "b" / "a" OR "b", "pre"*).  date:SPEC becomes a YYYYMMDD range: FTS5
filters its date column, quest and swish-e get the words alone (they know
no date of the article, only the file's mtime).
"""
import calendar
import json
import re
import subprocess
import sys
import time

DATE = re.compile(r"\s*\bdate:(\S+)")


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cls, text = line.rstrip("\n").split("\t", 1)
            out.append(("q%02d" % (len(out) + 1), cls, text))
    return out


def day(spec, high):
    parts = spec.split("-")
    y = int(parts[0])
    m = int(parts[1]) if len(parts) > 1 else (12 if high else 1)
    if len(parts) > 2:
        d = int(parts[2])
    else:
        d = calendar.monthrange(y, m)[1] if high else 1
    return "%04d%02d%02d" % (y, m, d)


def split(text):
    """(words part, from, to) of a Dateline query."""
    m = DATE.search(text)
    if not m:
        return text, "", ""
    lo, _, hi = m.group(1).partition("..")
    hi = hi or lo
    words = (text[:m.start()] + text[m.end():]).strip()
    return words, day(lo, False) if lo else "", day(hi, True) if hi else ""


def items(words):
    """Phrases and words of a query in order."""
    return re.findall(r'"[^"]*"|\S+', words)


def op_of(cls):
    return "or" if cls.startswith("any") else "and"


def argv_for(tool, cfg, cls, text):
    op = op_of(cls)
    words, lo, hi = split(text)
    if tool == "dateline":
        a = [cfg["bin"], "--db", cfg["db"], "--limit", "10"]
        if op == "or":
            a += ["--match", "any"]
        return a + ["--", text]
    if tool == "quest":
        return ["quest", "-d", cfg["db"], "-m", "10", "-o", op,
                "-f", "default,wildcard", "--", words]
    if tool == "swish-e":
        q = (" or " if op == "or" else " ").join(items(words))
        return ["swish-e", "-f", cfg["db"], "-m", "10", "-w", q]
    if tool == "fts5":
        parts = []
        for it in items(words):
            if it.endswith("*"):
                parts.append('"%s"*' % it[:-1])
            elif it.startswith('"'):
                parts.append(it)
            else:
                parts.append('"%s"' % it)
        expr = (" OR " if op == "or" else " ").join(parts)
        # One line per hit: the snippet's newlines become spaces.
        sql = ("SELECT path, date, title,"
               " replace(snippet(d, 3, '[', ']', '...', 16), char(10), ' ')"
               " FROM d WHERE d MATCH '%s'" % expr.replace("'", "''"))
        if lo or hi:
            sql += " AND date BETWEEN '%s' AND '%s'" % (lo, hi)
        sql += " ORDER BY rank LIMIT 10;"
        return ["sqlite3", cfg["db"], sql]
    raise ValueError(tool)


def count_hits(tool, out):
    if tool == "dateline":
        try:
            return len(json.loads(out)["hits"])
        except (ValueError, KeyError):
            return -1
    if tool == "quest":
        return len(re.findall(r"^\d+: \[", out, re.M))
    if tool == "swish-e":
        return len(re.findall(r"^\d+ ", out, re.M))
    return len([l for l in out.split("\n") if l.strip()])


def cmd_mix(queries, outdir):
    with open(outdir + "/mix-dl.tsv", "w") as dl, \
            open(outdir + "/mix-floor.tsv", "w") as fl:
        for qid, cls, text in queries:
            words, lo, hi = split(text)
            dl.write("%s\t%s\t%s\n" % (qid, op_of(cls), text))
            fl.write("%s\t%s\t%s\t%s\t%s\n" % (qid, op_of(cls), words, lo, hi))


def cmd_cli(queries, reps, out, tools):
    with open(out + ".hits", "w") as f:
        for qid, cls, text in queries:
            for tool, cfg in tools:
                a = argv_for(tool, cfg, cls, text)
                if tool == "dateline":
                    a = a[:1] + ["--format", "json"] + a[1:]
                p = subprocess.run(a, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                n = count_hits(tool, p.stdout.decode("utf-8", "replace"))
                f.write("%s\t%s\t%d\t%d\n" % (tool, qid, n, p.returncode))
    with open(out, "w") as f:
        for rep in range(-1, reps):
            for qid, cls, text in queries:
                runs = [("true", ["/bin/true"])]
                runs += [(t, argv_for(t, c, cls, text)) for t, c in tools]
                for tool, a in runs:
                    t0 = time.perf_counter()
                    p = subprocess.run(a, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
                    ms = (time.perf_counter() - t0) * 1e3
                    if rep >= 0:
                        f.write("%s\t%s\t%s\t%d\t%.4f\t%d\n"
                                % (tool, qid, cls, rep, ms, p.returncode))


def main(argv):
    if len(argv) == 4 and argv[1] == "mix":
        cmd_mix(read_queries(argv[2]), argv[3])
        return
    if len(argv) >= 5 and argv[1] == "cli":
        tools = []
        rest = argv[5:]
        while rest:
            if rest[0] == "--dateline" and len(rest) >= 3:
                tools.append(("dateline", {"bin": rest[1], "db": rest[2]}))
                rest = rest[3:]
            elif rest[0] in ("--quest", "--swish", "--fts5") and len(rest) >= 2:
                name = {"--quest": "quest", "--swish": "swish-e",
                        "--fts5": "fts5"}[rest[0]]
                tools.append((name, {"db": rest[1]}))
                rest = rest[2:]
            else:
                sys.exit("qmix.py: bad argument %s" % rest[0])
        cmd_cli(read_queries(argv[2]), int(argv[3]), argv[4], tools)
        return
    sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv)
