/* dl_lang.c - the table of languages, their codes and names, and
 * per-article language detection.
 *
 * The table (langs[]) is the one list of languages in the tree: codes,
 * aliases, English and native names, scripts and stemmers.  Its first
 * N_DETECTED entries are the languages detection can return, in enum
 * lang_id order; the rest are languages Dateline only knows by tag
 * (metadata) or by name.
 *
 * Detection reads at most DL_LANG_SCAN bytes, decodes them once, and keeps
 * its evidence in a fixed array of integer scores, one per language: the
 * script of every letter, and then, for the alphabetic scripts shared by
 * many languages (Latin, Cyrillic), (a) letters that only some languages
 * use, weighted per occurrence and sometimes negative (a Russian text has
 * ы and э, a Ukrainian or Bulgarian one never does), (b) hits of each word
 * against short hand-written lists of the most frequent function words of
 * each language, and (c) a few telling Cyrillic word endings (Bulgarian
 * -ът, Russian -ться) for titles too short to hold function words.
 * Accuracy figures are in docs/languages.md.  The function words live in a
 * static open-addressing hash table and the letter weights in an array
 * indexed by code point, both filled once (pthread_once) from the tables
 * below; a call allocates nothing and costs one pass over 4 KiB plus one
 * hash probe per word, far less than tokenizing the article.  Scripts that
 * belong to one language here (Greek, Arabic, Hangul, Kana, Hebrew,
 * Armenian...) decide by themselves; Han without Kana is Chinese.
 *
 * Codes are ISO 639-1 (Norwegian Bokmal is "nb"); "und" is returned when
 * the evidence is too thin.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "dl_kklatin.h"
#include "dl_lang.h"
#include "dl_utf8.h"

/* 4 KiB of news text is 500-700 words: enough for the function-word
 * counts to separate even close pairs (cs/sk, nb/da, ru/bg). */
#define DL_LANG_SCAN 4096
/* Longest word looked up; every listed function word is shorter. */
#define MAX_WORD_BYTES 24
/* Fewer letters than this and the answer is "und". */
#define MIN_LETTERS 3
/* Weight of one function-word hit against one distinctive letter. */
#define FW_WEIGHT 2

/* ---- languages ---------------------------------------------------------- */

/* The languages detection can return.  Latin and Cyrillic ones are scored
 * (letters, function words, endings); the others follow from their script
 * alone. */
enum lang_id {
    /* Latin script */
    L_EN,
    L_FR,
    L_DE,
    L_ES,
    L_IT,
    L_PT,
    L_NL,
    L_SV,
    L_NB,
    L_DA,
    L_FI,
    L_HU,
    L_RO,
    L_TR,
    L_PL,
    L_CS,
    L_SK,
    L_SL,
    L_HR,
    L_ID,
    L_CA,
    /* Cyrillic script */
    L_RU,
    L_UK,
    L_BG,
    L_KK,
    L_BE,
    L_SR,
    L_MK,
    N_SCORED,
    /* decided by their script */
    L_EL = N_SCORED,
    L_AR,
    L_HE,
    L_HY,
    L_KA,
    L_HI,
    L_TA,
    L_TH,
    L_ZH,
    L_JA,
    L_KO,
    N_DETECTED
};

#define FIRST_LATIN L_EN
#define LAST_LATIN L_CA
#define FIRST_CYRILLIC L_RU
#define LAST_CYRILLIC L_MK

/* The stemmer of a language without one: its articles' words are their
 * own stems (dl_schema.h, Z terms). */
#define NO_STEMMER ""

/* The detected languages first, each at its enum lang_id; then the
 * languages known by tag only.  Aliases leave out what code, name and
 * native already say (matching ignores ASCII case). */
