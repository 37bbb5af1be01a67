/* pipeline_int.h - what the files of one indexing run share, not public.
 *
 * pipeline.c is the run (setup, the walk that feeds the job queue, the
 * fresh build's merge and swap); pipeline_worker.c the worker threads that
 * read files and build documents; pipeline_incr.c the incremental run (the
 * single writer thread, records, vanished files); pipeline_finish.c what
 * every run ends with (metadata, clusters, boilerplate).  The queues are
 * jobqueue.h, the temporary databases tempdb.h.
 *
 * Locking: fields marked "under lock" are guarded by run.lock; the queues
 * lock themselves; `failed` is atomic so that every thread can poll it.
 */
#ifndef DL_PIPELINE_INT_H
#define DL_PIPELINE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "boilerplate.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"
#include "docbuild.h"
#include "filestate.h"
#include "jobqueue.h"
#include "pipeline.h"
#include "reader.h"
#include "walk.h"

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
    struct dl_jobqueue jobs;
    struct dl_jobqueue items;
    dl_wdb *target;           /* the target's write handle */
    const char *const *roots; /* cleaned roots of this walk */
    size_t n_roots;
    /* The run's own roots: a watcher's batches walk other roots (the
     * changed paths), whose files still take their source folder and
     * group from the top root they lie under.  Equal to roots otherwise. */
    const char *const *top_roots;
    size_t n_top;
    struct dl_watch *watch; /* --watch: the inotify set, else NULL */
    /* Paths under which the walk met an unreadable directory: records
     * below them are not taken as vanished. */
    dl_buf unreadable;        /* NUL-separated, under lock */
    bool keep_vanished;       /* the list above is incomplete (ENOMEM) */
    bool changed;             /* incremental: the writer or the
                                 vanished pass changed something */
    bool dirty;               /* a watcher's batch deleted something not
                                 committed yet (the writer commits it) */
    size_t reading;           /* bytes of the files being read (estimated),
                                 under lock: see reserve_read */
    pthread_cond_t read_room; /* reading dropped */
    atomic_int failed;        /* a fatal error happened */
    dl_status fatal;          /* the first one, under lock */
    dl_err fatal_err;
    /* The database path's part in the run (dbpath.h) and the test hook. */
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

/* ---- pipeline.c --------------------------------------------------------- */

/* dl_pipe_stopping - is the run interrupted (o->stop) or failed? */
bool dl_pipe_stopping(const struct run *r);

/* dl_pipe_fail - record the first fatal error (rc, e's message or rc's
 * name; e may be NULL) and make every thread wind down: the queues are
 * aborted, so that no thread waits forever on a full one. */
void dl_pipe_fail(struct run *r, dl_status rc, const dl_err *e);

/* dl_pipe_warn - the one warning printer (a dl_warn_fn, ctx the run), for
 * the walk and the readers, any thread: under the run's lock, after
 * clearing the progress line, counted by reason. */
void dl_pipe_warn(void *ctx, const char *path, unsigned long line,
                  const char *reason, const char *msg);

/* dl_pipe_free_job, dl_pipe_free_item - free what the element owns (not
 * the element). */
void dl_pipe_free_job(struct job *j);
void dl_pipe_free_item(struct item *it);

/* dl_pipe_test_pause - the test hook of dl_index_opts (pause_file): create
 * the pause file, then wait until it is removed or the run stops. */
void dl_pipe_test_pause(struct run *r);

/* dl_pipe_commit - commit w's changes with DL_META_COMMITTED set to now
 * (dl_schema.h): every commit of a run that changes the archive goes
 * through here (a watcher's mark of itself does not).  DL_OK or
 * dl_wdb_commit's errors. */
dl_status dl_pipe_commit(dl_wdb *w, dl_err *err);

/* dl_pipe_reset_jobs - a fresh job queue for another walk of the same run
 * (dl_pipe_produce closes it at the end).  DL_ENOMEM. */
dl_status dl_pipe_reset_jobs(struct run *r);

