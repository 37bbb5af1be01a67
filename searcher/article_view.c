/* article_view.c - read one article and its cluster for the article view.
 *
 * A view is one attempt (find the document, read its data, body and
 * cluster), repeated whole on a fresh revision when the database changes
 * under it, as a search is: a view never mixes two revisions.  The id is
 * found through its Q term (a term lookup merges over every shard, remote
 * ones included); the cluster through a value range of its key on
 * DL_SLOT_CLUSTER, sorted by date: the slot is set only on articles that
 * have relatives (dl_schema.h), so the range reads a short value stream.
 * The query's words are found over the whole body at once and the ranges
 * then split at the paragraph breaks, so a phrase that runs from one
 * paragraph into the next (the index's positions run on across them) is
 * marked on both sides.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article_view.h"
#include "dl_alloc.h"
#include "dl_boiler.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "query.h"
#include "snippet.h"

static void
rel_free(struct dl_view_rel *r)
{
    dl_free(r->id);
    dl_free(r->title);
    dl_free(r->source);
    dl_free(r->date);
}

void
dl_view_free(struct dl_view *a)
{
    size_t i;
    if (a == NULL)
        return;
    dl_free(a->id);
    dl_free(a->title);
    dl_free(a->date);
    dl_free(a->date_origin);
    dl_free(a->source);
    dl_free(a->author);
    dl_free(a->url);
    dl_free(a->lang);
    dl_free(a->path);
    dl_free(a->query);
    dl_free(a->title_hl);
    dl_free(a->cluster_key);
    for (i = 0; i < a->n_rel; i++)
        rel_free(&a->rel[i]);
    dl_free(a->rel);
    dl_free(a->body);
    for (i = 0; i < a->n_paras; i++)
        dl_free(a->paras[i].hl);
    dl_free(a->paras);
    dl_free(a);
}

static dl_status
nomem(dl_err *err)
{
    return dl_err_set(err, DL_ENOMEM, "out of memory");
}

/* The first document holding term into *docid (0: none). */
static dl_status
first_posting(dl_db *db, const dl_buf *term, unsigned *docid, dl_err *err)
{
    unsigned *ids = NULL;
    size_t n = 0;
    dl_status rc = dl_db_postlist(db, term->data, term->len, &ids, &n, err);
    *docid = rc == DL_OK && n > 0 ? ids[0] : 0;
    dl_free(ids);
    return rc;
}

/* Whether docid's stored id is id[0..n). */
static dl_status
stored_id_is(dl_db *db, unsigned docid, const char *id, size_t n, bool *same,
             dl_err *err)
{
    char *data = NULL;
    size_t len = 0;
    struct dl_docdata d;
    dl_status rc = dl_db_get_data(db, docid, &data, &len, err);
    *same = false;
    if (rc == DL_OK) {
        dl_docdata_decode(data, len, &d);
        *same = d.id.n == n && memcmp(d.id.p, id, n) == 0;
    }
    dl_free(data);
    return rc;
}

/* The document whose shown id is id[0..n): through the Q term of its raw
 * bytes; else, for an index written before ids were escaped (whose shown
 * id is the raw one), through the Q term of the id as given, taken only
 * when the document's own id is exactly that (so that an escaped id
 * never finds the file named by its escaped spelling).  DL_ENOENT when
 * neither finds one. */
static dl_status
find_docid(dl_db *db, const char *id, size_t n, unsigned *docid, dl_err *err)
{
    dl_buf raw = DL_BUF_INIT;
    dl_buf term = DL_BUF_INIT;
    dl_status rc = dl_schema_unescape_name(&raw, id, n);
    bool same = false;

    *docid = 0;
    if (rc == DL_OK) {
        if (dl_schema_term(&term, DL_PREFIX_ID,
                           raw.data != NULL ? raw.data : "", raw.len) != DL_OK)
            rc = nomem(err);
        else
            rc = first_posting(db, &term, docid, err);
    } else if (rc == DL_ENOMEM) {
        rc = nomem(err);
    } else {
        rc = DL_OK; /* not a shown name: perhaps an old index's raw id */
    }
    if (rc == DL_OK && *docid == 0 &&
        (raw.len != n || memcmp(raw.data, id, n) != 0)) {
        if (dl_schema_term(&term, DL_PREFIX_ID, id, n) != DL_OK)
            rc = nomem(err);
        else
            rc = first_posting(db, &term, docid, err);
        if (rc == DL_OK && *docid != 0)
            rc = stored_id_is(db, *docid, id, n, &same, err);
        if (rc == DL_OK && !same)
            *docid = 0;
    }
    dl_buf_free(&raw);
    dl_buf_free(&term);
    if (rc == DL_OK && *docid == 0)
        rc = dl_err_set(err, DL_ENOENT, "no article has the id '%.*s'",
                        (int)(n > 200 ? 200 : n), id);
    return rc;
}

