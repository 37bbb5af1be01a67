/* test_cgi_params.c - QUERY_STRING decoding and validation for dateline.cgi
 * (cgi_params.h), and the page's links read back through it (the escapers
 * themselves are tested in test_html_escape.c).
 *
 * Cases are tables: a query string and what must come out of it, or the
 * parameter that must be refused.  Allocation failure is injected at every
 * step of a full parse to prove DL_ENOMEM is reported and nothing leaks.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cgi_params.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_date.h"
#include "dl_lang.h"
#include "html_escape.h"
#include "render_html.h"

struct good_case {
    const char *qs;
    const char *q; /* expected decoded query */
    unsigned page;
    dl_sort sort;
    const char *from; /* NULL: absent */
    const char *to;
    const char *source;
    const char *lang;
    bool json;
};

static const struct good_case good[] = {
    {"", "", 1, DL_SORT_RELEVANCE, NULL, NULL, NULL, NULL, false},
    {"q=grain", "grain", 1, DL_SORT_RELEVANCE, NULL, NULL, NULL, NULL, false},
    {"q=grain+harvest", "grain harvest", 1, 0, NULL, NULL, NULL, NULL, false},
    {"q=%22grain%20harvest%22", "\"grain harvest\"", 1, 0, NULL, NULL, NULL,
     NULL, false},
    {"q=caf%C3%A9", "caf\xC3\xA9", 1, 0, NULL, NULL, NULL, NULL, false},
    {"q=%d0%9a%d0%b0%d0%b7", "\xD0\x9A\xD0\xB0\xD0\xB7", 1, 0, NULL, NULL, NULL,
     NULL, false},
    {"q=a%2Bb", "a+b", 1, 0, NULL, NULL, NULL, NULL, false},
    {"q=a%26b%3Dc", "a&b=c", 1, 0, NULL, NULL, NULL, NULL, false},
    {"q=line1%0D%0Aline2%09x", "line1  line2 x", 1, 0, NULL, NULL, NULL, NULL,
     false},
    {"q=x&page=3&sort=newest", "x", 3, DL_SORT_NEWEST, NULL, NULL, NULL, NULL,
     false},
    {"q=x;page=100;sort=oldest", "x", 100, DL_SORT_OLDEST, NULL, NULL, NULL,
     NULL, false},
    {"page=007", "", 7, 0, NULL, NULL, NULL, NULL, false},
    {"q=x&from=2020&to=2021-06", "x", 1, 0, "2020", "2021-06", NULL, NULL,
     false},
    {"from=2020-02-29&to=2020-02-29", "", 1, 0, "2020-02-29", "2020-02-29",
     NULL, NULL, false},
    {"from=2020-05&to=2020", "", 1, 0, "2020-05", "2020", NULL, NULL, false},
    {"from=&to=&page=&sort=&format=&source=&lang=&q=y", "y", 1, 0, NULL, NULL,
     NULL, NULL, false},
    {"source=Caspian+Daily&lang=EN", "", 1, 0, NULL, NULL, "Caspian Daily",
     "en", false},
    {"lang=pt-BR", "", 1, 0, NULL, NULL, NULL, "pt-br", false},
    {"q=x&format=json", "x", 1, 0, NULL, NULL, NULL, NULL, true},
    {"q=x&format=html", "x", 1, 0, NULL, NULL, NULL, NULL, false},
    {"utm_source=feed&q=x&&fbclid=abc&novalue", "x", 1, 0, NULL, NULL, NULL,
     NULL, false},
    {"q", "", 1, 0, NULL, NULL, NULL, NULL, false},
    {"q=a=b", "a=b", 1, 0, NULL, NULL, NULL, NULL, false},
    {"from=1000&to=2999-12-31", "", 1, 0, "1000", "2999-12-31", NULL, NULL,
     false},
};

static void
str_or_null_equal(const char *want, const char *got)
{
    if (want == NULL)
        assert_null(got);
    else
        assert_string_equal(want, got);
}

