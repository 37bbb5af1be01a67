/* boiler_pass.c - count, learn, rebuild (boiler_pass.h).
 *
 * Stories.  An article in a near-duplicate cluster is known by its
 * cluster key (DL_SLOT_CLUSTER), any other by (database, docid); the
 * cluster keys are loaded first, per database in docid order, and each
 * read of the DL_SLOT_PARAS stream (also in docid order) walks them with
 * a cursor, as cluster.c merges its key stream.
 *
 * Reads of the paragraph values:
 *   1. per source: articles, stories, and how many pairs the next read
 *      will collect;
 *   2. the pairs of the sources with at least DL_BOILER_MIN_ARTICLES
 *      stories, split by paragraph hash into as many reads as keep the
 *      array within the budget: lone articles' pairs as 8-byte
 *      (source << 32 | hash) values, clustered articles' with their
 *      cluster key; both sorted, a run of equal pairs is one paragraph of
 *      one source, its stories the lone articles plus the distinct keys;
 *   3. after the sets are written, every document's marks against its
 *      hashes found in the sets (the marks loaded first, like the keys).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boiler_pass.h"
#include "boilerplate.h"
#include "dl_alloc.h"
#include "dl_boiler.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "docbuild.h"
#include "restore.h"

/* ---- growable arrays ------------------------------------------------------
 */

static bool
grow(void **v, size_t *cap, size_t n, size_t elem)
{
    size_t c;
    void *nv;
    if (n < *cap)
        return true;
    c = *cap ? *cap * 2 : 256;
    nv = dl_realloc(*v, c * elem);
    if (nv == NULL)
        return false;
    *v = nv;
    *cap = c;
    return true;
}

static unsigned long long
pair_of(unsigned source, unsigned hash)
{
    return (unsigned long long)source << 32 | hash;
}

static int
cmp_u32_asc(const void *x, const void *y)
{
    unsigned a = *(const unsigned *)x;
    unsigned b = *(const unsigned *)y;
    return a < b ? -1 : a > b;
}

static int
cmp_u64(const void *x, const void *y)
{
    unsigned long long a = *(const unsigned long long *)x;
    unsigned long long b = *(const unsigned long long *)y;
    return a < b ? -1 : a > b;
}

/* ---- cluster keys ---------------------------------------------------------
 */

struct ckey {
    unsigned docid;
    unsigned long long key;
};

struct ckeys {
    struct ckey *v;
    size_t n, cap;
    bool nomem;
};

static int
on_ckey(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct ckeys *k = ctx;
    unsigned long long key = 0;
    size_t i;
    if (len != 16)
        return 0;
    for (i = 0; i < 16; i++) {
        char ch = v[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                         : -1;
        if (d < 0)
            return 0;
        key = key << 4 | (unsigned long long)d;
    }
    if (!grow((void **)&k->v, &k->cap, k->n, sizeof *k->v)) {
        k->nomem = true;
        return 1;
    }
    k->v[k->n].docid = docid;
    k->v[k->n].key = key;
    k->n++;
    return 0;
}

/* ---- sources --------------------------------------------------------------
 */

struct srcent {
    unsigned key; /* 0: empty slot */
    unsigned long docs, loners, units;
    unsigned long long lone_pairs, cl_pairs; /* pairs the 2nd read collects */
};

struct srcmap {
    struct srcent *v;
    size_t cap, n;
};

static size_t
src_slot(unsigned key, size_t cap)
{
    return (size_t)((key * 0x9E3779B1u) & (cap - 1));
}

static struct srcent *
src_find(const struct srcmap *m, unsigned key)
{
    size_t i;
    if (m->cap == 0)
        return NULL;
    for (i = src_slot(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->v[i].key == key)
            return &m->v[i];
        if (m->v[i].key == 0)
            return NULL;
    }
}

static struct srcent *
src_get(struct srcmap *m, unsigned key)
{
    struct srcent *e = src_find(m, key);
    size_t i;
    if (e != NULL)
        return e;
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        struct srcent *v = dl_calloc(cap, sizeof *v);
        if (v == NULL)
            return NULL;
        for (i = 0; i < m->cap; i++) {
            size_t j;
            if (m->v[i].key == 0)
                continue;
            for (j = src_slot(m->v[i].key, cap); v[j].key != 0;
                 j = (j + 1) & (cap - 1))
                ;
            v[j] = m->v[i];
        }
        dl_free(m->v);
        m->v = v;
        m->cap = cap;
    }
    for (i = src_slot(key, m->cap); m->v[i].key != 0;
         i = (i + 1) & (m->cap - 1))
        ;
    m->v[i].key = key;
    m->n++;
    return &m->v[i];
}

