/* dl_xapian.h - Dateline's C API over Xapian.
 *
 * The only door between C and Xapian's C++: opaque handles wrapping Xapian
 * values, status codes instead of exceptions (every exception is caught in
 * the dl_xapian*.cc files and mapped: NotFound->DL_ENOENT,
 * DatabaseLock->DL_ELOCKED, DatabaseModified->DL_EMODIFIED,
 * DatabaseCorrupt->DL_ECORRUPT, QueryParser/Wildcard->DL_EQUERY,
 * InvalidArgument->DL_EINVAL, other Xapian::Error->DL_EXAPIAN,
 * bad_alloc->DL_ENOMEM, anything else DL_EINTERNAL), text as (pointer,
 * length) UTF-8, paths NUL-terminated.
 *
 * Ownership: handles returned through an out-param are the caller's and are
 * released with the matching _close/_free (NULL is a no-op).  On failure *out
 * is set to NULL and nothing is left behind.  A `const char *` handed back is
 * borrowed from its handle until the next call on that handle.  Child handles
 * (dl_mset, dl_termiter) must not outlive the database they came from.  A
 * returned `char *` is the caller's, freed with dl_free().
 *
 * Threads: a handle is used by one thread at a time; distinct handles may be
 * used concurrently (Xapian's own rule).
 */
#ifndef DL_XAPIAN_H
#define DL_XAPIAN_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_db dl_db;             /* read-only, one or more shards */
typedef struct dl_wdb dl_wdb;           /* writable, one at a time per path */
typedef struct dl_doc dl_doc;           /* document being built */
typedef struct dl_query dl_query;       /* immutable query tree */
typedef struct dl_mset dl_mset;         /* one page of results, materialised */
typedef struct dl_matches dl_matches;   /* every match, docids only (export) */
typedef struct dl_termiter dl_termiter; /* terms or metadata keys */
typedef struct dl_stemmer dl_stemmer;   /* a stemmer for one language */
typedef struct dl_eset dl_eset;         /* expansion terms with weights */

/* ---- reading ----------------------------------------------------------- */

/* dl_db_open - open a database for reading.  spec is a directory, a Xapian
 * stub file (which may list several shards and remote ones), or
 * "tcp:HOST:PORT" for a shard served by xapian-tcpsrv.
 * DL_ENOENT no such database; DL_ECORRUPT damaged; DL_EXAPIAN other (remote
 * unreachable...); DL_ENOMEM. */
dl_status dl_db_open(const char *spec, dl_db **out, dl_err *err);

/* dl_db_open_multi - open n specs (as dl_db_open) together as one database:
 * ranking statistics are computed over all of them.  Same errors. */
dl_status dl_db_open_multi(const char *const *specs, size_t n, dl_db **out,
                           dl_err *err);

/* dl_db_has_remote - whether a spec db was opened from is a remote shard
 * ("tcp:") or a stub file (or an index directory's XAPIANDB) listing one
 * on a "remote" line: where each look-up costs a round trip, and asking
 * all shards at once (dl_db_termfreqs) beats walking them. */
bool dl_db_has_remote(const dl_db *db);

/* dl_db_reopen - move to the latest commit.  *changed (may be NULL) tells
 * whether there was a newer one.  DL_OK or an error as dl_db_open. */
dl_status dl_db_reopen(dl_db *db, bool *changed, dl_err *err);

/* dl_db_close - release db; NULL is a no-op. */
void dl_db_close(dl_db *db);

/* dl_db_doccount - number of documents. */
dl_status dl_db_doccount(dl_db *db, unsigned long *out, dl_err *err);

/* dl_db_termfreq - number of documents holding term (0 if none). */
dl_status dl_db_termfreq(dl_db *db, const char *term, size_t len,
                         unsigned long *out, dl_err *err);

/* dl_db_termfreqs - as dl_db_termfreq for each of terms[0..n) (each
 * NUL-terminated) into freqs[0..n), gathered as a match gathers its
 * statistics: from every shard at once, where dl_db_termfreq and
 * dl_db_allterms ask one shard after another (a round trip to each remote
 * one, docs/shards.md).  For what a program asks before its first search.
 * DL_OK, DL_ENOMEM, DL_EMODIFIED or another Xapian error. */
