/* test_xapian.c - the C API over Xapian against real temporary databases:
 * create, add, commit, reopen, lock contention, missing and corrupt
 * databases, searching with sort, collapse, facets and wildcards,
 * compaction, metadata, stemmers, the expand set. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dl_alloc.h"
#include "dl_schema.h"
#include "dl_xapian.h"

static char tmpdir[256];

static int
make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dl-test-xapian-XXXXXX");
    return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
remove_tmpdir(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void
path_in_tmp(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* Add an article: words at positions, a date value, a source value, a
 * cluster key and an id term. */
static void
add_article(dl_wdb *w, const char *id, const char *words, const char *date,
            const char *source, const char *cluster)
{
    dl_doc *doc = NULL;
    dl_err err;
    char buf[256];
    unsigned pos = 1;
    const char *p = words;
    assert_int_equal(dl_doc_new(&doc, &err), DL_OK);
    while (*p != '\0') {
        size_t n = strcspn(p, " ");
        assert_int_equal(dl_doc_add_posting(doc, p, n, pos++, 1, &err), DL_OK);
        p += n;
        if (*p == ' ')
            p++;
    }
    snprintf(buf, sizeof buf, "Q%s", id);
    assert_int_equal(dl_doc_add_term(doc, buf, strlen(buf), 0, &err), DL_OK);
    assert_int_equal(
        dl_doc_set_value(doc, DL_SLOT_DATE, date, strlen(date), &err), DL_OK);
    assert_int_equal(
        dl_doc_set_value(doc, DL_SLOT_SOURCE, source, strlen(source), &err),
        DL_OK);
    assert_int_equal(
        dl_doc_set_value(doc, DL_SLOT_CLUSTER, cluster, strlen(cluster), &err),
        DL_OK);
    snprintf(buf, sizeof buf, "id=%s\n\n%s", id, words);
    assert_int_equal(dl_doc_set_data(doc, buf, strlen(buf), &err), DL_OK);
    snprintf(buf, sizeof buf, "Q%s", id);
    assert_int_equal(dl_wdb_replace(w, buf, strlen(buf), doc, &err), DL_OK);
    dl_doc_free(doc);
}

/* Articles alone carry no cluster key (dl_schema.h); the collapse must
 * leave every one of them in the results. */
static void
articles_without_a_cluster_key_are_never_collapsed(void **state)
{
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    dl_query *q = NULL;
    dl_mset *m = NULL;
    struct dl_search_opts o;
    struct dl_hit hit;
    size_t i;
    (void)state;
    path_in_tmp(path, sizeof path, "nokey");
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &w, &err), DL_OK);
    add_article(w, "x", "harvest report one", "20200101", "Steppe Wire", "");
    add_article(w, "y", "harvest report two", "20200102", "Steppe Wire", "");
    add_article(w, "z", "harvest report three", "20200103", "Steppe Wire",
                "k1");
    add_article(w, "z2", "harvest report three", "20200104", "Steppe Wire",
                "k1");
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_query_term("harvest", 7, 1, 1, &q, &err), DL_OK);
    dl_search_opts_init(&o);
    o.collapse_slot = DL_SLOT_CLUSTER;
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_OK);
    /* x and y stay apart; z and z2 become one hit. */
    assert_int_equal(dl_mset_count(m), 3);
    for (i = 0; i < dl_mset_count(m); i++) {
        assert_int_equal(dl_mset_hit(m, i, &hit), DL_OK);
        if (hit.data_len >= 4 && memcmp(hit.data, "id=x", 4) == 0)
            assert_int_equal(hit.collapse_count, 0);
    }
    dl_mset_free(m);
    dl_query_free(q);
    dl_db_close(db);
}

