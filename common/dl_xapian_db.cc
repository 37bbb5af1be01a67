/* dl_xapian_db.cc - reading a database: open (local, stub file, remote
 * shard), reopen, statistics, metadata, documents, values, term and
 * posting lists.
 *
 * A dl_db is one Xapian::Database over every spec it was opened with, so
 * statistics and term counts merge over shards as for one database.
 */
#include "config.h"

#include <xapian.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "dl_alloc.h"
#include "dl_xapian_int.h"

/* Open one spec: tcp:HOST:PORT is a remote shard, anything else a path
 * (directory or stub file; Xapian detects which). */
static Xapian::Database
open_spec(const std::string &spec)
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
        return Xapian::Remote::open(host, (unsigned)port, 10000, 10000);
    }
    return Xapian::Database(spec);
}

/* Whether the stub file at path lists a remote database ("remote ..."
 * lines; nested stubs are not followed: such a database is taken as local,
 * which only costs it the faster start-up path of a remote one). */
static bool
stub_has_remote(const std::string &path)
{
    std::unique_ptr<FILE, int (*)(FILE *)> f(fopen(path.c_str(), "r"), fclose);
    char line[1024];
    if (!f)
        return false;
    for (int n = 0; n < 4096 && fgets(line, sizeof line, f.get()) != NULL;
         n++) {
        const char *p = line + strspn(line, " \t");
        if (strncmp(p, "remote", 6) == 0 && (p[6] == ' ' || p[6] == '\t'))
            return true;
    }
    return false;
}

/* Whether spec names a remote shard or a stub listing one: a directory
 * is an index (with its own XAPIANDB stub when sharded). */
static bool
spec_has_remote(const std::string &spec)
{
    struct stat st;
    if (spec.compare(0, 4, "tcp:") == 0)
        return true;
    if (stat(spec.c_str(), &st) != 0)
        return false;
    if (S_ISDIR(st.st_mode))
        return stub_has_remote(spec + "/XAPIANDB");
    return S_ISREG(st.st_mode) && stub_has_remote(spec);
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
                    Xapian::Database part = open_spec(specs[i]);
                    db->specs.push_back(specs[i]);
                    db->parts.push_back(part);
                    db->remote = db->remote || spec_has_remote(specs[i]);
                    db->rep.add_database(part);
                }
            } catch (...) {
                delete db;
                throw;
            }
            *out = db;
            return DL_OK;
        } catch (const Xapian::DatabaseOpeningError &) {
            /* Not there, not a database, wrong version: final. */
            return dlx::from_exception(err);
        } catch (const Xapian::DatabaseError &) {
            if (attempt >= 5)
                return dlx::from_exception(err);
            struct timespec nap = {0, 20 * 1000 * 1000};
            nanosleep(&nap, NULL);
        } catch (...) {
            return dlx::from_exception(err);
        }
    }
}

extern "C" dl_status
dl_db_open(const char *spec, dl_db **out, dl_err *err)
{
    return dl_db_open_multi(&spec, 1, out, err);
}

extern "C" bool
dl_db_has_remote(const dl_db *db)
{
    return db->remote;
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_avlength(dl_db *db, double *out, dl_err *err)
{
    try {
        *out = db->rep.get_avlength();
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_get_metadata(dl_db *db, const char *key, char **out, size_t *len,
                   dl_err *err)
{
    *out = NULL;
    try {
        return dlx::copy_out(db->rep.get_metadata(key), out, len, err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" size_t
dl_db_parts(const dl_db *db)
{
    return db->parts.size();
}

extern "C" dl_status
dl_db_part_metadata(dl_db *db, size_t part, const char *key, char **out,
                    size_t *len, dl_err *err)
{
    *out = NULL;
    if (part >= db->parts.size())
        return dl_err_set(err, DL_EINVAL, "no database part %zu", part);
    try {
        return dlx::copy_out(db->parts[part].get_metadata(key), out, len, err);
    } catch (...) {
        return dlx::from_exception(err);
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
        return dlx::copy_out(db.get_metadata(key), val, len, err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_get_data(dl_db *db, unsigned docid, char **out, size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return dlx::copy_out(db->rep.get_document(docid).get_data(), out, len,
                             err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_value_bounds(dl_db *db, unsigned slot, char **lo, size_t *lo_len,
                   char **hi, size_t *hi_len, dl_err *err)
{
    *lo = *hi = NULL;
    try {
        dl_status rc =
            dlx::copy_out(db->rep.get_value_lower_bound((Xapian::valueno)slot),
                          lo, lo_len, err);
        if (rc == DL_OK)
            rc = dlx::copy_out(
                db->rep.get_value_upper_bound((Xapian::valueno)slot), hi,
                hi_len, err);
        if (rc != DL_OK) {
            dl_free(*lo);
            *lo = NULL;
        }
        return rc;
    } catch (...) {
        dl_free(*lo);
        *lo = NULL;
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_get_value(dl_db *db, unsigned docid, unsigned slot, char **out,
                size_t *len, dl_err *err)
{
    *out = NULL;
    try {
        return dlx::copy_out(db->rep.get_document(docid).get_value(slot), out,
                             len, err);
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_allterms(dl_db *db, const char *prefix, dl_termiter **out, dl_err *err)
{
    *out = NULL;
    try {
        /* Owned here until handed out: Xapian may throw below. */
        std::unique_ptr<dl_termiter> it(new dl_termiter);
        it->prefix = prefix;
        it->kind = dl_termiter::ALLTERMS;
        it->it = db->rep.allterms_begin(prefix);
        it->end = db->rep.allterms_end(prefix);
        *out = it.release();
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_db_docterms(dl_db *db, unsigned docid, dl_termiter **out, dl_err *err)
{
    *out = NULL;
    try {
        /* Owned here until handed out: Xapian may throw below. */
        std::unique_ptr<dl_termiter> it(new dl_termiter);
        it->kind = dl_termiter::DOCTERMS;
        it->it = db->rep.termlist_begin(docid);
        it->end = db->rep.termlist_end(docid);
        *out = it.release();
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
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
        return dlx::from_exception(err);
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
            if (it->kind == dl_termiter::ALLTERMS)
                *freq = it->it.get_termfreq();
            else if (it->kind == dl_termiter::DOCTERMS)
                *freq = it->it.get_wdf();
            else
                *freq = 0;
        }
        ++it->it;
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" void
dl_termiter_free(dl_termiter *it)
{
    delete it;
}
