/* snippet.h - the best window of an article's body around the matches.
 *
 * The body (document data, see dl_schema.h) is re-tokenized with the shared
 * tokenizer and every token compared with the query's positive terms, raw
 * or stemmed in the article's language; a quoted phrase matches only where
 * all its terms stand in order, so only phrase occurrences are marked.  The
 * window of about DL_SNIPPET_WORDS words holding the most distinct query
 * terms (then the most matches) wins; it is cut at word boundaries (so
 * never inside a UTF-8 sequence), with "…" where text was cut.  The text is
 * plain, never escaped: renderers escape it once for their format and use
 * the highlight byte ranges, which index into the text.
 */
#ifndef DL_SNIPPET_H
#define DL_SNIPPET_H

#include <stddef.h>

#include "dl_status.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Words in a snippet: a long sentence, short enough for a result list. */
#define DL_SNIPPET_WORDS 30
/* Bytes in a snippet at most, whatever the words (long tokens, runs of
 * punctuation between them). */
#define DL_SNIPPET_MAX_BYTES 1024

struct dl_snippet {
    char *text; /* UTF-8, NUL-terminated; the caller's (see free) */
    size_t len;
    size_t (*hl)[2]; /* highlight [start, end) byte ranges into text,
                        sorted, not overlapping */
    size_t n_hl;
};

/* dl_snippet_make - build the snippet of body[0..len) for the positive
 * terms of q.  p (may be NULL) stems body words for lang (the article's
 * language code, may be NULL).  words: window size, 0 for
 * DL_SNIPPET_WORDS.  Without a match the snippet is the body's start.
 * *out is filled (release with dl_snippet_free).  DL_OK or DL_ENOMEM (out
 * then empty). */
dl_status dl_snippet_make(const char *body, size_t len,
                          const struct dl_parsed_query *q, dl_query_parser *p,
                          const char *lang, size_t words,
                          struct dl_snippet *out, dl_err *err);

/* dl_snippet_highlights - every match of q's positive terms in the whole of
 * text[0..len), found as dl_snippet_make finds them (raw or stemmed in
 * lang by p, which may be NULL; phrases only where all their words stand
 * in order), as [start, end) byte ranges into text: sorted, overlapping
 * ones merged, on code point boundaries.  For the article view, which
 * marks the query's words in a whole text rather than a window.  *out is
 * the caller's (dl_free; NULL with *n 0 when nothing matches).  DL_OK or
 * DL_ENOMEM. */
dl_status dl_snippet_highlights(const char *text, size_t len,
                                const struct dl_parsed_query *q,
                                dl_query_parser *p, const char *lang,
                                size_t (**out)[2], size_t *n, dl_err *err);

/* dl_snippet_free - release the snippet's memory and make it empty. */
void dl_snippet_free(struct dl_snippet *s);

#ifdef __cplusplus
}
#endif

#endif
