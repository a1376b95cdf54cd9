"""The features texts are compared by (stems, prefixes, name keys), and plain {term: weight} vectors.

Whole batches are weighed as sparse matrices in tfidf.py; the dict vectors here serve the few places that
compare a handful of texts one by one (a summary's sentences against those already chosen).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import chain
from operator import attrgetter, mul
from typing import NamedTuple

from bot.condense.lexicon import STOPWORDS, UBIQUITOUS_NAME_PREFIXES
from bot.condense.names import first_vowel, name_key
from bot.condense.text import content_words, number_form, stem, words

Vector = dict[str, float]

PREFIX = 5
# A ubiquitous name's term (see lexicon.UBIQUITOUS_NAME_PREFIXES): weighed like a name within a language,
# never an anchor across languages.
WEAK_NAME = "@="
# Years are in every report ("у 2020 році", "since 2022"): two reports sharing one prove nothing.
_VOWEL_LETTERS = frozenset("aeiouy")
_YEAR = re.compile(r"(?:19\d\d|20\d\d|2100)(?!\d)")
# Number words after a number ("3 тисячі", "1,5 млн", "2 billion"): with them, "3 тисячі" meets "3,000".
_SCALES: dict[str, int] = {
    **dict.fromkeys(
        ("thousand", "thousands", "тисяча", "тисячі", "тисяч", "тисячу", "тис", "тысяча", "тысячи", "тысяч", "тысячу",
         "тыс"),
        10**3,
    ),
    **dict.fromkeys(
        ("million", "millions", "mln", "мільйон", "мільйона", "мільйони", "мільйонів", "млн", "миллион", "миллиона",
         "миллионов"),
        10**6,
    ),
    **dict.fromkeys(
        ("billion", "billions", "bn", "мільярд", "мільярда", "мільярди", "мільярдів", "млрд", "миллиард",
         "миллиарда", "миллиардов"),
        10**9,
    ),
}


def features(text: str) -> list[str]:
    """Stems of content words, "~prefix" of long words, and "@key" skeletons of capitalised words.

    The 5-letter prefixes catch derivations the light stemmer keeps apart (наступ/наступальний,
    вторгнення/вторгся); the skeletons let names match across scripts.
    """
    return terms_of(list(map(word_forms, words(text))))


class WordForms(NamedTuple):
    lowered: str  # lower-cased, numbers normalised (see text.tokens)
    terms: tuple[str, ...]  # the word's features


def terms_of(forms: Sequence[WordForms]) -> list[str]:
    """The features of a text already split into words and mapped through word_forms."""
    terms = list(chain.from_iterable(map(_TERMS, forms)))
    if _SCALE_MARK in terms:  # rare, and found at C speed: only then are the words looked at in pairs
        terms = [t for t in terms if t != _SCALE_MARK]
        lowered = [f.lowered for f in forms]
        terms += filter(None, map(scaled_number, lowered, lowered[1:]))
    return terms


@lru_cache(maxsize=10_000)
def scaled_number(number: str, scale_word: str) -> str:
    """ "3" and "тисячі" -> "3000", "1.5" and "млн" -> "1500000"; "" when the pair is no number and scale, or
    when the number is a year ("з 2014 тисячі людей": the year ends one clause, the count starts the next)."""
    scale = _SCALES.get(scale_word)
    if scale is None or not number[0].isdigit() or _YEAR.fullmatch(number):
        return ""
    try:
        value = Decimal(number) * scale  # exact: 16.1 thousand is 16100, not 16100.000000000002
    except InvalidOperation:  # "3.000.000"-like leftovers
        return ""
    return str(value.normalize()) if value != value.to_integral_value() else str(int(value))


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> WordForms:
    """Everything the engine derives from one word (original case), worked out once per distinct word:
    stop list, stemming and transliteration become one lookup."""
    lowered = number_form(word.lower())
    terms = _word_terms(lowered)
    name = _name_term(word, lowered)
    if lowered in _SCALES:
        terms = (*terms, _SCALE_MARK)
    return WordForms(lowered, (*terms, name) if name else terms)


_TERMS = attrgetter("terms")
_SCALE_MARK = "×"  # among a scale word's terms, so that terms_of notices one without looking at every word


def _word_terms(lowered: str) -> tuple[str, ...]:
    if not content_words((lowered,)):
        return ()
    return (stem(lowered), "~" + lowered[:PREFIX]) if len(lowered) > PREFIX else (stem(lowered),)


def _name_term(word: str, lowered: str) -> str:
    # A capitalised stop word opens a sentence ("Без", "The"); it names nothing.
    if not word[0].isupper() or len(word) < 3 or lowered in STOPWORDS:
        return ""
    key = name_key(word)
    if len(key) == 2:
        # Two-letter skeletons (Kyiv, Lviv, Sumy) are too common alone; the first vowel tells Kyiv from "Кава".
        # Skeletons keep no later vowels, so the vowel at the end marks these keys (see is_short_name).
        key += first_vowel(word)
    if len(key) < 3:
        return ""
    return (WEAK_NAME if lowered.startswith(UBIQUITOUS_NAME_PREFIXES) else "@") + key[:6]


def similarity(u: Vector, v: Vector) -> float:
    """Cosine of two normalised vectors: the product's one measure of "about the same thing"."""
    if len(u) > len(v):
        u, v = v, u
    shared = list(filter(v.__contains__, u))
    return sum(map(mul, map(u.__getitem__, shared), map(v.__getitem__, shared)))


@lru_cache(maxsize=200_000)
def is_anchor(term: str) -> bool:
    """Whether a feature means the same in every language and tells one event from another: a name key or a
    number, but not a year or a ubiquitous name."""
    if term[0] == "@":
        return not term.startswith(WEAK_NAME)
    return term[0].isdigit() and _YEAR.match(term) is None


@lru_cache(maxsize=200_000)
def is_short_name(term: str) -> bool:
    """Whether an anchor is a name of two consonants and a vowel (Kyiv, Rada): it matches across languages,
    but so many names share it that it does not count as a piece of evidence of its own."""
    return term[0] == "@" and term[-1] in _VOWEL_LETTERS
