/* test_search.c - the searcher library over a small database built here
 * through the C API and the schema (dl_schema.h), independent of the
 * indexer: ranking, fallback, collapse, facets, side filters, suggestions,
 * caps, renderers, and searches that meet a database being rewritten.
 * One test indexes corpus/ with the indexer instead, to check phrases with
 * hyphenated words against a brute-force search of the stored texts. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_buf.h"
#include "dl_format.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "export.h"
#include "dl_log.h"
#include "dl_xapian.h"
#include "pipeline.h"
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
    if (c->rc == DL_OK && c->st == NULL && *c->prefix == '\0' &&
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

/* An article as the indexer writes it (format 2, dl_schema.h): articles
 * of a language without a stemmer get their words as Z terms and XZ, the
 * body goes to DL_SLOT_BODY and the facet values to DL_SLOT_FACETS. */
static void
build_doc(dl_doc *doc, const struct art *a, const char *id)
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
    if (c.st == NULL)
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
    }
    assert_int_equal(dl_doc_set_value(doc, DL_SLOT_CLUSTER, a->cluster,
                                      strlen(a->cluster), NULL),
                     DL_OK);
    dl_buf_reset(&b);
    assert_int_equal(dl_buf_printf(&b, "%s%c%s%c%s", a->source, DL_FACET_SEP,
                                   month, DL_FACET_SEP, a->lang),
                     DL_OK);
    assert_int_equal(dl_doc_set_value(doc, DL_SLOT_FACETS, b.data, b.len, NULL),
                     DL_OK);
    memset(&d, 0, sizeof d);
    d.id = sl(id);
    d.path = sl(id);
    d.title = sl(a->title);
    d.date = sl(iso[0] ? iso : NULL);
    d.source = sl(a->source);
    d.lang = sl(a->lang);
    d.url = sl("https://example.org/x");
    dl_buf_reset(&b);
    assert_int_equal(dl_docdata_encode(&d, &b), DL_OK);
    assert_int_equal(dl_doc_set_data(doc, b.data, b.len, NULL), DL_OK);
    assert_int_equal(dl_body_pack(a->body, strlen(a->body), &b), DL_OK);
    assert_int_equal(dl_doc_set_value(doc, DL_SLOT_BODY, b.data, b.len, NULL),
                     DL_OK);
    dl_buf_free(&b);
    dl_buf_free(&n);
}

static char dbdir[64];

/* Set a database's dl:schema and dl:features (NULL: remove the key). */
static void
set_format(dl_wdb *w, const char *schema, const char *features)
{
    assert_int_equal(dl_wdb_set_metadata(w, DL_META_SCHEMA, schema,
                                         schema != NULL ? strlen(schema) : 0,
                                         NULL),
                     DL_OK);
    assert_int_equal(
        dl_wdb_set_metadata(w, DL_META_FEATURES, features,
                            features != NULL ? strlen(features) : 0, NULL),
        DL_OK);
}

/* Mark w as the indexer marks every database it creates. */
static void
mark_format(dl_wdb *w)
{
    assert_int_equal(dl_dbpath_mark(w, NULL), DL_OK);
}

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
        build_doc(doc, &arts[i], id);
        dl_schema_term(&t, DL_PREFIX_ID, id, strlen(id));
        assert_int_equal(dl_wdb_replace(w, t.data, t.len, doc, NULL), DL_OK);
        dl_buf_free(&t);
    }
    dl_doc_free(doc);
    assert_int_equal(dl_wdb_set_metadata(w, DL_META_LANGS, "en,ru", 5, NULL),
                     DL_OK);
    mark_format(w);
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

/* The export of r's query against its search (a page as large as the
 * whole result): the same hits in the same order with the same fields,
 * a total that is their number, the same notice; snippets only when
 * asked. */
static void
export_matches_search(dl_searcher *s, struct dl_search_req *r, const char *q,
                      bool snippets)
{
    struct dl_result *res = run(s, r, q);
    const struct dl_result_hit *h = NULL;
    dl_export *e = NULL;
    dl_err err;
    size_t i;

    assert_int_equal(dl_export_open(s, r, snippets, &e, NULL, &err), DL_OK);
    assert_int_equal(dl_export_result(e)->total, res->n_hits);
    assert_int_equal(res->total, res->n_hits);
    assert_int_equal(dl_export_result(e)->notice != NULL, res->notice != NULL);
    for (i = 0; i < res->n_hits; i++) {
        const struct dl_result_hit *w = &res->hits[i];
        assert_int_equal(dl_export_next(e, &h, &err), DL_OK);
        assert_string_equal(h->id, w->id);
        assert_string_equal(h->title, w->title);
        assert_string_equal(h->date, w->date);
        assert_int_equal(h->rank, w->rank);
        assert_int_equal(h->duplicates, w->duplicates);
        assert_true(h->score == w->score);
        if (snippets)
            assert_memory_equal(h->snippet, w->snippet, w->snippet_len + 1);
        else
            assert_int_equal(h->snippet_len, 0);
    }
    assert_int_equal(dl_export_next(e, &h, &err), DL_DONE);
    assert_int_equal(dl_export_next(e, &h, &err), DL_DONE);
    dl_export_free(e);
    dl_result_free(res);
}

