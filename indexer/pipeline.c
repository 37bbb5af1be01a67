/* pipeline.c - one indexing run: walk, read, build, write, commit.
 *
 * Threads.  The calling thread walks and decides, file by file, whether a
 * file needs reading (incremental runs look its record up in a read-only
 * view of the database).  Files to read go through a bounded job queue to
 * `jobs` worker threads.  In a fresh build each worker also writes: it owns
 * a temporary database, so the workers never contend for Xapian and the
 * merge at the end (dl_db_compact) is one sequential pass.  In an
 * incremental run there is one database and Xapian's writer is not
 * thread-safe, so workers hand documents through a bounded item queue to a
 * single writer thread.  Both queues are bounded, so a slow writer slows
 * the readers instead of filling memory.
 *
 * Crash safety.  Everything a worker or the writer does is inside the
 * batch transaction that dl_wdb_commit ends; a file's record ("F" key) is
 * set after its last article, so a commit never holds a record for a file
 * whose articles are missing.  A file being re-indexed loses its old
 * record and articles first (same transaction as its first new article),
 * so after a crash mid-file the next run sees no record and does the file
 * again (deleting the partial articles by their "XF" or "Q" term).
 *
 * Stopping.  The main's signal handler sets *o->stop.  The walk stops,
 * workers discard queued jobs and cut the file they are reading short
 * (that file gets no record), and the writer commits what reached it.  A
 * fatal error (a failed commit) does the same through `failed`, and the
 * queues are drained so that no thread waits forever on a full queue.
 *
 * Warnings from the walk and the readers are printed with dl_warn under the
 * run's lock (which also clears the progress line first, so warnings do
 * not land in the middle of it) and counted by reason.
 *
 * This file is the run itself: setup, the walk, the fresh build's merge
 * and swap.  The workers, the incremental writer and the finishing work
 * have files of their own (pipeline_int.h).
 */
#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "boilerplate.h"
#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_dbstatus.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "filestate.h"
#include "jobqueue.h"
#include "pipeline.h"
#include "pipeline_int.h"
#include "tempdb.h"
#include "walk.h"
#include "watch.h"

/* Files the walk may have found ahead of the workers: enough that the walk
 * sleeps through 32 files between refills (jobqueue.h), few enough that
 * an abort discards little. */
#define JOB_QUEUE_CAP 64

dl_status
dl_pipe_commit(dl_wdb *w, dl_err *err)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    dl_status rc;
    if (gmtime_r(&now, &tm) == NULL ||
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        when[0] = '\0';
    rc = dl_wdb_set_metadata(w, DL_META_COMMITTED, when, strlen(when), err);
    if (rc == DL_OK)
        rc = dl_wdb_commit(w, err);
    return rc;
}

dl_status
dl_pipe_reset_jobs(struct run *r)
{
    dl_jobqueue_destroy(&r->jobs);
    return dl_jobqueue_init(&r->jobs, sizeof(struct job), JOB_QUEUE_CAP);
}

/* The top root path lies under, and path below it. */
static void
top_root_of(const struct run *r, const char *path, const char **root,
            const char **rel)
{
    size_t len = strlen(path);
    size_t i;
    for (i = 0; i < r->n_top; i++) {
        const char *t = r->top_roots[i];
        size_t tl = strlen(t);
        if (!dl_path_under(path, len, t))
            continue;
        *root = t;
        if (strcmp(t, ".") == 0)
            *rel = path;
        else if (len == tl)
            *rel = path + len;
        else
            *rel = path + tl + (strcmp(t, "/") != 0);
        return;
    }
}

bool
dl_pipe_stopping(const struct run *r)
{
    return atomic_load(&r->failed) != 0 ||
           (r->o->stop != NULL && *r->o->stop != 0);
}

