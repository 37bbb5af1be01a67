/* reader_html.c - HTML articles (.html, .htm): metadata and main text.
 *
 * A hand-written, tolerant scanner rather than a full HTML parser: news
 * pages are tag soup more often than not.  The scanner itself never builds
 * a tree; it walks the bytes once per pass, keeping only counters of open
 * elements (and, for svg and math, the small stack described below), and
 * hands tags and text to whoever reads them: the metadata (pass 1), a
 * light tree (the tree pass, html_tree.h), or flat text (pass 2), so
 * broken markup
 * (unclosed tags, stray '<', quotes that never close, huge attributes)
 * costs at most one extra scan of a tag and never recursion.
 * Tag soup follows HTML5 where it is cheap to do so: '<' not followed by a
 * letter, '/', '!' or '?' is text; script, style, title and textarea run to
 * their end tag; comments run to "-->".
 *
 * Pass 1 collects metadata.  Each field keeps the best candidate by a fixed
 * priority (first seen wins a tie):
 *   title   og:title > JSON-LD headline > <title> > twitter:title > <h1>,
 *           without the site's name beside it ("Story | Site", "Site:
 *           Story"; html_title.h) unless it is the <h1>
 *   date    JSON-LD datePublished = article:published_time > itemprop
 *           datePublished > name=date, pubdate, DC.date... > <time pubdate>
 *           > the first <time datetime> of the story's header; the
 *           itemprop and <time> ones are weighed in the tree pass by
 *           where they stand (tree_dates: not in quotations, comments,
 *           related boxes or other stories)
 *   author  JSON-LD author.name > meta author, DC.creator > article:author
 *   source  og:site_name > JSON-LD publisher.name, DC.publisher
 *   url     <link rel=canonical> > og:url > JSON-LD url
 *   lang    <html lang> > content-language, JSON-LD inLanguage > og:locale
 * JSON-LD objects whose @type is not an article kind rank one lower.
 * Pass 1 also notes whether the page has <article> or <main> elements.
 *
 * The tree pass builds the page's tree (html_tree.h, bounded in nodes and
 * depth) and finds the story in it (html_extract.h): its text is the body.
 * A JSON-LD articleBody over twice as long replaces it (prefer_ld_body).
 *
 * Pass 2 is the fallback when the tree passes its bounds or the page has
 * no text the extractor accepts, and the reader of HTML fragments
 * (dl_reader_html_text): the text inside <article> elements if any, else
 * inside <main>, else the whole page; never inside script, style, svg, math,
 * noscript, template, form controls, nav, header, footer, aside or form.
 * svg and math are foreign content, which ends as browsers end it: at its
 * own end tag, at the end tag of an HTML element open around it, or at a
 * start tag such as <p> or <div> (foreign_tag()), so a lost </svg> does not
 * hide the rest of the page.  For that alone the scanner keeps more than
 * counters: a bounded stack of the elements opened inside foreign content,
 * and a count per element name of those open outside it.  Block elements
 * become line breaks, inline tags vanish, entities are decoded, whitespace
 * folds.  When the chosen scope yields no text (an empty <article> shell,
 * or a <nav> never closed), the pass is repeated with a wider scope, and at
 * last without the nav/header/footer rule.
 *
 * The charset is found in the raw bytes as browsers find it (<meta charset>
 * or http-equiv Content-Type anywhere in the head, or in the first 1024
 * bytes; an XML declaration), see "charset prescan" below, and handed to
 * dl_decode as declared; the scanner itself only sees UTF-8.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "dl_alloc.h"
#include "dl_date.h"
#include "dl_decode.h"
#include "dl_utf8.h"
#include "html_extract.h"
#include "html_title.h"
#include "html_tree.h"
#include "reader.h"
#include "reader_int.h"

/* ---- entities ----------------------------------------------------------- */

struct entity {
    const char *name;
    unsigned cp;
};

/* Sorted by strcmp for bsearch: the common news punctuation, Latin-1
 * letters and signs, and a few Greek and math ones. */
