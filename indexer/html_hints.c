/* html_hints.c - class, id, role, itemprop and style hints of an element.
 *
 * The word lists start from Readability's (Mozilla's Readability.js, whose
 * class weights and "unlikely candidate" names are tuned on a great many
 * pages) and add the boilerplate boxes news pages carry inside the story's
 * own box: comments, related and most-read lists, newsletter and
 * subscription prompts, share bars, captions and credits, cookie notices.
 * Words are matched in the lower-cased "class id" text; a word marked TOK
 * must be a whole token (a run of letters and digits), so "ad" is an ad
 * box but "shadow" and "header" are not.  No word names a site.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "html_hints.h"

enum match { SUB, TOK };

struct pat {
    const char *word;
    enum match how;
    unsigned bits;
};

#define P DL_HH_POSITIVE
#define N DL_HH_NEGATIVE
#define U DL_HH_UNLIKELY
#define M DL_HH_MAYBE
#define J DL_HH_JUNK
#define S DL_HH_SHARE
#define O DL_HH_OTHER

static const struct pat pats[] = {
    /* a story's box */
    {"article", SUB, P | M},
    {"body", SUB, P | M},
    {"content", SUB, P | M},
    {"entry", SUB, P},
    {"main", SUB, P | M},
    {"page", SUB, P},
    {"post", SUB, P},
    {"text", SUB, P},
    {"blog", SUB, P},
    {"story", SUB, P},
    {"column", SUB, M},
    {"shadow", SUB, M},
    /* furniture */
    {"-ad-", SUB, N | U | J | O},
    {"ad", TOK, N | J | O},
    {"ads", TOK, N | J | O},
    {"advert", SUB, N | J | O},
    {"ai2html", SUB, U},
    {"author", SUB, J},
    {"agegate", SUB, U},
    {"banner", SUB, N | U},
    {"breadcrumb", SUB, U | J},
    {"byline", SUB, N | J},
    {"caption", SUB, N | J},
    {"combx", SUB, N | U},
    {"comment", SUB, N | U | J | O},
    {"com-", SUB, N},
    {"community", SUB, U | O},
    {"consent", SUB, N | U | J},
    {"contact", SUB, N},
    {"cookie", SUB, N | U | J},
    {"cover-wrap", SUB, U},
    {"credit", SUB, N | J},
    {"disqus", SUB, N | U | J | O},
    {"extra", SUB, U},
    {"foot", SUB, N},
    {"footer", SUB, U},
    {"gdpr", SUB, N | U | J},
    {"header", SUB, U},
    {"hid", TOK, N},
    {"hidden", SUB, N},
    {"legends", SUB, U},
    {"masthead", SUB, N},
    {"media", SUB, N},
    {"menu", SUB, U},
    {"meta", SUB, N},
    {"mostread", SUB, N | J | O},
    {"most-read", SUB, N | J | O},
    {"newsletter", SUB, N | U | J},
    {"outbrain", SUB, N | U | J | O},
    {"pager", SUB, U},
    {"pagination", SUB, U},
    {"popular", SUB, N | J | O},
    {"popup", SUB, U},
    {"promo", SUB, N | J | O},
    {"recommend", SUB, N | J | O},
    {"related", SUB, N | U | J | O},
    {"remark", SUB, U},
    {"replies", SUB, U | O},
    {"rss", SUB, U},
    {"scroll", SUB, N},
    {"share", SUB, N | S},
    {"sharing", SUB, N | S},
    {"shopping", SUB, N},
    {"shoutbox", SUB, N | U},
    {"sidebar", SUB, N | U},
    {"signup", SUB, N | J},
    {"sign-up", SUB, N | J},
    {"skyscraper", SUB, N | U},
    {"social", SUB, U | S},
    {"sponsor", SUB, N | U | J | O},
    {"subscri", SUB, N | J},
    {"supplemental", SUB, U},
    {"taboola", SUB, N | U | J | O},
    {"tags", SUB, N},
    {"tool", SUB, N},
    {"trending", SUB, N | J | O},
    {"widget", SUB, N},
    {"yom-remote", SUB, U},
};

#undef P
#undef N
#undef U
#undef M
#undef J
#undef S
#undef O

/* Class and id longer than this are cut: names past it are generated
 * noise (utility-class soup), and the cap bounds the work per element. */
#define HINT_TEXT_MAX 320

static char
lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Append s[0..n) lower-cased to buf at *len, then a space. */
static void
put_lower(char *buf, size_t *len, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n && *len + 1 < HINT_TEXT_MAX; i++)
        buf[(*len)++] = lower(s[i]);
    if (*len + 1 < HINT_TEXT_MAX)
        buf[(*len)++] = ' ';
}

/* Patterns by first byte: bucket_pat[bucket_start[c]..bucket_start[c+1])
 * are the indexes of the patterns starting with c (built once; constant
 * after). */
