/* query.c - the query parser: text to a Xapian query via dl_xapian.h.
 *
 * The lexer is a pure function of a byte offset (lex() never moves state),
 * so the parser can look two tokens ahead to see a NEAR coming, and a
 * position for an error message is always at hand.  Recursion happens only
 * at '(' and is bounded by max_depth; the input is bounded by max_bytes
 * before anything else runs, and every term made counts against max_terms,
 * so a hostile query costs at most a few thousand tokenizer steps.
 *
 * Each parse builds sub-queries bottom-up; a node owns its dl_query and
 * frees it once combined (dl_query_combine keeps its own references).  A
 * node with q == NULL means "nothing" (a word of pure punctuation): the
 * combinators skip it, so "a & b" is the query "a b".
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_lang.h"
#include "dl_date.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "query.h"

/* Match-any queries of at least this many words lose their stopwords. */
#define STOP_MIN_WORDS 4
/* The longest stopword, in bytes. */
#define STOP_MAX_LEN 12

/* English function words, sorted (bsearch).  They carry no topic, so in a
 * long any-word query they only pull in documents that share grammar with
 * it; dropping them is the usual practice (SMART, Lucene, Terrier).  A word
 * written in capitals ("US", "IT", "WHO") is taken for a name and stays. */
static const char *const stopwords[] = {
    "a",          "about",   "above",   "after",   "again",    "against",
    "all",        "also",    "am",      "an",      "and",      "any",
    "are",        "as",      "at",      "be",      "because",  "been",
    "before",     "being",   "below",   "between", "both",     "but",
    "by",         "can",     "could",   "did",     "do",       "does",
    "doing",      "down",    "during",  "each",    "either",   "etc",
    "few",        "for",     "from",    "further", "had",      "has",
    "have",       "having",  "he",      "her",     "here",     "hers",
    "herself",    "him",     "himself", "his",     "how",      "however",
    "i",          "if",      "in",      "into",    "is",       "it",
    "its",        "itself",  "just",    "let",     "me",       "more",
    "most",       "much",    "must",    "my",      "myself",   "no",
    "nor",        "not",     "now",     "of",      "off",      "on",
    "once",       "only",    "or",      "other",   "our",      "ours",
    "ourselves",  "out",     "over",    "own",     "per",      "same",
    "shall",      "she",     "should",  "so",      "some",     "such",
    "than",       "that",    "the",     "their",   "theirs",   "them",
    "themselves", "then",    "there",   "these",   "they",     "this",
    "those",      "through", "thus",    "to",      "too",      "under",
    "until",      "up",      "upon",    "us",      "very",     "via",
    "was",        "we",      "were",    "what",    "when",     "where",
    "whether",    "which",   "while",   "who",     "whom",     "whose",
    "why",        "will",    "with",    "within",  "without",  "would",
    "yet",        "you",     "your",    "yours",   "yourself", "yourselves",
};

/* More languages than any archive holds; extra codes are ignored. */
#define MAX_LANGS 32
/* Default and largest NEAR distance: wider windows are just AND. */
#define NEAR_DEFAULT 10
#define NEAR_MAX 1000

/* The index's languages decide the shape of a plain word's query (see
 * stemmed_query). */
struct dl_qparser {
    size_t n_langs;
    char code[MAX_LANGS][16]; /* index languages with a stemmer */
    dl_stemmer *stem[MAX_LANGS];
    bool weighs[MAX_LANGS]; /* holds 1% of the articles (see stemmed_query) */
    bool has_plain;  /* and some without one (their Z terms are the words) */
    bool stems_only; /* Z terms reach every article: no raw word needed */
    struct dl_date_oracle dates; /* all NULL: ask nothing (date_node) */
};

enum tok_type {
    T_END,
    T_LPAREN,
    T_RPAREN,
    T_PHRASE,
    T_PLUS,
    T_MINUS,
    T_AND,
    T_OR,
    T_NOT,
    T_NEAR,
    T_FIELD,
    T_WORD,
    T_BAD
};

enum field { F_NONE, F_TITLE, F_SOURCE, F_AUTHOR, F_LANG, F_DATE };

struct tok {
    enum tok_type type;
    size_t pos;   /* where the token starts (for messages) */
    size_t start; /* text: word, phrase content or field name */
    size_t end;
    size_t next;   /* where lexing continues */
    unsigned near; /* NEAR/n distance */
    enum field field;
    bool wildcard; /* word ended with '*' */
};

enum kind { K_PLAIN, K_REQ, K_EXCL };

struct node {
    dl_query *q; /* NULL: nothing */
    bool filter; /* boolean restriction, no weight */
};

struct item {
    dl_query *q;
    enum kind kind;
    bool filter;
    size_t pos;
};

/* One tokenizer token of a word or phrase. */
struct tk {
    size_t off, len; /* term in toks.text */
    size_t start;    /* byte range in the query (spans, see find_spans) */
    size_t end;
    unsigned pos;
    unsigned flags;
};

struct toks {
    dl_buf text;
    struct tk *v;
    size_t n, cap;
    size_t base; /* added to each token's byte range (tok_cb) */
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

struct ps {
    dl_qparser *p;
    const struct dl_qparse_opts *o;
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
    struct dl_qparsed *res;
    size_t errpos;
    dl_err *err;
    struct stem_set stems; /* the last word's stems (stems_of) */
};

/* ---- small helpers ---------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether s[0..n) is a stopword: ASCII letters only, compared in lower
 * case, except that a word of two or more capitals is a name. */
static bool
is_stopword(const char *s, size_t n)
{
    char low[STOP_MAX_LEN + 1];
    const char *key = low;
    size_t i;
    size_t upper = 0;
    if (n == 0 || n > STOP_MAX_LEN)
        return false;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            upper++;
            c = (char)(c - 'A' + 'a');
        } else if (c < 'a' || c > 'z') {
            return false;
        }
        low[i] = c;
    }
    low[n] = '\0';
    if (n >= 2 && upper == n)
        return false;
    return bsearch(&key, stopwords, sizeof stopwords / sizeof stopwords[0],
                   sizeof stopwords[0], cmp_str) != NULL;
}

static dl_status
fail(struct ps *ps, dl_status code, size_t pos, const char *msg)
{
    ps->errpos = pos;
    return dl_err_set(ps->err, code, "%s (at byte %zu)", msg, pos);
}

static dl_status
nomem(struct ps *ps)
{
    ps->errpos = ps->i;
    return dl_err_set(ps->err, DL_ENOMEM, "out of memory");
}

/* Bytes of a UTF-8 sequence starting with b, 0 if b cannot start one. */
static size_t
seq_len(unsigned char b)
{
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF)
        return 3;
    if (b >= 0xF0 && b <= 0xF4)
        return 4;
    return 0;
}

/* Strict decoding (no overlongs, no surrogates); 0 on invalid input. */
static size_t
decode(const char *s, size_t n, long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = seq_len(u[0]);
    size_t j;
    long c;
    if (k == 0 || k > n)
        return 0;
    if (k == 1) {
        *cp = u[0];
        return 1;
    }
    c = u[0] & (0x7F >> k);
    for (j = 1; j < k; j++) {
        if ((u[j] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[j] & 0x3F);
    }
    if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return k;
}

/* Whitespace bytes at s[i], 0 if none: ASCII space and controls that
 * separate (tab, newline...), no-break space, ideographic space. */
static size_t
space_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v')
        return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Quote bytes at s[i], 0 if none: " and the typographic “ ” « ». */
static size_t
quote_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '"')
        return 1;
    if (c == 0xC2 && i + 1 < n &&
        ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB))
        return 2;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
        return 3;
    return 0;
}

static bool
word_stop(const char *s, size_t n, size_t i)
{
    return s[i] == '(' || s[i] == ')' || space_at(s, n, i) > 0 ||
           quote_at(s, n, i) > 0;
}

static bool
same_ci(const char *a, size_t n, const char *lit)
{
    size_t i;
    if (strlen(lit) != n)
        return false;
    for (i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return false;
    }
    return true;
}

static bool
same(const char *a, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(a, lit, n) == 0;
}

/* ---- the lexer -------------------------------------------------------- */

