/* dl_decode.c - bytes of unknown encoding to valid UTF-8 in NFC.
 *
 * Everything funnels into one finishing pass (finish()) that validates UTF-8,
 * replaces each maximal invalid subpart with U+FFFD, drops NULs and runs NFC
 * only when a character outside a known-NFC-stable repertoire shows up, so
 * the common case (valid, NUL-free UTF-8 of Latin/Cyrillic text) costs one
 * scan and one memcpy.  The single-byte encodings news archives actually
 * contain (windows-1251, its Kazakh variant KZ-1048, PT154, KOI8-R,
 * windows-1252) are decoded with our own tables: glibc lacks KZ-1048, and the
 * Cyrillic scorer needs the tables anyway.  Other charsets go through iconv.
 * Detection asks libuchardet first but only trusts it for scripts our own
 * checks do not cover: on short Cyrillic texts it often confuses CP1251,
 * KOI8-R and MAC-CYRILLIC, and on Western text it wanders between Latin
 * charsets, so Cyrillic is decided by letter frequencies and Western falls
 * back to windows-1252.
 *
 * Two rules come before detection.  UTF-16 without a byte-order mark is
 * recognised by its NUL bytes (dl_decode_utf16, whose rule dl_decode.h
 * states): before it, such files were skipped as binary.  And bytes that
 * are not valid UTF-8 but nearly so (near_utf8(), the rule in dl_decode.h)
 * are UTF-8 with a few bad bytes, not a legacy charset: before it, one
 * stray byte sent a whole UTF-8 file to detection and garbled every accented
 * or Cyrillic letter in it.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include <uchardet/uchardet.h>
#include <utf8proc.h>

#include "dl_alloc.h"
#include "dl_buf.h"
#include "dl_decode.h"
#include "dl_normalize.h"
#include "dl_utf8.h"

/* Upper halves (0x80..0xFF) of the single-byte tables, generated from
 * Python's codecs; 0xFFFD marks an unassigned byte. */
static const uint16_t cp1251_hi[128] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC,
    0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F, 0x0452, 0x2018,
    0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459,
    0x203A, 0x045A, 0x045C, 0x045B, 0x045F, 0x00A0, 0x040E, 0x045E, 0x0408,
    0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC,
    0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5,
    0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455,
    0x0457, 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F, 0x0420,
    0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429,
    0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F, 0x0430, 0x0431, 0x0432,
    0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B,
    0x043C, 0x043D, 0x043E, 0x043F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0444,
    0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D,
    0x044E, 0x044F,
};
static const uint16_t kz1048_hi[128] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC,
    0x2030, 0x0409, 0x2039, 0x040A, 0x049A, 0x04BA, 0x040F, 0x0452, 0x2018,
    0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459,
    0x203A, 0x045A, 0x049B, 0x04BB, 0x045F, 0x00A0, 0x04B0, 0x04B1, 0x04D8,
    0x00A4, 0x04E8, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0492, 0x00AB, 0x00AC,
    0x00AD, 0x00AE, 0x04AE, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x04E9, 0x00B5,
    0x00B6, 0x00B7, 0x0451, 0x2116, 0x0493, 0x00BB, 0x04D9, 0x04A2, 0x04A3,
    0x04AF, 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F, 0x0420,
    0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429,
    0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F, 0x0430, 0x0431, 0x0432,
    0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B,
    0x043C, 0x043D, 0x043E, 0x043F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0444,
    0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D,
    0x044E, 0x044F,
};
static const uint16_t pt154_hi[128] = {
    0x0496, 0x0492, 0x04EE, 0x0493, 0x201E, 0x2026, 0x04B6, 0x04AE, 0x04B2,
    0x04AF, 0x04A0, 0x04E2, 0x04A2, 0x049A, 0x04BA, 0x04B8, 0x0497, 0x2018,
    0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x04B3, 0x04B7, 0x04A1,
    0x04E3, 0x04A3, 0x049B, 0x04BB, 0x04B9, 0x00A0, 0x040E, 0x045E, 0x0408,
    0x04E8, 0x0498, 0x04B0, 0x00A7, 0x0401, 0x00A9, 0x04D8, 0x00AB, 0x00AC,
    0x04EF, 0x00AE, 0x049C, 0x00B0, 0x04B1, 0x0406, 0x0456, 0x0499, 0x04E9,
    0x00B6, 0x00B7, 0x0451, 0x2116, 0x04D9, 0x00BB, 0x0458, 0x04AA, 0x04AB,
    0x049D, 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F, 0x0420,
    0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429,
    0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F, 0x0430, 0x0431, 0x0432,
    0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B,
    0x043C, 0x043D, 0x043E, 0x043F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0444,
    0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D,
    0x044E, 0x044F,
};
static const uint16_t koi8r_hi[128] = {
    0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C,
    0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590, 0x2591, 0x2592,
    0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248, 0x2264, 0x2265, 0x00A0,
    0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7, 0x2550, 0x2551, 0x2552, 0x0451,
    0x2553, 0x2554, 0x2555, 0x2556, 0x2557, 0x2558, 0x2559, 0x255A, 0x255B,
    0x255C, 0x255D, 0x255E, 0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563,
    0x2564, 0x2565, 0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C,
    0x00A9, 0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
    0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432, 0x044C, 0x044B,
    0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A, 0x042E, 0x0410, 0x0411,
    0x0426, 0x0414, 0x0415, 0x0424, 0x0413, 0x0425, 0x0418, 0x0419, 0x041A,
    0x041B, 0x041C, 0x041D, 0x041E, 0x041F, 0x042F, 0x0420, 0x0421, 0x0422,
    0x0423, 0x0416, 0x0412, 0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429,
    0x0427, 0x042A,
};
static const uint16_t cp1252_hi[128] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
    0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018,
    0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
    0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3,
    0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC,
    0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5,
    0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE,
    0x00BF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x00D0,
    0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9,
    0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, 0x00E0, 0x00E1, 0x00E2,
    0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB,
    0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4,
    0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD,
    0x00FE, 0x00FF,
};

