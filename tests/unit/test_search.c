/* test_search.c - the searcher library over a small database built here
 * through the C API and the schema (dl_schema.h), independent of the
 * indexer: ranking, fallback, collapse, facets, side filters, suggestions,
 * caps, renderers, and searches that meet a database being rewritten. */
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

#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_buf.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "dl_xapian.h"
#include "render_json.h"
#include "render_text.h"
#include "search.h"

struct art {
    const char *title;
    const char *body;
    const char *date; /* YYYYMMDD or NULL */
    const char *source;
    const char *lang;
    const char *cluster;
};

static const struct art arts[] = {
    {"Kazakhstan cuts grain harvest forecast",
     "Kazakhstan lowered its grain harvest forecast after a drought in the "
     "west scorched wheat.",
     "20211004", "Steppe Wire", "en", "c1"},
    {"Drought trims Kazakh grain harvest",
     "Kazakhstan lowered its grain harvest forecast after a drought in the "
     "west scorched wheat, officials said.",
     "20211005", "Caspian Daily", "en", "c1"},
    {"Wimbledon title for Rybakina",
     "Elena Rybakina won the Wimbledon singles title on Saturday.", "20220709",
     "Northern Ledger", "en", "c2"},
    {"Областная дума приняла бюджет",
     "Депутаты приняли бюджет области на 2019 год; расходы на дороги "
     "выросли.",
     "20181228", "Volga Herald", "ru", "c3"},
    {"Pipeline exports resume",
     "Oil exports through the pipeline resumed after storm repairs.",
     "20220401", "Caspian Daily", "en", "c4"},
    {"Undated note on wheat", "Wheat prices were steady.", NULL, "Steppe Wire",
     "en", "c5"},
};
#define N_ARTS (sizeof arts / sizeof arts[0])

/* Build articles of a language without a stemmer as the indexer does now
 * (their words as Z terms, and XZ), or, when false, as indexes from before
 * XZ have them: without Z terms. */
static bool word_stems = true;

struct tctx {
    dl_doc *doc;
    const char *prefix;
    unsigned wdf;
    dl_stemmer *st;
    dl_status rc;
};

static int
add_tok(void *ctx, const char *term, size_t len, size_t start, size_t end,
        unsigned pos, unsigned flags)
{
    struct tctx *c = ctx;
    dl_buf t = DL_BUF_INIT;
    (void)start;
    (void)end;
    if (dl_schema_term(&t, c->prefix, term, len) != DL_OK)
        return 1;
    c->rc = dl_doc_add_posting(c->doc, t.data, t.len, pos, c->wdf, NULL);
    if (c->rc == DL_OK && c->st == NULL && word_stems && *c->prefix == '\0' &&
        !(flags & (DL_TOK_CJK | DL_TOK_NUMERIC))) {
        dl_schema_term(&t, DL_PREFIX_STEM, term, len);
        c->rc = dl_doc_add_term(c->doc, t.data, t.len, c->wdf, NULL);
    } else if (c->rc == DL_OK && c->st != NULL && *c->prefix == '\0') {
        const char *s;
        size_t sn;
        if (dl_stemmer_stem(c->st, term, len, &s, &sn, NULL) == DL_OK) {
            dl_schema_term(&t, DL_PREFIX_STEM, s, sn);
            c->rc = dl_doc_add_term(c->doc, t.data, t.len, c->wdf, NULL);
        }
    }
    dl_buf_free(&t);
    return c->rc != DL_OK;
}

static struct dl_slice
sl(const char *s)
{
    struct dl_slice x = {s, s != NULL ? strlen(s) : 0};
    return x;
}

/* packed: the body in DL_SLOT_BODY and the facet values in DL_SLOT_FACETS
 * as the indexer writes them; otherwise the body in the document data and
 * the facets in single slots, as earlier indexes have them.  The searcher
 * reads both, so the articles alternate. */
