/* test_view.c - the article view (article_view.h) over a small database
 * written here through the schema (dl_schema.h), and its three renderers
 * over articles made by hand: found by the id the hits show (escaped
 * names included), paragraphs, cluster, query marks, the cut body, and
 * hostile content escaped exactly once in text, JSON and HTML. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "article_view.h"
#include "cgi_params.h"
#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "render_html.h"
#include "render_json.h"
#include "render_text.h"
#include "search.h"

struct art {
    const char *raw;   /* the file name: the Q term's bytes */
    bool escaped;      /* shown id escaped (new index) or raw (old one) */
    bool body_in_data; /* the body in the document data (old index) */
    const char *title;
    const char *date;
    const char *source;
    const char *cluster; /* NULL: alone */
    const char *body;
};

static const struct art arts[] = {
    {"wire/a.txt", true, false, "Kazakhstan cuts grain harvest forecast",
     "2021-10-05", "Baltic Morning", "k1",
     "Kazakhstan cut its grain\nharvest forecast after a drought.\n\n"
     "Wheat exports will fall.\nSubscribe to our newsletter."},
    {"wire/b.txt", true, false, "Drought trims grain harvest", "2021-10-04",
     "Steppe Wire", "k1", "Kazakhstan cut its grain harvest forecast."},
    {"wire/c.txt", true, false, "Grain harvest forecast cut", "2021-10-04",
     "Caspian Daily", "k1", "Kazakhstan cut its harvest forecast."},
    {"odd/a\nb.txt", true, false, "Newline name", "2020-01-01", "Odd", NULL,
     "The file name holds a newline."},
    {"odd/a\\x0ab.txt", true, false, "Backslash name", "2020-01-02", "Odd",
     NULL, "The file name holds a backslash."},
    {"old\\name.txt", false, true, "Old index name", NULL, "Old", NULL,
     "An index written before ids were escaped."},
    {"new\\y.txt", true, false, "New index backslash", NULL, "New", NULL,
     "Shown as new\\\\y.txt."},
};
#define N_ARTS (sizeof arts / sizeof arts[0])

static char dbdir[64];
static char *long_body; /* DL_STORED_BODY_MAX + 100 bytes, in long.txt */

static struct dl_slice
sl(const char *s)
{
    struct dl_slice x = {s, s != NULL ? strlen(s) : 0};
    return x;
}

static void
add(dl_wdb *w, dl_doc *doc, const struct art *a, const char *body,
    size_t body_len)
{
    dl_buf shown = DL_BUF_INIT;
    dl_buf term = DL_BUF_INIT;
    dl_buf data = DL_BUF_INIT;
    struct dl_docdata d;

    dl_doc_clear(doc);
    if (a->escaped)
        assert_int_equal(dl_schema_escape_name(&shown, a->raw, strlen(a->raw)),
                         DL_OK);
    else
        assert_int_equal(dl_buf_puts(&shown, a->raw), DL_OK);
    assert_int_equal(
        dl_schema_term(&term, DL_PREFIX_ID, a->raw, strlen(a->raw)), DL_OK);
    assert_int_equal(dl_doc_add_term(doc, term.data, term.len, 0, NULL), DL_OK);
    memset(&d, 0, sizeof d);
    d.id.p = shown.data;
    d.id.n = shown.len;
    d.path = d.id;
    d.title = sl(a->title);
    d.date = sl(a->date);
    d.date_origin = sl(a->date != NULL ? "metadata" : NULL);
    d.source = sl(a->source);
    d.url = sl("https://example.org/story");
    d.lang = sl("en");
    if (a->body_in_data) {
        d.body.p = body;
        d.body.n = body_len;
    }
    assert_int_equal(dl_docdata_encode(&d, &data), DL_OK);
    assert_int_equal(dl_doc_set_data(doc, data.data, data.len, NULL), DL_OK);
    if (!a->body_in_data) {
        assert_int_equal(dl_body_pack(body, body_len, &data), DL_OK);
        assert_int_equal(
            dl_doc_set_value(doc, DL_SLOT_BODY, data.data, data.len, NULL),
            DL_OK);
    }
    if (a->date != NULL) {
        char d8[9];
        snprintf(d8, sizeof d8, "%.4s%.2s%.2s", a->date, a->date + 5,
                 a->date + 8);
        assert_int_equal(dl_doc_set_value(doc, DL_SLOT_DATE, d8, 8, NULL),
                         DL_OK);
    }
    if (a->cluster != NULL)
        assert_int_equal(dl_doc_set_value(doc, DL_SLOT_CLUSTER, a->cluster,
                                          strlen(a->cluster), NULL),
                         DL_OK);
    assert_int_equal(dl_wdb_add(w, doc, NULL, NULL), DL_OK);
    dl_buf_free(&shown);
    dl_buf_free(&term);
    dl_buf_free(&data);
}

