/* test_tokenize.c - the shared tokenizer: news rules, offsets, limits.
 *
 * Cases are a table of input and the expected token list, written as
 * "term/pos/start/end/flags" records separated by spaces, flags as letters
 * (J joined, C CJK, N numeric, H hyphen part); the tokens actually produced
 * are rendered the same way, so a failure prints both lists.  Then the hard
 * cases: over-long tokens, invalid UTF-8 and random bytes (every term valid
 * UTF-8, at most DL_MAX_TERM_BYTES, offsets inside the text), allocation
 * failures, a callback that stops early, and real Reuters text when the
 * research corpora are present (skipped otherwise).
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
#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "dl_utf8.h"

struct tok_case {
    const char *in;
    const char *want;
};

static const struct tok_case tok_cases[] = {
    {"Kazakhstan’s capital", "kazakhstan/0/0/14/ capital/1/15/22/"},
    {"Kazakhstan's", "kazakhstan/0/0/12/"},
    {"Kazakhstans' economy", "kazakhstans/0/0/11/ economy/1/13/20/"},
    {"Nur-Sultan", "nur/0/0/3/H nursultan/0/0/10/J sultan/1/4/10/H"},
    {"Nur‐Sultan", /* U+2010 HYPHEN */
     "nur/0/0/3/H nursultan/0/0/12/J sultan/1/6/12/H"},
    {"Nur‑Sultan", /* U+2011 NON-BREAKING HYPHEN */
     "nur/0/0/3/H nursultan/0/0/12/J sultan/1/6/12/H"},
    {"Nur-Sultan's airport",
     "nur/0/0/3/H nursultan/0/0/12/J sultan/1/4/12/H airport/2/13/20/"},
    {"Nur–Sultan", "nur/0/0/3/ sultan/1/6/12/"}, /* en dash: no join */
    {"Nur—Sultan", "nur/0/0/3/ sultan/1/6/12/"}, /* em dash: no join */
    {"well - known", "well/0/0/4/ known/1/7/12/"},
    {"a-b-c-d-e",
     "a/0/0/1/H abcd/0/0/7/J b/1/2/3/H c/2/4/5/H d/3/6/7/H e/4/8/9/"},
    {"COVID-19", "covid/0/0/5/H covid19/0/0/8/J 19/1/6/8/NH"},
    {"CAFÉ", "cafe/0/0/5/"},
    {"Zürich", "zurich/0/0/7/"},
    {"Ёлка", "елка/0/0/8/"},
    {"йод", "йод/0/0/6/"},
    {"Қазақстан", "қазақстан/0/0/18/"},
    {"U.S. troops", "us/0/0/4/ troops/1/5/11/"},
    {"U.S.A.", "usa/0/0/6/"},
    {"u.s.", "us/0/0/4/"},
    {"the U.S", "the/0/0/3/ us/1/4/7/"},
    {"example.com", "example.com/0/0/11/"},
    {"ﬁnance ＡＢＣ", "finance/0/0/8/ abc/1/9/18/"},
    {"news\xC2\xADpaper", "newspaper/0/0/11/"},
    {"zero\xE2\x80\x8Bwidth", "zero/0/0/4/ width/1/7/12/"},
    {"3.5 2,000 1,250,000", "3.5/0/0/3/N 2000/1/4/9/N 1250000/2/10/19/N"},
    {"3,5 1,250,000.50", "3,5/0/0/3/N 1250000.50/1/4/16/N"},
    {"東京都", "東京/0/0/6/C 京都/1/3/9/C"},
    {"日", "日/0/0/3/C"},
    {"東京 Tokyo", "東京/0/0/6/C tokyo/1/7/12/"},
    {"カタカナ", "カタ/0/0/6/C タカ/1/3/9/C カナ/2/6/12/C"},
    {"すし。寿司", "すし/0/0/6/C 寿司/1/9/15/C"},
    {"ab\377cd", "ab/0/0/2/ cd/1/3/5/"},
    {"\xC3\x28 x \xE2\x82", "x/0/3/4/"},
    {"  ... !!! ", ""},
    {"", ""},
};

