/* restore.c - an indexed article back from its stored document.
 *
 * The inverse of docbuild.c's set_data: every field the document data
 * holds goes back where the reader had put it, so that dl_docbuild makes
 * the same document of it again (tests/unit/test_docbuild.c checks that
 * the terms and values come out identical).  The date comes back with its
 * origin, the language as the code it was indexed in (no detection runs
 * again), the URL-too-long flag as a flag (the URL itself was never
 * stored).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_date.h"
#include "dl_schema.h"
#include "restore.h"

void
dl_restored_init(struct dl_restored *r)
{
    memset(r, 0, sizeof *r);
    dl_article_init(&r->a);
}

void
dl_restored_free(struct dl_restored *r)
{
    dl_article_free(&r->a);
    dl_buf_free(&r->path);
    dl_buf_free(&r->lang);
    dl_buf_free(&r->cluster);
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The raw bytes of a name shown by dl_schema_escape_name into out (reset
 * first).  false when s is not such a name. */
static bool
unescape_name(const char *s, size_t n, dl_buf *out, dl_status *rc)
{
    size_t i = 0;
    dl_buf_reset(out);
    *rc = dl_buf_append(out, "", 0);
    while (*rc == DL_OK && i < n) {
        if (s[i] != '\\') {
            *rc = dl_buf_putc(out, s[i++]);
        } else if (i + 1 < n && s[i + 1] == '\\') {
            *rc = dl_buf_putc(out, '\\');
            i += 2;
        } else if (i + 3 < n && s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 &&
                   hex_digit(s[i + 3]) >= 0) {
            *rc = dl_buf_putc(
                out, (char)(hex_digit(s[i + 2]) * 16 + hex_digit(s[i + 3])));
            i += 4;
        } else {
            return false;
        }
    }
    return *rc == DL_OK;
}

/* The record number after the shown path in the shown id ("#N"), 0 for a
 * whole-file article; false when the id is not the path plus that. */
static bool
record_of(struct dl_slice id, struct dl_slice path, unsigned long *record)
{
    unsigned long v = 0;
    size_t i;
    *record = 0;
    if (id.n < path.n || memcmp(id.p, path.p, path.n) != 0)
        return false;
    if (id.n == path.n)
        return true;
    if (id.p[path.n] != '#' || id.n == path.n + 1)
        return false;
    for (i = path.n + 1; i < id.n; i++) {
        if (id.p[i] < '0' || id.p[i] > '9' || v > (~0UL - 9) / 10)
            return false;
        v = v * 10 + (unsigned long)(id.p[i] - '0');
    }
    *record = v;
    return v > 0;
}

static const char *
origin_of(struct dl_slice s)
{
    static const char *const known[] = {"metadata", "path", "dateline"};
    size_t i;
    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (s.n == strlen(known[i]) && memcmp(s.p, known[i], s.n) == 0)
            return known[i];
    }
    return "metadata";
}

static dl_status
put_slice(dl_buf *b, struct dl_slice s)
{
    dl_buf_reset(b);
    return dl_buf_append(b, s.p != NULL ? s.p : "", s.n);
}

/* The metadata fields of d into r. */
static dl_status
restore_fields(const struct dl_docdata *d, struct dl_restored *r)
{
    struct dl_article *a = &r->a;
    dl_status rc = DL_OK;
    if (put_slice(&a->title, d->title) != DL_OK ||
        put_slice(&a->source, d->source) != DL_OK ||
        put_slice(&a->author, d->author) != DL_OK ||
        put_slice(&a->url, d->url) != DL_OK ||
        put_slice(&r->lang, d->lang) != DL_OK)
        return DL_ENOMEM;
    r->url_too_long = d->url_too_long.n > 0;
    if (d->date.n > 0) {
        if (!dl_date_parse(d->date.p, d->date.n, &a->date))
            return DL_EINVAL;
        a->date_origin = origin_of(d->date_origin);
    }
    return rc;
}

/* Reading the file again: the article whose record is wanted. */
struct pick {
    unsigned long record;
    dl_buf *body; /* receives its text */
    bool found;
};