static const struct entity entities[] = {
    {"AElig", 0x00C6},  {"Aacute", 0x00C1}, {"Acirc", 0x00C2},
    {"Agrave", 0x00C0}, {"Alpha", 0x0391},  {"Aring", 0x00C5},
    {"Atilde", 0x00C3}, {"Auml", 0x00C4},   {"Ccedil", 0x00C7},
    {"ETH", 0x00D0},    {"Eacute", 0x00C9}, {"Ecirc", 0x00CA},
    {"Egrave", 0x00C8}, {"Euml", 0x00CB},   {"Iacute", 0x00CD},
    {"Icirc", 0x00CE},  {"Igrave", 0x00CC}, {"Iuml", 0x00CF},
    {"Ntilde", 0x00D1}, {"OElig", 0x0152},  {"Oacute", 0x00D3},
    {"Ocirc", 0x00D4},  {"Ograve", 0x00D2}, {"Omega", 0x03A9},
    {"Oslash", 0x00D8}, {"Otilde", 0x00D5}, {"Ouml", 0x00D6},
    {"Prime", 0x2033},  {"Scaron", 0x0160}, {"THORN", 0x00DE},
    {"Uacute", 0x00DA}, {"Ucirc", 0x00DB},  {"Ugrave", 0x00D9},
    {"Uuml", 0x00DC},   {"Yacute", 0x00DD}, {"Yuml", 0x0178},
    {"Zcaron", 0x017D}, {"aacute", 0x00E1}, {"acirc", 0x00E2},
    {"acute", 0x00B4},  {"aelig", 0x00E6},  {"agrave", 0x00E0},
    {"alpha", 0x03B1},  {"amp", 0x0026},    {"apos", 0x0027},
    {"aring", 0x00E5},  {"asymp", 0x2248},  {"atilde", 0x00E3},
    {"auml", 0x00E4},   {"bdquo", 0x201E},  {"beta", 0x03B2},
    {"bull", 0x2022},   {"ccedil", 0x00E7}, {"cent", 0x00A2},
    {"circ", 0x02C6},   {"copy", 0x00A9},   {"curren", 0x00A4},
    {"dagger", 0x2020}, {"darr", 0x2193},   {"deg", 0x00B0},
    {"delta", 0x03B4},  {"divide", 0x00F7}, {"eacute", 0x00E9},
    {"ecirc", 0x00EA},  {"egrave", 0x00E8}, {"emsp", 0x2003},
    {"ensp", 0x2002},   {"eth", 0x00F0},    {"euml", 0x00EB},
    {"euro", 0x20AC},   {"fnof", 0x0192},   {"frac12", 0x00BD},
    {"frac14", 0x00BC}, {"frac34", 0x00BE}, {"gamma", 0x03B3},
    {"ge", 0x2265},     {"gt", 0x003E},     {"hellip", 0x2026},
    {"iacute", 0x00ED}, {"icirc", 0x00EE},  {"iexcl", 0x00A1},
    {"igrave", 0x00EC}, {"infin", 0x221E},  {"iquest", 0x00BF},
    {"iuml", 0x00EF},   {"laquo", 0x00AB},  {"larr", 0x2190},
    {"ldquo", 0x201C},  {"le", 0x2264},     {"lrm", 0x200E},
    {"lsquo", 0x2018},  {"lt", 0x003C},     {"mdash", 0x2014},
    {"micro", 0x00B5},  {"middot", 0x00B7}, {"minus", 0x2212},
    {"nbsp", 0x00A0},   {"ndash", 0x2013},  {"ne", 0x2260},
    {"not", 0x00AC},    {"ntilde", 0x00F1}, {"oacute", 0x00F3},
    {"ocirc", 0x00F4},  {"oelig", 0x0153},  {"ograve", 0x00F2},
    {"omega", 0x03C9},  {"ordf", 0x00AA},   {"ordm", 0x00BA},
    {"oslash", 0x00F8}, {"otilde", 0x00F5}, {"ouml", 0x00F6},
    {"para", 0x00B6},   {"pi", 0x03C0},     {"plusmn", 0x00B1},
    {"pound", 0x00A3},  {"prime", 0x2032},  {"quot", 0x0022},
    {"raquo", 0x00BB},  {"rarr", 0x2192},   {"rdquo", 0x201D},
    {"reg", 0x00AE},    {"rlm", 0x200F},    {"rsquo", 0x2019},
    {"sbquo", 0x201A},  {"scaron", 0x0161}, {"sect", 0x00A7},
    {"shy", 0x00AD},    {"sigma", 0x03C3},  {"sup1", 0x00B9},
    {"sup2", 0x00B2},   {"sup3", 0x00B3},   {"szlig", 0x00DF},
    {"thinsp", 0x2009}, {"thorn", 0x00FE},  {"tilde", 0x02DC},
    {"times", 0x00D7},  {"trade", 0x2122},  {"uacute", 0x00FA},
    {"uarr", 0x2191},   {"ucirc", 0x00FB},  {"ugrave", 0x00F9},
    {"uuml", 0x00FC},   {"yacute", 0x00FD}, {"yen", 0x00A5},
    {"yuml", 0x00FF},   {"zcaron", 0x017E}, {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

/* Numeric references 128..159 mean what windows-1252 puts there (HTML5
 * says so, and pages written on Windows rely on it); 0: undefined. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

typedef dl_status (*sink_fn)(void *sctx, const char *p, size_t n);

static int
entity_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct entity *)elem)->name);
}

static bool
is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parse the reference at s[0] == '&'.  Returns its length and sets *cp, or
 * 0 when it is not one (the '&' is then text). */
static size_t
entity_at(const char *s, size_t n, unsigned *cp)
{
    char name[32];
    const struct entity *e;
    unsigned long v = 0;
    size_t i = 1;
    size_t digits = 0;
    int base = 10;
    int d;

    if (n > 1 && s[1] == '#') {
        i = 2;
        if (i < n && (s[i] == 'x' || s[i] == 'X')) {
            base = 16;
            i++;
        }
        while (i < n) {
            d = base == 16 ? hexval(s[i])
                           : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
            if (d < 0)
                break;
            if (v <= 0x10FFFF)
                v = v * (unsigned long)base + (unsigned long)d;
            digits++;
            i++;
        }
        if (digits == 0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        if (v >= 0x80 && v <= 0x9F)
            v = cp1252_c1[v - 0x80];
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0xFFFD;
        *cp = (unsigned)v;
        return i;
    }
    while (i < n && i - 1 < sizeof name - 1 && is_alnum(s[i])) {
        name[i - 1] = s[i];
        i++;
    }
    if (i == 1 || i >= n || s[i] != ';')
        return 0;
    name[i - 1] = '\0';
    e = bsearch(name, entities, sizeof entities / sizeof entities[0],
                sizeof entities[0], entity_cmp);
    if (e == NULL)
        return 0;
    *cp = e->cp;
    return i + 1;
}

/* Send s[0..n) to sink with character references decoded. */
static dl_status
decode_entities(const char *s, size_t n, sink_fn sink, void *sctx)
{
    const char *amp;
    char u[DL_UTF8_MAX];
    size_t k;
    size_t i = 0;
    unsigned cp;
    dl_status rc;

    while (i < n) {
        amp = memchr(s + i, '&', n - i);
        if (amp == NULL)
            return sink(sctx, s + i, n - i);
        rc = sink(sctx, s + i, (size_t)(amp - (s + i)));
        if (rc != DL_OK)
            return rc;
        i = (size_t)(amp - s);
        k = entity_at(s + i, n - i, &cp);
        if (k == 0) {
            rc = sink(sctx, "&", 1);
            i++;
        } else {
            rc = sink(sctx, u, dl_utf8_encode(cp, u));
            i += k;
        }
        if (rc != DL_OK)
            return rc;
    }
    return DL_OK;
}

static dl_status
sink_buf(void *sctx, const char *p, size_t n)
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

/* ---- element classes ------------------------------------------------------
 */

static bool
in_list(const char *name, const char *const *list)
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

/* ---- scanner state ------------------------------------------------------ */

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
 * is found (tree_dates): itemprop="datePublished" on any element (rank 4,
 * as the meta tags' datePublished), <time pubdate> (rank 2) anywhere but
 * in quotations, figures, furniture, comments, related boxes and other
 * stories' <article>s, and any <time datetime> (rank 1) in the story's
 * header area. */
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

/* Offer a value for a field: kept if it ranks above the current one and is
 * not blank. */
static void
cand_offer(struct html *h, struct cand *c, int prio, const char *s, size_t n,
           size_t max)
{
    dl_buf t;
    dl_status rc;

    if (h->rc != DL_OK || prio <= c->prio)
        return;
    rc = dl_reader_put_field(&h->tmp2, s, n, max);
    if (rc != DL_OK) {
        h->rc = rc;
        return;
    }
    if (h->tmp2.len == 0)
        return;
    t = c->v;
    c->v = h->tmp2;
    h->tmp2 = t;
    c->prio = prio;
}

static void
date_offer(struct html *h, int prio, const char *s, size_t n)
{
    struct dl_date d;

    if (prio <= h->date_prio)
        return;
    if (dl_date_parse_meta(s, n, &d)) {
        h->date = d;
        h->date_prio = prio;
    }
}

/* The rank of <title>: its text may end in the site's name. */
#define TITLE_PRIO_TAG 3

/* ---- tags and attributes --------------------------------------------------
 */

static bool
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Parse the tag at s[i] == '<' whose next byte is a letter or "/letter". */
static void
parse_tag(const char *s, size_t n, size_t i, struct tag *t)
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
    while (k < n && !is_ws(s[k]) && s[k] != '/' && s[k] != '>')
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
        if (!is_ws(c))
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
static bool
attr_next(const struct tag *t, size_t *pos, const char **name, size_t *nlen,
          const char **v, size_t *vlen)
{
    const char *a = t->attrs;
    size_t n = t->attrs_len;
    size_t i = *pos;
    size_t ns;
    size_t vs;
    const char *r;
    char q;

    for (;;) {
        while (i < n && (is_ws(a[i]) || a[i] == '/'))
            i++;
        if (i >= n) {
            *pos = n;
            return false;
        }
        ns = i;
        while (i < n && !is_ws(a[i]) && a[i] != '=' && a[i] != '/')
            i++;
        if (i > ns)
            break;
        i++; /* a stray '=' */
    }
    *name = a + ns;
    *nlen = i - ns;
    while (i < n && is_ws(a[i]))
        i++;
    *v = a + i;
    *vlen = 0;
    if (i < n && a[i] == '=') {
        i++;
        while (i < n && is_ws(a[i]))
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
            while (i < n && !is_ws(a[i]))
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
static bool
attr_get(const struct tag *t, const char *name, const char **v, size_t *vlen)
{
    size_t want = strlen(name);
    size_t pos = 0;
    const char *an;
    size_t nlen;

    while (attr_next(t, &pos, &an, &nlen, v, vlen)) {
        if (nlen == want && strncasecmp(an, name, want) == 0)
            return true;
    }
    return false;
}

/* Whether name[0..n) is want, ignoring ASCII case. */
static bool
name_is(const char *name, size_t n, const char *want)
{
    return n == strlen(want) && strncasecmp(name, want, n) == 0;
}

/* The attribute's value with references decoded, in h->tmp (valid until
 * the next call).  NULL when absent or on allocation failure. */
static const char *
attr_value(struct html *h, const struct tag *t, const char *name, size_t *len)
{
    const char *v;
    size_t vlen;
    dl_status rc;

    if (!attr_get(t, name, &v, &vlen))
        return NULL;
    dl_buf_reset(&h->tmp);
    rc = decode_entities(v, vlen, sink_buf, &h->tmp);
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
static void
attr_key(const struct tag *t, const char *name, char *out, size_t size)
{
    const char *v;
    size_t vlen;
    size_t i;
    char c;

    out[0] = '\0';
    if (!attr_get(t, name, &v, &vlen) || vlen >= size)
        return;
    for (i = 0; i < vlen; i++) {
        c = v[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[vlen] = '\0';
}

/* ---- JSON-LD --------------------------------------------------------------
 */

static bool
ld_is_article(json_t *type)
{
    static const char *const kinds[] = {"Article", "BlogPosting", "Report",
                                        NULL};
    size_t i;
    size_t k;
    json_t *e;
    const char *s;

    if (json_is_array(type)) {
        json_array_foreach(type, i, e)
        {
            if (ld_is_article(e))
                return true;
        }
        return false;
    }
    if (!json_is_string(type))
        return false;
    s = json_string_value(type);
    for (k = 0; kinds[k] != NULL; k++) {
        if (strstr(s, kinds[k]) != NULL)
            return true;
    }
    return false;
}

/* Names from a string, {"name": ...} or an array of them, comma-joined. */
static dl_status
ld_names(json_t *v, dl_buf *out, int depth)
{
    size_t i;
    json_t *e;
    const char *s = NULL;
    dl_status rc = DL_OK;

    if (depth > 3)
        return DL_OK;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            rc = ld_names(e, out, depth + 1);
            if (rc != DL_OK)
                return rc;
        }
        return DL_OK;
    }
    if (json_is_object(v))
        v = json_object_get(v, "name");
    if (json_is_string(v))
        s = json_string_value(v);
    if (s == NULL || s[0] == '\0')
        return DL_OK;
    if (out->len > 0)
        rc = dl_buf_puts(out, ", ");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, s);
    return rc;
}

static void
ld_offer_names(struct html *h, struct cand *c, int prio, json_t *v)
{
    dl_buf names = DL_BUF_INIT;
    dl_status rc;

    if (v == NULL || prio <= c->prio)
        return;
    rc = ld_names(v, &names, 0);
    if (rc != DL_OK)
        h->rc = rc;
    else if (names.len > 0)
        cand_offer(h, c, prio, names.data, names.len, DL_READER_FIELD_MAX);
    dl_buf_free(&names);
}

static void
ld_offer_string(struct html *h, struct cand *c, int prio, json_t *v, size_t max)
{
    if (json_is_object(v))
        v = json_object_get(v, "@id");
    if (json_is_string(v))
        cand_offer(h, c, prio, json_string_value(v), json_string_length(v),
                   max);
}

/* A JSON-LD articleBody longer than this is cut (a body stored is at most
 * DL_STORED_BODY_MAX; the rest only feeds the index). */
#define LD_BODY_MAX (4u << 20)

static void
ld_visit(struct html *h, json_t *j, int depth)
{
    size_t i;
    json_t *e;
    json_t *v;
    int down;

    if (depth > 8 || h->rc != DL_OK)
        return;
    if (json_is_array(j)) {
        json_array_foreach(j, i, e)
        {
            ld_visit(h, e, depth + 1);
        }
        return;
    }
    if (!json_is_object(j))
        return;
    ld_visit(h, json_object_get(j, "@graph"), depth + 1);
    down = ld_is_article(json_object_get(j, "@type")) ? 0 : 1;
    v = json_object_get(j, "headline");
    if (json_is_string(v))
        cand_offer(h, &h->title, 4 - down, json_string_value(v),
                   json_string_length(v), DL_READER_TITLE_MAX);
    v = json_object_get(j, "datePublished");
    if (json_is_string(v))
        date_offer(h, 5 - down, json_string_value(v), json_string_length(v));
    ld_offer_names(h, &h->author, 3 - down, json_object_get(j, "author"));
    ld_offer_names(h, &h->source, 2 - down, json_object_get(j, "publisher"));
    ld_offer_string(h, &h->lang, 2 - down, json_object_get(j, "inLanguage"),
                    DL_READER_FIELD_MAX);
    if (down == 0)
        ld_offer_string(h, &h->url, 1, json_object_get(j, "url"),
                        DL_READER_URL_MAX);
    v = json_object_get(j, "articleBody");
    if (down == 0 && json_is_string(v) && h->ld_body.len == 0 && h->rc == DL_OK)
        h->rc = dl_buf_append(&h->ld_body, json_string_value(v),
                              json_string_length(v) < LD_BODY_MAX
                                  ? json_string_length(v)
                                  : LD_BODY_MAX);
}

static void
jsonld(struct html *h, const char *s, size_t n)
{
    json_error_t jerr;
    json_t *root;

    /* Old pages hide the script from old browsers. */
    while (n > 0 && is_ws(*s)) {
        s++;
        n--;
    }
    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        s += 4;
        n -= 4;
    }
    root = json_loadb(s, n, JSON_DISABLE_EOF_CHECK, &jerr);
    if (root == NULL)
        return; /* broken JSON-LD is common and harmless: other tags remain */
    ld_visit(h, root, 0);
    json_decref(root);
}

/* ---- pass 1: metadata -----------------------------------------------------
 */

static void
meta_tag(struct html *h, const struct tag *t)
{
    static const char *const date3[] = {"date",
                                        "pubdate",
                                        "publishdate",
                                        "publish-date",
                                        "publish_date",
                                        "dc.date",
                                        "dc.date.issued",
                                        "dcterms.date",
                                        "dcterms.issued",
                                        "dcterms.created",
                                        "sailthru.date",
                                        "parsely-pub-date",
                                        "og:published_time",
                                        "article.published",
                                        "citation_publication_date",
                                        "citation_date",
                                        NULL};
    static const char *const author2[] = {"author",          "dc.creator",
                                          "dcterms.creator", "sailthru.author",
                                          "parsely-author",  NULL};
    char key[48];
    char equiv[48];
    const char *v;
    size_t n;

    attr_key(t, "property", key, sizeof key);
    if (key[0] == '\0')
        attr_key(t, "name", key, sizeof key);
    if (key[0] == '\0') {
        attr_key(t, "itemprop", key, sizeof key);
        /* The tree pass weighs where it stands (tree_dates). */
        if (strcmp(key, "datepublished") == 0)
            return;
    }
    attr_key(t, "http-equiv", equiv, sizeof equiv);
    if (key[0] == '\0' && strcmp(equiv, "content-language") == 0)
        snprintf(key, sizeof key, "%s", "content-language");
    if (key[0] == '\0')
        return;
    v = attr_value(h, t, "content", &n);
    if (v == NULL)
        return;
    if (strcmp(key, "og:title") == 0) {
        cand_offer(h, &h->title, 5, v, n, DL_READER_TITLE_MAX);
    } else if (strcmp(key, "twitter:title") == 0) {
        cand_offer(h, &h->title, 2, v, n, DL_READER_TITLE_MAX);
    } else if (strcmp(key, "article:published_time") == 0 ||
               strcmp(key, "og:article:published_time") == 0) {
        date_offer(h, 5, v, n);
    } else if (strcmp(key, "datepublished") == 0) {
        date_offer(h, 4, v, n);
    } else if (in_list(key, date3)) {
        date_offer(h, 3, v, n);
    } else if (in_list(key, author2)) {
        cand_offer(h, &h->author, 2, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "article:author") == 0) {
        /* Often a profile URL, which is no name. */
        if (strncmp(v, "http", 4) != 0)
            cand_offer(h, &h->author, 1, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "og:site_name") == 0) {
        cand_offer(h, &h->source, 3, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "dc.publisher") == 0) {
        cand_offer(h, &h->source, 2, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "og:url") == 0) {
        cand_offer(h, &h->url, 2, v, n, DL_READER_URL_MAX);
    } else if (strcmp(key, "content-language") == 0 ||
               strcmp(key, "dc.language") == 0 ||
               strcmp(key, "language") == 0) {
        cand_offer(h, &h->lang, 2, v, n, 64);
    } else if (strcmp(key, "og:locale") == 0 && n < 32) {
        char loc[32];
        size_t i;
        for (i = 0; i < n; i++)
            loc[i] = v[i] == '_' ? '-' : v[i];
        cand_offer(h, &h->lang, 1, loc, n, 64);
    }
}

static bool
rel_has(const char *v, size_t n, const char *word)
{
    size_t w = strlen(word);
    size_t i = 0;
    size_t s;

    while (i < n) {
        while (i < n && is_ws(v[i]))
            i++;
        s = i;
        while (i < n && !is_ws(v[i]))
            i++;
        if (i - s == w && strncasecmp(v + s, word, w) == 0)
            return true;
    }
    return false;
}

static void
meta_start(struct html *h, const struct tag *t)
{
    const char *v;
    size_t n;

    if (strcmp(t->name, "meta") == 0) {
        meta_tag(h, t);
    } else if (strcmp(t->name, "link") == 0) {
        v = attr_value(h, t, "rel", &n);
        if (v != NULL && rel_has(v, n, "canonical")) {
            v = attr_value(h, t, "href", &n);
            if (v != NULL)
                cand_offer(h, &h->url, 3, v, n, DL_READER_URL_MAX);
        }
    } else if (strcmp(t->name, "html") == 0) {
        v = attr_value(h, t, "lang", &n);
        if (v == NULL)
            v = attr_value(h, t, "xml:lang", &n);
        if (v != NULL)
            cand_offer(h, &h->lang, 3, v, n, 64);
    } else if (strcmp(t->name, "h1") == 0 && !h->h1_done) {
        h->in_h1 = true;
    }
}

/* ---- the scan -------------------------------------------------------------
 */

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
               attr_get(t, "encoding", &enc, &n)) {
        f->integration = name_is(enc, n, "text/html") ||
                         name_is(enc, n, "application/xhtml+xml");
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
        return attr_get(t, "color", &v, &n) || attr_get(t, "face", &v, &n) ||
               attr_get(t, "size", &v, &n);
    return in_list(t->name, breakout);
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
            else if (!t->self_close && !in_list(t->name, voids))
                foreign_push(h, t, true);
            return true;
        }
        if (is_breakout(t)) {
            foreign_pop_to_html(h);
            if (!in_foreign(h))
                return false;
            if (!in_list(t->name, voids))
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

    if (t->name[0] == '\0' || in_list(t->name, voids))
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
            rc = decode_entities(s, n, sink_fold, &h->h1_fold);
    } else if (h->tree != NULL) {
        if (!in_foreign(h))
            rc = decode_entities(s, n, sink_tree, h->tree);
    } else if (in_scope(h) && h->hidden == 0 && !in_foreign(h) &&
               (h->furniture == 0 || h->scope == SCOPE_LOOSE)) {
        rc = decode_entities(s, n, sink_fold, &h->body);
    }
    if (rc != DL_OK)
        h->rc = rc;
}

/* A date element of the tree pass (struct date_cand): its kind and the
 * value of its content or datetime attribute. */
static void
date_cand_add(struct html *h, const struct tag *t, uint32_t node)
{
    struct date_cand *c;
    const char *v = NULL;
    const char *p;
    size_t pn;
    size_t n = 0;

    if (h->n_dates == DATE_CANDS)
        return;
    c = &h->dates[h->n_dates];
    c->node = node;
    if (h->tree->nodes[node].hints & DL_HH_DATE) {
        c->kind = DATE_ITEMPROP;
        v = attr_value(h, t, "content", &n);
    } else {
        c->kind = attr_get(t, "pubdate", &p, &pn) ? DATE_PUBDATE : DATE_TIME;
    }
    if (v == NULL)
        v = attr_value(h, t, "datetime", &n);
    if (v == NULL && c->kind != DATE_ITEMPROP)
        return; /* a <time> without datetime: its text may be anything */
    if (v == NULL)
        n = 0;
    if (n >= sizeof c->value)
        n = sizeof c->value - 1;
    memcpy(c->value, v != NULL ? v : "", n);
    c->value[n] = '\0';
    h->n_dates++;
}

/* The text of element i (at most size - 1 bytes): a datePublished
 * element with no content or datetime attribute says it in words. */
static void
node_text(const struct dl_htree *t, uint32_t i, char *out, size_t size)
{
    size_t len = 0;
    uint32_t j;
    uint32_t a;

    out[0] = '\0';
    for (j = i + 1; j < t->n && len + 1 < size; j++) {
        for (a = t->nodes[j].parent; a != 0 && a != i; a = t->nodes[a].parent)
            ;
        if (a != i)
            break; /* past the element's last descendant */
        if (t->nodes[j].tag == DL_HT_TEXT) {
            size_t k = t->nodes[j].len;
            if (k > size - 1 - len)
                k = size - 1 - len;
            memcpy(out + len, t->text.data + t->nodes[j].off, k);
            len += k;
        }
    }
    out[len] = '\0';
}

/* Offer the tree pass's dates, in page order, where they stand for the
 * story (struct date_cand). */
static void
tree_dates(struct html *h, const struct dl_htree *t,
           const struct dl_hextract *ex)
{
    static const int prio[] = {
        [DATE_ITEMPROP] = 4, [DATE_PUBDATE] = 2, [DATE_TIME] = 1};
    char text[64];
    unsigned k;

    for (k = 0; k < h->n_dates; k++) {
        const struct date_cand *c = &h->dates[k];
        const char *v = c->value;
        if (c->kind == DATE_TIME ? !dl_hextract_in_header(t, ex, c->node)
                                 : dl_hextract_elsewhere(t, ex, c->node))
            continue;
        if (v[0] == '\0') {
            node_text(t, c->node, text, sizeof text);
            v = text;
        }
        date_offer(h, prio[c->kind], v, strlen(v));
    }
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
    while (attr_next(t, &pos, &name, &nlen, &v, &n)) {
        if (a.cls == NULL && name_is(name, nlen, "class")) {
            a.cls = v;
            a.cls_n = n;
        } else if (a.id == NULL && name_is(name, nlen, "id")) {
            a.id = v;
            a.id_n = n;
        } else if (a.role == NULL && name_is(name, nlen, "role")) {
            a.role = v;
            a.role_n = n;
        } else if (a.itemprop == NULL && name_is(name, nlen, "itemprop")) {
            a.itemprop = v;
            a.itemprop_n = n;
        } else if (a.style == NULL && name_is(name, nlen, "style")) {
            a.style = v;
            a.style_n = n;
        } else if (name_is(name, nlen, "hidden")) {
            a.hidden = true;
        } else if (name_is(name, nlen, "aria-hidden")) {
            a.aria_hidden = n == 4 && strncasecmp(v, "true", 4) == 0;
        }
    }
    node = dl_htree_start(h->tree, t->name, &a, t->self_close);
    if (node != 0 && ((h->tree->nodes[node].hints & DL_HH_DATE) ||
                      h->tree->nodes[node].tag == DL_HT_TIME))
        date_cand_add(h, t, node);
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
    if (in_list(t->name, blocks))
        dl_textfold_break(&h->body);
    else if (in_list(t->name, cells))
        dl_textfold_space(&h->body);
    if (!opens && !t->end)
        goto meta; /* <div/>: nothing opens */
    if (in_list(t->name, furniture))
        count(&h->furniture, t->end);
    else if (in_list(t->name, hidden))
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
        meta_start(h, t);
    else if (strcmp(t->name, "h1") == 0 && h->in_h1) {
        h->in_h1 = false;
        h->h1_done = true;
    }
}

/* Offset of the "</name" that ends a raw-text element, or n. */
static size_t
find_close(const char *s, size_t n, size_t from, const char *name)
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
            if (is_ws(c) || c == '/' || c == '>')
                return i;
        }
        i++;
    }
    return n;
}

