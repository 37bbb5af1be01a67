/* cgi_params.h - the web page's GET parameters, decoded and validated.
 *
 * dateline.cgi takes its whole request from QUERY_STRING (RFC 3875 section
 * 4.1.7), encoded as an HTML form does (application/x-www-form-urlencoded):
 * name=value pairs joined by '&' (';' too, as older servers produce),
 * percent-escapes, '+' for a space.  Every value is decoded, checked and
 * kept in a dl_cgi_params, so the renderer and the searcher only ever see
 * valid values.  The rules, chosen for what a form or a pasted link sends:
 *
 *   q       the query, at most DL_CGI_MAX_QUERY bytes of valid UTF-8; tab,
 *           CR and LF become spaces (text pasted from several lines); any
 *           other control character is refused
 *   page    1..DL_CGI_MAX_PAGE (DL_CGI_PAGE_SIZE hits a page)
 *   sort    relevance | newest | oldest
 *   from,to YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date of the years
 *           the indexer takes (DL_DATE_YEAR_MIN..DL_DATE_YEAR_MAX,
 *           dl_date.h); from may not fall after to
 *   source  a source name as the facets show it, valid UTF-8, no control
 *           characters, at most DL_CGI_MAX_SOURCE bytes
 *   lang    a language code: 2 or 3 letters, optional -subtags (en, kk,
 *           pt-BR), folded to lower case
 *   format  html | json | csv (the search's hits, render_csv.h) | atom
 *           (its Atom feed, newest first) | opensearch (the page's
 *           OpenSearch description; needs no q)
 *   words   1 | 0: the top words of the search (topwords.h) as a panel
 *           of the page, or in the JSON object as "top_words"; 0, the
 *           default, shows the link that asks for them
 *   show    an article id as the hits show it (the article view), valid
 *           UTF-8 without control characters, at most DL_CGI_MAX_SHOW
 *           bytes; with show, q only marks its words in the article
 *
 * An empty value is the same as no value (a form sends "from=" for an
 * empty date field).  Unknown names are ignored (trackers append utm_*).
 * A known name given twice is refused rather than guessed at, since two
 * values for one filter is either a hand-made URL or parameter pollution.
 * The whole string is capped at DL_CGI_MAX_QUERY_STRING bytes and
 * DL_CGI_MAX_PAIRS pairs.  Error messages are written for the reader of
 * the page: they name the parameter, and quote its value only when that
 * is short printable ASCII ("from=3000: ..."), never q or source.
 *
 * The page's own links are made to pass these rules (render_html.c reads
 * every link it writes back through dl_cgi_params_parse), so the caps
 * here must take whatever the index can hold: sources up to the indexer's
 * field cap, the indexer's years, its language codes.
 */
#ifndef DL_CGI_PARAMS_H
#define DL_CGI_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_CGI_MAX_QUERY 1024 /* bytes of q after decoding */
/* Bytes of source after decoding: the longest source the indexer keeps
 * (indexer/reader_int.h, DL_READER_FIELD_MAX), so that a facet link to any
 * source of the index is one the page accepts. */
#define DL_CGI_MAX_SOURCE 1024
#define DL_CGI_MAX_LANG 16 /* bytes of a language code */
/* Bytes of show after decoding: an article view's link carries show and
 * q, and at their caps, every byte percent-encoded, the two must fit the
 * query string cap (so the page can link any id up to this long; a
 * longer one is shown without a link, and --show still reads it). */
#define DL_CGI_MAX_SHOW 1536
#define DL_CGI_MAX_PAGE 100 /* 100 pages of 10: 1000 hits */
#define DL_CGI_PAGE_SIZE 10
/* Every parameter of a result list's link at its cap, each byte
 * percent-encoded (3 bytes), fits: q and source 6,144, the rest under 100;
 * so does an article view's link, show and q (7,680); and it is the
 * request-header size web servers take by default (lighttpd, nginx,
 * Apache: 8 KiB). */
#define DL_CGI_MAX_QUERY_STRING 8192
#define DL_CGI_MAX_PAIRS 64

/* What the answer is written as (format=). */
enum dl_cgi_format {
    DL_CGI_HTML = 0,
    DL_CGI_JSON,
    DL_CGI_CSV,
    DL_CGI_ATOM,
    DL_CGI_OPENSEARCH
};

struct dl_cgi_params {
    char *q; /* decoded query, "" when absent; never NULL */
    size_t q_len;
    unsigned page; /* 1-based */
    dl_sort sort;
    char *from; /* NULL when absent, else validated as above */
    char *to;
    char *source;
    char *lang;
    char *show; /* an article id, NULL when absent */
    enum dl_cgi_format format;
    bool json;  /* format=json: errors too are JSON */
    bool words; /* words=1: the top words too */
    const char *bad; /* the parameter that failed, static, or NULL */
};

/* dl_cgi_params_init - the defaults: empty query, page 1, relevance, no
 * filters, HTML.  Allocates nothing; dl_cgi_params_free is still safe. */
void dl_cgi_params_init(struct dl_cgi_params *p);

/* dl_cgi_params_parse - decode and check the len bytes of qs (a
 * QUERY_STRING, need not be NUL-terminated; NULL with len 0 is an empty
 * string) into p, which must have been through dl_cgi_params_init.
 * Parsing goes on past a bad parameter so that p->json still tells which
 * format the client asked for; the first problem is the one reported,
 * with p->bad naming its parameter.  The strings in p are p's own (free
 * with dl_cgi_params_free).  DL_OK; DL_EINVAL with a message for the page
 * (malformed escape, too long, invalid UTF-8, a value out of range, a
 * repeated parameter); DL_ENOMEM. */
dl_status dl_cgi_params_parse(const char *qs, size_t len,
                              struct dl_cgi_params *p, dl_err *err);

/* dl_cgi_params_free - release p's strings and reset it to the defaults;
 * safe to call twice. */
void dl_cgi_params_free(struct dl_cgi_params *p);

/* dl_cgi_date_check - whether s (len bytes) is YYYY, YYYY-MM or YYYY-MM-DD
 * naming a real date that the indexer could give an article: the calendar
 * and the years of dl_date_parse_iso (DL_DATE_YEAR_MIN..DL_DATE_YEAR_MAX). */
bool dl_cgi_date_check(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
