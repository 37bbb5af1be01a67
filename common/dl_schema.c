/* dl_schema.c - helpers that write and read the schema of dl_schema.h.
 *
 * Small, so the indexer, the searcher and the tests agree byte for byte
 * on ids, terms and the document data.
 */
#include "config.h"

#include <string.h>

#include "dl_hash.h"
#include "dl_schema.h"
#include "dl_utf8.h"

/* Largest cut <= n that does not split a UTF-8 sequence. */
static size_t
utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

dl_status
dl_schema_term(dl_buf *out, const char *prefix, const char *text, size_t len)
{
    size_t plen = strlen(prefix);
    dl_buf_reset(out);
    if (plen + len <= DL_MAX_TERM_BYTES) {
        if (dl_buf_append(out, prefix, plen) != DL_OK ||
            dl_buf_append(out, text, len) != DL_OK)
            return DL_ENOMEM;
        return DL_OK;
    }
    /* 17 bytes for "#" and the hash. */
    {
        size_t keep = utf8_cut(text, DL_MAX_TERM_BYTES - plen - 17);
        if (dl_buf_append(out, prefix, plen) != DL_OK ||
            dl_buf_append(out, text, keep) != DL_OK ||
            dl_buf_printf(out, "#%016llx", dl_hash64(text, len)) != DL_OK)
            return DL_ENOMEM;
    }
    return DL_OK;
}

/* Characters that show as nothing, or as a line break, or reorder the
 * text around them: a name holding one would look like another name. */
static int
unshowable(int cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

dl_status
dl_schema_escape_name(dl_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    size_t k;

    while (i < n) {
        int cp;
        size_t len = dl_utf8_next(s + i, n - i, &cp);
        if (cp == '\\') {
            if (dl_buf_append(out, "\\\\", 2) != DL_OK)
                return DL_ENOMEM;
        } else if (cp != DL_UTF8_INVALID && !unshowable(cp)) {
            if (dl_buf_append(out, s + i, len) != DL_OK)
                return DL_ENOMEM;
        } else {
            /* An invalid unit or an unshowable character, byte by byte. */
            for (k = 0; k < len; k++) {
                char e[4] = {'\\', 'x', hex[p[i + k] >> 4], hex[p[i + k] & 15]};
                if (dl_buf_append(out, e, 4) != DL_OK)
                    return DL_ENOMEM;
            }
        }
        i += len;
    }
    return DL_OK;
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

dl_status
dl_schema_unescape_name(dl_buf *out, const char *s, size_t n)
{
    size_t keep = out->len;
    size_t i = 0;
    dl_status rc = DL_OK;

    while (rc == DL_OK && i < n) {
        const char *bs = memchr(s + i, '\\', n - i);
        size_t run = bs != NULL ? (size_t)(bs - (s + i)) : n - i;
        int hi;
        int lo;
        rc = dl_buf_append(out, s + i, run);
        i += run;
        if (rc != DL_OK || i == n)
            break;
        /* s[i] is a backslash: "\\" or "\xHH", nothing else. */
        if (i + 1 < n && s[i + 1] == '\\') {
            rc = dl_buf_putc(out, '\\');
            i += 2;
            continue;
        }
        if (n - i < 4 || s[i + 1] != 'x') {
            rc = DL_EINVAL;
            break;
        }
        hi = hex_digit(s[i + 2]);
        lo = hex_digit(s[i + 3]);
        if (hi < 0 || lo < 0) {
            rc = DL_EINVAL;
            break;
        }
        rc = dl_buf_putc(out, (char)(hi * 16 + lo));
        i += 4;
    }
    if (rc != DL_OK) {
        /* Leave out as it was (a failed append already did). */
        out->len = keep;
        if (out->data != NULL)
            out->data[keep] = '\0';
    }
    return rc;
}

static dl_status
put_field(dl_buf *out, const char *key, struct dl_slice v)
{
    size_t i;
    if (v.p == NULL || v.n == 0)
        return DL_OK;
    if (dl_buf_puts(out, key) != DL_OK || dl_buf_putc(out, '=') != DL_OK)
        return DL_ENOMEM;
    if (dl_buf_reserve(out, v.n + 1) != DL_OK)
        return DL_ENOMEM;
    for (i = 0; i < v.n; i++) {
        char c = v.p[i];
        out->data[out->len++] = (c == '\n' || c == '\r') ? ' ' : c;
    }
    out->data[out->len++] = '\n';
    out->data[out->len] = '\0';
    return DL_OK;
}

dl_status
dl_docdata_encode(const struct dl_docdata *d, dl_buf *out)
{
    static const char *const keys[] = {
        "id",     "path",   "title", "date",         "date_origin",
        "source", "author", "url",   "url_too_long", "lang"};
    const struct dl_slice *vals[] = {
        &d->id,     &d->path,   &d->title, &d->date,         &d->date_origin,
        &d->source, &d->author, &d->url,   &d->url_too_long, &d->lang};
    size_t i;
    size_t body_n;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (put_field(out, keys[i], *vals[i]) != DL_OK)
            return DL_ENOMEM;
    }
    if (dl_buf_putc(out, '\n') != DL_OK)
        return DL_ENOMEM;
    if (d->body.p == NULL)
        return DL_OK;
    body_n = d->body.n;
    if (body_n > DL_STORED_BODY_MAX)
        body_n = utf8_cut(d->body.p, DL_STORED_BODY_MAX);
    return dl_buf_append(out, d->body.p, body_n);
}

void
dl_docdata_decode(const char *data, size_t len, struct dl_docdata *d)
{
    size_t i = 0;
    memset(d, 0, sizeof *d);
    while (i < len) {
        const char *line = data + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t n = nl != NULL ? (size_t)(nl - line) : len - i;
        const char *eq;
        size_t klen;
        struct dl_slice v;
        i += n + (nl != NULL);
        if (n == 0) {
            d->body.p = data + i;
            d->body.n = len - i;
            return;
        }
        eq = memchr(line, '=', n);
        if (eq == NULL)
            continue;
        klen = (size_t)(eq - line);
        v.p = eq + 1;
        v.n = n - klen - 1;
#define DL_FIELD(name)                                                         \
    if (klen == sizeof #name - 1 && memcmp(line, #name, klen) == 0)            \
        d->name = v;
        DL_FIELD(id)
        DL_FIELD(path)
        DL_FIELD(title)
        DL_FIELD(date)
        DL_FIELD(date_origin)
        DL_FIELD(source)
        DL_FIELD(author)
        DL_FIELD(url)
        DL_FIELD(url_too_long)
        DL_FIELD(lang)
#undef DL_FIELD
    }
}
