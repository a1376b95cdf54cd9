"""Language-independent keys for names, so "Kursk", "Курськ" and "Курск" meet.

A key is a consonant skeleton: Ukrainian, Russian and English spellings of one place differ mostly in vowels
(Харків / Харьков / Kharkiv) and in г = h / g, so the skeleton keeps the first letter, drops later vowels,
merges h/g and collapses doubled letters (Запоріжжя / Zaporizhzhia).

Which capitalised words are names at all is told here too: a capital that only ever opens a sentence
("Fires broke out") may belong to an ordinary word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from bot.condense.lexicon import STOPWORDS

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ё": "e", "ж": "j",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "c", "ч": "c", "ш": "s",
    "щ": "sc", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "u", "я": "a", "'": "", "’": "", "ʼ": "",
}
# English spellings of Slavic names, longest first, mapped to the same letters as the Cyrillic table.
_LATIN_DIGRAPHS = (
    ("shch", "sc"), ("sch", "sc"), ("zh", "j"), ("kh", "x"), ("ts", "c"), ("tz", "c"), ("ch", "c"),
    ("sh", "s"), ("ya", "a"), ("yu", "u"), ("ye", "e"), ("yi", "i"), ("ia", "a"), ("iu", "u"), ("ie", "e"),
    ("w", "v"), ("q", "k"), ("h", "g"),
)
_VOWELS = frozenset("aeiouy")
_DOUBLE = re.compile(r"(.)\1+")
# A bare Latin c is an English spelling: s before e, i, y (Iceland, Ісландія), else k (Crimea, Крим).
_LATIN_C = re.compile(r"c(?![hz])")
_POSSESSIVE = re.compile(r"['’ʼ]s$")
# Case endings that carry a consonant (Зеленського, Донецьком, Сирським): without them the skeleton is the
# name's own. Only where at least CASE_STEM letters remain, so that Львов and Іванов keep theirs.
_CASE_ENDINGS = re.compile(r"(?:ого|его|ому|ему|ими|ыми|ами|ями|ом|ем|им|ым|ах|ях|их|ых)$")
CASE_STEM = 5


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """The consonant skeleton of one word (lower-cased input expected)."""
    word = word.lower()
    if not word:
        return ""
    if any("а" <= ch <= "я" or ch in "іїєґё" for ch in word):
        ending = _CASE_ENDINGS.search(word)
        if ending and ending.start() >= CASE_STEM:
            word = word[: ending.start()]
        latin = "".join(_CYR.get(ch, ch if ch.isascii() else "") for ch in word)
    else:
        latin = _LATIN_C.sub(_c_sound, _POSSESSIVE.sub("", word))
        for src, dst in _LATIN_DIGRAPHS:
            latin = latin.replace(src, dst)
    latin = re.sub(r"[^a-z0-9]", "", latin)
    if not latin:
        return ""
    skeleton = latin[0] + "".join(ch for ch in latin[1:] if ch not in _VOWELS)
    return _DOUBLE.sub(r"\1", skeleton)


def _c_sound(match: re.Match[str]) -> str:
    following = match.string[match.end() : match.end() + 1]
    return "s" if following in ("e", "i", "y") else "k"


def key_variants(key: str) -> tuple[str, ...]:
    """A place's key plus the keys its region noun shares, both ways.

    Курськ <-> Курщина (sk <-> sc+n), Донецьк <-> Донеччина (ck <-> c+n), Харків <- Харківщина.
    """
    variants = [key]
    if key.endswith("ck"):
        variants.append(key[:-2] + "c")
    elif key.endswith("sk"):
        variants.append(key[:-2] + "sc")
    elif key.endswith("scn"):
        variants += [key[:-3] + "sk", key[:-3]]
    elif key.endswith("cn"):
        variants.append(key[:-2] + "ck")
    return tuple(variants)


_VOWEL_CLASS = str.maketrans("yиіїыеєёэяюаоу", "iiiiieeeeauaou")


def first_vowel(word: str) -> str:
    """The first vowel of a word, with Cyrillic and Latin spellings mapped together (Київ, Kyiv, Киев: i).

    Two-letter skeletons are too common to match on their own; this tells Kyiv from "кава"."""
    for ch in word.lower().translate(_VOWEL_CLASS):
        if ch in _VOWELS:
            return ch
    return ""


# A word opening a sentence (or a clause after a colon), past any opening quotes or brackets. Paragraphs
# nearly always end in a full stop, so only the text's first word needs a look of its own.
_OPENER = re.compile(r"[.!?…:]\s+[\"'«„“‘(\[]*([^\W\d_][\w'’ʼ-]*)")
_FIRST_WORD = re.compile(r"\s*[\"'«„“‘(\[]*([^\W\d_][\w'’ʼ-]*)")
TITLE_CASE_WORDS = 4


def openers(title_words: Sequence[str], text: str) -> Counter[str]:
    """How often each word opens a sentence of an article's title (as words) and text. English Title Case
    headlines ("Drone Attack On Kyiv") capitalise every word, so there every word counts as an opener."""
    opening = Counter(_OPENER.findall(text))
    first = _FIRST_WORD.match(text)
    if first:
        opening[first.group(1)] += 1
    opening.update(title_words if _title_case(title_words) else title_words[:1])
    return opening


def maybe_ordinary(opening: Counter[str]) -> set[str]:
    """The openers (see openers) whose capital may mean nothing: acronyms (ЗСУ, ISW) are names wherever they
    stand, and capitalised stop words make no name anyway."""
    return {w for w in opening if w[:1].isupper() and not w.isupper() and w.lower() not in STOPWORDS}


def capitalised_inside(suspects: set[str], opening: Counter[str], words: Sequence[str]) -> set[str]:
    """Those of `suspects` that an article (its openers, see openers, and all its words) has mid-sentence."""
    hits = suspects.intersection(words)
    return {w for w in hits if w not in opening or words.count(w) > opening[w]}


def _title_case(title_words: Sequence[str]) -> bool:
    """Whether every content word of a headline is capitalised (English style: "Drone Attack on Kyiv Injures
    Five"); "Zelensky visits Kharkiv" is not Title Case, however many names it has."""
    if not title_words or not title_words[0][:1].isascii():
        return False  # Cyrillic headlines are never written in Title Case
    content = [w for w in title_words if len(w) > 3 and w.lower() not in STOPWORDS]
    return len(content) >= TITLE_CASE_WORDS and all(w[0].isupper() for w in content)
