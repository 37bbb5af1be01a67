/* render_html.c - the search page of dateline.cgi: the page's frame
 * (head, style sheet, search form, footer), the small pages (home, bad
 * request, bad query, too expensive, not found, error) and the helpers
 * every part of the page writes with (render_html_int.h).  The result
 * list is render_html_results.c, its facets and timeline
 * render_html_facets.c, the article view render_html_article.c.
 *
 * The page is written top to bottom into one dl_buf through a small writer
 * with a sticky status (FTS5's pRc habit): an allocation failure stops all
 * later output and is reported once at the end, which keeps the many small
 * appends readable.  Three helpers carry all the escaping, and nothing
 * from a request or an article reaches the buffer except through them:
 * html_text() for element text and attribute values, html_open_link() for
 * the page's own links (every parameter percent-encoded, then the '&'
 * separators written as &amp;; a link is written only when the request
 * parser takes it back, so the page never links to a page that refuses the
 * address), and html_ext_url() for article links (http and https only).
 * Literal markup is written with html_put(), whose arguments are string
 * constants of the render_html*.c files: the test that proves the page
 * carries no element or attribute it did not mean to
 * (tests/integ/cgi_xss.sh) checks
 * against the list of them.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "dl_date.h"
#include "dl_lang.h"
#include "dl_schema.h"
#include "html_escape.h"
#include "render_html.h"
#include "render_html_int.h"

/* The style sheet.  Its SHA-256 is in dl_html_csp: change one and the
 * other, or the browser drops the style (cgi_direct.sh checks).  Colours
 * keep 4.5:1 contrast or better on white: #1b1b1b text, #4d4d4d meta
 * text (8.5:1), #0b50a0 links (7.5:1), #5b2c91 visited (9:1). */
