/* reader_jsonl.c - JSON Lines articles (.jsonl, .ndjson): one per line.
 *
 * Each non-blank line is one record and must be a JSON object (parsed with
 * jansson, one json_loadb per line so a broken line cannot spoil the next).
 * Keys are matched from lists of the names exports actually use (title or
 * headline; date, published, datePublished, pubDate...; body, text,
 * content, article...), first present non-empty key wins; author and
 * source may be a string, an object with "name" or an array of either.
 *
 * Record numbers: article.record is the 1-based index of the record among
 * the file's non-blank lines, counting the broken ones too.  An article id
 * is path plus record, so fixing a broken line later, or dropping a record
 * because it is too large, must not renumber every article after it; blank
 * lines do not count because editors add and remove them freely.
 * article.line is the physical line number, for warnings.
 *
 * Problems are per line and never stop the file: a line that is not JSON
 * or not an object warns "bad-json"; a valid object with neither a title
 * nor body text warns "empty" (Reuters-21578's UNPROC records are like
 * that: they are not broken JSON, so they should not be counted as such);
 * a line over max_line_bytes warns "too-large".  A record with a title and
 * no body is an article: wire flashes (Reuters-21578's 1,798 BRIEF
 * records) are nothing but a headline.  JSON Lines is UTF-8 by definition, so
 * a line that is not valid UTF-8 is repaired through dl_decode (declared
 * UTF-8) with an "encoding" warning rather than dropped.
 *
 * Feeds exported from a CMS often carry the body as HTML ("<p>...</p>"):
 * such a body goes through the HTML reader's text extraction, so tags and
 * entities do not end up in the index.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "dl_alloc.h"
#include "dl_date.h"
#include "dl_decode.h"
#include "dl_utf8.h"
#include "reader.h"
#include "reader_int.h"

static const char *const title_keys[] = {"title", "headline", "Title", NULL};
static const char *const date_keys[] = {"date",           "published",
                                        "published_at",   "datePublished",
                                        "pubDate",        "publish_date",
                                        "published_date", "date_published",
                                        "pub_date",       "publishedAt",
                                        "created_at",     "timestamp",
                                        "Date",           NULL};
static const char *const body_keys[] = {"body",    "text",     "content",
                                        "article", "maintext", "full_text",
                                        "Body",    "Text",     NULL};
static const char *const url_keys[] = {"url", "link", "canonical_url", "URL",
                                       NULL};
static const char *const source_keys[] = {"source",    "publisher", "site",
                                          "site_name", "Source",    NULL};
static const char *const author_keys[] = {"author",  "authors", "byline",
                                          "creator", "Author",  NULL};
static const char *const lang_keys[] = {"lang", "language", "inLanguage", NULL};

/* Append the text of v: a string, {"name": ...}, or an array of them joined
 * with sep.  Nesting is bounded: a record is data, not a tree to walk. */
static dl_status
put_text(dl_buf *out, json_t *v, const char *sep, int depth)
{
    size_t i;
    json_t *e;
    dl_status rc = DL_OK;

    if (depth > 3 || v == NULL)
        return DL_OK;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            rc = put_text(out, e, sep, depth + 1);
            if (rc != DL_OK)
                return rc;
        }
        return DL_OK;
    }
    if (json_is_object(v)) {
        e = json_object_get(v, "name");
        if (e == NULL)
            e = json_object_get(v, "title");
        return json_is_string(e) ? put_text(out, e, sep, depth + 1) : DL_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return DL_OK;
    if (out->len > 0)
        rc = dl_buf_puts(out, sep);
    if (rc == DL_OK)
        rc = dl_buf_append(out, json_string_value(v), json_string_length(v));
    return rc;
}

