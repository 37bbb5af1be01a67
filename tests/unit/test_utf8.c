/* test_utf8.c - the one UTF-8 decoder, validator and encoder (dl_utf8.h).
 *
 * Decoding cases are a table of bytes and the code point (or invalid unit)
 * and length expected; the Unicode Standard's own examples of U+FFFD
 * substitution (section 3.9, tables 3-8 to 3-11) are checked byte for byte.
 * Two exhaustive checks use utf8proc, an independent implementation, as the
 * oracle: every scalar value encodes as utf8proc encodes it and decodes
 * back, and over every short byte string built from bytes at the edges of
 * table 3-7's ranges, a decoded sequence is exactly what utf8proc accepts
 * and an invalid unit is exactly the maximal subpart (a prefix of some
 * well-formed sequence that the next byte does not continue).  Inputs are
 * copied into buffers of their exact length, so AddressSanitizer catches a
 * read past len.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_utf8.h"

#define INVALID DL_UTF8_INVALID

struct decode_case {
    const char *in;
    size_t len;
    int cp; /* INVALID for an invalid unit */
    size_t used;
};

#define B(x) x, sizeof(x) - 1

static const struct decode_case decode_cases[] = {
    /* well-formed, at the edges of each row of table 3-7 */
    {B("A"), 'A', 1},
    {B("\x7F"), 0x7F, 1},
    {B("\xC2\x80"), 0x80, 2},
    {B("\xC3\xA9"), 0xE9, 2},
    {B("\xDF\xBF"), 0x7FF, 2},
    {B("\xE0\xA0\x80"), 0x800, 3},
    {B("\xE2\x80\x99"), 0x2019, 3},
    {B("\xED\x9F\xBF"), 0xD7FF, 3},
    {B("\xEE\x80\x80"), 0xE000, 3},
    {B("\xEF\xBF\xBD"), 0xFFFD, 3}, /* a real U+FFFD is no invalid unit */
    {B("\xEF\xBF\xBF"), 0xFFFF, 3},
    {B("\xF0\x90\x80\x80"), 0x10000, 4},
    {B("\xF0\x9F\x98\x80"), 0x1F600, 4},
    {B("\xF4\x8F\xBF\xBF"), 0x10FFFF, 4},
    /* overlong forms: their lead (or its next byte) starts nothing */
    {B("\xC0\xAF"), INVALID, 1},
    {B("\xC1\xBF"), INVALID, 1},
    {B("\xE0\x80\xAF"), INVALID, 1},
    {B("\xE0\x9F\xBF"), INVALID, 1},
    {B("\xF0\x80\x80\xAF"), INVALID, 1},
    {B("\xF0\x8F\xBF\xBF"), INVALID, 1},
    /* surrogates */
    {B("\xED\xA0\x80"), INVALID, 1},
    {B("\xED\xBF\xBF"), INVALID, 1},
    /* past U+10FFFF */
    {B("\xF4\x90\x80\x80"), INVALID, 1},
    {B("\xF5\x80\x80\x80"), INVALID, 1},
    {B("\xF7\xBF\xBF\xBF"), INVALID, 1},
    {B("\xFF"), INVALID, 1},
    {B("\xFE"), INVALID, 1},
    /* lone continuation bytes */
    {B("\x80"), INVALID, 1},
    {B("\xBF\x80"), INVALID, 1},
    /* truncated: the maximal subpart is the whole start */
    {B("\xC3"), INVALID, 1},
    {B("\xC3\x41"), INVALID, 1},
    {B("\xE2\x80"), INVALID, 2},
    {B("\xE2\x80\x41"), INVALID, 2},
    {B("\xE2\x80\xE2\x80\x99"), INVALID, 2},
    {B("\xF0\x9F"), INVALID, 2},
    {B("\xF0\x9F\x98"), INVALID, 3},
    {B("\xF0\x9F\x98\x41"), INVALID, 3},
    {B("\xF4\x8F\xBF\xC0"), INVALID, 3},
    /* len bounds the read even where more bytes follow in memory */
    {"\xE2\x80\x99", 2, INVALID, 2},
    {"\xF0\x9F\x98\x80", 1, INVALID, 1},
};

/* A copy of s[0..n) in a buffer of exactly n bytes; caller frees. */
static char *
exact_copy(const char *s, size_t n)
{
    char *p = dl_malloc(n > 0 ? n : 1);

    assert_non_null(p);
    memcpy(p, s, n);
    return p;
}