static void
build_small_db(const char *path)
{
    dl_wdb *w = NULL;
    dl_err err;
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &w, &err), DL_OK);
    add_article(w, "a", "grain harvest record in kazakhstan", "20200105",
                "Steppe Wire", "c1");
    add_article(w, "b", "grain harvest record in kazakhstan again", "20210310",
                "Caspian Daily", "c1");
    add_article(w, "c", "budget vote delayed", "20190720", "Steppe Wire", "c2");
    add_article(w, "d", "harvest festival opens", "20221111", "Baltic Morning",
                "c3");
    assert_int_equal(dl_wdb_set_metadata(w, "dl:langs", "en", 2, &err), DL_OK);
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
}

static void
open_missing_db_reports_enoent(void **state)
{
    dl_db *db = (dl_db *)1;
    dl_wdb *w = (dl_wdb *)1;
    dl_err err;
    char path[300];
    (void)state;
    path_in_tmp(path, sizeof path, "nothing-here");
    assert_int_equal(dl_db_open(path, &db, &err), DL_ENOENT);
    assert_null(db);
    assert_int_equal(err.code, DL_ENOENT);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, &err), DL_ENOENT);
    assert_null(w);
    assert_non_null(strstr(err.msg, "nothing-here"));
}

static void
created_db_holds_committed_documents(void **state)
{
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    unsigned long n = 0;
    char *meta = NULL;
    size_t len = 0;
    (void)state;
    path_in_tmp(path, sizeof path, "small");
    build_small_db(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_db_doccount(db, &n, &err), DL_OK);
    assert_int_equal(n, 4);
    assert_int_equal(dl_db_termfreq(db, "harvest", 7, &n, &err), DL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(dl_db_get_metadata(db, "dl:langs", &meta, &len, &err),
                     DL_OK);
    assert_string_equal(meta, "en");
    dl_free(meta);
    assert_int_equal(dl_db_get_metadata(db, "absent", &meta, &len, &err),
                     DL_OK);
    assert_int_equal(len, 0);
    dl_free(meta);
    dl_db_close(db);
}

static void
close_without_commit_discards_changes(void **state)
{
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    unsigned long n = 0;
    (void)state;
    path_in_tmp(path, sizeof path, "discard");
    build_small_db(path);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, &err), DL_OK);
    add_article(w, "e", "uncommitted words", "20230101", "X", "c9");
    assert_int_equal(dl_wdb_delete_term(w, "Qa", 2, &err), DL_OK);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_db_doccount(db, &n, &err), DL_OK);
    assert_int_equal(n, 4);
    assert_int_equal(dl_db_termfreq(db, "Qa", 2, &n, &err), DL_OK);
    assert_int_equal(n, 1);
    dl_db_close(db);
}

static void
reader_sees_new_commit_after_reopen(void **state)
{
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    unsigned long n = 0;
    bool changed = false;
    (void)state;
    path_in_tmp(path, sizeof path, "reopen");
    build_small_db(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, &err), DL_OK);
    add_article(w, "e", "late news", "20230101", "X", "c9");
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
    assert_int_equal(dl_db_doccount(db, &n, &err), DL_OK);
    assert_int_equal(n, 4);
    assert_int_equal(dl_db_reopen(db, &changed, &err), DL_OK);
    assert_true(changed);
    assert_int_equal(dl_db_doccount(db, &n, &err), DL_OK);
    assert_int_equal(n, 5);
    dl_db_close(db);
}

static void
second_writer_waits_then_reports_locked(void **state)
{
    dl_wdb *w1 = NULL;
    dl_wdb *w2 = (dl_wdb *)1;
    dl_err err;
    char path[300];
    (void)state;
    path_in_tmp(path, sizeof path, "locked");
    build_small_db(path);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w1, &err), DL_OK);
    assert_int_equal(dl_wdb_open(path, 0, 0.3, &w2, &err), DL_ELOCKED);
    assert_null(w2);
    assert_non_null(strstr(err.msg, path));
    dl_wdb_close(w1);
    assert_int_equal(dl_wdb_open(path, 0, 0.3, &w2, &err), DL_OK);
    dl_wdb_close(w2);
}