static void scan(struct html *h);

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
    v = attr_value(h, t, "type", &vn);
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
    scan(h);
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
    size_t close = find_close(h->s, h->n, start, t->name);
    const char *gt;
    const char *v;
    size_t vn;

    if (h->tree != NULL && !h->in_template && strcmp(t->name, "script") == 0)
        template_script(h, t, start, close);

    if (h->meta_pass) {
        if (strcmp(t->name, "title") == 0 && !in_foreign(h) && !h->title_done) {
            h->title_done = true;
            dl_buf_reset(&h->tmp);
            h->rc =
                decode_entities(h->s + start, close - start, sink_buf, &h->tmp);
            if (h->rc == DL_OK)
                cand_offer(h, &h->title, TITLE_PRIO_TAG,
                           h->tmp.data != NULL ? h->tmp.data : "", h->tmp.len,
                           DL_READER_TITLE_MAX);
        } else if (strcmp(t->name, "script") == 0) {
            v = attr_value(h, t, "type", &vn);
            if (v != NULL && strstr(v, "ld+json") != NULL)
                jsonld(h, h->s + start, close - start);
        }
    }
    gt = close < h->n ? memchr(h->s + close, '>', h->n - close) : NULL;
    *pos = gt != NULL ? (size_t)(gt - h->s) + 1 : h->n;
}

