/* html_tree.c - a light document tree of an HTML page (html_tree.h).
 *
 * The builder keeps the stack of open elements as the HTML standard's tree
 * construction does, with the few rules that matter for text (implied end
 * tags, void elements, scoped end tags) and none of the rest.  Every
 * operation is O(depth) at worst, depth is capped, and the node count is
 * capped, so a hostile page costs time linear in its size and a bounded
 * amount of memory.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "html_tree.h"

struct tag_info {
    const char *name;
    unsigned flags;
};

#define DL_HTAG_INFO(e, name, flags) {name, flags},
static const struct tag_info tags[] = {DL_HTAGS(DL_HTAG_INFO)};
#undef DL_HTAG_INFO

/* The first listed tag's enum value: tags[i] is tag DL_HT_A + i. */
#define FIRST_TAG DL_HT_A

#define N_TAGS (sizeof tags / sizeof tags[0])

/* Tags by a hash of their name, open addressing (built once; constant
 * after): a lookup is one hash and, for a listed name, one compare. */
#define TAG_SLOTS 512
static unsigned char tag_slot[TAG_SLOTS]; /* index into tags + 1; 0: free */
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static uint32_t
name_slot(const char *name)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; name[i] != '\0'; i++) {
        h ^= (unsigned char)name[i];
        h *= 16777619u;
    }
    return h & (TAG_SLOTS - 1);
}

static void
build_tag_slots(void)
{
    size_t k;
    uint32_t s;

    for (k = 0; k < N_TAGS; k++) {
        s = name_slot(tags[k].name);
        while (tag_slot[s] != 0)
            s = (s + 1) & (TAG_SLOTS - 1);
        tag_slot[s] = (unsigned char)(k + 1);
    }
}

int
dl_htag_lookup(const char *name)
{
    uint32_t s;

    (void)pthread_once(&tag_once, build_tag_slots);
    for (s = name_slot(name); tag_slot[s] != 0; s = (s + 1) & (TAG_SLOTS - 1)) {
        if (strcmp(tags[tag_slot[s] - 1].name, name) == 0)
            return FIRST_TAG + tag_slot[s] - 1;
    }
    return DL_HT_UNKNOWN;
}

unsigned
dl_htag_flags(int tag)
{
    if (tag < FIRST_TAG || tag >= DL_HT_COUNT)
        return 0;
    return tags[tag - FIRST_TAG].flags;
}

const char *
dl_htag_name(int tag)
{
    if (tag < FIRST_TAG || tag >= DL_HT_COUNT)
        return "";
    return tags[tag - FIRST_TAG].name;
}

/* A 32-bit FNV-1a hash of s[0..n), never 0 (0 means "none"). */
static uint32_t
hash32(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h != 0 ? h : 1;
}

dl_status
dl_htree_init(struct dl_htree *t, uint32_t max_nodes)
{
    memset(t, 0, sizeof *t);
    dl_buf_init(&t->text);
    t->rc = DL_OK;
    t->max = max_nodes < 1 ? 1 : max_nodes;
    t->cap = t->max < 1024 ? t->max : 1024;
    t->nodes = dl_calloc(t->cap, sizeof *t->nodes);
    if (t->nodes == NULL) {
        t->rc = DL_ENOMEM;
        return DL_ENOMEM;
    }
    t->nodes[0].tag = DL_HT_ROOT;
    t->n = 1;
    t->stack[0] = 0;
    t->depth = 1;
    return DL_OK;
}

void
dl_htree_free(struct dl_htree *t)
{
    dl_free(t->nodes);
    dl_buf_free(&t->text);
    memset(t, 0, sizeof *t);
}

bool
dl_htree_ok(const struct dl_htree *t)
{
    return t->rc == DL_OK && !t->overflow;
}

/* A new node, last child of the current element; 0 when the tree failed
 * or is full (it is then marked overflowed). */
static uint32_t
new_node(struct dl_htree *t, int tag)
{
    uint32_t parent = t->stack[t->depth - 1];
    struct dl_hnode *nd;
    uint32_t i;

    if (!dl_htree_ok(t))
        return 0;
    if (t->n >= t->max) {
        t->overflow = true;
        return 0;
    }
    if (t->n == t->cap) {
        uint32_t cap = t->cap > t->max / 2 ? t->max : t->cap * 2;
        struct dl_hnode *grown = dl_realloc(t->nodes, cap * sizeof *grown);
        if (grown == NULL) {
            t->rc = DL_ENOMEM;
            return 0;
        }
        t->nodes = grown;
        t->cap = cap;
    }
    i = t->n++;
    nd = &t->nodes[i];
    memset(nd, 0, sizeof *nd);
    nd->tag = (uint8_t)tag;
    nd->parent = parent;
    if (t->nodes[parent].last != 0)
        t->nodes[t->nodes[parent].last].next = i;
    else
        t->nodes[parent].first = i;
    t->nodes[parent].last = i;
    return i;
}