dl_status dl_db_termfreqs(dl_db *db, const char *const *terms, size_t n,
                          unsigned long *freqs, dl_err *err);

/* dl_db_collfreq - total occurrences of term across the database. */
dl_status dl_db_collfreq(dl_db *db, const char *term, size_t len,
                         unsigned long *out, dl_err *err);

/* dl_db_avlength - average document length (in wdf units). */
dl_status dl_db_avlength(dl_db *db, double *out, dl_err *err);

/* dl_db_get_metadata - value of a metadata key; *out is the caller's (free
 * with dl_free), "" with *len 0 when the key is absent. */
dl_status dl_db_get_metadata(dl_db *db, const char *key, char **out,
                             size_t *len, dl_err *err);

/* dl_db_parts - how many specs db was opened from (1 for dl_db_open). */
size_t dl_db_parts(const dl_db *db);

/* dl_db_part_metadata - as dl_db_get_metadata, from the part-th spec db
 * was opened from (0 <= part < dl_db_parts) alone.  The metadata of a
 * combined database is its first shard's, so a program that checks every
 * database it was given asks each one here; a stub file answers for the
 * first database it lists.  DL_EINVAL when part is out of range. */
dl_status dl_db_part_metadata(dl_db *db, size_t part, const char *key,
                              char **out, size_t *len, dl_err *err);

/* dl_db_probe - a read-only look at the directory path for a program that
 * must prove a directory is its own before it writes there: opens it as a
 * glass database only (never as a stub file or a remote spec), takes no
 * lock and writes nothing.  *docs gets the number of documents, *empty
 * whether it holds nothing at all (no document, metadata, spelling or
 * synonym), *val the value of metadata key (the caller's, free with
 * dl_free; "" with *len 0 when absent).  DL_ENOENT no glass database
 * there; DL_ECORRUPT; DL_EXAPIAN (another version, unreadable); DL_ENOMEM.
 */
dl_status dl_db_probe(const char *path, const char *key, unsigned long *docs,
                      bool *empty, char **val, size_t *len, dl_err *err);

/* dl_db_get_data - the document data of docid; *out is the caller's.
 * DL_ENOENT when there is no such document. */
dl_status dl_db_get_data(dl_db *db, unsigned docid, char **out, size_t *len,
                         dl_err *err);

/* dl_db_value_bounds - the lowest and highest value of slot over every
 * shard, as Xapian keeps them (no value lies outside; after deletions the
 * bounds may be wider than the values left).  *lo and *hi are the
 * caller's (free with dl_free), "" with length 0 when no document has a
 * value there. */
dl_status dl_db_value_bounds(dl_db *db, unsigned slot, char **lo,
                             size_t *lo_len, char **hi, size_t *hi_len,
                             dl_err *err);

/* dl_db_get_value - value slot of docid; *out caller's, "" when unset. */
dl_status dl_db_get_value(dl_db *db, unsigned docid, unsigned slot, char **out,
                          size_t *len, dl_err *err);

/* dl_db_allterms - iterate the terms starting with prefix ("" for all), in
 * byte order.  Each step gives the term and its document frequency. */
dl_status dl_db_allterms(dl_db *db, const char *prefix, dl_termiter **out,
                         dl_err *err);

/* dl_db_docterms - iterate the terms of one document (termfreq = wdf). */
dl_status dl_db_docterms(dl_db *db, unsigned docid, dl_termiter **out,
                         dl_err *err);

/* dl_db_postlist - the docids holding term, ascending, into a new array
 * (*out caller's, free with dl_free; NULL with *n 0 when none). */
dl_status dl_db_postlist(dl_db *db, const char *term, size_t len,
                         unsigned **out, size_t *n, dl_err *err);

/* dl_termiter_next - the next term.  *term borrowed until the next call.
 * freq is the document frequency (allterms), wdf (docterms) or 0 (keys).
 * DL_OK, DL_DONE at the end, or an error. */
dl_status dl_termiter_next(dl_termiter *it, const char **term, size_t *len,
                           unsigned long *freq, dl_err *err);

/* dl_termiter_free - release; NULL is a no-op. */
void dl_termiter_free(dl_termiter *it);

/* ---- writing ----------------------------------------------------------- */