static int
setup(void **state)
{
    static const struct art longart = {"long.txt", true,   false, "Long",
                                       NULL,       "Long", NULL,  NULL};
    dl_wdb *w;
    dl_doc *doc;
    size_t i;
    (void)state;
    snprintf(dbdir, sizeof dbdir, "/tmp/dl-test-view-XXXXXX");
    if (mkdtemp(dbdir) == NULL)
        return -1;
    if (dl_wdb_open(dbdir, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, NULL) !=
            DL_OK ||
        dl_doc_new(&doc, NULL) != DL_OK)
        return -1;
    for (i = 0; i < N_ARTS; i++)
        add(w, doc, &arts[i], arts[i].body, strlen(arts[i].body));
    long_body = malloc(DL_STORED_BODY_MAX + 101);
    if (long_body == NULL)
        return -1;
    for (i = 0; i < DL_STORED_BODY_MAX + 100; i++)
        long_body[i] = i % 80 == 79 ? '\n' : "abcd "[i % 5];
    long_body[DL_STORED_BODY_MAX + 100] = '\0';
    add(w, doc, &longart, long_body, DL_STORED_BODY_MAX + 100);
    dl_doc_free(doc);
    if (dl_wdb_commit(w, NULL) != DL_OK)
        return -1;
    dl_wdb_close(w);
    return 0;
}

static int
teardown(void **state)
{
    char cmd[128];
    (void)state;
    free(long_body);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dbdir);
    return system(cmd) == 0 ? 0 : -1;
}

static dl_searcher *
open_searcher(void)
{
    dl_searcher *s = NULL;
    const char *spec = dbdir;
    assert_int_equal(dl_searcher_open(&spec, 1, &s, NULL), DL_OK);
    return s;
}

/* The view of the article shown as id, the words of q (may be NULL)
 * marked; fails the test unless it is found. */
static struct dl_view *
show(dl_searcher *s, const char *id, const char *q)
{
    struct dl_view *v = NULL;
    dl_err err;
    dl_status rc =
        dl_view_show(s, id, strlen(id), q, q != NULL ? strlen(q) : 0, &v, &err);
    if (rc != DL_OK) {
        print_error("'%s': %s\n", id, err.msg);
        fail();
    }
    return v;
}

static const char *
para(const struct dl_view *v, size_t i, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)v->paras[i].len, v->body + v->paras[i].start);
    return buf;
}

static void
shown_ids_find_the_articles_whose_raw_names_they_escape(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v;
    (void)state;
    v = show(s, "odd/a\\x0ab.txt", NULL);
    assert_string_equal(v->title, "Newline name");
    assert_string_equal(v->id, "odd/a\\x0ab.txt");
    dl_view_free(v);
    v = show(s, "odd/a\\\\x0ab.txt", NULL);
    assert_string_equal(v->title, "Backslash name");
    dl_view_free(v);
    /* An index from before escaping shows raw ids: found as given. */
    v = show(s, "old\\name.txt", NULL);
    assert_string_equal(v->title, "Old index name");
    assert_string_equal(v->body, "An index written before ids were escaped.");
    assert_string_equal(v->date, "");
    dl_view_free(v);
    v = show(s, "new\\\\y.txt", NULL);
    assert_string_equal(v->title, "New index backslash");
    dl_view_free(v);
    dl_searcher_close(s);
}

static void
unknown_ids_are_enoent_and_never_another_article(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v = NULL;
    dl_err err;
    static const char *const ids[] = {
        "nope.txt",
        "wire/a.tx",
        "wire/a.txt\\",
        "odd/a\\x0Zb.txt",
        "odd/a\\x0bb.txt",
        /* Not a shown name (a lone backslash): the file new\y.txt of a new
         * index holds this as its Q term, but shows "new\\y.txt", so the
         * raw spelling is not its id. */
        "new\\y.txt",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        assert_int_equal(
            dl_view_show(s, ids[i], strlen(ids[i]), NULL, 0, &v, &err),
            DL_ENOENT);
        assert_null(v);
        assert_non_null(strstr(err.msg, "no article has the id"));
    }
    assert_int_equal(dl_view_show(s, "", 0, NULL, 0, &v, &err), DL_EINVAL);
    dl_searcher_close(s);
}

