/* test_suggest.c - dl_suggest_distance: Levenshtein over code points. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "suggest.h"

static unsigned
dist(const char *a, const char *b, unsigned max)
{
    return dl_suggest_distance(a, strlen(a), b, strlen(b), max);
}

/* One edit is one code point, whatever its length in bytes. */
static void
counts_code_points_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(dist("grain", "grain", 2), 0);
    assert_int_equal(dist("grain", "grian", 2), 2);
    assert_int_equal(dist("grain", "grains", 2), 1);
    assert_int_equal(dist("нефть", "нефти", 2), 1);         /* 2-byte letters */
    assert_int_equal(dist("東京都", "東京", 2), 1);         /* 3-byte letters */
    assert_int_equal(dist("a\xF0\x9F\x98\x80", "a", 2), 1); /* 4 bytes */
    assert_int_equal(dist("zürich", "zurich", 2), 1);
}

/* Past max the answer is max + 1, also when the lengths alone say so. */
static void
stops_past_max(void **state)
{
    (void)state;
    assert_int_equal(dist("oil", "petroleum", 2), 3);
    assert_int_equal(dist("abcd", "wxyz", 2), 3);
    assert_int_equal(dist("", "ab", 2), 2);
}

/* An invalid unit (a maximal subpart) is one code point; two different
 * invalid bytes differ, the same one matches. */
static void
invalid_units_count_once(void **state)
{
    (void)state;
    assert_int_equal(dist("a\xE2\x82", "a", 2), 1); /* truncated: one unit */
    assert_int_equal(dist("a\xFF", "a\xFF", 2), 0);
    assert_int_equal(dist("a\xFF", "a\xFE", 2), 1);
    assert_int_equal(dist("a\xFF", "a\xC3\xBF", 2), 1); /* not U+00FF */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_code_points_not_bytes),
        cmocka_unit_test(stops_past_max),
        cmocka_unit_test(invalid_units_count_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
