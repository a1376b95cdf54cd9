"""A chat chooses its sources, end to end: it adds a feed, turns a catalogue source off, exports its sources as
OPML and imports them again, and its digest comes from exactly those sources. The bot is the one `run` builds,
against the local Bot API server and news site."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import i18n
from bot.app import build_application, services_of
from bot.collect.feeds import parse_feed
from bot.collect.opml import parse_opml
from bot.config import ChatSourceLimits, EnvSettings, Settings
from bot.domain import Article, SourceSpec
from bot.store import chat_sources as chat_source_store
from bot.store import chats as chat_store
from bot.store.models import ChatSourceRow
from tests.conftest import FIXTURES
from tests.e2e.test_bot import _eventually, _start, _stop
from tests.support.botapi import Accepted, BotApiServer
from tests.support.newsserver import NewsServer

USER = 3001
GROUP, MEMBER = -3002, 3003
# Our own feed, not in the catalogue: what the chat adds.
EXTRA = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kharkiv Front Report</title><link>https://extra.example/</link>
<language>en</language>
<item><title>Russian drones strike Kharkiv power plant overnight</title>
<link>https://extra.example/news/kharkiv-drones</link><pubDate>Wed, 25 Nov 2026 05:00:00 GMT</pubDate>
<description>Russian forces attacked Kharkiv with 25 Shahed drones overnight, the regional military administration
said. Ukrainian air defence shot down 18 of them; a power plant was hit and two civilians were wounded.
</description></item>
<item><title>Ukrainian troops repel assault near Vovchansk</title>
<link>https://extra.example/news/vovchansk-assault</link><pubDate>Wed, 25 Nov 2026 04:00:00 GMT</pubDate>
<description>Ukrainian brigades repelled a Russian assault near Vovchansk in Kharkiv oblast, the General Staff
said, destroying two tanks and five armoured vehicles during the fighting on the front line.</description></item>
<item><title>Shelling of Kupiansk kills one</title>
<link>https://extra.example/news/kupiansk-shelling</link><pubDate>Wed, 25 Nov 2026 03:00:00 GMT</pubDate>
<description>Russian artillery shelled Kupiansk on Tuesday evening, killing one man and damaging houses, the
governor of Kharkiv oblast said as fighting on the Kupiansk front continued.</description></item>
</channel></rss>"""


@pytest.fixture
async def news() -> AsyncIterator[NewsServer]:
    async with NewsServer() as server:
        for name in ("en", "uk", "ru"):
            server.add(f"/{name}.xml", (FIXTURES / "e2e" / f"{name}.xml").read_bytes())
        server.add("/extra.xml", EXTRA)
        server.add(
            "/extra/",
            '<html><head><link rel="alternate" type="application/rss+xml" href="/extra.xml"></head></html>',
            content_type="text/html",
        )
        yield server


def _settings(botapi: BotApiServer, news: NewsServer, tmp_path: Path) -> Settings:
    env = EnvSettings(
        bot_token=botapi.token, bot_api_url=botapi.url, bot_api_file_url=botapi.file_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", front_api_url=news.url("/api/history"),
    )  # fmt: skip
    sources = tuple(
        SourceSpec(key=f"test-{lang}", name=name, url=news.url(f"/{lang}.xml"), lang=lang, full_text=False)
        for lang, name in (("en", "Frontline Wire"), ("uk", "Фронтові новини"), ("ru", "Независимые новости"))
    )
    # The news server stands in for an RSS bridge on the operator's network that chats may add feeds from.
    return Settings(env=env, sources=sources, chat_sources=ChatSourceLimits(private_services=(news.url("/"),)))


