/* dateline-cgi.c - the web page as a CGI or FastCGI program (main only).
 *
 * One request is: take the method and QUERY_STRING, check the parameters
 * (cgi_params.h), run the search (search.h) or, for show=ID, read that one
 * article (article_view.h: a bounded read, a term lookup and at most 64 KB
 * of text, so it needs no search budget), render HTML (render_html.h) or
 * the CLI's JSON (render_json.h), and write headers and body in one
 * piece.  The program is a CGI program (RFC 3875) by default; started by a
 * FastCGI server (libfcgi's FCGX_IsCGI() says so) it loops over requests
 * with the database opened once, moving it to the latest commit before
 * each request (cheap: Xapian compares a revision number) so an indexer
 * running beside it is seen at once.
 *
 * The database never comes from the request: DATELINE_DB (one spec) or the
 * `db = PATH` lines (several for shards) of $DATELINE_CONF, else
 * /etc/dateline/dateline.conf.  The same file may set search_cpu_ms, the
 * CPU budget of one search (over it, that search alone ends with a "too
 * expensive" page, 422), and cpu_seconds and memory_mb, the last-resort
 * limits of one process (CGI) or one request (FastCGI, CPU only).  No
 * process leaves a core file.  Users see fixed sentences for internal
 * failures; the details go to stderr, which the web server logs.  Every
 * setting and status is in docs/dateline.cgi.8.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>

#ifdef HAVE_FCGI
#include <fcgiapp.h>
#endif

#include "article_view.h"
#include "cgi_params.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_json.h"
#include "dl_log.h"
#include "render_html.h"
#include "render_json.h"
#include "search.h"

#define MAX_DBS 64
#define DEFAULT_CONF "/etc/dateline/dateline.conf"
/* The process's CPU cap, the last resort: a request that gets there is
 * ended by the kernel (the server answers 500).  Each search has its own,
 * smaller budget first (search_cpu_ms), which ends that search alone with
 * a page that says so (422). */
#define DEFAULT_CPU_SECONDS 10
#define DEFAULT_MEMORY_MB 1024
/* The default search budget: 2 s of CPU, 50 times what a broad search of
 * a 76,000-article archive takes (docs/web.md), and never more than half
 * of cpu_seconds, so the search ends before the process cap is near. */
#define DEFAULT_SEARCH_CPU_MS 2000
/* The longest line the configuration file may hold, newline excluded: a
 * setting is a few dozen bytes, a database path at most PATH_MAX (4096 on
 * Linux) plus `db = `; a longer line is a mistake or not a configuration
 * file, and is refused rather than read in parts. */
#define CONF_LINE_MAX 8192

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

struct app {
    char *specs[MAX_DBS]; /* owned */
    size_t n_specs;
    long cpu_seconds;
    long memory_mb;
    long search_cpu_ms; /* 0 until set: then the default (configure_app) */
    dl_searcher *s;     /* NULL until opened */
};

