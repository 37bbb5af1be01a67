/* test_shard.c - shard routing, the stub file and clusters across shards.
 *
 * Routing must never change between releases (a re-run must find the shard
 * a file went to), so the hash test pins actual values.  The stub is
 * checked by opening it with Xapian, and the cross-shard clustering by
 * giving two shards the same story.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cluster.h"
#include "dl_alloc.h"
#include "dl_hash.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "shard.h"

static char tmpdir[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/dl-test-shard-XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
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

static void
year_comes_from_the_last_year_component(void **state)
{
    static const struct {
        const char *path, *want;
    } cases[] = {
        {"news/2020/11/13/story.txt", "y2020"},
        {"/archive/2019/reuters/2021/01/x.html", "y2021"},
        {"feeds/2019-05.jsonl", "y2019"},
        {"feeds/1998_wire.txt.gz", "y1998"},
        {"2007/a.txt", "y2007"},
        {"news/x2020/a.txt", "undated"},
        {"news/20201/a.txt", "undated"},
        {"news/1800/a.txt", "undated"},
        {"news/story-2020.txt", "undated"},
        {"plain.txt", "undated"},
        {"", "undated"},
    };
    char out[8];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_shard_year_of_path(cases[i].path, out);
        assert_string_equal(out, cases[i].want);
    }
}

static void
hash_route_is_fixed_and_spreads(void **state)
{
    unsigned count[4] = {0, 0, 0, 0};
    char path[64];
    unsigned i;
    (void)state;
    /* dl_hash64 of the path mod n: these must never change.  (dl_hash64
     * is FNV-1a with its own offset basis, 1469598103934665603.) */
    assert_int_equal(dl_hash64("a", 1), 0x44bd8ad473cd9906ULL);
    assert_int_equal(dl_shard_of_path("corpus/a.txt", 1), 0);
    assert_int_equal(dl_shard_of_path("corpus/a.txt", 3), 2);
    assert_int_equal(dl_shard_of_path("corpus/a.txt", 4), 1);
    for (i = 0; i < 400; i++) {
        snprintf(path, sizeof path, "news/2020/%03u.txt", i);
        count[dl_shard_of_path(path, 4)]++;
    }
    for (i = 0; i < 4; i++)
        assert_in_range(count[i], 60, 140);
}

/* A database at path with one document per signature (slot 5 only). */
static void
make_db(const char *path, const unsigned sig[][DL_MINHASH_K], size_t n)
{
    dl_wdb *w = NULL;
    dl_doc *d = NULL;
    unsigned char raw[4 * DL_MINHASH_K];
    size_t i;
    int k;
    assert_int_equal(dl_wdb_open(path, DL_WDB_CREATE, 0, &w, NULL), DL_OK);
    assert_int_equal(dl_doc_new(&d, NULL), DL_OK);
    for (i = 0; i < n; i++) {
        dl_doc_clear(d);
        for (k = 0; k < DL_MINHASH_K; k++) {
            raw[4 * k] = (unsigned char)(sig[i][k] & 0xff);
            raw[4 * k + 1] = (unsigned char)(sig[i][k] >> 8 & 0xff);
            raw[4 * k + 2] = (unsigned char)(sig[i][k] >> 16 & 0xff);
            raw[4 * k + 3] = (unsigned char)(sig[i][k] >> 24 & 0xff);
        }
        assert_int_equal(dl_doc_add_term(d, "x", 1, 1, NULL), DL_OK);
        assert_int_equal(
            dl_doc_set_value(d, DL_SLOT_MINHASH, (char *)raw, sizeof raw, NULL),
            DL_OK);
        assert_int_equal(dl_wdb_add(w, d, NULL, NULL), DL_OK);
    }
    assert_int_equal(dl_wdb_commit(w, NULL), DL_OK);
    dl_doc_free(d);
    dl_wdb_close(w);
}

