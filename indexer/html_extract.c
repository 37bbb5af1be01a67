/* html_extract.c - the main text of a web page (html_extract.h).
 *
 * The method is Readability's (Mozilla's Readability.js, itself after
 * Arc90's), which the published benchmarks rank near the top, with rules
 * added for what news pages carry inside the story's own box:
 *
 * 1. Boxes that cannot hold the story are set aside: scripts, form
 *    controls, hidden elements (hidden, aria-hidden, display:none), and in
 *    the first attempt nav, aside and footer elements and boxes whose
 *    class, id or role names furniture (html_hints.c).
 * 2. Every paragraph (p, pre, td, and any div-like box with no block
 *    inside; the loose text of one that has blocks counts as its own
 *    paragraph) of at least MIN_PARA characters scores 1 + its commas +
 *    one per 100 characters (at most 3), and adds that to its parent,
 *    half to its grandparent and a third of its level to the ancestors
 *    above, SCORE_LEVELS levels in all.  Boxes start from a score by tag
 *    (div +5, lists -3, headings -5...) plus their class weight (+25 for a
 *    story's name, -25 for furniture's).  Each score is then scaled by the
 *    box's share of text outside links.
 * 3. The best box wins; a common ancestor of several near-best boxes wins
 *    instead, and so does a parent that scores higher.  Its siblings join
 *    it when they score well or are link-free paragraphs, unless their
 *    names say furniture; so do the long paragraphs of its <article>'s
 *    <header> (the lead).
 * 4. Inside, what is not story goes: boxes named as comments, related
 *    stories, share bars, newsletter prompts, captions, credits, bylines
 *    and author boxes; asides, footers, navigation, figures, the <h1>
 *    headline; datePublished elements and lines of nothing but <time>;
 *    paragraphs and list items that are nearly all links; and lists, tables
 *    and divs that look like link lists, image strips or forms
 *    (Readability's "conditional cleaning").
 * 5. The surviving blocks are written one paragraph per line.
 *
 * When the text is short (under CHAR_THRESHOLD characters) the attempt is
 * repeated with fewer rules (no furniture set aside, then no class
 * weights, then no conditional cleaning), and the longest text wins; when
 * even that is short, <noscript> and template content are read as well,
 * and win only when they hold most of the page's text.
 *
 * Steps 1 to 3 and the attempts are here; steps 4 and 5 (cleaning the
 * chosen story and writing its text) are html_clean.c, sharing the
 * extraction's state through html_extract_int.h.
 *
 * Every rule here was kept only if it raised the benchmark's score on
 * both halves of bench/extract-eval.py's split (bench/README.md); none
 * names a site.  Each pass is linear in the tree's nodes (ancestor walks
 * are bounded by SCORE_LEVELS or by the tree's depth cap), and the
 * attempts are at most five.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "html_extract.h"
#include "html_extract_int.h"
#include "reader_int.h"

static void
sat_add16(uint16_t *a, unsigned b)
{
    unsigned s = *a + b;
    *a = (uint16_t)(s > 0xFFFF ? 0xFFFF : s);
}

/* Characters and commas of a text node (ASCII and the common Unicode
 * commas: fullwidth, Arabic, ideographic). */
void
dl_hx_text_counts(const char *s, size_t n, uint32_t *chars, uint32_t *commas)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i;

    *chars = 0;
    *commas = 0;
    for (i = 0; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            (*chars)++;
        if (u[i] == ',')
            (*commas)++;
        else if (u[i] == 0xEF && i + 2 < n && u[i + 1] == 0xBC &&
                 u[i + 2] == 0x8C)
            (*commas)++; /* U+FF0C */
        else if (u[i] == 0xD8 && i + 1 < n && u[i + 1] == 0x8C)
            (*commas)++; /* U+060C */
        else if (u[i] == 0xE3 && i + 2 < n && u[i + 1] == 0x80 &&
                 u[i + 2] == 0x81)
            (*commas)++; /* U+3001 */
    }
}

static bool
unlikely(const struct ex *x, uint32_t i)
{
    const struct dl_hnode *nd = &x->t->nodes[i];
    int tag = nd->tag;

    if (nd->hints & DL_HH_NAVROLE)
        return true;
    if (tag == DL_HT_NAV || tag == DL_HT_ASIDE || tag == DL_HT_FOOTER)
        return true;
    if (tag == DL_HT_BODY || tag == DL_HT_A || tag == DL_HT_ARTICLE ||
        tag == DL_HT_MAIN || (nd->hints & DL_HH_BODY))
        return false;
    return (nd->hints & DL_HH_UNLIKELY) && !(nd->hints & DL_HH_MAYBE);
}

