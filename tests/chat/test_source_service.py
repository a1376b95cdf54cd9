"""The source service behind /add, /remove and /import: limits, reasons, the import report, and two chats adding
the same URL at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.chat.sources import SourceService
from bot.collect.http import HttpClient, HttpSettings
from bot.collect.opml import OpmlDocument, OpmlFeed
from bot.config import ChatSourceLimits, EnvSettings, Settings
from bot.domain import SourceKind, SourceSpec
from bot.errors import SourceBlocked, SourceHTTPError
from bot.store import chat_sources as store
from bot.store import chats as chat_store
from bot.store.db import Database
from bot.store.sources import sync_sources
from tests.conftest import FIXTURES
from tests.support.newsserver import NewsServer

NOW = datetime(2026, 11, 26, tzinfo=UTC)
FEED = (FIXTURES / "e2e" / "en.xml").read_bytes()


@pytest.fixture
async def news() -> AsyncIterator[NewsServer]:
    async with NewsServer() as server:
        for n in range(6):
            server.add(f"/f{n}.xml", FEED.replace(b"Frontline Wire (test)", f"Feed {n}".encode()))
        server.add_status("/gone.xml", 404)
        yield server


@asynccontextmanager
async def _service(db: Database, news: NewsServer, *, limit: int = 3) -> AsyncIterator[SourceService]:
    """The service over `db`, with one catalogue source and chats 1 and 2; its HTTP client closed afterwards."""
    catalogue = (SourceSpec(key="cat", name="Catalogue", url=news.url("/f0.xml")),)
    settings = replace(
        Settings(env=EnvSettings(database_url=db.url), sources=catalogue), chat_sources=ChatSourceLimits(limit)
    )
    async with db.session() as session, session.begin():
        await sync_sources(session, catalogue)
        for chat_id in (1, 2):
            await chat_store.ensure_chat(session, chat_id, chat_type="private", title=None, lang="uk",
                                         timezone="Europe/Kyiv")  # fmt: skip
    http = HttpClient(HttpSettings(timeout_s=5, trusted_origins=frozenset({"127.0.0.1"})))
    await http.start()
    try:
        yield SourceService(settings, db, http, clock=lambda: NOW)
    finally:
        await http.close()


async def test_add_then_over_the_limit_then_remove_by_any_name(database: Database, news: NewsServer) -> None:
    async with _service(database, news, limit=2) as service:
        first = await service.add(1, news.url("/f1.xml"), lang="uk")
        assert first.outcome is store.Added.ADDED and first.name == "Feed 1" and first.schedule is not None
        assert first.schedule.lang == "uk" and not first.schedule.full_text  # no <language>: the chat's
        assert (await service.add(1, news.url("/f1.xml"), lang="uk")).outcome is store.Added.ALREADY
        assert (await service.add(1, news.url("/f0.xml"), lang="uk")).outcome is store.Added.ALREADY  # catalogue
        failed = await service.add(1, news.url("/gone.xml"), lang="uk")
        assert failed.outcome is None and isinstance(failed.error, SourceHTTPError)
        assert (await service.add(1, news.url("/f2.xml"), lang="uk")).outcome is store.Added.ADDED
        over = await service.add(1, news.url("/f3.xml"), lang="uk")
        assert over.outcome is store.Added.OVER_LIMIT and news.hits["/f3.xml"] == 0  # not even fetched
        # A URL names the source at that URL only, however it is written, and one the chat never added none.
        for unknown in (news.url("/never.xml"), "https://elsewhere.example/feed", news.url("/f0.xml")):
            assert await service.remove(1, unknown) is None
        assert await service.remove(1, news.url("/f2.xml")) == ("Feed 2", store.added_key(news.url("/f2.xml")))
        assert await service.remove(1, "feed 1") == ("Feed 1", store.added_key(news.url("/f1.xml")))
        assert await service.remove(1, "Catalogue") is None  # turned off with its button, not removed
        assert await service.remove(1, "nothing") is None


async def test_a_removed_source_another_chat_follows_keeps_being_collected(
    database: Database, news: NewsServer
) -> None:
    async with _service(database, news) as service:
        await service.add(1, news.url("/f1.xml"), lang="uk")
        second = await service.add(2, news.url("/f1.xml"), lang="en")
        assert second.outcome is store.Added.ADDED and second.schedule is not None  # rescheduling is harmless
        assert await service.remove(1, "Feed 1") == ("Feed 1", None)  # chat 2 still follows it: keep collecting


def _first_lookup_misses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Another chat adds the same new URL at this moment: the first look for its row misses the row that chat has
    just committed. Returns the URLs looked up."""
    real = store.find_by_url
    calls: list[str] = []

    async def raced(session: object, url: str) -> object:
        calls.append(url)
        return None if len(calls) == 1 else await real(session, url)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "find_by_url", raced)
    return calls


