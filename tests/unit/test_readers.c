/* test_readers.c - the article readers: text, HTML, JSON Lines, gzip.
 *
 * Fixtures are written here, in memory or into a temporary directory, so
 * every case states its input next to what it expects.  Callbacks copy each
 * article and warning into a capture, so tests check exactly what the
 * pipeline would receive (reason keys and line numbers included).  When
 * the shared research corpora are present (DL_CORPORA, default
 * $top_srcdir/../shared/corpora), the last tests read real files from them;
 * they skip when the corpora are absent.
 */
#include "config.h"

#include <dirent.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "article.h"
#include "dl_alloc.h"
#include "html_title.h"
#include "reader.h"

#define MAX_ARTS 64
#define MAX_WARNS 64

struct art {
    char *title, *body, *source, *author, *url, *lang;
    struct dl_date date;
    const char *date_origin;
    unsigned long record;
    unsigned long line;
    const char *charset;
    size_t body_cut_from;
};

struct warning {
    char reason[32];
    char path[256];
    char msg[512];
    unsigned long line;
};

struct capture {
    struct art arts[MAX_ARTS];
    size_t n_arts;      /* kept (at most MAX_ARTS) */
    unsigned long seen; /* emitted in all */
    struct warning warns[MAX_WARNS];
    size_t n_warns;
    unsigned long warn_seen;
    unsigned long reasons_empty;
    unsigned long reasons_bad_json;
    bool copy; /* false: only count (corpus runs) */
};

static char *
dup_buf(const dl_buf *b)
{
    assert_non_null(b->data); /* readers promise C strings */
    return strdup(b->data);
}

static dl_status
on_article(void *ctx, struct dl_article *a)
{
    struct capture *c = ctx;
    struct art *o;

    c->seen++;
    if (!c->copy || c->n_arts >= MAX_ARTS)
        return DL_OK;
    o = &c->arts[c->n_arts++];
    o->title = dup_buf(&a->title);
    o->body = dup_buf(&a->body);
    o->source = dup_buf(&a->source);
    o->author = dup_buf(&a->author);
    o->url = dup_buf(&a->url);
    o->lang = dup_buf(&a->lang);
    o->date = a->date;
    o->date_origin = a->date_origin;
    o->record = a->record;
    o->line = a->line;
    o->charset = a->charset;
    o->body_cut_from = a->body_cut_from;
    return DL_OK;
}

static void
on_warn(void *ctx, const char *path, unsigned long line, const char *reason,
        const char *msg)
{
    struct capture *c = ctx;
    struct warning *w;

    c->warn_seen++;
    if (strcmp(reason, "empty") == 0)
        c->reasons_empty++;
    if (strcmp(reason, "bad-json") == 0)
        c->reasons_bad_json++;
    if (c->n_warns >= MAX_WARNS)
        return;
    w = &c->warns[c->n_warns++];
    snprintf(w->reason, sizeof w->reason, "%s", reason);
    snprintf(w->path, sizeof w->path, "%s", path);
    snprintf(w->msg, sizeof w->msg, "%s", msg);
    w->line = line;
}

static void
capture_init(struct capture *c)
{
    memset(c, 0, sizeof *c);
    c->copy = true;
}

static void
capture_free(struct capture *c)
{
    size_t i;
    for (i = 0; i < c->n_arts; i++) {
        free(c->arts[i].title);
        free(c->arts[i].body);
        free(c->arts[i].source);
        free(c->arts[i].author);
        free(c->arts[i].url);
        free(c->arts[i].lang);
    }
    memset(c, 0, sizeof *c);
}

static bool
has_warning(const struct capture *c, const char *reason, unsigned long line)
{
    size_t i;
    for (i = 0; i < c->n_warns; i++) {
        if (strcmp(c->warns[i].reason, reason) == 0 && c->warns[i].line == line)
            return true;
    }
    return false;
}

static void
read_text(const char *bytes, size_t len, struct capture *c)
{
    struct dl_read_opts o;
    dl_read_opts_init(&o);
    capture_init(c);
    assert_int_equal(
        dl_read_text("t.txt", bytes, len, &o, on_article, on_warn, c, NULL),
        DL_OK);
}

static void
read_html(const char *bytes, size_t len, struct capture *c)
{
    struct dl_read_opts o;
    dl_read_opts_init(&o);
    capture_init(c);
    assert_int_equal(
        dl_read_html("p.html", bytes, len, &o, on_article, on_warn, c, NULL),
        DL_OK);
}

/* UTF-8 to another charset with the C library's iconv, so fixtures in
 * legacy encodings are written readably here. */
static char *
to_charset(const char *utf8, const char *charset, size_t *len)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    size_t inleft = strlen(utf8);
    size_t outleft = inleft * 2 + 1;
    char *out = calloc(1, outleft);
    char *in = (char *)(uintptr_t)utf8;
    char *op = out;

    assert_true(cd != (iconv_t)-1);
    assert_non_null(out);
    assert_int_not_equal(iconv(cd, &in, &inleft, &op, &outleft), (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(op - out);
    return out;
}

/* ---- plain text ------------------------------------------------------- */

static void
text_header_block_fills_every_field(void **state)
{
    static const char in[] = "Title:  Oil prices   rise\n"
                             "Date: 2020-11-13T08:00:00Z\n"
                             "Source: Reuters\n"
                             "Author: Jane Doe\n"
                             "X-Desk: markets\n"
                             "URL: https://example.com/oil\n"
                             "Language: en-GB\n"
                             "\n"
                             "LONDON - Oil rose on Friday as\n"
                             "traders bet on demand.\n"
                             "\n"
                             "Brent gained 2%.\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Oil prices rise");
    assert_string_equal(c.arts[0].source, "Reuters");
    assert_string_equal(c.arts[0].author, "Jane Doe");
    assert_string_equal(c.arts[0].url, "https://example.com/oil");
    assert_string_equal(c.arts[0].lang, "en-GB");
    assert_string_equal(c.arts[0].body, "LONDON - Oil rose on Friday as "
                                        "traders bet on demand.\n"
                                        "Brent gained 2%.");
    assert_int_equal(c.arts[0].date.year, 2020);
    assert_int_equal(c.arts[0].date.month, 11);
    assert_int_equal(c.arts[0].date.day, 13);
    assert_string_equal(c.arts[0].date_origin, "metadata");
    assert_int_equal(c.arts[0].record, 0);
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
}

static void
text_header_keys_ignore_case_and_title_falls_to_first_line(void **state)
{
    static const char in[] = "LANG: fr\r\n"
                             "DATE: 22 May 2012\r\n"
                             "\r\n"
                             "Lancement reussi\r\n"
                             "\r\n"
                             "La fusee a decolle.\r\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].lang, "fr");
    assert_string_equal(c.arts[0].title, "Lancement reussi");
    assert_string_equal(c.arts[0].body, "La fusee a decolle.");
    assert_int_equal(c.arts[0].date.year, 2012);
    assert_int_equal(c.arts[0].date.month, 5);
    assert_int_equal(c.arts[0].date.day, 22);
    capture_free(&c);
}

static void
text_first_line_is_title_and_wire_paragraphs_are_kept(void **state)
{
    /* The layout of the BBC and Reuters-21578 text files: title, blank
     * line, body; Reuters wraps lines and indents new paragraphs. */
    static const char in[] = "\n\nBAHIA COCOA REVIEW\n"
                             "\n"
                             "Showers continued throughout the week in\n"
                             "the Bahia cocoa zone.\n"
                             "    The dry period means the temporao will\n"
                             "be late this year.\n"
                             " Reuter\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "BAHIA COCOA REVIEW");
    assert_string_equal(c.arts[0].body,
                        "Showers continued throughout the week in the Bahia "
                        "cocoa zone.\nThe dry period means the temporao "
                        "will be late this year.\nReuter");
    assert_int_equal(c.arts[0].date.year, 0);
    assert_null(c.arts[0].date_origin);
    assert_string_equal(c.arts[0].lang, "");
    capture_free(&c);
}

static void
text_without_paragraph_marks_has_one_paragraph_per_line(void **state)
{
    /* A page saved as text: no blank line and no indent in the body, so
     * each line is a paragraph, and the site's footer line stays apart
     * from the story (boilerplate is learned per paragraph). */
    static const char in[] = "Grain harvest hits record\n"
                             "\n"
                             "Farmers gathered a record wheat crop.\n"
                             "Exports are expected to rise.\n"
                             "Get our stories sent directly to you!\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Grain harvest hits record");
    assert_string_equal(c.arts[0].body,
                        "Farmers gathered a record wheat crop.\n"
                        "Exports are expected to rise.\n"
                        "Get our stories sent directly to you!");
    capture_free(&c);
}

static void
text_headline_with_colon_is_not_a_header(void **state)
{
    static const char in[] = "Update: talks resume in Geneva\n\nBody.\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Update: talks resume in Geneva");
    assert_string_equal(c.arts[0].body, "Body.");
    capture_free(&c);
}