static void
build_doc(dl_doc *doc, const struct art *a, const char *id, bool packed)
{
    struct tctx c = {doc, "", DL_TITLE_WDF, NULL, DL_OK};
    unsigned next = 1;
    dl_buf b = DL_BUF_INIT;
    dl_buf n = DL_BUF_INIT;
    struct dl_docdata d;
    char iso[11];
    char month[8];

    dl_doc_clear(doc);
    if (dl_stemmer_new(a->lang, &c.st, NULL) != DL_OK)
        c.st = NULL;
    assert_int_equal(
        dl_tokenize(a->title, strlen(a->title), 1, add_tok, &c, &next, NULL),
        DL_OK);
    c.prefix = DL_PREFIX_TITLE;
    c.wdf = 1;
    assert_int_equal(
        dl_tokenize(a->title, strlen(a->title), 1, add_tok, &c, NULL, NULL),
        DL_OK);
    c.prefix = "";
    assert_int_equal(dl_tokenize(a->body, strlen(a->body), next + DL_TITLE_GAP,
                                 add_tok, &c, NULL, NULL),
                     DL_OK);
    if (c.st == NULL && word_stems)
        assert_int_equal(dl_doc_add_term(doc, DL_TERM_WORD_STEMS,
                                         strlen(DL_TERM_WORD_STEMS), 0, NULL),
                         DL_OK);
    dl_stemmer_free(c.st);
    c.st = NULL;
    c.prefix = DL_PREFIX_SOURCE;
    assert_int_equal(
        dl_tokenize(a->source, strlen(a->source), 1, add_tok, &c, NULL, NULL),
        DL_OK);
    assert_int_equal(dl_normalize_term(a->source, strlen(a->source), &n),
                     DL_OK);
    dl_schema_term(&b, DL_PREFIX_SOURCE_EXACT, n.data, n.len);
    assert_int_equal(dl_doc_add_term(doc, b.data, b.len, 0, NULL), DL_OK);
    dl_schema_term(&b, DL_PREFIX_LANG, a->lang, strlen(a->lang));
    assert_int_equal(dl_doc_add_term(doc, b.data, b.len, 0, NULL), DL_OK);
    dl_schema_term(&b, DL_PREFIX_ID, id, strlen(id));
    assert_int_equal(dl_doc_add_term(doc, b.data, b.len, 0, NULL), DL_OK);
    iso[0] = month[0] = '\0';
    if (a->date != NULL) {
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", a->date, a->date + 4,
                 a->date + 6);
        snprintf(month, sizeof month, "%.7s", iso);
        assert_int_equal(dl_doc_set_value(doc, DL_SLOT_DATE, a->date, 8, NULL),
                         DL_OK);
        /* the date terms of day precision, as docbuild writes them */
        dl_schema_term(&b, DL_PREFIX_YEAR, a->date, 4);
        assert_int_equal(dl_doc_add_term(doc, b.data, b.len, 0, NULL), DL_OK);
        dl_schema_term(&b, DL_PREFIX_MONTH, a->date, 6);
        assert_int_equal(dl_doc_add_term(doc, b.data, b.len, 0, NULL), DL_OK);
        dl_schema_term(&b, DL_PREFIX_DAY, a->date, 8);
        assert_int_equal(dl_doc_add_term(doc, b.data, b.len, 0, NULL), DL_OK);
        if (!packed)
            assert_int_equal(
                dl_doc_set_value(doc, DL_SLOT_MONTH, month, 7, NULL), DL_OK);
    }
    assert_int_equal(dl_doc_set_value(doc, DL_SLOT_CLUSTER, a->cluster,
                                      strlen(a->cluster), NULL),
                     DL_OK);
    if (packed) {
        dl_buf_reset(&b);
        assert_int_equal(dl_buf_printf(&b, "%s%c%s%c%s", a->source,
                                       DL_FACET_SEP, month, DL_FACET_SEP,
                                       a->lang),
                         DL_OK);
        assert_int_equal(
            dl_doc_set_value(doc, DL_SLOT_FACETS, b.data, b.len, NULL), DL_OK);
    } else {
        assert_int_equal(dl_doc_set_value(doc, DL_SLOT_SOURCE, a->source,
                                          strlen(a->source), NULL),
                         DL_OK);
        assert_int_equal(
            dl_doc_set_value(doc, DL_SLOT_LANG, a->lang, strlen(a->lang), NULL),
            DL_OK);
    }
    memset(&d, 0, sizeof d);
    d.id = sl(id);
    d.path = sl(id);
    d.title = sl(a->title);
    d.date = sl(iso[0] ? iso : NULL);
    d.source = sl(a->source);
    d.lang = sl(a->lang);
    d.url = sl("https://example.org/x");
    if (!packed)
        d.body = sl(a->body);
    dl_buf_reset(&b);
    assert_int_equal(dl_docdata_encode(&d, &b), DL_OK);
    assert_int_equal(dl_doc_set_data(doc, b.data, b.len, NULL), DL_OK);
    if (packed) {
        assert_int_equal(dl_body_pack(a->body, strlen(a->body), &b), DL_OK);
        assert_int_equal(
            dl_doc_set_value(doc, DL_SLOT_BODY, b.data, b.len, NULL), DL_OK);
    }
    dl_buf_free(&b);
    dl_buf_free(&n);
}

