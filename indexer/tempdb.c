/* tempdb.c - the temporary databases beside the target (tempdb.h).
 *
 * Every temporary is named by dl_tempdb_path and proven ours by dbpath.c
 * before anything removes it; the live list lets a process that Xapian
 * ends on a write error still remove what it was writing.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "tempdb.h"

dl_status
dl_tempdb_path(dl_buf *out, const char *db_path, const char *tag)
{
    dl_buf_reset(out);
    return dl_buf_printf(out, "%s.tmp-%ld-%s", db_path, (long)getpid(), tag);
}

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
void
dl_tempdb_remove_tree(const char *path)
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

void
dl_tempdb_live_add(const char *path)
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
void
dl_tempdb_live_drop(const char *path)
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
                dl_tempdb_remove_tree(live_temps[i]);
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
void
dl_tempdb_remove_stale(const char *db_path)
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
            dl_tempdb_remove_tree(full.data);
    }
    closedir(d);
out:
    dl_buf_free(&dir);
    dl_buf_free(&full);
}

/* Make room for a temporary database at path: remove what a dead process
 * with our process id left there, refuse anything that is not provably a
 * temporary of ours.  DL_EINVAL naming path, DL_EIO. */
dl_status
dl_tempdb_clear(const char *path, dl_err *err)
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
    dl_tempdb_remove_tree(path);
    return DL_OK;
}

/* Create the database at path (nothing there, or an empty directory):
 * built under path.tmp-PID-init with its mark (dl:schema, dl:features)
 * committed and renamed into place, so that path never holds a database without
 * Dateline's mark, even after a kill (dbpath.h).  Another indexer that created
 * it first wins; what it made must then be ours.  DL_EINVAL, DL_EIO naming the
 * path, and the errors of dl_wdb_open. */
dl_status
dl_tempdb_create_db(const char *path, dl_err *err)
{
    dl_buf tmp = DL_BUF_INIT;
    dl_wdb *w = NULL;
    char shown[128];
    dl_status rc;

    if (dl_tempdb_path(&tmp, path, "init") != DL_OK) {
        dl_buf_free(&tmp);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    rc = dl_tempdb_clear(tmp.data, err);
    if (rc != DL_OK) {
        dl_buf_free(&tmp); /* whatever is there is not ours to remove */
        return rc;
    }
    dl_tempdb_live_add(tmp.data);
    rc = dl_wdb_open(tmp.data, DL_WDB_OVERWRITE, 0, &w, err);
    if (rc == DL_OK)
        rc = dl_dbpath_mark(w, err);
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
        dl_dbpath_name_err(err, path, rc);
    dl_tempdb_live_drop(tmp.data);
    dl_tempdb_remove_tree(tmp.data); /* nothing there after a rename */
    dl_buf_free(&tmp);
    return rc;
}

/* Put the database at from in place of the one at to, atomically where
 * the kernel allows; the old one ends up at from. */
dl_status
dl_tempdb_swap_in(const char *from, const char *to, dl_err *err)
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
