/* dl_xapian_search.cc - the match: BM25, sorting, collapsing, facets
 * counted by Xapian's match spies, cost caps (wildcard terms, CPU time),
 * result pages materialised into dl_mset, every match of an export
 * (dl_matches: docids without their data), and query expansion (ESet).
 */
#include "config.h"

#include <xapian.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dl_clock.h"
#include "dl_xapian_int.h"

/* Ends the match once the thread's CPU time passes a deadline.  Xapian
 * has no way to stop a match at a time (Enquire::set_time_limit only
 * stops checking matches beyond check_at_least, and the result then
 * silently becomes an estimate), but it calls every spy for every
 * document it considers, and an exception from a spy leaves get_mset.
 * The clock is read on the first document and every 256th after it: a
 * system call per 256 documents costs nothing next to matching them
 * (measured: no difference in CPU time over the benchmark's query mix),
 * and 256 documents of the costliest query the caps allow take 2 ms. */
class deadline_spy : public Xapian::MatchSpy
{
    double deadline_;
    unsigned long seen_;

  public:
    explicit deadline_spy(double deadline) : deadline_(deadline), seen_(0)
    {
    }
    void operator()(const Xapian::Document &, double) override
    {
        if (seen_++ % 256 == 0 && dl_thread_cpu() >= deadline_)
            throw dlx::budget_spent("it needed more than the CPU time one "
                                    "search may use");
    }
};

extern "C" void
dl_search_opts_init(struct dl_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->sort = DL_SORT_RELEVANCE;
    o->sort_slot = 0;
    o->collapse_slot = -1;
    o->facet_slot = -1;
    o->bm25_k1 = 1;
    o->bm25_k2 = 0;
    o->bm25_k3 = 1;
    o->bm25_b = 0.5;
    o->bm25_min_normlen = 0.5;
}

/* Values counted per facet field, most frequent first (equal counts in
 * value order), at most DL_FACET_VALUES_MAX each, from the spy on
 * o->facet_slot: each value is cut at o->facet_sep into o->n_facets
 * fields (one: the whole value).  An empty field counts nothing, like a
 * missing value. */
#define DL_FACET_VALUES_MAX 1000
static std::vector<std::vector<dl_facet_value>>
collect_facets(const struct dl_search_opts *o,
               const Xapian::ValueCountMatchSpy &spy)
{
    std::vector<std::map<std::string, unsigned long>> counts(o->n_facets);
    for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end();
         ++t) {
        const std::string v = *t;
        size_t start = 0;
        for (size_t f = 0; f < counts.size() && start <= v.size(); f++) {
            size_t end = counts.size() == 1 ? std::string::npos
                                            : v.find(o->facet_sep, start);
            if (end == std::string::npos)
                end = v.size();
            if (end > start)
                counts[f][v.substr(start, end - start)] += t.get_termfreq();
            start = end + 1;
        }
    }
    std::vector<std::vector<dl_facet_value>> out(counts.size());
    for (size_t f = 0; f < counts.size(); f++) {
        for (const auto &kv : counts[f])
            out[f].push_back({kv.first, kv.second});
        /* stable: equal counts keep the map's value order */
        std::stable_sort(out[f].begin(), out[f].end(),
                         [](const dl_facet_value &a, const dl_facet_value &b) {
                             return a.count > b.count;
                         });
        if (out[f].size() > DL_FACET_VALUES_MAX)
            out[f].resize(DL_FACET_VALUES_MAX);
    }
    return out;
}

/* The Enquire for q under o: weighting, sort, collapse, and the spies
 * (the deadline's when with_deadline; the facets' when o asks, also
 * returned in *facet_spy, owned by the Enquire). */
