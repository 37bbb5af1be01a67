/* timeline.c - matching and total articles per period (timeline.h).
 *
 * One run reads the archive's date terms once (their frequencies are the
 * unfiltered totals, and tell which months and years hold articles dated
 * no finer), then counts each query's matches by date value over its
 * whole matching set (dl_db_count_values: no ranking, every match seen).
 * Counts are gathered sparse, keyed by period, and laid out over the
 * listed periods once every series is known, so a comparison's series
 * share their periods.  A run that meets DL_EMODIFIED is thrown away and
 * repeated on the reopened database, as a search is (search.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_date.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "search_filters.h"
#include "timeline.h"

/* ---- sparse counts ------------------------------------------------------- */

/* A count per key (a period, or a date as YYYYMMDD), gathered in any
 * order with repeats and negative corrections, then settled. */
struct pcount {
    long key;
    long n;
};

struct plist {
    struct pcount *v;
    size_t n, cap;
};

static dl_status
plist_add(struct plist *l, long key, long n)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        struct pcount *nv = dl_realloc(l->v, nc * sizeof *nv);
        if (nv == NULL)
            return DL_ENOMEM;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n].key = key;
    l->v[l->n].n = n;
    l->n++;
    return DL_OK;
}

static int
pcount_cmp(const void *a, const void *b)
{
    const struct pcount *x = a;
    const struct pcount *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* Sort by key and add up repeats, dropping zeros. */
static void
plist_settle(struct plist *l)
{
    size_t i;
    size_t o = 0;
    if (l->n == 0)
        return;
    qsort(l->v, l->n, sizeof *l->v, pcount_cmp);
    for (i = 0; i < l->n; i++) {
        if (o > 0 && l->v[o - 1].key == l->v[i].key)
            l->v[o - 1].n += l->v[i].n;
        else
            l->v[o++] = l->v[i];
        if (o > 0 && l->v[o - 1].n == 0 &&
            (i + 1 == l->n || l->v[i + 1].key != l->v[o - 1].key))
            o--;
    }
    l->n = o;
}

static void
plist_free(struct plist *l)
{
    dl_free(l->v);
    memset(l, 0, sizeof *l);
}

/* The YYYYMMDD date d8 as numbers; false when it is not one. */
static bool
split_date(long d8, int *y, int *m, int *d)
{
    *y = (int)(d8 / 10000);
    *m = (int)(d8 / 100 % 100);
    *d = (int)(d8 % 100);
    return *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= dl_date_days_in_month(*y, *m);
}

/* ---- one run ------------------------------------------------------------- */

/* The archive's date terms, each as (digits, documents): Y (YYYY), M
 * (YYYYMM), D (YYYYMMDD), settled. */
struct archive {
    struct plist years, months, days;
    struct plist month_only; /* months with articles dated no finer */
    struct plist year_only;  /* years likewise */
    unsigned long docs;
    char lo[9], hi[9]; /* first and last date value ("" none) */
};

struct run {
    dl_searcher *s;
    dl_db *db;
    enum dl_period period;
    double deadline; /* thread CPU seconds; 0: none */
    struct archive a;
    dl_err *err;
    bool too_long; /* the last run listed more than the periods cap */
};

/* One query's counts before the periods are laid out. */
struct tally {
    struct plist placed; /* per period key */
    unsigned long matches, undated, month_only, year_only;
};

static void
tally_free(struct tally *t)
{
    plist_free(&t->placed);
}

static dl_status
nomem(dl_err *err)
{
    return dl_err_set(err, DL_ENOMEM, "out of memory");
}

/* Every term of prefix with digits digits after it into l (key: the
 * digits as a number, n: its documents). */
static dl_status
read_terms(dl_db *db, const char *prefix, size_t digits, struct plist *l,
           dl_err *err)
{
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    dl_status rc = dl_db_allterms(db, prefix, &it, err);
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &freq, err);
        if (rc != DL_OK || len != digits + 1 ||
            strspn(t + 1, "0123456789") < digits)
            continue;
        if (plist_add(l, strtol(t + 1, NULL, 10), (long)freq) != DL_OK)
            rc = nomem(err);
    }
    dl_termiter_free(it);
    return rc == DL_DONE ? DL_OK : rc;
}

