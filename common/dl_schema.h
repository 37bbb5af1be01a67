/* dl_schema.h - the index schema: term prefixes, value slots, metadata keys
 * and the document data format.  This comment is the one place it is written
 * down; the indexer writes exactly this and the searcher reads exactly this.
 *
 * TERMS (all text is normalised by dl_normalize and split by dl_tokenize; no
 * term is longer than DL_MAX_TERM_BYTES, see dl_schema_term):
 *
 *   (none)  word       raw word of title or body, WITH positions.  Title words
 *                      come first (positions 1..n) and get wdf DL_TITLE_WDF
 *                      each, so BM25 ranks title matches higher; the body
 *                      starts at position n + DL_TITLE_GAP so no phrase spans
 *                      title and body.  Hyphenated names also add the joined
 *                      form at the first part's position (nur sultan +
 *                      nursultan).  CJK text is indexed as bigrams.
 *   Z       stem       stem of a raw word in the article's language (Xapian's
 *                      convention), no positions; CJK bigrams and numbers
 *                      get none.  An article in a language with no stemmer
 *                      ("und", Polish...) gets its words themselves as Z
 *                      terms and the XZ term, so the stems of the index's
 *                      languages plus the word itself reach every article
 *                      and a plain word's query needs no raw term.
 *   XK      key        cross-script key (common/dl_xscript.h) of a name
 *                      of title or body, Latin or Cyrillic: Tokayev,
 *                      Toqaev, Токаев and Тоқаев all give XKtokaev.  A name
 *                      is a word written as one (capitalised, or in
 *                      capitals of 2 to 4 letters), not the first of a
 *                      sentence when its key is under 5 letters.  It gets
 *                      its own key WITH its position (phrases across
 *                      scripts); a Cyrillic name also the key of its Z
 *                      term (Токаева -> XKtokaev), without.  A Latin name
 *                      whose key is its own raw term and has 5 letters or
 *                      more (London) gets none: the searcher looks for
 *                      such keys among the raw terms too.  Ordinary words
 *                      get no key.  The rules: indexer/xkeys.h
 *                      (xscript-keys).
 *   XZ      (alone)    on the articles whose Z terms are their words.
 *                      Searchers of format 1 counted them against the
 *                      articles of languages with no stemmer to learn
 *                      whether every article has Z terms; the word-stems
 *                      feature (FORMAT) says so now, and XZ is written for
 *                      those older searchers only.
 *   S       word       title words, with positions: title:word, title:"a b".
 *   A       word       author words: author:smith.
 *   XS      word       source words: source:reuters.  XSS + whole normalised
 *                      source ("XSSbbc news") for exact facet links.
 *   L       code       language, ISO 639-1 ("en", "ru", "kk"; "und" unknown).
 *   Y/M/D   date       Y2020, M202011, D20201113: boolean date filters, at
 *                      the precision known (an article dated to a month has
 *                      Y and M only; its DL_SLOT_DATE is the month's first
 *                      day, which the searcher's date: terms account for).
 *   Q       id         the article's unique id (path, or path#N for the Nth
 *                      record of a JSON Lines file, N from 1).
 *   XF      path       the file a JSON Lines record came from: all records
 *                      of one file share it, so a changed or vanished
 *                      file's articles are deleted with one term.  A
 *                      whole-file article has none: its Q term (id = path)
 *                      names the file, and deleting a file deletes both
 *                      XF + path and Q + path.
 *
 * VALUE SLOTS (strings, so Xapian's sort and range code compare bytes):
 *
 *   0 DL_SLOT_DATE     "YYYYMMDD", missing when the date is unknown.  Sort
 *                      key for newest/oldest and OP_VALUE_RANGE for open
 *                      or long date: ranges (closed ones read the Y/M/D
 *                      terms of their whole years, months and days).
 *   1 DL_SLOT_CLUSTER  near-duplicate cluster key, 16 hex digits; articles
 *                      with the same key are collapsed into one hit.  Set
 *                      only on articles that have relatives (and, keyed by
 *                      content, on those too short for a signature, so
 *                      exact copies still collapse): an article alone has
 *                      none, which keeps the stream the collapse reads
 *                      small.
 *   2 DL_SLOT_SOURCE   reserved: format 1 kept the source, the month
 *   3 DL_SLOT_MONTH    ("YYYY-MM") and the language code here, one slot
 *   4 DL_SLOT_LANG     each; DL_SLOT_FACETS holds all three now
 *                      (facet-slot), and nothing writes or reads these.
 *   5 DL_SLOT_MINHASH  MinHash signature of the body's word shingles:
 *                      DL_MINHASH_K 32-bit minima, little-endian (binary);
 *                      input of the clustering pass (indexer/cluster.h).
 *   6 DL_SLOT_HASH     reserved: early format-1 indexes stored the exact
 *                      content hash here; nothing writes or reads it.
 *   7 DL_SLOT_BODY     the stored body (see DOCUMENT DATA) as a raw deflate
 *                      stream (common/dl_body.h), absent when the body is
 *                      empty.  Kept out of the document data so that hits
 *                      read without the body: only snippets inflate it.
 *   8 DL_SLOT_FACETS   the facet values in one: source as displayed ("BBC
 *                      News"), DL_FACET_SEP, "YYYY-MM" (empty when the month
 *                      is unknown), DL_FACET_SEP, language code; on every
 *                      article (facet-slot).  One value stream instead of
 *                      three: exact facets read it for every match (about
 *                      40% of the counting cost of three slots), through
 *                      Xapian's own ValueCountMatchSpy so remote shards
 *                      count it too.
 *   9 DL_SLOT_PARAS    what boilerplate is learned from (indexer/
 *                      boilerplate.h): varint N, the article's paragraphs
 *                      (of the body text indexed), then 4 bytes little-
 *                      endian each: the source key (a hash of the XSS
 *                      form of its source, or of its root for articles
 *                      without a source), and the hash of each paragraph's
 *                      terms in order (0: no word, or longer than
 *                      DL_BOILER_PARA_MAX_BYTES), all N of them, or for N
 *                      > 256 the first 192 and the last 64.  On every
 *                      article with a source key; about 40 bytes on a
 *                      news article.
 *  10 DL_SLOT_BOILER   the paragraphs of the body this document left out
 *                      as boilerplate: their 0-based indices, ascending,
 *                      as varints of the gaps (common/dl_boiler.h).  The
 *                      terms, MinHash, content hash and this mark are
 *                      written together, so they always agree; absent
 *                      when nothing was left out.  The stored body keeps
 *                      every paragraph: snippets skip the marked ones,
 *                      the article view shows them marked.
 *
 * METADATA (Xapian user metadata):
 *
 *   "dl:schema"        DL_SCHEMA_VERSION as decimal text: the format's
 *                      version (FORMAT below), and the mark of a database
 *                      Dateline wrote (indexer/dbpath.h).
 *   "dl:features"      the format's named features, one line each: NAME,
 *                      TAB, FLAGS, "\n" (FORMAT below).
 *   "dl:langs"         comma-separated language codes present in this
 *                      database (informational: the searcher stems for the
 *                      "L" terms of the combined database, which cover every
 *                      shard).
 *   "dl:bp:" + 8 hex   one per source of at least 5 stories (indexer/
 *                      boilerplate.h): "UNITS" (its stories: articles,
 *                      a near-duplicate cluster counting once) then
 *                      " HASH" (8 hex digits) per paragraph learned as its
 *                      boilerplate, ascending.  The same in every shard of
 *                      a sharded index (learned over all of them).
 *   "dl:boiler-pending" "1" from the first change a run commits until its
 *                      finishing pass has learned and rebuilt every
 *                      document that disagrees with the learned sets: a
 *                      run that finds it set finishes that work even when
 *                      nothing else changed.
 *   "dl:committed"     when the indexer committed last: ISO 8601 UTC to the
 *                      second ("2026-12-08T01:02:03Z"), set in every
 *                      commit of a run or of a watcher's batch (in each
 *                      shard).  What "archive updated HH:MM" on the web
 *                      page and `dateline-index --status` show; absent in
 *                      an index written before issue 28.
 *   "dl:watcher"       the process id of the `dateline-index --watch`
 *                      that has the database open, as decimal text, set
 *                      when it starts watching and deleted when it ends.
 *                      It means a watcher is running only while the write
 *                      lock is held too (a watcher killed with -9 leaves
 *                      it behind): indexer/dbstatus.h asks both.
 *   "F" + file key     one record per indexed file: "MTIME_NS SIZE NDOCS\n"
 *                      then, only when the key is hashed, the path (else
 *                      the key spells it); lets a re-run skip unchanged files
 *                      without parsing them and find vanished files.  The
 *                      file key is the path, or for paths too long for a key
 *                      a prefix plus a hash (dl_schema_term).
 *
 * DOCUMENT DATA (what the searcher shows and snippets are built from): lines
 * "key=value\n" with keys id, path, title, date, date_origin, source, author,
 * url, url_too_long, lang, in any order, unknown keys ignored; values hold
 * no newline (the indexer folds whitespace); then one empty line.  id and
 * path are the Q term's bytes escaped by dl_schema_escape_name, so names
 * that differ only in a control character or an invalid byte stay apart
 * (escaped-names).  url is
 * the article's URL whole, at most DL_URL_MAX bytes; a longer one is not
 * stored and url_too_long=1 says so.  The body text as decoded (UTF-8,
 * original case and punctuation, whitespace runs folded to one space),
 * capped at DL_STORED_BODY_MAX bytes on a UTF-8 boundary, is in
 * DL_SLOT_BODY (body-slot; early format-1 indexes had it here after the
 * empty line, where the searcher still looks when the slot is empty).
 * Paragraphs are separated
 * by a single "\n", the only control character in a body: one per block of
 * an HTML page (p, li, heading, table row, blockquote, a line of pre), per
 * blank-line-separated paragraph of a text file, per paragraph of a JSON
 * Lines body (indexer/reader_int.h, struct dl_textfold).  Whatever works on
 * paragraphs (boilerplate repeated across a source's articles, the article
 * view) splits the stored body there; snippets read "\n" as a space
 * (searcher/snippet.c) and leave out the paragraphs DL_SLOT_BOILER marks.
 *
 * FORMAT (notmuch's scheme: a version number and named features).  Every
 * database the indexer creates gets dl:schema and dl:features in its first
 * commit.  Before a program reads a database (the searcher: each one it is
 * given) or adds to one (an incremental run of the indexer; a fresh build
 * and --full replace the index and ask nothing), it checks both with
 * dl_format_check (common/dl_format.h), and refuses, touching nothing, a
 * database
 *  - without dl:schema: not an index Dateline wrote;
 *  - of a lower version, or without a feature this program needs: "was
 *    made by an older Dateline; rebuild it with `dateline-index --full`";
 *  - of a higher version, or with a feature this program does not know
 *    whose FLAGS forbid the use: made by a newer Dateline.
 * FLAGS tell a program that does not know the feature what it may not do:
 * "r" read the index (it would read it wrong), "w" add to it (what it
 * wrote would break the feature); a feature without either may be
 * ignored.  The features of this program's format are the table at the
 * top of common/dl_format.c: a new feature is one line there, with its
 * FLAGS and the uses for which this program needs it (a feature only some
 * uses need gives older indexes a supported path), plus its entry below.
 * The version goes up only for a change no feature can describe.
 *
 * Format 1 (dl:schema "1", no dl:features) is every index written before
 * issue 24: the format changed four times under that number (bodies in
 * their own slot, Z terms for languages without a stemmer, facets in one
 * slot, escaped names), so such an index cannot say what it holds, and
 * the searchers of that time guessed by counting terms and values.  Both
 * programs refuse it as older.  Format 2, the features:
 *   body-slot (rw)      the stored body is in DL_SLOT_BODY.
 *   facet-slot (rw)     every article has DL_SLOT_FACETS; DL_SLOT_SOURCE,
 *                       DL_SLOT_MONTH and DL_SLOT_LANG are unused.
 *   word-stems (w)      every article has Z terms (its words themselves,
 *                       and XZ, when its language has no stemmer), so a
 *                       plain word's query needs no raw term
 *                       (searcher/query.h, dl_query_parser_new).
 *   escaped-names (w)   id and path in the document data are escaped by
 *                       dl_schema_escape_name.
 *   learned-boilerplate (w)  every article has DL_SLOT_PARAS (and
 *                       DL_SLOT_BOILER when it left paragraphs out) and the
 *                       metadata keeps the learned sets (dl:boiler*): a
 *                       writer that does not know them would add articles
 *                       the counting cannot see.  Needed to add to an index;
 *                       a reader without it only shows boilerplate unmarked.
 *   xscript-keys (w)    every article has its XK terms (the cross-script
 *                       keys, and in a Kazakh article in Latin letters the
 *                       Z terms of the words read in Cyrillic).  Needed by
 *                       no use: a searcher looks for XK terms only in an
 *                       index whose every database has the feature (one
 *                       without it is searched as before, within each
 *                       script).  An incremental run over an index
 *                       without it gives the articles it adds their keys
 *                       and marks the index: the older articles meet
 *                       across scripts once rebuilt with --full.
 */
