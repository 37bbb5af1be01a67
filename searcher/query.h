/* query.h - the query language of SPEC section 5, parsed into Xapian queries.
 *
 * A hand-written recursive-descent parser over a small lexer.  Every word
 * goes through the shared tokenizer (dl_tokenize), so it meets the terms the
 * indexer wrote: a word that tokenizes into several terms (nur-sultan, CJK
 * runs) becomes a phrase of its parts; a hyphenated word, alone or in a
 * phrase or NEAR chain, makes one phrase (or NEAR) per spelling, its parts
 * or its joined form in their place, ORed (query_terms.c,
 * SPELLINGS_WORDS_MAX), so "xyzzy nur-sultan" finds "xyzzy Nur Sultan" and
 * "xyzzy Nursultan" but never "Nursultan" alone.  A plain word becomes
 * SYNONYM(word, Z+stem(word) for every index language written in the
 * word's script), so a Russian query finds inflected forms without
 * stemming English words with the Russian stemmer.
 *
 * Grammar (operators are uppercase words; brackets nest):
 *   query   := or
 *   or      := and ('OR' and)*
 *   and     := near (['AND'] near | 'NOT' near)*   implicit: default op
 *   near    := unary ('NEAR/n' unary)*
 *   unary   := '+' primary | '-' primary | primary
 *   primary := '(' or ')' | '"' words '"' | field ':' value | word ['*']
 *   field   := title | source | author | lang | date
 * Plain items of one "and" level are joined by the default operator (AND
 * for match-all, OR for match-any); '+' and AND make an item required, '-'
 * and NOT exclude it.  In a match-any query of four or more bare words,
 * bare English stopwords are left out (never in a phrase, a field, after
 * '+' or before AND, nor when every word is one), and in a flat one (bare
 * words and phrases only) a repeated word becomes one term weighted by its
 * count.  source:, author:, lang: and date: are filters (no
 * weight).  Caps (struct dl_query_options) keep a hostile query from costing
 * more than a few milliseconds; breaking one is DL_EQUERY with a message
 * naming the cap.  Unbalanced quotes and '(' are closed at the end; a stray
 * ')' or a misplaced operator is DL_EQUERY with the byte position.
 */
#ifndef DL_QUERY_H
#define DL_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Caps: a query longer, wider or deeper than this is refused. */
#define DL_QUERY_MAX_BYTES 4096
#define DL_QUERY_MAX_TERMS 100
#define DL_QUERY_MAX_DEPTH 32
#define DL_QUERY_MAX_EXPANSION 500

typedef struct dl_query_parser dl_query_parser;

struct dl_query_options {
    bool match_any;         /* default operator OR instead of AND */
    bool exact_script;      /* no cross-script matching (every word as
                               under '=', query_xscript.c) */
    size_t max_bytes;       /* DL_QUERY_MAX_BYTES */
    unsigned max_terms;     /* DL_QUERY_MAX_TERMS */
    unsigned max_depth;     /* DL_QUERY_MAX_DEPTH */
    unsigned max_expansion; /* DL_QUERY_MAX_EXPANSION */
};

/* One positive query term for highlighting and suggestions. */
struct dl_qword {
    char *term;   /* normalised raw term (NUL-terminated) */
    char **stems; /* "lang:stem" for each stemming language, or NULL */
    size_t n_stems;
    bool wildcard; /* term is a prefix */
    bool plain;    /* a bare word of the query (suggestion candidate) */
    char **keys;   /* its cross-script keys (dl_xscript.h), or NULL */
    size_t n_keys;
    size_t qstart; /* byte range of the word in the query text */
    size_t qend;
};

/* One phrase to highlight as a whole: terms in order. */
struct dl_qphrase {
    char **terms;
    size_t n;
};

/* The result of a parse. */
struct dl_parsed_query {
    dl_query *query;        /* what to run (never NULL on success) */
    bool used_default_and;  /* the default AND joined two or more items,
                               so an any-word fallback can differ */
    bool has_wildcard;      /* a wildcard is in it (expansion cap) */
    bool empty;             /* nothing to search for (blank query) */
    struct dl_qword *words; /* positive single terms */
    size_t n_words;
    struct dl_qphrase *phrases; /* positive phrases */
    size_t n_phrases;
    /* The query's own filters that every match passes: the AND of the
     * filter items of its top level (source:, author:, lang:, date:, or
     * a bracket holding only filters), when the top level has no OR;
     * excluded items are not in it ("oil source:bbc date:2020" gives
     * source:bbc date:2020); NULL when there is none.  What a timeline
     * counts its totals over (timeline.h). */
    dl_query *scope;
    /* The range of the top-level date: filters (their intersection), as
     * YYYYMMDD first and last day; "" for an open end or no filter. */
    char date_lo[9];
    char date_hi[9];
};

