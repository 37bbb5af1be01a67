/* decode-eval.c - how often dl_decode reads the research corpora right, and
 * how fast it reads them.
 *
 *   decode-eval accuracy CORPORA       one line per corpus, language and
 *                                      variant: files, read right
 *   decode-eval speed CORPORA [REPS]   MB/s of CPU time, best of REPS
 *
 * The measuring half of bench/decode-eval.sh.  Every text file of
 * slavicner, factruEval, wikinews-fr and bbc is given to dl_decode without a
 * declared charset three ways:
 *   utf8      as it is (UTF-8): right when read as UTF-8;
 *   utf8+1    with one stray byte (0x80, 0xFF, 0xC3, 0xE9 or 0xA0 in turn)
 *             inserted at a character boundary: "exact" when the text is the
 *             file's with one U+FFFD where the byte was, "intact" when
 *             nothing but that one character differs (an ASCII file read as
 *             windows-1252 shows the byte as "€" or "é": intact, not exact);
 *   legacy    converted with iconv (//TRANSLIT) to the charsets that language
 *             was written in before UTF-8 (cp1251 and koi8-r for Russian,
 *             cp1251 for Bulgarian and Ukrainian, iso-8859-2 for Polish,
 *             Czech and Slovene, cp1252 for French and English): right when
 *             the text is what iconv reads back from those bytes.
 * Legacy files in which some bytes happen to form valid multi-byte UTF-8
 * sequences are counted ("look-alike"): they are the ones a lenient UTF-8
 * rule could misread.
 *
 * Speed: dl_decode over every file one by one (UTF-8), over the Slavic files
 * concatenated (one big valid input), the same with one stray byte in the
 * middle, the Cyrillic ones in cp1251, and dl_read_html over the
 * article-extraction pages.  CPU time of this process, best of REPS runs.
 * Nothing here is a test: make check never runs it.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "dl_decode.h"
#include "reader.h"

struct file {
    char *data;
    size_t len;
    char lang[4];
};

struct files {
    struct file *v;
    size_t n, cap;
};

static void *
xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (p == NULL) {
        fprintf(stderr, "decode-eval: out of memory\n");
        exit(1);
    }
    return p;
}

static char *
slurp(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    size_t n = 0;
    int r;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap * 2 + 65536;
            buf = xrealloc(buf, cap + 1);
        }
        r = gzread(f, buf + n, (unsigned)(cap - n));
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    gzclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int
has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s);
    size_t b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* add_tree - every file under dir whose name ends in suffix, recursively,
 * in a stable (sorted) order. */
static void
add_tree(struct files *fs, const char *dir, const char *suffix,
         const char *lang)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    int i;

    for (i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        if (ents[i]->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                add_tree(fs, path, suffix, lang);
            } else if (has_suffix(path, suffix)) {
                struct file f;
                f.data = slurp(path, &f.len);
                snprintf(f.lang, sizeof f.lang, "%s", lang);
                if (f.data != NULL) {
                    if (fs->n == fs->cap) {
                        fs->cap = fs->cap * 2 + 256;
                        fs->v = xrealloc(fs->v, fs->cap * sizeof *fs->v);
                    }
                    fs->v[fs->n++] = f;
                }
            }
        }
        free(ents[i]);
    }
    free(ents);
}

static void
load_corpora(struct files *fs, const char *top)
{
    static const char *const slavic[] = {"bg", "cs", "pl", "ru", "sl", "uk"};
    char dir[4096];
    size_t i;

    for (i = 0; i < sizeof slavic / sizeof slavic[0]; i++) {
        snprintf(dir, sizeof dir, "%s/slavicner/%s", top, slavic[i]);
        add_tree(fs, dir, ".txt", slavic[i]);
    }
    snprintf(dir, sizeof dir, "%s/factruEval", top);
    add_tree(fs, dir, ".txt", "ru");
    snprintf(dir, sizeof dir, "%s/wikinews-fr", top);
    add_tree(fs, dir, ".txt", "fr");
    snprintf(dir, sizeof dir, "%s/bbc", top);
    add_tree(fs, dir, ".txt", "en");
}

/* convert - iconv from -> to; unconvertible input is dropped byte by byte
 * (with //TRANSLIT in "to" there is little).  Caller frees. */
