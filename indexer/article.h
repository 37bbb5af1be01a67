/* article.h - one news article as a reader found it.
 *
 * Readers (reader_*.c) fill title, body and whatever metadata the file
 * carries; the pipeline completes the rest (date from the path or a
 * dateline, source from the folder, language by detection) and turns the
 * article into a Xapian document.  All text is valid UTF-8 (readers decode
 * with dl_decode before filling).
 */
#ifndef DL_ARTICLE_H
#define DL_ARTICLE_H

#include <stdbool.h>

#include "dl_buf.h"
#include "dl_date.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dl_article {
    dl_buf title;  /* one line, whitespace folded */
    dl_buf body;   /* main text; paragraphs separated by "\n" */
    dl_buf source; /* publication ("Reuters", "BBC News"); empty: unknown */
    dl_buf author; /* "Jane Doe, John Roe"; empty: unknown */
    dl_buf url;    /* canonical URL; empty: unknown */
    dl_buf lang;   /* language tag as declared ("en-GB"); empty: detect */
    struct dl_date date;     /* year 0: unknown */
    const char *date_origin; /* static: "metadata", "path", "dateline";
                                NULL when unknown */
    unsigned long record;    /* 0 for a whole-file article; N >= 1 for the
                                Nth record of a JSON Lines file */
    unsigned long line;      /* first line in the file (for warnings) */
    const char *charset;     /* static name of the decoded charset */
};

/* dl_article_init - empty article, nothing allocated. */
void dl_article_init(struct dl_article *a);

/* dl_article_reset - empty every field, keeping buffers for reuse. */
void dl_article_reset(struct dl_article *a);

/* dl_article_free - release every buffer. */
void dl_article_free(struct dl_article *a);

#ifdef __cplusplus
}
#endif

#endif
