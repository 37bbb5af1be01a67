/* progress.h - a run's counters, its progress line and its summary.
 *
 * The counters (struct dl_index_stats) are what the run reports: files
 * indexed (new), updated (changed), unchanged (skipped without opening),
 * deleted (vanished), skipped (not indexed because of a problem), articles,
 * and warnings by reason.  The progress line is for a person at a terminal:
 * files done/total, articles, MB/s and ETA, redrawn in place with "\r" at
 * most four times a second, on stderr, only when stderr is a terminal.
 * The summary is for people and scripts alike: "key: value" lines on
 * stdout (see dl_stats_print).
 */
#ifndef DL_PROGRESS_H
#define DL_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Distinct warning reasons kept apart; more are counted as "other". */
#define DL_MAX_REASONS 32

struct dl_reason_count {
    const char *reason; /* static key from a reader or the walk */
    unsigned long n;
};

struct dl_index_stats {
    unsigned long indexed;   /* new files indexed */
    unsigned long updated;   /* changed files re-indexed */
    unsigned long unchanged; /* files skipped: same size and mtime */
    unsigned long deleted;   /* vanished files whose articles were removed */
    unsigned long skipped;   /* files not indexed because of a problem */
    unsigned long skipped_memory;   /* articles and files skipped because
                                       memory ran out (run again) */
    unsigned long articles;         /* articles written in this run */
    unsigned long removed_articles; /* articles deleted (changed, vanished) */
    unsigned long warnings;         /* warnings printed */
    unsigned long long bytes;       /* bytes of files read */
    struct dl_reason_count reasons[DL_MAX_REASONS];
    size_t n_reasons;
    bool boiler_ran;              /* the boilerplate pass ran: */
    unsigned long boiler_learned; /* paragraphs it knows, all sources */
    unsigned long boiler_rebuilt; /* articles it rebuilt */
    double seconds;               /* wall time of the run */
    bool full;                    /* the run rebuilt the database */
    int interrupted;              /* signal that stopped the run, 0 if none */
};

/* dl_stats_init - all zero. */
void dl_stats_init(struct dl_index_stats *s);

/* dl_stats_count_reason - one more warning for reason (static string). */
void dl_stats_count_reason(struct dl_index_stats *s, const char *reason);

/* dl_stats_print - the summary, one "key: value" line each:
 *     indexed: N        updated: N      unchanged: N     deleted: N
 *     skipped: N        articles: N     warnings: N (reason N, ...)
 *     seconds: S.SS
 * (one per line, in that order), and after "articles:", when the run
 * learned boilerplate (indexer/boilerplate.h), "boilerplate: N learned, M
 * rebuilt": the paragraphs it knows over all sources, the articles it
 * cleaned or restored.  Scripts read it with awk. */
void dl_stats_print(const struct dl_index_stats *s, FILE *f);

struct dl_progress {
    bool enabled;                   /* draw the line at all */
    bool drawn;                     /* a line is on screen */
    double start;                   /* monotonic seconds */
    double last;                    /* last redraw */
    unsigned long files_total;      /* 0: unknown */
    unsigned long long bytes_total; /* 0: unknown */
    unsigned long files_done;
    unsigned long long bytes_done;
    unsigned long articles;
};

/* dl_progress_init - enabled only when asked and stderr is a terminal. */
void dl_progress_init(struct dl_progress *p, bool want);

/* dl_progress_update - redraw if enabled and a quarter second has passed
 * (force: now).  Not thread-safe: the caller holds its counters' lock. */
void dl_progress_update(struct dl_progress *p, bool force);

/* dl_progress_clear - erase the line (before a warning or the summary). */
void dl_progress_clear(struct dl_progress *p);

#ifdef __cplusplus
}
#endif

#endif
