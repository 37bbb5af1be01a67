/* stopwords.c - function words per language (stopwords.h).
 *
 * Each list is sorted in byte order for bsearch and holds words in term
 * form (folded: "etre", "fur", "ее"); they were written from the usual
 * function-word lists of each language (Snowball's, cut to the words a
 * news text is full of) plus news's reporting verbs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "stopwords.h"

static const char *const stop_bg[] = {
    "а",      "без",    "би",    "бил",    "била",  "били",    "било",
    "в",      "вече",   "все",   "всички", "във",   "въпреки", "да",
    "до",     "докато", "е",     "един",   "една",  "едно",    "за",
    "защото", "и",      "из",    "или",    "им",    "има",     "каза",
    "като",   "което",  "които", "който",  "която", "където",  "към",
    "ли",     "на",     "над",   "не",     "него",  "нея",     "ни",
    "но",     "няма",   "о",     "от",     "пак",   "по",      "под",
    "при",    "са",     "се",    "си",     "след",  "сме",     "със",
    "също",   "та",     "тази",  "така",   "те",    "тези",    "то",
    "това",   "тогава", "този",  "той",    "тя",    "у",       "че",
    "чрез",   "ще",     "я",
};
static const char *const stop_cs[] = {
    "a",       "aby",    "aj",    "ale",  "ani",    "asi",   "az",    "bez",
    "bude",    "budou",  "by",    "byl",  "byla",   "bylo",  "byly",  "byt",
    "ci",      "co",     "dalsi", "do",   "ho",     "i",     "jak",   "jako",
    "je",      "jeho",   "jej",   "jeji", "jejich", "jen",   "jeste", "jiz",
    "jsem",    "jsme",   "jsou",  "k",    "kde",    "kdyz",  "ktera", "ktere",
    "kteri",   "kterou", "ktery", "ku",   "ma",     "mezi",  "mi",    "mu",
    "my",      "na",     "nad",   "ne",   "nebo",   "nebot", "neni",  "nez",
    "o",       "od",     "po",    "pod",  "podle",  "pri",   "pro",   "proto",
    "protoze", "rekl",   "s",     "se",   "si",     "sice",  "sve",   "svuj",
    "ta",      "tak",    "take",  "tam",  "te",     "tedy",  "ten",   "tento",
    "to",      "toho",   "tom",   "tu",   "tuto",   "ty",    "u",     "uz",
    "v",       "ve",     "vsak",  "z",    "za",     "ze",
};
static const char *const stop_de[] = {
    "ab",      "aber",    "alle",    "allem",   "allen",    "aller",
    "alles",   "als",     "also",    "am",      "an",       "ander",
    "andere",  "anderen", "anderer", "anderes", "auch",     "auf",
    "aus",     "bei",     "beim",    "bin",     "bis",      "bist",
    "da",      "dabei",   "dadurch", "dafur",   "dagegen",  "daher",
    "damit",   "dann",    "darauf",  "darin",   "darum",    "das",
    "dass",    "dein",    "deine",   "dem",     "den",      "denen",
    "denn",    "der",     "deren",   "des",     "deshalb",  "dessen",
    "die",     "dies",    "diese",   "diesem",  "diesen",   "dieser",
    "dieses",  "doch",    "dort",    "du",      "durch",    "ein",
    "eine",    "einem",   "einen",   "einer",   "eines",    "einige",
    "einigen", "er",      "es",      "etwa",    "euch",     "euer",
    "eure",    "fur",     "gegen",   "gewesen", "hab",      "habe",
    "haben",   "hat",     "hatte",   "hatten",  "hier",     "hin",
    "hinter",  "ich",     "ihm",     "ihn",     "ihnen",    "ihr",
    "ihre",    "ihrem",   "ihren",   "ihrer",   "ihres",    "im",
    "immer",   "in",      "ins",     "ist",     "ja",       "jede",
    "jedem",   "jeden",   "jeder",   "jedes",   "jedoch",   "jetzt",
    "kann",    "kein",    "keine",   "keinem",  "keinen",   "keiner",
    "konnen",  "konnte",  "man",     "manche",  "mehr",     "mein",
    "meine",   "mit",     "muss",    "musste",  "nach",     "nicht",
    "nichts",  "noch",    "nun",     "nur",     "ob",       "oder",
    "ohne",    "sagte",   "schon",   "sehr",    "sein",     "seine",
    "seinem",  "seinen",  "seiner",  "seit",    "selbst",   "sich",
    "sie",     "sind",    "so",      "solche",  "soll",     "sollte",
    "sondern", "sowie",   "uber",    "um",      "und",      "uns",
    "unser",   "unsere",  "unter",   "viel",    "vom",      "von",
    "vor",     "wann",    "war",     "waren",   "warum",    "was",
    "weil",    "welche",  "welchem", "welchen", "welcher",  "welches",
    "wenn",    "wer",     "werde",   "werden",  "wie",      "wieder",
    "will",    "wir",     "wird",    "wo",      "wurde",    "wurden",
    "zu",      "zum",     "zur",     "zwar",    "zwischen",
};
static const char *const stop_en[] = {
    "a",         "about",      "above",     "according",  "across",
    "after",     "afterwards", "again",     "against",    "ago",
    "all",       "almost",     "along",     "already",    "also",
    "although",  "always",     "am",        "among",      "an",
    "and",       "another",    "any",       "anyone",     "anything",
    "are",       "around",     "as",        "at",         "be",
    "became",    "because",    "become",    "been",       "before",
    "being",     "below",      "between",   "both",       "but",
    "by",        "can",        "cannot",    "could",      "did",
    "do",        "does",       "doing",     "done",       "down",
    "during",    "each",       "either",    "else",       "etc",
    "even",      "ever",       "every",     "few",        "for",
    "from",      "further",    "get",       "gets",       "got",
    "had",       "has",        "have",      "having",     "he",
    "her",       "here",       "hers",      "herself",    "him",
    "himself",   "his",        "how",       "however",    "i",
    "if",        "in",         "into",      "is",         "it",
    "its",       "itself",     "just",      "last",       "least",
    "less",      "let",        "like",      "made",       "make",
    "many",      "may",        "me",        "might",      "mine",
    "more",      "most",       "much",      "must",       "my",
    "myself",    "neither",    "never",     "next",       "no",
    "none",      "nor",        "not",       "now",        "of",
    "off",       "often",      "on",        "once",       "one",
    "only",      "onto",       "or",        "other",      "others",
    "otherwise", "our",        "ours",      "ourselves",  "out",
    "over",      "own",        "per",       "perhaps",    "put",
    "rather",    "said",       "same",      "say",        "says",
    "see",       "seem",       "seemed",    "several",    "shall",
    "she",       "should",     "since",     "so",         "some",
    "still",     "such",       "than",      "that",       "the",
    "their",     "theirs",     "them",      "themselves", "then",
    "there",     "thereby",    "therefore", "these",      "they",
    "this",      "those",      "though",    "through",    "throughout",
    "thus",      "to",         "together",  "told",       "too",
    "toward",    "towards",    "under",     "unless",     "until",
    "up",        "upon",       "us",        "very",       "via",
    "was",       "we",         "well",      "were",       "what",
    "whatever",  "when",       "whenever",  "where",      "whether",
    "which",     "while",      "who",       "whoever",    "whole",
    "whom",      "whose",      "why",       "will",       "with",
    "within",    "without",    "would",     "yet",        "you",
    "your",      "yours",      "yourself",  "yourselves",
};
static const char *const stop_es[] = {
    "a",       "al",       "algo",    "algunas",  "algunos",  "ante",
    "antes",   "aquel",    "aquella", "aquellas", "aquellos", "aqui",
    "asi",     "aun",      "aunque",  "bajo",     "bien",     "cada",
    "casi",    "como",     "con",     "contra",   "cual",     "cuales",
    "cuando",  "cuyo",     "de",      "del",      "desde",    "dijo",
    "donde",   "dos",      "durante", "e",        "el",       "ella",
    "ellas",   "ello",     "ellos",   "en",       "entre",    "era",
    "erais",   "eran",     "eras",    "eres",     "es",       "esa",
    "esas",    "ese",      "eso",     "esos",     "esta",     "estaba",
    "estaban", "estado",   "estan",   "estar",    "este",     "esto",
    "estos",   "fue",      "fueron",  "ha",       "habia",    "habian",
    "han",     "hasta",    "hay",     "la",       "las",      "le",
    "les",     "lo",       "los",     "mas",      "me",       "mi",
    "mis",     "mismo",    "muy",     "nada",     "ni",       "no",
    "nos",     "nosotros", "o",       "otra",     "otras",    "otro",
    "otros",   "para",     "pero",    "poco",     "por",      "porque",
    "que",     "quien",    "quienes", "se",       "sea",      "segun",
    "ser",     "si",       "sido",    "sin",      "sobre",    "son",
    "su",      "sus",      "tambien", "tan",      "tanto",    "te",
    "tiene",   "tienen",   "todo",    "todos",    "tras",     "tu",
    "tus",     "un",       "una",     "uno",      "unos",     "y",
    "ya",      "yo",
};
static const char *const stop_fr[] = {
    "a",        "afin",    "ai",        "aie",      "aient",      "ainsi",
    "alors",    "apres",   "au",        "aucun",    "aucune",     "aupres",
    "auquel",   "aura",    "aurai",     "auraient", "aurait",     "auront",
    "aussi",    "autre",   "autres",    "aux",      "auxquelles", "auxquels",
    "avaient",  "avais",   "avait",     "avant",    "avec",       "avez",
    "aviez",    "avions",  "avoir",     "avons",    "ayant",      "c",
    "ca",       "car",     "ce",        "ceci",     "cela",       "celle",
    "celles",   "celui",   "cependant", "certains", "ces",        "cet",
    "cette",    "ceux",    "chacun",    "chaque",   "chez",       "ci",
    "comme",    "comment", "d",         "dans",     "de",         "deja",
    "des",      "deux",    "devant",    "doit",     "donc",       "dont",
    "du",       "elle",    "elles",     "en",       "encore",     "entre",
    "es",       "est",     "et",        "etaient",  "etait",      "etant",
    "ete",      "etre",    "eu",        "eux",      "faire",      "fait",
    "fois",     "font",    "hors",      "il",       "ils",        "j",
    "je",       "jusqu",   "l",         "la",       "le",         "les",
    "leur",     "leurs",   "lors",      "lui",      "m",          "ma",
    "mais",     "me",      "meme",      "mes",      "moi",        "moins",
    "mon",      "n",       "ne",        "ni",       "nos",        "notre",
    "nous",     "on",      "ont",       "ou",       "par",        "parce",
    "pas",      "peu",     "peut",      "plus",     "plusieurs",  "pour",
    "pourquoi", "puis",    "qu",        "quand",    "que",        "quel",
    "quelle",   "quelles", "quels",     "qui",      "quoi",       "sa",
    "sans",     "se",      "selon",     "ses",      "si",         "sien",
    "son",      "sont",    "sous",      "sur",      "ta",         "tandis",
    "te",       "tes",     "toi",       "ton",      "tous",       "tout",
    "toute",    "toutes",  "tres",      "tu",       "un",         "une",
    "vers",     "voici",   "voila",     "vos",      "votre",      "vous",
    "y",
};
static const char *const stop_it[] = {
    "a",      "ad",    "al",    "alla",   "alle",   "anche",  "ancora",
    "che",    "chi",   "ci",    "come",   "con",    "cosa",   "cui",
    "da",     "dal",   "dalla", "dei",    "del",    "della",  "delle",
    "di",     "dopo",  "e",     "era",    "essere", "gli",    "ha",
    "hanno",  "i",     "il",    "in",     "io",     "la",     "le",
    "lei",    "lo",    "loro",  "lui",    "ma",     "mi",     "ne",
    "nel",    "nella", "noi",   "non",    "o",      "per",    "perche",
    "piu",    "poi",   "quale", "quando", "quella", "quello", "questa",
    "questo", "se",    "si",    "sia",    "sono",   "su",     "sua",
    "suo",    "tra",   "tutti", "tutto",  "un",     "una",    "uno",
};
static const char *const stop_kk[] = {
    "ал",      "арқылы", "ба",      "бар",     "барлық", "бе",      "бен",
    "бойынша", "болады", "болды",   "болса",   "болып",  "болған",  "біз",
    "бір",     "бірақ",  "бұл",     "да",      "де",     "деген",   "деді",
    "дейін",   "деп",    "еді",     "екі",     "емес",   "енді",    "жоқ",
    "және",    "кейін",  "ма",      "ме",      "мен",    "не",      "немесе",
    "ол",      "олар",   "олардың", "оның",    "осы",    "осындай", "па",
    "пе",      "пен",    "ретінде", "секілді", "сен",    "сияқты",  "сол",
    "сондай",  "сіз",    "та",      "тағы",    "те",     "туралы",  "ғой",
    "қой",     "үшін",   "әлде",    "әр",      "әрі",
};
static const char *const stop_pl[] = {
    "a",     "aby",   "ale",     "bardzo",     "bedzie",   "bez",   "bo",
    "byc",   "byl",   "byla",    "bylo",       "byly",     "ci",    "co",
    "czy",   "dla",   "do",      "gdy",        "gdzie",    "go",    "i",
    "ich",   "ile",   "im",      "ja",         "jak",      "jako",  "je",
    "jego",  "jej",   "jesli",   "jest",       "jeszcze",  "juz",   "ktora",
    "ktore", "ktory", "ktorych", "ktorym",     "ku",       "lecz",  "lub",
    "ma",    "maja",  "mnie",    "moze",       "na",       "nad",   "nam",
    "nas",   "nich",  "nie",     "nim",        "no",       "o",     "od",
    "oraz",  "po",    "pod",     "powiedzial", "przed",    "przez", "przy",
    "sa",    "sie",   "ta",      "tak",        "takze",    "tam",   "te",
    "tego",  "tej",   "ten",     "to",         "tu",       "tylko", "tym",
    "u",     "w",     "we",      "wiec",       "wszystko", "z",     "za",
    "ze",    "zeby",
};
static const char *const stop_pt[] = {
    "a",      "ao",   "aos",  "as",   "ate",   "com",   "como",   "da",
    "das",    "de",   "dela", "dele", "deles", "do",    "dos",    "e",
    "ela",    "elas", "ele",  "eles", "em",    "entre", "era",    "essa",
    "esse",   "esta", "este", "eu",   "foi",   "foram", "ha",     "isso",
    "isto",   "ja",   "lhe",  "mais", "mas",   "me",    "mesmo",  "muito",
    "na",     "nao",  "nas",  "nem",  "no",    "nos",   "o",      "os",
    "ou",     "para", "pela", "pelo", "por",   "qual",  "quando", "que",
    "quem",   "se",   "sem",  "ser",  "seu",   "seus",  "sua",    "suas",
    "tambem", "te",   "tem",  "um",   "uma",   "voce",
};
static const char *const stop_ru[] = {
    "а",       "без",     "более",   "будет",   "будут",    "бы",
    "был",     "была",    "были",    "было",    "быть",     "в",
    "вам",     "вас",     "весь",    "во",      "вот",      "все",
    "всего",   "всех",    "вы",      "где",     "да",       "даже",
    "для",     "до",      "его",     "ее",      "ей",       "если",
    "есть",    "еще",     "же",      "за",      "заявил",   "здесь",
    "и",       "из",      "или",     "им",      "их",       "к",
    "как",     "ко",      "когда",   "которая", "которого", "которой",
    "котором", "которые", "который", "которых", "кто",      "ли",
    "либо",    "между",   "мне",     "может",   "мы",       "на",
    "над",     "надо",    "наш",     "не",      "него",     "нее",
    "нет",     "ни",      "них",     "но",      "ну",       "о",
    "об",      "однако",  "он",      "она",     "они",      "оно",
    "от",      "очень",   "по",      "под",     "после",    "при",
    "с",       "сказал",  "со",      "так",     "также",    "такой",
    "там",     "те",      "тем",     "то",      "того",     "тоже",
    "той",     "только",  "том",     "ты",      "у",        "уже",
    "хотя",    "чего",    "чей",     "чем",     "что",      "чтобы",
    "чье",     "чья",     "эта",     "эти",     "это",      "этого",
    "этой",    "этом",    "этот",    "я",
};
static const char *const stop_sr[] = {
    "al",  "ali",  "bi",   "bila",  "bili",  "bilo",  "bio",   "biti",  "cak",
    "da",  "do",   "dok",  "drugi", "i",     "ili",   "im",    "ima",   "iz",
    "je",  "jer",  "jos",  "kad",   "kada",  "kao",   "koja",  "koje",  "koji",
    "li",  "na",   "nad",  "ne",    "nego",  "ni",    "njega", "njen",  "njih",
    "o",   "od",   "oko",  "pa",    "po",    "pod",   "pre",   "preko", "pri",
    "sa",  "sam",  "samo", "se",    "si",    "sta",   "sto",   "su",    "sve",
    "ta",  "taj",  "tamo", "to",    "tog",   "tom",   "tu",    "u",     "uz",
    "za",  "а",    "ако",  "ал",    "али",   "би",    "била",  "били",  "било",
    "био", "бити", "да",   "до",    "док",   "други", "за",    "и",     "из",
    "или", "им",   "има",  "кад",   "када",  "као",   "која",  "које",  "који",
    "ли",  "на",   "над",  "не",    "него",  "ни",    "о",     "од",    "око",
    "па",  "по",   "под",  "пре",   "преко", "при",   "са",    "сам",   "само",
    "све", "се",   "си",   "су",    "та",    "там",   "тај",   "то",    "тог",
    "том", "ту",   "у",    "уз",    "чак",   "шта",   "што",   "је",    "јер",
    "још", "њега", "њен",  "њих",
};
static const char *const stop_uk[] = {
    "а",    "або",   "аж",   "але",    "б",     "без",    "би",   "був",
    "була", "були",  "було", "бути",   "в",     "вам",    "вас",  "весь",
    "вона", "вони",  "воно", "все",    "всі",   "втім",   "від",  "він",
    "де",   "для",   "до",   "з",      "за",    "заявив", "зі",   "й",
    "його", "к",     "коли", "котрий", "ли",    "мене",   "мені", "ми",
    "між",  "на",    "над",  "нам",    "нас",   "не",     "неї",  "них",
    "но",   "нього", "ні",   "о",      "однак", "по",     "при",  "про",
    "під",  "після", "саме", "своє",   "свої",  "своїх",  "свій", "та",
    "так",  "також", "там",  "те",     "ти",    "тим",    "то",   "тобто",
    "той",  "тут",   "у",    "уже",    "хоча",  "це",     "цей",  "цим",
    "цих",  "цього", "ці",   "цієї",   "через", "чи",     "ще",   "що",
    "щоб",  "я",     "як",   "яка",    "який",  "якщо",   "які",  "є",
    "і",    "із",    "їй",   "їм",     "їх",    "її",
};

#define LIST(code, words)                                                      \
    {                                                                          \
        code, words, sizeof words / sizeof words[0]                            \
    }

static const struct stop_list {
    const char *lang;
    const char *const *words;
    size_t n;
} lists[] = {
    LIST("bg", stop_bg), LIST("cs", stop_cs), LIST("de", stop_de),
    LIST("en", stop_en), LIST("es", stop_es), LIST("fr", stop_fr),
    LIST("it", stop_it), LIST("kk", stop_kk), LIST("pl", stop_pl),
    LIST("pt", stop_pt), LIST("ru", stop_ru), LIST("sr", stop_sr),
    LIST("uk", stop_uk),
};

#define N_LISTS (sizeof lists / sizeof lists[0])

/* The longest word of any list, in bytes, with room to spare. */
#define STOP_MAX_BYTES 32

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const struct stop_list *
find_list(const char *lang)
{
    size_t i;
    if (lang == NULL)
        return NULL;
    for (i = 0; i < N_LISTS; i++) {
        if (strcmp(lists[i].lang, lang) == 0)
            return &lists[i];
    }
    return NULL;
}

static bool
in_list(const struct stop_list *l, const char *key)
{
    return bsearch(&key, l->words, l->n, sizeof l->words[0], cmp_str) != NULL;
}

bool
dl_stopword_is(const char *lang, const char *word, size_t len)
{
    char key[STOP_MAX_BYTES + 1];
    const struct stop_list *l;
    size_t i;

    if (len == 0 || len > STOP_MAX_BYTES || memchr(word, '\0', len) != NULL)
        return false;
    memcpy(key, word, len);
    key[len] = '\0';
    l = find_list(lang);
    if (l != NULL)
        return in_list(l, key);
    for (i = 0; i < N_LISTS; i++) {
        if (in_list(&lists[i], key))
            return true;
    }
    return false;
}

const char *const *
dl_stopword_list(const char *lang, size_t *n)
{
    const struct stop_list *l = find_list(lang);
    *n = l != NULL ? l->n : 0;
    return l != NULL ? l->words : NULL;
}

const char *
dl_stopword_lang(size_t k)
{
    return k < N_LISTS ? lists[k].lang : NULL;
}
