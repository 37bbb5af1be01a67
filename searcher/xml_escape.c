/* xml_escape.c - text escaped for XML 1.0 (xml_escape.h). */
#include "config.h"

#include "dl_utf8.h"
#include "xml_escape.h"

/* The entity for an ASCII byte that needs one, or NULL. */
static const char *
entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&apos;";
    case '\r':
        return "&#13;";
    default:
        return NULL;
    }
}

/* Whether XML 1.0 allows the code point cp in a document (its Char
 * production; surrogates never come out of dl_utf8_next). */
static int
xml_char(int cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
}

dl_status
dl_xml_escape(dl_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    dl_status rc = dl_buf_reserve(out, len);

    while (rc == DL_OK && i < len) {
        int cp;
        size_t n = dl_utf8_next(s + i, len - i, &cp);
        const char *ent = n == 1 ? entity(s[i]) : NULL;
        if (ent != NULL)
            rc = dl_buf_puts(out, ent);
        else if (cp == DL_UTF8_INVALID || !xml_char(cp))
            rc = dl_buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
        else
            rc = dl_buf_append(out, s + i, n);
        i += n;
    }
    return rc;
}