/* End of a comment or other "<!...>" / "<?...>" starting at i. */
static size_t
skip_markup_decl(const char *s, size_t n, size_t i)
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

enum markup { MARKUP_NONE, MARKUP_DECL, MARKUP_TAG };

/* Find the next markup in s[*i..n), moving *i to its '<': a comment or
 * other "<!...>" / "<?...>", or a tag ('<' then a letter or "/letter").
 * Any other '<' is text and passed over.  MARKUP_NONE when none is left. */
static enum markup
next_markup(const char *s, size_t n, size_t *i)
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

static void
scan(struct html *h)
{
    const char *s = h->s;
    size_t n = h->n;
    size_t pos = 0; /* start of pending text */
    size_t i = 0;   /* where to look for the next '<' */
    struct tag t;

    /* A tree past its bounds is given up at once: the page is read flat. */
    while (i < n && h->rc == DL_OK &&
           (h->tree == NULL || dl_htree_ok(h->tree))) {
        enum markup m = next_markup(s, n, &i);
        if (m == MARKUP_NONE)
            break;
        text(h, s + pos, i - pos);
        if (m == MARKUP_DECL) {
            i = skip_markup_decl(s, n, i);
        } else {
            parse_tag(s, n, i, &t);
            i = t.next;
            if (!t.end && in_list(t.name, rawtext))
                raw_element(h, &t, &i);
            else
                element(h, &t);
        }
        pos = i;
    }
    if (pos < n)
        text(h, s + pos, n - pos);
}

