/* test_normalize.c - index-term normalisation and the Unicode forms.
 *
 * Hand cases are a table of input and expected term (SPEC section 4: case
 * folding, NFKC, ignorables, punctuation, diacritics and the letters that
 * must keep theirs).  The conformance test reads the official
 * $UNICODE_DATA/NormalizationTest.txt.bz2 through `bzip2 -dc` (no libbz2
 * dependency for one test), checks every invariant of part 1 for NFC, NFD,
 * NFKC and NFKD, and the part 2 rule (every other assigned code point is
 * left alone by all four forms); it is skipped when the file or bzip2 is
 * missing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_normalize.h"
#include "dl_utf8.h"

struct term_case {
    const char *in;
    const char *want;
};

static const struct term_case term_cases[] = {
    {"CAFÉ", "cafe"},
    {"Cafe\xCC\x81", "cafe"}, /* decomposed é */
    {"Zürich", "zurich"},
    {"Ёлка", "елка"},
    {"ёлка", "елка"},
    {"йод", "йод"},
    {"ЙОД", "йод"},
    {"и\xCC\x86од", "йод"}, /* decomposed й composes back */
    {"Їжак", "їжак"},
    {"Қазақстан", "қазақстан"},
    {"ӘҒҚҢӨҰҮҺІ", "әғқңөұүһі"},
    {"ﬁnance", "finance"},
    {"ＡＢＣ", "abc"},
    {"news\xC2\xADpaper", "newspaper"}, /* soft hyphen */
    {"zero\xE2\x80\x8Bwidth", "zerowidth"},
    {"a\u200Cb\u200Dc", "abc"},               /* ZWNJ, ZWJ */
    {"\xEF\xBB\xBFword\xE2\x81\xA0", "word"}, /* BOM, word joiner */
    {"Kazakhstan’s", "kazakhstan's"},
    {"‘x’ ʼy′ ＇z", "'x' 'y' 'z"},
    {"“a” „b‟ «c» ＂d＂", "\"a\" \"b\" \"c\" \"d\""},
    {"a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"},
    {"STRASSE", "strasse"},
    {"Straße", "strasse"}, /* full case folding */
    {"ΆΘΗΝΑ", "αθηνα"},
    {"İstanbul", "istanbul"},
    {"Ångström", "angstrom"},
    {"\xE2\x84\xAB", "a"}, /* U+212B ANGSTROM SIGN */
    {"ガ", "ガ"},          /* kana voicing mark stays */
    {"ｶﾞ", "ガ"},          /* halfwidth composes */
    {"हिन्दी", "हिन्दी"},    /* Indic vowel signs stay */
    {"Łódź", "lodz"},
    {"Øresund", "oresund"},
    {"œuvre", "oeuvre"},
    {"ÆRØ", "aero"},
    {"Đà Nẵng", "da nang"},
    {"Þór ð", "þor ð"}, /* Icelandic letters stay */
    {"ґ ў ѓ", "ґ у г"},
    {"x²", "x2"},
    {"Hello World 123", "hello world 123"},
    {"", ""},
};

static void
term_table_normalizes_as_expected(void **state)
{
    dl_buf b = DL_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(term_cases) / sizeof(term_cases[0]); i++) {
        const struct term_case *c = &term_cases[i];
        dl_buf_reset(&b);
        assert_int_equal(dl_normalize_term(c->in, strlen(c->in), &b), DL_OK);
        if (strcmp(b.data, c->want) != 0)
            print_error("case %zu: %s -> %s, want %s\n", i, c->in, b.data,
                        c->want);
        assert_string_equal(b.data, c->want);
    }
    dl_buf_free(&b);
}

static void
normalize_term_appends_without_reset(void **state)
{
    dl_buf b = DL_BUF_INIT;

    (void)state;
    assert_int_equal(dl_normalize_term("AB", 2, &b), DL_OK);
    assert_int_equal(dl_normalize_term("ÉC", strlen("ÉC"), &b), DL_OK);
    assert_string_equal(b.data, "abec");
    assert_int_equal(b.len, 4);
    dl_buf_free(&b);
}

static void
invalid_utf8_becomes_replacement_character(void **state)
{
    static const char in[] = {'a', (char)0xFF, 'b', (char)0xC3};
    dl_buf b = DL_BUF_INIT;

    (void)state;
    assert_int_equal(dl_normalize_term(in, sizeof(in), &b), DL_OK);
    assert_string_equal(b.data, "a\uFFFDb\uFFFD");
    assert_true(dl_utf8_valid(b.data, b.len));
    dl_buf_free(&b);
}

