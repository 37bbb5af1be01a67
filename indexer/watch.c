/* watch.c - the watcher's inotify set (watch.h).
 *
 * The set maps each watch descriptor to its folder's path (an array
 * indexed by descriptor: the kernel hands out small increasing numbers).
 * IN_MODIFY is not asked for: it comes once per write() and would fill
 * the kernel's queue (16,384 events by default) during a burst, whereas a
 * file costs two events this way (created, closed).  A file that is
 * created and then held open is a WRITING event, and the caller decides
 * when it has stopped changing.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"
#include "filestate.h"
#include "reader.h"
#include "watch.h"

#define WATCH_MASK                                                             \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |    \
     IN_ATTRIB | IN_ONLYDIR)

struct dl_watch {
    int fd;
    const struct dl_walk_opts *o;
    char **dirs; /* by watch descriptor; NULL: unused */
    size_t cap;
    size_t count;
    bool limited;
    bool limit_said; /* the limit was named on stderr */
    /* test hooks (watch.h) */
    unsigned long overflow_after; /* 0: off */
    unsigned long events;         /* events read so far */
    unsigned long max_watches;    /* 0: off */
};

static unsigned long
env_ulong(const char *name)
{
    const char *v = getenv(name);
    char *end;
    unsigned long n;
    if (v == NULL || *v == '\0')
        return 0;
    errno = 0;
    n = strtoul(v, &end, 10);
    return errno != 0 || *end != '\0' ? 0 : n;
}

dl_status
dl_watch_new(const struct dl_walk_opts *o, dl_watch **out, dl_err *err)
{
    dl_watch *w = dl_calloc(1, sizeof *w);
    *out = NULL;
    if (w == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        int e = errno;
        dl_free(w);
        return dl_err_set(err, e == ENOMEM ? DL_ENOMEM : DL_EIO,
                          "cannot watch for changes: inotify: %s%s",
                          strerror(e),
                          e == EMFILE ? " (the limit is "
                                        "fs.inotify.max_user_instances)"
                                      : "");
    }
    w->o = o;
    w->overflow_after = env_ulong("DL_TEST_WATCH_OVERFLOW_AFTER");
    w->max_watches = env_ulong("DL_TEST_WATCH_MAX");
    *out = w;
    return DL_OK;
}

void
dl_watch_free(dl_watch *w)
{
    size_t i;
    if (w == NULL)
        return;
    close(w->fd);
    for (i = 0; i < w->cap; i++)
        dl_free(w->dirs[i]);
    dl_free(w->dirs);
    dl_free(w);
}

int
dl_watch_fd(const dl_watch *w)
{
    return w->fd;
}

size_t
dl_watch_folders(const dl_watch *w)
{
    return w->count;
}

bool
dl_watch_limited(const dl_watch *w)
{
    return w->limited;
}

void
dl_watch_clear_limited(dl_watch *w)
{
    w->limited = false;
}

static bool
ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

bool
dl_watch_ignored_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || name[0] == '.' || name[n - 1] == '~' ||
        (name[0] == '#' && name[n - 1] == '#'))
        return true;
    return ends_with(name, n, ".tmp") || ends_with(name, n, ".part") ||
           ends_with(name, n, ".crdownload") || ends_with(name, n, ".swp") ||
           ends_with(name, n, ".swo") || ends_with(name, n, ".swx");
}

/* dir + "/" + name as the walk spells it, into out. */
static dl_status
join(dl_buf *out, const char *dir, const char *name)
{
    dl_buf_reset(out);
    if (strcmp(dir, ".") == 0)
        return dl_buf_puts(out, name);
    if (dl_buf_puts(out, dir) != DL_OK ||
        (strcmp(dir, "/") != 0 && dl_buf_putc(out, '/') != DL_OK))
        return DL_ENOMEM;
    return dl_buf_puts(out, name);
}

/* Remember path under descriptor wd. */
static dl_status
map_set(dl_watch *w, int wd, const char *path)
{
    char *copy;
    if ((size_t)wd >= w->cap) {
        size_t ncap = w->cap ? w->cap : 64;
        char **nd;
        while (ncap <= (size_t)wd)
            ncap *= 2;
        nd = dl_realloc(w->dirs, ncap * sizeof *nd);
        if (nd == NULL)
            return DL_ENOMEM;
        memset(nd + w->cap, 0, (ncap - w->cap) * sizeof *nd);
        w->dirs = nd;
        w->cap = ncap;
    }
    copy = dl_strdup(path);
    if (copy == NULL)
        return DL_ENOMEM;
    if (w->dirs[wd] == NULL)
        w->count++;
    dl_free(w->dirs[wd]);
    w->dirs[wd] = copy;
    return DL_OK;
}

