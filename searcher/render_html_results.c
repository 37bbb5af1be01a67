/* render_html_results.c - the result list of the search page: the count,
 * the active filters, the did-you-mean line, the sort links, the hits
 * (title, date, source, language, snippet with <mark>s, the link to the
 * archived copy and its near-duplicates), pagination, and the facets
 * column (render_html_facets.c).  A page past the last one says so and
 * links to the first; no hits at all gets advice and a link without the
 * filters.
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

/* Page links around the current one. */
#define PAGE_WINDOW 4

/* " (remove)", linked to l: the page without one of its filters. */
static void
remove_link(struct html_w *w, const struct html_link *l)
{
    html_put(w, " (");
    html_put(w, html_open_link(w, l, NULL) ? "remove</a>" : "remove");
    html_put(w, ")");
}

/* The active filters, each with a link that removes it. */
static void
active_filters(struct html_w *w, const struct dl_cgi_params *p)
{
    struct html_link l;
    if (p->source == NULL && p->lang == NULL && p->from == NULL &&
        p->to == NULL)
        return;
    html_put(w, "<p class=\"count\">Filtered by");
    if (p->source != NULL) {
        html_put(w, " source <strong>");
        html_text(w, p->source);
        html_put(w, "</strong>");
        l = html_link_of(p);
        l.source = NULL;
        l.page = 1;
        remove_link(w, &l);
    }
    if (p->lang != NULL) {
        html_put(w, " language <strong>");
        html_text(w, html_lang_name(p->lang));
        html_put(w, "</strong>");
        l = html_link_of(p);
        l.lang = NULL;
        l.page = 1;
        remove_link(w, &l);
    }
    if (p->from != NULL || p->to != NULL) {
        html_put(w, " date");
        if (p->from != NULL) {
            html_put(w, " from <strong>");
            html_text(w, p->from);
            html_put(w, "</strong>");
        }
        if (p->to != NULL) {
            html_put(w, " to <strong>");
            html_text(w, p->to);
            html_put(w, "</strong>");
        }
        l = html_link_of(p);
        l.from = NULL;
        l.to = NULL;
        l.page = 1;
        remove_link(w, &l);
    }
    html_put(w, "</p>\n");
}

static void
sort_links(struct html_w *w, const struct dl_cgi_params *p)
{
    static const char *const labels[] = {"Relevance", "Newest first",
                                         "Oldest first"};
    int s;
    html_put(w, "<nav class=\"sort\" aria-label=\"Sort\">\n<ul>\n"
                "<li class=\"lbl\">Sort:</li>\n");
    for (s = DL_SORT_RELEVANCE; s <= DL_SORT_OLDEST; s++) {
        if ((dl_sort)s == p->sort) {
            html_putf(w, "<li><span aria-current=\"true\">%s</span></li>\n",
                      labels[s]);
        } else {
            struct html_link l = html_link_of(p);
            l.sort = (dl_sort)s;
            l.page = 1;
            html_put(w, "<li>");
            if (html_open_link(w, &l, NULL)) {
                html_put(w, labels[s]);
                html_put(w, "</a>");
            } else {
                html_put(w, labels[s]);
            }
            html_put(w, "</li>\n");
        }
    }
    html_put(w, "</ul>\n</nav>\n");
}

/* The exports of this search, each a link to the same search in another
 * format: its hits as CSV (the first DL_CGI_CSV_MAX, in the list's
 * order) and its Atom feed (newest first).  The timeline's CSV (issue 25,
 * part 1) is another item of this list. */
static void
export_links(struct html_w *w, const struct dl_cgi_params *p)
{
    struct html_link l = html_link_of(p);
    struct html_link t = l;
    html_put(w, "<nav class=\"exports\" aria-label=\"Export\">\n<ul>\n"
                "<li class=\"lbl\">Export:</li>\n<li>");
    /* The hits' exports are of the search alone: with tl, vs or share a
     * CSV is the timeline's (cgi_params.h). */
    l.page = 1;
    l.timeline = false;
    l.n_vs = 0;
    l.share = false;
    l.words = false;
    l.format = "csv";
    html_linked_label(w, &l, "CSV of these results");
    html_put(w, "</li>\n<li>");
    l.sort = DL_SORT_RELEVANCE; /* a feed is newest first anyway */
    l.format = "atom";
    html_linked_label(w, &l, "Atom feed of this search");
    html_put(w, "</li>\n<li>");
    /* The timeline drawn (per month unless tl says), every compared
     * query with it. */
    t.page = 1;
    t.words = false;
    t.timeline = true;
    t.format = "csv";
    html_linked_label(w, &t, p->timeline ? "CSV of the timeline"
                                         : "CSV of the monthly timeline");
    html_put(w, "</li>\n</ul>\n</nav>\n");
}