static int
top_tag(const struct dl_htree *t)
{
    return t->nodes[t->stack[t->depth - 1]].tag;
}

/* Pop open elements until the one at stack position k is gone. */
static void
pop_to(struct dl_htree *t, unsigned k)
{
    while (t->depth > k && t->depth > 1) {
        int tag = top_tag(t);
        if (tag == DL_HT_A && t->links > 0)
            t->links--;
        else if (tag == DL_HT_PRE && t->pre > 0)
            t->pre--;
        t->depth--;
    }
}

/* Which elements end the search of in_scope: the standard's scope
 * boundaries (table cells, templates...), those plus <button> (for <p>),
 * or only what ends a table (for its rows and sections). */
enum scope_kind { SCOPE_DEFAULT, SCOPE_BUTTON, SCOPE_TABLE };

static bool
scope_ends_at(int tag, enum scope_kind kind)
{
    if (kind == SCOPE_TABLE)
        return tag == DL_HT_TABLE || tag == DL_HT_TEMPLATE || tag == DL_HT_HTML;
    return (dl_htag_flags(tag) & DL_HTF_SCOPE) ||
           (kind == SCOPE_BUTTON && tag == DL_HT_BUTTON);
}

/* The stack position of the innermost open element whose tag is in want
 * (a list ending in DL_HT_TEXT), searching down to a boundary of the
 * kind; 0 when there is none. */
static unsigned
in_scope(const struct dl_htree *t, const int *want, enum scope_kind kind)
{
    unsigned k;
    size_t i;
    int tag;

    for (k = t->depth - 1; k >= 1; k--) {
        tag = t->nodes[t->stack[k]].tag;
        for (i = 0; want[i] != DL_HT_TEXT; i++) {
            if (tag == want[i])
                return k;
        }
        if (scope_ends_at(tag, kind))
            return 0;
    }
    return 0;
}

static void
close_p(struct dl_htree *t)
{
    static const int p[] = {DL_HT_P, DL_HT_TEXT};
    unsigned k = in_scope(t, p, SCOPE_BUTTON);

    if (k != 0)
        pop_to(t, k);
}

/* <li>, <dd>, <dt>: an open item of the same kind ends, unless a special
 * element other than address, div and p stands between. */
static void
close_item(struct dl_htree *t, int a, int b)
{
    unsigned k;
    int tag;

    for (k = t->depth - 1; k >= 1; k--) {
        tag = t->nodes[t->stack[k]].tag;
        if (tag == a || tag == b) {
            pop_to(t, k);
            return;
        }
        if ((dl_htag_flags(tag) & DL_HTF_SPECIAL) && tag != DL_HT_ADDRESS &&
            tag != DL_HT_DIV && tag != DL_HT_P)
            return;
    }
}

/* The parts of a table above a cell, whose start and end tags reach past
 * open cells (a <tr> ends the cell and row before it). */
static bool
table_part(int tag)
{
    return tag == DL_HT_TR || tag == DL_HT_TBODY || tag == DL_HT_THEAD ||
           tag == DL_HT_TFOOT || tag == DL_HT_TABLE;
}

