/* dbpath.h - where an indexing run may write: the --db path, made clean,
 * and the proof that what is there is Dateline's.
 *
 * The rule (docs/indexing.md, "What --db may name"): the indexer removes,
 * replaces or writes into nothing it cannot prove is a Dateline database,
 * an empty directory, or a path that does not exist yet.  Proof is read
 * from the directory without writing to it (no lock, no open for writing:
 * opening Xapian's WritableDatabase on a directory already writes there):
 *
 *  - a Dateline database: a directory holding only the files Xapian's
 *    glass backend writes (iamglass, flintlock, v.tmp, the six tables
 *    TABLE.glass, the compactor's tmpC_I.glass, changesN; regular files,
 *    no subdirectory) whose committed metadata has dl:schema.  Every
 *    database the indexer creates has dl:schema from its first commit: a
 *    new index is created under a temporary name with dl:schema committed
 *    and renamed into place (tempdb.h), so no run, however it ends,
 *    leaves an unmarked database at the path.
 *  - a sharded index (--shards, --shard-by): a directory holding only a
 *    stub file XAPIANDB that starts with the line dateline-index writes,
 *    stub temporaries (XAPIANDB.tmp-PID), shard directories with the names
 *    dateline-index gives them (shard-K, yYYYY, undated) each of which is
 *    a Dateline database or empty, and those shards' temporaries.
 *  - a temporary of ours (PATH.tmp-PID-N, -new, -new.old, -init, beside
 *    the database): a directory of that name holding only Xapian's files
 *    that is a Dateline database, or holds nothing committed (a part cut
 *    short before its first commit, a merge cut short), or an empty one.
 * Anything else (a file, a link to nothing, a folder of articles, another
 * program's Xapian database, a database of ours with a file added, a
 * Xapian database with nothing in it that does not carry the mark) is
 * refused with a message naming it and saying why.
 */
#ifndef DL_DBPATH_H
#define DL_DBPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a path holds, as far as the rule goes. */
enum dl_dbkind {
    DL_DBKIND_MISSING,   /* nothing there */
    DL_DBKIND_EMPTY_DIR, /* an empty directory */
    DL_DBKIND_SINGLE,    /* a Dateline database */
    DL_DBKIND_UNMARKED,  /* Xapian's files only, nothing committed and
                            no dl:schema (not provably ours) */
    DL_DBKIND_SHARDED,   /* a sharded Dateline index */
    DL_DBKIND_OTHER      /* anything else */
};

/* dl_dbpath_clean - the database path every later path is built from
 * (temporaries, lock, swap, shards), written to out (reset first):
 * repeated and trailing slashes and "." segments removed ("news.db/",
 * "./news.db//." -> "news.db"); a path ending in "." or ".." and a path
 * that is a symbolic link are resolved to the real directory, so that the
 * temporaries and the swap happen beside it.  DL_EINVAL a link to
 * nothing; DL_ENOENT a ".." that cannot be resolved; DL_ENOMEM.  err
 * names the path. */
dl_status dl_dbpath_clean(const char *path, dl_buf *out, dl_err *err);

/* dl_dbpath_kind - what the (clean) path holds, read without writing.
 * When *kind is DL_DBKIND_UNMARKED or DL_DBKIND_OTHER, why (may be NULL)
 * gets a message naming the path and what makes it so.  DL_OK, or DL_EIO
 * when the path cannot be read (why says so), DL_ENOMEM. */
dl_status dl_dbpath_kind(const char *path, enum dl_dbkind *kind, dl_err *why);

/* dl_dbpath_check - may a run write its database at the clean path?
 * sharded: the run writes a sharded index there.  DL_OK when the path is
 * missing (and its parent is a directory), an empty directory, or a
 * Dateline database of that shape, and no root (roots[0..n), as given,
 * missing ones ignored) is the path or lies inside it.  DL_EINVAL
 * otherwise, err saying what is there and why it is refused; DL_ENOENT
 * the parent of a missing path does not exist; DL_EIO; DL_ENOMEM.
 * *kind (may be NULL) gets what is there.  Nothing is written. */
dl_status dl_dbpath_check(const char *path, bool sharded,
                          const char *const *roots, size_t n,
                          enum dl_dbkind *kind, dl_err *err);

/* dl_dbpath_temp_pid - is name (an entry beside the database, whose last
 * component is base) spelled like a temporary of ours, base.tmp-PID-N,
 * -new, -new.old or -init?  Then *pid gets PID. */
bool dl_dbpath_temp_pid(const char *base, const char *name, long *pid);

/* dl_dbpath_is_our_temp - may the temporary at path be removed: is it a
 * directory (not a link) that is a Dateline database or holds Xapian's
 * files with nothing committed, or is it empty?  Read only. */
bool dl_dbpath_is_our_temp(const char *path);

/* dl_dbpath_mark - put Dateline's mark on w: dl:schema and dl:features,
 * the version and features of the format this program writes
 * (dl_schema.h, FORMAT), as uncommitted changes.  DL_OK, DL_ENOMEM or the
 * errors of dl_wdb_set_metadata. */
dl_status dl_dbpath_mark(dl_wdb *w, dl_err *err);

/* dl_dbpath_check_format - may this program add to the database w has
 * open at path (an incremental run)?  Its committed dl:schema and
 * dl:features (read through dl_wdb_reader) against this program's format
 * (dl_format_check): DL_OK, or DL_EINVAL with a message naming path and
 * saying what to do (an index of an older format: "rebuild it with
 * `dateline-index --full`").  Reads only. */
dl_status dl_dbpath_check_format(dl_wdb *w, const char *path, dl_err *err);

/* dl_dbpath_check_format_at - as dl_dbpath_check_format, for the database
 * at the clean path, opened for reading only (no lock, nothing written):
 * so a run refuses an index of another format before it touches anything.
 * DL_OK when path holds no Dateline database (nothing, an empty folder:
 * it will be created); DL_EINVAL as dl_dbpath_check_format; the errors of
 * dl_db_open, DL_ENOMEM. */
dl_status dl_dbpath_check_format_at(const char *path, dl_err *err);

/* dl_dbpath_name_err - make err's message (may be NULL) name path when it
 * does not already: Xapian's write errors name only a table file, or
 * nothing, and some callers leave the message empty (then rc's name is
 * the reason).  A long path is shortened so that the reason still fits. */
void dl_dbpath_name_err(dl_err *err, const char *path, dl_status rc);

#ifdef __cplusplus
}
#endif

#endif
