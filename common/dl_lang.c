/* dl_lang.c - per-article language detection and language codes.
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
 * static open-addressing hash table filled once (pthread_once) from the
 * lists below; a call allocates nothing and costs one pass over 4 KiB plus
 * one hash probe per word, far less than tokenizing the article.  Scripts
 * that belong to one language here (Greek, Arabic, Hangul, Kana, Hebrew,
 * Armenian...) decide by themselves; Han without Kana is Chinese.
 *
 * Codes are ISO 639-1 (Norwegian Bokmal is "nb"); "und" is returned when
 * the evidence is too thin.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

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
    N_DETECTED
};

#define FIRST_LATIN L_EN
#define LAST_LATIN L_CA
#define FIRST_CYRILLIC L_RU
#define LAST_CYRILLIC L_MK

struct lang_info {
    const char *code; /* ISO 639-1 */
    const char *name; /* English name, as dl_lang_name returns it */
    const char *alt;  /* ISO 639-2 codes (T and B) and native names, '|' */
    char stemmer;     /* dl_stemmer_new accepts the code */
};

/* The detected languages come first, in enum lang_id order; the rest are
 * languages Dateline only knows by tag (metadata) or by script. */
static const struct lang_info langs[] = {
    {"en", "English", "eng|english", 1},
    {"fr", "French", "fra|fre|francais|français", 1},
    {"de", "German", "deu|ger|deutsch", 1},
    {"es", "Spanish", "spa|espanol|español|castellano", 1},
    {"it", "Italian", "ita|italiano", 1},
    {"pt", "Portuguese", "por|portugues|português", 1},
    {"nl", "Dutch", "nld|dut|nederlands|flemish", 1},
    {"sv", "Swedish", "swe|svenska", 1},
    {"nb", "Norwegian",
     "nob|nor|no|nn|nno|norsk|bokmal|bokmål|"
     "norwegian bokmal|norwegian bokmål",
     1},
    {"da", "Danish", "dan|dansk", 1},
    {"fi", "Finnish", "fin|suomi", 1},
    {"hu", "Hungarian", "hun|magyar", 1},
    {"ro", "Romanian", "ron|rum|romana|română|moldavian|mo", 1},
    {"tr", "Turkish", "tur|turkce|türkçe", 1},
    {"pl", "Polish", "pol|polski", 0},
    {"cs", "Czech", "ces|cze|cestina|čeština", 0},
    {"sk", "Slovak", "slk|slo|slovencina|slovenčina", 0},
    {"sl", "Slovenian", "slv|slovene|slovenscina|slovenščina", 0},
    {"hr", "Croatian", "hrv|hrvatski", 0},
    {"id", "Indonesian", "ind|in|bahasa indonesia", 1},
    {"ca", "Catalan", "cat|catala|català|valencian", 1},
    {"ru", "Russian", "rus|русский", 1},
    {"uk", "Ukrainian", "ukr|українська", 0},
    {"bg", "Bulgarian", "bul|български", 0},
    {"kk", "Kazakh", "kaz|қазақ|қазақша|қазақ тілі", 1},
    {"be", "Belarusian", "bel|byelorussian|беларуская", 0},
    {"sr", "Serbian", "srp|scc|српски", 0},
    {"mk", "Macedonian", "mkd|mac|македонски", 0},
    /* by script, or by tag only */
    {"el", "Greek", "ell|gre|modern greek", 0},
    {"ar", "Arabic", "ara", 1},
    {"fa", "Persian", "fas|per|farsi", 0},
    {"he", "Hebrew", "heb|iw", 0},
    {"hy", "Armenian", "hye|arm", 1},
    {"ka", "Georgian", "kat|geo", 0},
    {"zh", "Chinese", "zho|chi|mandarin", 0},
    {"ja", "Japanese", "jpn", 0},
    {"ko", "Korean", "kor", 0},
    {"th", "Thai", "tha", 0},
    {"hi", "Hindi", "hin", 0},
    {"ne", "Nepali", "nep", 1},
    {"ta", "Tamil", "tam", 1},
    {"eu", "Basque", "eus|baq", 1},
    {"ga", "Irish", "gle|gaelic", 1},
    {"lt", "Lithuanian", "lit", 1},
    {"lv", "Latvian", "lav", 0},
    {"et", "Estonian", "est", 0},
    {"sq", "Albanian", "sqi|alb", 0},
    {"bs", "Bosnian", "bos", 0},
    {"uz", "Uzbek", "uzb", 0},
    {"ky", "Kyrgyz", "kir|kirghiz", 0},
    {"tt", "Tatar", "tat", 0},
    {"mn", "Mongolian", "mon", 0},
};

#define N_LANGS (sizeof langs / sizeof langs[0])