#define DL_WDB_CREATE 0x1    /* create if missing (else DL_ENOENT) */
#define DL_WDB_OVERWRITE 0x2 /* start empty, discarding what is there */
/* Commits skip fsync: for temporary databases that a crash throws away
 * anyway (a fresh build's parts); never for the index itself. */
#define DL_WDB_NO_SYNC 0x4

/* dl_xapian_exit_on_write_abort - make a write error that Xapian cannot
 * report end the process with exit status 1 and a one-line message on
 * stderr naming db_path (borrowed: it must outlive the process's writing)
 * instead of SIGABRT.  Xapian 1.4.22 calls std::terminate when a
 * second write fails while it unwinds from a failed commit (disk full in
 * commit_transaction); the database is still at its last commit.  Other
 * uncaught exceptions still abort.  before_exit (may be NULL) runs just
 * before that exit, in the failing thread while others may still run: the
 * indexer removes its temporary databases there.  For programs that write
 * (the indexer's main); the library itself never exits. */
void dl_xapian_exit_on_write_abort(const char *db_path,
                                   void (*before_exit)(void));

/* dl_wdb_open - open for writing.  If another writer holds the lock, retry
 * for up to lock_timeout seconds (0: fail at once), then DL_ELOCKED naming
 * the path.  Xapian's automatic flush is left to its default: the indexer
 * commits explicitly in batches.  DL_ENOENT, DL_ECORRUPT, DL_EIO, DL_ENOMEM,
 * DL_EXAPIAN. */
dl_status dl_wdb_open(const char *path, unsigned flags, double lock_timeout,
                      dl_wdb **out, dl_err *err);

/* dl_wdb_add - add doc; *docid (may be NULL) gets its document id. */
dl_status dl_wdb_add(dl_wdb *w, const dl_doc *doc, unsigned *docid,
                     dl_err *err);

/* dl_wdb_replace - replace the document holding idterm (or add it). */
dl_status dl_wdb_replace(dl_wdb *w, const char *idterm, size_t len,
                         const dl_doc *doc, dl_err *err);

/* dl_wdb_replace_docid - replace document docid with doc. */
dl_status dl_wdb_replace_docid(dl_wdb *w, unsigned docid, const dl_doc *doc,
                               dl_err *err);

/* dl_wdb_delete_term - delete every document holding term (none: DL_OK). */
dl_status dl_wdb_delete_term(dl_wdb *w, const char *term, size_t len,
                             dl_err *err);

/* dl_wdb_set_value - change one value slot of an existing document,
 * keeping its terms and data (v NULL or len 0 removes it). */
dl_status dl_wdb_set_value(dl_wdb *w, unsigned docid, unsigned slot,
                           const char *v, size_t len, dl_err *err);

/* dl_wdb_set_metadata - set a metadata key (val NULL or len 0 deletes). */
dl_status dl_wdb_set_metadata(dl_wdb *w, const char *key, const char *val,
                              size_t len, dl_err *err);

/* dl_wdb_get_metadata - as dl_db_get_metadata, seeing uncommitted sets. */
dl_status dl_wdb_get_metadata(dl_wdb *w, const char *key, char **out,
                              size_t *len, dl_err *err);

/* dl_wdb_metadata_keys - iterate metadata keys starting with prefix. */
dl_status dl_wdb_metadata_keys(dl_wdb *w, const char *prefix, dl_termiter **out,
                               dl_err *err);

/* dl_wdb_commit - make every change since the last commit durable (fsync).
 * On error (DL_EIO for disk full, with the path) the database stays at its
 * previous commit. */
dl_status dl_wdb_commit(dl_wdb *w, dl_err *err);

/* dl_wdb_reader - a read-only view of w's database (uncommitted changes are
 * visible to it only after commit).  Caller closes it before w. */
dl_status dl_wdb_reader(dl_wdb *w, dl_db **out, dl_err *err);

/* dl_wdb_get_data / dl_wdb_get_value - as dl_db_get_data and
 * dl_db_get_value, on the writer's view (uncommitted changes included).
 * DL_ENOENT when there is no such document. */
dl_status dl_wdb_get_data(dl_wdb *w, unsigned docid, char **out, size_t *len,
                          dl_err *err);
