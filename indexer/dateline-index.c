/* dateline-index.c - the indexer's main: options, signals, exit status.
 *
 * Everything else is in libdlindex (pipeline.h, shard.h).  The main parses
 * options, installs the SIGINT/SIGTERM handlers that ask the run to stop (a
 * second signal kills at once: the database is at its last commit either way),
 * ignores SIGXFSZ so that a file-size limit turns into a write error the
 * run reports instead of a silent death, prints the summary, and maps the
 * run's dl_status to the documented exit status.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_dbstatus.h"
#include "dl_log.h"
#include "dl_xapian.h"
#include "pipeline.h"
#include "progress.h"
#include "shard.h"
#include "tempdb.h"

#define EXIT_FATAL 1
#define EXIT_USAGE 2
#define EXIT_LOCKED 3
#define EXIT_MEMORY                                                            \
    4 /* the run completed, but memory ran out inside some                     \
         articles or files, which were skipped */

/* getopt_long's codes for the long options. */
enum {
    OPT_DB = 256,
    OPT_FULL,
    OPT_NO_DELETE,
    OPT_JOBS,
    OPT_LOCK_TIMEOUT,
    OPT_QUIET,
    OPT_LANG,
    OPT_FOLLOW,
    OPT_MAX_SIZE,
    OPT_SHARDS,
    OPT_SHARD_BY,
    OPT_WATCH,
    OPT_STATUS,
    OPT_FORMAT,
    OPT_HELP,
    OPT_VERSION
};

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t rescan_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

/* SIGHUP: a watcher rescans the whole tree. */
static void
on_hangup(int sig)
{
    rescan_signal = sig;
}

static void
usage(FILE *f)
{
    fputs("Usage: dateline-index [OPTION]... DIR|FILE...\n"
          "Index news articles (.txt .html .jsonl, and .gz of them) under "
          "each DIR\nor FILE into a Dateline database.  Re-runs are "
          "incremental.\n"
          "\n"
          "  --db PATH             database (default: $DATELINE_DB, else "
          "./dateline.db):\n"
          "                        a new path, an empty folder or a "
          "Dateline database\n"
          "  --full                rebuild the database from scratch\n"
          "  --no-delete           keep articles of files that have vanished\n"
          "  --jobs N              worker threads (default: online CPUs, at "
          "most 8)\n"
          "  --lock-timeout S      wait at most S seconds for another indexer "
          "(default 10)\n"
          "  --quiet               no warnings, no progress line\n"
          "  --lang CODE           treat every article as language CODE\n"
          "  --follow-symlinks     follow symbolic links below the given "
          "paths\n"
          "  --max-file-size BYTES skip larger files (suffixes K M G; "
          "default 64M)\n"
          "  --shards N            write N shards (by a hash of the file "
          "path) and a stub\n"
          "                        file naming them: PATH becomes a "
          "directory\n"
          "  --shard-by year       one shard per year in the file paths "
          "instead\n"
          "  --watch               after indexing, watch the folders "
          "(inotify) and index\n"
          "                        changes as they come, until SIGTERM or "
          "SIGINT; SIGHUP\n"
          "                        rescans the whole tree\n"
          "  --status              print the database's figures and "
          "freshness (no DIR;\n"
          "                        reads only, takes no lock)\n"
          "  --format FMT          --status as text (default) or json\n"
          "  --help                show this help and exit\n"
          "  --version             show the version and exit\n"
          "\n"
          "A summary goes to standard output; warnings and the progress "
          "line to\nstandard error.\n"
          "\n"
          "Exit status:\n"
          "  0    the run completed (files skipped with a warning included)\n"
          "  1    fatal error (database damaged, commit failed, disk full...)\n"
          "  2    usage error, or --db names something that is not a "
          "Dateline\n"
          "       database, an empty folder or a new path (nothing is "
          "touched)\n"
          "  3    the database stayed locked by another indexer, or a "
          "watcher\n       (--watch) holds it\n"
          "  4    the run completed, but memory ran out while reading some\n"
          "       articles or files: they were skipped with a warning and "
          "the\n       next run tries them again\n"
          "  130  interrupted by SIGINT, 143 by SIGTERM (work done so far is "
          "committed)\n",
          f);
}

