/* article_view.h - one article as the index stores it (the article view).
 *
 * `dateline-search --show ID` and the page's `?show=ID` both print what
 * the index holds for one article, so that a reader can read a story
 * whose URL has long gone dead and anyone can see why it matched: its
 * metadata (with where the date came from), its near-duplicate cluster
 * (every other article with the same DL_SLOT_CLUSTER key, listed), and
 * the stored body split into its paragraphs (dl_schema.h: one '\n' per
 * paragraph), each flagged as boilerplate or not, with the words of an
 * optional query marked in the title and the text exactly as snippets
 * mark them (snippet.h, phrase-aware).  Renderers: render_text.h,
 * render_json.h, render_html.h.
 *
 * The ID is the one every search output shows (the hit's "id"): the
 * article's path, or path#N for a JSON Lines record, in the shown form of
 * dl_schema_escape_name.  It is turned back into the raw bytes of the
 * article's Q term (dl_schema_unescape_name); an index written before
 * ids were escaped is looked up by the id as given.  One Q term lookup
 * over the combined database finds the article on any shard, local or
 * remote (xapian-tcpsrv); the cluster is one search of the cluster key's
 * value range over the same combined database.
 */
#ifndef DL_ARTICLE_VIEW_H
#define DL_ARTICLE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Relatives listed at most: a cluster bigger than this (a wire story in
 * hundreds of outlets, or hundreds of identical headline-only items) says
 * its size and lists the first ones, oldest first. */
#define DL_VIEW_CLUSTER_MAX 100

/* One paragraph of the stored body. */
struct dl_view_para {
    size_t start; /* byte offset of the paragraph in the article's body */
    size_t len;   /* bytes, without the '\n' that ends it */
    /* 0-based among the body's '\n'-separated parts, empty ones counted
     * (the view lists only the others): the numbering by which the index
     * names a document's paragraphs (dl_schema.h). */
    size_t index;
    /* Boilerplate: text the source repeats across its articles (a footer,
     * a newsletter prompt), shown marked and left out of "text": the
     * paragraphs the document marks as left out of its terms
     * (DL_SLOT_BOILER, common/dl_boiler.h); false for every paragraph
     * of a document without the mark. */
    bool boilerplate;
    size_t (*hl)[2]; /* query matches: [start, end) byte offsets into the
                        paragraph, sorted */
    size_t n_hl;
};

/* Another article of the same near-duplicate cluster. */
struct dl_view_rel {
    char *id; /* every string is non-NULL ("" when unknown) */
    char *title;
    char *source;
    char *date; /* as shown: YYYY-MM-DD, YYYY-MM or YYYY */
};

struct dl_view {
    char *id; /* every string is non-NULL ("" when unknown) */
    char *title;
    char *date;        /* as shown: YYYY-MM-DD, YYYY-MM or YYYY */
    char *date_origin; /* metadata, path, dateline... ("" without a date) */
    char *source;
    char *author;
    char *url;
    bool url_too_long; /* a URL over DL_URL_MAX was not stored */
    char *lang;
    char *path;
    char *query;           /* the query whose words are marked, or NULL */
    size_t (*title_hl)[2]; /* query matches in title, as in a paragraph */
    size_t n_title_hl;
    char *cluster_key;          /* DL_SLOT_CLUSTER, "" when alone */
    unsigned long cluster_size; /* articles with that key, this one
                                   included; 1 when alone */
    struct dl_view_rel *rel;    /* the others, oldest first, then by id */
    size_t n_rel;               /* <= DL_VIEW_CLUSTER_MAX */
    char *body;                 /* the stored body, UTF-8, NUL-terminated */
    size_t body_len;
    struct dl_view_para *paras; /* its non-empty paragraphs, in order */
    size_t n_paras;
    /* The stored body reached DL_STORED_BODY_MAX, where the indexer cuts
     * it: the article went on (an article whose text ends within the last
     * three bytes of the cap reads as cut too). */
    bool truncated;
};

/* dl_view_show - look up the article whose shown id is id[0..id_len)
 * and read it with its cluster.  query (may be NULL or "", need not be
 * NUL-terminated) is parsed with the searcher's parser only to mark its
 * words: a query that does not parse marks nothing and is no error.  A
 * database changed under the lookup is reopened and the lookup repeated
 * (DL_SEARCH_MAX_RETRIES).  *out is the caller's (dl_view_free).
 * DL_ENOENT: no article has that id (err says so); DL_EINVAL: an empty
 * id; DL_ENOMEM; database errors (DL_EXAPIAN for an unreachable shard,
 * DL_EMODIFIED when it kept changing...). */
dl_status dl_view_show(dl_searcher *s, const char *id, size_t id_len,
                       const char *query, size_t query_len,
                       struct dl_view **out, dl_err *err);

/* dl_view_free - release; NULL is a no-op. */
void dl_view_free(struct dl_view *a);

#ifdef __cplusplus
}
#endif

#endif