enum table_id { T_NONE = -1, T_CP1251, T_KOI8R, T_KZ1048, T_PT154, T_CP1252 };

static const uint16_t *const tables[] = {cp1251_hi, koi8r_hi, kz1048_hi,
                                         pt154_hi, cp1252_hi};

enum family { F_UTF8, F_TABLE, F_LATIN, F_CYR, F_OTHER };

/* Charset names we accept, keyed by the name lowercased with everything but
 * letters and digits removed, so "Windows-1251", "CP_1251" and "cp1251"
 * meet.  A name outside this list is "unknown" to the contract even when
 * iconv might know it: the result's charset must be a static string. */
struct cs_entry {
    const char *key;    /* normalised label */
    const char *name;   /* static name reported and given to iconv */
    int table;          /* enum table_id, or T_NONE for iconv */
    enum family family; /* how detection treats uchardet's answer */
};

static const struct cs_entry charsets[] = {
    {"utf8", "UTF-8", T_NONE, F_UTF8},
    {"unicode11utf8", "UTF-8", T_NONE, F_UTF8},
    {"ascii", "windows-1252", T_CP1252, F_LATIN},
    {"usascii", "windows-1252", T_CP1252, F_LATIN},
    /* WHATWG: Latin-1 labels mean windows-1252, a strict superset in
     * practice (0x80..0x9F are C1 controls nobody meant). */
    {"iso88591", "windows-1252", T_CP1252, F_LATIN},
    {"latin1", "windows-1252", T_CP1252, F_LATIN},
    {"l1", "windows-1252", T_CP1252, F_LATIN},
    {"cp1252", "windows-1252", T_CP1252, F_LATIN},
    {"windows1252", "windows-1252", T_CP1252, F_LATIN},
    {"xcp1252", "windows-1252", T_CP1252, F_LATIN},
    {"iso885915", "ISO-8859-15", T_NONE, F_LATIN},
    {"latin9", "ISO-8859-15", T_NONE, F_LATIN},
    {"cp1251", "windows-1251", T_CP1251, F_CYR},
    {"windows1251", "windows-1251", T_CP1251, F_CYR},
    {"win1251", "windows-1251", T_CP1251, F_CYR},
    {"xcp1251", "windows-1251", T_CP1251, F_CYR},
    {"koi8r", "KOI8-R", T_KOI8R, F_CYR},
    {"koi8", "KOI8-R", T_KOI8R, F_CYR},
    {"cskoi8r", "KOI8-R", T_KOI8R, F_CYR},
    {"kz1048", "KZ-1048", T_KZ1048, F_CYR},
    {"rk1048", "KZ-1048", T_KZ1048, F_CYR},
    {"strk10482002", "KZ-1048", T_KZ1048, F_CYR},
    {"cskz1048", "KZ-1048", T_KZ1048, F_CYR},
    {"pt154", "PT154", T_PT154, F_CYR},
    {"ptcp154", "PT154", T_PT154, F_CYR},
    {"cp154", "PT154", T_PT154, F_CYR},
    {"csptcp154", "PT154", T_PT154, F_CYR},
    {"cyrillicasian", "PT154", T_PT154, F_CYR},
    {"koi8u", "KOI8-U", T_NONE, F_CYR},
    {"iso88595", "ISO-8859-5", T_NONE, F_CYR},
    {"ibm866", "IBM866", T_NONE, F_CYR},
    {"cp866", "IBM866", T_NONE, F_CYR},
    {"ibm855", "IBM855", T_NONE, F_CYR},
    {"maccyrillic", "MAC-CYRILLIC", T_NONE, F_CYR},
    {"xmaccyrillic", "MAC-CYRILLIC", T_NONE, F_CYR},
    {"utf16", "UTF-16", T_NONE, F_OTHER},
    {"utf16le", "UTF-16LE", T_NONE, F_OTHER},
    {"utf16be", "UTF-16BE", T_NONE, F_OTHER},
    {"utf32", "UTF-32", T_NONE, F_OTHER},
    {"utf32le", "UTF-32LE", T_NONE, F_OTHER},
    {"utf32be", "UTF-32BE", T_NONE, F_OTHER},
    {"iso88592", "ISO-8859-2", T_NONE, F_LATIN},
    {"latin2", "ISO-8859-2", T_NONE, F_LATIN},
    {"cp1250", "windows-1250", T_NONE, F_LATIN},
    {"windows1250", "windows-1250", T_NONE, F_LATIN},
    {"iso88593", "ISO-8859-3", T_NONE, F_LATIN},
    {"iso88594", "ISO-8859-4", T_NONE, F_LATIN},
    {"iso88599", "ISO-8859-9", T_NONE, F_LATIN},
    {"cp1254", "windows-1254", T_NONE, F_LATIN},
    {"windows1254", "windows-1254", T_NONE, F_LATIN},
    {"iso885910", "ISO-8859-10", T_NONE, F_LATIN},
    {"iso885913", "ISO-8859-13", T_NONE, F_LATIN},
    {"cp1257", "windows-1257", T_NONE, F_LATIN},
    {"windows1257", "windows-1257", T_NONE, F_LATIN},
    {"iso885914", "ISO-8859-14", T_NONE, F_LATIN},
    {"iso885916", "ISO-8859-16", T_NONE, F_LATIN},
    {"macintosh", "MACINTOSH", T_NONE, F_LATIN},
    {"iso88596", "ISO-8859-6", T_NONE, F_OTHER},
    {"cp1256", "windows-1256", T_NONE, F_OTHER},
    {"windows1256", "windows-1256", T_NONE, F_OTHER},
    {"iso88597", "ISO-8859-7", T_NONE, F_OTHER},
    {"cp1253", "windows-1253", T_NONE, F_OTHER},
    {"windows1253", "windows-1253", T_NONE, F_OTHER},
    {"iso88598", "ISO-8859-8", T_NONE, F_OTHER},
    {"cp1255", "windows-1255", T_NONE, F_OTHER},
    {"windows1255", "windows-1255", T_NONE, F_OTHER},
    {"cp1258", "windows-1258", T_NONE, F_OTHER},
    {"windows1258", "windows-1258", T_NONE, F_OTHER},
    {"tis620", "TIS-620", T_NONE, F_OTHER},
    {"windows874", "CP874", T_NONE, F_OTHER},
    {"shiftjis", "SHIFT_JIS", T_NONE, F_OTHER},
    {"sjis", "SHIFT_JIS", T_NONE, F_OTHER},
    {"eucjp", "EUC-JP", T_NONE, F_OTHER},
    {"iso2022jp", "ISO-2022-JP", T_NONE, F_OTHER},
    {"gb18030", "GB18030", T_NONE, F_OTHER},
    {"gbk", "GBK", T_NONE, F_OTHER},
    {"gb2312", "GB18030", T_NONE, F_OTHER},
    {"big5", "BIG5", T_NONE, F_OTHER},
    {"euckr", "EUC-KR", T_NONE, F_OTHER},
    {"euctw", "EUC-TW", T_NONE, F_OTHER},
};