static char *
convert(const char *to, const char *from, const char *in, size_t len,
        size_t *outlen)
{
    iconv_t cd = iconv_open(to, from);
    size_t cap = len * 4 + 16;
    char *out = xrealloc(NULL, cap);
    char *ip = (char *)(uintptr_t)in;
    char *op = out;
    size_t il = len;
    size_t ol = cap - 1;

    if (cd == (iconv_t)-1) {
        fprintf(stderr, "decode-eval: iconv %s -> %s: %s\n", from, to,
                strerror(errno));
        exit(1);
    }
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            break;
        if (errno != EILSEQ && errno != EINVAL)
            break;
        ip++;
        il--;
    }
    iconv_close(cd);
    *outlen = (size_t)(op - out);
    out[*outlen] = '\0';
    return out;
}

/* lookalikes - valid multi-byte UTF-8 sequences in s (independent of the
 * decoder's own scanner). */
static size_t
lookalikes(const unsigned char *s, size_t n)
{
    size_t i = 0;
    size_t found = 0;

    while (i < n) {
        size_t need;
        size_t k;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (s[i] >= 0xC2 && s[i] <= 0xDF)
            need = 1;
        else if (s[i] >= 0xE0 && s[i] <= 0xEF)
            need = 2;
        else if (s[i] >= 0xF0 && s[i] <= 0xF4)
            need = 3;
        else {
            i++;
            continue;
        }
        if (s[i] == 0xE0)
            lo = 0xA0;
        else if (s[i] == 0xED)
            hi = 0x9F;
        else if (s[i] == 0xF0)
            lo = 0x90;
        else if (s[i] == 0xF4)
            hi = 0x8F;
        for (k = 1; k <= need && i + k < n; k++) {
            if (s[i + k] < lo || s[i + k] > hi)
                break;
            lo = 0x80;
            hi = 0xBF;
        }
        if (k > need) {
            found++;
            i += need + 1;
        } else {
            i++;
        }
    }
    return found;
}

static int
decode_as(const char *s, size_t n, const char *declared, struct dl_decoded *d)
{
    return dl_decode(s, n, declared, d, NULL) == DL_OK;
}

struct tally {
    char name[48];
    size_t files, right, intact, lookalike, plain;
};

static struct tally tallies[64];
static size_t n_tallies;

static struct tally *
tally(const char *lang, const char *variant)
{
    char name[48];
    size_t i;

    snprintf(name, sizeof name, "%s %s", lang, variant);
    for (i = 0; i < n_tallies; i++) {
        if (strcmp(tallies[i].name, name) == 0)
            return &tallies[i];
    }
    if (n_tallies == sizeof tallies / sizeof tallies[0])
        exit(1);
    memset(&tallies[n_tallies], 0, sizeof tallies[0]);
    snprintf(tallies[n_tallies].name, sizeof tallies[0].name, "%s", name);
    return &tallies[n_tallies++];
}

static size_t
common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0;
    while (i < an && i < bn && a[i] == b[i])
        i++;
    return i;
}

static size_t
common_suffix(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0;
    while (i < an && i < bn && a[an - 1 - i] == b[bn - 1 - i])
        i++;
    return i;
}

static int
is_ascii(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    }
    return 1;
}

static void
eval_utf8(const struct file *f, size_t idx)
{
    static const unsigned char strays[] = {0x80, 0xFF, 0xC3, 0xE9, 0xA0};
    struct dl_decoded ref;
    struct dl_decoded got;
    struct dl_decoded want;
    struct tally *t = tally(f->lang, "utf8");
    char *buf;
    size_t p;

    if (!decode_as(f->data, f->len, "UTF-8", &ref))
        exit(1);
    t->files++;
    if (decode_as(f->data, f->len, NULL, &got)) {
        t->right += strcmp(got.charset, "UTF-8") == 0 && got.len == ref.len &&
                    memcmp(got.text, ref.text, ref.len) == 0;
        dl_decoded_free(&got);
    }
    dl_decoded_free(&ref);

    /* A stray byte at a character boundary somewhere in the file. */
    t = tally(f->lang, "utf8+1");
    t->files++;
    t->plain += is_ascii(f->data, f->len);
    p = f->len > 0 ? (size_t)(((uint64_t)idx * 2654435761u) % f->len) : 0;
    while (p > 0 && ((unsigned char)f->data[p] & 0xC0) == 0x80)
        p--;
    buf = xrealloc(NULL, f->len + 4);
    memcpy(buf, f->data, p);
    memcpy(buf + p, "\xEF\xBF\xBD", 3);
    memcpy(buf + p + 3, f->data + p, f->len - p);
    if (!decode_as(buf, f->len + 3, "UTF-8", &want))
        exit(1);
    buf[p] = (char)strays[idx % sizeof strays];
    memmove(buf + p + 1, buf + p + 3, f->len - p);
    if (decode_as(buf, f->len + 1, NULL, &got)) {
        size_t pre = common_prefix(got.text, got.len, want.text, want.len);
        size_t suf = common_suffix(got.text, got.len, want.text, want.len);
        t->right +=
            got.len == want.len && memcmp(got.text, want.text, want.len) == 0;
        /* one character (at most 3 bytes here) differs, no more */
        t->intact += pre + suf + 4 >= want.len && pre + suf + 4 >= got.len;
        dl_decoded_free(&got);
    }
    dl_decoded_free(&want);
    free(buf);
}

