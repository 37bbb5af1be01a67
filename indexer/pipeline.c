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
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "boiler_pass.h"
#include "boilerplate.h"
#include "cluster.h"
#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "docbuild.h"
#include "filestate.h"
#include "pipeline.h"
#include "reader.h"
#include "walk.h"

/* ---- a bounded queue ---------------------------------------------------- */

/* Files the walk may have found ahead of the workers: enough that the walk
 * sleeps through 32 files between refills (see struct queue), few enough
 * that an abort discards little. */
#define JOB_QUEUE_CAP 64

/* Fixed-size elements copied in and out.  After queue_abort, pushes fail
 * at once and pops return what is left without waiting, so every thread
 * can finish and every element can still be freed by whoever pops it.
 *
 * A producer that finds the queue full sleeps until it has drained to half,
 * not until one place is free: a fast producer (the walk) in front of busy
 * consumers (the workers) would otherwise be woken, and a worker preempted
 * on a 2-core machine, for every single job.  Measured on
 * Reuters (19,043 files, 2 workers, perf stat): 56,498 context switches
 * with a 6-job queue woken per job, 2,502 with this; sys time 2.2 -> 1.3 s
 * (medians of 9 runs). */
struct queue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    char *buf;
    unsigned long *weights;   /* per element, parallel to buf */
    unsigned long weight;     /* of the elements queued */
    unsigned long max_weight; /* 0: no bound; else a push waits while
                                 the queue is not empty and would pass it */
    size_t elem;              /* element size */
    size_t cap;               /* elements */
    size_t head;              /* index of the oldest element */
    size_t n;                 /* elements queued */
    bool closed;              /* no more pushes: pops end when empty */
    bool aborted;
};

static dl_status
queue_init(struct queue *q, size_t elem, size_t cap)
{
    memset(q, 0, sizeof *q);
    q->buf = dl_malloc(elem * cap);
    q->weights = dl_calloc(cap, sizeof *q->weights);
    if (q->buf == NULL || q->weights == NULL) {
        dl_free(q->buf);
        dl_free(q->weights);
        q->buf = NULL;
        return DL_ENOMEM;
    }
    q->elem = elem;
    q->cap = cap;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    return DL_OK;
}

static void
queue_destroy(struct queue *q)
{
    if (q->buf == NULL)
        return;
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    dl_free(q->buf);
    dl_free(q->weights);
    q->buf = NULL;
}

/* false when the queue was aborted: the element stays the caller's.
 * weight counts against max_weight until the element is popped. */
static bool
queue_push_weighted(struct queue *q, const void *e, unsigned long weight)
{
    bool ok = false;
    size_t at;
    pthread_mutex_lock(&q->mu);
    while ((q->n == q->cap || (q->max_weight > 0 && q->n > 0 &&
                               q->weight + weight > q->max_weight)) &&
           !q->aborted)
        pthread_cond_wait(&q->not_full, &q->mu);
    if (!q->aborted) {
        at = (q->head + q->n) % q->cap;
        memcpy(q->buf + at * q->elem, e, q->elem);
        q->weights[at] = weight;
        q->weight += weight;
        q->n++;
        ok = true;
        pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->mu);
    return ok;
}

static bool
queue_push(struct queue *q, const void *e)
{
    return queue_push_weighted(q, e, 0);
}

/* false at the end (closed or aborted, and empty). */
static bool
queue_pop(struct queue *q, void *e)
{
    bool ok = false;
    pthread_mutex_lock(&q->mu);
    while (q->n == 0 && !q->closed && !q->aborted)
        pthread_cond_wait(&q->not_empty, &q->mu);
    if (q->n > 0) {
        memcpy(e, q->buf + q->head * q->elem, q->elem);
        q->weight -= q->weights[q->head];
        q->head = (q->head + 1) % q->cap;
        q->n--;
        ok = true;
        /* Refill in one go, see above; by weight likewise. */
        if (q->n <= q->cap / 2 ||
            (q->max_weight > 0 && q->weight <= q->max_weight / 2))
            pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return ok;
}

static void
queue_close(struct queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}

static void
queue_abort(struct queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->aborted = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->mu);
}

/* ---- the run ------------------------------------------------------------ */

/* A file to read. */
struct job {
    char *path;              /* owned */
    char *folder_source;     /* owned, NULL if none */
    const char *root;        /* borrowed from the run: the root it is under */
    struct dl_filestate fs;  /* size and mtime seen by the walk */
    bool update;             /* it had a record: a changed file */
    unsigned long old_ndocs; /* articles its record claimed */
};

enum item_kind {
    ITEM_BEGIN, /* delete the file's old articles and record */
    ITEM_DOC,   /* add doc */
    ITEM_END    /* the file is complete: write its record */
};

/* What a worker hands the writer (incremental runs). */
struct item {
    enum item_kind kind;
    char *path;             /* owned; DOC: its file, for messages */
    dl_doc *doc;            /* DOC: owned */
    unsigned long terms;    /* DOC: its distinct terms */
    struct dl_filestate fs; /* END */
};

struct run {
    const struct dl_index_opts *o;
    struct dl_read_opts ropts;
    struct dl_index_stats *stats; /* under lock */
    struct dl_progress prog;      /* under lock */
    pthread_mutex_t lock;
    bool fresh; /* fresh build: workers write */
    struct queue jobs;
    struct queue items;
    dl_wdb *target;           /* the target's write handle */
    const char *const *roots; /* cleaned roots */
    size_t n_roots;
    /* Paths under which the walk met an unreadable directory: records
     * below them are not taken as vanished. */
    dl_buf unreadable;        /* NUL-separated, under lock */
    bool keep_vanished;       /* the list above is incomplete (ENOMEM) */
    bool changed;             /* incremental: the writer or the
                                 vanished pass changed something */
    size_t reading;           /* bytes of the files being read (estimated),
                                 under lock: see reserve_read */
    pthread_cond_t read_room; /* reading dropped */
    atomic_int failed;        /* a fatal error happened */
    dl_status fatal;          /* the first one, under lock */
    dl_err fatal_err;
    /* The database path's part in the run (dbpath.h) and the test hook. */
    char schema[16];               /* DL_SCHEMA_VERSION as text: the mark */
    struct dl_walk_opts walk_opts; /* leaves the database out of the walk */
    unsigned long handed;          /* files the walk queued for workers */
    /* Boilerplate (boilerplate.h): the sets articles are judged by, and
     * the pending mark (dl_schema.h): found set by this run, or set by
     * its first change (the writer's thread, then the main's). */
    dl_boiler *boiler;
    bool boiler_owned;
    bool pending_found;
    bool pending_set;
};

struct worker {
    struct run *r;
    unsigned index;
    pthread_t tid;
    bool started;
    dl_docbuilder *b;
    dl_doc *doc; /* fresh builds: reused per article */
    dl_buf idterm;
    dl_buf fileterm;
    dl_buf key;
    dl_buf rec;
    dl_wdb *w;           /* fresh builds: the worker's temporary database */
    char *tmp_path;      /* fresh builds */
    unsigned long batch; /* documents since the last commit */
    unsigned long batch_terms; /* their distinct terms, summed */
    unsigned long added;       /* fresh builds: documents in the temporary */
    /* the file being read */
    struct job *cur;
    unsigned long file_docs;
    bool file_warned;
    bool file_oom; /* an article or the file was skipped for memory */
    bool begun;    /* BEGIN sent for cur */
};

