/* dl_tokenize.c - the one tokenizer shared by the indexer and the query parser.
 *
 * The text is cut into UAX #29 word segments by dl_wordbreak_next and each
 * segment is classified: a word (holds a letter or digit), a CJK segment
 * (only Han, Hiragana or Katakana, plus marks), a lone hyphen, or a
 * separator.  Words go through dl_normalize_term and the per-word news rules
 * (possessive, dotted acronym, digit groups, length cap).  Two structures
 * then span segments: a hyphen group collects up to MAX_PARTS words joined
 * by single hyphens (Nur-Sultan), and a CJK run turns adjacent CJK segments
 * into overlapping bigrams, streaming (only the previous character is kept,
 * so a long run costs no memory).
 *
 * Speed: one tokenizer state per call with three reusable buffers, so no
 * allocation per token; ASCII segments are classified byte-wise and
 * dl_normalize_term lowercases them without touching utf8proc.
 */
#include "config.h"

#include <string.h>

#include <utf8proc.h>

#include "dl_normalize.h"
#include "dl_schema.h"
#include "dl_tokenize.h"
#include "dl_utf8.h"
#include "dl_wordbreak.h"

/* "up to e.g. 4 parts": more parts are rarely one name (a-b-c-d-e is more
 * likely a list or an identifier), and the joined form must stay short. */
#define MAX_PARTS 4

/* Segments longer than this are dropped unread: no word is 16 KB, and
 * normalising a megabyte of junk would cost a megabyte-sized array. */
#define MAX_SEGMENT_BYTES 16384

enum seg_kind { SEG_SEP, SEG_WORD, SEG_CJK, SEG_HYPHEN };

struct part {
    size_t start; /* byte range in the original text */
    size_t end;
    size_t off; /* term bytes in tk.group */
    size_t len;
};

struct tk {
    const char *text;
    size_t len;
    dl_token_fn fn;
    void *ctx;
    unsigned pos; /* next position */
    struct dl_tokenize_stats st;
    dl_status rc; /* sticky: DL_DONE or DL_ENOMEM stop everything */
    dl_buf word;  /* scratch for one normalised word */
    dl_buf group; /* terms of the pending hyphen group */
    dl_buf joined;
    struct part parts[MAX_PARTS];
    size_t nparts;
    size_t hyphen_end; /* end of a hyphen right after the last part, or 0 */
    /* CJK run: the previous character and how many characters so far */
    size_t cjk_prev_start;
    size_t cjk_prev_end;
    size_t cjk_count;
};

static int
is_cjk(int cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FDF) || /* radicals */
           (cp >= 0x3005 && cp <= 0x3007) || /* 々 〆 〇 */
           (cp >= 0x3021 && cp <= 0x3029) || /* Hangzhou numerals */
           (cp >= 0x3038 && cp <= 0x303B) ||
           (cp >= 0x3041 && cp <= 0x30FF) ||   /* Hiragana, Katakana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* Katakana extensions */
           (cp >= 0x32D0 && cp <= 0x32FE) ||   /* circled Katakana */
           (cp >= 0x3300 && cp <= 0x3357) ||   /* squared Katakana */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Ext A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* URO */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility */
           (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* halfwidth Katakana */
           (cp >= 0x1B000 && cp <= 0x1B16F) || /* kana supplement */
           (cp >= 0x20000 && cp <= 0x323AF);   /* Ext B..H */
}

static int
is_alnum_cat(int cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int
is_letter(int cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return 1;
    default:
        return 0;
    }
}

/* Marks and format characters ride along with the character before them
 * (UAX #29 WB4), so they do not make a CJK segment mixed. */
static int
is_attached(int cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
        return 1;
    default:
        return 0;
    }
}

