#!/usr/bin/env python3
"""xscript_ref.py - the reference cross-script key and its measurement
(issue 26; the design and the figures are in docs/transliteration.md).

usage: xscript_ref.py [--data DIR] [--corpora DIR] [--top N] [--sample N]
                      [--misses] [--variants] [--check]
       xscript_ref.py --key WORD...
       xscript_ref.py --romanise LANG SYSTEM WORD...
       xscript_ref.py --fill FILE

The key of a word is a normalised Latin skeleton: a Cyrillic word is first
transliterated letter by letter (one table for every Cyrillic language),
then every word, Latin or transliterated, is folded the same way
(diacritics resolved to the letters they stand for, then letter classes
merged: zh/j/z-caron, sh/s-caron/s-cedilla, ch/c/ts, kh/h/g, y/i/j, ye/e,
ng/n, doubled letters once, apostrophes and soft signs dropped).  Every
romanisation system's spelling of a name should fall on one key; the C
implementation copies key(), its tables and the two length rules
(min_key, index_cap_below in DEFAULT_OPTS).

Default run: recall of tests/data/xscript/names.tsv per system, the key
of the inflected forms (inflected.tsv), the false matches of
common-words.tsv, and, when the corpora are there (../shared/corpora
next to the worktree, or --corpora DIR), the false matches of the 20,000
most frequent Latin words of the English and French corpora against the
20,000 most frequent Cyrillic words of the Russian, Ukrainian, Kazakh and
Bulgarian ones.  --variants also measures the key with each folding rule
switched off (or changed), so the rules can be judged one by one.
--check recomputes the bgn, iso9 and national columns of names.tsv with
the romanisers below and lists the cells that differ (hand corrections).
--fill fills the empty bgn, iso9 and national cells of a names file.

Standard library only; runs in well under a minute.  Without the corpora
the corpus part is skipped with a note (exit status 0).
"""
import argparse
import collections
import os
import re
import sys
import time
import unicodedata

# ---------------------------------------------------------------------------
# Romanisation systems (used to fill names.tsv and to tell a transliteration
# from a false match).  Each table maps a lowercase Cyrillic letter to its
# Latin form; context rules are in romanise().

CYR_VOWELS = set("аеёиоуыэюяіїєәөұүў")

RU_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "e", "ю": "yu", "я": "ya",
}

ISO9 = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g\u0300", "д": "d",
    "ђ": "đ", "ѓ": "ǵ", "е": "e", "ё": "ë", "є": "ê", "ж": "ž", "з": "z",
    "ѕ": "ẑ", "и": "i", "і": "ì", "ї": "ï", "й": "j", "ј": "ǰ", "к": "k",
    "ќ": "ḱ", "л": "l", "љ": "l\u0302", "м": "m", "н": "n",
    "њ": "n\u0302", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "ћ": "ć", "у": "u", "ў": "ǔ", "ф": "f", "х": "h", "ц": "c", "ч": "č",
    "џ": "d\u0302", "ш": "š", "щ": "ŝ", "ъ": "ʺ", "ы": "y", "ь": "ʹ",
    "э": "è", "ю": "û", "я": "â", "'": "’", "’": "’", "ʼ": "’",
    # Kazakh letters (ISO 9:1995 table 3)
    "ә": "a\u030b", "ғ": "ġ", "қ": "ķ", "ң": "ņ", "ө": "ô", "ұ": "u\u0307",
    "ү": "ù", "һ": "ḥ",
}

UK_NATIONAL = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "є": ("ye", "ie"), "ж": "zh", "з": "z", "и": "y", "і": "i",
    "ї": ("yi", "i"), "й": ("y", "i"), "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "ю": ("yu", "iu"), "я": ("ya", "ia"), "'": "", "’": "",
    "ʼ": "",
}

UK_BGN1965 = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "yi",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "’", "ю": "yu",
    "я": "ya", "'": "”", "’": "”", "ʼ": "”",
}

BE_NATIONAL = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d",
    "е": ("je", "ie"), "ё": ("jo", "io"), "ж": "ž", "з": "z", "і": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch",
    "ц": "c", "ч": "č", "ш": "š", "ы": "y", "ь": "", "э": "e",
    "ю": ("ju", "iu"), "я": ("ja", "ia"), "'": "", "’": "", "ʼ": "",
}
BE_SOFT = {"з": "ź", "л": "ĺ", "н": "ń", "с": "ś", "ц": "ć"}

BE_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "ye",
    "ё": "yo", "ж": "zh", "з": "z", "і": "i", "й": "y", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "w", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "ы": "y", "ь": "’", "э": "e", "ю": "yu", "я": "ya",
    "'": "”", "’": "”", "ʼ": "”",
}

BG_STREAMLINED = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya",
}

BG_BGN1952 = dict(BG_STREAMLINED, **{"х": "kh", "ъ": "ŭ", "ь": "’"})

SR_GAJ = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e",
    "ж": "ž", "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj",
    "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č",
    "џ": "dž", "ш": "š",
}

KK_BGN = dict(RU_BGN, **{
    "ә": "ä", "ғ": "gh", "е": "e", "ё": "yo", "и": "ī", "қ": "q",
    "ң": "ng", "ө": "ö", "у": "ū", "ұ": "u", "ү": "ü", "һ": "h", "і": "i",
    "ъ": "”", "ь": "’", "э": "ė",
})

