/* pipeline_worker.c - the worker threads of an indexing run: read a file,
 * build its articles' documents, hand them on.
 *
 * In a fresh build a worker writes its documents and file records into
 * its own temporary database (tempdb.h), committing as its batch fills; in
 * an incremental run it passes them, framed by BEGIN and END items, to
 * the writer thread (pipeline_incr.c).  Memory running out inside one
 * article or file skips that article or file with a warning; a failed
 * write ends the run (dl_pipe_fail).
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boiler_pass.h"
#include "boilerplate.h"
#include "cluster.h"
#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "docbuild.h"
#include "filestate.h"
#include "jobqueue.h"
#include "pipeline_int.h"
#include "reader.h"
#include "tempdb.h"

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
    if (!dl_jobqueue_push(&k->r->items, &it)) {
        dl_pipe_free_item(&it);
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
    dl_pipe_warn(k->r, k->cur->path, line, "out-of-memory", msg);
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
        dl_pipe_warn(k->r, k->cur->path, a->line, "long-token", msg);
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
        dl_pipe_warn(k->r, k->cur->path, a->line, "text-cut", msg);
    }
    if (info->url_too_long) {
        snprintf(msg, sizeof msg,
                 "article URL longer than %d bytes: not stored as a link",
                 DL_URL_MAX);
        k->file_warned = true;
        dl_pipe_warn(k->r, k->cur->path, a->line, "long-url", msg);
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
    dl_dbpath_name_err(err, r->fresh ? k->tmp_path : r->o->db_path, rc);
    dl_pipe_fail(r, rc, err);
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
    if (rc == DL_OK && !dl_jobqueue_push_weighted(&r->items, &it, it.terms))
        rc = DL_DONE;
    if (rc == DL_OK)
        return DL_OK;
    dl_pipe_free_item(&it);
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
    if (dl_pipe_stopping(r))
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
            dl_pipe_fail(r, rc, &err);
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
        dl_pipe_warn(r, k->cur->path, a->line, "empty-article",
                     "article with neither title nor body skipped");
        return DL_OK;
    }
    /* Not the database's fault: no path to name. */
    dl_pipe_fail(r, rc, &err);
    return DL_DONE;
}

static void
file_warn_cb(void *ctx, const char *path, unsigned long line,
             const char *reason, const char *msg)
{
    struct worker *k = ctx;
    k->file_warned = true;
    dl_pipe_warn(k->r, path, line, reason, msg);
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
    while (r->reading > 0 && r->reading + n > DL_READ_BYTES_MAX &&
           !dl_pipe_stopping(r))
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
        dl_pipe_warn(r, j->path, 0, rc == DL_ENOENT ? "vanished" : "unreadable",
                     err.msg[0] != '\0' ? err.msg : dl_status_str(rc));
        k->file_warned = true;
        complete = false;
    } else if (rc == DL_DONE || dl_pipe_stopping(r)) {
        complete = false; /* stopped: interrupted or failed elsewhere */
    } else if (rc == DL_ENOMEM) {
        /* The reader's own memory (the file's bytes, decoding, parsing):
         * this file is skipped, the run goes on.  Articles it emitted
         * before stay, without a record, until the next run redoes it. */
        skip_for_memory(k, 0, "reading the file");
        read_failed = true; /* counted as a file that was tried */
        complete = false;
    } else if (rc != DL_OK) {
        dl_pipe_fail(r, rc, &err);
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
            dl_pipe_fail(r, rc, NULL);
    }
    if (record && !dl_pipe_stopping(r)) {
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
                dl_dbpath_name_err(&err, k->tmp_path, rc);
                dl_pipe_fail(r, rc, &err);
            }
        } else {
            struct item it;
            memset(&it, 0, sizeof it);
            it.kind = ITEM_END;
            it.fs = fs;
            it.path = dl_strdup(j->path);
            if (it.path == NULL)
                dl_pipe_fail(r, DL_ENOMEM, NULL);
            else if (!dl_jobqueue_push(&r->items, &it))
                dl_pipe_free_item(&it);
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
    while (dl_jobqueue_pop(&r->jobs, &j)) {
        if (!dl_pipe_stopping(r))
            do_file(k, &j);
        dl_pipe_free_job(&j);
    }
    if (r->fresh && k->w != NULL && atomic_load(&r->failed) == 0) {
        dl_err err;
        dl_err_clear(&err);
        if (commit_worker(k, &err) != DL_OK) {
            dl_dbpath_name_err(&err, k->tmp_path, err.code);
            dl_pipe_fail(r, err.code, &err);
        }
    }
    return NULL;
}

dl_status
dl_pipe_start_workers(struct run *r, struct worker *ks, unsigned n, dl_err *err)
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
            char tag[16];
            rc = dl_doc_new(&k->doc, err);
            if (rc != DL_OK)
                return rc;
            snprintf(tag, sizeof tag, "%u", i);
            if (dl_tempdb_path(&tmp, r->o->db_path, tag) != DL_OK) {
                dl_buf_free(&tmp);
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            }
            k->tmp_path = dl_buf_steal(&tmp, NULL);
            dl_buf_free(&tmp);
            if (k->tmp_path == NULL)
                return dl_err_set(err, DL_ENOMEM, "out of memory");
            rc = dl_tempdb_clear(k->tmp_path, err);
            if (rc != DL_OK) {
                /* Not ours: free_workers must not remove it. */
                dl_free(k->tmp_path);
                k->tmp_path = NULL;
                return rc;
            }
            dl_tempdb_live_add(k->tmp_path);
            rc = dl_wdb_open(k->tmp_path, DL_WDB_OVERWRITE | DL_WDB_NO_SYNC, 0,
                             &k->w, err);
            /* The mark from the first commit on: a part left by a crash is
             * then provably ours (dbpath.h) and the next run removes it. */
            if (rc == DL_OK)
                rc = dl_dbpath_mark(k->w, err);
            if (rc != DL_OK)
                return rc;
        }
        if (pthread_create(&k->tid, NULL, worker_main, k) != 0)
            return dl_err_set(err, DL_EINTERNAL, "cannot start a thread");
        k->started = true;
    }
    return DL_OK;
}

void
dl_pipe_join_workers(struct run *r, struct worker *ks, unsigned n)
{
    unsigned i;
    struct job j;
    /* Whatever happened, no one may wait on the job queue any more. */
    dl_jobqueue_close(&r->jobs);
    for (i = 0; i < n; i++)
        if (ks[i].started)
            pthread_join(ks[i].tid, NULL);
    while (dl_jobqueue_pop(&r->jobs, &j))
        dl_pipe_free_job(&j);
}

void
dl_pipe_free_workers(struct worker *ks, unsigned n, bool remove_temps)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        struct worker *k = &ks[i];
        dl_wdb_close(k->w);
        if (k->tmp_path != NULL) {
            dl_tempdb_live_drop(k->tmp_path);
            if (remove_temps)
                dl_tempdb_remove_tree(k->tmp_path);
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
