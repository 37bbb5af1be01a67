/* dateline-search.c - the command-line searcher (main only).
 *
 * Parses options, calls the searcher library (search.h, or article_view.h
 * for --show) and a renderer, prints, and maps dl_status to an exit code:
 * 0 success (also with no hits), 1 error (database, memory), 2 usage or a
 * query that cannot be run (the message points at the problem), 3 no
 * article has the id given to --show.  Never a signal: every failure is a
 * status from the library.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "article_view.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"
#include "render_json.h"
#include "render_text.h"
#include "search.h"

/* More --db options than this is a mistake, not a cluster. */
#define MAX_DBS 64
/* Exit status of --show for an id that no article has. */
#define EXIT_NO_ARTICLE 3

static void
usage(FILE *f)
{
    fputs("usage: dateline-search [options] QUERY...\n"
          "       dateline-search [--db PATH]... [--format text|json] "
          "--show ID [QUERY...]\n"
          "       dateline-search [--format text|json] --analyze TEXT\n"
          "\n"
          "  --db PATH        database (repeat for shards; default\n"
          "                   $DATELINE_DB, else ./dateline.db)\n"
          "  --limit N        hits per page (1-1000, default 10)\n"
          "  --offset N       hits to skip (0-10000)\n"
          "  --sort ORDER     relevance (default), newest or oldest\n"
          "  --match MODE     all (default) or any word\n"
          "  --no-collapse    show near-duplicate articles separately\n"
          "  --facets         count hits per source, month and language\n"
          "  --format FMT     text (default) or json\n"
          "  --show ID        print the article with this id (as hits show\n"
          "                   it) as stored: metadata, near-duplicates and\n"
          "                   text, the words of QUERY (if any) marked\n"
          "  --analyze TEXT   print the terms the tokenizer makes of TEXT:\n"
          "                   term, position, byte start, byte end\n"
          "  --help           this text\n"
          "\n"
          "Query syntax: words, \"phrases\", AND OR NOT + - ( ), a NEAR/5 b,\n"
          "prefix*, title: source: author: lang: date:2019..2020-06-30\n"
          "Options go before the query; write -- first if the query\n"
          "starts with '-'.\n",
          f);
}

