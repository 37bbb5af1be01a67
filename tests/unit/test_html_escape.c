/* test_html_escape.c - the page's escapers (html_escape.h): tables of
 * input bytes and the exact output, for HTML text and attributes and for
 * query-string values.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "dl_utf8.h"
#include "html_escape.h"

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

/* One U+FFFD per invalid unit (a maximal subpart, dl_utf8.h): a truncated
 * sequence is one, however many of its bytes came. */
static void
html_escape_replaces_each_invalid_unit_once(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"cut\xE2\x80", "cut\xEF\xBF\xBD"},
        {"cut\xE2\x80<b>", "cut\xEF\xBF\xBD&lt;b&gt;"},
        {"\xF0\x9F\x98x", "\xEF\xBF\xBDx"},
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_buf b = DL_BUF_INIT;
        assert_int_equal(dl_html_escape(&b, cases[i].in, strlen(cases[i].in)),
                         DL_OK);
        assert_string_equal(b.data, cases[i].out);
        assert_true(dl_utf8_valid(b.data, b.len));
        dl_buf_free(&b);
    }
}

/* The one rule for a URL the page and the feed may link to. */
static void
web_url_needs_http_host_and_no_controls(void **state)
{
    (void)state;
    assert_true(dl_web_url_ok("http://example.org/a?b=c#d"));
    assert_true(dl_web_url_ok("HTTPS://example.org"));
    assert_false(dl_web_url_ok("javascript:alert(1)"));
    assert_false(dl_web_url_ok("ftp://example.org/"));
    assert_false(dl_web_url_ok("http://"));
    assert_false(dl_web_url_ok("https:///path"));
    assert_false(dl_web_url_ok("http://exa mple.org/"));
    assert_false(dl_web_url_ok("http://example.org/\x7f"));
    assert_false(dl_web_url_ok("http://example.org/\n"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_escape_covers_markup_and_bad_bytes),
        cmocka_unit_test(html_escape_replaces_each_invalid_unit_once),
        cmocka_unit_test(url_encode_leaves_only_unreserved_bytes),
        cmocka_unit_test(web_url_needs_http_host_and_no_controls),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
