#!/usr/bin/env python3
"""ireval.py - MAP, nDCG@10 and P@10 of a TREC run against TREC qrels.

usage: ireval.py QRELS RUN [RUN...]   (prints one line per run)

RUN lines: "qid Q0 docid rank score tag" (TREC) or "qid docid" in rank
order.  Queries with no relevant documents in QRELS are not scored (the
usual trec_eval convention); a query with judgments but no results scores
zero.  Gains are binary.
"""
import math
import sys
from collections import defaultdict


def read_qrels(path):
    rel = defaultdict(set)
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and int(parts[3]) > 0:
                rel[parts[0]].add(parts[2])
    return rel


def read_run(path):
    run = defaultdict(list)
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6:
                run[parts[0]].append(parts[2])
            elif len(parts) == 2:
                run[parts[0]].append(parts[1])
    return run


def scores(rel, run):
    ap_sum = ndcg_sum = p10_sum = 0.0
    for qid, relevant in rel.items():
        ranked = []
        seen = set()
        for d in run.get(qid, []):
            if d not in seen:
                seen.add(d)
                ranked.append(d)
        hits = 0
        ap = 0.0
        for i, d in enumerate(ranked, 1):
            if d in relevant:
                hits += 1
                ap += hits / i
        ap_sum += ap / len(relevant)
        dcg = sum(1 / math.log2(i + 1)
                  for i, d in enumerate(ranked[:10], 1) if d in relevant)
        ideal = sum(1 / math.log2(i + 1)
                    for i in range(1, min(10, len(relevant)) + 1))
        ndcg_sum += dcg / ideal
        p10_sum += sum(1 for d in ranked[:10] if d in relevant) / 10
    n = len(rel)
    return ap_sum / n, ndcg_sum / n, p10_sum / n, n


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rel = read_qrels(sys.argv[1])
    for path in sys.argv[2:]:
        m, nd, p, n = scores(rel, read_run(path))
        print("%s MAP %.3f nDCG@10 %.3f P@10 %.3f queries %d"
              % (path, m, nd, p, n))


if __name__ == "__main__":
    main()
