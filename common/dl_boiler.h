/* dl_boiler.h - an article's boilerplate paragraphs, as its document marks
 * them (DL_SLOT_BOILER, dl_schema.h).
 *
 * The indexer learns per source the paragraphs a source repeats across its
 * articles (a footer, a header line, a newsletter prompt: the rule is in
 * indexer/boilerplate.h) and leaves them out of each article's terms, MinHash
 * and statistics; the stored body keeps them, and the document marks which
 * of the body's paragraphs it left out.  The mark is written with the
 * terms, in the same document, so what the searcher leaves out of a
 * snippet and what the article view shows marked are exactly what the
 * index left out, on any shard, local or remote, with no other state to
 * read: an index written before the slot existed simply marks nothing.
 *
 * The value is the 0-based indices of the paragraphs left out (paragraphs
 * are the stored body's "\n"-separated parts, dl_schema.h), ascending, as
 * unsigned LEB128 varints of the gaps: the first index, then each next
 * index minus the previous one minus 1.  Three marked paragraphs take
 * three bytes.  No value: nothing left out.
 */
#ifndef DL_BOILER_H
#define DL_BOILER_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A walk over one DL_SLOT_BOILER value. */
struct dl_boiler_marks {
    const unsigned char *p, *end; /* borrowed from the value */
    unsigned long next;           /* the smallest index the next may be */
};

/* dl_boiler_marks_init - start a walk over v[0..len) (borrowed: it must
 * outlive the walk); len 0 walks nothing. */
void dl_boiler_marks_init(struct dl_boiler_marks *m, const char *v, size_t len);

/* dl_boiler_marks_next - the next marked paragraph's index into *idx:
 * true, or false at the end.  A malformed value (a varint cut short or
 * past 2^32) ends the walk there: a damaged mark hides nothing more. */
bool dl_boiler_marks_next(struct dl_boiler_marks *m, unsigned long *idx);

/* dl_boiler_marks_put - append the value marking idx[0..n) (ascending,
 * distinct) to out (not reset).  DL_OK, DL_EINVAL when idx is not
 * ascending, or DL_ENOMEM. */
dl_status dl_boiler_marks_put(const unsigned long *idx, size_t n, dl_buf *out);

/* dl_boiler_strip - remove from the text body (paragraphs separated by
 * "\n", as stored) the paragraphs the value v[0..len) marks, with the
 * separator after each (or before the last), in place: what is left is
 * the text a snippet may show.  Marks past the body's last paragraph are
 * ignored (the stored body is the indexed text's first 64 KB).  Never
 * fails. */
void dl_boiler_strip(dl_buf *body, const char *v, size_t len);

#ifdef __cplusplus
}
#endif

#endif
