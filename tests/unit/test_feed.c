/* test_feed.c - XML escaping (xml_escape.h) and the Atom feed and
 * OpenSearch description built on it (render_feed.h): hostile text is
 * escaped, characters XML forbids are replaced, dates become RFC 3339,
 * ids are stable tag URIs, links take the article's URL or its view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dl_buf.h"
#include "render_feed.h"
#include "search.h"
#include "xml_escape.h"

/* s escaped, as a NUL-terminated string in b. */
static const char *
escaped(dl_buf *b, const char *s, size_t len)
{
    dl_buf_reset(b);
    assert_int_equal(dl_xml_escape(b, s, len), DL_OK);
    assert_int_equal(dl_buf_putc(b, '\0'), DL_OK);
    return b->data;
}

static void
test_markup_characters_become_entities(void **state)
{
    dl_buf b = DL_BUF_INIT;
    const char *s = "<a href=\"x\">Tom & 'Jerry'</a> ]]> end";
    (void)state;
    assert_string_equal(escaped(&b, s, strlen(s)),
                        "&lt;a href=&quot;x&quot;&gt;Tom &amp; "
                        "&apos;Jerry&apos;&lt;/a&gt; ]]&gt; end");
    dl_buf_free(&b);
}

static void
test_forbidden_characters_are_replaced(void **state)
{
    dl_buf b = DL_BUF_INIT;
    /* NUL, ESC, BEL, VT and FF are not XML characters; tab and LF are,
     * CR is kept as a reference; U+FFFE and U+FFFF are not; bytes that
     * are not UTF-8 become U+FFFD each. */
    const char s[] = "a\0b\x1b[1m\x07\x0b\x0c\tc\nd\re\xEF\xBF\xBE\xEF\xBF\xBF"
                     "\xFF\xC3(";
    (void)state;
    assert_string_equal(escaped(&b, s, sizeof s - 1),
                        "a\xEF\xBF\xBD"
                        "b\xEF\xBF\xBD[1m\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "\tc\nd&#13;e\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "\xEF\xBF\xBD(");
    dl_buf_free(&b);
}

static void
test_other_text_passes_unchanged(void **state)
{
    dl_buf b = DL_BUF_INIT;
    const char *s = "Нефть 石油 \xEF\xBF\xBD \xC2\x85 é";
    (void)state;
    assert_string_equal(escaped(&b, s, strlen(s)), s);
    dl_buf_free(&b);
}

static void
test_base_addresses_checked(void **state)
{
    (void)state;
    assert_true(dl_feed_base_ok("https://news.example.org/"));
    assert_true(dl_feed_base_ok("http://host:8080/cgi-bin/dateline.cgi"));
    assert_false(dl_feed_base_ok(""));
    assert_false(dl_feed_base_ok("news.example.org"));
    assert_false(dl_feed_base_ok("javascript:alert(1)"));
    assert_false(dl_feed_base_ok("https:///path"));
    assert_false(dl_feed_base_ok("https://h/?q=x"));
    assert_false(dl_feed_base_ok("https://h/#top"));
    assert_false(dl_feed_base_ok("https://h/\"><x"));
    assert_false(dl_feed_base_ok("https://h/a b"));
}

static void
test_query_string_encodes_every_parameter(void **state)
{
    dl_buf b = DL_BUF_INIT;
    struct dl_feed_search fs;
    (void)state;
    memset(&fs, 0, sizeof fs);
    fs.q = "oil & \"gas\"";
    fs.q_len = strlen(fs.q);
    fs.source = "A&B";
    fs.from = "2020-01";
    assert_int_equal(dl_feed_query_string(&fs, "atom", &b), DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    assert_string_equal(b.data, "q=oil+%26+%22gas%22&source=A%26B&from=2020-01"
                                "&format=atom");
    dl_buf_free(&b);
}

/* A hit of a made-up result; strings are borrowed (never freed here). */
static struct dl_result_hit
made_hit(const char *id, const char *title, const char *date, const char *url,
         const char *snippet)
{
    struct dl_result_hit h;
    memset(&h, 0, sizeof h);
    h.id = (char *)(uintptr_t)id;
    h.title = (char *)(uintptr_t)title;
    h.date = (char *)(uintptr_t)date;
    h.source = (char *)(uintptr_t) "Wire <b>";
    h.url = (char *)(uintptr_t)url;
    h.path = h.id;
    h.lang = (char *)(uintptr_t) "en";
    h.snippet = (char *)(uintptr_t)snippet;
    h.snippet_len = strlen(snippet);
    return h;
}

static void
test_atom_feed_has_escaped_entries(void **state)
{
    struct dl_result_hit hits[3];
    struct dl_result res;
    struct dl_feed_search fs;
    dl_buf b = DL_BUF_INIT;
    const char *f;
    (void)state;
    hits[0] = made_hit("a/b c.txt", "<script>x</script>", "2021-03-04",
                       "https://e.org/a?x=1&y=2", "one ]]> two");
    hits[1] = made_hit("feed.jsonl#3", "Month \x01only", "2020-05",
                       "javascript:alert(1)", "s");
    hits[2] = made_hit("undated.txt", "", "", "", "");
    memset(&res, 0, sizeof res);
    res.hits = hits;
    res.n_hits = 3;
    memset(&fs, 0, sizeof fs);
    fs.q = "a<b";
    fs.q_len = 3;
    assert_int_equal(dl_render_atom(&res, &fs, "https://n.example/", &b),
                     DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    f = b.data;
    assert_non_null(strstr(f, "<title type=\"text\">Dateline: a&lt;b</title>"));
    assert_non_null(strstr(f, "<id>tag:dateline,2026:search?q=a%3Cb</id>"));
    assert_non_null(strstr(f, "<updated>2021-03-04T00:00:00Z</updated>\n<link "
                              "rel=\"self\" type=\"application/atom+xml\" "
                              "href=\"https://n.example/?q=a%3Cb&amp;"
                              "format=atom\"/>"));
    assert_non_null(strstr(f, "<title type=\"text\">&lt;script&gt;x&lt;/"
                              "script&gt;</title>"));
    assert_non_null(strstr(f, "href=\"https://e.org/a?x=1&amp;y=2\""));
    assert_non_null(
        strstr(f, "<id>tag:dateline,2026:article:a%2Fb+c.txt</id>"));
    assert_non_null(strstr(f, "<summary type=\"text\">one ]]&gt; "
                              "two</summary>"));
    assert_non_null(strstr(f, "<name>Wire &lt;b&gt;</name>"));
    /* A month alone: its first day; no http(s) URL: the archived copy. */
    assert_non_null(strstr(f, "Month \xEF\xBF\xBDonly"));
    assert_non_null(strstr(f, "<updated>2020-05-01T00:00:00Z</updated>"));
    assert_non_null(
        strstr(f, "href=\"https://n.example/?show=feed.jsonl%233\""));
    assert_null(strstr(f, "javascript:"));
    /* Undated and untitled. */
    assert_non_null(strstr(f, "<title type=\"text\">(untitled)</title>"));
    assert_non_null(strstr(f, "<updated>1970-01-01T00:00:00Z</updated>"));
    dl_buf_free(&b);
}

static void
test_opensearch_templates(void **state)
{
    dl_buf b = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_render_opensearch("https://n.example/s", &b), DL_OK);
    assert_int_equal(dl_buf_putc(&b, '\0'), DL_OK);
    assert_non_null(strstr(b.data, "<Url type=\"text/html\" method=\"get\" "
                                   "template=\"https://n.example/s?q="
                                   "{searchTerms}\"/>"));
    assert_non_null(strstr(b.data, "template=\"https://n.example/s?q="
                                   "{searchTerms}&amp;format=atom\""));
    dl_buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup_characters_become_entities),
        cmocka_unit_test(test_forbidden_characters_are_replaced),
        cmocka_unit_test(test_other_text_passes_unchanged),
        cmocka_unit_test(test_base_addresses_checked),
        cmocka_unit_test(test_query_string_encodes_every_parameter),
        cmocka_unit_test(test_atom_feed_has_escaped_entries),
        cmocka_unit_test(test_opensearch_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
