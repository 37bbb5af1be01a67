/* period.h - calendar periods: days, ISO 8601 weeks, months, years.
 *
 * What a timeline (timeline.h) counts by.  A period is a number, its key,
 * that grows by one from each period to the next, so a run of periods is
 * a range of integers; labels are ISO 8601 ("2020-02-13", "2020-W07",
 * "2020-02", "2020").  Weeks run Monday to Sunday and belong to the year
 * of their Thursday, so 2021-01-03 is in 2020-W53 and 2019-12-30 in
 * 2020-W01.  Gregorian calendar throughout, proleptic before 1582.
 */
#ifndef DL_PERIOD_H
#define DL_PERIOD_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Room for any label ("2020-02-13" and its NUL, with some to spare). */
#define DL_PERIOD_LABEL_MAX 16

enum dl_period {
    DL_PERIOD_DAY,
    DL_PERIOD_WEEK,
    DL_PERIOD_MONTH,
    DL_PERIOD_YEAR
};

/* dl_period_parse - "day", "week", "month" or "year" into *out; false
 * for anything else. */
bool dl_period_parse(const char *name, enum dl_period *out);

/* dl_period_name - the word dl_period_parse takes (static). */
const char *dl_period_name(enum dl_period p);

/* dl_period_key - the period of p holding the date y-m-d (a valid
 * Gregorian date), as a number that grows by one from each period to
 * the next: days since 1970-01-01, weeks since the ISO week holding 1970-01-01,
 * months since year 0, or the year. */
long dl_period_key(enum dl_period p, int y, int m, int d);

/* dl_period_label - period key of p as text into out: "2020-02-13",
 * "2020-W07" (ISO 8601: the year of the week's Thursday), "2020-02",
 * "2020". */
void dl_period_label(enum dl_period p, long key, char out[DL_PERIOD_LABEL_MAX]);

/* dl_period_first_day - into *y, *m, *d the first day of period key. */
void dl_period_first_day(enum dl_period p, long key, int *y, int *m, int *d);

#ifdef __cplusplus
}
#endif

#endif
