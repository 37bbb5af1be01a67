/* dl_xapian_expand.cc - the expand set (ESet) of a set of documents with
 * each term's weight, for the words that set a search's matches apart
 * from the archive (searcher/topwords.h).
 *
 * Xapian weighs every term of the given documents (its relevance set) by
 * how much more often the set holds it than the whole database does; the
 * caller's keep function chooses which terms may take part, so the rules
 * (stems only, no numbers, no words shared by most of the archive) stay in
 * C.  Term frequencies are exact over every shard (USE_EXACT_TERMFREQ):
 * by default Xapian approximates them for a combined database, and the
 * words of a sharded index would then differ from one database's.
 */
#include "config.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dl_xapian_int.h"

struct dl_eset {
    std::vector<std::pair<std::string, double>> terms; /* best first */
};

/* Hands each candidate term to the caller's C function. */
class CallbackDecider : public Xapian::ExpandDecider
{
    dl_term_keep_fn keep_;
    void *ctx_;

  public:
    CallbackDecider(dl_term_keep_fn keep, void *ctx) : keep_(keep), ctx_(ctx)
    {
    }
    bool operator()(const std::string &term) const override
    {
        return keep_(ctx_, term.data(), term.size());
    }
};

/* What the sample says of one term: Xapian's ExpandStats for it. */
struct term_stats {
    unsigned long rtermfreq = 0; /* sample documents holding it */
    double multiplier = 0;       /* sum of (k+1) wdf / (k len/avlen + wdf) */
};

/* Xapian's TradEWeight (the "trad" expansion scheme, expand_k 1): the
 * probabilistic relevance weight of a term held by r of the R sample
 * documents and by tf of the N in the database, times its multiplier. */
static double
trad_weight(const term_stats &st, double tf, double R, double N)
{
    double r = (double)st.rtermfreq;
    double without = R - r;
    double num = (r + 0.5) * (N - tf - without + 0.5);
    double denom = (tf - r + 0.5) * (without + 0.5);
    return st.multiplier * std::log(num / denom);
}

/* The same ESet as Xapian's get_eset with the trad scheme, computed
 * directly: Xapian merges the term lists of all the sample documents
 * (a tree of merged lists, every term of every document compared on the
 * way up) and looks up the term frequency once per document holding
 * each kept term; here each term list is read once into a hash of the
 * kept terms, and a term's frequency is looked up only when the bound of
 * its weight (the frequency at its least, r) could still put it among
 * the best.  tests/unit/test_xapian.c holds the two to the same terms and
 * weights. */
static void
direct_eset(dl_db *db, const unsigned *docids, size_t n,
            const struct dl_expand_opts *o, dl_eset *es)
{
    const Xapian::Database &d = db->rep;
    const double k = 1.0;
    double avlen = d.get_avlength();
    double N = (double)d.get_doccount();
    double R = (double)n;
    std::set<std::string> excluded;
    std::unordered_map<std::string, term_stats> stats;

    if (o->exclude != NULL)
        for (Xapian::TermIterator t = o->exclude->rep.get_terms_begin();
             t != o->exclude->rep.get_terms_end(); ++t)
            excluded.insert(*t);
    for (size_t i = 0; i < n; i++) {
        double len = (double)d.get_doclength(docids[i]);
        for (Xapian::TermIterator t = d.termlist_begin(docids[i]);
             t != d.termlist_end(docids[i]); ++t) {
            const std::string &term = *t;
            if (o->keep != NULL && !o->keep(o->ctx, term.data(), term.size()))
                continue;
            double wdf = (double)t.get_wdf();
            if (wdf == 0)
                wdf = 1;
            term_stats &st = stats[term];
            st.rtermfreq++;
            st.multiplier += (k + 1) * wdf / (k * len / avlen + wdf);
        }
    }
    /* Candidates by the bound of their weight, best first. */
    std::vector<std::pair<double, const std::string *>> bound;
    bound.reserve(stats.size());
    for (const auto &kv : stats) {
        if (excluded.count(kv.first) != 0)
            continue;
        bound.emplace_back(
            trad_weight(kv.second, (double)kv.second.rtermfreq, R, N),
            &kv.first);
    }
    std::sort(bound.begin(), bound.end(),
              [](const std::pair<double, const std::string *> &a,
                 const std::pair<double, const std::string *> &b) {
                  return a.first > b.first;
              });
    std::vector<std::pair<std::string, double>> best;
    for (const auto &b : bound) {
        if (best.size() >= o->max_terms && b.first <= best.back().second)
            break;
        double w = trad_weight(stats[*b.second],
                               (double)d.get_termfreq(*b.second), R, N);
        if (w <= 0)
            continue;
        best.emplace_back(*b.second, w);
        std::sort(best.begin(), best.end(),
                  [](const std::pair<std::string, double> &x,
                     const std::pair<std::string, double> &y) {
                      return x.second > y.second ||
                             (x.second == y.second && x.first < y.first);
                  });
        if (best.size() > o->max_terms)
            best.pop_back();
    }
    es->terms = std::move(best);
}

extern "C" dl_status
dl_db_expand_set(dl_db *db, const unsigned *docids, size_t n,
                 const struct dl_expand_opts *o, dl_eset **out, dl_err *err)
{
    dl_eset *es = NULL;
    *out = NULL;
    try {
        if (!o->bo1 && !o->xapian) {
            es = new dl_eset;
            direct_eset(db, docids, n, o, es);
            *out = es;
            return DL_OK;
        }
        Xapian::Enquire enq(db->rep);
        Xapian::RSet rset;
        int flags = Xapian::Enquire::USE_EXACT_TERMFREQ;
        for (size_t i = 0; i < n; i++)
            rset.add_document(docids[i]);
        /* With a query set, Xapian leaves its terms out of the ESet. */
        if (o->exclude != NULL)
            enq.set_query(o->exclude->rep);
        if (o->bo1)
            enq.set_expansion_scheme("bo1");
        CallbackDecider decider(o->keep, o->ctx);
        Xapian::ESet eset =
            enq.get_eset((Xapian::termcount)o->max_terms, rset, flags,
                         o->keep != NULL ? &decider : NULL);
        es = new dl_eset;
        for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e)
            es->terms.emplace_back(*e, e.get_weight());
        *out = es;
        return DL_OK;
    } catch (...) {
        delete es;
        return dlx::from_exception(err);
    }
}

extern "C" size_t
dl_eset_count(const dl_eset *es)
{
    return es->terms.size();
}

extern "C" dl_status
dl_eset_term(const dl_eset *es, size_t i, const char **term, size_t *len,
             double *weight)
{
    if (i >= es->terms.size())
        return DL_EINVAL;
    *term = es->terms[i].first.data();
    *len = es->terms[i].first.size();
    *weight = es->terms[i].second;
    return DL_OK;
}

extern "C" void
dl_eset_free(dl_eset *es)
{
    delete es;
}