KK_LATIN2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d",
    "е": "e", "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k",
    "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü",
    "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş",
    "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}
# Capitals that are not the plain uppercase of the lowercase form.
KK_LATIN2021_UPPER = {"и": "İ", "й": "İ", "і": "I"}

SYSTEMS = {
    ("ru", "bgn"): RU_BGN, ("ru", "iso9"): ISO9,
    ("uk", "bgn"): UK_BGN1965, ("uk", "iso9"): ISO9,
    ("uk", "national"): UK_NATIONAL,
    ("be", "bgn"): BE_BGN, ("be", "iso9"): ISO9,
    ("be", "national"): BE_NATIONAL,
    ("bg", "bgn"): BG_BGN1952, ("bg", "iso9"): ISO9,
    ("bg", "national"): BG_STREAMLINED,
    ("sr", "bgn"): SR_GAJ, ("sr", "iso9"): ISO9, ("sr", "national"): SR_GAJ,
    ("kk", "bgn"): KK_BGN, ("kk", "iso9"): ISO9,
    ("kk", "national"): KK_LATIN2021,
}


def _is_letter(ch):
    return ch.isalpha()


def _cap(out, upper, lower_src, table_upper=None):
    """Capitalise a romanised letter the way its Cyrillic capital asks."""
    if not upper or not out:
        return out
    if table_upper and lower_src in table_upper:
        return table_upper[lower_src]
    return out[0].upper() + out[1:]


def romanise(text, lang, system):
    """Romanise Cyrillic text with one system (SYSTEMS[(lang, system)]);
    characters that are not in its table pass through."""
    table = SYSTEMS[(lang, system)]
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        lo = ch.lower()
        prev = text[i - 1].lower() if i > 0 else ""
        nxt = text[i + 1].lower() if i + 1 < n else ""
        initial = prev == "" or not (_is_letter(prev) or prev in "'’ʼ")
        after_vowel = prev in CYR_VOWELS
        if lo not in table:
            out.append(ch)
            continue
        val = table[lo]
        # Context rules of each system.
        if (lang, system) == ("ru", "bgn") and lo in "её":
            if initial or after_vowel or prev in "йъь":
                val = "y" + val
        elif (lang, system) == ("uk", "national"):
            if isinstance(val, tuple):
                val = val[0] if initial else val[1]
            if lo == "г" and prev == "з":
                val = "gh"
        elif (lang, system) == ("be", "national"):
            if isinstance(val, tuple):
                val = val[0] if (initial or after_vowel or
                                 prev in "ь'’ʼў") else val[1]
            if lo in BE_SOFT and nxt == "ь":
                val = BE_SOFT[lo]
        elif (lang, system) == ("bg", "national"):
            if lo == "я" and prev == "и" and not _is_letter(nxt):
                val = "a"
        elif (lang, system) == ("kk", "national"):
            out.append(_cap(val, ch != lo, lo, KK_LATIN2021_UPPER))
            continue
        out.append(_cap(val, ch != lo, lo))
    return unicodedata.normalize("NFC", "".join(out))


# ---------------------------------------------------------------------------
# The cross-script key.

# The canonical transliteration of every Cyrillic letter, before folding.
# ё and ъ depend on context (see cyr_to_latin).
CYR_KEY = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d",
    "ђ": "dj", "ѓ": "gj", "е": "e", "є": "ye", "ж": "zh", "з": "z",
    "ѕ": "dz", "и": "i", "і": "i", "ї": "yi", "й": "y", "ј": "j", "к": "k",
    "ќ": "kj", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ch", "у": "u",
    "ў": "w", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "џ": "dzh",
    "ш": "sh", "щ": "shch", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o",
    "ұ": "u", "ү": "u", "һ": "h", "ӏ": "",
}

CYR_CONSONANTS = set("бвгґджзйклмнпрстфхцчшщђѓѕјќљњћџғқңһ")


def is_cyrillic(ch):
    return "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f"


def cyr_to_latin(word, opts):
    """Letter-by-letter transliteration of a lowercase Cyrillic word into
    the Latin spelling that fold() then reduces to the key."""
    out = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i > 0 else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "ё":
            # Russian press writes е for ё; after a consonant ё is "e" in
            # the key, as fold() turns yo/io/jo after a consonant into e.
            if prev in CYR_CONSONANTS and opts["io_e"]:
                out.append("e")
            else:
                out.append("yo")
        elif ch == "ъ":
            # Bulgarian ъ is a vowel (between consonants); Russian ъ is a
            # sign before е ё ю я.
            out.append("a" if nxt in CYR_CONSONANTS and opts["hard_a"]
                       else "")
        elif ch == "г" and opts.get("lang_h"):
            out.append("h")
        elif ch in CYR_KEY:
            out.append(CYR_KEY[ch])
        elif is_cyrillic(ch):
            out.append("")
        else:
            out.append(ch)
    return "".join(out)


# Combining marks that change which letter a Latin base stands for.
CARON, CIRCUMFLEX, ACUTE, GRAVE = "\u030c", "\u0302", "\u0301", "\u0300"
DIAERESIS, DOT_ABOVE, DOT_BELOW = "\u0308", "\u0307", "\u0323"
CEDILLA, COMMA_BELOW, BREVE, TILDE = "\u0327", "\u0326", "\u0306", "\u0303"