static bool
stopping(const struct run *r)
{
    return atomic_load(&r->failed) != 0 ||
           (r->o->stop != NULL && *r->o->stop != 0);
}

/* Record the first fatal error and make every thread wind down. */
static void
fail(struct run *r, dl_status rc, const dl_err *e)
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
    queue_abort(&r->jobs);
    if (!r->fresh)
        queue_abort(&r->items);
}

/* Make err's message name the database path (Xapian's write errors name
 * only a table file, or nothing; some callers leave it empty). */
static void
name_path(dl_err *err, const char *path, dl_status rc)
{
    char msg[sizeof err->msg + 1024];
    char shown[128];
    size_t len;
    if (err == NULL || strstr(err->msg, path) != NULL)
        return;
    /* A long path is shortened so that the reason after it still fits. */
    snprintf(msg, sizeof msg, "%s: %s",
             dl_log_shorten(path, 96, shown, sizeof shown),
             err->msg[0] != '\0' ? err->msg : dl_status_str(rc));
    len = strlen(msg);
    if (len >= sizeof err->msg)
        len = sizeof err->msg - 1;
    memcpy(err->msg, msg, len);
    err->msg[len] = '\0';
}

/* The one warning printer: walk and readers, any thread. */
static void
warn_cb(void *ctx, const char *path, unsigned long line, const char *reason,
        const char *msg)
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
    warn_cb(ctx, path, line, reason, msg);
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

static void
free_job(struct job *j)
{
    dl_free(j->path);
    dl_free(j->folder_source);
}

static void
free_item(struct item *it)
{
    dl_free(it->path);
    dl_doc_free(it->doc);
}

/* ---- workers ------------------------------------------------------------ */

/* Documents per commit of a fresh build's temporary database that already
 * holds `added`: see DL_FRESH_BATCH_MIN. */
static unsigned long
fresh_batch(unsigned long added)
{
    unsigned long b = added / DL_FRESH_BATCH_GROWTH;
    if (b < DL_FRESH_BATCH_MIN)
        return DL_FRESH_BATCH_MIN;
    return b > DL_FRESH_BATCH_MAX ? DL_FRESH_BATCH_MAX : b;
}

static dl_status
commit_worker(struct worker *k, dl_err *err)
{
    dl_status rc = dl_wdb_commit(k->w, err);
    k->batch = 0;
    k->batch_terms = 0;
    return rc;
}

/* Incremental: send BEGIN for the current file once. */
static dl_status
send_begin(struct worker *k)
{
    struct item it;
    memset(&it, 0, sizeof it);
    it.kind = ITEM_BEGIN;
    it.path = dl_strdup(k->cur->path);
    if (it.path == NULL)
        return DL_ENOMEM;
    if (!queue_push(&k->r->items, &it)) {
        free_item(&it);
        return DL_DONE;
    }
    k->begun = true;
    return DL_OK;
}

/* Memory ran out inside one article (or one file): skip it, name it, and
 * go on with the rest.  The file gets no record, so the next run reads it
 * again; the run's exit status says that something was skipped. */
static void
skip_for_memory(struct worker *k, unsigned long line, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg,
             "out of memory %s; skipped (the next run tries the file again)",
             what);
    k->file_warned = true;
    k->file_oom = true;
    warn_cb(k->r, k->cur->path, line, "out-of-memory", msg);
    pthread_mutex_lock(&k->r->lock);
    k->r->stats->skipped_memory++;
    pthread_mutex_unlock(&k->r->lock);
}

/* Warnings about what dl_docbuild left out of an article. */
static void
warn_built(struct worker *k, const struct dl_article *a,
           const struct dl_docbuild_info *info)
{
    char msg[256];
    if (info->dropped_long > 0) {
        snprintf(msg, sizeof msg,
                 "%lu over-long word(s) (more than %d bytes) left out",
                 info->dropped_long, DL_MAX_TERM_BYTES);
        k->file_warned = true;
        warn_cb(k->r, k->cur->path, a->line, "long-token", msg);
    }
    if (info->text_cut == DL_TEXT_CUT_BYTES)
        snprintf(msg, sizeof msg,
                 "article text of %zu bytes cut: only the first %zu are "
                 "indexed (at most %d bytes per article)",
                 info->text_bytes, info->text_indexed, DL_ARTICLE_TEXT_MAX);
    else if (info->text_cut == DL_TEXT_CUT_TERMS)
        snprintf(msg, sizeof msg,
                 "article text of %zu bytes cut at byte %zu, where it "
                 "reached %d distinct terms (the most per article)",
                 info->text_bytes, info->text_indexed, DL_ARTICLE_TERMS_MAX);
    if (info->text_cut != DL_TEXT_CUT_NONE) {
        k->file_warned = true;
        warn_cb(k->r, k->cur->path, a->line, "text-cut", msg);
    }
    if (info->url_too_long) {
        snprintf(msg, sizeof msg,
                 "article URL longer than %d bytes: not stored as a link",
                 DL_URL_MAX);
        k->file_warned = true;
        warn_cb(k->r, k->cur->path, a->line, "long-url", msg);
    }
}

/* A database write failed: the run stops, naming the database and, out
 * of memory (Xapian's batch is lost with it, docs/indexing.md, "Limits"),
 * the article too. */
static void
write_failed(struct worker *k, const struct dl_article *a, dl_status rc,
             dl_err *err)
{
    struct run *r = k->r;
    if (rc == DL_ENOMEM)
        dl_err_set(err, rc, "out of memory adding the article of %s:%lu",
                   k->cur->path, a->line);
    name_path(err, r->fresh ? k->tmp_path : r->o->db_path, rc);
    fail(r, rc, err);
}

/* Hand a built document on: a fresh build adds it to the worker's
 * temporary database (committing when the batch is full), an incremental
 * run queues it, which passes its ownership to the writer.  DL_OK; DL_DONE
 * when the run is stopping or failed; DL_ENOMEM when the article was
 * skipped for memory (warned). */
static dl_status
hand_on(struct worker *k, dl_doc *doc, const struct dl_docbuild_info *info,
        const struct dl_article *a)
{
    struct run *r = k->r;
    struct item it;
    dl_err err;
    dl_status rc;

    dl_err_clear(&err);
    if (r->fresh) {
        rc = dl_wdb_add(k->w, doc, NULL, &err);
        if (rc == DL_OK) {
            k->added++;
            k->batch_terms += info->doc_terms;
            if (++k->batch >= fresh_batch(k->added) ||
                k->batch_terms >= DL_BATCH_TERMS_MAX / r->o->jobs)
                rc = commit_worker(k, &err);
        }
        if (rc != DL_OK) {
            write_failed(k, a, rc, &err);
            return DL_DONE;
        }
        return DL_OK;
    }
    memset(&it, 0, sizeof it);
    it.kind = ITEM_DOC;
    it.doc = doc;
    it.terms = info->doc_terms;
    it.path = dl_strdup(k->cur->path);
    rc = it.path == NULL ? DL_ENOMEM : DL_OK;
    if (rc == DL_OK && !k->begun)
        rc = send_begin(k);
    if (rc == DL_OK && !queue_push_weighted(&r->items, &it, it.terms))
        rc = DL_DONE;
    if (rc == DL_OK)
        return DL_OK;
    free_item(&it);
    if (rc == DL_ENOMEM)
        skip_for_memory(k, a->line, "passing on the article");
    return rc;
}

