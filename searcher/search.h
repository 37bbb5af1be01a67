/* search.h - the searcher library: open once, run many searches.
 *
 * Shared by dateline-search (CLI) and dateline.cgi.  A dl_searcher holds
 * the open database (one or several shards seen as one), the query parser
 * with a stemmer for each language the index holds, and nothing about any
 * one request, so a long-lived process runs search after search on it.  A
 * search parses the query (query.h), runs it with BM25 and near-duplicate
 * collapsing, falls back to any-word matching when nothing matches all the
 * words of a plain query, builds a snippet per hit (snippet.h), counts
 * facets, suggests a spelling, and hands back one self-contained
 * dl_result that the renderers (render_text.h, render_json.h) print.
 * When the database changes under it (DL_EMODIFIED) it reopens and retries,
 * at most DL_SEARCH_MAX_RETRIES times.  A search that would cost more than
 * its caps allow (DL_SEARCH_MAX_WILDCARD_TERMS, the request's CPU budget)
 * ends with DL_EBUDGET and no result, leaving the searcher ready for the
 * next one.
 */
#ifndef DL_SEARCH_H
#define DL_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_status.h"
#include "dl_xapian.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_SEARCH_MAX_LIMIT 1000
#define DL_SEARCH_MAX_OFFSET 10000
#define DL_SEARCH_MAX_RETRIES 3
/* All the wildcards of one search together expand to at most this many
 * words (each one to at most DL_QUERY_MAX_EXPANSION): four wildcards at
 * their own cap.  What a search costs grows with the words its wildcards
 * match, and without this a query of 100 wildcards could match 100 times
 * the cap (docs/web.md has the figures).  Over it: DL_EBUDGET. */
#define DL_SEARCH_MAX_WILDCARD_TERMS 2000

typedef struct dl_searcher dl_searcher;

struct dl_search_req {
    const char *query; /* UTF-8 query text (need not be NUL-terminated) */
    size_t query_len;
    size_t offset; /* <= DL_SEARCH_MAX_OFFSET */
    size_t limit;  /* 1..DL_SEARCH_MAX_LIMIT (0: 10) */
    dl_sort sort;
    bool match_any;       /* OR the words instead of AND */
    bool no_collapse;     /* show every near-duplicate */
    bool facets;          /* count source, month and language facets */
    bool suggest;         /* look for a "did you mean" (default true) */
    size_t snippet_words; /* 0: DL_SNIPPET_WORDS */
    /* Filters besides the query (the CGI's from/to/source/lang); NULL or
     * "" for none.  Dates as in date: (YYYY, YYYY-MM, YYYY-MM-DD). */
    const char *date_from;
    const char *date_to;
    const char *source; /* exact source name, as shown in the facets */
    const char *lang;   /* language code */
    /* CPU time (of the calling thread) the whole search may use, in
     * milliseconds; 0: no limit.  Over it the search ends with DL_EBUDGET
     * (the CGI's per-request budget; docs/web.md). */
    unsigned long budget_ms;
};

struct dl_result_hit {
    unsigned docid;
    unsigned rank; /* 1-based over the whole result list */
    double score;  /* BM25 weight (0 for pure filters) */
    char *id;      /* every string here is non-NULL ("" if unknown) */
    char *title;
    char *date; /* YYYY-MM-DD as stored */
    char *source;
    char *url;
    bool url_too_long; /* the article's URL was over DL_URL_MAX: not
                          stored, url is "" (dl_schema.h) */
    char *path;
    char *lang;
    char *snippet; /* plain UTF-8, not escaped */
    size_t snippet_len;
    size_t (*highlights)[2]; /* byte ranges into snippet */
    size_t n_highlights;
    unsigned duplicates; /* near-duplicates collapsed into this hit */
};

struct dl_facet_count {
    char *value;
    unsigned long count;
};

struct dl_facet {
    const char *name;         /* "source", "month", "lang" (static) */
    struct dl_facet_count *v; /* most frequent first */
    size_t n;
};

#define DL_RESULT_FACETS 3

struct dl_result {
    char *query;         /* the query as given */
    unsigned long total; /* Xapian's estimate (exact with facets) */
    unsigned long total_lower;
    unsigned long total_upper;
    size_t offset;
    struct dl_result_hit *hits;
    size_t n_hits;
    struct dl_facet facets[DL_RESULT_FACETS]; /* n 0 unless asked */
    bool has_facets;
    char *suggestion; /* the whole query with words corrected, or
                         NULL */
    char *notice;     /* set when the any-word fallback ran */
    bool empty_query; /* nothing to search for was given */
    double took_ms;
};

