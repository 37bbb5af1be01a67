/* test_docbuild.c - articles to documents (the schema of dl_schema.h) and
 * the near-duplicate clustering pass, on a real temporary database. */
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
#include "docbuild.h"
#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "query.h"
#include "search.h"

static char tmpdir[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dl-test-docbuild-XXXXXX");
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

/* A wire story, and the same story as another outlet runs it: new
 * headline, a changed sentence, boilerplate lines around it. */
static const char wire[] =
    "ASTANA, March 3, 2021 - Kazakhstan's grain harvest reached a record "
    "20.5 million tonnes this year, the agriculture ministry said on "
    "Wednesday, as favourable weather in the northern regions lifted "
    "yields of spring wheat and barley. Exports to Central Asian "
    "neighbours and to China are expected to rise, traders said, although "
    "rail capacity at the border crossings remains a constraint. The "
    "ministry said storage space had been expanded by 1.2 million tonnes "
    "since last autumn and that farmers had received subsidies for "
    "drying equipment.";
static const char wire_copy[] =
    "Subscribe to our newsletter for the morning briefing.\n"
    "ASTANA, March 3, 2021 - Kazakhstan's grain harvest reached a record "
    "20.5 million tonnes this year, the agriculture ministry said on "
    "Wednesday, as favourable weather in the northern regions lifted "
    "yields of spring wheat and barley. Exports to Central Asian "
    "neighbours and to China are expected to rise, traders said, although "
    "rail capacity at the border crossings remains the main constraint. "
    "The ministry said storage space had been expanded by 1.2 million "
    "tonnes since last autumn and that farmers had received subsidies for "
    "drying equipment.\n(c) 2021 Caspian Daily. All rights reserved.";
static const char other[] =
    "The city council approved a new budget for public transport on "
    "Tuesday, adding two tram lines and forty electric buses. Opposition "
    "members said the fare increase planned for next year would hurt "
    "commuters from the outer districts, and asked for a referendum.";

static void
fill(struct dl_article *a, const char *title, const char *body,
     const char *source, const char *lang)
{
    dl_article_reset(a);
    a->record = 0;
    assert_int_equal(dl_buf_puts(&a->title, title), DL_OK);
    assert_int_equal(dl_buf_puts(&a->body, body), DL_OK);
    if (source != NULL)
        assert_int_equal(dl_buf_puts(&a->source, source), DL_OK);
    if (lang != NULL)
        assert_int_equal(dl_buf_puts(&a->lang, lang), DL_OK);
}

static void
add(dl_wdb *w, dl_docbuilder *b, struct dl_article *a, const char *path,
    const char *folder)
{
    dl_doc *doc = NULL;
    dl_buf idt = DL_BUF_INIT;
    dl_buf filet = DL_BUF_INIT;
    struct dl_docbuild_input in;
    struct dl_docbuild_info info;
    dl_err err;
    memset(&in, 0, sizeof in);
    in.a = a;
    in.path = path;
    in.folder_source = folder;
    assert_int_equal(dl_doc_new(&doc, &err), DL_OK);
    assert_int_equal(dl_docbuild(b, &in, doc, &idt, &filet, &info, &err),
                     DL_OK);
    assert_int_equal(dl_wdb_replace(w, idt.data, idt.len, doc, &err), DL_OK);
    dl_doc_free(doc);
    dl_buf_free(&idt);
    dl_buf_free(&filet);
}

static unsigned long
tf(dl_db *db, const char *term)
{
    unsigned long n = 0;
    dl_err err;
    assert_int_equal(dl_db_termfreq(db, term, strlen(term), &n, &err), DL_OK);
    return n;
}

static void
build(const char *path)
{
    dl_wdb *w = NULL;
    dl_docbuilder *b = NULL;
    struct dl_article a;
    dl_err err;
    dl_article_init(&a);
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &w, &err), DL_OK);
    assert_int_equal(dl_docbuilder_new(&b, &err), DL_OK);
    fill(&a, "Record grain harvest in Kazakhstan", wire, "Steppe Wire", "en");
    assert_int_equal(dl_buf_puts(&a.author, "Aigerim Nurlanova"), DL_OK);
    add(w, b, &a, "corpus/steppe/2021/03/03/harvest.txt", "steppe");
    fill(&a, "Kazakh farmers bring in bumper crop", wire_copy, NULL, NULL);
    add(w, b, &a, "corpus/caspian-daily/2021/03/03/crop.txt", "caspian-daily");
    fill(&a, "Council backs transport budget", other, "Northern Ledger", NULL);
    a.record = 7;
    add(w, b, &a, "corpus/ledger/feed.jsonl", "ledger");
    fill(&a, "Бюджет города", "Депутаты утвердили бюджеты районов.", NULL,
         "ru");
    add(w, b, &a, "corpus/ru/b.txt", NULL);
    fill(&a, "Cijene nafte", "Cijene nafte pale su 2022.", NULL, "hr");
    add(w, b, &a, "corpus/hr/n.txt", NULL);
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_docbuilder_free(b);
    dl_article_free(&a);
    dl_wdb_close(w);
}

