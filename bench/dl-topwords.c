/* dl-topwords.c - in-process figures for top words (searcher/topwords.h).
 *
 *   dl-topwords time DB REPS N QUERY...
 *       per query: the median CPU time over REPS runs (after one untimed
 *       warm-up) of a plain search (dl_searcher_run, top 10 with snippets
 *       and the suggestion: what dateline-search prints) and of
 *       dl_topwords_run for N words, and their ratio; the environment's
 *       TW_SAMPLE (a sample size) and TW_BEST (set: the best by relevance
 *       instead of evenly spaced) choose the sampling timed.
 *   dl-topwords quality DB N QUERY...
 *       per query: the words of each sampling (the 1,000 best by
 *       relevance; 1,000, 500 and 250 evenly spaced over all matches;
 *       Bo1 weights on the best 1,000) and how many
 *       of its N words the words of the whole matching set share (the
 *       whole set is what the issue asks about; a sample is an estimate of
 *       it).
 * A bench tool, as dl-qbench: make builds it so that an API change that
 * breaks it fails the build; as a main it may exit on errors.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "search.h"
#include "topwords.h"

#define MAX_REPS 1000

static double
now_ms(void)
{
    struct timespec ts;
    /* CPU time: the build machine is shared, and wall time there
     * measures the neighbours as much as the code. */
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what, const dl_err *err)
{
    fprintf(stderr, "dl-topwords: %s: %s\n", what, err->msg);
    exit(1);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* TW_XAPIAN set: the ESet through Xapian's get_eset. */
static bool use_xapian;

static struct dl_topwords *
words(dl_searcher *s, const char *q, size_t n, size_t sample, bool best,
      bool bo1)
{
    struct dl_search_req r;
    struct dl_topwords_opts o;
    struct dl_topwords *tw = NULL;
    dl_err err;
    dl_search_req_init(&r);
    r.query = q;
    r.query_len = strlen(q);
    dl_topwords_opts_init(&o);
    o.n = n;
    o.sample = sample;
    o.best = best;
    o.bo1 = bo1;
    o.xapian = use_xapian;
    if (dl_topwords_run(s, &r, &o, &tw, NULL, &err) != DL_OK)
        die(q, &err);
    return tw;
}

static double
time_search(dl_searcher *s, const char *q)
{
    struct dl_search_req r;
    struct dl_result *res = NULL;
    dl_err err;
    double t0 = now_ms();
    dl_search_req_init(&r);
    r.query = q;
    r.query_len = strlen(q);
    if (dl_searcher_run(s, &r, &res, NULL, &err) != DL_OK)
        die(q, &err);
    dl_result_free(res);
    return now_ms() - t0;
}

/* The sampling timed: TW_SAMPLE (0: the default) and TW_BEST (set: the
 * best by relevance) from the environment. */
static size_t sample_size;
static bool sample_best;

static double
time_words(dl_searcher *s, const char *q, size_t n)
{
    double t0 = now_ms();
    dl_topwords_free(words(s, q, n, sample_size, sample_best, false));
    return now_ms() - t0;
}

static void
run_time(dl_searcher *s, int reps, size_t n, char **qs, int nq)
{
    static double a[MAX_REPS], b[MAX_REPS];
    int i;
    int k;
    printf("query\tmatches\tsearch_ms\ttopwords_ms\tratio\n");
    for (i = 0; i < nq; i++) {
        struct dl_topwords *tw =
            words(s, qs[i], n, sample_size, sample_best, false);
        unsigned long matches = tw->matches;
        dl_topwords_free(tw);
        time_search(s, qs[i]);
        for (k = 0; k < reps; k++) {
            a[k] = time_search(s, qs[i]);
            b[k] = time_words(s, qs[i], n);
        }
        qsort(a, (size_t)reps, sizeof a[0], cmp_double);
        qsort(b, (size_t)reps, sizeof b[0], cmp_double);
        printf("%s\t%lu\t%.2f\t%.2f\t%.1f\n", qs[i], matches, a[reps / 2],
               b[reps / 2], b[reps / 2] / a[reps / 2]);
    }
}

/* How many of a's words b has too (by stem). */
static size_t
shared(const struct dl_topwords *a, const struct dl_topwords *b)
{
    size_t i;
    size_t j;
    size_t n = 0;
    for (i = 0; i < a->n; i++) {
        for (j = 0; j < b->n; j++) {
            if (strcmp(a->words[i].stem, b->words[j].stem) == 0) {
                n++;
                break;
            }
        }
    }
    return n;
}

static void
print_words(const char *label, const struct dl_topwords *tw,
            const struct dl_topwords *ref)
{
    size_t i;
    printf("  %-10s %2zu/%zu  sample %zu:", label, shared(tw, ref), ref->n,
           tw->sample);
    for (i = 0; i < tw->n; i++)
        printf(" %s", tw->words[i].word);
    printf("\n");
}

static void
run_quality(dl_searcher *s, size_t n, char **qs, int nq)
{
    int i;
    for (i = 0; i < nq; i++) {
        struct dl_topwords *all = words(s, qs[i], n, 10000000, false, false);
        struct dl_topwords *v[5];
        static const char *const label[5] = {"best1000", "spread1000",
                                             "spread500", "spread250",
                                             "bo1-1000"};
        int k;
        v[0] = words(s, qs[i], n, 1000, true, false);
        v[1] = words(s, qs[i], n, 1000, false, false);
        v[2] = words(s, qs[i], n, 500, false, false);
        v[3] = words(s, qs[i], n, 250, false, false);
        v[4] = words(s, qs[i], n, 1000, true, true);
        printf("%s: %lu matches\n", qs[i], all->matches);
        print_words("all", all, all);
        for (k = 0; k < 5; k++) {
            print_words(label[k], v[k], all);
            dl_topwords_free(v[k]);
        }
        dl_topwords_free(all);
    }
}

int
main(int argc, char **argv)
{
    const char *spec;
    dl_searcher *s = NULL;
    dl_err err;
    bool timing;
    if (argc < 5 || (strcmp(argv[1], "time") != 0 &&
                     strcmp(argv[1], "quality") != 0)) {
        fputs("usage: dl-topwords time DB REPS N QUERY...\n"
              "       dl-topwords quality DB N QUERY...\n",
              stderr);
        return 2;
    }
    timing = strcmp(argv[1], "time") == 0;
    if (getenv("TW_SAMPLE") != NULL)
        sample_size = (size_t)strtol(getenv("TW_SAMPLE"), NULL, 10);
    sample_best = getenv("TW_BEST") != NULL;
    use_xapian = getenv("TW_XAPIAN") != NULL;
    spec = argv[2];
    if (dl_searcher_open(&spec, 1, &s, &err) != DL_OK)
        die(spec, &err);
    if (timing) {
        int reps = (int)strtol(argv[3], NULL, 10);
        if (argc < 6 || reps < 1 || reps > MAX_REPS)
            return 2;
        run_time(s, reps, (size_t)strtol(argv[4], NULL, 10), argv + 5, argc - 5);
    } else {
        run_quality(s, (size_t)strtol(argv[3], NULL, 10), argv + 4, argc - 4);
    }
    dl_searcher_close(s);
    return 0;
}
