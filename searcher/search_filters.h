/* search_filters.h - a search's side filters (the page's from, to,
 * source and lang, beside the query) as one boolean query.
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
 * dl_query_free), NULL when r has none.  DL_EINVAL for a filter value
 * that is not a date or a language code (the message says what each
 * takes); DL_ENOMEM; a failure of the index met while planning a date
 * range. */
dl_status dl_search_filters(dl_query_parser *qp, const struct dl_search_req *r,
                            dl_query **out, dl_err *err);

/* dl_search_filter_apply - q filtered by f (f may be NULL: q itself, a new
 * reference); an empty q (q_empty) with a filter browses: f alone,
 * weightless.  *out is the caller's.  DL_ENOMEM. */
dl_status dl_search_filter_apply(dl_query *q, bool q_empty, dl_query *f,
                                 dl_query **out, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