#define STYLE                                                                  \
    "\n"                                                                       \
    ":root{color-scheme:light}\n"                                              \
    "*{box-sizing:border-box}\n"                                               \
    "body{margin:0;font:1rem/1.5 \"DejaVu Sans\",system-ui,sans-serif;"        \
    "color:#1b1b1b;background:#fff}\n"                                         \
    "a{color:#0b50a0}\n"                                                       \
    "a:visited{color:#5b2c91}\n"                                               \
    "a:focus-visible,button:focus-visible,input:focus-visible{"                \
    "outline:3px solid #b34700;outline-offset:2px}\n"                          \
    ".skip{position:absolute;left:-999px}\n"                                   \
    ".skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.25rem}\n"       \
    "header{background:#f3f1ea;border-bottom:1px solid #d6d2c4;"               \
    "padding:.75rem 1rem}\n"                                                   \
    ".wrap{max-width:72rem;margin:0 auto}\n"                                   \
    ".brand{font-weight:bold;font-size:1.25rem;color:#1b1b1b;"                 \
    "text-decoration:none;margin-right:1rem}\n"                                \
    "form{margin:.5rem 0 0}\n"                                                 \
    ".row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}\n"         \
    ".row+.row{margin-top:.5rem}\n"                                            \
    "#q{flex:1 1 14rem;min-width:0;font-size:1.1rem;padding:.45rem;"           \
    "border:1px solid #6b6b6b;border-radius:4px}\n"                            \
    "input[type=date]{font:inherit;padding:.25rem;border:1px solid #6b6b6b;"   \
    "border-radius:4px;width:10.5rem}\n"                                       \
    "button{font:inherit;padding:.45rem 1rem;border:1px solid #0b50a0;"        \
    "border-radius:4px;background:#0b50a0;color:#fff;cursor:pointer}\n"        \
    ".lbl{font-weight:bold}\n"                                                 \
    ".fld{display:flex;gap:.4rem;align-items:center}\n"                        \
    "@media (max-width:30rem){.fld label{min-width:2.6rem}}\n"                 \
    "h1{font-size:1.5rem;line-height:1.25}\n"                                  \
    "main h2{font-size:1.1rem}\n"                                              \
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"              \
    "clip:rect(0 0 0 0);white-space:nowrap}\n"                                 \
    "main{padding:1rem}\n"                                                     \
    ".cols{display:grid;gap:1.5rem}\n"                                         \
    "@media (min-width:60rem){.cols{grid-template-columns:minmax(0,1fr) "      \
    "16rem}}\n"                                                                \
    ".count,.meta,.dups,figcaption{color:#4d4d4d}\n"                           \
    ".note{background:#fff6d6;border-left:4px solid #b38600;"                  \
    "padding:.5rem .75rem}\n"                                                  \
    ".err{background:#fdecea;border-left:4px solid #b3261e;"                   \
    "padding:.5rem .75rem}\n"                                                  \
    "ol.hits{padding:0;margin:0;list-style:none}\n"                            \
    ".hits li{margin:0 0 1.25rem}\n"                                           \
    ".hits h2{font-size:1.1rem;margin:0;overflow-wrap:anywhere}\n"             \
    ".meta{font-size:.9rem;margin:.1rem 0}\n"                                  \
    ".snip{margin:.2rem 0;overflow-wrap:anywhere}\n"                           \
    "mark{background:#ffe38a;color:#000;padding:0 .1em}\n"                     \
    ".dups{font-size:.9rem;margin:0}\n"                                        \
    "nav ul,aside ul{list-style:none;padding:0;margin:0}\n"                    \
    "nav.sort ul,nav.pages ul,nav.exports ul{display:flex;flex-wrap:wrap;"     \
    "gap:.25rem .9rem}\n"                                                      \
    "nav.sort{margin:.5rem 0 1rem}\n"                                          \
    "nav.exports{margin:-.5rem 0 1rem;font-size:.9rem}\n"                      \
    "nav.pages{margin:1.5rem 0}\n"                                             \
    "nav.pages a,nav.pages span{display:inline-block;min-width:2.5rem;"        \
    "padding:.35rem .5rem;text-align:center}\n"                                \
    "[aria-current]{font-weight:bold;color:#1b1b1b}\n"                         \
    "aside h2{font-size:1rem;margin:1rem 0 .25rem}\n"                          \
    "aside li{padding:.15rem 0}\n"                                             \
    ".n{color:#4d4d4d}\n"                                                      \
    "figure{margin:0 0 1rem}\n"                                                \
    "svg{display:block;width:100%;height:4rem;border-bottom:1px solid "        \
    "#6b6b6b}\n"                                                               \
    "figcaption{display:flex;justify-content:space-between;"                   \
    "font-size:.85rem}\n"                                                      \
    ".cmp svg{height:auto}\n"                                                  \
    ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;"           \
    "gap:.25rem 1rem;overflow-wrap:anywhere}\n"                                \
    ".k1{color:#2d64a8}.k2{color:#b3261e}.k3{color:#1e7a3c}"                   \
    ".k4{color:#7b3fa0}.k5{color:#9a6200}\n"                                   \
    ".tw{overflow-x:auto}\n"                                                   \
    "#vs{flex:1 1 12rem;min-width:0;font:inherit;padding:.4rem;"               \
    "border:1px solid #6b6b6b;border-radius:4px}\n"                            \
    "table{border-collapse:collapse;font-size:.85rem}\n"                       \
    "td,th{padding:.15rem .5rem;border-bottom:1px solid #d6d2c4;"              \
    "text-align:right}\n"                                                      \
    "code{background:#f3f1ea;padding:0 .2em;overflow-wrap:anywhere}\n"         \
    ".view,.sims{overflow-wrap:anywhere}\n"                                    \
    ".text p{max-width:42rem}\n"                                               \
    ".bp{color:#4d4d4d;border-left:3px solid #d6d2c4;padding-left:.6rem}\n"    \
    ".bpl{font-size:.8rem;font-weight:bold;margin-right:.4rem}\n"              \
    ".sims li{margin:0 0 .6rem}\n"                                             \
    ".sims .meta{display:block}\n"                                             \
    "footer{border-top:1px solid #d6d2c4;padding:.75rem 1rem;"                 \
    "color:#4d4d4d;font-size:.85rem}\n"

/* base64(sha256(STYLE)); cgi_direct.sh prints the right value when they
 * disagree. */
#define STYLE_HASH "sha256-/2xqCxFnSE2MA1OG8P4JanwtpqUGZ6XDOLmShhEtiv0="

const char dl_html_csp[] =
    "default-src 'none'; style-src '" STYLE_HASH "'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

void
html_put(struct html_w *w, const char *s)
{
    if (w->rc == DL_OK)
        w->rc = dl_buf_puts(w->b, s);
}

void
html_putf(struct html_w *w, const char *fmt, ...)
{
    va_list ap;
    if (w->rc != DL_OK)
        return;
    va_start(ap, fmt);
    w->rc = dl_buf_vprintf(w->b, fmt, ap);
    va_end(ap);
}

void
html_textn(struct html_w *w, const char *s, size_t n)
{
    if (w->rc == DL_OK)
        w->rc = dl_html_escape(w->b, s, n);
}

void
html_text(struct html_w *w, const char *s)
{
    html_textn(w, s, s != NULL ? strlen(s) : 0);
}

struct html_link
html_link_of(const struct dl_cgi_params *p)
{
    struct html_link l;
    l.show = NULL;
    l.frag = NULL;
    l.q = p->q != NULL ? p->q : "";
    l.q_len = p->q != NULL ? p->q_len : 0;
    l.page = p->page;
    l.sort = p->sort;
    l.from = p->from;
    l.to = p->to;
    l.source = p->source;
    l.lang = p->lang;
    l.format = NULL;
    l.words = p->words;
    l.timeline = p->timeline;
    l.tl = p->tl;
    l.vs = p->vs;
    l.vs_len = p->vs_len;
    l.n_vs = p->n_vs;
    l.share = p->share;
    return l;
}

static dl_status
param(dl_buf *qs, const char *name, const char *v, size_t n)
{
    dl_status rc = DL_OK;
    if (v == NULL || n == 0)
        return DL_OK;
    if (qs->len > 0)
        rc = dl_buf_putc(qs, '&');
    if (rc == DL_OK)
        rc = dl_buf_puts(qs, name);
    if (rc == DL_OK)
        rc = dl_buf_putc(qs, '=');
    if (rc == DL_OK)
        rc = dl_url_encode(qs, v, n);
    return rc;
}

/* The query string of l into qs (reset first): "" when every parameter
 * is a default. */
static dl_status
link_query(const struct html_link *l, dl_buf *qs)
{
    static const char *const sorts[] = {"relevance", "newest", "oldest"};
    char page[16];
    dl_status rc;

    dl_buf_reset(qs);
    rc = param(qs, "show", l->show, l->show != NULL ? strlen(l->show) : 0);
    if (rc == DL_OK)
        rc = param(qs, "q", l->q, l->q_len);
    if (rc == DL_OK && l->source != NULL)
        rc = param(qs, "source", l->source, strlen(l->source));
    if (rc == DL_OK && l->lang != NULL)
        rc = param(qs, "lang", l->lang, strlen(l->lang));
    if (rc == DL_OK && l->from != NULL)
        rc = param(qs, "from", l->from, strlen(l->from));
    if (rc == DL_OK && l->to != NULL)
        rc = param(qs, "to", l->to, strlen(l->to));
    if (rc == DL_OK && l->sort != DL_SORT_RELEVANCE)
        rc = param(qs, "sort", sorts[l->sort], strlen(sorts[l->sort]));
    if (rc == DL_OK && l->page > 1) {
        snprintf(page, sizeof page, "%u", l->page);
        rc = param(qs, "page", page, strlen(page));
    }
    if (rc == DL_OK && l->format != NULL)
        rc = param(qs, "format", l->format, strlen(l->format));
    if (rc == DL_OK && l->words)
        rc = param(qs, "words", "1", 1);
    if (rc == DL_OK && l->timeline) {
        const char *tl = dl_period_name(l->tl);
        size_t i;
        rc = param(qs, "tl", tl, strlen(tl));
        for (i = 0; rc == DL_OK && i < l->n_vs; i++)
            rc = param(qs, "vs", l->vs[i], l->vs_len[i]);
        if (rc == DL_OK && l->share)
            rc = param(qs, "share", "1", 1);
    }
    return rc;
}

/* Whether the page takes qs back: the very parser of the request
 * (cgi_params.h) reads it, so a link can only be written when following
 * it gives a page, never a "cannot be searched" one.  A facet value from
 * the index longer than the parameter's cap, or a suggestion longer than
 * a query may be, fails here and is shown without a link. */
static bool
accepted(const dl_buf *qs, dl_status *rc)
{
    struct dl_cgi_params p;
    dl_status st;

    dl_cgi_params_init(&p);
    st = dl_cgi_params_parse(qs->data, qs->len, &p, NULL);
    dl_cgi_params_free(&p);
    if (st == DL_ENOMEM)
        *rc = DL_ENOMEM;
    return st == DL_OK;
}

bool
html_href(struct html_w *w, const struct html_link *l)
{
    dl_buf qs = DL_BUF_INIT;
    bool ok = false;
    size_t i;
    size_t end;

    if (w->rc == DL_OK)
        w->rc = link_query(l, &qs);
    if (w->rc == DL_OK)
        ok = accepted(&qs, &w->rc);
    if (ok && w->rc == DL_OK) {
        html_put(w, " href=\"?");
        /* Percent-encoding left only unreserved bytes, '+', '%', '=' and
         * the '&' separators, of which only '&' needs an entity. */
        for (i = 0; i < qs.len && w->rc == DL_OK; i = end + 1) {
            const char *amp = memchr(qs.data + i, '&', qs.len - i);
            end = amp != NULL ? (size_t)(amp - qs.data) : qs.len;
            w->rc = dl_buf_append(w->b, qs.data + i, end - i);
            if (amp != NULL)
                html_put(w, "&amp;");
        }
        if (l->frag != NULL) {
            html_put(w, "#");
            html_put(w, l->frag);
        }
        html_put(w, "\"");
    }
    dl_buf_free(&qs);
    return ok && w->rc == DL_OK;
}

/* l's href into a buffer of its own: whether the page takes it. */
static bool
href_apart(struct html_w *w, const struct html_link *l, dl_buf *into)
{
    struct html_w pw = {into, w->rc};
    bool ok = html_href(&pw, l);
    w->rc = pw.rc;
    return ok && w->rc == DL_OK;
}

/* open (markup of this file, "<link ..." without its end) with l's href
 * and ">", when the page takes the link; nothing otherwise. */
static void
link_element(struct html_w *w, const char *open, const struct html_link *l)
{
    dl_buf href = DL_BUF_INIT;
    if (href_apart(w, l, &href)) {
        html_put(w, open);
        if (w->rc == DL_OK)
            w->rc = dl_buf_append(w->b, href.data, href.len);
        html_put(w, ">\n");
    }
    dl_buf_free(&href);
}

/* `<a href="?...">` for l, with rel="rel" when rel is not NULL, when the
 * page accepts the link; nothing otherwise.  Returns whether the element
 * was opened: the caller then writes the label and "</a>", or the label
 * alone. */
bool
html_open_link(struct html_w *w, const struct html_link *l, const char *rel)
{
    dl_buf probe = DL_BUF_INIT;
    /* The href is made apart first, so that nothing is written for a
     * link the page would refuse. */
    bool ok = href_apart(w, l, &probe);

    if (ok) {
        html_put(w, "<a");
        if (w->rc == DL_OK)
            w->rc = dl_buf_append(w->b, probe.data, probe.len);
        if (rel != NULL) {
            html_put(w, " rel=\"");
            html_put(w, rel);
            html_put(w, "\"");
        }
        html_put(w, ">");
    }
    dl_buf_free(&probe);
    return ok && w->rc == DL_OK;
}

/* Whether u is an absolute http or https URL worth linking. */
bool
html_linkable(const char *u)
{
    /* the indexer stores no longer one */
    return dl_web_url_ok(u) && strlen(u) <= DL_URL_MAX;
}

/* An article's URL as an attribute value: bytes a URL may not hold raw
 * are percent-encoded (so a quote cannot even reach the escaper), then
 * the rest is entity-escaped. */
void
html_ext_url(struct html_w *w, const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    html_put(w, " href=\"");
    for (i = 0; w->rc == DL_OK && u[i] != '\0'; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c < 0x21 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
            c == '`' || c == '\\' || c == '^' || c == '{' || c == '|' ||
            c == '}' || c == '\'') {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            w->rc = dl_buf_append(w->b, e, 3);
        } else if (c == '&') {
            w->rc = dl_buf_puts(w->b, "&amp;");
        } else {
            w->rc = dl_buf_putc(w->b, (char)c);
        }
    }
    html_put(w, "\"");
}

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};

