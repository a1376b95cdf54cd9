"""build_stories end to end on our multilingual fixtures."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.condense import build_stories
from bot.domain import Article, Story
from tests.condense.conftest import NOW


def _story_with(stories: list[Story], url: str) -> Story:
    return next(s for s in stories if url in s.article_urls)


def test_same_event_in_three_languages_is_one_story(articles: dict[str, Article]) -> None:
    stories = build_stories(list(articles.values()), lang="uk", now=NOW)
    kursk = _story_with(stories, articles["kursk-up"].url)
    for key in ("kursk-copy", "kursk-ru", "kursk-en"):
        assert articles[key].url in kursk.article_urls
    # One link per outlet; the chat's language leads.
    names = [link.name for link in kursk.sources]
    assert len(names) == len(set(names)) == 4
    assert names[0] in ("Українська правда", "Укрінформ")
    assert kursk.lang == "uk"
    assert "1000 км²" in kursk.headline
    # The most widely reported story comes first.
    assert stories[0] is kursk
    assert len(stories) == 4


@pytest.mark.parametrize(("lang", "marker"), [("uk", "км²"), ("ru", "Курской"), ("en", "Kursk Oblast")])
def test_headline_and_summary_follow_chat_language(articles: dict[str, Article], lang: str, marker: str) -> None:
    kursk = _story_with(build_stories(list(articles.values()), lang=lang, now=NOW), articles["kursk-en"].url)
    assert kursk.lang == lang
    assert marker in kursk.headline


def test_summary_keeps_facts_and_drops_boilerplate(articles: dict[str, Article]) -> None:
    kursk = _story_with(build_stories(list(articles.values()), lang="en", now=NOW), articles["kursk-en"].url)
    assert 1 <= len(kursk.sentences) <= 3
    joined = " ".join(kursk.sentences)
    assert "1,000 square kilometers" in joined
    assert "According to DeepState, Ukrainian units advanced another 3 km near the town of Sudzha." in joined
    assert "Read also" not in joined and "Jane Smith" not in joined


def test_summary_sentences_are_not_redundant(articles: dict[str, Article]) -> None:
    kursk = _story_with(build_stories(list(articles.values()), lang="uk", now=NOW), articles["kursk-up"].url)
    # The syndicated copy repeats every sentence; each must appear once.
    assert len(set(kursk.sentences)) == len(kursk.sentences)
    assert "Читайте також" not in " ".join(kursk.sentences)


def test_ranking_prefers_outlets_then_recency(articles: dict[str, Article]) -> None:
    stories = build_stories(list(articles.values()), lang="en", now=NOW)
    assert [s.score for s in stories] == sorted((s.score for s in stories), reverse=True)
    assert stories[-1].article_urls == (articles["grain-en"].url,)  # one outlet, oldest


def test_limit_and_max_sentences(articles: dict[str, Article]) -> None:
    stories = build_stories(list(articles.values()), lang="en", now=NOW, limit=2, max_sentences=1)
    assert len(stories) == 2
    assert all(len(s.sentences) == 1 for s in stories)


@pytest.mark.parametrize("query", ["Kursk", "Курськ", "Курск", "Курщина", "kursk region", "Сирський"])
def test_query_selects_one_topic_across_languages(articles: dict[str, Article], query: str) -> None:
    stories = build_stories(list(articles.values()), lang="en", now=NOW, query=query)
    assert len(stories) == 1
    assert len(stories[0].sources) == 4


def test_query_without_match_gives_nothing(articles: dict[str, Article]) -> None:
    assert build_stories(list(articles.values()), lang="en", now=NOW, query="Odesa") == []


def test_story_of_one_article(articles: dict[str, Article]) -> None:
    [story] = build_stories([articles["pokrovsk-isw"]], lang="uk", now=NOW)
    assert story.lang == "en"  # nothing in Ukrainian: the article's own language
    assert story.headline == "ISW: Russian forces advance southeast of Pokrovsk"
    assert story.sources[0].name == "The Kyiv Independent"
    assert story.published == NOW - timedelta(hours=20)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", ""),
        ("Only a title, no body", ""),
        ("", "Тільки текст без заголовка. Друге речення тексту тут."),
        ("<b>HTML</b> title", "<div><p>Body &amp; more</p><img src=x></div>"),
        ("Заголовок", "x" * 200_000),
        ("标题", "这是一个中文句子。这是另一个句子。"),
    ],
    ids=["empty", "title-only", "body-only", "html", "huge-word", "chinese"],
)
def test_bad_input_gives_a_story_not_an_exception(articles: dict[str, Article], title: str, text: str) -> None:
    article = dataclasses.replace(articles["grain-en"], title=title, text=text)
    stories = build_stories([article], lang="uk", now=NOW)
    assert len(stories) == 1
    assert stories[0].sources[0].url == article.url


def test_many_copies_of_one_article_are_one_story(articles: dict[str, Article]) -> None:
    base = articles["kyiv-drones-en"]
    copies = [dataclasses.replace(base, url=f"{base.url}?copy={i}", source_key=f"s{i % 7}") for i in range(10_000)]
    [story] = build_stories(copies, lang="en", now=NOW)
    assert len(story.article_urls) == 10_000
    assert len(story.sources) == 7


def test_empty_input() -> None:
    assert build_stories([], lang="uk", now=NOW) == []


@pytest.fixture
def local_time_is_not_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Naive times read as the machine's local time would differ from UTC by hours here."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_time_is_not_utc")
@pytest.mark.parametrize(("naive_article", "naive_now"), [(True, True), (True, False), (False, True)])
def test_naive_datetimes_are_taken_as_utc(articles: dict[str, Article], naive_article: bool, naive_now: bool) -> None:
    published = NOW - timedelta(hours=2)
    article = dataclasses.replace(
        articles["grain-en"], published=published.replace(tzinfo=None) if naive_article else published
    )
    [story] = build_stories([article], lang="en", now=NOW.replace(tzinfo=None) if naive_now else NOW)
    assert story.published == published and story.published.utcoffset() == timedelta(0)  # the same instant


def test_huge_article_is_cut_not_choked_on(articles: dict[str, Article]) -> None:
    base = articles["kyiv-drones-en"]
    huge = dataclasses.replace(base, text=(base.text + "\n") * 5000)  # about 2 MB
    [story] = build_stories([huge], lang="en", now=NOW)
    assert 1 <= len(story.sentences) <= 3
    assert all(len(s) < 500 for s in story.sentences)


def test_mixed_scripts_and_markup_in_one_batch(articles: dict[str, Article]) -> None:
    odd = [
        dataclasses.replace(articles["grain-en"], url=f"https://example.org/{i}", title=title, text=text)
        for i, (title, text) in enumerate(
            [
                ("Ελληνικά νέα", "Αυτό είναι ένα ελληνικό κείμενο. Δεύτερη πρόταση εδώ."),
                ("<script>alert(1)</script>", "<p>&lt;b&gt;escaped&lt;/b&gt; &#x41; &bogus; text</p>"),
                ("\x00\x01 control", "\ufeff\u200b zero width and BOM"),
            ]
        )
    ]
    stories = build_stories([*odd, *articles.values()], lang="uk", now=NOW, limit=50)
    urls = {u for s in stories for u in s.article_urls}
    assert {a.url for a in odd} <= urls
    assert all("<script>" not in s.headline for s in stories)
