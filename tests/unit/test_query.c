/* test_query.c - the query parser: query text to Xapian query descriptions,
 * error codes with positions, and hostile queries refused at their caps. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "query.h"

struct qcase {
    const char *query;
    int match_any;
    const char *want; /* description, or NULL for an error */
    dl_status rc;     /* expected status */
    size_t errpos;    /* expected error position */
};

static const struct qcase cases[] = {
    /* words: all of them, each the SYNONYM of the stems its index languages
     * (en, ru) make of it, plus the raw word when a stemmer changed it:
     * the stems alone reach every article, the raw word weighs the exact
     * form */
    {"grain harvest", 0, "Query((Zgrain@1 AND Zharvest@2))", DL_OK, 0},
    {"Harvests", 0,
     "Query((Zharvest@1 SYNONYM Zharvests@1 SYNONYM harvests@1))", DL_OK, 0},
    /* a Russian word: the Russian stem, and itself as the English stemmer
     * leaves it (the Z term an English article holding it has) */
    {"бюджеты", 0, "Query((Zбюджеты@1 SYNONYM Zбюджет@1 SYNONYM бюджеты@1))",
     DL_OK, 0},
    {"grain harvest", 1, "Query((Zgrain@1 OR Zharvest@2))", DL_OK, 0},
    /* a long any-word query loses its stopwords (and so its term cap
     * counts only the words that weigh) */
    {"the history of the printing press", 1,
     "Query(((Zhistori@1 SYNONYM Zhistory@1 SYNONYM history@1) OR (Zprint@2 "
     "SYNONYM Zprinting@2 SYNONYM printing@2) OR Zpress@3))",
     DL_OK, 0},
    /* ... but not a short one, nor an all-words one, nor one of
     * stopwords only, nor a phrase, a +word, a capitalised name or the
     * left side of AND */
    {"the printing press", 1,
     "Query((Zthe@1 OR (Zprint@2 SYNONYM Zprinting@2 SYNONYM printing@2) OR "
     "Zpress@3))",
     DL_OK, 0},
    {"the history of printing", 0,
     "Query((Zthe@1 AND (Zhistori@2 SYNONYM Zhistory@2 SYNONYM history@2) AND "
     "Zof@3 AND (Zprint@4 SYNONYM Zprinting@4 SYNONYM printing@4)))",
     DL_OK, 0},
    {"to be or not to be", 1,
     "Query((2 * Zto@1 OR 2 * Zbe@2 OR Zor@3 OR Znot@4))", DL_OK, 0},
    {"\"the press\" history of the printing", 1,
     "Query(((the@1 PHRASE 2 press@2) OR (Zhistori@3 SYNONYM Zhistory@3 "
     "SYNONYM history@3) OR (Zprint@4 SYNONYM Zprinting@4 SYNONYM "
     "printing@4)))",
     DL_OK, 0},
    {"+the history of US printing", 1,
     "Query((Zthe@1 AND_MAYBE ((Zhistori@2 SYNONYM Zhistory@2 SYNONYM "
     "history@2) OR Zus@3 OR (Zprint@4 SYNONYM Zprinting@4 SYNONYM "
     "printing@4))))",
     DL_OK, 0},
    {"the AND history of printing", 1,
     "Query(((Zthe@1 AND (Zhistori@2 SYNONYM Zhistory@2 SYNONYM history@2)) "
     "AND_MAYBE (Zprint@3 SYNONYM Zprinting@3 SYNONYM printing@3)))",
     DL_OK, 0},
    /* a word said twice in a flat any-word query weighs twice, as one
     * term (so a long query does not break the term cap by repeating) */
    {"oil gas oil price", 1, "Query((2 * Zoil@1 OR Zgas@2 OR Zprice@3))", DL_OK,
     0},
    {"oil (gas OR oil)", 1, "Query((Zoil@1 OR (Zgas@2 OR Zoil@3)))", DL_OK, 0},
    /* phrases: positional, unstemmed */
    {"\"grain harvest\"", 0, "Query((grain@1 PHRASE 2 harvest@2))", DL_OK, 0},
    {"\xE2\x80\x9Cgrain harvest\xE2\x80\x9D", 0,
     "Query((grain@1 PHRASE 2 harvest@2))", DL_OK, 0},
    /* an unclosed quote closes at the end */
    {"\"grain harvest", 0, "Query((grain@1 PHRASE 2 harvest@2))", DL_OK, 0},
    /* shared tokenizer rules */
    {"nur-sultan", 0, "Query(((nur@1 PHRASE 2 sultan@3) OR nursultan@2))",
     DL_OK, 0},
    /* a hyphenated word in a phrase: one phrase per spelling, the parts
     * (Nur-Sultan, Nur Sultan) or the joined form in their place
     * (Nursultan), never the joined form alone (issue 22) */
    {"\"xyzzy Baden-W\xC3\xBC"
     "rttemberg\"",
     0,
     "Query(((xyzzy@1 PHRASE 3 baden@2 PHRASE 3 wurttemberg@4) OR (xyzzy@1 "
     "PHRASE 2 badenwurttemberg@3)))",
     DL_OK, 0},
    {"\"a Nur-Sultan b\"", 0,
     "Query(((a@1 PHRASE 4 nur@2 PHRASE 4 sultan@4 PHRASE 4 b@5) OR (a@1 "
     "PHRASE 3 nursultan@3 PHRASE 3 b@5)))",
     DL_OK, 0},
    /* two such words: four spellings */
    {"\"a-b c-d\"", 0,
     "Query(((a@1 PHRASE 4 b@3 PHRASE 4 c@4 PHRASE 4 d@6) OR (ab@2 PHRASE 3 "
     "c@4 PHRASE 3 d@6) OR (a@1 PHRASE 3 b@3 PHRASE 3 cd@5) OR (ab@2 PHRASE "
     "2 cd@5)))",
     DL_OK, 0},
    /* three parts */
    {"\"Rhein-Main-Donau Kanal\"", 0,
     "Query(((rhein@1 PHRASE 4 main@3 PHRASE 4 donau@4 PHRASE 4 kanal@5) OR "
     "(rheinmaindonau@2 PHRASE 2 kanal@5)))",
     DL_OK, 0},
    /* NEAR: each spelling's window counts its own terms */
    {"Nur-Sultan NEAR/3 election", 0,
     "Query(((nur@1 NEAR 6 sultan@3 NEAR 6 election@4) OR (nursultan@2 NEAR "
     "5 election@4)))",
     DL_OK, 0},
    {"title:\"Guinea-Bissau vote\"", 0,
     "Query(((Sguinea@1 PHRASE 3 Sbissau@3 PHRASE 3 Svote@4) OR "
     "(Sguineabissau@2 PHRASE 2 Svote@4)))",
     DL_OK, 0},
    {"author:smith-jones", 0,
     "Query(0 * ((Asmith@1 AND Ajones@3) OR Asmithjones@2))", DL_OK, 0},
    {"U.S.", 0, "Query(Zus@1)", DL_OK, 0},
    {"Kazakhstan's", 0, "Query(Zkazakhstan@1)", DL_OK, 0},
    {"2,000", 0, "Query(2000@1)", DL_OK, 0},
    {"北京大学", 0, "Query((北京@1 PHRASE 3 京大@2 PHRASE 3 大学@3))", DL_OK,
     0},
    /* boolean operators */
    {"oil OR gas", 0, "Query((Zoil@1 OR Zgas@2))", DL_OK, 0},
    {"oil AND gas", 0, "Query((Zoil@1 AND Zgas@2))", DL_OK, 0},
    {"oil NOT gas", 0, "Query((Zoil@1 AND_NOT Zgas@2))", DL_OK, 0},
    {"-gas oil", 0, "Query((Zoil@2 AND_NOT Zgas@1))", DL_OK, 0},
    {"+oil gas", 1, "Query((Zoil@1 AND_MAYBE Zgas@2))", DL_OK, 0},
    {"(oil OR gas) price", 0, "Query(((Zoil@1 OR Zgas@2) AND Zprice@3))", DL_OK,
     0},
    {"oil -(gas OR coal)", 0, "Query((Zoil@1 AND_NOT (Zgas@2 OR Zcoal@3)))",
     DL_OK, 0},
    /* an unclosed bracket closes at the end */
    {"(oil OR gas", 0, "Query((Zoil@1 OR Zgas@2))", DL_OK, 0},
    /* NEAR: raw terms, window counts the terms */
    {"oil NEAR/5 price", 0, "Query((oil@1 NEAR 7 price@2))", DL_OK, 0},
    {"oil NEAR price", 0, "Query((oil@1 NEAR 12 price@2))", DL_OK, 0},
    /* wildcard */
    {"traffick*", 0, "Query(WILDCARD SYNONYM traffick)", DL_OK, 0},
    /* fields */
    {"title:wimbledon", 0, "Query(Swimbledon@1)", DL_OK, 0},
    {"title:\"grand slam\"", 0, "Query((Sgrand@1 PHRASE 2 Sslam@2))", DL_OK, 0},
    {"source:reuters oil", 0, "Query((Zoil@2 FILTER XSreuters@1))", DL_OK, 0},
    {"author:smith", 0, "Query(0 * Asmith@1)", DL_OK, 0},
    {"lang:RU нефть", 0,
     "Query(((Zнефть@2 SYNONYM Zнефт@2 SYNONYM нефть@2) FILTER Lru@1))", DL_OK,
     0},
    /* dates at year, month, day precision: the Y, M and D terms of the
     * range's whole years, months and days; open ranges and ranges of more
     * than 64 pieces filter on the value */
    {"date:2020", 0, "Query(0 * Y2020)", DL_OK, 0},
    {"date:2020-11", 0, "Query(0 * M202011)", DL_OK, 0},
    {"date:2020-02", 0, "Query(0 * M202002)", DL_OK, 0},
    {"date:2020-11-13", 0, "Query(0 * D20201113)", DL_OK, 0},
    {"date:2020-11-29..2020-12-02", 0,
     "Query(0 * (D20201129 OR D20201130 OR D20201201 OR "
     "(M202012 FILTER VALUE_RANGE 0 20201201 20201201) OR D20201202))",
     DL_OK, 0},
    {"date:2019..2020-06-30", 0,
     "Query(0 * (Y2019 OR M202001 OR "
     "(Y2020 FILTER VALUE_RANGE 0 20200101 20200101) OR M202002 OR M202003 "
     "OR M202004 OR M202005 OR M202006))",
     DL_OK, 0},
    {"date:1900..2020", 0, "Query(VALUE_RANGE 0 19000101 20201231)", DL_OK, 0},
    {"date:..2001", 0, "Query(VALUE_LE 0 20011231)", DL_OK, 0},
    {"date:2020-11..", 0, "Query(VALUE_GE 0 20201101)", DL_OK, 0},
    {"oil date:2022", 0, "Query((Zoil@1 FILTER Y2022))", DL_OK, 0},
    /* punctuation only is nothing, not an error */
    {"oil &", 0, "Query(Zoil@1)", DL_OK, 0},
    {"", 0, "Query()", DL_OK, 0},
    /* errors, with the byte they point at */
    {"oil)", 0, NULL, DL_EQUERY, 3},
    {"AND", 0, NULL, DL_EQUERY, 0},
    {"oil AND", 0, NULL, DL_EQUERY, 4},
    {"OR oil", 0, NULL, DL_EQUERY, 0},
    {"oil OR", 0, NULL, DL_EQUERY, 4},
    {"NOT", 0, NULL, DL_EQUERY, 0},
    {"NEAR oil", 0, NULL, DL_EQUERY, 0},
    {"oil NEAR", 0, NULL, DL_EQUERY, 4},
    {"oil NEAR/x gas", 0, NULL, DL_EQUERY, 4},
    {"oil NEAR/5000 gas", 0, NULL, DL_EQUERY, 4},
    {"*", 0, NULL, DL_EQUERY, 0},
    {"-oil", 0, NULL, DL_EQUERY, 0},
    {"title:", 0, NULL, DL_EQUERY, 0},
    {"oil date:yesterday", 0, NULL, DL_EQUERY, 9},
    {"date:2021..2019", 0, NULL, DL_EQUERY, 5},
    {"date:..", 0, NULL, DL_EQUERY, 5},
    {"lang:123", 0, NULL, DL_EQUERY, 5},
    {"oil \x01 gas", 0, NULL, DL_EINVAL, 4},
    {"caf\xC3 x", 0, NULL, DL_EINVAL, 3},
    {"\xC0\xAF", 0, NULL, DL_EINVAL, 0},     /* overlong '/' */
    {"\xED\xA0\x80", 0, NULL, DL_EINVAL, 0}, /* a surrogate */
    {"a\xC2\x85z", 0, NULL, DL_EINVAL, 1},   /* C1 control NEL */
};

