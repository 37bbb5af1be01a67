/* boilerplate.c - the rule, the per-article value, the learned sets.
 *
 * The sets are one open-addressing table of sources (keyed by the 32-bit
 * source key), each with its learned hashes sorted for a binary search.
 * In learn mode a source also tracks, for this run, how many of its
 * articles had each paragraph (another open-addressing table per source),
 * within the bounds of boilerplate.h (DL_BOILER_PROBE, DL_BOILER_TRACK_MAX):
 * the guesses only spare the finishing pass some rebuilds, so running out
 * of room or memory costs rebuilds, never correctness.  One mutex guards
 * everything: a judgement is a few table probes, far cheaper than building
 * the article that asks for it.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boilerplate.h"
#include "dl_alloc.h"
#include "dl_hash.h"
#include "dl_schema.h"

/* ---- the rule and the keys ---------------------------------------------- */

unsigned long
dl_boiler_threshold(unsigned long units)
{
    /* ceil(units * 2%) without overflow for any count of stories. */
    unsigned long share = units / 100 * DL_BOILER_MIN_PERCENT +
                          (units % 100 * DL_BOILER_MIN_PERCENT + 99) / 100;
    return share > DL_BOILER_MIN_ARTICLES ? share : DL_BOILER_MIN_ARTICLES;
}

/* splitmix64's finaliser: every output bit depends on every input bit. */
static unsigned long long
mix64(unsigned long long x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return x;
}

static unsigned
nonzero32(unsigned long long h)
{
    unsigned v = (unsigned)(mix64(h) >> 32);
    return v != 0 ? v : 1;
}

unsigned
dl_boiler_source_key(const char *normalised, size_t n)
{
    return nonzero32(dl_hash64(normalised, n));
}

