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

#include <string>
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

extern "C" dl_status
dl_db_expand_set(dl_db *db, const unsigned *docids, size_t n,
                 const struct dl_expand_opts *o, dl_eset **out, dl_err *err)
{
    dl_eset *es = NULL;
    *out = NULL;
    try {
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