static void
mark_gone(struct ex *x)
{
    const struct dl_htree *t = x->t;
    uint32_t i;
    unsigned f;

    x->mark[0] = 0;
    for (i = 1; i < t->n; i++) {
        const struct dl_hnode *nd = &t->nodes[i];
        f = tflags(x, i);
        x->mark[i] = 0;
        if ((x->mark[nd->parent] & M_GONE) || (f & DL_HTF_SKIP) ||
            ((f & DL_HTF_ALT) && !(x->flags & A_ALT)) ||
            (nd->hints & DL_HH_HIDDEN) ||
            (nd->tag != DL_HT_TEXT && (x->flags & A_STRIP) && unlikely(x, i)))
            x->mark[i] = M_GONE;
    }
}

/* Add the stats of node i (final) to its parent. */
void
dl_hx_add_to_parent(struct ex *x, uint32_t i)
{
    const struct dl_hnode *nd = &x->t->nodes[i];
    struct stats *s = &x->st[i];
    struct stats *p = &x->st[nd->parent];
    unsigned f = tflags(x, i);
    int tag = nd->tag;

    p->chars += s->chars;
    p->link_chars += s->link_chars;
    p->commas += s->commas;
    p->heading_chars += (f & DL_HTF_HEADING) ? s->chars : s->heading_chars;
    p->time_chars += tag == DL_HT_TIME ? s->chars : s->time_chars;
    sat_add16(&p->p, s->p + (tag == DL_HT_P));
    sat_add16(&p->img, s->img + (tag == DL_HT_IMG));
    sat_add16(&p->li, s->li + (tag == DL_HT_LI));
    sat_add16(&p->input, s->input + (tag == DL_HT_INPUT));
    sat_add16(&p->embed,
              s->embed + (tag == DL_HT_EMBED || tag == DL_HT_OBJECT ||
                          tag == DL_HT_IFRAME));
    if (tag == DL_HT_TEXT || !(f & DL_HTF_BLOCK)) {
        p->own_chars += s->own_chars;
        p->own_commas += s->own_commas;
    }
    if (((f & DL_HTF_BLOCK) && tag != DL_HT_BR) || tag == DL_HT_IMG ||
        s->block_inside)
        p->block_inside = 1;
    if (s->end > p->end)
        p->end = s->end;
}

/* Stats of every node not set aside (those not gone get zeros). */
static void
compute_stats(struct ex *x)
{
    const struct dl_htree *t = x->t;
    uint32_t i;

    memset(x->st, 0, t->n * sizeof *x->st);
    for (i = 0; i < t->n; i++)
        x->st[i].end = i + 1;
    for (i = t->n - 1; i >= 1; i--) {
        const struct dl_hnode *nd = &t->nodes[i];
        struct stats *s = &x->st[i];
        if (nd->tag == DL_HT_TEXT && !(x->mark[i] & M_GONE)) {
            dl_hx_text_counts(t->text.data + nd->off, nd->len, &s->chars,
                              &s->commas);
            if (nd->flags & DL_HNF_LINK)
                s->link_chars = s->chars;
            s->own_chars = s->chars;
            s->own_commas = s->commas;
        }
        if (x->mark[i] & M_GONE) {
            uint32_t end = s->end;
            memset(s, 0, sizeof *s);
            s->end = end;
            if (end > x->st[nd->parent].end)
                x->st[nd->parent].end = end;
            continue;
        }
        dl_hx_add_to_parent(x, i);
    }
}

static float
tag_score(int tag)
{
    switch (tag) {
    case DL_HT_DIV:
        return 5;
    case DL_HT_PRE:
    case DL_HT_TD:
    case DL_HT_BLOCKQUOTE:
        return 3;
    case DL_HT_ADDRESS:
    case DL_HT_OL:
    case DL_HT_UL:
    case DL_HT_DL:
    case DL_HT_DD:
    case DL_HT_DT:
    case DL_HT_LI:
    case DL_HT_FORM:
        return -3;
    case DL_HT_H1:
    case DL_HT_H2:
    case DL_HT_H3:
    case DL_HT_H4:
    case DL_HT_H5:
    case DL_HT_H6:
    case DL_HT_TH:
        return -5;
    default:
        return 0;
    }
}