static dl_query_parser *parser;

static int
setup(void **state)
{
    (void)state;
    return dl_query_parser_new("en,ru", &parser, NULL) == DL_OK ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    dl_query_parser_free(parser);
    return 0;
}

static dl_status
parse(const char *q, size_t len, int any, struct dl_parsed_query **out,
      size_t *pos, dl_err *err)
{
    struct dl_query_options o;
    dl_query_options_init(&o);
    o.match_any = any != 0;
    return dl_query_parser_parse(parser, q, len, &o, out, pos, err);
}

/* The parse's scope and date range (what a timeline's totals and periods
 * come from): the top level's filters only, none across an OR. */
static void
scope_is_the_top_level_filters(void **state)
{
    static const struct {
        const char *q;
        bool scope;
        const char *lo;
        const char *hi;
    } t[] = {
        {"oil", false, "", ""},
        {"oil lang:en", true, "", ""},
        {"oil date:2020", true, "20200101", "20201231"},
        {"oil date:2020-03..2021 date:2020-06..", true, "20200601",
         "20211231"},
        {"oil source:bbc date:..2019-02", true, "", "20190231"},
        {"oil OR date:2020", false, "", ""},
        {"oil -date:2020", false, "", ""},
        {"(oil date:2020)", false, "", ""},
        {"oil (lang:en OR lang:ru)", true, "", ""}, /* a filter group */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct dl_parsed_query *r = NULL;
        dl_err err;
        assert_int_equal(parse(t[i].q, strlen(t[i].q), 0, &r, NULL, &err),
                         DL_OK);
        if ((r->scope != NULL) != t[i].scope || strcmp(r->date_lo, t[i].lo) ||
            strcmp(r->date_hi, t[i].hi))
            fail_msg("'%s': scope %d, range %s..%s", t[i].q,
                     r->scope != NULL, r->date_lo, r->date_hi);
        dl_parsed_query_free(r);
    }
}

