"""render_digest: header, stories with linked sources, footer, parts within Telegram's limit."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Digest, SourceLink, Story
from bot.render import render_digest, utf16_len
from tests.render.test_html import hostile_text
from tests.support.tghtml import parse_html

UNTIL = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)


def story(headline: str, sentences: tuple[str, ...], sources: tuple[SourceLink, ...], lang: str = "uk") -> Story:
    return Story(headline, sentences, sources, UNTIL, 1.0, lang)


def digest(stories: list[Story], lang: str = "uk", footer: str = "") -> Digest:
    return Digest(lang, UNTIL - timedelta(hours=12), UNTIL, tuple(stories), footer=footer)


def test_header_story_and_sources() -> None:
    s = story(
        "Сили оборони відбили 12 атак біля Покровська",
        ("За даними DeepState, ворог просунувся на 2 км².", "ISW підтверджує."),
        (SourceLink("Українська правда", "https://www.pravda.com.ua/news/1/?a=1&b=2"),
         SourceLink("ISW", "https://understandingwar.org/x")),
    )  # fmt: skip
    [part] = render_digest(digest([s], footer="Фронт: без змін"), tz="Europe/Kyiv")
    text = parse_html(part)
    assert text.startswith("Frontline Digest · 3 березня 2025\nНовини з 03.03 08:00 до 03.03 20:00 (Europe/Kyiv)")
    assert "<b>1. Сили оборони відбили 12 атак біля Покровська</b>" in part
    assert '<a href="https://www.pravda.com.ua/news/1/?a=1&amp;b=2">Українська правда</a>' in part
    assert "джерел: 2" in text and "2 км²" in text and text.endswith("Фронт: без змін")


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_empty_digest_says_so(lang: str) -> None:
    [part] = render_digest(digest([], lang=lang), tz="Europe/Kyiv")
    assert len(parse_html(part).splitlines()) == 4  # title, period, blank line, "no new stories"


def test_bad_timezone_falls_back_and_title_override_is_escaped() -> None:
    d = Digest("en", UNTIL - timedelta(hours=1), UNTIL, (), title="/summary <Kursk>")
    [part] = render_digest(d, tz="Not/AZone")
    assert part.startswith("<b>/summary &lt;Kursk&gt;</b>")


def test_many_stories_split_on_story_boundaries() -> None:
    stories = [story(f"Headline {i}", ("Sentence " * 60,), (SourceLink("Outlet", f"https://o.ua/{i}"),))
               for i in range(40)]  # fmt: skip
    parts = render_digest(digest(stories), tz="UTC")
    assert len(parts) > 2
    for part in parts[1:]:
        assert part.startswith("<b>")
        parse_html(part)
    assert all(utf16_len(p) <= 4096 for p in parts)
    joined = "".join(parts)
    assert [joined.count(f"<b>{i}. Headline") for i in (1, 40)] == [1, 1]


@pytest.mark.parametrize("seed", range(25))
def test_hostile_digests_stay_valid(seed: int) -> None:
    rng = random.Random(seed)
    stories = [
        story(hostile_text(rng, rng.randint(0, 40)),
              tuple(hostile_text(rng, rng.randint(0, 600)) for _ in range(rng.randint(0, 3))),
              tuple(SourceLink(hostile_text(rng, 5), rng.choice(["https://ok.ua/a?b=<c>&d", "javascript:1", ""]))
                    for _ in range(rng.randint(0, 8))))
        for _ in range(rng.randint(0, 30))
    ]  # fmt: skip
    parts = render_digest(digest(stories, lang=rng.choice(["en", "uk", "ru", "xx"]),
                                 footer=hostile_text(rng, 300)), tz="Europe/Kyiv")  # fmt: skip
    assert parts
    for part in parts:
        assert utf16_len(part) <= 4096
        assert parse_html(part).strip()
        assert all(href.startswith("http") for href in re.findall(r'<a href="([^"]*)"', part))


def test_an_empty_digest_says_why_when_it_knows() -> None:
    note = "No story matched your filter (only: <Kursk>). /filter clear shows everything."
    [part] = render_digest(Digest("en", UNTIL - timedelta(hours=1), UNTIL, (), empty=note), tz="UTC")
    assert parse_html(part).endswith(note) and "No new stories" not in part
