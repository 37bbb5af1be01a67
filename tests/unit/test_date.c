/* test_date.c - dl_date: metadata formats, range and calendar validation,
 * dates in paths and in datelines, YYYYMMDD formatting. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dl_date.h"

struct date_case {
    const char *in;
    int ok;
    int y;
    int m;
    int d;
};

static void
check_cases(const struct date_case *c, size_t n, int kind)
{
    size_t i;

    for (i = 0; i < n; i++) {
        struct dl_date d = {-1, -1, -1};
        bool ok;
        if (kind == 0)
            ok = dl_date_parse(c[i].in, strlen(c[i].in), &d);
        else if (kind == 1)
            ok = dl_date_from_path(c[i].in, &d);
        else if (kind == 3)
            ok = dl_date_parse_meta(c[i].in, strlen(c[i].in), &d);
        else
            ok = dl_date_from_dateline(c[i].in, strlen(c[i].in), &d);
        print_message("case: %s\n", c[i].in);
        assert_int_equal(ok, c[i].ok);
        if (!c[i].ok)
            continue;
        assert_int_equal(d.year, c[i].y);
        assert_int_equal(d.month, c[i].m);
        assert_int_equal(d.day, c[i].d);
    }
}

static void
metadata_formats_parse_to_year_month_day(void **state)
{
    static const struct date_case cases[] = {
        {"2020-11-13", 1, 2020, 11, 13},
        {"2020-11-13T08:00:00Z", 1, 2020, 11, 13},
        {"1987-02-26T15:01:01.790", 1, 1987, 2, 26},
        {"  2020-11-13 08:00", 1, 2020, 11, 13},
        {"2020-11", 1, 2020, 11, 0},
        {"2020", 1, 2020, 0, 0},
        {"Fri, 13 Nov 2020 08:00:00 GMT", 1, 2020, 11, 13},
        {"13 Nov 2020", 1, 2020, 11, 13},
        {"Nov. 13, 2020", 1, 2020, 11, 13},
        {"November 13, 2020", 1, 2020, 11, 13},
        {"NOVEMBER 3 2020", 1, 2020, 11, 3},
        {"Sept. 1, 2019", 1, 2019, 9, 1},
        {"13.11.2020", 1, 2020, 11, 13},
        {"2020/11/13", 1, 2020, 11, 13},
        {"26-FEB-1987 15:01:01.79", 1, 1987, 2, 26},
        {"13 ноября 2020", 1, 2020, 11, 13},
        {"1 Января 2021 года", 1, 2021, 1, 1},
        {"13 novembre 2020", 1, 2020, 11, 13},
        {"1er", 0, 0, 0, 0},
        {"3 février 2021", 1, 2021, 2, 3},
        {"13. November 2020", 1, 2020, 11, 13},
        {"3. März 2021", 1, 2021, 3, 3},
        {"13 de noviembre de 2020", 1, 2020, 11, 13},
        {"29 Feb 2020", 1, 2020, 2, 29},
        {"29.02.2000", 1, 2000, 2, 29},
    };
    (void)state;
    check_cases(cases, sizeof cases / sizeof cases[0], 0);
}

static void
impossible_dates_and_garbage_are_rejected(void **state)
{
    static const struct date_case cases[] = {
        {"2020-02-30", 0, 0, 0, 0},
        {"2019-02-29", 0, 0, 0, 0},
        {"1900-02-29", 0, 0, 0, 0},
        {"2020-13-01", 0, 0, 0, 0},
        {"2020-00-10", 0, 0, 0, 0},
        {"2020-04-31", 0, 0, 0, 0},
        {"31.04.2020", 0, 0, 0, 0},
        {"30 Feb 2020", 0, 0, 0, 0},
        {"Nov. 31, 2020", 0, 0, 0, 0},
        {"0999-01-01", 0, 0, 0, 0},
        {"3000-01-01", 0, 0, 0, 0},
        {"garbage", 0, 0, 0, 0},
        {"", 0, 0, 0, 0},
        {"13 Foo 2020", 0, 0, 0, 0},
        {"2020-11-13x", 0, 0, 0, 0},
        {"20201", 0, 0, 0, 0},
        {"2020-1-13", 0, 0, 0, 0},
        {"13 Nov 20", 0, 0, 0, 0},
    };
    (void)state;
    check_cases(cases, sizeof cases / sizeof cases[0], 0);
}

static void
metadata_also_takes_slashes_and_javascript_dates(void **state)
{
    static const struct date_case cases[] = {
        {"March 5, 2019", 1, 2019, 3, 5},
        {"Tue, 05 Mar 2019 10:00:00 +0000", 1, 2019, 3, 5},
        {"05/03/2019 10:00", 1, 2019, 5, 3},
        {"5/3/2019", 1, 2019, 5, 3},
        {"13/03/2019", 1, 2019, 3, 13},
        {"03/13/2019, 10:00 AM", 1, 2019, 3, 13},
        {"13/13/2019", 0, 0, 0, 0},
        {"02/30/2019", 0, 0, 0, 0},
        {"05/03/19", 0, 0, 0, 0},
        {"05/03/2019x", 0, 0, 0, 0},
        {"Wed Nov 20 2019 09:28:00 GMT+0000 (UTC)", 1, 2019, 11, 20},
        {"Someday Nov 20 2019", 0, 0, 0, 0},
        {"2019-11-20T09:28:00.000Z", 1, 2019, 11, 20},
    };
    struct dl_date d;
    (void)state;
    check_cases(cases, sizeof cases / sizeof cases[0], 3);
    /* Queries keep their own forms. */
    assert_false(dl_date_parse("05/03/2019", 10, &d));
}