static void
corrupt_database_file_is_reported_not_fatal(void **state)
{
    dl_db *db = (dl_db *)1;
    dl_err err;
    char path[300];
    char file[400];
    FILE *f;
    dl_status rc;
    (void)state;
    path_in_tmp(path, sizeof path, "corrupt");
    build_small_db(path);
    snprintf(file, sizeof file, "%s/iamglass", path);
    f = fopen(file, "wb");
    assert_non_null(f);
    fputs("this is not a version file", f);
    fclose(f);
    rc = dl_db_open(path, &db, &err);
    assert_true(rc == DL_ECORRUPT || rc == DL_EXAPIAN);
    assert_null(db);
    assert_true(strlen(err.msg) > 0);
}

static void
search_ranks_sorts_collapses_and_counts_facets(void **state)
{
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    dl_query *q = NULL;
    dl_mset *m = NULL;
    struct dl_search_opts o;
    struct dl_hit hit;
    unsigned long est = 0;
    const char *v;
    size_t len;
    unsigned long count;
    (void)state;
    path_in_tmp(path, sizeof path, "search");
    build_small_db(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_query_term("harvest", 7, 1, 1, &q, &err), DL_OK);

    dl_search_opts_init(&o);
    o.sort = DL_SORT_NEWEST;
    o.sort_slot = DL_SLOT_DATE;
    o.facet_slot = DL_SLOT_SOURCE;
    o.n_facets = 1;
    o.check_at_least = 100;
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 3);
    dl_mset_total(m, NULL, &est, NULL);
    assert_int_equal(est, 3);
    assert_int_equal(dl_mset_hit(m, 0, &hit), DL_OK);
    assert_memory_equal(hit.data, "id=d", 4); /* 2022 is newest */
    assert_int_equal(dl_mset_hit(m, 2, &hit), DL_OK);
    assert_memory_equal(hit.data, "id=a", 4);
    assert_int_equal(dl_mset_hit(m, 3, &hit), DL_EINVAL);
    /* Facets: three sources with one hit each. */
    assert_int_equal(dl_mset_facet(m, 0, 0, &v, &len, &count), DL_OK);
    assert_int_equal(count, 1);
    assert_int_equal(dl_mset_facet(m, 0, 3, &v, &len, &count), DL_DONE);
    dl_mset_free(m);

    /* Collapse: a and b share cluster c1. */
    dl_search_opts_init(&o);
    o.collapse_slot = DL_SLOT_CLUSTER;
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 2);
    {
        unsigned total_collapsed = 0;
        size_t i;
        for (i = 0; i < dl_mset_count(m); i++) {
            assert_int_equal(dl_mset_hit(m, i, &hit), DL_OK);
            total_collapsed += hit.collapse_count;
        }
        assert_int_equal(total_collapsed, 1);
    }
    dl_mset_free(m);
    dl_query_free(q);
    dl_db_close(db);
}

