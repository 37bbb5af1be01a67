/* cluster.h - near-duplicate clusters: the pass after indexing.
 *
 * Each document carries the 64-bit SimHash of its body shingles
 * (DL_SLOT_SIMHASH).  Two articles whose SimHashes differ in at most
 * DL_CLUSTER_MAX_DISTANCE bits are the same story (a wire story republished
 * with a new headline and an outlet's boilerplate).  Candidates are found by
 * LSH: the 64 bits are cut into DL_CLUSTER_BANDS bands and documents sharing
 * any band are compared; pairs within the distance are joined with
 * union-find.  Every member of a cluster gets the same DL_SLOT_CLUSTER key
 * (the smallest SimHash in it, so the key does not depend on docids or
 * indexing order); only documents whose key changes are rewritten, so a
 * re-run over an unchanged database writes nothing.
 */
#ifndef DL_CLUSTER_H
#define DL_CLUSTER_H

#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bands of 64/DL_CLUSTER_BANDS bits: with distance <= 3 spread over 4
 * bands of 16 bits, at least one band of any close pair is identical
 * (pigeonhole), so no close pair is missed. */
#define DL_CLUSTER_BANDS 4
#define DL_CLUSTER_MAX_DISTANCE 3

struct dl_cluster_stats {
    unsigned long documents; /* documents examined */
    unsigned long clusters;  /* clusters of two or more */
    unsigned long clustered; /* documents in such clusters */
    unsigned long rewritten; /* documents whose key changed */
};

/* dl_cluster_update - recompute clusters over all of w's documents and set
 * DL_SLOT_CLUSTER where it changed.  Does not commit (the caller does).
 * Memory: about 40 bytes per document.  DL_ENOMEM, or a Xapian error. */
dl_status dl_cluster_update(dl_wdb *w, struct dl_cluster_stats *stats,
                            dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