/* Reader callback: one article. */
static dl_status
emit_cb(void *ctx, struct dl_article *a)
{
    struct worker *k = ctx;
    struct run *r = k->r;
    struct dl_docbuild_input in;
    struct dl_docbuild_info info;
    dl_doc *doc;
    dl_err err;
    dl_status rc;

    /* Cut a long file short: its record is not written, so the next run
     * does it again. */
    if (stopping(r))
        return DL_DONE;
    dl_err_clear(&err);
    if (r->fresh) {
        doc = k->doc;
    } else {
        rc = dl_doc_new(&doc, &err);
        if (rc == DL_ENOMEM) {
            skip_for_memory(k, a->line, "starting the article");
            return DL_OK;
        }
        if (rc != DL_OK) {
            fail(r, rc, &err);
            return DL_DONE;
        }
    }
    memset(&in, 0, sizeof in);
    in.a = a;
    in.path = k->cur->path;
    in.folder_source = k->cur->folder_source;
    in.force_lang = r->o->force_lang;
    in.boiler = r->boiler;
    in.group = k->cur->root;
    memset(&info, 0, sizeof info);
    rc = dl_docbuild(k->b, &in, doc, &k->idterm, &k->fileterm, &info, &err);
    if (rc == DL_OK) {
        warn_built(k, a, &info);
        rc = hand_on(k, doc, &info, a);
        if (rc == DL_ENOMEM)
            return DL_OK; /* skipped, warned */
        if (rc != DL_OK)
            return DL_DONE;
        k->file_docs++;
        pthread_mutex_lock(&r->lock);
        r->stats->articles++;
        r->prog.articles++;
        pthread_mutex_unlock(&r->lock);
        return DL_OK;
    }
    /* Not built.  Out of memory: free the half-built document at once. */
    if (r->fresh)
        dl_doc_clear(doc);
    else
        dl_doc_free(doc);
    if (rc == DL_ENOMEM) {
        skip_for_memory(k, a->line, "building the article");
        return DL_OK;
    }
    if (rc == DL_EINVAL) {
        k->file_warned = true;
        warn_cb(r, k->cur->path, a->line, "empty-article",
                "article with neither title nor body skipped");
        return DL_OK;
    }
    /* Not the database's fault: no path to name. */
    fail(r, rc, &err);
    return DL_DONE;
}

static void
file_warn_cb(void *ctx, const char *path, unsigned long line,
             const char *reason, const char *msg)
{
    struct worker *k = ctx;
    k->file_warned = true;
    warn_cb(k->r, path, line, reason, msg);
}

/* What reading the file of j may take, for reserve_read: its size, or
 * for a gzip file a typical text ratio of it (the reader caps the
 * inflated bytes at the file limit anyway). */
static size_t
read_estimate(const struct run *r, const struct job *j)
{
    size_t max = r->ropts.max_file_bytes;
    unsigned long long n = j->fs.size;
    bool gz = false;
    (void)dl_format_of_path(j->path, &gz);
    if (gz)
        n = n > max / DL_GZ_RATIO ? max : n * DL_GZ_RATIO;
    return n > max ? max : (size_t)n; /* a larger file is not read */
}

/* Files are read whole, decoded into a second buffer and parsed, so a
 * file takes some two to three times its size while it is read.  Workers
 * reading big files at once would add that up: a worker waits until the
 * files being read leave room for its own within DL_READ_BYTES_MAX, unless
 * no file is being read (so one file of any size still goes). */
static void
reserve_read(struct run *r, size_t n)
{
    pthread_mutex_lock(&r->lock);
    while (r->reading > 0 && r->reading + n > DL_READ_BYTES_MAX && !stopping(r))
        pthread_cond_wait(&r->read_room, &r->lock);
    r->reading += n;
    pthread_mutex_unlock(&r->lock);
}

static void
release_read(struct run *r, size_t n)
{
    pthread_mutex_lock(&r->lock);
    r->reading -= n;
    pthread_cond_broadcast(&r->read_room);
    pthread_mutex_unlock(&r->lock);
}

/* Read one file and hand on its articles and record. */
static void
do_file(struct worker *k, struct job *j)
{
    struct run *r = k->r;
    unsigned long n = 0;
    size_t reserve;
    dl_err err;
    dl_status rc;
    bool read_failed;
    bool complete;
    bool record;

    k->cur = j;
    k->file_docs = 0;
    k->file_warned = false;
    k->file_oom = false;
    k->begun = false;
    dl_err_clear(&err);
    reserve = read_estimate(r, j);
    reserve_read(r, reserve);
    rc = dl_read_file(j->path, &r->ropts, emit_cb, file_warn_cb, k, &n, &err);
    release_read(r, reserve);
    read_failed = rc == DL_EIO || rc == DL_ENOENT || rc == DL_EINVAL;
    if (read_failed) {
        /* Nothing of it was emitted (readers read the whole file first):
         * the old articles and record stay until the file is readable
         * again or the walk no longer finds it. */
        warn_cb(r, j->path, 0, rc == DL_ENOENT ? "vanished" : "unreadable",
                err.msg[0] != '\0' ? err.msg : dl_status_str(rc));
        k->file_warned = true;
        complete = false;
    } else if (rc == DL_DONE || stopping(r)) {
        complete = false; /* stopped: interrupted or failed elsewhere */
    } else if (rc == DL_ENOMEM) {
        /* The reader's own memory (the file's bytes, decoding, parsing):
         * this file is skipped, the run goes on.  Articles it emitted
         * before stay, without a record, until the next run redoes it. */
        skip_for_memory(k, 0, "reading the file");
        read_failed = true; /* counted as a file that was tried */
        complete = false;
    } else if (rc != DL_OK) {
        fail(r, rc, &err);
        complete = false;
    } else {
        complete = true;
    }
    /* A file that gave nothing but warnings is not recorded: it is
     * reported again by every run until it is fixed. */
    record = complete && !k->file_oom && (k->file_docs > 0 || !k->file_warned);

    if (complete && !r->fresh && !k->begun && !k->file_oom) {
        /* No article, but a changed file's old articles must go. */
        rc = send_begin(k);
        if (rc != DL_OK && rc != DL_DONE)
            fail(r, rc, NULL);
    }
    if (record && !stopping(r)) {
        struct dl_filestate fs = j->fs;
        fs.ndocs = k->file_docs;
        if (r->fresh) {
            rc = dl_filestate_key(&k->key, j->path);
            if (rc == DL_OK)
                rc = dl_filestate_encode(&fs, j->path, &k->rec);
            if (rc == DL_OK)
                rc = dl_wdb_set_metadata(k->w, k->key.data, k->rec.data,
                                         k->rec.len, &err);
            if (rc != DL_OK) {
                name_path(&err, k->tmp_path, rc);
                fail(r, rc, &err);
            }
        } else {
            struct item it;
            memset(&it, 0, sizeof it);
            it.kind = ITEM_END;
            it.fs = fs;
            it.path = dl_strdup(j->path);
            if (it.path == NULL)
                fail(r, DL_ENOMEM, NULL);
            else if (!queue_push(&r->items, &it))
                free_item(&it);
        }
    }

    pthread_mutex_lock(&r->lock);
    if (complete || read_failed) {
        if (k->file_docs == 0 && k->file_warned)
            r->stats->skipped++;
        else if (j->update)
            r->stats->updated++;
        else
            r->stats->indexed++;
        if (j->update && complete)
            r->stats->removed_articles += j->old_ndocs;
    }
    r->stats->bytes += j->fs.size;
    r->prog.files_done++;
    r->prog.bytes_done += j->fs.size;
    dl_progress_update(&r->prog, false);
    pthread_mutex_unlock(&r->lock);
    (void)n;
    k->cur = NULL;
}

