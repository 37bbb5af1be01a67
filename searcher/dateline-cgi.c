/* dateline-cgi.c - the web page as a CGI or FastCGI program (main only).
 *
 * The program is a CGI program (RFC 3875) by default; started by a
 * FastCGI server (libfcgi's FCGX_IsCGI() says so) it loops over requests
 * with the database opened once.  The settings come from the environment
 * and the configuration file (cgi_conf.h), each request is answered by
 * cgi_request.h, and the last-resort limits are cgi_limits.h's.  A
 * configuration problem still gets the page (503 on search), so the
 * reader sees a sentence and the log the reason.  Every setting and
 * status is in docs/dateline.cgi.8.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_FCGI
#include <fcgiapp.h>
#endif

#include "cgi_conf.h"
#include "cgi_limits.h"
#include "cgi_request.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"

/* One request, from the environment to stdout: 0, or 1 when stdout
 * failed. */
static int
run_cgi(struct dl_cgi_service *svc)
{
    dl_buf out = DL_BUF_INIT;
    int rc = 0;

    dl_cgi_limit_core();
    dl_cgi_limit_cpu(svc->conf->cpu_seconds);
    dl_cgi_limit_memory(svc->conf->memory_mb);
    if (dl_cgi_answer(svc, getenv("REQUEST_METHOD"), getenv("QUERY_STRING"),
                      &out) != DL_OK) {
        if (fputs(dl_cgi_fallback, stdout) == EOF)
            rc = 1;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
        rc = 1;
    }
    if (fflush(stdout) != 0)
        rc = 1;
    dl_buf_free(&out);
    return rc;
}

#ifdef HAVE_FCGI
/* Requests until the server stops sending them, each under its own CPU
 * cap. */
static int
run_fcgi(struct dl_cgi_service *svc)
{
    FCGX_Request req;
    dl_buf out = DL_BUF_INIT;

    signal(SIGPIPE, SIG_IGN);
    dl_cgi_limit_core();
    dl_cgi_limit_memory(svc->conf->memory_mb);
    if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0) {
        dl_error(NULL, 0, "cannot start FastCGI");
        return 1;
    }
    /* Open now, so the first request does not pay for it. */
    (void)dl_cgi_service_ready(svc);
    while (FCGX_Accept_r(&req) >= 0) {
        dl_cgi_cpu_timer(svc->conf->cpu_seconds);
        dl_buf_reset(&out);
        if (dl_cgi_answer(svc, FCGX_GetParam("REQUEST_METHOD", req.envp),
                          FCGX_GetParam("QUERY_STRING", req.envp),
                          &out) != DL_OK)
            FCGX_PutStr(dl_cgi_fallback, (int)strlen(dl_cgi_fallback), req.out);
        else
            FCGX_PutStr(out.data, (int)out.len, req.out);
        dl_cgi_cpu_timer(0);
        FCGX_Finish_r(&req);
    }
    dl_buf_free(&out);
    return 0;
}
#endif

int
main(void)
{
    struct dl_cgi_conf conf;
    struct dl_cgi_service svc;
    int rc;

    dl_log_set_program("dateline.cgi");
    dl_alloc_init_from_env();
    dl_cgi_conf_init(&conf);
    if (dl_cgi_conf_read(&conf, getenv("DATELINE_DB"),
                         getenv("DATELINE_CONF")) != DL_OK)
        dl_cgi_conf_free(&conf); /* no database: searches get 503 */
    /* A bad address is reported and left out: links stay relative. */
    (void)dl_cgi_conf_set_base_url(&conf, getenv("DATELINE_BASE_URL"));
    dl_cgi_service_init(&svc, &conf);
#ifdef HAVE_FCGI
    if (!FCGX_IsCGI())
        rc = run_fcgi(&svc);
    else
        rc = run_cgi(&svc);
#else
    rc = run_cgi(&svc);
#endif
    dl_cgi_service_close(&svc);
    dl_cgi_conf_free(&conf);
    return rc;
}