dl_status dl_wdb_get_value(dl_wdb *w, unsigned docid, unsigned slot, char **out,
                           size_t *len, dl_err *err);

/* dl_wdb_doccount - documents, counting uncommitted changes. */
dl_status dl_wdb_doccount(dl_wdb *w, unsigned long *out, dl_err *err);

/* dl_value_fn - called for each (docid, value) of a slot; non-zero
 * return stops the walk. value borrowed for the call. */
typedef int (*dl_value_fn)(void *ctx, unsigned docid, const char *value,
                           size_t len);

/* dl_wdb_values - every document's value in slot, by ascending docid,
 * including uncommitted changes.  DL_OK (also when fn stopped it). */
dl_status dl_wdb_values(dl_wdb *w, unsigned slot, dl_value_fn fn, void *ctx,
                        dl_err *err);

/* dl_wdb_close - release the lock.  Uncommitted changes are DISCARDED (the
 * handle cancels them rather than letting Xapian's destructor commit), so an
 * error path never commits half a batch.  NULL is a no-op. */
void dl_wdb_close(dl_wdb *w);

/* dl_db_compact - merge the databases at sources[0..n) into a new database
 * at dest (which must not exist), renumbering docids.  DL_EIO, DL_EXAPIAN. */
dl_status dl_db_compact(const char *const *sources, size_t n, const char *dest,
                        dl_err *err);

/* ---- documents --------------------------------------------------------- */

/* dl_doc_new - an empty document.  Free with dl_doc_free. */
dl_status dl_doc_new(dl_doc **out, dl_err *err);

/* dl_doc_clear - empty doc for reuse (keeps the allocation).  Never
 * fails, even out of memory. */
void dl_doc_clear(dl_doc *doc);

/* dl_doc_termcount - distinct terms doc holds so far (all prefixes). */
unsigned long dl_doc_termcount(const dl_doc *doc);

/* dl_doc_free - release; NULL is a no-op. */
void dl_doc_free(dl_doc *doc);

/* dl_doc_add_term - add term without a position, wdf += wdfinc.  Terms over
 * DL_MAX_TERM_BYTES are refused with DL_EINVAL (callers use
 * dl_schema_term). */
dl_status dl_doc_add_term(dl_doc *doc, const char *term, size_t len,
                          unsigned wdfinc, dl_err *err);

/* dl_doc_add_posting - add term at position pos, wdf += wdfinc. */
dl_status dl_doc_add_posting(dl_doc *doc, const char *term, size_t len,
                             unsigned pos, unsigned wdfinc, dl_err *err);

/* dl_doc_set_value - set value slot. */
dl_status dl_doc_set_value(dl_doc *doc, unsigned slot, const char *v,
                           size_t len, dl_err *err);

/* dl_doc_set_data - set the document data (see dl_schema.h). */
dl_status dl_doc_set_data(dl_doc *doc, const char *data, size_t len,
                          dl_err *err);

/* ---- stemming ---------------------------------------------------------- */

/* dl_stemmer_new - a stemmer for an ISO 639-1 code ("en", "ru", "kk"...)
 * or a Xapian language name.  Kazakh is Dateline's own (dl_kkstem.h),
 * exposed to Xapian as a Xapian::StemImplementation.  DL_ENOENT when the
 * language has no stemmer (the caller then indexes words unstemmed). */
dl_status dl_stemmer_new(const char *lang, dl_stemmer **out, dl_err *err);

/* dl_stemmer_stem - stem one normalised word.  *out borrowed from st until
 * the next call on st. */
dl_status dl_stemmer_stem(dl_stemmer *st, const char *word, size_t len,
                          const char **out, size_t *out_len, dl_err *err);

/* dl_stemmer_free - release; NULL is a no-op. */
void dl_stemmer_free(dl_stemmer *st);

/* ---- queries ----------------------------------------------------------- */

typedef enum dl_qop {
    DL_QOP_AND,
    DL_QOP_OR,
    DL_QOP_AND_NOT,   /* first AND NOT (OR of the rest) */
    DL_QOP_FILTER,    /* first, filtered by the rest without weight */
    DL_QOP_AND_MAYBE, /* first, boosted by the rest */
    DL_QOP_PHRASE,    /* in order, within window (0: adjacent) */
    DL_QOP_NEAR,      /* any order, within window */
    DL_QOP_SYNONYM,   /* one term for weighting: stems, joined forms */
    DL_QOP_ELITE_SET  /* the window most useful subqueries (long queries) */
} dl_qop;