/* The end tags a start tag implies. */
static void
implied_ends(struct dl_htree *t, int tag)
{
    static const int cells[] = {DL_HT_TD, DL_HT_TH, DL_HT_TEXT};
    static const int rows[] = {DL_HT_TR, DL_HT_TD, DL_HT_TH, DL_HT_TEXT};
    static const int sections[] = {DL_HT_TBODY, DL_HT_THEAD, DL_HT_TFOOT,
                                   DL_HT_TR,    DL_HT_TD,    DL_HT_TH,
                                   DL_HT_TEXT};
    static const int links[] = {DL_HT_A, DL_HT_TEXT};
    unsigned flags = dl_htag_flags(tag);
    unsigned k = 0;

    if (flags & DL_HTF_CLOSES_P) {
        if (tag == DL_HT_LI)
            close_item(t, DL_HT_LI, DL_HT_LI);
        else if (tag == DL_HT_DD || tag == DL_HT_DT)
            close_item(t, DL_HT_DD, DL_HT_DT);
        close_p(t);
        if ((flags & DL_HTF_HEADING) &&
            (dl_htag_flags(top_tag(t)) & DL_HTF_HEADING))
            pop_to(t, t->depth - 1);
    }
    switch (tag) {
    case DL_HT_TD:
    case DL_HT_TH:
        k = in_scope(t, cells, SCOPE_TABLE);
        break;
    case DL_HT_TR:
        /* The outermost of the open cell and row of this table goes. */
        k = in_scope(t, rows, SCOPE_TABLE);
        while (k > 1 && (t->nodes[t->stack[k - 1]].tag == DL_HT_TR ||
                         t->nodes[t->stack[k - 1]].tag == DL_HT_TD ||
                         t->nodes[t->stack[k - 1]].tag == DL_HT_TH))
            k--;
        break;
    case DL_HT_TBODY:
    case DL_HT_THEAD:
    case DL_HT_TFOOT:
        k = in_scope(t, sections, SCOPE_TABLE);
        while (k > 1 && table_part(t->nodes[t->stack[k - 1]].tag) &&
               t->nodes[t->stack[k - 1]].tag != DL_HT_TABLE)
            k--;
        break;
    case DL_HT_A:
        k = in_scope(t, links, SCOPE_DEFAULT);
        break;
    case DL_HT_OPTION:
    case DL_HT_OPTGROUP:
        if (top_tag(t) == DL_HT_OPTION)
            pop_to(t, t->depth - 1);
        if (tag == DL_HT_OPTGROUP && top_tag(t) == DL_HT_OPTGROUP)
            pop_to(t, t->depth - 1);
        break;
    default:
        break;
    }
    if (k != 0)
        pop_to(t, k);
}

/* The stack position of the open element of tag nearest the root, 0 when
 * none (html, head, body: the second start tag of one of them is ignored,
 * as browsers merge it into the first). */
static unsigned
open_at(const struct dl_htree *t, int tag)
{
    unsigned k;

    for (k = 1; k < t->depth; k++) {
        if (t->nodes[t->stack[k]].tag == tag)
            return k;
    }
    return 0;
}

/* What may stand in <head>; anything else ends it, as in browsers (where
 * it starts the body). */
static bool
head_content(int tag)
{
    switch (tag) {
    case DL_HT_BASE:
    case DL_HT_LINK:
    case DL_HT_META:
    case DL_HT_NOSCRIPT:
    case DL_HT_SCRIPT:
    case DL_HT_STYLE:
    case DL_HT_TEMPLATE:
    case DL_HT_TITLE:
        return true;
    default:
        return false;
    }
}

static void
leave_head(struct dl_htree *t)
{
    unsigned k = open_at(t, DL_HT_HEAD);

    if (k != 0)
        pop_to(t, k);
}

uint32_t
dl_htree_start(struct dl_htree *t, const char *name, const struct dl_hattrs *a,
               bool self_close)
{
    int tag = dl_htag_lookup(name);
    unsigned flags = dl_htag_flags(tag);
    uint32_t i;
    int weight = 0;

    if (!dl_htree_ok(t))
        return 0;
    if ((tag == DL_HT_HTML || tag == DL_HT_BODY || tag == DL_HT_HEAD) &&
        open_at(t, tag) != 0)
        return 0;
    if (!head_content(tag))
        leave_head(t);
    implied_ends(t, tag);
    if (t->depth == DL_HTREE_DEPTH && !(flags & DL_HTF_VOID))
        return 0;
    i = new_node(t, tag);
    if (i == 0)
        return 0;
    if (a != NULL) {
        t->nodes[i].hints = (uint16_t)dl_hhints_classify(a, &weight);
        t->nodes[i].weight = (int8_t)weight;
        if (a->cls != NULL && a->cls_n > 0)
            t->nodes[i].len = hash32(a->cls, a->cls_n);
    }
    if (tag == DL_HT_UNKNOWN)
        t->nodes[i].off = hash32(name, strlen(name));
    if ((flags & DL_HTF_VOID) || self_close)
        return i;
    t->stack[t->depth++] = i;
    if (tag == DL_HT_A)
        t->links++;
    else if (tag == DL_HT_PRE)
        t->pre++;
    return i;
}