static void
next_reads_one_code_point_or_one_invalid_unit(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
        const struct decode_case *c = &decode_cases[i];
        char *in = exact_copy(c->in, c->len);
        int cp = -2;
        size_t used = dl_utf8_next(in, c->len, &cp);

        if (cp != c->cp || used != c->used)
            print_error("case %zu: cp %d used %zu, want cp %d used %zu\n", i,
                        cp, used, c->cp, c->used);
        assert_int_equal(cp, c->cp);
        assert_int_equal(used, c->used);
        /* dl_utf8_decode: the same unit, read as U+FFFD when invalid */
        used = dl_utf8_decode(in, c->len, &cp);
        assert_int_equal(cp, c->cp == INVALID ? 0xFFFD : c->cp);
        assert_int_equal(used, c->used);
        dl_free(in);
    }
}

/* s[0..n) with every invalid unit replaced by U+FFFD, through the decoder
 * and the encoder, into out (reset first). */
static void
substitute(const char *s, size_t n, dl_buf *out)
{
    size_t i = 0;

    dl_buf_reset(out);
    while (i < n) {
        char enc[DL_UTF8_MAX];
        int cp;
        i += dl_utf8_decode(s + i, n - i, &cp);
        assert_int_equal(dl_buf_append(out, enc, dl_utf8_encode(cp, enc)),
                         DL_OK);
    }
    assert_int_equal(dl_buf_putc(out, '\0'), DL_OK);
}

#define R "\xEF\xBF\xBD"

/* The Unicode Standard 15.0, section 3.9, "U+FFFD Substitution of Maximal
 * Subparts": table 3-8 (use of U+FFFD in UTF-8 conversion), 3-9
 * (non-shortest forms), 3-10 (surrogates), 3-11 (other ill-formed
 * sequences) and the truncated sequences of the same section. */
static const struct {
    const char *in;
    const char *want;
} standard_cases[] = {
    {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
     "a" R R R "b" R "c" R R "d"},
    {"\xC0\xAF\xE0\x80\xBF\xF0\x81\x82\x41", R R R R R R R R "A"},
    {"\xED\xA0\x80\xED\xBF\xBF\xED\xAF\x41", R R R R R R R R "A"},
    {"\xF4\x91\x92\x93\xFF\x41\x80\xBF\x42", R R R R R "A" R R "B"},
    {"\xE1\x80\xE2\xF0\x91\x92\xF1\xBF\x41", R R R R "A"},
};

static void
invalid_units_follow_the_unicode_standards_examples(void **state)
{
    dl_buf out = DL_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof standard_cases / sizeof standard_cases[0]; i++) {
        size_t n = strlen(standard_cases[i].in);
        char *in = exact_copy(standard_cases[i].in, n);
        substitute(in, n, &out);
        assert_string_equal(out.data, standard_cases[i].want);
        assert_true(dl_utf8_valid(out.data, out.len - 1));
        dl_free(in);
    }
    dl_buf_free(&out);
}

static void
valid_accepts_well_formed_text_only(void **state)
{
    static const char ascii[] = "The grain harvest came in early this year";
    char buf[64];
    size_t k;

    (void)state;
    assert_true(dl_utf8_valid(NULL, 0));
    assert_true(dl_utf8_valid("", 0));
    assert_true(dl_utf8_valid(ascii, strlen(ascii)));
    assert_true(dl_utf8_valid("Қазақ ’ 😀", strlen("Қазақ ’ 😀")));
    assert_true(dl_utf8_valid("\xEF\xBF\xBD", 3));
    assert_true(dl_utf8_valid("\xF4\x8F\xBF\xBF", 4));
    assert_false(dl_utf8_valid("a\xFF", 2));
    assert_false(dl_utf8_valid("\xE2\x80", 2));
    assert_false(dl_utf8_valid("\xC0\xAF", 2));
    assert_false(dl_utf8_valid("\xED\xA0\x80", 3));
    assert_false(dl_utf8_valid("\xF4\x90\x80\x80", 4));
    /* a NUL is a character like any other */
    assert_true(dl_utf8_valid("a\0b", 3));
    /* one bad byte at every place in and after runs of ASCII (the eight-
     * byte fast path) */
    for (k = 0; k < 40; k++) {
        memcpy(buf, ascii, 40);
        buf[k] = (char)0x80;
        assert_false(dl_utf8_valid(buf, 40));
        buf[k] = 'x';
        assert_true(dl_utf8_valid(buf, 40));
    }
    /* a sequence cut by len */
    memcpy(buf, ascii, 16);
    memcpy(buf + 16, "\xC3\xA9", 2);
    assert_true(dl_utf8_valid(buf, 18));
    assert_false(dl_utf8_valid(buf, 17));
}

