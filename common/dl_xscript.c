/* dl_xscript.c - the cross-script key of a word (dl_xscript.h).
 *
 * A line-by-line port of key() in scripts/xscript_ref.py, in its four
 * steps: the word lowercased in NFC; a Cyrillic word transliterated
 * (cyr_to_latin); the Latin word's marks resolved on its NFD form
 * (latin_letters: ž = zh, ş = sh...), an ambiguous digraph's class coming
 * out as a capital marker (J = zh, X = sh, C = ch, W = shch, G = gh,
 * N = ng) so that fold cannot misread it; then the letter classes and the
 * sequence rules (fold).  The steps work on arrays of code points bounded
 * by DL_XSCRIPT_WORD_MAX, so a key allocates only its output.  Keep the
 * two implementations in step: tests/integ/xscript.sh compares them.
 */
#include "config.h"

#include <string.h>
#include <utf8proc.h>

#include "dl_normalize.h"
#include "dl_utf8.h"
#include "dl_xscript.h"

/* Code points of one word at each step: the NFD form of a word of
 * DL_XSCRIPT_WORD_MAX bytes has at most that many, and a step at most
 * doubles a letter (shch is 4 for 1, but from 2 bytes). */
#define CPS_MAX (4 * DL_XSCRIPT_WORD_MAX)

struct cps {
    int v[CPS_MAX];
    size_t n;
};

static void
put(struct cps *c, int cp)
{
    if (c->n < CPS_MAX)
        c->v[c->n++] = cp;
}

static void
put_str(struct cps *c, const char *s)
{
    for (; *s != '\0'; s++)
        put(c, (unsigned char)*s);
}

static bool
is_letter(int cp)
{
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL ||
           k == UTF8PROC_CATEGORY_LT || k == UTF8PROC_CATEGORY_LM ||
           k == UTF8PROC_CATEGORY_LO;
}

static bool
in_list(int cp, const int *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (list[i] == cp)
            return true;
    }
    return false;
}

#define IN(cp, list) in_list((cp), (list), sizeof(list) / sizeof((list)[0]))

static bool
is_cyr(int cp)
{
    return cp >= 0x400 && cp <= 0x52F;
}

/* ---- step 2: Cyrillic to Latin (CYR_KEY) ------------------------------- */

/* The canonical Latin of each lowercase Cyrillic letter, by code point
 * from U+0400; NULL: a Cyrillic letter with none (dropped).  ё and ъ
 * depend on their neighbours (cyr_to_latin). */
static const char *const cyr_key[0x100] = {
    [0x30] = "a",  [0x31] = "b",    [0x32] = "v",  [0x33] = "g",
    [0x34] = "d",  [0x35] = "e",    [0x36] = "zh", [0x37] = "z",
    [0x38] = "i",  [0x39] = "y",    [0x3A] = "k",  [0x3B] = "l",
    [0x3C] = "m",  [0x3D] = "n",    [0x3E] = "o",  [0x3F] = "p",
    [0x40] = "r",  [0x41] = "s",    [0x42] = "t",  [0x43] = "u",
    [0x44] = "f",  [0x45] = "kh",   [0x46] = "ts", [0x47] = "ch",
    [0x48] = "sh", [0x49] = "shch", [0x4B] = "y",  [0x4D] = "e",
    [0x4E] = "yu", [0x4F] = "ya",   [0x52] = "dj", [0x53] = "gj",
    [0x54] = "ye", [0x55] = "dz",   [0x56] = "i",  [0x57] = "yi",
    [0x58] = "j",  [0x59] = "lj",   [0x5A] = "nj", [0x5B] = "ch",
    [0x5C] = "kj", [0x5E] = "w",    [0x5F] = "dzh", [0x91] = "g",
    [0x93] = "gh", [0x9B] = "q",    [0xA3] = "ng", [0xAF] = "u",
    [0xB1] = "u",  [0xBB] = "h",    [0xD9] = "a",  [0xE9] = "o",
};

