/* reader_text.c - plain-text articles (.txt, .text).
 *
 * A text file is one article.  It may open with a header block of
 * "Key: value" lines ended by a blank line (or by the first line that is
 * not a header), as mail and many news exports write them; the block counts
 * as one only if at least one key is one we know (Title, Date, Source,
 * Author, URL, Language/Lang, Charset and a few synonyms, any case), so a
 * headline such as "Update: talks resume" stays a headline.  Unknown keys
 * inside a block are skipped; lines indented under a key continue it.
 * Without a title in the header, the first non-empty line is the title and
 * the rest is the body (BBC, Reuters, SlavicNER all write "title, blank
 * line, body").  A first line too long to be a headline (FactRuEval's texts
 * open with their first paragraph) gives a shortened title and stays in the
 * body, so no text is ever lost from the index.  A file of one short line,
 * or a header block with a Title: and nothing after it, is a headline-only
 * article (a wire flash): a title and an empty body, as the other readers
 * give it.  Only a file with neither is skipped.
 *
 * The header is parsed twice: once over the raw bytes, only to find a
 * Charset: declaration before decoding (the keys are ASCII in any charset a
 * declaration could name), then over the decoded text for real.  A Date:
 * header is the only date this reader looks for; the path and a dateline in
 * the body are the pipeline's business.
 */
#include "config.h"

#include <string.h>

#include "dl_alloc.h"
#include "dl_date.h"
#include "dl_decode.h"
#include "reader.h"
#include "reader_int.h"

enum field {
    F_NONE = -1,
    F_TITLE,
    F_DATE,
    F_SOURCE,
    F_AUTHOR,
    F_URL,
    F_LANG,
    F_CHARSET,
    F_CTYPE, /* Content-Type: text/plain; charset=... */
    F_COUNT
};

struct header {
    bool found;               /* a header block was recognised */
    size_t body_off;          /* where the text after it starts */
    const char *val[F_COUNT]; /* first value of each field, or NULL */
    size_t vlen[F_COUNT];
};

static const struct {
    const char *key;
    enum field f;
} keys[] = {
    {"title", F_TITLE},
    {"headline", F_TITLE},
    {"subject", F_TITLE},
    {"date", F_DATE},
    {"published", F_DATE},
    {"pubdate", F_DATE},
    {"source", F_SOURCE},
    {"publisher", F_SOURCE},
    {"publication", F_SOURCE},
    {"author", F_AUTHOR},
    {"authors", F_AUTHOR},
    {"byline", F_AUTHOR},
    {"url", F_URL},
    {"link", F_URL},
    {"language", F_LANG},
    {"lang", F_LANG},
    {"charset", F_CHARSET},
    {"encoding", F_CHARSET},
    {"content-type", F_CTYPE},
};

static enum field
field_of(const char *k, size_t n)
{
    size_t i;
    size_t j;
    unsigned char c;

    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strlen(keys[i].key) != n)
            continue;
        for (j = 0; j < n; j++) {
            c = (unsigned char)k[j];
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if (c != (unsigned char)keys[i].key[j])
                break;
        }
        if (j == n)
            return keys[i].f;
    }
    return F_NONE;
}

static bool
is_sp(char c)
{
    return c == ' ' || c == '\t';
}

/* One line of s from *pos: its start and length without the line end;
 * *pos moves past "\n", "\r\n" or "\r".  false at the end. */
static bool
next_line(const char *s, size_t n, size_t *pos, const char **line, size_t *len)
{
    size_t i = *pos;
    size_t start = i;

    if (i >= n)
        return false;
    while (i < n && s[i] != '\n' && s[i] != '\r')
        i++;
    *line = s + start;
    *len = i - start;
    if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
        i++;
    if (i < n)
        i++;
    *pos = i;
    return true;
}

static bool
blank_line(const char *l, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!is_sp(l[i]) && l[i] != '\v' && l[i] != '\f')
            return false;
    }
    return true;
}

static bool
all_space(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!is_sp(s[i]) && s[i] != '\n' && s[i] != '\r' && s[i] != '\v' &&
            s[i] != '\f')
            return false;
    }
    return true;
}

