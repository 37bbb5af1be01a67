/* render_feed.c - the Atom feed of a search and the OpenSearch
 * description of the page (render_feed.h).
 *
 * Written by hand into a dl_buf, like the JSON: the two documents are
 * small and fixed.  A sticky status keeps the many appends flat; literal
 * markup is written with put(), everything else through text() (XML
 * escaping) or, for the query strings inside addresses, percent-encoded
 * first and then escaped.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dl_date.h"
#include "html_escape.h"
#include "render_feed.h"
#include "xml_escape.h"

/* The tag URI authority and date of every id (RFC 4151: a name and the
 * year it was minted in; fixed, so ids never change). */
#define TAG_PREFIX "tag:dateline,2026:"
/* updated for an undated article (render_feed.h). */
#define UNDATED "1970-01-01T00:00:00Z"
#define BASE_MAX 1024

struct feed_w {
    dl_buf *b;
    dl_status rc;
};

static void
put(struct feed_w *w, const char *s)
{
    if (w->rc == DL_OK)
        w->rc = dl_buf_puts(w->b, s);
}

static void
textn(struct feed_w *w, const char *s, size_t n)
{
    if (w->rc == DL_OK)
        w->rc = dl_xml_escape(w->b, s, n);
}

static void
text(struct feed_w *w, const char *s)
{
    textn(w, s, strlen(s));
}

bool
dl_feed_base_ok(const char *base)
{
    /* Beside dl_web_url_ok: no query or fragment (the feed appends its
     * own), and nothing that would need quoting in a template. */
    return dl_web_url_ok(base) && strlen(base) <= BASE_MAX &&
           strpbrk(base, "?#\"'<>\\`") == NULL;
}

static dl_status
param(dl_buf *qs, const char *name, const char *v, size_t n)
{
    dl_status rc = DL_OK;
    if (v == NULL || n == 0)
        return DL_OK;
    if (qs->len > 0 && qs->data[qs->len - 1] != '?')
        rc = dl_buf_putc(qs, '&');
    if (rc == DL_OK)
        rc = dl_buf_puts(qs, name);
    if (rc == DL_OK)
        rc = dl_buf_putc(qs, '=');
    if (rc == DL_OK)
        rc = dl_url_encode(qs, v, n);
    return rc;
}

static size_t
len_of(const char *s)
{
    return s != NULL ? strlen(s) : 0;
}

dl_status
dl_feed_query_string(const struct dl_feed_search *fs, const char *format,
                     dl_buf *out)
{
    dl_status rc = param(out, "q", fs->q, fs->q != NULL ? fs->q_len : 0);
    if (rc == DL_OK)
        rc = param(out, "source", fs->source, len_of(fs->source));
    if (rc == DL_OK)
        rc = param(out, "lang", fs->lang, len_of(fs->lang));
    if (rc == DL_OK)
        rc = param(out, "from", fs->from, len_of(fs->from));
    if (rc == DL_OK)
        rc = param(out, "to", fs->to, len_of(fs->to));
    if (rc == DL_OK)
        rc = param(out, "format", format, len_of(format));
    return rc;
}

/* base + "?" + the query string of fs (and format), escaped for an
 * attribute. */
static void
search_href(struct feed_w *w, const char *base, const struct dl_feed_search *fs,
            const char *format)
{
    dl_buf url = DL_BUF_INIT;
    if (w->rc == DL_OK)
        w->rc = dl_buf_puts(&url, base);
    if (w->rc == DL_OK)
        w->rc = dl_buf_putc(&url, '?');
    if (w->rc == DL_OK)
        w->rc = dl_feed_query_string(fs, format, &url);
    if (w->rc == DL_OK)
        textn(w, url.data, url.len);
    dl_buf_free(&url);
}

/* An article's own URL as an attribute value: the bytes an IRI may not
 * hold raw (controls, space, quotes, < > ` \\ ^ { | }) percent-encoded,
 * as the page does (render_html.c, html_ext_url), then the rest escaped. */
static void
url_text(struct feed_w *w, const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    dl_buf enc = DL_BUF_INIT;
    size_t i;
    for (i = 0; w->rc == DL_OK && u[i] != '\0'; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c < 0x21 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
            c == '`' || c == '\\' || c == '^' || c == '{' || c == '|' ||
            c == '}' || c == '\'') {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            w->rc = dl_buf_append(&enc, e, 3);
        } else {
            w->rc = dl_buf_putc(&enc, (char)c);
        }
    }
    if (w->rc == DL_OK)
        textn(w, enc.data != NULL ? enc.data : "", enc.len);
    dl_buf_free(&enc);
}

/* An article's link: its own URL when the page would link it
 * (dl_web_url_ok), else its archived copy on the page. */
