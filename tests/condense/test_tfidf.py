"""Batch TF-IDF matrices: the weighting, per-group IDF, fit rows, and the batched summariser built on them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.condense.prepared import prepare_all
from bot.condense.similarity import similarity
from bot.condense.summarize import summarize, summarize_many
from bot.condense.tfidf import NAME_WEIGHT, centroid_similarities, distinct, tfidf
from bot.domain import Article


def test_weights_are_sublinear_tf_times_idf_with_names_discounted() -> None:
    weights = tfidf([["a", "a", "@kv"], ["a", "b"]])
    idf_a, idf_rare = math.log(3 / 3) + 1, math.log(3 / 2) + 1
    raw = {"a": (1 + math.log(2)) * idf_a, "@kv": idf_rare * NAME_WEIGHT}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    assert weights.row(0) == pytest.approx({t: w / norm for t, w in raw.items()})
    assert similarity(weights.row(1), weights.row(1)) == pytest.approx(1.0)


def test_groups_have_their_own_idf_and_never_meet() -> None:
    rows = [["kyiv", "drones"], ["kyiv", "drones"], ["kyiv", "grain"], ["kyiv", "grain"]]
    weights = tfidf(rows, groups=np.array([0, 0, 1, 1]))
    # "drones" is in both rows of group 0, so it weighs like "kyiv" there; the groups share no column.
    assert weights.row(0) == pytest.approx({"kyiv": math.sqrt(0.5), "drones": math.sqrt(0.5)})
    assert (weights.matrix[:2] @ weights.matrix[2:].T).nnz == 0


def test_rows_outside_fit_are_weighed_but_do_not_count() -> None:
    rows = [["war"], ["war"], ["war", "peace"]]
    weights = tfidf(rows, fit=np.array([True, True, False]))
    # "peace" is unseen in the fitted rows: the weight of the rarest term, log(2 + 1) + 1.
    row = weights.row(2)
    assert row["peace"] / row["war"] == pytest.approx((math.log(3) + 1) / (math.log(3 / 3) + 1))


def test_empty_rows_and_empty_batches() -> None:
    weights = tfidf([[], ["a"], []])
    assert weights.row(0) == {} and weights.row(1) == {"a": 1.0}
    assert tfidf([]).matrix.shape == (0, 0)
    assert centroid_similarities(weights.matrix, np.array([0, 0, 1])).tolist() == [0.0, 1.0, 0.0]


def test_distinct_is_sorted_unique() -> None:
    assert distinct(np.array([5, 1, 5, 3, 1])).tolist() == [1, 3, 5]
    assert distinct(np.array([], dtype=np.int64)).tolist() == []


def test_batched_summaries_equal_one_at_a_time(articles: dict[str, Article]) -> None:
    docs = prepare_all(list(articles.values()))
    stories = [(docs[:1], ""), (docs[1:3], docs[1].title), ([], "nothing"), (docs[3:], "")]
    one_by_one = [summarize(d, max_sentences=2, headline=h) for d, h in stories]
    assert summarize_many(stories, max_sentences=2) == one_by_one
    assert one_by_one[2] == [] and all(one_by_one[k] for k in (0, 1, 3))
    assert summarize_many([], max_sentences=3) == []
    assert summarize_many(stories, max_sentences=0) == [[], [], [], []]
