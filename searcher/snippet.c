/* snippet.c - choose, cut and mark the snippet of one hit.
 *
 * One pass of the tokenizer over the stored body gives every token its
 * byte range; joined forms of hyphenated names (which repeat a range) are
 * kept apart so the window counts words as a reader sees them.  Matches are
 * (first display token, last display token, id) where id names the query
 * word or phrase, so "distinct terms in the window" is a count over ids.
 * The best window is found with two pointers over the matches, in time
 * linear in their number.
 *
 * A long body is first scanned only up to SCAN_FIRST_BYTES (2 KB, some 300
 * words): when a window there already holds every query word and phrase, no
 * window further on can hold more distinct ones, and the lead of a news story
 * is the snippet a reader wants.  Otherwise the whole body is scanned.
 * Tokenizing is most of a snippet's cost, and news bodies run to tens of
 * kilobytes (bench/README.md, "Snippets cost half as much").
 *
 * A word found through its cross-script key (the query's words carry
 * their keys, query_xscript.c) is marked like any match: Токаев and
 * Тоқаевтың for Tokayev, by the key of the token as written or of its
 * stem in the article's language, as the index keyed it.
 */
#include "config.h"

#include <string.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_tokenize.h"
#include "dl_xscript.h"
#include "snippet.h"

/* How far a cut may reach past the window's first or last token to the
 * next whitespace ("(Reuters)", "said.", "6-2"). */
#define CHUNK_REACH 32
/* Leading bytes a token must share with a query stem to be stemmed: two
 * Latin letters or one Cyrillic letter. */
#define STEM_PREFIX_BYTES 2
/* Bytes of a long body scanned first (see the top of this file). */
#define SCAN_FIRST_BYTES 2048

struct btok {
    size_t start, end;
    size_t off, len; /* term in ctx.terms */
    unsigned pos;
    unsigned flags;
};

struct bctx {
    dl_buf terms;
    struct btok *v;
    size_t n, cap;
    bool nomem;
};

struct match {
    size_t first, last; /* display token indices */
    size_t start, end;  /* bytes in the body */
    size_t id;
};

static int
body_cb(void *ctx, const char *term, size_t len, size_t start, size_t end,
        unsigned pos, unsigned flags)
{
    struct bctx *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        struct btok *v = dl_realloc(c->v, cap * sizeof *v);
        if (v == NULL) {
            c->nomem = true;
            return 1;
        }
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n].start = start;
    c->v[c->n].end = end;
    c->v[c->n].off = c->terms.len;
    c->v[c->n].len = len;
    c->v[c->n].pos = pos;
    c->v[c->n].flags = flags;
    if (dl_buf_append(&c->terms, term, len) != DL_OK) {
        c->nomem = true;
        return 1;
    }
    c->n++;
    return 0;
}

static bool
eq(const char *a, size_t an, const char *b)
{
    return strlen(b) == an && memcmp(a, b, an) == 0;
}

/* A query stem without its "lang:" label, deduplicated across languages
 * (most languages of one script stem a word alike), made once per snippet
 * instead of once per body token. */
struct qstem {
    const char *s;
    size_t n;
    size_t id; /* the query word */
};

/* The distinct stems of q's words into *out (caller frees). */
static dl_status
collect_stems(const struct dl_parsed_query *q, struct qstem **out,
              size_t *n_out)
{
    struct qstem *v;
    size_t cap = 0;
    size_t n = 0;
    size_t i, k, j;
    *out = NULL;
    *n_out = 0;
    for (i = 0; i < q->n_words; i++)
        cap += q->words[i].n_stems;
    if (cap == 0)
        return DL_OK;
    v = dl_calloc(cap, sizeof *v);
    if (v == NULL)
        return DL_ENOMEM;
    for (i = 0; i < q->n_words; i++) {
        const struct dl_qword *w = &q->words[i];
        for (k = 0; k < w->n_stems; k++) {
            const char *colon = strchr(w->stems[k], ':');
            const char *st = colon != NULL ? colon + 1 : w->stems[k];
            size_t stn = strlen(st);
            bool dup = false;
            for (j = 0; j < n && !dup; j++)
                dup = v[j].id == i && v[j].n == stn &&
                      memcmp(v[j].s, st, stn) == 0;
            if (dup)
                continue;
            v[n].s = st;
            v[n].n = stn;
            v[n].id = i;
            n++;
        }
    }
    *out = v;
    *n_out = n;
    return DL_OK;
}

