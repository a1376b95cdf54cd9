"""Grouping articles about one event into stories.

Candidate pairs come from an inverted index over each article's most distinctive terms (never all pairs);
pairs above SAME_STORY are merged strongest first, and two groups join only while their centroids stay
close, so one generic "shelling overnight" article cannot chain unrelated stories together.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from itertools import combinations

from bot.condense.prepared import Prepared
from bot.condense.similarity import (
    CROSS_LINGUAL_DISCOUNT,
    StoryVector,
    TermWeights,
    add_into,
    is_anchor,
    pair_similarity,
    similarity,
    story_vector,
    vectorize,
)

SAME_STORY = 0.33  # the train-tuned ParaPhraser threshold of bench/samestory.py (headlines, like our vectors)
CENTROID_MERGE = 0.26
MAX_APART = timedelta(hours=72)
INDEX_TERMS = 10  # each article is findable by its most distinctive terms
INDEX_ANCHORS = 6
SHORT_DOC_TERMS = 6
MAX_POSTING = 60  # terms shared by more articles than this say nothing about one event


def vectorize_all(docs: Sequence[Prepared]) -> TermWeights:
    """Fit IDF on the batch and store each article's headline+lead vector; returns the weights."""
    weights = TermWeights.fit(d.lead_features for d in docs)
    for d in docs:
        d.vector = vectorize(d.lead_features, weights)
    return weights


def _candidate_pairs(docs: Sequence[Prepared]) -> list[tuple[int, int]]:
    """Pairs sharing at least two indexed terms (one, when either side is too short to have two)."""
    postings: dict[str, list[int]] = {}
    short: set[int] = set()
    for i, d in enumerate(docs):
        ranked = sorted(d.vector, key=d.vector.__getitem__, reverse=True)
        # Names and numbers are indexed apart: they are how articles in other languages find each other.
        anchors = [t for t in ranked if is_anchor(t)][:INDEX_ANCHORS]
        indexed = set(ranked[:INDEX_TERMS] + anchors)
        if len(indexed) < SHORT_DOC_TERMS:
            short.add(i)
        for term in indexed:
            postings.setdefault(term, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        if 2 <= len(members) <= MAX_POSTING:
            shared.update(combinations(members, 2))
    return sorted(pair for pair, n in shared.items() if n >= 2 or pair[0] in short or pair[1] in short)


class _Group:
    """Running sums of member vectors (whole and anchors-only) with their squared norms, so centroid
    cosines and merges cost the size of the smaller group, never a renormalisation."""

    __slots__ = ("anchors", "anchors_sq", "full", "full_sq", "members")

    def __init__(self, index: int, vec: StoryVector) -> None:
        self.members = [index]
        self.full, self.anchors = dict(vec.full), dict(vec.anchors)
        self.full_sq, self.anchors_sq = similarity(self.full, self.full), similarity(self.anchors, self.anchors)

    def closeness(self, other: _Group) -> tuple[float, float, float]:
        """(centroid similarity as pair_similarity defines it, dot of full sums, dot of anchor sums)."""
        full_dot, anchors_dot = similarity(self.full, other.full), similarity(self.anchors, other.anchors)
        full = full_dot / math.sqrt(self.full_sq * other.full_sq) if self.full_sq and other.full_sq else 0.0
        anchors = (
            anchors_dot / math.sqrt(self.anchors_sq * other.anchors_sq) if self.anchors_sq and other.anchors_sq else 0.0
        )
        return max(full, CROSS_LINGUAL_DISCOUNT * anchors), full_dot, anchors_dot

    def absorb(self, other: _Group, full_dot: float, anchors_dot: float) -> None:
        self.members.extend(other.members)
        add_into(self.full, other.full)
        add_into(self.anchors, other.anchors)
        self.full_sq += other.full_sq + 2 * full_dot
        self.anchors_sq += other.anchors_sq + 2 * anchors_dot


def cluster(docs: Sequence[Prepared]) -> list[list[int]]:
    """Indices of `docs` grouped by event (vectors must be set, see vectorize_all); singletons included."""
    svecs = [story_vector(d.vector) for d in docs]
    edges: list[tuple[float, int, int]] = []
    for a, b in _candidate_pairs(docs):
        da, db = docs[a], docs[b]
        if abs(da.article.published - db.article.published) > MAX_APART:
            continue
        sim = pair_similarity(svecs[a], svecs[b], cross_lingual=da.lang != db.lang)
        if sim >= SAME_STORY:
            edges.append((sim, a, b))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))

    groups = {i: _Group(i, v) for i, v in enumerate(svecs)}
    group_of = list(range(len(docs)))
    for _, a, b in edges:
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            continue
        big, small = (ga, gb) if len(groups[ga].members) >= len(groups[gb].members) else (gb, ga)
        sim, full_dot, anchors_dot = groups[big].closeness(groups[small])
        # Two single articles have passed the pair test already; groups must still describe one event.
        if len(groups[big].members) + len(groups[small].members) > 2 and sim < CENTROID_MERGE:
            continue
        for i in groups[small].members:
            group_of[i] = big
        groups[big].absorb(groups.pop(small), full_dot, anchors_dot)
    return [sorted(g.members) for g in groups.values()]
