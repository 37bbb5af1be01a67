/* test_render_html.c - the search page (render_html.h) over results and
 * articles made by hand: hits with their marks, dates and links, the
 * facets and the timeline, the pager, no hits, a page past the last, the
 * article view, the small pages (home, bad query with the problem
 * marked, too expensive, not found, error), hostile fields escaped, every
 * link the page makes read back by the request's parser (cgi_params.h),
 * and an allocation failure at every step. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article_view.h"
#include "cgi_params.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "render_html.h"
#include "search.h"

static char none[] = "";

/* A fixture: request, hits, facets, result. */
struct page {
    struct dl_cgi_params p;
    struct dl_result_hit hits[2];
    size_t hl[2][2];
    struct dl_facet_count sources[2];
    struct dl_facet_count langs[2];
    struct dl_facet_count months[3];
    struct dl_result res;
    dl_buf out;
};

static char id1[] = "steppe/grain.txt";
static char id2[] = "baltic/tea.txt";
static char title1[] = "Kazakhstan cuts grain harvest forecast";
static char title2[] = "Tea prices";
static char date1[] = "2021-10-05";
static char date2[] = "2020-03";
static char src1[] = "Steppe Wire";
static char src2[] = "Baltic Morning";
static char url1[] = "https://steppe.example/grain?a=1&b=2";
static char url2[] = "javascript:alert(1)";
static char lang1[] = "kk";
static char lang2[] = "en";
static char snip1[] = "cut its grain harvest forecast";
static char snip2[] = "Tea prices rose";
static char fv_src1[] = "Steppe Wire";
static char fv_src2[] = "Baltic Morning";
static char fv_kk[] = "kk";
static char fv_en[] = "en";
static char fv_m1[] = "2021-10";
static char fv_m2[] = "2021-08";
static char fv_m3[] = "2020-03";

static void
page_init(struct page *pg, const char *qs)
{
    dl_err err;
    memset(pg, 0, sizeof *pg);
    dl_cgi_params_init(&pg->p);
    assert_int_equal(dl_cgi_params_parse(qs, strlen(qs), &pg->p, &err), DL_OK);
    pg->hl[0][0] = 8; /* "grain" */
    pg->hl[0][1] = 13;
    pg->hl[1][0] = 14; /* "harvest" */
    pg->hl[1][1] = 21;
    pg->hits[0].rank = 1;
    pg->hits[0].id = id1;
    pg->hits[0].title = title1;
    pg->hits[0].date = date1;
    pg->hits[0].source = src1;
    pg->hits[0].url = url1;
    pg->hits[0].path = none;
    pg->hits[0].lang = lang1;
    pg->hits[0].snippet = snip1;
    pg->hits[0].snippet_len = strlen(snip1);
    pg->hits[0].highlights = pg->hl;
    pg->hits[0].n_highlights = 2;
    pg->hits[0].duplicates = 3;
    pg->hits[1].rank = 2;
    pg->hits[1].id = id2;
    pg->hits[1].title = title2;
    pg->hits[1].date = date2;
    pg->hits[1].source = src2;
    pg->hits[1].url = url2;
    pg->hits[1].path = none;
    pg->hits[1].lang = lang2;
    pg->hits[1].snippet = snip2;
    pg->hits[1].snippet_len = strlen(snip2);
    pg->sources[0].value = fv_src1;
    pg->sources[0].count = 1200;
    pg->sources[1].value = fv_src2;
    pg->sources[1].count = 3;
    pg->langs[0].value = fv_kk;
    pg->langs[0].count = 7;
    pg->langs[1].value = fv_en;
    pg->langs[1].count = 5;
    pg->months[0].value = fv_m1;
    pg->months[0].count = 9;
    pg->months[1].value = fv_m2;
    pg->months[1].count = 4;
    pg->months[2].value = fv_m3;
    pg->months[2].count = 1;
    pg->res.query = pg->p.q;
    pg->res.total = pg->res.total_lower = pg->res.total_upper = 2;
    pg->res.offset = (size_t)(pg->p.page - 1) * DL_CGI_PAGE_SIZE;
    pg->res.hits = pg->hits;
    pg->res.n_hits = 2;
    pg->res.has_facets = true;
    pg->res.facets[0].name = "source";
    pg->res.facets[0].v = pg->sources;
    pg->res.facets[0].n = 2;
    pg->res.facets[1].name = "month";
    pg->res.facets[1].v = pg->months;
    pg->res.facets[1].n = 3;
    pg->res.facets[2].name = "lang";
    pg->res.facets[2].v = pg->langs;
    pg->res.facets[2].n = 2;
    pg->res.took_ms = 1.5;
    dl_buf_init(&pg->out);
}

