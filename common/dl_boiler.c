/* dl_boiler.c - the boilerplate marks of a document (DL_SLOT_BOILER).
 *
 * Varints of the gaps between marked paragraph indices (dl_boiler.h): a
 * footer, a header line and a prompt are one byte each, and the value
 * decodes in one forward pass, which is all the searcher ever does with
 * it (strip the marked paragraphs before cutting a snippet, flag them in
 * the article view).
 */
#include "config.h"

#include <string.h>

#include "dl_boiler.h"

/* Largest paragraph index a mark may name: the indexer's articles have at
 * most DL_ARTICLE_TEXT_MAX bytes, far fewer paragraphs than this. */
#define MARK_MAX 0xFFFFFFFFUL

void
dl_boiler_marks_init(struct dl_boiler_marks *m, const char *v, size_t len)
{
    m->p = (const unsigned char *)v;
    m->end = m->p + (v != NULL ? len : 0);
    m->next = 0;
}

bool
dl_boiler_marks_next(struct dl_boiler_marks *m, unsigned long *idx)
{
    unsigned long gap = 0;
    unsigned shift = 0;
    unsigned char byte;

    if (m->p == NULL || m->p >= m->end)
        return false;
    do {
        if (m->p >= m->end || shift > 28) {
            m->p = m->end; /* cut short or too long: stop here */
            return false;
        }
        byte = *m->p++;
        gap |= (unsigned long)(byte & 0x7F) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (gap > MARK_MAX - m->next) {
        m->p = m->end;
        return false;
    }
    *idx = m->next + gap;
    m->next = *idx + 1;
    return true;
}

dl_status
dl_boiler_marks_put(const unsigned long *idx, size_t n, dl_buf *out)
{
    unsigned long next = 0;
    size_t keep = out->len;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned long gap;
        if (idx[i] < next || idx[i] > MARK_MAX)
            goto bad;
        gap = idx[i] - next;
        next = idx[i] + 1;
        do {
            unsigned char byte = (unsigned char)(gap & 0x7F);
            gap >>= 7;
            if (gap != 0)
                byte |= 0x80;
            if (dl_buf_putc(out, (char)byte) != DL_OK) {
                out->len = keep;
                if (out->data != NULL)
                    out->data[keep] = '\0';
                return DL_ENOMEM;
            }
        } while (gap != 0);
    }
    return DL_OK;
bad:
    out->len = keep;
    if (out->data != NULL)
        out->data[keep] = '\0';
    return DL_EINVAL;
}

void
dl_boiler_strip(dl_buf *body, const char *v, size_t len)
{
    struct dl_boiler_marks m;
    unsigned long mark;
    unsigned long para = 0; /* index of the paragraph starting at `in` */
    size_t in = 0;          /* read position */
    size_t out = 0;         /* write position */
    bool have;

    if (body->data == NULL || body->len == 0)
        return;
    dl_boiler_marks_init(&m, v, len);
    have = dl_boiler_marks_next(&m, &mark);
    if (!have)
        return;
    while (in < body->len) {
        const char *nl = memchr(body->data + in, '\n', body->len - in);
        size_t end = nl != NULL ? (size_t)(nl - body->data) + 1 : body->len;
        if (have && mark == para) {
            have = dl_boiler_marks_next(&m, &mark);
        } else {
            memmove(body->data + out, body->data + in, end - in);
            out += end - in;
        }
        in = end;
        para++;
    }
    /* A removed last paragraph leaves the separator of the one before. */
    if (out > 0 && body->data[out - 1] == '\n')
        out--;
    body->len = out;
    body->data[out] = '\0';
}
