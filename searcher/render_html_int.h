/* render_html_int.h - what the parts of the search page share (private to
 * render_html*.c; the public API is render_html.h).
 *
 * The page is written through a writer with a sticky status: after the
 * first allocation failure every call does nothing, and dl_render_html
 * returns DL_ENOMEM.  Everything from a request or the index goes through
 * html_text/html_textn (entities), html_open_link (the page's own links,
 * each read back through cgi_params.h before it is written) or
 * html_ext_url (article URLs); html_put and html_putf write only markup
 * that is a constant of these files.
 */
#ifndef DL_RENDER_HTML_INT_H
#define DL_RENDER_HTML_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "cgi_params.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "render_html.h"

struct html_w {
    dl_buf *b;    /* the page so far (borrowed) */
    dl_status rc; /* DL_OK, or the first failure: later writes do nothing */
};

/* The parameters of one of the page's own links. */
struct html_link {
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
    const char *format; /* "csv", "atom" (a constant), or NULL: the page */
    bool words; /* words=1: the page with its top words */
};

/* Markup of these files, as it is. */
void html_put(struct html_w *w, const char *s);
void html_putf(struct html_w *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Text for element content or a quoted attribute value, escaped
 * (dl_html_escape); NULL writes nothing. */
void html_textn(struct html_w *w, const char *s, size_t n);
void html_text(struct html_w *w, const char *s);

/* The link to the page the request p asked for (change fields to vary
 * it); borrows p. */
struct html_link html_link_of(const struct dl_cgi_params *p);
/* The article view of id (frag a constant or NULL) keeping only p's query,
 * whose words the view marks; with id NULL, the results of that query
 * alone. */
struct html_link html_view_link(const struct dl_cgi_params *p, const char *id,
                                const char *frag);
struct html_link html_query_link(const struct dl_cgi_params *p);
/* `<a href="?...">` for l (rel="rel" unless NULL) when the page accepts
 * the link; nothing otherwise.  Returns whether the element was opened:
 * the caller then writes the label and "</a>", or the label alone. */
bool html_open_link(struct html_w *w, const struct html_link *l,
                    const char *rel);
/* ` href="?..."` for l alone (for a <link> element) when the page
 * accepts the link; nothing otherwise.  Returns whether it was written. */
bool html_href(struct html_w *w, const struct html_link *l);
/* label (markup of these files), linked to l when the page takes the
 * link, else as text. */
void html_linked_label(struct html_w *w, const struct html_link *l,
                       const char *label);
/* Whether u is an absolute http or https URL worth linking. */
bool html_linkable(const char *u);
/* ` href="u"` for an article's URL, percent-encoded then escaped. */
void html_ext_url(struct html_w *w, const char *u);

/* A count with thousands separators. */
void html_count(struct html_w *w, unsigned long n);
/* A date as known (day, YYYY-MM or year) in <time>, else "undated". */
void html_hit_date(struct html_w *w, const char *d);
/* t[0..len) with the byte ranges hl[0..n) in <mark>: each byte escaped
 * exactly once, ranges taken only in order and inside the text. */
void html_marked(struct html_w *w, const char *t, size_t len, size_t (*hl)[2],
                 size_t n);
/* YYYY-MM at the start of s as a month index (year * 12 + month - 1), or
 * -1; and an index as "Mon YYYY" into buf. */
long html_month_index(const char *s);
void html_month_label(char *buf, size_t size, long idx);
/* The English name of a language code, or the code itself. */
const char *html_lang_name(const char *code);

/* The parts of the page (render_html_results.c, render_html_facets.c,
 * render_html_article.c). */
void html_results(struct html_w *w, const struct dl_html_view *v);
void html_timeline(struct html_w *w, const struct dl_result *res);
void html_facet_list(struct html_w *w, const struct dl_cgi_params *p,
                     const struct dl_result *res, const char *name,
                     const char *heading);
void html_article_page(struct html_w *w, const struct dl_html_view *v);
/* The top words panel (render_html_words.c): the words of v->words, each
 * a link that adds it to the query, or when v->words is NULL a link that
 * asks for them. */
void html_top_words(struct html_w *w, const struct dl_html_view *v);

#endif