/* An input offset of the first bad byte that is not yet known. */
#define NO_BAD SIZE_MAX

/* note_bad - remember off (an offset in dl_decode's input) when it is the
 * first problem seen. */
static void
note_bad(struct dl_decoded *out, size_t off)
{
    if (off < out->first_bad)
        out->first_bad = off;
}

static const struct cs_entry *
charset_lookup(const char *label)
{
    char key[32];
    size_t n = 0;
    size_t i;
    const char *p;

    for (p = label; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            continue;
        if (n + 1 >= sizeof key)
            return NULL;
        key[n++] = (char)c;
    }
    key[n] = '\0';
    for (i = 0; i < sizeof charsets / sizeof charsets[0]; i++) {
        if (strcmp(key, charsets[i].key) == 0)
            return &charsets[i];
    }
    return NULL;
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* Code points that are NFC-stable in any context: canonical combining class
 * 0, no canonical decomposition, never the second half of a composition
 * (checked against Python's unicodedata for every point in these ranges).
 * Text made only of them is already NFC, so utf8proc can be skipped. */
static int
nfc_stable(int cp)
{
    if (cp < 0x300)
        return 1;
    if (cp >= 0x400 && cp <= 0x52F)
        return cp <= 0x482 || cp >= 0x48A; /* 0483..0489 combine */
    if (cp >= 0x2010 && cp <= 0x205E)
        return cp <= 0x2027 || cp >= 0x2030;
    return cp == 0x20AC || cp == 0x2116 || cp == 0x2122 ||
           (cp >= 0x2500 && cp <= 0x259F);
}

#define DETECT_SAMPLE 65536 /* bytes given to uchardet */

#define HIGH_BITS UINT64_C(0x8080808080808080)
#define LOW_ONES UINT64_C(0x0101010101010101)

struct scan {
    int valid;    /* well-formed UTF-8 */
    int nul;      /* holds a NUL */
    int stable;   /* every character is nfc_stable */
    size_t multi; /* valid multi-byte sequences */
    size_t bad;   /* invalid sequences (maximal subparts) */
};

/* scan - one pass over s[0..n), filling r.  ASCII goes eight bytes at a
 * time. */
static void
scan(const unsigned char *s, size_t n, struct scan *r)
{
    size_t i = 0;
    int cp;

    r->valid = 1;
    r->nul = 0;
    r->stable = 1;
    r->multi = 0;
    r->bad = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* no high bit and no zero byte: eight plain ASCII bytes */
            if (((w | ((w - LOW_ONES) & ~w)) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            if (s[i] == 0)
                r->nul = 1;
            i++;
            continue;
        }
        i += dl_utf8_next((const char *)s + i, n - i, &cp);
        if (cp == DL_UTF8_INVALID) {
            r->valid = 0;
            r->bad++;
            continue;
        }
        r->multi++;
        if (r->stable && !nfc_stable(cp))
            r->stable = 0;
    }
}

/* near_utf8 - the rule of dl_decode.h, on what scan() counted in bytes
 * that are not valid UTF-8: at least DL_DECODE_NEAR_UTF8 valid multi-byte
 * sequences per invalid one (a maximal subpart, as repair() counts them). */
static int
near_utf8(const struct scan *r)
{
    return r->bad > 0 && r->multi / DL_DECODE_NEAR_UTF8 >= r->bad;
}

static const char fffd[] = "\xEF\xBF\xBD";

/* repair - append s[0..n) to b with invalid subparts as U+FFFD and NULs
 * dropped, counting both in out.  base is the offset of s in dl_decode's
 * input, or NO_BAD when s is converted text (the converter noted where its
 * problems were). */
static dl_status
repair(const unsigned char *s, size_t n, size_t base, dl_buf *b,
       struct dl_decoded *out)
{
    size_t i = 0;
    size_t run = 0; /* start of the pending run of good bytes */
    dl_status rc;

    rc = dl_buf_reserve(b, n + n / 2 + 4);
    if (rc != DL_OK)
        return rc;
    while (i < n) {
        int cp = 0;
        size_t k = 1;
        if (s[i] != 0 && s[i] < 0x80) {
            i++;
            continue;
        }
        if (s[i] != 0) {
            k = dl_utf8_next((const char *)s + i, n - i, &cp);
            if (cp != DL_UTF8_INVALID) {
                i += k;
                continue;
            }
        }
        /* a NUL (cp 0: dropped) or an invalid unit (one U+FFFD) */
        rc = dl_buf_append(b, s + run, i - run);
        if (rc == DL_OK && cp == DL_UTF8_INVALID)
            rc = dl_buf_append(b, fffd, 3);
        if (rc != DL_OK)
            return rc;
        if (cp == DL_UTF8_INVALID)
            out->repaired++;
        else
            out->nuls++;
        if (base != NO_BAD)
            note_bad(out, base + i);
        i += k;
        run = i;
    }
    return dl_buf_append(b, s + run, n - run);
}

/* nfc_spans - append the NFC form of s[0..n) (valid UTF-8) to b, handing
 * utf8proc only the spans around characters that are not nfc_stable.  A
 * stable character can start a composition (e + U+0301) but never ends one
 * or reorders, so a span runs from the last stable character before an
 * unstable one to the next stable character after it; everything outside
 * the spans is copied.  utf8proc runs at a few MB/s, and one "►" or "∞"
 * in an article must not send the whole article through it. */
static dl_status
nfc_spans(const char *s, size_t n, dl_buf *b)
{
    size_t copied = 0;    /* s[0..copied) is in b */
    size_t last_good = 0; /* start of the last stable character seen */
    size_t i = 0;
    dl_status rc;

    rc = dl_buf_reserve(b, n);
    if (rc != DL_OK)
        return rc;
    while (i < n) {
        int cp;
        size_t k = dl_utf8_next(s + i, n - i, &cp);
        size_t start;
        if (nfc_stable(cp)) {
            last_good = i;
            i += k;
            continue;
        }
        start = last_good > copied ? last_good : copied;
        i += k;
        while (i < n) {
            k = dl_utf8_next(s + i, n - i, &cp);
            if (nfc_stable(cp))
                break;
            i += k;
        }
        rc = dl_buf_append(b, s + copied, start - copied);
        if (rc == DL_OK)
            rc = dl_utf8_nfc(s + start, i - start, b);
        if (rc != DL_OK)
            return rc == DL_EINVAL ? DL_EINTERNAL : rc; /* input is valid */
        copied = i;
        last_good = i;
    }
    return dl_buf_append(b, s + copied, n - copied);
}

/* finish - make out->text from s[0..n), which is meant to be UTF-8.  base
 * as for repair(). */
static dl_status
finish(const char *s, size_t n, size_t base, struct dl_decoded *out)
{
    dl_buf fixed = DL_BUF_INIT;
    dl_buf nfc = DL_BUF_INIT;
    const char *src = s;
    size_t srclen = n;
    struct scan r;
    dl_status rc = DL_OK;

    scan((const unsigned char *)s, n, &r);
    if (!r.valid || r.nul) {
        rc = repair((const unsigned char *)s, n, base, &fixed, out);
        if (rc != DL_OK)
            goto out;
        src = fixed.data != NULL ? fixed.data : "";
        srclen = fixed.len;
    }
    if (!r.stable && srclen > 0) {
        rc = nfc_spans(src, srclen, &nfc);
        if (rc != DL_OK)
            goto out;
        src = nfc.data;
        srclen = nfc.len;
    }
    out->text = dl_malloc(srclen + 1);
    if (out->text == NULL) {
        rc = DL_ENOMEM;
        goto out;
    }
    memcpy(out->text, src, srclen);
    out->text[srclen] = '\0';
    out->len = srclen;
out:
    dl_buf_free(&nfc);
    dl_buf_free(&fixed);
    return rc;
}

/* ---- other encodings to UTF-8 ----------------------------------------- */

/* decode_table - a single-byte charset; every byte makes at most 3 bytes.
 * An unassigned byte becomes U+FFFD; a NUL passes (finish() drops it). */
static dl_status
decode_table(const unsigned char *s, size_t n, const uint16_t *hi, dl_buf *b,
             struct dl_decoded *out)
{
    unsigned char *p;
    size_t i;
    dl_status rc;

    if (n > (SIZE_MAX - 1) / 3)
        return DL_ENOMEM;
    rc = dl_buf_reserve(b, n * 3);
    if (rc != DL_OK)
        return rc;
    p = (unsigned char *)b->data;
    for (i = 0; i < n; i++) {
        uint16_t cp = s[i] < 0x80 ? s[i] : hi[s[i] - 0x80];
        if (cp == 0xFFFD)
            out->repaired++;
        if (cp == 0xFFFD || cp == 0)
            note_bad(out, i);
        p += dl_utf8_encode(cp, (char *)p);
    }
    b->len = (size_t)((char *)p - b->data);
    b->data[b->len] = '\0';
    return DL_OK;
}

/* utf16_next - the code point of the UTF-16 unit at s[i] (i + 1 < n), or
 * of the surrogate pair there; *cp is a lone surrogate's own value when it
 * has no partner.  Returns the bytes used, 2 or 4. */
static size_t
utf16_next(const unsigned char *s, size_t n, size_t i, int big, uint32_t *cp)
{
    uint32_t u = big ? (uint32_t)(s[i] << 8 | s[i + 1])
                     : (uint32_t)(s[i + 1] << 8 | s[i]);
    uint32_t l;

    *cp = u;
    if (u < 0xD800 || u > 0xDBFF || i + 3 >= n)
        return 2;
    l = big ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
            : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
    if (l < 0xDC00 || l > 0xDFFF)
        return 2;
    *cp = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
    return 4;
}

/* decode_utf16 - s is base bytes into the input (after a BOM, or the
 * whole input); unpaired surrogates and an odd last byte become U+FFFD,
 * U+0000 passes (finish() drops it). */
static dl_status
decode_utf16(const unsigned char *s, size_t n, size_t base, int big, dl_buf *b,
             struct dl_decoded *out)
{
    unsigned char *p;
    size_t i;
    dl_status rc;

    /* two bytes give at most 3, four (a pair) give 4 */
    if (n > (SIZE_MAX - 8) / 2)
        return DL_ENOMEM;
    rc = dl_buf_reserve(b, n / 2 * 3 + 4);
    if (rc != DL_OK)
        return rc;
    p = (unsigned char *)b->data;
    for (i = 0; i + 1 < n;) {
        uint32_t u;
        size_t k = utf16_next(s, n, i, big, &u);
        if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
            out->repaired++;
        }
        if (u == 0xFFFD || u == 0)
            note_bad(out, base + i);
        p += dl_utf8_encode(u, (char *)p);
        i += k;
    }
    if (n % 2 != 0) {
        p += dl_utf8_encode(DL_UTF8_REPLACEMENT, (char *)p);
        out->repaired++;
        note_bad(out, base + n - 1);
    }
    b->len = (size_t)((char *)p - b->data);
    b->data[b->len] = '\0';
    return DL_OK;
}

/* decode_iconv - any charset glibc knows; an illegal or truncated sequence
 * becomes U+FFFD and conversion resumes one byte later.  wide: a charset
 * whose units are wider than a byte (UTF-32), where a NUL byte is not a NUL
 * character. */
static dl_status
decode_iconv(iconv_t cd, const char *s, size_t n, bool wide, dl_buf *b,
             struct dl_decoded *out)
{
    char *in = (char *)(uintptr_t)s; /* iconv's prototype lacks const */
    const char *nul = wide ? NULL : memchr(s, 0, n);
    size_t inleft = n;
    dl_status rc;

    if (nul != NULL)
        note_bad(out, (size_t)(nul - s));
    rc = dl_buf_reserve(b, n + n / 2 + 16);
    if (rc != DL_OK)
        return rc;
    for (;;) {
        char *o = b->data + b->len;
        size_t oleft = b->cap - b->len - 1;
        size_t r = iconv(cd, inleft > 0 ? &in : NULL, &inleft, &o, &oleft);
        int e = errno;
        b->len = (size_t)(o - b->data);
        b->data[b->len] = '\0';
        if (r != (size_t)-1) {
            if (inleft == 0)
                break;
            continue;
        }
        if (e == E2BIG) {
            rc = dl_buf_reserve(b, b->cap);
            if (rc != DL_OK)
                return rc;
        } else if (e == EILSEQ || e == EINVAL) {
            rc = dl_buf_append(b, fffd, 3);
            if (rc != DL_OK)
                return rc;
            out->repaired++;
            note_bad(out, (size_t)(in - s));
            in++;
            inleft--;
            if (inleft == 0)
                break;
        } else {
            return DL_EINTERNAL;
        }
    }
    return DL_OK;
}

static dl_status
decode_entry(const struct cs_entry *cs, const char *s, size_t n,
             struct dl_decoded *out, int *unknown)
{
    dl_buf b = DL_BUF_INIT;
    dl_status rc;
    iconv_t cd;

    *unknown = 0;
    if (cs->family == F_UTF8) {
        out->charset = "UTF-8";
        return finish(s, n, 0, out);
    }
    if (cs->table != T_NONE) {
        rc = decode_table((const unsigned char *)s, n, tables[cs->table], &b,
                          out);
    } else {
        cd = iconv_open("UTF-8", cs->name);
        if (cd == (iconv_t)-1) {
            *unknown = 1;
            return errno == ENOMEM ? DL_ENOMEM : DL_EINVAL;
        }
        rc = decode_iconv(cd, s, n, strncmp(cs->name, "UTF-", 4) == 0, &b, out);
        iconv_close(cd);
    }
    if (rc == DL_OK) {
        out->charset = cs->name;
        rc = finish(b.data != NULL ? b.data : "", b.len, NO_BAD, out);
    }
    dl_buf_free(&b);
    return rc;
}

/* ---- detection -------------------------------------------------------- */

/* is_kazakh - ә ғ қ ң ө ұ ү һ and their capitals, the letters Kazakh adds
 * to the Russian alphabet (і is shared with Ukrainian). */
static int
is_kazakh(uint16_t cp)
{
    static const uint16_t lower[] = {0x4D9, 0x493, 0x49B, 0x4A3,
                                     0x4E9, 0x4B1, 0x4AF, 0x4BB};
    size_t i;

    for (i = 0; i < sizeof lower / sizeof lower[0]; i++) {
        if (cp == lower[i] || cp + 1 == lower[i])
            return 1;
    }
    return 0;
}

/* cyr_weight - how much a decoded character looks like running Russian,
 * Ukrainian or Kazakh text.  Frequent Russian letters weigh most and
 * lowercase beats uppercase, which is what separates CP1251 from KOI8-R
 * (each maps the other's lowercase to uppercase and a different letter);
 * typographic punctuation is neutral; anything else (box drawing, Serbian
 * and Macedonian letters, currency and per-mille signs) counts against.
 * KZ-1048 and PT154 put Kazakh letters where CP1251 has Ukrainian є ї ґ, so
 * context decides: yery (the reading has ы, which Ukrainian lacks) makes
 * є ї ґ unlikely, and kazakh (Kazakh letters and і are at least 2% of the
 * high bytes, not one stray ї in a Russian article) makes Kazakh letters
 * likely.
 * Without ы, Ukrainian wins ties: Kazakh text nearly always has ы. */
static int
cyr_weight(uint16_t cp, int yery, int kazakh)
{
    /* о е а и н т с р в л */
    static const uint16_t frequent[] = {0x43E, 0x435, 0x430, 0x438, 0x43D,
                                        0x442, 0x441, 0x440, 0x432, 0x43B};
    size_t i;
    int lower;
    uint16_t base;

    if (cp >= 0x410 && cp <= 0x44F) {
        lower = cp >= 0x430;
        base = (uint16_t)(lower ? cp : cp + 0x20);
        for (i = 0; i < sizeof frequent / sizeof frequent[0]; i++) {
            if (frequent[i] == base)
                return 6 + lower;
        }
        /* ж ш ю ц щ э ф ъ: rare in running text */
        if (base == 0x436 || base == 0x448 || base == 0x44E || base == 0x446 ||
            base == 0x449 || base == 0x44D || base == 0x444 || base == 0x44A)
            return 1 + lower;
        return 3 + lower;
    }
    if (cp == 0x451 || cp == 0x401)
        return 1 + (cp == 0x451);
    if (is_kazakh(cp)) {
        if (!kazakh)
            return -4;
        return (yery ? 4 : 3) - (cp % 2 == 0); /* uppercase is even */
    }
    switch (cp) {
    case 0x454: /* є */
    case 0x457: /* ї */
    case 0x491: /* ґ */
        return yery ? -2 : 4;
    case 0x404:
    case 0x407:
    case 0x490:
        return yery ? -2 : 3;
    case 0x456: /* і */
    case 0x45E: /* ў */
        return 4;
    case 0x406:
    case 0x40E:
        return 3;
    case 0xA0:
    case 0xAB:
    case 0xBB:
    case 0x2013:
    case 0x2014:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2026:
    case 0x2116:
        return 0;
    default:
        return -4;
    }
}

struct stats {
    size_t hist[128]; /* counts of bytes 0x80..0xFF */
    size_t high;      /* bytes >= 0xC0: letters in every Cyrillic table */
    size_t pairs;     /* such bytes followed by another */
    size_t ascii;     /* ASCII letters */
    size_t high80;    /* bytes >= 0x80 */
    size_t pairs80;   /* such bytes followed by another */
};

static void
gather(const unsigned char *s, size_t n, struct stats *st)
{
    size_t i;

    memset(st, 0, sizeof *st);
    for (i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                st->ascii++;
            continue;
        }
        st->hist[c - 0x80]++;
        st->high80++;
        if (i + 1 < n && s[i + 1] >= 0x80)
            st->pairs80++;
        if (c >= 0xC0) {
            st->high++;
            if (i + 1 < n && s[i + 1] >= 0xC0)
                st->pairs++;
        }
    }
}

