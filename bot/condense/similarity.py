"""Sparse TF-IDF vectors over stems and name keys, and the one similarity used to decide "same story".

Hand-written rather than scikit-learn: the vectors are tiny (a headline and a lead), the batch is a few
thousand articles, and plain dicts keep the engine dependency-free and fast to import.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add, mul, truediv
from typing import NamedTuple

from bot.condense.names import name_key
from bot.condense.text import content_words, normalize_words, stem, words

Vector = dict[str, float]

CROSS_LINGUAL_DISCOUNT = 0.8
PREFIX = 5
_NAME_WEIGHT = 0.7  # a name key repeats what a stem already says in the same language; it matters across them


def features(text: str) -> list[str]:
    """Stems of content words, "~prefix" of long words, and "@key" skeletons of capitalised words.

    The 5-letter prefixes catch derivations the light stemmer keeps apart (наступ/наступальний,
    вторгнення/вторгся); the skeletons let names match across scripts.
    """
    original = words(text)
    return word_features(original, normalize_words(list(map(str.lower, original)), text))


def word_features(original: Sequence[str], lowered: Sequence[str]) -> list[str]:
    """features() of text already split into words (original case) and their lower-cased, normalised forms."""
    feats = list(chain.from_iterable(map(_word_terms, lowered)))
    feats += filter(None, map(_name_term, original))
    return feats


# Both caches turn the per-word work (stop list, stemming, transliteration) into one lookup per word.
@lru_cache(maxsize=200_000)
def _word_terms(lowered: str) -> tuple[str, ...]:
    if not content_words((lowered,)):
        return ()
    return (stem(lowered), "~" + lowered[:PREFIX]) if len(lowered) > PREFIX else (stem(lowered),)


@lru_cache(maxsize=200_000)
def _name_term(word: str) -> str:
    if not word[0].isupper() or len(word) < 3:
        return ""
    key = name_key(word)
    return "@" + key[:6] if len(key) >= 3 else ""


@dataclass(frozen=True, slots=True)
class TermWeights:
    """Inverse document frequencies learnt from a batch of texts (features lists), name keys discounted."""

    idf: dict[str, float]
    unseen: float

    @classmethod
    def fit(cls, docs: Iterable[Iterable[str]]) -> TermWeights:
        df: Counter[str] = Counter()
        n = 0
        for feats in docs:
            n += 1
            df.update(set(feats))
        # Name keys are discounted here, once per term, rather than in every vector.
        idf = {
            term: (math.log((n + 1) / (count + 1)) + 1.0) * (_NAME_WEIGHT if term[0] == "@" else 1.0)
            for term, count in df.items()
        }
        return cls(idf=idf, unseen=math.log(n + 1) + 1.0)

    def of(self, terms: dict[str, int]) -> list[float]:
        """The weight of each term (a key of `terms`): its idf, or the weight of a term never seen."""
        idf = self.idf
        if idf.keys() >= terms.keys():
            return list(map(idf.__getitem__, terms))
        return [idf.get(t) or self.unseen * (_NAME_WEIGHT if t[0] == "@" else 1.0) for t in terms]


class _Sublinear(dict[int, float]):
    """1 + log(count), memoised: almost every count is 1 or 2."""

    def __missing__(self, count: int) -> float:
        self[count] = value = 1.0 + math.log(count)
        return value


_sublinear = _Sublinear()


def vectorize(feats: Iterable[str], weights: TermWeights) -> Vector:
    """Sublinear tf x idf, L2-normalised (an empty input gives an empty vector)."""
    counts = Counter(feats)
    # map() over the terms keeps the per-term work in C: this runs for every lead and every sentence.
    ws = list(map(mul, map(_sublinear.__getitem__, counts.values()), weights.of(counts)))
    norm = math.sqrt(sum(map(mul, ws, ws)))
    if norm == 0.0:
        return {}
    return dict(zip(counts, map(truediv, ws, repeat(norm)), strict=True))


def similarity(u: Vector, v: Vector) -> float:
    """Cosine of two normalised vectors: the product's one measure of "about the same thing"."""
    if len(u) > len(v):
        u, v = v, u
    shared = list(filter(v.__contains__, u))
    return sum(map(mul, map(u.__getitem__, shared), map(v.__getitem__, shared)))


@lru_cache(maxsize=200_000)
def is_anchor(term: str) -> bool:
    """Whether a feature means the same in every language: a name key or a number."""
    return term[0] == "@" or term[0].isdigit()


class StoryVector(NamedTuple):
    """A text's vector with its language-independent part (names and numbers) kept apart, normalised."""

    full: Vector
    anchors: Vector


def story_vector(vec: Vector) -> StoryVector:
    anchors = list(filter(is_anchor, vec))
    return StoryVector(vec, normalized(dict(zip(anchors, map(vec.__getitem__, anchors), strict=True))))


def pair_similarity(u: StoryVector, v: StoryVector, *, cross_lingual: bool = False) -> float:
    """How likely two articles tell the same story: cosine within a language; across languages, where
    stems cannot meet, the cosine of names and numbers, discounted because a few shared anchors
    ("Kyiv", "2024") prove less than shared wording."""
    if not cross_lingual:
        return similarity(u.full, v.full)
    return CROSS_LINGUAL_DISCOUNT * similarity(u.anchors, v.anchors)


def add_into(total: Vector, vec: Vector) -> None:
    """Accumulate a vector into a running sum (story centroids)."""
    total.update(zip(vec, map(add, map(total.get, vec, repeat(0.0)), vec.values()), strict=True))


def normalized(vec: Vector) -> Vector:
    norm = math.sqrt(sum(map(mul, vec.values(), vec.values())))
    return dict(zip(vec, map(truediv, vec.values(), repeat(norm)), strict=True)) if norm else {}
