"""Collecting what chats added: one fetch per URL for all its followers, none once nobody follows it, and a
failing one reported to the chats that added it once per failing streak (through the outbox)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot import i18n
from bot.collect.http import HttpClient, HttpSettings
from bot.config import ChatSourceLimits, EnvSettings, Settings
from bot.domain import SourceSpec
from bot.errors import SourceHTTPError
from bot.pipeline import REPORT_FAILURE_AFTER, Pipeline
from bot.render.status import failure_text
from bot.store import chat_sources as chat_source_store
from bot.store import chats as chat_store
from bot.store.db import Database
from bot.store.models import DeliveryRow, DigestRow
from tests.conftest import FIXTURES
from tests.support.newsserver import NewsServer

NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def _setup(db: Database, news: NewsServer, clock: Clock) -> tuple[Pipeline, HttpClient, SourceSpec]:
    # The news server stands for the public internet here: trusted by host, as tests do everywhere.
    http = HttpClient(HttpSettings(timeout_s=5, trusted_origins=frozenset({"127.0.0.1"})))
    await http.start()
    # ... and as the one service on the operator's network chats may add feeds from.
    bridge = ChatSourceLimits(private_services=(news.url("/"),))
    settings = Settings(env=EnvSettings(database_url=db.url), sources=(), chat_sources=bridge)
    pipeline = Pipeline(settings, db, http, clock=clock)
    url = news.url("/added.xml")
    spec = SourceSpec(key=chat_source_store.added_key(url), name="Added <Wire>", url=url, full_text=False)
    async with db.session() as session, session.begin():
        for chat_id, lang in ((1, "uk"), (2, "ru"), (3, "en")):
            await chat_store.ensure_chat(session, chat_id, chat_type="private", title=None, lang=lang,
                                         timezone="Europe/Kyiv")  # fmt: skip
        for chat_id in (1, 2):
            await chat_source_store.add_source(session, chat_id, spec, limit=50)
    return pipeline, http, spec


async def _notices(db: Database) -> list[tuple[int, str]]:
    async with db.session() as session:
        stmt = (
            select(DeliveryRow.chat_id, DeliveryRow.text)
            .join(DigestRow, DigestRow.id == DeliveryRow.digest_id)
            .where(DigestRow.kind == "notice")
            .order_by(DeliveryRow.id)
        )
        return [(chat_id, text) for chat_id, text in (await session.execute(stmt)).all()]


async def test_a_url_two_chats_added_is_fetched_once_and_stops_when_nobody_follows_it(database: Database) -> None:
    async with NewsServer() as news:
        news.add("/added.xml", (FIXTURES / "e2e" / "en.xml").read_bytes())
        clock = Clock()
        pipeline, http, spec = await _setup(database, news, clock)
        try:
            assert [s.key for s in await pipeline.collected_sources()] == [spec.key]
            outcomes = await pipeline.collect_all(force=True)
            assert [(o.key, o.new_articles) for o in outcomes] == [(spec.key, 3)]
            assert news.hits["/added.xml"] == 1
            # In the metrics every added source is one "added" series: chats add and remove them at will.
            labels = {s.labels.get("source") for m in pipeline.metrics.registry.collect() for s in m.samples}
            assert "added" in labels and spec.key not in labels
            async with database.session() as session, session.begin():
                row = await chat_source_store.find_by_url(session, spec.url)
                assert row is not None
                await chat_source_store.remove_source(session, 1, row.id)
                # Chat 2 is forgotten by a path that knows nothing of sources (its row deleted, choices cascade).
                await session.delete(await chat_store.get_chat(session, 2))
            outcome = await pipeline.collect_one(spec.key, force=True)
            assert outcome.skipped and news.hits["/added.xml"] == 1
            assert await pipeline.collected_sources() == ()
        finally:
            await http.close()


async def test_a_failing_added_source_is_reported_once_per_streak(database: Database) -> None:
    async with NewsServer() as news:
        news.add_status("/added.xml", 500)
        clock = Clock()
        pipeline, http, spec = await _setup(database, news, clock)
        try:
            for attempt in range(1, REPORT_FAILURE_AFTER + 3):
                clock.now += timedelta(hours=attempt)
                assert (await pipeline.collect_one(spec.key, force=True)).error
                expected = 2 if attempt >= REPORT_FAILURE_AFTER else 0
                assert len(await _notices(database)) == expected  # the two chats that added it, once
            notices = await _notices(database)
            why = failure_text("uk", SourceHTTPError(500))
            assert notices[0] == (1, i18n.t("uk", "source_failing_notice", name="Added &lt;Wire&gt;", reason=why))
            assert notices[1][0] == 2 and "Added &lt;Wire&gt;" in notices[1][1]
            # It works again, then fails again: news again.
            news.add("/added.xml", (FIXTURES / "e2e" / "en.xml").read_bytes())
            assert not (await pipeline.collect_one(spec.key, force=True)).error
            news.add_status("/added.xml", 500)
            for _ in range(REPORT_FAILURE_AFTER):
                await pipeline.collect_one(spec.key, force=True)
            assert len(await _notices(database)) == 4
        finally:
            await http.close()
