/* dl_xscript.h - the cross-script key of a word: one normalised Latin
 * skeleton on which the Cyrillic spelling of a name and its spellings in
 * the romanisation systems news uses (news/passport, BGN/PCGN, ISO 9,
 * the Ukrainian, Belarusian, Bulgarian and Kazakh national systems,
 * Serbian Latin) all fall: Tokayev, Tokaev, Toqaev, Токаев and Тоқаев are
 * "tokaev"; Zhanaozen, Jañaözen and Жаңаөзен are "janaozen".
 *
 * The rules and tables are those of the reference implementation,
 * scripts/xscript_ref.py (key()), whose design and measurement are in
 * docs/transliteration.md; tests/integ/xscript.sh checks that both give
 * the same key for every word of tests/data/xscript.  In short: a
 * Cyrillic word is transliterated letter by letter with one table for
 * every language; the diacritics of a Latin word are resolved to the
 * letters they stand for (ž = zh, ş = sh, ñ = ng); then letters fold into
 * classes (zh/j, i/y/й, c/ts/ch, g/gh/h/kh, q = k, x = ks, w = u, ng = n,
 * ph = f), ye becomes e, and a doubled letter counts once.  Where ordinary
 * words of the two scripts collide is in short keys, hence the two length
 * rules below.
 */
#ifndef DL_XSCRIPT_H
#define DL_XSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A key of fewer letters is no key: no/но, to/то, on/он collide. */
#define DL_XSCRIPT_MIN_KEY 3
/* The index keys a word whose key has fewer letters only when it is a
 * name (capitalised): good/год, net/нет collide, Kyiv/Київ should meet. */
#define DL_XSCRIPT_NAME_BELOW 5
/* Longer words get no key (no name is this long; it bounds the work). */
#define DL_XSCRIPT_WORD_MAX 160

/* dl_xscript_key - the key of the word s[0..n) (UTF-8, any case, as
 * written: the key reads the diacritics that dl_normalize_term folds) into
 * out (reset first; NUL-terminated, out->len the key's bytes).  The key is
 * lowercase ASCII letters for Latin and Cyrillic words (a letter of
 * another script is kept as it is).  out is empty when the word has no
 * key: fewer than DL_XSCRIPT_MIN_KEY letters, longer than
 * DL_XSCRIPT_WORD_MAX bytes, a digit in it (the reference drops digits,
 * which would give 30-kilometre the key of kilometre), or invalid
 * UTF-8.  DL_OK or DL_ENOMEM. */
dl_status dl_xscript_key(const char *s, size_t n, dl_buf *out);

/* dl_xscript_word_range - the bytes of a word as written that its key is
 * made of: raw[0..raw_len) (a token's byte range) without the possessive
 * 's or ’s that the tokenizer took off its term[0..term_len) (the term
 * does not end in s where raw does).  Returns the length to use. */
size_t dl_xscript_word_range(const char *raw, size_t raw_len, const char *term,
                             size_t term_len);

/* dl_xscript_letters - the letters (code points) of a key made by
 * dl_xscript_key, for the DL_XSCRIPT_NAME_BELOW rule. */
size_t dl_xscript_letters(const char *key, size_t n);

/* dl_xscript_is_cyrillic - whether s[0..n) holds a Cyrillic letter. */
bool dl_xscript_is_cyrillic(const char *s, size_t n);

/* dl_xscript_capitalised - whether the word s[0..n) is written as a name:
 * an uppercase first letter followed by a lowercase one (Tokayev,
 * Токаев), or in capitals of 2 to 4 letters (NATO, ООН).  Longer words in
 * capitals are headlines more often than names. */
bool dl_xscript_capitalised(const char *s, size_t n);

/* dl_xscript_cyrillic_of_key - a Cyrillic reading of the key k[0..n)
 * (one letter per key letter: c ц, h х, j ж, w щ, x ш...) into out (reset
 * first, NUL-terminated), for stemming a Latin query word by the
 * stemmers of Cyrillic languages (Zelensky: "zelenski" -> "зеленски",
 * whose Russian stem "зеленск" is the stem Зеленского has).  A key letter
 * outside a-z is copied.  DL_OK or DL_ENOMEM. */
dl_status dl_xscript_cyrillic_of_key(const char *k, size_t n, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
