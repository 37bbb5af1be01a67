/* dl_lang.h - the languages Dateline knows, and per-article detection.
 *
 * One table holds every language: its code, the other tags that mean it,
 * its English and native names, its script and its stemmer.  Metadata tags
 * are mapped to codes through it (dl_lang_canonical), the indexer and the
 * query parser ask it which languages are stemmed (dl_lang_has_stemmer),
 * and the web page names languages from it (dl_lang_name).
 *
 * Detection: script first (Cyrillic, Latin, Greek, Arabic, Han, Kana,
 * Hangul...), then within a script the language whose distinctive letters
 * and most frequent short words score best (Kazakh by ә ғ қ ң ө ұ ү һ і,
 * Ukrainian by і ї є ґ, Russian by ы э ъ, Bulgarian by the absence of those
 * with ъ in words...); a Latin text in the Kazakh alphabet of 2021 is
 * Kazakh (dl_kklatin.h).  Codes are ISO 639-1, "und" when unknown.
 */
#ifndef DL_LANG_H
#define DL_LANG_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The code of an article whose language is unknown (ISO 639-2 "und"). */
#define DL_LANG_UNDETERMINED "und"

/* dl_lang_info - one language.  Every string is static. */
typedef struct dl_lang_info {
    const char *code;    /* ISO 639-1 ("nb"): what the index stores */
    const char *aliases; /* other tags that mean it, '|'-separated: ISO
                          * 639-2/T and /B codes, old codes, other
                          * spellings of its names ("" for none) */
    const char *name;    /* English name ("Norwegian") */
    const char *native;  /* its name in itself ("norsk bokmål") */
    const char *script;  /* ISO 15924 code of its usual script ("Latn") */
    const char *stemmer; /* the stemmer dl_stemmer_new makes for it: a
                          * Xapian (Snowball) name ("norwegian"), "kazakh"
                          * for Dateline's own (dl_kkstem.h), or "" for
                          * none, whose articles' words are their own stems
                          * (dl_schema.h, Z terms) */
    bool detected;       /* dl_lang_detect can return it */
} dl_lang_info;

/* dl_lang_find - the language whose code, alias, English name or native
 * name is code_or_alias (NUL-terminated; ASCII letters in any case), or
 * NULL when none is (NULL too for NULL and "und").  The result is static. */
const dl_lang_info *dl_lang_find(const char *code_or_alias);

/* dl_lang_next - iterate over the table: the language after prev, the first
 * one for prev NULL, NULL after the last.  prev must come from dl_lang_find
 * or dl_lang_next.  Order: the detected languages first. */
const dl_lang_info *dl_lang_next(const dl_lang_info *prev);

/* dl_lang_detect - the language of text[0..len) (UTF-8).  Looks at the first
 * few KiB only.  Returns the static code of a language of the table whose
 * detected flag is set ("en", "ru", "kk"...), or "und". */
const char *dl_lang_detect(const char *text, size_t len);

/* dl_lang_canonical - map a tag as written in metadata ("en-US", "EN",
 * "rus", "Russian", "русский", "kk_KZ") to the static ISO 639-1 code
 * Dateline uses: the whole tag as dl_lang_find takes it, else its primary
 * subtag (a code, or an alias of three letters or more); NULL when it is
 * not a language Dateline knows. */
const char *dl_lang_canonical(const char *tag, size_t len);

/* dl_lang_name - what a reader calls the language of code (a code or an
 * alias): its English name ("Russian"), "Undetermined" for "und", or the
 * code itself when unknown (NULL for NULL).  Static or borrowed from the
 * argument. */
const char *dl_lang_name(const char *code);

/* dl_lang_has_stemmer - true when the language of code (a code or an alias)
 * has a stemmer, that is when dl_stemmer_new(code) succeeds. */
bool dl_lang_has_stemmer(const char *code);

#ifdef __cplusplus
}
#endif

#endif
