/* dl_decode.h - bytes of unknown encoding to valid UTF-8.
 *
 * Order of evidence: a byte-order mark (UTF-8, UTF-16LE/BE); else UTF-16
 * recognised by its pattern of NUL bytes (dl_decode_utf16); else a charset
 * the caller found declared (HTML meta, a Content-Type or charset header)
 * when iconv knows it; else valid UTF-8 is taken as UTF-8; else text that
 * is nearly all UTF-8 is UTF-8 with its few bad bytes replaced (the rule is
 * below); else detection (libuchardet, plus a Cyrillic check that picks
 * between CP1251 and KOI8-R by letter frequencies, since short Russian and
 * Kazakh texts fool generic detectors); else Latin-1 (windows-1252).
 * Whatever the path, the result is valid UTF-8 in NFC: invalid sequences
 * become U+FFFD and NUL bytes are dropped, each counted, and the offset of
 * the first one kept, so the caller can warn.
 *
 * Nearly UTF-8: bytes that are not all valid UTF-8 are still read as UTF-8
 * when they hold at least DL_DECODE_NEAR_UTF8 valid multi-byte sequences
 * per invalid one (each maximal invalid subpart counts once, as it becomes
 * one U+FFFD).  Legacy text almost never forms valid multi-byte sequences
 * by chance (its accented and Cyrillic letters are followed by letters,
 * not by bytes 0x80-0xBF): over every file of the SlavicNER, FactRuEval,
 * wikinews-fr and BBC corpora converted to cp1251, koi8-r, iso-8859-2,
 * cp1250 and cp1252, the most was one valid sequence per 38 invalid ones
 * (a Ukrainian article in cp1251, with "С»" and the like), while UTF-8 text
 * with a stray byte has one invalid sequence per one to thousands of valid
 * ones (389 of the 2,225 BBC articles have a single "£" or "é").  Text
 * without any valid multi-byte sequence gives no evidence of UTF-8 and
 * goes to detection: an English file with one 0xA3 byte is Latin-1 with a
 * pound sign far more often than UTF-8 with a stray byte.
 */
#ifndef DL_DECODE_H
#define DL_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dl_decoded {
    char *text;          /* valid UTF-8, NUL-terminated; caller's (dl_free) */
    size_t len;          /* bytes, without the NUL */
    const char *charset; /* static name of what was decoded ("UTF-8",
                            "windows-1251", "KOI8-R", "windows-1252"...) */
    bool had_bom;        /* a BOM decided the charset */
    bool detected;       /* the charset was guessed, not declared */
    unsigned long repaired; /* invalid sequences replaced by U+FFFD */
    unsigned long nuls;     /* NUL bytes removed */
    size_t first_bad;       /* offset in the input of the first byte that
                               was replaced or removed; 0 when none was */
};

/* See the file comment: valid multi-byte sequences per invalid one. */
#define DL_DECODE_NEAR_UTF8 1

/* dl_decode - convert bytes[0..len) to UTF-8.  declared may be NULL or a
 * charset name as found in the document ("cp1251", "koi8-r", "utf-8",
 * "iso-8859-1"...); an unknown name is ignored (detection runs).
 * On DL_OK *out is filled and out->text is the caller's.  DL_ENOMEM; on
 * failure *out is zeroed. */
dl_status dl_decode(const char *bytes, size_t len, const char *declared,
                    struct dl_decoded *out, dl_err *err);

/* dl_decoded_free - release out->text and zero *out; safe twice. */
void dl_decoded_free(struct dl_decoded *out);

/* dl_decode_looks_binary - true when bytes look like a binary file rather
 * than text in any encoding (a known file signature, or many NULs or
 * control bytes in the first 8 KiB, and not UTF-16 by dl_decode_utf16).
 * Readers skip such files with a warning. */
bool dl_decode_looks_binary(const char *bytes, size_t len);

enum dl_utf16 { DL_UTF16_NO = 0, DL_UTF16_LE, DL_UTF16_BE };

/* dl_decode_utf16 - whether bytes are UTF-16, and in which byte order.
 * A byte-order mark says so when the text after it reads as characters
 * (below).  Without one, the first 8 KiB must hold NUL bytes (text without
 * any is never taken for UTF-16: pairs of ASCII letters read as UTF-16 are
 * CJK ideographs); the NULs give the order when they come at least 4 times
 * as often at odd offsets as at even ones (little-endian) or the reverse,
 * in at least one code unit in 16 (the high half of every character below
 * U+0100 is 0); read in that order, the units must be characters, not
 * controls, NULs, unassigned or private-use code points or lone surrogates
 * (one unit in 32 may be such damage).  When the NULs do not tell (Chinese
 * or Japanese text with few ASCII characters), one order must read as text
 * that is at least 90% CJK and the other must not read as text.  Binary
 * data fails: its NULs come in pairs, its 16-bit values are often controls
 * or unassigned.  docs/unicode.md has the measurements. */
enum dl_utf16 dl_decode_utf16(const char *bytes, size_t len);

/* dl_decode_charset_name - the static name dl_decode reports for a charset
 * label ("cp1251" -> "windows-1251", "latin1" -> "windows-1252"), or NULL
 * when the label is not one dl_decode knows. */
const char *dl_decode_charset_name(const char *label);

#ifdef __cplusplus
}
#endif

#endif
