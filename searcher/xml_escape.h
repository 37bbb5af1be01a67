/* xml_escape.h - text escaped for XML 1.0 (the Atom feed and the
 * OpenSearch description).
 *
 * Every string from a request or the index goes into the feed through
 * dl_xml_escape, for element text and double-quoted attribute values
 * alike: & < > " ' become entities, so neither markup nor "]]>" can
 * appear; a CR becomes &#13; (a parser would otherwise turn CR LF into
 * LF); and what XML 1.0 forbids in a document (C0 control characters
 * other than tab, LF and CR, U+FFFE and U+FFFF) or what is not UTF-8 at
 * all (each invalid unit, dl_utf8.h) becomes U+FFFD, so a hostile or
 * damaged article never makes the feed unreadable.  Apart from
 * render_feed.c so that it has its own tests (tests/unit/test_xml_escape.c).
 */
#ifndef DL_XML_ESCAPE_H
#define DL_XML_ESCAPE_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_xml_escape - append s[0..len) escaped as above to out.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_xml_escape(dl_buf *out, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
