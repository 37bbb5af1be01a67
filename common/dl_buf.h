/* dl_buf.h - growable byte buffer.
 *
 * The one way Dateline builds strings of unknown length (JSON, HTML, document
 * data, decoded text).  The contents are always NUL-terminated after any
 * successful call, so b->data can be passed to C string functions when the
 * bytes hold no NUL.  A failed append leaves the buffer as it was.
 */
#ifndef DL_BUF_H
#define DL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_buf {
    char *data; /* owned; NULL until the first append */
    size_t len; /* bytes used, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
} dl_buf;

#define DL_BUF_INIT                                                            \
    {                                                                          \
        NULL, 0, 0                                                             \
    }

/* dl_buf_init - make b empty without allocating. */
void dl_buf_init(dl_buf *b);

/* dl_buf_free - release b's memory and make it empty; safe on an empty or
 * already freed buffer. */
void dl_buf_free(dl_buf *b);

/* dl_buf_reset - keep the memory, drop the contents. */
void dl_buf_reset(dl_buf *b);

/* dl_buf_reserve - make room for n more bytes.  DL_OK or DL_ENOMEM. */
dl_status dl_buf_reserve(dl_buf *b, size_t n);

/* dl_buf_append - append n bytes.  DL_OK or DL_ENOMEM. */
dl_status dl_buf_append(dl_buf *b, const void *p, size_t n);

/* dl_buf_puts - append a NUL-terminated string.  DL_OK or DL_ENOMEM. */
dl_status dl_buf_puts(dl_buf *b, const char *s);

/* dl_buf_putc - append one byte.  DL_OK or DL_ENOMEM. */
dl_status dl_buf_putc(dl_buf *b, char c);

/* dl_buf_printf - append formatted text.  DL_OK, DL_ENOMEM or DL_EINVAL
 * (format error). */
dl_status dl_buf_printf(dl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
dl_status dl_buf_vprintf(dl_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* dl_buf_steal - hand the contents to the caller (free with dl_free) and make
 * b empty.  Returns an allocated empty string for an empty buffer, or NULL on
 * allocation failure (b unchanged). */
char *dl_buf_steal(dl_buf *b, size_t *len_out);

#ifdef __cplusplus
}
#endif

#endif
