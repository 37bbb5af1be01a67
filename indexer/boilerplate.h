/* boilerplate.h - boilerplate learned per source across the archive.
 *
 * One page cannot tell that "Get The Astana Times stories sent directly to
 * you!" is boilerplate; an archive of that site can: the same paragraph in
 * many of its articles.  Dateline learns, per source, the paragraphs its
 * articles repeat, and leaves them out of each article's terms (ranking,
 * term statistics, Xapian's expand, --top-words), its MinHash and content
 * hash (near-duplicate clusters), and its snippets; the stored body keeps
 * them, marked (common/dl_boiler.h), for the article view.
 *
 * THE RULE.  A paragraph is boilerplate of source S when it occurs in at
 * least DL_BOILER_MIN_ARTICLES (5) of S's stories and in at least
 * DL_BOILER_MIN_PERCENT (2%) of them, whichever is larger
 * (dl_boiler_threshold).  A story is an article, except that the articles
 * of one near-duplicate cluster (indexer/cluster.h: the same wire story
 * republished, or updates of one story) count once, both in the count of
 * the paragraph and in S's count: five versions of one story are not five
 * articles repeating a paragraph.  A wire story's own sentences, quoted by
 * many outlets, are not boilerplate of any of them: the rule is per
 * source.  The rule depends only on what the index holds now, so a build
 * from scratch and any history of incremental runs over the same files
 * agree; deleting articles can bring a paragraph back below the threshold,
 * and its words back into the articles that have it.
 *
 * WHAT IS A PARAGRAPH.  The stored body's units (dl_schema.h: one per HTML
 * block or <br> line, per blank-line paragraph of a text file, or per line
 * of one that has no blank or indented line, per paragraph of a JSON body;
 * indexer/reader_int.h).  Two paragraphs are the same when they give the
 * same sequence of index terms (dl_normalize: NFKC, case folding,
 * punctuation and spacing ignored, digits kept: "Qtly div 25 cts" and
 * "Qtly div 30 cts" differ).  A paragraph with no word, or longer than
 * DL_BOILER_PARA_MAX_BYTES, is never boilerplate; in an article of more
 * than DL_BOILER_HEAD + DL_BOILER_TAIL paragraphs only the first
 * DL_BOILER_HEAD and the last DL_BOILER_TAIL can be (headers and footers
 * live there, and the value below stays bounded).
 *
 * WHAT A SOURCE IS.  The article's source as the index holds it, normalised
 * as its exact-source term ("XSS", dl_schema.h): declared by the article,
 * else its top folder under the indexed root, else its URL's host
 * (indexer/docbuild.h).  Articles with none of these learn as one group
 * per indexed root (the root as given): a folder of one site's pages saved
 * without any metadata is still one site.
 *
 * WHERE IT IS KEPT (dl_schema.h): each article's paragraph hashes and
 * source key in DL_SLOT_PARAS, what its document left out in
 * DL_SLOT_BOILER, each source's learned set in the metadata key
 * DL_META_BOILER_PREFIX + source key, and DL_META_BOILER_PENDING while
 * documents may disagree with the learned sets.
 *
 * HOW A RUN USES IT.  While a run reads files, every article is judged
 * against the sets learned so far (dl_boiler_judge): the sets of the
 * previous run, plus what this run has seen (a paragraph reaching the
 * threshold among the source's articles read so far is left out of the
 * following ones), so a site's footer is known after its first few
 * articles and the rest are built clean.  These are guesses; the
 * finishing pass (boiler_pass.h) counts exactly and rebuilds the articles
 * whose document disagrees with the exact sets.
 */
#ifndef DL_BOILERPLATE_H
#define DL_BOILERPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DL_BOILER_MIN_ARTICLES 5
#define DL_BOILER_MIN_PERCENT 2

/* Paragraphs longer than this are article text, never a footer or a
 * prompt (press releases' "About the company" blocks run to 1,500 bytes);
 * their words are indexed without being held back for the judgement. */
#define DL_BOILER_PARA_MAX_BYTES 4096

/* Paragraphs hashed at the start and at the end of a long article. */
#define DL_BOILER_HEAD 192
#define DL_BOILER_TAIL 64

/* While a run reads, a source's new paragraphs are tracked during its
 * first DL_BOILER_PROBE articles of the run (a footer is in all of them);
 * later articles count only paragraphs already tracked.  At most
 * DL_BOILER_TRACK_MAX paragraphs are tracked in all (16 bytes each), so
 * the guesses take at most 16 MB whatever the archive. */
