/* test_decode.c - dl_decode: BOMs, declared charsets, detection of CP1251,
 * KOI8-R, KZ-1048, PT154 and Latin-1, repair of bad UTF-8, NUL removal,
 * binary sniffing; then, when the research corpora are present, every BBC
 * file and CP1251/KOI8-R round trips of SlavicNER Russian articles. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dl_alloc.h"
#include "dl_decode.h"

/* Our own sentences (not corpus text), encoded with Python's codecs. */
static const char ru_utf8[] =
    "Вчера в Москве прошло заседание правительства, на котором обсуждали "
    "новый бюджет.";
static const char ru_cp1251[] =
    "\xC2\xF7\xE5\xF0\xE0 \xE2 \xCC\xEE\xF1\xEA\xE2\xE5 \xEF\xF0\xEE\xF8\xEB"
    "\xEE \xE7\xE0\xF1\xE5\xE4\xE0\xED\xE8\xE5 \xEF\xF0\xE0\xE2\xE8\xF2\xE5"
    "\xEB\xFC\xF1\xF2\xE2\xE0, \xED\xE0 \xEA\xEE\xF2\xEE\xF0\xEE\xEC \xEE\xE1"
    "\xF1\xF3\xE6\xE4\xE0\xEB\xE8 \xED\xEE\xE2\xFB\xE9 \xE1\xFE\xE4\xE6\xE5"
    "\xF2.";
static const char ru_koi8[] =
    "\xF7\xDE\xC5\xD2\xC1 \xD7 \xED\xCF\xD3\xCB\xD7\xC5 \xD0\xD2\xCF\xDB\xCC"
    "\xCF \xDA\xC1\xD3\xC5\xC4\xC1\xCE\xC9\xC5 \xD0\xD2\xC1\xD7\xC9\xD4\xC5"
    "\xCC\xD8\xD3\xD4\xD7\xC1, \xCE\xC1 \xCB\xCF\xD4\xCF\xD2\xCF\xCD \xCF\xC2"
    "\xD3\xD5\xD6\xC4\xC1\xCC\xC9 \xCE\xCF\xD7\xD9\xCA \xC2\xC0\xC4\xD6\xC5"
    "\xD4.";
static const char hello_utf8[] = "Привет, мир";
static const char hello_cp1251[] = "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0";
static const char hello_koi8[] = "\xF0\xD2\xC9\xD7\xC5\xD4, \xCD\xC9\xD2";
static const char kk_utf8[] =
    "Қазақ тілі мемлекеттік тіл. Біз бүгін ауылға барамыз, әкем мен шешем "
    "үйде.";
static const char kk_kz1048[] =
    "\x8D\xE0\xE7\xE0\x9D \xF2\xB3\xEB\xB3 \xEC\xE5\xEC\xEB\xE5\xEA\xE5\xF2"
    "\xF2\xB3\xEA \xF2\xB3\xEB. \xC1\xB3\xE7 \xE1\xBF\xE3\xB3\xED \xE0\xF3"
    "\xFB\xEB\xBA\xE0 \xE1\xE0\xF0\xE0\xEC\xFB\xE7, \xBC\xEA\xE5\xEC \xEC\xE5"
    "\xED \xF8\xE5\xF8\xE5\xEC \xBF\xE9\xE4\xE5.";
static const char kk_pt154[] =
    "\x8D\xE0\xE7\xE0\x9D \xF2\xB3\xEB\xB3 \xEC\xE5\xEC\xEB\xE5\xEA\xE5\xF2"
    "\xF2\xB3\xEA \xF2\xB3\xEB. \xC1\xB3\xE7 \xE1\x89\xE3\xB3\xED \xE0\xF3"
    "\xFB\xEB\x83\xE0 \xE1\xE0\xF0\xE0\xEC\xFB\xE7, \xBA\xEA\xE5\xEC \xEC\xE5"
    "\xED \xF8\xE5\xF8\xE5\xEC \x89\xE9\xE4\xE5.";

static const char greek_bytes[] =
    "\xC7 \xC5\xEB\xEB\xDC\xE4\xE1 \xE5\xDF\xED\xE1\xE9 \xF7\xFE\xF1"
    "\xE1 \xF4\xE7\xF2 \xED\xEF\xF4\xE9\xEF\xE1\xED\xE1\xF4\xEF\xEB"
    "\xE9\xEA\xDE\xF2 \xC5\xF5\xF1\xFE\xF0\xE7\xF2. \xC7 \xF0\xF1\xF9"
    "\xF4\xE5\xFD\xEF\xF5\xF3\xE1 \xF4\xE7\xF2 \xF7\xFE\xF1\xE1\xF2 "
    "\xE5\xDF\xED\xE1\xE9 \xE7 \xC1\xE8\xDE\xED\xE1, \xE7 \xEC\xE5"
    "\xE3\xE1\xEB\xFD\xF4\xE5\xF1\xE7 \xF0\xFC\xEB\xE7.";
