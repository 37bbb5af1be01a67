/* pipeline_finish.c - what every indexing run ends with: dl:schema,
 * dl:langs, the near-duplicate clusters and boilerplate, over the parts of
 * one index (a fresh build's temporaries, or the target).
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boiler_pass.h"
#include "boilerplate.h"
#include "cluster.h"
#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "docbuild.h"
#include "filestate.h"
#include "jobqueue.h"
#include "pipeline_int.h"
#include "reader.h"
#include "tempdb.h"

/* The languages present, from the "L" terms of the committed databases at
 * paths[0..n) seen as one, into out as "en,fr,ru". */
static dl_status
langs_of(const char *const *paths, size_t n, dl_buf *out, dl_err *err)
{
    dl_db *db = NULL;
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    dl_status rc;

    dl_buf_reset(out);
    if (dl_buf_append(out, "", 0) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = dl_db_open_multi(paths, n, &db, err);
    if (rc == DL_OK)
        rc = dl_db_allterms(db, DL_PREFIX_LANG, &it, err);
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &freq, err);
        if (rc != DL_OK)
            break;
        if (len <= 1)
            continue;
        if ((out->len > 0 && dl_buf_putc(out, ',') != DL_OK) ||
            dl_buf_append(out, t + 1, len - 1) != DL_OK)
            rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_DONE)
        rc = DL_OK;
    dl_termiter_free(it);
    dl_db_close(db);
    return rc;
}

static void
pause_cb(void *ctx)
{
    dl_pipe_test_pause(ctx);
}

/* Boilerplate over the parts w[0..n) of one index (boiler_pass.h), then
 * the clusters again when documents were rebuilt (their MinHash changed),
 * then the pending mark goes, to be committed by the caller with the
 * rest.  A run whose caller learns over several databases (shards: the
 * sets must be learned over all of them) leaves the mark set instead. */
static dl_status
finish_boiler(struct run *r, dl_wdb *const *w, size_t n, bool temporary,
              dl_err *err)
{
    struct dl_boiler_pass_opts bo;
    struct dl_boiler_stats bs;
    dl_status rc = DL_OK;
    size_t i;

    if (r->o->boiler_later)
        return dl_wdb_set_metadata(w[0], DL_META_BOILER_PENDING, "1", 1, err);
    memset(&bo, 0, sizeof bo);
    bo.meta_everywhere = false;
    bo.batch = temporary ? DL_FRESH_CLUSTER_COMMIT : DL_INDEX_BATCH;
    bo.batch_terms = DL_BATCH_TERMS_MAX / 2;
    bo.ropts = &r->ropts;
    if (r->o->pause_in_boiler > 0 && r->o->pause_file != NULL) {
        bo.pause_after = r->o->pause_in_boiler;
        bo.pause = pause_cb;
        bo.pause_ctx = r;
    }
    rc = dl_boiler_update(w, n, &bo, &bs, err);
    if (rc == DL_OK && bs.rebuilt > 0) {
        struct dl_cluster_stats cs;
        memset(&cs, 0, sizeof cs);
        rc = dl_cluster_update_multi(
            w, n, temporary ? DL_FRESH_CLUSTER_COMMIT : 0, &cs, err);
    }
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = dl_wdb_set_metadata(w[i], DL_META_BOILER_PENDING, NULL, 0, err);
    if (rc == DL_OK) {
        r->stats->boiler_ran = true;
        r->stats->boiler_learned = bs.learned;
        r->stats->boiler_rebuilt = bs.rebuilt;
    }
    return rc;
}

/* The mark (dl:schema, dl:features), dl:langs, the clusters and boilerplate
 * over the committed databases w[0..n) at paths[0..n) (the parts of one index),
 * then commit each.  The metadata goes to w[0] only, so a merge of the parts
 * holds it once.  Interrupted runs do it too: the clustering pass is one read
 * of the signatures, and skipping it would leave the new documents unclustered
 * until some later run changes something.  temporary: the parts of a fresh
 * build, which a crash throws away, so the clustering and the rebuilds may
 * commit as they go (bounding Xapian's buffer of rewritten articles, which
 * grows with the corpus: bench/README.md). The clusters come first: they say
 * which articles are one story, which boilerplate counts once (boilerplate.h).
 */
dl_status
dl_pipe_finish_parts(struct run *r, dl_wdb *const *w, const char *const *paths,
                     size_t n, bool temporary, dl_err *err)
{
    dl_buf langs = DL_BUF_INIT;
    dl_status rc;
    size_t i;

    rc = langs_of(paths, n, &langs, err);
    if (rc == DL_OK)
        rc = dl_dbpath_mark(w[0], err);
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w[0], DL_META_LANGS, langs.data, langs.len,
                                 err);
    if (rc == DL_OK) {
        struct dl_cluster_stats cs;
        memset(&cs, 0, sizeof cs);
        rc = dl_cluster_update_multi(
            w, n, temporary ? DL_FRESH_CLUSTER_COMMIT : 0, &cs, err);
    }
    if (rc == DL_OK)
        rc = finish_boiler(r, w, n, temporary, err);
    for (i = 0; rc == DL_OK && i < n; i++)
        rc = dl_pipe_commit(w[i], err);
    dl_buf_free(&langs);
    return rc;
}

dl_status
dl_pipe_finish_db(struct run *r, dl_wdb *w, const char *path, dl_err *err)
{
    return dl_pipe_finish_parts(r, &w, &path, 1, false, err);
}
