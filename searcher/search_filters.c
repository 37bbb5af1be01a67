/* search_filters.c - a search's side filters as one boolean query
 * (search_filters.h).
 */
#include "config.h"

#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "search_filters.h"

/* Only these bytes may go into the filter text handed to the parser, so a
 * filter value cannot smuggle in query syntax. */
static bool
filter_ok(const char *v, const char *allowed)
{
    for (; *v != '\0'; v++) {
        if (strchr(allowed, *v) == NULL)
            return false;
    }
    return true;
}

dl_status
dl_search_filters(dl_query_parser *qp, const struct dl_search_req *r,
                  dl_query **out, dl_err *err)
{
    static const char date_chars[] = "0123456789-./";
    static const char lang_chars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    dl_buf text = DL_BUF_INIT;
    dl_buf term = DL_BUF_INIT;
    dl_buf norm = DL_BUF_INIT;
    struct dl_parsed_query *pq = NULL;
    dl_query *src = NULL;
    dl_query *pair[2];
    const char *from = r->date_from != NULL ? r->date_from : "";
    const char *to = r->date_to != NULL ? r->date_to : "";
    dl_status rc = DL_OK;

    *out = NULL;
    if (!filter_ok(from, date_chars) || !filter_ok(to, date_chars) ||
        strlen(from) > 32 || strlen(to) > 32)
        return dl_err_set(err, DL_EINVAL,
                          "date filters take YYYY, YYYY-MM or YYYY-MM-DD");
    if (r->lang != NULL &&
        (!filter_ok(r->lang, lang_chars) || strlen(r->lang) > 16))
        return dl_err_set(err, DL_EINVAL,
                          "the language filter takes a code such as en");
    if (*from != '\0' || *to != '\0')
        rc = dl_buf_printf(&text, "date:%s..%s ", from, to);
    if (rc == DL_OK && r->lang != NULL && *r->lang != '\0')
        rc = dl_buf_printf(&text, "lang:%s", r->lang);
    if (rc != DL_OK) {
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
        goto out;
    }
    if (text.len > 0) {
        rc = dl_query_parser_parse(qp, text.data, text.len, NULL, &pq, NULL,
                                   err);
        if (rc != DL_OK) {
            /* The parser's message points into text made here, which the
             * caller never saw: say what the filters accept instead.  A
             * failure of the index (asked while planning the date range)
             * keeps its own status and message. */
            if (rc == DL_EQUERY)
                rc = dl_err_set(err, DL_EINVAL,
                                "bad filter: dates are YYYY, YYYY-MM or "
                                "YYYY-MM-DD with the start before the "
                                "end; the language is a code such as en");
            goto out;
        }
    }
    if (r->source != NULL && *r->source != '\0') {
        if (dl_normalize_term(r->source, strlen(r->source), &norm) != DL_OK ||
            dl_schema_term(&term, DL_PREFIX_SOURCE_EXACT, norm.data,
                           norm.len) != DL_OK) {
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            goto out;
        }
        rc = dl_query_term(term.data, term.len, 1, 0, &src, err);
        if (rc != DL_OK)
            goto out;
    }
    if (pq != NULL && src != NULL) {
        pair[0] = pq->query;
        pair[1] = src;
        rc = dl_query_combine(DL_QOP_AND, pair, 2, 0, out, err);
    } else if (pq != NULL) {
        *out = pq->query;
        pq->query = NULL;
    } else if (src != NULL) {
        *out = src;
        src = NULL;
    }
out:
    dl_parsed_query_free(pq);
    dl_query_free(src);
    dl_buf_free(&text);
    dl_buf_free(&term);
    dl_buf_free(&norm);
    return rc;
}

dl_status
dl_search_filter_apply(dl_query *q, bool q_empty, dl_query *f, dl_query **out,
                       dl_err *err)
{
    dl_query *pair[2];
    *out = NULL;
    if (f == NULL)
        return dl_query_scale(q, 1.0, out, err);
    if (q_empty)
        return dl_query_scale(f, 0, out, err);
    pair[0] = q;
    pair[1] = f;
    return dl_query_combine(DL_QOP_FILTER, pair, 2, 0, out, err);
}
