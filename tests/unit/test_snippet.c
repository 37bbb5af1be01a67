/* test_snippet.c - snippet windows, cuts and phrase-aware highlights. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_utf8.h"
#include "query.h"
#include "snippet.h"

static dl_query_parser *parser;

static int
setup(void **state)
{
    (void)state;
    return dl_query_parser_new("en,ru", &parser, NULL) == DL_OK ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    dl_query_parser_free(parser);
    return 0;
}

/* The snippet of body for query q in lang; checks the invariants every
 * snippet must hold. */
static void
make(const char *q, const char *body, const char *lang, struct dl_snippet *s)
{
    struct dl_parsed_query *pq = NULL;
    size_t k;
    assert_int_equal(dl_query_parser_parse(parser, q, strlen(q), NULL, &pq,
                                           NULL, NULL),
                     DL_OK);
    assert_int_equal(
        dl_snippet_make(body, strlen(body), pq, parser, lang, 0, s, NULL),
        DL_OK);
    dl_parsed_query_free(pq);
    assert_non_null(s->text);
    assert_int_equal(strlen(s->text), s->len);
    assert_true(dl_utf8_valid(s->text, s->len));
    for (k = 0; k < s->n_hl; k++) {
        assert_true(s->hl[k][0] < s->hl[k][1]);
        assert_true(s->hl[k][1] <= s->len);
        if (k > 0)
            assert_true(s->hl[k - 1][1] < s->hl[k][0]);
        /* ranges fall on code point boundaries */
        assert_true(((unsigned char)s->text[s->hl[k][0]] & 0xC0) != 0x80);
        assert_true(s->hl[k][1] == s->len ||
                    ((unsigned char)s->text[s->hl[k][1]] & 0xC0) != 0x80);
    }
}

/* The text of highlight k. */
static const char *
hl(const struct dl_snippet *s, size_t k, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)(s->hl[k][1] - s->hl[k][0]),
             s->text + s->hl[k][0]);
    return buf;
}

static void
filler(dl_buf *b, const char *word, int n)
{
    int i;
    for (i = 0; i < n; i++)
        assert_int_equal(dl_buf_printf(b, "%s%d ", word, i), DL_OK);
}

static void
match_deep_in_body_is_centred_and_cut_with_ellipses(void **state)
{
    dl_buf body = DL_BUF_INIT;
    struct dl_snippet s;
    char buf[64];
    (void)state;
    filler(&body, "lorem", 200);
    assert_int_equal(dl_buf_puts(&body, "The Harvest fell sharply. "), DL_OK);
    filler(&body, "ipsum", 200);
    make("harvest", body.data, "en", &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "Harvest");
    assert_memory_equal(s.text, "\xE2\x80\xA6 ", 4);
    assert_memory_equal(s.text + s.len - 4, " \xE2\x80\xA6", 4);
    /* about DL_SNIPPET_WORDS words, the match not at an edge */
    assert_true(s.hl[0][0] > 40);
    assert_true(s.len - s.hl[0][1] > 40);
    assert_true(s.len < 400);
    dl_snippet_free(&s);
    dl_buf_free(&body);
}

static void
stemmed_forms_are_highlighted_in_the_article_language(void **state)
{
    struct dl_snippet s;
    char buf[64];
    (void)state;
    make("harvests", "Farmers harvested early; the harvest was small.", "en",
         &s);
    assert_int_equal(s.n_hl, 2);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "harvested");
    assert_string_equal(hl(&s, 1, buf, sizeof buf), "harvest");
    dl_snippet_free(&s);

    make("бюджеты", "Депутаты приняли бюджет города на 2023 год.", "ru", &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "бюджет");
    dl_snippet_free(&s);
    /* Ukrainian has no stemmer: its words are its Z terms, so the Russian
     * stem of the query word meets "бюджет" there, and the snippet marks
     * it; "бюджету" is another word in Ukrainian. */
    make("бюджеты", "Міська рада ухвалила бюджет; зміни до бюджету.", "uk",
         &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "бюджет");
    dl_snippet_free(&s);
}

static void
phrase_query_marks_only_phrase_occurrences(void **state)
{
    struct dl_snippet s;
    char buf[64];
    (void)state;
    make("\"grain harvest\"",
         "Grain prices rose while the harvest waited. The grain harvest "
         "fell by a third.",
         "en", &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "grain harvest");
    dl_snippet_free(&s);
}

/* Whether some highlight of s reads word. */
static int
has_hl(const struct dl_snippet *s, const char *word)
{
    char buf[64];
    size_t k;
    for (k = 0; k < s->n_hl; k++) {
        if (strcmp(hl(s, k, buf, sizeof buf), word) == 0)
            return 1;
    }
    return 0;
}

/* A long body is scanned in its first 2 KB first: a word that only comes
 * later is still found, and a window holding every word wins over a lead
 * holding only some. */
static void
long_body_words_past_the_first_scan_are_found(void **state)
{
    dl_buf body = DL_BUF_INIT;
    struct dl_snippet s;
    (void)state;
    filler(&body, "lorem", 900); /* ~7 KB */
    assert_int_equal(dl_buf_puts(&body, "Wheat exports rose. "), DL_OK);
    filler(&body, "ipsum", 100);
    assert_true(body.len > 6000);
    make("wheat", body.data, "en", &s);
    assert_int_equal(s.n_hl, 1);
    assert_true(has_hl(&s, "Wheat"));
    dl_snippet_free(&s);

    dl_buf_reset(&body);
    assert_int_equal(dl_buf_puts(&body, "Oil opened the day. "), DL_OK);
    filler(&body, "lorem", 900);
    assert_int_equal(dl_buf_puts(&body, "Later oil and gas rose. "), DL_OK);
    filler(&body, "ipsum", 100);
    make("oil gas", body.data, "en", &s);
    assert_true(has_hl(&s, "oil") && has_hl(&s, "gas"));
    dl_snippet_free(&s);
    dl_buf_free(&body);
}

