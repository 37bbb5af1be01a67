#!/usr/bin/env python3
"""report.py - bench/results/REPORT.md and chart.svg from run.sh's tables.

usage: report.py RAW_DIR OUT_DIR

RAW_DIR holds what bench/run.sh wrote: meta.tsv, corpus.tsv, index.tsv,
cli.tsv (+ cli.tsv.hits), inproc-*.tsv, mix-dl.tsv, cgi.txt,
index-bytes.tsv, extract.txt.  Every figure
is a median over the runs with min-max beside it as the noise; ratios are
Dateline / peer on medians (below 1 is Dateline faster, smaller or
lighter).  The chart is hand-written SVG: no plotting library needed.
"""
import math
import os
import re
import sys
from collections import defaultdict

TOOLS = ["dateline", "omindex", "swish-e", "fts5", "floor"]
NAMES = {"dateline": "Dateline", "omindex": "omindex (Omega)",
         "swish-e": "swish-e", "fts5": "SQLite FTS5", "floor": "Xapian floor",
         "quest": "quest (Omega)", "true": "/bin/true (spawn cost)"}
CLI_TOOLS = ["dateline", "quest", "swish-e", "fts5"]
# The in-process layers (inproc-NAME.tsv), bottom up: name, the report's
# label, the chart's label.
INPROC = [
    ("dateline-raw", "Dateline raw top-10 (parse + search + hit data: the "
     "floor's job)", "Dateline raw top-10"),
    ("dateline-collapse", "Dateline raw top-10, near-duplicates collapsed",
     "Dateline + collapsing"),
    ("dateline-cli", "Dateline dl_searcher_run, snippets + suggestion (the "
     "CLI's work)", "Dateline + snippets"),
    ("dateline-full", "Dateline dl_searcher_run, snippets + facets + "
     "suggestion", "Dateline + snippets, facets"),
    ("floor", "Xapian floor (QueryParser + Enquire top-10, data)",
     "Xapian floor"),
]
MB = 1e6