/* The id of the query word token t matches, or (size_t)-1. */
static size_t
word_match(const struct dl_parsed_query *q, const struct qstem *qs, size_t nqs,
           dl_query_parser *p, const char *lang, const char *t, size_t n)
{
    size_t i;
    const char *st = NULL;
    size_t stn = 0;
    bool stemmed = false;
    size_t pre = n < STEM_PREFIX_BYTES ? n : STEM_PREFIX_BYTES;

    for (i = 0; i < q->n_words; i++) {
        const struct dl_qword *w = &q->words[i];
        size_t wl = strlen(w->term);
        if (w->wildcard) {
            if (n >= wl && memcmp(t, w->term, wl) == 0)
                return i;
        } else if (wl == n && memcmp(t, w->term, n) == 0) {
            return i;
        }
    }
    if (p == NULL || lang == NULL || *lang == '\0')
        return (size_t)-1;
    for (i = 0; i < nqs; i++) {
        /* The index's Z terms do not say which language made them, so a
         * query stem of ANY language matches the token's stem in the
         * article's language (a Russian query stem meets a Kazakh
         * article's stem): the snippet marks what the index matched.
         * A stem is nearly always a prefix of its word: tokens that do
         * not start like the query stem need no stemming, which saves
         * most of the stemmer calls over a long body. */
        if (qs[i].n < pre || memcmp(t, qs[i].s, pre) != 0)
            continue;
        if (!stemmed) {
            stemmed = true;
            if (dl_query_parser_stem(p, lang, t, n, &st, &stn) != DL_OK)
                return (size_t)-1;
        }
        if (stn == qs[i].n && memcmp(st, qs[i].s, stn) == 0)
            return qs[i].id;
    }
    return (size_t)-1;
}

/* Whether key[0..n) is one of q's word i's keys. */
static bool
has_key(const struct dl_qword *w, const char *key, size_t n)
{
    size_t k;
    for (k = 0; k < w->n_keys && n > 0; k++) {
        if (eq(key, n, w->keys[k]))
            return true;
    }
    return false;
}

/* The id of the query word whose cross-script keys the token raw[0..rn)
 * (term t[0..n)) meets, or (size_t)-1.  key: scratch. */
static size_t
key_match(const struct dl_parsed_query *q, dl_query_parser *p, const char *lang,
          const char *raw, size_t rn, const char *t, size_t n, dl_buf *key)
{
    size_t i;
    const char *st;
    size_t stn;
    if (dl_xscript_key(raw, dl_xscript_word_range(raw, rn, t, n), key) !=
            DL_OK ||
        key->len == 0)
        return (size_t)-1;
    for (i = 0; i < q->n_words; i++) {
        if (has_key(&q->words[i], key->data, key->len))
            return i;
    }
    /* A Cyrillic word is keyed by its stem too (Токаева -> tokaev). */
    if (p == NULL || lang == NULL || *lang == '\0' ||
        !dl_xscript_is_cyrillic(t, n) ||
        dl_query_parser_stem(p, lang, t, n, &st, &stn) != DL_OK ||
        dl_xscript_key(st, stn, key) != DL_OK)
        return (size_t)-1;
    for (i = 0; i < q->n_words; i++) {
        if (has_key(&q->words[i], key->data, key->len))
            return i;
    }
    return (size_t)-1;
}

static dl_status
push_match(struct match **v, size_t *n, size_t *cap, const struct match *m)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct match *nv = dl_realloc(*v, nc * sizeof *nv);
        if (nv == NULL)
            return DL_ENOMEM;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = *m;
    return DL_OK;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
           c == '\v';
}

void
dl_snippet_free(struct dl_snippet *s)
{
    dl_free(s->text);
    dl_free(s->hl);
    memset(s, 0, sizeof *s);
}

/* The tokens and matches of one scan of a text. */
struct found {
    struct bctx c;
    size_t *disp; /* display token -> btok index */
    size_t nd;
    struct match *m; /* sorted by first token, then start */
    size_t nm, mcap;
};

