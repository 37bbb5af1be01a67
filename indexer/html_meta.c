/* html_meta.c - the metadata of an HTML page: meta tags, link rel,
 * html lang, JSON-LD, and the dates of the tree pass.
 *
 * Each field keeps the best candidate by a fixed priority, first seen
 * winning a tie (reader_html.c's opening comment lists the priorities).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "dl_date.h"
#include "html_extract.h"
#include "html_tree.h"
#include "reader_html_int.h"
#include "reader_int.h"

/* Offer a value for a field: kept if it ranks above the current one and is
 * not blank. */
void
dl_html_cand_offer(struct html *h, struct cand *c, int prio, const char *s,
                   size_t n, size_t max)
{
    dl_buf t;
    dl_status rc;

    if (h->rc != DL_OK || prio <= c->prio)
        return;
    rc = dl_reader_put_field(&h->tmp2, s, n, max);
    if (rc != DL_OK) {
        h->rc = rc;
        return;
    }
    if (h->tmp2.len == 0)
        return;
    t = c->v;
    c->v = h->tmp2;
    h->tmp2 = t;
    c->prio = prio;
}

static void
date_offer(struct html *h, int prio, const char *s, size_t n)
{
    struct dl_date d;

    if (prio <= h->date_prio)
        return;
    if (dl_date_parse_meta(s, n, &d)) {
        h->date = d;
        h->date_prio = prio;
    }
}

static bool
ld_is_article(json_t *type)
{
    static const char *const kinds[] = {"Article", "BlogPosting", "Report",
                                        NULL};
    size_t i;
    size_t k;
    json_t *e;
    const char *s;

    if (json_is_array(type)) {
        json_array_foreach(type, i, e)
        {
            if (ld_is_article(e))
                return true;
        }
        return false;
    }
    if (!json_is_string(type))
        return false;
    s = json_string_value(type);
    for (k = 0; kinds[k] != NULL; k++) {
        if (strstr(s, kinds[k]) != NULL)
            return true;
    }
    return false;
}

/* Names from a string, {"name": ...} or an array of them, comma-joined. */
static dl_status
ld_names(json_t *v, dl_buf *out, int depth)
{
    size_t i;
    json_t *e;
    const char *s = NULL;
    dl_status rc = DL_OK;

    if (depth > 3)
        return DL_OK;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            rc = ld_names(e, out, depth + 1);
            if (rc != DL_OK)
                return rc;
        }
        return DL_OK;
    }
    if (json_is_object(v))
        v = json_object_get(v, "name");
    if (json_is_string(v))
        s = json_string_value(v);
    if (s == NULL || s[0] == '\0')
        return DL_OK;
    if (out->len > 0)
        rc = dl_buf_puts(out, ", ");
    if (rc == DL_OK)
        rc = dl_buf_puts(out, s);
    return rc;
}

static void
ld_offer_names(struct html *h, struct cand *c, int prio, json_t *v)
{
    dl_buf names = DL_BUF_INIT;
    dl_status rc;

    if (v == NULL || prio <= c->prio)
        return;
    rc = ld_names(v, &names, 0);
    if (rc != DL_OK)
        h->rc = rc;
    else if (names.len > 0)
        dl_html_cand_offer(h, c, prio, names.data, names.len,
                           DL_READER_FIELD_MAX);
    dl_buf_free(&names);
}

static void
ld_offer_string(struct html *h, struct cand *c, int prio, json_t *v, size_t max)
{
    if (json_is_object(v))
        v = json_object_get(v, "@id");
    if (json_is_string(v))
        dl_html_cand_offer(h, c, prio, json_string_value(v),
                           json_string_length(v), max);
}

/* A JSON-LD articleBody longer than this is cut (a body stored is at most
 * DL_STORED_BODY_MAX; the rest only feeds the index). */
#define LD_BODY_MAX (4u << 20)