/* Into coarse, the keys of outer (months or years) whose documents are
 * more than those of their inner terms (days or months; inner key /
 * div is the outer key): they hold articles dated no finer. */
static dl_status
find_coarse(const struct plist *outer, const struct plist *inner, long div,
            struct plist *coarse)
{
    size_t i;
    size_t k = 0;
    for (i = 0; i < outer->n; i++) {
        long sum = 0;
        while (k < inner->n && inner->v[k].key / div < outer->v[i].key)
            k++;
        for (; k < inner->n && inner->v[k].key / div == outer->v[i].key; k++)
            sum += inner->v[k].n;
        if (outer->v[i].n > sum &&
            plist_add(coarse, outer->v[i].key, outer->v[i].n - sum) != DL_OK)
            return DL_ENOMEM;
    }
    return DL_OK;
}

static dl_status
archive_read(struct run *r)
{
    struct archive *a = &r->a;
    char *lo = NULL;
    char *hi = NULL;
    size_t ln = 0;
    size_t hn = 0;
    dl_status rc = dl_db_doccount(r->db, &a->docs, r->err);
    if (rc == DL_OK)
        rc = read_terms(r->db, DL_PREFIX_YEAR, 4, &a->years, r->err);
    if (rc == DL_OK)
        rc = read_terms(r->db, DL_PREFIX_MONTH, 6, &a->months, r->err);
    if (rc == DL_OK)
        rc = read_terms(r->db, DL_PREFIX_DAY, 8, &a->days, r->err);
    if (rc != DL_OK)
        return rc;
    plist_settle(&a->years);
    plist_settle(&a->months);
    plist_settle(&a->days);
    if (find_coarse(&a->months, &a->days, 100, &a->month_only) != DL_OK ||
        find_coarse(&a->years, &a->months, 100, &a->year_only) != DL_OK)
        return nomem(r->err);
    rc = dl_db_value_bounds(r->db, DL_SLOT_DATE, &lo, &ln, &hi, &hn, r->err);
    if (rc == DL_OK && ln == 8 && hn == 8) {
        memcpy(a->lo, lo, 9);
        memcpy(a->hi, hi, 9);
    }
    dl_free(lo);
    dl_free(hi);
    return rc;
}

static void
archive_free(struct archive *a)
{
    plist_free(&a->years);
    plist_free(&a->months);
    plist_free(&a->days);
    plist_free(&a->month_only);
    plist_free(&a->year_only);
}

/* The period key of the date YYYYMMDD d8; false when d8 is no date. */
static bool
date_key(enum dl_period p, long d8, long *key)
{
    int y;
    int m;
    int d;
    if (!split_date(d8, &y, &m, &d))
        return false;
    *key = dl_period_key(p, y, m, d);
    return true;
}

/* dl_count_fn over DL_SLOT_DATE (slot 0) into a plist keyed by date, and
 * over DL_SLOT_FACETS (slot 1, by source only) into a list of sources. */
struct count_ctx {
    struct plist *dates;
    struct source_counts *sources; /* NULL: not counted */
    bool nomem;
};

struct source_count {
    char *name;
    unsigned long n;
};

struct source_counts {
    struct source_count *v;
    size_t n, cap;
};

static int
add_source(struct source_counts *sc, const char *v, size_t len,
           unsigned long count)
{
    const char *sep = memchr(v, DL_FACET_SEP, len);
    size_t n = sep != NULL ? (size_t)(sep - v) : len;
    size_t i;
    for (i = 0; i < sc->n; i++) {
        if (strlen(sc->v[i].name) == n && memcmp(sc->v[i].name, v, n) == 0) {
            sc->v[i].n += count;
            return 0;
        }
    }
    if (n == 0)
        return 0; /* no source: counted under "other" */
    if (sc->n == sc->cap) {
        size_t nc = sc->cap ? sc->cap * 2 : 16;
        struct source_count *nv = dl_realloc(sc->v, nc * sizeof *nv);
        if (nv == NULL)
            return 1;
        sc->v = nv;
        sc->cap = nc;
    }
    sc->v[sc->n].name = dl_strndup(v, n);
    if (sc->v[sc->n].name == NULL)
        return 1;
    sc->v[sc->n++].n = count;
    return 0;
}