/* "Key: value": key of letters, digits, '-' and '_' (letter first, at most
 * 32), optional blanks, a colon.  The value is trimmed. */
static bool
header_line(const char *l, size_t n, const char **k, size_t *klen,
            const char **v, size_t *vlen)
{
    size_t i = 0;
    char c;

    if (n == 0 ||
        !((l[0] >= 'A' && l[0] <= 'Z') || (l[0] >= 'a' && l[0] <= 'z')))
        return false;
    while (i < n && i < 33) {
        c = l[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            break;
        i++;
    }
    if (i > 32)
        return false;
    *k = l;
    *klen = i;
    while (i < n && is_sp(l[i]))
        i++;
    if (i >= n || l[i] != ':')
        return false;
    i++;
    /* "http://..." is a URL on a line of its own, not a header. */
    if (i + 1 < n && l[i] == '/' && l[i + 1] == '/')
        return false;
    while (i < n && is_sp(l[i]))
        i++;
    while (n > i && is_sp(l[n - 1]))
        n--;
    *v = l + i;
    *vlen = n - i;
    return true;
}

static void
parse_header(const char *s, size_t n, struct header *h)
{
    size_t pos = 0;
    size_t after = 0;
    size_t klen;
    size_t vlen;
    size_t len;
    const char *line;
    const char *k;
    const char *v;
    enum field f;
    enum field last = F_NONE;
    int known = 0;
    int i;

    memset(h, 0, sizeof *h);
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    /* Blank lines before the block are allowed. */
    while (pos < n) {
        size_t at = pos;
        if (!next_line(s, n, &pos, &line, &len))
            break;
        if (!blank_line(line, len)) {
            pos = at;
            break;
        }
    }
    while (pos < n) {
        size_t at = pos;
        if (!next_line(s, n, &pos, &line, &len))
            break;
        if (blank_line(line, len)) {
            after = pos;
            break;
        }
        if (is_sp(line[0]) && last != F_NONE && h->val[last] != NULL) {
            /* Continuation: the value runs on to this line's end. */
            h->vlen[last] = (size_t)(line + len - h->val[last]);
            after = pos;
            continue;
        }
        if (!header_line(line, len, &k, &klen, &v, &vlen)) {
            after = at; /* the block ends without a blank line */
            break;
        }
        f = field_of(k, klen);
        last = F_NONE;
        if (f != F_NONE) {
            known++;
            if (h->val[f] == NULL) {
                h->val[f] = v;
                h->vlen[f] = vlen;
                last = f;
            }
        }
        after = pos;
    }
    if (known == 0) {
        for (i = 0; i < F_COUNT; i++) {
            h->val[i] = NULL;
            h->vlen[i] = 0;
        }
        return;
    }
    h->found = true;
    h->body_off = after;
}

/* The charset named by a Charset: or Content-Type: header, copied into
 * out[size] when it looks like a charset name. */
static bool
declared_charset(const struct header *h, char *out, size_t size)
{
    const char *v = h->val[F_CHARSET];
    size_t n = h->vlen[F_CHARSET];
    size_t i;
    size_t j = 0;

    if (v == NULL && h->val[F_CTYPE] != NULL) {
        const char *ct = h->val[F_CTYPE];
        size_t ctn = h->vlen[F_CTYPE];
        for (i = 0; i + 8 <= ctn; i++) {
            if (strncasecmp(ct + i, "charset=", 8) == 0) {
                v = ct + i + 8;
                n = ctn - i - 8;
                break;
            }
        }
    }
    if (v == NULL)
        return false;
    if (n > 0 && (v[0] == '"' || v[0] == '\'')) {
        v++;
        n--;
    }
    for (i = 0; i < n && j + 1 < size; i++) {
        char c = v[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == ':'))
            break;
        out[j++] = c;
    }
    out[j] = '\0';
    return j > 0;
}

