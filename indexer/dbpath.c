/* dbpath.c - where an indexing run may write (see dbpath.h).
 *
 * A directory is classified from its listing first: the first name that
 * neither a glass database nor a sharded index of ours can hold ends the
 * look (a folder of 100,000 articles is not read to its end), and only a
 * listing of Xapian's file names leads to opening the database, read-only,
 * for its dl:schema.  Messages quote paths shortened in their middle
 * (dl_log_shorten) so the reason always fits in a dl_err.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbpath.h"
#include "dl_alloc.h"
#include "dl_format.h"
#include "dl_log.h"
#include "dl_schema.h"
#include "dl_xapian.h"
#include "shard.h"
#include "walk.h"

/* Bytes of a path quoted in a message, and of a name. */
#define QUOTE_PATH 96
#define QUOTE_NAME 48

/* A path shortened for a message, in caller storage. */
struct quoted {
    char buf[QUOTE_PATH + 1];
};

static const char *
q(struct quoted *qb, const char *s, size_t max)
{
    return dl_log_shorten(s, max, qb->buf, sizeof qb->buf);
}

/* The first line of every stub dl_shard_write_stub writes. */
#define STUB_HEADER "# Xapian stub database: the shards of one Dateline index."

static bool
all_digits(const char *p, size_t n)
{
    size_t i;
    if (n == 0)
        return false;
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
    }
    return true;
}

/* A name Xapian's glass backend writes in a database directory: the
 * version file and its temporary, the lock, the six tables, the
 * compactor's temporary tables (tmpC_I.glass) and replication
 * changesets. */
static bool
xapian_file_name(const char *n)
{
    static const char *const fixed[] = {
        "iamglass",       "flintlock",      "v.tmp",
        "postlist.glass", "docdata.glass",  "termlist.glass",
        "position.glass", "spelling.glass", "synonym.glass"};
    size_t len = strlen(n);
    const char *us;
    size_t i;
    for (i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        if (strcmp(n, fixed[i]) == 0)
            return true;
    }
    if (strncmp(n, "changes", 7) == 0)
        return all_digits(n + 7, len - 7);
    if (strncmp(n, "tmp", 3) != 0 || len < 11 ||
        strcmp(n + len - 6, ".glass") != 0)
        return false;
    us = strchr(n + 3, '_');
    return us != NULL && us < n + len - 6 &&
           all_digits(n + 3, (size_t)(us - n - 3)) &&
           all_digits(us + 1, (size_t)(n + len - 6 - us - 1));
}

/* A shard name dateline-index writes: shard-K, yYYYY, undated. */
static bool
shard_name(const char *n, size_t len)
{
    if (len > 6 && strncmp(n, "shard-", 6) == 0)
        return all_digits(n + 6, len - 6) && len <= 9;
    if (len == 5 && n[0] == 'y')
        return all_digits(n + 1, 4);
    return len == 7 && strncmp(n, "undated", 7) == 0;
}

bool
dl_dbpath_temp_pid(const char *base, const char *name, long *pid)
{
    size_t blen = strlen(base);
    const char *p;
    char *end;
    long v;
    if (strncmp(name, base, blen) != 0 || strncmp(name + blen, ".tmp-", 5) != 0)
        return false;
    p = name + blen + 5;
    if (*p < '1' || *p > '9')
        return false;
    errno = 0;
    v = strtol(p, &end, 10);
    if (errno != 0 || *end != '-')
        return false;
    end++;
    if (!all_digits(end, strlen(end)) && strcmp(end, "new") != 0 &&
        strcmp(end, "new.old") != 0 && strcmp(end, "init") != 0)
        return false;
    *pid = v;
    return true;
}

/* A shard's temporary: NAME.tmp-PID-... with NAME a shard name. */
static bool
shard_temp_name(const char *n)
{
    const char *dot = strstr(n, ".tmp-");
    char base[16];
    long pid;
    if (dot == NULL || (size_t)(dot - n) >= sizeof base ||
        !shard_name(n, (size_t)(dot - n)))
        return false;
    memcpy(base, n, (size_t)(dot - n));
    base[dot - n] = '\0';
    return dl_dbpath_temp_pid(base, n, &pid);
}

