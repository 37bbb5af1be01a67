/* dl_date.c - dates as news text writes them, to the index's YYYYMMDD.
 *
 * A small hand-written matcher instead of strptime(3): strptime reads month
 * names through the C locale, and news comes in Russian, French, German and
 * Spanish whatever the server's locale is.  Every format is tried at one
 * position by match_at(); dl_date_parse anchors it at the start of the
 * string, the dateline finder slides it over the first 400 bytes, and the
 * path finder has its own numeric patterns because paths have no month
 * names but do have separators to anchor on.  Nothing matches unless the
 * date exists (month 1..12, day within the month, leap years included).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_date.h"

#define DATELINE_MAX 400 /* contract: datelines sit in the first lines */
#define DATELINE_WORDS                                                         \
    6 /* "NUR-SULTAN, Kazakhstan (Reuters) -": a place,                        \
         a country, an agency */

/* Month names, lowercase, as whole words (a trailing '.' is dropped before
 * lookup, so "Nov." and "févr." find "nov" and "févr").  Russian has both
 * the genitive of dates ("13 ноября") and the nominative. */
static const struct month_name {
    const char *name;
    int month;
} month_names[] = {
    {"january", 1},
    {"jan", 1},
    {"february", 2},
    {"feb", 2},
    {"march", 3},
    {"mar", 3},
    {"april", 4},
    {"apr", 4},
    {"may", 5},
    {"june", 6},
    {"jun", 6},
    {"july", 7},
    {"jul", 7},
    {"august", 8},
    {"aug", 8},
    {"september", 9},
    {"sep", 9},
    {"sept", 9},
    {"october", 10},
    {"oct", 10},
    {"november", 11},
    {"nov", 11},
    {"december", 12},
    {"dec", 12},
    /* French */
    {"janvier", 1},
    {"janv", 1},
    {"février", 2},
    {"fevrier", 2},
    {"févr", 2},
    {"fevr", 2},
    {"mars", 3},
    {"avril", 4},
    {"avr", 4},
    {"mai", 5},
    {"juin", 6},
    {"juillet", 7},
    {"juil", 7},
    {"août", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"décembre", 12},
    {"decembre", 12},
    {"déc", 12},
    /* German */
    {"januar", 1},
    {"jänner", 1},
    {"februar", 2},
    {"märz", 3},
    {"maerz", 3},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"okt", 10},
    {"dezember", 12},
    {"dez", 12},
    /* Spanish */
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    /* Russian, genitive then nominative */
    {"января", 1},
    {"февраля", 2},
    {"марта", 3},
    {"апреля", 4},
    {"мая", 5},
    {"июня", 6},
    {"июля", 7},
    {"августа", 8},
    {"сентября", 9},
    {"октября", 10},
    {"ноября", 11},
    {"декабря", 12},
    {"январь", 1},
    {"февраль", 2},
    {"март", 3},
    {"апрель", 4},
    {"май", 5},
    {"июнь", 6},
    {"июль", 7},
    {"август", 8},
    {"сентябрь", 9},
    {"октябрь", 10},
    {"ноябрь", 11},
    {"декабрь", 12},
};

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
is_alpha(unsigned char c)
{
    /* any non-ASCII byte is part of a word: month names in UTF-8 */
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

int
dl_date_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && leap)
        return 29;
    return days[month - 1];
}

/* valid - set *d when year/month/day exist; month or day 0 means unknown
 * (a coarser precision) and then everything finer must be 0 too. */
static int
valid(int year, int month, int day, struct dl_date *d)
{
    if (year < DL_DATE_YEAR_MIN || year > DL_DATE_YEAR_MAX)
        return 0;
    if (month < 0 || month > 12 || day < 0)
        return 0;
    if (month == 0 && day != 0)
        return 0;
    if (day != 0 && day > dl_date_days_in_month(year, month))
        return 0;
    d->year = year;
    d->month = month;
    d->day = day;
    return 1;
}

/* number - read 1..maxdig digits at s[*i]; the run must end there (a longer
 * run of digits is another number, not this one).  Returns -1 if none. */
