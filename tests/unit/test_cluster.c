/* test_cluster.c - near-duplicate clusters (indexer/cluster.h) on real
 * temporary databases: copies of one story share a key, distinct stories
 * have none, the key does not depend on docids or the order of indexing,
 * re-runs write nothing, and incremental additions and deletions move
 * articles into and out of clusters.
 *
 * Stories are made from a seeded generator over a vocabulary, so every
 * run indexes the same text: no corpus is needed and nothing is random.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cluster.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "docbuild.h"
#include "reader.h"

static char tmpdir[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dl-test-cluster-XXXXXX");
    return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *const vocab[] = {
    "grain",    "harvest", "minister", "budget",  "railway",  "election",
    "council",  "tariff",  "export",   "steppe",  "river",    "bridge",
    "school",   "tram",    "airport",  "bank",    "currency", "drought",
    "wheat",    "barley",  "farmer",   "border",  "court",    "judge",
    "protest",  "reform",  "mayor",    "museum",  "theatre",  "concert",
    "football", "coach",   "season",   "storm",   "flood",    "winter",
    "market",   "trader",  "price",    "fuel",    "coal",     "factory",
    "worker",   "strike",  "salary",   "pension", "road",     "tunnel",
    "port",     "cargo",   "rocket",   "station", "study",    "report",
    "village",  "region",  "district", "capital", "lake",     "forest"};

/* Sentence `s` of story `seed`: 20 words from a generator of its own. */
static void
sentence(dl_buf *body, unsigned long seed, int s)
{
    unsigned long long x =
        (seed * 2654435761ULL + 12345) ^ ((unsigned long long)s << 40);
    int w;
    for (w = 0; w < 20; w++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        if (w > 0)
            dl_buf_putc(body, ' ');
        dl_buf_puts(body, vocab[(x >> 33) % (sizeof vocab / sizeof vocab[0])]);
    }
    dl_buf_puts(body, ". ");
}

/* How an article tells its story: a copy may rewrite one of its ten
 * sentences (edit >= 0) and add an outlet's line at the end. */
struct telling {
    unsigned long seed;
    int edit;          /* sentence rewritten, or -1 */
    const char *extra; /* a line added, or NULL */
};

struct fx {
    dl_wdb *w;
    dl_docbuilder *b;
    dl_doc *doc;
    struct dl_article a;
    dl_buf idt, filet;
};

static void
fx_open(struct fx *f, const char *name)
{
    char path[300];
    dl_err err;
    memset(f, 0, sizeof *f);
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    dl_article_init(&f->a);
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &f->w, &err),
                     DL_OK);
    assert_int_equal(dl_docbuilder_new(&f->b, &err), DL_OK);
    assert_int_equal(dl_doc_new(&f->doc, &err), DL_OK);
}

static void
fx_close(struct fx *f)
{
    dl_doc_free(f->doc);
    dl_docbuilder_free(f->b);
    dl_article_free(&f->a);
    dl_buf_free(&f->idt);
    dl_buf_free(&f->filet);
    dl_wdb_close(f->w);
}

/* Index the article at path telling t. */
static void
fx_add(struct fx *f, const char *path, const struct telling *t)
{
    struct dl_docbuild_input in;
    dl_err err;
    int s;
    dl_article_reset(&f->a);
    dl_buf_printf(&f->a.title, "Story %lu from %s", t->seed, path);
    for (s = 0; s < 10; s++)
        sentence(&f->a.body, s == t->edit ? t->seed + 1000003 : t->seed, s);
    if (t->extra != NULL) {
        dl_buf_putc(&f->a.body, '\n');
        dl_buf_puts(&f->a.body, t->extra);
    }
    dl_buf_puts(&f->a.lang, "en");
    memset(&in, 0, sizeof in);
    in.a = &f->a;
    in.path = path;
    assert_int_equal(
        dl_docbuild(f->b, &in, f->doc, &f->idt, &f->filet, NULL, &err), DL_OK);
    assert_int_equal(
        dl_wdb_replace(f->w, f->idt.data, f->idt.len, f->doc, &err), DL_OK);
}