/* б в г ґ д ж з й к л м н п р с т ф х ц ч ш щ ђ ѓ ѕ ј ќ љ њ ћ џ ғ қ ң һ */
static const int cyr_consonants[] = {
    0x431, 0x432, 0x433, 0x491, 0x434, 0x436, 0x437, 0x439, 0x43A,
    0x43B, 0x43C, 0x43D, 0x43F, 0x440, 0x441, 0x442, 0x444, 0x445,
    0x446, 0x447, 0x448, 0x449, 0x452, 0x453, 0x455, 0x458, 0x45C,
    0x459, 0x45A, 0x45B, 0x45F, 0x493, 0x49B, 0x4A3, 0x4BB,
};

static void
cyr_to_latin(const struct cps *w, struct cps *out)
{
    size_t i;
    out->n = 0;
    for (i = 0; i < w->n; i++) {
        int ch = w->v[i];
        int prev = i > 0 ? w->v[i - 1] : 0;
        int next = i + 1 < w->n ? w->v[i + 1] : 0;
        if (ch == 0x451) {
            /* ё: the Russian press writes е after a consonant. */
            put_str(out, IN(prev, cyr_consonants) ? "e" : "yo");
        } else if (ch == 0x44A) {
            /* ъ: Bulgarian vowel between consonants, else a sign. */
            if (IN(next, cyr_consonants))
                put(out, 'a');
        } else if (ch >= 0x400 && ch < 0x500 && cyr_key[ch - 0x400] != NULL) {
            put_str(out, cyr_key[ch - 0x400]);
        } else if (!is_cyr(ch)) {
            put(out, ch);
        }
    }
}

/* ---- step 3: Latin marks (resolve_marks, latin_letters) ----------------- */

enum {
    GRAVE = 0x300,
    ACUTE = 0x301,
    CIRCUMFLEX = 0x302,
    TILDE = 0x303,
    BREVE = 0x306,
    DOT_ABOVE = 0x307,
    DIAERESIS = 0x308,
    CARON = 0x30C,
    DOT_BELOW = 0x323,
    COMMA_BELOW = 0x326,
    CEDILLA = 0x327
};

/* Apostrophes, primes and soft-sign marks: dropped. */
static const int signs[] = {0x27,  0x2019, 0x2018, 0x2BC, 0x2B9, 0x60,
                            0xB4,  0x2BB,  0x201B, 0xB7,  0x2BD};
/* The double ones stand for ъ (BGN ” and ISO ʺ): ъ's rule. */
static const int hard_signs[] = {0x2BA, 0x201D, 0x2033, 0x22, 0x201C};

/* Letters without a decomposition (PLAIN). */
static const char *
plain_letter(int cp)
{
    switch (cp) {
    case 0x131: /* ı */
    case 0x268: /* ɨ */
        return "i";
    case 0x142:
        return "l";
    case 0xF8:
        return "o";
    case 0xE6:
        return "ae";
    case 0x153:
        return "oe";
    case 0xDF:
        return "ss";
    case 0x14B: /* ŋ */
        return "N";
    case 0x127:
        return "h";
    case 0x111: /* đ */
        return "dj";
    case 0xF0:
        return "d";
    case 0xFE:
        return "th";
    default:
        return NULL;
    }
}

static bool
latin_vowel(int cp)
{
    return cp != 0 && strchr("aeiouy", cp) != NULL && cp < 0x80;
}

static bool
has(const int *m, size_t nm, int mark)
{
    return in_list(mark, m, nm);
}

