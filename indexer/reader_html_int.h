/* reader_html_int.h - what the files of the HTML reader share, not public.
 *
 * reader_html.c runs the passes over a page (reader_html.c's opening
 * comment says what each does); html_scan.c is the tag scanner they all
 * run on, html_meta.c the metadata and JSON-LD of pass 1 and the tree
 * pass's dates, html_charset.c the charset prescan of the raw bytes,
 * html_entities.h the character references.  struct html is the state of
 * one pass: the scanner's counters, the consumers' outputs.
 */
#ifndef DL_READER_HTML_INT_H
#define DL_READER_HTML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl_buf.h"
#include "dl_date.h"
#include "dl_status.h"
#include "html_extract.h"
#include "html_tree.h"
#include "reader_int.h"

enum scope { SCOPE_ARTICLE, SCOPE_MAIN, SCOPE_ALL, SCOPE_LOOSE };

/* Foreign content deeper than this is only counted (foreign_extra). */
#define FOREIGN_DEPTH 32

/* Distinct element names tracked as open in HTML content: pages use about
 * 40.  A name is looked for in OPEN_PROBES slots at most, so a page of
 * thousands of invented tag names costs no more per tag; a name that finds
 * no room goes untracked (its end tag then cannot end foreign content). */
#define OPEN_NAMES 64

#define OPEN_PROBES 8

struct foreign_el {
    char name[16];    /* as struct tag's name */
    bool html;        /* an HTML element inside an integration point */
    bool integration; /* foreignObject, desc, mi, mtext...: HTML inside */
};

struct open_name {
    char name[16]; /* "" for a free slot */
    unsigned n;    /* elements of that name open (not yet ended) */
};

struct cand {
    dl_buf v;
    int prio; /* 0: unset */
};

/* Dates in the page's body, weighed by where they stand once the story
 * is found (dl_html_tree_dates): itemprop="datePublished" on any element (rank
 * 4, as the meta tags' datePublished), <time pubdate> (rank 2) anywhere but in
 * quotations, figures, furniture, comments, related boxes and other stories'
 * <article>s, and any <time datetime> (rank 1) in the story's header area. */
enum date_kind { DATE_ITEMPROP, DATE_PUBDATE, DATE_TIME };

/* Body dates kept per page: the first ones are the header's. */
#define DATE_CANDS 32

struct date_cand {
    uint32_t node;       /* in the tree */
    enum date_kind kind; /* how the page marks it */
    char value[64];      /* content or datetime; "": the element's text */
};

struct html {
    const char *s; /* decoded page */
    size_t n;
    bool meta_pass; /* pass 1 (metadata) or pass 2 (text) */
    enum scope scope;
    unsigned furniture; /* open nav/header/footer/aside/form */
    unsigned hidden;    /* open noscript, template... */
    /* Foreign content (svg, math) as the HTML parser keeps it: the elements
     * opened since the outermost <svg> or <math>, innermost last.  Empty
     * (foreign_depth and foreign_extra 0): HTML content. */
    struct foreign_el foreign[FOREIGN_DEPTH];
    unsigned foreign_depth;
    unsigned foreign_extra; /* opened past FOREIGN_DEPTH */
    /* HTML elements open outside foreign content, by name: an end tag of
     * one of them ends foreign content, as in browsers. */
    struct open_name open[OPEN_NAMES];
    unsigned article;
    unsigned main;
    bool saw_article;
    bool saw_main;
    bool in_h1; /* pass 1: inside the first <h1> */
    bool h1_done;
    bool title_done; /* pass 1: the first <title> was seen */
    struct dl_textfold body;
    dl_buf body_buf;
    dl_buf h1;
    struct dl_textfold h1_fold;
    struct cand title, author, source, url, lang;
    int date_prio;
    struct dl_date date;
    dl_buf tmp;     /* an attribute value, decoded */
    dl_buf tmp2;    /* a candidate being folded */
    dl_status rc;   /* sticky: the first allocation failure */
    dl_buf ld_body; /* JSON-LD articleBody of the page's article */
    struct date_cand dates[DATE_CANDS]; /* the tree pass's, in page order */
    unsigned n_dates;
    struct dl_htree *tree; /* the tree pass: the page as a tree */
    bool in_template;      /* the tree pass: inside a template's content */
};

struct tag {
    char name[16];     /* lower case; "" when longer than 15 */
    bool end;          /* </name> */
    bool self_close;   /* <name/> */
    const char *attrs; /* attribute text, up to but not including '>' */
    size_t attrs_len;
    size_t next; /* offset just past the tag */
};

/* The rank of <title>: its text may end in the site's name. */
#define TITLE_PRIO_TAG 3

enum markup { MARKUP_NONE, MARKUP_DECL, MARKUP_TAG };

/* ---- html_scan.c: the tag scanner ----------------------------------------
 */

