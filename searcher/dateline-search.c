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
#include "export.h"
#include "render_csv.h"
#include "render_feed.h"
#include "render_json.h"
#include "render_text.h"
#include "render_timeline.h"
#include "search.h"
#include "timeline.h"
#include "topwords.h"

/* More --db options than this is a mistake, not a cluster. */
#define MAX_DBS 64
/* Exit status of --show for an id that no article has. */
#define EXIT_NO_ARTICLE 3
/* --all: a progress line on stderr every this many articles
 * ($DATELINE_PROGRESS_EVERY overrides it; 0: none). */
#define PROGRESS_EVERY 10000

/* --format, in the order of the option's words. */
enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_ATOM };

static void
usage(FILE *f)
{
    fputs("usage: dateline-search [options] QUERY...\n"
          "       dateline-search [--db PATH]... [--format text|json] "
          "--show ID [QUERY...]\n"
          "       dateline-search [options] [--format text|json|csv] "
          "--top-words N QUERY...\n"
          "       dateline-search [--format text|json] --analyze TEXT\n"
          "       dateline-search [--db PATH]... [--format text|json|csv]\n"
          "           --timeline PERIOD [--by source] QUERY...\n"
          "       dateline-search [--db PATH]... [--format text|json|csv]\n"
          "           [--timeline PERIOD] --compare Q1 --compare Q2...\n"
          "\n"
          "  --db PATH        database (repeat for shards; default\n"
          "                   $DATELINE_DB, else ./dateline.db)\n"
          "  --limit N        hits per page (1-1000, default 10)\n"
          "  --offset N       hits to skip (0-10000)\n"
          "  --sort ORDER     relevance (default), newest or oldest\n"
          "  --match MODE     all (default) or any word\n"
          "  --exact-script   no cross-script matching: Tokayev does not\n"
          "                   find Токаев (as '=' before every word)\n"
          "  --no-collapse    show near-duplicate articles separately\n"
          "  --facets         count hits per source, month and language\n"
          "  --format FMT     text (default), json, csv (one row per hit,\n"
          "                   word or period) or atom (an\n"
          "                   Atom feed, newest first)\n"
          "  --all            every matching article, written as it goes\n"
          "                   (text, json or csv; no --limit or --offset;\n"
          "                   progress on stderr)\n"
          "  --base-url URL   the address of the search page, for the\n"
          "                   links of --format atom (default\n"
          "                   $DATELINE_BASE_URL)\n"
          "  --top-words N    instead of hits, the N words (1-100) that set\n"
          "                   the matching articles apart from the archive\n"
          "  --timeline PERIOD  matching and all articles per day, week,\n"
          "                   month or year, over every match (text, json\n"
          "                   or csv)\n"
          "  --by source      the timeline per source (top 10, other)\n"
          "  --compare QUERY  a timeline of each of 2 to 5 --compare\n"
          "                   queries side by side (default PERIOD month)\n"
          "  --show ID        print the article with this id (as hits show\n"
          "                   it) as stored: metadata, near-duplicates and\n"
          "                   text, the words of QUERY (if any) marked\n"
          "  --analyze TEXT   print the terms the tokenizer makes of TEXT:\n"
          "                   term, position, byte start, byte end and\n"
          "                   cross-script key\n"
          "  --help           this text\n"
          "\n"
          "Query syntax: words, \"phrases\", AND OR NOT + - = ( ), a NEAR/5 b,\n"
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

/* The command line, as read. */
struct cli {
    const char *analyze; /* --analyze TEXT, or NULL */
    const char *show;    /* --show ID, or NULL */
    const char *dbs[MAX_DBS];
    size_t ndb;
    int json;                 /* --format json */
    enum out_format format;   /* --format */
    bool all;                 /* --all */
    bool paged;               /* --limit or --offset given */
    const char *base_url;     /* --base-url, or NULL */
    size_t top_words;         /* --top-words N, 0: hits */
    bool timeline;            /* --timeline or --compare */
    enum dl_period period;    /* --timeline PERIOD (month by default) */
    bool by_source;           /* --by source */
    const char *compare[DL_TIMELINE_MAX_QUERIES];
    size_t ncompare;
    struct dl_search_req req; /* the other options; query set later */
};

/* One word of --format, --match or --sort: the index of arg in words
 * (NULL-terminated), or -1 after a message naming the option. */
static int
one_of(const char *opt, const char *arg, const char *const *words,
       const char *rule)
{
    int k;
    for (k = 0; words[k] != NULL; k++) {
        if (strcmp(arg, words[k]) == 0)
            return k;
    }
    dl_error(NULL, 0, "%s must be %s, not '%s'", opt, rule, arg);
    return -1;
}

/* One option c with its argument into cli; -1 when taken, else the exit
 * status to end with (0 for --help). */
static int
apply_option(struct cli *cli, int c, const char *arg)
{
    static const char *const formats[] = {"text", "json", "csv", "atom", NULL};
    static const char *const bys[] = {"source", NULL};
    static const char *const matches[] = {"all", "any", NULL};
    static const char *const sorts[] = {"relevance", "newest", "oldest", NULL};
    int k;

    switch (c) {
    case 'a':
        cli->analyze = arg;
        return -1;
    case 'd':
        if (cli->ndb == MAX_DBS) {
            dl_error(NULL, 0, "at most %d --db options", MAX_DBS);
            return 2;
        }
        cli->dbs[cli->ndb++] = arg;
        return -1;
    case 'F':
        cli->req.facets = true;
        return -1;
    case 'f':
        k = one_of("--format", arg, formats, "text, json, csv or atom");
        if (k < 0)
            return 2;
        cli->format = (enum out_format)k;
        cli->json = cli->format == OUT_JSON;
        return -1;
    case 'A':
        cli->all = true;
        return -1;
    case 'B':
        cli->base_url = arg;
        return -1;
    case 'M':
        if (!dl_period_parse(arg, &cli->period)) {
            dl_error(NULL, 0,
                     "--timeline must be day, week, month or year, not '%s'",
                     arg);
            return 2;
        }
        cli->timeline = true;
        return -1;
    case 'y':
        if (one_of("--by", arg, bys, "source") < 0)
            return 2;
        cli->by_source = true;
        return -1;
    case 'c':
        if (cli->ncompare == DL_TIMELINE_MAX_QUERIES) {
            dl_error(NULL, 0, "--compare takes at most %d queries",
                     DL_TIMELINE_MAX_QUERIES);
            return 2;
        }
        cli->compare[cli->ncompare++] = arg;
        cli->timeline = true;
        return -1;
    case 'h':
        usage(stdout);
        return 0;
    case 'l':
        cli->paged = true;
        if (parse_size("--limit", arg, DL_SEARCH_MAX_LIMIT, &cli->req.limit) !=
            0)
            return 2;
        if (cli->req.limit == 0) {
            dl_error(NULL, 0, "--limit takes a number from 1 to %d",
                     DL_SEARCH_MAX_LIMIT);
            return 2;
        }
        return -1;
    case 'm':
        k = one_of("--match", arg, matches, "all or any");
        if (k < 0)
            return 2;
        cli->req.match_any = k == 1;
        return -1;
    case 'C':
        cli->req.no_collapse = true;
        return -1;
    case 'x':
        cli->req.exact_script = true;
        return -1;
    case 'o':
        cli->paged = true;
        if (parse_size("--offset", arg, DL_SEARCH_MAX_OFFSET,
                       &cli->req.offset) != 0)
            return 2;
        return -1;
    case 'S':
        cli->show = arg;
        return -1;
    case 'T':
        if (parse_size("--top-words", arg, DL_TOPWORDS_MAX, &cli->top_words) !=
                0 ||
            cli->top_words == 0) {
            if (cli->top_words == 0)
                dl_error(NULL, 0, "--top-words takes a number from 1 to %d",
                         DL_TOPWORDS_MAX);
            return 2;
        }
        return -1;
    case 's':
        /* The words are in dl_sort's order. */
        k = one_of("--sort", arg, sorts, "relevance, newest or oldest");
        if (k < 0)
            return 2;
        cli->req.sort = (dl_sort)k;
        return -1;
    default:
        usage(stderr);
        return 2;
    }
}

/* The options of argv into cli (from dl_search_req_init); -1 when the
 * program goes on with argv[optind..] as the query, else the exit
 * status to end with. */
static int
read_options(int argc, char **argv, struct cli *cli)
{
    static const struct option longopts[] = {
        {"all", no_argument, NULL, 'A'},
        {"analyze", required_argument, NULL, 'a'},
        {"base-url", required_argument, NULL, 'B'},
        {"by", required_argument, NULL, 'y'},
        {"compare", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},
        {"exact-script", no_argument, NULL, 'x'},
        {"facets", no_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"limit", required_argument, NULL, 'l'},
        {"match", required_argument, NULL, 'm'},
        {"no-collapse", no_argument, NULL, 'C'},
        {"offset", required_argument, NULL, 'o'},
        {"show", required_argument, NULL, 'S'},
        {"sort", required_argument, NULL, 's'},
        {"timeline", required_argument, NULL, 'M'},
        {"top-words", required_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    int c;

    /* '+': options end at the first query word, so "grain -drought"
     * excludes a word instead of failing as an unknown option. */
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        int rc = apply_option(cli, c, optarg);
        if (rc >= 0)
            return rc;
    }
    return -1;
}

/* Whether the terminal takes bold highlights. */
static bool
ansi_out(void)
{
    return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
}

/* res in the format of cli into out. */
static dl_status
render(const struct cli *cli, const struct dl_result *res, dl_buf *out)
{
    struct dl_feed_search fs;
    switch (cli->format) {
    case OUT_JSON:
        return dl_render_json(res, out);
    case OUT_CSV:
        return dl_render_csv(res, out);
    case OUT_ATOM:
        memset(&fs, 0, sizeof fs);
        fs.q = cli->req.query;
        fs.q_len = cli->req.query_len;
        return dl_render_atom(res, &fs, cli->base_url, out);
    case OUT_TEXT:
    default:
        return dl_render_text(res, ansi_out(), out);
    }
}

/* A search or an export that could not run: the message, and the exit
 * status (2 for the query, 1 for the rest). */
static int
refused(const struct cli *cli, dl_status st, size_t errpos, const dl_err *err)
{
    if (st == DL_EQUERY || st == DL_EINVAL || st == DL_EBUDGET) {
        dl_error(NULL, 0, "query: %s", err->msg);
        if (st == DL_EQUERY || errpos > 0)
            point_at(cli->req.query, cli->req.query_len, errpos);
        return 2;
    }
    dl_error(NULL, 0, "search failed: %s", err->msg);
    return 1;
}

/* --all's progress line on stderr. */
static void
progress_line(void *ctx, unsigned long done, unsigned long total, bool last)
{
    (void)ctx;
    if (last)
        fprintf(stderr, "dateline-search: exported %lu articles\n", done);
    else
        fprintf(stderr, "dateline-search: exported %lu of %lu articles\n", done,
                total);
}

/* Every progress_every articles: PROGRESS_EVERY, or
 * $DATELINE_PROGRESS_EVERY when it is a number. */
static unsigned long
progress_every(void)
{
    const char *env = getenv("DATELINE_PROGRESS_EVERY");
    char *end;
    long v;
    if (env == NULL || *env == '\0')
        return PROGRESS_EVERY;
    errno = 0;
    v = strtol(env, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0)
        return PROGRESS_EVERY;
    return (unsigned long)v;
}

/* --all: every match of cli->req written as it goes; the exit status. */
static int
run_export(dl_searcher *s, const struct cli *cli)
{
    static const enum dl_export_format formats[] = {
        DL_EXPORT_TEXT, DL_EXPORT_JSON, DL_EXPORT_CSV};
    dl_export *e = NULL;
    size_t errpos = 0;
    dl_err err;
    dl_status st;

    st =
        dl_export_open(s, &cli->req, cli->format != OUT_CSV, &e, &errpos, &err);
    if (st != DL_OK)
        return refused(cli, st, errpos, &err);
    if (dl_export_result(e)->empty_query) {
        dl_error(NULL, 0, "query: nothing to search for");
        dl_export_free(e);
        return 2;
    }
    st = dl_export_write(e, formats[cli->format], ansi_out(), stdout,
                         progress_every(), progress_line, NULL, &err);
    dl_export_free(e);
    if (st != DL_OK) {
        dl_error(NULL, 0, "export failed: %s", err.msg);
        return 1;
    }
    return 0;
}

/* The search of cli->req printed in its format: the exit status. */
static int
run_search(dl_searcher *s, const struct cli *cli)
{
    struct dl_result *res = NULL;
    dl_buf out = DL_BUF_INIT;
    size_t errpos = 0;
    dl_err err;
    dl_status st;
    int rc;

    st = dl_searcher_run(s, &cli->req, &res, &errpos, &err);
    if (st != DL_OK)
        return refused(cli, st, errpos, &err);
    if (res->empty_query) {
        dl_error(NULL, 0, "query: nothing to search for");
        dl_result_free(res);
        return 2;
    }
    st = render(cli, res, &out);
    if (st != DL_OK) {
        dl_error(NULL, 0, "out of memory");
        rc = 1;
    } else {
        rc = print_out(&out);
    }
    dl_result_free(res);
    dl_buf_free(&out);
    return rc;
}

/* Options that do not go together, and what --format atom needs: 0, or
 * 2 after a message.  --format atom lists newest first whatever --sort
 * says: a feed is read for what is new. */
static int
check_combination(struct cli *cli)
{
    const char *env = getenv("DATELINE_BASE_URL");
    if (cli->all && (cli->show != NULL || cli->paged || cli->req.facets ||
                     cli->format == OUT_ATOM)) {
        dl_error(NULL, 0,
                 "--all writes every matching article as text, "
                 "json or csv: it takes no --show, --limit, "
                 "--offset, --facets or --format atom");
        return 2;
    }
    if (cli->top_words > 0 &&
        (cli->show != NULL || cli->all || cli->format == OUT_ATOM)) {
        dl_error(NULL, 0,
                 "--top-words prints words as text, json or csv: it "
                 "takes no --show, --all or --format atom");
        return 2;
    }
    if (cli->format != OUT_ATOM)
        return 0;
    if (cli->show != NULL) {
        dl_error(NULL, 0, "--show prints text or json, not atom");
        return 2;
    }
    if (cli->base_url == NULL && env != NULL && *env != '\0')
        cli->base_url = env;
    if (cli->base_url == NULL || !dl_feed_base_ok(cli->base_url)) {
        dl_error(NULL, 0,
                 "--format atom needs the address of the search "
                 "page for its links: --base-url URL or "
                 "DATELINE_BASE_URL, an http(s) URL without '?' "
                 "or '#'");
        return 2;
    }
    cli->req.sort = DL_SORT_NEWEST;
    return 0;
}

/* --top-words: the words of cli->req's matches as text, JSON or CSV: the
 * exit status, as run_search's. */
static int
run_topwords(dl_searcher *s, const struct cli *cli)
{
    struct dl_topwords_opts o;
    struct dl_topwords *tw = NULL;
    dl_buf out = DL_BUF_INIT;
    size_t errpos = 0;
    dl_err err;
    dl_status st;
    int rc;

    dl_topwords_opts_init(&o);
    o.n = cli->top_words;
    st = dl_topwords_run(s, &cli->req, &o, &tw, &errpos, &err);
    if (st == DL_EQUERY || st == DL_EINVAL || st == DL_EBUDGET) {
        dl_error(NULL, 0, "query: %s", err.msg);
        if (st == DL_EQUERY || errpos > 0)
            point_at(cli->req.query, cli->req.query_len, errpos);
        return 2;
    }
    if (st != DL_OK) {
        dl_error(NULL, 0, "top words failed: %s", err.msg);
        return 1;
    }
    if (tw->empty_query) {
        dl_error(NULL, 0, "query: nothing to search for");
        dl_topwords_free(tw);
        return 2;
    }
    st = cli->json  ? dl_render_json_topwords(tw, &out)
         : cli->format == OUT_CSV ? dl_render_csv_topwords(tw, &out)
                    : dl_render_text_topwords(tw, &out);
    if (st != DL_OK) {
        dl_error(NULL, 0, "out of memory");
        rc = 1;
    } else {
        rc = print_out(&out);
    }
    dl_topwords_free(tw);
    dl_buf_free(&out);
    return rc;
}

/* The timeline (--timeline, --compare) of cli printed as text, JSON or
 * CSV: the exit status. */
static int
run_timeline(dl_searcher *s, const struct cli *cli)
{
    struct dl_search_req qs[DL_TIMELINE_MAX_QUERIES];
    struct dl_timeline_req tr;
    struct dl_timeline *tl = NULL;
    dl_buf out = DL_BUF_INIT;
    size_t bad = 0;
    size_t errpos = 0;
    size_t i;
    dl_err err;
    dl_status st;
    int rc;

    memset(&tr, 0, sizeof tr);
    tr.period = cli->period;
    tr.by_source = cli->by_source;
    tr.queries = qs;
    tr.n_queries = cli->ncompare > 0 ? cli->ncompare : 1;
    for (i = 0; i < tr.n_queries; i++) {
        qs[i] = cli->req;
        if (cli->ncompare > 0) {
            qs[i].query = cli->compare[i];
            qs[i].query_len = strlen(cli->compare[i]);
        }
    }
    st = dl_timeline_run(s, &tr, &tl, &bad, &errpos, &err);
    if (st == DL_EQUERY || st == DL_EINVAL || st == DL_EBUDGET) {
        if (tr.n_queries > 1)
            dl_error(NULL, 0, "query %zu: %s", bad + 1, err.msg);
        else
            dl_error(NULL, 0, "query: %s", err.msg);
        if (st == DL_EQUERY || errpos > 0)
            point_at(qs[bad].query, qs[bad].query_len, errpos);
        return 2;
    }
    if (st != DL_OK) {
        dl_error(NULL, 0, "timeline failed: %s", err.msg);
        return 1;
    }
    st = cli->json  ? dl_render_timeline_json(tl, &out)
         : cli->format == OUT_CSV ? dl_render_timeline_csv(tl, &out)
                    : dl_render_timeline_text(tl, &out);
    if (st != DL_OK) {
        dl_error(NULL, 0, "out of memory");
        rc = 1;
    } else {
        rc = print_out(&out);
    }
    dl_timeline_free(tl);
    dl_buf_free(&out);
    return rc;
}

/* The options that only go together (a timeline's); 0 when they do,
 * else 2 after a message. */
static int
check_timeline_options(const struct cli *cli, int nwords)
{
    const char *bad = NULL;
    if (cli->by_source && !cli->timeline)
        bad = "--by needs --timeline";
    else if (cli->by_source && cli->ncompare > 0)
        bad = "--by source takes one query, not --compare";
    else if (cli->ncompare == 1)
        bad = "--compare takes 2 to 5 queries: repeat it";
    else if (cli->ncompare > 0 && nwords > 0)
        bad = "with --compare, every query is a --compare argument";
    else if (cli->timeline && (cli->top_words > 0 || cli->all ||
                               cli->format == OUT_ATOM))
        bad = "--timeline prints text, json or csv: it does not go with "
              "--top-words, --all or --format atom";
    else if (cli->timeline && (cli->show != NULL || cli->analyze != NULL))
        bad = "--timeline does not go with --show or --analyze";
    if (bad == NULL)
        return 0;
    dl_error(NULL, 0, "%s", bad);
    return 2;
}

/* argv[first..argc) joined by spaces into query; 0, or 1 after a
 * message. */
static int
join_words(int argc, char **argv, int first, dl_buf *query)
{
    int i;
    for (i = first; i < argc; i++) {
        if ((i > first && dl_buf_putc(query, ' ') != DL_OK) ||
            dl_buf_puts(query, argv[i]) != DL_OK) {
            dl_error(NULL, 0, "out of memory");
            return 1;
        }
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct cli cli;
    dl_buf query = DL_BUF_INIT;
    dl_searcher *s = NULL;
    dl_err err;
    dl_status st;
    int rc;

    dl_log_set_program("dateline-search");
    dl_alloc_init_from_env();
    memset(&cli, 0, sizeof cli);
    cli.period = DL_PERIOD_MONTH;
    dl_search_req_init(&cli.req);
    rc = read_options(argc, argv, &cli);
    if (rc >= 0)
        return rc;
    rc = check_timeline_options(&cli, argc - optind);
    if (rc != 0)
        return rc;
    if (cli.analyze != NULL)
        return run_analyze(cli.analyze, cli.json);
    rc = check_combination(&cli);
    if (rc != 0)
        return rc;
    if (optind >= argc && cli.show == NULL && cli.ncompare == 0) {
        usage(stderr);
        return 2;
    }
    rc = join_words(argc, argv, optind, &query);
    if (rc != 0)
        goto out;
    if (cli.ndb == 0) {
        const char *env = getenv("DATELINE_DB");
        cli.dbs[cli.ndb++] =
            env != NULL && *env != '\0' ? env : "./dateline.db";
    }
    cli.req.query = query.data;
    cli.req.query_len = query.len;
    st = dl_searcher_open(cli.dbs, cli.ndb, &s, &err);
    if (st != DL_OK) {
        dl_error(cli.ndb == 1 ? cli.dbs[0] : NULL, 0,
                 "cannot open the database: %s", err.msg);
        rc = 1;
    } else if (cli.timeline) {
        rc = run_timeline(s, &cli);
    } else if (cli.show != NULL) {
        rc = run_show(s, cli.show, query.data, query.len, cli.json);
    } else if (cli.all) {
        rc = run_export(s, &cli);
    } else if (cli.top_words > 0) {
        rc = run_topwords(s, &cli);
    } else {
        rc = run_search(s, &cli);
    }
out:
    dl_searcher_close(s);
    dl_buf_free(&query);
    return rc;
}
