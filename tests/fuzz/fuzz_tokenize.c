/* fuzz_tokenize.c - fuzz target: the shared tokenizer and normaliser.
 *
 * Raw bytes (often invalid UTF-8) go through dl_tokenize, whose callback
 * checks every token against the contract the indexer and the query parser
 * rely on: a non-empty term of valid UTF-8 no longer than
 * DL_MAX_TERM_BYTES, a byte range inside the input, positions that never
 * go backwards by more than a hyphenated name's parts allow.  The same
 * bytes then go through dl_normalize_term, which must give valid UTF-8.
 */
#include "config.h"

#include <string.h>

#include "dl_buf.h"
#include "dl_normalize.h"
#include "dl_utf8.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "fuzz.h"

struct tok_check {
    size_t len;
    unsigned long n;
};

static int
on_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
         unsigned pos, unsigned flags)
{
    struct tok_check *c = ctx;

    (void)pos;
    (void)flags;
    DL_FUZZ_ASSERT(len > 0);
    DL_FUZZ_ASSERT(len <= DL_MAX_TERM_BYTES);
    DL_FUZZ_ASSERT(dl_utf8_valid(term, len));
    DL_FUZZ_ASSERT(start <= end);
    DL_FUZZ_ASSERT(end <= c->len);
    c->n++;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct tok_check c = {size, 0};
    struct dl_tokenize_stats st;
    unsigned next = 0;
    dl_buf b = DL_BUF_INIT;
    dl_status s;

    memset(&st, 0, sizeof(st));
    s = dl_tokenize(text, size, 1, on_token, &c, &next, &st);
    DL_FUZZ_ASSERT(s == DL_OK || s == DL_ENOMEM);
    if (s == DL_OK) {
        DL_FUZZ_ASSERT(st.tokens == c.n);
        DL_FUZZ_ASSERT(next >= 1);
    }
    if (dl_normalize_term(text, size, &b) == DL_OK)
        DL_FUZZ_ASSERT(b.len == 0 || dl_utf8_valid(b.data, b.len));
    dl_buf_free(&b);
    return 0;
}