static void
entry_href(struct feed_w *w, const char *base, const struct dl_result_hit *h)
{
    dl_buf url = DL_BUF_INIT;
    if (dl_web_url_ok(h->url)) {
        url_text(w, h->url);
        return;
    }
    if (w->rc == DL_OK)
        w->rc = dl_buf_puts(&url, base);
    if (w->rc == DL_OK)
        w->rc = dl_buf_putc(&url, '?');
    if (w->rc == DL_OK)
        w->rc = param(&url, "show", h->id, strlen(h->id));
    if (w->rc == DL_OK)
        textn(w, url.data, url.len);
    dl_buf_free(&url);
}

/* date (YYYY-MM-DD, YYYY-MM or YYYY) as RFC 3339 at midnight UTC into
 * buf (at least 21 bytes), UNDATED when it is none of those. */
static void
rfc3339(const char *date, char *buf, size_t size)
{
    struct dl_date d;
    if (!dl_date_parse_iso(date, strlen(date), &d)) {
        snprintf(buf, size, "%s", UNDATED);
        return;
    }
    snprintf(buf, size, "%04d-%02d-%02dT00:00:00Z", d.year,
             d.month != 0 ? d.month : 1, d.day != 0 ? d.day : 1);
}

static void
entry(struct feed_w *w, const char *base, const struct dl_result_hit *h)
{
    char when[32];
    dl_buf id = DL_BUF_INIT;

    rfc3339(h->date, when, sizeof when);
    put(w, "<entry>\n<title type=\"text\">");
    text(w, *h->title != '\0' ? h->title : "(untitled)");
    put(w, "</title>\n<link rel=\"alternate\" href=\"");
    entry_href(w, base, h);
    put(w, "\"/>\n<id>" TAG_PREFIX "article:");
    if (w->rc == DL_OK)
        w->rc = dl_url_encode(&id, h->id, strlen(h->id));
    if (w->rc == DL_OK)
        textn(w, id.data != NULL ? id.data : "", id.len);
    dl_buf_free(&id);
    put(w, "</id>\n<updated>");
    put(w, when);
    put(w, "</updated>\n");
    if (*h->source != '\0') {
        put(w, "<author><name>");
        text(w, h->source);
        put(w, "</name></author>\n");
    }
    if (*h->lang != '\0') {
        put(w, "<category term=\"");
        text(w, h->lang);
        put(w, "\"/>\n");
    }
    put(w, "<summary type=\"text\">");
    textn(w, h->snippet != NULL ? h->snippet : "", h->snippet_len);
    put(w, "</summary>\n</entry>\n");
}

dl_status
dl_render_atom(const struct dl_result *res, const struct dl_feed_search *fs,
               const char *base, dl_buf *out)
{
    struct feed_w w = {out, DL_OK};
    char newest[32] = UNDATED;
    char when[32];
    dl_buf qs = DL_BUF_INIT;
    size_t i;

    for (i = 0; i < res->n_hits; i++) {
        rfc3339(res->hits[i].date, when, sizeof when);
        if (strcmp(when, newest) > 0)
            memcpy(newest, when, sizeof when);
    }
    put(&w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
            "<title type=\"text\">Dateline: ");
    if (fs->q != NULL && fs->q_len > 0)
        textn(&w, fs->q, fs->q_len);
    else
        put(&w, "articles by filter");
    put(&w, "</title>\n<id>" TAG_PREFIX "search?");
    if (w.rc == DL_OK)
        w.rc = dl_feed_query_string(fs, NULL, &qs);
    if (w.rc == DL_OK)
        textn(&w, qs.data != NULL ? qs.data : "", qs.len);
    dl_buf_free(&qs);
    put(&w, "</id>\n<updated>");
    put(&w, newest);
    put(&w, "</updated>\n<link rel=\"self\" type=\"application/atom+xml\" "
            "href=\"");
    search_href(&w, base, fs, "atom");
    put(&w, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    search_href(&w, base, fs, NULL);
    put(&w, "\"/>\n<author><name>Dateline</name></author>\n"
            "<generator>Dateline</generator>\n");
    for (i = 0; i < res->n_hits; i++)
        entry(&w, base, &res->hits[i]);
    put(&w, "</feed>\n");
    return w.rc;
}

dl_status
dl_render_opensearch(const char *base, dl_buf *out)
{
    struct feed_w w = {out, DL_OK};
    put(&w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<OpenSearchDescription "
            "xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
            "<ShortName>Dateline</ShortName>\n"
            "<Description>Search the news archive</Description>\n"
            "<InputEncoding>UTF-8</InputEncoding>\n"
            "<Url type=\"text/html\" method=\"get\" template=\"");
    text(&w, base);
    put(&w, "?q={searchTerms}\"/>\n"
            "<Url type=\"application/atom+xml\" method=\"get\" template=\"");
    text(&w, base);
    put(&w, "?q={searchTerms}&amp;format=atom\"/>\n"
            "<Url type=\"application/opensearchdescription+xml\" "
            "rel=\"self\" template=\"");
    text(&w, base);
    put(&w, "?format=opensearch\"/>\n</OpenSearchDescription>\n");
    return w.rc;
}