/* Empty f for another scan, keeping its allocations. */
static void
found_reset(struct found *f)
{
    dl_buf_reset(&f->c.terms);
    f->c.n = 0;
    f->c.nomem = false;
    dl_free(f->disp);
    f->disp = NULL;
    f->nd = 0;
    f->nm = 0;
}

static void
found_free(struct found *f)
{
    dl_buf_free(&f->c.terms);
    dl_free(f->c.v);
    dl_free(f->disp);
    dl_free(f->m);
    memset(f, 0, sizeof *f);
}

/* Tokenize text[0..len) into f (empty, or reset) and find every match of
 * q's words (qs: their stems) and phrases, sorted.  DL_OK or DL_ENOMEM. */
static dl_status
find_matches(const char *text, size_t len, const struct dl_parsed_query *q,
             dl_query_parser *p, const char *lang, const struct qstem *qs,
             size_t nqs, struct found *f)
{
    struct bctx *c = &f->c;
    dl_buf key = DL_BUF_INIT;
    bool keyed = false;
    bool latin_keyed = false; /* a Latin query word with keys */
    size_t i, k;

    if (dl_tokenize(text, len, 1, body_cb, c, NULL, NULL) == DL_ENOMEM ||
        c->nomem)
        return DL_ENOMEM;
    f->disp = dl_calloc(c->n + 1, sizeof *f->disp);
    if (f->disp == NULL)
        return DL_ENOMEM;
    for (i = 0; i < c->n; i++) {
        if (!(c->v[i].flags & DL_TOK_JOINED))
            f->disp[f->nd++] = i;
    }
    for (i = 0; i < q->n_words; i++) {
        const struct dl_qword *w = &q->words[i];
        keyed = keyed || w->n_keys > 0;
        latin_keyed = latin_keyed ||
                      (w->n_keys > 0 &&
                       !dl_xscript_is_cyrillic(w->term, strlen(w->term)));
    }
    /* Word matches: joined forms map to the display token of their first
     * part (the one before them in token order). */
    for (i = 0, k = 0; i < c->n; i++) {
        const struct btok *b = &c->v[i];
        size_t id;
        struct match mm;
        if (!(b->flags & DL_TOK_JOINED)) {
            while (k < f->nd && f->disp[k] < i)
                k++;
        }
        id = word_match(q, qs, nqs, p, lang, c->terms.data + b->off, b->len);
        /* Keys are the index's for names (and a Latin query word meets
         * Kazakh Cyrillic words through their stems): other tokens need
         * no key, which keeps a snippet's cost where it was. */
        if (id == (size_t)-1 && keyed &&
            !(b->flags & (DL_TOK_CJK | DL_TOK_NUMERIC)) &&
            (dl_xscript_capitalised(text + b->start, b->end - b->start) ||
             (latin_keyed && dl_xscript_is_cyrillic(c->terms.data + b->off,
                                                    b->len))))
            id = key_match(q, p, lang, text + b->start, b->end - b->start,
                           c->terms.data + b->off, b->len, &key);
        if (id == (size_t)-1)
            continue;
        mm.first = k < f->nd ? k : f->nd - 1;
        mm.last = mm.first;
        mm.start = b->start;
        mm.end = b->end;
        mm.id = id;
        if (b->flags & DL_TOK_JOINED) {
            /* The joined form spans its parts. */
            size_t j = mm.first;
            while (j + 1 < f->nd && c->v[f->disp[j + 1]].end <= b->end)
                j++;
            mm.last = j;
        }
        if (push_match(&f->m, &f->nm, &f->mcap, &mm) != DL_OK) {
            dl_buf_free(&key);
            return DL_ENOMEM;
        }
    }
    dl_buf_free(&key);
    /* Phrase matches over display tokens with consecutive positions. */
    for (k = 0; k < q->n_phrases; k++) {
        const struct dl_qphrase *ph = &q->phrases[k];
        if (ph->n == 0)
            continue;
        for (i = 0; i + ph->n <= f->nd; i++) {
            size_t j;
            for (j = 0; j < ph->n; j++) {
                const struct btok *b = &c->v[f->disp[i + j]];
                if (!eq(c->terms.data + b->off, b->len, ph->terms[j]))
                    break;
                if (j > 0 && b->pos != c->v[f->disp[i + j - 1]].pos + 1)
                    break;
            }
            if (j == ph->n) {
                struct match mm;
                mm.first = i;
                mm.last = i + ph->n - 1;
                mm.start = c->v[f->disp[i]].start;
                mm.end = c->v[f->disp[mm.last]].end;
                mm.id = q->n_words + k;
                if (push_match(&f->m, &f->nm, &f->mcap, &mm) != DL_OK)
                    return DL_ENOMEM;
            }
        }
    }
    /* Sort matches by first token (insertion sort on a mostly sorted
     * list: word matches come in order, phrases appended after). */
    for (i = 1; i < f->nm; i++) {
        struct match t = f->m[i];
        size_t j = i;
        while (j > 0 &&
               (f->m[j - 1].first > t.first || (f->m[j - 1].first == t.first &&
                                                f->m[j - 1].start > t.start))) {
            f->m[j] = f->m[j - 1];
            j--;
        }
        f->m[j] = t;
    }
    return DL_OK;
}