static void
parse_never_reads_past_len(void **state)
{
    struct dl_date d;
    (void)state;
    /* "2020-11-13" cut to "2020-11-1": not a date, the '3' is unseen */
    assert_false(dl_date_parse("2020-11-13", 9, &d));
    assert_true(dl_date_parse("2020-11-13", 7, &d));
    assert_int_equal(d.month, 11);
    assert_int_equal(d.day, 0);
}

static void
paths_yield_their_dates(void **state)
{
    static const struct date_case cases[] = {
        {"/archive/2020/11/13/story.html", 1, 2020, 11, 13},
        {"news/2020-11-13-brexit.txt", 1, 2020, 11, 13},
        {"news/2020_11_13.txt", 1, 2020, 11, 13},
        {"/srv/20201113/a.txt", 1, 2020, 11, 13},
        /* A bare run of eight digits counts only as a whole directory or
         * file name: beside other text it is as often an article number
         * (issue 23: "...25340717" read as 2534-07-17). */
        {"feed_20201113.xml", 0, 0, 0, 0},
        {"/news/story-25340717.html", 0, 0, 0, 0},
        {"/news/article-20190717.html", 0, 0, 0, 0},
        {"/news/20190717.html.gz", 1, 2019, 7, 17},
        {"20190717.txt", 1, 2019, 7, 17},
        {"/srv/20201113_v2.txt", 0, 0, 0, 0},
        {"news/2020-11-13_v2.txt", 1, 2020, 11, 13},
        /* The year must be one an archive can hold. */
        {"/archive/2534/07/17/x.html", 0, 0, 0, 0},
        {"/archive/2534-07-17.html", 0, 0, 0, 0},
        {"/archive/1650/07/17/x.html", 0, 0, 0, 0},
        {"/archive/1871/03/18/x.html", 1, 1871, 3, 18},
        {"/archive/2099/12/x.html", 1, 2099, 12, 0},
        {"/archive/2100/01/x.html", 0, 0, 0, 0},
        {"/archive/2020/11/index.html", 1, 2020, 11, 0},
        {"/a/2020/11/x/2019/05/06/b", 1, 2019, 5, 6},
        {"/archive/2020/13/01/x", 0, 0, 0, 0},
        {"/srv/20201131/a.txt", 0, 0, 0, 0},
        {"/srv/120201113/a.txt", 0, 0, 0, 0},
        {"/corpora/bbc/sport/199.txt", 0, 0, 0, 0},
        {"", 0, 0, 0, 0},
    };
    (void)state;
    check_cases(cases, sizeof cases / sizeof cases[0], 1);
}