/* The stub's temporary: XAPIANDB.tmp-PID. */
static bool
stub_temp_name(const char *n)
{
    size_t len = strlen(DL_SHARD_STUB);
    return strncmp(n, DL_SHARD_STUB ".tmp-", len + 5) == 0 &&
           all_digits(n + len + 5, strlen(n + len + 5));
}

/* What a listing shows: can it be a glass database, a sharded index? */
struct listing {
    size_t entries;
    bool glass_ok;     /* every entry is a regular file Xapian writes */
    bool sharded_ok;   /* every entry is one a sharded index holds */
    bool has_iamglass; /* a committed glass database (or its start) */
    char *foreign;     /* the smallest name no database of ours holds
                          (owned; NULL when none) */
};

/* Note name as not belonging to a database of ours. */
static dl_status
note_foreign(struct listing *l, const char *name)
{
    char *copy;
    if (l->foreign != NULL && strcmp(l->foreign, name) <= 0)
        return DL_OK;
    copy = dl_strdup(name);
    if (copy == NULL)
        return DL_ENOMEM;
    dl_free(l->foreign);
    l->foreign = copy;
    return DL_OK;
}

/* Classify one entry of the directory dir. */
static dl_status
list_entry(const char *dir, const char *name, struct listing *l)
{
    bool glass = xapian_file_name(name);
    bool shard = shard_name(name, strlen(name)) || shard_temp_name(name);
    bool stub = strcmp(name, DL_SHARD_STUB) == 0 || stub_temp_name(name);
    dl_buf p = DL_BUF_INIT;
    struct stat st;

    l->entries++;
    if (!glass && !shard && !stub) {
        l->glass_ok = false;
        l->sharded_ok = false;
        return note_foreign(l, name);
    }
    if (dl_buf_printf(&p, "%s/%s", dir, name) != DL_OK)
        return DL_ENOMEM;
    if (lstat(p.data, &st) != 0)
        memset(&st, 0, sizeof st); /* vanished: a mismatch below */
    dl_buf_free(&p);
    glass = glass && S_ISREG(st.st_mode);
    shard = shard && S_ISDIR(st.st_mode);
    stub = stub && S_ISREG(st.st_mode);
    if (!glass)
        l->glass_ok = false;
    if (!shard && !stub)
        l->sharded_ok = false;
    if (glass && strcmp(name, "iamglass") == 0)
        l->has_iamglass = true;
    if (!glass && !shard && !stub)
        return note_foreign(l, name);
    return DL_OK;
}

/* Read the directory path into *l, stopping at the first name that no
 * database of ours holds.  DL_EIO (errno kept), DL_ENOMEM. */
