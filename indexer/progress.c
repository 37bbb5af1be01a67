/* progress.c - counters, the terminal progress line and the summary.
 *
 * The line is drawn with "\r" and padded with spaces to cover a longer
 * previous line, so it needs no terminal capabilities; it is only drawn on a
 * terminal (isatty) because a log file full of carriage returns helps no
 * one.  The rate and ETA count bytes, not files: one big JSON Lines file
 * would make a files-based ETA lie.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "dl_clock.h"
#include "progress.h"

void
dl_stats_init(struct dl_index_stats *s)
{
    memset(s, 0, sizeof *s);
}

void
dl_stats_count_reason(struct dl_index_stats *s, const char *reason)
{
    size_t i;
    if (reason == NULL)
        reason = "other";
    s->warnings++;
    for (i = 0; i < s->n_reasons; i++) {
        if (strcmp(s->reasons[i].reason, reason) == 0) {
            s->reasons[i].n++;
            return;
        }
    }
    if (s->n_reasons == DL_MAX_REASONS) {
        /* The last slot becomes the catch-all. */
        s->reasons[DL_MAX_REASONS - 1].reason = "other";
        s->reasons[DL_MAX_REASONS - 1].n++;
        return;
    }
    s->reasons[s->n_reasons].reason = reason;
    s->reasons[s->n_reasons].n = 1;
    s->n_reasons++;
}

void
dl_stats_print(const struct dl_index_stats *s, FILE *f)
{
    size_t i;
    fprintf(f, "indexed: %lu\n", s->indexed);
    fprintf(f, "updated: %lu\n", s->updated);
    fprintf(f, "unchanged: %lu\n", s->unchanged);
    fprintf(f, "deleted: %lu\n", s->deleted);
    fprintf(f, "skipped: %lu\n", s->skipped);
    fprintf(f, "articles: %lu\n", s->articles);
    if (s->boiler_ran)
        fprintf(f, "boilerplate: %lu learned, %lu rebuilt\n", s->boiler_learned,
                s->boiler_rebuilt);
    fprintf(f, "warnings: %lu", s->warnings);
    for (i = 0; i < s->n_reasons; i++)
        fprintf(f, "%s%s %lu", i == 0 ? " (" : ", ", s->reasons[i].reason,
                s->reasons[i].n);
    fputs(s->n_reasons > 0 ? ")\n" : "\n", f);
    fprintf(f, "seconds: %.2f\n", s->seconds);
    if (s->interrupted != 0)
        fprintf(f, "interrupted: yes\n");
    fflush(f);
}

void
dl_progress_init(struct dl_progress *p, bool want)
{
    memset(p, 0, sizeof *p);
    p->enabled = want && isatty(STDERR_FILENO);
    p->start = dl_now();
    p->last = 0;
}

/* "1:02:03" or "2:03" into buf. */
static void
format_eta(double secs, char *buf, size_t n)
{
    unsigned long s = secs > 0 ? (unsigned long)(secs + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, n, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%lu:%02lu", s / 60, s % 60);
}

void
dl_progress_update(struct dl_progress *p, bool force)
{
    double now;
    double elapsed;
    double mbs;
    char line[160];
    char eta[32];
    if (!p->enabled)
        return;
    now = dl_now();
    /* At most four redraws a second: more is flicker and syscalls. */
    if (!force && now - p->last < 0.25)
        return;
    p->last = now;
    elapsed = now - p->start;
    mbs = elapsed > 0 ? (double)p->bytes_done / 1e6 / elapsed : 0;
    if (p->bytes_total > 0 && p->bytes_done > 0 &&
        p->bytes_done <= p->bytes_total)
        format_eta(elapsed * (double)(p->bytes_total - p->bytes_done) /
                       (double)p->bytes_done,
                   eta, sizeof eta);
    else
        snprintf(eta, sizeof eta, "?");
    if (p->files_total > 0)
        snprintf(line, sizeof line,
                 "%lu/%lu files, %lu articles, %.1f MB/s, ETA %s",
                 p->files_done, p->files_total, p->articles, mbs, eta);
    else
        snprintf(line, sizeof line, "%lu files, %lu articles, %.1f MB/s",
                 p->files_done, p->articles, mbs);
    fprintf(stderr, "\r%-70s", line);
    fflush(stderr);
    p->drawn = true;
}

void
dl_progress_clear(struct dl_progress *p)
{
    if (!p->enabled || !p->drawn)
        return;
    fprintf(stderr, "\r%-70s\r", "");
    fflush(stderr);
    p->drawn = false;
}
