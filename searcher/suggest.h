/* suggest.h - "did you mean" from the index's own vocabulary.
 *
 * A query word that is absent from the index (or rare) is compared with
 * the index terms that start with the same letter: the most frequent term
 * within edit distance DL_SUGGEST_MAX_DISTANCE (Levenshtein over code
 * points) is the suggestion.  Only plain lowercase terms are looked at (the
 * schema's prefixed terms start with an uppercase letter), so suggestions
 * are words a user can type.  The scan is bounded by
 * DL_SUGGEST_MAX_SCAN terms, so a huge vocabulary costs bounded time.
 */
#ifndef DL_SUGGEST_H
#define DL_SUGGEST_H

#include <stddef.h>

#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_SUGGEST_MAX_DISTANCE 2
#define DL_SUGGEST_MAX_SCAN 200000
/* Words longer than this (in code points) get no suggestion. */
#define DL_SUGGEST_MAX_CHARS 48

/* dl_suggest_distance - Levenshtein distance between two UTF-8 strings
 * counted in code points, or max + 1 when it exceeds max (the computation
 * stops early).  An invalid unit (a maximal subpart, dl_utf8.h) counts as
 * one code point. */
unsigned dl_suggest_distance(const char *a, size_t an, const char *b, size_t bn,
                             unsigned max);

/* dl_suggest_word - the best replacement for the normalised word
 * word[0..len) among db's terms: distance 1..DL_SUGGEST_MAX_DISTANCE, same
 * first code point, more frequent than min_freq; the most frequent wins,
 * the nearer on a tie.  *out is the caller's (dl_free), NULL when there is
 * none; *freq (may be NULL) gets its document frequency.  DL_OK, DL_ENOMEM
 * or a Xapian error (DL_EMODIFIED: reopen and retry). */
dl_status dl_suggest_word(dl_db *db, const char *word, size_t len,
                          unsigned long min_freq, char **out,
                          unsigned long *freq, dl_err *err);

struct dl_parsed_query;

/* dl_suggest_query - the whole query query[0..query_len) with each absent
 * or rare plain word of its parse pq replaced by its dl_suggest_word
 * suggestion, in *out (the caller's, dl_free), which stays NULL when no
 * word changed.  Rare: in at most RARE_FREQ (suggest.c) articles, then a
 * replacement must be in RARE_RATIO times more.  m (may be NULL; borrowed)
 * is the match pq's query made: a word whose stem it counted in more than
 * RARE_FREQ articles is not rare, without a look-up (a word rare as typed
 * but common by its stem, which the search found, gets no suggestion).
 * DL_OK, DL_ENOMEM or the errors of dl_suggest_word. */
dl_status dl_suggest_query(dl_db *db, const dl_mset *m, const char *query,
                           size_t query_len, const struct dl_parsed_query *pq,
                           char **out, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
