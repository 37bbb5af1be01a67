/* test_xapian_nomem.c - C++ allocation failures anywhere under the C API
 * over Xapian never cross into C: every entry point returns a status.
 *
 * dl_alloc's fault injection (dl_alloc_fail_after) reaches only our own C
 * allocations; Xapian and the C++ library allocate with operator new.  This
 * program defines operator new and operator new[] itself (an executable's
 * definition comes before the C++ runtime's and the sanitizer's), passing
 * every call on to the next definition except the one a countdown picks,
 * which throws std::bad_alloc as a real failure would; in sticky mode every
 * later call fails too, as when memory stays short.  Each scenario runs
 * with the failure at its 1st, 2nd, ... allocation until it runs clean
 * (SQLite's faultsim loop): every call must return DL_OK or an error code
 * with a message, never abort.  Without the interposition (a runtime that
 * defines operator new in the executable first) the tests skip.
 */
#include "config.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dl_alloc.h"
#include "dl_schema.h"
#include "dl_xapian.h"

/* ---- operator new, interposed ------------------------------------------ */

/* The Itanium C++ ABI names of operator new(std::size_t), operator
 * new[](std::size_t) and std::__throw_bad_alloc(), which throws a
 * std::bad_alloc from C (libstdc++ exports it for inline code). */
void *_Znwm(size_t n);
void *_Znam(size_t n);
void _ZSt17__throw_bad_allocv(void) __attribute__((noreturn));

typedef void *(*new_fn)(size_t);

static long countdown = -1; /* calls left before one fails; -1: none */
static int sticky;          /* keep failing once one failed */
static long calls;          /* calls seen since the last arm() */
static long failed;         /* calls failed since the last arm() */

static void *
next_new(const char *name, new_fn *cache, size_t n)
{
    calls++;
    if (countdown >= 0 && countdown-- == 0) {
        countdown = sticky ? 0 : -1;
        failed++;
        _ZSt17__throw_bad_allocv();
    }
    if (*cache == NULL)
        *cache = (new_fn)dlsym(RTLD_NEXT, name);
    if (*cache == NULL)
        abort(); /* no C++ runtime after us: cannot go on */
    return (*cache)(n);
}

void *
_Znwm(size_t n)
{
    static new_fn real;
    return next_new("_Znwm", &real, n);
}

void *
_Znam(size_t n)
{
    static new_fn real;
    return next_new("_Znam", &real, n);
}

/* Full stacks for LeakSanitizer: libxapian has no frame pointers, and
 * tests/lsan.supp names the Xapian function whose leaks under a failed
 * allocation are Xapian's own.  (Read by AddressSanitizer at start-up;
 * unused in a build without it.) */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

/* The (n+1)th call of operator new from now fails (n < 0: none). */
static void
arm(long n, int keep_failing)
{
    calls = 0;
    failed = 0;
    sticky = keep_failing;
    countdown = n;
}

static void
disarm(void)
{
    countdown = -1;
}

/* ---- fixtures ---------------------------------------------------------- */

static char tmpdir[256];

static int
make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dl-test-xnomem-XXXXXX");
    return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
