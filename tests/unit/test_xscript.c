/* test_xscript.c - the cross-script key (dl_xscript) and Kazakh in the
 * 2021 Latin alphabet (dl_kklatin).
 *
 * The key: the spellings of one name in every system meet, the rules of
 * docs/transliteration.md one by one (classes, ye/e, yo after a
 * consonant, doubled letters, the contexts of j, ъ and ŭ, the evidence of
 * carons), the length rule, and what is no key (short words, invalid
 * UTF-8, over-long words).  tests/integ/xscript.sh compares every key of
 * the test data with the reference implementation's.  Kazakh Latin: the
 * reading in Cyrillic (the 2021 table backwards, й by context, I and İ),
 * and the detector on Kazakh, Turkish and English text.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "dl_kklatin.h"
#include "dl_xscript.h"

static void
key_is(const char *word, const char *want)
{
    dl_buf k = DL_BUF_INIT;
    assert_int_equal(dl_xscript_key(word, strlen(word), &k), DL_OK);
    if (strcmp(k.data, want) != 0)
        fail_msg("key of '%s' is '%s', want '%s'", word, k.data, want);
    assert_int_equal(k.len, strlen(want));
    dl_buf_free(&k);
}

static void
one_name_one_key(void **state)
{
    static const char *const tokaev[] = {
        "Tokayev", "Tokaev", "Toqaev", "Токаев", "Тоқаев", "Toķaev",
        "TOKAYEV",
    };
    static const char *const janaozen[] = {
        "Zhanaozen", "Janaozen", "Jañaözen", "Žaņaôzen", "Zhangaözen",
        "Жанаозен", "Жаңаөзен",
    };
    static const char *const zelensky[] = {
        "Zelensky", "Zelenskyy", "Zelenskyi", "Zelens’kyy", "Zelensʹkij",
        "Зеленський", "Зеленский",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof tokaev / sizeof tokaev[0]; i++)
        key_is(tokaev[i], "tokaev");
    for (i = 0; i < sizeof janaozen / sizeof janaozen[0]; i++)
        key_is(janaozen[i], "janaozen");
    for (i = 0; i < sizeof zelensky / sizeof zelensky[0]; i++)
        key_is(zelensky[i], "zelenski");
}

static void
rules_one_by_one(void **state)
{
    (void)state;
    key_is("Vučić", "vucic");       /* c = ć = č */
    key_is("Вучић", "vucic");
    key_is("Klitschko", "klicko");  /* tsch */
    key_is("Shmyhal", "xmihal");    /* sh = x, g = h */
    key_is("Шмигаль", "xmihal");
    key_is("Kharkiv", "harkiv");    /* kh = h */
    key_is("Alexei", "aleksei");    /* x = ks */
    key_is("Kassym", "kasim");      /* doubled once */
    key_is("Gorbachyov", "horbacev"); /* yo after a consonant */
    key_is("Горбачёв", "horbacev");
    key_is("Yerlan", "erlan");      /* ye = e */
    key_is("Ерлан", "erlan");
    key_is("Sergej", "serhei");     /* j after a vowel, before a consonant */
    key_is("Sofija", "sofia");      /* j after i */
    key_is("Oljas", "oljas");       /* j after a consonant: zh */
    key_is("Търговище", "tarhoviwe"); /* ъ between consonants, щ */
    key_is("Tʺrgoviŝe", "tarhoviwe");
    key_is("Targovishte", "tarhoviwe"); /* Bulgarian sht */
    key_is("Mahilioŭ", "mahileu");  /* ŭ after a vowel: w = u */
    key_is("Tsikhanouskaya", "cihanouskaia");
    key_is("объект", "obekt");      /* Russian ъ before a vowel */
    key_is("Philip", "filip");      /* ph = f */
    key_is("Kazakhstan's", "kazahstans"); /* (the caller strips 's) */
}

static void
short_long_and_broken(void **state)
{
    dl_buf k = DL_BUF_INIT;
    char longw[DL_XSCRIPT_WORD_MAX + 2];
    (void)state;
    key_is("no", "");
    key_is("но", "");
    key_is("Ufa", "ufa");
    key_is("Уфа", "ufa");
    key_is("2024", "");
    key_is("30-kilometre", "");
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    key_is(longw, "");
    assert_int_equal(dl_xscript_key("ab\xff\xfe" "cd", 6, &k), DL_OK);
    assert_int_equal(k.len, 0);
    assert_int_equal(dl_xscript_letters("tokaev", 6), 6);
    dl_buf_free(&k);
}

