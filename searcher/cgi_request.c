/* cgi_request.c - one request to dateline.cgi (cgi_request.h).
 *
 * The answer is built in a struct reply (status, kind, body) by one
 * function per outcome, then finish() writes the headers and the body.
 * Every outcome has an HTML page and a JSON object (format=json), chosen
 * by the request's own parameters; a request whose parameters cannot be
 * read gets HTML unless it asked for JSON before the bad one.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "article_view.h"
#include "cgi_params.h"
#include "cgi_request.h"
#include "dl_clock.h"
#include "dl_buf.h"
#include "dl_json.h"
#include "dl_log.h"
#include "render_csv.h"
#include "render_feed.h"
#include "render_html.h"
#include "render_json.h"
#include "render_timeline.h"
#include "search.h"
#include "topwords.h"
#include "timeline.h"

const char dl_cgi_fallback[] =
    "Status: 500 Internal Server Error\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "X-Content-Type-Options: nosniff\r\n\r\nInternal error.\n";

static const char unavailable[] = "The search service is unavailable.";
static const char nothing_asked[] = "Nothing to search for: give q "
                                    "or a filter.";

void
dl_cgi_service_init(struct dl_cgi_service *svc, const struct dl_cgi_conf *conf)
{
    svc->conf = conf;
    svc->s = NULL;
    svc->have_archive = false;
}

void
dl_cgi_service_close(struct dl_cgi_service *svc)
{
    if (svc == NULL)
        return;
    dl_searcher_close(svc->s);
    svc->s = NULL;
    svc->have_archive = false;
}

/* The footer's figures of the searcher's database, read again after an
 * open or a move to a new commit; on failure the footer goes without. */
static void
read_archive(struct dl_cgi_service *svc)
{
    dl_err err;
    svc->have_archive =
        dl_dbstatus_read(dl_searcher_db(svc->s), &svc->archive, &err) == DL_OK;
}

dl_status
dl_cgi_service_ready(struct dl_cgi_service *svc)
{
    const struct dl_cgi_conf *c = svc->conf;
    dl_searcher *fresh = NULL;
    bool changed = false;
    dl_err err;
    dl_status rc;

    if (c->n_specs == 0)
        return DL_ENOENT;
    if (svc->s != NULL) {
        rc = dl_db_reopen(dl_searcher_db(svc->s), &changed, &err);
        if (rc == DL_OK && !changed) {
            if (!svc->have_archive)
                read_archive(svc);
            return DL_OK;
        }
        if (rc != DL_OK)
            dl_warn(NULL, 0, "reopen: %s", err.msg);
    }
    rc = dl_searcher_open((const char *const *)c->specs, c->n_specs, &fresh,
                          &err);
    if (rc != DL_OK) {
        dl_error(c->n_specs == 1 ? c->specs[0] : NULL, 0,
                 "cannot open the database: %s", err.msg);
        /* Keep serving from the old one if there is one. */
        return svc->s != NULL ? DL_OK : rc;
    }
    dl_searcher_close(svc->s);
    svc->s = fresh;
    read_archive(svc);
    return DL_OK;
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
    /* A body that is neither the page nor JSON (format=csv, atom,
     * opensearch): DL_CGI_HTML for those two. */
    enum dl_cgi_format other;
    const struct dl_dbstatus *archive; /* the footer's, or NULL */
};

/* The media type of r's body. */
static const char *
content_type(const struct reply *r)
{
    switch (r->other) {
    case DL_CGI_CSV:
        return "text/csv";
    case DL_CGI_ATOM:
        return "application/atom+xml";
    case DL_CGI_OPENSEARCH:
        return "application/opensearchdescription+xml";
    default:
        return r->json ? "application/json" : "text/html";
    }
}

/* Headers then body into out.  Only the page needs its style: every
 * other body gets a policy that allows nothing. */