def pct(xs, p):
    """Percentile p (0-100) with linear interpolation."""
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100.0
    lo = math.floor(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def med(xs):
    return pct(xs, 50)


def fmt(x, nd=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.*f" % (nd, x)


def spread(xs, scale=1.0, nd=2):
    """'median (min-max)' of xs / scale."""
    if not xs:
        return "n/a"
    v = [x / scale for x in xs]
    if len(v) == 1:
        return fmt(v[0], nd)
    return "%s (%s–%s)" % (fmt(med(v), nd), fmt(min(v), nd), fmt(max(v), nd))


def ratio(a, b):
    if a is None or b is None or b == 0 or math.isnan(a) or math.isnan(b):
        return "n/a"
    return "%.2f" % (a / b)


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip()]


class Data:
    def __init__(self, raw):
        self.meta = {r[0]: r[1] for r in read_tsv(raw + "/meta.tsv")
                     if len(r) > 1}
        self.corpus = {}
        for s, n, b in read_tsv(raw + "/corpus.tsv"):
            self.corpus[int(s)] = (int(n), int(b))
        # idx[scale][phase][tool] = list of dicts
        self.idx = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        for r in read_tsv(raw + "/index.tsv"):
            s, tool, phase, run, wall, user, sys_, rss, size = r[:9]
            self.idx[int(s)][phase][tool].append({
                "wall": float(wall), "cpu": float(user) + float(sys_),
                "rss": int(rss) * 1024, "size": int(size)})
        self.cli = defaultdict(lambda: defaultdict(list))  # tool -> qid
        self.cli_err = defaultdict(int)
        self.cls = {}
        for tool, qid, cls, rep, ms, rc in read_tsv(raw + "/cli.tsv"):
            self.cli[tool][qid].append(float(ms))
            self.cls[qid] = cls
            if rc != "0":
                self.cli_err[tool] += 1
        self.hits = defaultdict(dict)
        for tool, qid, n, rc in read_tsv(raw + "/cli.tsv.hits"):
            self.hits[tool][qid] = int(n)
        self.queries = {r[0]: r[2] for r in read_tsv(raw + "/mix-dl.tsv")}
        self.inproc = {}
        for name, _, _ in INPROC:
            d = defaultdict(list)
            for r in read_tsv(raw + "/inproc-%s.tsv" % name):
                d[r[0]].append(float(r[1]))
            if d:
                self.inproc[name] = d
        self.failed = read_tsv(raw + "/failed.tsv")
        notes = raw + "/notes.txt"  # free text about this run, if any
        self.notes = open(notes, encoding="utf-8").read().strip() \
            if os.path.exists(notes) else ""
        cgi = raw + "/cgi.txt"
        self.cgi = open(cgi, encoding="utf-8", errors="replace").read() \
            if os.path.exists(cgi) else ""
        extract = raw + "/extract.txt"
        self.extract_text = open(extract, encoding="utf-8").read() \
            if os.path.exists(extract) else ""
        cisi = raw + "/cisi.txt"
        self.cisi_text = open(cisi, encoding="utf-8").read() \
            if os.path.exists(cisi) else ""
        self.cisi = cisi_figures(self.cisi_text)
        # index-bytes.tsv (bench/index-bytes.py): name -> (bytes, what)
        self.bytes = {r[0]: (int(r[1]), r[2])
                      for r in read_tsv(raw + "/index-bytes.tsv")}

    def m(self, s, phase, tool, key):
        runs = self.idx[s][phase].get(tool)
        return med([r[key] for r in runs]) if runs else None


def index_table(d, s, out):
    n, b = d.corpus.get(s, (0, 0))
    out.append("| tool | wall s | CPU s | docs/s | MB/s | peak RSS MB "
               "| index MB | wall D/peer | CPU D/peer | RSS D/peer "
               "| size D/peer |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool in TOOLS:
        runs = d.idx[s]["index"].get(tool)
        if not runs:
            continue
        wall = [r["wall"] for r in runs]
        cpu = [r["cpu"] for r in runs]
        rss = [r["rss"] for r in runs]
        size = [r["size"] for r in runs]
        row = [NAMES[tool], spread(wall), spread(cpu),
               fmt(n / med(wall), 0) if med(wall) else "n/a",
               fmt(b / MB / med(wall)) if med(wall) else "n/a",
               spread(rss, MB, 0), spread(size, MB, 1)]
        if tool == "dateline":
            row += ["—"] * 4
        else:
            row += [ratio(d.m(s, "index", "dateline", k), med(v))
                    for k, v in (("wall", wall), ("cpu", cpu),
                                 ("rss", rss), ("size", size))]
        out.append("| " + " | ".join(row) + " |")


def incr_table(d, s, out):
    out.append("| tool | wall s | CPU s | peak RSS MB | index MB after "
               "| wall D/peer | CPU D/peer |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for tool in TOOLS:
        runs = d.idx[s]["incremental"].get(tool)
        if not runs:
            out.append("| %s | n/a (no incremental mode) | | | | | |"
                       % NAMES[tool])
            continue
        wall = [r["wall"] for r in runs]
        cpu = [r["cpu"] for r in runs]
        row = [NAMES[tool], spread(wall), spread(cpu),
               spread([r["rss"] for r in runs], MB, 0),
               spread([r["size"] for r in runs], MB, 1)]
        if tool == "dateline":
            row += ["—", "—"]
        else:
            row += [ratio(d.m(s, "incremental", "dateline", "wall"),
                          med(wall)),
                    ratio(d.m(s, "incremental", "dateline", "cpu"),
                          med(cpu))]
        out.append("| " + " | ".join(row) + " |")


def all_ms(per_q):
    return [x for v in per_q.values() for x in v]


def cli_tables(d, out):
    if not d.cli:
        out.append("(not run)")
        return
    dl = all_ms(d.cli.get("dateline", {}))
    out.append("| tool | p50 ms | p95 ms | p99 ms | mean ms | errors "
               "| queries with no hit | p50 D/peer | p99 D/peer |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool in CLI_TOOLS + ["true"]:
        xs = all_ms(d.cli.get(tool, {}))
        if not xs:
            continue
        zero = sum(1 for v in d.hits.get(tool, {}).values() if v == 0)
        row = [NAMES[tool], fmt(pct(xs, 50)), fmt(pct(xs, 95)),
               fmt(pct(xs, 99)), fmt(sum(xs) / len(xs)),
               str(d.cli_err.get(tool, 0)),
               str(zero) if tool != "true" else "",
               "—" if tool in ("dateline", "true")
               else ratio(pct(dl, 50), pct(xs, 50)),
               "—" if tool in ("dateline", "true")
               else ratio(pct(dl, 99), pct(xs, 99))]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("p50 ms by query class (all repetitions of the class's "
               "queries):")
    out.append("")
    classes = []
    for q in sorted(d.cls):
        if d.cls[q] not in classes:
            classes.append(d.cls[q])
    out.append("| class | " + " | ".join(NAMES[t] for t in CLI_TOOLS) +
               " | D/quest |")
    out.append("|---|" + "---:|" * (len(CLI_TOOLS) + 1))
    for c in classes:
        qs = [q for q in d.cls if d.cls[q] == c]
        vals = {t: pct([x for q in qs for x in d.cli[t].get(q, [])], 50)
                for t in CLI_TOOLS}
        out.append("| %s | %s | %s |" % (
            c, " | ".join(fmt(vals[t]) for t in CLI_TOOLS),
            ratio(vals["dateline"], vals["quest"])))


ROUNDS = 5  # run.sh: raw and the floor take turns in five rounds


def round_ratios(d, p):
    """The raw / floor ratio of percentile p in each round, in order
    ([] when the tables do not split into ROUNDS)."""
    raw, floor = d.inproc.get("dateline-raw"), d.inproc.get("floor")
    if not raw or not floor:
        return []
    ratios = []
    for r in range(ROUNDS):
        xs, ys = [], []
        for table, acc in ((raw, xs), (floor, ys)):
            for v in table.values():
                if len(v) % ROUNDS:
                    return []
                k = len(v) // ROUNDS
                acc.extend(v[r * k:(r + 1) * k])
        ratios.append(pct(xs, p) / pct(ys, p))
    return ratios


def inproc_table(d, out):
    if not d.inproc:
        out.append("(not run)")
        return
    floor = all_ms(d.inproc.get("floor", {}))
    out.append("| layer | p50 ms | p95 ms | p99 ms | p50 / floor "
               "| p99 / floor |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for name, label, _ in INPROC:
        xs = all_ms(d.inproc.get(name, {}))
        if not xs:
            continue
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            label, fmt(pct(xs, 50), 3), fmt(pct(xs, 95), 3),
            fmt(pct(xs, 99), 3),
            "—" if name == "floor" else ratio(pct(xs, 50), pct(floor, 50)),
            "—" if name == "floor" else ratio(pct(xs, 99), pct(floor, 99))))
    r50, r99 = round_ratios(d, 50), round_ratios(d, 99)
    if r50:
        out += ["", "Raw / floor in each of the %d rounds, in order: p50 %s; "
                "p99 %s." % (ROUNDS, ", ".join("%.2fx" % r for r in r50),
                             ", ".join("%.2fx" % r for r in r99))]


def perquery_table(d, out):
    out.append("| id | class | query | " +
               " | ".join(NAMES[t] for t in CLI_TOOLS) +
               " | in-proc raw | in-proc floor | hits D/quest/swish/fts5 |")
    out.append("|---|---|---|" + "---:|" * (len(CLI_TOOLS) + 2) + "---|")
    for q in sorted(d.queries):
        cli = [fmt(pct(d.cli[t].get(q, []), 50)) for t in CLI_TOOLS]
        ip = [fmt(pct(d.inproc.get(n, {}).get(q, []), 50), 3)
              for n in ("dateline-raw", "floor")]
        hits = "/".join(str(d.hits.get(t, {}).get(q, "?"))
                        for t in CLI_TOOLS)
        out.append("| %s | %s | `%s` | %s | %s | %s |" % (
            q, d.cls.get(q, ""), d.queries[q].replace("|", "\\|"),
            " | ".join(cli), " | ".join(ip), hits))


def bytes_table(d, out):
    """What each component of Dateline's x1 index costs on disk, measured
    by rewriting the index without it and compacting (index-bytes.py)."""
    base = d.bytes.get("baseline")
    if not base:
        out.append("(bench/index-bytes.py not run)")
        return
    out += ["The x1 index rewritten by python3-xapian without one component "
            "at a time and compacted as the indexer compacts; a saving is "
            "the rewritten index's size minus the copy's.  Savings overlap "
            "a little, so they do not add up exactly.  The last rows set "
            "Dateline's core (raw words with positions and Z stems) beside "
            "the floor's index compacted the same way.", "",
            "| copy | size MB | saves MB |", "|---|---|---|"]
    for name, (size, what) in d.bytes.items():
        saves = "" if name in ("as-built", "baseline", "floor") \
            else "%.2f" % ((base[0] - size) / MB)
        out.append("| %s: %s | %.2f | %s |" % (name, what, size / MB, saves))


def cgi_p99(text, label):
    """p99 in ms on the line that starts with label (cgi-wrk.sh's
    "... req/s   p99  68.41ms"), else None."""
    m = re.search(r"^\s*" + re.escape(label) +
                  r"[^\n]*?p99\s+([0-9.]+)(us|ms|s)\b", text, re.I | re.M)
    if not m:
        return None
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[
        m.group(2).lower()]


def cgi_figures(text):
    """(dateline CGI req/s, FastCGI req/s, omega req/s, floor CGI req/s)
    when the text names them in a recognisable way, else Nones."""
    def find(pat):
        m = re.search(pat, text, re.I | re.M)
        return float(m.group(1)) if m else None
    return (find(r"^\|?\s*dateline[^|\n]*\bcgi\b(?![^|\n]*fast)[^\n]*?"
                 r"([0-9.]+)\s*req/s"),
            find(r"^\|?\s*dateline[^\n]*fast\s*cgi[^\n]*?([0-9.]+)\s*req/s"),
            find(r"^\|?\s*omega[^\n]*?([0-9.]+)\s*req/s"),
            find(r"^\|?\s*xapian floor[^\n]*?([0-9.]+)\s*req/s"))


# bench/cisi.sh names the runs after its files; the report's names.
CISI_TOOLS = [("dateline", "dateline"), ("omega", "omindex"),
              ("swish", "swish-e"), ("fts5", "fts5")]


def cisi_figures(text):
    """{tool: (MAP, nDCG@10, P@10, queries)} from bench/cisi.sh's lines
    "NAME MAP x nDCG@10 y P@10 z queries n"."""
    names = dict(CISI_TOOLS)
    got = {}
    for m in re.finditer(r"^(\S+) MAP ([0-9.]+) nDCG@10 ([0-9.]+) "
                         r"P@10 ([0-9.]+) queries ([0-9]+)", text, re.M):
        if m.group(1) in names:
            got[names[m.group(1)]] = (float(m.group(2)), float(m.group(3)),
                                      float(m.group(4)), int(m.group(5)))
    return got


def relevance_table(d, out):
    out.append("| tool | MAP | nDCG@10 | P@10 | queries | MAP D/peer "
               "| nDCG@10 D/peer |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    dl = d.cisi.get("dateline")
    for _, tool in CISI_TOOLS:
        f = d.cisi.get(tool)
        if not f:
            continue
        rel = ["—", "—"]
        if tool != "dateline" and dl and f[0] > 0 and f[1] > 0:
            rel = ["%.2f" % (dl[0] / f[0]), "%.2f" % (dl[1] / f[1])]
        out.append("| %s | %.3f | %.3f | %.3f | %d | %s | %s |" % (
            NAMES[tool], f[0], f[1], f[2], f[3], rel[0], rel[1]))


def status2(by_wall, by_cpu):
    """Status of the 2x throughput target, by wall and by CPU."""
    def one(x):
        return "met" if x >= 2 else "%.0f%% short" % (100 * (1 - x / 2))
    return "by wall %s; by CPU %s" % (one(by_wall), one(by_cpu))


def targets(d, out):
    s1 = min(d.idx) if d.idx else 1
    dl_w = d.m(s1, "index", "dateline", "wall")
    om_w = d.m(s1, "index", "omindex", "wall")
    dl_c = d.m(s1, "index", "dateline", "cpu")
    om_c = d.m(s1, "index", "omindex", "cpu")
    rows = []
    if dl_w and om_w:
        tw, tc = om_w / dl_w, om_c / dl_c
        rows.append(("indexing ≥ 2x omindex's throughput (x%d)" % s1,
                     "%.2fx by wall, %.2fx by CPU" % (tw, tc),
                     status2(tw, tc)))
    for s in sorted(d.idx):
        if s == s1:
            continue
        a = d.m(s, "index", "dateline", "wall")
        b = d.m(s, "index", "omindex", "wall")
        if a and b:
            rows.append(("indexing ≥ 2x omindex (x%d)" % s,
                         "%.2fx by wall, %.2fx by CPU" % (
                             b / a, d.m(s, "index", "omindex", "cpu") /
                             d.m(s, "index", "dateline", "cpu")),
                         status2(b / a, d.m(s, "index", "omindex", "cpu") /
                                 d.m(s, "index", "dateline", "cpu"))))
    peaks = [(s, max(r["rss"] for ph in ("index", "incremental")
                     for r in d.idx[s][ph].get("dateline", [])))
             for s in sorted(d.idx) if d.idx[s]["index"].get("dateline")]
    if peaks:
        worst = max(p for _, p in peaks)
        rows.append(("peak RSS < 300 MB at every size",
                     ", ".join("x%d %.0f MB" % (s, p / MB)
                               for s, p in peaks),
                     "met" if worst < 300 * MB else "missed by %.0f MB"
                     % ((worst - 300 * MB) / MB)))
    size = d.m(s1, "index", "dateline", "size")
    if size:
        rows.append(("index ≤ 55 MB on Reuters (x%d)" % s1,
                     "%.1f MB" % (size / MB),
                     "met" if size <= 55 * MB else "missed by %.1f MB"
                     % ((size - 55 * MB) / MB)))
    raw = all_ms(d.inproc.get("dateline-raw", {}))
    floor = all_ms(d.inproc.get("floor", {}))
    if raw and floor:
        r50 = pct(raw, 50) / pct(floor, 50)
        r99 = pct(raw, 99) / pct(floor, 99)
        spread_txt = ""
        per50, per99 = round_ratios(d, 50), round_ratios(d, 99)
        if per50:
            spread_txt = " (rounds: p50 %.2f–%.2fx, p99 %.2f–%.2fx)" % (
                min(per50), max(per50), min(per99), max(per99))
        rows.append(("in-process p50/p99 within 1.2x of the floor (raw "
                     "top-10)", "p50 %.2fx, p99 %.2fx%s" % (r50, r99,
                                                          spread_txt),
                     "met" if r50 <= 1.2 and r99 <= 1.2 else
                     "; ".join("%s %s" % (k, "met" if r <= 1.2 else
                                          "missed by %.2fx" % (r - 1.2))
                               for k, r in (("p50", r50), ("p99", r99)))))
        # The layers above the floor's job, for information.
        for name, what in (("dateline-collapse", "near-duplicates collapsed"),
                           ("dateline-cli", "with snippets + suggestion")):
            xs = all_ms(d.inproc.get(name, {}))
            if xs:
                rows.append(("(same, %s)" % what,
                             "p50 %.2fx, p99 %.2fx" % (
                                 pct(xs, 50) / pct(floor, 50),
                                 pct(xs, 99) / pct(floor, 99)),
                             "for information"))
    dl = all_ms(d.cli.get("dateline", {}))
    qu = all_ms(d.cli.get("quest", {}))
    if dl and qu:
        rows.append(("CLI per-process latency below quest's",
                     "p50 %.2f vs %.2f ms, p99 %.2f vs %.2f ms" % (
                         pct(dl, 50), pct(qu, 50), pct(dl, 99), pct(qu, 99)),
                     "met" if pct(dl, 50) < pct(qu, 50) else
                     "missed by %.2f ms (%.2fx quest's p50)" % (
                         pct(dl, 50) - pct(qu, 50), pct(dl, 50) / pct(qu, 50))))
    c, f, o, fl = cgi_figures(d.cgi)
    if c and o:
        floor = ""
        if fl:
            floor = "; bare Xapian CGI (floor) %s req/s, %.2fx Omega's" % (
                fmt(fl), fl / o)
        p_dl = cgi_p99(d.cgi, "dateline.cgi (CGI)")
        p_om = cgi_p99(d.cgi, "omega")
        p99 = ""
        p99_ok = p_dl is not None and p_om is not None and p_dl <= p_om
        if p_dl is not None and p_om is not None:
            p99 = ", p99 %s vs %s ms (%s)" % (
                fmt(p_dl), fmt(p_om), "equal or better" if p99_ok else "worse")
        short = "missed by %.2fx" % (1.5 - c / o)
        if fl and fl / o < 1.5:
            short += "; the floor itself is below 1.5x here"
        rows.append(("CGI req/s ≥ 1.5x Omega's at equal or better p99",
                     "%s vs %s req/s (%.2fx)%s%s" % (
                         fmt(c), fmt(o), c / o, p99, floor),
                     "met" if c / o >= 1.5 and p99_ok
                     else short if c / o < 1.5 else "missed on p99"))
    if f and o:
        rows.append(("FastCGI req/s ≥ 10x Omega's", "%s vs %s req/s "
                     "(%.1fx)" % (fmt(f), fmt(o), f / o),
                     "met" if f / o >= 10 else "missed"))
    if not (c and o):
        rows.append(("CGI req/s ≥ 1.5x Omega's (FastCGI ≥ 10x)",
                     "see the CGI section", "from bench/cgi-wrk.sh"))
    dl, om = d.cisi.get("dateline"), d.cisi.get("omindex")
    if dl and om:
        rows.append(("relevance on CISI, MAP / nDCG@10 / P@10 (no target)",
                     "%.3f / %.3f / %.3f vs Omega's %.3f / %.3f / %.3f" % (
                         dl[:3] + om[:3]), "for information"))
    out.append("| target | measured | status |")
    out.append("|---|---|---|")
    for r in rows:
        out.append("| %s | %s | %s |" % r)
    out += ["", "Where a target is missed, bench/README.md (\"Where the "
            "rest goes\") says where the time goes, from perf and callgrind, "
            "and the section \"Where the index's bytes go\" below where the "
            "bytes go."]


def svg_chart(d, path):
    """Three panels of horizontal bars: indexing wall and CPU seconds at
    the base size, per-process query p50, in-process query p50."""
    s1 = min(d.idx) if d.idx else 1
    panels = []
    bars = []
    for t in TOOLS:
        w = d.m(s1, "index", t, "wall")
        c = d.m(s1, "index", t, "cpu")
        if w is not None:
            bars.append((NAMES[t], w, c, t == "dateline"))
    panels.append(("Indexing x%d: wall s (bar), CPU s (dark)" % s1, bars,
                   "s"))
    bars = []
    for t in CLI_TOOLS:
        xs = all_ms(d.cli.get(t, {}))
        if xs:
            bars.append((NAMES[t], pct(xs, 50), None, t == "dateline"))
    panels.append(("Query p50 per process, ms", bars, "ms"))
    bars = []
    for n, _, lab in INPROC:
        xs = all_ms(d.inproc.get(n, {}))
        if xs:
            bars.append((lab, pct(xs, 50), None, n.startswith("dateline")))
    panels.append(("Query p50 in-process, ms", bars, "ms"))

    width, label_w, bar_w, row_h = 760, 210, 440, 22
    y = 20
    parts = []
    for title, bars, unit in panels:
        if not bars:
            continue
        parts.append('<text x="10" y="%d" font-weight="bold">%s</text>'
                     % (y + 14, title))
        y += 24
        top = max(b[1] for b in bars) or 1
        for name, v, inner, mine in bars:
            w = bar_w * v / top
            parts.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                         % (label_w - 8, y + 15, name))
            parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" '
                         'fill="%s"/>' % (label_w, y + 3, w, row_h - 6,
                                          "#c0504d" if mine else "#4f81bd"))
            if inner is not None:
                parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" '
                             'fill="#000" fill-opacity="0.35"/>'
                             % (label_w, y + 8, bar_w * inner / top,
                                row_h - 16))
            parts.append('<text x="%.1f" y="%d">%s %s</text>'
                         % (label_w + w + 6, y + 15, fmt(v, 3), unit))
            y += row_h
        y += 16
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="13">' % (width, y),
           '<rect width="100%" height="100%" fill="#fff"/>'] + parts + \
        ['</svg>']
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    d = Data(argv[1])
    out = ["# Dateline benchmark report", "",
           "Written by `bench/run.sh` (see bench/README.md); every figure "
           "from one run, all tools on the same files.  Figures are medians "
           "over the runs with min–max in brackets; ratios are "
           "**Dateline / peer** on medians (below 1: Dateline is faster, "
           "lighter or smaller).", ""]
    out.append("| | |")
    out.append("|---|---|")
    for k in ("corpus", "date", "cpu", "mem", "load_start", "load_end",
              "xapian", "dateline_link", "omindex", "swish-e", "sqlite", "runs", "scales",
              "scale_runs",
              "clireps", "qreps", "jobs"):
        if k in d.meta:
            out.append("| %s | %s |" % (k, d.meta[k]))
    out += ["", "The machine is shared (see the load averages): wall "
            "times carry other people's work, CPU seconds much less of it.",
            "", "![indexing time and query p50](chart.svg)", ""]
    if d.notes:
        out += ["**Notes on this run:** " + d.notes, ""]
    if d.failed:
        out += ["**Failed runs, left out of the medians:** " +
                ", ".join("%s %s x%s run %s" % (r[1], r[2], r[0], r[3])
                          for r in d.failed), ""]
    out += ["## Targets", ""]
    targets(d, out)
    for s in sorted(d.idx):
        n, b = d.corpus.get(s, (0, 0))
        out += ["", "## Indexing x%d: %d articles, %.1f MB" % (s, n, b / MB),
                ""]
        index_table(d, s, out)
        out += ["", "Incremental run over the unchanged tree:", ""]
        incr_table(d, s, out)
    out += ["", "## Where the index's bytes go (bench/index-bytes.py)", ""]
    bytes_table(d, out)
    out += ["", "## Queries, one process per query", "",
            "bench/queries.txt run as new processes of each CLI (top 10; "
            "Dateline in its default text format with snippets), %s "
            "repetitions after a warm-up; the times include starting the "
            "process (see the /bin/true row).  quest and swish-e run the "
            "date-filtered queries without the date filter." %
            d.meta.get("clireps", "?"), ""]
    cli_tables(d, out)
    out += ["", "## Queries in-process", "",
            "One process, database opened once, the mix run %s times after "
            "a warm-up (bench/dl-qbench.c over Dateline's libraries; the "
            "floor loop in bench/xapian-floor.cc).  search.h has no switch "
            "for snippets, so the raw rows go one layer down (query.h + "
            "dl_search).  The raw row is the floor's job, the target's "
            "like-for-like figure; collapsing, snippets and facets are the "
            "layers above it.  The raw row and the floor take turns in "
            "five rounds." % d.meta.get("qreps", "?"), ""]
    inproc_table(d, out)
    out += ["", "## CGI (bench/cgi-wrk.sh)", ""]
    if d.cgi.strip():
        out += ["```", d.cgi.rstrip(), "```"]
    else:
        out.append("(bench/cgi-wrk.sh not present or not run)")
    out += ["", "## Relevance (bench/cisi.sh)", ""]
    if d.cisi:
        out += ["CISI (1,460 abstracts, 76 judged queries), every query as "
                "OR over its words, top 1,000 per query; MAP, nDCG@10 and "
                "P@10 from bench/ireval.py.", ""]
        relevance_table(d, out)
    elif d.cisi_text.strip():
        out += ["```", d.cisi_text.rstrip(), "```"]
    else:
        out.append("(bench/cisi.sh not run)")
    out += ["", "## Main-text extraction (bench/extract-eval.py)", ""]
    if d.extract_text.strip():
        out += ["The text Dateline stores for the 181 real pages of the "
                "article-extraction benchmark, scored with its metric "
                "(4-token shingles, precision and recall averaged over "
                "pages); the halves split the pages by a hash of their key "
                "(rules were kept only if they helped both); the other "
                "rows are the figures the benchmark publishes.", "",
                d.extract_text.rstrip()]
    else:
        out.append("(bench/extract-eval.py not run)")
    out += ["", "## Per query", "",
            "p50 ms per query (per process for the four CLIs, in-process "
            "for the last two) and the hits each CLI printed (of 10).", ""]
    perquery_table(d, out)
    os.makedirs(argv[2], exist_ok=True)
    with open(os.path.join(argv[2], "REPORT.md"), "w") as f:
        f.write("\n".join(out) + "\n")
    svg_chart(d, os.path.join(argv[2], "chart.svg"))


if __name__ == "__main__":
    main(sys.argv)