static enum seg_kind
classify(const char *s, size_t n)
{
    size_t i;
    int alnum = 0;
    int cjk = 0;
    int other = 0;

    if (n == 1 && s[0] == '-')
        return SEG_HYPHEN;
    /* U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN; en and em dashes
     * separate clauses, not the parts of a name. */
    if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x90 || (unsigned char)s[2] == 0x91))
        return SEG_HYPHEN;
    for (i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int cp;
        if (c < 0x80) {
            if ((c >= '0' && c <= '9') ||
                ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
                alnum = 1;
            other = 1;
            i++;
            continue;
        }
        i += dl_utf8_decode(s + i, n - i, &cp);
        if (is_cjk(cp))
            cjk = 1;
        else if (is_alnum_cat(cp))
            alnum = other = 1;
        else if (!is_attached(cp))
            other = 1;
    }
    if (cjk && !other)
        return SEG_CJK;
    return alnum || cjk ? SEG_WORD : SEG_SEP;
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 2,000 / 1,250,000 / 1,250,000.50: thousands separators go, so the
 * number meets its unpunctuated spelling.  3,5 (a decimal comma) stays. */
static size_t
strip_digit_groups(char *t, size_t n)
{
    size_t i = 0;
    size_t lead = 0;
    size_t groups = 0;
    size_t w;

    while (i < n && is_digit(t[i]))
        i++;
    lead = i;
    if (lead < 1 || lead > 3)
        return n;
    while (i + 4 <= n && t[i] == ',' && is_digit(t[i + 1]) &&
           is_digit(t[i + 2]) && is_digit(t[i + 3])) {
        i += 4;
        groups++;
    }
    if (groups == 0)
        return n;
    if (i < n) {
        size_t j;
        if (t[i] != '.' || i + 1 == n)
            return n;
        for (j = i + 1; j < n; j++) {
            if (!is_digit(t[j]))
                return n;
        }
    }
    w = 0;
    for (i = 0; i < n; i++) {
        if (t[i] != ',')
            t[w++] = t[i];
    }
    return w;
}

/* U.S / U.S.A / С.Ш.А (the final dot is a segment of its own): single
 * letters separated by dots lose the dots.  Returns the new length, or n
 * when the term is not such an acronym. */
static size_t
strip_acronym_dots(char *t, size_t n)
{
    size_t i = 0;
    size_t letters = 0;
    size_t w = 0;

    while (i < n) {
        int cp;
        size_t k = dl_utf8_decode(t + i, n - i, &cp);
        if (!is_letter(cp))
            return n;
        letters++;
        i += k;
        if (i == n)
            break;
        if (t[i] != '.' || i + 1 == n)
            return n;
        i++;
    }
    if (letters < 2)
        return n;
    for (i = 0; i < n; i++) {
        if (t[i] != '.')
            t[w++] = t[i];
    }
    return w;
}

bool
dl_token_gets_stem(unsigned flags)
{
    return (flags & (DL_TOK_CJK | DL_TOK_NUMERIC)) == 0;
}

static void
emit(struct tk *tk, const char *term, size_t n, size_t start, size_t end,
     unsigned pos, unsigned flags)
{
    int cp;

    if (tk->rc != DL_OK)
        return;
    if (n > 0 && is_digit(term[0])) {
        flags |= DL_TOK_NUMERIC;
    } else if (n > 0 && (unsigned char)term[0] >= 0x80) {
        dl_utf8_decode(term, n, &cp);
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND)
            flags |= DL_TOK_NUMERIC;
    }
    tk->st.tokens++;
    if (tk->fn(tk->ctx, term, n, start, end, pos, flags) != 0)
        tk->rc = DL_DONE;
}

static void
flush_group(struct tk *tk)
{
    size_t i;
    unsigned first = tk->pos;
    size_t n = tk->nparts;
    size_t jlen = 0;

    tk->hyphen_end = 0;
    if (n == 0)
        return; /* most segments are spaces: keep this path short */
    tk->nparts = 0;
    if (tk->rc != DL_OK)
        goto out;
    if (n == 1) {
        emit(tk, tk->group.data + tk->parts[0].off, tk->parts[0].len,
             tk->parts[0].start, tk->parts[0].end, tk->pos++, 0);
        goto out;
    }
    for (i = 0; i < n; i++)
        jlen += tk->parts[i].len;
    dl_buf_reset(&tk->joined);
    if (jlen <= DL_MAX_TERM_BYTES) {
        for (i = 0; i < n; i++) {
            if (dl_buf_append(&tk->joined, tk->group.data + tk->parts[i].off,
                              tk->parts[i].len) != DL_OK) {
                tk->rc = DL_ENOMEM;
                goto out;
            }
        }
    } else {
        tk->st.dropped_long++;
    }
    for (i = 0; i < n; i++) {
        emit(tk, tk->group.data + tk->parts[i].off, tk->parts[i].len,
             tk->parts[i].start, tk->parts[i].end, tk->pos++,
             DL_TOK_HYPHEN_PART);
        /* The joined form shares the first part's position (SPEC: nur @p,
         * nursultan @p, sultan @p+1): "nur sultan" phrases match exactly,
         * and a phrase query should skip DL_TOK_JOINED tokens, or its
         * next word would be expected one position too early. */
        if (i == 0 && jlen <= DL_MAX_TERM_BYTES)
            emit(tk, tk->joined.data, tk->joined.len, tk->parts[0].start,
                 tk->parts[n - 1].end, first, DL_TOK_JOINED);
    }
out:
    tk->group.len = 0;
}

static void
flush_cjk(struct tk *tk)
{
    if (tk->cjk_count == 1 && tk->rc == DL_OK) {
        dl_buf_reset(&tk->word);
        if (dl_normalize_term(tk->text + tk->cjk_prev_start,
                              tk->cjk_prev_end - tk->cjk_prev_start,
                              &tk->word) != DL_OK) {
            tk->rc = DL_ENOMEM;
            return;
        }
        emit(tk, tk->word.data, tk->word.len, tk->cjk_prev_start,
             tk->cjk_prev_end, tk->pos++, DL_TOK_CJK);
    }
    tk->cjk_count = 0;
}

