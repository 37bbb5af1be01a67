/* dl_body.h - the stored body of an article, packed for DL_SLOT_BODY.
 *
 * The body text a snippet is cut from is kept apart from the document data
 * (dl_schema.h), in its own value slot, deflated here.  Document data is
 * read for every hit of every page; the body only when a snippet is made.
 * Glass compresses document data itself, so a body inside it made every
 * hit pay an inflate of its whole text: a fifth of a bare top-10 query on
 * Reuters.  Packed bodies are raw deflate streams (RFC 1951, zlib's level
 * 6): incompressible to Glass, which then stores them as they are.
 */
#ifndef DL_BODY_H
#define DL_BODY_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_body_pack - deflate text[0..len) into out (reset first), keeping at
 * most DL_STORED_BODY_MAX bytes, cut on a UTF-8 boundary.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_body_pack(const char *text, size_t len, dl_buf *out);

/* dl_body_unpack - inflate a packed body into out (reset first; NUL-
 * terminated for convenience).  Never more than DL_STORED_BODY_MAX bytes:
 * a longer or corrupt stream is DL_EINVAL, and out is then empty.
 * DL_OK, DL_EINVAL or DL_ENOMEM. */
dl_status dl_body_unpack(const char *packed, size_t len, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
