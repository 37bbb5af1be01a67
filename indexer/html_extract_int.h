/* html_extract_int.h - what the two files of the extractor share, not
 * public: the attempt's state (struct ex), the per-node counts, and the
 * steps html_extract.c calls in html_clean.c.  html_extract.c's opening
 * comment tells the method.
 */
#ifndef DL_HTML_EXTRACT_INT_H
#define DL_HTML_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl_status.h"
#include "html_extract.h"
#include "html_tree.h"
#include "reader_int.h"

/* Attempt flags, dropped one at a time while the text stays short. */
enum {
    A_STRIP = 1 << 0,  /* set furniture aside before scoring */
    A_WEIGHT = 1 << 1, /* class and id weights count */
    A_CLEAN = 1 << 2,  /* conditional cleaning */
    A_ALT = 1 << 3     /* read noscript and template content */
};

/* Fewer characters than this and the page is tried with fewer rules. */
#define CHAR_THRESHOLD 500

/* A paragraph shorter than this does not score. */
#define MIN_PARA 25

/* Ancestors a paragraph's score reaches. */
#define SCORE_LEVELS 5

/* Best boxes compared for a common ancestor. */
#define TOP_N 5

/* A paragraph or list item with more of its text in links than this is a
 * link to elsewhere, not story (text of a story links a few words). */
#define LINK_LINE 0.8f

/* A paragraph of an article's header this long is its lead. */
#define LEAD_MIN 150

/* Node marks. */
enum {
    M_GONE = 1 << 0,   /* set aside before scoring */
    M_SCORED = 1 << 1, /* has a score */
    M_KEEP = 1 << 2,   /* a root of the story's text */
    M_DROP = 1 << 3    /* left out of the story after choosing */
};

struct stats {
    uint32_t chars;      /* characters of text below */
    uint32_t link_chars; /* of which inside links */
    uint32_t commas;
    uint32_t own_chars; /* text not inside a nested block */
    uint32_t own_commas;
    uint32_t heading_chars;
    uint32_t time_chars; /* text inside <time> */
    uint32_t end;        /* one past the last node of the subtree */
    uint16_t p, img, li, input, embed;
    uint8_t block_inside; /* a block element is below */
};

struct ex {
    const struct dl_htree *t;
    struct stats *st;
    float *score;
    uint8_t *mark;
    unsigned flags; /* A_* of the current attempt */
    uint32_t top;   /* the chosen box */
    bool alone;     /* the story is the chosen box alone, no siblings */
    uint32_t first_long;
};

static inline unsigned
tflags(const struct ex *x, uint32_t i)
{
    return dl_htag_flags(x->t->nodes[i].tag);
}

static inline int
tagof(const struct ex *x, uint32_t i)
{
    return x->t->nodes[i].tag;
}

static inline float
link_density(const struct stats *s)
{
    return s->chars > 0 ? (float)s->link_chars / (float)s->chars : 0.0f;
}

/* Boxes whose loose text reads as paragraphs of their own. */
static inline bool
div_like(int tag)
{
    switch (tag) {
    case DL_HT_DIV:
    case DL_HT_ARTICLE:
    case DL_HT_SECTION:
    case DL_HT_MAIN:
    case DL_HT_HEADER:
    case DL_HT_CENTER:
    case DL_HT_UNKNOWN:
        return true;
    default:
        return false;
    }
}

struct writer {
    struct dl_textfold fold;
    size_t chars;
    dl_status rc;
};

/* dl_hx_text_counts - characters and commas of a text node s[0..n) (ASCII
 * and the common Unicode commas: fullwidth, Arabic, ideographic). */
void dl_hx_text_counts(const char *s, size_t n, uint32_t *chars,
                       uint32_t *commas);

/* dl_hx_add_to_parent - add node i's counts to its parent's. */
void dl_hx_add_to_parent(struct ex *x, uint32_t i);

/* dl_hx_class_weight - node i's weight from its class and id (+25 story,
 * -25 furniture), 0 when the attempt drops weights. */
float dl_hx_class_weight(const struct ex *x, uint32_t i);

/* dl_hx_first_root, dl_hx_next_root - the roots of the story's text (the
 * nodes marked M_KEEP, none inside another), in page order; x->t->n at
 * the end. */
uint32_t dl_hx_first_root(const struct ex *x);
uint32_t dl_hx_next_root(const struct ex *x, uint32_t i);

/* dl_hx_clean_roots - step 4: mark with M_DROP what inside the roots is
 * not story, recounting each root first. */
void dl_hx_clean_roots(struct ex *x);

/* dl_hx_write_node - step 5: write node i's surviving text into w; depth
 * is bounded by the tree's depth cap. */
void dl_hx_write_node(struct ex *x, struct writer *w, uint32_t i);

#endif
