/* html_entities.c - HTML character references (html_entities.h).
 *
 * A sorted table searched with bsearch, and the numeric forms; the
 * decoder hands the text between references to the sink unchanged, so a
 * page without '&' costs one memchr.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dl_utf8.h"
#include "html_entities.h"

struct entity {
    const char *name;
    unsigned cp;
};

/* Sorted by strcmp for bsearch: the common news punctuation, Latin-1
 * letters and signs, and a few Greek and math ones. */
static const struct entity entities[] = {
    {"AElig", 0x00C6},  {"Aacute", 0x00C1}, {"Acirc", 0x00C2},
    {"Agrave", 0x00C0}, {"Alpha", 0x0391},  {"Aring", 0x00C5},
    {"Atilde", 0x00C3}, {"Auml", 0x00C4},   {"Ccedil", 0x00C7},
    {"ETH", 0x00D0},    {"Eacute", 0x00C9}, {"Ecirc", 0x00CA},
    {"Egrave", 0x00C8}, {"Euml", 0x00CB},   {"Iacute", 0x00CD},
    {"Icirc", 0x00CE},  {"Igrave", 0x00CC}, {"Iuml", 0x00CF},
    {"Ntilde", 0x00D1}, {"OElig", 0x0152},  {"Oacute", 0x00D3},
    {"Ocirc", 0x00D4},  {"Ograve", 0x00D2}, {"Omega", 0x03A9},
    {"Oslash", 0x00D8}, {"Otilde", 0x00D5}, {"Ouml", 0x00D6},
    {"Prime", 0x2033},  {"Scaron", 0x0160}, {"THORN", 0x00DE},
    {"Uacute", 0x00DA}, {"Ucirc", 0x00DB},  {"Ugrave", 0x00D9},
    {"Uuml", 0x00DC},   {"Yacute", 0x00DD}, {"Yuml", 0x0178},
    {"Zcaron", 0x017D}, {"aacute", 0x00E1}, {"acirc", 0x00E2},
    {"acute", 0x00B4},  {"aelig", 0x00E6},  {"agrave", 0x00E0},
    {"alpha", 0x03B1},  {"amp", 0x0026},    {"apos", 0x0027},
    {"aring", 0x00E5},  {"asymp", 0x2248},  {"atilde", 0x00E3},
    {"auml", 0x00E4},   {"bdquo", 0x201E},  {"beta", 0x03B2},
    {"bull", 0x2022},   {"ccedil", 0x00E7}, {"cent", 0x00A2},
    {"circ", 0x02C6},   {"copy", 0x00A9},   {"curren", 0x00A4},
    {"dagger", 0x2020}, {"darr", 0x2193},   {"deg", 0x00B0},
    {"delta", 0x03B4},  {"divide", 0x00F7}, {"eacute", 0x00E9},
    {"ecirc", 0x00EA},  {"egrave", 0x00E8}, {"emsp", 0x2003},
    {"ensp", 0x2002},   {"eth", 0x00F0},    {"euml", 0x00EB},
    {"euro", 0x20AC},   {"fnof", 0x0192},   {"frac12", 0x00BD},
    {"frac14", 0x00BC}, {"frac34", 0x00BE}, {"gamma", 0x03B3},
    {"ge", 0x2265},     {"gt", 0x003E},     {"hellip", 0x2026},
    {"iacute", 0x00ED}, {"icirc", 0x00EE},  {"iexcl", 0x00A1},
    {"igrave", 0x00EC}, {"infin", 0x221E},  {"iquest", 0x00BF},
    {"iuml", 0x00EF},   {"laquo", 0x00AB},  {"larr", 0x2190},
    {"ldquo", 0x201C},  {"le", 0x2264},     {"lrm", 0x200E},
    {"lsquo", 0x2018},  {"lt", 0x003C},     {"mdash", 0x2014},
    {"micro", 0x00B5},  {"middot", 0x00B7}, {"minus", 0x2212},
    {"nbsp", 0x00A0},   {"ndash", 0x2013},  {"ne", 0x2260},
    {"not", 0x00AC},    {"ntilde", 0x00F1}, {"oacute", 0x00F3},
    {"ocirc", 0x00F4},  {"oelig", 0x0153},  {"ograve", 0x00F2},
    {"omega", 0x03C9},  {"ordf", 0x00AA},   {"ordm", 0x00BA},
    {"oslash", 0x00F8}, {"otilde", 0x00F5}, {"ouml", 0x00F6},
    {"para", 0x00B6},   {"pi", 0x03C0},     {"plusmn", 0x00B1},
    {"pound", 0x00A3},  {"prime", 0x2032},  {"quot", 0x0022},
    {"raquo", 0x00BB},  {"rarr", 0x2192},   {"rdquo", 0x201D},
    {"reg", 0x00AE},    {"rlm", 0x200F},    {"rsquo", 0x2019},
    {"sbquo", 0x201A},  {"scaron", 0x0161}, {"sect", 0x00A7},
    {"shy", 0x00AD},    {"sigma", 0x03C3},  {"sup1", 0x00B9},
    {"sup2", 0x00B2},   {"sup3", 0x00B3},   {"szlig", 0x00DF},
    {"thinsp", 0x2009}, {"thorn", 0x00FE},  {"tilde", 0x02DC},
    {"times", 0x00D7},  {"trade", 0x2122},  {"uacute", 0x00FA},
    {"uarr", 0x2191},   {"ucirc", 0x00FB},  {"ugrave", 0x00F9},
    {"uuml", 0x00FC},   {"yacute", 0x00FD}, {"yen", 0x00A5},
    {"yuml", 0x00FF},   {"zcaron", 0x017E}, {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

/* Numeric references 128..159 mean what windows-1252 puts there (HTML5
 * says so, and pages written on Windows rely on it); 0: undefined. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int
entity_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct entity *)elem)->name);
}

static bool
is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parse the reference at s[0] == '&'.  Returns its length and sets *cp, or
 * 0 when it is not one (the '&' is then text). */
static size_t
entity_at(const char *s, size_t n, unsigned *cp)
{
    char name[32];
    const struct entity *e;
    unsigned long v = 0;
    size_t i = 1;
    size_t digits = 0;
    int base = 10;
    int d;

    if (n > 1 && s[1] == '#') {
        i = 2;
        if (i < n && (s[i] == 'x' || s[i] == 'X')) {
            base = 16;
            i++;
        }
        while (i < n) {
            d = base == 16 ? hexval(s[i])
                           : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
            if (d < 0)
                break;
            if (v <= 0x10FFFF)
                v = v * (unsigned long)base + (unsigned long)d;
            digits++;
            i++;
        }
        if (digits == 0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        if (v >= 0x80 && v <= 0x9F)
            v = cp1252_c1[v - 0x80];
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0xFFFD;
        *cp = (unsigned)v;
        return i;
    }
    while (i < n && i - 1 < sizeof name - 1 && is_alnum(s[i])) {
        name[i - 1] = s[i];
        i++;
    }
    if (i == 1 || i >= n || s[i] != ';')
        return 0;
    name[i - 1] = '\0';
    e = bsearch(name, entities, sizeof entities / sizeof entities[0],
                sizeof entities[0], entity_cmp);
    if (e == NULL)
        return 0;
    *cp = e->cp;
    return i + 1;
}

/* Send s[0..n) to sink with character references decoded. */
dl_status
dl_html_decode_entities(const char *s, size_t n, dl_html_sink_fn sink,
                        void *sctx)
{
    const char *amp;
    char u[DL_UTF8_MAX];
    size_t k;
    size_t i = 0;
    unsigned cp;
    dl_status rc;

    while (i < n) {
        amp = memchr(s + i, '&', n - i);
        if (amp == NULL)
            return sink(sctx, s + i, n - i);
        rc = sink(sctx, s + i, (size_t)(amp - (s + i)));
        if (rc != DL_OK)
            return rc;
        i = (size_t)(amp - s);
        k = entity_at(s + i, n - i, &cp);
        if (k == 0) {
            rc = sink(sctx, "&", 1);
            i++;
        } else {
            rc = sink(sctx, u, dl_utf8_encode(cp, u));
            i += k;
        }
        if (rc != DL_OK)
            return rc;
    }
    return DL_OK;
}
