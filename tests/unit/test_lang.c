/* test_lang.c - language detection, codes and scripts (dl_lang).
 *
 * Tables of short news-like paragraphs written for this test, one or more
 * per language, and of tags as they appear in metadata.  The language table
 * is checked whole: every language detection can return has its names and
 * a stemmer decision, every way to call a language finds it, and detection
 * over texts of random letters of every script returns nothing else.  When the
 * shared corpora are present (DL_CORPORA, default
 * $top_srcdir/../shared/corpora) the test also detects every SlavicNER article
 * (the language is the folder name) and every French Wikinews article, prints
 * the accuracy per language, and fails under 95% overall; without them that
 * case skips.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "dl_lang.h"
#include "dl_utf8.h"

struct detect_case {
    const char *want;
    const char *text;
};

static const struct detect_case detect_cases[] = {
    {"en", "The government said on Tuesday that it would raise taxes on "
           "fuel after the election, and the opposition has promised to "
           "fight the plan in parliament."},
    {"en", "Shares fell sharply in early trading as investors worried "
           "about the bank's losses, which were larger than expected."},
    {"fr", "Le gouvernement a annoncé mardi qu'il augmenterait les taxes "
           "sur le carburant après les élections, mais l'opposition "
           "promet de se battre contre ce projet."},
    {"fr", "La fusée a décollé ce matin sans problème depuis la base, "
           "selon les responsables de la mission qui étaient sur place."},
    {"de", "Die Regierung hat am Dienstag angekündigt, dass sie die "
           "Steuern auf Kraftstoff nach der Wahl erhöhen wird. Die "
           "Opposition will sich dagegen wehren."},
    {"es", "El gobierno anunció el martes que subirá los impuestos sobre "
           "el combustible después de las elecciones, y la oposición ha "
           "prometido luchar contra el plan en el congreso."},
    {"it", "Il governo ha annunciato martedì che aumenterà le tasse sul "
           "carburante dopo le elezioni, e l'opposizione ha promesso di "
           "combattere il piano in parlamento."},
    {"pt", "O governo anunciou na terça-feira que vai aumentar os impostos "
           "sobre os combustíveis depois das eleições, e a oposição "
           "prometeu lutar contra o plano no parlamento."},
    {"nl", "De regering heeft dinsdag aangekondigd dat zij de belasting op "
           "brandstof na de verkiezingen zal verhogen, maar de oppositie "
           "wil het plan in het parlement tegenhouden."},
    {"sv", "Regeringen meddelade på tisdagen att den kommer att höja "
           "skatten på bränsle efter valet, och oppositionen har lovat att "
           "stoppa planen i riksdagen."},
    {"nb", "Regjeringen sa tirsdag at den vil øke avgiftene på drivstoff "
           "etter valget, og opposisjonen har lovet å stanse planen i "
           "Stortinget fordi den ikke er rettferdig."},
    {"da", "Regeringen meddelte tirsdag, at den vil hæve afgifterne på "
           "brændstof efter valget, og oppositionen har lovet at stoppe "
           "planen i Folketinget, fordi den ikke er retfærdig."},
    {"fi", "Hallitus ilmoitti tiistaina, että se nostaa polttoaineen "
           "veroja vaalien jälkeen, mutta oppositio on luvannut vastustaa "
           "suunnitelmaa eduskunnassa."},
    {"hu", "A kormány kedden bejelentette, hogy a választások után "
           "emeli az üzemanyag adóját, az ellenzék pedig azt ígérte, hogy "
           "a parlamentben harcolni fog a terv ellen."},
    {"ro", "Guvernul a anunțat marți că va crește taxele pe carburanți "
           "după alegeri, iar opoziția a promis că se va lupta cu acest "
           "plan în parlament."},
    {"tr", "Hükümet salı günü yaptığı açıklamada seçimlerden sonra "
           "yakıt vergilerini artıracağını duyurdu, muhalefet ise bu plana "
           "karşı mecliste mücadele edeceğini söyledi."},
    {"pl", "Rząd ogłosił we wtorek, że po wyborach podniesie podatki na "
           "paliwo, a opozycja zapowiedziała, że będzie walczyć z tym "
           "planem w parlamencie."},
    {"cs", "Vláda v úterý oznámila, že po volbách zvýší daně z paliva, "
           "a opozice slíbila, že bude proti tomuto plánu v parlamentu "
           "bojovat, protože je podle ní nespravedlivý."},
    {"sk", "Vláda v utorok oznámila, že po voľbách zvýši dane z palív, a "
           "opozícia sľúbila, že bude proti tomuto plánu v parlamente "
           "bojovať, pretože je podľa nej nespravodlivý."},
    {"sl", "Vlada je v torek sporočila, da bo po volitvah zvišala davke na "
           "gorivo, opozicija pa je obljubila, da se bo proti načrtu "
           "borila v parlamentu, ker je po njenem mnenju krivičen."},
    {"hr", "Vlada je u utorak objavila da će nakon izbora povećati poreze "
           "na gorivo, a oporba je obećala da će se protiv tog plana "
           "boriti u saboru jer je nepravedan."},
    {"id", "Pemerintah mengumumkan pada hari Selasa bahwa pajak bahan "
           "bakar akan dinaikkan setelah pemilihan umum, dan pihak oposisi "
           "berjanji untuk melawan rencana tersebut di parlemen."},
    {"ru", "Правительство во вторник объявило, что после выборов повысит "
           "налоги на топливо, а оппозиция пообещала бороться с этим "
           "планом в парламенте."},
    {"ru", "В понедельник в области стартовала массовая вакцинация "
           "населения, которая будет проходить в несколько этапов."},
    {"uk", "Уряд у вівторок оголосив, що після виборів підвищить податки "
           "на пальне, а опозиція пообіцяла боротися з цим планом у "
           "парламенті, бо він є несправедливим."},
    {"bg", "Правителството обяви във вторник, че след изборите ще вдигне "
           "данъците върху горивата, а опозицията обеща да се бори с този "
           "план в парламента."},
    {"kk", "Үкімет сейсенбі күні сайлаудан кейін жанармайға салынатын "
           "салықты көтеретінін мәлімдеді, ал оппозиция бұл жоспарға "
           "парламентте қарсы тұратынын айтты."},
    {"kk", "Қазақстан Республикасының Президенті бүгін Астанада шетелдік "
           "инвесторлармен кездесу өткізді және жаңа жобалар туралы "
           "айтты."},
    {"be", "Урад у аўторак абвясціў, што пасля выбараў павысіць падаткі на "
           "паліва, а апазіцыя паабяцала змагацца з гэтым планам."},
    {"el", "Η κυβέρνηση ανακοίνωσε την Τρίτη ότι θα αυξήσει τους φόρους "
           "στα καύσιμα μετά τις εκλογές."},
    {"ar", "أعلنت الحكومة يوم الثلاثاء أنها سترفع الضرائب على الوقود بعد "
           "الانتخابات."},
    {"zh", "政府星期二宣布，选举后将提高燃油税，反对派承诺在议会中反对这项"
           "计划。"},
    {"ja", "政府は火曜日、選挙の後に燃料税を引き上げると発表し、野党は議会で"
           "この計画に反対すると約束した。"},
    {"ko", "정부는 화요일 선거 후 연료세를 인상하겠다고 발표했으며 야당은 의회"
           "에서 이 계획에 맞서 싸우겠다고 약속했다."},
    {"und", ""},
    {"und", "12345 -- !!"},
    {"und", "\xff\xfe\xfd"},
};

static void
detect_table_gives_expected_codes(void **state)
{
    int bad = 0;

    (void)state;
    for (size_t i = 0; i < sizeof detect_cases / sizeof detect_cases[0]; i++) {
        const struct detect_case *c = &detect_cases[i];
        const char *got = dl_lang_detect(c->text, strlen(c->text));

        if (strcmp(got, c->want) != 0) {
            fprintf(stderr, "# case %zu: want %s, got %s: %.40s\n", i, c->want,
                    got, c->text);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void
detect_reads_only_the_first_kilobytes(void **state)
{
    /* Russian first, then a long English tail the detector must not see. */
    static const char ru[] = "Правительство объявило, что после выборов "
                             "повысит налоги, а оппозиция пообещала "
                             "бороться с этим планом. ";
    static const char en[] = "the government said that it would raise "
                             "taxes and the opposition has said it was "
                             "against it. ";
    char *text = malloc(64 * 1024);
    size_t len = 0;

    (void)state;
    assert_non_null(text);
    while (len + sizeof ru < 6000) {
        memcpy(text + len, ru, sizeof ru - 1);
        len += sizeof ru - 1;
    }
    while (len + sizeof en < 64 * 1024) {
        memcpy(text + len, en, sizeof en - 1);
        len += sizeof en - 1;
    }
    assert_string_equal(dl_lang_detect(text, len), "ru");
    /* Cut in the middle of a two-byte letter: still no crash, still ru. */
    assert_string_equal(dl_lang_detect(text, 4095), "ru");
    free(text);
}