def _links(raw: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', raw))


async def test_a_chat_adds_toggles_exports_imports_and_reads_exactly_its_sources(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)
    t = lambda key, **fields: i18n.t("uk", key, **fields)  # noqa: E731 (the chat speaks Ukrainian)
    try:
        # /sources: the whole catalogue, grouped by language, each a toggle.
        botapi.push_command(USER, None, "/sources", lang="uk")
        [page] = await botapi.wait_for_messages(USER, 1)
        assert "Frontline Wire" in page.text and "Независимые новости" in page.text
        assert [label[:1] for label in page.labels] == ["✅", "✅", "✅"]
        ru_button = next(d for d, label in zip(page.buttons, page.labels, strict=True) if "Независимые" in label)
        assert ru_button.endswith(":off:0")

        # Turn the Russian catalogue source off: the page is edited in place.
        botapi.push_callback(USER, USER, ru_button, message_id=page.message_id, lang="uk")
        await _eventually(lambda: len(botapi.edits) == 1)
        assert [label[:1] for label in botapi.edits[0].labels] == ["✅", "✅", "⬜"]  # the chat's uk first, then en, ru

        # /add a news page: its feed is found through <link rel="alternate">, answered with three latest items.
        botapi.push_command(USER, None, f"/add {news.url('/extra/')}", lang="uk")
        added = (await botapi.wait_for_messages(USER, 2))[1]
        assert "Kharkiv Front Report" in added.text and "Russian drones strike Kharkiv power plant" in added.text
        assert added.raw.startswith(t("add_added", name="Kharkiv Front Report", items="").split("\n")[0])
        assert len(_links(added.raw)) == 3
        extra_key = chat_source_store.added_key(news.url("/extra.xml"))
        assert services.scheduler.job_queue.get_jobs_by_name(f"collect:{extra_key}")

        # /export: an OPML document of exactly the chat's sources.
        botapi.push_command(USER, None, "/export", lang="uk")
        exported = (await botapi.wait_for_messages(USER, 3))[2]
        assert exported.method == "sendDocument" and exported.text == t("export_caption", count=3)
        opml = botapi.documents[-1][2]
        feeds = parse_opml(opml, known_langs=i18n.LANGS).feeds
        assert {f.url for f in feeds} == {news.url("/en.xml"), news.url("/uk.xml"), news.url("/extra.xml")}
        assert opml.count(b'type="rss"') == 3

        # Remove the added feed, then import the exported file: it comes back, the rest is already there.
        botapi.push_command(USER, None, "/remove Kharkiv Front Report", lang="uk")
        removed = (await botapi.wait_for_messages(USER, 4))[3]
        assert removed.raw == t("removed", name="Kharkiv Front Report")
        assert not services.scheduler.job_queue.get_jobs_by_name(f"collect:{extra_key}")
        botapi.push_document(USER, None, opml, file_name="sources.opml", caption="/import", lang="uk")
        report = (await botapi.wait_for_messages(USER, 5))[4]
        assert t("import_added", n=1) in report.text and t("import_already", n=2) in report.text
        assert "Kharkiv Front Report" in report.text

        # The same file again, by a reply: everything is already there; a hostile file changes nothing.
        upload = botapi.push_document(USER, None, opml, file_name="again.opml", lang="uk")
        botapi.push_command(USER, None, "/import", lang="uk", reply_to=upload)
        again = (await botapi.wait_for_messages(USER, 6))[5]
        assert t("import_already", n=3) in again.text and t("import_added", n=1) not in again.text
        bomb = b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "x">]><opml><body/></opml>'
        botapi.push_document(USER, None, opml, file_name="x.opml", caption="/import@another_bot", lang="uk")
        botapi.push_document(USER, None, bomb, file_name="bomb.opml", caption="/import", lang="uk")
        refused = (await botapi.wait_for_messages(USER, 7))[6]
        assert refused.text == t("opml_entities")

        # The digest: from the Ukrainian and English catalogue sources and the added feed, nothing Russian.
        async with services.db.session() as session:
            keys = await chat_source_store.chat_source_keys(session, USER)
        assert keys == {"test-en", "test-uk", extra_key}
        outcomes = await services.pipeline.collect_all(force=True)
        assert {o.key for o in outcomes if not o.error} == {"test-en", "test-uk", "test-ru", extra_key}
        botapi.push_command(USER, None, "/digest 7d", lang="uk")
        digest = (await botapi.wait_for_messages(USER, 8))[7]
        links = _links(digest.raw)
        assert any(link.startswith("https://extra.example/") for link in links)
        assert any(link.startswith("https://wire.example/") for link in links)
        ru_links = {a.url for a in await _feed_articles(news.url("/ru.xml"))}
        assert ru_links and not links & ru_links
    finally:
        await _stop(application)