/* The fields of the document data into a. */
static dl_status
take_fields(struct dl_view *a, const struct dl_docdata *d, dl_err *err)
{
    a->id = dl_slice_dup(d->id);
    a->title = dl_slice_dup(d->title);
    a->date = dl_slice_dup_date(d->date);
    a->date_origin = dl_slice_dup(d->date_origin);
    a->source = dl_slice_dup(d->source);
    a->author = dl_slice_dup(d->author);
    a->url = dl_slice_dup(d->url);
    a->url_too_long = d->url_too_long.n > 0;
    a->lang = dl_slice_dup(d->lang);
    a->path = dl_slice_dup(d->path);
    if (!a->id || !a->title || !a->date || !a->date_origin || !a->source ||
        !a->author || !a->url || !a->lang || !a->path)
        return nomem(err);
    return DL_OK;
}

/* Oldest first, then by id: the order the cluster is listed in,
 * whatever the docids of a layout of shards. */
static int
by_date_then_id(const void *x, const void *y)
{
    const struct dl_view_rel *a = x;
    const struct dl_view_rel *b = y;
    int c = strcmp(a->date, b->date);
    return c != 0 ? c : strcmp(a->id, b->id);
}

/* The other articles of a's cluster (key in a->cluster_key), skipping
 * docid itself. */
static dl_status
read_cluster(dl_db *db, unsigned docid, struct dl_view *a, dl_err *err)
{
    struct dl_search_opts so;
    dl_query *q = NULL;
    dl_mset *m = NULL;
    unsigned long lower = 0;
    size_t i;
    dl_status rc;

    a->cluster_size = 1;
    if (*a->cluster_key == '\0')
        return DL_OK;
    rc = dl_query_value_range(DL_SLOT_CLUSTER, a->cluster_key, a->cluster_key,
                              &q, err);
    if (rc != DL_OK)
        return rc;
    dl_search_opts_init(&so);
    so.limit = DL_VIEW_CLUSTER_MAX + 1; /* this article may be one */
    so.sort = DL_SORT_OLDEST;
    so.sort_slot = DL_SLOT_DATE;
    so.collapse_slot = -1;
    rc = dl_search(db, q, &so, &m, err);
    dl_query_free(q);
    if (rc != DL_OK)
        return rc;
    /* A sort by value sees every match: the count is exact. */
    dl_mset_total(m, &lower, NULL, NULL);
    a->cluster_size = lower > 0 ? lower : 1;
    a->rel = dl_calloc(dl_mset_count(m) + 1, sizeof *a->rel);
    if (a->rel == NULL) {
        dl_mset_free(m);
        return nomem(err);
    }
    for (i = 0; i < dl_mset_count(m) && a->n_rel < DL_VIEW_CLUSTER_MAX; i++) {
        struct dl_hit h;
        struct dl_docdata d;
        struct dl_view_rel *r = &a->rel[a->n_rel];
        if (dl_mset_hit(m, i, &h) != DL_OK || h.docid == docid)
            continue;
        dl_docdata_decode(h.data, h.data_len, &d);
        a->n_rel++;
        r->id = dl_slice_dup(d.id);
        r->title = dl_slice_dup(d.title);
        r->source = dl_slice_dup(d.source);
        r->date = dl_slice_dup_date(d.date);
        if (!r->id || !r->title || !r->source || !r->date) {
            dl_mset_free(m);
            return nomem(err);
        }
    }
    dl_mset_free(m);
    qsort(a->rel, a->n_rel, sizeof *a->rel, by_date_then_id);
    return DL_OK;
}

/* Split a->body into its non-empty paragraphs, flagging as boilerplate
 * those the document marks as left out of its terms (marks[0..mlen), its
 * DL_SLOT_BOILER value, common/dl_boiler.h: the paragraphs its source
 * repeats across its articles, by their index among the body's parts).
 * Every renderer shows them marked and leaves them out of the text.  No
 * value (an index written before the mark, or nothing learned): every
 * paragraph the extraction kept is the article's text. */
static dl_status
split_paragraphs(struct dl_view *a, const char *marks, size_t mlen, dl_err *err)
{
    size_t n = 1;
    size_t i;
    size_t start = 0;
    size_t part = 0;
    struct dl_boiler_marks walk;
    unsigned long mark = 0;
    bool more;

    for (i = 0; i < a->body_len; i++)
        n += a->body[i] == '\n';
    a->paras = dl_calloc(n, sizeof *a->paras);
    if (a->paras == NULL)
        return nomem(err);
    dl_boiler_marks_init(&walk, marks, mlen);
    more = dl_boiler_marks_next(&walk, &mark);
    for (i = 0; i <= a->body_len; i++) {
        if (i < a->body_len && a->body[i] != '\n')
            continue;
        /* The marks ascend as the parts do (an empty part is never
         * marked, but step past any mark below this part anyway). */
        while (more && mark < part)
            more = dl_boiler_marks_next(&walk, &mark);
        if (i > start) {
            struct dl_view_para *p = &a->paras[a->n_paras++];
            p->start = start;
            p->len = i - start;
            p->index = part;
            p->boilerplate = more && mark == part;
        }
        start = i + 1;
        part++;
    }
    return DL_OK;
}

/* The ranges hl[0..n) of the whole body that fall in paragraph p, cut to
 * it and made relative to its start. */