static const dl_lang_info langs[] = {
    [L_EN] = {"en", "eng", "English", "English", "Latn", "english", true},
    [L_FR] = {"fr", "fra|fre|francais", "French", "français", "Latn", "french",
              true},
    [L_DE] = {"de", "deu|ger", "German", "Deutsch", "Latn", "german", true},
    [L_ES] = {"es", "spa|espanol|castellano", "Spanish", "español", "Latn",
              "spanish", true},
    [L_IT] = {"it", "ita", "Italian", "italiano", "Latn", "italian", true},
    [L_PT] = {"pt", "por|portugues", "Portuguese", "português", "Latn",
              "portuguese", true},
    [L_NL] = {"nl", "nld|dut|flemish", "Dutch", "Nederlands", "Latn", "dutch",
              true},
    [L_SV] = {"sv", "swe", "Swedish", "svenska", "Latn", "swedish", true},
    [L_NB] = {"nb",
              "nob|nor|no|nn|nno|norsk|bokmal|bokmål|norwegian bokmal|"
              "norwegian bokmål",
              "Norwegian", "norsk bokmål", "Latn", "norwegian", true},
    [L_DA] = {"da", "dan", "Danish", "dansk", "Latn", "danish", true},
    [L_FI] = {"fi", "fin", "Finnish", "suomi", "Latn", "finnish", true},
    [L_HU] = {"hu", "hun", "Hungarian", "magyar", "Latn", "hungarian", true},
    [L_RO] = {"ro", "ron|rum|romana|moldavian|mo", "Romanian", "română", "Latn",
              "romanian", true},
    [L_TR] = {"tr", "tur|turkce", "Turkish", "Türkçe", "Latn", "turkish", true},
    [L_PL] = {"pl", "pol", "Polish", "polski", "Latn", NO_STEMMER, true},
    [L_CS] = {"cs", "ces|cze|cestina", "Czech", "čeština", "Latn", NO_STEMMER,
              true},
    [L_SK] = {"sk", "slk|slo|slovencina", "Slovak", "slovenčina", "Latn",
              NO_STEMMER, true},
    [L_SL] = {"sl", "slv|slovene|slovenscina", "Slovenian", "slovenščina",
              "Latn", NO_STEMMER, true},
    [L_HR] = {"hr", "hrv", "Croatian", "hrvatski", "Latn", NO_STEMMER, true},
    [L_ID] = {"id", "ind|in", "Indonesian", "Bahasa Indonesia", "Latn",
              "indonesian", true},
    [L_CA] = {"ca", "cat|catala|valencian", "Catalan", "català", "Latn",
              "catalan", true},
    [L_RU] = {"ru", "rus", "Russian", "русский", "Cyrl", "russian", true},
    [L_UK] = {"uk", "ukr", "Ukrainian", "українська", "Cyrl", NO_STEMMER, true},
    [L_BG] = {"bg", "bul", "Bulgarian", "български", "Cyrl", NO_STEMMER, true},
    [L_KK] = {"kk", "kaz|қазақ|қазақша", "Kazakh", "қазақ тілі", "Cyrl",
              "kazakh", true},
    [L_BE] = {"be", "bel|byelorussian", "Belarusian", "беларуская", "Cyrl",
              NO_STEMMER, true},
    [L_SR] = {"sr", "srp|scc", "Serbian", "српски", "Cyrl", NO_STEMMER, true},
    [L_MK] = {"mk", "mkd|mac", "Macedonian", "македонски", "Cyrl", NO_STEMMER,
              true},
    [L_EL] = {"el", "ell|gre|modern greek", "Greek", "Ελληνικά", "Grek",
              NO_STEMMER, true},
    [L_AR] = {"ar", "ara", "Arabic", "العربية", "Arab", "arabic", true},
    [L_HE] = {"he", "heb|iw", "Hebrew", "עברית", "Hebr", NO_STEMMER, true},
    [L_HY] = {"hy", "hye|arm", "Armenian", "հայերեն", "Armn", "armenian", true},
    [L_KA] = {"ka", "kat|geo", "Georgian", "ქართული", "Geor", NO_STEMMER, true},
    [L_HI] = {"hi", "hin", "Hindi", "हिन्दी", "Deva", NO_STEMMER, true},
    [L_TA] = {"ta", "tam", "Tamil", "தமிழ்", "Taml", "tamil", true},
    [L_TH] = {"th", "tha", "Thai", "ไทย", "Thai", NO_STEMMER, true},
    [L_ZH] = {"zh", "zho|chi|mandarin", "Chinese", "中文", "Hani", NO_STEMMER,
              true},
    [L_JA] = {"ja", "jpn", "Japanese", "日本語", "Jpan", NO_STEMMER, true},
    [L_KO] = {"ko", "kor", "Korean", "한국어", "Kore", NO_STEMMER, true},
    /* by tag only */
    {"fa", "fas|per|farsi", "Persian", "فارسی", "Arab", NO_STEMMER, false},
    {"ne", "nep", "Nepali", "नेपाली", "Deva", "nepali", false},
    {"eu", "eus|baq", "Basque", "euskara", "Latn", "basque", false},
    {"ga", "gle|gaelic", "Irish", "Gaeilge", "Latn", "irish", false},
    {"lt", "lit", "Lithuanian", "lietuvių", "Latn", "lithuanian", false},
    {"lv", "lav", "Latvian", "latviešu", "Latn", NO_STEMMER, false},
    {"et", "est", "Estonian", "eesti", "Latn", NO_STEMMER, false},
    {"sq", "sqi|alb", "Albanian", "shqip", "Latn", NO_STEMMER, false},
    {"bs", "bos", "Bosnian", "bosanski", "Latn", NO_STEMMER, false},
    {"uz", "uzb", "Uzbek", "o‘zbek", "Latn", NO_STEMMER, false},
    {"ky", "kir|kirghiz", "Kyrgyz", "кыргызча", "Cyrl", NO_STEMMER, false},
    {"tt", "tat", "Tatar", "татар", "Cyrl", NO_STEMMER, false},
    {"mn", "mon", "Mongolian", "монгол", "Cyrl", NO_STEMMER, false},
};

#define N_LANGS (sizeof langs / sizeof langs[0])

/* ---- function words ----------------------------------------------------- */

