/* boiler_pass.h - the finishing pass of boilerplate: count, learn, rebuild.
 *
 * After a run that changed anything (and after the clusters are computed,
 * whose keys say which articles are one story), this pass counts, exactly,
 * in how many stories of its source each paragraph occurs (boilerplate.h:
 * the rule), writes each source's learned set to the metadata, and
 * rebuilds every document that disagrees with the sets: its DL_SLOT_BOILER
 * marks are not exactly its hashed paragraphs found in its source's set.
 * Those are the articles read before their source's footer was known, or
 * with a paragraph that stopped being boilerplate (the source grew, or
 * articles were deleted), or judged by a guess that the exact count did
 * not confirm.  A rebuild is made from the stored document (restore.h)
 * with the exact sets, and replaces it under the same docid.
 *
 * Memory.  The counts never hold every (source, paragraph) pair of the
 * archive in a table: the pairs are read from the DL_SLOT_PARAS value
 * stream into a flat array, sorted and counted in runs, in as many reads
 * of the stream as it takes to keep the array under
 * DL_BOILER_PASS_BYTES (each read takes the pairs whose paragraph hash
 * falls in its share).  A news article has some 10 to 30 paragraphs, 8
 * bytes each: one read up to some 300,000 articles.  Besides the array:
 * 24 bytes per source, 16 per article in a near-duplicate cluster, 12 per
 * article marked as having boilerplate (while the documents are
 * compared), 4 per document to rebuild.
 *
 * Crash safety.  Every rebuilt document carries its own marks with its
 * terms, so any commit leaves each document consistent with itself; the
 * caller keeps DL_META_BOILER_PENDING set until the pass and the
 * clustering after it are committed, so a run that finds it set does the
 * pass again, and finishes what a crash cut short.
 */
#ifndef DL_BOILER_PASS_H
#define DL_BOILER_PASS_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "dl_xapian.h"
#include "reader.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of (source, paragraph) pairs one read of the paragraph values
 * may collect: 8 M pairs. */
#define DL_BOILER_PASS_BYTES ((size_t)64 * 1024 * 1024)

struct dl_boiler_stats {
    unsigned long articles; /* articles that learn (with DL_SLOT_PARAS) */
    unsigned long sources;  /* sources of DL_BOILER_MIN_ARTICLES stories */
    unsigned long learned;  /* paragraphs learned, all sources together */
    unsigned long rebuilt;  /* documents rebuilt */
    unsigned long kept;     /* documents that disagree but could not be
                               restored (restore.h): left as they were */
    unsigned reads;         /* reads of the paragraph values (>= 1) */
};

struct dl_boiler_pass_opts {
    bool meta_everywhere;      /* the sets to every database (shards), else to
                                  w[0] only (a fresh build's parts: the merge
                                  then holds them once) */
    unsigned long batch;       /* rebuilt documents per commit of every w[i]
                                  (0: no commit) ... */
    unsigned long batch_terms; /* ... or their distinct terms, summed */
    const struct dl_read_opts *ropts; /* reading files again (restore.h) */
    size_t pass_bytes; /* DL_BOILER_PASS_BYTES, or less (tests) */
    /* Test hook: once pause_after rebuilt documents are committed,
     * pause(pause_ctx) is called (it waits to be killed).  0: never. */
    unsigned long pause_after;
    void (*pause)(void *ctx);
    void *pause_ctx;
};

/* dl_boiler_update - count, learn and rebuild over the databases
 * w[0..n) of one index taken together (a fresh build's parts, or the
 * shards of a sharded index), as described above.  Commits every
 * o->batch rebuilt documents; the caller commits the rest.  Leaves
 * DL_META_BOILER_PENDING alone.  *st (may be NULL) is filled.
 * DL_ENOMEM; Xapian errors. */
dl_status dl_boiler_update(dl_wdb *const *w, size_t n,
                           const struct dl_boiler_pass_opts *o,
                           struct dl_boiler_stats *st, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