static void
escaped_spelling_of_an_old_raw_id_is_still_that_article(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v;
    (void)state;
    /* old\name.txt escaped as a new index would show it: the raw bytes
     * are the same, so it is the same article. */
    v = show(s, "old\\\\name.txt", NULL);
    assert_string_equal(v->title, "Old index name");
    dl_view_free(v);
    dl_searcher_close(s);
}

static void
body_splits_into_its_non_empty_paragraphs(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v = show(s, "wire/a.txt", NULL);
    char b[128];
    size_t i;
    (void)state;
    assert_int_equal(v->n_paras, 4);
    assert_string_equal(para(v, 0, b, sizeof b), "Kazakhstan cut its grain");
    assert_string_equal(para(v, 1, b, sizeof b),
                        "harvest forecast after a drought.");
    assert_string_equal(para(v, 2, b, sizeof b), "Wheat exports will fall.");
    assert_string_equal(para(v, 3, b, sizeof b),
                        "Subscribe to our newsletter.");
    /* Numbered as the body's parts, the empty one counted. */
    assert_int_equal(v->paras[1].index, 1);
    assert_int_equal(v->paras[2].index, 3);
    assert_int_equal(v->paras[3].index, 4);
    for (i = 0; i < v->n_paras; i++) {
        assert_false(v->paras[i].boilerplate);
        assert_int_equal(v->paras[i].n_hl, 0);
    }
    assert_false(v->truncated);
    assert_null(v->query);
    assert_string_equal(v->date, "2021-10-05");
    assert_string_equal(v->date_origin, "metadata");
    assert_string_equal(v->url, "https://example.org/story");
    dl_view_free(v);
    dl_searcher_close(s);
}

static void
cluster_lists_the_others_oldest_first(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v = show(s, "wire/a.txt", NULL);
    (void)state;
    assert_string_equal(v->cluster_key, "k1");
    assert_int_equal(v->cluster_size, 3);
    assert_int_equal(v->n_rel, 2);
    /* Same day: by id. */
    assert_string_equal(v->rel[0].id, "wire/b.txt");
    assert_string_equal(v->rel[0].source, "Steppe Wire");
    assert_string_equal(v->rel[0].date, "2021-10-04");
    assert_string_equal(v->rel[1].id, "wire/c.txt");
    assert_string_equal(v->rel[1].title, "Grain harvest forecast cut");
    dl_view_free(v);
    v = show(s, "odd/a\\x0ab.txt", NULL);
    assert_string_equal(v->cluster_key, "");
    assert_int_equal(v->cluster_size, 1);
    assert_int_equal(v->n_rel, 0);
    dl_view_free(v);
    dl_searcher_close(s);
}

/* The text of highlight k of paragraph i. */
static const char *
mark(const struct dl_view *v, size_t i, size_t k, char *buf, size_t n)
{
    const struct dl_view_para *p = &v->paras[i];
    snprintf(buf, n, "%.*s", (int)(p->hl[k][1] - p->hl[k][0]),
             v->body + p->start + p->hl[k][0]);
    return buf;
}

static void
query_words_are_marked_across_paragraph_breaks(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v = show(s, "wire/a.txt", "\"grain harvest\" wheat");
    char b[64];
    (void)state;
    assert_string_equal(v->query, "\"grain harvest\" wheat");
    /* The phrase runs from the first paragraph into the second (the
     * index's positions run on across a break): marked on both sides. */
    assert_int_equal(v->paras[0].n_hl, 1);
    assert_string_equal(mark(v, 0, 0, b, sizeof b), "grain");
    assert_int_equal(v->paras[1].n_hl, 1);
    assert_string_equal(mark(v, 1, 0, b, sizeof b), "harvest");
    assert_int_equal(v->paras[2].n_hl, 1);
    assert_string_equal(mark(v, 2, 0, b, sizeof b), "Wheat");
    assert_int_equal(v->paras[3].n_hl, 0);
    /* The title: the phrase, one range. */
    assert_int_equal(v->n_title_hl, 1);
    assert_int_equal(v->title_hl[0][1] - v->title_hl[0][0],
                     strlen("grain harvest"));
    dl_view_free(v);
    /* A query that does not parse marks nothing; the article is shown. */
    v = show(s, "wire/a.txt", "grain AND");
    assert_int_equal(v->n_title_hl, 0);
    assert_int_equal(v->paras[0].n_hl, 0);
    assert_string_equal(v->query, "grain AND");
    dl_view_free(v);
    dl_searcher_close(s);
}