remove_tmpdir(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Skip unless this program's operator new is the one called. */
static void
need_interposition(void)
{
    dl_doc *doc = NULL;
    arm(-1, 0);
    if (dl_doc_new(&doc, NULL) == DL_OK)
        dl_doc_free(doc);
    if (calls == 0)
        skip();
}

/* A failed call: its code is an error and the message says something. */
static void
check_failure(const char *what, long at, dl_status rc, const dl_err *err)
{
    if (rc == DL_OK || rc == DL_DONE)
        return;
    if (err->code != rc || err->msg[0] == '\0') {
        print_error("%s, allocation %ld failing: status %d, record %d '%s'\n",
                    what, at, (int)rc, (int)err->code, err->msg);
        fail();
    }
}

/* A scenario: it prepares what it needs, calls arm(at, keep_failing)
 * before the calls under test and disarm() after them, and returns the
 * first failure's status (or DL_OK). */
typedef dl_status (*scenario_fn)(long at, int keep_failing, dl_err *err);

/* Run scenario with the failure at allocation 0, 1, 2... of the calls
 * under test (one-shot or sticky) until a run meets no failure; returns
 * how many runs failed one. */
static long
loop_failures(scenario_fn scenario, int keep_failing, const char *what)
{
    long at;
    for (at = 0;; at++) {
        dl_err err;
        dl_status rc;
        dl_err_clear(&err);
        rc = scenario(at, keep_failing, &err);
        disarm();
        check_failure(what, at, rc, &err);
        if (failed == 0) {
            assert_int_equal(rc, DL_OK);
            break;
        }
        assert_true(at < 1000000); /* a scenario that never ends clean */
    }
    return at;
}

/* ---- scenarios --------------------------------------------------------- */

/* Opening what is not there: Xapian throws, and describing its error
 * needs memory too. */
static dl_status
open_missing(long at, int keep_failing, dl_err *err)
{
    char path[300];
    dl_db *db = NULL;
    dl_status rc;
    snprintf(path, sizeof path, "%s/missing", tmpdir);
    arm(at, keep_failing);
    rc = dl_db_open(path, &db, err);
    disarm();
    assert_null(db);
    return rc == DL_ENOENT ? DL_OK : rc;
}

/* A term of an article, with a position. */
static dl_status
add_words(dl_doc *doc, const char *words, dl_err *err)
{
    unsigned pos = 1;
    dl_status rc = DL_OK;
    while (rc == DL_OK && *words != '\0') {
        size_t n = strcspn(words, " ");
        rc = dl_doc_add_posting(doc, words, n, pos++, 1, err);
        words += n + (words[n] == ' ');
    }
    return rc;
}

/* Write two articles and metadata, commit (arm(at, keep_failing) just
 * before the commit when at >= 0). */
static dl_status
write_articles(const char *path, long at, int keep_failing, dl_err *err)
{
    static const char *const words[] = {"grain harvest report",
                                        "harvest festival grain"};
    dl_wdb *w = NULL;
    dl_doc *doc = NULL;
    dl_status rc =
        dl_wdb_open(path, DL_WDB_OVERWRITE | DL_WDB_NO_SYNC, 0, &w, err);
    size_t i;
    if (rc == DL_OK)
        rc = dl_doc_new(&doc, err);
    for (i = 0; rc == DL_OK && i < 2; i++) {
        char id[8];
        snprintf(id, sizeof id, "Qa%zu", i);
        dl_doc_clear(doc);
        rc = add_words(doc, words[i], err);
        if (rc == DL_OK)
            rc = dl_doc_add_term(doc, id, strlen(id), 0, err);
        if (rc == DL_OK)
            rc = dl_doc_set_value(doc, DL_SLOT_FACETS, "Wire", 4, err);
        if (rc == DL_OK)
            rc = dl_doc_set_data(doc, "id=a\n\n", 6, err);
        if (rc == DL_OK)
            rc = dl_wdb_replace(w, id, strlen(id), doc, err);
    }
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w, "k", "v", 1, err);
    if (rc == DL_OK && at >= 0)
        arm(at, keep_failing);
    if (rc == DL_OK)
        rc = dl_wdb_commit(w, err);
    dl_doc_free(doc);
    dl_wdb_close(w);
    return rc;
}

/* Search db for "harv*" AND grain, with facets; read the page; list
 * every match (dl_search_all). */