static int
render_cb(void *ctx, const char *term, size_t len, size_t start, size_t end,
          unsigned pos, unsigned flags)
{
    dl_buf *b = ctx;

    if (b->len > 0)
        assert_int_equal(dl_buf_putc(b, ' '), DL_OK);
    assert_int_equal(dl_buf_append(b, term, len), DL_OK);
    assert_int_equal(dl_buf_printf(b, "/%u/%zu/%zu/%s%s%s%s", pos, start, end,
                                   flags & DL_TOK_JOINED ? "J" : "",
                                   flags & DL_TOK_CJK ? "C" : "",
                                   flags & DL_TOK_NUMERIC ? "N" : "",
                                   flags & DL_TOK_HYPHEN_PART ? "H" : ""),
                     DL_OK);
    return 0;
}

static void
token_table_matches(void **state)
{
    dl_buf b = DL_BUF_INIT;
    size_t i;
    int failed = 0;

    (void)state;
    for (i = 0; i < sizeof(tok_cases) / sizeof(tok_cases[0]); i++) {
        const struct tok_case *c = &tok_cases[i];
        const char *got;
        dl_buf_reset(&b);
        assert_int_equal(
            dl_tokenize(c->in, strlen(c->in), 0, render_cb, &b, NULL, NULL),
            DL_OK);
        got = b.data != NULL ? b.data : "";
        if (strcmp(got, c->want) != 0) {
            print_error("case %zu \"%s\":\n  got  %s\n  want %s\n", i, c->in,
                        got, c->want);
            failed++;
        }
    }
    dl_buf_free(&b);
    assert_int_equal(failed, 0);
}

/* Which tokens get a stem: the terms of the text, each followed by "+"
 * when dl_token_gets_stem says yes. */
static int
stem_cb(void *ctx, const char *term, size_t len, size_t start, size_t end,
        unsigned pos, unsigned flags)
{
    dl_buf *b = ctx;

    (void)start;
    (void)end;
    (void)pos;
    if (b->len > 0)
        assert_int_equal(dl_buf_putc(b, ' '), DL_OK);
    assert_int_equal(dl_buf_append(b, term, len), DL_OK);
    if (dl_token_gets_stem(flags))
        assert_int_equal(dl_buf_putc(b, '+'), DL_OK);
    return 0;
}

static void
words_get_stems_and_numbers_and_cjk_do_not(void **state)
{
    static const struct tok_case cases[] = {
        {"Grain harvests", "grain+ harvests+"},
        {"Nur-Sultan", "nur+ nursultan+ sultan+"},
        {"COVID-19", "covid+ covid19+ 19"},
        {"2,000 tonnes in 2020", "2000 tonnes+ in+ 2020"},
        {"٣ أيام", "٣ أيام+"}, /* an Arabic-Indic digit is a number too */
        {"東京 Tokyo", "東京 tokyo+"},
        {"Қазақстан", "қазақстан+"},
    };
    dl_buf b = DL_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dl_buf_reset(&b);
        assert_int_equal(dl_tokenize(cases[i].in, strlen(cases[i].in), 0,
                                     stem_cb, &b, NULL, NULL),
                         DL_OK);
        assert_string_equal(b.data != NULL ? b.data : "", cases[i].want);
    }
    assert_true(dl_token_gets_stem(0));
    assert_true(dl_token_gets_stem(DL_TOK_JOINED | DL_TOK_HYPHEN_PART));
    assert_false(dl_token_gets_stem(DL_TOK_CJK));
    assert_false(dl_token_gets_stem(DL_TOK_NUMERIC | DL_TOK_HYPHEN_PART));
    dl_buf_free(&b);
}

static void
positions_start_at_first_pos_and_continue(void **state)
{
    dl_buf b = DL_BUF_INIT;
    unsigned next = 0;

    (void)state;
    assert_int_equal(
        dl_tokenize("Nur-Sultan today", 16, 10, render_cb, &b, &next, NULL),
        DL_OK);
    assert_string_equal(b.data, "nur/10/0/3/H nursultan/10/0/10/J "
                                "sultan/11/4/10/H today/12/11/16/");
    assert_int_equal(next, 13);
    dl_buf_free(&b);
}

