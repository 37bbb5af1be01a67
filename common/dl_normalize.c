/* dl_normalize.c - Unicode normalisation of words into index terms.
 *
 * A term is built in three passes over an array of code points: (1) decode
 * (each invalid unit becomes U+FFFD, dl_utf8.h), map typographic
 * punctuation to ASCII, let utf8proc case-fold, drop default-ignorables
 * and decompose with the compatibility mappings (NFKD of the case fold),
 * then fold the few Latin letters that have no decomposition (ł, ø,
 * æ...); (2) map punctuation again (compatibility mappings can produce new
 * dashes) and drop the generic combining diacritics, except the breve of й
 * and the diaeresis of ї, which mark distinct letters; (3) canonical order
 * and recompose (so й and ї come back as one code point, and the result is
 * NFKC), skipped when nothing could compose, then encode.  Only the
 * generic diacritic blocks are dropped: kana voicing marks, Indic vowel
 * signs, Hebrew points and Arabic harakat are part of the word.
 *
 * The code point array lives on the stack for words of normal length, so
 * the indexing hot path does not allocate; pure ASCII never reaches
 * utf8proc at all.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "dl_alloc.h"
#include "dl_normalize.h"
#include "dl_utf8.h"

/* Enough for any real word; longer input goes to the heap.  NFKD can grow a
 * code point into 18 (U+FDFA), so the array may need a second attempt. */
#define STACK_CPS 512

#define SCRATCH_CPS 64

static const utf8proc_option_t term_opts =
    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

/* Typographic apostrophes, quotes and dashes to ASCII (SPEC 4).  U+2032
 * PRIME is what many keyboards and OCR produce for an apostrophe. */
static int
map_punct(int cp)
{
    switch (cp) {
    case 0x2018: /* left single quotation mark */
    case 0x2019: /* right single quotation mark */
    case 0x201A: /* single low-9 quotation mark */
    case 0x201B: /* single high-reversed-9 quotation mark */
    case 0x02BC: /* modifier letter apostrophe */
    case 0x2032: /* prime */
    case 0xFF07: /* fullwidth apostrophe */
        return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033: /* double prime, before NFKD makes it two primes */
    case 0xFF02:
        return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212: /* minus sign */
        return '-';
    default:
        return cp;
    }
}

/* Latin letters with a stroke or a ligature have no decomposition, yet a
 * reader of English-language news types Lodz for Łódź and oeuvre for
 * œuvre.  Fills up to two lowercase ASCII letters; returns how many, 0 for
 * any other code point.  Cyrillic ғ and ұ are strokes too but distinct
 * Kazakh letters, so only Latin is listed; Icelandic ð and þ stay. */
static int
fold_latin(int cp, int out[2])
{
    switch (cp) {
    case 0x0141: /* Ł ł */
    case 0x0142:
        out[0] = 'l';
        return 1;
    case 0x0110: /* Đ đ */
    case 0x0111:
        out[0] = 'd';
        return 1;
    case 0x00D8: /* Ø ø */
    case 0x00F8:
        out[0] = 'o';
        return 1;
    case 0x0126: /* Ħ ħ */
    case 0x0127:
        out[0] = 'h';
        return 1;
    case 0x0166: /* Ŧ ŧ */
    case 0x0167:
        out[0] = 't';
        return 1;
    case 0x0197: /* Ɨ ɨ */
    case 0x0268:
        out[0] = 'i';
        return 1;
    case 0x00C6: /* Æ æ */
    case 0x00E6:
        out[0] = 'a';
        out[1] = 'e';
        return 2;
    case 0x0152: /* Œ œ */
    case 0x0153:
        out[0] = 'o';
        out[1] = 'e';
        return 2;
    default:
        return 0;
    }
}

/* The generic combining diacritics: what "café = cafe" means.  Script
 * specific marks (kana voicing, Indic vowel signs...) are not in these. */