/* Delete the article at path (its "Q" term, dl_schema.h). */
static void
fx_delete(struct fx *f, const char *path)
{
    dl_buf term = DL_BUF_INIT;
    dl_err err;
    assert_int_equal(dl_schema_term(&term, DL_PREFIX_ID, path, strlen(path)),
                     DL_OK);
    assert_int_equal(dl_wdb_delete_term(f->w, term.data, term.len, &err),
                     DL_OK);
    dl_buf_free(&term);
}

static struct dl_cluster_stats
fx_cluster(struct fx *f)
{
    struct dl_cluster_stats cs;
    dl_err err;
    memset(&cs, 0xff, sizeof cs);
    assert_int_equal(dl_cluster_update(f->w, &cs, &err), DL_OK);
    assert_int_equal(dl_wdb_commit(f->w, &err), DL_OK);
    return cs;
}

/* The cluster keys by docid ("" for none), docids 1..KEYS_MAX-1. */
#define KEYS_MAX 16
struct keys {
    char v[KEYS_MAX][20];
};

static int
on_key(void *ctx, unsigned docid, const char *value, size_t len)
{
    struct keys *k = ctx;
    if (docid < KEYS_MAX && len < sizeof k->v[0]) {
        memcpy(k->v[docid], value, len);
        k->v[docid][len] = '\0';
    }
    return 0;
}

static void
fx_keys(struct fx *f, struct keys *k)
{
    dl_err err;
    memset(k, 0, sizeof *k);
    assert_int_equal(dl_wdb_values(f->w, DL_SLOT_CLUSTER, on_key, k, &err),
                     DL_OK);
}

static const struct telling story_a = {11, -1, NULL};
static const struct telling copy_a = {11, 4, "Reporting by the wire desk."};
static const struct telling copy_a2 = {11, 7, "Editing by the night desk."};
static const struct telling story_b = {22, -1, NULL};
static const struct telling story_c = {33, -1, NULL};
/* Story B and C share their grammar and vocabulary with A, not their
 * sentences: the pairs are as far apart as two real stories. */

static void
near_duplicates_share_a_key_distinct_stories_have_none(void **state)
{
    struct fx f;
    struct keys k;
    struct dl_cluster_stats cs;
    (void)state;
    fx_open(&f, "basic");
    fx_add(&f, "a.txt", &story_a);     /* docid 1 */
    fx_add(&f, "b.txt", &story_b);     /* 2 */
    fx_add(&f, "a-copy.txt", &copy_a); /* 3 */
    fx_add(&f, "c.txt", &story_c);     /* 4 */
    cs = fx_cluster(&f);
    assert_int_equal(cs.documents, 4);
    assert_int_equal(cs.clusters, 1);
    assert_int_equal(cs.clustered, 2);
    fx_keys(&f, &k);
    assert_int_equal(strlen(k.v[1]), 16);
    assert_string_equal(k.v[1], k.v[3]);
    assert_string_equal(k.v[2], "");
    assert_string_equal(k.v[4], "");
    /* A re-run over the unchanged database writes nothing. */
    cs = fx_cluster(&f);
    assert_int_equal(cs.rewritten, 0);
    assert_int_equal(cs.clusters, 1);
    fx_close(&f);
}

static void
key_depends_on_neither_docids_nor_order(void **state)
{
    struct fx f, g;
    struct keys kf, kg;
    (void)state;
    fx_open(&f, "order1");
    fx_add(&f, "a.txt", &story_a);     /* 1 */
    fx_add(&f, "a-copy.txt", &copy_a); /* 2 */
    fx_add(&f, "b.txt", &story_b);     /* 3 */
    fx_cluster(&f);
    fx_keys(&f, &kf);
    fx_open(&g, "order2");
    fx_add(&g, "b.txt", &story_b);     /* 1 */
    fx_add(&g, "a-copy.txt", &copy_a); /* 2 */
    fx_add(&g, "a.txt", &story_a);     /* 3 */
    fx_cluster(&g);
    fx_keys(&g, &kg);
    assert_int_equal(strlen(kf.v[1]), 16);
    assert_string_equal(kf.v[1], kg.v[3]);
    assert_string_equal(kf.v[2], kg.v[2]);
    assert_string_equal(kf.v[3], "");
    assert_string_equal(kg.v[1], "");
    fx_close(&f);
    fx_close(&g);
}

