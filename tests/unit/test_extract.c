/* test_extract.c - the HTML tree (html_tree.h), the class/id hints
 * (html_hints.h) and main-text extraction on pages written for it.
 *
 * Tree rules are a table: a tag string goes through the builder's calls
 * and the tree comes back in a bracketed form, "p(a)p(b)".  Extraction is
 * checked on the pages of tests/data/extract/, one per way a page hides
 * its story (teaser cards, reader comments, related lists, a lead in the
 * header, the story only in <noscript> or a template, cookie banners, no
 * <article> at all...): each NAME.html is read by the HTML reader and its
 * body must equal NAME.txt exactly, so any change to what is kept shows up
 * as a diff here.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_hints.h"
#include "html_tree.h"
#include "reader.h"

/* ---- the tree ------------------------------------------------------------
 */

/* Feed a string of bare tags and text ("<p>a</p>", no attributes) to the
 * builder. */
static void
build(struct dl_htree *t, const char *s)
{
    char name[32];
    size_t i = 0;
    size_t k;
    bool end;

    while (s[i] != '\0') {
        if (s[i] != '<') {
            k = i;
            while (s[k] != '\0' && s[k] != '<')
                k++;
            dl_htree_text(t, s + i, k - i);
            i = k;
            continue;
        }
        i++;
        end = s[i] == '/';
        if (end)
            i++;
        k = 0;
        while (s[i] != '>' && s[i] != '\0' && k + 1 < sizeof name)
            name[k++] = s[i++];
        name[k] = '\0';
        if (s[i] == '>')
            i++;
        if (end)
            dl_htree_end(t, name);
        else
            (void)dl_htree_start(t, name, NULL, false);
    }
}

static void
dump_node(const struct dl_htree *t, uint32_t i, char *out, size_t size)
{
    const struct dl_hnode *nd = &t->nodes[i];
    size_t len = strlen(out);
    uint32_t c;

    if (nd->tag == DL_HT_TEXT) {
        snprintf(out + len, size - len, "%.*s", (int)nd->len,
                 t->text.data + nd->off);
        return;
    }
    if (i != 0)
        snprintf(out + len, size - len, "%s",
                 nd->tag == DL_HT_UNKNOWN ? "?" : dl_htag_name(nd->tag));
    if (nd->first == 0)
        return;
    if (i != 0)
        strncat(out, "(", size - strlen(out) - 1);
    for (c = nd->first; c != 0; c = t->nodes[c].next)
        dump_node(t, c, out, size);
    if (i != 0)
        strncat(out, ")", size - strlen(out) - 1);
}

static void
tag_table_is_in_order_and_every_name_is_found(void **state)
{
    int tag;
    (void)state;
    for (tag = DL_HT_A; tag < DL_HT_COUNT; tag++) {
        assert_int_equal(dl_htag_lookup(dl_htag_name(tag)), tag);
        if (tag > DL_HT_A)
            assert_true(strcmp(dl_htag_name(tag - 1), dl_htag_name(tag)) < 0);
    }
    assert_int_equal(dl_htag_lookup("my-widget"), DL_HT_UNKNOWN);
    assert_int_equal(dl_htag_lookup(""), DL_HT_UNKNOWN);
}

static void
tree_follows_the_standards_simple_rules(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"<p>a<p>b", "p(a)p(b)"},
        {"<p>a<div>b</div>c", "p(a)div(b)c"},
        {"<ul><li>a<li>b</ul>c", "ul(li(a)li(b))c"},
        {"<dl><dt>a<dd>b<dt>c</dl>", "dl(dt(a)dd(b)dt(c))"},
        {"<table><tr><td>a<td>b<tr><td>c</table>d",
         "table(tr(td(a)td(b))tr(td(c)))d"},
        {"<table><tr><td>a</tr><tr><td><table><tr><td>b<tr><td>c</table>d"
         "</table>e",
         "table(tr(td(a))tr(td(table(tr(td(b))tr(td(c)))d)))e"},
        {"<table><tbody><tr><td>a<tbody><tr><td>b</table>",
         "table(tbody(tr(td(a)))tbody(tr(td(b))))"},
        {"<select><option>a<option>b</select>", "select(option(a)option(b))"},
        {"<div>a<br>b<img>c</div>", "div(abrbimgc)"},
        {"<div><span>a</div>b", "div(span(a))b"},
        {"<div>a</span>b</div>", "div(ab)"},
        {"<p><b>a</p>b", "p(b(a))b"},
        {"<span><div>a</span>b</div>c", "span(div(ab)c)"},
        {"<a>x<a>y", "a(x)a(y)"},
        {"<h1>a<h2>b</h1>c", "h1(a)h2(b)c"},
        {"</p></div>x", "x"},
        {"<head><meta><div>a", "head(meta)div(a)"},
        {"<body><div>a</div><body>b</body>c", "body(div(a)bc)"},
        {"<my-box><i>a</my-box>b", "?(i(a))b"},
        {"<p>a  \n b</p>   <p> c</p>", "p(a b)p( c)"},
        {"<pre>a\n  b</pre>", "pre(a\nb)"},
    };
    char out[256];
    struct dl_htree t;
    bool ok;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(dl_htree_init(&t, 1000), DL_OK);
        build(&t, cases[i].in);
        out[0] = '\0';
        dump_node(&t, 0, out, sizeof out);
        ok = dl_htree_ok(&t);
        dl_htree_free(&t);
        print_message("case: %s\n", cases[i].in);
        assert_string_equal(out, cases[i].want);
        assert_true(ok);
    }
}

