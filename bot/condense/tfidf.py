"""TF-IDF over whole batches as sparse matrices: the weights texts are compared by (see evidence.py).

Rows are texts (feature lists, see similarity.features). Each row belongs to a group with its own IDF (the
sentences of one story, or a whole batch of articles), and columns are (group, term) pairs, so rows of
different groups never meet in a product. Rows left out of `fit` (a headline, a test set) are weighted with
their group's IDF without counting towards it; a term only they have weighs as much as the rarest.
Weights are sublinear tf x idf with name keys discounted, rows L2-normalised. One numpy pass replaces a dict
per text: a digest of thousands of articles weighs tens of thousands of sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import methodcaller

import numpy as np
from scipy import sparse

NAME_WEIGHT = 0.7  # a name key repeats what a stem already says in the same language; it matters across them

_is_name = methodcaller("startswith", "@")


@dataclass(frozen=True, slots=True)
class TfIdf:
    matrix: sparse.csr_matrix  # one L2-normalised row per text
    terms: list[str]  # the term of each column

    def row(self, i: int) -> dict[str, float]:
        """Row `i` as a plain {term: weight} vector (see similarity.similarity)."""
        start, end = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        cols = self.matrix.indices[start:end].tolist()
        return dict(zip(map(self.terms.__getitem__, cols), self.matrix.data[start:end].tolist(), strict=True))


def tfidf(
    rows: Sequence[Sequence[str]], groups: np.ndarray | None = None, fit: np.ndarray | None = None
) -> TfIdf:
    """Weigh `rows` (feature lists): IDF per group (`groups[i]` of row i, one group if None) from the rows
    where `fit` is true (all if None)."""
    n_rows = len(rows)
    group = np.zeros(n_rows, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    fitted = np.ones(n_rows, dtype=bool) if fit is None else np.asarray(fit, dtype=bool)
    flat = list(chain.from_iterable(rows))
    vocab = {term: i for i, term in enumerate(dict.fromkeys(flat))}
    n_terms = max(len(vocab), 1)
    term_ids = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))
    row_of = np.repeat(np.arange(n_rows), np.fromiter(map(len, rows), dtype=np.int64, count=n_rows))
    # One entry per distinct (row, term), sorted by row then term: the CSR layout.
    keys, tf = np.unique(row_of * n_terms + term_ids, return_counts=True)
    entry_row, entry_term = keys // n_terms, keys % n_terms
    columns, entry_col = np.unique(group[entry_row] * n_terms + entry_term, return_inverse=True)
    col_group, col_term = columns // n_terms, columns % n_terms
    df = np.bincount(entry_col[fitted[entry_row]], minlength=len(columns))
    fit_rows = np.bincount(group[fitted], minlength=int(group.max(initial=0)) + 1)
    idf = np.log((fit_rows[col_group] + 1) / (df + 1)) + 1.0
    is_name = np.fromiter(map(_is_name, vocab), dtype=bool, count=len(vocab))
    if is_name.any():
        idf[is_name[col_term]] *= NAME_WEIGHT
    weights = (1.0 + np.log(tf)) * idf[entry_col]
    norms = np.sqrt(np.bincount(entry_row, weights * weights, minlength=n_rows))
    weights /= norms[entry_row]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(entry_row, minlength=n_rows))))
    matrix = sparse.csr_matrix((weights, entry_col, indptr), shape=(n_rows, len(columns)))
    terms = list(vocab)
    return TfIdf(matrix, [terms[t] for t in col_term.tolist()])


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) by sorting: numpy 2's hash-based unique is many times slower on large int arrays."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _normalize_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    out = sparse.csr_matrix(sparse.diags(scale) @ matrix)
    out.eliminate_zeros()
    return out


def centroid_similarities(
    matrix: sparse.csr_matrix, group: np.ndarray, members: np.ndarray | None = None
) -> np.ndarray:
    """Cosine of each row with its group's centroid: the normalised sum of the group's member rows (every row
    is a member unless `members` says otherwise)."""
    weights = np.ones(len(group)) if members is None else members.astype(np.float64)
    n_groups = int(group.max(initial=-1)) + 1
    indicator = sparse.csr_matrix((weights, (group, np.arange(len(group)))), shape=(n_groups, len(group)))
    centroids = _normalize_rows(sparse.csr_matrix(indicator @ matrix))
    return row_dots(matrix, centroids[group])


def row_dots(left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
    """Dot product of each row of `left` with the same row of `right`."""
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()
