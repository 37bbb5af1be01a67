/* render_csv.c - results as CSV (render_csv.h).  Every field goes through
 * dl_csv_field, numbers included, so the quoting rule lives in csv.c. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "render_csv.h"

/* The field text in buf (snprintf's n) as one field, not first. */
static dl_status
field(dl_buf *out, const char *buf, int n, size_t size)
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
            rc = field(out, num, n, sizeof num);
        }
        if (rc == DL_OK) {
            n = snprintf(num, sizeof num, "%lu", w->docs);
            rc = field(out, num, n, sizeof num);
        }
        if (rc == DL_OK)
            rc = dl_csv_end(out);
    }
    return rc;
}
