"""Completing teasers from their pages is bounded per source and pass: at most so many pages, so many at once,
and one deadline for all of them. What the budget leaves out is stored as a teaser and counted; nothing is lost.

The deadline is injected: a sleep that returns once the silent host holds the requests the test expects, so
no test waits on the wall clock."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.collect import FullTextBudget, HttpClient, collect_source, collector
from bot.collect.pages import ExtractedPage
from bot.config import CollectDefaults, EnvSettings, load_settings
from bot.domain import FetchState
from bot.errors import ConfigError
from bot.logs import RESERVED
from bot.store.db import Database
from bot.store.models import ArticleRow
from tests.collect.conftest import fixture_bytes
from tests.collect.test_pass_isolation import make_pipeline, rss, spec
from tests.support.newsserver import NewsServer

TEASERS = 16
TEASER = "Only the first lines of the story; the rest is on the page."


def teaser_feed(server: NewsServer, key: str) -> None:
    server.add(f"/{key}.xml", rss(server, key, TEASERS, text=TEASER).replace(f"/{key}/".encode(), b"/pages/"))


def page_hits(server: NewsServer) -> int:
    return sum(n for path, n in server.hits.items() if path.startswith("/pages/"))


def budget_line(caplog: pytest.LogCaptureFixture) -> dict[str, Any]:
    [record] = [r for r in caplog.records if r.getMessage() == "teasers kept by the full-text budget"]
    return {k: v for k, v in vars(record).items() if k not in RESERVED} | {"level": record.levelname}


async def test_a_host_that_never_answers_costs_one_deadline(
    http: HttpClient, news_server: NewsServer, caplog: pytest.LogCaptureFixture
) -> None:
    teaser_feed(news_server, "slow")
    for i in range(TEASERS):
        news_server.add_silent(f"/pages/{i}")
    asked: list[float] = []

    async def deadline(seconds: float) -> None:  # comes once two pages hang: the concurrency limit holds the rest
        asked.append(seconds)
        await news_server.held(2)

    budget = FullTextBudget(pages=5, concurrency=2, deadline_s=7.5)
    with caplog.at_level(logging.INFO):
        result = await collect_source(
            http, spec(news_server, "slow", full_text=True), FetchState(), budget=budget, sleep=deadline
        )
    assert result.error is None and asked == [7.5]
    assert [a.text for a in result.articles] == [TEASER] * TEASERS  # every teaser kept, none lost
    assert page_hits(news_server) == 2  # only two of the five allowed pages were ever requested at once
    assert result.teasers_skipped == TEASERS
    assert budget_line(caplog) == {
        "source": "slow", "teasers": TEASERS, "over_limit": TEASERS - 5, "timed_out": 5, "pages": 5,
        "deadline_s": 7.5, "level": "WARNING",
    }  # fmt: skip


async def test_at_most_so_many_pages_per_source_and_pass(
    http: HttpClient, news_server: NewsServer, caplog: pytest.LogCaptureFixture
) -> None:
    teaser_feed(news_server, "wire")
    for i in range(TEASERS):
        news_server.add(f"/pages/{i}", fixture_bytes("articles/grain.html"), content_type="text/html")
    with caplog.at_level(logging.INFO):
        result = await collect_source(
            http, spec(news_server, "wire", full_text=True), FetchState(), budget=FullTextBudget(pages=5)
        )
    completed = [a for a in result.articles if a.text != TEASER]
    assert [result.articles.index(a) for a in completed] == [0, 1, 2, 3, 4]  # the feed's first items
    assert page_hits(news_server) == 5 and result.teasers_skipped == TEASERS - 5
    assert budget_line(caplog)["over_limit"] == TEASERS - 5 and budget_line(caplog)["level"] == "INFO"


async def test_a_page_that_trips_a_bug_keeps_its_teaser(
    http: HttpClient, news_server: NewsServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = collector.extract_main_text

    def extract_main_text(html: bytes, url: str, **kwargs: Any) -> ExtractedPage:
        if url.endswith("/pages/1"):
            raise IndexError("list index out of range")
        return real(html, url, **kwargs)

    monkeypatch.setattr(collector, "extract_main_text", extract_main_text)
    teaser_feed(news_server, "wire")
    for i in range(TEASERS):
        news_server.add(f"/pages/{i}", fixture_bytes("articles/grain.html"), content_type="text/html")
    with caplog.at_level(logging.INFO):
        result = await collect_source(http, spec(news_server, "wire", full_text=True), FetchState())
    assert result.error is None and result.teasers_skipped == 0
    assert [a.text == TEASER for a in result.articles] == [i == 1 for i in range(TEASERS)]
    [kept] = [r for r in caplog.records if r.getMessage() == "teaser kept"]
    assert kept.levelname == "WARNING" and kept.exc_info is not None
    assert kept.reason == "IndexError: list index out of range"  # type: ignore[attr-defined]


async def test_the_pass_stores_the_teasers_and_says_how_many_it_skipped(
    database: Database, http: HttpClient, news_server: NewsServer
) -> None:
    teaser_feed(news_server, "slow")
    for i in range(TEASERS):
        news_server.add_silent(f"/pages/{i}")
    news_server.add("/wire-a.xml", rss(news_server, "wire-a"))
    asked: list[float] = []

    async def deadline(seconds: float) -> None:
        asked.append(seconds)
        await news_server.held(1)

    budget = CollectDefaults(full_text_pages=3, full_text_concurrency=1, full_text_deadline_s=5.0)
    specs = [spec(news_server, "slow", full_text=True), spec(news_server, "wire-a")]
    pipeline = make_pipeline(database, http, specs, budget, sleep=deadline)
    await pipeline.sync_sources()
    outcomes = {o.key: o for o in await pipeline.collect_all(force=True)}
    assert outcomes["slow"].error is None and outcomes["slow"].teasers_skipped == TEASERS
    assert outcomes["slow"].new_articles == TEASERS and outcomes["wire-a"].new_articles == 3
    assert page_hits(news_server) == 1 and asked == [5.0]
    async with database.session() as session:
        texts = (await session.scalars(select(ArticleRow.text).where(ArticleRow.url.contains("/pages/")))).all()
    assert texts == [TEASER] * TEASERS


def test_the_budget_comes_from_frontline_toml(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text("")
    (tmp_path / "frontline.toml").write_text("[collect]\nfull_text_pages = 7\nfull_text_deadline_s = 12\n")
    collect = load_settings(EnvSettings(config_dir=tmp_path)).collect
    assert (collect.full_text_pages, collect.full_text_concurrency, collect.full_text_deadline_s) == (7, 4, 12.0)


@pytest.mark.parametrize(
    "setting",
    ["full_text_pages = -1", "full_text_concurrency = 0", "full_text_deadline_s = 0", "full_text_pages = 'x'"],
)
def test_a_budget_that_cannot_work_is_a_config_error(tmp_path: Path, setting: str) -> None:
    (tmp_path / "sources.toml").write_text("")
    (tmp_path / "frontline.toml").write_text(f"[collect]\n{setting}\n")
    with pytest.raises(ConfigError, match="full_text"):
        load_settings(EnvSettings(config_dir=tmp_path))