static dl_status
list_dir(const char *path, struct listing *l)
{
    DIR *d = opendir(path);
    struct dirent *de;
    dl_status rc = DL_OK;
    memset(l, 0, sizeof *l);
    l->glass_ok = true;
    l->sharded_ok = true;
    if (d == NULL)
        return DL_EIO;
    while (rc == DL_OK && (l->glass_ok || l->sharded_ok)) {
        errno = 0;
        de = readdir(d);
        if (de == NULL) {
            if (errno != 0)
                rc = DL_EIO;
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        rc = list_entry(path, de->d_name, l);
    }
    {
        int e = errno;
        closedir(d);
        errno = e;
    }
    return rc;
}

/* A listing of Xapian's files only: is the database ours? */
static dl_status
kind_of_glass(const char *path, const struct listing *l, enum dl_dbkind *kind,
              dl_err *why)
{
    struct quoted qp;
    unsigned long docs = 0;
    bool empty = false;
    char *schema = NULL;
    size_t slen = 0;
    dl_err e;
    dl_status rc;

    *kind = DL_DBKIND_UNMARKED;
    if (!l->has_iamglass)
        goto unmarked; /* a creation cut short: nothing committed */
    dl_err_clear(&e);
    rc = dl_db_probe(path, DL_META_SCHEMA, &docs, &empty, &schema, &slen, &e);
    if (rc == DL_ENOMEM)
        return rc;
    if (rc != DL_OK) {
        *kind = DL_DBKIND_OTHER;
        dl_err_set(why, DL_EINVAL,
                   "%s: Xapian files that do not open as a database (%.80s), "
                   "so not provably Dateline's: refusing to write there",
                   q(&qp, path, QUOTE_PATH), e.msg);
        return DL_OK;
    }
    dl_free(schema);
    if (slen > 0) {
        *kind = DL_DBKIND_SINGLE;
        return DL_OK;
    }
    if (empty)
        goto unmarked;
    *kind = DL_DBKIND_OTHER;
    dl_err_set(why, DL_EINVAL,
               "%s: a Xapian database that Dateline did not write (%lu "
               "document%s, no dl:schema): refusing to write there",
               q(&qp, path, QUOTE_PATH), docs, docs == 1 ? "" : "s");
    return DL_OK;
unmarked:
    dl_err_set(why, DL_EINVAL,
               "%s: a Xapian database with nothing in it and no mark of "
               "Dateline's (dl:schema), so not provably ours: remove it "
               "if it is yours",
               q(&qp, path, QUOTE_PATH));
    return DL_OK;
}

static dl_status kind_of(const char *path, bool nested, enum dl_dbkind *kind,
                         dl_err *why);

/* Does the stub file at path start with the line we write? */
static bool
our_stub(const char *path)
{
    char line[sizeof STUB_HEADER + 1];
    FILE *f = fopen(path, "r");
    bool ok;
    if (f == NULL)
        return false;
    ok = fgets(line, sizeof line, f) != NULL &&
         strncmp(line, STUB_HEADER, strlen(STUB_HEADER)) == 0 &&
         (line[strlen(STUB_HEADER)] == '\n' ||
          line[strlen(STUB_HEADER)] == '\0');
    fclose(f);
    return ok;
}

/* A listing of a sharded index's names: are the stub and shards ours? */
static dl_status
kind_of_sharded(const char *path, enum dl_dbkind *kind, dl_err *why)
{
    struct quoted qp;
    DIR *d;
    struct dirent *de;
    dl_buf p = DL_BUF_INIT;
    dl_status rc = DL_OK;

    *kind = DL_DBKIND_SHARDED;
    d = opendir(path);
    if (d == NULL)
        return dl_err_set(why, DL_EIO, "%s: %s", q(&qp, path, QUOTE_PATH),
                          strerror(errno));
    while (rc == DL_OK && *kind == DL_DBKIND_SHARDED) {
        const char *n;
        enum dl_dbkind sub;
        de = readdir(d);
        if (de == NULL)
            break;
        n = de->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
            continue;
        dl_buf_reset(&p);
        if (dl_buf_printf(&p, "%s/%s", path, n) != DL_OK) {
            rc = DL_ENOMEM;
            break;
        }
        if (strcmp(n, DL_SHARD_STUB) == 0) {
            if (!our_stub(p.data)) {
                *kind = DL_DBKIND_OTHER;
                dl_err_set(why, DL_EINVAL,
                           "%s: its stub file %s was not written by "
                           "dateline-index: refusing to write there",
                           q(&qp, path, QUOTE_PATH), DL_SHARD_STUB);
            }
        } else if (stub_temp_name(n)) {
            struct stat st;
            if (lstat(p.data, &st) != 0 ||
                (st.st_size > 0 && !our_stub(p.data))) {
                *kind = DL_DBKIND_OTHER;
                dl_err_set(why, DL_EINVAL,
                           "%s: '%.48s' is named like dateline-index's "
                           "temporary stub but is not one: refusing to "
                           "write there",
                           q(&qp, path, QUOTE_PATH), n);
            }
        } else if (shard_temp_name(n)) {
            if (!dl_dbpath_is_our_temp(p.data)) {
                *kind = DL_DBKIND_OTHER;
                dl_err_set(why, DL_EINVAL,
                           "%s: '%.48s' is named like a temporary database "
                           "of dateline-index but is not one: refusing to "
                           "write there",
                           q(&qp, path, QUOTE_PATH), n);
            }
        } else if (shard_name(n, strlen(n))) {
            rc = kind_of(p.data, true, &sub, why);
            if (rc == DL_OK && sub != DL_DBKIND_SINGLE &&
                sub != DL_DBKIND_EMPTY_DIR)
                *kind = DL_DBKIND_OTHER; /* why names the shard */
        }
    }
    closedir(d);
    dl_buf_free(&p);
    return rc;
}

/* kind_of - the kind of path; nested: path is a shard of a sharded index
 * (which cannot itself be sharded). */
static dl_status
kind_of(const char *path, bool nested, enum dl_dbkind *kind, dl_err *why)
{
    struct quoted qp, qn;
    struct listing l;
    struct stat st;
    dl_status rc;

    *kind = DL_DBKIND_OTHER;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) {
            *kind = DL_DBKIND_MISSING;
            return DL_OK;
        }
        return dl_err_set(why, DL_EIO, "%s: %s", q(&qp, path, QUOTE_PATH),
                          strerror(errno));
    }
    if (S_ISLNK(st.st_mode)) {
        dl_err_set(why, DL_EINVAL,
                   "%s: a symbolic link, not a database folder: refusing "
                   "to write there",
                   q(&qp, path, QUOTE_PATH));
        return DL_OK;
    }
    if (!S_ISDIR(st.st_mode)) {
        dl_err_set(why, DL_EINVAL,
                   "%s: %s, not a database folder: refusing to write there "
                   "(--db names a directory)",
                   q(&qp, path, QUOTE_PATH),
                   S_ISREG(st.st_mode) ? "a file" : "not a directory");
        return DL_OK;
    }
    rc = list_dir(path, &l);
    if (rc == DL_EIO) {
        rc = dl_err_set(why, DL_EIO,
                        "%s: cannot read it to check it is a "
                        "Dateline database: %s",
                        q(&qp, path, QUOTE_PATH), strerror(errno));
        goto out;
    }
    if (rc != DL_OK)
        goto out;
    if (l.entries == 0)
        *kind = DL_DBKIND_EMPTY_DIR;
    else if (l.glass_ok)
        rc = kind_of_glass(path, &l, kind, why);
    else if (l.sharded_ok && !nested)
        rc = kind_of_sharded(path, kind, why);
    else if (l.foreign != NULL)
        dl_err_set(why, DL_EINVAL,
                   "%s: not a Dateline database: it holds '%s', which "
                   "Dateline does not write: refusing to write there",
                   q(&qp, path, QUOTE_PATH), q(&qn, l.foreign, QUOTE_NAME));
    else
        dl_err_set(why, DL_EINVAL,
                   "%s: not a Dateline database: it mixes a database's "
                   "files with a sharded index's: refusing to write there",
                   q(&qp, path, QUOTE_PATH));