static dl_status
pick_cb(void *ctx, struct dl_article *a)
{
    struct pick *p = ctx;
    dl_buf tmp;
    if (a->record != p->record)
        return DL_OK;
    /* Take the text without copying: the reader resets its article. */
    tmp = *p->body;
    *p->body = a->body;
    a->body = tmp;
    p->found = true;
    return DL_DONE;
}

/* The whole text of r's article from its file, in place of the stored
 * first DL_STORED_BODY_MAX bytes, if the file still starts with them. */
static dl_status
body_from_file(struct dl_restored *r, const struct dl_read_opts *ropts,
               dl_err *err)
{
    struct pick p;
    dl_buf body = DL_BUF_INIT;
    dl_status rc;
    p.record = r->a.record;
    p.body = &body;
    p.found = false;
    rc = dl_read_file(r->path.data, ropts, pick_cb, NULL, &p, NULL, err);
    if (rc == DL_DONE)
        rc = DL_OK;
    if (rc == DL_ENOMEM) {
        dl_buf_free(&body);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc != DL_OK || !p.found || body.len < r->a.body.len ||
        memcmp(body.data, r->a.body.data, r->a.body.len) != 0) {
        dl_buf_free(&body);
        return dl_err_set(err, DL_EINVAL,
                          "%s: changed or unreadable since it was indexed",
                          r->path.data);
    }
    dl_buf_free(&r->a.body);
    r->a.body = body;
    r->from_file = true;
    return DL_OK;
}

dl_status
dl_restore(dl_wdb *w, unsigned docid, const struct dl_read_opts *ropts,
           struct dl_restored *r, dl_err *err)
{
    char *data = NULL;
    char *packed = NULL;
    char *cluster = NULL;
    size_t dlen = 0, plen = 0, clen = 0;
    struct dl_docdata d;
    dl_status rc;

    dl_article_reset(&r->a);
    dl_buf_reset(&r->path);
    dl_buf_reset(&r->lang);
    dl_buf_reset(&r->cluster);
    r->url_too_long = false;
    r->from_file = false;
    rc = dl_wdb_get_data(w, docid, &data, &dlen, err);
    if (rc == DL_OK)
        rc = dl_wdb_get_value(w, docid, DL_SLOT_BODY, &packed, &plen, err);
    if (rc == DL_OK)
        rc = dl_wdb_get_value(w, docid, DL_SLOT_CLUSTER, &cluster, &clen, err);
    if (rc != DL_OK)
        goto out;
    dl_docdata_decode(data, dlen, &d);
    if (d.path.n == 0 || !unescape_name(d.path.p, d.path.n, &r->path, &rc) ||
        !record_of(d.id, d.path, &r->a.record)) {
        if (rc == DL_OK)
            rc = dl_err_set(err, DL_EINVAL, "document %u: no id to restore",
                            docid);
        goto out;
    }
    rc = restore_fields(&d, r);
    if (rc == DL_OK && dl_buf_append(&r->cluster, cluster, clen) != DL_OK)
        rc = DL_ENOMEM;
    if (rc == DL_OK && d.body.n > 0)
        rc = dl_buf_append(&r->a.body, d.body.p, d.body.n);
    else if (rc == DL_OK && plen > 0)
        rc = dl_body_unpack(packed, plen, &r->a.body);
    if (rc == DL_ENOMEM) {
        rc = dl_err_set(err, rc, "out of memory");
        goto out;
    }
    if (rc != DL_OK) {
        rc = dl_err_set(err, DL_EINVAL, "document %u: stored data damaged",
                        docid);
        goto out;
    }
    /* The stored text is cut within the last UTF-8 character's bytes of
     * the cap: the article may go on, so its file has the rest. */
    if (r->a.body.len + 4 > DL_STORED_BODY_MAX)
        rc = body_from_file(r, ropts, err);
out:
    dl_free(data);
    dl_free(packed);
    dl_free(cluster);
    return rc;
}
