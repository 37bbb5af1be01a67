/* html_tree.h - a light document tree of an HTML page, for main-text
 * extraction (html_extract.h).
 *
 * Extractors score boxes of the page (an <article>, a <div> of paragraphs)
 * by the text below them, so they need to know what is below what.  This
 * tree is built from the tags the reader's scanner finds, by the simplest
 * of the HTML standard's tree-construction rules: void elements never have
 * children; a <p> ends at the start of another block, <li> at the next
 * <li>, <dt>/<dd> at the next of either, <option> at the next, cells and
 * rows at the next cell or row; an end tag closes every element opened
 * after its start tag (unclosed tags are closed by their parent's end tag)
 * but never reaches past a table cell or a "special" element for a mere
 * inline end tag; an end tag with no open start tag is ignored.  That is
 * most of what browsers do to tag soup, at a fraction of the cost of a
 * conforming parser (no adoption agency, no foster parenting, no
 * re-opened formatting elements).
 *
 * Nodes live in one array in document order (a parent's index is below its
 * children's), text in one byte buffer.  The tree is bounded: at most
 * max_nodes nodes (the builder then stops and reports overflow, and the
 * reader falls back to flat extraction) and DL_HTREE_DEPTH open elements
 * (deeper start tags are dropped; their text goes to the deepest element
 * kept).
 */
#ifndef DL_HTML_TREE_H
#define DL_HTML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "html_hints.h"

/* Tag properties. */
enum dl_htag_flag {
    DL_HTF_VOID = 1 << 0,      /* never has content (br, img, meta) */
    DL_HTF_BLOCK = 1 << 1,     /* starts a new line of text */
    DL_HTF_SPECIAL = 1 << 2,   /* the standard's "special" elements */
    DL_HTF_FORMAT = 1 << 3,    /* a, b, i, font...: end tags search upwards */
    DL_HTF_CLOSES_P = 1 << 4,  /* its start tag ends an open <p> */
    DL_HTF_SCOPE = 1 << 5,     /* end tags do not search past it */
    DL_HTF_SKIP = 1 << 6,      /* holds no text a reader reads */
    DL_HTF_HEADING = 1 << 7,   /* h1..h6 */
    DL_HTF_LIST = 1 << 8,      /* ul, ol, dl, menu */
    DL_HTF_FURNITURE = 1 << 9, /* nav, aside, footer, form */
    DL_HTF_ALT = 1 << 10       /* noscript, template: text for another case */
};