static void
export_gives_every_hit_of_the_search_in_its_order(void **state)
{
    static const char *const queries[] = {
        "grain harvest", "drought grain harvest", "wimbledon pipeline",
        "date:1900..2100", "wimbledon AND pipeline"};
    dl_searcher *s = open_searcher();
    struct dl_search_req r;
    size_t k;
    int mode;
    (void)state;
    for (k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        for (mode = 0; mode < 4; mode++) {
            dl_search_req_init(&r);
            r.limit = DL_SEARCH_MAX_LIMIT;
            r.suggest = false;
            r.no_collapse = mode & 1;
            r.sort = mode & 2 ? DL_SORT_NEWEST : DL_SORT_RELEVANCE;
            export_matches_search(s, &r, queries[k], mode == 0);
        }
    }
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

/* Snippets come from the body stored in DL_SLOT_BODY. */
static void
snippets_read_the_stored_bodies(void **state)
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
    /* Equal counts in value order. */
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
    mark_format(w);
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

/* A plain word is searched by its Z terms alone (word-stems): a Croatian
 * article (no stemmer) is found by its words, which are its Z terms, and
 * an English one by an inflected form. */
static void
articles_without_a_stemmer_are_found_by_their_words(void **state)
{
    static const struct art two[] = {
        {"Oil prices fell", "Brent crude prices fell on Monday.", "20220401",
         "Caspian Daily", "en", "c1"},
        {"Cijene nafte pale", "Cijene nafte pale su u ponedjeljak.", "20220401",
         "Jadranski list", "hr", "c2"},
    };
    char dir[64];
    char cmd[128];
    const char *spec = dir;
    dl_wdb *w;
    dl_doc *doc;
    dl_searcher *s;
    struct dl_search_req r;
    struct dl_result *res;
    size_t i;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dl-test-plain-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(
        dl_wdb_open(dir, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, NULL), DL_OK);
    assert_int_equal(dl_doc_new(&doc, NULL), DL_OK);
    for (i = 0; i < 2; i++) {
        char id[8];
        dl_buf t = DL_BUF_INIT;
        snprintf(id, sizeof id, "p%zu", i);
        build_doc(doc, &two[i], id);
        dl_schema_term(&t, DL_PREFIX_ID, id, strlen(id));
        assert_int_equal(dl_wdb_replace(w, t.data, t.len, doc, NULL), DL_OK);
        dl_buf_free(&t);
    }
    dl_doc_free(doc);
    mark_format(w);
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

/* The searcher reads only what it can read right, and says what to do
 * with the rest, naming the database: an index of format 1 (what every
 * Dateline before dl:features wrote: dl:schema "1" and no dl:features, as
 * here) must be rebuilt; a database without dl:schema is not Dateline's;
 * one of a newer format, or with a feature unknown here that readers must
 * know, is newer; a feature that readers may ignore is read.  Of several
 * databases, the one refused is named. */
static void
databases_of_another_format_are_refused_with_what_to_do(void **state)
{
    static const struct {
        const char *schema, *features; /* NULL: absent */
        dl_status want;
        const char *says;
    } t[] = {
        {"1", NULL, DL_EINVAL,
         "was made by an older Dateline (index format 1; this one's is 2); "
         "rebuild it with `dateline-index --full`"},
        {NULL, NULL, DL_EINVAL, "not an index Dateline wrote (no dl:schema)"},
        {"3", NULL, DL_EINVAL, "was made by a newer Dateline (index format 3"},
        {"2", "", DL_EINVAL, "lacks the feature body-slot"},
        {"2", "+ future\tr\n", DL_EINVAL, "unknown here: future"},
        {"2", "+ future\tw\n", DL_OK, NULL},
    };
    char dir[64];
    char cmd[128];
    const char *specs[2] = {dbdir, dir};
    dl_wdb *w;
    size_t i;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dl-test-format-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(
        dl_wdb_open(dir, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, NULL), DL_OK);
    write_all(w);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        dl_buf f = DL_BUF_INIT;
        dl_searcher *s = NULL;
        dl_err err;
        dl_status rc;
        size_t n;
        if (t[i].features != NULL && t[i].features[0] == '+') {
            /* this program's list and one more line */
            assert_int_equal(dl_format_features(&f), DL_OK);
            assert_int_equal(dl_buf_puts(&f, t[i].features + 2), DL_OK);
        } else if (t[i].features != NULL) {
            assert_int_equal(dl_buf_puts(&f, t[i].features), DL_OK);
        }
        set_format(w, t[i].schema, f.data);
        assert_int_equal(dl_wdb_commit(w, NULL), DL_OK);
        dl_buf_free(&f);
        /* alone, then second after a readable one */
        for (n = 1; n <= 2; n++) {
            dl_err_clear(&err);
            rc = dl_searcher_open(n == 1 ? specs + 1 : specs, n, &s, &err);
            if (rc != t[i].want ||
                (t[i].says != NULL && (strstr(err.msg, t[i].says) == NULL ||
                                       strstr(err.msg, dir) == NULL))) {
                print_error("case %zu (%zu databases): %d '%s'\n", i, n,
                            (int)rc, err.msg);
                fail();
            }
            if (rc == DL_OK)
                dl_searcher_close(s);
            else
                assert_null(s);
        }
    }
    dl_wdb_close(w);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- hyphenated words in phrases, against a brute-force oracle ---------
 *
 * Issue 22 (8): a phrase holding A-B finds exactly the articles holding the
 * phrase with A-B, A B or AB in that place.  corpus/ goes through the real
 * indexer (dl_index_run), then articles written here that spell the
 * corpus's own hyphenated words the other two ways, and a few of our own
 * names of two and three parts.  For every query the oracle tokenizes
 * each article's stored title and body with the shared tokenizer (joined
 * forms left out: only what the text says, word by word) and looks for
 * the terms of each spelling of the query at consecutive positions (for
 * NEAR: within the window, in any order); the hits must be exactly those
 * articles. */

#define ORACLE_CONTEXTS 40  /* distinct hyphenated words of corpus/ */
#define ORACLE_EXTRAS 20    /* of them respelled in articles of our own */
#define ORACLE_NEAR 15      /* of them asked with NEAR */
#define ORACLE_NUMBERS 5    /* of them numbers (dates: 2019-02-04) */
#define ORACLE_SPELLINGS 16 /* 2^4: test queries have <= 4 such words */
#define ORACLE_TEXT 512

/* The terms of one text, joined forms left out, at consecutive positions,
 * with their byte ranges; and the byte ranges of its joined forms (each
 * holds the parts of one hyphenated word). */
struct seq {
    dl_buf terms; /* each term NUL-terminated */
    size_t *off;  /* term k at terms.data + off[k] */
    size_t (*range)[2];
    size_t n, cap;
    size_t (*joined)[2];
    size_t nj, jcap;
};

struct oart {
    char *id;
    char *title;
    char *body;
    struct seq ts, bs;
};

struct otest {
    char q[ORACLE_TEXT + 16]; /* the query */
    char text[ORACLE_TEXT];   /* the text whose spellings the oracle seeks */
    int near;                 /* NEAR distance, or -1 for a phrase */
    bool title;               /* in titles only */
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap;
    void *q;
    if (need <= c)
        return p;
    while (c < need)
        c = c ? 2 * c : 16;
    q = dl_realloc(p, c * size);
    assert_non_null(q);
    *cap = c;
    return q;
}

static int
seq_cb(void *ctx, const char *term, size_t len, size_t start, size_t end,
       unsigned pos, unsigned flags)
{
    struct seq *q = ctx;
    size_t c;
    (void)pos;
    if (flags & DL_TOK_JOINED) {
        q->joined = grow(q->joined, &q->jcap, q->nj + 1, sizeof *q->joined);
        q->joined[q->nj][0] = start;
        q->joined[q->nj][1] = end;
        q->nj++;
        return 0;
    }
    c = q->cap;
    q->off = grow(q->off, &c, q->n + 1, sizeof *q->off);
    q->range = grow(q->range, &q->cap, q->n + 1, sizeof *q->range);
    q->off[q->n] = q->terms.len;
    q->range[q->n][0] = start;
    q->range[q->n][1] = end;
    assert_int_equal(dl_buf_append(&q->terms, term, len), DL_OK);
    assert_int_equal(dl_buf_putc(&q->terms, '\0'), DL_OK);
    q->n++;
    return 0;
}

static void
seq_make(struct seq *q, const char *text)
{
    memset(q, 0, sizeof *q);
    dl_buf_init(&q->terms);
    assert_int_equal(dl_tokenize(text, strlen(text), 1, seq_cb, q, NULL, NULL),
                     DL_OK);
}

static void
seq_free(struct seq *q)
{
    dl_buf_free(&q->terms);
    dl_free(q->off);
    dl_free(q->range);
    dl_free(q->joined);
    memset(q, 0, sizeof *q);
}

static const char *
seq_term(const struct seq *q, size_t k)
{
    return q->terms.data + q->off[k];
}

/* The spellings of text into out[]: every space-separated chunk holding
 * '-' is written with spaces for its hyphens or joined.  Returns how
 * many. */
static size_t
spellings_of(const char *text, struct seq *out)
{
    size_t chunk_of[ORACLE_TEXT];
    size_t k = 0; /* chunks with a hyphen */
    size_t n = strlen(text);
    size_t i;
    unsigned mask;
    bool hy = false;
    assert_true(n < ORACLE_TEXT);
    for (i = 0; i <= n; i++) {
        if (i == n || text[i] == ' ') {
            if (hy)
                k++;
            hy = false;
            continue;
        }
        if (text[i] == '-')
            hy = true;
        chunk_of[i] = k; /* the index this chunk gets if it has a hyphen */
    }
    assert_true(k <= 4);
    for (mask = 0; mask < (1u << k); mask++) {
        char s[ORACLE_TEXT];
        size_t w = 0;
        for (i = 0; i < n; i++) {
            if (text[i] != '-')
                s[w++] = text[i];
            else if (!(mask & (1u << chunk_of[i])))
                s[w++] = ' ';
        }
        s[w] = '\0';
        seq_make(&out[mask], s);
    }
    return (size_t)1 << k;
}

/* Whether a holds the terms of p at consecutive positions. */
static bool
seq_contains(const struct seq *a, const struct seq *p)
{
    size_t i;
    size_t j;
    if (p->n == 0)
        return false;
    for (i = 0; i + p->n <= a->n; i++) {
        for (j = 0; j < p->n; j++) {
            if (strcmp(seq_term(a, i + j), seq_term(p, j)) != 0)
                break;
        }
        if (j == p->n)
            return true;
    }
    return false;
}

/* Whether a holds every term of p (as often as p has it) within dist +
 * p->n consecutive positions, in any order: NEAR/dist as Xapian counts
 * its window. */
static bool
seq_near(const struct seq *a, const struct seq *p, unsigned dist)
{
    size_t w = dist + p->n;
    size_t i;
    size_t j;
    size_t k;
    for (i = 0; i < a->n; i++) {
        size_t e = i + w < a->n ? i + w : a->n;
        for (j = 0; j < p->n; j++) {
            size_t need = 0;
            size_t have = 0;
            for (k = 0; k < p->n; k++)
                need += strcmp(seq_term(p, k), seq_term(p, j)) == 0;
            for (k = i; k < e; k++)
                have += strcmp(seq_term(a, k), seq_term(p, j)) == 0;
            if (have < need)
                break;
        }
        if (j == p->n)
            return true;
    }
    return false;
}

static int
cmp_oart(const void *a, const void *b)
{
    return strcmp(((const struct oart *)a)->id, ((const struct oart *)b)->id);
}

/* Every article of the index with its stored title and body. */
static struct oart *
load_articles(dl_db *db, size_t *n)
{
    struct oart *v = NULL;
    size_t cap = 0;
    dl_termiter *it = NULL;
    const char *term;
    size_t len;
    unsigned long freq;

    *n = 0;
    assert_int_equal(dl_db_allterms(db, DL_PREFIX_ID, &it, NULL), DL_OK);
    while (dl_termiter_next(it, &term, &len, &freq, NULL) == DL_OK) {
        unsigned *ids = NULL;
        size_t nid = 0;
        char *data = NULL;
        size_t dlen = 0;
        char *packed = NULL;
        size_t plen = 0;
        dl_buf body = DL_BUF_INIT;
        struct dl_docdata d;
        struct oart *a;
        assert_int_equal(dl_db_postlist(db, term, len, &ids, &nid, NULL),
                         DL_OK);
        assert_int_equal(nid, 1);
        assert_int_equal(dl_db_get_data(db, ids[0], &data, &dlen, NULL), DL_OK);
        assert_int_equal(
            dl_db_get_value(db, ids[0], DL_SLOT_BODY, &packed, &plen, NULL),
            DL_OK);
        dl_docdata_decode(data, dlen, &d);
        if (plen > 0)
            assert_int_equal(dl_body_unpack(packed, plen, &body), DL_OK);
        else
            assert_int_equal(dl_buf_append(&body, d.body.p, d.body.n), DL_OK);
        /* A body cut at the stored cap hides words the index has. */
        assert_true(body.len < DL_STORED_BODY_MAX);
        v = grow(v, &cap, *n + 1, sizeof *v);
        a = &v[(*n)++];
        a->id = dl_strndup(d.id.p, d.id.n);
        a->title = dl_strndup(d.title.p, d.title.n);
        a->body = dl_strndup(body.data != NULL ? body.data : "", body.len);
        assert_non_null(a->id);
        assert_non_null(a->title);
        assert_non_null(a->body);
        seq_make(&a->ts, a->title);
        seq_make(&a->bs, a->body);
        dl_buf_free(&body);
        dl_free(packed);
        dl_free(data);
        dl_free(ids);
    }
    dl_termiter_free(it);
    qsort(v, *n, sizeof *v, cmp_oart);
    return v;
}

static void
free_articles(struct oart *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        dl_free(v[i].id);
        dl_free(v[i].title);
        dl_free(v[i].body);
        seq_free(&v[i].ts);
        seq_free(&v[i].bs);
    }
    dl_free(v);
}