/* Whether word occurs in s[0..n), ignoring ASCII case. */
static bool
find_ci_any(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    const char *p;
    size_t i = 0;

    while (i + k <= n) {
        p = memchr(s + i, '<', n - i);
        if (p == NULL)
            return false;
        i = (size_t)(p - s);
        if (i + k <= n && strncasecmp(s + i, word, k) == 0)
            return true;
        i++;
    }
    return false;
}

/* The scanner's state at the start of a text pass. */
static void
pass_reset(struct html *h, enum scope scope)
{
    h->meta_pass = false;
    h->scope = scope;
    h->furniture = 0;
    h->hidden = 0;
    h->foreign_depth = 0;
    h->foreign_extra = 0;
    memset(h->open, 0, sizeof h->open);
    h->article = 0;
    h->main = 0;
}

static void
text_pass(struct html *h, enum scope scope)
{
    pass_reset(h, scope);
    dl_buf_reset(&h->body_buf);
    dl_textfold_init(&h->body, &h->body_buf, 0);
    scan(h);
}

/* Nodes a page's tree may have: a long news page has some tens of
 * thousands; a page past this is generated or hostile, and is read flat
 * (about 80 bytes per node go to the tree and its scores). */
#define TREE_MAX_NODES 250000

/* A JSON-LD articleBody shorter than this is a summary, not the story. */
#define LD_BODY_MIN 500