/* The first key of keys whose value yields text, gathered into tmp. */
static dl_status
first_text(json_t *obj, const char *const *keys, const char *sep, dl_buf *tmp)
{
    size_t i;
    dl_status rc;

    dl_buf_reset(tmp);
    for (i = 0; keys[i] != NULL; i++) {
        rc = put_text(tmp, json_object_get(obj, keys[i]), sep, 0);
        if (rc != DL_OK)
            return rc;
        if (tmp->len > 0)
            return DL_OK;
    }
    return DL_OK;
}

static bool
date_from_epoch(double secs, struct dl_date *d)
{
    struct tm tm;
    time_t t;

    if (secs > 1e11) /* milliseconds, as JavaScript writes them */
        secs /= 1000.0;
    if (secs < 0 || secs > 32503680000.0) /* year 3000 */
        return false;
    t = (time_t)secs;
    if (gmtime_r(&t, &tm) == NULL)
        return false;
    d->year = tm.tm_year + 1900;
    d->month = tm.tm_mon + 1;
    d->day = tm.tm_mday;
    return d->year >= 1000;
}

/* A date value: a string dl_date_parse_meta understands, a year, or seconds
 * (or milliseconds) since 1970 as a number or a string of digits. */
static bool
date_of(json_t *v, struct dl_date *d)
{
    const char *s;
    size_t n;
    size_t i;
    double x;

    if (json_is_integer(v) || json_is_real(v)) {
        x = json_number_value(v);
        if (x >= 1000 && x <= 2999 && x == (double)(long)x) {
            d->year = (int)x;
            d->month = 0;
            d->day = 0;
            return true;
        }
        return x >= 1e8 && date_from_epoch(x, d);
    }
    if (!json_is_string(v))
        return false;
    s = json_string_value(v);
    n = json_string_length(v);
    if (dl_date_parse_meta(s, n, d))
        return true;
    for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    if (n >= 9 && n <= 13 && i == n)
        return date_from_epoch(strtod(s, NULL), d);
    return false;
}

static dl_status
fill(struct dl_article *a, json_t *obj, dl_buf *tmp)
{
    size_t i;
    json_t *v;
    dl_status rc;

    rc = first_text(obj, body_keys, "\n\n", tmp);
    if (rc == DL_OK && tmp->len > DL_ARTICLE_TEXT_MAX) {
        /* Past the per-article cap (docbuild.c warns): not folded. */
        a->body_cut_from = tmp->len;
        tmp->len =
            dl_article_text_cut(tmp->data, tmp->len, DL_ARTICLE_TEXT_MAX);
        tmp->data[tmp->len] = '\0';
    }
    if (rc == DL_OK && dl_reader_looks_html(tmp->data, tmp->len))
        rc = dl_reader_html_text(tmp->data, tmp->len, &a->body);
    else if (rc == DL_OK)
        rc = dl_reader_put_paragraphs(&a->body, tmp->data, tmp->len);
    if (rc == DL_OK)
        rc = first_text(obj, title_keys, " ", tmp);
    if (rc == DL_OK)
        rc = dl_reader_put_field(&a->title, tmp->data, tmp->len,
                                 DL_READER_TITLE_MAX);
    if (rc == DL_OK)
        rc = first_text(obj, url_keys, " ", tmp);
    if (rc == DL_OK)
        rc = dl_reader_put_field(&a->url, tmp->data, tmp->len,
                                 DL_READER_URL_MAX);
    if (rc == DL_OK)
        rc = first_text(obj, source_keys, ", ", tmp);
    if (rc == DL_OK)
        rc = dl_reader_put_field(&a->source, tmp->data, tmp->len,
                                 DL_READER_FIELD_MAX);
    if (rc == DL_OK)
        rc = first_text(obj, author_keys, ", ", tmp);
    if (rc == DL_OK)
        rc = dl_reader_put_field(&a->author, tmp->data, tmp->len,
                                 DL_READER_FIELD_MAX);
    if (rc == DL_OK)
        rc = first_text(obj, lang_keys, " ", tmp);
    if (rc == DL_OK)
        rc = dl_reader_put_field(&a->lang, tmp->data, tmp->len, 64);
    if (rc != DL_OK)
        return rc;
    for (i = 0; date_keys[i] != NULL; i++) {
        v = json_object_get(obj, date_keys[i]);
        if (v != NULL && date_of(v, &a->date)) {
            a->date_origin = "metadata";
            break;
        }
    }
    return DL_OK;
}

