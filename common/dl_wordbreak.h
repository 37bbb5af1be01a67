/* dl_wordbreak.h - Unicode word boundaries (UAX #29, Unicode 15.0).
 *
 * The Word_Break property table is generated at build time from the Unicode
 * Character Database (WordBreakProperty.txt and emoji-data.txt for
 * Extended_Pictographic) by scripts/gen-wordbreak.awk; nothing generated is
 * committed.  Conformance: tests/unit/test_wordbreak.c runs the official
 * WordBreakTest.txt.
 */
#ifndef DL_WORDBREAK_H
#define DL_WORDBREAK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Word_Break property values (UAX #29 table 3). */
enum dl_wb {
    DL_WB_OTHER = 0,
    DL_WB_CR,
    DL_WB_LF,
    DL_WB_NEWLINE,
    DL_WB_EXTEND,
    DL_WB_ZWJ,
    DL_WB_REGIONAL_INDICATOR,
    DL_WB_FORMAT,
    DL_WB_KATAKANA,
    DL_WB_HEBREW_LETTER,
    DL_WB_ALETTER,
    DL_WB_SINGLE_QUOTE,
    DL_WB_DOUBLE_QUOTE,
    DL_WB_MIDNUMLET,
    DL_WB_MIDLETTER,
    DL_WB_MIDNUM,
    DL_WB_NUMERIC,
    DL_WB_EXTENDNUMLET,
    DL_WB_WSEGSPACE
};

/* dl_wb_property - Word_Break of code point cp; DL_WB_OTHER for anything
 * outside U+0000..U+10FFFF (negative included).  Pure, thread-safe. */
enum dl_wb dl_wb_property(int cp);

/* dl_wb_is_extpict - Extended_Pictographic(cp): 1 or 0 (0 outside the code
 * space).  Pure, thread-safe. */
int dl_wb_is_extpict(int cp);

/* dl_wordbreak_next - the byte offset of the first word boundary after
 * offset pos in s[0..len) (len when none).  pos must be a boundary (0, or a
 * value this function returned for the same text); pos >= len returns len.
 * Each invalid unit of UTF-8 (a maximal subpart, dl_utf8.h) counts as one
 * code point of class Other.  Never reads s[len] or beyond, never
 * allocates; pure and thread-safe.  Walk a text with: for (p = 0; p < len;
 * p = q) q = dl_wordbreak_next(s, len, p); each [p, q) is then e.g. a word,
 * a number, a run of spaces or one punctuation character, with any
 * combining marks attached. */
size_t dl_wordbreak_next(const char *s, size_t len, size_t pos);

#ifdef __cplusplus
}
#endif

#endif
