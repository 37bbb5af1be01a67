/* docbuild.c - one article to one Xapian document (dl_schema.h).
 *
 * The builder is the only place that decides what terms an article gets, so
 * the schema comment in dl_schema.h and this file must agree.  Title and
 * body go through the shared tokenizer once each; every token becomes a raw
 * positional term and a stem ("Z"; the word itself when the article's
 * language has no stemmer), and feeds the content hash and the SimHash.  Stems
 * carry no positions: phrases are matched on raw terms, and positions on stems
 * would cost time and index size for nothing (bench/README.md, "Figures
 * behind the indexer's choices").
 *
 * MinHash: each body shingle (DL_SHINGLE consecutive terms) is hashed to 64
 * bits, and DL_MINHASH_K differently salted 32-bit mixes of it compete for
 * the K minima.  Two articles agree at a position with probability equal
 * to the Jaccard similarity of their shingle sets, so cluster.c can tell a
 * republished wire story from unrelated text by counting agreements.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "docbuild.h"
#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_boiler.h"
#include "dl_date.h"
#include "dl_hash.h"
#include "dl_lang.h"
#include "dl_normalize.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "xkeys.h"

#define DL_SHINGLE                                                             \
    3                      /* words per shingle: short enough to survive       \
                              light edits, long enough to carry order */
#define DL_MAX_STEMMERS 32 /* languages cached per builder */

struct stem_cache_entry {
    const char *lang; /* static code */
    dl_stemmer *st;   /* NULL: the language has no stemmer */
};

/* A body token held back until its paragraph is judged (boilerplate.h). */
struct held_token {
    size_t off, len; /* the term, in dl_docbuilder.held_terms */
    size_t start;    /* byte range in the body */
    size_t end;
    unsigned pos;
    unsigned flags;
};

struct dl_docbuilder {
    struct stem_cache_entry stems[DL_MAX_STEMMERS];
    size_t n_stems;
    dl_buf term; /* scratch: prefixed term */
    dl_buf data; /* scratch: document data */
    dl_buf norm; /* scratch: normalised whole-field text */
    struct dl_xkeys xk; /* scratch: cross-script terms (xkeys.h) */
    /* Paragraphs of the article being built (boilerplate.h). */
    struct held_token *held; /* tokens of the paragraph being judged */
    size_t n_held, cap_held;
    dl_buf held_terms;
    unsigned hashes[DL_BOILER_HEAD + DL_BOILER_TAIL]; /* hashed paragraphs'
                                                         hashes, in order */
    size_t n_hashes;
    unsigned long marks[DL_BOILER_HEAD + DL_BOILER_TAIL]; /* left out */
    size_t n_marks;
};

/* State of one tokenizer pass (title or body). */
struct token_ctx {
    dl_docbuilder *b;
    dl_doc *doc;
    dl_stemmer *st;
    unsigned wdf; /* wdf per occurrence: title words count more */
    int title;    /* also add "S" terms */
    int body;     /* feed the hashes */
    const char *raw; /* the text being tokenized (title or body) */
    bool kazakh;     /* a Kazakh article: Latin words read in Cyrillic */
    unsigned long long content_hash;
    unsigned minhash[DL_MINHASH_K];      /* running minima */
    unsigned long long ring[DL_SHINGLE]; /* last term hashes */
    unsigned long seen;                  /* terms fed to the ring */
    unsigned long shingles;              /* shingles hashed */
    unsigned long terms;
    bool terms_cut; /* DL_ARTICLE_TERMS_MAX stopped the body ... */
    size_t cut_at;  /* ... at this byte */
    /* The body's paragraphs, when its source learns boilerplate
     * (source != 0): each hashed paragraph (dl_boiler_hashed) of at most
     * DL_BOILER_PARA_MAX_BYTES has its tokens held back until its end,
     * then judged, and indexed or left out whole. */
    dl_boiler *boiler;
    unsigned source;  /* source key; 0: no learning */
    const char *text; /* the body text indexed */
    size_t text_len;
    unsigned long n_paras;  /* paragraphs of text */
    unsigned long para;     /* the current one */
    size_t para_end;        /* its end: the "\n" after it, or text_len */
    bool holding;           /* its tokens are held back */
    bool para_done;         /* it has been judged (or recorded) */
    unsigned long long ph;  /* its running hash */
    unsigned long ph_words; /* its words */
    dl_status rc;
    dl_err *err;
};

dl_status
dl_docbuilder_new(dl_docbuilder **out, dl_err *err)
{
    dl_docbuilder *b = dl_calloc(1, sizeof *b);
    *out = NULL;
    if (b == NULL)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    dl_buf_init(&b->term);
    dl_buf_init(&b->data);
    dl_buf_init(&b->norm);
    dl_xkeys_init(&b->xk);
    *out = b;
    return DL_OK;
}

