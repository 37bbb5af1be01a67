/* dl_decode.c - bytes of unknown encoding to valid UTF-8 in NFC.
 *
 * Everything funnels into one finishing pass (finish()) that validates UTF-8,
 * replaces each maximal invalid subpart with U+FFFD, drops NULs and runs NFC
 * only when a character outside a known-NFC-stable repertoire shows up, so
 * the common case (valid, NUL-free UTF-8 of Latin/Cyrillic text) costs one
 * scan and one memcpy.  Which charset bytes without a BOM or a declaration
 * are in, and the single-byte tables, are dl_charset.c's; this file
 * converts (the tables, UTF-16, or iconv for the other charsets) and
 * finishes.
 *
 * Two rules come before detection.  UTF-16 without a byte-order mark is
 * recognised by its NUL bytes (dl_decode_utf16, whose rule dl_decode.h
 * states): before it, such files were skipped as binary.  And bytes that
 * are not valid UTF-8 but nearly so (near_utf8(), the rule in dl_decode.h)
 * are UTF-8 with a few bad bytes, not a legacy charset: before it, one
 * stray byte sent a whole UTF-8 file to detection and garbled every accented
 * or Cyrillic letter in it.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_charset.h"
#include "dl_decode.h"
#include "dl_normalize.h"
#include "dl_utf8.h"

/* An input offset of the first bad byte that is not yet known. */
#define NO_BAD SIZE_MAX

/* note_bad - remember off (an offset in dl_decode's input) when it is the
 * first problem seen. */
