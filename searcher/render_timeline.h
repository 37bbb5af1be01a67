/* render_timeline.h - a timeline (timeline.h) as text, JSON or CSV.
 *
 * Text is a table for a person: one line per period with matching
 * articles, all articles and the share, a comparison's queries side by
 * side, a timeline by source one line per period and source; then the
 * undated articles and those dated too coarsely for the period, which no
 * period holds.  JSON is the object docs/json.md describes.  CSV (csv.h's
 * quoting) has a header row and one row per period (per period and source
 * by source; a comparison gives each query its columns), then rows
 * "undated", "month only" and "year only" when such articles exist.
 */
#ifndef DL_RENDER_TIMELINE_H
#define DL_RENDER_TIMELINE_H

#include "dl_buf.h"
#include "dl_status.h"
#include "timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Each appends t to out (not reset).  DL_OK or DL_ENOMEM (out may then
 * hold part of it). */
dl_status dl_render_timeline_text(const struct dl_timeline *t, dl_buf *out);
dl_status dl_render_timeline_json(const struct dl_timeline *t, dl_buf *out);
dl_status dl_render_timeline_csv(const struct dl_timeline *t, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