/* The letters base + marks stand for (markers for ambiguous classes). */
static const char *
resolve_marks(int base, const int *m, size_t nm, int prev)
{
    /* "a\0b\0...": a letter that has no rule stands for itself. */
    static const char self[] = "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0"
                               "n\0o\0p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z";
    switch (base) {
    case 'z':
        if (has(m, nm, CARON) || has(m, nm, DOT_ABOVE))
            return "J";
        return has(m, nm, CIRCUMFLEX) ? "dz" : "z";
    case 's':
        if (has(m, nm, CARON) || has(m, nm, CEDILLA) ||
            has(m, nm, COMMA_BELOW))
            return "X";
        return has(m, nm, CIRCUMFLEX) ? "W" : "s";
    case 'c':
        return has(m, nm, CARON) || has(m, nm, ACUTE) || has(m, nm, CEDILLA)
                   ? "C"
                   : "c";
    case 'd':
        return has(m, nm, CIRCUMFLEX) || has(m, nm, CARON) ? "dJ" : "d";
    case 'g':
        if (has(m, nm, BREVE) || has(m, nm, CARON) || has(m, nm, DOT_ABOVE))
            return "G";
        return has(m, nm, ACUTE) ? "gj" : "g";
    case 'n':
        if (has(m, nm, TILDE) || has(m, nm, CEDILLA) ||
            has(m, nm, COMMA_BELOW) || has(m, nm, DOT_BELOW))
            return "N";
        return has(m, nm, CIRCUMFLEX) ? "nj" : "n";
    case 'l':
        return has(m, nm, CIRCUMFLEX) ? "lj" : "l";
    case 'k':
        if (has(m, nm, ACUTE))
            return "kj";
        return has(m, nm, CEDILLA) || has(m, nm, COMMA_BELOW) ? "q" : "k";
    case 'i':
        return has(m, nm, DIAERESIS) ? "yi" : "i";
    case 'e':
        if (has(m, nm, CIRCUMFLEX))
            return "ye";
        return has(m, nm, DIAERESIS) ? "yo" : "e";
    case 'a':
        return has(m, nm, CIRCUMFLEX) ? "ya" : "a";
    case 'u':
        if (has(m, nm, CIRCUMFLEX))
            return "yu";
        if (has(m, nm, BREVE) || has(m, nm, CARON))
            /* Belarusian ў after a vowel, Bulgarian BGN ъ after a
             * consonant. */
            return latin_vowel(prev) ? "w" : "a";
        return "u";
    default:
        return &self[2 * (base - 'a')];
    }
}

static bool
combining(int cp)
{
    return utf8proc_get_property(cp)->combining_class != 0;
}

/* The lowercase NFD word w to plain letters (and markers) in out. */
static void
latin_letters(const struct cps *w, struct cps *out)
{
    size_t i = 0;
    out->n = 0;
    while (i < w->n) {
        int ch = w->v[i];
        size_t j = i + 1;
        const char *p;
        while (j < w->n && combining(w->v[j]))
            j++;
        if (IN(ch, signs)) {
            /* dropped */
        } else if (IN(ch, hard_signs)) {
            int prev = out->n > 0 ? out->v[out->n - 1] : 0;
            int next = j < w->n ? w->v[j] : 0;
            if (prev != 0 && is_letter(prev) && !latin_vowel(prev) &&
                next != 0 && is_letter(next) &&
                !latin_vowel(utf8proc_tolower(next)))
                put(out, 'a');
        } else if ((p = plain_letter(ch)) != NULL) {
            put_str(out, p);
        } else if (ch >= 'a' && ch <= 'z') {
            int prev = out->n > 0 ? out->v[out->n - 1] : 0;
            put_str(out, resolve_marks(ch, w->v + i + 1, j - i - 1, prev));
        } else {
            put(out, ch);
        }
        i = j;
    }
}

/* č š ž */
static const int caron_letters[] = {0x10D, 0x161, 0x17E};
/* ŭ ĺ ś ń ź ê â û ì è ǔ ʹ ʺ ķ ġ ņ ô ù ḥ: only ISO 9 and Belarusian Latin */
static const int glide_letters[] = {
    0x16D, 0x13A, 0x15B, 0x144, 0x17A, 0xEA,  0xE2,  0xFB,  0xEC, 0xE8,
    0x1D4, 0x2B9, 0x2BA, 0x137, 0x121, 0x146, 0xF4, 0xF9, 0x1E25,
};