static char dbdir[64];

/* Write every article (again), replacing by id, and commit. */
static void
write_all(dl_wdb *w)
{
    dl_doc *doc;
    size_t i;
    assert_int_equal(dl_doc_new(&doc, NULL), DL_OK);
    for (i = 0; i < N_ARTS; i++) {
        char id[32];
        dl_buf t = DL_BUF_INIT;
        snprintf(id, sizeof id, "doc%zu", i);
        build_doc(doc, &arts[i], id, i % 2 == 1);
        dl_schema_term(&t, DL_PREFIX_ID, id, strlen(id));
        assert_int_equal(dl_wdb_replace(w, t.data, t.len, doc, NULL), DL_OK);
        dl_buf_free(&t);
    }
    dl_doc_free(doc);
    assert_int_equal(dl_wdb_set_metadata(w, DL_META_LANGS, "en,ru", 5, NULL),
                     DL_OK);
    assert_int_equal(dl_wdb_commit(w, NULL), DL_OK);
}

static int
setup(void **state)
{
    dl_wdb *w;
    (void)state;
    snprintf(dbdir, sizeof dbdir, "/tmp/dl-test-search-XXXXXX");
    if (mkdtemp(dbdir) == NULL)
        return -1;
    if (dl_wdb_open(dbdir, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, NULL) !=
        DL_OK)
        return -1;
    write_all(w);
    dl_wdb_close(w);
    return 0;
}

