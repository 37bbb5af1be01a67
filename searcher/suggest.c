/* suggest.c - spelling suggestions from the index vocabulary.
 *
 * Terms come from dl_db_allterms in byte order under the word's first code
 * point, so a scan touches only one letter's worth of the vocabulary.  The
 * distance is computed with two rows over code points and abandoned as soon
 * as a row's minimum passes the bound; most terms are also rejected before
 * that by their length alone.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_utf8.h"
#include "query.h"
#include "suggest.h"

/* Words this rare (documents) may still be typos when a far more frequent
 * neighbour exists: RARE_RATIO times more documents. */
#define RARE_FREQ 2
#define RARE_RATIO 20

/* Code points of s[0..n) into cp (at most max); returns how many, or
 * max + 1 when there are more.  An invalid unit (a maximal subpart,
 * dl_utf8.h) is one code point, told apart by its first byte. */
static size_t
to_cps(const char *s, size_t n, long *cp, size_t max)
{
    size_t i = 0;
    size_t k = 0;
    while (i < n) {
        int c;
        size_t l = dl_utf8_next(s + i, n - i, &c);
        if (k == max)
            return max + 1;
        cp[k++] = c != DL_UTF8_INVALID ? (long)c : -1L - (unsigned char)s[i];
        i += l;
    }
    return k;
}

unsigned
dl_suggest_distance(const char *a, size_t an, const char *b, size_t bn,
                    unsigned max)
{
    long ca[DL_SUGGEST_MAX_CHARS + 1];
    long cb[DL_SUGGEST_MAX_CHARS + 1];
    unsigned row0[DL_SUGGEST_MAX_CHARS + 2];
    unsigned row1[DL_SUGGEST_MAX_CHARS + 2];
    unsigned *prev = row0;
    unsigned *cur = row1;
    size_t na = to_cps(a, an, ca, DL_SUGGEST_MAX_CHARS);
    size_t nb = to_cps(b, bn, cb, DL_SUGGEST_MAX_CHARS);
    size_t i, j;

    if (na > DL_SUGGEST_MAX_CHARS || nb > DL_SUGGEST_MAX_CHARS)
        return max + 1;
    if ((na > nb ? na - nb : nb - na) > max)
        return max + 1;
    for (j = 0; j <= nb; j++)
        prev[j] = (unsigned)j;
    for (i = 1; i <= na; i++) {
        unsigned lo;
        unsigned *t;
        cur[0] = (unsigned)i;
        lo = cur[0];
        for (j = 1; j <= nb; j++) {
            unsigned d = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
            if (d < lo)
                lo = d;
        }
        if (lo > max)
            return max + 1;
        t = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb] > max ? max + 1 : prev[nb];
}

