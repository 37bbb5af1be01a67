/* reader.c - read one input file and hand its articles to the caller.
 *
 * The file is read whole with open/read: articles are small, and the
 * format readers want random access (HTML needs two passes, the text reader
 * looks at its header before decoding).  The size is checked against
 * max_file_bytes from fstat before a single byte is read, and a .gz file is
 * inflated with zlib into a buffer capped at the same limit, so neither a
 * huge file nor a gzip bomb can take more than the limit.  A gzip stream
 * that ends early or fails its CRC skips the whole file: half an article is
 * worse than none, since the next run cannot tell it apart from a real one.
 *
 * A JSON Lines file in UTF-16 (with or without a byte-order mark) is made
 * UTF-8 here before the reader splits it into lines; text and HTML readers
 * decode UTF-16 through dl_decode themselves.
 *
 * The helpers of reader_int.h (whitespace folding, warnings, decoding,
 * emitting) live here too; they are what the three readers share.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dl_alloc.h"
#include "reader.h"
#include "reader_int.h"

#define MIB ((size_t)1 << 20)

/* ---- whitespace folding ------------------------------------------------ */

void
dl_textfold_init(struct dl_textfold *f, dl_buf *out, size_t max)
{
    f->out = out;
    f->max = max;
    f->truncated = false;
    f->pending = 0;
    f->started = out->len > 0;
}

void
dl_textfold_space(struct dl_textfold *f)
{
    if (f->started && f->pending == 0)
        f->pending = ' ';
}

void
dl_textfold_break(struct dl_textfold *f)
{
    if (f->started)
        f->pending = '\n';
}

/* Length of a UTF-8 sequence from its lead byte (1 for stray bytes, which
 * decoded text does not have). */
static size_t
utf8_seq_len(unsigned char c)
{
    if (c < 0xC0)
        return 1;
    if (c < 0xE0)
        return 2;
    if (c < 0xF0)
        return 3;
    return 4;
}

/* Write one run of visible text, with the separator it is owed, cutting at
 * f->max on a character boundary. */
static dl_status
fold_put(struct dl_textfold *f, const char *p, size_t n)
{
    size_t sep;
    size_t room;
    dl_status rc;

    if (f->truncated || n == 0)
        return DL_OK;
    sep = f->started && f->pending != 0 ? 1 : 0;
    if (f->max != 0 && f->out->len + sep + n > f->max) {
        f->truncated = true;
        if (f->out->len + sep >= f->max)
            return DL_OK;
        room = f->max - f->out->len - sep;
        while (room > 0 && ((unsigned char)p[room] & 0xC0) == 0x80)
            room--;
        n = room;
        if (n == 0)
            return DL_OK;
    }
    if (sep) {
        rc = dl_buf_putc(f->out, f->pending);
        if (rc != DL_OK)
            return rc;
    }
    rc = dl_buf_append(f->out, p, n);
    if (rc != DL_OK)
        return rc;
    f->pending = 0;
    f->started = true;
    return DL_OK;
}

dl_status
dl_textfold_text(struct dl_textfold *f, const char *s, size_t n)
{
    size_t i = 0;
    size_t j;
    size_t w;
    unsigned char c;
    unsigned char c1;
    dl_status rc;

    while (i < n) {
        c = (unsigned char)s[i];
        c1 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
            c == '\f') {
            dl_textfold_space(f);
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            i++;
            continue;
        }
        if (c == 0xC2 && c1 == 0xA0) { /* no-break space */
            dl_textfold_space(f);
            i += 2;
            continue;
        }
        if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) { /* C1 controls */
            i += 2;
            continue;
        }
        if (c == 0xE2 && c1 == 0x80 && i + 2 < n &&
            ((unsigned char)s[i + 2] == 0xA8 ||
             (unsigned char)s[i + 2] == 0xA9)) { /* U+2028, U+2029 */
            dl_textfold_break(f);
            i += 3;
            continue;
        }
        /* A run of plain bytes; 0xC2 and 0xE2 end it because they may start
         * one of the sequences above. */
        j = i;
        while (j < n) {
            c = (unsigned char)s[j];
            if (c <= 0x20 || c == 0x7F || c == 0xC2 || c == 0xE2) {
                if (j > i)
                    break;
                w = utf8_seq_len(c);
                j += w <= n - j ? w : n - j;
                break;
            }
            j++;
        }
        rc = fold_put(f, s + i, j - i);
        if (rc != DL_OK)
            return rc;
        i = j;
    }
    return DL_OK;
}