static dl_status
finish(const struct reply *r, dl_buf *out)
{
    bool page = !r->json && r->other == DL_CGI_HTML;
    dl_status rc;
    rc = dl_buf_printf(
        out,
        "Status: %d %s\r\n"
        "Content-Type: %s; charset=utf-8\r\n"
        "Content-Length: %zu\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Content-Security-Policy: %s\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "X-Frame-Options: DENY\r\n"
        "%s%s"
        "\r\n",
        r->status, reason(r->status), content_type(r), r->body.len,
        page ? dl_html_csp : "default-src 'none'; frame-ancestors 'none'",
        r->status == 405 ? "Allow: GET, HEAD\r\n" : "",
        r->other == DL_CGI_CSV ? "Content-Disposition: attachment; "
                                 "filename=\"dateline-search.csv\"\r\n"
                               : "");
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
    v.archive = r->archive;
    return dl_render_html(&v, &r->body);
}

/* An internal failure the reader cannot mend: a fixed sentence. */
static dl_status
failure_page(struct reply *r, const struct dl_cgi_params *p, int status,
             const char *sentence)
{
    return p->json ? json_error(r, status, sentence)
                   : html_page(r, status, DL_HTML_ERROR, p, NULL, NULL,
                               DL_HTML_NO_POS);
}

/* No query and no filter: the home page, or an error for JSON. */
static dl_status
home_page(struct reply *r, const struct dl_cgi_params *p)
{
    return p->json
               ? json_error(r, 400, nothing_asked)
               : html_page(r, 200, DL_HTML_HOME, p, NULL, NULL, DL_HTML_NO_POS);
}

/* The article view (show=ID): the article as the index stores it, the
 * words of q marked; 404 when no article has the id. */