static int bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
bad_usage(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dateline-index: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'dateline-index --help'.\n");
    return EXIT_USAGE;
}

/* "64M" -> 67108864.  false on garbage or overflow. */
static bool
parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v;
    unsigned long long mul = 1;
    if (*s == '-' || *s == '\0')
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s)
        return false;
    if (*end == 'K' || *end == 'k')
        mul = 1024ULL;
    else if (*end == 'M' || *end == 'm')
        mul = 1024ULL * 1024;
    else if (*end == 'G' || *end == 'g')
        mul = 1024ULL * 1024 * 1024;
    else if (*end != '\0')
        return false;
    if (mul != 1 && end[1] != '\0')
        return false;
    if (v == 0 || v > (unsigned long long)SIZE_MAX / mul)
        return false;
    *out = (size_t)(v * mul);
    return true;
}

/* Install the signal handlers, index, print the summary; the exit status.
 * so NULL: a single database. */
static int
run(struct dl_index_opts *o, const struct dl_shard_opts *so,
    const char *const *roots, size_t n, bool quiet)
{
    struct dl_index_stats stats;
    struct sigaction sa;
    dl_err err;
    dl_status rc;

    o->stop = &stop_signal;
    o->rescan = &rescan_signal;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hangup;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* One signal asks for a clean stop; the next one kills. */
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
    dl_xapian_exit_on_write_abort(o->db_path, dl_index_remove_live_temps);

    dl_err_clear(&err);
    if (so != NULL)
        rc = dl_shard_index_run(o, so, roots, n, &stats, &err);
    else
        rc = dl_index_run(o, roots, n, &stats, &err);
    if (rc != DL_OK) {
        dl_error(NULL, 0, "%s",
                 err.msg[0] != '\0' ? err.msg : dl_status_str(rc));
        if (rc == DL_ELOCKED)
            return EXIT_LOCKED;
        if (stats.interrupted == SIGINT)
            return 130;
        if (stats.interrupted == SIGTERM)
            return 143;
        return EXIT_FATAL;
    }
    dl_stats_print(&stats, stdout);
    if (stats.interrupted != 0 && o->watch) {
        dl_error(NULL, 0,
                 "watcher stopped by signal %d: what it indexed is "
                 "committed; its next start indexes what changed since",
                 stats.interrupted);
        return 128 + stats.interrupted;
    }
    if (stats.interrupted != 0) {
        dl_error(NULL, 0,
                 "interrupted: work done so far is committed; run "
                 "again to finish");
        return 128 + stats.interrupted;
    }
    if (stats.skipped_memory > 0) {
        dl_error(NULL, 0,
                 "%lu article(s) or file(s) skipped: out of memory (%s); run "
                 "again to index them",
                 stats.skipped_memory,
                 quiet ? "run without --quiet to see which"
                       : "the warnings name them");
        return EXIT_MEMORY;
    }
    return 0;
}

/* What the command line asks for. */
struct cli {
    struct dl_index_opts o;
    struct dl_shard_opts so;
    bool sharded; /* --shards or --shard-by */
    bool quiet;
    bool status; /* --status */
    bool json;   /* --format json */
};

