/* cgi_conf.c - the settings of dateline.cgi (cgi_conf.h).
 *
 * Lines are read whole, whatever their length (getline), so that no part
 * of a long line can ever be taken for a line of its own; a line over
 * CONF_LINE_MAX bytes, or one holding a NUL byte, is an error naming the
 * file and the line, and is never read as a setting.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cgi_conf.h"
#include "dl_alloc.h"
#include "dl_log.h"
#include "render_feed.h"

/* The longest line the configuration file may hold, newline excluded: a
 * setting is a few dozen bytes, a database path at most PATH_MAX (4096 on
 * Linux) plus `db = `; a longer line is a mistake or not a configuration
 * file, and is refused rather than read in parts. */
#define CONF_LINE_MAX 8192

void
dl_cgi_conf_init(struct dl_cgi_conf *c)
{
    memset(c, 0, sizeof *c);
    c->cpu_seconds = DL_CGI_DEFAULT_CPU_SECONDS;
    c->memory_mb = DL_CGI_DEFAULT_MEMORY_MB;
    c->search_cpu_ms = 0; /* 0 until set: then the default (finish_limits) */
}

void
dl_cgi_conf_free(struct dl_cgi_conf *c)
{
    size_t i;
    for (i = 0; i < c->n_specs; i++) {
        dl_free(c->specs[i]);
        c->specs[i] = NULL;
    }
    c->n_specs = 0;
    dl_free(c->base_url);
    c->base_url = NULL;
}

/* url as the base of the feeds' links, from where (NULL: the
 * environment) and line lineno. */
static dl_status
set_base(struct dl_cgi_conf *c, const char *url, const char *where,
         unsigned long lineno)
{
    char *copy;
    if (!dl_feed_base_ok(url)) {
        dl_error(where, lineno,
                 "base_url must be an absolute http(s) address without "
                 "'?' or '#', at most 1024 bytes");
        return DL_EINVAL;
    }
    copy = dl_strdup(url);
    if (copy == NULL)
        return DL_ENOMEM;
    dl_free(c->base_url);
    c->base_url = copy;
    return DL_OK;
}

dl_status
dl_cgi_conf_set_base_url(struct dl_cgi_conf *c, const char *url)
{
    if (url == NULL || *url == '\0')
        return DL_OK;
    return set_base(c, url, "DATELINE_BASE_URL", 0);
}