static void *
worker_main(void *arg)
{
    struct worker *k = arg;
    struct run *r = k->r;
    struct job j;
    while (queue_pop(&r->jobs, &j)) {
        if (!stopping(r))
            do_file(k, &j);
        free_job(&j);
    }
    if (r->fresh && k->w != NULL && atomic_load(&r->failed) == 0) {
        dl_err err;
        dl_err_clear(&err);
        if (commit_worker(k, &err) != DL_OK) {
            name_path(&err, k->tmp_path, err.code);
            fail(r, err.code, &err);
        }
    }
    return NULL;
}

/* Set DL_META_BOILER_PENDING in the target, in the transaction of the
 * run's first change (one thread at a time: the writer, then the main
 * thread after it), so that no commit holds a change without it. */
static dl_status
mark_pending(struct run *r, dl_err *err)
{
    dl_status rc;
    if (r->pending_set)
        return DL_OK;
    rc = dl_wdb_set_metadata(r->target, DL_META_BOILER_PENDING, "1", 1, err);
    if (rc == DL_OK)
        r->pending_set = true;
    return rc;
}

/* ---- the writer (incremental runs) -------------------------------------- */

struct writer {
    struct run *r;
    pthread_t tid;
    bool started;
    unsigned long batch_terms; /* distinct terms of the uncommitted docs */
    dl_buf term;
    dl_buf key;
    dl_buf rec;
};

/* Delete every article of the file at path: the records of a JSON Lines
 * file share its "XF" term, a whole-file article is "Q" + path
 * (dl_schema.h).  term is scratch space. */
static dl_status
delete_file_articles(dl_wdb *w, dl_buf *term, const char *path, size_t len,
                     dl_err *err)
{
    dl_status rc = dl_schema_term(term, DL_PREFIX_FILE, path, len);
    if (rc == DL_OK)
        rc = dl_wdb_delete_term(w, term->data, term->len, err);
    if (rc == DL_OK)
        rc = dl_schema_term(term, DL_PREFIX_ID, path, len);
    if (rc == DL_OK)
        rc = dl_wdb_delete_term(w, term->data, term->len, err);
    return rc;
}

static dl_status
apply_item(struct writer *wr, struct item *it, unsigned long *batch,
           dl_err *err)
{
    dl_wdb *w = wr->r->target;
    dl_status rc;
    switch (it->kind) {
    case ITEM_BEGIN:
        rc =
            delete_file_articles(w, &wr->term, it->path, strlen(it->path), err);
        if (rc == DL_OK)
            rc = dl_filestate_key(&wr->key, it->path);
        if (rc == DL_OK)
            rc = dl_wdb_set_metadata(w, wr->key.data, NULL, 0, err);
        return rc;
    case ITEM_DOC:
        rc = dl_wdb_add(w, it->doc, NULL, err);
        if (rc == DL_OK) {
            (*batch)++;
            wr->batch_terms += it->terms;
        } else if (rc == DL_ENOMEM) {
            /* Fatal (the writer's batch is lost with it); say where. */
            dl_err_set(err, rc, "out of memory adding an article of %s",
                       it->path);
        }
        return rc;
    case ITEM_END:
        rc = dl_filestate_key(&wr->key, it->path);
        if (rc == DL_OK)
            rc = dl_filestate_encode(&it->fs, it->path, &wr->rec);
        if (rc == DL_OK)
            rc = dl_wdb_set_metadata(w, wr->key.data, wr->rec.data, wr->rec.len,
                                     err);
        return rc;
    }
    return DL_EINTERNAL;
}

static void *
writer_main(void *arg)
{
    struct writer *wr = arg;
    struct run *r = wr->r;
    struct item it;
    unsigned long batch = 0;
    dl_err err;
    dl_status rc;

    dl_err_clear(&err);
    while (queue_pop(&r->items, &it)) {
        if (atomic_load(&r->failed) == 0) {
            r->changed = true; /* read by the main thread after join */
            rc = mark_pending(r, &err);
            if (rc == DL_OK)
                rc = apply_item(wr, &it, &batch, &err);
            /* Half the term budget is the writer's batch, half the
             * queue's documents (see run_incremental). */
            if (rc == DL_OK && (batch >= DL_INDEX_BATCH ||
                                wr->batch_terms >= DL_BATCH_TERMS_MAX / 2)) {
                rc = dl_wdb_commit(r->target, &err);
                batch = 0;
                wr->batch_terms = 0;
            }
            if (rc != DL_OK) {
                name_path(&err, r->o->db_path, rc);
                fail(r, rc, &err);
            }
        }
        free_item(&it);
    }
    if (atomic_load(&r->failed) == 0) {
        rc = dl_wdb_commit(r->target, &err);
        if (rc != DL_OK) {
            name_path(&err, r->o->db_path, rc);
            fail(r, rc, &err);
        }
    }
    return NULL;
}

/* ---- helpers ------------------------------------------------------------ */

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    /* Keep going on failure: remove as much as possible. */
    if (flag == FTW_DP)
        (void)rmdir(path);
    else
        (void)unlink(path);
    return 0;
}

/* rm -rf path; failures are ignored (a leftover temporary directory is
 * removed by the next run). */