#ifndef DL_SCHEMA_H
#define DL_SCHEMA_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_SCHEMA_VERSION 2

/* Xapian refuses terms longer than 245 bytes; keep a margin. */
#define DL_MAX_TERM_BYTES 240

/* Title words count this many times in the raw and stem terms' wdf. */
#define DL_TITLE_WDF 3
/* Gap between the title's last position and the body's first. */
#define DL_TITLE_GAP 100

/* MinHash values per article: 16 estimate Jaccard similarity to about
 * +-0.12, plenty to tell a republished wire story (J > 0.6) from unrelated
 * text (J < 0.1), at 64 bytes per article. */
#define DL_MINHASH_K 16

/* Enough body for snippets anywhere in a long feature; more costs disk. */
#define DL_STORED_BODY_MAX (64 * 1024)

/* Longest article URL stored and linked: the 8,000 octets that RFC 9110
 * (section 4.1) recommends every HTTP sender and recipient support.  Common
 * servers refuse longer request lines (Apache and nginx at about 8 KB), so
 * a longer URL is no working link. */
#define DL_URL_MAX 8000

#define DL_PREFIX_STEM "Z"
#define DL_PREFIX_TITLE "S"
#define DL_PREFIX_AUTHOR "A"
#define DL_PREFIX_SOURCE "XS"
#define DL_PREFIX_SOURCE_EXACT "XSS"
#define DL_PREFIX_LANG "L"
#define DL_PREFIX_YEAR "Y"
#define DL_PREFIX_MONTH "M"
#define DL_PREFIX_DAY "D"
#define DL_PREFIX_ID "Q"
#define DL_PREFIX_FILE "XF"
#define DL_TERM_WORD_STEMS "XZ"
#define DL_PREFIX_XSCRIPT "XK"