dl_status
dl_suggest_word(dl_db *db, const char *word, size_t len, unsigned long min_freq,
                char **out, unsigned long *freq, dl_err *err)
{
    char first[5];
    size_t fl;
    unsigned char c0;
    dl_termiter *it = NULL;
    char *best = NULL;
    unsigned long best_freq = 0;
    unsigned best_d = DL_SUGGEST_MAX_DISTANCE + 1;
    unsigned long scanned = 0;
    dl_status rc;

    *out = NULL;
    if (freq != NULL)
        *freq = 0;
    if (len == 0)
        return DL_OK;
    c0 = (unsigned char)word[0];
    /* Prefixed schema terms start with A-Z; digits make poor suggestions. */
    if ((c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9'))
        return DL_OK;
    fl = c0 < 0x80 ? 1 : c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : 2;
    if (fl > len)
        return DL_OK;
    memcpy(first, word, fl);
    first[fl] = '\0';
    rc = dl_db_allterms(db, first, &it, err);
    if (rc != DL_OK)
        return rc;
    for (;;) {
        const char *t;
        size_t tn;
        unsigned long f;
        unsigned d;
        rc = dl_termiter_next(it, &t, &tn, &f, err);
        if (rc == DL_DONE) {
            rc = DL_OK;
            break;
        }
        if (rc != DL_OK)
            goto out;
        if (++scanned > DL_SUGGEST_MAX_SCAN)
            break;
        if (f <= min_freq || f < best_freq)
            continue;
        if (tn == len && memcmp(t, word, len) == 0)
            continue;
        d = dl_suggest_distance(word, len, t, tn, DL_SUGGEST_MAX_DISTANCE);
        if (d > DL_SUGGEST_MAX_DISTANCE)
            continue;
        if (f > best_freq || d < best_d) {
            char *copy = dl_strndup(t, tn);
            if (copy == NULL) {
                rc = dl_err_set(err, DL_ENOMEM, "out of memory");
                goto out;
            }
            dl_free(best);
            best = copy;
            best_freq = f;
            best_d = d;
        }
    }
    *out = best;
    best = NULL;
    if (freq != NULL)
        *freq = best_freq;
out:
    dl_free(best);
    dl_termiter_free(it);
    return rc;
}

/* The most documents any of w's stems is in, as the match m counted them
 * (0 when m is NULL or counted none of them). */
static unsigned long
stem_freq_counted(const dl_mset *m, const struct dl_qword *w)
{
    unsigned long best = 0;
    size_t k;
    for (k = 0; m != NULL && k < w->n_stems; k++) {
        const char *st = strchr(w->stems[k], ':');
        dl_buf t = DL_BUF_INIT;
        unsigned long f = 0;
        /* Out of memory here leaves the stem to word_freq's look-up. */
        if (st != NULL &&
            dl_schema_term(&t, DL_PREFIX_STEM, st + 1, strlen(st + 1)) ==
                DL_OK &&
            dl_mset_termfreq(m, t.data, t.len, &f) == DL_OK && f > best)
            best = f;
        dl_buf_free(&t);
    }
    return best;
}

/* Documents holding the word raw or by any of its stems.  A word whose
 * stem the match m already counted in more than RARE_FREQ articles is not
 * a typo, and that count answers without a look-up (which costs a round
 * trip per remote shard, docs/shards.md). */
static dl_status
word_freq(dl_db *db, const dl_mset *m, const struct dl_qword *w,
          unsigned long *out, dl_err *err)
{
    unsigned long f = 0;
    size_t k;
    dl_status rc;

    *out = stem_freq_counted(m, w);
    if (*out > RARE_FREQ)
        return DL_OK;
    rc = dl_db_termfreq(db, w->term, strlen(w->term), out, err);
    if (rc != DL_OK || *out > 0)
        return rc;
    for (k = 0; k < w->n_stems; k++) {
        const char *st = strchr(w->stems[k], ':');
        dl_buf t = DL_BUF_INIT;
        if (st == NULL)
            continue;
        if (dl_schema_term(&t, DL_PREFIX_STEM, st + 1, strlen(st + 1)) != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        rc = dl_db_termfreq(db, t.data, t.len, &f, err);
        dl_buf_free(&t);
        if (rc != DL_OK)
            return rc;
        if (f > *out)
            *out = f;
    }
    return DL_OK;
}

dl_status
dl_suggest_query(dl_db *db, const dl_mset *m, const char *query,
                 size_t query_len, const struct dl_parsed_query *pq,
                 char **out, dl_err *err)
{
    dl_buf b = DL_BUF_INIT;
    size_t done = 0; /* query bytes copied so far */
    size_t i;
    bool changed = false;
    dl_status rc = DL_OK;

    *out = NULL;
    for (i = 0; i < pq->n_words; i++) {
        const struct dl_qword *w = &pq->words[i];
        unsigned long f = 0;
        char *sugg = NULL;
        if (!w->plain || w->wildcard || w->qstart < done)
            continue;
        rc = word_freq(db, m, w, &f, err);
        if (rc != DL_OK)
            goto out;
        if (f > RARE_FREQ)
            continue;
        rc = dl_suggest_word(db, w->term, strlen(w->term),
                             f == 0 ? 0 : f * RARE_RATIO, &sugg, NULL, err);
        if (rc != DL_OK)
            goto out;
        if (sugg == NULL)
            continue;
        if (dl_buf_append(&b, query + done, w->qstart - done) != DL_OK ||
            dl_buf_puts(&b, sugg) != DL_OK) {
            dl_free(sugg);
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            goto out;
        }
        dl_free(sugg);
        done = w->qend;
        changed = true;
    }
    if (!changed)
        goto out;
    if (dl_buf_append(&b, query + done, query_len - done) != DL_OK) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    *out = dl_buf_steal(&b, NULL);
    if (*out == NULL)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
out:
    dl_buf_free(&b);
    return rc;
}
