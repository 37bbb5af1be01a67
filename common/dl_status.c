/* dl_status.c - status names and the error record.
 *
 * Kept free of any allocation so it can report DL_ENOMEM itself.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dl_status.h"

const char *
dl_status_str(dl_status s)
{
    switch (s) {
    case DL_OK:
        return "ok";
    case DL_DONE:
        return "done";
    case DL_EINVAL:
        return "invalid argument";
    case DL_ENOMEM:
        return "out of memory";
    case DL_EIO:
        return "input/output error";
    case DL_ENOENT:
        return "not found";
    case DL_ELOCKED:
        return "database locked";
    case DL_EMODIFIED:
        return "database modified";
    case DL_ECORRUPT:
        return "database corrupt";
    case DL_EQUERY:
        return "bad query";
    case DL_EXAPIAN:
        return "search engine error";
    case DL_EINTERNAL:
        return "internal error";
    case DL_EBUDGET:
        return "search too expensive";
    }
    return "unknown status";
}

dl_status
dl_err_set(dl_err *err, dl_status code, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void
dl_err_clear(dl_err *err)
{
    if (err != NULL) {
        err->code = DL_OK;
        err->msg[0] = '\0';
    }
}
