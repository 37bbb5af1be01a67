/* article.c - one news article as a reader found it.
 *
 * Plain data with owned buffers.  A reader keeps one article and resets it
 * per record, so a JSON Lines file of 20,000 records reuses the same six
 * buffers instead of allocating 120,000 times.
 */
#include "config.h"

#include "article.h"

static void
clear_scalars(struct dl_article *a)
{
    a->date.year = 0;
    a->date.month = 0;
    a->date.day = 0;
    a->date_origin = NULL;
    a->record = 0;
    a->line = 0;
    a->charset = NULL;
    a->body_cut_from = 0;
}

void
dl_article_init(struct dl_article *a)
{
    dl_buf_init(&a->title);
    dl_buf_init(&a->body);
    dl_buf_init(&a->source);
    dl_buf_init(&a->author);
    dl_buf_init(&a->url);
    dl_buf_init(&a->lang);
    clear_scalars(a);
}

void
dl_article_reset(struct dl_article *a)
{
    dl_buf_reset(&a->title);
    dl_buf_reset(&a->body);
    dl_buf_reset(&a->source);
    dl_buf_reset(&a->author);
    dl_buf_reset(&a->url);
    dl_buf_reset(&a->lang);
    clear_scalars(a);
}

void
dl_article_free(struct dl_article *a)
{
    dl_buf_free(&a->title);
    dl_buf_free(&a->body);
    dl_buf_free(&a->source);
    dl_buf_free(&a->author);
    dl_buf_free(&a->url);
    dl_buf_free(&a->lang);
    clear_scalars(a);
}

/* A word longer than this at the cut is cut in two rather than searched
 * for further back (a "word" of many KB is not a word). */
#define CUT_WORD_REACH 256

size_t
dl_article_text_cut(const char *s, size_t n, size_t max)
{
    size_t cut;
    size_t k;

    if (n <= max)
        return n;
    cut = max;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    for (k = cut; k > 0 && cut - k < CUT_WORD_REACH; k--) {
        if (s[k] == ' ' || s[k] == '\n' || s[k] == '\t' || s[k] == '\r')
            return k;
    }
    return cut;
}