/* The most frequent short words of each language (news register), written
 * lowercase and precomposed; a word listed under several languages counts
 * for each.  Romanian comma-below ș ț is the spelling the scanner produces
 * (it maps the cedilla forms onto them). */
static const char *const fwords[N_SCORED] = {
    [L_EN] = "the of and to a in is that for on was with he it as at by "
             "said from his be have has are an were which but not this "
             "they had who will their been its after would also "
             "than more year up vs inc corp ltd pct mln",
    [L_FR] = "le la les de des du un une et est en que qui dans pour pas "
             "sur au aux par il elle ce se avec sont ont été mais plus son "
             "sa ses ou lui leur cette qu d l selon était",
    [L_DE] = "der die das und ist nicht den dem des ein eine einer einen zu "
             "mit von auf für sich auch im es sie er wird wurde werden hat "
             "haben bei aus nach wie als noch nur über dass",
    [L_ES] = "el la los las de del y en que un una es por para con se su "
             "sus al lo como más pero fue ha han sido este esta entre sobre "
             "también hasta desde muy sin según",
    [L_IT] = "il lo la gli le di del della dei delle che e è un una per con "
             "non in da dal dalla nel nella sono al alla alle ha anche come "
             "più ma si questo questa sul sulla dell all nell l",
    [L_PT] = "o os a as de do da dos das e é em no na nos nas um uma que "
             "para com não por se mais ao aos foi como mas seu sua também "
             "pelo pela são está ser",
    [L_NL] = "de het een en van in is op te dat die niet zijn met voor aan "
             "er als bij ook om door maar dan nog wordt werd heeft hebben "
             "naar uit over was ze hij deze",
    [L_SV] = "och i att det som en på är av för med till den har de inte om "
             "ett var men från vid sig så kan hade eller också efter när "
             "skulle ska under han hon",
    [L_NB] = "og i det som på er en av for med til den har de ikke om et "
             "var men fra ved seg så kan hadde eller også etter når skal "
             "vil jeg han hun blir ble å",
    [L_DA] = "og i det som på er en af for med til den har de ikke om et "
             "var men fra ved sig så kan havde eller også efter når skal "
             "vil jeg han hun bliver blev at",
    [L_FI] = "ja on ei se että hän oli ovat ole olla kun mutta myös tai jo "
             "kuin sen sekä joka jotka mukaan vuoden vain nyt tämä tämän "
             "ollut kanssa voi hänen niin",
    [L_HU] = "a az és hogy nem is egy van volt meg de már csak mint még azt "
             "ez el ki fel be lesz lett szerint után között pedig kell sem "
             "vagy",
    [L_RO] = "și în de la cu pe a al ale să nu o un din care este sunt "
             "pentru mai ce se fost iar sau după prin acest această cel cea "
             "fi au către",
    [L_TR] = "ve bir bu da de için ile olarak olan çok daha ne gibi ama en "
             "sonra kadar göre ise değil var yok o mi mı her ilk tarafından "
             "yılında",
    [L_PL] = "w i na z się nie do to że jest o a jak po co od za ale są "
             "przez dla tak jego już czy tym też ich może który które była "
             "był oraz przed jako jednak",
    [L_CS] = "a v se na je že to s z o do i k pro jsou by jako ale které "
             "který byl byla po od jeho jak také ve podle při už být může "
             "ještě než bylo jejich tak",
    [L_SK] = "a v sa na je že to s z o do aj k pre sú by ako ale ktoré "
             "ktorý bol bola po od jeho tiež vo podľa pri už byť môže ešte "
             "než bolo ich tak",
    [L_SL] = "je in v na da se za so ki z s pa tudi ne bo od po ter kot še "
             "ali le do iz jih bil bila ob pri več lahko tako ga to kar ko",
    [L_HR] = "je i u na da se za su koji s od a što kao će ne iz o biti bi "
             "ali sa ili do te koja koje po nakon još kako to bio bila",
    [L_ID] = "yang dan di ini itu dengan untuk dari dalam tidak akan pada "
             "juga ke ada oleh sebagai karena atau telah bisa mereka kami "
             "kita saat sudah lebih tersebut hanya",
    [L_CA] = "el la els les de del i a en que un una és per amb no al als "
             "ha es va són més però com aquest aquesta seu seva fins",
    [L_RU] = "и в не на что с по это как к из у за от о для же так все его "
             "но то он она они был была было также или при только уже бы "
             "этого которые который а до после году может",
    [L_UK] = "і в у на з що не та до за як це від про для по його але "
             "також які який яка так вже він вона було був й із а або при "
             "після ще є їх року може",
    [L_BG] = "и в на за да се от с по е са не че това като които който "
             "която което след до при му ще но или бъде има към във със "
             "най също тя той те а беше бяха кой още заради срещу вече "
             "тази този тези ако всички",
    [L_KK] = "және бұл мен да де үшін деп бар болып бойынша бір осы ол "
             "оның еді жоқ емес тиіс сондай алайда ретінде кезінде жылы "
             "туралы арқылы сияқты тағы бірақ ғана қана тек барлық өз біз "
             "немесе екен болады қазір сол ал",
    [L_BE] = "і ў на з што не да па як гэта ад для яго але таксама якія які "
             "так ужо ён яна было быў ці а або пры пасля яшчэ",
    [L_SR] = "и у на је да се за су који с од а што као ће не из о бити би "
             "али са или до те која које по након још како то",
    [L_MK] = "и во на е да се за со од а што како ќе не ги го ја тоа кој "
             "која кое по така тие беше биде има му ова",
};

