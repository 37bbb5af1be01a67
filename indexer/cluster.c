/* cluster.c - near-duplicate clusters over MinHash signatures.
 *
 * Design (see cluster.h): load every article's signature and current key,
 * then for each band sort (band value, article) pairs so that articles
 * sharing the band sit next to each other, compare neighbours, and union
 * the pairs that agree in at least DL_CLUSTER_MIN_AGREE positions.  Sorting
 * flat arrays keeps memory at one array per pass and needs no hash table.
 *
 * A bucket where very many articles share a band (a feed of near-identical
 * stock tables) would make the comparisons quadratic; each article is
 * compared with at most DL_CLUSTER_BUCKET_CAP following bucket members.
 * That can only miss a link, never invent one, and chains of links still
 * join such a bucket through its neighbours.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "dl_alloc.h"
#include "dl_schema.h"

#define DL_CLUSTER_BUCKET_CAP 64 /* neighbours compared per article */
#define BAND_WIDTH (DL_MINHASH_K / DL_CLUSTER_BANDS)

struct member {
    unsigned docid;
    unsigned shard; /* index into the databases given */
    unsigned sig[DL_MINHASH_K];
    unsigned long long key; /* current DL_SLOT_CLUSTER, parsed */
    int has_key;            /* the slot holds a parseable key */
    int has_value;          /* the slot holds anything at all */
    size_t parent;          /* union-find */
};

struct band_entry {
    unsigned long long band; /* the band's values, packed */
    size_t index;            /* into members */
};

struct load_ctx {
    struct member *m;
    size_t n, cap;
    unsigned shard; /* database being loaded */
    int failed;
};

static int
parse_hex64(const char *s, size_t n, unsigned long long *out)
{
    unsigned long long v = 0;
    size_t i;
    if (n != 16)
        return 0;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        int d;
        if (ch >= '0' && ch <= '9')
            d = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            d = ch - 'a' + 10;
        else
            return 0;
        v = (v << 4) | (unsigned long long)d;
    }
    *out = v;
    return 1;
}

static int
on_signature(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct load_ctx *l = ctx;
    const unsigned char *p = (const unsigned char *)v;
    struct member *m;
    int i;
    if (len != 4 * DL_MINHASH_K)
        return 0; /* no usable signature: the article stays alone */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        struct member *grown = dl_realloc(l->m, cap * sizeof *grown);
        if (grown == NULL) {
            l->failed = 1;
            return 1;
        }
        l->m = grown;
        l->cap = cap;
    }
    m = &l->m[l->n];
    m->docid = docid;
    m->shard = l->shard;
    for (i = 0; i < DL_MINHASH_K; i++)
        m->sig[i] = (unsigned)p[4 * i] | (unsigned)p[4 * i + 1] << 8 |
                    (unsigned)p[4 * i + 2] << 16 | (unsigned)p[4 * i + 3] << 24;
    m->has_key = 0;
    m->has_value = 0;
    m->key = 0;
    m->parent = l->n;
    l->n++;
    return 0;
}

/* A database's members are in ascending docid order (value streams are),
 * so its key stream is merged in by walking both. */
struct key_ctx {
    struct member *m;
    size_t n, i;
};

static int
on_key(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct key_ctx *k = ctx;
    while (k->i < k->n && k->m[k->i].docid < docid)
        k->i++;
    if (k->i < k->n && k->m[k->i].docid == docid) {
        k->m[k->i].has_value = len > 0;
        k->m[k->i].has_key = parse_hex64(v, len, &k->m[k->i].key);
    }
    return 0;
}

static size_t
find_root(struct member *m, size_t i)
{
    while (m[i].parent != i) {
        m[i].parent = m[m[i].parent].parent; /* path halving */
        i = m[i].parent;
    }
    return i;
}

static void
unite(struct member *m, size_t a, size_t b)
{
    a = find_root(m, a);
    b = find_root(m, b);
    if (a == b)
        return;
    if (a < b)
        m[b].parent = a;
    else
        m[a].parent = b;
}

