/* query_terms.c - the query parser's terms: from a word, phrase or field
 * value to the query of the terms the indexer wrote for it.
 *
 * Every word goes through the shared tokenizer (dl_tokenize), so it meets
 * the terms the indexer wrote; a plain word becomes the SYNONYM of its
 * stems in the index's languages (stemmed_query), a word of several
 * tokens a phrase of them, spelt each way a hyphenated name is written
 * (the spellings, below).  The positive words and phrases are recorded in
 * the parse result for highlighting and suggestions.  Also here: the
 * stopwords a long match-any query leaves out, the term cap, and the
 * terms of NEAR chains and of lang: values.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_lang.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "dl_xscript.h"
#include "query_int.h"

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

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether s[0..n) is a stopword: ASCII letters only, compared in lower
 * case, except that a word of two or more capitals is a name. */
bool
dl_query_is_stopword(const char *s, size_t n)
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

/* ---- tokenizing words -------------------------------------------------- */

static int
word_tokens_add(void *ctx, const char *term, size_t len, size_t start,
                size_t end, unsigned pos, unsigned flags)
{
    struct word_tokens *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        struct word_token *v = dl_realloc(t->v, cap * sizeof *v);
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
word_tokens_free(struct word_tokens *t)
{
    dl_buf_free(&t->text);
    dl_free(t->v);
    memset(t, 0, sizeof *t);
}

/* Tokenize s[0..len), which starts at byte base of the query, into t. */
static dl_status
tokenize(struct parse_state *ps, const char *s, size_t len, size_t base,
         struct word_tokens *t)
{
    dl_status rc;
    memset(t, 0, sizeof *t);
    t->base = base;
    rc = dl_tokenize(s, len, 1, word_tokens_add, t, NULL, NULL);
    if (t->nomem || rc == DL_ENOMEM) {
        word_tokens_free(t);
        return dl_query_nomem(ps);
    }
    return DL_OK;
}

static const char *
word_token_term(const struct word_tokens *t, size_t k)
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
 * spellings (ORing the joined form with the whole phrase would find every
 * article that says Nursultan).  k such words make 2^k phrases; the
 * first SPELLINGS_WORDS_MAX of a phrase get both spellings, any later one
 * only its parts (with a hyphen or a space): never more than the phrase,
 * possibly less.  A single hyphenated word, the words of a NEAR chain and
 * the AND of an author: or source: value are built the same way. */
#define SPELLINGS_WORDS_MAX 4
/* Each spelling reads the positions of all its terms, so the spellings of
 * one phrase hold at most this many terms together, and a long phrase
 * spells fewer of its words both ways: up to 32 words, four; 33 to 64,
 * three; the longest (the 100-term cap), two.  The joined form is in
 * every article that hyphenates the word, so each spelling has postings to
 * check (the cost, measured: docs/query-language.md). */
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
find_spans(const struct word_tokens *t, struct span *sp, size_t max)
{
    size_t k;
    size_t j;
    size_t n = 0;
    for (k = 1; k < t->n && n < max; k++) {
        const struct word_token *jt = &t->v[k];
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
spelt_spans(const struct word_tokens *t, struct span *sp)
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
spelling(const struct word_tokens *t, const struct span *sp, size_t nsp,
         unsigned mask, size_t *idx)
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

dl_status
dl_query_count_term(struct parse_state *ps, size_t pos)
{
    char msg[96];
    if (++ps->nterms <= ps->o->max_terms)
        return DL_OK;
    snprintf(msg, sizeof msg, "too many terms in the query (the cap is %u)",
             ps->o->max_terms);
    return dl_query_fail(ps, DL_EQUERY, pos, msg);
}

/* A term query for prefix + text. */
static dl_status
term_query(struct parse_state *ps, const char *prefix, const char *text,
           size_t len, size_t pos, dl_query **out)
{
    dl_buf b = DL_BUF_INIT;
    dl_status rc;
    *out = NULL;
    rc = dl_query_count_term(ps, pos);
    if (rc != DL_OK)
        return rc;
    if (dl_schema_term(&b, prefix, text, len) != DL_OK)
        return dl_query_nomem(ps);
    rc = dl_query_term(b.data, b.len, 1, ++ps->qpos, out, ps->err);
    dl_buf_free(&b);
    if (rc != DL_OK)
        ps->errpos = pos;
    return rc;
}

dl_status
dl_query_combine_at(struct parse_state *ps, dl_qop op, dl_query **v, size_t n,
                    unsigned window, dl_query **out)
{
    dl_status rc;
    /* v stays the caller's; with one subquery Xapian hands back that
     * subquery itself, so no operator node is added. */
    rc = dl_query_combine(op, v, n, window, out, ps->err);
    if (rc != DL_OK)
        ps->errpos = ps->i;
    return rc;
}

void
dl_query_free_all(dl_query **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dl_query_free(v[i]);
}

/* Stem term with every index language into ps->stems, unless it holds
 * that word already.  DL_OK or DL_ENOMEM. */
static dl_status
stems_of(struct parse_state *ps, const char *term, size_t len)
{
    struct stem_set *c = &ps->stems;
    size_t l;
    if (c->word_len == len && len > 0 && memcmp(c->text.data, term, len) == 0)
        return DL_OK;
    c->word_len = 0;
    dl_buf_reset(&c->text);
    if (dl_buf_append(&c->text, term, len) != DL_OK ||
        dl_buf_putc(&c->text, '\0') != DL_OK)
        return dl_query_nomem(ps);
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
            return dl_query_nomem(ps);
        c->len[l] = stn;
    }
    c->word_len = len;
    return DL_OK;
}

/* Record a positive word for highlighting and suggestions. */
static dl_status
add_word(struct parse_state *ps, const char *term, size_t len, bool wildcard,
         bool plain, size_t qstart, size_t qend)
{
    struct dl_parsed_query *r = ps->res;
    struct dl_qword *w;
    struct dl_qword *v;
    size_t l;
    if (ps->neg > 0)
        return DL_OK;
    v = dl_realloc(r->words, (r->n_words + 1) * sizeof *v);
    if (v == NULL)
        return dl_query_nomem(ps);
    r->words = v;
    w = &v[r->n_words];
    memset(w, 0, sizeof *w);
    w->term = dl_strndup(term, len);
    if (w->term == NULL)
        return dl_query_nomem(ps);
    r->n_words++;
    w->wildcard = wildcard;
    w->plain = plain;
    w->qstart = qstart;
    w->qend = qend;
    if (wildcard)
        return DL_OK;
    w->stems = dl_calloc(ps->p->n_langs + 1, sizeof *w->stems);
    if (w->stems == NULL || stems_of(ps, term, len) != DL_OK)
        return dl_query_nomem(ps);
    for (l = 0; l < ps->p->n_langs; l++) {
        const char *st = ps->stems.text.data + ps->stems.off[l];
        size_t stn = ps->stems.len[l];
        {
            dl_buf b = DL_BUF_INIT;
            if (dl_buf_printf(&b, "%s:", ps->p->code[l]) != DL_OK ||
                dl_buf_append(&b, st, stn) != DL_OK) {
                dl_buf_free(&b);
                return dl_query_nomem(ps);
            }
            w->stems[w->n_stems++] = dl_buf_steal(&b, NULL);
            if (w->stems[w->n_stems - 1] == NULL) {
                w->n_stems--;
                dl_buf_free(&b);
                return dl_query_nomem(ps);
            }
        }
    }
    return DL_OK;
}

/* Record one positive phrase: the terms of tokens idx[0..m). */
static dl_status
add_phrase(struct parse_state *ps, const struct word_tokens *t,
           const size_t *idx, size_t m)
{
    struct dl_parsed_query *r = ps->res;
    struct dl_qphrase *v;
    struct dl_qphrase *ph;
    size_t k;
    v = dl_realloc(r->phrases, (r->n_phrases + 1) * sizeof *v);
    if (v == NULL)
        return dl_query_nomem(ps);
    r->phrases = v;
    ph = &v[r->n_phrases];
    ph->n = 0;
    ph->terms = dl_calloc(m, sizeof *ph->terms);
    if (ph->terms == NULL)
        return dl_query_nomem(ps);
    r->n_phrases++;
    for (k = 0; k < m; k++) {
        ph->terms[ph->n] =
            dl_strndup(word_token_term(t, idx[k]), t->v[idx[k]].len);
        if (ph->terms[ph->n] == NULL)
            return dl_query_nomem(ps);
        ph->n++;
    }
    return DL_OK;
}

/* Record every spelling of the positive phrase t for highlighting, so a
 * snippet marks "Nursultan" as well as "Nur-Sultan" for "Nur-Sultan". */
static dl_status
add_phrases(struct parse_state *ps, const struct word_tokens *t)
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
        return dl_query_nomem(ps);
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
 * than the parser stems for; see dl_query_parser_new) or a stem cannot be
 * made. */
static dl_status
stemmed_query(struct parse_state *ps, const char *term, size_t len, size_t pos,
              dl_query **out)
{
    const dl_query_parser *p = ps->p;
    dl_query *v[MAX_LANGS + 2];
    dl_buf made[MAX_LANGS + 1];
    size_t n = 0;
    size_t l;
    size_t k;
    unsigned qpos;
    bool raw = !p->stems_only;
    dl_status rc;

    rc = dl_query_count_term(ps, pos);
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
            rc = dl_query_nomem(ps);
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
    /* A Kazakh article in Latin letters has Cyrillic Z terms: a Latin
     * word meets its spelling there through the raw term. */
    raw = raw || (p->kazakh && !dl_xscript_is_cyrillic(term, len));
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
            rc = dl_query_nomem(ps);
        else
            rc = dl_query_term(b.data, b.len, 1, qpos, &v[n], ps->err);
        dl_buf_free(&b);
        if (rc == DL_OK)
            n++;
    }
    if (rc == DL_OK)
        rc = dl_query_combine_at(ps, DL_QOP_SYNONYM, v, n, 0, out);
    else
        ps->errpos = pos;
    dl_query_free_all(v, n);
    return rc;
}