static int
teardown(void **state)
{
    char cmd[128];
    (void)state;
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

static struct dl_result *
run(dl_searcher *s, struct dl_search_req *r, const char *q)
{
    struct dl_result *res = NULL;
    dl_err err;
    dl_status rc;
    r->query = q;
    r->query_len = strlen(q);
    rc = dl_searcher_run(s, r, &res, NULL, &err);
    if (rc != DL_OK) {
        print_error("'%s': %s\n", q, err.msg);
        fail();
    }
    return res;
}

static void
title_match_ranks_first_and_collapse_folds_the_wire_copy(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    (void)state;
    dl_search_req_init(&r);
    res = run(s, &r, "drought grain harvest");
    assert_int_equal(res->total, 1);
    assert_int_equal(res->n_hits, 1);
    assert_string_equal(res->hits[0].title,
                        "Drought trims Kazakh grain harvest");
    assert_int_equal(res->hits[0].duplicates, 1);
    assert_int_equal(res->hits[0].rank, 1);
    dl_result_free(res);

    r.no_collapse = true;
    res = run(s, &r, "grain harvest");
    assert_int_equal(res->total, 2);
    assert_int_equal(res->hits[0].duplicates, 0);
    dl_result_free(res);
    dl_searcher_close(s);
}

static bool
has_title(const struct dl_result *res, const char *title)
{
    size_t i;
    for (i = 0; i < res->n_hits; i++) {
        if (strcmp(res->hits[i].title, title) == 0)
            return true;
    }
    return false;
}

/* Twenty weighing words make a verbose query: its top hits (the two
 * harvest stories) lend it their other words, so the wheat note, which
 * shares no word with the query, is found; six words are not widened. */
static void
verbose_any_word_query_is_widened_by_its_top_hits(void **state)
{
    static const char shortq[] =
        "the Kazakhstan grain harvest forecast was lowered after a drought";
    static const char longq[] =
        "the Kazakhstan grain harvest forecast was lowered after a drought "
        "according to quorble zantic plimmet vorsk trundle gasket yarrow "
        "fennick oblong mirth pellet quandary brindle";
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    (void)state;
    dl_search_req_init(&r);
    r.match_any = true;
    r.no_collapse = true;
    r.suggest = false;
    res = run(s, &r, shortq);
    assert_true(has_title(res, "Drought trims Kazakh grain harvest"));
    assert_false(has_title(res, "Undated note on wheat"));
    dl_result_free(res);
    res = run(s, &r, longq);
    assert_non_null(strstr(res->hits[0].title, "grain harvest"));
    assert_true(has_title(res, "Undated note on wheat"));
    dl_result_free(res);
    /* Match-all never is: there the user asked for these words. */
    r.match_any = false;
    res = run(s, &r, longq);
    assert_false(has_title(res, "Undated note on wheat"));
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
no_article_with_all_words_falls_back_with_a_notice(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    (void)state;
    dl_search_req_init(&r);
    res = run(s, &r, "wimbledon pipeline");
    assert_non_null(res->notice);
    assert_int_equal(res->total, 2);
    dl_result_free(res);
    res = run(s, &r, "wimbledon AND pipeline");
    assert_null(res->notice);
    assert_int_equal(res->total, 0);
    dl_result_free(res);
    dl_searcher_close(s);
}

/* Snippets come from the body wherever it is stored: doc0 keeps it in the
 * document data, doc1 and doc5 in DL_SLOT_BODY. */
static void
snippets_read_bodies_stored_either_way(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    size_t i;
    (void)state;
    dl_search_req_init(&r);
    r.no_collapse = true;
    res = run(s, &r, "wheat");
    assert_int_equal(res->total, 3);
    for (i = 0; i < res->n_hits; i++) {
        assert_true(res->hits[i].n_highlights >= 1);
        assert_non_null(strstr(res->hits[i].snippet, "heat"));
        assert_non_null(strstr(res->hits[i].snippet, " "));
    }
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
russian_plural_finds_the_singular_through_stems(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    char buf[64];
    (void)state;
    dl_search_req_init(&r);
    res = run(s, &r, "бюджеты");
    assert_int_equal(res->total, 1);
    assert_int_equal(res->hits[0].n_highlights, 1);
    snprintf(
        buf, sizeof buf, "%.*s",
        (int)(res->hits[0].highlights[0][1] - res->hits[0].highlights[0][0]),
        res->hits[0].snippet + res->hits[0].highlights[0][0]);
    assert_string_equal(buf, "бюджет");
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
facets_count_sources_months_and_languages(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    unsigned long sum = 0;
    size_t k;
    (void)state;
    dl_search_req_init(&r);
    r.facets = true;
    r.no_collapse = true;
    res = run(s, &r, "wheat OR oil OR wimbledon");
    assert_int_equal(res->total, 5);
    assert_true(res->has_facets);
    assert_string_equal(res->facets[2].name, "lang");
    for (k = 0; k < res->facets[2].n; k++)
        sum += res->facets[2].v[k].count;
    assert_int_equal(sum, res->total);
    sum = 0;
    for (k = 0; k < res->facets[1].n; k++)
        sum += res->facets[1].v[k].count;
    assert_int_equal(sum, 4); /* the undated note has no month */
    /* Counted across both kinds of article: Steppe Wire once from single
     * slots and once packed, Caspian Daily the other way round; equal
     * counts in value order. */
    assert_string_equal(res->facets[0].name, "source");
    assert_int_equal(res->facets[0].n, 3);
    assert_string_equal(res->facets[0].v[0].value, "Caspian Daily");
    assert_int_equal(res->facets[0].v[0].count, 2);
    assert_string_equal(res->facets[0].v[1].value, "Steppe Wire");
    assert_int_equal(res->facets[0].v[1].count, 2);
    assert_string_equal(res->facets[0].v[2].value, "Northern Ledger");
    assert_int_equal(res->facets[0].v[2].count, 1);
    assert_string_equal(res->facets[1].v[0].value, "2021-10");
    assert_int_equal(res->facets[1].v[0].count, 2);
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
side_filters_restrict_by_date_source_and_language(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    size_t i;
    (void)state;
    dl_search_req_init(&r);
    r.no_collapse = true;
    r.date_from = "2021-10-05";
    r.date_to = "2022";
    res = run(s, &r, "");
    assert_false(res->empty_query);
    assert_int_equal(res->total, 3);
    for (i = 0; i < res->n_hits; i++) {
        assert_true(strcmp(res->hits[i].date, "2021-10-05") >= 0);
        assert_true(strcmp(res->hits[i].date, "2022-12-31") <= 0);
    }
    dl_result_free(res);

    dl_search_req_init(&r);
    r.no_collapse = true;
    r.source = "Caspian Daily";
    res = run(s, &r, "grain OR oil");
    assert_int_equal(res->total, 2);
    for (i = 0; i < res->n_hits; i++)
        assert_string_equal(res->hits[i].source, "Caspian Daily");
    dl_result_free(res);

    dl_search_req_init(&r);
    r.lang = "ru";
    res = run(s, &r, "");
    assert_int_equal(res->total, 1);
    assert_string_equal(res->hits[0].lang, "ru");
    dl_result_free(res);

    dl_search_req_init(&r);
    r.date_from = "2020 OR x";
    r.query = "grain";
    r.query_len = 5;
    assert_int_equal(dl_searcher_run(s, &r, &res, NULL, NULL), DL_EINVAL);
    assert_null(res);
    dl_searcher_close(s);
}

static void
sort_by_date_both_ways(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    (void)state;
    dl_search_req_init(&r);
    r.no_collapse = true;
    r.sort = DL_SORT_NEWEST;
    res = run(s, &r, "date:2018..2030");
    assert_int_equal(res->n_hits, 5);
    assert_string_equal(res->hits[0].date, "2022-07-09");
    assert_string_equal(res->hits[4].date, "2018-12-28");
    dl_result_free(res);
    r.sort = DL_SORT_OLDEST;
    res = run(s, &r, "date:2018..2030");
    assert_string_equal(res->hits[0].date, "2018-12-28");
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
misspelt_word_gets_a_suggestion_from_the_vocabulary(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    (void)state;
    dl_search_req_init(&r);
    res = run(s, &r, "wimbeldon title");
    assert_non_null(res->suggestion);
    assert_string_equal(res->suggestion, "wimbledon title");
    dl_result_free(res);
    res = run(s, &r, "wimbledon");
    assert_null(res->suggestion);
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
limit_and_offset_caps_are_refused(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res = NULL;
    dl_err err;
    (void)state;
    dl_search_req_init(&r);
    r.query = "grain";
    r.query_len = 5;
    r.limit = DL_SEARCH_MAX_LIMIT + 1;
    assert_int_equal(dl_searcher_run(s, &r, &res, NULL, &err), DL_EINVAL);
    assert_non_null(strstr(err.msg, "1000"));
    r.limit = 10;
    r.offset = DL_SEARCH_MAX_OFFSET + 1;
    assert_int_equal(dl_searcher_run(s, &r, &res, NULL, &err), DL_EINVAL);
    assert_null(res);

    /* A second page (Xapian 1.4.22's MSet::fetch() crashed on these). */
    r.offset = 2;
    r.limit = 2;
    r.no_collapse = true;
    res = run(s, &r, "wheat OR oil OR wimbledon");
    assert_int_equal(res->n_hits, 2);
    assert_int_equal(res->hits[0].rank, 3);
    assert_int_equal(res->total, 5);
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
renderers_escape_once_and_json_parses(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    struct dl_result *res;
    dl_buf out = DL_BUF_INIT;
    json_t *j;
    json_error_t je;
    (void)state;
    dl_search_req_init(&r);
    r.facets = true;
    res = run(s, &r, "\"grain harvest\" \\ \"");
    assert_int_equal(dl_render_json(res, &out), DL_OK);
    j = json_loads(out.data, 0, &je);
    if (j == NULL) {
        print_error("JSON: %s in %s\n", je.text, out.data);
        fail();
    }
    assert_string_equal(json_string_value(json_object_get(j, "query")),
                        "\"grain harvest\" \\ \"");
    assert_true(json_is_array(json_object_get(j, "hits")));
    assert_true(json_is_object(json_object_get(j, "facets")));
    assert_true(json_is_null(json_object_get(j, "suggestion")));
    assert_null(json_object_get(j, "notice"));
    json_decref(j);

    dl_buf_reset(&out);
    assert_int_equal(dl_render_text(res, false, &out), DL_OK);
    assert_null(strchr(out.data, '\033'));
    assert_non_null(strstr(out.data, "grain harvest"));
    dl_buf_reset(&out);
    assert_int_equal(dl_render_text(res, true, &out), DL_OK);
    assert_non_null(strstr(out.data, "\033[1mgrain harvest\033[0m"));
    dl_buf_free(&out);
    dl_result_free(res);
    dl_searcher_close(s);
}

static void
searches_survive_a_database_rewritten_under_them(void **state)
{
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    dl_wdb *w;
    int i;
    (void)state;
    dl_search_req_init(&r);
    assert_int_equal(dl_wdb_open(dbdir, 0, 5, &w, NULL), DL_OK);
    for (i = 0; i < 6; i++) {
        struct dl_result *res;
        write_all(w);
        write_all(w);
        res = run(s, &r, "grain OR wimbledon OR бюджеты");
        assert_true(res->n_hits >= 3);
        dl_result_free(res);
    }
    dl_wdb_close(w);
    dl_searcher_close(s);
}

/* 1000 small documents, all replaced by each call: enough blocks that a
 * reader two commits behind meets reused ones (DatabaseModifiedError). */
static void
fill_many(dl_wdb *w, int round)
{
    dl_doc *d;
    int i;
    int k;
    assert_int_equal(dl_doc_new(&d, NULL), DL_OK);
    for (i = 0; i < 1000; i++) {
        char t[64];
        char data[64];
        dl_doc_clear(d);
        for (k = 0; k < 30; k++) {
            snprintf(t, sizeof t, "w%d", (i * 7 + k * 13 + round) % 500);
            assert_int_equal(
                dl_doc_add_posting(d, t, strlen(t), (unsigned)k + 1, 1, NULL),
                DL_OK);
        }
        assert_int_equal(dl_doc_add_posting(d, "common", 6, 31, 1, NULL),
                         DL_OK);
        snprintf(data, sizeof data, "title=r%d\n\ncommon", round);
        assert_int_equal(dl_doc_set_data(d, data, strlen(data), NULL), DL_OK);
        snprintf(t, sizeof t, "Qd%d", i);
        assert_int_equal(dl_doc_add_term(d, t, strlen(t), 0, NULL), DL_OK);
        assert_int_equal(dl_wdb_replace(w, t, strlen(t), d, NULL), DL_OK);
    }
    assert_int_equal(dl_wdb_commit(w, NULL), DL_OK);
    dl_doc_free(d);
}

static void
search_on_a_database_rewritten_twice_reopens_and_sees_the_latest(void **state)
{
    char dir[64];
    char cmd[128];
    const char *spec = dir;
    dl_wdb *w;
    dl_searcher *s;
    struct dl_search_req r;
    struct dl_result *res;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dl-test-modified-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(
        dl_wdb_open(dir, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, NULL), DL_OK);
    fill_many(w, 0);
    assert_int_equal(dl_searcher_open(&spec, 1, &s, NULL), DL_OK);
    fill_many(w, 1);
    fill_many(w, 2);
    dl_search_req_init(&r);
    r.facets = true; /* every posting list is read */
    res = run(s, &r, "common");
    /* Without the reopen the search fails with DL_EMODIFIED (or shows
     * round 0); with it, the latest round. */
    assert_int_equal(res->total, 1000);
    assert_string_equal(res->hits[0].title, "r2");
    dl_result_free(res);
    dl_searcher_close(s);
    dl_wdb_close(w);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* A plain word is searched by its Z terms alone only when they reach
 * every article: a Croatian article (no stemmer) written the old way, with
 * no Z terms, is still found by its words, and so is one written the new
 * way; an English one is found by an inflected form either way. */
static void
articles_without_a_stemmer_are_found_old_index_or_new(void **state)
{
    static const struct art two[] = {
        {"Oil prices fell", "Brent crude prices fell on Monday.", "20220401",
         "Caspian Daily", "en", "c1"},
        {"Cijene nafte pale", "Cijene nafte pale su u ponedjeljak.", "20220401",
         "Jadranski list", "hr", "c2"},
    };
    int round;
    (void)state;
    for (round = 0; round < 2; round++) {
        char dir[64];
        char cmd[128];
        const char *spec = dir;
        dl_wdb *w;
        dl_doc *doc;
        dl_searcher *s;
        struct dl_search_req r;
        struct dl_result *res;
        size_t i;
        word_stems = round == 1;
        snprintf(dir, sizeof dir, "/tmp/dl-test-plain-XXXXXX");
        assert_non_null(mkdtemp(dir));
        assert_int_equal(
            dl_wdb_open(dir, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, NULL),
            DL_OK);
        assert_int_equal(dl_doc_new(&doc, NULL), DL_OK);
        for (i = 0; i < 2; i++) {
            char id[8];
            dl_buf t = DL_BUF_INIT;
            snprintf(id, sizeof id, "p%zu", i);
            build_doc(doc, &two[i], id, true);
            dl_schema_term(&t, DL_PREFIX_ID, id, strlen(id));
            assert_int_equal(dl_wdb_replace(w, t.data, t.len, doc, NULL),
                             DL_OK);
            dl_buf_free(&t);
        }
        dl_doc_free(doc);
        assert_int_equal(dl_wdb_commit(w, NULL), DL_OK);
        dl_wdb_close(w);
        assert_int_equal(dl_searcher_open(&spec, 1, &s, NULL), DL_OK);
        dl_search_req_init(&r);
        res = run(s, &r, "nafte");
        assert_int_equal(res->total, 1);
        assert_string_equal(res->hits[0].lang, "hr");
        dl_result_free(res);
        res = run(s, &r, "price");
        assert_int_equal(res->total, 1);
        assert_string_equal(res->hits[0].lang, "en");
        dl_result_free(res);
        res = run(s, &r, "cijene OR prices");
        assert_int_equal(res->total, 2);
        dl_result_free(res);
        dl_searcher_close(s);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
    word_stems = true;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            title_match_ranks_first_and_collapse_folds_the_wire_copy),
        cmocka_unit_test(verbose_any_word_query_is_widened_by_its_top_hits),
        cmocka_unit_test(snippets_read_bodies_stored_either_way),
        cmocka_unit_test(no_article_with_all_words_falls_back_with_a_notice),
        cmocka_unit_test(russian_plural_finds_the_singular_through_stems),
        cmocka_unit_test(articles_without_a_stemmer_are_found_old_index_or_new),
        cmocka_unit_test(facets_count_sources_months_and_languages),
        cmocka_unit_test(side_filters_restrict_by_date_source_and_language),
        cmocka_unit_test(sort_by_date_both_ways),
        cmocka_unit_test(misspelt_word_gets_a_suggestion_from_the_vocabulary),
        cmocka_unit_test(limit_and_offset_caps_are_refused),
        cmocka_unit_test(renderers_escape_once_and_json_parses),
        cmocka_unit_test(searches_survive_a_database_rewritten_under_them),
        cmocka_unit_test(
            search_on_a_database_rewritten_twice_reopens_and_sees_the_latest),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
