/* dl_kklatin.h - Kazakh in the Latin alphabet of 2021: telling a Kazakh
 * text in it from other Latin-script languages, and reading its words in
 * Cyrillic so that the Kazakh stemmer (dl_kkstem.h, which works on
 * Cyrillic) stems them and Cyrillic queries find them.
 *
 * The 2021 alphabet is nearly one to one with Cyrillic (ä ә, ğ ғ, ı і,
 * i и/й, j ж, ñ ң, ö ө, q қ, ş ш, ū ұ, ü ү, y ы; ia я, iu ю, ch ч), so
 * the table is read backwards; i is й after a vowel and before a
 * consonant or the end (Qairat Қайрат), else и; capital I is і and İ is
 * и.  docs/transliteration.md and docs/languages.md tell the rest.
 */
#ifndef DL_KKLATIN_H
#define DL_KKLATIN_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_kklatin_to_cyrillic - the Cyrillic of the Kazakh Latin word
 * s[0..n) (UTF-8, as written: the case of I and İ matters), lowercase,
 * into out (reset first; NUL-terminated).  Apostrophes are dropped.
 * out is empty when the word holds anything but Latin letters and
 * apostrophes (a digit, a Cyrillic letter) or is invalid UTF-8.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_kklatin_to_cyrillic(const char *s, size_t n, dl_buf *out);

/* dl_kklatin_own_letters - whether the word s[0..n) has a letter of the
 * 2021 alphabet that English and the other Latin languages Dateline
 * detects do not write together with Kazakh words: ä ğ ı ñ ū ü ö ş, or q
 * not before u (jalaqy, ükımet; not better, quite). */
bool dl_kklatin_own_letters(const char *s, size_t n);

/* dl_kklatin_detect - whether the Latin-script text[0..len) (its first
 * few KiB are read) is Kazakh in the 2021 alphabet: at least 5% of its
 * words are Kazakh function words in that spelling (jäne, üşın, būl,
 * boiynşa...) and its letters include the alphabet's own (ä ğ ı ñ q ū)
 * often enough that Turkish or English words which look alike (bu, men,
 * bar) do not decide. */
bool dl_kklatin_detect(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