/* dl_pipe_produce - the walk, in the calling thread: each file under the
 * roots not seen before (seen grows) and, when rdb is not NULL (an
 * incremental run's read-only view), whose record does not match it, is
 * pushed as a job.  Closes the job queue at the end, whatever happened.
 * DL_OK (also when stopped), or the walk's or lookup's error. */
dl_status dl_pipe_produce(struct run *r, dl_pathset *seen, dl_db *rdb,
                          dl_err *err);

/* ---- pipeline_worker.c -------------------------------------------------- */

/* dl_pipe_start_workers - set up and start the n workers of ks (zeroed by
 * the caller); in a fresh build each gets its temporary database.  On
 * failure the workers started so far run on: the caller fails the run,
 * then joins and frees them all as on success. */
dl_status dl_pipe_start_workers(struct run *r, struct worker *ks, unsigned n,
                                dl_err *err);

/* dl_pipe_join_workers - close the job queue, wait for the started
 * workers, and free the jobs none of them took. */
void dl_pipe_join_workers(struct run *r, struct worker *ks, unsigned n);

/* dl_pipe_free_workers - free what the workers hold (not ks itself);
 * remove_temps: remove their temporary databases too. */
void dl_pipe_free_workers(struct worker *ks, unsigned n, bool remove_temps);

/* ---- pipeline_incr.c ---------------------------------------------------- */

/* dl_pipe_lookup_record - path's record under key in the read-only view
 * rdb, reopening it when the writer's commits have overtaken it.  *found
 * false when there is no valid one.  DL_OK or rdb's errors. */
dl_status dl_pipe_lookup_record(dl_db *rdb, const char *key,
                                struct dl_filestate *fs, bool *found,
                                dl_err *err);

/* dl_pipe_run_incremental - the incremental run over r->target: workers,
 * the writer, the walk, then (whole) vanished files and the finishing
 * work.  Without whole (a watcher's batch over the changed paths only):
 * neither, and the writer commits only when something changed. */
dl_status dl_pipe_run_incremental(struct run *r, dl_pathset *seen, bool whole,
                                  dl_err *err);

/* dl_pipe_delete_gone - delete, without committing, the articles and
 * records of the files at the NUL-separated paths of files[0..files_len)
 * and of every file recorded under the folders of dirs[0..dirs_len) (the
 * folders' pass commits: it lists the records first).  Counted in
 * r->stats.  DL_OK or the database's errors. */
dl_status dl_pipe_delete_gone(struct run *r, const char *files,
                              size_t files_len, const char *dirs,
                              size_t dirs_len, dl_err *err);

/* ---- pipeline_watch.c --------------------------------------------------- */

/* dl_pipe_watch_begin - the inotify set over r's folder roots (before
 * the first run, so that nothing changed during it is missed).  DL_OK,
 * DL_EIO (no inotify), DL_ENOMEM. */
dl_status dl_pipe_watch_begin(struct run *r, dl_err *err);

/* dl_pipe_watch_loop - after the first run: mark the database as watched
 * (DL_META_WATCHER), say "watching N folders" on stderr, then index the
 * changes in batches until the run is asked to stop; then finish,
 * unmark and commit.  The database's errors are fatal, as in a run. */
dl_status dl_pipe_watch_loop(struct run *r, dl_err *err);

/* ---- pipeline_finish.c -------------------------------------------------- */

/* dl_pipe_finish_parts - dl:schema, dl:langs, the clusters and
 * boilerplate over the committed databases w[0..n) at paths[0..n) (the
 * parts of one index), then commit each.  temporary: the parts of a fresh
 * build (they may commit as they go). */
dl_status dl_pipe_finish_parts(struct run *r, dl_wdb *const *w,
                               const char *const *paths, size_t n,
                               bool temporary, dl_err *err);

/* dl_pipe_finish_db - dl_pipe_finish_parts of one database. */
dl_status dl_pipe_finish_db(struct run *r, dl_wdb *w, const char *path,
                            dl_err *err);

#endif
