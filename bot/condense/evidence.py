"""Whether two reports tell one event: the evidence of a pair, weighed into log-odds.

Within a language shared wording says most: "full", the TF-IDF cosine of headline and lead. Across languages
stems cannot meet; names (consonant skeletons, see names.py) and numbers can, so "pieces" counts the distinct
names and numbers two reports share, and "two+" marks at least two of them: one city is in a great many
unrelated reports. (A count, not a cosine of names: between two short reports with one name each, one shared
city would make a perfect cosine.) With the multilingual
model installed (see embedding.py), "cos", the cosine of the two gists' vectors (headline and the start of the
lead), adds its word: it reads the rest of the text, which across languages the lexical evidence cannot.

The weights are logistic regressions over the candidate pairs (see cluster.py) of the train half of
news_real_dev (split by event), one without the model and one with it; `python bench/stories.py --fit` fits
them again and prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from bot.condense.similarity import is_anchor, is_short_name
from bot.condense.tfidf import TfIdf

MAX_PIECES = 4  # past four shared names and numbers, more say nothing new

# Logistic-regression weights of LEXICAL_FEATURES (without the model) and of MODEL_FEATURES (with it, for every
# pair: the model's cosine helps within a language too once the vectors are centred per language).
LEXICAL_FEATURES = ("bias", "full", "cross*full", "pieces", "two+", "cross")
LEXICAL_WEIGHTS = (-2.76, 4.13, 1.99, 0.79, 0.67, 1.03)
MODEL_FEATURES = (*LEXICAL_FEATURES, "cos", "cross*cos")
MODEL_WEIGHTS = (-4.17, 5.51, 1.19, 1.03, 0.06, 1.28, 1.69, 4.21)
SAME_STORY = 0.0  # log-odds from which a pair is taken for one event: even odds
# Within a language, wording alone can tell one event: a pair this close (TF-IDF cosine; the threshold tuned on
# ParaPhraser's train split, see bench/samestory.py) is one, whatever names and numbers it shares. The dev set
# has too few such pairs without names for the regression to learn it.
SAME_WORDING = 0.33


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """The lexical evidence of pairs of texts, one entry per pair."""

    full: np.ndarray  # TF-IDF cosine of the two texts
    pieces: np.ndarray  # how many names and numbers they share (those that are evidence), at most MAX_PIECES
    cross: np.ndarray  # whether the two are in different languages

    def take(self, index: np.ndarray) -> PairEvidence:
        """The evidence of the pairs at `index`."""
        return PairEvidence(self.full[index], self.pieces[index], self.cross[index])

    def lexical_features(self) -> np.ndarray:
        """One row per pair, columns as LEXICAL_FEATURES."""
        cross = self.cross.astype(np.float64)
        two = (self.pieces >= 2).astype(np.float64)
        return np.stack([np.ones_like(self.full), self.full, cross * self.full, self.pieces, two, cross], 1)

    def model_features(self, cos: np.ndarray) -> np.ndarray:
        """One row per pair, columns as MODEL_FEATURES (`cos`: the model's cosine of the two gists)."""
        return np.concatenate([self.lexical_features(), np.stack([cos, self.cross * cos], 1)], 1)

    def logit(self) -> np.ndarray:
        """Log-odds that each pair tells one event, on the lexical evidence."""
        logits = self.lexical_features() @ np.asarray(LEXICAL_WEIGHTS)
        worded = ~self.cross & (self.full >= SAME_WORDING)
        logits[worded] = np.maximum(logits[worded], SAME_STORY)
        return logits

    def model_logit(self, cos: np.ndarray) -> np.ndarray:
        """The same with the model's cosine `cos` of the two gists."""
        return self.model_features(cos) @ np.asarray(MODEL_WEIGHTS)


PAIR_BLOCK = 20_000  # pairs whose rows are gathered at once: a big batch's candidates would take a gigabyte


def pair_evidence(lead: TfIdf, a: np.ndarray, b: np.ndarray, langs: np.ndarray) -> PairEvidence:
    """The evidence of pairs (a[k], b[k]) of rows of `lead` (langs: each row's language)."""
    blocks = [_block_evidence(lead, a[i : i + PAIR_BLOCK], b[i : i + PAIR_BLOCK]) for i in range(0, len(a), PAIR_BLOCK)]
    return PairEvidence(
        full=np.concatenate([full for full, _ in blocks]) if blocks else np.zeros(0),
        pieces=np.concatenate([pieces for _, pieces in blocks]) if blocks else np.zeros(0),
        cross=langs[a] != langs[b],
    )


def _block_evidence(lead: TfIdf, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(full, pieces) of the pairs (a[k], b[k])."""
    products = sparse.csr_matrix(lead.matrix[a].multiply(lead.matrix[b]))
    products.eliminate_zeros()
    terms = [lead.terms[c] for c in products.indices.tolist()]
    counts = _evidence(products, terms)
    rows = np.repeat(np.arange(len(a)), np.diff(products.indptr))
    full = np.asarray(products.sum(axis=1)).ravel()
    return full, np.minimum(np.bincount(rows[counts], minlength=len(a)), MAX_PIECES).astype(np.float64)


def _is_anchor(terms: Sequence[str]) -> np.ndarray:
    return np.fromiter(map(is_anchor, terms), dtype=bool, count=len(terms))


def _evidence(shared: sparse.csr_matrix, terms: Sequence[str]) -> np.ndarray:
    """Which entries of `shared` (the terms two texts share, one row per pair, `terms` naming its entries) are
    evidence across languages: names and numbers (see similarity.is_anchor). A short name (Kyiv, Rada) is in so
    many reports that it counts only beside a shared number: "Kyiv" and "28" are one event, "Rada" and "Servant of
    the People" are Ukrainian politics."""
    rows = len(shared.indptr) - 1
    row_of = np.repeat(np.arange(rows), np.diff(shared.indptr))
    anchor = _is_anchor(terms)
    short = np.fromiter(map(is_short_name, terms), dtype=bool, count=len(terms))
    number = anchor & np.fromiter((t[0].isdigit() for t in terms), dtype=bool, count=len(terms))
    has_number = np.bincount(row_of[number], minlength=rows) > 0
    return anchor & (~short | has_number[row_of])