/* The query for the tokens of t: op (PHRASE, NEAR or AND) over the terms
 * of each spelling of t (see SPELLINGS_WORDS_MAX), ORed.  q[k] is token
 * k's term query (borrowed).  near: NEAR's distance; each spelling's
 * window adds its own number of terms (Xapian's window counts them). */
static dl_status
spellings_query(struct parse_state *ps, const struct word_tokens *t,
                dl_query *const *q, dl_qop op, unsigned near, dl_query **out)
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
        rc = dl_query_nomem(ps);
    for (mask = 0; mask < (1u << nsp) && rc == DL_OK; mask++) {
        size_t m = spelling(t, sp, nsp, mask, idx);
        for (k = 0; k < m; k++)
            subs[k] = q[idx[k]];
        rc = dl_query_combine_at(ps, op, subs, m,
                                 op == DL_QOP_NEAR ? near + (unsigned)m : 0,
                                 &alts[na]);
        if (rc == DL_OK)
            na++;
    }
    if (rc == DL_OK)
        rc = dl_query_combine_at(ps, DL_QOP_OR, alts, na, 0, out);
    dl_query_free_all(alts, na);
    dl_free(subs);
    dl_free(idx);
    return rc;
}

/* A plain word (the one token of t): its stemmed query, and its
 * cross-script keys (query_xscript.c). */