struct check_ctx {
    const char *text;
    size_t len;
    unsigned long tokens;
    size_t longest;
    unsigned last_pos;
};

/* Invariants every token must keep, whatever the input. */
static int
check_cb(void *vctx, const char *term, size_t len, size_t start, size_t end,
         unsigned pos, unsigned flags)
{
    struct check_ctx *c = vctx;

    assert_true(len > 0);
    assert_true(len <= DL_MAX_TERM_BYTES);
    assert_true(dl_utf8_valid(term, len));
    assert_true(start < end);
    assert_true(end <= c->len);
    if (c->tokens > 0 && !(flags & DL_TOK_JOINED))
        assert_true(pos >= c->last_pos);
    c->last_pos = pos;
    c->tokens++;
    if (len > c->longest)
        c->longest = len;
    return 0;
}

static void
tokenize_checked(const char *s, size_t len, struct check_ctx *c,
                 struct dl_tokenize_stats *st)
{
    memset(c, 0, sizeof(*c));
    c->text = s;
    c->len = len;
    assert_int_equal(dl_tokenize(s, len, 0, check_cb, c, NULL, st), DL_OK);
}

static void
over_long_tokens_are_dropped_and_counted(void **state)
{
    size_t big = 1024 * 1024;
    char *s = dl_malloc(big + 16);
    struct dl_tokenize_stats st = {0, 0};
    struct check_ctx c;
    size_t i;

    (void)state;
    assert_non_null(s);
    /* 300 bytes of word, then a normal word. */
    memset(s, 'a', 300);
    memcpy(s + 300, " ok", 3);
    tokenize_checked(s, 303, &c, &st);
    assert_int_equal(c.tokens, 1);
    assert_int_equal(st.dropped_long, 1);
    assert_int_equal(st.tokens, 1);

    /* A 1 MB token. */
    memset(s, 'B', big);
    memcpy(s + big, " end", 4);
    tokenize_checked(s, big + 4, &c, &st);
    assert_int_equal(c.tokens, 1);
    assert_int_equal(st.dropped_long, 2);

    /* Two 200-byte parts: both kept, the 401-byte joined form dropped. */
    memset(s, 'x', 200);
    s[200] = '-';
    memset(s + 201, 'y', 200);
    tokenize_checked(s, 401, &c, &st);
    assert_int_equal(c.tokens, 2);
    assert_int_equal(c.longest, 200);
    assert_int_equal(st.dropped_long, 3);

    /* 300 bytes that normalise to 150 (é -> e) fit. */
    for (i = 0; i < 150; i++)
        memcpy(s + 2 * i, "\xC3\xA9", 2);
    tokenize_checked(s, 300, &c, &st);
    assert_int_equal(c.tokens, 1);
    assert_int_equal(c.longest, 150);
    dl_free(s);
}

static void
random_bytes_never_crash(void **state)
{
    size_t n = 200000;
    char *s = dl_malloc(n);
    struct check_ctx c;
    size_t i;
    unsigned seed = 12345;

    (void)state;
    assert_non_null(s);
    for (i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        /* Bias towards spaces, hyphens, dots and UTF-8 lead bytes so the
         * rules see many short words and broken sequences. */
        switch ((seed >> 16) % 8) {
        case 0:
            s[i] = ' ';
            break;
        case 1:
            s[i] = "-.,'"[(seed >> 8) % 4];
            break;
        case 2:
            s[i] = (char)(0xC0 + (seed >> 8) % 0x35);
            break;
        default:
            s[i] = (char)(seed >> 9);
            break;
        }
    }
    tokenize_checked(s, n, &c, NULL);
    assert_true(c.tokens > 1000);
    dl_free(s);
}