/* Tags by name, X(ENUM, "name", flags), in alphabetical order. */
#define DL_HTAG_V DL_HTF_VOID
#define DL_HTAG_B DL_HTF_BLOCK
#define DL_HTAG_S DL_HTF_SPECIAL
#define DL_HTAG_F DL_HTF_FORMAT
#define DL_HTAG_C DL_HTF_CLOSES_P
#define DL_HTAG_X DL_HTF_SCOPE
#define DL_HTAG_K DL_HTF_SKIP
#define DL_HTAG_H DL_HTF_HEADING
#define DL_HTAG_L DL_HTF_LIST
#define DL_HTAG_R DL_HTF_FURNITURE
#define DL_HTAG_A DL_HTF_ALT
#define DL_HTAG_BSC (DL_HTAG_B | DL_HTAG_S | DL_HTAG_C)
#define DL_HTAGS(X)                                                            \
    X(A, "a", DL_HTAG_F)                                                       \
    X(ABBR, "abbr", 0)                                                         \
    X(ADDRESS, "address", DL_HTAG_BSC)                                         \
    X(APPLET, "applet", DL_HTAG_S | DL_HTAG_X | DL_HTAG_K)                     \
    X(AREA, "area", DL_HTAG_V | DL_HTAG_S)                                     \
    X(ARTICLE, "article", DL_HTAG_BSC)                                         \
    X(ASIDE, "aside", DL_HTAG_BSC | DL_HTAG_R)                                 \
    X(AUDIO, "audio", DL_HTAG_K)                                               \
    X(B, "b", DL_HTAG_F)                                                       \
    X(BASE, "base", DL_HTAG_V | DL_HTAG_S)                                     \
    X(BDI, "bdi", 0)                                                           \
    X(BDO, "bdo", 0)                                                           \
    X(BIG, "big", DL_HTAG_F)                                                   \
    X(BLOCKQUOTE, "blockquote", DL_HTAG_BSC)                                   \
    X(BODY, "body", DL_HTAG_B | DL_HTAG_S)                                     \
    X(BR, "br", DL_HTAG_V | DL_HTAG_B | DL_HTAG_S)                             \
    X(BUTTON, "button", DL_HTAG_S | DL_HTAG_K)                                 \
    X(CANVAS, "canvas", DL_HTAG_K)                                             \
    X(CAPTION, "caption", DL_HTAG_B | DL_HTAG_S | DL_HTAG_X)                   \
    X(CENTER, "center", DL_HTAG_BSC)                                           \
    X(CITE, "cite", 0)                                                         \
    X(CODE, "code", DL_HTAG_F)                                                 \
    X(COL, "col", DL_HTAG_V | DL_HTAG_S)                                       \
    X(COLGROUP, "colgroup", DL_HTAG_S)                                         \
    X(DATA, "data", 0)                                                         \
    X(DATALIST, "datalist", DL_HTAG_K)                                         \
    X(DD, "dd", DL_HTAG_BSC)                                                   \
    X(DEL, "del", 0)                                                           \
    X(DETAILS, "details", DL_HTAG_BSC)                                         \
    X(DFN, "dfn", 0)                                                           \
    X(DIALOG, "dialog", DL_HTAG_BSC | DL_HTAG_K)                               \
    X(DIR, "dir", DL_HTAG_BSC | DL_HTAG_L)                                     \
    X(DIV, "div", DL_HTAG_BSC)                                                 \
    X(DL, "dl", DL_HTAG_BSC | DL_HTAG_L)                                       \
    X(DT, "dt", DL_HTAG_BSC)                                                   \
    X(EM, "em", DL_HTAG_F)                                                     \
    X(EMBED, "embed", DL_HTAG_V | DL_HTAG_S | DL_HTAG_K)                       \
    X(FIELDSET, "fieldset", DL_HTAG_BSC)                                       \
    X(FIGCAPTION, "figcaption", DL_HTAG_BSC)                                   \
    X(FIGURE, "figure", DL_HTAG_BSC)                                           \
    X(FONT, "font", DL_HTAG_F)                                                 \
    X(FOOTER, "footer", DL_HTAG_BSC | DL_HTAG_R)                               \
    X(FORM, "form", DL_HTAG_BSC | DL_HTAG_R)                                   \
    X(FRAME, "frame", DL_HTAG_V | DL_HTAG_S)                                   \
    X(FRAMESET, "frameset", DL_HTAG_S)                                         \
    X(H1, "h1", DL_HTAG_BSC | DL_HTAG_H)                                       \
    X(H2, "h2", DL_HTAG_BSC | DL_HTAG_H)                                       \
    X(H3, "h3", DL_HTAG_BSC | DL_HTAG_H)                                       \
    X(H4, "h4", DL_HTAG_BSC | DL_HTAG_H)                                       \
    X(H5, "h5", DL_HTAG_BSC | DL_HTAG_H)                                       \
    X(H6, "h6", DL_HTAG_BSC | DL_HTAG_H)                                       \
    X(HEAD, "head", DL_HTAG_S | DL_HTAG_K)                                     \
    X(HEADER, "header", DL_HTAG_BSC)                                           \
    X(HGROUP, "hgroup", DL_HTAG_BSC)                                           \
    X(HR, "hr", DL_HTAG_V | DL_HTAG_BSC)                                       \
    X(HTML, "html", DL_HTAG_S | DL_HTAG_X)                                     \
    X(I, "i", DL_HTAG_F)                                                       \
    X(IFRAME, "iframe", DL_HTAG_S | DL_HTAG_K)                                 \
    X(IMG, "img", DL_HTAG_V | DL_HTAG_S)                                       \
    X(INPUT, "input", DL_HTAG_V | DL_HTAG_S | DL_HTAG_K)                       \
    X(INS, "ins", 0)                                                           \
    X(KBD, "kbd", 0)                                                           \
    X(LABEL, "label", 0)                                                       \
    X(LEGEND, "legend", DL_HTAG_B)                                             \
    X(LI, "li", DL_HTAG_BSC)                                                   \
    X(LINK, "link", DL_HTAG_V | DL_HTAG_S)                                     \
    X(LISTING, "listing", DL_HTAG_BSC)                                         \
    X(MAIN, "main", DL_HTAG_BSC)                                               \
    X(MAP, "map", 0)                                                           \
    X(MARK, "mark", 0)                                                         \
    X(MARQUEE, "marquee", DL_HTAG_S | DL_HTAG_X)                               \
    X(MATH, "math", DL_HTAG_K)                                                 \
    X(MENU, "menu", DL_HTAG_BSC | DL_HTAG_L)                                   \
    X(META, "meta", DL_HTAG_V | DL_HTAG_S)                                     \
    X(METER, "meter", DL_HTAG_K)                                               \
    X(NAV, "nav", DL_HTAG_BSC | DL_HTAG_R)                                     \
    X(NOBR, "nobr", DL_HTAG_F)                                                 \
    X(NOEMBED, "noembed", DL_HTAG_S | DL_HTAG_K)                               \
    X(NOFRAMES, "noframes", DL_HTAG_S | DL_HTAG_K)                             \
    X(NOSCRIPT, "noscript", DL_HTAG_S | DL_HTAG_A)                             \
    X(OBJECT, "object", DL_HTAG_S | DL_HTAG_X | DL_HTAG_K)                     \
    X(OL, "ol", DL_HTAG_BSC | DL_HTAG_L)                                       \
    X(OPTGROUP, "optgroup", DL_HTAG_K)                                         \
    X(OPTION, "option", DL_HTAG_B | DL_HTAG_K)                                 \
    X(OUTPUT, "output", 0)                                                     \
    X(P, "p", DL_HTAG_BSC)                                                     \
    X(PARAM, "param", DL_HTAG_V | DL_HTAG_S)                                   \
    X(PICTURE, "picture", 0)                                                   \
    X(PLAINTEXT, "plaintext", DL_HTAG_BSC)                                     \
    X(PRE, "pre", DL_HTAG_BSC)                                                 \
    X(PROGRESS, "progress", DL_HTAG_K)                                         \
    X(Q, "q", 0)                                                               \
    X(RP, "rp", 0)                                                             \
    X(RT, "rt", 0)                                                             \
    X(RUBY, "ruby", 0)                                                         \
    X(S, "s", DL_HTAG_F)                                                       \
    X(SAMP, "samp", 0)                                                         \
    X(SCRIPT, "script", DL_HTAG_S | DL_HTAG_K)                                 \
    X(SEARCH, "search", DL_HTAG_BSC)                                           \
    X(SECTION, "section", DL_HTAG_BSC)                                         \
    X(SELECT, "select", DL_HTAG_S | DL_HTAG_K)                                 \
    X(SLOT, "slot", 0)                                                         \
    X(SMALL, "small", DL_HTAG_F)                                               \
    X(SOURCE, "source", DL_HTAG_V | DL_HTAG_S)                                 \
    X(SPAN, "span", 0)                                                         \
    X(STRIKE, "strike", DL_HTAG_F)                                             \
    X(STRONG, "strong", DL_HTAG_F)                                             \
    X(STYLE, "style", DL_HTAG_S | DL_HTAG_K)                                   \
    X(SUB, "sub", 0)                                                           \
    X(SUMMARY, "summary", DL_HTAG_BSC)                                         \
    X(SUP, "sup", 0)                                                           \
    X(SVG, "svg", DL_HTAG_K)                                                   \
    X(TABLE, "table", DL_HTAG_BSC | DL_HTAG_X)                                 \
    X(TBODY, "tbody", DL_HTAG_B | DL_HTAG_S)                                   \
    X(TD, "td", DL_HTAG_S | DL_HTAG_X)                                         \
    X(TEMPLATE, "template", DL_HTAG_S | DL_HTAG_X | DL_HTAG_A)                 \
    X(TEXTAREA, "textarea", DL_HTAG_S | DL_HTAG_K)                             \
    X(TFOOT, "tfoot", DL_HTAG_B | DL_HTAG_S)                                   \
    X(TH, "th", DL_HTAG_S | DL_HTAG_X)                                         \
    X(THEAD, "thead", DL_HTAG_B | DL_HTAG_S)                                   \
    X(TIME, "time", 0)                                                         \
    X(TITLE, "title", DL_HTAG_S | DL_HTAG_K)                                   \
    X(TR, "tr", DL_HTAG_B | DL_HTAG_S)                                         \
    X(TRACK, "track", DL_HTAG_V | DL_HTAG_S)                                   \
    X(TT, "tt", DL_HTAG_F)                                                     \
    X(U, "u", DL_HTAG_F)                                                       \
    X(UL, "ul", DL_HTAG_BSC | DL_HTAG_L)                                       \
    X(VAR, "var", 0)                                                           \
    X(VIDEO, "video", DL_HTAG_K)                                               \
    X(WBR, "wbr", DL_HTAG_V | DL_HTAG_S)                                       \
    X(XMP, "xmp", DL_HTAG_S | DL_HTAG_K)

