/* dl_decode.h - bytes of unknown encoding to valid UTF-8.
 *
 * Order of evidence: a byte-order mark (UTF-8, UTF-16LE/BE); else a charset
 * the caller found declared (HTML meta, a Content-Type or charset header)
 * when iconv knows it; else valid UTF-8 is taken as UTF-8; else detection
 * (libuchardet, plus a Cyrillic check that picks between CP1251 and KOI8-R by
 * letter frequencies, since short Russian and Kazakh texts fool generic
 * detectors); else Latin-1 (windows-1252).  Whatever the path, the result is
 * valid UTF-8 in NFC: invalid sequences become U+FFFD and NUL bytes are
 * dropped, each counted so the caller can warn.
 */
#ifndef DL_DECODE_H
#define DL_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dl_decoded {
    char *text;          /* valid UTF-8, NUL-terminated; caller's (dl_free) */
    size_t len;          /* bytes, without the NUL */
    const char *charset; /* static name of what was decoded ("UTF-8",
                            "windows-1251", "KOI8-R", "windows-1252"...) */
    bool had_bom;        /* a BOM decided the charset */
    bool detected;       /* the charset was guessed, not declared */
    unsigned long repaired; /* invalid sequences replaced by U+FFFD */
    unsigned long nuls;     /* NUL bytes removed */
};

/* dl_decode - convert bytes[0..len) to UTF-8.  declared may be NULL or a
 * charset name as found in the document ("cp1251", "koi8-r", "utf-8",
 * "iso-8859-1"...); an unknown name is ignored (detection runs).
 * On DL_OK *out is filled and out->text is the caller's.  DL_ENOMEM; on
 * failure *out is zeroed. */
dl_status dl_decode(const char *bytes, size_t len, const char *declared,
                    struct dl_decoded *out, dl_err *err);

/* dl_decoded_free - release out->text and zero *out; safe twice. */
void dl_decoded_free(struct dl_decoded *out);

/* dl_decode_looks_binary - true when bytes look like a binary file rather
 * than text in any encoding (many NULs or control bytes in the first 8 KiB,
 * not UTF-16 with a BOM).  Readers skip such files with a warning. */
bool dl_decode_looks_binary(const char *bytes, size_t len);

#ifdef __cplusplus
}
#endif

#endif
