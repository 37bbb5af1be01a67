/* dl_dbstatus.h - how fresh and how big an index is: the figures of
 * `dateline-index --status` and of the web page's footer.
 *
 * Everything comes from metadata and Xapian's own statistics, never from
 * a pass over the documents, so reading it costs a few lookups whatever
 * the size of the archive: articles are the document count; sources and
 * languages the number of "XSS" and "L" terms (an iteration over those
 * terms only, one per source); the date range Xapian's bounds of
 * DL_SLOT_DATE (after deletions they may be wider than the dates left);
 * the last commit is "dl:committed" (the latest over the shards); the
 * format "dl:schema" and "dl:features" (dl_schema.h, FORMAT).  Whether a
 * watcher runs is the database's write lock (asked, never taken) together
 * with "dl:watcher".  Nothing here writes or locks.
 */
#ifndef DL_DBSTATUS_H
#define DL_DBSTATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dl_dbstatus {
    unsigned long articles;  /* documents */
    unsigned long sources;   /* distinct sources ("XSS" terms) */
    unsigned long languages; /* distinct languages ("L" terms) */
    char langs[128];         /* "en,fr,ru", cut at a comma if longer */
    char date_lo[9];         /* "YYYYMMDD", "" when no article is dated */
    char date_hi[9];
    char committed[32]; /* dl:committed, "" when absent */
    char schema[16];    /* dl:schema, "" when absent */
    char features[256]; /* dl:features as "name,name" */
    bool locked;        /* a writer holds the lock (checked only by
                           dl_dbstatus_lock) */
    long watcher_pid;   /* dl:watcher while locked, else 0 */
};

/* dl_dbstatus_read - the figures of db (borrowed) into *st (zeroed
 * first); locked and watcher_pid are left false and 0.  DL_OK, or the
 * database's errors (DL_EMODIFIED when a writer overtook a reader: the
 * caller reopens and asks again; DL_ECORRUPT, DL_EXAPIAN, DL_ENOMEM). */
dl_status dl_dbstatus_read(dl_db *db, struct dl_dbstatus *st, dl_err *err);

/* dl_dbstatus_lock - fill st->locked and st->watcher_pid for the
 * database directory at path (a plain glass database; a stub of shards is
 * not asked: DL_OK with both unset).  Takes no lock and opens nothing for
 * writing (the lock is tested on Xapian's lock file, read-only).  DL_OK;
 * DL_EIO when the lock cannot be tested; dl_db_probe's errors. */
dl_status dl_dbstatus_lock(const char *path, struct dl_dbstatus *st,
                           dl_err *err);

/* dl_dbstatus_text - st as "key: value" lines (docs/indexing.md,
 * "Status"), appended to out.  DL_OK or DL_ENOMEM. */
dl_status dl_dbstatus_text(const struct dl_dbstatus *st, dl_buf *out);

/* dl_dbstatus_json - st as one JSON object and a newline, appended to
 * out.  DL_OK or DL_ENOMEM. */
dl_status dl_dbstatus_json(const struct dl_dbstatus *st, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
