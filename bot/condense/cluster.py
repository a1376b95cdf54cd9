"""Grouping articles about one event into stories.

Candidate pairs come from an inverted index over each article's most distinctive terms (never all pairs);
pairs above SAME_STORY are merged strongest first, and two groups join only while their centroids stay
close, so one generic "shelling overnight" article cannot chain unrelated stories together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from bot.condense.prepared import Prepared
from bot.condense.similarity import Vector, add_into, is_anchor, similarity
from bot.condense.tfidf import CROSS_LINGUAL_DISCOUNT, TfIdf, pair_similarities, tfidf

SAME_STORY = 0.33  # the train-tuned ParaPhraser threshold of bench/samestory.py (headlines, like our vectors)
CENTROID_MERGE = 0.26
MAX_APART_SECONDS = 72 * 3600
INDEX_TERMS = 10  # each article is findable by its most distinctive terms
INDEX_ANCHORS = 6
SHORT_DOC_TERMS = 6
MAX_POSTING = 60  # terms shared by more articles than this say nothing about one event


def vectorize_all(docs: Sequence[Prepared]) -> TfIdf:
    """Each article's headline+lead as a row of TF-IDF weights, IDF fitted on the batch."""
    return tfidf([d.lead_features for d in docs])


def _candidate_pairs(lead: TfIdf) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a < b) sharing at least two indexed terms (one, when either side is too short to have two).

    Each article is indexed by its INDEX_TERMS heaviest terms plus its INDEX_ANCHORS heaviest names and
    numbers (how articles in other languages find each other); all in numpy, as the batch has thousands.
    """
    matrix = lead.matrix
    n = matrix.shape[0]
    per_row = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(n), per_row)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    cols = matrix.indices[order]
    rank = np.arange(len(order)) - matrix.indptr[rows]
    anchor_col = np.fromiter(map(is_anchor, lead.terms), dtype=bool, count=len(lead.terms))
    anchor = anchor_col[cols]
    anchors_seen = np.cumsum(anchor)
    anchors_before_row = np.concatenate(([0], anchors_seen))[matrix.indptr[:-1]]
    anchor_rank = anchors_seen - 1 - anchors_before_row[rows]
    indexed = (rank < INDEX_TERMS) | (anchor & (anchor_rank < INDEX_ANCHORS))
    short = np.bincount(rows[indexed], minlength=n) < SHORT_DOC_TERMS

    # Postings: the indexed articles of each term, in article order.
    by_term = np.lexsort((rows[indexed], cols[indexed]))
    post_row, post_col = rows[indexed][by_term], cols[indexed][by_term]
    starts = np.flatnonzero(np.concatenate(([True], post_col[1:] != post_col[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(post_col)])))
    useful = (sizes >= 2) & (sizes <= MAX_POSTING)
    # Every member pairs with each later member of its posting.
    offset = np.arange(len(post_col)) - np.repeat(starts, sizes)
    partners = np.where(np.repeat(useful, sizes), np.repeat(sizes, sizes) - 1 - offset, 0)
    first = np.repeat(post_row, partners)
    step = np.arange(partners.sum()) - np.repeat(np.cumsum(partners) - partners, partners)
    second = post_row[np.repeat(np.arange(len(post_col)) + 1, partners) + step]
    pairs, shared = np.unique(first * n + second, return_counts=True)
    a, b = pairs // n, pairs % n
    keep = (shared >= 2) | short[a] | short[b]
    return a[keep], b[keep]


class _Group:
    """Running sums of member vectors (whole and anchors-only) with their squared norms, so centroid
    cosines and merges cost the size of the smaller group, never a renormalisation."""

    __slots__ = ("anchors", "anchors_sq", "full", "full_sq", "members")

    def __init__(self, index: int, full: Vector, anchors: Vector) -> None:
        self.members = [index]
        self.full, self.anchors = full, anchors
        # Both are unit vectors (or empty).
        self.full_sq, self.anchors_sq = float(bool(full)), float(bool(anchors))

    def closeness(self, other: _Group) -> tuple[float, float, float]:
        """(centroid similarity as pair_similarities defines it, dot of full sums, dot of anchor sums)."""
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


def _timestamp(moment: datetime) -> float:
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


def cluster(docs: Sequence[Prepared], lead: TfIdf | None = None) -> list[list[int]]:
    """Indices of `docs` grouped by event, singletons included, each group in index order. `lead` is
    vectorize_all(docs), computed here when not given."""
    if not docs:
        return []
    if lead is None:
        lead = vectorize_all(docs)
    anchors = lead.anchors()
    a, b = _candidate_pairs(lead)
    published = np.array([_timestamp(d.article.published) for d in docs])
    near = np.abs(published[a] - published[b]) <= MAX_APART_SECONDS
    a, b = a[near], b[near]
    langs = np.array([d.lang for d in docs])
    sims = pair_similarities(lead, anchors, a, b, langs[a] != langs[b])
    strong = sims >= SAME_STORY
    a, b, sims = a[strong], b[strong], sims[strong]
    order = np.lexsort((b, a, -sims))  # strongest first; ties in index order, so the result is stable

    # Only articles that meet an edge get a _Group (most stay single); a group is keyed by its first member.
    groups: dict[int, _Group] = {}

    def group(i: int) -> _Group:
        if i not in groups:
            groups[i] = _Group(i, lead.row(i), anchors.row(i))
        return groups[i]

    group_of = list(range(len(docs)))
    for ea, eb in zip(a[order].tolist(), b[order].tolist(), strict=True):
        ga, gb = group_of[ea], group_of[eb]
        if ga == gb:
            continue
        first, second = group(ga), group(gb)
        big, small = (first, second) if len(first.members) >= len(second.members) else (second, first)
        sim, full_dot, anchors_dot = big.closeness(small)
        # Two single articles have passed the pair test already; groups must still describe one event.
        if len(big.members) + len(small.members) > 2 and sim < CENTROID_MERGE:
            continue
        for i in small.members:
            group_of[i] = big.members[0]
        del groups[small.members[0]]
        big.absorb(small, full_dot, anchors_dot)
    members: dict[int, list[int]] = {}
    for i, g in enumerate(group_of):
        members.setdefault(g, []).append(i)
    return list(members.values())