static void
valid_query_strings_decode_as_expected(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct dl_cgi_params p;
        dl_err err;
        dl_status st;
        dl_cgi_params_init(&p);
        st = dl_cgi_params_parse(good[i].qs, strlen(good[i].qs), &p, &err);
        if (st != DL_OK)
            fail_msg("case %zu '%s': %s", i, good[i].qs, err.msg);
        assert_string_equal(p.q, good[i].q);
        assert_int_equal(p.q_len, strlen(good[i].q));
        assert_int_equal(p.page, good[i].page);
        assert_int_equal(p.sort, good[i].sort);
        str_or_null_equal(good[i].from, p.from);
        str_or_null_equal(good[i].to, p.to);
        str_or_null_equal(good[i].source, p.source);
        str_or_null_equal(good[i].lang, p.lang);
        assert_int_equal(p.json, good[i].json);
        assert_null(p.bad);
        dl_cgi_params_free(&p);
    }
}

struct bad_case {
    const char *qs;
    const char *bad; /* the parameter named */
    bool json;       /* format=json still recognised */
};

static const struct bad_case bad[] = {
    {"q=%", "query string", false},
    {"q=%4", "query string", false},
    {"q=%zz&format=json", "query string", true},
    {"q=%C0%AF", "q", false},       /* overlong '/' */
    {"q=%ED%A0%80", "q", false},    /* UTF-16 surrogate */
    {"q=%F4%90%80%80", "q", false}, /* beyond U+10FFFF */
    {"q=%FF", "q", false},
    {"q=a%00b", "q", false},
    {"q=a%1Bb", "q", false},
    {"q=a%C2%85b", "q", false}, /* C1 NEL */
    {"q=x&q=y", "q", false},
    {"page=0", "page", false},
    {"page=101", "page", false},
    {"page=-1", "page", false},
    {"page=1e2", "page", false},
    {"page=99999999999999999999", "page", false},
    {"page=+5", "page", false},
    {"page=2&page=3", "page", false},
    {"sort=best", "sort", false},
    {"sort=newest%00", "sort", false},
    {"format=xml", "format", false},
    {"format=JSON", "format", false},
    {"from=2020-13", "from", false},
    {"from=2021-02-29", "from", false},
    {"from=1900-02-29", "from", false},
    {"to=2020-04-31", "to", false},
    {"to=20-01-01", "to", false},
    {"from=2020-1-1", "from", false},
    {"from=0999", "from", false},
    {"from=2020-01-01T00:00", "from", false},
    {"from=2021&to=2020", "from", false},
    {"from=2020-07&to=2020-06-30", "from", false},
    {"lang=e", "lang", false},
    {"lang=english", "lang", false},
    {"lang=en%22", "lang", false},
    {"lang=en-", "lang", false},
    {"lang=e1", "lang", false},
    {"source=%0Aevil", "source", false},
    {"source=%FE", "source", false},
    {"from=3000", "from", false},
    {"to=9999-12-31", "to", false},
    {"from=2999-12-31&to=3000-01", "to", false},
    {"sort=bad&format=json", "sort", true},
    {"format=json&page=0", "page", true},
};

static void
invalid_query_strings_name_the_parameter(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct dl_cgi_params p;
        dl_err err;
        dl_status st;
        dl_cgi_params_init(&p);
        st = dl_cgi_params_parse(bad[i].qs, strlen(bad[i].qs), &p, &err);
        if (st != DL_EINVAL)
            fail_msg("case %zu '%s': got %d, want DL_EINVAL", i, bad[i].qs,
                     (int)st);
        assert_non_null(p.bad);
        if (strcmp(p.bad, bad[i].bad) != 0)
            fail_msg("case %zu '%s': blamed %s, want %s", i, bad[i].qs, p.bad,
                     bad[i].bad);
        assert_int_equal(p.json, bad[i].json);
        assert_true(strlen(err.msg) > 10);
        /* Messages never echo the value back. */
        assert_null(strstr(err.msg, "evil"));
        assert_non_null(p.q);
        dl_cgi_params_free(&p);
    }
}

/* The message names the parameter and its value when that is short and
 * plain, and gives the rule (for dates, the indexer's years). */