static bool
same_element(const struct dl_hnode *nd, int tag, uint32_t hash)
{
    return nd->tag == tag && (tag != DL_HT_UNKNOWN || nd->off == hash);
}

void
dl_htree_end(struct dl_htree *t, const char *name)
{
    int tag = dl_htag_lookup(name);
    unsigned flags = dl_htag_flags(tag);
    uint32_t hash = tag == DL_HT_UNKNOWN ? hash32(name, strlen(name)) : 0;
    const struct dl_hnode *nd;
    unsigned k;

    if (!dl_htree_ok(t) || tag == DL_HT_HTML || tag == DL_HT_BODY)
        return;
    if (tag == DL_HT_HEAD) {
        leave_head(t);
        return;
    }
    if (tag == DL_HT_BR) {
        /* "</br>" is read as "<br>", as browsers do. */
        (void)dl_htree_start(t, "br", NULL, false);
        return;
    }
    for (k = t->depth - 1; k >= 1; k--) {
        nd = &t->nodes[t->stack[k]];
        if (same_element(nd, tag, hash) ||
            ((flags & DL_HTF_HEADING) &&
             (dl_htag_flags(nd->tag) & DL_HTF_HEADING))) {
            pop_to(t, k);
            return;
        }
        /* An inline end tag never closes a block it did not open; a block
         * end tag never reaches out of a table cell or a template (but a
         * row's or table's end tag ends the cells inside it). */
        if (!(flags & (DL_HTF_SPECIAL | DL_HTF_FORMAT)) &&
            (dl_htag_flags(nd->tag) & DL_HTF_SPECIAL))
            return;
        if ((dl_htag_flags(nd->tag) & DL_HTF_SCOPE) &&
            !(table_part(tag) && (nd->tag == DL_HT_TD || nd->tag == DL_HT_TH ||
                                  nd->tag == DL_HT_CAPTION)))
            return;
    }
}

void
dl_htree_close(struct dl_htree *t, uint32_t i)
{
    unsigned k;

    for (k = t->depth - 1; k >= 1; k--) {
        if (t->stack[k] == i) {
            pop_to(t, k);
            return;
        }
    }
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether text s[0..n) is all white space. */
static bool
all_space(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!is_space((unsigned char)s[i]))
            return false;
    }
    return true;
}

void
dl_htree_text(struct dl_htree *t, const char *s, size_t n)
{
    uint32_t cur = t->stack[t->depth - 1];
    uint32_t last = t->nodes[cur].last;
    uint8_t flags = (uint8_t)((t->links > 0 ? DL_HNF_LINK : 0) |
                              (t->pre > 0 ? DL_HNF_PRE : 0));
    struct dl_hnode *nd = NULL;
    bool space;
    size_t i;
    char c;

    if (n == 0 || !dl_htree_ok(t))
        return;
    if (t->nodes[cur].tag == DL_HT_HEAD && !all_space(s, n)) {
        leave_head(t); /* text starts the body */
        dl_htree_text(t, s, n);
        return;
    }
    if (last != 0 && t->nodes[last].tag == DL_HT_TEXT &&
        t->nodes[last].flags == flags &&
        t->nodes[last].off + t->nodes[last].len == t->text.len) {
        nd = &t->nodes[last];
    } else if (all_space(s, n) && flags == 0 &&
               (last == 0 ||
                (dl_htag_flags(t->nodes[last].tag) & DL_HTF_BLOCK))) {
        return; /* white space between blocks: no text at all */
    }
    if (dl_buf_reserve(&t->text, n) != DL_OK) {
        t->rc = DL_ENOMEM;
        return;
    }
    if (nd == NULL) {
        uint32_t k = new_node(t, DL_HT_TEXT);
        if (k == 0)
            return;
        nd = &t->nodes[k];
        nd->off = (uint32_t)t->text.len;
        nd->flags = flags;
    }
    space = nd->len > 0 && t->text.data[t->text.len - 1] == ' ';
    for (i = 0; i < n; i++) {
        c = s[i];
        if ((flags & DL_HNF_PRE) && c == '\n') {
            t->text.data[t->text.len++] = '\n';
            space = true;
        } else if (is_space((unsigned char)c)) {
            if (!space)
                t->text.data[t->text.len++] = ' ';
            space = true;
        } else {
            t->text.data[t->text.len++] = c;
            space = false;
        }
    }
    t->text.data[t->text.len] = '\0';
    nd->len = (uint32_t)(t->text.len - nd->off);
}