/* ---- function words ----------------------------------------------------- */

/* The most frequent short words of each language (news register), written
 * lowercase and precomposed; a word listed under several languages counts
 * for each.  Romanian comma-below ș ț is the spelling the scanner produces
 * (it maps the cedilla forms onto them). */
static const char *const fwords[N_DETECTED] = {
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
static pthread_once_t fw_once = PTHREAD_ONCE_INIT;

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

    for (int l = 0; l < N_DETECTED; l++) {
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

#define ADD(l, w) score[l] += (w)

/* Per-occurrence weights of lowercase letters that some languages of the
 * script use and others never do. */
static void
letter_score(int32_t c, int *score)
{
    switch (c) {
    /* Latin */
    case 0xDF: /* ß */
        ADD(L_DE, 3);
        break;
    case 0xE4: /* ä */
        ADD(L_DE, 1), ADD(L_SV, 1), ADD(L_FI, 2);
        break;
    case 0xF6: /* ö */
        ADD(L_DE, 1), ADD(L_SV, 1), ADD(L_FI, 1), ADD(L_HU, 1), ADD(L_TR, 1);
        break;
    case 0xFC: /* ü */
        ADD(L_DE, 1), ADD(L_HU, 1), ADD(L_TR, 1);
        break;
    case 0xE5: /* å */
        ADD(L_SV, 2), ADD(L_NB, 2), ADD(L_DA, 2);
        break;
    case 0xE6: /* æ */
    case 0xF8: /* ø */
        ADD(L_NB, 2), ADD(L_DA, 2);
        break;
    case 0xF1: /* ñ */
        ADD(L_ES, 3);
        break;
    case 0xE7: /* ç */
        ADD(L_FR, 1), ADD(L_PT, 1), ADD(L_TR, 1), ADD(L_CA, 1);
        break;
    case 0xE3: /* ã */
    case 0xF5: /* õ */
        ADD(L_PT, 3);
        break;
    case 0xE1: /* á */
    case 0xED: /* í */
    case 0xFA: /* ú */
        ADD(L_ES, 1), ADD(L_PT, 1), ADD(L_CS, 1), ADD(L_SK, 1), ADD(L_HU, 1);
        break;
    case 0xE9: /* é */
        ADD(L_FR, 1), ADD(L_ES, 1), ADD(L_PT, 1), ADD(L_HU, 1), ADD(L_CS, 1);
        ADD(L_CA, 1);
        break;
    case 0xF3: /* ó */
        ADD(L_ES, 1), ADD(L_PT, 1), ADD(L_PL, 1), ADD(L_HU, 1), ADD(L_CA, 1);
        break;
    case 0xE8: /* è */
    case 0xE0: /* à */
        ADD(L_FR, 1), ADD(L_IT, 1), ADD(L_CA, 1);
        break;
    case 0xF2: /* ò */
        ADD(L_IT, 2), ADD(L_CA, 1);
        break;
    case 0xEC: /* ì */
        ADD(L_IT, 2);
        break;
    case 0xF9: /* ù */
        ADD(L_IT, 2), ADD(L_FR, 1);
        break;
    case 0xEA: /* ê */
        ADD(L_FR, 1), ADD(L_PT, 1);
        break;
    case 0xE2: /* â */
        ADD(L_FR, 1), ADD(L_PT, 1), ADD(L_RO, 1);
        break;
    case 0xF4: /* ô */
        ADD(L_FR, 1), ADD(L_PT, 1), ADD(L_SK, 1);
        break;
    case 0xEE: /* î */
        ADD(L_FR, 1), ADD(L_RO, 2);
        break;
    case 0xFB: /* û */
        ADD(L_FR, 1);
        break;
    case 0x153: /* œ */
        ADD(L_FR, 3);
        break;
    case 0xEB: /* ë */
    case 0xEF: /* ï */
        ADD(L_FR, 1), ADD(L_NL, 1);
        break;
    case 0x105: /* ą */
    case 0x119: /* ę */
    case 0x142: /* ł */
    case 0x17C: /* ż */
    case 0x17A: /* ź */
    case 0x15B: /* ś */
        ADD(L_PL, 3);
        break;
    case 0x144: /* ń */
        ADD(L_PL, 2);
        break;
    case 0x107: /* ć */
        ADD(L_PL, 1), ADD(L_HR, 2);
        break;
    case 0x11B: /* ě */
    case 0x159: /* ř */
    case 0x16F: /* ů */
        ADD(L_CS, 3);
        break;
    case 0x10D: /* č */
    case 0x161: /* š */
    case 0x17E: /* ž */
        ADD(L_CS, 1), ADD(L_SK, 1), ADD(L_SL, 1), ADD(L_HR, 1);
        break;
    case 0x10F: /* ď */
    case 0x165: /* ť */
    case 0x148: /* ň */
    case 0xFD:  /* ý */
        ADD(L_CS, 1), ADD(L_SK, 1);
        break;
    case 0x13E: /* ľ */
    case 0x13A: /* ĺ */
    case 0x155: /* ŕ */
        ADD(L_SK, 3);
        break;
    case 0x111: /* đ */
        ADD(L_HR, 3);
        break;
    case 0x151: /* ő */
    case 0x171: /* ű */
        ADD(L_HU, 3);
        break;
    case 0x103: /* ă */
    case 0x21B: /* ț */
        ADD(L_RO, 3);
        break;
    case 0x219: /* ș (and ş) */
        ADD(L_RO, 2), ADD(L_TR, 1);
        break;
    case 0x131: /* ı */
    case 0x11F: /* ğ */
        ADD(L_TR, 3);
        break;
    /* Cyrillic */
    case 0x44B: /* ы: Kazakh uses it as much as Russian */
        ADD(L_RU, 1), ADD(L_BE, 1), ADD(L_KK, 1);
        ADD(L_UK, -3), ADD(L_BG, -3), ADD(L_SR, -3), ADD(L_MK, -3);
        break;
    case 0x44D: /* э */
        ADD(L_RU, 1), ADD(L_BE, 1);
        ADD(L_UK, -3), ADD(L_BG, -3), ADD(L_SR, -3), ADD(L_MK, -3);
        break;
    case 0x44A: /* ъ */
        ADD(L_BG, 2), ADD(L_UK, -3), ADD(L_BE, -3), ADD(L_KK, -1);
        break;
    case 0x451: /* ё */
        ADD(L_RU, 2), ADD(L_BE, 1), ADD(L_BG, -3), ADD(L_UK, -3);
        break;
    case 0x456: /* і */
        ADD(L_UK, 1), ADD(L_KK, 1), ADD(L_BE, 1);
        ADD(L_RU, -3), ADD(L_BG, -3), ADD(L_SR, -3), ADD(L_MK, -3);
        break;
    case 0x457: /* ї */
    case 0x454: /* є */
    case 0x491: /* ґ */
        ADD(L_UK, 3);
        break;
    case 0x45E: /* ў */
        ADD(L_BE, 4);
        break;
    case 0x438: /* и: Belarusian writes і */
        ADD(L_BE, -1);
        break;
    case 0x449: /* щ */
        ADD(L_BE, -2);
        break;
    case 0x4D9: /* ә */
    case 0x493: /* ғ */
    case 0x49B: /* қ */
    case 0x4A3: /* ң */
    case 0x4E9: /* ө */
    case 0x4B1: /* ұ */
    case 0x4AF: /* ү */
    case 0x4BB: /* һ */
        ADD(L_KK, 3);
        ADD(L_RU, -1), ADD(L_UK, -1), ADD(L_BG, -1), ADD(L_BE, -1);
        ADD(L_SR, -1), ADD(L_MK, -1);
        break;
    case 0x452: /* ђ */
    case 0x45B: /* ћ */
    case 0x45F: /* џ */
        ADD(L_SR, 4);
        break;
    case 0x459: /* љ */
    case 0x45A: /* њ */
    case 0x458: /* ј */
        ADD(L_SR, 2), ADD(L_MK, 2);
        break;
    case 0x453: /* ѓ */
    case 0x45C: /* ќ */
    case 0x455: /* ѕ */
        ADD(L_MK, 4);
        break;
    default:
        break;
    }
}

#undef ADD

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
    return best < 0 ? "und" : langs[best].code;
}

const char *
dl_lang_detect(const char *text, size_t len)
{
    int score[N_DETECTED] = {0};
    long script_votes[N_SCRIPTS] = {0};
    char word[MAX_WORD_BYTES + 4];
    size_t wlen = 0;
    int wlong = 0;
    int after_apos = 0; /* the current word follows an apostrophe */
    size_t i = 0;
    long letters = 0;
    long carons = 0; /* č š ž */
    long acutes = 0; /* á é í ú ý ů ě */
    enum script best = S_NONE;

    if (text == NULL)
        return "und";
    (void)pthread_once(&fw_once, fw_build);
    if (len > DL_LANG_SCAN)
        len = DL_LANG_SCAN;

    while (i <= len) {
        int cp = DL_UTF8_INVALID;
        enum script sc = S_NONE;
        int in_word;

        if (i < len) {
            i += dl_utf8_next(text + i, len - i, &cp);
            sc = cp == DL_UTF8_INVALID ? S_NONE : script_of_cp(cp);
        } else {
            i++; /* one step past the end flushes the last word */
        }
        in_word = sc == S_LATIN || sc == S_CYRILLIC ||
                  (cp >= 0x300 && cp <= 0x36F && wlen > 0);
        if (sc != S_NONE) {
            script_votes[sc]++;
            letters++;
        }
        if (in_word) {
            int32_t lc = lower_cp(cp);

            letter_score(lc, score);
            if (lc == 0x10D || lc == 0x161 || lc == 0x17E)
                carons++;
            else if (lc == 0xE1 || lc == 0xE9 || lc == 0xED || lc == 0xFA ||
                     lc == 0xFD || lc == 0x16F || lc == 0x11B)
                acutes++;
            if (wlen + 4 > MAX_WORD_BYTES)
                wlong = 1;
            else
                wlen += dl_utf8_encode(lc, word + wlen);
            continue;
        }
        if (wlen > 0 && !wlong) {
            fw_score(word, wlen, score);
            ending_score(word, wlen, score);
            /* English 's and n't; fw_score took the lone s and t for the
             * Slavic prepositions. */
            if (wlen == 1 && after_apos && (word[0] == 's' || word[0] == 't'))
                score[L_EN] += 2 * FW_WEIGHT;
        }
        wlen = 0;
        wlong = 0;
        after_apos = cp == '\'' || cp == 0x2019;
    }
    if (letters < MIN_LETTERS)
        return "und";
    /* Slovenian and Croatian write č š ž but no long vowels; Czech and
     * Slovak rarely go a line without á é í ý ú. */
    if (carons > 0 && acutes == 0) {
        score[L_SL] += 2;
        score[L_HR] += 2;
    }

    /* One ideograph or syllable carries about as much as a short word. */
    script_votes[S_HAN] *= 3;
    script_votes[S_KANA] *= 3;
    script_votes[S_HANGUL] *= 3;
    for (int k = S_LATIN; k < N_SCRIPTS; k++) {
        if (script_votes[k] > script_votes[best])
            best = (enum script)k;
    }
    switch (best) {
    case S_LATIN:
        return best_of(score, FIRST_LATIN, LAST_LATIN);
    case S_CYRILLIC:
        return best_of(score, FIRST_CYRILLIC, LAST_CYRILLIC);
    case S_GREEK:
        return "el";
    case S_ARABIC:
        return "ar";
    case S_HEBREW:
        return "he";
    case S_ARMENIAN:
        return "hy";
    case S_GEORGIAN:
        return "ka";
    case S_DEVANAGARI:
        return "hi";
    case S_TAMIL:
        return "ta";
    case S_THAI:
        return "th";
    case S_HAN:
    case S_KANA:
    case S_HANGUL:
        /* Japanese mixes kana into every sentence; Chinese has none. */
        if (script_votes[S_HANGUL] >=
            script_votes[S_HAN] + script_votes[S_KANA])
            return "ko";
        if (script_votes[S_KANA] * 20 > script_votes[S_HAN])
            return "ja";
        return "zh";
    default:
        return "und";
    }
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

static const struct lang_info *
find_code(const char *code)
{
    if (code == NULL)
        return NULL;
    for (size_t i = 0; i < N_LANGS; i++) {
        if (strcmp(langs[i].code, code) == 0)
            return &langs[i];
    }
    return NULL;
}

const char *
dl_lang_canonical(const char *tag, size_t len)
{
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
    for (size_t i = 0; i < N_LANGS; i++) {
        if (eq_nocase(tag, len, langs[i].code, strlen(langs[i].code)) ||
            eq_nocase(tag, len, langs[i].name, strlen(langs[i].name)) ||
            in_list(langs[i].alt, tag, len))
            return langs[i].code;
    }
    /* Then the primary subtag of a BCP 47 or POSIX locale tag. */
    for (n = 0; n < len; n++) {
        if (tag[n] == '-' || tag[n] == '_' || tag[n] == '.' || tag[n] == '@' ||
            tag[n] == ' ' || tag[n] == ';' || tag[n] == ',')
            break;
    }
    if (n == len)
        return NULL; /* no subtags: already tried whole */
    for (size_t i = 0; i < N_LANGS; i++) {
        if (eq_nocase(tag, n, langs[i].code, strlen(langs[i].code)) ||
            (n >= 3 && in_list(langs[i].alt, tag, n)))
            return langs[i].code;
    }
    return NULL;
}

const char *
dl_lang_name(const char *code)
{
    const struct lang_info *li = find_code(code);

    return li != NULL ? li->name : code;
}

int
dl_lang_has_stemmer(const char *code)
{
    const struct lang_info *li = find_code(code);

    if (li != NULL)
        return li->stemmer;
    /* dl_stemmer_new also takes the other Norwegian codes. */
    return code != NULL && (strcmp(code, "no") == 0 || strcmp(code, "nn") == 0);
}