static void
phrase_and_value_range_queries_match_exactly(void **state)
{
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    dl_query *t[2] = {NULL, NULL};
    dl_query *phrase = NULL;
    dl_query *range = NULL;
    dl_query *both[2];
    dl_query *filtered = NULL;
    dl_mset *m = NULL;
    struct dl_search_opts o;
    (void)state;
    path_in_tmp(path, sizeof path, "phrase");
    build_small_db(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_query_term("grain", 5, 1, 1, &t[0], &err), DL_OK);
    assert_int_equal(dl_query_term("harvest", 7, 1, 2, &t[1], &err), DL_OK);
    assert_int_equal(dl_query_combine(DL_QOP_PHRASE, t, 2, 2, &phrase, &err),
                     DL_OK);
    dl_search_opts_init(&o);
    assert_int_equal(dl_search(db, phrase, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 2);
    dl_mset_free(m);
    assert_int_equal(
        dl_query_value_range(DL_SLOT_DATE, "20210101", NULL, &range, &err),
        DL_OK);
    both[0] = phrase;
    both[1] = range;
    assert_int_equal(
        dl_query_combine(DL_QOP_FILTER, both, 2, 0, &filtered, &err), DL_OK);
    assert_int_equal(dl_search(db, filtered, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 1);
    dl_mset_free(m);
    dl_query_free(t[0]);
    dl_query_free(t[1]);
    dl_query_free(phrase);
    dl_query_free(range);
    dl_query_free(filtered);
    dl_db_close(db);
}

static void
wildcard_over_the_cap_is_a_query_error(void **state)
{
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    dl_query *q = NULL;
    dl_mset *m = NULL;
    struct dl_search_opts o;
    (void)state;
    path_in_tmp(path, sizeof path, "wild");
    build_small_db(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    dl_search_opts_init(&o);
    /* "ha" expands to harvest only: fine with a cap of 1. */
    assert_int_equal(dl_query_wildcard("ha", 2, 1, &q, &err), DL_OK);
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 3);
    dl_mset_free(m);
    dl_query_free(q);
    /* "" expands to every term: over a cap of 2. */
    assert_int_equal(dl_query_wildcard("", 0, 2, &q, &err), DL_OK);
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_EQUERY);
    assert_null(m);
    dl_query_free(q);
    dl_db_close(db);
}

/* A deadline already past ends the match on its first document, however
 * fast the machine (deterministic: the thread has used more than 1 ns of
 * CPU); one far ahead changes nothing; the cap on all the wildcards'
 * words together counts across wildcards.  Each ends with DL_EBUDGET and
 * no mset, and the handle serves the next search. */
static void
search_ends_at_its_cpu_deadline_or_wildcard_cap(void **state)
{
    dl_db *db = NULL;
    dl_err err;
    char path[300];
    dl_query *q = NULL;
    dl_query *w[3] = {NULL, NULL, NULL};
    dl_query *any = NULL;
    dl_mset *m = NULL;
    struct dl_search_opts o;
    size_t i;
    (void)state;
    path_in_tmp(path, sizeof path, "budget");
    build_small_db(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_query_term("harvest", 7, 1, 1, &q, &err), DL_OK);
    dl_search_opts_init(&o);
    o.facet_slot = DL_SLOT_SOURCE;
    o.n_facets = 1;
    o.check_at_least = 100;
    o.cpu_deadline = 1e-9;
    m = (dl_mset *)1;
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_EBUDGET);
    assert_null(m);
    assert_non_null(strstr(err.msg, "CPU time"));
    o.cpu_deadline = 1e9;
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 3);
    dl_mset_free(m);

    /* gr*, ha*, re*: one word each, three in all. */
    assert_int_equal(dl_query_wildcard("gr", 2, 10, &w[0], &err), DL_OK);
    assert_int_equal(dl_query_wildcard("ha", 2, 10, &w[1], &err), DL_OK);
    assert_int_equal(dl_query_wildcard("re", 2, 10, &w[2], &err), DL_OK);
    assert_int_equal(dl_query_combine(DL_QOP_OR, w, 3, 0, &any, &err), DL_OK);
    dl_search_opts_init(&o);
    o.max_wildcard_terms = 2;
    assert_int_equal(dl_search(db, any, &o, &m, &err), DL_EBUDGET);
    assert_null(m);
    assert_non_null(strstr(err.msg, "more than 2 words"));
    o.max_wildcard_terms = 3;
    assert_int_equal(dl_search(db, any, &o, &m, &err), DL_OK);
    assert_int_equal(dl_mset_count(m), 3);
    dl_mset_free(m);
    for (i = 0; i < 3; i++)
        dl_query_free(w[i]);
    dl_query_free(any);
    dl_query_free(q);
    dl_db_close(db);
}

