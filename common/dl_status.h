/* dl_status.h - status codes and the caller-owned error record.
 *
 * Every fallible function in Dateline returns a dl_status and, when given a
 * non-NULL dl_err, writes a one-line message into it.  The record is plain
 * storage owned by the caller: filling it never allocates, so DL_ENOMEM can
 * still be reported.  Callers branch on the code; the message is for logs and
 * terminals (the CGI shows a fixed text per code instead).
 */
#ifndef DL_STATUS_H
#define DL_STATUS_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dl_status {
    DL_OK = 0,
    DL_DONE,      /* iterator exhausted: not an error */
    DL_EINVAL,    /* bad argument or malformed input */
    DL_ENOMEM,    /* allocation failed */
    DL_EIO,       /* read, write, fsync or rename failed (disk full...) */
    DL_ENOENT,    /* no such file or database */
    DL_ELOCKED,   /* the database is locked by another writer */
    DL_EMODIFIED, /* the database changed under a reader: reopen and retry */
    DL_ECORRUPT,  /* the database or a file is damaged */
    DL_EQUERY,    /* the query cannot be parsed or exceeds a cap */
    DL_EXAPIAN,   /* any other Xapian error */
    DL_EINTERNAL, /* a bug: an unexpected exception or state */
    DL_EBUDGET    /* a search needs more work than one may use (its CPU
                     budget, or a cap on what its wildcards expand to):
                     narrow it */
} dl_status;

typedef struct dl_err {
    dl_status code; /* same value as the function returned */
    char msg[256];  /* NUL-terminated, truncated if longer */
} dl_err;

/* dl_status_str - a short fixed English name for a code ("out of memory").
 * Returns a static string; never NULL. */
const char *dl_status_str(dl_status s);

/* dl_err_set - record code and a printf-style message in err (which may be
 * NULL) and return code, so that error paths read
 *     return dl_err_set(err, DL_EIO, "%s: %s", path, strerror(errno));
 * Never allocates. */
dl_status dl_err_set(dl_err *err, dl_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* dl_err_clear - reset err (may be NULL) to DL_OK with an empty message. */
void dl_err_clear(dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
