/* fuzz_query.c - fuzz target: the query parser of SPEC section 5.
 *
 * One parser (English, Russian, Kazakh, French stemmers, as a real index
 * would have) lives for the whole run; each input is parsed with the first
 * byte choosing match-all or match-any.  Every outcome the contract allows
 * is accepted (DL_OK, DL_EQUERY, DL_EINVAL, DL_ENOMEM); anything else, a
 * crash, a leak, or an error position past the end is a finding.  On
 * success the highlighting words must be valid UTF-8 and point inside the
 * query text.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "dl_utf8.h"
#include "fuzz.h"
#include "query.h"

static dl_query_parser *parser;

/* The parser is built once and kept: libFuzzer never returns, and the
 * replay main exits right after, so it is still reachable at exit (not
 * a leak). */
static dl_query_parser *
get_parser(void)
{
    if (parser == NULL &&
        dl_query_parser_new("en,ru,kk,fr", &parser, NULL) != DL_OK)
        abort();
    return parser;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dl_query_options o;
    struct dl_parsed_query *q = NULL;
    size_t errpos = (size_t)-1;
    const char *text = (const char *)data;
    dl_status s;

    dl_query_options_init(&o);
    if (size > 0) {
        o.match_any = (data[0] & 1) != 0;
        text++;
        size--;
    }
    s = dl_query_parser_parse(get_parser(), text, size, &o, &q, &errpos, NULL);
    if (s != DL_OK) {
        DL_FUZZ_ASSERT(s == DL_EQUERY || s == DL_EINVAL || s == DL_ENOMEM);
        DL_FUZZ_ASSERT(q == NULL);
        DL_FUZZ_ASSERT(errpos == (size_t)-1 || errpos <= size);
        return 0;
    }
    DL_FUZZ_ASSERT(q != NULL && q->query != NULL);
    for (size_t i = 0; i < q->n_words; i++) {
        const struct dl_qword *w = &q->words[i];

        DL_FUZZ_ASSERT(w->term != NULL);
        DL_FUZZ_ASSERT(dl_utf8_valid(w->term, strlen(w->term)));
        DL_FUZZ_ASSERT(w->qstart <= w->qend && w->qend <= size);
    }
    dl_parsed_query_free(q);
    return 0;
}
