/* dl_charset.c - the charsets the decoder knows, and which one unlabelled
 * bytes are in.
 *
 * Charsets: the labels documents use for them (charsets[]), and for the
 * single-byte encodings news archives actually contain (windows-1251, its
 * Kazakh variant KZ-1048, PT154, KOI8-R, windows-1252) our own tables:
 * glibc lacks KZ-1048, and the Cyrillic scorer needs the tables anyway.
 * Other charsets go through iconv (dl_decode.c).
 *
 * Detection asks libuchardet first but only trusts it for scripts our own
 * checks do not cover: on short Cyrillic texts it often confuses CP1251,
 * KOI8-R and MAC-CYRILLIC, and on Western text it wanders between Latin
 * charsets, so Cyrillic is decided by letter frequencies and Western falls
 * back to windows-1252.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <uchardet/uchardet.h>

#include "dl_charset.h"

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

/* Charset names we accept, keyed by the name lowercased with everything but
 * letters and digits removed, so "Windows-1251", "CP_1251" and "cp1251"
 * meet.  A name outside this list is "unknown" to the contract even when
 * iconv might know it: the result's charset must be a static string. */
static const struct dl_charset charsets[] = {
    {"utf8", "UTF-8", NULL, DL_CS_UTF8},
    {"unicode11utf8", "UTF-8", NULL, DL_CS_UTF8},
    {"ascii", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"usascii", "windows-1252", cp1252_hi, DL_CS_LATIN},
    /* WHATWG: Latin-1 labels mean windows-1252, a strict superset in
     * practice (0x80..0x9F are C1 controls nobody meant). */
    {"iso88591", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"latin1", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"l1", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"cp1252", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"windows1252", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"xcp1252", "windows-1252", cp1252_hi, DL_CS_LATIN},
    {"iso885915", "ISO-8859-15", NULL, DL_CS_LATIN},
    {"latin9", "ISO-8859-15", NULL, DL_CS_LATIN},
    {"cp1251", "windows-1251", cp1251_hi, DL_CS_CYR},
    {"windows1251", "windows-1251", cp1251_hi, DL_CS_CYR},
    {"win1251", "windows-1251", cp1251_hi, DL_CS_CYR},
    {"xcp1251", "windows-1251", cp1251_hi, DL_CS_CYR},
    {"koi8r", "KOI8-R", koi8r_hi, DL_CS_CYR},
    {"koi8", "KOI8-R", koi8r_hi, DL_CS_CYR},
    {"cskoi8r", "KOI8-R", koi8r_hi, DL_CS_CYR},
    {"kz1048", "KZ-1048", kz1048_hi, DL_CS_CYR},
    {"rk1048", "KZ-1048", kz1048_hi, DL_CS_CYR},
    {"strk10482002", "KZ-1048", kz1048_hi, DL_CS_CYR},
    {"cskz1048", "KZ-1048", kz1048_hi, DL_CS_CYR},
    {"pt154", "PT154", pt154_hi, DL_CS_CYR},
    {"ptcp154", "PT154", pt154_hi, DL_CS_CYR},
    {"cp154", "PT154", pt154_hi, DL_CS_CYR},
    {"csptcp154", "PT154", pt154_hi, DL_CS_CYR},
    {"cyrillicasian", "PT154", pt154_hi, DL_CS_CYR},
    {"koi8u", "KOI8-U", NULL, DL_CS_CYR},
    {"iso88595", "ISO-8859-5", NULL, DL_CS_CYR},
    {"ibm866", "IBM866", NULL, DL_CS_CYR},
    {"cp866", "IBM866", NULL, DL_CS_CYR},
    {"ibm855", "IBM855", NULL, DL_CS_CYR},
    {"maccyrillic", "MAC-CYRILLIC", NULL, DL_CS_CYR},
    {"xmaccyrillic", "MAC-CYRILLIC", NULL, DL_CS_CYR},
    {"utf16", "UTF-16", NULL, DL_CS_OTHER},
    {"utf16le", "UTF-16LE", NULL, DL_CS_OTHER},
    {"utf16be", "UTF-16BE", NULL, DL_CS_OTHER},
    {"utf32", "UTF-32", NULL, DL_CS_OTHER},
    {"utf32le", "UTF-32LE", NULL, DL_CS_OTHER},
    {"utf32be", "UTF-32BE", NULL, DL_CS_OTHER},
    {"iso88592", "ISO-8859-2", NULL, DL_CS_LATIN},
    {"latin2", "ISO-8859-2", NULL, DL_CS_LATIN},
    {"cp1250", "windows-1250", NULL, DL_CS_LATIN},
    {"windows1250", "windows-1250", NULL, DL_CS_LATIN},
    {"iso88593", "ISO-8859-3", NULL, DL_CS_LATIN},
    {"iso88594", "ISO-8859-4", NULL, DL_CS_LATIN},
    {"iso88599", "ISO-8859-9", NULL, DL_CS_LATIN},
    {"cp1254", "windows-1254", NULL, DL_CS_LATIN},
    {"windows1254", "windows-1254", NULL, DL_CS_LATIN},
    {"iso885910", "ISO-8859-10", NULL, DL_CS_LATIN},
    {"iso885913", "ISO-8859-13", NULL, DL_CS_LATIN},
    {"cp1257", "windows-1257", NULL, DL_CS_LATIN},
    {"windows1257", "windows-1257", NULL, DL_CS_LATIN},
    {"iso885914", "ISO-8859-14", NULL, DL_CS_LATIN},
    {"iso885916", "ISO-8859-16", NULL, DL_CS_LATIN},
    {"macintosh", "MACINTOSH", NULL, DL_CS_LATIN},
    {"iso88596", "ISO-8859-6", NULL, DL_CS_OTHER},
    {"cp1256", "windows-1256", NULL, DL_CS_OTHER},
    {"windows1256", "windows-1256", NULL, DL_CS_OTHER},
    {"iso88597", "ISO-8859-7", NULL, DL_CS_OTHER},
    {"cp1253", "windows-1253", NULL, DL_CS_OTHER},
    {"windows1253", "windows-1253", NULL, DL_CS_OTHER},
    {"iso88598", "ISO-8859-8", NULL, DL_CS_OTHER},
    {"cp1255", "windows-1255", NULL, DL_CS_OTHER},
    {"windows1255", "windows-1255", NULL, DL_CS_OTHER},
    {"cp1258", "windows-1258", NULL, DL_CS_OTHER},
    {"windows1258", "windows-1258", NULL, DL_CS_OTHER},
    {"tis620", "TIS-620", NULL, DL_CS_OTHER},
    {"windows874", "CP874", NULL, DL_CS_OTHER},
    {"shiftjis", "SHIFT_JIS", NULL, DL_CS_OTHER},
    {"sjis", "SHIFT_JIS", NULL, DL_CS_OTHER},
    {"eucjp", "EUC-JP", NULL, DL_CS_OTHER},
    {"iso2022jp", "ISO-2022-JP", NULL, DL_CS_OTHER},
    {"gb18030", "GB18030", NULL, DL_CS_OTHER},
    {"gbk", "GBK", NULL, DL_CS_OTHER},
    {"gb2312", "GB18030", NULL, DL_CS_OTHER},
    {"big5", "BIG5", NULL, DL_CS_OTHER},
    {"euckr", "EUC-KR", NULL, DL_CS_OTHER},
    {"euctw", "EUC-TW", NULL, DL_CS_OTHER},
};

