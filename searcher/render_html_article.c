/* render_html_article.c - the article view of the search page (show=ID):
 * a link back to the results, the headline and text with the query's
 * words in <mark>, boilerplate paragraphs labelled, the metadata (date
 * and where it came from, source, author, language, original address,
 * archive id) and the near-duplicates, each linked to its own view.
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

/* Where the date came from, in words (dl_schema.h, date_origin). */
static const char *
origin_words(const char *origin)
{
    if (strcmp(origin, "metadata") == 0)
        return "date from the article's metadata";
    if (strcmp(origin, "path") == 0)
        return "date from the file's path";
    if (strcmp(origin, "dateline") == 0)
        return "date from a dateline in the text";
    return NULL;
}

/* The lines under the headline: date and its origin, source, author,
 * language; the original address; the id the archive keeps it under. */
static void
article_meta(struct html_w *w, const struct dl_view *a)
{
    const char *origin = origin_words(a->date_origin);
    html_put(w, "<p class=\"meta\">");
    html_hit_date(w, a->date);
    if (*a->date != '\0' && origin != NULL) {
        html_put(w, " (");
        html_put(w, origin);
        html_put(w, ")");
    }
    if (*a->source != '\0') {
        html_put(w, " &middot; ");
        html_text(w, a->source);
    }
    if (*a->author != '\0') {
        html_put(w, " &middot; by ");
        html_text(w, a->author);
    }
    if (*a->lang != '\0') {
        html_put(w, " &middot; ");
        html_text(w, html_lang_name(a->lang));
    }
    html_put(w, "</p>\n<p class=\"meta\">");
    if (html_linkable(a->url)) {
        html_put(w, "Original: <a");
        html_ext_url(w, a->url);
        html_put(w, " rel=\"noreferrer nofollow\">");
        html_text(w, a->url);
        html_put(w, "</a>");
    } else if (a->url_too_long) {
        html_put(w, "The original address was too long to keep.");
    } else if (*a->url != '\0') {
        html_put(w, "Original address (not a web link): ");
        html_text(w, a->url);
    } else {
        html_put(w, "No original address is known.");
    }
    html_put(w, "</p>\n<p class=\"meta\">Archived as <code>");
    html_text(w, a->id);
    html_put(w, "</code></p>\n");
}

/* The stored text, paragraph by paragraph, the query's words marked and
 * boilerplate paragraphs labelled as such. */
static void
article_text(struct html_w *w, const struct dl_view *a)
{
    size_t i;
    html_put(w, "<div class=\"text\">\n");
    for (i = 0; i < a->n_paras; i++) {
        const struct dl_view_para *p = &a->paras[i];
        if (p->boilerplate)
            html_put(w,
                     "<p class=\"bp\"><span class=\"bpl\">Boilerplate:</span>");
        else
            html_put(w, "<p>");
        html_marked(w, a->body + p->start, p->len, p->hl, p->n_hl);
        html_put(w, "</p>\n");
    }
    if (a->n_paras == 0)
        html_put(w, "<p class=\"note\">No text is stored for this "
                    "article.</p>\n");
    html_put(w, "</div>\n");
    if (a->truncated)
        html_putf(
            w,
            "<p class=\"note\">The archive keeps the first %d bytes of an "
            "article: the text goes on in the original.</p>\n",
            DL_STORED_BODY_MAX);
}

/* The other articles of the cluster, each linked to its own view. */
static void
similar(struct html_w *w, const struct dl_cgi_params *p,
        const struct dl_view *a)
{
    size_t i;
    unsigned long others = a->cluster_size > 0 ? a->cluster_size - 1 : 0;
    if (others == 0)
        return;
    html_put(w, "<section id=\"similar\">\n<h2>");
    if (others == 1)
        html_put(w, "1 similar article");
    else
        html_putf(w, "%lu similar articles", others);
    html_put(w, "</h2>\n<ul class=\"sims\">\n");
    for (i = 0; i < a->n_rel; i++) {
        const struct dl_view_rel *r = &a->rel[i];
        struct html_link l = html_view_link(p, r->id, NULL);
        bool open;
        html_put(w, "<li>");
        open = html_open_link(w, &l, NULL);
        html_text(w, *r->title != '\0' ? r->title : "(untitled)");
        if (open)
            html_put(w, "</a>");
        html_put(w, " <span class=\"meta\">");
        html_hit_date(w, r->date);
        if (*r->source != '\0') {
            html_put(w, " &middot; ");
            html_text(w, r->source);
        }
        html_put(w, "</span></li>\n");
    }
    html_put(w, "</ul>\n");
    if (a->n_rel < others)
        html_putf(w, "<p class=\"meta\">and %lu more, not listed.</p>\n",
                  others - (unsigned long)a->n_rel);
    html_put(w, "</section>\n");
}

/* "Back to the results" for the query the view came with. */
static void
back_link(struct html_w *w, const struct dl_cgi_params *p)
{
    struct html_link l;
    bool open;
    if (p->q_len == 0)
        return;
    l = html_query_link(p);
    html_put(w, "<p class=\"meta\">");
    open = html_open_link(w, &l, NULL);
    html_put(w, "&larr; Results for <strong>");
    html_textn(w, p->q, p->q_len);
    html_put(w, open ? "</strong></a></p>\n" : "</strong></p>\n");
}

void
html_article_page(struct html_w *w, const struct dl_html_view *v)
{
    const struct dl_view *a = v->art;
    back_link(w, v->params);
    html_put(w, "<article class=\"view\">\n<h1>");
    if (*a->title != '\0')
        html_marked(w, a->title, strlen(a->title), a->title_hl, a->n_title_hl);
    else
        html_put(w, "(untitled)");
    html_put(w, "</h1>\n");
    article_meta(w, a);
    article_text(w, a);
    html_put(w, "</article>\n");
    similar(w, v->params, a);
}