#define DL_HTAG_ENUM(e, name, flags) DL_HT_##e,
enum dl_htag {
    DL_HT_TEXT = 0, /* a text node */
    DL_HT_ROOT,     /* the document */
    DL_HT_UNKNOWN,  /* an element of a name not listed (custom elements) */
    DL_HTAGS(DL_HTAG_ENUM) DL_HT_COUNT
};
#undef DL_HTAG_ENUM

/* Text node flags. */
enum dl_hnode_flag {
    DL_HNF_LINK = 1 << 0, /* inside an <a> */
    DL_HNF_PRE = 1 << 1   /* inside <pre>: line breaks are kept as "\n" */
};

struct dl_hnode {
    uint32_t parent; /* the root (0) is its own parent */
    uint32_t first;  /* first child; 0: none */
    uint32_t last;   /* last child; 0: none */
    uint32_t next;   /* next sibling; 0: none */
    uint32_t off;    /* text: offset in the tree's text; unknown element:
                        a hash of its name, to match its end tag */
    uint32_t len;    /* text: length in bytes; element: a hash of its
                        class attribute (0: none), to find siblings of
                        the same class */
    uint16_t hints;  /* element: dl_hint bits (html_hints.h) */
    int8_t weight;   /* element: class/id weight */
    uint8_t tag;     /* enum dl_htag */
    uint8_t flags;   /* text: dl_hnode_flag bits */
};

