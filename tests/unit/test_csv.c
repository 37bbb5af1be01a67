/* test_csv.c - CSV fields quoted as RFC 4180 asks, and only when needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "dl_buf.h"
#include "render_csv.h"

/* One record of the given fields, as a NUL-terminated string in b. */
static const char *
record(dl_buf *b, const char *const *fields, size_t n)
{
    size_t i;
    dl_buf_reset(b);
    for (i = 0; i < n; i++)
        assert_int_equal(dl_csv_field(b, fields[i], strlen(fields[i]), i == 0),
                         DL_OK);
    assert_int_equal(dl_csv_end(b), DL_OK);
    assert_int_equal(dl_buf_putc(b, '\0'), DL_OK);
    return b->data;
}

static void
test_plain_fields_unquoted(void **state)
{
    dl_buf b = DL_BUF_INIT;
    const char *f[] = {"id", "2020-01-02", "", "Нефть"};
    (void)state;
    assert_string_equal(record(&b, f, 4), "id,2020-01-02,,Нефть\r\n");
    dl_buf_free(&b);
}

static void
test_special_fields_quoted(void **state)
{
    dl_buf b = DL_BUF_INIT;
    const char *f[] = {"Oil, gas", "He said \"no\"", "two\nlines", "cr\rx",
                       " lead", "trail ", "\"", "=1+2"};
    (void)state;
    assert_string_equal(record(&b, f, 8),
                        "\"Oil, gas\",\"He said \"\"no\"\"\",\"two\nlines\","
                        "\"cr\rx\",\" lead\",\"trail \",\"\"\"\",=1+2\r\n");
    dl_buf_free(&b);
}

/* A hit as render_csv.h writes it: every column, in order, quoted by
 * csv.h's rule; cluster_size counts the hit itself. */
static void
test_hit_row_has_every_column(void **state)
{
    dl_buf b = DL_BUF_INIT;
    struct dl_result_hit h;
    (void)state;
    memset(&h, 0, sizeof h);
    h.rank = 7;
    h.id = (char *)(uintptr_t) "dir/a,b.txt";
    h.date = (char *)(uintptr_t) "2020-05";
    h.source = (char *)(uintptr_t) "";
    h.title = (char *)(uintptr_t) "Oil, \"gas\"\nand more";
    h.url = (char *)(uintptr_t) "https://e.org/?a=1,2";
    h.lang = (char *)(uintptr_t) "en";
    h.score = 3.14159;
    h.duplicates = 2;
    assert_int_equal(dl_render_csv_header(&b), DL_OK);
    assert_int_equal(dl_render_csv_hit(&h, &b), DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    assert_string_equal(
        b.data, "rank,id,date,source,title,url,lang,score,cluster_size\r\n"
                "7,\"dir/a,b.txt\",2020-05,,\"Oil, \"\"gas\"\"\nand more\","
                "\"https://e.org/?a=1,2\",en,3.1416,3\r\n");
    dl_buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_fields_unquoted),
        cmocka_unit_test(test_special_fields_quoted),
        cmocka_unit_test(test_hit_row_has_every_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
