/* cgi_params.c - the web page's GET parameters, decoded and validated.
 *
 * One pass over QUERY_STRING splits it at '&' and ';', decodes each name
 * and value into a scratch buffer (percent-escapes, '+'), and hands the
 * pair to the checker for its name.  Nothing is trusted before it has
 * been checked: a value is copied into dl_cgi_params only once it passed,
 * so the renderer can print any field without asking where it came from
 * (it still escapes everything for its context).  The first error wins
 * and later pairs are still read, because the caller needs format=json
 * to choose between a 400 with JSON and a friendly HTML page.
 */
#include "config.h"

#include <string.h>

#include "cgi_params.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_date.h"
#include "dl_utf8.h"

/* Values up to this long may be quoted back in a message (bad_value). */
#define SHOW_VALUE_MAX 32

/* The one rule for the date filters, in the words of a message: the
 * shapes dl_cgi_date_check takes and the indexer's years (dl_date.h). */
#define STR_(x) #x
#define STR(x) STR_(x)
#define DATE_RULE(which)                                                       \
    "The " which " date must be a real calendar date written YYYY, "           \
    "YYYY-MM or YYYY-MM-DD, in the years " STR(DL_DATE_YEAR_MIN) " to " STR(   \
        DL_DATE_YEAR_MAX) "."

/* The page's longest link (every parameter at its cap, every byte
 * percent-encoded, names and separators in 64 bytes) must fit the cap of
 * the whole string, or the page would make links it refuses. */
_Static_assert(3 * (DL_CGI_MAX_QUERY + DL_CGI_MAX_SOURCE + DL_CGI_MAX_LANG +
                    2 * 10) +
                       64 <=
                   DL_CGI_MAX_QUERY_STRING,
               "the longest link the page makes fits the query string cap");
_Static_assert(3 * (DL_CGI_MAX_SHOW + DL_CGI_MAX_QUERY) + 64 <=
                   DL_CGI_MAX_QUERY_STRING,
               "the longest article view link fits the query string cap");

/* Bit per known parameter, to refuse repeats. */
enum {
    SEEN_Q = 1 << 0,
    SEEN_PAGE = 1 << 1,
    SEEN_SORT = 1 << 2,
    SEEN_FROM = 1 << 3,
    SEEN_TO = 1 << 4,
    SEEN_SOURCE = 1 << 5,
    SEEN_LANG = 1 << 6,
    SEEN_FORMAT = 1 << 7,
    SEEN_SHOW = 1 << 8,
    SEEN_WORDS = 1 << 9
};

void
dl_cgi_params_init(struct dl_cgi_params *p)
{
    memset(p, 0, sizeof *p);
    p->q = NULL;
    p->page = 1;
    p->sort = DL_SORT_RELEVANCE;
}

void
dl_cgi_params_free(struct dl_cgi_params *p)
{
    dl_free(p->q);
    dl_free(p->from);
    dl_free(p->to);
    dl_free(p->source);
    dl_free(p->lang);
    dl_free(p->show);
    dl_cgi_params_init(p);
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..len) into out (reset first).  DL_EINVAL for a '%' not
 * followed by two hex digits: guessing what was meant would let two
 * servers read one URL two ways. */
static dl_status
form_decode(const char *s, size_t len, dl_buf *out)
{
    size_t i;
    dl_status rc = DL_OK;

    dl_buf_reset(out);
    rc = dl_buf_reserve(out, len + 1);
    for (i = 0; rc == DL_OK && i < len; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi;
            int lo;
            if (len - i < 3)
                return DL_EINVAL;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return DL_EINVAL;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        rc = dl_buf_putc(out, c);
    }
    if (rc == DL_OK && out->data == NULL)
        rc = dl_buf_puts(out, "");
    return rc;
}

/* Valid UTF-8 with no C0, DEL or C1 control character. */
static bool
clean_text(const char *s, size_t len)
{
    size_t i = 0;

    if (!dl_utf8_valid(s, len))
        return false;
    while (i < len) {
        int cp;
        size_t n = dl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return false;
        i += n;
    }
    return true;
}