static void
lex(const struct ps *ps, size_t i, struct tok *t)
{
    const char *s = ps->s;
    size_t n = ps->n;
    size_t k;
    size_t e;
    size_t j;

    memset(t, 0, sizeof *t);
    for (;;) {
        if (i >= n)
            break;
        k = space_at(s, n, i);
        if (k == 0)
            break;
        i += k;
    }
    t->pos = t->start = t->end = t->next = i;
    if (i >= n) {
        t->type = T_END;
        return;
    }
    if (s[i] == '(' || s[i] == ')') {
        t->type = s[i] == '(' ? T_LPAREN : T_RPAREN;
        t->next = i + 1;
        return;
    }
    k = quote_at(s, n, i);
    if (k > 0) {
        t->type = T_PHRASE;
        t->start = i + k;
        for (j = i + k; j < n; j++) {
            size_t q = quote_at(s, n, j);
            if (q > 0) {
                t->end = j;
                t->next = j + q;
                return;
            }
        }
        /* Unclosed: the phrase runs to the end of the query. */
        t->end = t->next = n;
        return;
    }
    if ((s[i] == '+' || s[i] == '-') && i + 1 < n && !word_stop(s, n, i + 1)) {
        t->type = s[i] == '+' ? T_PLUS : T_MINUS;
        t->next = i + 1;
        return;
    }
    if ((s[i] == '+' || s[i] == '-') && i + 1 < n && s[i + 1] == '(') {
        t->type = s[i] == '+' ? T_PLUS : T_MINUS;
        t->next = i + 1;
        return;
    }
    for (e = i; e < n && !word_stop(s, n, e); e++)
        ;
    t->start = i;
    t->end = t->next = e;
    if (same(s + i, e - i, "AND")) {
        t->type = T_AND;
        return;
    }
    if (same(s + i, e - i, "OR")) {
        t->type = T_OR;
        return;
    }
    if (same(s + i, e - i, "NOT")) {
        t->type = T_NOT;
        return;
    }
    if (e - i >= 4 && memcmp(s + i, "NEAR", 4) == 0 &&
        (e - i == 4 || s[i + 4] == '/')) {
        unsigned long d = NEAR_DEFAULT;
        t->type = T_NEAR;
        if (e - i > 4) {
            d = 0;
            if (e - i == 5 || e - i > 9) {
                t->type = T_BAD;
                return;
            }
            for (j = i + 5; j < e; j++) {
                if (s[j] < '0' || s[j] > '9') {
                    t->type = T_BAD;
                    return;
                }
                d = d * 10 + (unsigned long)(s[j] - '0');
            }
            if (d > NEAR_MAX) {
                t->type = T_BAD;
                return;
            }
        }
        t->near = (unsigned)d;
        return;
    }
    for (j = i; j < e; j++) {
        if (s[j] == ':') {
            static const struct {
                const char *name;
                enum field f;
            } fields[] = {{"title", F_TITLE},
                          {"source", F_SOURCE},
                          {"author", F_AUTHOR},
                          {"lang", F_LANG},
                          {"date", F_DATE}};
            size_t f;
            for (f = 0; f < sizeof fields / sizeof fields[0]; f++) {
                if (same_ci(s + i, j - i, fields[f].name)) {
                    t->type = T_FIELD;
                    t->field = fields[f].f;
                    t->end = j;
                    t->next = j + 1;
                    return;
                }
            }
            break;
        }
    }
    t->type = T_WORD;
    while (t->end > t->start && s[t->end - 1] == '*') {
        t->end--;
        t->wildcard = true;
    }
}

static void
peek(const struct ps *ps, struct tok *t)
{
    lex(ps, ps->i, t);
}

/* ---- tokenizing words -------------------------------------------------- */

static int
tok_cb(void *ctx, const char *term, size_t len, size_t start, size_t end,
       unsigned pos, unsigned flags)
{
    struct toks *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        struct tk *v = dl_realloc(t->v, cap * sizeof *v);
        if (v == NULL) {
            t->nomem = true;
            return 1;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n].off = t->text.len;
    t->v[t->n].len = len;
    t->v[t->n].start = t->base + start;
    t->v[t->n].end = t->base + end;
    t->v[t->n].pos = pos;
    t->v[t->n].flags = flags;
    if (dl_buf_append(&t->text, term, len) != DL_OK) {
        t->nomem = true;
        return 1;
    }
    t->n++;
    return 0;
}

static void
toks_free(struct toks *t)
{
    dl_buf_free(&t->text);
    dl_free(t->v);
    memset(t, 0, sizeof *t);
}

/* Tokenize s[0..len), which starts at byte base of the query, into t. */
static dl_status
tokenize(struct ps *ps, const char *s, size_t len, size_t base, struct toks *t)
{
    dl_status rc;
    memset(t, 0, sizeof *t);
    t->base = base;
    rc = dl_tokenize(s, len, 1, tok_cb, t, NULL, NULL);
    if (t->nomem || rc == DL_ENOMEM) {
        toks_free(t);
        return nomem(ps);
    }
    return DL_OK;
}

static const char *
tk_term(const struct toks *t, size_t k)
{
    return t->text.data + t->v[k].off;
}

/* ---- hyphenated words: the spellings of a phrase ---------------------- */

/* An article writes a hyphenated name three ways: Nur-Sultan, Nur Sultan,
 * Nursultan.  The indexer gives the parts their own positions and adds the
 * joined form at the first part's position (dl_schema.h), so the first two
 * spellings are the phrase of the parts, and there the word after the name
 * comes as many positions later as the name has parts; in an article that
 * writes the name as one word, the word after it comes one position later.
 * A phrase in Xapian 1.4 takes, at each place, a term or an OR of terms,
 * never places of different widths, so a phrase holding a hyphenated word
 * is the OR of one phrase per spelling: "xyzzy Nur-Sultan said" is
 * PHRASE(xyzzy nur sultan said) OR PHRASE(xyzzy nursultan said), which
 * matches exactly the articles holding the phrase in one of the three
 * spellings (ORing the joined form with the whole phrase, as before, found
 * every article that says Nursultan).  k such words make 2^k phrases; the
 * first SPELLINGS_WORDS_MAX of a phrase get both spellings, any later one
 * only its parts (with a hyphen or a space): never more than the phrase,
 * possibly less.  A single hyphenated word, the words of a NEAR chain and
 * the AND of an author: or source: value are built the same way. */
#define SPELLINGS_WORDS_MAX 4
/* Each spelling reads the positions of all its terms, so the spellings of
 * one phrase hold at most this many terms together, and a long phrase
 * spells fewer of its words both ways: up to 32 words, four; 33 to 64,
 * three; the longest (the 100-term cap), two.  On Reuters a phrase of
 * "long-term" said 33 times took 0.07 s before spellings, 0.27 s as 16
 * spellings and 0.10 s as the 4 it is allowed (the joined form is in every
 * article that hyphenates the word, so each spelling has postings to
 * check). */
#define SPELLINGS_TERMS_MAX 512

/* A joined form and the parts it stands for: tokens first..first+n-1
 * except joined (the tokenizer reports the joined form right after the
 * first part: first + 1 == joined). */
struct span {
    size_t joined;
    size_t first;
    size_t n; /* parts */
};

/* The first max joined forms of t with their parts into sp; returns how
 * many.  The parts are the tokens inside the joined form's byte range
 * (a neighbouring hyphenated word's parts are outside it). */
static size_t
find_spans(const struct toks *t, struct span *sp, size_t max)
{
    size_t k;
    size_t j;
    size_t n = 0;
    for (k = 1; k < t->n && n < max; k++) {
        const struct tk *jt = &t->v[k];
        if (!(jt->flags & DL_TOK_JOINED) ||
            (t->v[k - 1].flags & DL_TOK_JOINED) ||
            t->v[k - 1].start != jt->start)
            continue;
        for (j = k + 1; j < t->n && !(t->v[j].flags & DL_TOK_JOINED) &&
                        t->v[j].end <= jt->end;
             j++)
            ;
        if (j - k < 2)
            continue; /* a joined form of one part: not a spelling */
        sp[n].joined = k;
        sp[n].first = k - 1;
        sp[n].n = j - k;
        n++;
    }
    return n;
}

/* The hyphenated words of t that get both spellings, into sp (room for
 * SPELLINGS_WORDS_MAX); returns how many. */
static size_t
spelt_spans(const struct toks *t, struct span *sp)
{
    size_t nsp = find_spans(t, sp, SPELLINGS_WORDS_MAX);
    size_t width = 0; /* terms of the longest spelling, the parts' */
    size_t k;
    for (k = 0; k < t->n; k++) {
        if (!(t->v[k].flags & DL_TOK_JOINED))
            width++;
    }
    while (nsp > 0 && (width << nsp) > SPELLINGS_TERMS_MAX)
        nsp--;
    return nsp;
}

/* The tokens of one spelling into idx (room for t->n), in order: span s
 * is joined when bit s of mask is set, else its parts; the other joined
 * forms are left out.  Returns how many. */
static size_t
spelling(const struct toks *t, const struct span *sp, size_t nsp, unsigned mask,
         size_t *idx)
{
    size_t k = 0;
    size_t s = 0;
    size_t m = 0;
    while (k < t->n) {
        if (s < nsp && k == sp[s].first) {
            if (mask & (1u << s)) {
                idx[m++] = sp[s].joined;
                k = sp[s].joined + sp[s].n; /* past its last part */
                s++;
                continue;
            }
            s++;
        }
        if (!(t->v[k].flags & DL_TOK_JOINED))
            idx[m++] = k;
        k++;
    }
    return m;
}

/* ---- building queries -------------------------------------------------- */

static dl_status
count_term(struct ps *ps, size_t pos)
{
    char msg[96];
    if (++ps->nterms <= ps->o->max_terms)
        return DL_OK;
    snprintf(msg, sizeof msg, "too many terms in the query (the cap is %u)",
             ps->o->max_terms);
    return fail(ps, DL_EQUERY, pos, msg);
}