/* dl_query_term - a term query.  wqf: query frequency (1 normally); pos:
 * position in the query (0 if none). */
dl_status dl_query_term(const char *term, size_t len, unsigned wqf,
                        unsigned pos, dl_query **out, dl_err *err);

/* dl_query_combine - combine n subqueries (borrowed; the result keeps its
 * own reference) with op.  window is the PHRASE/NEAR window in words or
 * the ELITE_SET size; ignored otherwise. */
dl_status dl_query_combine(dl_qop op, dl_query *const *subs, size_t n,
                           unsigned window, dl_query **out, dl_err *err);

/* dl_query_scale - q with its weight multiplied by factor (0: boolean). */
dl_status dl_query_scale(const dl_query *q, double factor, dl_query **out,
                         dl_err *err);

/* dl_query_value_range - documents whose slot value is within [lo, hi]
 * (bytewise).  lo or hi NULL: open end. */
dl_status dl_query_value_range(unsigned slot, const char *lo, const char *hi,
                               dl_query **out, dl_err *err);

/* dl_query_wildcard - every term starting with prefix (already including
 * any term prefix), ORed as synonyms.  If more than max_expansion terms
 * match, dl_search fails with DL_EQUERY ("too many words start with ..."). */
dl_status dl_query_wildcard(const char *prefix, size_t len,
                            unsigned max_expansion, dl_query **out,
                            dl_err *err);

/* dl_query_match_all / dl_query_match_nothing - the two constants. */
dl_status dl_query_match_all(dl_query **out, dl_err *err);
dl_status dl_query_match_nothing(dl_query **out, dl_err *err);

/* dl_query_is_empty - true for match-nothing. */
bool dl_query_is_empty(const dl_query *q);

/* dl_query_describe - Xapian's description, for tests and --debug; the
 * string is the caller's (dl_free). NULL on allocation failure. */
char *dl_query_describe(const dl_query *q);

/* dl_query_free - release; NULL is a no-op. */
void dl_query_free(dl_query *q);

/* ---- searching --------------------------------------------------------- */

typedef enum dl_sort {
    DL_SORT_RELEVANCE = 0,
    DL_SORT_NEWEST,
    DL_SORT_OLDEST
} dl_sort;

#define DL_MAX_FACETS 8
#define DL_MAX_HIT_VALUES 4

struct dl_search_opts {
    size_t offset;           /* hits to skip */
    size_t limit;            /* hits to return */
    dl_sort sort;            /* relevance, or by sort_slot */
    unsigned sort_slot;      /* value slot sorted on for NEWEST/OLDEST */
    int collapse_slot;       /* collapse on this slot; -1: no collapse */
    unsigned check_at_least; /* make totals/facets exact up to this many */
    /* Facets: -1, or the slot whose values are counted over the matches;
     * each value is cut at facet_sep into n_facets fields (at most
     * DL_MAX_FACETS; 1: the whole value), counted apart.  An empty field
     * counts nothing, as a missing value does. */
    int facet_slot;
    char facet_sep;
    size_t n_facets;
    double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen; /* BM25 */
    /* Cost caps (0: none).  max_wildcard_terms: all the query's wildcards
     * together expand to at most this many terms.  cpu_deadline: the
     * calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID, in seconds) at
     * which the match gives up; checked on the first document the matcher
     * considers and every 256th after it, so a deadline already past ends
     * a search that matches anything at once. */
    unsigned max_wildcard_terms;
    double cpu_deadline;
    /* Value slots read with each hit's data (at most DL_MAX_HIT_VALUES;
     * dl_mset_hit_value): from the same fetch of the document, so a
     * remote shard sends them with the data instead of in one round trip
     * per value (docs/shards.md). */
    unsigned hit_values[DL_MAX_HIT_VALUES];
    size_t n_hit_values;
    /* Hits carry their docid, rank and score but no document data
     * (dl_hit.data is "" ): for callers that want the matching documents
     * themselves, such as the sample of top words, not a page to show. */
    bool no_data;
    /* Every match weighs nothing and they come in docid order (Xapian's
     * BoolWeight): for callers that read all the matches, not the best,
     * which then costs no ranking; sort is ignored. */
    bool boolean;
};