static int
cmp_band(const void *x, const void *y)
{
    const struct band_entry *a = x;
    const struct band_entry *b = y;
    if (a->band != b->band)
        return a->band < b->band ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int
agree(const struct member *a, const struct member *b)
{
    int i;
    int same = 0;
    for (i = 0; i < DL_MINHASH_K; i++)
        same += a->sig[i] == b->sig[i];
    return same >= DL_CLUSTER_MIN_AGREE;
}

static unsigned long long
singleton_key(const struct member *m)
{
    return (unsigned long long)m->sig[0] << 32 | m->sig[1];
}

dl_status
dl_cluster_update(dl_wdb *w, struct dl_cluster_stats *stats, dl_err *err)
{
    return dl_cluster_update_multi(&w, 1, 0, stats, err);
}

/* Load every article's signature and current key from w[0..nw) into l,
 * in one allocation of the right size: growing by doubling would hold the
 * old and the new array at once, 1.5 times the members' memory. */
static dl_status
load_members(dl_wdb *const *w, size_t nw, struct load_ctx *l, dl_err *err)
{
    struct key_ctx k;
    dl_status rc = DL_OK;
    size_t i;

    for (i = 0; i < nw && rc == DL_OK; i++) {
        unsigned long docs = 0;
        rc = dl_wdb_doccount(w[i], &docs, err);
        l->cap += docs;
    }
    if (rc != DL_OK)
        return rc;
    if (l->cap > 0) {
        l->m = dl_malloc(l->cap * sizeof *l->m);
        if (l->m == NULL)
            return dl_err_set(err, DL_ENOMEM,
                              "out of memory loading signatures");
    }
    for (l->shard = 0; l->shard < nw && rc == DL_OK; l->shard++) {
        size_t first = l->n;
        rc = dl_wdb_values(w[l->shard], DL_SLOT_MINHASH, on_signature, l, err);
        if (rc == DL_OK && l->failed)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory loading signatures");
        if (rc != DL_OK)
            break;
        k.m = l->m + first;
        k.n = l->n - first;
        k.i = 0;
        rc = dl_wdb_values(w[l->shard], DL_SLOT_CLUSTER, on_key, &k, err);
    }
    return rc;
}

/* Union the members m[0..n) that agree in a band (bands: n entries of
 * scratch space). */
static void
join_by_bands(struct member *m, size_t n, struct band_entry *bands)
{
    size_t i, j;
    int band, v;

    for (band = 0; band < DL_CLUSTER_BANDS; band++) {
        for (i = 0; i < n; i++) {
            unsigned long long packed = 0;
            for (v = 0; v < BAND_WIDTH; v++)
                packed = packed << 32 | m[i].sig[band * BAND_WIDTH + v];
            bands[i].band = packed;
            bands[i].index = i;
        }
        qsort(bands, n, sizeof *bands, cmp_band);
        for (i = 0; i < n; i++) {
            for (j = i + 1; j < n && j <= i + DL_CLUSTER_BUCKET_CAP &&
                            bands[j].band == bands[i].band;
                 j++) {
                if (agree(&m[bands[i].index], &m[bands[j].index]))
                    unite(m, bands[i].index, bands[j].index);
            }
        }
    }
}

/* The key of each cluster, at its root in rootkey, and its size, at its
 * root in size (zeroed by the caller): the smallest of its members'
 * leading signature values, so it depends neither on docids nor on the
 * order of indexing. */
static void
cluster_keys(struct member *m, size_t n, unsigned long long *rootkey,
             size_t *size)
{
    size_t i;

    for (i = 0; i < n; i++)
        rootkey[i] = ~0ULL;
    for (i = 0; i < n; i++) {
        size_t r = find_root(m, i);
        unsigned long long key = singleton_key(&m[i]);
        if (key < rootkey[r])
            rootkey[r] = key;
        size[r]++;
    }
}

/* Write each member's key where it changed: an article alone gets no key
 * at all (see docbuild.c; a story whose copies were deleted loses it).
 * Commits every commit_every rewrites when not 0. */
static dl_status
write_keys(dl_wdb *const *w, size_t nw, struct member *m, size_t n,
           const unsigned long long *rootkey, const size_t *size,
           unsigned long commit_every, struct dl_cluster_stats *st, dl_err *err)
{
    unsigned long pending = 0; /* rewrites since the last commit */
    dl_status rc = DL_OK;
    size_t i, j;

    for (i = 0; i < n; i++) {
        size_t r = find_root(m, i);
        if (size[i] > 1) {
            st->clusters++;
            st->clustered += size[i];
        }
        if (size[r] == 1) {
            if (m[i].has_value) {
                rc = dl_wdb_set_value(w[m[i].shard], m[i].docid,
                                      DL_SLOT_CLUSTER, NULL, 0, err);
                if (rc != DL_OK)
                    return rc;
                st->rewritten++;
                pending++;
            }
        } else if (!m[i].has_key || m[i].key != rootkey[r]) {
            char hex[17];
            snprintf(hex, sizeof hex, "%016llx", rootkey[r]);
            rc = dl_wdb_set_value(w[m[i].shard], m[i].docid, DL_SLOT_CLUSTER,
                                  hex, 16, err);
            if (rc != DL_OK)
                return rc;
            st->rewritten++;
            pending++;
        }
        if (commit_every > 0 && pending >= commit_every) {
            for (j = 0; j < nw && rc == DL_OK; j++)
                rc = dl_wdb_commit(w[j], err);
            if (rc != DL_OK)
                return rc;
            pending = 0;
        }
    }
    return DL_OK;
}

dl_status
dl_cluster_update_multi(dl_wdb *const *w, size_t nw, unsigned long commit_every,
                        struct dl_cluster_stats *stats, dl_err *err)
{
    struct load_ctx l = {NULL, 0, 0, 0, 0};
    struct band_entry *bands = NULL;
    unsigned long long *rootkey = NULL;
    size_t *size = NULL;
    struct dl_cluster_stats st = {0, 0, 0, 0};
    dl_status rc;

    rc = load_members(w, nw, &l, err);
    if (rc != DL_OK)
        goto out;
    st.documents = l.n;
    if (l.n == 0)
        goto out;

    bands = dl_malloc(l.n * sizeof *bands);
    rootkey = dl_malloc(l.n * sizeof *rootkey);
    size = dl_calloc(l.n, sizeof *size);
    if (bands == NULL || rootkey == NULL || size == NULL) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory clustering");
        goto out;
    }
    join_by_bands(l.m, l.n, bands);
    dl_free(bands);
    bands = NULL;
    cluster_keys(l.m, l.n, rootkey, size);
    rc = write_keys(w, nw, l.m, l.n, rootkey, size, commit_every, &st, err);
out:
    if (stats != NULL)
        *stats = st;
    dl_free(bands);
    dl_free(rootkey);
    dl_free(size);
    dl_free(l.m);
    return rc;
}
