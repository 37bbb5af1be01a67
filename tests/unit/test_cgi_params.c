/* test_cgi_params.c - QUERY_STRING decoding and validation for dateline.cgi
 * (cgi_params.h), and the two escapers the page is built with
 * (dl_html_escape, dl_url_encode from render_html.h).
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
#include <string.h>

#include <cmocka.h>

#include "cgi_params.h"
#include "dl_alloc.h"
#include "dl_buf.h"
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

    /* Too many pairs, even of unknown names. */
    dl_buf_reset(&qs);
    for (i = 0; i < DL_CGI_MAX_PAIRS + 1; i++)
        assert_int_equal(dl_buf_printf(&qs, "u%d=1&", i), DL_OK);
    assert_int_equal(dl_cgi_params_parse(qs.data, qs.len, &p, &err), DL_EINVAL);
    assert_string_equal(p.bad, "query string");
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
html_escape_covers_markup_and_bad_bytes(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"plain", "plain"},
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"\"><svg onload=x>", "&quot;&gt;&lt;svg onload=x&gt;"},
        {"it's & \"so\"", "it&#39;s &amp; &quot;so&quot;"},
        {"&amp;", "&amp;amp;"},
        {"a\x01"
         "b\x7F"
         "c",
         "abc"},
        {"tab\there", "tab here"},
        {"caf\xC3\xA9", "caf\xC3\xA9"},
        {"bad\xFF"
         "byte",
         "bad\xEF\xBF\xBD"
         "byte"},
        {"over\xC0\xBClong", "over\xEF\xBF\xBD\xEF\xBF\xBDlong"},
        {"c1\xC2\x85x", "c1x"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_buf b = DL_BUF_INIT;
        assert_int_equal(dl_html_escape(&b, cases[i].in, strlen(cases[i].in)),
                         DL_OK);
        assert_string_equal(b.data != NULL ? b.data : "", cases[i].out);
        dl_buf_free(&b);
    }
}

static void
url_encode_leaves_only_unreserved_bytes(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"grain harvest", "grain+harvest"},
        {"a&b=c", "a%26b%3Dc"},
        {"\"quoted\"", "%22quoted%22"},
        {"javascript:alert(1)", "javascript%3Aalert%281%29"},
        {"caf\xC3\xA9", "caf%C3%A9"},
        {"a+b", "a%2Bb"},
        {"-._~", "-._~"},
        {"<>'#%", "%3C%3E%27%23%25"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_buf b = DL_BUF_INIT;
        assert_int_equal(dl_url_encode(&b, cases[i].in, strlen(cases[i].in)),
                         DL_OK);
        assert_string_equal(b.data, cases[i].out);
        dl_buf_free(&b);
    }
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_query_strings_decode_as_expected),
        cmocka_unit_test(invalid_query_strings_name_the_parameter),
        cmocka_unit_test(length_caps_are_enforced),
        cmocka_unit_test(null_query_string_is_empty),
        cmocka_unit_test(date_check_knows_the_calendar),
        cmocka_unit_test(allocation_failures_report_enomem_and_leak_nothing),
        cmocka_unit_test(html_escape_covers_markup_and_bad_bytes),
        cmocka_unit_test(url_encode_leaves_only_unreserved_bytes),
        cmocka_unit_test(url_encoding_round_trips_through_the_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
