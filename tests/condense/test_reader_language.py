"""In the reader's language: which language a story is told in, and which stories a reader gets.

The feeds (tests/fixtures/readerlang, our own) carry four war stories: a refinery strike reported in en and ru,
a bombing of Kharkiv in uk and en, a report from Kupiansk in ru only and a sanctions package in en only.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, datetime

import pytest

from bot.collect.feeds import parse_feed
from bot.condense import build_stories, detect_lang
from bot.condense.stories import display_lang, readable_first
from bot.domain import Article, SourceSpec, Story
from tests.conftest import FIXTURES

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
OUTLETS = {"en": "Frontline Wire", "uk": "Фронтові новини", "ru": "Независимые новости"}


def feed_articles() -> list[Article]:
    return [
        article
        for lang, name in OUTLETS.items()
        for article in parse_feed(
            (FIXTURES / "readerlang" / f"{lang}.xml").read_bytes(),
            http_charset=None,
            spec=SourceSpec(key=f"test-{lang}", name=name, url=f"https://{lang}.example/feed", lang=lang),
            now=NOW,
        )
    ]


def _event(story: Story) -> str:
    return {"ryazan": "refinery", "kharkiv": "kharkiv", "kupiansk": "kupiansk", "sanctions": "sanctions"}[
        next(key for key in ("ryazan", "kharkiv", "kupiansk", "sanctions") if any(key in u for u in story.article_urls))
    ]


@pytest.mark.parametrize(
    ("langs", "lang", "reads", "shown"),
    [
        ({"ru": 2, "en": 1}, "uk", (), "ru"),  # nobody said what the reader reads: the most reports
        ({"ru": 2, "en": 1}, "uk", ("uk", "en"), "en"),  # a language the reader reads beats a majority
        ({"ru": 2, "en": 1, "uk": 1}, "uk", ("uk", "en"), "uk"),  # the chat's language whenever it is there
        ({"ru": 1, "en": 1}, "uk", ("uk", "ru"), "ru"),
        ({"ru": 2, "en": 1}, "uk", ("uk", "en", "ru"), "ru"),  # several read: the one with most reports
        ({"ru": 1, "en": 1}, "uk", ("en", "uk", "ru"), "en"),  # a tie: the reader's order
        ({"ru": 3}, "en", ("en",), "ru"),  # nothing readable: as written (translated or listed by the caller)
        ({"uk": 1, "en": 1}, "uk", ("en",), "en"),  # the chat's language, but the chat said it does not read it
        ({"other": 2, "en": 1}, "ru", ("ru",), "other"),
    ],
)
def test_the_language_a_story_is_told_in(langs: dict[str, int], lang: str, reads: tuple[str, ...], shown: str) -> None:
    assert display_lang(Counter(langs), lang, reads) == shown


@pytest.mark.parametrize(
    ("lang", "reads", "languages"),
    [
        ("uk", ("uk", "en"), {"refinery": "en", "kharkiv": "uk", "kupiansk": "ru", "sanctions": "en"}),
        ("uk", ("uk", "ru"), {"refinery": "ru", "kharkiv": "uk", "kupiansk": "ru", "sanctions": "en"}),
        ("ru", ("ru", "en"), {"refinery": "ru", "kharkiv": "en", "kupiansk": "ru", "sanctions": "en"}),
        ("en", ("en",), {"refinery": "en", "kharkiv": "en", "kupiansk": "ru", "sanctions": "en"}),
        ("en", ("en", "uk"), {"refinery": "en", "kharkiv": "en", "kupiansk": "ru", "sanctions": "en"}),
    ],
)
def test_headline_and_summary_come_from_the_reports_in_the_story_language(
    lang: str, reads: tuple[str, ...], languages: dict[str, str]
) -> None:
    articles = feed_articles()
    stories = build_stories(articles, lang=lang, now=NOW, war_only=True, reads=reads, limit=10)
    assert {_event(s): s.lang for s in stories} == languages
    for story in stories:
        assert story.headline in {a.title for a in articles if a.lang == story.lang}
        assert story.sentences and all(detect_lang(s) == story.lang for s in story.sentences), story.sentences
    refinery = next(s for s in stories if _event(s) == "refinery")
    assert {link.name for link in refinery.sources} == {OUTLETS["en"], OUTLETS["ru"]}  # one story, both credited


def test_a_headline_is_never_another_languages_over_this_languages_summary() -> None:
    """The chat's language has a report without a title: its first sentence heads the story, not the title of
    the English report (the summary is drawn from the Ukrainian report)."""
    articles = [a if a.lang != "uk" else dataclasses.replace(a, title="") for a in feed_articles()]
    kharkiv = next(s for s in build_stories(articles, lang="uk", now=NOW, reads=("uk", "en")) if _event(s) == "kharkiv")
    assert kharkiv.lang == "uk" and len(kharkiv.sources) == 2
    assert detect_lang(kharkiv.headline) == "uk" and kharkiv.headline.startswith("Російська армія")


@pytest.mark.parametrize("limit", [1, 2, 3, 4])
def test_limit_counts_the_stories_a_reader_can_read(limit: int) -> None:
    everything = build_stories(feed_articles(), lang="en", now=NOW, limit=10)
    stories = build_stories(feed_articles(), lang="en", now=NOW, limit=limit, reads=("en",))
    readable = [s for s in stories if s.lang == "en"]
    assert len(readable) == min(limit, 3)
    # Stories in other languages come along only where they rank above the last readable one, in rank order.
    assert [s.headline for s in stories] == [s.headline for s in everything][: everything.index(readable[-1]) + 1]


@pytest.mark.parametrize(
    ("ranked", "limit", "shown", "others"),
    [
        ("AbCdE", 2, "AC", "b"),  # capitals: readable; lower case: in another language
        ("abcDE", 2, "DE", "ab"),  # at most `limit` of the others
        ("AB", 5, "AB", ""),
        ("abc", 2, "", "ab"),
        ("aBcD", 1, "B", "a"),
        ("", 3, "", ""),
    ],
)
def test_readable_first(ranked: str, limit: int, shown: str, others: str) -> None:
    got = readable_first(ranked, limit, str.isupper)
    assert ("".join(got[0]), "".join(got[1])) == (shown, others)
