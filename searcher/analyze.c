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
#include "dl_xscript.h"

struct analyze_ctx {
    const char *text;
    dl_buf key; /* the token's cross-script key */
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

    dl_buf_reset(&c->key);
    rc = DL_OK;
    if ((flags & (DL_TOK_CJK | DL_TOK_NUMERIC)) == 0)
        rc = dl_xscript_key(c->text + start,
                            dl_xscript_word_range(c->text + start, end - start,
                                                  term, len),
                            &c->key);
    if (rc == DL_OK && !c->json) {
        rc = dl_buf_append(c->out, term, len);
        if (rc == DL_OK)
            rc = dl_buf_printf(c->out, "\t%u\t%zu\t%zu\t", pos, start, end);
        if (rc == DL_OK)
            rc = dl_buf_append(c->out, c->key.data, c->key.len);
        if (rc == DL_OK)
            rc = dl_buf_putc(c->out, '\n');
    } else if (rc == DL_OK) {
        rc = dl_buf_puts(c->out, c->first ? "{\"term\":" : ",{\"term\":");
        if (rc == DL_OK)
            rc = dl_json_string(term, len, c->out);
        if (rc == DL_OK)
            rc = dl_buf_printf(c->out, ",\"pos\":%u,\"start\":%zu,\"end\":%zu",
                               pos, start, end);
        if (rc == DL_OK && c->key.len > 0)
            rc = dl_buf_puts(c->out, ",\"key\":\"");
        if (rc == DL_OK && c->key.len > 0)
            rc = dl_buf_append(c->out, c->key.data, c->key.len);
        if (rc == DL_OK)
            rc = dl_buf_puts(c->out, c->key.len > 0 ? "\"}" : "}");
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

    c.text = text;
    dl_buf_init(&c.key);
    c.out = out;
    c.json = json;
    c.first = 1;
    c.rc = DL_OK;
    if (json && dl_buf_puts(out, "{\"tokens\":[") != DL_OK)
        goto nomem;
    rc = dl_tokenize(text, len, 0, on_token, &c, NULL, NULL);
    dl_buf_free(&c.key);
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
