/* query_int.h - the query parser's internals, shared by its files (not
 * public: query.h is the API).
 *
 * One parse is one struct parse_state: the text, the options, the position of
 * the next unread byte, the counts the caps need, and the result being built.
 * The files of the parser (query.c lists them) share it and the helpers
 * declared here, named dl_query_<what> like the rest of the library; they
 * report errors through dl_query_fail, which records the byte position
 * for the caller's message.
 */
#ifndef DL_QUERY_INT_H
#define DL_QUERY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"
#include "query.h"

/* More languages than any archive holds; extra codes are ignored. */
#define MAX_LANGS 32

/* The index's languages decide the shape of a plain word's query (see
 * stemmed_query, query_terms.c). */
struct dl_query_parser {
    size_t n_langs;
    char code[MAX_LANGS][16]; /* index languages with a stemmer */
    dl_stemmer *stem[MAX_LANGS];
    bool weighs[MAX_LANGS]; /* holds 1% of the articles (see stemmed_query) */
    bool has_plain;  /* and some without one (their Z terms are the words) */
    bool stems_only; /* Z terms reach every article: no raw word needed */
    bool cyrillic[MAX_LANGS]; /* the language is written in Cyrillic */
    bool kazakh; /* Kazakh is an index language (its Latin articles' raw
                    terms are in Latin, their Z terms in Cyrillic) */
    bool xscript; /* the index has XK terms (query_xscript.c) */
    struct dl_date_oracle dates; /* all NULL: ask nothing (query_date.c) */
};

/* What the lexer saw (query_lex.c). */
enum lex_type {
    T_END,
    T_LPAREN,
    T_RPAREN,
    T_PHRASE,
    T_PLUS,
    T_MINUS,
    T_EXACT, /* '=': no cross-script matching for what follows */
    T_AND,
    T_OR,
    T_NOT,
    T_NEAR,
    T_FIELD,
    T_WORD,
    T_BAD
};

enum field { F_NONE, F_TITLE, F_SOURCE, F_AUTHOR, F_LANG, F_DATE };

/* One token of the query text, as the lexer reads it. */
struct lex_token {
    enum lex_type type;
    size_t pos;   /* where the token starts (for messages) */
    size_t start; /* text: word, phrase content or field name */
    size_t end;
    size_t next;   /* where lexing continues */
    unsigned near; /* NEAR/n distance */
    enum field field;
    bool wildcard; /* word ended with '*' */
};

/* A sub-query as the grammar builds it, bottom-up. */
struct node {
    dl_query *q; /* NULL: nothing */
    bool filter; /* boolean restriction, no weight */
};

/* One tokenizer token of a word or phrase. */
struct word_token {
    size_t off, len; /* term in word_tokens.text */
    size_t start;    /* byte range in the query (spans, see find_spans) */
    size_t end;
    unsigned pos;
    unsigned flags;
};

/* The tokenizer's tokens of one word or phrase (query_terms.c), their
 * terms one after the other in text. */
struct word_tokens {
    dl_buf text;
    struct word_token *v;
    size_t n, cap;
    size_t base; /* added to each token's byte range (word_tokens_add) */
    bool nomem;
};

/* The stems every index language makes of one word: a query word is
 * stemmed once for its query terms and for its highlights. */
struct stem_set {
    dl_buf text;           /* the word, then each stem, NUL-separated */
    size_t word_len;       /* 0: nothing cached */
    size_t off[MAX_LANGS]; /* where language l's stem starts in text */
    size_t len[MAX_LANGS]; /* its length; 0 when the stemmer made none */
};

/* One parse in progress (dl_query_parser_parse). */
struct parse_state {
    dl_query_parser *p;
    const struct dl_query_options *o;
    const char *s;
    size_t n;
    size_t i; /* next unread byte */
    unsigned depth;
    unsigned nterms;
    unsigned qpos;     /* query position for the next term */
    int neg;           /* > 0 inside an excluded item */
    unsigned implicit; /* default-operator joins seen */
    bool drop_stop;    /* leave out plain stopwords (long match-any) */
    bool merge_words;  /* flat match-any: a repeated word weighs more */
    unsigned exact;    /* > 0 under '=': no cross-script keys */
    struct dl_parsed_query *res;
    size_t errpos;
    dl_err *err;
    struct stem_set stems; /* the last word's stems (stems_of) */
};

