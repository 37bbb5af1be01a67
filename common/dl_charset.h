/* dl_charset.h - the charsets dl_decode knows, and which one bytes without
 * a byte-order mark or a declaration are in.
 *
 * Internal to the decoder (dl_decode.c is its only user): the public API of
 * decoding is dl_decode.h.
 */
#ifndef DL_CHARSET_H
#define DL_CHARSET_H

#include <stddef.h>
#include <stdint.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How detection treats a charset libuchardet names. */
enum dl_charset_family {
    DL_CS_UTF8,  /* UTF-8 itself */
    DL_CS_LATIN, /* Western and Central European: our windows-1252 wins */
    DL_CS_CYR,   /* Cyrillic: our letter frequencies pick the table */
    DL_CS_OTHER  /* other scripts: libuchardet is trusted */
};

/* One charset label.  Every pointer is static. */
struct dl_charset {
    const char *key;       /* the label lowercased, letters and
                            * digits only ("windows1251") */
    const char *name;      /* the name reported and given to iconv
                            * ("windows-1251") */
    const uint16_t *upper; /* code points of bytes 0x80..0xFF
                            * (0xFFFD: unassigned), or NULL: iconv
                            * converts it */
    enum dl_charset_family family;
};

/* dl_charset_lookup - the charset a label names ("CP_1251", "koi8-r",
 * "latin1"...; letters in any case, other characters ignored), or NULL when
 * it is not one Dateline knows. */
const struct dl_charset *dl_charset_lookup(const char *label);

/* dl_charset_western - windows-1252, the charset of last resort. */
const struct dl_charset *dl_charset_western(void);

/* dl_charset_detect - the charset of s[0..n), bytes that are not valid
 * UTF-8 (nor nearly so, dl_decode.h): libuchardet for the scripts our own
 * checks do not cover, Cyrillic tables by letter frequencies, else
 * windows-1252.  Sets *rc to DL_OK, or DL_ENOMEM and returns NULL. */
const struct dl_charset *dl_charset_detect(const char *s, size_t n,
                                           dl_status *rc);

#ifdef __cplusplus
}
#endif

#endif