/* When the lead already holds every query word, it is the snippet, even
 * if a later paragraph repeats the words more often. */
static void
lead_with_every_word_is_the_snippet_of_a_long_body(void **state)
{
    dl_buf body = DL_BUF_INIT;
    struct dl_snippet s;
    (void)state;
    assert_int_equal(dl_buf_puts(&body, "Grain harvest begins in the north. "),
                     DL_OK);
    filler(&body, "lorem", 900);
    assert_int_equal(
        dl_buf_puts(&body, "grain harvest grain harvest grain harvest. "),
        DL_OK);
    filler(&body, "ipsum", 100);
    make("grain harvest", body.data, "en", &s);
    assert_true(has_hl(&s, "Grain") && has_hl(&s, "harvest"));
    assert_memory_equal(s.text, "Grain harvest begins", 20);
    dl_snippet_free(&s);
    dl_buf_free(&body);
}

static void
window_prefers_more_distinct_terms(void **state)
{
    dl_buf body = DL_BUF_INIT;
    struct dl_snippet s;
    size_t k;
    int saw_oil = 0, saw_gas = 0;
    char buf[64];
    (void)state;
    assert_int_equal(dl_buf_puts(&body, "oil oil oil oil oil. "), DL_OK);
    filler(&body, "pad", 100);
    assert_int_equal(dl_buf_puts(&body, "Then oil and gas rose. "), DL_OK);
    filler(&body, "pad", 100);
    make("oil gas", body.data, "en", &s);
    for (k = 0; k < s.n_hl; k++) {
        hl(&s, k, buf, sizeof buf);
        saw_oil |= strcmp(buf, "oil") == 0;
        saw_gas |= strcmp(buf, "gas") == 0;
    }
    assert_true(saw_oil && saw_gas);
    dl_snippet_free(&s);
    dl_buf_free(&body);
}

static void
no_match_gives_the_start_of_the_body(void **state)
{
    struct dl_snippet s;
    (void)state;
    make("zebra", "Short body about nothing.", "en", &s);
    assert_string_equal(s.text, "Short body about nothing.");
    assert_int_equal(s.n_hl, 0);
    dl_snippet_free(&s);

    make("zebra", "", "en", &s);
    assert_string_equal(s.text, "");
    dl_snippet_free(&s);
}

static void
hyphenated_name_and_joined_query_meet(void **state)
{
    struct dl_snippet s;
    char buf[64];
    (void)state;
    make("nursultan", "Flights to Nur-Sultan resumed.", "en", &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "Nur-Sultan");
    dl_snippet_free(&s);

    make("nur-sultan", "Flights to Nur-Sultan resumed.", "en", &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "Nur-Sultan");
    dl_snippet_free(&s);
}

static void
cuts_fall_on_utf8_and_word_boundaries(void **state)
{
    dl_buf body = DL_BUF_INIT;
    struct dl_snippet s;
    char buf[64];
    (void)state;
    filler(&body, "слово", 100);
    assert_int_equal(dl_buf_puts(&body, "«Пшеница» подорожала. "), DL_OK);
    filler(&body, "ещё", 100);
    make("пшеница", body.data, "ru", &s);
    assert_int_equal(s.n_hl, 1);
    assert_string_equal(hl(&s, 0, buf, sizeof buf), "Пшеница");
    dl_snippet_free(&s);
    dl_buf_free(&body);
}

static void
control_characters_in_the_body_become_spaces(void **state)
{
    struct dl_snippet s;
    (void)state;
    make("oil", "oil\x1b[2Jprice\nrose", "en", &s);
    assert_null(memchr(s.text, 0x1b, s.len));
    assert_null(memchr(s.text, '\n', s.len));
    dl_snippet_free(&s);
}

static void
wildcard_prefix_marks_every_word_it_covers(void **state)
{
    struct dl_snippet s;
    (void)state;
    make("traffick*", "Trafficking and traffickers; traffic is not.", "en", &s);
    assert_int_equal(s.n_hl, 2);
    dl_snippet_free(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(match_deep_in_body_is_centred_and_cut_with_ellipses),
        cmocka_unit_test(stemmed_forms_are_highlighted_in_the_article_language),
        cmocka_unit_test(phrase_query_marks_only_phrase_occurrences),
        cmocka_unit_test(window_prefers_more_distinct_terms),
        cmocka_unit_test(no_match_gives_the_start_of_the_body),
        cmocka_unit_test(hyphenated_name_and_joined_query_meet),
        cmocka_unit_test(cuts_fall_on_utf8_and_word_boundaries),
        cmocka_unit_test(control_characters_in_the_body_become_spaces),
        cmocka_unit_test(wildcard_prefix_marks_every_word_it_covers),
        cmocka_unit_test(long_body_words_past_the_first_scan_are_found),
        cmocka_unit_test(lead_with_every_word_is_the_snippet_of_a_long_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
