/* test_timeline.c - period arithmetic (ISO weeks across year ends, labels,
 * keys that step by one) and the timeline's CSV and JSON renderings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "period.h"
#include "render_timeline.h"
#include "timeline.h"

static const char *
label_of(enum dl_period p, int y, int m, int d, char out[DL_PERIOD_LABEL_MAX])
{
    dl_period_label(p, dl_period_key(p, y, m, d), out);
    return out;
}

static void
test_iso_weeks_across_year_ends(void **state)
{
    char b[DL_PERIOD_LABEL_MAX];
    (void)state;
    /* 2021-01-03 is a Sunday in the last week of 2020 (2020 had 53). */
    assert_string_equal(label_of(DL_PERIOD_WEEK, 2021, 1, 3, b), "2020-W53");
    assert_string_equal(label_of(DL_PERIOD_WEEK, 2021, 1, 4, b), "2021-W01");
    /* 2019-12-30 is the Monday of 2020's first week. */
    assert_string_equal(label_of(DL_PERIOD_WEEK, 2019, 12, 30, b), "2020-W01");
    assert_string_equal(label_of(DL_PERIOD_WEEK, 2019, 12, 29, b), "2019-W52");
    assert_string_equal(label_of(DL_PERIOD_WEEK, 2020, 2, 13, b), "2020-W07");
    assert_string_equal(label_of(DL_PERIOD_WEEK, 1987, 2, 26, b), "1987-W09");
    /* Before 1970 weeks still start on Mondays. */
    assert_string_equal(label_of(DL_PERIOD_WEEK, 1969, 12, 29, b), "1970-W01");
    assert_string_equal(label_of(DL_PERIOD_WEEK, 1969, 12, 28, b), "1969-W52");
    assert_int_equal(dl_period_key(DL_PERIOD_WEEK, 2021, 1, 4) -
                         dl_period_key(DL_PERIOD_WEEK, 2021, 1, 3),
                     1);
}

static void
test_labels_and_first_days(void **state)
{
    char b[DL_PERIOD_LABEL_MAX];
    int y;
    int m;
    int d;
    enum dl_period p;
    (void)state;
    assert_string_equal(label_of(DL_PERIOD_DAY, 2020, 2, 29, b), "2020-02-29");
    assert_string_equal(label_of(DL_PERIOD_MONTH, 1987, 10, 19, b), "1987-10");
    assert_string_equal(label_of(DL_PERIOD_YEAR, 1987, 10, 19, b), "1987");
    /* Keys step by one from a period to the next, over year ends. */
    assert_int_equal(dl_period_key(DL_PERIOD_DAY, 2021, 1, 1) -
                         dl_period_key(DL_PERIOD_DAY, 2020, 12, 31),
                     1);
    assert_int_equal(dl_period_key(DL_PERIOD_MONTH, 2021, 1, 1) -
                         dl_period_key(DL_PERIOD_MONTH, 2020, 12, 31),
                     1);
    assert_int_equal(dl_period_key(DL_PERIOD_DAY, 1970, 1, 1), 0);
    dl_period_first_day(DL_PERIOD_WEEK,
                        dl_period_key(DL_PERIOD_WEEK, 2021, 1, 3), &y, &m, &d);
    assert_true(y == 2020 && m == 12 && d == 28);
    dl_period_first_day(DL_PERIOD_MONTH,
                        dl_period_key(DL_PERIOD_MONTH, 1999, 12, 7), &y, &m,
                        &d);
    assert_true(y == 1999 && m == 12 && d == 1);
    assert_true(dl_period_parse("week", &p) && p == DL_PERIOD_WEEK);
    assert_false(dl_period_parse("fortnight", &p));
    assert_string_equal(dl_period_name(DL_PERIOD_YEAR), "year");
}

/* A comparison of two queries over three months, the second with a
 * comma and quotes in its text, one undated match. */