static void
eval_legacy(const struct file *f, const char *charset)
{
    char to[64];
    struct dl_decoded ref;
    struct dl_decoded got;
    struct tally *t = tally(f->lang, charset);
    size_t elen;
    size_t blen;
    char *enc;
    char *back;

    snprintf(to, sizeof to, "%s//TRANSLIT", charset);
    enc = convert(to, "UTF-8", f->data, f->len, &elen);
    back = convert("UTF-8", charset, enc, elen, &blen);
    if (!decode_as(back, blen, "UTF-8", &ref))
        exit(1);
    t->files++;
    t->plain += is_ascii(enc, elen);
    t->lookalike += lookalikes((const unsigned char *)enc, elen) > 0;
    if (decode_as(enc, elen, NULL, &got)) {
        t->right +=
            got.len == ref.len && memcmp(got.text, ref.text, ref.len) == 0;
        dl_decoded_free(&got);
    }
    dl_decoded_free(&ref);
    free(enc);
    free(back);
}

static int
accuracy(const struct files *fs)
{
    size_t i;

    for (i = 0; i < fs->n; i++) {
        const struct file *f = &fs->v[i];
        eval_utf8(f, i);
        if (strcmp(f->lang, "ru") == 0) {
            eval_legacy(f, "CP1251");
            eval_legacy(f, "KOI8-R");
        } else if (strcmp(f->lang, "bg") == 0 || strcmp(f->lang, "uk") == 0) {
            eval_legacy(f, "CP1251");
        } else if (strcmp(f->lang, "pl") == 0 || strcmp(f->lang, "cs") == 0 ||
                   strcmp(f->lang, "sl") == 0) {
            eval_legacy(f, "ISO-8859-2");
        } else {
            eval_legacy(f, "CP1252");
        }
    }
    printf("%-18s %6s %6s %7s %7s %6s %6s\n", "corpus variant", "files",
           "right", "%", "intact", "ascii", "lookal");
    for (i = 0; i < n_tallies; i++) {
        const struct tally *t = &tallies[i];
        printf("%-18s %6zu %6zu %6.1f%% %7zu %6zu %6zu\n", t->name, t->files,
               t->right,
               t->files ? 100.0 * (double)t->right / (double)t->files : 0.0,
               t->intact, t->plain, t->lookalike);
    }
    return 0;
}

/* ---- speed ------------------------------------------------------------ */

static double
cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
report(const char *what, size_t bytes, double best)
{
    printf("%-44s %8.1f MB %8.3f s %8.1f MB/s\n", what, (double)bytes / 1e6,
           best, (double)bytes / 1e6 / best);
}

/* One pass of each measured step, in a function of its own so that a
 * profiler (valgrind --tool=callgrind, whose instruction counts do not
 * depend on how busy the machine is) can count each apart.  Each returns
 * the CPU seconds it took. */
#define PHASE __attribute__((noinline)) static double

static double
decode_once(const char *s, size_t n)
{
    struct dl_decoded d;
    double t0 = cpu_now();

    if (!decode_as(s, n, NULL, &d))
        exit(1);
    t0 = cpu_now() - t0;
    dl_decoded_free(&d);
    return t0;
}

PHASE
phase_each_file(const struct files *fs)
{
    double t0 = cpu_now();
    size_t i;

    for (i = 0; i < fs->n; i++) {
        struct dl_decoded d;
        if (!decode_as(fs->v[i].data, fs->v[i].len, NULL, &d))
            exit(1);
        dl_decoded_free(&d);
    }
    return cpu_now() - t0;
}

PHASE
phase_one_utf8(const char *s, size_t n)
{
    return decode_once(s, n);
}

PHASE
phase_one_stray(const char *s, size_t n)
{
    return decode_once(s, n);
}

