/* dl_buf.c - growable byte buffer.
 *
 * Capacity doubles so appends are amortised O(1); the +1 for the NUL is part
 * of every reservation so the terminator never needs its own growth step.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"

void
dl_buf_init(dl_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void
dl_buf_free(dl_buf *b)
{
    dl_free(b->data);
    dl_buf_init(b);
}

void
dl_buf_reset(dl_buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

dl_status
dl_buf_reserve(dl_buf *b, size_t n)
{
    size_t need;
    size_t cap;
    char *p;
    if (n > SIZE_MAX - b->len - 1)
        return DL_ENOMEM;
    need = b->len + n + 1;
    if (need <= b->cap)
        return DL_OK;
    cap = b->cap < 64 ? 64 : b->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = dl_realloc(b->data, cap);
    if (p == NULL)
        return DL_ENOMEM;
    b->data = p;
    b->cap = cap;
    return DL_OK;
}

dl_status
dl_buf_append(dl_buf *b, const void *p, size_t n)
{
    if (dl_buf_reserve(b, n) != DL_OK)
        return DL_ENOMEM;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return DL_OK;
}

dl_status
dl_buf_puts(dl_buf *b, const char *s)
{
    return dl_buf_append(b, s, strlen(s));
}

dl_status
dl_buf_putc(dl_buf *b, char c)
{
    return dl_buf_append(b, &c, 1);
}

dl_status
dl_buf_vprintf(dl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return DL_EINVAL;
    if (dl_buf_reserve(b, (size_t)n) != DL_OK)
        return DL_ENOMEM;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return DL_OK;
}

dl_status
dl_buf_printf(dl_buf *b, const char *fmt, ...)
{
    va_list ap;
    dl_status rc;
    va_start(ap, fmt);
    rc = dl_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *
dl_buf_steal(dl_buf *b, size_t *len_out)
{
    char *p;
    if (b->data == NULL && dl_buf_reserve(b, 0) != DL_OK)
        return NULL;
    if (b->len == 0)
        b->data[0] = '\0';
    p = b->data;
    if (len_out != NULL)
        *len_out = b->len;
    dl_buf_init(b);
    return p;
}