static void
map_drop(dl_watch *w, int wd)
{
    if (wd < 0 || (size_t)wd >= w->cap || w->dirs[wd] == NULL)
        return;
    dl_free(w->dirs[wd]);
    w->dirs[wd] = NULL;
    w->count--;
}

/* Watch one folder.  *descend: whether to look inside it (false when it
 * could not be watched, or is already watched under another path: a
 * loop through a link). */
static dl_status
watch_one(dl_watch *w, const char *path, bool top, bool *descend)
{
    uint32_t mask = WATCH_MASK;
    int wd;
    *descend = false;
    if (!top && !w->o->follow_symlinks)
        mask |= IN_DONT_FOLLOW;
    if (w->max_watches > 0 && w->count >= w->max_watches) {
        wd = -1;
        errno = ENOSPC;
    } else {
        wd = inotify_add_watch(w->fd, path, mask);
    }
    if (wd < 0) {
        int e = errno;
        if (e == ENOSPC) {
            w->limited = true;
            if (!w->limit_said)
                dl_warn(path, 0,
                        "not watched: the kernel's limit of inotify "
                        "watches is reached (fs.inotify.max_user_watches); "
                        "rescanning the whole tree every %d seconds instead",
                        60);
            w->limit_said = true;
            return DL_OK;
        }
        if (e == ENOMEM)
            return DL_ENOMEM;
        if (e != ENOENT && e != ENOTDIR)
            dl_warn(path, 0, "not watched: %s", strerror(e));
        return DL_OK;
    }
    if ((size_t)wd < w->cap && w->dirs[wd] != NULL &&
        strcmp(w->dirs[wd], path) != 0)
        return DL_OK; /* the same folder under another name */
    *descend = true;
    return map_set(w, wd, path);
}

/* Is the entry name of the folder at path (stat *dst) a folder the walk
 * enters? */
static bool
walked_dir(dl_watch *w, const char *path, const struct stat *dst,
           const char *name)
{
    struct stat st;
    int rc;
    if (name[0] == '.' || dl_walk_opts_skips(w->o, dst, name))
        return false;
    rc = w->o->follow_symlinks ? stat(path, &st) : lstat(path, &st);
    return rc == 0 && S_ISDIR(st.st_mode);
}

/* The folders inside dir that the walk enters, appended to todo
 * (NUL-separated). */
static dl_status
list_subdirs(dl_watch *w, const char *dir, dl_buf *todo, dl_buf *path)
{
    struct stat dst;
    struct dirent *de;
    DIR *d = opendir(dir);
    dl_status rc = DL_OK;
    if (d == NULL)
        return DL_OK; /* gone meanwhile, or unreadable: the walk warns */
    if (fstat(dirfd(d), &dst) != 0) {
        closedir(d);
        return DL_OK;
    }
    while (rc == DL_OK && (de = readdir(d)) != NULL) {
        if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN &&
            !(de->d_type == DT_LNK && w->o->follow_symlinks))
            continue;
        rc = join(path, dir, de->d_name);
        if (rc == DL_OK && walked_dir(w, path->data, &dst, de->d_name))
            rc = dl_buf_append(todo, path->data, path->len + 1);
    }
    closedir(d);
    return rc;
}

dl_status
dl_watch_add_tree(dl_watch *w, const char *dir, dl_err *err)
{
    dl_buf todo = DL_BUF_INIT; /* a stack of NUL-separated paths */
    dl_buf path = DL_BUF_INIT;
    dl_buf cur = DL_BUF_INIT;
    bool top = true;
    dl_status rc = dl_buf_append(&todo, dir, strlen(dir) + 1);

    while (rc == DL_OK && todo.len > 0) {
        /* Pop the last path. */
        size_t start = todo.len - 1;
        bool descend;
        while (start > 0 && todo.data[start - 1] != '\0')
            start--;
        dl_buf_reset(&cur);
        rc = dl_buf_puts(&cur, todo.data + start);
        todo.len = start;
        if (rc == DL_OK)
            rc = watch_one(w, cur.data, top, &descend);
        top = false;
        if (rc == DL_OK && descend)
            rc = list_subdirs(w, cur.data, &todo, &path);
    }
    dl_buf_free(&todo);
    dl_buf_free(&path);
    dl_buf_free(&cur);
    return rc == DL_OK ? DL_OK : dl_err_set(err, rc, "out of memory");
}

