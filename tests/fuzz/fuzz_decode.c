/* fuzz_decode.c - fuzz target: bytes of any encoding through dl_decode.
 *
 * The first byte picks the charset a document might declare (none, real
 * ones, a bogus name), the rest is the document.  Whatever comes in, the
 * promise of dl_decode.h must hold: valid UTF-8 out, NUL-terminated, no
 * NUL inside, and dl_decode_looks_binary never reads past the input.
 */
#include "config.h"

#include <string.h>

#include "dl_decode.h"
#include "dl_utf8.h"
#include "fuzz.h"

static const char *const declared[] = {
    NULL,       "utf-8",    "UTF-8",        "cp1251",   "windows-1251",
    "koi8-r",   "iso-8859-1", "windows-1252", "utf-16le", "utf-16be",
    "shift_jis", "gb18030",  "x-no-such-charset", "",  "latin1",
    "koi8-u",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dl_decoded out;
    const char *decl = NULL;
    const char *bytes = (const char *)data;

    if (size > 0) {
        decl = declared[data[0] % (sizeof(declared) / sizeof(declared[0]))];
        bytes++;
        size--;
    }
    (void)dl_decode_looks_binary(bytes, size);
    if (dl_decode(bytes, size, decl, &out, NULL) != DL_OK)
        return 0;
    DL_FUZZ_ASSERT(out.text != NULL);
    DL_FUZZ_ASSERT(out.text[out.len] == '\0');
    DL_FUZZ_ASSERT(memchr(out.text, '\0', out.len) == NULL);
    DL_FUZZ_ASSERT(dl_utf8_valid(out.text, out.len));
    DL_FUZZ_ASSERT(out.charset != NULL);
    dl_decoded_free(&out);
    dl_decoded_free(&out);
    return 0;
}