static int
number(const char *s, size_t n, size_t *i, size_t mindig, size_t maxdig)
{
    size_t j = *i;
    int v = 0;

    while (j < n && is_digit((unsigned char)s[j]) && j - *i < maxdig) {
        v = v * 10 + (s[j] - '0');
        j++;
    }
    if (j - *i < mindig || (j < n && is_digit((unsigned char)s[j])))
        return -1;
    *i = j;
    return v;
}

/* lower_word - lowercase ASCII and Cyrillic capitals (А..Я, Ё) of one word
 * into buf; returns the word's length in s, 0 when it is not a word or too
 * long to be a month. */
static size_t
lower_word(const char *s, size_t n, char *buf, size_t cap)
{
    size_t i = 0;
    size_t o = 0;

    while (i < n && is_alpha((unsigned char)s[i])) {
        unsigned char c = (unsigned char)s[i];
        unsigned char c2 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (o + 3 > cap)
            return 0;
        if (c == 0xD0 && c2 >= 0x90 && c2 <= 0x9F) {
            buf[o++] = (char)0xD0;
            buf[o++] = (char)(c2 + 0x20); /* А..П */
            i += 2;
        } else if (c == 0xD0 && c2 >= 0xA0 && c2 <= 0xAF) {
            buf[o++] = (char)0xD1;
            buf[o++] = (char)(c2 - 0x20); /* Р..Я */
            i += 2;
        } else if (c == 0xC3 && c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97) {
            buf[o++] = (char)0xC3;
            buf[o++] = (char)(c2 + 0x20); /* À..Þ */
            i += 2;
        } else {
            buf[o++] = (char)(c < 0x80 ? (c | 0x20) : c);
            i++;
        }
    }
    buf[o] = '\0';
    return i;
}

/* month_word - a month name at s[*i] (with an optional '.'), advancing *i;
 * 0 when there is none. */
static int
month_word(const char *s, size_t n, size_t *i)
{
    char buf[32];
    size_t k;
    size_t len = lower_word(s + *i, n - *i, buf, sizeof buf);

    if (len == 0)
        return 0;
    for (k = 0; k < sizeof month_names / sizeof month_names[0]; k++) {
        if (strcmp(buf, month_names[k].name) == 0) {
            *i += len;
            if (*i < n && s[*i] == '.')
                (*i)++;
            return month_names[k].month;
        }
    }
    return 0;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                     s[i] == '\r' || (unsigned char)s[i] == 0xA0))
        i++;
    /* UTF-8 no-break space */
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 &&
        (unsigned char)s[i + 1] == 0xA0)
        return skip_spaces(s, n, i + 2);
    return i;
}

/* skip_de - Spanish and Portuguese "13 de noviembre de 2020". */
static size_t
skip_de(const char *s, size_t n, size_t i)
{
    if (i + 2 < n && (s[i] | 0x20) == 'd' && (s[i + 1] | 0x20) == 'e' &&
        s[i + 2] == ' ')
        return skip_spaces(s, n, i + 3);
    return i;
}

/* match_at - any supported format starting exactly at s[0]; on success set
 * *d and *end (bytes used).  coarse allows ISO year and year-month. */