/* looks_cyrillic - Cyrillic words are runs of high bytes and outnumber the
 * ASCII letters; Western European text has isolated accented letters among
 * ASCII ones ("café élève": 3 high bytes, no pair). */
static int
looks_cyrillic(const struct stats *st)
{
    return st->high >= 2 && st->pairs * 2 >= st->high && st->high >= st->ascii;
}

/* pick_cyrillic - the Cyrillic table whose reading scores best; ties go to
 * the earlier (more common) table.  *best_out gets its score. */
static int
pick_cyrillic(const struct stats *st, long *best_out)
{
    static const int order[] = {T_CP1251, T_KOI8R, T_KZ1048, T_PT154};
    long best_score = 0;
    int best = T_CP1251;
    size_t k;
    size_t b;

    for (k = 0; k < sizeof order / sizeof order[0]; k++) {
        const uint16_t *t = tables[order[k]];
        long score = 0;
        int yery = 0;
        size_t kaz = 0;
        for (b = 0; b < 128; b++) {
            if (st->hist[b] != 0 && (t[b] == 0x44B || t[b] == 0x42B))
                yery = 1;
            if (is_kazakh(t[b]) || t[b] == 0x456 || t[b] == 0x406)
                kaz += st->hist[b];
        }
        for (b = 0; b < 128; b++) {
            if (st->hist[b] != 0)
                score += (long)st->hist[b] *
                         cyr_weight(t[b], yery, kaz * 50 >= st->high);
        }
        if (k == 0 || score > best_score) {
            best_score = score;
            best = order[k];
        }
    }
    *best_out = best_score;
    return best;
}