static void
messages_name_the_parameter_and_its_value(void **state)
{
    static const struct {
        const char *qs;
        const char *want[3]; /* substrings of the message */
    } cases[] = {
        {"q=x&from=3000", {"from=3000", "1000 to 2999", "YYYY-MM-DD"}},
        {"q=x&to=2020-02-30&format=json", {"to=2020-02-30", "end date", NULL}},
        {"q=x&from=1999-13", {"from=1999-13", "start date", NULL}},
        {"page=0", {"page=0", "1 to 100", NULL}},
        {"sort=best", {"sort=best", "relevance", NULL}},
        {"lang=english", {"lang=english", "code", NULL}},
        {"format=xml", {"format=xml", "json", NULL}},
        /* Too long, or not plain, to be quoted back. */
        {"from=2020-01-01T00:00:00.123456789%2B05:00",
         {"start date", NULL, NULL}},
        {"from=%3Cb%3E%20x", {"start date", NULL, NULL}},
    };
    size_t i;
    size_t k;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_cgi_params p;
        dl_err err;
        dl_cgi_params_init(&p);
        assert_int_equal(
            dl_cgi_params_parse(cases[i].qs, strlen(cases[i].qs), &p, &err),
            DL_EINVAL);
        for (k = 0; k < 3 && cases[i].want[k] != NULL; k++) {
            if (strstr(err.msg, cases[i].want[k]) == NULL)
                fail_msg("'%s': message '%s' lacks '%s'", cases[i].qs, err.msg,
                         cases[i].want[k]);
        }
        assert_null(strstr(err.msg, "<b>"));
        assert_null(strstr(err.msg, "T00"));
        dl_cgi_params_free(&p);
    }
}

/* One rule for dates: the page takes exactly the dates the indexer can
 * give an article (dl_date_parse), at every precision, in every year the
 * four digits can write. */
static void
dates_the_page_takes_are_the_dates_the_indexer_takes(void **state)
{
    static const char *const tails[] = {"",       "-01",    "-12-31",
                                        "-02-29", "-02-28", "-04-31"};
    char d[16];
    int y;
    size_t t;
    (void)state;
    for (y = 0; y <= 9999; y++) {
        for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
            struct dl_date dd;
            size_t n = (size_t)snprintf(d, sizeof d, "%04d%s", y, tails[t]);
            bool indexer = dl_date_parse(d, n, &dd);
            if (dl_cgi_date_check(d, n) != indexer)
                fail_msg("'%s': the page says %s, the indexer %s", d,
                         indexer ? "no" : "yes", indexer ? "yes" : "no");
        }
    }
}