static int
stop_cb(void *ctx, const char *term, size_t len, size_t start, size_t end,
        unsigned pos, unsigned flags)
{
    int *count = ctx;

    (void)term;
    (void)len;
    (void)start;
    (void)end;
    (void)pos;
    (void)flags;
    (*count)++;
    return 1;
}

static void
callback_can_stop_tokenizing(void **state)
{
    int count = 0;

    (void)state;
    assert_int_equal(
        dl_tokenize("one two three", 13, 0, stop_cb, &count, NULL, NULL),
        DL_DONE);
    assert_int_equal(count, 1);
    count = 0;
    assert_int_equal(
        dl_tokenize("Nur-Sultan", 10, 0, stop_cb, &count, NULL, NULL), DL_DONE);
    assert_int_equal(count, 1);
}

static void
allocation_failures_report_enomem(void **state)
{
    static const char text[] = "Nur-Sultan’s CAFÉ 東京都 U.S. 2,000";
    long k;
    int failures = 0;

    (void)state;
    for (k = 0; k < 20; k++) {
        struct check_ctx c;
        dl_status rc;
        memset(&c, 0, sizeof(c));
        c.text = text;
        c.len = sizeof(text) - 1;
        dl_alloc_fail_after(k, 1);
        rc = dl_tokenize(text, sizeof(text) - 1, 0, check_cb, &c, NULL, NULL);
        dl_alloc_fail_after(-1, 0);
        assert_true(rc == DL_OK || rc == DL_ENOMEM);
        if (rc == DL_ENOMEM)
            failures++;
    }
    assert_true(failures > 0);
}

struct find_ctx {
    const char *want[4];
    int found[4];
};

static int
find_cb(void *vctx, const char *term, size_t len, size_t start, size_t end,
        unsigned pos, unsigned flags)
{
    struct find_ctx *f = vctx;
    int i;

    (void)start;
    (void)end;
    (void)pos;
    (void)flags;
    assert_true(len <= DL_MAX_TERM_BYTES);
    for (i = 0; i < 4; i++) {
        if (strlen(f->want[i]) == len && memcmp(f->want[i], term, len) == 0)
            f->found[i] = 1;
    }
    return 0;
}

/* Real wire text: the first Reuters articles hold "155,221 bags" and
 * "U.S." (both rules must fire on them). */
static void
reuters_text_gives_expected_terms(void **state)
{
    const char *dir = getenv("DL_CORPORA");
    char path[1024];
    FILE *f;
    size_t cap = 2 * 1024 * 1024;
    char *buf;
    size_t n;
    struct find_ctx fc = {{"155221", "us", "cocoa", "bahia"}, {0, 0, 0, 0}};
    struct check_ctx c;
    int i;

    (void)state;
    if (dir == NULL || dir[0] == '\0')
        dir = "/work/shared/corpora";
    snprintf(path, sizeof path, "%s/reuters21578/reuters.jsonl", dir);
    f = fopen(path, "rb");
    if (f == NULL) {
        print_message("reuters: %s missing, skipped\n", path);
        skip();
    }
    buf = dl_malloc(cap);
    assert_non_null(buf);
    n = fread(buf, 1, cap, f);
    fclose(f);
    tokenize_checked(buf, n, &c, NULL);
    assert_true(c.tokens > 100000);
    assert_int_equal(dl_tokenize(buf, n, 0, find_cb, &fc, NULL, NULL), DL_OK);
    dl_free(buf);
    for (i = 0; i < 4; i++) {
        if (!fc.found[i])
            print_error("reuters: term %s not found\n", fc.want[i]);
        assert_true(fc.found[i]);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(token_table_matches),
        cmocka_unit_test(words_get_stems_and_numbers_and_cjk_do_not),
        cmocka_unit_test(positions_start_at_first_pos_and_continue),
        cmocka_unit_test(over_long_tokens_are_dropped_and_counted),
        cmocka_unit_test(random_bytes_never_crash),
        cmocka_unit_test(callback_can_stop_tokenizing),
        cmocka_unit_test(allocation_failures_report_enomem),
        cmocka_unit_test(reuters_text_gives_expected_terms),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