static int
is_diacritic(int cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* й (и + breve) and ї (і + diaeresis) are letters of their own in Russian,
 * Ukrainian and Kazakh; ё is not (Russian writes е for it every day). */
static int
keep_mark(int base, int mark)
{
    return (base == 0x0438 && mark == 0x0306) ||
           (base == 0x0456 && mark == 0x0308);
}

static int
ccc(int cp)
{
    return utf8proc_get_property(cp)->combining_class;
}

/* Canonical ordering (UAX #15 D109), the same bubble sort utf8proc uses: the
 * runs of marks are short. */
static void
canonical_order(utf8proc_int32_t *cps, size_t n)
{
    size_t pos = 0;

    while (n > 1 && pos < n - 1) {
        int c1 = ccc(cps[pos]);
        int c2 = ccc(cps[pos + 1]);
        if (c1 > c2 && c2 > 0) {
            utf8proc_int32_t t = cps[pos];
            cps[pos] = cps[pos + 1];
            cps[pos + 1] = t;
            if (pos > 0) {
                pos--;
                continue;
            }
        }
        pos++;
    }
}

/* Decompose s into cps (capacity cap).  Returns the number of code points
 * the full result needs (which may exceed cap: the caller retries). */
static size_t
decompose_term(const char *s, size_t len, utf8proc_int32_t *cps, size_t cap)
{
    size_t i = 0;
    size_t n = 0;
    int boundclass = 0;
    utf8proc_int32_t one[SCRATCH_CPS];

    while (i < len) {
        int cp;
        utf8proc_ssize_t r;
        utf8proc_ssize_t j;
        i += dl_utf8_decode(s + i, len - i, &cp);
        /* No full decomposition is longer than 18 code points, so one
         * character always fits in one[]; past cap only the count
         * matters (the caller retries with room for all of it). */
        r = utf8proc_decompose_char(map_punct(cp), one, SCRATCH_CPS, term_opts,
                                    &boundclass);
        if (r < 0 || r > SCRATCH_CPS)
            continue; /* cannot happen for a valid scalar value */
        for (j = 0; j < r; j++) {
            /* Folded after decomposition, so compatibility forms of the
             * same letters (ǿ, ᴭ...) fold too. */
            int latin[2];
            int k = fold_latin(one[j], latin);
            int m;
            if (k == 0) {
                if (n < cap)
                    cps[n] = one[j];
                n++;
                continue;
            }
            for (m = 0; m < k; m++) {
                if (n < cap)
                    cps[n] = latin[m];
                n++;
            }
        }
    }
    return n;
}

static void
ascii_lower(const char *s, size_t len, char *dst)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
}

static int
is_ascii(const char *s, size_t len)
{
    size_t i;
    unsigned char acc = 0;

    for (i = 0; i < len; i++)
        acc |= (unsigned char)s[i];
    return acc < 0x80;
}

/* Encode cps[0..n) after out->data + out->len (space reserved). */
static void
encode_cps(const utf8proc_int32_t *cps, size_t n, dl_buf *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        utf8proc_ssize_t w = utf8proc_encode_char(
            cps[i], (utf8proc_uint8_t *)out->data + out->len);
        out->len += (size_t)w;
    }
    out->data[out->len] = '\0';
}