/* A term query for prefix + text. */
static dl_status
term_query(struct ps *ps, const char *prefix, const char *text, size_t len,
           size_t pos, dl_query **out)
{
    dl_buf b = DL_BUF_INIT;
    dl_status rc;
    *out = NULL;
    rc = count_term(ps, pos);
    if (rc != DL_OK)
        return rc;
    if (dl_schema_term(&b, prefix, text, len) != DL_OK)
        return nomem(ps);
    rc = dl_query_term(b.data, b.len, 1, ++ps->qpos, out, ps->err);
    dl_buf_free(&b);
    if (rc != DL_OK)
        ps->errpos = pos;
    return rc;
}

static dl_status
combine(struct ps *ps, dl_qop op, dl_query **v, size_t n, unsigned window,
        dl_query **out)
{
    dl_status rc;
    /* v stays the caller's; with one subquery Xapian hands back that
     * subquery itself, so no operator node is added. */
    rc = dl_query_combine(op, v, n, window, out, ps->err);
    if (rc != DL_OK)
        ps->errpos = ps->i;
    return rc;
}

static void
free_queries(dl_query **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dl_query_free(v[i]);
}

/* Stem term with every index language into ps->stems, unless it holds
 * that word already.  DL_OK or DL_ENOMEM. */
static dl_status
stems_of(struct ps *ps, const char *term, size_t len)
{
    struct stem_set *c = &ps->stems;
    size_t l;
    if (c->word_len == len && len > 0 && memcmp(c->text.data, term, len) == 0)
        return DL_OK;
    c->word_len = 0;
    dl_buf_reset(&c->text);
    if (dl_buf_append(&c->text, term, len) != DL_OK ||
        dl_buf_putc(&c->text, '\0') != DL_OK)
        return nomem(ps);
    for (l = 0; l < ps->p->n_langs; l++) {
        const char *st;
        size_t stn;
        c->off[l] = c->text.len;
        c->len[l] = 0;
        if (dl_stemmer_stem(ps->p->stem[l], term, len, &st, &stn, NULL) !=
                DL_OK ||
            stn == 0)
            continue;
        if (dl_buf_append(&c->text, st, stn) != DL_OK ||
            dl_buf_putc(&c->text, '\0') != DL_OK)
            return nomem(ps);
        c->len[l] = stn;
    }
    c->word_len = len;
    return DL_OK;
}

/* Record a positive word for highlighting and suggestions. */
static dl_status
add_word(struct ps *ps, const char *term, size_t len, bool wildcard, bool plain,
         size_t qstart, size_t qend)
{
    struct dl_qparsed *r = ps->res;
    struct dl_qword *w;
    struct dl_qword *v;
    size_t l;
    if (ps->neg > 0)
        return DL_OK;
    v = dl_realloc(r->words, (r->n_words + 1) * sizeof *v);
    if (v == NULL)
        return nomem(ps);
    r->words = v;
    w = &v[r->n_words];
    memset(w, 0, sizeof *w);
    w->term = dl_strndup(term, len);
    if (w->term == NULL)
        return nomem(ps);
    r->n_words++;
    w->wildcard = wildcard;
    w->plain = plain;
    w->qstart = qstart;
    w->qend = qend;
    if (wildcard)
        return DL_OK;
    w->stems = dl_calloc(ps->p->n_langs + 1, sizeof *w->stems);
    if (w->stems == NULL || stems_of(ps, term, len) != DL_OK)
        return nomem(ps);
    for (l = 0; l < ps->p->n_langs; l++) {
        const char *st = ps->stems.text.data + ps->stems.off[l];
        size_t stn = ps->stems.len[l];
        {
            dl_buf b = DL_BUF_INIT;
            if (dl_buf_printf(&b, "%s:", ps->p->code[l]) != DL_OK ||
                dl_buf_append(&b, st, stn) != DL_OK) {
                dl_buf_free(&b);
                return nomem(ps);
            }
            w->stems[w->n_stems++] = dl_buf_steal(&b, NULL);
            if (w->stems[w->n_stems - 1] == NULL) {
                w->n_stems--;
                dl_buf_free(&b);
                return nomem(ps);
            }
        }
    }
    return DL_OK;
}

/* Record one positive phrase: the terms of tokens idx[0..m). */
static dl_status
add_phrase(struct ps *ps, const struct toks *t, const size_t *idx, size_t m)
{
    struct dl_qparsed *r = ps->res;
    struct dl_qphrase *v;
    struct dl_qphrase *ph;
    size_t k;
    v = dl_realloc(r->phrases, (r->n_phrases + 1) * sizeof *v);
    if (v == NULL)
        return nomem(ps);
    r->phrases = v;
    ph = &v[r->n_phrases];
    ph->n = 0;
    ph->terms = dl_calloc(m, sizeof *ph->terms);
    if (ph->terms == NULL)
        return nomem(ps);
    r->n_phrases++;
    for (k = 0; k < m; k++) {
        ph->terms[ph->n] = dl_strndup(tk_term(t, idx[k]), t->v[idx[k]].len);
        if (ph->terms[ph->n] == NULL)
            return nomem(ps);
        ph->n++;
    }
    return DL_OK;
}

/* Record every spelling of the positive phrase t for highlighting, so a
 * snippet marks "Nursultan" as well as "Nur-Sultan" for "Nur-Sultan". */
static dl_status
add_phrases(struct ps *ps, const struct toks *t)
{
    struct span sp[SPELLINGS_WORDS_MAX];
    size_t nsp = spelt_spans(t, sp);
    size_t *idx;
    unsigned mask;
    dl_status rc = DL_OK;
    if (ps->neg > 0)
        return DL_OK;
    idx = dl_calloc(t->n, sizeof *idx);
    if (idx == NULL)
        return nomem(ps);
    for (mask = 0; mask < (1u << nsp) && rc == DL_OK; mask++)
        rc = add_phrase(ps, t, idx, spelling(t, sp, nsp, mask, idx));
    dl_free(idx);
    return rc;
}

/* A plain word: SYNONYM of Z + the stem each of the index's stemmed
 * languages makes of it, Z + the word itself when the index holds
 * languages without a stemmer (the indexer gives their articles their
 * words as Z terms), and the raw word.  The Z terms are exactly those the
 * indexer wrote for this word in every article, whatever its script, so
 * they alone find every article; the raw word only adds weight to the
 * exact form.  When no stemmer changes the word (oil, bank) its Z terms
 * hold nearly the same articles as the raw word, which is then left out:
 * that is Xapian's STEM_SOME shape and reads half the postings.  The raw
 * word stays when the Z terms may not reach every article (more languages
 * than the parser stems for; see dl_qparser_new) or a stem cannot be
 * made. */
static dl_status
stemmed_query(struct ps *ps, const char *term, size_t len, size_t pos,
              dl_query **out)
{
    const dl_qparser *p = ps->p;
    dl_query *v[MAX_LANGS + 2];
    dl_buf made[MAX_LANGS + 1];
    size_t n = 0;
    size_t l;
    size_t k;
    unsigned qpos;
    bool raw = !p->stems_only;
    dl_status rc;

    rc = count_term(ps, pos);
    if (rc != DL_OK)
        return rc;
    if (stems_of(ps, term, len) != DL_OK)
        return DL_ENOMEM;
    qpos = ++ps->qpos;
    for (l = 0; l <= p->n_langs; l++) {
        const char *st = term;
        size_t stn = len;
        bool dup = false;
        dl_buf_init(&made[n]);
        if (l == p->n_langs) {
            if (!p->has_plain)
                break; /* (the word as its own stem comes last) */
        } else if (ps->stems.len[l] == 0) {
            raw = true; /* the indexer wrote no Z term either */
            continue;
        } else {
            st = ps->stems.text.data + ps->stems.off[l];
            stn = ps->stems.len[l];
        }
        if (dl_schema_term(&made[n], DL_PREFIX_STEM, st, stn) != DL_OK) {
            dl_buf_free(&made[n]);
            rc = nomem(ps);
            break;
        }
        for (k = 0; k < n && !dup; k++)
            dup = made[k].len == made[n].len &&
                  memcmp(made[k].data, made[n].data, made[n].len) == 0;
        if (dup) {
            dl_buf_free(&made[n]);
            continue;
        }
        rc = dl_query_term(made[n].data, made[n].len, 1, qpos, &v[n], ps->err);
        n++;
        if (rc != DL_OK) {
            n--;
            dl_buf_free(&made[n]);
            break;
        }
    }
    for (k = 0; k < n; k++)
        dl_buf_free(&made[k]);
    if (n == 0)
        raw = true; /* an index without languages: the word, not nothing */
    for (l = 0; l < p->n_langs && !raw; l++) {
        /* The stemmer of a language with a real share of the articles
         * changed the word: the raw term lets the exact form outrank the
         * other forms of its stem there (docs/ranking.md).  A language of
         * a handful of articles (often misdetected tables) is not worth
         * reading the raw postings for. */
        raw = p->weighs[l] &&
              (ps->stems.len[l] != len ||
               memcmp(ps->stems.text.data + ps->stems.off[l], term, len) != 0);
    }
    if (rc == DL_OK && raw) {
        dl_buf b = DL_BUF_INIT;
        if (dl_schema_term(&b, "", term, len) != DL_OK)
            rc = nomem(ps);
        else
            rc = dl_query_term(b.data, b.len, 1, qpos, &v[n], ps->err);
        dl_buf_free(&b);
        if (rc == DL_OK)
            n++;
    }
    if (rc == DL_OK)
        rc = combine(ps, DL_QOP_SYNONYM, v, n, 0, out);
    else
        ps->errpos = pos;
    free_queries(v, n);
    return rc;
}