/* What the letters of the NFC word w tell of its system (evidence). */
static void
evidence(const struct cps *w, bool *slavic_carons, bool *glide_marks)
{
    size_t i;
    *slavic_carons = false;
    *glide_marks = false;
    for (i = 0; i < w->n; i++) {
        int ch = w->v[i];
        int next = i + 1 < w->n ? w->v[i + 1] : 0;
        if (IN(ch, caron_letters) || (latin_vowel(ch) && next == 0x16D))
            *slavic_carons = true;
        if (IN(ch, glide_letters) || (ch == 'a' && next == 0x30B) ||
            (ch == 'u' && next == DOT_ABOVE))
            *glide_marks = true;
    }
}

/* ---- step 4: classes and sequences (fold) -------------------------------- */

static bool
starts(const struct cps *s, size_t i, const char *lit)
{
    size_t k;
    for (k = 0; lit[k] != '\0'; k++) {
        if (i + k >= s->n || s->v[i + k] != (unsigned char)lit[k])
            return false;
    }
    return true;
}

static bool
vowel_tok(int t)
{
    return t == 'a' || t == 'e' || t == 'i' || t == 'o' || t == 'u';
}

/* The class of a Latin j: zh (Jañaözen, Jomart, dj, Oljas) or the glide
 * i (ISO 9 and Belarusian й: Sergej, Bajkal; Sofija). */
static int
j_class(int prev, int next, bool glide_marks)
{
    if (prev == 'd')
        return 'j';
    if (prev == 'i')
        return 'i';
    if (vowel_tok(prev))
        return latin_vowel(next) && !glide_marks ? 'j' : 'i';
    return 'j';
}

/* The digraphs, longest first; NULL class: handled in fold. */
static const struct digraph {
    const char *lit;
    int cls;
    size_t used; /* letters consumed */
} digraphs[] = {
    {"tsch", 'c', 4}, {"tch", 'c', 3}, {"dzh", 'j', 3}, {"ngh", 'n', 1},
    {"ng", 'n', 2},   {"zh", 'j', 2},  {"kh", 'h', 2},  {"gh", 'g', 2},
    {"ch", 0, 2},     {"ts", 'c', 2},  {"sh", 'x', 2},  {"ph", 'f', 2},
};

/* One letter (or marker) of s at i into toks; returns letters used. */
static size_t
fold_one(const struct cps *s, size_t i, struct cps *toks, bool carons,
         bool glides)
{
    int c = s->v[i];
    int prev = toks->n > 0 ? toks->v[toks->n - 1] : 0;
    size_t d;
    for (d = 0; d < sizeof digraphs / sizeof digraphs[0]; d++) {
        if (starts(s, i, digraphs[d].lit)) {
            /* Belarusian national (and Czech, Polish) ch is х; such
             * words carry their carons. */
            put(toks, digraphs[d].cls != 0 ? digraphs[d].cls
                                           : (carons ? 'h' : 'c'));
            return digraphs[d].used;
        }
    }
    switch (c) {
    case 'N':
        put(toks, 'n');
        break;
    case 'J':
        if (prev == 'd')
            toks->v[toks->n - 1] = 'j';
        else
            put(toks, 'j');
        break;
    case 'C':
    case 'X':
    case 'W':
    case 'G':
        put(toks, c - 'A' + 'a');
        break;
    case 'j': {
        int next = i + 1 < s->n ? s->v[i + 1] : 0;
        int cls = j_class(prev, next, glides);
        if (cls == 'j' && prev == 'd')
            toks->v[toks->n - 1] = 'j';
        else
            put(toks, cls);
        break;
    }
    case 'i':
    case 'y':
        put(toks, 'i');
        break;
    case 'q':
        put(toks, 'k');
        break;
    case 'x':
        put(toks, 'k');
        put(toks, 's');
        break;
    case 'w':
        put(toks, 'u');
        break;
    default:
        if (is_letter(c))
            put(toks, c);
        break;
    }
    return 1;
}

