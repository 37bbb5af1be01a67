/* walk.h - the directory walk: the files an indexing run looks at.
 *
 * Roots are visited in the order given; inside a directory, entries are
 * visited in byte order of their names, so two runs over the same tree see
 * the same files in the same order (deterministic docids, reproducible
 * summaries).  Dot-files and dot-directories are skipped (a root given by
 * name is never skipped).  Symbolic links below a root are not followed
 * unless asked; when they are, a set of visited directories (device, inode)
 * keeps a link back to an ancestor from looping forever.  Only files whose
 * format dl_format_of_path knows are returned.
 *
 * The walk is an iterator holding one sorted listing per directory level,
 * so its memory grows with the depth and width of the tree, never with the
 * number of files in it.  Problems (unreadable directory, vanished entry,
 * dangling link, loop) go to the warn callback, one call per problem, and
 * the walk goes on.
 */
#ifndef DL_WALK_H
#define DL_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "dl_status.h"
#include "reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_walk dl_walk;

struct dl_walk_opts {
    bool follow_symlinks; /* follow links below the roots */
    /* The database being written, when it lies below a root: the entry
     * named skip_name in the directory (skip_dev, skip_ino), and its
     * temporaries beside it (dl_dbpath_temp_pid), are left out, as the
     * index is not articles.  skip_name NULL: nothing is left out.
     * Set with dl_walk_opts_skip. */
    const char *skip_name;
    dev_t skip_dev;
    ino_t skip_ino;
};

/* One file found.  Every pointer borrows from the walk until the next
 * dl_walk_next or dl_walk_free. */
struct dl_walk_entry {
    const char *path;      /* root + "/" + relative path, lexically cleaned */
    const char *root;      /* the cleaned root it was found under */
    const char *rel;       /* path below the root ("" for a FILE root) */
    size_t root_index;     /* index of the root in the array given */
    struct stat st;        /* stat of the file (of the target for a link) */
    enum dl_format format; /* never DL_FORMAT_UNKNOWN */
};

/* dl_path_clean - write path into out (reset first) with "." segments,
 * repeated and trailing slashes removed ("./a//b/" -> "a/b", "/" stays
 * "/", "" and "." become ".").  ".." segments are kept as typed (cleaning
 * them lexically is wrong across symlinks).  DL_OK or DL_ENOMEM. */
dl_status dl_path_clean(const char *path, dl_buf *out);

/* dl_walk_opts_skip - make o leave out path (a cleaned path, borrowed
 * while o is used) and its temporaries wherever a root reaches them.  The
 * directory holding path is found by device and inode, so any spelling of
 * a root (relative, absolute, through a link) meets it.  A path whose
 * directory does not exist cannot lie below a root: nothing is left out. */
void dl_walk_opts_skip(struct dl_walk_opts *o, const char *path);

/* dl_walk_opts_skips - whether the entry name of the directory whose
 * stat is *dir is left out by o (the database or one of its temporaries),
 * as the walk decides: for the watcher (watch.h), which meets directories
 * on its own. */
bool dl_walk_opts_skips(const struct dl_walk_opts *o, const struct stat *dir,
                        const char *name);

/* dl_walk_new - a walk over roots[0..n) (borrowed for the walk's life).
 * warn (may be NULL) is called with line 0 and a reason key among
 * "unreadable", "vanished", "symlink", "dangling-symlink", "symlink-loop",
 * "not-regular", "path-too-long".  Free with dl_walk_free.  DL_ENOMEM. */
dl_status dl_walk_new(const char *const *roots, size_t n,
                      const struct dl_walk_opts *o, dl_warn_fn warn, void *ctx,
                      dl_walk **out, dl_err *err);

/* dl_walk_next - the next file into *e.  DL_OK, DL_DONE after the last
 * one, or DL_ENOMEM (the walk is then unusable). */
dl_status dl_walk_next(dl_walk *w, struct dl_walk_entry *e, dl_err *err);

/* dl_walk_free - release; NULL is a no-op. */
void dl_walk_free(dl_walk *w);

#ifdef __cplusplus
}
#endif

#endif
