"""Language-independent keys for names, so "Kursk", "Курськ" and "Курск" meet.

A key is a consonant skeleton: Ukrainian, Russian and English spellings of one place differ mostly in vowels
(Харків / Харьков / Kharkiv) and in г = h / g, so the skeleton keeps the first letter, drops later vowels,
merges h/g and collapses doubled letters (Запоріжжя / Zaporizhzhia).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

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


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """The consonant skeleton of one word (lower-cased input expected)."""
    word = word.lower()
    if not word:
        return ""
    if any("а" <= ch <= "я" or ch in "іїєґё" for ch in word):
        latin = "".join(_CYR.get(ch, ch if ch.isascii() else "") for ch in word)
    else:
        latin = word
        for src, dst in _LATIN_DIGRAPHS:
            latin = latin.replace(src, dst)
    latin = re.sub(r"[^a-z0-9]", "", latin)
    if not latin:
        return ""
    skeleton = latin[0] + "".join(ch for ch in latin[1:] if ch not in _VOWELS)
    return _DOUBLE.sub(r"\1", skeleton)


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


# A word opening a sentence (or a clause after a colon), past any opening quotes or brackets.
_OPENER = re.compile(r"(?:^|[.!?…:]\s+)[\"'«„“‘(\[]*([^\W\d_][\w'’ʼ-]*)", re.MULTILINE)
TITLE_CASE_SHARE = 0.6


def ordinary_openers(title_words: Sequence[str], text: str, text_words: Sequence[str]) -> set[str]:
    """Capitalised words of an article that only ever open a sentence ("Fires broke out", "Уночі Росія ...").

    Their capital says nothing, while a name also shows up capitalised mid-sentence; treating "Fires" or
    "Атака" as names would give a report anchors no report in another language can share. A Title Case
    headline ("Drone Attack On Kyiv") counts as all openers.
    """
    openers = Counter(_OPENER.findall(text))
    long_words = [w for w in title_words if len(w) > 3]
    title_case = len(long_words) > 1 and sum(w[0].isupper() for w in long_words) >= TITLE_CASE_SHARE * len(long_words)
    openers.update(title_words if title_case else title_words[:1])
    seen = Counter(title_words)
    seen.update(text_words)
    return {w for w, n in openers.items() if w[0].isupper() and seen[w] <= n}
