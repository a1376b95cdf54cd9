"""Topic matching across Ukrainian, Russian and English spellings."""

from __future__ import annotations

import dataclasses

import pytest

from bot.condense import matches_query
from bot.condense.query import filter_conflicts, searchable
from bot.domain import Article


def _with_title(article: Article, title: str) -> Article:
    return dataclasses.replace(article, title=title, text="", summary="")


@pytest.mark.parametrize(
    ("query", "title", "expected"),
    [
        ("Kursk", "Бої на Курщині тривають", True),
        ("Kursk", "Бои в Курской области", True),
        ("Курськ", "Fighting in Kursk Oblast", True),
        ("Kharkiv", "Удар по Харькову", True),
        ("Харків", "Obstrili Kharkiv region", True),
        ("Zaporizhzhia", "Ситуація на Запоріжжі", True),
        ("Kyiv", "Атака на Київ", True),
        ("Kyiv", "Кава подорожчала", False),
        ("Kursk", "Курс долара зріс", False),
        ("Pokrovsk", "Бої на Покровському напрямку", True),
        ("Donetsk", "На Донеччині триває евакуація", True),
        ("Kursk", "Обстріл Сум", False),
    ],
)
def test_matches_query(articles: dict[str, Article], query: str, title: str, expected: bool) -> None:
    assert matches_query(_with_title(articles["grain-en"], title), query) is expected


def test_empty_query_matches_everything(articles: dict[str, Article]) -> None:
    assert matches_query(articles["grain-en"], "")
    assert matches_query(articles["grain-en"], "  the  ")


def test_boilerplate_does_not_match(articles: dict[str, Article]) -> None:
    # The Kursk article links to a Pokrovsk story under "Читайте також"; that is not what it is about.
    assert not matches_query(articles["kursk-up"], "Pokrovsk")


@pytest.mark.parametrize(
    "topic", ["%", "...", "—", "#", "_", "___", "🔥", "🔥🔥", "🇺🇦", "x", "the", "of the", "region", "the region",
              "«»", "❤️", "(!)", "область"],
    ids=repr,
)  # fmt: skip
def test_topics_without_a_word_to_look_for(topic: str) -> None:
    assert not searchable(topic)


@pytest.mark.parametrize("topic", ["Kursk", "курськ", "#Kursk", "🔥Kyiv", "2025", "Kursk region", "ЗСУ"], ids=repr)
def test_topics_with_a_word(topic: str) -> None:
    assert searchable(topic)


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (["Kursk"], ["Kursk"], [("Kursk", "Kursk")]),
        (["Kursk"], ["Курськ"], [("Kursk", "Курськ")]),
        (["Курск"], ["kursk"], [("Курск", "kursk")]),
        (["київ"], ["Kyiv"], [("київ", "Kyiv")]),
        (["Харків"], ["Kharkiv"], [("Харків", "Kharkiv")]),
        (["Kursk region"], ["Kursk"], [("Kursk region", "Kursk")]),
        (["Курщина"], ["Kursk"], [("Курщина", "Kursk")]),
        (["Kyiv", "Pokrovsk"], ["Покровськ"], [("Pokrovsk", "Покровськ")]),
        (["Kursk"], ["Kursk Sudzha"], []),  # Kursk stories without Sudzha still show
        (["Kyiv"], ["Kursk"], []),
        (["Kyiv"], ["кава"], []),
        ([], ["Kursk"], []),
        (["Kursk"], [], []),
    ],
)
def test_filter_conflicts(include: list[str], exclude: list[str], expected: list[tuple[str, str]]) -> None:
    assert filter_conflicts(include, exclude) == expected