/* 2^11 slots for about 900 entries keeps probe chains short. */
#define FW_SLOTS 2048
#define FW_MAX 1200

struct fw_entry {
    const char *word; /* into fwords[] */
    uint8_t len;
    uint8_t lang;
};

static struct fw_entry fw_entries[FW_MAX];
static uint16_t fw_table[FW_SLOTS]; /* entry index + 1; 0 = empty */

static uint32_t
fnv1a(const char *s, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void
fw_build(void)
{
    size_t n = 0;

    for (int l = 0; l < N_SCORED; l++) {
        const char *p = fwords[l];

        while (*p != '\0') {
            const char *w;
            uint32_t slot;

            while (*p == ' ')
                p++;
            w = p;
            while (*p != '\0' && *p != ' ')
                p++;
            if (p == w || n >= FW_MAX)
                continue;
            fw_entries[n].word = w;
            fw_entries[n].len = (uint8_t)(p - w);
            fw_entries[n].lang = (uint8_t)l;
            slot = fnv1a(w, (size_t)(p - w)) & (FW_SLOTS - 1);
            while (fw_table[slot] != 0)
                slot = (slot + 1) & (FW_SLOTS - 1);
            fw_table[slot] = (uint16_t)(n + 1);
            n++;
        }
    }
}

/* Add FW_WEIGHT to every language listing word[0..len). */
static void
fw_score(const char *word, size_t len, int *score)
{
    uint32_t slot = fnv1a(word, len) & (FW_SLOTS - 1);

    while (fw_table[slot] != 0) {
        const struct fw_entry *e = &fw_entries[fw_table[slot] - 1];

        if (e->len == len && memcmp(e->word, word, len) == 0)
            score[e->lang] += FW_WEIGHT;
        slot = (slot + 1) & (FW_SLOTS - 1);
    }
}

/* ---- code points -------------------------------------------------------- */

enum script {
    S_NONE,
    S_LATIN,
    S_CYRILLIC,
    S_GREEK,
    S_ARABIC,
    S_HEBREW,
    S_ARMENIAN,
    S_GEORGIAN,
    S_DEVANAGARI,
    S_TAMIL,
    S_THAI,
    S_HAN,
    S_KANA,
    S_HANGUL,
    S_OTHER_LETTER,
    N_SCRIPTS
};

/* The script of a letter, S_NONE for digits, punctuation, spaces and
 * combining marks (these continue a word but do not vote). */
static enum script
script_of_cp(int32_t c)
{
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return S_LATIN;
        return S_NONE;
    }
    if (c < 0x250) {
        if (c == 0xD7 || c == 0xF7 || c < 0xC0)
            return c == 0xAA || c == 0xBA ? S_LATIN : S_NONE;
        return S_LATIN;
    }
    if (c >= 0x1E00 && c <= 0x1EFF)
        return S_LATIN;
    if (c >= 0x370 && c <= 0x3FF)
        return (c >= 0x388 || c == 0x386) ? S_GREEK : S_NONE;
    if (c >= 0x1F00 && c <= 0x1FFF)
        return S_GREEK;
    if (c >= 0x400 && c <= 0x52F)
        return (c >= 0x483 && c <= 0x489) ? S_NONE : S_CYRILLIC;
    if (c >= 0x531 && c <= 0x58F)
        return S_ARMENIAN;
    if (c >= 0x5D0 && c <= 0x5F2)
        return S_HEBREW;
    if ((c >= 0x620 && c <= 0x64A) || (c >= 0x671 && c <= 0x6D3) ||
        (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFDFF) ||
        (c >= 0xFE70 && c <= 0xFEFF))
        return S_ARABIC;
    if (c >= 0x904 && c <= 0x939)
        return S_DEVANAGARI;
    if (c >= 0xB85 && c <= 0xBB9)
        return S_TAMIL;
    if (c >= 0xE01 && c <= 0xE30)
        return S_THAI;
    if (c >= 0x10A0 && c <= 0x10FF)
        return S_GEORGIAN;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xAC00 && c <= 0xD7AF))
        return S_HANGUL;
    if ((c >= 0x3041 && c <= 0x30FF && c != 0x30FB && c != 0x30FC) ||
        (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9D))
        return S_KANA;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
        return S_HAN;
    if ((c >= 0x300 && c <= 0x36F) || c == 0x2019 || c == 0xAD)
        return S_NONE;
    if (c >= 0x2000 && c <= 0x2BFF)
        return S_NONE; /* punctuation, symbols, arrows */
    if (c >= 0x3000 && c <= 0x303F)
        return S_NONE; /* CJK punctuation */
    if (c >= 0xFF00 && c <= 0xFF65)
        return S_NONE; /* full-width forms */
    return S_OTHER_LETTER;
}