void
dl_docbuilder_free(dl_docbuilder *b)
{
    size_t i;
    if (b == NULL)
        return;
    for (i = 0; i < b->n_stems; i++)
        dl_stemmer_free(b->stems[i].st);
    dl_buf_free(&b->term);
    dl_buf_free(&b->data);
    dl_buf_free(&b->norm);
    dl_xkeys_free(&b->xk);
    dl_buf_free(&b->held_terms);
    dl_free(b->held);
    dl_free(b);
}

/* The cached stemmer for lang into *out, NULL when the language has none.
 * A stemmer that cannot be made (out of memory) fails the article rather
 * than leaving it without Z terms: the searcher reaches the articles of a
 * language with a stemmer by their stems alone (searcher/query.c). */
static dl_status
stemmer_for(dl_docbuilder *b, const char *lang, dl_stemmer **out, dl_err *err)
{
    size_t i;
    dl_stemmer *st = NULL;
    *out = NULL;
    for (i = 0; i < b->n_stems; i++) {
        if (strcmp(b->stems[i].lang, lang) == 0) {
            *out = b->stems[i].st;
            return DL_OK;
        }
    }
    if (dl_lang_has_stemmer(lang)) {
        dl_status rc = dl_stemmer_new(lang, &st, err);
        if (rc != DL_OK)
            return rc;
    }
    if (b->n_stems >= DL_MAX_STEMMERS) {
        /* Cannot happen with the languages dl_lang knows. */
        dl_stemmer_free(st);
        return dl_err_set(err, DL_EINVAL, "more than %d stemmed languages",
                          DL_MAX_STEMMERS);
    }
    b->stems[b->n_stems].lang = lang;
    b->stems[b->n_stems].st = st;
    b->n_stems++;
    *out = st;
    return DL_OK;
}

static dl_status
add_prefixed(struct token_ctx *c, const char *prefix, const char *t, size_t n,
             int with_pos, unsigned pos, unsigned wdf)
{
    dl_buf *term = &c->b->term;
    if (dl_schema_term(term, prefix, t, n) != DL_OK)
        return dl_err_set(c->err, DL_ENOMEM, "out of memory");
    if (with_pos)
        return dl_doc_add_posting(c->doc, term->data, term->len, pos, wdf,
                                  c->err);
    return dl_doc_add_term(c->doc, term->data, term->len, wdf, c->err);
}

/* A 64-bit finaliser (splitmix64): turns a weak hash into one whose every
 * bit depends on every input bit, as MinHash needs. */
static unsigned long long
mix64(unsigned long long x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return x;
}

/* The exact content hash: every title and body word in order, so two
 * headline-only articles share a key only when their headlines match. */
static void
feed_content(struct token_ctx *c, unsigned long long h)
{
    c->content_hash = (c->content_hash ^ h) * 1099511628211ULL +
                      0x9E3779B97F4A7C15ULL; /* order-sensitive mix */
}

/* One body word into the MinHash of the body's shingles. */
static void
feed_shingles(struct token_ctx *c, unsigned long long h)
{
    unsigned long long shingle = 0;
    int i;
    c->ring[c->seen % DL_SHINGLE] = h;
    c->seen++;
    if (c->seen < DL_SHINGLE)
        return;
    for (i = 0; i < DL_SHINGLE; i++) {
        /* Oldest to newest, so the shingle hash depends on word order. */
        shingle =
            (shingle ^ c->ring[(c->seen + (unsigned long)i) % DL_SHINGLE]) *
            1099511628211ULL;
    }
    for (i = 0; i < DL_MINHASH_K; i++) {
        unsigned v = (unsigned)(mix64(shingle + (unsigned long long)(i + 1) *
                                                    0x9E3779B97F4A7C15ULL) >>
                                32);
        if (v < c->minhash[i])
            c->minhash[i] = v;
    }
    c->shingles++;
}

/* Index one token: raw term (positional), title term, stem, and for the
 * body the content hash and shingles.  Non-zero when the article's term
 * cap stops the body here (or on an error, in c->rc). */
