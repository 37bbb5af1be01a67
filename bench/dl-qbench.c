/* dl-qbench.c - in-process query timings of Dateline's libraries.
 *
 * The counterpart of "xapian-floor query": one process opens the database
 * once and runs the benchmark's query mix REPS times (after one untimed
 * warm-up pass), printing "id<TAB>ms<TAB>hits" per run, so per-process
 * start-up cost is out of the figure.  Four modes measure four layers:
 *   full      dl_searcher_run with snippets, facets and the "did you mean"
 *             suggestion (what the CGI page asks for)
 *   cli       dl_searcher_run with snippets and the suggestion, no facets
 *             (what dateline-search does by default)
 *   collapse  raw, with near-duplicates collapsed as dl_searcher_run does
 *   raw       the query parser and dl_search for the top 10, hit data
 *             read, and nothing else: the floor's job (its QueryParser +
 *             Enquire loop does not collapse either), so this is the
 *             like-for-like figure.  The search.h API has no switch for
 *             snippets, so raw and collapse go one layer down (query.h,
 *             dl_xapian.h).
 * A bench tool: bench/run.sh compiles it against a release build's .a
 * files and Debian's shared libxapian, like the floor; make builds it too,
 * only so that an API change that breaks it fails the build.  As a main it
 * may exit on errors.
 *
 * usage: dl-qbench DB MIXFILE REPS full|cli|collapse|raw
 * MIXFILE lines: "id<TAB>and|or<TAB>query" (Dateline's query syntax).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "query.h"
#include "search.h"

/* The mix is ~40 lines; more is a wrong file. */
#define MAX_QUERIES 1000

struct mixq {
    char id[64];
    bool any;
    char text[1024];
};

enum mode { MODE_FULL, MODE_CLI, MODE_COLLAPSE, MODE_RAW };

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
    fprintf(stderr, "dl-qbench: %s: %s\n", what, err->msg);
    exit(1);
}

/* Copy src into dst[size], cut to fit (ids and queries are short). */
static void
copy_field(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Read the mix; returns the number of queries. */
static size_t
read_mix(const char *path, struct mixq *mix)
{
    char line[1200];
    size_t n = 0;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        fprintf(stderr, "dl-qbench: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    while (n < MAX_QUERIES && fgets(line, sizeof line, f) != NULL) {
        char *op;
        char *text;
        line[strcspn(line, "\n")] = '\0';
        op = strchr(line, '\t');
        if (op == NULL)
            continue;
        *op++ = '\0';
        text = strchr(op, '\t');
        if (text == NULL)
            continue;
        *text++ = '\0';
        copy_field(mix[n].id, sizeof mix[n].id, line);
        mix[n].any = strcmp(op, "or") == 0;
        copy_field(mix[n].text, sizeof mix[n].text, text);
        n++;
    }
    fclose(f);
    return n;
}

/* One search through search.h; returns the number of hits. */
static size_t
run_searcher(dl_searcher *s, const struct mixq *q, bool facets)
{
    struct dl_search_req req;
    struct dl_result *res = NULL;
    dl_err err;
    size_t n;

    dl_search_req_init(&req);
    req.query = q->text;
    req.query_len = strlen(q->text);
    req.match_any = q->any;
    req.facets = facets;
    if (dl_searcher_run(s, &req, &res, NULL, &err) != DL_OK)
        die(q->text, &err);
    n = res->n_hits;
    dl_result_free(res);
    return n;
}

/* One search one layer down: parse, top 10 (near-duplicates collapsed when
 * collapse is set), read the hits' data; returns the number of hits. */
static size_t
run_raw(dl_db *db, dl_query_parser *qp, const struct mixq *q, bool collapse)
{
    struct dl_query_options qo;
    struct dl_parsed_query *pq = NULL;
    struct dl_search_opts so;
    dl_mset *m = NULL;
    struct dl_hit hit;
    size_t i;
    size_t n;
    size_t bytes = 0;
    dl_err err;

    dl_query_options_init(&qo);
    qo.match_any = q->any;
    if (dl_query_parser_parse(qp, q->text, strlen(q->text), &qo, &pq, NULL,
                              &err) != DL_OK)
        die(q->text, &err);
    dl_search_opts_init(&so);
    so.limit = 10;
    so.collapse_slot = collapse ? DL_SLOT_CLUSTER : -1;
    if (dl_search(db, pq->query, &so, &m, &err) != DL_OK)
        die(q->text, &err);
    n = dl_mset_count(m);
    for (i = 0; i < n; i++) {
        if (dl_mset_hit(m, i, &hit) == DL_OK)
            bytes += hit.data_len;
    }
    dl_mset_free(m);
    dl_parsed_query_free(pq);
    return bytes > 0 ? n : 0;
}

int
main(int argc, char **argv)
{
    static struct mixq mix[MAX_QUERIES];
    const char *spec;
    dl_searcher *s = NULL;
    dl_query_parser *qp = NULL;
    enum mode mode;
    size_t nq;
    size_t i;
    long reps;
    long r;
    char *end;
    dl_err err;

    if (argc != 5) {
        fputs("usage: dl-qbench DB MIXFILE REPS full|cli|collapse|raw\n",
              stderr);
        return 2;
    }
    spec = argv[1];
    errno = 0;
    reps = strtol(argv[3], &end, 10);
    if (errno != 0 || *end != '\0' || reps < 1) {
        fputs("dl-qbench: REPS must be a positive number\n", stderr);
        return 2;
    }
    if (strcmp(argv[4], "full") == 0) {
        mode = MODE_FULL;
    } else if (strcmp(argv[4], "cli") == 0) {
        mode = MODE_CLI;
    } else if (strcmp(argv[4], "collapse") == 0) {
        mode = MODE_COLLAPSE;
    } else if (strcmp(argv[4], "raw") == 0) {
        mode = MODE_RAW;
    } else {
        fputs("dl-qbench: mode is full, cli, collapse or raw\n", stderr);
        return 2;
    }
    nq = read_mix(argv[2], mix);
    if (dl_searcher_open(&spec, 1, &s, &err) != DL_OK)
        die(spec, &err);
    if (mode == MODE_RAW || mode == MODE_COLLAPSE)
        qp = dl_searcher_parser(s);
    for (r = -1; r < reps; r++) {
        for (i = 0; i < nq; i++) {
            double t0 = now_ms();
            size_t hits;
            if (mode == MODE_RAW || mode == MODE_COLLAPSE)
                hits = run_raw(dl_searcher_db(s), qp, &mix[i],
                               mode == MODE_COLLAPSE);
            else
                hits = run_searcher(s, &mix[i], mode == MODE_FULL);
            if (r >= 0)
                printf("%s\t%.6f\t%zu\n", mix[i].id, now_ms() - t0, hits);
        }
    }
    dl_searcher_close(s);
    return 0;
}
