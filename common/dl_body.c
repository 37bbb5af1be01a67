/* dl_body.c - deflate and inflate stored bodies (see dl_body.h).
 *
 * zlib allocates through dl_malloc, so allocation-failure injection
 * (dl_alloc.h) reaches these paths too.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_schema.h"

/* -15: a raw deflate stream, no zlib header or checksum (Xapian keeps its
 * own checks on the table, and 6 bytes an article add up). */
#define RAW_WINDOW_BITS (-15)

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    if (size != 0 && items > (size_t)-1 / size)
        return Z_NULL;
    return dl_malloc((size_t)items * size);
}

static void
z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    dl_free(p);
}

dl_status
dl_body_pack(const char *text, size_t len, dl_buf *out)
{
    z_stream zs;
    uLong bound;
    int zr;

    dl_buf_reset(out);
    if (len > DL_STORED_BODY_MAX) {
        len = DL_STORED_BODY_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    memset(&zs, 0, sizeof zs);
    zs.zalloc = z_alloc;
    zs.zfree = z_free;
    zr = deflateInit2(&zs, 6, Z_DEFLATED, RAW_WINDOW_BITS, 8,
                      Z_DEFAULT_STRATEGY);
    if (zr != Z_OK)
        return DL_ENOMEM;
    bound = deflateBound(&zs, (uLong)len);
    if (dl_buf_reserve(out, (size_t)bound + 1) != DL_OK) {
        deflateEnd(&zs);
        return DL_ENOMEM;
    }
    zs.next_in = (Bytef *)(uintptr_t)text;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)out->data;
    zs.avail_out = (uInt)bound;
    zr = deflate(&zs, Z_FINISH);
    if (zr != Z_STREAM_END) {
        /* deflateBound is a true bound: only memory can fail here. */
        deflateEnd(&zs);
        dl_buf_reset(out);
        return DL_ENOMEM;
    }
    out->len = (size_t)zs.total_out;
    out->data[out->len] = '\0';
    deflateEnd(&zs);
    return DL_OK;
}

dl_status
dl_body_unpack(const char *packed, size_t len, dl_buf *out)
{
    z_stream zs;
    dl_status rc = DL_OK;
    int zr;

    dl_buf_reset(out);
    if (len > UINT_MAX)
        return DL_EINVAL;
    memset(&zs, 0, sizeof zs);
    zs.zalloc = z_alloc;
    zs.zfree = z_free;
    if (inflateInit2(&zs, RAW_WINDOW_BITS) != Z_OK)
        return DL_ENOMEM;
    zs.next_in = (Bytef *)(uintptr_t)packed;
    zs.avail_in = (uInt)len;
    for (;;) {
        size_t room;
        /* Room for the rest of the cap plus one byte, so a stream that
         * goes past the cap is seen. */
        if (out->len > DL_STORED_BODY_MAX) {
            rc = DL_EINVAL;
            break;
        }
        room = DL_STORED_BODY_MAX + 1 - out->len;
        if (room > 16384)
            room = 16384;
        if (dl_buf_reserve(out, room + 1) != DL_OK) {
            rc = DL_ENOMEM;
            break;
        }
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = (uInt)room;
        /* Z_FINISH: the whole stream is in memory, and zlib then keeps no
         * 32 KB sliding window when the body fits the room (most do): a
         * search page unpacks ten bodies per process.  A body that does
         * not fit gets Z_BUF_ERROR with the room full, and the next round
         * goes on as with Z_NO_FLUSH. */
        zr = inflate(&zs, Z_FINISH);
        out->len += room - zs.avail_out;
        if (zr == Z_STREAM_END) {
            if (out->len > DL_STORED_BODY_MAX)
                rc = DL_EINVAL;
            break;
        }
        if (zr == Z_MEM_ERROR) {
            rc = DL_ENOMEM;
            break;
        }
        if (zr != Z_BUF_ERROR || zs.avail_out != 0) {
            rc = DL_EINVAL; /* corrupt, or the input ends before the stream */
            break;
        }
    }
    inflateEnd(&zs);
    if (rc != DL_OK)
        dl_buf_reset(out);
    else if (out->data != NULL)
        out->data[out->len] = '\0';
    return rc;
}