static int
on_count(void *vctx, size_t slot, const char *v, size_t len,
         unsigned long count)
{
    struct count_ctx *c = vctx;
    char digits[9];
    if (slot == 1) {
        c->nomem = add_source(c->sources, v, len, count) != 0;
        return c->nomem;
    }
    if (len != 8 || strspn(v, "0123456789") < 8)
        return 0; /* not a date: counted as undated */
    memcpy(digits, v, 8);
    digits[8] = '\0';
    c->nomem =
        plist_add(c->dates, strtol(digits, NULL, 10), (long)count) != DL_OK;
    return c->nomem;
}

/* The matches of q counted by date value into dates (and by source into
 * sources when not NULL); *matches every match. */
static dl_status
count_dates(struct run *r, dl_query *q, struct plist *dates,
            struct source_counts *sources, unsigned long *matches)
{
    static const unsigned slots[] = {DL_SLOT_DATE, DL_SLOT_FACETS};
    struct count_ctx c = {dates, sources, false};
    dl_status rc = dl_db_count_values(r->db, q, slots, sources ? 2 : 1,
                                      DL_SEARCH_MAX_WILDCARD_TERMS, r->deadline,
                                      on_count, &c, matches, r->err);
    if (rc == DL_OK && c.nomem)
        rc = nomem(r->err);
    return rc;
}

/* OR of the terms prefix + each key of l written with width digits, or
 * with every term of inner (width inner_width) whose key / div is one of
 * l's when inner is not NULL. */
static dl_status
terms_query(const struct plist *l, const char *prefix, int width,
            const struct plist *inner, long div, int inner_width,
            dl_query **out, dl_err *err)
{
    dl_query **v = NULL;
    size_t n = 0;
    size_t i;
    size_t k = 0;
    dl_status rc = DL_OK;
    char term[16];
    size_t cap = inner != NULL ? inner->n : l->n;

    *out = NULL;
    v = dl_calloc(cap > 0 ? cap : 1, sizeof *v);
    if (v == NULL)
        return nomem(err);
    for (i = 0; rc == DL_OK && i < l->n; i++) {
        if (inner == NULL) {
            snprintf(term, sizeof term, "%s%0*ld", prefix, width, l->v[i].key);
            rc = dl_query_term(term, strlen(term), 1, 0, &v[n++], err);
            continue;
        }
        while (k < inner->n && inner->v[k].key / div < l->v[i].key)
            k++;
        for (; rc == DL_OK && k < inner->n &&
               inner->v[k].key / div == l->v[i].key;
             k++) {
            snprintf(term, sizeof term, "%s%0*ld", prefix, inner_width,
                     inner->v[k].key);
            rc = dl_query_term(term, strlen(term), 1, 0, &v[n++], err);
        }
    }
    if (rc == DL_OK && n == 0)
        rc = dl_query_match_nothing(out, err);
    else if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_OR, v, n, 0, out, err);
    for (i = 0; i < n; i++)
        dl_query_free(v[i]);
    dl_free(v);
    return rc;
}

/* q restricted to the articles of the coarse months (years) of l, which
 * have that month's (year's) term but none of its days' (months'):
 * q AND OR(outer terms) AND NOT OR(inner terms). */
