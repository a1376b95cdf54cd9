"""HttpClient against the local news server: every rail of the fetch, and errors classified."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from aiohttp import web

from bot.collect.http import HttpClient, parse_retry_after
from bot.domain import FetchState
from bot.errors import SourceBlocked, SourceHTTPError, SourceTooLarge, SourceUnreachable
from tests.collect.conftest import TEST_SETTINGS
from tests.support.newsserver import LAST_MODIFIED, NewsServer

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


async def test_fetch_returns_body_charset_and_validators(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/feed.xml", FEED, charset="utf-8")
    response = await http.fetch(news_server.url("/feed.xml"))
    assert (response.status, response.body, response.charset, response.not_modified) == (200, FEED, "utf-8", False)
    state = response.fetch_state(FetchState())
    assert state.etag and state.last_modified == LAST_MODIFIED
    assert news_server.last_headers["/feed.xml"]["User-Agent"].startswith("FrontlineDigest/")


@pytest.mark.parametrize(
    "state",
    [FetchState(etag="ETAG"), FetchState(last_modified=LAST_MODIFIED)],
    ids=["if-none-match", "if-modified-since"],
)
async def test_conditional_get_gives_not_modified(news_server: NewsServer, http: HttpClient, state: FetchState) -> None:
    news_server.add("/feed.xml", FEED)
    if state.etag:
        first = await http.fetch(news_server.url("/feed.xml"))
        state = first.fetch_state(FetchState())
        state = replace(state, last_modified=None)
    response = await http.fetch(news_server.url("/feed.xml"), state=state)
    assert response.not_modified and response.status == 304 and response.body == b""
    assert response.fetch_state(state).etag == (state.etag or response.headers.get("ETag"))


@pytest.mark.parametrize("compress", ["gzip", "deflate"])
async def test_compressed_bodies_are_decoded(news_server: NewsServer, http: HttpClient, compress: str) -> None:
    news_server.add("/feed.xml", FEED * 50, compress=compress)
    response = await http.fetch(news_server.url("/feed.xml"))
    assert response.body == FEED * 50
    assert "gzip" in news_server.last_headers["/feed.xml"]["Accept-Encoding"]


async def test_slow_server_times_out_as_unreachable(news_server: NewsServer) -> None:
    news_server.add_slow("/slow", delay_s=2)
    async with HttpClient(replace(TEST_SETTINGS, timeout_s=0.2)) as client:
        with pytest.raises(SourceUnreachable, match="timed out"):
            await client.fetch(news_server.url("/slow"))


async def test_endless_body_stops_at_the_size_cap(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add_endless("/huge")
    with pytest.raises(SourceTooLarge, match="cap"):
        await http.fetch(news_server.url("/huge"))


async def test_announced_huge_body_is_refused_before_reading(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add_endless("/huge", announce=TEST_SETTINGS.max_bytes * 4)
    with pytest.raises(SourceTooLarge, match="announces"):
        await http.fetch(news_server.url("/huge"))


async def test_gzip_bomb_is_capped_after_decompression(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/bomb.xml", b"\0" * (TEST_SETTINGS.max_bytes * 3), compress="gzip")
    with pytest.raises(SourceTooLarge):
        await http.fetch(news_server.url("/bomb.xml"))


async def test_redirects_are_followed(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/new.xml", FEED)
    news_server.add_redirect("/old.xml", "/moved.xml", status=301)
    news_server.add_redirect("/moved.xml", news_server.url("/new.xml"), status=307)
    response = await http.fetch(news_server.url("/old.xml"))
    assert response.url == news_server.url("/new.xml") and response.body == FEED


async def test_redirect_loop_is_a_clear_error(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add_redirect("/a", "/b")
    news_server.add_redirect("/b", "/a")
    with pytest.raises(SourceHTTPError, match="redirect loop"):
        await http.fetch(news_server.url("/a"))
    assert news_server.hits["/a"] == 1 and news_server.hits["/b"] == 1


async def test_too_many_redirects(news_server: NewsServer, http: HttpClient) -> None:
    for hop in range(10):
        news_server.add_redirect(f"/r{hop}", f"/r{hop + 1}")
    with pytest.raises(SourceHTTPError, match="more than 5 redirects"):
        await http.fetch(news_server.url("/r0"))


async def test_redirect_to_another_scheme_is_blocked(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add_redirect("/r", "file:///etc/passwd")
    with pytest.raises(SourceBlocked, match="only http and https"):
        await http.fetch(news_server.url("/r"))


@pytest.mark.parametrize("status", [404, 410, 500, 502])
async def test_error_statuses_keep_the_status(news_server: NewsServer, http: HttpClient, status: int) -> None:
    news_server.add_status("/x", status)
    with pytest.raises(SourceHTTPError) as caught:
        await http.fetch(news_server.url("/x"))
    assert caught.value.status == status and caught.value.retry_after is None


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_exposed(news_server: NewsServer, http: HttpClient, status: int) -> None:
    news_server.add_status("/busy", status, headers={"Retry-After": "120"})
    with pytest.raises(SourceHTTPError) as caught:
        await http.fetch(news_server.url("/busy"))
    assert caught.value.retry_after == 120.0


def test_retry_after_accepts_http_dates() -> None:
    now = datetime(2024, 10, 2, 12, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 02 Oct 2024 12:05:00 GMT", now=now) == 300.0
    assert parse_retry_after("garbage", now=now) is None
    assert parse_retry_after(None) is None


async def test_connection_refused_is_unreachable(http: HttpClient) -> None:
    closed = NewsServer()
    await closed.start()
    url = closed.url("/feed.xml")
    await closed.close()
    with pytest.raises(SourceUnreachable):
        await http.fetch(url)


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd", "javascript:alert(1)"])
async def test_only_http_schemes(http: HttpClient, url: str) -> None:
    with pytest.raises(SourceBlocked, match="only http and https"):
        await http.fetch(url)


async def test_per_host_limit_serialises_requests(news_server: NewsServer) -> None:
    active = 0
    peak = 0

    async def handler(request: web.Request) -> web.StreamResponse:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.02)
        active -= 1
        return web.Response(body=FEED)

    news_server.route("/counted", handler)
    async with HttpClient(replace(TEST_SETTINGS, per_host_limit=2)) as client:
        await asyncio.gather(*(client.fetch(news_server.url("/counted")) for _ in range(8)))
    assert news_server.hits["/counted"] == 8 and peak == 2


async def test_fetch_before_start_is_a_programming_error() -> None:
    with pytest.raises(RuntimeError, match="start"):
        await HttpClient(TEST_SETTINGS).fetch("http://127.0.0.1/")
