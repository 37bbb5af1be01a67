/* search_filters.h - a search's side filters (the page's from, to,
 * source and lang, beside the query) as one boolean query, and what a
 * request matches for counting (the query and its filters, apart).
 *
 * The dates and the language go through the query parser (as date: and
 * lang:, so they mean exactly what the query language says), after a check
 * that lets no query syntax in; the source is an exact XSS term, as the
 * source facet links want.  Split out of search.c, which every search
 * tool shares (search.h).
 */
#ifndef DL_SEARCH_FILTERS_H
#define DL_SEARCH_FILTERS_H

#include <stdbool.h>

#include "dl_status.h"
#include "dl_xapian.h"
#include "query.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_search_filters - r's side filters (date_from, date_to, source, lang)
 * parsed with qp as one boolean query into *out (the caller's,
 * dl_query_free), NULL when r has none.  date_lo and date_hi (9 bytes
 * each, may be NULL) get the date filters' range as YYYYMMDD, "" for an
 * open end (the parse's, query.h).  DL_EINVAL for a filter value that is
 * not a date or a language code (the message says what each takes);
 * DL_ENOMEM; a failure of the index met while planning a date range. */
dl_status dl_search_filters(dl_query_parser *qp, const struct dl_search_req *r,
                            dl_query **out, char *date_lo, char *date_hi,
                            dl_err *err);

/* dl_search_filter_apply - q filtered by f (f may be NULL: q itself, a new
 * reference); an empty q (q_empty) with a filter browses: f alone,
 * weightless.  *out is the caller's.  DL_ENOMEM. */
dl_status dl_search_filter_apply(dl_query *q, bool q_empty, dl_query *f,
                                 dl_query **out, dl_err *err);

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
 * side filters into *out, as dl_searcher_run would run them (but never
 * falling back to any word); free with dl_count_plan_free (also after a
 * failure, which leaves it empty).
 * Errors as dl_searcher_run's parse: DL_EQUERY (*errpos set), DL_EINVAL
 * bad filter, DL_ENOMEM, or the index's error while planning a date:
 * range. */
dl_status dl_searcher_count_plan(dl_searcher *s,
                                 const struct dl_search_req *r,
                                 struct dl_count_plan *out, size_t *errpos,
                                 dl_err *err);

/* dl_count_plan_free - release the queries of p (not p itself). */
void dl_count_plan_free(struct dl_count_plan *p);

#ifdef __cplusplus
}
#endif

#endif