static int
emit_token(struct token_ctx *c, const char *t, size_t n, size_t start,
           size_t end, unsigned pos, unsigned flags)
{
    if (c->body && dl_doc_termcount(c->doc) >= DL_ARTICLE_TERMS_MAX) {
        /* The cap on an article's memory (article.h): the rest of the
         * body is left out. */
        c->terms_cut = true;
        c->cut_at = start;
        c->rc = DL_OK;
        return 1;
    }
    c->rc = dl_doc_add_posting(c->doc, t, n, pos, c->wdf, c->err);
    if (c->rc == DL_OK && c->title)
        c->rc = add_prefixed(c, DL_PREFIX_TITLE, t, n, 1, pos, 1);
    if (c->rc == DL_OK && dl_token_gets_stem(flags)) {
        /* The stem in the article's language; with no stemmer, the word
         * itself (dl_schema.h, XZ), so a query's Z terms reach every
         * article. */
        struct dl_xkey_word w = {c->raw, start, end, t, n, NULL, 0, pos,
                                 c->wdf};
        c->rc = dl_xkeys_stem(&c->b->xk, c->st, c->kazakh, &w, c->err);
        if (c->rc == DL_OK && w.stem_len > 0)
            c->rc = add_prefixed(c, DL_PREFIX_STEM, w.stem, w.stem_len, 0, 0,
                                 c->wdf);
        if (c->rc == DL_OK) /* the cross-script keys (xkeys.h) */
            c->rc = dl_xkeys_add(&c->b->xk, c->doc, &w, c->err);
    }
    if (!(flags & DL_TOK_JOINED)) {
        unsigned long long h = dl_hash64(t, n);
        feed_content(c, h);
        if (c->body)
            feed_shingles(c, h);
    }
    c->terms++;
    return c->rc != DL_OK;
}

/* ---- paragraphs and boilerplate (boilerplate.h) ------------------------- */

/* Record paragraph c->para's hash (when it is one of those hashed). */
static void
record_hash(struct token_ctx *c, unsigned hash)
{
    dl_docbuilder *b = c->b;
    if (dl_boiler_hashed(c->n_paras, c->para) &&
        b->n_hashes < DL_BOILER_HEAD + DL_BOILER_TAIL)
        b->hashes[b->n_hashes++] = hash;
}

/* Judge the current paragraph, then index its held tokens or leave them
 * out.  Non-zero when indexing stopped (term cap or error). */
static int
finish_para(struct token_ctx *c)
{
    dl_docbuilder *b = c->b;
    unsigned hash = 0;
    bool boiler = false;
    size_t i;

    if (c->para_done)
        return 0;
    c->para_done = true;
    if (c->holding && c->ph_words > 0) {
        bool first = true;
        hash = dl_boiler_para_hash(c->ph);
        /* Counted once per article however often it repeats there. */
        for (i = 0; i < b->n_hashes && first; i++)
            first = b->hashes[i] != hash;
        boiler = dl_boiler_judge(c->boiler, c->source, hash, first);
    }
    record_hash(c, hash);
    if (boiler) {
        b->marks[b->n_marks++] = c->para;
        b->n_held = 0;
        dl_buf_reset(&b->held_terms);
        return 0;
    }
    for (i = 0; i < b->n_held; i++) {
        const struct held_token *h = &b->held[i];
        if (emit_token(c, b->held_terms.data + h->off, h->len, h->start,
                       h->end, h->pos, h->flags) != 0) {
            b->n_held = 0;
            return 1;
        }
    }
    b->n_held = 0;
    dl_buf_reset(&b->held_terms);
    return 0;
}

/* Move on to paragraph c->para + 1: where it ends, and whether its
 * tokens are held back. */
static void
next_para(struct token_ctx *c)
{
    size_t from = c->para_end + 1;
    const char *nl;
    c->para++;
    nl = from < c->text_len ? memchr(c->text + from, '\n', c->text_len - from)
                            : NULL;
    c->para_end = nl != NULL ? (size_t)(nl - c->text) : c->text_len;
    c->holding = dl_boiler_hashed(c->n_paras, c->para) &&
                 c->para_end - from <= DL_BOILER_PARA_MAX_BYTES;
    c->para_done = false;
    c->ph = 1469598103934665603ULL;
    c->ph_words = 0;
}

/* Set up the paragraph walk over text[0..len) (c->source set). */
static void
start_paras(struct token_ctx *c, const char *text, size_t len)
{
    const char *p = text;
    const char *end = text + len;
    c->text = text;
    c->text_len = len;
    c->n_paras = len > 0 ? 1 : 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        c->n_paras++;
        p++;
    }
    c->para = (unsigned long)-1;
    c->para_end = (size_t)-1; /* next_para starts at 0 */
    if (c->n_paras > 0)
        next_para(c);
}

/* After the body's last token: judge the paragraph it was in and record
 * the paragraphs after it (no word, or not reached: no hash). */
static int
end_paras(struct token_ctx *c)
{
    if (c->n_paras == 0)
        return 0;
    if (!c->terms_cut && finish_para(c) != 0)
        return 1;
    for (;;) {
        if (!c->para_done) {
            c->para_done = true;
            record_hash(c, 0);
        }
        if (c->para + 1 >= c->n_paras)
            return 0;
        next_para(c);
    }
}