static void
fold(const struct cps *s, bool carons, bool glides, struct cps *out)
{
    struct cps toks;
    size_t i = 0;
    toks.n = 0;
    while (i < s->n)
        i += fold_one(s, i, &toks, carons, glides);
    out->n = 0;
    for (i = 0; i < toks.n; i++) {
        int t = toks.v[i] == 'g' ? 'h' : toks.v[i]; /* g ~ h ~ kh */
        int prev = out->n > 0 ? out->v[out->n - 1] : 0;
        if (prev == 'x' && (t == 'c' || t == 't')) {
            out->v[out->n - 1] = 'w'; /* shch, šč, Bulgarian sht */
            continue;
        }
        if (t == 'e' && prev == 'i') {
            out->n--; /* ye, je, ie: e */
        } else if (t == 'o' && prev == 'i' && out->n >= 2 &&
                   !vowel_tok(out->v[out->n - 2])) {
            out->n--; /* yo after a consonant: e */
            t = 'e';
        }
        if (out->n > 0 && t == out->v[out->n - 1])
            continue; /* a doubled letter counts once */
        put(out, t);
    }
}

/* ---- public -------------------------------------------------------------- */

/* s[0..n) decoded into c (lowercased when lower); false on invalid UTF-8
 * or a word too long. */
static bool
decode(const char *s, size_t n, bool lower, struct cps *c)
{
    size_t i = 0;
    c->n = 0;
    while (i < n) {
        int cp;
        i += dl_utf8_next(s + i, n - i, &cp);
        if (cp == DL_UTF8_INVALID || c->n == CPS_MAX)
            return false;
        c->v[c->n++] = lower ? utf8proc_tolower(cp) : cp;
    }
    return true;
}

static dl_status
encode(const struct cps *c, dl_buf *out)
{
    size_t i;
    dl_buf_reset(out);
    for (i = 0; i < c->n; i++) {
        char u[DL_UTF8_MAX];
        if (dl_buf_append(out, u, dl_utf8_encode(c->v[i], u)) != DL_OK)
            return DL_ENOMEM;
    }
    if (dl_buf_putc(out, '\0') != DL_OK)
        return DL_ENOMEM;
    out->len--;
    return DL_OK;
}

/* ASCII without a double quote (a hard sign). */
static bool
plain_ascii(const struct cps *w)
{
    size_t i;
    for (i = 0; i < w->n; i++) {
        if (w->v[i] >= 0x80 || w->v[i] == '"')
            return false;
    }
    return true;
}

/* The steps' arrays: a key is made on every indexed word, so they are
 * not on the stack twice over, and not allocated each time. */
struct steps {
    struct cps a, b;
};

dl_status
dl_xscript_key(const char *s, size_t n, dl_buf *out)
{
    static _Thread_local struct steps st;
    dl_buf tmp = DL_BUF_INIT;
    bool carons;
    bool glides;
    bool cyr = false;
    size_t i;
    dl_status rc;

    dl_buf_reset(out);
    if (dl_buf_putc(out, '\0') != DL_OK)
        return DL_ENOMEM;
    out->len = 0;
    if (n == 0 || n > DL_XSCRIPT_WORD_MAX)
        return DL_OK;
    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            return DL_OK; /* 30-kilometre's key would be kilometre's */
    }
    for (i = 0; i < n && (unsigned char)s[i] < 0x80 && s[i] != '"'; i++)
        ;
    if (i == n) {
        /* ASCII (most words of most archives): no normal form to make. */
        (void)decode(s, n, true, &st.a);
        fold(&st.a, false, false, &st.b);
        if (st.b.n < DL_XSCRIPT_MIN_KEY)
            st.b.n = 0;
        return encode(&st.b, out);
    }
    rc = dl_utf8_nfc(s, n, &tmp);
    if (rc != DL_OK || !decode(tmp.data, tmp.len, true, &st.a)) {
        dl_buf_free(&tmp);
        return rc == DL_ENOMEM ? DL_ENOMEM : DL_OK;
    }
    for (i = 0; i < st.a.n && !cyr; i++)
        cyr = is_cyr(st.a.v[i]);
    if (cyr) {
        cyr_to_latin(&st.a, &st.b);
        st.a = st.b;
    }
    evidence(&st.a, &carons, &glides);
    /* The NFD form, through UTF-8 again: utf8proc decomposes whole
     * strings. */
    rc = encode(&st.a, out);
    dl_buf_reset(&tmp);
    if (rc == DL_OK)
        rc = dl_utf8_nfd(out->data, out->len, &tmp);
    if (rc != DL_OK || !decode(tmp.data, tmp.len, false, &st.a)) {
        dl_buf_free(&tmp);
        dl_buf_reset(out);
        return rc == DL_ENOMEM ? DL_ENOMEM : DL_OK;
    }
    dl_buf_free(&tmp);
    if (plain_ascii(&st.a)) {
        /* As the reference's fast path: nothing to resolve, and an ASCII
         * apostrophe stays (fold skips it, but it parts a digraph:
         * pact's, N'Guma). */
        st.b = st.a;
    } else {
        latin_letters(&st.a, &st.b);
    }
    fold(&st.b, carons, glides, &st.a);
    if (st.a.n < DL_XSCRIPT_MIN_KEY)
        st.a.n = 0;
    return encode(&st.a, out);
}

