/* export.c - every article a search matches, one at a time (export.h).
 *
 * The plan is the search's (search_int.h) run for a page of one hit, so
 * the any-word fallback decides the same way; then dl_search_all lists
 * every match and each dl_export_next reads one article's data.  The
 * hit handed out is reused: its strings are freed before the next one is
 * filled, so memory does not grow with the export.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_clock.h"
#include "export.h"
#include "render_csv.h"
#include "render_json.h"
#include "render_text.h"
#include "search_int.h"

/* Output is handed to the stream in pieces of about this many bytes. */
#define WRITE_CHUNK 65536

struct dl_export {
    dl_searcher *s;
    struct dl_search_req req; /* r, its strings borrowed */
    struct dl_search_plan plan;
    dl_matches *all;
    size_t next; /* index of the next match to hand out */
    bool snippets;
    struct dl_result res; /* the head: no hits */
    struct dl_result_hit hit;
    dl_buf body; /* scratch for snippets */
    double t0;
};

/* One try at the plan and the match of every docid. */
static dl_status
open_once(dl_export *e, double deadline, size_t *errpos, dl_err *err)
{
    dl_status rc;

    dl_free(e->res.notice);
    e->res.notice = NULL;
    e->res.empty_query = false;
    dl_search_plan_free(&e->plan);
    dl_matches_free(e->all);
    e->all = NULL;
    rc = dl_search_plan_run(e->s, &e->req, deadline, &e->plan, &e->res, errpos,
                            err);
    if (rc != DL_OK || e->res.empty_query)
        return rc;
    return dl_search_all(dl_searcher_db(e->s), e->plan.full, &e->plan.so,
                         &e->all, err);
}

