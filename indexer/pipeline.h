/* pipeline.h - one indexing run: walk, read, build, write, commit.
 *
 * Two shapes, chosen by the state of the database:
 *
 *  - Fresh build (no database yet, one without file records, or --full):
 *    the target's write lock is taken first (creating an empty database
 *    carrying dl:schema if there is none, under PATH.tmp-PID-init renamed
 *    into place, so that the path never holds an unmarked database:
 *    dbpath.h) so a second indexer waits as for any run.  jobs worker
 *    threads then each read, build and write their own temporary database
 *    beside the target (PATH.tmp-PID-N), opened without fsync (a crash
 *    throws a temporary away whatever its state) and committing every
 *    fresh_batch() documents with the file records of the files completed;
 *    Xapian's writer is most of the cost, so this is what uses the cores.
 *    The temporaries are merged with dl_db_compact into PATH.tmp-PID-new,
 *    which gets dl:schema, dl:langs and the near-duplicate clusters, and is
 *    swapped with the target in one rename (RENAME_EXCHANGE), so a reader
 *    sees either the old index or the new one, never half of one.
 *
 *  - Incremental run (an existing database with file records): files whose
 *    size and mtime match their record are skipped without being opened.
 *    Worker threads read and build documents and pass them through a
 *    bounded queue to one writer thread, which deletes the changed file's
 *    old articles, adds the new ones and commits every DL_INDEX_BATCH
 *    documents together with the records of the files completed in that
 *    batch.  After a crash the database is at its last commit; files
 *    without a current record are indexed again by the next run.  Vanished
 *    files (records under this run's roots that the walk did not see) are
 *    deleted last, unless no_delete.
 *
 * Nothing is opened at the database path, nor any temporary beside it,
 * before dbpath.h's rule has proven the place is Dateline's (or empty, or
 * missing); the path is cleaned first (dl_dbpath_clean).
 *
 * Watching (--watch, pipeline_watch.c): the roots' folders are watched
 * with inotify (watch.h) from before the first run, which then runs as
 * above; the changes seen meanwhile and afterwards are indexed in small
 * batches, each an incremental run over the changed paths with the lock
 * kept, committed at once (latency: docs/indexing.md, "Watching").
 *
 * Memory is bounded by the queue sizes, the batch size and one directory
 * listing per level, whatever the size of the corpus (plus 8 bytes per
 * file for the set of seen paths and ~40 bytes per document during the
 * clustering pass).
 */
#ifndef DL_PIPELINE_H
#define DL_PIPELINE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "boilerplate.h"
#include "dl_status.h"
#include "progress.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Documents per commit: bounds a transaction's memory and the work lost to
 * a crash, while keeping fsyncs rare. */
#define DL_INDEX_BATCH 1000

/* Documents per commit of a fresh build's temporary databases: a twelfth
 * of what the temporary holds, between MIN and MAX.  They are opened
 * without fsync, so a commit costs Xapian's merge of its in-memory
 * postings into the tables, which grows with the tables; small batches keep
 * Xapian's inverter (a std::map per term) in cache, large ones make fewer
 * merges into big tables, so small batches win on small corpora and large
 * ones on large corpora (bench/README.md, "Figures behind the indexer's
 * choices"). */
#define DL_FRESH_BATCH_MIN 250
#define DL_FRESH_BATCH_MAX 2000
#define DL_FRESH_BATCH_GROWTH 12

/* Terms that the uncommitted batches of a run may hold, all writers
 * together: a batch is committed early when its documents' distinct terms
 * add up to its writer's share (a fresh build's workers split it; an
 * incremental run's writer has half, the documents queued for it the
 * other half).  Xapian's writer keeps each uncommitted posting in memory
 * (about 200 bytes with its positions), so batches of long articles would
 * otherwise grow with their count (bench/README.md).  Ordinary batches
 * are hardly touched: news articles have a few hundred distinct terms. */
#define DL_BATCH_TERMS_MAX 600000

/* Bytes of files that the workers read at the same time (a file larger
 * than this is read alone): a file takes two to three times its size while
 * it is read, so with the 64 MiB default file cap reading stays within
 * some 200 MB however many workers run.  Ordinary files never wait. */
#define DL_READ_BYTES_MAX ((size_t)64 * 1024 * 1024)

/* What a gzip file is guessed to inflate to, times its size, for the
 * bound above (news text compresses 3 to 4 times). */
#define DL_GZ_RATIO 4

/* Rewritten articles per commit when a fresh build's clustering pass sets
 * cluster keys in its temporary databases. */