/* dl_html_scan - one pass over h->s[0..h->n): tags go to the metadata
 * (h->meta_pass), the tree (h->tree) or the flat text (h->body), as
 * reader_html.c sets h up.  Errors are left in h->rc. */
void dl_html_scan(struct html *h);

/* dl_html_parse_tag - parse the tag at s[i] == '<' whose next byte is a
 * letter or "/letter" into t (t->next: the offset past it). */
void dl_html_parse_tag(const char *s, size_t n, size_t i, struct tag *t);

/* dl_html_next_markup - find the next markup in s[*i..n), moving *i to
 * its '<': a comment or other "<!...>" / "<?...>" (MARKUP_DECL), or a tag
 * ('<' then a letter or "/letter", MARKUP_TAG).  Any other '<' is text and
 * passed over.  MARKUP_NONE when none is left. */
enum markup dl_html_next_markup(const char *s, size_t n, size_t *i);

/* dl_html_skip_markup_decl - the offset past the comment or other
 * "<!...>" / "<?...>" starting at i (n when it never ends). */
size_t dl_html_skip_markup_decl(const char *s, size_t n, size_t i);

/* dl_html_find_close - offset of the "</name" that ends a raw-text
 * element, looking from `from`, or n. */
size_t dl_html_find_close(const char *s, size_t n, size_t from,
                          const char *name);

/* dl_html_is_rawtext - is name (lower case) an element whose content is
 * not markup (script, style, title, textarea...)? */
bool dl_html_is_rawtext(const char *name);

/* dl_html_attr_next - the next attribute of t from *pos on: *name, *nlen
 * its name, *v, *vlen its raw value (borrowed from the page).  false at
 * the end. */
bool dl_html_attr_next(const struct tag *t, size_t *pos, const char **name,
                       size_t *nlen, const char **v, size_t *vlen);

/* dl_html_attr_get - the first attribute called name (lower case) in t:
 * *v, *vlen its raw value.  false when there is none. */
bool dl_html_attr_get(const struct tag *t, const char *name, const char **v,
                      size_t *vlen);

/* dl_html_attr_value - the value of attribute name with references
 * decoded, borrowed from h->tmp until the next call; NULL when absent or
 * out of memory (h->rc says which). */
const char *dl_html_attr_value(struct html *h, const struct tag *t,
                               const char *name, size_t *len);

/* dl_html_attr_key - the value of attribute name, lower-cased, into
 * out[0..size) ("" when absent or too long). */
void dl_html_attr_key(const struct tag *t, const char *name, char *out,
                      size_t size);

/* dl_html_name_is - is name[0..n) want, ignoring ASCII case? */
bool dl_html_name_is(const char *name, size_t n, const char *want);

/* dl_html_in_list - is name in the NULL-ended list? */
bool dl_html_in_list(const char *name, const char *const *list);

/* dl_html_is_ws - HTML's ASCII whitespace. */
bool dl_html_is_ws(char c);

/* dl_html_sink_buf - a dl_html_sink_fn appending to the dl_buf sctx. */
dl_status dl_html_sink_buf(void *sctx, const char *p, size_t n);

/* ---- html_meta.c: metadata and JSON-LD -----------------------------------
 */

/* dl_html_cand_offer - offer s[0..n) (folded to one line of at most max
 * bytes) for the field c at rank prio: kept if it ranks above the current
 * value and is not blank.  Out of memory goes to h->rc. */
void dl_html_cand_offer(struct html *h, struct cand *c, int prio, const char *s,
                        size_t n, size_t max);

/* dl_html_meta_start - pass 1: the metadata a start tag carries (meta,
 * link rel=canonical, html lang, the first h1). */
void dl_html_meta_start(struct html *h, const struct tag *t);

/* dl_html_jsonld - pass 1: the fields of a JSON-LD script s[0..n);
 * broken JSON is passed over. */
void dl_html_jsonld(struct html *h, const char *s, size_t n);

/* dl_html_date_cand_add - the tree pass: note the date element t, node
 * `node` of the tree, for dl_html_tree_dates (at most DATE_CANDS). */
void dl_html_date_cand_add(struct html *h, const struct tag *t, uint32_t node);

/* dl_html_tree_dates - offer the dates noted in the tree pass, in page
 * order, where they stand for the story ex found in t. */
void dl_html_tree_dates(struct html *h, const struct dl_htree *t,
                        const struct dl_hextract *ex);

/* ---- html_charset.c: the charset prescan ---------------------------------
 */

/* dl_html_prescan_charset - the charset label the raw page s[0..n)
 * declares, as browsers find it (html_charset.c), into out[0..size).
 * false when it declares none that dl_decode knows. */
bool dl_html_prescan_charset(const char *s, size_t n, char *out, size_t size);

#endif
