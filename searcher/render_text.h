/* render_text.h - search results, and the article view, as text for a
 * person at a terminal.
 *
 * One block per hit: rank, date, source, title, then the url (or path),
 * the snippet and the number of near-duplicates folded into it; the total,
 * notice and suggestion above; facets below.  Article text is made safe for
 * a terminal once, here: control characters (escape sequences included)
 * become spaces.  With ansi, highlights are bold (ESC[1m ... ESC[0m);
 * without, the text is plain.
 */
#ifndef DL_RENDER_TEXT_H
#define DL_RENDER_TEXT_H

#include <stdbool.h>

#include "article_view.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"
#include "topwords.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_render_text - append res to out (not reset).  DL_OK or DL_ENOMEM (out
 * may then hold part of the text). */
dl_status dl_render_text(const struct dl_result *res, bool ansi, dl_buf *out);

/* dl_render_text_head, dl_render_text_hit - the same text in pieces, for
 * an export that writes hits as it reads them (export.h): the notice,
 * suggestion and count line, then one hit's block.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_render_text_head(const struct dl_result *res, dl_buf *out);
dl_status dl_render_text_hit(const struct dl_result_hit *h, bool ansi,
                             dl_buf *out);

/* dl_render_text_view - append the article view a to out (not reset):
 * the title, one "Label:    value" line per field (the date with where
 * it came from, source, author, URL, language, id, the file when it is
 * not the id), the near-duplicate cluster with each other article's
 * date, source, title and id, then the paragraphs separated by blank
 * lines, boilerplate ones labelled "[boilerplate] ", and a last line when
 * the stored text was cut.  With ansi the title and the query's matches
 * are bold.  DL_OK or DL_ENOMEM. */
dl_status dl_render_text_view(const struct dl_view *a, bool ansi, dl_buf *out);

/* dl_render_text_topwords - append the top words tw to out (not reset): a
 * line saying what they were drawn from (the matching articles, and the
 * sample when it is not all of them), the any-word notice when it applies, then
 * a table, one word a line: rank, word, stem, score (one decimal), documents of
 * the sample holding it; the word column as wide as the longest word.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_render_text_topwords(const struct dl_topwords *tw, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