static void
articles_get_raw_stem_field_and_id_terms(void **state)
{
    char path[300];
    dl_db *db = NULL;
    dl_err err;
    (void)state;
    snprintf(path, sizeof path, "%s/terms", tmpdir);
    build(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(tf(db, "harvest"), 2);
    assert_int_equal(tf(db, "kazakhstan"), 2); /* possessive folded */
    assert_int_equal(tf(db, "Zharvest"), 2);
    assert_int_equal(tf(db, "Sgrain"), 1); /* title only in one */
    assert_int_equal(tf(db, "Anurlanova"), 1);
    assert_int_equal(tf(db, "XSsteppe"), 1);
    assert_int_equal(tf(db, "XSSsteppe wire"), 1);
    /* No source: the folder names it. */
    assert_int_equal(tf(db, "XScaspian"), 1);
    /* ... in its readable form, as declared sources are written. */
    assert_int_equal(tf(db, "XSScaspian daily"), 1);
    assert_int_equal(tf(db, "Len"), 3);
    assert_int_equal(tf(db, "Lru"), 1);
    /* Russian stems meet across inflections. */
    assert_int_equal(tf(db, "Zбюджет"), 1);
    /* Croatian has no stemmer: its words are its Z terms (not its
     * numbers), and XZ marks only that article. */
    assert_int_equal(tf(db, "Lhr"), 1);
    assert_int_equal(tf(db, "Znafte"), 1);
    assert_int_equal(tf(db, "Zcijene"), 1);
    assert_int_equal(tf(db, "Z2022"), 0);
    assert_int_equal(tf(db, "2022"), 1);
    assert_int_equal(tf(db, DL_TERM_WORD_STEMS), 1);
    assert_int_equal(tf(db, "Qcorpus/ledger/feed.jsonl#7"), 1);
    assert_int_equal(tf(db, "XFcorpus/ledger/feed.jsonl"), 1);
    /* Date from the path, and from nowhere for the Russian one. */
    assert_int_equal(tf(db, "D20210303"), 2);
    assert_int_equal(tf(db, "M202103"), 2);
    assert_int_equal(tf(db, "Y2021"), 2);
    dl_db_close(db);
}

static void
document_data_holds_metadata_and_body(void **state)
{
    char path[300];
    dl_db *db = NULL;
    dl_err err;
    unsigned *ids = NULL;
    size_t n = 0;
    char *data = NULL;
    size_t len = 0;
    struct dl_docdata d;
    (void)state;
    snprintf(path, sizeof path, "%s/data", tmpdir);
    build(path);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    assert_int_equal(dl_db_postlist(db, "Anurlanova", 10, &ids, &n, &err),
                     DL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(dl_db_get_data(db, ids[0], &data, &len, &err), DL_OK);
    dl_docdata_decode(data, len, &d);
    assert_int_equal(d.date.n, 10);
    assert_memory_equal(d.date.p, "2021-03-03", 10);
    assert_memory_equal(d.date_origin.p, "path", 4);
    assert_memory_equal(d.source.p, "Steppe Wire", 11);
    assert_memory_equal(d.lang.p, "en", 2);
    /* The body is not in the data but packed in its own slot. */
    assert_int_equal(d.body.n, 0);
    dl_free(data);
    assert_int_equal(
        dl_db_get_value(db, ids[0], DL_SLOT_BODY, &data, &len, &err), DL_OK);
    assert_true(len > 0 && len < strlen(wire));
    {
        dl_buf body = DL_BUF_INIT;
        assert_int_equal(dl_body_unpack(data, len, &body), DL_OK);
        assert_int_equal(body.len, strlen(wire));
        assert_memory_equal(body.data, wire, body.len);
        dl_buf_free(&body);
    }
    dl_free(data);
    dl_free(ids);
    /* The copy's paragraph break survives packing as its one "\n"
     * (dl_schema.h: paragraphs are lines of the stored body). */
    assert_int_equal(dl_db_postlist(db, "XScaspian", 9, &ids, &n, &err), DL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(
        dl_db_get_value(db, ids[0], DL_SLOT_BODY, &data, &len, &err), DL_OK);
    {
        dl_buf body = DL_BUF_INIT;
        assert_int_equal(dl_body_unpack(data, len, &body), DL_OK);
        assert_string_equal(body.data, wire_copy);
        assert_non_null(strchr(body.data, '\n'));
        dl_buf_free(&body);
    }
    dl_free(data);
    dl_free(ids);
    dl_db_close(db);
}

static char *
value_of(dl_db *db, const char *term, unsigned slot)
{
    unsigned *ids = NULL;
    size_t n = 0;
    char *v = NULL;
    size_t len = 0;
    dl_err err;
    assert_int_equal(dl_db_postlist(db, term, strlen(term), &ids, &n, &err),
                     DL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(dl_db_get_value(db, ids[0], slot, &v, &len, &err), DL_OK);
    dl_free(ids);
    return v;
}

static void
wire_copies_share_a_cluster_and_others_do_not(void **state)
{
    char path[300];
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_err err;
    struct dl_cluster_stats st;
    char *k1, *k2, *k3;
    (void)state;
    snprintf(path, sizeof path, "%s/cluster", tmpdir);
    build(path);
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, &err), DL_OK);
    assert_int_equal(dl_cluster_update(w, &st, &err), DL_OK);
    assert_int_equal(st.documents, 5);
    assert_int_equal(st.clusters, 1);
    assert_int_equal(st.clustered, 2);
    /* Articles start without a key: both of the pair get one, nobody
     * else is touched. */
    assert_int_equal(st.rewritten, 2);
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    /* A second pass over the same documents changes nothing. */
    assert_int_equal(dl_cluster_update(w, &st, &err), DL_OK);
    assert_int_equal(st.rewritten, 0);
    dl_wdb_close(w);

    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    k1 = value_of(db, "Anurlanova", DL_SLOT_CLUSTER);
    k2 = value_of(db, "XScaspian", DL_SLOT_CLUSTER);
    k3 = value_of(db, "XSledger", DL_SLOT_CLUSTER);
    assert_int_equal(strlen(k1), 16);
    assert_string_equal(k1, k2);
    /* An article alone has no key, so the collapse never merges it. */
    assert_string_equal(k3, "");
    dl_free(k1);
    dl_free(k2);
    dl_free(k3);
    dl_db_close(db);

    /* The copy goes away: the original is alone again and loses its key. */
    assert_int_equal(dl_wdb_open(path, 0, 0, &w, &err), DL_OK);
    assert_int_equal(dl_wdb_delete_term(w, "XScaspian", 9, &err), DL_OK);
    assert_int_equal(dl_cluster_update(w, &st, &err), DL_OK);
    assert_int_equal(st.clusters, 0);
    assert_int_equal(st.rewritten, 1);
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    k1 = value_of(db, "Anurlanova", DL_SLOT_CLUSTER);
    assert_string_equal(k1, "");
    dl_free(k1);
    dl_db_close(db);
}

/* Source, month and language go into DL_SLOT_FACETS in one value, a
 * separator inside the source turned into a space; the single slots of
 * earlier indexes are not written. */
static void
facet_values_are_packed_in_one_slot(void **state)
{
    char path[300];
    dl_wdb *w = NULL;
    dl_docbuilder *b = NULL;
    struct dl_article a;
    dl_db *db = NULL;
    dl_err err;
    char *v;
    static const char want[] = "Steppe Wire\x1f"
                               "2021-03\x1f"
                               "en";
    (void)state;
    snprintf(path, sizeof path, "%s/facets", tmpdir);
    dl_article_init(&a);
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &w, &err), DL_OK);
    assert_int_equal(dl_docbuilder_new(&b, &err), DL_OK);
    fill(&a, "Record grain harvest in Kazakhstan", wire, "Steppe Wire", "en");
    add(w, b, &a, "corpus/steppe/2021/03/03/harvest.txt", "steppe");
    fill(&a, "Council backs transport budget", other, "Northern\x1fLedger",
         "en");
    add(w, b, &a, "corpus/ledger/budget.txt", "ledger");
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_docbuilder_free(b);
    dl_article_free(&a);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    v = value_of(db, "XSsteppe", DL_SLOT_FACETS);
    assert_string_equal(v, want);
    dl_free(v);
    v = value_of(db, "XSsteppe", DL_SLOT_SOURCE);
    assert_string_equal(v, "");
    dl_free(v);
    /* no date: the month field is empty, the others are there */
    v = value_of(db, "XSledger", DL_SLOT_FACETS);
    assert_string_equal(v, "Northern Ledger\x1f\x1f"
                           "en");
    dl_free(v);
    dl_db_close(db);
}

