/* render_timeline.c - text, JSON and CSV of a timeline (render_timeline.h).
 *
 * The share is matching / total, written with six significant digits in
 * JSON and CSV (null, or an empty field, when the period has no article
 * at all) and as a percentage in text.  Rows the periods cannot hold
 * (undated, dated to the month or year only) come after the periods, in
 * every format, so the counts add up to every match.
 */
#include "config.h"

#include <string.h>

#include "csv.h"
#include "dl_json.h"
#include "render_timeline.h"

/* The rows after the periods: name, then where each series keeps its
 * matching and total counts. */
struct apart_row {
    const char *csv;  /* the CSV and JSON name */
    const char *text; /* what the text says */
    size_t matching;  /* offsetof into dl_timeline_series */
    size_t total;
};

static const struct apart_row apart_rows[] = {
    {"undated", "without a date",
     offsetof(struct dl_timeline_series, undated_matching),
     offsetof(struct dl_timeline_series, undated_total)},
    {"month only", "dated to the month only (no period holds them)",
     offsetof(struct dl_timeline_series, month_only_matching),
     offsetof(struct dl_timeline_series, month_only_total)},
    {"year only", "dated to the year only (no period holds them)",
     offsetof(struct dl_timeline_series, year_only_matching),
     offsetof(struct dl_timeline_series, year_only_total)},
};
#define N_APART (sizeof apart_rows / sizeof *apart_rows)

static unsigned long
field(const struct dl_timeline_series *s, size_t off)
{
    return *(const unsigned long *)(const void *)((const char *)s + off);
}

/* Whether some series has articles in apart row a (matching or total). */
static bool
apart_used(const struct dl_timeline *t, size_t a)
{
    size_t i;
    for (i = 0; i < t->n_series; i++) {
        if (field(&t->series[i], apart_rows[a].matching) > 0 ||
            field(&t->series[i], apart_rows[a].total) > 0)
            return true;
    }
    return false;
}

/* The share m / t, as JSON or CSV write it ("" for none, null in JSON). */
static dl_status
share(dl_buf *out, unsigned long m, unsigned long t, const char *none)
{
    if (t == 0)
        return dl_buf_puts(out, none);
    return dl_buf_printf(out, "%.6g", (double)m / (double)t);
}

/* ---- text ---------------------------------------------------------------- */

/* s[0..n) with control characters made spaces (article and query text
 * reaches a terminal). */
static dl_status
text_clean(dl_buf *out, const char *s)
{
    dl_status rc = DL_OK;
    for (; rc == DL_OK && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        rc = dl_buf_putc(out, (c < 0x20 || c == 0x7F) ? ' ' : (char)c);
    }
    return rc;
}

static dl_status
text_share(dl_buf *out, unsigned long m, unsigned long t)
{
    if (t == 0)
        return dl_buf_printf(out, " %8s", "-");
    return dl_buf_printf(out, " %7.2f%%", 100.0 * (double)m / (double)t);
}

/* Whether every series has the same totals: a comparison without
 * filters shows them once. */
static bool
same_totals(const struct dl_timeline *t)
{
    size_t i;
    for (i = 1; i < t->n_series; i++) {
        if (memcmp(t->series[i].total, t->series[0].total,
                   t->n_periods * sizeof *t->series[0].total) != 0)
            return false;
    }
    return true;
}

static dl_status
text_head(const struct dl_timeline *t, dl_buf *out)
{
    dl_status rc = DL_OK;
    size_t i;
    if (t->by_source || t->n_series == 1) {
        rc = dl_buf_printf(out,
                           "Timeline by %s of: ", dl_period_name(t->period));
        if (rc == DL_OK)
            rc = text_clean(out, t->query);
        if (t->by_source)
            return rc == DL_OK ? dl_buf_puts(out, " (by source)\n") : rc;
        if (rc == DL_OK)
            rc = dl_buf_printf(out,
                               "\n%lu matching articles (every match, "
                               "near-duplicates each counted)\n",
                               t->series[0].matches);
        return rc;
    }
    rc = dl_buf_printf(out, "Timelines by %s compared:\n",
                       dl_period_name(t->period));
    for (i = 0; rc == DL_OK && i < t->n_series; i++) {
        rc = dl_buf_printf(out, "  [%zu] ", i + 1);
        if (rc == DL_OK)
            rc = text_clean(out, t->series[i].label);
        if (rc == DL_OK)
            rc = dl_buf_printf(out, ": %lu matching articles\n",
                               t->series[i].matches);
    }
    return rc;
}