static void
text_paragraph_first_line_stays_in_body(void **state)
{
    char in[1200];
    struct capture c;
    size_t i;
    (void)state;
    /* 100 words on one line, as FactRuEval's untitled texts start. */
    for (i = 0; i < 100; i++)
        memcpy(in + 5 * i, "word ", 5);
    memcpy(in + 500, "\n\nSecond.\n", 10);
    read_text(in, 510, &c);
    assert_int_equal(c.n_arts, 1);
    assert_true(strlen(c.arts[0].title) <= 300);
    assert_non_null(strstr(c.arts[0].title, "\xE2\x80\xA6"));
    assert_int_equal(strncmp(c.arts[0].body, "word word", 9), 0);
    assert_non_null(strstr(c.arts[0].body, "\nSecond."));
    capture_free(&c);
}

static void
text_single_line_is_a_headline_only_article(void **state)
{
    static const char in[] = "Markets closed for the holiday\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Markets closed for the holiday");
    assert_string_equal(c.arts[0].body, "");
    capture_free(&c);
}

static void
text_header_with_title_and_no_body_is_an_article(void **state)
{
    static const char flash[] = "Title: U.S. TAX WRITERS SEEK ESTATE TAX "
                                "CURBS\nDate: 1987-03-02\n\n\n";
    static const char neither[] = "Date: 1987-03-02\nSource: Wire\n\n \n";
    struct capture c;
    (void)state;
    read_text(flash, sizeof flash - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title,
                        "U.S. TAX WRITERS SEEK ESTATE TAX CURBS");
    assert_string_equal(c.arts[0].body, "");
    assert_int_equal(c.arts[0].date.year, 1987);
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
    read_text(neither, sizeof neither - 1, &c);
    assert_int_equal(c.n_arts, 0);
    assert_true(has_warning(&c, "empty", 0));
    assert_string_equal(c.warns[0].path, "t.txt");
    capture_free(&c);
}