static void
empty_article_is_refused(void **state)
{
    dl_docbuilder *b = NULL;
    dl_doc *doc = NULL;
    dl_buf idt = DL_BUF_INIT, filet = DL_BUF_INIT;
    struct dl_article a;
    struct dl_docbuild_input in;
    dl_err err;
    (void)state;
    dl_article_init(&a);
    memset(&in, 0, sizeof in);
    in.a = &a;
    in.path = "empty.txt";
    assert_int_equal(dl_docbuilder_new(&b, &err), DL_OK);
    assert_int_equal(dl_doc_new(&doc, &err), DL_OK);
    assert_int_equal(dl_docbuild(b, &in, doc, &idt, &filet, NULL, &err),
                     DL_EINVAL);
    assert_non_null(strstr(err.msg, "empty.txt"));
    dl_doc_free(doc);
    dl_docbuilder_free(b);
    dl_buf_free(&idt);
    dl_buf_free(&filet);
    dl_article_free(&a);
}

typedef void (*fill_fn)(dl_wdb *w, dl_docbuilder *b, struct dl_article *a);

/* A database at tmpdir/name holding the articles fn adds, opened for
 * reading (the caller closes it). */
static dl_db *
built(const char *name, fill_fn fn)
{
    char path[300];
    dl_wdb *w = NULL;
    dl_db *db = NULL;
    dl_docbuilder *b = NULL;
    struct dl_article a;
    dl_err err;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    dl_article_init(&a);
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &w, &err), DL_OK);
    assert_int_equal(dl_docbuilder_new(&b, &err), DL_OK);
    fn(w, b, &a);
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_docbuilder_free(b);
    dl_article_free(&a);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    return db;
}

