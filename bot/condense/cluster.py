"""Grouping articles about one event into stories.

Candidate pairs come from an inverted index over each article's most distinctive terms (never all pairs): two
articles are candidates when they share two indexed terms, or, in different languages, one indexed name or
number. Each candidate gets log-odds of telling one event (evidence.py): on the lexical evidence alone, or, for
the pairs that evidence leaves undecided, with the multilingual model's cosine of their headlines when the model
is installed (embedding.py). Pairs from even odds are merged strongest first, and two groups join only while
the pairs between them are likely enough on average, so one generic "shelling overnight" article cannot chain
unrelated stories together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from bot.condense import embedding, evidence
from bot.condense.evidence import PairEvidence, pair_evidence
from bot.condense.prepared import Prepared
from bot.condense.similarity import is_anchor
from bot.condense.tfidf import TfIdf, distinct, tfidf

# Lexical log-odds between these are undecided: only there is the model asked (it costs 1-2 ms a headline).
# Fitted with the weights: the range where the model changed a decision on the train half, widened by one.
UNDECIDED = (-1.9, 2.0)
LINKAGE = 0.25  # the mean probability of the pairs between two groups for them to join (see _merge; fitted)
MAX_APART_SECONDS = 72 * 3600
INDEX_TERMS = 10  # each article is findable by its most distinctive terms
INDEX_ANCHORS = 6
SHORT_DOC_TERMS = 6
MAX_POSTING = 60  # terms shared by more articles than this say nothing about one event


def vectorize_all(docs: Sequence[Prepared]) -> TfIdf:
    """Each article's headline+lead as a row of TF-IDF weights, IDF fitted on the batch."""
    return tfidf([d.lead_features for d in docs])


def _candidate_pairs(lead: TfIdf, langs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a < b) sharing at least two indexed terms (one, when either side is too short to have two, or
    when the two are in different languages and the term is a name or a number: across languages that is all
    they can share, and the pair's evidence decides whether it is enough).

    Each article is indexed by its INDEX_TERMS heaviest terms plus its INDEX_ANCHORS heaviest names and
    numbers; all in numpy, as the batch has thousands.
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
    pairs, pair_of, shared = np.unique(first * n + second, return_inverse=True, return_counts=True)
    shared_anchors = np.bincount(pair_of, weights=np.repeat(anchor_col[post_col], partners), minlength=len(pairs))
    a, b = pairs // n, pairs % n
    keep = (shared >= 2) | short[a] | short[b] | ((shared_anchors >= 1) & (langs[a] != langs[b]))
    return a[keep], b[keep]


def _timestamp(moment: datetime) -> float:
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


def candidates(docs: Sequence[Prepared], lead: TfIdf) -> tuple[np.ndarray, np.ndarray, PairEvidence]:
    """Candidate pairs (a[k] < b[k]) of `docs` published close enough in time, with their evidence; `lead` is
    vectorize_all(docs)."""
    langs = np.array([d.lang for d in docs])
    a, b = _candidate_pairs(lead, langs)
    published = np.array([_timestamp(d.article.published) for d in docs])
    near = np.abs(published[a] - published[b]) <= MAX_APART_SECONDS
    a, b = a[near], b[near]
    return a, b, pair_evidence(lead, a, b, langs)


def headline_cosines(docs: Sequence[Prepared], a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """The model's cosine of the headlines of each pair (a[k], b[k]), or None without the model."""
    needed = distinct(np.concatenate((a, b)))
    vectors = embedding.encode([docs[i].title or docs[i].head for i in needed.tolist()])
    if vectors is None:
        return None
    row = np.zeros(len(docs), dtype=np.int64)
    row[needed] = np.arange(len(needed))
    return np.einsum("ij,ij->i", vectors[row[a]], vectors[row[b]]).astype(np.float64)


def same_story_logits(docs: Sequence[Prepared], a: np.ndarray, b: np.ndarray, lexical: PairEvidence) -> np.ndarray:
    """Log-odds that each candidate pair tells one event: lexical, and with the model for pairs in different
    languages that the lexical evidence leaves undecided."""
    logits = lexical.logit()
    ask = np.flatnonzero(lexical.cross & (logits > UNDECIDED[0]) & (logits < UNDECIDED[1]))
    if len(ask):
        cos = headline_cosines(docs, a[ask], b[ask])
        if cos is not None:
            logits[ask] = lexical.take(ask).model_logit(cos)
    return logits


def cluster(docs: Sequence[Prepared], lead: TfIdf | None = None) -> list[list[int]]:
    """Indices of `docs` grouped by event, singletons included, each group in index order. `lead` is
    vectorize_all(docs), computed here when not given."""
    if not docs:
        return []
    if lead is None:
        lead = vectorize_all(docs)
    a, b, lexical = candidates(docs, lead)
    logits = same_story_logits(docs, a, b, lexical)
    return _merge(len(docs), a, b, logits)


def _merge(n: int, a: np.ndarray, b: np.ndarray, logits: np.ndarray) -> list[list[int]]:
    """Groups of 0..n-1 from pairs (a[k], b[k]) with their same-story log-odds.

    Pairs above evidence.SAME_STORY join their groups, strongest first, but two groups join only while the pairs
    between them are, on average, likely enough to tell one event (LINKAGE): the probabilities of all candidate pairs
    between the two are summed, every other pair of their members counting as none. One report that shares a
    name with two events cannot chain them together.
    """
    probability = 1.0 / (1.0 + np.exp(-logits))
    # links[g][h]: the summed probability of the pairs between groups g and h (groups are keyed by a member).
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for x, y, p in zip(a.tolist(), b.tolist(), probability.tolist(), strict=True):
        links[x][y] = links[y][x] = p
    members = [[i] for i in range(n)]
    group_of = list(range(n))
    strong = np.flatnonzero(logits >= evidence.SAME_STORY)
    order = strong[np.lexsort((b[strong], a[strong], -logits[strong]))]  # ties in index order: a stable result
    for x, y in zip(a[order].tolist(), b[order].tolist(), strict=True):
        gx, gy = group_of[x], group_of[y]
        if gx == gy:
            continue
        big, small = (gx, gy) if len(members[gx]) >= len(members[gy]) else (gy, gx)
        size = len(members[big]) * len(members[small])
        if size > 1 and links[big][small] < LINKAGE * size:
            continue
        for i in members[small]:
            group_of[i] = big
        members[big] += members[small]
        members[small] = []
        joined, into = links[small], links[big]
        del into[small]
        for other, p in joined.items():
            if other != big:
                into[other] = into.get(other, 0.0) + p
                back = links[other]
                back[big] = back.get(big, 0.0) + back.pop(small)
        links[small] = {}
    return sorted((sorted(m) for m in members if m), key=lambda m: m[0])
