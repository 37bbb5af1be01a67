/* timeline.h - attention over time: matching and all articles per period.
 *
 * A timeline counts, per day, ISO 8601 week, month or year, the articles
 * a query matches (every match: near-duplicates each counted, no
 * collapsing and no any-word fallback) and all the articles of the
 * archive in that period, whose quotient is the query's share of the
 * coverage.  The matches are counted over the whole matching set by their
 * date value (dl_db_count_values), the totals read from the date terms'
 * frequencies (Y/M/D, dl_schema.h) without a scan; when the query or the
 * request has filters (source:, lang:, date:, the side filters), the
 * totals are those filters' own articles per period, counted the same way
 * as the matches, so the share stays a share of like with like.
 *
 * An article dated only to a month (or a year) has a month (year) term
 * but no day (month) term, and the first day of its month (year) as its
 * date value: at day or week granularity it cannot be placed, nor a
 * year-only one at month granularity.  Those are counted apart, matches
 * and totals alike ("dated to the month only", "to the year only"),
 * exactly: totals from the terms (a month's term count minus its days'),
 * matches by a second count restricted to those articles, run only when
 * the archive holds such articles.  Articles without a date are counted
 * apart too.
 *
 * Periods are listed from the first to the last with a match, zeros
 * inside included; with a date filter, over the filter's range within
 * the archive's own first and last date.  A comparison (2 to
 * DL_TIMELINE_MAX_QUERIES queries) gives one series per query over the
 * union of their periods, each the same as the query's own timeline; by
 * source, one series per source of the matches (the
 * DL_TIMELINE_MAX_SOURCES with most matches, then "other").
 */
#ifndef DL_TIMELINE_H
#define DL_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "period.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_TIMELINE_MAX_QUERIES 5
#define DL_TIMELINE_MAX_SOURCES 10
/* 20 years of days: a timeline longer than this asks for a coarser
 * period rather than a table nobody can read. */
#define DL_TIMELINE_MAX_PERIODS 7400
/* One row of counts over the periods: a query's, or a source's. */
struct dl_timeline_series {
    char *label;             /* the query as given, or the source */
    unsigned long *matching; /* per period (n_periods of them) */
    unsigned long *total;    /* all articles (of the filters) per period */
    unsigned long matches;   /* every match, placed or not */
    unsigned long undated_matching, undated_total;
    /* Dated too coarsely for the period (0 when the period is coarse
     * enough): to the month only (day, week), to the year only (day,
     * week, month). */
    unsigned long month_only_matching, month_only_total;
    unsigned long year_only_matching, year_only_total;
};

struct dl_timeline {
    char *query; /* the query (the first of a comparison), as given */
    enum dl_period period;
    bool by_source;
    bool compare;
    bool filtered;    /* some series' totals are of its filters */
    long first;       /* key of the first period listed */
    size_t n_periods; /* 0: nothing matched */
    struct dl_timeline_series *series;
    size_t n_series;
    double took_ms;
};

struct dl_timeline_req {
    enum dl_period period;
    /* 1 query, or 2..DL_TIMELINE_MAX_QUERIES to compare; each with its
     * own side filters (query, query_len, match_any, date_from, date_to,
     * source, lang are read; the rest is ignored). */
    const struct dl_search_req *queries;
    size_t n_queries;
    bool by_source;          /* one query only */
    /* More periods than DL_TIMELINE_MAX_PERIODS: count by the next longer
     * period (the result's period says which) instead of failing. */
    bool coarsen;
    unsigned long budget_ms; /* CPU time for the whole; 0: no limit */
};

/* dl_timeline_run - the timeline of r into *out (the caller's,
 * dl_timeline_free).  On a query error, *bad (may be NULL) gets the index
 * of the query and *errpos (may be NULL) the byte offset in it.
 * DL_EQUERY bad query; DL_EINVAL bad filter, no query or more than the
 * cap, by_source with a comparison, an empty query, more periods than
 * DL_TIMELINE_MAX_PERIODS even by year or without r->coarsen (the message
 * says which); DL_EBUDGET over
 * r->budget_ms or the wildcard cap; DL_ENOMEM; DL_EMODIFIED when the
 * database kept changing through DL_SEARCH_MAX_RETRIES reopenings; other
 * database errors. */
dl_status dl_timeline_run(dl_searcher *s, const struct dl_timeline_req *r,
                          struct dl_timeline **out, size_t *bad, size_t *errpos,
                          dl_err *err);

/* dl_timeline_free - release; NULL is a no-op. */
void dl_timeline_free(struct dl_timeline *t);

#ifdef __cplusplus
}
#endif

#endif
