/* search.c - one search, from query text to a self-contained result.
 *
 * The whole of a search (parse, run, fallback, snippets, suggestion) is one
 * search_once(); a run that meets DL_EMODIFIED anywhere is thrown away, the
 * database reopened, and the search repeated, so a result never mixes two
 * revisions of the index.  Results own copies of everything they show:
 * the mset is freed before returning, and a renderer needs nothing else.
 * The "did you mean" of a query is suggest.c's (dl_suggest_query).
 * A verbose any-word query is run twice: once for its top hits, whose
 * most telling terms (pseudo-relevance feedback) then widen the query
 * that is shown; docs/ranking.md has the measurements behind every
 * ranking constant here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_boiler.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_format.h"
#include "dl_lang.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "query.h"
#include "search.h"
#include "search_int.h"
#include "search_filters.h"
#include "snippet.h"
#include "suggest.h"

/* Matches checked even for a small page, so totals up to this are exact. */
#define EXACT_UPTO 1000

/* BM25: the textbook k1 and b (Robertson; Lucene's defaults) rather than
 * Xapian's 1 and 0.5: documents here run from a headline to a long
 * feature, and full length normalisation measured better on CISI and no
 * worse on BBC (docs/ranking.md). */
#define RANK_K1 1.2
#define RANK_B 0.75
/* Pseudo-relevance feedback for match-any queries of PRF_MIN_WORDS
 * weighing words (stopwords and repeats left out) or more: the best
 * PRF_TERMS terms of the top PRF_DOCS hits, ORed in at PRF_WEIGHT of their
 * own weight.  Only verbose queries (a pasted paragraph, a topic
 * description) get it: on short ones it measured harmful, pulling
 * same-topic articles above the one the words were taken from. */
#define PRF_MIN_WORDS 20
#define PRF_DOCS 10
#define PRF_TERMS 20
#define PRF_WEIGHT 0.4

struct dl_searcher {
    dl_db *db;
    dl_query_parser *qp;
};

/* In DL_SLOT_FACETS's field order. */
static const char *const facet_names[DL_RESULT_FACETS] = {"source", "month",
                                                          "lang"};
_Static_assert(DL_RESULT_FACETS == DL_FACET_FIELDS,
               "one result facet per field of DL_SLOT_FACETS");