/* Open elements kept at most: deeper pages are broken or hostile. */
#define DL_HTREE_DEPTH 256

struct dl_htree {
    struct dl_hnode *nodes;         /* nodes[0] is the root */
    uint32_t n;                     /* nodes in use */
    uint32_t cap;                   /* allocated */
    uint32_t max;                   /* the bound on n */
    uint32_t stack[DL_HTREE_DEPTH]; /* open elements; stack[0] = root */
    unsigned depth;                 /* entries of stack in use (>= 1) */
    unsigned links;                 /* open <a> elements */
    unsigned pre;                   /* open <pre> elements */
    dl_buf text;                    /* every text node's bytes */
    bool overflow;                  /* more than max nodes: given up */
    dl_status rc;                   /* sticky: DL_ENOMEM */
};

/* dl_htag_lookup - the tag of a lower-case element name; DL_HT_UNKNOWN
 * when it is not listed. */
int dl_htag_lookup(const char *name);

/* dl_htag_flags - the dl_htag_flag bits of a tag (0 for text, root and
 * unknown elements). */
unsigned dl_htag_flags(int tag);

/* dl_htag_name - the name of a tag ("" for text, root and unknown). */
const char *dl_htag_name(int tag);

/* dl_htree_init - an empty tree (the root only) that will hold at most
 * max_nodes nodes.  Free with dl_htree_free, also after a failure.  DL_OK
 * or DL_ENOMEM. */
dl_status dl_htree_init(struct dl_htree *t, uint32_t max_nodes);

/* dl_htree_free - release everything; the tree is then empty. */
void dl_htree_free(struct dl_htree *t);

/* dl_htree_start - a start tag: name lower-case, a its attributes (may be
 * NULL), self_close for "<name/>" (then nothing opens, as in the reader's
 * flat pass).  Returns the new element's index, or 0 when none was made
 * (dropped for depth, or the tree has failed). */
uint32_t dl_htree_start(struct dl_htree *t, const char *name,
                        const struct dl_hattrs *a, bool self_close);

/* dl_htree_end - an end tag (name lower-case). */
void dl_htree_end(struct dl_htree *t, const char *name);

/* dl_htree_close - close element i (an index dl_htree_start returned) and
 * every element opened after it, whatever their kind; nothing when i is
 * not open.  For elements the caller made itself (a template's parsed
 * content). */
void dl_htree_close(struct dl_htree *t, uint32_t i);

/* dl_htree_text - append decoded text to the current element: whitespace
 * runs become one space (in <pre>, line breaks stay). */
void dl_htree_text(struct dl_htree *t, const char *s, size_t n);

/* dl_htree_ok - false once the tree overflowed or ran out of memory (see
 * t->overflow and t->rc). */
bool dl_htree_ok(const struct dl_htree *t);

#endif
