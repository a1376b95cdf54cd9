"""collect_source end to end against the local news server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.collect import CollectResult, HttpClient, collect_source
from bot.domain import FetchState, SourceKind, SourceSpec
from bot.errors import ParseError, SourceBlocked, SourceHTTPError, SourceUnreachable
from tests.collect.conftest import TEST_SETTINGS, fixture_bytes
from tests.support.newsserver import NewsServer

NOW = datetime(2024, 10, 3, 12, 0, tzinfo=UTC)


def _spec(
    server: NewsServer, path: str, *, kind: SourceKind = SourceKind.FEED, lang: str = "en", full_text: bool = True
) -> SourceSpec:
    return SourceSpec(key="src", name="Source", url=server.url(path), kind=kind, lang=lang, full_text=full_text)


async def _collect(
    http: HttpClient, spec: SourceSpec, state: FetchState | None = None, known_urls: frozenset[str] = frozenset()
) -> CollectResult:
    return await collect_source(http, spec, state or FetchState(), known_urls=known_urls, clock=lambda: NOW)


async def test_feed_then_not_modified(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/uk.xml", fixture_bytes("uk_rss_cp1251_undeclared.xml"), charset="iso-8859-1")
    spec = _spec(news_server, "/uk.xml", lang="uk", full_text=False)
    first = await _collect(http, spec)
    assert first.error is None and not first.not_modified
    assert first.articles[0].title == "Сили оборони відбили штурм біля Покровська"
    assert first.state.etag and first.state.last_modified
    second = await _collect(http, spec, first.state)
    assert second.not_modified and second.articles == [] and second.error is None
    assert second.state == first.state
    assert news_server.last_headers["/uk.xml"]["If-None-Match"] == first.state.etag


async def test_gzip_feed(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/atom.xml", fixture_bytes("atom.xml"), content_type="application/atom+xml", compress="gzip")
    result = await _collect(http, _spec(news_server, "/atom.xml", full_text=False))
    assert result.error is None and len(result.articles) == 2


async def test_teasers_are_completed_from_their_pages(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/teasers.xml", fixture_bytes("teasers.xml"))
    news_server.add("/articles/odesa.html", fixture_bytes("articles/odesa.html"), content_type="text/html")
    news_server.add("/articles/grain.html", fixture_bytes("articles/grain.html"), content_type="text/html")
    result = await _collect(http, _spec(news_server, "/teasers.xml"))
    assert result.error is None
    odesa, grain, missing = result.articles
    # The page's rel=canonical wins over the feed link, cleaned of its tracking parameter.
    assert odesa.url == "https://teaser-times.example.com/world/odesa-port-strike"
    assert "A drone strike hit the port of Odesa overnight, damaging grain warehouses" in odesa.text
    assert "Firefighters brought the blaze" in odesa.text
    assert "Football results" not in odesa.text and "All rights reserved" not in odesa.text
    assert odesa.summary == "A drone strike hit the port of Odesa overnight. Read more…"
    # No canonical: the feed's link stays; the windows-1251 page (declared in <meta>) decodes cleanly.
    assert grain.url == news_server.url("/articles/grain.html")
    assert "вивезли більш ніж півтора мільйона тонн" in grain.text
    # A page that fails to load keeps its teaser and does not fail the source.
    assert missing.text == "This teaser has no page behind it."
    assert news_server.hits["/articles/missing.html"] == 1


async def test_known_urls_are_not_refetched(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/teasers.xml", fixture_bytes("teasers.xml"))
    known = frozenset({news_server.url("/articles/odesa.html"), news_server.url("/articles/grain.html")})
    result = await _collect(http, _spec(news_server, "/teasers.xml"), known_urls=known)
    assert result.error is None and len(result.articles) == 3
    assert news_server.hits["/articles/odesa.html"] == news_server.hits["/articles/grain.html"] == 0


async def test_full_text_off_keeps_teasers(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/teasers.xml", fixture_bytes("teasers.xml"))
    result = await _collect(http, _spec(news_server, "/teasers.xml", full_text=False))
    assert result.articles[0].text == "A drone strike hit the port of Odesa overnight. Read more…"
    assert sum(news_server.hits.values()) == 1


async def test_page_source_is_one_article(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/articles/grain.html", fixture_bytes("articles/grain.html"), content_type="text/html")
    result = await _collect(http, _spec(news_server, "/articles/grain.html", kind=SourceKind.PAGE, lang="en"))
    assert result.error is None
    (article,) = result.articles
    assert article.title == "Зерновий коридор продовжує працювати"  # the headline, not the <title>
    assert article.lang == "uk"  # the page says so, whatever the source default
    assert article.published == NOW and article.url == news_server.url("/articles/grain.html")


async def test_html_served_as_a_feed_is_a_parse_error_in_the_result(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/feed", fixture_bytes("not_a_feed.html"), content_type="text/html")
    result = await _collect(http, _spec(news_server, "/feed"), FetchState(etag='"old"'))
    assert isinstance(result.error, ParseError) and "HTML page" in str(result.error)
    assert result.articles == [] and result.state == FetchState(etag='"old"')  # retry fully next time


async def test_http_errors_and_retry_after_are_in_the_result(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add_status("/busy", 429, headers={"Retry-After": "90"})
    news_server.add_status("/gone", 404)
    busy = await _collect(http, _spec(news_server, "/busy"))
    gone = await _collect(http, _spec(news_server, "/gone"))
    assert isinstance(busy.error, SourceHTTPError) and busy.retry_after == 90.0
    assert isinstance(gone.error, SourceHTTPError) and gone.error.status == 404 and gone.retry_after is None


async def test_unreachable_and_blocked_are_in_the_result(news_server: NewsServer) -> None:
    news_server.add_slow("/slow", delay_s=2)
    async with HttpClient(replace(TEST_SETTINGS, timeout_s=0.2)) as client:
        slow = await _collect(client, _spec(news_server, "/slow"))
    async with HttpClient(replace(TEST_SETTINGS, trusted_origins=frozenset())) as guarded:
        blocked = await _collect(guarded, _spec(news_server, "/slow"))
    assert isinstance(slow.error, SourceUnreachable)
    assert isinstance(blocked.error, SourceBlocked)