float
dl_hx_class_weight(const struct ex *x, uint32_t i)
{
    /* itemprop="articleBody" adds nothing here: on the tuning half a bonus
     * of 10, 25 or 50 did not help (bench/README.md); such a box is only
     * spared the furniture rules (unlikely, dropped_always). */
    return (x->flags & A_WEIGHT) ? (float)x->t->nodes[i].weight : 0.0f;
}

static void
init_score(struct ex *x, uint32_t i)
{
    if (x->mark[i] & M_SCORED)
        return;
    x->mark[i] |= M_SCORED;
    x->score[i] = tag_score(tagof(x, i)) + dl_hx_class_weight(x, i);
}

/* Whether a box may take a score: not the document, html or head. */
static bool
scorable(const struct ex *x, uint32_t i)
{
    int tag = tagof(x, i);
    return i != 0 && tag != DL_HT_HTML && tag != DL_HT_TEXT;
}

/* Add a paragraph's score to from and the ancestors above it. */
static void
spread(struct ex *x, uint32_t from, uint32_t chars, uint32_t commas)
{
    float content =
        1.0f + (float)commas + (float)(chars / 100 > 3 ? 3 : chars / 100);
    uint32_t a = from;
    int level;

    for (level = 0; level < SCORE_LEVELS && scorable(x, a); level++) {
        init_score(x, a);
        x->score[a] += content / (level == 0   ? 1.0f
                                  : level == 1 ? 2.0f
                                               : (float)level * 3.0f);
        a = x->t->nodes[a].parent;
    }
}

static void
score_paragraphs(struct ex *x)
{
    const struct dl_htree *t = x->t;
    uint32_t i;
    int tag;

    for (i = 1; i < t->n; i++) {
        const struct stats *s = &x->st[i];
        if (x->mark[i] & M_GONE)
            continue;
        tag = tagof(x, i);
        if (tag == DL_HT_TEXT)
            continue;
        if (tag == DL_HT_P || tag == DL_HT_PRE || tag == DL_HT_TD ||
            (div_like(tag) && !s->block_inside)) {
            if (s->chars >= MIN_PARA)
                spread(x, t->nodes[i].parent, s->chars, s->commas);
        } else if (div_like(tag) && s->own_chars >= MIN_PARA) {
            spread(x, i, s->own_chars, s->own_commas);
        }
    }
}

static bool
is_body_or_root(const struct ex *x, uint32_t i)
{
    return i == 0 || tagof(x, i) == DL_HT_BODY || tagof(x, i) == DL_HT_HTML;
}

static bool
is_ancestor(const struct ex *x, uint32_t a, uint32_t i)
{
    return a <= i && i < x->st[a].end;
}

/* The TOP_N best boxes, best first, into best[]; returns how many. */
static size_t
best_boxes(struct ex *x, uint32_t *best)
{
    size_t nbest = 0;
    size_t k;
    uint32_t i;

    for (i = 1; i < x->t->n; i++) {
        if (!(x->mark[i] & M_SCORED))
            continue;
        x->score[i] *= 1.0f - link_density(&x->st[i]);
        for (k = nbest; k > 0 && x->score[best[k - 1]] < x->score[i]; k--) {
            if (k < TOP_N)
                best[k] = best[k - 1];
        }
        if (k < TOP_N) {
            best[k] = i;
            if (nbest < TOP_N)
                nbest++;
        }
    }
    return nbest;
}

/* Readability's refinements of the best box: an ancestor shared by
 * several near-best boxes, a parent that scores higher, a parent whose
 * only child it is. */
static uint32_t
refine_top(struct ex *x, const uint32_t *best, size_t nbest)
{
    uint32_t top = best[0];
    uint32_t p;
    float last;
    float threshold;
    size_t k;
    int near = 0;
    int lists;

    for (k = 1; k < nbest; k++) {
        if (x->score[best[k]] / x->score[top] >= 0.75f)
            near++;
    }
    if (near >= 3) {
        for (p = x->t->nodes[top].parent; !is_body_or_root(x, p);
             p = x->t->nodes[p].parent) {
            lists = 0;
            for (k = 1; k < nbest; k++) {
                if (x->score[best[k]] / x->score[top] >= 0.75f &&
                    is_ancestor(x, p, best[k]))
                    lists++;
            }
            if (lists >= 3) {
                top = p;
                break;
            }
        }
    }
    init_score(x, top);
    last = x->score[top];
    threshold = last / 3.0f;
    for (p = x->t->nodes[top].parent; !is_body_or_root(x, p);
         p = x->t->nodes[p].parent) {
        if (!(x->mark[p] & M_SCORED))
            continue;
        if (x->score[p] < threshold)
            break;
        if (x->score[p] > last) {
            top = p;
            break;
        }
        last = x->score[p];
    }
    for (p = x->t->nodes[top].parent; !is_body_or_root(x, p);
         p = x->t->nodes[p].parent) {
        uint32_t c;
        int elements = 0;
        for (c = x->t->nodes[p].first; c != 0; c = x->t->nodes[c].next) {
            if (tagof(x, c) != DL_HT_TEXT && !(x->mark[c] & M_GONE))
                elements++;
        }
        if (elements != 1)
            break;
        top = p;
    }
    init_score(x, top);
    return top;
}