static void
remove_tree(const char *path)
{
    (void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The temporary databases this process is writing (borrowed paths), so
 * that a write error that ends the process from inside Xapian
 * (dl_xapian_exit_on_write_abort, whose hook is dl_index_remove_live_temps)
 * still removes them: on a full disk, gigabytes of parts left behind would
 * keep it full until the next run.  Past LIVE_TEMPS_MAX paths (shards of
 * many jobs) the rest are left to the next run's remove_stale_temps. */
#define LIVE_TEMPS_MAX 256
static pthread_mutex_t live_temps_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *live_temps[LIVE_TEMPS_MAX];

static void
live_temp_add(const char *path)
{
    size_t i;
    pthread_mutex_lock(&live_temps_lock);
    for (i = 0; i < LIVE_TEMPS_MAX; i++) {
        if (live_temps[i] == NULL) {
            live_temps[i] = path;
            break;
        }
    }
    pthread_mutex_unlock(&live_temps_lock);
}

/* Forget path (before its memory is freed or its directory is merged). */
static void
live_temp_drop(const char *path)
{
    size_t i;
    pthread_mutex_lock(&live_temps_lock);
    for (i = 0; i < LIVE_TEMPS_MAX; i++)
        if (live_temps[i] == path)
            live_temps[i] = NULL;
    pthread_mutex_unlock(&live_temps_lock);
}

void
dl_index_remove_live_temps(void)
{
    const struct timespec pause = {0, 2 * 1000 * 1000};
    int round;
    /* Called as the process ends from one thread while the others still
     * run: a worker may be writing into its part (a file created after
     * nftw listed the folder makes its rmdir fail) or holding the lock for
     * a moment.  So the removal is repeated, 2 ms apart, until no path is
     * left, for at most 100 rounds; a lock never let go leaves the paths
     * to the next run rather than risk a deadlock. */
    for (round = 0; round < 100; round++) {
        bool left = false;
        size_t i;
        if (pthread_mutex_trylock(&live_temps_lock) == 0) {
            for (i = 0; i < LIVE_TEMPS_MAX; i++) {
                struct stat st;
                if (live_temps[i] == NULL)
                    continue;
                remove_tree(live_temps[i]);
                if (lstat(live_temps[i], &st) == 0)
                    left = true;
            }
            pthread_mutex_unlock(&live_temps_lock);
            if (!left)
                return;
        }
        nanosleep(&pause, NULL);
    }
}

/* Remove PATH.tmp-PID-* left by runs that died (kill -9, power cut): only
 * those whose name and content prove them temporaries of ours
 * (dbpath.h); anything else spelled like one (a user's folder) is left
 * alone. */
static void
remove_stale_temps(const char *db_path)
{
    dl_buf dir = DL_BUF_INIT;
    dl_buf full = DL_BUF_INIT;
    const char *slash = strrchr(db_path, '/');
    const char *base = slash != NULL ? slash + 1 : db_path;
    DIR *d;
    struct dirent *de;

    if (slash == db_path)
        dl_buf_puts(&dir, "/");
    else if (slash != NULL)
        dl_buf_append(&dir, db_path, (size_t)(slash - db_path));
    else
        dl_buf_puts(&dir, ".");
    if (dir.data == NULL)
        goto out;
    d = opendir(dir.data);
    if (d == NULL)
        goto out;
    for (;;) {
        long pid;
        de = readdir(d);
        if (de == NULL)
            break;
        if (!dl_dbpath_temp_pid(base, de->d_name, &pid))
            continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* a live run's (or a process we cannot signal) */
        dl_buf_reset(&full);
        if (dl_buf_printf(&full, "%s/%s", dir.data, de->d_name) != DL_OK)
            break;
        if (dl_dbpath_is_our_temp(full.data))
            remove_tree(full.data);
    }
    closedir(d);
out:
    dl_buf_free(&dir);
    dl_buf_free(&full);
}

/* Make room for a temporary database at path: remove what a dead process
 * with our process id left there, refuse anything that is not provably a
 * temporary of ours.  DL_EINVAL naming path, DL_EIO. */
static dl_status
clear_temp(const char *path, dl_err *err)
{
    char shown[160];
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return DL_OK;
        return dl_err_set(err, DL_EIO, "%s: %s",
                          dl_log_shorten(path, 96, shown, sizeof shown),
                          strerror(errno));
    }
    if (!dl_dbpath_is_our_temp(path))
        return dl_err_set(err, DL_EINVAL,
                          "%s: in the way of a temporary database and not "
                          "one of dateline-index's: move it away",
                          dl_log_shorten(path, 96, shown, sizeof shown));
    remove_tree(path);
    return DL_OK;
}

/* Create the database at path (nothing there, or an empty directory):
 * built under path.tmp-PID-init with dl:schema committed and renamed into
 * place, so that path never holds a database without Dateline's mark, even
 * after a kill (dbpath.h).  Another indexer that created it first wins;
 * what it made must then be ours.  DL_EINVAL, DL_EIO naming the path, and
 * the errors of dl_wdb_open. */
static dl_status
create_target(const char *path, dl_err *err)
{
    dl_buf tmp = DL_BUF_INIT;
    dl_wdb *w = NULL;
    char ver[16];
    char shown[128];
    dl_status rc;

    snprintf(ver, sizeof ver, "%d", DL_SCHEMA_VERSION);
    if (dl_buf_printf(&tmp, "%s.tmp-%ld-init", path, (long)getpid()) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = clear_temp(tmp.data, err);
    if (rc != DL_OK) {
        dl_buf_free(&tmp); /* whatever is there is not ours to remove */
        return rc;
    }
    live_temp_add(tmp.data);
    rc = dl_wdb_open(tmp.data, DL_WDB_OVERWRITE, 0, &w, err);
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w, DL_META_SCHEMA, ver, strlen(ver), err);
    if (rc == DL_OK)
        rc = dl_wdb_commit(w, err);
    dl_wdb_close(w);
    if (rc == DL_OK && rename(tmp.data, path) != 0) {
        int e = errno;
        enum dl_dbkind kind;
        if (e == EEXIST || e == ENOTEMPTY) {
            rc = dl_dbpath_kind(path, &kind, err);
            if (rc == DL_OK && kind != DL_DBKIND_SINGLE)
                rc = dl_err_set(err, DL_EINVAL,
                                "%s: appeared while this run created it, "
                                "and is not a Dateline database",
                                dl_log_shorten(path, 96, shown, sizeof shown));
        } else {
            rc = dl_err_set(err, DL_EIO, "%s: cannot create the database: %s",
                            dl_log_shorten(path, 96, shown, sizeof shown),
                            strerror(e));
        }
    }
    if (rc != DL_OK)
        name_path(err, path, rc);
    live_temp_drop(tmp.data);
    remove_tree(tmp.data); /* nothing there after a rename */
    dl_buf_free(&tmp);
    return rc;
}

/* The languages present, from the "L" terms of the committed databases at
 * paths[0..n) seen as one, into out as "en,fr,ru". */
static dl_status
langs_of(const char *const *paths, size_t n, dl_buf *out, dl_err *err)
{
    dl_db *db = NULL;
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    dl_status rc;

    dl_buf_reset(out);
    if (dl_buf_append(out, "", 0) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = dl_db_open_multi(paths, n, &db, err);
    if (rc == DL_OK)
        rc = dl_db_allterms(db, DL_PREFIX_LANG, &it, err);
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &freq, err);
        if (rc != DL_OK)
            break;
        if (len <= 1)
            continue;
        if ((out->len > 0 && dl_buf_putc(out, ',') != DL_OK) ||
            dl_buf_append(out, t + 1, len - 1) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_DONE)
        rc = DL_OK;
    dl_termiter_free(it);
    dl_db_close(db);
    return rc;
}

static void test_pause(struct run *r);

static void
pause_cb(void *ctx)
{
    test_pause(ctx);
}

/* Boilerplate over the parts w[0..n) of one index (boiler_pass.h), then
 * the clusters again when documents were rebuilt (their MinHash changed),
 * then the pending mark goes, to be committed by the caller with the
 * rest.  A run whose caller learns over several databases (shards: the
 * sets must be learned over all of them) leaves the mark set instead. */
static dl_status
finish_boiler(struct run *r, dl_wdb *const *w, size_t n, bool temporary,
              dl_err *err)
{
    struct dl_boiler_pass_opts bo;
    struct dl_boiler_stats bs;
    dl_status rc = DL_OK;
    size_t i;

    if (r->o->boiler_later)
        return dl_wdb_set_metadata(w[0], DL_META_BOILER_PENDING, "1", 1, err);
    memset(&bo, 0, sizeof bo);
    bo.meta_everywhere = false;
    bo.batch = temporary ? DL_FRESH_CLUSTER_COMMIT : DL_INDEX_BATCH;
    bo.batch_terms = DL_BATCH_TERMS_MAX / 2;
    bo.ropts = &r->ropts;
    if (r->o->pause_in_boiler > 0 && r->o->pause_file != NULL) {
        bo.pause_after = r->o->pause_in_boiler;
        bo.pause = pause_cb;
        bo.pause_ctx = r;
    }
    rc = dl_boiler_update(w, n, &bo, &bs, err);
    if (rc == DL_OK && bs.rebuilt > 0) {
        struct dl_cluster_stats cs;
        memset(&cs, 0, sizeof cs);
        rc = dl_cluster_update_multi(
            w, n, temporary ? DL_FRESH_CLUSTER_COMMIT : 0, &cs, err);
    }
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = dl_wdb_set_metadata(w[i], DL_META_BOILER_PENDING, NULL, 0, err);
    if (rc == DL_OK) {
        r->stats->boiler_ran = true;
        r->stats->boiler_learned = bs.learned;
        r->stats->boiler_rebuilt = bs.rebuilt;
    }
    return rc;
}

/* dl:schema, dl:langs, the clusters and boilerplate over the committed
 * databases w[0..n) at paths[0..n) (the parts of one index), then commit
 * each.  The metadata goes to w[0] only, so a merge of the parts holds it
 * once.  Interrupted runs do it too: the clustering pass is one read of
 * the signatures, and skipping it would leave the new documents
 * unclustered until some later run changes something.  temporary: the
 * parts of a fresh build, which a crash throws away, so the clustering
 * and the rebuilds may commit as they go (bounding Xapian's buffer of
 * rewritten articles, which took the x40 corpus's peak RSS past 300 MB).
 * The clusters come first: they say which articles are one story, which
 * boilerplate counts once (boilerplate.h). */
static dl_status
finish_parts(struct run *r, dl_wdb *const *w, const char *const *paths,
             size_t n, bool temporary, dl_err *err)
{
    dl_buf langs = DL_BUF_INIT;
    char ver[16];
    dl_status rc;
    size_t i;

    snprintf(ver, sizeof ver, "%d", DL_SCHEMA_VERSION);
    rc = langs_of(paths, n, &langs, err);
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w[0], DL_META_SCHEMA, ver, strlen(ver), err);
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w[0], DL_META_LANGS, langs.data, langs.len,
                                 err);
    if (rc == DL_OK) {
        struct dl_cluster_stats cs;
        memset(&cs, 0, sizeof cs);
        rc = dl_cluster_update_multi(
            w, n, temporary ? DL_FRESH_CLUSTER_COMMIT : 0, &cs, err);
    }
    if (rc == DL_OK)
        rc = finish_boiler(r, w, n, temporary, err);
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = dl_wdb_commit(w[i], err);
    dl_buf_free(&langs);
    return rc;
}

