/* html_title.c - the headline in a web page's title (html_title.h).
 *
 * Names are compared in a key form: ASCII letters lower-cased, digits and
 * non-ASCII bytes kept, everything else dropped, so "The Daily-Example",
 * "the daily example" and the host label "thedailyexample" all read
 * "thedailyexample".  The site's name is looked for after the last
 * separator first ("Story | Site"), then before the first ("Site: Story");
 * a part after the last separator may also be the host's label followed
 * by a few more letters ("BBC News" on bbc.co.uk), a part before the first
 * must be the name exactly (a headline may start with the site's name:
 * "BBC bosses resign - BBC News").
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "html_title.h"

/* Key forms longer than this are no site name. */
#define KEY_MAX 128
/* A site's name may add this many key bytes to its host's label ("BBC
 * News" on bbc.co.uk, "CNN Politics" on cnn.com). */
#define KEY_EXTRA 16

static const char *const seps[] = {" | ",
                                   " - ",
                                   " \xE2\x80\x94 ",
                                   " \xE2\x80\x93 ",
                                   " :: ",
                                   " \xC2\xB7 ",
                                   " \xC2\xBB ",
                                   " / ",
                                   " \xE2\x80\xA2 ",
                                   NULL};

/* Separators a site's name may stand before ("Site: Story"). */
static const char *const prefix_seps[] = {": ", NULL};

/* The key form of s[0..n) into key (NUL-terminated); its length, 0 when
 * empty or too long. */
static size_t
key_of(const char *s, size_t n, char *key)
{
    size_t k = 0;
    size_t i;
    unsigned char c;

    for (i = 0; i < n; i++) {
        c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c >= 0x80))
            continue;
        if (k + 1 >= KEY_MAX)
            return 0;
        key[k++] = (char)c;
    }
    key[k] = '\0';
    return k;
}

/* The host's main label in key form ("www.the-site.co.uk" -> "thesite"),
 * or "" when the URL has no host. */
static void
host_key(const char *url, size_t n, char *key)
{
    const char *p = url;
    const char *end = url + n;
    const char *host;
    const char *dots[8];
    size_t ndots = 0;
    const char *label;
    const char *label_end;
    const char *q;

    key[0] = '\0';
    q = memchr(p, ':', n);
    if (q == NULL || end - q < 3 || q[1] != '/' || q[2] != '/')
        return;
    host = q + 3;
    for (q = host; q < end && *q != '/' && *q != ':' && *q != '?' && *q != '#';
         q++) {
        if (*q == '.' && ndots < sizeof dots / sizeof dots[0])
            dots[ndots++] = q;
    }
    label_end = q;
    if (ndots == 0)
        return; /* "localhost": no name */
    /* Drop the top-level domain, then a second-level one (co.uk). */
    label_end = dots[--ndots];
    if (ndots > 0 && label_end - dots[ndots - 1] - 1 <= 3) {
        const char *sl = dots[ndots - 1] + 1;
        size_t sln = (size_t)(label_end - sl);
        if ((sln == 2 &&
             (memcmp(sl, "co", 2) == 0 || memcmp(sl, "ac", 2) == 0 ||
              memcmp(sl, "or", 2) == 0)) ||
            (sln == 3 &&
             (memcmp(sl, "com", 3) == 0 || memcmp(sl, "org", 3) == 0 ||
              memcmp(sl, "net", 3) == 0 || memcmp(sl, "gov", 3) == 0 ||
              memcmp(sl, "edu", 3) == 0)))
            label_end = dots[--ndots];
    }
    label = ndots > 0 ? dots[ndots - 1] + 1 : host;
    (void)key_of(label, (size_t)(label_end - label), key);
}

static bool
key_is_site(const char *k, size_t kn, const char *site, const char *host,
            bool loose)
{
    size_t hn = strlen(host);

    if (kn == 0)
        return false;
    if (site[0] != '\0' && strcmp(k, site) == 0)
        return true;
    if (hn < 3)
        return false;
    if (strcmp(k, host) == 0 ||
        (hn > 3 && memcmp(host, "the", 3) == 0 && strcmp(k, host + 3) == 0))
        return true;
    return loose && kn > hn && kn <= hn + KEY_EXTRA && memcmp(k, host, hn) == 0;
}