dl_status
dl_reader_put_field(dl_buf *b, const char *s, size_t n, size_t max)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    struct dl_textfold f;
    size_t cut;
    size_t k;
    dl_status rc;

    dl_buf_reset(b);
    /* One byte more than allowed tells "exactly max" from "longer". */
    dl_textfold_init(&f, b, max + 1);
    rc = dl_textfold_text(&f, s, n);
    if (rc != DL_OK)
        return rc;
    /* A field is one line: a line or paragraph separator (U+2028, U+2029)
     * that the folding turned into a break is a space here (found by
     * tests/fuzz/fuzz_read_text). */
    for (k = 0; k < b->len; k++) {
        if (b->data[k] == '\n')
            b->data[k] = ' ';
    }
    if (b->len <= max && !f.truncated)
        return DL_OK;
    cut = max > 3 ? max - 3 : 0;
    while (cut > 0 && ((unsigned char)b->data[cut] & 0xC0) == 0x80)
        cut--;
    /* Prefer a word boundary, unless that throws away over half. */
    for (k = cut; k > cut / 2; k--) {
        if (b->data[k] == ' ') {
            cut = k;
            break;
        }
    }
    b->len = cut;
    b->data[cut] = '\0';
    return dl_buf_append(b, ellipsis, 3);
}

static bool
is_blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\v' && s[i] != '\f')
            return false;
    }
    return true;
}

/* The next line of s[0..n) from *i: its start and length without the
 * line end; *i moves past "\n", "\r\n" or "\r". */
static void
take_line(const char *s, size_t n, size_t *i, size_t *start, size_t *len)
{
    *start = *i;
    while (*i < n && s[*i] != '\n' && s[*i] != '\r')
        (*i)++;
    *len = *i - *start;
    if (*i < n && s[*i] == '\r' && *i + 1 < n && s[*i + 1] == '\n')
        (*i)++;
    if (*i < n)
        (*i)++;
}

/* Does the text mark its paragraphs, with a blank line between two lines
 * of text or an indented line after the first?  Then its other line
 * breaks are wrapping. */
static bool
marks_paragraphs(const char *s, size_t n)
{
    size_t i = 0, start, len;
    bool text = false;  /* a line of text seen */
    bool blank = false; /* a blank line since */
    while (i < n) {
        take_line(s, n, &i, &start, &len);
        if (is_blank(s + start, len)) {
            blank = text;
            continue;
        }
        if (blank || (text && (s[start] == ' ' || s[start] == '\t')))
            return true;
        text = true;
    }
    return false;
}

dl_status
dl_reader_put_paragraphs(dl_buf *b, const char *s, size_t n)
{
    struct dl_textfold f;
    size_t i = 0;
    size_t start;
    size_t len;
    bool wrapped = marks_paragraphs(s, n);
    dl_status rc;

    dl_textfold_init(&f, b, 0);
    dl_textfold_break(&f);
    while (i < n) {
        take_line(s, n, &i, &start, &len);
        if (is_blank(s + start, len)) {
            dl_textfold_break(&f);
            continue;
        }
        /* Text without paragraph marks has one paragraph per line (a
         * feed's body, a page saved as text): joining its lines would
         * glue a footer line to the story. */
        if (!wrapped || s[start] == ' ' || s[start] == '\t')
            dl_textfold_break(&f);
        else
            dl_textfold_space(&f);
        rc = dl_textfold_text(&f, s + start, len);
        if (rc != DL_OK)
            return rc;
    }
    return DL_OK;
}

/* ---- warnings, decoding, emitting -------------------------------------- */

void
dl_reader_warn(dl_warn_fn warn, void *ctx, const char *path, unsigned long line,
               const char *reason, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (warn == NULL)
        return;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
        msg[0] = '\0';
    va_end(ap);
    warn(ctx, path, line, reason, msg);
}

dl_status
dl_reader_decode(const char *path, unsigned long line, const char *bytes,
                 size_t len, const char *declared, dl_warn_fn warn, void *ctx,
                 struct dl_decoded *out, dl_err *err)
{
    dl_status rc;

