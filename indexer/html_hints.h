/* html_hints.h - what an element's attributes say about its content.
 *
 * Page authors name their boxes: class="article-body", id="comments",
 * role="navigation", itemprop="articleBody", style="display:none".  These
 * names are the strongest hint a single page gives about which parts are
 * the story and which are furniture, and every main-text extractor reads
 * them (Readability's class weights, trafilatura's boilerplate selectors).
 * This module turns the attributes of one element into a set of hint bits
 * and a weight; it knows nothing of trees or scores (html_extract.c uses
 * them).  Matching is on the lower-cased class and id, by substring for
 * most words ("relatedStories" is related) and by whole token for short
 * ones ("ad", "nav": not "shadow", "canvas").
 */
#ifndef DL_HTML_HINTS_H
#define DL_HTML_HINTS_H

#include <stdbool.h>
#include <stddef.h>

/* The attributes the hints are read from; a NULL pointer or a zero length
 * means absent.  Values are raw (not entity-decoded): class and id names
 * have no references in practice. */
struct dl_hattrs {
    const char *cls;
    size_t cls_n;
    const char *id;
    size_t id_n;
    const char *role;
    size_t role_n;
    const char *itemprop;
    size_t itemprop_n;
    const char *style;
    size_t style_n;
    bool hidden;      /* the "hidden" attribute is present */
    bool aria_hidden; /* aria-hidden="true" */
};

enum dl_hint {
    DL_HH_POSITIVE = 1 << 0, /* article, content, story, post, entry... */
    DL_HH_NEGATIVE = 1 << 1, /* comment, footer, sidebar, promo, meta... */
    DL_HH_UNLIKELY = 1 << 2, /* never a candidate for the story's box */
    DL_HH_MAYBE = 1 << 3,    /* rescues an unlikely box (article, main) */
    DL_HH_JUNK = 1 << 4,     /* boilerplate even inside the story's box */
    DL_HH_BODY = 1 << 5,     /* itemprop="articleBody" */
    DL_HH_HIDDEN = 1 << 6,   /* hidden, aria-hidden, display:none */
    DL_HH_NAVROLE = 1 << 7,  /* role navigation, menu, complementary... */
    DL_HH_DATE = 1 << 8,     /* itemprop="datePublished" */
    DL_HH_SHARE = 1 << 9,    /* share/sharing bars: small ones are junk */
    DL_HH_OTHER = 1 << 10    /* other stories or other people's words:
                                comments, related, most read, promotions */
};

/* Class and id weights, as Readability's: a box named like a story leans
 * towards being chosen, one named like furniture away. */
#define DL_HH_WEIGHT 25

/* dl_hhints_classify - the hint bits of an element with attributes a, and
 * its class/id weight (+-DL_HH_WEIGHT or 0) in *weight.  Pure: no state,
 * no allocation. */
unsigned dl_hhints_classify(const struct dl_hattrs *a, int *weight);

#endif
