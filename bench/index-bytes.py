#!/usr/bin/env python3
"""index-bytes.py - where a Dateline index's bytes go.

usage: index-bytes.py DB OUT.tsv [--floor FLOOR_DB] [--jobs N]
                      [--variants NAME,NAME...]

A B-tree table's size cannot be split by hand into what each kind of term
or value costs: keys share blocks, glass compresses some tags, compaction
packs them.  So this measures by taking away: it rewrites DB once as it is
(the baseline) and once without each component below, compacts every copy
as the indexer does (Database.compact, default flags) and reports the size
on disk of each (du -sb's sum of file sizes).  The saving of a component is
the baseline minus its copy.  The savings overlap a little (the same blocks
hold several things), so they do not add up exactly; "floor-like" takes
away everything the bare Xapian floor does not write at once, and is to be
read against the floor's own index compacted the same way (--floor).

The components follow common/dl_schema.h.  Raw word terms are the terms
that do not start with an ASCII capital (every prefix does; dl_normalize
folds words to lower case).

OUT.tsv gets one line per copy: name, bytes, description; --variants
makes only the copies named (baseline,boilerplate gives the share of the
boilerplate state alone).  Needs
python3-xapian (bench/install-peers.sh).
"""
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

import xapian

SLOT_MINHASH = 5
SLOT_BODY = 7
SLOT_PARAS = 9
SLOT_BOILER = 10
BOILER_SLOTS = (SLOT_PARAS, SLOT_BOILER)
BOILER_META = (b"dl:bp:", b"dl:boiler-pending")
PREFIX_TERMS = (b"A", b"XS", b"L", b"Y", b"M", b"D", b"XF", b"XZ")
PREFIX_XSCRIPT = b"XK"

VARIANTS = [
    ("baseline", "the index rewritten as it is (the reference)"),
    ("bodies", "without the stored text snippets are cut from (slot 7)"),
    ("minhash", "without the MinHash signatures (slot 5)"),
    ("values", "without the other value slots (date, cluster key, facets)"),
    ("boilerplate", "without what boilerplate is learned from and marked "
     "with (slots 9 and 10) and the learned sets (dl:bp: metadata)"),
    ("title-positions", "title terms (S) kept, without their positions"),
    ("stems", "without the Z terms that repeat a raw word of the article: "
     "a schema writing a stem only where it differs from the word"),
    ("paths", "ids, paths and file records relative to the indexed folder "
     "(the folders all ids share spelled nowhere)"),
    ("fields", "without the field and filter terms (A, XS, XSS, L, Y/M/D, "
     "XF, XZ)"),
    ("xscript-keys", "without the cross-script keys of names (XK)"),
    ("data", "without the document data (title, date, source, id...)"),
    ("floor-like", "without everything the floor does not write: stored "
     "text, values, title and field terms, ids, document data, file "
     "records and learned sets; raw words with positions and Z stems "
     "only"),
]


def is_prefixed(term):
    return term[:1].isupper()


def common_folder(db):
    """The folder every Q term's id lies under, as bytes ending in '/'
    ('' when there is none)."""
    prefix = None
    for t in db.allterms(b"Q"):
        tid = t.term[1:]
        if not tid.startswith(b"/"):
            return b""
        folder = tid[:tid.rfind(b"/") + 1]
        if prefix is None:
            prefix = folder
        else:
            n = 0
            while n < min(len(prefix), len(folder)) and \
                    prefix[n] == folder[n]:
                n += 1
            prefix = prefix[:n]
    if not prefix:
        return b""
    return prefix[:prefix.rfind(b"/") + 1]


def keep_term(variant, term, raw):
    if variant == "stems" and term.startswith(b"Z") and term[1:] in raw:
        return False
    if variant == "fields" and term.startswith(PREFIX_TERMS):
        return False
    if variant == "xscript-keys" and term.startswith(PREFIX_XSCRIPT):
        return False
    if variant == "floor-like" and is_prefixed(term) and \
            not term.startswith(b"Z"):
        return False
    return True