/* Simple lowercase for the scripts whose words are looked up.  Turkish
 * dotted capital I lowers to i; cedilla s/t (Turkish, old Romanian) are
 * unified with comma-below so one Romanian spelling fits all texts. */
static int32_t
lower_cp(int32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if (c == 0x130)
        return 'i';
    if (c == 0x15E || c == 0x15F || c == 0x218)
        return 0x219;
    if (c == 0x162 || c == 0x163 || c == 0x21A)
        return 0x21B;
    if (c >= 0x100 && c <= 0x137)
        return c | 1;
    if (c >= 0x139 && c <= 0x148)
        return (c & 1) ? c + 1 : c;
    if (c >= 0x14A && c <= 0x177)
        return c | 1;
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x179 && c <= 0x17E)
        return (c & 1) ? c + 1 : c;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0x460 && c <= 0x4BF)
        return c | 1;
    if (c >= 0x4C1 && c <= 0x4CE)
        return (c & 1) ? c + 1 : c;
    if (c >= 0x4D0 && c <= 0x52F)
        return c | 1;
    return c;
}

/* ---- distinctive letters ------------------------------------------------ */

/* Marks that the South Slavic rule counts (see south_slavic_rule). */
enum mark { NO_MARK, CARON, ACUTE };

#define MAX_VOTES 7

struct vote {
    unsigned char lang; /* enum lang_id, < N_SCORED */
    signed char weight; /* 0 ends the list */
};

/* Per-occurrence weights of lowercase letters that some languages of the
 * script use and others never do; each row gives its letters (UTF-8) and
 * the votes each of them casts. */
static const struct letter_votes {
    const char *letters;
    enum mark mark;
    struct vote v[MAX_VOTES];
} letter_table[] = {
    /* Latin */
    {"ß", NO_MARK, {{L_DE, 3}}},
    {"ä", NO_MARK, {{L_DE, 1}, {L_SV, 1}, {L_FI, 2}}},
    {"ö", NO_MARK, {{L_DE, 1}, {L_SV, 1}, {L_FI, 1}, {L_HU, 1}, {L_TR, 1}}},
    {"ü", NO_MARK, {{L_DE, 1}, {L_HU, 1}, {L_TR, 1}}},
    {"å", NO_MARK, {{L_SV, 2}, {L_NB, 2}, {L_DA, 2}}},
    {"æø", NO_MARK, {{L_NB, 2}, {L_DA, 2}}},
    {"ñ", NO_MARK, {{L_ES, 3}}},
    {"ç", NO_MARK, {{L_FR, 1}, {L_PT, 1}, {L_TR, 1}, {L_CA, 1}}},
    {"ãõ", NO_MARK, {{L_PT, 3}}},
    {"áíú", ACUTE, {{L_ES, 1}, {L_PT, 1}, {L_CS, 1}, {L_SK, 1}, {L_HU, 1}}},
    {"é",
     ACUTE,
     {{L_FR, 1}, {L_ES, 1}, {L_PT, 1}, {L_HU, 1}, {L_CS, 1}, {L_CA, 1}}},
    {"ó", NO_MARK, {{L_ES, 1}, {L_PT, 1}, {L_PL, 1}, {L_HU, 1}, {L_CA, 1}}},
    {"èà", NO_MARK, {{L_FR, 1}, {L_IT, 1}, {L_CA, 1}}},
    {"ò", NO_MARK, {{L_IT, 2}, {L_CA, 1}}},
    {"ì", NO_MARK, {{L_IT, 2}}},
    {"ù", NO_MARK, {{L_IT, 2}, {L_FR, 1}}},
    {"ê", NO_MARK, {{L_FR, 1}, {L_PT, 1}}},
    {"â", NO_MARK, {{L_FR, 1}, {L_PT, 1}, {L_RO, 1}}},
    {"ô", NO_MARK, {{L_FR, 1}, {L_PT, 1}, {L_SK, 1}}},
    {"î", NO_MARK, {{L_FR, 1}, {L_RO, 2}}},
    {"û", NO_MARK, {{L_FR, 1}}},
    {"œ", NO_MARK, {{L_FR, 3}}},
    {"ëï", NO_MARK, {{L_FR, 1}, {L_NL, 1}}},
    {"ąęłżźś", NO_MARK, {{L_PL, 3}}},
    {"ń", NO_MARK, {{L_PL, 2}}},
    {"ć", NO_MARK, {{L_PL, 1}, {L_HR, 2}}},
    {"ěů", ACUTE, {{L_CS, 3}}},
    {"ř", NO_MARK, {{L_CS, 3}}},
    {"čšž", CARON, {{L_CS, 1}, {L_SK, 1}, {L_SL, 1}, {L_HR, 1}}},
    {"ý", ACUTE, {{L_CS, 1}, {L_SK, 1}}},
    {"ďťň", NO_MARK, {{L_CS, 1}, {L_SK, 1}}},
    {"ľĺŕ", NO_MARK, {{L_SK, 3}}},
    {"đ", NO_MARK, {{L_HR, 3}}},
    {"őű", NO_MARK, {{L_HU, 3}}},
    {"ăț", NO_MARK, {{L_RO, 3}}},
    {"ș", NO_MARK, {{L_RO, 2}, {L_TR, 1}}}, /* (and ş, lower_cp) */
    {"ığ", NO_MARK, {{L_TR, 3}}},
    /* Cyrillic; ы: Kazakh uses it as much as Russian */
    {"ы",
     NO_MARK,
     {{L_RU, 1},
      {L_BE, 1},
      {L_KK, 1},
      {L_UK, -3},
      {L_BG, -3},
      {L_SR, -3},
      {L_MK, -3}}},
    {"э",
     NO_MARK,
     {{L_RU, 1}, {L_BE, 1}, {L_UK, -3}, {L_BG, -3}, {L_SR, -3}, {L_MK, -3}}},
    {"ъ", NO_MARK, {{L_BG, 2}, {L_UK, -3}, {L_BE, -3}, {L_KK, -1}}},
    {"ё", NO_MARK, {{L_RU, 2}, {L_BE, 1}, {L_BG, -3}, {L_UK, -3}}},
    {"і",
     NO_MARK,
     {{L_UK, 1},
      {L_KK, 1},
      {L_BE, 1},
      {L_RU, -3},
      {L_BG, -3},
      {L_SR, -3},
      {L_MK, -3}}},
    {"їєґ", NO_MARK, {{L_UK, 3}}},
    {"ў", NO_MARK, {{L_BE, 4}}},
    {"и", NO_MARK, {{L_BE, -1}}}, /* Belarusian writes і */
    {"щ", NO_MARK, {{L_BE, -2}}},
    {"әғқңөұүһ",
     NO_MARK,
     {{L_KK, 3},
      {L_RU, -1},
      {L_UK, -1},
      {L_BG, -1},
      {L_BE, -1},
      {L_SR, -1},
      {L_MK, -1}}},
    {"ђћџ", NO_MARK, {{L_SR, 4}}},
    {"љњј", NO_MARK, {{L_SR, 2}, {L_MK, 2}}},
    {"ѓќѕ", NO_MARK, {{L_MK, 4}}},
};