static int
match_at(const char *s, size_t n, int coarse, struct dl_date *d, size_t *end)
{
    size_t i = 0;
    int a;
    int b;
    int c;
    int m;

    if (n == 0)
        return 0;
    if (is_digit((unsigned char)s[0])) {
        a = number(s, n, &i, 1, 4);
        if (a < 0)
            return 0;
        if (i == 4) {
            /* 2020-11-13, 2020/11/13, 2020-11, 2020 */
            char sep = i < n ? s[i] : '\0';
            size_t j = i + 1;
            if ((sep == '-' || sep == '/') && j < n) {
                b = number(s, n, &j, 2, 2);
                if (b < 0)
                    return 0;
                if (j < n && s[j] == sep) {
                    size_t k = j + 1;
                    c = number(s, n, &k, 2, 2);
                    if (c >= 0 && valid(a, b, c, d)) {
                        *end = k;
                        return 1;
                    }
                    return 0;
                }
                if (coarse && sep == '-' && valid(a, b, 0, d)) {
                    *end = j;
                    return 1;
                }
                return 0;
            }
            if (coarse && valid(a, 0, 0, d)) {
                *end = i;
                return 1;
            }
            return 0;
        }
        if (i > 2)
            return 0;
        /* 13.11.2020 */
        if (i < n && s[i] == '.') {
            size_t j = i + 1;
            b = number(s, n, &j, 1, 2);
            if (b >= 0 && j < n && s[j] == '.') {
                size_t k = j + 1;
                c = number(s, n, &k, 4, 4);
                if (c >= 0 && valid(c, b, a, d)) {
                    *end = k;
                    return 1;
                }
            }
        }
        /* 26-FEB-1987, 13 Nov 2020, 13 ноября 2020, 13. November 2020 */
        if (i < n && (s[i] == '-' || s[i] == '.'))
            i++;
        i = skip_spaces(s, n, i);
        i = skip_de(s, n, i);
        m = month_word(s, n, &i);
        if (m == 0)
            return 0;
        if (i < n && s[i] == '-')
            i++;
        i = skip_spaces(s, n, i);
        if (i < n && s[i] == ',')
            i = skip_spaces(s, n, i + 1);
        i = skip_de(s, n, i);
        c = number(s, n, &i, 4, 4);
        if (c < 0 || !valid(c, m, a, d))
            return 0;
        *end = i;
        return 1;
    }
    /* Nov. 13, 2020; November 13, 2020 */
    m = month_word(s, n, &i);
    if (m == 0)
        return 0;
    i = skip_spaces(s, n, i);
    b = number(s, n, &i, 1, 2);
    if (b < 0)
        return 0;
    if (i + 1 < n &&
        (s[i] == 's' || s[i] == 'n' || s[i] == 'r' || s[i] == 't') &&
        is_alpha((unsigned char)s[i + 1]))
        i += 2; /* 13th, 1st, 2nd, 3rd */
    if (i < n && s[i] == ',')
        i++;
    i = skip_spaces(s, n, i);
    c = number(s, n, &i, 4, 4);
    if (c < 0 || !valid(c, m, b, d))
        return 0;
    *end = i;
    return 1;
}

bool
dl_date_parse(const char *s, size_t len, struct dl_date *d)
{
    struct dl_date tmp;
    size_t i;
    size_t end;

    if (s == NULL)
        return false;
    i = skip_spaces(s, len, 0);
    /* an RFC 2822 weekday: a word and a comma ("Fri,", "vendredi,") */
    if (i < len && is_alpha((unsigned char)s[i])) {
        size_t j = i;
        while (j < len && is_alpha((unsigned char)s[j]))
            j++;
        if (j < len && s[j] == ',')
            i = skip_spaces(s, len, j + 1);
    }
    if (!match_at(s + i, len - i, 1, &tmp, &end))
        return false;
    i += end;
    /* a time or zone may follow (T08:00:00Z, " 15:01:01.79", " GMT"), a
     * letter or digit glued on may not ("2020-11-13x") */
    if (i < len &&
        (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]))) {
        if (!((s[i] == 'T' || s[i] == 't') && i + 1 < len &&
              is_digit((unsigned char)s[i + 1])))
            return false;
    }
    *d = tmp;
    return true;
}

/* slashed - "5/3/2019" or "05/03/2019 10:00" at s (the whole date part):
 * day and month by which of them can only be a day, the month first when
 * both could be months (the United States' order, the one that writes a
 * four-digit year after slashes in metadata; elsewhere metadata writes
 * dots or ISO 8601).  A time may follow after a space or a 'T'. */
static bool
slashed(const char *s, size_t n, struct dl_date *d)
{
    size_t i = skip_spaces(s, n, 0);
    int a;
    int b;
    int y;

    a = number(s, n, &i, 1, 2);
    if (a < 0 || i >= n || s[i] != '/')
        return false;
    i++;
    b = number(s, n, &i, 1, 2);
    if (b < 0 || i >= n || s[i] != '/')
        return false;
    i++;
    y = number(s, n, &i, 4, 4);
    if (y < 0 || (i < n && s[i] != ' ' && s[i] != 'T' && s[i] != ','))
        return false;
    if (a > 12)
        return valid(y, b, a, d) != 0;
    return valid(y, a, b, d) != 0;
}

/* is_weekday - an English weekday name or its abbreviation at s[0..n). */
static bool
is_weekday(const char *s, size_t n)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu",
                                       "fri", "sat", "sun", NULL};
    char buf[16];
    size_t k;

    if (n < 3 || n >= sizeof buf)
        return false;
    for (k = 0; k < n; k++)
        buf[k] = (char)(s[k] | 0x20);
    buf[n] = '\0';
    for (k = 0; days[k] != NULL; k++) {
        if (memcmp(buf, days[k], 3) == 0)
            return true;
    }
    return false;
}