const struct dl_charset *
dl_charset_lookup(const char *label)
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

#define DETECT_SAMPLE 65536 /* bytes given to uchardet */

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
static const uint16_t *
pick_cyrillic(const struct stats *st, long *best_out)
{
    static const uint16_t *const order[] = {cp1251_hi, koi8r_hi, kz1048_hi,
                                            pt154_hi};
    long best_score = 0;
    const uint16_t *best = cp1251_hi;
    size_t k;
    size_t b;

    for (k = 0; k < sizeof order / sizeof order[0]; k++) {
        const uint16_t *t = order[k];
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

/* table_entry - the charset that table decodes (its first name). */
static const struct dl_charset *
table_entry(const uint16_t *table)
{
    size_t i;

    for (i = 0; i < sizeof charsets / sizeof charsets[0]; i++) {
        if (charsets[i].upper == table)
            return &charsets[i];
    }
    return NULL;
}

const struct dl_charset *
dl_charset_western(void)
{
    return table_entry(cp1252_hi);
}

/* uchardet costs tens of microseconds per call whatever the length, more
 * than everything else together, so it is skipped when our own statistics
 * already decide: isolated high bytes among ASCII letters are Western
 * European (Greek, Hebrew, Arabic and CJK have runs of high bytes), and a
 * Cyrillic reading averaging at least DECISIVE per letter byte is running
 * Russian or Kazakh (real text scores about 5.5, other scripts forced
 * through a Cyrillic table much less). */
#define DECISIVE 5
const struct dl_charset *
dl_charset_detect(const char *s, size_t n, dl_status *rc)
{
    const struct dl_charset *guess = NULL;
    struct stats st;
    uchardet_t ud;
    long score;
    const uint16_t *cyr = NULL;

    *rc = DL_OK;
    gather((const unsigned char *)s, n, &st);
    if (!looks_cyrillic(&st) && st.pairs80 * 4 <= st.high80)
        return table_entry(cp1252_hi);
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
    guess = dl_charset_lookup(uchardet_get_charset(ud));
    uchardet_delete(ud);

    if (guess != NULL && guess->family == DL_CS_OTHER)
        return guess;
    if (cyr != NULL)
        return table_entry(cyr);
    if (guess != NULL && guess->family == DL_CS_CYR && st.high * 4 >= st.ascii)
        return table_entry(pick_cyrillic(&st, &score));
    return table_entry(cp1252_hi);
}