/* Run t against the index and the oracle; print and count the articles
 * they disagree on.  *found gets the oracle's number of articles. */
static size_t
oracle_check(dl_searcher *s, const struct oart *oa, size_t na,
             const struct otest *t, size_t *found)
{
    struct seq sp[ORACLE_SPELLINGS];
    size_t nsp = spellings_of(t->text, sp);
    bool *want = dl_calloc(na + 1, sizeof *want);
    bool *got = dl_calloc(na + 1, sizeof *got);
    struct dl_search_req r;
    struct dl_result *res;
    size_t bad = 0;
    size_t i;
    size_t k;

    assert_non_null(want);
    assert_non_null(got);
    *found = 0;
    for (i = 0; i < na; i++) {
        for (k = 0; k < nsp && !want[i]; k++) {
            if (t->near >= 0)
                want[i] = seq_near(&oa[i].ts, &sp[k], (unsigned)t->near) ||
                          seq_near(&oa[i].bs, &sp[k], (unsigned)t->near);
            else
                want[i] = seq_contains(&oa[i].ts, &sp[k]) ||
                          (!t->title && seq_contains(&oa[i].bs, &sp[k]));
        }
        *found += want[i];
    }
    dl_search_req_init(&r);
    r.limit = DL_SEARCH_MAX_LIMIT;
    r.no_collapse = true;
    r.suggest = false;
    /* The oracle reads spellings: Нур-Султан found for Nur-Sultan by its
     * cross-script key is right, but another question (xscript.sh). */
    r.exact_script = true;
    res = run(s, &r, t->q);
    assert_null(res->notice);
    for (k = 0; k < res->n_hits; k++) {
        struct oart key;
        const struct oart *a;
        key.id = res->hits[k].id;
        a = bsearch(&key, oa, na, sizeof *oa, cmp_oart);
        assert_non_null(a);
        got[a - oa] = true;
    }
    for (i = 0; i < na; i++) {
        if (want[i] == got[i])
            continue;
        if (bad++ < 3)
            print_error("query %s: %s %s\n", t->q,
                        want[i] ? "misses" : "wrongly finds", oa[i].id);
    }
    dl_result_free(res);
    for (k = 0; k < nsp; k++)
        seq_free(&sp[k]);
    dl_free(want);
    dl_free(got);
    return bad;
}