/* The value of --jobs or --shards: a whole number from 1 to max. */
static bool
parse_count(const char *s, long max, unsigned *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 1 || v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

/* One option c with its argument arg into cl.  -1 to go on, else the exit
 * status (after --help, --version or a usage error). */
static int
take_option(struct cli *cl, int c, const char *arg, const char *given)
{
    char *end;
    switch (c) {
    case OPT_DB:
        if (arg[0] == '\0')
            return bad_usage("--db needs a path");
        cl->o.db_path = arg;
        return -1;
    case OPT_FULL:
        cl->o.full = true;
        return -1;
    case OPT_NO_DELETE:
        cl->o.no_delete = true;
        return -1;
    case OPT_JOBS:
        if (!parse_count(arg, 64, &cl->o.jobs))
            return bad_usage("--jobs: '%s' is not a number from 1 to 64", arg);
        return -1;
    case OPT_LOCK_TIMEOUT: {
        double v;
        errno = 0;
        v = strtod(arg, &end);
        if (errno != 0 || end == arg || *end != '\0' || !(v >= 0) || v > 86400)
            return bad_usage("--lock-timeout: '%s' is not a number of "
                             "seconds",
                             arg);
        cl->o.lock_timeout = v;
        return -1;
    }
    case OPT_QUIET:
        cl->quiet = true;
        return -1;
    case OPT_LANG:
        if (arg[0] == '\0' || strlen(arg) > 16)
            return bad_usage("--lang: '%s' is not a language code", arg);
        cl->o.force_lang = arg;
        return -1;
    case OPT_FOLLOW:
        cl->o.follow_symlinks = true;
        return -1;
    case OPT_MAX_SIZE:
        if (!parse_size(arg, &cl->o.max_file_bytes))
            return bad_usage("--max-file-size: '%s' is not a size", arg);
        return -1;
    case OPT_SHARDS:
        if (!parse_count(arg, DL_SHARD_MAX, &cl->so.n))
            return bad_usage("--shards: '%s' is not a number from 1 to %d", arg,
                             DL_SHARD_MAX);
        cl->sharded = true;
        return -1;
    case OPT_SHARD_BY:
        if (strcmp(arg, "year") == 0)
            cl->so.by = DL_SHARD_BY_YEAR;
        else if (strcmp(arg, "hash") != 0)
            return bad_usage("--shard-by: '%s' is not hash or year", arg);
        cl->sharded = true;
        return -1;
    case OPT_WATCH:
        cl->o.watch = true;
        return -1;
    case OPT_STATUS:
        cl->status = true;
        return -1;
    case OPT_FORMAT:
        if (strcmp(arg, "json") == 0)
            cl->json = true;
        else if (strcmp(arg, "text") != 0)
            return bad_usage("--format: '%s' is not text or json", arg);
        return -1;
    case OPT_HELP:
        usage(stdout);
        return 0;
    case OPT_VERSION:
        printf("dateline-index %s\n", PACKAGE_VERSION);
        return 0;
    default:
        return bad_usage("unknown or incomplete option '%s'", given);
    }
}

/* The command line into cl (defaults first); roots start at argv[optind].
 * -1 to go on, else the exit status. */
static int
parse_args(int argc, char **argv, struct cli *cl)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"full", no_argument, NULL, OPT_FULL},
        {"no-delete", no_argument, NULL, OPT_NO_DELETE},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"lang", required_argument, NULL, OPT_LANG},
        {"follow-symlinks", no_argument, NULL, OPT_FOLLOW},
        {"max-file-size", required_argument, NULL, OPT_MAX_SIZE},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"shard-by", required_argument, NULL, OPT_SHARD_BY},
        {"watch", no_argument, NULL, OPT_WATCH},
        {"status", no_argument, NULL, OPT_STATUS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    int c;

    memset(cl, 0, sizeof *cl);
    dl_index_opts_init(&cl->o);
    cl->so.by = DL_SHARD_BY_HASH;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int status = take_option(cl, c, optarg, argv[optind - 1]);
        if (status >= 0)
            return status;
    }
    if (cl->status)
        return optind == argc ? -1
                              : bad_usage("--status takes no DIR or FILE: '%s'",
                                          argv[optind]);
    if (cl->json)
        return bad_usage("--format is for --status");
    if (optind == argc)
        return bad_usage("no DIR or FILE to index");
    if (cl->o.watch && cl->sharded)
        return bad_usage("--watch cannot write shards (--shards, "
                         "--shard-by): watch a single database");
    if (cl->sharded && cl->so.by == DL_SHARD_BY_HASH && cl->so.n == 0)
        return bad_usage("--shard-by hash needs --shards N");
    return -1;
}

