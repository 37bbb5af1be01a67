/* cgi_limits.c - the last-resort limits of a dateline.cgi process
 * (cgi_limits.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "cgi_limits.h"
#include "dl_log.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

void
dl_cgi_limit_core(void)
{
    struct rlimit rl;
    rl.rlim_cur = 0;
    rl.rlim_max = 0;
    if (setrlimit(RLIMIT_CORE, &rl) != 0)
        dl_warn(NULL, 0, "cannot turn off core files: %s", strerror(errno));
}

void
dl_cgi_limit_cpu(long seconds)
{
    struct rlimit rl;
    rl.rlim_cur = (rlim_t)seconds;
    rl.rlim_max = (rlim_t)seconds + 1;
    if (setrlimit(RLIMIT_CPU, &rl) != 0)
        dl_warn(NULL, 0, "cannot limit CPU time: %s", strerror(errno));
}

void
dl_cgi_limit_memory(long mb)
{
#ifndef ASAN_BUILD
    struct rlimit rl;
    if (mb == 0)
        return;
    rl.rlim_cur = (rlim_t)mb * 1024 * 1024;
    rl.rlim_max = rl.rlim_cur;
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        dl_warn(NULL, 0, "cannot limit memory: %s", strerror(errno));
#else
    (void)mb;
#endif
}

void
dl_cgi_cpu_timer(long seconds)
{
    struct itimerval t;
    memset(&t, 0, sizeof t);
    t.it_value.tv_sec = seconds;
    setitimer(ITIMER_PROF, &t, NULL);
}
