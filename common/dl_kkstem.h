/* dl_kkstem.h - a stemmer for Kazakh (Cyrillic script).
 *
 * No Snowball stemmer exists for Kazakh.  This one strips the nominal
 * endings from the right, in reverse morphological order (case or the
 * attributive -дағы, then possessive, then plural), only where vowel
 * harmony and the preceding sound select that allomorph, and never cuts
 * below a minimal stem.  Derivational and verbal endings are left alone
 * (measured: they merge different lemmas; docs/languages.md).
 * dl_xapian_stem.cc exposes it to Xapian as a StemImplementation.
 */
#ifndef DL_KKSTEM_H
#define DL_KKSTEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dl_kkstem - the stem of a normalised (lowercase NFC) Kazakh word
 * word[0..len): returns the stem's length in bytes, a prefix of word (the
 * stemmer only removes suffixes).  Words that are not Cyrillic come back
 * whole. */
size_t dl_kkstem(const char *word, size_t len);

#ifdef __cplusplus
}
#endif

#endif