static void
length_caps_are_enforced(void **state)
{
    dl_buf qs = DL_BUF_INIT;
    struct dl_cgi_params p;
    dl_err err;
    int i;
    (void)state;

    /* Exactly 1024 bytes of query pass, 1025 fail. */
    assert_int_equal(dl_buf_puts(&qs, "q="), DL_OK);
    for (i = 0; i < 1024; i++)
        assert_int_equal(dl_buf_putc(&qs, 'a'), DL_OK);
    dl_cgi_params_init(&p);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_OK);
    assert_int_equal(p.q_len, 1024);
    dl_cgi_params_free(&p);
    assert_int_equal(dl_buf_putc(&qs, 'a'), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "q");
    dl_cgi_params_free(&p);

    /* 342 escaped bytes (1026 after decoding) fail on q, not on size. */
    dl_buf_reset(&qs);
    assert_int_equal(dl_buf_puts(&qs, "q="), DL_OK);
    for (i = 0; i < 342; i++)
        assert_int_equal(dl_buf_puts(&qs, "%E2%82%AC"), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "q");
    dl_cgi_params_free(&p);

    /* A huge query string is refused whole; format=json still counts. */
    dl_buf_reset(&qs);
    assert_int_equal(dl_buf_puts(&qs, "format=json&x="), DL_OK);
    for (i = 0; i < DL_CGI_MAX_QUERY_STRING; i++)
        assert_int_equal(dl_buf_putc(&qs, 'x'), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "query string");
    assert_true(p.json);
    dl_cgi_params_free(&p);

    /* A source as long as the indexer keeps one (1,024 bytes) passes, a
     * longer one fails. */
    dl_buf_reset(&qs);
    assert_int_equal(dl_buf_puts(&qs, "q=x&source="), DL_OK);
    for (i = 0; i < DL_CGI_MAX_SOURCE; i++)
        assert_int_equal(dl_buf_puts(&qs, i % 2 ? "%C3%A9" : "w"), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "source");
    dl_cgi_params_free(&p);
    dl_buf_reset(&qs);
    assert_int_equal(dl_buf_puts(&qs, "q=x&source="), DL_OK);
    for (i = 0; i < 1024 / 3; i++)
        assert_int_equal(dl_buf_puts(&qs, "%E2%82%AC"), DL_OK);
    assert_int_equal(dl_buf_puts(&qs, "x"), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_OK);
    assert_int_equal(strlen(p.source), 1024);
    dl_cgi_params_free(&p);

    /* Too many pairs, even of unknown names. */
    dl_buf_reset(&qs);
    for (i = 0; i < DL_CGI_MAX_PAIRS + 1; i++)
        assert_int_equal(dl_buf_printf(&qs, "u%d=1&", i), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "query string");
    dl_cgi_params_free(&p);
    dl_buf_free(&qs);
}

/* show: an article id, valid UTF-8 without control characters, up to
 * DL_CGI_MAX_SHOW bytes; the longest view link (show and q at their caps,
 * every byte percent-encoded) fits the query string cap. */
static void
timeline_parameters_are_checked(void **state)
{
    static const char *const refused[] = {
        "q=x&tl=fortnight", "q=x&tl=day&tl=week", "q=x&share=2",
        "q=x&share=yes", "q=x&vs=a%0Bb", "q=x&vs=a%FFb",
        "q=x&vs=a&vs=b&vs=c&vs=d&vs=e",
    };
    dl_buf qs = DL_BUF_INIT;
    struct dl_cgi_params p;
    dl_err err;
    size_t i;
    (void)state;

    dl_cgi_params_init(&p);
    assert_int_equal(dl_cgi_params_parse("q=oil", 5, &p, &err), DL_OK);
    assert_false(p.timeline);
    dl_cgi_params_free(&p);
    assert_int_equal(dl_cgi_params_parse("q=oil&tl=week&share=1", 21, &p,
                                         &err),
                     DL_OK);
    assert_true(p.timeline && p.tl == DL_PERIOD_WEEK && p.share);
    assert_int_equal(p.n_vs, 0);
    dl_cgi_params_free(&p);
    /* vs repeats, keeps its order, and alone means a month timeline. */
    assert_int_equal(dl_cgi_params_parse("q=oil&vs=coffee&vs=&vs=a%2Bb", 28,
                                         &p, &err),
                     DL_OK);
    assert_true(p.timeline && p.tl == DL_PERIOD_MONTH && !p.share);
    assert_int_equal(p.n_vs, 2);
    assert_string_equal(p.vs[0], "coffee");
    assert_string_equal(p.vs[1], "a+b");
    dl_cgi_params_free(&p);
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_equal(
            dl_cgi_params_parse(refused[i], strlen(refused[i]), &p, &err),
            DL_EINVAL);
        dl_cgi_params_free(&p);
    }
    /* A compared query over its cap is refused, at the cap taken. */
    assert_int_equal(dl_buf_puts(&qs, "q=x&vs="), DL_OK);
    for (i = 0; i < DL_CGI_MAX_VS_BYTES; i++)
        assert_int_equal(dl_buf_putc(&qs, 'a'), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_OK);
    dl_cgi_params_free(&p);
    assert_int_equal(dl_buf_putc(&qs, 'a'), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err),
                     DL_EINVAL);
    assert_string_equal(p.bad, "vs");
    dl_cgi_params_free(&p);
    dl_buf_free(&qs);
}