/* Every letter above is below U+0500: its row (+1, 0 for none) by code
 * point, filled once. */
#define LETTERS_END 0x500
static uint8_t letter_row[LETTERS_END];

static void
letters_build(void)
{
    for (size_t r = 0; r < sizeof letter_table / sizeof letter_table[0]; r++) {
        const char *p = letter_table[r].letters;
        size_t n = strlen(p);
        size_t i = 0;

        while (i < n) {
            int cp;
            i += dl_utf8_next(p + i, n - i, &cp);
            if (cp >= 0 && cp < LETTERS_END)
                letter_row[cp] = (uint8_t)(r + 1);
        }
    }
}

/* The votes of letter c (lowercase), or NULL when it casts none. */
static const struct letter_votes *
votes_of(int32_t c)
{
    unsigned row = (uint32_t)c < LETTERS_END ? letter_row[c] : 0;

    return row != 0 ? &letter_table[row - 1] : NULL;
}

#undef MAX_VOTES

/* Word endings, Cyrillic only: what a short title without function words
 * still shows.  Bulgarian has a definite article -ът and never ends a word
 * in ь or -ться; Russian and Ukrainian adjectives end in -ий -ого. */
static int
ends_with(const char *w, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);

    return len > n && memcmp(w + len - n, suffix, n) == 0;
}

static void
ending_score(const char *w, size_t len, int *score)
{
    if (len < 4 || (unsigned char)w[len - 2] < 0xD0 ||
        (unsigned char)w[len - 2] > 0xD3)
        return;
    if (ends_with(w, len, "ът")) {
        score[L_BG] += 3;
    } else if (ends_with(w, len, "ият")) {
        score[L_BG] += 2;
    } else if (ends_with(w, len, "ь")) {
        score[L_RU] += 1;
        score[L_UK] += 1;
        score[L_BE] += 1;
        score[L_BG] -= 2;
        score[L_SR] -= 2;
        score[L_MK] -= 2;
    } else if (ends_with(w, len, "тся") || ends_with(w, len, "ться")) {
        score[L_RU] += 2;
        score[L_UK] += 1;
        score[L_BG] -= 2;
    } else if (ends_with(w, len, "ий") || ends_with(w, len, "ого")) {
        score[L_RU] += 1;
        score[L_UK] += 1;
        score[L_BG] -= 1;
    } else if (ends_with(w, len, "ото") || ends_with(w, len, "ите") ||
               ends_with(w, len, "ята")) {
        score[L_BG] += 1;
    }
}

/* ---- detection ---------------------------------------------------------- */

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void
tables_build(void)
{
    fw_build();
    letters_build();
}

