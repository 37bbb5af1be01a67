/* reader.h - article readers: one per input format, one entry point.
 *
 * dl_read_file picks the reader from the file name (.txt .text, .html .htm,
 * .jsonl .ndjson, each optionally .gz), decompresses, decodes to UTF-8 and
 * hands each article to a callback.  Problems with the input (bad charset
 * repaired, broken JSON line, truncated gzip...) are reported through the
 * warn callback with the path and line, counted, and never stop the file's
 * other articles.
 */
#ifndef DL_READER_H
#define DL_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called for each article; the article is borrowed for the call.  A status
 * other than DL_OK stops the reader, which returns it. */
typedef dl_status (*dl_article_fn)(void *ctx, struct dl_article *a);

/* Called for each problem; line 0 when it concerns the whole file.  reason
 * is a short static key for the summary ("bad-json", "encoding",
 * "truncated-gzip", "binary", "too-large", "empty"...), msg a sentence. */
typedef void (*dl_warn_fn)(void *ctx, const char *path, unsigned long line,
                           const char *reason, const char *msg);

enum dl_format {
    DL_FORMAT_UNKNOWN = 0,
    DL_FORMAT_TEXT,
    DL_FORMAT_HTML,
    DL_FORMAT_JSONL
};

struct dl_read_opts {
    size_t max_file_bytes;  /* larger (decompressed) files are skipped */
    size_t max_line_bytes;  /* longer JSON lines are skipped */
    const char *force_lang; /* --lang: overrides every article's tag */
};

/* dl_read_opts_init - defaults: 64 MiB per file, 8 MiB per JSON line. */
void dl_read_opts_init(struct dl_read_opts *o);

/* dl_format_of_path - the format by extension (".gz" looked through);
 * *gz (may be NULL) set when the name ends in .gz. */
enum dl_format dl_format_of_path(const char *path, bool *gz);

/* dl_read_file - read the file at path (its bytes are read here) and emit
 * its articles.  Returns DL_OK when the file was read (even if some records
 * were skipped with a warning), DL_EIO/DL_ENOENT when it could not be
 * read (the caller warns), DL_EINVAL for an unknown format, DL_ENOMEM, or
 * the callback's status.  *n_articles (may be NULL) gets how many were
 * emitted. */
dl_status dl_read_file(const char *path, const struct dl_read_opts *o,
                       dl_article_fn emit, dl_warn_fn warn, void *ctx,
                       unsigned long *n_articles, dl_err *err);

/* Per-format entry points over bytes already in memory (tests and fuzzers
 * call them directly).  path is for warnings only. */
dl_status dl_read_text(const char *path, const char *bytes, size_t len,
                       const struct dl_read_opts *o, dl_article_fn emit,
                       dl_warn_fn warn, void *ctx, dl_err *err);
dl_status dl_read_html(const char *path, const char *bytes, size_t len,
                       const struct dl_read_opts *o, dl_article_fn emit,
                       dl_warn_fn warn, void *ctx, dl_err *err);
dl_status dl_read_jsonl(const char *path, const char *bytes, size_t len,
                        const struct dl_read_opts *o, dl_article_fn emit,
                        dl_warn_fn warn, void *ctx, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
