/* dl_xapian_write.cc - writing a database: the bounded wait for the
 * write lock, batches, commit, close, compaction, and what the process
 * does when Xapian gives up inside a write.
 *
 * Two behaviours differ from Xapian's defaults on purpose:
 *  - dl_wdb_close discards uncommitted changes.  Xapian's WritableDatabase
 *    destructor commits them, which would turn an error path into a commit
 *    of half a batch.  We keep every batch inside a Xapian transaction
 *    (begin_transaction(true) ... commit_transaction()), so closing without
 *    dl_wdb_commit cancels it instead.
 *  - dl_wdb_open waits for the write lock for a bounded time, polling,
 *    since Xapian offers only "fail now" or "wait forever".
 */
#include "config.h"

#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <cxxabi.h>
#include <dirent.h>
#include <exception>
#include <memory>
#include <string>
#include <typeinfo>
#include <unistd.h>

#include "dl_clock.h"
#include "dl_xapian_int.h"

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
    double deadline = dl_now() + (lock_timeout > 0 ? lock_timeout : 0);
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
            if (dl_now() >= deadline)
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
            return dlx::prefix_message(err, dlx::from_exception(err),
                                       "%s: ", path);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_get_metadata(dl_wdb *w, const char *key, char **out, size_t *len,
                    dl_err *err)
{
    *out = NULL;
    try {
        return dlx::copy_out(w->rep.get_metadata(key), out, len, err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_metadata_keys(dl_wdb *w, const char *prefix, dl_termiter **out,
                     dl_err *err)
{
    *out = NULL;
    try {
        /* Owned here until handed out: Xapian may throw below. */
        std::unique_ptr<dl_termiter> it(new dl_termiter);
        it->kind = dl_termiter::METADATA_KEYS;
        it->prefix = prefix;
        it->it = w->rep.metadata_keys_begin(prefix);
        it->end = w->rep.metadata_keys_end(prefix);
        *out = it.release();
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
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
        /* Name the database: "disk full" alone does not say where.  (Not
         * in a std::string: a catch block must not allocate.) */
        return dlx::prefix_message(err, dlx::from_exception(err),
                                   "%s: commit failed: ", w->path.c_str());
    }
}

extern "C" dl_status
dl_wdb_reader(dl_wdb *w, dl_db **out, dl_err *err)
{
    return dl_db_open(w->path.c_str(), out, err);
}

extern "C" dl_status
dl_wdb_get_data(dl_wdb *w, unsigned docid, char **out, size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return dlx::copy_out(w->rep.get_document(docid).get_data(), out, len,
                             err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_get_value(dl_wdb *w, unsigned docid, unsigned slot, char **out,
                 size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return dlx::copy_out(w->rep.get_document(docid).get_value(slot), out,
                             len, err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_wdb_doccount(dl_wdb *w, unsigned long *out, dl_err *err)
{
    try {
        *out = w->rep.get_doccount();
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
    }
}