static void
tree_is_bounded_in_depth_and_nodes(void **state)
{
    struct dl_htree t;
    unsigned depth = 0;
    uint32_t i;
    int k;
    (void)state;

    assert_int_equal(dl_htree_init(&t, 100000), DL_OK);
    for (k = 0; k < 1000; k++)
        (void)dl_htree_start(&t, "div", NULL, false);
    dl_htree_text(&t, "deep", 4);
    assert_true(dl_htree_ok(&t));
    assert_int_equal(t.depth, DL_HTREE_DEPTH);
    for (i = t.n - 1; i != 0; i = t.nodes[i].parent)
        depth++;
    assert_int_equal(depth, DL_HTREE_DEPTH); /* the text, under 255 divs */
    dl_htree_free(&t);

    assert_int_equal(dl_htree_init(&t, 10), DL_OK);
    for (k = 0; k < 20; k++)
        (void)dl_htree_start(&t, "p", NULL, false);
    assert_false(dl_htree_ok(&t));
    assert_true(t.overflow);
    assert_int_equal(t.n, 10);
    dl_htree_free(&t);
}

/* ---- hints ---------------------------------------------------------------
 */

static unsigned
hints_of(const char *cls, const char *id, const char *role,
         const char *itemprop, const char *style)
{
    struct dl_hattrs a;
    int weight;

    memset(&a, 0, sizeof a);
    a.cls = cls;
    a.cls_n = cls != NULL ? strlen(cls) : 0;
    a.id = id;
    a.id_n = id != NULL ? strlen(id) : 0;
    a.role = role;
    a.role_n = role != NULL ? strlen(role) : 0;
    a.itemprop = itemprop;
    a.itemprop_n = itemprop != NULL ? strlen(itemprop) : 0;
    a.style = style;
    a.style_n = style != NULL ? strlen(style) : 0;
    return dl_hhints_classify(&a, &weight);
}

