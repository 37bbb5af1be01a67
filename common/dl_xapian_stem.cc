/* dl_xapian_stem.cc - stemmers: Xapian's Snowball ones by ISO 639-1
 * code, and Dateline's own Kazakh stemmer (dl_kkstem.h) dressed as a
 * Xapian::StemImplementation.
 */
#include "config.h"

#include <xapian.h>

#include <cstring>
#include <string>

#include "dl_kkstem.h"
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

/* ISO 639-1 code to the name Xapian's Stem constructor takes. */
static const char *
xapian_stem_name(const char *lang)
{
    static const char *const map[][2] = {
        {"ar", "arabic"},    {"hy", "armenian"},   {"eu", "basque"},
        {"ca", "catalan"},   {"da", "danish"},     {"nl", "dutch"},
        {"en", "english"},   {"fi", "finnish"},    {"fr", "french"},
        {"de", "german"},    {"hu", "hungarian"},  {"id", "indonesian"},
        {"ga", "irish"},     {"it", "italian"},    {"lt", "lithuanian"},
        {"ne", "nepali"},    {"nb", "norwegian"},  {"no", "norwegian"},
        {"nn", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
        {"ru", "russian"},   {"es", "spanish"},    {"sv", "swedish"},
        {"ta", "tamil"},     {"tr", "turkish"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i][0], lang) == 0)
            return map[i][1];
    }
    return lang; /* maybe already a Xapian name ("english") */
}

extern "C" dl_status
dl_stemmer_new(const char *lang, dl_stemmer **out, dl_err *err)
{
    *out = NULL;
    try {
        dl_stemmer *st = new dl_stemmer;
        try {
            if (strcmp(lang, "kk") == 0 || strcmp(lang, "kazakh") == 0)
                st->rep = Xapian::Stem(new KazakhStemmer);
            else
                st->rep = Xapian::Stem(xapian_stem_name(lang));
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
