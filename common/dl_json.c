/* dl_json.c - JSON string escaping.
 *
 * Runs of bytes that need no escape are copied in one append, so mostly
 * plain text costs one scan and a memcpy.  Decoding goes through
 * dl_utf8_next, the decoder the tokenizer uses, so "valid UTF-8" means the
 * same thing everywhere, and an invalid unit (a maximal subpart) becomes
 * one U+FFFD as everywhere.  On any failure the buffer is truncated
 * back to its old length: callers never see half a string.
 */
#include "config.h"

#include <stdio.h>

#include "dl_json.h"
#include "dl_utf8.h"

static const char hex[] = "0123456789abcdef";

static dl_status
put_u(dl_buf *out, unsigned cp)
{
    char e[6];

    e[0] = '\\';
    e[1] = 'u';
    e[2] = hex[(cp >> 12) & 0xF];
    e[3] = hex[(cp >> 8) & 0xF];
    e[4] = hex[(cp >> 4) & 0xF];
    e[5] = hex[cp & 0xF];
    return dl_buf_append(out, e, sizeof(e));
}

static dl_status
escape(const char *s, size_t len, dl_buf *out)
{
    size_t i = 0;
    size_t run = 0; /* start of the pending unescaped run */

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t n = 1;
        int cp = c;

        if (c >= 0x80) {
            n = dl_utf8_next(s + i, len - i, &cp);
            if (cp == DL_UTF8_INVALID)
                rep = "\xEF\xBF\xBD";
            else if (cp != 0x2028 && cp != 0x2029) {
                i += n;
                continue;
            }
        } else if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
            i++;
            continue;
        }
        if (dl_buf_append(out, s + run, i - run) != DL_OK)
            return DL_ENOMEM;
        if (rep != NULL) {
            if (dl_buf_puts(out, rep) != DL_OK)
                return DL_ENOMEM;
        } else if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            if (dl_buf_append(out, e, 2) != DL_OK)
                return DL_ENOMEM;
        } else if (put_u(out, (unsigned)cp) != DL_OK) {
            return DL_ENOMEM;
        }
        i += n;
        run = i;
    }
    return dl_buf_append(out, s + run, i - run);
}

dl_status
dl_json_escape(const char *s, size_t len, dl_buf *out)
{
    size_t old = out->len;

    if (escape(s, len, out) == DL_OK)
        return DL_OK;
    out->len = old;
    if (out->data != NULL)
        out->data[old] = '\0';
    return DL_ENOMEM;
}

dl_status
dl_json_string(const char *s, size_t len, dl_buf *out)
{
    size_t old = out->len;

    if (dl_buf_putc(out, '"') == DL_OK && escape(s, len, out) == DL_OK &&
        dl_buf_putc(out, '"') == DL_OK)
        return DL_OK;
    out->len = old;
    if (out->data != NULL)
        out->data[old] = '\0';
    return DL_ENOMEM;
}
