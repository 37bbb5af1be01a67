/* fuzz_reader.h - the body shared by the three article-reader targets.
 *
 * Each reader target (fuzz_read_text, fuzz_read_html, fuzz_read_jsonl)
 * hands its input to one dl_read_* entry point with the default options
 * and checks every article emitted: each text field is valid UTF-8 and the
 * title is one line, as docbuild and the renderers assume.  Warnings are
 * only counted.  The reader may refuse the input (DL_EINVAL, DL_ENOMEM)
 * but must never crash, hang or leak.
 */
#ifndef DL_FUZZ_READER_H
#define DL_FUZZ_READER_H

#include <string.h>

#include "article.h"
#include "dl_utf8.h"
#include "fuzz.h"
#include "reader.h"

typedef dl_status (*dl_fuzz_read_fn)(const char *path, const char *bytes,
                                     size_t len, const struct dl_read_opts *o,
                                     dl_article_fn emit, dl_warn_fn warn,
                                     void *ctx, dl_err *err);

static void
dl_fuzz_check_field(const dl_buf *b)
{
    if (b->len == 0)
        return;
    DL_FUZZ_ASSERT(b->data != NULL);
    DL_FUZZ_ASSERT(dl_utf8_valid(b->data, b->len));
}

static dl_status
dl_fuzz_on_article(void *ctx, struct dl_article *a)
{
    unsigned long *n = ctx;

    dl_fuzz_check_field(&a->title);
    dl_fuzz_check_field(&a->body);
    dl_fuzz_check_field(&a->source);
    dl_fuzz_check_field(&a->author);
    dl_fuzz_check_field(&a->url);
    dl_fuzz_check_field(&a->lang);
    DL_FUZZ_ASSERT(a->title.len == 0 ||
                   memchr(a->title.data, '\n', a->title.len) == NULL);
    (*n)++;
    return DL_OK;
}

static void
dl_fuzz_on_warn(void *ctx, const char *path, unsigned long line,
                const char *reason, const char *msg)
{
    (void)ctx;
    (void)line;
    DL_FUZZ_ASSERT(path != NULL && reason != NULL && msg != NULL);
}

static int
dl_fuzz_reader(dl_fuzz_read_fn fn, const char *path, const uint8_t *data,
               size_t size)
{
    struct dl_read_opts o;
    unsigned long n = 0;
    dl_err err;
    dl_status s;

    dl_read_opts_init(&o);
    s = fn(path, (const char *)data, size, &o, dl_fuzz_on_article,
           dl_fuzz_on_warn, &n, &err);
    DL_FUZZ_ASSERT(s == DL_OK || s == DL_EINVAL || s == DL_ENOMEM);
    return 0;
}

#endif
