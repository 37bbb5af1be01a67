/* render_html_chart.c - the timeline of the search page (tl=, vs=, share=):
 * one line per query compared, as inline SVG.
 *
 * No script: every choice is a link (counts or share, the period, each
 * compared query removed, the chart hidden) or a plain GET form (a query
 * added).  The SVG has a fixed viewBox and scales to the width of the
 * page, so it reads on a phone and prints as drawn; each line has its own
 * colour and dash pattern, so it still reads in grey.  The same numbers
 * are a <table> inside <details> for screen readers and for copying, and
 * the SVG's <title> and <desc> say what it shows and where each query
 * peaks.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "render_html.h"
#include "render_html_int.h"

/* The plot's own coordinates (viewBox): lines from x 10 to 590, y 210
 * (zero) to 15 (the highest value). */
#define CHART_W 600
#define CHART_H 220
#define PLOT_X0 10
#define PLOT_X1 590
#define PLOT_Y0 210
#define PLOT_Y1 15
/* Points get a circle (and a tooltip) up to this many periods; past it
 * they would only blur the line. */
#define CHART_DOTS_MAX 120

/* One colour and dash pattern per series, in the legend's order; the
 * colours keep 3:1 contrast against white. */
static const char *const colours[DL_TIMELINE_MAX_QUERIES + 1] = {
    "#2d64a8", "#b3261e", "#1e7a3c", "#7b3fa0", "#9a6200", "#4d4d4d"};
static const char *const dashes[DL_TIMELINE_MAX_QUERIES + 1] = {
    "", "8 4", "2 3", "10 3 2 3", "5 5", "1 4"};

/* The value plotted for period k of s: its count, or its share. */
static double
value(const struct dl_timeline_series *s, size_t k, bool share)
{
    if (!share)
        return (double)s->matching[k];
    return s->total[k] > 0 ? (double)s->matching[k] / (double)s->total[k] : 0;
}

static void
put_value(struct html_w *w, double v, bool share)
{
    if (share)
        html_putf(w, "%.2f%%", v * 100.0);
    else
        html_count(w, (unsigned long)v);
}

/* A link to this page with the timeline changed by the caller (l from
 * html_link_of), labelled; the current choice is marked, not linked. */
static void
choice(struct html_w *w, struct html_link *l, bool current, const char *label)
{
    l->page = 1;
    if (current) {
        html_put(w, "<strong aria-current=\"true\">");
        html_put(w, label);
        html_put(w, "</strong>");
        return;
    }
    html_linked_label(w, l, label);
}

/* The links that change what the chart shows. */
static void
chart_links(struct html_w *w, const struct dl_cgi_params *p,
            enum dl_period drawn)
{
    static const char *const names[] = {"day", "week", "month", "year"};
    struct html_link l;
    size_t i;

    html_put(w, "<nav class=\"sort\" aria-label=\"Timeline\"><ul>\n<li>");
    l = html_link_of(p);
    l.share = false;
    choice(w, &l, !p->share, "Matching articles");
    html_put(w, "</li>\n<li>");
    l = html_link_of(p);
    l.share = true;
    choice(w, &l, p->share, "Share of all articles");
    html_put(w, "</li>\n");
    for (i = 0; i < 4; i++) {
        html_put(w, "<li>");
        l = html_link_of(p);
        l.tl = (enum dl_period)i;
        choice(w, &l, drawn == (enum dl_period)i, names[i]);
        html_put(w, "</li>\n");
    }
    html_put(w, "<li>");
    l = html_link_of(p);
    l.timeline = false;
    l.n_vs = 0;
    l.share = false;
    choice(w, &l, false, "Hide the timeline");
    html_put(w, "</li>\n</ul></nav>\n");
}

/* The legend: each query in its colour, a compared one with a link that
 * removes it. */
static void
legend(struct html_w *w, const struct dl_cgi_params *p,
       const struct dl_timeline *t)
{
    char *vs[DL_CGI_MAX_VS];
    size_t vs_len[DL_CGI_MAX_VS];
    size_t i;
    size_t k;

    html_put(w, "<ul class=\"legend\">\n");
    for (i = 0; i < t->n_series; i++) {
        html_putf(w,
                  "<li><span class=\"k%zu\" aria-hidden=\"true\">"
                  "&#9632;</span> ",
                  i + 1);
        html_text(w, t->series[i].label);
        html_put(w, " <span class=\"n\">(");
        html_count(w, t->series[i].matches);
        html_put(w, ")</span>");
        if (i > 0 && i <= p->n_vs) {
            struct html_link l = html_link_of(p);
            size_t n = 0;
            for (k = 0; k < p->n_vs; k++) {
                if (k + 1 == i)
                    continue;
                vs[n] = p->vs[k];
                vs_len[n++] = p->vs_len[k];
            }
            l.vs = vs;
            l.vs_len = vs_len;
            l.n_vs = n;
            l.page = 1;
            html_put(w, " ");
            html_linked_label(w, &l,
                              "<span aria-hidden=\"true\">&times;"
                              "</span><span class=\"vh\">remove "
                              "from the comparison</span>");
        }
        html_put(w, "</li>\n");
    }
    html_put(w, "</ul>\n");
}

