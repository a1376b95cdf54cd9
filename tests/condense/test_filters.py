"""Per-chat include/exclude filters applied by build_stories, matched across uk/ru/en."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.condense import build_stories
from bot.condense.query import TopicFilter
from bot.domain import Article
from tests.condense.conftest import NOW


def _story_keys(articles: dict[str, Article], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> set[str]:
    """Each story as its articles' fixture ids, sorted and joined."""
    by_url = {a.url: key for key, a in articles.items()}
    stories = build_stories(list(articles.values()), lang="uk", now=NOW, include=include, exclude=exclude)
    return {"+".join(sorted(by_url[u] for u in s.article_urls)) for s in stories}


KURSK = "kursk-copy+kursk-en+kursk-ru+kursk-up"
KYIV = "kyiv-drones-en+kyiv-drones-uk"


def test_no_filters_keep_all_four_stories(articles: dict[str, Article]) -> None:
    assert _story_keys(articles) == {KURSK, KYIV, "pokrovsk-isw", "grain-en"}


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        (["Kursk"], {KURSK}),
        (["Курськ"], {KURSK}),
        (["Курск"], {KURSK}),
        (["Київ"], {KYIV}),  # the Ukrainian name finds the English and Ukrainian reports alike
        (["Kursk", "Pokrovsk"], {KURSK, "pokrovsk-isw"}),
        (["grain exports"], {"grain-en"}),  # a multi-word topic needs all its words
        (["grain Kharkiv"], set()),
        (["the"], {KURSK, KYIV, "pokrovsk-isw", "grain-en"}),  # nothing left to match on: no filter
    ],
)
def test_include_keeps_stories_about_any_topic(
    articles: dict[str, Article], include: list[str], expected: set[str]
) -> None:
    assert _story_keys(articles, include=include) == expected


@pytest.mark.parametrize(
    ("exclude", "dropped"),
    [
        (["Kyiv"], {KYIV}),
        (["Курск"], {KURSK}),  # Russian spelling drops a story led by a Ukrainian article
        (["Kyiv", "grain"], {KYIV, "grain-en"}),
        (["Odesa"], set()),
    ],
)
def test_exclude_drops_stories_about_any_topic(
    articles: dict[str, Article], exclude: list[str], dropped: set[str]
) -> None:
    assert _story_keys(articles, exclude=exclude) == {KURSK, KYIV, "pokrovsk-isw", "grain-en"} - dropped


def test_exclude_wins_over_include(articles: dict[str, Article]) -> None:
    assert _story_keys(articles, include=["Kursk", "Kyiv"], exclude=["Курськ"]) == {KYIV}


def test_include_fills_the_digest_from_lower_ranked_stories(articles: dict[str, Article]) -> None:
    stories = build_stories(list(articles.values()), lang="en", now=NOW, limit=1, include=["grain"])
    assert [s.article_urls for s in stories] == [(articles["grain-en"].url,)]


def test_a_story_is_about_what_its_headline_or_half_its_reports_name(articles: dict[str, Article]) -> None:
    kursk = [articles[k] for k in ("kursk-up", "kursk-ru", "kursk-en")]
    headline = articles["kursk-up"].title
    # All three reports name Syrskyi, each in its own language.
    assert not TopicFilter(exclude=["Сирський"]).keeps(headline, kursk)
    # Only the Ukrainian report mentions a meeting in Kyiv: a passing mention, not the story's topic.
    assert TopicFilter(exclude=["Kyiv"]).keeps(headline, kursk)
    assert not TopicFilter(exclude=["Kyiv"]).keeps("Meeting in Kyiv on Kursk", kursk)
    assert not TopicFilter(include=["Kyiv"]).keeps(headline, kursk)
    assert TopicFilter(exclude=["Kyiv"]).keeps("", [articles["grain-en"]])
    assert not TopicFilter()
