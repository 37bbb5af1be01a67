/* dl_xapian_int.h - what the files of the C API over Xapian share (C++ only).
 *
 * dl_xapian.h is the one public door; this header is private to the
 * dl_xapian*.cc files of common/ and is never included from C.  It holds
 * the handles behind the opaque types (small structs holding Xapian values,
 * as LevelDB's c.cc does: Xapian's own reference counting makes copies
 * cheap), the one exception ladder, and the helpers two files need:
 *
 *   dl_xapian.cc         the ladder (dlx::from_exception), copy_out
 *   dl_xapian_db.cc      reading: open (shards, remote), statistics,
 *                        metadata, documents, term and posting lists
 *   dl_xapian_write.cc   writing: the bounded lock wait, batches as
 *                        transactions, commit, close, compaction, and
 *                        what a write that Xapian aborts does to the process
 *   dl_xapian_doc.cc     documents being built
 *   dl_xapian_stem.cc    stemmers (Snowball and Dateline's Kazakh)
 *   dl_xapian_query.cc   query trees, and wildcards expanded over shards
 *   dl_xapian_search.cc  the match: BM25, sorting, collapsing, facets,
 *                        cost caps, and query expansion (ESet)
 *   dl_xapian_expand.cc  the expand set with weights (top words)
 *
 * No exception ever crosses into C.  Every extern "C" function that can
 * meet one runs its body in try/catch and returns a status through
 * dlx::from_exception (or, without a dl_err, a value that says nothing was
 * done).  A catch block allocates nothing (a bad_alloc thrown there would
 * leave the function): messages are composed in dl_err's own buffer
 * (dlx::prefix_message), never in a std::string.  The entry points with no
 * try meet no exception: dl_db_open, dl_wdb_reader, dl_search and
 * dl_search_all only call functions that catch (search_once,
 * search_all_once); the _close and _free functions run destructors, which
 * do not throw; dl_db_parts, dl_mset_count, dl_mset_total, dl_mset_hit,
 * dl_mset_facet, dl_matches_count, dl_matches_get, dl_eset_count,
 * dl_eset_term, dl_query_is_empty
 * and dl_search_opts_init read or fill plain memory; and
 * dl_xapian_exit_on_write_abort only sets a handler.
 * tests/unit/test_xapian_nomem.c makes operator new fail at every point
 * of a run to hold them to it.
 */
#ifndef DL_XAPIAN_INT_H
#define DL_XAPIAN_INT_H

#ifndef __cplusplus
#error "dl_xapian_int.h is C++: include dl_xapian.h from C"
#endif

#include <xapian.h>

#include <exception>
#include <memory>
#include <map>
#include <string>
#include <vector>

#include "dl_xapian.h"

struct dl_db {
    Xapian::Database rep;
    std::vector<std::string> specs; /* how to reopen remote shards */
    /* One per spec, sharing rep's shards (so a reopen of rep moves them
     * too): what dl_db_part_metadata reads. */
    std::vector<Xapian::Database> parts;
    bool deadline_spy_refused = false; /* a remote shard cannot run it */
    bool remote = false; /* a spec is, or its stub lists, a remote shard */
};

struct dl_wdb {
    Xapian::WritableDatabase rep;
    std::string path;
    bool in_txn; /* a transaction is open: changes since the last commit */
};

struct dl_doc {
    Xapian::Document rep;
};

/* How a query holding a wildcard was built, so that dl_search can build
 * it again with the wildcard expanded against a sharded database (see
 * dlx::expand_wildcards).  Queries without a wildcard need none of this. */
struct dl_qnode {
    enum { FIXED, WILDCARD, COMBINE, SCALE } kind;
    Xapian::Query fixed;    /* FIXED: no wildcard below */
    std::string prefix;     /* WILDCARD */
    unsigned max_expansion; /* WILDCARD */
    dl_qop op;              /* COMBINE */
    unsigned window;        /* COMBINE */
    double factor;          /* SCALE */
    std::vector<std::shared_ptr<const dl_qnode>> subs;
};