/* The tree pass: the page as a tree, and its main text into h->body_buf
 * (html_extract.h).  Leaves h->body_buf empty when the tree could not be
 * built within its bounds or the page has no text its rules accept; the
 * caller then reads the page flat. */
static void
tree_pass(struct html *h, struct dl_hextract *ex)
{
    struct dl_htree tree;
    dl_status rc;

    memset(ex, 0, sizeof *ex);
    dl_buf_reset(&h->body_buf);
    rc = dl_htree_init(&tree, TREE_MAX_NODES);
    if (rc == DL_OK) {
        pass_reset(h, SCOPE_LOOSE);
        h->tree = &tree;
        scan(h);
        h->tree = NULL;
        rc = tree.rc;
    }
    if (rc == DL_OK && h->rc == DL_OK && !tree.overflow)
        rc = dl_hextract_run(&tree, &h->body_buf, ex);
    if (rc == DL_OK && h->rc == DL_OK && !tree.overflow)
        tree_dates(h, &tree, ex);
    if (rc != DL_OK)
        h->rc = rc;
    dl_htree_free(&tree);
}

/* The page's JSON-LD article declares its body: when that holds over
 * twice the text the page's tree gave (a paywalled page shows a teaser
 * and declares the whole story for search engines), the declared body is
 * the text, reduced to paragraphs (it may be HTML). */
static dl_status
prefer_ld_body(struct html *h)
{
    dl_buf text = DL_BUF_INIT;
    dl_status rc;

    if (h->ld_body.len < LD_BODY_MIN || h->ld_body.len <= 2 * h->body_buf.len)
        return DL_OK;
    if (dl_reader_looks_html(h->ld_body.data, h->ld_body.len))
        rc = dl_reader_html_text(h->ld_body.data, h->ld_body.len, &text);
    else
        rc = dl_reader_put_paragraphs(&text, h->ld_body.data, h->ld_body.len);
    if (rc == DL_OK && text.len > 2 * h->body_buf.len) {
        dl_buf t = h->body_buf;
        h->body_buf = text;
        text = t;
    }
    dl_buf_free(&text);
    return rc;
}

bool
dl_reader_looks_html(const char *s, size_t n)
{
    static const char *const marks[] = {"<p>",    "</p>", "<br",
                                        "</div>", "<p ",  NULL};
    size_t i;

    for (i = 0; marks[i] != NULL; i++) {
        if (find_ci_any(s, n, marks[i]))
            return true;
    }
    return false;
}