static const struct cs_entry *
table_entry(int table)
{
    size_t i;

    for (i = 0; i < sizeof charsets / sizeof charsets[0]; i++) {
        if (charsets[i].table == table)
            return &charsets[i];
    }
    return NULL;
}

/* detect - choose a charset for bytes that are not valid UTF-8.
 * uchardet costs tens of microseconds per call whatever the length, more
 * than everything else together, so it is skipped when our own statistics
 * already decide: isolated high bytes among ASCII letters are Western
 * European (Greek, Hebrew, Arabic and CJK have runs of high bytes), and a
 * Cyrillic reading averaging at least DECISIVE per letter byte is running
 * Russian or Kazakh (real text scores about 5.5, other scripts forced
 * through a Cyrillic table much less). */
#define DECISIVE 5
static const struct cs_entry *
detect(const char *s, size_t n, dl_status *rc)
{
    const struct cs_entry *guess = NULL;
    struct stats st;
    uchardet_t ud;
    long score;
    int cyr = -1;

    *rc = DL_OK;
    gather((const unsigned char *)s, n, &st);
    if (!looks_cyrillic(&st) && st.pairs80 * 4 <= st.high80)
        return table_entry(T_CP1252);
    if (looks_cyrillic(&st)) {
        cyr = pick_cyrillic(&st, &score);
        if (score >= DECISIVE * (long)st.high)
            return table_entry(cyr);
    }

    ud = uchardet_new();
    if (ud == NULL) {
        *rc = DL_ENOMEM;
        return NULL;
    }
    /* uchardet's answer is only a label; it returns non-zero on OOM.  A
     * sample tells as much as the whole. */
    if (uchardet_handle_data(ud, s, n < DETECT_SAMPLE ? n : DETECT_SAMPLE) !=
        0) {
        uchardet_delete(ud);
        *rc = DL_ENOMEM;
        return NULL;
    }
    uchardet_data_end(ud);
    guess = charset_lookup(uchardet_get_charset(ud));
    uchardet_delete(ud);

    if (guess != NULL && guess->family == F_OTHER)
        return guess;
    if (cyr >= 0)
        return table_entry(cyr);
    if (guess != NULL && guess->family == F_CYR && st.high * 4 >= st.ascii)
        return table_entry(pick_cyrillic(&st, &score));
    return table_entry(T_CP1252);
}