/* Our own sentences: names of two and three parts in each spelling, in
 * bodies and titles, and texts that hold the parts or the joined form
 * without the phrase. */
static const char *const own_articles[] = {
    "Landtag news\n\nDer Landtag von Baden-W\xC3\xBCrttemberg tagt heute.\n",
    "Landtag notes\n\nDer Landtag von Baden W\xC3\xBCrttemberg tagt heute.\n",
    "Landtag brief\n\nDer Landtag von BadenW\xC3\xBCrttemberg tagt heute.\n",
    "Visit one\n\nPresident Kassym-Jomart Tokayev flew to Nur-Sultan.\n",
    "Visit two\n\nPresident Kassym Jomart Tokayev flew to Nursultan.\n",
    "Visit three\n\nPresident KassymJomart Tokayev flew to Nur Sultan.\n",
    "Visit four\n\nPresident Kassym-Jomart-Tokayev flew to Nur and Sultan.\n",
    "Nursultan Nazarbayev speaks\n\nNursultan Nazarbayev spoke at noon.\n",
    "Guinea-Bissau holds a vote\n\nPolls opened at seven.\n",
    "Guineabissau holds a vote\n\nPolls closed at seven.\n",
    "Guinea Bissau holds a vote\n\nCounting began at seven.\n",
    "Barges\n\nBarges crowd the Rhein-Main-Donau canal in May.\n",
    "Barges again\n\nBarges crowd the RheinMainDonau canal in June.\n",
    "Barges once more\n\nBarges crowd the Rhein Main Donau canal in July.\n",
    "Rivers\n\nThe Rhein, the Main and the Donau canal boats.\n",
};

