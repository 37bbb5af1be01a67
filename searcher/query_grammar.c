/* query_grammar.c - the query parser's grammar (query.h has it in full).
 *
 * A hand-written recursive descent over the lexer's tokens: or, and (with
 * the default operator between plain items), NEAR chains, unary '+' and
 * '-', and primaries (brackets, phrases, fields, words).  Recursion happens
 * only at '(' and is bounded by max_depth.  Each level builds sub-queries
 * bottom-up; a node owns its dl_query and frees it once combined
 * (dl_query_combine keeps its own references).  A node with q == NULL
 * means "nothing" (a word of pure punctuation): the combinators skip it,
 * so "a & b" is the query "a b".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_alloc.h"
#include "query_int.h"

/* Match-any queries of at least this many words lose their stopwords. */
#define STOP_MIN_WORDS 4

enum kind { K_PLAIN, K_REQ, K_EXCL };

struct item {
    dl_query *q;
    enum kind kind;
    bool filter;
    size_t pos;
};

static dl_status parse_or(struct parse_state *ps, struct node *out);

static dl_status
field_node(struct parse_state *ps, const struct lex_token *ft, struct node *out)
{
    size_t i = ft->next;
    size_t e;
    size_t q;
    bool wild = false;
    char msg[64];

    out->q = NULL;
    out->filter = false;
    snprintf(msg, sizeof msg, "%.*s: needs a value right after the colon",
             (int)(ft->end - ft->start), ps->s + ft->start);
    if (i >= ps->n || dl_query_space_at(ps->s, ps->n, i) > 0 ||
        ps->s[i] == '(' || ps->s[i] == ')')
        return dl_query_fail(ps, DL_EQUERY, ft->pos, msg);
    q = dl_query_quote_at(ps->s, ps->n, i);
    if (q > 0) {
        struct lex_token pt;
        dl_query_lex(ps, i, &pt);
        ps->i = pt.next;
        if (ft->field == F_DATE)
            return dl_query_date_node(ps, pt.start, pt.end, out);
        if (ft->field == F_LANG)
            return dl_query_lang_node(ps, pt.start, pt.end, out);
        return dl_query_phrase_node(ps, ft->field, pt.start, pt.end, out);
    }
    for (e = i; e < ps->n && !dl_query_word_stop(ps->s, ps->n, e); e++)
        ;
    ps->i = e;
    if (ft->field == F_DATE)
        return dl_query_date_node(ps, i, e, out);
    if (ft->field == F_LANG)
        return dl_query_lang_node(ps, i, e, out);
    while (e > i && ps->s[e - 1] == '*') {
        e--;
        wild = true;
    }
    return dl_query_word_node(ps, ft->field, i, e, wild, out);
}

static dl_status
bad_token(struct parse_state *ps, const struct lex_token *t)
{
    switch (t->type) {
    case T_BAD:
        return dl_query_fail(ps, DL_EQUERY, t->pos,
                             "NEAR/n takes a number of words from 0 to 1000");
    case T_RPAREN:
        return dl_query_fail(ps, DL_EQUERY, t->pos, "unmatched ')'");
    case T_AND:
        return dl_query_fail(ps, DL_EQUERY, t->pos,
                             "AND needs a word on each side");
    case T_OR:
        return dl_query_fail(ps, DL_EQUERY, t->pos,
                             "OR needs a word on each side");
    case T_NOT:
        return dl_query_fail(ps, DL_EQUERY, t->pos,
                             "NOT needs a word after it");
    case T_NEAR:
        return dl_query_fail(ps, DL_EQUERY, t->pos,
                             "NEAR needs a word on each side");
    default:
        return dl_query_fail(ps, DL_EQUERY, t->pos, "unexpected text");
    }
}

static dl_status parse_primary1(struct parse_state *ps, struct node *out);

/* A failed primary leaves nothing behind for its callers to free. */
static dl_status
parse_primary(struct parse_state *ps, struct node *out)
{
    dl_status rc = parse_primary1(ps, out);
    if (rc != DL_OK) {
        dl_query_free(out->q);
        out->q = NULL;
    }
    return rc;
}