static void
show_takes_an_id_up_to_its_cap(void **state)
{
    static const char *const refused[] = {
        "show=a%0Ab",
        "show=a%FFb",
        "show=a%C2%85b",
        "show=a&show=b",
    };
    dl_buf qs = DL_BUF_INIT;
    struct dl_cgi_params p;
    dl_err err;
    size_t i;
    (void)state;

    dl_cgi_params_init(&p);
    assert_int_equal(
        dl_cgi_params_parse("show=wire%2Fa.txt%235&q=grain", 29, &p, &err),
        DL_OK);
    assert_string_equal(p.show, "wire/a.txt#5");
    assert_string_equal(p.q, "grain");
    dl_cgi_params_free(&p);
    assert_int_equal(dl_cgi_params_parse("show=&q=x", 9, &p, &err), DL_OK);
    assert_null(p.show);
    dl_cgi_params_free(&p);
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_equal(
            dl_cgi_params_parse(refused[i], strlen(refused[i]), &p, &err),
            DL_EINVAL);
        assert_string_equal(p.bad, "show");
        dl_cgi_params_free(&p);
    }
    /* At the cap, every byte encoded, with q at its cap too: taken. */
    assert_int_equal(dl_buf_puts(&qs, "show="), DL_OK);
    for (i = 0; i < DL_CGI_MAX_SHOW; i++)
        assert_int_equal(dl_buf_puts(&qs, "%2F"), DL_OK);
    assert_int_equal(dl_buf_puts(&qs, "&q="), DL_OK);
    for (i = 0; i < DL_CGI_MAX_QUERY; i++)
        assert_int_equal(dl_buf_puts(&qs, "%2A"), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_OK);
    assert_int_equal(strlen(p.show), DL_CGI_MAX_SHOW);
    dl_cgi_params_free(&p);
    /* One byte over: refused, naming show. */
    dl_buf_reset(&qs);
    assert_int_equal(dl_buf_puts(&qs, "q=x&show="), DL_OK);
    for (i = 0; i <= DL_CGI_MAX_SHOW; i++)
        assert_int_equal(dl_buf_putc(&qs, 'a'), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "show");
    assert_null(p.show);
    dl_cgi_params_free(&p);
    dl_buf_free(&qs);
}

static void
null_query_string_is_empty(void **state)
{
    struct dl_cgi_params p;
    dl_err err;
    (void)state;
    dl_cgi_params_init(&p);
    assert_int_equal(dl_cgi_params_parse(NULL, 0, &p, &err), DL_OK);
    assert_string_equal(p.q, "");
    assert_int_equal(p.page, 1);
    dl_cgi_params_free(&p);
    dl_cgi_params_free(&p);
}

static void
date_check_knows_the_calendar(void **state)
{
    static const struct {
        const char *d;
        bool ok;
    } cases[] = {
        {"2020", true},        {"2020-12", true},     {"2020-02-29", true},
        {"2000-02-29", true},  {"2100-02-29", false}, {"2020-00", false},
        {"2020-06-31", false}, {"2020-06-30", true},  {"202", false},
        {"20201", false},      {"2020/06/30", false}, {"", false}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (dl_cgi_date_check(cases[i].d, strlen(cases[i].d)) != cases[i].ok)
            fail_msg("'%s' should be %s", cases[i].d,
                     cases[i].ok ? "valid" : "invalid");
    }
}

static void
allocation_failures_report_enomem_and_leak_nothing(void **state)
{
    static const char qs[] = "q=grain+harvest&page=2&sort=newest&from=2020&"
                             "to=2021&source=Steppe+Wire&lang=en";
    long n;
    (void)state;
    for (n = 0; n < 100; n++) {
        struct dl_cgi_params p;
        dl_err err;
        dl_status st;
        dl_cgi_params_init(&p);
        dl_alloc_fail_after(n, 0);
        st = dl_cgi_params_parse(qs, sizeof qs - 1, &p, &err);
        dl_alloc_fail_after(-1, 0);
        dl_cgi_params_free(&p);
        if (st == DL_OK)
            return;
        assert_int_equal(st, DL_ENOMEM);
    }
    fail_msg("parse never succeeded");
}