static const struct {
    const char *q;
    const char *text;
    int near;
    bool title;
    size_t want; /* the oracle finds at least this many (none: none) */
} own_tests[] = {
    {"\"xyzzy Baden-W\xC3\xBCrttemberg\"", "xyzzy Baden-W\xC3\xBCrttemberg", -1,
     false, 0},
    {"\"xyzzy BadenW\xC3\xBCrttemberg\"", "xyzzy BadenW\xC3\xBCrttemberg", -1,
     false, 0},
    {"\"von Baden-W\xC3\xBCrttemberg tagt\"",
     "von Baden-W\xC3\xBCrttemberg tagt", -1, false, 3},
    {"\"Kassym-Jomart Tokayev flew to Nur-Sultan\"",
     "Kassym-Jomart Tokayev flew to Nur-Sultan", -1, false, 3},
    {"\"Kassym-Jomart Tokayev\"", "Kassym-Jomart Tokayev", -1, false, 4},
    {"\"Nur-Sultan Nazarbayev\"", "Nur-Sultan Nazarbayev", -1, false, 2},
    {"\"xyzzy Nur-Sultan\"", "xyzzy Nur-Sultan", -1, false, 0},
    {"\"Nur-Sultan xyzzy\"", "Nur-Sultan xyzzy", -1, false, 0},
    {"Nur-Sultan", "Nur-Sultan", -1, false, 4},
    {"title:\"Guinea-Bissau holds\"", "Guinea-Bissau holds", -1, true, 3},
    {"title:\"xyzzy Guinea-Bissau\"", "xyzzy Guinea-Bissau", -1, true, 0},
    {"\"the Rhein-Main-Donau canal\"", "the Rhein-Main-Donau canal", -1, false,
     3},
    {"\"Rhein-Main-Donau xyzzy\"", "Rhein-Main-Donau xyzzy", -1, false, 0},
    {"Rhein-Main-Donau", "Rhein-Main-Donau", -1, false, 3},
    {"Nur-Sultan NEAR/3 Tokayev", "Nur-Sultan Tokayev", 3, false, 3},
    {"Kassym-Jomart NEAR/1 flew", "Kassym-Jomart flew", 1, false, 4},
    {"xyzzy NEAR/5 Nur-Sultan", "xyzzy Nur-Sultan", 5, false, 0},
};

