/* query_lex.c - the query parser's lexer: bytes to tokens.
 *
 * The lexer is a pure function of a byte offset (dl_query_lex() never moves
 * state), so the grammar can look two tokens ahead to see a NEAR coming,
 * and a position for an error message is always at hand.  Operators are
 * uppercase words (AND OR NOT NEAR/n), a field is a known name before a
 * colon, quotes are ASCII or typographic; everything else up to a space, a
 * bracket or a quote is a word, which the shared tokenizer reads later
 * (query_terms.c).  The text is checked first (dl_query_check_text), so
 * the lexer and the tokenizer see valid UTF-8 without control characters.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_utf8.h"
#include "query_int.h"

/* Default and largest NEAR distance: wider windows are just AND. */
#define NEAR_DEFAULT 10
#define NEAR_MAX 1000

/* Whitespace bytes at s[i], 0 if none: ASCII space and controls that
 * separate (tab, newline...), no-break space, ideographic space. */
size_t
dl_query_space_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v')
        return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Quote bytes at s[i], 0 if none: " and the typographic “ ” « ». */
size_t
dl_query_quote_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '"')
        return 1;
    if (c == 0xC2 && i + 1 < n &&
        ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB))
        return 2;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
        return 3;
    return 0;
}

bool
dl_query_word_stop(const char *s, size_t n, size_t i)
{
    return s[i] == '(' || s[i] == ')' || dl_query_space_at(s, n, i) > 0 ||
           dl_query_quote_at(s, n, i) > 0;
}

static bool
same_ci(const char *a, size_t n, const char *lit)
{
    size_t i;
    if (strlen(lit) != n)
        return false;
    for (i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return false;
    }
    return true;
}

static bool
same(const char *a, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(a, lit, n) == 0;
}

/* The first byte at or after i that is not whitespace. */
static size_t
skip_space(const char *s, size_t n, size_t i)
{
    size_t k;
    while (i < n) {
        k = dl_query_space_at(s, n, i);
        if (k == 0)
            break;
        i += k;
    }
    return i;
}

/* The phrase opened by the quote mark of k bytes at s[i]: its content runs
 * to the next quote mark, or to the end of the query when none closes it. */
static void
lex_phrase(const char *s, size_t n, size_t i, size_t k, struct lex_token *t)
{
    size_t j;
    t->type = T_PHRASE;
    t->start = i + k;
    for (j = i + k; j < n; j++) {
        size_t q = dl_query_quote_at(s, n, j);
        if (q > 0) {
            t->end = j;
            t->next = j + q;
            return;
        }
    }
    /* Unclosed: the phrase runs to the end of the query. */
    t->end = t->next = n;
}

/* Whether s[i] is a '+' or '-' sign: one right before a word or a '('
 * (a lone one, or one before a space, is a word of punctuation). */
static bool
is_sign(const char *s, size_t n, size_t i)
{
    return (s[i] == '+' || s[i] == '-') && i + 1 < n &&
           (!dl_query_word_stop(s, n, i + 1) || s[i + 1] == '(');
}

/* The operator the word s[i..e) is, or T_WORD: AND, OR, NOT, NEAR (its
 * distance into *near) or T_BAD for a NEAR/ without a number from 0 to
 * NEAR_MAX.  Operators are uppercase: "and" is a word. */
static enum lex_type
lex_operator(const char *s, size_t i, size_t e, unsigned *near)
{
    unsigned long d = 0;
    size_t j;
    if (same(s + i, e - i, "AND"))
        return T_AND;
    if (same(s + i, e - i, "OR"))
        return T_OR;
    if (same(s + i, e - i, "NOT"))
        return T_NOT;
    if (e - i < 4 || memcmp(s + i, "NEAR", 4) != 0 ||
        (e - i > 4 && s[i + 4] != '/'))
        return T_WORD;
    if (e - i == 4) {
        *near = NEAR_DEFAULT;
        return T_NEAR;
    }
    if (e - i == 5 || e - i > 9)
        return T_BAD;
    for (j = i + 5; j < e; j++) {
        if (s[j] < '0' || s[j] > '9')
            return T_BAD;
        d = d * 10 + (unsigned long)(s[j] - '0');
    }
    if (d > NEAR_MAX)
        return T_BAD;
    *near = (unsigned)d;
    return T_NEAR;
}