# Letters without a decomposition.
PLAIN = {"ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss",
         "ŋ": "N", "ħ": "h", "đ": "dj", "ɨ": "i", "ð": "d", "þ": "th"}

# Apostrophes, primes and soft-sign marks: dropped.  The double ones stand
# for ъ (BGN ” and ISO ʺ), which is a vowel between consonants in
# Bulgarian (Tʺrgoviŝe), so they get ъ's rule.
SIGNS = set("'’‘ʼʹ`´ʻ‛·") | {"\u02bd"}
HARD_SIGNS = set("ʺ”″\"“")

LATIN_VOWELS = set("aeiouy")


def resolve_marks(base, marks, prev_base):
    """Return the Latin letters that base + combining marks stand for in
    the romanisation systems of Cyrillic (ž = zh, ŝ = shch...).  A class
    that a digraph would spell ambiguously comes back as a capital,
    which fold() takes as that class: C = ch (č ć ç), J = zh (ž), X = sh
    (š ş), W = shch (ŝ), G = gh (ğ ǧ ġ), N = ng (ñ ņ)."""
    m = set(marks)
    if base == "z":
        if m & {CARON, DOT_ABOVE}:
            return "J"
        if CIRCUMFLEX in m:
            return "dz"
        return "z"
    if base == "s":
        if m & {CARON, CEDILLA, COMMA_BELOW}:
            return "X"
        if CIRCUMFLEX in m:
            return "W"
        return "s"
    if base == "c":
        return "C" if m & {CARON, ACUTE, CEDILLA} else "c"
    if base == "d":
        return "dJ" if m & {CIRCUMFLEX, CARON} else "d"
    if base == "g":
        if m & {BREVE, CARON, DOT_ABOVE}:
            return "G"
        if ACUTE in m:
            return "gj"
        return "g"
    if base == "n":
        if m & {TILDE, CEDILLA, COMMA_BELOW, DOT_BELOW}:
            return "N"
        if CIRCUMFLEX in m:
            return "nj"
        return "n"
    if base == "l":
        return "lj" if CIRCUMFLEX in m else "l"
    if base == "k":
        if ACUTE in m:
            return "kj"
        return "q" if m & {CEDILLA, COMMA_BELOW} else "k"
    if base == "i":
        return "yi" if DIAERESIS in m else "i"
    if base == "e":
        if CIRCUMFLEX in m:
            return "ye"
        if DIAERESIS in m:
            return "yo"
        return "e"
    if base == "a":
        return "ya" if CIRCUMFLEX in m else "a"
    if base == "u":
        if CIRCUMFLEX in m:
            return "yu"
        if BREVE in m or CARON in m:
            # Belarusian ў (after a vowel) or Bulgarian BGN ъ (before a
            # consonant).
            return "w" if prev_base in LATIN_VOWELS else "a"
        return "u"
    return base


def latin_letters(word, opts):
    """Lowercase Latin word -> plain ASCII letters (marks resolved,
    apostrophes and signs dropped, non-letters kept as they are)."""
    nfd = unicodedata.normalize("NFD", word)
    out = []
    i = 0
    n = len(nfd)
    ev = evidence(word)
    while i < n:
        ch = nfd[i]
        j = i + 1
        while j < n and unicodedata.combining(nfd[j]):
            j += 1
        marks = nfd[i + 1:j]
        if ch in SIGNS:
            pass
        elif ch in HARD_SIGNS:
            prev = out[-1][-1:] if out else ""
            nxt = nfd[j:j + 1]
            if (opts["hard_a"] and prev.isalpha() and
                    prev not in LATIN_VOWELS and nxt.isalpha() and
                    nxt.lower() not in LATIN_VOWELS):
                out.append("a")
        elif ch in PLAIN:
            out.append(PLAIN[ch])
        elif "a" <= ch <= "z":
            prev = out[-1][-1:] if out else ""
            out.append(resolve_marks(ch, marks, prev))
        else:
            out.append(ch)
        i = j
    return "".join(out), ev


CARON_LETTERS = set("čšž")
BELARUSIAN_U = re.compile("[aeiouy]ŭ")  # ў; Bulgarian BGN ŭ follows consonants
# Letters only ISO 9 (with its Kazakh letters) and Belarusian Latin use.
GLIDE_LETTERS = set("ŭĺśńźêâûìèǔʹʺķġņôùḥ")
GLIDE_SEQUENCES = ("a\u030b", "u\u0307")


def evidence(word):
    """What the letters of a Latin word tell about its system: (Slavic
    carons, ISO 9 or Belarusian marks)."""
    w = unicodedata.normalize("NFC", word)
    return (any(ch in CARON_LETTERS for ch in w) or
            BELARUSIAN_U.search(w) is not None,
            any(ch in GLIDE_LETTERS for ch in w) or
            any(seq in w for seq in GLIDE_SEQUENCES))


