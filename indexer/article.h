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

/* Memory per article.  Building one article's document costs about 450
 * bytes per distinct term (Xapian's term map and the writer's inverter) and
 * a few per word position, so an article's memory is bounded by capping
 * both, at values no real news article meets: the longest in the test
 * corpora are 57 KB of text with 3,900 distinct terms (a news web page of
 * the extraction benchmark has at most 4,900), and long-form features
 * run to a few hundred KB.  Text past a cap is left out of the
 * index with a warning naming the file (docs/indexing.md, "Limits"). */

/* Bytes of body text indexed per article (about 300,000 words). */
#define DL_ARTICLE_TEXT_MAX (2 * 1024 * 1024)

/* Distinct terms per article's document: raw words, their stems and title
 * words together (a word usually gives two), so about 50,000 distinct
 * words.  The body is indexed up to the word that would pass it. */
#define DL_ARTICLE_TERMS_MAX 100000

struct dl_article {
    dl_buf title;         /* one line, whitespace folded */
    dl_buf body;          /* main text; paragraphs separated by "\n" */
    size_t body_cut_from; /* a reader kept only the first
                             DL_ARTICLE_TEXT_MAX bytes of a longer text:
                             the bytes the text had; 0: body is whole */
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

/* dl_article_text_cut - where to cut text s[0..n) so that at most max
 * bytes remain: n itself when n <= max, else a cut <= max on a UTF-8
 * boundary, at a space or line break when one is near (so no word is cut
 * in two). */
size_t dl_article_text_cut(const char *s, size_t n, size_t max);

#ifdef __cplusplus
}
#endif

#endif