static const char greek_utf8[] =
    "Η Ελλάδα είναι χώρα της νοτιοανατολικής Ευρώπης. Η πρωτεύουσα της "
    "χώρας είναι η Αθήνα, η μεγαλύτερη πόλη.";
static const char japanese_bytes[] =
    "\x93\x8C\x8B\x9E\x82\xCD\x93\xFA\x96{\x82\xCC\x8E\xF1\x93s\x82"
    "\xC5\x82\xA0\x82\xE8\x81"
    "A\x90\xA2\x8A"
    "E\x8D\xC5\x91\xE5\x82\xCC"
    "\x93s\x8Es\x8C\x97\x82\xCC\x88\xEA\x82\xC2\x82\xC5\x82\xB7\x81"
    "B";
static const char japanese_utf8[] =
    "東京は日本の首都であり、世界最大の都市圏の一つです。";

/* valid_utf8 - an independent checker (not the decoder's own): RFC 3629
 * well-formedness, no NUL. */
static int
valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned char c = u[i];
        size_t k;
        size_t need;
        uint32_t cp;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        for (k = 1; k <= need; k++) {
            if (i + k >= n || (u[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

struct detect_case {
    const char *name;
    const char *bytes;
    size_t len;
    const char *declared;
    const char *want_text;
    const char *want_charset;
};

#define CASE(n, b, decl, t, cs)                                                \
    {                                                                          \
        n, b, sizeof(b) - 1, decl, t, cs                                       \
    }

static void
undeclared_legacy_text_is_detected_and_decoded(void **state)
{
    static const struct detect_case cases[] = {
        CASE("russian cp1251", ru_cp1251, NULL, ru_utf8, "windows-1251"),
        CASE("russian koi8-r", ru_koi8, NULL, ru_utf8, "KOI8-R"),
        CASE("short cp1251", hello_cp1251, NULL, hello_utf8, "windows-1251"),
        CASE("short koi8-r", hello_koi8, NULL, hello_utf8, "KOI8-R"),
        CASE("kazakh kz-1048", kk_kz1048, NULL, kk_utf8, "KZ-1048"),
        CASE("kazakh pt154", kk_pt154, NULL, kk_utf8, "PT154"),
        CASE("french latin-1", "caf\xE9 \xE9l\xE8ve", NULL, "café élève",
             "windows-1252"),
        CASE("german latin-1",
             "Gr\xF6\xDF"
             "e und \xDC"
             "bel",
             NULL, "Größe und Übel", "windows-1252"),
        CASE("cp1252 quotes", "\x93quoted\x94 \x96 dash", NULL,
             "“quoted” – dash", "windows-1252"),
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_decoded d;
        print_message("case: %s\n", cases[i].name);
        assert_int_equal(dl_decode(cases[i].bytes, cases[i].len,
                                   cases[i].declared, &d, NULL),
                         DL_OK);
        assert_string_equal(d.text, cases[i].want_text);
        assert_int_equal(d.len, strlen(cases[i].want_text));
        assert_string_equal(d.charset, cases[i].want_charset);
        assert_true(d.detected);
        assert_false(d.had_bom);
        assert_int_equal(d.repaired, 0);
        dl_decoded_free(&d);
    }
}

static void
other_scripts_are_left_to_uchardet(void **state)
{
    struct dl_decoded d;
    (void)state;

    /* runs of high bytes that are not Cyrillic: Greek CP1253, Shift_JIS */
    assert_int_equal(
        dl_decode(greek_bytes, sizeof greek_bytes - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.text, greek_utf8);
    assert_true(d.detected);
    dl_decoded_free(&d);
    assert_int_equal(
        dl_decode(japanese_bytes, sizeof japanese_bytes - 1, NULL, &d, NULL),
        DL_OK);
    assert_string_equal(d.text, japanese_utf8);
    assert_string_equal(d.charset, "SHIFT_JIS");
    dl_decoded_free(&d);
}

static void
declared_charset_wins_over_detection(void **state)
{
    static const struct detect_case cases[] = {
        /* CP1251 bytes that detection reads as CP1251, declared KOI8-R */
        CASE("koi8 declared", hello_cp1251, "koi8-r", "оПХБЕР, ЛХП", "KOI8-R"),
        CASE("cp1251 label spelling", ru_cp1251, "Windows-1251", ru_utf8,
             "windows-1251"),
        CASE("latin-1 is windows-1252", "caf\xE9", "ISO-8859-1", "café",
             "windows-1252"),
        CASE("iconv charset", "\xC1\xEB\xE1", "iso-8859-7", "Αλα",
             "ISO-8859-7"),
        CASE("kz-1048 label", kk_kz1048, "RK1048", kk_utf8, "KZ-1048"),
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_decoded d;
        print_message("case: %s\n", cases[i].name);
        assert_int_equal(dl_decode(cases[i].bytes, cases[i].len,
                                   cases[i].declared, &d, NULL),
                         DL_OK);
        assert_string_equal(d.text, cases[i].want_text);
        assert_string_equal(d.charset, cases[i].want_charset);
        assert_false(d.detected);
        dl_decoded_free(&d);
    }
}

static void
unknown_declared_charset_falls_back_to_detection(void **state)
{
    struct dl_decoded d;
    (void)state;
    assert_int_equal(
        dl_decode(ru_koi8, sizeof ru_koi8 - 1, "x-no-such-cs", &d, NULL),
        DL_OK);
    assert_string_equal(d.text, ru_utf8);
    assert_string_equal(d.charset, "KOI8-R");
    assert_true(d.detected);
    dl_decoded_free(&d);
}

static void
boms_decide_and_are_stripped(void **state)
{
    /* "é€" after a UTF-8 BOM; "Aé€😀" in UTF-16LE and BE with BOMs */
    static const char u8[] = "\xEF\xBB\xBF\xC3\xA9\xE2\x82\xAC";
    static const char le[] = "\xFF\xFE"
                             "A\0\xE9\0\xAC\x20\x3D\xD8\x00\xDE";
    static const char be[] = "\xFE\xFF"
                             "\0A\0\xE9\x20\xAC\xD8\x3D\xDE\x00";
    struct dl_decoded d;
    (void)state;

    assert_int_equal(dl_decode(u8, sizeof u8 - 1, "koi8-r", &d, NULL), DL_OK);
    assert_string_equal(d.text, "é€");
    assert_string_equal(d.charset, "UTF-8");
    assert_true(d.had_bom);
    dl_decoded_free(&d);

    assert_int_equal(dl_decode(le, sizeof le - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.text, "Aé€😀");
    assert_string_equal(d.charset, "UTF-16LE");
    assert_true(d.had_bom);
    assert_int_equal(d.nuls, 0);
    dl_decoded_free(&d);

    assert_int_equal(dl_decode(be, sizeof be - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.text, "Aé€😀");
    assert_string_equal(d.charset, "UTF-16BE");
    dl_decoded_free(&d);
}

static void
invalid_utf8_is_repaired_and_counted(void **state)
{
    static const struct {
        const char *in;
        size_t len;
        const char *want;
        unsigned long repaired;
    } cases[] = {
        /* a lone continuation byte among otherwise valid UTF-8 */
        {"caf\xC3\xA9 \x80 ok", 10, "café \xEF\xBF\xBD ok", 1},
        /* a truncated 3-byte sequence is one maximal subpart */
        {"a\xE2\x82"
         "b \xC3\xA9",
         7,
         "a\xEF\xBF\xBD"
         "b é",
         1},
        /* surrogate encoded in UTF-8, overlong slash */
        {"\xED\xA0\x80/\xC0\xAF \xC3\xA9", 9,
         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD/"
         "\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9",
         5},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_decoded d;
        assert_int_equal(
            dl_decode(cases[i].in, cases[i].len, "utf-8", &d, NULL), DL_OK);
        assert_string_equal(d.text, cases[i].want);
        assert_int_equal(d.repaired, cases[i].repaired);
        assert_true(valid_utf8(d.text, d.len));
        dl_decoded_free(&d);
    }
}

static void
undeclared_garbage_still_yields_valid_utf8(void **state)
{
    char junk[4096];
    struct dl_decoded d;
    uint32_t x = 12345;
    size_t i;
    (void)state;

    for (i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 16);
    }
    assert_int_equal(dl_decode(junk, sizeof junk, NULL, &d, NULL), DL_OK);
    assert_true(valid_utf8(d.text, d.len));
    assert_int_equal(strlen(d.text), d.len);
    dl_decoded_free(&d);
}

static void
nul_bytes_are_dropped_and_counted(void **state)
{
    static const char in[] = "ab\0c\0\0d \xC3\xA9";
    struct dl_decoded d;
    (void)state;

    assert_int_equal(dl_decode(in, sizeof in - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.text, "abcd é");
    assert_int_equal(d.len, 7);
    assert_int_equal(d.nuls, 3);
    assert_int_equal(d.repaired, 0);
    assert_string_equal(d.charset, "UTF-8");
    dl_decoded_free(&d);
}

static void
output_is_nfc(void **state)
{
    /* e + combining acute, Cyrillic и + combining breve */
    static const char in[] = "cafe\xCC\x81 \xD0\xB8\xCC\x86";
    /* reordering (dot below before acute) and a singleton (Angstrom sign)
     * in the middle of text that needs no normalisation */
    static const char mixed[] = "xx \xE2\x84\x96 e\xCC\x81\xCC\xA3 \xE2\x84\xAB"
                                " yy";
    struct dl_decoded d;
    (void)state;

    assert_int_equal(dl_decode(in, sizeof in - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.text, "café й");
    dl_decoded_free(&d);
    assert_int_equal(dl_decode(mixed, sizeof mixed - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.text, "xx № \xE1\xBA\xB9\xCC\x81 Å yy");
    dl_decoded_free(&d);
}

static void
empty_input_gives_empty_string(void **state)
{
    struct dl_decoded d;
    (void)state;

    assert_int_equal(dl_decode("", 0, NULL, &d, NULL), DL_OK);
    assert_non_null(d.text);
    assert_string_equal(d.text, "");
    assert_int_equal(d.len, 0);
    dl_decoded_free(&d);
    dl_decoded_free(&d);
    assert_false(dl_decode_looks_binary("", 0));
}

static void
binary_files_are_recognised(void **state)
{
    static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR";
    static const char utf16[] = "\xFF\xFE"
                                "A\0B\0C\0D\0";
    char elfish[512];
    size_t i;
    (void)state;

    for (i = 0; i < sizeof elfish; i++)
        elfish[i] = (char)(i % 7 == 0 ? 0 : 'a' + i % 20);
    assert_true(dl_decode_looks_binary(png, sizeof png - 1));
    assert_true(dl_decode_looks_binary(elfish, sizeof elfish));
    assert_false(dl_decode_looks_binary(utf16, sizeof utf16 - 1));
    assert_false(dl_decode_looks_binary(ru_cp1251, sizeof ru_cp1251 - 1));
    assert_false(dl_decode_looks_binary(kk_utf8, sizeof kk_utf8 - 1));
    assert_false(dl_decode_looks_binary("line\r\n\tmore\f", 12));
}

/* ---- research corpora (skipped when absent) --------------------------- */

static char *
corpora_dir(const char *sub)
{
    const char *env = getenv("DL_CORPORA");
    const char *top = getenv("top_srcdir");
    char *p;
    size_t n;

    if (env == NULL && top == NULL)
        top = ".";
    n = (env != NULL ? strlen(env) : strlen(top) + 20) + strlen(sub) + 2;
    p = malloc(n);
    assert_non_null(p);
    if (env != NULL)
        snprintf(p, n, "%s/%s", env, sub);
    else
        snprintf(p, n, "%s/../shared/corpora/%s", top, sub);
    return p;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    size_t n = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        size_t r;
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void
bbc_files_all_decode_to_valid_utf8(void **state)
{
    static const char *const cats[] = {"business", "entertainment", "politics",
                                       "sport", "tech"};
    size_t c;
    size_t files = 0;
    size_t latin = 0;
    (void)state;

    for (c = 0; c < sizeof cats / sizeof cats[0]; c++) {
        char sub[64];
        char *dir;
        DIR *dp;
        struct dirent *e;
        snprintf(sub, sizeof sub, "bbc/%s", cats[c]);
        dir = corpora_dir(sub);
        dp = opendir(dir);
        if (dp == NULL) {
            free(dir);
            skip();
        }
        while ((e = readdir(dp)) != NULL) {
            char path[4096];
            struct dl_decoded d;
            size_t len;
            char *buf;
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            buf = slurp(path, &len);
            if (buf == NULL)
                continue;
            assert_false(dl_decode_looks_binary(buf, len));
            assert_int_equal(dl_decode(buf, len, NULL, &d, NULL), DL_OK);
            assert_true(valid_utf8(d.text, d.len));
            assert_int_equal(d.repaired, 0);
            if (strcmp(d.charset, "windows-1252") == 0)
                latin++;
            files++;
            dl_decoded_free(&d);
            free(buf);
        }
        closedir(dp);
        free(dir);
    }
    assert_true(files >= 2000);
    assert_true(latin >= 1); /* sport/199.txt is Latin-1 */
}

/* encode - utf8 -> charset with glibc; on a character the charset lacks,
 * keep the prefix before it.  Returns the UTF-8 length used. */
static size_t
encode(const char *charset, const char *in, size_t len, char *out, size_t cap,
       size_t *outlen)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    char *ip = (char *)(uintptr_t)in;
    char *op = out;
    size_t il = len;
    size_t ol = cap;

    assert_true(cd != (iconv_t)-1);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
        assert_true(errno == EILSEQ || errno == EINVAL);
    iconv_close(cd);
    *outlen = cap - ol;
    return len - il;
}

static void
slavicner_russian_round_trips_through_cp1251_and_koi8(void **state)
{
    static const char *const charsets[] = {"CP1251", "KOI8-R"};
    static const char *const names[] = {"windows-1251", "KOI8-R"};
    char *dir = corpora_dir("slavicner/ru/brexit");
    DIR *dp = opendir(dir);
    struct dirent *e;
    size_t done[2] = {0, 0};
    (void)state;

    if (dp == NULL) {
        free(dir);
        skip();
    }
    while ((e = readdir(dp)) != NULL && (done[0] < 5 || done[1] < 5)) {
        char path[4096];
        size_t len;
        char *buf;
        size_t k;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        buf = slurp(path, &len);
        if (buf == NULL)
            continue;
        for (k = 0; k < 2; k++) {
            char *enc = malloc(len + 1);
            struct dl_decoded d;
            size_t enclen;
            size_t used;
            assert_non_null(enc);
            used = encode(charsets[k], buf, len, enc, len + 1, &enclen);
            /* a prefix long enough to be a fair test */
            if (used >= 300) {
                assert_int_equal(dl_decode(enc, enclen, NULL, &d, NULL), DL_OK);
                assert_string_equal(d.charset, names[k]);
                assert_int_equal(d.len, used);
                assert_memory_equal(d.text, buf, used);
                dl_decoded_free(&d);
                done[k]++;
            }
            free(enc);
        }
        free(buf);
    }
    closedir(dp);
    free(dir);
    assert_true(done[0] >= 5);
    assert_true(done[1] >= 5);
}

/* ---- stray bytes in UTF-8, UTF-16 without a BOM ------------------------- */

/* Our own sentences, for the cases below. */
static const char fr_utf8[] =
    "Le gouvernement a annoncé une réforme des retraites, présentée mercredi "
    "à l'Assemblée : les députés débattront du texte en février.";
static const char uk_utf8[] =
    "Уряд оголосив про нову реформу. «Це рішення підтримали в парламенті», "
    "— сказав речник. Його слова передає агентство «УНІАН».";

/* with_byte - s with byte b inserted at offset at; caller frees. */
static char *
with_byte(const char *s, size_t at, unsigned char b, size_t *len)
{
    size_t n = strlen(s);
    char *out = malloc(n + 2);

    assert_non_null(out);
    assert_true(at <= n);
    memcpy(out, s, at);
    out[at] = (char)b;
    memcpy(out + at + 1, s + at, n - at + 1);
    *len = n + 1;
    return out;
}

/* replaced - s with U+FFFD inserted at offset at; caller frees. */
static char *
replaced(const char *s, size_t at)
{
    size_t n = strlen(s);
    char *out = malloc(n + 4);

    assert_non_null(out);
    memcpy(out, s, at);
    memcpy(out + at, "\xEF\xBF\xBD", 3);
    memcpy(out + at + 3, s + at, n - at + 1);
    return out;
}

static void
stray_bytes_in_utf8_are_replaced_not_read_as_legacy(void **state)
{
    static const struct {
        const char *text;
        const char *before; /* the stray byte goes before this */
        unsigned char byte;
    } cases[] = {
        {fr_utf8, "réforme", 0x80},
        {ru_utf8, "заседание", 0xFF},
        {uk_utf8, "агентство", 0xC3}, /* a lead byte without its tail */
        {fr_utf8, "mercredi", 0xE9},  /* Latin-1 é pasted into UTF-8 */
        {"Prices rose to £5 on Monday as traders sold oil.", "Monday", 0xA0},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_decoded d;
        size_t at =
            (size_t)(strstr(cases[i].text, cases[i].before) - cases[i].text);
        size_t len;
        char *in = with_byte(cases[i].text, at, cases[i].byte, &len);
        char *want = replaced(cases[i].text, at);
        print_message("case %zu\n", i);
        assert_int_equal(dl_decode(in, len, NULL, &d, NULL), DL_OK);
        assert_string_equal(d.charset, "UTF-8");
        assert_string_equal(d.text, want);
        assert_int_equal(d.repaired, 1);
        assert_int_equal(d.first_bad, at);
        assert_true(d.detected);
        dl_decoded_free(&d);
        free(want);
        free(in);
    }
}

static void
several_stray_bytes_are_each_one_replacement(void **state)
{
    /* A truncated 3-byte sequence is one maximal subpart; a lone
     * continuation byte another; 0xFF a third. */
    static const char in[] = "Москва \xE2\x82 и \x9C Париж \xFF: встреча "
                             "министров прошла в пятницу.";
    static const char want[] = "Москва \xEF\xBF\xBD и \xEF\xBF\xBD Париж "
                               "\xEF\xBF\xBD: встреча министров прошла в "
                               "пятницу.";
    struct dl_decoded d;
    (void)state;

    assert_int_equal(dl_decode(in, sizeof in - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.charset, "UTF-8");
    assert_string_equal(d.text, want);
    assert_int_equal(d.repaired, 3);
    assert_int_equal(d.first_bad, strlen("Москва "));
    dl_decoded_free(&d);
}

/* to_legacy - UTF-8 to a legacy charset with the C library's iconv;
 * caller frees. */
static char *
to_legacy(const char *utf8, const char *charset, size_t *len)
{
    size_t n = strlen(utf8);
    char *out = malloc(n + 1);
    size_t used;

    assert_non_null(out);
    used = encode(charset, utf8, n, out, n + 1, len);
    assert_int_equal(used, n);
    return out;
}

/* valid_multibyte - how many valid multi-byte UTF-8 sequences s holds. */
static size_t
valid_multibyte(const char *s, size_t n)
{
    size_t found = 0;
    size_t i;
    size_t k;

    for (i = 0; i + 1 < n; i++) {
        for (k = 2; k <= 4 && i + k <= n; k++) {
            if ((unsigned char)s[i] >= 0xC2 && valid_utf8(s + i, k)) {
                found++;
                i += k - 1;
                break;
            }
        }
    }
    return found;
}

static void
legacy_text_with_utf8_lookalike_pairs_stays_legacy(void **state)
{
    /* Each text, in its charset, holds byte pairs that happen to be valid
     * UTF-8 ("С»" is D1 BB in cp1251, "её" C5 A3 in KOI8-R, "ТҰ" D2 A1 in
     * KZ-1048, "É»" C9 BB in cp1252): they must not tip it into UTF-8. */
    static const struct {
        const char *text;
        const char *charset;
        const char *want;
    } cases[] = {
        {"Об этом сообщает «ИТАР-ТАСС». Агентство «РИА» и «ТАСС» ссылаются "
         "на источник.",
         "CP1251", "windows-1251"},
        {"Всё готово: её решение приняли ещё вчера, всё остальное потом.",
         "KOI8-R", "KOI8-R"},
        {"ҚАЗАҚСТАН ТҰРҒЫНДАРЫ. Қазақ тілі мемлекеттік тіл, біз бүгін "
         "ауылға барамыз.",
         "RK1048", "KZ-1048"},
        {"«L'ÉTÉ» à Paris : le ministère a présenté «PARIS-ÉTÉ» hier.",
         "CP1252", "windows-1252"},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dl_decoded d;
        size_t len;
        char *in = to_legacy(cases[i].text, cases[i].charset, &len);
        print_message("case %zu: %s\n", i, cases[i].charset);
        assert_true(valid_multibyte(in, len) > 0);
        assert_int_equal(dl_decode(in, len, NULL, &d, NULL), DL_OK);
        assert_string_equal(d.charset, cases[i].want);
        assert_string_equal(d.text, cases[i].text);
        assert_int_equal(d.repaired, 0);
        dl_decoded_free(&d);
        free(in);
    }
}

/* to_utf16 - UTF-8 to UTF-16 in the given order, no BOM; caller frees. */
static char *
to_utf16(const char *utf8, int big, size_t *len)
{
    size_t n = strlen(utf8);
    char *out = malloc(2 * n + 2);

    assert_non_null(out);
    assert_int_equal(
        encode(big ? "UTF-16BE" : "UTF-16LE", utf8, n, out, 2 * n + 2, len), n);
    return out;
}

static void
utf16_without_bom_is_recognised_and_decoded(void **state)
{
    static const char *const texts[] = {
        "Oil prices rose on Monday.\nTraders said supply was tight.\n",
        ru_utf8,
        kk_utf8,
        /* CJK with few ASCII characters: one line end */
        "東京は日本の首都であり、世界最大の都市圏の一つです。\n"
        "人口は約千四百万人で、政治と経済の中心地です。",
        /* none at all; U+3000 and 一 put NULs on the low side */
        "\xE3\x80\x80北京市是中华人民共和国的首都，也是全国的政治中心、"
        "文化中心和国际交往中心。一年四季分明。",
    };
    size_t i;
    int big;
    (void)state;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        for (big = 0; big < 2; big++) {
            struct dl_decoded d;
            size_t len;
            char *in = to_utf16(texts[i], big, &len);
            print_message("case %zu %s\n", i, big ? "BE" : "LE");
            assert_int_equal(dl_decode_utf16(in, len),
                             big ? DL_UTF16_BE : DL_UTF16_LE);
            assert_false(dl_decode_looks_binary(in, len));
            assert_int_equal(dl_decode(in, len, NULL, &d, NULL), DL_OK);
            assert_string_equal(d.charset, big ? "UTF-16BE" : "UTF-16LE");
            assert_string_equal(d.text, texts[i]);
            assert_true(d.detected);
            assert_false(d.had_bom);
            assert_int_equal(d.nuls, 0);
            dl_decoded_free(&d);
            free(in);
        }
    }
}

static void
utf16_damage_is_counted_with_its_offset(void **state)
{
    /* A lone low surrogate after "Hi", little-endian; one unit in 32 may
     * be damaged and the text still be recognised. */
    static const char tail[] = " there, this line of news is long enough "
                               "for one damaged unit.";
    struct dl_decoded d;
    size_t len;
    char *rest = to_utf16(tail, 0, &len);
    char *in = malloc(len + 6);
    (void)state;

    assert_non_null(in);
    memcpy(in, "H\0i\0\x00\xDC", 6);
    memcpy(in + 6, rest, len);
    assert_int_equal(dl_decode(in, len + 6, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.charset, "UTF-16LE");
    assert_memory_equal(d.text, "Hi\xEF\xBF\xBD there,", 12);
    assert_int_equal(d.repaired, 1);
    assert_int_equal(d.first_bad, 4);
    dl_decoded_free(&d);
    free(in);
    free(rest);
}

static void
text_with_stray_nuls_is_not_utf16(void **state)
{
    /* NULs at even and at odd offsets: damage, not UTF-16 */
    static const char ascii[] = "Oil prices rose\0 on Monday. Traders said "
                                "supply was \0tight and the market\0 would "
                                "stay firm.";
    /* UTF-8 Greek with NULs reads as Hangul in either byte order */
    static const char greek[] = "Η Ελλάδα\0 είναι χώρα της νοτιοανατολικής "
                                "Ευρώπης.\0 Η πρωτεύουσα\0 είναι η Αθήνα.";
    struct dl_decoded d;
    (void)state;

    assert_int_equal(dl_decode_utf16(ascii, sizeof ascii - 1), DL_UTF16_NO);
    assert_int_equal(dl_decode_utf16(greek, sizeof greek - 1), DL_UTF16_NO);
    assert_int_equal(dl_decode(greek, sizeof greek - 1, NULL, &d, NULL), DL_OK);
    assert_string_equal(d.charset, "UTF-8");
    assert_int_equal(d.nuls, 3);
    assert_int_equal(d.first_bad, strlen("Η Ελλάδα"));
    dl_decoded_free(&d);
}

/* pseudo-random bytes, the payload of compressed formats */
static void
fill_noise(char *p, size_t n, uint32_t seed)
{
    size_t i;
    for (i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (char)(seed >> 16);
    }
}

static void
binaries_are_not_taken_for_utf16(void **state)
{
    static const struct {
        const char *head;
        size_t len;
    } heads[] = {
        {"\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0", 29},
        {"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20},
        {"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Length 5 0 R >>\n", 42},
        {"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0", 14},
        {"\x1F\x8B\x08\0\0\0\0\0\0\x03", 10},
        /* a BOM followed by binary is binary */
        {"\xFF\xFE\0\0\x01\0\x02\0\0\0\x10\0\0\0", 14},
    };
    char buf[8192];
    size_t i;
    FILE *f;
    (void)state;

    for (i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        size_t k;
        print_message("head %zu\n", i);
        fill_noise(buf, sizeof buf, (uint32_t)i + 1);
        /* zero runs too, as in real files */
        for (k = 0; k < sizeof buf; k += 97)
            memset(buf + k, 0, 9);
        memcpy(buf, heads[i].head, heads[i].len);
        assert_int_equal(dl_decode_utf16(buf, sizeof buf), DL_UTF16_NO);
        assert_true(dl_decode_looks_binary(buf, sizeof buf));
    }
    /* Pieces of a real program, at every 4 KiB. */
    f = fopen("/bin/ls", "rb");
    if (f == NULL)
        return;
    for (i = 0;; i++) {
        size_t got;
        if (fseek(f, (long)(i * 4096), SEEK_SET) != 0)
            break;
        got = fread(buf, 1, sizeof buf, f);
        if (got < 512)
            break;
        assert_int_equal(dl_decode_utf16(buf, got), DL_UTF16_NO);
        assert_true(dl_decode_looks_binary(buf, got));
    }
    fclose(f);
    assert_true(i > 4);
}

static void
utf16_label_on_ascii_compatible_bytes_is_ignored(void **state)
{
    struct dl_decoded d;
    (void)state;

    /* what <meta charset="utf-16"> in a page read byte by byte means */
    assert_int_equal(dl_decode("caf\xC3\xA9", 5, "utf-16", &d, NULL), DL_OK);
    assert_string_equal(d.text, "café");
    assert_string_equal(d.charset, "UTF-8");
    dl_decoded_free(&d);
    assert_string_equal(dl_decode_charset_name("CP_1251"), "windows-1251");
    assert_string_equal(dl_decode_charset_name("latin1"), "windows-1252");
    assert_null(dl_decode_charset_name("x-no-such-charset"));
}

static void
allocation_failures_report_enomem_and_leak_nothing(void **state)
{
    /* Latin-1 with a combining mark: table, repair and NFC paths */
    static const char in[] = "caf\xE9 e\xCC\x81 \xE9l\xE8ve";
    long n;
    (void)state;

    for (n = 0; n < 20; n++) {
        struct dl_decoded d;
        dl_err err;
        dl_status rc;
        dl_alloc_fail_after(n, 1);
        rc = dl_decode(in, sizeof in - 1, NULL, &d, &err);
        dl_alloc_fail_after(-1, 0);
        if (rc == DL_OK) {
            assert_true(valid_utf8(d.text, d.len));
            dl_decoded_free(&d);
            break;
        }
        assert_int_equal(rc, DL_ENOMEM);
        assert_int_equal(err.code, DL_ENOMEM);
        assert_null(d.text);
    }
    assert_true(n > 0 && n < 20);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(undeclared_legacy_text_is_detected_and_decoded),
        cmocka_unit_test(other_scripts_are_left_to_uchardet),
        cmocka_unit_test(declared_charset_wins_over_detection),
        cmocka_unit_test(unknown_declared_charset_falls_back_to_detection),
        cmocka_unit_test(boms_decide_and_are_stripped),
        cmocka_unit_test(invalid_utf8_is_repaired_and_counted),
        cmocka_unit_test(undeclared_garbage_still_yields_valid_utf8),
        cmocka_unit_test(nul_bytes_are_dropped_and_counted),
        cmocka_unit_test(output_is_nfc),
        cmocka_unit_test(empty_input_gives_empty_string),
        cmocka_unit_test(binary_files_are_recognised),
        cmocka_unit_test(allocation_failures_report_enomem_and_leak_nothing),
        cmocka_unit_test(stray_bytes_in_utf8_are_replaced_not_read_as_legacy),
        cmocka_unit_test(several_stray_bytes_are_each_one_replacement),
        cmocka_unit_test(legacy_text_with_utf8_lookalike_pairs_stays_legacy),
        cmocka_unit_test(utf16_without_bom_is_recognised_and_decoded),
        cmocka_unit_test(utf16_damage_is_counted_with_its_offset),
        cmocka_unit_test(text_with_stray_nuls_is_not_utf16),
        cmocka_unit_test(binaries_are_not_taken_for_utf16),
        cmocka_unit_test(utf16_label_on_ascii_compatible_bytes_is_ignored),
        cmocka_unit_test(bbc_files_all_decode_to_valid_utf8),
        cmocka_unit_test(slavicner_russian_round_trips_through_cp1251_and_koi8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