static dl_status
word_query(struct parse_state *ps, const struct word_tokens *t, size_t pos,
           dl_query **out)
{
    const char *term = word_token_term(t, 0);
    struct xkeys k;
    dl_status rc = stemmed_query(ps, term, t->v[0].len, pos, out);
    if (rc != DL_OK || !dl_query_xscript_on(ps))
        return rc;
    dl_buf_init(&k.text);
    dl_buf_init(&k.kazakh);
    rc = dl_query_xscript_keys(ps, ps->s + t->v[0].start,
                               t->v[0].end - t->v[0].start, term, t->v[0].len,
                               true, &k);
    if (rc == DL_OK)
        rc = dl_query_xscript_word(ps, &k, term, t->v[0].len, out);
    dl_buf_free(&k.text);
    dl_buf_free(&k.kazakh);
    return rc;
}

/* *out (the phrase of t's terms q, replaced) ORed with the same phrase
 * across scripts: each word's place is its key (query_xscript.c), a word
 * without one keeps its term; at DL_QUERY_XSCRIPT_WEIGHT. */
static dl_status
phrase_keys(struct parse_state *ps, const struct word_tokens *t,
            dl_query *const *q, dl_query **out)
{
    dl_query **places = dl_calloc(t->n, sizeof *places);
    dl_query **use = dl_calloc(t->n, sizeof *use);
    dl_query *keyed = NULL;
    dl_query *both[2] = {NULL, NULL};
    dl_query *res = NULL;
    size_t k;
    size_t n_indexed = 0;
    dl_status rc = DL_OK;

    if (places == NULL || use == NULL)
        rc = dl_query_nomem(ps);
    for (k = 0; k < t->n && rc == DL_OK; k++) {
        bool indexed = false;
        rc = dl_query_xscript_place(ps, ps->s + t->v[k].start,
                                    t->v[k].end - t->v[k].start,
                                    word_token_term(t, k), t->v[k].len,
                                    &places[k], &indexed);
        n_indexed += indexed;
        use[k] = places[k] != NULL ? places[k] : q[k];
    }
    /* Only when a place reaches beyond its word's own term: else the
     * phrase of the places would read the phrase's own postings again
     * and find nothing more ("interest rates"). */
    if (rc == DL_OK && n_indexed > 0)
        rc = spellings_query(ps, t, use, DL_QOP_PHRASE, 0, &keyed);
    if (rc == DL_OK && keyed != NULL)
        rc = dl_query_scale(keyed, DL_QUERY_XSCRIPT_WEIGHT, &both[1], ps->err);
    if (rc == DL_OK && both[1] != NULL) {
        both[0] = *out;
        rc = dl_query_combine_at(ps, DL_QOP_OR, both, 2, 0, &res);
    }
    if (rc == DL_OK && res != NULL) {
        dl_query_free(*out);
        *out = res;
    }
    dl_query_free(both[1]);
    dl_query_free(keyed);
    if (places != NULL)
        dl_query_free_all(places, t->n);
    dl_free(places);
    dl_free(use);
    return rc;
}