/* Hold a body token back until its paragraph is judged. */
static dl_status
hold_token(struct token_ctx *c, const char *t, size_t n, size_t start,
           size_t end, unsigned pos, unsigned flags)
{
    dl_docbuilder *b = c->b;
    struct held_token *h;
    if (b->n_held == b->cap_held) {
        size_t cap = b->cap_held ? 2 * b->cap_held : 64;
        struct held_token *v = dl_realloc(b->held, cap * sizeof *v);
        if (v == NULL)
            return DL_ENOMEM;
        b->held = v;
        b->cap_held = cap;
    }
    h = &b->held[b->n_held];
    h->off = b->held_terms.len;
    h->len = n;
    h->start = start;
    h->end = end;
    h->pos = pos;
    h->flags = flags;
    if (dl_buf_append(&b->held_terms, t, n) != DL_OK)
        return DL_ENOMEM;
    b->n_held++;
    return DL_OK;
}

static int
on_token(void *ctx, const char *t, size_t n, size_t start, size_t end,
         unsigned pos, unsigned flags)
{
    struct token_ctx *c = ctx;
    if (!c->body || c->source == 0)
        return emit_token(c, t, n, start, end, pos, flags);
    /* Paragraphs before this token's end here: judge them. */
    while (start > c->para_end && c->para + 1 < c->n_paras) {
        if (finish_para(c) != 0)
            return 1;
        next_para(c);
    }
    if (!c->holding) {
        /* Too long to be boilerplate, or not hashed: indexed at once. */
        return emit_token(c, t, n, start, end, pos, flags);
    }
    if (!(flags & DL_TOK_JOINED)) {
        c->ph = (c->ph ^ dl_hash64(t, n)) * 1099511628211ULL;
        c->ph_words++;
    }
    c->rc = hold_token(c, t, n, start, end, pos, flags);
    if (c->rc != DL_OK)
        dl_err_set(c->err, c->rc, "out of memory");
    return c->rc != DL_OK;
}

/* Add prefix+token for every token of text (author and source words). */
struct field_ctx {
    struct token_ctx *c;
    const char *prefix;
};

static int
on_field_token(void *ctx, const char *t, size_t n, size_t start, size_t end,
               unsigned pos, unsigned flags)
{
    struct field_ctx *f = ctx;
    (void)start;
    (void)end;
    (void)pos;
    (void)flags;
    f->c->rc = add_prefixed(f->c, f->prefix, t, n, 0, 0, 0);
    return f->c->rc != DL_OK;
}

static dl_status
add_field_words(struct token_ctx *c, const char *prefix, const dl_buf *text)
{
    struct field_ctx f;
    dl_status rc;
    if (text->len == 0)
        return DL_OK;
    f.c = c;
    f.prefix = prefix;
    c->rc = DL_OK;
    rc = dl_tokenize(text->data, text->len, 1, on_field_token, &f, NULL, NULL);
    if (rc == DL_DONE)
        return c->rc;
    if (rc != DL_OK)
        return dl_err_set(c->err, rc, "tokenizer: %s", dl_status_str(rc));
    return DL_OK;
}

/* Host part of an URL ("https://www.example.org/x" -> "example.org"). */
static int
url_host(const char *url, size_t len, const char **host, size_t *hlen)
{
    const char *p = memchr(url, ':', len);
    const char *end = url + len;
    const char *h;
    const char *e;
    if (p == NULL || p + 3 > end || p[1] != '/' || p[2] != '/')
        return 0;
    h = p + 3;
    e = h;
    while (e < end && *e != '/' && *e != ':' && *e != '?' && *e != '#')
        e++;
    if (e - h > 4 && memcmp(h, "www.", 4) == 0)
        h += 4;
    if (e == h)
        return 0;
    *host = h;
    *hlen = (size_t)(e - h);
    return 1;
}

/* A folder named like a year or a date says nothing about the outlet. */
static int
all_digits(const char *s)
{
    for (; *s != '\0'; s++) {
        if (!(*s >= '0' && *s <= '9') && *s != '-' && *s != '_')
            return 0;
    }
    return 1;
}

/* "steppe-wire" / "steppe_wire" -> "Steppe Wire": separators become
 * spaces and ASCII word starts are capitalised; other bytes are kept. */
static dl_status
put_folder_name(dl_buf *out, const char *folder)
{
    int word_start = 1;
    for (; *folder != '\0'; folder++) {
        char ch = *folder;
        if (ch == '-' || ch == '_' || ch == '.') {
            ch = ' ';
            word_start = 1;
        } else if (word_start && ch >= 'a' && ch <= 'z') {
            ch = (char)(ch - 'a' + 'A');
            word_start = 0;
        } else {
            word_start = 0;
        }
        if (dl_buf_putc(out, ch) != DL_OK)
            return DL_ENOMEM;
    }
    return DL_OK;
}

