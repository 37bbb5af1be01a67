/* html_extract.h - the main text of a web page: the story, not the page.
 *
 * Given the page's tree (html_tree.h), find the box that holds the story
 * and write its paragraphs, leaving out navigation, sidebars, teasers of
 * other stories, reader comments, share bars, newsletter prompts, captions
 * and the like.  See html_extract.c for how.
 */
#ifndef DL_HTML_EXTRACT_H
#define DL_HTML_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "html_tree.h"

struct dl_hextract {
    uint32_t top;        /* the box chosen (a node of the tree); 0: none */
    uint32_t first_long; /* the first long paragraph of the story; 0: none */
    size_t chars;        /* characters written */
    unsigned attempt;    /* which rule set gave the text (0: strictest) */
};

/* dl_hextract_run - append the main text of the page in t to out:
 * paragraphs (p, li, headings, table rows, lines of pre...) separated by
 * "\n", white space folded, nothing before the first or after the last.
 * Leaves out the <h1> (the headline is the article's title).  info (may be
 * NULL) says what was chosen; info->chars == 0 when the page has no text
 * the rules accept (the caller then falls back to the page's whole text).
 * t is read only.  DL_OK or DL_ENOMEM (out may then hold part of the
 * text). */
dl_status dl_hextract_run(const struct dl_htree *t, dl_buf *out,
                          struct dl_hextract *info);

/* dl_hextract_in_header - whether node i of t is in the story's header
 * area as info (from dl_hextract_run on t) found it: inside the story's
 * <article> (or the chosen box's parent when there is none), before the
 * story's first long paragraph, and not inside a quotation, a figure, a
 * list, a nav, aside or footer, another story's <article>, or a box of comments
 * or related stories.  A <time> there dates the story; one elsewhere may date
 * a comment or a cited report. */
bool dl_hextract_in_header(const struct dl_htree *t,
                           const struct dl_hextract *info, uint32_t i);

/* dl_hextract_elsewhere - whether node i of t, wherever it is in the page,
 * stands inside a quotation, a figure, a nav, aside or footer, a box of
 * comments or related stories, or an <article> other than the story's (info as
 * above; info->top 0: any article counts as the story's).  Its
 * itemprop="datePublished" is then not the story's date. */
bool dl_hextract_elsewhere(const struct dl_htree *t,
                           const struct dl_hextract *info, uint32_t i);

#endif
