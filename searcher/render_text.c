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

#include "article_view.h"
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

/* text[0..len) with the ranges hl[0..n) in bold when ansi; ranges out of
 * order or out of the text are ignored. */
static dl_status
marked(dl_buf *out, const char *text, size_t len, size_t (*hl)[2], size_t n,
       bool ansi)
{
    size_t at = 0;
    size_t k;
    dl_status rc = DL_OK;
    for (k = 0; rc == DL_OK && ansi && k < n; k++) {
        size_t s = hl[k][0];
        size_t e = hl[k][1];
        if (s < at || e > len || s > e)
            continue;
        rc = safe(out, text + at, s - at);
        if (rc == DL_OK)
            rc = dl_buf_puts(out, BOLD);
        if (rc == DL_OK)
            rc = safe(out, text + s, e - s);
        if (rc == DL_OK)
            rc = dl_buf_puts(out, PLAIN);
        at = e;
    }
    if (rc == DL_OK)
        rc = safe(out, text + at, len - at);
    return rc;
}

static dl_status
snippet(dl_buf *out, const struct dl_result_hit *h, bool ansi)
{
    return marked(out, h->snippet, h->snippet_len, h->highlights,
                  h->n_highlights, ansi);
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
dl_render_text_head(const struct dl_result *res, dl_buf *out)
{
    dl_status rc = DL_OK;

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
    return rc;
}

dl_status
dl_render_text_hit(const struct dl_result_hit *h, bool ansi, dl_buf *out)
{
    return hit(out, h, ansi);
}

dl_status
dl_render_text(const struct dl_result *res, bool ansi, dl_buf *out)
{
    size_t i;
    size_t f;
    dl_status rc = dl_render_text_head(res, out);

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

/* ---- the article view ---------------------------------------------------- */

/* "Label:    value\n", the value made safe; nothing when value is empty. */
static dl_status
field(dl_buf *out, const char *label, const char *value)
{
    dl_status rc;
    if (*value == '\0')
        return DL_OK;
    rc = dl_buf_printf(out, "%-10s", label);
    if (rc == DL_OK)
        rc = safe_str(out, value);
    if (rc == DL_OK)
        rc = dl_buf_putc(out, '\n');
    return rc;
}

/* Where the date came from, in words (dl_schema.h, date_origin). */
static const char *
origin_words(const char *origin)
{
    if (strcmp(origin, "metadata") == 0)
        return "from the article's metadata";
    if (strcmp(origin, "path") == 0)
        return "from the file's path";
    if (strcmp(origin, "dateline") == 0)
        return "from a dateline in the text";
    return NULL;
}

static dl_status
date_line(dl_buf *out, const struct dl_view *a)
{
    const char *words = origin_words(a->date_origin);
    dl_status rc = dl_buf_printf(out, "%-10s", "Date:");
    if (rc == DL_OK)
        rc = safe_str(out, *a->date ? a->date : "(no date)");
    if (rc == DL_OK && *a->date && words != NULL)
        rc = dl_buf_printf(out, " (%s)", words);
    else if (rc == DL_OK && *a->date && *a->date_origin) {
        rc = dl_buf_puts(out, " (from ");
        if (rc == DL_OK)
            rc = safe_str(out, a->date_origin);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, ')');
    }
    if (rc == DL_OK)
        rc = dl_buf_putc(out, '\n');
    return rc;
}

static dl_status
cluster_lines(dl_buf *out, const struct dl_view *a)
{
    size_t i;
    dl_status rc;
    if (a->cluster_size <= 1)
        return dl_buf_printf(out, "%-10snone (no near-duplicate indexed)\n",
                             "Cluster:");
    rc = dl_buf_printf(out, "%-10s%lu articles with this one (key ",
                       "Cluster:", a->cluster_size);
    if (rc == DL_OK)
        rc = safe_str(out, a->cluster_key);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "):\n");
    for (i = 0; rc == DL_OK && i < a->n_rel; i++) {
        const struct dl_view_rel *r = &a->rel[i];
        rc = dl_buf_puts(out, "  ");
        if (rc == DL_OK)
            rc = safe_str(out, *r->date ? r->date : "(no date)");
        if (rc == DL_OK && *r->source) {
            rc = dl_buf_puts(out, " | ");
            if (rc == DL_OK)
                rc = safe_str(out, r->source);
        }
        if (rc == DL_OK)
            rc = dl_buf_puts(out, " | ");
        if (rc == DL_OK)
            rc = safe_str(out, *r->title ? r->title : "(untitled)");
        if (rc == DL_OK)
            rc = dl_buf_puts(out, "\n    ");
        if (rc == DL_OK)
            rc = safe_str(out, r->id);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    if (rc == DL_OK && a->n_rel + 1 < a->cluster_size)
        rc = dl_buf_printf(out, "  ... and %lu more\n",
                           a->cluster_size - 1 - (unsigned long)a->n_rel);
    return rc;
}

dl_status
dl_render_text_view(const struct dl_view *a, bool ansi, dl_buf *out)
{
    size_t i;
    dl_status rc = DL_OK;

    if (ansi)
        rc = dl_buf_puts(out, BOLD);
    /* The title is bold as a whole, so its matches are not marked. */
    if (rc == DL_OK)
        rc = safe_str(out, *a->title ? a->title : "(untitled)");
    if (rc == DL_OK && ansi)
        rc = dl_buf_puts(out, PLAIN);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "\n\n");
    if (rc == DL_OK)
        rc = date_line(out, a);
    if (rc == DL_OK)
        rc = field(out, "Source:", a->source);
    if (rc == DL_OK)
        rc = field(out, "Author:", a->author);
    if (rc == DL_OK)
        rc =
            field(out, "URL:", a->url_too_long ? "(too long to keep)" : a->url);
    if (rc == DL_OK)
        rc = field(out, "Language:", a->lang);
    if (rc == DL_OK)
        rc = field(out, "Id:", a->id);
    if (rc == DL_OK && strcmp(a->path, a->id) != 0)
        rc = field(out, "File:", a->path);
    if (rc == DL_OK)
        rc = cluster_lines(out, a);
    for (i = 0; rc == DL_OK && i < a->n_paras; i++) {
        const struct dl_view_para *p = &a->paras[i];
        rc = dl_buf_putc(out, '\n');
        if (rc == DL_OK && p->boilerplate)
            rc = dl_buf_puts(out, "[boilerplate] ");
        if (rc == DL_OK)
            rc = marked(out, a->body + p->start, p->len, p->hl, p->n_hl, ansi);
        if (rc == DL_OK)
            rc = dl_buf_putc(out, '\n');
    }
    if (rc == DL_OK && a->n_paras == 0)
        rc = dl_buf_puts(out, "\n(no text stored)\n");
    if (rc == DL_OK && a->truncated)
        rc = dl_buf_printf(out,
                           "\n[The stored text ends here: the index keeps "
                           "the first %d bytes of an article.]\n",
                           DL_STORED_BODY_MAX);
    return rc;
}

