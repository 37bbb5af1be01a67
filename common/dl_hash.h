/* dl_hash.h - the stable 64-bit hash of bytes.
 *
 * Stored in indexes (the hashed tail of long terms, dl_schema_term) and
 * used for shard routing (indexer/shard.h), so its values must never
 * change: tests/unit/test_shard.c pins some of them.
 */
#ifndef DL_HASH_H
#define DL_HASH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dl_hash64 - a 64-bit FNV-1a-style hash of p[0..n): stable across runs and
 * machines.  Pure and thread-safe. */
unsigned long long dl_hash64(const void *p, size_t n);

#ifdef __cplusplus
}
#endif

#endif
