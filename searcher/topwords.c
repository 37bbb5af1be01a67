/* topwords.c - the words that set a search's matches apart (topwords.h).
 *
 * One run: the search's plan (search_int.h), its sample of matching docids
 * (the match without document data), the ESet over the sample with a
 * keep rule for stems, then one pass over the sample's term lists that
 * counts, for each candidate stem, the documents holding it and the raw
 * words that give it (each raw word stemmed once per language: a cache,
 * since the same words recur in every document).  The candidates are
 * three times the words asked for plus 30, so that the stopwords and
 * archive-wide words dropped after the pass (they need the surface form
 * and its language, or the term's frequency) rarely leave fewer than
 * asked; the ESet's order is kept.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_hash.h"
#include "dl_lang.h"
#include "dl_schema.h"
#include "dl_utf8.h"
#include "dl_xapian.h"
#include "stopwords.h"
#include "search_int.h"
#include "topwords.h"

/* Shortest word shown, in code points ("leaves out words of 1-2
 * letters": oil, ico and tax stay). */
#define MIN_LETTERS 3
/* Languages of one sample with their stemmers cached: more than the
 * language table holds (common/dl_lang.c). */
#define MAX_LANGS 64
/* Language codes are short ("en", "und"); longer L terms are none. */
#define LANG_MAX 15

/* A raw word with the candidate its stem is (-1: none), keyed by
 * language and word. */
struct stem_slot {
    size_t off; /* key in the arena: lang, '\x1f', word */
    size_t len;
    int cand; /* candidate index, -1: its stem is none */
    bool used;
};

/* One surface form of a candidate. */
struct form {
    size_t off; /* the word in the arena */
    size_t len;
    unsigned long docs;
    char lang[LANG_MAX + 1]; /* the language of its first document */
};

struct cand {
    const char *term; /* the Z term, borrowed from the ESet */
    size_t len;
    double weight;
    unsigned long docs;
    struct form *forms;
    size_t n_forms, cap_forms;
};

/* A candidate in the lookup order. */
struct by_term {
    const char *stem; /* the term without its Z */
    size_t len;
    int cand;
};

struct lang_stemmer {
    char code[LANG_MAX + 1];
    dl_stemmer *st; /* NULL: no stemmer, the word is its own stem */
};

/* The state of one pass over the sample. */
struct pass {
    struct cand *c;
    size_t n;
    struct by_term *by_term; /* the candidates sorted by term */
    struct stem_slot *slots;
    size_t cap_slots, used_slots;
    dl_buf arena; /* keys of slots and forms */
    struct lang_stemmer langs[MAX_LANGS];
    size_t n_langs;
};

void
dl_topwords_opts_init(struct dl_topwords_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n = 20;
}

size_t
dl_topwords_best_form(const struct dl_topword_form *forms, size_t n)
{
    size_t best = 0;
    size_t i;
    for (i = 1; i < n; i++) {
        const struct dl_topword_form *a = &forms[i];
        const struct dl_topword_form *b = &forms[best];
        int cmp;
        if (a->docs != b->docs) {
            if (a->docs > b->docs)
                best = i;
            continue;
        }
        if (a->len != b->len) {
            if (a->len < b->len)
                best = i;
            continue;
        }
        cmp = memcmp(a->form, b->form, a->len);
        if (cmp < 0)
            best = i;
    }
    return best;
}

void
dl_topwords_free(struct dl_topwords *tw)
{
    size_t i;
    if (tw == NULL)
        return;
    for (i = 0; i < tw->n; i++) {
        dl_free(tw->words[i].word);
        dl_free(tw->words[i].stem);
    }
    dl_free(tw->words);
    dl_free(tw->query);
    dl_free(tw);
}

/* Code points in s[0..n). */
static size_t
letters(const char *s, size_t n)
{
    size_t i = 0;
    size_t k = 0;
    int cp;
    while (i < n) {
        i += dl_utf8_next(s + i, n - i, &cp);
        k++;
    }
    return k;
}

/* The ESet's keep rule: stems (Z terms) of words, not numbers, of at
 * least MIN_LETTERS letters.  (Numbers get no stem in the index; a Z
 * term starting with a digit comes only from a word such as "3d".) */