/* One line per period: matching, share per series, totals once or per
 * series. */
static dl_status
text_table(const struct dl_timeline *t, dl_buf *out)
{
    bool one_total = same_totals(t);
    char label[DL_PERIOD_LABEL_MAX];
    dl_status rc = dl_buf_printf(out, "%-10s", "period");
    size_t i;
    size_t k;
    for (i = 0; rc == DL_OK && i < t->n_series; i++) {
        if (t->n_series == 1)
            rc = dl_buf_printf(out, " %9s", "matching");
        else
            rc = dl_buf_printf(out, " %7s[%zu]", "", i + 1);
        if (rc == DL_OK && !one_total)
            rc = dl_buf_printf(out, " %9s", "total");
        if (rc == DL_OK)
            rc = dl_buf_printf(out, " %8s", "share");
    }
    if (rc == DL_OK && one_total)
        rc = dl_buf_printf(out, " %9s", "total");
    if (rc == DL_OK)
        rc = dl_buf_putc(out, '\n');
    for (k = 0; rc == DL_OK && k < t->n_periods; k++) {
        dl_period_label(t->period, t->first + (long)k, label);
        rc = dl_buf_printf(out, "%-10s", label);
        for (i = 0; rc == DL_OK && i < t->n_series; i++) {
            const struct dl_timeline_series *s = &t->series[i];
            rc = dl_buf_printf(out, " %9lu", s->matching[k]);
            if (rc == DL_OK && !one_total)
                rc = dl_buf_printf(out, " %9lu", s->total[k]);
            if (rc == DL_OK)
                rc = text_share(out, s->matching[k], s->total[k]);
        }
        if (rc == DL_OK && one_total)
            rc = dl_buf_printf(out, " %9lu", t->series[0].total[k]);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    return rc;
}

/* By source: one line per period and source. */
static dl_status
text_sources(const struct dl_timeline *t, dl_buf *out)
{
    char label[DL_PERIOD_LABEL_MAX];
    dl_status rc = dl_buf_printf(out, "%-10s %9s %9s %8s  %s\n", "period",
                                 "matching", "total", "share", "source");
    size_t i;
    size_t k;
    for (k = 0; rc == DL_OK && k < t->n_periods; k++) {
        dl_period_label(t->period, t->first + (long)k, label);
        for (i = 0; rc == DL_OK && i < t->n_series; i++) {
            const struct dl_timeline_series *s = &t->series[i];
            rc = dl_buf_printf(out, "%-10s %9lu %9lu", label, s->matching[k],
                               s->total[k]);
            if (rc == DL_OK)
                rc = text_share(out, s->matching[k], s->total[k]);
            if (rc == DL_OK)
                rc = dl_buf_puts(out, "  ");
            if (rc == DL_OK)
                rc = text_clean(out, s->label);
            if (rc == DL_OK)
                rc = dl_buf_putc(out, '\n');
        }
    }
    return rc;
}

/* The articles no period holds, said in words. */
static dl_status
text_apart(const struct dl_timeline *t, dl_buf *out)
{
    dl_status rc = DL_OK;
    size_t a;
    size_t i;
    for (a = 0; rc == DL_OK && a < N_APART; a++) {
        if (!apart_used(t, a))
            continue;
        rc = dl_buf_printf(out, "Articles %s:", apart_rows[a].text);
        for (i = 0; rc == DL_OK && i < t->n_series; i++) {
            const struct dl_timeline_series *s = &t->series[i];
            if (t->n_series > 1 && t->by_source)
                rc = dl_buf_puts(out, "\n  ");
            else if (t->n_series > 1)
                rc = dl_buf_printf(out, "\n  [%zu]", i + 1);
            if (rc == DL_OK && t->by_source)
                rc = text_clean(out, s->label);
            if (rc == DL_OK)
                rc = dl_buf_printf(out, " %lu matching of %lu",
                                   field(s, apart_rows[a].matching),
                                   field(s, apart_rows[a].total));
        }
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    return rc;
}

dl_status
dl_render_timeline_text(const struct dl_timeline *t, dl_buf *out)
{
    dl_status rc = text_head(t, out);
    if (rc == DL_OK && t->filtered)
        rc = dl_buf_puts(out, "Totals of a query with filters (source, "
                              "language, date) count its filters' "
                              "articles, not the whole archive.\n");
    if (rc == DL_OK && t->n_periods == 0)
        rc = dl_buf_puts(out, "No dated match: no period to list.\n");
    else if (rc == DL_OK)
        rc = t->by_source ? text_sources(t, out) : text_table(t, out);
    if (rc == DL_OK)
        rc = text_apart(t, out);
    return rc;
}

/* ---- JSON ---------------------------------------------------------------- */

static dl_status
json_counts(dl_buf *out, const char *name, const unsigned long *v, size_t n)
{
    dl_status rc = dl_buf_printf(out, ",\"%s\":[", name);
    size_t k;
    for (k = 0; rc == DL_OK && k < n; k++)
        rc = dl_buf_printf(out, "%s%lu", k > 0 ? "," : "", v[k]);
    return rc == DL_OK ? dl_buf_putc(out, ']') : rc;
}

static dl_status
json_series(const struct dl_timeline *t, const struct dl_timeline_series *s,
            dl_buf *out)
{
    dl_status rc = dl_buf_puts(out, "{\"label\":");
    size_t k;
    size_t a;
    if (rc == DL_OK)
        rc = dl_json_string(s->label, strlen(s->label), out);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"matches\":%lu", s->matches);
    if (rc == DL_OK)
        rc = json_counts(out, "matching", s->matching, t->n_periods);
    if (rc == DL_OK)
        rc = json_counts(out, "total", s->total, t->n_periods);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"share\":[");
    for (k = 0; rc == DL_OK && k < t->n_periods; k++) {
        if (k > 0)
            rc = dl_buf_putc(out, ',');
        if (rc == DL_OK)
            rc = share(out, s->matching[k], s->total[k], "null");
    }
    if (rc == DL_OK)
        rc = dl_buf_putc(out, ']');
    for (a = 0; rc == DL_OK && a < N_APART; a++) {
        char key[16];
        size_t j;
        /* "month only" -> "month_only": a JSON key, not prose. */
        for (j = 0; apart_rows[a].csv[j] != '\0' && j + 1 < sizeof key; j++)
            key[j] = apart_rows[a].csv[j] == ' ' ? '_' : apart_rows[a].csv[j];
        key[j] = '\0';
        rc = dl_buf_printf(out, ",\"%s\":{\"matching\":%lu,\"total\":%lu}", key,
                           field(s, apart_rows[a].matching),
                           field(s, apart_rows[a].total));
    }
    return rc == DL_OK ? dl_buf_putc(out, '}') : rc;
}

