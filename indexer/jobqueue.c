/* jobqueue.c - a bounded, blocking queue between threads (jobqueue.h).
 *
 * One mutex and two condition variables; a ring of fixed-size slots.
 * Producers are woken at half-empty (by count or by weight), not at every
 * pop, see jobqueue.h.
 */
#include "config.h"

#include <string.h>

#include "dl_alloc.h"
#include "jobqueue.h"

dl_status
dl_jobqueue_init(struct dl_jobqueue *q, size_t elem, size_t cap)
{
    memset(q, 0, sizeof *q);
    q->buf = dl_malloc(elem * cap);
    q->weights = dl_calloc(cap, sizeof *q->weights);
    if (q->buf == NULL || q->weights == NULL) {
        dl_free(q->buf);
        dl_free(q->weights);
        q->buf = NULL;
        q->weights = NULL;
        return DL_ENOMEM;
    }
    q->elem = elem;
    q->cap = cap;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    return DL_OK;
}

void
dl_jobqueue_destroy(struct dl_jobqueue *q)
{
    if (q->buf == NULL)
        return;
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    dl_free(q->buf);
    dl_free(q->weights);
    q->buf = NULL;
    q->weights = NULL;
}

void
dl_jobqueue_limit(struct dl_jobqueue *q, unsigned long max_weight)
{
    q->max_weight = max_weight;
}

bool
dl_jobqueue_push_weighted(struct dl_jobqueue *q, const void *e,
                          unsigned long weight)
{
    bool ok = false;
    size_t at;
    pthread_mutex_lock(&q->mu);
    while ((q->n == q->cap || (q->max_weight > 0 && q->n > 0 &&
                               q->weight + weight > q->max_weight)) &&
           !q->aborted)
        pthread_cond_wait(&q->not_full, &q->mu);
    if (!q->aborted) {
        at = (q->head + q->n) % q->cap;
        memcpy(q->buf + at * q->elem, e, q->elem);
        q->weights[at] = weight;
        q->weight += weight;
        q->n++;
        ok = true;
        pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->mu);
    return ok;
}

bool
dl_jobqueue_push(struct dl_jobqueue *q, const void *e)
{
    return dl_jobqueue_push_weighted(q, e, 0);
}

bool
dl_jobqueue_pop(struct dl_jobqueue *q, void *e)
{
    bool ok = false;
    pthread_mutex_lock(&q->mu);
    while (q->n == 0 && !q->closed && !q->aborted)
        pthread_cond_wait(&q->not_empty, &q->mu);
    if (q->n > 0) {
        memcpy(e, q->buf + q->head * q->elem, q->elem);
        q->weight -= q->weights[q->head];
        q->head = (q->head + 1) % q->cap;
        q->n--;
        ok = true;
        /* Refill in one go (jobqueue.h); by weight likewise. */
        if (q->n <= q->cap / 2 ||
            (q->max_weight > 0 && q->weight <= q->max_weight / 2))
            pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return ok;
}

void
dl_jobqueue_close(struct dl_jobqueue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}

void
dl_jobqueue_abort(struct dl_jobqueue *q)
{
    pthread_mutex_lock(&q->mu);
    q->aborted = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->mu);
}