static bool
keep_stem(void *ctx, const char *term, size_t len)
{
    (void)ctx;
    if (len < 2 || term[0] != DL_PREFIX_STEM[0])
        return false;
    if (term[1] >= '0' && term[1] <= '9')
        return false;
    return letters(term + 1, len - 1) >= MIN_LETTERS;
}

static int
cmp_by_term(const void *a, const void *b)
{
    const struct by_term *x = a;
    const struct by_term *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->stem, y->stem, n);
    if (r != 0)
        return r;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* The candidate whose Z term is "Z" + stem[0..n), or -1. */
static int
find_cand(const struct pass *p, const char *stem, size_t n)
{
    struct by_term key = {stem, n, -1};
    const struct by_term *hit =
        p->n == 0 ? NULL
                  : bsearch(&key, p->by_term, p->n, sizeof key, cmp_by_term);
    return hit != NULL ? hit->cand : -1;
}

/* The stemmer of lang (NULL when the language has none), made once. */
static dl_status
stemmer_of(struct pass *p, const char *lang, dl_stemmer **out, dl_err *err)
{
    size_t i;
    *out = NULL;
    for (i = 0; i < p->n_langs; i++) {
        if (strcmp(p->langs[i].code, lang) == 0) {
            *out = p->langs[i].st;
            return DL_OK;
        }
    }
    if (dl_lang_has_stemmer(lang)) {
        dl_status rc = dl_stemmer_new(lang, out, err);
        if (rc != DL_OK)
            return rc;
    }
    if (p->n_langs == MAX_LANGS) {
        /* Not reached (more languages than the table): its words then
         * count as words of a language without a stemmer. */
        dl_stemmer_free(*out);
        *out = NULL;
        return DL_OK;
    }
    snprintf(p->langs[p->n_langs].code, sizeof p->langs[0].code, "%s", lang);
    p->langs[p->n_langs++].st = *out;
    return DL_OK;
}

static dl_status
grow_slots(struct pass *p)
{
    size_t cap = p->cap_slots ? p->cap_slots * 2 : 4096;
    struct stem_slot *s = dl_calloc(cap, sizeof *s);
    size_t i;
    if (s == NULL)
        return DL_ENOMEM;
    for (i = 0; i < p->cap_slots; i++) {
        struct stem_slot *o = &p->slots[i];
        size_t h;
        if (!o->used)
            continue;
        h = (size_t)dl_hash64(p->arena.data + o->off, o->len) & (cap - 1);
        while (s[h].used)
            h = (h + 1) & (cap - 1);
        s[h] = *o;
    }
    dl_free(p->slots);
    p->slots = s;
    p->cap_slots = cap;
    return DL_OK;
}

/* Add a document of a form to candidate k. */
static dl_status
count_form(struct pass *p, int k, const char *w, size_t n, const char *lang)
{
    struct cand *c = &p->c[k];
    size_t i;
    for (i = 0; i < c->n_forms; i++) {
        if (c->forms[i].len == n &&
            memcmp(p->arena.data + c->forms[i].off, w, n) == 0) {
            c->forms[i].docs++;
            return DL_OK;
        }
    }
    if (c->n_forms == c->cap_forms) {
        size_t cap = c->cap_forms ? c->cap_forms * 2 : 4;
        struct form *f = dl_realloc(c->forms, cap * sizeof *f);
        if (f == NULL)
            return DL_ENOMEM;
        c->forms = f;
        c->cap_forms = cap;
    }
    c->forms[c->n_forms].off = p->arena.len;
    c->forms[c->n_forms].len = n;
    c->forms[c->n_forms].docs = 1;
    snprintf(c->forms[c->n_forms].lang, LANG_MAX + 1, "%s", lang);
    c->n_forms++;
    return dl_buf_append(&p->arena, w, n);
}

/* A raw word w of a document in lang: which candidate its stem is, from
 * the cache or stemmed now, and a document more for that form. */
