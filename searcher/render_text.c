/* render_text.c - the terminal rendering of a dl_result.
 *
 * Layout, for a reader scanning a list:
 *     About 42 results for "query"
 *
 *      1. 2020-11-13 | Reuters | Title of the article            [7.12]
 *         https://example.com/story
 *         … the snippet with the matches marked …
 *         +2 near-duplicates
 * Article text is untrusted: a stored escape sequence must not reach the
 * terminal, so every byte below 0x20 and DEL is shown as a space.
 */
#include "config.h"

#include <string.h>

#include "render_text.h"

#define BOLD "\033[1m"
#define PLAIN "\033[0m"

/* Append s[0..n) with control characters made spaces. */
static dl_status
safe(dl_buf *out, const char *s, size_t n)
{
    size_t i;
    dl_status rc = dl_buf_reserve(out, n);
    for (i = 0; rc == DL_OK && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        rc = dl_buf_putc(out, (c < 0x20 || c == 0x7F) ? ' ' : (char)c);
    }
    return rc;
}

static dl_status
safe_str(dl_buf *out, const char *s)
{
    return safe(out, s, strlen(s));
}

static dl_status
snippet(dl_buf *out, const struct dl_result_hit *h, bool ansi)
{
    size_t at = 0;
    size_t k;
    dl_status rc = DL_OK;
    for (k = 0; rc == DL_OK && ansi && k < h->n_highlights; k++) {
        size_t s = h->highlights[k][0];
        size_t e = h->highlights[k][1];
        if (s < at || e > h->snippet_len || s > e)
            continue;
        rc = safe(out, h->snippet + at, s - at);
        if (rc == DL_OK)
            rc = dl_buf_puts(out, BOLD);
        if (rc == DL_OK)
            rc = safe(out, h->snippet + s, e - s);
        if (rc == DL_OK)
            rc = dl_buf_puts(out, PLAIN);
        at = e;
    }
    if (rc == DL_OK)
        rc = safe(out, h->snippet + at, h->snippet_len - at);
    return rc;
}

static dl_status
hit(dl_buf *out, const struct dl_result_hit *h, bool ansi)
{
    dl_status rc;
    rc = dl_buf_printf(out, "%3u. ", h->rank);
    if (rc == DL_OK)
        rc = safe_str(out, *h->date ? h->date : "(no date)");
    if (rc == DL_OK && *h->source) {
        rc = dl_buf_puts(out, " | ");
        if (rc == DL_OK)
            rc = safe_str(out, h->source);
    }
    if (rc == DL_OK)
        rc = dl_buf_puts(out, " | ");
    if (rc == DL_OK && ansi)
        rc = dl_buf_puts(out, BOLD);
    if (rc == DL_OK)
        rc = safe_str(out, *h->title ? h->title : "(untitled)");
    if (rc == DL_OK && ansi)
        rc = dl_buf_puts(out, PLAIN);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, "  [%.2f]\n     ", h->score);
    if (rc == DL_OK)
        rc = safe_str(out, *h->url ? h->url : h->path);
    if (rc == DL_OK && h->snippet_len > 0) {
        rc = dl_buf_puts(out, "\n     ");
        if (rc == DL_OK)
            rc = snippet(out, h, ansi);
    }
    if (rc == DL_OK && h->duplicates > 0)
        rc = dl_buf_printf(out, "\n     +%u near-duplicate%s", h->duplicates,
                           h->duplicates == 1 ? "" : "s");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "\n\n");
    return rc;
}

dl_status
dl_render_text(const struct dl_result *res, bool ansi, dl_buf *out)
{
    dl_status rc = DL_OK;
    size_t i;
    size_t f;

    if (res->notice != NULL) {
        rc = safe_str(out, res->notice);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    if (rc == DL_OK && res->suggestion != NULL) {
        rc = dl_buf_puts(out, "Did you mean: ");
        if (rc == DL_OK)
            rc = safe_str(out, res->suggestion);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    if (rc == DL_OK) {
        if (res->total == 0)
            rc = dl_buf_puts(out, "No results for \"");
        else
            rc = dl_buf_printf(out, "%s%lu result%s for \"",
                               res->total_lower == res->total_upper ? ""
                                                                    : "About ",
                               res->total, res->total == 1 ? "" : "s");
    }
    if (rc == DL_OK)
        rc = safe_str(out, res->query);
    if (rc == DL_OK && res->n_hits > 0)
        rc = dl_buf_printf(out, "\" (showing %zu-%zu)\n\n", res->offset + 1,
                           res->offset + res->n_hits);
    else if (rc == DL_OK)
        rc = dl_buf_puts(out, "\"\n\n");
    for (i = 0; rc == DL_OK && i < res->n_hits; i++)
        rc = hit(out, &res->hits[i], ansi);
    for (f = 0; rc == DL_OK && res->has_facets && f < DL_RESULT_FACETS; f++) {
        const struct dl_facet *fc = &res->facets[f];
        rc = dl_buf_printf(out, "%s:", fc->name);
        for (i = 0; rc == DL_OK && i < fc->n; i++) {
            rc = dl_buf_puts(out, i ? ", " : " ");
            if (rc == DL_OK)
                rc = safe_str(out, fc->v[i].value);
            if (rc == DL_OK)
                rc = dl_buf_printf(out, " (%lu)", fc->v[i].count);
        }
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    return rc;
}
