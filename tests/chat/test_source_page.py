"""One page of /sources: grouped by language and kind, paged, escaped, each button's data within Telegram's 64
bytes and parsed back by the button handler's pattern."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import i18n
from bot.chat.source_handlers import _BUTTON, PAGE_SIZE, REPORT_ITEMS, _report_parts, _Target, render_page
from bot.chat.sources import ImportReport
from bot.errors import SourceBlocked
from bot.store.chat_sources import ChatSource
from bot.store.models import SourceRow
from tests.support.tghtml import parse_html

NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
CHAT = -1001234567890123


def _source(n: int, lang: str, kind: str = "feed", *, added: bool = False, following: bool = True,
            name: str = "", failures: int = 0) -> ChatSource:  # fmt: skip
    row = SourceRow(
        id=100000 + n, key=f"k{n}", name=name or f"Source {n:02}", url=f"https://s{n}.example/rss", kind=kind,
        lang=lang, added=added, consecutive_failures=failures, articles_total=n,
        last_error="x" * 500 if failures else None, last_success_at=NOW - timedelta(minutes=n),
    )  # fmt: skip
    return ChatSource(row, following)


SOURCES = [
    _source(1, "en"),
    _source(2, "uk", "channel"),
    _source(3, "ru", following=False),
    _source(4, "uk"),
    _source(5, "de", added=True, name='<b>Bad</b> & "name" ' + "x" * 80, failures=4),
    *[_source(n, "uk", added=True) for n in range(6, 20)],
]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_pages_group_by_language_and_kind_and_fit_telegram(lang: str) -> None:
    target = _Target(CHAT, lang, " · My channel")
    seen = []
    pages = -(-len(SOURCES) // PAGE_SIZE)
    for page in range(pages):
        text, keyboard, shown = render_page(target, SOURCES, page, now=NOW)
        assert shown == page and len(parse_html(text)) <= 4096
        assert f"{page + 1}" in text and f"{pages}" in text
        rows = keyboard.inline_keyboard
        for row in rows:
            for button in row:
                assert len(button.callback_data.encode()) <= 64
                assert _BUTTON.fullmatch(button.callback_data)
        seen += [b.callback_data for row in rows for b in row if ":p:" not in b.callback_data]
        nav = [b.callback_data for row in rows for b in row if ":p:" in b.callback_data]
        assert nav == [f"src:{CHAT}:p:{p}" for p in (page - 1, page + 1) if 0 <= p < pages]
    assert len(seen) == len(SOURCES)
    every = "".join(render_page(target, SOURCES, page, now=NOW)[0] for page in range(pages))
    # The chat's language first, then the catalogue's others, then any other language.
    codes = [lang, *(code for code in i18n.LANGS if code != lang)]
    order = [every.index(f"<b>{i18n.t(lang, i18n.lang_key('lang', code))} · ") for code in [*codes, "de"]]
    assert order == sorted(order)


def test_toggles_name_the_state_they_set_and_added_sources_are_removed() -> None:
    _, keyboard, _ = render_page(_Target(CHAT, "uk", ""), SOURCES[:5], 0, now=NOW)
    data = [row[0].callback_data for row in keyboard.inline_keyboard]
    labels = [row[0].text for row in keyboard.inline_keyboard]
    assert data[0] == f"src:{CHAT}:t:100004:off:0" and labels[0].startswith("✅")  # uk feed
    assert data[1] == f"src:{CHAT}:t:100002:off:0"  # uk channel
    assert data[2] == f"src:{CHAT}:t:100001:off:0"  # en
    assert data[3] == f"src:{CHAT}:t:100003:on:0" and labels[3].startswith("⬜")  # ru, turned off
    assert data[4] == f"src:{CHAT}:r:100005:0" and labels[4].startswith("🗑") and len(labels[4]) <= 42


def test_names_and_errors_are_escaped_and_cut() -> None:
    text, _, _ = render_page(_Target(CHAT, "en", ""), SOURCES[4:5], 0, now=NOW)
    plain = parse_html(text)
    assert '<b>Bad</b> & "name"' in plain and "x" * 121 not in plain


def test_a_page_past_the_end_shows_the_last() -> None:
    _, _, shown = render_page(_Target(CHAT, "en", ""), SOURCES, 99, now=NOW)
    assert shown == 2
    _, keyboard, shown = render_page(_Target(CHAT, "en", ""), [], 0, now=NOW)
    assert shown == 0 and keyboard.inline_keyboard == ()


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_an_import_report_of_thousands_of_feeds_is_one_message(lang: str) -> None:
    # A 10 MB file of 66,000 outlines whose long URLs all fail: the report lists a few a section, each cut short.
    long_url = "https://" + "x" * 1990 + ".example/feed"
    report = ImportReport(
        added=[f"Feed {k}" for k in range(500)],
        over_limit=[long_url] * 30_000,
        failed=[(long_url, SourceBlocked("private")) for _ in range(36_000)],
    )
    parts = _report_parts(lang, report, feeds=66_500, limit=50)
    assert len(parts) == 1 and len(parts[0]) < 4096
    assert parts[0].count("• ") == 3 * REPORT_ITEMS and i18n.t(lang, "import_more", n=36_000 - REPORT_ITEMS) in parts[0]
