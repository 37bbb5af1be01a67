/* stopwords.h - function words per language, which carry no topic.
 *
 * Short hand-written lists (articles, pronouns, prepositions,
 * conjunctions, auxiliary verbs, and the reporting verbs of news such as
 * "said") for the index's main languages: en, fr, de, es, it, pt, ru, uk,
 * bg, sr (both scripts), pl, cs, kk.  The top words of a search
 * (topwords.h) leave them out; a language without a list relies on the
 * other rule there (a word most of the archive holds is no top word).
 * The query parser keeps its own, smaller English list for long queries
 * (query_terms.c), which ranking measurements tuned.
 *
 * The lists hold words in the index's term form (dl_normalize_term: case
 * and diacritics folded, so "für" is "fur" and "её" is "ее"), so a term
 * is looked up as it is; tests/unit/test_stopwords.c holds every entry
 * to that form and every list to byte order.
 */
#ifndef DL_STOPWORDS_H
#define DL_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dl_stopword_is - whether word[0..len) (a term: normalised) is a function
 * word of the language lang (an ISO 639-1 code, NUL-terminated).  For a
 * language with no list, NULL or "und", it is a stopword when any list
 * holds it (an article of unknown language is most likely in one of
 * them). */
bool dl_stopword_is(const char *lang, const char *word, size_t len);

/* dl_stopword_list - the list of lang (sorted in byte order) and its
 * length into *n; NULL (and *n 0) for a language without one.  Static;
 * for tests. */
const char *const *dl_stopword_list(const char *lang, size_t *n);

/* dl_stopword_lang - the code of the k-th language with a list, NULL
 * after the last; for tests. */
const char *dl_stopword_lang(size_t k);

#ifdef __cplusplus
}
#endif

#endif
