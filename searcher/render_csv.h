/* render_csv.h - results as CSV (RFC 4180, csv.h's one quoting rule), for
 * spreadsheets and R: a header record naming the columns, then one record
 * per row, in UTF-8 without a byte-order mark (docs/json.md, "CSV").
 *
 * Hits: columns, in this order, under a header row of these names:
 *   rank          1-based position in the result list
 *   id            the article's id (as --show and the page's show= take it)
 *   date          YYYY-MM-DD, YYYY-MM or YYYY as known; empty when undated
 *   source, title, url (empty when the article has none), lang
 *   score         the BM25 weight, 4 decimals (0 for a browse by filters)
 *   cluster_size  the articles this row stands for: itself and the
 *                 near-duplicates collapsed into it (1 with no_collapse)
 * Top words: rank, word, stem, score, docs.
 * Values are written as stored.
 */
#ifndef DL_RENDER_CSV_H
#define DL_RENDER_CSV_H

#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"
#include "topwords.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_render_csv_header - append the hits' header row to out.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_render_csv_header(dl_buf *out);

/* dl_render_csv_hit - append h as one row to out.  DL_OK or DL_ENOMEM
 * (out may then hold part of the row). */
dl_status dl_render_csv_hit(const struct dl_result_hit *h, dl_buf *out);

/* dl_render_csv - append the header and a row per hit of res to out
 * (not reset).  DL_OK or DL_ENOMEM. */
dl_status dl_render_csv(const struct dl_result *res, dl_buf *out);

/* dl_render_csv_topwords - append the top words tw to out (not reset):
 * the header "rank,word,stem,score,docs" and one record per word, best
 * first (score with four decimals; docs: documents of the sample holding
 * the word).  DL_OK or DL_ENOMEM. */
dl_status dl_render_csv_topwords(const struct dl_topwords *tw, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