static void
page_free(struct page *pg)
{
    dl_cgi_params_free(&pg->p);
    dl_buf_free(&pg->out);
}

/* Render kind over pg into pg->out, NUL-terminated. */
static const char *
render(struct page *pg, enum dl_html_kind kind, const struct dl_view *art,
       const char *msg, size_t errpos)
{
    struct dl_html_view v;
    memset(&v, 0, sizeof v);
    v.kind = kind;
    v.params = &pg->p;
    v.res = kind == DL_HTML_RESULTS ? &pg->res : NULL;
    v.art = art;
    v.message = msg;
    v.errpos = errpos;
    dl_buf_reset(&pg->out);
    assert_int_equal(dl_render_html(&v, &pg->out), DL_OK);
    assert_int_equal(dl_buf_putc(&pg->out, '\0'), DL_OK);
    return pg->out.data;
}

static void
has(const char *page, const char *want)
{
    if (strstr(page, want) == NULL)
        fail_msg("the page lacks '%s'", want);
}

static void
lacks(const char *page, const char *bad)
{
    if (strstr(page, bad) != NULL)
        fail_msg("the page holds '%s'", bad);
}

/* Every href="?..." of page, read back by the request's parser; returns
 * how many there were. */
static size_t
links_parse_back(const char *page)
{
    const char *at;
    size_t links = 0;
    for (at = strstr(page, "href=\"?"); at != NULL;
         at = strstr(at, "href=\"?")) {
        const char *end;
        struct dl_cgi_params back;
        dl_buf link = DL_BUF_INIT;
        dl_err err;
        at += 7;
        end = strchr(at, '"');
        assert_non_null(end);
        /* A fragment is the browser's, never sent. */
        if (memchr(at, '#', (size_t)(end - at)) != NULL)
            end = memchr(at, '#', (size_t)(end - at));
        while (at < end) {
            bool amp = strncmp(at, "&amp;", 5) == 0;
            /* Only the separators need an entity: nothing else may be
             * raw markup inside the attribute. */
            assert_true(amp || (*at != '&' && *at != '"' && *at != '<' &&
                                *at != '>' && *at != '\''));
            assert_int_equal(dl_buf_putc(&link, amp ? '&' : *at), DL_OK);
            at += amp ? 5 : 1;
        }
        dl_cgi_params_init(&back);
        if (dl_cgi_params_parse(link.data != NULL ? link.data : "", link.len,
                                &back, &err) != DL_OK)
            fail_msg("the page links to '%.120s', which it refuses: %s",
                     link.data, err.msg);
        dl_cgi_params_free(&back);
        dl_buf_free(&link);
        links++;
    }
    return links;
}