/* What one pass over the text collects. */
struct evidence {
    int score[N_SCORED];           /* per Latin or Cyrillic language */
    long script_votes[N_SCRIPTS];  /* letters per script */
    long letters;                  /* letters of any script */
    long carons;                   /* č š ž */
    long acutes;                   /* á é í ú ý ů ě */
    char word[MAX_WORD_BYTES + 4]; /* the current word, lowercase */
    size_t wlen;
    bool wlong;      /* the word outgrew word[]: it is not looked up */
    bool after_apos; /* the current word follows an apostrophe */
};

/* A letter (or combining mark) of a Latin or Cyrillic word. */
static void
word_letter(struct evidence *ev, int32_t cp)
{
    int32_t lc = lower_cp(cp);
    const struct letter_votes *lv = votes_of(lc);

    if (lv != NULL) {
        for (size_t k = 0;
             k < sizeof lv->v / sizeof lv->v[0] && lv->v[k].weight != 0; k++)
            ev->score[lv->v[k].lang] += lv->v[k].weight;
        if (lv->mark == CARON)
            ev->carons++;
        else if (lv->mark == ACUTE)
            ev->acutes++;
    }
    if (ev->wlen + 4 > MAX_WORD_BYTES)
        ev->wlong = true;
    else if (lc < 0x80)
        ev->word[ev->wlen++] = (char)lc;
    else
        ev->wlen += dl_utf8_encode(lc, ev->word + ev->wlen);
}

/* The current word (wlen > 0) is complete: its function-word and ending
 * votes. */
static void
word_end(struct evidence *ev)
{
    if (!ev->wlong) {
        fw_score(ev->word, ev->wlen, ev->score);
        ending_score(ev->word, ev->wlen, ev->score);
        /* English 's and n't; fw_score took the lone s and t for the
         * Slavic prepositions. */
        if (ev->wlen == 1 && ev->after_apos &&
            (ev->word[0] == 's' || ev->word[0] == 't'))
            ev->score[L_EN] += 2 * FW_WEIGHT;
    }
    ev->wlen = 0;
    ev->wlong = false;
}

/* One pass over text[0..len): script votes, letter scores and words. */
static void
read_evidence(const char *text, size_t len, struct evidence *ev)
{
    size_t i = 0;

    while (i < len) {
        int cp;
        enum script sc;

        if ((unsigned char)text[i] < 0x80)
            cp = (unsigned char)text[i++];
        else
            i += dl_utf8_next(text + i, len - i, &cp);
        sc = cp == DL_UTF8_INVALID ? S_NONE : script_of_cp(cp);
        if (sc != S_NONE) {
            ev->script_votes[sc]++;
            ev->letters++;
        }
        if (sc == S_LATIN || sc == S_CYRILLIC ||
            (cp >= 0x300 && cp <= 0x36F && ev->wlen > 0)) {
            word_letter(ev, cp);
            continue;
        }
        if (ev->wlen > 0)
            word_end(ev);
        ev->after_apos = cp == '\'' || cp == 0x2019;
    }
    if (ev->wlen > 0)
        word_end(ev);
}

/* Slovenian and Croatian write č š ž but no long vowels; Czech and Slovak
 * rarely go a line without á é í ý ú. */
static void
south_slavic_rule(struct evidence *ev)
{
    if (ev->carons > 0 && ev->acutes == 0) {
        ev->score[L_SL] += 2;
        ev->score[L_HR] += 2;
    }
}

/* The script with most votes; one ideograph or syllable carries about as
 * much as a short word. */
static enum script
winning_script(struct evidence *ev)
{
    enum script best = S_NONE;

    ev->script_votes[S_HAN] *= 3;
    ev->script_votes[S_KANA] *= 3;
    ev->script_votes[S_HANGUL] *= 3;
    for (int k = S_LATIN; k < N_SCRIPTS; k++) {
        if (ev->script_votes[k] > ev->script_votes[best])
            best = (enum script)k;
    }
    return best;
}

/* The highest positive score among languages first..last. */
static const char *
best_of(const int *score, int first, int last)
{
    int best = -1;
    int best_score = 0;

    for (int l = first; l <= last; l++) {
        if (score[l] > best_score) {
            best_score = score[l];
            best = l;
        }
    }
    return best < 0 ? DL_LANG_UNDETERMINED : langs[best].code;
}

/* The language the evidence gives within the winning script. */
static const char *
language_of(enum script sc, const struct evidence *ev)
{
    const long *votes = ev->script_votes;

    switch (sc) {
    case S_LATIN:
        return best_of(ev->score, FIRST_LATIN, LAST_LATIN);
    case S_CYRILLIC:
        return best_of(ev->score, FIRST_CYRILLIC, LAST_CYRILLIC);
    case S_GREEK:
        return langs[L_EL].code;
    case S_ARABIC:
        return langs[L_AR].code;
    case S_HEBREW:
        return langs[L_HE].code;
    case S_ARMENIAN:
        return langs[L_HY].code;
    case S_GEORGIAN:
        return langs[L_KA].code;
    case S_DEVANAGARI:
        return langs[L_HI].code;
    case S_TAMIL:
        return langs[L_TA].code;
    case S_THAI:
        return langs[L_TH].code;
    case S_HAN:
    case S_KANA:
    case S_HANGUL:
        /* Japanese mixes kana into every sentence; Chinese has none. */
        if (votes[S_HANGUL] >= votes[S_HAN] + votes[S_KANA])
            return langs[L_KO].code;
        if (votes[S_KANA] * 20 > votes[S_HAN])
            return langs[L_JA].code;
        return langs[L_ZH].code;
    default:
        return DL_LANG_UNDETERMINED;
    }
}

