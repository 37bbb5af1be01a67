/* analyze.c - show what the shared tokenizer makes of a text.
 *
 * A thin renderer over dl_tokenize: the callback appends one record per
 * token (joined forms of hyphenated names included, since they are index
 * terms too).  Any append failure is remembered in the context and stops
 * the tokenizer, so the caller gets DL_ENOMEM rather than a truncated list.
 */
#include "config.h"

#include "analyze.h"
#include "dl_json.h"
#include "dl_tokenize.h"

struct analyze_ctx {
    dl_buf *out;
    int json;
    int first; /* no token written yet (JSON commas) */
    dl_status rc;
};

static int
on_token(void *vctx, const char *term, size_t len, size_t start, size_t end,
         unsigned pos, unsigned flags)
{
    struct analyze_ctx *c = vctx;
    dl_status rc;

    (void)flags;
    if (!c->json) {
        rc = dl_buf_append(c->out, term, len);
        if (rc == DL_OK)
            rc = dl_buf_printf(c->out, "\t%u\t%zu\t%zu\n", pos, start, end);
    } else {
        rc = dl_buf_puts(c->out, c->first ? "{\"term\":" : ",{\"term\":");
        if (rc == DL_OK)
            rc = dl_json_string(term, len, c->out);
        if (rc == DL_OK)
            rc = dl_buf_printf(c->out, ",\"pos\":%u,\"start\":%zu,\"end\":%zu}",
                               pos, start, end);
    }
    c->first = 0;
    if (rc != DL_OK) {
        c->rc = DL_ENOMEM;
        return 1;
    }
    return 0;
}

dl_status
dl_analyze(const char *text, size_t len, int json, dl_buf *out, dl_err *err)
{
    struct analyze_ctx c;
    dl_status rc;
    size_t old = out->len;

    c.out = out;
    c.json = json;
    c.first = 1;
    c.rc = DL_OK;
    if (json && dl_buf_puts(out, "{\"tokens\":[") != DL_OK)
        goto nomem;
    rc = dl_tokenize(text, len, 0, on_token, &c, NULL, NULL);
    if (rc == DL_ENOMEM || c.rc != DL_OK)
        goto nomem;
    if (json && dl_buf_puts(out, "]}\n") != DL_OK)
        goto nomem;
    return DL_OK;
nomem:
    out->len = old;
    if (out->data != NULL)
        out->data[old] = '\0';
    return dl_err_set(err, DL_ENOMEM, "analyze: out of memory");
}