static dl_status
search_articles(dl_db *db, dl_err *err)
{
    dl_query *parts[2] = {NULL, NULL};
    dl_query *q = NULL;
    dl_mset *m = NULL;
    dl_matches *all = NULL;
    struct dl_search_opts o;
    struct dl_hit hit;
    dl_status rc = dl_query_wildcard("harv", 4, 100, &parts[0], err);
    if (rc == DL_OK)
        rc = dl_query_term("grain", 5, 1, 2, &parts[1], err);
    if (rc == DL_OK)
        rc = dl_query_combine(DL_QOP_AND, parts, 2, 0, &q, err);
    dl_search_opts_init(&o);
    o.facet_slot = DL_SLOT_FACETS;
    o.n_facets = 1;
    if (rc == DL_OK)
        rc = dl_search(db, q, &o, &m, err);
    if (rc == DL_OK && dl_mset_count(m) != 2)
        rc = dl_err_set(err, DL_EINTERNAL, "2 hits expected");
    if (rc == DL_OK)
        rc = dl_mset_hit(m, 0, &hit);
    /* Every match, as an export lists them. */
    if (rc == DL_OK)
        rc = dl_search_all(db, q, &o, &all, err);
    if (rc == DL_OK && dl_matches_count(all) != 2)
        rc = dl_err_set(err, DL_EINTERNAL, "2 matches expected");
    if (rc == DL_OK)
        rc = dl_matches_get(all, 1, &hit);
    dl_matches_free(all);
    dl_mset_free(m);
    dl_query_free(q);
    dl_query_free(parts[0]);
    dl_query_free(parts[1]);
    return rc;
}

/* Walk the terms and read metadata and a document back. */
static dl_status
read_back(dl_db *db, dl_err *err)
{
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    unsigned long freq;
    char *val = NULL;
    dl_status rc = dl_db_allterms(db, "", &it, err);
    while (rc == DL_OK)
        rc = dl_termiter_next(it, &t, &len, &freq, err);
    dl_termiter_free(it);
    if (rc == DL_DONE)
        rc = dl_db_get_metadata(db, "k", &val, &len, err);
    dl_free(val);
    val = NULL;
    if (rc == DL_OK)
        rc = dl_db_get_data(db, 1, &val, &len, err);
    dl_free(val);
    return rc;
}

/* The life of an index: write, open, search, read back, stem. */
static dl_status
write_then_search(long at, int keep_failing, dl_err *err)
{
    char path[300];
    dl_db *db = NULL;
    dl_stemmer *st = NULL;
    const char *stem;
    size_t len;
    dl_status rc;
    snprintf(path, sizeof path, "%s/db", tmpdir);
    arm(at, keep_failing);
    rc = write_articles(path, -1, 0, err);
    if (rc == DL_OK)
        rc = dl_db_open(path, &db, err);
    if (rc == DL_OK)
        rc = search_articles(db, err);
    if (rc == DL_OK)
        rc = read_back(db, err);
    if (rc == DL_OK)
        rc = dl_stemmer_new("en", &st, err);
    if (rc == DL_OK)
        rc = dl_stemmer_stem(st, "harvests", 8, &stem, &len, err);
    dl_stemmer_free(st);
    dl_db_close(db);
    disarm();
    return rc;
}

/* A commit that runs out of memory, and stays out of it while the
 * failure is reported and the writer closed. */
static dl_status
commit_short_of_memory(long at, int keep_failing, dl_err *err)
{
    char path[300];
    snprintf(path, sizeof path, "%s/commit", tmpdir);
    return write_articles(path, at, keep_failing, err);
}

/* ---- tests ------------------------------------------------------------- */

static void
xapian_errors_are_reported_when_describing_them_runs_out_of_memory(void **state)
{
    (void)state;
    need_interposition();
    assert_true(loop_failures(open_missing, 0, "open a missing database") > 0);
    assert_true(loop_failures(open_missing, 1, "open a missing database") > 0);
}

/* One failure at any point: the sticky form would meet Xapian's own
 * leaks (a WritableDatabase whose construction fails after taking the
 * lock keeps it), which are not the C API's to mend. */
static void
an_allocation_failure_anywhere_in_writing_and_searching_returns_a_status(
    void **state)
{
    (void)state;
    need_interposition();
    assert_true(loop_failures(write_then_search, 0, "write then search") > 0);
}

/* The commit's error path names the database in the message. */
static void
a_commit_short_of_memory_reports_it(void **state)
{
    (void)state;
    need_interposition();
    assert_true(loop_failures(commit_short_of_memory, 1, "commit") > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            xapian_errors_are_reported_when_describing_them_runs_out_of_memory),
        cmocka_unit_test(
            an_allocation_failure_anywhere_in_writing_and_searching_returns_a_status),
        cmocka_unit_test(a_commit_short_of_memory_reports_it),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir) ? 1 : 0;
}