/* Record the first fatal error and make every thread wind down. */
void
dl_pipe_fail(struct run *r, dl_status rc, const dl_err *e)
{
    pthread_mutex_lock(&r->lock);
    if (atomic_load(&r->failed) == 0) {
        r->fatal = rc;
        if (e != NULL && e->msg[0] != '\0')
            r->fatal_err = *e;
        else
            dl_err_set(&r->fatal_err, rc, "%s", dl_status_str(rc));
        atomic_store(&r->failed, 1);
    }
    pthread_mutex_unlock(&r->lock);
    dl_jobqueue_abort(&r->jobs);
    if (!r->fresh)
        dl_jobqueue_abort(&r->items);
}

/* The one warning printer: walk and readers, any thread. */
void
dl_pipe_warn(void *ctx, const char *path, unsigned long line,
             const char *reason, const char *msg)
{
    struct run *r = ctx;
    pthread_mutex_lock(&r->lock);
    dl_progress_clear(&r->prog);
    dl_warn(path, line, "%s", msg);
    dl_stats_count_reason(r->stats, reason);
    pthread_mutex_unlock(&r->lock);
}

/* Walk warnings: the entry is also a skipped file (or directory). */
static void
walk_warn_cb(void *ctx, const char *path, unsigned long line,
             const char *reason, const char *msg)
{
    struct run *r = ctx;
    dl_pipe_warn(ctx, path, line, reason, msg);
    pthread_mutex_lock(&r->lock);
    r->stats->skipped++;
    if (strcmp(reason, "unreadable") == 0) {
        /* Out of memory to remember it: then delete no vanished file at
         * all rather than the unreadable directory's. */
        if (dl_buf_puts(&r->unreadable, path) != DL_OK ||
            dl_buf_putc(&r->unreadable, '\0') != DL_OK)
            r->keep_vanished = true;
    }
    pthread_mutex_unlock(&r->lock);
}

void
dl_pipe_free_job(struct job *j)
{
    dl_free(j->path);
    dl_free(j->folder_source);
}

void
dl_pipe_free_item(struct item *it)
{
    dl_free(it->path);
    dl_doc_free(it->doc);
}

/* Does w hold any file record? */
static dl_status
has_records(dl_wdb *w, bool *out, dl_err *err)
{
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    dl_status rc = dl_wdb_metadata_keys(w, DL_META_FILE_PREFIX, &it, err);
    *out = false;
    if (rc != DL_OK)
        return rc;
    rc = dl_termiter_next(it, &t, &len, &freq, err);
    dl_termiter_free(it);
    if (rc == DL_OK)
        *out = true;
    return rc == DL_DONE ? DL_OK : rc;
}

/* The top folder under the root ("bbc" for root/bbc/x.txt), or NULL. */
static dl_status
folder_of(const char *rel, char **out)
{
    const char *slash = strchr(rel, '/');
    *out = NULL;
    if (slash == NULL)
        return DL_OK;
    *out = dl_strndup(rel, (size_t)(slash - rel));
    return *out == NULL ? DL_ENOMEM : DL_OK;
}

/* Count files and bytes ahead, for the progress line's total and ETA. */
static void
count_files(struct run *r)
{
    dl_walk *w = NULL;
    struct dl_walk_entry e;
    if (dl_walk_new(r->roots, r->n_roots, &r->walk_opts, NULL, NULL, &w,
                    NULL) != DL_OK)
        return;
    while (!dl_pipe_stopping(r) && dl_walk_next(w, &e, NULL) == DL_OK) {
        if (r->o->accept != NULL && !r->o->accept(r->o->accept_ctx, e.path))
            continue;
        r->prog.files_total++;
        r->prog.bytes_total += (unsigned long long)e.st.st_size;
    }
    dl_walk_free(w);
}

/* The test hook of dl_index_opts (pause_after_files, pause_file): create
 * the pause file, then wait, the write lock held and the walk unfinished,
 * until the file is removed or the run is asked to stop.  A test can then
 * signal or kill a run that is provably in its middle, as
 * DL_FAIL_ALLOC_AFTER makes an allocation fail at a known point. */
