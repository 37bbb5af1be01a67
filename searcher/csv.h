/* csv.h - values written as CSV (RFC 4180), the exports' one quoting rule.
 *
 * Hits, timelines and top words are exported as CSV for spreadsheets and R
 * (read.csv), Python's csv module and the like.  A field is quoted when it
 * holds a comma, a double quote, a CR or LF, or starts or ends with a
 * space (some readers trim unquoted spaces); a double quote inside is
 * doubled.  Values are written as they are, newlines included, so a title
 * round-trips: nothing is prefixed to keep a spreadsheet from reading a
 * value that starts with '=' as a formula (that would change the data a
 * researcher exports; docs/json.md says so).  Records end in CRLF, as the
 * RFC and spreadsheets expect.
 */
#ifndef DL_CSV_H
#define DL_CSV_H

#include <stddef.h>

#include "dl_buf.h"
#include "dl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dl_csv_field - append s[0..len) to out as one CSV field, quoted when it
 * must be (above); a comma before it unless first.  DL_OK or DL_ENOMEM. */
dl_status dl_csv_field(dl_buf *out, const char *s, size_t len, int first);

/* dl_csv_end - end the record: CRLF.  DL_OK or DL_ENOMEM. */
dl_status dl_csv_end(dl_buf *out);

#ifdef __cplusplus
}
#endif

#endif
