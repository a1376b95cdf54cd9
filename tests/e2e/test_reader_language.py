"""In the reader's language, through the whole bot: a local Bot API server, local feeds and a local fake LLM.

The feeds (tests/fixtures/readerlang, our own) carry a refinery strike reported in English and Russian (no
Ukrainian outlet), Kharkiv in Ukrainian and English, Kupiansk in Russian only and sanctions in English only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import i18n
from bot.app import build_application, services_of
from bot.config import EnvSettings, Settings
from bot.domain import SourceSpec
from bot.store.models import SubscriptionRow
from tests.conftest import FIXTURES
from tests.e2e.test_bot import USER, _eventually, _start, _stop
from tests.support.botapi import BotApiServer
from tests.support.llm import UK_TRANSLATIONS, FakeLLM, translator
from tests.support.newsserver import NewsServer

OUTLETS = {"en": "Frontline Wire", "uk": "Фронтові новини", "ru": "Независимые новости"}
RYAZAN_LINKS = ('href="https://wire.example/news/ryazan-refinery"', 'href="https://nezavisimo.example/news/ryazan"')


@pytest.fixture
async def news() -> AsyncIterator[NewsServer]:
    async with NewsServer() as server:
        for lang in OUTLETS:
            server.add(f"/{lang}.xml", (FIXTURES / "readerlang" / f"{lang}.xml").read_bytes())
        yield server


def _settings(botapi: BotApiServer, news: NewsServer, tmp_path: Path, llm: FakeLLM | None = None) -> Settings:
    env = EnvSettings(
        bot_token=botapi.token,
        bot_api_url=botapi.url,
        bot_api_file_url=botapi.file_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        front_api_url=news.url("/api/history"),
        llm_base_url=llm.base_url if llm else None,
    )
    sources = tuple(
        SourceSpec(key=f"test-{lang}", name=name, url=news.url(f"/{lang}.xml"), lang=lang, full_text=False)
        for lang, name in OUTLETS.items()
    )
    return Settings(env=env, sources=sources)


async def _digest(botapi: BotApiServer, application: object, lang: str) -> tuple[str, str]:
    """/digest 24h as the user; (the text, the raw HTML) of every part it brought."""
    sent = len(botapi.messages(USER))
    botapi.push_command(USER, None, "/digest 24h", lang=lang)
    await botapi.wait_for_messages(USER, sent + 1)
    async with asyncio.timeout(20):
        await services_of(application).deliverer.drained()  # type: ignore[arg-type]
    parts = botapi.messages(USER)[sent:]
    return "\n\n".join(m.text for m in parts), "".join(m.raw for m in parts)


async def test_a_story_in_russian_and_english_reaches_a_ukrainian_reader_in_ukrainian_as_one_story(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, llm: FakeLLM
) -> None:
    llm.reply = translator(UK_TRANSLATIONS)
    application = build_application(_settings(botapi, news, tmp_path, llm))
    await _start(application)
    try:
        await services_of(application).pipeline.collect_all(force=True)
        text, raw = await _digest(botapi, application, "uk")
    finally:
        await _stop(application)
    headline = "Дрони атакували Рязанський НПЗ, пожежа охопила 1500 квадратних метрів [переклад з англійської]"
    assert text.count(headline) == 1
    assert "Ryazan" not in text and "Рязанский" not in text and "Беспилотники" not in text  # once, in Ukrainian
    ryazan = next(block for block in text.split("\n\n") if headline in block)
    assert "Павло Малков" in ryazan and "джерел: 2" in ryazan  # the translated summary, both outlets credited
    assert all(link in raw for link in RYAZAN_LINKS)
    # Every story came out in Ukrainian: Kharkiv as a Ukrainian outlet wrote it, the rest translated.
    assert "Удар керованими бомбами по Харкову: 14 поранених" in text
    assert "Під Куп'янськом російські війська перекинули резерви [переклад з російської]" in text
    assert "ЄС погодив 19-й пакет санкцій проти Росії через війну [переклад з англійської]" in text
    assert "іншими мовами" not in text
    systems = [str(body["messages"][0]["content"]) for _, body in llm.requests]  # type: ignore[index]
    assert sum("Translate its headline into Ukrainian" in system for system in systems) == 3


async def test_without_a_translator_the_story_is_shown_once_with_its_language_marked(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    application = build_application(_settings(botapi, news, tmp_path))
    await _start(application)
    try:
        await services_of(application).pipeline.collect_all(force=True)
        text, raw = await _digest(botapi, application, "uk")
    finally:
        await _stop(application)
    # Told from the English report (the reader reads English by default), marked, both outlets credited.
    headline = "Drones hit Ryazan oil refinery, fire spreads over 1,500 square metres [англійською]"
    assert text.count(headline) == 1 and "Беспилотники атаковали" not in text
    ryazan = next(block for block in text.split("\n\n") if headline in block)
    assert "Pavel Malkov" in ryazan and "джерел: 2" in ryazan
    assert all(link in raw for link in RYAZAN_LINKS)
    assert "Удар керованими бомбами по Харкову: 14 поранених\n" in text  # in the reader's language: no mark
    # Kupiansk was written in Russian only, which the reader does not read: one line at the end, not a story.
    stories, others = text.split("Також іншими мовами (російська): ")
    assert "Купянск" not in stories and others.startswith("Под Купянском российские войска перебросили резервы")
    assert 'href="https://nezavisimo.example/news/kupiansk"' in raw


LANGUAGE_SETTINGS = {
    "en": ("Languages I read: English", {"☑ English", "☐ Ukrainian", "☐ Russian"}, "Russian"),
    "uk": ("Мови, якими я читаю: англійська, українська", {"☑ англійська", "☑ українська", "☐ російська"},
           "російська"),
    "ru": ("Языки, на которых я читаю: английский, русский", {"☑ английский", "☐ украинский", "☑ русский"},
           "украинский"),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
async def test_the_languages_a_chat_reads_are_buttons_in_its_language(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, lang: str
) -> None:
    """By default a chat reads its own language and English; a check box per language changes that."""
    says, boxes, other = LANGUAGE_SETTINGS[lang]
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)

    async def press(data: str) -> str:
        """Press a button of the /settings message; the bot's short answer ("" when it changed the settings)."""
        answered, edits = len(botapi.callback_answers), len(botapi.edits)
        botapi.push_callback(USER, USER, data, message_id=menu.message_id, lang=lang)
        await _eventually(lambda: len(botapi.callback_answers) > answered)
        answer = str(botapi.callback_answers[-1].get("text") or "")
        if not answer:
            await _eventually(lambda: len(botapi.edits) > edits)
        return answer

    def read_buttons(labels: tuple[str, ...], data: tuple[str, ...]) -> dict[str, str]:
        return {label: d for label, d in zip(labels, data, strict=True) if d.startswith("read:")}

    try:
        botapi.push_command(USER, None, "/settings", lang=lang)
        [menu] = await botapi.wait_for_messages(USER, 1)
        assert says in menu.text and "☑" in menu.text
        reads = read_buttons(menu.labels, menu.buttons)
        assert set(reads) == boxes
        assert await press(reads[f"☐ {other}"]) == ""
        edited = botapi.edits[-1]
        assert other in edited.text and f"☑ {other}" in read_buttons(edited.labels, edited.buttons)

        # Forged or stale buttons change nothing; the last language read cannot be unticked.
        for data in ("read:xx:on", "read:ru:maybe", "read:ru", "read::on", "read:ru:on:x", "read:EN:off"):
            assert await press(data) == i18n.t(lang, "button_stale"), data
        for code in ("uk", "ru"):
            if f"read:{code}:off" in botapi.edits[-1].buttons:
                assert await press(f"read:{code}:off") == ""
        assert await press("read:en:off") == i18n.t(lang, "reads_keep_one")
        async with services.db.session() as session:
            sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == USER))
            assert sub is not None and sub.read_langs == "en" and not sub.active  # a setting without a subscription
    finally:
        await _stop(application)
