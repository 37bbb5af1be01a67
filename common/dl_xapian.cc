/* dl_xapian.cc - the C API over Xapian (the only C++ file in the tree).
 *
 * Every extern "C" body runs inside try/catch and converts exceptions to a
 * dl_status with one ladder (from_exception).  Handles are small structs
 * holding Xapian values, as LevelDB's c.cc does; Xapian's own reference
 * counting makes copies cheap.  Nothing C++ leaks through dl_xapian.h.
 *
 * Two behaviours differ from Xapian's defaults on purpose:
 *  - dl_wdb_close discards uncommitted changes.  Xapian's WritableDatabase
 *    destructor commits them, which would turn an error path into a commit
 *    of half a batch.  We keep every batch inside a Xapian transaction
 *    (begin_transaction(false) ... commit_transaction()), so closing without
 *    dl_wdb_commit cancels it instead.
 *  - dl_wdb_open waits for the write lock for a bounded time, polling,
 *    since Xapian offers only "fail now" or "wait forever".
 */
#include "config.h"

#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <cxxabi.h>
#include <dirent.h>
#include <algorithm>
#include <exception>
#include <typeinfo>
#include <utility>
#include <unistd.h>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "dl_alloc.h"
#include "dl_kkstem.h"
#include "dl_xapian.h"

struct dl_db {
    Xapian::Database rep;
    std::vector<std::string> specs; /* how to reopen remote shards */
    bool deadline_spy_refused = false; /* a remote shard cannot run it */
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
 * expand_wildcards).  Queries without a wildcard need none of this. */
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
    int kind; /* 0 allterms, 1 docterms, 2 metadata keys */
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
};

struct dl_facet_value {
    std::string value;
    unsigned long count;
};

struct dl_mset {
    std::vector<dl_mset_hit_rec> hits;
    unsigned long lower, estimate, upper;
    std::vector<std::vector<dl_facet_value>> facets;
};

/* ---- errors ------------------------------------------------------------- */

/* Called inside a catch block: rethrow and map.  Keeps the one ladder of
 * STYLE.md section 3 in one place. */