/* The value of the n digits at s (checked by the caller). */
static int
digits_value(const char *s, size_t n)
{
    int v = 0;

    while (n-- > 0)
        v = v * 10 + (*s++ - '0');
    return v;
}

bool
dl_date_parse_iso(const char *s, size_t len, struct dl_date *d)
{
    int month = 0;
    int day = 0;
    size_t i;

    if (s == NULL || (len != 4 && len != 7 && len != 10))
        return false;
    for (i = 0; i < len; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : s[i] < '0' || s[i] > '9')
            return false;
    }
    /* A month or day that is written must be one: "2020-00" is none. */
    if (len >= 7) {
        month = digits_value(s + 5, 2);
        if (month == 0)
            return false;
    }
    if (len == 10) {
        day = digits_value(s + 8, 2);
        if (day == 0)
            return false;
    }
    return valid(digits_value(s, 4), month, day, d) != 0;
}

bool
dl_date_parse_meta(const char *s, size_t len, struct dl_date *d)
{
    size_t i;
    size_t j;

    if (s == NULL)
        return false;
    if (dl_date_parse(s, len, d) || slashed(s, len, d))
        return true;
    /* JavaScript's Date string: "Wed Nov 20 2019 09:28:00 GMT+0000". */
    i = skip_spaces(s, len, 0);
    j = i;
    while (j < len && is_alpha((unsigned char)s[j]) && s[j] < 0x7F)
        j++;
    if (j < len && s[j] == ' ' && is_weekday(s + i, j - i))
        return dl_date_parse(s + j, len - j, d);
    return false;
}

/* A letter that starts a proper noun: ASCII, Latin-1 and Cyrillic
 * capitals (place names in datelines are capitalised or all capitals);
 * in U+0490..U+04FF, where Kazakh's own letters are, capitals are the
 * even code points. */
static bool
capital_at(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    unsigned char c2 = n > 1 ? (unsigned char)s[1] : 0;

    return (c >= 'A' && c <= 'Z') ||
           (c == 0xC3 && c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97) ||
           (c == 0xD0 && c2 >= 0x80 && c2 <= 0xAF) || /* U+0400..U+042F */
           ((c == 0xD2 || c == 0xD3) && (c2 & 1) == 0); /* Ғ Қ Ң Ә Ө Ұ Ү Һ */
}

/* dateline_prefix - whether s[0..n), the text before a date on the
 * story's first line, reads as a dateline's place and agency: empty, or at
 * most DATELINE_WORDS capitalised words (words in parentheses aside) that
 * end in ',', a dash, ':' or ')'.  "On March 5..." and "In a report
 * published on..." do not. */
static bool
dateline_prefix(const char *s, size_t n)
{
    size_t i = 0;
    unsigned words = 0;
    int paren = 0;
    bool in_word = false;
    unsigned char last = 0;

    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return true;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        /* letters: ASCII, and the two-byte Latin, Greek and Cyrillic ones
         * (dashes and quotes are three bytes) */
        bool letter = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                      (c >= 0xC3 && c <= 0xD4);
        if (c == '@' || is_digit(c))
            return false;
        if (c == '(')
            paren++;
        else if (c == ')')
            paren--;
        if (letter && !in_word && paren == 0 &&
            (!capital_at(s + i, n - i) || ++words > DATELINE_WORDS))
            return false;
        in_word = letter;
        i += len;
    }
    last = (unsigned char)s[n - 1];
    return last == ',' || last == '-' || last == ':' || last == ')' ||
           (n >= 3 && (unsigned char)s[n - 3] == 0xE2 &&
            (unsigned char)s[n - 2] == 0x80 &&
            ((unsigned char)s[n - 1] == 0x94 ||
             (unsigned char)s[n - 1] == 0x93));
}

