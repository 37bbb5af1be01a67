/* dl_date.h - dates as news text writes them, to the index's YYYYMMDD.
 *
 * Shared by the indexer (metadata, paths, datelines) and the query parser
 * (date: filters), so both agree on what a date is.
 */
#ifndef DL_DATE_H
#define DL_DATE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The years a date may have: older or later ones in a text are taken
 * for something else (a number, a typo), and the web page refuses them
 * in its date filter (searcher/cgi_params.c) for the same reason. */
#define DL_DATE_YEAR_MIN 1000
#define DL_DATE_YEAR_MAX 2999

struct dl_date {
    int year;  /* DL_DATE_YEAR_MIN..DL_DATE_YEAR_MAX, 0 when unknown */
    int month; /* 1..12, 0 when unknown (year precision) */
    int day;   /* 1..31, 0 when unknown (month precision) */
};

/* dl_date_parse - parse a date written as metadata usually has it: ISO 8601
 * (2020-11-13, 2020-11-13T08:00:00Z, 2020-11, 2020), RFC 2822 (Fri, 13 Nov
 * 2020 08:00:00 GMT), "13 Nov 2020", "Nov. 13, 2020", "November 13, 2020",
 * "13.11.2020", "2020/11/13", Reuters' "26-FEB-1987 15:01:01.79".  Returns
 * true and fills *d on success (validated: month 1..12, day within the
 * month). */
bool dl_date_parse(const char *s, size_t len, struct dl_date *d);

/* dl_date_parse_iso - a date written exactly YYYY, YYYY-MM or YYYY-MM-DD,
 * nothing before or after: the form of the web page's from and to, of the
 * facets' months and of the dates hits show.  true and *d filled (month
 * and day 0 for the coarser forms) when the date exists and its year is
 * DL_DATE_YEAR_MIN..DL_DATE_YEAR_MAX. */
bool dl_date_parse_iso(const char *s, size_t len, struct dl_date *d);

/* dl_date_days_in_month - the days of month (1..12) in year, leap years
 * included (Gregorian); 0 for a month out of range. */
int dl_date_days_in_month(int year, int month);

/* dl_date_parse_meta - a date as publication metadata writes it (HTML
 * meta tags and JSON-LD, JSON Lines and text headers): everything
 * dl_date_parse takes, and also "5/3/2019" or "05/03/2019 10:00" (the day
 * first only when the first number cannot be a month: slashes with a
 * four-digit year are the United States' order in metadata), and
 * JavaScript's Date string "Wed Nov 20 2019 09:28:00 GMT+0000".  Not for
 * queries: a query's date says what it means in dl_date_parse's forms. */
bool dl_date_parse_meta(const char *s, size_t len, struct dl_date *d);

/* dl_date_from_path - a date in a file path: /2020/11/13/ or /2020/11/
 * (directories), 2020-11-13 or 2020_11_13 anywhere between separators, and
 * a bare 20201113 only as a whole directory name or as the whole name of
 * the file before its extensions (20201113.txt): a run of eight digits
 * inside a longer name is as often an article number ("story-25340717")
 * as a date.  The year must be DL_DATE_PATH_YEAR_MIN..MAX.  true when
 * found. */
bool dl_date_from_path(const char *path, struct dl_date *d);

/* Years a path date may have: an archive's file names carry ids and
 * counters far more often than dates outside these. */
#define DL_DATE_PATH_YEAR_MIN 1800
#define DL_DATE_PATH_YEAR_MAX 2099

/* dl_date_from_dateline - a dateline on the first line of a text
 * ("MOSCOW, Nov. 13, 2020 (Reuters) -", "13 November 2020", "LONDON (AP) —
 * 13 November 2020 —"): a date with nothing but capitalised words (a place,
 * an agency) before it, ending in ',', a dash, ':' or ')', and the end of
 * the line or a separator after it (a time, "г." and a bracketed agency
 * may come between).  A date inside a sentence ("On March 5, 2019, the
 * court...") is what the story tells of, often a report it cites, and is
 * not taken.  Looks at most at the first 400 bytes.  true when found. */
bool dl_date_from_dateline(const char *text, size_t len, struct dl_date *d);

/* dl_date_format - write "YYYYMMDD" (unknown month/day as 01) into
 * buf[9]. */
void dl_date_format(const struct dl_date *d, char buf[9]);

/* One whole year, month or day of a date range: the unit the index's Y, M
 * and D terms name (dl_schema.h).  month and day are 0 when the piece is
 * coarser. */
struct dl_date_piece {
    int year;
    int month;
    int day;
};

/* dl_date_range_pieces - cover the range lo..hi ("YYYYMMDD", both ends
 * included, as the date: filter makes them; a day past the end of its
 * month, "YYYYMM31", means the month's last day) with the fewest whole
 * years, months and days, in date order, into out[0..max).  Returns how
 * many were written, or max + 1 when the range needs more than max pieces
 * or an end is not a date (the caller then filters on the date value
 * instead; out is then not meaningful). */
size_t dl_date_range_pieces(const char lo[8], const char hi[8],
                            struct dl_date_piece *out, size_t max);

/* dl_date_day_number - a count of days for d8 ("YYYYMMDD") whose
 * differences are the days between dates; a day past its month's end
 * ("YYYYMM31" in April) counts on into the next month.  -1 when d8 is not
 * 8 digits of a month 1-12 and a day 1-31. */
long dl_date_day_number(const char d8[8]);

#ifdef __cplusplus
}
#endif

#endif
