/* test_boiler.c - boilerplate learned per source (indexer/boilerplate.h,
 * boiler_pass.h, restore.h, common/dl_boiler.h): the rule at its edges,
 * per source, per story; the values; rebuilding from the stored form; on
 * real temporary databases. */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "boiler_pass.h"
#include "boilerplate.h"
#include "cluster.h"
#include "dl_alloc.h"
#include "dl_boiler.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "docbuild.h"
#include "reader.h"
#include "restore.h"

static char tmpdir[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dl-test-boiler-XXXXXX");
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

/* ---- the rule and the values ------------------------------------------- */

static void
threshold_is_five_stories_or_two_percent(void **state)
{
    (void)state;
    assert_int_equal(dl_boiler_threshold(0), 5);
    assert_int_equal(dl_boiler_threshold(5), 5);
    assert_int_equal(dl_boiler_threshold(250), 5); /* 2% = 5 */
    assert_int_equal(dl_boiler_threshold(251), 6); /* 5.02: rounded up */
    assert_int_equal(dl_boiler_threshold(300), 6);
    assert_int_equal(dl_boiler_threshold(1000), 20);
    assert_int_equal(dl_boiler_threshold(19043), 381);
    /* No overflow on any count. */
    assert_true(dl_boiler_threshold(ULONG_MAX) >= ULONG_MAX / 100 * 2);
}

static void
marks_round_trip_and_strip_their_paragraphs(void **state)
{
    unsigned long idx[] = {0, 2, 200, 70000};
    unsigned long got[8];
    size_t n = 0;
    unsigned long v;
    struct dl_boiler_marks m;
    dl_buf val = DL_BUF_INIT;
    dl_buf body = DL_BUF_INIT;
    unsigned long bad[] = {3, 1};
    (void)state;

    assert_int_equal(dl_boiler_marks_put(idx, 4, &val), DL_OK);
    dl_boiler_marks_init(&m, val.data, val.len);
    while (n < 8 && dl_boiler_marks_next(&m, &v))
        got[n++] = v;
    assert_int_equal(n, 4);
    assert_memory_equal(got, idx, sizeof idx);
    assert_int_equal(dl_boiler_marks_put(bad, 2, &val), DL_EINVAL);

    /* First and middle paragraphs out; a mark past the end ignored. */
    dl_buf_puts(&body, "Header line.\nStory one.\nSign up now!\nStory two.");
    dl_boiler_strip(&body, val.data, val.len);
    assert_string_equal(body.data, "Story one.\nStory two.");
    /* The last paragraph out leaves no separator behind. */
    dl_buf_reset(&val);
    idx[0] = 1;
    assert_int_equal(dl_boiler_marks_put(idx, 1, &val), DL_OK);
    dl_boiler_strip(&body, val.data, val.len);
    assert_string_equal(body.data, "Story one.");
    /* A damaged value (a varint cut short) marks nothing more. */
    dl_buf_reset(&body);
    dl_buf_puts(&body, "a\nb");
    dl_boiler_strip(&body, "\x80", 1);
    assert_string_equal(body.data, "a\nb");
    dl_buf_free(&val);
    dl_buf_free(&body);
}

static void
paragraph_values_keep_head_and_tail_of_long_articles(void **state)
{
    unsigned h[DL_BOILER_HEAD + DL_BOILER_TAIL];
    struct dl_paras p;
    dl_buf v = DL_BUF_INIT;
    size_t i;
    (void)state;
    for (i = 0; i < DL_BOILER_HEAD + DL_BOILER_TAIL; i++)
        h[i] = (unsigned)i + 1;
    /* Short: every paragraph, in order. */
    assert_int_equal(dl_paras_put(77, 3, h, 3, &v), DL_OK);
    assert_true(dl_paras_get(v.data, v.len, &p));
    assert_int_equal(p.n, 3);
    assert_int_equal(p.source, 77);
    assert_int_equal(p.n_h, 3);
    assert_int_equal(dl_paras_hash(&p, 2), 3);
    assert_int_equal(dl_paras_index(&p, 2), 2);
    /* 1000 paragraphs: the first 192 and the last 64. */
    assert_int_equal(dl_paras_put(77, 1000, h, 256, &v), DL_OK);
    assert_true(dl_paras_get(v.data, v.len, &p));
    assert_int_equal(p.n_h, 256);
    assert_int_equal(dl_paras_index(&p, 191), 191);
    assert_int_equal(dl_paras_index(&p, 192), 936);
    assert_int_equal(dl_paras_index(&p, 255), 999);
    assert_true(dl_boiler_hashed(1000, 191));
    assert_false(dl_boiler_hashed(1000, 500));
    assert_true(dl_boiler_hashed(1000, 936));
    /* The wrong number of hashes, a truncated value: refused. */
    assert_int_equal(dl_paras_put(77, 1000, h, 255, &v), DL_EINVAL);
    assert_int_equal(dl_paras_put(77, 3, h, 3, &v), DL_OK);
    assert_false(dl_paras_get(v.data, v.len - 1, &p));
    dl_buf_free(&v);
}

static void
guesses_learn_a_source_footer_after_five_articles(void **state)
{
    dl_boiler *b = NULL;
    dl_err err;
    unsigned set[] = {42};
    int i;
    (void)state;
    assert_int_equal(dl_boiler_new(true, &b, &err), DL_OK);
    for (i = 1; i <= 5; i++) {
        dl_boiler_article(b, 1);
        dl_boiler_article(b, 2);
        /* Source 2 has the paragraph once only: never learned there. */
        assert_false(dl_boiler_judge(b, 2, 99, i == 1));
        /* The fifth article of source 1 reaches the threshold. */
        assert_int_equal(dl_boiler_judge(b, 1, 99, true), i == 5);
    }
    /* A repeat inside one article does not count again. */
    dl_boiler_article(b, 3);
    for (i = 0; i < 6; i++)
        assert_false(dl_boiler_judge(b, 3, 7, i == 0));
    /* A fixed set judges by the set alone. */
    dl_boiler_free(b);
    assert_int_equal(dl_boiler_new(false, &b, &err), DL_OK);
    assert_int_equal(dl_boiler_set(b, 1, 100, set, 1, &err), DL_OK);
    for (i = 0; i < 10; i++) {
        dl_boiler_article(b, 1);
        assert_false(dl_boiler_judge(b, 1, 99, true));
    }
    assert_true(dl_boiler_judge(b, 1, 42, true));
    assert_false(dl_boiler_judge(b, 2, 42, true));
    assert_true(dl_boiler_has(b, 1, 42));
    dl_boiler_free(b);
}

/* ---- the pass on a database --------------------------------------------- */

static const char *const vocab[] = {
    "grain",    "harvest",  "minister", "budget",   "railway", "election",
    "council",  "tariff",   "export",   "pipeline", "steppe",  "river",
    "bridge",   "school",   "hospital", "tram",     "airport", "bank",
    "currency", "drought",  "wheat",    "barley",   "farmer",  "border",
    "court",    "judge",    "protest",  "reform",   "mayor",   "festival",
    "museum",   "theatre",  "concert",  "football", "coach",   "season",
    "storm",    "flood",    "winter",   "summer",   "market",  "trader",
    "price",    "fuel",     "coal",     "factory",  "worker",  "strike",
    "salary",   "pension",  "road",     "tunnel",   "port",    "cargo",
    "rocket",   "station",  "study",    "report",   "survey",  "police",
    "village",  "region",   "district", "province", "capital", "lake",
    "forest",   "mountain", "desert",   "valley",   "island",  "coast"};

/* A story of its own (seeded): three paragraphs of 30 words. */
static void
story(dl_buf *body, unsigned long seed)
{
    unsigned long long x = seed * 2654435761ULL + 12345;
    int p, w;
    for (p = 0; p < 3; p++) {
        if (p > 0)
            dl_buf_putc(body, '\n');
        for (w = 0; w < 30; w++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            if (w > 0)
                dl_buf_putc(body, ' ');
            dl_buf_puts(body,
                        vocab[(x >> 33) % (sizeof vocab / sizeof vocab[0])]);
        }
        dl_buf_putc(body, '.');
    }
}

struct fx {
    dl_wdb *w;
    dl_docbuilder *b;
    dl_doc *doc;
    struct dl_article a;
    dl_buf idt, filet;
    unsigned long seq; /* paths */
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

/* One article of source: head paragraph (or NULL), story `seed`, tail
 * paragraph (or NULL).  Built with nothing left out (no guesses). */
static void
fx_add(struct fx *f, const char *source, const char *head, unsigned long seed,
       const char *tail)
{
    struct dl_docbuild_input in;
    char path[64];
    dl_err err;
    dl_article_reset(&f->a);
    snprintf(path, sizeof path, "a/%lu.txt", ++f->seq);
    dl_buf_printf(&f->a.title, "Story %lu", seed);
    if (head != NULL) {
        dl_buf_puts(&f->a.body, head);
        dl_buf_putc(&f->a.body, '\n');
    }
    story(&f->a.body, seed);
    if (tail != NULL) {
        dl_buf_putc(&f->a.body, '\n');
        dl_buf_puts(&f->a.body, tail);
    }
    dl_buf_puts(&f->a.source, source);
    dl_buf_puts(&f->a.lang, "en");
    memset(&in, 0, sizeof in);
    in.a = &f->a;
    in.path = path;
    assert_int_equal(
        dl_docbuild(f->b, &in, f->doc, &f->idt, &f->filet, NULL, &err), DL_OK);
    assert_int_equal(
        dl_wdb_replace(f->w, f->idt.data, f->idt.len, f->doc, &err), DL_OK);
}

/* Clusters, then the boilerplate pass, then commit. */
static struct dl_boiler_stats
fx_finish(struct fx *f, size_t pass_bytes)
{
    struct dl_boiler_pass_opts o;
    struct dl_boiler_stats st;
    struct dl_cluster_stats cs;
    struct dl_read_opts ropts;
    dl_err err;
    dl_read_opts_init(&ropts);
    memset(&o, 0, sizeof o);
    o.batch = 100;
    o.batch_terms = 100000;
    o.ropts = &ropts;
    o.pass_bytes = pass_bytes;
    assert_int_equal(dl_wdb_commit(f->w, &err), DL_OK);
    assert_int_equal(dl_cluster_update(f->w, &cs, &err), DL_OK);
    assert_int_equal(dl_boiler_update(&f->w, 1, &o, &st, &err), DL_OK);
    assert_int_equal(dl_cluster_update(f->w, &cs, &err), DL_OK);
    assert_int_equal(dl_wdb_commit(f->w, &err), DL_OK);
    return st;
}

static unsigned long
fx_tf(struct fx *f, const char *term)
{
    dl_db *db = NULL;
    unsigned long n = 0;
    dl_err err;
    assert_int_equal(dl_wdb_reader(f->w, &db, &err), DL_OK);
    assert_int_equal(dl_db_termfreq(db, term, strlen(term), &n, &err), DL_OK);
    dl_db_close(db);
    return n;
}

static void
rule_counts_stories_per_source(void **state)
{
    struct fx f;
    struct dl_boiler_stats st;
    unsigned long seed = 1000;
    int i;
    (void)state;
    fx_open(&f, "rule");
    /* Exactly 5 stories with a footer: learned; 4 of 14: not. */
    for (i = 0; i < 5; i++)
        fx_add(&f, "Five", NULL, seed++, "Five footer quokka.");
    for (i = 0; i < 14; i++)
        fx_add(&f, "Four", NULL, seed++, i < 4 ? "Four footer wombat." : NULL);
    /* 300 stories: 2% is 6 (5 is below it). */
    for (i = 0; i < 300; i++)
        fx_add(&f, "Big", i < 6 ? "Big six numbat." : NULL, seed++,
               i >= 100 && i < 105 ? "Big five dingo." : NULL);
    /* The same paragraph 4 times in each of two sources: per source. */
    for (i = 0; i < 6; i++) {
        fx_add(&f, "North", NULL, seed++, i < 4 ? "Shared platypus." : NULL);
        fx_add(&f, "South", NULL, seed++, i < 4 ? "Shared platypus." : NULL);
    }
    /* A wire story's sentence once in each of six sources. */
    for (i = 0; i < 30; i++)
        fx_add(&f,
               i % 6 == 0   ? "W1"
               : i % 6 == 1 ? "W2"
               : i % 6 == 2 ? "W3"
               : i % 6 == 3 ? "W4"
               : i % 6 == 4 ? "W5"
                            : "W6",
               i < 6 ? "The wire reports an echidna sighting at dawn." : NULL,
               seed++, NULL);
    /* Five versions of one story (updates) and five others: one story. */
    for (i = 0; i < 5; i++)
        fx_add(&f, "Updates", "Kookaburra lead of the updated story.", 424242,
               NULL);
    for (i = 0; i < 5; i++)
        fx_add(&f, "Updates", NULL, seed++, NULL);

    st = fx_finish(&f, 64); /* a tiny budget: many reads, same result */
    assert_true(st.reads > 2);
    assert_int_equal(st.learned, 2); /* quokka and numbat */
    assert_int_equal(fx_tf(&f, "quokka"), 0);
    assert_int_equal(fx_tf(&f, "Zquokka"), 0);
    assert_int_equal(fx_tf(&f, "wombat"), 4);
    assert_int_equal(fx_tf(&f, "numbat"), 0);
    assert_int_equal(fx_tf(&f, "dingo"), 5);
    assert_int_equal(fx_tf(&f, "platypus"), 8);
    assert_int_equal(fx_tf(&f, "echidna"), 6);
    assert_int_equal(fx_tf(&f, "kookaburra"), 5);
    assert_int_equal(st.rebuilt, 11);
    /* Nothing to do a second time. */
    st = fx_finish(&f, 0);
    assert_int_equal(st.reads, 2);
    assert_int_equal(st.rebuilt, 0);
    assert_int_equal(st.learned, 2);
    fx_close(&f);
}

static void
deleting_articles_brings_words_back(void **state)
{
    struct fx f;
    struct dl_boiler_stats st;
    dl_err err;
    int i;
    (void)state;
    fx_open(&f, "delete");
    for (i = 0; i < 5; i++)
        fx_add(&f, "Five", NULL, 5000 + (unsigned long)i,
               "Five footer quokka.");
    st = fx_finish(&f, 0);
    assert_int_equal(st.rebuilt, 5);
    assert_int_equal(fx_tf(&f, "quokka"), 0);
    /* Four left: below the threshold, the footer is text again. */
    assert_int_equal(dl_wdb_delete_term(f.w, "Qa/1.txt", 8, &err), DL_OK);
    st = fx_finish(&f, 0);
    assert_int_equal(st.learned, 0);
    assert_int_equal(st.rebuilt, 4);
    assert_int_equal(fx_tf(&f, "quokka"), 4);
    fx_close(&f);
}

/* Value slot of a document of f's database, compared with another's. */
static bool
fx_same_value(struct fx *f, unsigned x, unsigned y, unsigned slot)
{
    char *va = NULL, *vb = NULL;
    size_t la = 0, lb = 0;
    bool same;
    dl_err err;
    assert_int_equal(dl_wdb_get_value(f->w, x, slot, &va, &la, &err), DL_OK);
    assert_int_equal(dl_wdb_get_value(f->w, y, slot, &vb, &lb, &err), DL_OK);
    same = la == lb && la > 0 && memcmp(va, vb, la) == 0;
    dl_free(va);
    dl_free(vb);
    return same;
}

static void
signatures_leave_the_learned_paragraphs_out(void **state)
{
    struct fx f;
    struct dl_boiler_stats st;
    int i;
    (void)state;
    fx_open(&f, "signatures");
    /* Docids 1..6: the site's stories, each with its header and footer;
     * 7: story 1 as another outlet runs it, bare; 8: story 2 bare. */
    for (i = 0; i < 6; i++)
        fx_add(&f, "Site", "Site header line of the quoll.", 7000 + (unsigned)i,
               "Site footer: follow the quoll on every network.");
    fx_add(&f, "Other", NULL, 7000, NULL);
    fx_add(&f, "Other", NULL, 7001, NULL);
    /* Before the pass (nothing learned yet) the signatures differ. */
    assert_false(fx_same_value(&f, 1, 7, DL_SLOT_MINHASH));
    st = fx_finish(&f, 0);
    assert_int_equal(st.learned, 2);
    assert_int_equal(st.rebuilt, 6);
    /* After it, the site's copy of a story signs as the bare copy: its
     * MinHash leaves the header and footer out, and the two copies are
     * one near-duplicate cluster. */
    assert_true(fx_same_value(&f, 1, 7, DL_SLOT_MINHASH));
    assert_true(fx_same_value(&f, 2, 8, DL_SLOT_MINHASH));
    assert_true(fx_same_value(&f, 1, 7, DL_SLOT_CLUSTER));
    assert_false(fx_same_value(&f, 1, 2, DL_SLOT_MINHASH));
    /* The stored body keeps the lines, the document marks them. */
    assert_true(fx_same_value(&f, 1, 2, DL_SLOT_BOILER));
    assert_false(fx_same_value(&f, 1, 7, DL_SLOT_BODY));
    assert_int_equal(fx_tf(&f, "quoll"), 0);
    fx_close(&f);
}

/* ---- rebuilding from the stored form ------------------------------------ */

struct reader_fx {
    struct fx *f;
    const char *path;
    const char *folder;
    const char *group;
};

static dl_status
emit_add(void *ctx, struct dl_article *a)
{
    struct reader_fx *r = ctx;
    struct dl_docbuild_input in;
    dl_err err;
    memset(&in, 0, sizeof in);
    in.a = a;
    in.path = r->path;
    in.folder_source = r->folder;
    in.group = r->group;
    assert_int_equal(dl_docbuild(r->f->b, &in, r->f->doc, &r->f->idt,
                                 &r->f->filet, NULL, &err),
                     DL_OK);
    assert_int_equal(dl_wdb_add(r->f->w, r->f->doc, NULL, &err), DL_OK);
    return DL_OK;
}

static void
write_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    fclose(fp);
}

static void
index_file(struct fx *f, const char *rel, const char *text, const char *folder)
{
    char path[512];
    char dir[600];
    struct reader_fx r;
    struct dl_read_opts ro;
    dl_err err;
    char *slash;
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    snprintf(dir, sizeof dir, "mkdir -p '%s'", path);
    slash = strrchr(dir, '/');
    *slash = '\'';
    slash[1] = '\0';
    assert_int_equal(system(dir), 0);
    write_file(path, text, strlen(text));
    r.f = f;
    r.path = path;
    r.folder = folder;
    r.group = tmpdir;
    dl_read_opts_init(&ro);
    assert_int_equal(dl_read_file(path, &ro, emit_add, NULL, &r, NULL, &err),
                     DL_OK);
}

static void
same_terms(dl_db *x, dl_db *y, unsigned docid)
{
    dl_termiter *a = NULL, *b = NULL;
    const char *ta, *tb;
    size_t la, lb;
    unsigned long fa, fb;
    dl_status ra, rb;
    dl_err err;
    assert_int_equal(dl_db_docterms(x, docid, &a, &err), DL_OK);
    assert_int_equal(dl_db_docterms(y, docid, &b, &err), DL_OK);
    for (;;) {
        ra = dl_termiter_next(a, &ta, &la, &fa, &err);
        rb = dl_termiter_next(b, &tb, &lb, &fb, &err);
        assert_int_equal(ra, rb);
        if (ra != DL_OK)
            break;
        assert_int_equal(la, lb);
        assert_memory_equal(ta, tb, la);
        assert_int_equal(fa, fb);
    }
    dl_termiter_free(a);
    dl_termiter_free(b);
}

static void
same_values(dl_db *x, dl_db *y, unsigned docid)
{
    unsigned slot;
    char *va = NULL, *vb = NULL;
    size_t la = 0, lb = 0;
    dl_err err;
    assert_int_equal(dl_db_get_data(x, docid, &va, &la, &err), DL_OK);
    assert_int_equal(dl_db_get_data(y, docid, &vb, &lb, &err), DL_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(va, vb, la);
    dl_free(va);
    dl_free(vb);
    for (slot = 0; slot <= DL_SLOT_BOILER; slot++) {
        assert_int_equal(dl_db_get_value(x, docid, slot, &va, &la, &err),
                         DL_OK);
        assert_int_equal(dl_db_get_value(y, docid, slot, &vb, &lb, &err),
                         DL_OK);
        assert_int_equal(la, lb);
        assert_memory_equal(va, vb, la);
        dl_free(va);
        dl_free(vb);
    }
}

static void
restored_articles_build_the_same_documents(void **state)
{
    struct fx orig, copy;
    struct dl_restored r;
    struct dl_read_opts ro;
    dl_buf text = DL_BUF_INIT;
    dl_db *x = NULL, *y = NULL;
    unsigned long docs = 0, i;
    unsigned froms = 0;
    dl_err err;
    (void)state;
    fx_open(&orig, "orig");
    fx_open(&copy, "copy");
    index_file(&orig, "site-a/2020/11/13/a.txt",
               "Title: Grain harvest hits record\nDate: 2020-11-13\n"
               "Source: Steppe Wire\nURL: https://example.kz/a\n"
               "Language: en\n\nFirst paragraph about wheat.\n\n"
               "Second paragraph about barley.\n",
               "site-a");
    /* Date from the path, source from the folder, language detected. */
    index_file(&orig, "site-a/2021/01/02/b.txt",
               "Tram line opens\n\nThe city opened its new tram line on "
               "Saturday, and thousands rode it.\nSubscribe to our "
               "newsletter.\n",
               "site-a");
    /* No date, no source: the root's group; a control byte in the name. */
    index_file(&orig, "c\001d.txt", "Flash headline only\n", NULL);
    /* JSON Lines: records, a URL too long to store, a language "und". */
    dl_buf_puts(&text, "{\"title\": \"One\", \"body\": \"xq zv.\"}\n"
                       "{\"title\": \"Two\", \"body\": \"Report.\", \"url\": "
                       "\"https://example.org/");
    for (i = 0; i < DL_URL_MAX; i++)
        dl_buf_putc(&text, 'x');
    dl_buf_puts(&text, "\", \"source\": \"Feed\"}\n");
    index_file(&orig, "feeds/f.jsonl", text.data, "feeds");
    /* Longer than the stored body: its text comes from the file. */
    dl_buf_reset(&text);
    dl_buf_puts(&text, "A very long feature\n\n");
    for (i = 0; text.len < DL_STORED_BODY_MAX + 5000; i++) {
        story(&text, 90000 + i);
        dl_buf_puts(&text, "\n\n");
    }
    dl_buf_puts(&text, "Closing words of the zanzibarian feature.\n");
    index_file(&orig, "site-b/long.txt", text.data, "site-b");
    assert_int_equal(dl_wdb_commit(orig.w, &err), DL_OK);

    dl_restored_init(&r);
    dl_read_opts_init(&ro);
    assert_int_equal(dl_wdb_doccount(orig.w, &docs, &err), DL_OK);
    assert_int_equal(docs, 6);
    for (i = 1; i <= docs; i++) {
        struct dl_docbuild_input in;
        char *pv = NULL;
        size_t plen = 0;
        struct dl_paras p;
        assert_int_equal(dl_restore(orig.w, (unsigned)i, &ro, &r, &err), DL_OK);
        froms += r.from_file;
        assert_int_equal(dl_wdb_get_value(orig.w, (unsigned)i, DL_SLOT_PARAS,
                                          &pv, &plen, &err),
                         DL_OK);
        memset(&in, 0, sizeof in);
        in.a = &r.a;
        in.path = r.path.data;
        in.lang_code = r.lang.data;
        in.url_too_long = r.url_too_long;
        in.source_key = dl_paras_get(pv, plen, &p) ? p.source : 0;
        dl_free(pv);
        assert_int_equal(dl_docbuild(copy.b, &in, copy.doc, &copy.idt,
                                     &copy.filet, NULL, &err),
                         DL_OK);
        assert_int_equal(dl_wdb_add(copy.w, copy.doc, NULL, &err), DL_OK);
    }
    assert_int_equal(froms, 1);
    assert_int_equal(dl_wdb_commit(copy.w, &err), DL_OK);
    assert_int_equal(dl_wdb_reader(orig.w, &x, &err), DL_OK);
    assert_int_equal(dl_wdb_reader(copy.w, &y, &err), DL_OK);
    for (i = 1; i <= docs; i++) {
        same_terms(x, y, (unsigned)i);
        same_values(x, y, (unsigned)i);
    }
    /* The long feature's last words are indexed in the copy too. */
    assert_int_equal(fx_tf(&copy, "zanzibarian"), 1);
    dl_db_close(x);
    dl_db_close(y);
    dl_restored_free(&r);
    dl_buf_free(&text);
    fx_close(&orig);
    fx_close(&copy);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threshold_is_five_stories_or_two_percent),
        cmocka_unit_test(marks_round_trip_and_strip_their_paragraphs),
        cmocka_unit_test(paragraph_values_keep_head_and_tail_of_long_articles),
        cmocka_unit_test(guesses_learn_a_source_footer_after_five_articles),
        cmocka_unit_test(rule_counts_stories_per_source),
        cmocka_unit_test(deleting_articles_brings_words_back),
        cmocka_unit_test(signatures_leave_the_learned_paragraphs_out),
        cmocka_unit_test(restored_articles_build_the_same_documents),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
