/* render_html.c - the search page of dateline.cgi.
 *
 * The page is written top to bottom into one dl_buf through a small writer
 * with a sticky status (FTS5's pRc habit): an allocation failure stops all
 * later output and is reported once at the end, which keeps the many small
 * appends readable.  Three helpers carry all the escaping, and nothing
 * from a request or an article reaches the buffer except through them:
 * text() for element text and attribute values, open_link() for the page's
 * own links (every parameter percent-encoded, then the '&' separators
 * written as &amp;; a link is written only when the request parser takes
 * it back, so the page never links to a page that refuses the address),
 * and ext_url() for article links (http and https only).
 * Literal markup is written with put(), whose arguments are string
 * constants of this file: the test that proves the page carries no
 * element or attribute it did not mean to (tests/integ/cgi_xss.sh) checks
 * against the list of them.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dl_alloc.h"
#include "dl_date.h"
#include "dl_lang.h"
#include "dl_schema.h"
#include "html_escape.h"
#include "render_html.h"

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
    "nav.sort ul,nav.pages ul{display:flex;flex-wrap:wrap;gap:.25rem .9rem}\n" \
    "nav.sort{margin:.5rem 0 1rem}\n"                                          \
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
#define STYLE_HASH "sha256-GsY/NPXUDVGFAeyFYEH+9Hee/al/VaPw/v6Ny2hQJ5U="

const char dl_html_csp[] =
    "default-src 'none'; style-src '" STYLE_HASH "'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* Facet lists longer than this are cut: the timeline shows every month. */
#define FACET_SHOW 20
#define FACET_SHOW_MONTHS 12
/* A timeline spanning more months than this is drawn per year. */
#define TIMELINE_MAX_MONTHS 120
#define TIMELINE_MAX_YEARS 400
/* Page links around the current one. */
#define PAGE_WINDOW 4

struct w {
    dl_buf *b;
    dl_status rc;
};

static void
put(struct w *w, const char *s)
{
    if (w->rc == DL_OK)
        w->rc = dl_buf_puts(w->b, s);
}

static void putf(struct w *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct w *w, const char *fmt, ...)
{
    va_list ap;
    if (w->rc != DL_OK)
        return;
    va_start(ap, fmt);
    w->rc = dl_buf_vprintf(w->b, fmt, ap);
    va_end(ap);
}

static void
textn(struct w *w, const char *s, size_t n)
{
    if (w->rc == DL_OK)
        w->rc = dl_html_escape(w->b, s, n);
}

static void
text(struct w *w, const char *s)
{
    textn(w, s, s != NULL ? strlen(s) : 0);
}

/* The parameters of one of the page's own links. */
struct link {
    const char *show; /* an article view; NULL for a result list */
    const char *frag; /* a fragment ("similar", a constant), or NULL */
    const char *q;
    size_t q_len;
    unsigned page;
    dl_sort sort;
    const char *from;
    const char *to;
    const char *source;
    const char *lang;
};

static struct link
link_of(const struct dl_cgi_params *p)
{
    struct link l;
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
link_query(const struct link *l, dl_buf *qs)
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

/* `<a href="?...">` for l, with rel="rel" when rel is not NULL, when the
 * page accepts the link; nothing otherwise.  Returns whether the element
 * was opened: the caller then writes the label and "</a>", or the label
 * alone. */
static bool
open_link(struct w *w, const struct link *l, const char *rel)
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
        put(w, "<a href=\"?");
        /* Percent-encoding left only unreserved bytes, '+', '%', '=' and
         * the '&' separators, of which only '&' needs an entity. */
        for (i = 0; i < qs.len && w->rc == DL_OK; i = end + 1) {
            const char *amp = memchr(qs.data + i, '&', qs.len - i);
            end = amp != NULL ? (size_t)(amp - qs.data) : qs.len;
            w->rc = dl_buf_append(w->b, qs.data + i, end - i);
            if (amp != NULL)
                put(w, "&amp;");
        }
        if (l->frag != NULL) {
            put(w, "#");
            put(w, l->frag);
        }
        put(w, "\"");
        if (rel != NULL) {
            put(w, " rel=\"");
            put(w, rel);
            put(w, "\"");
        }
        put(w, ">");
    }
    dl_buf_free(&qs);
    return ok && w->rc == DL_OK;
}

