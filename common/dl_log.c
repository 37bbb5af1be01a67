/* dl_log.c - warnings and errors on stderr.
 *
 * A mutex keeps lines from two indexer threads from interleaving; each line
 * is formatted first and written with one fputs.
 *
 * Every line is whole: the place (a path) and the message are each capped
 * (DL_LOG_WHERE_MAX, DL_LOG_MSG_MAX bytes) by cutting out their middle, so
 * the reason at the end of a message and the newline are never lost, and
 * the line stays under 4 KiB (one write, which a pipe keeps whole).
 * Control characters (a newline in a file name, an escape sequence) are
 * shown as \xHH, so one warning is always one line.
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dl_log.h"

/* Most bytes of the place and of the message as printed: a path of
 * PATH_MAX bytes, or a message quoting one, keeps its head and tail. */
#define DL_LOG_WHERE_MAX 1024
#define DL_LOG_MSG_MAX 2048

/* What stands for the bytes cut out of the middle. */
#define CUT_MARK " [...] "
#define CUT_MARK_LEN (sizeof CUT_MARK - 1)

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

static bool
is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

static bool
is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Bytes that c takes once written (escaped or not). */
static size_t
width(unsigned char c, bool escape)
{
    return escape && is_control(c) ? 4 : 1;
}

/* Write s[0..n) to out, escaping control characters when asked; returns
 * the bytes written. */
static size_t
put_bytes(char *out, const char *s, size_t n, bool escape)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (escape && is_control(c)) {
            out[k++] = '\\';
            out[k++] = 'x';
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        } else {
            out[k++] = (char)c;
        }
    }
    return k;
}

/* Write s to out in at most max bytes (max > CUT_MARK_LEN; out has room
 * for max + 1): whole when it fits, else its head and tail around
 * CUT_MARK, cut between UTF-8 characters.  NUL-terminates; returns the
 * length written. */
static size_t
put_field(char *out, const char *s, size_t max, bool escape)
{
    size_t len = strlen(s);
    size_t total = 0;
    size_t budget, head, tail, used, k;
    for (k = 0; k < len; k++)
        total += width((unsigned char)s[k], escape);
    if (total <= max) {
        k = put_bytes(out, s, len, escape);
        out[k] = '\0';
        return k;
    }
    budget = (max - CUT_MARK_LEN) / 2;
    for (head = 0, used = 0; head < len; head++) {
        size_t w = width((unsigned char)s[head], escape);
        if (used + w > budget)
            break;
        used += w;
    }
    while (head > 0 && is_continuation((unsigned char)s[head]))
        head--;
    for (tail = len, used = 0; tail > head; tail--) {
        size_t w = width((unsigned char)s[tail - 1], escape);
        if (used + w > budget)
            break;
        used += w;
    }
    while (tail < len && is_continuation((unsigned char)s[tail]))
        tail++;
    k = put_bytes(out, s, head, escape);
    memcpy(out + k, CUT_MARK, CUT_MARK_LEN);
    k += CUT_MARK_LEN;
    k += put_bytes(out + k, s + tail, len - tail, escape);
    out[k] = '\0';
    return k;
}

const char *
dl_log_shorten(const char *s, size_t max, char *buf, size_t size)
{
    if (strlen(s) <= max)
        return s;
    if (max <= CUT_MARK_LEN || size <= max)
        return s; /* misuse: no room to shorten into */
    put_field(buf, s, max, false);
    return buf;
}

static void
emit(const char *level, const char *where, unsigned long line, const char *fmt,
     va_list ap)
{
    /* The message as formatted: one longer than the cap is shortened in
     * its middle below, so its end (the reason) stays. */
    char msg[2 * DL_LOG_MSG_MAX];
    char out[64 + DL_LOG_WHERE_MAX + DL_LOG_MSG_MAX + 96];
    size_t k;
    int n;

    vsnprintf(msg, sizeof msg, fmt, ap);
    n = snprintf(out, 64 + 32, "%.48s: %s: ", program, level);
    k = n > 0 ? (size_t)n : 0;
    if (where != NULL) {
        k += put_field(out + k, where, DL_LOG_WHERE_MAX, true);
        if (line > 0)
            k += (size_t)snprintf(out + k, 32, ":%lu", line);
        out[k++] = ':';
        out[k++] = ' ';
    }
    k += put_field(out + k, msg, DL_LOG_MSG_MAX, true);
    out[k++] = '\n';
    out[k] = '\0';
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