/* ---- UTF-16 without a byte-order mark ---------------------------------- */

#define SNIFF_BYTES 8192 /* as dl_decode_looks_binary: enough to tell */

/* text_char - whether UTF-16 text would hold cp: not a control other than
 * the whitespace ones, not unassigned (U+FFFE and U+FFFF included), not
 * private use, not a lone surrogate. */
static int
text_char(uint32_t cp)
{
    utf8proc_category_t cat;

    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
               cp == '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 0;
    cat = utf8proc_category((utf8proc_int32_t)cp);
    return cat != UTF8PROC_CATEGORY_CN && cat != UTF8PROC_CATEGORY_CO &&
           cat != UTF8PROC_CATEGORY_CS;
}

/* utf16_nul_side - which position, 0 (even bytes) or 1 (odd bytes), the
 * NULs of u[0..n) (n even) say holds the more significant halves of UTF-16
 * code units, or -1 when they do not tell.  The high half of every
 * character below U+0100 (spaces, digits, line ends, Latin letters) is 0,
 * while a low half is 0 only in the rare U+xx00; so NULs at least 4 times
 * as often on one side, and in at least one unit in 16, decide.  Chinese
 * and Japanese text may have too few ASCII characters for that, and U+3000
 * and U+4E00 put NULs on the low side. */
