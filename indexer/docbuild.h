/* docbuild.h - one article to one Xapian document, following dl_schema.h.
 *
 * The builder completes an article's metadata (date from the path, then from
 * a dateline; source from the top folder; language by detection unless
 * declared), tokenizes title and body with the shared tokenizer, adds raw
 * terms with positions, stems for the article's language, field terms,
 * values, the exact-content hash and the MinHash signature used for
 * near-duplicate clustering, and the document data.  One builder per thread: it
 * caches stemmers and reuses its buffers, so building allocates little.
 */
#ifndef DL_DOCBUILD_H
#define DL_DOCBUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "boilerplate.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_status.h"
#include "dl_xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_docbuilder dl_docbuilder;

struct dl_docbuild_input {
    struct dl_article *a;      /* read and completed in place */
    const char *path;          /* file path as stored and shown */
    const char *folder_source; /* top folder name under the indexed root,
                                  used when the article names no source;
                                  NULL if none */
    const char *force_lang;    /* --lang override, or NULL */
    /* Boilerplate (boilerplate.h): the learned sets the body's paragraphs
     * are judged by (NULL: nothing is left out), and the group of an
     * article without a source (its indexed root; NULL: it learns
     * nothing). */
    dl_boiler *boiler;
    const char *group;
    /* A rebuild from the stored document (restore.h): its source key,
     * language code and URL-too-long flag as stored (0 / NULL / false
     * for an article read from its file). */
    unsigned source_key;
    const char *lang_code;
    bool url_too_long;
};

/* Why an article's body was not indexed whole (dl_docbuild_info). */
enum dl_text_cut {
    DL_TEXT_CUT_NONE = 0,
    DL_TEXT_CUT_BYTES, /* longer than DL_ARTICLE_TEXT_MAX */
    DL_TEXT_CUT_TERMS  /* reached DL_ARTICLE_TERMS_MAX distinct terms */
};

struct dl_docbuild_info {
    const char *lang;                /* static code used for stemming/storage */
    unsigned minhash[DL_MINHASH_K];  /* MinHash of body shingles */
    unsigned long shingles;          /* shingles hashed (0: too short) */
    unsigned long long content_hash; /* hash of the title and body words */
    unsigned long terms;             /* raw tokens indexed */
    unsigned long dropped_long;      /* over-long tokens dropped */
    unsigned long doc_terms;         /* distinct terms of the document */
    size_t text_bytes;               /* body text the article had */
    size_t text_indexed;             /* bytes of it indexed */
    enum dl_text_cut text_cut;       /* why text_indexed < text_bytes */
    bool url_too_long;   /* the URL was over DL_URL_MAX: stored as no URL */
    unsigned source_key; /* boilerplate key; 0: learns nothing */
    unsigned long boiler_paras; /* paragraphs left out as boilerplate */
};

/* dl_docbuilder_new - a builder; free with dl_docbuilder_free.
 * DL_ENOMEM. */
dl_status dl_docbuilder_new(dl_docbuilder **out, dl_err *err);

/* dl_docbuilder_free - release; NULL is a no-op. */
void dl_docbuilder_free(dl_docbuilder *b);

/* dl_docbuild - fill doc (cleared first) from in->a and write the article's
 * unique id term ("Q" + id, see dl_schema.h) into idterm (reset first) and
 * the file term ("XF" + path) into fileterm; the document holds the file
 * term only for a record of a JSON Lines file.  The id is the path, plus
 * "#N" for the Nth record of a JSON Lines file: raw bytes in the terms,
 * escaped (dl_schema_escape_name) in the document data.  in->a's date,
 * date_origin, source and lang are completed in place.  An article with a
 * title and no body is a whole article (a wire flash).  The body is
 * indexed up to DL_ARTICLE_TEXT_MAX bytes and DL_ARTICLE_TERMS_MAX terms
 * (article.h); info (may be NULL) says what was cut, for the caller's
 * warning.  DL_ENOMEM (doc is then half built: clear or free it),
 * DL_EXAPIAN; DL_EINVAL for an article with neither title nor body (the
 * caller skips it with a warning). */
dl_status dl_docbuild(dl_docbuilder *b, const struct dl_docbuild_input *in,
                      dl_doc *doc, dl_buf *idterm, dl_buf *fileterm,
                      struct dl_docbuild_info *info, dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