static void
compaction_merges_databases(void **state)
{
    char a[300], b[300], dest[300];
    const char *srcs[2];
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_err err;
    unsigned long n = 0;
    (void)state;
    path_in_tmp(a, sizeof a, "part-a");
    path_in_tmp(b, sizeof b, "part-b");
    path_in_tmp(dest, sizeof dest, "merged");
    build_small_db(a);
    /* The second part as a fresh build's worker writes it: without fsync,
     * committed in batches. */
    assert_int_equal(
        dl_wdb_open(b, DL_WDB_CREATE | DL_WDB_NO_SYNC, 0, &w, &err), DL_OK);
    add_article(w, "z", "another story", "20200101", "Y", "c7");
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    add_article(w, "z2", "one more story", "20200102", "Y", "c8");
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
    srcs[0] = a;
    srcs[1] = b;
    assert_int_equal(dl_db_compact(srcs, 2, dest, &err), DL_OK);
    assert_int_equal(dl_db_open(dest, &db, &err), DL_OK);
    assert_int_equal(dl_db_doccount(db, &n, &err), DL_OK);
    assert_int_equal(n, 6);
    assert_int_equal(dl_db_termfreq(db, "story", 5, &n, &err), DL_OK);
    assert_int_equal(n, 2);
    dl_db_close(db);
}

static void
set_value_keeps_terms_and_data(void **state)
{
    char path[300];
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_err err;
    unsigned *ids = NULL;
    size_t n = 0;
    char *v = NULL;
    size_t len = 0;
    unsigned long tf = 0;
    (void)state;
    path_in_tmp(path, sizeof path, "setvalue");
    build_small_db(path);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, &err), DL_OK);
    assert_int_equal(dl_wdb_set_value(w, 3, DL_SLOT_CLUSTER, "k", 1, &err),
                     DL_OK);
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_db_get_value(db, 3, DL_SLOT_CLUSTER, &v, &len, &err),
                     DL_OK);
    assert_string_equal(v, "k");
    dl_free(v);
    assert_int_equal(dl_db_termfreq(db, "budget", 6, &tf, &err), DL_OK);
    assert_int_equal(tf, 1);
    assert_int_equal(dl_db_postlist(db, "budget", 6, &ids, &n, &err), DL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 3);
    dl_free(ids);
    dl_db_close(db);
}

static void
stemmers_exist_for_snowball_languages_and_kazakh(void **state)
{
    dl_stemmer *st = NULL;
    dl_err err;
    const char *out;
    size_t len;
    (void)state;
    assert_int_equal(dl_stemmer_new("en", &st, &err), DL_OK);
    assert_int_equal(dl_stemmer_stem(st, "harvests", 8, &out, &len, &err),
                     DL_OK);
    assert_int_equal(len, 7);
    assert_memory_equal(out, "harvest", 7);
    dl_stemmer_free(st);
    assert_int_equal(dl_stemmer_new("ru", &st, &err), DL_OK);
    dl_stemmer_free(st);
    assert_int_equal(dl_stemmer_new("kk", &st, &err), DL_OK);
    dl_stemmer_free(st);
    assert_int_equal(dl_stemmer_new("pl", &st, &err), DL_ENOENT);
    assert_null(st);
}

/* Keep plain lowercase words, as top words keep their Z terms. */
static bool
keep_plain(void *ctx, const char *term, size_t len)
{
    (void)ctx;
    return len > 0 && term[0] >= 'a' && term[0] <= 'z';
}

/* The expand set computed directly equals Xapian's own get_eset: the same
 * terms, the same weights, in the same order, with a keep rule and the
 * words of a query left out, on documents of different lengths and wdfs. */
