/* render_csv.c - results as CSV (render_csv.h).  Every field goes through
 * dl_csv_field, numbers included, so the quoting rule lives in csv.c. */
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
text_field(dl_buf *out, const char *s)
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
        rc = text_field(out, h->id);
    if (rc == DL_OK)
        rc = text_field(out, h->date);
    if (rc == DL_OK)
        rc = text_field(out, h->source);
    if (rc == DL_OK)
        rc = text_field(out, h->title);
    if (rc == DL_OK)
        rc = text_field(out, h->url);
    if (rc == DL_OK)
        rc = text_field(out, h->lang);
    if (rc == DL_OK) {
        snprintf(num, sizeof num, "%.4f", h->score);
        rc = text_field(out, num);
    }
    if (rc == DL_OK) {
        snprintf(num, sizeof num, "%lu", (unsigned long)h->duplicates + 1);
        rc = text_field(out, num);
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

/* The field text in buf (snprintf's n) as one field, not first. */
static dl_status
number_field(dl_buf *out, const char *buf, int n, size_t size)
{
    if (n < 0 || (size_t)n >= size)
        n = 0;
    return dl_csv_field(out, buf, (size_t)n, 0);
}

dl_status
dl_render_csv_topwords(const struct dl_topwords *tw, dl_buf *out)
{
    static const char *const header[] = {"rank", "word", "stem", "score",
                                         "docs"};
    size_t i;
    dl_status rc = DL_OK;

    for (i = 0; rc == DL_OK && i < sizeof header / sizeof header[0]; i++)
        rc = dl_csv_field(out, header[i], strlen(header[i]), i == 0);
    if (rc == DL_OK)
        rc = dl_csv_end(out);
    for (i = 0; rc == DL_OK && i < tw->n; i++) {
        const struct dl_topword *w = &tw->words[i];
        char num[64];
        int n = snprintf(num, sizeof num, "%zu", i + 1);
        rc = dl_csv_field(out, num, (size_t)(n > 0 ? n : 0), 1);
        if (rc == DL_OK)
            rc = dl_csv_field(out, w->word, strlen(w->word), 0);
        if (rc == DL_OK)
            rc = dl_csv_field(out, w->stem, strlen(w->stem), 0);
        if (rc == DL_OK) {
            n = snprintf(num, sizeof num, "%.4f", w->score);
            rc = number_field(out, num, n, sizeof num);
        }
        if (rc == DL_OK) {
            n = snprintf(num, sizeof num, "%lu", w->docs);
            rc = number_field(out, num, n, sizeof num);
        }
        if (rc == DL_OK)
            rc = dl_csv_end(out);
    }
    return rc;
}