/* The SVG: one polyline per series, dots with tooltips on short ones. */
static void
chart_svg(struct html_w *w, const struct dl_timeline *t, bool share, double max)
{
    char label[DL_PERIOD_LABEL_MAX];
    size_t n = t->n_periods;
    size_t i;
    size_t k;

    html_putf(w,
              "<svg role=\"img\" aria-labelledby=\"cmp-t cmp-d\" "
              "viewBox=\"0 0 %d %d\">\n",
              CHART_W, CHART_H);
    html_putf(w, "<title id=\"cmp-t\">%s per %s</title>\n<desc id=\"cmp-d\">",
              share ? "Share of all articles" : "Matching articles",
              dl_period_name(t->period));
    for (i = 0; i < t->n_series; i++) {
        size_t peak = 0;
        for (k = 1; k < n; k++) {
            if (value(&t->series[i], k, share) >
                value(&t->series[i], peak, share))
                peak = k;
        }
        dl_period_label(t->period, t->first + (long)peak, label);
        html_text(w, t->series[i].label);
        html_put(w, ": most in ");
        html_text(w, label);
        html_put(w, " (");
        put_value(w, value(&t->series[i], peak, share), share);
        html_put(w, "). ");
    }
    html_put(w, "</desc>\n");
    html_putf(
        w,
        "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#6b6b6b\"/>"
        "\n<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
        "stroke=\"#d6d2c4\" stroke-dasharray=\"2 4\"/>\n",
        PLOT_Y0, CHART_W, PLOT_Y0, PLOT_Y1, CHART_W, PLOT_Y1);
    for (i = 0; i < t->n_series; i++) {
        const struct dl_timeline_series *s = &t->series[i];
        html_putf(w,
                  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                  "stroke-linejoin=\"round\"%s%s%s points=\"",
                  colours[i], *dashes[i] ? " stroke-dasharray=\"" : "",
                  dashes[i], *dashes[i] ? "\"" : "");
        for (k = 0; k < n; k++) {
            double x = n == 1 ? (PLOT_X0 + PLOT_X1) / 2.0
                              : PLOT_X0 + (double)k * (PLOT_X1 - PLOT_X0) /
                                              (double)(n - 1);
            double y = PLOT_Y0 - value(s, k, share) / max * (PLOT_Y0 - PLOT_Y1);
            html_putf(w, "%s%.1f,%.1f", k > 0 ? " " : "", x, y);
        }
        html_put(w, "\"/>\n");
        for (k = 0; n <= CHART_DOTS_MAX && k < n; k++) {
            double x = n == 1 ? (PLOT_X0 + PLOT_X1) / 2.0
                              : PLOT_X0 + (double)k * (PLOT_X1 - PLOT_X0) /
                                              (double)(n - 1);
            double y = PLOT_Y0 - value(s, k, share) / max * (PLOT_Y0 - PLOT_Y1);
            dl_period_label(t->period, t->first + (long)k, label);
            html_putf(w,
                      "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
                      "fill=\"%s\"><title>",
                      x, y, colours[i]);
            html_text(w, s->label);
            html_putf(w, ", %s: ", label);
            html_count(w, s->matching[k]);
            html_put(w, " of ");
            html_count(w, s->total[k]);
            html_put(w, "</title></circle>\n");
        }
    }
    html_put(w, "</svg>\n");
}

/* The numbers of the chart as a table, behind <details>. */
static void
chart_table(struct html_w *w, const struct dl_timeline *t)
{
    char label[DL_PERIOD_LABEL_MAX];
    size_t i;
    size_t k;

    html_put(w, "<details>\n<summary>The numbers as a table</summary>\n"
                "<div class=\"tw\"><table>\n<thead><tr><th scope=\"col\">");
    html_putf(w, "%c%s</th>", dl_period_name(t->period)[0] - 'a' + 'A',
              dl_period_name(t->period) + 1);
    for (i = 0; i < t->n_series; i++) {
        const char *cols[] = {"matching", "all articles", "share"};
        size_t c;
        for (c = 0; c < 3; c++) {
            html_put(w, "<th scope=\"col\">");
            html_text(w, t->series[i].label);
            html_putf(w, ": %s</th>", cols[c]);
        }
    }
    html_put(w, "</tr></thead>\n<tbody>\n");
    for (k = 0; k < t->n_periods; k++) {
        dl_period_label(t->period, t->first + (long)k, label);
        html_putf(w, "<tr><th scope=\"row\">%s</th>", label);
        for (i = 0; i < t->n_series; i++) {
            const struct dl_timeline_series *s = &t->series[i];
            html_put(w, "<td>");
            html_count(w, s->matching[k]);
            html_put(w, "</td><td>");
            html_count(w, s->total[k]);
            html_put(w, "</td><td>");
            if (s->total[k] > 0)
                put_value(w, value(s, k, true), true);
            else
                html_put(w, "&ndash;");
            html_put(w, "</td>");
        }
        html_put(w, "</tr>\n");
    }
    html_put(w, "</tbody>\n</table></div>\n</details>\n");
}

