/* dl_xapian_query.cc - query trees, and wildcards expanded over every
 * shard of a database.
 *
 * A query holding a wildcard keeps, beside its Xapian::Query, a record of
 * how it was built (struct dl_qnode), so that dl_search can build it again
 * with each wildcard expanded over the combined database it runs on.
 */
#include "config.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "dl_alloc.h"
#include "dl_xapian_int.h"

static dl_status
new_query(const Xapian::Query &q, dl_query **out)
{
    dl_query *h = new dl_query;
    h->rep = q;
    *out = h;
    return DL_OK;
}

extern "C" dl_status
dl_query_term(const char *term, size_t len, unsigned wqf, unsigned pos,
              dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        return new_query(
            Xapian::Query(std::string(term, len), wqf == 0 ? 1 : wqf, pos),
            out);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

static Xapian::Query::op
xapian_op(dl_qop op)
{
    switch (op) {
    case DL_QOP_AND:
        return Xapian::Query::OP_AND;
    case DL_QOP_OR:
        return Xapian::Query::OP_OR;
    case DL_QOP_AND_NOT:
        return Xapian::Query::OP_AND_NOT;
    case DL_QOP_FILTER:
        return Xapian::Query::OP_FILTER;
    case DL_QOP_AND_MAYBE:
        return Xapian::Query::OP_AND_MAYBE;
    case DL_QOP_PHRASE:
        return Xapian::Query::OP_PHRASE;
    case DL_QOP_NEAR:
        return Xapian::Query::OP_NEAR;
    case DL_QOP_SYNONYM:
        return Xapian::Query::OP_SYNONYM;
    case DL_QOP_ELITE_SET:
        return Xapian::Query::OP_ELITE_SET;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

static Xapian::Query
combine(dl_qop op, const std::vector<Xapian::Query> &v, unsigned window)
{
    if (op == DL_QOP_AND_NOT && v.size() > 2) {
        /* Xapian's AND_NOT is left-associative: a AND_NOT b AND_NOT c
         * is what "first AND NOT (OR of the rest)" means. */
        Xapian::Query rest(Xapian::Query::OP_OR, v.begin() + 1, v.end());
        return Xapian::Query(Xapian::Query::OP_AND_NOT, v[0], rest);
    }
    return Xapian::Query(xapian_op(op), v.begin(), v.end(), window);
}

/* The build record of q as a child node. */
static std::shared_ptr<const dl_qnode>
node_of(const dl_query *q)
{
    if (q->wild)
        return q->wild;
    auto n = std::make_shared<dl_qnode>();
    n->kind = dl_qnode::FIXED;
    n->fixed = q->rep;
    return n;
}

/* One more wildcard term against the search's cap: budget_spent past it. */
static void
count_expansion(struct dlx::expansion &ex)
{
    if (ex.cap != 0 && ++ex.terms > ex.cap)
        throw dlx::budget_spent("its wildcards match more than " +
                                std::to_string(ex.cap) +
                                " words in all (use fewer wildcards, or more "
                                "letters before each '*')");
}

namespace dlx
{

/* Xapian 1.4 expands OP_WILDCARD inside each shard of a combined
 * database, with that shard's statistics only, so a wildcard's weights
 * over shards differ from those over one database.  Expanding it here,
 * over the combined database, into an explicit OP_SYNONYM of terms makes
 * Xapian gather every term's statistics from all shards, as for any
 * other term. */
Xapian::Query
expand_wildcards(const dl_qnode &n, const Xapian::Database &db,
                 struct expansion &ex)
{
    std::vector<Xapian::Query> v;
    switch (n.kind) {
    case dl_qnode::FIXED:
        return n.fixed;
    case dl_qnode::WILDCARD:
        for (Xapian::TermIterator t = db.allterms_begin(n.prefix);
             t != db.allterms_end(n.prefix); ++t) {
            if (n.max_expansion != 0 && v.size() >= n.max_expansion)
                throw Xapian::WildcardError(
                    "Wildcard " + n.prefix + "* expands to more than " +
                    std::to_string(n.max_expansion) + " terms");
            count_expansion(ex);
            v.push_back(Xapian::Query(*t));
        }
        if (v.empty())
            return Xapian::Query();
        return Xapian::Query(Xapian::Query::OP_SYNONYM, v.begin(), v.end());
    case dl_qnode::COMBINE:
        for (const auto &sub : n.subs)
            v.push_back(expand_wildcards(*sub, db, ex));
        return combine(n.op, v, n.window);
    case dl_qnode::SCALE:
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                             expand_wildcards(*n.subs[0], db, ex), n.factor);
    }
    throw Xapian::InvalidArgumentError("unknown query node");
}

} /* namespace dlx */

extern "C" dl_status
dl_query_combine(dl_qop op, dl_query *const *subs, size_t n, unsigned window,
                 dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        std::vector<Xapian::Query> v;
        bool wild = false;
        v.reserve(n);
        for (size_t i = 0; i < n; i++) {
            v.push_back(subs[i]->rep);
            wild = wild || subs[i]->wild;
        }
        dl_status rc = new_query(combine(op, v, window), out);
        if (wild) {
            auto node = std::make_shared<dl_qnode>();
            node->kind = dl_qnode::COMBINE;
            node->op = op;
            node->window = window;
            for (size_t i = 0; i < n; i++)
                node->subs.push_back(node_of(subs[i]));
            (*out)->wild = node;
        }
        return rc;
    } catch (...) {
        dl_query_free(*out);
        *out = NULL;
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_query_scale(const dl_query *q, double factor, dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        dl_status rc = new_query(
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->rep, factor), out);
        if (q->wild) {
            auto node = std::make_shared<dl_qnode>();
            node->kind = dl_qnode::SCALE;
            node->factor = factor;
            node->subs.push_back(q->wild);
            (*out)->wild = node;
        }
        return rc;
    } catch (...) {
        dl_query_free(*out);
        *out = NULL;
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_query_value_range(unsigned slot, const char *lo, const char *hi,
                     dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        if (lo != NULL && hi != NULL)
            return new_query(
                Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi),
                out);
        if (lo != NULL)
            return new_query(
                Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo), out);
        if (hi != NULL)
            return new_query(
                Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi), out);
        return new_query(Xapian::Query::MatchAll, out);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_query_wildcard(const char *prefix, size_t len, unsigned max_expansion,
                  dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        auto node = std::make_shared<dl_qnode>();
        node->kind = dl_qnode::WILDCARD;
        node->prefix.assign(prefix, len);
        node->max_expansion = max_expansion;
        Xapian::Query q(Xapian::Query::OP_WILDCARD, node->prefix, max_expansion,
                        Xapian::Query::WILDCARD_LIMIT_ERROR,
                        Xapian::Query::OP_SYNONYM);
        dl_status rc = new_query(q, out);
        (*out)->wild = node;
        return rc;
    } catch (...) {
        dl_query_free(*out);
        *out = NULL;
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_query_match_all(dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        return new_query(Xapian::Query::MatchAll, out);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_query_match_nothing(dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        return new_query(Xapian::Query::MatchNothing, out);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" bool
dl_query_is_empty(const dl_query *q)
{
    return q->rep.empty();
}

extern "C" char *
dl_query_describe(const dl_query *q)
{
    try {
        std::string d = q->rep.get_description();
        char *p = NULL;
        if (dlx::copy_out(d, &p, NULL, NULL) != DL_OK)
            return NULL;
        return p;
    } catch (...) {
        return NULL;
    }
}

extern "C" void
dl_query_free(dl_query *q)
{
    delete q;
}