void
dl_search_req_init(struct dl_search_req *r)
{
    memset(r, 0, sizeof *r);
    r->query = "";
    r->limit = 10;
    r->sort = DL_SORT_RELEVANCE;
    r->suggest = true;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The languages of the database's articles and how many each has: its
 * "L" terms and their document frequencies, which Xapian merges over
 * every shard (local, stub or remote; user metadata such as "dl:langs"
 * would come from the first shard only).  out gets "en:120,kk:20,ru:25"
 * (codes and article counts).
 *
 * A local database walks its few L terms.  Over remote shards that walk
 * asks one shard after the other, a round trip each; there every L term
 * the index can hold (a code of the language table, or "und": the indexer
 * writes no other) is counted at once instead, as a match gathers its
 * statistics: one exchange with all the shards (docs/shards.md).  The
 * same counts either way; locally the walk is cheaper. */
static dl_status
walk_langs(dl_db *db, dl_buf *out, dl_err *err)
{
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    dl_status rc = dl_db_allterms(db, DL_PREFIX_LANG, &it, err);
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &freq, err);
        if (rc != DL_OK || len <= 1)
            continue;
        if ((out->len > 0 && dl_buf_putc(out, ',') != DL_OK) ||
            dl_buf_append(out, t + 1, len - 1) != DL_OK ||
            dl_buf_printf(out, ":%lu", freq) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    dl_termiter_free(it);
    return rc == DL_DONE ? DL_OK : rc;
}

/* Room for "L" + a code of the language table + NUL. */
#define LANG_TERM_MAX 16

static dl_status
count_langs(dl_db *db, dl_buf *out, dl_err *err)
{
    const dl_lang_info *l;
    const char **terms = NULL;
    char *names = NULL;
    unsigned long *freqs = NULL;
    size_t n = 1; /* "und" */
    size_t i;
    dl_status rc = DL_OK;

    for (l = dl_lang_next(NULL); l != NULL; l = dl_lang_next(l))
        n++;
    terms = dl_calloc(n, sizeof *terms);
    freqs = dl_calloc(n, sizeof *freqs);
    names = dl_calloc(n, LANG_TERM_MAX);
    if (terms == NULL || freqs == NULL || names == NULL) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    /* In byte order, as the walk gives them. */
    for (i = 0, l = dl_lang_next(NULL); i < n; i++) {
        char *t = names + i * LANG_TERM_MAX;
        snprintf(t, LANG_TERM_MAX, "%s%s", DL_PREFIX_LANG,
                 l != NULL ? l->code : "und");
        terms[i] = t;
        if (l != NULL)
            l = dl_lang_next(l);
    }
    qsort(terms, n, sizeof *terms, cmp_str);
    rc = dl_db_termfreqs(db, terms, n, freqs, err);
    for (i = 0; rc == DL_OK && i < n; i++) {
        if (freqs[i] == 0)
            continue;
        if ((out->len > 0 && dl_buf_putc(out, ',') != DL_OK) ||
            dl_buf_printf(out, "%s:%lu", terms[i] + strlen(DL_PREFIX_LANG),
                          freqs[i]) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
out:
    dl_free(terms);
    dl_free(freqs);
    dl_free(names);
    return rc;
}

static dl_status
index_langs(dl_db *db, dl_buf *out, dl_err *err)
{
    return dl_db_has_remote(db) ? count_langs(db, out, err)
                                : walk_langs(db, out, err);
}

/* Whether this searcher can read every database it opened (spec i is
 * part i of db): each one's format and features, from its own metadata
 * (a combined database's would be its first shard's only).  DL_OK, or
 * DL_EINVAL naming the database and what to do (dl_format_check), or the
 * error of reading the metadata. */
static dl_status
check_formats(dl_db *db, const char *const *specs, size_t n, bool *xscript,
              dl_err *err)
{
    dl_status rc = DL_OK;
    size_t i;
    *xscript = true;
    for (i = 0; rc == DL_OK && i < n && i < dl_db_parts(db); i++) {
        char *schema = NULL;
        char *features = NULL;
        size_t slen = 0;
        size_t flen = 0;
        rc = dl_db_part_metadata(db, i, DL_META_SCHEMA, &schema, &slen, err);
        if (rc == DL_OK)
            rc = dl_db_part_metadata(db, i, DL_META_FEATURES, &features, &flen,
                                     err);
        if (rc == DL_OK)
            rc = dl_format_check(specs[i], schema, slen, features, flen,
                                 DL_FORMAT_READ, err);
        /* Cross-script keys only where every part has them. */
        *xscript = *xscript && dl_format_has(features, flen, "xscript-keys");
        dl_free(schema);
        dl_free(features);
    }
    return rc;
}

/* The parser's date oracle (struct dl_date_oracle) over the searcher's
 * database: every article dated to a day has a D term, one dated to a
 * month or day an M term, so a month holds articles dated only to it
 * exactly when its M term counts more articles than its D terms together,
 * and a year likewise against its M terms.  One term count and a walk of
 * at most 31 terms, against the check of every article of that month or
 * year that it saves; counts merge over shards as for one database.  A
 * failure of the database is returned, and the parse reports it. */
static dl_status
coarse_dates(void *ctx, const char *prefix, const char *digits, bool *out,
             dl_err *err)
{
    dl_db *db = ctx;
    const char *finer =
        strcmp(prefix, DL_PREFIX_YEAR) == 0 ? DL_PREFIX_MONTH : DL_PREFIX_DAY;
    char term[16];
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    unsigned long coarse = 0;
    unsigned long fine = 0;
    dl_status rc;

    *out = true;
    snprintf(term, sizeof term, "%s%s", prefix, digits);
    rc = dl_db_termfreq(db, term, strlen(term), &coarse, err);
    if (rc == DL_OK) {
        snprintf(term, sizeof term, "%s%s", finer, digits);
        rc = dl_db_allterms(db, term, &it, err);
    }
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &freq, err);
        if (rc == DL_OK)
            fine += freq;
    }
    dl_termiter_free(it);
    if (rc != DL_DONE)
        return rc;
    *out = coarse > fine;
    return DL_OK;
}

/* The parser's date bounds over the searcher's database: the date slot's
 * lowest and highest value (Xapian's value bounds, kept per slot and
 * merged over shards: two look-ups, asked only by an open date: range);
 * a failure of the database is returned, as by coarse_dates. */
static dl_status
date_bounds(void *ctx, char lo[9], char hi[9], bool *found, dl_err *err)
{
    dl_db *db = ctx;
    char *l = NULL;
    char *h = NULL;
    size_t ln = 0;
    size_t hn = 0;
    dl_status rc = dl_db_value_bounds(db, DL_SLOT_DATE, &l, &ln, &h, &hn, err);
    *found = rc == DL_OK && ln == 8 && hn == 8 &&
             strspn(l, "0123456789") == 8 && strspn(h, "0123456789") == 8;
    if (*found) {
        memcpy(lo, l, 9);
        memcpy(hi, h, 9);
    }
    dl_free(l);
    dl_free(h);
    return rc;
}

/* The parser's term counts (struct dl_date_oracle, termfreq). */
static dl_status
term_count(void *ctx, const char *term, size_t len, unsigned long *out,
           dl_err *err)
{
    return dl_db_termfreq(ctx, term, len, out, err);
}

dl_status
dl_searcher_open(const char *const *specs, size_t n, dl_searcher **out,
                 dl_err *err)
{
    dl_searcher *s;
    dl_buf langs = DL_BUF_INIT;
    bool xscript = false;
    dl_status rc;

    *out = NULL;
    s = dl_calloc(1, sizeof *s);
    if (s == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = dl_db_open_multi(specs, n, &s->db, err);
    if (rc == DL_OK)
        rc = check_formats(s->db, specs, n, &xscript, err);
    if (rc == DL_OK)
        rc = index_langs(s->db, &langs, err);
    if (rc == DL_OK)
        rc = dl_query_parser_new(langs.data, &s->qp, err);
    if (rc == DL_OK) {
        struct dl_date_oracle o;
        o.coarse = coarse_dates;
        o.bounds = date_bounds;
        o.ctx = s->db;
        o.termfreq = term_count;
        dl_query_parser_set_date_oracle(s->qp, &o);
        dl_query_parser_set_xscript(s->qp, xscript);
    }
    dl_buf_free(&langs);
    if (rc != DL_OK) {
        dl_searcher_close(s);
        return rc;
    }
    *out = s;
    return DL_OK;
}

void
dl_searcher_close(dl_searcher *s)
{
    if (s == NULL)
        return;
    dl_query_parser_free(s->qp);
    dl_db_close(s->db);
    dl_free(s);
}

dl_db *
dl_searcher_db(dl_searcher *s)
{
    return s->db;
}

dl_query_parser *
dl_searcher_parser(dl_searcher *s)
{
    return s->qp;
}

void
dl_result_hit_free(struct dl_result_hit *h)
{
    dl_free(h->id);
    dl_free(h->title);
    dl_free(h->date);
    dl_free(h->source);
    dl_free(h->url);
    dl_free(h->path);
    dl_free(h->lang);
    dl_free(h->snippet);
    dl_free(h->highlights);
    memset(h, 0, sizeof *h);
}

void
dl_result_free(struct dl_result *res)
{
    size_t i;
    size_t f;
    if (res == NULL)
        return;
    for (i = 0; i < res->n_hits; i++)
        dl_result_hit_free(&res->hits[i]);
    dl_free(res->hits);
    for (f = 0; f < DL_RESULT_FACETS; f++) {
        for (i = 0; i < res->facets[f].n; i++)
            dl_free(res->facets[f].v[i].value);
        dl_free(res->facets[f].v);
    }
    dl_free(res->query);
    dl_free(res->suggestion);
    dl_free(res->notice);
    dl_free(res);
}

char *
dl_slice_dup(struct dl_slice s)
{
    return dl_strndup(s.p != NULL ? s.p : "", s.n);
}

char *
dl_slice_dup_date(struct dl_slice s)
{
    size_t i;
    if (s.n == 8) {
        for (i = 0; i < 8; i++) {
            if (s.p[i] < '0' || s.p[i] > '9')
                break;
        }
        if (i == 8) {
            char buf[11];
            snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", s.p, s.p + 4, s.p + 6);
            return dl_strdup(buf);
        }
    }
    return dl_slice_dup(s);
}

/* DL_OK while the search's deadline (0: none) is ahead.  Checked between
 * the steps of a search; inside a match, dl_search checks it. */
dl_status
dl_search_budget_left(double deadline, dl_err *err)
{
    if (deadline > 0 && dl_thread_cpu() >= deadline)
        return dl_err_set(err, DL_EBUDGET,
                          "it needed more than the CPU time one search may "
                          "use");
    return DL_OK;
}

/* The body of the article whose document data is d, from packed[0..plen)
 * (its DL_SLOT_BODY value) into body (reset first): d itself holds it in an
 * index written before that slot (dl_schema.h).  A body that does not
 * inflate gives an empty snippet (or an empty view), not a failed search. */
static dl_status
body_from(const char *packed, size_t plen, const struct dl_docdata *d,
          dl_buf *body, dl_err *err)
{
    dl_status rc = DL_OK;
    dl_buf_reset(body);
    if (d->body.n > 0) {
        if (dl_buf_append(body, d->body.p, d->body.n) != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        return DL_OK;
    }
    if (plen > 0) {
        rc = dl_body_unpack(packed, plen, body);
        if (rc == DL_ENOMEM)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        rc = DL_OK; /* DL_EINVAL: no snippet for a damaged body */
    }
    return rc;
}

dl_status
dl_searcher_body(dl_searcher *s, unsigned docid, const struct dl_docdata *d,
                 dl_buf *body, dl_err *err)
{
    char *packed = NULL;
    size_t plen = 0;
    dl_status rc = DL_OK;
    if (d->body.n == 0)
        rc = dl_db_get_value(s->db, docid, DL_SLOT_BODY, &packed, &plen, err);
    if (rc == DL_OK)
        rc = body_from(packed, plen, d, body, err);
    dl_free(packed);
    return rc;
}

/* The value slots each hit is read with (match_options): the stored body
 * and the boilerplate marks, fetched with the document data, so a remote
 * shard answers a hit in one round trip (docs/shards.md). */
enum { HIT_VALUE_BODY, HIT_VALUE_BOILER, HIT_VALUES };

static dl_status
hit_body_from(const char *packed, size_t plen, const char *marks, size_t mlen,
              const struct dl_docdata *d, dl_buf *body, dl_err *err)
{
    dl_status rc = body_from(packed, plen, d, body, err);
    if (rc == DL_OK && body->len > 0)
        dl_boiler_strip(body, marks, mlen);
    return rc;
}

/* The hit's body, as snippets show it, into body: unpacked, and without
 * the paragraphs its document marks as its source's boilerplate
 * (DL_SLOT_BOILER, common/dl_boiler.h): its terms left them out, so a
 * snippet never shows them.  From the values the hit was read with (a
 * search's page: one fetch per hit, also from a remote shard), else read
 * for it (an export's matches). */
static dl_status
hit_body(dl_searcher *s, const struct dl_hit *hit, const struct dl_docdata *d,
         dl_buf *body, dl_err *err)
{
    char *packed = NULL;
    char *marks = NULL;
    size_t plen = 0;
    size_t mlen = 0;
    dl_status rc = DL_OK;

    if (hit->n_values == HIT_VALUES)
        return hit_body_from(hit->values[HIT_VALUE_BODY],
                             hit->value_lens[HIT_VALUE_BODY],
                             hit->values[HIT_VALUE_BOILER],
                             hit->value_lens[HIT_VALUE_BOILER], d, body, err);
    if (d->body.n == 0)
        rc = dl_db_get_value(s->db, hit->docid, DL_SLOT_BODY, &packed, &plen,
                             err);
    if (rc == DL_OK)
        rc = dl_db_get_value(s->db, hit->docid, DL_SLOT_BOILER, &marks, &mlen,
                             err);
    if (rc == DL_OK)
        rc = hit_body_from(packed, plen, marks, mlen, d, body, err);
    dl_free(packed);
    dl_free(marks);
    return rc;
}

dl_status
dl_search_fill_hit(dl_searcher *s, const struct dl_hit *hit,
                   const struct dl_parsed_query *pq,
                   const struct dl_search_req *r, bool snippet,
                   struct dl_result_hit *h, dl_buf *body, dl_err *err)
{
    struct dl_docdata d;
    struct dl_snippet sn;
    char lang[16];
    dl_status rc;

    dl_docdata_decode(hit->data, hit->data_len, &d);
    h->docid = hit->docid;
    h->rank = hit->rank + 1;
    h->score = hit->score;
    h->duplicates = hit->collapse_count;
    h->id = dl_slice_dup(d.id);
    h->title = dl_slice_dup(d.title);
    h->date = dl_slice_dup_date(d.date);
    h->source = dl_slice_dup(d.source);
    h->url = dl_slice_dup(d.url);
    h->url_too_long = d.url_too_long.n > 0;
    h->path = dl_slice_dup(d.path);
    h->lang = dl_slice_dup(d.lang);
    if (!h->id || !h->title || !h->date || !h->source || !h->url || !h->path ||
        !h->lang)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    if (!snippet)
        return DL_OK;
    snprintf(lang, sizeof lang, "%.*s", (int)d.lang.n,
             d.lang.p != NULL ? d.lang.p : "");
    rc = hit_body(s, hit, &d, body, err);
    if (rc == DL_OK)
        rc = dl_snippet_make(body->data != NULL ? body->data : "", body->len,
                             pq, s->qp, lang, r->snippet_words, &sn, err);
    if (rc != DL_OK)
        return rc;
    h->snippet = sn.text;
    h->snippet_len = sn.len;
    h->highlights = sn.hl;
    h->n_highlights = sn.n_hl;
    return DL_OK;
}

static dl_status
fill_hits_into(dl_searcher *s, const dl_mset *m,
               const struct dl_parsed_query *pq, const struct dl_search_req *r,
               struct dl_result *res, dl_buf *body, dl_err *err)
{
    size_t n = dl_mset_count(m);
    size_t i;
    if (n == 0)
        return DL_OK;
    res->hits = dl_calloc(n, sizeof *res->hits);
    if (res->hits == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        struct dl_hit hit;
        dl_status rc;

        if (dl_mset_hit(m, i, &hit) != DL_OK)
            return dl_err_set(err, DL_EINTERNAL, "hit %zu out of range", i);
        res->n_hits++;
        rc = dl_search_fill_hit(s, &hit, pq, r, true, &res->hits[i], body, err);
        if (rc != DL_OK)
            return rc;
    }
    return DL_OK;
}

static dl_status
fill_hits(dl_searcher *s, const dl_mset *m, const struct dl_parsed_query *pq,
          const struct dl_search_req *r, struct dl_result *res, dl_err *err)
{
    dl_buf body = DL_BUF_INIT; /* one buffer for every hit's body */
    dl_status rc = fill_hits_into(s, m, pq, r, res, &body, err);
    dl_buf_free(&body);
    return rc;
}

static dl_status
fill_facets(const dl_mset *m, struct dl_result *res, dl_err *err)
{
    size_t f;
    res->has_facets = true;
    for (f = 0; f < DL_RESULT_FACETS; f++) {
        size_t k;
        size_t n = 0;
        const char *v;
        size_t vl;
        unsigned long c;
        res->facets[f].name = facet_names[f];
        while (dl_mset_facet(m, f, n, &v, &vl, &c) == DL_OK)
            n++;
        if (n == 0)
            continue;
        res->facets[f].v = dl_calloc(n, sizeof *res->facets[f].v);
        if (res->facets[f].v == NULL)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        for (k = 0; k < n; k++) {
            if (dl_mset_facet(m, f, k, &v, &vl, &c) != DL_OK)
                break;
            res->facets[f].v[k].value = dl_strndup(v, vl);
            if (res->facets[f].v[k].value == NULL)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            res->facets[f].v[k].count = c;
            res->facets[f].n++;
        }
    }
    return DL_OK;
}

/* q widened by pseudo-relevance feedback: run q (filtered by f) for its
 * top hits, ask Xapian for the terms that best tell those hits from the
 * rest, and OR them in at a reduced weight, so a long query's documents
 * that say the same thing in other words rise.  *out is q itself (a new
 * reference) when there is nothing to add. */
static dl_status
feedback(dl_searcher *s, dl_query *q, dl_query *f,
         const struct dl_search_opts *base, dl_query **out, dl_err *err)
{
    struct dl_search_opts so = *base;
    dl_query *first = NULL;
    dl_query *any = NULL;
    dl_query *scaled = NULL;
    dl_query **tq = NULL;
    dl_query *pair[2];
    dl_mset *m = NULL;
    unsigned docids[PRF_DOCS];
    size_t nd = 0;
    char *terms = NULL;
    size_t nt = 0;
    size_t i;
    const char *t;
    dl_status rc;

    *out = NULL;
    so.offset = 0;
    so.limit = PRF_DOCS;
    so.check_at_least = 0;
    so.facet_slot = -1;
    so.n_hit_values = 0;
    so.sort = DL_SORT_RELEVANCE;
    rc = dl_search_filter_apply(q, false, f, &first, err);
    if (rc == DL_OK)
        rc = dl_search(s->db, first, &so, &m, err);
    if (rc != DL_OK)
        goto out;
    for (i = 0; i < dl_mset_count(m) && nd < PRF_DOCS; i++) {
        struct dl_hit h;
        if (dl_mset_hit(m, i, &h) == DL_OK)
            docids[nd++] = h.docid;
    }
    if (nd > 0)
        rc = dl_db_expand(s->db, docids, nd, PRF_TERMS, &terms, &nt, err);
    if (rc != DL_OK)
        goto out;
    if (nt == 0) {
        rc = dl_query_scale(q, 1.0, out, err);
        goto out;
    }
    tq = dl_calloc(nt, sizeof *tq);
    if (tq == NULL) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0, t = terms; i < nt && rc == DL_OK; i++, t += strlen(t) + 1)
        rc = dl_query_term(t, strlen(t), 1, 0, &tq[i], err);
    if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_OR, tq, nt, 0, &any, err);
    if (rc == DL_OK)
        rc = dl_query_scale(any, PRF_WEIGHT, &scaled, err);
    if (rc != DL_OK)
        goto out;
    pair[0] = q;
    pair[1] = scaled;
    rc = dl_query_combine(DL_QOP_OR, pair, 2, 0, out, err);
out:
    if (tq != NULL) {
        for (i = 0; i < nt; i++)
            dl_query_free(tq[i]);
        dl_free(tq);
    }
    dl_free(terms);
    dl_query_free(any);
    dl_query_free(scaled);
    dl_query_free(first);
    dl_mset_free(m);
    return rc;
}

/* The matcher's options for r and its parsed query pq: ranking, page,
 * sort, caps, deadline, and the facets slot when r asks for facets. */
static dl_status
match_options(dl_searcher *s, const struct dl_search_req *r,
              const struct dl_parsed_query *pq, double deadline,
              struct dl_search_opts *so, dl_err *err)
{
    unsigned long docs = 0;
    dl_status rc;

    dl_search_opts_init(so);
    so->bm25_k1 = RANK_K1;
    so->bm25_b = RANK_B;
    so->offset = r->offset;
    so->limit = r->limit;
    so->sort = r->sort;
    /* Filters alone weigh nothing: relevance would be docid order, so
     * list such a browse newest first. */
    if (so->sort == DL_SORT_RELEVANCE && pq->n_words == 0 && pq->n_phrases == 0)
        so->sort = DL_SORT_NEWEST;
    so->sort_slot = DL_SLOT_DATE;
    so->collapse_slot = r->no_collapse ? -1 : DL_SLOT_CLUSTER;
    so->hit_values[HIT_VALUE_BODY] = DL_SLOT_BODY;
    so->hit_values[HIT_VALUE_BOILER] = DL_SLOT_BOILER;
    so->n_hit_values = HIT_VALUES;
    so->max_wildcard_terms = DL_SEARCH_MAX_WILDCARD_TERMS;
    so->cpu_deadline = deadline;
    /* Checking a few hundred matches past the page costs little and
     * makes the total exact for most queries (see fill_result). */
    so->check_at_least =
        (unsigned)(r->offset + r->limit > EXACT_UPTO ? r->offset + r->limit
                                                     : EXACT_UPTO);
    if (!r->facets)
        return DL_OK;
    rc = dl_db_doccount(s->db, &docs, err);
    if (rc != DL_OK)
        return rc;
    /* Exact counts need every match seen, not only the top ones. */
    if (docs > so->check_at_least)
        so->check_at_least = (unsigned)docs;
    so->facet_slot = DL_SLOT_FACETS;
    so->facet_sep = DL_FACET_SEP;
    so->n_facets = DL_RESULT_FACETS;
    return DL_OK;
}

/* The query to run: pq's, widened by feedback for a long any-word query
 * ranked by relevance, with the side filters applied. */
static dl_status
query_to_run(dl_searcher *s, const struct dl_search_req *r,
             const struct dl_parsed_query *pq, dl_query *filter,
             const struct dl_search_opts *so, dl_query **full, dl_err *err)
{
    dl_query *wide = NULL;
    dl_status rc;

    if (!(r->match_any && !pq->empty && so->sort == DL_SORT_RELEVANCE &&
          pq->n_words >= PRF_MIN_WORDS))
        return dl_search_filter_apply(pq->query, pq->empty, filter, full, err);
    rc = feedback(s, pq->query, filter, so, &wide, err);
    if (rc == DL_OK)
        rc = dl_search_filter_apply(wide, false, filter, full, err);
    dl_query_free(wide);
    return rc;
}

/* rc from running pq: a query refused for its expansion says which cap
 * and what to do when pq has a wildcard. */
static dl_status
explain_wildcard_cap(dl_status rc, const struct dl_parsed_query *pq,
                     dl_err *err)
{
    if (rc == DL_EQUERY && pq->has_wildcard) {
        dl_err_set(err, DL_EQUERY,
                   "a wildcard matches too many words (the cap is %u "
                   "words): put more letters before '*'",
                   (unsigned)DL_QUERY_MAX_EXPANSION);
    }
    return rc;
}

/* Whether m holds no match at all. */
static bool
matches_none(const dl_mset *m)
{
    unsigned long upper = 0;
    dl_mset_total(m, NULL, NULL, &upper);
    return upper == 0;
}

/* Nothing holds all the words: parse the query again as any word, run
 * that instead (*pq, *full and *m replaced), and say so in res. */
static dl_status
fall_back_to_any_word(dl_searcher *s, const struct dl_search_req *r,
                      struct dl_query_options *qo, dl_query *filter,
                      const struct dl_search_opts *so, double deadline,
                      struct dl_parsed_query **pq, dl_query **full, dl_mset **m,
                      struct dl_result *res, size_t *errpos, dl_err *err)
{
    struct dl_parsed_query *any = NULL;
    dl_status rc;

    qo->match_any = true;
    rc = dl_query_parser_parse(s->qp, r->query, r->query_len, qo, &any, errpos,
                               err);
    if (rc != DL_OK)
        return rc;
    dl_parsed_query_free(*pq);
    *pq = any;
    dl_query_free(*full);
    *full = NULL;
    rc = dl_search_filter_apply(any->query, any->empty, filter, full, err);
    if (rc != DL_OK)
        return rc;
    dl_mset_free(*m);
    *m = NULL;
    rc = dl_search_budget_left(deadline, err);
    if (rc == DL_OK)
        rc =
            explain_wildcard_cap(dl_search(s->db, *full, so, m, err), any, err);
    if (rc == DL_OK) {
        res->notice =
            dl_strdup("No article contains all the words; showing articles "
                      "that contain any of them.");
        if (res->notice == NULL)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    return rc;
}

/* res from the match set m: totals, hits with snippets, facets and the
 * suggestion, as r asks. */
static dl_status
fill_result(dl_searcher *s, const struct dl_search_req *r,
            const struct dl_parsed_query *pq, const dl_mset *m,
            const struct dl_search_opts *so, double deadline,
            struct dl_result *res, dl_err *err)
{
    dl_status rc;

    dl_mset_total(m, &res->total_lower, &res->total, &res->total_upper);
    /* Fewer matches than were checked: the matcher saw them all, and its
     * lower bound is the exact count.  (With collapsing, Xapian's estimate
     * can stay far above it even then.) */
    if (res->total_lower < so->check_at_least) {
        res->total = res->total_lower;
        res->total_upper = res->total_lower;
    }
    rc = dl_search_budget_left(deadline, err);
    if (rc == DL_OK)
        rc = fill_hits(s, m, pq, r, res, err);
    if (rc == DL_OK && r->facets)
        rc = fill_facets(m, res, err);
    if (rc == DL_OK && r->suggest)
        rc = dl_suggest_query(s->db, m, r->query, r->query_len, pq,
                              &res->suggestion, err);
    return rc;
}

dl_status
dl_search_plan_run(dl_searcher *s, const struct dl_search_req *r,
                   double deadline, struct dl_search_plan *plan,
                   struct dl_result *res, size_t *errpos, dl_err *err)
{
    struct dl_query_options qo;
    dl_query *filter = NULL;
    dl_status rc;

    memset(plan, 0, sizeof *plan);
    dl_query_options_init(&qo);
    qo.match_any = r->match_any;
    qo.exact_script = r->exact_script;
    rc = dl_query_parser_parse(s->qp, r->query, r->query_len, &qo, &plan->pq,
                               errpos, err);
    if (rc != DL_OK)
        goto out;
    rc = dl_search_filters(s->qp, r, &filter, NULL, NULL, err);
    if (rc != DL_OK)
        goto out;
    if (plan->pq->empty && filter == NULL) {
        res->empty_query = true;
        goto out;
    }
    rc = match_options(s, r, plan->pq, deadline, &plan->so, err);
    if (rc == DL_OK)
        rc = query_to_run(s, r, plan->pq, filter, &plan->so, &plan->full, err);
    if (rc == DL_OK)
        rc = dl_search_budget_left(deadline, err);
    if (rc != DL_OK)
        goto out;
    rc = dl_search(s->db, plan->full, &plan->so, &plan->m, err);
    if (rc == DL_OK && plan->pq->used_default_and && matches_none(plan->m))
        rc = fall_back_to_any_word(s, r, &qo, filter, &plan->so, deadline,
                                   &plan->pq, &plan->full, &plan->m, res,
                                   errpos, err);
    else
        rc = explain_wildcard_cap(rc, plan->pq, err);
out:
    dl_query_free(filter);
    return rc;
}

void
dl_search_plan_free(struct dl_search_plan *plan)
{
    dl_mset_free(plan->m);
    dl_query_free(plan->full);
    dl_parsed_query_free(plan->pq);
    memset(plan, 0, sizeof *plan);
}

/* One run of the whole search against one revision of the index, to end
 * by deadline (thread CPU seconds; 0: none). */
static dl_status
search_once(dl_searcher *s, const struct dl_search_req *r, double deadline,
            struct dl_result *res, size_t *errpos, dl_err *err)
{
    struct dl_search_plan plan;
    dl_status rc = dl_search_plan_run(s, r, deadline, &plan, res, errpos, err);
    if (rc == DL_OK && plan.m != NULL)
        rc = fill_result(s, r, plan.pq, plan.m, &plan.so, deadline, res, err);
    dl_search_plan_free(&plan);
    return rc;
}

dl_status
dl_searcher_run(dl_searcher *s, const struct dl_search_req *r,
                struct dl_result **out, size_t *errpos, dl_err *err)
{
    struct dl_search_req req = *r;
    struct dl_result *res = NULL;
    double t0 = dl_now();
    double deadline = dl_cpu_deadline(r->budget_ms);
    unsigned tries;
    dl_status rc;

    *out = NULL;
    if (errpos != NULL)
        *errpos = 0;
    if (req.query == NULL) {
        req.query = "";
        req.query_len = 0;
    }
    if (req.limit == 0)
        req.limit = 10;
    if (req.limit > DL_SEARCH_MAX_LIMIT)
        return dl_err_set(err, DL_EINVAL, "the limit is capped at %d hits",
                          DL_SEARCH_MAX_LIMIT);
    if (req.offset > DL_SEARCH_MAX_OFFSET)
        return dl_err_set(err, DL_EINVAL, "the offset is capped at %d",
                          DL_SEARCH_MAX_OFFSET);
    for (tries = 0;; tries++) {
        res = dl_calloc(1, sizeof *res);
        if (res == NULL)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        res->offset = req.offset;
        res->query = dl_strndup(req.query, req.query_len);
        if (res->query == NULL) {
            dl_result_free(res);
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        }
        rc = search_once(s, &req, deadline, res, errpos, err);
        if (rc != DL_EMODIFIED || tries >= DL_SEARCH_MAX_RETRIES)
            break;
        dl_result_free(res);
        res = NULL;
        rc = dl_db_reopen(s->db, NULL, err);
        if (rc != DL_OK)
            return rc;
    }
    if (rc != DL_OK) {
        dl_result_free(res);
        return rc;
    }
    res->took_ms = (dl_now() - t0) * 1000.0;
    *out = res;
    return DL_OK;
}
