/* dl_format.h - the index format's version and features: what the indexer
 * marks a database with, and what every program checks before it reads a
 * database or adds to one.
 *
 * The scheme (notmuch's: a version number and a list of named features,
 * each with flags for the programs that do not know it) is written down
 * once, in dl_schema.h (FORMAT); the list of this program's features is the
 * table at the top of dl_format.c.  The functions here only read and write
 * text: the callers move it in and out of the database's metadata
 * (DL_META_SCHEMA, DL_META_FEATURES), so common/ needs no Xapian here.
 */
#ifndef DL_FORMAT_H
#define DL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a program means to do with a database. */
enum dl_format_use {
    DL_FORMAT_READ = 1, /* search it */
    DL_FORMAT_WRITE = 2 /* add to it (an incremental run of the indexer) */
};

/* dl_format_version - DL_SCHEMA_VERSION as the text of DL_META_SCHEMA
 * ("2"), into out (reset first).  DL_OK or DL_ENOMEM. */
dl_status dl_format_version(dl_buf *out);

/* dl_format_features - the value of DL_META_FEATURES this program writes:
 * one line "NAME\tFLAGS\n" per feature of its format, into out (reset
 * first).  DL_OK or DL_ENOMEM. */
dl_status dl_format_features(dl_buf *out);

/* dl_format_check - whether this program may use a database whose
 * DL_META_SCHEMA is schema[0..slen) and DL_META_FEATURES
 * features[0..flen) (each "" with length 0 when absent).  name says which
 * database in messages (a path or a spec; shortened to fit).  DL_OK, or
 * DL_EINVAL with a message saying why and what to do: no DL_META_SCHEMA
 * (not an index Dateline wrote); an older format (a lower version, or a
 * feature of this program's missing: rebuild it with `dateline-index
 * --full`); a newer one (a higher version, or a feature this program does
 * not know whose flags forbid the use). */
dl_status dl_format_check(const char *name, const char *schema, size_t slen,
                          const char *features, size_t flen,
                          enum dl_format_use use, dl_err *err);

/* dl_format_has - whether the stored DL_META_FEATURES features[0..flen)
 * lists the feature name (NUL-terminated): for a feature only some uses
 * need, such as xscript-keys, which the searcher uses when every
 * database it reads has it. */
bool dl_format_has(const char *features, size_t flen, const char *name);

#ifdef __cplusplus
}
#endif

#endif