# Key alphabet: a b c d e f h i j k l m n o p r s t u v w x z (g with
# gh_merge off).  c = ts/ch/c, j = zh/ž/j, x = sh/š/ş, w = shch/ŝ/sht,
# h = kh/h/x (and g with gh_merge), i = i/y/j-glide.
def j_class(prev, nxt, glide_marks, opts):
    """The class of a Latin j: zh (Kazakh Latin Jañaözen, news Jomart,
    dj = đ = dzh, Kazakh Oljas) or the glide i (ISO 9 and Belarusian й:
    Sergej, Bajkal; after i: Sofija)."""
    if not opts["j_ctx"]:
        return "i" if prev in VOWEL_TOKS else "j"
    if prev == "d":
        return "j"
    if prev == "i":
        return "i"  # -ija, -yja: Sofija, Srbija, Maryja
    if prev in VOWEL_TOKS:
        if nxt and nxt in LATIN_VOWELS and not glide_marks:
            return "j"  # Kazakh ж between vowels: Mäjılıs, Majilis
        return "i"
    return "j"


VOWEL_TOKS = ("a", "e", "i", "o", "u")
MARKERS = {"C": "c", "J": "j", "X": "x", "W": "w", "G": "g", "N": "n"}


def fold(s, opts, slavic_carons=False, glide_marks=False):
    """Fold plain lowercase Latin letters into the key.  slavic_carons:
    the word had č š ž ŭ (so ch is х); glide_marks: it had a letter only
    ISO 9 or Belarusian Latin use (so j between vowels is й)."""
    toks = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        rest = s[i:i + 4]
        prev = toks[-1] if toks else ""
        if rest.startswith("tch") or rest.startswith("tsch"):
            toks.append("c")
            i += 3 if rest.startswith("tch") else 4
        elif rest.startswith("dzh"):
            toks.append("j")
            i += 3
        elif rest.startswith("ngh"):
            toks.append("n")  # n + gh (Imanghali), never ng + h
            i += 1
        elif rest.startswith("ng") and opts["ng_n"]:
            toks.append("n")
            i += 2
        elif rest.startswith("zh"):
            toks.append("j")
            i += 2
        elif rest.startswith("kh"):
            toks.append("h")
            i += 2
        elif rest.startswith("gh"):
            toks.append("g")
            i += 2
        elif rest.startswith("ch"):
            # Belarusian national (and Czech, Polish) ch is х; such words
            # carry their carons.
            toks.append("h" if slavic_carons else "c")
            i += 2
        elif rest.startswith("ts"):
            toks.append("c")
            i += 2
        elif rest.startswith("sh"):
            toks.append("x")
            i += 2
        elif rest.startswith("ph"):
            toks.append("f")
            i += 2
        elif c in MARKERS:
            if c == "N":
                toks.extend(["n"] if opts["ng_n"] else ["n", "g"])
            elif c == "J" and prev == "d":
                toks[-1] = "j"
            else:
                toks.append(MARKERS[c])
            i += 1
        elif c == "j":
            toks.append(j_class(prev, s[i + 1:i + 2], glide_marks, opts))
            if toks[-1] == "j" and prev == "d":
                toks.pop()
                toks[-1] = "j"
            i += 1
        elif c in "iy":
            toks.append("i")
            i += 1
        elif c == "q":
            toks.append("k")
            i += 1
        elif c == "x":
            if opts["x_ks"]:
                toks.extend(["k", "s"])
            else:
                toks.append("h")
            i += 1
        elif c == "w":
            toks.append("u" if opts["w_u"] else "v")
            i += 1
        elif c == "c":
            toks.append("c" if opts["c_ts"] else "k")
            i += 1
        elif c.isalpha():
            toks.append(c)
            i += 1
        else:
            i += 1
    if opts["gh_merge"]:
        toks = ["h" if t == "g" else t for t in toks]
    if opts["s_sh"]:
        toks = ["s" if t == "x" else t for t in toks]
    # Sequence rules.
    out = []
    for t in toks:
        prev = out[-1] if out else ""
        if prev == "x" and t in ("c", "t") and (t == "c" or opts["sht"]):
            out[-1] = "w"  # shch, šč, Bulgarian sht, šт = щ
            continue
        if t == "e" and prev == "i" and opts["ie_e"]:
            out.pop()
        elif t == "u" and prev == "o" and opts["ou_u"]:
            out.pop()
        elif (t == "o" and prev == "i" and opts["io_e"] and len(out) >= 2
              and out[-2] not in VOWEL_TOKS):
            out.pop()
            t = "e"
        if out and t == out[-1] and opts["single"]:
            continue
        out.append(t)
    return "".join(out)


DEFAULT_OPTS = {
    "gh_merge": True,  # g ~ h ~ kh (Ukrainian and Belarusian г = h)
    "ng_n": True,      # ng ~ n (Kazakh ң = ng, ñ, ņ; Russian press n)
    "x_ks": True,      # x = ks (Alexei, Yandex), not kh
    "w_u": True,       # w = u (Belarusian ў = w, ŭ, u)
    "c_ts": True,      # c = ts = ch (Vucic, Vučić, Вучић)
    "ie_e": True,      # ye/ie/je = e (Tokayev, Tokaev)
    "io_e": True,      # yo/io/jo after a consonant = e (Gorbachyov)
    "ou_u": False,     # ou = u (Rousse): more false matches than recall
    "sht": True,       # Bulgarian sht = shch (щ)
    "hard_a": True,    # ъ between consonants = a (Bulgarian)
    "single": True,    # doubled letters once (Kassym, Zelenskyy)
    "s_sh": False,     # s ~ sh (news Serbian without diacritics: Milosevic)
    "lang_h": False,   # Ukrainian/Belarusian г = h by the article language
    "j_ctx": True,     # j by context (else: glide after a vowel, zh)
    "evidence": True,  # carons/ISO marks in the word decide ch and j
    "stop": False,     # the function words of dl_lang.c get no key
    "min_key": 3,      # words whose key is shorter get no key (no/но)
    "index_cap_below": 5,  # indexed words with a shorter key get one only
                           # when capitalised (names); the query side
                           # keys every word
    "index_all": (),   # languages whose words are all indexed with a key
}

