/* cgi_request.h - one request to dateline.cgi, from its method and query
 * string to the whole HTTP answer (CGI headers and body).
 *
 * A request is: check the method (GET or HEAD), decode and check the
 * parameters (cgi_params.h), run the search (search.h) or, for show=ID,
 * read that one article (article_view.h: a bounded read, a term lookup
 * and at most 64 KB of text, so it needs no search budget), and render
 * HTML (render_html.h), the CLI's JSON (render_json.h), or an export of
 * the search: CSV of its first DL_CGI_CSV_MAX hits (render_csv.h, with a
 * Content-Disposition filename) or the Atom feed of its newest
 * DL_CGI_FEED_SIZE (render_feed.h), each within the same CPU budget as a
 * page; format=opensearch gets the page's OpenSearch description.  The answer
 * is built whole in memory, so it is written in one piece or not at all. The
 * database is opened at the first request that needs it and moved to the latest
 * commit before each later one (cheap: Xapian compares a revision number), so
 * an indexer running beside a FastCGI process is seen at once.  Readers see
 * fixed sentences for internal failures; the details go to stderr, which the
 * web server logs.  Every status and header is in docs/dateline.cgi.8.
 */
#ifndef DL_CGI_REQUEST_H
#define DL_CGI_REQUEST_H

#include "cgi_conf.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An export on the web is one search, capped like a page: CSV of the
 * search's first hits in its order (the page's own cap, 100 pages of 10;
 * a whole archive is dateline-search --all's), a feed of the newest. */
#define DL_CGI_CSV_MAX DL_SEARCH_MAX_LIMIT
#define DL_CGI_FEED_SIZE 20

/* What lives from one request to the next. */
struct dl_cgi_service {
    const struct dl_cgi_conf *conf; /* borrowed: databases and budget */
    dl_searcher *s;                 /* owned; NULL until opened */
};

/* A whole, valid answer for when even the reply could not be built, so
 * the request is still answered: a 500 with a fixed text. */
extern const char dl_cgi_fallback[];

/* dl_cgi_service_init - a service over conf (borrowed; it must outlive
 * svc), no database opened yet.  Cannot fail. */
void dl_cgi_service_init(struct dl_cgi_service *svc,
                         const struct dl_cgi_conf *conf);

/* dl_cgi_service_ready - open the searcher, or move it to the latest
 * commit.  A change of commit opens a fresh searcher, so languages the
 * indexer added since get their stemmers too; when that fails the old one
 * keeps serving (the reason goes to stderr).  DL_OK; DL_ENOENT when the
 * configuration names no database; else the open's error when there is
 * no searcher to serve from. */
dl_status dl_cgi_service_ready(struct dl_cgi_service *svc);

/* dl_cgi_service_close - close the searcher.  NULL-safe; svc may be used
 * again (the next request opens it afresh). */
void dl_cgi_service_close(struct dl_cgi_service *svc);

/* dl_cgi_answer - append to out (not reset) the whole answer to one
 * request: "Status:" and the other CGI headers, then the body (not for
 * HEAD).  method and query_string are the request's REQUEST_METHOD and
 * QUERY_STRING (NULL: "GET" and ""), borrowed.  Every answer the reader
 * should see, errors included (400, 404, 405, 422, 500, 503), is DL_OK.
 * DL_ENOMEM only when not even the fixed out-of-memory answer could be
 * built; out may then hold part of it, and the caller sends
 * dl_cgi_fallback instead. */
dl_status dl_cgi_answer(struct dl_cgi_service *svc, const char *method,
                        const char *query_string, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