/* The month of a date that starts YYYY-MM (a facet's month, a hit's day)
 * as a count of months, or -1. */
static long
month_index(const char *s)
{
    struct dl_date d;

    if (!dl_date_parse_iso(s, strnlen(s, 7), &d) || d.month == 0)
        return -1;
    return d.year * 12L + (d.month - 1);
}

static void
month_label(char *buf, size_t size, long idx)
{
    snprintf(buf, size, "%s %ld", month_names[idx % 12], idx / 12);
}

/* A count with thousands separators. */
void
html_count(struct html_w *w, unsigned long n)
{
    char d[32];
    int len = snprintf(d, sizeof d, "%lu", n);
    int i;
    for (i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            html_put(w, ",");
        html_putf(w, "%c", d[i]);
    }
}

/* A date as known: a day, a month (YYYY-MM) or a year, in <time>. */
void
html_hit_date(struct html_w *w, const char *d)
{
    struct dl_date dt;

    if (!dl_date_parse_iso(d, strlen(d), &dt)) {
        html_put(w, "undated");
        return;
    }
    html_put(w, "<time datetime=\"");
    html_text(w, d);
    html_put(w, "\">");
    if (dt.day != 0)
        html_putf(w, "%d ", dt.day);
    if (dt.month != 0)
        html_putf(w, "%s %d", month_names[dt.month - 1], dt.year);
    else
        html_putf(w, "%d", dt.year);
    html_put(w, "</time>");
}

