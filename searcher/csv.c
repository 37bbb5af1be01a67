/* csv.c - values written as CSV (RFC 4180); see csv.h. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "csv.h"

/* Whether s[0..len) must be quoted to read back as itself. */
static bool
needs_quotes(const char *s, size_t len)
{
    size_t i;
    if (len == 0)
        return false;
    if (s[0] == ' ' || s[len - 1] == ' ')
        return true;
    for (i = 0; i < len; i++) {
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    }
    return false;
}

dl_status
dl_csv_field(dl_buf *out, const char *s, size_t len, int first)
{
    size_t i;
    size_t from = 0;
    dl_status rc = DL_OK;

    if (!first)
        rc = dl_buf_putc(out, ',');
    if (rc != DL_OK || !needs_quotes(s, len))
        return rc == DL_OK ? dl_buf_append(out, s, len) : rc;
    rc = dl_buf_putc(out, '"');
    /* Each run up to and including a '"' is written, then the '"' again. */
    for (i = 0; i < len && rc == DL_OK; i++) {
        if (s[i] != '"')
            continue;
        rc = dl_buf_append(out, s + from, i + 1 - from);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '"');
        from = i + 1;
    }
    if (rc == DL_OK)
        rc = dl_buf_append(out, s + from, len - from);
    if (rc == DL_OK)
        rc = dl_buf_putc(out, '"');
    return rc;
}

dl_status
dl_csv_end(dl_buf *out)
{
    return dl_buf_append(out, "\r\n", 2);
}
