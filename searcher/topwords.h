/* topwords.h - the words that set a search's matching articles apart from
 * the archive as a whole (issue 25, part 3; Media Cloud's "top words").
 *
 * The words are Xapian's expand set (ESet) over the matching articles, or
 * when there are more than DL_TOPWORDS_SAMPLE of them over that many
 * evenly spaced in index order (every k-th match by docid), with
 * near-duplicates collapsed as the search collapses them, so one wire
 * story printed by forty outlets counts once.  An evenly spaced sample is
 * a fair picture of the whole matching set; the best matches by relevance
 * are not (they lean to short articles with the query word in the title:
 * palm and vegetable oil notices for "oil").  docs/query-language.md,
 * "Top words", has the measurements behind the sample and its size.  Candidates
 * are stems (the Z terms of dl_schema.h: a word is stemmed in its article's
 * language), so "quota" and "quotas" are one word; left out are the query's own
 * words, numbers, words of one or two letters, function words of the article's
 * language (stopwords.h), and words that more than DL_TOPWORDS_MAX_SHARE of all
 * articles hold (the "said" and "year" of any news archive) unless the sample
 * holds them DL_TOPWORDS_COMMON_LIFT times as often (in a small archive a
 * topic's own words can be that common).  Boilerplate needs
 * no rule: the indexer keeps a source's learned boilerplate out of the terms.
 *
 * Each word is shown in its most common surface form: the raw word that
 * most of the sample's documents hold among those that give that stem
 * (the sample's term lists read, their words stemmed in their article's
 * language).  Terms keep no case, so the form is the term's lowercase.
 * Per word: form, stem, the ESet weight (score) and how many documents of
 * the sample hold it.
 */
#ifndef DL_TOPWORDS_H
#define DL_TOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "dl_status.h"
#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Words one request may ask for (--top-words N, 1..100). */
#define DL_TOPWORDS_MAX 100
/* The sample: this many matches, evenly spaced (the cost grows with the
 * documents; on Reuters 500 kept 16 of the whole set's 20 words on
 * average, 1,000 kept 17 at twice the cost). */
#define DL_TOPWORDS_SAMPLE 500
/* A word that more than this share of all articles hold is no top word
 * (on Reuters: said 74%, mln 41%, dlrs 39%, year 33%, pct 30%, company
 * 30%; share, market and new, at 19-20%, stay candidates)... */
#define DL_TOPWORDS_MAX_SHARE 0.2
/* ...unless the sample holds it at least this many times as often. */
#define DL_TOPWORDS_COMMON_LIFT 2.0

struct dl_topword {
    char *word;         /* most common surface form (term form) */
    char *stem;         /* its stem, as the index keeps it (no prefix) */
    double score;       /* ESet weight: higher sets the sample apart more */
    unsigned long docs; /* documents of the sample holding it */
};

struct dl_topwords {
    char *query;              /* the query as given */
    unsigned long matches;    /* matching articles (the search's total) */
    size_t sample;            /* documents the words were drawn from */
    bool any_word;            /* nothing held all the words: any of them */
    bool empty_query;         /* nothing to search for was given */
    struct dl_topword *words; /* best first */
    size_t n;
    double took_ms;
};

struct dl_topwords_opts {
    size_t n;      /* words wanted, 1..DL_TOPWORDS_MAX */
    size_t sample; /* 0: DL_TOPWORDS_SAMPLE; for measurements */
    bool bo1;      /* DFR Bo1 weights instead of Xapian's default; for
                      measurements */
    bool best;     /* sample the best matches by relevance instead of
                      evenly spaced ones; for measurements */
    bool xapian;   /* the ESet through Xapian's get_eset rather than
                      computed directly (the same words, slower:
                      dl_expand_opts); for measurements and tests */
};

/* dl_topwords_opts_init - n 20, the default sample and weights. */
void dl_topwords_opts_init(struct dl_topwords_opts *o);

/* dl_topwords_run - the top words of the search r (its query, side
 * filters, match mode and collapsing; the page and sort are not used) on
 * s, within r->budget_ms of CPU time.  *out is the caller's
 * (dl_topwords_free).  Errors as dl_searcher_run: DL_EQUERY and *errpos
 * for a bad query, DL_EINVAL for n out of range or a bad filter,
 * DL_EBUDGET, DL_ENOMEM, DL_EMODIFIED when the database kept changing
 * through every retry, other database errors. */
dl_status dl_topwords_run(dl_searcher *s, const struct dl_search_req *r,
                          const struct dl_topwords_opts *o,
                          struct dl_topwords **out, size_t *errpos,
                          dl_err *err);

/* dl_topwords_free - release; NULL is a no-op. */
void dl_topwords_free(struct dl_topwords *tw);

/* One surface form of a stem and the sample documents holding it. */
struct dl_topword_form {
    const char *form; /* borrowed */
    size_t len;
    unsigned long docs;
};

/* dl_topwords_best_form - the index of the form to show among forms[0..n)
 * (n > 0): the one most documents hold; on a tie the shorter, then the
 * first in byte order, so the choice never depends on reading order. */
size_t dl_topwords_best_form(const struct dl_topword_form *forms, size_t n);

#ifdef __cplusplus
}
#endif

#endif
