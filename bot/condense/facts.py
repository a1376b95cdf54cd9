"""How much checkable fact a sentence carries: numbers, areas, named places and who said so."""

from __future__ import annotations

import re

from bot.condense.lexicon import AREA, ATTRIBUTION

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_INNER_NAME = re.compile(r"(?<=[\w,;:] )[A-ZА-ЯІЇЄҐЁ][\w'’ʼ-]{2,}")


def fact_score(sentence: str) -> float:
    """0 for a sentence of opinion or filler; about 1-3 for one with figures, places and a source."""
    score = 0.0
    numbers = _NUMBER.findall(sentence)
    if numbers:
        score += min(len(numbers), 3) * 0.4
    if AREA.search(sentence):
        score += 0.6
    if ATTRIBUTION.search(sentence):
        score += 0.5
    # Capitalised words after the first are mostly names of places, units and people.
    names = len(_INNER_NAME.findall(sentence))
    score += min(names, 3) * 0.2
    return score
