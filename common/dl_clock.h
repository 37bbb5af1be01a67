/* dl_clock.h - the clock that run times and rates are measured with. */
#ifndef DL_CLOCK_H
#define DL_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* dl_now - seconds on the monotonic clock (CLOCK_MONOTONIC): only the
 * difference of two readings means anything.  Thread-safe. */
double dl_now(void);

#ifdef __cplusplus
}
#endif

#endif