static dl_status
show_article(struct dl_cgi_service *svc, struct reply *r,
             const struct dl_cgi_params *p)
{
    struct dl_view *art = NULL;
    struct dl_html_view v;
    dl_err err;
    dl_status rc;
    dl_status st = dl_view_show(svc->s, p->show, strlen(p->show), p->q,
                                p->q_len, &art, &err);

    if (st == DL_ENOENT)
        return p->json ? json_error(r, 404, "No article has this id.")
                       : html_page(r, 404, DL_HTML_NOT_FOUND, p, NULL, NULL,
                                   DL_HTML_NO_POS);
    if (st == DL_ENOMEM)
        return st;
    if (st != DL_OK) {
        dl_error(NULL, 0, "article view failed (%s): %s", dl_status_str(st),
                 err.msg);
        return failure_page(r, p, 500, "The article could not be read.");
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
        v.archive = r->archive;
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

/* A query the parser or the filters refused: the reason for the reader,
 * and where in q it is (DL_EQUERY only). */
static dl_status
refused_query(struct reply *r, const struct dl_cgi_params *p, dl_status st,
              const dl_err *err, size_t errpos)
{
    const char *m = query_message(err->msg);
    if (m != err->msg)
        dl_warn(NULL, 0, "query refused: %s", err->msg);
    return p->json ? json_error(r, 400, m)
                   : html_page(r, 200, DL_HTML_BAD_QUERY, p, NULL, m,
                               st == DL_EQUERY ? errpos : DL_HTML_NO_POS);
}

/* The search the parameters ask for: one page of DL_CGI_PAGE_SIZE hits
 * with facets and a suggestion, within the configured CPU budget. */
static void
search_request_of(const struct dl_cgi_params *p, long budget_ms,
                  struct dl_search_req *req)
{
    dl_search_req_init(req);
    req->query = p->q;
    req->query_len = p->q_len;
    req->offset = (size_t)(p->page - 1) * DL_CGI_PAGE_SIZE;
    req->limit = DL_CGI_PAGE_SIZE;
    req->sort = p->sort;
    req->facets = true;
    req->suggest = true;
    req->date_from = p->from;
    req->date_to = p->to;
    req->source = p->source;
    req->lang = p->lang;
    req->budget_ms = (unsigned long)budget_ms;
}

/* The search the parameters ask for as an export (format=csv: the first
 * DL_CGI_CSV_MAX hits in the page's order; format=atom: the newest
 * DL_CGI_FEED_SIZE), within the same CPU budget as a page. */
static void
export_request_of(const struct dl_cgi_params *p, long budget_ms,
                  struct dl_search_req *req)
{
    search_request_of(p, budget_ms, req);
    req->offset = 0;
    req->facets = false;
    req->suggest = false;
    if (p->format == DL_CGI_ATOM) {
        req->limit = DL_CGI_FEED_SIZE;
        req->sort = DL_SORT_NEWEST;
    } else {
        req->limit = DL_CGI_CSV_MAX;
    }
}

/* res as the CSV or the Atom feed p asks for. */
static dl_status
export_body(const struct dl_cgi_service *svc, struct reply *r,
            const struct dl_cgi_params *p, const struct dl_result *res)
{
    struct dl_feed_search fs;
    r->status = 200;
    r->other = p->format;
    if (p->format == DL_CGI_CSV)
        return dl_render_csv(res, &r->body);
    fs.q = p->q;
    fs.q_len = p->q_len;
    fs.source = p->source;
    fs.lang = p->lang;
    fs.from = p->from;
    fs.to = p->to;
    return dl_render_atom(
        res, &fs, svc->conf->base_url != NULL ? svc->conf->base_url : "",
        &r->body);
}

/* What is left of the request's CPU budget after the work since start_ms
 * (thread CPU ms): 0 for no budget, else at least 1 ms, so that a step
 * with nothing left ends at once with DL_EBUDGET rather than running
 * without a limit.  The page's hits, its top words and its timeline
 * share one budget. */
static unsigned long
budget_left_ms(const struct dl_cgi_service *svc, double start_ms)
{
    double left;
    if (svc->conf->search_cpu_ms <= 0)
        return 0;
    left = (double)svc->conf->search_cpu_ms -
           ((dl_thread_cpu() * 1000.0) - start_ms);
    return left >= 1 ? (unsigned long)left : 1;
}

/* The top words of req (words=1), within what the search left of the
 * request's CPU budget. */
static dl_status
top_words(struct dl_cgi_service *svc, struct dl_search_req *req,
          double start_ms, struct dl_topwords **tw, size_t *errpos, dl_err *err)
{
    struct dl_topwords_opts o;
    req->budget_ms = budget_left_ms(svc, start_ms);
    dl_topwords_opts_init(&o);
    o.n = DL_HTML_TOP_WORDS;
    return dl_topwords_run(svc->s, req, &o, tw, errpos, err);
}

/* The timeline the parameters ask for (tl, vs): q then each vs, with
 * the request's filters, within the configured CPU budget.  *errpos is
 * the position in q of a problem of q's; a compared query's problem is
 * named in err instead. */
static dl_status
timeline_of(struct dl_cgi_service *svc, const struct dl_cgi_params *p,
            unsigned long budget_ms, struct dl_timeline **out, size_t *errpos,
            dl_err *err)
{
    struct dl_search_req qs[DL_TIMELINE_MAX_QUERIES];
    struct dl_timeline_req tr;
    size_t bad = 0;
    size_t i;
    dl_status st;

    memset(&tr, 0, sizeof tr);
    tr.period = p->tl;
    tr.queries = qs;
    tr.n_queries = 1 + p->n_vs;
    tr.budget_ms = budget_ms;
    tr.coarsen = true; /* a page draws what it can rather than refuse */
    for (i = 0; i < tr.n_queries; i++) {
        search_request_of(p, svc->conf->search_cpu_ms, &qs[i]);
        if (i > 0) {
            qs[i].query = p->vs[i - 1];
            qs[i].query_len = p->vs_len[i - 1];
        }
    }
    st = dl_timeline_run(svc->s, &tr, out, &bad, errpos, err);
    if (st != DL_OK && bad > 0) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        dl_err_set(err, st, "The search to compare (%zu): %s", bad, msg);
        *errpos = DL_HTML_NO_POS;
    }
    return st;
}

/* The answer for a search or timeline that did not run (st, err), or
 * DL_OK with nothing done when st is DL_OK. */
static dl_status
not_run(struct reply *r, const struct dl_cgi_params *p, dl_status st,
        const dl_err *err, size_t errpos, bool *done)
{
    *done = st != DL_OK;
    if (st == DL_EBUDGET)
        return too_expensive(r, p, err);
    if (st == DL_EQUERY || st == DL_EINVAL)
        return refused_query(r, p, st, err, errpos);
    if (st == DL_ENOMEM)
        return st;
    if (st != DL_OK) {
        dl_error(NULL, 0, "search failed (%s): %s", dl_status_str(st),
                 err->msg);
        return failure_page(r, p, 500, "The search failed.");
    }
    return DL_OK;
}

/* format=json or format=csv with tl: the timeline alone, as a JSON
 * object or as CSV (render_timeline.h). */
static dl_status
timeline_export(struct dl_cgi_service *svc, struct reply *r,
                const struct dl_cgi_params *p)
{
    struct dl_timeline *tl = NULL;
    size_t errpos = 0;
    bool done = false;
    dl_err err;
    dl_status rc;
    dl_status st = timeline_of(svc, p, (unsigned long)svc->conf->search_cpu_ms,
                               &tl, &errpos, &err);

    rc = not_run(r, p, st, &err, errpos, &done);
    if (!done) {
        r->status = 200;
        if (p->format == DL_CGI_CSV) {
            r->other = DL_CGI_CSV;
            rc = dl_render_timeline_csv(tl, &r->body);
        } else {
            r->json = true;
            rc = dl_render_timeline_json(tl, &r->body);
        }
    }
    dl_timeline_free(tl);
    return rc;
}

/* Run the search (and its top words and timeline when asked) and render
 * the results, or the page for why not. */
static dl_status
search_page(struct dl_cgi_service *svc, struct reply *r,
            const struct dl_cgi_params *p)
{
    struct dl_search_req req;
    struct dl_result *res = NULL;
    struct dl_topwords *tw = NULL;
    struct dl_timeline *tl = NULL;
    struct dl_html_view v;
    double start = (dl_thread_cpu() * 1000.0);
    bool page = p->format != DL_CGI_CSV && p->format != DL_CGI_ATOM;
    size_t errpos = 0;
    dl_err err;
    dl_status st;
    dl_status rc;

    if (p->timeline && (p->json || p->format == DL_CGI_CSV))
        return timeline_export(svc, r, p);
    if (page)
        search_request_of(p, svc->conf->search_cpu_ms, &req);
    else
        export_request_of(p, svc->conf->search_cpu_ms, &req);
    st = dl_searcher_run(svc->s, &req, &res, &errpos, &err);
    if (st == DL_OK && !res->empty_query && page && p->words)
        st = top_words(svc, &req, start, &tw, &errpos, &err);
    if (st == DL_OK && !res->empty_query && page && p->timeline && !p->json)
        st =
            timeline_of(svc, p, budget_left_ms(svc, start), &tl, &errpos, &err);
    if (st == DL_EBUDGET) {
        rc = too_expensive(r, p, &err);
    } else if (st == DL_EQUERY || st == DL_EINVAL) {
        rc = refused_query(r, p, st, &err, errpos);
    } else if (st == DL_ENOMEM) {
        rc = st;
    } else if (st != DL_OK) {
        dl_error(NULL, 0, "search failed (%s): %s", dl_status_str(st), err.msg);
        rc = failure_page(r, p, 500, "The search failed.");
    } else if (res->empty_query) {
        rc = home_page(r, p);
    } else if (p->json) {
        rc = dl_render_json_with_words(res, tw, &r->body);
        r->status = 200;
        r->json = true;
    } else if (!page) {
        rc = export_body(svc, r, p, res);
    } else {
        r->status = 200;
        r->json = false;
        memset(&v, 0, sizeof v);
        v.kind = DL_HTML_RESULTS;
        v.params = p;
        v.res = res;
        v.words = tw;
        v.tl = tl;
        v.errpos = DL_HTML_NO_POS;
        v.archive = r->archive;
        rc = dl_render_html(&v, &r->body);
    }
    dl_timeline_free(tl);
    dl_topwords_free(tw);
    dl_result_free(res);
    return rc;
}

/* Whether the request asks for anything: a query, a filter or an article. */
static bool
asks_something(const struct dl_cgi_params *p)
{
    return p->show != NULL || p->q_len > 0 || p->from != NULL ||
           p->to != NULL || p->source != NULL || p->lang != NULL;
}

/* The reply's status and body for one request (headers come later):
 * DL_OK, or DL_ENOMEM with the body half made. */
static dl_status
build_reply(struct dl_cgi_service *svc, const char *method, const char *qs,
            struct dl_cgi_params *p, struct reply *r)
{
    dl_err err;
    dl_status st;

    if (method == NULL || *method == '\0')
        method = "GET";
    if (strcmp(method, "HEAD") == 0) {
        r->head = true;
    } else if (strcmp(method, "GET") != 0) {
        r->status = 405;
        r->json = true;
        return dl_buf_puts(&r->body, "{\"error\":\"Only GET and HEAD are "
                                     "supported.\"}\n");
    }
    if (qs == NULL)
        qs = "";
    st = dl_cgi_params_parse(qs, strlen(qs), p, &err);
    if (st == DL_ENOMEM)
        return st;
    if (p->format == DL_CGI_OPENSEARCH) {
        /* The description of the page, whatever else the address holds
         * (it uses none of it). */
        r->status = 200;
        r->other = DL_CGI_OPENSEARCH;
        return dl_render_opensearch(
            svc->conf->base_url != NULL ? svc->conf->base_url : "", &r->body);
    }
    if (st != DL_OK)
        return p->json ? json_error(r, 400, err.msg)
                       : html_page(r, 200, DL_HTML_BAD_PARAM, p, NULL, err.msg,
                                   DL_HTML_NO_POS);
    /* Every page's footer tells how fresh the archive is: the home page
     * too opens (or moves to the latest commit of) the database, and
     * goes without the line when it cannot. */
    st = dl_cgi_service_ready(svc);
    if (st == DL_OK && svc->have_archive)
        r->archive = &svc->archive;
    if (!asks_something(p))
        return home_page(r, p);
    if (st != DL_OK)
        return failure_page(r, p, 503, unavailable);
    if (p->show != NULL)
        return show_article(svc, r, p);
    return search_page(svc, r, p);
}

dl_status
dl_cgi_answer(struct dl_cgi_service *svc, const char *method,
              const char *query_string, dl_buf *out)
{
    struct dl_cgi_params p;
    struct reply r = {200, false, false, DL_BUF_INIT, DL_CGI_HTML, NULL};
    dl_status rc;

    dl_cgi_params_init(&p);
    rc = build_reply(svc, method, query_string, &p, &r);
    if (rc == DL_ENOMEM) {
        /* Out of memory: a fixed answer that needs no allocation beyond
         * the headers. */
        dl_error(NULL, 0, "out of memory");
        dl_buf_free(&r.body);
        r.status = 500;
        r.json = p.json;
        r.other = DL_CGI_HTML;
        rc = p.json ? json_error(&r, 500, "The search failed.")
                    : dl_buf_puts(&r.body, "Internal error.\n");
    }
    if (rc == DL_OK)
        rc = finish(&r, out);
    if (rc == DL_ENOMEM)
        dl_error(NULL, 0, "out of memory writing the reply");
    dl_buf_free(&r.body);
    dl_cgi_params_free(&p);
    return rc;
}
