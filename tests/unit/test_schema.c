/* test_schema.c - the shown form of names (dl_schema_escape_name) and its
 * inverse (dl_schema_unescape_name): every byte string comes back from
 * its shown form, and nothing that is not a shown form is read as one. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_schema.h"

/* escape then unescape in[0..n): the same bytes again. */
static void
round_trip(const char *in, size_t n)
{
    dl_buf shown = DL_BUF_INIT;
    dl_buf back = DL_BUF_INIT;
    assert_int_equal(dl_schema_escape_name(&shown, in, n), DL_OK);
    assert_int_equal(
        dl_schema_unescape_name(&back, shown.data != NULL ? shown.data : "",
                                shown.len),
        DL_OK);
    assert_int_equal(back.len, n);
    if (n > 0)
        assert_memory_equal(back.data, in, n);
    dl_buf_free(&shown);
    dl_buf_free(&back);
}

static void
every_name_comes_back_from_its_shown_form(void **state)
{
    static const char *const names[] = {
        "",
        "corpus/ledger/2020/budget.txt",
        "news/Zürich café, 2020.txt",
        "новости/итоги года.txt",
        "a\nb",
        "a\\x0ab",
        "a\\",
        "\\\\\\",
        "\\x",
        "a\\\\x0ab.txt#12",
        "\xc2\x85",
        "a\xe2\x80\xa8",
        "\xe2\x80\xaetxt.exe",
        "\xc0\xaf",
        "\xed\xa0\x80",
        "\xe2\x82",
        "\xff\xfe\\\xff",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        round_trip(names[i], strlen(names[i]));
}

static void
random_bytes_come_back_from_their_shown_form(void **state)
{
    char buf[64];
    unsigned seed = 12345;
    int t;
    size_t k;
    (void)state;
    /* Every byte value, NUL included, and runs of backslashes. */
    for (t = 0; t < 2000; t++) {
        size_t n = (size_t)(t % 63) + 1;
        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[k] = (seed >> 16) % 4 == 0 ? '\\' : (char)(seed >> 8);
        }
        round_trip(buf, n);
    }
}

static void
malformed_shown_forms_are_refused_and_leave_out_as_it_was(void **state)
{
    static const char *const bad[] = {"a\\",  "a\\x",  "a\\x4",  "a\\x4g",
                                      "a\\y", "\\X41", "a\\\\\\"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dl_buf out = DL_BUF_INIT;
        assert_int_equal(dl_buf_puts(&out, "kept"), DL_OK);
        assert_int_equal(dl_schema_unescape_name(&out, bad[i], strlen(bad[i])),
                         DL_EINVAL);
        assert_string_equal(out.data, "kept");
        dl_buf_free(&out);
    }
}

static void
upper_case_hex_and_plain_names_unescape_too(void **state)
{
    dl_buf out = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_schema_unescape_name(&out, "a\\x0Ab\\\\c", 9), DL_OK);
    assert_int_equal(out.len, 5);
    assert_memory_equal(out.data, "a\nb\\c", 5);
    dl_buf_reset(&out);
    assert_int_equal(dl_schema_unescape_name(&out, "plain/name.txt#3", 16),
                     DL_OK);
    assert_string_equal(out.data, "plain/name.txt#3");
    dl_buf_free(&out);
}

static void
unescape_out_of_memory_leaves_out_as_it_was(void **state)
{
    dl_buf out = DL_BUF_INIT;
    char name[4096];
    (void)state;
    memset(name, 'a', sizeof name);
    memcpy(name + sizeof name - 4, "\\x41", 4);
    assert_int_equal(dl_buf_puts(&out, "kept"), DL_OK);
    /* More than the buffer holds: it must grow, and cannot. */
    dl_alloc_fail_after(0, 1);
    assert_int_equal(dl_schema_unescape_name(&out, name, sizeof name),
                     DL_ENOMEM);
    dl_alloc_fail_after(-1, 0);
    assert_string_equal(out.data, "kept");
    dl_buf_free(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_name_comes_back_from_its_shown_form),
        cmocka_unit_test(random_bytes_come_back_from_their_shown_form),
        cmocka_unit_test(
            malformed_shown_forms_are_refused_and_leave_out_as_it_was),
        cmocka_unit_test(upper_case_hex_and_plain_names_unescape_too),
        cmocka_unit_test(unescape_out_of_memory_leaves_out_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
