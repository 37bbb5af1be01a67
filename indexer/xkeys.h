/* xkeys.h - the cross-script terms of an article's words (dl_schema.h,
 * prefix XK): for each word, the key (common/dl_xscript.h) that its
 * spellings in other scripts and romanisations share, so that a query
 * for Tokayev finds Токаев and the other way round; and, in a Kazakh
 * article written in the Latin alphabet of 2021, the Cyrillic reading of
 * each word (common/dl_kklatin.h), which the Kazakh stemmer stems.
 *
 * The keys an article holds (the index growth they cost and the false
 * matches they bring are measured in docs/languages.md): names only, a
 * name being a word written as one (dl_xscript_capitalised) and, when its
 * key is shorter than DL_XSCRIPT_NAME_BELOW, not the first word of a
 * sentence (The, For, But would meet Тхе, Фор, Бут);
 *   - a name gets the key of the word itself WITH its position, so
 *     phrases of names meet across scripts;
 *   - a Cyrillic name also gets the key of its stem (Z term) without a
 *     position, so Токаева and Токаеву meet Tokayev;
 *   - a Latin name whose key is its own raw term (London) and has
 *     DL_XSCRIPT_NAME_BELOW letters or more gets no key term: the searcher
 *     looks for such keys among the raw terms too;
 *   - a name in a Kazakh article in Latin letters gets its own key and
 *     that of its Cyrillic stem, as a Cyrillic name.
 * Ordinary words get no key: the searcher reads a Latin word in Kazakh
 * Cyrillic instead (searcher/query_xscript.c).
 */
#ifndef DL_XKEYS_H
#define DL_XKEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Scratch space of one builder (one thread). */
struct dl_xkeys {
    dl_buf key;  /* the word's key */
    dl_buf skey; /* the stem's key */
    dl_buf cyr;  /* a Kazakh Latin word in Cyrillic */
    dl_buf norm; /* ... normalised */
    dl_buf term; /* prefixed term */
};

/* One word of an article, as the builder sees it. */
struct dl_xkey_word {
    const char *text; /* the title or body it is in, as written */
    size_t start;     /* its byte range there (the tokenizer's) */
    size_t end;
    const char *term; /* its normalised raw term */
    size_t term_len;
    const char *stem; /* its Z term (NULL: none), dl_xkeys_stem */
    size_t stem_len;
    unsigned pos; /* its position */
    unsigned wdf; /* wdf per occurrence */
};

/* dl_xkeys_init / dl_xkeys_free - empty scratch space; free releases it
 * (and leaves it empty). */
void dl_xkeys_init(struct dl_xkeys *x);
void dl_xkeys_free(struct dl_xkeys *x);

/* dl_xkeys_add - add the key terms of w (its stem set) to doc, by the
 * rules above.
 * DL_OK, DL_ENOMEM or an error of dl_doc_add_posting (err set). */
dl_status dl_xkeys_add(struct dl_xkeys *x, dl_doc *doc,
                       const struct dl_xkey_word *w, dl_err *err);

/* dl_xkeys_stem - the Z term of w into w->stem, w->stem_len (borrowed
 * from x or st until the next call): its stem by st, or its term when st
 * is NULL (a language without a stemmer); in a Kazakh article (kazakh
 * set), a word in Latin letters is read in Cyrillic (dl_kklatin.h) and
 * normalised first, so the Kazakh stemmer stems it and its Z term is
 * the Cyrillic word's.  DL_OK, DL_ENOMEM or an error of dl_stemmer_stem
 * (err set). */
dl_status dl_xkeys_stem(struct dl_xkeys *x, dl_stemmer *st, bool kazakh,
                        struct dl_xkey_word *w, dl_err *err);

/* dl_xkeys_sentence_start - whether the word at byte start of text
 * begins a sentence: nothing but spaces, quotes and brackets between it
 * and the start of the text, a paragraph break or a . ! ? : ; (a
 * capital there says nothing of a name). */
bool dl_xkeys_sentence_start(const char *text, size_t start);

#ifdef __cplusplus
}
#endif

#endif