/* The query for the tokens of t: op (PHRASE, NEAR or AND) over the terms
 * of each spelling of t (see SPELLINGS_WORDS_MAX), ORed.  q[k] is token
 * k's term query (borrowed).  near: NEAR's distance; each spelling's
 * window adds its own number of terms (Xapian's window counts them). */
static dl_status
spellings_query(struct ps *ps, const struct toks *t, dl_query *const *q,
                dl_qop op, unsigned near, dl_query **out)
{
    struct span sp[SPELLINGS_WORDS_MAX];
    size_t nsp = spelt_spans(t, sp);
    dl_query *alts[1u << SPELLINGS_WORDS_MAX];
    dl_query **subs = dl_calloc(t->n, sizeof *subs);
    size_t *idx = dl_calloc(t->n, sizeof *idx);
    size_t na = 0;
    size_t k;
    unsigned mask;
    dl_status rc = DL_OK;

    *out = NULL;
    if (subs == NULL || idx == NULL)
        rc = nomem(ps);
    for (mask = 0; mask < (1u << nsp) && rc == DL_OK; mask++) {
        size_t m = spelling(t, sp, nsp, mask, idx);
        for (k = 0; k < m; k++)
            subs[k] = q[idx[k]];
        rc = combine(ps, op, subs, m,
                     op == DL_QOP_NEAR ? near + (unsigned)m : 0, &alts[na]);
        if (rc == DL_OK)
            na++;
    }
    if (rc == DL_OK)
        rc = combine(ps, DL_QOP_OR, alts, na, 0, out);
    free_queries(alts, na);
    dl_free(subs);
    dl_free(idx);
    return rc;
}

/* The query for the tokens of one word or quoted phrase: one token is a
 * term (with its stems when stem is set and there is no prefix), several
 * are a PHRASE of each spelling (spellings_query).  prefix: the field's
 * term prefix; and_parts: join the terms with AND instead (author:,
 * source:, whose terms carry no positions). */
static dl_status
tokens_query(struct ps *ps, const struct toks *t, const char *prefix, bool stem,
             bool and_parts, size_t pos, dl_query **out)
{
    dl_query **q;
    size_t k;
    dl_status rc = DL_OK;

    *out = NULL;
    /* A single plain word: the stemmed synonym group. */
    if (t->n == 1 && stem && *prefix == '\0' &&
        (t->v[0].flags & (DL_TOK_CJK | DL_TOK_NUMERIC | DL_TOK_JOINED)) == 0)
        return stemmed_query(ps, tk_term(t, 0), t->v[0].len, pos, out);
    q = dl_calloc(t->n, sizeof *q);
    if (q == NULL)
        return nomem(ps);
    for (k = 0; k < t->n && rc == DL_OK; k++)
        rc = term_query(ps, prefix, tk_term(t, k), t->v[k].len, pos, &q[k]);
    if (rc == DL_OK && t->n == 1) {
        *out = q[0];
        q[0] = NULL;
    } else if (rc == DL_OK) {
        rc = spellings_query(ps, t, q, and_parts ? DL_QOP_AND : DL_QOP_PHRASE,
                             0, out);
    }
    free_queries(q, t->n);
    dl_free(q);
    return rc;
}

/* Record the tokens of a positive word or phrase for highlighting. */
static dl_status
note_tokens(struct ps *ps, const struct toks *t, bool quoted, size_t qstart,
            size_t qend)
{
    size_t k;
    size_t parts = 0;
    dl_status rc;
    for (k = 0; k < t->n; k++) {
        if (!(t->v[k].flags & DL_TOK_JOINED))
            parts++;
    }
    if (parts > 1)
        return add_phrases(ps, t);
    for (k = 0; k < t->n; k++) {
        bool plain = !quoted && t->n == 1 &&
                     (t->v[k].flags & (DL_TOK_CJK | DL_TOK_NUMERIC)) == 0;
        rc = add_word(ps, tk_term(t, k), t->v[k].len, false, plain, qstart,
                      qend);
        if (rc != DL_OK)
            return rc;
    }
    return DL_OK;
}

static const char *
field_prefix(enum field f)
{
    switch (f) {
    case F_TITLE:
        return DL_PREFIX_TITLE;
    case F_SOURCE:
        return DL_PREFIX_SOURCE;
    case F_AUTHOR:
        return DL_PREFIX_AUTHOR;
    case F_LANG:
        return DL_PREFIX_LANG;
    default:
        return "";
    }
}

/* A word (not quoted): s[start..end), wildcard when it ended with '*'. */
static dl_status
word_node(struct ps *ps, enum field f, size_t start, size_t end, bool wildcard,
          struct node *out)
{
    struct toks t;
    dl_status rc;
    const char *prefix = field_prefix(f);

    out->q = NULL;
    out->filter = f == F_SOURCE || f == F_AUTHOR;
    rc = tokenize(ps, ps->s + start, end - start, start, &t);
    if (rc != DL_OK)
        return rc;
    if (wildcard) {
        dl_buf b = DL_BUF_INIT;
        const struct tk *last = NULL;
        size_t k;
        for (k = 0; k < t.n; k++) {
            if (!(t.v[k].flags & DL_TOK_JOINED))
                last = &t.v[k];
        }
        if (last == NULL) {
            toks_free(&t);
            return fail(ps, DL_EQUERY, end,
                        "a wildcard needs letters before '*'");
        }
        rc = count_term(ps, start);
        if (rc == DL_OK && dl_schema_term(&b, prefix, t.text.data + last->off,
                                          last->len) != DL_OK)
            rc = nomem(ps);
        if (rc == DL_OK)
            rc = dl_query_wildcard(b.data, b.len, ps->o->max_expansion, &out->q,
                                   ps->err);
        if (rc == DL_OK && f != F_SOURCE && f != F_AUTHOR)
            rc = add_word(ps, t.text.data + last->off, last->len, true, false,
                          start, end);
        dl_buf_free(&b);
        ps->res->has_wildcard = true;
        toks_free(&t);
        return rc;
    }
    if (t.n == 0) {
        toks_free(&t);
        return DL_OK;
    }
    rc = tokens_query(ps, &t, prefix, f == F_NONE,
                      f == F_SOURCE || f == F_AUTHOR, start, &out->q);
    if (rc == DL_OK && (f == F_NONE || f == F_TITLE))
        rc = note_tokens(ps, &t, f != F_NONE, start, end);
    toks_free(&t);
    return rc;
}

/* A quoted phrase: content s[start..end). */
static dl_status
phrase_node(struct ps *ps, enum field f, size_t start, size_t end,
            struct node *out)
{
    struct toks t;
    dl_status rc;
    out->q = NULL;
    out->filter = f == F_SOURCE || f == F_AUTHOR;
    rc = tokenize(ps, ps->s + start, end - start, start, &t);
    if (rc != DL_OK)
        return rc;
    if (t.n > 0) {
        rc = tokens_query(ps, &t, field_prefix(f), false,
                          f == F_SOURCE || f == F_AUTHOR, start, &out->q);
        if (rc == DL_OK && (f == F_NONE || f == F_TITLE))
            rc = note_tokens(ps, &t, true, start, end);
    }
    toks_free(&t);
    return rc;
}

/* One end of a date range, "YYYY[-MM[-DD]]", as YYYYMMDD: the first day
 * of the period (hi false) or the last (hi true). */
static bool
date_end(const char *s, size_t n, bool hi, char out[9])
{
    struct dl_date d;
    if (n == 0 || !dl_date_parse(s, n, &d) || d.year < 1000 || d.year > 9999)
        return false;
    if (d.month == 0) {
        snprintf(out, 9, "%04d%s", d.year, hi ? "1231" : "0101");
    } else if (d.day == 0) {
        /* "31" for any month: the slot compares bytes, so YYYYMM31 is at
         * or after every real day of the month. */
        snprintf(out, 9, "%04d%02d%s", d.year, d.month, hi ? "31" : "01");
    } else {
        snprintf(out, 9, "%04d%02d%02d", d.year, d.month, d.day);
    }
    return true;
}

/* date_filter_term - into *out, the date term of prefix + the first n
 * digits of date8 (Y 4, M 6, D 8), filtered to the articles whose date
 * value is exactly date8 when exact is set. */
static dl_status
date_filter_term(const char *prefix, const char date8[9], size_t n, bool exact,
                 dl_query **out, dl_err *err)
{
    char term[16];
    dl_query *pair[2] = {NULL, NULL};
    dl_status rc;

    snprintf(term, sizeof term, "%s%.*s", prefix, (int)n, date8);
    rc = dl_query_term(term, strlen(term), 1, 0, &pair[0], err);
    if (rc == DL_OK && exact)
        rc = dl_query_value_range(DL_SLOT_DATE, date8, date8, &pair[1], err);
    if (rc == DL_OK && exact)
        rc = dl_query_combine(DL_QOP_FILTER, pair, 2, 0, out, err);
    else if (rc == DL_OK) {
        *out = pair[0];
        pair[0] = NULL;
    }
    dl_query_free(pair[0]);
    dl_query_free(pair[1]);
    return rc;
}