dl_status
dl_normalize_term(const char *s, size_t len, dl_buf *out)
{
    utf8proc_int32_t stack[STACK_CPS];
    utf8proc_int32_t *cps = stack;
    size_t n;
    size_t i;
    size_t w;
    int base = -1;
    int marks = 0; /* a combining mark survived */
    int high = 0;  /* a code point of U+0900 or above */
    utf8proc_ssize_t composed;
    dl_status rc = DL_OK;

    if (is_ascii(s, len)) {
        if (dl_buf_reserve(out, len) != DL_OK)
            return DL_ENOMEM;
        ascii_lower(s, len, out->data + out->len);
        out->len += len;
        out->data[out->len] = '\0';
        return DL_OK;
    }

    n = decompose_term(s, len, cps, STACK_CPS);
    if (n > STACK_CPS) {
        if (n > SIZE_MAX / sizeof(*cps))
            return DL_ENOMEM;
        cps = dl_malloc(n * sizeof(*cps));
        if (cps == NULL)
            return DL_ENOMEM;
        decompose_term(s, len, cps, n);
    }

    /* Dropping marks before canonical ordering gives the same result as
     * after: the sort is stable and never moves a starter, so each mark
     * sees the same base either way. */
    w = 0;
    for (i = 0; i < n; i++) {
        int cp = map_punct(cps[i]);
        if (is_diacritic(cp) && !keep_mark(base, cp))
            continue;
        if (ccc(cp) == 0)
            base = cp;
        else
            marks = 1;
        if (cp >= 0x0900)
            high = 1;
        cps[w++] = cp;
    }
    /* Below U+0900 only marks (ccc > 0) ever compose with what precedes
     * them (DerivedNormalizationProps NFC_QC=M), so most Latin, Greek and
     * Cyrillic words are already NFC here and skip both passes. */
    composed = (utf8proc_ssize_t)w;
    if (marks || high) {
        canonical_order(cps, w);
        composed = utf8proc_normalize_utf32(cps, (utf8proc_ssize_t)w,
                                            UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    }
    if (composed < 0) {
        rc = DL_ENOMEM; /* utf8proc reports only its own internal errors */
        goto out;
    }
    if ((size_t)composed > SIZE_MAX / 4 ||
        dl_buf_reserve(out, (size_t)composed * 4) != DL_OK) {
        rc = DL_ENOMEM;
        goto out;
    }
    encode_cps(cps, (size_t)composed, out);
out:
    if (cps != stack)
        dl_free(cps);
    return rc;
}

/* Plain normalisation forms: utf8proc validates, so invalid input is
 * refused rather than repaired (these feed conformance tests and the
 * decoder, which must know). */
static dl_status
normalize_form(const char *s, size_t len, utf8proc_option_t opts, dl_buf *out)
{
    utf8proc_int32_t stack[STACK_CPS];
    utf8proc_int32_t *cps = stack;
    utf8proc_ssize_t n;
    dl_status rc = DL_OK;

    if (len > (size_t)INT32_MAX)
        return DL_ENOMEM;
    opts |= UTF8PROC_STABLE;
    n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                           cps, STACK_CPS, opts);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? DL_ENOMEM : DL_EINVAL;
    if (n > STACK_CPS) {
        utf8proc_ssize_t n2;
        if ((size_t)n > SIZE_MAX / sizeof(*cps))
            return DL_ENOMEM;
        cps = dl_malloc((size_t)n * sizeof(*cps));
        if (cps == NULL)
            return DL_ENOMEM;
        n2 = utf8proc_decompose((const utf8proc_uint8_t *)s,
                                (utf8proc_ssize_t)len, cps, n, opts);
        if (n2 != n) {
            rc = DL_EINTERNAL;
            goto out;
        }
    }
    if (opts & UTF8PROC_COMPOSE) {
        n = utf8proc_normalize_utf32(cps, n, opts);
        if (n < 0) {
            rc = DL_EINVAL;
            goto out;
        }
    }
    if ((size_t)n > SIZE_MAX / 4 ||
        dl_buf_reserve(out, (size_t)n * 4) != DL_OK) {
        rc = DL_ENOMEM;
        goto out;
    }
    encode_cps(cps, (size_t)n, out);
out:
    if (cps != stack)
        dl_free(cps);
    return rc;
}

dl_status
dl_utf8_nfc(const char *s, size_t len, dl_buf *out)
{
    return normalize_form(s, len, UTF8PROC_COMPOSE, out);
}

dl_status
dl_utf8_nfd(const char *s, size_t len, dl_buf *out)
{
    return normalize_form(s, len, UTF8PROC_DECOMPOSE, out);
}

dl_status
dl_utf8_nfkc(const char *s, size_t len, dl_buf *out)
{
    return normalize_form(s, len, UTF8PROC_COMPOSE | UTF8PROC_COMPAT, out);
}

dl_status
dl_utf8_nfkd(const char *s, size_t len, dl_buf *out)
{
    return normalize_form(s, len, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, out);
}