static void
query_table_gives_expected_descriptions_and_errors(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct qcase *c = &cases[i];
        struct dl_parsed_query *r = NULL;
        size_t pos = 12345;
        dl_err err;
        dl_status rc =
            parse(c->query, strlen(c->query), c->match_any, &r, &pos, &err);
        if (rc != c->rc) {
            print_error("query '%s': status %d (%s), want %d\n", c->query, rc,
                        rc != DL_OK ? err.msg : "", c->rc);
            fail();
        }
        if (rc == DL_OK) {
            char *d = dl_query_describe(r->query);
            assert_non_null(d);
            if (strcmp(d, c->want) != 0) {
                print_error("query '%s':\n  got  %s\n  want %s\n", c->query, d,
                            c->want);
                fail();
            }
            dl_free(d);
            dl_parsed_query_free(r);
        } else {
            assert_null(r);
            if (pos != c->errpos) {
                print_error("query '%s': error at %zu, want %zu (%s)\n",
                            c->query, pos, c->errpos, err.msg);
                fail();
            }
        }
    }
}

/* The shape of a plain word follows the index's languages. */
static void
plain_words_follow_the_index_languages(void **state)
{
    static const struct {
        const char *langs;
        const char *query;
        const char *want;
    } t[] = {
        /* hr and und have no stemmer: their articles' Z terms are their
         * words, so the word itself joins the stems; the raw word joins
         * when a stemmer changes the word (its weight favours the exact
         * form), not when none does */
        {"en,hr,und", "harvests",
         "Query((Zharvest@1 SYNONYM Zharvests@1 SYNONYM harvests@1))"},
        {"und", "harvests", "Query(Zharvests@1)"},
        {"en,hr", "oil", "Query(Zoil@1)"},
        {"en", "harvests", "Query((Zharvest@1 SYNONYM harvests@1))"},
        {"en", "oil", "Query(Zoil@1)"},
        /* an index without languages: the raw word */
        {"", "harvests", "Query(harvests@1)"},
        {NULL, "harvests", "Query(harvests@1)"},
        /* with article counts, only the stemmers of languages holding 1%
         * of them decide whether the raw word joins: English leaves
         * "dollar" alone, so the 5 Swedish articles (doll) do not bring it
         * in, 500 do */
        {"en:990,sv:5,und:5", "dollar", "Query((Zdollar@1 SYNONYM Zdoll@1))"},
        {"en:500,sv:500", "dollar",
         "Query((Zdollar@1 SYNONYM Zdoll@1 SYNONYM dollar@1))"},
        {"en:990,sv:5,und:5", "prices",
         "Query((Zprice@1 SYNONYM Zpric@1 SYNONYM Zprices@1 SYNONYM "
         "prices@1))"},
        /* a language listed twice stems once */
        {"en,en", "harvests", "Query((Zharvest@1 SYNONYM harvests@1))"},
        /* numbers and CJK are never stemmed, by the indexer either */
        {"en,hr", "2020", "Query(2020@1)"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        dl_query_parser *p = NULL;
        struct dl_query_options o;
        struct dl_parsed_query *r = NULL;
        char *d;
        assert_int_equal(dl_query_parser_new(t[i].langs, &p, NULL), DL_OK);
        dl_query_options_init(&o);
        assert_int_equal(dl_query_parser_parse(p, t[i].query,
                                               strlen(t[i].query), &o, &r, NULL,
                                               NULL),
                         DL_OK);
        d = dl_query_describe(r->query);
        assert_non_null(d);
        if (strcmp(d, t[i].want) != 0) {
            print_error("langs '%s', query '%s':\n  got  %s\n  want %s\n",
                        t[i].langs != NULL ? t[i].langs : "(null)", t[i].query,
                        d, t[i].want);
            dl_free(d);
            dl_parsed_query_free(r);
            dl_query_parser_free(p);
            fail();
        }
        dl_free(d);
        dl_parsed_query_free(r);
        dl_query_parser_free(p);
    }
}

static void
plain_words_are_recorded_for_highlights_and_suggestions(void **state)
{
    struct dl_parsed_query *r = NULL;
    const char *q = "wimbeldon -tennis \"grand slam\" traff*";
    (void)state;
    assert_int_equal(parse(q, strlen(q), 0, &r, NULL, NULL), DL_OK);
    /* tennis is excluded: not highlighted */
    assert_int_equal(r->n_words, 2);
    assert_string_equal(r->words[0].term, "wimbeldon");
    assert_true(r->words[0].plain);
    assert_int_equal(r->words[0].qstart, 0);
    assert_int_equal(r->words[0].qend, 9);
    assert_string_equal(r->words[1].term, "traff");
    assert_true(r->words[1].wildcard);
    assert_int_equal(r->n_phrases, 1);
    assert_int_equal(r->phrases[0].n, 2);
    assert_string_equal(r->phrases[0].terms[1], "slam");
    assert_true(r->has_wildcard);
    dl_parsed_query_free(r);
}

/* Every spelling of a hyphenated word is recorded for highlighting, so a
 * snippet marks "Nursultan" for "Nur-Sultan"; a phrase of more hyphenated
 * words than the cap spells the first four both ways (16 phrases) and the
 * rest only by their parts, and a long phrase fewer (a budget of terms). */
static void
hyphenated_words_are_spelt_every_way_up_to_the_cap(void **state)
{
    struct dl_parsed_query *r = NULL;
    const char *q = "Nur-Sultan";
    const char *five = "\"a-b c-d e-f g-h i-j\"";
    char *d;
    (void)state;
    assert_int_equal(parse(q, strlen(q), 0, &r, NULL, NULL), DL_OK);
    assert_int_equal(r->n_phrases, 2);
    assert_int_equal(r->phrases[0].n, 2);
    assert_string_equal(r->phrases[0].terms[1], "sultan");
    assert_int_equal(r->phrases[1].n, 1);
    assert_string_equal(r->phrases[1].terms[0], "nursultan");
    dl_parsed_query_free(r);

    assert_int_equal(parse(five, strlen(five), 0, &r, NULL, NULL), DL_OK);
    assert_int_equal(r->n_phrases, 16);
    d = dl_query_describe(r->query);
    assert_non_null(d);
    assert_non_null(strstr(d, "(ab@2 PHRASE 6 cd@5 PHRASE 6 ef@8 PHRASE 6 "
                              "gh@11 PHRASE 6 i@13 PHRASE 6 j@15)"));
    assert_null(strstr(d, "ij@"));
    dl_free(d);
    dl_parsed_query_free(r);

    /* a phrase of 66 words (33 hyphenated) spells two of them both ways:
     * 4 spellings of 66 terms fit the budget of 512, 8 would not */
    {
        dl_buf b = DL_BUF_INIT;
        size_t i;
        assert_int_equal(dl_buf_putc(&b, '"'), DL_OK);
        for (i = 0; i < 33; i++)
            assert_int_equal(dl_buf_puts(&b, "long-term "), DL_OK);
        assert_int_equal(parse(b.data, b.len, 0, &r, NULL, NULL), DL_OK);
        assert_int_equal(r->n_phrases, 4);
        assert_int_equal(r->phrases[0].n, 66);
        assert_int_equal(r->phrases[3].n, 64);
        dl_parsed_query_free(r);
        dl_buf_free(&b);
    }
}

static void
default_and_is_flagged_only_for_implicit_joins(void **state)
{
    static const struct {
        const char *q;
        bool want;
    } t[] = {{"grain harvest", true}, {"grain AND harvest", false},
             {"grain", false},        {"grain date:2020", false},
             {"grain -wheat", false}, {"(a b) OR c", true}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct dl_parsed_query *r = NULL;
        assert_int_equal(parse(t[i].q, strlen(t[i].q), 0, &r, NULL, NULL),
                         DL_OK);
        if (r->used_default_and != t[i].want) {
            print_error("'%s': used_default_and %d\n", t[i].q,
                        r->used_default_and);
            fail();
        }
        dl_parsed_query_free(r);
    }
}

/* A date oracle that answers as a database of articles dated 26 February
 * to 20 October 1987 would, none of them dated only to a month or year, or
 * fails as a database can (I/O error, invalid argument) when told to. */
struct test_oracle {
    dl_status coarse_rc; /* DL_OK: answer */
    dl_status bounds_rc;
    bool dated; /* bounds: some article is dated */
};

static dl_status
test_coarse(void *ctx, const char *prefix, const char *digits, bool *out,
            dl_err *err)
{
    struct test_oracle *o = ctx;
    *out = false;
    if (o->coarse_rc != DL_OK)
        return dl_err_set(err, o->coarse_rc, "test index: cannot count %s%s",
                          prefix, digits);
    return DL_OK;
}

static dl_status
test_bounds(void *ctx, char lo[9], char hi[9], bool *found, dl_err *err)
{
    struct test_oracle *o = ctx;
    *found = false;
    if (o->bounds_rc != DL_OK)
        return dl_err_set(err, o->bounds_rc, "test index: no value bounds");
    if (o->dated) {
        memcpy(lo, "19870226", 9);
        memcpy(hi, "19871020", 9);
        *found = true;
    }
    return DL_OK;
}

/* The date: planner asks the index (the parser's date oracle) for its
 * first and last date and whether a month or year has articles dated no
 * finer.  When the index fails to answer, the parse fails with the
 * index's status and message, at the date: value: it is never taken for
 * "read the date value instead" (which, with DL_EINVAL, it once was),
 * and an index that answers still gets the plan its answers call for. */
static void
date_oracle_failures_fail_the_parse_instead_of_reading_the_value(void **state)
{
    static const struct {
        const char *q;
        dl_status coarse_rc;
        dl_status bounds_rc;
        size_t errpos;
    } fails[] = {
        /* a closed range that holds 1 January 1987 but not all of 1987:
         * asks whether 1987 has articles dated only to the year */
        {"oil date:1987..1987-06-30", DL_EINVAL, DL_OK, 9},
        {"oil date:1987..1987-06-30", DL_EIO, DL_OK, 9},
        /* an open range: asks for the index's first and last date */
        {"date:1987-10..", DL_OK, DL_EINVAL, 5},
        {"(oil OR date:..1987-03-01)", DL_OK, DL_EIO, 13},
        /* closed at the first date, then holds 1 March 1987 */
        {"date:..1987-03-01 oil", DL_EINVAL, DL_OK, 5},
    };
    static const struct {
        const char *q;
        bool dated;
        const char *want; /* in the description */
    } plans[] = {
        {"oil date:1987..1987-06-30", true, "M198706"},
        {"date:1987-10..", true, "D19871020"},
        {"date:1987-10..", false, "VALUE_GE 0 19871001"},
        {"date:1900..2020", true, "VALUE_RANGE 0 19000101 20201231"},
    };
    struct test_oracle to;
    struct dl_date_oracle o = {test_coarse, test_bounds, &to, NULL};
    dl_query_parser *p = NULL;
    size_t i;
    (void)state;

    assert_int_equal(dl_query_parser_new("en", &p, NULL), DL_OK);
    dl_query_parser_set_date_oracle(p, &o);
    for (i = 0; i < sizeof fails / sizeof fails[0]; i++) {
        struct dl_parsed_query *r = NULL;
        size_t pos = 0;
        dl_err err;
        dl_status rc;
        memset(&to, 0, sizeof to);
        to.coarse_rc = fails[i].coarse_rc;
        to.bounds_rc = fails[i].bounds_rc;
        to.dated = true;
        rc = dl_query_parser_parse(p, fails[i].q, strlen(fails[i].q), NULL, &r,
                                   &pos, &err);
        if (rc == DL_OK) {
            char *d = dl_query_describe(r->query);
            print_error("'%s': parsed as %s despite the index's error\n",
                        fails[i].q, d);
            dl_free(d);
            dl_parsed_query_free(r);
            fail();
        }
        assert_int_equal(rc, fails[i].coarse_rc != DL_OK ? fails[i].coarse_rc
                                                         : fails[i].bounds_rc);
        assert_null(r);
        assert_int_equal(pos, fails[i].errpos);
        assert_non_null(strstr(err.msg, "test index: "));
    }
    for (i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        struct dl_parsed_query *r = NULL;
        char *d;
        memset(&to, 0, sizeof to);
        to.dated = plans[i].dated;
        assert_int_equal(dl_query_parser_parse(p, plans[i].q,
                                               strlen(plans[i].q), NULL, &r,
                                               NULL, NULL),
                         DL_OK);
        d = dl_query_describe(r->query);
        assert_non_null(d);
        if (strstr(d, plans[i].want) == NULL) {
            print_error("'%s': %s, want %s in it\n", plans[i].q, d,
                        plans[i].want);
            fail();
        }
        dl_free(d);
        dl_parsed_query_free(r);
    }
    dl_query_parser_free(p);
}

/* Run q and expect the error want with a message.  (How fast a hostile
 * query is refused is not timed here: wall clocks on a shared machine make
 * flaky tests.  The caps bound the work, and scripts/fuzz.sh runs the
 * parser with libFuzzer's -timeout, which saves any slow input as a
 * regression case.) */
static void
expect_error(const char *what, const char *q, size_t len, dl_status want)
{
    struct dl_parsed_query *r = NULL;
    dl_err err;
    size_t pos;
    dl_status rc = parse(q, len, 0, &r, &pos, &err);
    if (rc != want || r != NULL) {
        print_error("%s: status %d, want %d\n", what, rc, want);
        dl_parsed_query_free(r);
        fail();
    }
    assert_true(strlen(err.msg) > 0);
}

static void
hostile_queries_fail_with_a_message_naming_the_cap(void **state)
{
    dl_buf b = DL_BUF_INIT;
    size_t i;
    struct dl_parsed_query *r = NULL;
    dl_err err;
    (void)state;

    /* 1 MB of words */
    for (i = 0; i < 1024 * 1024 / 4; i++)
        assert_int_equal(dl_buf_puts(&b, "ab "), DL_OK);
    expect_error("1 MB query", b.data, b.len, DL_EQUERY);
    assert_int_equal(parse(b.data, b.len, 0, &r, NULL, &err), DL_EQUERY);
    assert_non_null(strstr(err.msg, "4096"));

    /* deep nesting */
    dl_buf_reset(&b);
    for (i = 0; i < 1000; i++)
        assert_int_equal(dl_buf_putc(&b, '('), DL_OK);
    assert_int_equal(dl_buf_puts(&b, "oil"), DL_OK);
    expect_error("1000 brackets", b.data, b.len, DL_EQUERY);
    assert_int_equal(parse(b.data, b.len, 0, &r, NULL, &err), DL_EQUERY);
    assert_non_null(strstr(err.msg, "32"));

    /* 31 levels are fine */
    dl_buf_reset(&b);
    for (i = 0; i < 31; i++)
        assert_int_equal(dl_buf_putc(&b, '('), DL_OK);
    assert_int_equal(dl_buf_puts(&b, "oil"), DL_OK);
    assert_int_equal(parse(b.data, b.len, 0, &r, NULL, &err), DL_OK);
    dl_parsed_query_free(r);
    r = NULL;

    /* too many terms */
    dl_buf_reset(&b);
    for (i = 0; i < 150; i++)
        assert_int_equal(dl_buf_printf(&b, "w%zu ", i), DL_OK);
    expect_error("150 words", b.data, b.len, DL_EQUERY);
    assert_int_equal(parse(b.data, b.len, 0, &r, NULL, &err), DL_EQUERY);
    assert_non_null(strstr(err.msg, "100"));

    /* lone operators and stray brackets, nested */
    expect_error("lone star", "*", 1, DL_EQUERY);
    expect_error("lone OR", "OR", 2, DL_EQUERY);
    expect_error("AND AND", "AND AND", 7, DL_EQUERY);
    expect_error("NOT NOT x", "NOT NOT x", 9, DL_EQUERY);
    expect_error("closing only", ")))", 3, DL_EQUERY);
    expect_error("NUL byte", "oil\0gas", 7, DL_EINVAL);
    expect_error("escape", "\x1b[31mred", 8, DL_EINVAL);
    expect_error("bad UTF-8", "\xff\xfe", 2, DL_EINVAL);
    expect_error("truncated UTF-8", "\xE2\x80", 2, DL_EINVAL);

    /* a 4096-byte query of quotes and brackets parses or fails cleanly */
    dl_buf_reset(&b);
    for (i = 0; i < 1024; i++)
        assert_int_equal(dl_buf_puts(&b, "\"(a "), DL_OK);
    {
        dl_status rc = parse(b.data, b.len, 0, &r, NULL, &err);
        assert_true(rc == DL_OK || rc == DL_EQUERY);
        if (rc == DL_OK)
            dl_parsed_query_free(r);
        else
            assert_null(r);
        r = NULL;
    }
    dl_buf_free(&b);
}

static void
allocation_failures_report_enomem_and_leak_nothing(void **state)
{
    const char *q = "grain \"wheat harvest\" -rain title:oil date:2020 a* "
                    "\"the Nur-Sultan office\" Kassym-Jomart NEAR/3 visit";
    long n;
    bool done = false;
    (void)state;
    for (n = 0; n < 1000; n++) {
        struct dl_parsed_query *r = NULL;
        dl_status rc;
        dl_alloc_fail_after(n, 0);
        rc = parse(q, strlen(q), 0, &r, NULL, NULL);
        dl_alloc_fail_after(-1, 0);
        if (rc == DL_OK) {
            dl_parsed_query_free(r);
            done = true; /* past its last allocation */
            continue;
        }
        assert_int_equal(rc, DL_ENOMEM);
        assert_null(r);
    }
    assert_true(done);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_table_gives_expected_descriptions_and_errors),
cmocka_unit_test(scope_is_the_top_level_filters),
        cmocka_unit_test(plain_words_follow_the_index_languages),
        cmocka_unit_test(
            plain_words_are_recorded_for_highlights_and_suggestions),
        cmocka_unit_test(hyphenated_words_are_spelt_every_way_up_to_the_cap),
        cmocka_unit_test(default_and_is_flagged_only_for_implicit_joins),
        cmocka_unit_test(
            date_oracle_failures_fail_the_parse_instead_of_reading_the_value),
        cmocka_unit_test(hostile_queries_fail_with_a_message_naming_the_cap),
        cmocka_unit_test(allocation_failures_report_enomem_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