static void
url_encoding_round_trips_through_the_parser(void **state)
{
    static const char *const values[] = {
        "grain harvest",
        "a&b=c;d",
        "100% \"sure\"",
        "+plus+",
        "\xD2\x9A\xD0\xB0\xD0\xB7\xD0\xB0\xD2\x9B",
        "x%2By"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        dl_buf qs = DL_BUF_INIT;
        struct dl_cgi_params p;
        dl_err err;
        assert_int_equal(dl_buf_puts(&qs, "q="), DL_OK);
        assert_int_equal(dl_url_encode(&qs, values[i], strlen(values[i])),
                         DL_OK);
        dl_cgi_params_init(&p);
        assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_OK);
        assert_string_equal(p.q, values[i]);
        dl_cgi_params_free(&p);
        dl_buf_free(&qs);
    }
}

/* Render a page of results whose every value is at or past a cap (a
 * source as long as the indexer keeps, one longer, one with a control
 * character, months and languages the page cannot filter on, a long
 * query and a longer suggestion), then read every link on it back through
 * the request parser: each must be accepted, and the values the page can
 * filter on must be linked. */
static void
every_link_of_the_page_is_one_the_page_accepts(void **state)
{
    char src_ok[DL_CGI_MAX_SOURCE + 1];
    char src_long[1101];
    char sugg[1101];
    char src_ctl[] = "Wire\x01"
                     "Desk";
    char m1[] = "2020-05", m2[] = "0999-01", m3[] = "3000-02", m4[] = "2999-12";
    char l1[] = "en", l2[] = "und", l3[] = "toolong-language-code";
    char none[] = "", date[] = "2020-05-01", snip[] = "snippet";
    char month[] = "2020-11";
    struct dl_facet_count sources[3];
    struct dl_facet_count months[] = {{m1, 3}, {m2, 1}, {m3, 1}, {m4, 1}};
    struct dl_facet_count langs[] = {{l1, 3}, {l2, 1}, {l3, 1}};
    struct dl_result_hit hits[2];
    char id_ok[] = "wire/a \"b\" & c\\x0a.txt#3";
    char id_long[DL_CGI_MAX_SHOW + 2];
    struct dl_result res;
    struct dl_cgi_params p;
    struct dl_html_view v;
    dl_buf qs = DL_BUF_INIT;
    dl_buf page = DL_BUF_INIT;
    const char *at;
    size_t links = 0;
    size_t i;
    dl_err err;
    (void)state;

    memset(src_ok, 'A', sizeof src_ok - 1);
    src_ok[sizeof src_ok - 1] = '\0';
    memset(src_long, 'B', sizeof src_long - 1);
    src_long[sizeof src_long - 1] = '\0';
    memset(sugg, 's', sizeof sugg - 1);
    sugg[sizeof sugg - 1] = '\0';
    sources[0].value = src_ok;
    sources[0].count = 5;
    sources[1].value = src_long;
    sources[1].count = 4;
    sources[2].value = src_ctl;
    sources[2].count = 2;

    /* The request: a 1,000-byte query, the longest source, every filter. */
    dl_cgi_params_init(&p);
    assert_int_equal(dl_buf_puts(&qs, "q="), DL_OK);
    for (i = 0; i < 1000; i++)
        assert_int_equal(dl_buf_puts(&qs, i % 5 == 4 ? "+" : "q"), DL_OK);
    assert_int_equal(dl_buf_puts(&qs, "&source="), DL_OK);
    assert_int_equal(dl_url_encode(&qs, src_ok, strlen(src_ok)), DL_OK);
    assert_int_equal(dl_buf_puts(&qs, "&lang=en&from=2020-01&to=2021&"
                                      "sort=newest&page=3"),
                     DL_OK);
    if (dl_cgi_params_parse(qs.data, qs.len, &p, &err) != DL_OK)
        fail_msg("the request itself: %s", err.msg);

    /* Two hits standing for near-duplicates: one whose id the page can
     * link to its view, one whose id is over the cap (no view link: its
     * title is shown as text). */
    memset(id_long, 'i', sizeof id_long - 1);
    id_long[sizeof id_long - 1] = '\0';
    memset(hits, 0, sizeof hits);
    for (i = 0; i < 2; i++) {
        hits[i].rank = (unsigned)(21 + i);
        hits[i].title = hits[i].url = hits[i].path = none;
        hits[i].date = date;
        hits[i].source = src_ok;
        hits[i].lang = l1;
        hits[i].snippet = snip;
        hits[i].snippet_len = 7;
        hits[i].duplicates = 3;
    }
    hits[0].id = id_ok;
    hits[1].id = id_long;
    hits[1].date = month; /* dated to a month: shown as one */
    memset(&res, 0, sizeof res);
    res.query = p.q;
    res.total = res.total_lower = res.total_upper = 5000;
    res.offset = 20;
    res.hits = hits;
    res.n_hits = 2;
    res.has_facets = true;
    res.facets[0].name = "source";
    res.facets[0].v = sources;
    res.facets[0].n = 3;
    res.facets[1].name = "month";
    res.facets[1].v = months;
    res.facets[1].n = sizeof months / sizeof months[0];
    res.facets[2].name = "lang";
    res.facets[2].v = langs;
    res.facets[2].n = sizeof langs / sizeof langs[0];
    res.suggestion = sugg;
    memset(&v, 0, sizeof v);
    v.kind = DL_HTML_RESULTS;
    v.params = &p;
    v.res = &res;
    v.message = NULL;
    v.errpos = DL_HTML_NO_POS;
    assert_int_equal(dl_render_html(&v, &page), DL_OK);
    assert_int_equal(dl_buf_putc(&page, '\0'), DL_OK);

    for (at = strstr(page.data, "href=\"?"); at != NULL;
         at = strstr(at, "href=\"?")) {
        const char *end;
        struct dl_cgi_params back;
        dl_buf link = DL_BUF_INIT;
        at += 7;
        end = strchr(at, '"');
        assert_non_null(end);
        /* A fragment is the browser's, never sent. */
        if (memchr(at, '#', (size_t)(end - at)) != NULL)
            end = memchr(at, '#', (size_t)(end - at));
        while (at < end) {
            bool amp = strncmp(at, "&amp;", 5) == 0;
            assert_int_equal(dl_buf_putc(&link, amp ? '&' : *at), DL_OK);
            at += amp ? 5 : 1;
        }
        dl_cgi_params_init(&back);
        if (dl_cgi_params_parse(link.data != NULL ? link.data : "", link.len,
                                &back, &err) != DL_OK)
            fail_msg("the page links to '%.120s...', which it refuses: %s",
                     link.data, err.msg);
        dl_cgi_params_free(&back);
        dl_buf_free(&link);
        links++;
    }
    /* Sort (2), pages, remove filters (3), sources, months, languages. */
    assert_true(links >= 15);
    /* What can be filtered on is linked; the rest is shown as text. */
    assert_non_null(strstr(page.data, "from=2020-05&amp;to=2020-05"));
    assert_non_null(strstr(page.data, "from=2999-12&amp;to=2999-12"));
    assert_null(strstr(page.data, "from=0999"));
    assert_null(strstr(page.data, "from=3000"));
    assert_non_null(strstr(page.data, "lang=und"));
    assert_null(strstr(page.data, "lang=toolong"));
    assert_null(strstr(page.data, "source=BBBB"));
    assert_non_null(strstr(page.data, "BBBBBBBBBBBBBBBB"));
    assert_null(strstr(page.data, "source=Wire"));
    assert_non_null(strstr(page.data, "WireDesk"));
    assert_null(strstr(page.data, "q=sssss"));
    assert_non_null(strstr(page.data, "<strong>sssss"));
    /* The view of a hit, and its near-duplicates listed there. */
    assert_non_null(strstr(page.data, "<a href=\"?show=wire%2Fa+%22b%22+%26+"
                                      "c%5Cx0a.txt%233&amp;q=qqqq"));
    assert_non_null(strstr(page.data, "#similar\">3 similar articles</a>"));
    assert_null(strstr(page.data, "show=iiii"));
    assert_non_null(strstr(page.data, "<h2>(untitled)</h2>"));
    assert_non_null(strstr(page.data, "<p class=\"dups\">3 similar "
                                      "articles</p>"));
    assert_non_null(
        strstr(page.data, "<time datetime=\"2020-11\">Nov 2020</time>"));
    dl_buf_free(&page);
    dl_buf_free(&qs);
    dl_cgi_params_free(&p);
}