dl_status
dl_snippet_highlights(const char *text, size_t len,
                      const struct dl_parsed_query *q, dl_query_parser *p,
                      const char *lang, size_t (**out)[2], size_t *n_out,
                      dl_err *err)
{
    struct found f;
    struct qstem *qs = NULL;
    size_t nqs = 0;
    size_t i;
    size_t n = 0;
    size_t(*hl)[2] = NULL;
    dl_status rc;

    *out = NULL;
    *n_out = 0;
    memset(&f, 0, sizeof f);
    rc = collect_stems(q, &qs, &nqs);
    if (rc == DL_OK && len > 0)
        rc = find_matches(text, len, q, p, lang, qs, nqs, &f);
    if (rc == DL_OK && f.nm > 0) {
        hl = dl_calloc(f.nm, sizeof *hl);
        if (hl == NULL)
            rc = DL_ENOMEM;
    }
    /* Matches are sorted by start within a token order; overlapping ones
     * (a word inside a phrase, a joined form over its parts) merge. */
    for (i = 0; rc == DL_OK && i < f.nm; i++) {
        size_t s0 = f.m[i].start;
        size_t e0 = f.m[i].end;
        if (n > 0 && s0 <= hl[n - 1][1]) {
            if (e0 > hl[n - 1][1])
                hl[n - 1][1] = e0;
            continue;
        }
        hl[n][0] = s0;
        hl[n][1] = e0;
        n++;
    }
    found_free(&f);
    dl_free(qs);
    if (rc != DL_OK) {
        dl_free(hl);
        return dl_err_set(err, rc, "out of memory highlighting a text");
    }
    if (n == 0) {
        dl_free(hl);
        hl = NULL;
    }
    *out = hl;
    *n_out = n;
    return DL_OK;
}

/* The best window over f's matches: m[a..b) fit in `words` display
 * tokens, most distinct query words and phrases first, then most
 * matches.  score -1: no match at all. */
struct window {
    size_t a, b; /* matches, b exclusive */
    size_t distinct;
    long score;
};

/* Two pointers over the sorted matches; cnt (nid + 1 counters, all 0)
 * counts matches per id in the window, and is all 0 again at the end. */
static void
best_window(const struct found *f, size_t words, size_t *cnt,
            struct window *best)
{
    const struct match *m = f->m;
    size_t nm = f->nm;
    size_t a, b = 0;
    size_t distinct = 0;

    best->a = best->b = best->distinct = 0;
    best->score = -1;
    for (a = 0; a < nm; a++) {
        long score;
        while (b < nm && (b <= a || m[b].last < m[a].first + words)) {
            if (cnt[m[b].id]++ == 0)
                distinct++;
            b++;
        }
        score = (long)distinct * 1000 + (long)(b - a);
        if (score > best->score) {
            best->score = score;
            best->a = a;
            best->b = b;
            best->distinct = distinct;
        }
        if (--cnt[m[a].id] == 0)
            distinct--;
    }
}

/* Where the first scan of a long body ends: at whitespace, so no token is
 * cut in two (see the top of this file). */
static size_t
first_scan_end(const char *body, size_t len)
{
    size_t scan;
    if (len <= SCAN_FIRST_BYTES)
        return len;
    scan = SCAN_FIRST_BYTES;
    while (scan > 0 && !is_space(body[scan]))
        scan--;
    return scan == 0 ? len : scan;
}