struct tag_case {
    const char *tag;
    const char *want; /* NULL: unknown */
};

static const struct tag_case tag_cases[] = {
    {"en", "en"},          {"EN", "en"},        {"en-US", "en"},
    {"en_GB.UTF-8", "en"}, {"eng", "en"},       {"English", "en"},
    {"rus", "ru"},         {"Russian", "ru"},   {"ru-RU", "ru"},
    {"kk_KZ", "kk"},       {"kaz", "kk"},       {"kk", "kk"},
    {"Kazakh", "kk"},      {"қазақ", "kk"},     {"zh-Hans", "zh"},
    {"zh-TW", "zh"},       {"chi", "zh"},       {"fre", "fr"},
    {"fra", "fr"},         {"fr-CA", "fr"},     {"ger", "de"},
    {"de-AT", "de"},       {"no", "nb"},        {"nb-NO", "nb"},
    {"nn", "nb"},          {"Norwegian", "nb"}, {"ukr", "uk"},
    {"uk-UA", "uk"},       {"bul", "bg"},       {"cze", "cs"},
    {"slo", "sk"},         {"slv", "sl"},       {"hrv", "hr"},
    {"in", "id"},          {"iw", "he"},        {" pt-BR ", "pt"},
    {"\"es\"", "es"},      {"Spanish", "es"},   {"español", "es"},
    {"ell", "el"},         {"ara", "ar"},       {"jpn", "ja"},
    {"ko-KR", "ko"},       {"xx", NULL},        {"", NULL},
    {"klingon", NULL},     {"und", NULL},       {"e", NULL},
};

