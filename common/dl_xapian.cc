/* dl_xapian.cc - the C API over Xapian: the one exception ladder.
 *
 * The C API (dl_xapian.h) is implemented by the dl_xapian*.cc files of
 * common/, the only C++ in the tree, one concept each (dl_xapian_int.h
 * lists them).  Every extern "C" body runs inside try/catch and converts
 * exceptions to a dl_status with the ladder below; nothing C++ leaks
 * through dl_xapian.h.
 */
#include "config.h"

#include <xapian.h>

#include <cstring>
#include <new>
#include <string>

#include "dl_alloc.h"
#include "dl_xapian_int.h"

namespace dlx
{

/* Rethrow and map: the one ladder of STYLE.md section 3, in one place. */
dl_status
from_exception(dl_err *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return dl_err_set(err, DL_ENOENT, "%s", e.get_description().c_str());
    } catch (const Xapian::DocNotFoundError &e) {
        return dl_err_set(err, DL_ENOENT, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseLockError &e) {
        return dl_err_set(err, DL_ELOCKED, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return dl_err_set(err, DL_EMODIFIED, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return dl_err_set(err, DL_ECORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseVersionError &e) {
        return dl_err_set(err, DL_ECORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* Not a Xapian database at all, or unreadable. */
        return dl_err_set(err, DL_ECORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::QueryParserError &e) {
        return dl_err_set(err, DL_EQUERY, "%s", e.get_description().c_str());
    } catch (const Xapian::WildcardError &e) {
        return dl_err_set(err, DL_EQUERY, "%s", e.get_description().c_str());
    } catch (const Xapian::InvalidArgumentError &e) {
        return dl_err_set(err, DL_EINVAL, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseError &e) {
        /* Write failures (disk full, EIO) surface as DatabaseError with
         * the errno text in the description. */
        if (e.get_error_string() != NULL)
            return dl_err_set(err, DL_EIO, "%s", e.get_description().c_str());
        return dl_err_set(err, DL_EXAPIAN, "%s", e.get_description().c_str());
    } catch (const Xapian::Error &e) {
        return dl_err_set(err, DL_EXAPIAN, "%s", e.get_description().c_str());
    } catch (const std::bad_alloc &) {
        return dl_err_set(err, DL_ENOMEM, "out of memory");
    } catch (const std::exception &e) {
        return dl_err_set(err, DL_EINTERNAL, "%s", e.what());
    } catch (...) {
        return dl_err_set(err, DL_EINTERNAL, "unknown exception");
    }
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