/* The window in display tokens [*ws, *we] around the best matches, words
 * long where the text allows, a little more context before than after. */
static void
token_window(const struct found *f, const struct window *best, size_t words,
             size_t *ws, size_t *we)
{
    const struct match *m = f->m;
    size_t nd = f->nd;
    size_t span_first, span_last, extra, i;

    if (nd == 0) {
        *ws = 0;
        *we = 0;
        return;
    }
    if (best->score < 0) {
        *ws = 0;
        *we = nd - 1 < words - 1 ? nd - 1 : words - 1;
        return;
    }
    span_first = m[best->a].first;
    span_last = m[best->a].first;
    for (i = best->a; i < best->b; i++) {
        if (m[i].last > span_last)
            span_last = m[i].last;
    }
    extra = span_last - span_first + 1 < words
                ? words - (span_last - span_first + 1)
                : 0;
    *ws = span_first > extra / 2 ? span_first - extra / 2 : 0;
    *we = *ws + words - 1;
    if (*we < span_last)
        *we = span_last;
    if (*we >= nd) {
        *we = nd - 1;
        *ws = *we + 1 > words ? *we + 1 - words : 0;
        if (*ws > span_first)
            *ws = span_first;
    }
}

/* The bytes [*bs, *be) of body for the token window [ws, we]: cut at
 * whitespace, as a reader sees words ("6-2" and "(Reuters)" stay whole;
 * a chunk longer than CHUNK_REACH is cut at the token instead, still a
 * UTF-8 boundary), capped at the last whole word within
 * DL_SNIPPET_MAX_BYTES, without spaces at either end. */
static void
byte_range(const char *body, size_t len, const struct found *f, size_t ws,
           size_t we, size_t *bs, size_t *be)
{
    const struct btok *v = f->c.v;
    const size_t *disp = f->disp;
    size_t nd = f->nd;
    size_t k;

    if (nd == 0) {
        *bs = 0;
        *be = len;
    } else {
        *bs = v[disp[ws]].start;
        *be = v[disp[we]].end;
        if (ws == 0) {
            *bs = 0;
        } else {
            for (k = 0; k<CHUNK_REACH && * bs> 0 && !is_space(body[*bs - 1]);
                 k++)
                (*bs)--;
            if (*bs > 0 && !is_space(body[*bs - 1]))
                *bs = v[disp[ws]].start;
        }
        for (k = 0; k < CHUNK_REACH && *be < len && !is_space(body[*be]); k++)
            (*be)++;
        if (*be < len && !is_space(body[*be]))
            *be = v[disp[we]].end;
        if (we == nd - 1 && len - *be <= CHUNK_REACH)
            *be = len;
    }
    if (*be - *bs > DL_SNIPPET_MAX_BYTES) {
        size_t cut = *bs;
        for (k = ws; nd > 0 && k <= we; k++) {
            if (v[disp[k]].end - *bs > DL_SNIPPET_MAX_BYTES)
                break;
            cut = v[disp[k]].end;
        }
        if (cut == *bs) {
            cut = *bs + DL_SNIPPET_MAX_BYTES;
            while (cut > *bs && ((unsigned char)body[cut] & 0xC0) == 0x80)
                cut--;
        }
        *be = cut;
    }
    /* Leading and trailing spaces would sit between the ellipsis and the
     * text. */
    while (*bs < *be && is_space(body[*bs]))
        (*bs)++;
    while (*be > *bs && is_space(body[*be - 1]))
        (*be)--;
}

/* body[bs..be) into text, with an ellipsis where it was cut; *pre gets
 * the bytes put before body[bs].  DL_OK or DL_ENOMEM. */