static dl_status
raw_word(struct pass *p, const char *lang, const char *w, size_t n, dl_err *err)
{
    size_t keylen = strlen(lang) + 1 + n;
    size_t off = p->arena.len;
    size_t h;
    dl_stemmer *st = NULL;
    const char *stem = w;
    size_t sn = n;
    dl_status rc;

    if (dl_buf_puts(&p->arena, lang) != DL_OK ||
        dl_buf_putc(&p->arena, '\x1f') != DL_OK ||
        dl_buf_append(&p->arena, w, n) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    if (2 * (p->used_slots + 1) > p->cap_slots && grow_slots(p) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    h = (size_t)dl_hash64(p->arena.data + off, keylen) & (p->cap_slots - 1);
    for (;; h = (h + 1) & (p->cap_slots - 1)) {
        struct stem_slot *s = &p->slots[h];
        if (!s->used)
            break;
        if (s->len == keylen &&
            memcmp(p->arena.data + s->off, p->arena.data + off, keylen) == 0) {
            p->arena.len = off; /* known: drop the key just written */
            if (s->cand < 0)
                return DL_OK;
            rc = count_form(p, s->cand, w, n, lang);
            return rc == DL_OK ? DL_OK : dl_err_set(err, rc, "out of memory");
        }
    }
    rc = stemmer_of(p, lang, &st, err);
    if (rc == DL_OK && st != NULL)
        rc = dl_stemmer_stem(st, w, n, &stem, &sn, err);
    if (rc != DL_OK)
        return rc;
    p->slots[h].used = true;
    p->slots[h].off = off;
    p->slots[h].len = keylen;
    p->slots[h].cand = find_cand(p, stem, sn);
    p->used_slots++;
    if (p->slots[h].cand < 0)
        return DL_OK;
    rc = count_form(p, p->slots[h].cand, w, n, lang);
    return rc == DL_OK ? DL_OK : dl_err_set(err, rc, "out of memory");
}

/* One document's term list: its language (the L term comes before its
 * words: term lists are in byte order, prefixes are uppercase), a
 * document more for each candidate stem it holds, and its raw words. */
static dl_status
read_doc(struct pass *p, dl_db *db, unsigned docid, dl_err *err)
{
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long wdf;
    char lang[LANG_MAX + 1] = DL_LANG_UNDETERMINED;
    dl_status rc = dl_db_docterms(db, docid, &it, err);

    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &wdf, err);
        if (rc != DL_OK)
            break;
        if (len > 1 && t[0] == DL_PREFIX_LANG[0] && len - 1 <= LANG_MAX &&
            t[1] >= 'a' && t[1] <= 'z') {
            memcpy(lang, t + 1, len - 1);
            lang[len - 1] = '\0';
        } else if (len > 1 && t[0] == DL_PREFIX_STEM[0]) {
            int k = find_cand(p, t + 1, len - 1);
            if (k >= 0)
                p->c[k].docs++;
        } else if (len > 0 && !((t[0] >= 'A' && t[0] <= 'Z') ||
                                (t[0] >= '0' && t[0] <= '9'))) {
            rc = raw_word(p, lang, t, len, err);
        }
    }
    dl_termiter_free(it);
    return rc == DL_DONE ? DL_OK : rc;
}

static void
pass_free(struct pass *p)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        dl_free(p->c[i].forms);
    dl_free(p->c);
    dl_free(p->by_term);
    dl_free(p->slots);
    dl_buf_free(&p->arena);
    for (i = 0; i < p->n_langs; i++)
        dl_stemmer_free(p->langs[i].st);
}

/* The candidates of es into p, with their lookup order. */
static dl_status
pass_init(struct pass *p, const dl_eset *es, dl_err *err)
{
    size_t n = dl_eset_count(es);
    size_t i;
    memset(p, 0, sizeof *p);
    dl_buf_init(&p->arena);
    if (n == 0)
        return DL_OK;
    p->c = dl_calloc(n, sizeof *p->c);
    p->by_term = dl_calloc(n, sizeof *p->by_term);
    if (p->c == NULL || p->by_term == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        if (dl_eset_term(es, i, &p->c[i].term, &p->c[i].len, &p->c[i].weight) !=
            DL_OK)
            return dl_err_set(err, DL_EINTERNAL, "expand term %zu", i);
        p->by_term[i].stem = p->c[i].term + 1;
        p->by_term[i].len = p->c[i].len - 1;
        p->by_term[i].cand = (int)i;
    }
    p->n = n;
    qsort(p->by_term, n, sizeof *p->by_term, cmp_by_term);
    return DL_OK;
}

/* Whether candidate c is shown, with its form f: not a stopword of the
 * form's language, not too short, and not a word that much of the archive
 * holds unless the sample holds it DL_TOPWORDS_COMMON_LIFT times as often
 * (sample documents out of sample). */