/* The position of the last (or first) separator in s[0..n) and its
 * length in *sl; n when there is none. */
static size_t
find_sep(const char *s, size_t n, const char *const *list, bool last,
         size_t *sl)
{
    size_t best = n;
    size_t i;
    size_t k;
    size_t len;

    *sl = 0;
    for (k = 0; list[k] != NULL; k++) {
        len = strlen(list[k]);
        for (i = 0; i + len <= n; i++) {
            if (memcmp(s + i, list[k], len) != 0)
                continue;
            if (best == n || (last ? i > best : i < best)) {
                best = i;
                *sl = len;
            }
            if (!last)
                break;
        }
    }
    return best;
}

/* Keep title[from..to) (trimmed of spaces) as the title. */
static void
keep_part(dl_buf *title, size_t from, size_t to)
{
    while (from < to && title->data[from] == ' ')
        from++;
    while (to > from && title->data[to - 1] == ' ')
        to--;
    memmove(title->data, title->data + from, to - from);
    title->len = to - from;
    title->data[title->len] = '\0';
}

/* The part of the title beside a separator equal to the page's <h1>
 * ("Story - Section | Site" with <h1>Story</h1>): true when cut to it. */
static bool
cut_to_h1(dl_buf *title, const char *h1)
{
    static const char *const *const lists[] = {seps, prefix_seps};
    char part[KEY_MAX];
    const char *s = title->data;
    size_t n = title->len;
    size_t l;
    size_t k;
    size_t i;
    size_t len;

    for (l = 0; l < 2; l++) {
        for (k = 0; lists[l][k] != NULL; k++) {
            len = strlen(lists[l][k]);
            for (i = 0; i + len <= n; i++) {
                if (memcmp(s + i, lists[l][k], len) != 0)
                    continue;
                if (key_of(s, i, part) > 0 && strcmp(part, h1) == 0) {
                    keep_part(title, 0, i);
                    return true;
                }
                if (key_of(s + i + len, n - i - len, part) > 0 &&
                    strcmp(part, h1) == 0) {
                    keep_part(title, i + len, n);
                    return true;
                }
            }
        }
    }
    return false;
}

void
dl_title_trim_site(dl_buf *title, const struct dl_title_hints *hints)
{
    char site[KEY_MAX];
    char host[KEY_MAX];
    char h1[KEY_MAX];
    char part[KEY_MAX];
    size_t at;
    size_t sl;
    size_t kn;
    const char *s = title->data;
    size_t n = title->len;

    if (s == NULL || n == 0)
        return;
    site[0] = host[0] = h1[0] = '\0';
    if (hints->site != NULL)
        (void)key_of(hints->site, hints->site_n, site);
    if (hints->url != NULL)
        host_key(hints->url, hints->url_n, host);
    if (hints->h1 != NULL)
        (void)key_of(hints->h1, hints->h1_n, h1);

    /* "Story | Site": the part after the last separator. */
    at = find_sep(s, n, seps, true, &sl);
    if (at < n) {
        kn = key_of(s + at + sl, n - at - sl, part);
        if (key_is_site(part, kn, site, host, true) &&
            key_of(s, at, part) > 0) {
            keep_part(title, 0, at);
            return;
        }
    }
    /* "Site: Story" or "Site | Story": the part before the first one. */
    at = find_sep(s, n, prefix_seps, false, &sl);
    if (at == n)
        at = find_sep(s, n, seps, false, &sl);
    if (at < n) {
        kn = key_of(s, at, part);
        if (key_is_site(part, kn, site, host, false) &&
            key_of(s + at + sl, n - at - sl, part) > 0) {
            keep_part(title, at + sl, n);
            return;
        }
    }
    if (h1[0] != '\0')
        (void)cut_to_h1(title, h1);
}
