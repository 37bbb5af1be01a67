/* query.c - the query parser's public API (query.h): a parser for an
 * index, the options of a parse, one parse from start to finish, its result.
 *
 * The parser is split by concept, as notmuch splits its query code, and its
 * files share one parse's state and their helpers through query_int.h:
 *   query_lex.c      the lexer (operators, words, phrases, fields) and the
 *                    check of the text before anything else reads it
 *   query_grammar.c  the grammar (or, and, NEAR, unary, primary) and how
 *                    the items of one level are joined
 *   query_terms.c    terms: stopwords, the shared tokenizer's tokens, stems,
 *                    the spellings of hyphenated words, and the queries of
 *                    words, phrases, fields and NEAR chains
 *   query_date.c     date: filters, planned from the date terms or the date
 *                    value, asking the index through the date oracle
 * A parse bounds its input by max_bytes before anything else runs and
 * checks it for invalid UTF-8 and control characters; every term made
 * counts against max_terms and recursion (at '(' only) against max_depth,
 * so a hostile query costs at most a few thousand tokenizer steps.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_lang.h"
#include "query_int.h"

/* ---- errors (query_int.h) ---------------------------------------------- */

dl_status
dl_query_fail(struct parse_state *ps, dl_status code, size_t pos,
              const char *msg)
{
    ps->errpos = pos;
    return dl_err_set(ps->err, code, "%s (at byte %zu)", msg, pos);
}

dl_status
dl_query_nomem(struct parse_state *ps)
{
    ps->errpos = ps->i;
    return dl_err_set(ps->err, DL_ENOMEM, "out of memory");
}

/* ---- public ------------------------------------------------------------ */

void
dl_query_options_init(struct dl_query_options *o)
{
    memset(o, 0, sizeof *o);
    o->match_any = false;
    o->max_bytes = DL_QUERY_MAX_BYTES;
    o->max_terms = DL_QUERY_MAX_TERMS;
    o->max_depth = DL_QUERY_MAX_DEPTH;
    o->max_expansion = DL_QUERY_MAX_EXPANSION;
}

dl_status
dl_query_parser_new(const char *langs, dl_query_parser **out, dl_err *err)
{
    dl_query_parser *p;
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
                dl_query_parser_free(p);
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            }
            if (rc != DL_OK) {
                /* (Cannot happen: dl_lang_has_stemmer said it exists.) */
                p->stems_only = false;
                continue;
            }
            snprintf(p->code[p->n_langs], sizeof p->code[0], "%s", code);
            p->cyrillic[p->n_langs] =
                strcmp(dl_lang_find(code)->script, "Cyrl") == 0;
            p->kazakh = p->kazakh || strcmp(code, "kk") == 0;
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
dl_query_parser_set_xscript(dl_query_parser *p, bool on)
{
    p->xscript = on;
}

void
dl_query_parser_set_date_oracle(dl_query_parser *p,
                                const struct dl_date_oracle *o)
{
    if (o != NULL)
        p->dates = *o;
    else
        memset(&p->dates, 0, sizeof p->dates);
}

void
dl_query_parser_free(dl_query_parser *p)
{
    size_t i;
    if (p == NULL)
        return;
    for (i = 0; i < p->n_langs; i++)
        dl_stemmer_free(p->stem[i]);
    dl_free(p);
}

dl_status
dl_query_parser_stem(dl_query_parser *p, const char *lang, const char *term,
                     size_t len, const char **out, size_t *out_len)
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
dl_parsed_query_free(struct dl_parsed_query *q)
{
    size_t i;
    size_t k;
    if (q == NULL)
        return;
    dl_query_free(q->query);
    dl_query_free(q->scope);
    for (i = 0; i < q->n_words; i++) {
        dl_free(q->words[i].term);
        for (k = 0; k < q->words[i].n_stems; k++)
            dl_free(q->words[i].stems[k]);
        dl_free(q->words[i].stems);
        for (k = 0; k < q->words[i].n_keys; k++)
            dl_free(q->words[i].keys[k]);
        dl_free(q->words[i].keys);
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
dl_query_parser_parse(dl_query_parser *p, const char *text, size_t len,
                      const struct dl_query_options *o,
                      struct dl_parsed_query **out, size_t *errpos, dl_err *err)
{
    struct dl_query_options defaults;
    struct parse_state ps;
    struct node nd = {NULL, false};
    dl_status rc;
    char msg[96];

    *out = NULL;
    if (errpos != NULL)
        *errpos = 0;
    if (o == NULL) {
        dl_query_options_init(&defaults);
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
        rc = dl_query_fail(&ps, DL_EQUERY, o->max_bytes, msg);
        goto out;
    }
    rc = dl_query_check_text(&ps);
    if (rc != DL_OK)
        goto out;
    ps.res = dl_calloc(1, sizeof *ps.res);
    if (ps.res == NULL) {
        rc = dl_query_nomem(&ps);
        goto out;
    }
    rc = dl_query_parse_text(&ps, &nd);
    if (rc != DL_OK)
        goto out;
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
    dl_parsed_query_free(ps.res);
    dl_buf_free(&ps.stems.text);
    if (rc != DL_OK && errpos != NULL)
        *errpos = ps.errpos;
    return rc;
}
