/* dl_kkstem.c - a suffix-stripping stemmer for Kazakh (Cyrillic).
 *
 * Kazakh nouns stack endings in a fixed order: stem + plural + possessive
 * + case (бала-лар-ымыз-дың "of our children").  The stemmer peels them
 * from the right in the reverse order, at most one of each: an outer
 * attributive or case ending, then a possessive, then a plural.  Each
 * ending exists as several allomorphs, and the language itself says which
 * one a stem takes: vowel harmony (a back stem, last vowel а о ұ ы, takes
 * -лар -дың -ға; a front one, ә ө ү і е, takes -лер -дің -ге) and the last
 * sound of the stem (-лар after vowels and р у й, -дар after л ж з м н ң,
 * -тар after voiceless consonants; -ның after vowels and м н ң, and so on).
 * An allomorph is only removed when both agree with what is left, which is
 * what keeps words that merely end like a suffix (адам, қазан, бағдар)
 * whole.  A stem keeps at least MIN_STEM letters and one vowel; the
 * one-letter endings (-ы -і -н) need a longer remainder, and a short list
 * of frequent words that end like an inflection is never cut.  The -м and
 * -ң possessives of the first and second person singular are not stripped
 * at all: they are rare in news and most Kazakh nouns that end in a vowel
 * plus м or ң are bare stems (адам, әлем, өлең).
 *
 * A stemmer may only return a prefix, so consonant alternation (жақ, жағы)
 * is not undone: those forms keep two stems.  The figures measured on
 * KazNERD with bench/kkstem-eval.sh are in docs/languages.md.
 *
 * Words are NFC lowercase; every Cyrillic letter is two bytes, so the word
 * is checked once and then handled as an array of code points.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dl_kkstem.h"
#include "dl_utf8.h"

/* Longest word handled, in letters; longer ones come back whole. */
#define MAX_LETTERS 64
/* Fewest letters a stem keeps (үй "house", ел "country" are stems). */
#define MIN_STEM 2
/* Fewest letters left by a one-letter ending: екі, елі, іші stay whole. */
#define MIN_STEM_SHORT 3

/* Classes of the letter before an ending. */
enum {
    K_V = 1 << 0,  /* vowel other than ы і */
    K_R = 1 << 1,  /* р у й: sonorants that take -лар */
    K_L = 1 << 2,  /* л */
    K_Z = 1 << 3,  /* ж з */
    K_N = 1 << 4,  /* м н ң */
    K_T = 1 << 5,  /* voiceless, and б в г д devoiced at the end */
    K_P3 = 1 << 6, /* ы і, as a third-person possessive (-ы -сы) ends */
    K_C = K_R | K_L | K_Z | K_N | K_T,
    K_ANY_VOICED = K_V | K_P3 | K_R | K_L | K_Z | K_N
};

/* Harmony of a letter. */
enum { H_NONE, H_BACK, H_FRONT };

enum {
    R_FREE = 1, /* no harmony: -мен is -мен after any stem */
    R_P3 = 2, /* may follow a third-person possessive (-ы-ның, -сы-нда) */
    R_NOT_SH = 4 /* not after ш: -шы -ші make agent nouns (оқушы) */
};

struct rule {
    const char *suffix;  /* UTF-8, Cyrillic only */
    unsigned char after; /* K_* classes allowed before it */
    unsigned char flags; /* R_* */
};

/* Case endings and the attributive -дағы ("which is in"), which closes a
 * word like a case.  Tried longest first, so -нда wins over -да. */