#define N_PATS (sizeof pats / sizeof pats[0])
static unsigned char bucket_start[129];
static unsigned char bucket_pat[N_PATS];
static unsigned char pat_len[N_PATS];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void
build_buckets(void)
{
    size_t n = 0;
    unsigned c;
    size_t k;

    for (c = 0; c < 128; c++) {
        bucket_start[c] = (unsigned char)n;
        for (k = 0; k < N_PATS; k++) {
            if ((unsigned char)pats[k].word[0] == c)
                bucket_pat[n++] = (unsigned char)k;
        }
    }
    bucket_start[128] = (unsigned char)n;
    for (k = 0; k < N_PATS; k++)
        pat_len[k] = (unsigned char)strlen(pats[k].word);
}

/* The bits of every pattern found in s[0..n) (lower case), in one pass:
 * at each byte, the patterns that start with it. */
static unsigned
match_words(const char *s, size_t n)
{
    unsigned bits = 0;
    size_t i;
    unsigned b;
    unsigned c;

    for (i = 0; i < n; i++) {
        c = (unsigned char)s[i];
        if (c >= 128)
            continue;
        for (b = bucket_start[c]; b < bucket_start[c + 1]; b++) {
            const struct pat *p = &pats[bucket_pat[b]];
            size_t wn = pat_len[bucket_pat[b]];
            if ((bits & p->bits) == p->bits || i + wn > n ||
                s[i + 1] != p->word[1] || memcmp(s + i, p->word, wn) != 0)
                continue;
            if (p->how != SUB && i > 0 && is_word_char(s[i - 1]))
                continue; /* not at the start of a token */
            if (p->how == TOK && i + wn < n && is_word_char(s[i + wn]))
                continue; /* not at its end */
            bits |= p->bits;
        }
    }
    return bits;
}

static bool
value_is(const char *v, size_t n, const char *want)
{
    size_t k = strlen(want);
    size_t i;

    if (n != k)
        return false;
    for (i = 0; i < n; i++) {
        if (lower(v[i]) != want[i])
            return false;
    }
    return true;
}

/* Whether a token of the (space-separated) list v[0..n) is one of words. */
static bool
any_token_is(const char *v, size_t n, const char *const *words)
{
    size_t i = 0;
    size_t start;
    size_t k;

    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        start = i;
        while (i < n && v[i] != ' ' && v[i] != '\t')
            i++;
        for (k = 0; words[k] != NULL; k++) {
            if (i > start && value_is(v + start, i - start, words[k]))
                return true;
        }
    }
    return false;
}

/* display:none or visibility:hidden in a style attribute. */
static bool
style_hides(const char *s, size_t n)
{
    char buf[64];
    size_t i;
    size_t k;
    size_t j = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
            continue;
        if (s[i] == ';' || s[i] == '!') {
            j = 0;
            continue;
        }
        if (j + 1 < sizeof buf)
            buf[j++] = lower(s[i]);
        buf[j] = '\0';
        for (k = 0; k < 2; k++) {
            static const char *const hides[] = {"display:none",
                                                "visibility:hidden"};
            size_t hn = strlen(hides[k]);
            if (j == hn && memcmp(buf, hides[k], hn) == 0 &&
                (i + 1 >= n || s[i + 1] == ';' || s[i + 1] == ' ' ||
                 s[i + 1] == '!'))
                return true;
        }
    }
    return false;
}

unsigned
dl_hhints_classify(const struct dl_hattrs *a, int *weight)
{
    static const char *const nav_roles[] = {"navigation",    "menu",  "menubar",
                                            "complementary", "alert", "dialog",
                                            "alertdialog",   NULL};
    char text[HINT_TEXT_MAX];
    size_t len = 0;
    unsigned bits = 0;

    *weight = 0;
    if (a->cls != NULL)
        put_lower(text, &len, a->cls, a->cls_n);
    if (a->id != NULL)
        put_lower(text, &len, a->id, a->id_n);
    if (len > 0) {
        (void)pthread_once(&buckets_once, build_buckets);
        bits = match_words(text, len);
    }
    if (bits & DL_HH_NEGATIVE)
        *weight -= DL_HH_WEIGHT;
    if (bits & DL_HH_POSITIVE)
        *weight += DL_HH_WEIGHT;
    if (a->role != NULL && any_token_is(a->role, a->role_n, nav_roles))
        bits |= DL_HH_NAVROLE;
    if (a->itemprop != NULL) {
        static const char *const body[] = {"articlebody", NULL};
        static const char *const date[] = {"datepublished", NULL};
        if (any_token_is(a->itemprop, a->itemprop_n, body))
            bits |= DL_HH_BODY;
        if (any_token_is(a->itemprop, a->itemprop_n, date))
            bits |= DL_HH_DATE;
    }
    if (a->hidden || a->aria_hidden ||
        (a->style != NULL && style_hides(a->style, a->style_n)))
        bits |= DL_HH_HIDDEN;
    return bits;
}