static void
body_at_the_cap_reads_as_cut(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_view *v = show(s, "long.txt", NULL);
    (void)state;
    assert_true(v->truncated);
    assert_int_equal(v->body_len, DL_STORED_BODY_MAX);
    assert_memory_equal(v->body, long_body, DL_STORED_BODY_MAX);
    dl_view_free(v);
    v = show(s, "wire/b.txt", NULL);
    assert_false(v->truncated);
    dl_view_free(v);
    dl_searcher_close(s);
}

static void
allocation_failures_report_enomem_and_leak_nothing(void **state)
{
    dl_searcher *s = open_searcher();
    long n;
    int done = 0;
    (void)state;
    for (n = 0; n < 400 && !done; n++) {
        struct dl_view *v = NULL;
        dl_err err;
        dl_status rc;
        dl_alloc_fail_after(n, 1);
        rc = dl_view_show(s, "wire/a.txt", strlen("wire/a.txt"), "grain", 5, &v,
                          &err);
        dl_alloc_fail_after(-1, 0);
        if (rc == DL_OK) {
            done = 1;
            assert_int_equal(v->n_rel, 2);
        } else {
            assert_int_equal(rc, DL_ENOMEM);
            assert_null(v);
        }
        dl_view_free(v);
    }
    assert_true(done);
    dl_searcher_close(s);
}

/* ---- renderers over hand-made views ------------------------------------ */

static const char hostile_title[] =
    "<script>alert('t')</script> \"quoted\" & \x1b[31mred\x07 title";

/* A view with every field hostile: script tags, quotes, an escape
 * sequence and other control characters, a 64 KB body (one paragraph of
 * it a boilerplate one), a very long title, and query marks. */
static struct dl_view *
hostile_view(void)
{
    struct dl_view *v = dl_calloc(1, sizeof *v);
    dl_buf b = DL_BUF_INIT;
    size_t i;
    static const char *const paras[] = {
        "<script>alert(1)</script> first & \"second\" it's",
        "\"><img src=x onerror=alert(1)> \x1b]0;title\x07 bell",
        "Get the stories sent directly to you! Sign up.",
    };
    assert_non_null(v);
    v->id = dl_strdup("odd/\\x0a<b>.txt");
    v->title = dl_strdup(hostile_title);
    v->date = dl_strdup("2020-11-13");
    v->date_origin = dl_strdup("path");
    v->source = dl_strdup("\"><img src=x onerror=alert(2)>");
    v->author = dl_strdup("O'Brien & <b>Co</b>");
    v->url = dl_strdup("https://example.com/a?b=1&c=\"2\"<x>");
    v->lang = dl_strdup("en");
    v->path = dl_strdup("odd/\\x0a<b>.txt");
    v->query = dl_strdup("script");
    v->cluster_key = dl_strdup("00ff");
    v->cluster_size = 2;
    v->n_rel = 1;
    v->rel = dl_calloc(1, sizeof *v->rel);
    v->rel[0].id = dl_strdup("rel/\"<i>.txt");
    v->rel[0].title = dl_strdup("</li><script>alert(3)</script>");
    v->rel[0].source = dl_strdup("&amp;");
    v->rel[0].date = dl_strdup("2020-11");
    for (i = 0; i < 3; i++) {
        if (i > 0)
            dl_buf_putc(&b, '\n');
        dl_buf_puts(&b, paras[i]);
    }
    dl_buf_putc(&b, '\n');
    while (b.len < DL_STORED_BODY_MAX - 1)
        dl_buf_puts(&b, "<p>long & long ");
    b.len = DL_STORED_BODY_MAX - 1;
    b.data[b.len] = '\0';
    v->n_paras = 4;
    v->paras = dl_calloc(4, sizeof *v->paras);
    v->body_len = b.len;
    v->body = dl_buf_steal(&b, NULL);
    for (i = 0; i < 4; i++) {
        const char *nl;
        v->paras[i].start =
            i == 0 ? 0 : v->paras[i - 1].start + v->paras[i - 1].len + 1;
        nl = strchr(v->body + v->paras[i].start, '\n');
        v->paras[i].len = nl != NULL
                              ? (size_t)(nl - v->body) - v->paras[i].start
                              : v->body_len - v->paras[i].start;
    }
    v->paras[2].boilerplate = true;
    /* "script" marked in the first paragraph, and in the title. */
    v->paras[0].n_hl = 1;
    v->paras[0].hl = dl_calloc(1, sizeof *v->paras[0].hl);
    v->paras[0].hl[0][0] = 1;
    v->paras[0].hl[0][1] = 7;
    v->n_title_hl = 1;
    v->title_hl = dl_calloc(1, sizeof *v->title_hl);
    v->title_hl[0][0] = 1;
    v->title_hl[0][1] = 7;
    v->truncated = true;
    return v;
}

