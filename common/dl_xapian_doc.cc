/* dl_xapian_doc.cc - documents being built: terms, postings, values and
 * data, checked against Xapian's limits before Xapian sees them.
 */
#include "config.h"

#include <xapian.h>

#include <string>

#include "dl_xapian_int.h"

extern "C" dl_status
dl_doc_new(dl_doc **out, dl_err *err)
{
    *out = NULL;
    try {
        *out = new dl_doc;
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" void
dl_doc_clear(dl_doc *doc)
{
    try {
        doc->rep = Xapian::Document();
    } catch (...) {
        /* No memory for a new one (the indexer skips an article that ran
         * out of memory and goes on): empty this one in place, which
         * frees and never allocates. */
        try {
            doc->rep.clear_terms();
            doc->rep.clear_values();
            doc->rep.set_data(std::string());
        } catch (...) {
            /* Xapian does not allocate here; nothing else could be done. */
        }
    }
}

extern "C" unsigned long
dl_doc_termcount(const dl_doc *doc)
{
    /* A document not read from a database holds its terms: no I/O. */
    try {
        return doc->rep.termlist_count();
    } catch (...) {
        return 0;
    }
}

extern "C" void
dl_doc_free(dl_doc *doc)
{
    delete doc;
}

static dl_status
check_term(const char *term, size_t len, dl_err *err)
{
    if (len == 0)
        return dl_err_set(err, DL_EINVAL, "empty term");
    if (len > 245)
        return dl_err_set(err, DL_EINVAL,
                          "term of %zu bytes is over "
                          "Xapian's 245-byte limit",
                          len);
    (void)term;
    return DL_OK;
}

extern "C" dl_status
dl_doc_add_term(dl_doc *doc, const char *term, size_t len, unsigned wdfinc,
                dl_err *err)
{
    dl_status rc = check_term(term, len, err);
    if (rc != DL_OK)
        return rc;
    try {
        doc->rep.add_term(std::string(term, len), wdfinc);
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_doc_add_posting(dl_doc *doc, const char *term, size_t len, unsigned pos,
                   unsigned wdfinc, dl_err *err)
{
    dl_status rc = check_term(term, len, err);
    if (rc != DL_OK)
        return rc;
    try {
        doc->rep.add_posting(std::string(term, len), pos, wdfinc);
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_doc_set_value(dl_doc *doc, unsigned slot, const char *v, size_t len,
                 dl_err *err)
{
    try {
        doc->rep.add_value(slot, std::string(v, len));
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_doc_set_data(dl_doc *doc, const char *data, size_t len, dl_err *err)
{
    try {
        doc->rep.set_data(std::string(data, len));
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}