async def _feed_articles(url: str) -> list[Article]:
    name = url.rsplit("/", 1)[-1]
    return list(parse_feed((FIXTURES / "e2e" / name).read_bytes(), http_charset=None,
                           spec=SourceSpec(key="x", name="x", url=url)))  # fmt: skip


async def test_in_groups_only_admins_change_the_sources(botapi: BotApiServer, news: NewsServer, tmp_path: Path) -> None:
    application = build_application(_settings(botapi, news, tmp_path))
    await _start(application)
    try:
        botapi.register_chat(GROUP, "group", admins={USER})
        botapi.push_command(MEMBER, GROUP, "/sources", chat_type="group")
        [page] = await botapi.wait_for_messages(GROUP, 1)  # anyone may look
        botapi.push_callback(MEMBER, GROUP, page.buttons[0], message_id=page.message_id)
        botapi.push_command(MEMBER, GROUP, f"/add {news.url('/extra.xml')}", chat_type="group")
        refusal = (await botapi.wait_for_messages(GROUP, 2))[1]
        assert refusal.text == i18n.t("en", "sources_changers")
        await _eventually(lambda: len(botapi.callback_answers) == 1)
        assert botapi.callback_answers[0].get("text") == i18n.t("en", "sources_changers") and not botapi.edits
        # A forged button for another chat is refused the same way.
        botapi.push_callback(MEMBER, GROUP, page.buttons[0].replace(str(GROUP), str(USER)), message_id=page.message_id)
        await _eventually(lambda: len(botapi.callback_answers) == 2)
        assert botapi.callback_answers[1].get("text") == i18n.t("en", "sources_changers") and not botapi.edits
        # An admin may.
        botapi.push_callback(USER, GROUP, page.buttons[0], message_id=page.message_id)
        await _eventually(lambda: len(botapi.edits) == 1)
    finally:
        await _stop(application)


async def test_a_channels_sources_are_managed_from_a_private_chat(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    channel = -1003004
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)
    try:
        botapi.register_chat(channel, "channel", title="Front <News>", username="frontnews", admins={USER},
                             bot_status="administrator")  # fmt: skip
        botapi.push_command(USER, None, "/sources @frontnews")
        [page] = await botapi.wait_for_messages(USER, 1)
        assert "Front <News>" in page.text and all(f"src:{channel}:" in data for data in page.buttons)
        botapi.push_callback(USER, USER, page.buttons[0], message_id=page.message_id)
        await _eventually(lambda: len(botapi.edits) == 1)
        botapi.push_command(USER, None, f"/add @frontnews {news.url('/extra.xml')}")
        added = (await botapi.wait_for_messages(USER, 2))[1]
        assert "Kharkiv Front Report" in added.text
        async with services.db.session() as session:
            keys = await chat_source_store.chat_source_keys(session, channel)
            mine = await chat_source_store.chat_source_keys(session, USER)
        extra_key = chat_source_store.added_key(news.url("/extra.xml"))
        assert extra_key in keys and len(keys) == 3  # two of the catalogue and the added feed
        assert extra_key not in mine and len(mine) == 3  # the user's own chat is untouched
        # Someone who does not administer the channel may not.
        botapi.push_command(MEMBER, None, "/sources @frontnews")
        refused = (await botapi.wait_for_messages(MEMBER, 1))[0]
        assert refused.text == i18n.t("en", "channel_user_not_admin")
        # What users add is untrusted: a private address is refused with the reason, nothing fetched or stored.
        for n, url in enumerate(("http://10.0.0.1/rss", "http://127.0.0.2:8080/rss", "file:///etc/passwd"), 3):
            botapi.push_command(USER, None, f"/add {url}")
            answer = (await botapi.wait_for_messages(USER, n))[n - 1]
            assert answer.raw == i18n.t("en", "add_failed", ref=url, reason=i18n.t("en", "source_reason_blocked"))
        assert [s.key for s in await services.pipeline.collected_sources()] == ["test-en", "test-uk", "test-ru",
                                                                               extra_key]  # fmt: skip
    finally:
        await _stop(application)