static void
text_cp1251_without_declaration_decodes(void **state)
{
    static const char utf8[] =
        "Переговоры продолжатся\n\n"
        "Президент России заявил в пятницу, что переговоры с соседними "
        "странами продолжатся на следующей неделе в Москве. Министр "
        "иностранных дел подтвердил это сообщение журналистам.\n";
    struct capture c;
    size_t len;
    char *bytes = to_charset(utf8, "CP1251", &len);
    (void)state;
    read_text(bytes, len, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Переговоры продолжатся");
    assert_non_null(strstr(c.arts[0].body, "Президент России заявил"));
    assert_non_null(c.arts[0].charset);
    assert_string_equal(c.arts[0].charset, "windows-1251");
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
    free(bytes);
}

static void
text_charset_header_is_used_for_decoding(void **state)
{
    static const char utf8[] = "Charset: KOI8-R\nTitle: Новости\n\n"
                               "Ещё одна новость.\n";
    struct capture c;
    size_t len;
    char *bytes = to_charset(utf8, "KOI8-R", &len);
    (void)state;
    read_text(bytes, len, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Новости");
    assert_string_equal(c.arts[0].body, "Ещё одна новость.");
    capture_free(&c);
    free(bytes);
}

static void
text_empty_and_binary_files_are_skipped_with_warnings(void **state)
{
    static const char blank[] = " \n\n\t\n";
    static const char bin[] = "\x7F"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01"
                              "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    struct capture c;
    (void)state;
    read_text("", 0, &c);
    assert_int_equal(c.n_arts, 0);
    assert_true(has_warning(&c, "empty", 0));
    assert_string_equal(c.warns[0].path, "t.txt");
    capture_free(&c);
    read_text(blank, sizeof blank - 1, &c);
    assert_int_equal(c.n_arts, 0);
    assert_true(has_warning(&c, "empty", 0));
    capture_free(&c);
    read_text(bin, sizeof bin - 1, &c);
    assert_int_equal(c.n_arts, 0);
    assert_true(has_warning(&c, "binary", 0));
    capture_free(&c);
}

static void
text_nul_bytes_are_removed_with_an_encoding_warning(void **state)
{
    static const char in[] =
        "Title line\n\nSome\0 text with a NUL, in a paragraph long enough "
        "that one stray byte does not make the file look binary: the rest "
        "of it is ordinary prose about ordinary things, written plainly.\n";
    struct capture c;
    (void)state;
    read_text(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_int_equal(strncmp(c.arts[0].body, "Some text with a NUL,", 21), 0);
    assert_true(has_warning(&c, "encoding", 0));
    capture_free(&c);
}

/* ---- HTML --------------------------------------------------------------- */

static const char page_full[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en-GB\"><head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>Oil prices rise | The Daily Example</title>\n"
    "<meta property=\"og:title\" content=\"Oil prices rise &amp; fall\">\n"
    "<meta property=\"og:site_name\" content=\"The Daily Example\">\n"
    "<meta property=\"og:url\" content=\"https://ex.com/og\">\n"
    "<meta name=\"author\" content=\"Meta Author\">\n"
    "<meta property=\"article:published_time\" "
    "content=\"2020-11-13T08:00:00+00:00\">\n"
    "<link rel=\"canonical\" href=\"https://ex.com/oil?a=1&amp;b=2\">\n"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
    "\"@type\":\"NewsArticle\",\"headline\":\"LD headline\","
    "\"datePublished\":\"2020-11-12\",\"author\":[{\"@type\":\"Person\","
    "\"name\":\"Jane Doe\"},{\"name\":\"John Roe\"}],"
    "\"publisher\":{\"name\":\"Example Media\"}}</script>\n"
    "<script>var x = '<p>scriptnoise</p>'; if (a < b) {}</script>\n"
    "<style>p { color: red } /* stylenoise */</style>\n"
    "</head><body>\n"
    "<nav><a href=\"/\">navnoise Home</a> <a>World</a></nav>\n"
    "<header><h1>headernoise</h1></header>\n"
    "<div class=\"promo\">promonoise outside the article</div>\n"
    "<article>\n"
    "<h1>Oil prices rise</h1>\n"
    "<p>LONDON &mdash; Oil <b>rose</b> on Friday,&nbsp;traders said.</p>\n"
    "<!-- commentnoise -->\n"
    "<p>Prices &#8220;jumped&#8221; &#x2014; caf&eacute; owners "
    "complained&hellip;<br>New line.</p>\n"
    "<aside>asidenoise related stories</aside>\n"
    "<ul><li>First point</li><li>Second point</li></ul>\n"
    "<noscript>noscriptnoise enable JS</noscript>\n"
    "<svg><title>svgnoise</title><path d=\"M0 0\"/></svg>\n"
    "<form><button>buttonnoise</button></form>\n"
    "</article>\n"
    "<footer>footernoise (c) 2020</footer>\n"
    "</body></html>\n";

static void
html_metadata_comes_from_every_source(void **state)
{
    struct capture c;
    (void)state;
    read_html(page_full, sizeof page_full - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Oil prices rise & fall");
    assert_string_equal(c.arts[0].author, "Jane Doe, John Roe");
    assert_string_equal(c.arts[0].source, "The Daily Example");
    assert_string_equal(c.arts[0].url, "https://ex.com/oil?a=1&b=2");
    assert_string_equal(c.arts[0].lang, "en-GB");
    /* JSON-LD and article:published_time rank equal: the first wins. */
    assert_int_equal(c.arts[0].date.year, 2020);
    assert_int_equal(c.arts[0].date.month, 11);
    assert_int_equal(c.arts[0].date.day, 13);
    assert_string_equal(c.arts[0].date_origin, "metadata");
    assert_string_equal(c.arts[0].charset, "UTF-8");
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
}

static void
html_body_is_the_article_text_without_noise(void **state)
{
    static const char *const noise[] = {"scriptnoise",   "stylenoise",
                                        "navnoise",      "headernoise",
                                        "promonoise",    "commentnoise",
                                        "asidenoise",    "noscriptnoise",
                                        "svgnoise",      "buttonnoise",
                                        "footernoise",   "LD headline",
                                        "Daily Example", NULL};
    struct capture c;
    size_t i;
    (void)state;
    read_html(page_full, sizeof page_full - 1, &c);
    assert_int_equal(c.n_arts, 1);
    for (i = 0; noise[i] != NULL; i++) {
        if (strstr(c.arts[0].body, noise[i]) != NULL)
            fail_msg("\"%s\" reached the body: %s", noise[i], c.arts[0].body);
    }
    /* The <h1> is the headline, already the title: not repeated. */
    assert_string_equal(c.arts[0].body,
                        "LONDON \xE2\x80\x94 Oil rose on Friday, traders "
                        "said.\n"
                        "Prices \xE2\x80\x9Cjumped\xE2\x80\x9D "
                        "\xE2\x80\x94 caf\xC3\xA9 owners "
                        "complained\xE2\x80\xA6\n"
                        "New line.\n"
                        "First point\n"
                        "Second point");
    capture_free(&c);
}

static void
html_without_article_takes_the_page_minus_furniture(void **state)
{
    static const char in[] =
        "<html><head><title>Plain &lt;page&gt;</title></head><body>"
        "<nav>Menu</nav><div>Hello <i>world</i>.</div>"
        "<table><tr><td>a</td><td>b</td></tr></table>"
        "<footer>Contact</footer></body></html>";
    struct capture c;
    (void)state;
    read_html(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Plain <page>");
    assert_string_equal(c.arts[0].body, "Hello world.\na b");
    assert_int_equal(c.arts[0].date.year, 0);
    capture_free(&c);
}

static void
html_title_drops_site_name_and_teaser_articles_are_ignored(void **state)
{
    static const char in[] =
        "<html><head><title>Storm hits coast \xE2\x80\x94 The Site</title>"
        "<meta property=\"og:site_name\" content=\"The Site\"></head><body>"
        "<div><p>The story itself.</p></div>"
        "<aside><article><p>Teaser for another story</p></article></aside>"
        "</body></html>";
    struct capture c;
    (void)state;
    read_html(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Storm hits coast");
    assert_string_equal(c.arts[0].source, "The Site");
    assert_string_equal(c.arts[0].body, "The story itself.");
    capture_free(&c);
}

static void
title_loses_the_site_name_on_either_side(void **state)
{
    static const struct {
        const char *title, *site, *url, *h1, *want;
    } cases[] = {
        {"Story title | Site", "Site", NULL, NULL, "Story title"},
        {"Story title - Site Name", "Site Name", NULL, NULL, "Story title"},
        {"Site: Story title", "Site", NULL, NULL, "Story title"},
        {"Site | Story title", "Site", NULL, NULL, "Story title"},
        {"Storm hits coast \xE2\x80\x94 The Daily-Example", NULL,
         "https://www.thedailyexample.co.uk/a/1", NULL, "Storm hits coast"},
        {"Rain again | The Guardian", NULL, "https://www.theguardian.com/x",
         NULL, "Rain again"},
        {"Guardian view on rain | Guardian", NULL,
         "https://www.theguardian.com/x", NULL, "Guardian view on rain"},
        {"Row over pay - BBC News", NULL, "https://www.bbc.co.uk/news/1", NULL,
         "Row over pay"},
        {"BBC bosses resign - BBC News", "BBC News", NULL, NULL,
         "BBC bosses resign"},
        /* A headline that starts with the host's name keeps it. */
        {"BBC bosses resign: inquiry", NULL, "https://bbc.co.uk/", NULL,
         "BBC bosses resign: inquiry"},
        /* A dash in a headline, and no name known: left alone. */
        {"Biden - Putin summit ends", NULL, NULL, NULL,
         "Biden - Putin summit ends"},
        {"Biden - Putin summit ends | Wire", NULL, "https://wire.example/x",
         NULL, "Biden - Putin summit ends"},
        /* The page's own <h1> beside a separator. */
        {"Storm hits coast - World - Prairie Times", NULL, NULL,
         "Storm  hits coast", "Storm hits coast"},
        {"Prairie Times :: Storm hits coast", NULL, NULL, "Storm hits coast",
         "Storm hits coast"},
        {"Site", "Site", NULL, NULL, "Site"},
        {"Story | Site", NULL, "http://localhost/x", NULL, "Story | Site"},
        {"", "Site", NULL, NULL, ""},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_title_hints th;
        dl_buf t = DL_BUF_INIT;
        memset(&th, 0, sizeof th);
        th.site = cases[i].site;
        th.site_n = th.site != NULL ? strlen(th.site) : 0;
        th.url = cases[i].url;
        th.url_n = th.url != NULL ? strlen(th.url) : 0;
        th.h1 = cases[i].h1;
        th.h1_n = th.h1 != NULL ? strlen(th.h1) : 0;
        assert_int_equal(dl_buf_puts(&t, cases[i].title), DL_OK);
        dl_title_trim_site(&t, &th);
        print_message("case: %s\n", cases[i].title);
        assert_string_equal(t.data != NULL ? t.data : "", cases[i].want);
        dl_buf_free(&t);
    }
}

static void
html_og_title_loses_the_site_name_too(void **state)
{
    static const char *const pages[] = {
        "<meta property=\"og:title\" content=\"Wheat harvest falls short - "
        "Prairie Times\"><meta property=\"og:site_name\" "
        "content=\"Prairie Times\"><p>x</p>",
        "<meta property=\"og:title\" content=\"Prairie Times: Wheat "
        "harvest falls short\"><link rel=canonical "
        "href=\"https://prairietimes.kz/2021/wheat\"><p>x</p>",
        "<title>Wheat harvest falls short | Farming | PT</title>"
        "<h1>Wheat harvest falls short</h1><p>x</p>",
    };
    struct capture c;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        read_html(pages[i], strlen(pages[i]), &c);
        assert_int_equal(c.n_arts, 1);
        assert_string_equal(c.arts[0].title, "Wheat harvest falls short");
        capture_free(&c);
    }
}

static void
html_jsonld_graph_and_main_element_are_used(void **state)
{
    static const char in[] =
        "<html><head><script type='application/ld+json'>"
        "{\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},"
        "{\"@type\":[\"NewsArticle\"],\"headline\":\"Graph headline\","
        "\"datePublished\":\"Fri, 13 Nov 2020 08:00:00 GMT\","
        "\"author\":\"Solo Writer\",\"inLanguage\":\"kk\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Graph News\"}}"
        "]}</script></head><body><p>outside main</p>"
        "<main><p>Inside main.</p></main></body></html>";
    struct capture c;
    (void)state;
    read_html(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Graph headline");
    assert_string_equal(c.arts[0].author, "Solo Writer");
    assert_string_equal(c.arts[0].source, "Graph News");
    assert_string_equal(c.arts[0].lang, "kk");
    assert_int_equal(c.arts[0].date.year, 2020);
    assert_int_equal(c.arts[0].date.day, 13);
    assert_string_equal(c.arts[0].body, "Inside main.");
    capture_free(&c);
}

static void
html_other_date_metas_and_h1_title_are_fallbacks(void **state)
{
    static const struct {
        const char *html;
        int year, month, day;
        const char *title;
    } cases[] = {
        {"<meta name=\"DC.date\" content=\"2019-03-04\"><h1>A &amp; B</h1>"
         "<p>x</p>",
         2019, 3, 4, "A & B"},
        {"<meta name=date content=13.11.2020><p>x</p>", 2020, 11, 13, ""},
        {"<meta name=\"pubdate\" content=\"20201113\"><p>x</p>", 0, 0, 0, ""},
        {"<time pubdate datetime=\"2018-07-01T10:00\">July</time><p>x</p>",
         2018, 7, 1, ""},
        {"<meta itemprop=\"datePublished\" content=\"2017-01-02\">"
         "<meta name=\"date\" content=\"2016-01-01\"><p>x</p>",
         2017, 1, 2, ""},
    };
    struct capture c;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        read_html(cases[i].html, strlen(cases[i].html), &c);
        assert_int_equal(c.n_arts, 1);
        if (cases[i].year != 0) {
            assert_int_equal(c.arts[0].date.year, cases[i].year);
            assert_int_equal(c.arts[0].date.month, cases[i].month);
            assert_int_equal(c.arts[0].date.day, cases[i].day);
        }
        assert_string_equal(c.arts[0].title, cases[i].title);
        capture_free(&c);
    }
}

/* A story's paragraphs, long enough for the extractor to choose them. */
#define STORY_PARAS                                                            \
    "<p>The regional court ruled on Tuesday that the water company must "      \
    "repair the dam upstream of the town, after a year of hearings, and "      \
    "pay for the damage the spring flood did to forty houses.</p>"             \
    "<p>Residents, who had sued the company together, said they would "        \
    "wait for the repairs before deciding whether to ask for more, and "       \
    "that they hoped the work would be finished before the next thaw.</p>"

static void
html_dates_are_the_storys_not_those_it_cites(void **state)
{
    static const struct {
        const char *html;
        int year, month, day;
    } cases[] = {
        /* itemprop=datePublished on any element: its text... */
        {"<article><span itemprop=\"datePublished\">March 5, "
         "2019</span>" STORY_PARAS "</article>",
         2019, 3, 5},
        /* ...its content attribute, or its datetime. */
        {"<article><div itemprop=\"datePublished\" content=\"2019-03-06\">"
         "</div>" STORY_PARAS "</article>",
         2019, 3, 6},
        /* A related story's card has its own date: not this one's. */
        {"<article class=story><h1>Dam</h1>" STORY_PARAS "</article>"
         "<article class=card><time itemprop=\"datePublished\" "
         "datetime=\"2018-01-01\">1 Jan</time><a href=/x>Old story</a>"
         "</article><div class=dateline><time itemprop=\"datePublished\" "
         "datetime=\"2019-03-07\">7 March</time></div>",
         2019, 3, 7},
        /* An <article> of nothing but the page's microdata is no other
         * story's card. */
        {"<article itemscope><meta itemprop=\"datePublished\" "
         "content=\"2019-03-09\"></article><div>" STORY_PARAS "</div>",
         2019, 3, 9},
        /* The first <time> of the story's header dates it... */
        {"<article><header><h1>Dam</h1><time datetime=\"2019-03-08\">8 "
         "March</time></header><div>" STORY_PARAS "</div></article>",
         2019, 3, 8},
        /* ...not one in a report the story quotes, nor a comment's. */
        {"<article><div><blockquote><p>Report of <time "
         "datetime=\"2015-06-01\">1 June "
         "2015</time></p></blockquote>" STORY_PARAS
         "<p>More: <time datetime=\"2016-01-01\">then</time>"
         "</p></div></article><div id=comments><time datetime=\"2019-04-01\">"
         "</time><p>First!</p></div>",
         0, 0, 0},
        /* JSON-LD's dates need not be ISO 8601. */
        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
         "\"datePublished\":\"05/03/2019 10:00\"}</script><p>x</p>",
         2019, 5, 3},
        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
         "\"datePublished\":\"Tue, 12 Mar 2019 10:00:00 +0000\"}</script>"
         "<p>x</p>",
         2019, 3, 12},
    };
    struct capture c;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        read_html(cases[i].html, strlen(cases[i].html), &c);
        print_message("case %zu\n", i);
        assert_int_equal(c.n_arts, 1);
        assert_int_equal(c.arts[0].date.year, cases[i].year);
        assert_int_equal(c.arts[0].date.month, cases[i].month);
        assert_int_equal(c.arts[0].date.day, cases[i].day);
        capture_free(&c);
    }
}

static void
html_meta_charset_is_sniffed_before_decoding(void **state)
{
    static const char utf8[] =
        "<html><head><meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=windows-1251\">"
        "<title>Новости дня</title></head>"
        "<body><p>Ещё одна новость из Алматы.</p></body></html>";
    struct capture c;
    size_t len;
    char *bytes = to_charset(utf8, "CP1251", &len);
    (void)state;
    read_html(bytes, len, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Новости дня");
    assert_string_equal(c.arts[0].body, "Ещё одна новость из Алматы.");
    assert_string_equal(c.arts[0].charset, "windows-1251");
    capture_free(&c);
    free(bytes);
}

static void
html_broken_markup_never_crashes(void **state)
{
    static const char *const soup[] = {
        "<p>a < b and c<d but <3 <<<< </p><p>unclosed <b>bold <i>it",
        "<div class=\"never closed>text after</div> more text",
        "<p>x</p><!-- never closed comment",
        "<script>never closed script",
        "<title>t</title><p>&#0; &#xD800; &#99999999999; &#150; &bogus; &amp"
        " &#x; &</p>",
        "</p></div></article></main><p>end tags first</p>",
        "<nav>a nav never closed <p>all of the text is in it</p>",
        "<article></article><p>the article is an empty shell</p>",
        "<",
        "<a",
        "</",
        "<!",
        "<p attr='x' attr2=\"y\" attr3=z attr4 / >ok</p>",
        "<?xml version='1.0' encoding='utf-8'?><p>xml prolog</p>",
        "<html><body>\xEF\xBF\xBD</body>",
        "<p>\xC2\xA0\xC2\xA0spaced\xC2\xA0\xC2\xA0out</p>",
    };
    struct capture c;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof soup / sizeof soup[0]; i++) {
        read_html(soup[i], strlen(soup[i]), &c);
        capture_free(&c);
    }
    read_html(soup[0], strlen(soup[0]), &c);
    /* "<d but ... </p>" is one tag, as in a browser. */
    assert_string_equal(c.arts[0].body, "a < b and c\nunclosed bold it");
    capture_free(&c);
    read_html(soup[1], strlen(soup[1]), &c);
    assert_string_equal(c.arts[0].body, "text after\nmore text");
    capture_free(&c);
    read_html(soup[4], strlen(soup[4]), &c);
    assert_string_equal(c.arts[0].body,
                        "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD "
                        "\xE2\x80\x93 &bogus; &amp &#x; &");
    capture_free(&c);
    read_html(soup[6], strlen(soup[6]), &c);
    assert_string_equal(c.arts[0].body, "a nav never closed\n"
                                        "all of the text is in it");
    capture_free(&c);
    read_html(soup[7], strlen(soup[7]), &c);
    assert_string_equal(c.arts[0].body, "the article is an empty shell");
    capture_free(&c);
    read_html(soup[15], strlen(soup[15]), &c);
    assert_string_equal(c.arts[0].body, "spaced out");
    capture_free(&c);
}

static void
html_huge_attribute_and_deep_nesting_are_linear(void **state)
{
    size_t big = 4u << 20;
    size_t i;
    char *in = malloc(big + 4096);
    size_t n = 0;
    struct capture c;
    (void)state;
    assert_non_null(in);
    n += (size_t)snprintf(in + n, 4096, "<p data-x=\"");
    memset(in + n, 'a', big);
    n += big;
    n += (size_t)snprintf(in + n, 4096, "\">after the attribute</p>");
    for (i = 0; i < 500; i++)
        n += (size_t)snprintf(in + n, 4096, "<div>");
    n += (size_t)snprintf(in + n, 4096, "deep");
    read_html(in, n, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].body, "after the attribute\ndeep");
    capture_free(&c);
    /* A page of nothing but '<': each one is text, scanned once. */
    memset(in, '<', big);
    read_html(in, big, &c);
    assert_int_equal(c.n_arts, 1);
    assert_int_equal(strlen(c.arts[0].body), big);
    capture_free(&c);
    free(in);
}

/* Every prefix of a page, and the page with bytes flipped at random
 * (fixed seed), read without error: ASan and UBSan do the checking. */
static void
truncated_and_mutated_inputs_never_fail(void **state)
{
    static const char jsonl[] =
        "{\"title\":\"a\",\"body\":\"b\",\"author\":[\"x\",{\"name\":\"y\"}]}\n"
        "{\"title\":\"c\",\"date\":\"2020-01-01\",\"text\":\"d\"}\n";
    char buf[sizeof page_full];
    struct capture c;
    unsigned long seed = 12345;
    size_t len;
    size_t k;
    int round;
    (void)state;
    for (len = 0; len < sizeof page_full; len++) {
        capture_init(&c);
        c.copy = false;
        assert_int_equal(dl_read_html("p.html", page_full, len, NULL,
                                      on_article, on_warn, &c, NULL),
                         DL_OK);
        assert_int_equal(dl_read_text("p.txt", page_full, len, NULL, on_article,
                                      on_warn, &c, NULL),
                         DL_OK);
        if (len < sizeof jsonl)
            assert_int_equal(dl_read_jsonl("p.jsonl", jsonl, len, NULL,
                                           on_article, on_warn, &c, NULL),
                             DL_OK);
    }
    for (round = 0; round < 300; round++) {
        memcpy(buf, page_full, sizeof page_full);
        for (k = 0; k < 20; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            buf[(seed >> 33) % (sizeof page_full - 1)] = (char)(seed >> 20);
        }
        capture_init(&c);
        c.copy = false;
        assert_int_equal(dl_read_html("p.html", buf, sizeof page_full - 1, NULL,
                                      on_article, on_warn, &c, NULL),
                         DL_OK);
    }
}

static void
html_with_only_a_title_is_a_headline_only_article(void **state)
{
    static const char in[] = "<html><head><title>Only a title</title>"
                             "<script>app()</script></head><body></body>";
    static const char neither[] = "<html><head><title> </title>"
                                  "<script>app()</script></head><body>"
                                  "<nav></nav></body>";
    struct capture c;
    (void)state;
    read_html(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Only a title");
    assert_string_equal(c.arts[0].body, "");
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
    read_html(neither, sizeof neither - 1, &c);
    assert_int_equal(c.n_arts, 0);
    assert_true(has_warning(&c, "empty", 0));
    capture_free(&c);
}

/* ---- JSON Lines -----------------------------------------------------------
 */

static void
jsonl_good_and_broken_lines_are_numbered(void **state)
{
    static const char in[] =
        /* 1 */ "{\"title\":\"One\",\"date\":\"2020-01-02\",\"body\":\"First"
                " body\",\"url\":\"https://ex.com/1\",\"source\":\"Wire\","
                "\"author\":\"A. Writer\",\"lang\":\"en\"}\n"
                /* 2 */ "\n"
                /* 3 */ "{not json at all\n"
                /* 4 */ "[1, 2, 3]\n"
                /* 5 */ "{\"title\":\"No body here\",\"body\":\"\"}\n"
                /* 6 */ "   \t \n"
                /* 7 */ "{\"headline\":\"Two\",\"published_at\":1605254400,"
                "\"text\":[\"Para one.\",\"Para two.\"],"
                "\"authors\":[\"X\",{\"name\":\"Y\"}],"
                "\"publisher\":{\"name\":\"Pub\"},\"language\":\"ru\"}\r\n"
                /* 8 */ "{\"title\":\"Bad \xFF byte\",\"content\":\"Body "
                "\xC3\"}\n"
                /* 9 */ "{\"title\":\"Three\",\"article\":\"Last\"}\n"
                /* 10 */ "{\"title\":\" \",\"body\":\"\",\"id\":7}";
    struct dl_read_opts o;
    struct capture c;
    (void)state;
    dl_read_opts_init(&o);
    capture_init(&c);
    assert_int_equal(dl_read_jsonl("f.jsonl", in, sizeof in - 1, &o, on_article,
                                   on_warn, &c, NULL),
                     DL_OK);
    assert_int_equal(c.n_arts, 5);

    assert_string_equal(c.arts[0].title, "One");
    assert_string_equal(c.arts[0].body, "First body");
    assert_string_equal(c.arts[0].url, "https://ex.com/1");
    assert_string_equal(c.arts[0].source, "Wire");
    assert_string_equal(c.arts[0].author, "A. Writer");
    assert_string_equal(c.arts[0].lang, "en");
    assert_int_equal(c.arts[0].date.year, 2020);
    assert_int_equal(c.arts[0].date.month, 1);
    assert_int_equal(c.arts[0].date.day, 2);
    assert_int_equal(c.arts[0].record, 1);
    assert_int_equal(c.arts[0].line, 1);

    /* A headline without a body is an article (a wire flash). */
    assert_string_equal(c.arts[1].title, "No body here");
    assert_string_equal(c.arts[1].body, "");
    assert_int_equal(c.arts[1].record, 4);
    assert_int_equal(c.arts[1].line, 5);

    /* Records count every non-blank line, broken ones included. */
    assert_string_equal(c.arts[2].title, "Two");
    assert_string_equal(c.arts[2].body, "Para one.\nPara two.");
    assert_string_equal(c.arts[2].author, "X, Y");
    assert_string_equal(c.arts[2].source, "Pub");
    assert_string_equal(c.arts[2].lang, "ru");
    assert_int_equal(c.arts[2].date.year, 2020);
    assert_int_equal(c.arts[2].date.month, 11);
    assert_int_equal(c.arts[2].date.day, 13);
    assert_int_equal(c.arts[2].record, 5);
    assert_int_equal(c.arts[2].line, 7);

    assert_int_equal(c.arts[3].record, 6);
    assert_int_equal(c.arts[3].line, 8);
    assert_string_equal(c.arts[3].title, "Bad \xEF\xBF\xBD byte");

    assert_string_equal(c.arts[4].title, "Three");
    assert_string_equal(c.arts[4].body, "Last");
    assert_int_equal(c.arts[4].record, 7);
    assert_int_equal(c.arts[4].line, 9);

    assert_true(has_warning(&c, "bad-json", 3));
    assert_true(has_warning(&c, "bad-json", 4));
    assert_true(has_warning(&c, "empty", 10));
    assert_true(has_warning(&c, "encoding", 8));
    assert_int_equal(c.n_warns, 4);
    assert_string_equal(c.warns[0].path, "f.jsonl");
    capture_free(&c);
}

static void
jsonl_body_past_the_text_cap_is_cut_between_words(void **state)
{
    size_t words = DL_ARTICLE_TEXT_MAX / 8 + 1000; /* "wNNNNNN " */
    dl_buf in = DL_BUF_INIT;
    struct capture c;
    size_t i;
    size_t body;
    (void)state;
    assert_int_equal(dl_buf_puts(&in, "{\"title\":\"Long\",\"body\":\""),
                     DL_OK);
    for (i = 0; i < words; i++)
        assert_int_equal(dl_buf_printf(&in, "w%06zu ", i % 1000000), DL_OK);
    assert_int_equal(dl_buf_puts(&in, "\"}\n"), DL_OK);
    capture_init(&c);
    assert_int_equal(dl_read_jsonl("long.jsonl", in.data, in.len, NULL,
                                   on_article, on_warn, &c, NULL),
                     DL_OK);
    dl_buf_free(&in);
    assert_int_equal(c.n_arts, 1);
    body = strlen(c.arts[0].body);
    assert_true(body <= DL_ARTICLE_TEXT_MAX);
    assert_true(body > DL_ARTICLE_TEXT_MAX - 16);
    assert_int_equal(body % 8, 7); /* whole words, no trailing space */
    assert_int_equal(c.arts[0].body_cut_from, words * 8);
    capture_free(&c);
}

static void
jsonl_long_line_is_skipped_and_force_lang_applies(void **state)
{
    static const char in[] = "{\"title\":\"short\",\"body\":\"ok\"}\n"
                             "{\"title\":\"long\",\"body\":\"xxxxxxxxxxxxxxx"
                             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"
                             "{\"title\":\"after\",\"body\":\"ok\","
                             "\"lang\":\"de\"}\n";
    struct dl_read_opts o;
    struct capture c;
    (void)state;
    dl_read_opts_init(&o);
    o.max_line_bytes = 50;
    o.force_lang = "fr";
    capture_init(&c);
    assert_int_equal(dl_read_jsonl("f.jsonl", in, sizeof in - 1, &o, on_article,
                                   on_warn, &c, NULL),
                     DL_OK);
    assert_int_equal(c.n_arts, 2);
    assert_string_equal(c.arts[1].title, "after");
    assert_int_equal(c.arts[1].record, 3);
    assert_string_equal(c.arts[0].lang, "fr");
    assert_string_equal(c.arts[1].lang, "fr");
    assert_true(has_warning(&c, "too-large", 2));
    assert_int_equal(c.n_warns, 1);
    capture_free(&c);
}

static void
jsonl_html_body_is_reduced_to_text(void **state)
{
    static const char in[] =
        "{\"title\":\"t\",\"content\":\"<p>One &amp; two</p>"
        "<script>x()</script><P class=x>Three<br>four</P>\"}\n"
        "{\"title\":\"u\",\"body\":\"if a < b then c > d\"}\n";
    struct capture c;
    (void)state;
    capture_init(&c);
    assert_int_equal(dl_read_jsonl("f.jsonl", in, sizeof in - 1, NULL,
                                   on_article, on_warn, &c, NULL),
                     DL_OK);
    assert_int_equal(c.n_arts, 2);
    assert_string_equal(c.arts[0].body, "One & two\nThree\nfour");
    assert_string_equal(c.arts[1].body, "if a < b then c > d");
    capture_free(&c);
}

/* ---- files, gzip ------------------------------------------------------- */

static char tmpdir[64];

static int
group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dl-readers-XXXXXX");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char p[512];
    (void)state;
    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(tmpdir);
    return 0;
}

static void
tmp_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", tmpdir, name);
}

static void
write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* gzip p[0..n) with zlib into path; returns the compressed size. */
static size_t
write_gz(const char *path, const void *p, size_t n)
{
    gzFile g = gzopen(path, "wb");
    struct stat st;
    assert_non_null(g);
    assert_int_equal(gzwrite(g, p, (unsigned)n), (int)n);
    assert_int_equal(gzclose(g), Z_OK);
    assert_int_equal(stat(path, &st), 0);
    return (size_t)st.st_size;
}

static void
gz_files_are_read_as_their_inner_format(void **state)
{
    static const char text[] = "Title: Zipped\n\nCompressed body.\n";
    static const char jsonl[] = "{\"title\":\"a\",\"body\":\"b\"}\n"
                                "{\"title\":\"c\",\"body\":\"d\"}\n";
    char path[512];
    struct capture c;
    unsigned long n = 99;
    (void)state;
    tmp_path(path, sizeof path, "story.txt.gz");
    write_gz(path, text, sizeof text - 1);
    capture_init(&c);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(c.arts[0].title, "Zipped");
    assert_string_equal(c.arts[0].body, "Compressed body.");
    capture_free(&c);

    tmp_path(path, sizeof path, "feed.JSONL.GZ");
    write_gz(path, jsonl, sizeof jsonl - 1);
    capture_init(&c);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(c.arts[1].record, 2);
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
}

static void
truncated_gz_is_skipped_whole(void **state)
{
    char path[512];
    char *text = malloc(200000);
    struct capture c;
    unsigned long n = 99;
    size_t i;
    size_t len;
    (void)state;
    assert_non_null(text);
    /* Varied text, so the compressed stream is long enough to cut. */
    len = (size_t)snprintf(text, 200000, "Title\n\n");
    for (i = 0; len < 190000; i++)
        len += (size_t)snprintf(text + len, 200000 - len,
                                "line %zu of the story %zu\n", i,
                                i * 7919 % 10007);
    tmp_path(path, sizeof path, "cut.txt.gz");
    len = write_gz(path, text, len);
    assert_int_equal(truncate(path, (off_t)(len / 2)), 0);
    capture_init(&c);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(c.seen, 0);
    assert_true(has_warning(&c, "truncated-gzip", 0));
    assert_non_null(strstr(c.warns[0].path, "cut.txt.gz"));
    capture_free(&c);

    /* Garbage with a .gz name: corrupt, same treatment. */
    tmp_path(path, sizeof path, "fake.html.gz");
    write_file(path, "\x1F\x8B\x08\0garbage garbage garbage", 27);
    capture_init(&c);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    assert_int_equal(n, 0);
    assert_true(has_warning(&c, "truncated-gzip", 0));
    capture_free(&c);
    free(text);
}

static void
gzip_bomb_stops_at_the_size_limit(void **state)
{
    size_t big = 16u << 20;
    char *zeros = malloc(big);
    char path[512];
    struct dl_read_opts o;
    struct capture c;
    unsigned long n = 99;
    (void)state;
    assert_non_null(zeros);
    memset(zeros, ' ', big);
    memcpy(zeros, "Title\n\nx", 8);
    tmp_path(path, sizeof path, "bomb.txt.gz");
    assert_true(write_gz(path, zeros, big) < 100000);
    free(zeros);
    dl_read_opts_init(&o);
    o.max_file_bytes = 1u << 20;
    capture_init(&c);
    assert_int_equal(dl_read_file(path, &o, on_article, on_warn, &c, &n, NULL),
                     DL_OK);
    assert_int_equal(n, 0);
    assert_true(has_warning(&c, "too-large", 0));
    capture_free(&c);
}

static void
big_single_line_file_is_limited_before_reading(void **state)
{
    size_t big = 8u << 20;
    char *line = malloc(big);
    char path[512];
    struct dl_read_opts o;
    struct capture c;
    unsigned long n = 99;
    size_t i;
    (void)state;
    assert_non_null(line);
    for (i = 0; i < big; i++)
        line[i] = i % 7 == 6 ? ' ' : 'a' + (char)(i % 7);
    tmp_path(path, sizeof path, "oneline.txt");
    write_file(path, line, big);
    free(line);
    dl_read_opts_init(&o);
    o.max_file_bytes = big - 1;
    capture_init(&c);
    assert_int_equal(dl_read_file(path, &o, on_article, on_warn, &c, &n, NULL),
                     DL_OK);
    assert_int_equal(n, 0);
    assert_true(has_warning(&c, "too-large", 0));
    capture_free(&c);
    /* Within the limit, the one line is read: a short title, and the
     * body up to the text indexed per article, cut between words. */
    capture_init(&c);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    assert_int_equal(n, 1);
    assert_true(strlen(c.arts[0].title) <= 300);
    assert_true(big > DL_ARTICLE_TEXT_MAX);
    assert_true(strlen(c.arts[0].body) <= DL_ARTICLE_TEXT_MAX);
    assert_true(strlen(c.arts[0].body) > DL_ARTICLE_TEXT_MAX - 8);
    assert_int_equal(c.arts[0].body[strlen(c.arts[0].body) - 1], 'f');
    assert_int_equal(c.arts[0].body_cut_from, big);
    capture_free(&c);
}

static void
missing_unknown_and_special_files_report_status(void **state)
{
    char path[512];
    struct capture c;
    dl_err err;
    unsigned long n = 99;
    (void)state;
    capture_init(&c);
    tmp_path(path, sizeof path, "nope.txt");
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, &err), DL_ENOENT);
    assert_int_equal(err.code, DL_ENOENT);
    assert_non_null(strstr(err.msg, "nope.txt"));
    assert_int_equal(n, 0);
    tmp_path(path, sizeof path, "image.png");
    write_file(path, "x", 1);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, &err), DL_EINVAL);
    tmp_path(path, sizeof path, "dir.txt");
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, &err), DL_EIO);
    assert_int_equal(rmdir(path), 0);
    assert_int_equal(c.seen, 0);
    capture_free(&c);
}

