/* test_jobqueue.c - the bounded queue between the indexer's threads.
 *
 * Every test is deterministic: a push that must wait is proven to wait by
 * a queue that nobody drains (the push can only end through
 * dl_jobqueue_abort, and then returns false), never by a sleep; the
 * threaded tests check what arrived, not when.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jobqueue.h"

struct pusher {
    struct dl_jobqueue *q;
    int value;
    unsigned long weight;
    bool ok;
};

static void *
push_one(void *arg)
{
    struct pusher *p = arg;
    p->ok = dl_jobqueue_push_weighted(p->q, &p->value, p->weight);
    return NULL;
}

static void
pops_in_the_order_pushed(void **state)
{
    struct dl_jobqueue q;
    int i;
    int v;
    (void)state;
    assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 4), DL_OK);
    /* Twice round the ring, so that the head wraps. */
    for (i = 0; i < 10; i++) {
        assert_true(dl_jobqueue_push(&q, &i));
        assert_true(dl_jobqueue_pop(&q, &v));
        assert_int_equal(v, i);
    }
    for (i = 0; i < 4; i++)
        assert_true(dl_jobqueue_push(&q, &i));
    for (i = 0; i < 4; i++) {
        assert_true(dl_jobqueue_pop(&q, &v));
        assert_int_equal(v, i);
    }
    dl_jobqueue_destroy(&q);
    dl_jobqueue_destroy(&q); /* twice is safe */
}

static void
push_on_a_full_queue_waits_until_aborted(void **state)
{
    struct dl_jobqueue q;
    struct pusher p = {&q, 99, 0, true};
    pthread_t t;
    int i;
    int v;
    (void)state;
    assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 3), DL_OK);
    for (i = 0; i < 3; i++)
        assert_true(dl_jobqueue_push(&q, &i));
    /* Nobody pops: the push can only end by the abort, and fails. */
    assert_int_equal(pthread_create(&t, NULL, push_one, &p), 0);
    dl_jobqueue_abort(&q);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_false(p.ok);
    /* What was queued is still there to be freed, without waiting. */
    for (i = 0; i < 3; i++) {
        assert_true(dl_jobqueue_pop(&q, &v));
        assert_int_equal(v, i);
    }
    assert_false(dl_jobqueue_pop(&q, &v));
    assert_false(dl_jobqueue_push(&q, &i));
    dl_jobqueue_destroy(&q);
}

static void
full_queue_takes_the_push_once_drained(void **state)
{
    struct dl_jobqueue q;
    struct pusher p = {&q, 99, 0, false};
    pthread_t t;
    int i;
    int v;
    (void)state;
    assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 4), DL_OK);
    for (i = 0; i < 4; i++)
        assert_true(dl_jobqueue_push(&q, &i));
    assert_int_equal(pthread_create(&t, NULL, push_one, &p), 0);
    /* Draining to half wakes the waiting producer. */
    for (i = 0; i < 2; i++) {
        assert_true(dl_jobqueue_pop(&q, &v));
        assert_int_equal(v, i);
    }
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(p.ok);
    dl_jobqueue_close(&q);
    for (i = 2; i < 4; i++) {
        assert_true(dl_jobqueue_pop(&q, &v));
        assert_int_equal(v, i);
    }
    assert_true(dl_jobqueue_pop(&q, &v));
    assert_int_equal(v, 99);
    assert_false(dl_jobqueue_pop(&q, &v));
    dl_jobqueue_destroy(&q);
}

static void
weight_bound_holds_a_push_back(void **state)
{
    struct dl_jobqueue q;
    struct pusher p = {&q, 2, 6, true};
    pthread_t t;
    int v = 1;
    (void)state;
    assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 8), DL_OK);
    dl_jobqueue_limit(&q, 10);
    assert_true(dl_jobqueue_push_weighted(&q, &v, 6));
    /* 6 + 6 > 10 with the queue not empty: waits, nobody pops. */
    assert_int_equal(pthread_create(&t, NULL, push_one, &p), 0);
    dl_jobqueue_abort(&q);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_false(p.ok);
    assert_true(dl_jobqueue_pop(&q, &v));
    assert_int_equal(v, 1);
    assert_false(dl_jobqueue_pop(&q, &v));
    dl_jobqueue_destroy(&q);
}

static void
element_over_the_weight_bound_passes_an_empty_queue(void **state)
{
    struct dl_jobqueue q;
    int v = 7;
    (void)state;
    assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 8), DL_OK);
    dl_jobqueue_limit(&q, 10);
    assert_true(dl_jobqueue_push_weighted(&q, &v, 1000));
    v = 0;
    assert_true(dl_jobqueue_pop(&q, &v));
    assert_int_equal(v, 7);
    /* Popped, its weight no longer counts: a second one goes too. */
    assert_true(dl_jobqueue_push_weighted(&q, &v, 1000));
    dl_jobqueue_destroy(&q);
}

static void
close_lets_the_rest_be_popped_then_ends(void **state)
{
    struct dl_jobqueue q;
    int i;
    int v;
    (void)state;
    assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 8), DL_OK);
    for (i = 0; i < 5; i++)
        assert_true(dl_jobqueue_push(&q, &i));
    dl_jobqueue_close(&q);
    for (i = 0; i < 5; i++) {
        assert_true(dl_jobqueue_pop(&q, &v));
        assert_int_equal(v, i);
    }
    assert_false(dl_jobqueue_pop(&q, &v));
    assert_false(dl_jobqueue_pop(&q, &v)); /* and stays ended */
    dl_jobqueue_destroy(&q);
}

struct popper {
    struct dl_jobqueue *q;
    bool got;
};