static const struct rule case_rules[] = {
    {"ндағы", K_P3, R_P3},
    {"ндегі", K_P3, R_P3},
    {"менен", K_V | K_P3 | K_R | K_L | K_N, R_FREE | R_P3},
    {"бенен", K_Z, R_FREE},
    {"пенен", K_T, R_FREE},
    {"дағы", K_ANY_VOICED, 0},
    {"дегі", K_ANY_VOICED, 0},
    {"тағы", K_T, 0},
    {"тегі", K_T, 0},
    {"ның", K_V | K_P3 | K_N, R_P3},
    {"нің", K_V | K_P3 | K_N, R_P3},
    {"дың", K_R | K_L | K_Z, 0},
    {"дің", K_R | K_L | K_Z, 0},
    {"тың", K_T, 0},
    {"тің", K_T, 0},
    {"дан", K_V | K_P3 | K_R | K_L | K_Z, 0},
    {"ден", K_V | K_P3 | K_R | K_L | K_Z, 0},
    {"нан", K_N | K_P3, R_P3},
    {"нен", K_N | K_P3, R_P3},
    {"тан", K_T, 0},
    {"тен", K_T, 0},
    {"нда", K_P3, R_P3},
    {"нде", K_P3, R_P3},
    {"мен", K_V | K_P3 | K_R | K_L | K_N, R_FREE | R_P3},
    {"бен", K_Z, R_FREE},
    {"пен", K_T, R_FREE},
    {"ға", K_ANY_VOICED, 0},
    {"ге", K_ANY_VOICED, 0},
    {"қа", K_T, 0},
    {"ке", K_T, 0},
    {"на", K_P3, R_P3},
    {"не", K_P3, R_P3},
    {"да", K_ANY_VOICED, 0},
    {"де", K_ANY_VOICED, 0},
    {"та", K_T, 0},
    {"те", K_T, 0},
    {"ны", K_V | K_P3, 0},
    {"ні", K_V | K_P3, 0},
    {"ды", K_R | K_L | K_Z | K_N, 0},
    {"ді", K_R | K_L | K_Z | K_N, 0},
    {"ты", K_T, 0},
    {"ті", K_T, 0},
    {"н", K_P3, R_P3},
};

/* Dative after a first or second person singular possessive: the
 * possessive goes with it. */
static const struct rule case_poss_rules[] = {
    {"ыма", K_C, 0},
    {"іме", K_C, 0},
    {"ыңа", K_C, 0},
    {"іңе", K_C, 0},
};

static const struct rule poss_rules[] = {
    {"ымыз", K_C, 0},     {"іміз", K_C, 0}, {"ыңыз", K_C, 0},
    {"іңіз", K_C, 0},     {"мыз", K_V, 0},  {"міз", K_V, 0},
    {"ңыз", K_V, 0},      {"ңіз", K_V, 0},  {"ым", K_C, 0},
    {"ім", K_C, 0},       {"ың", K_C, 0},   {"ің", K_C, 0},
    {"сы", K_V, 0},       {"сі", K_V, 0},   {"ы", K_C, R_NOT_SH},
    {"і", K_C, R_NOT_SH},
};

static const struct rule plural_rules[] = {
    {"лар", K_V | K_P3 | K_R, 0},
    {"лер", K_V | K_P3 | K_R, 0},
    {"дар", K_L | K_Z | K_N, 0},
    {"дер", K_L | K_Z | K_N, 0},
    {"тар", K_T, 0},
    {"тер", K_T, 0},
};

/* Frequent whole words that end like an inflection would (checked on the
 * full word only; a linear scan, the list is short). */
static const char *const keep_whole[] = {
    "бүгін",  "кейін",  "мүмкін", "жақын",   "алтын", "ақын",  "қиын",
    "қазан",  "жылан",  "тұрғын", "орын",    "ерін",  "келін", "түйін",
    "сағын",  "салын",  "оның",   "мұның",   "соның", "бұның", "арқылы",
    "туралы", "сияқты", "тағы",   "бойынша", "сонда", "мұнда", "онда",
    "әрі",    "бірге",  "енді",   "мына",    "сана",  "ана",   "дана",
    "жаңа",   "ғана",   "қана",   "көбі",    "бәрі",  "ие",    "иесі",
};

static int
is_vowel(uint32_t c)
{
    switch (c) {
    case 0x430: /* а */
    case 0x4D9: /* ә */
    case 0x435: /* е */
    case 0x43E: /* о */
    case 0x4E9: /* ө */
    case 0x443: /* у */
    case 0x4B1: /* ұ */
    case 0x4AF: /* ү */
    case 0x44B: /* ы */
    case 0x456: /* і */
    case 0x44D: /* э */
    case 0x44E: /* ю */
    case 0x44F: /* я */
    case 0x451: /* ё */
    case 0x438: /* и */
        return 1;
    default:
        return 0;
    }
}

static int
harmony(uint32_t c)
{
    switch (c) {
    case 0x430: /* а */
    case 0x43E: /* о */
    case 0x4B1: /* ұ */
    case 0x44B: /* ы */
    case 0x44F: /* я */
    case 0x451: /* ё */
        return H_BACK;
    case 0x4D9: /* ә */
    case 0x4E9: /* ө */
    case 0x4AF: /* ү */
    case 0x456: /* і */
    case 0x435: /* е */
    case 0x44D: /* э */
        return H_FRONT;
    default:
        return H_NONE; /* у и ю and consonants */
    }
}

/* The class of the letter a suffix would follow.  у is a vowel letter but
 * selects endings like the sonorants р й (тау-лар, сайлау-дың). */