/* Whether the word s[i..e) starts with a field name and its colon (any
 * case: "Title:"); if so, t becomes that field, its value after the
 * colon.  Only the first colon counts: "a:title:b" is a word. */
static bool
lex_field(const char *s, size_t i, size_t e, struct lex_token *t)
{
    static const struct {
        const char *name;
        enum field f;
    } fields[] = {{"title", F_TITLE},
                  {"source", F_SOURCE},
                  {"author", F_AUTHOR},
                  {"lang", F_LANG},
                  {"date", F_DATE}};
    size_t j;
    size_t f;
    for (j = i; j < e && s[j] != ':'; j++)
        ;
    if (j == e)
        return false;
    for (f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        if (same_ci(s + i, j - i, fields[f].name)) {
            t->type = T_FIELD;
            t->field = fields[f].f;
            t->end = j;
            t->next = j + 1;
            return true;
        }
    }
    return false;
}

void
dl_query_lex(const struct parse_state *ps, size_t i, struct lex_token *t)
{
    const char *s = ps->s;
    size_t n = ps->n;
    size_t k;
    size_t e;

    memset(t, 0, sizeof *t);
    i = skip_space(s, n, i);
    t->pos = t->start = t->end = t->next = i;
    if (i >= n) {
        t->type = T_END;
        return;
    }
    if (s[i] == '(' || s[i] == ')') {
        t->type = s[i] == '(' ? T_LPAREN : T_RPAREN;
        t->next = i + 1;
        return;
    }
    k = dl_query_quote_at(s, n, i);
    if (k > 0) {
        lex_phrase(s, n, i, k, t);
        return;
    }
    if (is_sign(s, n, i)) {
        t->type = s[i] == '+' ? T_PLUS : T_MINUS;
        t->next = i + 1;
        return;
    }
    if (s[i] == '=' && i + 1 < n &&
        (!dl_query_word_stop(s, n, i + 1) || s[i + 1] == '(' ||
         dl_query_quote_at(s, n, i + 1) > 0)) {
        /* '=' right before a word, phrase or '(': that item in its own
         * script only (query_xscript.c). */
        t->type = T_EXACT;
        t->next = i + 1;
        return;
    }
    for (e = i; e < n && !dl_query_word_stop(s, n, e); e++)
        ;
    t->start = i;
    t->end = t->next = e;
    t->type = lex_operator(s, i, e, &t->near);
    if (t->type != T_WORD || lex_field(s, i, e, t))
        return;
    while (t->end > t->start && s[t->end - 1] == '*') {
        t->end--;
        t->wildcard = true;
    }
}

void
dl_query_peek(const struct parse_state *ps, struct lex_token *t)
{
    dl_query_lex(ps, ps->i, t);
}

/* Reject what must not reach the tokenizer: invalid UTF-8 and control
 * characters other than the whitespace ones. */
dl_status
dl_query_check_text(struct parse_state *ps)
{
    size_t i = 0;
    char msg[96];
    while (i < ps->n) {
        int cp;
        size_t k = dl_utf8_next(ps->s + i, ps->n - i, &cp);
        if (cp == DL_UTF8_INVALID)
            return dl_query_fail(ps, DL_EINVAL, i,
                                 "invalid UTF-8 in the query");
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' &&
             cp != '\f' && cp != '\v') ||
            (cp >= 0x7F && cp < 0xA0)) {
            snprintf(msg, sizeof msg, "control character U+%04X in the query",
                     (unsigned)cp);
            return dl_query_fail(ps, DL_EINVAL, i, msg);
        }
        i += k;
    }
    return DL_OK;
}