static void
set_up_enquire(Xapian::Enquire &enq, dl_db *db, const dl_query *q,
               const struct dl_search_opts *o, bool with_deadline,
               Xapian::ValueCountMatchSpy **facet_spy)
{
    struct dlx::expansion ex = {0, o->max_wildcard_terms};
    /* Expanded here even for one database, so that a wildcard is
     * weighted the same way whatever the number of shards. */
    if (q->wild)
        enq.set_query(dlx::expand_wildcards(*q->wild, db->rep, ex));
    else
        enq.set_query(q->rep);
    /* The spies are handed to the Enquire with release(), so it owns
     * them and frees them with itself, on every path. */
    if (with_deadline)
        enq.add_matchspy((new deadline_spy(o->cpu_deadline))->release());
    if (o->boolean) {
        enq.set_weighting_scheme(Xapian::BoolWeight());
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
    } else {
        enq.set_weighting_scheme(Xapian::BM25Weight(o->bm25_k1, o->bm25_k2,
                                                    o->bm25_k3, o->bm25_b,
                                                    o->bm25_min_normlen));
    }
    if (!o->boolean && o->sort == DL_SORT_NEWEST)
        enq.set_sort_by_value_then_relevance(o->sort_slot, true);
    else if (!o->boolean && o->sort == DL_SORT_OLDEST)
        enq.set_sort_by_value_then_relevance(o->sort_slot, false);
    if (o->collapse_slot >= 0)
        enq.set_collapse_key((Xapian::valueno)o->collapse_slot);
    *facet_spy = NULL;
    /* Xapian's own spy, so remote shards count too. */
    if (o->facet_slot >= 0 && o->n_facets > 0) {
        *facet_spy =
            new Xapian::ValueCountMatchSpy((Xapian::valueno)o->facet_slot);
        enq.add_matchspy((*facet_spy)->release());
    }
}

/* One try at dl_search; with_deadline adds the deadline spy.  Sets
 * *spy_refused (and returns DL_EXAPIAN) when a remote shard refused it. */