# Function words (common/dl_lang.c, the language detector's lists), read
# by load_stopwords(); words in them get no key when opts["stop"].
STOPWORDS = set()


def load_stopwords(path):
    """Read the function-word lists of dl_lang.c (the C string literals
    of its fwords[] table).  Returns the number of words, 0 when absent."""
    try:
        with open(path, encoding="utf-8") as f:
            src = f.read()
    except OSError:
        return 0
    start = src.find("fwords[")
    end = src.find("};", start)
    if start < 0 or end < 0:
        return 0
    for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', src[start:end]):
        STOPWORDS.update(lit.split())
    return len(STOPWORDS)


def key(word, opts=None, lang=None):
    """The cross-script key of one word (any script, any case).
    lang is the word's language when known (only lang_h uses it)."""
    opts = opts or DEFAULT_OPTS
    w = unicodedata.normalize("NFC", word).lower()
    if opts["stop"] and w in STOPWORDS:
        return ""
    if any(is_cyrillic(ch) for ch in w):
        o = opts
        if opts.get("lang_h") and lang not in ("uk", "be"):
            o = dict(opts, lang_h=False)
        w = cyr_to_latin(w, o)
    if w.isascii() and '"' not in w:
        letters, ev = w, (False, False)  # fast path: nothing to resolve
    else:
        letters, ev = latin_letters(w, opts)
    if not opts["evidence"]:
        ev = (False, False)
    k = fold(letters, opts, ev[0], ev[1])
    return k if len(k) >= opts["min_key"] else ""


# A name's words: split on spaces and hyphens, as the tokenizer does (it
# also indexes a hyphenated name joined, Nur-Sultan -> nursultan).
WORD_RE = re.compile(r"[^\s\-‐‑–—]+")


def name_keys(form, opts, lang=None):
    """(keys of the parts, keys of the hyphen groups joined)."""
    parts = []
    joined = []
    for group in form.split():
        ks = [key(p, opts, lang) for p in WORD_RE.findall(group)]
        ks = [k for k in ks if k]
        parts.extend(ks)
        joined.append(key("".join(WORD_RE.findall(group)), opts, lang))
    return tuple(parts), tuple(j for j in joined if j)


def forms_meet(a, b):
    """Two forms meet when their words have the same keys, or their
    hyphen groups joined do; a form whose words all lost their key (too
    short, function words) meets nothing."""
    return bool(a[0]) and (a[0] == b[0] or a[1] == b[1])


# ---------------------------------------------------------------------------
# Data files.

NAMES_COLS = ["id", "country", "kind", "lang", "cyrillic", "cyrillic_ru",
              "news", "bgn", "iso9", "national", "variants"]
LATIN_COLS = ["news", "bgn", "iso9", "national", "variants"]


def read_tsv(path, cols):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != cols:
            sys.exit("%s: header is %r, expected %r" % (path, header, cols))
        for lineno, line in enumerate(f, 2):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != len(cols):
                sys.exit("%s:%d: %d fields, expected %d" %
                         (path, lineno, len(fields), len(cols)))
            rows.append(dict(zip(cols, fields), _line=lineno))
    return rows


def fill(path):
    """Fill the empty bgn/iso9/national cells of a names file in place."""
    rows = read_tsv(path, NAMES_COLS)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\t".join(NAMES_COLS) + "\n")
        for r in rows:
            for col in ("bgn", "iso9", "national"):
                if not r[col] and (r["lang"], col) in SYSTEMS:
                    r[col] = romanise(r["cyrillic"], r["lang"], col)
            f.write("\t".join(r[c] for c in NAMES_COLS) + "\n")


def check(rows):
    diffs = 0
    for r in rows:
        for col in ("bgn", "iso9", "national"):
            if (r["lang"], col) not in SYSTEMS:
                if r[col]:
                    print("line %d: %s given for lang %s" %
                          (r["_line"], col, r["lang"]))
                    diffs += 1
                continue
            want = romanise(r["cyrillic"], r["lang"], col)
            if r[col] != want:
                print("line %d %s: %s has %r, the system gives %r" %
                      (r["_line"], r["cyrillic"], col, r[col], want))
                diffs += 1
    print("%d cell(s) differ from the romanisers" % diffs)


def row_forms(r):
    """(system, form) pairs of a row's Latin forms."""
    out = []
    for col in LATIN_COLS:
        if col == "variants":
            for v in r[col].split("|"):
                if v.strip():
                    out.append((col, v.strip()))
        elif r[col]:
            out.append((col, r[col]))
    return out


