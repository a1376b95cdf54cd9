"""How much checkable fact a sentence carries (numbers, areas, named places and who said so), and which:
the numbers and named sources a summary must not repeat and should take from every outlet."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.condense.lexicon import (
    AREA_MARKS,
    ATTRIBUTION_MARKS,
    KEY_FIGURE_UNITS,
    MONTH_PREFIXES,
    SAYING_EN_INVERTED,
    SAYING_PREFIXES_CYRILLIC,
    SAYING_WORDS_EN,
    SOURCE_CONNECTORS,
    SOURCE_LEAD_INS,
    SOURCE_PREPOSITIONS,
    STOPWORDS,
    TITLE_WORDS,
    UBIQUITOUS_NAME_PREFIXES,
    WEAK_SOURCE_NAMES,
)
from bot.condense.names import name_key
from bot.condense.similarity import is_anchor, scaled_number
from bot.condense.text import tokens, words

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s?%|\d\s+per\s?cent\b", re.IGNORECASE)
_AGE = re.compile(r"\w\s?,\s?\d{1,3}\s?,")  # "Jacob Phillips, 23, was found dead": an age, not a death toll
# Clauses: a source named in one clause does not speak for the next ("Сирський заявив, що ...").
_CLAUSE = re.compile(r"[,;:]\s|\s[–—-]\s|\s[–—]|[–—]\s")
SOURCE_RUN = 6  # words of a source's name at most ("Institute for the Study of War")
KEY_FIGURE_REACH = 3  # a key figure's unit stands at most this many words after its number (two before)

Source = frozenset[str]  # the name keys (names.name_key) of the capitalised words that name one source


@lru_cache(maxsize=50_000)
def fact_score(sentence: str) -> float:
    """0 for a sentence of opinion or filler; about 1-3 for one with figures, places and a source."""
    score = 0.0
    numbers = _NUMBER.findall(sentence)
    if numbers:
        score += min(len(numbers), 3) * 0.4
    low = sentence.lower()
    # Substring tests run in C and beat one big alternation regex several times over.
    if any(mark in low for mark in AREA_MARKS):
        score += 0.6
    if _attributed(low):
        score += 0.5
    # Capitalised words after the first are mostly names of places, units and people.
    names = sum(1 for w in words(sentence)[1:] if len(w) > 2 and w[0].isupper())
    score += min(names, 3) * 0.2
    return score


def _attributed(low: str) -> bool:
    return any(mark in low for mark in ATTRIBUTION_MARKS)


def has_attribution(sentence: str) -> bool:
    """Whether a sentence says who says so ("according to", "the ministry said", "за даними", "сообщил")."""
    return _attributed(sentence.lower())


@lru_cache(maxsize=50_000)
def numbers(sentence: str) -> frozenset[str]:
    """The distinct numbers of a sentence, normalised so that one figure written two ways is one ("1,000" and
    "1000", "121 тис." and "121 000", "1,5 млн" and "1.5 million"); years are no figures and are left out."""
    if _DIGIT.search(sentence) is None:
        return frozenset()
    lowered = tokens(sentence)
    found: set[str] = set()
    k = 0
    while k < len(lowered):
        token = lowered[k]
        k += 1
        if not token[0].isdigit():
            continue
        # Thousands set apart by a space ("24 000"), as Ukrainian and Russian write them.
        if len(token) <= 3 and token.isdigit():
            while k < len(lowered) and len(lowered[k]) == 3 and lowered[k].isdigit():
                token += lowered[k]
                k += 1
        following = lowered[k] if k < len(lowered) else ""
        # A day of the month is a date, not a figure ("on Aug. 12", "13 серпня").
        if following.startswith(MONTH_PREFIXES) or (k >= 2 and lowered[k - 2].startswith(MONTH_PREFIXES)):
            continue
        value = scaled_number(token, following) or token
        if _PLAIN_NUMBER.fullmatch(value) and is_anchor(value):
            found.add(value)
    return frozenset(found)


def name_keys(text: str) -> set[str]:
    """The name keys of every capitalised word of `text`: what a reader of it has seen named."""
    return {name_key(w) for w in words(text) if w[0].isupper()} - {""}


@lru_cache(maxsize=50_000)
def named_sources(sentence: str) -> tuple[Source, ...]:
    """Who a sentence says its facts come from: outlets, agencies, officials named as sources ("according to
    DeepState", "the ISW said", "за даними Генштабу", "заявив Сирський", "по словам Сырского"), each as the name
    keys of its capitalised words. Two sources that share a key are one (Сирський, Олександр Сирський)."""
    low = sentence.lower()
    if not any(mark in low for mark in _SOURCE_MARKS):
        return ()
    found: list[Source] = []
    for clause in _CLAUSE.split(sentence):
        found += _clause_sources(words(clause))
    return tuple(dict.fromkeys(s for s in found if s))


def _clause_sources(clause: list[str]) -> list[Source]:
    lowered = [w.lower() for w in clause]
    sources: list[Source] = []
    for k, word in enumerate(lowered):
        lead_in = next((n for n in _LEAD_IN_LENGTHS if tuple(lowered[k : k + n]) in _LEAD_INS), 0)
        if lead_in:
            sources.append(_run_after(clause, k + lead_in))
            continue
        english = word in SAYING_WORDS_EN
        if not english and not word.startswith(SAYING_PREFIXES_CYRILLIC):
            continue
        before = _run_before(clause, k)
        if before:
            sources.append(before)
        elif not english or (word in SAYING_EN_INVERTED and k + 1 < len(clause) and clause[k + 1][0].isupper()):
            sources.append(_run_after(clause, k + 1))
    return sources


_LEAD_INS = frozenset(SOURCE_LEAD_INS)
_LEADING = SOURCE_PREPOSITIONS | SOURCE_CONNECTORS
_LEAD_IN_LENGTHS = sorted({len(lead_in) for lead_in in SOURCE_LEAD_INS}, reverse=True)
# A sentence with none of these names no source: most sentences are ruled out by substring tests alone.
_SOURCE_MARKS = (*SAYING_PREFIXES_CYRILLIC, *SAYING_WORDS_EN, *(" ".join(lead_in) for lead_in in SOURCE_LEAD_INS))


def _is_name(word: str) -> bool:
    return word[0].isupper() and word.lower() not in STOPWORDS


def _is_role(word: str) -> bool:
    """A lower-case word that may stand before a source's name: "головнокомандувач", "agency"."""
    return not word[0].isupper() and not word[0].isdigit() and word.lower() not in STOPWORDS


def _source(run: list[str]) -> Source:
    """The keys of a run of words naming a source; titles say nothing, and weak names count only alone."""
    names = [w for w in run if _is_name(w) and w.lower() not in TITLE_WORDS]
    strong = [w for w in names if not _weak(w.lower())]
    return frozenset(filter(None, map(name_key, strong or names)))


def _weak(lowered: str) -> bool:
    return lowered in WEAK_SOURCE_NAMES or lowered.startswith(UBIQUITOUS_NAME_PREFIXES)


def _run_after(clause: list[str], start: int) -> Source:
    """The name that starts at most a preposition and two lower-case words (a role: "головнокомандувач",
    "agency") after `start`: "повідомили в Повітряних силах ЗСУ", "according to the ISW"."""
    k = start
    if k < len(clause) and clause[k].lower() in _LEADING:
        k += 1
    for _ in range(2):
        if k < len(clause) and _is_role(clause[k]):
            k += 1
    run: list[str] = []
    while k < len(clause) and len(run) < SOURCE_RUN:
        word = clause[k]
        if _is_name(word) or (run and word.lower() in SOURCE_CONNECTORS):
            run.append(word)
        # One lower-case word inside a name ("Повітряних силах ЗСУ") when a capital follows it.
        elif run and k + 1 < len(clause) and _is_name(clause[k + 1]) and not word[0].isdigit():
            run.append(word)
        else:
            break
        k += 1
    return _source(run)


def _run_before(clause: list[str], end: int) -> Source:
    """The name just before a verb of saying at `end`: "the ISW said", "Сирський також заявив", "ISW analysts
    estimate" (one lower-case word may stand between)."""
    k = end - 1
    skipped = 0
    while k >= 0 and not _is_name(clause[k]):
        skipped += clause[k].lower() not in STOPWORDS
        if clause[k][0].isdigit() or skipped > 1:
            return frozenset()
        k -= 1
    run: list[str] = []
    while k >= 0 and len(run) < SOURCE_RUN and (_is_name(clause[k]) or clause[k].lower() in SOURCE_CONNECTORS):
        run.append(clause[k])
        k -= 1
    return _source(run)


@lru_cache(maxsize=50_000)
def key_figure(sentence: str) -> bool:
    """Whether a sentence gives one of the figures a war digest is read for: how much territory, how many
    killed, wounded, captured or launched, by how many per cent something changed (a number beside its unit)."""
    if _DIGIT.search(sentence) is None:
        return False
    if _PERCENT.search(sentence):
        return True
    lowered = tokens(_AGE.sub(",", sentence))
    for k, token in enumerate(lowered):
        if token[0].isdigit() and is_anchor(token) and _PLAIN_NUMBER.fullmatch(token):
            near = lowered[max(0, k - 2) : k] + lowered[k + 1 : k + 1 + KEY_FIGURE_REACH]
            if any(w.startswith(KEY_FIGURE_UNITS) for w in near):
                return True
    return False
