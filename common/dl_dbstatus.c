/* dl_dbstatus.c - how fresh and how big an index is (dl_dbstatus.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dl_alloc.h"
#include "dl_dbstatus.h"
#include "dl_json.h"
#include "dl_schema.h"

/* Copy src[0..len) into dst (size bytes), cut short if need be. */
static void
copy_field(char *dst, size_t size, const char *src, size_t len)
{
    if (len >= size)
        len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Count the terms with prefix (longer than it); with names (may be NULL),
 * list what follows the prefix, comma-separated, in names[0..size). */
static dl_status
count_terms(dl_db *db, const char *prefix, unsigned long *n, char *names,
            size_t size, dl_err *err)
{
    dl_termiter *it = NULL;
    const char *t;
    size_t len;
    size_t plen = strlen(prefix);
    size_t used = 0;
    unsigned long freq;
    dl_status rc = dl_db_allterms(db, prefix, &it, err);
    *n = 0;
    while (rc == DL_OK) {
        rc = dl_termiter_next(it, &t, &len, &freq, err);
        if (rc != DL_OK || len <= plen)
            continue;
        /* "XSS" terms are not "XS" words, nor "L" terms other prefixes'
         * (Xapian's prefixes here are upper-case: a lower-case byte ends
         * the prefix). */
        if (t[plen] >= 'A' && t[plen] <= 'Z')
            continue;
        (*n)++;
        if (names != NULL && used + (len - plen) + 2 < size) {
            if (used > 0)
                names[used++] = ',';
            memcpy(names + used, t + plen, len - plen);
            used += len - plen;
            names[used] = '\0';
        }
    }
    dl_termiter_free(it);
    return rc == DL_DONE ? DL_OK : rc;
}

/* Metadata key of db into dst (size bytes); from every part, the
 * greatest value when latest (ISO 8601 orders as text). */
static dl_status
meta_field(dl_db *db, const char *key, bool latest, char *dst, size_t size,
           dl_err *err)
{
    size_t parts = latest ? dl_db_parts(db) : 1;
    size_t i;
    dst[0] = '\0';
    for (i = 0; i < parts; i++) {
        char *val = NULL;
        size_t len = 0;
        dl_status rc = dl_db_part_metadata(db, i, key, &val, &len, err);
        if (rc != DL_OK)
            return rc;
        if (len > 0 && (dst[0] == '\0' || strncmp(val, dst, size) > 0))
            copy_field(dst, size, val, len);
        dl_free(val);
    }
    return DL_OK;
}

/* dl:features ("name TAB flags\n" lines) as "name,name". */
static void
feature_names(char *f)
{
    char *in = f;
    char *out = f;
    while (*in != '\0') {
        size_t n = strcspn(in, "\t\n");
        if (n > 0) {
            if (out != f)
                *out++ = ',';
            memmove(out, in, n);
            out += n;
        }
        in += n;
        in += strcspn(in, "\n");
        if (*in == '\n')
            in++;
    }
    *out = '\0';
}

dl_status
dl_dbstatus_read(dl_db *db, struct dl_dbstatus *st, dl_err *err)
{
    char *lo = NULL;
    char *hi = NULL;
    size_t lo_len = 0;
    size_t hi_len = 0;
    dl_status rc;

    memset(st, 0, sizeof *st);
    rc = dl_db_doccount(db, &st->articles, err);
    if (rc == DL_OK)
        rc =
            count_terms(db, DL_PREFIX_SOURCE_EXACT, &st->sources, NULL, 0, err);
    if (rc == DL_OK)
        rc = count_terms(db, DL_PREFIX_LANG, &st->languages, st->langs,
                         sizeof st->langs, err);
    if (rc == DL_OK)
        rc = dl_db_value_bounds(db, DL_SLOT_DATE, &lo, &lo_len, &hi, &hi_len,
                                err);
    if (rc == DL_OK && lo_len == 8 && hi_len == 8) {
        copy_field(st->date_lo, sizeof st->date_lo, lo, lo_len);
        copy_field(st->date_hi, sizeof st->date_hi, hi, hi_len);
    }
    dl_free(lo);
    dl_free(hi);
    if (rc == DL_OK)
        rc = meta_field(db, DL_META_COMMITTED, true, st->committed,
                        sizeof st->committed, err);
    if (rc == DL_OK)
        rc = meta_field(db, DL_META_SCHEMA, false, st->schema,
                        sizeof st->schema, err);
    if (rc == DL_OK)
        rc = meta_field(db, DL_META_FEATURES, false, st->features,
                        sizeof st->features, err);
    feature_names(st->features);
    return rc;
}

/* Whether a writer holds the write lock of the glass database in the
 * directory path: a test of the lock on its "flintlock" file with an fd
 * opened read-only.  Not Xapian::Database::locked(), which opens that
 * file for writing (and truncates it): a status must not write.  Xapian
 * locks the file with an open file description lock where the kernel has
 * them, else with a classic one held by a child process; F_OFD_GETLK
 * sees both.  A directory without the file holds no lock. */
static dl_status
write_locked(const char *path, bool *locked, dl_err *err)
{
    dl_buf lock = DL_BUF_INIT;
    struct flock fl;
    int fd;
    int rc;
    *locked = false;
    if (dl_buf_printf(&lock, "%s/flintlock", path) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    fd = open(lock.data, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    dl_buf_free(&lock);
    if (fd < 0)
        return DL_OK;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
#ifdef F_OFD_GETLK
    rc = fcntl(fd, F_OFD_GETLK, &fl);
#else
    rc = fcntl(fd, F_GETLK, &fl);
#endif
    close(fd);
    if (rc != 0)
        return dl_err_set(err, DL_EIO, "%s: cannot test the write lock: %s",
                          path, strerror(errno));
    *locked = fl.l_type != F_UNLCK;
    return DL_OK;
}

dl_status
dl_dbstatus_lock(const char *path, struct dl_dbstatus *st, dl_err *err)
{
    unsigned long docs;
    bool empty;
    char *val = NULL;
    size_t len = 0;
    struct stat sb;
    dl_status rc;

    st->locked = false;
    st->watcher_pid = 0;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return DL_OK; /* a stub of shards, not one database */
    rc = write_locked(path, &st->locked, err);
    if (rc == DL_OK && st->locked)
        rc = dl_db_probe(path, DL_META_WATCHER, &docs, &empty, &val, &len, err);
    if (rc == DL_OK && len > 0 && len < 20) {
        char num[24];
        char *end;
        long pid;
        memcpy(num, val, len);
        num[len] = '\0';
        errno = 0;
        pid = strtol(num, &end, 10);
        if (errno == 0 && end != num && *end == '\0' && pid > 0)
            st->watcher_pid = pid;
    }
    dl_free(val);
    return rc;
}

/* "YYYYMMDD" as "YYYY-MM-DD" into out (11 bytes), "" for "". */
static void
iso_date(const char *d, char *out)
{
    if (d[0] == '\0') {
        out[0] = '\0';
        return;
    }
    memcpy(out, d, 4);
    out[4] = '-';
    memcpy(out + 5, d + 4, 2);
    out[7] = '-';
    memcpy(out + 8, d + 6, 2);
    out[10] = '\0';
}

dl_status
dl_dbstatus_text(const struct dl_dbstatus *st, dl_buf *out)
{
    char lo[11];
    char hi[11];
    char watcher[64];
    iso_date(st->date_lo, lo);
    iso_date(st->date_hi, hi);
    if (st->watcher_pid > 0)
        snprintf(watcher, sizeof watcher, "running (pid %ld)", st->watcher_pid);
    else
        snprintf(watcher, sizeof watcher, "%s",
                 st->locked ? "none (another indexer holds the lock)" : "none");
    return dl_buf_printf(out,
                         "articles: %lu\n"
                         "sources: %lu\n"
                         "languages: %lu%s%s%s\n"
                         "dates: %s%s%s\n"
                         "last commit: %s\n"
                         "format: %s%s%s%s\n"
                         "watcher: %s\n",
                         st->articles, st->sources, st->languages,
                         st->langs[0] != '\0' ? " (" : "", st->langs,
                         st->langs[0] != '\0' ? ")" : "",
                         lo[0] != '\0' ? lo : "none",
                         lo[0] != '\0' ? " to " : "", hi,
                         st->committed[0] != '\0' ? st->committed : "unknown",
                         st->schema[0] != '\0' ? st->schema : "unknown",
                         st->features[0] != '\0' ? " (" : "", st->features,
                         st->features[0] != '\0' ? ")" : "", watcher);
}

/* "key":"value", with value a JSON string or null when empty. */
static dl_status
json_field(dl_buf *out, const char *key, const char *val)
{
    dl_status rc = dl_buf_printf(out, ",\"%s\":", key);
    if (rc != DL_OK)
        return rc;
    if (val[0] == '\0')
        return dl_buf_puts(out, "null");
    return dl_json_string(val, strlen(val), out);
}

dl_status
dl_dbstatus_json(const struct dl_dbstatus *st, dl_buf *out)
{
    char lo[11];
    char hi[11];
    dl_status rc;
    iso_date(st->date_lo, lo);
    iso_date(st->date_hi, hi);
    rc = dl_buf_printf(out,
                       "{\"articles\":%lu,\"sources\":%lu,"
                       "\"languages\":%lu",
                       st->articles, st->sources, st->languages);
    if (rc == DL_OK)
        rc = json_field(out, "langs", st->langs);
    if (rc == DL_OK)
        rc = json_field(out, "date_from", lo);
    if (rc == DL_OK)
        rc = json_field(out, "date_to", hi);
    if (rc == DL_OK)
        rc = json_field(out, "last_commit", st->committed);
    if (rc == DL_OK)
        rc = json_field(out, "schema", st->schema);
    if (rc == DL_OK)
        rc = json_field(out, "features", st->features);
    if (rc == DL_OK)
        rc = dl_buf_printf(out, ",\"locked\":%s,\"watcher_pid\":",
                           st->locked ? "true" : "false");
    if (rc == DL_OK)
        rc = st->watcher_pid > 0 ? dl_buf_printf(out, "%ld", st->watcher_pid)
                                 : dl_buf_puts(out, "null");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, "}\n");
    return rc;
}