/* Whether the month (prefix M, digits 6) or year (Y, 4) of date8 may
 * have articles dated only to it: the oracle's answer, or yes. */
static bool
may_have_coarse_dates(const dl_qparser *p, const char *prefix,
                      const char *date8, size_t digits)
{
    char d[9];
    if (p->dates.coarse == NULL)
        return true;
    memcpy(d, date8, digits);
    d[digits] = '\0';
    return p->dates.coarse(p->dates.ctx, prefix, d);
}

/* date_terms_query - the articles dated lo..hi (YYYYMMDD, both ends
 * included) from the Y, M and D terms (dl_schema.h) instead of the date
 * value: whole years, months and days of the range are a posting list
 * each, which reads only the articles of the range where OP_VALUE_RANGE
 * checks the date of every article (the Reuters query mix: 0.5 ms a
 * date-filtered search against 0.16-0.31).  The set is exactly the value
 * range's: an article dated only to a month or a year has the value of its
 * first day (dl_date_format) and no finer term, so where the range holds
 * that first day without holding the whole month or year (a range ending
 * early in a month, a January without its year), the month's or year's
 * term is added, narrowed by the value to that day.  Narrowed so, a
 * month's or year's term still has the value of every article of that
 * month or year checked ("bank date:1987-01..1987-04-15" on Reuters, in
 * Xapian alone: 0.97 ms with April's, 0.42 without, 0.63 by the value
 * alone), so it is added only when the parser's oracle
 * (dl_qparser_set_date_oracle) says that month or year has articles dated
 * no finer; without an oracle, always.  DL_EINVAL when the range needs more
 * than DATE_PIECES_MAX terms (1900..2020): the caller uses the value. */
#define DATE_PIECES_MAX 64
static dl_status
date_terms_query(const dl_qparser *p, const char lo[9], const char hi[9],
                 dl_query **out, dl_err *err)
{
    struct dl_date_piece pc[DATE_PIECES_MAX];
    /* each piece gives its term and at most two first-day terms */
    dl_query *v[3 * DATE_PIECES_MAX];
    size_t np = dl_date_range_pieces(lo, hi, pc, DATE_PIECES_MAX);
    size_t n = 0;
    size_t k;
    dl_status rc = DL_OK;

    *out = NULL;
    if (np > DATE_PIECES_MAX)
        return DL_EINVAL;
    for (k = 0; k < np && rc == DL_OK; k++) {
        struct dl_date d = {pc[k].year, pc[k].month, pc[k].day};
        const char *prefix = DL_PREFIX_DAY; /* the piece's own term */
        size_t digits = 8;
        char date8[9];
        dl_query *q = NULL;
        if (pc[k].month == 0) {
            prefix = DL_PREFIX_YEAR;
            digits = 4;
        } else if (pc[k].day == 0) {
            prefix = DL_PREFIX_MONTH;
            digits = 6;
        }
        dl_date_format(&d, date8);
        rc = date_filter_term(prefix, date8, digits, false, &q, err);
        if (rc == DL_OK)
            v[n++] = q;
        /* A piece that starts a month (a day 1) or a year (January)
         * without the whole of it being in the range: the articles dated
         * only to that month or year, whose value is this first day, join
         * here. */
        if (rc == DL_OK && pc[k].day == 1 &&
            may_have_coarse_dates(p, DL_PREFIX_MONTH, date8, 6)) {
            rc = date_filter_term(DL_PREFIX_MONTH, date8, 6, true, &q, err);
            if (rc == DL_OK)
                v[n++] = q;
        }
        if (rc == DL_OK && pc[k].month == 1 && pc[k].day <= 1 &&
            may_have_coarse_dates(p, DL_PREFIX_YEAR, date8, 4)) {
            rc = date_filter_term(DL_PREFIX_YEAR, date8, 4, true, &q, err);
            if (rc == DL_OK)
                v[n++] = q;
        }
    }
    if (rc == DL_OK && n == 0)
        rc = dl_query_match_nothing(out, err);
    else if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_OR, v, n, 0, out, err);
    free_queries(v, n);
    return rc;
}

static dl_status
date_node(struct ps *ps, size_t start, size_t end, struct node *out)
{
    const char *s = ps->s + start;
    size_t n = end - start;
    const char *dots = NULL;
    char lo[9];
    char hi[9];
    bool has_lo;
    bool has_hi;
    bool nothing = false;
    size_t k;
    dl_status rc;
    static const char bad[] =
        "date: takes YYYY, YYYY-MM, YYYY-MM-DD or a range such as "
        "2019..2020-06-30, ..2001 or 2020-11..";

    out->q = NULL;
    out->filter = true;
    for (k = 0; k + 1 < n; k++) {
        if (s[k] == '.' && s[k + 1] == '.') {
            dots = s + k;
            break;
        }
    }
    if (dots == NULL) {
        has_lo = date_end(s, n, false, lo);
        has_hi = has_lo && date_end(s, n, true, hi);
        if (!has_lo)
            return fail(ps, DL_EQUERY, start, bad);
    } else {
        size_t ln = (size_t)(dots - s);
        const char *r = dots + 2;
        size_t rn = n - ln - 2;
        if (ln == 0 && rn == 0)
            return fail(ps, DL_EQUERY, start, bad);
        has_lo = ln > 0;
        has_hi = rn > 0;
        if (has_lo && !date_end(s, ln, false, lo))
            return fail(ps, DL_EQUERY, start, bad);
        if (has_hi && !date_end(r, rn, true, hi))
            return fail(ps, DL_EQUERY, start + ln + 2, bad);
        if (has_lo && has_hi && strcmp(lo, hi) > 0)
            return fail(ps, DL_EQUERY, start,
                        "date: range ends before it starts");
    }
    rc = count_term(ps, start);
    if (rc != DL_OK)
        return rc;
    /* An open end is the index's first or last date: no article lies
     * beyond it, and a closed range can be read from the date terms.  That
     * pays where the range holds a small part of the index's dates; for
     * most of them the value check costs less than the terms of the many
     * days and months (Reuters, Feb-Oct 1987: "trade date:1987-10.." 0.50
     * -> 0.15 ms, "bank date:..1987-04-15" 0.57 -> 0.45, but "oil
     * date:1987-03.." 0.36 -> 0.40), so a range that spans half of the
     * index's days or more stays open, and so the value's. */
    if ((!has_lo || !has_hi) && ps->p->dates.bounds != NULL) {
        char first[9];
        char last[9];
        if (ps->p->dates.bounds(ps->p->dates.ctx, first, last) &&
            2 * (dl_date_day_number(has_hi ? hi : last) -
                 dl_date_day_number(has_lo ? lo : first)) <
                dl_date_day_number(last) - dl_date_day_number(first)) {
            if (!has_lo)
                memcpy(lo, first, sizeof lo);
            if (!has_hi)
                memcpy(hi, last, sizeof hi);
            has_lo = has_hi = true;
            /* past the last date or before the first */
            nothing = strcmp(lo, hi) > 0;
        }
    }
    if (nothing)
        rc = dl_query_match_nothing(&out->q, ps->err);
    else if (has_lo && has_hi)
        rc = date_terms_query(ps->p, lo, hi, &out->q, ps->err);
    else
        rc = DL_EINVAL;
    if (rc == DL_EINVAL) /* open or too long: the value's own range */
        rc = dl_query_value_range(DL_SLOT_DATE, has_lo ? lo : NULL,
                                  has_hi ? hi : NULL, &out->q, ps->err);
    if (rc != DL_OK)
        ps->errpos = start;
    return rc;
}

static dl_status
lang_node(struct ps *ps, size_t start, size_t end, struct node *out)
{
    const char *code = dl_lang_canonical(ps->s + start, end - start);
    char low[8];
    size_t k;
    out->q = NULL;
    out->filter = true;
    if (code == NULL) {
        /* A code Dateline does not know may still be in the index
         * ("und", or declared by the articles): accept short ASCII. */
        if (end - start < 2 || end - start > 3)
            return fail(ps, DL_EQUERY, start,
                        "lang: takes a language code such as en, ru, kk");
        for (k = 0; k < end - start; k++) {
            char c = ps->s[start + k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c < 'a' || c > 'z')
                return fail(ps, DL_EQUERY, start,
                            "lang: takes a language code such as en, ru, kk");
            low[k] = c;
        }
        low[k] = '\0';
        code = low;
    }
    return term_query(ps, DL_PREFIX_LANG, code, strlen(code), start, &out->q);
}