static dl_status
shown(dl_db *db, const struct cand *c, const struct form *f, const char *w,
      unsigned long docs_all, size_t sample, bool *out, dl_err *err)
{
    unsigned long tf = 0;
    double share;
    dl_status rc;
    *out = false;
    if (letters(w, f->len) < MIN_LETTERS || dl_stopword_is(f->lang, w, f->len))
        return DL_OK;
    rc = dl_db_termfreq(db, c->term, c->len, &tf, err);
    if (rc != DL_OK || docs_all == 0 || sample == 0)
        return rc;
    share = (double)tf / (double)docs_all;
    *out = share <= DL_TOPWORDS_MAX_SHARE ||
           (double)c->docs / (double)sample >= DL_TOPWORDS_COMMON_LIFT * share;
    return DL_OK;
}

/* The words to show from the pass, best first, at most want. */
static dl_status
pick_words(dl_db *db, const struct pass *p, size_t want, struct dl_topwords *tw,
           dl_err *err)
{
    struct dl_topword_form fs[64];
    unsigned long docs_all = 0;
    size_t i;
    size_t k;
    dl_status rc = dl_db_doccount(db, &docs_all, err);

    if (rc != DL_OK || p->n == 0)
        return rc;
    tw->words = dl_calloc(want, sizeof *tw->words);
    if (tw->words == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < p->n && tw->n < want && rc == DL_OK; i++) {
        const struct cand *c = &p->c[i];
        const struct form *f;
        struct dl_topword *out;
        bool ok = false;
        size_t nf = c->n_forms < 64 ? c->n_forms : 64;
        if (nf == 0 || c->docs == 0)
            continue; /* a stem no word of the sample gives */
        for (k = 0; k < nf; k++) {
            fs[k].form = p->arena.data + c->forms[k].off;
            fs[k].len = c->forms[k].len;
            fs[k].docs = c->forms[k].docs;
        }
        f = &c->forms[dl_topwords_best_form(fs, nf)];
        rc = shown(db, c, f, p->arena.data + f->off, docs_all, tw->sample, &ok,
                   err);
        if (rc != DL_OK || !ok)
            continue;
        out = &tw->words[tw->n];
        out->word = dl_strndup(p->arena.data + f->off, f->len);
        out->stem = dl_strndup(c->term + 1, c->len - 1);
        out->score = c->weight;
        out->docs = c->docs;
        tw->n++;
        if (out->word == NULL || out->stem == NULL)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    return rc;
}

static int
cmp_docid(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a;
    unsigned y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* ids[0..*n) cut to sample of them evenly spaced in docid order. */
static void
spread_out(unsigned *ids, size_t *n, size_t sample)
{
    size_t i;
    if (*n <= sample)
        return;
    qsort(ids, *n, sizeof *ids, cmp_docid);
    for (i = 0; i < sample; i++)
        ids[i] = ids[i * *n / sample];
    *n = sample;
}

/* The sample's docids: the match of plan, without document data; when
 * spread, every match is read and the sample spaced evenly over them in
 * docid order, else it is the best by relevance. */
static dl_status
sample_docids(dl_searcher *s, const struct dl_search_req *r,
              const struct dl_search_plan *plan, size_t sample, bool spread,
              unsigned **ids, size_t *n, unsigned long *matches, dl_err *err)
{
    struct dl_search_opts so = plan->so;
    dl_mset *m = NULL;
    unsigned long all = 0;
    size_t i;
    dl_status rc;

    *ids = NULL;
    *n = 0;
    so.offset = 0;
    so.limit = sample;
    if (spread) {
        rc = dl_db_doccount(dl_searcher_db(s), &all, err);
        if (rc != DL_OK)
            return rc;
        so.limit = (size_t)all;
    }
    so.no_data = true;
    so.boolean = spread; /* every match is read: no need to weigh them */
    so.facet_slot = -1;
    if (r->sort != DL_SORT_RELEVANCE)
        so.sort = DL_SORT_RELEVANCE; /* the page's order is not the sample's */
    if (so.check_at_least < sample)
        so.check_at_least = (unsigned)sample;
    rc = dl_search(dl_searcher_db(s), plan->full, &so, &m, err);
    if (rc != DL_OK)
        return rc;
    dl_mset_total(m, NULL, matches, NULL);
    *ids = dl_calloc(dl_mset_count(m) + 1, sizeof **ids);
    if (*ids == NULL) {
        dl_mset_free(m);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    for (i = 0; i < dl_mset_count(m); i++) {
        struct dl_hit h;
        if (dl_mset_hit(m, i, &h) == DL_OK)
            (*ids)[(*n)++] = h.docid;
    }
    dl_mset_free(m);
    if (spread)
        spread_out(*ids, n, sample);
    return DL_OK;
}

/* One run against one revision of the index. */
static dl_status
topwords_once(dl_searcher *s, const struct dl_search_req *r,
              const struct dl_topwords_opts *o, double deadline,
              struct dl_topwords *tw, size_t *errpos, dl_err *err)
{
    struct dl_search_plan plan;
    struct dl_result seen; /* what the plan's match said: empty, fallback */
    struct dl_expand_opts eo;
    struct pass p;
    dl_eset *es = NULL;
    unsigned *ids = NULL;
    size_t n = 0;
    size_t i;
    dl_status rc;

    memset(&p, 0, sizeof p);
    memset(&seen, 0, sizeof seen);
    rc = dl_search_plan_run(s, r, deadline, &plan, &seen, errpos, err);
    tw->empty_query = seen.empty_query;
    tw->any_word = seen.notice != NULL;
    if (rc != DL_OK || seen.empty_query)
        goto out;
    rc = sample_docids(s, r, &plan, o->sample ? o->sample : DL_TOPWORDS_SAMPLE,
                       !o->best, &ids, &n, &tw->matches, err);
    tw->sample = n;
    if (rc == DL_OK)
        rc = dl_search_budget_left(deadline, err);
    if (rc != DL_OK || n == 0)
        goto out;
    memset(&eo, 0, sizeof eo);
    eo.max_terms = 3 * o->n + 30;
    eo.keep = keep_stem;
    eo.exclude = plan.pq->query;
    eo.bo1 = o->bo1;
    eo.xapian = o->xapian;
    rc = dl_db_expand_set(dl_searcher_db(s), ids, n, &eo, &es, err);
    if (rc == DL_OK)
        rc = pass_init(&p, es, err);
    for (i = 0; rc == DL_OK && i < n && p.n > 0; i++) {
        rc = read_doc(&p, dl_searcher_db(s), ids[i], err);
        if (rc == DL_OK && i % 64 == 63)
            rc = dl_search_budget_left(deadline, err);
    }
    if (rc == DL_OK)
        rc = pick_words(dl_searcher_db(s), &p, o->n, tw, err);
out:
    pass_free(&p);
    dl_eset_free(es);
    dl_free(ids);
    dl_search_plan_free(&plan);
    dl_free(seen.notice);
    return rc;
}

dl_status
dl_topwords_run(dl_searcher *s, const struct dl_search_req *r,
                const struct dl_topwords_opts *o, struct dl_topwords **out,
                size_t *errpos, dl_err *err)
{
    struct dl_topwords *tw = NULL;
    double t0 = dl_now();
    double deadline = dl_cpu_deadline(r->budget_ms);
    unsigned tries;
    dl_status rc;

    *out = NULL;
    if (errpos != NULL)
        *errpos = 0;
    if (o->n < 1 || o->n > DL_TOPWORDS_MAX)
        return dl_err_set(err, DL_EINVAL, "top words takes 1 to %d words",
                          DL_TOPWORDS_MAX);
    for (tries = 0;; tries++) {
        tw = dl_calloc(1, sizeof *tw);
        if (tw == NULL)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        tw->query = dl_strndup(r->query != NULL ? r->query : "",
                               r->query != NULL ? r->query_len : 0);
        if (tw->query == NULL) {
            dl_free(tw);
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        }
        rc = topwords_once(s, r, o, deadline, tw, errpos, err);
        if (rc != DL_EMODIFIED || tries >= DL_SEARCH_MAX_RETRIES)
            break;
        dl_topwords_free(tw);
        tw = NULL;
        rc = dl_db_reopen(dl_searcher_db(s), NULL, err);
        if (rc != DL_OK)
            return rc;
    }
    if (rc != DL_OK) {
        dl_topwords_free(tw);
        return rc;
    }
    tw->took_ms = (dl_now() - t0) * 1000.0;
    *out = tw;
    return DL_OK;
}