static int
utf16_nul_side(const unsigned char *u, size_t n)
{
    size_t nuls[2] = {0, 0};
    size_t i;
    int c;

    for (i = 0; i < n; i++)
        nuls[i & 1] += u[i] == 0;
    for (c = 0; c < 2; c++) {
        if (nuls[c] >= 4 * nuls[!c] && nuls[c] * 16 >= n / 2)
            return c;
    }
    return -1;
}

struct utf16_reading {
    size_t bad; /* units that are not text_char() */
    size_t cjk; /* characters of the CJK blocks (U+3000-U+9FFF,
                   U+F900-U+FAFF, U+FF00-U+FFEF) or below U+0100 */
};

/* utf16_read - read u[0..n) (n even) with the high halves on side hi and
 * count what the code units are. */
static void
utf16_read(const unsigned char *u, size_t n, int hi, struct utf16_reading *r)
{
    size_t i;

    r->bad = 0;
    r->cjk = 0;
    for (i = 0; i < n;) {
        uint32_t cp;
        i += utf16_next(u, n, i, !hi, &cp);
        if (!text_char(cp))
            r->bad++;
        else if (cp < 0x100 || (cp >= 0x3000 && cp <= 0x9FFF) ||
                 (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0xFF00 && cp <= 0xFFEF))
            r->cjk++;
    }
}

/* sniff_utf16 - the NUL-pattern rule of dl_decode_utf16 (dl_decode.h).
 * Read in the right order, UTF-16 text is characters; damage is allowed,
 * one unit in 32.  Binary data has far more NUL units, controls and
 * unassigned code points than that.
 * When the NULs do not tell the order, only Chinese or Japanese text is
 * expected (Korean and every alphabet put spaces between words), so the
 * reading must be at least 90% CJK ideographs, kana and CJK punctuation,
 * and the other order clearly not text (one unit in 16 bad; in the wrong
 * order the high halves are the low bytes, spread over every value, and
 * one unit in ten or more falls among the surrogates and the private-use
 * area).  ASCII text with stray NULs reads as ideographs too, but its
 * spaces and punctuation make a fifth of it something else; UTF-8 Greek or
 * Cyrillic with NULs reads as Hangul. */
static enum dl_utf16
sniff_utf16(const unsigned char *u, size_t len)
{
    size_t n = (len < SNIFF_BYTES ? len : SNIFF_BYTES) & ~(size_t)1;
    size_t units = n / 2;
    struct utf16_reading r[2];
    int hi;

    if (n < 4 || memchr(u, 0, n) == NULL)
        return DL_UTF16_NO;
    hi = utf16_nul_side(u, n); /* 1: little-endian */
    if (hi >= 0) {
        utf16_read(u, n, hi, &r[hi]);
        if (r[hi].bad * 32 > units)
            return DL_UTF16_NO;
        return hi ? DL_UTF16_LE : DL_UTF16_BE;
    }
    utf16_read(u, n, 0, &r[0]);
    utf16_read(u, n, 1, &r[1]);
    for (hi = 0; hi < 2; hi++) {
        if (r[hi].bad * 32 <= units && r[!hi].bad * 16 >= units &&
            r[hi].cjk * 10 >= units * 9)
            return hi ? DL_UTF16_LE : DL_UTF16_BE;
    }
    return DL_UTF16_NO;
}

/* ---- public ----------------------------------------------------------- */

/* is_utf16_label - a UTF-16 label, which bytes without a BOM or the NUL
 * pattern belie: they are ASCII-compatible, so the label is wrong (HTML
 * reads a <meta> naming UTF-16 as UTF-8 for the same reason). */
static int
is_utf16_label(const struct cs_entry *cs)
{
    return strncmp(cs->name, "UTF-16", 6) == 0;
}

/* decode_utf16_input - the whole input is UTF-16 in the given order, with
 * or without a BOM. */
static dl_status
decode_utf16_input(const unsigned char *u, size_t len, enum dl_utf16 order,
                   struct dl_decoded *out)
{
    dl_buf b = DL_BUF_INIT;
    int big = order == DL_UTF16_BE;
    size_t skip = 0;
    dl_status rc;