/* The document data of the one article with term, decoded into *d; the
 * data itself into *data (the caller frees it). */
static void
data_of(dl_db *db, const char *term, char **data, struct dl_docdata *d)
{
    unsigned *ids = NULL;
    size_t n = 0;
    size_t len = 0;
    dl_err err;
    assert_int_equal(dl_db_postlist(db, term, strlen(term), &ids, &n, &err),
                     DL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(dl_db_get_data(db, ids[0], data, &len, &err), DL_OK);
    dl_docdata_decode(*data, len, d);
    dl_free(ids);
}

static void
fill_flashes(dl_wdb *w, dl_docbuilder *b, struct dl_article *a)
{
    fill(a, "U.S. TAX WRITERS SEEK ESTATE TAX CURBS", "", NULL, NULL);
    add(w, b, a, "wire/1.txt", NULL);
    fill(a, "BANK OF JAPAN LEAVES DISCOUNT RATE UNCHANGED", "", NULL, NULL);
    add(w, b, a, "wire/2.txt", NULL);
    fill(a, "U.S. TAX WRITERS SEEK ESTATE TAX CURBS", "", NULL, NULL);
    add(w, b, a, "wire/3.txt", NULL);
    /* The headline of one as the body of another is not the same text. */
    fill(a, "", "Bank of Japan leaves discount rate unchanged", NULL, NULL);
    add(w, b, a, "wire/4.txt", NULL);
}

/* Wire flashes: a headline and no body.  Each is found by its words, has
 * no stored body, and is keyed for the collapse by its own words: two
 * copies of one flash collapse, different flashes never do (an empty body
 * must not make every flash one cluster). */
static void
headline_only_articles_are_indexed_and_keyed_by_their_words(void **state)
{
    dl_db *db = NULL;
    char *k1, *k2, *k3, *k4, *body;
    (void)state;
    db = built("flashes", fill_flashes);
    assert_int_equal(tf(db, "estate"), 2);
    assert_int_equal(tf(db, "Sestate"), 2);
    assert_int_equal(tf(db, "discount"), 2);
    assert_int_equal(tf(db, "Sdiscount"), 1);
    k1 = value_of(db, "Qwire/1.txt", DL_SLOT_CLUSTER);
    k2 = value_of(db, "Qwire/2.txt", DL_SLOT_CLUSTER);
    k3 = value_of(db, "Qwire/3.txt", DL_SLOT_CLUSTER);
    k4 = value_of(db, "Qwire/4.txt", DL_SLOT_CLUSTER);
    assert_int_equal(strlen(k1), 16);
    assert_string_equal(k1, k3);
    assert_string_not_equal(k1, k2);
    assert_string_not_equal(k2, k4);
    body = value_of(db, "Qwire/2.txt", DL_SLOT_BODY);
    assert_string_equal(body, "");
    dl_free(body);
    body = value_of(db, "Qwire/2.txt", DL_SLOT_MINHASH);
    assert_string_equal(body, "");
    dl_free(body);
    dl_free(k1);
    dl_free(k2);
    dl_free(k3);
    dl_free(k4);
    dl_db_close(db);
}

static void
escaped_names_are_one_to_one_and_leave_plain_names_alone(void **state)
{
    static const struct {
        const char *in;
        const char *shown;
    } cases[] = {
        {"corpus/ledger/2020/budget.txt", "corpus/ledger/2020/budget.txt"},
        {"news/Zürich café, 2020.txt", "news/Zürich café, 2020.txt"},
        {"новости/итоги года.txt", "новости/итоги года.txt"},
        {"a\nb", "a\\x0ab"},
        {"a\rb", "a\\x0db"},
        {"a\tb", "a\\x09b"},
        {"a\x7f", "a\\x7f"},
        {"a\xff", "a\\xff"},
        {"a\\x0ab", "a\\\\x0ab"},
        {"a\\", "a\\\\"},
        {"\xc2\x85", "\\xc2\\x85"},            /* U+0085, a C1 control */
        {"a\xe2\x80\xa8", "a\\xe2\\x80\\xa8"}, /* U+2028 */
        {"\xe2\x80\xaetxt.exe", "\\xe2\\x80\\xaetxt.exe"}, /* U+202E */
        {"\xc0\xaf", "\\xc0\\xaf"},                        /* overlong */
        {"\xed\xa0\x80", "\\xed\\xa0\\x80"},               /* surrogate */
        {"\xe2\x82", "\\xe2\\x82"},                        /* cut short */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_buf out = DL_BUF_INIT;
        assert_int_equal(
            dl_schema_escape_name(&out, cases[i].in, strlen(cases[i].in)),
            DL_OK);
        assert_string_equal(out.data != NULL ? out.data : "", cases[i].shown);
        dl_buf_free(&out);
    }
}

static const char *const odd_paths[] = {"odd/a\nb.txt",
                                        "odd/a\rb.txt",
                                        "odd/a b.txt",
                                        "odd/a\xff"
                                        "b.txt",
                                        "odd/a\\x0ab.txt",
                                        "odd/a\\x0db.txt"};
static const char *const odd_shown[] = {
    "odd/a\\x0ab.txt", "odd/a\\x0db.txt",   "odd/a b.txt",
    "odd/a\\xffb.txt", "odd/a\\\\x0ab.txt", "odd/a\\\\x0db.txt"};

static void
fill_odd_names(dl_wdb *w, dl_docbuilder *b, struct dl_article *a)
{
    size_t i;
    for (i = 0; i < sizeof odd_paths / sizeof odd_paths[0]; i++) {
        fill(a, "Odd names", other, NULL, "en");
        add(w, b, a, odd_paths[i], NULL);
    }
    fill(a, "A record", other, NULL, "en");
    a->record = 3;
    add(w, b, a, "odd/feed\n.jsonl", NULL);
}

/* File names that differ only in a newline, a CR, an invalid byte or a
 * backslash keep distinct ids: the terms hold the raw bytes (re-runs find
 * the same articles), the document data the escaped form. */
static void
ids_and_paths_are_raw_in_terms_and_escaped_in_the_data(void **state)
{
    char term[64];
    dl_db *db = NULL;
    char *data = NULL;
    struct dl_docdata d;
    size_t i;
    (void)state;
    db = built("names", fill_odd_names);
    for (i = 0; i < sizeof odd_paths / sizeof odd_paths[0]; i++) {
        snprintf(term, sizeof term, "Q%s", odd_paths[i]);
        data_of(db, term, &data, &d);
        assert_int_equal(d.id.n, strlen(odd_shown[i]));
        assert_memory_equal(d.id.p, odd_shown[i], d.id.n);
        assert_int_equal(d.path.n, strlen(odd_shown[i]));
        assert_memory_equal(d.path.p, odd_shown[i], d.path.n);
        dl_free(data);
    }
    assert_int_equal(tf(db, "XFodd/feed\n.jsonl"), 1);
    data_of(db, "Qodd/feed\n.jsonl#3", &data, &d);
    assert_int_equal(d.id.n, strlen("odd/feed\\x0a.jsonl#3"));
    assert_memory_equal(d.id.p, "odd/feed\\x0a.jsonl#3", d.id.n);
    assert_memory_equal(d.path.p, "odd/feed\\x0a.jsonl", d.path.n);
    dl_free(data);
    dl_db_close(db);
}

/* "https://example.org/a?q=" padded with 'x' to len bytes. */
static void
long_url(dl_buf *b, size_t len)
{
    dl_buf_reset(b);
    assert_int_equal(dl_buf_puts(b, "https://example.org/a?q="), DL_OK);
    while (b->len < len)
        assert_int_equal(dl_buf_putc(b, 'x'), DL_OK);
}

static void
fill_urls(dl_wdb *w, dl_docbuilder *b, struct dl_article *a)
{
    fill(a, "At the cap", other, NULL, "en");
    long_url(&a->url, DL_URL_MAX);
    add(w, b, a, "u/at.txt", NULL);
    fill(a, "Past the cap", other, NULL, "en");
    long_url(&a->url, DL_URL_MAX + 1);
    add(w, b, a, "u/past.txt", NULL);
}

/* A URL up to DL_URL_MAX bytes is stored whole; a longer one is no link:
 * not stored, and the data says why. */
static void
urls_are_stored_whole_up_to_the_cap(void **state)
{
    dl_db *db = NULL;
    char *data = NULL;
    struct dl_docdata d;
    (void)state;
    db = built("urls", fill_urls);
    data_of(db, "Qu/at.txt", &data, &d);
    assert_int_equal(d.url.n, DL_URL_MAX);
    assert_memory_equal(d.url.p, "https://example.org/a?q=xxx", 27);
    assert_int_equal(d.url.p[DL_URL_MAX - 1], 'x');
    assert_int_equal(d.url_too_long.n, 0);
    dl_free(data);
    data_of(db, "Qu/past.txt", &data, &d);
    assert_int_equal(d.url.n, 0);
    assert_int_equal(d.url_too_long.n, 1);
    assert_memory_equal(d.url_too_long.p, "1", 1);
    /* The source still comes from its host. */
    assert_memory_equal(d.source.p, "example.org", 11);
    dl_free(data);
    dl_db_close(db);
}

/* Build one article; returns its document (the caller frees it). */
static dl_doc *
build_doc(struct dl_article *a, struct dl_docbuild_info *info)
{
    dl_docbuilder *b = NULL;
    dl_doc *doc = NULL;
    dl_buf idt = DL_BUF_INIT, filet = DL_BUF_INIT;
    struct dl_docbuild_input in;
    dl_err err;
    memset(&in, 0, sizeof in);
    in.a = a;
    in.path = "big.txt";
    assert_int_equal(dl_docbuilder_new(&b, &err), DL_OK);
    assert_int_equal(dl_doc_new(&doc, &err), DL_OK);
    assert_int_equal(dl_docbuild(b, &in, doc, &idt, &filet, info, &err), DL_OK);
    dl_docbuilder_free(b);
    dl_buf_free(&idt);
    dl_buf_free(&filet);
    return doc;
}

/* The caps on one article's memory (article.h): text past
 * DL_ARTICLE_TEXT_MAX bytes, or past the word that would bring the
 * document to DL_ARTICLE_TERMS_MAX terms, is left out, and info says
 * where and why for the caller's warning. */
static void
body_is_indexed_up_to_the_caps_on_an_article(void **state)
{
    struct dl_article a;
    struct dl_docbuild_info info;
    dl_doc *doc;
    size_t i;
    (void)state;
    dl_article_init(&a);
    /* Few distinct words, many bytes. */
    assert_int_equal(dl_buf_puts(&a.title, "Long"), DL_OK);
    while (a.body.len <= DL_ARTICLE_TEXT_MAX + 100)
        assert_int_equal(dl_buf_puts(&a.body, "grain harvest record "), DL_OK);
    doc = build_doc(&a, &info);
    assert_int_equal(info.text_cut, DL_TEXT_CUT_BYTES);
    assert_int_equal(info.text_bytes, a.body.len);
    assert_true(info.text_indexed <= DL_ARTICLE_TEXT_MAX);
    assert_true(info.text_indexed > DL_ARTICLE_TEXT_MAX - 32);
    dl_doc_free(doc);
    /* A reader that cut the text already says how long it was. */
    a.body_cut_from = 5 * DL_ARTICLE_TEXT_MAX;
    doc = build_doc(&a, &info);
    assert_int_equal(info.text_cut, DL_TEXT_CUT_BYTES);
    assert_int_equal(info.text_bytes, 5 * DL_ARTICLE_TEXT_MAX);
    dl_doc_free(doc);

    /* Many distinct words, few bytes. */
    dl_article_reset(&a);
    assert_int_equal(dl_buf_puts(&a.title, "Distinct"), DL_OK);
    for (i = 0; i < DL_ARTICLE_TERMS_MAX; i++)
        assert_int_equal(dl_buf_printf(&a.body, "w%07zu ", i), DL_OK);
    doc = build_doc(&a, &info);
    assert_int_equal(info.text_cut, DL_TEXT_CUT_TERMS);
    assert_true(info.text_indexed < a.body.len / 2);
    assert_true(dl_doc_termcount(doc) <= DL_ARTICLE_TERMS_MAX + 16);
    assert_true(dl_doc_termcount(doc) >= DL_ARTICLE_TERMS_MAX);
    assert_int_equal(info.doc_terms, dl_doc_termcount(doc));
    dl_doc_free(doc);

    /* An ordinary article is whole. */
    fill(&a, "Record grain harvest in Kazakhstan", wire, NULL, "en");
    doc = build_doc(&a, &info);
    assert_int_equal(info.text_cut, DL_TEXT_CUT_NONE);
    assert_int_equal(info.text_indexed, strlen(wire));
    dl_doc_free(doc);
    dl_article_free(&a);
}

/* The docids a query finds (at most 64 articles here), as a bit set. */
static unsigned long long
found(dl_db *db, const dl_query *q)
{
    struct dl_search_opts o;
    dl_mset *m = NULL;
    struct dl_hit h;
    unsigned long long set = 0;
    size_t i;
    dl_err err;
    dl_search_opts_init(&o);
    o.limit = 100;
    assert_int_equal(dl_search(db, q, &o, &m, &err), DL_OK);
    for (i = 0; i < dl_mset_count(m); i++) {
        assert_int_equal(dl_mset_hit(m, i, &h), DL_OK);
        assert_true(h.docid >= 1 && h.docid <= 64);
        set |= 1ULL << (h.docid - 1);
    }
    dl_mset_free(m);
    return set;
}

/* "(Y2020 FILTER VALUE_RANGE ...)" or "(M202001 FILTER VALUE_RANGE ...)":
 * a year's or month's term narrowed by the value to its first day. */
static bool
has_narrowed_piece(const char *desc, char prefix)
{
    const char *y;
    size_t digits = prefix == 'Y' ? 4 : 6;
    for (y = desc; (y = strchr(y, '(')) != NULL; y++)
        if (y[1] == prefix &&
            strncmp(y + 2 + digits, " FILTER VALUE_RANGE", 19) == 0)
            return true;
    return false;
}

/* The first and last day ("YYYYMMDD", the last a month's 31st) that the
 * date: end text (YYYY, YYYY-MM or YYYY-MM-DD) stands for. */
static void
end_dates(const char *end, char lo[9], char hi[9])
{
    struct dl_date d;
    assert_true(dl_date_parse(end, strlen(end), &d));
    snprintf(lo, 9, "%04d%02d%02d", d.year, d.month ? d.month : 1,
             d.day ? d.day : 1);
    snprintf(hi, 9, "%04d%02d%02d", d.year, d.month ? d.month : 12,
             d.day ? d.day : 31);
}

/* The parsed date: query q (described as desc) finds in db what the date
 * value's range lo..hi (NULL: open) finds. */
static void
same_as_value(dl_db *db, const char *q, const char *desc,
              const dl_query *parsed, const char *lo, const char *hi)
{
    dl_query *vr = NULL;
    dl_err err;
    assert_int_equal(dl_query_value_range(DL_SLOT_DATE, lo, hi, &vr, &err),
                     DL_OK);
    if (found(db, parsed) != found(db, vr)) {
        print_error("%s: %s finds %llx, the value %llx\n", q, desc,
                    found(db, parsed), found(db, vr));
        fail();
    }
    dl_query_free(vr);
}

/* One round of date_filter_terms_find_what_the_date_value_finds: the
 * articles of dates[] (only those dated to a day unless coarse) against
 * every pair of ends, parsed by a bare parser or (oracle) by a searcher's,
 * which asks the index whether a month or year has articles dated no
 * finer. */
static void
date_filter_round(bool coarse, bool oracle)
{
    static const struct dl_date dates[] = {
        {2019, 12, 31}, {2020, 0, 0},  {2020, 1, 0},  {2020, 1, 1},
        {2020, 1, 31},  {2020, 2, 0},  {2020, 2, 1},  {2020, 2, 29},
        {2020, 3, 1},   {2020, 6, 15}, {2020, 12, 0}, {2020, 12, 1},
        {2020, 12, 31}, {2021, 0, 0},  {2021, 1, 0},  {2021, 1, 1},
        {2021, 2, 28},  {2021, 3, 0},  {2019, 0, 0},  {2019, 12, 0},
    };
    static const char *const ends[] = {
        "2019",       "2019-12",    "2019-12-31", "2020",    "2020-01",
        "2020-01-01", "2020-01-15", "2020-01-31", "2020-02", "2020-02-01",
        "2020-02-29", "2020-03-01", "2020-06",    "2020-12", "2020-12-01",
        "2020-12-31", "2021",       "2021-01-01", "2021-02", "2021-03-01",
    };
    const size_t n_ends = sizeof ends / sizeof ends[0];
    char path[300];
    char file[64];
    dl_wdb *w = NULL;
    dl_docbuilder *b = NULL;
    dl_query_parser *qp = NULL;
    dl_searcher *sr = NULL;
    const char *spec;
    dl_db *db = NULL;
    struct dl_article a;
    size_t i, j, tried = 0;
    bool saw_year_piece = false;
    bool saw_month_piece = false;
    size_t closed = 0; /* open ranges the oracle closed */
    dl_err err;

    snprintf(path, sizeof path, "%s/dates-%d-%d", tmpdir, (int)coarse,
             (int)oracle);
    dl_article_init(&a);
    assert_int_equal(dl_wdb_open(path, DL_WDB_OVERWRITE, 0, &w, &err), DL_OK);
    assert_int_equal(dl_docbuilder_new(&b, &err), DL_OK);
    for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        if (!coarse && dates[i].day == 0)
            continue;
        fill(&a, "Grain report", other, "Northern Ledger", "en");
        a.date = dates[i];
        a.date_origin = "metadata";
        snprintf(file, sizeof file, "corpus/ledger/report-%zu.txt", i);
        add(w, b, &a, file, "ledger");
    }
    assert_int_equal(dl_wdb_commit(w, &err), DL_OK);
    dl_docbuilder_free(b);
    dl_article_free(&a);
    dl_wdb_close(w);
    assert_int_equal(dl_db_open(path, &db, &err), DL_OK);
    spec = path;
    if (oracle) {
        assert_int_equal(dl_searcher_open(&spec, 1, &sr, &err), DL_OK);
        qp = dl_searcher_parser(sr);
    } else {
        assert_int_equal(dl_query_parser_new("en", false, &qp, &err), DL_OK);
    }

    for (i = 0; i < n_ends; i++) {
        for (j = 0; j < n_ends; j++) {
            char q[64], lo[9], hi[9];
            struct dl_parsed_query *pq = NULL;
            struct dl_query_options o;
            char *desc;
            char unused[9];
            end_dates(ends[i], lo, unused);
            end_dates(ends[j], unused, hi);
            if (strcmp(lo, hi) > 0)
                continue;
            snprintf(q, sizeof q, "date:%s..%s", ends[i], ends[j]);
            dl_query_options_init(&o);
            assert_int_equal(dl_query_parser_parse(qp, q, strlen(q), &o, &pq,
                                                   NULL, &err),
                             DL_OK);
            desc = dl_query_describe(pq->query);
            assert_non_null(desc);
            /* the terms, not the value (which the range would be alone) */
            if (strstr(desc, "VALUE_RANGE 0 ") != NULL &&
                strchr(desc, 'Y') == NULL && strchr(desc, 'M') == NULL &&
                strchr(desc, 'D') == NULL) {
                print_error("%s: %s\n", q, desc);
                fail();
            }
            /* with no article dated only to a month or year, the oracle
             * leaves out every narrowed piece */
            if (oracle && !coarse &&
                (has_narrowed_piece(desc, 'Y') ||
                 has_narrowed_piece(desc, 'M'))) {
                print_error("%s checks dates it need not: %s\n", q, desc);
                fail();
            }
            if (strcmp(q, "date:2020-01-01..2020-06") == 0)
                saw_year_piece = has_narrowed_piece(desc, 'Y');
            if (strcmp(q, "date:2020-01-01..2020-01-15") == 0)
                saw_month_piece = has_narrowed_piece(desc, 'M');
            same_as_value(db, q, desc, pq->query, lo, hi);
            tried++;
            dl_free(desc);
            dl_parsed_query_free(pq);
        }
    }
    /* Open ranges, also ending before the first date or starting after
     * the last: a searcher closes those that span less than half of the
     * index's days at its first or last date and reads terms. */
    for (i = 0; i <= n_ends + 1; i++) {
        const char *end = i < n_ends    ? ends[i]
                          : i == n_ends ? "2018-06"
                                        : "2022";
        int side;
        for (side = 0; side < 2; side++) {
            char q[64], lo[9], hi[9];
            struct dl_parsed_query *pq = NULL;
            struct dl_query_options o;
            char *desc;
            end_dates(end, lo, hi);
            snprintf(q, sizeof q, side == 0 ? "date:..%s" : "date:%s..", end);
            dl_query_options_init(&o);
            assert_int_equal(dl_query_parser_parse(qp, q, strlen(q), &o, &pq,
                                                   NULL, &err),
                             DL_OK);
            desc = dl_query_describe(pq->query);
            assert_non_null(desc);
            if (strstr(desc, "VALUE_GE") == NULL &&
                strstr(desc, "VALUE_LE") == NULL)
                closed++;
            /* a narrow one is closed, one of most of the index's days is
             * left to the value */
            if (oracle &&
                (strcmp(q, "date:2021-02..") == 0 ||
                 strcmp(q, "date:..2019-12-31") == 0) &&
                (strstr(desc, "VALUE_GE") != NULL ||
                 strstr(desc, "VALUE_LE") != NULL)) {
                print_error("%s left open: %s\n", q, desc);
                fail();
            }
            if (oracle && strcmp(q, "date:2019-12-31..") == 0 &&
                strstr(desc, "VALUE_GE") == NULL) {
                print_error("%s closed: %s\n", q, desc);
                fail();
            }
            same_as_value(db, q, desc, pq->query, side == 0 ? NULL : lo,
                          side == 0 ? hi : NULL);
            tried++;
            dl_free(desc);
            dl_parsed_query_free(pq);
        }
    }
    assert_true(tried > 190);
    assert_true(!oracle || closed > 10);
    /* where such articles are, the pieces that find them are there */
    assert_true(!coarse || (saw_year_piece && saw_month_piece));
    if (oracle)
        dl_searcher_close(sr);
    else
        dl_query_parser_free(qp);
    dl_db_close(db);
}

