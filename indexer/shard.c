/* shard.c - a sharded index: routing, one pipeline run per shard, stub.
 *
 * Design (see shard.h): the shard list is decided before any run (hash:
 * shard-0..N-1; year: the years found by a walk of the roots, which reads
 * no file, plus the year shards the stub already names, so a year whose
 * files all vanished still gets its deletions).  Each shard is then one
 * dl_index_run with an accept callback; the walk repeats per shard, which
 * costs stat calls only, while each file is read and indexed exactly once.
 * The finishing pass opens every shard for writing at once (the same lock
 * a run takes), so no indexer can slip in between the union of languages
 * and the clusters it computes.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boiler_pass.h"
#include "boilerplate.h"
#include "cluster.h"
#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_hash.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "shard.h"
#include "walk.h"

/* Longest shard name: "shard-255", "y2020", "undated". */
#define NAME_MAX_LEN 16

struct route {
    enum dl_shard_by by;
    unsigned index, n;       /* hash */
    char name[NAME_MAX_LEN]; /* year */
};

struct names {
    char (*v)[NAME_MAX_LEN];
    size_t n, cap;
};

unsigned
dl_shard_of_path(const char *path, unsigned n)
{
    return (unsigned)(dl_hash64(path, strlen(path)) % n);
}

/* Does p start a year component: 19xx or 20xx, then a separator or end? */
static bool
is_year_at(const char *p)
{
    int i;
    for (i = 0; i < 4; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
    }
    if (!((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')))
        return false;
    return p[4] == '\0' || p[4] == '/' || p[4] == '-' || p[4] == '_' ||
           p[4] == '.';
}

void
dl_shard_year_of_path(const char *path, char out[8])
{
    const char *p = path;
    const char *found = NULL;
    /* The last component wins: it is the one nearest the article. */
    while (*p != '\0') {
        if ((p == path || p[-1] == '/') && is_year_at(p))
            found = p;
        p++;
    }
    if (found == NULL) {
        snprintf(out, 8, "undated");
        return;
    }
    snprintf(out, 8, "y%.4s", found);
}

static bool
accept_cb(void *ctx, const char *path)
{
    const struct route *r = ctx;
    char year[8];
    if (r->by == DL_SHARD_BY_HASH)
        return dl_shard_of_path(path, r->n) == r->index;
    dl_shard_year_of_path(path, year);
    return strcmp(year, r->name) == 0;
}

/* ---- shard names ---------------------------------------------------- */

static dl_status
names_add(struct names *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], name) == 0)
            return DL_OK;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        char(*grown)[NAME_MAX_LEN] = dl_realloc(s->v, cap * sizeof *grown);
        if (grown == NULL)
            return DL_ENOMEM;
        s->v = grown;
        s->cap = cap;
    }
    snprintf(s->v[s->n], NAME_MAX_LEN, "%s", name);
    s->n++;
    return DL_OK;
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Is name one we write ("shard-K", "yYYYY", "undated")?  The stub may
 * have been edited by hand (remote lines); only our names are ours. */
static bool
our_name(const char *name, enum dl_shard_by *by)
{
    if (strncmp(name, "shard-", 6) == 0 && name[6] >= '0' && name[6] <= '9') {
        *by = DL_SHARD_BY_HASH;
        return true;
    }
    if ((name[0] == 'y' && is_year_at(name + 1) && name[5] == '\0') ||
        strcmp(name, "undated") == 0) {
        *by = DL_SHARD_BY_YEAR;
        return true;
    }
    return false;
}

