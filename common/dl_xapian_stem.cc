/* dl_xapian_stem.cc - stemmers: Xapian's Snowball ones by ISO 639-1
 * code, and Dateline's own Kazakh stemmer (dl_kkstem.h) dressed as a
 * Xapian::StemImplementation.
 */
#include "config.h"

#include <xapian.h>

#include <cstring>
#include <string>

#include "dl_kkstem.h"
#include "dl_lang.h"
#include "dl_xapian_int.h"

/* Kazakh, Dateline's own stemmer, in Xapian's clothes so it can serve
 * wherever a Xapian::Stem is expected. */
class KazakhStemmer : public Xapian::StemImplementation
{
  public:
    std::string operator()(const std::string &word) override
    {
        return word.substr(0, dl_kkstem(word.data(), word.size()));
    }
    std::string get_description() const override
    {
        return "kazakh";
    }
};

/* The stemmer name for lang (a code or alias: the language table's, in
 * common/dl_lang.c; else taken as a Xapian name such as "english"), or
 * NULL when the table says the language has none. */
static const char *
stemmer_name(const char *lang)
{
    const dl_lang_info *l = dl_lang_find(lang);
    if (l == NULL)
        return lang;
    return l->stemmer[0] != '\0' ? l->stemmer : NULL;
}

extern "C" dl_status
dl_stemmer_new(const char *lang, dl_stemmer **out, dl_err *err)
{
    *out = NULL;
    try {
        dl_stemmer *st = new dl_stemmer;
        try {
            const char *name = stemmer_name(lang);
            if (name == NULL)
                throw Xapian::InvalidArgumentError("no stemmer");
            if (strcmp(name, "kazakh") == 0)
                st->rep = Xapian::Stem(new KazakhStemmer);
            else
                st->rep = Xapian::Stem(name);
        } catch (const Xapian::InvalidArgumentError &) {
            delete st;
            return dl_err_set(err, DL_ENOENT, "no stemmer for language '%s'",
                              lang);
        } catch (...) {
            delete st;
            throw;
        }
        if (st->rep.is_none()) {
            delete st;
            return dl_err_set(err, DL_ENOENT, "no stemmer for language '%s'",
                              lang);
        }
        *out = st;
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" dl_status
dl_stemmer_stem(dl_stemmer *st, const char *word, size_t len, const char **out,
                size_t *out_len, dl_err *err)
{
    try {
        st->cur = st->rep(std::string(word, len));
        *out = st->cur.data();
        *out_len = st->cur.size();
        return DL_OK;
    } catch (...) {
        return dlx::from_exception(err);
    }
}

extern "C" void
dl_stemmer_free(dl_stemmer *st)
{
    delete st;
}
