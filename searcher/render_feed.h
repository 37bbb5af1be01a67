/* render_feed.h - a search as an Atom 1.0 feed (RFC 4287), and the
 * OpenSearch 1.1 description of the search page, so that a reporter can
 * follow a topic in a feed reader and a browser can add Dateline as a
 * search engine (docs/web.md, "Feeds and exports").
 *
 * The feed: title "Dateline: QUERY", an id and the two links of the
 * search (rel="self": the feed's address, rel="alternate": the HTML page
 * of the same search), updated (the newest entry's), and one entry per
 * hit in the result's order (the callers ask for newest first): title,
 * link (the article's own http(s) URL, else its archived copy on the
 * page, ?show=ID), id, updated, summary (the snippet), author (the
 * source, when known) and category (the language).
 *
 * Ids are tag URIs (RFC 4151) made from what identifies the thing itself,
 * never from where it is served, so they stay the same across runs,
 * hosts and reindexing: an entry's is tag:dateline,2026:article: followed
 * by the article's id percent-encoded (the id is the file's path, path#N
 * for the Nth record of a JSON Lines file, as dateline-index names it);
 * the feed's is tag:dateline,2026:search? followed by the search's query
 * string.  updated is the article's date at midnight UTC (a month or year
 * alone: its first day); an undated article gets 1970-01-01T00:00:00Z,
 * which says "unknown" and sorts last in a reader.
 *
 * Addresses are base (the search page's absolute URL, as
 * https://news.example.org/ or https://host/cgi-bin/dateline.cgi) with
 * "?..." appended; with base "" they are relative references ("?show=...",
 * which Atom allows and readers resolve against the feed's own address).
 * Every value goes through xml_escape.h.
 */
#ifndef DL_RENDER_FEED_H
#define DL_RENDER_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The search a feed, an export link or a description is about: the
 * page's own parameters (cgi_params.h); NULL or "" for each one absent. */
struct dl_feed_search {
    const char *q; /* the query text, q_len bytes */
    size_t q_len;
    const char *source;
    const char *lang;
    const char *from;
    const char *to;
};

/* dl_feed_query_string - append to out the page's query string for fs
 * (q, source, lang, from, to, percent-encoded: html_escape.h's
 * dl_url_encode) and then format=FORMAT unless format is NULL; the
 * parameters the page's own links use, in their order.  DL_OK or
 * DL_ENOMEM. */
dl_status dl_feed_query_string(const struct dl_feed_search *fs,
                               const char *format, dl_buf *out);

/* dl_feed_base_ok - whether base can be the address feeds are built on:
 * an absolute http or https URL with a host, without '?', '#', spaces,
 * quotes or control characters (the "?..." of each link is appended to
 * it), at most 1,024 bytes. */
bool dl_feed_base_ok(const char *base);

/* dl_render_atom - append the Atom feed of res (the search fs) to out (not
 * reset); base as above (borrowed; "" for relative links).  DL_OK or
 * DL_ENOMEM (out may then hold part of it). */
dl_status dl_render_atom(const struct dl_result *res,
                         const struct dl_feed_search *fs, const char *base,
                         dl_buf *out);

/* dl_render_opensearch - append the OpenSearch 1.1 description of the
 * page at base to out: short name, description, input encoding UTF-8,
 * and Url templates for text/html (base?q={searchTerms}) and
 * application/atom+xml (the same with format=atom).  DL_OK or
 * DL_ENOMEM. */
dl_status dl_render_opensearch(const char *base, dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
