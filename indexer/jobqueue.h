/* jobqueue.h - a bounded, blocking queue of fixed-size elements between
 * threads.
 *
 * The indexing pipeline has two: files from the walk to the workers, and
 * (incremental runs) documents from the workers to the single writer.
 * Both are bounded, so a slow consumer slows the producers instead of
 * filling memory.  Elements are copied in and out; an element that holds
 * pointers passes their ownership with it.
 *
 * Two ways to end.  dl_jobqueue_close: no more pushes are coming; pops
 * return what is queued, then false.  dl_jobqueue_abort: pushes fail at
 * once (the element stays the caller's) and pops return what is left
 * without waiting, so every thread can finish and every element can still
 * be freed by whoever pops it.
 *
 * A producer that finds the queue full sleeps until it has drained to
 * half, not until one place is free: a fast producer (the walk) in front
 * of busy consumers (the workers) would otherwise be woken, and a worker
 * preempted on a 2-core machine, for every single element (bench/README.md,
 * "Job queue wake-ups").  The optional weight bound (dl_jobqueue_limit)
 * works the same way: each element has a weight (a document's distinct
 * terms), and a push waits while the queue is not empty and would pass
 * the bound, so one element heavier than the bound still goes through.
 */
#ifndef DL_JOBQUEUE_H
#define DL_JOBQUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Plain data so that it can live inside its user's struct; touch the
 * fields only through the functions below. */
struct dl_jobqueue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    char *buf;                /* cap elements of elem bytes, a ring */
    unsigned long *weights;   /* per element, parallel to buf */
    unsigned long weight;     /* of the elements queued */
    unsigned long max_weight; /* 0: no bound (see dl_jobqueue_limit) */
    size_t elem;              /* element size */
    size_t cap;               /* elements */
    size_t head;              /* index of the oldest element */
    size_t n;                 /* elements queued */
    bool closed;              /* no more pushes: pops end when empty */
    bool aborted;
};

/* dl_jobqueue_init - an empty queue of at most cap (> 0) elements of elem
 * (> 0) bytes, with no weight bound.  DL_OK, or DL_ENOMEM with nothing
 * left to free (dl_jobqueue_destroy is still safe on it). */
dl_status dl_jobqueue_init(struct dl_jobqueue *q, size_t elem, size_t cap);

/* dl_jobqueue_destroy - free the queue's memory; the elements still in it
 * are dropped without being looked at (pop them first to free what they
 * own).  No thread may be waiting on it.  Safe after a failed init and
 * twice. */
void dl_jobqueue_destroy(struct dl_jobqueue *q);

/* dl_jobqueue_limit - bound the summed weight of the queued elements (0:
 * no bound).  Call before any push. */
void dl_jobqueue_limit(struct dl_jobqueue *q, unsigned long max_weight);

/* dl_jobqueue_push_weighted - copy e in, waiting while the queue is full
 * or (with a bound) would pass its weight bound while not empty.  weight
 * counts against the bound until the element is popped.  true when
 * queued (e's ownership passes to the queue); false when the queue was
 * aborted (e stays the caller's).  Pushing after dl_jobqueue_close is a
 * programmer's error. */
bool dl_jobqueue_push_weighted(struct dl_jobqueue *q, const void *e,
                               unsigned long weight);

/* dl_jobqueue_push - dl_jobqueue_push_weighted with weight 0. */
bool dl_jobqueue_push(struct dl_jobqueue *q, const void *e);

/* dl_jobqueue_pop - copy the oldest element out into e (its ownership
 * passes to the caller), waiting while the queue is empty and neither
 * closed nor aborted.  false at the end: closed or aborted, and empty. */
bool dl_jobqueue_pop(struct dl_jobqueue *q, void *e);

/* dl_jobqueue_close - no more pushes: waiting pops return what is left,
 * then false. */
void dl_jobqueue_close(struct dl_jobqueue *q);

/* dl_jobqueue_abort - pushes fail from now on, waiting pushes included;
 * pops return what is left without waiting, then false. */
void dl_jobqueue_abort(struct dl_jobqueue *q);

#ifdef __cplusplus
}
#endif

#endif