static dl_status
field_node(struct ps *ps, const struct tok *ft, struct node *out)
{
    size_t i = ft->next;
    size_t e;
    size_t q;
    bool wild = false;
    char msg[64];

    out->q = NULL;
    out->filter = false;
    snprintf(msg, sizeof msg, "%.*s: needs a value right after the colon",
             (int)(ft->end - ft->start), ps->s + ft->start);
    if (i >= ps->n || space_at(ps->s, ps->n, i) > 0 || ps->s[i] == '(' ||
        ps->s[i] == ')')
        return fail(ps, DL_EQUERY, ft->pos, msg);
    q = quote_at(ps->s, ps->n, i);
    if (q > 0) {
        struct tok pt;
        lex(ps, i, &pt);
        ps->i = pt.next;
        if (ft->field == F_DATE)
            return date_node(ps, pt.start, pt.end, out);
        if (ft->field == F_LANG)
            return lang_node(ps, pt.start, pt.end, out);
        return phrase_node(ps, ft->field, pt.start, pt.end, out);
    }
    for (e = i; e < ps->n && !word_stop(ps->s, ps->n, e); e++)
        ;
    ps->i = e;
    if (ft->field == F_DATE)
        return date_node(ps, i, e, out);
    if (ft->field == F_LANG)
        return lang_node(ps, i, e, out);
    while (e > i && ps->s[e - 1] == '*') {
        e--;
        wild = true;
    }
    return word_node(ps, ft->field, i, e, wild, out);
}

/* ---- the parser -------------------------------------------------------- */

static dl_status parse_or(struct ps *ps, struct node *out);

static dl_status
bad_token(struct ps *ps, const struct tok *t)
{
    switch (t->type) {
    case T_BAD:
        return fail(ps, DL_EQUERY, t->pos,
                    "NEAR/n takes a number of words from 0 to 1000");
    case T_RPAREN:
        return fail(ps, DL_EQUERY, t->pos, "unmatched ')'");
    case T_AND:
        return fail(ps, DL_EQUERY, t->pos, "AND needs a word on each side");
    case T_OR:
        return fail(ps, DL_EQUERY, t->pos, "OR needs a word on each side");
    case T_NOT:
        return fail(ps, DL_EQUERY, t->pos, "NOT needs a word after it");
    case T_NEAR:
        return fail(ps, DL_EQUERY, t->pos, "NEAR needs a word on each side");
    default:
        return fail(ps, DL_EQUERY, t->pos, "unexpected text");
    }
}

static dl_status parse_primary1(struct ps *ps, struct node *out);

/* A failed primary leaves nothing behind for its callers to free. */
static dl_status
parse_primary(struct ps *ps, struct node *out)
{
    dl_status rc = parse_primary1(ps, out);
    if (rc != DL_OK) {
        dl_query_free(out->q);
        out->q = NULL;
    }
    return rc;
}

static dl_status
parse_primary1(struct ps *ps, struct node *out)
{
    struct tok t;
    dl_status rc;
    char msg[80];

    out->q = NULL;
    out->filter = false;
    peek(ps, &t);
    switch (t.type) {
    case T_LPAREN:
        if (ps->depth >= ps->o->max_depth) {
            snprintf(msg, sizeof msg,
                     "brackets nested too deeply (the cap is %u)",
                     ps->o->max_depth);
            return fail(ps, DL_EQUERY, t.pos, msg);
        }
        ps->depth++;
        ps->i = t.next;
        rc = parse_or(ps, out);
        if (rc != DL_OK)
            return rc;
        ps->depth--;
        peek(ps, &t);
        if (t.type == T_RPAREN)
            ps->i = t.next;
        /* T_END: an unclosed '(' is closed at the end. */
        return DL_OK;
    case T_PHRASE:
        ps->i = t.next;
        return phrase_node(ps, F_NONE, t.start, t.end, out);
    case T_FIELD:
        return field_node(ps, &t, out);
    case T_WORD:
        ps->i = t.next;
        return word_node(ps, F_NONE, t.start, t.end, t.wildcard, out);
    default:
        return bad_token(ps, &t);
    }
}

/* A NEAR chain: terms of words and phrases, unstemmed (stems have no
 * positions), flattened into one OP_NEAR, one per spelling of its
 * hyphenated words (spellings_query). */
static dl_status
parse_near_chain(struct ps *ps, struct node *out)
{
    struct toks all; /* the tokens of every operand, v[k] the term of k */
    dl_query **v = NULL;
    unsigned dist = 0;
    size_t near_pos = (size_t)-1; /* the last NEAR, for messages */
    struct tok t;
    dl_status rc = DL_OK;
    size_t k;

    out->q = NULL;
    out->filter = false;
    memset(&all, 0, sizeof all);
    for (;;) {
        struct toks tt;
        peek(ps, &t);
        if (near_pos != (size_t)-1 &&
            (t.type == T_END || t.type == T_RPAREN || t.type == T_OR ||
             t.type == T_AND || t.type == T_NOT || t.type == T_NEAR)) {
            rc =
                fail(ps, DL_EQUERY, near_pos, "NEAR needs a word on each side");
            goto out;
        }
        if ((t.type != T_WORD && t.type != T_PHRASE) || t.wildcard) {
            rc =
                fail(ps, DL_EQUERY, t.pos, "NEAR joins plain words or phrases");
            goto out;
        }
        ps->i = t.next;
        rc = tokenize(ps, ps->s + t.start, t.end - t.start, t.start, &tt);
        if (rc != DL_OK)
            goto out;
        for (k = 0; k < tt.n && rc == DL_OK; k++) {
            const struct tk *x = &tt.v[k];
            dl_query **nv;
            if (tok_cb(&all, tk_term(&tt, k), x->len, x->start, x->end, x->pos,
                       x->flags) != 0) {
                rc = nomem(ps);
                break;
            }
            nv = dl_realloc(v, all.n * sizeof *nv);
            if (nv == NULL) {
                all.n--; /* v has no room for its term */
                rc = nomem(ps);
                break;
            }
            v = nv;
            v[all.n - 1] = NULL;
            rc = term_query(ps, "", tk_term(&tt, k), x->len, t.start,
                            &v[all.n - 1]);
        }
        if (rc == DL_OK)
            rc = note_tokens(ps, &tt, t.type == T_PHRASE, t.start, t.end);
        toks_free(&tt);
        if (rc != DL_OK)
            goto out;
        peek(ps, &t);
        if (t.type != T_NEAR)
            break;
        if (t.near > dist)
            dist = t.near;
        near_pos = t.pos;
        ps->i = t.next;
    }
    /* Xapian's window counts the terms themselves (as its QueryParser
     * does): NEAR/n allows n other words between them. */
    if (all.n == 1) {
        out->q = v[0];
        v[0] = NULL;
    } else if (all.n > 1) {
        rc = spellings_query(ps, &all, v, DL_QOP_NEAR, dist, &out->q);
    }
out:
    if (v != NULL)
        free_queries(v, all.n);
    dl_free(v);
    toks_free(&all);
    return rc;
}

/* Whether a[0..an) and b[0..bn) are the same word, ignoring ASCII case
 * (the tokenizer folds the rest the same way for both). */
