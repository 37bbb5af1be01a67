/* html_escape.c - the two escapers of the web page (html_escape.h).
 *
 * Entities are written only for the five characters that can end a text
 * or a quoted attribute; everything else valid passes as UTF-8, so a
 * page in any script stays readable in its source.  Invalid UTF-8 is read
 * by dl_utf8_next and each invalid unit written as one U+FFFD, the rule of
 * every other reader of text in the tree (dl_utf8.h).
 */
#include "config.h"

#include <strings.h>

#include "dl_utf8.h"
#include "html_escape.h"

dl_status
dl_html_escape(dl_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    dl_status rc = DL_OK;

    while (rc == DL_OK && i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n;
        int cp;
        switch (c) {
        case '&':
            rc = dl_buf_puts(out, "&amp;");
            i++;
            continue;
        case '<':
            rc = dl_buf_puts(out, "&lt;");
            i++;
            continue;
        case '>':
            rc = dl_buf_puts(out, "&gt;");
            i++;
            continue;
        case '"':
            rc = dl_buf_puts(out, "&quot;");
            i++;
            continue;
        case '\'':
            rc = dl_buf_puts(out, "&#39;");
            i++;
            continue;
        default:
            break;
        }
        if (c < 0x80) {
            if (c >= 0x20 && c != 0x7F)
                rc = dl_buf_putc(out, (char)c);
            else if (c == '\t' || c == '\n')
                rc = dl_buf_putc(out, ' ');
            i++;
            continue;
        }
        n = dl_utf8_next(s + i, len - i, &cp);
        if (cp == DL_UTF8_INVALID)
            rc = dl_buf_puts(out, "\xEF\xBF\xBD");
        else if (cp >= 0x80 && cp <= 0x9F)
            rc = DL_OK; /* C1 controls: nothing a reader needs */
        else
            rc = dl_buf_append(out, s + i, n);
        i += n;
    }
    return rc;
}

dl_status
dl_url_encode(dl_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    dl_status rc = DL_OK;

    for (i = 0; rc == DL_OK && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            rc = dl_buf_putc(out, (char)c);
        } else if (c == ' ') {
            rc = dl_buf_putc(out, '+');
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = dl_buf_append(out, e, 3);
        }
    }
    return rc;
}

bool
dl_web_url_ok(const char *u)
{
    size_t skip;
    if (strncasecmp(u, "http://", 7) == 0)
        skip = 7;
    else if (strncasecmp(u, "https://", 8) == 0)
        skip = 8;
    else
        return false;
    if (u[skip] == '\0' || u[skip] == '/')
        return false;
    for (; *u != '\0'; u++) {
        unsigned char c = (unsigned char)*u;
        if (c <= 0x20 || c == 0x7F)
            return false;
    }
    return true;
}