/* text[0..len) with the ranges hl[0..n) in <mark>: each byte escaped
 * exactly once, ranges taken only in order and inside the text. */
void
html_marked(struct html_w *w, const char *t, size_t len, size_t (*hl)[2],
            size_t n)
{
    size_t pos = 0;
    size_t k;
    for (k = 0; k < n; k++) {
        size_t a = hl[k][0];
        size_t b = hl[k][1];
        if (a < pos || b <= a || b > len)
            continue;
        html_textn(w, t + pos, a - pos);
        html_put(w, "<mark>");
        html_textn(w, t + a, b - a);
        html_put(w, "</mark>");
        pos = b;
    }
    html_textn(w, t + pos, len - pos);
}

/* The <link>s of the head: the OpenSearch description on every page (a
 * browser offers to add the search engine), and on a result list the
 * Atom feed of its search (a browser or a reader finds it there). */
static void
head_links(struct html_w *w, const struct dl_html_view *v)
{
    struct html_link l;
    memset(&l, 0, sizeof l);
    l.page = 1;
    l.format = "opensearch";
    link_element(w,
                 "<link rel=\"search\" "
                 "type=\"application/opensearchdescription+xml\" "
                 "title=\"Dateline\"",
                 &l);
    if (v->kind != DL_HTML_RESULTS)
        return;
    l = html_link_of(v->params);
    l.page = 1;
    l.sort = DL_SORT_RELEVANCE; /* a feed is newest first anyway */
    l.format = "atom";
    link_element(w,
                 "<link rel=\"alternate\" type=\"application/atom+xml\" "
                 "title=\"Feed of this search\"",
                 &l);
}

