/* dl_wordbreak.c - Unicode word boundaries (UAX #29 rules WB1-WB999).
 *
 * One forward pass from a known boundary, one code point at a time, with no
 * allocation.  Rules WB3-WB3d look at the raw previous code point; WB4 is
 * applied by not letting Extend, Format and ZWJ replace "last", the previous
 * non-ignorable class, so rules WB5-WB16 see the sequence with those
 * characters folded into their base.  WB7, WB7c and WB11 need one more class
 * of left context ("last2"); WB6, WB7b and WB12 need one class of right
 * context, found by skipping ignorables after the middle character (each
 * ignorable is then scanned at most twice, so the pass stays linear).  Left
 * context before pos is never needed: pos is a boundary, and every rule that
 * spans three characters also forbids a break inside its first pair.
 * WB15/WB16 count the regional indicators since the last non-RI, which for
 * the same reason may start from zero at pos.
 *
 * Speed: ASCII bytes are classified from the generated table without
 * decoding; runs of ASCII letters or digits, runs of spaces and lone
 * punctuation are decided before the general loop, since that is most of
 * every English news article.  Other code points go through dl_utf8_next
 * (no overlongs, surrogates or values past U+10FFFF); those below U+0800
 * (Latin, Greek, Cyrillic, Hebrew, Arabic) are then one table load, the
 * rest a binary search of about a thousand ranges.  An invalid unit (a
 * maximal subpart, dl_utf8.h) is one code point of class Other, as it is
 * one U+FFFD once the text is repaired, so the result is defined for any
 * input and no read goes past len.
 */
#include "config.h"

#include <stdint.h>

#include "dl_wordbreak.h"
#include "dl_wordbreak_int.h"
#include "dl_utf8.h"

#define BIT(c) (1u << (c))

/* WB4's ignorables. */
#define IGNORABLE (BIT(DL_WB_EXTEND) | BIT(DL_WB_FORMAT) | BIT(DL_WB_ZWJ))
/* AHLetter. */
#define AHLETTER (BIT(DL_WB_ALETTER) | BIT(DL_WB_HEBREW_LETTER))
/* MidLetter | MidNumLetQ (MidNumLetQ = MidNumLet | Single_Quote). */
#define MIDLETQ                                                                \
    (BIT(DL_WB_MIDLETTER) | BIT(DL_WB_MIDNUMLET) | BIT(DL_WB_SINGLE_QUOTE))
/* MidNum | MidNumLetQ. */
#define MIDNUMQ                                                                \
    (BIT(DL_WB_MIDNUM) | BIT(DL_WB_MIDNUMLET) | BIT(DL_WB_SINGLE_QUOTE))
/* CR | LF | Newline: WB3a and WB3b break on both sides. */
#define NEWLINES (BIT(DL_WB_CR) | BIT(DL_WB_LF) | BIT(DL_WB_NEWLINE))

#define IS(set, c) ((BIT(c) & (set)) != 0)

/* The class of cp in a sorted range table, or dflt. */
static unsigned
search(const struct dl_wb_range *t, size_t n, uint32_t cp, unsigned dflt)
{
    size_t lo = 0;
    size_t hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cp < t[mid].lo) {
            hi = mid;
        } else if (cp > t[mid].hi) {
            lo = mid + 1;
        } else {
            return t[mid].cls;
        }
    }
    return dflt;
}

enum dl_wb
dl_wb_property(int cp)
{
    if (cp < 0) {
        return DL_WB_OTHER;
    }
    if (cp < DL_WB_LOW_MAX) {
        return (enum dl_wb)dl_wb_low[cp];
    }
    return (enum dl_wb)search(dl_wb_ranges, dl_wb_nranges, (uint32_t)cp,
                              DL_WB_OTHER);
}

int
dl_wb_is_extpict(int cp)
{
    /* Nothing in ASCII is Extended_Pictographic (U+00A9 is the first). */
    if (cp < 0xA9) {
        return 0;
    }
    return (int)search(dl_wb_extpict_ranges, dl_wb_nextpict_ranges,
                       (uint32_t)cp, 0);
}

