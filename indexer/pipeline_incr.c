/* pipeline_incr.c - the incremental run: one writer thread, file records,
 * vanished files.
 *
 * Xapian's writer is not thread-safe, so the workers hand documents
 * through a bounded item queue to one writer thread that applies them to
 * the target in batch transactions (pipeline.c, "Crash safety").  After
 * the walk, the records of files under the run's roots that the walk did
 * not see are deleted with their articles, then the run is finished
 * (pipeline_finish.c) if anything changed.
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

struct writer {
    struct run *r;
    bool whole; /* a whole run commits at the end even with no change */
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
    bool any = false;
    dl_err err;
    dl_status rc;

    dl_err_clear(&err);
    while (dl_jobqueue_pop(&r->items, &it)) {
        if (atomic_load(&r->failed) == 0) {
            r->changed = true; /* read by the main thread after join */
            any = true;
            rc = mark_pending(r, &err);
            if (rc == DL_OK)
                rc = apply_item(wr, &it, &batch, &err);
            /* Half the term budget is the writer's batch, half the
             * queue's documents (see dl_pipe_run_incremental). */
            if (rc == DL_OK && (batch >= DL_INDEX_BATCH ||
                                wr->batch_terms >= DL_BATCH_TERMS_MAX / 2)) {
                rc = dl_pipe_commit(r->target, &err);
                batch = 0;
                wr->batch_terms = 0;
            }
            if (rc != DL_OK) {
                dl_dbpath_name_err(&err, r->o->db_path, rc);
                dl_pipe_fail(r, rc, &err);
            }
        }
        dl_pipe_free_item(&it);
    }
    if (atomic_load(&r->failed) == 0 && (wr->whole || any || r->dirty)) {
        rc = dl_pipe_commit(r->target, &err);
        if (rc != DL_OK) {
            dl_dbpath_name_err(&err, r->o->db_path, rc);
            dl_pipe_fail(r, rc, &err);
        }
    }
    return NULL;
}

/* Look path's record up in the read-only view, reopening when the writer's
 * commits have overtaken it.  *found false when there is no valid one. */
dl_status
dl_pipe_lookup_record(dl_db *rdb, const char *key, struct dl_filestate *fs,
                      bool *found, dl_err *err)
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
            rc = dl_pipe_commit(w, err);
            batch = 0;
        }
    }
    if (rc == DL_OK)
        rc = dl_pipe_commit(w, err);
    dl_buf_free(&gone);
    dl_buf_free(&term);
    return rc;
}

/* The record of the file at path, if any: delete it with its articles. */
static dl_status
delete_one_file(struct run *r, dl_buf *key, dl_buf *term, const char *path,
                dl_err *err)
{
    char *val = NULL;
    size_t len = 0;
    struct dl_filestate fs;
    dl_status rc = dl_filestate_key(key, path);
    if (rc == DL_OK)
        rc = dl_wdb_get_metadata(r->target, key->data, &val, &len, err);
    if (rc != DL_OK || len == 0) {
        dl_free(val);
        return rc;
    }
    if (dl_filestate_decode(val, len, &fs, NULL) != DL_OK)
        fs.ndocs = 0;
    dl_free(val);
    rc = mark_pending(r, err);
    if (rc == DL_OK)
        rc = delete_file_articles(r->target, term, path, strlen(path), err);
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(r->target, key->data, NULL, 0, err);
    if (rc == DL_OK) {
        r->stats->deleted++;
        r->stats->removed_articles += fs.ndocs;
        r->changed = true;
        r->dirty = true;
    }
    return rc;
}

dl_status
dl_pipe_delete_gone(struct run *r, const char *files, size_t files_len,
                    const char *dirs, size_t dirs_len, dl_err *err)
{
    dl_buf key = DL_BUF_INIT;
    dl_buf term = DL_BUF_INIT;
    const char **roots = NULL;
    dl_pathset *none = NULL;
    size_t off;
    size_t n = 0;
    dl_status rc = DL_OK;

    for (off = 0; rc == DL_OK && off < files_len;
         off += strlen(files + off) + 1)
        rc = delete_one_file(r, &key, &term, files + off, err);
    if (rc == DL_ENOMEM)
        dl_err_set(err, rc, "out of memory");
    for (off = 0; off < dirs_len; off += strlen(dirs + off) + 1)
        n++;
    if (rc == DL_OK && n > 0) {
        /* The vanished pass over the folders as roots, none seen. */
        const char *const *keep = r->roots;
        size_t keep_n = r->n_roots;
        size_t i = 0;
        roots = dl_calloc(n, sizeof *roots);
        rc = roots != NULL ? dl_pathset_new(&none, err)
                           : dl_err_set(err, DL_ENOMEM, "out of memory");
        for (off = 0; rc == DL_OK && off < dirs_len;
             off += strlen(dirs + off) + 1)
            roots[i++] = dirs + off;
        if (rc == DL_OK) {
            unsigned long before = r->stats->deleted;
            r->roots = roots;
            r->n_roots = n;
            rc = delete_vanished(r, none, err);
            r->roots = keep;
            r->n_roots = keep_n;
            if (r->stats->deleted != before)
                r->dirty = true;
        }
    }
    dl_pathset_free(none);
    dl_free(roots);
    dl_buf_free(&key);
    dl_buf_free(&term);
    return rc;
}

dl_status
dl_pipe_run_incremental(struct run *r, dl_pathset *seen, bool whole,
                        dl_err *err)
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
    wr.whole = whole;
    ks = dl_calloc(n, sizeof *ks);
    if (ks == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = dl_jobqueue_init(&r->items, sizeof(struct item), 256);
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
        rc = dl_pipe_start_workers(r, ks, n, err);
    if (rc == DL_OK)
        rc = dl_pipe_produce(r, seen, rdb, err);
    if (rc != DL_OK)
        dl_pipe_fail(r, rc, err);
    dl_pipe_join_workers(r, ks, n);
    dl_jobqueue_close(&r->items);
    if (wr.started)
        pthread_join(wr.tid, NULL);
    while (dl_jobqueue_pop(&r->items, &it))
        dl_pipe_free_item(&it);
    dl_db_close(rdb);
    if (atomic_load(&r->failed) != 0) {
        rc = r->fatal;
        *err = r->fatal_err;
        goto out;
    }
    rc = DL_OK;
    /* An interrupted walk saw only part of the tree: nothing is vanished. */
    if (whole && !o->no_delete && !r->keep_vanished &&
        (o->stop == NULL || *o->stop == 0))
        rc = delete_vanished(r, seen, err);
    /* An unchanged database needs no new clusters (a pass over every
     * document) nor language list, unless a run before this one stopped
     * before it had learned and cleaned what it changed. */
    if (whole && rc == DL_OK && (r->changed || r->pending_found))
        rc = dl_pipe_finish_db(r, r->target, o->db_path, err);
    if (rc != DL_OK)
        dl_dbpath_name_err(err, o->db_path, rc);
out:
    dl_pipe_free_workers(ks, n, false);
    dl_buf_free(&wr.term);
    dl_buf_free(&wr.key);
    dl_buf_free(&wr.rec);
    dl_jobqueue_destroy(&r->items);
    dl_free(ks);
    return rc;
}