/* The query for the tokens of one word or quoted phrase: one token is a
 * term (with its stems when stem is set and there is no prefix), several
 * are a PHRASE of each spelling (spellings_query).  prefix: the field's
 * term prefix; and_parts: join the terms with AND instead (author:,
 * source:, whose terms carry no positions). */
static dl_status
tokens_query(struct parse_state *ps, const struct word_tokens *t,
             const char *prefix, bool stem, bool and_parts, size_t pos,
             dl_query **out)
{
    dl_query **q;
    size_t k;
    dl_status rc = DL_OK;

    *out = NULL;
    /* A single plain word (one the index stems, not a joined form): the
     * stemmed synonym group. */
    if (t->n == 1 && stem && *prefix == '\0' &&
        dl_token_gets_stem(t->v[0].flags) &&
        (t->v[0].flags & DL_TOK_JOINED) == 0)
        return word_query(ps, t, pos, out);
    q = dl_calloc(t->n, sizeof *q);
    if (q == NULL)
        return dl_query_nomem(ps);
    for (k = 0; k < t->n && rc == DL_OK; k++)
        rc = term_query(ps, prefix, word_token_term(t, k), t->v[k].len, pos,
                        &q[k]);
    if (rc == DL_OK && t->n == 1) {
        /* (one subquery: its own handle on the same query) */
        rc = dl_query_combine_at(ps, DL_QOP_OR, q, 1, 0, out);
    } else if (rc == DL_OK) {
        rc = spellings_query(ps, t, q, and_parts ? DL_QOP_AND : DL_QOP_PHRASE,
                             0, out);
    }
    /* A quoted word or a phrase, across scripts too. */
    if (rc == DL_OK && *prefix == '\0' && !and_parts &&
        dl_query_xscript_on(ps))
        rc = phrase_keys(ps, t, q, out);
    dl_query_free_all(q, t->n);
    dl_free(q);
    return rc;
}

/* Record the keys of token k of t on the query word w. */
static dl_status
note_keys(struct parse_state *ps, const struct word_tokens *t, size_t k,
          struct dl_qword *w)
{
    struct xkeys keys;
    dl_status rc;
    dl_buf_init(&keys.text);
    dl_buf_init(&keys.kazakh);
    rc = dl_query_xscript_keys(ps, ps->s + t->v[k].start,
                               t->v[k].end - t->v[k].start,
                               word_token_term(t, k), t->v[k].len, true, &keys);
    if (rc == DL_OK)
        rc = dl_query_xscript_note(ps, &keys, w);
    dl_buf_free(&keys.text);
    dl_buf_free(&keys.kazakh);
    return rc;
}