/* dl_query_options_init - the default caps, match-all. */
void dl_query_options_init(struct dl_query_options *o);

/* dl_query_parser_new - a parser for an index whose articles' languages (their
 * L terms) are the comma-separated codes in langs ("en,ru"; NULL or "" for
 * none), each optionally with its number of articles ("en:18992,ru:25").
 * A plain word becomes the Z terms its index languages make of it, plus
 * the raw word when the stemmer of a language with at least 1% of the
 * counted articles (every language, without counts) changed it.  The
 * index is taken to have the word-stems feature (dl_schema.h, FORMAT;
 * dl_searcher_open checks it): its Z terms reach every article.  Free with
 * dl_query_parser_free.  DL_ENOMEM. */
dl_status dl_query_parser_new(const char *langs, dl_query_parser **out,
                              dl_err *err);

/* What the parser may ask of the index about its dates (a searcher's
 * parser asks its database; see search.c).  Each function may be NULL;
 * ctx is borrowed.  Each returns DL_OK with its answer, or the status of a
 * failure that it has recorded in err (dl_err_set): the parse then fails
 * with that status, since a date: filter planned on a guess made from an
 * error could read a different set of articles. */
struct dl_date_oracle {
    /* Into *out, whether some article is dated only to the year (prefix
     * "Y", digits "2020") or only to the month ("M", "202004"); when
     * unsure, true. */
    dl_status (*coarse)(void *ctx, const char *prefix, const char *digits,
                        bool *out, dl_err *err);
    /* The first and last date ("YYYYMMDD") of the dated articles into lo
     * and hi (no article is dated outside them) and *found true; *found
     * false when none is dated or it cannot tell. */
    dl_status (*bounds)(void *ctx, char lo[9], char hi[9], bool *found,
                        dl_err *err);
    void *ctx;
    /* Into *out, how many articles hold the term term[0..len): a phrase
     * across scripts is built only when a key of its words is in the
     * index (query_xscript.c).  NULL: every key is taken to be there. */
    dl_status (*termfreq)(void *ctx, const char *term, size_t len,
                          unsigned long *out, dl_err *err);
};

/* dl_query_parser_set_date_oracle - let date: ranges ask o (copied; NULL: ask
 * nothing, the default).  An open range (date:2020-11..) that spans less
 * than half of the index's days once closed at its first or last date is
 * closed there, so that it too is read from the date terms.  A range that
 * holds the first day of a month or year but not all of it
 * (date:2020..2020-06-30 holds 1 January 2020, the value of an article
 * dated "2020") checks the date of every article of that month or year for
 * the ones dated no finer only where coarse says there are. */
void dl_query_parser_set_date_oracle(dl_query_parser *p,
                                     const struct dl_date_oracle *o);

/* dl_query_parser_set_xscript - whether the index has cross-script keys
 * (the xscript-keys feature of every database, dl_schema.h): then a word
 * also matches its spellings in the other script and romanisations
 * (query_xscript.c), at a lower weight; default off. */
void dl_query_parser_set_xscript(dl_query_parser *p, bool on);

/* dl_query_parser_free - release; NULL is a no-op. */
void dl_query_parser_free(dl_query_parser *p);

/* dl_query_parser_parse - parse text[0..len).  On success *out is the
 * caller's (dl_parsed_query_free).  On failure *out is NULL, *errpos (may
 * be NULL) gets the byte offset of the problem and err a message.
 * DL_EQUERY malformed query or a cap exceeded; DL_EINVAL invalid UTF-8 or
 * a control character; DL_ENOMEM; DL_EXAPIAN; or the status of a date
 * oracle's failure (*errpos at the date: value it was asked for). */
dl_status dl_query_parser_parse(dl_query_parser *p, const char *text,
                                size_t len, const struct dl_query_options *o,
                                struct dl_parsed_query **out, size_t *errpos,
                                dl_err *err);

/* dl_parsed_query_free - release a parse result; NULL is a no-op. */
void dl_parsed_query_free(struct dl_parsed_query *q);

/* dl_query_parser_stem - the Z term the indexer makes of term (normalised) in
 * an article of language lang: its stem with the parser's stemmer, or term
 * itself for a language without a stemmer; *out borrowed until the next
 * call on p (or term).  DL_ENOENT when lang has a stemmer the parser lacks;
 * otherwise as dl_stemmer_stem (DL_ENOMEM, DL_EXAPIAN). */
dl_status dl_query_parser_stem(dl_query_parser *p, const char *lang,
                               const char *term, size_t len, const char **out,
                               size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif
