/* dl_hash.c - the stable 64-bit hash of bytes (dl_hash.h). */
#include "config.h"

#include "dl_hash.h"

unsigned long long
dl_hash64(const void *p, size_t n)
{
    const unsigned char *s = p;
    /* FNV-1a, with an offset basis that is not the published one (a digit
     * short).  Any fixed value works; this one is stored in indexes (long
     * term hashes, shard routing), so it stays. */
    unsigned long long h = 1469598103934665603ULL;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL; /* FNV-1a 64-bit prime */
    }
    return h;
}
