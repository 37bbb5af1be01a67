/* dl_log.h - one-line warnings and errors on stderr, thread-safe.
 *
 * Format: "PROGRAM: warning: WHERE: MESSAGE" where WHERE is a path, or
 * path:line.  The program name is set once by the main.  Every call prints
 * exactly one whole line ending in a newline, however long WHERE or MESSAGE:
 * past 1 KiB (WHERE) or 2 KiB (MESSAGE) their middle is replaced by
 * " [...] ", so the reason that ends a message is always shown, and
 * control characters are written as \xHH.
 */
#ifndef DL_LOG_H
#define DL_LOG_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dl_log_set_program - the name printed first (borrowed: a static string). */
void dl_log_set_program(const char *name);

/* dl_log_set_quiet - suppress warnings (errors still print). */
void dl_log_set_quiet(int quiet);

/* dl_warn / dl_error - print one line; where may be NULL. line 0: none. */
void dl_warn(const char *where, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dl_error(const char *where, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* dl_log_shorten - s itself when it has at most max bytes, else its head
 * and tail around " [...] " written to buf (size > max; max > 7), cut
 * between UTF-8 characters: for messages of a fixed size (dl_err) that
 * quote a path and must keep room for their reason.  The result is
 * borrowed from s or buf. */
const char *dl_log_shorten(const char *s, size_t max, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