struct dl_query {
    Xapian::Query rep;
    std::shared_ptr<const dl_qnode> wild; /* NULL: no wildcard below */
};

struct dl_termiter {
    Xapian::TermIterator it, end;
    std::string prefix;
    std::string cur;
    enum { ALLTERMS, DOCTERMS, METADATA_KEYS } kind; /* what freq means */
};

struct dl_stemmer {
    Xapian::Stem rep;
    std::string cur;
};

struct dl_mset_hit_rec {
    unsigned docid;
    unsigned rank;
    double score;
    int percent;
    unsigned collapse_count;
    std::string data;
    std::vector<std::string> values; /* dl_search_opts.hit_values */
};

/* One match of dl_search_all: 16 bytes, so that a list of every match
 * of a large archive stays small. */
struct dl_match_rec {
    unsigned docid;
    unsigned collapse_count;
    double score;
};

struct dl_matches {
    std::vector<dl_match_rec> recs;
};

struct dl_facet_value {
    std::string value;
    unsigned long count;
};

struct dl_mset {
    std::vector<dl_mset_hit_rec> hits;
    unsigned long lower, estimate, upper;
    std::vector<std::vector<dl_facet_value>> facets;
    /* Documents per term of the query run, from the match's statistics
     * (dl_mset_termfreq). */
    std::map<std::string, unsigned long> termfreqs;
};

namespace dlx
{

/* from_exception - called inside a catch block: rethrow the exception in
 * flight and map it with the one ladder of STYLE.md section 3 (NotFound
 * and DocNotFound -> DL_ENOENT, DatabaseLock -> DL_ELOCKED, Modified ->
 * DL_EMODIFIED, Corrupt, Version and Opening -> DL_ECORRUPT, QueryParser
 * and Wildcard -> DL_EQUERY, InvalidArgument -> DL_EINVAL, a
 * DatabaseError with an errno -> DL_EIO, other Xapian errors ->
 * DL_EXAPIAN, bad_alloc -> DL_ENOMEM, anything else DL_EINTERNAL), with
 * Xapian's description as the message.  Allocates nothing and never
 * throws. */
dl_status from_exception(dl_err *err) noexcept;

/* prefix_message - put the printf-style prefix before err's message,
 * keeping code ("PATH: " before "disk full").  Composed in err's own
 * buffer: never allocates, so a catch block may call it.  Returns code;
 * err may be NULL. */
dl_status prefix_message(dl_err *err, dl_status code, const char *fmt,
                         ...) noexcept __attribute__((format(printf, 3, 4)));

/* copy_out - s into a new dl_malloc'd NUL-terminated buffer (*out, the
 * caller's; *len when len is not NULL).  DL_OK or DL_ENOMEM (*out NULL). */
dl_status copy_out(const std::string &s, char **out, size_t *len,
                   dl_err *err) noexcept;

/* Thrown when a search runs out of what it may use; dl_search maps it to
 * DL_EBUDGET.  Not a Xapian::Error, so nothing in Xapian takes it for one
 * of its own on the way out of the matcher. */
class budget_spent : public std::exception
{
    std::string what_;

  public:
    explicit budget_spent(std::string what) : what_(std::move(what))
    {
    }
    const char *what() const noexcept override
    {
        return what_.c_str();
    }
};

/* The wildcard terms expanded so far against their cap (0: none). */
struct expansion {
    size_t terms;
    unsigned cap;
};

/* expand_wildcards - the query n describes, with every wildcard expanded
 * over db (all its shards together) into an OP_SYNONYM of its terms.
 * Throws budget_spent past ex's cap, Xapian::WildcardError past a
 * wildcard's own max_expansion. */
Xapian::Query expand_wildcards(const dl_qnode &n, const Xapian::Database &db,
                               struct expansion &ex);

} /* namespace dlx */

#endif
