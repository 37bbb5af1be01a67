/* dl_json.h - JSON string escaping.
 *
 * The one place Dateline turns arbitrary bytes into a JSON string, so every
 * JSON writer (--analyze, --format json, the CGI) escapes the same way and
 * always emits valid UTF-8, whatever the article text held.
 */
#ifndef DL_JSON_H
#define DL_JSON_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_json_escape - append s[0..len) to out as the inside of a JSON string
 * (no surrounding quotes; out is not reset).  '"' and '\\' get a backslash;
 * control characters U+0000..U+001F and U+007F, and U+2028/U+2029 (which
 * break JavaScript string literals), are written as \uXXXX; every invalid
 * UTF-8 byte becomes U+FFFD, so the result is always valid UTF-8.  On
 * failure out is left as it was.  DL_OK or DL_ENOMEM. */
dl_status dl_json_escape(const char *s, size_t len, dl_buf *out);

/* dl_json_string - as dl_json_escape, with the surrounding double quotes.
 * DL_OK or DL_ENOMEM (out unchanged). */
dl_status dl_json_string(const char *s, size_t len, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