static bool
blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' &&
            s[i] != '\v')
            return false;
    }
    return true;
}

dl_status
dl_read_jsonl(const char *path, const char *bytes, size_t len,
              const struct dl_read_opts *o, dl_article_fn emit, dl_warn_fn warn,
              void *ctx, dl_err *err)
{
    struct dl_read_opts defaults;
    struct dl_article a;
    struct dl_decoded d;
    dl_buf tmp = DL_BUF_INIT;
    json_error_t jerr;
    json_t *obj = NULL;
    const char *line;
    const char *nl;
    size_t pos = 0;
    size_t n;
    size_t max_line;
    unsigned long lineno = 0;
    unsigned long record = 0;
    dl_status rc = DL_OK;

    if (o == NULL) {
        dl_read_opts_init(&defaults);
        o = &defaults;
    }
    max_line = o->max_line_bytes;
    memset(&d, 0, sizeof d);
    dl_article_init(&a);
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    /* Judge only the head: a 60 MB export with one odd record deep inside
     * is still text, and the lines are checked one by one anyway. */
    if (dl_decode_looks_binary(bytes + pos,
                               len - pos < 8192 ? len - pos : 8192)) {
        dl_reader_warn(warn, ctx, path, 0, "binary",
                       "looks like a binary file; skipped");
        goto out;
    }
    while (pos < len) {
        nl = memchr(bytes + pos, '\n', len - pos);
        line = bytes + pos;
        n = nl != NULL ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL ? 1 : 0);
        lineno++;
        if (blank(line, n))
            continue;
        record++;
        if (n > max_line) {
            dl_reader_warn(warn, ctx, path, lineno, "too-large",
                           "record of %zu bytes is over the %zu-byte line "
                           "limit; skipped",
                           n, max_line);
            continue;
        }
        if (!dl_utf8_valid(line, n)) {
            dl_decoded_free(&d);
            rc = dl_reader_decode(path, lineno, line, n, "UTF-8", warn, ctx, &d,
                                  err);
            if (rc != DL_OK)
                goto out;
            line = d.text;
            n = d.len;
        }
        /* JSON_ALLOW_NUL: a "\u0000" inside a string is not worth losing
         * the record; the folding drops the control character. */
        obj = json_loadb(line, n, JSON_ALLOW_NUL, &jerr);
        if (obj == NULL) {
            dl_reader_warn(warn, ctx, path, lineno, "bad-json",
                           "not JSON (%s at column %d); skipped", jerr.text,
                           jerr.column);
            continue;
        }
        if (!json_is_object(obj)) {
            dl_reader_warn(warn, ctx, path, lineno, "bad-json",
                           "not a JSON object; skipped");
            json_decref(obj);
            obj = NULL;
            continue;
        }
        dl_article_reset(&a);
        rc = fill(&a, obj, &tmp);
        json_decref(obj);
        obj = NULL;
        if (rc != DL_OK) {
            rc = dl_err_set(err, rc, "%s:%lu: out of memory", path, lineno);
            goto out;
        }
        if (a.body.len == 0 && a.title.len == 0) {
            dl_reader_warn(warn, ctx, path, lineno, "empty",
                           "record has neither a title nor body text; "
                           "skipped");
            continue;
        }
        a.record = record;
        a.line = lineno;
        a.charset = "UTF-8";
        rc = dl_reader_emit(&a, o, emit, ctx);
        if (rc != DL_OK)
            goto out;
    }
    if (record == 0)
        dl_reader_warn(warn, ctx, path, 0, "empty", "no records; skipped");
out:
    json_decref(obj);
    dl_decoded_free(&d);
    dl_buf_free(&tmp);
    dl_article_free(&a);
    return rc;
}