static dl_status
parse_primary1(struct parse_state *ps, struct node *out)
{
    struct lex_token t;
    dl_status rc;
    char msg[80];

    out->q = NULL;
    out->filter = false;
    dl_query_peek(ps, &t);
    switch (t.type) {
    case T_LPAREN:
        if (ps->depth >= ps->o->max_depth) {
            snprintf(msg, sizeof msg,
                     "brackets nested too deeply (the cap is %u)",
                     ps->o->max_depth);
            return dl_query_fail(ps, DL_EQUERY, t.pos, msg);
        }
        ps->depth++;
        ps->i = t.next;
        rc = parse_or(ps, out);
        if (rc != DL_OK)
            return rc;
        ps->depth--;
        dl_query_peek(ps, &t);
        if (t.type == T_RPAREN)
            ps->i = t.next;
        /* T_END: an unclosed '(' is closed at the end. */
        return DL_OK;
    case T_PHRASE:
        ps->i = t.next;
        return dl_query_phrase_node(ps, F_NONE, t.start, t.end, out);
    case T_FIELD:
        return field_node(ps, &t, out);
    case T_WORD:
        ps->i = t.next;
        return dl_query_word_node(ps, F_NONE, t.start, t.end, t.wildcard, out);
    default:
        return bad_token(ps, &t);
    }
}

/* A NEAR chain: terms of words and phrases, unstemmed (stems have no
 * positions), flattened into one OP_NEAR, one per spelling of its
 * hyphenated words (dl_query_near_build). */
static dl_status
parse_near_chain(struct parse_state *ps, struct node *out)
{
    struct near_chain chain; /* the operands' tokens and term queries */
    unsigned dist = 0;
    size_t near_pos = (size_t)-1; /* the last NEAR, for messages */
    struct lex_token t;
    dl_status rc = DL_OK;

    out->q = NULL;
    out->filter = false;
    memset(&chain, 0, sizeof chain);
    for (;;) {
        dl_query_peek(ps, &t);
        if (near_pos != (size_t)-1 &&
            (t.type == T_END || t.type == T_RPAREN || t.type == T_OR ||
             t.type == T_AND || t.type == T_NOT || t.type == T_NEAR)) {
            rc = dl_query_fail(ps, DL_EQUERY, near_pos,
                               "NEAR needs a word on each side");
            goto out;
        }
        if ((t.type != T_WORD && t.type != T_PHRASE) || t.wildcard) {
            rc = dl_query_fail(ps, DL_EQUERY, t.pos,
                               "NEAR joins plain words or phrases");
            goto out;
        }
        ps->i = t.next;
        rc = dl_query_near_add(ps, &chain, t.start, t.end, t.type == T_PHRASE);
        if (rc != DL_OK)
            goto out;
        dl_query_peek(ps, &t);
        if (t.type != T_NEAR)
            break;
        if (t.near > dist)
            dist = t.near;
        near_pos = t.pos;
        ps->i = t.next;
    }
    rc = dl_query_near_build(ps, &chain, dist, &out->q);
out:
    dl_query_near_free(&chain);
    return rc;
}

/* Whether a[0..an) and b[0..bn) are the same word, ignoring ASCII case
 * (the tokenizer folds the rest the same way for both). */