dl_status
dl_render_timeline_json(const struct dl_timeline *t, dl_buf *out)
{
    char label[DL_PERIOD_LABEL_MAX];
    size_t k;
    size_t i;
    dl_status rc = dl_buf_puts(out, "{\"timeline\":{\"query\":");
    if (rc == DL_OK)
        rc = dl_json_string(t->query, strlen(t->query), out);
    if (rc == DL_OK)
        rc = dl_buf_printf(
            out,
            ",\"period\":\"%s\",\"by\":\"%s\",\"compare\":%s,"
            "\"filtered_totals\":%s,\"periods\":[",
            dl_period_name(t->period), t->by_source ? "source" : "query",
            t->compare ? "true" : "false", t->filtered ? "true" : "false");
    for (k = 0; rc == DL_OK && k < t->n_periods; k++) {
        dl_period_label(t->period, t->first + (long)k, label);
        rc = dl_buf_printf(out, "%s\"%s\"", k > 0 ? "," : "", label);
    }
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "],\"series\":[");
    for (i = 0; rc == DL_OK && i < t->n_series; i++) {
        if (i > 0)
            rc = dl_buf_putc(out, ',');
        if (rc == DL_OK)
            rc = json_series(t, &t->series[i], out);
    }
    if (rc == DL_OK)
        rc = dl_buf_printf(out, "],\"took_ms\":%.3f}}\n", t->took_ms);
    return rc;
}