enum dl_slot {
    DL_SLOT_DATE = 0,
    DL_SLOT_CLUSTER = 1,
    DL_SLOT_SOURCE = 2,
    DL_SLOT_MONTH = 3,
    DL_SLOT_LANG = 4,
    DL_SLOT_MINHASH = 5,
    DL_SLOT_HASH = 6,
    DL_SLOT_BODY = 7,
    DL_SLOT_FACETS = 8,
    DL_SLOT_PARAS = 9,
    DL_SLOT_BOILER = 10
};

/* Separates the fields of DL_SLOT_FACETS (ASCII unit separator; the
 * indexer turns one inside a source into a space, so fields split back as
 * written). */
#define DL_FACET_SEP '\x1f'
#define DL_FACET_FIELDS 3

#define DL_META_SCHEMA "dl:schema"
#define DL_META_FEATURES "dl:features"
#define DL_META_LANGS "dl:langs"
#define DL_META_FILE_PREFIX "F"
#define DL_META_BOILER_PREFIX "dl:bp:"
#define DL_META_BOILER_PENDING "dl:boiler-pending"
#define DL_META_COMMITTED "dl:committed"
#define DL_META_WATCHER "dl:watcher"

/* A borrowed byte range. */
struct dl_slice {
    const char *p; /* not NUL-terminated in general */
    size_t n;
};

