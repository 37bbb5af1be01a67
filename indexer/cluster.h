/* cluster.h - near-duplicate clusters: the pass after indexing.
 *
 * Each article carries a MinHash signature of its body's word shingles
 * (DL_SLOT_MINHASH, DL_MINHASH_K values).  Two articles whose signatures
 * agree in at least DL_CLUSTER_MIN_AGREE of the K positions (estimated
 * Jaccard similarity >= 0.5) are the same story: a wire story republished
 * with a new headline, a changed sentence and an outlet's boilerplate lines
 * still shares most of its shingles.  (SimHash cannot: on short stories
 * such a pair is too close to unrelated pairs for banding, bench/README.md.)
 *
 * Candidates come from LSH: the signature is cut into DL_CLUSTER_BANDS bands
 * of DL_MINHASH_K / DL_CLUSTER_BANDS values; articles sharing a band are
 * compared.  A pair at Jaccard 0.6 shares some band with probability 0.97,
 * one at 0.05 with 0.02 (and is then rejected by the comparison).  Pairs
 * that agree are joined with union-find.  Every member of a cluster of two
 * or more gets the same DL_SLOT_CLUSTER key (the smallest leading signature
 * value pair in it, so the key depends neither on docids nor on indexing
 * order); an article alone has no key, which Xapian's collapse never
 * merges.  Only articles whose key changes are rewritten, so a re-run over
 * an unchanged database writes nothing.
 */
#ifndef DL_CLUSTER_H
#define DL_CLUSTER_H

#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_CLUSTER_BANDS 8
#define DL_CLUSTER_MIN_AGREE 8 /* of DL_MINHASH_K (16): Jaccard >= 0.5 */

struct dl_cluster_stats {
    unsigned long documents; /* articles with a signature */
    unsigned long clusters;  /* clusters of two or more */
    unsigned long clustered; /* articles in such clusters */
    unsigned long rewritten; /* articles whose key changed */
};

/* dl_cluster_update - recompute clusters over all of w's articles and set
 * DL_SLOT_CLUSTER where it changed.  Does not commit (the caller does).
 * Memory: about 130 bytes per article.  DL_ENOMEM, or a Xapian error. */
dl_status dl_cluster_update(dl_wdb *w, struct dl_cluster_stats *stats,
                            dl_err *err);

/* dl_cluster_update_multi - the same over the shards w[0..n) of one index
 * taken together (shard.h): a story republished in two shards gets one
 * key in both, so collapsing over the combined database matches a single
 * database.  commit_every 0: commits no shard (the caller does, so a crash
 * leaves every key as it was).  Otherwise every shard is committed after
 * each commit_every rewritten articles, which bounds Xapian's buffer of
 * changed documents; for databases that a crash throws away (a fresh
 * build's parts): elsewhere a crash would leave keys half updated.
 * DL_ENOMEM, or a Xapian error. */
dl_status dl_cluster_update_multi(dl_wdb *const *w, size_t n,
                                  unsigned long commit_every,
                                  struct dl_cluster_stats *stats, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