static void
format_follows_the_extension_through_gz(void **state)
{
    static const struct {
        const char *path;
        enum dl_format fmt;
        bool gz;
    } cases[] = {
        {"a/b.txt", DL_FORMAT_TEXT, false},
        {"b.TEXT", DL_FORMAT_TEXT, false},
        {"x.html", DL_FORMAT_HTML, false},
        {"x.htm.gz", DL_FORMAT_HTML, true},
        {"x.jsonl", DL_FORMAT_JSONL, false},
        {"x.ndjson.gz", DL_FORMAT_JSONL, true},
        {"x.gz", DL_FORMAT_UNKNOWN, true},
        {"x.pdf", DL_FORMAT_UNKNOWN, false},
        {"dir.txt/readme", DL_FORMAT_UNKNOWN, false},
        {".txt", DL_FORMAT_UNKNOWN, false},
        {"x.json", DL_FORMAT_UNKNOWN, false},
    };
    size_t i;
    bool gz;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gz = !cases[i].gz;
        assert_int_equal(dl_format_of_path(cases[i].path, &gz), cases[i].fmt);
        assert_int_equal(gz, cases[i].gz);
    }
    assert_int_equal(dl_format_of_path("y.txt", NULL), DL_FORMAT_TEXT);
}

static dl_status
run_html(struct capture *c)
{
    return dl_read_html("p.html", page_full, sizeof page_full - 1, NULL,
                        on_article, on_warn, c, NULL);
}