static void
same_story_in_two_shards_gets_one_cluster_key(void **state)
{
    static unsigned a[2][DL_MINHASH_K], b[1][DL_MINHASH_K];
    char pa[300], pb[300], stub[300];
    const char *lines[2] = {"auto a", "auto b"};
    dl_wdb *w[2] = {NULL, NULL};
    dl_db *db = NULL;
    struct dl_cluster_stats st;
    char *v1 = NULL, *v2 = NULL, *v3 = NULL;
    size_t l1, l2, l3;
    unsigned long n = 0;
    int k;
    (void)state;
    for (k = 0; k < DL_MINHASH_K; k++) {
        a[0][k] = 1000u + (unsigned)k;      /* the story */
        a[1][k] = 5000u + 7u * (unsigned)k; /* something else */
        b[0][k] = k < 12 ? a[0][k] : 9999u; /* the story, reworded */
    }
    /* 11 of 16 values agree; b's copy has the smaller leading pair. */
    a[0][0] = 2000u;
    b[0][0] = 1500u;
    snprintf(pa, sizeof pa, "%s/a", tmpdir);
    snprintf(pb, sizeof pb, "%s/b", tmpdir);
    make_db(pa, (const unsigned(*)[DL_MINHASH_K])a, 2);
    make_db(pb, (const unsigned(*)[DL_MINHASH_K])b, 1);

    assert_int_equal(dl_wdb_open(pa, 0, 0, &w[0], NULL), DL_OK);
    assert_int_equal(dl_wdb_open(pb, 0, 0, &w[1], NULL), DL_OK);
    assert_int_equal(dl_cluster_update_multi(w, 2, 0, &st, NULL), DL_OK);
    assert_int_equal(st.documents, 3);
    assert_int_equal(st.clusters, 1);
    assert_int_equal(st.clustered, 2);
    assert_int_equal(dl_wdb_commit(w[0], NULL), DL_OK);
    assert_int_equal(dl_wdb_commit(w[1], NULL), DL_OK);
    dl_wdb_close(w[0]);
    dl_wdb_close(w[1]);

    /* The stub names both; opened as one database, docids interleave:
     * a#1 -> 1, b#1 -> 2, a#2 -> 3. */
    snprintf(stub, sizeof stub, "%s/%s", tmpdir, DL_SHARD_STUB);
    assert_int_equal(dl_shard_write_stub(stub, lines, 2, NULL), DL_OK);
    assert_int_equal(dl_db_open(tmpdir, &db, NULL), DL_OK);
    assert_int_equal(dl_db_doccount(db, &n, NULL), DL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(dl_db_get_value(db, 1, DL_SLOT_CLUSTER, &v1, &l1, NULL),
                     DL_OK);
    assert_int_equal(dl_db_get_value(db, 2, DL_SLOT_CLUSTER, &v2, &l2, NULL),
                     DL_OK);
    assert_int_equal(dl_db_get_value(db, 3, DL_SLOT_CLUSTER, &v3, &l3, NULL),
                     DL_OK);
    assert_int_equal(l1, 16);
    assert_string_equal(v1, v2);                 /* one key across the shards */
    assert_string_equal(v1, "000005dc000003e9"); /* 1500, 1001: b's */
    assert_string_not_equal(v1, v3);
    dl_free(v1);
    dl_free(v2);
    dl_free(v3);
    dl_db_close(db);
}

/* Two copies of one story in a database at dir/name; run the cluster pass
 * with commit_every, then, before the caller commits, return the length of
 * each copy's key as a reader sees it (len[0], len[1]). */
static void
keys_seen_before_commit(const char *name, unsigned long commit_every,
                        size_t len[2])
{
    static unsigned sig[2][DL_MINHASH_K];
    char path[300];
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    struct dl_cluster_stats st;
    unsigned docid;
    int k;
    for (k = 0; k < DL_MINHASH_K; k++)
        sig[0][k] = sig[1][k] = 300u + (unsigned)k;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    make_db(path, (const unsigned(*)[DL_MINHASH_K])sig, 2);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, NULL), DL_OK);
    assert_int_equal(dl_cluster_update_multi(&w, 1, commit_every, &st, NULL),
                     DL_OK);
    assert_int_equal(st.rewritten, 2);
    assert_int_equal(dl_db_open(path, &db, NULL), DL_OK);
    for (docid = 1; docid <= 2; docid++) {
        char *v = NULL;
        assert_int_equal(dl_db_get_value(db, docid, DL_SLOT_CLUSTER, &v,
                                         &len[docid - 1], NULL),
                         DL_OK);
        dl_free(v);
    }
    dl_db_close(db);
    dl_wdb_close(w); /* what was not committed is dropped */
}

/* commit_every: the keys are committed as the pass goes, so a reader sees
 * them although the caller never commits; with 0 it sees none. */
static void
cluster_pass_commits_as_it_goes_when_asked(void **state)
{
    size_t len[2];
    (void)state;
    keys_seen_before_commit("lazy", 0, len);
    assert_int_equal(len[0], 0);
    assert_int_equal(len[1], 0);
    keys_seen_before_commit("eager", 1, len);
    assert_int_equal(len[0], 16);
    assert_int_equal(len[1], 16);
}

static void
stub_write_fails_cleanly_in_a_missing_directory(void **state)
{
    char stub[300];
    const char *lines[1] = {"auto a"};
    dl_err err;
    (void)state;
    snprintf(stub, sizeof stub, "%s/no/such/dir/XAPIANDB", tmpdir);
    assert_int_equal(dl_shard_write_stub(stub, lines, 1, &err), DL_EIO);
    assert_non_null(strstr(err.msg, "no/such/dir"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_comes_from_the_last_year_component),
        cmocka_unit_test(hash_route_is_fixed_and_spreads),
        cmocka_unit_test(same_story_in_two_shards_gets_one_cluster_key),
        cmocka_unit_test(cluster_pass_commits_as_it_goes_when_asked),
        cmocka_unit_test(stub_write_fails_cleanly_in_a_missing_directory),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