#define DL_FRESH_CLUSTER_COMMIT 20000

/* Most worker threads by default (more only add lock contention). */
#define DL_INDEX_MAX_JOBS 8

struct dl_index_opts {
    const char *db_path;    /* target database directory */
    bool full;              /* rebuild from scratch */
    bool no_delete;         /* keep articles of vanished files */
    unsigned jobs;          /* worker threads (>= 1) */
    double lock_timeout;    /* seconds to wait for the write lock */
    bool progress;          /* draw the progress line (on a terminal) */
    bool follow_symlinks;   /* follow links below the roots */
    const char *force_lang; /* --lang, or NULL */
    size_t max_file_bytes;  /* larger files are skipped */
    /* Set (to the signal number) by the main's signal handler: the run
     * stops taking files, commits what is done and returns. */
    volatile sig_atomic_t *stop;
    /* When set, only files for which accept(accept_ctx, path) is true
     * belong to this run (sharding: one run per shard).  Others are not
     * read, counted or shown, and a record this database holds for one
     * of them is deleted as vanished: the file belongs elsewhere. */
    bool (*accept)(void *ctx, const char *path);
    void *accept_ctx;
    /* The database directory the walk leaves out (with its temporaries)
     * when a root holds it: NULL for db_path itself; a sharded index's
     * directory for its shards' runs. */
    const char *walk_skip;
    /* Test hook, from the environment (dl_index_opts_init):
     * DL_TEST_PAUSE_AFTER_FILES=N and DL_TEST_PAUSE_FILE=PATH make a run
     * whose walk has handed N files to its workers create PATH and wait
     * there (write lock held, walk unfinished) until PATH is removed or
     * the run is asked to stop; each run of a sharded index pauses at its
     * own Nth file.  0 / NULL: off.  DL_TEST_PAUSE_IN_BOILER=N with the
     * same file pauses the boilerplate pass (boiler_pass.h) once it has
     * committed N rebuilt documents, its work half done. */
    unsigned long pause_after_files;
    const char *pause_file;
    unsigned long pause_in_boiler;
    /* Boilerplate (boilerplate.h).  boiler: the sets to judge articles
     * by, shared by the runs of one index (shards), or NULL for the
     * run's own; boiler_later: the caller learns over several databases
     * (shard.c), so the run only leaves DL_META_BOILER_PENDING set. */
    dl_boiler *boiler;
    bool boiler_later;
    /* --watch (pipeline_watch.c): after the run, watch the roots and
     * index changes as they come, until *stop.  *rescan (may be NULL) is
     * set by the main's SIGHUP handler: rescan the whole tree. */
    bool watch;
    volatile sig_atomic_t *rescan;
};

/* dl_index_opts_init - defaults: database $DATELINE_DB or
 * "./dateline.db", incremental, jobs = online CPUs (at most
 * DL_INDEX_MAX_JOBS), lock_timeout 10 s, no progress, links not followed,
 * reader's default size cap, the test hook from the environment. */
void dl_index_opts_init(struct dl_index_opts *o);

/* dl_index_run - index roots[0..n) (directories or files) into
 * o->db_path, filling *stats (the summary) even on failure.  Problems with
 * single files are warned about (dl_log), counted and skipped.  An
 * interrupted run returns DL_OK with stats->interrupted set.
 * o->db_path is cleaned first (dl_dbpath_clean: "news.db/" is "news.db").
 * DL_EINVAL o->db_path is not a Dateline database, an empty folder or a
 * new path, or a root is it or lies inside it (dl_dbpath_check; nothing
 * is touched), or a temporary's path is taken by something not ours, or
 * bad options;
 * DL_ENOENT a root does not exist (nothing is changed, so a mistyped or
 * unmounted root cannot delete its articles as vanished);
 * DL_ELOCKED another writer kept the lock for lock_timeout seconds;
 * DL_EIO a commit or write failed (disk full), the database is at its
 * last commit; DL_ECORRUPT the database is damaged; DL_ENOMEM;
 * DL_EXAPIAN.  err's message names the path.  A run that cannot have the
 * lock because a watcher holds it (dl_dbstatus.h) is DL_ELOCKED at once,
 * with a message naming the watcher's pid.  With o->watch, the run goes
 * on watching (pipeline_watch.c) until asked to stop: DL_EIO also when
 * inotify cannot be had. */
dl_status dl_index_run(const struct dl_index_opts *o, const char *const *roots,
                       size_t n, struct dl_index_stats *stats, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