static void
hit(struct html_w *w, const struct dl_cgi_params *p,
    const struct dl_result_hit *h)
{
    const char *title = *h->title != '\0' ? h->title : "(untitled)";
    struct html_link view = html_view_link(p, h->id, NULL);
    bool open;
    html_put(w, "<li>\n<article>\n<h2>");
    /* The title goes to the article itself; without a URL to go to, to
     * its archived copy. */
    if (html_linkable(h->url)) {
        html_put(w, "<a");
        html_ext_url(w, h->url);
        html_put(w, " rel=\"noreferrer nofollow\">");
        open = true;
    } else {
        open = *h->id != '\0' && html_open_link(w, &view, NULL);
    }
    html_text(w, title);
    if (open)
        html_put(w, "</a>");
    html_put(w, "</h2>\n<p class=\"meta\">");
    html_hit_date(w, h->date);
    if (*h->source != '\0') {
        html_put(w, " &middot; ");
        html_text(w, h->source);
    }
    if (*h->lang != '\0') {
        html_put(w, " &middot; ");
        html_text(w, html_lang_name(h->lang));
    }
    if (*h->id != '\0') {
        html_put(w, " &middot; ");
        html_linked_label(w, &view, "Archived copy");
    }
    html_put(w, "</p>\n<p class=\"snip\">");
    html_marked(w, h->snippet, h->snippet_len, h->highlights, h->n_highlights);
    html_put(w, "</p>\n");
    if (h->duplicates > 0) {
        /* Collapsed near-duplicates are listed in the view. */
        struct html_link dups = html_view_link(p, h->id, "similar");
        html_put(w, "<p class=\"dups\">");
        open = *h->id != '\0' && html_open_link(w, &dups, NULL);
        if (h->duplicates == 1)
            html_put(w, "1 similar article");
        else
            html_putf(w, "%u similar articles", h->duplicates);
        html_put(w, open ? "</a></p>\n" : "</p>\n");
    }
    html_put(w, "</article>\n</li>\n");
}

static unsigned
last_page(const struct dl_result *res)
{
    unsigned long pages =
        (res->total + DL_CGI_PAGE_SIZE - 1) / DL_CGI_PAGE_SIZE;
    return pages > DL_CGI_MAX_PAGE ? DL_CGI_MAX_PAGE : (unsigned)pages;
}

static void
page_link(struct html_w *w, const struct dl_cgi_params *p, unsigned page,
          const char *rel, const char *label)
{
    struct html_link l = html_link_of(p);
    l.page = page;
    html_put(w, "<li>");
    if (html_open_link(w, &l, rel)) {
        html_put(w, label);
        html_put(w, "</a>");
    } else {
        html_put(w, label);
    }
    html_put(w, "</li>\n");
}

static void
pagination(struct html_w *w, const struct dl_cgi_params *p,
           const struct dl_result *res)
{
    unsigned last = last_page(res);
    unsigned lo;
    unsigned hi;
    unsigned k;
    char num[16];

    if (last <= 1)
        return;
    lo = p->page > PAGE_WINDOW ? p->page - PAGE_WINDOW : 1;
    hi = p->page + PAGE_WINDOW < last ? p->page + PAGE_WINDOW : last;
    html_put(w, "<nav class=\"pages\" aria-label=\"Pages\">\n<ul>\n");
    if (p->page > 1)
        page_link(w, p, p->page - 1, "prev", "&larr; Previous");
    if (lo > 1)
        page_link(w, p, 1, NULL, "1");
    if (lo > 2)
        html_put(w, "<li><span>&hellip;</span></li>\n");
    for (k = lo; k <= hi; k++) {
        snprintf(num, sizeof num, "%u", k);
        if (k == p->page)
            html_putf(w, "<li><span aria-current=\"page\">%u</span></li>\n", k);
        else
            page_link(w, p, k, NULL, num);
    }
    if (hi + 1 < last)
        html_put(w, "<li><span>&hellip;</span></li>\n");
    if (hi < last) {
        snprintf(num, sizeof num, "%u", last);
        page_link(w, p, last, NULL, num);
    }
    if (p->page < last)
        page_link(w, p, p->page + 1, "next", "Next &rarr;");
    html_put(w, "</ul>\n</nav>\n");
}

