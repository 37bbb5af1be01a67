#!/bin/sh
# bench_index_bytes.sh - bench/index-bytes.py's copies of an index differ
# from it in the one component each leaves out and in nothing else, so the
# savings it reports are what that component costs.  Runs on the project's
# corpus index.  Skipped without Debian's python3-xapian.
. "$top_srcdir/tests/integ/lib.sh"

py=/usr/bin/python3
$py -c 'import xapian' 2>/dev/null || skip "python3-xapian not installed"

check "dateline-index indexes corpus/" dl_index_corpus

if $py - "$top_srcdir/bench/index-bytes.py" "$dl_tmp/corpus.db" \
    "$dl_tmp/bytes" "$top_srcdir/common/dl_schema.h" \
    >"$dl_tmp/bytes.out" 2>&1 <<'EOF'
import importlib.util
import os
import re
import sys

import xapian

spec = importlib.util.spec_from_file_location("index_bytes", sys.argv[1])
ib = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ib)
src_path, tmp = sys.argv[2], sys.argv[3]
os.makedirs(tmp)
src = xapian.Database(src_path)


def dump(db):
    """Every document as {docid: (terms, values, data)}; terms maps a
    term to (wdf, positions)."""
    docs = {}
    for p in db.postlist(b""):
        doc = db.get_document(p.docid)
        terms = {t.term: (t.wdf, tuple(db.positionlist(p.docid, t.term)))
                 for t in doc.termlist()}
        values = {v.num: v.value for v in doc.values()}
        docs[p.docid] = (terms, values, doc.get_data())
    meta = {k: db.get_metadata(k) for k in db.metadata_keys()}
    return docs, meta


def copy(variant):
    path = os.path.join(tmp, variant)
    ib.rewrite(src_path, variant, path)
    return dump(xapian.Database(path))


def expect(cond, what):
    if not cond:
        sys.exit("index-bytes.py: " + what)
    print("ok: " + what)


# The script spells the schema's slots and prefixes again (Python cannot
# include the header): they must be the header's.
schema = open(sys.argv[4], encoding="utf-8").read()
slots = {m.group(1): int(m.group(2))
         for m in re.finditer(r"DL_SLOT_(\w+) = (\d+)", schema)}
prefixes = {m.group(1): m.group(2).encode() for m in re.finditer(
    r'#define DL_(?:PREFIX|TERM)_(\w+) "(\w+)"', schema)}
expect(slots.get("MINHASH") == ib.SLOT_MINHASH and
       slots.get("BODY") == ib.SLOT_BODY and
       slots.get("PARAS") == ib.SLOT_PARAS and
       slots.get("BOILER") == ib.SLOT_BOILER,
       "the slot numbers are dl_schema.h's (%r)" % slots)
fields = {p for n, p in prefixes.items()
          if n not in ("STEM", "TITLE", "ID", "XSCRIPT")}
expect(len(prefixes) > 8 and
       all(p.startswith(ib.PREFIX_TERMS) for p in fields) and
       set(ib.PREFIX_TERMS) <= fields,
       "the field prefixes are dl_schema.h's (%r)" % sorted(fields))

orig, orig_meta = dump(src)
expect(len(orig) > 50, "the corpus index has articles (%d)" % len(orig))


def without_values(doc, gone):
    """doc with the values of the slots in gone taken out."""
    terms, values, data = doc
    return terms, {k: v for k, v in values.items() if k not in gone}, data

docs, meta = copy("baseline")
expect(docs == orig and meta == orig_meta,
       "the baseline copy holds every term, wdf, position, value, data "
       "and metadata of the index")

docs, meta = copy("bodies")
had = sum(1 for _, v, _ in orig.values() if ib.SLOT_BODY in v)
expect(had > 0 and all(ib.SLOT_BODY not in v for _, v, _ in docs.values()),
       "bodies: no stored text left (%d articles had some)" % had)
expect(all(docs[d][0] == orig[d][0] and docs[d][2] == orig[d][2] and
           {k: x for k, x in orig[d][1].items() if k != ib.SLOT_BODY} ==
           docs[d][1] for d in orig) and meta == orig_meta,
       "bodies: everything else as it was")

docs, meta = copy("minhash")
expect(any(ib.SLOT_MINHASH in v for _, v, _ in orig.values()) and
       all(docs[d] == without_values(orig[d], {ib.SLOT_MINHASH})
           for d in orig) and meta == orig_meta,
       "minhash: no signature left, everything else as it was")

docs, _ = copy("values")
kept = {ib.SLOT_BODY, ib.SLOT_MINHASH} | set(ib.BOILER_SLOTS)
others = {k for _, v, _ in orig.values() for k in v} - kept
expect(others and all(
    docs[d] == without_values(orig[d], others) for d in orig),
       "values: slots %r gone, the rest as it was" % sorted(others))