/* Digits only, exactly n of them, as a number. */
static bool
digits(const char *s, size_t n, long *out)
{
    size_t i;
    long v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool
dl_cgi_date_check(const char *s, size_t len)
{
    struct dl_date d;

    /* The calendar and the years are the indexer's (dl_date.c), so a
     * date the page takes is one the archive can hold. */
    return dl_date_parse_iso(s, len, &d);
}

/* The first or last day a checked date of any precision covers, as
 * YYYYMMDD, so that from=2020-05 and to=2020 compare as the reader means
 * them. */
static long
span_day(const char *s, bool last)
{
    struct dl_date d;
    int month;
    int day;

    if (!dl_date_parse_iso(s, strlen(s), &d))
        return -1;
    month = d.month != 0 ? d.month : last ? 12 : 1;
    day = d.day != 0 ? d.day : last ? dl_date_days_in_month(d.year, month) : 1;
    return (d.year * 100L + month) * 100L + day;
}

/* Language codes: letters, then -subtags of letters or digits. */
static bool
lang_ok(const char *s, size_t len)
{
    size_t i;
    size_t run = 0;
    bool first = true;

    if (len < 2 || len > DL_CGI_MAX_LANG)
        return false;
    for (i = 0; i < len; i++) {
        char c = s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if (c == '-') {
            if (run == 0 || (first && run > 3))
                return false;
            if (first && run < 2)
                return false;
            first = false;
            run = 0;
            continue;
        }
        if (!alpha && !(digit && !first))
            return false;
        run++;
        if (run > 8)
            return false;
    }
    return run > 0 && !(first && (run < 2 || run > 3));
}

static dl_status
bad(struct dl_cgi_params *p, dl_status *first, const char *param, dl_err *err,
    const char *msg)
{
    if (*first == DL_OK) {
        *first = DL_EINVAL;
        p->bad = param;
        dl_err_set(err, DL_EINVAL, "%s", msg);
    }
    return DL_EINVAL;
}

/* As bad(), with the parameter and its value named first ("from=3000:
 * msg") when the value is short printable ASCII, which every good value
 * of these parameters is: anything longer or odder is not echoed, so the
 * message never carries more of an attacker's text than a short word
 * (the page escapes it anyway). */
static dl_status
bad_value(struct dl_cgi_params *p, dl_status *first, const char *param,
          const char *v, size_t len, dl_err *err, const char *msg)
{
    size_t i;
    bool show = len <= SHOW_VALUE_MAX;

    for (i = 0; show && i < len; i++)
        show = v[i] > 0x20 && v[i] < 0x7F;
    if (*first == DL_OK && show) {
        *first = DL_EINVAL;
        p->bad = param;
        dl_err_set(err, DL_EINVAL, "%s=%.*s: %s", param, (int)len, v, msg);
        return DL_EINVAL;
    }
    return bad(p, first, param, err, msg);
}

static dl_status
keep(char **slot, const char *v, size_t len)
{
    char *c = dl_strndup(v, len);
    if (c == NULL)
        return DL_ENOMEM;
    dl_free(*slot);
    *slot = c;
    return DL_OK;
}

/* The parameters this page reads; any other name is ignored. */
static const struct {
    const char *name;
    unsigned bit;
} known_params[] = {{"q", SEEN_Q},       {"page", SEEN_PAGE},
                    {"sort", SEEN_SORT}, {"from", SEEN_FROM},
                    {"to", SEEN_TO},     {"source", SEEN_SOURCE},
                    {"lang", SEEN_LANG}, {"format", SEEN_FORMAT},
                    {"show", SEEN_SHOW}, {"words", SEEN_WORDS}};

/* The SEEN_ bit of the parameter called name, and its name as a constant
 * in *pname; 0 for a parameter the page does not read. */
static unsigned
known_param(const dl_buf *name, const char **pname)
{
    size_t k;
    for (k = 0; k < sizeof known_params / sizeof known_params[0]; k++) {
        if (name->len == strlen(known_params[k].name) &&
            memcmp(name->data, known_params[k].name, name->len) == 0) {
            *pname = known_params[k].name;
            return known_params[k].bit;
        }
    }
    return 0;
}

/* q: tabs and line ends become spaces; the rest must be valid UTF-8
 * without control characters, within DL_CGI_MAX_QUERY bytes. */
static dl_status
store_query(struct dl_cgi_params *p, dl_status *first, char *v, size_t len,
            dl_err *err)
{
    size_t i;
    if (len > DL_CGI_MAX_QUERY)
        return bad(
            p, first, "q", err,
            "The search is too long: at most " STR(DL_CGI_MAX_QUERY) " bytes.");
    for (i = 0; i < len; i++) {
        if (v[i] == '\t' || v[i] == '\r' || v[i] == '\n')
            v[i] = ' ';
    }
    if (!dl_utf8_valid(v, len))
        return bad(p, first, "q", err, "The search is not valid UTF-8 text.");
    if (!clean_text(v, len))
        return bad(p, first, "q", err,
                   "The search contains control characters.");
    p->q_len = len;
    return keep(&p->q, v, len);
}

/* page, sort, format and words: one of a few fixed values each. */
static dl_status
store_choice(struct dl_cgi_params *p, dl_status *first, unsigned bit,
             const char *pname, const char *v, size_t len, dl_err *err)
{
    long pg;

    if (bit == SEEN_PAGE) {
        if (len > 3 || !digits(v, len, &pg) || pg < 1 || pg > DL_CGI_MAX_PAGE)
            return bad_value(p, first, pname, v, len, err,
                             "The page number must be a whole number from "
                             "1 to 100.");
        p->page = (unsigned)pg;
    } else if (bit == SEEN_SORT) {
        if (strcmp(v, "relevance") == 0 && len == 9)
            p->sort = DL_SORT_RELEVANCE;
        else if (strcmp(v, "newest") == 0 && len == 6)
            p->sort = DL_SORT_NEWEST;
        else if (strcmp(v, "oldest") == 0 && len == 6)
            p->sort = DL_SORT_OLDEST;
        else
            return bad_value(p, first, pname, v, len, err,
                             "The sort order must be relevance, newest or "
                             "oldest.");
    } else if (bit == SEEN_WORDS) {
        if (len == 1 && (v[0] == '0' || v[0] == '1'))
            p->words = v[0] == '1';
        else
            return bad_value(p, first, pname, v, len, err,
                             "The top words setting must be 1 (show them) "
                             "or 0.");
    } else {
        static const char *const formats[] = {"html", "json", "csv", "atom",
                                              "opensearch"};
        size_t k;
        for (k = 0; k < sizeof formats / sizeof formats[0]; k++) {
            if (len == strlen(formats[k]) && strcmp(v, formats[k]) == 0)
                break;
        }
        if (k == sizeof formats / sizeof formats[0])
            return bad_value(p, first, pname, v, len, err,
                             "The format must be html, json, csv, atom or "
                             "opensearch.");
        p->format = (enum dl_cgi_format)k;
        p->json = p->format == DL_CGI_JSON;
    }
    return DL_OK;
}

/* from, to, source, lang and show: checked, then kept as given (lang in
 * lower case). */
static dl_status
store_filter(struct dl_cgi_params *p, dl_status *first, unsigned bit,
             const char *pname, char *v, size_t len, dl_err *err)
{
    size_t k;

    switch (bit) {
    case SEEN_FROM:
    case SEEN_TO:
        if (!dl_cgi_date_check(v, len))
            return bad_value(p, first, pname, v, len, err,
                             bit == SEEN_FROM ? DATE_RULE("start")
                                              : DATE_RULE("end"));
        return keep(bit == SEEN_FROM ? &p->from : &p->to, v, len);
    case SEEN_SOURCE:
        if (len > DL_CGI_MAX_SOURCE || !clean_text(v, len))
            return bad(p, first, pname, err,
                       "The source must be a source name as listed, at "
                       "most " STR(DL_CGI_MAX_SOURCE) " bytes.");
        return keep(&p->source, v, len);
    case SEEN_LANG:
        if (!lang_ok(v, len))
            return bad_value(p, first, pname, v, len, err,
                             "The language must be a code such as en, fr "
                             "or kk.");
        for (k = 0; k < len; k++) {
            if (v[k] >= 'A' && v[k] <= 'Z')
                v[k] = (char)(v[k] - 'A' + 'a');
        }
        return keep(&p->lang, v, len);
    default: /* SEEN_SHOW */
        if (len > DL_CGI_MAX_SHOW || !clean_text(v, len))
            return bad(p, first, pname, err,
                       "The article id must be one as the results link "
                       "it, at most " STR(DL_CGI_MAX_SHOW) " bytes.");
        return keep(&p->show, v, len);
    }
}

/* Check one decoded pair and store it: a parameter the page does not read
 * is ignored, one given twice refused, an empty value other than q's left
 * at its default.  DL_OK, DL_EINVAL (already recorded through bad()) or
 * DL_ENOMEM. */
static dl_status
store_param(struct dl_cgi_params *p, unsigned *seen, dl_status *first,
            const dl_buf *name, dl_buf *val, dl_err *err)
{
    const char *pname = NULL;
    unsigned bit = known_param(name, &pname);

    if (bit == 0)
        return DL_OK;
    if (*seen & bit)
        return bad(p, first, pname, err,
                   bit == SEEN_Q ? "The search was given twice in the "
                                   "address; give it once."
                                 : "A setting was given twice in the "
                                   "address; give each one once.");
    *seen |= bit;
    if (bit == SEEN_Q)
        return store_query(p, first, val->data, val->len, err);
    if (val->len == 0)
        return DL_OK;
    if (bit == SEEN_PAGE || bit == SEEN_SORT || bit == SEEN_FORMAT ||
        bit == SEEN_WORDS)
        return store_choice(p, first, bit, pname, val->data, val->len, err);
    return store_filter(p, first, bit, pname, val->data, val->len, err);
}

dl_status
dl_cgi_params_parse(const char *qs, size_t len, struct dl_cgi_params *p,
                    dl_err *err)
{
    dl_buf name = DL_BUF_INIT;
    dl_buf val = DL_BUF_INIT;
    dl_status first = DL_OK;
    dl_status rc = DL_OK;
    unsigned seen = 0;
    size_t pairs = 0;
    size_t i = 0;

    dl_err_clear(err);
    if (qs == NULL)
        len = 0;
    if (len > DL_CGI_MAX_QUERY_STRING) {
        /* Still look for format=json, cheaply, to answer in kind. */
        p->json = memmem(qs, len, "format=json", 11) != NULL;
        bad(p, &first, "query string", err,
            "The address is too long for a search.");
        goto out;
    }
    while (i < len) {
        size_t start = i;
        size_t eq = (size_t)-1;
        size_t end;
        while (i < len && qs[i] != '&' && qs[i] != ';') {
            if (qs[i] == '=' && eq == (size_t)-1)
                eq = i;
            i++;
        }
        end = i;
        i++;
        if (end == start)
            continue;
        if (++pairs > DL_CGI_MAX_PAIRS) {
            bad(p, &first, "query string", err,
                "The address holds too many parameters.");
            break;
        }
        if (eq == (size_t)-1)
            eq = end;
        rc = form_decode(qs + start, eq - start, &name);
        if (rc == DL_OK)
            rc = form_decode(qs + eq + (eq < end), end - eq - (eq < end), &val);
        if (rc == DL_EINVAL) {
            bad(p, &first, "query string", err,
                "The address is malformed: a '%' must be followed by two "
                "hexadecimal digits.");
            rc = DL_OK;
            continue;
        }
        if (rc != DL_OK)
            goto out;
        rc = store_param(p, &seen, &first, &name, &val, err);
        if (rc == DL_EINVAL)
            rc = DL_OK;
        if (rc != DL_OK)
            goto out;
    }
    if (first == DL_OK && p->from != NULL && p->to != NULL &&
        span_day(p->from, false) > span_day(p->to, true))
        bad(p, &first, "from", err, "The start date is after the end date.");
out:
    dl_buf_free(&name);
    dl_buf_free(&val);
    if (rc == DL_OK && p->q == NULL) {
        p->q = dl_strdup("");
        p->q_len = 0;
        if (p->q == NULL)
            rc = DL_ENOMEM;
    }
    if (rc == DL_ENOMEM)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    return first;
}
