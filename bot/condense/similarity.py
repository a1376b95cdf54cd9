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
    return word_features(original, normalize_words([w.lower() for w in original], text))


def word_features(original: Sequence[str], lowered: Sequence[str]) -> list[str]:
    """features() of text already split into words (original case) and their lower-cased, normalised forms."""
    feats = [term for word in lowered for term in _word_terms(word)]
    feats += [key for key in map(_name_term, original) if key]
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
    """Inverse document frequencies learnt from a batch of texts (features lists)."""

    idf: dict[str, float]
    unseen: float

    @classmethod
    def fit(cls, docs: Iterable[Iterable[str]]) -> TermWeights:
        df: Counter[str] = Counter()
        n = 0
        for feats in docs:
            n += 1
            df.update(set(feats))
        idf = {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}
        return cls(idf=idf, unseen=math.log(n + 1) + 1.0)


def vectorize(feats: Iterable[str], weights: TermWeights) -> Vector:
    """Sublinear tf x idf, L2-normalised (an empty input gives an empty vector)."""
    counts = Counter(feats)
    vec: Vector = {}
    idf = weights.idf
    for term, count in counts.items():
        w = (1.0 + math.log(count)) * idf.get(term, weights.unseen)
        vec[term] = w * _NAME_WEIGHT if term[0] == "@" else w
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0.0:
        return {}
    return {term: w / norm for term, w in vec.items()}


def similarity(u: Vector, v: Vector) -> float:
    """Cosine of two normalised vectors: the product's one measure of "about the same thing"."""
    if len(u) > len(v):
        u, v = v, u
    if len(v) > 4 * len(u):
        return sum(w * v[term] for term, w in u.items() if term in v)
    # Intersecting key views runs in C; only the few shared terms are summed in Python.
    return sum(u[term] * v[term] for term in u.keys() & v.keys())


def is_anchor(term: str) -> bool:
    """Whether a feature means the same in every language: a name key or a number."""
    return term[0] == "@" or term[0].isdigit()


class StoryVector(NamedTuple):
    """A text's vector with its language-independent part (names and numbers) kept apart, normalised."""

    full: Vector
    anchors: Vector


def story_vector(vec: Vector) -> StoryVector:
    return StoryVector(vec, normalized({t: w for t, w in vec.items() if is_anchor(t)}))


def pair_similarity(u: StoryVector, v: StoryVector, *, cross_lingual: bool = False) -> float:
    """How likely two articles tell the same story: cosine within a language; across languages, where
    stems cannot meet, the cosine of names and numbers, discounted because a few shared anchors
    ("Kyiv", "2024") prove less than shared wording."""
    if not cross_lingual:
        return similarity(u.full, v.full)
    return CROSS_LINGUAL_DISCOUNT * similarity(u.anchors, v.anchors)


def add_into(total: Vector, vec: Vector) -> None:
    """Accumulate a vector into a running sum (story centroids)."""
    for term, w in vec.items():
        total[term] = total.get(term, 0.0) + w


def normalized(vec: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {term: w / norm for term, w in vec.items()} if norm else {}