/* The shard names an existing stub lists ("auto NAME" lines). */
static dl_status
read_stub(const char *path, struct names *out, bool *mixed,
          enum dl_shard_by *by, dl_err *err)
{
    FILE *f = fopen(path, "r");
    char line[256];
    bool first = true;
    *mixed = false;
    if (f == NULL) {
        if (errno == ENOENT)
            return DL_OK;
        return dl_err_set(err, DL_EIO, "%s: %s", path, strerror(errno));
    }
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strcspn(line, "\r\n");
        enum dl_shard_by b;
        line[len] = '\0';
        if (strncmp(line, "auto ", 5) != 0)
            continue;
        if (!our_name(line + 5, &b) || strlen(line + 5) >= NAME_MAX_LEN) {
            *mixed = true;
            continue;
        }
        if (!first && b != *by)
            *mixed = true;
        *by = b;
        first = false;
        if (names_add(out, line + 5) != DL_OK) {
            fclose(f);
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        }
    }
    fclose(f);
    return DL_OK;
}

/* The year shards of the files under roots (a walk: stat only). */
static dl_status
walk_years(const struct dl_index_opts *o, const char *const *roots, size_t n,
           struct names *out, dl_err *err)
{
    dl_walk *w = NULL;
    struct dl_walk_opts wo;
    struct dl_walk_entry e;
    char year[8];
    dl_status rc;

    memset(&wo, 0, sizeof wo);
    wo.follow_symlinks = o->follow_symlinks;
    dl_walk_opts_skip(&wo, o->walk_skip != NULL ? o->walk_skip : o->db_path);
    rc = dl_walk_new(roots, n, &wo, NULL, NULL, &w, err);
    while (rc == DL_OK) {
        rc = dl_walk_next(w, &e, err);
        if (rc != DL_OK)
            break;
        dl_shard_year_of_path(e.path, year);
        if (names_add(out, year) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    dl_walk_free(w);
    return rc == DL_DONE ? DL_OK : rc;
}

/* ---- stub ----------------------------------------------------------- */

dl_status
dl_shard_write_stub(const char *path, const char *const *lines, size_t n,
                    dl_err *err)
{
    dl_buf tmp = DL_BUF_INIT;
    FILE *f = NULL;
    dl_status rc = DL_OK;
    size_t i;

    if (dl_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid()) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    f = fopen(tmp.data, "w");
    if (f == NULL) {
        rc = dl_err_set(err, DL_EIO, "%s: %s", tmp.data, strerror(errno));
        goto out;
    }
    fputs("# Xapian stub database: the shards of one Dateline index.\n"
          "# Written by dateline-index; see docs/shards.md.\n",
          f);
    for (i = 0; i < n; i++)
        fprintf(f, "%s\n", lines[i]);
    /* fflush + fsync before the rename: a crash must not leave an empty
     * stub in place of a good one. */
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        rc = dl_err_set(err, DL_EIO, "%s: %s", tmp.data, strerror(errno));
        fclose(f);
        goto out;
    }
    if (fclose(f) != 0) {
        rc = dl_err_set(err, DL_EIO, "%s: %s", tmp.data, strerror(errno));
        goto out;
    }
    if (rename(tmp.data, path) != 0)
        rc = dl_err_set(err, DL_EIO, "%s: %s", path, strerror(errno));
out:
    if (rc != DL_OK)
        unlink(tmp.data);
    dl_buf_free(&tmp);
    return rc;
}

/* ---- the finishing pass --------------------------------------------- */

/* Whether any shard holds DL_META_BOILER_PENDING: a run changed it
 * since boilerplate was last learned over all of them. */
static dl_status
any_pending(dl_wdb *const *w, size_t n, bool *out, dl_err *err)
{
    size_t i;
    dl_status rc = DL_OK;
    *out = false;
    for (i = 0; rc == DL_OK && i < n && !*out; i++) {
        char *val = NULL;
        size_t len = 0;
        rc = dl_wdb_get_metadata(w[i], DL_META_BOILER_PENDING, &val, &len, err);
        *out = len > 0;
        dl_free(val);
    }
    return rc;
}

/* Boilerplate learned over all shards together (the runs left it to this
 * pass: a source's articles are spread over the shards), the same sets
 * written to every shard, the disagreeing documents rebuilt, then the
 * clusters again where documents changed.  The pending marks go in the
 * shards' last commits. */
static dl_status
boiler_shards(const struct dl_index_opts *o, dl_wdb *const *w, size_t n,
              struct dl_index_stats *stats, dl_err *err)
{
    struct dl_boiler_pass_opts bo;
    struct dl_boiler_stats bs;
    struct dl_read_opts ropts;
    struct dl_cluster_stats cst;
    bool pending = false;
    dl_status rc = any_pending(w, n, &pending, err);
    size_t i;