static void
suggestion(struct html_w *w, const struct dl_cgi_params *p,
           const struct dl_result *res)
{
    struct html_link l;
    bool linked;
    if (res->suggestion == NULL || *res->suggestion == '\0')
        return;
    l = html_link_of(p);
    l.q = res->suggestion;
    l.q_len = strlen(res->suggestion);
    l.page = 1;
    html_put(w, "<p class=\"note\">Did you mean ");
    linked = html_open_link(w, &l, NULL);
    html_put(w, "<strong>");
    html_text(w, res->suggestion);
    html_put(w, linked ? "</strong></a>?</p>\n" : "</strong>?</p>\n");
}

void
html_results(struct html_w *w, const struct dl_html_view *v)
{
    const struct dl_cgi_params *p = v->params;
    const struct dl_result *res = v->res;
    size_t k;

    html_put(w, "<div class=\"cols\">\n<div>\n");
    active_filters(w, p);
    suggestion(w, p, res);
    if (res->notice != NULL) {
        html_put(w, "<p class=\"note\" role=\"status\">");
        html_text(w, res->notice);
        html_put(w, "</p>\n");
    }
    if (res->total == 0) {
        html_put(w, "<h1>No articles found</h1>\n<p>");
        if (p->q_len > 0) {
            html_put(w, "Nothing in the archive matches <strong>");
            html_textn(w, p->q, p->q_len);
            html_put(w, "</strong>");
        } else {
            html_put(w, "No article matches these filters");
        }
        html_put(w, ".</p>\n<ul>\n<li>Check the spelling, or try fewer or "
                    "more general words.</li>\n"
                    "<li>Put a phrase in quotes only when the words must "
                    "appear together.</li>\n");
        if (p->source != NULL || p->lang != NULL || p->from != NULL ||
            p->to != NULL) {
            struct html_link l = html_link_of(p);
            l.source = NULL;
            l.lang = NULL;
            l.from = NULL;
            l.to = NULL;
            l.page = 1;
            html_put(w, "<li>");
            html_put(w, html_open_link(w, &l, NULL)
                            ? "Search without the filters</a>"
                            : "Search without the filters");
            html_put(w, ".</li>\n");
        }
        html_put(w, "</ul>\n</div>\n</div>\n");
        return;
    }
    html_put(w, "<p class=\"count\" role=\"status\">");
    if (res->n_hits > 0) {
        html_put(w, "Results ");
        html_count(w, (unsigned long)res->offset + 1);
        html_put(w, "&ndash;");
        html_count(w, (unsigned long)(res->offset + res->n_hits));
        html_put(w, " of ");
    }
    if (res->total_lower != res->total_upper)
        html_put(w, "about ");
    html_count(w, res->total);
    html_put(w, res->total == 1 ? " article" : " articles");
    if (p->q_len > 0) {
        html_put(w, " for <strong>");
        html_textn(w, p->q, p->q_len);
        html_put(w, "</strong>");
    }
    html_putf(w, " (%.3f seconds)</p>\n", res->took_ms / 1000.0);
    if (v->tl == NULL)
        html_timeline(w, res);
    html_compare(w, v);
    sort_links(w, p);
    export_links(w, p);
    if (res->n_hits == 0) {
        struct html_link l = html_link_of(p);
        l.page = 1;
        html_putf(w, "<p>There are no results on page %u. ", p->page);
        html_put(w, html_open_link(w, &l, NULL) ? "Go to the first page</a>"
                                                : "Go to the first page");
        html_put(w, ".</p>\n");
    } else {
        html_putf(w,
                  "<h1 class=\"vh\">Search results</h1>\n"
                  "<ol class=\"hits\" start=\"%zu\">\n",
                  res->offset + 1);
        for (k = 0; k < res->n_hits; k++)
            hit(w, p, &res->hits[k]);
        html_put(w, "</ol>\n");
    }
    pagination(w, p, res);
    html_put(w, "</div>\n");
    if (res->has_facets) {
        html_put(w, "<aside aria-label=\"Refine\">\n");
        html_top_words(w, v);
        html_facet_list(w, p, res, "source", "Source");
        html_facet_list(w, p, res, "lang", "Language");
        html_facet_list(w, p, res, "month", "Month");
        html_put(w, "</aside>\n");
    }
    html_put(w, "</div>\n");
}