/* Record the tokens of a positive word or phrase for highlighting. */
static dl_status
note_tokens(struct parse_state *ps, const struct word_tokens *t, bool quoted,
            size_t qstart, size_t qend)
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
        bool plain = !quoted && t->n == 1 && dl_token_gets_stem(t->v[k].flags);
        size_t before = ps->res->n_words;
        rc = add_word(ps, word_token_term(t, k), t->v[k].len, false, plain,
                      qstart, qend);
        if (rc == DL_OK && plain && ps->res->n_words > before &&
            dl_query_xscript_on(ps))
            rc = note_keys(ps, t, k, &ps->res->words[before]);
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
dl_status
dl_query_word_node(struct parse_state *ps, enum field f, size_t start,
                   size_t end, bool wildcard, struct node *out)
{
    struct word_tokens t;
    dl_status rc;
    const char *prefix = field_prefix(f);

    out->q = NULL;
    out->filter = f == F_SOURCE || f == F_AUTHOR;
    rc = tokenize(ps, ps->s + start, end - start, start, &t);
    if (rc != DL_OK)
        return rc;
    if (wildcard) {
        dl_buf b = DL_BUF_INIT;
        const struct word_token *last = NULL;
        size_t k;
        for (k = 0; k < t.n; k++) {
            if (!(t.v[k].flags & DL_TOK_JOINED))
                last = &t.v[k];
        }
        if (last == NULL) {
            word_tokens_free(&t);
            return dl_query_fail(ps, DL_EQUERY, end,
                                 "a wildcard needs letters before '*'");
        }
        rc = dl_query_count_term(ps, start);
        if (rc == DL_OK && dl_schema_term(&b, prefix, t.text.data + last->off,
                                          last->len) != DL_OK)
            rc = dl_query_nomem(ps);
        if (rc == DL_OK)
            rc = dl_query_wildcard(b.data, b.len, ps->o->max_expansion, &out->q,
                                   ps->err);
        if (rc == DL_OK && f != F_SOURCE && f != F_AUTHOR)
            rc = add_word(ps, t.text.data + last->off, last->len, true, false,
                          start, end);
        dl_buf_free(&b);
        ps->res->has_wildcard = true;
        word_tokens_free(&t);
        return rc;
    }
    if (t.n == 0) {
        word_tokens_free(&t);
        return DL_OK;
    }
    rc = tokens_query(ps, &t, prefix, f == F_NONE,
                      f == F_SOURCE || f == F_AUTHOR, start, &out->q);
    if (rc == DL_OK && (f == F_NONE || f == F_TITLE))
        rc = note_tokens(ps, &t, f != F_NONE, start, end);
    word_tokens_free(&t);
    return rc;
}

/* A quoted phrase: content s[start..end). */
dl_status
dl_query_phrase_node(struct parse_state *ps, enum field f, size_t start,
                     size_t end, struct node *out)
{
    struct word_tokens t;
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
    word_tokens_free(&t);
    return rc;
}

dl_status
dl_query_lang_node(struct parse_state *ps, size_t start, size_t end,
                   struct node *out)
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
            return dl_query_fail(
                ps, DL_EQUERY, start,
                "lang: takes a language code such as en, ru, kk");
        for (k = 0; k < end - start; k++) {
            char c = ps->s[start + k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c < 'a' || c > 'z')
                return dl_query_fail(
                    ps, DL_EQUERY, start,
                    "lang: takes a language code such as en, ru, kk");
            low[k] = c;
        }
        low[k] = '\0';
        code = low;
    }
    return term_query(ps, DL_PREFIX_LANG, code, strlen(code), start, &out->q);
}

/* ---- NEAR chains -------------------------------------------------------- */

dl_status
dl_query_near_add(struct parse_state *ps, struct near_chain *c, size_t start,
                  size_t end, bool quoted)
{
    struct word_tokens tt;
    size_t k;
    dl_status rc = tokenize(ps, ps->s + start, end - start, start, &tt);

    if (rc != DL_OK)
        return rc;
    for (k = 0; k < tt.n && rc == DL_OK; k++) {
        const struct word_token *x = &tt.v[k];
        dl_query **nv;
        if (word_tokens_add(&c->all, word_token_term(&tt, k), x->len, x->start,
                            x->end, x->pos, x->flags) != 0) {
            rc = dl_query_nomem(ps);
            break;
        }
        nv = dl_realloc(c->v, c->all.n * sizeof *nv);
        if (nv == NULL) {
            c->all.n--; /* v has no room for its term */
            rc = dl_query_nomem(ps);
            break;
        }
        c->v = nv;
        c->v[c->all.n - 1] = NULL;
        rc = term_query(ps, "", word_token_term(&tt, k), x->len, start,
                        &c->v[c->all.n - 1]);
    }
    if (rc == DL_OK)
        rc = note_tokens(ps, &tt, quoted, start, end);
    word_tokens_free(&tt);
    return rc;
}

dl_status
dl_query_near_build(struct parse_state *ps, struct near_chain *c, unsigned dist,
                    dl_query **out)
{
    *out = NULL;
    /* Xapian's window counts the terms themselves (as its QueryParser
     * does): NEAR/n allows n other words between them. */
    if (c->all.n == 1) {
        *out = c->v[0];
        c->v[0] = NULL;
    } else if (c->all.n > 1) {
        return spellings_query(ps, &c->all, c->v, DL_QOP_NEAR, dist, out);
    }
    return DL_OK;
}

void
dl_query_near_free(struct near_chain *c)
{
    if (c->v != NULL)
        dl_query_free_all(c->v, c->all.n);
    dl_free(c->v);
    word_tokens_free(&c->all);
}
