/* shard.h - a sharded index: N Xapian databases and a stub naming them.
 *
 * `dateline-index --shards N --db PATH` makes PATH a directory holding the
 * shard databases (PATH/shard-0 ... PATH/shard-N-1) and a Xapian stub
 * database file PATH/XAPIANDB listing them ("auto shard-0" lines, relative
 * to PATH), so every reader that opens PATH (dateline-search, the CGI,
 * xapian-delve) sees one database: Xapian merges the shards' statistics,
 * so ranking, collapsing, facets, sorting and paging equal those of a
 * single database holding the same articles.
 *
 * Routing.  Articles are routed by FILE, not one by one, so a file's
 * articles, its "F" record (dl_schema.h) and later updates and deletions
 * always meet in the same shard: a JSON Lines file holds many articles
 * whose ids are "PATH#N", and all of them follow PATH.
 *  - hash (default): shard = dl_hash64(PATH) mod N, PATH being the file
 *    part of the article id (the cleaned root plus the relative path, as
 *    the walk gives it).  FNV-1a is fixed, so a re-run, an update or a
 *    delete finds the shard the file went to.  N is part of the layout:
 *    changing it needs --full (every article may move).
 *  - year (--shard-by year): shard "y" + YYYY from the last path component
 *    that starts with a year (1900-2099; "/2020/11/13/x.txt",
 *    "2019-05-01.jsonl"), "undated" when none does.  Archives laid out by
 *    year then keep closed years in shards that never change again and can
 *    be compacted (xapian-compact) or served read-only elsewhere.  The
 *    route is by path, not by each article's date: a JSON Lines file
 *    spanning years lives wholly in the shard of its path.
 *
 * Each shard is built by one ordinary pipeline run (pipeline.h) whose
 * accept callback takes only that shard's files, so everything the
 * pipeline guarantees (incremental runs, crash safety, locking) holds per
 * shard; the runs go on side by side, sharing out o->jobs.  A pass after the
 * runs tags each shard ("dl:shard") and recomputes near-duplicate clusters
 * over all shards together (a story republished in two files may sit in two
 * shards).  The stub is written last, by rename, so it always names complete
 * shards.
 */
#ifndef DL_SHARD_H
#define DL_SHARD_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "pipeline.h"
#include "progress.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most shards one index may have: each is a database with its own files
 * and, remotely, its own connection per search. */
#define DL_SHARD_MAX 256

/* The stub database file inside a sharded index directory (Xapian's name:
 * a directory holding it opens as the stub). */
#define DL_SHARD_STUB "XAPIANDB"

/* Metadata key set in every shard: "hash I/N" or "year NAME". */
#define DL_META_SHARD "dl:shard"

enum dl_shard_by {
    DL_SHARD_BY_HASH = 0, /* dl_hash64 of the file path, mod n */
    DL_SHARD_BY_YEAR      /* year in the file path */
};

struct dl_shard_opts {
    enum dl_shard_by by;
    unsigned n; /* hash: shards, 1..DL_SHARD_MAX; ignored for year */
};

/* dl_shard_of_path - the hash shard (0..n-1) of a file path (n >= 1). */
unsigned dl_shard_of_path(const char *path, unsigned n);

/* dl_shard_year_of_path - the year shard name of a file path: "y2020" or
 * "undated", written to out (at least 8 bytes). */
void dl_shard_year_of_path(const char *path, char out[8]);

/* dl_shard_index_run - index roots[0..n) into the sharded index at
 * o->db_path (created when missing): one pipeline run per shard with o's
 * other options (up to 8 runs at a time, o->jobs shared out among them;
 * the progress line only for a single shard), then the union of languages
 * and the clusters over all shards, then the stub.  *stats (filled even
 * on failure) sums the runs.  An interrupted run stops the shards being
 * built (each at its last commit), leaves the stub as it was, and returns
 * DL_OK with stats->interrupted set.  A failed shard does not stop the
 * others running beside it; the first error is returned.
 * o->db_path is cleaned first (dl_dbpath_clean).
 * DL_EINVAL: o->db_path is not a sharded index of Dateline's, an empty
 * folder or a new path (a single database, say: dl_dbpath_check, nothing
 * touched), or its layout differs from so (other n or mode) and o->full
 * is not set, or bad so;
 * otherwise any error of dl_index_run (DL_ENOENT, DL_ELOCKED, DL_EIO,
 * DL_ECORRUPT, DL_ENOMEM, DL_EXAPIAN), err naming the path. */
dl_status dl_shard_index_run(const struct dl_index_opts *o,
                             const struct dl_shard_opts *so,
                             const char *const *roots, size_t n,
                             struct dl_index_stats *stats, dl_err *err);

/* dl_shard_write_stub - write the stub file path listing lines[0..n)
 * (each a whole stub line: "auto shard-0", "remote HOST:PORT") under a
 * comment, atomically (temporary file and rename).  DL_EIO naming the
 * path, DL_ENOMEM. */
dl_status dl_shard_write_stub(const char *path, const char *const *lines,
                              size_t n, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