static void
head(struct html_w *w, const struct dl_html_view *v)
{
    const struct dl_cgi_params *p = v->params;
    html_put(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, "
                "initial-scale=1\">\n"
                "<meta name=\"referrer\" content=\"no-referrer\">\n"
                "<meta name=\"robots\" content=\"noindex\">\n<title>");
    if (v->kind == DL_HTML_ARTICLE && *v->art->title != '\0') {
        html_text(w, v->art->title);
        html_put(w, " - ");
    } else if (v->kind == DL_HTML_RESULTS && p->q_len > 0) {
        html_textn(w, p->q, p->q_len);
        html_put(w, " - ");
    }
    html_put(w, "Dateline news search</title>\n<style>" STYLE "</style>\n");
    head_links(w, v);
    html_put(w, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    html_put(w, v->kind == DL_HTML_ARTICLE ? "Skip to the article"
                                           : "Skip to results");
    html_put(w, "</a>\n");
}

static void
hidden(struct html_w *w, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    html_put(w, "<input type=\"hidden\" name=\"");
    html_put(w, name);
    html_put(w, "\" value=\"");
    html_text(w, value);
    html_put(w, "\">\n");
}

static void
search_form(struct html_w *w, const struct dl_html_view *v)
{
    static const char *const sorts[] = {"relevance", "newest", "oldest"};
    const struct dl_cgi_params *p = v->params;
    bool ok = v->kind != DL_HTML_BAD_PARAM;

    html_put(w,
             "<header>\n<div class=\"wrap\">\n"
             "<a class=\"brand\" href=\"?\">Dateline</a>\n"
             "<form method=\"get\" role=\"search\">\n"
             "<div class=\"row\">\n"
             "<label class=\"vh\" for=\"q\">Search the news archive</label>\n"
             "<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"1024\" "
             "autofocus placeholder=\"Search the news archive\" value=\"");
    html_textn(w, p->q, p->q_len);
    html_put(w, "\">\n<button type=\"submit\">Search</button>\n</div>\n"
                "<div class=\"row\">\n"
                "<span class=\"fld\"><label for=\"from\">From</label>\n"
                "<input type=\"date\" id=\"from\" name=\"from\" value=\"");
    /* type=date shows only full dates; a month or year filter stays in
     * the address and in the active filters list. */
    if (ok && p->from != NULL && strlen(p->from) == 10)
        html_text(w, p->from);
    html_put(w, "\"></span>\n<span class=\"fld\"><label for=\"to\">To</label>\n"
                "<input type=\"date\" id=\"to\" name=\"to\" value=\"");
    if (ok && p->to != NULL && strlen(p->to) == 10)
        html_text(w, p->to);
    html_put(w, "\"></span>\n");
    if (ok) {
        if (p->from != NULL && strlen(p->from) != 10)
            hidden(w, "from", p->from);
        if (p->to != NULL && strlen(p->to) != 10)
            hidden(w, "to", p->to);
        hidden(w, "source", p->source);
        hidden(w, "lang", p->lang);
        if (p->sort != DL_SORT_RELEVANCE)
            hidden(w, "sort", sorts[p->sort]);
    }
    html_put(w, "</div>\n</form>\n</div>\n</header>\n");
}

/* "archive updated HH:MM UTC, N articles from S sources in L languages,
 * FIRST to LAST" (the date too when the last commit was not today, UTC),
 * from dl:committed and dl_dbstatus.h's figures; without "archive
 * updated" for an index that does not say when it was committed. */
static void
archive_line(struct html_w *w, const struct dl_dbstatus *a)
{
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    const char *c = a->committed;
    html_put(w, "<div class=\"wrap archive\">");
    if (strlen(c) >= 16 && c[10] == 'T') {
        if (gmtime_r(&now, &tm) == NULL ||
            strftime(today, sizeof today, "%Y-%m-%d", &tm) == 0)
            today[0] = '\0';
        html_put(w, "archive updated ");
        if (strncmp(c, today, 10) != 0) {
            html_textn(w, c, 10);
            html_put(w, " ");
        }
        html_textn(w, c + 11, 5);
        html_put(w, " UTC, ");
    }
    html_putf(w, "%lu article%s", a->articles, a->articles == 1 ? "" : "s");
    if (a->sources > 0)
        html_putf(w, " from %lu source%s", a->sources,
                  a->sources == 1 ? "" : "s");
    if (a->languages > 0)
        html_putf(w, " in %lu language%s", a->languages,
                  a->languages == 1 ? "" : "s");
    if (strlen(a->date_lo) == 8 && strlen(a->date_hi) == 8)
        html_putf(w, ", %.4s-%.2s-%.2s to %.4s-%.2s-%.2s", a->date_lo,
                  a->date_lo + 4, a->date_lo + 6, a->date_hi, a->date_hi + 4,
                  a->date_hi + 6);
    html_put(w, "</div>\n");
}

static void
footer(struct html_w *w, const struct dl_dbstatus *archive)
{
    html_put(w, "<footer>\n<div class=\"wrap\">Dateline: full-text search of "
                "a news archive. Syntax: <code>\"exact phrase\"</code>, "
                "<code>a OR b</code>, <code>-word</code>, <code>a NEAR/5 "
                "b</code>, <code>prefix*</code>, <code>title:</code>, "
                "<code>date:2020-11</code>.</div>\n");
    if (archive != NULL)
        archive_line(w, archive);
    html_put(w, "</footer>\n</body>\n</html>\n");
}

/* A link to the article view of id, keeping the query (whose words the
 * view marks) and nothing else of the list. */
struct html_link
html_view_link(const struct dl_cgi_params *p, const char *id, const char *frag)
{
    struct html_link l;
    memset(&l, 0, sizeof l);
    l.show = id;
    l.frag = frag;
    l.q = p->q != NULL ? p->q : "";
    l.q_len = p->q != NULL ? p->q_len : 0;
    l.page = 1;
    l.sort = DL_SORT_RELEVANCE;
    return l;
}

/* A link to the results of the request's query alone. */
struct html_link
html_query_link(const struct dl_cgi_params *p)
{
    return html_view_link(p, NULL, NULL);
}

/* label (markup of this file), linked to l when the page takes the link,
 * else as text. */
void
html_linked_label(struct html_w *w, const struct html_link *l,
                  const char *label)
{
    bool ok = html_open_link(w, l, NULL);
    html_put(w, label);
    if (ok)
        html_put(w, "</a>");
}

/* The month (YYYY-MM at the start of s) as an index, for the other parts
 * of the page. */
long
html_month_index(const char *s)
{
    return month_index(s);
}

void
html_month_label(char *buf, size_t size, long idx)
{
    month_label(buf, size, idx);
}

const char *
html_lang_name(const char *code)
{
    return dl_lang_name(code);
}

static void
not_found(struct html_w *w, const struct dl_cgi_params *p)
{
    html_put(w, "<h1>No such article</h1>\n<p class=\"err\" role=\"alert\">"
                "No article in the archive has the id <code>");
    html_text(w, p->show);
    html_put(w, "</code>. It may have been removed since the link was "
                "made.</p>\n<p>");
    if (p->q_len > 0) {
        struct html_link l = html_query_link(p);
        bool open = html_open_link(w, &l, NULL);
        html_put(w, "Search for <strong>");
        html_textn(w, p->q, p->q_len);
        html_put(w, open ? "</strong></a> again, or " : "</strong> again, or ");
    }
    html_put(w, "<a href=\"?\">start a new search</a>.</p>\n");
}

/* The query with the word where the parser stopped in <mark>.  pos is
 * moved back to a character boundary: the parser's offsets are bytes. */
static void
point_at(struct html_w *w, const struct dl_cgi_params *p, size_t pos)
{
    size_t end;
    if (pos == DL_HTML_NO_POS || pos > p->q_len || p->q_len == 0)
        return;
    while (pos > 0 && pos < p->q_len &&
           ((unsigned char)p->q[pos] & 0xC0) == 0x80)
        pos--;
    end = pos;
    while (end < p->q_len && p->q[end] != ' ')
        end++;
    html_put(w, "<p>Your search, with the problem marked: <code>");
    html_textn(w, p->q, pos);
    html_put(w, "<mark>");
    if (end > pos)
        html_textn(w, p->q + pos, end - pos);
    else
        html_put(w, "&nbsp;&nbsp;");
    html_put(w, "</mark>");
    html_textn(w, p->q + end, p->q_len - end);
    html_put(w, "</code></p>\n");
}

/* The syntax help: the home page's body, or below a query error (sub). */
static void
home(struct html_w *w, bool sub)
{
    html_put(w, sub ? "<h2>How to write a search</h2>\n"
                    : "<h1>Search the news archive</h1>\n");
    html_put(w,
             "<p>Type words to find articles that contain all of them, best "
             "matches first. You can also write:</p>\n<ul>\n"
             "<li><code>\"grain harvest\"</code> for an exact phrase</li>\n"
             "<li><code>wheat OR barley</code>, <code>wheat -export</code> "
             "to widen or narrow</li>\n"
             "<li><code>pipeline NEAR/5 gas</code> for words close "
             "together</li>\n"
             "<li><code>traffick*</code> for every word that starts so</li>\n"
             "<li><code>title:election</code>, <code>source:name</code>, "
             "<code>lang:fr</code>, <code>date:2020-11</code> or "
             "<code>date:2019..2020-06-30</code> to filter</li>\n</ul>\n");
}

dl_status
dl_render_html(const struct dl_html_view *v, dl_buf *out)
{
    struct html_w w = {out, DL_OK};

    head(&w, v);
    search_form(&w, v);
    html_put(&w, "<main id=\"main\">\n<div class=\"wrap\">\n");
    switch (v->kind) {
    case DL_HTML_HOME:
        home(&w, false);
        break;
    case DL_HTML_RESULTS:
        html_results(&w, v);
        break;
    case DL_HTML_BAD_PARAM:
        html_put(&w, "<h1>This address cannot be searched</h1>\n"
                     "<p class=\"err\" role=\"alert\">");
        html_text(&w, v->message != NULL ? v->message
                                         : "A setting in the address is "
                                           "not valid.");
        html_put(&w, "</p>\n<p><a href=\"?\">Start a new search</a>.</p>\n");
        break;
    case DL_HTML_BAD_QUERY:
        html_put(&w, "<h1>This search cannot be run as written</h1>\n"
                     "<p class=\"err\" role=\"alert\">");
        html_text(&w,
                  v->message != NULL ? v->message : "The search is malformed.");
        html_put(&w, "</p>\n");
        point_at(&w, v->params, v->errpos);
        home(&w, true);
        break;
    case DL_HTML_TOO_EXPENSIVE:
        html_put(&w,
                 "<h1>This search is too expensive</h1>\n"
                 "<p class=\"err\" role=\"alert\">This search was stopped: ");
        html_text(&w, v->message != NULL
                          ? v->message
                          : "it needed more work than one search "
                            "may use");
        html_put(&w, ".</p>\n<p>Narrow it: fewer wildcards or more letters "
                     "before each <code>*</code>, more words, a phrase, or a "
                     "date, source or language filter.</p>\n");
        home(&w, true);
        break;
    case DL_HTML_ARTICLE:
        html_article_page(&w, v);
        break;
    case DL_HTML_NOT_FOUND:
        not_found(&w, v->params);
        break;
    case DL_HTML_ERROR:
    default:
        html_put(&w, "<h1>Something went wrong</h1>\n"
                     "<p class=\"err\" role=\"alert\">The search service "
                     "could not answer. Please try again in a moment.</p>\n");
        break;
    }
    html_put(&w, "</div>\n</main>\n");
    footer(&w, v->archive);
    return w.rc;
}