    rc = dl_decode(bytes, len, declared, out, err);
    if (rc != DL_OK)
        return rc;
    /* The offset lets the user find the byte with cmp or a hex editor; a
     * record's offset counts from the start of its line. */
    if (out->repaired > 0 || out->nuls > 0)
        dl_reader_warn(warn, ctx, path, line, "encoding",
                       "%lu invalid byte sequence(s) replaced by U+FFFD, "
                       "%lu NUL byte(s) removed, the first at byte %zu%s "
                       "(read as %s)",
                       out->repaired, out->nuls, out->first_bad,
                       line != 0 ? " of the line" : "",
                       out->charset != NULL ? out->charset : "?");
    return DL_OK;
}

dl_status
dl_reader_emit(struct dl_article *a, const struct dl_read_opts *o,
               dl_article_fn emit, void *ctx)
{
    dl_buf *bufs[6];
    size_t i;
    dl_status rc;

    if (o != NULL && o->force_lang != NULL && o->force_lang[0] != '\0') {
        dl_buf_reset(&a->lang);
        rc = dl_buf_puts(&a->lang, o->force_lang);
        if (rc != DL_OK)
            return rc;
    }
    bufs[0] = &a->title;
    bufs[1] = &a->body;
    bufs[2] = &a->source;
    bufs[3] = &a->author;
    bufs[4] = &a->url;
    bufs[5] = &a->lang;
    for (i = 0; i < 6; i++) {
        if (bufs[i]->data == NULL) {
            rc = dl_buf_append(bufs[i], "", 0);
            if (rc != DL_OK)
                return rc;
        }
    }
    return emit(ctx, a);
}

/* ---- options and formats ----------------------------------------------- */

void
dl_read_opts_init(struct dl_read_opts *o)
{
    o->max_file_bytes = 64 * MIB;
    o->max_line_bytes = 8 * MIB;
    o->force_lang = NULL;
}

static bool
ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    size_t i;
    unsigned char c;

    if (n < k)
        return false;
    for (i = 0; i < k; i++) {
        c = (unsigned char)s[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)suffix[i])
            return false;
    }
    return true;
}

enum dl_format
dl_format_of_path(const char *path, bool *gz)
{
    static const struct {
        const char *ext;
        enum dl_format fmt;
    } exts[] = {
        {".txt", DL_FORMAT_TEXT},    {".text", DL_FORMAT_TEXT},
        {".html", DL_FORMAT_HTML},   {".htm", DL_FORMAT_HTML},
        {".jsonl", DL_FORMAT_JSONL}, {".ndjson", DL_FORMAT_JSONL},
    };
    const char *base = strrchr(path, '/');
    size_t n;
    size_t i;
    bool z = false;

    base = base != NULL ? base + 1 : path;
    n = strlen(base);
    if (ends_with_ci(base, n, ".gz")) {
        z = true;
        n -= 3;
    }
    if (gz != NULL)
        *gz = z;
    for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        /* ".txt" alone is a hidden file with no name, not a text file. */
        if (n > strlen(exts[i].ext) && ends_with_ci(base, n, exts[i].ext))
            return exts[i].fmt;
    }
    return DL_FORMAT_UNKNOWN;
}

/* ---- reading ------------------------------------------------------------ */

/* Read the whole file into *out (the caller's).  *skipped set (and a
 * warning given) when it is over the limit. */