out:
    dl_free(l.foreign);
    if (rc == DL_ENOMEM)
        dl_err_set(why, rc, "out of memory");
    return rc;
}

dl_status
dl_dbpath_kind(const char *path, enum dl_dbkind *kind, dl_err *why)
{
    return kind_of(path, false, kind, why);
}

bool
dl_dbpath_is_our_temp(const char *path)
{
    enum dl_dbkind kind;
    if (kind_of(path, true, &kind, NULL) != DL_OK)
        return false;
    return kind == DL_DBKIND_SINGLE || kind == DL_DBKIND_UNMARKED ||
           kind == DL_DBKIND_EMPTY_DIR;
}

/* Copy path's real name (realpath) into out.  false when it does not
 * resolve (errno set). */
static bool
real_path(const char *path, dl_buf *out)
{
    char *r = realpath(path, NULL);
    bool ok;
    if (r == NULL)
        return false;
    dl_buf_reset(out);
    ok = dl_buf_puts(out, r) == DL_OK;
    free(r); /* realpath's, from the C library's malloc */
    if (!ok)
        errno = ENOMEM;
    return ok;
}

dl_status
dl_dbpath_clean(const char *path, dl_buf *out, dl_err *err)
{
    struct quoted qp;
    const char *base;
    struct stat st;
    bool dots;

    if (dl_path_clean(path, out) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    base = strrchr(out->data, '/');
    base = base != NULL ? base + 1 : out->data;
    /* "." or "..": the temporaries PATH.tmp-... would land inside the
     * database, and a directory cannot be renamed by such a name. */
    dots = strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
    if (!dots && (lstat(out->data, &st) != 0 || !S_ISLNK(st.st_mode)))
        return DL_OK;
    if (!real_path(out->data, out)) {
        int e = errno;
        if (e == ENOMEM)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        if (!dots && e == ENOENT)
            return dl_err_set(err, DL_EINVAL,
                              "%s: a symbolic link to something that does "
                              "not exist: refusing to write there",
                              q(&qp, path, QUOTE_PATH));
        return dl_err_set(err, e == ENOENT ? DL_ENOENT : DL_EIO, "%s: %s",
                          q(&qp, path, QUOTE_PATH), strerror(e));
    }
    return DL_OK;
}

/* Is a root the database or inside it?  Both by their real paths. */
static dl_status
check_roots(const char *path, const char *const *roots, size_t n, dl_err *err)
{
    struct quoted qp, qr;
    dl_buf db = DL_BUF_INIT;
    dl_buf root = DL_BUF_INIT;
    dl_status rc = DL_OK;
    size_t i;

    if (!real_path(path, &db)) {
        rc = errno == ENOMEM ? dl_err_set(err, DL_ENOMEM, "out of memory")
                             : DL_OK; /* not there: nothing inside it */
        goto out;
    }
    for (i = 0; i < n && rc == DL_OK; i++) {
        if (!real_path(roots[i], &root)) {
            if (errno == ENOMEM)
                rc = dl_err_set(err, DL_ENOMEM, "out of memory");
            continue; /* a missing root: the run reports it */
        }
        if (strcmp(root.data, db.data) == 0)
            rc = dl_err_set(err, DL_EINVAL,
                            "%s: --db names a folder to index (%s): give "
                            "the database a path of its own",
                            q(&qp, path, QUOTE_PATH),
                            q(&qr, roots[i], QUOTE_PATH));
        else if (strncmp(root.data, db.data, db.len) == 0 &&
                 (root.data[db.len] == '/' || db.len == 1))
            rc = dl_err_set(err, DL_EINVAL,
                            "%s: the folder to index %s is inside the "
                            "database --db names",
                            q(&qp, path, QUOTE_PATH),
                            q(&qr, roots[i], QUOTE_PATH));
    }
out:
    dl_buf_free(&db);
    dl_buf_free(&root);
    return rc;
}

/* A path that is not there yet needs a directory to be created in. */
static dl_status
check_parent(const char *path, dl_err *err)
{
    struct quoted qp, qd;
    const char *slash = strrchr(path, '/');
    dl_buf dir = DL_BUF_INIT;
    struct stat st;
    dl_status rc = DL_OK;
    if (slash == NULL || slash == path)
        return DL_OK;
    if (dl_buf_append(&dir, path, (size_t)(slash - path)) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    if (stat(dir.data, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = dl_err_set(err, DL_ENOENT,
                        "%s: cannot create the database: its folder %s "
                        "does not exist",
                        q(&qp, path, QUOTE_PATH), q(&qd, dir.data, QUOTE_PATH));
    dl_buf_free(&dir);
    return rc;
}

dl_status
dl_dbpath_check(const char *path, bool sharded, const char *const *roots,
                size_t n, enum dl_dbkind *kind_out, dl_err *err)
{
    struct quoted qp;
    enum dl_dbkind kind = DL_DBKIND_OTHER;
    dl_status rc = check_roots(path, roots, n, err);
    if (rc == DL_OK)
        rc = dl_dbpath_kind(path, &kind, err);
    if (kind_out != NULL)
        *kind_out = kind;
    if (rc != DL_OK)
        return rc;
    switch (kind) {
    case DL_DBKIND_MISSING:
        return check_parent(path, err);
    case DL_DBKIND_EMPTY_DIR:
        return DL_OK;
    case DL_DBKIND_SINGLE:
        if (!sharded)
            return DL_OK;
        return dl_err_set(err, DL_EINVAL,
                          "%s: a single (unsharded) database: shard into a new "
                          "path",
                          q(&qp, path, QUOTE_PATH));
    case DL_DBKIND_SHARDED:
        if (sharded)
            return DL_OK;
        return dl_err_set(err, DL_EINVAL,
                          "%s: a sharded index: index it with --shards N "
                          "or --shard-by year, as it was built",
                          q(&qp, path, QUOTE_PATH));
    case DL_DBKIND_UNMARKED:
    case DL_DBKIND_OTHER:
        break;
    }
    return DL_EINVAL; /* err was set by dl_dbpath_kind */
}

dl_status
dl_dbpath_mark(dl_wdb *w, dl_err *err)
{
    dl_buf v = DL_BUF_INIT;
    dl_status rc = DL_OK;
    if (dl_format_version(&v) != DL_OK)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w, DL_META_SCHEMA, v.data, v.len, err);
    if (rc == DL_OK && dl_format_features(&v) != DL_OK)
        rc = dl_err_set(err, DL_ENOMEM, "out of memory");
    if (rc == DL_OK)
        rc = dl_wdb_set_metadata(w, DL_META_FEATURES, v.data, v.len, err);
    dl_buf_free(&v);
    return rc;
}

/* The format check (dl_format_check, for adding) of the committed
 * database db at path. */
static dl_status
check_format_of(dl_db *db, const char *path, dl_err *err)
{
    char *schema = NULL;
    char *features = NULL;
    size_t slen = 0;
    size_t flen = 0;
    dl_status rc = dl_db_get_metadata(db, DL_META_SCHEMA, &schema, &slen, err);
    if (rc == DL_OK)
        rc = dl_db_get_metadata(db, DL_META_FEATURES, &features, &flen, err);
    if (rc == DL_OK)
        rc = dl_format_check(path, schema, slen, features, flen,
                             DL_FORMAT_WRITE, err);
    dl_free(schema);
    dl_free(features);
    return rc;
}

dl_status
dl_dbpath_check_format_at(const char *path, dl_err *err)
{
    enum dl_dbkind kind;
    dl_db *db = NULL;
    dl_err why; /* what kind_of says of other kinds is not an error here */
    dl_status rc;

    dl_err_clear(&why);
    rc = dl_dbpath_kind(path, &kind, &why);
    if (rc != DL_OK)
        return dl_err_set(err, rc, "%s",
                          why.msg[0] != '\0' ? why.msg : dl_status_str(rc));
    if (kind != DL_DBKIND_SINGLE)
        return DL_OK;
    rc = dl_db_open(path, &db, err);
    if (rc == DL_OK)
        rc = check_format_of(db, path, err);
    dl_db_close(db);
    return rc;
}

dl_status
dl_dbpath_check_format(dl_wdb *w, const char *path, dl_err *err)
{
    dl_db *db = NULL;
    dl_status rc = dl_wdb_reader(w, &db, err);
    if (rc == DL_OK)
        rc = check_format_of(db, path, err);
    dl_db_close(db);
    return rc;
}

/* Make err's message name the database path (Xapian's write errors name
 * only a table file, or nothing; some callers leave it empty). */
void
dl_dbpath_name_err(dl_err *err, const char *path, dl_status rc)
{
    char msg[sizeof err->msg + 1024];
    char shown[128];
    size_t len;
    if (err == NULL || strstr(err->msg, path) != NULL)
        return;
    /* A long path is shortened so that the reason after it still fits. */
    snprintf(msg, sizeof msg, "%s: %s",
             dl_log_shorten(path, 96, shown, sizeof shown),
             err->msg[0] != '\0' ? err->msg : dl_status_str(rc));
    len = strlen(msg);
    if (len >= sizeof err->msg)
        len = sizeof err->msg - 1;
    memcpy(err->msg, msg, len);
    err->msg[len] = '\0';
}
