/* dl_log.c - warnings and errors on stderr.
 *
 * A mutex keeps lines from two indexer threads from interleaving; each line
 * is formatted first and written with one fputs.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>

#include "dl_log.h"

static const char *program = "dateline";
static int quiet;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void
dl_log_set_program(const char *name)
{
    program = name;
}

void
dl_log_set_quiet(int q)
{
    quiet = q;
}

static void
emit(const char *level, const char *where, unsigned long line, const char *fmt,
     va_list ap)
{
    char msg[1024];
    char out[1400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (where != NULL && line > 0)
        snprintf(out, sizeof out, "%s: %s: %s:%lu: %s\n", program, level, where,
                 line, msg);
    else if (where != NULL)
        snprintf(out, sizeof out, "%s: %s: %s: %s\n", program, level, where,
                 msg);
    else
        snprintf(out, sizeof out, "%s: %s: %s\n", program, level, msg);
    pthread_mutex_lock(&lock);
    fputs(out, stderr);
    pthread_mutex_unlock(&lock);
}

void
dl_warn(const char *where, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    if (quiet)
        return;
    va_start(ap, fmt);
    emit("warning", where, line, fmt, ap);
    va_end(ap);
}

void
dl_error(const char *where, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("error", where, line, fmt, ap);
    va_end(ap);
}