size_t
dl_xscript_letters(const char *key, size_t n)
{
    size_t i = 0;
    size_t count = 0;
    while (i < n) {
        int cp;
        i += dl_utf8_next(key + i, n - i, &cp);
        count++;
    }
    return count;
}

bool
dl_xscript_is_cyrillic(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int cp;
        i += dl_utf8_next(s + i, n - i, &cp);
        if (is_cyr(cp) && is_letter(cp))
            return true;
    }
    return false;
}

bool
dl_xscript_capitalised(const char *s, size_t n)
{
    size_t i = 0;
    size_t letters = 0;
    bool all_upper = true;
    while (i < n && letters < 6) {
        int cp;
        utf8proc_category_t k;
        i += dl_utf8_next(s + i, n - i, &cp);
        if (!is_letter(cp))
            continue;
        k = utf8proc_category(cp);
        if (letters == 0 && k != UTF8PROC_CATEGORY_LU &&
            k != UTF8PROC_CATEGORY_LT)
            return false;
        if (letters == 1 && k == UTF8PROC_CATEGORY_LL)
            return true;
        all_upper = all_upper && k != UTF8PROC_CATEGORY_LL;
        letters++;
    }
    return all_upper && letters >= 2 && letters <= 4;
}

/* Key letters in Cyrillic (for stemming): c ц, h х, j ж, w щ, x ш. */
static const char *const key_cyr[26] = {
    "а", "б", "ц", "д", "е", "ф", "г", "х", "и", "ж", "к", "л", "м",
    "н", "о", "п", "к", "р", "с", "т", "у", "в", "щ", "ш", "ы", "з",
};

dl_status
dl_xscript_cyrillic_of_key(const char *k, size_t n, dl_buf *out)
{
    size_t i;
    dl_buf_reset(out);
    for (i = 0; i < n; i++) {
        dl_status rc = k[i] >= 'a' && k[i] <= 'z'
                           ? dl_buf_puts(out, key_cyr[k[i] - 'a'])
                           : dl_buf_putc(out, k[i]);
        if (rc != DL_OK)
            return DL_ENOMEM;
    }
    if (dl_buf_putc(out, '\0') != DL_OK)
        return DL_ENOMEM;
    out->len--;
    return DL_OK;
}

size_t
dl_xscript_word_range(const char *raw, size_t raw_len, const char *term,
                      size_t term_len)
{
    if (raw_len >= 2 && (raw[raw_len - 1] == 's' || raw[raw_len - 1] == 'S') &&
        term_len > 0 && term[term_len - 1] != 's') {
        if (raw[raw_len - 2] == '\'')
            return raw_len - 2;
        if (raw_len >= 4 && memcmp(raw + raw_len - 4, "\xe2\x80\x99", 3) == 0)
            return raw_len - 4;
    }
    return raw_len;
}