static void
datelines_yield_their_dates(void **state)
{
    static const struct date_case cases[] = {
        {"MOSCOW, Nov. 13, 2020 (Reuters) - The central bank said", 1, 2020, 11,
         13},
        {"26-FEB-1987 15:01:01.79\nBAHIA COCOA REVIEW", 1, 1987, 2, 26},
        {"LONDON (AP) — 13 November 2020 — Shares fell", 1, 2020, 11, 13},
        {"МОСКВА, 13 ноября 2020 г. — Банк России", 1, 2020, 11, 13},
        {"PARIS, 13 novembre 2020 (AFP) -", 1, 2020, 11, 13},
        {"Sales rose 12 pct to 2020 mln dlrs in March", 0, 0, 0, 0},
        {"No date here at all.", 0, 0, 0, 0},
        {"NUR-SULTAN, Kazakhstan, 13 November 2020 (Reuters) - A", 1, 2020, 11,
         13},
        {"13 Nov 2020", 1, 2020, 11, 13},
        {"АСТАНА, 13 ноября 2020 года. Правительство", 0, 0, 0, 0},
        {"АСТАНА, 13 ноября 2020 года — Правительство", 1, 2020, 11, 13},
        /* A date the story tells of, or a report it cites, is no
         * dateline (issue 23). */
        {"On March 5, 2019, the court ruled that", 0, 0, 0, 0},
        {"In a report published on 5 March 2019, the bank said", 0, 0, 0, 0},
        {"WASHINGTON - In a report released March 5, 2019 - officials", 0, 0, 0,
         0},
        {"The bank cut rates.\nMOSCOW, Nov. 13, 2020 (Reuters) - Later", 0, 0,
         0, 0},
        {"\xE2\x80\x94 Jane Doe (@janedoe) March 5, 2019", 0, 0, 0, 0},
    };
    char far[600];
    struct dl_date d;
    (void)state;

    check_cases(cases, sizeof cases / sizeof cases[0], 2);
    /* past the first 400 bytes a date is body text, not a dateline */
    memset(far, ' ', sizeof far);
    memcpy(far + 450, "13 Nov 2020", 11);
    assert_false(dl_date_from_dateline(far, sizeof far, &d));
    memset(far, ' ', sizeof far);
    memcpy(far + 100, "13 Nov 2020", 11);
    assert_true(dl_date_from_dateline(far, sizeof far, &d));
}

static void
format_writes_yyyymmdd_with_unknowns_as_01(void **state)
{
    static const struct {
        struct dl_date d;
        const char *want;
    } cases[] = {
        {{2020, 11, 13}, "20201113"},
        {{2020, 11, 0}, "20201101"},
        {{2020, 0, 0}, "20200101"},
        {{1987, 2, 26}, "19870226"},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[9];
        dl_date_format(&cases[i].d, buf);
        assert_string_equal(buf, cases[i].want);
    }
}

/* The pieces of lo..hi written as the index's term names ("Y2020",
 * "M202002", "D20200229"), space-separated, or "TOO MANY". */
static const char *
pieces(const char *lo, const char *hi, size_t max)
{
    static char out[1024];
    struct dl_date_piece p[80];
    size_t n = dl_date_range_pieces(lo, hi, p, max);
    size_t i, at = 0;
    assert_true(max <= 80);
    if (n > max)
        return "TOO MANY";
    out[0] = '\0';
    for (i = 0; i < n; i++) {
        if (p[i].month == 0)
            at += (size_t)snprintf(out + at, sizeof out - at, "%sY%04d",
                                   i ? " " : "", p[i].year);
        else if (p[i].day == 0)
            at += (size_t)snprintf(out + at, sizeof out - at, "%sM%04d%02d",
                                   i ? " " : "", p[i].year, p[i].month);
        else
            at +=
                (size_t)snprintf(out + at, sizeof out - at, "%sD%04d%02d%02d",
                                 i ? " " : "", p[i].year, p[i].month, p[i].day);
        assert_true(at < sizeof out);
    }
    return out;
}

static void
ranges_split_into_whole_years_months_and_days(void **state)
{
    (void)state;
    assert_string_equal(pieces("20200101", "20201231", 64), "Y2020");
    /* "31" ends any month: February of a leap year is whole */
    assert_string_equal(pieces("20200201", "20200231", 64), "M202002");
    assert_string_equal(pieces("20210201", "20210228", 64), "M202102");
    assert_string_equal(pieces("20200228", "20200302", 64),
                        "D20200228 D20200229 D20200301 D20200302");
    assert_string_equal(pieces("20191230", "20210102", 64),
                        "D20191230 D20191231 Y2020 D20210101 D20210102");
    assert_string_equal(pieces("20190101", "20200630", 64),
                        "Y2019 M202001 M202002 M202003 M202004 M202005 "
                        "M202006");
    assert_string_equal(pieces("20201113", "20201113", 64), "D20201113");
    assert_string_equal(pieces("20201201", "20210131", 64), "M202012 M202101");
    /* more pieces than allowed, or ends that are not dates */
    assert_string_equal(pieces("19000101", "20201231", 64), "TOO MANY");
    assert_string_equal(pieces("20200101", "20200105", 4), "TOO MANY");
    assert_string_equal(pieces("20200101", "20200104", 4),
                        "D20200101 D20200102 D20200103 D20200104");
    assert_string_equal(pieces("2020x101", "20201231", 64), "TOO MANY");
    assert_string_equal(pieces("20201301", "20201231", 64), "TOO MANY");
    /* an empty range has no pieces */
    assert_string_equal(pieces("20201231", "20200101", 64), "");
}

