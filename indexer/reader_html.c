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
 * This file runs the passes; the scanner is html_scan.c, the metadata
 * html_meta.c, the references html_entities.c (reader_html_int.h).
 *
 * The charset is found in the raw bytes as browsers find it (<meta charset>
 * or http-equiv Content-Type anywhere in the head, or in the first 1024
 * bytes; an XML declaration), see html_charset.c, and handed to
 * dl_decode as declared; the scanner itself only sees UTF-8.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dl_alloc.h"
#include "dl_date.h"
#include "dl_decode.h"
#include "html_extract.h"
#include "html_title.h"
#include "html_tree.h"
#include "reader.h"
#include "reader_html_int.h"
#include "reader_int.h"

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
    dl_html_scan(h);
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
        dl_html_scan(h);
        h->tree = NULL;
        rc = tree.rc;
    }
    if (rc == DL_OK && h->rc == DL_OK && !tree.overflow)
        rc = dl_hextract_run(&tree, &h->body_buf, ex);
    if (rc == DL_OK && h->rc == DL_OK && !tree.overflow)
        dl_html_tree_dates(h, &tree, ex);
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

/* Everything of h at rest: buffers empty, no field set. */
static void
html_init(struct html *h)
{
    memset(h, 0, sizeof *h);
    dl_buf_init(&h->body_buf);
    dl_buf_init(&h->h1);
    dl_buf_init(&h->tmp);
    dl_buf_init(&h->tmp2);
    dl_buf_init(&h->ld_body);
    cand_init(&h->title);
    cand_init(&h->author);
    cand_init(&h->source);
    cand_init(&h->url);
    cand_init(&h->lang);
    h->rc = DL_OK;
}

static void
html_free(struct html *h)
{
    dl_buf_free(&h->body_buf);
    dl_buf_free(&h->h1);
    dl_buf_free(&h->tmp);
    dl_buf_free(&h->tmp2);
    dl_buf_free(&h->ld_body);
    dl_buf_free(&h->title.v);
    dl_buf_free(&h->author.v);
    dl_buf_free(&h->source.v);
    dl_buf_free(&h->url.v);
    dl_buf_free(&h->lang.v);
}

/* The passes over the decoded page s[0..n): metadata, then the tree, then
 * (when the tree found no story) flat text from the narrowest scope that
 * has any.  Out of memory is left in h->rc. */
static void
run_passes(struct html *h, const char *s, size_t n)
{
    struct dl_hextract ex;
    int scope;

    h->s = s;
    h->n = n;
    h->meta_pass = true;
    h->scope = SCOPE_ALL;
    dl_textfold_init(&h->body, &h->body_buf, 0);
    dl_textfold_init(&h->h1_fold, &h->h1, DL_READER_FIELD_MAX);
    dl_html_scan(h);
    if (h->rc == DL_OK && h->h1.len > 0)
        dl_html_cand_offer(h, &h->title, 1, h->h1.data, h->h1.len,
                           DL_READER_TITLE_MAX);

    if (h->rc == DL_OK)
        tree_pass(h, &ex);
    if (h->rc == DL_OK)
        h->rc = prefer_ld_body(h);
    scope =
        h->saw_article ? SCOPE_ARTICLE : (h->saw_main ? SCOPE_MAIN : SCOPE_ALL);
    if (h->body_buf.len > 0)
        scope = SCOPE_LOOSE + 1; /* the tree found the story */
    for (; h->rc == DL_OK && scope <= SCOPE_LOOSE; scope++) {
        text_pass(h, (enum scope)scope);
        if (h->body_buf.len > 0)
            break;
        if (scope < SCOPE_ALL)
            scope = SCOPE_ALL - 1; /* straight to the whole page */
    }
}

/* The article's fields from what the passes found; the body buffer is
 * handed over, not copied (it may be megabytes).  DL_OK or DL_ENOMEM. */
static dl_status
fill_article(struct html *h, const struct dl_decoded *d, struct dl_article *a)
{
    dl_status rc = cand_take(&h->title, &a->title);
    if (rc == DL_OK)
        rc = cand_take(&h->author, &a->author);
    if (rc == DL_OK)
        rc = cand_take(&h->source, &a->source);
    if (rc == DL_OK)
        trim_title(h, a);
    if (rc == DL_OK)
        rc = cand_take(&h->url, &a->url);
    if (rc == DL_OK)
        rc = cand_take(&h->lang, &a->lang);
    if (rc != DL_OK)
        return rc;
    dl_buf_free(&a->body);
    a->body = h->body_buf;
    dl_buf_init(&h->body_buf);
    if (h->date_prio > 0) {
        a->date = h->date;
        a->date_origin = "metadata";
    }
    a->charset = d->charset;
    a->line = 1;
    return DL_OK;
}

dl_status
dl_read_html(const char *path, const char *bytes, size_t len,
             const struct dl_read_opts *o, dl_article_fn emit, dl_warn_fn warn,
             void *ctx, dl_err *err)
{
    struct dl_decoded d;
    struct dl_article a;
    struct html h;
    char charset[64];
    const char *declared = NULL;
    dl_status rc;

    memset(&d, 0, sizeof d);
    html_init(&h);
    dl_article_init(&a);

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
    if (dl_html_prescan_charset(bytes, len, charset, sizeof charset))
        declared = charset;
    rc = dl_reader_decode(path, 0, bytes, len, declared, warn, ctx, &d, err);
    if (rc != DL_OK)
        goto out;
    run_passes(&h, d.text, d.len);
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
    rc = fill_article(&h, &d, &a);
    if (rc != DL_OK) {
        rc = dl_err_set(err, rc, "%s: out of memory", path);
        goto out;
    }
    rc = dl_reader_emit(&a, o, emit, ctx);
out:
    dl_decoded_free(&d);
    dl_article_free(&a);
    html_free(&h);
    return rc;
}
