/* render_html_facets.c - the facets of the search page: the timeline of
 * matches per month (or per year over a long span) as inline SVG bars
 * with a text equivalent, and the source, language and month lists, each
 * value a link that filters by it (the active one marked, not linked).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl_alloc.h"
#include "dl_schema.h"
#include "render_html.h"
#include "render_html_int.h"

/* Facet lists longer than this are cut: the timeline shows every month. */
#define FACET_SHOW 20
#define FACET_SHOW_MONTHS 12
/* A timeline spanning more months than this is drawn per year. */
#define TIMELINE_MAX_MONTHS 120
#define TIMELINE_MAX_YEARS 400

static const struct dl_facet *
facet(const struct dl_result *res, const char *name)
{
    size_t f;
    for (f = 0; f < DL_RESULT_FACETS; f++) {
        if (res->facets[f].name != NULL &&
            strcmp(res->facets[f].name, name) == 0)
            return &res->facets[f];
    }
    return NULL;
}

/* Matches per month as bars; per year when the span is long. */
void
html_timeline(struct html_w *w, const struct dl_result *res)
{
    const struct dl_facet *fm = facet(res, "month");
    unsigned long *bins = NULL;
    unsigned long max = 0;
    long lo = -1;
    long hi = -1;
    long n;
    long peak = 0;
    bool yearly;
    size_t k;
    long i;
    char a[32];
    char b[32];
    char c[32];

    if (fm == NULL || fm->n == 0)
        return;
    for (k = 0; k < fm->n; k++) {
        long m = html_month_index(fm->v[k].value);
        if (m < 0)
            continue;
        if (lo < 0 || m < lo)
            lo = m;
        if (m > hi)
            hi = m;
    }
    if (lo < 0)
        return;
    yearly = hi - lo + 1 > TIMELINE_MAX_MONTHS;
    n = yearly ? hi / 12 - lo / 12 + 1 : hi - lo + 1;
    if (n > TIMELINE_MAX_YEARS)
        return;
    bins = dl_calloc((size_t)n, sizeof *bins);
    if (bins == NULL) {
        w->rc = DL_ENOMEM;
        return;
    }
    for (k = 0; k < fm->n; k++) {
        long m = html_month_index(fm->v[k].value);
        if (m < 0)
            continue;
        i = yearly ? m / 12 - lo / 12 : m - lo;
        bins[i] += fm->v[k].count;
    }
    for (i = 0; i < n; i++) {
        if (bins[i] > max) {
            max = bins[i];
            peak = i;
        }
    }
    if (yearly) {
        snprintf(a, sizeof a, "%ld", lo / 12);
        snprintf(b, sizeof b, "%ld", hi / 12);
    } else {
        html_month_label(a, sizeof a, lo);
        html_month_label(b, sizeof b, hi);
    }
    html_put(w, "<figure>\n");
    html_putf(w,
              "<svg role=\"img\" aria-labelledby=\"tl-t tl-d\" "
              "viewBox=\"0 0 %ld 100\" preserveAspectRatio=\"none\">\n",
              n * 10);
    html_putf(w, "<title id=\"tl-t\">Matches per %s</title>\n",
              yearly ? "year" : "month");
    html_put(w, "<desc id=\"tl-d\">From ");
    html_text(w, a);
    html_put(w, " to ");
    html_text(w, b);
    if (yearly) {
        html_putf(w, "; most in %ld", lo / 12 + peak);
    } else {
        html_month_label(c, sizeof c, lo + peak);
        html_putf(w, "; most in %s", c);
    }
    html_put(w, " (");
    html_count(w, max);
    html_put(w, ").</desc>\n");
    for (i = 0; i < n; i++) {
        long h = bins[i] == 0 ? 1 : (long)(2 + bins[i] * 96 / max);
        html_putf(w,
                  "<rect x=\"%ld\" y=\"%ld\" width=\"8\" height=\"%ld\" "
                  "fill=\"%s\"><title>",
                  i * 10 + 1, 100 - h, h, bins[i] == 0 ? "#c8c8c8" : "#2d64a8");
        if (yearly) {
            html_putf(w, "%ld", lo / 12 + i);
        } else {
            html_month_label(c, sizeof c, lo + i);
            html_putf(w, "%s", c);
        }
        html_put(w, ": ");
        html_count(w, bins[i]);
        html_put(w, bins[i] == 1 ? " match" : " matches");
        html_put(w, "</title></rect>\n");
    }
    html_put(w, "</svg>\n<figcaption><span>");
    html_text(w, a);
    html_putf(w, "</span><span>matches per %s</span><span>",
              yearly ? "year" : "month");
    html_text(w, b);
    html_put(w, "</span></figcaption>\n</figure>\n");
    dl_free(bins);
}

static int
by_month_desc(const void *x, const void *y)
{
    const struct dl_facet_count *a = *(const struct dl_facet_count *const *)x;
    const struct dl_facet_count *b = *(const struct dl_facet_count *const *)y;
    return strcmp(b->value, a->value);
}

void
html_facet_list(struct html_w *w, const struct dl_cgi_params *p,
                const struct dl_result *res, const char *name,
                const char *heading)
{
    const struct dl_facet *f = facet(res, name);
    const struct dl_facet_count **order = NULL;
    size_t n;
    size_t k;
    bool month = strcmp(name, "month") == 0;

    if (f == NULL || f->n == 0)
        return;
    order = dl_calloc(f->n, sizeof *order);
    if (order == NULL) {
        w->rc = DL_ENOMEM;
        return;
    }
    n = 0;
    for (k = 0; k < f->n; k++) {
        const char *v = f->v[k].value;
        if (*v == '\0' || (month && html_month_index(v) < 0))
            continue;
        order[n++] = &f->v[k];
    }
    if (month)
        qsort(order, n, sizeof *order, by_month_desc);
    if (n > (month ? FACET_SHOW_MONTHS : FACET_SHOW))
        n = month ? FACET_SHOW_MONTHS : FACET_SHOW;
    if (n == 0)
        goto out;
    html_put(w, "<h2>");
    html_put(w, heading);
    html_put(w, "</h2>\n<ul>\n");
    for (k = 0; k < n; k++) {
        const char *v = order[k]->value;
        struct html_link l = html_link_of(p);
        bool on;
        bool linked = false;
        char mv[8];
        char label[32];
        l.page = 1;
        if (month) {
            memcpy(mv, v, 7);
            mv[7] = '\0';
            on = p->from != NULL && p->to != NULL && strcmp(p->from, mv) == 0 &&
                 strcmp(p->to, mv) == 0;
            l.from = mv;
            l.to = mv;
            html_month_label(label, sizeof label, html_month_index(v));
        } else if (strcmp(name, "source") == 0) {
            on = p->source != NULL && strcmp(p->source, v) == 0;
            l.source = v;
        } else {
            on = p->lang != NULL && strcmp(p->lang, v) == 0;
            l.lang = v;
        }
        html_put(w, "<li>");
        if (on)
            html_put(w, "<strong aria-current=\"true\">");
        else
            linked = html_open_link(w, &l, NULL);
        if (month)
            html_text(w, label);
        else if (strcmp(name, "lang") == 0)
            html_text(w, html_lang_name(v));
        else
            html_text(w, v);
        if (on)
            html_put(w, "</strong>");
        else if (linked)
            html_put(w, "</a>");
        html_put(w, " <span class=\"n\">");
        html_count(w, order[k]->count);
        html_put(w, "</span></li>\n");
    }
    html_put(w, "</ul>\n");
out:
    dl_free(order);
}
