"""Near-duplicate detection, same-story clustering and ranking on plain data."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot.condense.cluster import cluster, vectorize_all
from bot.condense.dedup import duplicate_groups
from bot.condense.facts import fact_score
from bot.condense.prepared import prepare_all
from bot.condense.rank import story_score
from bot.condense.text import tokens
from bot.domain import Article
from tests.condense.conftest import NOW

WIRE = (
    "Russian forces launched 28 Shahed drones at Kyiv overnight, and air defences shot down 24 of them, "
    "Ukraine's air force said on Tuesday. Debris fell in the Darnytskyi district, damaging a private house, "
    "according to the city military administration. No casualties were reported. The alert lasted more than "
    "three hours, the longest this month, officials said."
)


def test_syndicated_copies_with_small_edits_are_duplicates() -> None:
    edited = WIRE.replace("on Tuesday", "early on Tuesday") + " Subscribe to our channel."
    other = "Ukraine's grain exports rose 10% in July to 2.3 million tons, agriculture ministry data showed."
    groups = duplicate_groups([tokens(WIRE), tokens(edited), tokens(other), tokens(WIRE)])
    assert sorted(sorted(g) for g in groups) == [[0, 1, 3], [2]]


def test_empty_documents_are_singletons() -> None:
    assert sorted(sorted(g) for g in duplicate_groups([[], [], tokens(WIRE)])) == [[0], [1], [2]]


def test_same_event_rewritten_clusters_but_different_event_does_not(articles: dict[str, Article]) -> None:
    base = articles["kyiv-drones-en"]
    rewrite = dataclasses.replace(
        base,
        url="https://example.org/rewrite",
        title="Kyiv: air defence downs 24 of 28 Shahed drones in overnight attack",
        text="Ukrainian air defences destroyed 24 of the 28 Shahed drones Russia launched at Kyiv overnight, "
        "the air force reported. A private house in Darnytskyi district was damaged by falling debris.",
    )
    docs = prepare_all([base, rewrite, articles["grain-en"], articles["pokrovsk-isw"]])
    vectorize_all(docs)
    groups = sorted(sorted(g) for g in cluster(docs))
    assert groups == [[0, 1], [2], [3]]


def test_articles_days_apart_are_different_stories(articles: dict[str, Article]) -> None:
    base = articles["pokrovsk-isw"]
    later = dataclasses.replace(base, url="https://example.org/later", published=base.published + timedelta(days=5))
    docs = prepare_all([base, later])
    vectorize_all(docs)
    assert len(cluster(docs)) == 2


@pytest.mark.parametrize(
    ("sentence", "at_least", "at_most"),
    [
        ("Ukraine controls 1,000 km² of Kursk Oblast, according to DeepState.", 1.5, 4.0),
        ("За даними ISW, росіяни просунулися на 15 км² біля Покровська.", 1.5, 4.0),
        ("It was a difficult day for everyone.", 0.0, 0.0),
    ],
)
def test_fact_score(sentence: str, at_least: float, at_most: float) -> None:
    assert at_least <= fact_score(sentence) <= at_most


def test_story_score_orders_outlets_and_recency() -> None:
    fresh_many = story_score(independent_outlets=5, newest=NOW, now=NOW, facts=1.0)
    fresh_one = story_score(independent_outlets=1, newest=NOW, now=NOW, facts=1.0)
    old_many = story_score(independent_outlets=5, newest=NOW - timedelta(hours=36), now=NOW, facts=1.0)
    assert fresh_many > fresh_one
    assert fresh_many > old_many
    # A table of numbers cannot outweigh a widely reported event.
    assert story_score(independent_outlets=1, newest=NOW, now=NOW, facts=100.0) < fresh_many