dl_status
dl_reader_html_text(const char *s, size_t n, dl_buf *out)
{
    struct html h;

    memset(&h, 0, sizeof h);
    h.s = s;
    h.n = n;
    h.rc = DL_OK;
    dl_buf_init(&h.body_buf);
    text_pass(&h, SCOPE_LOOSE);
    if (h.rc == DL_OK && h.body_buf.len > 0)
        h.rc = dl_buf_append(out, h.body_buf.data, h.body_buf.len);
    dl_buf_free(&h.body_buf);
    return h.rc;
}

/* ---- charset prescan ------------------------------------------------------
 *
 * The charset of the raw bytes, found as browsers find it before they
 * decode a page: the HTML standard's "prescan a byte stream to determine
 * its encoding", with the reach Chromium and WebKit give it.  A
 * <meta charset=...>, or a <meta http-equiv="Content-Type"
 * content="...; charset=...">, counts anywhere in the head however long it
 * is (pages put 30 KB of scripts and styles before it), and anywhere in the
 * first PRESCAN_ANYWAY bytes even after the head.  The head ends at the
 * first tag that cannot be in it.  Comments, and the text of script, style,
 * title and the other raw-text elements, are skipped, so a "<meta" inside
 * them counts for nothing.  A label dl_decode does not know is passed over
 * and the scan goes on; one naming UTF-16 means UTF-8 (bytes that can be
 * scanned like this are not UTF-16).  An XML declaration at the very start
 * is used when no meta names a charset.
 */

#define PRESCAN_ANYWAY 1024 /* Chromium's "bytes to check unconditionally" */

/* Tags that keep the prescan in the head, as in Chromium (html and head
 * only as start tags). */
static const char *const head_tags[] = {"script", "noscript", "style",
                                        "link",   "meta",     "object",
                                        "title",  "base",     NULL};

/* Copy a label, without surrounding whitespace, into out.  false when it is
 * empty or does not fit. */
static bool
copy_label(const char *v, size_t n, char *out, size_t size)
{
    while (n > 0 && is_ws(*v)) {
        v++;
        n--;
    }
    while (n > 0 && is_ws(v[n - 1]))
        n--;
    if (n == 0 || n >= size)
        return false;
    memcpy(out, v, n);
    out[n] = '\0';
    return true;
}

/* Position just after "word" (case-insensitive) in s[from..to), or 0. */
static size_t
find_ci(const char *s, size_t from, size_t to, const char *word)
{
    size_t k = strlen(word);
    size_t i;

    for (i = from; i + k <= to; i++) {
        if (strncasecmp(s + i, word, k) == 0)
            return i + k;
    }
    return 0;
}

/* The charset in a content="text/html; charset=..." value: the HTML
 * standard's "extracting a character encoding from a meta element". */
static bool
content_charset(const char *v, size_t n, char *out, size_t size)
{
    const char *close;
    size_t from = 0;
    size_t k;
    size_t end;

    for (;;) {
        k = find_ci(v, from, n, "charset");
        if (k == 0)
            return false;
        while (k < n && is_ws(v[k]))
            k++;
        if (k < n && v[k] == '=')
            break;
        from = k; /* "charset" not followed by '=': look further */
    }
    k++;
    while (k < n && is_ws(v[k]))
        k++;
    if (k < n && (v[k] == '"' || v[k] == '\'')) {
        close = memchr(v + k + 1, v[k], n - k - 1);
        if (close == NULL)
            return false;
        return copy_label(v + k + 1, (size_t)(close - (v + k + 1)), out, size);
    }
    end = k;
    while (end < n && !is_ws(v[end]) && v[end] != ';')
        end++;
    return copy_label(v + k, end - k, out, size);
}

/* The charset a <meta> tag declares, attributes taken in order as the HTML
 * standard does: the first of charset= and a content= holding a charset
 * wins, and content= counts only beside http-equiv="Content-Type". */
static bool
meta_charset(const struct tag *t, char *out, size_t size)
{
    bool got_pragma = false;
    bool need_pragma = false;
    bool have = false;
    const char *name;
    const char *v;
    size_t nlen;
    size_t vlen;
    size_t pos = 0;

    while (attr_next(t, &pos, &name, &nlen, &v, &vlen)) {
        if (name_is(name, nlen, "http-equiv")) {
            got_pragma |= name_is(v, vlen, "content-type");
        } else if (!have && name_is(name, nlen, "content")) {
            have = content_charset(v, vlen, out, size);
            need_pragma = have;
        } else if (!have && name_is(name, nlen, "charset")) {
            have = copy_label(v, vlen, out, size);
            need_pragma = false;
        }
    }
    return have && (!need_pragma || got_pragma);
}

/* Replace a label by the name dl_decode reports for it, UTF-16 by UTF-8.
 * false when dl_decode does not know it. */
static bool
known_label(char *label, size_t size)
{
    const char *name = dl_decode_charset_name(label);

    if (name == NULL)
        return false;
    if (strncmp(name, "UTF-16", 6) == 0)
        name = "UTF-8";
    snprintf(label, size, "%s", name);
    return true;
}

/* <?xml version="1.0" encoding="..."?> at the very start. */
static bool
xml_declaration(const char *s, size_t n, char *out, size_t size)
{
    const char *gt;
    const char *close;
    size_t end;
    size_t k;

    if (n < 5 || strncasecmp(s, "<?xml", 5) != 0)
        return false;
    gt = memchr(s, '>', n);
    end = gt != NULL ? (size_t)(gt - s) : n;
    k = find_ci(s, 5, end, "encoding");
    while (k != 0 && k < end && is_ws(s[k]))
        k++;
    if (k == 0 || k >= end || s[k] != '=')
        return false;
    k++;
    while (k < end && is_ws(s[k]))
        k++;
    if (k >= end || (s[k] != '"' && s[k] != '\''))
        return false;
    close = memchr(s + k + 1, s[k], end - k - 1);
    if (close == NULL)
        return false;
    return copy_label(s + k + 1, (size_t)(close - (s + k + 1)), out, size) &&
           known_label(out, size);
}