static unsigned
class_of(uint32_t c)
{
    switch (c) {
    case 0x443: /* у */
    case 0x440: /* р */
    case 0x439: /* й */
        return K_R;
    case 0x43B: /* л */
        return K_L;
    case 0x436: /* ж */
    case 0x437: /* з */
        return K_Z;
    case 0x43C: /* м */
    case 0x43D: /* н */
    case 0x4A3: /* ң */
        return K_N;
    case 0x44B: /* ы */
    case 0x456: /* і */
        return K_P3;
    default:
        return is_vowel(c) ? K_V : K_T;
    }
}

/* Harmony of the last vowel of cp[0..n) that has one; H_NONE for stems
 * whose vowels are all neutral (loanwords like министр). */
static int
stem_harmony(const uint32_t *cp, size_t n)
{
    while (n > 0) {
        int h = harmony(cp[--n]);

        if (h != H_NONE)
            return h;
    }
    return H_NONE;
}

static int
has_vowel(const uint32_t *cp, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (is_vowel(cp[i]))
            return 1;
    }
    return 0;
}

/* Try the rules on the word w (bytes) whose letters are cp[0..n): the
 * number of letters left after the longest ending that fits, or n; *flags
 * gets the R_* flags of that ending (0 when none fits). */
static size_t
strip(const char *w, const uint32_t *cp, size_t n, const struct rule *rules,
      size_t nrules, unsigned *flags)
{
    size_t best = n;

    *flags = 0;

    for (size_t i = 0; i < nrules; i++) {
        size_t sbytes = strlen(rules[i].suffix);
        size_t sl = sbytes / 2;
        size_t rest;
        int sh;
        int rh;

        if (sl >= n || n - sl >= best)
            continue;
        rest = n - sl;
        if (memcmp(w + 2 * rest, rules[i].suffix, sbytes) != 0)
            continue;
        if (rest < (sl == 1 ? MIN_STEM_SHORT : MIN_STEM))
            continue;
        if ((class_of(cp[rest - 1]) & rules[i].after) == 0)
            continue;
        if ((rules[i].flags & R_NOT_SH) != 0 && cp[rest - 1] == 0x448)
            continue;
        if (!has_vowel(cp, rest))
            continue;
        /* Two-letter stems end in a consonant (үй, ел, ат, су); ба-ға,
         * ба-сы would be cuts of баға, басы. */
        if (rest == MIN_STEM && (class_of(cp[rest - 1]) & (K_V | K_P3)) != 0)
            continue;
        sh = stem_harmony(cp + rest, sl);
        rh = stem_harmony(cp, rest);
        if (!(rules[i].flags & R_FREE) && sh != H_NONE && rh != H_NONE &&
            sh != rh)
            continue;
        best = rest;
        *flags = rules[i].flags;
    }
    return best;
}

static int
kept_whole(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof keep_whole / sizeof keep_whole[0]; i++) {
        if (strlen(keep_whole[i]) == len &&
            memcmp(keep_whole[i], word, len) == 0)
            return 1;
    }
    return 0;
}

#define NRULES(a) (sizeof(a) / sizeof((a)[0]))

size_t
dl_kkstem(const char *word, size_t len)
{
    uint32_t cp[MAX_LETTERS];
    size_t n;
    size_t m;
    unsigned flags;

    if (word == NULL || len < 2 * (MIN_STEM + 1) || len % 2 != 0 ||
        len > 2 * MAX_LETTERS)
        return len;
    n = len / 2;
    for (size_t i = 0; i < n; i++) {
        /* Cyrillic, U+0400..U+04FF: two bytes each */
        int c;
        if (dl_utf8_next(word + 2 * i, len - 2 * i, &c) != 2 || c < 0x400 ||
            c > 0x4FF)
            return len;
        cp[i] = (uint32_t)c;
    }
    if (kept_whole(word, len))
        return len;

    m = strip(word, cp, n, case_poss_rules, NRULES(case_poss_rules), &flags);
    if (m == n) {
        m = strip(word, cp, n, case_rules, NRULES(case_rules), &flags);
        /* A final ы і under a case ending that never follows the
         * possessive (-ға, -да, -дан, -ды...) belongs to the stem:
         * оқушы-ға, тілші-де. */
        if (m == n || (flags & R_P3) != 0 || (class_of(cp[m - 1]) & K_P3) == 0)
            m = strip(word, cp, m, poss_rules, NRULES(poss_rules), &flags);
    }
    m = strip(word, cp, m, plural_rules, NRULES(plural_rules), &flags);
    return 2 * m;
}