static bool
same_word(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;
    if (an != bn)
        return false;
    for (i = 0; i < an; i++) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* In a flat match-any query (bare words and phrases only, all ORed) a
 * word said n times is one term whose weight is scaled by n: the ranking
 * of n copies (BM25 with k3 unbounded, the usual setting for long
 * queries), but one term against the term cap, so a long description
 * that repeats its key words is not refused.  Returns 0 when t repeats an
 * earlier bare word (leave it out), else the number of times it occurs. */
static unsigned
word_count(const struct parse_state *ps, const struct lex_token *t)
{
    struct lex_token u;
    size_t i = 0;
    unsigned n = 0;
    for (;;) {
        dl_query_lex(ps, i, &u);
        if (u.type == T_END)
            break;
        if (u.type == T_WORD && !u.wildcard &&
            same_word(ps->s + u.start, u.end - u.start, ps->s + t->start,
                      t->end - t->start)) {
            if (u.start < t->start)
                return 0;
            n++;
        }
        i = u.next > i ? u.next : i + 1;
    }
    return n;
}

/* Whether t is a stopword to leave out here.  Only a bare optional word
 * goes: never a phrase, a field value, a wildcard, a NEAR operand or the
 * left side of AND (the caller has ruled out +word and -word). */
static bool
droppable(const struct parse_state *ps, const struct lex_token *t)
{
    struct lex_token t2;
    if (!ps->drop_stop || t->type != T_WORD || t->wildcard ||
        !dl_query_is_stopword(ps->s + t->start, t->end - t->start))
        return false;
    dl_query_lex(ps, t->next, &t2);
    return t2.type != T_AND;
}

static dl_status parse_signed(struct parse_state *ps, enum kind *kind,
                              struct node *out);

/* unary := ('+'|'-'|'=')* primary, or the start of a NEAR chain; '='
 * switches cross-script keys off for the item (ps->exact, restored after
 * it). */
static dl_status
parse_unary(struct parse_state *ps, enum kind *kind, struct node *out)
{
    unsigned exact = ps->exact;
    dl_status rc = parse_signed(ps, kind, out);
    ps->exact = exact;
    return rc;
}

static dl_status
parse_signed(struct parse_state *ps, enum kind *kind, struct node *out)
{
    struct lex_token t;
    struct lex_token t2;
    bool sign = false;
    dl_status rc;

    out->q = NULL;
    out->filter = false;
    dl_query_peek(ps, &t);
    while (t.type == T_PLUS || t.type == T_MINUS || t.type == T_EXACT) {
        if (t.type == T_EXACT) {
            ps->exact++;
            ps->i = t.next;
            dl_query_peek(ps, &t);
            continue;
        }
        if (t.type == T_MINUS)
            *kind = K_EXCL;
        else if (*kind != K_EXCL)
            *kind = K_REQ;
        sign = true;
        ps->i = t.next;
        dl_query_peek(ps, &t);
    }
    if ((t.type == T_WORD && !t.wildcard) || t.type == T_PHRASE) {
        dl_query_lex(ps, t.next, &t2);
        if (t2.type == T_NEAR) {
            if (sign)
                return dl_query_fail(ps, DL_EQUERY, t2.pos,
                                     "NEAR joins plain words or phrases");
            return parse_near_chain(ps, out);
        }
    }
    if (!sign && *kind == K_PLAIN && droppable(ps, &t)) {
        ps->i = t.next;
        return DL_OK;
    }
    if (ps->merge_words && t.type == T_WORD && !t.wildcard) {
        unsigned n = word_count(ps, &t);
        if (n == 0) {
            ps->i = t.next;
            return DL_OK;
        }
        rc = parse_primary(ps, out);
        if (rc == DL_OK && n > 1 && out->q != NULL) {
            dl_query *sc = NULL;
            rc = dl_query_scale(out->q, (double)n, &sc, ps->err);
            dl_query_free(out->q);
            out->q = sc;
        }
        return rc;
    }
    if (*kind == K_EXCL)
        ps->neg++;
    rc = parse_primary(ps, out);
    if (*kind == K_EXCL)
        ps->neg--;
    if (rc != DL_OK)
        return rc;
    dl_query_peek(ps, &t);
    if (t.type == T_NEAR) {
        dl_query_free(out->q);
        out->q = NULL;
        return dl_query_fail(ps, DL_EQUERY, t.pos,
                             "NEAR joins plain words or phrases");
    }
    return DL_OK;
}

static void
free_items(struct item *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dl_query_free(v[i].q);
    dl_free(v);
}

/* The items of one "and" level by what they do: the positive ones (the
 * required and the optional among them), the filters and the exclusions.
 * The queries are the items' (borrowed); the arrays are owned. */
struct item_groups {
    dl_query **positive;
    dl_query **required;
    dl_query **optional;
    dl_query **filters;
    dl_query **excluded;
    size_t n_positive, n_required, n_optional, n_filters, n_excluded;
};

static void
item_groups_free(struct item_groups *g)
{
    dl_free(g->positive);
    dl_free(g->required);
    dl_free(g->optional);
    dl_free(g->filters);
    dl_free(g->excluded);
}

/* Sort items[0..n) into g; an item of no query ("nothing") goes nowhere. */
static dl_status
group_items(struct parse_state *ps, const struct item *items, size_t n,
            struct item_groups *g)
{
    size_t i;
    memset(g, 0, sizeof *g);
    g->positive = dl_calloc(n + 1, sizeof *g->positive);
    g->required = dl_calloc(n + 1, sizeof *g->required);
    g->optional = dl_calloc(n + 1, sizeof *g->optional);
    g->filters = dl_calloc(n + 1, sizeof *g->filters);
    g->excluded = dl_calloc(n + 1, sizeof *g->excluded);
    if (!g->positive || !g->required || !g->optional || !g->filters ||
        !g->excluded)
        return dl_query_nomem(ps);
    for (i = 0; i < n; i++) {
        dl_query *q = items[i].q;
        if (q == NULL)
            continue;
        if (items[i].kind == K_EXCL)
            g->excluded[g->n_excluded++] = q;
        else if (items[i].filter)
            g->filters[g->n_filters++] = q;
        else {
            g->positive[g->n_positive++] = q;
            if (items[i].kind == K_REQ)
                g->required[g->n_required++] = q;
            else
                g->optional[g->n_optional++] = q;
        }
    }
    return DL_OK;
}

/* The positive items into *core (NULL when there are none; the caller's,
 * also on failure): all of them ANDed in a match-all query; in a match-any
 * one the required ones ANDed, with the optional ones ORed and added by
 * AND_MAYBE (they rank, they do not restrict). */
static dl_status
join_positive(struct parse_state *ps, const struct item_groups *g,
              dl_query **core)
{
    dl_query *tmp = NULL;
    dl_query *pair[2];
    dl_status rc = DL_OK;

    *core = NULL;
    if (g->n_positive == 0)
        return DL_OK;
    if (!ps->o->match_any)
        return dl_query_combine_at(ps, DL_QOP_AND, g->positive, g->n_positive,
                                   0, core);
    if (g->n_required > 0)
        rc = dl_query_combine(DL_QOP_AND, g->required, g->n_required, 0, core,
                              ps->err);
    if (rc != DL_OK || g->n_optional == 0)
        return rc;
    rc = dl_query_combine(DL_QOP_OR, g->optional, g->n_optional, 0, &tmp,
                          ps->err);
    if (rc == DL_OK && *core != NULL) {
        pair[0] = *core;
        pair[1] = tmp;
        rc = dl_query_combine(DL_QOP_AND_MAYBE, pair, 2, 0, core, ps->err);
        dl_query_free(pair[0]);
        dl_query_free(tmp);
    } else if (rc == DL_OK) {
        *core = tmp;
    }
    return rc;
}

/* The filters applied to *core: FILTER onto it, or, when there is no
 * positive item, the filters alone at weight 0 (*only_filters set). */
static dl_status
apply_filters(struct parse_state *ps, const struct item_groups *g,
              dl_query **core, bool *only_filters)
{
    dl_query *tmp = NULL;
    dl_query *pair[2];
    dl_status rc;

    if (g->n_filters == 0)
        return DL_OK;
    rc = dl_query_combine(DL_QOP_AND, g->filters, g->n_filters, 0, &tmp,
                          ps->err);
    if (rc != DL_OK)
        return rc;
    if (ps->depth == 0 && ps->neg == 0) {
        /* The top level's filters: the parse's scope (query.h), dropped
         * again by parse_or when the top level has an OR. */
        dl_query_free(ps->res->scope);
        ps->res->scope = NULL;
        rc = dl_query_scale(tmp, 0, &ps->res->scope, ps->err);
        if (rc != DL_OK) {
            dl_query_free(tmp);
            return rc;
        }
    }
    if (*core != NULL) {
        pair[0] = *core;
        pair[1] = tmp;
        rc = dl_query_combine(DL_QOP_FILTER, pair, 2, 0, core, ps->err);
        dl_query_free(pair[0]);
        dl_query_free(tmp);
        return rc;
    }
    rc = dl_query_scale(tmp, 0, core, ps->err);
    dl_query_free(tmp);
    if (rc == DL_OK)
        *only_filters = true;
    return rc;
}

/* The exclusions taken out of *core with AND_NOT; DL_EQUERY at pos when
 * nothing is left to take them from ("-oil" alone). */
static dl_status
apply_exclusions(struct parse_state *ps, const struct item_groups *g,
                 size_t pos, dl_query **core)
{
    dl_query **v;
    dl_query *tmp = NULL;
    dl_status rc;

    if (g->n_excluded == 0)
        return DL_OK;
    if (*core == NULL)
        return dl_query_fail(ps, DL_EQUERY, pos,
                             "the query only excludes words: add a word to "
                             "search for");
    v = dl_calloc(g->n_excluded + 1, sizeof *v);
    if (v == NULL)
        return dl_query_nomem(ps);
    v[0] = *core;
    memcpy(v + 1, g->excluded, g->n_excluded * sizeof *v);
    rc = dl_query_combine(DL_QOP_AND_NOT, v, g->n_excluded + 1, 0, &tmp,
                          ps->err);
    dl_free(v);
    dl_query_free(*core);
    *core = tmp;
    return rc;
}

/* Join the items of one "and" level (see the header's grammar): the
 * positive items, then the filters, then the exclusions. */
static dl_status
join_items(struct parse_state *ps, struct item *items, size_t n, size_t pos,
           struct node *out)
{
    struct item_groups g;
    dl_query *core = NULL;
    dl_status rc;

    out->q = NULL;
    out->filter = false;
    rc = group_items(ps, items, n, &g);
    if (rc == DL_OK)
        rc = join_positive(ps, &g, &core);
    if (rc == DL_OK)
        rc = apply_filters(ps, &g, &core, &out->filter);
    if (rc == DL_OK)
        rc = apply_exclusions(ps, &g, pos, &core);
    if (rc == DL_OK) {
        out->q = core;
        core = NULL;
    } else {
        ps->errpos = ps->errpos ? ps->errpos : pos;
    }
    dl_query_free(core);
    item_groups_free(&g);
    return rc;
}

static bool
ends_operand(enum lex_type ty)
{
    return ty == T_END || ty == T_RPAREN || ty == T_OR || ty == T_AND ||
           ty == T_NEAR;
}

static dl_status
parse_and(struct parse_state *ps, struct node *out)
{
    struct item *items = NULL;
    size_t n = 0;
    size_t cap = 0;
    enum kind next = K_PLAIN;
    bool explicit_op = false;
    struct lex_token t;
    size_t start;
    dl_status rc = DL_OK;

    out->q = NULL;
    out->filter = false;
    dl_query_peek(ps, &t);
    start = t.pos;
    for (;;) {
        struct node nd;
        enum kind kind;
        dl_query_peek(ps, &t);
        if (t.type == T_END || t.type == T_RPAREN || t.type == T_OR)
            break;
        if (t.type == T_AND) {
            struct lex_token t2;
            dl_query_lex(ps, t.next, &t2);
            if (n == 0 || explicit_op || ends_operand(t2.type)) {
                rc = bad_token(ps, &t);
                goto out;
            }
            if (items[n - 1].kind == K_PLAIN)
                items[n - 1].kind = K_REQ;
            ps->i = t.next;
            next = K_REQ;
            explicit_op = true;
            continue;
        }
        if (t.type == T_NOT) {
            struct lex_token t2;
            dl_query_lex(ps, t.next, &t2);
            if (ends_operand(t2.type) || t2.type == T_NOT) {
                rc = bad_token(ps, &t);
                goto out;
            }
            ps->i = t.next;
            next = K_EXCL;
            explicit_op = true;
            continue;
        }
        if (t.type == T_NEAR || t.type == T_BAD) {
            rc = bad_token(ps, &t);
            goto out;
        }
        kind = next;
        rc = parse_unary(ps, &kind, &nd);
        if (rc != DL_OK)
            goto out;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            struct item *nv = dl_realloc(items, nc * sizeof *nv);
            if (nv == NULL) {
                dl_query_free(nd.q);
                rc = dl_query_nomem(ps);
                goto out;
            }
            items = nv;
            cap = nc;
        }
        if (nd.q != NULL && !nd.filter && kind == K_PLAIN && !explicit_op) {
            size_t k;
            for (k = 0; k < n; k++) {
                if (items[k].q != NULL && !items[k].filter &&
                    items[k].kind != K_EXCL) {
                    ps->implicit++;
                    break;
                }
            }
        }
        items[n].q = nd.q;
        items[n].filter = nd.filter;
        items[n].kind = kind;
        items[n].pos = t.pos;
        n++;
        next = K_PLAIN;
        explicit_op = false;
    }
    rc = join_items(ps, items, n, start, out);
out:
    free_items(items, n);
    return rc;
}

