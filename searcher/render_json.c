/* render_json.c - the JSON rendering of a dl_result.
 *
 * Written by hand into a dl_buf (no JSON library needed for output): the
 * schema is small and fixed, and a sticky status keeps the code flat.
 * Unknown optional fields are null rather than "", so a consumer can tell
 * "no url" from an empty one.
 */
#include "config.h"

#include <string.h>

#include "article_view.h"
#include "dl_json.h"
#include "render_json.h"

static dl_status
str(dl_buf *out, const char *s)
{
    return dl_json_string(s, strlen(s), out);
}

/* A string, or null when empty. */
static dl_status
opt_str(dl_buf *out, const char *s)
{
    if (s == NULL || *s == '\0')
        return dl_buf_puts(out, "null");
    return str(out, s);
}

static dl_status
hit(dl_buf *out, const struct dl_result_hit *h)
{
    dl_status rc;
    size_t k;
    rc = dl_buf_puts(out, "{\"id\":");
    if (rc == DL_OK)
        rc = str(out, h->id);
    if (rc == DL_OK)
        rc = dl_buf_printf(
            out, ",\"rank\":%u,\"score\":%.4f,\"title\":", h->rank, h->score);
    if (rc == DL_OK)
        rc = str(out, h->title);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"date\":");
    if (rc == DL_OK)
        rc = opt_str(out, h->date);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"source\":");
    if (rc == DL_OK)
        rc = opt_str(out, h->source);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"url\":");
    if (rc == DL_OK)
        rc = opt_str(out, h->url);
    /* Only when it applies, as "notice": url is then null. */
    if (rc == DL_OK && h->url_too_long)
        rc = dl_buf_puts(out, ",\"url_too_long\":true");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"path\":");
    if (rc == DL_OK)
        rc = opt_str(out, h->path);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"lang\":");
    if (rc == DL_OK)
        rc = opt_str(out, h->lang);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"snippet\":");
    if (rc == DL_OK)
        rc = dl_json_string(h->snippet, h->snippet_len, out);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"highlights\":[");
    for (k = 0; rc == DL_OK && k < h->n_highlights; k++)
        rc = dl_buf_printf(out, "%s[%zu,%zu]", k ? "," : "",
                           h->highlights[k][0], h->highlights[k][1]);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, "],\"duplicates\":%u}", h->duplicates);
    return rc;
}

/* The top words as an object, without a newline. */
static dl_status
topwords_object(const struct dl_topwords *tw, dl_buf *out)
{
    size_t i;
    dl_status rc = dl_buf_puts(out, "{\"query\":");
    if (rc == DL_OK)
        rc = str(out, tw->query);
    if (rc == DL_OK)
        rc = dl_buf_printf(out,
                           ",\"matches\":%lu,\"sample\":%zu,\"any_word\":%s,"
                           "\"words\":[",
                           tw->matches, tw->sample,
                           tw->any_word ? "true" : "false");
    for (i = 0; rc == DL_OK && i < tw->n; i++) {
        const struct dl_topword *w = &tw->words[i];
        rc = dl_buf_puts(out, i ? ",{\"word\":" : "{\"word\":");
        if (rc == DL_OK)
            rc = str(out, w->word);
        if (rc == DL_OK)
            rc = dl_buf_puts(out, ",\"stem\":");
        if (rc == DL_OK)
            rc = str(out, w->stem);
        if (rc == DL_OK)
            rc = dl_buf_printf(out, ",\"score\":%.4f,\"docs\":%lu}", w->score,
                               w->docs);
    }
    if (rc == DL_OK)
        rc = dl_buf_printf(out, "],\"took_ms\":%.3f}", tw->took_ms);
    return rc;
}

dl_status
dl_render_json_topwords(const struct dl_topwords *tw, dl_buf *out)
{
    dl_status rc = topwords_object(tw, out);
    if (rc == DL_OK)
        rc = dl_buf_putc(out, '\n');
    return rc;
}

dl_status
dl_render_json_head(const struct dl_result *res, dl_buf *out)
{
    dl_status rc = dl_buf_puts(out, "{\"query\":");
    if (rc == DL_OK)
        rc = str(out, res->query);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"total\":%lu,\"offset\":%zu,\"hits\":[",
                           res->total, res->offset);
    return rc;
}

dl_status
dl_render_json_hit(const struct dl_result_hit *h, dl_buf *out)
{
    return hit(out, h);
}

/* The tail, with the top words tw (NULL: none) before took_ms. */
static dl_status
tail(const struct dl_result *res, const struct dl_topwords *tw, dl_buf *out)
{
    size_t i;
    size_t f;
    dl_status rc = dl_buf_puts(out, "],\"facets\":{");
    for (f = 0; rc == DL_OK && res->has_facets && f < DL_RESULT_FACETS; f++) {
        const struct dl_facet *fc = &res->facets[f];
        rc = dl_buf_printf(out, "%s\"%s\":{", f ? "," : "",
                           fc->name != NULL ? fc->name : "");
        for (i = 0; rc == DL_OK && i < fc->n; i++) {
            if (i > 0)
                rc = dl_buf_putc(out, ',');
            if (rc == DL_OK)
                rc = str(out, fc->v[i].value);
            if (rc == DL_OK)
                rc = dl_buf_printf(out, ":%lu", fc->v[i].count);
        }
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '}');
    }
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "},\"suggestion\":");
    if (rc == DL_OK)
        rc = opt_str(out, res->suggestion);
    if (rc == DL_OK && res->notice != NULL) {
        rc = dl_buf_puts(out, ",\"notice\":");
        if (rc == DL_OK)
            rc = str(out, res->notice);
    }
    if (rc == DL_OK && tw != NULL) {
        rc = dl_buf_puts(out, ",\"top_words\":");
        if (rc == DL_OK)
            rc = topwords_object(tw, out);
    }
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"took_ms\":%.3f}\n", res->took_ms);
    return rc;
}