static void
ld_visit(struct html *h, json_t *j, int depth)
{
    size_t i;
    json_t *e;
    json_t *v;
    int down;

    if (depth > 8 || h->rc != DL_OK)
        return;
    if (json_is_array(j)) {
        json_array_foreach(j, i, e)
        {
            ld_visit(h, e, depth + 1);
        }
        return;
    }
    if (!json_is_object(j))
        return;
    ld_visit(h, json_object_get(j, "@graph"), depth + 1);
    down = ld_is_article(json_object_get(j, "@type")) ? 0 : 1;
    v = json_object_get(j, "headline");
    if (json_is_string(v))
        dl_html_cand_offer(h, &h->title, 4 - down, json_string_value(v),
                           json_string_length(v), DL_READER_TITLE_MAX);
    v = json_object_get(j, "datePublished");
    if (json_is_string(v))
        date_offer(h, 5 - down, json_string_value(v), json_string_length(v));
    ld_offer_names(h, &h->author, 3 - down, json_object_get(j, "author"));
    ld_offer_names(h, &h->source, 2 - down, json_object_get(j, "publisher"));
    ld_offer_string(h, &h->lang, 2 - down, json_object_get(j, "inLanguage"),
                    DL_READER_FIELD_MAX);
    if (down == 0)
        ld_offer_string(h, &h->url, 1, json_object_get(j, "url"),
                        DL_READER_URL_MAX);
    v = json_object_get(j, "articleBody");
    if (down == 0 && json_is_string(v) && h->ld_body.len == 0 && h->rc == DL_OK)
        h->rc = dl_buf_append(&h->ld_body, json_string_value(v),
                              json_string_length(v) < LD_BODY_MAX
                                  ? json_string_length(v)
                                  : LD_BODY_MAX);
}

void
dl_html_jsonld(struct html *h, const char *s, size_t n)
{
    json_error_t jerr;
    json_t *root;

    /* Old pages hide the script from old browsers. */
    while (n > 0 && dl_html_is_ws(*s)) {
        s++;
        n--;
    }
    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        s += 4;
        n -= 4;
    }
    root = json_loadb(s, n, JSON_DISABLE_EOF_CHECK, &jerr);
    if (root == NULL)
        return; /* broken JSON-LD is common and harmless: other tags remain */
    ld_visit(h, root, 0);
    json_decref(root);
}

static void
meta_tag(struct html *h, const struct tag *t)
{
    static const char *const date3[] = {"date",
                                        "pubdate",
                                        "publishdate",
                                        "publish-date",
                                        "publish_date",
                                        "dc.date",
                                        "dc.date.issued",
                                        "dcterms.date",
                                        "dcterms.issued",
                                        "dcterms.created",
                                        "sailthru.date",
                                        "parsely-pub-date",
                                        "og:published_time",
                                        "article.published",
                                        "citation_publication_date",
                                        "citation_date",
                                        NULL};
    static const char *const author2[] = {"author",          "dc.creator",
                                          "dcterms.creator", "sailthru.author",
                                          "parsely-author",  NULL};
    char key[48];
    char equiv[48];
    const char *v;
    size_t n;

    dl_html_attr_key(t, "property", key, sizeof key);
    if (key[0] == '\0')
        dl_html_attr_key(t, "name", key, sizeof key);
    if (key[0] == '\0') {
        dl_html_attr_key(t, "itemprop", key, sizeof key);
        /* The tree pass weighs where it stands (dl_html_tree_dates). */
        if (strcmp(key, "datepublished") == 0)
            return;
    }
    dl_html_attr_key(t, "http-equiv", equiv, sizeof equiv);
    if (key[0] == '\0' && strcmp(equiv, "content-language") == 0)
        snprintf(key, sizeof key, "%s", "content-language");
    if (key[0] == '\0')
        return;
    v = dl_html_attr_value(h, t, "content", &n);
    if (v == NULL)
        return;
    if (strcmp(key, "og:title") == 0) {
        dl_html_cand_offer(h, &h->title, 5, v, n, DL_READER_TITLE_MAX);
    } else if (strcmp(key, "twitter:title") == 0) {
        dl_html_cand_offer(h, &h->title, 2, v, n, DL_READER_TITLE_MAX);
    } else if (strcmp(key, "article:published_time") == 0 ||
               strcmp(key, "og:article:published_time") == 0) {
        date_offer(h, 5, v, n);
    } else if (strcmp(key, "datepublished") == 0) {
        date_offer(h, 4, v, n);
    } else if (dl_html_in_list(key, date3)) {
        date_offer(h, 3, v, n);
    } else if (dl_html_in_list(key, author2)) {
        dl_html_cand_offer(h, &h->author, 2, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "article:author") == 0) {
        /* Often a profile URL, which is no name. */
        if (strncmp(v, "http", 4) != 0)
            dl_html_cand_offer(h, &h->author, 1, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "og:site_name") == 0) {
        dl_html_cand_offer(h, &h->source, 3, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "dc.publisher") == 0) {
        dl_html_cand_offer(h, &h->source, 2, v, n, DL_READER_FIELD_MAX);
    } else if (strcmp(key, "og:url") == 0) {
        dl_html_cand_offer(h, &h->url, 2, v, n, DL_READER_URL_MAX);
    } else if (strcmp(key, "content-language") == 0 ||
               strcmp(key, "dc.language") == 0 ||
               strcmp(key, "language") == 0) {
        dl_html_cand_offer(h, &h->lang, 2, v, n, 64);
    } else if (strcmp(key, "og:locale") == 0 && n < 32) {
        char loc[32];
        size_t i;
        for (i = 0; i < n; i++)
            loc[i] = v[i] == '_' ? '-' : v[i];
        dl_html_cand_offer(h, &h->lang, 1, loc, n, 64);
    }
}