    if (len >= 2 && u[0] == (big ? 0xFE : 0xFF) && u[1] == (big ? 0xFF : 0xFE))
        skip = 2;
    out->had_bom = skip != 0;
    out->detected = skip == 0;
    out->charset = big ? "UTF-16BE" : "UTF-16LE";
    rc = decode_utf16(u + skip, len - skip, skip, big, &b, out);
    if (rc == DL_OK)
        rc = finish(b.data != NULL ? b.data : "", b.len, NO_BAD, out);
    dl_buf_free(&b);
    return rc;
}

dl_status
dl_decode(const char *bytes, size_t len, const char *declared,
          struct dl_decoded *out, dl_err *err)
{
    const unsigned char *u;
    const struct cs_entry *cs = NULL;
    enum dl_utf16 order;
    struct scan r;
    int unknown = 0;
    dl_status rc;

    memset(out, 0, sizeof *out);
    out->first_bad = NO_BAD;
    if (bytes == NULL) {
        bytes = "";
        len = 0;
    }
    u = (const unsigned char *)bytes;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        out->had_bom = true;
        out->charset = "UTF-8";
        rc = finish(bytes + 3, len - 3, 3, out);
        goto out;
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        order = DL_UTF16_LE;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        order = DL_UTF16_BE;
    else
        order = sniff_utf16(u, len);
    if (order != DL_UTF16_NO) {
        rc = decode_utf16_input(u, len, order, out);
        goto out;
    }
    if (declared != NULL)
        cs = charset_lookup(declared);
    if (cs != NULL && !is_utf16_label(cs)) {
        rc = decode_entry(cs, bytes, len, out, &unknown);
        if (rc == DL_OK || !unknown)
            goto out;
        /* iconv lacks it after all: as if undeclared */
        out->repaired = 0;
        out->first_bad = NO_BAD;
    }
    scan(u, len, &r);
    if (r.valid || near_utf8(&r)) {
        out->charset = "UTF-8";
        out->detected = !r.valid;
        rc = finish(bytes, len, 0, out);
        goto out;
    }
    cs = detect(bytes, len, &rc);
    if (rc != DL_OK)
        goto out;
    out->detected = true;
    rc = decode_entry(cs, bytes, len, out, &unknown);
    if (rc != DL_OK && unknown) {
        out->repaired = 0;
        out->first_bad = NO_BAD;
        rc = decode_entry(table_entry(T_CP1252), bytes, len, out, &unknown);
    }
out:
    if (rc != DL_OK) {
        dl_free(out->text);
        memset(out, 0, sizeof *out);
        return dl_err_set(err, rc, "decoding %zu bytes: %s", len,
                          dl_status_str(rc));
    }
    if (out->repaired == 0 && out->nuls == 0)
        out->first_bad = 0;
    return DL_OK;
}

void
dl_decoded_free(struct dl_decoded *out)
{
    if (out == NULL)
        return;
    dl_free(out->text);
    memset(out, 0, sizeof *out);
}

bool
dl_decode_looks_binary(const char *bytes, size_t len)
{
    static const struct {
        const char *magic;
        size_t len;
    } magics[] = {
        {"%PDF-", 5},
        {"\x89PNG", 4},
        {"GIF8", 4},
        {"\xFF\xD8\xFF", 3},
        {"PK\x03\x04", 4},
        {"\x1F\x8B", 2},
        {"\x7F"
         "ELF",
         4},
        {"\xD0\xCF\x11\xE0", 4},
        {"BZh", 3},
        {"\xFD"
         "7zXZ",
         5},
    };
    const unsigned char *u = (const unsigned char *)bytes;
    size_t n = len < 8192 ? len : 8192; /* 8 KiB: enough to tell */
    size_t nuls = 0;
    size_t ctrl = 0;
    size_t i;

    if (bytes == NULL || len == 0)
        return false;
    for (i = 0; i < sizeof magics / sizeof magics[0]; i++) {
        if (len >= magics[i].len &&
            memcmp(bytes, magics[i].magic, magics[i].len) == 0)
            return true;
    }
    if (dl_decode_utf16(bytes, len) != DL_UTF16_NO)
        return false;
    for (i = 0; i < n; i++) {
        if (u[i] == 0)
            nuls++;
        else if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' &&
                  u[i] != '\f' && u[i] != '\v' && u[i] != 0x1B) ||
                 u[i] == 0x7F)
            ctrl++;
    }
    /* A stray NUL or two is damage we repair; text with one NUL in 64
     * bytes, or control bytes in one of 10, is not text. */
    return nuls * 64 > n || (nuls + ctrl) * 10 > n;
}

enum dl_utf16
dl_decode_utf16(const char *bytes, size_t len)
{
    const unsigned char *u = (const unsigned char *)bytes;
    enum dl_utf16 order = DL_UTF16_NO;
    struct utf16_reading r;
    size_t n;

    if (bytes == NULL || len < 2)
        return DL_UTF16_NO;
    if (u[0] == 0xFF && u[1] == 0xFE)
        order = DL_UTF16_LE;
    else if (u[0] == 0xFE && u[1] == 0xFF)
        order = DL_UTF16_BE;
    else
        return sniff_utf16(u, len);
    /* A BOM followed by binary is binary that happens to start so. */
    n = (len - 2 < SNIFF_BYTES ? len - 2 : SNIFF_BYTES) & ~(size_t)1;
    utf16_read(u + 2, n, order == DL_UTF16_LE, &r);
    return r.bad * 32 <= n / 2 ? order : DL_UTF16_NO;
}

const char *
dl_decode_charset_name(const char *label)
{
    const struct cs_entry *cs = label != NULL ? charset_lookup(label) : NULL;

    return cs != NULL ? cs->name : NULL;
}