/* Whether u is an absolute http or https URL worth linking. */
static bool
linkable(const char *u)
{
    size_t i;
    size_t skip;
    if (strncasecmp(u, "http://", 7) == 0)
        skip = 7;
    else if (strncasecmp(u, "https://", 8) == 0)
        skip = 8;
    else
        return false;
    if (u[skip] == '\0' || u[skip] == '/')
        return false;
    for (i = 0; u[i] != '\0'; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c <= 0x20 || c == 0x7F)
            return false;
    }
    return i <= DL_URL_MAX; /* the indexer stores no longer one */
}

/* An article's URL as an attribute value: bytes a URL may not hold raw
 * are percent-encoded (so a quote cannot even reach the escaper), then
 * the rest is entity-escaped. */
static void
ext_url(struct w *w, const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    put(w, " href=\"");
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
    put(w, "\"");
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
static void
count(struct w *w, unsigned long n)
{
    char d[32];
    int len = snprintf(d, sizeof d, "%lu", n);
    int i;
    for (i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            put(w, ",");
        putf(w, "%c", d[i]);
    }
}

/* A date as known: a day, a month (YYYY-MM) or a year, in <time>. */
static void
hit_date(struct w *w, const char *d)
{
    struct dl_date dt;

    if (!dl_date_parse_iso(d, strlen(d), &dt)) {
        put(w, "undated");
        return;
    }
    put(w, "<time datetime=\"");
    text(w, d);
    put(w, "\">");
    if (dt.day != 0)
        putf(w, "%d ", dt.day);
    if (dt.month != 0)
        putf(w, "%s %d", month_names[dt.month - 1], dt.year);
    else
        putf(w, "%d", dt.year);
    put(w, "</time>");
}

/* text[0..len) with the ranges hl[0..n) in <mark>: each byte escaped
 * exactly once, ranges taken only in order and inside the text. */
static void
marked(struct w *w, const char *t, size_t len, size_t (*hl)[2], size_t n)
{
    size_t pos = 0;
    size_t k;
    for (k = 0; k < n; k++) {
        size_t a = hl[k][0];
        size_t b = hl[k][1];
        if (a < pos || b <= a || b > len)
            continue;
        textn(w, t + pos, a - pos);
        put(w, "<mark>");
        textn(w, t + a, b - a);
        put(w, "</mark>");
        pos = b;
    }
    textn(w, t + pos, len - pos);
}

static void
head(struct w *w, const struct dl_html_view *v)
{
    const struct dl_cgi_params *p = v->params;
    put(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
           "<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n"
           "<meta name=\"referrer\" content=\"no-referrer\">\n"
           "<meta name=\"robots\" content=\"noindex\">\n<title>");
    if (v->kind == DL_HTML_ARTICLE && *v->art->title != '\0') {
        text(w, v->art->title);
        put(w, " - ");
    } else if (v->kind == DL_HTML_RESULTS && p->q_len > 0) {
        textn(w, p->q, p->q_len);
        put(w, " - ");
    }
    put(w, "Dateline news search</title>\n<style>" STYLE "</style>\n"
           "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    put(w,
        v->kind == DL_HTML_ARTICLE ? "Skip to the article" : "Skip to results");
    put(w, "</a>\n");
}

static void
hidden(struct w *w, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    put(w, "<input type=\"hidden\" name=\"");
    put(w, name);
    put(w, "\" value=\"");
    text(w, value);
    put(w, "\">\n");
}

static void
search_form(struct w *w, const struct dl_html_view *v)
{
    static const char *const sorts[] = {"relevance", "newest", "oldest"};
    const struct dl_cgi_params *p = v->params;
    bool ok = v->kind != DL_HTML_BAD_PARAM;

    put(w, "<header>\n<div class=\"wrap\">\n"
           "<a class=\"brand\" href=\"?\">Dateline</a>\n"
           "<form method=\"get\" role=\"search\">\n"
           "<div class=\"row\">\n"
           "<label class=\"vh\" for=\"q\">Search the news archive</label>\n"
           "<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"1024\" "
           "autofocus placeholder=\"Search the news archive\" value=\"");
    textn(w, p->q, p->q_len);
    put(w, "\">\n<button type=\"submit\">Search</button>\n</div>\n"
           "<div class=\"row\">\n"
           "<span class=\"fld\"><label for=\"from\">From</label>\n"
           "<input type=\"date\" id=\"from\" name=\"from\" value=\"");
    /* type=date shows only full dates; a month or year filter stays in
     * the address and in the active filters list. */
    if (ok && p->from != NULL && strlen(p->from) == 10)
        text(w, p->from);
    put(w, "\"></span>\n<span class=\"fld\"><label for=\"to\">To</label>\n"
           "<input type=\"date\" id=\"to\" name=\"to\" value=\"");
    if (ok && p->to != NULL && strlen(p->to) == 10)
        text(w, p->to);
    put(w, "\"></span>\n");
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
    put(w, "</div>\n</form>\n</div>\n</header>\n");
}

static void
footer(struct w *w)
{
    put(w, "<footer>\n<div class=\"wrap\">Dateline: full-text search of "
           "a news archive. Syntax: <code>\"exact phrase\"</code>, "
           "<code>a OR b</code>, <code>-word</code>, <code>a NEAR/5 "
           "b</code>, <code>prefix*</code>, <code>title:</code>, "
           "<code>date:2020-11</code>.</div>\n</footer>\n</body>\n</html>\n");
}

/* " (remove)", linked to l: the page without one of its filters. */
static void
remove_link(struct w *w, const struct link *l)
{
    put(w, " (");
    put(w, open_link(w, l, NULL) ? "remove</a>" : "remove");
    put(w, ")");
}

/* The active filters, each with a link that removes it. */
static void
active_filters(struct w *w, const struct dl_cgi_params *p)
{
    struct link l;
    if (p->source == NULL && p->lang == NULL && p->from == NULL &&
        p->to == NULL)
        return;
    put(w, "<p class=\"count\">Filtered by");
    if (p->source != NULL) {
        put(w, " source <strong>");
        text(w, p->source);
        put(w, "</strong>");
        l = link_of(p);
        l.source = NULL;
        l.page = 1;
        remove_link(w, &l);
    }
    if (p->lang != NULL) {
        put(w, " language <strong>");
        text(w, dl_lang_name(p->lang));
        put(w, "</strong>");
        l = link_of(p);
        l.lang = NULL;
        l.page = 1;
        remove_link(w, &l);
    }
    if (p->from != NULL || p->to != NULL) {
        put(w, " date");
        if (p->from != NULL) {
            put(w, " from <strong>");
            text(w, p->from);
            put(w, "</strong>");
        }
        if (p->to != NULL) {
            put(w, " to <strong>");
            text(w, p->to);
            put(w, "</strong>");
        }
        l = link_of(p);
        l.from = NULL;
        l.to = NULL;
        l.page = 1;
        remove_link(w, &l);
    }
    put(w, "</p>\n");
}

static void
sort_links(struct w *w, const struct dl_cgi_params *p)
{
    static const char *const labels[] = {"Relevance", "Newest first",
                                         "Oldest first"};
    int s;
    put(w, "<nav class=\"sort\" aria-label=\"Sort\">\n<ul>\n"
           "<li class=\"lbl\">Sort:</li>\n");
    for (s = DL_SORT_RELEVANCE; s <= DL_SORT_OLDEST; s++) {
        if ((dl_sort)s == p->sort) {
            putf(w, "<li><span aria-current=\"true\">%s</span></li>\n",
                 labels[s]);
        } else {
            struct link l = link_of(p);
            l.sort = (dl_sort)s;
            l.page = 1;
            put(w, "<li>");
            if (open_link(w, &l, NULL)) {
                put(w, labels[s]);
                put(w, "</a>");
            } else {
                put(w, labels[s]);
            }
            put(w, "</li>\n");
        }
    }
    put(w, "</ul>\n</nav>\n");
}

/* A link to the article view of id, keeping the query (whose words the
 * view marks) and nothing else of the list. */
static struct link
view_link(const struct dl_cgi_params *p, const char *id, const char *frag)
{
    struct link l;
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
static struct link
query_link(const struct dl_cgi_params *p)
{
    return view_link(p, NULL, NULL);
}

/* label (markup of this file), linked to l when the page takes the link,
 * else as text. */
static void
linked_label(struct w *w, const struct link *l, const char *label)
{
    bool ok = open_link(w, l, NULL);
    put(w, label);
    if (ok)
        put(w, "</a>");
}

static void
hit(struct w *w, const struct dl_cgi_params *p, const struct dl_result_hit *h)
{
    const char *title = *h->title != '\0' ? h->title : "(untitled)";
    struct link view = view_link(p, h->id, NULL);
    bool open;
    put(w, "<li>\n<article>\n<h2>");
    /* The title goes to the article itself; without a URL to go to, to
     * its archived copy. */
    if (linkable(h->url)) {
        put(w, "<a");
        ext_url(w, h->url);
        put(w, " rel=\"noreferrer nofollow\">");
        open = true;
    } else {
        open = *h->id != '\0' && open_link(w, &view, NULL);
    }
    text(w, title);
    if (open)
        put(w, "</a>");
    put(w, "</h2>\n<p class=\"meta\">");
    hit_date(w, h->date);
    if (*h->source != '\0') {
        put(w, " &middot; ");
        text(w, h->source);
    }
    if (*h->lang != '\0') {
        put(w, " &middot; ");
        text(w, dl_lang_name(h->lang));
    }
    if (*h->id != '\0') {
        put(w, " &middot; ");
        linked_label(w, &view, "Archived copy");
    }
    put(w, "</p>\n<p class=\"snip\">");
    marked(w, h->snippet, h->snippet_len, h->highlights, h->n_highlights);
    put(w, "</p>\n");
    if (h->duplicates > 0) {
        /* Collapsed near-duplicates are listed in the view. */
        struct link dups = view_link(p, h->id, "similar");
        put(w, "<p class=\"dups\">");
        open = *h->id != '\0' && open_link(w, &dups, NULL);
        if (h->duplicates == 1)
            put(w, "1 similar article");
        else
            putf(w, "%u similar articles", h->duplicates);
        put(w, open ? "</a></p>\n" : "</p>\n");
    }
    put(w, "</article>\n</li>\n");
}

static unsigned
last_page(const struct dl_result *res)
{
    unsigned long pages =
        (res->total + DL_CGI_PAGE_SIZE - 1) / DL_CGI_PAGE_SIZE;
    return pages > DL_CGI_MAX_PAGE ? DL_CGI_MAX_PAGE : (unsigned)pages;
}

static void
page_link(struct w *w, const struct dl_cgi_params *p, unsigned page,
          const char *rel, const char *label)
{
    struct link l = link_of(p);
    l.page = page;
    put(w, "<li>");
    if (open_link(w, &l, rel)) {
        put(w, label);
        put(w, "</a>");
    } else {
        put(w, label);
    }
    put(w, "</li>\n");
}

static void
pagination(struct w *w, const struct dl_cgi_params *p,
           const struct dl_result *res)
{
    unsigned last = last_page(res);
    unsigned lo;
    unsigned hi;
    unsigned k;
    char num[16];

    if (last <= 1)
        return;
    lo = p->page > PAGE_WINDOW ? p->page - PAGE_WINDOW : 1;
    hi = p->page + PAGE_WINDOW < last ? p->page + PAGE_WINDOW : last;
    put(w, "<nav class=\"pages\" aria-label=\"Pages\">\n<ul>\n");
    if (p->page > 1)
        page_link(w, p, p->page - 1, "prev", "&larr; Previous");
    if (lo > 1)
        page_link(w, p, 1, NULL, "1");
    if (lo > 2)
        put(w, "<li><span>&hellip;</span></li>\n");
    for (k = lo; k <= hi; k++) {
        snprintf(num, sizeof num, "%u", k);
        if (k == p->page)
            putf(w, "<li><span aria-current=\"page\">%u</span></li>\n", k);
        else
            page_link(w, p, k, NULL, num);
    }
    if (hi + 1 < last)
        put(w, "<li><span>&hellip;</span></li>\n");
    if (hi < last) {
        snprintf(num, sizeof num, "%u", last);
        page_link(w, p, last, NULL, num);
    }
    if (p->page < last)
        page_link(w, p, p->page + 1, "next", "Next &rarr;");
    put(w, "</ul>\n</nav>\n");
}

static const struct dl_facet *
facet(const struct dl_result *res, const char *name)
{
    size_t f;
    for (f = 0; f < DL_RESULT_FACETS; f++) {
        if (res->facets[f].name != NULL &&
            strcmp(res->facets[f].name, name) == 0)
            return &res->facets[f];
    }
    return NULL;
}

/* Matches per month as bars; per year when the span is long. */
static void
timeline(struct w *w, const struct dl_result *res)
{
    const struct dl_facet *fm = facet(res, "month");
    unsigned long *bins = NULL;
    unsigned long max = 0;
    long lo = -1;
    long hi = -1;
    long n;
    long peak = 0;
    bool yearly;
    size_t k;
    long i;
    char a[32];
    char b[32];

    if (fm == NULL || fm->n == 0)
        return;
    for (k = 0; k < fm->n; k++) {
        long m = month_index(fm->v[k].value);
        if (m < 0)
            continue;
        if (lo < 0 || m < lo)
            lo = m;
        if (m > hi)
            hi = m;
    }
    if (lo < 0)
        return;
    yearly = hi - lo + 1 > TIMELINE_MAX_MONTHS;
    n = yearly ? hi / 12 - lo / 12 + 1 : hi - lo + 1;
    if (n > TIMELINE_MAX_YEARS)
        return;
    bins = dl_calloc((size_t)n, sizeof *bins);
    if (bins == NULL) {
        w->rc = DL_ENOMEM;
        return;
    }
    for (k = 0; k < fm->n; k++) {
        long m = month_index(fm->v[k].value);
        if (m < 0)
            continue;
        i = yearly ? m / 12 - lo / 12 : m - lo;
        bins[i] += fm->v[k].count;
    }
    for (i = 0; i < n; i++) {
        if (bins[i] > max) {
            max = bins[i];
            peak = i;
        }
    }
    if (yearly) {
        snprintf(a, sizeof a, "%ld", lo / 12);
        snprintf(b, sizeof b, "%ld", hi / 12);
    } else {
        month_label(a, sizeof a, lo);
        month_label(b, sizeof b, hi);
    }
    put(w, "<figure>\n");
    putf(w,
         "<svg role=\"img\" aria-labelledby=\"tl-t tl-d\" "
         "viewBox=\"0 0 %ld 100\" preserveAspectRatio=\"none\">\n",
         n * 10);
    putf(w, "<title id=\"tl-t\">Matches per %s</title>\n",
         yearly ? "year" : "month");
    put(w, "<desc id=\"tl-d\">From ");
    text(w, a);
    put(w, " to ");
    text(w, b);
    if (yearly)
        putf(w, "; most in %ld", lo / 12 + peak);
    else
        putf(w, "; most in %s %ld", month_names[(lo + peak) % 12],
             (lo + peak) / 12);
    put(w, " (");
    count(w, max);
    put(w, ").</desc>\n");
    for (i = 0; i < n; i++) {
        long h = bins[i] == 0 ? 1 : (long)(2 + bins[i] * 96 / max);
        putf(w,
             "<rect x=\"%ld\" y=\"%ld\" width=\"8\" height=\"%ld\" "
             "fill=\"%s\"><title>",
             i * 10 + 1, 100 - h, h, bins[i] == 0 ? "#c8c8c8" : "#2d64a8");
        if (yearly)
            putf(w, "%ld", lo / 12 + i);
        else
            putf(w, "%s %ld", month_names[(lo + i) % 12], (lo + i) / 12);
        put(w, ": ");
        count(w, bins[i]);
        put(w, bins[i] == 1 ? " match" : " matches");
        put(w, "</title></rect>\n");
    }
    put(w, "</svg>\n<figcaption><span>");
    text(w, a);
    putf(w, "</span><span>matches per %s</span><span>",
         yearly ? "year" : "month");
    text(w, b);
    put(w, "</span></figcaption>\n</figure>\n");
    dl_free(bins);
}

static int
by_month_desc(const void *x, const void *y)
{
    const struct dl_facet_count *a = *(const struct dl_facet_count *const *)x;
    const struct dl_facet_count *b = *(const struct dl_facet_count *const *)y;
    return strcmp(b->value, a->value);
}

static void
facet_list(struct w *w, const struct dl_cgi_params *p,
           const struct dl_result *res, const char *name, const char *heading)
{
    const struct dl_facet *f = facet(res, name);
    const struct dl_facet_count **order = NULL;
    size_t n;
    size_t k;
    bool month = strcmp(name, "month") == 0;

    if (f == NULL || f->n == 0)
        return;
    order = dl_calloc(f->n, sizeof *order);
    if (order == NULL) {
        w->rc = DL_ENOMEM;
        return;
    }
    n = 0;
    for (k = 0; k < f->n; k++) {
        const char *v = f->v[k].value;
        if (*v == '\0' || (month && month_index(v) < 0))
            continue;
        order[n++] = &f->v[k];
    }
    if (month)
        qsort(order, n, sizeof *order, by_month_desc);
    if (n > (month ? FACET_SHOW_MONTHS : FACET_SHOW))
        n = month ? FACET_SHOW_MONTHS : FACET_SHOW;
    if (n == 0)
        goto out;
    put(w, "<h2>");
    put(w, heading);
    put(w, "</h2>\n<ul>\n");
    for (k = 0; k < n; k++) {
        const char *v = order[k]->value;
        struct link l = link_of(p);
        bool on;
        bool linked = false;
        char mv[8];
        char label[32];
        l.page = 1;
        if (month) {
            memcpy(mv, v, 7);
            mv[7] = '\0';
            on = p->from != NULL && p->to != NULL && strcmp(p->from, mv) == 0 &&
                 strcmp(p->to, mv) == 0;
            l.from = mv;
            l.to = mv;
            month_label(label, sizeof label, month_index(v));
        } else if (strcmp(name, "source") == 0) {
            on = p->source != NULL && strcmp(p->source, v) == 0;
            l.source = v;
        } else {
            on = p->lang != NULL && strcmp(p->lang, v) == 0;
            l.lang = v;
        }
        put(w, "<li>");
        if (on)
            put(w, "<strong aria-current=\"true\">");
        else
            linked = open_link(w, &l, NULL);
        if (month)
            text(w, label);
        else if (strcmp(name, "lang") == 0)
            text(w, dl_lang_name(v));
        else
            text(w, v);
        if (on)
            put(w, "</strong>");
        else if (linked)
            put(w, "</a>");
        put(w, " <span class=\"n\">");
        count(w, order[k]->count);
        put(w, "</span></li>\n");
    }
    put(w, "</ul>\n");
out:
    dl_free(order);
}

static void
suggestion(struct w *w, const struct dl_cgi_params *p,
           const struct dl_result *res)
{
    struct link l;
    bool linked;
    if (res->suggestion == NULL || *res->suggestion == '\0')
        return;
    l = link_of(p);
    l.q = res->suggestion;
    l.q_len = strlen(res->suggestion);
    l.page = 1;
    put(w, "<p class=\"note\">Did you mean ");
    linked = open_link(w, &l, NULL);
    put(w, "<strong>");
    text(w, res->suggestion);
    put(w, linked ? "</strong></a>?</p>\n" : "</strong>?</p>\n");
}

static void
results(struct w *w, const struct dl_html_view *v)
{
    const struct dl_cgi_params *p = v->params;
    const struct dl_result *res = v->res;
    size_t k;

    put(w, "<div class=\"cols\">\n<div>\n");
    active_filters(w, p);
    suggestion(w, p, res);
    if (res->notice != NULL) {
        put(w, "<p class=\"note\" role=\"status\">");
        text(w, res->notice);
        put(w, "</p>\n");
    }
    if (res->total == 0) {
        put(w, "<h1>No articles found</h1>\n<p>");
        if (p->q_len > 0) {
            put(w, "Nothing in the archive matches <strong>");
            textn(w, p->q, p->q_len);
            put(w, "</strong>");
        } else {
            put(w, "No article matches these filters");
        }
        put(w, ".</p>\n<ul>\n<li>Check the spelling, or try fewer or "
               "more general words.</li>\n"
               "<li>Put a phrase in quotes only when the words must "
               "appear together.</li>\n");
        if (p->source != NULL || p->lang != NULL || p->from != NULL ||
            p->to != NULL) {
            struct link l = link_of(p);
            l.source = NULL;
            l.lang = NULL;
            l.from = NULL;
            l.to = NULL;
            l.page = 1;
            put(w, "<li>");
            put(w, open_link(w, &l, NULL) ? "Search without the filters</a>"
                                          : "Search without the filters");
            put(w, ".</li>\n");
        }
        put(w, "</ul>\n</div>\n</div>\n");
        return;
    }
    put(w, "<p class=\"count\" role=\"status\">");
    if (res->n_hits > 0) {
        put(w, "Results ");
        count(w, (unsigned long)res->offset + 1);
        put(w, "&ndash;");
        count(w, (unsigned long)(res->offset + res->n_hits));
        put(w, " of ");
    }
    if (res->total_lower != res->total_upper)
        put(w, "about ");
    count(w, res->total);
    put(w, res->total == 1 ? " article" : " articles");
    if (p->q_len > 0) {
        put(w, " for <strong>");
        textn(w, p->q, p->q_len);
        put(w, "</strong>");
    }
    putf(w, " (%.3f seconds)</p>\n", res->took_ms / 1000.0);
    timeline(w, res);
    sort_links(w, p);
    if (res->n_hits == 0) {
        struct link l = link_of(p);
        l.page = 1;
        putf(w, "<p>There are no results on page %u. ", p->page);
        put(w, open_link(w, &l, NULL) ? "Go to the first page</a>"
                                      : "Go to the first page");
        put(w, ".</p>\n");
    } else {
        putf(w,
             "<h1 class=\"vh\">Search results</h1>\n"
             "<ol class=\"hits\" start=\"%zu\">\n",
             res->offset + 1);
        for (k = 0; k < res->n_hits; k++)
            hit(w, p, &res->hits[k]);
        put(w, "</ol>\n");
    }
    pagination(w, p, res);
    put(w, "</div>\n");
    if (res->has_facets) {
        put(w, "<aside aria-label=\"Refine\">\n");
        facet_list(w, p, res, "source", "Source");
        facet_list(w, p, res, "lang", "Language");
        facet_list(w, p, res, "month", "Month");
        put(w, "</aside>\n");
    }
    put(w, "</div>\n");
}

/* ---- the article view -------------------------------------------------- */

/* Where the date came from, in words (dl_schema.h, date_origin). */
static const char *
origin_words(const char *origin)
{
    if (strcmp(origin, "metadata") == 0)
        return "date from the article's metadata";
    if (strcmp(origin, "path") == 0)
        return "date from the file's path";
    if (strcmp(origin, "dateline") == 0)
        return "date from a dateline in the text";
    return NULL;
}

/* The lines under the headline: date and its origin, source, author,
 * language; the original address; the id the archive keeps it under. */
static void
article_meta(struct w *w, const struct dl_view *a)
{
    const char *origin = origin_words(a->date_origin);
    put(w, "<p class=\"meta\">");
    hit_date(w, a->date);
    if (*a->date != '\0' && origin != NULL) {
        put(w, " (");
        put(w, origin);
        put(w, ")");
    }
    if (*a->source != '\0') {
        put(w, " &middot; ");
        text(w, a->source);
    }
    if (*a->author != '\0') {
        put(w, " &middot; by ");
        text(w, a->author);
    }
    if (*a->lang != '\0') {
        put(w, " &middot; ");
        text(w, dl_lang_name(a->lang));
    }
    put(w, "</p>\n<p class=\"meta\">");
    if (linkable(a->url)) {
        put(w, "Original: <a");
        ext_url(w, a->url);
        put(w, " rel=\"noreferrer nofollow\">");
        text(w, a->url);
        put(w, "</a>");
    } else if (a->url_too_long) {
        put(w, "The original address was too long to keep.");
    } else if (*a->url != '\0') {
        put(w, "Original address (not a web link): ");
        text(w, a->url);
    } else {
        put(w, "No original address is known.");
    }
    put(w, "</p>\n<p class=\"meta\">Archived as <code>");
    text(w, a->id);
    put(w, "</code></p>\n");
}

/* The stored text, paragraph by paragraph, the query's words marked and
 * boilerplate paragraphs labelled as such. */
static void
article_text(struct w *w, const struct dl_view *a)
{
    size_t i;
    put(w, "<div class=\"text\">\n");
    for (i = 0; i < a->n_paras; i++) {
        const struct dl_view_para *p = &a->paras[i];
        if (p->boilerplate)
            put(w, "<p class=\"bp\"><span class=\"bpl\">Boilerplate:</span>");
        else
            put(w, "<p>");
        marked(w, a->body + p->start, p->len, p->hl, p->n_hl);
        put(w, "</p>\n");
    }
    if (a->n_paras == 0)
        put(w, "<p class=\"note\">No text is stored for this "
               "article.</p>\n");
    put(w, "</div>\n");
    if (a->truncated)
        putf(w,
             "<p class=\"note\">The archive keeps the first %d bytes of an "
             "article: the text goes on in the original.</p>\n",
             DL_STORED_BODY_MAX);
}

/* The other articles of the cluster, each linked to its own view. */
static void
similar(struct w *w, const struct dl_cgi_params *p, const struct dl_view *a)
{
    size_t i;
    unsigned long others = a->cluster_size > 0 ? a->cluster_size - 1 : 0;
    if (others == 0)
        return;
    put(w, "<section id=\"similar\">\n<h2>");
    if (others == 1)
        put(w, "1 similar article");
    else
        putf(w, "%lu similar articles", others);
    put(w, "</h2>\n<ul class=\"sims\">\n");
    for (i = 0; i < a->n_rel; i++) {
        const struct dl_view_rel *r = &a->rel[i];
        struct link l = view_link(p, r->id, NULL);
        bool open;
        put(w, "<li>");
        open = open_link(w, &l, NULL);
        text(w, *r->title != '\0' ? r->title : "(untitled)");
        if (open)
            put(w, "</a>");
        put(w, " <span class=\"meta\">");
        hit_date(w, r->date);
        if (*r->source != '\0') {
            put(w, " &middot; ");
            text(w, r->source);
        }
        put(w, "</span></li>\n");
    }
    put(w, "</ul>\n");
    if (a->n_rel < others)
        putf(w, "<p class=\"meta\">and %lu more, not listed.</p>\n",
             others - (unsigned long)a->n_rel);
    put(w, "</section>\n");
}

/* "Back to the results" for the query the view came with. */
static void
back_link(struct w *w, const struct dl_cgi_params *p)
{
    struct link l;
    bool open;
    if (p->q_len == 0)
        return;
    l = query_link(p);
    put(w, "<p class=\"meta\">");
    open = open_link(w, &l, NULL);
    put(w, "&larr; Results for <strong>");
    textn(w, p->q, p->q_len);
    put(w, open ? "</strong></a></p>\n" : "</strong></p>\n");
}

static void
article_page(struct w *w, const struct dl_html_view *v)
{
    const struct dl_view *a = v->art;
    back_link(w, v->params);
    put(w, "<article class=\"view\">\n<h1>");
    if (*a->title != '\0')
        marked(w, a->title, strlen(a->title), a->title_hl, a->n_title_hl);
    else
        put(w, "(untitled)");
    put(w, "</h1>\n");
    article_meta(w, a);
    article_text(w, a);
    put(w, "</article>\n");
    similar(w, v->params, a);
}

static void
not_found(struct w *w, const struct dl_cgi_params *p)
{
    put(w, "<h1>No such article</h1>\n<p class=\"err\" role=\"alert\">"
           "No article in the archive has the id <code>");
    text(w, p->show);
    put(w, "</code>. It may have been removed since the link was "
           "made.</p>\n<p>");
    if (p->q_len > 0) {
        struct link l = query_link(p);
        bool open = open_link(w, &l, NULL);
        put(w, "Search for <strong>");
        textn(w, p->q, p->q_len);
        put(w, open ? "</strong></a> again, or " : "</strong> again, or ");
    }
    put(w, "<a href=\"?\">start a new search</a>.</p>\n");
}

/* The query with the word where the parser stopped in <mark>.  pos is
 * moved back to a character boundary: the parser's offsets are bytes. */
static void
point_at(struct w *w, const struct dl_cgi_params *p, size_t pos)
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
    put(w, "<p>Your search, with the problem marked: <code>");
    textn(w, p->q, pos);
    put(w, "<mark>");
    if (end > pos)
        textn(w, p->q + pos, end - pos);
    else
        put(w, "&nbsp;&nbsp;");
    put(w, "</mark>");
    textn(w, p->q + end, p->q_len - end);
    put(w, "</code></p>\n");
}

/* The syntax help: the home page's body, or below a query error (sub). */
static void
home(struct w *w, bool sub)
{
    put(w, sub ? "<h2>How to write a search</h2>\n"
               : "<h1>Search the news archive</h1>\n");
    put(w, "<p>Type words to find articles that contain all of them, best "
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
    struct w w = {out, DL_OK};

    head(&w, v);
    search_form(&w, v);
    put(&w, "<main id=\"main\">\n<div class=\"wrap\">\n");
    switch (v->kind) {
    case DL_HTML_HOME:
        home(&w, false);
        break;
    case DL_HTML_RESULTS:
        results(&w, v);
        break;
    case DL_HTML_BAD_PARAM:
        put(&w, "<h1>This address cannot be searched</h1>\n"
                "<p class=\"err\" role=\"alert\">");
        text(&w, v->message != NULL ? v->message
                                    : "A setting in the address is "
                                      "not valid.");
        put(&w, "</p>\n<p><a href=\"?\">Start a new search</a>.</p>\n");
        break;
    case DL_HTML_BAD_QUERY:
        put(&w, "<h1>This search cannot be run as written</h1>\n"
                "<p class=\"err\" role=\"alert\">");
        text(&w, v->message != NULL ? v->message : "The search is malformed.");
        put(&w, "</p>\n");
        point_at(&w, v->params, v->errpos);
        home(&w, true);
        break;
    case DL_HTML_TOO_EXPENSIVE:
        put(&w, "<h1>This search is too expensive</h1>\n"
                "<p class=\"err\" role=\"alert\">This search was stopped: ");
        text(&w, v->message != NULL ? v->message
                                    : "it needed more work than one search "
                                      "may use");
        put(&w, ".</p>\n<p>Narrow it: fewer wildcards or more letters "
                "before each <code>*</code>, more words, a phrase, or a "
                "date, source or language filter.</p>\n");
        home(&w, true);
        break;
    case DL_HTML_ARTICLE:
        article_page(&w, v);
        break;
    case DL_HTML_NOT_FOUND:
        not_found(&w, v->params);
        break;
    case DL_HTML_ERROR:
    default:
        put(&w, "<h1>Something went wrong</h1>\n"
                "<p class=\"err\" role=\"alert\">The search service "
                "could not answer. Please try again in a moment.</p>\n");
        break;
    }
    put(&w, "</div>\n</main>\n");
    footer(&w);
    return w.rc;
}