async def test_two_chats_adding_one_new_url_at_once_share_it(
    database: Database, news: NewsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with _service(database, news) as service:
        await service.add(1, news.url("/f1.xml"), lang="uk")
        calls = _first_lookup_misses(monkeypatch)
        result = await service.add(2, news.url("/f1.xml"), lang="uk")
        assert result.outcome is store.Added.ADDED and len(calls) == 2
        async with database.session() as session:
            assert store.added_key(news.url("/f1.xml")) in await store.chat_source_keys(session, 2)


async def test_an_import_racing_another_chat_for_one_new_url_shares_it(
    database: Database, news: NewsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with _service(database, news) as service:
        await service.add(1, news.url("/f1.xml"), lang="uk")
        calls = _first_lookup_misses(monkeypatch)
        document = OpmlDocument((OpmlFeed(news.url("/f1.xml"), "One"),), duplicates=0)
        report = await service.import_opml(2, document, lang="uk")
        assert report.added == ["Feed 1"] and report.failed == [] and len(calls) == 2


async def test_import_reports_each_feed_and_respects_the_limit(database: Database, news: NewsServer) -> None:
    async with _service(database, news, limit=3) as service:
        await service.add(1, news.url("/f1.xml"), lang="uk")
        document = OpmlDocument(
            (
                OpmlFeed(news.url("/f0.xml"), "Catalogue"),  # followed already (the catalogue)
                OpmlFeed(news.url("/f1.xml"), "One"),  # added already
                OpmlFeed("http://10.0.0.5/rss", "LAN"),  # refused unfetched, takes no place
                OpmlFeed(news.url("/gone.xml"), "Gone"),
                OpmlFeed(news.url("/f2.xml"), "Two", lang="en"),
                OpmlFeed(news.url("/f3.xml"), "Three"),  # over: one own + two tried fill the limit of three
                OpmlFeed("https://t.me/s/a", "Channel"),  # over the limit too: not fetched
            ),
            duplicates=2,
        )
        report = await service.import_opml(1, document, lang="uk")
        assert report.already == ["Catalogue", "One"] and report.added == ["Feed 2"]
        assert report.over_limit == ["Three", "Channel"] and report.duplicates == 2
        assert [(name, type(exc)) for name, exc in report.failed] == [("LAN", SourceBlocked), ("Gone", SourceHTTPError)]
        assert [s.lang for s in report.schedule] == ["en"] and news.hits["/f3.xml"] == 0
        assert all(s.kind is SourceKind.FEED for s in report.schedule)


async def test_two_adds_at_once_from_one_chat_keep_its_limit(database: Database, news: NewsServer) -> None:
    """Both pass the first look at the limit and are checked at the same time; one is written, the other told the
    chat is full, on PostgreSQL too (where each transaction would otherwise count the other's row as not there)."""
    async with _service(database, news, limit=1) as service:
        results = await asyncio.gather(*(service.add(1, news.url(f"/f{n}.xml"), lang="uk") for n in (1, 2)))
        assert sorted(str(r.outcome) for r in results) == sorted([str(store.Added.ADDED), str(store.Added.OVER_LIMIT)])
        async with database.session() as session:
            assert await store.own_count(session, 1) == 1
