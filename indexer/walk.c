/* walk.c - the directory walk: sorted, loop-proof, one level at a time.
 *
 * Each directory is read whole, its entries (minus dot-names) sorted with
 * strcmp and kept as one frame on a stack; the walk returns files as it
 * meets them, descending into a subdirectory as soon as it is met, so the
 * order is the preorder of the sorted tree.  A directory's own listing is
 * needed to sort it, which is why memory follows the width of the widest
 * directories on the current path rather than the size of the tree.
 *
 * Loops: every directory entered is recorded by (device, inode) in an
 * open-addressing set; entering one twice (only possible through a
 * followed symlink or a bind mount) is reported as a symlink loop.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "walk.h"

struct frame {
    char **names;    /* sorted entry names, owned */
    size_t n;        /* entries */
    size_t i;        /* next entry to visit */
    size_t path_len; /* length of this directory's path in w->path */
    bool skips;      /* this is the directory holding opts.skip_name */
};

struct devino {
    dev_t dev;
    ino_t ino;
    bool used;
};

struct dl_walk {
    const char *const *roots;
    size_t n_roots;
    size_t next_root; /* next root to start */
    size_t cur_root;  /* root being walked */
    dl_buf root;      /* cleaned current root */
    dl_buf path;      /* path of the entry being looked at */
    struct frame *stack;
    size_t depth;
    size_t cap;
    struct devino *seen; /* visited directories */
    size_t seen_cap;     /* power of two */
    size_t seen_n;
    struct dl_walk_opts opts;
    dl_warn_fn warn;
    void *ctx;
};

dl_status
dl_path_clean(const char *path, dl_buf *out)
{
    const char *p = path;
    bool absolute = path[0] == '/';
    dl_buf_reset(out);
    if (absolute && dl_buf_putc(out, '/') != DL_OK)
        return DL_ENOMEM;
    while (*p != '\0') {
        size_t n;
        while (*p == '/')
            p++;
        n = strcspn(p, "/");
        if (n == 0)
            break;
        if (!(n == 1 && p[0] == '.')) {
            if (out->len > 0 && out->data[out->len - 1] != '/' &&
                dl_buf_putc(out, '/') != DL_OK)
                return DL_ENOMEM;
            if (dl_buf_append(out, p, n) != DL_OK)
                return DL_ENOMEM;
        }
        p += n;
    }
    if (out->len == 0 && dl_buf_putc(out, '.') != DL_OK)
        return DL_ENOMEM;
    return DL_OK;
}

void
dl_walk_opts_skip(struct dl_walk_opts *o, const char *path)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    int rc;
    o->skip_name = NULL;
    if (slash == NULL) {
        rc = stat(".", &st);
    } else if (slash == path) {
        rc = stat("/", &st);
    } else {
        dl_buf dir = DL_BUF_INIT;
        /* Out of memory: nothing is left out, which only costs a walk
         * over the index's own files (no article format among them). */
        if (dl_buf_append(&dir, path, (size_t)(slash - path)) != DL_OK)
            return;
        rc = stat(dir.data, &st);
        dl_buf_free(&dir);
    }
    if (rc != 0 || slash == path + strlen(path) - 1)
        return;
    o->skip_name = slash != NULL ? slash + 1 : path;
    o->skip_dev = st.st_dev;
    o->skip_ino = st.st_ino;
}

static size_t
devino_hash(dev_t dev, ino_t ino)
{
    uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15ULL; /* Fibonacci hash */
    h ^= (uint64_t)dev + (h >> 29);
    return (size_t)h;
}

/* Add (dev, ino); *fresh tells whether it was new.  DL_ENOMEM. */
static dl_status
seen_add(dl_walk *w, dev_t dev, ino_t ino, bool *fresh)
{
    size_t i;
    /* Grow at half full so probes stay short. */
    if (2 * (w->seen_n + 1) > w->seen_cap) {
        size_t ncap = w->seen_cap ? 2 * w->seen_cap : 64;
        struct devino *ns = dl_calloc(ncap, sizeof *ns);
        if (ns == NULL)
            return DL_ENOMEM;
        for (i = 0; i < w->seen_cap; i++) {
            size_t j;
            if (!w->seen[i].used)
                continue;
            j = devino_hash(w->seen[i].dev, w->seen[i].ino) & (ncap - 1);
            while (ns[j].used)
                j = (j + 1) & (ncap - 1);
            ns[j] = w->seen[i];
        }
        dl_free(w->seen);
        w->seen = ns;
        w->seen_cap = ncap;
    }
    i = devino_hash(dev, ino) & (w->seen_cap - 1);
    while (w->seen[i].used) {
        if (w->seen[i].dev == dev && w->seen[i].ino == ino) {
            *fresh = false;
            return DL_OK;
        }
        i = (i + 1) & (w->seen_cap - 1);
    }
    w->seen[i].dev = dev;
    w->seen[i].ino = ino;
    w->seen[i].used = true;
    w->seen_n++;
    *fresh = true;
    return DL_OK;
}

