/* reader_int.h - helpers shared by the readers (reader_*.c), not public.
 *
 * Every reader ends up doing the same four things with the text it found:
 * fold whitespace into one-line fields or "\n"-separated paragraphs, report
 * a problem through the caller's warn callback, decode bytes to UTF-8 with a
 * warning when bytes had to be repaired, and hand a finished article to the
 * caller with the --lang override applied.  They live in reader.c so the
 * three format readers stay about their formats only.
 */
#ifndef DL_READER_INT_H
#define DL_READER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_decode.h"
#include "dl_schema.h"
#include "dl_status.h"
#include "reader.h"

/* Titles longer than this many bytes (150 Cyrillic letters, enough for
 * the longest real headlines in the test corpora) are cut at a word
 * boundary and end in "..." (U+2026): a result list shows one line, and a
 * "title" of many KiB is a paragraph that lost its line breaks. */
#define DL_READER_TITLE_MAX 300

/* A first line longer than this many bytes is a paragraph, not a title
 * line (texts without a title, like FactRuEval's and some of SlavicNER's):
 * it stays in the body as well. */
#define DL_READER_TITLE_LINE_MAX 400

/* Short metadata fields (source, author, lang): longer values are
 * garbage or an attack, cut here. */
#define DL_READER_FIELD_MAX 1024

/* URLs are kept whole up to four times DL_URL_MAX (dl_schema.h), so that
 * any URL of at most DL_URL_MAX bytes arrives whole and any longer one,
 * cut here or not, is still longer than DL_URL_MAX: the indexer stores the
 * first and drops the second (docbuild.c), never a cut URL. */
#define DL_READER_URL_MAX (4 * DL_URL_MAX)

/* struct dl_textfold - writes text into a buffer with whitespace runs folded
 * to one space and explicit breaks folded to one "\n"; never a leading or
 * trailing space or break, never a space next to a break, no control
 * characters.  U+00A0 counts as a space. */
struct dl_textfold {
    dl_buf *out;    /* borrowed; appended to */
    size_t max;     /* stop once out->len would pass this; 0: no limit */
    bool truncated; /* max was reached; later text is dropped */
    char pending;   /* 0, ' ' or '\n': separator owed before next text */
    bool started;   /* something was written by this folder */
};

/* dl_textfold_init - fold into out (not reset: appends after its content,
 * and a separator is owed if out is not empty).  max as above. */
void dl_textfold_init(struct dl_textfold *f, dl_buf *out, size_t max);

/* dl_textfold_text - append s[0..n): whitespace inside (including "\n")
 * folds to one space.  DL_OK or DL_ENOMEM. */
dl_status dl_textfold_text(struct dl_textfold *f, const char *s, size_t n);

/* dl_textfold_space / dl_textfold_break - owe a space or a line break
 * before the next text (a break wins over a space). */
void dl_textfold_space(struct dl_textfold *f);
void dl_textfold_break(struct dl_textfold *f);

/* dl_reader_put_field - replace b with s[0..n) folded to one line, at most
 * max bytes (cut at a word boundary, "..." appended).  DL_OK, DL_ENOMEM. */
dl_status dl_reader_put_field(dl_buf *b, const char *s, size_t n, size_t max);

/* dl_reader_put_paragraphs - append plain text as paragraphs: a blank line
 * or an indented line starts a new paragraph, other line breaks are
 * wrapping and become spaces (Reuters' hard-wrapped wire copy).  Text with
 * neither a blank line between lines of text nor an indented line after
 * the first has one paragraph per line (feeds' bodies, pages saved as
 * text): each line break starts a paragraph.  DL_OK or DL_ENOMEM. */
dl_status dl_reader_put_paragraphs(dl_buf *b, const char *s, size_t n);

/* dl_reader_warn - format msg and call warn (may be NULL).  Never fails:
 * an over-long message is truncated. */
void dl_reader_warn(dl_warn_fn warn, void *ctx, const char *path,
                    unsigned long line, const char *reason, const char *fmt,
                    ...) __attribute__((format(printf, 6, 7)));

/* dl_reader_decode - dl_decode, then a warning "encoding" (at line) when
 * invalid sequences were replaced or NUL bytes removed, with the byte
 * offset of the first (in bytes, or in the line when line is not 0).  out
 * is the caller's (dl_decoded_free).  DL_OK or DL_ENOMEM. */
dl_status dl_reader_decode(const char *path, unsigned long line,
                           const char *bytes, size_t len, const char *declared,
                           dl_warn_fn warn, void *ctx, struct dl_decoded *out,
                           dl_err *err);

/* dl_reader_emit - apply o->force_lang, make every buffer of a a valid C
 * string (data never NULL) and call emit.  Returns emit's status, or
 * DL_ENOMEM. */
dl_status dl_reader_emit(struct dl_article *a, const struct dl_read_opts *o,
                         dl_article_fn emit, void *ctx);

/* dl_reader_looks_html - true when text carries HTML paragraph markup
 * ("<p>", "</p>", "<br", "</div>"): feeds often ship their body as HTML. */
bool dl_reader_looks_html(const char *s, size_t n);

/* dl_reader_html_text - append the text of an HTML fragment (UTF-8) to out,
 * as the HTML reader extracts it: tags gone, entities decoded, blocks on
 * their own lines, script and style left out.  DL_OK or DL_ENOMEM. */
dl_status dl_reader_html_text(const char *s, size_t n, dl_buf *out);

#endif
