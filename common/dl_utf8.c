/* dl_utf8.c - UTF-8 validation (the decoder and encoder are inline in
 * dl_utf8.h).
 *
 * Validation skips ASCII eight bytes at a time: most news text is mostly
 * ASCII, and every reader and the CGI check whole inputs with it.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dl_utf8.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

bool
dl_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        int cp;
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        i += dl_utf8_next(s + i, len - i, &cp);
        if (cp == DL_UTF8_INVALID)
            return false;
    }
    return true;
}
