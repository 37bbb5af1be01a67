/* query_xscript.c - cross-script matching of query words: the keys
 * (common/dl_xscript.h) a query word meets its spellings in other
 * scripts and romanisations by, as the indexer wrote them (dl_schema.h,
 * XK; indexer/xkeys.h).
 *
 * A plain word becomes OR(its own query, SCALE(DL_QUERY_XSCRIPT_WEIGHT,
 * SYNONYM of its keys)): an article that writes the word as the query
 * does matches both and ranks above one that matches only through a key
 * (Токаев for Tokayev).  A word's keys: the key of the word as written;
 * for a Cyrillic word, also the key of its stem in each index language
 * (Токаеву -> токаев -> tokaev, the key the indexer gave every form of
 * it); for a Latin word, the key of the stem each Cyrillic index language
 * makes of the key read in Cyrillic (Zelensky -> zelenski -> зеленски ->
 * зеленск -> zelensk, the key of Зеленского's stem).  Each key is looked
 * up as XK + key and, when it has DL_XSCRIPT_NAME_BELOW letters or more,
 * as a raw term too (the indexer writes no XK term for a Latin name whose
 * key is its own raw term).  The index keys names only; a Latin word in
 * an index with Kazakh articles is also read in Kazakh Cyrillic and
 * looked for as that word's Z term (jalaqy finds жалақы), in the same
 * group.  In a phrase, each word's place is the
 * OR of its own key's terms, and the phrase of the places is ORed
 * with the phrase itself (query_terms.c).
 *
 * Keys are looked for only in an index with the xscript-keys feature, and
 * not for a word under '=' nor in a parse with exact_script set.  They do
 * not count against max_terms: a word has at most XKEYS_MAX keys, two
 * terms each.
 */
#include "config.h"

#include <string.h>

#include "dl_alloc.h"
#include "dl_kklatin.h"
#include "dl_lang.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "dl_xscript.h"
#include "query_int.h"

bool
dl_query_xscript_on(const struct parse_state *ps)
{
    return ps->p->xscript && !ps->o->exact_script && ps->exact == 0;
}

/* Add key[0..n) to k unless it is there or k is full. */
static dl_status
add_key(struct parse_state *ps, struct xkeys *k, const char *key, size_t n)
{
    size_t i;
    if (n == 0 || k->n == XKEYS_MAX)
        return DL_OK;
    for (i = 0; i < k->n; i++) {
        if (k->len[i] == n && memcmp(k->text.data + k->off[i], key, n) == 0)
            return DL_OK;
    }
    k->off[k->n] = k->text.len;
    k->len[k->n] = n;
    if (dl_buf_append(&k->text, key, n) != DL_OK ||
        dl_buf_putc(&k->text, '\0') != DL_OK)
        return dl_query_nomem(ps);
    k->n++;
    return DL_OK;
}

/* The key of s[0..n) added to k (key: scratch). */
static dl_status
add_key_of(struct parse_state *ps, struct xkeys *k, const char *s, size_t n,
           dl_buf *key)
{
    if (dl_xscript_key(s, n, key) != DL_OK)
        return dl_query_nomem(ps);
    return add_key(ps, k, key->data, key->len);
}

/* The Z term of the Latin word raw[0..n) read in Kazakh Cyrillic
 * (dl_kklatin.h) into k->kazakh, when the word has a letter of the 2021
 * alphabet's own (no English word has: better would meet бет) and the
 * reading has DL_XSCRIPT_NAME_BELOW letters or more (jalaqy -> жалақы;
 * bar -> бар, a Kazakh word as common as the English one, is left out).  The index
 * keys names only: this is how a Kazakh word typed in the Latin alphabet
 * meets its Cyrillic spelling. */