static dl_status
coarse_query(dl_query *q, const struct plist *l, const char *outer,
             int outer_width, const struct plist *inner, const char *iprefix,
             int inner_width, dl_query **out, dl_err *err)
{
    dl_query *has = NULL;
    dl_query *finer = NULL;
    dl_query *both = NULL;
    dl_query *pair[2];
    dl_status rc = terms_query(l, outer, outer_width, NULL, 0, 0, &has, err);
    if (rc == DL_OK)
        rc = terms_query(l, iprefix, 0, inner, 100, inner_width, &finer, err);
    pair[0] = q;
    pair[1] = has;
    if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_FILTER, pair, 2, 0, &both, err);
    pair[0] = both;
    pair[1] = finer;
    if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_AND_NOT, pair, 2, 0, out, err);
    dl_query_free(has);
    dl_query_free(finer);
    dl_query_free(both);
    return rc;
}

/* The matches of the coarse query cq moved from where their date value
 * put them in t (the first day of their month or year) to *apart. */
static dl_status
take_apart(struct run *r, dl_query *cq, struct tally *t, unsigned long *apart)
{
    struct plist dates = {NULL, 0, 0};
    unsigned long matches = 0;
    size_t i;
    long key;
    dl_status rc = count_dates(r, cq, &dates, NULL, &matches);
    for (i = 0; rc == DL_OK && i < dates.n; i++) {
        if (!date_key(r->period, dates.v[i].key, &key))
            continue;
        if (plist_add(&t->placed, key, -dates.v[i].n) != DL_OK)
            rc = nomem(r->err);
        *apart += (unsigned long)dates.v[i].n;
    }
    plist_free(&dates);
    return rc;
}

/* The tally of the matches of q; sources (may be NULL) gets them by
 * source. */
static dl_status
tally_query(struct run *r, dl_query *q, struct source_counts *sources,
            struct tally *t)
{
    struct plist dates = {NULL, 0, 0};
    struct archive *a = &r->a;
    dl_query *cq = NULL;
    unsigned long dated = 0;
    size_t i;
    long key;
    dl_status rc = count_dates(r, q, &dates, sources, &t->matches);
    for (i = 0; rc == DL_OK && i < dates.n; i++) {
        if (!date_key(r->period, dates.v[i].key, &key))
            continue;
        dated += (unsigned long)dates.v[i].n;
        if (plist_add(&t->placed, key, dates.v[i].n) != DL_OK)
            rc = nomem(r->err);
    }
    plist_free(&dates);
    t->undated = t->matches - dated;
    if (rc == DL_OK && r->period <= DL_PERIOD_WEEK && a->month_only.n > 0) {
        rc = coarse_query(q, &a->month_only, DL_PREFIX_MONTH, 6, &a->days,
                          DL_PREFIX_DAY, 8, &cq, r->err);
        if (rc == DL_OK)
            rc = take_apart(r, cq, t, &t->month_only);
        dl_query_free(cq);
        cq = NULL;
    }
    if (rc == DL_OK && r->period <= DL_PERIOD_MONTH && a->year_only.n > 0) {
        rc = coarse_query(q, &a->year_only, DL_PREFIX_YEAR, 4, &a->months,
                          DL_PREFIX_MONTH, 6, &cq, r->err);
        if (rc == DL_OK)
            rc = take_apart(r, cq, t, &t->year_only);
        dl_query_free(cq);
    }
    if (rc == DL_OK)
        plist_settle(&t->placed);
    return rc;
}

/* The tally of the whole archive, from its date terms alone. */
static dl_status
tally_archive(struct run *r, struct tally *t)
{
    const struct archive *a = &r->a;
    const struct plist *l = r->period <= DL_PERIOD_WEEK    ? &a->days
                            : r->period == DL_PERIOD_MONTH ? &a->months
                                                           : &a->years;
    unsigned long dated = 0;
    size_t i;
    for (i = 0; i < a->years.n; i++)
        dated += (unsigned long)a->years.v[i].n;
    for (i = 0; i < l->n; i++) {
        long d8 = l == &a->days     ? l->v[i].key
                  : l == &a->months ? l->v[i].key * 100 + 1
                                    : l->v[i].key * 10000 + 101;
        long key;
        if (date_key(r->period, d8, &key) &&
            plist_add(&t->placed, key, l->v[i].n) != DL_OK)
            return nomem(r->err);
    }
    for (i = 0; r->period <= DL_PERIOD_WEEK && i < a->month_only.n; i++)
        t->month_only += (unsigned long)a->month_only.v[i].n;
    for (i = 0; r->period <= DL_PERIOD_MONTH && i < a->year_only.n; i++)
        t->year_only += (unsigned long)a->year_only.v[i].n;
    t->matches = a->docs;
    t->undated = a->docs >= dated ? a->docs - dated : 0;
    plist_settle(&t->placed);
    return DL_OK;
}

