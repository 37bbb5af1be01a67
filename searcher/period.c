/* period.c - calendar periods and their labels (period.h).
 *
 * Day numbers come from H. Hinnant's civil-date algorithms, exact for any
 * year without a table; weeks, months and years are arithmetic on them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "period.h"

static const char *const period_names[] = {"day", "week", "month", "year"};

bool
dl_period_parse(const char *name, enum dl_period *out)
{
    size_t i;
    for (i = 0; i < sizeof period_names / sizeof *period_names; i++) {
        if (strcmp(name, period_names[i]) == 0) {
            *out = (enum dl_period)i;
            return true;
        }
    }
    return false;
}

const char *
dl_period_name(enum dl_period p)
{
    return period_names[p];
}

/* Days since 1970-01-01 of a Gregorian date (H. Hinnant's
 * days_from_civil: exact for every year, no table). */
static long
days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(long z, int *y, int *m, int *d)
{
    long era;
    long doe;
    long yoe;
    long doy;
    long mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Floor division: weeks before 1970 count down, not toward zero. */
static long
floor_div(long a, long b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

long
dl_period_key(enum dl_period p, int y, int m, int d)
{
    switch (p) {
    case DL_PERIOD_DAY:
        return days_from_civil(y, m, d);
    case DL_PERIOD_WEEK:
        /* 1970-01-01 was a Thursday: week k runs from day 7k-3 (a
         * Monday) to 7k+3, and its Thursday is day 7k. */
        return floor_div(days_from_civil(y, m, d) + 3, 7);
    case DL_PERIOD_MONTH:
        return (long)y * 12 + (m - 1);
    case DL_PERIOD_YEAR:
    default:
        return y;
    }
}

void
dl_period_first_day(enum dl_period p, long key, int *y, int *m, int *d)
{
    switch (p) {
    case DL_PERIOD_DAY:
        civil_from_days(key, y, m, d);
        return;
    case DL_PERIOD_WEEK:
        civil_from_days(key * 7 - 3, y, m, d);
        return;
    case DL_PERIOD_MONTH:
        *y = (int)floor_div(key, 12);
        *m = (int)(key - (long)*y * 12) + 1;
        *d = 1;
        return;
    case DL_PERIOD_YEAR:
    default:
        *y = (int)key;
        *m = 1;
        *d = 1;
        return;
    }
}

void
dl_period_label(enum dl_period p, long key, char out[DL_PERIOD_LABEL_MAX])
{
    int y;
    int m;
    int d;
    long thursday;
    switch (p) {
    case DL_PERIOD_DAY:
        civil_from_days(key, &y, &m, &d);
        snprintf(out, DL_PERIOD_LABEL_MAX, "%04u-%02u-%02u", (unsigned)y % 10000u,
                 (unsigned)m % 100u, (unsigned)d % 100u);
        return;
    case DL_PERIOD_WEEK:
        /* ISO 8601: a week belongs to the year of its Thursday, and week
         * 1 is the one holding that year's first Thursday. */
        thursday = key * 7;
        civil_from_days(thursday, &y, &m, &d);
        snprintf(out, DL_PERIOD_LABEL_MAX, "%04u-W%02u", (unsigned)y % 10000u,
                 (unsigned)((thursday - days_from_civil(y, 1, 1)) / 7 + 1) %
                     100u);
        return;
    case DL_PERIOD_MONTH:
        dl_period_first_day(p, key, &y, &m, &d);
        snprintf(out, DL_PERIOD_LABEL_MAX, "%04u-%02u", (unsigned)y % 10000u,
                 (unsigned)m % 100u);
        return;
    case DL_PERIOD_YEAR:
    default:
        snprintf(out, DL_PERIOD_LABEL_MAX, "%04u", (unsigned)key % 10000u);
        return;
    }
}
