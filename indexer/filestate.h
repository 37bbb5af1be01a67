/* filestate.h - per-file records of incremental indexing.
 *
 * For each file it indexed, the indexer keeps a metadata record (dl_schema.h:
 * "F" + file key -> "MTIME_NS SIZE NDOCS\n", then the path when the key had
 * to be hashed; otherwise the key spells it).  A re-run compares a
 * file's size and modification time with its record to skip it without
 * opening it, and lists the records to find files that have vanished.  The
 * record is written in the same commit as the file's last article, so a
 * database never claims a file whose articles it lacks.
 *
 * dl_pathset is the set of paths a run has seen: 64-bit hashes only (8 bytes
 * a file), enough to tell vanished files from present ones and to index a
 * file reached through two roots once.
 */
#ifndef DL_FILESTATE_H
#define DL_FILESTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dl_filestate {
    long long mtime_ns;      /* st_mtim in nanoseconds since the epoch */
    unsigned long long size; /* st_size */
    unsigned long ndocs;     /* articles indexed from the file */
};

/* dl_filestate_from_stat - fill mtime_ns and size from st; ndocs = 0. */
void dl_filestate_from_stat(struct dl_filestate *fs, const struct stat *st);

/* dl_filestate_key - the metadata key of path's record into out (reset
 * first): "F" + path, hashed when too long (dl_schema_term).  DL_ENOMEM. */
dl_status dl_filestate_key(dl_buf *out, const char *path);

/* dl_filestate_encode - the record of path into out (reset first).
 * DL_ENOMEM. */
dl_status dl_filestate_encode(const struct dl_filestate *fs, const char *path,
                              dl_buf *out);

/* dl_filestate_decode - parse a record; path (may be NULL) borrows from
 * rec, and is empty when the record does not hold it (then the key minus
 * its "F" is the path).  DL_EINVAL for a malformed record (the caller
 * treats the file as new). */
dl_status dl_filestate_decode(const char *rec, size_t len,
                              struct dl_filestate *fs, struct dl_slice *path);

/* dl_filestate_same - true when size and mtime match: the file is taken
 * as unchanged without being opened (what make and rsync do). */
bool dl_filestate_same(const struct dl_filestate *a,
                       const struct dl_filestate *b);

/* dl_path_under - true when path is root itself or lies below it (both
 * cleaned as dl_path_clean does).  "." is above every relative path. */
bool dl_path_under(const char *path, size_t len, const char *root);

typedef struct dl_pathset dl_pathset;

/* dl_pathset_new - an empty set; free with dl_pathset_free.  DL_ENOMEM. */
dl_status dl_pathset_new(dl_pathset **out, dl_err *err);

/* dl_pathset_add - add path; *fresh (may be NULL) tells whether it was not
 * there yet.  DL_ENOMEM (the set is unchanged). */
dl_status dl_pathset_add(dl_pathset *s, const char *path, size_t len,
                         bool *fresh);

/* dl_pathset_has - whether path was added. */
bool dl_pathset_has(const dl_pathset *s, const char *path, size_t len);

/* dl_pathset_free - release; NULL is a no-op. */
void dl_pathset_free(dl_pathset *s);

#ifdef __cplusplus
}
#endif

#endif