static void
results_page_shows_hits_with_marks_dates_and_links(void **state)
{
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "q=grain+harvest");
    h = render(&pg, DL_HTML_RESULTS, NULL, NULL, DL_HTML_NO_POS);
    has(h, "<!DOCTYPE html>");
    has(h, "<title>grain harvest - Dateline news search</title>");
    has(h, "value=\"grain harvest\"");
    has(h, "Results 1&ndash;2 of 2 articles for <strong>grain "
           "harvest</strong>");
    has(h, "<ol class=\"hits\" start=\"1\">");
    has(h, "cut its <mark>grain</mark> <mark>harvest</mark> forecast");
    /* Title to the article's own address, escaped. */
    has(h, "<a href=\"https://steppe.example/grain?a=1&amp;b=2\" "
           "rel=\"noreferrer nofollow\">Kazakhstan cuts");
    has(h, "<time datetime=\"2021-10-05\">5 Oct 2021</time>");
    has(h, "<time datetime=\"2020-03\">Mar 2020</time>");
    has(h, "&middot; Kazakh");
    has(h, "<a href=\"?show=steppe%2Fgrain.txt&amp;q=grain+harvest\">"
           "Archived copy</a>");
    has(h, "<a href=\"?show=steppe%2Fgrain.txt&amp;q=grain+harvest#similar\">"
           "3 similar articles</a>");
    /* A javascript: URL is not linked; the title goes to the copy. */
    lacks(h, "javascript:");
    has(h, "<a href=\"?show=baltic%2Ftea.txt&amp;q=grain+harvest\">Tea "
           "prices</a>");
    /* Sort links, the current one not linked. */
    has(h, "<span aria-current=\"true\">Relevance</span>");
    has(h, "<a href=\"?q=grain+harvest&amp;sort=newest\">Newest first</a>");
    /* One page: no pager. */
    lacks(h, "<nav class=\"pages\"");
    /* The exports of the search, and the head's links for browsers. */
    has(h, "<a href=\"?q=grain+harvest&amp;format=csv\">CSV of these "
           "results</a>");
    has(h, "<a href=\"?q=grain+harvest&amp;format=atom\">Atom feed of this "
           "search</a>");
    has(h, "<link rel=\"alternate\" type=\"application/atom+xml\" "
           "title=\"Feed of this search\" "
           "href=\"?q=grain+harvest&amp;format=atom\">");
    has(h, "<link rel=\"search\" "
           "type=\"application/opensearchdescription+xml\" "
           "title=\"Dateline\" href=\"?format=opensearch\">");
    assert_true(links_parse_back(h) >= 12);
    page_free(&pg);
}

static void
facets_list_values_as_filters_and_the_timeline_draws_months(void **state)
{
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "q=grain&source=Steppe+Wire");
    h = render(&pg, DL_HTML_RESULTS, NULL, NULL, DL_HTML_NO_POS);
    has(h, "<aside aria-label=\"Refine\">");
    /* The active source marked, not linked; the other a filter link. */
    has(h, "<strong aria-current=\"true\">Steppe Wire</strong> "
           "<span class=\"n\">1,200</span>");
    has(h, "<a href=\"?q=grain&amp;source=Baltic+Morning\">Baltic "
           "Morning</a>");
    /* Languages by name. */
    has(h, "<a href=\"?q=grain&amp;source=Steppe+Wire&amp;lang=kk\">"
           "Kazakh</a>");
    /* Months newest first, each a from..to filter. */
    has(h, "<a href=\"?q=grain&amp;source=Steppe+Wire&amp;from=2021-10&amp;"
           "to=2021-10\">Oct 2021</a>");
    assert_true(strstr(h, "Oct 2021</a>") < strstr(h, "Aug 2021</a>"));
    assert_true(strstr(h, "Aug 2021</a>") < strstr(h, "Mar 2020</a>"));
    /* The filter is listed with a link that removes it. */
    has(h, "Filtered by source <strong>Steppe Wire</strong> (<a "
           "href=\"?q=grain\">remove</a>)");
    /* The timeline: Mar 2020 to Oct 2021, 20 months, the peak named. */
    has(h, "<svg role=\"img\"");
    has(h, "viewBox=\"0 0 200 100\"");
    has(h, "<desc id=\"tl-d\">From Mar 2020 to Oct 2021; most in Oct 2021 "
           "(9).</desc>");
    has(h, "<title>Oct 2021: 9 matches</title>");
    has(h, "<title>Mar 2020: 1 match</title>");
    has(h, "<title>Apr 2020: 0 matches</title>");
    links_parse_back(h);
    page_free(&pg);
}

