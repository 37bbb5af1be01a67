/* xkey.c - dl-xkey, a test tool: the cross-script key (dl_xscript_key) of
 * each line of standard input, printed "WORD\tKEY" (KEY empty when the
 * word has none), so tests/integ/xscript.sh can compare the C key with the
 * reference implementation's (scripts/xscript_ref.py) on every word of
 * tests/data/xscript.  Exit 0, or 1 with a message.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_buf.h"
#include "dl_xscript.h"

int
main(void)
{
    char line[4096];
    dl_buf key = DL_BUF_INIT;
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t n = strcspn(line, "\r\n");
        if (dl_xscript_key(line, n, &key) != DL_OK) {
            fprintf(stderr, "dl-xkey: out of memory\n");
            return 1;
        }
        printf("%.*s\t%s\n", (int)n, line, key.data);
    }
    dl_buf_free(&key);
    return 0;
}