static dl_status
kazakh_reading(struct parse_state *ps, const char *raw, size_t n,
               struct xkeys *k)
{
    const dl_query_parser *p = ps->p;
    dl_buf cyr = DL_BUF_INIT;
    dl_buf norm = DL_BUF_INIT;
    const char *st;
    size_t stn;
    size_t l;
    dl_status rc = DL_OK;
    if (!dl_kklatin_own_letters(raw, n))
        return DL_OK; /* English better would meet бет */
    rc = dl_kklatin_to_cyrillic(raw, n, &cyr);
    if (rc == DL_OK && dl_xscript_letters(cyr.data, cyr.len) >=
                           DL_XSCRIPT_NAME_BELOW)
        rc = dl_normalize_term(cyr.data, cyr.len, &norm);
    for (l = 0; rc == DL_OK && norm.len > 0 && l < p->n_langs; l++) {
        if (strcmp(p->code[l], "kk") != 0 ||
            dl_stemmer_stem(p->stem[l], norm.data, norm.len, &st, &stn,
                            NULL) != DL_OK ||
            stn == 0)
            continue;
        rc = dl_schema_term(&k->kazakh, DL_PREFIX_STEM, st, stn);
    }
    dl_buf_free(&cyr);
    dl_buf_free(&norm);
    return rc == DL_OK ? DL_OK : dl_query_nomem(ps);
}

dl_status
dl_query_xscript_keys(struct parse_state *ps, const char *raw, size_t rn,
                      const char *term, size_t tn, bool stems, struct xkeys *k)
{
    const dl_query_parser *p = ps->p;
    dl_buf key = DL_BUF_INIT;
    dl_buf cyr = DL_BUF_INIT;
    size_t n = dl_xscript_word_range(raw, rn, term, tn);
    bool is_cyr = dl_xscript_is_cyrillic(raw, n);
    size_t l;
    dl_status rc;

    dl_buf_reset(&k->text);
    dl_buf_reset(&k->kazakh);
    k->n = 0;
    rc = add_key_of(ps, k, raw, n, &key);
    if (rc == DL_OK && k->n > 0 && stems && !is_cyr && p->kazakh)
        rc = kazakh_reading(ps, raw, n, k);
    if (rc == DL_OK && k->n > 0 && stems && !is_cyr)
        rc = dl_xscript_cyrillic_of_key(k->text.data, k->len[0], &cyr) ==
                     DL_OK
                 ? DL_OK
                 : dl_query_nomem(ps);
    for (l = 0; rc == DL_OK && stems && k->n > 0 && l < p->n_langs; l++) {
        const char *st;
        size_t stn;
        if (is_cyr ? dl_stemmer_stem(p->stem[l], term, tn, &st, &stn, NULL)
                   : !p->cyrillic[l] ||
                         dl_stemmer_stem(p->stem[l], cyr.data, cyr.len, &st,
                                         &stn, NULL))
            continue;
        if (stn > 0 && dl_xscript_is_cyrillic(st, stn))
            rc = add_key_of(ps, k, st, stn, &key);
    }
    dl_buf_free(&key);
    dl_buf_free(&cyr);
    return rc;
}

/* The terms of key i of k into v (room for 2), n counting them. */
static dl_status
key_terms(struct parse_state *ps, const struct xkeys *k, size_t i,
          const char *term, size_t tn, unsigned qpos, dl_query **v, size_t *n)
{
    const char *key = k->text.data + k->off[i];
    size_t kn = k->len[i];
    dl_buf b = DL_BUF_INIT;
    dl_status rc;
    if (dl_schema_term(&b, DL_PREFIX_XSCRIPT, key, kn) != DL_OK)
        return dl_query_nomem(ps);
    rc = dl_query_term(b.data, b.len, 1, qpos, &v[*n], ps->err);
    dl_buf_free(&b);
    if (rc != DL_OK)
        return rc;
    (*n)++;
    /* A long key that is not the word's own term: Latin articles that
     * spell the word so have it as their raw term (xkeys.h). */
    if (dl_xscript_letters(key, kn) < DL_XSCRIPT_NAME_BELOW ||
        (term != NULL && tn == kn && memcmp(term, key, kn) == 0))
        return DL_OK;
    rc = dl_query_term(key, kn, 1, qpos, &v[*n], ps->err);
    if (rc == DL_OK)
        (*n)++;
    return rc;
}

