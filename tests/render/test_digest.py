"""render_digest: header, stories with linked sources, footer, parts within Telegram's limit."""

from __future__ import annotations

import dataclasses
import random
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Digest, MapCheck, MapVerdict, SourceLink, Story
from bot.i18n import t
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
    stories = [dataclasses.replace(s, lang=rng.choice(["en", "uk", "ru", "other"]),
                                   translated_from=rng.choice(["", "en", "ru", "other"]),
                                   map_checks=tuple(MapCheck(hostile_text(rng, 30), rng.choice(list(MapVerdict)), UNTIL)
                                                    for _ in range(rng.randint(0, 2)))) for s in stories]  # fmt: skip
    hostile = digest(stories, lang=rng.choice(["en", "uk", "ru", "xx"]), footer=hostile_text(rng, 300))
    others = tuple(s for s in stories if rng.random() < 0.3)  # the same stories as other languages' line, too
    parts = render_digest(dataclasses.replace(hostile, others=others), tz="Europe/Kyiv")
    assert parts
    for part in parts:
        assert utf16_len(part) <= 4096
        assert parse_html(part).strip()
        assert all(href.startswith("http") for href in re.findall(r'<a href="([^"]*)"', part))


def test_an_empty_digest_says_why_when_it_knows() -> None:
    note = "No story matched your filter (only: <Kursk>). /filter clear shows everything."
    [part] = render_digest(Digest("en", UNTIL - timedelta(hours=1), UNTIL, (), empty=note), tz="UTC")
    assert parse_html(part).endswith(note) and "No new stories" not in part


RYAZAN_EN = Story("Drones hit Ryazan oil refinery", ("A fire covered 1,500 square metres.",),
                  (SourceLink("Frontline Wire", "https://wire.example/r"), SourceLink("Незалежні", "https://n.example/r")),
                  UNTIL, 1.0, "en")  # fmt: skip
RYAZAN_UK = dataclasses.replace(RYAZAN_EN, headline="Дрони атакували НПЗ у Рязані", lang="uk", translated_from="en")


@pytest.mark.parametrize(
    ("lang", "written", "translated"),
    [
        ("en", "Drones hit Ryazan oil refinery [in English]", "[translated from English]"),
        ("uk", "Drones hit Ryazan oil refinery [англійською]", "[переклад з англійської]"),
        ("ru", "Drones hit Ryazan oil refinery [на английском]", "[перевод с английского]"),
    ],
)
def test_a_story_not_written_in_the_chats_language_says_so(lang: str, written: str, translated: str) -> None:
    [part] = render_digest(digest([RYAZAN_EN, dataclasses.replace(RYAZAN_UK, lang=lang)], lang=lang), tz="UTC")
    text = parse_html(part)
    if lang == "en":
        assert "1. Drones hit Ryazan oil refinery\n" in text and "[in English]" not in text  # its own language
    else:
        assert f"1. {written}\n" in text and "<i>[" in part
    assert f"2. Дрони атакували НПЗ у Рязані {translated}\n" in text


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Also in other languages (Russian, Ukrainian): "),
        ("uk", "Також іншими мовами (російська, українська): "),
        ("ru", "Также на других языках (русский, украинский): "),
    ],
)
def test_stories_in_other_languages_are_one_line_at_the_end(lang: str, line: str) -> None:
    others = tuple(
        Story(f"Под Купянском, часть {i}: <резервы> & штурмы на северной окраине города", (), (
            SourceLink("Независимые", f"https://n.example/{i}?a=1&b=2"),), UNTIL, 1.0, "ru" if i else "uk")
        for i in (1, 0, 2, 3, 4)
    )  # fmt: skip
    d = dataclasses.replace(digest([RYAZAN_EN], lang=lang, footer="Фронт: без змін"), others=others)
    [part] = render_digest(d, tz="UTC")
    text = parse_html(part)
    last_story, others_line, footer = text.split("\n\n")[-3:]
    assert "Drones hit Ryazan" in last_story and footer == "Фронт: без змін"
    assert others_line.startswith(line)
    # Three shortened headlines, each a link to its story's first source, best first; the rest counted.
    assert others_line.count("Под Купянском") == 3 and others_line.index("часть 1") < others_line.index("часть 0")
    assert '<a href="https://n.example/1?a=1&amp;b=2">Под Купянском, часть 1: &lt;резервы&gt; &amp; штурмы на' in part
    assert "окраине" not in others_line and others_line.endswith(t(lang, "story_more_sources", n=2))


def test_a_digest_with_only_stories_in_other_languages() -> None:
    note = "No stories in the languages you read (the ☑ buttons in /settings)."
    d = Digest("en", UNTIL - timedelta(hours=1), UNTIL, (), empty=note, others=(RYAZAN_EN,))
    [part] = render_digest(d, tz="UTC")
    assert parse_html(part).endswith(f"{note}\n\nAlso in other languages (English): Drones hit Ryazan oil refinery")


POKROVSK = Story("Russia claims capture of Pokrovsk", ("Kyiv has not confirmed it.",),
                 (SourceLink("Wire", "https://wire.example/p"),), UNTIL, 1.0, "en")  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "DeepState map as of 03.03 19:00: Pokrovsk — not confirmed yet; <Sudzha & Co> — confirmed; "
               "Chasiv Yar — contradicted, the map moved the other way."),
        ("uk", "Мапа DeepState станом на 03.03 19:00: Pokrovsk — ще не підтверджено; <Sudzha & Co> — підтверджено; "
               "Chasiv Yar — мапа показує протилежне."),
        ("ru", "Карта DeepState на 03.03 19:00: Pokrovsk — пока не подтверждено; <Sudzha & Co> — подтверждено; "
               "Chasiv Yar — карта показывает обратное."),
    ],
)  # fmt: skip
def test_the_maps_word_on_a_storys_claims_stands_beside_it(lang: str, line: str) -> None:
    checks = (
        MapCheck("Pokrovsk", MapVerdict.NOT_YET, UNTIL - timedelta(hours=1)),
        MapCheck("<Sudzha & Co>", MapVerdict.ON_MAP, UNTIL - timedelta(hours=1)),  # a hostile gazetteer row
        MapCheck("Chasiv Yar", MapVerdict.CONTRADICTED, UNTIL - timedelta(hours=1)),
    )
    stories = [dataclasses.replace(POKROVSK, map_checks=checks), RYAZAN_EN]
    [part] = render_digest(digest(stories, lang=lang), tz="Europe/Kyiv")
    text = parse_html(part)
    assert "&lt;Sudzha &amp; Co&gt;" in part and "<Sudzha" not in part
    assert f"Kyiv has not confirmed it.\n{line}\n" in text  # under the story's summary, above its sources
    assert text.count("DeepState map") + text.count("DeepState на") + text.count("DeepState станом") == 1
