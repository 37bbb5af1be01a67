/* pipeline_watch.c - dateline-index --watch: the run goes on, indexing
 * the tree's changes as they come (pipeline.h, "Watching").
 *
 * The inotify set (watch.h) is made before the first run, so a change
 * during that run is an event waiting afterwards.  Then the loop: events
 * become pending changes (paths); a batch of them is flushed once no event
 * has come for WATCH_QUIET_MS, or its first change is WATCH_MAX_AGE_MS
 * old, or it holds WATCH_BATCH_FILES paths.  A flush looks at each path
 * as it is now: a path that is gone deletes its file's articles (or, for
 * a folder, those of every file recorded under it); a path that is there
 * is walked, as a root, by an incremental run whose writer commits at its
 * end (files whose size and mtime match their record are skipped, as
 * always).  One commit per batch: searchable at once.
 *
 * A file created but not closed (WRITING) waits: it is indexed when it is
 * closed (CHANGED), or when it has stopped changing: WATCH_SETTLE_S after
 * the last event, no process holds it open for writing (a read lease,
 * fcntl F_SETLEASE, is refused while one does), or, where leases are not
 * allowed (a file of another user), its mtime is WATCH_SETTLE_S old.  So
 * a file is never indexed half-written while its writer holds it open.
 *
 * The finishing work of a run (clusters, boilerplate, dl:langs: a pass
 * over every document) is not done per batch: it runs once the tree has
 * been quiet for WATCH_FINISH_IDLE_S, and at exit.  Until then new
 * articles are searchable but not yet clustered with their near
 * duplicates.
 *
 * A rescan (SIGHUP, an event queue overflow, periodically while the watch
 * limit bites) is a whole incremental run over the roots, vanished files
 * and finishing included, after re-adding the tree's watches.
 *
 * Signals: the main's handlers set *o->stop and *o->rescan.  They are
 * blocked only from the check of those flags to the wait (ppoll unblocks
 * them atomically), so a signal is never lost between the two, and the
 * worker threads of a batch, started with them unblocked, may take them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "filestate.h"
#include "pipeline_int.h"
#include "watch.h"

#define WATCH_QUIET_MS 100
#define WATCH_MAX_AGE_MS 500
#define WATCH_BATCH_FILES 1000
#define WATCH_SETTLE_S 5.0
#define WATCH_FINISH_IDLE_S 10.0
#define WATCH_RESCAN_S 60.0
#define WATCH_WRITING_MAX 4096

/* A file created but not closed yet. */
struct writing {
    char *path;
    double since; /* last event, or last look that found it still open */
};

struct watcher {
    struct run *r;
    dl_buf changes;   /* NUL-separated paths to look at */
    dl_buf gone_dirs; /* NUL-separated folders reported gone */
    size_t n_changes;
    double first; /* when the first pending change came */
    double last;  /* when the last one came */
    struct writing *wr;
    size_t n_wr;
    bool overflow;
    double finish_due;  /* 0: nothing to finish */
    double next_rescan; /* while the watch limit bites */
    double next_settle; /* next look at the WRITING files */
};