static char *
trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s &&
           (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* v as a whole decimal number in [min, max], else -1. */
static long
parse_long(const char *v, long min, long max)
{
    char *end;
    long n;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
        return -1;
    return n;
}

static dl_status
add_spec(struct dl_cgi_conf *c, const char *spec)
{
    if (c->n_specs == DL_CGI_MAX_DBS) {
        dl_error(NULL, 0, "at most %d databases", DL_CGI_MAX_DBS);
        return DL_EINVAL;
    }
    c->specs[c->n_specs] = dl_strdup(spec);
    if (c->specs[c->n_specs] == NULL)
        return DL_ENOMEM;
    c->n_specs++;
    return DL_OK;
}

/* One setting line of the configuration file (already trimmed, not a
 * comment): `key = value`.  DL_OK when it was taken, else an error
 * already reported naming path and lineno. */
static dl_status
take_setting(struct dl_cgi_conf *c, bool env_db, const char *path,
             unsigned long lineno, char *key)
{
    char *eq = strchr(key, '=');
    char *val;

    if (eq == NULL) {
        dl_error(path, lineno, "expected `key = value`");
        return DL_EINVAL;
    }
    *eq = '\0';
    val = trim(eq + 1);
    key = trim(key);
    if (strcmp(key, "db") == 0) {
        if (!env_db)
            return add_spec(c, val);
    } else if (strcmp(key, "cpu_seconds") == 0) {
        long v = parse_long(val, 1, 3600);
        if (v <= 0) {
            dl_error(path, lineno, "cpu_seconds takes 1 to 3600");
            return DL_EINVAL;
        }
        c->cpu_seconds = v;
    } else if (strcmp(key, "search_cpu_ms") == 0) {
        long v = parse_long(val, 1, 3600L * 1000);
        if (v <= 0) {
            dl_error(path, lineno, "search_cpu_ms takes 1 to 3600000");
            return DL_EINVAL;
        }
        c->search_cpu_ms = v;
    } else if (strcmp(key, "base_url") == 0) {
        return set_base(c, val, path, lineno);
    } else if (strcmp(key, "memory_mb") == 0) {
        long v = parse_long(val, 0, 1L << 20);
        if (v < 0) {
            dl_error(path, lineno, "memory_mb takes 0 (no limit) to 1048576");
            return DL_EINVAL;
        }
        c->memory_mb = v;
    } else {
        dl_warn(path, lineno, "unknown setting '%s' ignored", key);
    }
    return DL_OK;
}

/* One line as getline returned it (n bytes, maybe ending in a newline):
 * refused when too long or holding a NUL, skipped when blank or a
 * comment, else taken as a setting. */
static dl_status
read_line(struct dl_cgi_conf *c, bool env_db, const char *path,
          unsigned long lineno, char *line, size_t n)
{
    char *key;

    if (n > 0 && line[n - 1] == '\n')
        n--;
    if (n > CONF_LINE_MAX) {
        dl_error(path, lineno,
                 "line of %zu bytes, over the cap of %d: not read as a "
                 "setting",
                 n, CONF_LINE_MAX);
        return DL_EINVAL;
    }
    if (memchr(line, '\0', n) != NULL) {
        dl_error(path, lineno, "NUL byte in the line: not read");
        return DL_EINVAL;
    }
    key = trim(line);
    if (*key == '#' || *key == '\0')
        return DL_OK;
    return take_setting(c, env_db, path, lineno, key);
}

/* The configuration file, every line of it; the first error is the
 * result. */
static dl_status
read_file(struct dl_cgi_conf *c, bool env_db, const char *conf_path)
{
    bool explicit = conf_path != NULL && *conf_path != '\0';
    const char *path = explicit ? conf_path : DL_CGI_CONF_DEFAULT;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    FILE *f;
    dl_status rc = DL_OK;

    f = fopen(path, "r");
    if (f == NULL) {
        if (explicit || errno != ENOENT) {
            dl_error(path, 0, "cannot read: %s", strerror(errno));
            return DL_EIO;
        }
        return DL_OK;
    }
    for (;;) {
        dl_status st;
        errno = 0;
        n = getline(&line, &cap, f);
        if (n < 0)
            break;
        lineno++;
        st = read_line(c, env_db, path, lineno, line, (size_t)n);
        if (st != DL_OK && rc == DL_OK)
            rc = st;
    }
    if (ferror(f) || errno != 0) {
        dl_error(path, lineno + 1, "cannot read: %s",
                 strerror(errno != 0 ? errno : EIO));
        if (rc == DL_OK)
            rc = errno == ENOMEM ? DL_ENOMEM : DL_EIO;
    }
    free(line);
    fclose(f);
    return rc;
}

/* The search budget's default, or a check that the one set ends a search
 * before the process cap ends the whole request. */
static dl_status
finish_limits(struct dl_cgi_conf *c)
{
    if (c->search_cpu_ms == 0) {
        c->search_cpu_ms = c->cpu_seconds * 1000 / 2;
        if (c->search_cpu_ms > DL_CGI_DEFAULT_SEARCH_CPU_MS)
            c->search_cpu_ms = DL_CGI_DEFAULT_SEARCH_CPU_MS;
    } else if (c->search_cpu_ms >= c->cpu_seconds * 1000) {
        /* The process cap would end the request first: no page. */
        dl_error(NULL, 0,
                 "search_cpu_ms (%ld) must be below cpu_seconds (%ld s), "
                 "which ends the whole process",
                 c->search_cpu_ms, c->cpu_seconds);
        return DL_EINVAL;
    }
    return DL_OK;
}

dl_status
dl_cgi_conf_read(struct dl_cgi_conf *c, const char *env_db,
                 const char *conf_path)
{
    bool have_env_db = env_db != NULL && *env_db != '\0';
    dl_status rc;

    if (have_env_db) {
        rc = add_spec(c, env_db);
        if (rc != DL_OK)
            return rc;
    }
    rc = read_file(c, have_env_db, conf_path);
    if (rc != DL_OK)
        return rc;
    rc = finish_limits(c);
    if (rc != DL_OK)
        return rc;
    if (c->n_specs == 0) {
        dl_error(NULL, 0,
                 "no database: set DATELINE_DB or a `db =` line "
                 "in $DATELINE_CONF or " DL_CGI_CONF_DEFAULT);
        return DL_EINVAL;
    }
    return DL_OK;
}
