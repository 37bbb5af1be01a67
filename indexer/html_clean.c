/* html_clean.c - steps 4 and 5 of the extractor (html_extract.c): what
 * goes from inside the chosen story, and its text written one paragraph
 * per line.
 *
 * Readability's "conditional cleaning" of lists, tables and divs that look
 * like link lists, image strips or forms, plus the boxes news pages carry
 * inside the story's own box (comments, related stories, share bars,
 * captions, bylines...), which html_hints.c names.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "html_extract.h"
#include "html_extract_int.h"
#include "reader_int.h"

/* Readability's conditional cleaning of a list, table or div. */
static bool
looks_like_junk(const struct ex *x, uint32_t i, const struct stats *s)
{
    int tag = tagof(x, i);
    bool list = tag == DL_HT_UL || tag == DL_HT_OL;
    float weight = dl_hx_class_weight(x, i);
    float score = (x->mark[i] & M_SCORED) ? x->score[i] : 0.0f;
    float ld = link_density(s);
    float heading_density;
    unsigned p = s->p;
    long li = (long)s->li - 100;

    if (weight + score < 0.0f)
        return true;
    if (s->commas >= 10)
        return false;
    heading_density =
        s->chars > 0 ? (float)s->heading_chars / (float)s->chars : 0.0f;
    if (s->img > 1 && (float)p / (float)s->img < 0.5f)
        return true;
    if (!list && li > (long)p)
        return true;
    if (s->input > p / 3)
        return true;
    if (!list && heading_density < 0.9f && s->chars < 25 &&
        (s->img == 0 || s->img > 2))
        return true;
    if (!list && weight < 25.0f && ld > 0.2f)
        return true;
    if (weight >= 25.0f && ld > 0.5f)
        return true;
    if ((s->embed == 1 && s->chars < 75) || s->embed > 1)
        return true;
    return false;
}

/* Whether node i, inside the story, is left out whatever its text. */
static bool
dropped_always(const struct ex *x, uint32_t i)
{
    const struct dl_hnode *nd = &x->t->nodes[i];
    int tag = nd->tag;

    switch (tag) {
    case DL_HT_H1:
    case DL_HT_FOOTER:
    case DL_HT_ASIDE:
    case DL_HT_NAV:
    case DL_HT_FIGURE:
    case DL_HT_FIGCAPTION:
        return true;
    default:
        break;
    }
    if (nd->hints & DL_HH_BODY)
        return false;
    /* Dates of publication and change are metadata, not story text. */
    return (nd->hints & (DL_HH_NAVROLE | DL_HH_JUNK | DL_HH_DATE)) != 0;
}

/* Whether a box inside the story is left out for what its text is: a
 * paragraph or list item that is nearly all links ("Related: ...", "Read
 * more", lists of other stories), or a line that is nothing but dates
 * (<time> elements: "Updated Nov 19, 6:55 AM; Posted ..."). */
static bool
dropped_for_text(const struct ex *x, uint32_t i, const struct stats *s)
{
    int tag = tagof(x, i);
    bool para = tag == DL_HT_P || tag == DL_HT_LI ||
                (div_like(tag) && !s->block_inside);

    if (s->chars == 0 || !(tflags(x, i) & DL_HTF_BLOCK))
        return false;
    if (para && link_density(s) > LINK_LINE)
        return true;
    return s->time_chars * 10 >= s->chars * 9;
}

static bool
cleaned_conditionally(int tag)
{
    switch (tag) {
    case DL_HT_FORM:
    case DL_HT_FIELDSET:
    case DL_HT_TABLE:
    case DL_HT_UL:
    case DL_HT_DIV:
        return true;
    default:
        return false;
    }
}

/* Decide, bottom up, which boxes inside the story's roots go; the stats
 * are recomputed without them as the pass goes (a box emptied of junk may
 * look like junk itself). */
