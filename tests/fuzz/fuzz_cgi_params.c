/* fuzz_cgi_params.c - fuzz target: the CGI QUERY_STRING parser.
 *
 * The input is a whole QUERY_STRING as a web server would pass it.  Every
 * value the parser accepts must meet cgi_params.h: q valid UTF-8 with no
 * control characters and within DL_CGI_MAX_QUERY (show within
 * DL_CGI_MAX_SHOW, likewise), page within
 * 1..DL_CGI_MAX_PAGE, dates that dl_cgi_date_check accepts; a refusal
 * names the parameter (p->bad) or is an allocation failure.
 */
#include "config.h"

#include <string.h>

#include "cgi_params.h"
#include "dl_utf8.h"
#include "fuzz.h"

static void
check_string(const char *s, size_t max)
{
    size_t n;

    if (s == NULL)
        return;
    n = strlen(s);
    DL_FUZZ_ASSERT(n <= max);
    DL_FUZZ_ASSERT(dl_utf8_valid(s, n));
    for (size_t i = 0; i < n; i++)
        DL_FUZZ_ASSERT((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dl_cgi_params p;
    dl_status s;

    dl_cgi_params_init(&p);
    s = dl_cgi_params_parse((const char *)data, size, &p, NULL);
    if (s == DL_OK) {
        DL_FUZZ_ASSERT(p.q != NULL && strlen(p.q) == p.q_len);
        check_string(p.q, DL_CGI_MAX_QUERY);
        check_string(p.source, DL_CGI_MAX_SOURCE);
        check_string(p.lang, DL_CGI_MAX_LANG);
        check_string(p.show, DL_CGI_MAX_SHOW);
        DL_FUZZ_ASSERT(p.page >= 1 && p.page <= DL_CGI_MAX_PAGE);
        if (p.from != NULL)
            DL_FUZZ_ASSERT(dl_cgi_date_check(p.from, strlen(p.from)));
        if (p.to != NULL)
            DL_FUZZ_ASSERT(dl_cgi_date_check(p.to, strlen(p.to)));
    } else {
        DL_FUZZ_ASSERT(s == DL_EINVAL || s == DL_ENOMEM);
        DL_FUZZ_ASSERT(s == DL_ENOMEM || p.bad != NULL);
    }
    dl_cgi_params_free(&p);
    dl_cgi_params_free(&p);
    return 0;
}
