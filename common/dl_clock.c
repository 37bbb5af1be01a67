/* dl_clock.c - the monotonic clock and thread CPU time (dl_clock.h).
 *
 * Monotonic rather than the time of day, so a run's time and its rates
 * and ETA do not jump when the system clock is set.
 */
#include "config.h"

#include <time.h>

#include "dl_clock.h"

double
dl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
dl_thread_cpu(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
dl_cpu_deadline(unsigned long budget_ms)
{
    return budget_ms > 0 ? dl_thread_cpu() + (double)budget_ms / 1000.0 : 0;
}