static void
canonical_maps_tags_to_codes(void **state)
{
    int bad = 0;

    (void)state;
    for (size_t i = 0; i < sizeof tag_cases / sizeof tag_cases[0]; i++) {
        const struct tag_case *c = &tag_cases[i];
        const char *got = dl_lang_canonical(c->tag, strlen(c->tag));

        if ((got == NULL) != (c->want == NULL) ||
            (got != NULL && strcmp(got, c->want) != 0)) {
            fprintf(stderr, "# tag '%s': want %s, got %s\n", c->tag,
                    c->want != NULL ? c->want : "NULL",
                    got != NULL ? got : "NULL");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    assert_null(dl_lang_canonical(NULL, 0));
    /* The length bounds the tag: "en" out of "english". */
    assert_string_equal(dl_lang_canonical("english", 2), "en");
}

static void
stemmer_languages_are_xapians_plus_kazakh(void **state)
{
    static const char *const yes[] = {
        "ar", "hy", "eu", "ca", "da", "nl", "en", "fi", "fr",
        "de", "hu", "id", "ga", "it", "lt", "ne", "nb", "no",
        "pt", "ro", "ru", "es", "sv", "ta", "tr", "kk",
    };
    static const char *const no[] = {"uk", "bg", "pl",  "cs", "zh",
                                     "ja", "el", "und", "xx"};

    (void)state;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!dl_lang_has_stemmer(yes[i]))
            fail_msg("%s should have a stemmer", yes[i]);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (dl_lang_has_stemmer(no[i]))
            fail_msg("%s should have no stemmer", no[i]);
    }
    assert_false(dl_lang_has_stemmer(NULL));
}

static void
names_follow_the_code(void **state)
{
    (void)state;
    assert_string_equal(dl_lang_name("ru"), "Russian");
    assert_string_equal(dl_lang_name("kk"), "Kazakh");
    assert_string_equal(dl_lang_name("qq"), "qq");
}

/* ---- the table ---------------------------------------------------------- */

