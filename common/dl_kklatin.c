/* dl_kklatin.c - Kazakh in the Latin alphabet of 2021 (dl_kklatin.h). */
#include "config.h"

#include <string.h>
#include <utf8proc.h>

#include "dl_kklatin.h"
#include "dl_utf8.h"

/* Longest word read (bytes); longer ones are no Kazakh word. */
#define WORD_MAX 128
/* Text read by the detector. */
#define DETECT_SCAN 4096

/* The Cyrillic of one lowercase letter; NULL: not of the alphabet.  i, I
 * and the digraphs are handled by the caller. */
static const char *
letter(int cp)
{
    static const char *const ascii[26] = {
        "а", "б", "ц", "д", "е", "ф", "г", "х", NULL, "ж", "к", "л", "м",
        "н", "о", "п", "қ", "р", "с", "т", "у", "в", "у", "кс", "ы", "з",
    };
    if (cp >= 'a' && cp <= 'z')
        return ascii[cp - 'a'];
    switch (cp) {
    case 0xE4: /* ä */
        return "ә";
    case 0x11F: /* ğ */
        return "ғ";
    case 0x131: /* ı */
        return "і";
    case 0xF1: /* ñ */
        return "ң";
    case 0xF6: /* ö */
        return "ө";
    case 0x15F: /* ş */
        return "ш";
    case 0x16B: /* ū */
        return "ұ";
    case 0xFC: /* ü */
        return "ү";
    default:
        return NULL;
    }
}

static bool
vowel(int cp)
{
    return cp == 'a' || cp == 'e' || cp == 'i' || cp == 'o' || cp == 'u' ||
           cp == 'y' || cp == 0xE4 || cp == 0x131 || cp == 0xF6 ||
           cp == 0x16B || cp == 0xFC;
}

static bool
apostrophe(int cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2BC;
}

/* The word's letters, lowercase (I read as ı, İ as i), apostrophes out;
 * false when it holds a character of no Kazakh Latin word. */
static bool
lower_letters(const char *s, size_t n, int *v, size_t *nv)
{
    size_t i = 0;
    *nv = 0;
    if (n > WORD_MAX)
        return false;
    while (i < n) {
        int cp;
        i += dl_utf8_next(s + i, n - i, &cp);
        if (cp == DL_UTF8_INVALID)
            return false;
        if (apostrophe(cp))
            continue;
        if (cp == 'I')
            cp = 0x131;
        else if (cp == 0x130)
            cp = 'i';
        else
            cp = utf8proc_tolower(cp);
        if (cp != 'i' && letter(cp) == NULL)
            return false;
        v[(*nv)++] = cp;
    }
    return true;
}

dl_status
dl_kklatin_to_cyrillic(const char *s, size_t n, dl_buf *out)
{
    int v[WORD_MAX];
    size_t nv;
    size_t k;
    dl_status rc = DL_OK;

    dl_buf_reset(out);
    if (dl_buf_putc(out, '\0') != DL_OK)
        return DL_ENOMEM;
    out->len = 0;
    if (!lower_letters(s, n, v, &nv))
        return DL_OK;
    for (k = 0; k < nv && rc == DL_OK; k++) {
        int c = v[k];
        int next = k + 1 < nv ? v[k + 1] : 0;
        int prev = k > 0 ? v[k - 1] : 0;
        if (c == 'c' && next == 'h') {
            rc = dl_buf_puts(out, "ч");
            k++;
        } else if (c == 'i' && (next == 'a' || next == 'u' || next == 'o')) {
            /* я ю ё (ия: "iia", the first i plain) */
            rc = dl_buf_puts(out, next == 'a' ? "я" : next == 'u' ? "ю" : "ё");
            k++;
        } else if (c == 'i') {
            rc = dl_buf_puts(out, vowel(prev) && !vowel(next) ? "й" : "и");
        } else {
            rc = dl_buf_puts(out, letter(c));
        }
    }
    if (rc == DL_OK)
        rc = dl_buf_putc(out, '\0');
    if (rc != DL_OK)
        return DL_ENOMEM;
    out->len--;
    return DL_OK;
}

/* Kazakh function words in the 2021 spelling (dl_lang.c's Cyrillic list
 * through the alphabet), sorted by bytes for bsearch. */
static const char *const fwords[] = {
    "al", "alaida", "arqyly", "bar", "barlyq", "boiynşa", "bolady", "bolyp",
    "bır", "bıraq", "bız", "būl", "da", "de", "dep", "edı", "eken", "emes",
    "joq", "jyly", "jäne", "kezınde", "men", "nemese", "ol", "onyñ", "osy",
    "qana", "qazır", "retınde", "siiaqty", "sol", "sondai", "tağy", "tek",
    "tiıs", "turaly", "öz", "üşın", "ğana",
};

static int
cmp_word(const void *a, const void *b)
{
    return strcmp((const char *)a, *(const char *const *)b);
}

/* Letters of the 2021 alphabet no other Latin language here uses
 * together: ä ğ ı ñ ū, and q (not in qu). */
static bool
own_letter(int cp, int next)
{
    return cp == 0xE4 || cp == 0x11F || cp == 0x131 || cp == 0xF1 ||
           cp == 0x16B || (cp == 'q' && next != 'u');
}

bool
dl_kklatin_detect(const char *text, size_t len)
{
    char word[WORD_MAX + 1];
    size_t wl = 0;
    size_t i = 0;
    unsigned long words = 0;
    unsigned long fw = 0;
    unsigned long own = 0;
    int prev = 0;

    if (len > DETECT_SCAN)
        len = DETECT_SCAN;
    while (i <= len) {
        int cp = 0;
        if (i < len)
            i += dl_utf8_next(text + i, len - i, &cp);
        else
            i++;
        cp = cp == 'I' ? 0x131 : utf8proc_tolower(cp);
        if (cp > 0 && utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
            utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO) {
            char u[DL_UTF8_MAX];
            size_t k = dl_utf8_encode(cp, u);
            if (prev != 0 && own_letter(prev, cp))
                own++;
            if (wl + k <= WORD_MAX) {
                memcpy(word + wl, u, k);
                wl += k;
            }
            prev = cp;
            continue;
        }
        if (prev != 0 && own_letter(prev, 0))
            own++;
        prev = 0;
        if (wl > 0) {
            word[wl] = '\0';
            words++;
            if (bsearch(word, fwords, sizeof fwords / sizeof fwords[0],
                        sizeof fwords[0], cmp_word) != NULL)
                fw++;
            wl = 0;
        }
    }
    return words > 0 && fw >= 2 && fw * 20 >= words && own * 10 >= words;
}

bool
dl_kklatin_own_letters(const char *s, size_t n)
{
    size_t i = 0;
    int prev = 0;
    while (i <= n) {
        int cp = 0;
        if (i < n)
            i += dl_utf8_next(s + i, n - i, &cp);
        else
            i++;
        cp = utf8proc_tolower(cp);
        if (prev == 'q' && cp != 'u')
            return true;
        if (cp == 0xE4 || cp == 0x11F || cp == 0x131 || cp == 0xF1 ||
            cp == 0x16B || cp == 0xFC || cp == 0xF6 || cp == 0x15F)
            return true;
        prev = cp;
    }
    return false;
}