const char *
dl_lang_detect(const char *text, size_t len)
{
    struct evidence ev;
    enum script sc;

    if (text == NULL)
        return DL_LANG_UNDETERMINED;
    (void)pthread_once(&tables_once, tables_build);
    if (len > DL_LANG_SCAN)
        len = DL_LANG_SCAN;
    memset(&ev, 0, sizeof ev);
    read_evidence(text, len, &ev);
    if (ev.letters < MIN_LETTERS)
        return DL_LANG_UNDETERMINED;
    south_slavic_rule(&ev);
    sc = winning_script(&ev);
    /* Kazakh in the 2021 Latin alphabet (dl_kklatin.h) */
    if (sc == S_LATIN && dl_kklatin_detect(text, len))
        return langs[L_KK].code;
    return language_of(sc, &ev);
}

/* ---- codes -------------------------------------------------------------- */

static int
ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
}

/* Case-insensitive (ASCII; other bytes exact) equality of a[0..alen) and
 * the NUL-terminated b. */
static int
eq_nocase(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++) {
        if (ascii_lower((unsigned char)a[i]) !=
            ascii_lower((unsigned char)b[i]))
            return 0;
    }
    return 1;
}

/* Does the '|'-separated list contain s[0..len)? */
static int
in_list(const char *list, const char *s, size_t len)
{
    const char *p = list;

    while (*p != '\0') {
        const char *bar = strchr(p, '|');
        size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);

        if (eq_nocase(s, len, p, n))
            return 1;
        if (bar == NULL)
            break;
        p = bar + 1;
    }
    return 0;
}

/* Is tag[0..len) this language's code, alias or (when names) name? */
static bool
is_called(const dl_lang_info *li, const char *tag, size_t len, bool names)
{
    if (eq_nocase(tag, len, li->code, strlen(li->code)))
        return true;
    if (!names)
        return false;
    return in_list(li->aliases, tag, len) ||
           eq_nocase(tag, len, li->name, strlen(li->name)) ||
           eq_nocase(tag, len, li->native, strlen(li->native));
}

static const dl_lang_info *
find_tag(const char *tag, size_t len, bool names)
{
    for (size_t i = 0; i < N_LANGS; i++) {
        if (is_called(&langs[i], tag, len, names))
            return &langs[i];
    }
    return NULL;
}

const dl_lang_info *
dl_lang_find(const char *code_or_alias)
{
    if (code_or_alias == NULL)
        return NULL;
    return find_tag(code_or_alias, strlen(code_or_alias), true);
}

const dl_lang_info *
dl_lang_next(const dl_lang_info *prev)
{
    if (prev == NULL)
        return &langs[0];
    if (prev < langs || prev + 1 >= langs + N_LANGS)
        return NULL;
    return prev + 1;
}

const char *
dl_lang_canonical(const char *tag, size_t len)
{
    const dl_lang_info *li;
    size_t n;

    if (tag == NULL)
        return NULL;
    while (len > 0 && (*tag == ' ' || *tag == '\t' || *tag == '"')) {
        tag++;
        len--;
    }
    while (len > 0 && (tag[len - 1] == ' ' || tag[len - 1] == '\t' ||
                       tag[len - 1] == '"' || tag[len - 1] == '\r' ||
                       tag[len - 1] == '\n'))
        len--;
    if (len == 0)
        return NULL;

    /* The whole tag first ("EN", "Norwegian Bokmål", "Russian"). */
    li = find_tag(tag, len, true);
    if (li != NULL)
        return li->code;
    /* Then the primary subtag of a BCP 47 or POSIX locale tag: a code, or
     * a longer alias or name ("rus-RU"). */
    for (n = 0; n < len; n++) {
        if (tag[n] == '-' || tag[n] == '_' || tag[n] == '.' || tag[n] == '@' ||
            tag[n] == ' ' || tag[n] == ';' || tag[n] == ',')
            break;
    }
    if (n == len)
        return NULL; /* no subtags: already tried whole */
    li = find_tag(tag, n, n >= 3);
    return li != NULL ? li->code : NULL;
}

const char *
dl_lang_name(const char *code)
{
    const dl_lang_info *li = dl_lang_find(code);

    if (li != NULL)
        return li->name;
    if (code != NULL && strcmp(code, DL_LANG_UNDETERMINED) == 0)
        return "Undetermined";
    return code;
}

bool
dl_lang_has_stemmer(const char *code)
{
    const dl_lang_info *li = dl_lang_find(code);

    return li != NULL && li->stemmer[0] != '\0';
}
