/* search_int.h - what a search, an export and top words share (private to
 * search.c, export.c and topwords.c; the public APIs are search.h,
 * export.h and topwords.h).
 *
 * Both run the same plan: the query parsed, the side filters applied, the
 * matcher's options, pseudo-relevance feedback for a long any-word query,
 * a first match and, when nothing holds all the words, the any-word
 * fallback.  A search then fills one page of hits from that match; an
 * export runs the planned query once more for every match (dl_search_all)
 * and fills its hits one at a time, so the two list the same articles
 * with the same fields.
 */
#ifndef DL_SEARCH_INT_H
#define DL_SEARCH_INT_H

#include <stdbool.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"
#include "query.h"
#include "search.h"

/* A search made ready to run (dl_search_plan_run). */
struct dl_search_plan {
    struct dl_parsed_query *pq; /* the query as run (any-word after the
                                   fallback) */
    dl_query *full;             /* pq's query with the side filters */
    struct dl_search_opts so;   /* the matcher's options for r */
    dl_mset *m;                 /* the match of r's page (offset, limit) */
};

/* dl_search_plan_run - parse r, apply its filters and options and run the
 * match of its page, falling back to any word as a search does (then
 * res->notice says so); with nothing to search for, res->empty_query is
 * set and plan->m stays NULL.  deadline: thread CPU seconds (0: none).
 * plan's parts are the caller's (dl_search_plan_free, also after an
 * error).  Errors as dl_searcher_run (one try: DL_EMODIFIED is the
 * caller's to retry). */
dl_status dl_search_plan_run(dl_searcher *s, const struct dl_search_req *r,
                             double deadline, struct dl_search_plan *plan,
                             struct dl_result *res, size_t *errpos,
                             dl_err *err);

/* dl_search_budget_left - DL_OK while deadline (dl_thread_cpu seconds;
 * 0: none) is ahead, else DL_EBUDGET saying the search needed more CPU
 * time than one search may use.  Checked between the steps of a search,
 * an export and top words; inside a match, dl_search checks it. */
dl_status dl_search_budget_left(double deadline, dl_err *err);

/* dl_search_plan_free - release plan's parts and zero it. */
void dl_search_plan_free(struct dl_search_plan *plan);

/* dl_search_fill_hit - h (zeroed by the caller) from the match hit (its
 * data set: from an mset, or read for it): the fields of the document
 * data, and with snippet the best window of its text for pq (body is a
 * scratch buffer, reused from hit to hit).  h's strings are its own
 * (dl_result_hit_free, also after an error).  DL_OK, DL_ENOMEM,
 * DL_EMODIFIED and other database errors. */
dl_status dl_search_fill_hit(dl_searcher *s, const struct dl_hit *hit,
                             const struct dl_parsed_query *pq,
                             const struct dl_search_req *r, bool snippet,
                             struct dl_result_hit *h, dl_buf *body,
                             dl_err *err);

#endif
