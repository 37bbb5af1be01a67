/* query_date.c - the query parser's date: filters and their planning.
 *
 * date:YYYY[-MM[-DD]] and its ranges (a..b, ..b, a..) select the articles
 * whose date lies in the period.  The same set can be read two ways: from
 * the date value of every article (OP_VALUE_RANGE), or from the Y, M and D
 * terms of the range's whole years, months and days (dl_schema.h), which
 * read only the articles of the range.  The planner picks one: the terms
 * for a closed range of at most DATE_PIECES_MAX pieces, the value for an
 * open one or a longer one.  It may ask the index through the parser's
 * date oracle (query.h) for its first and last date, to close an open
 * range, and whether a month or year has articles dated no finer; an error
 * from the oracle fails the parse like any other.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_date.h"
#include "dl_schema.h"
#include "query_int.h"

/* One end of a date range, "YYYY[-MM[-DD]]", as YYYYMMDD: the first day
 * of the period (hi false) or the last (hi true). */
static bool
date_end(const char *s, size_t n, bool hi, char out[9])
{
    struct dl_date d;
    if (n == 0 || !dl_date_parse(s, n, &d) || d.year < 1000 || d.year > 9999)
        return false;
    if (d.month == 0) {
        snprintf(out, 9, "%04d%s", d.year, hi ? "1231" : "0101");
    } else if (d.day == 0) {
        /* "31" for any month: the slot compares bytes, so YYYYMM31 is at
         * or after every real day of the month. */
        snprintf(out, 9, "%04d%02d%s", d.year, d.month, hi ? "31" : "01");
    } else {
        snprintf(out, 9, "%04d%02d%02d", d.year, d.month, d.day);
    }
    return true;
}

/* date_filter_term - into *out, the date term of prefix + the first n
 * digits of date8 (Y 4, M 6, D 8), filtered to the articles whose date
 * value is exactly date8 when exact is set. */
static dl_status
date_filter_term(const char *prefix, const char date8[9], size_t n, bool exact,
                 dl_query **out, dl_err *err)
{
    char term[16];
    dl_query *pair[2] = {NULL, NULL};
    dl_status rc;

    snprintf(term, sizeof term, "%s%.*s", prefix, (int)n, date8);
    rc = dl_query_term(term, strlen(term), 1, 0, &pair[0], err);
    if (rc == DL_OK && exact)
        rc = dl_query_value_range(DL_SLOT_DATE, date8, date8, &pair[1], err);
    if (rc == DL_OK && exact)
        rc = dl_query_combine(DL_QOP_FILTER, pair, 2, 0, out, err);
    else if (rc == DL_OK) {
        *out = pair[0];
        pair[0] = NULL;
    }
    dl_query_free(pair[0]);
    dl_query_free(pair[1]);
    return rc;
}

/* Whether the month (prefix M, digits 6) or year (Y, 4) of date8 may
 * have articles dated only to it: the oracle's answer, or yes. */
static bool
may_have_coarse_dates(const dl_query_parser *p, const char *prefix,
                      const char *date8, size_t digits)
{
    char d[9];
    if (p->dates.coarse == NULL)
        return true;
    memcpy(d, date8, digits);
    d[digits] = '\0';
    return p->dates.coarse(p->dates.ctx, prefix, d);
}

/* date_terms_query - the articles dated lo..hi (YYYYMMDD, both ends
 * included) from the Y, M and D terms (dl_schema.h) instead of the date
 * value: whole years, months and days of the range are a posting list
 * each, which reads only the articles of the range where OP_VALUE_RANGE
 * checks the date of every article (the Reuters query mix: 0.5 ms a
 * date-filtered search against 0.16-0.31).  The set is exactly the value
 * range's: an article dated only to a month or a year has the value of its
 * first day (dl_date_format) and no finer term, so where the range holds
 * that first day without holding the whole month or year (a range ending
 * early in a month, a January without its year), the month's or year's
 * term is added, narrowed by the value to that day.  Narrowed so, a
 * month's or year's term still has the value of every article of that
 * month or year checked ("bank date:1987-01..1987-04-15" on Reuters, in
 * Xapian alone: 0.97 ms with April's, 0.42 without, 0.63 by the value
 * alone), so it is added only when the parser's oracle
 * (dl_query_parser_set_date_oracle) says that month or year has articles dated
 * no finer; without an oracle, always.  DL_EINVAL when the range needs more
 * than DATE_PIECES_MAX terms (1900..2020): the caller uses the value. */
