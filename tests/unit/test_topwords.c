/* test_topwords.c - the surface form shown for a stem: the one most
 * documents hold, ties broken by length then bytes, whatever the order
 * the forms were met in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "topwords.h"

#define FORM(s, d) {s, sizeof s - 1, d}

static void
test_most_documents_wins(void **state)
{
    const struct dl_topword_form f[] = {FORM("quota", 3), FORM("quotas", 9),
                                        FORM("quotaed", 1)};
    (void)state;
    assert_int_equal(dl_topwords_best_form(f, 3), 1);
}

static void
test_tie_goes_to_shorter_then_bytes(void **state)
{
    const struct dl_topword_form a[] = {FORM("tonnes", 2), FORM("tonne", 2)};
    const struct dl_topword_form b[] = {FORM("grows", 4), FORM("grown", 4),
                                        FORM("growing", 4)};
    const struct dl_topword_form c[] = {FORM("grown", 4), FORM("grows", 4)};
    (void)state;
    assert_int_equal(dl_topwords_best_form(a, 2), 1);
    assert_int_equal(dl_topwords_best_form(b, 3), 1);
    assert_int_equal(dl_topwords_best_form(c, 2), 0);
}

static void
test_one_form_and_cyrillic(void **state)
{
    const struct dl_topword_form one[] = {FORM("brazil", 7)};
    const struct dl_topword_form ru[] = {FORM("нефти", 5), FORM("нефть", 5),
                                         FORM("нефтью", 1)};
    (void)state;
    assert_int_equal(dl_topwords_best_form(one, 1), 0);
    /* Same documents and length: byte order, whatever came first. */
    assert_int_equal(dl_topwords_best_form(ru, 3), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_most_documents_wins),
        cmocka_unit_test(test_tie_goes_to_shorter_then_bytes),
        cmocka_unit_test(test_one_form_and_cyrillic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
