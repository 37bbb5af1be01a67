/* filestate.c - file records and the set of seen paths.
 *
 * The record is text so that `xapian-delve -m`-style inspection and a human
 * reading a bug report can make sense of it; it is parsed with strtoll and
 * strtoull, never trusted: a malformed record only makes the file look new.
 *
 * The path set is open addressing over 64-bit FNV-1a hashes (dl_hash64);
 * the value 0 marks an empty slot, so a path hashing to 0 is stored as 1
 * (one more collision among 2^64 does not matter).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_hash.h"
#include "filestate.h"

void
dl_filestate_from_stat(struct dl_filestate *fs, const struct stat *st)
{
    fs->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL +
                   (long long)st->st_mtim.tv_nsec;
    fs->size = (unsigned long long)st->st_size;
    fs->ndocs = 0;
}

dl_status
dl_filestate_key(dl_buf *out, const char *path)
{
    return dl_schema_term(out, DL_META_FILE_PREFIX, path, strlen(path));
}

dl_status
dl_filestate_encode(const struct dl_filestate *fs, const char *path,
                    dl_buf *out)
{
    dl_buf_reset(out);
    if (dl_buf_printf(out, "%lld %llu %lu\n", fs->mtime_ns, fs->size,
                      fs->ndocs) != DL_OK)
        return DL_ENOMEM;
    /* The key already spells a path that fits in it (dl_filestate_key):
     * the path is written only when the key had to be hashed. */
    if (strlen(DL_META_FILE_PREFIX) + strlen(path) > DL_MAX_TERM_BYTES &&
        dl_buf_puts(out, path) != DL_OK)
        return DL_ENOMEM;
    return DL_OK;
}

dl_status
dl_filestate_decode(const char *rec, size_t len, struct dl_filestate *fs,
                    struct dl_slice *path)
{
    char head[96];
    const char *nl = memchr(rec, '\n', len);
    size_t hlen;
    char *end;
    const char *p;

    if (nl == NULL)
        return DL_EINVAL;
    hlen = (size_t)(nl - rec);
    if (hlen == 0 || hlen >= sizeof head)
        return DL_EINVAL;
    memcpy(head, rec, hlen);
    head[hlen] = '\0';
    p = head;
    /* strto* skip blanks and accept signs: insist on the digits we wrote. */
    if (!isdigit((unsigned char)p[0]) && p[0] != '-')
        return DL_EINVAL;
    errno = 0;
    fs->mtime_ns = strtoll(p, &end, 10);
    if (errno != 0 || end == p || *end != ' ')
        return DL_EINVAL;
    p = end + 1;
    if (!isdigit((unsigned char)p[0]))
        return DL_EINVAL;
    fs->size = strtoull(p, &end, 10);
    if (errno != 0 || end == p || *end != ' ')
        return DL_EINVAL;
    p = end + 1;
    if (!isdigit((unsigned char)p[0]))
        return DL_EINVAL;
    fs->ndocs = strtoul(p, &end, 10);
    if (errno != 0 || end == p || *end != '\0')
        return DL_EINVAL;
    if (path != NULL) {
        path->p = nl + 1;
        path->n = len - hlen - 1;
    }
    return DL_OK;
}

bool
dl_filestate_same(const struct dl_filestate *a, const struct dl_filestate *b)
{
    return a->mtime_ns == b->mtime_ns && a->size == b->size;
}

bool
dl_path_under(const char *path, size_t len, const char *root)
{
    size_t rlen = strlen(root);
    if (strcmp(root, ".") == 0)
        return len == 0 || path[0] != '/';
    if (rlen == 1 && root[0] == '/')
        return len > 0 && path[0] == '/';
    if (len < rlen || memcmp(path, root, rlen) != 0)
        return false;
    return len == rlen || path[rlen] == '/';
}

struct dl_pathset {
    uint64_t *slots; /* 0: empty */
    size_t cap;      /* power of two */
    size_t n;
};

static uint64_t
path_hash(const char *path, size_t len)
{
    uint64_t h = dl_hash64(path, len);
    return h == 0 ? 1 : h;
}

dl_status
dl_pathset_new(dl_pathset **out, dl_err *err)
{
    dl_pathset *s = dl_calloc(1, sizeof *s);
    *out = NULL;
    if (s == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    s->cap = 1024;
    s->slots = dl_calloc(s->cap, sizeof *s->slots);
    if (s->slots == NULL) {
        dl_free(s);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    *out = s;
    return DL_OK;
}

static size_t
find_slot(const uint64_t *slots, size_t cap, uint64_t h)
{
    size_t i = (size_t)(h * 0x9E3779B97F4A7C15ULL >> 7) & (cap - 1);
    while (slots[i] != 0 && slots[i] != h)
        i = (i + 1) & (cap - 1);
    return i;
}

dl_status
dl_pathset_add(dl_pathset *s, const char *path, size_t len, bool *fresh)
{
    uint64_t h = path_hash(path, len);
    size_t i;
    /* Grow at half full: short probes. */
    if (2 * (s->n + 1) > s->cap) {
        size_t ncap = 2 * s->cap;
        uint64_t *ns = dl_calloc(ncap, sizeof *ns);
        size_t k;
        if (ns == NULL)
            return DL_ENOMEM;
        for (k = 0; k < s->cap; k++)
            if (s->slots[k] != 0)
                ns[find_slot(ns, ncap, s->slots[k])] = s->slots[k];
        dl_free(s->slots);
        s->slots = ns;
        s->cap = ncap;
    }
    i = find_slot(s->slots, s->cap, h);
    if (fresh != NULL)
        *fresh = s->slots[i] == 0;
    if (s->slots[i] == 0) {
        s->slots[i] = h;
        s->n++;
    }
    return DL_OK;
}

bool
dl_pathset_has(const dl_pathset *s, const char *path, size_t len)
{
    uint64_t h = path_hash(path, len);
    return s->slots[find_slot(s->slots, s->cap, h)] == h;
}

void
dl_pathset_free(dl_pathset *s)
{
    if (s == NULL)
        return;
    dl_free(s->slots);
    dl_free(s);
}
