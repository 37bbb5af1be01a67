/* dl_utf8.h - UTF-8: decode one code point, validate, encode.
 *
 * The one UTF-8 decoder of the tree, and its one rule for invalid input:
 * a sequence is well-formed as Unicode's table 3-7 says (no overlong forms,
 * no surrogates, nothing past U+10FFFF), and ill-formed input is read in
 * maximal subparts (The Unicode Standard, section 3.9, "U+FFFD Substitution
 * of Maximal Subparts"): the longest start of a well-formed sequence, or one
 * byte when no well-formed sequence starts with it, is one invalid unit,
 * replaced by one U+FFFD.  So "\xE2\x82" before "A" is one U+FFFD and the
 * A, while the overlong "\xC0\xAF" and the surrogate "\xED\xA0\x80" are one
 * U+FFFD per byte (no well-formed sequence starts "C0" or "ED A0").  The
 * charset decoder's repair, the tokenizer, normalisation, language
 * detection, word breaks and the JSON and HTML escapers all read text
 * through this header, so they count and replace invalid input alike.
 *
 * The decoder and the encoder are inline: the hot loops of decoding, word
 * breaking and tokenizing call them once per non-ASCII character.
 */
#ifndef DL_UTF8_H
#define DL_UTF8_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What dl_utf8_next reports for an invalid unit. */
#define DL_UTF8_INVALID (-1)
/* U+FFFD REPLACEMENT CHARACTER, what an invalid unit reads as. */
#define DL_UTF8_REPLACEMENT 0xFFFD
/* The longest encoding of a code point. */
#define DL_UTF8_MAX 4

/* dl_utf8_next - decode the code point that starts s[0..len), len >= 1.
 * Returns the bytes it takes (1 to 4) and sets *cp to the code point, or,
 * when s does not start a well-formed sequence, returns the length of the
 * maximal subpart there (1 to 3) and sets *cp to DL_UTF8_INVALID.  Never
 * reads past s[len - 1]. */
static inline size_t
dl_utf8_next(const char *s, size_t len, int *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    unsigned lo = 0x80; /* range of the next continuation byte */
    unsigned hi = 0xBF;
    size_t need;
    size_t i;
    int v;

    assert(len >= 1);
    if (c < 0x80) {
        *cp = (int)c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4) {
        /* a continuation byte, or the lead of an overlong or of a value
         * past U+10FFFF: no well-formed sequence starts with it */
        *cp = DL_UTF8_INVALID;
        return 1;
    }
    if (c < 0xE0) {
        need = 1;
        v = (int)(c & 0x1F);
    } else if (c < 0xF0) {
        need = 2;
        v = (int)(c & 0x0F);
        if (c == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F; /* above: surrogates */
    } else {
        need = 3;
        v = (int)(c & 0x07);
        if (c == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above: past U+10FFFF */
    }
    for (i = 1; i <= need; i++) {
        if (i >= len || u[i] < lo || u[i] > hi) {
            *cp = DL_UTF8_INVALID;
            return i;
        }
        v = (v << 6) | (int)(u[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

/* dl_utf8_decode - dl_utf8_next with the substitution made: an invalid
 * unit sets *cp to U+FFFD (a U+FFFD in the text reads the same; callers
 * that must tell them apart use dl_utf8_next).  len >= 1. */
static inline size_t
dl_utf8_decode(const char *s, size_t len, int *cp)
{
    size_t n = dl_utf8_next(s, len, cp);

    if (*cp == DL_UTF8_INVALID)
        *cp = DL_UTF8_REPLACEMENT;
    return n;
}

/* dl_utf8_encode - write the UTF-8 form of cp to out; returns the bytes
 * written (1 to 4).  A value that is not a Unicode scalar value (negative,
 * a surrogate, past U+10FFFF) is written as U+FFFD, so the output is
 * always valid UTF-8. */
static inline size_t
dl_utf8_encode(long cp, char out[DL_UTF8_MAX])
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = DL_UTF8_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* dl_utf8_valid - true when s[0..len) is well-formed UTF-8 (an empty
 * string is).  s may be NULL when len is 0. */
bool dl_utf8_valid(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