static dl_status
run_text(struct capture *c)
{
    static const char in[] = "Title: T\nDate: 2020-01-02\nSource: S\n"
                             "Author: A\nURL: u\nLang: en\n\nBody\n\nTwo\n";
    return dl_read_text("t.txt", in, sizeof in - 1, NULL, on_article, on_warn,
                        c, NULL);
}

static dl_status
run_jsonl(struct capture *c)
{
    static const char in[] =
        "{\"title\":\"a\",\"body\":\"b\",\"author\":[\"x\",\"y\"]}\n"
        "{\"title\":\"bad \xFF\",\"body\":\"b\",\"lang\":\"en\"}\n";
    struct dl_read_opts o;
    dl_read_opts_init(&o);
    o.force_lang = "kk";
    return dl_read_jsonl("f.jsonl", in, sizeof in - 1, &o, on_article, on_warn,
                         c, NULL);
}

static dl_status
run_gz(struct capture *c)
{
    char path[512];
    tmp_path(path, sizeof path, "fault.html.gz");
    return dl_read_file(path, NULL, on_article, on_warn, c, NULL, NULL);
}

/* Fail the 1st, 2nd, ... allocation of a run: each run must report
 * DL_ENOMEM or succeed with every article (never skip one silently), and
 * leak nothing (LeakSanitizer checks). */