/* ---- series and their periods ------------------------------------------- */

/* A series in the making: the tallies of its matches and of its totals,
 * and the period keys of its date filter's range (when it has one). */
struct pending {
    char *label;
    struct tally m, t;
    bool has_range;
    long range_lo, range_hi;
};

static void
pending_free(struct pending *p)
{
    dl_free(p->label);
    tally_free(&p->m);
    tally_free(&p->t);
    memset(p, 0, sizeof *p);
}

/* The period keys of p's date range within the archive's dates into pd;
 * nothing when p has no date filter or the archive no dates. */
static void
range_keys(struct run *r, const struct dl_count_plan *p, struct pending *pd)
{
    char lo[9];
    char hi[9];
    long l8;
    long h8;
    int y;
    int m;
    int d;
    if ((p->date_lo[0] == '\0' && p->date_hi[0] == '\0') || r->a.lo[0] == '\0')
        return;
    memcpy(lo,
           p->date_lo[0] != '\0' && strcmp(p->date_lo, r->a.lo) > 0 ? p->date_lo
                                                                    : r->a.lo,
           9);
    memcpy(hi,
           p->date_hi[0] != '\0' && strcmp(p->date_hi, r->a.hi) < 0 ? p->date_hi
                                                                    : r->a.hi,
           9);
    if (strcmp(lo, hi) > 0)
        return;
    l8 = strtol(lo, NULL, 10);
    h8 = strtol(hi, NULL, 10);
    /* A range's last day of a month may be written as its 31st. */
    y = (int)(h8 / 10000);
    m = (int)(h8 / 100 % 100);
    d = (int)(h8 % 100);
    if (m >= 1 && m <= 12 && d > dl_date_days_in_month(y, m))
        h8 = h8 - d + dl_date_days_in_month(y, m);
    pd->has_range = date_key(r->period, l8, &pd->range_lo) &&
                    date_key(r->period, h8, &pd->range_hi);
}

/* The totals of plan p: its filters' articles counted, or the archive's
 * from its terms. */
static dl_status
tally_totals(struct run *r, dl_query *scope, struct tally *t)
{
    return scope != NULL ? tally_query(r, scope, NULL, t) : tally_archive(r, t);
}

/* The placed counts of l that fall in [first, first + n) into v. */
static void
lay_out(const struct plist *l, long first, size_t n, unsigned long *v)
{
    size_t i;
    for (i = 0; i < l->n; i++) {
        if (l->v[i].key >= first && l->v[i].key < first + (long)n &&
            l->v[i].n > 0)
            v[l->v[i].key - first] = (unsigned long)l->v[i].n;
    }
}

/* The periods listed (timeline.h) for the n pending series into tl, each
 * laid out as a series of tl (labels moved). */
