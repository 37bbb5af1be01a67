/* test_kkstem.c - the Kazakh stemmer (dl_kkstem).
 *
 * A table of inflected forms written for this test with the stem each
 * must reach (case, possessive and plural endings, alone and stacked, in
 * both vowel-harmony classes and after every kind of final consonant), a
 * table of words that must come back whole (bare stems that merely end
 * like an ending, function words, short words), byte-level edge cases,
 * and, when the shared KazNERD sentences are present, a pass over every
 * word of the corpus: stems are prefixes on letter boundaries and the
 * distinct forms collapse onto at most 60% as many stems (55% measured).
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

#include "dl_kkstem.h"

struct stem_case {
    const char *word;
    const char *stem;
};

static const struct stem_case stem_cases[] = {
    /* one case ending, back and front stems */
    {"қаланың", "қала"},
    {"қалада", "қала"},
    {"қаладан", "қала"},
    {"қаламен", "қала"},
    {"қаланы", "қала"},
    {"қалаға", "қала"},
    {"мектепке", "мектеп"},
    {"мектептің", "мектеп"},
    {"мектептен", "мектеп"},
    {"мектепті", "мектеп"},
    {"мектепте", "мектеп"},
    {"адамның", "адам"},
    {"адамға", "адам"},
    {"адамды", "адам"},
    {"адаммен", "адам"},
    {"үйге", "үй"},
    {"үйде", "үй"},
    {"үйден", "үй"},
    {"үйдің", "үй"},
    {"елдің", "ел"},
    {"халықтың", "халық"},
    {"халыққа", "халық"},
    {"халықтан", "халық"},
    {"халықпен", "халық"},
    {"кітапқа", "кітап"},
    {"кітаппен", "кітап"},
    {"сөзбен", "сөз"},
    {"қазақстанның", "қазақстан"},
    {"қазақстанда", "қазақстан"},
    {"қазақстаннан", "қазақстан"},
    {"мемлекеттің", "мемлекет"},
    {"жылдың", "жыл"},
    {"тауға", "тау"},
    {"сайлаудың", "сайлау"},
    {"министрдің", "министр"},
    {"суға", "су"},
    {"жобамен", "жоба"},
    {"ауылдағы", "ауыл"},
    {"елдегі", "ел"},
    {"қаладағы", "қала"},
    /* plural */
    {"қалалар", "қала"},
    {"адамдар", "адам"},
    {"елдер", "ел"},
    {"кітаптар", "кітап"},
    {"мемлекеттер", "мемлекет"},
    {"сөздер", "сөз"},
    {"қыздар", "қыз"},
    {"таулар", "тау"},
    {"министрлер", "министр"},
    {"жұмысшылар", "жұмысшы"},
    /* possessive, alone and under a case ending */
    {"қаласы", "қала"},
    {"жұмысы", "жұмыс"},
    {"қаламыз", "қала"},
    {"досыңыз", "дос"},
    {"қаласының", "қала"},
    {"қаласында", "қала"},
    {"қаласына", "қала"},
    {"қаласынан", "қала"},
    {"қаласын", "қала"},
    {"қаласындағы", "қала"},
    {"жұмысына", "жұмыс"},
    {"кезінде", "кез"},
    {"облысының", "облыс"},
    {"үйіме", "үй"},
    {"қаламыздың", "қала"},
    /* stacked: plural + possessive + case */
    {"қалалардың", "қала"},
    {"мектептерде", "мектеп"},
    {"балаларға", "бала"},
    {"үйлеріміздің", "үй"},
    {"балаларымыз", "бала"},
    {"балаларыңыз", "бала"},
    {"адамдардың", "адам"},
    {"жерлерінде", "жер"},
    {"жылдары", "жыл"},
    {"оқушыларға", "оқушы"},
    {"органдарымен", "орган"},
    {"аудандарының", "аудан"},
    {"достарымен", "дос"},
    {"өзендерінің", "өзен"},
    {"көлдерде", "көл"},
    /* a final ы і under -ға -ның is the stem's (agent nouns in -шы) */
    {"оқушының", "оқушы"},
    {"тілшіге", "тілші"},
};

/* Words that must come back whole. */
static const char *const whole_words[] = {
    /* end like -м -н -ң -а after a vowel, but are stems */
    "адам",
    "қазан",
    "жылан",
    "әлем",
    "өлең",
    "тағам",
    "заман",
    "бала",
    "қала",
    "баға",
    "сана",
    /* end like -дар -ы -і -ын but the consonant or harmony forbids it */
    "бағдар",
    "базар",
    "бүгін",
    "кейін",
    "мүмкін",
    "алтын",
    "жақын",
    "ақын",
    "орын",
    "қиын",
    "елші",
    "тілші",
    "оқушы",
    /* too short to cut */
    "ел",
    "үй",
    "екі",
    "ана",
    "олар",
    "мен",
    "да",
    /* function words */
    "оның",
    "жаңа",
    "ғана",
    "бойынша",
    "арқылы",
    "туралы",
    "тағы",
    "немесе",
    "бірақ",
    "биыл",
};