static dl_status
finish_db(struct run *r, dl_wdb *w, const char *path, dl_err *err)
{
    return finish_parts(r, &w, &path, 1, false, err);
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

/* Look path's record up in the read-only view, reopening when the writer's
 * commits have overtaken it.  *found false when there is no valid one. */
static dl_status
lookup_record(dl_db *rdb, const char *key, struct dl_filestate *fs, bool *found,
              dl_err *err)
{
    char *val = NULL;
    size_t len = 0;
    dl_status rc = DL_OK;
    int tries;
    *found = false;
    for (tries = 0; tries < 5; tries++) {
        rc = dl_db_get_metadata(rdb, key, &val, &len, err);
        if (rc != DL_EMODIFIED)
            break;
        rc = dl_db_reopen(rdb, NULL, err);
        if (rc != DL_OK)
            return rc;
    }
    if (rc != DL_OK)
        return rc;
    if (len > 0 && dl_filestate_decode(val, len, fs, NULL) == DL_OK)
        *found = true;
    dl_free(val);
    return DL_OK;
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
    while (!stopping(r) && dl_walk_next(w, &e, NULL) == DL_OK) {
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
static void
test_pause(struct run *r)
{
    const struct timespec nap = {0, 10 * 1000 * 1000};
    int fd = open(r->o->pause_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    close(fd);
    while (!stopping(r) && access(r->o->pause_file, F_OK) == 0)
        nanosleep(&nap, NULL);
}

/* The walk, feeding the job queue.  Runs in the calling thread. */
static dl_status
produce(struct run *r, dl_pathset *seen, dl_db *rdb, dl_err *err)
{
    dl_walk *w = NULL;
    struct dl_walk_entry e;
    dl_buf key = DL_BUF_INIT;
    dl_status rc;

    rc = dl_walk_new(r->roots, r->n_roots, &r->walk_opts, walk_warn_cb, r, &w,
                     err);
    while (rc == DL_OK && !stopping(r)) {
        struct job j;
        bool fresh_path;
        bool found = false;
        struct dl_filestate old;

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
                rc = lookup_record(rdb, key.data, &old, &found, err);
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
        j.path = dl_strdup(e.path);
        rc = j.path != NULL ? folder_of(e.rel, &j.folder_source) : DL_ENOMEM;
        if (rc != DL_OK) {
            free_job(&j);
            dl_err_set(err, rc, "out of memory");
            break;
        }
        if (!queue_push(&r->jobs, &j)) {
            free_job(&j);
            break;
        }
        if (++r->handed == r->o->pause_after_files && r->o->pause_file != NULL)
            test_pause(r);
    }
    if (rc == DL_DONE)
        rc = DL_OK;
    queue_close(&r->jobs);
    dl_walk_free(w);
    dl_buf_free(&key);
    return rc;
}

/* Is path below a directory the walk could not read? */
static bool
under_unreadable(struct run *r, const char *path, size_t len)
{
    size_t off = 0;
    while (off < r->unreadable.len) {
        const char *u = r->unreadable.data + off;
        if (dl_path_under(path, len, u))
            return true;
        off += strlen(u) + 1;
    }
    return false;
}

/* Delete the articles and records of files under this run's roots that
 * the walk did not see.  Keys are collected first: Xapian's metadata
 * iterator must not run across changes to the metadata it walks. */
static dl_status
delete_vanished(struct run *r, dl_pathset *seen, dl_err *err)
{
    dl_wdb *w = r->target;
    dl_termiter *it = NULL;
    dl_buf gone = DL_BUF_INIT; /* NUL-separated paths */
    dl_buf term = DL_BUF_INIT;
    const char *k;
    size_t klen;
    unsigned long freq;
    unsigned long batch = 0;
    size_t off;
    dl_status rc;

    rc = dl_wdb_metadata_keys(w, DL_META_FILE_PREFIX, &it, err);
    while (rc == DL_OK) {
        char *val = NULL;
        size_t vlen = 0;
        struct dl_filestate fs;
        struct dl_slice path;
        size_t i;
        bool mine = false;

        rc = dl_termiter_next(it, &k, &klen, &freq, err);
        if (rc != DL_OK)
            break;
        rc = dl_wdb_get_metadata(w, k, &val, &vlen, err);
        if (rc != DL_OK)
            break;
        if (vlen == 0 || dl_filestate_decode(val, vlen, &fs, &path) != DL_OK) {
            dl_free(val);
            continue;
        }
        if (path.n == 0) {
            /* The record leaves out a path its key spells. */
            size_t plen = strlen(DL_META_FILE_PREFIX);
            if (klen <= plen) {
                dl_free(val);
                continue;
            }
            path.p = k + plen;
            path.n = klen - plen;
        }
        for (i = 0; i < r->n_roots && !mine; i++)
            mine = dl_path_under(path.p, path.n, r->roots[i]);
        if (mine && !dl_pathset_has(seen, path.p, path.n) &&
            !under_unreadable(r, path.p, path.n)) {
            if (dl_buf_append(&gone, path.p, path.n) != DL_OK ||
                dl_buf_putc(&gone, '\0') != DL_OK)
                rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            pthread_mutex_lock(&r->lock);
            r->stats->removed_articles += fs.ndocs;
            pthread_mutex_unlock(&r->lock);
        }
        dl_free(val);
    }
    dl_termiter_free(it);
    if (rc == DL_DONE)
        rc = DL_OK;
    if (rc == DL_OK && gone.len > 0)
        rc = mark_pending(r, err);
    for (off = 0; rc == DL_OK && off < gone.len;) {
        const char *p = gone.data + off;
        size_t plen = strlen(p);
        off += plen + 1;
        rc = delete_file_articles(w, &term, p, plen, err);
        if (rc == DL_OK)
            rc = dl_filestate_key(&term, p);
        if (rc == DL_OK)
            rc = dl_wdb_set_metadata(w, term.data, NULL, 0, err);
        if (rc == DL_ENOMEM)
            dl_err_set(err, rc, "out of memory");
        if (rc != DL_OK)
            break;
        r->stats->deleted++;
        r->changed = true;
        if (++batch >= DL_INDEX_BATCH) {
            rc = dl_wdb_commit(w, err);
            batch = 0;
        }
    }
    if (rc == DL_OK)
        rc = dl_wdb_commit(w, err);
    dl_buf_free(&gone);
    dl_buf_free(&term);
    return rc;
}

/* ---- the two shapes ------------------------------------------------------ */

static dl_status
start_workers(struct run *r, struct worker *ks, unsigned n, dl_err *err)
{
    unsigned i;
    dl_status rc;
    for (i = 0; i < n; i++) {
        struct worker *k = &ks[i];
        k->r = r;
        k->index = i;
        rc = dl_docbuilder_new(&k->b, err);
        if (rc != DL_OK)
            return rc;
        if (r->fresh) {
            dl_buf tmp = DL_BUF_INIT;
            rc = dl_doc_new(&k->doc, err);
            if (rc != DL_OK)
                return rc;
            if (dl_buf_printf(&tmp, "%s.tmp-%ld-%u", r->o->db_path,
                              (long)getpid(), i) != DL_OK)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            k->tmp_path = dl_buf_steal(&tmp, NULL);
            dl_buf_free(&tmp);
            if (k->tmp_path == NULL)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            rc = clear_temp(k->tmp_path, err);
            if (rc != DL_OK) {
                /* Not ours: free_workers must not remove it. */
                dl_free(k->tmp_path);
                k->tmp_path = NULL;
                return rc;
            }
            live_temp_add(k->tmp_path);
            rc = dl_wdb_open(k->tmp_path, DL_WDB_OVERWRITE | DL_WDB_NO_SYNC, 0,
                             &k->w, err);
            /* The mark from the first commit on: a part left by a crash is
             * then provably ours (dbpath.h) and the next run removes it. */
            if (rc == DL_OK)
                rc = dl_wdb_set_metadata(k->w, DL_META_SCHEMA, r->schema,
                                         strlen(r->schema), err);
            if (rc != DL_OK)
                return rc;
        }
        if (pthread_create(&k->tid, NULL, worker_main, k) != 0)
            return dl_err_set(err, DL_EINTERNAL, "cannot start a thread");
        k->started = true;
    }
    return DL_OK;
}

static void
join_workers(struct run *r, struct worker *ks, unsigned n)
{
    unsigned i;
    struct job j;
    /* Whatever happened, no one may wait on the job queue any more. */
    queue_close(&r->jobs);
    for (i = 0; i < n; i++)
        if (ks[i].started)
            pthread_join(ks[i].tid, NULL);
    while (queue_pop(&r->jobs, &j))
        free_job(&j);
}

static void
free_workers(struct worker *ks, unsigned n, bool remove_temps)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        struct worker *k = &ks[i];
        dl_wdb_close(k->w);
        if (k->tmp_path != NULL) {
            live_temp_drop(k->tmp_path);
            if (remove_temps)
                remove_tree(k->tmp_path);
        }
        dl_free(k->tmp_path);
        dl_doc_free(k->doc);
        dl_docbuilder_free(k->b);
        dl_buf_free(&k->idterm);
        dl_buf_free(&k->fileterm);
        dl_buf_free(&k->key);
        dl_buf_free(&k->rec);
    }
}

/* Put the database at from in place of the one at to, atomically where
 * the kernel allows; the old one ends up at from. */
static dl_status
swap_dirs(const char *from, const char *to, dl_err *err)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0)
        return DL_OK;
    if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
        /* No RENAME_EXCHANGE on this file system: a short window with no
         * database at `to`, but never a half-built one. */
        dl_buf old = DL_BUF_INIT;
        dl_status rc = DL_OK;
        if (dl_buf_printf(&old, "%s.old", from) != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        if (rename(to, old.data) != 0 || rename(from, to) != 0 ||
            rename(old.data, from) != 0)
            rc = dl_err_set(err, DL_EIO, "%s: cannot replace: %s", to,
                            strerror(errno));
        dl_buf_free(&old);
        return rc;
    }
    return dl_err_set(err, DL_EIO, "%s: cannot replace with %s: %s", to, from,
                      strerror(errno));
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
    rc = start_workers(r, ks, n, err);
    if (rc == DL_OK) {
        rc = produce(r, seen, NULL, err);
        if (rc != DL_OK)
            fail(r, rc, err);
    } else {
        fail(r, rc, err);
    }
    join_workers(r, ks, n);
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
     * then writes the final database once, fully compact.  Finishing after
     * the merge rewrote blocks and left Reuters' index at 76 MB instead of
     * 69 MB. */
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
        rc = finish_parts(r, ws, srcs, n, true, err);
        dl_free(ws);
    }
    for (i = 0; i < n; i++) {
        dl_wdb_close(ks[i].w);
        ks[i].w = NULL;
    }
    if (rc != DL_OK) {
        name_path(err, o->db_path, rc);
        goto out;
    }
    if (dl_buf_printf(&newp, "%s.tmp-%ld-new", o->db_path, (long)getpid()) !=
        DL_OK) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    rc = clear_temp(newp.data, err);
    if (rc != DL_OK) {
        dl_buf_free(&newp); /* not ours: left where it is */
        goto out;
    }
    live_temp_add(newp.data);
    rc = dl_db_compact(srcs, n, newp.data, err);
    if (rc != DL_OK)
        name_path(err, o->db_path, rc);
    if (rc == DL_OK)
        rc = swap_dirs(newp.data, o->db_path, err);
    if (rc == DL_OK) {
        /* The old database (now at newp) goes once its lock is let go. */
        dl_wdb_close(r->target);
        r->target = NULL;
    }
