/* xkeys.c - the cross-script terms of an article's words (xkeys.h). */
#include "config.h"

#include <string.h>

#include "dl_kklatin.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "dl_xscript.h"
#include "xkeys.h"

void
dl_xkeys_init(struct dl_xkeys *x)
{
    dl_buf_init(&x->key);
    dl_buf_init(&x->skey);
    dl_buf_init(&x->cyr);
    dl_buf_init(&x->norm);
    dl_buf_init(&x->term);
}

void
dl_xkeys_free(struct dl_xkeys *x)
{
    dl_buf_free(&x->key);
    dl_buf_free(&x->skey);
    dl_buf_free(&x->cyr);
    dl_buf_free(&x->norm);
    dl_buf_free(&x->term);
}

static dl_status
add_key(struct dl_xkeys *x, dl_doc *doc, const dl_buf *key, bool with_pos,
        const struct dl_xkey_word *w, dl_err *err)
{
    if (dl_schema_term(&x->term, DL_PREFIX_XSCRIPT, key->data, key->len) !=
        DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    if (with_pos)
        return dl_doc_add_posting(doc, x->term.data, x->term.len, w->pos,
                                  w->wdf, err);
    return dl_doc_add_term(doc, x->term.data, x->term.len, w->wdf, err);
}

static bool
same(const dl_buf *b, const char *s, size_t n)
{
    return b->len == n && memcmp(b->data, s, n) == 0;
}

dl_status
dl_xkeys_add(struct dl_xkeys *x, dl_doc *doc, const struct dl_xkey_word *w,
             dl_err *err)
{
    const char *raw = w->text + w->start;
    size_t n = dl_xscript_word_range(raw, w->end - w->start, w->term,
                                     w->term_len);
    bool cyr = dl_xscript_is_cyrillic(raw, n);
    bool long_key;
    dl_status rc = DL_OK;

    /* Names only: ordinary words cost a tenth of a Cyrillic index and
     * meet mostly look-alikes (docs/languages.md). */
    if (!dl_xscript_capitalised(raw, n))
        return DL_OK;
    if (dl_xscript_key(raw, n, &x->key) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    long_key = dl_xscript_letters(x->key.data, x->key.len) >=
               DL_XSCRIPT_NAME_BELOW;
    /* A capital at a sentence's start says nothing of a name: there only
     * long keys (The, But, For would meet Тхе, Бут, Фор). */
    if (x->key.len == 0 ||
        (!long_key && dl_xkeys_sentence_start(w->text, w->start)))
        return DL_OK;
    dl_buf_reset(&x->skey);
    if (w->stem != NULL && dl_xscript_is_cyrillic(w->stem, w->stem_len) &&
        dl_xscript_key(w->stem, w->stem_len, &x->skey) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    /* The word's own key, with its position (phrases across scripts);
     * none for a Latin name whose long key is its raw term (London),
     * which the searcher looks for among the raw terms, unless the word
     * is stemmed in Cyrillic (a Kazakh article's, skey set). */
    if (cyr || !long_key || x->skey.len > 0 ||
        !same(&x->key, w->term, w->term_len))
        rc = add_key(x, doc, &x->key, true, w, err);
    /* The stem's key (Cyrillic stems: Токаева, Токаеву -> tokaev). */
    if (rc == DL_OK && x->skey.len > 0 && !same(&x->skey, x->key.data,
                                                x->key.len))
        rc = add_key(x, doc, &x->skey, false, w, err);
    return rc;
}

dl_status
dl_xkeys_stem(struct dl_xkeys *x, dl_stemmer *st, bool kazakh,
              struct dl_xkey_word *w, dl_err *err)
{
    const char *raw = w->text + w->start;
    size_t n = w->end - w->start;
    w->stem = w->term;
    w->stem_len = w->term_len;
    if (kazakh && !dl_xscript_is_cyrillic(raw, n)) {
        if (dl_kklatin_to_cyrillic(raw, n, &x->cyr) != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        dl_buf_reset(&x->norm);
        if (x->cyr.len > 0 &&
            dl_normalize_term(x->cyr.data, x->cyr.len, &x->norm) != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        if (x->norm.len > 0) {
            w->stem = x->norm.data;
            w->stem_len = x->norm.len;
        }
    }
    if (st == NULL)
        return DL_OK;
    return dl_stemmer_stem(st, w->stem, w->stem_len, &w->stem, &w->stem_len,
                           err);
}

bool
dl_xkeys_sentence_start(const char *text, size_t start)
{
    while (start > 0) {
        unsigned char c = (unsigned char)text[start - 1];
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' ||
            c == '[' || c >= 0x80) {
            /* (a byte of a typographic quote or a no-break space, or of
             * a letter: a letter ends the walk below) */
            if (c >= 0x80) {
                size_t k = start - 1;
                while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
                    k--;
                /* « “ „ ‘ ’ no-break space, em and en dashes pass */
                if (!(memcmp(text + k, "\xc2\xab", 2) == 0 ||
                      memcmp(text + k, "\xc2\xa0", 2) == 0 ||
                      memcmp(text + k, "\xe2\x80", 2) == 0))
                    return false;
                start = k;
                continue;
            }
            start--;
            continue;
        }
        return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
               c == '\n';
    }
    return true;
}