static dl_status
read_whole(const char *path, size_t limit, dl_warn_fn warn, void *ctx,
           char **out, size_t *out_len, bool *skipped, dl_err *err)
{
    struct stat st;
    char *data = NULL;
    size_t size;
    size_t got = 0;
    ssize_t r;
    int fd;
    dl_status rc = DL_OK;

    *out = NULL;
    *out_len = 0;
    *skipped = false;
    /* O_NONBLOCK: a FIFO named foo.txt must not hang the indexer in open. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        return dl_err_set(
            err, errno == ENOENT || errno == ENOTDIR ? DL_ENOENT : DL_EIO,
            "%s: %s", path, strerror(errno));
    }
    if (fstat(fd, &st) != 0) {
        rc = dl_err_set(err, DL_EIO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = dl_err_set(err, DL_EIO, "%s: not a regular file", path);
        goto out;
    }
    if (st.st_size < 0 || (uintmax_t)st.st_size > (uintmax_t)limit) {
        dl_reader_warn(warn, ctx, path, 0, "too-large",
                       "file of %jd bytes is over the %zu-byte limit; "
                       "skipped",
                       (intmax_t)st.st_size, limit);
        *skipped = true;
        goto out;
    }
    size = (size_t)st.st_size;
    data = dl_malloc(size + 1);
    if (data == NULL) {
        rc = dl_err_set(err, DL_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    /* A file that shrinks while we read gives what is left; one that grows
     * is read up to the size it had, the next run picks up the rest. */
    while (got < size) {
        r = read(fd, data + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = dl_err_set(err, DL_EIO, "%s: %s", path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    data[got] = '\0';
    *out = data;
    *out_len = got;
    data = NULL;
out:
    dl_free(data);
    close(fd);
    return rc;
}

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return dl_calloc(items, size);
}

static void
z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    dl_free(p);
}

/* Inflate a gzip file (several members allowed, as gzip(1) writes them on
 * append) into out, at most limit bytes.  *skipped set with a warning when
 * the data is truncated, corrupt or too large. */
static dl_status
gunzip(const char *path, const char *in, size_t in_len, size_t limit,
       dl_warn_fn warn, void *ctx, dl_buf *out, bool *skipped, dl_err *err)
{
    z_stream zs;
    size_t room;
    size_t before;
    int zr;
    dl_status rc = DL_OK;

    *skipped = false;
    memset(&zs, 0, sizeof zs);
    zs.zalloc = z_alloc;
    zs.zfree = z_free;
    zr = inflateInit2(&zs, 16 + MAX_WBITS); /* 16: gzip wrapper only */
    if (zr == Z_MEM_ERROR)
        return dl_err_set(err, DL_ENOMEM, "%s: out of memory", path);
    if (zr != Z_OK)
        return dl_err_set(err, DL_EINTERNAL, "%s: inflateInit2: %d", path, zr);
    zs.next_in = (Bytef *)(uintptr_t)in;
    for (;;) {
        if (zs.avail_in == 0 && in_len > 0) {
            zs.avail_in = in_len > UINT_MAX ? UINT_MAX : (uInt)in_len;
            in_len -= zs.avail_in;
        }
        rc = dl_buf_reserve(out, 64 * 1024);
        if (rc != DL_OK) {
            rc = dl_err_set(err, DL_ENOMEM, "%s: out of memory", path);
            goto out;
        }
        room = out->cap - out->len - 1;
        /* Never inflate more than one byte past the limit. */
        if (room > limit + 1 - out->len)
            room = limit + 1 - out->len;
        if (room > UINT_MAX)
            room = UINT_MAX;
        zs.next_out = (Bytef *)(out->data + out->len);
        zs.avail_out = (uInt)room;
        before = out->len;
        zr = inflate(&zs, Z_NO_FLUSH);
        out->len += room - zs.avail_out;
        out->data[out->len] = '\0';
        if (out->len > limit) {
            dl_reader_warn(warn, ctx, path, 0, "too-large",
                           "decompresses to more than the %zu-byte limit; "
                           "skipped",
                           limit);
            *skipped = true;
            goto out;
        }
        if (zr == Z_STREAM_END) {
            /* Another member follows, or trailing junk gzip(1) also
             * ignores (tape padding). */
            if (zs.avail_in >= 2 && zs.next_in[0] == 0x1F &&
                zs.next_in[1] == 0x8B) {
                zr = inflateReset(&zs);
                if (zr == Z_OK)
                    continue;
            }
            goto out;
        }
        if (zr == Z_MEM_ERROR) {
            rc = dl_err_set(err, DL_ENOMEM, "%s: out of memory", path);
            goto out;
        }
        if ((zr == Z_OK || zr == Z_BUF_ERROR) && zs.avail_in == 0 && in_len > 0)
            continue; /* next slice of a > 4 GiB input */
        if (zr == Z_OK && (out->len > before || zs.avail_in > 0))
            continue;
        /* Z_BUF_ERROR with all input used: the stream stops mid-way.
         * Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR: corrupt. */
        dl_reader_warn(warn, ctx, path, 0, "truncated-gzip",
                       "gzip data %s after %zu decompressed bytes; skipped",
                       zr == Z_BUF_ERROR || zr == Z_OK
                           ? "ends early"
                           : (zs.msg != NULL ? zs.msg : "is corrupt"),
                       out->len);
        *skipped = true;
        goto out;
    }
out:
    inflateEnd(&zs);
    return rc;
}

/* The readers take one ctx for both callbacks; this one counts articles
 * and hands the caller's own ctx to both. */
struct counting {
    dl_article_fn emit;
    dl_warn_fn warn;
    void *ctx;
    unsigned long n;
};

static dl_status
count_emit(void *ctx, struct dl_article *a)
{
    struct counting *c = ctx;
    dl_status rc = c->emit(c->ctx, a);
    if (rc == DL_OK)
        c->n++;
    return rc;
}

static void
count_warn(void *ctx, const char *path, unsigned long line, const char *reason,
           const char *msg)
{
    struct counting *c = ctx;
    c->warn(c->ctx, path, line, reason, msg);
}

dl_status
dl_read_file(const char *path, const struct dl_read_opts *o, dl_article_fn emit,
             dl_warn_fn warn, void *ctx, unsigned long *n_articles, dl_err *err)
{
    struct dl_read_opts defaults;
    struct dl_read_opts opts;
    struct counting cnt;
    dl_warn_fn cwarn;
    enum dl_format fmt;
    bool gz = false;
    bool skipped = false;
    char *raw = NULL;
    size_t raw_len = 0;
    dl_buf plain = DL_BUF_INIT;
    struct dl_decoded wide;
    const char *bytes;
    size_t len;
    dl_status rc;

    memset(&wide, 0, sizeof wide);
    if (n_articles != NULL)
        *n_articles = 0;
    /* NULL options, or a zero limit, mean the defaults: a limit of 0 would
     * only ever skip every file, which nobody asks for on purpose. */
    dl_read_opts_init(&defaults);
    opts = o != NULL ? *o : defaults;
    if (opts.max_file_bytes == 0)
        opts.max_file_bytes = defaults.max_file_bytes;
    if (opts.max_line_bytes == 0)
        opts.max_line_bytes = defaults.max_line_bytes;
    fmt = dl_format_of_path(path, &gz);
    if (fmt == DL_FORMAT_UNKNOWN)
        return dl_err_set(err, DL_EINVAL, "%s: unknown file format", path);

    rc = read_whole(path, opts.max_file_bytes, warn, ctx, &raw, &raw_len,
                    &skipped, err);
    if (rc != DL_OK || skipped)
        goto out;
    bytes = raw;
    len = raw_len;
    if (gz) {
        rc = gunzip(path, raw, raw_len, opts.max_file_bytes, warn, ctx, &plain,
                    &skipped, err);
        if (rc != DL_OK || skipped)
            goto out;
        dl_free(raw); /* halve the peak: compressed bytes are done */
        raw = NULL;
        bytes = plain.data != NULL ? plain.data : "";
        len = plain.len;
    }
    /* JSON Lines is UTF-8 by definition, but Windows tools write UTF-16
     * (PowerShell's Out-File does by default), and the reader splits lines
     * at "\n" bytes: such a file is made UTF-8 first.  Text and HTML
     * readers decode UTF-16 themselves, through dl_decode. */
    if (fmt == DL_FORMAT_JSONL && dl_decode_utf16(bytes, len) != DL_UTF16_NO) {
        rc = dl_reader_decode(path, 0, bytes, len, NULL, warn, ctx, &wide, err);
        if (rc != DL_OK)
            goto out;
        dl_free(raw);
        raw = NULL;
        dl_buf_free(&plain);
        bytes = wide.text;
        len = wide.len;
    }

    cnt.emit = emit;
    cnt.warn = warn;
    cnt.ctx = ctx;
    cwarn = warn != NULL ? count_warn : NULL;
    cnt.n = 0;
    switch (fmt) {
    case DL_FORMAT_TEXT:
        rc =
            dl_read_text(path, bytes, len, &opts, count_emit, cwarn, &cnt, err);
        break;
    case DL_FORMAT_HTML:
        rc =
            dl_read_html(path, bytes, len, &opts, count_emit, cwarn, &cnt, err);
        break;
    case DL_FORMAT_JSONL:
        rc = dl_read_jsonl(path, bytes, len, &opts, count_emit, cwarn, &cnt,
                           err);
        break;
    default:
        rc = dl_err_set(err, DL_EINTERNAL, "%s: no reader", path);
        break;
    }
    if (n_articles != NULL)
        *n_articles = cnt.n;
out:
    dl_free(raw);
    dl_buf_free(&plain);
    dl_decoded_free(&wide);
    return rc;
}
