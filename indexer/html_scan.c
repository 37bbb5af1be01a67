/* html_scan.c - the tag scanner of the HTML reader (reader_html_int.h).
 *
 * A hand-written, tolerant scanner rather than a full HTML parser: news
 * pages are tag soup more often than not.  It never builds a tree; it
 * walks the bytes once per pass, keeping only counters of open elements
 * (and, for svg and math, a small bounded stack), and hands tags and text
 * to whoever reads them: the metadata (pass 1), the light tree (the tree
 * pass), or flat text (pass 2).  Broken markup (unclosed tags, stray '<',
 * quotes that never close, huge attributes) costs at most one extra scan
 * of a tag and never recursion.  reader_html.c's opening comment tells
 * the rules: raw-text elements, foreign content, scopes, furniture.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_entities.h"
#include "html_tree.h"
#include "reader_html_int.h"
#include "reader_int.h"

dl_status
dl_html_sink_buf(void *sctx, const char *p, size_t n)
{
    return dl_buf_append(sctx, p, n);
}

static dl_status
sink_fold(void *sctx, const char *p, size_t n)
{
    return dl_textfold_text(sctx, p, n);
}

static dl_status
sink_tree(void *sctx, const char *p, size_t n)
{
    struct dl_htree *t = sctx;

    dl_htree_text(t, p, n);
    return t->rc;
}

bool
dl_html_in_list(const char *name, const char *const *list)
{
    size_t i;
    for (i = 0; list[i] != NULL; i++) {
        if (strcmp(name, list[i]) == 0)
            return true;
    }
    return false;
}

/* Page furniture: left out unless nothing else has text. */
static const char *const furniture[] = {"nav",   "header", "footer",
                                        "aside", "form",   NULL};

/* Never text a reader reads.  svg and math (foreign content: titles,
 * labels, formulas) are hidden too, by their own rules below. */
static const char *const hidden[] = {"noscript", "template", "button",
                                     "select",   "iframe",   "object",
                                     "canvas",   "dialog",   NULL};

/* Start tags that end foreign content: the HTML standard's "rules for
 * parsing tokens in foreign content" (font too, with color, face or
 * size). */
static const char *const breakout[] = {
    "b",      "big",    "blockquote", "body",    "br",    "center", "code",
    "dd",     "div",    "dl",         "dt",      "em",    "embed",  "h1",
    "h2",     "h3",     "h4",         "h5",      "h6",    "head",   "hr",
    "i",      "img",    "li",         "listing", "menu",  "meta",   "nobr",
    "ol",     "p",      "pre",        "ruby",    "s",     "small",  "span",
    "strong", "strike", "sub",        "sup",     "table", "tt",     "u",
    "ul",     "var",    NULL};

/* Elements that never have an end tag. */
static const char *const voids[] = {"area",  "base",   "br",    "col",  "embed",
                                    "hr",    "img",    "input", "link", "meta",
                                    "param", "source", "track", "wbr",  NULL};

/* Their content is not markup: it runs to the matching end tag. */
static const char *const rawtext[] = {
    "script", "style", "title", "textarea", "xmp", "noembed", "noframes", NULL};

static const char *const blocks[] = {
    "address", "article",  "aside",      "blockquote", "br",      "caption",
    "center",  "dd",       "details",    "dialog",     "div",     "dl",
    "dt",      "fieldset", "figcaption", "figure",     "footer",  "form",
    "h1",      "h2",       "h3",         "h4",         "h5",      "h6",
    "header",  "hgroup",   "hr",         "legend",     "li",      "main",
    "nav",     "ol",       "p",          "pre",        "section", "summary",
    "table",   "tbody",    "tfoot",      "thead",      "tr",      "ul",
    NULL};

static const char *const cells[] = {"td", "th", NULL};