static void
pager_links_neighbours_first_and_last_pages(void **state)
{
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "q=grain&page=10&sort=newest");
    pg.res.total = pg.res.total_lower = pg.res.total_upper = 5000;
    h = render(&pg, DL_HTML_RESULTS, NULL, NULL, DL_HTML_NO_POS);
    has(h, "Results 91&ndash;92 of 5,000 articles");
    has(h, "<ol class=\"hits\" start=\"91\">");
    has(h, "<nav class=\"pages\" aria-label=\"Pages\">");
    has(h, "<a href=\"?q=grain&amp;sort=newest&amp;page=9\" rel=\"prev\">"
           "&larr; Previous</a>");
    has(h, "<a href=\"?q=grain&amp;sort=newest&amp;page=11\" rel=\"next\">"
           "Next &rarr;</a>");
    has(h, "<a href=\"?q=grain&amp;sort=newest\">1</a>");
    has(h, "<span aria-current=\"page\">10</span>");
    has(h, "<a href=\"?q=grain&amp;sort=newest&amp;page=6\">6</a>");
    lacks(h, "page=5\"");
    has(h, "<a href=\"?q=grain&amp;sort=newest&amp;page=14\">14</a>");
    lacks(h, "page=15\"");
    has(h, "<li><span>&hellip;</span></li>");
    /* The last page is capped where the parser stops taking pages. */
    {
        char last[64];
        snprintf(last, sizeof last, "page=%u\">%u</a>", DL_CGI_MAX_PAGE,
                 DL_CGI_MAX_PAGE);
        has(h, last);
    }
    assert_true(links_parse_back(h) >= 14);
    page_free(&pg);
}

static void
no_hits_gives_advice_and_a_link_without_the_filters(void **state)
{
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "q=xyzzy&lang=kk&from=2020");
    pg.res.total = pg.res.total_lower = pg.res.total_upper = 0;
    pg.res.n_hits = 0;
    pg.res.has_facets = false;
    h = render(&pg, DL_HTML_RESULTS, NULL, NULL, DL_HTML_NO_POS);
    has(h, "<h1>No articles found</h1>");
    has(h, "Nothing in the archive matches <strong>xyzzy</strong>");
    has(h, "<a href=\"?q=xyzzy\">Search without the filters</a>");
    lacks(h, "<ol class=\"hits\"");
    links_parse_back(h);
    page_free(&pg);

    /* Past the last page: say so, link the first. */
    page_init(&pg, "q=grain&page=3");
    pg.res.n_hits = 0;
    h = render(&pg, DL_HTML_RESULTS, NULL, NULL, DL_HTML_NO_POS);
    has(h, "There are no results on page 3. <a href=\"?q=grain\">Go to the "
           "first page</a>");
    links_parse_back(h);
    page_free(&pg);
}

