/* tempdb.h - the temporary databases an indexing run writes beside its
 * target: their names, their removal, and the swap into place.
 *
 * A fresh build writes one part per worker (PATH.tmp-PID-N), merges them
 * into PATH.tmp-PID-new and swaps that with PATH; a new database is made
 * under PATH.tmp-PID-init and renamed into place.  The names are the ones
 * dbpath.h proves ours (dl_dbpath_temp_pid, dl_dbpath_is_our_temp), and
 * nothing is removed without that proof: a user's folder spelled like a
 * temporary is left alone.
 *
 * Temporaries left by a run that died (kill -9, power cut) are removed by
 * the next run (dl_tempdb_remove_stale).  Those of a run that Xapian ends
 * from inside on a write error (dl_xapian_exit_on_write_abort) are removed
 * by its exit hook, dl_index_remove_live_temps, from the live list that
 * dl_tempdb_live_add keeps: on a full disk, gigabytes of parts left behind
 * would keep it full until the next run.
 */
#ifndef DL_TEMPDB_H
#define DL_TEMPDB_H

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_tempdb_path - the name of this process's temporary tag (a worker's
 * number, "new", "init") beside db_path: out (reset first) gets
 * "DB_PATH.tmp-PID-TAG".  DL_OK or DL_ENOMEM. */
dl_status dl_tempdb_path(dl_buf *out, const char *db_path, const char *tag);

/* dl_tempdb_remove_tree - rm -rf path, not following links; failures are
 * ignored (what is left is removed by a later run). */
void dl_tempdb_remove_tree(const char *path);

/* dl_tempdb_live_add - remember path (borrowed: it must stay valid until
 * dl_tempdb_live_drop) as a temporary this process is writing, for
 * dl_index_remove_live_temps.  Thread-safe.  Past 256 live paths (shards
 * of many jobs) the rest are left to the next run's
 * dl_tempdb_remove_stale. */
void dl_tempdb_live_add(const char *path);

/* dl_tempdb_live_drop - forget path (the same pointer as added), before
 * its memory is freed or its directory is merged.  Thread-safe. */
void dl_tempdb_live_drop(const char *path);

/* dl_index_remove_live_temps - remove the temporary databases the runs of
 * this process are writing: the exit hook of a process that Xapian ends
 * on a write error (dl_xapian_exit_on_write_abort).  Safe while other
 * threads still run; gives up after some 200 ms rather than deadlock. */
void dl_index_remove_live_temps(void);

/* dl_tempdb_remove_stale - remove the temporaries beside db_path that
 * runs which died left: spelled DB_PATH.tmp-PID-..., PID not alive, and
 * proven ours by their content (dbpath.h).  Failures are ignored. */
void dl_tempdb_remove_stale(const char *db_path);

/* dl_tempdb_clear - make room for a temporary database at path: nothing
 * there is DL_OK; a temporary of ours (what a dead process with our
 * process id left) is removed.  DL_EINVAL, naming path, when what is
 * there is not provably ours (it is left alone); DL_EIO when path cannot
 * be looked at. */
dl_status dl_tempdb_clear(const char *path, dl_err *err);

/* dl_tempdb_create_db - create the database at path (nothing there, or an
 * empty directory): built under the temporary "init" with dl:schema
 * committed and renamed into place, so that path never holds a database
 * without Dateline's mark, even after a kill.  Another indexer that
 * created it first wins; what it made must then be ours.  DL_EINVAL,
 * DL_EIO naming the path, and the errors of dl_wdb_open. */
dl_status dl_tempdb_create_db(const char *path, dl_err *err);

/* dl_tempdb_swap_in - put the database at from in place of the one at to,
 * atomically where the kernel allows (RENAME_EXCHANGE); the old one ends
 * up at from.  DL_EIO naming to, DL_ENOMEM. */
dl_status dl_tempdb_swap_in(const char *from, const char *to, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