PHASE
phase_one_cp1251(const char *s, size_t n)
{
    return decode_once(s, n);
}

static dl_status
count_article(void *ctx, struct dl_article *a)
{
    (void)a;
    ++*(size_t *)ctx;
    return DL_OK;
}

PHASE
phase_html(const struct files *pages)
{
    double t0 = cpu_now();
    size_t arts = 0;
    size_t i;

    for (i = 0; i < pages->n; i++) {
        if (dl_read_html("p.html", pages->v[i].data, pages->v[i].len, NULL,
                         count_article, NULL, &arts, NULL) != DL_OK)
            exit(1);
    }
    return cpu_now() - t0;
}

static size_t
total_bytes(const struct files *fs)
{
    size_t bytes = 0;
    size_t i;

    for (i = 0; i < fs->n; i++)
        bytes += fs->v[i].len;
    return bytes;
}

#define BEST_OF(reps, expr)                                                    \
    do {                                                                       \
        int r_;                                                                \
        best = 1e30;                                                           \
        for (r_ = 0; r_ < (reps); r_++) {                                      \
            double t_ = (expr);                                                \
            if (t_ < best)                                                     \
                best = t_;                                                     \
        }                                                                      \
    } while (0)

static int
speed(const struct files *fs, const struct files *pages, int reps)
{
    char *all = NULL;
    char *cyr = NULL;
    char *enc;
    size_t n_all = 0;
    size_t n_cyr = 0;
    size_t elen;
    double best;
    size_t i;

    BEST_OF(reps, phase_each_file(fs));
    report("dl_decode, each file (UTF-8)", total_bytes(fs), best);

    for (i = 0; i < fs->n; i++) {
        const struct file *f = &fs->v[i];
        if (strcmp(f->lang, "en") == 0 || strcmp(f->lang, "fr") == 0)
            continue;
        all = xrealloc(all, n_all + f->len + 2);
        memcpy(all + n_all, f->data, f->len);
        n_all += f->len;
        if (strcmp(f->lang, "ru") == 0 || strcmp(f->lang, "bg") == 0 ||
            strcmp(f->lang, "uk") == 0) {
            cyr = xrealloc(cyr, n_cyr + f->len + 1);
            memcpy(cyr + n_cyr, f->data, f->len);
            n_cyr += f->len;
        }
    }
    BEST_OF(reps, phase_one_utf8(all, n_all));
    report("dl_decode, Slavic files as one (UTF-8)", n_all, best);
    /* one stray byte in the middle, at a character boundary */
    i = n_all / 2;
    while (i > 0 && ((unsigned char)all[i] & 0xC0) == 0x80)
        i--;
    memmove(all + i + 1, all + i, n_all - i);
    all[i] = (char)0xFF;
    BEST_OF(reps, phase_one_stray(all, n_all + 1));
    report("dl_decode, the same with one stray byte", n_all + 1, best);
    enc = convert("CP1251//TRANSLIT", "UTF-8", cyr, n_cyr, &elen);
    BEST_OF(reps, phase_one_cp1251(enc, elen));
    report("dl_decode, Cyrillic files as one (cp1251)", elen, best);
    free(enc);
    free(all);
    free(cyr);

    if (pages->n > 0) {
        BEST_OF(reps, phase_html(pages));
        report("dl_read_html, article-extraction pages", total_bytes(pages),
               best);
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct files fs = {NULL, 0, 0};
    struct files pages = {NULL, 0, 0};
    char dir[4096];
    int reps = 5;

    if (argc < 3 ||
        (strcmp(argv[1], "accuracy") != 0 && strcmp(argv[1], "speed") != 0)) {
        fprintf(stderr, "usage: decode-eval accuracy|speed CORPORA [REPS]\n");
        return 2;
    }
    load_corpora(&fs, argv[2]);
    if (fs.n == 0) {
        fprintf(stderr, "decode-eval: no corpus files under %s\n", argv[2]);
        return 77;
    }
    if (strcmp(argv[1], "accuracy") == 0)
        return accuracy(&fs);
    if (argc > 3) {
        long v = strtol(argv[3], NULL, 10);
        reps = v > 0 && v < 1000 ? (int)v : reps;
    }
    snprintf(dir, sizeof dir, "%s/reuters21578/txt", argv[2]);
    add_tree(&fs, dir, ".txt", "en");
    snprintf(dir, sizeof dir, "%s/article-extraction/html", argv[2]);
    add_tree(&pages, dir, ".html.gz", "xx");
    return speed(&fs, &pages, reps);
}