/* skip_blanks - spaces and tabs, not line ends. */
static size_t
skip_blanks(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* dateline_suffix - whether what follows a date at s[0..n) ends a
 * dateline: the end of the line, or a separator (a dash, ',', ':', '|'),
 * after an optional time ("15:01:01.79"), "г." / "года" and a bracketed
 * agency ("(Reuters)"). */
static bool
dateline_suffix(const char *s, size_t n)
{
    size_t i = skip_blanks(s, n, 0);
    unsigned char c;

    while (i < n &&
           (is_digit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.'))
        i++;
    i = skip_blanks(s, n, i);
    if (i + 3 <= n && memcmp(s + i, "\xD0\xB3.", 3) == 0)
        i = skip_blanks(s, n, i + 3); /* г. */
    else if (i + 8 <= n &&
             memcmp(s + i, "\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xB0", 8) == 0)
        i = skip_blanks(s, n, i + 8); /* года */
    if (i < n && s[i] == '(') {
        const char *close = memchr(s + i, ')', n - i);
        if (close == NULL)
            return false;
        i = skip_blanks(s, n, (size_t)(close - s) + 1);
    }
    if (i >= n || s[i] == '\n' || s[i] == '\r')
        return true;
    c = (unsigned char)s[i];
    return c == '-' || c == ',' || c == ':' || c == '|' ||
           (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x94 ||
             (unsigned char)s[i + 2] == 0x93));
}

bool
dl_date_from_dateline(const char *text, size_t len, struct dl_date *d)
{
    size_t n = len < DATELINE_MAX ? len : DATELINE_MAX;
    size_t i;
    size_t end;

    const char *nl;

    if (text == NULL)
        return false;
    /* A dateline opens the story: its first line only. */
    nl = memchr(text, '\n', n);
    if (nl != NULL)
        n = (size_t)(nl - text);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned char prev = i > 0 ? (unsigned char)text[i - 1] : ' ';
        struct dl_date tmp;
        if (!is_digit(c) && !is_alpha(c))
            continue;
        /* only at the start of a token, and never in mid-UTF-8 */
        if (is_digit(prev) || is_alpha(prev) || (c >= 0x80 && c < 0xC0))
            continue;
        if (!match_at(text + i, n - i, 0, &tmp, &end))
            continue;
        /* A date inside a sentence is what the story tells of, often a
         * report it cites: only a dateline's shape counts. */
        if (dateline_prefix(text, i) &&
            dateline_suffix(text + i + end, len - i - end)) {
            *d = tmp;
            return true;
        }
    }
    return false;
}

static int
is_path_sep(unsigned char c)
{
    return c == '/' || c == '\\' || c == '_' || c == '-' || c == '.' ||
           c == ' ' || c == '\0';
}

static int
is_dir_sep(unsigned char c)
{
    return c == '/' || c == '\\';
}

/* whole_component - whether p[i..) after a bare digit run ends a path
 * component: a directory separator, the end, or the file's extensions
 * (".txt", ".html.gz") and nothing else. */
static bool
whole_component(const char *p, size_t n, size_t i, bool at_start)
{
    size_t k;

    if (!at_start)
        return false;
    if (i >= n || is_dir_sep((unsigned char)p[i]))
        return true;
    if (p[i] != '.')
        return false;
    for (k = i; k < n; k++) {
        unsigned char c = (unsigned char)p[k];
        if (!(c == '.' || is_digit(c) ||
              ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return false;
    }
    return true;
}

/* path_at - at a separator boundary: YYYY/MM/DD, YYYY-MM-DD, YYYY_MM_DD,
 * YYYYMMDD as a whole component (at_start: p[0] begins one), or (when
 * coarse) YYYY/MM, each ended by a separator; the year within the path
 * range. */
static int
path_at(const char *p, size_t n, int coarse, bool at_start, struct dl_date *d)
{
    size_t i = 0;
    int y;
    int m;
    int day;

    y = number(p, n, &i, 4, 8);
    if (y < 0)
        return 0;
    if (i == 8) {
        if (!whole_component(p, n, i, at_start))
            return 0;
        day = y % 100;
        m = y / 100 % 100;
        y /= 10000;
        if (y < DL_DATE_PATH_YEAR_MIN || y > DL_DATE_PATH_YEAR_MAX)
            return 0;
        return valid(y, m, day, d);
    }
    if (i != 4 || i >= n || y < DL_DATE_PATH_YEAR_MIN ||
        y > DL_DATE_PATH_YEAR_MAX)
        return 0;
    {
        char sep = p[i];
        size_t j = i + 1;
        if (sep != '/' && sep != '-' && sep != '_' && sep != '\\')
            return 0;
        m = number(p, n, &j, 2, 2);
        if (m < 0)
            return 0;
        if (j < n && p[j] == sep) {
            size_t k = j + 1;
            day = number(p, n, &k, 2, 2);
            if (day >= 0 && is_path_sep(k < n ? (unsigned char)p[k] : 0))
                return valid(y, m, day, d);
        }
        if (coarse && (sep == '/' || sep == '\\') && j < n && p[j] == sep)
            return valid(y, m, 0, d);
    }
    return 0;
}

bool
dl_date_from_path(const char *path, struct dl_date *d)
{
    size_t n;
    size_t i;
    int coarse;

    if (path == NULL)
        return false;
    n = strlen(path);
    /* day precision anywhere beats month precision earlier in the path */
    for (coarse = 0; coarse <= 1; coarse++) {
        for (i = 0; i < n; i++) {
            if (!is_digit((unsigned char)path[i]))
                continue;
            if (i > 0 && !is_path_sep((unsigned char)path[i - 1]))
                continue;
            if (path_at(path + i, n - i, coarse,
                        i == 0 || is_dir_sep((unsigned char)path[i - 1]), d))
                return true;
        }
    }
    return false;
}

void
dl_date_format(const struct dl_date *d, char buf[9])
{
    int y = d->year;
    int m = d->month >= 1 && d->month <= 12 ? d->month : 1;
    int day = d->day >= 1 && d->day <= 31 ? d->day : 1;

    if (y < 0 || y > 9999)
        y = 0;
    snprintf(buf, 9, "%04d%02d%02d", y, m, day);
}

/* digits8 - the YYYYMMDD at s as numbers; false when s is not 8 digits. */
static bool
digits8(const char s[8], int *year, int *month, int *day)
{
    int v[8];
    int k;
    for (k = 0; k < 8; k++) {
        if (s[k] < '0' || s[k] > '9')
            return false;
        v[k] = s[k] - '0';
    }
    *year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    *month = v[4] * 10 + v[5];
    *day = v[6] * 10 + v[7];
    return *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31;
}

/* next_month - (*y, *m) to the month after it. */
static void
next_month(int *y, int *m)
{
    if (++*m > 12) {
        *m = 1;
        ++*y;
    }
}

long
dl_date_day_number(const char d8[8])
{
    int y, m, d;
    long yy, mm;
    if (!digits8(d8, &y, &m, &d))
        return -1;
    /* Count from March, so that 29 February ends a counted year. */
    yy = m <= 2 ? y - 1 : y;
    mm = m <= 2 ? m + 12 : m;
    return 365 * yy + yy / 4 - yy / 100 + yy / 400 + (153 * (mm - 3) + 2) / 5 +
           d;
}

size_t
dl_date_range_pieces(const char lo[8], const char hi[8],
                     struct dl_date_piece *out, size_t max)
{
    int y, m, d;    /* the first day not covered yet */
    int hy, hm, hd; /* the last day to cover */
    size_t n = 0;

    if (!digits8(lo, &y, &m, &d) || !digits8(hi, &hy, &hm, &hd))
        return max + 1;
    if (hd > dl_date_days_in_month(hy, hm))
        hd = dl_date_days_in_month(hy, hm);
    if (d >
        dl_date_days_in_month(y, m)) { /* a lower end past its month's end */
        d = 1;
        next_month(&y, &m);
    }
    /* (y, m, d) <= (hy, hm, hd), compared as one number */
    while (y * 10000 + m * 100 + d <= hy * 10000 + hm * 100 + hd) {
        struct dl_date_piece p = {y, 0, 0};
        if (n == max)
            return max + 1;
        if (m == 1 && d == 1 && y < hy + (hm == 12 && hd == 31)) {
            y++; /* the whole year */
        } else if (d == 1 &&
                   (y < hy || m < hm || hd == dl_date_days_in_month(hy, hm))) {
            p.month = m; /* the whole month */
            next_month(&y, &m);
        } else {
            p.month = m;
            p.day = d;
            if (++d > dl_date_days_in_month(y, m)) {
                d = 1;
                next_month(&y, &m);
            }
        }
        out[n++] = p;
    }
    return n;
}