static void
fault_loop(dl_status (*run)(struct capture *), unsigned long want)
{
    struct capture c;
    dl_status rc;
    long before;
    long k;

    for (k = 0; k < 2000; k++) {
        capture_init(&c);
        before = dl_alloc_injected_failures();
        dl_alloc_fail_after(k, 1);
        rc = run(&c);
        dl_alloc_fail_after(-1, 0);
        if (rc != DL_ENOMEM) {
            assert_int_equal(rc, DL_OK);
            assert_int_equal(c.seen, want);
        }
        capture_free(&c);
        if (rc == DL_OK && dl_alloc_injected_failures() == before)
            return;
    }
    fail_msg("still failing after %ld allocations", k);
}

static void
allocation_failures_report_enomem_and_leak_nothing(void **state)
{
    char path[512];
    (void)state;
    tmp_path(path, sizeof path, "fault.html.gz");
    write_gz(path, page_full, sizeof page_full - 1);
    fault_loop(run_html, 1);
    fault_loop(run_text, 1);
    fault_loop(run_jsonl, 2);
    fault_loop(run_gz, 1);
}

/* ---- the research corpora, when present -----------------------------------
 */

static const char *
corpora_dir(char *buf, size_t size)
{
    const char *env = getenv("DL_CORPORA");
    const char *top = getenv("top_srcdir");
    struct stat st;

    if (env != NULL && env[0] != '\0')
        snprintf(buf, size, "%s", env);
    else
        snprintf(buf, size, "%s/../shared/corpora", top != NULL ? top : ".");
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return buf;
}

static void
corpus_reuters_jsonl_has_20841_articles(void **state)
{
    char dir[512];
    char path[600];
    struct capture c;
    unsigned long n = 0;
    struct stat st;
    (void)state;
    if (corpora_dir(dir, sizeof dir) == NULL)
        skip();
    snprintf(path, sizeof path, "%s/reuters21578/reuters.jsonl", dir);
    if (stat(path, &st) != 0)
        skip();
    capture_init(&c);
    c.copy = false;
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    /* 21,578 records: the 1,798 BRIEF ones are headlines without a body
     * (wire flashes) and articles; the 737 UNPROC ones have neither a
     * title nor a body. */
    assert_int_equal(n, 20841);
    assert_int_equal(c.seen, 20841);
    assert_int_equal(c.reasons_empty, 737);
    assert_int_equal(c.reasons_bad_json, 0);
    assert_int_equal(c.warn_seen, 737);
    capture_free(&c);
}

/* Read every file of dir whose name ends in ".txt" (at most max): each
 * must give exactly one article with a title and a body, in valid UTF-8. */
static unsigned long
read_corpus_dir(const char *dir, size_t max, struct capture *c)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];
    unsigned long n;
    unsigned long files = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL && files < max) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        c->n_warns = 0;
        assert_int_equal(
            dl_read_file(path, NULL, on_article, on_warn, c, &n, NULL), DL_OK);
        if (n != 1)
            fail_msg("%s: %lu articles", path, n);
        files++;
    }
    closedir(d);
    return files;
}

static void
corpus_text_samples_read_cleanly(void **state)
{
    static const char *const dirs[] = {
        "bbc/business",          "bbc/sport",   "bbc/tech",
        "reuters21578/txt",      "wikinews-fr", "factruEval/devset",
        "slavicner/ru/covid-19", "cisi/docs"};
    char dir[512];
    char sub[600];
    char path[700];
    struct capture c;
    unsigned long n;
    unsigned long files = 0;
    size_t i;
    size_t k;
    (void)state;
    if (corpora_dir(dir, sizeof dir) == NULL)
        skip();
    for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, dirs[i]);
        capture_init(&c);
        files += read_corpus_dir(sub, 60, &c);
        for (k = 0; k < c.n_arts; k++) {
            assert_true(c.arts[k].title[0] != '\0');
            assert_true(c.arts[k].body[0] != '\0');
            assert_true(strlen(c.arts[k].title) <= 300);
        }
        capture_free(&c);
    }
    assert_true(files > 100);

    /* The one BBC file in ISO-8859-1: the pound sign must survive. */
    snprintf(path, sizeof path, "%s/bbc/sport/199.txt", dir);
    capture_init(&c);
    assert_int_equal(
        dl_read_file(path, NULL, on_article, on_warn, &c, &n, NULL), DL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(c.arts[0].title, "Chelsea sack Mutu");
    assert_non_null(strstr(c.arts[0].body, "\xC2\xA3"));
    capture_free(&c);
}