static bool
prescan_charset(const char *s, size_t n, char *out, size_t size)
{
    bool in_head = true;
    size_t i = 0;
    struct tag t;

    while (i < n) {
        enum markup m = next_markup(s, n, &i);
        if (m == MARKUP_NONE)
            break;
        if (m == MARKUP_DECL) {
            i = skip_markup_decl(s, n, i); /* comments, doctype */
        } else {
            parse_tag(s, n, i, &t);
            i = t.next;
            if (!t.end && strcmp(t.name, "meta") == 0 &&
                meta_charset(&t, out, size) && known_label(out, size))
                return true;
            if (!t.end && in_list(t.name, rawtext))
                i = find_close(s, n, i, t.name);
            if (!in_list(t.name, head_tags) &&
                (t.end ||
                 (strcmp(t.name, "html") != 0 && strcmp(t.name, "head") != 0)))
                in_head = false;
        }
        if (!in_head && i >= PRESCAN_ANYWAY)
            break;
    }
    return xml_declaration(s, n, out, size);
}

/* ---- entry point -------------------------------------------------------- */

/* The site's name out of the title (html_title.h), whatever field the
 * title came from but the <h1>, which is the headline itself. */
static void
trim_title(struct html *h, struct dl_article *a)
{
    struct dl_title_hints th;

    if (h->title.prio <= 1)
        return;
    memset(&th, 0, sizeof th);
    th.site = a->source.data;
    th.site_n = a->source.len;
    if (h->url.prio > 0) {
        th.url = h->url.v.data;
        th.url_n = h->url.v.len;
    }
    th.h1 = h->h1.data;
    th.h1_n = h->h1.len;
    dl_title_trim_site(&a->title, &th);
}

static void
cand_init(struct cand *c)
{
    dl_buf_init(&c->v);
    c->prio = 0;
}

static dl_status
cand_take(struct cand *c, dl_buf *into)
{
    dl_buf_reset(into);
    if (c->prio == 0)
        return DL_OK;
    return dl_buf_append(into, c->v.data, c->v.len);
}

dl_status
dl_read_html(const char *path, const char *bytes, size_t len,
             const struct dl_read_opts *o, dl_article_fn emit, dl_warn_fn warn,
             void *ctx, dl_err *err)
{
    struct dl_decoded d;
    struct dl_article a;
    struct html h;
    struct dl_hextract ex;
    char charset[64];
    const char *declared = NULL;
    int scope;
    dl_status rc;

    memset(&d, 0, sizeof d);
    memset(&h, 0, sizeof h);
    dl_article_init(&a);
    dl_buf_init(&h.body_buf);
    dl_buf_init(&h.h1);
    dl_buf_init(&h.tmp);
    dl_buf_init(&h.tmp2);
    dl_buf_init(&h.ld_body);
    cand_init(&h.title);
    cand_init(&h.author);
    cand_init(&h.source);
    cand_init(&h.url);
    cand_init(&h.lang);
    h.rc = DL_OK;

    if (len == 0) {
        dl_reader_warn(warn, ctx, path, 0, "empty", "empty file; skipped");
        rc = DL_OK;
        goto out;
    }
    if (dl_decode_looks_binary(bytes, len)) {
        dl_reader_warn(warn, ctx, path, 0, "binary",
                       "looks like a binary file; skipped");
        rc = DL_OK;
        goto out;
    }
    if (prescan_charset(bytes, len, charset, sizeof charset))
        declared = charset;
    rc = dl_reader_decode(path, 0, bytes, len, declared, warn, ctx, &d, err);
    if (rc != DL_OK)
        goto out;
    h.s = d.text;
    h.n = d.len;

    h.meta_pass = true;
    h.scope = SCOPE_ALL;
    dl_textfold_init(&h.body, &h.body_buf, 0);
    dl_textfold_init(&h.h1_fold, &h.h1, DL_READER_FIELD_MAX);
    scan(&h);
    if (h.rc == DL_OK && h.h1.len > 0)
        cand_offer(&h, &h.title, 1, h.h1.data, h.h1.len, DL_READER_TITLE_MAX);

    if (h.rc == DL_OK)
        tree_pass(&h, &ex);
    if (h.rc == DL_OK)
        h.rc = prefer_ld_body(&h);
    scope =
        h.saw_article ? SCOPE_ARTICLE : (h.saw_main ? SCOPE_MAIN : SCOPE_ALL);
    if (h.body_buf.len > 0)
        scope = SCOPE_LOOSE + 1; /* the tree found the story */
    for (; h.rc == DL_OK && scope <= SCOPE_LOOSE; scope++) {
        text_pass(&h, (enum scope)scope);
        if (h.body_buf.len > 0)
            break;
        if (scope < SCOPE_ALL)
            scope = SCOPE_ALL - 1; /* straight to the whole page */
    }
    if (h.rc != DL_OK) {
        rc = dl_err_set(err, h.rc, "%s: out of memory", path);
        goto out;
    }
    /* A page with a title and no text is a headline-only article. */
    if (h.body_buf.len == 0 && h.title.v.len == 0) {
        dl_reader_warn(warn, ctx, path, 0, "empty",
                       "neither a title nor text in the page; skipped");
        goto out;
    }
    rc = cand_take(&h.title, &a.title);
    if (rc == DL_OK)
        rc = cand_take(&h.author, &a.author);
    if (rc == DL_OK)
        rc = cand_take(&h.source, &a.source);
    if (rc == DL_OK)
        trim_title(&h, &a);
    if (rc == DL_OK)
        rc = cand_take(&h.url, &a.url);
    if (rc == DL_OK)
        rc = cand_take(&h.lang, &a.lang);
    if (rc != DL_OK) {
        rc = dl_err_set(err, rc, "%s: out of memory", path);
        goto out;
    }
    /* The body is already folded; hand the buffer over instead of copying
     * what may be megabytes. */
    dl_buf_free(&a.body);
    a.body = h.body_buf;
    dl_buf_init(&h.body_buf);
    if (h.date_prio > 0) {
        a.date = h.date;
        a.date_origin = "metadata";
    }
    a.charset = d.charset;
    a.line = 1;
    rc = dl_reader_emit(&a, o, emit, ctx);
out:
    dl_decoded_free(&d);
    dl_article_free(&a);
    dl_buf_free(&h.body_buf);
    dl_buf_free(&h.h1);
    dl_buf_free(&h.tmp);
    dl_buf_free(&h.tmp2);
    dl_buf_free(&h.ld_body);
    dl_buf_free(&h.title.v);
    dl_buf_free(&h.author.v);
    dl_buf_free(&h.source.v);
    dl_buf_free(&h.url.v);
    dl_buf_free(&h.lang.v);
    return rc;
}