static dl_status
layout(struct run *r, struct pending *pd, size_t n, struct dl_timeline *tl)
{
    long lo = 0;
    long hi = -1;
    bool any = false;
    size_t i;
    size_t k;

    for (i = 0; i < n; i++) {
        const struct plist *l = &pd[i].m.placed;
        for (k = 0; k < l->n; k++) {
            if (l->v[k].n <= 0)
                continue;
            lo = any && lo < l->v[k].key ? lo : l->v[k].key;
            hi = any && hi > l->v[k].key ? hi : l->v[k].key;
            any = true;
        }
        if (pd[i].has_range) {
            lo = any && lo < pd[i].range_lo ? lo : pd[i].range_lo;
            hi = any && hi > pd[i].range_hi ? hi : pd[i].range_hi;
            any = true;
        }
    }
    r->too_long = any && hi - lo + 1 > DL_TIMELINE_MAX_PERIODS;
    if (r->too_long)
        return dl_err_set(r->err, DL_EINVAL,
                          "the timeline would list %ld %ss, more than the "
                          "%d it may: use a longer period or a date filter",
                          hi - lo + 1, dl_period_name(r->period),
                          DL_TIMELINE_MAX_PERIODS);
    tl->first = lo;
    tl->n_periods = any ? (size_t)(hi - lo + 1) : 0;
    tl->series = dl_calloc(n, sizeof *tl->series);
    if (tl->series == NULL)
        return nomem(r->err);
    for (i = 0; i < n; i++) {
        struct dl_timeline_series *s = &tl->series[i];
        tl->n_series++;
        s->label = pd[i].label;
        pd[i].label = NULL;
        s->matching = dl_calloc(tl->n_periods + 1, sizeof *s->matching);
        s->total = dl_calloc(tl->n_periods + 1, sizeof *s->total);
        if (s->matching == NULL || s->total == NULL)
            return nomem(r->err);
        lay_out(&pd[i].m.placed, lo, tl->n_periods, s->matching);
        lay_out(&pd[i].t.placed, lo, tl->n_periods, s->total);
        s->matches = pd[i].m.matches;
        s->undated_matching = pd[i].m.undated;
        s->undated_total = pd[i].t.undated;
        s->month_only_matching = pd[i].m.month_only;
        s->month_only_total = pd[i].t.month_only;
        s->year_only_matching = pd[i].m.year_only;
        s->year_only_total = pd[i].t.year_only;
    }
    return DL_OK;
}

static int
source_cmp(const void *a, const void *b)
{
    const struct source_count *x = a;
    const struct source_count *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The exact-source term query of the source name (as facets show it). */
static dl_status
source_query(const char *name, dl_query **out, dl_err *err)
{
    dl_buf norm = DL_BUF_INIT;
    dl_buf term = DL_BUF_INIT;
    dl_status rc = DL_OK;
    *out = NULL;
    if (dl_normalize_term(name, strlen(name), &norm) != DL_OK ||
        dl_schema_term(&term, DL_PREFIX_SOURCE_EXACT, norm.data, norm.len) !=
            DL_OK)
        rc = nomem(err);
    if (rc == DL_OK)
        rc = dl_query_term(term.data, term.len, 1, 0, out, err);
    dl_buf_free(&norm);
    dl_buf_free(&term);
    return rc;
}

/* The tallies of one source of plan p into pd: its matches and its
 * articles (within p's filters). */
static dl_status
tally_source(struct run *r, const struct dl_count_plan *p, const char *name,
             struct pending *pd)
{
    dl_query *src = NULL;
    dl_query *mq = NULL;
    dl_query *tq = NULL;
    dl_query *pair[2];
    dl_status rc = source_query(name, &src, r->err);
    pair[0] = p->match;
    pair[1] = src;
    if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_FILTER, pair, 2, 0, &mq, r->err);
    pair[0] = p->scope;
    if (rc == DL_OK && p->scope != NULL)
        rc = dl_query_combine(DL_QOP_AND, pair, 2, 0, &tq, r->err);
    if (rc == DL_OK)
        rc = tally_query(r, mq, NULL, &pd->m);
    if (rc == DL_OK)
        rc = tally_query(r, tq != NULL ? tq : src, NULL, &pd->t);
    pd->label = dl_strdup(name);
    if (rc == DL_OK && pd->label == NULL)
        rc = nomem(r->err);
    dl_query_free(src);
    dl_query_free(mq);
    dl_query_free(tq);
    return rc;
}

/* a -= b, never below zero (the parts never exceed the whole; a guard
 * against a database changed between two counts). */
