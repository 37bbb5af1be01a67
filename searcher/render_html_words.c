/* render_html_words.c - the top words panel of the search page: the
 * words that set the matching articles apart (topwords.h), each a link to
 * the same search with the word added to the query, and the number of
 * sampled articles holding it; without words=1, the link that asks for
 * them (they cost several searches' time: docs/query-language.md).
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "dl_buf.h"
#include "render_html.h"
#include "render_html_int.h"

/* One word as a link adding it to the request's query. */
static void
word_item(struct html_w *w, const struct dl_cgi_params *p,
          const struct dl_topword *t, dl_buf *q)
{
    struct html_link l = html_link_of(p);
    bool linked;

    dl_buf_reset(q);
    if (w->rc == DL_OK && p->q_len > 0)
        w->rc = dl_buf_append(q, p->q, p->q_len);
    if (w->rc == DL_OK && p->q_len > 0)
        w->rc = dl_buf_putc(q, ' ');
    if (w->rc == DL_OK)
        w->rc = dl_buf_puts(q, t->word);
    if (w->rc != DL_OK)
        return;
    l.q = q->data;
    l.q_len = q->len;
    l.page = 1;
    html_put(w, "<li>");
    linked = html_open_link(w, &l, NULL);
    html_text(w, t->word);
    if (linked)
        html_put(w, "</a>");
    html_put(w, " <span class=\"n\">");
    html_count(w, t->docs);
    html_put(w, "</span></li>\n");
}

void
html_top_words(struct html_w *w, const struct dl_html_view *v)
{
    const struct dl_cgi_params *p = v->params;
    const struct dl_topwords *tw = v->words;
    struct html_link l = html_link_of(p);
    dl_buf q = DL_BUF_INIT;
    size_t k;

    html_put(w, "<h2 id=\"top-words\">Top words</h2>\n");
    if (tw == NULL) {
        l.words = true;
        l.frag = "top-words";
        html_put(w, "<p>");
        html_linked_label(w, &l,
                          "Show the words that set these articles "
                          "apart");
        html_put(w, "</p>\n");
        return;
    }
    if (tw->n == 0) {
        html_put(w, "<p>No word sets these articles apart.</p>\n");
        return;
    }
    html_put(w, "<p class=\"n\">In ");
    html_count(w, (unsigned long)tw->sample);
    html_put(w, tw->sample < tw->matches ? " sampled articles; a word adds "
                                           "itself to the search."
                                         : " articles; a word adds itself to "
                                           "the search.");
    html_put(w, "</p>\n<ul class=\"words\">\n");
    for (k = 0; k < tw->n && w->rc == DL_OK; k++)
        word_item(w, p, &tw->words[k], &q);
    html_put(w, "</ul>\n<p>");
    l.words = false;
    html_linked_label(w, &l, "Hide the top words");
    html_put(w, "</p>\n");
    dl_buf_free(&q);
}
