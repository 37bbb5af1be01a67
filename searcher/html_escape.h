/* html_escape.h - text escaped for the web page: HTML element text and
 * attribute values, and query-string values of the page's own links.
 *
 * The page (render_html.c) writes every string from a request or the
 * index through these two; they are apart from it so that what a string
 * may become is in one small file with its own tests
 * (tests/unit/test_html_escape.c).
 */
#ifndef DL_HTML_ESCAPE_H
#define DL_HTML_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_html_escape - append s[0..len) escaped for HTML element text and
 * quoted attribute values (& < > " ' as entities); each invalid unit of
 * UTF-8 becomes one U+FFFD (dl_utf8.h), tab and newline a space, and the
 * other C0 and C1 control characters and DEL are dropped.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_html_escape(dl_buf *out, const char *s, size_t len);

/* dl_url_encode - append s[0..len) percent-encoded for a query-string
 * value: A-Z a-z 0-9 - . _ ~ stay, a space becomes '+', every other byte
 * %XX.  The result needs no further escaping in an attribute.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_url_encode(dl_buf *out, const char *s, size_t len);

/* dl_web_url_ok - whether u is an absolute http or https URL with a host
 * and no space or control byte: one the page and the feed may link to.
 * The callers add their own caps (length, characters). */
bool dl_web_url_ok(const char *u);

#ifdef __cplusplus
}
#endif

#endif