/* ---- top words ----------------------------------------------------------- */

/* Code points in s: what a terminal column counts (near enough for the
 * scripts of news text). */
static size_t
columns(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    }
    return n;
}

/* s made safe and padded with spaces to width columns. */
static dl_status
padded(dl_buf *out, const char *s, size_t width)
{
    size_t c = columns(s);
    dl_status rc = safe_str(out, s);
    for (; rc == DL_OK && c < width; c++)
        rc = dl_buf_putc(out, ' ');
    return rc;
}

dl_status
dl_render_text_topwords(const struct dl_topwords *tw, dl_buf *out)
{
    size_t wcol = 4; /* "word" */
    size_t scol = 4; /* "stem" */
    size_t i;
    dl_status rc = DL_OK;

    for (i = 0; i < tw->n; i++) {
        if (columns(tw->words[i].word) > wcol)
            wcol = columns(tw->words[i].word);
        if (columns(tw->words[i].stem) > scol)
            scol = columns(tw->words[i].stem);
    }
    if (tw->any_word)
        rc = dl_buf_puts(out, "No article contains all the words; the words "
                              "of articles that contain any of them.\n");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "Top words of \"");
    if (rc == DL_OK)
        rc = safe_str(out, tw->query);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, "\": %lu matching article%s", tw->matches,
                           tw->matches == 1 ? "" : "s");
    if (rc == DL_OK && tw->sample < tw->matches)
        rc = dl_buf_printf(out, ", words from %zu of them evenly spaced",
                           tw->sample);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "\n\n");
    if (rc == DL_OK && tw->n == 0)
        return dl_buf_puts(out, "No words.\n");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "  #  ");
    if (rc == DL_OK)
        rc = padded(out, "word", wcol + 2);
    if (rc == DL_OK)
        rc = padded(out, "stem", scol + 2);
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "   score   docs\n");
    for (i = 0; rc == DL_OK && i < tw->n; i++) {
        const struct dl_topword *w = &tw->words[i];
        rc = dl_buf_printf(out, "%3zu  ", i + 1);
        if (rc == DL_OK)
            rc = padded(out, w->word, wcol + 2);
        if (rc == DL_OK)
            rc = padded(out, w->stem, scol + 2);
        if (rc == DL_OK)
            rc = dl_buf_printf(out, "%8.1f %6lu\n", w->score, w->docs);
    }
    return rc;
}