#define DATE_PIECES_MAX 64
static dl_status
date_terms_query(const dl_query_parser *p, const char lo[9], const char hi[9],
                 dl_query **out, dl_err *err)
{
    struct dl_date_piece pc[DATE_PIECES_MAX];
    /* each piece gives its term and at most two first-day terms */
    dl_query *v[3 * DATE_PIECES_MAX];
    size_t np = dl_date_range_pieces(lo, hi, pc, DATE_PIECES_MAX);
    size_t n = 0;
    size_t k;
    dl_status rc = DL_OK;

    *out = NULL;
    if (np > DATE_PIECES_MAX)
        return DL_EINVAL;
    for (k = 0; k < np && rc == DL_OK; k++) {
        struct dl_date d = {pc[k].year, pc[k].month, pc[k].day};
        const char *prefix = DL_PREFIX_DAY; /* the piece's own term */
        size_t digits = 8;
        char date8[9];
        dl_query *q = NULL;
        if (pc[k].month == 0) {
            prefix = DL_PREFIX_YEAR;
            digits = 4;
        } else if (pc[k].day == 0) {
            prefix = DL_PREFIX_MONTH;
            digits = 6;
        }
        dl_date_format(&d, date8);
        rc = date_filter_term(prefix, date8, digits, false, &q, err);
        if (rc == DL_OK)
            v[n++] = q;
        /* A piece that starts a month (a day 1) or a year (January)
         * without the whole of it being in the range: the articles dated
         * only to that month or year, whose value is this first day, join
         * here. */
        if (rc == DL_OK && pc[k].day == 1 &&
            may_have_coarse_dates(p, DL_PREFIX_MONTH, date8, 6)) {
            rc = date_filter_term(DL_PREFIX_MONTH, date8, 6, true, &q, err);
            if (rc == DL_OK)
                v[n++] = q;
        }
        if (rc == DL_OK && pc[k].month == 1 && pc[k].day <= 1 &&
            may_have_coarse_dates(p, DL_PREFIX_YEAR, date8, 4)) {
            rc = date_filter_term(DL_PREFIX_YEAR, date8, 4, true, &q, err);
            if (rc == DL_OK)
                v[n++] = q;
        }
    }
    if (rc == DL_OK && n == 0)
        rc = dl_query_match_nothing(out, err);
    else if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_OR, v, n, 0, out, err);
    dl_query_free_all(v, n);
    return rc;
}

dl_status
dl_query_date_node(struct parse_state *ps, size_t start, size_t end,
                   struct node *out)
{
    const char *s = ps->s + start;
    size_t n = end - start;
    const char *dots = NULL;
    char lo[9];
    char hi[9];
    bool has_lo;
    bool has_hi;
    bool nothing = false;
    size_t k;
    dl_status rc;
    static const char bad[] =
        "date: takes YYYY, YYYY-MM, YYYY-MM-DD or a range such as "
        "2019..2020-06-30, ..2001 or 2020-11..";

    out->q = NULL;
    out->filter = true;
    for (k = 0; k + 1 < n; k++) {
        if (s[k] == '.' && s[k + 1] == '.') {
            dots = s + k;
            break;
        }
    }
    if (dots == NULL) {
        has_lo = date_end(s, n, false, lo);
        has_hi = has_lo && date_end(s, n, true, hi);
        if (!has_lo)
            return dl_query_fail(ps, DL_EQUERY, start, bad);
    } else {
        size_t ln = (size_t)(dots - s);
        const char *r = dots + 2;
        size_t rn = n - ln - 2;
        if (ln == 0 && rn == 0)
            return dl_query_fail(ps, DL_EQUERY, start, bad);
        has_lo = ln > 0;
        has_hi = rn > 0;
        if (has_lo && !date_end(s, ln, false, lo))
            return dl_query_fail(ps, DL_EQUERY, start, bad);
        if (has_hi && !date_end(r, rn, true, hi))
            return dl_query_fail(ps, DL_EQUERY, start + ln + 2, bad);
        if (has_lo && has_hi && strcmp(lo, hi) > 0)
            return dl_query_fail(ps, DL_EQUERY, start,
                                 "date: range ends before it starts");
    }
    rc = dl_query_count_term(ps, start);
    if (rc != DL_OK)
        return rc;
    /* An open end is the index's first or last date: no article lies
     * beyond it, and a closed range can be read from the date terms.  That
     * pays where the range holds a small part of the index's dates; for
     * most of them the value check costs less than the terms of the many
     * days and months (Reuters, Feb-Oct 1987: "trade date:1987-10.." 0.50
     * -> 0.15 ms, "bank date:..1987-04-15" 0.57 -> 0.45, but "oil
     * date:1987-03.." 0.36 -> 0.40), so a range that spans half of the
     * index's days or more stays open, and so the value's. */
    if ((!has_lo || !has_hi) && ps->p->dates.bounds != NULL) {
        char first[9];
        char last[9];
        if (ps->p->dates.bounds(ps->p->dates.ctx, first, last) &&
            2 * (dl_date_day_number(has_hi ? hi : last) -
                 dl_date_day_number(has_lo ? lo : first)) <
                dl_date_day_number(last) - dl_date_day_number(first)) {
            if (!has_lo)
                memcpy(lo, first, sizeof lo);
            if (!has_hi)
                memcpy(hi, last, sizeof hi);
            has_lo = has_hi = true;
            /* past the last date or before the first */
            nothing = strcmp(lo, hi) > 0;
        }
    }
    if (nothing)
        rc = dl_query_match_nothing(&out->q, ps->err);
    else if (has_lo && has_hi)
        rc = date_terms_query(ps->p, lo, hi, &out->q, ps->err);
    else
        rc = DL_EINVAL;
    if (rc == DL_EINVAL) /* open or too long: the value's own range */
        rc = dl_query_value_range(DL_SLOT_DATE, has_lo ? lo : NULL,
                                  has_hi ? hi : NULL, &out->q, ps->err);
    if (rc != DL_OK)
        ps->errpos = start;
    return rc;
}
