/* replay_main.c - a main for fuzz targets built without libFuzzer.
 *
 * make check has no fuzzing engine: it builds each target with this main
 * and runs it over the seed corpus and every saved crash input, so a
 * fixed crash stays fixed under the ordinary (sanitizer) build.  Each
 * argument is a file whose whole contents form one input; a directory is
 * refused rather than walked, since the driving script lists files itself.
 * With --enable-fuzzing the file compiles to nothing and libFuzzer's own
 * main runs instead.
 */
#include "config.h"

#ifndef DL_FUZZING_ENGINE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Read the whole of path into a fresh malloc'd block (plain malloc: the
 * block is the harness's, not the code under test's). */
static unsigned char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            unsigned char *nb = realloc(buf, ncap);

            if (nb == NULL) {
                free(buf);
                buf = NULL;
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);

        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
        goto out;
    }
    *len = n;
out:
    fclose(f);
    return buf;
}

int
main(int argc, char **argv)
{
    int bad = 0;

    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        unsigned char *buf;

        errno = 0;
        buf = slurp(argv[i], &len);
        if (buf == NULL) {
            fprintf(stderr, "%s: %s\n", argv[i],
                    errno ? strerror(errno) : "cannot read");
            bad = 1;
            continue;
        }
        /* Hand over an exact-size copy so ASan sees reads past the end. */
        unsigned char *exact = malloc(len ? len : 1);

        if (exact == NULL) {
            free(buf);
            fprintf(stderr, "%s: out of memory\n", argv[i]);
            return 1;
        }
        memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return bad;
}

#else

/* ISO C wants at least one declaration in a translation unit. */
typedef int dl_replay_main_unused;

#endif