static char *
trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s &&
           (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static long
parse_long(const char *v, long min, long max)
{
    char *end;
    long n;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
        return -1;
    return n;
}

static int
add_spec(struct app *a, const char *spec)
{
    if (a->n_specs == MAX_DBS) {
        dl_error(NULL, 0, "at most %d databases", MAX_DBS);
        return -1;
    }
    a->specs[a->n_specs] = dl_strdup(spec);
    if (a->specs[a->n_specs] == NULL)
        return -1;
    a->n_specs++;
    return 0;
}

/* One setting line of the configuration file (already trimmed, not a
 * comment): `key = value`.  0 when it was taken, -1 after an error naming
 * path and lineno. */
static int
conf_setting(struct app *a, bool env_db, const char *path, unsigned long lineno,
             char *key)
{
    char *eq = strchr(key, '=');
    char *val;

    if (eq == NULL) {
        dl_error(path, lineno, "expected `key = value`");
        return -1;
    }
    *eq = '\0';
    val = trim(eq + 1);
    key = trim(key);
    if (strcmp(key, "db") == 0) {
        if (!env_db && add_spec(a, val) != 0)
            return -1;
    } else if (strcmp(key, "cpu_seconds") == 0) {
        long v = parse_long(val, 1, 3600);
        if (v <= 0) {
            dl_error(path, lineno, "cpu_seconds takes 1 to 3600");
            return -1;
        }
        a->cpu_seconds = v;
    } else if (strcmp(key, "search_cpu_ms") == 0) {
        long v = parse_long(val, 1, 3600L * 1000);
        if (v <= 0) {
            dl_error(path, lineno, "search_cpu_ms takes 1 to 3600000");
            return -1;
        }
        a->search_cpu_ms = v;
    } else if (strcmp(key, "memory_mb") == 0) {
        long v = parse_long(val, 0, 1L << 20);
        if (v < 0) {
            dl_error(path, lineno, "memory_mb takes 0 (no limit) to 1048576");
            return -1;
        }
        a->memory_mb = v;
    } else {
        dl_warn(path, lineno, "unknown setting '%s' ignored", key);
    }
    return 0;
}

/* Read the configuration file: `key = value` lines, '#' comments.  Lines
 * are read whole, whatever their length (getline), so that no part of a
 * long line can ever be taken for a line of its own; a line over
 * CONF_LINE_MAX bytes, or one holding a NUL byte, is an error naming the
 * file and the line, and is never read as a setting. */
static int
read_conf(struct app *a, bool env_db)
{
    const char *path = getenv("DATELINE_CONF");
    bool explicit = path != NULL && *path != '\0';
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t len;
    unsigned long lineno = 0;
    FILE *f;
    int rc = 0;

    if (!explicit)
        path = DEFAULT_CONF;
    f = fopen(path, "r");
    if (f == NULL) {
        if (explicit || errno != ENOENT) {
            dl_error(path, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    for (;;) {
        char *key;
        errno = 0;
        n = getline(&line, &cap, f);
        if (n < 0)
            break;
        lineno++;
        len = (size_t)n;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        if (len > CONF_LINE_MAX) {
            dl_error(path, lineno,
                     "line of %zu bytes, over the cap of %d: not read as a "
                     "setting",
                     len, CONF_LINE_MAX);
            rc = -1;
            continue;
        }
        if (memchr(line, '\0', len) != NULL) {
            dl_error(path, lineno, "NUL byte in the line: not read");
            rc = -1;
            continue;
        }
        key = trim(line);
        if (*key == '#' || *key == '\0')
            continue;
        if (conf_setting(a, env_db, path, lineno, key) != 0)
            rc = -1;
    }
    if (ferror(f) || errno != 0) {
        dl_error(path, lineno + 1, "cannot read: %s",
                 strerror(errno != 0 ? errno : EIO));
        rc = -1;
    }
    free(line);
    fclose(f);
    return rc;
}

static int
configure_app(struct app *a)
{
    const char *env = getenv("DATELINE_DB");
    bool env_db = env != NULL && *env != '\0';

    a->cpu_seconds = DEFAULT_CPU_SECONDS;
    a->memory_mb = DEFAULT_MEMORY_MB;
    a->search_cpu_ms = 0;
    if (env_db && add_spec(a, env) != 0)
        return -1;
    if (read_conf(a, env_db) != 0)
        return -1;
    if (a->search_cpu_ms == 0) {
        a->search_cpu_ms = a->cpu_seconds * 1000 / 2;
        if (a->search_cpu_ms > DEFAULT_SEARCH_CPU_MS)
            a->search_cpu_ms = DEFAULT_SEARCH_CPU_MS;
    } else if (a->search_cpu_ms >= a->cpu_seconds * 1000) {
        /* The process cap would end the request first: no page. */
        dl_error(NULL, 0,
                 "search_cpu_ms (%ld) must be below cpu_seconds (%ld s), "
                 "which ends the whole process",
                 a->search_cpu_ms, a->cpu_seconds);
        return -1;
    }
    if (a->n_specs == 0) {
        dl_error(NULL, 0,
                 "no database: set DATELINE_DB or a `db =` line "
                 "in $DATELINE_CONF or " DEFAULT_CONF);
        return -1;
    }
    return 0;
}

static void
app_free(struct app *a)
{
    size_t i;
    dl_searcher_close(a->s);
    for (i = 0; i < a->n_specs; i++)
        dl_free(a->specs[i]);
}

/* Open the searcher, or move it to the latest commit.  A change of
 * commit opens a fresh searcher, so languages the indexer added since get
 * their stemmers too. */
static dl_status
app_ready(struct app *a)
{
    dl_searcher *fresh = NULL;
    bool changed = false;
    dl_err err;
    dl_status rc;

    if (a->n_specs == 0)
        return DL_ENOENT;
    if (a->s != NULL) {
        rc = dl_db_reopen(dl_searcher_db(a->s), &changed, &err);
        if (rc == DL_OK && !changed)
            return DL_OK;
        if (rc != DL_OK)
            dl_warn(NULL, 0, "reopen: %s", err.msg);
    }
    rc = dl_searcher_open((const char *const *)a->specs, a->n_specs, &fresh,
                          &err);
    if (rc != DL_OK) {
        dl_error(a->n_specs == 1 ? a->specs[0] : NULL, 0,
                 "cannot open the database: %s", err.msg);
        /* Keep serving from the old one if there is one. */
        return a->s != NULL ? DL_OK : rc;
    }
    dl_searcher_close(a->s);
    a->s = fresh;
    return DL_OK;
}

static void
limit_memory(const struct app *a)
{
#ifndef ASAN_BUILD
    struct rlimit rl;
    if (a->memory_mb == 0)
        return;
    rl.rlim_cur = (rlim_t)a->memory_mb * 1024 * 1024;
    rl.rlim_max = rl.rlim_cur;
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        dl_warn(NULL, 0, "cannot limit memory: %s", strerror(errno));
#else
    /* ASan reserves terabytes of address space for its shadow. */
    (void)a;
#endif
}

/* No core files: RLIMIT_CPU's SIGXCPU, the last resort, would otherwise
 * leave one (the process's memory: the index pages and requests it
 * read) wherever the server runs it, once per runaway request. */
static void
limit_core(void)
{
    struct rlimit rl;
    rl.rlim_cur = 0;
    rl.rlim_max = 0;
    if (setrlimit(RLIMIT_CORE, &rl) != 0)
        dl_warn(NULL, 0, "cannot turn off core files: %s", strerror(errno));
}

static void
limit_cpu_process(const struct app *a)
{
    struct rlimit rl;
    rl.rlim_cur = (rlim_t)a->cpu_seconds;
    rl.rlim_max = (rlim_t)a->cpu_seconds + 1;
    if (setrlimit(RLIMIT_CPU, &rl) != 0)
        dl_warn(NULL, 0, "cannot limit CPU time: %s", strerror(errno));
}

/* The reason phrase for the codes this program sends. */
static const char *
reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 422:
        return "Unprocessable Content";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

struct reply {
    int status;
    bool json;
    bool head; /* HEAD: headers only */
    dl_buf body;
};

/* Headers then body into out. */
static dl_status
finish(const struct reply *r, dl_buf *out)
{
    dl_status rc;
    rc = dl_buf_printf(out,
                       "Status: %d %s\r\n"
                       "Content-Type: %s; charset=utf-8\r\n"
                       "Content-Length: %zu\r\n"
                       "X-Content-Type-Options: nosniff\r\n"
                       "Content-Security-Policy: %s\r\n"
                       "Referrer-Policy: no-referrer\r\n"
                       "X-Frame-Options: DENY\r\n"
                       "%s"
                       "\r\n",
                       r->status, reason(r->status),
                       r->json ? "application/json" : "text/html", r->body.len,
                       r->json ? "default-src 'none'; frame-ancestors 'none'"
                               : dl_html_csp,
                       r->status == 405 ? "Allow: GET, HEAD\r\n" : "");
    if (rc == DL_OK && !r->head && r->body.len > 0)
        rc = dl_buf_append(out, r->body.data, r->body.len);
    return rc;
}

static dl_status
json_error(struct reply *r, int status, const char *msg)
{
    dl_status rc;
    r->status = status;
    r->json = true;
    rc = dl_buf_puts(&r->body, "{\"error\":");
    if (rc == DL_OK)
        rc = dl_json_string(msg, strlen(msg), &r->body);
    if (rc == DL_OK)
        rc = dl_buf_puts(&r->body, "}\n");
    return rc;
}

static dl_status
html_page(struct reply *r, int status, enum dl_html_kind kind,
          const struct dl_cgi_params *p, const struct dl_result *res,
          const char *msg, size_t errpos)
{
    struct dl_html_view v;
    r->status = status;
    r->json = false;
    memset(&v, 0, sizeof v);
    v.kind = kind;
    v.params = p;
    v.res = res;
    v.message = msg;
    v.errpos = errpos;
    return dl_render_html(&v, &r->body);
}

/* The article view (show=ID): the article as the index stores it, the
 * words of q marked; 404 when no article has the id. */
static dl_status
show_article(struct app *a, struct reply *r, const struct dl_cgi_params *p)
{
    struct dl_view *art = NULL;
    struct dl_html_view v;
    dl_err err;
    dl_status rc;
    dl_status st = dl_view_show(a->s, p->show, strlen(p->show), p->q, p->q_len,
                                &art, &err);

    if (st == DL_ENOENT)
        return p->json ? json_error(r, 404, "No article has this id.")
                       : html_page(r, 404, DL_HTML_NOT_FOUND, p, NULL, NULL,
                                   DL_HTML_NO_POS);
    if (st == DL_ENOMEM)
        return st;
    if (st != DL_OK) {
        dl_error(NULL, 0, "article view failed (%s): %s", dl_status_str(st),
                 err.msg);
        return p->json ? json_error(r, 500, "The article could not be read.")
                       : html_page(r, 500, DL_HTML_ERROR, p, NULL, NULL,
                                   DL_HTML_NO_POS);
    }
    r->status = 200;
    r->json = p->json;
    if (p->json) {
        rc = dl_render_json_view(art, &r->body);
    } else {
        memset(&v, 0, sizeof v);
        v.kind = DL_HTML_ARTICLE;
        v.params = p;
        v.art = art;
        v.errpos = DL_HTML_NO_POS;
        rc = dl_render_html(&v, &r->body);
    }
    dl_view_free(art);
    return rc;
}

/* The answer to a search over its budget (DL_EBUDGET, err says which):
 * this search alone ends; the process, and every other request, goes on.
 * 422: the request is fine as HTTP but asks for more than is given, and
 * sending it again (what a 503 invites, and what proxies do on their own)
 * would only cost as much again. */
static dl_status
too_expensive(struct reply *r, const struct dl_cgi_params *p, const dl_err *err)
{
    char msg[sizeof err->msg + 64];

    dl_warn(NULL, 0, "search over budget: %s", err->msg);
    if (!p->json)
        return html_page(r, 422, DL_HTML_TOO_EXPENSIVE, p, NULL, err->msg,
                         DL_HTML_NO_POS);
    snprintf(msg, sizeof msg,
             "This search is too expensive: %s. Narrow it and search again.",
             err->msg);
    return json_error(r, 422, msg);
}

/* The parser's messages are for readers; anything that looks like it came
 * from Xapian's exceptions is not shown. */
static const char *
query_message(const char *msg)
{
    if (*msg == '\0' || strstr(msg, "Xapian") != NULL ||
        strstr(msg, "Error") != NULL || strstr(msg, "error:") != NULL)
        return "The search cannot be understood as written.";
    return msg;
}

static dl_status
handle(struct app *a, const char *method, const char *qs, dl_buf *out)
{
    static const char unavailable[] = "The search service is unavailable.";
    struct dl_cgi_params p;
    struct reply r = {200, false, false, DL_BUF_INIT};
    struct dl_search_req req;
    struct dl_result *res = NULL;
    size_t errpos = 0;
    dl_err err;
    dl_status st;
    dl_status rc = DL_OK;

    dl_cgi_params_init(&p);
    if (method == NULL || *method == '\0')
        method = "GET";
    if (strcmp(method, "HEAD") == 0) {
        r.head = true;
    } else if (strcmp(method, "GET") != 0) {
        r.status = 405;
        r.json = true;
        rc = dl_buf_puts(&r.body, "{\"error\":\"Only GET and HEAD are "
                                  "supported.\"}\n");
        goto out;
    }
    if (qs == NULL)
        qs = "";
    st = dl_cgi_params_parse(qs, strlen(qs), &p, &err);
    if (st == DL_ENOMEM) {
        rc = st;
        goto out;
    }
    if (st != DL_OK) {
        rc = p.json ? json_error(&r, 400, err.msg)
                    : html_page(&r, 200, DL_HTML_BAD_PARAM, &p, NULL, err.msg,
                                DL_HTML_NO_POS);
        goto out;
    }
    if (p.show == NULL && p.q_len == 0 && p.from == NULL && p.to == NULL &&
        p.source == NULL && p.lang == NULL) {
        rc = p.json ? json_error(&r, 400,
                                 "Nothing to search for: give q "
                                 "or a filter.")
                    : html_page(&r, 200, DL_HTML_HOME, &p, NULL, NULL,
                                DL_HTML_NO_POS);
        goto out;
    }
    if (app_ready(a) != DL_OK) {
        rc = p.json ? json_error(&r, 503, unavailable)
                    : html_page(&r, 503, DL_HTML_ERROR, &p, NULL, NULL,
                                DL_HTML_NO_POS);
        goto out;
    }
    if (p.show != NULL) {
        rc = show_article(a, &r, &p);
        goto out;
    }
    dl_search_req_init(&req);
    req.query = p.q;
    req.query_len = p.q_len;
    req.offset = (size_t)(p.page - 1) * DL_CGI_PAGE_SIZE;
    req.limit = DL_CGI_PAGE_SIZE;
    req.sort = p.sort;
    req.facets = true;
    req.suggest = true;
    req.date_from = p.from;
    req.date_to = p.to;
    req.source = p.source;
    req.lang = p.lang;
    req.budget_ms = (unsigned long)a->search_cpu_ms;
    st = dl_searcher_run(a->s, &req, &res, &errpos, &err);
    if (st == DL_EBUDGET) {
        rc = too_expensive(&r, &p, &err);
        goto out;
    }
    if (st == DL_EQUERY || st == DL_EINVAL) {
        const char *m = query_message(err.msg);
        if (m != err.msg)
            dl_warn(NULL, 0, "query refused: %s", err.msg);
        rc = p.json ? json_error(&r, 400, m)
                    : html_page(&r, 200, DL_HTML_BAD_QUERY, &p, NULL, m,
                                st == DL_EQUERY ? errpos : DL_HTML_NO_POS);
        goto out;
    }
    if (st == DL_ENOMEM) {
        rc = st;
        goto out;
    }
    if (st != DL_OK) {
        dl_error(NULL, 0, "search failed (%s): %s", dl_status_str(st), err.msg);
        rc = p.json ? json_error(&r, 500, "The search failed.")
                    : html_page(&r, 500, DL_HTML_ERROR, &p, NULL, NULL,
                                DL_HTML_NO_POS);
        goto out;
    }
    if (res->empty_query) {
        rc = p.json ? json_error(&r, 400,
                                 "Nothing to search for: give q "
                                 "or a filter.")
                    : html_page(&r, 200, DL_HTML_HOME, &p, NULL, NULL,
                                DL_HTML_NO_POS);
        goto out;
    }
    rc = p.json ? dl_render_json(res, &r.body)
                : html_page(&r, 200, DL_HTML_RESULTS, &p, res, NULL,
                            DL_HTML_NO_POS);
    r.json = p.json;
out:
    if (rc == DL_ENOMEM) {
        /* Out of memory: a fixed answer that needs no allocation beyond
         * the headers. */
        dl_error(NULL, 0, "out of memory");
        dl_buf_free(&r.body);
        r.status = 500;
        r.json = p.json;
        rc = p.json ? json_error(&r, 500, "The search failed.")
                    : dl_buf_puts(&r.body, "Internal error.\n");
    }
    if (rc == DL_OK)
        rc = finish(&r, out);
    if (rc == DL_ENOMEM)
        dl_error(NULL, 0, "out of memory writing the reply");
    dl_result_free(res);
    dl_buf_free(&r.body);
    dl_cgi_params_free(&p);
    return rc;
}

/* Emergency answer when even the reply could not be built: a whole,
 * valid response, so the request is still answered (exit status 0). */
static const char fallback[] =
    "Status: 500 Internal Server Error\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "X-Content-Type-Options: nosniff\r\n\r\nInternal error.\n";

static int
run_cgi(struct app *a)
{
    dl_buf out = DL_BUF_INIT;
    int rc = 0;

    limit_core();
    limit_cpu_process(a);
    limit_memory(a);
    if (handle(a, getenv("REQUEST_METHOD"), getenv("QUERY_STRING"), &out) !=
        DL_OK) {
        if (fputs(fallback, stdout) == EOF)
            rc = 1;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
        rc = 1;
    }
    if (fflush(stdout) != 0)
        rc = 1;
    dl_buf_free(&out);
    return rc;
}

#ifdef HAVE_FCGI
/* Per-request CPU cap: SIGPROF's default action ends the process, and the
 * FastCGI server starts another.  setrlimit cannot do this, because
 * RLIMIT_CPU counts the whole life of a long-running process. */
static void
cpu_timer(long seconds)
{
    struct itimerval t;
    memset(&t, 0, sizeof t);
    t.it_value.tv_sec = seconds;
    setitimer(ITIMER_PROF, &t, NULL);
}

static int
run_fcgi(struct app *a)
{
    FCGX_Request req;
    dl_buf out = DL_BUF_INIT;

    signal(SIGPIPE, SIG_IGN);
    limit_core();
    limit_memory(a);
    if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0) {
        dl_error(NULL, 0, "cannot start FastCGI");
        return 1;
    }
    /* Open now, so the first request does not pay for it. */
    (void)app_ready(a);
    while (FCGX_Accept_r(&req) >= 0) {
        cpu_timer(a->cpu_seconds);
        dl_buf_reset(&out);
        if (handle(a, FCGX_GetParam("REQUEST_METHOD", req.envp),
                   FCGX_GetParam("QUERY_STRING", req.envp), &out) != DL_OK)
            FCGX_PutStr(fallback, (int)strlen(fallback), req.out);
        else
            FCGX_PutStr(out.data, (int)out.len, req.out);
        cpu_timer(0);
        FCGX_Finish_r(&req);
    }
    dl_buf_free(&out);
    return 0;
}
#endif

int
main(void)
{
    struct app a;
    int rc;

    memset(&a, 0, sizeof a);
    dl_log_set_program("dateline.cgi");
    dl_alloc_init_from_env();
    /* A configuration problem still gets the page (503 on search), so the
     * reader sees a sentence and the log the reason. */
    if (configure_app(&a) != 0) {
        size_t i;
        for (i = 0; i < a.n_specs; i++)
            dl_free(a.specs[i]);
        a.n_specs = 0;
    }
#ifdef HAVE_FCGI
    if (!FCGX_IsCGI())
        rc = run_fcgi(&a);
    else
        rc = run_cgi(&a);
#else
    rc = run_cgi(&a);
#endif
    app_free(&a);
    return rc;
}
