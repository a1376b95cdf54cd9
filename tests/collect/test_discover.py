"""/add's look at what it is given: a feed, a page that links its feed, a public channel, or a clear reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.collect.discover import LATEST, channel_name, probe
from bot.collect.http import HttpClient
from bot.domain import SourceKind
from bot.errors import NoFeedFound, ParseError, SourceBlocked, SourceHTTPError
from tests.collect.conftest import COLLECT_FIXTURES, fixture_bytes
from tests.conftest import FIXTURES
from tests.support.newsserver import NewsServer

NOW = datetime(2026, 11, 26, tzinfo=UTC)
EN_FEED = (FIXTURES / "e2e" / "en.xml").read_bytes()


def _page(*links: str) -> str:
    return f"<html><head><title>A news site</title>{''.join(links)}</head><body><p>News.</p></body></html>"


async def test_a_feed_is_named_by_its_title_with_its_three_latest_items(
    http: HttpClient, news_server: NewsServer
) -> None:
    news_server.add("/feed.xml", EN_FEED)
    found = await probe(http, news_server.url("/feed.xml"), now=NOW)
    assert (found.kind, found.url, found.title, found.site_url) == (
        SourceKind.FEED, news_server.url("/feed.xml"), "Frontline Wire (test)", "https://wire.example/"
    )  # fmt: skip
    assert len(found.latest) == LATEST
    assert [a.published for a in found.latest] == sorted((a.published for a in found.latest), reverse=True)


@pytest.mark.parametrize(
    "link",
    [
        '<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">',
        '<link rel="alternate" type="application/atom+xml" href="feed.xml">',  # relative to the page
        '<LINK REL="Alternate home" TYPE="Application/RSS+XML" HREF=" /feed.xml ">',
    ],
)
async def test_a_news_page_leads_to_the_feed_it_links(http: HttpClient, news_server: NewsServer, link: str) -> None:
    news_server.add("/feed.xml", EN_FEED)
    news_server.add(
        "/", _page('<link rel="stylesheet" href="/style.css">', link), content_type="text/html", charset="utf-8"
    )
    found = await probe(http, news_server.url("/"), now=NOW)
    assert (found.kind, found.url) == (SourceKind.FEED, news_server.url("/feed.xml"))
    assert found.title == "Frontline Wire (test)"


@pytest.mark.parametrize(
    "links",
    [
        (),
        ('<link rel="alternate" hreflang="uk" href="/uk/">',),  # a translation, not a feed
        ('<link rel="alternate" type="application/rss+xml">',),  # no href
    ],
)
async def test_a_page_that_links_no_feed_says_so(
    http: HttpClient, news_server: NewsServer, links: tuple[str, ...]
) -> None:
    news_server.add("/", _page(*links), content_type="text/html")
    with pytest.raises(NoFeedFound):
        await probe(http, news_server.url("/"), now=NOW)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(fixture_bytes("garbage.bin"), "application/octet-stream"), (b"", "application/rss+xml")],
)
async def test_what_is_neither_feed_nor_page_is_refused(
    http: HttpClient, news_server: NewsServer, body: bytes, content_type: str
) -> None:
    news_server.add("/x", body, content_type=content_type)
    with pytest.raises(ParseError):
        await probe(http, news_server.url("/x"), now=NOW)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/feed.xml",
        "http://192.168.1.1/rss",
        "http://[::1]:9/feed",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "ftp://example.org/feed",
        "javascript:alert(1)",
        "10.0.0.1/feed",  # no scheme: https is meant
    ],
)
async def test_private_addresses_and_other_schemes_are_refused_unfetched(http: HttpClient, url: str) -> None:
    with pytest.raises(SourceBlocked):
        await probe(http, url, now=NOW)


async def test_what_users_add_is_not_trusted_like_the_operators_sources(http: HttpClient) -> None:
    """Another loopback host (127.0.0.2) is not among the trusted origins: the guard refuses it."""
    async with NewsServer(host="127.0.0.2") as other:
        other.add("/feed.xml", EN_FEED)
        with pytest.raises(SourceBlocked):
            await probe(http, other.url("/feed.xml"), now=NOW)
        assert other.hits["/feed.xml"] == 0


async def test_a_page_linking_a_private_feed_is_refused(http: HttpClient, news_server: NewsServer) -> None:
    news_server.add("/", _page('<link rel="alternate" type="application/rss+xml" href="http://10.1.2.3/feed">'),
                    content_type="text/html")  # fmt: skip
    with pytest.raises(SourceBlocked):
        await probe(http, news_server.url("/"), now=NOW)


async def test_an_http_error_keeps_its_status(http: HttpClient, news_server: NewsServer) -> None:
    news_server.add_status("/gone", 410)
    with pytest.raises(SourceHTTPError) as failed:
        await probe(http, news_server.url("/gone"), now=NOW)
    assert failed.value.status == 410


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("@DeepStateUA", "DeepStateUA"),
        ("https://t.me/DeepStateUA", "DeepStateUA"),
        ("t.me/s/DeepStateUA", "DeepStateUA"),
        ("https://t.me/DeepStateUA/1234", "DeepStateUA"),
        ("https://example.org/DeepStateUA", None),
        ("DeepStateUA", None),  # a bare word is no channel: /add wants @name
        ("@ab", None),
    ],
)
def test_channel_references(ref: str, name: str | None) -> None:
    assert channel_name(ref) == name


async def test_a_public_channel_is_read_from_its_preview(http: HttpClient, news_server: NewsServer) -> None:
    news_server.add("/s/DeepStateUA", (COLLECT_FIXTURES / "channels" / "deepstate.html").read_bytes(),
                    content_type="text/html")  # fmt: skip
    found = await probe(http, "@DeepStateUA", now=NOW, channel_base=news_server.url("/s/"))
    assert found.kind is SourceKind.CHANNEL and found.url == news_server.url("/s/DeepStateUA")
    assert found.title and found.site_url == "https://t.me/DeepStateUA" and 0 < len(found.latest) <= LATEST