/* The matches no period holds, said once for every series. */
static void
chart_apart(struct html_w *w, const struct dl_timeline *t)
{
    unsigned long undated = 0;
    unsigned long coarse = 0;
    size_t i;
    for (i = 0; i < t->n_series; i++) {
        undated += t->series[i].undated_matching;
        coarse +=
            t->series[i].month_only_matching + t->series[i].year_only_matching;
    }
    if (undated == 0 && coarse == 0)
        return;
    html_put(w, "<p class=\"meta\">Not in the chart: ");
    if (undated > 0) {
        html_count(w, undated);
        html_put(w, undated == 1 ? " match without a date"
                                 : " matches without a date");
    }
    if (undated > 0 && coarse > 0)
        html_put(w, "; ");
    if (coarse > 0) {
        html_count(w, coarse);
        html_putf(w, " dated only to the %s",
                  t->period == DL_PERIOD_MONTH ? "year" : "month or year");
    }
    html_put(w, ".</p>\n");
}

/* A form that adds one query to the comparison, keeping the rest. */
static void
add_form(struct html_w *w, const struct dl_cgi_params *p)
{
    const char *const names[] = {"source", "lang", "from", "to"};
    const char *const vals[] = {p->source, p->lang, p->from, p->to};
    size_t i;
    if (p->n_vs >= DL_CGI_MAX_VS)
        return;
    html_put(w, "<form class=\"row\" method=\"get\">\n"
                "<input type=\"hidden\" name=\"q\" value=\"");
    html_textn(w, p->q, p->q_len);
    html_put(w, "\">\n");
    for (i = 0; i < 4; i++) {
        if (vals[i] == NULL)
            continue;
        html_putf(w, "<input type=\"hidden\" name=\"%s\" value=\"", names[i]);
        html_text(w, vals[i]);
        html_put(w, "\">\n");
    }
    html_putf(w, "<input type=\"hidden\" name=\"tl\" value=\"%s\">\n",
              dl_period_name(p->tl));
    if (p->share)
        html_put(w, "<input type=\"hidden\" name=\"share\" value=\"1\">\n");
    for (i = 0; i < p->n_vs; i++) {
        html_put(w, "<input type=\"hidden\" name=\"vs\" value=\"");
        html_textn(w, p->vs[i], p->vs_len[i]);
        html_put(w, "\">\n");
    }
    html_putf(w,
              "<label class=\"vh\" for=\"vs\">Compare with</label>"
              "<input id=\"vs\" name=\"vs\" maxlength=\"%d\" "
              "placeholder=\"Compare with another search\">"
              "<button>Compare</button>\n</form>\n",
              DL_CGI_MAX_VS_BYTES);
}

void
html_compare(struct html_w *w, const struct dl_html_view *v)
{
    const struct dl_cgi_params *p = v->params;
    const struct dl_timeline *t = v->tl;
    char a[DL_PERIOD_LABEL_MAX];
    char b[DL_PERIOD_LABEL_MAX];
    double max = 0;
    size_t i;
    size_t k;

    if (t == NULL) {
        struct html_link l = html_link_of(p);
        l.timeline = true;
        l.page = 1;
        html_put(w, "<p class=\"meta\">");
        html_linked_label(w, &l,
                          "Timeline and comparison with other "
                          "searches");
        html_put(w, "</p>\n");
        return;
    }
    html_put(w, "<section class=\"cmp\" aria-labelledby=\"cmp-h\">\n"
                "<h2 id=\"cmp-h\">Attention over time</h2>\n");
    chart_links(w, p, t->period);
    if (t->period != p->tl)
        html_putf(w,
                  "<p class=\"note\">Too many %ss to draw: per %s "
                  "instead.</p>\n",
                  dl_period_name(p->tl), dl_period_name(t->period));
    legend(w, p, t);
    if (t->n_periods == 0) {
        html_put(w, "<p>No dated match: nothing to draw.</p>\n");
    } else {
        for (i = 0; i < t->n_series; i++) {
            for (k = 0; k < t->n_periods; k++) {
                double x = value(&t->series[i], k, p->share);
                max = x > max ? x : max;
            }
        }
        html_put(w, "<figure>\n");
        chart_svg(w, t, p->share, max > 0 ? max : 1);
        dl_period_label(t->period, t->first, a);
        dl_period_label(t->period, t->first + (long)t->n_periods - 1, b);
        html_put(w, "<figcaption><span>");
        html_text(w, a);
        html_putf(w, "</span><span>%s per %s, highest ",
                  p->share ? "share of all articles" : "matching articles",
                  dl_period_name(t->period));
        put_value(w, max, p->share);
        html_put(w, "</span><span>");
        html_text(w, b);
        html_put(w, "</span></figcaption>\n</figure>\n");
        if (t->filtered)
            html_put(w, "<p class=\"meta\">All articles: those of the "
                        "search's filters (source, language, dates).</p>\n");
        chart_apart(w, t);
        chart_table(w, t);
    }
    add_form(w, p);
    html_put(w, "</section>\n");
}
