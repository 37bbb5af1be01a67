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

/* A date: filter's range: its first and last day (YYYYMMDD), each end
 * open when absent. */
struct date_range {
    char lo[9];
    char hi[9];
    bool has_lo;
    bool has_hi;
};

/* How a date: filter is read: the planner's result (plan_date_range). */
enum date_plan {
    DATE_PLAN_NOTHING,    /* the range lies outside the index's dates */
    DATE_PLAN_TERMS,      /* the Y, M and D terms of its pieces */
    DATE_PLAN_VALUE_RANGE /* the date value of every dated article */
};

/* A closed range is read from the terms when it is at most this many
 * whole years, months and days (1900..2020 is more: the value is read). */
#define DATE_PIECES_MAX 64

/* The date: value s[start..end) into *r: a date ("2020-11", both ends) or
 * a range with either end left out.  DL_EQUERY, with the position of the
 * bad end, for anything else. */
static dl_status
parse_date_range(struct parse_state *ps, size_t start, size_t end,
                 struct date_range *r)
{
    const char *s = ps->s + start;
    size_t n = end - start;
    const char *dots = NULL;
    size_t k;
    static const char bad[] =
        "date: takes YYYY, YYYY-MM, YYYY-MM-DD or a range such as "
        "2019..2020-06-30, ..2001 or 2020-11..";

    for (k = 0; k + 1 < n; k++) {
        if (s[k] == '.' && s[k + 1] == '.') {
            dots = s + k;
            break;
        }
    }
    if (dots == NULL) {
        r->has_lo = date_end(s, n, false, r->lo);
        r->has_hi = r->has_lo && date_end(s, n, true, r->hi);
        if (!r->has_lo)
            return dl_query_fail(ps, DL_EQUERY, start, bad);
    } else {
        size_t ln = (size_t)(dots - s);
        const char *rs = dots + 2;
        size_t rn = n - ln - 2;
        if (ln == 0 && rn == 0)
            return dl_query_fail(ps, DL_EQUERY, start, bad);
        r->has_lo = ln > 0;
        r->has_hi = rn > 0;
        if (r->has_lo && !date_end(s, ln, false, r->lo))
            return dl_query_fail(ps, DL_EQUERY, start, bad);
        if (r->has_hi && !date_end(rs, rn, true, r->hi))
            return dl_query_fail(ps, DL_EQUERY, start + ln + 2, bad);
        if (r->has_lo && r->has_hi && strcmp(r->lo, r->hi) > 0)
            return dl_query_fail(ps, DL_EQUERY, start,
                                 "date: range ends before it starts");
    }
    return DL_OK;
}

/* An open end of r closed at the index's first or last date (the oracle's
 * bounds: no article lies beyond them), so that the range can be read from
 * the terms.  That pays where the range holds a small part of the index's
 * days; for most of them the value check costs less than the terms of the
 * many days and months (docs/query-language.md), so a range that would
 * span half of the index's days or more stays open.  *outside is set when
 * the closed range holds no day of the index (it ends before the first
 * date or starts after the last).  DL_OK, or the oracle's error. */
static dl_status
close_open_end(const dl_query_parser *p, struct date_range *r, bool *outside,
               dl_err *err)
{
    char first[9];
    char last[9];
    bool found = false;
    dl_status rc;

    *outside = false;
    if ((r->has_lo && r->has_hi) || p->dates.bounds == NULL)
        return DL_OK;
    rc = p->dates.bounds(p->dates.ctx, first, last, &found, err);
    if (rc != DL_OK || !found)
        return rc;
    if (2 * (dl_date_day_number(r->has_hi ? r->hi : last) -
             dl_date_day_number(r->has_lo ? r->lo : first)) >=
        dl_date_day_number(last) - dl_date_day_number(first))
        return DL_OK;
    if (!r->has_lo)
        memcpy(r->lo, first, sizeof r->lo);
    if (!r->has_hi)
        memcpy(r->hi, last, sizeof r->hi);
    r->has_lo = r->has_hi = true;
    *outside = strcmp(r->lo, r->hi) > 0;
    return DL_OK;
}

/* plan_date_range - how to read r, into *plan, closing an open end where
 * that pays (close_open_end); for DATE_PLAN_TERMS the range's pieces go
 * into pc[0..*np) (room for DATE_PIECES_MAX).  DL_OK, or the date oracle's
 * error: a failure of the index is reported, never taken for a reason to
 * read the value instead. */
static dl_status
plan_date_range(const dl_query_parser *p, struct date_range *r,
                struct dl_date_piece *pc, size_t *np, enum date_plan *plan,
                dl_err *err)
{
    bool outside = false;
    dl_status rc = close_open_end(p, r, &outside, err);

    *np = 0;
    *plan = DATE_PLAN_VALUE_RANGE;
    if (rc != DL_OK)
        return rc;
    if (outside) {
        *plan = DATE_PLAN_NOTHING;
        return DL_OK;
    }
    if (!r->has_lo || !r->has_hi)
        return DL_OK; /* open: the value's own range */
    *np = dl_date_range_pieces(r->lo, r->hi, pc, DATE_PIECES_MAX);
    if (*np <= DATE_PIECES_MAX)
        *plan = DATE_PLAN_TERMS;
    return DL_OK;
}

/* Into *out, whether the month (prefix M, digits 6) or year (Y, 4) of
 * date8 may have articles dated only to it: the oracle's answer, or yes
 * without an oracle.  DL_OK, or the oracle's error. */
