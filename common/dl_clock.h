/* dl_clock.h - the clocks: the monotonic one that run times and rates are
 * measured with, and the calling thread's CPU time that the searcher's
 * budgets are counted in (CPU rather than wall time, so that a busy
 * machine does not end searches that did not cost more). */
#ifndef DL_CLOCK_H
#define DL_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* dl_now - seconds on the monotonic clock (CLOCK_MONOTONIC): only the
 * difference of two readings means anything.  Thread-safe. */
double dl_now(void);

/* dl_thread_cpu - the calling thread's CPU time in seconds
 * (CLOCK_THREAD_CPUTIME_ID); 0 when the system cannot tell. */
double dl_thread_cpu(void);

/* dl_cpu_deadline - the dl_thread_cpu reading at which a budget of
 * budget_ms milliseconds from now runs out; 0 (no deadline) for 0. */
double dl_cpu_deadline(unsigned long budget_ms);

#ifdef __cplusplus
}
#endif

#endif
