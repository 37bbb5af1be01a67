/* test_wordbreak.c - UAX #29 word boundaries: hand cases and the official
 * WordBreakTest.txt conformance suite.
 *
 * Hand cases are a table of input and expected segments joined by '|'.
 * The conformance test reads $UNICODE_DATA/auxiliary/WordBreakTest.txt (set
 * by make check; skipped when absent), encodes each line as UTF-8 and
 * compares every boundary; it prints the pass count and fails unless every
 * case passes.  Invalid UTF-8 inputs are copied into buffers of exactly
 * their length so AddressSanitizer catches any read past len.
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

#include "dl_alloc.h"
#include "dl_wordbreak.h"

/* Segment s[0..len) and return the segments joined by '|' in out. */
static void
segment(const char *s, size_t len, char *out, size_t outsz)
{
    size_t pos = 0;
    size_t o = 0;

    while (pos < len) {
        size_t next = dl_wordbreak_next(s, len, pos);

        assert_true(next > pos);
        assert_true(next <= len);
        if (pos > 0) {
            assert_true(o + 1 < outsz);
            out[o++] = '|';
        }
        assert_true(o + (next - pos) < outsz);
        memcpy(out + o, s + pos, next - pos);
        o += next - pos;
        pos = next;
    }
    out[o] = '\0';
}

struct wb_case {
    const char *in;
    const char *want;
};

static const struct wb_case hand_cases[] = {
    {"", ""},
    {"The quick fox.", "The| |quick| |fox|."},
    {"Shares rose 3.5% to 2,000 yen.",
     "Shares| |rose| |3.5|%| |to| |2,000| |yen|."},
    {"The U.S. dollar", "The| |U.S|.| |dollar"},
    {"Reuters' report, Feb. 26, 1987:",
     "Reuters|'| |report|,| |Feb|.| |26|,| |1987|:"},
    {"O'Neill's 1,500,000-tonne deal", "O'Neill's| |1,500,000|-|tonne| |deal"},
    {"don't", "don't"},
    {"don\xE2\x80\x99t", "don\xE2\x80\x99t"}, /* U+2019 */
    {"rock 'n' roll", "rock| |'|n|'| |roll"},
    {"'quoted'", "'|quoted|'"},
    {"e-mail", "e|-|mail"},
    {"snake_case_42", "snake_case_42"},
    {"1,234.56", "1,234.56"},
    {"3.", "3|."},
    {"a:b", "a:b"},                        /* WB6/WB7: MidLetter */
    {"12:30", "12|:|30"},                  /* ':' is not MidNum */
    {"a  b", "a|  |b"},                    /* WB3d */
    {"a\r\nb", "a|\r\n|b"},                /* WB3 */
    {"a\n\nb", "a|\n|\n|b"},               /* WB3a/WB3b */
    {"caf\x65\xCC\x81s", "cafe\xCC\x81s"}, /* WB4: combining acute */
    {"Z\xC3\xBCrich", "Z\xC3\xBCrich"},
    {"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 2024",
     "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0| |2024"},
    /* Katakana run, then Han ideographs one by one (WB999). */
    {"\xE3\x83\x86\xE3\x83\xAC\xE3\x83\x93\xE6\x9D\xB1\xE4\xBA\xAC",
     "\xE3\x83\x86\xE3\x83\xAC\xE3\x83\x93|\xE6\x9D\xB1|\xE4\xBA\xAC"},
    /* WB3c: woman ZWJ laptop is one emoji. */
    {"\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB!",
     "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB|!"},
    /* WB15/WB16: three regional indicators pair as FR + lone D. */
    {"\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xA9",
     "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7|\xF0\x9F\x87\xA9"},
    /* WB7b/WB7c: Hebrew letters around a double quote. */
    {"\xD7\xA6\x22\xD7\x9C", "\xD7\xA6\x22\xD7\x9C"},
    /* WB6 looks past a soft hyphen (Format, octal to end the escape). */
    {"a.\302\255b", "a.\302\255b"},
};

static void
hand_cases_segment_as_uax29_says(void **state)
{
    char out[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof hand_cases / sizeof hand_cases[0]; i++) {
        segment(hand_cases[i].in, strlen(hand_cases[i].in), out, sizeof out);
        if (strcmp(out, hand_cases[i].want) != 0) {
            print_error("case %zu: \"%s\" gave \"%s\", want \"%s\"\n", i,
                        hand_cases[i].in, out, hand_cases[i].want);
        }
        assert_string_equal(out, hand_cases[i].want);
    }
}

/* Each invalid unit (a maximal subpart, dl_utf8.h) is one character: the
 * truncated sequences are one unit each, the overlong, the surrogate and
 * the value past U+10FFFF one per byte. */
static const struct wb_case invalid_cases[] = {
    {"ab\377cd", "ab|\377|cd"},
    {"\xE2\x80", "\xE2\x80"},                    /* truncated at len */
    {"\xE2\x80z", "\xE2\x80|z"},                 /* truncated before z */
    {"x\300\257y", "x|\300|\257|y"},             /* overlong '/' */
    {"\xED\xA0\x80", "\xED|\xA0|\x80"},          /* a UTF-16 surrogate */
    {"\xF4\x90\x80\x80", "\xF4|\x90|\x80|\x80"}, /* past U+10FFFF */
    {"\xF0\x9F\x87", "\xF0\x9F\x87"},            /* truncated emoji */
    {"a.\xF0", "a|.|\xF0"},                      /* look-ahead stops at len */
};