static void
sample(struct dl_timeline *t, struct dl_timeline_series s[2],
       unsigned long m[2][3], unsigned long tot[3])
{
    static char q1[] = "oil";
    static char q2[] = "coffee, \"ico\"";
    memset(t, 0, sizeof *t);
    memset(s, 0, 2 * sizeof *s);
    t->query = q1;
    t->period = DL_PERIOD_MONTH;
    t->compare = true;
    t->first = dl_period_key(DL_PERIOD_MONTH, 2020, 12, 1);
    t->n_periods = 3;
    t->series = s;
    t->n_series = 2;
    s[0].label = q1;
    s[1].label = q2;
    s[0].matching = m[0];
    s[1].matching = m[1];
    s[0].total = tot;
    s[1].total = tot;
    s[1].undated_matching = 1;
    s[1].undated_total = 4;
}

static void
test_csv_of_a_comparison(void **state)
{
    struct dl_timeline t;
    struct dl_timeline_series s[2];
    unsigned long m[2][3] = {{1, 0, 3}, {2, 5, 0}};
    unsigned long tot[3] = {4, 10, 0};
    dl_buf b = DL_BUF_INIT;
    (void)state;
    sample(&t, s, m, tot);
    assert_int_equal(dl_render_timeline_csv(&t, &b), DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    assert_string_equal(
        b.data,
        "period,oil matching,oil total,oil share,\"coffee, \"\"ico\"\" "
        "matching\",\"coffee, \"\"ico\"\" total\",\"coffee, \"\"ico\"\" "
        "share\"\r\n"
        "2020-12,1,4,0.25,2,4,0.5\r\n"
        "2021-01,0,10,0,5,10,0.5\r\n"
        "2021-02,3,0,,0,0,\r\n"
        "undated,0,0,,1,4,0.25\r\n");
    dl_buf_free(&b);
}

static void
test_csv_by_source_one_row_per_period_and_source(void **state)
{
    struct dl_timeline t;
    struct dl_timeline_series s[2];
    unsigned long m[2][3] = {{1, 0, 3}, {2, 5, 0}};
    unsigned long tot[3] = {4, 10, 0};
    dl_buf b = DL_BUF_INIT;
    (void)state;
    sample(&t, s, m, tot);
    t.compare = false;
    t.by_source = true;
    t.period = DL_PERIOD_YEAR;
    t.first = 2019;
    assert_int_equal(dl_render_timeline_csv(&t, &b), DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    assert_string_equal(b.data, "period,source,matching,total,share\r\n"
                                "2019,oil,1,4,0.25\r\n"
                                "2019,\"coffee, \"\"ico\"\"\",2,4,0.5\r\n"
                                "2020,oil,0,10,0\r\n"
                                "2020,\"coffee, \"\"ico\"\"\",5,10,0.5\r\n"
                                "2021,oil,3,0,\r\n"
                                "2021,\"coffee, \"\"ico\"\"\",0,0,\r\n"
                                "undated,oil,0,0,\r\n"
                                "undated,\"coffee, \"\"ico\"\"\",1,4,0.25\r\n");
    dl_buf_free(&b);
}

static void
test_json_escapes_labels_and_writes_null_shares(void **state)
{
    struct dl_timeline t;
    struct dl_timeline_series s[2];
    unsigned long m[2][3] = {{1, 0, 3}, {2, 5, 0}};
    unsigned long tot[3] = {4, 10, 0};
    dl_buf b = DL_BUF_INIT;
    (void)state;
    sample(&t, s, m, tot);
    assert_int_equal(dl_render_timeline_json(&t, &b), DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    assert_non_null(strstr(b.data, "\"label\":\"coffee, \\\"ico\\\"\""));
    assert_non_null(strstr(b.data, "\"share\":[0.25,0,null]"));
    assert_non_null(
        strstr(b.data, "\"periods\":[\"2020-12\",\"2021-01\",\"2021-02\"]"));
    dl_buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_weeks_across_year_ends),
        cmocka_unit_test(test_labels_and_first_days),
        cmocka_unit_test(test_csv_of_a_comparison),
        cmocka_unit_test(test_csv_by_source_one_row_per_period_and_source),
        cmocka_unit_test(test_json_escapes_labels_and_writes_null_shares),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