static void say(const struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A line about the watcher's work on stderr (the journal under systemd),
 * unless --quiet. */
static void
say(const struct run *r, const char *fmt, ...)
{
    va_list ap;
    if (!r->o->progress)
        return;
    va_start(ap, fmt);
    fputs("dateline-index: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Add path to the pending changes (a folder gone: also to gone_dirs). */
static dl_status
pend(struct watcher *wt, const char *path, bool gone_dir)
{
    double now = dl_now();
    if (dl_buf_append(&wt->changes, path, strlen(path) + 1) != DL_OK ||
        (gone_dir &&
         dl_buf_append(&wt->gone_dirs, path, strlen(path) + 1) != DL_OK))
        return DL_ENOMEM;
    if (wt->n_changes++ == 0)
        wt->first = now;
    wt->last = now;
    return DL_OK;
}

/* Forget path as a file being written; true if it was one. */
static bool
unwriting(struct watcher *wt, const char *path)
{
    size_t i;
    for (i = 0; i < wt->n_wr; i++) {
        if (strcmp(wt->wr[i].path, path) == 0) {
            dl_free(wt->wr[i].path);
            wt->wr[i] = wt->wr[--wt->n_wr];
            return true;
        }
    }
    return false;
}

/* Remember path as a file being written (or refresh it). */
static dl_status
writing(struct watcher *wt, const char *path)
{
    size_t i;
    for (i = 0; i < wt->n_wr; i++) {
        if (strcmp(wt->wr[i].path, path) == 0) {
            wt->wr[i].since = dl_now();
            return DL_OK;
        }
    }
    if (wt->n_wr == WATCH_WRITING_MAX)
        return pend(wt, path, false); /* looked at when flushed */
    if (wt->wr == NULL) {
        wt->wr = dl_calloc(WATCH_WRITING_MAX, sizeof *wt->wr);
        if (wt->wr == NULL)
            return DL_ENOMEM;
    }
    wt->wr[wt->n_wr].path = dl_strdup(path);
    if (wt->wr[wt->n_wr].path == NULL)
        return DL_ENOMEM;
    wt->wr[wt->n_wr++].since = dl_now();
    return DL_OK;
}

static dl_status
on_event(void *ctx, const struct dl_watch_event *e, dl_err *err)
{
    struct watcher *wt = ctx;
    dl_status rc = DL_OK;
    switch (e->kind) {
    case DL_WATCH_OVERFLOW:
        wt->overflow = true;
        return DL_OK;
    case DL_WATCH_WRITING:
        rc = writing(wt, e->path);
        break;
    case DL_WATCH_CHANGED:
    case DL_WATCH_GONE:
    case DL_WATCH_NEW_DIR:
        unwriting(wt, e->path);
        rc = pend(wt, e->path, false);
        break;
    case DL_WATCH_GONE_DIR:
        rc = pend(wt, e->path, true);
        break;
    }
    return rc == DL_OK ? DL_OK : dl_err_set(err, rc, "out of memory");
}

/* Does a process hold the file at path open for writing?  false when it
 * cannot be told (*unknown set): leases are the owner's (or
 * CAP_LEASE's). */
static bool
open_for_writing(const char *path, bool *unknown)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    bool busy = false;
    *unknown = false;
    if (fd < 0)
        return false;
    if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
        (void)fcntl(fd, F_SETLEASE, F_UNLCK);
    } else if (errno == EAGAIN || errno == EBUSY) {
        busy = true;
    } else {
        *unknown = true;
    }
    close(fd);
    return busy;
}

/* The files being written that have stopped changing become changes. */
static dl_status
settle(struct watcher *wt, double now)
{
    size_t i = 0;
    while (i < wt->n_wr) {
        struct writing *w = &wt->wr[i];
        struct stat st;
        bool unknown;
        if (now - w->since < WATCH_SETTLE_S) {
            i++;
            continue;
        }
        if (lstat(w->path, &st) == 0 &&
            (open_for_writing(w->path, &unknown) ||
             (unknown &&
              (double)time(NULL) - (double)st.st_mtime < WATCH_SETTLE_S))) {
            w->since = now; /* still being written: look again later */
            i++;
            continue;
        }
        if (pend(wt, w->path, false) != DL_OK)
            return DL_ENOMEM;
        unwriting(wt, w->path);
    }
    return DL_OK;
}

/* Is a folder among dirs an ancestor of path (a walk of it covers
 * path)? */
static bool
under_dir(const dl_pathset *dirs, const char *path)
{
    size_t i;
    for (i = 1; path[i] != '\0'; i++)
        if (path[i] == '/' && dl_pathset_has(dirs, path, i))
            return true;
    return false;
}

/* The changes' paths as they are now: those there into there (the walk's
 * roots: each once, and none below a folder that is one, which the walk
 * would take for a link loop), files gone into gone (NUL-separated). */
static dl_status
sort_changes(struct watcher *wt, dl_buf *there, dl_buf *gone, dl_err *err)
{
    dl_pathset *dirs = NULL;
    dl_pathset *taken = NULL;
    size_t off;
    dl_status rc = dl_pathset_new(&dirs, err);
    if (rc == DL_OK)
        rc = dl_pathset_new(&taken, err);
    for (off = 0; rc == DL_OK && off < wt->changes.len;) {
        const char *p = wt->changes.data + off;
        struct stat st;
        off += strlen(p) + 1;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            rc = dl_pathset_add(dirs, p, strlen(p), NULL);
    }
    for (off = 0; rc == DL_OK && off < wt->changes.len;) {
        const char *p = wt->changes.data + off;
        size_t len = strlen(p) + 1;
        struct stat st;
        bool fresh = false;
        size_t g;
        off += len;
        if (lstat(p, &st) == 0) {
            if (!under_dir(dirs, p))
                rc = dl_pathset_add(taken, p, len - 1, &fresh);
            if (rc == DL_OK && fresh)
                rc = dl_buf_append(there, p, len);
            continue;
        }
        for (g = 0; g < wt->gone_dirs.len;
             g += strlen(wt->gone_dirs.data + g) + 1)
            if (strcmp(wt->gone_dirs.data + g, p) == 0)
                break;
        if (g >= wt->gone_dirs.len)
            rc = dl_buf_append(gone, p, len);
    }
    dl_pathset_free(dirs);
    dl_pathset_free(taken);
    return rc == DL_OK ? rc : dl_err_set(err, rc, "out of memory");
}

/* Split NUL-separated paths into an array (pointing into buf). */
static const char **
split(const dl_buf *buf, size_t *n)
{
    const char **v;
    size_t off;
    size_t i = 0;
    *n = 0;
    for (off = 0; off < buf->len; off += strlen(buf->data + off) + 1)
        (*n)++;
    v = dl_calloc(*n + 1, sizeof *v);
    if (v == NULL)
        return NULL;
    for (off = 0; off < buf->len; off += strlen(buf->data + off) + 1)
        v[i++] = buf->data + off;
    return v;
}

/* An incremental run over roots[0..n) (whole: the run's own roots, with
 * vanished files and finishing). */
static dl_status
walk_roots(struct run *r, const char *const *roots, size_t n, bool whole,
           dl_err *err)
{
    dl_pathset *seen = NULL;
    dl_status rc;
    size_t i;
    r->roots = roots;
    r->n_roots = n;
    dl_buf_reset(&r->unreadable);
    r->keep_vanished = false;
    /* A root gone (unmounted, renamed) must not lose its articles as
     * vanished: the first run refuses a missing root for that reason. */
    for (i = 0; whole && i < n; i++) {
        if (access(roots[i], F_OK) != 0) {
            dl_warn(roots[i], 0,
                    "the watched root is missing: its articles are kept");
            r->keep_vanished = true;
        }
    }
    rc = dl_pipe_reset_jobs(r) == DL_OK
             ? dl_pathset_new(&seen, err)
             : dl_err_set(err, DL_ENOMEM, "out of memory");
    if (rc == DL_OK)
        rc = dl_pipe_run_incremental(r, seen, whole, err);
    dl_pathset_free(seen);
    r->roots = r->top_roots;
    r->n_roots = r->n_top;
    return rc;
}

/* One line per commit: what it changed. */
static void
report(struct watcher *wt, const struct dl_index_stats *before, double t0,
       const char *what)
{
    const struct dl_index_stats *s = wt->r->stats;
    unsigned long files = (s->indexed - before->indexed) +
                          (s->updated - before->updated) +
                          (s->deleted - before->deleted);
    if (files == 0 && strcmp(what, "batch") == 0)
        return;
    say(wt->r,
        "%s committed: %lu new, %lu changed, %lu deleted file(s); "
        "+%lu -%lu articles (%.3f s)",
        what, s->indexed - before->indexed, s->updated - before->updated,
        s->deleted - before->deleted, s->articles - before->articles,
        s->removed_articles - before->removed_articles, dl_now() - t0);
}

/* Index the pending changes in one commit. */
static dl_status
flush(struct watcher *wt, dl_err *err)
{
    struct run *r = wt->r;
    struct dl_index_stats before = *r->stats;
    dl_buf there = DL_BUF_INIT;
    dl_buf gone = DL_BUF_INIT;
    const char **roots = NULL;
    size_t n = 0;
    double t0 = dl_now();
    dl_status rc;

    dl_err_clear(err);
    rc = sort_changes(wt, &there, &gone, err);
    r->dirty = false;
    dl_buf_reset(&r->unreadable); /* the last walk's, not this batch's */
    r->keep_vanished = false;
    if (rc == DL_OK)
        rc = dl_pipe_delete_gone(r, gone.data, gone.len, wt->gone_dirs.data,
                                 wt->gone_dirs.len, err);
    if (rc == DL_OK && there.len > 0) {
        roots = split(&there, &n);
        rc = roots != NULL ? walk_roots(r, roots, n, false, err)
                           : dl_err_set(err, DL_ENOMEM, "out of memory");
    } else if (rc == DL_OK && r->dirty) {
        rc = dl_pipe_commit(r->target, err);
    }
    r->dirty = false;
    dl_buf_reset(&wt->changes);
    dl_buf_reset(&wt->gone_dirs);
    wt->n_changes = 0;
    if (rc == DL_OK) {
        report(wt, &before, t0, "batch");
        if (r->changed)
            wt->finish_due = dl_now() + WATCH_FINISH_IDLE_S;
    }
    dl_free(roots);
    dl_buf_free(&there);
    dl_buf_free(&gone);
    return rc;
}

/* The finishing work of a run (clusters, boilerplate, dl:langs). */
static dl_status
finish(struct watcher *wt, dl_err *err)
{
    struct run *r = wt->r;
    dl_status rc = DL_OK;
    wt->finish_due = 0;
    if (r->changed || r->pending_set || r->pending_found)
        rc = dl_pipe_finish_db(r, r->target, r->o->db_path, err);
    if (rc == DL_OK) {
        r->changed = false;
        r->pending_set = false;
        r->pending_found = false;
    }
    return rc;
}

/* Watch the run's folder roots (again: watches already there are kept). */
static dl_status
add_roots(struct run *r, dl_err *err)
{
    size_t i;
    dl_status rc = DL_OK;
    for (i = 0; rc == DL_OK && i < r->n_top; i++) {
        struct stat st;
        if (stat(r->top_roots[i], &st) != 0)
            dl_warn(r->top_roots[i], 0, "not watched: %s", strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = dl_watch_add_tree(r->watch, r->top_roots[i], err);
        else
            dl_warn(r->top_roots[i], 0,
                    "not watched: not a folder (changes to it are seen by "
                    "rescans only: SIGHUP)");
    }
    return rc;
}

/* A whole incremental run over the roots, the watches renewed first. */
static dl_status
rescan(struct watcher *wt, const char *why, dl_err *err)
{
    struct run *r = wt->r;
    struct dl_index_stats before = *r->stats;
    double t0 = dl_now();
    dl_status rc;

    say(r, "%s: rescanning the whole tree", why);
    dl_watch_clear_limited(r->watch);
    rc = add_roots(r, err);
    dl_buf_reset(&wt->changes);
    dl_buf_reset(&wt->gone_dirs);
    wt->n_changes = 0;
    if (rc == DL_OK)
        rc = walk_roots(r, r->top_roots, r->n_top, true, err);
    if (rc == DL_OK) {
        r->changed = false;
        r->pending_set = false;
        r->pending_found = false;
        wt->finish_due = 0;
        report(wt, &before, t0, "rescan");
    }
    if (dl_watch_limited(r->watch))
        wt->next_rescan = dl_now() + WATCH_RESCAN_S;
    return rc;
}

dl_status
dl_pipe_watch_begin(struct run *r, dl_err *err)
{
    dl_status rc = dl_watch_new(&r->walk_opts, &r->watch, err);
    if (rc == DL_OK)
        rc = add_roots(r, err);
    return rc;
}

/* Set (pid) or clear (0) DL_META_WATCHER, and commit (without
 * dl:committed: the archive did not change). */
static dl_status
mark_watched(struct run *r, long pid, dl_err *err)
{
    char num[24];
    int len = pid > 0 ? snprintf(num, sizeof num, "%ld", pid) : 0;
    dl_status rc =
        dl_wdb_set_metadata(r->target, DL_META_WATCHER, num, (size_t)len, err);
    if (rc == DL_OK)
        rc = dl_wdb_commit(r->target, err);
    return rc;
}

/* Milliseconds until the loop has something to do, at most a second. */
static int
wait_ms(const struct watcher *wt, double now)
{
    double until = now + 1.0;
    if (wt->n_changes > 0) {
        double q = wt->last + WATCH_QUIET_MS / 1000.0;
        double a = wt->first + WATCH_MAX_AGE_MS / 1000.0;
        until = q < until ? q : until;
        until = a < until ? a : until;
    }
    if (wt->finish_due > 0 && wt->finish_due < until)
        until = wt->finish_due;
    if (until <= now)
        return 0;
    return (int)((until - now) * 1000) + 1;
}

/* Wait for events, a signal or the next deadline. */
static void
wait_events(struct watcher *wt, double now)
{
    const struct dl_index_opts *o = wt->r->o;
    struct pollfd pfd = {dl_watch_fd(wt->r->watch), POLLIN, 0};
    sigset_t block;
    sigset_t old;
    int ms = wait_ms(wt, now);
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    if (*o->stop == 0 && (o->rescan == NULL || *o->rescan == 0) && ms > 0)
        (void)ppoll(&pfd, 1, &ts, &old);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* One turn of the loop: events, then whatever is due. */
static dl_status
turn(struct watcher *wt, dl_err *err)
{
    struct run *r = wt->r;
    double now;
    dl_status rc = DL_OK;

    if (r->o->rescan != NULL && *r->o->rescan != 0) {
        *r->o->rescan = 0;
        rc = rescan(wt, "SIGHUP", err);
    }
    if (rc == DL_OK)
        rc = dl_watch_read(r->watch, on_event, wt, err);
    if (rc == DL_OK && wt->overflow) {
        wt->overflow = false;
        rc = rescan(wt,
                    "the kernel's inotify event queue overflowed "
                    "(fs.inotify.max_queued_events): changes were lost",
                    err);
    }
    now = dl_now();
    if (rc == DL_OK && dl_watch_limited(r->watch) && now >= wt->next_rescan)
        rc = rescan(wt, "some folders are not watched (the watch limit)", err);
    if (rc == DL_OK && wt->n_wr > 0 && now >= wt->next_settle) {
        wt->next_settle = now + 1.0;
        rc = settle(wt, now) == DL_OK
                 ? DL_OK
                 : dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_OK && wt->n_changes > 0 &&
        (now - wt->last >= WATCH_QUIET_MS / 1000.0 ||
         now - wt->first >= WATCH_MAX_AGE_MS / 1000.0 ||
         wt->n_changes >= WATCH_BATCH_FILES))
        rc = flush(wt, err);
    if (rc == DL_OK && wt->n_changes == 0 && wt->finish_due > 0 &&
        dl_now() >= wt->finish_due)
        rc = finish(wt, err);
    return rc;
}

dl_status
dl_pipe_watch_loop(struct run *r, dl_err *err)
{
    struct watcher wt;
    dl_status rc = DL_OK;
    size_t i;

    memset(&wt, 0, sizeof wt);
    wt.r = r;
    r->fresh = false;
    dl_progress_clear(&r->prog); /* the first run's line, on a terminal */
    r->prog.enabled = false;
    if (r->target == NULL) /* a fresh build swapped a new index in */
        rc = dl_wdb_open(r->o->db_path, 0, r->o->lock_timeout, &r->target, err);
    if (rc == DL_OK)
        rc = mark_watched(r, (long)getpid(), err);
    if (rc == DL_OK) {
        if (dl_watch_limited(r->watch))
            wt.next_rescan = dl_now() + WATCH_RESCAN_S;
        say(r, "watching %zu folder(s) for changes (pid %ld)",
            dl_watch_folders(r->watch), (long)getpid());
    }
    while (rc == DL_OK && !dl_pipe_stopping(r)) {
        rc = turn(&wt, err);
        if (rc == DL_OK && !dl_pipe_stopping(r))
            wait_events(&wt, dl_now());
    }
    /* Stopped: what reached a commit stays; pending changes are found by
     * the next start's first run.  Finish as an interrupted run does. */
    if (rc == DL_OK && atomic_load(&r->failed) == 0)
        rc = finish(&wt, err);
    if (rc == DL_OK && r->target != NULL)
        rc = mark_watched(r, 0, err);
    if (rc != DL_OK)
        dl_dbpath_name_err(err, r->o->db_path, rc);
    for (i = 0; i < wt.n_wr; i++)
        dl_free(wt.wr[i].path);
    dl_free(wt.wr);
    dl_buf_free(&wt.changes);
    dl_buf_free(&wt.gone_dirs);
    return rc;
}
