/* analyze.h - show what the shared tokenizer makes of a text.
 *
 * Backs `dateline-search --analyze TEXT`: users see why a query does or does
 * not match, and tests check the tokenizer through the real program.
 */
#ifndef DL_ANALYZE_H
#define DL_ANALYZE_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_analyze - append the tokens of text[0..len) to out: with json == 0 one
 * line per token, "TERM<TAB>POS<TAB>START<TAB>END<TAB>KEY" (byte offsets
 * into text, end exclusive; KEY the cross-script key of the word as
 * written, dl_xscript.h, empty when it has none); with json != 0 one
 * object {"tokens":[{"term":..,"pos":..,"start":..,"end":..,"key":..}]}
 * ("key" only when there is one) and a newline.  DL_OK or DL_ENOMEM. */
dl_status dl_analyze(const char *text, size_t len, int json, dl_buf *out,
                     dl_err *err);

#ifdef __cplusplus
}
#endif

#endif
