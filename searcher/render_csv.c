/* render_csv.c - search hits as CSV rows (render_csv.h); the quoting is
 * csv.h's. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "render_csv.h"

dl_status
dl_render_csv_header(dl_buf *out)
{
    dl_status rc = dl_buf_puts(
        out, "rank,id,date,source,title,url,lang,score,cluster_size");
    if (rc == DL_OK)
        rc = dl_csv_end(out);
    return rc;
}

static dl_status
field(dl_buf *out, const char *s)
{
    return dl_csv_field(out, s, strlen(s), 0);
}

dl_status
dl_render_csv_hit(const struct dl_result_hit *h, dl_buf *out)
{
    char num[64];
    dl_status rc;

    snprintf(num, sizeof num, "%u", h->rank);
    rc = dl_csv_field(out, num, strlen(num), 1);
    if (rc == DL_OK)
        rc = field(out, h->id);
    if (rc == DL_OK)
        rc = field(out, h->date);
    if (rc == DL_OK)
        rc = field(out, h->source);
    if (rc == DL_OK)
        rc = field(out, h->title);
    if (rc == DL_OK)
        rc = field(out, h->url);
    if (rc == DL_OK)
        rc = field(out, h->lang);
    if (rc == DL_OK) {
        snprintf(num, sizeof num, "%.4f", h->score);
        rc = field(out, num);
    }
    if (rc == DL_OK) {
        snprintf(num, sizeof num, "%lu", (unsigned long)h->duplicates + 1);
        rc = field(out, num);
    }
    if (rc == DL_OK)
        rc = dl_csv_end(out);
    return rc;
}

dl_status
dl_render_csv(const struct dl_result *res, dl_buf *out)
{
    size_t i;
    dl_status rc = dl_render_csv_header(out);
    for (i = 0; rc == DL_OK && i < res->n_hits; i++)
        rc = dl_render_csv_hit(&res->hits[i], out);
    return rc;
}
