/* html_charset.c - the charset an HTML page declares, read from its raw
 * bytes before decoding.
 *
 * The charset of the raw bytes, found as browsers find it before they
 * decode a page: the HTML standard's "prescan a byte stream to determine
 * its encoding", with the reach Chromium and WebKit give it.  A
 * <meta charset=...>, or a <meta http-equiv="Content-Type"
 * content="...; charset=...">, counts anywhere in the head however long it
 * is (pages put 30 KB of scripts and styles before it), and anywhere in the
 * first PRESCAN_ANYWAY bytes even after the head.  The head ends at the
 * first tag that cannot be in it.  Comments, and the text of script, style,
 * title and the other raw-text elements, are skipped, so a "<meta" inside
 * them counts for nothing.  A label dl_decode does not know is passed over
 * and the scan goes on; one naming UTF-16 means UTF-8 (bytes that can be
 * scanned like this are not UTF-16).  An XML declaration at the very start
 * is used when no meta names a charset.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dl_decode.h"
#include "reader_html_int.h"

#define PRESCAN_ANYWAY 1024 /* Chromium's "bytes to check unconditionally" */

/* Tags that keep the prescan in the head, as in Chromium (html and head
 * only as start tags). */
static const char *const head_tags[] = {"script", "noscript", "style",
                                        "link",   "meta",     "object",
                                        "title",  "base",     NULL};

/* Copy a label, without surrounding whitespace, into out.  false when it is
 * empty or does not fit. */
static bool
copy_label(const char *v, size_t n, char *out, size_t size)
{
    while (n > 0 && dl_html_is_ws(*v)) {
        v++;
        n--;
    }
    while (n > 0 && dl_html_is_ws(v[n - 1]))
        n--;
    if (n == 0 || n >= size)
        return false;
    memcpy(out, v, n);
    out[n] = '\0';
    return true;
}

/* Position just after "word" (case-insensitive) in s[from..to), or 0. */
static size_t
find_ci(const char *s, size_t from, size_t to, const char *word)
{
    size_t k = strlen(word);
    size_t i;

    for (i = from; i + k <= to; i++) {
        if (strncasecmp(s + i, word, k) == 0)
            return i + k;
    }
    return 0;
}

/* The charset in a content="text/html; charset=..." value: the HTML
 * standard's "extracting a character encoding from a meta element". */
static bool
content_charset(const char *v, size_t n, char *out, size_t size)
{
    const char *close;
    size_t from = 0;
    size_t k;
    size_t end;

    for (;;) {
        k = find_ci(v, from, n, "charset");
        if (k == 0)
            return false;
        while (k < n && dl_html_is_ws(v[k]))
            k++;
        if (k < n && v[k] == '=')
            break;
        from = k; /* "charset" not followed by '=': look further */
    }
    k++;
    while (k < n && dl_html_is_ws(v[k]))
        k++;
    if (k < n && (v[k] == '"' || v[k] == '\'')) {
        close = memchr(v + k + 1, v[k], n - k - 1);
        if (close == NULL)
            return false;
        return copy_label(v + k + 1, (size_t)(close - (v + k + 1)), out, size);
    }
    end = k;
    while (end < n && !dl_html_is_ws(v[end]) && v[end] != ';')
        end++;
    return copy_label(v + k, end - k, out, size);
}

/* The charset a <meta> tag declares, attributes taken in order as the HTML
 * standard does: the first of charset= and a content= holding a charset
 * wins, and content= counts only beside http-equiv="Content-Type". */
static bool
meta_charset(const struct tag *t, char *out, size_t size)
{
    bool got_pragma = false;
    bool need_pragma = false;
    bool have = false;
    const char *name;
    const char *v;
    size_t nlen;
    size_t vlen;
    size_t pos = 0;

    while (dl_html_attr_next(t, &pos, &name, &nlen, &v, &vlen)) {
        if (dl_html_name_is(name, nlen, "http-equiv")) {
            got_pragma |= dl_html_name_is(v, vlen, "content-type");
        } else if (!have && dl_html_name_is(name, nlen, "content")) {
            have = content_charset(v, vlen, out, size);
            need_pragma = have;
        } else if (!have && dl_html_name_is(name, nlen, "charset")) {
            have = copy_label(v, vlen, out, size);
            need_pragma = false;
        }
    }
    return have && (!need_pragma || got_pragma);
}

/* Replace a label by the name dl_decode reports for it, UTF-16 by UTF-8.
 * false when dl_decode does not know it. */
static bool
known_label(char *label, size_t size)
{
    const char *name = dl_decode_charset_name(label);

    if (name == NULL)
        return false;
    if (strncmp(name, "UTF-16", 6) == 0)
        name = "UTF-8";
    snprintf(label, size, "%s", name);
    return true;
}

/* <?xml version="1.0" encoding="..."?> at the very start. */
static bool
xml_declaration(const char *s, size_t n, char *out, size_t size)
{
    const char *gt;
    const char *close;
    size_t end;
    size_t k;

    if (n < 5 || strncasecmp(s, "<?xml", 5) != 0)
        return false;
    gt = memchr(s, '>', n);
    end = gt != NULL ? (size_t)(gt - s) : n;
    k = find_ci(s, 5, end, "encoding");
    while (k != 0 && k < end && dl_html_is_ws(s[k]))
        k++;
    if (k == 0 || k >= end || s[k] != '=')
        return false;
    k++;
    while (k < end && dl_html_is_ws(s[k]))
        k++;
    if (k >= end || (s[k] != '"' && s[k] != '\''))
        return false;
    close = memchr(s + k + 1, s[k], end - k - 1);
    if (close == NULL)
        return false;
    return copy_label(s + k + 1, (size_t)(close - (s + k + 1)), out, size) &&
           known_label(out, size);
}

bool
dl_html_prescan_charset(const char *s, size_t n, char *out, size_t size)
{
    bool in_head = true;
    size_t i = 0;
    struct tag t;

    while (i < n) {
        enum markup m = dl_html_next_markup(s, n, &i);
        if (m == MARKUP_NONE)
            break;
        if (m == MARKUP_DECL) {
            i = dl_html_skip_markup_decl(s, n, i); /* comments, doctype */
        } else {
            dl_html_parse_tag(s, n, i, &t);
            i = t.next;
            if (!t.end && strcmp(t.name, "meta") == 0 &&
                meta_charset(&t, out, size) && known_label(out, size))
                return true;
            if (!t.end && dl_html_is_rawtext(t.name))
                i = dl_html_find_close(s, n, i, t.name);
            if (!dl_html_in_list(t.name, head_tags) &&
                (t.end ||
                 (strcmp(t.name, "html") != 0 && strcmp(t.name, "head") != 0)))
                in_head = false;
        }
        if (!in_head && i >= PRESCAN_ANYWAY)
            break;
    }
    return xml_declaration(s, n, out, size);
}