static void
article_view_shows_text_marks_metadata_and_similar(void **state)
{
    static char body[] = "Kazakhstan cut its grain forecast.\n"
                         "Subscribe to our newsletter.";
    static char rid[] = "caspian/grain.txt";
    static char rtitle[] = "Grain forecast cut";
    static char rdate[] = "2021-10-04";
    static char rsrc[] = "Caspian Daily";
    static char origin[] = "metadata";
    static char author[] = "A. Writer";
    static char url[] = "ftp://old.example/x";
    struct dl_view_para paras[2];
    struct dl_view_rel rel;
    size_t para_hl[1][2] = {{19, 24}};
    size_t title_hl[1][2] = {{16, 21}};
    struct dl_view a;
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "show=steppe%2Fgrain.txt&q=grain");
    memset(&a, 0, sizeof a);
    memset(paras, 0, sizeof paras);
    a.id = id1;
    a.title = title1;
    a.date = date1;
    a.date_origin = origin;
    a.source = src1;
    a.author = author;
    a.url = url;
    a.lang = lang1;
    a.path = none;
    a.title_hl = title_hl;
    a.n_title_hl = 1;
    a.cluster_key = none;
    a.cluster_size = 3;
    rel.id = rid;
    rel.title = rtitle;
    rel.date = rdate;
    rel.source = rsrc;
    a.rel = &rel;
    a.n_rel = 1;
    a.body = body;
    a.body_len = strlen(body);
    paras[0].start = 0;
    paras[0].len = 34;
    paras[0].hl = para_hl;
    paras[0].n_hl = 1;
    paras[1].start = 35;
    paras[1].len = strlen(body) - 35;
    paras[1].boilerplate = true;
    a.paras = paras;
    a.n_paras = 2;
    a.truncated = true;
    h = render(&pg, DL_HTML_ARTICLE, &a, NULL, DL_HTML_NO_POS);
    has(h, "<title>Kazakhstan cuts grain harvest forecast - Dateline");
    has(h, "Skip to the article");
    has(h, "<a href=\"?q=grain\">&larr; Results for <strong>grain</strong>"
           "</a>");
    has(h, "<h1>Kazakhstan cuts <mark>grain</mark> harvest forecast</h1>");
    has(h, "<time datetime=\"2021-10-05\">5 Oct 2021</time> (date from the "
           "article's metadata) &middot; Steppe Wire &middot; by A. Writer "
           "&middot; Kazakh");
    has(h, "Original address (not a web link): ftp://old.example/x");
    has(h, "Archived as <code>steppe/grain.txt</code>");
    has(h, "<p>Kazakhstan cut its <mark>grain</mark> forecast.</p>");
    has(h, "<p class=\"bp\"><span class=\"bpl\">Boilerplate:</span>"
           "Subscribe to our newsletter.</p>");
    has(h, "The archive keeps the first");
    has(h, "<section id=\"similar\">\n<h2>2 similar articles</h2>");
    has(h, "<a href=\"?show=caspian%2Fgrain.txt&amp;q=grain\">Grain forecast "
           "cut</a>");
    has(h, "and 1 more, not listed.");
    /* The OpenSearch description in the head, the brand, the way back,
     * the similar article. */
    assert_int_equal(links_parse_back(h), 4);
    page_free(&pg);
}

static void
small_pages_say_what_happened(void **state)
{
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "q=grain+(harvest");
    h = render(&pg, DL_HTML_BAD_QUERY, NULL, "unbalanced bracket", 6);
    has(h, "<h1>This search cannot be run as written</h1>");
    has(h, "unbalanced bracket");
    has(h, "<code>grain <mark>(harvest</mark></code>");
    has(h, "<h2>How to write a search</h2>");
    h = render(&pg, DL_HTML_TOO_EXPENSIVE, NULL, "wildcards match more",
               DL_HTML_NO_POS);
    has(h, "<h1>This search is too expensive</h1>");
    has(h, "This search was stopped: wildcards match more.");
    h = render(&pg, DL_HTML_ERROR, NULL, "secret detail", DL_HTML_NO_POS);
    has(h, "<h1>Something went wrong</h1>");
    lacks(h, "secret detail");
    h = render(&pg, DL_HTML_BAD_PARAM, NULL, "page must be 1 to 100",
               DL_HTML_NO_POS);
    has(h, "<h1>This address cannot be searched</h1>");
    has(h, "page must be 1 to 100");
    h = render(&pg, DL_HTML_HOME, NULL, NULL, DL_HTML_NO_POS);
    has(h, "<h1>Search the news archive</h1>");
    page_free(&pg);

    page_init(&pg, "show=gone.txt&q=grain");
    h = render(&pg, DL_HTML_NOT_FOUND, NULL, NULL, DL_HTML_NO_POS);
    has(h, "<h1>No such article</h1>");
    has(h, "has the id <code>gone.txt</code>");
    has(h, "<a href=\"?q=grain\">Search for <strong>grain</strong></a> "
           "again");
    links_parse_back(h);
    page_free(&pg);
}

