/* test_format.c - the index format's version and features (dl_format.h):
 * what this program writes is what it accepts, and every other
 * combination of dl:schema and dl:features is judged as dl_schema.h
 * (FORMAT) says, for reading and for adding, with a message naming the
 * database and what to do. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "dl_format.h"
#include "dl_schema.h"

/* This program's dl:features value, with line `drop` (1-based; 0: none)
 * left out and `extra` appended. */
static void
features_text(dl_buf *out, int drop, const char *extra)
{
    dl_buf all = DL_BUF_INIT;
    const char *p;
    int line = 0;
    assert_int_equal(dl_format_features(&all), DL_OK);
    dl_buf_reset(out);
    assert_int_equal(dl_buf_append(out, "", 0), DL_OK);
    for (p = all.data; *p != '\0';) {
        size_t n = strcspn(p, "\n") + 1;
        if (++line != drop)
            assert_int_equal(dl_buf_append(out, p, n), DL_OK);
        p += n;
    }
    assert_int_equal(dl_buf_puts(out, extra), DL_OK);
    dl_buf_free(&all);
}

static void
what_this_program_writes_it_reads_and_adds_to(void **state)
{
    dl_buf v = DL_BUF_INIT;
    dl_buf f = DL_BUF_INIT;
    const char *p;
    (void)state;
    assert_int_equal(dl_format_version(&v), DL_OK);
    assert_int_equal(dl_format_features(&f), DL_OK);
    /* "2", and lines of NAME TAB FLAGS */
    assert_int_equal((int)strtol(v.data, NULL, 10), DL_SCHEMA_VERSION);
    assert_true(f.len > 0 && f.data[f.len - 1] == '\n');
    for (p = f.data; *p != '\0'; p += strcspn(p, "\n") + 1) {
        size_t n = strcspn(p, "\n");
        const char *tab = memchr(p, '\t', n);
        assert_non_null(tab);
        assert_true(tab > p);
        assert_int_equal(strspn(tab + 1, "rw"), (size_t)(p + n - tab - 1));
    }
    assert_int_equal(dl_format_check("db", v.data, v.len, f.data, f.len,
                                     DL_FORMAT_READ, NULL),
                     DL_OK);
    assert_int_equal(dl_format_check("db", v.data, v.len, f.data, f.len,
                                     DL_FORMAT_WRITE, NULL),
                     DL_OK);
    /* the last line's newline is not needed */
    assert_int_equal(dl_format_check("db", v.data, v.len, f.data, f.len - 1,
                                     DL_FORMAT_READ, NULL),
                     DL_OK);
    dl_buf_free(&v);
    dl_buf_free(&f);
}

static void
other_formats_are_judged_for_reading_and_for_adding(void **state)
{
    static const struct {
        const char *schema; /* dl:schema */
        int drop;           /* this program's feature line left out */
        const char *extra;  /* NULL: no dl:features at all */
        dl_status read, write;
        const char *says;
    } t[] = {
        /* format 1: every index before dl:features */
        {"1", 0, NULL, DL_EINVAL, DL_EINVAL,
         "news.db was made by an older Dateline (index format 1; this one's "
         "is 2); rebuild it with `dateline-index --full`"},
        {"3", 0, "", DL_EINVAL, DL_EINVAL,
         "news.db was made by a newer Dateline (index format 3; this one's "
         "is 2); use that version, or rebuild it with this one's "
         "`dateline-index --full`"},
        /* no dl:schema, or one Dateline never writes */
        {"", 0, "", DL_EINVAL, DL_EINVAL,
         "news.db: not an index Dateline wrote (no dl:schema)"},
        {"0", 0, "", DL_EINVAL, DL_EINVAL, "(dl:schema is \"0\")"},
        {"2a", 0, "", DL_EINVAL, DL_EINVAL, "(dl:schema is \"2a\")"},
        {"-2", 0, "", DL_EINVAL, DL_EINVAL, "(dl:schema is \"-2\")"},
        {"99999999999999999999", 0, "", DL_EINVAL, DL_EINVAL,
         "not an index Dateline wrote"},
        /* a feature of this program's missing: from before it */
        {"2", 1, "", DL_EINVAL, DL_EINVAL,
         "was made by an older Dateline (its index lacks the feature "},
        {"2", 0, NULL, DL_EINVAL, DL_EINVAL, "lacks the feature"},
        /* features unknown here: their flags say who must know them */
        {"2", 0, "later\tr\n", DL_EINVAL, DL_OK,
         "was made by a newer Dateline (its index has a feature unknown "
         "here: later)"},
        {"2", 0, "later\tw\n", DL_OK, DL_EINVAL, "unknown here: later"},
        {"2", 0, "later\trw\n", DL_EINVAL, DL_EINVAL, "unknown here: later"},
        {"2", 0, "later\t\n", DL_OK, DL_OK, NULL},
        {"2", 0, "later\n", DL_EINVAL, DL_EINVAL, "unknown here: later"},
        {"2", 0, "\n\n", DL_OK, DL_OK, NULL},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        dl_buf f = DL_BUF_INIT;
        int use;
        if (t[i].extra != NULL)
            features_text(&f, t[i].drop, t[i].extra);
        for (use = DL_FORMAT_READ; use <= DL_FORMAT_WRITE; use++) {
            dl_status want = use == DL_FORMAT_READ ? t[i].read : t[i].write;
            dl_err err;
            dl_status rc;
            dl_err_clear(&err);
            rc = dl_format_check("news.db", t[i].schema, strlen(t[i].schema),
                                 f.data != NULL ? f.data : "", f.len,
                                 (enum dl_format_use)use, &err);
            if (rc != want || (rc != DL_OK && t[i].says != NULL &&
                               strstr(err.msg, t[i].says) == NULL)) {
                print_error("case %zu (%s): %d '%s'\n", i,
                            use == DL_FORMAT_READ ? "read" : "write", (int)rc,
                            err.msg);
                fail();
            }
        }
        dl_buf_free(&f);
    }
}

/* A long path is shortened in its middle, so the advice still fits. */
static void
messages_keep_their_advice_for_long_paths(void **state)
{
    char name[600];
    dl_err err;
    (void)state;
    memset(name, 'd', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    assert_int_equal(dl_format_check(name, "1", 1, "", 0, DL_FORMAT_READ, &err),
                     DL_EINVAL);
    assert_non_null(strstr(err.msg, " [...] "));
    assert_non_null(strstr(err.msg, "rebuild it with `dateline-index --full`"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(what_this_program_writes_it_reads_and_adds_to),
        cmocka_unit_test(other_formats_are_judged_for_reading_and_for_adding),
        cmocka_unit_test(messages_keep_their_advice_for_long_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
