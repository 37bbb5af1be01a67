/* dl-tlbench.c - in-process timings of timelines against a plain search.
 *
 * Issue 25 asks that a month timeline of a common word, and a comparison
 * of two queries, answer within a small multiple of a plain top-10
 * search.  One process opens the database once, runs each case once
 * untimed, then REPS times, and prints "case<TAB>median ms<TAB>min ms"
 * for: the plain search (dl_searcher_run as dateline-search runs it:
 * snippets and suggestion, no facets), the same with facets (what the
 * CGI page asks for, a count over every match too), the month timeline
 * of the query, a comparison of it with a second query, and its timeline
 * by source.  A bench tool like dl-qbench.c: make builds it so that an
 * API change that breaks it fails the build; as a main it may exit on
 * errors.
 *
 * usage: dl-tlbench DB REPS [QUERY [SECOND]]   (default: oil, coffee)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search.h"
#include "timeline.h"

#define MAX_REPS 1000

enum bench_case { PLAIN, FACETS, TIMELINE, COMPARE, BY_SOURCE, N_CASES };

static const char *const case_names[N_CASES] = {
    "search-top10", "search-facets", "timeline-month", "compare-2-month",
    "timeline-by-source"};

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what, const dl_err *err)
{
    fprintf(stderr, "dl-tlbench: %s: %s\n", what, err->msg);
    exit(1);
}

/* One run of case c; its time in milliseconds. */
static double
run_case(dl_searcher *s, enum bench_case c, const char *q1, const char *q2)
{
    struct dl_search_req r[2];
    struct dl_timeline_req tr;
    struct dl_result *res = NULL;
    struct dl_timeline *tl = NULL;
    dl_err err;
    double t0;
    double t;

    dl_search_req_init(&r[0]);
    r[0].query = q1;
    r[0].query_len = strlen(q1);
    r[1] = r[0];
    r[1].query = q2;
    r[1].query_len = strlen(q2);
    memset(&tr, 0, sizeof tr);
    tr.period = DL_PERIOD_MONTH;
    tr.queries = r;
    tr.n_queries = c == COMPARE ? 2 : 1;
    tr.by_source = c == BY_SOURCE;
    r[0].facets = c == FACETS;
    t0 = now_ms();
    if (c == PLAIN || c == FACETS) {
        if (dl_searcher_run(s, &r[0], &res, NULL, &err) != DL_OK)
            die("search", &err);
    } else if (dl_timeline_run(s, &tr, &tl, NULL, NULL, &err) != DL_OK) {
        die("timeline", &err);
    }
    t = now_ms() - t0;
    dl_result_free(res);
    dl_timeline_free(tl);
    return t;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    static double times[MAX_REPS];
    const char *spec;
    dl_searcher *s = NULL;
    dl_err err;
    long reps;
    int c;
    long i;

    if (argc < 3) {
        fprintf(stderr, "usage: dl-tlbench DB REPS [QUERY [SECOND]]\n");
        return 2;
    }
    spec = argv[1];
    reps = strtol(argv[2], NULL, 10);
    if (reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "dl-tlbench: REPS is 1 to %d\n", MAX_REPS);
        return 2;
    }
    if (dl_searcher_open(&spec, 1, &s, &err) != DL_OK)
        die("open", &err);
    for (c = 0; c < N_CASES; c++) {
        const char *q1 = argc > 3 ? argv[3] : "oil";
        const char *q2 = argc > 4 ? argv[4] : "coffee";
        run_case(s, (enum bench_case)c, q1, q2);
        for (i = 0; i < reps; i++)
            times[i] = run_case(s, (enum bench_case)c, q1, q2);
        qsort(times, (size_t)reps, sizeof *times, cmp_double);
        printf("%s\t%.3f\t%.3f\n", case_names[c], times[reps / 2], times[0]);
    }
    dl_searcher_close(s);
    return 0;
}