/* ---- text that comes out right (issue 22) ----------------------------- */

/* A warning of reason with "byte N" in its message, for text at offset N. */
static bool
has_warning_at_byte(const struct capture *c, const char *reason, size_t at)
{
    char want[32];
    size_t i;

    snprintf(want, sizeof want, "byte %zu", at);
    for (i = 0; i < c->n_warns; i++) {
        if (strcmp(c->warns[i].reason, reason) == 0 &&
            strstr(c->warns[i].msg, want) != NULL)
            return true;
    }
    return false;
}

static void
text_stray_byte_in_utf8_is_replaced_with_a_warning(void **state)
{
    static const struct {
        const char *text;
        const char *before;
        unsigned char byte;
        const char *body;
    } cases[] = {
        {"Réforme des retraites\n\nLe gouvernement a annoncé la réforme "
         "mercredi; les députés en débattront en février.\n",
         "mercredi", 0x80,
         "Le gouvernement a annoncé la réforme \xEF\xBF\xBDmercredi; les "
         "députés en débattront en février."},
        {"Новости дня\n\nВчера в Москве прошло заседание правительства, "
         "на котором обсуждали новый бюджет.\n",
         "заседание", 0xFF,
         "Вчера в Москве прошло \xEF\xBF\xBDзаседание правительства, на "
         "котором обсуждали новый бюджет."},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        size_t at = (size_t)(strstr(t, cases[i].before) - t);
        size_t n = strlen(t);
        char *in = malloc(n + 1);
        struct capture c;
        assert_non_null(in);
        memcpy(in, t, at);
        in[at] = (char)cases[i].byte;
        memcpy(in + at + 1, t + at, n - at);
        read_text(in, n + 1, &c);
        assert_int_equal(c.n_arts, 1);
        assert_string_equal(c.arts[0].charset, "UTF-8");
        assert_string_equal(c.arts[0].body, cases[i].body);
        assert_true(has_warning_at_byte(&c, "encoding", at));
        assert_string_equal(c.warns[0].path, "t.txt");
        capture_free(&c);
        free(in);
    }
}

/* UTF-8 to UTF-16 without a BOM, with the C library's iconv. */
static char *
to_utf16(const char *utf8, bool big, size_t *len)
{
    return to_charset(utf8, big ? "UTF-16BE" : "UTF-16LE", len);
}

/* Read path (written with bytes, gzipped when gz) with dl_read_file. */
static void
read_path(const char *name, const char *bytes, size_t len, bool gz,
          struct capture *c)
{
    char path[512];
    unsigned long n = 0;

    tmp_path(path, sizeof path, name);
    if (gz)
        write_gz(path, bytes, len);
    else
        write_file(path, bytes, len);
    capture_init(c);
    assert_int_equal(dl_read_file(path, NULL, on_article, on_warn, c, &n, NULL),
                     DL_OK);
    assert_int_equal(n, c->seen);
}

enum doc_format { DOC_TEXT, DOC_HTML, DOC_JSONL };

/* One article (two records for JSON Lines) in a format, as UTF-8. */
static void
make_doc(enum doc_format f, const char *title, const char *body, char *out,
         size_t size)
{
    switch (f) {
    case DOC_TEXT:
        snprintf(out, size, "%s\n\n%s\n", title, body);
        break;
    case DOC_HTML:
        snprintf(out, size,
                 "<!DOCTYPE html>\n<html><head><meta charset=\"utf-16\">"
                 "<title>%s</title></head>\n<body><p>%s</p></body></html>\n",
                 title, body);
        break;
    case DOC_JSONL:
        snprintf(out, size,
                 "{\"title\":\"%s\",\"body\":\"%s\"}\n\n"
                 "{\"title\":\"two\",\"body\":\"%s\"}\n",
                 title, body, body);
        break;
    }
}

static void
utf16_without_bom_is_read_in_every_format(void **state)
{
    static const char *const exts[] = {"txt", "html", "jsonl"};
    static const struct {
        const char *title;
        const char *body;
    } texts[] = {
        {"Oil prices rise", "Traders said supply was tight on Monday."},
        {"Новости дня", "Вчера в Москве прошло заседание правительства."},
    };
    char utf8[1024];
    char name[64];
    size_t t;
    int f;
    int big;
    int gz;
    (void)state;

    for (t = 0; t < 2; t++) {
        for (f = DOC_TEXT; f <= DOC_JSONL; f++) {
            for (big = 0; big < 4; big++) {
                const char *cs = big & 1 ? "UTF-16BE" : "UTF-16LE";
                struct capture c;
                size_t len;
                char *in;
                gz = big >> 1;
                print_message("text %zu %s %s%s\n", t, exts[f], cs,
                              gz ? " gz" : "");
                make_doc((enum doc_format)f, texts[t].title, texts[t].body,
                         utf8, sizeof utf8);
                in = to_utf16(utf8, big & 1, &len);
                snprintf(name, sizeof name, "u16-%zu-%d.%s%s", t, big & 1,
                         exts[f], gz ? ".gz" : "");
                read_path(name, in, len, gz, &c);
                assert_int_equal(c.n_arts, f == DOC_JSONL ? 2 : 1);
                assert_string_equal(c.arts[0].title, texts[t].title);
                assert_string_equal(c.arts[0].body, texts[t].body);
                if (f == DOC_JSONL) {
                    /* line numbers survive the conversion */
                    assert_int_equal(c.arts[1].line, 3);
                    assert_int_equal(c.arts[1].record, 2);
                } else {
                    assert_string_equal(c.arts[0].charset, cs);
                }
                assert_int_equal(c.n_warns, 0);
                capture_free(&c);
                free(in);
            }
        }
    }
}

static void
utf16_jsonl_with_a_bom_is_read(void **state)
{
    static const char utf8[] = "\xEF\xBB\xBF{\"title\":\"Заголовок\","
                               "\"body\":\"Текст новости.\"}\r\n"
                               "{\"title\":\"Второй\",\"body\":\"Ещё.\"}\r\n";
    struct capture c;
    size_t len;
    char *in = to_charset(utf8, "UTF-16LE", &len);
    (void)state;

    /* iconv wrote U+FEFF as FF FE: a BOM */
    assert_memory_equal(in, "\xFF\xFE", 2);
    read_path("bom16.ndjson", in, len, false, &c);
    assert_int_equal(c.n_arts, 2);
    assert_string_equal(c.arts[0].title, "Заголовок");
    assert_string_equal(c.arts[0].body, "Текст новости.");
    assert_string_equal(c.arts[1].title, "Второй");
    assert_int_equal(c.arts[1].line, 2);
    assert_int_equal(c.n_warns, 0);
    capture_free(&c);
    free(in);
}

/* A page whose charset meta comes after head_bytes of scripts, styles and
 * comments, some holding decoy "<meta charset" text; in charset. */
static char *
late_meta_page(size_t head_bytes, const char *meta, const char *title,
               const char *body, const char *charset, size_t *len)
{
    static const char *const filler[] = {
        "<script>var s = '<meta charset=\"koi8-r\">'; if (a < b) f(s);"
        "</script>\n",
        "<!-- <meta charset=\"windows-1251\"> old header, kept -->\n",
        "<style>body { font: 12px sans-serif; } p > a { color: red; }"
        "</style>\n",
        "<link rel=\"stylesheet\" href=\"/s.css\">\n",
        "<script type=\"application/ld+json\">{\"@type\":\"WebSite\"}"
        "</script>\n",
    };
    size_t cap = head_bytes + 4096;
    char *utf8 = malloc(cap);
    char *out;
    size_t n = 0;
    size_t k = 0;

    assert_non_null(utf8);
    n += (size_t)snprintf(utf8 + n, cap - n,
                          "<!DOCTYPE html>\n<html lang=\"pl\"><head>\n");
    while (n < head_bytes)
        n += (size_t)snprintf(utf8 + n, cap - n, "%s",
                              filler[k++ % (sizeof filler / sizeof filler[0])]);
    n += (size_t)snprintf(utf8 + n, cap - n,
                          "%s\n<title>%s</title></head>\n<body><article><p>%s"
                          "</p></article></body></html>\n",
                          meta, title, body);
    out = to_charset(utf8, charset, len);
    free(utf8);
    return out;
}

static void
html_charset_declared_late_in_the_head_is_honoured(void **state)
{
    static const struct {
        const char *meta;
        const char *title;
        const char *body;
        const char *iconv;
        const char *want;
    } cases[] = {
        {"<meta charset=\"iso-8859-2\">", "Wybory w Polsce",
         "Łódź i Gdańsk: wyborcy zagłosowali w niedzielę, frekwencja była "
         "wysoka.",
         "ISO-8859-2", "ISO-8859-2"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html; "
         "charset=windows-1251\">",
         "Новости дня",
         "Вчера в Москве прошло заседание правительства, на котором "
         "обсуждали новый бюджет.",
         "CP1251", "windows-1251"},
        {"<meta content='text/html;charset=\"ISO-8859-2\"' "
         "http-equiv=content-type>",
         "Volby v Česku",
         "Voliči v Brně a Ostravě odevzdali hlasy, účast byla vysoká.",
         "ISO-8859-2", "ISO-8859-2"},
    };
    static const size_t heads[] = {3 * 1024, 30 * 1024};
    size_t i;
    size_t h;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (h = 0; h < 2; h++) {
            struct capture c;
            size_t len;
            char *page = late_meta_page(heads[h], cases[i].meta, cases[i].title,
                                        cases[i].body, cases[i].iconv, &len);
            print_message("case %zu, %zu bytes of head\n", i, heads[h]);
            read_html(page, len, &c);
            assert_int_equal(c.n_arts, 1);
            assert_string_equal(c.arts[0].charset, cases[i].want);
            assert_string_equal(c.arts[0].title, cases[i].title);
            assert_string_equal(c.arts[0].body, cases[i].body);
            capture_free(&c);
            free(page);
        }
    }
}