static void
inflected_forms_reach_their_stem(void **state)
{
    int bad = 0;

    (void)state;
    for (size_t i = 0; i < sizeof stem_cases / sizeof stem_cases[0]; i++) {
        const struct stem_case *c = &stem_cases[i];
        size_t len = strlen(c->word);
        size_t got = dl_kkstem(c->word, len);

        if (got != strlen(c->stem) || memcmp(c->word, c->stem, got) != 0) {
            fprintf(stderr, "# %s: want %s, got %.*s\n", c->word, c->stem,
                    (int)got, c->word);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void
stems_and_short_words_stay_whole(void **state)
{
    int bad = 0;

    (void)state;
    for (size_t i = 0; i < sizeof whole_words / sizeof whole_words[0]; i++) {
        size_t len = strlen(whole_words[i]);
        size_t got = dl_kkstem(whole_words[i], len);

        if (got != len) {
            fprintf(stderr, "# %s over-stripped to %.*s\n", whole_words[i],
                    (int)got, whole_words[i]);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void
non_cyrillic_and_broken_input_come_back_whole(void **state)
{
    static const char *const words[] = {
        "astana", "covid-ке", "2020-жылы", "қала\xff", "\xd2", "",
    };

    (void)state;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t len = strlen(words[i]);

        assert_int_equal(dl_kkstem(words[i], len), len);
    }
    assert_int_equal(dl_kkstem(NULL, 0), 0);
    /* Half a letter at the end: not a Cyrillic word any more. */
    assert_int_equal(dl_kkstem("қалалар", strlen("қалалар") - 1),
                     strlen("қалалар") - 1);
}

static void
long_words_are_handled_whole_or_cut_at_a_letter(void **state)
{
    char word[400];
    size_t len = 0;
    size_t got;

    (void)state;
    /* 150 letters: beyond the stemmer's window, so untouched. */
    while (len + 2 <= 300) {
        memcpy(word + len, "а", 2);
        len += 2;
    }
    assert_int_equal(dl_kkstem(word, len), len);
    /* 40 letters ending in -лардың: cut, on a letter boundary. */
    len = 0;
    while (len < 68) {
        memcpy(word + len, "қа", 4);
        len += 4;
    }
    memcpy(word + len, "лардың", strlen("лардың"));
    len += strlen("лардың");
    got = dl_kkstem(word, len);
    assert_int_equal(got, 68);
}

/* ---- KazNERD ------------------------------------------------------------ */

/* Lowercase a two-byte Cyrillic letter in place; 0 if p is not one. */
static int
lower_cyrillic(unsigned char *p)
{
    uint32_t c;

    if (p[0] < 0xD0 || p[0] > 0xD3 || (p[1] & 0xC0) != 0x80)
        return 0;
    c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    if (c >= 0x410 && c <= 0x42F)
        c += 0x20;
    else if (c >= 0x400 && c <= 0x40F)
        c += 0x50;
    else if (c >= 0x460 && c <= 0x4FF && (c & 1) == 0 && c != 0x4C0)
        c += 1;
    p[0] = (unsigned char)(0xC0 | (c >> 6));
    p[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 1;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
count_distinct(char **v, size_t n)
{
    size_t d = 0;

    qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
            d++;
    }
    return d;
}

static void
kaznerd_forms_collapse_onto_fewer_stems(void **state)
{
    const char *env = getenv("DL_CORPORA");
    const char *top = getenv("top_srcdir");
    char path[2048];
    FILE *f;
    char line[8192];
    char **forms = NULL;
    char **stems = NULL;
    size_t n = 0;
    size_t cap = 0;
    size_t dforms;
    size_t dstems;

    (void)state;
    if (env != NULL && env[0] != '\0')
        snprintf(path, sizeof path, "%s/kaznerd/kaznerd_sentences.tsv", env);
    else
        snprintf(path, sizeof path,
                 "%s/../shared/corpora/kaznerd/kaznerd_sentences.tsv",
                 top != NULL ? top : "..");
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "# no KazNERD at %s: skipped\n", path);
        skip();
    }
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned char *p = (unsigned char *)line;

        while (*p != '\0') {
            unsigned char *w = p;
            size_t len;
            size_t st;

            while (lower_cyrillic(p))
                p += 2;
            len = (size_t)(p - w);
            if (len == 0) {
                p++;
                continue;
            }
            st = dl_kkstem((const char *)w, len);
            /* A prefix, cut between two letters. */
            assert_true(st <= len);
            assert_int_equal(st % 2, 0);
            if (n == cap) {
                cap = cap ? 2 * cap : 4096;
                forms = realloc(forms, cap * sizeof *forms);
                stems = realloc(stems, cap * sizeof *stems);
                assert_non_null(forms);
                assert_non_null(stems);
            }
            forms[n] = strndup((const char *)w, len);
            stems[n] = strndup((const char *)w, st);
            assert_non_null(forms[n]);
            assert_non_null(stems[n]);
            n++;
        }
    }
    fclose(f);
    assert_true(n > 100000);
    dforms = count_distinct(forms, n);
    dstems = count_distinct(stems, n);
    fprintf(stderr, "# KazNERD: %zu tokens, %zu forms -> %zu stems (%.1f%%)\n",
            n, dforms, dstems, 100.0 * (double)dstems / (double)dforms);
    assert_true(dstems * 100 <= dforms * 60);
    for (size_t i = 0; i < n; i++) {
        free(forms[i]);
        free(stems[i]);
    }
    free(forms);
    free(stems);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inflected_forms_reach_their_stem),
        cmocka_unit_test(stems_and_short_words_stay_whole),
        cmocka_unit_test(non_cyrillic_and_broken_input_come_back_whole),
        cmocka_unit_test(long_words_are_handled_whole_or_cut_at_a_letter),
        cmocka_unit_test(kaznerd_forms_collapse_onto_fewer_stems),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