/* ---- CSV ----------------------------------------------------------------- */

static dl_status
csv_str(dl_buf *out, const char *s, int first)
{
    return dl_csv_field(out, s, strlen(s), first);
}

static dl_status
csv_num(dl_buf *out, unsigned long v)
{
    return dl_buf_printf(out, ",%lu", v);
}

static dl_status
csv_share(dl_buf *out, unsigned long m, unsigned long t)
{
    dl_status rc = dl_buf_putc(out, ',');
    return rc == DL_OK ? share(out, m, t, "") : rc;
}

/* The header: period, then per series (a comparison) its label's
 * matching, total and share, or source and the three. */
static dl_status
csv_header(const struct dl_timeline *t, dl_buf *out)
{
    static const char *const cols[] = {"matching", "total", "share"};
    dl_buf name = DL_BUF_INIT;
    dl_status rc = csv_str(out, "period", 1);
    size_t i;
    size_t c;
    if (!t->compare) {
        if (rc == DL_OK && t->by_source)
            rc = csv_str(out, "source", 0);
        for (c = 0; rc == DL_OK && c < 3; c++)
            rc = csv_str(out, cols[c], 0);
        return rc == DL_OK ? dl_csv_end(out) : rc;
    }
    for (i = 0; rc == DL_OK && i < t->n_series; i++) {
        for (c = 0; rc == DL_OK && c < 3; c++) {
            dl_buf_reset(&name);
            rc = dl_buf_printf(&name, "%s %s", t->series[i].label, cols[c]);
            if (rc == DL_OK)
                rc = dl_csv_field(out, name.data, name.len, 0);
        }
    }
    dl_buf_free(&name);
    return rc == DL_OK ? dl_csv_end(out) : rc;
}

/* One record: label, then per series (or only series only) its counts. */
static dl_status
csv_row(const struct dl_timeline *t, const char *label, size_t only,
        unsigned long (*get)(const struct dl_timeline_series *, size_t, bool),
        size_t arg, dl_buf *out)
{
    dl_status rc = csv_str(out, label, 1);
    size_t i;
    for (i = 0; rc == DL_OK && i < t->n_series; i++) {
        const struct dl_timeline_series *s = &t->series[i];
        unsigned long m = get(s, arg, false);
        unsigned long tot = get(s, arg, true);
        if (only != (size_t)-1 && i != only)
            continue;
        if (only != (size_t)-1)
            rc = csv_str(out, s->label, 0);
        if (rc == DL_OK)
            rc = csv_num(out, m);
        if (rc == DL_OK)
            rc = csv_num(out, tot);
        if (rc == DL_OK)
            rc = csv_share(out, m, tot);
    }
    return rc == DL_OK ? dl_csv_end(out) : rc;
}

static unsigned long
period_count(const struct dl_timeline_series *s, size_t k, bool total)
{
    return total ? s->total[k] : s->matching[k];
}

static unsigned long
apart_count(const struct dl_timeline_series *s, size_t a, bool total)
{
    return field(s, total ? apart_rows[a].total : apart_rows[a].matching);
}

dl_status
dl_render_timeline_csv(const struct dl_timeline *t, dl_buf *out)
{
    char label[DL_PERIOD_LABEL_MAX];
    size_t per_row = t->by_source ? t->n_series : 1;
    size_t k;
    size_t i;
    size_t a;
    dl_status rc = csv_header(t, out);
    for (k = 0; rc == DL_OK && k < t->n_periods; k++) {
        dl_period_label(t->period, t->first + (long)k, label);
        for (i = 0; rc == DL_OK && i < per_row; i++)
            rc = csv_row(t, label, t->by_source ? i : (size_t)-1, period_count,
                         k, out);
    }
    for (a = 0; rc == DL_OK && a < N_APART; a++) {
        if (!apart_used(t, a))
            continue;
        for (i = 0; rc == DL_OK && i < per_row; i++)
            rc = csv_row(t, apart_rows[a].csv, t->by_source ? i : (size_t)-1,
                         apart_count, a, out);
    }
    return rc;
}