def recall(rows, opts, verbose=False):
    """Per system: rows whose form meets the key of a Cyrillic form, and
    the misses.  Returns {system: (met, total, [misses])}."""
    res = collections.OrderedDict()
    for col in LATIN_COLS + ["all"]:
        res[col] = [0, 0, []]
    for r in rows:
        cyr = [name_keys(r["cyrillic"], opts, r["lang"])]
        if r["cyrillic_ru"]:
            cyr.append(name_keys(r["cyrillic_ru"], opts, "ru"))
        by_col = collections.defaultdict(list)
        for col, form in row_forms(r):
            ok = any(forms_meet(name_keys(form, opts), c) for c in cyr)
            by_col[col].append((ok, form))
        every = True
        for col, results in by_col.items():
            ok = all(x[0] for x in results)
            every = every and ok
            res[col][1] += 1
            if ok:
                res[col][0] += 1
            else:
                bad = [f for good, f in results if not good]
                res[col][2].append((r["id"], r["cyrillic"], col, bad))
        res["all"][1] += 1
        if every:
            res["all"][0] += 1
    return res


def kinds_count(rows):
    c = collections.Counter(r["country"] for r in rows)
    k = collections.Counter(r["kind"] for r in rows)
    multi = sum(1 for r in rows if re.search(r"[\s\-]", r["cyrillic"]))
    return c, k, multi


# ---------------------------------------------------------------------------
# False matches.

_ROMANISED = {}


def romanisations(cyr_word):
    """Every system's romanisation of a Cyrillic word, as plain ASCII
    letters (to tell a transliteration from a false match)."""
    out = _ROMANISED.get(cyr_word)
    if out is None:
        out = {plain(romanise(cyr_word, lang, system))
               for (lang, system) in SYSTEMS}
        _ROMANISED[cyr_word] = out
    return out


def plain(word):
    nfd = unicodedata.normalize("NFD", word.lower())
    s = "".join(ch for ch in nfd if not unicodedata.combining(ch))
    s = "".join(PLAIN.get(ch, ch) for ch in s)
    return "".join(ch for ch in s if ch.isalpha())


def key_index(words, opts):
    """{key: [words]} of a word list as the index would hold it: a word
    whose key is shorter than opts["index_cap_below"] is indexed with
    its key only when capitalised at least half the time (a name)."""
    by_key = collections.defaultdict(list)
    for w, info in words.items():
        k = key(w, opts)
        if k and (len(k) >= opts["index_cap_below"] or info[1] >= 0.5 or
                  info[2] in opts["index_all"]):
            by_key[k].append(w)
    return by_key


def same_word(lw, lat_info, cw, cyr_info, names):
    """Is the Latin word lw the Cyrillic word cw in the other script (a
    transliteration, not a false match)?  info = (count, capitalised
    share, language or None).  Rules, in order:
      - a Kazakh Latin word (common-words.tsv) is the same word as the
        Cyrillic word it spells in the 2021 alphabet, and no other;
      - a name: with names (corpus words), both words are capitalised at
        least half the time in their corpora;
      - a loanword: the Latin word is spelt as one of the systems
        romanises the Cyrillic word, and has 5 letters or more (shorter
        equal spellings are mostly accidents: no/но, to/то, net/нет)."""
    if lat_info[2] == "kk-Latn":
        return plain(lw) == plain(romanise(cw, "kk", "national"))
    if names and lat_info[1] >= 0.5 and cyr_info[1] >= 0.5:
        return True
    p = plain(lw)
    return len(p) >= 5 and p in romanisations(cw)


def false_matches(latin, cyrillic, opts, names=False, index=None):
    """latin, cyrillic: {word: (count, capitalised share, language)};
    index: the key_index of cyrillic when already built.  Returns
    (colliding Latin words, how many of them meet the same word,
    [(Latin word meeting only other words, [those Cyrillic words])])."""
    by_key = index if index is not None else key_index(cyrillic, opts)
    colliding = 0
    translit = 0
    false = []
    for w in latin:
        k = key(w, opts)
        if not k or k not in by_key:
            continue
        colliding += 1
        cands = by_key[k]
        if any(same_word(w, latin[w], c, cyrillic[c], names)
               for c in cands):
            translit += 1
        else:
            false.append((w, cands))
    return colliding, translit, false


# Words: runs of letters (with marks) and inner apostrophes.
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def count_words(paths, script, counts=None):
    """Count the words of one script in the files; counts maps lowercase
    word -> [count, capitalised count]."""
    counts = counts if counts is not None else {}
    raw = collections.Counter()
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                raw.update(TOKEN_RE.findall(f.read()))
        except OSError as e:
            print("skipped %s: %s" % (path, e), file=sys.stderr)
    for w, n in raw.items():
        first = unicodedata.normalize("NFD", w[0].lower())[0]
        if script == "cyr":
            if not is_cyrillic(first):
                continue
        elif not "a" <= first <= "z":
            continue
        lo = w.lower()
        c = counts.get(lo)
        if c is None:
            c = counts[lo] = [0, 0]
        c[0] += n
        if w[0].isupper():
            c[1] += n
    return counts


def top(counts, n, lang=None):
    items = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:n]
    return {w: (c[0], c[1] / c[0], lang) for w, c in items}