static void
every_detected_language_has_names_and_a_stemmer_decision(void **state)
{
    const dl_lang_info *li = NULL;
    size_t detected = 0;

    (void)state;
    while ((li = dl_lang_next(li)) != NULL) {
        assert_non_null(li->code);
        assert_non_null(li->aliases);
        /* a decision for every language: a name, or "" for none */
        if (li->stemmer == NULL)
            fail_msg("%s has no stemmer decision", li->code);
        assert_non_null(li->script);
        assert_int_equal(strlen(li->script), 4);
        assert_int_equal(dl_lang_has_stemmer(li->code), li->stemmer[0] != 0);
        if (!li->detected)
            continue;
        detected++;
        if (li->name == NULL || li->name[0] == '\0')
            fail_msg("%s has no English name", li->code);
        if (li->native == NULL || li->native[0] == '\0')
            fail_msg("%s has no native name", li->code);
        /* the page names it, not its code */
        assert_string_equal(dl_lang_name(li->code), li->name);
    }
    assert_true(detected >= 39);
}

/* Each text of letters drawn from one script's ranges, and mixtures. */
static const struct {
    long lo, hi;
} script_ranges[] = {
    {'a', 'z'},       {0xC0, 0x24F},    {0x400, 0x4FF},   {0x386, 0x3CE},
    {0x1F00, 0x1FFF}, {0x531, 0x58F},   {0x5D0, 0x5EA},   {0x620, 0x64A},
    {0x904, 0x939},   {0xB85, 0xBB9},   {0xE01, 0xE30},   {0x10A0, 0x10FF},
    {0xAC00, 0xD7A3}, {0x3041, 0x30FA}, {0x4E00, 0x9FFF}, {0x1E00, 0x1EFF},
    {0x300, 0x36F},   {0x2000, 0x206F},
};

static void
detect_returns_only_languages_of_the_table(void **state)
{
    const size_t nr = sizeof script_ranges / sizeof script_ranges[0];
    uint32_t seed = 2463534242u;
    char text[600];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof detect_cases / sizeof detect_cases[0]; i++) {
        const char *got =
            dl_lang_detect(detect_cases[i].text, strlen(detect_cases[i].text));
        const dl_lang_info *li = dl_lang_find(got);
        assert_true(strcmp(got, "und") == 0 || (li != NULL && li->detected));
    }
    for (i = 0; i < 4000; i++) {
        size_t n = 0;
        /* one, two or three scripts per text, words of 1-8 letters */
        size_t a = i % nr;
        size_t b = (i / nr) % nr;
        size_t c = i % 3 == 0 ? (i / 7) % nr : a;
        const char *got;
        const dl_lang_info *li;
        while (n + 8 < sizeof text) {
            size_t r;
            long cp;
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            r = seed % 3 == 0 ? a : seed % 3 == 1 ? b : c;
            cp = script_ranges[r].lo +
                 (long)(seed >> 8) %
                     (script_ranges[r].hi - script_ranges[r].lo + 1);
            if (seed % 5 == 0)
                cp = ' ';
            n += dl_utf8_encode(cp, text + n);
        }
        got = dl_lang_detect(text, n);
        li = dl_lang_find(got);
        if (strcmp(got, "und") != 0 && (li == NULL || !li->detected))
            fail_msg("detect returned '%s', not a detected language", got);
    }
}

static void
find_takes_codes_aliases_and_names(void **state)
{
    const dl_lang_info *li = NULL;
    size_t n = 0;

    (void)state;
    while ((li = dl_lang_next(li)) != NULL) {
        const char *p = li->aliases;
        n++;
        /* every way to call a language leads to it, and to no other */
        assert_ptr_equal(dl_lang_find(li->code), li);
        assert_ptr_equal(dl_lang_find(li->name), li);
        assert_ptr_equal(dl_lang_find(li->native), li);
        while (*p != '\0') {
            char alias[64];
            size_t k = strcspn(p, "|");
            assert_true(k > 0 && k < sizeof alias);
            memcpy(alias, p, k);
            alias[k] = '\0';
            if (dl_lang_find(alias) != li)
                fail_msg("alias '%s' of %s finds another language", alias,
                         li->code);
            p += k + (p[k] == '|');
        }
        assert_true(n < 1000);
    }
    assert_true(n > 39);
    assert_string_equal(dl_lang_next(NULL)->code, "en");
    assert_string_equal(dl_lang_find("NO")->code, "nb");
    assert_string_equal(dl_lang_find("norsk bokmål")->code, "nb");
    assert_string_equal(dl_lang_find("українська")->code, "uk");
    assert_null(dl_lang_find(NULL));
    assert_null(dl_lang_find(""));
    assert_null(dl_lang_find("und"));
    assert_null(dl_lang_find("xx"));
    /* the codes the page showed raw before the table */
    assert_string_equal(dl_lang_name("nb"), "Norwegian");
    assert_string_equal(dl_lang_name("mk"), "Macedonian");
    assert_string_equal(dl_lang_name("sl"), "Slovenian");
    assert_string_equal(dl_lang_name("hr"), "Croatian");
    assert_string_equal(dl_lang_name("id"), "Indonesian");
    assert_string_equal(dl_lang_name("he"), "Hebrew");
    assert_string_equal(dl_lang_name("und"), "Undetermined");
    assert_null(dl_lang_name(NULL));
}