static void
warn(dl_walk *w, const char *reason, const char *msg)
{
    if (w->warn != NULL)
        w->warn(w->ctx, w->path.data, 0, reason, msg);
}

static void
warn_errno(dl_walk *w, int e)
{
    char msg[300];
    if (e == ENOENT) {
        warn(w, "vanished", "vanished during the walk");
        return;
    }
    if (e == ENAMETOOLONG) {
        snprintf(msg, sizeof msg,
                 "not read: the path (%zu bytes) is longer than the system "
                 "allows",
                 w->path.len);
        warn(w, "path-too-long", msg);
        return;
    }
    snprintf(msg, sizeof msg, "cannot read: %s", strerror(e));
    warn(w, "unreadable", msg);
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
free_names(char **names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dl_free(names[i]);
    dl_free(names);
}

/* Is name the database the walk leaves out, or one of its temporaries
 * (named exactly as the indexer names them: a folder of articles called
 * "index.db.tmp-old" is still walked)? */
static bool
skipped_name(const dl_walk *w, const char *name)
{
    long pid;
    return strcmp(name, w->opts.skip_name) == 0 ||
           dl_dbpath_temp_pid(w->opts.skip_name, name, &pid);
}

bool
dl_walk_opts_skips(const struct dl_walk_opts *o, const struct stat *dir,
                   const char *name)
{
    long pid;
    if (o->skip_name == NULL || dir->st_dev != o->skip_dev ||
        dir->st_ino != o->skip_ino)
        return false;
    return strcmp(name, o->skip_name) == 0 ||
           dl_dbpath_temp_pid(o->skip_name, name, &pid);
}

/* Read the directory at w->path (whose stat is *st) into a new frame.  A
 * directory that cannot be read is warned about and gives no frame
 * (*pushed false). */
static dl_status
push_dir(dl_walk *w, const struct stat *st, bool *pushed)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;
    size_t cap = 0;
    dl_status rc = DL_OK;

    *pushed = false;
    d = opendir(w->path.data);
    if (d == NULL) {
        warn_errno(w, errno);
        return DL_OK;
    }
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (de == NULL)
            break;
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 32;
            char **nn = dl_realloc(names, ncap * sizeof *nn);
            if (nn == NULL) {
                rc = DL_ENOMEM;
                goto out;
            }
            names = nn;
            cap = ncap;
        }
        names[n] = dl_strdup(de->d_name);
        if (names[n] == NULL) {
            rc = DL_ENOMEM;
            goto out;
        }
        n++;
    }
    if (errno != 0)
        warn_errno(w, errno);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    if (w->depth == w->cap) {
        size_t ncap = w->cap ? 2 * w->cap : 16;
        struct frame *ns = dl_realloc(w->stack, ncap * sizeof *ns);
        if (ns == NULL) {
            rc = DL_ENOMEM;
            goto out;
        }
        w->stack = ns;
        w->cap = ncap;
    }
    w->stack[w->depth].names = names;
    w->stack[w->depth].n = n;
    w->stack[w->depth].i = 0;
    w->stack[w->depth].path_len = w->path.len;
    w->stack[w->depth].skips = w->opts.skip_name != NULL &&
                               st->st_dev == w->opts.skip_dev &&
                               st->st_ino == w->opts.skip_ino;
    w->depth++;
    names = NULL;
    *pushed = true;
out:
    if (names != NULL)
        free_names(names, n);
    closedir(d);
    return rc;
}

static void
pop_dir(dl_walk *w)
{
    struct frame *f = &w->stack[--w->depth];
    free_names(f->names, f->n);
    f->names = NULL;
}