dl_status
dl_read_text(const char *path, const char *bytes, size_t len,
             const struct dl_read_opts *o, dl_article_fn emit, dl_warn_fn warn,
             void *ctx, dl_err *err)
{
    struct dl_decoded d;
    struct dl_article a;
    struct header h;
    char charset[64];
    const char *declared = NULL;
    const char *rest;
    const char *line;
    size_t rest_len;
    size_t pos;
    size_t at;
    size_t llen;
    dl_status rc;

    memset(&d, 0, sizeof d);
    dl_article_init(&a);
    if (all_space(bytes, len)) {
        dl_reader_warn(warn, ctx, path, 0, "empty", "empty file; skipped");
        return DL_OK;
    }
    if (dl_decode_looks_binary(bytes, len)) {
        dl_reader_warn(warn, ctx, path, 0, "binary",
                       "looks like a binary file; skipped");
        return DL_OK;
    }
    parse_header(bytes, len, &h);
    if (h.found && declared_charset(&h, charset, sizeof charset))
        declared = charset;
    rc = dl_reader_decode(path, 0, bytes, len, declared, warn, ctx, &d, err);
    if (rc != DL_OK)
        goto out;

    parse_header(d.text, d.len, &h);
    rest = d.text;
    rest_len = d.len;
    if (h.found) {
        rest = d.text + h.body_off;
        rest_len = d.len - h.body_off;
        rc = DL_OK;
        if (h.val[F_TITLE] != NULL)
            rc = dl_reader_put_field(&a.title, h.val[F_TITLE], h.vlen[F_TITLE],
                                     DL_READER_TITLE_MAX);
        if (rc == DL_OK && h.val[F_SOURCE] != NULL)
            rc = dl_reader_put_field(&a.source, h.val[F_SOURCE],
                                     h.vlen[F_SOURCE], DL_READER_FIELD_MAX);
        if (rc == DL_OK && h.val[F_AUTHOR] != NULL)
            rc = dl_reader_put_field(&a.author, h.val[F_AUTHOR],
                                     h.vlen[F_AUTHOR], DL_READER_FIELD_MAX);
        if (rc == DL_OK && h.val[F_URL] != NULL)
            rc = dl_reader_put_field(&a.url, h.val[F_URL], h.vlen[F_URL],
                                     DL_READER_URL_MAX);
        if (rc == DL_OK && h.val[F_LANG] != NULL)
            rc = dl_reader_put_field(&a.lang, h.val[F_LANG], h.vlen[F_LANG],
                                     DL_READER_FIELD_MAX);
        if (rc != DL_OK)
            goto nomem;
        if (h.val[F_DATE] != NULL &&
            dl_date_parse_meta(h.val[F_DATE], h.vlen[F_DATE], &a.date))
            a.date_origin = "metadata";
    }

    if (a.title.len == 0) {
        pos = 0;
        while (pos < rest_len) {
            at = pos;
            if (!next_line(rest, rest_len, &pos, &line, &llen))
                break;
            if (blank_line(line, llen))
                continue;
            rc = dl_reader_put_field(&a.title, line, llen, DL_READER_TITLE_MAX);
            if (rc != DL_OK)
                goto nomem;
            /* A headline-sized line is the title; a paragraph stays body. */
            if (llen <= DL_READER_TITLE_LINE_MAX) {
                rest += pos;
                rest_len -= pos;
            } else {
                rest += at;
                rest_len -= at;
            }
            break;
        }
    }
    /* Text past the per-article cap is not indexed (docbuild.c says so in
     * a warning): not folding it keeps a 60 MB file from taking another
     * 60 MB or more here. */
    if (rest_len > DL_ARTICLE_TEXT_MAX) {
        a.body_cut_from = rest_len;
        rest_len = dl_article_text_cut(rest, rest_len, DL_ARTICLE_TEXT_MAX);
    }
    rc = dl_reader_put_paragraphs(&a.body, rest, rest_len);
    if (rc != DL_OK)
        goto nomem;
    if (a.body.len == 0 && a.title.len == 0) {
        dl_reader_warn(warn, ctx, path, 0, "empty",
                       "neither a title nor text after the header; skipped");
        goto out;
    }
    a.charset = d.charset;
    a.line = 1;
    rc = dl_reader_emit(&a, o, emit, ctx);
    goto out;
nomem:
    rc = dl_err_set(err, DL_ENOMEM, "%s: out of memory", path);
out:
    dl_decoded_free(&d);
    dl_article_free(&a);
    return rc;
}
