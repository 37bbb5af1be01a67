/* render_html.h - the search page of dateline.cgi (SPEC section 6).
 *
 * One self-contained HTML5 page: a search form that keeps the query and
 * the filters, the hits with escaped snippets and <mark> highlights, each
 * linked to its article view ("Archived copy", and its near-duplicates),
 * pagination, sort links, facet links, a timeline of matches per month as
 * inline SVG, a panel of the search's top words (each a link that adds
 * it to the query; on request, words=1, behind a link), and a page for "nothing
 * found", a bad request, a search over its budget and an internal error.  The
 * article view (show=ID) shows one article as the index stores it
 * (article_view.h): metadata, the text with the query's words in <mark> and
 * boilerplate paragraphs marked, and its near-duplicates each linked to its own
 * view.  No script, no external resource; the one <style> element is allowed by
 * its SHA-256 in dl_html_csp, so the page's content security policy can forbid
 * everything else.  Every string from the request or the index is escaped for
 * where it lands: element text and attribute values with entities, URL
 * parameters with percent-encoding of every byte outside the unreserved set,
 * article URLs linked only when they are http or https.  Links are relative
 * ("?q=..."), so the page works under any script name and behind rewrites (the
 * shipped lighttpd setup serves it at "/"), and each is read back through the
 * request's parser (cgi_params.h) before it is written: a link the page would
 * refuse is never made, its label is shown as text instead.
 */
#ifndef DL_RENDER_HTML_H
#define DL_RENDER_HTML_H

#include <stddef.h>

#include "article_view.h"
#include "cgi_params.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"
#include "topwords.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The Content-Security-Policy header value for the page.  The hash is of
 * the <style> element's text; tests/integ/cgi_direct.sh recomputes it. */
extern const char dl_html_csp[];

enum dl_html_kind {
    DL_HTML_HOME,          /* no query and no filter: the form and some help */
    DL_HTML_RESULTS,       /* res is set (it may hold no hits) */
    DL_HTML_BAD_PARAM,     /* message says what is wrong with the address */
    DL_HTML_BAD_QUERY,     /* message is the query parser's, for the reader */
    DL_HTML_ERROR,         /* internal: a fixed sentence, message unused */
    DL_HTML_TOO_EXPENSIVE, /* over the search's budget (DL_EBUDGET):
                              message says which cap, for the reader */
    DL_HTML_ARTICLE,       /* art is set: the article view (show=ID) */
    DL_HTML_NOT_FOUND      /* no article has the id params->show */
};

struct dl_html_view {
    enum dl_html_kind kind;
    const struct dl_cgi_params *params; /* the request as parsed */
    const struct dl_result *res;        /* DL_HTML_RESULTS only */
    const struct dl_topwords *words;    /* DL_HTML_RESULTS: the top words
                                           when params->words asked for
                                           them, else NULL */
    const struct dl_view *art;          /* DL_HTML_ARTICLE only */
    const char *message;                /* see the kinds; may be NULL */
    size_t errpos; /* DL_HTML_BAD_QUERY: byte offset of the problem in
                      params->q, or DL_HTML_NO_POS */
};

#define DL_HTML_NO_POS ((size_t)-1)

/* Top words the page shows (words=1): a panel a glance takes in. */
#define DL_HTML_TOP_WORDS 20

/* dl_render_html - append the whole page (body only, no HTTP headers) for
 * v to out (not reset).  Borrows everything in v.  DL_OK or DL_ENOMEM (out
 * may then hold part of the page). */
dl_status dl_render_html(const struct dl_html_view *v, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