/* Classify the code point at s[i], i < len; returns its length in bytes. */
static inline size_t
classify(const unsigned char *s, size_t len, size_t i, unsigned *cls, int *cp)
{
    size_t n;

    if (s[i] < 0x80) {
        *cp = s[i];
        *cls = dl_wb_low[s[i]];
        return 1;
    }
    n = dl_utf8_next((const char *)s + i, len - i, cp);
    *cls = dl_wb_property(*cp);
    return n;
}

/* The class of the first code point at or after i that WB4 does not
 * ignore, or Other at the end of the text. */
static unsigned
lookahead(const unsigned char *s, size_t len, size_t i)
{
    unsigned cls;
    int cp;

    while (i < len) {
        i += classify(s, len, i, &cls, &cp);
        if (!IS(IGNORABLE, cls)) {
            return cls;
        }
    }
    return DL_WB_OTHER;
}

/* Rules WB5-WB16: no break between last (after WB4) and cur, a
 * non-ignorable class starting at s[i]?  n is cur's length, last2 the class
 * before last (Other when none), ri the regional indicators ending at last. */
static int
joins(unsigned last2, unsigned last, unsigned cur, const unsigned char *s,
      size_t len, size_t i, size_t n, size_t ri)
{
    switch (cur) {
    case DL_WB_ALETTER:
    case DL_WB_HEBREW_LETTER:
        /* WB5, WB10, WB13b */
        if (IS(AHLETTER | BIT(DL_WB_NUMERIC) | BIT(DL_WB_EXTENDNUMLET), last)) {
            return 1;
        }
        /* WB7 */
        if (IS(MIDLETQ, last) && IS(AHLETTER, last2)) {
            return 1;
        }
        /* WB7c */
        return cur == DL_WB_HEBREW_LETTER && last == DL_WB_DOUBLE_QUOTE &&
               last2 == DL_WB_HEBREW_LETTER;
    case DL_WB_NUMERIC:
        /* WB8, WB9, WB13b */
        if (IS(AHLETTER | BIT(DL_WB_NUMERIC) | BIT(DL_WB_EXTENDNUMLET), last)) {
            return 1;
        }
        /* WB11 */
        return IS(MIDNUMQ, last) && last2 == DL_WB_NUMERIC;
    case DL_WB_KATAKANA:
        /* WB13, WB13b */
        return last == DL_WB_KATAKANA || last == DL_WB_EXTENDNUMLET;
    case DL_WB_EXTENDNUMLET:
        /* WB13a */
        return IS(AHLETTER | BIT(DL_WB_NUMERIC) | BIT(DL_WB_KATAKANA) |
                      BIT(DL_WB_EXTENDNUMLET),
                  last);
    case DL_WB_SINGLE_QUOTE:
        /* WB7a */
        if (last == DL_WB_HEBREW_LETTER) {
            return 1;
        }
        /* fall through */
    case DL_WB_MIDLETTER:
    case DL_WB_MIDNUMLET:
    case DL_WB_MIDNUM:
    case DL_WB_DOUBLE_QUOTE:
        if (IS(AHLETTER, last) && IS(MIDLETQ, cur)) {
            /* WB6 */
            return IS(AHLETTER, lookahead(s, len, i + n));
        }
        if (last == DL_WB_HEBREW_LETTER && cur == DL_WB_DOUBLE_QUOTE) {
            /* WB7b */
            return lookahead(s, len, i + n) == DL_WB_HEBREW_LETTER;
        }
        if (last == DL_WB_NUMERIC && IS(MIDNUMQ, cur)) {
            /* WB12 */
            return lookahead(s, len, i + n) == DL_WB_NUMERIC;
        }
        return 0;
    case DL_WB_REGIONAL_INDICATOR:
        /* WB15, WB16: pair up regional indicators */
        return last == DL_WB_REGIONAL_INDICATOR && ri % 2 == 1;
    default:
        return 0;
    }
}

/* Word-forming ASCII bytes (letters and digits): between two of them no
 * rule can break, whatever came before. */
static inline int
ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* ASCII classes after which a letter or digit run always ends: nothing in
 * WB5-WB16 joins them to AHLetter or Numeric on their right. */
