/* test_stopwords.c - the function-word lists of top words: in term form
 * and byte order (so a normalised term is found by bsearch), per language,
 * and the any-list rule for a language without one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "dl_normalize.h"
#include "stopwords.h"

static void
test_every_list_is_sorted_and_in_term_form(void **state)
{
    dl_buf norm = DL_BUF_INIT;
    const char *lang;
    size_t k;
    (void)state;
    for (k = 0; (lang = dl_stopword_lang(k)) != NULL; k++) {
        size_t n = 0;
        size_t i;
        const char *const *w = dl_stopword_list(lang, &n);
        assert_non_null(w);
        assert_true(n >= 20);
        for (i = 0; i < n; i++) {
            dl_buf_reset(&norm);
            assert_int_equal(dl_normalize_term(w[i], strlen(w[i]), &norm),
                             DL_OK);
            if (norm.len != strlen(w[i]) ||
                memcmp(norm.data, w[i], norm.len) != 0)
                fail_msg("%s: '%s' is '%.*s' as a term", lang, w[i],
                         (int)norm.len, norm.data);
            if (i > 0)
                assert_true(strcmp(w[i - 1], w[i]) < 0);
            assert_true(dl_stopword_is(lang, w[i], strlen(w[i])));
        }
    }
    assert_true(k >= 11);
    dl_buf_free(&norm);
}

static void
test_function_words_of_each_language(void **state)
{
    static const struct {
        const char *lang, *word;
        bool stop;
    } cases[] = {
        {"en", "the", true},       {"en", "said", true},
        {"en", "quotas", false},   {"en", "coffee", false},
        {"fr", "etre", true},      {"fr", "les", true},
        {"fr", "cafe", false},     {"de", "fur", true},
        {"de", "und", true},       {"de", "kaffee", false},
        {"es", "tambien", true},   {"es", "cafe", false},
        {"ru", "который", true},   {"ru", "ее", true},
        {"ru", "нефть", false},    {"uk", "її", true},
        {"uk", "що", true},        {"kk", "және", true},
        {"kk", "мұнай", false},    {"bg", "които", true},
        {"sr", "који", true},      {"sr", "koji", true},
        {"pl", "się", false},      {"pl", "sie", true},
        {"cs", "ktery", true},     {"cs", "kava", false},
        {"en", "die", false},      {"de", "die", true},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = dl_stopword_is(cases[i].lang, cases[i].word,
                                  strlen(cases[i].word));
        if (got != cases[i].stop)
            fail_msg("%s '%s': %d", cases[i].lang, cases[i].word, got);
    }
}

static void
test_language_without_list_uses_every_list(void **state)
{
    (void)state;
    assert_true(dl_stopword_is("und", "the", 3));
    assert_true(dl_stopword_is(NULL, "und", 3));
    assert_true(dl_stopword_is("nl", "который", strlen("который")));
    assert_false(dl_stopword_is("und", "coffee", 6));
    assert_null(dl_stopword_list("und", &(size_t){0}));
}

static void
test_odd_input_is_no_stopword(void **state)
{
    (void)state;
    assert_false(dl_stopword_is("en", "", 0));
    assert_false(dl_stopword_is("en", "the\0x", 5));
    assert_false(dl_stopword_is("en", "thereby-and-thereafter-and-so-forth",
                                35));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_list_is_sorted_and_in_term_form),
        cmocka_unit_test(test_function_words_of_each_language),
        cmocka_unit_test(test_language_without_list_uses_every_list),
        cmocka_unit_test(test_odd_input_is_no_stopword),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