static void
encode_round_trips_every_scalar_value(void **state)
{
    long cp;
    size_t bad = 0;

    (void)state;
    for (cp = 0; cp <= 0x10FFFF; cp++) {
        char enc[DL_UTF8_MAX];
        utf8proc_uint8_t want[4];
        utf8proc_ssize_t wn;
        size_t n;
        int back;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        n = dl_utf8_encode(cp, enc);
        wn = utf8proc_encode_char((utf8proc_int32_t)cp, want);
        if ((utf8proc_ssize_t)n != wn || memcmp(enc, want, n) != 0 ||
            dl_utf8_next(enc, n, &back) != n || back != cp) {
            if (bad++ < 5)
                print_error("U+%04lX does not round-trip\n", cp);
        }
    }
    assert_int_equal(bad, 0);
}

static void
encode_writes_replacement_for_non_scalar_values(void **state)
{
    static const long bad[] = {-1,     -0x10000, 0xD800,   0xDBFF,
                               0xDC00, 0xDFFF,   0x110000, 0x7FFFFFFF};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char enc[DL_UTF8_MAX];
        assert_int_equal(dl_utf8_encode(bad[i], enc), 3);
        assert_memory_equal(enc, R, 3);
    }
}

/* Bytes at the edges of every range of table 3-7, and a few outside. */
static const unsigned char edges[] = {
    0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
    0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
    0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
};

/* Continuation bytes enough to complete any start: one of each range that
 * table 3-7 tells apart. */
static const unsigned char tails[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF};

/* Is s[0..k) (k <= 4) the start of a well-formed sequence, by utf8proc? */
static int
starts_wellformed(const unsigned char *s, size_t k)
{
    unsigned char t[4];
    utf8proc_int32_t cp;
    size_t total;

    for (total = k; total <= 4; total++) {
        size_t combos = 1;
        size_t c;
        size_t j;
        for (j = k; j < total; j++)
            combos *= sizeof tails;
        for (c = 0; c < combos; c++) {
            size_t r = c;
            memcpy(t, s, k);
            for (j = k; j < total; j++) {
                t[j] = tails[r % sizeof tails];
                r /= sizeof tails;
            }
            if (total > 0 && utf8proc_iterate(t, (utf8proc_ssize_t)total,
                                              &cp) == (utf8proc_ssize_t)total)
                return 1;
        }
    }
    return 0;
}

/* Check the decoder's one step over s[0..n) against the oracle. */
static int
step_is_right(const unsigned char *s, size_t n)
{
    char *in = exact_copy((const char *)s, n);
    utf8proc_int32_t want;
    utf8proc_ssize_t r;
    int cp;
    size_t used = dl_utf8_next(in, n, &cp);

    dl_free(in);
    r = utf8proc_iterate(s, (utf8proc_ssize_t)n, &want);
    if (cp != INVALID) /* a well-formed sequence: utf8proc reads it too */
        return r == (utf8proc_ssize_t)used && want == cp &&
               starts_wellformed(s, used);
    /* an invalid unit: the maximal subpart */
    if (used < 1 || used > 3 || used > n)
        return 0;
    if (used > 1 && !starts_wellformed(s, used))
        return 0;
    return used == n || !starts_wellformed(s, used + 1);
}

static void
invalid_units_are_maximal_subparts(void **state)
{
    const size_t ne = sizeof edges;
    unsigned char s[4];
    size_t bad = 0;
    size_t a, b, c, d;

    (void)state;
    /* every one- and two-byte string */
    for (a = 0; a < 256; a++) {
        s[0] = (unsigned char)a;
        bad += !step_is_right(s, 1);
        for (b = 0; b < 256; b++) {
            s[1] = (unsigned char)b;
            bad += !step_is_right(s, 2);
        }
    }
    /* three and four bytes from the edges */
    for (a = 0; a < ne; a++) {
        for (b = 0; b < ne; b++) {
            for (c = 0; c < ne; c++) {
                s[0] = edges[a];
                s[1] = edges[b];
                s[2] = edges[c];
                bad += !step_is_right(s, 3);
                for (d = 0; d < ne; d++) {
                    s[3] = edges[d];
                    bad += !step_is_right(s, 4);
                }
            }
        }
    }
    assert_int_equal(bad, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(next_reads_one_code_point_or_one_invalid_unit),
        cmocka_unit_test(invalid_units_follow_the_unicode_standards_examples),
        cmocka_unit_test(valid_accepts_well_formed_text_only),
        cmocka_unit_test(encode_round_trips_every_scalar_value),
        cmocka_unit_test(encode_writes_replacement_for_non_scalar_values),
        cmocka_unit_test(invalid_units_are_maximal_subparts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
