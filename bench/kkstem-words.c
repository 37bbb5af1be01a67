/* kkstem-words.c - print each word of stdin with its Kazakh stem.
 *
 * The measuring half of bench/kkstem-eval.sh: the script extracts the
 * word forms of a corpus and the hunspell reference lemmas with standard
 * tools and needs only the stemmer itself from C.  Input is one word per
 * line (already lowercase); output is "word<TAB>stem" per line, in the
 * same order.  Lines longer than the buffer are passed through whole.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_kkstem.h"

int
main(void)
{
    char line[1024];

    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strcspn(line, "\r\n");
        size_t stem;

        if (len == 0)
            continue;
        stem = dl_kkstem(line, len);
        if (printf("%.*s\t%.*s\n", (int)len, line, (int)stem, line) < 0)
            return 1;
    }
    return ferror(stdin) ? 1 : 0;
}
