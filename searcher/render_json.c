/* render_json.c - the JSON rendering of a dl_result.
 *
 * Written by hand into a dl_buf (no JSON library needed for output): the
 * schema is small and fixed, and a sticky status keeps the code flat.
 * Unknown optional fields are null rather than "", so a consumer can tell
 * "no url" from an empty one.
 */
#include "config.h"

#include <string.h>

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

dl_status
dl_render_json(const struct dl_result *res, dl_buf *out)
{
    dl_status rc;
    size_t i;
    size_t f;

    rc = dl_buf_puts(out, "{\"query\":");
    if (rc == DL_OK)
        rc = str(out, res->query);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"total\":%lu,\"offset\":%zu,\"hits\":[",
                           res->total, res->offset);
    for (i = 0; rc == DL_OK && i < res->n_hits; i++) {
        if (i > 0)
            rc = dl_buf_putc(out, ',');
        if (rc == DL_OK)
            rc = hit(out, &res->hits[i]);
    }
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "],\"facets\":{");
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
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"took_ms\":%.3f}\n", res->took_ms);
    return rc;
}