docs, meta = copy("boilerplate")
had = sum(1 for _, v, _ in orig.values() if ib.SLOT_PARAS in v)
expect(had > 0 and all(docs[d] == without_values(orig[d], ib.BOILER_SLOTS)
                       for d in orig) and
       meta == {k: v for k, v in orig_meta.items()
                if not k.startswith(ib.BOILER_META)},
       "boilerplate: no paragraph values, marks or learned sets left "
       "(%d articles had values), everything else as it was" % had)

docs, _ = copy("fields")
expect(all({t: x for t, x in orig[d][0].items()
            if not t.startswith(ib.PREFIX_TERMS)} == docs[d][0] and
           docs[d][1:] == orig[d][1:] for d in orig) and
       any(t.startswith(ib.PREFIX_TERMS) for terms, _, _ in orig.values()
           for t in terms),
       "fields: field and filter terms gone, the rest as it was")

docs, _ = copy("xscript-keys")
expect(all({t: x for t, x in orig[d][0].items()
            if not t.startswith(ib.PREFIX_XSCRIPT)} == docs[d][0] and
           docs[d][1:] == orig[d][1:] for d in orig) and
       any(t.startswith(ib.PREFIX_XSCRIPT) for terms, _, _ in orig.values()
           for t in terms),
       "xscript-keys: the cross-script keys gone, the rest as it was")

docs, _ = copy("data")
expect(all(docs[d] == (orig[d][0], orig[d][1], b"") for d in orig),
       "data: every document's data empty, the rest as it was")

docs, meta = copy("floor-like")
expect(all(docs[d] == ({t: x for t, x in orig[d][0].items()
                         if not ib.is_prefixed(t) or t.startswith(b"Z")},
                        {}, b"") for d in orig) and
       not any(k.startswith(b"F") for k in meta),
       "floor-like: raw words and Z stems only, no values, data or file "
       "records")

docs, _ = copy("stems")
gone = 0
wrong = []
for d, (terms, _, _) in orig.items():
    kept = docs[d][0]
    for term, tw in terms.items():
        dropped = term.startswith(b"Z") and term[1:] in terms
        if (term in kept) if dropped else (kept.get(term) != tw):
            wrong.append((d, term))
        gone += dropped
    wrong += [(d, t) for t in kept if t not in terms]
expect(gone > 0 and not wrong,
       "stems: the %d Z terms repeating a raw word dropped, no other term "
       "changed (wrong: %r)" % (gone, wrong[:3]))

docs, _ = copy("title-positions")
expect(any(pos for terms, _, _ in orig.values()
           for t, (_, pos) in terms.items() if t.startswith(b"S")),
       "the index has title positions")
expect(all(not pos for terms, _, _ in docs.values()
           for t, (_, pos) in terms.items() if t.startswith(b"S")) and
       all({t: w for t, (w, _) in docs[d][0].items()} ==
           {t: w for t, (w, _) in orig[d][0].items()} for d in orig),
       "title-positions: S terms without positions, every wdf as it was")

docs, meta = copy("paths")
ids = [t for terms, _, _ in orig.values() for t in terms
       if t.startswith(b"Q/")]
new_ids = [t for terms, _, _ in docs.values() for t in terms
           if t.startswith(b"Q")]
expect(ids and len(new_ids) == len(ids) and
       not any(t.startswith(b"Q/") for t in new_ids),
       "paths: every id kept, relative (%d)" % len(ids))
expect(len(meta) == len(orig_meta), "paths: every file record kept")
EOF
then
    pass "index-bytes.py copies differ only in their component"
else
    fail "index-bytes.py copies: $(tail -3 "$dl_tmp/bytes.out")"
fi

# The whole script: a table with every copy, each smaller than the
# baseline or (the baseline itself) close to the index as built.
if $py "$top_srcdir/bench/index-bytes.py" "$dl_tmp/corpus.db" \
    "$dl_tmp/bytes.tsv" --jobs 1 2>"$dl_tmp/bytes.err"; then
    pass "index-bytes.py runs"
else
    fail "index-bytes.py: $(tail -3 "$dl_tmp/bytes.err")"
fi
rows=$(cut -f1 "$dl_tmp/bytes.tsv" | tr '\n' ' ')
case $rows in
"as-built baseline bodies minhash values boilerplate title-positions stems paths fields xscript-keys data floor-like ")
    pass "index-bytes.py lists every copy" ;;
*) fail "index-bytes.py rows: $rows" ;;
esac
if awk -F'\t' '$1 == "baseline" { b = $2 } $1 == "bodies" { s = $2 }
    END { exit !(b > 0 && s > 0 && s < b) }' "$dl_tmp/bytes.tsv"; then
    pass "without the stored text the index is smaller"
else
    fail "sizes: $(cat "$dl_tmp/bytes.tsv")"
fi
done_testing