static void
clean_story(struct ex *x, uint32_t from, uint32_t to)
{
    uint32_t i;
    struct stats *s;
    const struct dl_hnode *nd;
    bool drop;

    for (i = to - 1; i >= from && i > 0; i--) {
        nd = &x->t->nodes[i];
        s = &x->st[i];
        if (x->mark[i] & M_GONE)
            continue;
        drop = false;
        if (nd->tag != DL_HT_TEXT) {
            drop = dropped_always(x, i) || dropped_for_text(x, i, s) ||
                   ((nd->hints & DL_HH_SHARE) && s->chars < 500) ||
                   ((x->flags & A_CLEAN) && cleaned_conditionally(nd->tag) &&
                    looks_like_junk(x, i, s));
        }
        if (drop) {
            x->mark[i] |= M_DROP;
        } else if (i > from) {
            dl_hx_add_to_parent(x, i);
        }
    }
}

/* The story's roots in document order: the nodes marked M_KEEP, none
 * inside another.  dl_hx_first_root gives the first, dl_hx_next_root the
 * one after c; both give x->t->n at the end. */
uint32_t
dl_hx_next_root(const struct ex *x, uint32_t c)
{
    uint32_t i = x->st[c].end;

    while (i < x->t->n && !(x->mark[i] & M_KEEP))
        i++;
    return i;
}

uint32_t
dl_hx_first_root(const struct ex *x)
{
    uint32_t i = 0;

    while (i < x->t->n && !(x->mark[i] & M_KEEP))
        i++;
    return i;
}

/* Recompute the stats of the story's roots from scratch, without their
 * subtrees' sums from scoring time, then clean them. */
void
dl_hx_clean_roots(struct ex *x)
{
    uint32_t c;
    uint32_t i;

    for (c = dl_hx_first_root(x); c < x->t->n; c = dl_hx_next_root(x, c)) {
        for (i = c; i < x->st[c].end; i++) {
            const struct dl_hnode *nd = &x->t->nodes[i];
            struct stats *s = &x->st[i];
            uint32_t end = s->end;
            memset(s, 0, sizeof *s);
            s->end = end;
            if (nd->tag == DL_HT_TEXT && !(x->mark[i] & M_GONE)) {
                dl_hx_text_counts(x->t->text.data + nd->off, nd->len, &s->chars,
                                  &s->commas);
                if (nd->flags & DL_HNF_LINK)
                    s->link_chars = s->chars;
                s->own_chars = s->chars;
                s->own_commas = s->commas;
            }
        }
        clean_story(x, c, x->st[c].end);
    }
}

static void
write_text(struct ex *x, struct writer *w, const struct dl_hnode *nd)
{
    const char *s = x->t->text.data + nd->off;
    size_t n = nd->len;
    size_t i;
    size_t start = 0;
    uint32_t chars;
    uint32_t commas;

    if (w->rc != DL_OK)
        return;
    dl_hx_text_counts(s, n, &chars, &commas);
    w->chars += chars;
    if (!(nd->flags & DL_HNF_PRE)) {
        w->rc = dl_textfold_text(&w->fold, s, n);
        return;
    }
    for (i = 0; i <= n && w->rc == DL_OK; i++) {
        if (i == n || s[i] == '\n') {
            w->rc = dl_textfold_text(&w->fold, s + start, i - start);
            if (i < n)
                dl_textfold_break(&w->fold);
            start = i + 1;
        }
    }
}

/* Write node i's text; depth is bounded by the tree's depth cap. */
void
dl_hx_write_node(struct ex *x, struct writer *w, uint32_t i)
{
    const struct dl_hnode *nd = &x->t->nodes[i];
    unsigned f = tflags(x, i);
    uint32_t c;

    if (x->mark[i] & (M_GONE | M_DROP))
        return;
    if (nd->tag == DL_HT_TEXT) {
        write_text(x, w, nd);
        return;
    }
    if (f & DL_HTF_BLOCK)
        dl_textfold_break(&w->fold);
    else if (nd->tag == DL_HT_TD || nd->tag == DL_HT_TH)
        dl_textfold_space(&w->fold);
    if (x->first_long == 0 && (f & DL_HTF_BLOCK) && x->st[i].own_chars >= 150)
        x->first_long = i;
    for (c = nd->first; c != 0 && w->rc == DL_OK; c = x->t->nodes[c].next)
        dl_hx_write_node(x, w, c);
    if (f & DL_HTF_BLOCK)
        dl_textfold_break(&w->fold);
}