static void
incremental_runs_join_new_copies_and_drop_lone_ones(void **state)
{
    struct fx f;
    struct keys k;
    struct dl_cluster_stats cs;
    (void)state;
    fx_open(&f, "incremental");
    fx_add(&f, "a.txt", &story_a); /* 1 */
    fx_add(&f, "b.txt", &story_b); /* 2 */
    cs = fx_cluster(&f);
    assert_int_equal(cs.clusters, 0);
    fx_keys(&f, &k);
    assert_string_equal(k.v[1], "");

    /* A later run adds two copies of A: all three become one story. */
    fx_add(&f, "a-copy.txt", &copy_a);   /* 3 */
    fx_add(&f, "a-copy2.txt", &copy_a2); /* 4 */
    cs = fx_cluster(&f);
    assert_int_equal(cs.clusters, 1);
    assert_int_equal(cs.clustered, 3);
    assert_int_equal(cs.rewritten, 3);
    fx_keys(&f, &k);
    assert_int_equal(strlen(k.v[1]), 16);
    assert_string_equal(k.v[1], k.v[3]);
    assert_string_equal(k.v[1], k.v[4]);
    assert_string_equal(k.v[2], "");

    /* One copy goes: the other two stay one story. */
    fx_delete(&f, "a-copy.txt");
    cs = fx_cluster(&f);
    assert_int_equal(cs.documents, 3);
    assert_int_equal(cs.clusters, 1);
    assert_int_equal(cs.clustered, 2);
    fx_keys(&f, &k);
    assert_int_equal(strlen(k.v[1]), 16);
    assert_string_equal(k.v[1], k.v[4]);

    /* The last copy goes: the story is alone again and loses its key. */
    fx_delete(&f, "a-copy2.txt");
    cs = fx_cluster(&f);
    assert_int_equal(cs.clusters, 0);
    assert_int_equal(cs.rewritten, 1);
    fx_keys(&f, &k);
    assert_string_equal(k.v[1], "");
    fx_close(&f);
}

static void
shards_taken_together_give_one_key(void **state)
{
    struct fx f, g, one;
    struct keys kf, kg, k1;
    struct dl_cluster_stats cs;
    dl_wdb *w[2];
    dl_err err;
    (void)state;
    fx_open(&f, "shard0");
    fx_open(&g, "shard1");
    fx_add(&f, "a.txt", &story_a);     /* shard 0, docid 1 */
    fx_add(&f, "b.txt", &story_b);     /* shard 0, docid 2 */
    fx_add(&g, "a-copy.txt", &copy_a); /* shard 1, docid 1 */
    w[0] = f.w;
    w[1] = g.w;
    assert_int_equal(dl_cluster_update_multi(w, 2, 0, &cs, &err), DL_OK);
    assert_int_equal(cs.documents, 3);
    assert_int_equal(cs.clusters, 1);
    fx_keys(&f, &kf);
    fx_keys(&g, &kg);
    assert_int_equal(strlen(kf.v[1]), 16);
    assert_string_equal(kf.v[1], kg.v[1]);
    assert_string_equal(kf.v[2], "");
    /* The same key as one database holding both. */
    fx_open(&one, "single");
    fx_add(&one, "a.txt", &story_a);
    fx_add(&one, "a-copy.txt", &copy_a);
    fx_cluster(&one);
    fx_keys(&one, &k1);
    assert_string_equal(k1.v[1], kf.v[1]);
    fx_close(&f);
    fx_close(&g);
    fx_close(&one);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            near_duplicates_share_a_key_distinct_stories_have_none),
        cmocka_unit_test(key_depends_on_neither_docids_nor_order),
        cmocka_unit_test(incremental_runs_join_new_copies_and_drop_lone_ones),
        cmocka_unit_test(shards_taken_together_give_one_key),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
