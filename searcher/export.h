/* export.h - every article a search matches, one at a time, written as
 * it goes (dateline-search --all).
 *
 * A search shows a page; an export hands over every article that
 * matches, in the search's order and with the same fields (near-duplicates
 * collapsed into the hit that stands for them, unless the request says
 * no_collapse), for a researcher to take into a spreadsheet or R.  It
 * runs the search's plan (search_int.h, so the any-word fallback and the
 * filters are the same), then one match for every docid
 * (dl_search_all: 16 bytes per match, no document data), then reads each
 * article's data as it is asked for.  So the cost is one match and one
 * read per article, never a match per page (quadratic), and the memory is
 * 16 bytes per match plus one article, after a peak of about 110 bytes
 * per match while Xapian matches: 26 MB in all for the 169,116 articles
 * of an export of 10x Reuters (docs/json.md has the measurements).  The
 * total is exact: it is the number of hits the export gives.
 *
 * There is no cap on the number of articles (the search's offset and
 * limit caps are for pages); the request's CPU budget, when it has one,
 * covers the match.  The database is read at one revision: when the
 * indexer commits twice during a long export, Xapian may no longer read
 * that revision, and dl_export_next fails with DL_EMODIFIED (the export
 * is then run again; what was written stays a valid prefix).
 */
#ifndef DL_EXPORT_H
#define DL_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "dl_status.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_export dl_export;

/* The formats an export is written in. */
enum dl_export_format {
    DL_EXPORT_TEXT, /* render_text.h's blocks, one per article */
    DL_EXPORT_JSON, /* one JSON object as a search's, every hit in it */
    DL_EXPORT_CSV   /* render_csv.h's header and one row per article */
};

/* dl_export_open - run the search r for every match: r's offset, limit,
 * facets and suggest are ignored (an export is every hit, without facets
 * or suggestion).  With snippets, each hit gets its snippet as a search
 * gives it (the text and JSON formats); without, its snippet is empty
 * (CSV needs none, and an export is then one read per article).  *out is
 * the caller's (dl_export_free).  DL_EMODIFIED is retried as by
 * dl_searcher_run.  Errors as dl_searcher_run: DL_EQUERY, DL_EINVAL,
 * DL_EBUDGET, DL_ENOMEM, DL_EMODIFIED, other Xapian errors. */
dl_status dl_export_open(dl_searcher *s, const struct dl_search_req *r,
                         bool snippets, dl_export **out, size_t *errpos,
                         dl_err *err);

/* dl_export_result - the export's result without hits (borrowed from e):
 * query, total (exact: every hit dl_export_next will give), notice,
 * empty_query (nothing to search for: no hits), took_ms (the time so
 * far: updated by each dl_export_next). */
const struct dl_result *dl_export_result(const dl_export *e);

/* dl_export_next - the next hit, ranked from 1, into *hit (borrowed from
 * e until the next call).  DL_OK; DL_DONE after the last; DL_EMODIFIED
 * when the index changed too much under a long export; DL_ENOMEM; other
 * database errors. */
dl_status dl_export_next(dl_export *e, const struct dl_result_hit **hit,
                         dl_err *err);

/* dl_export_free - release; NULL is a no-op. */
void dl_export_free(dl_export *e);

/* dl_export_progress_fn - told of an export's progress: done articles of
 * total written; last is true once, at the end. */
typedef void (*dl_export_progress_fn)(void *ctx, unsigned long done,
                                      unsigned long total, bool last);

/* dl_export_write - the whole export e in fmt to out, written as it goes
 * (in pieces of about 64 KB): the format's head once (the CSV header, the
 * JSON object's opening, the text's count line), every hit, the tail.
 * ansi: bold highlights (text only).  progress (may be NULL) is called
 * after every progress_every articles (0: never) and once at the end:
 * counts, not times, so that a test can expect its lines.  DL_OK; DL_EIO
 * when out cannot be written; DL_ENOMEM; the errors of dl_export_next
 * (what was written is then a prefix of the export). */
dl_status dl_export_write(dl_export *e, enum dl_export_format fmt, bool ansi,
                          FILE *out, unsigned long progress_every,
                          dl_export_progress_fn progress, void *ctx,
                          dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