static void
write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void
index_into(const char *db, const char *root)
{
    struct dl_index_opts o;
    struct dl_index_stats st;
    dl_err err;
    dl_index_opts_init(&o);
    o.db_path = db;
    o.jobs = 1;
    memset(&st, 0, sizeof st);
    if (dl_index_run(&o, &root, 1, &st, &err) != DL_OK) {
        print_error("indexing %s: %s\n", root, err.msg);
        fail();
    }
}

/* Whether s[0..n) can stand in a query word or phrase as it is: no
 * quotes (typographic ones too), brackets, field colons, stars, signs or
 * spaces (no-break and ideographic ones too). */
static bool
plain_surface(const char *s, size_t n)
{
    static const char *const bad[] = {"\xE2\x80\x9C", "\xE2\x80\x9D",
                                      "\xC2\xAB",     "\xC2\xBB",
                                      "\xC2\xA0",     "\xE3\x80\x80"};
    size_t i;
    size_t k;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '(' || c == ')' || c == ':' || c == '*' ||
            c == '+' || c <= ' ')
            return false;
        for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            if (n - i >= strlen(bad[k]) &&
                memcmp(s + i, bad[k], strlen(bad[k])) == 0)
                return false;
        }
    }
    return n > 0;
}

/* A hyphenated word of seq q (the parts inside joined form g) with the
 * words around it, as surface text: "prev", "A-B" and "next" ("" when
 * the field ends there or the word cannot stand in a query). */
