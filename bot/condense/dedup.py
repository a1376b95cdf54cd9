"""Near-duplicate detection (syndicated copies) with MinHash signatures and LSH banding.

Exact copies are grouped first by their normalised tokens, so 10,000 copies of one wire story cost one
signature. Shingling, signatures, banding and the check of candidates run over the whole batch in numpy:
candidates from LSH buckets are verified with the exact Jaccard of their shingle sets, and each bucket is
compared against its first member only, which keeps the work linear even for huge buckets.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
from scipy import sparse

from bot.condense.tfidf import distinct, row_dots

SHINGLE = 4
MAX_TOKENS = 120  # copies share their opening; reading further only costs time
BANDS, ROWS = 20, 3  # a pair at Jaccard 0.6 becomes a candidate with probability 0.99
DUPLICATE_JACCARD = 0.6
SIGNATURE_BATCH = 40_000  # shingles hashed per numpy call: about 20 MB of intermediate hashes

_rng = np.random.default_rng(20240224)
_A = _rng.integers(1, 2**63 - 1, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, size=BANDS * ROWS, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _token_ids(docs: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """All documents' tokens as one array of ids (numbered by first appearance), and each document's start."""
    flat = list(chain.from_iterable(docs))
    vocab = {token: i for i, token in enumerate(dict.fromkeys(flat), 1)}
    ids = np.fromiter(map(vocab.__getitem__, flat), dtype=np.uint64, count=len(flat))
    starts = np.cumsum([0] + [len(d) for d in docs[:-1]])
    return ids, starts


def _shingles(ids: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every window of SHINGLE tokens (a document shorter than that: of each token), concatenated,
    with each document's number of shingles."""
    rolled = np.zeros(len(ids), dtype=np.uint64)
    span = len(ids) - SHINGLE + 1
    if span > 0:
        with np.errstate(over="ignore"):
            for k in range(SHINGLE):
                rolled[:span] = rolled[:span] * _MIX + ids[k : span + k]
    long = lengths >= SHINGLE
    counts = np.where(long, lengths - SHINGLE + 1, lengths)
    firsts = np.cumsum(counts) - counts
    positions = np.repeat(starts, counts) + (np.arange(counts.sum()) - np.repeat(firsts, counts))
    with np.errstate(over="ignore"):
        values = np.where(np.repeat(long, counts), rolled[positions], ids[positions] * _MIX)
    return values, counts


def _signatures(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """MinHash signatures, one row per document, a batch of documents per numpy call so numpy's per-call cost
    is paid per batch and the intermediate hashes stay small."""
    rows: list[np.ndarray] = []
    ends = np.cumsum(counts)
    doc = 0
    while doc < len(counts):
        first = int(ends[doc] - counts[doc])
        # Whole documents up to about SIGNATURE_BATCH shingles (always at least one document).
        last = max(int(np.searchsorted(ends, first + SIGNATURE_BATCH, side="right")), doc + 1)
        offsets = (ends[doc:last] - counts[doc:last]) - first
        with np.errstate(over="ignore"):
            hashed = np.outer(_A, values[first : int(ends[last - 1])]) + _B[:, None]
        rows.append(np.minimum.reduceat(hashed, offsets, axis=1).T)
        doc = last
    return np.vstack(rows) if rows else np.zeros((0, BANDS * ROWS), dtype=np.uint64)


def _candidate_pairs(signatures: np.ndarray) -> np.ndarray:
    """(first member of an LSH bucket, later member) row pairs over all bands, each pair once."""
    pairs: list[np.ndarray] = []
    rows = np.arange(len(signatures))
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            part = signatures[:, band * ROWS : (band + 1) * ROWS]
            # A collision of the combined hash only costs one exact Jaccard check.
            key = part[:, 0] * _MIX + part[:, 1]
            key = key * _MIX + part[:, 2]
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
            heads = first[inverse]
            later = heads != rows
            pairs.append(np.stack([heads[later], rows[later]], axis=1))
    found = np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
    n = len(signatures)
    keys = distinct(found[:, 0] * n + found[:, 1])
    return np.stack([keys // n, keys % n], axis=1)


def _shingle_sets(values: np.ndarray, counts: np.ndarray) -> sparse.csr_matrix:
    """Each document's distinct shingles as a binary row."""
    _, shingle_ids = np.unique(values, return_inverse=True)
    n_ids = int(shingle_ids.max(initial=0)) + 1
    keys = distinct(np.repeat(np.arange(len(counts)), counts) * n_ids + shingle_ids)
    rows = keys // n_ids
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=len(counts)))))
    return sparse.csr_matrix((np.ones(len(keys)), keys % n_ids, indptr), shape=(len(counts), n_ids))


def duplicate_groups(docs: Sequence[Sequence[str]]) -> list[list[int]]:
    """Indices of `docs` (token lists, see text.tokens) grouped into near-duplicate sets, singletons included."""
    uf = _UnionFind(len(docs))
    exact: dict[tuple[str, ...], int] = {}
    unique: list[int] = []
    keys: list[tuple[str, ...]] = []
    for i, doc in enumerate(docs):
        key = tuple(doc[:MAX_TOKENS])
        if not key:
            continue  # nothing to compare: an empty article is nobody's copy
        first = exact.setdefault(key, i)
        if first != i:
            uf.union(first, i)
        else:
            unique.append(i)
            keys.append(key)
    if len(unique) > 1:
        ids, starts = _token_ids(keys)
        values, counts = _shingles(ids, starts, np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)))
        a, b = _candidate_pairs(_signatures(values, counts)).T
        # Exact Jaccard of every candidate pair at once: |A & B| is the dot product of binary shingle rows.
        sets = _shingle_sets(values, counts)
        sizes = np.diff(sets.indptr)
        inter = row_dots(sets[a], sets[b])
        same = inter >= DUPLICATE_JACCARD * (sizes[a] + sizes[b] - inter)
        for x, y in zip(a[same].tolist(), b[same].tolist(), strict=True):
            uf.union(unique[x], unique[y])
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(uf.find(i), []).append(i)
    return list(groups.values())