static dl_status
para_ranges(struct dl_view_para *p, size_t (*hl)[2], size_t n, dl_err *err)
{
    size_t end = p->start + p->len;
    size_t k;
    size_t m = 0;

    for (k = 0; k < n; k++)
        m += hl[k][0] < end && hl[k][1] > p->start;
    if (m == 0)
        return DL_OK;
    p->hl = dl_calloc(m, sizeof *p->hl);
    if (p->hl == NULL)
        return nomem(err);
    for (k = 0; k < n; k++) {
        size_t s0 = hl[k][0] > p->start ? hl[k][0] : p->start;
        size_t e0 = hl[k][1] < end ? hl[k][1] : end;
        if (s0 >= e0)
            continue;
        p->hl[p->n_hl][0] = s0 - p->start;
        p->hl[p->n_hl][1] = e0 - p->start;
        p->n_hl++;
    }
    return DL_OK;
}

/* Mark the query's words in the title and the paragraphs. */
static dl_status
mark_query(dl_searcher *s, struct dl_view *a, dl_err *err)
{
    dl_query_parser *p = dl_searcher_parser(s);
    struct dl_parsed_query *pq = NULL;
    size_t(*hl)[2] = NULL;
    size_t n = 0;
    size_t i;
    dl_err perr;
    dl_status rc;

    rc = dl_query_parser_parse(p, a->query, strlen(a->query), NULL, &pq, NULL,
                               &perr);
    if (rc == DL_ENOMEM)
        return nomem(err);
    if (rc != DL_OK)
        return DL_OK; /* only for marking: a query that does not parse
                         marks nothing */
    rc = dl_snippet_highlights(a->title, strlen(a->title), pq, p, a->lang,
                               &a->title_hl, &a->n_title_hl, err);
    if (rc == DL_OK)
        rc = dl_snippet_highlights(a->body, a->body_len, pq, p, a->lang, &hl,
                                   &n, err);
    for (i = 0; rc == DL_OK && i < a->n_paras; i++)
        rc = para_ranges(&a->paras[i], hl, n, err);
    dl_free(hl);
    dl_parsed_query_free(pq);
    return rc;
}

/* One attempt at the whole view (see the top of this file). */
static dl_status
attempt(dl_searcher *s, const char *id, size_t id_len, struct dl_view *a,
        dl_err *err)
{
    dl_db *db = dl_searcher_db(s);
    unsigned docid = 0;
    char *data = NULL;
    size_t len = 0;
    size_t klen = 0;
    char *marks = NULL;
    size_t mlen = 0;
    struct dl_docdata d;
    dl_buf body = DL_BUF_INIT;
    dl_status rc;

    rc = find_docid(db, id, id_len, &docid, err);
    if (rc == DL_OK)
        rc = dl_db_get_data(db, docid, &data, &len, err);
    if (rc != DL_OK)
        return rc;
    dl_docdata_decode(data, len, &d);
    rc = take_fields(a, &d, err);
    if (rc == DL_OK)
        rc = dl_searcher_body(s, docid, &d, &body, err);
    dl_free(data);
    if (rc == DL_OK) {
        a->body_len = body.len;
        a->body = dl_buf_steal(&body, NULL);
        if (a->body == NULL)
            rc = nomem(err);
    }
    dl_buf_free(&body);
    a->truncated = a->body_len + 3 >= DL_STORED_BODY_MAX;
    if (rc == DL_OK)
        rc = dl_db_get_value(db, docid, DL_SLOT_CLUSTER, &a->cluster_key, &klen,
                             err);
    if (rc == DL_OK)
        rc = read_cluster(db, docid, a, err);
    if (rc == DL_OK)
        rc = dl_db_get_value(db, docid, DL_SLOT_BOILER, &marks, &mlen, err);
    if (rc == DL_OK)
        rc = split_paragraphs(a, marks, mlen, err);
    dl_free(marks);
    if (rc == DL_OK && a->query != NULL)
        rc = mark_query(s, a, err);
    return rc;
}

dl_status
dl_view_show(dl_searcher *s, const char *id, size_t id_len, const char *query,
             size_t query_len, struct dl_view **out, dl_err *err)
{
    struct dl_view *a = NULL;
    unsigned tries;
    dl_status rc;

    *out = NULL;
    if (id == NULL || id_len == 0)
        return dl_err_set(err, DL_EINVAL, "no article id given");
    for (tries = 0;; tries++) {
        a = dl_calloc(1, sizeof *a);
        if (a == NULL)
            return nomem(err);
        if (query != NULL && query_len > 0) {
            a->query = dl_strndup(query, query_len);
            if (a->query == NULL) {
                dl_view_free(a);
                return nomem(err);
            }
        }
        rc = attempt(s, id, id_len, a, err);
        if (rc != DL_EMODIFIED || tries >= DL_SEARCH_MAX_RETRIES)
            break;
        dl_view_free(a);
        a = NULL;
        rc = dl_db_reopen(dl_searcher_db(s), NULL, err);
        if (rc != DL_OK)
            return rc;
    }
    if (rc != DL_OK) {
        dl_view_free(a);
        return rc;
    }
    *out = a;
    return DL_OK;
}