dl_status
dl_query_xscript_word(struct parse_state *ps, const struct xkeys *k,
                      const char *term, size_t tn, dl_query **q)
{
    dl_query *v[2 * XKEYS_MAX + 1];
    dl_query *syn = NULL;
    dl_query *scaled = NULL;
    dl_query *both[2];
    dl_query *out = NULL;
    size_t n = 0;
    size_t i;
    dl_status rc = DL_OK;

    for (i = 0; i < k->n && rc == DL_OK; i++)
        rc = key_terms(ps, k, i, term, tn, ps->qpos, v, &n);
    if (rc == DL_OK && k->kazakh.len > 0) {
        rc = dl_query_term(k->kazakh.data, k->kazakh.len, 1, ps->qpos, &v[n],
                           ps->err);
        n += rc == DL_OK;
    }
    if (rc == DL_OK && n > 0)
        rc = dl_query_combine_at(ps, DL_QOP_SYNONYM, v, n, 0, &syn);
    if (rc == DL_OK && syn != NULL)
        rc = dl_query_scale(syn, DL_QUERY_XSCRIPT_WEIGHT, &scaled, ps->err);
    if (rc == DL_OK && scaled != NULL) {
        both[0] = *q;
        both[1] = scaled;
        rc = dl_query_combine_at(ps, DL_QOP_OR, both, 2, 0, &out);
    }
    if (rc == DL_OK && out != NULL) {
        dl_query_free(*q);
        *q = out;
    }
    dl_query_free(scaled);
    dl_query_free(syn);
    dl_query_free_all(v, n);
    return rc;
}

/* Whether XK + key i of k is in the index (*out; true when the parser
 * cannot ask). */
static dl_status
key_indexed(struct parse_state *ps, const struct xkeys *k, size_t i,
            bool *out)
{
    const struct dl_date_oracle *o = &ps->p->dates;
    unsigned long freq = 1;
    dl_buf b = DL_BUF_INIT;
    dl_status rc = DL_OK;
    if (o->termfreq != NULL) {
        if (dl_schema_term(&b, DL_PREFIX_XSCRIPT, k->text.data + k->off[i],
                           k->len[i]) != DL_OK)
            return dl_query_nomem(ps);
        rc = o->termfreq(o->ctx, b.data, b.len, &freq, ps->err);
        dl_buf_free(&b);
    }
    *out = freq > 0;
    return rc;
}

dl_status
dl_query_xscript_place(struct parse_state *ps, const char *raw, size_t rn,
                       const char *term, size_t tn, dl_query **out,
                       bool *indexed)
{
    struct xkeys k;
    dl_query *v[2];
    size_t n = 0;
    dl_status rc;

    *out = NULL;
    *indexed = false;
    dl_buf_init(&k.text);
    dl_buf_init(&k.kazakh);
    rc = dl_query_xscript_keys(ps, raw, rn, term, tn, false, &k);
    if (rc == DL_OK && k.n > 0)
        rc = key_indexed(ps, &k, 0, indexed);
    /* A long key that is not the word's own term reaches the raw terms
     * of other spellings (Нурсултан -> nursultan). */
    if (rc == DL_OK && k.n > 0 && !*indexed &&
        dl_xscript_letters(k.text.data, k.len[0]) >= DL_XSCRIPT_NAME_BELOW &&
        !(k.len[0] == tn && memcmp(k.text.data, term, tn) == 0))
        *indexed = true;
    if (rc == DL_OK && k.n > 0)
        rc = key_terms(ps, &k, 0, NULL, 0, ++ps->qpos, v, &n);
    /* (an OR: Xapian's phrases take no SYNONYM at a place) */
    if (rc == DL_OK && n > 0)
        rc = dl_query_combine_at(ps, DL_QOP_OR, v, n, 0, out);
    dl_query_free_all(v, n);
    dl_buf_free(&k.text);
    dl_buf_free(&k.kazakh);
    return rc;
}

dl_status
dl_query_xscript_note(struct parse_state *ps, const struct xkeys *k,
                      struct dl_qword *w)
{
    size_t i;
    if (k->n == 0)
        return DL_OK;
    w->keys = dl_calloc(k->n, sizeof *w->keys);
    if (w->keys == NULL)
        return dl_query_nomem(ps);
    for (i = 0; i < k->n; i++) {
        w->keys[i] = dl_strndup(k->text.data + k->off[i], k->len[i]);
        if (w->keys[i] == NULL)
            return dl_query_nomem(ps);
        w->n_keys++;
    }
    return DL_OK;
}