/* The page names every language the detector can return, in its hits and
 * in its language facet, instead of showing the bare code; "und" is
 * "Undetermined". */
static void
page_names_every_detected_language(void **state)
{
    const dl_lang_info *li = NULL;
    size_t named = 0;

    (void)state;
    for (;;) {
        static char id[] = "a.txt", empty[] = "", snip[] = "text";
        char code[16];
        const char *name;
        struct dl_cgi_params p;
        struct dl_facet_count langs[1];
        struct dl_result_hit hit;
        struct dl_result res;
        struct dl_html_view v;
        dl_buf page = DL_BUF_INIT;
        char want[128];
        dl_err err;

        li = dl_lang_next(li);
        if (li != NULL && !li->detected)
            continue;
        snprintf(code, sizeof code, "%s", li != NULL ? li->code : "und");
        name = li != NULL ? li->name : "Undetermined";
        dl_cgi_params_init(&p);
        assert_int_equal(dl_cgi_params_parse("q=grain", 7, &p, &err), DL_OK);
        memset(&hit, 0, sizeof hit);
        hit.rank = 1;
        hit.id = id;
        hit.title = hit.url = hit.path = hit.date = hit.source = empty;
        hit.lang = code;
        hit.snippet = snip;
        hit.snippet_len = 4;
        langs[0].value = code;
        langs[0].count = 1;
        memset(&res, 0, sizeof res);
        res.query = p.q;
        res.total = res.total_lower = res.total_upper = 1;
        res.hits = &hit;
        res.n_hits = 1;
        res.has_facets = true;
        res.facets[0].name = "lang";
        res.facets[0].v = langs;
        res.facets[0].n = 1;
        memset(&v, 0, sizeof v);
        v.kind = DL_HTML_RESULTS;
        v.params = &p;
        v.res = &res;
        v.errpos = DL_HTML_NO_POS;
        assert_int_equal(dl_render_html(&v, &page), DL_OK);
        assert_int_equal(dl_buf_putc(&page, '\0'), DL_OK);
        snprintf(want, sizeof want, " &middot; %s", name);
        if (strstr(page.data, want) == NULL)
            fail_msg("the hit in '%s' does not name it %s", code, name);
        snprintf(want, sizeof want, "lang=%s\">%s</a>", code, name);
        if (strstr(page.data, want) == NULL)
            fail_msg("the facet of '%s' does not name it %s", code, name);
        named++;
        dl_buf_free(&page);
        dl_cgi_params_free(&p);
        if (li == NULL)
            break;
    }
    assert_true(named >= 40);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_query_strings_decode_as_expected),
        cmocka_unit_test(invalid_query_strings_name_the_parameter),
        cmocka_unit_test(length_caps_are_enforced),
        cmocka_unit_test(show_takes_an_id_up_to_its_cap),
        cmocka_unit_test(null_query_string_is_empty),
        cmocka_unit_test(date_check_knows_the_calendar),
        cmocka_unit_test(messages_name_the_parameter_and_its_value),
        cmocka_unit_test(dates_the_page_takes_are_the_dates_the_indexer_takes),
        cmocka_unit_test(every_link_of_the_page_is_one_the_page_accepts),
        cmocka_unit_test(page_names_every_detected_language),
        cmocka_unit_test(allocation_failures_report_enomem_and_leak_nothing),
        cmocka_unit_test(url_encoding_round_trips_through_the_parser),
        cmocka_unit_test(timeline_parameters_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
