/* render_json.h - search results as the JSON object of SPEC section 5,
 * and the article view (--show) as one of its own.
 *
 * One object on one line: query, total, offset, hits (id, rank, score,
 * title, date, source, url, path, lang, snippet, highlights, duplicates),
 * facets, suggestion, took_ms, and notice when the any-word fallback ran;
 * or the article (dl_render_json_view).  docs/json.md is the schemas'
 * documentation; keep the two in step.  Every
 * string goes through dl_json_string once; highlights are byte offsets
 * into the snippet's UTF-8, which the escaping does not change.
 */
#ifndef DL_RENDER_JSON_H
#define DL_RENDER_JSON_H

#include "article_view.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"
#include "topwords.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_render_json - append res as one JSON object and a newline to out (not
 * reset).  DL_OK or DL_ENOMEM (out may then hold part of it). */
dl_status dl_render_json(const struct dl_result *res, dl_buf *out);

/* dl_render_json_head, dl_render_json_hit, dl_render_json_tail - the same
 * object in pieces, for an export that writes hits as it reads them
 * (export.h): the head up to the opening of "hits" (total and offset from
 * res), one hit object (the caller writes the ',' between two), and the
 * rest from the closing of "hits" to the newline.  DL_OK or DL_ENOMEM. */
dl_status dl_render_json_head(const struct dl_result *res, dl_buf *out);
dl_status dl_render_json_hit(const struct dl_result_hit *h, dl_buf *out);
dl_status dl_render_json_tail(const struct dl_result *res, dl_buf *out);
/* dl_render_json_with_words - as dl_render_json, with the top words tw
 * (NULL: none, exactly dl_render_json) as a member "top_words" holding
 * the object of dl_render_json_topwords.  DL_OK or DL_ENOMEM. */
dl_status dl_render_json_with_words(const struct dl_result *res,
                                    const struct dl_topwords *tw, dl_buf *out);

/* dl_render_json_topwords - append the top words tw as one JSON object
 * and a newline to out (not reset): query, matches, sample, any_word,
 * words [{word, stem, score, docs}] best first, took_ms (docs/json.md,
 * "Top words").  DL_OK or DL_ENOMEM. */
dl_status dl_render_json_topwords(const struct dl_topwords *tw, dl_buf *out);

/* dl_render_json_view - append the article view a as one JSON object
 * and a newline to out (not reset): id, title, date, date_origin, source,
 * author, url (url_too_long when it applies), lang, path, query,
 * title_highlights, cluster {key, size, articles [{id, title, source,
 * date}]}, paragraphs [{text, boilerplate, highlights}], text (the
 * paragraphs that are not boilerplate joined by "\n") and truncated;
 * docs/json.md, "The article view".  DL_OK or DL_ENOMEM. */
dl_status dl_render_json_view(const struct dl_view *a, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