dl_status
dl_walk_new(const char *const *roots, size_t n, const struct dl_walk_opts *o,
            dl_warn_fn warnfn, void *ctx, dl_walk **out, dl_err *err)
{
    dl_walk *w;
    *out = NULL;
    w = dl_calloc(1, sizeof *w);
    if (w == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    w->roots = roots;
    w->n_roots = n;
    if (o != NULL)
        w->opts = *o;
    w->warn = warnfn;
    w->ctx = ctx;
    dl_buf_init(&w->root);
    dl_buf_init(&w->path);
    *out = w;
    return DL_OK;
}

void
dl_walk_free(dl_walk *w)
{
    if (w == NULL)
        return;
    while (w->depth > 0)
        pop_dir(w);
    dl_free(w->stack);
    dl_free(w->seen);
    dl_buf_free(&w->root);
    dl_buf_free(&w->path);
    dl_free(w);
}

/* Look at w->path (already lstat'ed into *st): decide whether it is a file
 * to return (*is_file), a directory now pushed, or nothing. */
static dl_status
visit(dl_walk *w, struct stat *st, bool top, bool *is_file)
{
    dl_status rc;
    *is_file = false;
    if (S_ISLNK(st->st_mode)) {
        if (!w->opts.follow_symlinks && !top) {
            warn(w, "symlink",
                 "symbolic link not followed (see --follow-symlinks)");
            return DL_OK;
        }
        if (stat(w->path.data, st) != 0) {
            if (errno == ELOOP)
                warn(w, "symlink-loop", "symbolic link loop");
            else if (errno == ENOENT)
                warn(w, "dangling-symlink", "symbolic link to nothing");
            else
                warn_errno(w, errno);
            return DL_OK;
        }
    }
    if (S_ISDIR(st->st_mode)) {
        bool fresh;
        bool pushed;
        rc = seen_add(w, st->st_dev, st->st_ino, &fresh);
        if (rc != DL_OK)
            return rc;
        if (!fresh) {
            warn(w, "symlink-loop",
                 "directory already visited (symbolic link loop)");
            return DL_OK;
        }
        return push_dir(w, st, &pushed);
    }
    if (dl_format_of_path(w->path.data, NULL) == DL_FORMAT_UNKNOWN) {
        if (top)
            warn(w, "unknown-format",
                 "not a format dateline-index reads (.txt .html .jsonl "
                 "and .gz of them)");
        return DL_OK;
    }
    if (!S_ISREG(st->st_mode)) {
        warn(w, "not-regular", "not a regular file");
        return DL_OK;
    }
    *is_file = true;
    return DL_OK;
}

static void
fill_entry(dl_walk *w, const struct stat *st, struct dl_walk_entry *e)
{
    e->path = w->path.data;
    e->root = w->root.data;
    e->root_index = w->cur_root;
    if (strcmp(w->root.data, ".") == 0)
        e->rel = w->path.data;
    else if (w->path.len > w->root.len)
        e->rel = w->path.data + w->root.len +
                 (w->path.data[w->root.len] == '/' ? 1 : 0);
    else
        e->rel = "";
    e->st = *st;
    e->format = dl_format_of_path(w->path.data, NULL);
}

dl_status
dl_walk_next(dl_walk *w, struct dl_walk_entry *e, dl_err *err)
{
    struct stat st;
    bool is_file;
    dl_status rc;

    for (;;) {
        if (w->depth == 0) {
            if (w->next_root == w->n_roots)
                return DL_DONE;
            w->cur_root = w->next_root++;
            if (dl_path_clean(w->roots[w->cur_root], &w->root) != DL_OK)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            dl_buf_reset(&w->path);
            if (dl_buf_append(&w->path, w->root.data, w->root.len) != DL_OK)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            /* Roots are followed even when they are links (as find -H). */
            if (stat(w->path.data, &st) != 0) {
                warn_errno(w, errno);
                continue;
            }
            rc = visit(w, &st, true, &is_file);
        } else {
            struct frame *f = &w->stack[w->depth - 1];
            const char *name;
            if (f->i == f->n) {
                pop_dir(w);
                continue;
            }
            name = f->names[f->i++];
            if (f->skips && skipped_name(w, name))
                continue;
            w->path.len = f->path_len;
            /* Below the root ".", "./a.txt" is written "a.txt", as
             * dl_path_clean writes it: one file, one id. */
            if (w->depth == 1 && strcmp(w->root.data, ".") == 0)
                w->path.len = 0;
            w->path.data[w->path.len] = '\0';
            if (w->path.len > 0 && w->path.data[w->path.len - 1] != '/' &&
                dl_buf_putc(&w->path, '/') != DL_OK)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            if (dl_buf_puts(&w->path, name) != DL_OK)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            if (lstat(w->path.data, &st) != 0) {
                warn_errno(w, errno);
                continue;
            }
            rc = visit(w, &st, false, &is_file);
        }
        if (rc != DL_OK)
            return dl_err_set(err, rc, "out of memory");
        if (is_file) {
            fill_entry(w, &st, e);
            return DL_OK;
        }
    }
}