bool
dl_html_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Parse the tag at s[i] == '<' whose next byte is a letter or "/letter". */
void
dl_html_parse_tag(const char *s, size_t n, size_t i, struct tag *t)
{
    size_t k = i + 1;
    size_t ns;
    size_t q;
    size_t j;
    const char *r;
    char last = 0;
    char c;

    t->end = false;
    if (s[k] == '/') {
        t->end = true;
        k++;
    }
    ns = k;
    while (k < n && !dl_html_is_ws(s[k]) && s[k] != '/' && s[k] != '>')
        k++;
    if (k - ns < sizeof t->name) {
        for (j = 0; j < k - ns; j++) {
            c = s[ns + j];
            t->name[j] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        t->name[k - ns] = '\0';
    } else {
        t->name[0] = '\0';
    }
    /* The tag ends at the first '>' outside a quoted value.  A quote that
     * never closes would swallow the page; the tag then ends at the first
     * '>' instead, as if the quote were an ordinary character. */
    q = k;
    while (q < n && s[q] != '>') {
        c = s[q];
        if ((c == '"' || c == '\'') && last == '=') {
            r = memchr(s + q + 1, c, n - q - 1);
            if (r == NULL) {
                r = memchr(s + k, '>', n - k);
                q = r != NULL ? (size_t)(r - s) : n;
                break;
            }
            q = (size_t)(r - s) + 1;
            last = c;
            continue;
        }
        if (!dl_html_is_ws(c))
            last = c;
        q++;
    }
    t->attrs = s + k;
    t->attrs_len = q - k;
    t->self_close = q > k && s[q - 1] == '/';
    t->next = q < n ? q + 1 : n;
}

/* The next attribute of a tag from *pos on: *name and *nlen get its name
 * (as written), *v and *vlen its raw value ("" for a bare attribute).
 * false when there is none left. */
bool
dl_html_attr_next(const struct tag *t, size_t *pos, const char **name,
                  size_t *nlen, const char **v, size_t *vlen)
{
    const char *a = t->attrs;
    size_t n = t->attrs_len;
    size_t i = *pos;
    size_t ns;
    size_t vs;
    const char *r;
    char q;

    for (;;) {
        while (i < n && (dl_html_is_ws(a[i]) || a[i] == '/'))
            i++;
        if (i >= n) {
            *pos = n;
            return false;
        }
        ns = i;
        while (i < n && !dl_html_is_ws(a[i]) && a[i] != '=' && a[i] != '/')
            i++;
        if (i > ns)
            break;
        i++; /* a stray '=' */
    }
    *name = a + ns;
    *nlen = i - ns;
    while (i < n && dl_html_is_ws(a[i]))
        i++;
    *v = a + i;
    *vlen = 0;
    if (i < n && a[i] == '=') {
        i++;
        while (i < n && dl_html_is_ws(a[i]))
            i++;
        if (i < n && (a[i] == '"' || a[i] == '\'')) {
            q = a[i];
            r = memchr(a + i + 1, q, n - i - 1);
            vs = i + 1;
            i = r != NULL ? (size_t)(r - a) : n;
            *v = a + vs;
            *vlen = i - vs;
            if (i < n)
                i++;
        } else {
            vs = i;
            while (i < n && !dl_html_is_ws(a[i]))
                i++;
            *v = a + vs;
            *vlen = i - vs;
        }
    }
    *pos = i;
    return true;
}

/* Find attribute name (lower case) in a tag; *v and *vlen get the raw value
 * ("" for a bare attribute).  false when absent.  The first of the name
 * wins, as in HTML. */
bool
dl_html_attr_get(const struct tag *t, const char *name, const char **v,
                 size_t *vlen)
{
    size_t want = strlen(name);
    size_t pos = 0;
    const char *an;
    size_t nlen;

    while (dl_html_attr_next(t, &pos, &an, &nlen, v, vlen)) {
        if (nlen == want && strncasecmp(an, name, want) == 0)
            return true;
    }
    return false;
}

/* Whether name[0..n) is want, ignoring ASCII case. */
bool
dl_html_name_is(const char *name, size_t n, const char *want)
{
    return n == strlen(want) && strncasecmp(name, want, n) == 0;
}

/* The attribute's value with references decoded, in h->tmp (valid until
 * the next call).  NULL when absent or on allocation failure. */
const char *
dl_html_attr_value(struct html *h, const struct tag *t, const char *name,
                   size_t *len)
{
    const char *v;
    size_t vlen;
    dl_status rc;

    if (!dl_html_attr_get(t, name, &v, &vlen))
        return NULL;
    dl_buf_reset(&h->tmp);
    rc = dl_html_decode_entities(v, vlen, dl_html_sink_buf, &h->tmp);
    if (rc == DL_OK)
        rc = dl_buf_append(&h->tmp, "", 0);
    if (rc != DL_OK) {
        h->rc = rc;
        return NULL;
    }
    *len = h->tmp.len;
    return h->tmp.data;
}

/* A copy of an attribute's value, lower-cased, for comparisons of keys
 * such as property="og:title"; "" when absent or too long. */
void
dl_html_attr_key(const struct tag *t, const char *name, char *out, size_t size)
{
    const char *v;
    size_t vlen;
    size_t i;
    char c;

    out[0] = '\0';
    if (!dl_html_attr_get(t, name, &v, &vlen) || vlen >= size)
        return;
    for (i = 0; i < vlen; i++) {
        c = v[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[vlen] = '\0';
}

static bool
in_scope(const struct html *h)
{
    switch (h->scope) {
    case SCOPE_ARTICLE:
        return h->article > 0;
    case SCOPE_MAIN:
        return h->main > 0;
    default:
        return true;
    }
}

static void
count(unsigned *c, bool end)
{
    if (!end)
        (*c)++;
    else if (*c > 0)
        (*c)--;
}

static bool
in_foreign(const struct html *h)
{
    return h->foreign_depth > 0 || h->foreign_extra > 0;
}

/* The count of open elements named name; NULL when it is not tracked (and
 * add is false, or the table is full). */
static unsigned *
open_count(struct html *h, const char *name, bool add)
{
    unsigned hash = 5381;
    size_t i;
    size_t k;

    for (i = 0; name[i] != '\0'; i++)
        hash = hash * 33 + (unsigned char)name[i];
    for (k = 0; k < OPEN_PROBES; k++) {
        struct open_name *o = &h->open[(hash + k) % OPEN_NAMES];
        if (strcmp(o->name, name) == 0)
            return &o->n;
        if (o->name[0] == '\0') {
            if (!add)
                return NULL;
            memcpy(o->name, name, sizeof o->name);
            return &o->n;
        }
    }
    return NULL;
}

static void
foreign_push(struct html *h, const struct tag *t, bool html)
{
    struct foreign_el *f;
    const char *enc;
    size_t n;

    if (h->foreign_depth == FOREIGN_DEPTH || h->foreign_extra > 0) {
        h->foreign_extra++;
        return;
    }
    f = &h->foreign[h->foreign_depth++];
    memcpy(f->name, t->name, sizeof f->name);
    f->html = html;
    f->integration = false;
    if (html)
        return;
    if (strcmp(t->name, "foreignobject") == 0 || strcmp(t->name, "desc") == 0 ||
        strcmp(t->name, "mi") == 0 || strcmp(t->name, "mo") == 0 ||
        strcmp(t->name, "mn") == 0 || strcmp(t->name, "ms") == 0 ||
        strcmp(t->name, "mtext") == 0) {
        f->integration = true;
    } else if (strcmp(t->name, "annotation-xml") == 0 &&
               dl_html_attr_get(t, "encoding", &enc, &n)) {
        f->integration = dl_html_name_is(enc, n, "text/html") ||
                         dl_html_name_is(enc, n, "application/xhtml+xml");
    }
}

/* Leave foreign elements until HTML content or an integration point is
 * current: what a breakout tag does. */
static void
foreign_pop_to_html(struct html *h)
{
    h->foreign_extra = 0;
    while (h->foreign_depth > 0) {
        const struct foreign_el *f = &h->foreign[h->foreign_depth - 1];
        if (f->html || f->integration)
            break;
        h->foreign_depth--;
    }
}

static bool
is_breakout(const struct tag *t)
{
    const char *v;
    size_t n;

    if (strcmp(t->name, "font") == 0)
        return dl_html_attr_get(t, "color", &v, &n) ||
               dl_html_attr_get(t, "face", &v, &n) ||
               dl_html_attr_get(t, "size", &v, &n);
    return dl_html_in_list(t->name, breakout);
}

/* The HTML standard's tree construction for foreign content, on the few
 * facts a text extractor needs: which tags open or end svg and math, and
 * which leave them.  Returns true when t was foreign content (hidden, and
 * no further processing); false when it is HTML to process as usual, which
 * may be right after foreign content ended.  Browsers end an unclosed
 * <svg> at the end tag of an HTML element open around it, or at a start
 * tag such as <p> or <div> (is_breakout); without this, the rest of the
 * page would be hidden. */
static bool
foreign_tag(struct html *h, const struct tag *t)
{
    bool svg_or_math =
        strcmp(t->name, "svg") == 0 || strcmp(t->name, "math") == 0;
    const struct foreign_el *top;
    unsigned k;

    if (!in_foreign(h)) {
        if (t->end || !svg_or_math)
            return false;
        if (!t->self_close)
            foreign_push(h, t, false);
        return true;
    }
    top = h->foreign_extra > 0 ? NULL : &h->foreign[h->foreign_depth - 1];
    if (!t->end) {
        /* Inside an integration point, tags are HTML, which never breaks
         * out: only its own elements are kept track of. */
        if (top != NULL && (top->html || top->integration)) {
            if (svg_or_math)
                foreign_push(h, t, false);
            else if (!t->self_close && !dl_html_in_list(t->name, voids))
                foreign_push(h, t, true);
            return true;
        }
        if (is_breakout(t)) {
            foreign_pop_to_html(h);
            if (!in_foreign(h))
                return false;
            if (!dl_html_in_list(t->name, voids))
                foreign_push(h, t, true);
            return true;
        }
        if (!t->self_close)
            foreign_push(h, t, false);
        return true;
    }
    if ((strcmp(t->name, "p") == 0 || strcmp(t->name, "br") == 0) &&
        (top == NULL || (!top->html && !top->integration))) {
        foreign_pop_to_html(h);
        return in_foreign(h);
    }
    if (h->foreign_extra > 0) {
        h->foreign_extra--;
        return true;
    }
    for (k = h->foreign_depth; k > 0; k--) {
        if (strcmp(h->foreign[k - 1].name, t->name) == 0) {
            h->foreign_depth = k - 1;
            return true;
        }
    }
    /* The end tag of an element open around the foreign content closes it
     * with everything inside; any other is a stray, ignored. */
    if (t->name[0] != '\0') {
        unsigned *c = open_count(h, t->name, false);
        if (c != NULL && *c > 0) {
            h->foreign_depth = 0;
            return false;
        }
    }
    return true;
}

/* Count an HTML element opened or ended outside foreign content. */
static void
track_open(struct html *h, const struct tag *t)
{
    unsigned *c;

    if (t->name[0] == '\0' || dl_html_in_list(t->name, voids))
        return;
    if (!t->end && t->self_close)
        return;
    c = open_count(h, t->name, !t->end);
    if (c != NULL)
        count(c, t->end);
}

static void
text(struct html *h, const char *s, size_t n)
{
    dl_status rc = DL_OK;

    if (n == 0 || h->rc != DL_OK)
        return;
    if (h->meta_pass) {
        if (h->in_h1 && h->hidden == 0 && !in_foreign(h))
            rc = dl_html_decode_entities(s, n, sink_fold, &h->h1_fold);
    } else if (h->tree != NULL) {
        if (!in_foreign(h))
            rc = dl_html_decode_entities(s, n, sink_tree, h->tree);
    } else if (in_scope(h) && h->hidden == 0 && !in_foreign(h) &&
               (h->furniture == 0 || h->scope == SCOPE_LOOSE)) {
        rc = dl_html_decode_entities(s, n, sink_fold, &h->body);
    }
    if (rc != DL_OK)
        h->rc = rc;
}

/* The tree pass: the tag goes to the tree, with the attributes its hints
 * are read from (html_hints.h). */
static void
tree_element(struct html *h, const struct tag *t)
{
    struct dl_hattrs a;
    const char *name;
    const char *v;
    size_t nlen;
    size_t n;
    size_t pos = 0;
    uint32_t node;

    if (t->end) {
        dl_htree_end(h->tree, t->name);
        return;
    }
    /* One pass over the attributes; the first of a name wins, as in
     * attr_get. */
    memset(&a, 0, sizeof a);
    while (dl_html_attr_next(t, &pos, &name, &nlen, &v, &n)) {
        if (a.cls == NULL && dl_html_name_is(name, nlen, "class")) {
            a.cls = v;
            a.cls_n = n;
        } else if (a.id == NULL && dl_html_name_is(name, nlen, "id")) {
            a.id = v;
            a.id_n = n;
        } else if (a.role == NULL && dl_html_name_is(name, nlen, "role")) {
            a.role = v;
            a.role_n = n;
        } else if (a.itemprop == NULL &&
                   dl_html_name_is(name, nlen, "itemprop")) {
            a.itemprop = v;
            a.itemprop_n = n;
        } else if (a.style == NULL && dl_html_name_is(name, nlen, "style")) {
            a.style = v;
            a.style_n = n;
        } else if (dl_html_name_is(name, nlen, "hidden")) {
            a.hidden = true;
        } else if (dl_html_name_is(name, nlen, "aria-hidden")) {
            a.aria_hidden = n == 4 && strncasecmp(v, "true", 4) == 0;
        }
    }
    node = dl_htree_start(h->tree, t->name, &a, t->self_close);
    if (node != 0 && ((h->tree->nodes[node].hints & DL_HH_DATE) ||
                      h->tree->nodes[node].tag == DL_HT_TIME))
        dl_html_date_cand_add(h, t, node);
}

static void
element(struct html *h, const struct tag *t)
{
    bool opens = !t->end && !t->self_close;

    if (foreign_tag(h, t))
        return;
    track_open(h, t);
    if (t->name[0] == '\0')
        return;
    if (h->tree != NULL) {
        /* The tree pass (foreign content, svg and math, never gets here). */
        tree_element(h, t);
        return;
    }
    if (dl_html_in_list(t->name, blocks))
        dl_textfold_break(&h->body);
    else if (dl_html_in_list(t->name, cells))
        dl_textfold_space(&h->body);
    if (!opens && !t->end)
        goto meta; /* <div/>: nothing opens */
    if (dl_html_in_list(t->name, furniture))
        count(&h->furniture, t->end);
    else if (dl_html_in_list(t->name, hidden))
        count(&h->hidden, t->end);
    /* An <article> inside an aside or a nav is a teaser card for another
     * story: it must not make the page's own text look like furniture. */
    if (strcmp(t->name, "article") == 0) {
        count(&h->article, t->end);
        h->saw_article |= h->furniture == 0 && h->hidden == 0;
    } else if (strcmp(t->name, "main") == 0) {
        count(&h->main, t->end);
        h->saw_main |= h->furniture == 0 && h->hidden == 0;
    }
meta:
    if (!h->meta_pass)
        return;
    if (!t->end)
        dl_html_meta_start(h, t);
    else if (strcmp(t->name, "h1") == 0 && h->in_h1) {
        h->in_h1 = false;
        h->h1_done = true;
    }
}

/* Offset of the "</name" that ends a raw-text element, or n. */
size_t
dl_html_find_close(const char *s, size_t n, size_t from, const char *name)
{
    size_t k = strlen(name);
    const char *p;
    size_t i = from;
    char c;

    while (i < n) {
        p = memchr(s + i, '<', n - i);
        if (p == NULL)
            return n;
        i = (size_t)(p - s);
        if (i + 2 + k <= n && s[i + 1] == '/' &&
            strncasecmp(s + i + 2, name, k) == 0) {
            c = i + 2 + k < n ? s[i + 2 + k] : '>';
            if (dl_html_is_ws(c) || c == '/' || c == '>')
                return i;
        }
        i++;
    }
    return n;
}

/* A script holding markup for later (type text/template, text/x-template,
 * text/html...): the tree pass reads it as a <template>, so a story that
 * is only there can still be found (html_extract.c reads templates when
 * the rest of the page has too little text).  Not recursive: a template
 * inside one stays a script. */
static void
template_script(struct html *h, const struct tag *t, size_t start, size_t close)
{
    const char *s = h->s;
    size_t n = h->n;
    struct open_name open[OPEN_NAMES];
    const char *v;
    size_t vn;
    uint32_t node;

    if (in_foreign(h))
        return; /* an svg's script */
    v = dl_html_attr_value(h, t, "type", &vn);
    if (v == NULL ||
        (strstr(v, "template") == NULL && strstr(v, "html") == NULL))
        return;
    node = dl_htree_start(h->tree, "template", NULL, false);
    if (node == 0)
        return;
    /* The template's markup is a page of its own: what it leaves open
     * (an svg, a div) must not change how the rest of the page reads. */
    memcpy(open, h->open, sizeof open);
    h->in_template = true;
    h->s = s + start;
    h->n = close - start;
    dl_html_scan(h);
    h->s = s;
    h->n = n;
    h->in_template = false;
    h->foreign_depth = 0;
    h->foreign_extra = 0;
    memcpy(h->open, open, sizeof open);
    dl_htree_close(h->tree, node);
}

static void
raw_element(struct html *h, const struct tag *t, size_t *pos)
{
    size_t start = t->next;
    size_t close = dl_html_find_close(h->s, h->n, start, t->name);
    const char *gt;
    const char *v;
    size_t vn;

    if (h->tree != NULL && !h->in_template && strcmp(t->name, "script") == 0)
        template_script(h, t, start, close);

    if (h->meta_pass) {
        if (strcmp(t->name, "title") == 0 && !in_foreign(h) && !h->title_done) {
            h->title_done = true;
            dl_buf_reset(&h->tmp);
            h->rc = dl_html_decode_entities(h->s + start, close - start,
                                            dl_html_sink_buf, &h->tmp);
            if (h->rc == DL_OK)
                dl_html_cand_offer(h, &h->title, TITLE_PRIO_TAG,
                                   h->tmp.data != NULL ? h->tmp.data : "",
                                   h->tmp.len, DL_READER_TITLE_MAX);
        } else if (strcmp(t->name, "script") == 0) {
            v = dl_html_attr_value(h, t, "type", &vn);
            if (v != NULL && strstr(v, "ld+json") != NULL)
                dl_html_jsonld(h, h->s + start, close - start);
        }
    }
    gt = close < h->n ? memchr(h->s + close, '>', h->n - close) : NULL;
    *pos = gt != NULL ? (size_t)(gt - h->s) + 1 : h->n;
}

/* End of a comment or other "<!...>" / "<?...>" starting at i. */
size_t
dl_html_skip_markup_decl(const char *s, size_t n, size_t i)
{
    const char *p;
    size_t k;

    if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
        k = i + 4;
        /* "<!-->" and "<!--->" are (empty) comments too. */
        if (k < n && s[k] == '>')
            return k + 1;
        if (k + 1 < n && s[k] == '-' && s[k + 1] == '>')
            return k + 2;
        while (k < n) {
            p = memchr(s + k, '-', n - k);
            if (p == NULL)
                return n;
            k = (size_t)(p - s);
            if (k + 3 <= n && memcmp(s + k, "-->", 3) == 0)
                return k + 3;
            k++;
        }
        return n;
    }
    p = memchr(s + i, '>', n - i);
    return p != NULL ? (size_t)(p - s) + 1 : n;
}

/* Find the next markup in s[*i..n), moving *i to its '<': a comment or
 * other "<!...>" / "<?...>", or a tag ('<' then a letter or "/letter").
 * Any other '<' is text and passed over.  MARKUP_NONE when none is left. */
enum markup
dl_html_next_markup(const char *s, size_t n, size_t *i)
{
    const char *p;
    char c;

    while (*i < n) {
        p = memchr(s + *i, '<', n - *i);
        if (p == NULL)
            break;
        *i = (size_t)(p - s);
        c = *i + 1 < n ? s[*i + 1] : '\0';
        if (c == '!' || c == '?')
            return MARKUP_DECL;
        if (is_alpha(c) || (c == '/' && *i + 2 < n && is_alpha(s[*i + 2])))
            return MARKUP_TAG;
        (*i)++;
    }
    return MARKUP_NONE;
}

void
dl_html_scan(struct html *h)
{
    const char *s = h->s;
    size_t n = h->n;
    size_t pos = 0; /* start of pending text */
    size_t i = 0;   /* where to look for the next '<' */
    struct tag t;

    /* A tree past its bounds is given up at once: the page is read flat. */
    while (i < n && h->rc == DL_OK &&
           (h->tree == NULL || dl_htree_ok(h->tree))) {
        enum markup m = dl_html_next_markup(s, n, &i);
        if (m == MARKUP_NONE)
            break;
        text(h, s + pos, i - pos);
        if (m == MARKUP_DECL) {
            i = dl_html_skip_markup_decl(s, n, i);
        } else {
            dl_html_parse_tag(s, n, i, &t);
            i = t.next;
            if (!t.end && dl_html_in_list(t.name, rawtext))
                raw_element(h, &t, &i);
            else
                element(h, &t);
        }
        pos = i;
    }
    if (pos < n)
        text(h, s + pos, n - pos);
}

bool
dl_html_is_rawtext(const char *name)
{
    return dl_html_in_list(name, rawtext);
}