/* Day numbers differ by the days between dates, over leap days, century
 * years and month ends; what is not a date is -1. */
static void
day_numbers_count_the_days_between_dates(void **state)
{
    static const struct {
        const char *a, *b;
        long days;
    } t[] = {
        {"20200228", "20200301", 2}, /* leap day */
        {"20210228", "20210301", 1},
        {"19000228", "19000301", 1}, /* 1900: no leap day */
        {"20000228", "20000301", 2}, /* 2000: one */
        {"20200101", "20210101", 366},
        {"19870226", "19871020", 236},
        {"20201231", "20210101", 1},
        {"20200430", "20200431", 1}, /* "the month's last day" past it */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        long d = dl_date_day_number(t[i].b) - dl_date_day_number(t[i].a);
        if (d != t[i].days) {
            print_error("%s..%s: %ld days, want %ld\n", t[i].a, t[i].b, d,
                        t[i].days);
            fail();
        }
    }
    assert_int_equal(dl_date_day_number("20201301"), -1);
    assert_int_equal(dl_date_day_number("2020-1-1"), -1);
    assert_int_equal(dl_date_day_number("20200100"), -1);
}

static void
iso_dates_are_exact_and_real(void **state)
{
    static const struct {
        const char *in;
        int y, m, d; /* y 0: refused */
    } cases[] = {
        {"2020", 2020, 0, 0},
        {"2020-11", 2020, 11, 0},
        {"2020-11-13", 2020, 11, 13},
        {"2020-02-29", 2020, 2, 29},
        {"2000-02-29", 2000, 2, 29},
        {"1900-02-29", 0, 0, 0}, /* not a leap year */
        {"2019-02-29", 0, 0, 0},
        {"2020-04-31", 0, 0, 0},
        {"2020-13", 0, 0, 0},
        {"2020-00", 0, 0, 0},
        {"2020-01-00", 0, 0, 0},
        {"0999", 0, 0, 0},       /* before DL_DATE_YEAR_MIN */
        {"3000-01-01", 0, 0, 0}, /* after DL_DATE_YEAR_MAX */
        {"2020-1-13", 0, 0, 0},
        {"2020/11/13", 0, 0, 0},
        {"13 Nov 2020", 0, 0, 0},
        {"2020-11-13T08:00", 0, 0, 0},
        {"20201113", 0, 0, 0},
        {"", 0, 0, 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_date d = {0, 0, 0};
        bool ok = dl_date_parse_iso(cases[i].in, strlen(cases[i].in), &d);
        if (ok != (cases[i].y != 0))
            fail_msg("'%s' %s", cases[i].in, ok ? "taken" : "refused");
        if (!ok)
            continue;
        assert_int_equal(d.year, cases[i].y);
        assert_int_equal(d.month, cases[i].m);
        assert_int_equal(d.day, cases[i].d);
    }
    /* the length bounds the read: "2020" out of "2020-11" */
    {
        struct dl_date d;
        assert_true(dl_date_parse_iso("2020-11", 4, &d));
        assert_int_equal(d.month, 0);
    }
    assert_false(dl_date_parse_iso(NULL, 0, NULL));
}

static void
months_have_their_days(void **state)
{
    (void)state;
    assert_int_equal(dl_date_days_in_month(2021, 1), 31);
    assert_int_equal(dl_date_days_in_month(2021, 2), 28);
    assert_int_equal(dl_date_days_in_month(2020, 2), 29);
    assert_int_equal(dl_date_days_in_month(2000, 2), 29);
    assert_int_equal(dl_date_days_in_month(1900, 2), 28);
    assert_int_equal(dl_date_days_in_month(2021, 4), 30);
    assert_int_equal(dl_date_days_in_month(2021, 12), 31);
    assert_int_equal(dl_date_days_in_month(2021, 0), 0);
    assert_int_equal(dl_date_days_in_month(2021, 13), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metadata_formats_parse_to_year_month_day),
        cmocka_unit_test(impossible_dates_and_garbage_are_rejected),
        cmocka_unit_test(metadata_also_takes_slashes_and_javascript_dates),
        cmocka_unit_test(parse_never_reads_past_len),
        cmocka_unit_test(paths_yield_their_dates),
        cmocka_unit_test(datelines_yield_their_dates),
        cmocka_unit_test(format_writes_yyyymmdd_with_unknowns_as_01),
        cmocka_unit_test(ranges_split_into_whole_years_months_and_days),
        cmocka_unit_test(day_numbers_count_the_days_between_dates),
        cmocka_unit_test(iso_dates_are_exact_and_real),
        cmocka_unit_test(months_have_their_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