void
dl_pipe_test_pause(struct run *r)
{
    const struct timespec nap = {0, 10 * 1000 * 1000};
    int fd = open(r->o->pause_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    close(fd);
    while (!dl_pipe_stopping(r) && access(r->o->pause_file, F_OK) == 0)
        nanosleep(&nap, NULL);
}

/* The walk, feeding the job queue.  Runs in the calling thread. */
dl_status
dl_pipe_produce(struct run *r, dl_pathset *seen, dl_db *rdb, dl_err *err)
{
    dl_walk *w = NULL;
    struct dl_walk_entry e;
    dl_buf key = DL_BUF_INIT;
    dl_status rc;

    rc = dl_walk_new(r->roots, r->n_roots, &r->walk_opts, walk_warn_cb, r, &w,
                     err);
    while (rc == DL_OK && !dl_pipe_stopping(r)) {
        struct job j;
        bool fresh_path;
        bool found = false;
        struct dl_filestate old;
        const char *rel;

        rc = dl_walk_next(w, &e, err);
        if (rc != DL_OK)
            break;
        if (r->o->accept != NULL && !r->o->accept(r->o->accept_ctx, e.path))
            continue;
        rc = dl_pathset_add(seen, e.path, strlen(e.path), &fresh_path);
        if (rc != DL_OK) {
            dl_err_set(err, rc, "out of memory");
            break;
        }
        if (!fresh_path)
            continue; /* reached again through another root */
        memset(&j, 0, sizeof j);
        dl_filestate_from_stat(&j.fs, &e.st);
        if (rdb != NULL) {
            rc = dl_filestate_key(&key, e.path);
            if (rc == DL_OK)
                rc = dl_pipe_lookup_record(rdb, key.data, &old, &found, err);
            if (rc != DL_OK)
                break;
            if (found && dl_filestate_same(&old, &j.fs)) {
                pthread_mutex_lock(&r->lock);
                r->stats->unchanged++;
                r->prog.files_done++;
                r->prog.bytes_done += j.fs.size;
                dl_progress_update(&r->prog, false);
                pthread_mutex_unlock(&r->lock);
                continue;
            }
        }
        j.update = found;
        j.old_ndocs = found ? old.ndocs : 0;
        j.root = e.root_index < r->n_roots ? r->roots[e.root_index] : NULL;
        rel = e.rel;
        if (r->top_roots != r->roots)
            top_root_of(r, e.path, &j.root, &rel);
        j.path = dl_strdup(e.path);
        rc = j.path != NULL ? folder_of(rel, &j.folder_source) : DL_ENOMEM;
        if (rc != DL_OK) {
            dl_pipe_free_job(&j);
            dl_err_set(err, rc, "out of memory");
            break;
        }
        if (!dl_jobqueue_push(&r->jobs, &j)) {
            dl_pipe_free_job(&j);
            break;
        }
        if (++r->handed == r->o->pause_after_files && r->o->pause_file != NULL)
            dl_pipe_test_pause(r);
    }
    if (rc == DL_DONE)
        rc = DL_OK;
    dl_jobqueue_close(&r->jobs);
    dl_walk_free(w);
    dl_buf_free(&key);
    return rc;
}

static dl_status
run_fresh(struct run *r, dl_pathset *seen, dl_err *err)
{
    const struct dl_index_opts *o = r->o;
    unsigned n = o->jobs;
    struct worker *ks;
    const char **srcs = NULL;
    dl_buf newp = DL_BUF_INIT;
    dl_status rc;
    unsigned i;

    ks = dl_calloc(n, sizeof *ks);
    srcs = dl_calloc(n, sizeof *srcs);
    if (ks == NULL || srcs == NULL) {
        dl_free(ks);
        dl_free(srcs);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    rc = dl_pipe_start_workers(r, ks, n, err);
    if (rc == DL_OK) {
        rc = dl_pipe_produce(r, seen, NULL, err);
        if (rc != DL_OK)
            dl_pipe_fail(r, rc, err);
    } else {
        dl_pipe_fail(r, rc, err);
    }
    dl_pipe_join_workers(r, ks, n);
#ifdef __GLIBC__
    /* The workers' arenas keep what their inverters freed (the indexer's
     * main raises glibc's trim threshold); give it back before the
     * clustering pass and the merge allocate in this thread's arena. */
    malloc_trim(0);
#endif
    if (atomic_load(&r->failed) != 0) {
        rc = r->fatal;
        *err = r->fatal_err;
        goto out;
    }
    /* Interrupted: a --full rebuild keeps the old database; a first build
     * keeps what is done (records included), and the next run goes on. */
    if (o->stop != NULL && *o->stop != 0 && o->full)
        goto out;

    /* Finish the parts (metadata, clusters) before merging them: the merge
     * then writes the final database once, fully compact (finishing after
     * the merge rewrites blocks: bench/README.md). */
    {
        dl_wdb **ws = dl_calloc(n, sizeof *ws);
        if (ws == NULL) {
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            goto out;
        }
        for (i = 0; i < n; i++) {
            ws[i] = ks[i].w; /* committed by the worker */
            srcs[i] = ks[i].tmp_path;
        }
        rc = dl_pipe_finish_parts(r, ws, srcs, n, true, err);
        dl_free(ws);
    }
    for (i = 0; i < n; i++) {
        dl_wdb_close(ks[i].w);
        ks[i].w = NULL;
    }
    if (rc != DL_OK) {
        dl_dbpath_name_err(err, o->db_path, rc);
        goto out;
    }
    if (dl_tempdb_path(&newp, o->db_path, "new") != DL_OK) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    rc = dl_tempdb_clear(newp.data, err);
    if (rc != DL_OK) {
        dl_buf_free(&newp); /* not ours: left where it is */
        goto out;
    }
    dl_tempdb_live_add(newp.data);
    rc = dl_db_compact(srcs, n, newp.data, err);
    if (rc != DL_OK)
        dl_dbpath_name_err(err, o->db_path, rc);
    if (rc == DL_OK)
        rc = dl_tempdb_swap_in(newp.data, o->db_path, err);
    if (rc == DL_OK) {
        /* The old database (now at newp) goes once its lock is let go. */
        dl_wdb_close(r->target);
        r->target = NULL;
    }
out:
    dl_pipe_free_workers(ks, n, true);
    if (newp.data != NULL) {
        dl_tempdb_live_drop(newp.data);
        dl_tempdb_remove_tree(newp.data);
    }
    dl_buf_free(&newp);
    dl_free(ks);
    dl_free(srcs);
    return rc;
}

/* The test hook's environment (dl_index_opts, pause_after_files). */
static unsigned long
env_count(const char *name)
{
    const char *n = getenv(name);
    char *end;
    unsigned long v;
    if (n == NULL)
        return 0;
    errno = 0;
    v = strtoul(n, &end, 10);
    if (errno != 0 || end == n || *end != '\0')
        return 0;
    return v;
}

static void
test_hook_from_env(struct dl_index_opts *o)
{
    const char *file = getenv("DL_TEST_PAUSE_FILE");
    if (file == NULL || file[0] == '\0')
        return;
    o->pause_after_files = env_count("DL_TEST_PAUSE_AFTER_FILES");
    o->pause_in_boiler = env_count("DL_TEST_PAUSE_IN_BOILER");
    if (o->pause_after_files > 0 || o->pause_in_boiler > 0)
        o->pause_file = file;
}

void
dl_index_opts_init(struct dl_index_opts *o)
{
    const char *env = getenv("DATELINE_DB");
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    memset(o, 0, sizeof *o);
    o->db_path = env != NULL && env[0] != '\0' ? env : "dateline.db";
    test_hook_from_env(o);
    if (cpus < 1)
        cpus = 1;
    o->jobs = cpus > DL_INDEX_MAX_JOBS ? DL_INDEX_MAX_JOBS : (unsigned)cpus;
    o->lock_timeout = 10;
}

/* Check the roots exist and clean them (into one NUL-separated buffer). */
static dl_status
check_roots(const char *const *roots, size_t n, dl_buf *clean,
            const char ***out, dl_err *err)
{
    dl_buf one = DL_BUF_INIT;
    const char **v;
    size_t i;
    size_t off = 0;
    *out = NULL;
    for (i = 0; i < n; i++) {
        struct stat st;
        if (stat(roots[i], &st) != 0) {
            int e = errno;
            dl_buf_free(&one);
            return dl_err_set(err, e == ENOENT ? DL_ENOENT : DL_EIO, "%s: %s",
                              roots[i], strerror(e));
        }
        if (dl_path_clean(roots[i], &one) != DL_OK ||
            dl_buf_append(clean, one.data, one.len + 1) != DL_OK) {
            dl_buf_free(&one);
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        }
    }
    dl_buf_free(&one);
    v = dl_calloc(n + 1, sizeof *v);
    if (v == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        v[i] = clean->data + off;
        off += strlen(v[i]) + 1;
    }
    *out = v;
    return DL_OK;
}

/* A watcher holds the database (dl_dbstatus.h): say so at once rather
 * than wait lock_timeout seconds for a lock it keeps as long as it runs. */
static dl_status
refuse_if_watched(const char *path, dl_err *err)
{
    struct dl_dbstatus st;
    dl_err ignored;
    memset(&st, 0, sizeof st);
    if (dl_dbstatus_lock(path, &st, &ignored) != DL_OK || st.watcher_pid <= 0)
        return DL_OK; /* the lock itself will tell */
    return dl_err_set(err, DL_ELOCKED,
                      "%s: a watcher (dateline-index --watch, pid %ld) is "
                      "indexing this database and holds its lock: it indexes "
                      "changes as they come; stop it first (SIGTERM) to run "
                      "another indexer",
                      path, st.watcher_pid);
}

/* The sets this run judges articles by: the caller's (shards share one),
 * else its own; the target's learned sets as the first guess (a --full
 * rebuild then builds clean from the first article), and whether a run
 * before this one left the finishing work undone. */
static dl_status
start_boiler(struct run *r, dl_err *err)
{
    char *val = NULL;
    size_t len = 0;
    dl_status rc = DL_OK;
    if (r->o->boiler != NULL) {
        r->boiler = r->o->boiler;
    } else {
        rc = dl_boiler_new(true, &r->boiler, err);
        r->boiler_owned = rc == DL_OK;
    }
    if (rc == DL_OK)
        rc = dl_boiler_load(r->boiler, r->target, err);
    if (rc == DL_OK && !r->fresh)
        rc = dl_wdb_get_metadata(r->target, DL_META_BOILER_PENDING, &val, &len,
                                 err);
    r->pending_found = len > 0;
    dl_free(val);
    return rc;
}

dl_status
dl_index_run(const struct dl_index_opts *o, const char *const *roots, size_t n,
             struct dl_index_stats *stats, dl_err *err)
{
    struct run r;
    struct dl_index_opts clean_o;
    dl_buf db = DL_BUF_INIT;
    dl_buf clean = DL_BUF_INIT;
    const char **croots = NULL;
    dl_pathset *seen = NULL;
    bool records = false;
    enum dl_dbkind kind;
    double t0 = dl_now();
    dl_status rc;

    dl_stats_init(stats);
    memset(&r, 0, sizeof r);
    if (o->db_path == NULL || o->db_path[0] == '\0' || o->jobs == 0 || n == 0)
        return dl_err_set(err, DL_EINVAL, "nothing to index");
    r.stats = stats;
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.read_room, NULL);
    dl_read_opts_init(&r.ropts);
    if (o->max_file_bytes > 0)
        r.ropts.max_file_bytes = o->max_file_bytes;
    r.ropts.force_lang = o->force_lang;

    /* Every later path (temporaries, lock, swap) is built from the clean
     * one, and nothing is opened before the path is proven ours. */
    rc = dl_dbpath_clean(o->db_path, &db, err);
    if (rc != DL_OK)
        goto out;
    clean_o = *o;
    clean_o.db_path = db.data;
    o = &clean_o;
    r.o = o;
    rc = check_roots(roots, n, &clean, &croots, err);
    if (rc == DL_OK)
        rc = dl_dbpath_check(o->db_path, false, roots, n, &kind, err);
    if (rc != DL_OK)
        goto out;
    r.roots = croots;
    r.n_roots = n;
    r.top_roots = croots;
    r.n_top = n;
    r.walk_opts.follow_symlinks = o->follow_symlinks;
    dl_walk_opts_skip(&r.walk_opts,
                      o->walk_skip != NULL ? o->walk_skip : o->db_path);
    rc = dl_pathset_new(&seen, err);
    if (rc != DL_OK)
        goto out;
    if (dl_jobqueue_init(&r.jobs, sizeof(struct job), JOB_QUEUE_CAP) != DL_OK) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    /* An index of another format is refused before anything is written
     * or locked (--full replaces it whatever its format). */
    if (!o->full)
        rc = dl_dbpath_check_format_at(o->db_path, err);
    if (rc != DL_OK)
        goto out;
    dl_tempdb_remove_stale(o->db_path);
    if (kind == DL_DBKIND_MISSING || kind == DL_DBKIND_EMPTY_DIR)
        rc = dl_tempdb_create_db(o->db_path, err);
    if (rc == DL_OK && kind != DL_DBKIND_MISSING && kind != DL_DBKIND_EMPTY_DIR)
        rc = refuse_if_watched(o->db_path, err);
    if (rc == DL_OK)
        rc = dl_wdb_open(o->db_path, 0, o->lock_timeout, &r.target, err);
    if (rc != DL_OK)
        goto out;
    rc = has_records(r.target, &records, err);
    /* Checked again under the lock: another run may have replaced the
     * index since. */
    if (rc == DL_OK && records && !o->full)
        rc = dl_dbpath_check_format(r.target, o->db_path, err);
    if (rc != DL_OK)
        goto out;
    r.fresh = o->full || !records;
    stats->full = r.fresh;
    rc = start_boiler(&r, err);
    if (rc != DL_OK)
        goto out;

    dl_progress_init(&r.prog, o->progress);
    if (o->watch)
        rc = dl_pipe_watch_begin(&r, err);
    if (rc == DL_OK && r.prog.enabled)
        count_files(&r);
    if (rc == DL_OK && r.fresh)
        rc = run_fresh(&r, seen, err);
    else if (rc == DL_OK)
        rc = dl_pipe_run_incremental(&r, seen, true, err);
    if (rc == DL_OK && o->watch && !dl_pipe_stopping(&r))
        rc = dl_pipe_watch_loop(&r, err);
    pthread_mutex_lock(&r.lock);
    dl_progress_update(&r.prog, true);
    dl_progress_clear(&r.prog);
    pthread_mutex_unlock(&r.lock);
out:
    if (o->stop != NULL && *o->stop != 0)
        stats->interrupted = (int)*o->stop;
    dl_wdb_close(r.target);
    dl_watch_free(r.watch);
    if (r.boiler_owned)
        dl_boiler_free(r.boiler);
    dl_pathset_free(seen);
    dl_jobqueue_destroy(&r.jobs);
    dl_free(croots);
    dl_buf_free(&clean);
    dl_buf_free(&db);
    dl_buf_free(&r.unreadable);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.read_room);
    stats->seconds = dl_now() - t0;
    return rc;
}