/* ---- the pass's state -----------------------------------------------------
 */

struct clpair {
    unsigned long long pair; /* source << 32 | hash */
    unsigned long long key;  /* cluster key */
};

enum read_kind { READ_SOURCES, READ_PAIRS };

struct pass {
    struct ckeys *keys; /* per database */
    struct srcmap srcs;
    /* READ_SOURCES: (source, cluster key) of clustered articles */
    struct clpair *sk;
    size_t n_sk, cap_sk;
    /* READ_PAIRS */
    unsigned long long *lone;
    size_t n_lone, cap_lone;
    struct clpair *cl;
    size_t n_cl, cap_cl;
    unsigned parts, part;
    /* the result: learned (source << 32 | hash), ascending */
    unsigned long long *learned;
    size_t n_learned, cap_learned;
    struct dl_boiler_stats st;
    bool nomem;
};

/* One read of DL_SLOT_PARAS in one database. */
struct reader_ctx {
    struct pass *ps;
    enum read_kind kind;
    const struct ckeys *k;
    size_t ki; /* cursor into k */
};

/* The distinct non-zero hashes of p into h (at most DL_BOILER_HEAD +
 * DL_BOILER_TAIL), ascending; their count. */
static size_t
distinct_hashes(const struct dl_paras *p, unsigned *h)
{
    size_t n = 0, k, out = 0;
    for (k = 0; k < p->n_h; k++) {
        unsigned v = dl_paras_hash(p, k);
        if (v != 0)
            h[n++] = v;
    }
    if (n > 1)
        qsort(h, n, sizeof *h, cmp_u32_asc);
    for (k = 0; k < n; k++) {
        if (out == 0 || h[out - 1] != h[k])
            h[out++] = h[k];
    }
    return out;
}

/* The cluster key of docid, if it has one (the cursor moves on). */
static bool
cluster_of(struct reader_ctx *r, unsigned docid, unsigned long long *key)
{
    while (r->ki < r->k->n && r->k->v[r->ki].docid < docid)
        r->ki++;
    if (r->ki < r->k->n && r->k->v[r->ki].docid == docid) {
        *key = r->k->v[r->ki].key;
        return true;
    }
    return false;
}

static bool
count_source(struct pass *ps, const struct dl_paras *p, bool clustered,
             unsigned long long key, size_t nh)
{
    struct srcent *e = src_get(&ps->srcs, p->source);
    if (e == NULL)
        return false;
    e->docs++;
    if (clustered) {
        if (!grow((void **)&ps->sk, &ps->cap_sk, ps->n_sk, sizeof *ps->sk))
            return false;
        ps->sk[ps->n_sk].pair = pair_of(p->source, 0);
        ps->sk[ps->n_sk].key = key;
        ps->n_sk++;
        e->cl_pairs += nh;
    } else {
        e->loners++;
        e->lone_pairs += nh;
    }
    return true;
}

static bool
collect_pairs(struct pass *ps, const struct dl_paras *p, bool clustered,
              unsigned long long key, const unsigned *h, size_t nh)
{
    size_t i;
    for (i = 0; i < nh; i++) {
        if (ps->parts > 1 && h[i] % ps->parts != ps->part)
            continue;
        if (clustered) {
            if (!grow((void **)&ps->cl, &ps->cap_cl, ps->n_cl, sizeof *ps->cl))
                return false;
            ps->cl[ps->n_cl].pair = pair_of(p->source, h[i]);
            ps->cl[ps->n_cl].key = key;
            ps->n_cl++;
        } else {
            if (!grow((void **)&ps->lone, &ps->cap_lone, ps->n_lone,
                      sizeof *ps->lone))
                return false;
            ps->lone[ps->n_lone++] = pair_of(p->source, h[i]);
        }
    }
    return true;
}