static void
long_term_uses_heap_and_survives_allocation_failure(void **state)
{
    dl_buf b = DL_BUF_INIT;
    size_t n = 5000;
    size_t i;
    char *in = dl_malloc(n * 2);
    long k;

    (void)state;
    assert_non_null(in);
    for (i = 0; i < n; i++) {
        in[2 * i] = (char)0xC3; /* É */
        in[2 * i + 1] = (char)0x89;
    }
    assert_int_equal(dl_normalize_term(in, n * 2, &b), DL_OK);
    assert_int_equal(b.len, n);
    assert_int_equal(b.data[0], 'e');
    assert_int_equal(b.data[n - 1], 'e');
    /* Every allocation in turn fails: DL_ENOMEM, never a crash or leak. */
    for (k = 0; k < 4; k++) {
        dl_status rc;
        dl_buf_free(&b);
        dl_alloc_fail_after(k, 1);
        rc = dl_normalize_term(in, n * 2, &b);
        dl_alloc_fail_after(-1, 0);
        assert_true(rc == DL_OK || rc == DL_ENOMEM);
    }
    dl_buf_free(&b);
    dl_free(in);
}

/* A term normalises to itself (so --analyze of a term shows the term, and a
 * query term typed as the index wrote it still matches) and is NFC, for
 * every assigned code point alone and after a letter (marks need a base). */
static void
normalized_terms_are_fixed_points_in_nfc(void **state)
{
    dl_buf once = DL_BUF_INIT;
    dl_buf twice = DL_BUF_INIT;
    long bad = 0;
    int cp;

    (void)state;
    for (cp = 0; cp <= 0x10FFFF; cp++) {
        char in[8] = {'x'};
        utf8proc_ssize_t n;
        int v;
        if ((cp >= 0xD800 && cp <= 0xDFFF) ||
            utf8proc_category(cp) == UTF8PROC_CATEGORY_CN)
            continue;
        n = utf8proc_encode_char(cp, (utf8proc_uint8_t *)in + 1);
        for (v = 0; v < 2; v++) {
            dl_buf_reset(&once);
            dl_buf_reset(&twice);
            assert_int_equal(
                dl_normalize_term(in + 1 - v, (size_t)n + v, &once), DL_OK);
            assert_int_equal(dl_normalize_term(once.data, once.len, &twice),
                             DL_OK);
            if (once.len != twice.len ||
                memcmp(once.data, twice.data, once.len) != 0) {
                print_error("U+%04X: %s then %s\n", cp, once.data, twice.data);
                bad++;
            }
            dl_buf_reset(&twice);
            assert_int_equal(dl_utf8_nfc(once.data, once.len, &twice), DL_OK);
            if (strcmp(once.data, twice.data) != 0) {
                print_error("U+%04X: %s is not NFC\n", cp, once.data);
                bad++;
            }
        }
    }
    dl_buf_free(&once);
    dl_buf_free(&twice);
    assert_int_equal(bad, 0);
}

static void
plain_forms_refuse_invalid_utf8(void **state)
{
    dl_buf b = DL_BUF_INIT;

    (void)state;
    assert_int_equal(dl_utf8_nfc("a\xFF", 2, &b), DL_EINVAL);
    assert_int_equal(dl_utf8_nfkd("\xC0\xAF", 2, &b), DL_EINVAL);
    assert_int_equal(dl_utf8_nfc("e\xCC\x81", 3, &b), DL_OK);
    assert_string_equal(b.data, "\xC3\xA9");
    dl_buf_free(&b);
}

/* ---- NormalizationTest.txt ---------------------------------------------- */

typedef dl_status (*form_fn)(const char *, size_t, dl_buf *);

/* Parse one column of space-separated hex code points into UTF-8. */
static int
parse_column(const char *p, const char *end, dl_buf *out)
{
    dl_buf_reset(out);
    while (p < end) {
        char *next;
        long cp;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t n;
        while (p < end && *p == ' ')
            p++;
        if (p >= end)
            break;
        cp = strtol(p, &next, 16);
        if (next == p || cp < 0 || cp > 0x10FFFF)
            return -1;
        n = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
        if (dl_buf_append(out, enc, (size_t)n) != DL_OK)
            return -1;
        p = next;
    }
    return out->len > 0 ? 0 : -1;
}

static int
form_is(form_fn f, const dl_buf *in, const dl_buf *want, dl_buf *tmp)
{
    dl_buf_reset(tmp);
    if (f(in->data, in->len, tmp) != DL_OK)
        return 0;
    return tmp->len == want->len &&
           memcmp(tmp->data, want->data, want->len) == 0;
}