static void
invalid_units_are_single_other_characters(void **state)
{
    char out[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
        size_t len = strlen(invalid_cases[i].in);
        char *exact = dl_malloc(len);

        assert_non_null(exact);
        memcpy(exact, invalid_cases[i].in, len);
        segment(exact, len, out, sizeof out);
        dl_free(exact);
        assert_string_equal(out, invalid_cases[i].want);
    }
}

static void
boundary_never_passes_len(void **state)
{
    (void)state;
    /* "abc" cut to two bytes, and a pos at or past the end. */
    assert_int_equal(dl_wordbreak_next("abc", 2, 0), 2);
    assert_int_equal(dl_wordbreak_next("abc", 3, 3), 3);
    assert_int_equal(dl_wordbreak_next("abc", 3, 7), 3);
    /* "3.5" cut after the dot: WB12 cannot see the 5. */
    assert_int_equal(dl_wordbreak_next("3.5", 2, 0), 1);
}

static void
properties_match_the_ucd(void **state)
{
    (void)state;
    assert_int_equal(dl_wb_property('a'), DL_WB_ALETTER);
    assert_int_equal(dl_wb_property('7'), DL_WB_NUMERIC);
    assert_int_equal(dl_wb_property('\''), DL_WB_SINGLE_QUOTE);
    assert_int_equal(dl_wb_property(0x00AD), DL_WB_FORMAT);
    assert_int_equal(dl_wb_property(0x05D0), DL_WB_HEBREW_LETTER);
    assert_int_equal(dl_wb_property(0x200D), DL_WB_ZWJ);
    assert_int_equal(dl_wb_property(0x30A2), DL_WB_KATAKANA);
    assert_int_equal(dl_wb_property(0x1F1E6), DL_WB_REGIONAL_INDICATOR);
    assert_int_equal(dl_wb_property(0x4E00), DL_WB_OTHER);
    assert_int_equal(dl_wb_property(-1), DL_WB_OTHER);
    assert_int_equal(dl_wb_property(0x110000), DL_WB_OTHER);
    assert_true(dl_wb_is_extpict(0x00A9));
    assert_true(dl_wb_is_extpict(0x1F600));
    assert_false(dl_wb_is_extpict('A'));
    assert_false(dl_wb_is_extpict(-1));
}

/* Append cp to buf as UTF-8 (cp is a scalar value from the test file). */
static size_t
put_utf8(char *buf, unsigned long cp)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#define MAX_CPS 64

/* Run one test line; 1 = pass, 0 = fail, -1 = not a case (comment). */
static int
run_conformance_line(const char *line, int lineno)
{
    char text[MAX_CPS * 4];
    size_t want[MAX_CPS + 1]; /* expected interior boundaries */
    size_t nwant = 0;
    size_t len = 0;
    size_t ncps = 0;
    size_t pos;
    size_t k;
    const char *p = line;

    while (*p != '\0' && *p != '#' && *p != '\n') {
        char *end;
        unsigned long cp;

        if (*p == ' ' || *p == '\t') {
            p++;
        } else if (strncmp(p, "\xC3\xB7", 2) == 0) { /* ÷ */
            if (len > 0) {
                want[nwant++] = len;
            }
            p += 2;
        } else if (strncmp(p, "\xC3\x97", 2) == 0) { /* × */
            p += 2;
        } else {
            cp = strtoul(p, &end, 16);
            if (end == p || cp > 0x10FFFF || ncps == MAX_CPS) {
                print_error("line %d: cannot parse\n", lineno);
                return 0;
            }
            len += put_utf8(text + len, cp);
            ncps++;
            p = end;
        }
    }
    if (ncps == 0) {
        return -1;
    }
    /* The final ÷ is the end of text: WB2, not a boundary we return. */
    if (nwant > 0 && want[nwant - 1] == len) {
        nwant--;
    }
    pos = 0;
    k = 0;
    while (pos < len) {
        pos = dl_wordbreak_next(text, len, pos);
        if (pos < len && (k >= nwant || want[k] != pos)) {
            break;
        }
        if (pos < len) {
            k++;
        }
    }
    if (pos < len || k != nwant) {
        print_error("line %d fails: %s", lineno, line);
        return 0;
    }
    return 1;
}

static void
official_word_break_test_passes(void **state)
{
    const char *dir = getenv("UNICODE_DATA");
    char path[1024];
    char line[4096];
    FILE *f;
    int lineno = 0;
    int pass = 0;
    int total = 0;

    (void)state;
    if (dir == NULL || dir[0] == '\0') {
        dir = "/usr/share/unicode";
    }
    snprintf(path, sizeof path, "%s/auxiliary/WordBreakTest.txt", dir);
    f = fopen(path, "r");
    if (f == NULL) {
        print_message("WordBreakTest: %s missing, skipped\n", path);
        skip();
    }
    while (fgets(line, sizeof line, f) != NULL) {
        int r;

        lineno++;
        assert_non_null(strchr(line, '\n'));
        r = run_conformance_line(line, lineno);
        if (r < 0) {
            continue;
        }
        total++;
        pass += r;
    }
    fclose(f);
    print_message("WordBreakTest: %d/%d cases pass\n", pass, total);
    assert_true(total > 1000);
    assert_int_equal(pass, total);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_cases_segment_as_uax29_says),
        cmocka_unit_test(invalid_units_are_single_other_characters),
        cmocka_unit_test(boundary_never_passes_len),
        cmocka_unit_test(properties_match_the_ucd),
        cmocka_unit_test(official_word_break_test_passes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