/* The fields of the document data; every slice borrows from the data. */
struct dl_docdata {
    struct dl_slice id, path, title, date, date_origin, source, author, url,
        url_too_long, lang, body;
};

/* dl_schema_term - append prefix + text to out as one term, guarding the
 * Xapian length limit: when prefix + text exceeds DL_MAX_TERM_BYTES the text
 * is cut on a UTF-8 boundary and "#" plus 16 hex digits of a hash of the
 * whole text are appended, so distinct long ids stay distinct.  out is reset
 * first.  DL_OK or DL_ENOMEM. */
dl_status dl_schema_term(dl_buf *out, const char *prefix, const char *text,
                         size_t len);

/* dl_schema_escape_name - append the shown form of a file name or id to
 * out (not reset): valid UTF-8 as it is, except that control characters
 * (U+0000-U+001F, U+007F-U+009F), the line and paragraph separators
 * (U+2028, U+2029) and the bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069) are written byte by byte as "\xHH" (two
 * lowercase hex digits), as is every byte that is not part of valid
 * UTF-8, and the backslash is written "\\".  The mapping is one to one,
 * so distinct names stay distinct, and an ordinary name (printable UTF-8,
 * spaces included, no backslash) is unchanged.  DL_OK or DL_ENOMEM. */
dl_status dl_schema_escape_name(dl_buf *out, const char *s, size_t n);

/* dl_schema_unescape_name - append to out (not reset) the raw bytes of a
 * name shown by dl_schema_escape_name: "\\xHH" (hex digits of either
 * case) becomes the byte 0xHH and "\\\\" one backslash; every other byte
 * stays.  unescape(escape(x)) == x for every byte string x.  A backslash
 * followed by anything else, or at the end, is no shown name:
 * DL_EINVAL, with out as it was.  DL_OK, DL_EINVAL or DL_ENOMEM. */
dl_status dl_schema_unescape_name(dl_buf *out, const char *s, size_t n);

/* dl_docdata_encode - append the data format above to out (not reset).  NULL
 * or empty slices are left out.  Newlines inside values become spaces; the
 * body is cut at DL_STORED_BODY_MAX on a UTF-8 boundary.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_docdata_encode(const struct dl_docdata *d, dl_buf *out);

/* dl_docdata_decode - split data into fields.  Every slice of *d borrows from
 * data (absent fields are {NULL,0}).  Never fails: malformed lines are
 * ignored, data without the empty line is all header. */
void dl_docdata_decode(const char *data, size_t len, struct dl_docdata *d);

#ifdef __cplusplus
}
#endif

#endif