static int
on_paras(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct reader_ctx *r = ctx;
    struct pass *ps = r->ps;
    struct dl_paras p;
    unsigned h[DL_BOILER_HEAD + DL_BOILER_TAIL];
    unsigned long long key = 0;
    bool clustered;
    size_t nh;
    bool ok = true;

    if (!dl_paras_get(v, len, &p))
        return 0;
    clustered = cluster_of(r, docid, &key);
    nh = distinct_hashes(&p, h);
    if (r->kind == READ_SOURCES) {
        ps->st.articles++;
        ok = count_source(ps, &p, clustered, key, nh);
    } else {
        const struct srcent *e = src_find(&ps->srcs, p.source);
        if (e != NULL && e->units >= DL_BOILER_MIN_ARTICLES)
            ok = collect_pairs(ps, &p, clustered, key, h, nh);
    }
    if (!ok) {
        ps->nomem = true;
        return 1;
    }
    return 0;
}

static dl_status
read_all(struct pass *ps, dl_wdb *const *w, size_t n, enum read_kind kind,
         dl_err *err)
{
    size_t i;
    for (i = 0; i < n; i++) {
        struct reader_ctx r;
        dl_status rc;
        r.ps = ps;
        r.kind = kind;
        r.k = &ps->keys[i];
        r.ki = 0;
        rc = dl_wdb_values(w[i], DL_SLOT_PARAS, on_paras, &r, err);
        if (rc == DL_OK && ps->nomem)
            rc = dl_err_set(err, DL_ENOMEM,
                            "out of memory learning "
                            "boilerplate");
        if (rc != DL_OK)
            return rc;
    }
    return DL_OK;
}

static int
cmp_clpair(const void *x, const void *y)
{
    const struct clpair *a = x;
    const struct clpair *b = y;
    if (a->pair != b->pair)
        return a->pair < b->pair ? -1 : 1;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* After the first read: each source's stories (lone articles plus the
 * distinct cluster keys of its clustered ones), and the bytes of pairs
 * the second read will collect. */
static unsigned long long
count_stories(struct pass *ps)
{
    unsigned long long bytes = 0;
    size_t i, j;
    if (ps->n_sk > 1)
        qsort(ps->sk, ps->n_sk, sizeof *ps->sk, cmp_clpair);
    for (i = 0; i < ps->n_sk; i = j) {
        struct srcent *e =
            src_find(&ps->srcs, (unsigned)(ps->sk[i].pair >> 32));
        unsigned long distinct = 0;
        for (j = i; j < ps->n_sk && ps->sk[j].pair == ps->sk[i].pair; j++) {
            if (j == i || ps->sk[j].key != ps->sk[j - 1].key)
                distinct++;
        }
        if (e != NULL)
            e->units += distinct;
    }
    dl_free(ps->sk);
    ps->sk = NULL;
    ps->n_sk = ps->cap_sk = 0;
    for (i = 0; i < ps->srcs.cap; i++) {
        struct srcent *e = &ps->srcs.v[i];
        if (e->key == 0)
            continue;
        e->units += e->loners;
        if (e->units < DL_BOILER_MIN_ARTICLES)
            continue;
        ps->st.sources++;
        bytes += e->lone_pairs * sizeof(unsigned long long) +
                 e->cl_pairs * sizeof(struct clpair);
    }
    return bytes;
}

static bool
add_learned(struct pass *ps, unsigned long long pair)
{
    if (!grow((void **)&ps->learned, &ps->cap_learned, ps->n_learned,
              sizeof *ps->learned))
        return false;
    ps->learned[ps->n_learned++] = pair;
    return true;
}

/* The pairs of one share, sorted: a run of one pair in both arrays is one
 * paragraph of one source, in (lone articles + distinct keys) stories. */
