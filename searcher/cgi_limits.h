/* cgi_limits.h - the last-resort limits of a dateline.cgi process.
 *
 * Each search has its own CPU budget (cgi_conf.h, search_cpu_ms), which
 * ends that search alone with a page that says so.  These limits are for
 * what gets past it: the kernel ends the process (CGI) or the request's
 * process (FastCGI: the server starts another).  No process leaves a core
 * file.  Each function warns on stderr when the kernel refuses, and the
 * program goes on without that limit.
 */
#ifndef DL_CGI_LIMITS_H
#define DL_CGI_LIMITS_H

#ifdef __cplusplus
extern "C" {
#endif

/* dl_cgi_limit_core - no core files: RLIMIT_CPU's SIGXCPU would otherwise
 * leave one (the process's memory: the index pages and requests it read)
 * wherever the server runs it, once per runaway request. */
void dl_cgi_limit_core(void);

/* dl_cgi_limit_cpu - RLIMIT_CPU of seconds for the whole process (CGI:
 * one request per process). */
void dl_cgi_limit_cpu(long seconds);

/* dl_cgi_limit_memory - RLIMIT_AS of mb megabytes; 0: no limit.  Not set
 * under AddressSanitizer, which reserves terabytes of address space for
 * its shadow. */
void dl_cgi_limit_memory(long mb);

/* dl_cgi_cpu_timer - a per-request CPU cap (FastCGI) of seconds from now;
 * 0 disarms it.  SIGPROF's default action ends the process.  setrlimit
 * cannot do this, because RLIMIT_CPU counts the whole life of a
 * long-running process. */
void dl_cgi_cpu_timer(long seconds);

#ifdef __cplusplus
}
#endif

#endif