/* The operands of a NEAR chain as the grammar reads them: the tokens of
 * every word and phrase, each with its term query. */
struct near_chain {
    struct word_tokens all; /* the tokens of every operand */
    dl_query **v;           /* v[k]: the term query of token k (owned) */
};

/* ---- query.c: errors ---------------------------------------------------- */

/* dl_query_fail - the parse fails with code at byte pos of the query: err
 * gets "msg (at byte pos)", ps->errpos gets pos.  Returns code. */
dl_status dl_query_fail(struct parse_state *ps, dl_status code, size_t pos,
                        const char *msg);

/* dl_query_nomem - DL_ENOMEM at the current position (ps->i). */
dl_status dl_query_nomem(struct parse_state *ps);

/* ---- query_lex.c: the lexer ---------------------------------------------- */

/* dl_query_lex - the token at byte i of the query (after any whitespace)
 * into *t; T_END at the end.  Reads ps, never moves it. */
void dl_query_lex(const struct parse_state *ps, size_t i, struct lex_token *t);

/* dl_query_peek - the token at ps->i. */
void dl_query_peek(const struct parse_state *ps, struct lex_token *t);

/* dl_query_space_at - the bytes of whitespace at s[i] (s[0..n)), 0 if
 * none: ASCII space and the separating controls, no-break space,
 * ideographic space. */
size_t dl_query_space_at(const char *s, size_t n, size_t i);

/* dl_query_quote_at - the bytes of a quote mark at s[i], 0 if none: " and
 * the typographic ones. */
size_t dl_query_quote_at(const char *s, size_t n, size_t i);

/* dl_query_word_stop - whether s[i] ends a word: a bracket, whitespace or
 * a quote mark. */
bool dl_query_word_stop(const char *s, size_t n, size_t i);

/* dl_query_check_text - DL_OK, or DL_EINVAL at the first invalid UTF-8
 * sequence or control character (other than whitespace) of the query. */
dl_status dl_query_check_text(struct parse_state *ps);

/* ---- query_grammar.c: the grammar ---------------------------------------- */

/* dl_query_parse_text - the whole query (from ps->i, to its end) into
 * *out; out->q is the caller's, also on failure.  DL_EQUERY with the
 * position of the problem, DL_ENOMEM, or an error of dl_xapian.h or of the
 * date oracle. */
dl_status dl_query_parse_text(struct parse_state *ps, struct node *out);

/* ---- query_terms.c: terms ------------------------------------------------ */

/* dl_query_is_stopword - whether s[0..n) is an English stopword (ASCII
 * letters, any case; a word of two or more capitals is a name, never a
 * stopword). */
bool dl_query_is_stopword(const char *s, size_t n);

/* dl_query_count_term - one more term against max_terms: DL_OK, or
 * DL_EQUERY at pos naming the cap. */
dl_status dl_query_count_term(struct parse_state *ps, size_t pos);

/* dl_query_combine_at - dl_query_combine with the error at the current
 * position; v stays the caller's. */
dl_status dl_query_combine_at(struct parse_state *ps, dl_qop op, dl_query **v,
                              size_t n, unsigned window, dl_query **out);

/* dl_query_free_all - dl_query_free each of v[0..n). */
void dl_query_free_all(dl_query **v, size_t n);

/* dl_query_word_node - the word s[start..end) of field f (F_NONE for a
 * bare word), a prefix when wildcard is set, into *out; a positive bare or
 * title: word is recorded in ps->res.  out->q is the caller's, also on
 * failure; NULL for a word of no terms.  DL_EQUERY, DL_ENOMEM, DL_EXAPIAN. */
dl_status dl_query_word_node(struct parse_state *ps, enum field f, size_t start,
                             size_t end, bool wildcard, struct node *out);

/* dl_query_phrase_node - the quoted phrase s[start..end) of field f into
 * *out, as dl_query_word_node. */
dl_status dl_query_phrase_node(struct parse_state *ps, enum field f,
                               size_t start, size_t end, struct node *out);

/* dl_query_lang_node - the lang: value s[start..end) into *out (a
 * filter).  DL_EQUERY for what is no language code, DL_ENOMEM, DL_EXAPIAN. */