/* dl_search_req_init - defaults: empty query, offset 0, limit 10,
 * relevance, match all, collapse on, no facets, suggestions on. */
void dl_search_req_init(struct dl_search_req *r);

/* dl_searcher_open - open the n database specs (paths, stub files,
 * tcp:HOST:PORT; see dl_db_open_multi) as one, and read the languages to
 * stem for.  Free with dl_searcher_close.  DL_ENOENT, DL_ECORRUPT,
 * DL_EXAPIAN, DL_ENOMEM. */
dl_status dl_searcher_open(const char *const *specs, size_t n,
                           dl_searcher **out, dl_err *err);

/* dl_searcher_close - release; NULL is a no-op. */
void dl_searcher_close(dl_searcher *s);

/* dl_searcher_db - the database handle (borrowed, for tools and tests). */
dl_db *dl_searcher_db(dl_searcher *s);

/* dl_searcher_parser - the searcher's query parser, set up for its index
 * (borrowed: valid until dl_searcher_close). */
dl_query_parser *dl_searcher_parser(dl_searcher *s);

/* dl_searcher_run - run one search.  *out is the caller's
 * (dl_result_free).  On a query error *errpos (may be NULL) gets the byte
 * offset of the problem.  DL_EQUERY bad query or a cap exceeded (message
 * names it); DL_EINVAL invalid UTF-8, control characters, limit or offset
 * over the cap, bad filter; DL_EBUDGET when the wildcards expand past
 * DL_SEARCH_MAX_WILDCARD_TERMS words or the search used up r->budget_ms
 * (the message says which); DL_ENOMEM; DL_EMODIFIED when the database kept
 * changing through every retry; other Xapian errors. */
dl_status dl_searcher_run(dl_searcher *s, const struct dl_search_req *r,
                          struct dl_result **out, size_t *errpos, dl_err *err);

/* dl_searcher_body - the stored body of document docid (whose document
 * data d was decoded from) into body (reset first; NUL-terminated): from
 * DL_SLOT_BODY, or from d itself for an index written before that slot
 * (dl_schema.h).  Paragraphs are separated by single '\n'.  A body that
 * does not inflate is left empty.  DL_OK, DL_ENOMEM, DL_EMODIFIED and
 * other database errors. */
dl_status dl_searcher_body(dl_searcher *s, unsigned docid,
                           const struct dl_docdata *d, dl_buf *body,
                           dl_err *err);

/* dl_slice_dup - a copy of a field of the document data, "" when absent;
 * the caller's (dl_free), NULL when out of memory. */
char *dl_slice_dup(struct dl_slice s);

/* dl_slice_dup_date - as dl_slice_dup, for the date field: shown as
 * YYYY-MM-DD (indexes may store YYYYMMDD), YYYY-MM or YYYY. */
char *dl_slice_dup_date(struct dl_slice s);

/* What a request matches, for counting over the whole matching set
 * (timeline.h) rather than showing a page: the query's own matches, no
 * any-word fallback, no collapsing. */
struct dl_count_plan {
    dl_query *match; /* the query with every filter; NULL when empty */
    dl_query *scope; /* the filters alone: the request's side filters and
                        the query's top-level ones (query.h); NULL: none */
    char date_lo[9]; /* the date filters' range, YYYYMMDD ("" open; a */
    char date_hi[9]; /* month's last day may read as 31) */
    bool empty;      /* nothing to search for was given */
};

/* dl_searcher_count_plan - parse r's query (r->match_any honoured) and
 * side filters into *out, as dl_searcher_run would run them; free with
 * dl_count_plan_free (also after a failure, which leaves it empty).
 * Errors as dl_searcher_run's parse: DL_EQUERY (*errpos set), DL_EINVAL
 * bad filter, DL_ENOMEM, or the index's error while planning a date:
 * range. */
dl_status dl_searcher_count_plan(dl_searcher *s, const struct dl_search_req *r,
                                 struct dl_count_plan *out, size_t *errpos,
                                 dl_err *err);

/* dl_count_plan_free - release the queries of p (not p itself). */
void dl_count_plan_free(struct dl_count_plan *p);

/* dl_result_free - release; NULL is a no-op. */
void dl_result_free(struct dl_result *res);

#ifdef __cplusplus
}
#endif

#endif
