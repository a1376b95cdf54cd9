"""A collection pass isolates every source: whatever one source does (a hostile Retry-After, a document that
trips a bug in a parser, a database error on its rows), the healthy sources' articles are stored, and the bad
source's failure is recorded as its own (health, outcome, a log line with its key)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.__main__ import _progress
from bot.collect import collector
from bot.collect.health import MAX_RETRY_AFTER
from bot.collect.http import HttpClient
from bot.config import CollectDefaults, EnvSettings, Settings
from bot.domain import Article, SourceSpec
from bot.pipeline import CollectOutcome, Pipeline
from bot.store import articles as article_store
from bot.store.db import Database
from bot.store.models import ArticleRow, SourceRow
from tests.support.newsserver import NewsServer

NOW = datetime(2024, 10, 3, 12, 0, tzinfo=UTC)
HEALTHY = ("wire-a", "wire-b", "wire-c", "odd-charset")
# Retry-After values that used to overflow timedelta (or float, or int) and abort the whole pass.
HOSTILE_RETRY_AFTER = {
    "ra-17-digits": "99999999999999999",
    "ra-400-digits": "9" * 400,
    "ra-1e400": "1e400",
    "ra-negative": "-99999999999999999",
    "ra-nan": "NaN",
    "ra-year-9999": "Fri, 31 Dec 9999 23:59:59 GMT",
    "ra-year-huge": "Fri, 31 Dec 99999999999999999999 23:59:59 GMT",
    "ra-zone-huge": "Fri, 31 Dec 2024 23:59:59 +99999999999999999999",
    "ra-superscript": "²",
}
BOOM = b"<boom/>"  # a feed carrying this trips the (simulated) parser bug


def rss(server: NewsServer, key: str, items: int = 3, *, extra: bytes = b"", text: str = "") -> bytes:
    body = text or f"{key}: a report long enough to be an article and not a teaser. " * 8
    entries = b"".join(
        f"<item><title>{key} report {i}</title><link>{server.url(f'/{key}/{i}')}</link>"
        f"<pubDate>Thu, 03 Oct 2024 0{i}:00:00 GMT</pubDate><description>{body}</description></item>".encode()
        for i in range(items)
    )
    return b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>" + key.encode() + (
        b"</title>" + extra + entries + b"</channel></rss>"
    )


def spec(server: NewsServer, key: str, *, full_text: bool = False) -> SourceSpec:
    return SourceSpec(key=key, name=key.upper(), url=server.url(f"/{key}.xml"), full_text=full_text)


def make_pipeline(
    db: Database, http: HttpClient, specs: list[SourceSpec], collect: CollectDefaults | None = None, **kwargs: Any
) -> Pipeline:
    env = EnvSettings(database_url=db.url)
    settings = Settings(env=env, sources=tuple(specs), collect=collect or CollectDefaults())
    return Pipeline(settings, db, http, clock=lambda: NOW, **kwargs)


@pytest.fixture
def parser_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_feed with a bug that some documents trip, as a KeyError deep inside would be."""
    real = collector.parse_feed

    def parse_feed(body: bytes, **kwargs: Any) -> list[Article]:
        if BOOM in body:
            raise KeyError("guid")
        return real(body, **kwargs)

    monkeypatch.setattr(collector, "parse_feed", parse_feed)


