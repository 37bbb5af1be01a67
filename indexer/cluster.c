/* cluster.c - near-duplicate clusters over SimHash fingerprints.
 *
 * Design (see cluster.h): load every (docid, simhash, current key) triple,
 * bucket the documents by each 16-bit band of the fingerprint, compare the
 * documents inside a bucket, union the pairs within the Hamming distance,
 * then give every member the smallest fingerprint of its cluster as key.
 * Buckets are built by sorting (band value, index) pairs, so memory stays
 * a flat array per band and no hash table is needed.
 *
 * A bucket in which very many documents share a band (say, empty bodies all
 * hashing to 0) would make the comparison quadratic; comparisons per bucket
 * are capped (DL_CLUSTER_BUCKET_CAP neighbours per document), which can only
 * miss a link, never invent one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "dl_alloc.h"
#include "dl_schema.h"

#define DL_CLUSTER_BUCKET_CAP 64 /* neighbours compared per document */

struct member {
    unsigned docid;
    unsigned long long simhash;
    unsigned long long key; /* current DL_SLOT_CLUSTER, parsed */
    int has_key;            /* the slot holds a parseable key */
    size_t parent;          /* union-find */
};

struct band_entry {
    unsigned band;  /* 16-bit band value */
    size_t index;   /* into members */
};

struct load_ctx {
    struct member *m;
    size_t n, cap;
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
on_simhash(void *ctx, unsigned docid, const char *v, size_t len)
{
    struct load_ctx *l = ctx;
    unsigned long long h;
    if (!parse_hex64(v, len, &h))
        return 0; /* no fingerprint: stays alone */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        struct member *m = dl_realloc(l->m, cap * sizeof *m);
        if (m == NULL) {
            l->failed = 1;
            return 1;
        }
        l->m = m;
        l->cap = cap;
    }
    l->m[l->n].docid = docid;
    l->m[l->n].simhash = h;
    l->m[l->n].has_key = 0;
    l->m[l->n].key = 0;
    l->m[l->n].parent = l->n;
    l->n++;
    return 0;
}

/* Members are in ascending docid order (value streams are), so the key
 * stream can be merged in by walking both. */
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
    if (k->i < k->n && k->m[k->i].docid == docid)
        k->m[k->i].has_key = parse_hex64(v, len, &k->m[k->i].key);
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
    /* Keep the smaller index as root: deterministic. */
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

dl_status
dl_cluster_update(dl_wdb *w, struct dl_cluster_stats *stats, dl_err *err)
{
    struct load_ctx l = {NULL, 0, 0, 0};
    struct key_ctx k;
    struct band_entry *bands = NULL;
    unsigned long long *minhash = NULL;
    size_t *size = NULL;
    struct dl_cluster_stats st = {0, 0, 0, 0};
    dl_status rc;
    size_t i, j;
    int band;

    rc = dl_wdb_values(w, DL_SLOT_SIMHASH, on_simhash, &l, err);
    if (rc == DL_OK && l.failed)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory loading fingerprints");
    if (rc != DL_OK)
        goto out;
    k.m = l.m;
    k.n = l.n;
    k.i = 0;
    rc = dl_wdb_values(w, DL_SLOT_CLUSTER, on_key, &k, err);
    if (rc != DL_OK)
        goto out;
    st.documents = l.n;
    if (l.n == 0)
        goto out;

    bands = dl_malloc(l.n * sizeof *bands);
    minhash = dl_malloc(l.n * sizeof *minhash);
    size = dl_calloc(l.n, sizeof *size);
    if (bands == NULL || minhash == NULL || size == NULL) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory clustering");
        goto out;
    }
    for (band = 0; band < DL_CLUSTER_BANDS; band++) {
        int shift = band * (64 / DL_CLUSTER_BANDS);
        for (i = 0; i < l.n; i++) {
            bands[i].band = (unsigned)((l.m[i].simhash >> shift) & 0xFFFF);
            bands[i].index = i;
        }
        qsort(bands, l.n, sizeof *bands, cmp_band);
        for (i = 0; i < l.n; i++) {
            for (j = i + 1; j < l.n && j <= i + DL_CLUSTER_BUCKET_CAP &&
                            bands[j].band == bands[i].band;
                 j++) {
                unsigned long long x = l.m[bands[i].index].simhash ^
                                       l.m[bands[j].index].simhash;
                if (__builtin_popcountll(x) <= DL_CLUSTER_MAX_DISTANCE)
                    unite(l.m, bands[i].index, bands[j].index);
            }
        }
    }

    /* The key of a cluster is its smallest fingerprint. */
    for (i = 0; i < l.n; i++)
        minhash[i] = ~0ULL;
    for (i = 0; i < l.n; i++) {
        size_t r = find_root(l.m, i);
        if (l.m[i].simhash < minhash[r])
            minhash[r] = l.m[i].simhash;
        size[r]++;
    }
    for (i = 0; i < l.n; i++) {
        size_t r = find_root(l.m, i);
        unsigned long long key = minhash[r];
        if (size[i] > 1) {
            st.clusters++;
            st.clustered += size[i];
        }
        if (!l.m[i].has_key || l.m[i].key != key) {
            char hex[17];
            snprintf(hex, sizeof hex, "%016llx", key);
            rc = dl_wdb_set_value(w, l.m[i].docid, DL_SLOT_CLUSTER, hex, 16,
                                  err);
            if (rc != DL_OK)
                goto out;
            st.rewritten++;
        }
    }
out:
    if (stats != NULL)
        *stats = st;
    dl_free(bands);
    dl_free(minhash);
    dl_free(size);
    dl_free(l.m);
    return rc;
}
