/* dl_tokenize.h - the one tokenizer shared by the indexer and the query
 * parser (so a query always meets the terms the indexer wrote).
 *
 * UAX #29 word segments (dl_wordbreak) that hold a letter, digit or
 * ideograph become tokens, normalised by dl_normalize_term, then the news
 * rules apply:
 *   - possessives: Kazakhstan's / Kazakhstan’s -> kazakhstan (also s');
 *   - hyphenated names: Nur-Sultan -> nur (pos p), sultan (pos p+1), and the
 *     joined nursultan at pos p flagged DL_TOK_JOINED;
 *   - dotted acronyms: U.S. / U.S.A. -> us / usa;
 *   - numbers with separators stay whole: 3.5 stays 3.5; digit groups with
 *     commas (2,000 / 1,250,000) lose the commas -> 2000;
 *   - CJK (Han, Hiragana, Katakana runs): overlapping bigrams, one position
 *     each (a lone character is a unigram), flagged DL_TOK_CJK;
 *   - no term over DL_MAX_TERM_BYTES: longer tokens are dropped and counted
 *     (never fatal).
 * Each token reports its normalised term, its word position and the byte
 * range [start, end) it came from in the original text.
 */
#ifndef DL_TOKENIZE_H
#define DL_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_TOK_JOINED 0x1      /* extra joined form of a hyphenated name */
#define DL_TOK_CJK 0x2         /* a CJK bigram or unigram */
#define DL_TOK_NUMERIC 0x4     /* starts with a digit */
#define DL_TOK_HYPHEN_PART 0x8 /* a part of a hyphenated name */

/* dl_token_fn - called once per token.  term is borrowed for the call only
 * (not NUL-terminated in general).  Returning non-zero stops tokenizing and
 * dl_tokenize returns DL_DONE. */
typedef int (*dl_token_fn)(void *ctx, const char *term, size_t len,
                           size_t start, size_t end, unsigned pos,
                           unsigned flags);

struct dl_tokenize_stats {
    unsigned long tokens;       /* tokens reported */
    unsigned long dropped_long; /* tokens over DL_MAX_TERM_BYTES dropped */
};

/* dl_token_gets_stem - true when a token with these flags (DL_TOK_*) gets
 * a stem in the index (a Z term, dl_schema.h): CJK bigrams and numbers do
 * not; words, their hyphenated parts and joined forms do.  The indexer
 * writes stems and the query parser looks for them by this one rule, so the
 * two cannot drift apart. */
bool dl_token_gets_stem(unsigned flags);

/* dl_tokenize - split text[0..len) (UTF-8; invalid bytes are treated as
 * separators) into tokens; positions start at first_pos.  *next_pos (may be
 * NULL) gets the position after the last token; stats (may be NULL) are
 * added to.  DL_OK, DL_DONE (callback stopped it) or DL_ENOMEM. */
dl_status dl_tokenize(const char *text, size_t len, unsigned first_pos,
                      dl_token_fn fn, void *ctx, unsigned *next_pos,
                      struct dl_tokenize_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