static void
take(unsigned long *a, unsigned long b)
{
    *a = *a >= b ? *a - b : 0;
}

/* The last series of tl (everything) becomes "other": minus every other
 * series. */
static void
make_other(struct dl_timeline *tl)
{
    struct dl_timeline_series *o = &tl->series[tl->n_series - 1];
    size_t i;
    size_t k;
    for (i = 0; i + 1 < tl->n_series; i++) {
        const struct dl_timeline_series *s = &tl->series[i];
        for (k = 0; k < tl->n_periods; k++) {
            take(&o->matching[k], s->matching[k]);
            take(&o->total[k], s->total[k]);
        }
        take(&o->matches, s->matches);
        take(&o->undated_matching, s->undated_matching);
        take(&o->undated_total, s->undated_total);
        take(&o->month_only_matching, s->month_only_matching);
        take(&o->month_only_total, s->month_only_total);
        take(&o->year_only_matching, s->year_only_matching);
        take(&o->year_only_total, s->year_only_total);
    }
}

/* --by source: the sources with most matches, then "other" (the whole,
 * made the rest by make_other). */
static dl_status
by_source(struct run *r, const struct dl_count_plan *p, struct dl_timeline *tl)
{
    struct source_counts sc = {NULL, 0, 0};
    struct pending pd[DL_TIMELINE_MAX_SOURCES + 1];
    size_t n = 0;
    size_t i;
    struct pending *all;
    dl_status rc;

    memset(pd, 0, sizeof pd);
    all = &pd[0];
    rc = tally_query(r, p->match, &sc, &all->m);
    if (rc == DL_OK)
        rc = tally_totals(r, p->scope, &all->t);
    if (rc == DL_OK) {
        if (sc.n > 0)
            qsort(sc.v, sc.n, sizeof *sc.v, source_cmp);
        n = sc.n < DL_TIMELINE_MAX_SOURCES ? sc.n : DL_TIMELINE_MAX_SOURCES;
        /* The whole goes last, where make_other turns it into "other"
         * (it is already there when no source matched). */
        if (n > 0) {
            pd[n] = *all;
            memset(all, 0, sizeof *all);
        }
        range_keys(r, p, &pd[n]);
        pd[n].label = dl_strdup("other");
        if (pd[n].label == NULL)
            rc = nomem(r->err);
    }
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = tally_source(r, p, sc.v[i].name, &pd[i]);
    if (rc == DL_OK)
        rc = layout(r, pd, n + 1, tl);
    if (rc == DL_OK)
        make_other(tl);
    for (i = 0; i <= DL_TIMELINE_MAX_SOURCES; i++)
        pending_free(&pd[i]);
    for (i = 0; i < sc.n; i++)
        dl_free(sc.v[i].name);
    dl_free(sc.v);
    return rc;
}

/* One query's series, or each of a comparison's. */
static dl_status
by_query(struct run *r, const struct dl_timeline_req *q,
         const struct dl_count_plan *plans, struct dl_timeline *tl)
{
    struct pending pd[DL_TIMELINE_MAX_QUERIES];
    size_t i;
    dl_status rc = DL_OK;

    memset(pd, 0, sizeof pd);
    for (i = 0; rc == DL_OK && i < q->n_queries; i++) {
        pd[i].label =
            dl_strndup(q->queries[i].query != NULL ? q->queries[i].query : "",
                       q->queries[i].query_len);
        if (pd[i].label == NULL)
            rc = nomem(r->err);
        if (rc == DL_OK)
            rc = tally_query(r, plans[i].match, NULL, &pd[i].m);
        if (rc == DL_OK)
            rc = tally_totals(r, plans[i].scope, &pd[i].t);
        range_keys(r, &plans[i], &pd[i]);
    }
    if (rc == DL_OK)
        rc = layout(r, pd, q->n_queries, tl);
    for (i = 0; i < DL_TIMELINE_MAX_QUERIES; i++)
        pending_free(&pd[i]);
    return rc;
}