/* One CJK character [start, end) (marks included) joins the run. */
static void
cjk_char(struct tk *tk, size_t start, size_t end)
{
    if (tk->cjk_count > 0 && tk->cjk_prev_end == start) {
        dl_buf_reset(&tk->word);
        if (dl_normalize_term(tk->text + tk->cjk_prev_start,
                              end - tk->cjk_prev_start, &tk->word) != DL_OK) {
            tk->rc = DL_ENOMEM;
            return;
        }
        if (tk->word.len <= DL_MAX_TERM_BYTES)
            emit(tk, tk->word.data, tk->word.len, tk->cjk_prev_start, end,
                 tk->pos++, DL_TOK_CJK);
        else
            tk->st.dropped_long++;
    } else {
        flush_cjk(tk);
    }
    tk->cjk_prev_start = start;
    tk->cjk_prev_end = end;
    tk->cjk_count++;
}

static void
cjk_segment(struct tk *tk, size_t a, size_t b)
{
    size_t i = a;

    while (i < b && tk->rc == DL_OK) {
        size_t start = i;
        int cp;
        i += dl_utf8_decode(tk->text + i, b - i, &cp);
        while (i < b) {
            int next;
            size_t k = dl_utf8_decode(tk->text + i, b - i, &next);
            if (is_cjk(next))
                break;
            i += k;
        }
        cjk_char(tk, start, i);
    }
}

/* Normalise one word segment and apply the per-word rules; the term is
 * left in tk->word.  Returns 0 when the word yields no term. */
static int
word_term(struct tk *tk, size_t a, size_t *b)
{
    char *t;
    size_t n;
    size_t m;

    if (*b - a > MAX_SEGMENT_BYTES) {
        tk->st.dropped_long++;
        return 0;
    }
    tk->word.len = 0; /* dl_normalize_term terminates what it appends */
    if (dl_normalize_term(tk->text + a, *b - a, &tk->word) != DL_OK) {
        tk->rc = DL_ENOMEM;
        return 0;
    }
    t = tk->word.data;
    n = tk->word.len;
    /* Possessives: Kazakhstan's, and s' should a segmenter leave the
     * apostrophe on (UAX #29 does not). */
    if (n > 2 && t[n - 2] == '\'' && t[n - 1] == 's')
        n -= 2;
    else if (n > 1 && t[n - 1] == '\'')
        n -= 1;
    m = strip_acronym_dots(t, n);
    if (m != n) {
        /* Cover the final dot too, so a snippet highlights "U.S.". */
        if (*b < tk->len && tk->text[*b] == '.')
            (*b)++;
        n = m;
    } else {
        n = strip_digit_groups(t, n);
    }
    tk->word.len = n;
    if (n == 0)
        return 0;
    if (n > DL_MAX_TERM_BYTES) {
        tk->st.dropped_long++;
        return 0;
    }
    return 1;
}

static void
word_segment(struct tk *tk, size_t a, size_t b)
{
    struct part *p;

    if (tk->nparts > 0 && (tk->hyphen_end != a || tk->nparts == MAX_PARTS))
        flush_group(tk);
    if (!word_term(tk, a, &b)) {
        flush_group(tk);
        return;
    }
    p = &tk->parts[tk->nparts];
    p->start = a;
    p->end = b;
    p->off = tk->group.len;
    p->len = tk->word.len;
    if (dl_buf_append(&tk->group, tk->word.data, tk->word.len) != DL_OK) {
        tk->rc = DL_ENOMEM;
        return;
    }
    tk->nparts++;
    tk->hyphen_end = 0;
}

dl_status
dl_tokenize(const char *text, size_t len, unsigned first_pos, dl_token_fn fn,
            void *ctx, unsigned *next_pos, struct dl_tokenize_stats *stats)
{
    struct tk tk;
    size_t a = 0;

    memset(&tk, 0, sizeof(tk));
    tk.text = text;
    tk.len = len;
    tk.fn = fn;
    tk.ctx = ctx;
    tk.pos = first_pos;
    tk.rc = DL_OK;
    dl_buf_init(&tk.word);
    dl_buf_init(&tk.group);
    dl_buf_init(&tk.joined);

    while (a < len && tk.rc == DL_OK) {
        size_t b = dl_wordbreak_next(text, len, a);
        enum seg_kind kind;
        if (b <= a || b > len)
            b = a + 1; /* never loop forever on a segmenter bug */
        kind = classify(text + a, b - a);
        if (kind != SEG_CJK && tk.cjk_count > 0)
            flush_cjk(&tk);
        switch (kind) {
        case SEG_WORD:
            word_segment(&tk, a, b);
            break;
        case SEG_CJK:
            flush_group(&tk);
            cjk_segment(&tk, a, b);
            break;
        case SEG_HYPHEN:
            if (tk.nparts > 0 && tk.hyphen_end == 0 &&
                tk.parts[tk.nparts - 1].end == a)
                tk.hyphen_end = b;
            else
                flush_group(&tk);
            break;
        case SEG_SEP:
            flush_group(&tk);
            break;
        }
        a = b;
    }
    flush_cjk(&tk);
    flush_group(&tk);

    dl_buf_free(&tk.word);
    dl_buf_free(&tk.group);
    dl_buf_free(&tk.joined);
    if (next_pos != NULL)
        *next_pos = tk.pos;
    if (stats != NULL) {
        stats->tokens += tk.st.tokens;
        stats->dropped_long += tk.st.dropped_long;
    }
    return tk.rc;
}
