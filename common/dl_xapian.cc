/* dl_xapian.cc - the C API over Xapian: the one exception ladder.
 *
 * The C API (dl_xapian.h) is implemented by the dl_xapian*.cc files of
 * common/, the only C++ in the tree, one concept each (dl_xapian_int.h
 * lists them).  Every extern "C" body runs inside try/catch and converts
 * exceptions to a dl_status with the ladder below; nothing C++ leaks
 * through dl_xapian.h.
 *
 * The ladder runs inside a catch block, where a second exception would
 * leave the entry point and cross into C: so it allocates nothing.
 * Xapian's get_description() builds a std::string (and bad_alloc is what
 * a short memory throws); the same words are composed here in dl_err's
 * own buffer instead.
 */
#include "config.h"

#include <xapian.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "dl_alloc.h"
#include "dl_xapian_int.h"

/* The text of the system error e carries (strerror of its errno), or
 * NULL.  Xapian makes that text on first use, into a string: without
 * memory for it the error still had one, and says so without the text. */
static const char *
error_string(const Xapian::Error &e) noexcept
{
    try {
        return e.get_error_string();
    } catch (...) {
        return "system error";
    }
}

/* Set err to code and e's description, worded as Xapian's
 * get_description() words it: "TYPE: MESSAGE (context: CONTEXT) (ERROR)",
 * the parts in brackets only when there are such. */
static dl_status
describe(dl_err *err, dl_status code, const Xapian::Error &e) noexcept
{
    const std::string &context = e.get_context();
    const char *why = error_string(e);
    bool in_context = !context.empty();
    return dl_err_set(err, code, "%s: %s%s%s%s%s%s%s", e.get_type(),
                      e.get_msg().c_str(), in_context ? " (context: " : "",
                      context.c_str(), in_context ? ")" : "",
                      why != NULL ? " (" : "", why != NULL ? why : "",
                      why != NULL ? ")" : "");
}

/* The code of the Xapian error in flight: the ladder's Xapian rungs,
 * most specific first. */
static dl_status
xapian_code(const Xapian::Error &e) noexcept
{
    try {
        throw;
    } catch (const Xapian::DatabaseNotFoundError &) {
        return DL_ENOENT;
    } catch (const Xapian::DocNotFoundError &) {
        return DL_ENOENT;
    } catch (const Xapian::DatabaseLockError &) {
        return DL_ELOCKED;
    } catch (const Xapian::DatabaseModifiedError &) {
        return DL_EMODIFIED;
    } catch (const Xapian::DatabaseCorruptError &) {
        return DL_ECORRUPT;
    } catch (const Xapian::DatabaseVersionError &) {
        return DL_ECORRUPT;
    } catch (const Xapian::DatabaseOpeningError &) {
        /* Not a Xapian database at all, or unreadable. */
        return DL_ECORRUPT;
    } catch (const Xapian::QueryParserError &) {
        return DL_EQUERY;
    } catch (const Xapian::WildcardError &) {
        return DL_EQUERY;
    } catch (const Xapian::InvalidArgumentError &) {
        return DL_EINVAL;
    } catch (const Xapian::DatabaseError &) {
        /* Write failures (disk full, EIO) surface as DatabaseError with
         * the errno text in the description. */
        return error_string(e) != NULL ? DL_EIO : DL_EXAPIAN;
    } catch (...) {
        return DL_EXAPIAN;
    }
}

namespace dlx
{

dl_status
from_exception(dl_err *err) noexcept
{
    try {
        throw;
    } catch (const Xapian::Error &e) {
        return describe(err, xapian_code(e), e);
    } catch (const std::bad_alloc &) {
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    } catch (const std::exception &e) {
        return dl_err_set(err, DL_EINTERNAL, "%s", e.what());
    } catch (...) {
        return dl_err_set(err, DL_EINTERNAL, "unknown exception");
    }
}

dl_status
prefix_message(dl_err *err, dl_status code, const char *fmt, ...) noexcept
{
    char msg[sizeof err->msg];
    char prefix[sizeof err->msg];
    va_list ap;
    if (err == NULL)
        return code;
    memcpy(msg, err->msg, sizeof msg);
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    return dl_err_set(err, code, "%s%s", prefix, msg);
}

dl_status
copy_out(const std::string &s, char **out, size_t *len, dl_err *err) noexcept
{
    char *p = static_cast<char *>(dl_malloc(s.size() + 1));
    if (p == NULL) {
        *out = NULL;
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    }
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len != NULL)
        *len = s.size();
    return DL_OK;
}

} /* namespace dlx */