    if (rc != DL_OK || !pending)
        return rc;
    dl_read_opts_init(&ropts);
    if (o->max_file_bytes > 0)
        ropts.max_file_bytes = o->max_file_bytes;
    ropts.force_lang = o->force_lang;
    memset(&bo, 0, sizeof bo);
    bo.meta_everywhere = true;
    bo.batch = DL_INDEX_BATCH;
    bo.batch_terms = DL_BATCH_TERMS_MAX / 2;
    bo.ropts = &ropts;
    rc = dl_boiler_update(w, n, &bo, &bs, err);
    if (rc == DL_OK && bs.rebuilt > 0)
        rc = dl_cluster_update_multi(w, n, 0, &cst, err);
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = dl_wdb_set_metadata(w[i], DL_META_BOILER_PENDING, NULL, 0, err);
    if (rc == DL_OK) {
        stats->boiler_ran = true;
        stats->boiler_learned = bs.learned;
        stats->boiler_rebuilt = bs.rebuilt;
    }
    return rc;
}

static dl_status
finish_shards(const struct dl_index_opts *o, const dl_buf *paths,
              const struct names *s, const struct dl_shard_opts *so,
              struct dl_index_stats *stats, dl_err *err)
{
    dl_wdb **w;
    dl_buf tag = DL_BUF_INIT;
    struct dl_cluster_stats cst;
    dl_status rc = DL_OK;
    size_t i, off = 0;