static bool
context_of(const char *text, const struct seq *q, size_t g, char *prev,
           char *word, char *next)
{
    size_t first = q->n;
    size_t last = 0;
    size_t k;
    size_t w = 0;
    for (k = 0; k < q->n; k++) {
        if (q->range[k][0] >= q->joined[g][0] &&
            q->range[k][1] <= q->joined[g][1]) {
            if (first == q->n)
                first = k;
            last = k;
        }
    }
    if (first == q->n || first == last)
        return false;
    for (k = first; k <= last; k++) {
        size_t a = q->range[k][0];
        size_t n = q->range[k][1] - a;
        if (!plain_surface(text + a, n) || w + n + 2 >= 64)
            return false;
        if (k > first)
            word[w++] = '-';
        memcpy(word + w, text + a, n);
        w += n;
    }
    word[w] = '\0';
    prev[0] = next[0] = '\0';
    if (first > 0 && q->range[first - 1][1] - q->range[first - 1][0] < 64 &&
        plain_surface(text + q->range[first - 1][0],
                      q->range[first - 1][1] - q->range[first - 1][0]))
        snprintf(prev, 64, "%.*s",
                 (int)(q->range[first - 1][1] - q->range[first - 1][0]),
                 text + q->range[first - 1][0]);
    if (last + 1 < q->n && q->range[last + 1][1] - q->range[last + 1][0] < 64 &&
        plain_surface(text + q->range[last + 1][0],
                      q->range[last + 1][1] - q->range[last + 1][0]))
        snprintf(next, 64, "%.*s",
                 (int)(q->range[last + 1][1] - q->range[last + 1][0]),
                 text + q->range[last + 1][0]);
    return true;
}

/* "A-B" written with spaces (sep ' ') or joined (sep 0). */
static void
respell(const char *word, char sep, char *out, size_t size)
{
    size_t w = 0;
    for (; *word != '\0' && w + 1 < size; word++) {
        if (*word != '-')
            out[w++] = *word;
        else if (sep != 0)
            out[w++] = sep;
    }
    out[w] = '\0';
}

static void
phrase_test(struct otest *t, bool title, const char *prev, const char *word,
            const char *next)
{
    snprintf(t->text, sizeof t->text, "%s%s%s%s%s", prev, *prev ? " " : "",
             word, *next ? " " : "", next);
    snprintf(t->q, sizeof t->q, "%s\"%s\"", title ? "title:" : "", t->text);
    t->near = -1;
    t->title = title;
}

/* Queries on the hyphenated words of corpus/ (and extra articles spelling
 * some of them the other two ways into dir) into t; returns how many. */
static size_t
corpus_tests(const struct oart *oa, size_t na, const char *dir, struct otest *t,
             size_t max)
{
    char seen[ORACLE_CONTEXTS][64];
    size_t nseen = 0;
    size_t numbers = 0;
    size_t n = 0;
    size_t i;
    for (i = 0; i < na && nseen < ORACLE_CONTEXTS; i++) {
        int field;
        for (field = 0; field < 2 && nseen < ORACLE_CONTEXTS; field++) {
            const struct seq *q = field == 0 ? &oa[i].ts : &oa[i].bs;
            const char *text = field == 0 ? oa[i].title : oa[i].body;
            size_t g;
            for (g = 0; g < q->nj && nseen < ORACLE_CONTEXTS; g++) {
                char prev[64], word[64], next[64], low[64];
                size_t k;
                bool dup = false;
                if (!context_of(text, q, g, prev, word, next))
                    continue;
                for (k = 0; word[k] != '\0'; k++)
                    low[k] = (char)((word[k] >= 'A' && word[k] <= 'Z')
                                        ? word[k] - 'A' + 'a'
                                        : word[k]);
                low[k] = '\0';
                for (k = 0; k < nseen && !dup; k++)
                    dup = strcmp(seen[k], low) == 0;
                if (dup || n + 6 > max ||
                    (word[0] >= '0' && word[0] <= '9' &&
                     numbers++ >= ORACLE_NUMBERS))
                    continue;
                memcpy(seen[nseen++], low, sizeof low);
                phrase_test(&t[n++], false, prev, word, next);
                if (field == 0)
                    phrase_test(&t[n++], true, prev, word, next);
                phrase_test(&t[n++], false, "xyzzy", word, "");
                phrase_test(&t[n++], false, "", word, "xyzzy");
                /* the word alone, unquoted */
                phrase_test(&t[n], false, "", word, "");
                snprintf(t[n].q, sizeof t[n].q, "%s", word);
                n++;
                if (*next != '\0' && nseen <= ORACLE_NEAR) {
                    snprintf(t[n].q, sizeof t[n].q, "\"%s\" NEAR/2 \"%s\"",
                             word, next);
                    snprintf(t[n].text, sizeof t[n].text, "%s %s", word, next);
                    t[n].near = 2;
                    t[n].title = false;
                    n++;
                }
                if (*prev != '\0' && *next != '\0' && nseen <= ORACLE_EXTRAS) {
                    char sp[64], body[256], name[32];
                    respell(word, ' ', sp, sizeof sp);
                    snprintf(body, sizeof body,
                             "Spelling sample\n\n%s %s %s.\n", prev, sp, next);
                    snprintf(name, sizeof name, "s%zu.txt", nseen);
                    write_file(dir, name, body);
                    respell(word, 0, sp, sizeof sp);
                    snprintf(body, sizeof body,
                             "Spelling sample\n\n%s %s %s.\n", prev, sp, next);
                    snprintf(name, sizeof name, "j%zu.txt", nseen);
                    write_file(dir, name, body);
                }
            }
        }
    }
    return n;
}