static void
names_and_scripts(void **state)
{
    (void)state;
    assert_true(dl_xscript_capitalised("Tokayev", 7));
    assert_true(dl_xscript_capitalised("Тоқаев", strlen("Тоқаев")));
    assert_true(dl_xscript_capitalised("NATO", 4));
    assert_false(dl_xscript_capitalised("NATIONAL", 8));
    assert_false(dl_xscript_capitalised("market", 6));
    assert_true(dl_xscript_is_cyrillic("Тоқаев", strlen("Тоқаев")));
    assert_false(dl_xscript_is_cyrillic("Toqaev", 6));
    assert_int_equal(dl_xscript_word_range("Tokayev's", 9, "tokayev", 7), 7);
    assert_int_equal(dl_xscript_word_range("Tokayev’s", 11, "tokayev", 7), 7);
    assert_int_equal(dl_xscript_word_range("News", 4, "news", 4), 4);
}

static void
cyrillic_of_key(void **state)
{
    dl_buf c = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_xscript_cyrillic_of_key("zelenski", 8, &c), DL_OK);
    assert_string_equal(c.data, "зеленски");
    assert_int_equal(dl_xscript_cyrillic_of_key("xc", 2, &c), DL_OK);
    assert_string_equal(c.data, "шц");
    dl_buf_free(&c);
}

static void
cyr_is(const char *latin, const char *want)
{
    dl_buf c = DL_BUF_INIT;
    assert_int_equal(dl_kklatin_to_cyrillic(latin, strlen(latin), &c), DL_OK);
    if (strcmp(c.data, want) != 0)
        fail_msg("'%s' reads '%s', want '%s'", latin, c.data, want);
    dl_buf_free(&c);
}

static void
kazakh_latin_in_cyrillic(void **state)
{
    (void)state;
    cyr_is("Qazaqstan", "қазақстан");
    cyr_is("Toqaev", "тоқаев");
    cyr_is("Şymkent", "шымкент");
    cyr_is("Jañaözen", "жаңаөзен");
    cyr_is("jäne", "және");
    cyr_is("üşın", "үшін");
    cyr_is("būl", "бұл");
    cyr_is("Qairat", "қайрат");       /* i after a vowel, before a consonant */
    cyr_is("Aidos", "айдос");
    cyr_is("jariialandy", "жарияланды"); /* ia = я after i */
    cyr_is("Ilebaev", "ілебаев");     /* capital I is і */
    cyr_is("\xc4\xb0lebaev", "илебаев"); /* İ is и */
    cyr_is("qala’syna", "қаласына");  /* apostrophe dropped */
    cyr_is("Toqaev2", "");            /* a digit: no Kazakh word */
    cyr_is("Токаев", "");
}

static void
kazakh_latin_detected(void **state)
{
    static const char kk[] =
        "Memleket basşysy Qasym-Jomart Toqaev beisenbı künı Şymkent "
        "qalasynda käsıpkerlermen kezdestı. Prezident üşın eñ bastysy jūmys "
        "oryndary jäne jalaqy ekenın aitty. Būl kezdesu turaly aqparat qala "
        "äkımdıgınıñ saityna jariialandy.";
    static const char tr[] =
        "Cumhurbaşkanı bugün Ankara'da yatırımcılarla bir araya geldi ve "
        "yeni bir ekonomi paketi açıkladı. Bu paket ile birlikte vergiler "
        "düşecek ve iş olanakları artacak.";
    static const char en[] =
        "The bar in Almaty was closed for a week, and men and women said the "
        "sol of the band was too loud; al fresco tables stayed empty.";
    (void)state;
    assert_true(dl_kklatin_detect(kk, strlen(kk)));
    assert_false(dl_kklatin_detect(tr, strlen(tr)));
    assert_false(dl_kklatin_detect(en, strlen(en)));
    assert_false(dl_kklatin_detect("", 0));
    assert_true(dl_kklatin_own_letters("jalaqy", 6));
    assert_true(dl_kklatin_own_letters("\xc3\xbck\xc4\xb1met", 8)); /* ükımet */
    assert_false(dl_kklatin_own_letters("better", 6));
    assert_false(dl_kklatin_own_letters("quite", 5));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_name_one_key),
        cmocka_unit_test(rules_one_by_one),
        cmocka_unit_test(short_long_and_broken),
        cmocka_unit_test(names_and_scripts),
        cmocka_unit_test(cyrillic_of_key),
        cmocka_unit_test(kazakh_latin_in_cyrillic),
        cmocka_unit_test(kazakh_latin_detected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
