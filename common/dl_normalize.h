/* dl_normalize.h - Unicode normalisation of words into index terms (utf8proc).
 *
 * SPEC section 4: NFKC, full case folding, zero-width and soft-hyphen
 * characters (default-ignorables) removed, typographic apostrophes, quotes and
 * dashes unified to ASCII, diacritics folded (café = cafe, Zürich = zurich,
 * ё = е) except where the letter is distinct: Cyrillic й and ї stay (the
 * Kazakh letters ә ғ қ ң ө ұ ү һ і have no decomposition, so they stay by
 * construction).  Latin letters with a stroke or ligature that have no
 * decomposition fold too (ł ø đ ħ ŧ ɨ -> l o d h t i, æ œ -> ae oe;
 * docs/unicode.md).  Input is UTF-8; invalid sequences are replaced by U+FFFD
 * (one per maximal subpart, dl_utf8.h), never passed on.
 */
#ifndef DL_NORMALIZE_H
#define DL_NORMALIZE_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_normalize_term - append the normalised form of s[0..len) to out (not
 * reset).  Pure ASCII takes a fast path (lowercasing only).
 * DL_OK or DL_ENOMEM. */
dl_status dl_normalize_term(const char *s, size_t len, dl_buf *out);

/* dl_utf8_nfc/nfd/nfkc/nfkd - plain Unicode normalisation forms, as
 * utf8proc does them (used by the decoder and by the conformance test
 * against NormalizationTest.txt).  Append to out. DL_OK, DL_ENOMEM, or
 * DL_EINVAL for invalid UTF-8. */
dl_status dl_utf8_nfc(const char *s, size_t len, dl_buf *out);
dl_status dl_utf8_nfd(const char *s, size_t len, dl_buf *out);
dl_status dl_utf8_nfkc(const char *s, size_t len, dl_buf *out);
dl_status dl_utf8_nfkd(const char *s, size_t len, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