async def test_a_channels_data_is_forgotten_from_a_private_chat_even_after_the_bot_left(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    """/forget @channel: asked in the admin's private chat, confirmed with a button, and checked again on the press,
    so neither someone else nor a forged button deletes it. The admin's own chat is untouched."""
    channel = -1003005
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)

    async def said(user: int, text: str) -> Accepted:
        botapi.push_command(user, None, text)
        return (await botapi.wait_for_messages(user, len(botapi.messages(user)) + 1))[-1]

    async def stored(chat_id: int) -> tuple[bool, int]:
        """Whether the chat is known, and how many source choices it has stored."""
        async with services.db.session() as session:
            choices = await session.scalar(select(func.count()).where(ChatSourceRow.chat_id == chat_id))
            return await chat_store.get_chat(session, chat_id) is not None, int(choices or 0)

    try:
        botapi.register_chat(channel, "channel", title="Front <News>", username="frontnews2", admins={USER},
                             bot_status="administrator")  # fmt: skip
        await said(USER, "/subscribe @frontnews2 09:00")
        await said(USER, f"/add @frontnews2 {news.url('/extra.xml')}")
        extra_key = chat_source_store.added_key(news.url("/extra.xml"))
        assert await stored(channel) == (True, 1)
        botapi.register_chat(channel, bot_status="left")  # its admins removed the bot, then want its data gone

        assert (await said(MEMBER, "/forget @frontnews2")).text == i18n.t("en", "channel_user_not_admin")
        confirm = await said(USER, "/forget @frontnews2")
        assert confirm.raw == i18n.t("en", "forget_confirm_channel", channel="Front &lt;News&gt;")
        assert confirm.buttons == (f"forget:yes:{channel}", f"forget:no:{channel}")
        # A forged button in someone else's chat, and malformed ones (int() would take "²", or fail on "--5"), are
        # answered and delete nothing.
        forged = (f"forget:yes:{channel}", "forget:yes:not-a-chat", "forget:yes:--5", "forget:yes:²", "forget:yes:")
        for data in forged:
            answered = len(botapi.callback_answers)
            botapi.push_callback(MEMBER, MEMBER, data)
            await _eventually(lambda: len(botapi.callback_answers) > answered)  # noqa: B023 (awaited here)
        assert [a["text"] for a in botapi.callback_answers[-len(forged):]] == [
            i18n.t("en", "channel_user_not_admin"), *[i18n.t("en", "forget_channel_not_found")] * 4
        ]
        assert (await stored(channel))[0]

        botapi.push_callback(USER, USER, f"forget:yes:{channel}", message_id=confirm.message_id)
        await _eventually(lambda: len(botapi.edits) == 1)
        assert botapi.edits[-1].raw == i18n.t("en", "forgotten_channel", channel="Front &lt;News&gt;")
        assert await stored(channel) == (False, 0)
        assert not application.job_queue.get_jobs_by_name(f"digest:{channel}")
        assert (await stored(USER))[0]  # the admin's own chat stays
        # Nobody follows the added feed any more: it is no longer collected.
        assert extra_key not in [s.key for s in await services.pipeline.collected_sources()]
        assert not application.job_queue.get_jobs_by_name(f"collect:{extra_key}")
    finally:
        await _stop(application)