def rewrite(src_path, variant, dest):
    src = xapian.Database(src_path)
    out = xapian.WritableDatabase(dest, xapian.DB_CREATE_OR_OVERWRITE)
    folder = common_folder(src) if variant == "paths" else b""
    for p in src.postlist(b""):
        did = p.docid
        doc = src.get_document(did)
        terms = [(t.term, t.wdf) for t in doc.termlist()]
        raw = {term for term, _ in terms if not is_prefixed(term)}
        new = xapian.Document()
        for term, wdf in terms:
            if not keep_term(variant, term, raw):
                continue
            if folder and term.startswith(b"Q" + folder):
                term = b"Q" + term[1 + len(folder):]
            positions = []
            # Only raw words, title words and the cross-script keys of
            # names carry positions (dl_schema.h).
            if not is_prefixed(term) or term.startswith(PREFIX_XSCRIPT) or \
                    (term.startswith(b"S") and
                     variant != "title-positions"):
                positions = list(src.positionlist(did, term))
            for pos in positions:
                new.add_posting(term, pos, 0)  # (wdf added once, below)
            new.add_term(term, wdf)  # also keeps boolean terms (wdf 0)
        for v in doc.values():
            if variant in ("bodies", "floor-like") and v.num == SLOT_BODY:
                continue
            if variant in ("minhash", "floor-like") and \
                    v.num == SLOT_MINHASH:
                continue
            if variant in ("values", "floor-like") and \
                    v.num not in (SLOT_BODY, SLOT_MINHASH) + BOILER_SLOTS:
                continue
            if variant in ("boilerplate", "floor-like") and \
                    v.num in BOILER_SLOTS:
                continue
            new.add_value(v.num, v.value)
        data = doc.get_data()
        if variant in ("data", "floor-like"):
            data = b""
        elif folder:
            data = b"\n".join(
                line.replace(b"=" + folder, b"=", 1)
                if line.startswith((b"id=", b"path=")) else line
                for line in data.split(b"\n"))
        new.set_data(data)
        out.replace_document(did, new)
    for key in src.metadata_keys():
        value = src.get_metadata(key)
        if variant == "floor-like" and key.startswith(b"F"):
            continue
        if variant in ("boilerplate", "floor-like") and \
                key.startswith(BOILER_META):
            continue
        if folder and key.startswith(b"F" + folder):
            key = b"F" + key[1 + len(folder):]
        out.set_metadata(key, value)
    out.commit()
    out.close()


def du(path):
    return sum(os.path.getsize(os.path.join(path, f))
               for f in os.listdir(path))


def compacted_size(src, dest):
    xapian.Database(src).compact(dest)
    return du(dest)


def measure(db, variant, tmp):
    plain = os.path.join(tmp, variant)
    packed = plain + ".c"
    rewrite(db, variant, plain)
    size = compacted_size(plain, packed)
    shutil.rmtree(plain)
    shutil.rmtree(packed)
    return size


def main(argv):
    args = argv[1:]
    floor = None
    jobs = 2
    variants = VARIANTS
    if "--floor" in args:
        i = args.index("--floor")
        floor = args[i + 1]
        del args[i:i + 2]
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    if "--variants" in args:
        i = args.index("--variants")
        names = args[i + 1].split(",")
        variants = [v for v in VARIANTS if v[0] in names]
        if len(variants) != len(names):
            sys.exit("index-bytes.py: --variants: not all of %r known"
                     % names)
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit("usage: index-bytes.py DB OUT.tsv [--floor FLOOR_DB] "
                 "[--jobs N] [--variants NAME,NAME...]")
    db, out_path = args
    tmp = tempfile.mkdtemp(prefix="dl-index-bytes-")
    try:
        rows = [("as-built", du(db), "the index as the indexer wrote it")]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            sizes = pool.map(measure, [db] * len(variants),
                             [v for v, _ in variants], [tmp] * len(variants))
            rows += [(v, s, d) for (v, d), s in zip(variants, sizes)]
        if floor:
            rows.append(("floor", compacted_size(floor,
                                                 os.path.join(tmp, "floor")),
                         "the floor's index, compacted the same way"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(out_path, "w") as f:
        for name, size, desc in rows:
            f.write("%s\t%d\t%s\n" % (name, size, desc))


if __name__ == "__main__":
    main(sys.argv)