static void
json_of_a_hostile_view_parses_to_what_was_stored(void **state)
{
    struct dl_view *v = hostile_view();
    dl_buf out = DL_BUF_INIT;
    json_t *j;
    json_t *ps;
    json_error_t je;
    dl_buf want = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_render_json_view(v, &out), DL_OK);
    assert_int_equal(out.data[out.len - 1], '\n');
    assert_null(memchr(out.data, '\n', out.len - 1)); /* one line */
    j = json_loads(out.data, 0, &je);
    if (j == NULL) {
        print_error("JSON: %s\n", je.text);
        fail();
    }
    assert_string_equal(json_string_value(json_object_get(j, "title")),
                        hostile_title);
    assert_string_equal(json_string_value(json_object_get(j, "source")),
                        v->source);
    assert_string_equal(json_string_value(json_object_get(j, "date_origin")),
                        "path");
    assert_null(json_object_get(j, "url_too_long"));
    assert_true(json_is_true(json_object_get(j, "truncated")));
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(j, "cluster"), "size")),
                     2);
    ps = json_object_get(j, "paragraphs");
    assert_int_equal(json_array_size(ps), 4);
    assert_true(
        json_is_true(json_object_get(json_array_get(ps, 2), "boilerplate")));
    assert_true(
        json_is_false(json_object_get(json_array_get(ps, 1), "boilerplate")));
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(ps, 1), "text")),
        "\"><img src=x onerror=alert(1)> \x1b]0;title\x07 bell");
    /* "text": every paragraph but the boilerplate one. */
    dl_buf_append(&want, v->body, v->paras[2].start);
    dl_buf_append(&want, v->body + v->paras[3].start, v->paras[3].len);
    assert_string_equal(json_string_value(json_object_get(j, "text")),
                        want.data);
    assert_int_equal(json_array_size(json_object_get(j, "title_highlights")),
                     1);
    json_decref(j);
    dl_buf_free(&want);
    dl_buf_free(&out);
    dl_view_free(v);
}

static void
text_of_a_hostile_view_never_reaches_the_terminal_raw(void **state)
{
    struct dl_view *v = hostile_view();
    dl_buf out = DL_BUF_INIT;
    size_t i;
    (void)state;
    assert_int_equal(dl_render_text_view(v, false, &out), DL_OK);
    for (i = 0; i < out.len; i++) {
        unsigned char c = (unsigned char)out.data[i];
        assert_true(c == '\n' || (c >= 0x20 && c != 0x7F));
    }
    assert_non_null(strstr(out.data, "&  [31mred  title"));
    assert_non_null(strstr(out.data, "\n[boilerplate] Get the stories"));
    assert_null(strstr(out.data, "[boilerplate] <script>"));
    assert_non_null(strstr(out.data, "(from the file's path)"));
    assert_non_null(strstr(out.data, "2 articles with this one"));
    assert_non_null(strstr(out.data, "The stored text ends here"));
    dl_buf_reset(&out);
    assert_int_equal(dl_render_text_view(v, true, &out), DL_OK);
    assert_non_null(strstr(out.data, "<\033[1mscript\033[0m>alert(1)"));
    dl_buf_free(&out);
    dl_view_free(v);
}

/* The count of non-overlapping occurrences of needle in hay. */
static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