/* Stop watching path and every folder below it. */
static void
drop_tree(dl_watch *w, const char *path)
{
    size_t i;
    for (i = 0; i < w->cap; i++) {
        if (w->dirs[i] != NULL &&
            dl_path_under(w->dirs[i], strlen(w->dirs[i]), path)) {
            inotify_rm_watch(w->fd, (int)i);
            map_drop(w, (int)i);
        }
    }
}

/* One event of a folder: watch or drop it, and say so. */
static dl_status
dir_event(dl_watch *w, const struct inotify_event *ev, const char *parent,
          dl_buf *path, dl_watch_fn fn, void *ctx, dl_err *err)
{
    struct dl_watch_event e;
    struct stat pst;
    if (ev->name[0] == '.' || stat(parent, &pst) != 0 ||
        dl_walk_opts_skips(w->o, &pst, ev->name))
        return DL_OK;
    e.path = path->data;
    if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
        dl_status rc = dl_watch_add_tree(w, path->data, err);
        if (rc != DL_OK)
            return rc;
        e.kind = DL_WATCH_NEW_DIR;
        return fn(ctx, &e, err);
    }
    if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
        drop_tree(w, path->data);
        e.kind = DL_WATCH_GONE_DIR;
        return fn(ctx, &e, err);
    }
    return DL_OK;
}

/* One raw event into fn's terms. */
static dl_status
one_event(dl_watch *w, const struct inotify_event *ev, dl_buf *path,
          dl_watch_fn fn, void *ctx, dl_err *err)
{
    struct dl_watch_event e;
    const char *parent;

    if (ev->mask & IN_IGNORED) {
        map_drop(w, ev->wd);
        return DL_OK;
    }
    if (ev->wd < 0 || (size_t)ev->wd >= w->cap || w->dirs[ev->wd] == NULL ||
        ev->len == 0 || ev->name[0] == '\0')
        return DL_OK;
    parent = w->dirs[ev->wd];
    if (join(path, parent, ev->name) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    if (ev->mask & IN_ISDIR)
        return dir_event(w, ev, parent, path, fn, ctx, err);
    if (dl_watch_ignored_name(ev->name) ||
        dl_format_of_path(ev->name, NULL) == DL_FORMAT_UNKNOWN)
        return DL_OK;
    e.path = path->data;
    if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))
        e.kind = DL_WATCH_CHANGED;
    else if (ev->mask & (IN_DELETE | IN_MOVED_FROM))
        e.kind = DL_WATCH_GONE;
    else if (ev->mask & (IN_CREATE | IN_ATTRIB))
        e.kind = DL_WATCH_WRITING;
    else
        return DL_OK;
    return fn(ctx, &e, err);
}

static dl_status
overflow(dl_watch_fn fn, void *ctx, dl_err *err)
{
    struct dl_watch_event e = {DL_WATCH_OVERFLOW, ""};
    return fn(ctx, &e, err);
}

dl_status
dl_watch_read(dl_watch *w, dl_watch_fn fn, void *ctx, dl_err *err)
{
    char buf[64 * 1024]
        __attribute__((aligned(__alignof__(struct inotify_event))));
    dl_buf path = DL_BUF_INIT;
    dl_status rc = DL_OK;

    while (rc == DL_OK) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        char *p;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN)
                rc = dl_err_set(err, DL_EIO, "reading inotify events: %s",
                                strerror(errno));
            break;
        }
        for (p = buf; rc == DL_OK && p < buf + n;) {
            const struct inotify_event *ev = (const void *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                rc = overflow(fn, ctx, err);
                continue;
            }
            rc = one_event(w, ev, &path, fn, ctx, err);
            if (rc == DL_OK && ++w->events == w->overflow_after) {
                /* The test hook: the rest of this read is lost. */
                rc = overflow(fn, ctx, err);
                break;
            }
        }
    }
    dl_buf_free(&path);
    return rc;
}
