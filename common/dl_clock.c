/* dl_clock.c - the monotonic clock (dl_clock.h).
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