/* A date: filter reads the Y, M and D terms of the range's whole years,
 * months and days (searcher/query_date.c, date_terms_query) where the value
 * range reads the date of every article; both must find the same articles,
 * including those dated only to a month or a year (their value is the
 * first day), at every edge: the 1st of a month, January, a leap day, a
 * year's last day.  Every pair of ends from the list below is tried, and
 * every end as an open range, by a bare parser and by a searcher's, whose
 * date oracle (dl_query_parser_set_date_oracle) closes open ranges at the
 * index's first or last date and leaves out the checks for articles dated
 * only to a month or year where the index has none: on an index that has
 * them and on one that has not. */
static void
date_filter_terms_find_what_the_date_value_finds(void **state)
{
    (void)state;
    date_filter_round(true, false);
    date_filter_round(true, true);
    date_filter_round(false, true);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(articles_get_raw_stem_field_and_id_terms),
        cmocka_unit_test(document_data_holds_metadata_and_body),
        cmocka_unit_test(wire_copies_share_a_cluster_and_others_do_not),
        cmocka_unit_test(facet_values_are_packed_in_one_slot),
        cmocka_unit_test(empty_article_is_refused),
        cmocka_unit_test(
            headline_only_articles_are_indexed_and_keyed_by_their_words),
        cmocka_unit_test(
            escaped_names_are_one_to_one_and_leave_plain_names_alone),
        cmocka_unit_test(
            ids_and_paths_are_raw_in_terms_and_escaped_in_the_data),
        cmocka_unit_test(urls_are_stored_whole_up_to_the_cap),
        cmocka_unit_test(body_is_indexed_up_to_the_caps_on_an_article),
        cmocka_unit_test(date_filter_terms_find_what_the_date_value_finds),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