    w = dl_calloc(s->n, sizeof *w);
    if (w == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < s->n && rc == DL_OK; i++) {
        const char *p = paths->data + off;
        off += strlen(p) + 1;
        rc = dl_wdb_open(p, 0, o->lock_timeout, &w[i], err);
    }
    if (rc == DL_OK)
        rc = dl_cluster_update_multi(w, s->n, 0, &cst, err);
    if (rc == DL_OK)
        rc = boiler_shards(o, w, s->n, stats, err);
    for (i = 0; i < s->n && rc == DL_OK; i++) {
        dl_buf_reset(&tag);
        if (so->by == DL_SHARD_BY_HASH)
            rc = dl_buf_printf(&tag, "hash %zu/%zu", i, s->n);
        else
            rc = dl_buf_printf(&tag, "year %s", s->v[i]);
        if (rc != DL_OK) {
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            break;
        }
        rc = dl_wdb_set_metadata(w[i], DL_META_SHARD, tag.data, tag.len, err);
        if (rc == DL_OK)
            rc = dl_wdb_commit(w[i], err);
    }
    for (i = 0; i < s->n; i++)
        dl_wdb_close(w[i]);
    dl_free(w);
    dl_buf_free(&tag);
    return rc;
}

/* ---- entry point ---------------------------------------------------- */

static void
stats_add(struct dl_index_stats *sum, const struct dl_index_stats *one)
{
    size_t i, k;
    sum->indexed += one->indexed;
    sum->updated += one->updated;
    sum->unchanged += one->unchanged;
    sum->deleted += one->deleted;
    sum->skipped += one->skipped;
    sum->skipped_memory += one->skipped_memory;
    sum->articles += one->articles;
    sum->boiler_ran = sum->boiler_ran || one->boiler_ran;
    sum->boiler_learned += one->boiler_learned;
    sum->boiler_rebuilt += one->boiler_rebuilt;
    sum->removed_articles += one->removed_articles;
    sum->warnings += one->warnings;
    sum->bytes += one->bytes;
    sum->full = sum->full || one->full;
    if (one->interrupted != 0)
        sum->interrupted = one->interrupted;
    for (i = 0; i < one->n_reasons; i++) {
        for (k = 0; k < one->reasons[i].n; k++)
            dl_stats_count_reason(sum, one->reasons[i].reason);
    }
}

/* Shards built at the same time: enough to overlap their fsync waits,
 * few enough that their threads and open databases stay modest. */
#define DL_SHARD_PARALLEL 8

/* One shard's pipeline run, on a thread of run_shards. */
struct shard_job {
    struct dl_index_opts opts; /* o with this shard's path and route */
    struct route route;
    const char *const *roots;
    size_t n_roots;
    struct dl_index_stats stats;
    dl_err err;
    dl_status rc;
    pthread_t thread;
    bool started;
};

static void *
shard_main(void *arg)
{
    struct shard_job *j = arg;
    j->opts.accept_ctx = &j->route;
    dl_err_clear(&j->err);
    j->rc = dl_index_run(&j->opts, j->roots, j->n_roots, &j->stats, &j->err);
    return NULL;
}

/* Build the shards concurrently, one pipeline run each.  A run spends most
 * of its wall time waiting for fsync (its commits, the compaction, the
 * swap), so runs side by side overlap those waits; the worker threads are
 * shared out (o->jobs / shards, at least 1 each).  Several runs cannot
 * share one progress line, so it is drawn only for a single shard. */
static dl_status
run_shards(const struct dl_index_opts *o, const struct dl_shard_opts *so,
           const struct names *s, const dl_buf *paths, const char *const *roots,
           size_t n, struct dl_index_stats *stats, dl_err *err)
{
    struct shard_job *jobs;
    dl_status rc = DL_OK;
    size_t i, base, end, off = 0;
    size_t par = s->n < DL_SHARD_PARALLEL ? s->n : DL_SHARD_PARALLEL;
    unsigned per = o->jobs / (unsigned)par;

    jobs = dl_calloc(s->n, sizeof *jobs);
    if (jobs == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < s->n; i++) {
        struct shard_job *j = &jobs[i];
        j->opts = *o;
        j->opts.db_path = paths->data + off;
        off += strlen(j->opts.db_path) + 1;
        j->opts.jobs = per > 0 ? per : 1;
        j->opts.progress = o->progress && s->n == 1;
        j->opts.accept = accept_cb;
        j->route.by = so->by;
        j->route.index = (unsigned)i;
        j->route.n = (unsigned)s->n;
        snprintf(j->route.name, sizeof j->route.name, "%s", s->v[i]);
        j->roots = roots;
        j->n_roots = n;
    }
    for (base = 0; base < s->n; base = end) {
        end = base + par < s->n ? base + par : s->n;
        for (i = base; i < end; i++) {
            struct shard_job *j = &jobs[i];
            j->started = pthread_create(&j->thread, NULL, shard_main, j) == 0;
            if (!j->started)
                shard_main(j); /* no thread to be had: run it here */
        }
        for (i = base; i < end; i++) {
            struct shard_job *j = &jobs[i];
            if (j->started)
                pthread_join(j->thread, NULL);
            stats_add(stats, &j->stats);
            if (j->rc != DL_OK && rc == DL_OK) {
                rc = j->rc;
                if (err != NULL)
                    *err = j->err;
            }
        }
        if (rc != DL_OK || stats->interrupted != 0)
            break;
    }
    dl_free(jobs);
    return rc;
}

/* Make the index directory dir, checked by dl_dbpath_check, ready: create
 * it when missing, and remove stub temporaries (XAPIANDB.tmp-PID) that
 * dead runs left, which dl_dbpath_check has seen are regular files. */
static dl_status
prepare_dir(const char *dir, dl_err *err)
{
    dl_buf p = DL_BUF_INIT;
    DIR *d;
    struct dirent *de;
    size_t len = strlen(DL_SHARD_STUB ".tmp-");

    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return dl_err_set(err, DL_EIO, "%s: %s", dir, strerror(errno));
    d = opendir(dir);
    if (d == NULL)
        return DL_OK; /* leftovers stay: harmless */
    for (;;) {
        char *end;
        long pid;
        de = readdir(d);
        if (de == NULL)
            break;
        if (strncmp(de->d_name, DL_SHARD_STUB ".tmp-", len) != 0)
            continue;
        errno = 0;
        pid = strtol(de->d_name + len, &end, 10);
        if (errno != 0 || *end != '\0' || pid <= 0 || pid == (long)getpid() ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        dl_buf_reset(&p);
        if (dl_buf_printf(&p, "%s/%s", dir, de->d_name) != DL_OK)
            break;
        (void)unlink(p.data);
    }
    closedir(d);
    dl_buf_free(&p);
    return DL_OK;
}

/* A shard of another format (dl_schema.h, FORMAT) is refused before any
 * shard is written: each shard of the index at path, read only.  (Each
 * shard's run checks its own again, under its lock.) */
static dl_status
check_formats(const char *path, const struct names *shards, dl_err *err)
{
    dl_buf p = DL_BUF_INIT;
    dl_status rc = DL_OK;
    size_t i;
    for (i = 0; i < shards->n && rc == DL_OK; i++) {
        dl_buf_reset(&p);
        if (dl_buf_printf(&p, "%s/%s", path, shards->v[i]) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        else
            rc = dl_dbpath_check_format_at(p.data, err);
    }
    dl_buf_free(&p);
    return rc;
}

/* May this run write over the sharded index whose stub lists old (by
 * old_by; mixed: it lists shards this indexer did not write)?  Only
 * --full re-shards or replaces what is not ours, or shards of another
 * format (dl_schema.h, FORMAT).  DL_EINVAL saying why. */
static dl_status
check_old_shards(const struct dl_index_opts *o, const struct dl_shard_opts *so,
                 const struct names *old, bool mixed, enum dl_shard_by old_by,
                 const char *stub, dl_err *err)
{
    if (mixed && !o->full)
        return dl_err_set(err, DL_EINVAL,
                          "%s lists shards this indexer did not write; "
                          "rebuild with --full",
                          stub);
    if (old->n > 0 && !o->full &&
        (old_by != so->by || (so->by == DL_SHARD_BY_HASH && old->n != so->n)))
        return dl_err_set(
            err, DL_EINVAL, "%s has %zu shards by %s; re-sharding needs --full",
            o->db_path, old->n, old_by == DL_SHARD_BY_HASH ? "hash" : "year");
    return o->full ? DL_OK : check_formats(o->db_path, old, err);
}

/* The shards' names into s, sorted: shard-0.. by hash; by year, the years
 * the walk finds plus the old shards (unless --full), "undated" when
 * there is none.  DL_EINVAL more than DL_SHARD_MAX, DL_ENOMEM, the
 * walk's errors. */
static dl_status
shard_names(const struct dl_index_opts *o, const struct dl_shard_opts *so,
            const char *const *roots, size_t n, const struct names *old,
            struct names *s, dl_err *err)
{
    dl_status rc = DL_OK;
    size_t i;

    if (so->by == DL_SHARD_BY_HASH) {
        for (i = 0; i < so->n && rc == DL_OK; i++) {
            char name[NAME_MAX_LEN];
            /* i < DL_SHARD_MAX: at most 3 digits, so this always fits. */
            snprintf(name, sizeof name, "shard-%u", (unsigned)i % 1000u);
            if (names_add(s, name) != DL_OK)
                rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        }
        return rc;
    }
    rc = walk_years(o, roots, n, s, err);
    for (i = 0; i < old->n && rc == DL_OK && !o->full; i++) {
        if (names_add(s, old->v[i]) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_OK && s->n == 0 && names_add(s, "undated") != DL_OK)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    if (s->n > DL_SHARD_MAX)
        rc = dl_err_set(err, DL_EINVAL, "%zu year shards, more than %d", s->n,
                        DL_SHARD_MAX);
    if (rc == DL_OK)
        qsort(s->v, s->n, sizeof *s->v, cmp_name);
    return rc;
}

/* Write the stub at path listing the n NUL-separated lines.  The errors
 * of dl_shard_write_stub, DL_ENOMEM. */
static dl_status
write_stub_lines(const char *path, const dl_buf *lines, size_t n, dl_err *err)
{
    const char **lv = dl_calloc(n, sizeof *lv);
    size_t i;
    size_t off;
    dl_status rc;

    if (lv == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0, off = 0; i < n; i++) {
        lv[i] = lines->data + off;
        off += strlen(lv[i]) + 1;
    }
    rc = dl_shard_write_stub(path, lv, n, err);
    dl_free(lv);
    return rc;
}

dl_status
dl_shard_index_run(const struct dl_index_opts *o,
                   const struct dl_shard_opts *so, const char *const *roots,
                   size_t n, struct dl_index_stats *stats, dl_err *err)
{
    struct names old = {NULL, 0, 0};
    struct names s = {NULL, 0, 0};
    struct dl_index_opts clean_o;
    dl_buf db = DL_BUF_INIT;
    dl_buf stub = DL_BUF_INIT;
    dl_buf paths = DL_BUF_INIT; /* NUL-separated shard paths */
    dl_buf lines = DL_BUF_INIT; /* NUL-separated stub lines */
    enum dl_shard_by old_by = so->by;
    dl_boiler *boiler = NULL;
    bool mixed = false;
    double t0 = dl_now();
    dl_status rc;
    size_t i;

    dl_stats_init(stats);
    if (so->by == DL_SHARD_BY_HASH && (so->n < 1 || so->n > DL_SHARD_MAX))
        return dl_err_set(err, DL_EINVAL, "shards: %u is not 1 to %d", so->n,
                          DL_SHARD_MAX);
    /* Every shard's path is built from the clean one, and nothing is
     * written before the directory is proven a sharded index of ours. */
    rc = dl_dbpath_clean(o->db_path, &db, err);
    if (rc != DL_OK)
        goto out;
    clean_o = *o;
    clean_o.db_path = db.data;
    clean_o.walk_skip = db.data;
    /* One set of guesses for all the runs: a source's articles are spread
     * over the shards (boilerplate.h). */
    rc = dl_boiler_new(true, &boiler, err);
    if (rc != DL_OK)
        goto out;
    clean_o.boiler = boiler;
    clean_o.boiler_later = true;
    o = &clean_o;
    rc = dl_dbpath_check(o->db_path, true, roots, n, NULL, err);
    if (rc == DL_OK)
        rc = prepare_dir(o->db_path, err);
    if (rc == DL_OK &&
        dl_buf_printf(&stub, "%s/%s", o->db_path, DL_SHARD_STUB) != DL_OK)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    if (rc == DL_OK)
        rc = read_stub(stub.data, &old, &mixed, &old_by, err);
    if (rc == DL_OK)
        rc = check_old_shards(o, so, &old, mixed, old_by, stub.data, err);
    if (rc == DL_OK)
        rc = shard_names(o, so, roots, n, &old, &s, err);
    if (rc != DL_OK)
        goto out;

    for (i = 0; i < s.n && rc == DL_OK; i++) {
        if (dl_buf_printf(&paths, "%s/%s", o->db_path, s.v[i]) != DL_OK ||
            dl_buf_putc(&paths, '\0') != DL_OK ||
            dl_buf_printf(&lines, "auto %s", s.v[i]) != DL_OK ||
            dl_buf_putc(&lines, '\0') != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_OK)
        rc = run_shards(o, so, &s, &paths, roots, n, stats, err);
    if (rc != DL_OK || stats->interrupted != 0)
        goto out;
    rc = finish_shards(o, &paths, &s, so, stats, err);
    if (rc == DL_OK)
        rc = write_stub_lines(stub.data, &lines, s.n, err);
out:
    stats->seconds = dl_now() - t0;
    dl_boiler_free(boiler);
    dl_free(old.v);
    dl_free(s.v);
    dl_buf_free(&db);
    dl_buf_free(&stub);
    dl_buf_free(&paths);
    dl_buf_free(&lines);
    return rc;
}
