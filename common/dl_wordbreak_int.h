/* dl_wordbreak_int.h - the generated Word_Break tables (private).
 *
 * common/dl_wordbreak_table.c is written into the build directory by
 * scripts/gen-wordbreak.awk from the Unicode Character Database; only
 * dl_wordbreak.c reads these arrays.  Ranges are sorted by start, disjoint,
 * inclusive at both ends, and adjacent ranges of one class are merged, so a
 * binary search finds at most one range.  Code points in no range are Other
 * (respectively not Extended_Pictographic).
 */
#ifndef DL_WORDBREAK_INT_H
#define DL_WORDBREAK_INT_H

#include <stddef.h>
#include <stdint.h>

struct dl_wb_range {
    uint32_t lo; /* first code point */
    uint32_t hi; /* last code point, inclusive */
    uint8_t cls; /* enum dl_wb value (Extended_Pictographic table: 1) */
};

/* Word_Break of U+0000..U+07FF: every code point that UTF-8 encodes in one
 * or two bytes (Latin, Greek, Cyrillic, Hebrew, Arabic) without a search. */
#define DL_WB_LOW_MAX 0x800
extern const uint8_t dl_wb_low[DL_WB_LOW_MAX];

/* Word_Break ranges of the whole code space, U+0000..U+07FF included. */
extern const struct dl_wb_range dl_wb_ranges[];
extern const size_t dl_wb_nranges;

/* Extended_Pictographic ranges (emoji-data.txt). */
extern const struct dl_wb_range dl_wb_extpict_ranges[];
extern const size_t dl_wb_nextpict_ranges;

#endif
