"""Grouping articles about one event into stories.

Candidate pairs come from an inverted index over each article's most distinctive terms (never all pairs): two
articles are candidates when they share two indexed terms, or, in different languages, one indexed name or
number; with the multilingual model installed (embedding.py), also each article's nearest neighbours by the
model, which finds reports in two languages that share no name the index kept. Each candidate gets log-odds of
telling one event (evidence.py): on the lexical evidence alone, or with the model's cosine of their gists.
Pairs from even odds are merged strongest first, and two groups join only while the pairs between them are
likely enough on average, so one generic "shelling overnight" article cannot chain unrelated stories together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from bot.condense import embedding, evidence
from bot.condense.evidence import PairEvidence, pair_evidence
from bot.condense.prepared import Prepared, prepare_all
from bot.condense.similarity import is_anchor
from bot.condense.tfidf import TfIdf, distinct, tfidf
from bot.domain import Article

MIN_CENTRED = 20  # articles of a language for its mean to be the language's, not theirs
NEIGHBOURS = 5  # each article's nearest by the model become candidates...
NEIGHBOUR_COSINE = 0.2  # ...when at least this close (centred vectors: unrelated news sits near 0)
LINKAGE = 0.2  # the mean probability of the pairs between two groups for them to join (see _merge; fitted)
MAX_APART_SECONDS = 72 * 3600
INDEX_TERMS = 10  # each article is findable by its most distinctive terms
INDEX_ANCHORS = 6
SHORT_DOC_TERMS = 6
MAX_POSTING = 60  # terms shared by more articles than this say nothing about one event
NEIGHBOUR_BLOCK = 256  # rows of the cosine matrix at once: 3 MB per thousand articles in the batch, with its index


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


def gist_vectors(docs: Sequence[Prepared]) -> np.ndarray | None:
    """The model's unit vectors of each article's gist, centred per language (embedding.centred), or None without
    the model. An article of a language with fewer than MIN_CENTRED in the batch gets a zero row: its language's
    mean would be its own, and the lexical evidence judges its pairs."""
    if not embedding.available():
        return None
    per_lang = Counter(d.lang for d in docs)
    placed = [i for i, d in enumerate(docs) if per_lang[d.lang] >= MIN_CENTRED]
    vectors = np.zeros((len(docs), embedding.DIMENSIONS), dtype=np.float32)
    encoded = embedding.encode([embedding.gist(docs[i].title, docs[i].head) for i in placed])
    if placed and encoded is not None:
        vectors[placed] = embedding.centred(encoded, [docs[i].lang for i in placed])
    return vectors


def warm_gists(articles: Sequence[Article]) -> bool:
    """Encode the gists of `articles` now, into the model's cache, so that no digest waits for them: called for
    each source's articles as they are stored, in a worker thread. False without the model."""
    if not embedding.available():
        return False
    embedding.encode([embedding.gist(d.title, d.head) for d in prepare_all(articles)])
    return True


def _neighbour_pairs(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a < b) where b is among a's NEIGHBOURS nearest by cosine, or a among b's, at NEIGHBOUR_COSINE or
    closer. In blocks of rows: the whole cosine matrix of a big batch would not fit in memory."""
    n = len(vectors)
    k = min(NEIGHBOURS, n - 1)
    if k < 1:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    firsts, seconds = [], []
    for start in range(0, n, NEIGHBOUR_BLOCK):
        block = vectors[start:start + NEIGHBOUR_BLOCK] @ vectors.T
        rows = np.arange(start, start + len(block))
        block[rows - start, rows] = -np.inf
        nearest = np.argpartition(block, -k, axis=1)[:, -k:]
        close = np.take_along_axis(block, nearest, axis=1) >= NEIGHBOUR_COSINE
        firsts.append(np.repeat(rows, k)[close.ravel()])
        seconds.append(nearest.ravel()[close.ravel()])
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    pairs = distinct(np.minimum(first, second) * n + np.maximum(first, second))
    return pairs // n, pairs % n


def candidates(docs: Sequence[Prepared], lead: TfIdf, vectors: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, PairEvidence]:
    """Candidate pairs (a[k] < b[k]) of `docs` published close enough in time, with their evidence; `lead` is
    vectorize_all(docs), `vectors` gist_vectors(docs) (None: the lexical candidates alone)."""
    langs = np.array([d.lang for d in docs])
    a, b = _candidate_pairs(lead, langs)
    if vectors is not None:
        n = len(docs)
        near_a, near_b = _neighbour_pairs(vectors)
        pairs = distinct(np.concatenate((a * n + b, near_a * n + near_b)))
        a, b = pairs // n, pairs % n
    published = np.array([_timestamp(d.article.published) for d in docs])
    near = np.abs(published[a] - published[b]) <= MAX_APART_SECONDS
    a, b = a[near], b[near]
    return a, b, pair_evidence(lead, a, b, langs)


def same_story_logits(a: np.ndarray, b: np.ndarray, lexical: PairEvidence, vectors: np.ndarray | None
                      ) -> np.ndarray:
    """Log-odds that each candidate pair tells one event: with the model's cosine of the gists where both have a
    vector (see gist_vectors), else on the lexical evidence."""
    logits = lexical.logit()
    if vectors is None:
        return logits
    has_vector = np.asarray(vectors.any(axis=1))
    placed = np.flatnonzero(has_vector[a] & has_vector[b])
    cos = pair_cosines(vectors, a[placed], b[placed])
    logits[placed] = lexical.take(placed).model_logit(cos)
    return logits


def pair_cosines(vectors: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The cosine of each pair of unit rows (a[k], b[k]), a block of pairs at a time: gathering the rows of a big
    batch's pairs at once would take hundreds of megabytes."""
    out = np.empty(len(a), dtype=np.float64)
    for start in range(0, len(a), evidence.PAIR_BLOCK):
        part = slice(start, start + evidence.PAIR_BLOCK)
        out[part] = np.einsum("ij,ij->i", vectors[a[part]], vectors[b[part]])
    return out


def cluster(docs: Sequence[Prepared], lead: TfIdf | None = None) -> list[list[int]]:
    """Indices of `docs` grouped by event, singletons included, each group in index order. `lead` is
    vectorize_all(docs), computed here when not given."""
    if not docs:
        return []
    if lead is None:
        lead = vectorize_all(docs)
    vectors = gist_vectors(docs)
    a, b, lexical = candidates(docs, lead, vectors)
    return _merge(len(docs), a, b, same_story_logits(a, b, lexical, vectors))


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