static dl_status
parse_or(struct parse_state *ps, struct node *out)
{
    dl_query **v = NULL;
    size_t n = 0;
    size_t cap = 0;
    bool all_filter = true;
    size_t branches = 0;
    struct lex_token t;
    dl_status rc = DL_OK;

    out->q = NULL;
    out->filter = false;
    dl_query_peek(ps, &t);
    if (t.type == T_OR) {
        rc = bad_token(ps, &t);
        goto out;
    }
    for (;;) {
        struct node nd;
        branches++;
        rc = parse_and(ps, &nd);
        if (rc != DL_OK)
            goto out;
        if (nd.q != NULL) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 4;
                dl_query **nv = dl_realloc(v, nc * sizeof *nv);
                if (nv == NULL) {
                    dl_query_free(nd.q);
                    rc = dl_query_nomem(ps);
                    goto out;
                }
                v = nv;
                cap = nc;
            }
            v[n++] = nd.q;
            all_filter = all_filter && nd.filter;
        }
        dl_query_peek(ps, &t);
        if (t.type != T_OR)
            break;
        {
            struct lex_token t2;
            dl_query_lex(ps, t.next, &t2);
            if (t2.type == T_END || t2.type == T_RPAREN || t2.type == T_OR ||
                t2.type == T_AND || t2.type == T_NEAR) {
                rc = bad_token(ps, &t);
                goto out;
            }
        }
        ps->i = t.next;
    }
    if (n > 0) {
        rc = dl_query_combine_at(ps, DL_QOP_OR, v, n, 0, &out->q);
        out->filter = all_filter;
    }
    if (ps->depth == 0 && branches > 1) {
        /* One branch's filters do not bound the matches of another. */
        dl_query_free(ps->res->scope);
        ps->res->scope = NULL;
        ps->res->date_lo[0] = '\0';
        ps->res->date_hi[0] = '\0';
    }