/* Whether a text node's text ends a sentence: ". " inside or "." last. */
static bool
has_sentence_end(const struct ex *x, uint32_t i)
{
    uint32_t c;
    uint32_t end = x->st[i].end;

    for (c = i + 1; c < end; c++) {
        const struct dl_hnode *nd = &x->t->nodes[c];
        const char *s;
        const char *dot;
        if (nd->tag != DL_HT_TEXT || (x->mark[c] & M_GONE))
            continue;
        s = x->t->text.data + nd->off;
        dot = memchr(s, '.', nd->len);
        while (dot != NULL) {
            size_t at = (size_t)(dot - s);
            if (at + 1 == nd->len || s[at + 1] == ' ')
                return true;
            dot = memchr(dot + 1, '.', nd->len - at - 1);
        }
    }
    return false;
}

/* Mark the story's roots: the best box and its siblings that belong. */
static void
keep_siblings(struct ex *x)
{
    uint32_t top = x->top;
    uint32_t parent = x->t->nodes[top].parent;
    float threshold = x->score[top] * 0.2f;
    uint32_t c;

    if (threshold < 10.0f)
        threshold = 10.0f;
    x->mark[top] |= M_KEEP;
    if (x->alone)
        return;
    for (c = x->t->nodes[parent].first; c != 0; c = x->t->nodes[c].next) {
        const struct dl_hnode *nd = &x->t->nodes[c];
        const struct stats *s = &x->st[c];
        float bonus = 0.0f;
        if (c == top || nd->tag == DL_HT_TEXT || (x->mark[c] & M_GONE))
            continue;
        /* A box named as furniture is no part of the story, whatever it
         * scores ("footer-content": Readability's "content" rescues the
         * name, here it does not make it a sibling). */
        if ((nd->hints & (DL_HH_UNLIKELY | DL_HH_JUNK | DL_HH_NAVROLE)) ||
            (tflags(x, c) & DL_HTF_FURNITURE))
            continue;
        if (nd->len != 0 && nd->len == x->t->nodes[top].len)
            bonus = x->score[top] * 0.2f; /* the same class */
        if ((x->mark[c] & M_SCORED) && x->score[c] + bonus >= threshold) {
            x->mark[c] |= M_KEEP;
        } else if (nd->tag == DL_HT_P) {
            float ld = link_density(s);
            if ((s->chars > 80 && ld < 0.25f) ||
                (s->chars < 80 && s->chars > 0 && ld == 0.0f &&
                 has_sentence_end(x, c)))
                x->mark[c] |= M_KEEP;
        }
    }
}

/* The lead paragraphs of a <header> h: link-free paragraphs of at least
 * LEAD_MIN characters (a kicker, a one-line summary, a byline or a date
 * line is shorter, and is not the story's text). */
static void
keep_lead(struct ex *x, uint32_t h)
{
    uint32_t i;

    for (i = h + 1; i < x->st[h].end; i++) {
        const struct dl_hnode *nd = &x->t->nodes[i];
        if ((x->mark[i] & M_GONE) ||
            (nd->hints & (DL_HH_JUNK | DL_HH_NAVROLE))) {
            i = x->st[i].end - 1;
            continue;
        }
        if (nd->tag == DL_HT_P && x->st[i].chars >= LEAD_MIN &&
            link_density(&x->st[i]) < 0.25f) {
            x->mark[i] |= M_KEEP;
            i = x->st[i].end - 1;
        }
    }
}

/* The <header> of the story's <article>, when the chosen box is below it
 * and not in it, often holds the lead paragraph: that joins the story. */