static void
html_of_a_hostile_view_is_escaped_exactly_once(void **state)
{
    struct dl_view *v = hostile_view();
    struct dl_cgi_params p;
    struct dl_html_view hv;
    dl_buf out = DL_BUF_INIT;
    dl_err err;
    static const char qs[] = "show=odd%2F%5Cx0a%3Cb%3E.txt&q=script";
    (void)state;
    dl_cgi_params_init(&p);
    assert_int_equal(dl_cgi_params_parse(qs, strlen(qs), &p, &err), DL_OK);
    memset(&hv, 0, sizeof hv);
    hv.kind = DL_HTML_ARTICLE;
    hv.params = &p;
    hv.art = v;
    hv.errpos = DL_HTML_NO_POS;
    assert_int_equal(dl_render_html(&hv, &out), DL_OK);
    /* Nothing of the article's as markup. */
    assert_int_equal(count(out.data, "<script"), 0);
    assert_int_equal(count(out.data, "<img"), 0);
    assert_int_equal(count(out.data, "<b>"), 0);
    assert_int_equal(count(out.data, "\x1b"), 0);
    assert_int_equal(count(out.data, "\x07"), 0);
    /* Escaped once: & became &amp; and no entity was escaped again. */
    assert_non_null(strstr(out.data, "<h1>&lt;<mark>script</mark>&gt;alert("
                                     "&#39;t&#39;)&lt;/script&gt; "
                                     "&quot;quoted&quot; &amp; [31mred title"
                                     "</h1>"));
    assert_non_null(strstr(out.data, "<p>&lt;<mark>script</mark>&gt;alert(1)"
                                     "&lt;/script&gt; first &amp; "
                                     "&quot;second&quot; it&#39;s</p>"));
    assert_non_null(strstr(out.data, "by O&#39;Brien &amp; &lt;b&gt;Co"
                                     "&lt;/b&gt;"));
    assert_null(strstr(out.data, "&amp;amp;lt;"));
    assert_non_null(strstr(out.data, "&amp;amp;")); /* the source "&amp;" */
    assert_non_null(strstr(out.data, "<p class=\"bp\"><span class=\"bpl\">"
                                     "Boilerplate:</span>Get the stories"));
    /* The URL: percent-encoded where it may not hold a byte raw. */
    assert_non_null(strstr(out.data, "href=\"https://example.com/a?b=1&amp;"
                                     "c=%222%22%3Cx%3E\""));
    /* The other article, linked to its own view with the query. */
    assert_non_null(strstr(out.data, "<a href=\"?show=rel%2F%22%3Ci%3E.txt"
                                     "&amp;q=script\">&lt;/li&gt;&lt;script"
                                     "&gt;alert(3)&lt;/script&gt;</a>"));
    assert_non_null(strstr(out.data, "<section id=\"similar\">"));
    assert_non_null(strstr(out.data, "<time datetime=\"2020-11\">Nov 2020"));
    assert_non_null(strstr(out.data, "The archive keeps the first 65536"));
    assert_non_null(strstr(out.data, "<title>&lt;script&gt;"));
    dl_buf_free(&out);
    dl_cgi_params_free(&p);
    dl_view_free(v);
}

static void
not_found_page_names_the_id_escaped(void **state)
{
    struct dl_cgi_params p;
    struct dl_html_view hv;
    dl_buf out = DL_BUF_INIT;
    static const char qs[] = "show=%3Cscript%3Ex&q=a+b";
    (void)state;
    dl_cgi_params_init(&p);
    assert_int_equal(dl_cgi_params_parse(qs, strlen(qs), &p, NULL), DL_OK);
    memset(&hv, 0, sizeof hv);
    hv.kind = DL_HTML_NOT_FOUND;
    hv.params = &p;
    hv.errpos = DL_HTML_NO_POS;
    assert_int_equal(dl_render_html(&hv, &out), DL_OK);
    assert_non_null(strstr(out.data, "<h1>No such article</h1>"));
    assert_non_null(strstr(out.data, "<code>&lt;script&gt;x</code>"));
    assert_non_null(strstr(out.data, "<a href=\"?q=a+b\">Search for "
                                     "<strong>a b</strong></a> again"));
    assert_null(strstr(out.data, "<script"));
    dl_buf_free(&out);
    dl_cgi_params_free(&p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            shown_ids_find_the_articles_whose_raw_names_they_escape),
        cmocka_unit_test(unknown_ids_are_enoent_and_never_another_article),
        cmocka_unit_test(
            escaped_spelling_of_an_old_raw_id_is_still_that_article),
        cmocka_unit_test(body_splits_into_its_non_empty_paragraphs),
        cmocka_unit_test(cluster_lists_the_others_oldest_first),
        cmocka_unit_test(query_words_are_marked_across_paragraph_breaks),
        cmocka_unit_test(body_at_the_cap_reads_as_cut),
        cmocka_unit_test(allocation_failures_report_enomem_and_leak_nothing),
        cmocka_unit_test(json_of_a_hostile_view_parses_to_what_was_stored),
        cmocka_unit_test(text_of_a_hostile_view_never_reaches_the_terminal_raw),
        cmocka_unit_test(html_of_a_hostile_view_is_escaped_exactly_once),
        cmocka_unit_test(not_found_page_names_the_id_escaped),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
