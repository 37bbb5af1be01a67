/* test_json.c - JSON string escaping and the --analyze renderer.
 *
 * Escaping cases are a table of input bytes and the exact expected output;
 * every output is also checked to be valid UTF-8.  dl_analyze is checked in
 * both formats on a text that exercises a joined hyphenated form and a
 * term that needs no escaping next to raw input that would.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyze.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_json.h"
#include "dl_utf8.h"

struct esc_case {
    const char *in;
    size_t len;
    const char *want;
};

#define S(x) x, sizeof(x) - 1

static const struct esc_case esc_cases[] = {
    {S("plain"), "plain"},
    {S("a\"b\\c"), "a\\\"b\\\\c"},
    {S("tab\tnl\ncr\r"), "tab\\u0009nl\\u000acr\\u000d"},
    {S("nul\0end"), "nul\\u0000end"},
    {S("del\x7f"), "del\\u007f"},
    {S("café Қазақ 東京 😀"), "café Қазақ 東京 😀"},
    {S("bad\377byte"), "bad\uFFFDbyte"},
    /* one U+FFFD per maximal subpart (dl_utf8.h) */
    {S("trunc\xE2\x80"), "trunc\xEF\xBF\xBD"},
    {S("trunc\xE2\x80x"), "trunc\xEF\xBF\xBDx"},
    {S("overlong\xC0\xAF"), "overlong\xEF\xBF\xBD\xEF\xBF\xBD"},
    {S("ls\xE2\x80\xA8ps\xE2\x80\xA9"), "ls\\u2028ps\\u2029"},
    {S("</script>"), "</script>"},
    {S(""), ""},
};

static void
escape_table_matches(void **state)
{
    dl_buf b = DL_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
        dl_buf_reset(&b);
        assert_int_equal(dl_buf_puts(&b, ">"), DL_OK);
        assert_int_equal(dl_json_escape(esc_cases[i].in, esc_cases[i].len, &b),
                         DL_OK);
        assert_string_equal(b.data + 1, esc_cases[i].want);
        assert_true(dl_utf8_valid(b.data, b.len));
    }
    dl_buf_reset(&b);
    assert_int_equal(dl_json_string(S("say \"hi\""), &b), DL_OK);
    assert_string_equal(b.data, "\"say \\\"hi\\\"\"");
    dl_buf_free(&b);
}

static void
escape_failure_leaves_buffer_unchanged(void **state)
{
    dl_buf b = DL_BUF_INIT;
    char big[300];
    long k;

    (void)state;
    memset(big, '"', sizeof(big));
    for (k = 0; k < 3; k++) {
        dl_status rc;
        dl_buf_free(&b);
        assert_int_equal(dl_buf_puts(&b, "keep"), DL_OK);
        dl_alloc_fail_after(k, 1);
        rc = dl_json_string(big, sizeof(big), &b);
        dl_alloc_fail_after(-1, 0);
        if (rc != DL_OK) {
            assert_int_equal(rc, DL_ENOMEM);
            assert_string_equal(b.data, "keep");
        }
    }
    dl_buf_free(&b);
}

static void
analyze_renders_text_lines(void **state)
{
    dl_buf b = DL_BUF_INIT;
    static const char text[] = "Nur-Sultan’s CAFÉ";

    (void)state;
    assert_int_equal(dl_analyze(text, sizeof(text) - 1, 0, &b, NULL), DL_OK);
    /* The fifth column is the word's cross-script key (dl_xscript.h):
     * these are capitalised, so each has one. */
    assert_string_equal(b.data, "nur\t0\t0\t3\tnur\n"
                                "nursultan\t0\t0\t14\tnursultan\n"
                                "sultan\t1\t4\t14\tsultan\n"
                                "cafe\t2\t15\t20\tcafe\n");
    dl_buf_free(&b);
}

static void
analyze_renders_json(void **state)
{
    dl_buf b = DL_BUF_INIT;
    static const char text[] = "U.S. \"2,000\"";

    (void)state;
    assert_int_equal(dl_analyze(text, sizeof(text) - 1, 1, &b, NULL), DL_OK);
    assert_string_equal(b.data,
                        "{\"tokens\":["
                        "{\"term\":\"us\",\"pos\":0,\"start\":0,\"end\":4},"
                        "{\"term\":\"2000\",\"pos\":1,\"start\":6,"
                        "\"end\":11}]}\n");
    dl_buf_reset(&b);
    assert_int_equal(dl_analyze("", 0, 1, &b, NULL), DL_OK);
    assert_string_equal(b.data, "{\"tokens\":[]}\n");
    dl_buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_table_matches),
        cmocka_unit_test(escape_failure_leaves_buffer_unchanged),
        cmocka_unit_test(analyze_renders_text_lines),
        cmocka_unit_test(analyze_renders_json),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
