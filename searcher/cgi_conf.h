/* cgi_conf.h - the settings of dateline.cgi: where the database is and
 * the limits of one search, one request and one process.
 *
 * The database never comes from the request: DATELINE_DB (one spec) or
 * the `db = PATH` lines (several for shards) of the configuration file,
 * $DATELINE_CONF, else DL_CGI_CONF_DEFAULT.  The same file may set
 * search_cpu_ms, the CPU budget of one search (over it, that search alone
 * ends with a "too expensive" page, 422), and cpu_seconds and memory_mb,
 * the last-resort limits of one process (CGI) or one request (FastCGI, CPU
 * only; cgi_limits.h applies them), and base_url, the page's absolute
 * address, which the Atom feeds and the OpenSearch description build
 * their links on (DATELINE_BASE_URL overrides it; without either their
 * links are relative to the page).  The file is `key = value` lines and
 * '#' comments; every setting is in docs/dateline.cgi.8.
 */
#ifndef DL_CGI_CONF_H
#define DL_CGI_CONF_H

#include <stddef.h>

#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_CGI_MAX_DBS 64
#define DL_CGI_CONF_DEFAULT "/etc/dateline/dateline.conf"
/* The process's CPU cap, the last resort: a request that gets there is
 * ended by the kernel (the server answers 500).  Each search has its own,
 * smaller budget first (search_cpu_ms), which ends that search alone with
 * a page that says so (422). */
#define DL_CGI_DEFAULT_CPU_SECONDS 10
#define DL_CGI_DEFAULT_MEMORY_MB 1024
/* The default search budget: 2 s of CPU, far more than a broad search of
 * a large archive takes (docs/web.md), and never more than half of
 * cpu_seconds, so the search ends before the process cap is near. */
#define DL_CGI_DEFAULT_SEARCH_CPU_MS 2000

struct dl_cgi_conf {
    char *specs[DL_CGI_MAX_DBS]; /* owned: database specs (dl_searcher_open) */
    size_t n_specs;              /* 0: no database, every search gets 503 */
    long cpu_seconds;            /* RLIMIT_CPU (CGI) or per-request timer */
    long memory_mb;              /* RLIMIT_AS; 0: no limit */
    long search_cpu_ms;          /* one search's budget, below cpu_seconds */
    char *base_url; /* owned: the page's absolute address (render_feed.h),
                       NULL: links relative to the page */
};

/* dl_cgi_conf_init - the defaults and no database.  Cannot fail. */
void dl_cgi_conf_init(struct dl_cgi_conf *c);

/* dl_cgi_conf_read - fill c (from dl_cgi_conf_init) from env_db (the value
 * of DATELINE_DB; NULL or "" when unset) and the configuration file at
 * conf_path (the value of DATELINE_CONF; NULL or "" for
 * DL_CGI_CONF_DEFAULT, whose absence is not an error).  With env_db set,
 * the file's `db` lines are ignored.  Every problem is reported on stderr
 * (dl_log.h) naming the file and the line; reading goes on past a bad
 * line so that all of them are reported.  DL_OK; DL_EINVAL for a bad
 * line or setting, or no database at all; DL_EIO when the file cannot be
 * read; DL_ENOMEM.  On failure c may hold part of the settings: the
 * caller frees it (dl_cgi_conf_free) and serves without a database. */
dl_status dl_cgi_conf_read(struct dl_cgi_conf *c, const char *env_db,
                           const char *conf_path);

/* dl_cgi_conf_set_base_url - set c->base_url to a copy of url (the value
 * of DATELINE_BASE_URL, which overrides the file's base_url; NULL or ""
 * changes nothing).  DL_OK; DL_EINVAL, with a message on stderr, when url
 * is not an absolute http(s) address without '?' or '#'
 * (dl_feed_base_ok); DL_ENOMEM. */
dl_status dl_cgi_conf_set_base_url(struct dl_cgi_conf *c, const char *url);

/* dl_cgi_conf_free - release the database specs (n_specs 0) and base_url;
 * the limits stay as they were.  Safe to call twice. */
void dl_cgi_conf_free(struct dl_cgi_conf *c);

#ifdef __cplusplus
}
#endif

#endif
