/* restore.h - an indexed article back from its stored document.
 *
 * The finishing pass of boilerplate (boiler_pass.h) rebuilds the articles
 * whose documents no longer agree with what their source's boilerplate is:
 * the first articles of a site, indexed before its footer was known, or
 * every article that has a paragraph that stopped being boilerplate.  It
 * rebuilds them from what the index stores, not from their files, so a
 * fresh build of an archive whose every article has a footer reads no file
 * twice: the document data holds the article's metadata as it was indexed
 * (title, date and where it came from, source, author, URL, language) and
 * DL_SLOT_BODY its text, which is the whole text indexed unless the
 * article is longer than DL_STORED_BODY_MAX.  Only then is the file read
 * again, for the text (the stored metadata still wins, so the article
 * comes back exactly as it was indexed), and only if the file still
 * starts the article as stored: a file changed since is the next run's to
 * re-index, not this pass's to mix with old metadata.
 */
#ifndef DL_RESTORE_H
#define DL_RESTORE_H

#include <stdbool.h>

#include "article.h"
#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"
#include "reader.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dl_restored {
    struct dl_article a; /* as the reader gave it (record included) */
    dl_buf path;         /* the file's raw path (the id term's bytes) */
    dl_buf lang;         /* the language code it was indexed in */
    bool url_too_long;   /* its URL was too long to store */
    bool from_file;      /* its text was read again from the file */
    dl_buf cluster;      /* its DL_SLOT_CLUSTER value ("" when none) */
};

/* dl_restored_init / dl_restored_free - an empty one; release it. */
void dl_restored_init(struct dl_restored *r);
void dl_restored_free(struct dl_restored *r);

/* dl_restore - read document docid of w back into r (reset first).  ropts
 * reads the file when the stored text was cut.  DL_OK; DL_EINVAL when it
 * cannot be restored faithfully (document data not of this schema, the
 * stored text cut and the file unreadable, changed or without the
 * record): the caller leaves the document as it is; DL_ENOENT no such
 * document; DL_ENOMEM; Xapian errors. */
dl_status dl_restore(dl_wdb *w, unsigned docid,
                     const struct dl_read_opts *ropts, struct dl_restored *r,
                     dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