static int
parse_size(const char *opt, const char *s, size_t max, size_t *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 0 ||
        (unsigned long)v > max) {
        dl_error(NULL, 0, "%s takes a number from 0 to %zu, not '%s'", opt, max,
                 s);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/* Show where a query error is: the query and a caret under the byte. */
static void
point_at(const char *q, size_t len, size_t pos)
{
    size_t i;
    size_t col = 0;
    if (len > 200 || pos > len)
        return;
    for (i = 0; i < len; i++) {
        if ((unsigned char)q[i] < 0x20)
            return;
    }
    /* Count code points before pos, so the caret lines up. */
    for (i = 0; i < pos; i++) {
        if (((unsigned char)q[i] & 0xC0) != 0x80)
            col++;
    }
    fprintf(stderr, "  %.*s\n  %*s^\n", (int)len, q, (int)col, "");
}

static int
run_analyze(const char *text, int json)
{
    dl_buf out = DL_BUF_INIT;
    dl_err err;
    int rc = 0;
    if (dl_analyze(text, strlen(text), json, &out, &err) != DL_OK) {
        dl_error(NULL, 0, "%s", err.msg);
        rc = 1;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
        dl_error(NULL, 0, "cannot write output");
        rc = 1;
    }
    dl_buf_free(&out);
    return rc;
}

/* Write out to standard output; 0, or 1 after a message. */
static int
print_out(const dl_buf *out)
{
    if (fwrite(out->data, 1, out->len, stdout) != out->len ||
        fflush(stdout) != 0) {
        dl_error(NULL, 0, "cannot write output");
        return 1;
    }
    return 0;
}

/* --show: the article view of id, the words of query[0..qlen) marked. */
static int
run_show(dl_searcher *s, const char *id, const char *query, size_t qlen,
         int json)
{
    struct dl_view *a = NULL;
    dl_buf out = DL_BUF_INIT;
    dl_err err;
    int rc = 0;
    dl_status st = dl_view_show(s, id, strlen(id), query, qlen, &a, &err);

    if (st == DL_ENOENT || st == DL_EINVAL) {
        dl_error(NULL, 0, "--show: %s", err.msg);
        return st == DL_ENOENT ? EXIT_NO_ARTICLE : 2;
    }
    if (st != DL_OK) {
        dl_error(NULL, 0, "--show failed: %s", err.msg);
        return 1;
    }
    st = json ? dl_render_json_view(a, &out)
              : dl_render_text_view(
                    a, isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL,
                    &out);
    if (st != DL_OK) {
        dl_error(NULL, 0, "out of memory");
        rc = 1;
    } else {
        rc = print_out(&out);
    }
    dl_view_free(a);
    dl_buf_free(&out);
    return rc;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"analyze", required_argument, NULL, 'a'},
        {"db", required_argument, NULL, 'd'},
        {"facets", no_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"limit", required_argument, NULL, 'l'},
        {"match", required_argument, NULL, 'm'},
        {"no-collapse", no_argument, NULL, 'C'},
        {"offset", required_argument, NULL, 'o'},
        {"show", required_argument, NULL, 'S'},
        {"sort", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0}};
    const char *analyze = NULL;
    const char *show = NULL;
    const char *dbs[MAX_DBS];
    size_t ndb = 0;
    int json = 0;
    int c;
    int i;
    dl_buf query = DL_BUF_INIT;
    dl_buf out = DL_BUF_INIT;
    struct dl_search_req req;
    struct dl_result *res = NULL;
    dl_searcher *s = NULL;
    dl_err err;
    size_t errpos = 0;
    dl_status st;
    int rc = 0;

    dl_log_set_program("dateline-search");
    dl_alloc_init_from_env();
    dl_search_req_init(&req);
    /* '+': options end at the first query word, so "grain -drought"
     * excludes a word instead of failing as an unknown option. */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a':
            analyze = optarg;
            break;
        case 'd':
            if (ndb == MAX_DBS) {
                dl_error(NULL, 0, "at most %d --db options", MAX_DBS);
                return 2;
            }
            dbs[ndb++] = optarg;
            break;
        case 'F':
            req.facets = true;
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0) {
                json = 1;
            } else if (strcmp(optarg, "text") == 0) {
                json = 0;
            } else {
                dl_error(NULL, 0, "--format must be text or json, not '%s'",
                         optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'l':
            if (parse_size("--limit", optarg, DL_SEARCH_MAX_LIMIT,
                           &req.limit) != 0)
                return 2;
            if (req.limit == 0) {
                dl_error(NULL, 0, "--limit takes a number from 1 to %d",
                         DL_SEARCH_MAX_LIMIT);
                return 2;
            }
            break;
        case 'm':
            if (strcmp(optarg, "all") == 0) {
                req.match_any = false;
            } else if (strcmp(optarg, "any") == 0) {
                req.match_any = true;
            } else {
                dl_error(NULL, 0, "--match must be all or any, not '%s'",
                         optarg);
                return 2;
            }
            break;
        case 'C':
            req.no_collapse = true;
            break;
        case 'o':
            if (parse_size("--offset", optarg, DL_SEARCH_MAX_OFFSET,
                           &req.offset) != 0)
                return 2;
            break;
        case 'S':
            show = optarg;
            break;
        case 's':
            if (strcmp(optarg, "relevance") == 0) {
                req.sort = DL_SORT_RELEVANCE;
            } else if (strcmp(optarg, "newest") == 0) {
                req.sort = DL_SORT_NEWEST;
            } else if (strcmp(optarg, "oldest") == 0) {
                req.sort = DL_SORT_OLDEST;
            } else {
                dl_error(NULL, 0,
                         "--sort must be relevance, newest or oldest, "
                         "not '%s'",
                         optarg);
                return 2;
            }
            break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (analyze != NULL)
        return run_analyze(analyze, json);
    if (optind >= argc && show == NULL) {
        usage(stderr);
        return 2;
    }
    for (i = optind; i < argc; i++) {
        if ((i > optind && dl_buf_putc(&query, ' ') != DL_OK) ||
            dl_buf_puts(&query, argv[i]) != DL_OK) {
            dl_error(NULL, 0, "out of memory");
            rc = 1;
            goto out;
        }
    }
    if (ndb == 0) {
        const char *env = getenv("DATELINE_DB");
        dbs[ndb++] = env != NULL && *env != '\0' ? env : "./dateline.db";
    }
    req.query = query.data;
    req.query_len = query.len;
    st = dl_searcher_open(dbs, ndb, &s, &err);
    if (st != DL_OK) {
        dl_error(ndb == 1 ? dbs[0] : NULL, 0, "cannot open the database: %s",
                 err.msg);
        rc = 1;
        goto out;
    }
    if (show != NULL) {
        rc = run_show(s, show, query.data, query.len, json);
        goto out;
    }
    st = dl_searcher_run(s, &req, &res, &errpos, &err);
    if (st == DL_EQUERY || st == DL_EINVAL || st == DL_EBUDGET) {
        dl_error(NULL, 0, "query: %s", err.msg);
        if (st == DL_EQUERY || errpos > 0)
            point_at(query.data, query.len, errpos);
        rc = 2;
        goto out;
    }
    if (st != DL_OK) {
        dl_error(NULL, 0, "search failed: %s", err.msg);
        rc = 1;
        goto out;
    }
    if (res->empty_query) {
        dl_error(NULL, 0, "query: nothing to search for");
        rc = 2;
        goto out;
    }
    st = json ? dl_render_json(res, &out)
              : dl_render_text(
                    res, isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL,
                    &out);
    if (st != DL_OK) {
        dl_error(NULL, 0, "out of memory");
        rc = 1;
        goto out;
    }
    rc = print_out(&out);
out:
    dl_result_free(res);
    dl_searcher_close(s);
    dl_buf_free(&query);
    dl_buf_free(&out);
    return rc;
}
