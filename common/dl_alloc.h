/* dl_alloc.h - the allocator every Dateline module uses, with fault injection.
 *
 * All heap memory in our own C code goes through these calls so that tests
 * can make the Nth allocation fail (SQLite's faultsim idea) and prove that
 * every error path reports DL_ENOMEM and leaks nothing.  The injection costs
 * one relaxed atomic load per call when it is off.
 */
#ifndef DL_ALLOC_H
#define DL_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dl_malloc/dl_calloc/dl_realloc - as the C library's, but may fail on
 * purpose (see dl_alloc_fail_after).  Return NULL on failure; dl_realloc then
 * leaves the old block untouched and still owned by the caller.  The result
 * is the caller's, to release with dl_free. */
void *dl_malloc(size_t n);
void *dl_calloc(size_t count, size_t size);
void *dl_realloc(void *p, size_t n);

/* dl_strndup - copy at most n bytes of s and NUL-terminate.  Caller frees
 * with dl_free.  NULL on allocation failure. */
char *dl_strndup(const char *s, size_t n);

/* dl_strdup - copy a NUL-terminated string.  Caller frees with dl_free. */
char *dl_strdup(const char *s);

/* dl_free - release memory from any dl_ allocator; NULL is a no-op. */
void dl_free(void *p);

/* dl_alloc_fail_after - test hook: the (n+1)th allocation from now fails, and
 * every later one too when sticky is non-zero; n < 0 turns injection off.
 * The environment variable DL_FAIL_ALLOC_AFTER=N sets the same at start-up of
 * any program (see dl_alloc_init_from_env). */
void dl_alloc_fail_after(long n, int sticky);

/* dl_alloc_init_from_env - read DL_FAIL_ALLOC_AFTER (an integer) if set.
 * Mains call it once, so fault-injection scripts can drive real programs. */
void dl_alloc_init_from_env(void);

/* dl_alloc_injected_failures - how many allocations failed on purpose. */
long dl_alloc_injected_failures(void);

#ifdef __cplusplus
}
#endif

#endif