static void *
pop_one(void *arg)
{
    struct popper *p = arg;
    int v;
    p->got = dl_jobqueue_pop(p->q, &v);
    return NULL;
}

static void
close_and_abort_release_waiting_consumers(void **state)
{
    enum { N = 4 };
    struct dl_jobqueue q;
    struct popper ps[N];
    pthread_t ts[N];
    int round;
    int i;
    (void)state;
    for (round = 0; round < 2; round++) {
        assert_int_equal(dl_jobqueue_init(&q, sizeof(int), 2), DL_OK);
        for (i = 0; i < N; i++) {
            ps[i].q = &q;
            ps[i].got = true;
            assert_int_equal(pthread_create(&ts[i], NULL, pop_one, &ps[i]), 0);
        }
        if (round == 0)
            dl_jobqueue_close(&q);
        else
            dl_jobqueue_abort(&q);
        for (i = 0; i < N; i++) {
            assert_int_equal(pthread_join(ts[i], NULL), 0);
            assert_false(ps[i].got);
        }
        dl_jobqueue_destroy(&q);
    }
}

/* Many producers and consumers through a small queue: every element
 * arrives exactly once, and each consumer sees each producer's elements
 * in the order they were pushed. */
enum { PRODUCERS = 4, CONSUMERS = 3, PER_PRODUCER = 20000 };

struct item {
    uint32_t producer;
    uint32_t seq;
};

struct producer {
    struct dl_jobqueue *q;
    uint32_t id;
    bool weighted;
    bool ok;
};

struct consumer {
    struct dl_jobqueue *q;
    unsigned char *seen; /* PRODUCERS * PER_PRODUCER, shared, by slot */
    long last[PRODUCERS];
    unsigned long count;
    bool in_order;
};

static void *
produce_items(void *arg)
{
    struct producer *p = arg;
    uint32_t i;
    p->ok = true;
    for (i = 0; i < PER_PRODUCER; i++) {
        struct item it = {p->id, i};
        unsigned long w = p->weighted ? 1 + i % 5 : 0;
        if (!dl_jobqueue_push_weighted(p->q, &it, w))
            p->ok = false;
    }
    return NULL;
}

static void *
consume_items(void *arg)
{
    struct consumer *c = arg;
    struct item it;
    int i;
    for (i = 0; i < PRODUCERS; i++)
        c->last[i] = -1;
    c->in_order = true;
    while (dl_jobqueue_pop(c->q, &it)) {
        if (it.producer >= PRODUCERS || it.seq >= PER_PRODUCER) {
            c->in_order = false;
            continue;
        }
        if ((long)it.seq <= c->last[it.producer])
            c->in_order = false;
        c->last[it.producer] = (long)it.seq;
        /* Distinct slots per element: no two threads write one byte
         * unless an element arrived twice, which the count shows. */
        c->seen[it.producer * PER_PRODUCER + it.seq]++;
        c->count++;
    }
    return NULL;
}

static void
run_many(bool weighted)
{
    struct dl_jobqueue q;
    struct producer ps[PRODUCERS];
    struct consumer cs[CONSUMERS];
    pthread_t pt[PRODUCERS];
    pthread_t ct[CONSUMERS];
    unsigned char *seen = calloc(PRODUCERS * PER_PRODUCER, 1);
    unsigned long total = 0;
    size_t i;

    assert_non_null(seen);
    assert_int_equal(dl_jobqueue_init(&q, sizeof(struct item), 8), DL_OK);
    if (weighted)
        dl_jobqueue_limit(&q, 12);
    for (i = 0; i < CONSUMERS; i++) {
        memset(&cs[i], 0, sizeof cs[i]);
        cs[i].q = &q;
        cs[i].seen = seen;
        assert_int_equal(pthread_create(&ct[i], NULL, consume_items, &cs[i]),
                         0);
    }
    for (i = 0; i < PRODUCERS; i++) {
        ps[i].q = &q;
        ps[i].id = (uint32_t)i;
        ps[i].weighted = weighted;
        assert_int_equal(pthread_create(&pt[i], NULL, produce_items, &ps[i]),
                         0);
    }
    for (i = 0; i < PRODUCERS; i++) {
        assert_int_equal(pthread_join(pt[i], NULL), 0);
        assert_true(ps[i].ok);
    }
    dl_jobqueue_close(&q);
    for (i = 0; i < CONSUMERS; i++) {
        assert_int_equal(pthread_join(ct[i], NULL), 0);
        assert_true(cs[i].in_order);
        total += cs[i].count;
    }
    assert_int_equal(total, PRODUCERS * PER_PRODUCER);
    for (i = 0; i < PRODUCERS * PER_PRODUCER; i++)
        assert_int_equal(seen[i], 1);
    assert_int_equal(q.n, 0);
    assert_int_equal(q.weight, 0);
    dl_jobqueue_destroy(&q);
    free(seen);
}

static void
many_producers_and_consumers_lose_nothing(void **state)
{
    (void)state;
    run_many(false);
}

static void
many_producers_and_consumers_under_a_weight_bound(void **state)
{
    (void)state;
    run_many(true);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pops_in_the_order_pushed),
        cmocka_unit_test(push_on_a_full_queue_waits_until_aborted),
        cmocka_unit_test(full_queue_takes_the_push_once_drained),
        cmocka_unit_test(weight_bound_holds_a_push_back),
        cmocka_unit_test(element_over_the_weight_bound_passes_an_empty_queue),
        cmocka_unit_test(close_lets_the_rest_be_popped_then_ends),
        cmocka_unit_test(close_and_abort_release_waiting_consumers),
        cmocka_unit_test(many_producers_and_consumers_lose_nothing),
        cmocka_unit_test(many_producers_and_consumers_under_a_weight_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