unsigned
dl_boiler_group_key(const char *root)
{
    /* A control character never survives into a source (readers fold
     * them), so no source normalises to this. */
    unsigned long long h = dl_hash64("\001root:", 6);
    const unsigned char *p = (const unsigned char *)root;
    for (; *p != '\0'; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return nonzero32(h);
}

unsigned
dl_boiler_para_hash(unsigned long long h)
{
    return nonzero32(h);
}

bool
dl_boiler_hashed(unsigned long n, unsigned long i)
{
    if (n <= DL_BOILER_HEAD + DL_BOILER_TAIL)
        return i < n;
    return i < DL_BOILER_HEAD || (i < n && i >= n - DL_BOILER_TAIL);
}

/* ---- DL_SLOT_PARAS ------------------------------------------------------ */

static size_t
hashed_count(unsigned long n)
{
    return n <= DL_BOILER_HEAD + DL_BOILER_TAIL
               ? (size_t)n
               : DL_BOILER_HEAD + DL_BOILER_TAIL;
}

static dl_status
put_u32(dl_buf *out, unsigned v)
{
    char b[4];
    b[0] = (char)(v & 0xFF);
    b[1] = (char)((v >> 8) & 0xFF);
    b[2] = (char)((v >> 16) & 0xFF);
    b[3] = (char)((v >> 24) & 0xFF);
    return dl_buf_append(out, b, 4);
}

static unsigned
get_u32(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 |
           (unsigned)p[3] << 24;
}

dl_status
dl_paras_put(unsigned source, unsigned long n, const unsigned *h, size_t n_h,
             dl_buf *out)
{
    unsigned long v = n;
    size_t i;
    dl_buf_reset(out);
    if (n_h != hashed_count(n))
        return DL_EINVAL;
    do {
        unsigned char byte = (unsigned char)(v & 0x7F);
        v >>= 7;
        if (v != 0)
            byte |= 0x80;
        if (dl_buf_putc(out, (char)byte) != DL_OK)
            return DL_ENOMEM;
    } while (v != 0);
    if (put_u32(out, source) != DL_OK)
        return DL_ENOMEM;
    for (i = 0; i < n_h; i++) {
        if (put_u32(out, h[i]) != DL_OK)
            return DL_ENOMEM;
    }
    return DL_OK;
}

bool
dl_paras_get(const char *v, size_t len, struct dl_paras *p)
{
    const unsigned char *s = (const unsigned char *)v;
    const unsigned char *end = s + len;
    unsigned long n = 0;
    unsigned shift = 0;
    unsigned char byte;

    memset(p, 0, sizeof *p);
    if (v == NULL)
        return false;
    do {
        if (s >= end || shift > 28)
            return false;
        byte = *s++;
        n |= (unsigned long)(byte & 0x7F) << shift;
        shift += 7;
    } while (byte & 0x80);
    if ((size_t)(end - s) < 4)
        return false;
    p->n = n;
    p->source = get_u32(s);
    s += 4;
    p->n_h = hashed_count(n);
    if ((size_t)(end - s) != 4 * p->n_h || p->source == 0)
        return false;
    p->h = s;
    return true;
}

unsigned
dl_paras_hash(const struct dl_paras *p, size_t k)
{
    return get_u32(p->h + 4 * k);
}

unsigned long
dl_paras_index(const struct dl_paras *p, size_t k)
{
    if (p->n <= DL_BOILER_HEAD + DL_BOILER_TAIL || k < DL_BOILER_HEAD)
        return k;
    return p->n - DL_BOILER_TAIL + (k - DL_BOILER_HEAD);
}

/* ---- the sets ----------------------------------------------------------- */

struct track {
    unsigned hash; /* 0: empty */
    unsigned count;
};

struct src {
    unsigned key;        /* 0: empty slot */
    unsigned long units; /* stories at the last finishing pass */
    unsigned long seen;  /* articles judged by this run (learn mode) */
    unsigned *set;       /* learned hashes, ascending */
    size_t n_set;
    struct track *tr; /* this run's counts (learn mode), or NULL */
    size_t tr_cap, tr_n;
};

struct dl_boiler {
    pthread_mutex_t mu;
    bool learn;
    struct src *v; /* open addressing by key */
    size_t cap, n;
    size_t n_sets;  /* sources with a non-empty set */
    size_t tracked; /* paragraphs tracked, all sources */
};

dl_status
dl_boiler_new(bool learn, dl_boiler **out, dl_err *err)
{
    dl_boiler *b = dl_calloc(1, sizeof *b);
    *out = NULL;
    if (b == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    pthread_mutex_init(&b->mu, NULL);
    b->learn = learn;
    *out = b;
    return DL_OK;
}

void
dl_boiler_free(dl_boiler *b)
{
    size_t i;
    if (b == NULL)
        return;
    for (i = 0; i < b->cap; i++) {
        dl_free(b->v[i].set);
        dl_free(b->v[i].tr);
    }
    dl_free(b->v);
    pthread_mutex_destroy(&b->mu);
    dl_free(b);
}

static size_t
slot_of(unsigned key, size_t cap)
{
    return (size_t)(mix64(key) & (cap - 1));
}

static struct src *
find_src(const dl_boiler *b, unsigned key)
{
    size_t i;
    if (b->cap == 0)
        return NULL;
    for (i = slot_of(key, b->cap);; i = (i + 1) & (b->cap - 1)) {
        if (b->v[i].key == key)
            return &b->v[i];
        if (b->v[i].key == 0)
            return NULL;
    }
}

/* The source's entry, made if missing; NULL out of memory. */
static struct src *
get_src(dl_boiler *b, unsigned key)
{
    struct src *s = find_src(b, key);
    size_t i;
    if (s != NULL)
        return s;
    if (2 * (b->n + 1) > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        struct src *v = dl_calloc(cap, sizeof *v);
        if (v == NULL)
            return NULL;
        for (i = 0; i < b->cap; i++) {
            size_t j;
            if (b->v[i].key == 0)
                continue;
            for (j = slot_of(b->v[i].key, cap); v[j].key != 0;
                 j = (j + 1) & (cap - 1))
                ;
            v[j] = b->v[i];
        }
        dl_free(b->v);
        b->v = v;
        b->cap = cap;
    }
    for (i = slot_of(key, b->cap); b->v[i].key != 0; i = (i + 1) & (b->cap - 1))
        ;
    b->v[i].key = key;
    b->n++;
    return &b->v[i];
}

static int
cmp_u32(const void *x, const void *y)
{
    unsigned a = *(const unsigned *)x;
    unsigned c = *(const unsigned *)y;
    return a < c ? -1 : a > c;
}

dl_status
dl_boiler_set(dl_boiler *b, unsigned source, unsigned long units,
              const unsigned *hashes, size_t n, dl_err *err)
{
    struct src *s;
    unsigned *set = NULL;
    dl_status rc = DL_OK;

    if (n > 0) {
        set = dl_malloc(n * sizeof *set);
        if (set == NULL)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        memcpy(set, hashes, n * sizeof *set);
        qsort(set, n, sizeof *set, cmp_u32);
    }
    pthread_mutex_lock(&b->mu);
    s = get_src(b, source);
    if (s == NULL) {
        dl_free(set);
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    } else {
        if (s->n_set > 0)
            b->n_sets--;
        dl_free(s->set);
        s->set = set;
        s->n_set = n;
        s->units = units;
        if (n > 0)
            b->n_sets++;
    }
    pthread_mutex_unlock(&b->mu);
    return rc;
}

static bool
in_set(const struct src *s, unsigned hash)
{
    return s->n_set > 0 &&
           bsearch(&hash, s->set, s->n_set, sizeof *s->set, cmp_u32) != NULL;
}

bool
dl_boiler_has(dl_boiler *b, unsigned source, unsigned hash)
{
    const struct src *s;
    bool yes;
    pthread_mutex_lock(&b->mu);
    s = find_src(b, source);
    yes = s != NULL && in_set(s, hash);
    pthread_mutex_unlock(&b->mu);
    return yes;
}

size_t
dl_boiler_sources(const dl_boiler *b)
{
    return b->n_sets;
}

void
dl_boiler_article(dl_boiler *b, unsigned source)
{
    struct src *s;
    if (b == NULL || !b->learn)
        return;
    pthread_mutex_lock(&b->mu);
    s = get_src(b, source);
    if (s != NULL)
        s->seen++;
    pthread_mutex_unlock(&b->mu);
}

/* The entry of hash in s's counts, made when room allows (add); NULL
 * when it is not tracked. */
static struct track *
track_of(dl_boiler *b, struct src *s, unsigned hash, bool add)
{
    size_t i;
    if (s->tr_cap > 0) {
        for (i = slot_of(hash, s->tr_cap);; i = (i + 1) & (s->tr_cap - 1)) {
            if (s->tr[i].hash == hash)
                return &s->tr[i];
            if (s->tr[i].hash == 0)
                break;
        }
    }
    if (!add || s->seen > DL_BOILER_PROBE || b->tracked >= DL_BOILER_TRACK_MAX)
        return NULL;
    if (2 * (s->tr_n + 1) > s->tr_cap) {
        size_t cap = s->tr_cap ? 2 * s->tr_cap : 64;
        struct track *v = dl_calloc(cap, sizeof *v);
        if (v == NULL)
            return NULL;
        for (i = 0; i < s->tr_cap; i++) {
            size_t j;
            if (s->tr[i].hash == 0)
                continue;
            for (j = slot_of(s->tr[i].hash, cap); v[j].hash != 0;
                 j = (j + 1) & (cap - 1))
                ;
            v[j] = s->tr[i];
        }
        dl_free(s->tr);
        s->tr = v;
        s->tr_cap = cap;
    }
    for (i = slot_of(hash, s->tr_cap); s->tr[i].hash != 0;
         i = (i + 1) & (s->tr_cap - 1))
        ;
    s->tr[i].hash = hash;
    s->tr[i].count = 0;
    s->tr_n++;
    b->tracked++;
    return &s->tr[i];
}

bool
dl_boiler_judge(dl_boiler *b, unsigned source, unsigned hash, bool first)
{
    struct src *s;
    bool yes = false;
    if (b == NULL || source == 0 || hash == 0)
        return false;
    pthread_mutex_lock(&b->mu);
    s = find_src(b, source);
    if (s != NULL && in_set(s, hash)) {
        yes = true;
    } else if (s != NULL && b->learn) {
        struct track *t = track_of(b, s, hash, first);
        if (t != NULL) {
            if (first)
                t->count++;
            yes = t->count >= dl_boiler_threshold(s->units + s->seen);
        }
    }
    pthread_mutex_unlock(&b->mu);
    return yes;
}

/* ---- metadata ----------------------------------------------------------- */

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* 8 lowercase hex digits at s into *v. */
static bool
parse_hex32(const char *s, size_t n, unsigned *v)
{
    size_t i;
    unsigned x = 0;
    if (n != 8)
        return false;
    for (i = 0; i < 8; i++) {
        int d = hexval(s[i]);
        if (d < 0)
            return false;
        x = x << 4 | (unsigned)d;
    }
    *v = x;
    return true;
}

/* Parse "UNITS HASH..." (the value of a source's key) into units and a
 * new array of hashes (*hashes the caller's).  false when malformed. */
static bool
parse_set(const char *v, size_t len, unsigned long *units, unsigned **hashes,
          size_t *n)
{
    size_t i = 0;
    size_t cap = (len + 1) / 9;
    unsigned long u = 0;
    unsigned *h;

    *hashes = NULL;
    *n = 0;
    if (len == 0 || v[0] < '0' || v[0] > '9')
        return false;
    while (i < len && v[i] >= '0' && v[i] <= '9') {
        if (u > (~0UL - 9) / 10)
            return false;
        u = u * 10 + (unsigned long)(v[i] - '0');
        i++;
    }
    *units = u;
    if (i == len)
        return true;
    h = dl_malloc((cap > 0 ? cap : 1) * sizeof *h);
    if (h == NULL)
        return false;
    while (i < len) {
        if (v[i] != ' ' || len - i < 9 || !parse_hex32(v + i + 1, 8, &h[*n]) ||
            *n >= cap) {
            dl_free(h);
            *n = 0;
            return false;
        }
        (*n)++;
        i += 9;
    }
    *hashes = h;
    return true;
}

dl_status
dl_boiler_load(dl_boiler *b, dl_wdb *w, dl_err *err)
{
    dl_termiter *it = NULL;
    const char *k;
    size_t klen;
    unsigned long freq;
    size_t plen = strlen(DL_META_BOILER_PREFIX);
    dl_buf keys = DL_BUF_INIT; /* NUL-separated: the iterator must not
                                  run across reads of other keys */
    dl_status rc;
    size_t off;

    rc = dl_wdb_metadata_keys(w, DL_META_BOILER_PREFIX, &it, err);
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &k, &klen, &freq, err);
        if (rc != DL_OK)
            break;
        if (dl_buf_append(&keys, k, klen) != DL_OK ||
            dl_buf_putc(&keys, '\0') != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    dl_termiter_free(it);
    if (rc == DL_DONE)
        rc = DL_OK;
    for (off = 0; rc == DL_OK && off < keys.len;) {
        const char *key = keys.data + off;
        size_t kl = strlen(key);
        char *val = NULL;
        size_t vlen = 0;
        unsigned source;
        unsigned long units;
        unsigned *hashes;
        size_t n;
        off += kl + 1;
        if (kl != plen + 8 || !parse_hex32(key + plen, 8, &source) ||
            source == 0)
            continue;
        rc = dl_wdb_get_metadata(w, key, &val, &vlen, err);
        if (rc != DL_OK)
            break;
        if (parse_set(val, vlen, &units, &hashes, &n)) {
            rc = dl_boiler_set(b, source, units, hashes, n, err);
            dl_free(hashes);
        }
        dl_free(val);
    }
    dl_buf_free(&keys);
    return rc;
}