static dl_status
may_have_coarse_dates(const dl_query_parser *p, const char *prefix,
                      const char *date8, size_t digits, bool *out, dl_err *err)
{
    char d[9];
    *out = true;
    if (p->dates.coarse == NULL)
        return DL_OK;
    memcpy(d, date8, digits);
    d[digits] = '\0';
    return p->dates.coarse(p->dates.ctx, prefix, d, out, err);
}

/* The queries of one piece of a range, appended to v[*n..] (at most three):
 * the piece's own Y, M or D term, and where the piece starts a month (a
 * day 1) or a year (January) without the whole of it being in the range,
 * the articles dated only to that month or year, whose value is this
 * first day: the month's or year's term narrowed to that value, added only
 * where the oracle says there may be such articles (narrowed so, the term
 * still has the value of every article of its month or year checked). */
static dl_status
piece_queries(const dl_query_parser *p, const struct dl_date_piece *pc,
              dl_query **v, size_t *n, dl_err *err)
{
    struct dl_date d = {pc->year, pc->month, pc->day};
    const char *prefix = DL_PREFIX_DAY; /* the piece's own term */
    size_t digits = 8;
    char date8[9];
    bool coarse = false;
    dl_status rc;

    if (pc->month == 0) {
        prefix = DL_PREFIX_YEAR;
        digits = 4;
    } else if (pc->day == 0) {
        prefix = DL_PREFIX_MONTH;
        digits = 6;
    }
    dl_date_format(&d, date8);
    rc = date_filter_term(prefix, date8, digits, false, &v[*n], err);
    if (rc != DL_OK)
        return rc;
    (*n)++;
    if (pc->day == 1)
        rc = may_have_coarse_dates(p, DL_PREFIX_MONTH, date8, 6, &coarse, err);
    if (rc == DL_OK && coarse) {
        rc = date_filter_term(DL_PREFIX_MONTH, date8, 6, true, &v[*n], err);
        if (rc == DL_OK)
            (*n)++;
    }
    coarse = false;
    if (rc == DL_OK && pc->month == 1 && pc->day <= 1)
        rc = may_have_coarse_dates(p, DL_PREFIX_YEAR, date8, 4, &coarse, err);
    if (rc == DL_OK && coarse) {
        rc = date_filter_term(DL_PREFIX_YEAR, date8, 4, true, &v[*n], err);
        if (rc == DL_OK)
            (*n)++;
    }
    return rc;
}

/* date_terms_query - the articles dated in the range of pieces pc[0..np)
 * from the Y, M and D terms (dl_schema.h) instead of the date value: whole
 * years, months and days of the range are a posting list each, which
 * reads only the articles of the range where OP_VALUE_RANGE checks the
 * date of every article (docs/query-language.md).  The set is exactly the
 * value range's: an article dated only to a month or a year has the value
 * of its first day (dl_date_format) and no finer term, and piece_queries
 * adds it where the range holds that day.  DL_OK, DL_ENOMEM, DL_EXAPIAN or
 * the date oracle's error. */
static dl_status
date_terms_query(const dl_query_parser *p, const struct dl_date_piece *pc,
                 size_t np, dl_query **out, dl_err *err)
{
    /* each piece gives its term and at most two first-day terms */
    dl_query *v[3 * DATE_PIECES_MAX];
    size_t n = 0;
    size_t k;
    dl_status rc = DL_OK;

    *out = NULL;
    for (k = 0; k < np && rc == DL_OK; k++)
        rc = piece_queries(p, &pc[k], v, &n, err);
    if (rc == DL_OK && n == 0)
        rc = dl_query_match_nothing(out, err);
    else if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_OR, v, n, 0, out, err);
    dl_query_free_all(v, n);
    return rc;
}

/* The parse's top-level date range (query.h: date_lo, date_hi) narrowed
 * to r: the matches pass every top-level date: filter, so the range is
 * their intersection. */
static void
narrow_query_range(struct dl_parsed_query *res, const struct date_range *r)
{
    if (r->has_lo &&
        (res->date_lo[0] == '\0' || strcmp(r->lo, res->date_lo) > 0))
        memcpy(res->date_lo, r->lo, 9);
    if (r->has_hi &&
        (res->date_hi[0] == '\0' || strcmp(r->hi, res->date_hi) < 0))
        memcpy(res->date_hi, r->hi, 9);
}

dl_status
dl_query_date_node(struct parse_state *ps, size_t start, size_t end,
                   struct node *out)
{
    struct date_range r;
    struct dl_date_piece pc[DATE_PIECES_MAX];
    size_t np = 0;
    enum date_plan plan = DATE_PLAN_VALUE_RANGE;
    dl_status rc;

    out->q = NULL;
    out->filter = true;
    rc = parse_date_range(ps, start, end, &r);
    if (rc != DL_OK)
        return rc;
    rc = dl_query_count_term(ps, start);
    if (rc != DL_OK)
        return rc;
    if (ps->depth == 0 && ps->neg == 0)
        narrow_query_range(ps->res, &r);
    rc = plan_date_range(ps->p, &r, pc, &np, &plan, ps->err);
    if (rc == DL_OK && plan == DATE_PLAN_NOTHING)
        rc = dl_query_match_nothing(&out->q, ps->err);
    else if (rc == DL_OK && plan == DATE_PLAN_TERMS)
        rc = date_terms_query(ps->p, pc, np, &out->q, ps->err);
    else if (rc == DL_OK)
        rc = dl_query_value_range(DL_SLOT_DATE, r.has_lo ? r.lo : NULL,
                                  r.has_hi ? r.hi : NULL, &out->q, ps->err);
    if (rc != DL_OK)
        ps->errpos = start;
    return rc;
}
