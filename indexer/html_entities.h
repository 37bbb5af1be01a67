/* html_entities.h - HTML character references ("&amp;", "&#8217;",
 * "&eacute;") decoded into UTF-8 as the text streams past.
 *
 * The named references are the ones news pages use (punctuation, Latin-1
 * letters and signs, a few Greek and math ones), matched with or without
 * the ';' as browsers do for the legacy ones; numeric references in the
 * C1 range are read as windows-1252, as the HTML standard says; a
 * reference that is not one stays as text.
 */
#ifndef DL_HTML_ENTITIES_H
#define DL_HTML_ENTITIES_H

#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where decoded text goes: p[0..n) is borrowed for the call; a status
 * other than DL_OK stops the decoding and is returned. */
typedef dl_status (*dl_html_sink_fn)(void *sctx, const char *p, size_t n);

/* dl_html_decode_entities - send s[0..n) to sink with character
 * references decoded, in pieces.  DL_OK, or the first status other than
 * DL_OK that sink returned. */
dl_status dl_html_decode_entities(const char *s, size_t n, dl_html_sink_fn sink,
                                  void *sctx);

#ifdef __cplusplus
}
#endif

#endif