out:
    dl_query_free_all(v, n);
    dl_free(v);
    return rc;
}

/* Whether a match-any query is long enough to lose its stopwords: at
 * least STOP_MIN_WORDS bare words, one of them not a stopword (so "to be
 * or not to be" still finds something).  Short queries keep every word:
 * there a function word is more likely meant. */
static bool
stop_worth_dropping(const struct parse_state *ps, bool *flat)
{
    struct lex_token t;
    size_t i = 0;
    unsigned words = 0;
    bool content = false;
    *flat = true;
    for (;;) {
        dl_query_lex(ps, i, &t);
        if (t.type == T_END)
            break;
        if (t.type == T_WORD && !t.wildcard) {
            words++;
            if (!dl_query_is_stopword(ps->s + t.start, t.end - t.start))
                content = true;
        } else if (t.type != T_PHRASE) {
            *flat = false;
        }
        /* A phrase's inside is one token here: it is never dropped. */
        i = t.next > i ? t.next : i + 1;
    }
    return content && words >= STOP_MIN_WORDS;
}

/* ---- the whole query ---------------------------------------------------- */

dl_status
dl_query_parse_text(struct parse_state *ps, struct node *out)
{
    struct lex_token t;
    dl_status rc;

    if (ps->o->match_any) {
        bool flat;
        ps->drop_stop = stop_worth_dropping(ps, &flat);
        ps->merge_words = flat;
    }
    rc = parse_or(ps, out);
    if (rc != DL_OK)
        return rc;
    dl_query_peek(ps, &t);
    if (t.type != T_END)
        return bad_token(ps, &t);
    return DL_OK;
}
