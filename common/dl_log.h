/* dl_log.h - one-line warnings and errors on stderr, thread-safe.
 *
 * Format: "PROGRAM: warning: WHERE: MESSAGE" where WHERE is a path, or
 * path:line.  The program name is set once by the main.
 */
#ifndef DL_LOG_H
#define DL_LOG_H

#include <stdarg.h>

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

#ifdef __cplusplus
}
#endif

#endif