static bool
same_word(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;
    if (an != bn)
        return false;
    for (i = 0; i < an; i++) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* In a flat match-any query (bare words and phrases only, all ORed) a
 * word said n times is one term whose weight is scaled by n: the ranking
 * of n copies (BM25 with k3 unbounded, the usual setting for long
 * queries), but one term against the term cap, so a long description
 * that repeats its key words is not refused.  Returns 0 when t repeats an
 * earlier bare word (leave it out), else the number of times it occurs. */
static unsigned
word_count(const struct ps *ps, const struct tok *t)
{
    struct tok u;
    size_t i = 0;
    unsigned n = 0;
    for (;;) {
        lex(ps, i, &u);
        if (u.type == T_END)
            break;
        if (u.type == T_WORD && !u.wildcard &&
            same_word(ps->s + u.start, u.end - u.start, ps->s + t->start,
                      t->end - t->start)) {
            if (u.start < t->start)
                return 0;
            n++;
        }
        i = u.next > i ? u.next : i + 1;
    }
    return n;
}

/* Whether t is a stopword to leave out here.  Only a bare optional word
 * goes: never a phrase, a field value, a wildcard, a NEAR operand or the
 * left side of AND (the caller has ruled out +word and -word). */
static bool
droppable(const struct ps *ps, const struct tok *t)
{
    struct tok t2;
    if (!ps->drop_stop || t->type != T_WORD || t->wildcard ||
        !is_stopword(ps->s + t->start, t->end - t->start))
        return false;
    lex(ps, t->next, &t2);
    return t2.type != T_AND;
}

/* unary := ('+'|'-')* primary, or the start of a NEAR chain. */
static dl_status
parse_unary(struct ps *ps, enum kind *kind, struct node *out)
{
    struct tok t;
    struct tok t2;
    bool sign = false;
    dl_status rc;

    out->q = NULL;
    out->filter = false;
    peek(ps, &t);
    while (t.type == T_PLUS || t.type == T_MINUS) {
        if (t.type == T_MINUS)
            *kind = K_EXCL;
        else if (*kind != K_EXCL)
            *kind = K_REQ;
        sign = true;
        ps->i = t.next;
        peek(ps, &t);
    }
    if ((t.type == T_WORD && !t.wildcard) || t.type == T_PHRASE) {
        lex(ps, t.next, &t2);
        if (t2.type == T_NEAR) {
            if (sign)
                return fail(ps, DL_EQUERY, t2.pos,
                            "NEAR joins plain words or phrases");
            return parse_near_chain(ps, out);
        }
    }
    if (!sign && *kind == K_PLAIN && droppable(ps, &t)) {
        ps->i = t.next;
        return DL_OK;
    }
    if (ps->merge_words && t.type == T_WORD && !t.wildcard) {
        unsigned n = word_count(ps, &t);
        if (n == 0) {
            ps->i = t.next;
            return DL_OK;
        }
        rc = parse_primary(ps, out);
        if (rc == DL_OK && n > 1 && out->q != NULL) {
            dl_query *sc = NULL;
            rc = dl_query_scale(out->q, (double)n, &sc, ps->err);
            dl_query_free(out->q);
            out->q = sc;
        }
        return rc;
    }
    if (*kind == K_EXCL)
        ps->neg++;
    rc = parse_primary(ps, out);
    if (*kind == K_EXCL)
        ps->neg--;
    if (rc != DL_OK)
        return rc;
    peek(ps, &t);
    if (t.type == T_NEAR) {
        dl_query_free(out->q);
        out->q = NULL;
        return fail(ps, DL_EQUERY, t.pos, "NEAR joins plain words or phrases");
    }
    return DL_OK;
}

static void
free_items(struct item *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dl_query_free(v[i].q);
    dl_free(v);
}

/* Join the items of one "and" level (see the header's grammar). */
static dl_status
join_items(struct ps *ps, struct item *items, size_t n, size_t pos,
           struct node *out)
{
    dl_query **pos_q = NULL;
    dl_query **req_q = NULL;
    dl_query **plain_q = NULL;
    dl_query **filt_q = NULL;
    dl_query **excl_q = NULL;
    size_t np = 0, nr = 0, npl = 0, nf = 0, nx = 0;
    dl_query *core = NULL;
    dl_query *tmp = NULL;
    dl_query *pair[2];
    size_t i;
    dl_status rc = DL_OK;
    bool any = ps->o->match_any;

    out->q = NULL;
    out->filter = false;
    pos_q = dl_calloc(n + 1, sizeof *pos_q);
    req_q = dl_calloc(n + 1, sizeof *req_q);
    plain_q = dl_calloc(n + 1, sizeof *plain_q);
    filt_q = dl_calloc(n + 1, sizeof *filt_q);
    excl_q = dl_calloc(n + 1, sizeof *excl_q);
    if (!pos_q || !req_q || !plain_q || !filt_q || !excl_q) {
        rc = nomem(ps);
        goto out;
    }
    for (i = 0; i < n; i++) {
        dl_query *q = items[i].q;
        if (q == NULL)
            continue;
        if (items[i].kind == K_EXCL)
            excl_q[nx++] = q;
        else if (items[i].filter)
            filt_q[nf++] = q;
        else {
            pos_q[np++] = q;
            if (items[i].kind == K_REQ)
                req_q[nr++] = q;
            else
                plain_q[npl++] = q;
        }
    }
    if (np > 0 && !any) {
        rc = combine(ps, DL_QOP_AND, pos_q, np, 0, &core);
    } else if (np > 0) {
        if (nr > 0)
            rc = dl_query_combine(DL_QOP_AND, req_q, nr, 0, &core, ps->err);
        if (rc == DL_OK && npl > 0) {
            rc = dl_query_combine(DL_QOP_OR, plain_q, npl, 0, &tmp, ps->err);
            if (rc == DL_OK && core != NULL) {
                pair[0] = core;
                pair[1] = tmp;
                rc = dl_query_combine(DL_QOP_AND_MAYBE, pair, 2, 0, &core,
                                      ps->err);
                dl_query_free(pair[0]);
                dl_query_free(tmp);
                tmp = NULL;
            } else if (rc == DL_OK) {
                core = tmp;
                tmp = NULL;
            }
        }
    }
    if (rc != DL_OK)
        goto out;
    if (nf > 0) {
        rc = dl_query_combine(DL_QOP_AND, filt_q, nf, 0, &tmp, ps->err);
        if (rc != DL_OK)
            goto out;
        if (core != NULL) {
            pair[0] = core;
            pair[1] = tmp;
            rc = dl_query_combine(DL_QOP_FILTER, pair, 2, 0, &core, ps->err);
            dl_query_free(pair[0]);
            dl_query_free(tmp);
            tmp = NULL;
            if (rc != DL_OK)
                goto out;
        } else {
            rc = dl_query_scale(tmp, 0, &core, ps->err);
            dl_query_free(tmp);
            tmp = NULL;
            if (rc != DL_OK)
                goto out;
            out->filter = true;
        }
    }
    if (nx > 0) {
        if (core == NULL) {
            rc = fail(ps, DL_EQUERY, pos,
                      "the query only excludes words: add a word to "
                      "search for");
            goto out;
        }
        {
            dl_query **v = dl_calloc(nx + 1, sizeof *v);
            if (v == NULL) {
                rc = nomem(ps);
                goto out;
            }
            v[0] = core;
            memcpy(v + 1, excl_q, nx * sizeof *v);
            rc = dl_query_combine(DL_QOP_AND_NOT, v, nx + 1, 0, &tmp, ps->err);
            dl_free(v);
            dl_query_free(core);
            core = tmp;
            tmp = NULL;
            if (rc != DL_OK)
                goto out;
        }
    }
    out->q = core;
    core = NULL;
out:
    if (rc != DL_OK)
        ps->errpos = ps->errpos ? ps->errpos : pos;
    dl_query_free(core);
    dl_query_free(tmp);
    dl_free(pos_q);
    dl_free(req_q);
    dl_free(plain_q);
    dl_free(filt_q);
    dl_free(excl_q);
    return rc;
}

static bool
ends_operand(enum tok_type ty)
{
    return ty == T_END || ty == T_RPAREN || ty == T_OR || ty == T_AND ||
           ty == T_NEAR;
}

static dl_status
parse_and(struct ps *ps, struct node *out)
{
    struct item *items = NULL;
    size_t n = 0;
    size_t cap = 0;
    enum kind next = K_PLAIN;
    bool explicit_op = false;
    struct tok t;
    size_t start;
    dl_status rc = DL_OK;

    out->q = NULL;
    out->filter = false;
    peek(ps, &t);
    start = t.pos;
    for (;;) {
        struct node nd;
        enum kind kind;
        peek(ps, &t);
        if (t.type == T_END || t.type == T_RPAREN || t.type == T_OR)
            break;
        if (t.type == T_AND) {
            struct tok t2;
            lex(ps, t.next, &t2);
            if (n == 0 || explicit_op || ends_operand(t2.type)) {
                rc = bad_token(ps, &t);
                goto out;
            }
            if (items[n - 1].kind == K_PLAIN)
                items[n - 1].kind = K_REQ;
            ps->i = t.next;
            next = K_REQ;
            explicit_op = true;
            continue;
        }
        if (t.type == T_NOT) {
            struct tok t2;
            lex(ps, t.next, &t2);
            if (ends_operand(t2.type) || t2.type == T_NOT) {
                rc = bad_token(ps, &t);
                goto out;
            }
            ps->i = t.next;
            next = K_EXCL;
            explicit_op = true;
            continue;
        }
        if (t.type == T_NEAR || t.type == T_BAD) {
            rc = bad_token(ps, &t);
            goto out;
        }
        kind = next;
        rc = parse_unary(ps, &kind, &nd);
        if (rc != DL_OK)
            goto out;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            struct item *nv = dl_realloc(items, nc * sizeof *nv);
            if (nv == NULL) {
                dl_query_free(nd.q);
                rc = nomem(ps);
                goto out;
            }
            items = nv;
            cap = nc;
        }
        if (nd.q != NULL && !nd.filter && kind == K_PLAIN && !explicit_op) {
            size_t k;
            for (k = 0; k < n; k++) {
                if (items[k].q != NULL && !items[k].filter &&
                    items[k].kind != K_EXCL) {
                    ps->implicit++;
                    break;
                }
            }
        }
        items[n].q = nd.q;
        items[n].filter = nd.filter;
        items[n].kind = kind;
        items[n].pos = t.pos;
        n++;
        next = K_PLAIN;
        explicit_op = false;
    }
    rc = join_items(ps, items, n, start, out);
out:
    free_items(items, n);
    return rc;
}

static dl_status
parse_or(struct ps *ps, struct node *out)
{
    dl_query **v = NULL;
    size_t n = 0;
    size_t cap = 0;
    bool all_filter = true;
    struct tok t;
    dl_status rc = DL_OK;

    out->q = NULL;
    out->filter = false;
    peek(ps, &t);
    if (t.type == T_OR) {
        rc = bad_token(ps, &t);
        goto out;
    }
    for (;;) {
        struct node nd;
        rc = parse_and(ps, &nd);
        if (rc != DL_OK)
            goto out;
        if (nd.q != NULL) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 4;
                dl_query **nv = dl_realloc(v, nc * sizeof *nv);
                if (nv == NULL) {
                    dl_query_free(nd.q);
                    rc = nomem(ps);
                    goto out;
                }
                v = nv;
                cap = nc;
            }
            v[n++] = nd.q;
            all_filter = all_filter && nd.filter;
        }
        peek(ps, &t);
        if (t.type != T_OR)
            break;
        {
            struct tok t2;
            lex(ps, t.next, &t2);
            if (t2.type == T_END || t2.type == T_RPAREN || t2.type == T_OR ||
                t2.type == T_AND || t2.type == T_NEAR) {
                rc = bad_token(ps, &t);
                goto out;
            }
        }
        ps->i = t.next;
    }
    if (n > 0) {
        rc = combine(ps, DL_QOP_OR, v, n, 0, &out->q);
        out->filter = all_filter;
    }
