/* fuzz_read_text.c - fuzz target: the text article reader (dl_read_text).
 *
 * The input is one whole file's bytes; the path carries a date so the
 * date-from-path code runs too.  Checks are in fuzz_reader.h.
 */
#include "config.h"

#include "fuzz_reader.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return dl_fuzz_reader(dl_read_text, "2020/11/13/fuzz.txt", data, size);
}
