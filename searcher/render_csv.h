/* render_csv.h - results as CSV (RFC 4180, csv.h's one quoting rule), for
 * spreadsheets and R: a header record naming the columns, then one record
 * per row.
 */
#ifndef DL_RENDER_CSV_H
#define DL_RENDER_CSV_H

#include "dl_buf.h"
#include "dl_status.h"
#include "topwords.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_render_csv_topwords - append the top words tw to out (not reset):
 * the header "rank,word,stem,score,docs" and one record per word, best
 * first (score with four decimals; docs: documents of the sample holding
 * the word).  DL_OK or DL_ENOMEM. */
dl_status dl_render_csv_topwords(const struct dl_topwords *tw, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