static bool
learn_share(struct pass *ps)
{
    size_t i = 0, j = 0;
    if (ps->n_lone > 1)
        qsort(ps->lone, ps->n_lone, sizeof *ps->lone, cmp_u64);
    if (ps->n_cl > 1)
        qsort(ps->cl, ps->n_cl, sizeof *ps->cl, cmp_clpair);
    while (i < ps->n_lone || j < ps->n_cl) {
        unsigned long long pair;
        unsigned long stories = 0;
        const struct srcent *e;
        if (j >= ps->n_cl || (i < ps->n_lone && ps->lone[i] <= ps->cl[j].pair))
            pair = ps->lone[i];
        else
            pair = ps->cl[j].pair;
        for (; i < ps->n_lone && ps->lone[i] == pair; i++)
            stories++;
        for (; j < ps->n_cl && ps->cl[j].pair == pair; j++) {
            if (j == 0 || ps->cl[j - 1].pair != pair ||
                ps->cl[j - 1].key != ps->cl[j].key)
                stories++;
        }
        e = src_find(&ps->srcs, (unsigned)(pair >> 32));
        if (e != NULL && stories >= dl_boiler_threshold(e->units)) {
            if (!add_learned(ps, pair))
                return false;
        }
    }
    ps->n_lone = 0;
    ps->n_cl = 0;
    return true;
}

/* Reads 1 and 2: ps->learned, ascending. */
static dl_status
learn(struct pass *ps, dl_wdb *const *w, size_t n, size_t budget, dl_err *err)
{
    unsigned long long bytes;
    dl_status rc = read_all(ps, w, n, READ_SOURCES, err);
    if (rc != DL_OK)
        return rc;
    ps->st.reads = 1;
    bytes = count_stories(ps);
    if (ps->st.sources == 0)
        return DL_OK;
    if (budget == 0)
        budget = DL_BOILER_PASS_BYTES;
    ps->parts = (unsigned)((bytes + budget - 1) / budget);
    if (ps->parts == 0)
        ps->parts = 1;
    for (ps->part = 0; ps->part < ps->parts; ps->part++) {
        rc = read_all(ps, w, n, READ_PAIRS, err);
        if (rc != DL_OK)
            return rc;
        ps->st.reads++;
        if (!learn_share(ps))
            return dl_err_set(err, DL_ENOMEM,
                              "out of memory learning boilerplate");
    }
    dl_free(ps->lone);
    dl_free(ps->cl);
    ps->lone = NULL;
    ps->cl = NULL;
    ps->cap_lone = ps->cap_cl = 0;
    if (ps->n_learned > 1)
        qsort(ps->learned, ps->n_learned, sizeof *ps->learned, cmp_u64);
    ps->st.learned = ps->n_learned;
    return DL_OK;
}

/* ---- the sets in the metadata ----------------------------------------------
 */

/* The value of source e's key: "UNITS HASH...", its learned pairs being
 * ps->learned[*at..) while they are e's (*at moves past them). */
static dl_status
set_value(const struct pass *ps, const struct srcent *e, size_t *at,
          dl_buf *out)
{
    dl_buf_reset(out);
    if (dl_buf_printf(out, "%lu", e->units) != DL_OK)
        return DL_ENOMEM;
    while (*at < ps->n_learned &&
           (unsigned)(ps->learned[*at] >> 32) == e->key) {
        if (dl_buf_printf(out, " %08x", (unsigned)ps->learned[*at]) != DL_OK)
            return DL_ENOMEM;
        (*at)++;
    }
    return DL_OK;
}