/* Keep freed memory in the process.  By default glibc hands the top of
 * each thread's arena back with madvise as soon as 128 KB are free, and
 * maps blocks over 128 KB (growing to 32 MB) afresh each time; with
 * Xapian's inverter freeing and refilling its maps at every commit, that
 * is a TLB shootdown across cores and a page fault per page, again and
 * again (bench/README.md, "glibc's trim threshold").  Peak RSS is
 * unchanged: what is kept is what the peak already used. */
static void
keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
}

/* --status: the figures of the database at path on stdout. */
static int
print_status(const char *path, bool json)
{
    struct dl_dbstatus st;
    dl_db *db = NULL;
    dl_buf out = DL_BUF_INIT;
    dl_err err;
    dl_status rc;

    dl_err_clear(&err);
    rc = dl_db_open(path, &db, &err);
    if (rc == DL_OK)
        rc = dl_dbstatus_read(db, &st, &err);
    if (rc == DL_OK)
        rc = dl_dbstatus_lock(path, &st, &err);
    dl_db_close(db);
    if (rc == DL_OK && st.schema[0] == '\0') {
        dl_error(path, 0, "not a Dateline database (no dl:schema)");
        return EXIT_USAGE;
    }
    if (rc != DL_OK) {
        dl_error(path, 0, "%s",
                 err.msg[0] != '\0' ? err.msg : dl_status_str(rc));
        return rc == DL_ENOENT ? EXIT_USAGE : EXIT_FATAL;
    }
    rc = json ? dl_dbstatus_json(&st, &out) : dl_dbstatus_text(&st, &out);
    if (rc != DL_OK || fwrite(out.data, 1, out.len, stdout) != out.len ||
        fflush(stdout) != 0) {
        dl_buf_free(&out);
        dl_error(NULL, 0, "cannot write the status");
        return EXIT_FATAL;
    }
    dl_buf_free(&out);
    return 0;
}

int
main(int argc, char **argv)
{
    struct cli cl;
    const char *const *roots;
    size_t n;
    dl_buf db = DL_BUF_INIT; /* the clean --db path, until exit */
    dl_err err;
    dl_status rc;
    int status;

    keep_freed_memory();
    dl_log_set_program("dateline-index");
    dl_alloc_init_from_env();
    status = parse_args(argc, argv, &cl);
    if (status >= 0)
        return status;
    if (cl.status)
        return print_status(cl.o.db_path, cl.json);
    roots = (const char *const *)(argv + optind);
    n = (size_t)(argc - optind);

    /* The database path, cleaned once here (a trailing slash, "." or a
     * link), and proven a place the run may write before anything is
     * opened: a refusal is exit 2, nothing touched. */
    dl_err_clear(&err);
    rc = dl_dbpath_clean(cl.o.db_path, &db, &err);
    if (rc == DL_OK) {
        cl.o.db_path = db.data;
        rc = dl_dbpath_check(cl.o.db_path, cl.sharded, roots, n, NULL, &err);
    }
    if (rc != DL_OK) {
        dl_error(NULL, 0, "%s",
                 err.msg[0] != '\0' ? err.msg : dl_status_str(rc));
        status = rc == DL_EINVAL ? EXIT_USAGE : EXIT_FATAL;
    } else {
        cl.o.progress = !cl.quiet;
        dl_log_set_quiet(cl.quiet);
        status = run(&cl.o, cl.sharded ? &cl.so : NULL, roots, n, cl.quiet);
    }
    dl_buf_free(&db);
    return status;
}
