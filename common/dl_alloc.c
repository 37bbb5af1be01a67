/* dl_alloc.c - allocator wrappers with an injectable failure point.
 *
 * The countdown is an atomic so that the indexer's worker threads can run
 * under injection too; which thread takes the failing allocation is then not
 * deterministic, which is fine: every path must cope.
 */
#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"

static atomic_long countdown = -1; /* allocations left before failing */
static atomic_int sticky_failure;  /* keep failing once triggered */
static atomic_long injected;       /* failures handed out */

static int
should_fail(void)
{
    long left;
    if (atomic_load_explicit(&countdown, memory_order_relaxed) < 0)
        return 0;
    left = atomic_fetch_sub(&countdown, 1); /* the value before the call */
    if (left != 0)
        return 0; /* still counting down, or another thread raced it off */
    /* This call fails.  Sticky mode parks the counter at 0 so that every
     * later call fails too; otherwise injection switches off. */
    atomic_store(&countdown, atomic_load(&sticky_failure) ? 0 : -1);
    atomic_fetch_add(&injected, 1);
    return 1;
}

void *
dl_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n == 0 ? 1 : n);
}

void *
dl_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    if (count == 0 || size == 0)
        count = size = 1;
    return calloc(count, size);
}

void *
dl_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n == 0 ? 1 : n);
}

char *
dl_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = dl_malloc(len + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *
dl_strdup(const char *s)
{
    return dl_strndup(s, strlen(s));
}

void
dl_free(void *p)
{
    free(p);
}

void
dl_alloc_fail_after(long n, int sticky)
{
    atomic_store(&sticky_failure, sticky != 0);
    atomic_store(&countdown, n < 0 ? -1 : n);
}

void
dl_alloc_init_from_env(void)
{
    const char *v = getenv("DL_FAIL_ALLOC_AFTER");
    char *end;
    long n;
    if (v == NULL || *v == '\0')
        return;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno == 0 && *end == '\0' && n >= 0)
        dl_alloc_fail_after(n, 0);
}

long
dl_alloc_injected_failures(void)
{
    return atomic_load(&injected);
}