static dl_status
from_exception(dl_err *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return dl_err_set(err, DL_ENOENT, "%s", e.get_description().c_str());
    } catch (const Xapian::DocNotFoundError &e) {
        return dl_err_set(err, DL_ENOENT, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseLockError &e) {
        return dl_err_set(err, DL_ELOCKED, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return dl_err_set(err, DL_EMODIFIED, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return dl_err_set(err, DL_ECORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseVersionError &e) {
        return dl_err_set(err, DL_ECORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* Not a Xapian database at all, or unreadable. */
        return dl_err_set(err, DL_ECORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::QueryParserError &e) {
        return dl_err_set(err, DL_EQUERY, "%s", e.get_description().c_str());
    } catch (const Xapian::WildcardError &e) {
        return dl_err_set(err, DL_EQUERY, "%s", e.get_description().c_str());
    } catch (const Xapian::InvalidArgumentError &e) {
        return dl_err_set(err, DL_EINVAL, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseError &e) {
        /* Write failures (disk full, EIO) surface as DatabaseError with
         * the errno text in the description. */
        if (e.get_error_string() != NULL)
            return dl_err_set(err, DL_EIO, "%s", e.get_description().c_str());
        return dl_err_set(err, DL_EXAPIAN, "%s", e.get_description().c_str());
    } catch (const Xapian::Error &e) {
        return dl_err_set(err, DL_EXAPIAN, "%s", e.get_description().c_str());
    } catch (const std::bad_alloc &) {
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    } catch (const std::exception &e) {
        return dl_err_set(err, DL_EINTERNAL, "%s", e.what());
    } catch (...) {
        return dl_err_set(err, DL_EINTERNAL, "unknown exception");
    }
}

/* Copy a std::string into a new dl_malloc'd NUL-terminated buffer. */
static dl_status
copy_out(const std::string &s, char **out, size_t *len, dl_err *err)
{
    char *p = static_cast<char *>(dl_malloc(s.size() + 1));
    if (p == NULL) {
        *out = NULL;
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len != NULL)
        *len = s.size();
    return DL_OK;
}

/* ---- opening ------------------------------------------------------------ */

/* Add one spec to db: tcp:HOST:PORT is a remote shard, anything else a path
 * (directory or stub file; Xapian detects which). */
static void
add_spec(Xapian::Database &db, const std::string &spec)
{
    if (spec.compare(0, 4, "tcp:") == 0) {
        std::string rest = spec.substr(4);
        size_t colon = rest.rfind(':');
        if (colon == std::string::npos || colon == 0)
            throw Xapian::InvalidArgumentError("remote shard '" + spec +
                                               "' is not tcp:HOST:PORT");
        std::string host = rest.substr(0, colon);
        char *end = NULL;
        errno = 0;
        long port = strtol(rest.c_str() + colon + 1, &end, 10);
        if (errno != 0 || *end != '\0' || port <= 0 || port > 65535)
            throw Xapian::InvalidArgumentError("remote shard '" + spec +
                                               "' has a bad port");
        /* 10 s to connect and per operation: a dead shard gives an error,
         * never a hang (SPEC section 7). */
        db.add_database(
            Xapian::Remote::open(host, (unsigned)port, 10000, 10000));
        return;
    }
    db.add_database(Xapian::Database(spec));
}

extern "C" dl_status
dl_db_open_multi(const char *const *specs, size_t n, dl_db **out, dl_err *err)
{
    *out = NULL;
    if (n == 0)
        return dl_err_set(err, DL_EINVAL, "no database given");
    /* An open racing a writer's commit, or a rebuild swapped in by rename,
     * can read a mix of old and new table files ("EOF reading block"):
     * such errors are retried a few times before they count
     * (tests/integ/concurrency.sh, SEARCHES=1000). */
    for (int attempt = 1;; attempt++) {
        try {
            dl_db *db = new dl_db;
            try {
                for (size_t i = 0; i < n; i++) {
                    db->specs.push_back(specs[i]);
                    add_spec(db->rep, specs[i]);
                }
            } catch (...) {
                delete db;
                throw;
            }
            *out = db;
            return DL_OK;
        } catch (const Xapian::DatabaseOpeningError &) {
            /* Not there, not a database, wrong version: final. */
            return from_exception(err);
        } catch (const Xapian::DatabaseError &) {
            if (attempt >= 5)
                return from_exception(err);
            struct timespec nap = {0, 20 * 1000 * 1000};
            nanosleep(&nap, NULL);
        } catch (...) {
            return from_exception(err);
        }
    }
}

extern "C" dl_status
dl_db_open(const char *spec, dl_db **out, dl_err *err)
{
    return dl_db_open_multi(&spec, 1, out, err);
}

extern "C" dl_status
dl_db_reopen(dl_db *db, bool *changed, dl_err *err)
{
    try {
        bool c = db->rep.reopen();
        if (changed != NULL)
            *changed = c;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" void
dl_db_close(dl_db *db)
{
    delete db;
}

extern "C" dl_status
dl_db_doccount(dl_db *db, unsigned long *out, dl_err *err)
{
    try {
        *out = db->rep.get_doccount();
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_termfreq(dl_db *db, const char *term, size_t len, unsigned long *out,
               dl_err *err)
{
    try {
        *out = db->rep.get_termfreq(std::string(term, len));
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_collfreq(dl_db *db, const char *term, size_t len, unsigned long *out,
               dl_err *err)
{
    try {
        *out = db->rep.get_collection_freq(std::string(term, len));
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_avlength(dl_db *db, double *out, dl_err *err)
{
    try {
        *out = db->rep.get_avlength();
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_get_metadata(dl_db *db, const char *key, char **out, size_t *len,
                   dl_err *err)
{
    *out = NULL;
    try {
        return copy_out(db->rep.get_metadata(key), out, len, err);
    } catch (...) {
        return from_exception(err);
    }
}

/* A glass database only: a stub file would open the databases it names,
 * and a "tcp:" path a connection, neither of which is the directory. */
extern "C" dl_status
dl_db_probe(const char *path, const char *key, unsigned long *docs, bool *empty,
            char **val, size_t *len, dl_err *err)
{
    *val = NULL;
    try {
        Xapian::Database db(path, Xapian::DB_BACKEND_GLASS);
        *docs = db.get_doccount();
        *empty = *docs == 0 &&
                 db.metadata_keys_begin() == db.metadata_keys_end() &&
                 db.spellings_begin() == db.spellings_end() &&
                 db.synonym_keys_begin() == db.synonym_keys_end();
        return copy_out(db.get_metadata(key), val, len, err);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_get_data(dl_db *db, unsigned docid, char **out, size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return copy_out(db->rep.get_document(docid).get_data(), out, len, err);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_value_bounds(dl_db *db, unsigned slot, char **lo, size_t *lo_len,
                   char **hi, size_t *hi_len, dl_err *err)
{
    *lo = *hi = NULL;
    try {
        dl_status rc =
            copy_out(db->rep.get_value_lower_bound((Xapian::valueno)slot), lo,
                     lo_len, err);
        if (rc == DL_OK)
            rc = copy_out(db->rep.get_value_upper_bound((Xapian::valueno)slot),
                          hi, hi_len, err);
        if (rc != DL_OK) {
            dl_free(*lo);
            *lo = NULL;
        }
        return rc;
    } catch (...) {
        dl_free(*lo);
        *lo = NULL;
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_get_value(dl_db *db, unsigned docid, unsigned slot, char **out,
                size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return copy_out(db->rep.get_document(docid).get_value(slot), out, len,
                        err);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_allterms(dl_db *db, const char *prefix, dl_termiter **out, dl_err *err)
{
    *out = NULL;
    try {
        dl_termiter *it = new dl_termiter;
        it->prefix = prefix;
        it->kind = 0;
        it->it = db->rep.allterms_begin(prefix);
        it->end = db->rep.allterms_end(prefix);
        *out = it;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_docterms(dl_db *db, unsigned docid, dl_termiter **out, dl_err *err)
{
    *out = NULL;
    try {
        dl_termiter *it = new dl_termiter;
        it->kind = 1;
        it->it = db->rep.termlist_begin(docid);
        it->end = db->rep.termlist_end(docid);
        *out = it;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_db_postlist(dl_db *db, const char *term, size_t len, unsigned **out,
               size_t *n, dl_err *err)
{
    *out = NULL;
    *n = 0;
    try {
        std::string t(term, len);
        std::vector<unsigned> ids;
        for (Xapian::PostingIterator p = db->rep.postlist_begin(t);
             p != db->rep.postlist_end(t); ++p)
            ids.push_back(*p);
        if (ids.empty())
            return DL_OK;
        unsigned *a =
            static_cast<unsigned *>(dl_malloc(ids.size() * sizeof *a));
        if (a == NULL)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        memcpy(a, ids.data(), ids.size() * sizeof *a);
        *out = a;
        *n = ids.size();
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_termiter_next(dl_termiter *it, const char **term, size_t *len,
                 unsigned long *freq, dl_err *err)
{
    try {
        if (it->it == it->end)
            return DL_DONE;
        it->cur = *it->it;
        *term = it->cur.data();
        *len = it->cur.size();
        if (freq != NULL) {
            if (it->kind == 0)
                *freq = it->it.get_termfreq();
            else if (it->kind == 1)
                *freq = it->it.get_wdf();
            else
                *freq = 0;
        }
        ++it->it;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" void
dl_termiter_free(dl_termiter *it)
{
    delete it;
}

/* ---- writing ------------------------------------------------------------ */

static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *abort_db_path = "the database";
static void (*abort_before_exit)(void);

/* Set while this thread is inside one of Xapian's writing calls (commit,
 * close, compact, a value stream that first writes pending changes): Xapian
 * 1.4.22 may call std::terminate() there directly (a second write error in a
 * noexcept path), with no exception to look at. */
static thread_local bool in_xapian_write;

struct xapian_write_scope {
    xapian_write_scope()
    {
        in_xapian_write = true;
    }
    ~xapian_write_scope()
    {
        in_xapian_write = false;
    }
};

/* The terminate handler of dl_xapian_exit_on_write_abort: only a Xapian
 * database error (a failed write, nothing of ours half-done that a re-run
 * cannot finish) becomes exit status 1.  When a destructor throws during
 * unwinding the exception in flight is not "current" (never caught), so
 * its type is asked of the C++ runtime instead. */
static void
exit_on_write_abort(void)
{
    std::string what;
    std::exception_ptr p = std::current_exception();
    const std::type_info *t = abi::__cxa_current_exception_type();
    if (p) {
        try {
            std::rethrow_exception(p);
        } catch (const Xapian::DatabaseError &e) {
            what = e.get_description();
        } catch (...) {
        }
    } else {
        if (t != NULL && strstr(t->name(), "6Xapian") != NULL &&
            strstr(t->name(), "Database") != NULL)
            what = "a second error while recovering from a failed write";
    }
    if (what.empty() && t == NULL && in_xapian_write)
        what = "Xapian gave up after a write error (disk full?)";
    if (!what.empty()) {
        fprintf(stderr,
                "%s: error: %s: a write failed inside Xapian: %s; the "
                "database is at its last commit\n",
                program_invocation_short_name, abort_db_path, what.c_str());
        fflush(stderr);
        if (abort_before_exit != NULL)
            abort_before_exit();
        _exit(1);
    }
    fprintf(stderr, "%s: internal error: uncaught exception (%s)\n",
            program_invocation_short_name, t != NULL ? t->name() : "none");
    abort();
}

extern "C" void
dl_xapian_exit_on_write_abort(const char *db_path, void (*before_exit)(void))
{
    if (db_path != NULL)
        abort_db_path = db_path;
    abort_before_exit = before_exit;
    std::set_terminate(exit_on_write_abort);
}

/* Whether path is what a creation that failed before writing its iamglass
 * stub leaves (disk full at the first sync): Xapian's lock and table files
 * only.  Nothing was ever committed there, yet Xapian refuses to open or
 * create it ("no database there"), so the next run could never finish. */
static bool
is_failed_create(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return false;
    bool leftover = true;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 ||
            strcmp(n, "flintlock") == 0)
            continue;
        if ((len > 6 && strcmp(n + len - 6, ".glass") == 0) ||
            (len > 4 && strcmp(n + len - 4, ".tmp") == 0))
            continue;
        leftover = false;
        break;
    }
    closedir(d);
    return leftover;
}

extern "C" dl_status
dl_wdb_open(const char *path, unsigned flags, double lock_timeout, dl_wdb **out,
            dl_err *err)
{
    *out = NULL;
    int action = Xapian::DB_OPEN;
    if (flags & DL_WDB_OVERWRITE)
        action = Xapian::DB_CREATE_OR_OVERWRITE;
    else if (flags & DL_WDB_CREATE)
        action = Xapian::DB_CREATE_OR_OPEN;
    const int sync = (flags & DL_WDB_NO_SYNC) ? Xapian::DB_NO_SYNC : 0;
    const int first_action = action;
    double deadline = now_seconds() + (lock_timeout > 0 ? lock_timeout : 0);
    for (;;) {
        try {
            dl_wdb *w = new dl_wdb;
            try {
                w->rep = Xapian::WritableDatabase(path, action | sync);
            } catch (...) {
                delete w;
                throw;
            }
            w->path = path;
            w->in_txn = false;
            *out = w;
            return DL_OK;
        } catch (const Xapian::DatabaseLockError &e) {
            if (now_seconds() >= deadline)
                return dl_err_set(err, DL_ELOCKED,
                                  "%s: database is locked by another "
                                  "indexer (waited %.0f s)",
                                  path, lock_timeout > 0 ? lock_timeout : 0);
            struct timespec nap = {0, 100 * 1000 * 1000};
            nanosleep(&nap, NULL);
            /* Whoever holds the lock may be creating it right now. */
            action = first_action;
        } catch (const Xapian::DatabaseNotFoundError &) {
            if (action == Xapian::DB_CREATE_OR_OPEN && is_failed_create(path)) {
                action = Xapian::DB_CREATE_OR_OVERWRITE;
                continue;
            }
            return dl_err_set(err, DL_ENOENT, "%s: no database there", path);
        } catch (...) {
            /* Name the database: Xapian's messages for a failed create
             * ("Error writing to file", "Failed to create iamglass
             * file") do not. */
            dl_status rc = from_exception(err);
            if (err != NULL) {
                char msg[sizeof(err->msg)];
                memcpy(msg, err->msg, sizeof(msg));
                dl_err_set(err, rc, "%s: %s", path, msg);
            }
            return rc;
        }
    }
}

/* Open the batch transaction lazily, on the first change. */
static void
begin_batch(dl_wdb *w)
{
    if (!w->in_txn) {
        /* flushed=true: commit_transaction() makes the batch durable. */
        w->rep.begin_transaction(true);
        w->in_txn = true;
    }
}

extern "C" dl_status
dl_wdb_add(dl_wdb *w, const dl_doc *doc, unsigned *docid, dl_err *err)
{
    try {
        begin_batch(w);
        Xapian::docid id = w->rep.add_document(doc->rep);
        if (docid != NULL)
            *docid = id;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_replace(dl_wdb *w, const char *idterm, size_t len, const dl_doc *doc,
               dl_err *err)
{
    try {
        begin_batch(w);
        w->rep.replace_document(std::string(idterm, len), doc->rep);
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_replace_docid(dl_wdb *w, unsigned docid, const dl_doc *doc, dl_err *err)
{
    try {
        begin_batch(w);
        w->rep.replace_document(docid, doc->rep);
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_delete_term(dl_wdb *w, const char *term, size_t len, dl_err *err)
{
    try {
        begin_batch(w);
        w->rep.delete_document(std::string(term, len));
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_set_value(dl_wdb *w, unsigned docid, unsigned slot, const char *v,
                 size_t len, dl_err *err)
{
    try {
        begin_batch(w);
        Xapian::Document d = w->rep.get_document(docid);
        if (v == NULL || len == 0)
            d.remove_value(slot);
        else
            d.add_value(slot, std::string(v, len));
        w->rep.replace_document(docid, d);
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_set_metadata(dl_wdb *w, const char *key, const char *val, size_t len,
                    dl_err *err)
{
    try {
        begin_batch(w);
        w->rep.set_metadata(key, val == NULL ? std::string()
                                             : std::string(val, len));
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_get_metadata(dl_wdb *w, const char *key, char **out, size_t *len,
                    dl_err *err)
{
    *out = NULL;
    try {
        return copy_out(w->rep.get_metadata(key), out, len, err);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_metadata_keys(dl_wdb *w, const char *prefix, dl_termiter **out,
                     dl_err *err)
{
    *out = NULL;
    try {
        dl_termiter *it = new dl_termiter;
        it->kind = 2;
        it->prefix = prefix;
        it->it = w->rep.metadata_keys_begin(prefix);
        it->end = w->rep.metadata_keys_end(prefix);
        *out = it;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_commit(dl_wdb *w, dl_err *err)
{
    try {
        xapian_write_scope scope;
        if (w->in_txn) {
            /* commit_transaction() flushes and syncs like commit(). */
            w->in_txn = false;
            w->rep.commit_transaction();
        } else {
            w->rep.commit();
        }
        return DL_OK;
    } catch (...) {
        dl_status rc = from_exception(err);
        if (err != NULL && rc != DL_OK) {
            /* Name the database: "disk full" alone does not say where. */
            std::string msg = w->path + ": commit failed: " + err->msg;
            dl_err_set(err, rc, "%s", msg.c_str());
        }
        return rc;
    }
}

extern "C" dl_status
dl_wdb_reader(dl_wdb *w, dl_db **out, dl_err *err)
{
    return dl_db_open(w->path.c_str(), out, err);
}

extern "C" dl_status
dl_wdb_get_data(dl_wdb *w, unsigned docid, char **out, size_t *len,
                dl_err *err)
{
    *out = NULL;
    try {
        return copy_out(w->rep.get_document(docid).get_data(), out, len, err);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_get_value(dl_wdb *w, unsigned docid, unsigned slot, char **out,
                 size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return copy_out(w->rep.get_document(docid).get_value(slot), out, len,
                        err);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_doccount(dl_wdb *w, unsigned long *out, dl_err *err)
{
    try {
        *out = w->rep.get_doccount();
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_values(dl_wdb *w, unsigned slot, dl_value_fn fn, void *ctx, dl_err *err)
{
    /* A value stream over a writable database first writes its pending
     * value changes, and a write error there can end in std::terminate. */
    xapian_write_scope scope;
    try {
        for (Xapian::ValueIterator v = w->rep.valuestream_begin(slot);
             v != w->rep.valuestream_end(slot); ++v) {
            std::string val = *v;
            if (fn(ctx, v.get_docid(), val.data(), val.size()) != 0)
                break;
        }
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" void
dl_wdb_close(dl_wdb *w)
{
    if (w == NULL)
        return;
    xapian_write_scope scope;
    try {
        if (w->in_txn)
            w->rep.cancel_transaction();
    } catch (...) {
        /* Cancelling can only fail if the database is already unusable;
         * the lock is released by the destructor either way. */
    }
    try {
        w->rep.close();
    } catch (...) {
    }
    delete w;
}

extern "C" dl_status
dl_db_compact(const char *const *sources, size_t n, const char *dest,
              dl_err *err)
{
    try {
        xapian_write_scope scope;
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(sources[i]));
        all.compact(dest);
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

/* ---- documents ---------------------------------------------------------- */

extern "C" dl_status
dl_doc_new(dl_doc **out, dl_err *err)
{
    *out = NULL;
    try {
        *out = new dl_doc;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" void
dl_doc_clear(dl_doc *doc)
{
    try {
        doc->rep = Xapian::Document();
    } catch (...) {
        /* No memory for a new one (the indexer skips an article that ran
         * out of memory and goes on): empty this one in place, which
         * frees and never allocates. */
        try {
            doc->rep.clear_terms();
            doc->rep.clear_values();
            doc->rep.set_data(std::string());
        } catch (...) {
            /* Xapian does not allocate here; nothing else could be done. */
        }
    }
}

extern "C" unsigned long
dl_doc_termcount(const dl_doc *doc)
{
    /* A document not read from a database holds its terms: no I/O. */
    try {
        return doc->rep.termlist_count();
    } catch (...) {
        return 0;
    }
}

extern "C" void
dl_doc_free(dl_doc *doc)
{
    delete doc;
}

static dl_status
check_term(const char *term, size_t len, dl_err *err)
{
    if (len == 0)
        return dl_err_set(err, DL_EINVAL, "empty term");
    if (len > 245)
        return dl_err_set(err, DL_EINVAL,
                          "term of %zu bytes is over "
                          "Xapian's 245-byte limit",
                          len);
    (void)term;
    return DL_OK;
}

extern "C" dl_status
dl_doc_add_term(dl_doc *doc, const char *term, size_t len, unsigned wdfinc,
                dl_err *err)
{
    dl_status rc = check_term(term, len, err);
    if (rc != DL_OK)
        return rc;
    try {
        doc->rep.add_term(std::string(term, len), wdfinc);
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_doc_add_posting(dl_doc *doc, const char *term, size_t len, unsigned pos,
                   unsigned wdfinc, dl_err *err)
{
    dl_status rc = check_term(term, len, err);
    if (rc != DL_OK)
        return rc;
    try {
        doc->rep.add_posting(std::string(term, len), pos, wdfinc);
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_doc_set_value(dl_doc *doc, unsigned slot, const char *v, size_t len,
                 dl_err *err)
{
    try {
        doc->rep.add_value(slot, std::string(v, len));
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_doc_set_data(dl_doc *doc, const char *data, size_t len, dl_err *err)
{
    try {
        doc->rep.set_data(std::string(data, len));
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

/* ---- stemming ----------------------------------------------------------- */

/* Kazakh, Dateline's own stemmer, in Xapian's clothes so it can serve
 * wherever a Xapian::Stem is expected. */
class KazakhStemmer : public Xapian::StemImplementation
{
  public:
    std::string operator()(const std::string &word) override
    {
        return word.substr(0, dl_kkstem(word.data(), word.size()));
    }
    std::string get_description() const override
    {
        return "kazakh";
    }
};

/* ISO 639-1 code to the name Xapian's Stem constructor takes. */
static const char *
xapian_stem_name(const char *lang)
{
    static const char *const map[][2] = {
        {"ar", "arabic"},    {"hy", "armenian"},   {"eu", "basque"},
        {"ca", "catalan"},   {"da", "danish"},     {"nl", "dutch"},
        {"en", "english"},   {"fi", "finnish"},    {"fr", "french"},
        {"de", "german"},    {"hu", "hungarian"},  {"id", "indonesian"},
        {"ga", "irish"},     {"it", "italian"},    {"lt", "lithuanian"},
        {"ne", "nepali"},    {"nb", "norwegian"},  {"no", "norwegian"},
        {"nn", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
        {"ru", "russian"},   {"es", "spanish"},    {"sv", "swedish"},
        {"ta", "tamil"},     {"tr", "turkish"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i][0], lang) == 0)
            return map[i][1];
    }
    return lang; /* maybe already a Xapian name ("english") */
}

extern "C" dl_status
dl_stemmer_new(const char *lang, dl_stemmer **out, dl_err *err)
{
    *out = NULL;
    try {
        dl_stemmer *st = new dl_stemmer;
        try {
            if (strcmp(lang, "kk") == 0 || strcmp(lang, "kazakh") == 0)
                st->rep = Xapian::Stem(new KazakhStemmer);
            else
                st->rep = Xapian::Stem(xapian_stem_name(lang));
        } catch (const Xapian::InvalidArgumentError &) {
            delete st;
            return dl_err_set(err, DL_ENOENT, "no stemmer for language '%s'",
                              lang);
        } catch (...) {
            delete st;
            throw;
        }
        if (st->rep.is_none()) {
            delete st;
            return dl_err_set(err, DL_ENOENT, "no stemmer for language '%s'",
                              lang);
        }
        *out = st;
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_stemmer_stem(dl_stemmer *st, const char *word, size_t len, const char **out,
                size_t *out_len, dl_err *err)
{
    try {
        st->cur = st->rep(std::string(word, len));
        *out = st->cur.data();
        *out_len = st->cur.size();
        return DL_OK;
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" void
dl_stemmer_free(dl_stemmer *st)
{
    delete st;
}

/* ---- queries ------------------------------------------------------------ */

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
        return from_exception(err);
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

/* ---- cost caps (struct dl_search_opts) --------------------------------- */

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

static void
count_expansion(struct expansion &ex)
{
    if (ex.cap != 0 && ++ex.terms > ex.cap)
        throw budget_spent("its wildcards match more than " +
                           std::to_string(ex.cap) +
                           " words in all (use fewer wildcards, or more "
                           "letters before each '*')");
}

static double
thread_cpu_seconds()
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
        if (seen_++ % 256 == 0 && thread_cpu_seconds() >= deadline_)
            throw budget_spent("it needed more than the CPU time one "
                               "search may use");
    }
};

/* Xapian 1.4 expands OP_WILDCARD inside each shard of a combined
 * database, with that shard's statistics only, so a wildcard's weights
 * over shards differ from those over one database.  Expanding it here,
 * over the combined database, into an explicit OP_SYNONYM of terms makes
 * Xapian gather every term's statistics from all shards, as for any
 * other term. */
static Xapian::Query
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
        return from_exception(err);
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
        return from_exception(err);
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
        return from_exception(err);
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
        return from_exception(err);
    }
}

extern "C" dl_status
dl_query_match_all(dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        return new_query(Xapian::Query::MatchAll, out);
    } catch (...) {
        return from_exception(err);
    }
}

extern "C" dl_status
dl_query_match_nothing(dl_query **out, dl_err *err)
{
    *out = NULL;
    try {
        return new_query(Xapian::Query::MatchNothing, out);
    } catch (...) {
        return from_exception(err);
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
        if (copy_out(d, &p, NULL, NULL) != DL_OK)
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

/* ---- searching ---------------------------------------------------------- */

extern "C" void
dl_search_opts_init(struct dl_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->sort = DL_SORT_RELEVANCE;
    o->sort_slot = 0;
    o->collapse_slot = -1;
    o->facet_packed_slot = -1;
    o->bm25_k1 = 1;
    o->bm25_k2 = 0;
    o->bm25_k3 = 1;
    o->bm25_b = 0.5;
    o->bm25_min_normlen = 0.5;
}

/* Values counted per facet, most frequent first (equal counts in value
 * order), at most DL_FACET_VALUES_MAX each, summed over the single-slot
 * spies (one per facet, or none) and the packed spy (or NULL), whose
 * values are split into the facets' fields.  An empty field counts
 * nothing, like a missing value. */
#define DL_FACET_VALUES_MAX 1000
static std::vector<std::vector<dl_facet_value>>
collect_facets(const struct dl_search_opts *o,
               const std::vector<Xapian::ValueCountMatchSpy *> &spies,
               const Xapian::ValueCountMatchSpy *packed_spy)
{
    std::vector<std::map<std::string, unsigned long>> counts(o->n_facet_slots);
    for (size_t f = 0; f < spies.size() && f < counts.size(); f++) {
        for (Xapian::TermIterator t = spies[f]->values_begin();
             t != spies[f]->values_end(); ++t)
            counts[f][*t] += t.get_termfreq();
    }
    if (packed_spy != NULL) {
        for (Xapian::TermIterator t = packed_spy->values_begin();
             t != packed_spy->values_end(); ++t) {
            const std::string v = *t;
            size_t start = 0;
            for (size_t f = 0; f < counts.size() && start <= v.size(); f++) {
                size_t end = v.find(o->facet_packed_sep, start);
                if (end == std::string::npos)
                    end = v.size();
                if (end > start)
                    counts[f][v.substr(start, end - start)] += t.get_termfreq();
                start = end + 1;
            }
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

/* One try at dl_search; with_deadline adds the deadline spy.  Sets
 * *spy_refused (and returns DL_EXAPIAN) when a remote shard refused it. */
static dl_status
search_once(dl_db *db, const dl_query *q, const struct dl_search_opts *o,
            bool with_deadline, bool *spy_refused, dl_mset **out, dl_err *err)
{
    dl_mset *m = NULL;
    try {
        /* The spies are handed to the Enquire with release(), so it owns
         * them and frees them with itself, on every path. */
        std::vector<Xapian::ValueCountMatchSpy *> spies;
        Xapian::Enquire enq(db->rep);
        struct expansion ex = {0, o->max_wildcard_terms};
        /* Expanded here even for one database, so that a wildcard is
         * weighted the same way whatever the number of shards. */
        if (q->wild)
            enq.set_query(expand_wildcards(*q->wild, db->rep, ex));
        else
            enq.set_query(q->rep);
        if (with_deadline)
            enq.add_matchspy((new deadline_spy(o->cpu_deadline))->release());
        enq.set_weighting_scheme(Xapian::BM25Weight(o->bm25_k1, o->bm25_k2,
                                                    o->bm25_k3, o->bm25_b,
                                                    o->bm25_min_normlen));
        if (o->sort == DL_SORT_NEWEST)
            enq.set_sort_by_value_then_relevance(o->sort_slot, true);
        else if (o->sort == DL_SORT_OLDEST)
            enq.set_sort_by_value_then_relevance(o->sort_slot, false);
        if (o->collapse_slot >= 0)
            enq.set_collapse_key((Xapian::valueno)o->collapse_slot);
        /* Facets: the packed slot where documents have it, the single
         * slots where some do not (earlier indexes, or shards of both
         * ages); the counts of both add up.  Xapian's own spy on both
         * paths, so remote shards count too. */
        bool packed = o->n_facet_slots > 0 && o->facet_packed_slot >= 0;
        Xapian::doccount with_packed = 0;
        if (packed)
            with_packed =
                db->rep.get_value_freq((Xapian::valueno)o->facet_packed_slot);
        Xapian::ValueCountMatchSpy *packed_spy = NULL;
        if (with_packed > 0) {
            packed_spy = new Xapian::ValueCountMatchSpy(
                (Xapian::valueno)o->facet_packed_slot);
            enq.add_matchspy(packed_spy->release());
        }
        if (!packed || with_packed < db->rep.get_doccount()) {
            for (size_t f = 0; f < o->n_facet_slots; f++) {
                Xapian::ValueCountMatchSpy *spy =
                    new Xapian::ValueCountMatchSpy(o->facet_slots[f]);
                spies.push_back(spy);
                enq.add_matchspy(spy->release());
            }
        }
        Xapian::MSet ms = enq.get_mset((Xapian::doccount)o->offset,
                                       (Xapian::doccount)o->limit,
                                       (Xapian::doccount)o->check_at_least);
        /* Prefetch only a first page: Xapian 1.4.22's MSet::fetch()
         * indexes its items from 0 while they start at the offset, and
         * reads out of bounds (SEGV) for any offset > 0. */
        if (o->offset == 0)
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
            h.data = i.get_document().get_data();
            m->hits.push_back(std::move(h));
        }
        if (o->n_facet_slots > 0)
            m->facets = collect_facets(o, spies, packed_spy);
        *out = m;
        return DL_OK;
    } catch (const budget_spent &e) {
        delete m;
        return dl_err_set(err, DL_EBUDGET, "%s", e.what());
    } catch (const Xapian::UnimplementedError &) {
        delete m;
        *spy_refused = with_deadline;
        return from_exception(err);
    } catch (...) {
        delete m;
        return from_exception(err);
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
    if (o->n_facet_slots > DL_MAX_FACET_SLOTS)
        return dl_err_set(err, DL_EINVAL, "too many facet slots");
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
    return DL_OK;
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
        dl_status rc = copy_out(all, terms, NULL, err);
        if (rc == DL_OK)
            *count = c;
        return rc;
    } catch (...) {
        return from_exception(err);
    }
}
