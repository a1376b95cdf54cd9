"""Near-duplicate detection (syndicated copies) with MinHash signatures and LSH banding.

Exact copies are grouped first by a hash of their normalised tokens, so 10,000 copies of one wire story cost
one signature. Candidates from LSH buckets are verified with the exact Jaccard of their shingle sets, and each
bucket is compared against its first member only, which keeps the work linear even for huge buckets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import count

import numpy as np

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


def _shingles(ids: list[int]) -> np.ndarray:
    arr = np.asarray(ids, dtype=np.uint64)
    if len(arr) < SHINGLE:
        return arr * _MIX
    with np.errstate(over="ignore"):
        h = np.zeros(len(arr) - SHINGLE + 1, dtype=np.uint64)
        for k in range(SHINGLE):
            h = h * _MIX + arr[k : len(arr) - SHINGLE + 1 + k]
    return np.unique(h)


def _signatures(shingles: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures, one row per (non-empty) shingle array, computed a batch of documents at a time
    so numpy's per-call cost is paid per batch rather than per document."""
    rows: list[np.ndarray] = []
    start = 0
    while start < len(shingles):
        end, size = start, 0
        while end < len(shingles) and (size < SIGNATURE_BATCH or end == start):
            size += len(shingles[end])
            end += 1
        batch = shingles[start:end]
        offsets = np.cumsum([0] + [len(s) for s in batch[:-1]])
        with np.errstate(over="ignore"):
            hashed = np.outer(_A, np.concatenate(batch)) + _B[:, None]
        rows.append(np.minimum.reduceat(hashed, offsets, axis=1).T)
        start = end
    return np.vstack(rows) if rows else np.zeros((0, BANDS * ROWS), dtype=np.uint64)


def vocab_ids() -> Callable[[str], int]:
    """A function giving each distinct token its own positive id, the same for the same token."""
    vocab: dict[str, int] = {}
    fresh = count(1).__next__

    def token_id(token: str) -> int:
        found = vocab.get(token)
        if found is None:
            found = vocab[token] = fresh()
        return found

    return token_id


def duplicate_groups(docs: Sequence[Sequence[str]]) -> list[list[int]]:
    """Indices of `docs` (token lists, see text.tokens) grouped into near-duplicate sets, singletons included."""
    n = len(docs)
    uf = _UnionFind(n)
    # Token ids only need to be distinct and reproducible: a counter drawn on every lookup gives both
    # without a len() call per token.
    token_id = vocab_ids()
    exact: dict[tuple[str, ...], int] = {}
    unique: list[int] = []
    ids_of: dict[int, list[int]] = {}
    for i, doc in enumerate(docs):
        key = tuple(doc[:MAX_TOKENS])
        if not key:
            continue  # nothing to compare: an empty article is nobody's copy
        first = exact.setdefault(key, i)
        if first != i:
            uf.union(first, i)
        else:
            unique.append(i)
            ids_of[i] = list(map(token_id, key))
    shingles = {i: _shingles(ids_of[i]) for i in unique}
    signatures = _signatures([shingles[i] for i in unique])
    shingle_sets: dict[int, set[int]] = {}

    def shingle_set(i: int) -> set[int]:
        if i not in shingle_sets:
            shingle_sets[i] = set(shingles[i].tolist())
        return shingle_sets[i]

    buckets: dict[tuple[int, bytes], int] = {}
    for row, i in enumerate(unique):
        sig = signatures[row]
        for band in range(BANDS):
            bucket = (band, sig[band * ROWS : (band + 1) * ROWS].tobytes())
            head = buckets.setdefault(bucket, i)
            if head == i or uf.find(head) == uf.find(i):
                continue
            if _jaccard(shingle_set(head), shingle_set(i)) >= DUPLICATE_JACCARD:
                uf.union(head, i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return list(groups.values())


def _jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)