/* dl_search_opts_init - defaults: offset 0, limit 10, relevance, no
 * collapse, no facets, Xapian's BM25 defaults
 * (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5), no cost caps. */
void dl_search_opts_init(struct dl_search_opts *o);

struct dl_hit {
    unsigned docid;
    unsigned rank;           /* 0-based over the whole result list */
    double score;            /* BM25 weight */
    int percent;             /* Xapian's percentage */
    unsigned collapse_count; /* other documents collapsed into this hit */
    const char *data;        /* document data, borrowed from the mset */
    size_t data_len;
    /* The values of the search's hit_values slots, borrowed from the
     * mset (n_values 0 when the hit was not read with them). */
    const char *values[DL_MAX_HIT_VALUES];
    size_t value_lens[DL_MAX_HIT_VALUES];
    size_t n_values;
};

/* dl_search - run q and materialise one page of hits (data included), so
 * iterating it cannot meet a modified database.  DL_EMODIFIED: the caller
 * reopens the database and repeats (at most 3 times). DL_EQUERY for a
 * wildcard expanding too far, with a message naming it.  DL_EBUDGET when a
 * cost cap of o ran out (nothing is returned: never a partial result).
 * The CPU deadline is checked inside the match of local databases only: a
 * remote shard refuses a spy it cannot run (its own 10 s timeout bounds
 * it). */
dl_status dl_search(dl_db *db, const dl_query *q,
                    const struct dl_search_opts *o, dl_mset **out, dl_err *err);

/* dl_mset_count - hits in this page. */
size_t dl_mset_count(const dl_mset *m);

/* dl_mset_total - lower bound, estimate and upper bound of the total
 * number of matches (after collapsing). Any pointer may be NULL. */
void dl_mset_total(const dl_mset *m, unsigned long *lower,
                   unsigned long *estimate, unsigned long *upper);

/* dl_mset_hit - hit i (0 <= i < dl_mset_count) into *hit; pointers in it
 * borrow from m.  DL_EINVAL when i is out of range. */
dl_status dl_mset_hit(const dl_mset *m, size_t i, struct dl_hit *hit);

/* dl_mset_hit_value - the value of slot o->hit_values[k] of hit i (0 <=
 * k < o->n_hit_values of the search), borrowed from m; "" with *len 0
 * when the document has none.  DL_EINVAL when i or k is out of range. */
dl_status dl_mset_hit_value(const dl_mset *m, size_t i, size_t k,
                            const char **value, size_t *len);

/* dl_mset_termfreq - the number of documents holding term, as the match
 * that made m counted it (over every shard), for a term of the query that
 * was run; no database look-up, so no round trip to a remote shard.
 * DL_OK; DL_ENOENT when term was not in the query. */
dl_status dl_mset_termfreq(const dl_mset *m, const char *term, size_t len,
                           unsigned long *freq);

/* dl_mset_facet - the k-th value counted for facet field f (0 <= f <
 * o->n_facets), most frequent first (equal counts in byte order), at most
 * 1,000 per field.  *value borrowed from m.  DL_DONE past the last;
 * DL_EINVAL for a field not counted. */
dl_status dl_mset_facet(const dl_mset *m, size_t f, size_t k,
                        const char **value, size_t *len, unsigned long *count);

/* dl_mset_free - release; NULL is a no-op. */
void dl_mset_free(dl_mset *m);

/* dl_search_all - every match of q in o's order (sort, collapse, BM25 and
 * caps of o; its offset, limit, check_at_least and facets are ignored),
 * for an export: one match over the whole database, keeping of each hit
 * its docid, weight and collapse count only (16 bytes; no document data:
 * the caller reads that per hit with dl_db_get_data), so that exporting
 * N articles costs one match and N reads, never a match per page.  *out
 * is the caller's (dl_matches_free).  Errors as dl_search (DL_EMODIFIED,
 * DL_EQUERY, DL_EBUDGET, DL_ENOMEM, other Xapian errors). */
dl_status dl_search_all(dl_db *db, const dl_query *q,
                        const struct dl_search_opts *o, dl_matches **out,
                        dl_err *err);

