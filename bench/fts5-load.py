#!/usr/bin/env python3
"""fts5-load.py - the SQLite FTS5 peer: one row per article, one commit.

usage: fts5-load.py DB DIR

Creates DB (replacing it) with
  CREATE VIRTUAL TABLE d USING fts5(path UNINDEXED, date UNINDEXED,
      title, body, tokenize='unicode61 remove_diacritics 2')
and inserts every .txt/.text file under DIR in one transaction: the first
non-empty line is the title, the rest the body, date is YYYYMMDD from a
/YYYY/MM/DD/ path ("" otherwise) so date-filtered queries can use it.
Bytes that are not UTF-8 are replaced.  FTS5 stores the text itself (no
external content table), as a user of it normally would: the index size
includes a copy of the corpus.
"""
import os
import re
import sqlite3
import sys

DATE_DIR = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")


def rows(top):
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith((".txt", ".text")):
                continue
            path = os.path.join(root, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            head, _, body = text.lstrip().partition("\n")
            m = DATE_DIR.search(path)
            yield path, "".join(m.groups()) if m else "", head, body


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    db, top = argv[1], argv[2]
    if os.path.exists(db):
        os.unlink(db)
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE d USING fts5(path UNINDEXED,"
                " date UNINDEXED, title, body,"
                " tokenize='unicode61 remove_diacritics 2')")
    with con:
        con.executemany("INSERT INTO d VALUES (?, ?, ?, ?)", rows(top))
    n = con.execute("SELECT count(*) FROM d").fetchone()[0]
    con.close()
    print("fts5-load: %d rows" % n, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