/* First index of source's pairs in the ascending learned array. */
static size_t
learned_from(const struct pass *ps, unsigned source)
{
    size_t lo = 0, hi = ps->n_learned;
    unsigned long long first = pair_of(source, 0);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ps->learned[mid] < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Delete the keys of w whose source is gone or too small. */
static dl_status
drop_stale_sets(const struct pass *ps, dl_wdb *w, dl_err *err)
{
    dl_termiter *it = NULL;
    dl_buf gone = DL_BUF_INIT;
    const char *k;
    size_t klen, off;
    unsigned long freq;
    size_t plen = strlen(DL_META_BOILER_PREFIX);
    dl_status rc = dl_wdb_metadata_keys(w, DL_META_BOILER_PREFIX, &it, err);
    while (rc == DL_OK) {
        unsigned long source;
        const struct srcent *e;
        char hex[9];
        rc = dl_termiter_next(it, &k, &klen, &freq, err);
        if (rc != DL_OK)
            break;
        source = 0;
        if (klen == plen + 8) {
            memcpy(hex, k + plen, 8);
            hex[8] = '\0';
            source = strtoul(hex, NULL, 16);
        }
        e = src_find(&ps->srcs, (unsigned)source);
        if (source != 0 && e != NULL && e->units >= DL_BOILER_MIN_ARTICLES)
            continue;
        if (dl_buf_append(&gone, k, klen) != DL_OK ||
            dl_buf_putc(&gone, '\0') != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    dl_termiter_free(it);
    if (rc == DL_DONE)
        rc = DL_OK;
    for (off = 0; rc == DL_OK && off < gone.len;
         off += strlen(gone.data + off) + 1)
        rc = dl_wdb_set_metadata(w, gone.data + off, NULL, 0, err);
    dl_buf_free(&gone);
    return rc;
}

/* Write each source's set where it changed, and drop the stale ones. */
static dl_status
store_sets(const struct pass *ps, dl_wdb *w, dl_err *err)
{
    dl_buf val = DL_BUF_INIT;
    char key[32];
    size_t i;
    dl_status rc = drop_stale_sets(ps, w, err);
    for (i = 0; rc == DL_OK && i < ps->srcs.cap; i++) {
        const struct srcent *e = &ps->srcs.v[i];
        size_t at;
        char *old = NULL;
        size_t olen = 0;
        if (e->key == 0 || e->units < DL_BOILER_MIN_ARTICLES)
            continue;
        at = learned_from(ps, e->key);
        if (set_value(ps, e, &at, &val) != DL_OK) {
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            break;
        }
        snprintf(key, sizeof key, "%s%08x", DL_META_BOILER_PREFIX, e->key);
        rc = dl_wdb_get_metadata(w, key, &old, &olen, err);
        if (rc == DL_OK &&
            (olen != val.len || memcmp(old, val.data, olen) != 0))
            rc = dl_wdb_set_metadata(w, key, val.data, val.len, err);
        dl_free(old);
    }
    dl_buf_free(&val);
    return rc;
}

/* ---- documents against the sets --------------------------------------------
 */

struct markent {
    unsigned docid;
    size_t off, len; /* the value, in marks.bytes */
};

struct marks {
    struct markent *v;
    size_t n, cap;
    dl_buf bytes;
    bool nomem;
};

static int
on_mark(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct marks *m = ctx;
    if (!grow((void **)&m->v, &m->cap, m->n, sizeof *m->v)) {
        m->nomem = true;
        return 1;
    }
    m->v[m->n].docid = docid;
    m->v[m->n].off = m->bytes.len;
    m->v[m->n].len = len;
    if (dl_buf_append(&m->bytes, v, len) != DL_OK) {
        m->nomem = true;
        return 1;
    }
    m->n++;
    return 0;
}

/* A document to rebuild. */
struct fix {
    unsigned docid;
    unsigned source;
};

struct recon_ctx {
    const struct pass *ps;
    const struct marks *m;
    size_t mi; /* cursor into m */
    struct fix *fix;
    size_t n_fix, cap_fix;
    bool nomem;
};

static bool
learned_has(const struct pass *ps, unsigned source, unsigned hash)
{
    unsigned long long pair = pair_of(source, hash);
    return ps->n_learned > 0 && bsearch(&pair, ps->learned, ps->n_learned,
                                        sizeof *ps->learned, cmp_u64) != NULL;
}

/* Whether the stored marks v[0..len) are exactly want[0..n). */
static bool
marks_equal(const char *v, size_t len, const unsigned long *want, size_t n)
{
    struct dl_boiler_marks m;
    unsigned long idx;
    size_t i = 0;
    dl_boiler_marks_init(&m, v, len);
    while (dl_boiler_marks_next(&m, &idx)) {
        if (i >= n || want[i] != idx)
            return false;
        i++;
    }
    return i == n && m.p == m.end;
}

static int
on_recon(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct recon_ctx *r = ctx;
    struct dl_paras p;
    unsigned long want[DL_BOILER_HEAD + DL_BOILER_TAIL];
    size_t n = 0, k;
    const char *mv = NULL;
    size_t mlen = 0;

    if (!dl_paras_get(v, len, &p))
        return 0;
    for (k = 0; k < p.n_h; k++) {
        unsigned h = dl_paras_hash(&p, k);
        if (h != 0 && learned_has(r->ps, p.source, h))
            want[n++] = dl_paras_index(&p, k);
    }
    while (r->mi < r->m->n && r->m->v[r->mi].docid < docid)
        r->mi++;
    if (r->mi < r->m->n && r->m->v[r->mi].docid == docid) {
        mv = r->m->bytes.data + r->m->v[r->mi].off;
        mlen = r->m->v[r->mi].len;
    }
    if (marks_equal(mv, mlen, want, n))
        return 0;
    if (!grow((void **)&r->fix, &r->cap_fix, r->n_fix, sizeof *r->fix)) {
        r->nomem = true;
        return 1;
    }
    r->fix[r->n_fix].docid = docid;
    r->fix[r->n_fix].source = p.source;
    r->n_fix++;
    return 0;
}

/* The documents of w that disagree with the learned sets, into *fix
 * (the caller's, dl_free), ascending docid. */
static dl_status
disagreeing(const struct pass *ps, dl_wdb *w, struct fix **fix, size_t *n_fix,
            dl_err *err)
{
    struct marks m;
    struct recon_ctx r;
    dl_status rc;

    memset(&m, 0, sizeof m);
    memset(&r, 0, sizeof r);
    *fix = NULL;
    *n_fix = 0;
    rc = dl_wdb_values(w, DL_SLOT_BOILER, on_mark, &m, err);
    if (rc == DL_OK && m.nomem)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) {
        r.ps = ps;
        r.m = &m;
        rc = dl_wdb_values(w, DL_SLOT_PARAS, on_recon, &r, err);
        if (rc == DL_OK && r.nomem)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    dl_free(m.v);
    dl_buf_free(&m.bytes);
    if (rc != DL_OK) {
        dl_free(r.fix);
        return rc;
    }
    *fix = r.fix;
    *n_fix = r.n_fix;
    return DL_OK;
}

/* ---- rebuilding
 * -------------------------------------------------------------- */

/* The learned sets as a fixed dl_boiler, for dl_docbuild. */
static dl_status
fixed_sets(const struct pass *ps, dl_boiler **out, dl_err *err)
{
    dl_boiler *b = NULL;
    unsigned *h = NULL;
    size_t i, j;
    dl_status rc = dl_boiler_new(false, &b, err);
    if (rc == DL_OK && ps->n_learned > 0) {
        h = dl_malloc(ps->n_learned * sizeof *h);
        if (h == NULL)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    for (i = 0; rc == DL_OK && i < ps->n_learned; i = j) {
        unsigned source = (unsigned)(ps->learned[i] >> 32);
        const struct srcent *e = src_find(&ps->srcs, source);
        size_t n = 0;
        for (j = i;
             j < ps->n_learned && (unsigned)(ps->learned[j] >> 32) == source;
             j++)
            h[n++] = (unsigned)ps->learned[j];
        rc = dl_boiler_set(b, source, e != NULL ? e->units : 0, h, n, err);
    }
    dl_free(h);
    if (rc != DL_OK) {
        dl_boiler_free(b);
        b = NULL;
    }
    *out = b;
    return rc;
}

/* What rebuilding needs, made once. */
struct rebuilder {
    dl_boiler *sets;
    dl_docbuilder *b;
    dl_doc *doc;
    struct dl_restored r;
    dl_buf idterm, fileterm;
};

/* Rebuild document f->docid of w from its stored form: DL_OK (rebuilt,
 * *terms its distinct terms), DL_DONE (left as it was: not restorable),
 * or an error. */
static dl_status
rebuild_one(struct rebuilder *rb, dl_wdb *w, const struct fix *f,
            const struct dl_read_opts *ropts, unsigned long *terms, dl_err *err)
{
    struct dl_docbuild_input in;
    struct dl_docbuild_info info;
    dl_err ignored;
    dl_status rc;

    dl_err_clear(&ignored);
    rc = dl_restore(w, f->docid, ropts, &rb->r, &ignored);
    if (rc == DL_EINVAL || rc == DL_ENOENT)
        return DL_DONE;
    if (rc != DL_OK) {
        *err = ignored;
        return rc;
    }
    memset(&in, 0, sizeof in);
    in.a = &rb->r.a;
    in.path = rb->r.path.data;
    in.boiler = rb->sets;
    in.source_key = f->source;
    in.lang_code = rb->r.lang.data;
    in.url_too_long = rb->r.url_too_long;
    rc = dl_docbuild(rb->b, &in, rb->doc, &rb->idterm, &rb->fileterm, &info,
                     err);
    if (rc == DL_EINVAL)
        return DL_DONE;
    /* Its cluster key stays until the clustering after this pass, so that
     * searches in between still collapse it. */
    if (rc == DL_OK && info.shingles > 0 && rb->r.cluster.len > 0)
        rc = dl_doc_set_value(rb->doc, DL_SLOT_CLUSTER, rb->r.cluster.data,
                              rb->r.cluster.len, err);
    if (rc == DL_OK)
        rc = dl_wdb_replace_docid(w, f->docid, rb->doc, err);
    *terms = info.doc_terms;
    return rc;
}

static dl_status
commit_all(dl_wdb *const *w, size_t n, dl_err *err)
{
    size_t i;
    dl_status rc = DL_OK;
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = dl_wdb_commit(w[i], err);
    return rc;
}

/* Read 3 and the rebuilds, database by database. */
static dl_status
rebuild_all(struct pass *ps, dl_wdb *const *w, size_t n,
            const struct dl_boiler_pass_opts *o, dl_err *err)
{
    struct rebuilder rb;
    unsigned long pending = 0, pending_terms = 0;
    dl_status rc;
    size_t i, k;

    memset(&rb, 0, sizeof rb);
    dl_restored_init(&rb.r);
    rc = fixed_sets(ps, &rb.sets, err);
    if (rc == DL_OK)
        rc = dl_docbuilder_new(&rb.b, err);
    if (rc == DL_OK)
        rc = dl_doc_new(&rb.doc, err);
    for (i = 0; rc == DL_OK && i < n; i++) {
        struct fix *fix = NULL;
        size_t n_fix = 0;
        rc = disagreeing(ps, w[i], &fix, &n_fix, err);
        for (k = 0; rc == DL_OK && k < n_fix; k++) {
            unsigned long terms = 0;
            rc = rebuild_one(&rb, w[i], &fix[k], o->ropts, &terms, err);
            if (rc == DL_DONE) {
                ps->st.kept++;
                rc = DL_OK;
                continue;
            }
            ps->st.rebuilt++;
            pending++;
            pending_terms += terms;
            if (rc == DL_OK && o->batch > 0 &&
                (pending >= o->batch || pending_terms >= o->batch_terms)) {
                rc = commit_all(w, n, err);
                pending = pending_terms = 0;
            }
            if (rc == DL_OK && o->pause != NULL &&
                ps->st.rebuilt == o->pause_after) {
                rc = commit_all(w, n, err);
                pending = pending_terms = 0;
                if (rc == DL_OK)
                    o->pause(o->pause_ctx);
            }
        }
        dl_free(fix);
    }
    dl_doc_free(rb.doc);
    dl_docbuilder_free(rb.b);
    dl_boiler_free(rb.sets);
    dl_restored_free(&rb.r);
    dl_buf_free(&rb.idterm);
    dl_buf_free(&rb.fileterm);
    return rc;
}

/* ---- the pass
 * ---------------------------------------------------------------- */

dl_status
dl_boiler_update(dl_wdb *const *w, size_t n,
                 const struct dl_boiler_pass_opts *o,
                 struct dl_boiler_stats *st, dl_err *err)
{
    struct pass ps;
    dl_status rc = DL_OK;
    size_t i;

    memset(&ps, 0, sizeof ps);
    ps.keys = dl_calloc(n > 0 ? n : 1, sizeof *ps.keys);
    if (ps.keys == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; rc == DL_OK && i < n; i++) {
        rc = dl_wdb_values(w[i], DL_SLOT_CLUSTER, on_ckey, &ps.keys[i], err);
        if (rc == DL_OK && ps.keys[i].nomem)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_OK)
        rc = learn(&ps, w, n, o->pass_bytes, err);
    for (i = 0; rc == DL_OK && i < n; i++) {
        if (i == 0 || o->meta_everywhere)
            rc = store_sets(&ps, w[i], err);
    }
    if (rc == DL_OK)
        rc = rebuild_all(&ps, w, n, o, err);
    if (st != NULL)
        *st = ps.st;
    for (i = 0; i < n; i++)
        dl_free(ps.keys[i].v);
    dl_free(ps.keys);
    dl_free(ps.srcs.v);
    dl_free(ps.sk);
    dl_free(ps.lone);
    dl_free(ps.cl);
    dl_free(ps.learned);
    return rc;
}