/* UAX #15 conformance invariants for one line c[0..4] = c1..c5. */
static int
line_passes(dl_buf *c, dl_buf *tmp)
{
    int i;

    for (i = 0; i < 3; i++) {
        if (!form_is(dl_utf8_nfc, &c[i], &c[1], tmp) ||
            !form_is(dl_utf8_nfd, &c[i], &c[2], tmp))
            return 0;
    }
    for (i = 3; i < 5; i++) {
        if (!form_is(dl_utf8_nfc, &c[i], &c[3], tmp) ||
            !form_is(dl_utf8_nfd, &c[i], &c[4], tmp))
            return 0;
    }
    for (i = 0; i < 5; i++) {
        if (!form_is(dl_utf8_nfkc, &c[i], &c[3], tmp) ||
            !form_is(dl_utf8_nfkd, &c[i], &c[4], tmp))
            return 0;
    }
    return 1;
}

static void
official_normalization_test_passes(void **state)
{
    const char *dir = getenv("UNICODE_DATA");
    char path[1024];
    char cmd[1200];
    char line[4096];
    FILE *f;
    dl_buf c[5];
    dl_buf tmp = DL_BUF_INIT;
    unsigned char *listed;
    int part = -1;
    long lines = 0;
    long lines_ok = 0;
    long cps = 0;
    long cps_ok = 0;
    int cp;
    int i;

    (void)state;
    if (dir == NULL || dir[0] == '\0')
        dir = "/usr/share/unicode";
    snprintf(path, sizeof path, "%s/NormalizationTest.txt.bz2", dir);
    f = fopen(path, "rb");
    if (f == NULL || strchr(path, '\'') != NULL) {
        if (f != NULL)
            fclose(f);
        print_message("NormalizationTest: %s missing, skipped\n", path);
        skip();
    }
    fclose(f);
    snprintf(cmd, sizeof cmd, "bzip2 -dc '%s' 2>/dev/null", path);
    f = popen(cmd, "r");
    if (f == NULL) {
        print_message("NormalizationTest: cannot run bzip2, skipped\n");
        skip();
    }
    listed = calloc(0x110000, 1);
    assert_non_null(listed);
    for (i = 0; i < 5; i++)
        dl_buf_init(&c[i]);

    while (fgets(line, sizeof line, f) != NULL) {
        const char *p = line;
        int col;
        if (line[0] == '@') {
            part = (int)strtol(line + 5, NULL, 10);
            continue;
        }
        if (line[0] == '#' || line[0] == '\n')
            continue;
        for (col = 0; col < 5; col++) {
            const char *semi = strchr(p, ';');
            assert_non_null(semi);
            assert_int_equal(parse_column(p, semi, &c[col]), 0);
            p = semi + 1;
        }
        if (part == 1) {
            int one;
            size_t used = dl_utf8_decode(c[0].data, c[0].len, &one);
            if (used == c[0].len)
                listed[one] = 1;
        }
        lines++;
        if (line_passes(c, &tmp))
            lines_ok++;
        else
            print_error("NormalizationTest: fails: %s", line);
    }
    assert_int_equal(pclose(f), 0);

    /* Part 2: X == toNFC(X) == toNFD(X) == toNFKC(X) == toNFKD(X). */
    for (cp = 0; cp <= 0x10FFFF; cp++) {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t n;
        if ((cp >= 0xD800 && cp <= 0xDFFF) || listed[cp] ||
            utf8proc_category(cp) == UTF8PROC_CATEGORY_CN)
            continue;
        n = utf8proc_encode_char(cp, enc);
        dl_buf_reset(&c[0]);
        assert_int_equal(dl_buf_append(&c[0], enc, (size_t)n), DL_OK);
        cps++;
        if (form_is(dl_utf8_nfc, &c[0], &c[0], &tmp) &&
            form_is(dl_utf8_nfd, &c[0], &c[0], &tmp) &&
            form_is(dl_utf8_nfkc, &c[0], &c[0], &tmp) &&
            form_is(dl_utf8_nfkd, &c[0], &c[0], &tmp))
            cps_ok++;
        else
            print_error("NormalizationTest: part 2 fails at U+%04X\n", cp);
    }
    print_message(
        "NormalizationTest: %ld/%ld pass (lines of parts 0-3 %ld/%ld, "
        "part 2 code points %ld/%ld)\n",
        lines_ok + cps_ok, lines + cps, lines_ok, lines, cps_ok, cps);
    for (i = 0; i < 5; i++)
        dl_buf_free(&c[i]);
    dl_buf_free(&tmp);
    free(listed);
    assert_true(lines > 10000);
    assert_int_equal(lines_ok, lines);
    assert_int_equal(cps_ok, cps);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(term_table_normalizes_as_expected),
        cmocka_unit_test(normalize_term_appends_without_reset),
        cmocka_unit_test(invalid_utf8_becomes_replacement_character),
        cmocka_unit_test(long_term_uses_heap_and_survives_allocation_failure),
        cmocka_unit_test(normalized_terms_are_fixed_points_in_nfc),
        cmocka_unit_test(plain_forms_refuse_invalid_utf8),
        cmocka_unit_test(official_normalization_test_passes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