static dl_status
cut_text(const char *body, size_t len, size_t bs, size_t be, dl_buf *text,
         size_t *pre)
{
    static const char ell[] = "\xE2\x80\xA6"; /* … */
    size_t i;

    *pre = 0;
    if (bs > 0) {
        if (dl_buf_puts(text, ell) != DL_OK || dl_buf_putc(text, ' ') != DL_OK)
            return DL_ENOMEM;
        *pre = text->len;
    }
    for (i = bs; i < be; i++) {
        char ch = body[i];
        /* Control characters (newlines kept by a reader) read as spaces;
         * same length, so highlight offsets still hold. */
        if ((unsigned char)ch < 0x20 || ch == 0x7F)
            ch = ' ';
        if (dl_buf_putc(text, ch) != DL_OK)
            return DL_ENOMEM;
    }
    if (be < len) {
        if (dl_buf_putc(text, ' ') != DL_OK || dl_buf_puts(text, ell) != DL_OK)
            return DL_ENOMEM;
    }
    if (text->data == NULL && dl_buf_reserve(text, 1) != DL_OK)
        return DL_ENOMEM;
    return DL_OK;
}

/* The matches wholly inside body[bs..be) as highlights of the snippet
 * text (offset by pre), overlapping ones merged.  DL_OK or DL_ENOMEM. */
static dl_status
mark_matches(const struct found *f, size_t bs, size_t be, size_t pre,
             struct dl_snippet *out)
{
    size_t i;

    if (f->nm == 0)
        return DL_OK;
    out->hl = dl_calloc(f->nm, sizeof *out->hl);
    if (out->hl == NULL)
        return DL_ENOMEM;
    for (i = 0; i < f->nm; i++) {
        size_t s0 = f->m[i].start;
        size_t e0 = f->m[i].end;
        if (e0 <= bs || s0 >= be)
            continue;
        if (s0 < bs || e0 > be)
            continue; /* cut through: not marked */
        s0 = s0 - bs + pre;
        e0 = e0 - bs + pre;
        if (out->n_hl > 0 && s0 <= out->hl[out->n_hl - 1][1]) {
            if (e0 > out->hl[out->n_hl - 1][1])
                out->hl[out->n_hl - 1][1] = e0;
            continue;
        }
        out->hl[out->n_hl][0] = s0;
        out->hl[out->n_hl][1] = e0;
        out->n_hl++;
    }
    return DL_OK;
}

dl_status
dl_snippet_make(const char *body, size_t len, const struct dl_parsed_query *q,
                dl_query_parser *p, const char *lang, size_t words,
                struct dl_snippet *out, dl_err *err)
{
    struct found f;
    size_t *cnt = NULL;
    size_t nid = q->n_words + q->n_phrases;
    struct window best;
    size_t scan = first_scan_end(body, len); /* bytes of body tokenized */
    struct qstem *qs = NULL;
    size_t nqs = 0;
    size_t ws, we; /* window in display tokens, inclusive */
    size_t bs, be; /* bytes */
    size_t pre = 0;
    dl_buf text = DL_BUF_INIT;
    dl_status rc;

    memset(out, 0, sizeof *out);
    memset(&f, 0, sizeof f);
    if (words == 0)
        words = DL_SNIPPET_WORDS;
    rc = collect_stems(q, &qs, &nqs);
    if (rc == DL_OK) {
        cnt = dl_calloc(nid + 1, sizeof *cnt);
        if (cnt == NULL)
            rc = DL_ENOMEM;
    }
    if (rc == DL_OK)
        rc = find_matches(body, scan, q, p, lang, qs, nqs, &f);
    if (rc != DL_OK)
        goto out;
    best_window(&f, words, cnt, &best);
    if (scan < len && (best.distinct < nid || f.nd < words)) {
        /* Not every query word in the lead, or too few words there for a
         * whole window: scan the whole body. */
        found_reset(&f);
        rc = find_matches(body, len, q, p, lang, qs, nqs, &f);
        if (rc != DL_OK)
            goto out;
        best_window(&f, words, cnt, &best);
    }
    token_window(&f, &best, words, &ws, &we);
    byte_range(body, len, &f, ws, we, &bs, &be);
    rc = cut_text(body, len, bs, be, &text, &pre);
    if (rc == DL_OK)
        rc = mark_matches(&f, bs, be, pre, out);
    if (rc != DL_OK)
        goto out;
    out->len = text.len;
    out->text = dl_buf_steal(&text, NULL);
    if (out->text == NULL)
        rc = DL_ENOMEM;
out:
    if (rc != DL_OK) {
        dl_snippet_free(out);
        dl_err_set(err, rc, "out of memory building a snippet");
    }
    dl_buf_free(&text);
    found_free(&f);
    dl_free(cnt);
    dl_free(qs);
    return rc;
}
