/* test_cgi_request.c - one request to dateline.cgi (cgi_request.h) and
 * its settings (cgi_conf.h), over a small archive indexed here: the
 * status line and headers of every kind of answer, a search in HTML and
 * JSON, the article view of a hit and of an unknown id, bad parameters,
 * a search over its budget (counted, not timed: wildcards over the cap),
 * no database, HEAD and other methods, an allocation failure at every
 * step; and the configuration file's settings, defaults and refusals. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "cgi_conf.h"
#include "cgi_request.h"
#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_log.h"
#include "pipeline.h"

static char root[64];
static char dbdir[96];

/* More words starting with "zq" than DL_SEARCH_MAX_WILDCARD_TERMS / 100,
 * so "zq*" ORed 100 times is over the cap by construction. */
#define N_ZQ_WORDS 30

struct answer {
    char status_line[64]; /* "Status: 200 OK", no CRLF */
    char *headers;        /* the whole header block, NUL-terminated */
    char *body;           /* NUL-terminated */
    size_t body_len;
};

static void
write_file(const char *name, const char *text)
{
    char path[160];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", root, name);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
    struct dl_index_opts o;
    struct dl_index_stats st;
    const char *roots[1];
    dl_buf zq = DL_BUF_INIT;
    dl_err err;
    int i;

    (void)state;
    dl_log_set_quiet(1);
    snprintf(root, sizeof root, "/tmp/dl_cgireq_XXXXXX");
    if (mkdtemp(root) == NULL)
        return -1;
    write_file("grain.txt",
               "Title: Kazakhstan cuts grain harvest forecast\n"
               "Date: 2021-10-05\nSource: Steppe Wire\nLanguage: en\n\n"
               "Kazakhstan cut its grain harvest forecast after a drought.\n");
    write_file("tea.txt", "Title: Tea <prices> & \"rain\"\n"
                          "Date: 2020-03-01\nSource: Baltic Morning\n"
                          "Language: en\n\n"
                          "Tea prices rose after the rain in the hills.\n");
    if (dl_buf_puts(&zq, "Title: Zq words\nLanguage: en\n\n") != DL_OK)
        return -1;
    for (i = 0; i < N_ZQ_WORDS; i++) {
        if (dl_buf_printf(&zq, "zq%c%c ", 'a' + i / 26, 'a' + i % 26) != DL_OK)
            return -1;
    }
    if (dl_buf_puts(&zq, "\n") != DL_OK)
        return -1;
    write_file("zq.txt", zq.data);
    dl_buf_free(&zq);
    snprintf(dbdir, sizeof dbdir, "%s.db", root);
    dl_index_opts_init(&o);
    o.db_path = dbdir;
    o.jobs = 1;
    memset(&st, 0, sizeof st);
    roots[0] = root;
    if (dl_index_run(&o, roots, 1, &st, &err) != DL_OK) {
        fprintf(stderr, "indexing %s: %s\n", root, err.msg);
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    char cmd[256];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", root, dbdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A configuration with the test database and the default limits. */
static void
conf_with_db(struct dl_cgi_conf *c)
{
    dl_cgi_conf_init(c);
    assert_int_equal(dl_cgi_conf_read(c, dbdir, "/dev/null"), DL_OK);
}

/* Split a raw answer into status line, headers and body. */
static void
split_answer(const dl_buf *out, struct answer *a)
{
    const char *end;
    size_t head_len;
    const char *eol;

    assert_non_null(out->data);
    end = strstr(out->data, "\r\n\r\n");
    assert_non_null(end);
    head_len = (size_t)(end - out->data) + 2;
    eol = strstr(out->data, "\r\n");
    assert_true((size_t)(eol - out->data) < sizeof a->status_line);
    memcpy(a->status_line, out->data, (size_t)(eol - out->data));
    a->status_line[eol - out->data] = '\0';
    a->headers = strndup(out->data, head_len);
    a->body_len = out->len - head_len - 2;
    a->body = strndup(end + 4, a->body_len);
    assert_non_null(a->headers);
    assert_non_null(a->body);
}

static void
answer_free(struct answer *a)
{
    free(a->headers);
    free(a->body);
}

/* Answer one request with a service over conf, split. */
static void
ask_with(const struct dl_cgi_conf *c, const char *method, const char *qs,
         struct answer *a)
{
    struct dl_cgi_service svc;
    dl_buf out = DL_BUF_INIT;

    dl_cgi_service_init(&svc, c);
    assert_int_equal(dl_cgi_answer(&svc, method, qs, &out), DL_OK);
    split_answer(&out, a);
    dl_buf_free(&out);
    dl_cgi_service_close(&svc);
}

static void
ask(const char *method, const char *qs, struct answer *a)
{
    struct dl_cgi_conf c;
    conf_with_db(&c);
    ask_with(&c, method, qs, a);
    dl_cgi_conf_free(&c);
}

/* The value of header name in a (borrowed into buf), or NULL. */
static const char *
header(const struct answer *a, const char *name, char *buf, size_t size)
{
    char key[64];
    const char *at;
    const char *eol;
    snprintf(key, sizeof key, "\r\n%s: ", name);
    at = strstr(a->headers, key);
    if (at == NULL)
        return NULL;
    at += strlen(key);
    eol = strstr(at, "\r\n");
    assert_non_null(eol);
    assert_true((size_t)(eol - at) < size);
    memcpy(buf, at, (size_t)(eol - at));
    buf[eol - at] = '\0';
    return buf;
}

/* The headers every answer carries, and a Content-Length that is the
 * body's. */
static void
check_common_headers(const struct answer *a, const char *type, bool head)
{
    char v[512];
    char want[64];
    assert_string_equal(header(a, "Content-Type", v, sizeof v), type);
    assert_string_equal(header(a, "X-Content-Type-Options", v, sizeof v),
                        "nosniff");
    assert_string_equal(header(a, "Referrer-Policy", v, sizeof v),
                        "no-referrer");
    assert_string_equal(header(a, "X-Frame-Options", v, sizeof v), "DENY");
    assert_non_null(header(a, "Content-Security-Policy", v, sizeof v));
    assert_non_null(strstr(v, "default-src 'none'"));
    if (!head) {
        snprintf(want, sizeof want, "%zu", a->body_len);
        assert_string_equal(header(a, "Content-Length", v, sizeof v), want);
    }
}

static json_t *
parse_json(const struct answer *a)
{
    json_error_t jerr;
    json_t *j = json_loads(a->body, 0, &jerr);
    if (j == NULL)
        fail_msg("not JSON (%s): %s", jerr.text, a->body);
    return j;
}

static void
search_answers_a_results_page_with_the_hit(void **state)
{
    struct answer a;
    (void)state;
    ask("GET", "q=grain+harvest", &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    check_common_headers(&a, "text/html; charset=utf-8", false);
    assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
    assert_non_null(strstr(a.body, "Kazakhstan cuts"));
    assert_null(strstr(a.body, "Tea "));
    answer_free(&a);
}

static void
search_in_json_answers_the_clis_object(void **state)
{
    struct answer a;
    json_t *j;
    json_t *hits;
    (void)state;
    ask(NULL, "q=tea&format=json", &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    check_common_headers(&a, "application/json; charset=utf-8", false);
    j = parse_json(&a);
    hits = json_object_get(j, "hits");
    assert_int_equal(json_array_size(hits), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(hits, 0), "title")),
        "Tea <prices> & \"rain\"");
    json_decref(j);
    answer_free(&a);
}

/* The id of the first hit of a JSON search for q (caller frees). */
static char *
first_hit_id(const char *q)
{
    char qs[128];
    struct answer a;
    json_t *j;
    char *id;
    snprintf(qs, sizeof qs, "q=%s&format=json", q);
    ask("GET", qs, &a);
    j = parse_json(&a);
    id = strdup(json_string_value(
        json_object_get(json_array_get(json_object_get(j, "hits"), 0), "id")));
    json_decref(j);
    answer_free(&a);
    assert_non_null(id);
    return id;
}

static void
show_answers_the_article_view_escaped(void **state)
{
    char qs[256];
    struct answer a;
    json_t *j;
    char *id = first_hit_id("tea");
    (void)state;
    assert_true(strlen(id) < 100);
    snprintf(qs, sizeof qs, "show=%s&q=rain", id);
    ask("GET", qs, &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    check_common_headers(&a, "text/html; charset=utf-8", false);
    assert_non_null(strstr(a.body, "Tea &lt;prices&gt; &amp; &quot;rain"));
    assert_null(strstr(a.body, "<prices>"));
    assert_non_null(strstr(a.body, "<mark>rain</mark>"));
    answer_free(&a);

    snprintf(qs, sizeof qs, "show=%s&format=json", id);
    ask("GET", qs, &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    j = parse_json(&a);
    assert_string_equal(json_string_value(json_object_get(j, "id")), id);
    json_decref(j);
    answer_free(&a);
    free(id);
}

static void
show_of_an_unknown_id_is_404_in_both_formats(void **state)
{
    struct answer a;
    json_t *j;
    (void)state;
    ask("GET", "show=no%2Fsuch.txt", &a);
    assert_string_equal(a.status_line, "Status: 404 Not Found");
    check_common_headers(&a, "text/html; charset=utf-8", false);
    answer_free(&a);
    ask("GET", "show=no%2Fsuch.txt&format=json", &a);
    assert_string_equal(a.status_line, "Status: 404 Not Found");
    j = parse_json(&a);
    assert_string_equal(json_string_value(json_object_get(j, "error")),
                        "No article has this id.");
    json_decref(j);
    answer_free(&a);
}

static void
bad_parameter_gets_a_page_or_a_400(void **state)
{
    static const char *const bad[] = {"q=x&page=0", "q=x&sort=sideways",
                                      "q=x&from=2020-13", "q=%ZZ",
                                      "q=x&page=1&page=2"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char qs[96];
        struct answer a;
        json_t *j;
        /* HTML: the form again with what was wrong (200, so the reader
         * sees the page in every browser). */
        ask("GET", bad[i], &a);
        assert_string_equal(a.status_line, "Status: 200 OK");
        check_common_headers(&a, "text/html; charset=utf-8", false);
        assert_non_null(strstr(a.body, "<form"));
        answer_free(&a);
        /* JSON asked for first: 400 and the reason. */
        snprintf(qs, sizeof qs, "format=json&%s", bad[i]);
        ask("GET", qs, &a);
        assert_string_equal(a.status_line, "Status: 400 Bad Request");
        check_common_headers(&a, "application/json; charset=utf-8", false);
        j = parse_json(&a);
        assert_true(json_string_length(json_object_get(j, "error")) > 0);
        json_decref(j);
        answer_free(&a);
    }
}

static void
search_over_budget_is_422_and_the_next_one_runs(void **state)
{
    struct dl_cgi_conf c;
    struct dl_cgi_service svc;
    dl_buf heavy = DL_BUF_INIT;
    dl_buf qs = DL_BUF_INIT;
    dl_buf out = DL_BUF_INIT;
    struct answer a;
    json_t *j;
    int i;
    (void)state;
    for (i = 0; i < 100; i++)
        assert_int_equal(dl_buf_puts(&heavy, i ? "+OR+zq*" : "zq*"), DL_OK);
    conf_with_db(&c);
    dl_cgi_service_init(&svc, &c);
    assert_int_equal(dl_buf_printf(&qs, "q=%s", heavy.data), DL_OK);
    assert_int_equal(dl_cgi_answer(&svc, "GET", qs.data, &out), DL_OK);
    split_answer(&out, &a);
    assert_string_equal(a.status_line, "Status: 422 Unprocessable Content");
    check_common_headers(&a, "text/html; charset=utf-8", false);
    assert_non_null(strstr(a.body, "too expensive"));
    answer_free(&a);

    dl_buf_reset(&qs);
    dl_buf_reset(&out);
    assert_int_equal(dl_buf_printf(&qs, "format=json&q=%s", heavy.data), DL_OK);
    assert_int_equal(dl_cgi_answer(&svc, "GET", qs.data, &out), DL_OK);
    split_answer(&out, &a);
    assert_string_equal(a.status_line, "Status: 422 Unprocessable Content");
    j = parse_json(&a);
    assert_non_null(strstr(json_string_value(json_object_get(j, "error")),
                           "This search is too expensive: "));
    json_decref(j);
    answer_free(&a);

    /* The same service answers the next search. */
    dl_buf_reset(&out);
    assert_int_equal(dl_cgi_answer(&svc, "GET", "q=zq*", &out), DL_OK);
    split_answer(&out, &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    assert_non_null(strstr(a.body, "Zq words"));
    answer_free(&a);
    dl_buf_free(&heavy);
    dl_buf_free(&qs);
    dl_buf_free(&out);
    dl_cgi_service_close(&svc);
    dl_cgi_conf_free(&c);
}

static void
methods_other_than_get_and_head_are_405_with_allow(void **state)
{
    char v[64];
    struct answer a;
    (void)state;
    ask("POST", "q=grain", &a);
    assert_string_equal(a.status_line, "Status: 405 Method Not Allowed");
    check_common_headers(&a, "application/json; charset=utf-8", false);
    assert_string_equal(header(&a, "Allow", v, sizeof v), "GET, HEAD");
    assert_string_equal(a.body,
                        "{\"error\":\"Only GET and HEAD are supported.\"}\n");
    answer_free(&a);
    ask("GET", "q=grain", &a);
    assert_null(header(&a, "Allow", v, sizeof v));
    answer_free(&a);
}

static void
head_sends_the_headers_of_get_and_no_body(void **state)
{
    char v[64];
    char len[64];
    struct answer get;
    struct answer head;
    (void)state;
    ask("GET", "q=grain", &get);
    ask("HEAD", "q=grain", &head);
    assert_string_equal(head.status_line, get.status_line);
    check_common_headers(&head, "text/html; charset=utf-8", true);
    assert_int_equal(head.body_len, 0);
    snprintf(len, sizeof len, "%zu", get.body_len);
    assert_string_equal(header(&head, "Content-Length", v, sizeof v), len);
    answer_free(&get);
    answer_free(&head);
}

static void
no_query_is_the_home_page_or_a_json_400(void **state)
{
    struct answer a;
    (void)state;
    ask("GET", NULL, &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    assert_non_null(strstr(a.body, "<form"));
    answer_free(&a);
    ask("GET", "format=json", &a);
    assert_string_equal(a.status_line, "Status: 400 Bad Request");
    assert_string_equal(
        a.body, "{\"error\":\"Nothing to search for: give q or a filter.\"}\n");
    answer_free(&a);
}

static void
no_database_is_503_for_a_search_but_the_home_page_works(void **state)
{
    struct dl_cgi_conf c;
    struct answer a;
    (void)state;
    dl_cgi_conf_init(&c);
    ask_with(&c, "GET", "q=grain", &a);
    assert_string_equal(a.status_line, "Status: 503 Service Unavailable");
    check_common_headers(&a, "text/html; charset=utf-8", false);
    answer_free(&a);
    ask_with(&c, "GET", "q=grain&format=json", &a);
    assert_string_equal(a.status_line, "Status: 503 Service Unavailable");
    assert_string_equal(a.body,
                        "{\"error\":\"The search service is unavailable.\"}\n");
    answer_free(&a);
    ask_with(&c, "GET", "", &a);
    assert_string_equal(a.status_line, "Status: 200 OK");
    answer_free(&a);
}

static void
every_allocation_failure_still_answers_or_reports_enomem(void **state)
{
    struct dl_cgi_conf c;
    long n;
    (void)state;
    conf_with_db(&c);
    for (n = 0; n < 20000; n++) {
        struct dl_cgi_service svc;
        dl_buf out = DL_BUF_INIT;
        long before = dl_alloc_injected_failures();
        bool injected;
        const char *body;
        dl_status st;
        dl_cgi_service_init(&svc, &c);
        dl_alloc_fail_after(n, 0);
        st = dl_cgi_answer(&svc, "GET", "q=grain+harvest&format=json", &out);
        dl_alloc_fail_after(-1, 0);
        injected = dl_alloc_injected_failures() != before;
        if (st == DL_OK) {
            /* Whole answers only: the results, or a fixed failure. */
            assert_non_null(out.data);
            assert_true(strncmp(out.data, "Status: 200 ", 12) == 0 ||
                        strncmp(out.data, "Status: 500 ", 12) == 0 ||
                        strncmp(out.data, "Status: 503 ", 12) == 0);
            body = strstr(out.data, "\r\n\r\n");
            assert_non_null(body);
            /* JSON, or the fixed text when memory ran out before the
             * parameters said JSON. */
            assert_true(body[4] == '{' ||
                        strcmp(body + 4, "Internal error.\n") == 0);
        } else {
            assert_int_equal(st, DL_ENOMEM);
        }
        dl_buf_free(&out);
        dl_cgi_service_close(&svc);
        if (!injected) {
            assert_int_equal(st, DL_OK);
            dl_cgi_conf_free(&c);
            return;
        }
    }
    fail_msg("the request never ran without a failure");
}

/* Write a configuration file; its path in path. */
static void
conf_file(char *path, size_t size, const char *text)
{
    FILE *f;
    snprintf(path, size, "%s/dateline.conf", root);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

static void
conf_file_sets_databases_and_limits(void **state)
{
    char path[128];
    struct dl_cgi_conf c;
    (void)state;
    conf_file(path, sizeof path,
              "# comment\n\n  db = /a/one  \ndb=/a/two\r\ncpu_seconds = 4\n"
              "memory_mb = 0\nmystery = 1\n");
    dl_cgi_conf_init(&c);
    assert_int_equal(dl_cgi_conf_read(&c, NULL, path), DL_OK);
    assert_int_equal(c.n_specs, 2);
    assert_string_equal(c.specs[0], "/a/one");
    assert_string_equal(c.specs[1], "/a/two");
    assert_int_equal(c.cpu_seconds, 4);
    assert_int_equal(c.memory_mb, 0);
    /* Half of cpu_seconds, at most the default. */
    assert_int_equal(c.search_cpu_ms, 2000);
    dl_cgi_conf_free(&c);

    conf_file(path, sizeof path, "db = /a/one\ncpu_seconds = 3\n");
    dl_cgi_conf_init(&c);
    assert_int_equal(dl_cgi_conf_read(&c, "/env/db", path), DL_OK);
    assert_int_equal(c.n_specs, 1);
    assert_string_equal(c.specs[0], "/env/db");
    assert_int_equal(c.search_cpu_ms, 1500);
    dl_cgi_conf_free(&c);
    assert_int_equal(c.n_specs, 0);
}

static void
conf_file_refuses_bad_lines_and_budgets(void **state)
{
    static const char *const bad[] = {
        "db = /a\nno equals sign\n",
        "db = /a\ncpu_seconds = 0\n",
        "db = /a\ncpu_seconds = 10x\n",
        "db = /a\nmemory_mb = -1\n",
        "db = /a\nsearch_cpu_ms = 5000\ncpu_seconds = 5\n",
        "cpu_seconds = 5\n",
    };
    char path[128];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct dl_cgi_conf c;
        conf_file(path, sizeof path, bad[i]);
        dl_cgi_conf_init(&c);
        assert_int_equal(dl_cgi_conf_read(&c, NULL, path), DL_EINVAL);
        dl_cgi_conf_free(&c);
    }
}

static void
conf_file_refuses_long_lines_nul_bytes_and_a_missing_named_file(void **state)
{
    char path[128];
    char *text = malloc(9000);
    struct dl_cgi_conf c;
    FILE *f;
    (void)state;
    assert_non_null(text);
    memset(text, ' ', 8999);
    memcpy(text, "db = /a", 7);
    text[8998] = '\n';
    text[8999] = '\0';
    conf_file(path, sizeof path, text);
    free(text);
    dl_cgi_conf_init(&c);
    assert_int_equal(dl_cgi_conf_read(&c, NULL, path), DL_EINVAL);
    assert_int_equal(c.n_specs, 0);
    dl_cgi_conf_free(&c);

    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite("db = /a\0b\n", 1, 10, f), 10);
    assert_int_equal(fclose(f), 0);
    dl_cgi_conf_init(&c);
    assert_int_equal(dl_cgi_conf_read(&c, NULL, path), DL_EINVAL);
    assert_int_equal(c.n_specs, 0);
    dl_cgi_conf_free(&c);

    dl_cgi_conf_init(&c);
    assert_int_equal(dl_cgi_conf_read(&c, "/env/db", "/nonexistent/x.conf"),
                     DL_EIO);
    dl_cgi_conf_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(search_answers_a_results_page_with_the_hit),
        cmocka_unit_test(search_in_json_answers_the_clis_object),
        cmocka_unit_test(show_answers_the_article_view_escaped),
        cmocka_unit_test(show_of_an_unknown_id_is_404_in_both_formats),
        cmocka_unit_test(bad_parameter_gets_a_page_or_a_400),
        cmocka_unit_test(search_over_budget_is_422_and_the_next_one_runs),
        cmocka_unit_test(methods_other_than_get_and_head_are_405_with_allow),
        cmocka_unit_test(head_sends_the_headers_of_get_and_no_body),
        cmocka_unit_test(no_query_is_the_home_page_or_a_json_400),
        cmocka_unit_test(
            no_database_is_503_for_a_search_but_the_home_page_works),
        cmocka_unit_test(
            every_allocation_failure_still_answers_or_reports_enomem),
        cmocka_unit_test(conf_file_sets_databases_and_limits),
        cmocka_unit_test(conf_file_refuses_bad_lines_and_budgets),
        cmocka_unit_test(
            conf_file_refuses_long_lines_nul_bytes_and_a_missing_named_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown) ? 1 : 0;
}