static void
hints_read_class_id_role_itemprop_and_style(void **state)
{
    int weight;
    struct dl_hattrs a;
    (void)state;

    assert_true(hints_of("relatedStories", NULL, NULL, NULL, NULL) &
                DL_HH_JUNK);
    assert_true(hints_of(NULL, "comments", NULL, NULL, NULL) & DL_HH_JUNK);
    assert_true(hints_of("ad-slot top", NULL, NULL, NULL, NULL) & DL_HH_JUNK);
    assert_true(hints_of("box ad", NULL, NULL, NULL, NULL) & DL_HH_JUNK);
    /* "ad" is a whole token: not in "shadow", "header" or "load". */
    assert_false(hints_of("shadow header load", NULL, NULL, NULL, NULL) &
                 DL_HH_JUNK);
    assert_true(hints_of("Newsletter-Signup", NULL, NULL, NULL, NULL) &
                DL_HH_JUNK);
    assert_true(hints_of("wp-caption-text", NULL, NULL, NULL, NULL) &
                DL_HH_JUNK);
    assert_true(hints_of("cookie-banner", NULL, NULL, NULL, NULL) &
                DL_HH_UNLIKELY);
    assert_true(hints_of("share-bar", NULL, NULL, NULL, NULL) & DL_HH_SHARE);
    assert_true(hints_of("article-body", NULL, NULL, NULL, NULL) &
                DL_HH_POSITIVE);
    assert_true(hints_of(NULL, NULL, "banner navigation", NULL, NULL) &
                DL_HH_NAVROLE);
    assert_false(hints_of(NULL, NULL, "main", NULL, NULL) & DL_HH_NAVROLE);
    assert_true(hints_of(NULL, NULL, NULL, "articleBody", NULL) & DL_HH_BODY);
    assert_true(hints_of(NULL, NULL, NULL, "datePublished", NULL) & DL_HH_DATE);
    assert_true(hints_of(NULL, NULL, NULL, NULL, "color:red; display : none") &
                DL_HH_HIDDEN);
    assert_false(hints_of(NULL, NULL, NULL, NULL, "display:none-ish") &
                 DL_HH_HIDDEN);
    assert_false(hints_of(NULL, NULL, NULL, NULL, "display:block") &
                 DL_HH_HIDDEN);
    assert_int_equal(hints_of(NULL, NULL, NULL, NULL, NULL), 0);

    memset(&a, 0, sizeof a);
    a.cls = "post-content";
    a.cls_n = strlen(a.cls);
    (void)dl_hhints_classify(&a, &weight);
    assert_int_equal(weight, DL_HH_WEIGHT);
    a.cls = "sidebar";
    a.cls_n = strlen(a.cls);
    (void)dl_hhints_classify(&a, &weight);
    assert_int_equal(weight, -DL_HH_WEIGHT);
    a.cls = NULL;
    a.cls_n = 0;
    a.aria_hidden = true;
    assert_true(dl_hhints_classify(&a, &weight) & DL_HH_HIDDEN);
}

/* ---- extraction on the fixture pages ---------------------------------------
 */

struct got {
    char *body;
    int n;
};

static dl_status
on_article(void *ctx, struct dl_article *a)
{
    struct got *g = ctx;

    g->n++;
    free(g->body);
    g->body = strdup(a->body.data);
    return DL_OK;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void
fixture_pages_give_their_stories(void **state)
{
    static const char *const pages[] = {
        "teasers",     "outside-article", "comments",   "related",
        "header-lead", "noscript",        "template",   "cookie",
        "no-article",  "print-boxes",     "paragraphs", "paywall-jsonld",
    };
    const char *top = getenv("top_srcdir");
    char path[1024];
    size_t i;
    (void)state;

    for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        struct got g = {NULL, 0};
        size_t n;
        size_t wn;
        char *html;
        char *want;

        snprintf(path, sizeof path, "%s/tests/data/extract/%s.html",
                 top != NULL ? top : ".", pages[i]);
        html = slurp(path, &n);
        snprintf(path, sizeof path, "%s/tests/data/extract/%s.txt",
                 top != NULL ? top : ".", pages[i]);
        want = slurp(path, &wn);
        while (wn > 0 && want[wn - 1] == '\n')
            want[--wn] = '\0';
        print_message("page: %s\n", pages[i]);
        assert_int_equal(
            dl_read_html(path, html, n, NULL, on_article, NULL, &g, NULL),
            DL_OK);
        assert_int_equal(g.n, 1);
        assert_string_equal(g.body, want);
        free(g.body);
        free(html);
        free(want);
    }
}

/* A page whose tree would pass the reader's bound is read flat, whole. */
static void
page_past_the_tree_bound_is_read_flat(void **state)
{
    static const char unit[] = "<i>word</i> ";
    size_t reps = 260000;
    size_t len = reps * (sizeof unit - 1);
    char *page = malloc(len + 1);
    struct got g = {NULL, 0};
    size_t i;
    (void)state;

    assert_non_null(page);
    for (i = 0; i < reps; i++)
        memcpy(page + i * (sizeof unit - 1), unit, sizeof unit - 1);
    page[len] = '\0';
    assert_int_equal(
        dl_read_html("big.html", page, len, NULL, on_article, NULL, &g, NULL),
        DL_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(strlen(g.body), reps * 5 - 1);
    free(g.body);
    free(page);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tag_table_is_in_order_and_every_name_is_found),
        cmocka_unit_test(tree_follows_the_standards_simple_rules),
        cmocka_unit_test(tree_is_bounded_in_depth_and_nodes),
        cmocka_unit_test(hints_read_class_id_role_itemprop_and_style),
        cmocka_unit_test(fixture_pages_give_their_stories),
        cmocka_unit_test(page_past_the_tree_bound_is_read_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