dl_status
dl_render_json_tail(const struct dl_result *res, dl_buf *out)
{
    return tail(res, NULL, out);
}

dl_status
dl_render_json_with_words(const struct dl_result *res,
                          const struct dl_topwords *tw, dl_buf *out)
{
    size_t i;
    dl_status rc = dl_render_json_head(res, out);
    for (i = 0; rc == DL_OK && i < res->n_hits; i++) {
        if (i > 0)
            rc = dl_buf_putc(out, ',');
        if (rc == DL_OK)
            rc = hit(out, &res->hits[i]);
    }
    if (rc == DL_OK)
        rc = tail(res, tw, out);
    return rc;
}

dl_status
dl_render_json(const struct dl_result *res, dl_buf *out)
{
    return dl_render_json_with_words(res, NULL, out);
}

/* ---- the article view ---------------------------------------------------- */

/* ,"name":value for a string member, null when empty. */
static dl_status
member(dl_buf *out, const char *name, const char *v)
{
    dl_status rc = dl_buf_printf(out, ",\"%s\":", name);
    if (rc == DL_OK)
        rc = opt_str(out, v);
    return rc;
}

static dl_status
ranges(dl_buf *out, size_t (*hl)[2], size_t n)
{
    size_t k;
    dl_status rc = dl_buf_putc(out, '[');
    for (k = 0; rc == DL_OK && k < n; k++)
        rc =
            dl_buf_printf(out, "%s[%zu,%zu]", k ? "," : "", hl[k][0], hl[k][1]);
    if (rc == DL_OK)
        rc = dl_buf_putc(out, ']');
    return rc;
}

static dl_status
cluster(dl_buf *out, const struct dl_view *a)
{
    size_t i;
    dl_status rc = dl_buf_puts(out, ",\"cluster\":{\"key\":");
    if (rc == DL_OK)
        rc = opt_str(out, a->cluster_key);
    if (rc == DL_OK)
        rc =
            dl_buf_printf(out, ",\"size\":%lu,\"articles\":[", a->cluster_size);
    for (i = 0; rc == DL_OK && i < a->n_rel; i++) {
        const struct dl_view_rel *r = &a->rel[i];
        rc = dl_buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
        if (rc == DL_OK)
            rc = str(out, r->id);
        if (rc == DL_OK)
            rc = dl_buf_puts(out, ",\"title\":");
        if (rc == DL_OK)
            rc = str(out, r->title);
        if (rc == DL_OK)
            rc = member(out, "source", r->source);
        if (rc == DL_OK)
            rc = member(out, "date", r->date);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '}');
    }
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "]}");
    return rc;
}

/* "paragraphs" and "text": the main text is every paragraph that is not
 * boilerplate, joined by "\n" (the stored body itself when none is). */
static dl_status
paragraphs(dl_buf *out, const struct dl_view *a)
{
    dl_buf text = DL_BUF_INIT;
    size_t i;
    dl_status rc = dl_buf_puts(out, ",\"paragraphs\":[");
    for (i = 0; rc == DL_OK && i < a->n_paras; i++) {
        const struct dl_view_para *p = &a->paras[i];
        rc = dl_buf_puts(out, i ? ",{\"text\":" : "{\"text\":");
        if (rc == DL_OK)
            rc = dl_json_string(a->body + p->start, p->len, out);
        if (rc == DL_OK)
            rc = dl_buf_printf(out, ",\"boilerplate\":%s,\"highlights\":",
                               p->boilerplate ? "true" : "false");
        if (rc == DL_OK)
            rc = ranges(out, p->hl, p->n_hl);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '}');
        if (rc == DL_OK && !p->boilerplate) {
            if (text.len > 0)
                rc = dl_buf_putc(&text, '\n');
            if (rc == DL_OK)
                rc = dl_buf_append(&text, a->body + p->start, p->len);
        }
    }
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "],\"text\":");
    if (rc == DL_OK)
        rc = dl_json_string(text.data != NULL ? text.data : "", text.len, out);
    dl_buf_free(&text);
    return rc;
}

dl_status
dl_render_json_view(const struct dl_view *a, dl_buf *out)
{
    dl_status rc = dl_buf_puts(out, "{\"id\":");
    if (rc == DL_OK)
        rc = str(out, a->id);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"title\":");
    if (rc == DL_OK)
        rc = str(out, a->title);
    if (rc == DL_OK)
        rc = member(out, "date", a->date);
    if (rc == DL_OK)
        rc = member(out, "date_origin", a->date_origin);
    if (rc == DL_OK)
        rc = member(out, "source", a->source);
    if (rc == DL_OK)
        rc = member(out, "author", a->author);
    if (rc == DL_OK)
        rc = member(out, "url", a->url);
    if (rc == DL_OK && a->url_too_long)
        rc = dl_buf_puts(out, ",\"url_too_long\":true");
    if (rc == DL_OK)
        rc = member(out, "lang", a->lang);
    if (rc == DL_OK)
        rc = member(out, "path", a->path);
    if (rc == DL_OK)
        rc = member(out, "query", a->query);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, ",\"title_highlights\":");
    if (rc == DL_OK)
        rc = ranges(out, a->title_hl, a->n_title_hl);
    if (rc == DL_OK)
        rc = cluster(out, a);
    if (rc == DL_OK)
        rc = paragraphs(out, a);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"truncated\":%s}\n",
                           a->truncated ? "true" : "false");
    return rc;
}