#define DL_BOILER_PROBE 64
#define DL_BOILER_TRACK_MAX (1UL << 20)

/* dl_boiler_threshold - the stories a paragraph must occur in to be
 * boilerplate of a source of `units` stories. */
unsigned long dl_boiler_threshold(unsigned long units);

/* dl_boiler_source_key - the 32-bit key of a source (its normalised
 * form), never 0. */
unsigned dl_boiler_source_key(const char *normalised, size_t n);

/* dl_boiler_group_key - the key of the group of articles without a
 * source found under root (dl_boiler_source_key of a form no source
 * normalises to). */
unsigned dl_boiler_group_key(const char *root);

/* dl_boiler_para_hash - the 32-bit hash of a paragraph whose terms hashed
 * to h (an order-sensitive mix of dl_hash64 of each term), never 0 (0
 * stands for "no hash": no word, too long, or not hashed). */
unsigned dl_boiler_para_hash(unsigned long long h);

/* dl_boiler_hashed - whether paragraph i of an article of n paragraphs
 * is hashed (the first DL_BOILER_HEAD and the last DL_BOILER_TAIL). */
bool dl_boiler_hashed(unsigned long n, unsigned long i);

/* ---- DL_SLOT_PARAS ------------------------------------------------------ */

/* The value: varint N (the article's paragraphs), then the source key and
 * the hash of each hashed paragraph in order, 4 bytes little-endian each. */
struct dl_paras {
    unsigned long n;        /* the article's paragraphs */
    unsigned source;        /* its source key */
    const unsigned char *h; /* borrowed: hashes, 4 bytes each */
    size_t n_h;             /* hashes stored */
};

/* dl_paras_put - the value for an article of n paragraphs whose hashed
 * paragraphs' hashes (dl_boiler_hashed order) are h[0..n_h), into out
 * (reset first).  DL_OK or DL_ENOMEM. */
dl_status dl_paras_put(unsigned source, unsigned long n, const unsigned *h,
                       size_t n_h, dl_buf *out);

/* dl_paras_get - decode v[0..len) into *p (borrowing from v).  false for
 * a malformed value (the article then takes no part in learning). */
bool dl_paras_get(const char *v, size_t len, struct dl_paras *p);

/* dl_paras_hash / dl_paras_index - stored hash k, and the index of the
 * paragraph it belongs to (k < p->n_h). */
unsigned dl_paras_hash(const struct dl_paras *p, size_t k);
unsigned long dl_paras_index(const struct dl_paras *p, size_t k);

/* ---- the learned sets --------------------------------------------------- */

typedef struct dl_boiler dl_boiler;

/* dl_boiler_new - empty sets.  learn: dl_boiler_judge also guesses from
 * the articles it is shown (a run reading files); otherwise the sets are
 * fixed (the finishing pass's rebuilds).  Thread-safe.  Free with
 * dl_boiler_free.  DL_ENOMEM. */
dl_status dl_boiler_new(bool learn, dl_boiler **out, dl_err *err);

/* dl_boiler_free - release; NULL is a no-op. */
void dl_boiler_free(dl_boiler *b);

/* dl_boiler_load - add the sets stored in w's metadata (the previous
 * run's).  Malformed entries are ignored.  DL_ENOMEM or a Xapian error. */
dl_status dl_boiler_load(dl_boiler *b, dl_wdb *w, dl_err *err);

/* dl_boiler_set - make source's set hashes[0..n) (any order) and its size
 * `units` stories.  DL_ENOMEM. */
dl_status dl_boiler_set(dl_boiler *b, unsigned source, unsigned long units,
                        const unsigned *hashes, size_t n, dl_err *err);

/* dl_boiler_article - an article of source is about to be judged: counts
 * it among the source's stories seen by this run (learn mode only). */
void dl_boiler_article(dl_boiler *b, unsigned source);

/* dl_boiler_judge - is the paragraph hashing to hash (not 0) boilerplate
 * of source?  first: its first occurrence in the article (counted, in
 * learn mode).  In learn mode a paragraph is boilerplate when the set has
 * it or this run's articles of source reach the threshold with it; out of
 * memory to track it, it is judged by the set alone.  Never fails. */
bool dl_boiler_judge(dl_boiler *b, unsigned source, unsigned hash, bool first);

/* dl_boiler_has - whether source's set has hash (no guessing). */
bool dl_boiler_has(dl_boiler *b, unsigned source, unsigned hash);

/* dl_boiler_sources - the number of sources with a set. */
size_t dl_boiler_sources(const dl_boiler *b);

#ifdef __cplusplus
}
#endif

#endif
