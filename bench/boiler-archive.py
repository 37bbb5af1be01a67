#!/usr/bin/env python3
"""boiler-archive.py - an archive of sites whose pages carry boilerplate.

usage: boiler-archive.py SRC DEST [--sources N] [--limit N]

Deals the articles of SRC (plain .txt, "title, blank line, body", as
gen-corpus.py stage or grow writes them; the YYYY/MM/DD/ part of a path is
kept) to N invented news sites (default 12) in turn, and writes each as its
site would publish it: a header line, the story with a newsletter prompt
after its second paragraph, and a two-line footer, all the site's own
(indexer/boilerplate.h learns them).  Sites take the three formats in turn:
.txt without metadata under DEST/<site>/YYYY/MM/DD/ (the folder names the
source), .html with og:site_name, and .jsonl feeds of 500 records with a
"source" key.  The same input gives the same archive byte for byte.  For
the measurements of bench/README.md ("Boilerplate learned per source").
"""
import html
import json
import os
import re
import sys

DATE_DIR = re.compile(r"(?:^|/)((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")
SITES = ["Kestrel Courier", "Steppe Ledger", "Harbour Gazette",
         "Morning Lantern", "Valley Tribune", "Northern Signal",
         "Coastal Dispatch", "Prairie Herald", "City Chronicle",
         "River Bulletin", "Summit Observer", "Lakeside Record",
         "Granite Times", "Orchard Post", "Meadow Journal", "Delta Monitor"]


def paragraphs(body):
    out = []
    for block in re.split(r"\n\s*\n|\n(?=[ \t])", body):
        p = " ".join(block.split())
        if p:
            out.append(p)
    return out


def load(src):
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".txt"):
                continue
            path = os.path.join(root, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().split("\n")
            title = lines[0].strip() if lines else ""
            paras = paragraphs("\n".join(lines[1:]))
            m = DATE_DIR.search(os.path.relpath(path, src))
            where = os.path.join(*m.groups()) if m else "undated"
            if paras:
                yield where, f[:-4], title, paras


def dressed(site, paras):
    header = "%s | News, analysis and opinion since 1998" % site
    prompt = ("Never miss a story: sign up for the %s morning briefing, "
              "delivered to your inbox." % site)
    footer = ["Get %s stories sent directly to you! Follow us on Twitter, "
              "Facebook, Instagram, Telegram and YouTube." % site,
              "Copyright %s. All rights reserved. Reproduction without "
              "permission is prohibited." % site]
    return [header] + paras[:2] + [prompt] + paras[2:] + footer


def main(argv):
    args = argv[1:]
    n_sites, limit = 12, 0
    if "--sources" in args:
        i = args.index("--sources")
        n_sites = int(args[i + 1])
        del args[i:i + 2]
    if "--limit" in args:
        i = args.index("--limit")
        limit = int(args[i + 1])
        del args[i:i + 2]
    src, dest = args
    feeds = {}
    count = 0
    for k, (where, name, title, paras) in enumerate(load(src)):
        if limit and count >= limit:
            break
        s = k % n_sites
        site = SITES[s % len(SITES)] + ("" if s < len(SITES) else " %d" % s)
        slug = site.lower().replace(" ", "-")
        body = dressed(site, paras)
        if s % 3 == 0:
            d = os.path.join(dest, slug, where)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name + ".txt"), "w") as f:
                f.write(title + "\n\n" + "\n\n".join(body) + "\n")
        elif s % 3 == 1:
            d = os.path.join(dest, slug, where)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name + ".html"), "w") as f:
                f.write("<!doctype html><html lang=en><head><meta "
                        "charset=utf-8><title>%s</title><meta "
                        "property=og:site_name content=\"%s\"></head><body>"
                        "<article><h1>%s</h1>\n%s</article></body></html>\n"
                        % (html.escape(title), site, html.escape(title),
                           "".join("<p>%s</p>\n" % html.escape(p)
                                   for p in body)))
        else:
            n = feeds.get(slug, 0)
            feeds[slug] = n + 1
            d = os.path.join(dest, slug, "feeds")
            os.makedirs(d, exist_ok=True)
            rec = {"title": title, "body": "\n\n".join(body), "source": site}
            if where != "undated":
                rec["date"] = where.replace("/", "-")
            with open(os.path.join(d, "feed-%04d.jsonl" % (n // 500)),
                      "a") as f:
                f.write(json.dumps(rec) + "\n")
        count += 1
    print("wrote %d articles of %d sites" % (count, n_sites), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