static void
direct_expand_set_equals_xapians(void **state)
{
    static const char *const vocab[] = {
        "coffee", "quota", "brazil", "export", "price", "market", "talks",
        "bags",   "ico",   "london", "tea",    "cocoa", "sugar", "grain",
        "wheat",  "oil",   "crude",  "barrel", "opec",  "said"};
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_query *q = NULL;
    dl_eset *a = NULL;
    dl_eset *b = NULL;
    struct dl_expand_opts o;
    unsigned ids[30];
    dl_err err;
    char path[300];
    char words[2048];
    char id[16];
    unsigned seed = 7;
    size_t i;
    (void)state;
    path_in_tmp(path, sizeof path, "expand");
    assert_int_equal(
        dl_wdb_open(path, DL_WDB_CREATE | DL_WDB_OVERWRITE, 0, &w, &err),
        DL_OK);
    for (i = 0; i < 80; i++) {
        size_t len = 5 + (i * 7) % 40;
        size_t k;
        words[0] = '\0';
        for (k = 0; k < len; k++) {
            /* The first 30 documents lean to the first eight words. */
            seed = seed * 1103515245u + 12345u;
            size_t v = (seed >> 8) % (i < 30 && k % 2 == 0 ? 8 : 20);
            snprintf(words + strlen(words), sizeof words - strlen(words),
                     "%s%s", k ? " " : "", vocab[v]);
        }
        snprintf(id, sizeof id, "d%zu", i);
        add_article(w, id, words, "20200101", "S", "c");
    }
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    for (i = 0; i < 30; i++)
        ids[i] = (unsigned)i + 1;
    assert_int_equal(dl_query_term("coffee", 6, 1, 0, &q, &err), DL_OK);
    memset(&o, 0, sizeof o);
    o.max_terms = 12;
    o.keep = keep_plain;
    o.exclude = q;
    assert_int_equal(dl_db_expand_set(db, ids, 30, &o, &a, &err), DL_OK);
    o.xapian = true;
    assert_int_equal(dl_db_expand_set(db, ids, 30, &o, &b, &err), DL_OK);
    assert_true(dl_eset_count(b) >= 5);
    assert_int_equal(dl_eset_count(a), dl_eset_count(b));
    for (i = 0; i < dl_eset_count(a); i++) {
        const char *ta;
        const char *tb;
        size_t la;
        size_t lb;
        double wa;
        double wb;
        assert_int_equal(dl_eset_term(a, i, &ta, &la, &wa), DL_OK);
        assert_int_equal(dl_eset_term(b, i, &tb, &lb, &wb), DL_OK);
        if (la != lb || memcmp(ta, tb, la) != 0 || wa - wb > 1e-9 * wb ||
            wb - wa > 1e-9 * wb)
            fail_msg("term %zu: %.*s %.9f, Xapian %.*s %.9f", i, (int)la, ta,
                     wa, (int)lb, tb, wb);
        assert_false(la == 6 && memcmp(ta, "coffee", 6) == 0);
    }
    assert_int_equal(dl_eset_term(a, dl_eset_count(a), &(const char *){NULL},
                                  &(size_t){0}, &(double){0}),
                     DL_EINVAL);
    dl_eset_free(a);
    dl_eset_free(b);
    dl_query_free(q);
    dl_db_close(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_missing_db_reports_enoent),
        cmocka_unit_test(articles_without_a_cluster_key_are_never_collapsed),
        cmocka_unit_test(created_db_holds_committed_documents),
        cmocka_unit_test(close_without_commit_discards_changes),
        cmocka_unit_test(reader_sees_new_commit_after_reopen),
        cmocka_unit_test(second_writer_waits_then_reports_locked),
        cmocka_unit_test(corrupt_database_file_is_reported_not_fatal),
        cmocka_unit_test(search_ranks_sorts_collapses_and_counts_facets),
        cmocka_unit_test(phrase_and_value_range_queries_match_exactly),
        cmocka_unit_test(wildcard_over_the_cap_is_a_query_error),
        cmocka_unit_test(search_ends_at_its_cpu_deadline_or_wildcard_cap),
        cmocka_unit_test(compaction_merges_databases),
        cmocka_unit_test(set_value_keeps_terms_and_data),
        cmocka_unit_test(stemmers_exist_for_snowball_languages_and_kazakh),
        cmocka_unit_test(direct_expand_set_equals_xapians),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir) ? 1 : 0;
}