/* ---- corpora ------------------------------------------------------------ */

#define CORPUS_READ 8192

struct tally {
    const char *lang;
    unsigned long n;
    unsigned long ok;
};

static int
detect_file(const char *path, struct tally *t)
{
    char buf[CORPUS_READ];
    FILE *f = fopen(path, "rb");
    size_t n;
    const char *got;

    if (f == NULL)
        return -1;
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    got = dl_lang_detect(buf, n);
    t->n++;
    if (strcmp(got, t->lang) == 0)
        t->ok++;
    else if (getenv("DL_LANG_VERBOSE") != NULL)
        fprintf(stderr, "# %s: %s\n", path, got);
    return 0;
}

/* Detect every regular *.txt file under dir, recursively. */
static int
detect_tree(const char *dir, struct tally *t)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    if (d == NULL)
        return -1;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        size_t nl = strlen(e->d_name);

        if (e->d_name[0] == '.')
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
            (int)sizeof path)
            continue;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            rc = detect_tree(path, t);
        else if (S_ISREG(st.st_mode) && nl > 4 &&
                 strcmp(e->d_name + nl - 4, ".txt") == 0)
            rc = detect_file(path, t);
    }
    closedir(d);
    return rc;
}

static void
corpora_are_detected_at_95_percent(void **state)
{
    static const char *const slavic[] = {"bg", "cs", "pl", "ru", "sl", "uk"};
    struct tally tallies[7];
    const char *env = getenv("DL_CORPORA");
    const char *top = getenv("top_srcdir");
    char root[2048];
    char dir[2600];
    unsigned long n = 0;
    unsigned long ok = 0;
    struct stat st;

    (void)state;
    if (env != NULL && env[0] != '\0')
        snprintf(root, sizeof root, "%s", env);
    else
        snprintf(root, sizeof root, "%s/../shared/corpora",
                 top != NULL ? top : "..");
    snprintf(dir, sizeof dir, "%s/slavicner", root);
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "# no corpora under %s: skipped\n", root);
        skip();
    }
    for (size_t i = 0; i < 6; i++) {
        tallies[i] = (struct tally){slavic[i], 0, 0};
        snprintf(dir, sizeof dir, "%s/slavicner/%s", root, slavic[i]);
        assert_int_equal(detect_tree(dir, &tallies[i]), 0);
    }
    tallies[6] = (struct tally){"fr", 0, 0};
    snprintf(dir, sizeof dir, "%s/wikinews-fr", root);
    if (stat(dir, &st) == 0)
        assert_int_equal(detect_tree(dir, &tallies[6]), 0);
    for (size_t i = 0; i < 7; i++) {
        if (tallies[i].n == 0)
            continue;
        fprintf(stderr, "# %s: %lu/%lu = %.2f%%\n", tallies[i].lang,
                tallies[i].ok, tallies[i].n,
                100.0 * (double)tallies[i].ok / (double)tallies[i].n);
        n += tallies[i].n;
        ok += tallies[i].ok;
    }
    assert_true(n > 0);
    fprintf(stderr, "# overall: %lu/%lu = %.2f%%\n", ok, n,
            100.0 * (double)ok / (double)n);
    assert_true(ok * 100 >= n * 95);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detect_table_gives_expected_codes),
        cmocka_unit_test(detect_reads_only_the_first_kilobytes),
        cmocka_unit_test(canonical_maps_tags_to_codes),
        cmocka_unit_test(stemmer_languages_are_xapians_plus_kazakh),
        cmocka_unit_test(names_follow_the_code),
        cmocka_unit_test(
            every_detected_language_has_names_and_a_stemmer_decision),
        cmocka_unit_test(detect_returns_only_languages_of_the_table),
        cmocka_unit_test(find_takes_codes_aliases_and_names),
        cmocka_unit_test(corpora_are_detected_at_95_percent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