static bool
rel_has(const char *v, size_t n, const char *word)
{
    size_t w = strlen(word);
    size_t i = 0;
    size_t s;

    while (i < n) {
        while (i < n && dl_html_is_ws(v[i]))
            i++;
        s = i;
        while (i < n && !dl_html_is_ws(v[i]))
            i++;
        if (i - s == w && strncasecmp(v + s, word, w) == 0)
            return true;
    }
    return false;
}

void
dl_html_meta_start(struct html *h, const struct tag *t)
{
    const char *v;
    size_t n;

    if (strcmp(t->name, "meta") == 0) {
        meta_tag(h, t);
    } else if (strcmp(t->name, "link") == 0) {
        v = dl_html_attr_value(h, t, "rel", &n);
        if (v != NULL && rel_has(v, n, "canonical")) {
            v = dl_html_attr_value(h, t, "href", &n);
            if (v != NULL)
                dl_html_cand_offer(h, &h->url, 3, v, n, DL_READER_URL_MAX);
        }
    } else if (strcmp(t->name, "html") == 0) {
        v = dl_html_attr_value(h, t, "lang", &n);
        if (v == NULL)
            v = dl_html_attr_value(h, t, "xml:lang", &n);
        if (v != NULL)
            dl_html_cand_offer(h, &h->lang, 3, v, n, 64);
    } else if (strcmp(t->name, "h1") == 0 && !h->h1_done) {
        h->in_h1 = true;
    }
}

/* A date element of the tree pass (struct date_cand): its kind and the
 * value of its content or datetime attribute. */
void
dl_html_date_cand_add(struct html *h, const struct tag *t, uint32_t node)
{
    struct date_cand *c;
    const char *v = NULL;
    const char *p;
    size_t pn;
    size_t n = 0;

    if (h->n_dates == DATE_CANDS)
        return;
    c = &h->dates[h->n_dates];
    c->node = node;
    if (h->tree->nodes[node].hints & DL_HH_DATE) {
        c->kind = DATE_ITEMPROP;
        v = dl_html_attr_value(h, t, "content", &n);
    } else {
        c->kind =
            dl_html_attr_get(t, "pubdate", &p, &pn) ? DATE_PUBDATE : DATE_TIME;
    }
    if (v == NULL)
        v = dl_html_attr_value(h, t, "datetime", &n);
    if (v == NULL && c->kind != DATE_ITEMPROP)
        return; /* a <time> without datetime: its text may be anything */
    if (v == NULL)
        n = 0;
    if (n >= sizeof c->value)
        n = sizeof c->value - 1;
    memcpy(c->value, v != NULL ? v : "", n);
    c->value[n] = '\0';
    h->n_dates++;
}

/* The text of element i (at most size - 1 bytes): a datePublished
 * element with no content or datetime attribute says it in words. */
static void
node_text(const struct dl_htree *t, uint32_t i, char *out, size_t size)
{
    size_t len = 0;
    uint32_t j;
    uint32_t a;

    out[0] = '\0';
    for (j = i + 1; j < t->n && len + 1 < size; j++) {
        for (a = t->nodes[j].parent; a != 0 && a != i; a = t->nodes[a].parent)
            ;
        if (a != i)
            break; /* past the element's last descendant */
        if (t->nodes[j].tag == DL_HT_TEXT) {
            size_t k = t->nodes[j].len;
            if (k > size - 1 - len)
                k = size - 1 - len;
            memcpy(out + len, t->text.data + t->nodes[j].off, k);
            len += k;
        }
    }
    out[len] = '\0';
}

/* Offer the tree pass's dates, in page order, where they stand for the
 * story (struct date_cand). */
void
dl_html_tree_dates(struct html *h, const struct dl_htree *t,
                   const struct dl_hextract *ex)
{
    static const int prio[] = {
        [DATE_ITEMPROP] = 4, [DATE_PUBDATE] = 2, [DATE_TIME] = 1};
    char text[64];
    unsigned k;

    for (k = 0; k < h->n_dates; k++) {
        const struct date_cand *c = &h->dates[k];
        const char *v = c->value;
        if (c->kind == DATE_TIME ? !dl_hextract_in_header(t, ex, c->node)
                                 : dl_hextract_elsewhere(t, ex, c->node))
            continue;
        if (v[0] == '\0') {
            node_text(t, c->node, text, sizeof text);
            v = text;
        }
        date_offer(h, prio[c->kind], v, strlen(v));
    }
}