static void
note_bad(struct dl_decoded *out, size_t off)
{
    if (off < out->first_bad)
        out->first_bad = off;
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* Code points that are NFC-stable in any context: canonical combining class
 * 0, no canonical decomposition, never the second half of a composition
 * (checked against Python's unicodedata for every point in these ranges).
 * Text made only of them is already NFC, so utf8proc can be skipped. */
static int
nfc_stable(int cp)
{
    if (cp < 0x300)
        return 1;
    if (cp >= 0x400 && cp <= 0x52F)
        return cp <= 0x482 || cp >= 0x48A; /* 0483..0489 combine */
    if (cp >= 0x2010 && cp <= 0x205E)
        return cp <= 0x2027 || cp >= 0x2030;
    return cp == 0x20AC || cp == 0x2116 || cp == 0x2122 ||
           (cp >= 0x2500 && cp <= 0x259F);
}

#define HIGH_BITS UINT64_C(0x8080808080808080)
#define LOW_ONES UINT64_C(0x0101010101010101)

struct scan {
    int valid;    /* well-formed UTF-8 */
    int nul;      /* holds a NUL */
    int stable;   /* every character is nfc_stable */
    size_t multi; /* valid multi-byte sequences */
    size_t bad;   /* invalid sequences (maximal subparts) */
};

/* scan - one pass over s[0..n), filling r.  ASCII goes eight bytes at a
 * time. */
static void
scan(const unsigned char *s, size_t n, struct scan *r)
{
    size_t i = 0;
    int cp;

    r->valid = 1;
    r->nul = 0;
    r->stable = 1;
    r->multi = 0;
    r->bad = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* no high bit and no zero byte: eight plain ASCII bytes */
            if (((w | ((w - LOW_ONES) & ~w)) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            if (s[i] == 0)
                r->nul = 1;
            i++;
            continue;
        }
        i += dl_utf8_next((const char *)s + i, n - i, &cp);
        if (cp == DL_UTF8_INVALID) {
            r->valid = 0;
            r->bad++;
            continue;
        }
        r->multi++;
        if (r->stable && !nfc_stable(cp))
            r->stable = 0;
    }
}

/* near_utf8 - the rule of dl_decode.h, on what scan() counted in bytes
 * that are not valid UTF-8: at least DL_DECODE_NEAR_UTF8 valid multi-byte
 * sequences per invalid one (a maximal subpart, as repair() counts them). */
static int
near_utf8(const struct scan *r)
{
    return r->bad > 0 && r->multi / DL_DECODE_NEAR_UTF8 >= r->bad;
}

static const char fffd[] = "\xEF\xBF\xBD";

/* repair - append s[0..n) to b with invalid subparts as U+FFFD and NULs
 * dropped, counting both in out.  base is the offset of s in dl_decode's
 * input, or NO_BAD when s is converted text (the converter noted where its
 * problems were). */
static dl_status
repair(const unsigned char *s, size_t n, size_t base, dl_buf *b,
       struct dl_decoded *out)
{
    size_t i = 0;
    size_t run = 0; /* start of the pending run of good bytes */
    dl_status rc;

    rc = dl_buf_reserve(b, n + n / 2 + 4);
    if (rc != DL_OK)
        return rc;
    while (i < n) {
        int cp = 0;
        size_t k = 1;
        if (s[i] != 0 && s[i] < 0x80) {
            i++;
            continue;
        }
        if (s[i] != 0) {
            k = dl_utf8_next((const char *)s + i, n - i, &cp);
            if (cp != DL_UTF8_INVALID) {
                i += k;
                continue;
            }
        }
        /* a NUL (cp 0: dropped) or an invalid unit (one U+FFFD) */
        rc = dl_buf_append(b, s + run, i - run);
        if (rc == DL_OK && cp == DL_UTF8_INVALID)
            rc = dl_buf_append(b, fffd, 3);
        if (rc != DL_OK)
            return rc;
        if (cp == DL_UTF8_INVALID)
            out->repaired++;
        else
            out->nuls++;
        if (base != NO_BAD)
            note_bad(out, base + i);
        i += k;
        run = i;
    }
    return dl_buf_append(b, s + run, n - run);
}

/* nfc_spans - append the NFC form of s[0..n) (valid UTF-8) to b, handing
 * utf8proc only the spans around characters that are not nfc_stable.  A
 * stable character can start a composition (e + U+0301) but never ends one
 * or reorders, so a span runs from the last stable character before an
 * unstable one to the next stable character after it; everything outside
 * the spans is copied.  utf8proc runs at a few MB/s, and one "►" or "∞"
 * in an article must not send the whole article through it. */
static dl_status
nfc_spans(const char *s, size_t n, dl_buf *b)
{
    size_t copied = 0;    /* s[0..copied) is in b */
    size_t last_good = 0; /* start of the last stable character seen */
    size_t i = 0;
    dl_status rc;

    rc = dl_buf_reserve(b, n);
    if (rc != DL_OK)
        return rc;
    while (i < n) {
        int cp;
        size_t k = dl_utf8_next(s + i, n - i, &cp);
        size_t start;
        if (nfc_stable(cp)) {
            last_good = i;
            i += k;
            continue;
        }
        start = last_good > copied ? last_good : copied;
        i += k;
        while (i < n) {
            k = dl_utf8_next(s + i, n - i, &cp);
            if (nfc_stable(cp))
                break;
            i += k;
        }
        rc = dl_buf_append(b, s + copied, start - copied);
        if (rc == DL_OK)
            rc = dl_utf8_nfc(s + start, i - start, b);
        if (rc != DL_OK)
            return rc == DL_EINVAL ? DL_EINTERNAL : rc; /* input is valid */
        copied = i;
        last_good = i;
    }
    return dl_buf_append(b, s + copied, n - copied);
}

/* finish - make out->text from s[0..n), which is meant to be UTF-8.  base
 * as for repair(). */
static dl_status
finish(const char *s, size_t n, size_t base, struct dl_decoded *out)
{
    dl_buf fixed = DL_BUF_INIT;
    dl_buf nfc = DL_BUF_INIT;
    const char *src = s;
    size_t srclen = n;
    struct scan r;
    dl_status rc = DL_OK;

    scan((const unsigned char *)s, n, &r);
    if (!r.valid || r.nul) {
        rc = repair((const unsigned char *)s, n, base, &fixed, out);
        if (rc != DL_OK)
            goto out;
        src = fixed.data != NULL ? fixed.data : "";
        srclen = fixed.len;
    }
    if (!r.stable && srclen > 0) {
        rc = nfc_spans(src, srclen, &nfc);
        if (rc != DL_OK)
            goto out;
        src = nfc.data;
        srclen = nfc.len;
    }
    out->text = dl_malloc(srclen + 1);
    if (out->text == NULL) {
        rc = DL_ENOMEM;
        goto out;
    }
    memcpy(out->text, src, srclen);
    out->text[srclen] = '\0';
    out->len = srclen;
out:
    dl_buf_free(&nfc);
    dl_buf_free(&fixed);
    return rc;
}

/* ---- other encodings to UTF-8 ----------------------------------------- */

/* decode_table - a single-byte charset; every byte makes at most 3 bytes.
 * An unassigned byte becomes U+FFFD; a NUL passes (finish() drops it). */
static dl_status
decode_table(const unsigned char *s, size_t n, const uint16_t *hi, dl_buf *b,
             struct dl_decoded *out)
{
    unsigned char *p;
    size_t i;
    dl_status rc;

    if (n > (SIZE_MAX - 1) / 3)
        return DL_ENOMEM;
    rc = dl_buf_reserve(b, n * 3);
    if (rc != DL_OK)
        return rc;
    p = (unsigned char *)b->data;
    for (i = 0; i < n; i++) {
        uint16_t cp = s[i] < 0x80 ? s[i] : hi[s[i] - 0x80];
        if (cp == 0xFFFD)
            out->repaired++;
        if (cp == 0xFFFD || cp == 0)
            note_bad(out, i);
        p += dl_utf8_encode(cp, (char *)p);
    }
    b->len = (size_t)((char *)p - b->data);
    b->data[b->len] = '\0';
    return DL_OK;
}

/* utf16_next - the code point of the UTF-16 unit at s[i] (i + 1 < n), or
 * of the surrogate pair there; *cp is a lone surrogate's own value when it
 * has no partner.  Returns the bytes used, 2 or 4. */
static size_t
utf16_next(const unsigned char *s, size_t n, size_t i, int big, uint32_t *cp)
{
    uint32_t u = big ? (uint32_t)(s[i] << 8 | s[i + 1])
                     : (uint32_t)(s[i + 1] << 8 | s[i]);
    uint32_t l;

    *cp = u;
    if (u < 0xD800 || u > 0xDBFF || i + 3 >= n)
        return 2;
    l = big ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
            : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
    if (l < 0xDC00 || l > 0xDFFF)
        return 2;
    *cp = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
    return 4;
}

/* decode_utf16 - s is base bytes into the input (after a BOM, or the
 * whole input); unpaired surrogates and an odd last byte become U+FFFD,
 * U+0000 passes (finish() drops it). */
static dl_status
decode_utf16(const unsigned char *s, size_t n, size_t base, int big, dl_buf *b,
             struct dl_decoded *out)
{
    unsigned char *p;
    size_t i;
    dl_status rc;

    /* two bytes give at most 3, four (a pair) give 4 */
    if (n > (SIZE_MAX - 8) / 2)
        return DL_ENOMEM;
    rc = dl_buf_reserve(b, n / 2 * 3 + 4);
    if (rc != DL_OK)
        return rc;
    p = (unsigned char *)b->data;
    for (i = 0; i + 1 < n;) {
        uint32_t u;
        size_t k = utf16_next(s, n, i, big, &u);
        if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
            out->repaired++;
        }
        if (u == 0xFFFD || u == 0)
            note_bad(out, base + i);
        p += dl_utf8_encode(u, (char *)p);
        i += k;
    }
    if (n % 2 != 0) {
        p += dl_utf8_encode(DL_UTF8_REPLACEMENT, (char *)p);
        out->repaired++;
        note_bad(out, base + n - 1);
    }
    b->len = (size_t)((char *)p - b->data);
    b->data[b->len] = '\0';
    return DL_OK;
}

/* decode_iconv - any charset glibc knows; an illegal or truncated sequence
 * becomes U+FFFD and conversion resumes one byte later.  wide: a charset
 * whose units are wider than a byte (UTF-32), where a NUL byte is not a NUL
 * character. */
static dl_status
decode_iconv(iconv_t cd, const char *s, size_t n, bool wide, dl_buf *b,
             struct dl_decoded *out)
{
    char *in = (char *)(uintptr_t)s; /* iconv's prototype lacks const */
    const char *nul = wide ? NULL : memchr(s, 0, n);
    size_t inleft = n;
    dl_status rc;

    if (nul != NULL)
        note_bad(out, (size_t)(nul - s));
    rc = dl_buf_reserve(b, n + n / 2 + 16);
    if (rc != DL_OK)
        return rc;
    for (;;) {
        char *o = b->data + b->len;
        size_t oleft = b->cap - b->len - 1;
        size_t r = iconv(cd, inleft > 0 ? &in : NULL, &inleft, &o, &oleft);
        int e = errno;
        b->len = (size_t)(o - b->data);
        b->data[b->len] = '\0';
        if (r != (size_t)-1) {
            if (inleft == 0)
                break;
            continue;
        }
        if (e == E2BIG) {
            rc = dl_buf_reserve(b, b->cap);
            if (rc != DL_OK)
                return rc;
        } else if (e == EILSEQ || e == EINVAL) {
            rc = dl_buf_append(b, fffd, 3);
            if (rc != DL_OK)
                return rc;
            out->repaired++;
            note_bad(out, (size_t)(in - s));
            in++;
            inleft--;
            if (inleft == 0)
                break;
        } else {
            return DL_EINTERNAL;
        }
    }
    return DL_OK;
}

static dl_status
decode_entry(const struct dl_charset *cs, const char *s, size_t n,
             struct dl_decoded *out, int *unknown)
{
    dl_buf b = DL_BUF_INIT;
    dl_status rc;
    iconv_t cd;

    *unknown = 0;
    if (cs->family == DL_CS_UTF8) {
        out->charset = "UTF-8";
        return finish(s, n, 0, out);
    }
    if (cs->upper != NULL) {
        rc = decode_table((const unsigned char *)s, n, cs->upper, &b, out);
    } else {
        cd = iconv_open("UTF-8", cs->name);
        if (cd == (iconv_t)-1) {
            *unknown = 1;
            return errno == ENOMEM ? DL_ENOMEM : DL_EINVAL;
        }
        rc = decode_iconv(cd, s, n, strncmp(cs->name, "UTF-", 4) == 0, &b, out);
        iconv_close(cd);
    }
    if (rc == DL_OK) {
        out->charset = cs->name;
        rc = finish(b.data != NULL ? b.data : "", b.len, NO_BAD, out);
    }
    dl_buf_free(&b);
    return rc;
}

/* ---- UTF-16 without a byte-order mark ---------------------------------- */

#define SNIFF_BYTES 8192 /* as dl_decode_looks_binary: enough to tell */

/* text_char - whether UTF-16 text would hold cp: not a control other than
 * the whitespace ones, not unassigned (U+FFFE and U+FFFF included), not
 * private use, not a lone surrogate. */
static int
text_char(uint32_t cp)
{
    utf8proc_category_t cat;

    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
               cp == '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 0;
    cat = utf8proc_category((utf8proc_int32_t)cp);
    return cat != UTF8PROC_CATEGORY_CN && cat != UTF8PROC_CATEGORY_CO &&
           cat != UTF8PROC_CATEGORY_CS;
}

/* utf16_nul_side - which position, 0 (even bytes) or 1 (odd bytes), the
 * NULs of u[0..n) (n even) say holds the more significant halves of UTF-16
 * code units, or -1 when they do not tell.  The high half of every
 * character below U+0100 (spaces, digits, line ends, Latin letters) is 0,
 * while a low half is 0 only in the rare U+xx00; so NULs at least 4 times
 * as often on one side, and in at least one unit in 16, decide.  Chinese
 * and Japanese text may have too few ASCII characters for that, and U+3000
 * and U+4E00 put NULs on the low side. */
static int
utf16_nul_side(const unsigned char *u, size_t n)
{
    size_t nuls[2] = {0, 0};
    size_t i;
    int c;

    for (i = 0; i < n; i++)
        nuls[i & 1] += u[i] == 0;
    for (c = 0; c < 2; c++) {
        if (nuls[c] >= 4 * nuls[!c] && nuls[c] * 16 >= n / 2)
            return c;
    }
    return -1;
}

struct utf16_reading {
    size_t bad; /* units that are not text_char() */
    size_t cjk; /* characters of the CJK blocks (U+3000-U+9FFF,
                   U+F900-U+FAFF, U+FF00-U+FFEF) or below U+0100 */
};

/* utf16_read - read u[0..n) (n even) with the high halves on side hi and
 * count what the code units are. */
static void
utf16_read(const unsigned char *u, size_t n, int hi, struct utf16_reading *r)
{
    size_t i;

    r->bad = 0;
    r->cjk = 0;
    for (i = 0; i < n;) {
        uint32_t cp;
        i += utf16_next(u, n, i, !hi, &cp);
        if (!text_char(cp))
            r->bad++;
        else if (cp < 0x100 || (cp >= 0x3000 && cp <= 0x9FFF) ||
                 (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0xFF00 && cp <= 0xFFEF))
            r->cjk++;
    }
}

/* sniff_utf16 - the NUL-pattern rule of dl_decode_utf16 (dl_decode.h).
 * Read in the right order, UTF-16 text is characters; damage is allowed,
 * one unit in 32.  Binary data has far more NUL units, controls and
 * unassigned code points than that.
 * When the NULs do not tell the order, only Chinese or Japanese text is
 * expected (Korean and every alphabet put spaces between words), so the
 * reading must be at least 90% CJK ideographs, kana and CJK punctuation,
 * and the other order clearly not text (one unit in 16 bad; in the wrong
 * order the high halves are the low bytes, spread over every value, and
 * one unit in ten or more falls among the surrogates and the private-use
 * area).  ASCII text with stray NULs reads as ideographs too, but its
 * spaces and punctuation make a fifth of it something else; UTF-8 Greek or
 * Cyrillic with NULs reads as Hangul. */
static enum dl_utf16
sniff_utf16(const unsigned char *u, size_t len)
{
    size_t n = (len < SNIFF_BYTES ? len : SNIFF_BYTES) & ~(size_t)1;
    size_t units = n / 2;
    struct utf16_reading r[2];
    int hi;

    if (n < 4 || memchr(u, 0, n) == NULL)
        return DL_UTF16_NO;
    hi = utf16_nul_side(u, n); /* 1: little-endian */
    if (hi >= 0) {
        utf16_read(u, n, hi, &r[hi]);
        if (r[hi].bad * 32 > units)
            return DL_UTF16_NO;
        return hi ? DL_UTF16_LE : DL_UTF16_BE;
    }
    utf16_read(u, n, 0, &r[0]);
    utf16_read(u, n, 1, &r[1]);
    for (hi = 0; hi < 2; hi++) {
        if (r[hi].bad * 32 <= units && r[!hi].bad * 16 >= units &&
            r[hi].cjk * 10 >= units * 9)
            return hi ? DL_UTF16_LE : DL_UTF16_BE;
    }
    return DL_UTF16_NO;
}

/* ---- public ----------------------------------------------------------- */

/* is_utf16_label - a UTF-16 label, which bytes without a BOM or the NUL
 * pattern belie: they are ASCII-compatible, so the label is wrong (HTML
 * reads a <meta> naming UTF-16 as UTF-8 for the same reason). */
static int
is_utf16_label(const struct dl_charset *cs)
{
    return strncmp(cs->name, "UTF-16", 6) == 0;
}

/* decode_utf16_input - the whole input is UTF-16 in the given order, with
 * or without a BOM. */
static dl_status
decode_utf16_input(const unsigned char *u, size_t len, enum dl_utf16 order,
                   struct dl_decoded *out)
{
    dl_buf b = DL_BUF_INIT;
    int big = order == DL_UTF16_BE;
    size_t skip = 0;
    dl_status rc;

    if (len >= 2 && u[0] == (big ? 0xFE : 0xFF) && u[1] == (big ? 0xFF : 0xFE))
        skip = 2;
    out->had_bom = skip != 0;
    out->detected = skip == 0;
    out->charset = big ? "UTF-16BE" : "UTF-16LE";
    rc = decode_utf16(u + skip, len - skip, skip, big, &b, out);
    if (rc == DL_OK)
        rc = finish(b.data != NULL ? b.data : "", b.len, NO_BAD, out);
    dl_buf_free(&b);
    return rc;
}

dl_status
dl_decode(const char *bytes, size_t len, const char *declared,
          struct dl_decoded *out, dl_err *err)
{
    const unsigned char *u;
    const struct dl_charset *cs = NULL;
    enum dl_utf16 order;
    struct scan r;
    int unknown = 0;
    dl_status rc;

    memset(out, 0, sizeof *out);
    out->first_bad = NO_BAD;
    if (bytes == NULL) {
        bytes = "";
        len = 0;
    }
    u = (const unsigned char *)bytes;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        out->had_bom = true;
        out->charset = "UTF-8";
        rc = finish(bytes + 3, len - 3, 3, out);
        goto out;
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        order = DL_UTF16_LE;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        order = DL_UTF16_BE;
    else
        order = sniff_utf16(u, len);
    if (order != DL_UTF16_NO) {
        rc = decode_utf16_input(u, len, order, out);
        goto out;
    }
    if (declared != NULL)
        cs = dl_charset_lookup(declared);
    if (cs != NULL && !is_utf16_label(cs)) {
        rc = decode_entry(cs, bytes, len, out, &unknown);
        if (rc == DL_OK || !unknown)
            goto out;
        /* iconv lacks it after all: as if undeclared */
        out->repaired = 0;
        out->first_bad = NO_BAD;
    }
    scan(u, len, &r);
    if (r.valid || near_utf8(&r)) {
        out->charset = "UTF-8";
        out->detected = !r.valid;
        rc = finish(bytes, len, 0, out);
        goto out;
    }
    cs = dl_charset_detect(bytes, len, &rc);
    if (rc != DL_OK)
        goto out;
    out->detected = true;
    rc = decode_entry(cs, bytes, len, out, &unknown);
    if (rc != DL_OK && unknown) {
        out->repaired = 0;
        out->first_bad = NO_BAD;
        rc = decode_entry(dl_charset_western(), bytes, len, out, &unknown);
    }
out:
    if (rc != DL_OK) {
        dl_free(out->text);
        memset(out, 0, sizeof *out);
        return dl_err_set(err, rc, "decoding %zu bytes: %s", len,
                          dl_status_str(rc));
    }
    if (out->repaired == 0 && out->nuls == 0)
        out->first_bad = 0;
    return DL_OK;
}

void
dl_decoded_free(struct dl_decoded *out)
{
    if (out == NULL)
        return;
    dl_free(out->text);
    memset(out, 0, sizeof *out);
}

bool
dl_decode_looks_binary(const char *bytes, size_t len)
{
    static const struct {
        const char *magic;
        size_t len;
    } magics[] = {
        {"%PDF-", 5},
        {"\x89PNG", 4},
        {"GIF8", 4},
        {"\xFF\xD8\xFF", 3},
        {"PK\x03\x04", 4},
        {"\x1F\x8B", 2},
        {"\x7F"
         "ELF",
         4},
        {"\xD0\xCF\x11\xE0", 4},
        {"BZh", 3},
        {"\xFD"
         "7zXZ",
         5},
    };
    const unsigned char *u = (const unsigned char *)bytes;
    size_t n = len < 8192 ? len : 8192; /* 8 KiB: enough to tell */
    size_t nuls = 0;
    size_t ctrl = 0;
    size_t i;

    if (bytes == NULL || len == 0)
        return false;
    for (i = 0; i < sizeof magics / sizeof magics[0]; i++) {
        if (len >= magics[i].len &&
            memcmp(bytes, magics[i].magic, magics[i].len) == 0)
            return true;
    }
    if (dl_decode_utf16(bytes, len) != DL_UTF16_NO)
        return false;
    for (i = 0; i < n; i++) {
        if (u[i] == 0)
            nuls++;
        else if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' &&
                  u[i] != '\f' && u[i] != '\v' && u[i] != 0x1B) ||
                 u[i] == 0x7F)
            ctrl++;
    }
    /* A stray NUL or two is damage we repair; text with one NUL in 64
     * bytes, or control bytes in one of 10, is not text. */
    return nuls * 64 > n || (nuls + ctrl) * 10 > n;
}

enum dl_utf16
dl_decode_utf16(const char *bytes, size_t len)
{
    const unsigned char *u = (const unsigned char *)bytes;
    enum dl_utf16 order = DL_UTF16_NO;
    struct utf16_reading r;
    size_t n;

    if (bytes == NULL || len < 2)
        return DL_UTF16_NO;
    if (u[0] == 0xFF && u[1] == 0xFE)
        order = DL_UTF16_LE;
    else if (u[0] == 0xFE && u[1] == 0xFF)
        order = DL_UTF16_BE;
    else
        return sniff_utf16(u, len);
    /* A BOM followed by binary is binary that happens to start so. */
    n = (len - 2 < SNIFF_BYTES ? len - 2 : SNIFF_BYTES) & ~(size_t)1;
    utf16_read(u + 2, n, order == DL_UTF16_LE, &r);
    return r.bad * 32 <= n / 2 ? order : DL_UTF16_NO;
}

const char *
dl_decode_charset_name(const char *label)
{
    const struct dl_charset *cs =
        label != NULL ? dl_charset_lookup(label) : NULL;

    return cs != NULL ? cs->name : NULL;
}