dl_status dl_query_lang_node(struct parse_state *ps, size_t start, size_t end,
                             struct node *out);

/* dl_query_near_add - the word or phrase (quoted) s[start..end), an
 * operand of a NEAR chain, joins c (zeroed before the first): its tokens'
 * terms, unstemmed (stems have no positions), recorded in ps->res as for a
 * word or phrase.  DL_EQUERY (term cap), DL_ENOMEM, DL_EXAPIAN. */
dl_status dl_query_near_add(struct parse_state *ps, struct near_chain *c,
                            size_t start, size_t end, bool quoted);

/* dl_query_near_build - the query of chain c, its operands within dist
 * words, into *out (the caller's; NULL when c holds no term): one OP_NEAR
 * per spelling of its hyphenated words, ORed.  DL_ENOMEM, DL_EXAPIAN. */
dl_status dl_query_near_build(struct parse_state *ps, struct near_chain *c,
                              unsigned dist, dl_query **out);

/* dl_query_near_free - release what c holds (not c). */
void dl_query_near_free(struct near_chain *c);

/* ---- query_xscript.c: cross-script keys --------------------------------- */

/* The weight of a match through a key against a match of the word. */
#define DL_QUERY_XSCRIPT_WEIGHT 0.5
/* Keys of one query word at most: its own and its stems'. */
#define XKEYS_MAX 4

/* The keys of one query word, NUL-separated in text. */
struct xkeys {
    dl_buf text;
    size_t off[XKEYS_MAX];
    size_t len[XKEYS_MAX];
    size_t n;
    dl_buf kazakh; /* Z term of a Latin word read in Kazakh Cyrillic
                      (empty: none) */
};

/* dl_query_xscript_on - whether words now parsed look for their keys:
 * the index has them, the parse did not switch them off, no '='. */
bool dl_query_xscript_on(const struct parse_state *ps);

/* dl_query_xscript_keys - the keys of the query word raw[0..rn) (as
 * typed), whose term is term[0..tn), into k (text and kazakh reset
 * first; both initialised by the caller, and freed): its own key, and
 * with stems the keys of its stems and its Kazakh reading (see
 * query_xscript.c).  None when it has no key.  DL_OK or DL_ENOMEM. */
dl_status dl_query_xscript_keys(struct parse_state *ps, const char *raw,
                                size_t rn, const char *term, size_t tn,
                                bool stems, struct xkeys *k);

/* dl_query_xscript_word - *q (the word's own query, replaced) ORed with
 * its keys k, scaled by DL_QUERY_XSCRIPT_WEIGHT; *q unchanged when k is
 * empty.  term: the word's own term (its key is not looked up as a raw
 * term again).  DL_OK, DL_ENOMEM, DL_EXAPIAN. */
dl_status dl_query_xscript_word(struct parse_state *ps, const struct xkeys *k,
                                const char *term, size_t tn, dl_query **q);

/* dl_query_xscript_place - the place of the word raw[0..rn) in a phrase
 * across scripts: the OR of its key's terms, at the next query
 * position, into *out (the caller's; NULL when the word has no key);
 * *indexed set when it reaches beyond the word's own term: its XK term
 * is in the index (the parser's termfreq; without one, whenever it has a
 * key), or its long key is another raw term.  DL_OK, DL_ENOMEM, DL_EXAPIAN, or
 * the error of termfreq. */
dl_status dl_query_xscript_place(struct parse_state *ps, const char *raw,
                                 size_t rn, const char *term, size_t tn,
                                 dl_query **out, bool *indexed);

/* dl_query_xscript_note - record the keys k on the query word w (for
 * snippets, --analyze).  DL_OK or DL_ENOMEM. */
dl_status dl_query_xscript_note(struct parse_state *ps, const struct xkeys *k,
                                struct dl_qword *w);

/* ---- query_date.c: date: filters ----------------------------------------- */

/* dl_query_date_node - the date: value s[start..end) into *out (a
 * filter).  DL_EQUERY for a malformed date or range, DL_ENOMEM,
 * DL_EXAPIAN, or the error of the parser's date oracle. */
dl_status dl_query_date_node(struct parse_state *ps, size_t start, size_t end,
                             struct node *out);

#endif