static void
keep_article_header(struct ex *x)
{
    uint32_t a;
    uint32_t i;

    if (x->alone)
        return;
    for (a = x->t->nodes[x->top].parent; a != 0; a = x->t->nodes[a].parent) {
        if (tagof(x, a) == DL_HT_ARTICLE)
            break;
    }
    if (a == 0)
        return;
    for (i = a + 1; i < x->top; i++) {
        if (x->mark[i] & M_GONE) {
            i = x->st[i].end - 1;
            continue;
        }
        if (tagof(x, i) == DL_HT_HEADER && !is_ancestor(x, i, x->top)) {
            keep_lead(x, i);
            i = x->st[i].end - 1;
        }
    }
}

/* Whether node i lies in a nav, aside, footer or form (an <article>
 * there is a teaser card for another story). */
static bool
in_furniture(const struct ex *x, uint32_t i)
{
    uint32_t a;

    for (a = x->t->nodes[i].parent; a != 0; a = x->t->nodes[a].parent) {
        if (tflags(x, a) & DL_HTF_FURNITURE)
            return true;
    }
    return false;
}

/* The box of a page with no paragraph long enough to score: its <main>,
 * else its one <article>, else its body, else the whole document. */
static uint32_t
unscored_top(const struct ex *x)
{
    uint32_t body = 0;
    uint32_t main = 0;
    uint32_t article = 0;
    unsigned articles = 0;
    uint32_t i;

    for (i = 1; i < x->t->n; i++) {
        if ((x->mark[i] & M_GONE) ||
            ((tagof(x, i) == DL_HT_MAIN || tagof(x, i) == DL_HT_ARTICLE) &&
             in_furniture(x, i)))
            continue;
        switch (tagof(x, i)) {
        case DL_HT_BODY:
            body = body != 0 ? body : i;
            break;
        case DL_HT_MAIN:
            main = main != 0 ? main : i;
            break;
        case DL_HT_ARTICLE:
            article = i;
            articles++;
            break;
        default:
            break;
        }
    }
    if (main != 0)
        return main;
    if (articles == 1)
        return article;
    return body;
}

/* One attempt with x->flags: the story's text into out (reset first). */
static dl_status
attempt(struct ex *x, dl_buf *out, size_t *chars)
{
    uint32_t best[TOP_N];
    size_t nbest;
    uint32_t top;
    uint32_t c;
    struct writer w;

    dl_buf_reset(out);
    *chars = 0;
    x->top = 0;
    x->alone = true;
    x->first_long = 0;
    mark_gone(x);
    compute_stats(x);
    score_paragraphs(x);
    nbest = best_boxes(x, best);
    if (nbest == 0) {
        top = unscored_top(x);
    } else {
        top = refine_top(x, best, nbest);
    }
    if (top != 0 && !(x->mark[top] & M_SCORED)) {
        x->mark[top] |= M_SCORED;
        x->score[top] = 0.0f;
    }
    x->top = top;
    x->alone = nbest == 0 || is_body_or_root(x, top);
    keep_siblings(x);
    keep_article_header(x);
    dl_hx_clean_roots(x);
    dl_textfold_init(&w.fold, out, 0);
    w.chars = 0;
    w.rc = DL_OK;
    for (c = dl_hx_first_root(x); c < x->t->n && w.rc == DL_OK;
         c = dl_hx_next_root(x, c))
        dl_hx_write_node(x, &w, c);
    *chars = w.chars;
    return w.rc;
}

/* Whether the page has noscript or template content with text. */
static bool
has_alt_text(const struct dl_htree *t)
{
    uint32_t i;

    for (i = 1; i < t->n; i++) {
        if (t->nodes[i].tag == DL_HT_TEXT && t->nodes[i].len > 1) {
            uint32_t a;
            for (a = t->nodes[i].parent; a != 0; a = t->nodes[a].parent) {
                if (dl_htag_flags(t->nodes[a].tag) & DL_HTF_ALT)
                    return true;
            }
        }
    }
    return false;
}

