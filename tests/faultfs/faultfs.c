/* faultfs.c - an LD_PRELOAD shim that makes the Nth write, sync or rename
 * fail, so tests can prove what a full or failing disk does to a run.
 *
 * The shim wraps write, writev, pwrite, pwrite64, fsync, fdatasync, rename,
 * renameat and renameat2.  Calls are counted only when they touch a path
 * containing DL_FAULTFS_PATH (the database directory: the program's own
 * stderr must keep working so that it can say what went wrong), resolved
 * for a file descriptor through /proc/self/fd.  Environment:
 *   DL_FAULTFS_PATH   substring of the paths that count (unset: all paths)
 *   DL_FAULTFS_OPS    comma-separated operations that count (unset: all);
 *                     "sync" stands for fsync and fdatasync
 *   DL_FAULTFS_N      the 1-based number of the counted call to fail (unset
 *                     or 0: fail nothing, only count)
 *   DL_FAULTFS_ERRNO  ENOSPC (default), EIO, EDQUOT or EFBIG
 *   DL_FAULTFS_STICKY 1: every counted call after the Nth fails as well,
 *                     as a disk that stays full
 *   DL_FAULTFS_COUNT  a file that gets a line with the number of counted
 *                     calls at the exit of each process that counted any
 *                     (a script runs once clean to learn the range of N)
 * It is test code loaded into a test process, so it may print to stderr
 * (one line per injected failure, written with the real write) and it
 * uses the C library's allocator rather than dl_alloc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* These prototypes are the C library's; a shim defines them itself. */
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long counted;
static unsigned long fail_at;
static int fail_errno = ENOSPC;
static int sticky;
static const char *match_path;
static const char *ops;
static int inited;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_renameat2)(int, const char *, int, const char *,
                             unsigned int);

static void
faultfs_init(void)
{
    const char *s;

    if (__atomic_load_n(&inited, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&lock);
    if (!inited) {
        real_write = dlsym(RTLD_NEXT, "write");
        real_writev = dlsym(RTLD_NEXT, "writev");
        real_pwrite = dlsym(RTLD_NEXT, "pwrite");
        real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
        real_fsync = dlsym(RTLD_NEXT, "fsync");
        real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
        real_rename = dlsym(RTLD_NEXT, "rename");
        real_renameat = dlsym(RTLD_NEXT, "renameat");
        real_renameat2 = dlsym(RTLD_NEXT, "renameat2");
        s = getenv("DL_FAULTFS_N");
        fail_at = s ? strtoul(s, NULL, 10) : 0;
        s = getenv("DL_FAULTFS_ERRNO");
        if (s != NULL && strcmp(s, "EIO") == 0)
            fail_errno = EIO;
        else if (s != NULL && strcmp(s, "EDQUOT") == 0)
            fail_errno = EDQUOT;
        else if (s != NULL && strcmp(s, "EFBIG") == 0)
            fail_errno = EFBIG;
        s = getenv("DL_FAULTFS_STICKY");
        sticky = s != NULL && strcmp(s, "1") == 0;
        match_path = getenv("DL_FAULTFS_PATH");
        if (match_path != NULL && *match_path == '\0')
            match_path = NULL;
        ops = getenv("DL_FAULTFS_OPS");
        __atomic_store_n(&inited, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
}

/* Whether op is among DL_FAULTFS_OPS (comma-separated words). */
static int
op_enabled(const char *op)
{
    size_t n = strlen(op);
    const char *p = ops;

    if (p == NULL || *p == '\0')
        return 1;
    if (strncmp(op, "f", 1) == 0 && (strcmp(op, "fsync") == 0 ||
                                     strcmp(op, "fdatasync") == 0) &&
        op_enabled("sync"))
        return 1;
    while (*p != '\0') {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);

        if (len == n && strncmp(p, op, n) == 0)
            return 1;
        if (e == NULL)
            break;
        p = e + 1;
    }
    return 0;
}

static int
path_matches(const char *path)
{
    return match_path == NULL || (path != NULL && strstr(path, match_path));
}

static int
fd_matches(int fd)
{
    char link[64], target[4096];
    ssize_t n;

    if (match_path == NULL)
        return 1;
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    n = readlink(link, target, sizeof(target) - 1);
    if (n < 0)
        return 0;
    target[n] = '\0';
    return strstr(target, match_path) != NULL;
}

static void
say(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0 && real_write != NULL)
        (void)real_write(2, line, (size_t)n < sizeof(line) ? (size_t)n
                                                          : sizeof(line) - 1);
}

/* Count a call; true when this one must fail (errno is then set). */
static int
should_fail(const char *op, int fd, const char *path)
{
    unsigned long k;
    int fail;

    faultfs_init();
    if (!op_enabled(op))
        return 0;
    if (path != NULL ? !path_matches(path) : !fd_matches(fd))
        return 0;
    pthread_mutex_lock(&lock);
    k = ++counted;
    pthread_mutex_unlock(&lock);
    fail = fail_at != 0 && (k == fail_at || (sticky && k > fail_at));
    if (fail) {
        say("faultfs: failing %s #%lu with %s\n", op, k, strerror(fail_errno));
        errno = fail_errno;
    }
    return fail;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
    if (should_fail("write", fd, NULL))
        return -1;
    return real_write(fd, buf, n);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
    if (should_fail("write", fd, NULL))
        return -1;
    return real_writev(fd, iov, cnt);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (should_fail("pwrite", fd, NULL))
        return -1;
    return real_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    if (should_fail("pwrite", fd, NULL))
        return -1;
    return real_pwrite64(fd, buf, n, off);
}

int
fsync(int fd)
{
    if (should_fail("fsync", fd, NULL))
        return -1;
    return real_fsync(fd);
}

int
fdatasync(int fd)
{
    if (should_fail("fdatasync", fd, NULL))
        return -1;
    return real_fdatasync(fd);
}

int
rename(const char *from, const char *to)
{
    faultfs_init();
    if (should_fail("rename", -1, path_matches(from) ? from : to))
        return -1;
    return real_rename(from, to);
}

int
renameat(int dfd, const char *from, int tfd, const char *to)
{
    faultfs_init();
    if (should_fail("rename", -1, path_matches(from) ? from : to))
        return -1;
    return real_renameat(dfd, from, tfd, to);
}

/* The indexer swaps a fresh build in with RENAME_EXCHANGE. */
int
renameat2(int dfd, const char *from, int tfd, const char *to,
          unsigned int flags)
{
    faultfs_init();
    if (should_fail("rename", -1, path_matches(from) ? from : to))
        return -1;
    if (real_renameat2 == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real_renameat2(dfd, from, tfd, to, flags);
}

/* Report the number of counted calls for the script's loop over N. */
__attribute__((destructor)) static void
faultfs_report(void)
{
    const char *path = getenv("DL_FAULTFS_COUNT");
    char line[32];
    int fd, n;

    if (path == NULL || *path == '\0')
        return;
    faultfs_init();
    /* Appended, not overwritten: a child (Xapian's lock holder is a
     * forked process) exits too, with a count of its own. */
    if (counted == 0)
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        return;
    n = snprintf(line, sizeof(line), "%lu\n", counted);
    if (n > 0)
        (void)real_write(fd, line, (size_t)n);
    close(fd);
}