out:
    free_queries(v, n);
    dl_free(v);
    return rc;
}

/* Whether a match-any query is long enough to lose its stopwords: at
 * least STOP_MIN_WORDS bare words, one of them not a stopword (so "to be
 * or not to be" still finds something).  Short queries keep every word:
 * there a function word is more likely meant. */
static bool
stop_worth_dropping(const struct ps *ps, bool *flat)
{
    struct tok t;
    size_t i = 0;
    unsigned words = 0;
    bool content = false;
    *flat = true;
    for (;;) {
        lex(ps, i, &t);
        if (t.type == T_END)
            break;
        if (t.type == T_WORD && !t.wildcard) {
            words++;
            if (!is_stopword(ps->s + t.start, t.end - t.start))
                content = true;
        } else if (t.type != T_PHRASE) {
            *flat = false;
        }
        /* A phrase's inside is one token here: it is never dropped. */
        i = t.next > i ? t.next : i + 1;
    }
    return content && words >= STOP_MIN_WORDS;
}

/* Reject what must not reach the tokenizer: invalid UTF-8 and control
 * characters other than the whitespace ones. */
static dl_status
check_text(struct ps *ps)
{
    size_t i = 0;
    char msg[96];
    while (i < ps->n) {
        long cp;
        size_t k = decode(ps->s + i, ps->n - i, &cp);
        if (k == 0)
            return fail(ps, DL_EINVAL, i, "invalid UTF-8 in the query");
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' &&
             cp != '\f' && cp != '\v') ||
            (cp >= 0x7F && cp < 0xA0)) {
            snprintf(msg, sizeof msg, "control character U+%04lX in the query",
                     cp);
            return fail(ps, DL_EINVAL, i, msg);
        }
        i += k;
    }
    return DL_OK;
}

/* ---- public ------------------------------------------------------------ */

void
dl_qparse_opts_init(struct dl_qparse_opts *o)
{
    memset(o, 0, sizeof *o);
    o->match_any = false;
    o->max_bytes = DL_QUERY_MAX_BYTES;
    o->max_terms = DL_QUERY_MAX_TERMS;
    o->max_depth = DL_QUERY_MAX_DEPTH;
    o->max_expansion = DL_QUERY_MAX_EXPANSION;
}

dl_status
dl_qparser_new(const char *langs, dl_qparser **out, dl_err *err)
{
    dl_qparser *p;
    const char *s = langs != NULL ? langs : "";
    unsigned long count[MAX_LANGS];
    unsigned long total = 0;
    bool counted = false;
    size_t l;
    *out = NULL;
    p = dl_calloc(1, sizeof *p);
    if (p == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    p->stems_only = true; /* the word-stems feature (query.h) */
    while (*s != '\0') {
        size_t whole = strcspn(s, ","); /* "code" or "code:articles" */
        size_t k = strcspn(s, ",:");    /* the code */
        unsigned long n = 0;
        char code[16];
        size_t j;
        bool dup = false;
        if (k < whole) {
            const char *d;
            for (d = s + k + 1; d < s + whole && *d >= '0' && *d <= '9'; d++)
                n = n < ULONG_MAX / 10 ? n * 10 + (unsigned long)(*d - '0')
                                       : ULONG_MAX;
            counted = true;
            total = n < ULONG_MAX - total ? total + n : ULONG_MAX;
        }
        if (k > 0 && k < sizeof code)
            memcpy(code, s, k);
        s += whole + (s[whole] == ',');
        if (k == 0 || k >= sizeof code) {
            /* No language with a stemmer has such a code. */
            p->has_plain = p->has_plain || k > 0;
            continue;
        }
        code[k] = '\0';
        for (j = 0; j < p->n_langs && !dup; j++) {
            dup = strcmp(p->code[j], code) == 0;
            if (dup)
                count[j] += n;
        }
        /* The indexer stems an article when dl_lang_has_stemmer(its L
         * code); the same test here keeps both sides in step.  Languages
         * without a stemmer are sorted out before asking Xapian, whose "no
         * such stemmer" is an exception: costly on every CGI start. */
        if (dup) {
            continue;
        } else if (!dl_lang_has_stemmer(code)) {
            p->has_plain = true;
        } else if (p->n_langs == MAX_LANGS) {
            p->stems_only = false;
        } else {
            dl_status rc = dl_stemmer_new(code, &p->stem[p->n_langs], NULL);
            if (rc == DL_ENOMEM) {
                dl_qparser_free(p);
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            }
            if (rc != DL_OK) {
                /* (Cannot happen: dl_lang_has_stemmer said it exists.) */
                p->stems_only = false;
                continue;
            }
            snprintf(p->code[p->n_langs], sizeof p->code[0], "%s", code);
            count[p->n_langs] = n;
            p->n_langs++;
        }
    }
    for (l = 0; l < p->n_langs; l++)
        p->weighs[l] = !counted || count[l] >= total / 100;
    *out = p;
    return DL_OK;
}

void
dl_qparser_set_date_oracle(dl_qparser *p, const struct dl_date_oracle *o)
{
    if (o != NULL)
        p->dates = *o;
    else
        memset(&p->dates, 0, sizeof p->dates);
}

void
dl_qparser_free(dl_qparser *p)
{
    size_t i;
    if (p == NULL)
        return;
    for (i = 0; i < p->n_langs; i++)
        dl_stemmer_free(p->stem[i]);
    dl_free(p);
}

dl_status
dl_qparser_stem(dl_qparser *p, const char *lang, const char *term, size_t len,
                const char **out, size_t *out_len)
{
    size_t i;
    for (i = 0; i < p->n_langs; i++) {
        if (strcmp(p->code[i], lang) == 0)
            return dl_stemmer_stem(p->stem[i], term, len, out, out_len, NULL);
    }
    if (!dl_lang_has_stemmer(lang)) {
        /* The indexer gives such articles their words as Z terms. */
        *out = term;
        *out_len = len;
        return DL_OK;
    }
    return DL_ENOENT;
}

void
dl_qparsed_free(struct dl_qparsed *q)
{
    size_t i;
    size_t k;
    if (q == NULL)
        return;
    dl_query_free(q->query);
    for (i = 0; i < q->n_words; i++) {
        dl_free(q->words[i].term);
        for (k = 0; k < q->words[i].n_stems; k++)
            dl_free(q->words[i].stems[k]);
        dl_free(q->words[i].stems);
    }
    dl_free(q->words);
    for (i = 0; i < q->n_phrases; i++) {
        for (k = 0; k < q->phrases[i].n; k++)
            dl_free(q->phrases[i].terms[k]);
        dl_free(q->phrases[i].terms);
    }
    dl_free(q->phrases);
    dl_free(q);
}

dl_status
dl_qparser_parse(dl_qparser *p, const char *text, size_t len,
                 const struct dl_qparse_opts *o, struct dl_qparsed **out,
                 size_t *errpos, dl_err *err)
{
    struct dl_qparse_opts defaults;
    struct ps ps;
    struct node nd = {NULL, false};
    struct tok t;
    dl_status rc;
    char msg[96];

    *out = NULL;
    if (errpos != NULL)
        *errpos = 0;
    if (o == NULL) {
        dl_qparse_opts_init(&defaults);
        o = &defaults;
    }
    memset(&ps, 0, sizeof ps);
    ps.p = p;
    ps.o = o;
    ps.s = text;
    ps.n = len;
    ps.err = err;
    if (len > o->max_bytes) {
        snprintf(msg, sizeof msg,
                 "the query is too long: %zu bytes (the cap is %zu)", len,
                 o->max_bytes);
        rc = fail(&ps, DL_EQUERY, o->max_bytes, msg);
        goto out;
    }
    rc = check_text(&ps);
    if (rc != DL_OK)
        goto out;
    ps.res = dl_calloc(1, sizeof *ps.res);
    if (ps.res == NULL) {
        rc = nomem(&ps);
        goto out;
    }
    if (o->match_any) {
        bool flat;
        ps.drop_stop = stop_worth_dropping(&ps, &flat);
        ps.merge_words = flat;
    }
    rc = parse_or(&ps, &nd);
    if (rc != DL_OK)
        goto out;
    peek(&ps, &t);
    if (t.type != T_END) {
        rc = bad_token(&ps, &t);
        goto out;
    }
    if (nd.q == NULL) {
        ps.res->empty = true;
        rc = dl_query_match_nothing(&nd.q, err);
        if (rc != DL_OK)
            goto out;
    }
    ps.res->query = nd.q;
    nd.q = NULL;
    ps.res->used_default_and = !o->match_any && ps.implicit > 0;
    *out = ps.res;
    ps.res = NULL;
out:
    dl_query_free(nd.q);
    dl_qparsed_free(ps.res);
    dl_buf_free(&ps.stems.text);
    if (rc != DL_OK && errpos != NULL)
        *errpos = ps.errpos;
    return rc;
}