static void
html_charset_rules_follow_the_browsers(void **state)
{
    char page[4096];
    struct capture c;
    size_t n;
    char *bytes;
    size_t len;
    (void)state;

    /* Past the head and the first 1024 bytes, a <meta> is body content (a
     * pasted widget, an embedded page), not the page's charset. */
    n = (size_t)snprintf(page, sizeof page,
                         "<html><head><title>Wybory</title></head><body>"
                         "<p>Łódź i Gdańsk głosowały.</p>");
    while (n < 1500)
        n += (size_t)snprintf(page + n, sizeof page - n,
                              "<p>Frekwencja była wysoka.</p>");
    snprintf(page + n, sizeof page - n,
             "<meta charset=\"windows-1251\"><p>Koniec.</p></body></html>");
    read_html(page, strlen(page), &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].charset, "UTF-8");
    assert_int_equal(strncmp(c.arts[0].body, "Łódź i Gdańsk", 17), 0);
    capture_free(&c);

    /* An unknown label is passed over for the next; UTF-16 means UTF-8. */
    bytes = to_charset("<head><meta charset=\"x-klingon\">"
                       "<meta charset=\"latin2\"></head><p>Łódź</p>",
                       "ISO-8859-2", &len);
    read_html(bytes, len, &c);
    assert_string_equal(c.arts[0].charset, "ISO-8859-2");
    assert_string_equal(c.arts[0].body, "Łódź");
    capture_free(&c);
    free(bytes);
    snprintf(page, sizeof page,
             "<meta charset=\"utf-16le\"><p>caf\xC3\xA9</p>");
    read_html(page, strlen(page), &c);
    assert_string_equal(c.arts[0].charset, "UTF-8");
    assert_string_equal(c.arts[0].body, "café");
    capture_free(&c);

    /* An XML declaration speaks when no meta does. */
    bytes = to_charset("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?>\n"
                       "<html><body><p>Łódź</p></body></html>",
                       "ISO-8859-2", &len);
    read_html(bytes, len, &c);
    assert_string_equal(c.arts[0].charset, "ISO-8859-2");
    assert_string_equal(c.arts[0].body, "Łódź");
    capture_free(&c);
    free(bytes);
}

static void
html_unclosed_svg_or_math_does_not_hide_the_story(void **state)
{
    static const struct {
        const char *html;
        const char *body;
    } cases[] = {
        /* an icon whose </svg> was lost, closed by its </div> */
        {"<article><div class=\"share\"><svg viewBox=\"0 0 20 20\">"
         "<path d=\"M0 0h20v20z\"/><title>Share</title></div>"
         "<p>Story paragraph one.</p><p>Story paragraph two.</p></article>",
         "Story paragraph one.\nStory paragraph two."},
        /* no wrapper: the next <p> leaves the svg */
        {"<body><svg><g><path d=\"M1 1\"></g><p>The story begins.</p>"
         "<p>It goes on.</p></body>",
         "The story begins.\nIt goes on."},
        /* an unclosed formula, ended by the </p> around it */
        {"<p>The rate is <math><mi>x</mi><mo>=</mo><mn>2</mn></p>"
         "<p>The rest of the story.</p>",
         "The rate is\nThe rest of the story."},
        /* <font> leaves foreign content only with color, face or size */
        {"<svg><font>glyphs</font><font color=\"red\">Red news.</font>",
         "Red news."},
        /* a stray end tag inside svg is ignored; text stays hidden */
        {"<div><svg><text>label</span> still label</text></svg>"
         "<p>After the chart.</p></div>",
         "After the chart."},
        /* HTML inside foreignObject is part of the drawing, no breakout */
        {"<svg><foreignObject><div>drawn</div><p>drawn too</p>"
         "</foreignObject></svg><p>After.</p>",
         "After."},
    };
    struct capture c;
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("case %zu\n", i);
        read_html(cases[i].html, strlen(cases[i].html), &c);
        assert_int_equal(c.n_arts, 1);
        assert_string_equal(c.arts[0].body, cases[i].body);
        capture_free(&c);
    }
}

static void
html_closed_svg_text_and_title_stay_out_of_the_article(void **state)
{
    /* A chart's labels and title are not the story, nor its headline. */
    static const char in[] =
        "<html><body><h1>Oil prices</h1><p>Before the chart.</p>"
        "<svg viewBox=\"0 0 100 50\"><title>Brent, 2020</title>"
        "<g><text x=\"1\" y=\"9\">USD 40</text><text>USD 60</text></g>"
        "<desc>A line chart</desc></svg>"
        "<p>After the chart.</p></body></html>";
    struct capture c;
    (void)state;

    read_html(in, sizeof in - 1, &c);
    assert_int_equal(c.n_arts, 1);
    assert_string_equal(c.arts[0].title, "Oil prices");
    /* (the <h1> is the title, not repeated in the body) */
    assert_string_equal(c.arts[0].body, "Before the chart.\nAfter the chart.");
    capture_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_header_block_fills_every_field),
        cmocka_unit_test(
            text_header_keys_ignore_case_and_title_falls_to_first_line),
        cmocka_unit_test(text_first_line_is_title_and_wire_paragraphs_are_kept),
        cmocka_unit_test(
            text_without_paragraph_marks_has_one_paragraph_per_line),
        cmocka_unit_test(text_headline_with_colon_is_not_a_header),
        cmocka_unit_test(text_paragraph_first_line_stays_in_body),
        cmocka_unit_test(text_single_line_is_a_headline_only_article),
        cmocka_unit_test(text_header_with_title_and_no_body_is_an_article),
        cmocka_unit_test(text_cp1251_without_declaration_decodes),
        cmocka_unit_test(text_charset_header_is_used_for_decoding),
        cmocka_unit_test(text_empty_and_binary_files_are_skipped_with_warnings),
        cmocka_unit_test(text_nul_bytes_are_removed_with_an_encoding_warning),
        cmocka_unit_test(html_metadata_comes_from_every_source),
        cmocka_unit_test(html_body_is_the_article_text_without_noise),
        cmocka_unit_test(html_without_article_takes_the_page_minus_furniture),
        cmocka_unit_test(
            html_title_drops_site_name_and_teaser_articles_are_ignored),
        cmocka_unit_test(title_loses_the_site_name_on_either_side),
        cmocka_unit_test(html_og_title_loses_the_site_name_too),
        cmocka_unit_test(html_jsonld_graph_and_main_element_are_used),
        cmocka_unit_test(html_other_date_metas_and_h1_title_are_fallbacks),
        cmocka_unit_test(html_dates_are_the_storys_not_those_it_cites),
        cmocka_unit_test(html_meta_charset_is_sniffed_before_decoding),
        cmocka_unit_test(html_broken_markup_never_crashes),
        cmocka_unit_test(html_huge_attribute_and_deep_nesting_are_linear),
        cmocka_unit_test(html_with_only_a_title_is_a_headline_only_article),
        cmocka_unit_test(truncated_and_mutated_inputs_never_fail),
        cmocka_unit_test(jsonl_good_and_broken_lines_are_numbered),
        cmocka_unit_test(jsonl_body_past_the_text_cap_is_cut_between_words),
        cmocka_unit_test(jsonl_long_line_is_skipped_and_force_lang_applies),
        cmocka_unit_test(jsonl_html_body_is_reduced_to_text),
        cmocka_unit_test(gz_files_are_read_as_their_inner_format),
        cmocka_unit_test(truncated_gz_is_skipped_whole),
        cmocka_unit_test(gzip_bomb_stops_at_the_size_limit),
        cmocka_unit_test(big_single_line_file_is_limited_before_reading),
        cmocka_unit_test(missing_unknown_and_special_files_report_status),
        cmocka_unit_test(format_follows_the_extension_through_gz),
        cmocka_unit_test(allocation_failures_report_enomem_and_leak_nothing),
        cmocka_unit_test(text_stray_byte_in_utf8_is_replaced_with_a_warning),
        cmocka_unit_test(utf16_without_bom_is_read_in_every_format),
        cmocka_unit_test(utf16_jsonl_with_a_bom_is_read),
        cmocka_unit_test(html_charset_declared_late_in_the_head_is_honoured),
        cmocka_unit_test(html_charset_rules_follow_the_browsers),
        cmocka_unit_test(html_unclosed_svg_or_math_does_not_hide_the_story),
        cmocka_unit_test(
            html_closed_svg_text_and_title_stay_out_of_the_article),
        cmocka_unit_test(corpus_reuters_jsonl_has_20841_articles),
        cmocka_unit_test(corpus_text_samples_read_cleanly),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown) ? 1 : 0;
}
