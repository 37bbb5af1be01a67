/* watch.h - the watcher's inotify set: every folder under the roots, and
 * what happens in them as events the indexer can act on.
 *
 * One inotify watch per folder (the walk's folders: dot-folders and the
 * database with its temporaries are left out; links are followed only
 * when the walk follows them, and a folder reached twice is watched once),
 * added at once for the whole tree and for each folder created or moved
 * in later.  Raw inotify events become dl_watch_event values with the
 * file's full path, spelled as the walk spells it (root + "/" + names),
 * so that they meet the file records of the index:
 *
 *   CHANGED    a file closed after writing (IN_CLOSE_WRITE) or moved in
 *              (IN_MOVED_TO): index it now;
 *   WRITING    a file created, modified or touched but not closed yet:
 *              index it once it is closed, or once it has stopped
 *              changing (the caller's rule: pipeline_watch.c);
 *   GONE       a file deleted or moved out: delete its articles;
 *   NEW_DIR    a folder created or moved in, now watched with everything
 *              below it: index what it holds;
 *   GONE_DIR   a folder deleted or moved out (its watches are dropped):
 *              delete the articles of every file under it;
 *   OVERFLOW   the kernel's event queue overflowed (IN_Q_OVERFLOW):
 *              events were lost, and only a rescan can tell what changed.
 *
 * Names the indexer never reads are not reported: dot-files (as the walk),
 * partial downloads and temporaries (".tmp", ".part", ".crdownload"),
 * editor swap and backup files (".swp", ".swo", ".swx", "~", ".#*",
 * "#*#"), and names of no format the readers know.
 *
 * When the kernel's limit of watches is reached (ENOSPC from
 * inotify_add_watch: fs.inotify.max_user_watches) the folders left over
 * are not watched; dl_watch_limited() then stays true, the first such
 * folder is named on stderr once, and the caller rescans periodically.
 *
 * Test hooks, from the environment (dl_watch_new), in the style of
 * DL_TEST_PAUSE_AFTER_FILES: DL_TEST_WATCH_OVERFLOW_AFTER=N makes the Nth
 * event read be followed by a simulated IN_Q_OVERFLOW, the rest of that
 * read's events being dropped as the kernel drops them (once);
 * DL_TEST_WATCH_MAX=N makes any watch beyond N fail as with ENOSPC.
 */
#ifndef DL_WATCH_H
#define DL_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "walk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_watch dl_watch;

enum dl_watch_kind {
    DL_WATCH_CHANGED,
    DL_WATCH_WRITING,
    DL_WATCH_GONE,
    DL_WATCH_NEW_DIR,
    DL_WATCH_GONE_DIR,
    DL_WATCH_OVERFLOW
};

/* One event: path borrowed until the callback returns ("" for
 * OVERFLOW). */
struct dl_watch_event {
    enum dl_watch_kind kind;
    const char *path;
};

/* What dl_watch_read calls per event; a status other than DL_OK stops
 * the read and is returned. */
typedef dl_status (*dl_watch_fn)(void *ctx, const struct dl_watch_event *e,
                                 dl_err *err);

/* dl_watch_new - an empty set; o (borrowed for the set's life) says which
 * folders the walk leaves out and whether links are followed.  Free with
 * dl_watch_free.  DL_EIO when inotify cannot be had (the message says
 * why: fs.inotify.max_user_instances...), DL_ENOMEM. */
dl_status dl_watch_new(const struct dl_walk_opts *o, dl_watch **out,
                       dl_err *err);

/* dl_watch_add_tree - watch the folder dir (a cleaned path, copied) and
 * every folder below it; folders already watched are kept.  A folder
 * that cannot be watched (gone meanwhile, unreadable) is skipped with a
 * warning; the watch limit makes the set limited (above).  DL_OK, or
 * DL_ENOMEM. */
dl_status dl_watch_add_tree(dl_watch *w, const char *dir, dl_err *err);

/* dl_watch_fd - the inotify descriptor, to poll for reading. */
int dl_watch_fd(const dl_watch *w);

/* dl_watch_folders - folders watched now. */
size_t dl_watch_folders(const dl_watch *w);

/* dl_watch_limited - whether some folder could not be watched for the
 * kernel's limit since the set was made (or dl_watch_clear_limited). */
bool dl_watch_limited(const dl_watch *w);

/* dl_watch_clear_limited - forget the limit (before a rescan re-adds
 * the tree, which sets it again if the limit still bites). */
void dl_watch_clear_limited(dl_watch *w);

/* dl_watch_read - read the events waiting (never blocks) and call fn for
 * each.  New folders are watched (dl_watch_add_tree) before their
 * NEW_DIR is reported, gone ones dropped before GONE_DIR.  DL_OK when
 * nothing more waits, fn's status, DL_EIO when reading fails, DL_ENOMEM. */
dl_status dl_watch_read(dl_watch *w, dl_watch_fn fn, void *ctx, dl_err *err);

/* dl_watch_ignored_name - whether a file called name (no slash) is one
 * the watcher never reports (above). */
bool dl_watch_ignored_name(const char *name);

/* dl_watch_free - close the set; NULL is a no-op. */
void dl_watch_free(dl_watch *w);

#ifdef __cplusplus
}
#endif

#endif
