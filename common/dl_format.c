/* dl_format.c - the index format's version and features (dl_format.h).
 *
 * The table below is the one list of the features this program's format
 * has; dl_schema.h (FORMAT) says what each one means.  Checking reads the
 * stored list line by line: a name in the table counts as present, any
 * other is a feature of a newer Dateline, judged by its stored flags.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl_format.h"
#include "dl_log.h"
#include "dl_schema.h"

/* This program's features.  flags: what a program that does not know the
 * feature may not do ("r": read the index, "w": add to it).  needed: the
 * uses for which this program refuses an index without it (an index from
 * before the feature).  A new feature is one line here. */
static const struct feature {
    const char *name;
    const char *flags;
    unsigned needed; /* DL_FORMAT_READ | DL_FORMAT_WRITE */
} features[] = {
    {"body-slot", "rw", DL_FORMAT_READ | DL_FORMAT_WRITE},
    {"facet-slot", "rw", DL_FORMAT_READ | DL_FORMAT_WRITE},
    {"word-stems", "w", DL_FORMAT_READ | DL_FORMAT_WRITE},
    {"escaped-names", "w", DL_FORMAT_READ | DL_FORMAT_WRITE},
    {"learned-boilerplate", "w", DL_FORMAT_WRITE},
    {"xscript-keys", "w", 0},
};
#define N_FEATURES (sizeof features / sizeof features[0])

/* Longest feature name quoted in a message. */
#define NAME_SHOWN 40

dl_status
dl_format_version(dl_buf *out)
{
    dl_buf_reset(out);
    return dl_buf_printf(out, "%d", DL_SCHEMA_VERSION);
}

dl_status
dl_format_features(dl_buf *out)
{
    size_t i;
    dl_status rc;
    dl_buf_reset(out);
    /* An empty list is still a value (""), not an absent buffer. */
    rc = dl_buf_append(out, "", 0);
    for (i = 0; rc == DL_OK && i < N_FEATURES; i++)
        rc =
            dl_buf_printf(out, "%s\t%s\n", features[i].name, features[i].flags);
    return rc;
}

/* The stored version: a decimal number from 1, or 0 when it is none. */
static long
parse_version(const char *s, size_t n)
{
    char text[16];
    char *end;
    long v;
    size_t i;
    if (n == 0 || n >= sizeof text)
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    memcpy(text, s, n);
    text[n] = '\0';
    errno = 0;
    v = strtol(text, &end, 10);
    return errno != 0 || *end != '\0' || v < 1 ? 0 : v;
}

/* The table row of a stored feature name, or -1. */
static int
known(const char *name, size_t n)
{
    size_t i;
    for (i = 0; i < N_FEATURES; i++) {
        if (strlen(features[i].name) == n &&
            memcmp(features[i].name, name, n) == 0)
            return (int)i;
    }
    return -1;
}

/* Walk the stored list: mark the table's features present in have[], and
 * return the first line whose feature this program does not know and
 * whose flags forbid use (its name into *bad, *bad_len), or NULL.  A line
 * without flags (no TAB) forbids everything: a damaged list is no reason
 * to go on. */
static const char *
walk_features(const char *s, size_t n, enum dl_format_use use, bool *have,
              size_t *bad_len)
{
    const char *end = s + n;
    const char forbid = use == DL_FORMAT_READ ? 'r' : 'w';
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *line_end = nl != NULL ? nl : end;
        const char *tab = memchr(s, '\t', (size_t)(line_end - s));
        size_t name_len = (size_t)((tab != NULL ? tab : line_end) - s);
        int row = known(s, name_len);
        if (row >= 0) {
            have[row] = true;
        } else if (name_len > 0 &&
                   (tab == NULL ||
                    memchr(tab, forbid, (size_t)(line_end - tab)) != NULL)) {
            *bad_len = name_len;
            return s;
        }
        s = line_end + (nl != NULL);
    }
    return NULL;
}

static dl_status
older(dl_err *err, const char *shown, const char *why)
{
    return dl_err_set(err, DL_EINVAL,
                      "%s was made by an older Dateline (%s); rebuild it "
                      "with `dateline-index --full`",
                      shown, why);
}

static dl_status
newer(dl_err *err, const char *shown, const char *why)
{
    return dl_err_set(err, DL_EINVAL,
                      "%s was made by a newer Dateline (%s); use that "
                      "version, or rebuild it with this one's "
                      "`dateline-index --full`",
                      shown, why);
}

dl_status
dl_format_check(const char *name, const char *schema, size_t slen,
                const char *features_text, size_t flen, enum dl_format_use use,
                dl_err *err)
{
    char buf[100];
    char why[100];
    const char *shown = dl_log_shorten(name, 96, buf, sizeof buf);
    bool have[N_FEATURES] = {false};
    const char *bad;
    size_t bad_len = 0;
    long version;
    size_t i;

    if (slen == 0)
        return dl_err_set(err, DL_EINVAL,
                          "%s: not an index Dateline wrote (no %s)", shown,
                          DL_META_SCHEMA);
    version = parse_version(schema, slen);
    if (version == 0)
        return dl_err_set(
            err, DL_EINVAL, "%s: not an index Dateline wrote (%s is \"%.*s\")",
            shown, DL_META_SCHEMA, slen > 16 ? 16 : (int)slen, schema);
    snprintf(why, sizeof why, "index format %ld; this one's is %d", version,
             DL_SCHEMA_VERSION);
    if (version < DL_SCHEMA_VERSION)
        return older(err, shown, why);
    if (version > DL_SCHEMA_VERSION)
        return newer(err, shown, why);
    bad = walk_features(features_text, flen, use, have, &bad_len);
    if (bad != NULL) {
        snprintf(why, sizeof why, "its index has a feature unknown here: %.*s",
                 (int)(bad_len > NAME_SHOWN ? NAME_SHOWN : bad_len), bad);
        return newer(err, shown, why);
    }
    for (i = 0; i < N_FEATURES; i++) {
        if (!have[i] && (features[i].needed & (unsigned)use) != 0) {
            snprintf(why, sizeof why, "its index lacks the feature %s",
                     features[i].name);
            return older(err, shown, why);
        }
    }
    return DL_OK;
}

bool
dl_format_has(const char *features_text, size_t flen, const char *name)
{
    const char *s = features_text;
    const char *end = features_text + flen;
    size_t n = strlen(name);
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *line_end = nl != NULL ? nl : end;
        const char *tab = memchr(s, '\t', (size_t)(line_end - s));
        size_t name_len = (size_t)((tab != NULL ? tab : line_end) - s);
        if (name_len == n && memcmp(s, name, n) == 0)
            return true;
        s = line_end + (nl != NULL);
    }
    return false;
}