dl_status
dl_export_open(dl_searcher *s, const struct dl_search_req *r, bool snippets,
               dl_export **out, size_t *errpos, dl_err *err)
{
    dl_export *e;
    double deadline = dl_cpu_deadline(r->budget_ms);
    unsigned tries;
    dl_status rc;

    *out = NULL;
    if (errpos != NULL)
        *errpos = 0;
    e = dl_calloc(1, sizeof *e);
    if (e == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    e->s = s;
    e->t0 = dl_now();
    e->snippets = snippets;
    e->req = *r;
    if (e->req.query == NULL) {
        e->req.query = "";
        e->req.query_len = 0;
    }
    /* The plan's own match is one hit: only whether anything matches
     * matters to it. */
    e->req.offset = 0;
    e->req.limit = 1;
    e->req.facets = false;
    e->req.suggest = false;
    e->res.query = dl_strndup(e->req.query, e->req.query_len);
    if (e->res.query == NULL) {
        dl_export_free(e);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    for (tries = 0;; tries++) {
        rc = open_once(e, deadline, errpos, err);
        if (rc != DL_EMODIFIED || tries >= DL_SEARCH_MAX_RETRIES)
            break;
        rc = dl_db_reopen(dl_searcher_db(s), NULL, err);
        if (rc != DL_OK)
            break;
    }
    if (rc != DL_OK) {
        dl_export_free(e);
        return rc;
    }
    e->res.total = e->all != NULL ? (unsigned long)dl_matches_count(e->all) : 0;
    e->res.total_lower = e->res.total;
    e->res.total_upper = e->res.total;
    e->res.took_ms = (dl_now() - e->t0) * 1000.0;
    *out = e;
    return DL_OK;
}

const struct dl_result *
dl_export_result(const dl_export *e)
{
    return &e->res;
}

dl_status
dl_export_next(dl_export *e, const struct dl_result_hit **hit, dl_err *err)
{
    struct dl_hit h;
    char *data = NULL;
    size_t len = 0;
    dl_status rc;

    *hit = NULL;
    dl_result_hit_free(&e->hit);
    e->res.took_ms = (dl_now() - e->t0) * 1000.0;
    if (e->all == NULL || e->next >= dl_matches_count(e->all))
        return DL_DONE;
    if (dl_matches_get(e->all, e->next, &h) != DL_OK)
        return dl_err_set(err, DL_EINTERNAL, "match %zu out of range", e->next);
    rc = dl_db_get_data(dl_searcher_db(e->s), h.docid, &data, &len, err);
    if (rc == DL_EMODIFIED)
        dl_err_set(err, rc,
                   "the index changed too much during the export (the "
                   "indexer committed); run the export again");
    if (rc != DL_OK)
        return rc;
    h.data = data;
    h.data_len = len;
    rc = dl_search_fill_hit(e->s, &h, e->plan.pq, &e->req, e->snippets, &e->hit,
                            &e->body, err);
    dl_free(data);
    if (rc != DL_OK) {
        dl_result_hit_free(&e->hit);
        return rc;
    }
    e->next++;
    *hit = &e->hit;
    return DL_OK;
}

void
dl_export_free(dl_export *e)
{
    if (e == NULL)
        return;
    dl_result_hit_free(&e->hit);
    dl_search_plan_free(&e->plan);
    dl_matches_free(e->all);
    dl_buf_free(&e->body);
    dl_free(e->res.query);
    dl_free(e->res.notice);
    dl_free(e);
}

/* out's bytes to f, and out emptied; DL_EIO when f refuses them. */
static dl_status
flush_to(dl_buf *out, FILE *f, dl_err *err)
{
    if (out->len > 0 && fwrite(out->data, 1, out->len, f) != out->len)
        return dl_err_set(err, DL_EIO, "cannot write the export");
    dl_buf_reset(out);
    return DL_OK;
}

/* One hit of fmt into out; n is how many came before it. */
static dl_status
render_hit(enum dl_export_format fmt, bool ansi, unsigned long n,
           const struct dl_result_hit *h, dl_buf *out)
{
    dl_status rc;
    switch (fmt) {
    case DL_EXPORT_CSV:
        return dl_render_csv_hit(h, out);
    case DL_EXPORT_JSON:
        /* One hit a line, inside the one object. */
        rc = dl_buf_puts(out, n == 0 ? "\n" : ",\n");
        return rc == DL_OK ? dl_render_json_hit(h, out) : rc;
    case DL_EXPORT_TEXT:
    default:
        return dl_render_text_hit(h, ansi, out);
    }
}

static dl_status
render_head(enum dl_export_format fmt, const struct dl_result *res, dl_buf *out)
{
    switch (fmt) {
    case DL_EXPORT_CSV:
        return dl_render_csv_header(out);
    case DL_EXPORT_JSON:
        return dl_render_json_head(res, out);
    case DL_EXPORT_TEXT:
    default:
        return dl_render_text_head(res, out);
    }
}

dl_status
dl_export_write(dl_export *e, enum dl_export_format fmt, bool ansi, FILE *out,
                unsigned long progress_every, dl_export_progress_fn progress,
                void *ctx, dl_err *err)
{
    dl_buf buf = DL_BUF_INIT;
    const struct dl_result_hit *h = NULL;
    unsigned long n = 0;
    dl_status rc = render_head(fmt, &e->res, &buf);

    while (rc == DL_OK) {
        rc = dl_export_next(e, &h, err);
        if (rc != DL_OK)
            break;
        rc = render_hit(fmt, ansi, n, h, &buf);
        n++;
        if (rc == DL_OK && buf.len >= WRITE_CHUNK)
            rc = flush_to(&buf, out, err);
        if (rc == DL_OK && progress != NULL && progress_every > 0 &&
            n % progress_every == 0)
            progress(ctx, n, e->res.total, false);
    }
    if (rc == DL_DONE) {
        rc = DL_OK;
        if (fmt == DL_EXPORT_JSON)
            rc = dl_buf_puts(&buf, n > 0 ? "\n" : "");
        if (rc == DL_OK && fmt == DL_EXPORT_JSON)
            rc = dl_render_json_tail(&e->res, &buf);
    }
    if (rc == DL_ENOMEM)
        dl_err_set(err, rc, "out of memory");
    if (buf.len > 0) {
        dl_status wr = flush_to(&buf, out, err);
        if (rc == DL_OK)
            rc = wr;
    }
    if (rc == DL_OK && fflush(out) != 0)
        rc = dl_err_set(err, DL_EIO, "cannot write the export");
    if (rc == DL_OK && progress != NULL)
        progress(ctx, n, e->res.total, true);
    dl_buf_free(&buf);
    return rc;
}
