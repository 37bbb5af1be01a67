/* test_buf.c - dl_buf, dl_alloc fault injection, dl_status and the schema
 * helpers (dl_schema_term, document data round trip). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zlib.h>

#include "dl_alloc.h"
#include "dl_body.h"
#include "dl_buf.h"
#include "dl_schema.h"
#include "dl_status.h"

static void
appends_grow_and_stay_nul_terminated(void **state)
{
    dl_buf b = DL_BUF_INIT;
    int i;
    (void)state;
    for (i = 0; i < 1000; i++)
        assert_int_equal(dl_buf_puts(&b, "abc"), DL_OK);
    assert_int_equal(b.len, 3000);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(dl_buf_printf(&b, "%d-%s", 42, "x"), DL_OK);
    assert_string_equal(b.data + 3000, "42-x");
    dl_buf_free(&b);
    assert_null(b.data);
}

static void
failed_append_leaves_buffer_unchanged(void **state)
{
    dl_buf b = DL_BUF_INIT;
    char big[200];
    (void)state;
    memset(big, 'z', sizeof big);
    assert_int_equal(dl_buf_puts(&b, "keep"), DL_OK);
    dl_alloc_fail_after(0, 0);
    assert_int_equal(dl_buf_append(&b, big, sizeof big), DL_ENOMEM);
    assert_int_equal(b.len, 4);
    assert_string_equal(b.data, "keep");
    assert_true(dl_alloc_injected_failures() >= 1);
    /* Injection was one-shot: the next append succeeds. */
    assert_int_equal(dl_buf_append(&b, big, sizeof big), DL_OK);
    dl_buf_free(&b);
}

static void
sticky_injection_fails_every_allocation(void **state)
{
    void *p;
    (void)state;
    dl_alloc_fail_after(1, 1);
    p = dl_malloc(8);
    assert_non_null(p);
    dl_free(p);
    assert_null(dl_malloc(8));
    assert_null(dl_malloc(8));
    dl_alloc_fail_after(-1, 0);
    p = dl_malloc(8);
    assert_non_null(p);
    dl_free(p);
}

static void
steal_hands_over_contents(void **state)
{
    dl_buf b = DL_BUF_INIT;
    size_t n = 0;
    char *s;
    (void)state;
    s = dl_buf_steal(&b, &n);
    assert_non_null(s);
    assert_string_equal(s, "");
    dl_free(s);
    assert_int_equal(dl_buf_puts(&b, "news"), DL_OK);
    s = dl_buf_steal(&b, &n);
    assert_string_equal(s, "news");
    assert_int_equal(n, 4);
    assert_null(b.data);
    dl_free(s);
}

static void
err_set_records_code_and_truncates_message(void **state)
{
    dl_err err;
    char longmsg[600];
    (void)state;
    memset(longmsg, 'm', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    assert_int_equal(dl_err_set(&err, DL_EIO, "%s", longmsg), DL_EIO);
    assert_int_equal(err.code, DL_EIO);
    assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
    assert_int_equal(dl_err_set(NULL, DL_ENOMEM, "x"), DL_ENOMEM);
    assert_string_equal(dl_status_str(DL_ELOCKED), "database locked");
}

static void
short_terms_are_prefix_plus_text(void **state)
{
    dl_buf t = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_schema_term(&t, "Q", "corpus/a.txt", 12), DL_OK);
    assert_string_equal(t.data, "Qcorpus/a.txt");
    dl_buf_free(&t);
}

static void
long_terms_are_cut_and_hashed_under_the_limit(void **state)
{
    dl_buf a = DL_BUF_INIT;
    dl_buf b = DL_BUF_INIT;
    char text[1000];
    (void)state;
    /* Two-byte letters so a naive cut would split a sequence. */
    for (size_t i = 0; i + 1 < sizeof text; i += 2) {
        text[i] = (char)0xD0;
        text[i + 1] = (char)0xB0; /* а */
    }
    assert_int_equal(dl_schema_term(&a, "XF", text, 998), DL_OK);
    assert_true(a.len <= DL_MAX_TERM_BYTES);
    assert_int_equal(a.data[a.len - 17], '#');
    /* The cut ends on a whole character. */
    assert_int_equal((unsigned char)a.data[a.len - 18], 0xB0);
    text[997] = (char)0xB1; /* differs only past the cut */
    assert_int_equal(dl_schema_term(&b, "XF", text, 998), DL_OK);
    assert_string_not_equal(a.data, b.data);
    dl_buf_free(&a);
    dl_buf_free(&b);
}

static void
docdata_round_trips_and_folds_newlines(void **state)
{
    struct dl_docdata d;
    struct dl_docdata back;
    dl_buf out = DL_BUF_INIT;
    (void)state;
    memset(&d, 0, sizeof d);
    d.id.p = "corpus/x.jsonl#3";
    d.id.n = strlen(d.id.p);
    d.title.p = "Grain\nharvest";
    d.title.n = strlen(d.title.p);
    d.date.p = "20201113";
    d.date.n = 8;
    d.body.p = "Body line 1.\n\nBody line 2.";
    d.body.n = strlen(d.body.p);
    assert_int_equal(dl_docdata_encode(&d, &out), DL_OK);
    dl_docdata_decode(out.data, out.len, &back);
    assert_int_equal(back.id.n, d.id.n);
    assert_memory_equal(back.id.p, d.id.p, d.id.n);
    assert_int_equal(back.title.n, 13);
    assert_memory_equal(back.title.p, "Grain harvest", 13);
    assert_memory_equal(back.date.p, "20201113", 8);
    assert_null(back.url.p);
    assert_int_equal(back.body.n, d.body.n);
    assert_memory_equal(back.body.p, d.body.p, d.body.n);
    dl_buf_free(&out);
}