static dl_status
search_once(dl_db *db, const dl_query *q, const struct dl_search_opts *o,
            bool with_deadline, bool *spy_refused, dl_mset **out, dl_err *err)
{
    dl_mset *m = NULL;
    try {
        Xapian::ValueCountMatchSpy *facet_spy = NULL;
        Xapian::Enquire enq(db->rep);
        set_up_enquire(enq, db, q, o, with_deadline, &facet_spy);
        Xapian::MSet ms = enq.get_mset((Xapian::doccount)o->offset,
                                       (Xapian::doccount)o->limit,
                                       (Xapian::doccount)o->check_at_least);
        /* Prefetch only a first page: Xapian 1.4.22's MSet::fetch()
         * indexes its items from 0 while they start at the offset, and
         * reads out of bounds (SEGV) for any offset > 0. */
        if (o->offset == 0 && !o->no_data)
            ms.fetch();
        m = new dl_mset;
        m->lower = ms.get_matches_lower_bound();
        m->estimate = ms.get_matches_estimated();
        m->upper = ms.get_matches_upper_bound();
        for (Xapian::MSetIterator i = ms.begin(); i != ms.end(); ++i) {
            dl_mset_hit_rec h;
            h.docid = *i;
            h.rank = i.get_rank();
            h.score = i.get_weight();
            h.percent = i.get_percent();
            h.collapse_count = i.get_collapse_count();
            /* One Document: its data and values come in one fetch. */
            if (!o->no_data) {
                Xapian::Document doc = i.get_document();
                h.data = doc.get_data();
                for (size_t k = 0; k < o->n_hit_values; k++)
                    h.values.push_back(doc.get_value(o->hit_values[k]));
            }
            m->hits.push_back(std::move(h));
        }
        if (facet_spy != NULL)
            m->facets = collect_facets(o, *facet_spy);
        /* The statistics the match gathered, kept while they are free:
         * asked later, a term's frequency costs a look-up (a round trip
         * per remote shard). */
        const Xapian::Query &run = enq.get_query();
        for (Xapian::TermIterator t = run.get_unique_terms_begin();
             t != run.get_unique_terms_end(); ++t)
            m->termfreqs[*t] = ms.get_termfreq(*t);
        *out = m;
        return DL_OK;
    } catch (const dlx::budget_spent &e) {
        delete m;
        return dl_err_set(err, DL_EBUDGET, "%s", e.what());
    } catch (const Xapian::UnimplementedError &) {
        delete m;
        *spy_refused = with_deadline;
        return dlx::from_exception(err);
    } catch (...) {
        delete m;
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_search(dl_db *db, const dl_query *q, const struct dl_search_opts *o,
          dl_mset **out, dl_err *err)
{
    bool refused = false;
    bool deadline = o->cpu_deadline > 0 && !db->deadline_spy_refused;
    dl_status rc;

    *out = NULL;
    if (o->n_facets > DL_MAX_FACETS)
        return dl_err_set(err, DL_EINVAL, "too many facets");
    if (o->n_hit_values > DL_MAX_HIT_VALUES)
        return dl_err_set(err, DL_EINVAL, "too many values per hit");
    rc = search_once(db, q, o, deadline, &refused, out, err);
    if (refused) {
        /* A remote shard cannot run a spy it does not know (Xapian would
         * serialise it): such a database keeps the deadline between the
         * searcher's steps only. */
        db->deadline_spy_refused = true;
        rc = search_once(db, q, o, false, &refused, out, err);
    }
    return rc;
}

extern "C" dl_status
dl_db_termfreqs(dl_db *db, const char *const *terms, size_t n,
                unsigned long *freqs, dl_err *err)
{
    try {
        std::vector<Xapian::Query> qs;
        for (size_t i = 0; i < n; i++)
            qs.emplace_back(std::string(terms[i]));
        Xapian::Enquire enq(db->rep);
        enq.set_query(
            Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()));
        /* No document is wanted: the statistics come back from every
         * shard together with the (empty) page. */
        Xapian::MSet ms = enq.get_mset(0, 0);
        for (size_t i = 0; i < n; i++)
            freqs[i] = ms.get_termfreq(terms[i]);
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

/* Every match in order, as dl_search_all promises; with_deadline and
 * *spy_refused as for search_once.  The match asks for as many hits as
 * the database has documents (Xapian caps a larger request there
 * anyway), so nothing is left out; the MSet holds each match's docid,
 * weight and keys (about 90 bytes) and is freed once its 16 bytes per
 * match are copied. */
static dl_status
search_all_once(dl_db *db, const dl_query *q, const struct dl_search_opts *o,
                bool with_deadline, bool *spy_refused, dl_matches **out,
                dl_err *err)
{
    dl_matches *m = NULL;
    try {
        Xapian::ValueCountMatchSpy *facet_spy = NULL;
        struct dl_search_opts all = *o;
        Xapian::Enquire enq(db->rep);
        all.facet_slot = -1;
        set_up_enquire(enq, db, q, &all, with_deadline, &facet_spy);
        Xapian::doccount docs = db->rep.get_doccount();
        m = new dl_matches;
        {
            Xapian::MSet ms = enq.get_mset(0, docs, docs);
            m->recs.reserve(ms.size());
            for (Xapian::MSetIterator i = ms.begin(); i != ms.end(); ++i) {
                dl_match_rec r;
                r.docid = *i;
                r.collapse_count = i.get_collapse_count();
                r.score = i.get_weight();
                m->recs.push_back(r);
            }
        }
        *out = m;
        return DL_OK;
    } catch (const dlx::budget_spent &e) {
        delete m;
        return dl_err_set(err, DL_EBUDGET, "%s", e.what());
    } catch (const Xapian::UnimplementedError &) {
        delete m;
        *spy_refused = with_deadline;
        return dlx::from_exception(err);
    } catch (...) {
        delete m;
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_search_all(dl_db *db, const dl_query *q, const struct dl_search_opts *o,
              dl_matches **out, dl_err *err)
{
    bool refused = false;
    bool deadline = o->cpu_deadline > 0 && !db->deadline_spy_refused;
    dl_status rc;

    *out = NULL;
    rc = search_all_once(db, q, o, deadline, &refused, out, err);
    if (refused) {
        db->deadline_spy_refused = true;
        rc = search_all_once(db, q, o, false, &refused, out, err);
    }
    return rc;
}

extern "C" size_t
dl_matches_count(const dl_matches *m)
{
    return m->recs.size();
}

extern "C" dl_status
dl_matches_get(const dl_matches *m, size_t i, struct dl_hit *hit)
{
    if (i >= m->recs.size())
        return DL_EINVAL;
    const dl_match_rec &r = m->recs[i];
    hit->docid = r.docid;
    hit->rank = (unsigned)i;
    hit->score = r.score;
    hit->percent = 0;
    hit->collapse_count = r.collapse_count;
    hit->data = NULL;
    hit->data_len = 0;
    hit->n_values = 0;
    return DL_OK;
}

extern "C" void
dl_matches_free(dl_matches *m)
{
    delete m;
}

extern "C" size_t
dl_mset_count(const dl_mset *m)
{
    return m->hits.size();
}

extern "C" void
dl_mset_total(const dl_mset *m, unsigned long *lower, unsigned long *estimate,
              unsigned long *upper)
{
    if (lower != NULL)
        *lower = m->lower;
    if (estimate != NULL)
        *estimate = m->estimate;
    if (upper != NULL)
        *upper = m->upper;
}

extern "C" dl_status
dl_mset_hit(const dl_mset *m, size_t i, struct dl_hit *hit)
{
    if (i >= m->hits.size())
        return DL_EINVAL;
    const dl_mset_hit_rec &h = m->hits[i];
    hit->docid = h.docid;
    hit->rank = h.rank;
    hit->score = h.score;
    hit->percent = h.percent;
    hit->collapse_count = h.collapse_count;
    hit->data = h.data.data();
    hit->data_len = h.data.size();
    hit->n_values = h.values.size();
    for (size_t k = 0; k < hit->n_values && k < DL_MAX_HIT_VALUES; k++) {
        hit->values[k] = h.values[k].data();
        hit->value_lens[k] = h.values[k].size();
    }
    return DL_OK;
}

extern "C" dl_status
dl_mset_hit_value(const dl_mset *m, size_t i, size_t k, const char **value,
                  size_t *len)
{
    if (i >= m->hits.size() || k >= m->hits[i].values.size())
        return DL_EINVAL;
    *value = m->hits[i].values[k].data();
    *len = m->hits[i].values[k].size();
    return DL_OK;
}

extern "C" dl_status
dl_mset_termfreq(const dl_mset *m, const char *term, size_t len,
                 unsigned long *freq)
{
    try {
        auto it = m->termfreqs.find(std::string(term, len));
        if (it == m->termfreqs.end())
            return DL_ENOENT;
        *freq = it->second;
        return DL_OK;
    } catch (...) {
        return DL_ENOENT; /* bad_alloc building the key: look it up */
    }
}

extern "C" dl_status
dl_mset_facet(const dl_mset *m, size_t f, size_t k, const char **value,
              size_t *len, unsigned long *count)
{
    if (f >= m->facets.size())
        return DL_EINVAL;
    if (k >= m->facets[f].size())
        return DL_DONE;
    const dl_facet_value &v = m->facets[f][k];
    *value = v.value.data();
    *len = v.value.size();
    *count = v.count;
    return DL_OK;
}

extern "C" void
dl_mset_free(dl_mset *m)
{
    delete m;
}

/* Expansion terms worth adding: plain lowercase words, not prefixed
 * boolean or stem terms (prefixes are uppercase ASCII). */
class PlainTermDecider : public Xapian::ExpandDecider
{
  public:
    bool operator()(const std::string &term) const override
    {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
    }
};

extern "C" dl_status
dl_db_expand(dl_db *db, const unsigned *docids, size_t n, size_t max_terms,
             char **terms, size_t *count, dl_err *err)
{
    *terms = NULL;
    *count = 0;
    try {
        Xapian::Enquire enq(db->rep);
        Xapian::RSet rset;
        for (size_t i = 0; i < n; i++)
            rset.add_document(docids[i]);
        PlainTermDecider decider;
        Xapian::ESet eset =
            enq.get_eset((Xapian::termcount)max_terms, rset, &decider);
        std::string all;
        size_t c = 0;
        for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e) {
            all += *e;
            all.push_back('\0');
            c++;
        }
        dl_status rc = dlx::copy_out(all, terms, NULL, err);
        if (rc == DL_OK)
            *count = c;
        return rc;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

/* One try at dl_db_count_values (see dl_search's search_once for the
 * deadline spy and a remote shard's refusal of it).  The counts are
 * copied out before fn runs, so fn never sees a half-finished match. */
static dl_status
count_once(dl_db *db, const dl_query *q, const unsigned *slots, size_t n_slots,
           unsigned max_wildcard_terms, double cpu_deadline, bool with_deadline,
           bool *spy_refused, std::vector<std::vector<dl_facet_value>> &counts,
           unsigned long *matches, dl_err *err)
{
    try {
        std::vector<Xapian::ValueCountMatchSpy *> spies;
        Xapian::Enquire enq(db->rep);
        struct dlx::expansion ex = {0, max_wildcard_terms};
        if (q->wild)
            enq.set_query(dlx::expand_wildcards(*q->wild, db->rep, ex));
        else
            enq.set_query(q->rep);
        /* Every match counts the same: no weights to compute. */
        enq.set_weighting_scheme(Xapian::BoolWeight());
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
        if (with_deadline)
            enq.add_matchspy((new deadline_spy(cpu_deadline))->release());
        for (size_t i = 0; i < n_slots; i++) {
            spies.push_back(
                new Xapian::ValueCountMatchSpy((Xapian::valueno)slots[i]));
            enq.add_matchspy(spies.back()->release());
        }
        Xapian::doccount all = db->rep.get_doccount();
        Xapian::MSet ms = enq.get_mset(0, 0, all);
        *matches = ms.get_matches_lower_bound();
        counts.assign(n_slots, {});
        for (size_t i = 0; i < n_slots; i++) {
            for (Xapian::TermIterator t = spies[i]->values_begin();
                 t != spies[i]->values_end(); ++t)
                counts[i].push_back({*t, t.get_termfreq()});
        }
        return DL_OK;
    } catch (const dlx::budget_spent &e) {
        return dl_err_set(err, DL_EBUDGET, "%s", e.what());
    } catch (const Xapian::UnimplementedError &) {
        *spy_refused = with_deadline;
        return dlx::from_exception(err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_count_values(dl_db *db, const dl_query *q, const unsigned *slots,
                   size_t n_slots, unsigned max_wildcard_terms,
                   double cpu_deadline, dl_count_fn fn, void *ctx,
                   unsigned long *matches, dl_err *err)
{
    std::vector<std::vector<dl_facet_value>> counts;
    bool refused = false;
    bool deadline = cpu_deadline > 0 && !db->deadline_spy_refused;
    dl_status rc;

    *matches = 0;
    if (n_slots > DL_MAX_FACETS)
        return dl_err_set(err, DL_EINVAL, "too many value slots to count");
    try {
        rc = count_once(db, q, slots, n_slots, max_wildcard_terms, cpu_deadline,
                        deadline, &refused, counts, matches, err);
        if (refused) {
            db->deadline_spy_refused = true;
            rc =
                count_once(db, q, slots, n_slots, max_wildcard_terms,
                           cpu_deadline, false, &refused, counts, matches, err);
        }
        for (size_t i = 0; rc == DL_OK && i < counts.size(); i++) {
            for (const dl_facet_value &v : counts[i]) {
                if (fn(ctx, i, v.value.data(), v.value.size(), v.count) != 0)
                    return DL_OK;
            }
        }
        return rc;
    } catch (...) {
        return dlx::from_exception(err);
    }
}
