/* render_json.h - search results as the JSON object of SPEC section 5.
 *
 * One object on one line: query, total, offset, hits (id, rank, score,
 * title, date, source, url, path, lang, snippet, highlights, duplicates),
 * facets, suggestion, took_ms, and notice when the any-word fallback ran.
 * docs/json.md is the schema's documentation; keep the two in step.  Every
 * string goes through dl_json_string once; highlights are byte offsets
 * into the snippet's UTF-8, which the escaping does not change.
 */
#ifndef DL_RENDER_JSON_H
#define DL_RENDER_JSON_H

#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_render_json - append res as one JSON object and a newline to out (not
 * reset).  DL_OK or DL_ENOMEM (out may then hold part of it). */
dl_status dl_render_json(const struct dl_result *res, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