static void
hyphenated_phrases_find_exactly_their_three_spellings(void **state)
{
    const char *top = getenv("top_srcdir");
    char tmp[64], db[96], extra[96], root[1024], cmd[160];
    const char *spec = db;
    struct otest *t;
    size_t nt;
    size_t cap = 8 * ORACLE_CONTEXTS + 32;
    struct oart *oa;
    size_t na;
    size_t i;
    size_t bad = 0;
    size_t nonempty = 0;
    dl_searcher *s = NULL;
    (void)state;

    if (top == NULL)
        skip(); /* run through make check, which names the source tree */
    dl_log_set_quiet(1);
    snprintf(tmp, sizeof tmp, "/tmp/dl-test-hyphen-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    snprintf(db, sizeof db, "%s/db", tmp);
    snprintf(extra, sizeof extra, "%s/extra", tmp);
    snprintf(root, sizeof root, "%s/corpus", top);
    assert_int_equal(mkdir(extra, 0700), 0);
    index_into(db, root);

    /* The corpus's hyphenated words, respelled in new articles. */
    t = dl_calloc(cap, sizeof *t);
    assert_non_null(t);
    assert_int_equal(dl_searcher_open(&spec, 1, &s, NULL), DL_OK);
    oa = load_articles(dl_searcher_db(s), &na);
    nt = corpus_tests(oa, na, extra, t, cap - 32);
    free_articles(oa, na);
    dl_searcher_close(s);
    for (i = 0; i < sizeof own_articles / sizeof own_articles[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "own%zu.txt", i);
        write_file(extra, name, own_articles[i]);
    }
    index_into(db, extra);

    assert_int_equal(dl_searcher_open(&spec, 1, &s, NULL), DL_OK);
    oa = load_articles(dl_searcher_db(s), &na);
    for (i = 0; i < sizeof own_tests / sizeof own_tests[0]; i++) {
        struct otest o;
        size_t found;
        snprintf(o.q, sizeof o.q, "%s", own_tests[i].q);
        snprintf(o.text, sizeof o.text, "%s", own_tests[i].text);
        o.near = own_tests[i].near;
        o.title = own_tests[i].title;
        bad += oracle_check(s, oa, na, &o, &found);
        if (found < own_tests[i].want ||
            (own_tests[i].want == 0) != (found == 0)) {
            print_error("oracle: %s holds %zu articles, want %zu\n", o.q, found,
                        own_tests[i].want);
            bad++;
        }
    }
    for (i = 0; i < nt; i++) {
        size_t found;
        bad += oracle_check(s, oa, na, &t[i], &found);
        nonempty += found > 0;
    }
    /* Not a vacuous check: most corpus phrases are found somewhere. */
    if (nt < 3 * ORACLE_CONTEXTS || nonempty < ORACLE_CONTEXTS) {
        print_error("only %zu corpus queries, %zu with articles\n", nt,
                    nonempty);
        bad++;
    }
    free_articles(oa, na);
    dl_searcher_close(s);
    dl_free(t);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(bad, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            title_match_ranks_first_and_collapse_folds_the_wire_copy),
        cmocka_unit_test(verbose_any_word_query_is_widened_by_its_top_hits),
        cmocka_unit_test(snippets_read_the_stored_bodies),
        cmocka_unit_test(no_article_with_all_words_falls_back_with_a_notice),
        cmocka_unit_test(export_gives_every_hit_of_the_search_in_its_order),
        cmocka_unit_test(russian_plural_finds_the_singular_through_stems),
        cmocka_unit_test(articles_without_a_stemmer_are_found_by_their_words),
        cmocka_unit_test(facets_count_sources_months_and_languages),
        cmocka_unit_test(side_filters_restrict_by_date_source_and_language),
        cmocka_unit_test(sort_by_date_both_ways),
        cmocka_unit_test(misspelt_word_gets_a_suggestion_from_the_vocabulary),
        cmocka_unit_test(limit_and_offset_caps_are_refused),
        cmocka_unit_test(renderers_escape_once_and_json_parses),
        cmocka_unit_test(searches_survive_a_database_rewritten_under_them),
        cmocka_unit_test(
            search_on_a_database_rewritten_twice_reopens_and_sees_the_latest),
        cmocka_unit_test(hyphenated_phrases_find_exactly_their_three_spellings),
        cmocka_unit_test(
            databases_of_another_format_are_refused_with_what_to_do),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