static void
docdata_decode_survives_garbage(void **state)
{
    struct dl_docdata d;
    static const char junk[] = "no equals here\n=\nx=y\ntitle";
    (void)state;
    dl_docdata_decode(junk, sizeof junk - 1, &d);
    assert_null(d.body.p);
    dl_docdata_decode("", 0, &d);
    assert_null(d.title.p);
}

/* A stored body packs and unpacks to the same bytes, and packs smaller. */
static void
body_round_trips(void **state)
{
    static const char text[] =
        "Wheat exports rose sharply in March, the ministry said. Wheat "
        "exports rose sharply in March, the ministry said again.";
    dl_buf z = DL_BUF_INIT, back = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_body_pack(text, strlen(text), &z), DL_OK);
    assert_true(z.len > 0 && z.len < strlen(text));
    assert_int_equal(dl_body_unpack(z.data, z.len, &back), DL_OK);
    assert_int_equal(back.len, strlen(text));
    assert_string_equal(back.data, text);
    dl_buf_free(&z);
    dl_buf_free(&back);
}

/* A body that fits the first round unpacks with two allocations (zlib's
 * state and the output): no sliding window, which a search page would
 * otherwise allocate and fill for every hit. */
static void
body_that_fits_needs_no_window(void **state)
{
    static const char text[] =
        "Grain harvest begins in the north, early, the ministry said.";
    dl_buf z = DL_BUF_INIT, back = DL_BUF_INIT;
    (void)state;
    assert_int_equal(dl_body_pack(text, strlen(text), &z), DL_OK);
    dl_alloc_fail_after(2, 1);
    assert_int_equal(dl_body_unpack(z.data, z.len, &back), DL_OK);
    dl_alloc_fail_after(-1, 0);
    assert_string_equal(back.data, text);
    /* and with only one allocation allowed (an empty buffer again) it
     * fails cleanly */
    dl_buf_free(&back);
    dl_alloc_fail_after(1, 1);
    assert_int_equal(dl_body_unpack(z.data, z.len, &back), DL_ENOMEM);
    dl_alloc_fail_after(-1, 0);
    assert_int_equal(back.len, 0);
    dl_buf_free(&z);
    dl_buf_free(&back);
}

/* Past DL_STORED_BODY_MAX the body is cut, on a UTF-8 boundary. */
static void
body_is_cut_at_the_cap_on_a_code_point(void **state)
{
    size_t n = DL_STORED_BODY_MAX + 100;
    char *big = dl_malloc(n);
    dl_buf z = DL_BUF_INIT, back = DL_BUF_INIT;
    size_t i;
    (void)state;
    assert_non_null(big);
    for (i = 0; i + 1 < n; i += 2) { /* "ж" is 2 bytes: D0 B6 */
        big[i] = (char)0xD0;
        big[i + 1] = (char)0xB6;
    }
    big[DL_STORED_BODY_MAX - 1] = (char)0xE2; /* a 3-byte sequence across */
    big[DL_STORED_BODY_MAX] = (char)0x80;
    big[DL_STORED_BODY_MAX + 1] = (char)0x94;
    assert_int_equal(dl_body_pack(big, n, &z), DL_OK);
    assert_int_equal(dl_body_unpack(z.data, z.len, &back), DL_OK);
    assert_int_equal(back.len, DL_STORED_BODY_MAX - 1);
    dl_free(big);
    dl_buf_free(&z);
    dl_buf_free(&back);
}

/* A damaged, cut or oversized stream is refused with an empty buffer. */
static void
bad_bodies_are_refused(void **state)
{
    static const char text[] = "Grain harvest begins in the north, early.";
    dl_buf z = DL_BUF_INIT, back = DL_BUF_INIT;
    char *zeros;
    unsigned char bomb[4096];
    z_stream zs;
    size_t n = DL_STORED_BODY_MAX + 1;
    (void)state;
    assert_int_equal(dl_body_pack(text, strlen(text), &z), DL_OK);
    /* cut short */
    assert_int_equal(dl_body_unpack(z.data, z.len - 3, &back), DL_EINVAL);
    assert_int_equal(back.len, 0);
    /* garbage */
    assert_int_equal(dl_body_unpack("\xff\xfe\xfd\xfc", 4, &back), DL_EINVAL);
    assert_int_equal(back.len, 0);
    /* a stream one byte past the cap (written by zlib directly) */
    zeros = dl_calloc(n, 1);
    assert_non_null(zeros);
    memset(&zs, 0, sizeof zs);
    assert_int_equal(
        deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)zeros;
    zs.avail_in = (uInt)n;
    zs.next_out = bomb;
    zs.avail_out = sizeof bomb;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(dl_body_unpack((const char *)bomb, zs.total_out, &back),
                     DL_EINVAL);
    assert_int_equal(back.len, 0);
    deflateEnd(&zs);
    dl_free(zeros);
    dl_buf_free(&z);
    dl_buf_free(&back);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appends_grow_and_stay_nul_terminated),
        cmocka_unit_test(failed_append_leaves_buffer_unchanged),
        cmocka_unit_test(sticky_injection_fails_every_allocation),
        cmocka_unit_test(steal_hands_over_contents),
        cmocka_unit_test(err_set_records_code_and_truncates_message),
        cmocka_unit_test(short_terms_are_prefix_plus_text),
        cmocka_unit_test(long_terms_are_cut_and_hashed_under_the_limit),
        cmocka_unit_test(docdata_round_trips_and_folds_newlines),
        cmocka_unit_test(docdata_decode_survives_garbage),
        cmocka_unit_test(body_round_trips),
        cmocka_unit_test(body_that_fits_needs_no_window),
        cmocka_unit_test(body_is_cut_at_the_cap_on_a_code_point),
        cmocka_unit_test(bad_bodies_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
