/* dl_lang.h - per-article language detection and language codes.
 *
 * Detection: script first (Cyrillic, Latin, Greek, Arabic, Han, Kana,
 * Hangul...), then within a script the language whose distinctive letters
 * and most frequent short words score best (Kazakh by ә ғ қ ң ө ұ ү һ і,
 * Ukrainian by і ї є ґ, Russian by ы э ъ, Bulgarian by the absence of those
 * with ъ in words...).  Codes are ISO 639-1, "und" when unknown.
 */
#ifndef DL_LANG_H
#define DL_LANG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dl_lang_detect - the language of text[0..len) (UTF-8).  Looks at the first
 * few KiB only.  Returns a static code ("en", "ru", "kk"...) or "und". */
const char *dl_lang_detect(const char *text, size_t len);

/* dl_lang_canonical - map a tag as written in metadata ("en-US", "EN",
 * "rus", "Russian", "kk_KZ") to the static ISO 639-1 code Dateline uses,
 * or NULL when it is not a language Dateline knows. */
const char *dl_lang_canonical(const char *tag, size_t len);

/* dl_lang_name - English name of a code ("Russian"), or the code itself. */
const char *dl_lang_name(const char *code);

/* dl_lang_has_stemmer - non-zero when dl_stemmer_new(code) succeeds. */
int dl_lang_has_stemmer(const char *code);

#ifdef __cplusplus
}
#endif

#endif
