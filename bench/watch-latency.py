#!/usr/bin/python3
"""watch-latency.py - how long from a file's close to its article being
searchable under `dateline-index --watch` (docs/indexing.md, "Watching").

Usage: bench/watch-latency.py BUILD_DIR [--rate 50] [--seconds 30]
                              [--burst 5000] [--work DIR] [--seed FILE]

--seed FILE copies FILE (e.g. Reuters' reuters.jsonl) into the tree first,
so the batches commit into an index of realistic size.

Starts a watcher (BUILD_DIR/dateline-index) on a fresh tree, waits for its
"watching" line, then
  1. sustained: writes --rate articles a second for --seconds seconds
     (each ~2 KB of text, written then closed), and
  2. burst: writes --burst articles as fast as one writer can.
A poller thread reopens the index (python3-xapian) every 5 ms and notes
when each article's id term ("Q" + path, common/dl_schema.h) appears.
Latency = that moment - the moment the writer closed the file.  Prints
percentiles per phase, and the burst's total time.  A measurement, not a
test: numbers depend on the machine and its load.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import xapian

WORDS = ("market bank trade oil grain price minister talks export import "
         "shares profit rate dollar yen tonnes wheat coffee sugar gold "
         "government official said year week company report growth "
         "quarter billion million strike port harbour crop weather").split()


def article(rng, n):
    body = " ".join(rng.choice(WORDS) for _ in range(300))
    return ("Title: Wire story %d\nDate: 2024-06-%02d\nSource: Bench Wire\n\n"
            "%s unique%dword.\n" % (n, 1 + n % 28, body, n))


class Poller(threading.Thread):
    def __init__(self, db):
        super().__init__(daemon=True)
        self.db = db
        self.pending = {}  # path -> close time
        self.seen = {}     # path -> latency
        self.lock = threading.Lock()
        self.stop = False

    def expect(self, path, closed):
        with self.lock:
            self.pending[path] = closed

    def run(self):
        d = xapian.Database(self.db)
        while not self.stop:
            try:
                d.reopen()
                with self.lock:
                    items = list(self.pending.items())
                now = time.time()
                done = [p for p, _ in items if d.term_exists("Q" + p)]
                with self.lock:
                    for p in done:
                        self.seen[p] = now - self.pending.pop(p)
            except xapian.DatabaseModifiedError:
                pass
            time.sleep(0.005)

    def wait_all(self, timeout):
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                if not self.pending:
                    return True
            time.sleep(0.01)
        return False


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))]


def report(name, lats):
    print("%s: %d articles, latency p50 %.3f s, p95 %.3f s, p99 %.3f s, "
          "max %.3f s, within 2 s: %.1f%%" % (
              name, len(lats), pct(lats, 50), pct(lats, 95), pct(lats, 99),
              max(lats), 100.0 * sum(1 for x in lats if x <= 2.0) / len(lats)))


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return time.time()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--burst", type=int, default=5000)
    ap.add_argument("--work")
    ap.add_argument("--seed")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="dl-watch-bench-")
    tree = os.path.join(work, "tree")
    db = os.path.join(work, "w.db")
    os.makedirs(os.path.join(tree, "seed"), exist_ok=True)
    rng = random.Random(1)
    write(os.path.join(tree, "seed", "s.txt"), article(rng, 0))
    if a.seed:
        shutil.copy(a.seed, os.path.join(tree, "seed"))
    err = open(os.path.join(work, "watch.err"), "w")
    w = subprocess.Popen([os.path.join(a.build, "dateline-index"), "--watch",
                          "--db", db, tree], stdout=subprocess.DEVNULL,
                         stderr=err)
    started = time.time()
    try:
        while "watching" not in open(os.path.join(work, "watch.err")).read():
            if w.poll() is not None:
                sys.exit("watcher ended: see " + work + "/watch.err")
            time.sleep(0.05)
        print("first run and watches: %.1f s" % (time.time() - started))
        poller = Poller(db)
        poller.start()

        # 1. sustained rate
        n = 1
        total = int(a.rate * a.seconds)
        t0 = time.time()
        paths = []
        for i in range(total):
            sub = os.path.join(tree, "live", "%02d" % (i // 500))
            os.makedirs(sub, exist_ok=True)
            p = os.path.join(sub, "a%06d.txt" % n)
            poller.expect(p, write(p, article(rng, n)))
            paths.append(p)
            n += 1
            delay = t0 + (i + 1) / a.rate - time.time()
            if delay > 0:
                time.sleep(delay)
        if not poller.wait_all(120):
            print("sustained: %d never searchable" % len(poller.pending))
        report("sustained %.0f/s for %.0f s" % (a.rate, a.seconds),
               [poller.seen[p] for p in paths if p in poller.seen])

        # 2. burst
        paths = []
        first = time.time()
        for i in range(a.burst):
            sub = os.path.join(tree, "burst", "%02d" % (i // 1000))
            os.makedirs(sub, exist_ok=True)
            p = os.path.join(sub, "b%06d.txt" % n)
            poller.expect(p, write(p, article(rng, n)))
            paths.append(p)
            n += 1
        wrote = time.time() - first
        ok = poller.wait_all(600)
        last = time.time()
        lats = [poller.seen[p] for p in paths if p in poller.seen]
        report("burst of %d" % a.burst, lats)
        print("burst: written in %.2f s, all searchable %.2f s after the "
              "first close%s" % (wrote, last - first,
                                 "" if ok else " (some never were)"))
        poller.stop = True
    finally:
        w.terminate()
        w.wait()
        err.close()
    print("watcher's stderr: %s/watch.err" % work)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
