/* fuzz_read_html.c - fuzz target: the html article reader (dl_read_html).
 *
 * The input is one whole file's bytes; the path carries a date so the
 * date-from-path code runs too.  Checks are in fuzz_reader.h.
 */
#include "config.h"

#include "fuzz_reader.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return dl_fuzz_reader(dl_read_html, "2020/11/13/fuzz.html", data, size);
}