static void
hostile_fields_are_escaped_wherever_they_land(void **state)
{
    static char t[] = "<script>alert(1)</script>";
    static char s[] = "\"><svg onload=alert(1)>";
    static char u[] = "https://x.example/\"onmouseover='a'<b>";
    static char sn[] = "a <b>bold</b> & \x01\xC2\x85 claim";
    static char l[] = "x\"y";
    static char fv[] = "'><img src=x>";
    struct page pg;
    const char *h;
    (void)state;
    page_init(&pg, "q=%22%3E%3Cscript%3E+%26+%27x%27");
    pg.hits[0].title = t;
    pg.hits[0].source = s;
    pg.hits[0].url = u;
    pg.hits[0].snippet = sn;
    pg.hits[0].snippet_len = strlen(sn);
    pg.hits[0].n_highlights = 0;
    pg.hits[0].lang = l;
    pg.sources[1].value = fv;
    h = render(&pg, DL_HTML_RESULTS, NULL, NULL, DL_HTML_NO_POS);
    lacks(h, "<script");
    lacks(h, "<svg onload");
    lacks(h, "<img");
    lacks(h, "<b>");
    lacks(h, "\x01");
    lacks(h, "\xC2\x85");
    has(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
    has(h, "&quot;&gt;&lt;svg onload=alert(1)&gt;");
    has(h, "a &lt;b&gt;bold&lt;/b&gt; &amp;  claim");
    has(h, "value=\"&quot;&gt;&lt;script&gt; &amp; &#39;x&#39;\"");
    /* The article URL: quotes and brackets percent-encoded. */
    has(h, "href=\"https://x.example/%22onmouseover=%27a%27%3Cb%3E\"");
    has(h, "&#39;&gt;&lt;img src=x&gt;");
    has(h, "x&quot;y");
    links_parse_back(h);
    page_free(&pg);
}

static void
every_allocation_failure_is_reported_and_leaks_nothing(void **state)
{
    struct page pg;
    long n;
    (void)state;
    page_init(&pg, "q=grain&source=Steppe+Wire&page=2");
    pg.res.total = pg.res.total_lower = pg.res.total_upper = 300;
    for (n = 0; n < 5000; n++) {
        struct dl_html_view v;
        dl_buf out = DL_BUF_INIT;
        long before = dl_alloc_injected_failures();
        dl_status st;
        memset(&v, 0, sizeof v);
        v.kind = DL_HTML_RESULTS;
        v.params = &pg.p;
        v.res = &pg.res;
        v.errpos = DL_HTML_NO_POS;
        dl_alloc_fail_after(n, 0);
        st = dl_render_html(&v, &out);
        dl_alloc_fail_after(-1, 0);
        dl_buf_free(&out);
        if (dl_alloc_injected_failures() == before) {
            assert_int_equal(st, DL_OK);
            page_free(&pg);
            return;
        }
        assert_int_equal(st, DL_ENOMEM);
    }
    fail_msg("the page never rendered without a failure");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_page_shows_hits_with_marks_dates_and_links),
        cmocka_unit_test(
            facets_list_values_as_filters_and_the_timeline_draws_months),
        cmocka_unit_test(pager_links_neighbours_first_and_last_pages),
        cmocka_unit_test(no_hits_gives_advice_and_a_link_without_the_filters),
        cmocka_unit_test(article_view_shows_text_marks_metadata_and_similar),
        cmocka_unit_test(small_pages_say_what_happened),
        cmocka_unit_test(hostile_fields_are_escaped_wherever_they_land),
        cmocka_unit_test(
            every_allocation_failure_is_reported_and_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