#define ENDS_ALNUM                                                             \
    (BIT(DL_WB_OTHER) | BIT(DL_WB_WSEGSPACE) | BIT(DL_WB_CR) | BIT(DL_WB_LF) | \
     BIT(DL_WB_NEWLINE) | BIT(DL_WB_DOUBLE_QUOTE))

/* The common all-ASCII segments decided without the general loop: a letter
 * or digit run followed by a space or punctuation that cannot join it, a
 * run of spaces (WB3d), or one character of a class no rule joins to
 * anything, before an ASCII character (ASCII holds no WB4 ignorable).
 * Returns the boundary after pos, or 0 when the general loop must decide.
 * s[pos] < 0x80. */
static inline size_t
ascii_segment(const unsigned char *s, size_t len, size_t pos)
{
    unsigned cls = dl_wb_low[s[pos]];
    size_t i = pos + 1;

    if (ascii_alnum(s[pos])) {
        while (i < len && ascii_alnum(s[i])) {
            i++;
        }
        if (i == len) {
            return len;
        }
        if (s[i] < 0x80 && IS(ENDS_ALNUM, dl_wb_low[s[i]])) {
            return i;
        }
        return 0;
    }
    if (cls == DL_WB_WSEGSPACE) {
        while (i < len && s[i] == ' ') {
            i++;
        }
    } else if (cls == DL_WB_CR) {
        return 0; /* WB3 may join an LF */
    } else if (cls != DL_WB_OTHER && cls != DL_WB_LF && cls != DL_WB_NEWLINE) {
        return 0; /* a Mid* or ExtendNumLet may join what follows */
    }
    if (i == len || s[i] < 0x80) {
        return i;
    }
    return 0;
}

size_t
dl_wordbreak_next(const char *str, size_t len, size_t pos)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned prev;  /* raw class before i: WB3-WB3d */
    unsigned last;  /* class before i after WB4: WB5-WB16 */
    unsigned last2; /* the class before last, Other when none */
    unsigned cur;
    size_t ri; /* regional indicators ending at last */
    size_t i = pos;
    size_t n;
    int cp;

    if (pos >= len) {
        return len;
    }
    if (s[pos] < 0x80) {
        n = ascii_segment(s, len, pos);
        if (n != 0) {
            return n;
        }
    }
    /* WB4 does not apply at sot: a leading ignorable is its own X. */
    i += classify(s, len, i, &prev, &cp);
    last = prev;
    last2 = DL_WB_OTHER;
    ri = prev == DL_WB_REGIONAL_INDICATOR;

    while (i < len) {
        if (ascii_alnum(s[i]) && i > pos && ascii_alnum(s[i - 1])) {
            /* WB5/WB8/WB9/WB10: the fast path for plain words. */
            do {
                i++;
            } while (i < len && ascii_alnum(s[i]));
            last2 = dl_wb_low[s[i - 2]];
            last = dl_wb_low[s[i - 1]];
            prev = last;
            ri = 0;
            continue;
        }
        n = classify(s, len, i, &cur, &cp);
        if (prev == DL_WB_CR && cur == DL_WB_LF) {
            /* WB3 */
        } else if (IS(NEWLINES, prev) || IS(NEWLINES, cur)) {
            /* WB3a, WB3b */
            return i;
        } else if (prev == DL_WB_ZWJ && dl_wb_is_extpict(cp)) {
            /* WB3c */
        } else if (prev == DL_WB_WSEGSPACE && cur == DL_WB_WSEGSPACE) {
            /* WB3d */
        } else if (IS(IGNORABLE, cur)) {
            /* WB4: attach to the previous character, keep last */
            prev = cur;
            i += n;
            continue;
        } else if (!joins(last2, last, cur, s, len, i, n, ri)) {
            return i; /* WB999 */
        }
        prev = cur;
        if (!IS(IGNORABLE, cur)) {
            last2 = last;
            last = cur;
            ri = cur == DL_WB_REGIONAL_INDICATOR ? ri + 1 : 0;
        }
        i += n;
    }
    return len;
}