out:
    free_workers(ks, n, true);
    if (newp.data != NULL) {
        live_temp_drop(newp.data);
        remove_tree(newp.data);
    }
    dl_buf_free(&newp);
    dl_free(ks);
    dl_free(srcs);
    return rc;
}

static dl_status
run_incremental(struct run *r, dl_pathset *seen, dl_err *err)
{
    const struct dl_index_opts *o = r->o;
    unsigned n = o->jobs;
    struct worker *ks;
    struct writer wr;
    dl_db *rdb = NULL;
    dl_status rc;
    struct item it;

    memset(&wr, 0, sizeof wr);
    wr.r = r;
    ks = dl_calloc(n, sizeof *ks);
    if (ks == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = queue_init(&r->items, sizeof(struct item), 256);
    if (rc != DL_OK) {
        dl_free(ks);
        return dl_err_set(err, rc, "out of memory");
    }
    r->items.max_weight = DL_BATCH_TERMS_MAX / 2; /* documents' terms */
    rc = dl_wdb_reader(r->target, &rdb, err);
    if (rc == DL_OK) {
        if (pthread_create(&wr.tid, NULL, writer_main, &wr) != 0)
            rc = dl_err_set(err, DL_EINTERNAL, "cannot start a thread");
        else
            wr.started = true;
    }
    if (rc == DL_OK)
        rc = start_workers(r, ks, n, err);
    if (rc == DL_OK)
        rc = produce(r, seen, rdb, err);
    if (rc != DL_OK)
        fail(r, rc, err);
    join_workers(r, ks, n);
    queue_close(&r->items);
    if (wr.started)
        pthread_join(wr.tid, NULL);
    while (queue_pop(&r->items, &it))
        free_item(&it);
    dl_db_close(rdb);
    if (atomic_load(&r->failed) != 0) {
        rc = r->fatal;
        *err = r->fatal_err;
        goto out;
    }
    rc = DL_OK;
    /* An interrupted walk saw only part of the tree: nothing is vanished. */
    if (!o->no_delete && !r->keep_vanished &&
        (o->stop == NULL || *o->stop == 0))
        rc = delete_vanished(r, seen, err);
    /* An unchanged database needs no new clusters (a pass over every
     * document) nor language list, unless a run before this one stopped
     * before it had learned and cleaned what it changed. */
    if (rc == DL_OK && (r->changed || r->pending_found))
        rc = finish_db(r, r->target, o->db_path, err);
    if (rc != DL_OK)
        name_path(err, o->db_path, rc);
out:
    free_workers(ks, n, false);
    dl_buf_free(&wr.term);
    dl_buf_free(&wr.key);
    dl_buf_free(&wr.rec);
    queue_destroy(&r->items);
    dl_free(ks);
    return rc;
}

/* ---- entry point -------------------------------------------------------- */

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

/* Refuse to mix schemas: an index built by another version needs --full. */
static dl_status
check_schema(dl_wdb *w, const char *path, dl_err *err)
{
    char *val = NULL;
    size_t len = 0;
    char want[16];
    dl_status rc = dl_wdb_get_metadata(w, DL_META_SCHEMA, &val, &len, err);
    if (rc != DL_OK)
        return rc;
    snprintf(want, sizeof want, "%d", DL_SCHEMA_VERSION);
    if (len > 0 && (len != strlen(want) || memcmp(val, want, len) != 0))
        rc = dl_err_set(err, DL_EINVAL,
                        "%s: index schema %.*s, this indexer writes %s: "
                        "rebuild it with --full",
                        path, (int)len, val, want);
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
    snprintf(r.schema, sizeof r.schema, "%d", DL_SCHEMA_VERSION);

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
    r.walk_opts.follow_symlinks = o->follow_symlinks;
    dl_walk_opts_skip(&r.walk_opts,
                      o->walk_skip != NULL ? o->walk_skip : o->db_path);
    rc = dl_pathset_new(&seen, err);
    if (rc != DL_OK)
        goto out;
    if (queue_init(&r.jobs, sizeof(struct job), JOB_QUEUE_CAP) != DL_OK) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    remove_stale_temps(o->db_path);
    if (kind == DL_DBKIND_MISSING || kind == DL_DBKIND_EMPTY_DIR)
        rc = create_target(o->db_path, err);
    if (rc == DL_OK)
        rc = dl_wdb_open(o->db_path, 0, o->lock_timeout, &r.target, err);
    if (rc != DL_OK)
        goto out;
    rc = has_records(r.target, &records, err);
    if (rc == DL_OK && records && !o->full)
        rc = check_schema(r.target, o->db_path, err);
    if (rc != DL_OK)
        goto out;
    r.fresh = o->full || !records;
    stats->full = r.fresh;
    rc = start_boiler(&r, err);
    if (rc != DL_OK)
        goto out;

    dl_progress_init(&r.prog, o->progress);
    if (r.prog.enabled)
        count_files(&r);
    if (r.fresh)
        rc = run_fresh(&r, seen, err);
    else
        rc = run_incremental(&r, seen, err);
    pthread_mutex_lock(&r.lock);
    dl_progress_update(&r.prog, true);
    dl_progress_clear(&r.prog);
    pthread_mutex_unlock(&r.lock);
out:
    if (o->stop != NULL && *o->stop != 0)
        stats->interrupted = (int)*o->stop;
    dl_wdb_close(r.target);
    if (r.boiler_owned)
        dl_boiler_free(r.boiler);
    dl_pathset_free(seen);
    queue_destroy(&r.jobs);
    dl_free(croots);
    dl_buf_free(&clean);
    dl_buf_free(&db);
    dl_buf_free(&r.unreadable);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.read_room);
    stats->seconds = dl_now() - t0;
    return rc;
}