def files_under(root, suffix=".txt"):
    out = []
    for d, _, fs in os.walk(root):
        out.extend(os.path.join(d, f) for f in fs if f.endswith(suffix))
    return sorted(out)


def kaznerd_files(root):
    """KazNERD is one TSV of sentences; its second column is the text."""
    path = os.path.join(root, "kaznerd", "kaznerd_sentences.tsv")
    return [path] if os.path.exists(path) else []


def corpus_lists(root, n):
    """{name: {word: (count, cap share)}} for the corpora, or None."""
    if not os.path.isdir(root):
        return None
    sets = {
        "en": ("lat", [os.path.join(root, "reuters21578", "txt"),
                       os.path.join(root, "bbc")]),
        "fr": ("lat", [os.path.join(root, "wikinews-fr")]),
        "ru": ("cyr", [os.path.join(root, "slavicner", "ru"),
                       os.path.join(root, "factruEval")]),
        "uk": ("cyr", [os.path.join(root, "slavicner", "uk")]),
        "bg": ("cyr", [os.path.join(root, "slavicner", "bg")]),
        "kk": ("cyr", [os.path.join(root, "kaznerd")]),
    }
    out = {}
    for name, (script, dirs) in sets.items():
        paths = []
        for d in dirs:
            if name == "kk":
                paths.extend(kaznerd_files(root))
            else:
                paths.extend(files_under(d))
        if not paths:
            print("corpus %s: no files under %s" % (name, dirs))
            continue
        out[name] = top(count_words(paths, script), n, name)
    return out


# ---------------------------------------------------------------------------
# Reports.

def print_recall(rows, opts, show_misses):
    res = recall(rows, opts)
    for col, (met, total, misses) in res.items():
        pct = 100.0 * met / total if total else 0.0
        print("  %-9s %3d / %3d  %5.1f%%" % (col, met, total, pct))
    if show_misses:
        for col, (met, total, misses) in res.items():
            for rid, cyr, c, bad in misses:
                print("    miss %s %s [%s]: %s" % (rid, cyr, c,
                                                   " | ".join(bad)))
    return res


def common_words(path):
    rows = read_tsv(path, ["word", "lang"])
    lat = {}
    cyr = {}
    for r in rows:
        w = r["word"].lower()
        if any(is_cyrillic(ch) for ch in w):
            cyr[w] = (1, 0.0, r["lang"])
        else:
            lat[w] = (1, 0.0, r["lang"])
    return rows, lat, cyr


def kk_common_recall(cw_rows, cw_lat, opts):
    """How many Kazakh Latin common words meet their Cyrillic spelling
    (as an index of Kazakh Cyrillic text would hold it)."""
    kk_cyr = {r["word"]: (1, 0.0, "kk") for r in cw_rows if r["lang"] == "kk"}
    index = key_index(kk_cyr, opts)
    kk_lat = [w for w, v in cw_lat.items() if v[2] == "kk-Latn"]
    met = sum(1 for w in kk_lat
              if any(same_word(w, cw_lat[w], c, kk_cyr[c], False)
                     for c in index.get(key(w, opts), [])))
    return met, len(kk_lat)


def report_false(label, lat, cyr, opts, sample, names, index=None):
    coll, tr, false = false_matches(lat, cyr, opts, names, index)
    per1000 = 1000.0 * len(false) / len(lat) if lat else 0.0
    print("  %-34s %6d Latin words: %5d keys met, %4d the same word, "
          "%4d false = %.1f per 1,000" %
          (label, len(lat), coll, tr, len(false), per1000))
    if sample:
        shown = sorted(false, key=lambda x: -lat[x[0]][0])[:sample]
        print("    " + ", ".join("%s~%s" % (w, "/".join(c[:2]))
                                  for w, c in shown))
    return len(false), per1000


