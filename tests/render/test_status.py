"""/sources and /status in the reader's language: the age of a source's last update, the operator's report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import i18n
from bot.domain import FrontPollStatus, OperatorStatus, SourceHealth
from bot.render.status import render_status, source_line
from tests.support.language import english_words
from tests.support.tghtml import parse_html

NOW = datetime(2025, 3, 3, 12, tzinfo=UTC)
SOURCE = SourceHealth(key="wire", name="Frontline Wire", url="https://wire.example/rss", articles_total=12)


@pytest.mark.parametrize(
    ("age", "uk", "ru"),
    [(timedelta(seconds=36), "36 с тому", "36 с назад"), (timedelta(minutes=12), "12 хв тому", "12 мин назад"),
     (timedelta(hours=5, minutes=59), "5 год тому", "5 ч назад"), (timedelta(days=3), "3 дн. тому", "3 дн. назад")],
)  # fmt: skip
def test_sources_say_how_long_ago_in_the_readers_words(age: timedelta, uk: str, ru: str) -> None:
    source = SourceHealth(SOURCE.key, SOURCE.name, SOURCE.url, last_success=NOW - age, articles_total=12)
    for lang, expected in (("uk", uk), ("ru", ru)):
        text = parse_html(source_line(source, lang=lang, now=NOW))
        assert expected in text and english_words(text, names=["Frontline Wire"]) == [], text


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_status_is_in_the_operators_language(lang: str) -> None:
    failing = SourceHealth("wire", "Frontline Wire", "https://wire.example/rss", last_error="HTTP 503",
                           consecutive_failures=3)  # fmt: skip
    status = OperatorStatus({"pending": 3, "sent": 10, "parked": 1, "cancelled": 2},
                            {"blocked": 1, "not_found": 1, "removed": 1, "migrated": 1}, [failing])  # fmt: skip
    [part] = render_status(status, lang=lang)
    text = parse_html(part)
    assert english_words(text, names=["wire", "HTTP"]) == [], text
    assert i18n.t(lang, "state_pending") + " 3" in text and "wire: 3×" in text and "HTTP 503" in text
    [empty] = render_status(OperatorStatus({}, {}, []), lang=lang)
    assert i18n.t(lang, "status_empty") in empty and i18n.t(lang, "status_none") in empty


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_status_tells_why_the_front_map_poll_failed(lang: str) -> None:
    at = datetime(2025, 7, 3, 21, tzinfo=UTC)
    failed = FrontPollStatus(datetime(2025, 7, 1, 20, tzinfo=UTC), at, "HTTP 503 from <host>")
    [text] = render_status(OperatorStatus({}, {}, [], failed), lang=lang)
    assert "2025-07-01 20:00 UTC" in text and "2025-07-03 21:00 UTC" in text and "HTTP 503 from &lt;host&gt;" in text
    [never] = render_status(OperatorStatus({}, {}, [], FrontPollStatus(None, None, None)), lang=lang)
    assert i18n.t(lang, "status_front_none") in never
    [none] = render_status(OperatorStatus({}, {}, []), lang=lang)
    assert "DeepState" not in none and i18n.t(lang, "status_front_none") not in none