/* dl_matches_count - the number of matches (after collapsing). */
size_t dl_matches_count(const dl_matches *m);

/* dl_matches_get - match i (0 <= i < dl_matches_count) into *hit: docid,
 * rank i, score, collapse_count; percent 0 and data NULL (not kept).
 * DL_EINVAL when i is out of range. */
dl_status dl_matches_get(const dl_matches *m, size_t i, struct dl_hit *hit);

/* dl_matches_free - release; NULL is a no-op. */
void dl_matches_free(dl_matches *m);
/* dl_count_fn - one distinct value of the slot slots[slot_index] of
 * dl_db_count_values, with the number of matching documents holding it;
 * value borrowed for the call.  Non-zero return stops the walk. */
typedef int (*dl_count_fn)(void *ctx, size_t slot_index, const char *value,
                           size_t len, unsigned long count);

/* dl_db_count_values - run q over the whole database, unweighted, and
 * count, for each of the n_slots (at most DL_MAX_FACETS) value slots,
 * how many matching documents hold each distinct value (a document
 * without a value there counts nothing); fn gets every value of every
 * slot, in slot then byte order, and *matches the exact number of
 * matching documents.  Xapian's ValueCountMatchSpy over all matches
 * (check_at_least = doccount), so remote shards count too.  Caps as
 * dl_search: max_wildcard_terms (0: none) and cpu_deadline (0: none),
 * which end the count with DL_EQUERY or DL_EBUDGET and nothing reported.
 * DL_EINVAL for too many slots; DL_EMODIFIED (reopen and repeat);
 * DL_ENOMEM; other Xapian errors. */
dl_status dl_db_count_values(dl_db *db, const dl_query *q,
                             const unsigned *slots, size_t n_slots,
                             unsigned max_wildcard_terms, double cpu_deadline,
                             dl_count_fn fn, void *ctx, unsigned long *matches,
                             dl_err *err);

/* dl_db_expand - pseudo-relevance feedback: the best max_terms expansion
 * terms (Xapian ESet) drawn from the documents docids[0..n), leaving out
 * terms that start with an uppercase prefix letter.  *terms is a
 * NUL-separated list (caller's, dl_free) and *count how many. */
dl_status dl_db_expand(dl_db *db, const unsigned *docids, size_t n,
                       size_t max_terms, char **terms, size_t *count,
                       dl_err *err);

/* dl_term_keep_fn - whether term (borrowed for the call) may be an
 * expansion term.  Must not fail: a term it cannot judge is left out. */
typedef bool (*dl_term_keep_fn)(void *ctx, const char *term, size_t len);

struct dl_expand_opts {
    size_t max_terms;        /* the best this many terms */
    dl_term_keep_fn keep;    /* NULL: every term of the documents */
    void *ctx;               /* keep's */
    const dl_query *exclude; /* its terms are left out (NULL: none); a
                                wildcard's expansions are not */
    bool bo1;                /* DFR Bo1 weights instead of Xapian's default (the
                                probabilistic "trad" weights), through Xapian */
    bool xapian; /* the trad weights through Xapian's own get_eset rather
                    than computed directly (the same terms and weights,
                    several times slower on a large set); for tests */
};

/* dl_db_expand_set - the best o->max_terms terms of the documents
 * docids[0..n) (Xapian's ESet over them as its relevance set), each with
 * its expand weight, best first; term frequencies exact over every shard.
 * *out is the caller's (dl_eset_free).  DL_ENOMEM, DL_EMODIFIED (reopen
 * and repeat), other Xapian errors. */
dl_status dl_db_expand_set(dl_db *db, const unsigned *docids, size_t n,
                           const struct dl_expand_opts *o, dl_eset **out,
                           dl_err *err);

/* dl_eset_count - terms in es. */
size_t dl_eset_count(const dl_eset *es);

/* dl_eset_term - term i (0 <= i < dl_eset_count, best first), borrowed
 * from es, and its weight.  DL_EINVAL when i is out of range. */
dl_status dl_eset_term(const dl_eset *es, size_t i, const char **term,
                       size_t *len, double *weight);

/* dl_eset_free - release; NULL is a no-op. */
void dl_eset_free(dl_eset *es);

#ifdef __cplusplus
}
#endif

#endif