VARIANTS = [
    ("default", {}),
    ("no g~h merge", {"gh_merge": False}),
    ("g=h by language (uk/be)", {"gh_merge": False, "lang_h": True}),
    ("no ng~n", {"ng_n": False}),
    ("x = kh", {"x_ks": False}),
    ("w = v", {"w_u": False}),
    ("c = k (ch, ts apart)", {"c_ts": False}),
    ("no ye~e", {"ie_e": False}),
    ("no yo~e", {"io_e": False}),
    ("no doubled~single", {"single": False}),
    ("plus s~sh", {"s_sh": True}),
    ("plus ou~u", {"ou_u": True}),
    ("no key: function words", {"stop": True}),
    ("every word keyed", {"min_key": 1, "index_cap_below": 0}),
    ("key 3+, all indexed", {"index_cap_below": 0}),
    ("key 4+, all indexed", {"min_key": 4, "index_cap_below": 0}),
    ("key 3+, fn words none", {"index_cap_below": 0, "stop": True}),
    ("key 3+, index names only", {"index_cap_below": 99}),
    ("default, kk all words", {"index_all": ("kk",)}),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top_dir = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(top_dir, "tests", "data",
                                                   "xscript"))
    ap.add_argument("--corpora", default=os.environ.get(
        "DL_CORPORA", os.path.join(os.path.dirname(top_dir), "shared",
                                   "corpora")))
    ap.add_argument("--top", type=int, default=20000)
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--misses", action="store_true",
                    help="list every row that misses")
    ap.add_argument("--variants", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--key", nargs="+")
    ap.add_argument("--romanise", nargs="+")
    ap.add_argument("--fill")
    a = ap.parse_args()

    if a.key:
        for w in a.key:
            print("%s\t%s" % (w, key(w)))
        return 0
    if a.romanise:
        lang, system = a.romanise[0], a.romanise[1]
        for w in a.romanise[2:]:
            print("%s\t%s" % (w, romanise(w, lang, system)))
        return 0
    if a.fill:
        fill(a.fill)
        return 0

    t0 = time.time()
    nstop = load_stopwords(os.path.join(top_dir, "common", "dl_lang.c"))
    rows = read_tsv(os.path.join(a.data, "names.tsv"), NAMES_COLS)
    if a.check:
        check(rows)
        return 0
    by_country, by_kind, multi = kinds_count(rows)
    print("names.tsv: %d rows; %s; %s; %d multi-word" % (
        len(rows), " ".join("%s %d" % kv for kv in sorted(by_country.items())),
        " ".join("%s %d" % kv for kv in sorted(by_kind.items())), multi))
    print("recall (rows whose form meets the key of a Cyrillic form):")
    print_recall(rows, DEFAULT_OPTS, a.misses)
    line = []
    for cc in sorted(by_country):
        sub = [r for r in rows if r["country"] == cc]
        met, total, _ = recall(sub, DEFAULT_OPTS)["all"]
        line.append("%s %d/%d" % (cc, met, total))
    print("  every form of the row, by country: " + ", ".join(line))

    infl = read_tsv(os.path.join(a.data, "inflected.tsv"),
                    ["base", "inflected", "case"])
    prefix = sum(1 for r in infl
                 if key(r["inflected"]).startswith(key(r["base"])))
    print("inflected.tsv: %d rows; the base key is a prefix of the "
          "inflected form's key in %d (the rest need the stemmer)" %
          (len(infl), prefix))

    cw_rows, cw_lat, cw_cyr = common_words(
        os.path.join(a.data, "common-words.tsv"))
    print("common-words.tsv: %d words (%d Latin, %d Cyrillic)" %
          (len(cw_rows), len(cw_lat), len(cw_cyr)))
    met, total = kk_common_recall(cw_rows, cw_lat, DEFAULT_OPTS)
    print("Kazakh Latin common words meeting their Cyrillic spelling: "
          "%d / %d (words with a key under %d letters are indexed only "
          "when capitalised)" % (met, total,
                                 DEFAULT_OPTS["index_cap_below"]))
    print("false matches:")
    report_false("common Latin ~ common Cyrillic", cw_lat, cw_cyr,
                 DEFAULT_OPTS, a.sample, False)

    lists = corpus_lists(a.corpora, a.top)
    if lists is None:
        print("corpora: %s absent, corpus measurement skipped" % a.corpora)
    else:
        cyr_all = {}
        for name in ("ru", "uk", "kk", "bg"):
            for w, v in lists.get(name, {}).items():
                if w not in cyr_all or cyr_all[w][0] < v[0]:
                    cyr_all[w] = v
        cw_cyr_all = dict(cyr_all)
        for w, v in cw_cyr.items():
            cw_cyr_all.setdefault(w, v)
        report_false("common Latin ~ corpus Cyrillic", cw_lat, cw_cyr_all,
                     DEFAULT_OPTS, a.sample, False)
        index = key_index(cyr_all, DEFAULT_OPTS)
        for name in ("en", "fr"):
            if name in lists:
                report_false("corpus %s (top %d) ~ corpus Cyrillic" %
                             (name, a.top), lists[name], cyr_all,
                             DEFAULT_OPTS, a.sample, True, index)
        print("  (Cyrillic: %s)" % ", ".join(
            "%s %d words" % (n, len(lists[n])) for n in ("ru", "uk", "kk",
                                                         "bg") if n in lists))

    if a.variants:
        print("\nvariants of the folding (recall of all forms; false "
              "matches per 1,000 Latin words):")
        print("  %-26s %7s %7s %7s %7s %7s %6s  %8s %8s %8s" % (
            "variant", "news", "bgn", "iso9", "nation", "variant",
            "kk-Lat", "common", "en", "fr"))
        for label, change in VARIANTS:
            opts = dict(DEFAULT_OPTS, **change)
            res = recall(rows, opts)
            cols = ["%6.1f%%" % (100.0 * res[c][0] / res[c][1])
                    for c in LATIN_COLS]
            kk_met, kk_total = kk_common_recall(cw_rows, cw_lat, opts)
            cols.append("%3d/%d" % (kk_met, kk_total))
            fm = ["%8.1f" % (1000.0 * len(false_matches(
                cw_lat, cw_cyr, opts)[2]) / len(cw_lat))]
            if lists is not None:
                index = key_index(cyr_all, opts)
                for name in ("en", "fr"):
                    lat = lists.get(name, {})
                    f = false_matches(lat, cyr_all, opts, True, index)[2]
                    fm.append("%8.1f" % (1000.0 * len(f) / max(1, len(lat))))
            print("  %-26s %s  %s" % (label, " ".join(cols), " ".join(fm)))
    print("time: %.1f s" % (time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