@pytest.fixture
def database_error_for(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Makes storing one source's articles fail as a broken database would."""
    broken: set[str] = set()
    real = article_store.add_articles

    async def add_articles(session: Any, source_id: int, articles: list[Article], **kwargs: Any) -> int:
        if any(a.source_key in broken for a in articles):
            raise OperationalError("INSERT INTO articles ...", {}, Exception("disk I/O error"))
        return await real(session, source_id, articles, **kwargs)

    monkeypatch.setattr(article_store, "add_articles", add_articles)
    return broken.add


async def stored(db: Database) -> dict[str, int]:
    async with db.session() as session:
        rows = (await session.execute(select(SourceRow.key, ArticleRow.id).join(ArticleRow))).all()
    counts: dict[str, int] = {}
    for key, _ in rows:
        counts[key] = counts.get(key, 0) + 1
    return counts


async def health(db: Database) -> dict[str, SourceRow]:
    async with db.session() as session:
        return {row.key: row for row in (await session.scalars(select(SourceRow))).all()}


@pytest.mark.usefixtures("parser_bug")
async def test_hostile_sources_cost_the_healthy_ones_nothing(
    database: Database,
    http: HttpClient,
    news_server: NewsServer,
    database_error_for: Callable[[str], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    specs = [spec(news_server, key) for key in HEALTHY]
    for key in ("wire-a", "wire-b", "wire-c"):
        news_server.add(f"/{key}.xml", rss(news_server, key))
    # A label that is no text encoding used to crash the decoder: now it is ignored, the feed is read.
    news_server.add("/odd-charset.xml", rss(news_server, "odd-charset"), charset="base64")
    for n, (key, value) in enumerate(HOSTILE_RETRY_AFTER.items()):
        news_server.add_status(f"/{key}.xml", (429, 503)[n % 2], headers={"Retry-After": value})
        specs.append(spec(news_server, key))
    news_server.add("/parser-bug.xml", rss(news_server, "parser-bug", extra=BOOM))
    news_server.add("/db-error.xml", rss(news_server, "db-error"))
    news_server.add("/not-a-feed.xml", "<html><body><p>Login</p></body></html>", content_type="text/html")
    news_server.add_status("/gone.xml", 404)
    specs += [spec(news_server, key) for key in ("parser-bug", "db-error", "not-a-feed", "gone")]
    database_error_for("db-error")
    pipeline = make_pipeline(database, http, specs)
    await pipeline.sync_sources()
    seen: list[CollectOutcome] = []

    with caplog.at_level(logging.INFO):
        outcomes = {o.key: o for o in await pipeline.collect_all(force=True, progress=seen.append)}

    assert sorted(o.key for o in seen) == sorted(s.key for s in specs)  # a progress line for every source
    assert await stored(database) == {key: 3 for key in HEALTHY}
    rows = await health(database)
    for key in HEALTHY:
        assert outcomes[key].error is None and outcomes[key].new_articles == 3
        assert rows[key].consecutive_failures == 0 and rows[key].last_success_at == NOW
    failed = {key for key, outcome in outcomes.items() if outcome.error}
    assert failed == {*HOSTILE_RETRY_AFTER, "parser-bug", "db-error", "not-a-feed", "gone"}
    assert outcomes["parser-bug"].error == "KeyError: 'guid'"
    assert outcomes["db-error"].error is not None and outcomes["db-error"].error.startswith("OperationalError")
    for key in failed:
        row = rows[key]
        assert (row.consecutive_failures, row.last_error) == (1, outcomes[key].error)
        assert row.next_check_at is not None
        assert NOW + timedelta(minutes=30) <= row.next_check_at <= NOW + MAX_RETRY_AFTER
    assert rows["ra-year-9999"].next_check_at == rows["ra-17-digits"].next_check_at == NOW + MAX_RETRY_AFTER
    logged = {r.source: r for r in caplog.records if r.getMessage() == "source failed"}  # type: ignore[attr-defined]
    assert set(logged) == failed
    assert logged["parser-bug"].error == "KeyError: 'guid'"  # type: ignore[attr-defined]
    assert logged["parser-bug"].exc_info is not None and logged["gone"].exc_info is None  # a bug's traceback


async def test_a_failure_that_cannot_be_recorded_is_logged_and_the_pass_goes_on(
    database: Database, http: HttpClient, news_server: NewsServer, caplog: pytest.LogCaptureFixture
) -> None:
    news_server.add("/wire-a.xml", rss(news_server, "wire-a"))
    news_server.add("/vanishing.xml", rss(news_server, "vanishing"))
    pipeline = make_pipeline(database, http, [spec(news_server, "wire-a"), spec(news_server, "vanishing")])
    await pipeline.sync_sources()
    original = pipeline._store

    async def store_then_vanish(source_id: int, result: collector.CollectResult) -> CollectOutcome:
        if result.spec.key == "vanishing":  # the row goes (an operator's cleanup) and the write breaks
            async with database.session() as session, session.begin():
                row = await session.get(SourceRow, source_id)
                await session.delete(row)
            raise RuntimeError("the row went away")
        return await original(source_id, result)

    pipeline._store = store_then_vanish  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO):
        outcomes = {o.key: o for o in await pipeline.collect_all(force=True)}
    assert outcomes["vanishing"].error == "RuntimeError: the row went away"
    assert outcomes["wire-a"].new_articles == 3 and await stored(database) == {"wire-a": 3}
    [line] = [r for r in caplog.records if r.getMessage().startswith("source failed, and its failure could not")]
    assert line.source == "vanishing"  # type: ignore[attr-defined]


class Stop(BaseException):
    """Not an Exception: like KeyboardInterrupt or SystemExit, it must end the pass, not be recorded."""


async def test_a_cancelled_pass_is_cancelled(database: Database, http: HttpClient, news_server: NewsServer) -> None:
    news_server.add_silent("/hangs.xml")
    pipeline = make_pipeline(database, http, [spec(news_server, "hangs")])
    await pipeline.sync_sources()
    task = asyncio.create_task(pipeline.collect_all(force=True))
    await news_server.held(1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await health(database))["hangs"].consecutive_failures == 0  # a cancelled pass is no failure


async def test_base_exceptions_are_not_swallowed(
    database: Database, http: HttpClient, news_server: NewsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stop(body: bytes, **kwargs: Any) -> list[Article]:
        raise Stop

    monkeypatch.setattr(collector, "parse_feed", stop)
    news_server.add("/wire-a.xml", rss(news_server, "wire-a"))
    pipeline = make_pipeline(database, http, [spec(news_server, "wire-a")])
    await pipeline.sync_sources()
    with pytest.raises(Stop):
        await pipeline.collect_all(force=True)


@pytest.mark.parametrize(
    ("outcome", "line"),
    [
        (CollectOutcome("p", "P", 0, 0, error="KeyError: 'guid'"), "[FAILED] p (P): KeyError: 'guid'"),
        (CollectOutcome("w", "W", 2, 16, teasers_skipped=11), "[ok] w (W): 2 new of 16, 11 kept as teasers"),
    ],
)
def test_the_progress_line_says_why(outcome: CollectOutcome, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    _progress(outcome)
    assert capsys.readouterr().err.startswith(line)