dl_status
dl_hextract_run(const struct dl_htree *t, dl_buf *out, struct dl_hextract *info)
{
    static const unsigned plan[] = {A_STRIP | A_WEIGHT | A_CLEAN,
                                    A_WEIGHT | A_CLEAN, A_CLEAN, 0,
                                    A_ALT | A_WEIGHT | A_CLEAN};
    struct ex x;
    dl_buf try = DL_BUF_INIT;
    size_t best_chars = 0;
    size_t chars;
    size_t k;
    dl_status rc = DL_OK;
    struct dl_hextract got = {0, 0, 0, 0};

    memset(&x, 0, sizeof x);
    x.t = t;
    if (t->n < 2)
        goto done;
    x.st = dl_malloc(t->n * sizeof *x.st);
    x.score = dl_malloc(t->n * sizeof *x.score);
    x.mark = dl_malloc(t->n);
    if (x.st == NULL || x.score == NULL || x.mark == NULL) {
        rc = DL_ENOMEM;
        goto done;
    }
    for (k = 0; k < sizeof plan / sizeof plan[0]; k++) {
        if ((plan[k] & A_ALT) && !has_alt_text(t))
            break;
        x.flags = plan[k];
        rc = attempt(&x, &try, &chars);
        if (rc != DL_OK)
            goto done;
        /* noscript and templates hold fallbacks and bits for scripts: their
         * text wins only when it is most of the page's. */
        if ((plan[k] & A_ALT) ? chars > 2 * best_chars : chars > best_chars) {
            dl_buf tmp = try;
            try = *out;
            *out = tmp;
            best_chars = chars;
            got.top = x.top;
            got.first_long = x.first_long;
            got.chars = chars;
            got.attempt = (unsigned)k;
        }
        if (best_chars >= CHAR_THRESHOLD)
            break;
    }
done:
    dl_buf_free(&try);
    dl_free(x.st);
    dl_free(x.score);
    dl_free(x.mark);
    if (info != NULL)
        *info = got;
    return rc;
}

/* The story's own box for dates: its <article>, else the chosen box's
 * parent. */
static uint32_t
story_box(const struct dl_htree *t, const struct dl_hextract *info)
{
    uint32_t a;

    for (a = info->top; a != 0; a = t->nodes[a].parent) {
        if (t->nodes[a].tag == DL_HT_ARTICLE)
            return a;
    }
    return t->nodes[info->top].parent;
}

/* Whether element a has any text below it (an <article> holding only a
 * page's microdata <meta>s is no other story's card). */
static bool
has_text(const struct dl_htree *t, uint32_t a)
{
    uint32_t j;
    uint32_t p;

    for (j = a + 1; j < t->n; j++) {
        for (p = t->nodes[j].parent; p != 0 && p != a; p = t->nodes[p].parent)
            ;
        if (p != a)
            return false; /* past a's last descendant */
        if (t->nodes[j].tag == DL_HT_TEXT && t->nodes[j].len > 1)
            return true;
    }
    return false;
}

/* Whether element a, an ancestor of a date, says the date is not the
 * story's: a quotation, a figure, furniture, another story's card, a box
 * of comments or related stories. */
static bool
foreign_box(const struct dl_htree *t, const struct dl_hextract *info,
            uint32_t a)
{
    const struct dl_hnode *nd = &t->nodes[a];
    uint32_t b;

    if ((nd->hints & (DL_HH_OTHER | DL_HH_NAVROLE)) || nd->tag == DL_HT_NAV ||
        nd->tag == DL_HT_ASIDE || nd->tag == DL_HT_FOOTER ||
        nd->tag == DL_HT_BLOCKQUOTE || nd->tag == DL_HT_Q ||
        nd->tag == DL_HT_CITE || nd->tag == DL_HT_FIGURE ||
        nd->tag == DL_HT_FIGCAPTION)
        return true;
    if (nd->tag != DL_HT_ARTICLE || info->top == 0)
        return false;
    for (b = info->top; b != 0; b = t->nodes[b].parent) {
        if (b == a)
            return false; /* the story's own article */
    }
    return has_text(t, a);
}

bool
dl_hextract_in_header(const struct dl_htree *t, const struct dl_hextract *info,
                      uint32_t i)
{
    uint32_t box;
    uint32_t a;

    if (info->top == 0 || i == 0 || i >= t->n)
        return false;
    if (info->first_long != 0 && i > info->first_long)
        return false;
    box = story_box(t, info);
    for (a = t->nodes[i].parent; a != box; a = t->nodes[a].parent) {
        if (a == 0)
            return false; /* not inside the story's box */
        if (foreign_box(t, info, a) ||
            (dl_htag_flags(t->nodes[a].tag) & DL_HTF_LIST))
            return false;
    }
    return true;
}

bool
dl_hextract_elsewhere(const struct dl_htree *t, const struct dl_hextract *info,
                      uint32_t i)
{
    uint32_t a;

    if (i == 0 || i >= t->n)
        return true;
    for (a = t->nodes[i].parent; a != 0; a = t->nodes[a].parent) {
        if (foreign_box(t, info, a))
            return true;
    }
    return false;
}