/* One run of the whole timeline against one revision of the index. */
static dl_status
run_once(struct run *r, const struct dl_timeline_req *q, struct dl_timeline *tl,
         size_t *bad, size_t *errpos)
{
    struct dl_count_plan plans[DL_TIMELINE_MAX_QUERIES];
    size_t i;
    dl_status rc;

    memset(plans, 0, sizeof plans);
    rc = archive_read(r);
    for (i = 0; rc == DL_OK && i < q->n_queries; i++) {
        *bad = i;
        rc = dl_searcher_count_plan(r->s, &q->queries[i], &plans[i], errpos,
                                    r->err);
        if (rc == DL_OK && plans[i].empty)
            rc = dl_err_set(r->err, DL_EINVAL, "nothing to search for");
        if (rc == DL_OK && plans[i].scope != NULL)
            tl->filtered = true;
    }
    if (rc == DL_OK && q->by_source)
        rc = by_source(r, &plans[0], tl);
    else if (rc == DL_OK)
        rc = by_query(r, q, plans, tl);
    for (i = 0; i < q->n_queries; i++)
        dl_count_plan_free(&plans[i]);
    archive_free(&r->a);
    return rc;
}

void
dl_timeline_free(struct dl_timeline *t)
{
    size_t i;
    if (t == NULL)
        return;
    for (i = 0; i < t->n_series; i++) {
        dl_free(t->series[i].label);
        dl_free(t->series[i].matching);
        dl_free(t->series[i].total);
    }
    dl_free(t->series);
    dl_free(t->query);
    dl_free(t);
}

dl_status
dl_timeline_run(dl_searcher *s, const struct dl_timeline_req *q,
                struct dl_timeline **out, size_t *bad, size_t *errpos,
                dl_err *err)
{
    struct run r;
    struct dl_timeline *tl = NULL;
    size_t bad_q = 0;
    size_t pos = 0;
    double t0 = dl_now();
    unsigned tries;
    dl_status rc;

    *out = NULL;
    if (q->n_queries < 1 || q->n_queries > DL_TIMELINE_MAX_QUERIES)
        return dl_err_set(err, DL_EINVAL, "a timeline compares 1 to %d queries",
                          DL_TIMELINE_MAX_QUERIES);
    if (q->by_source && q->n_queries > 1)
        return dl_err_set(err, DL_EINVAL,
                          "a timeline by source takes one query, not a "
                          "comparison");
    memset(&r, 0, sizeof r);
    r.s = s;
    r.db = dl_searcher_db(s);
    r.period = q->period;
    r.err = err;
    r.deadline = dl_cpu_deadline(q->budget_ms);
    for (tries = 0;; tries++) {
        tl = dl_calloc(1, sizeof *tl);
        if (tl == NULL)
            return nomem(err);
        tl->period = r.period;
        tl->by_source = q->by_source;
        tl->compare = q->n_queries > 1;
        tl->query =
            dl_strndup(q->queries[0].query != NULL ? q->queries[0].query : "",
                       q->queries[0].query_len);
        rc = tl->query != NULL ? run_once(&r, q, tl, &bad_q, &pos) : nomem(err);
        if (rc == DL_EINVAL && r.too_long && q->coarsen &&
            r.period < DL_PERIOD_YEAR) {
            /* Too long at this period: the next longer one, a
             * repetition that is no retry. */
            r.period++;
            tries--;
            dl_timeline_free(tl);
            tl = NULL;
            continue;
        }
        if (rc != DL_EMODIFIED || tries >= DL_SEARCH_MAX_RETRIES)
            break;
        dl_timeline_free(tl);
        tl = NULL;
        rc = dl_db_reopen(r.db, NULL, err);
        if (rc != DL_OK)
            return rc;
    }
    if (bad != NULL)
        *bad = bad_q;
    if (errpos != NULL)
        *errpos = pos;
    if (rc != DL_OK) {
        dl_timeline_free(tl);
        return rc;
    }
    tl->took_ms = (dl_now() - t0) * 1000.0;
    *out = tl;
    return DL_OK;
}