/* Fill date, source and language where the reader left them empty. */
static dl_status
complete_metadata(const struct dl_docbuild_input *in, const char **lang,
                  dl_err *err)
{
    struct dl_article *a = in->a;
    const char *code = NULL;
    if (a->date.year == 0) {
        if (dl_date_from_path(in->path, &a->date)) {
            a->date_origin = "path";
        } else if (dl_date_from_dateline(a->body.data ? a->body.data : "",
                                         a->body.len, &a->date)) {
            a->date_origin = "dateline";
        } else {
            a->date_origin = NULL;
        }
    } else if (a->date_origin == NULL) {
        a->date_origin = "metadata";
    }
    if (a->source.len == 0) {
        /* The archive's own folder names its outlet more consistently than
         * URL hosts do (one outlet, several hosts), and its readable form
         * ("steppe-wire" -> "Steppe Wire") usually matches what articles
         * that do declare a source write, so facets do not split. */
        const char *h;
        size_t hn;
        dl_status rc = DL_OK;
        if (in->folder_source != NULL && !all_digits(in->folder_source))
            rc = put_folder_name(&a->source, in->folder_source);
        else if (a->url.len > 0 && url_host(a->url.data, a->url.len, &h, &hn))
            rc = dl_buf_append(&a->source, h, hn);
        if (rc != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    if (in->lang_code != NULL) {
        /* A rebuild: the language the article was indexed in, as it is
         * ("und" included: no detection again). */
        code = dl_lang_canonical(in->lang_code, strlen(in->lang_code));
        *lang = code != NULL ? code : "und";
        return DL_OK;
    }
    if (in->force_lang != NULL)
        code = dl_lang_canonical(in->force_lang, strlen(in->force_lang));
    if (code == NULL && a->lang.len > 0)
        code = dl_lang_canonical(a->lang.data, a->lang.len);
    if (code == NULL) {
        /* Title plus the start of the body is plenty for detection. */
        code = dl_lang_detect(a->body.len > 0 ? a->body.data : a->title.data,
                              a->body.len > 0 ? a->body.len : a->title.len);
        if ((code == NULL || strcmp(code, "und") == 0) && a->title.len > 0)
            code = dl_lang_detect(a->title.data, a->title.len);
    }
    *lang = code != NULL ? code : "und";
    return DL_OK;
}

/* DL_SLOT_FACETS: source, month ("" when unknown) and language, joined by
 * DL_FACET_SEP; a separator byte inside the source becomes a space, so the
 * fields always split back as written.  out is scratch (reset here). */
static dl_status
set_facets(dl_doc *doc, const dl_buf *source, const char *month,
           const char *lang, dl_buf *out, dl_err *err)
{
    size_t i;

    dl_buf_reset(out);
    if (dl_buf_append(out, source->data, source->len) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    for (i = 0; i < out->len; i++) {
        if (out->data[i] == DL_FACET_SEP)
            out->data[i] = ' ';
    }
    if (dl_buf_putc(out, DL_FACET_SEP) != DL_OK ||
        dl_buf_puts(out, month) != DL_OK ||
        dl_buf_putc(out, DL_FACET_SEP) != DL_OK ||
        dl_buf_puts(out, lang) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    return dl_doc_set_value(doc, DL_SLOT_FACETS, out->data, out->len, err);
}

static struct dl_slice
slice_of(const dl_buf *b)
{
    struct dl_slice s;
    s.p = b->data;
    s.n = b->len;
    return s;
}

static struct dl_slice
slice_str(const char *s)
{
    struct dl_slice r;
    r.p = s;
    r.n = s != NULL ? strlen(s) : 0;
    return r;
}

/* The unique id term and the file term (raw path bytes, so re-runs find
 * the same articles), and the id as shown (dl_schema_escape_name), into
 * shown (reset first). */
static dl_status
make_ids(const struct dl_docbuild_input *in, dl_buf *shown, dl_buf *idterm,
         dl_buf *fileterm, dl_err *err)
{
    const struct dl_article *a = in->a;
    size_t plen = strlen(in->path);
    char rec[24];
    dl_status rc;

    rec[0] = '\0';
    if (a->record > 0)
        snprintf(rec, sizeof rec, "#%lu", a->record);
    dl_buf_reset(shown);
    rc = dl_buf_append(shown, in->path, plen);
    if (rc == DL_OK)
        rc = dl_buf_puts(shown, rec);
    if (rc == DL_OK)
        rc = dl_schema_term(idterm, DL_PREFIX_ID, shown->data, shown->len);
    if (rc == DL_OK)
        rc = dl_schema_term(fileterm, DL_PREFIX_FILE, in->path, plen);
    dl_buf_reset(shown);
    if (rc == DL_OK)
        rc = dl_schema_escape_name(shown, in->path, plen);
    if (rc == DL_OK)
        rc = dl_buf_puts(shown, rec);
    if (rc != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    return DL_OK;
}

/* Title then body through the tokenizer, into c (set up by the caller),
 * within the caps of article.h; info's text figures are set. */
static dl_status
index_text(struct token_ctx *c, const struct dl_article *a,
           struct dl_tokenize_stats *tstats, struct dl_docbuild_info *info)
{
    unsigned next_pos = 1;
    size_t len = a->body.len;
    dl_status rc;

    if (a->title.len > 0) {
        c->wdf = DL_TITLE_WDF;
        c->title = 1;
        c->raw = a->title.data;
        rc = dl_tokenize(a->title.data, a->title.len, 1, on_token, c, &next_pos,
                         tstats);
        if (rc == DL_DONE)
            rc = c->rc;
        if (rc != DL_OK)
            return rc;
    }
    /* Between title and body, so "a b" + "c" and "a" + "b c" differ. */
    feed_content(c, 0x5A17ED7E11ULL);
    c->wdf = 1;
    c->title = 0;
    c->body = 1;
    c->raw = a->body.data;
    info->text_bytes = a->body_cut_from > len ? a->body_cut_from : len;
    info->text_cut = a->body_cut_from > len ? DL_TEXT_CUT_BYTES : 0;
    if (len > DL_ARTICLE_TEXT_MAX) {
        len = dl_article_text_cut(a->body.data, len, DL_ARTICLE_TEXT_MAX);
        info->text_cut = DL_TEXT_CUT_BYTES;
    }
    info->text_indexed = len;
    if (c->source != 0)
        start_paras(c, a->body.data, len);
    if (len > 0) {
        rc = dl_tokenize(a->body.data, len, next_pos + DL_TITLE_GAP, on_token,
                         c, NULL, tstats);
        if (rc == DL_DONE)
            rc = c->rc;
        if (rc != DL_OK)
            return rc;
    }
    if (c->source != 0 && end_paras(c) != 0 && c->rc != DL_OK)
        return c->rc;
    if (c->terms_cut) {
        info->text_cut = DL_TEXT_CUT_TERMS;
        info->text_indexed = c->cut_at;
    }
    return DL_OK;
}

/* Author, source, language and date terms, and the date value; iso and
 * month (11 and 8 bytes) get the date as shown and its month ("" when
 * unknown). */
static dl_status
add_fields(dl_docbuilder *b, struct token_ctx *c, const struct dl_article *a,
           const char *lang, char *iso, char *month)
{
    char date8[9];
    dl_status rc;

    rc = add_field_words(c, DL_PREFIX_AUTHOR, &a->author);
    if (rc == DL_OK)
        rc = add_field_words(c, DL_PREFIX_SOURCE, &a->source);
    if (rc == DL_OK && a->source.len > 0) {
        dl_buf_reset(&b->norm);
        if (dl_normalize_term(a->source.data, a->source.len, &b->norm) != DL_OK)
            return dl_err_set(c->err, DL_ENOMEM, "out of memory");
        rc = add_prefixed(c, DL_PREFIX_SOURCE_EXACT, b->norm.data, b->norm.len,
                          0, 0, 0);
    }
    if (rc == DL_OK)
        rc = add_prefixed(c, DL_PREFIX_LANG, lang, strlen(lang), 0, 0, 0);
    if (rc == DL_OK && c->st == NULL)
        rc = dl_doc_add_term(c->doc, DL_TERM_WORD_STEMS,
                             strlen(DL_TERM_WORD_STEMS), 0, c->err);
    iso[0] = month[0] = '\0';
    if (rc != DL_OK || a->date.year == 0)
        return rc;
    dl_date_format(&a->date, date8);
    rc = add_prefixed(c, DL_PREFIX_YEAR, date8, 4, 0, 0, 0);
    if (rc == DL_OK && a->date.month != 0)
        rc = add_prefixed(c, DL_PREFIX_MONTH, date8, 6, 0, 0, 0);
    if (rc == DL_OK && a->date.day != 0)
        rc = add_prefixed(c, DL_PREFIX_DAY, date8, 8, 0, 0, 0);
    if (rc == DL_OK)
        rc = dl_doc_set_value(c->doc, DL_SLOT_DATE, date8, 8, c->err);
    /* Shown with the precision known: 2020, 2020-11, 2020-11-13. */
    if (a->date.day != 0)
        snprintf(iso, 11, "%04d-%02d-%02d", a->date.year, a->date.month,
                 a->date.day);
    else if (a->date.month != 0)
        snprintf(iso, 11, "%04d-%02d", a->date.year, a->date.month);
    else
        snprintf(iso, 11, "%04d", a->date.year);
    if (a->date.month != 0)
        snprintf(month, 8, "%04d-%02d", a->date.year, a->date.month);
    return rc;
}

/* The near-duplicate values: the MinHash signature of the body's
 * shingles, or for an article too short for one a cluster key of its
 * exact content. */
static dl_status
set_signature(const struct token_ctx *c, dl_doc *doc, dl_err *err)
{
    unsigned char sig[4 * DL_MINHASH_K];
    char hex[17];
    int i;

    /* An article with a signature starts alone, with no cluster key:
     * cluster.c gives keys only to articles that have relatives, so the
     * collapse at search time reads a sparse value stream (fewer block
     * reads per query, bench/README.md).  One too short for a signature is
     * keyed by its exact content (title and body words), so exact copies
     * of it still collapse and headline-only articles collapse only with
     * the same headline.  Nothing else reads the content hash, so it is
     * not stored on its own. */
    if (c->shingles == 0) {
        snprintf(hex, sizeof hex, "%016llx", c->content_hash);
        return dl_doc_set_value(doc, DL_SLOT_CLUSTER, hex, 16, err);
    }
    for (i = 0; i < DL_MINHASH_K; i++) {
        sig[4 * i] = (unsigned char)(c->minhash[i] & 0xFF);
        sig[4 * i + 1] = (unsigned char)((c->minhash[i] >> 8) & 0xFF);
        sig[4 * i + 2] = (unsigned char)((c->minhash[i] >> 16) & 0xFF);
        sig[4 * i + 3] = (unsigned char)((c->minhash[i] >> 24) & 0xFF);
    }
    return dl_doc_set_value(doc, DL_SLOT_MINHASH, (const char *)sig, sizeof sig,
                            err);
}

/* The key the article learns boilerplate under (boilerplate.h): the
 * stored one for a rebuild, else its normalised source's, else its
 * root's group's; 0 (no learning) without any of them. */
static dl_status
source_key_of(dl_docbuilder *b, const struct dl_docbuild_input *in,
              unsigned *key, dl_err *err)
{
    const struct dl_article *a = in->a;
    *key = 0;
    if (in->source_key != 0) {
        *key = in->source_key;
    } else if (a->source.len > 0) {
        dl_buf_reset(&b->norm);
        if (dl_normalize_term(a->source.data, a->source.len, &b->norm) != DL_OK)
            return dl_err_set(err, DL_ENOMEM, "out of memory");
        *key = dl_boiler_source_key(b->norm.data, b->norm.len);
    } else if (in->group != NULL && in->group[0] != '\0') {
        *key = dl_boiler_group_key(in->group);
    }
    return DL_OK;
}

/* DL_SLOT_PARAS (what the finishing pass learns from) and DL_SLOT_BOILER
 * (the paragraphs this document left out), for an article that learns. */
static dl_status
set_paragraphs(dl_docbuilder *b, const struct token_ctx *c, dl_doc *doc,
               dl_err *err)
{
    dl_status rc;
    if (c->source == 0)
        return DL_OK;
    rc = dl_paras_put(c->source, c->n_paras, b->hashes, b->n_hashes, &b->data);
    if (rc == DL_EINVAL) /* a hash missing: cannot happen (end_paras) */
        return dl_err_set(err, DL_EINTERNAL, "paragraph hashes miscounted");
    if (rc != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = dl_doc_set_value(doc, DL_SLOT_PARAS, b->data.data, b->data.len, err);
    if (rc != DL_OK || b->n_marks == 0)
        return rc;
    dl_buf_reset(&b->data);
    if (dl_boiler_marks_put(b->marks, b->n_marks, &b->data) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    return dl_doc_set_value(doc, DL_SLOT_BOILER, b->data.data, b->data.len,
                            err);
}

/* The document data (dl_schema.h) and the stored body. */
static dl_status
set_data(dl_docbuilder *b, const struct dl_docbuild_input *in,
         const dl_buf *shown_id, const char *iso, const char *lang,
         struct dl_docbuild_info *info, dl_doc *doc, dl_err *err)
{
    const struct dl_article *a = in->a;
    dl_buf path = DL_BUF_INIT;
    struct dl_docdata dd;
    dl_status rc;

    if (dl_schema_escape_name(&path, in->path, strlen(in->path)) != DL_OK) {
        dl_buf_free(&path);
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    memset(&dd, 0, sizeof dd);
    dd.id = slice_of(shown_id);
    dd.path = slice_of(&path);
    dd.title = slice_of(&a->title);
    dd.date = slice_str(iso);
    dd.date_origin = slice_str(a->date_origin);
    dd.source = slice_of(&a->source);
    dd.author = slice_of(&a->author);
    /* A URL past the cap is no link (servers refuse it): not kept. */
    info->url_too_long = a->url.len > DL_URL_MAX || in->url_too_long;
    if (info->url_too_long)
        dd.url_too_long = slice_str("1");
    else
        dd.url = slice_of(&a->url);
    dd.lang = slice_str(lang);
    /* The body goes to its own slot, packed (dl_body.h). */
    dl_buf_reset(&b->data);
    rc = dl_docdata_encode(&dd, &b->data);
    dl_buf_free(&path);
    if (rc != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    rc = dl_doc_set_data(doc, b->data.data, b->data.len, err);
    if (rc != DL_OK || a->body.len == 0)
        return rc;
    if (dl_body_pack(a->body.data, a->body.len, &b->data) != DL_OK)
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    return dl_doc_set_value(doc, DL_SLOT_BODY, b->data.data, b->data.len, err);
}

dl_status
dl_docbuild(dl_docbuilder *b, const struct dl_docbuild_input *in, dl_doc *doc,
            dl_buf *idterm, dl_buf *fileterm, struct dl_docbuild_info *info,
            dl_err *err)
{
    struct dl_article *a = in->a;
    struct dl_docbuild_info local;
    struct token_ctx c;
    const char *lang = "und";
    struct dl_tokenize_stats tstats = {0, 0};
    char iso[11];
    char month[8];
    dl_buf shown_id = DL_BUF_INIT;
    dl_buf facets = DL_BUF_INIT;
    dl_status rc;
    int i;

    if (info == NULL)
        info = &local;
    memset(info, 0, sizeof *info);
    if (a->title.len == 0 && a->body.len == 0)
        return dl_err_set(err, DL_EINVAL,
                          "%s: article has neither title "
                          "nor body",
                          in->path);
    dl_doc_clear(doc);
    rc = complete_metadata(in, &lang, err);
    if (rc == DL_OK)
        rc = make_ids(in, &shown_id, idterm, fileterm, err);
    if (rc == DL_OK)
        rc = dl_doc_add_term(doc, idterm->data, idterm->len, 0, err);
    /* A whole-file article's id term already names its file; only the
     * records of a JSON Lines file need the shared file term. */
    if (rc == DL_OK && a->record > 0)
        rc = dl_doc_add_term(doc, fileterm->data, fileterm->len, 0, err);
    if (rc != DL_OK)
        goto out;

    memset(&c, 0, sizeof c);
    c.b = b;
    c.doc = doc;
    c.err = err;
    c.rc = DL_OK;
    c.content_hash = 1469598103934665603ULL;
    for (i = 0; i < DL_MINHASH_K; i++)
        c.minhash[i] = 0xFFFFFFFFu;
    c.boiler = in->boiler;
    b->n_held = 0;
    b->n_hashes = 0;
    b->n_marks = 0;
    dl_buf_reset(&b->held_terms);
    rc = source_key_of(b, in, &c.source, err);
    if (rc == DL_OK && c.source != 0)
        dl_boiler_article(in->boiler, c.source);
    if (rc == DL_OK)
        rc = stemmer_for(b, lang, &c.st, err);
    c.kazakh = strcmp(lang, "kk") == 0;
    if (rc == DL_OK)
        rc = index_text(&c, a, &tstats, info);
    if (rc == DL_OK)
        rc = add_fields(b, &c, a, lang, iso, month);
    if (rc == DL_OK)
        rc = set_signature(&c, doc, err);
    if (rc == DL_OK)
        rc = set_paragraphs(b, &c, doc, err);
    if (rc == DL_OK)
        rc = set_facets(doc, &a->source, month, lang, &facets, err);
    if (rc == DL_OK)
        rc = set_data(b, in, &shown_id, iso, lang, info, doc, err);
    if (rc != DL_OK)
        goto out;

    info->lang = lang;
    memcpy(info->minhash, c.minhash, sizeof info->minhash);
    info->shingles = c.shingles;
    info->content_hash = c.content_hash;
    info->terms = c.terms;
    info->dropped_long = tstats.dropped_long;
    info->doc_terms = dl_doc_termcount(doc);
    info->source_key = c.source;
    info->boiler_paras = b->n_marks;
out:
    dl_buf_free(&shown_id);
    dl_buf_free(&facets);
    return rc;
}
