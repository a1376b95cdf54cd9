"""The private-address guard, proven the only safe way: loopback listeners of our own that must see no hits.

Every spelling below names this machine, so a guard that failed would only ever reach our own listener
(the test then fails on its hit count); nothing here sends a packet anywhere but 127.0.0.0/8.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.collect import http as http_module
from bot.collect.collector import collect_source
from bot.collect.http import HttpClient
from bot.config import ChatSourceLimits, EnvSettings, Settings
from bot.domain import FetchState, SourceKind, SourceSpec
from bot.errors import SourceBlocked
from tests.collect.conftest import TEST_SETTINGS
from tests.support.newsserver import NewsServer

SECRET = "INTERNAL-ONLY admin page of the LAN router"

# Hosts that reach 127.0.0.1 (or this machine) once normalised as aiohttp connects: IDNA/UTS-46 mapping of
# full-width and circled characters and of the ideographic full stops, inet_aton's numeric forms, names
# in /etc/hosts and IPv4-mapped IPv6.
LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "127。0。0。1",  # ideographic full stop U+3002
    "127．0．0．1",  # full-width full stop U+FF0E
    "127｡0｡0｡1",  # half-width ideographic full stop U+FF61
    "１２７.０.０.１",  # full-width digits
    "①②⑦.⓪.⓪.①",  # circled digits
    "１２７。０。０。１",
    "2130706433",  # the address as one decimal number
    "0x7f000001",
    "0x7f.0.0.1",
    "0177.0.0.1",  # octal
    "127.1",
    "127.0.1",
    "localhost",
    "LocalHost",
    "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ",
    "ｌｏｃａｌｈｏｓｔ",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "[::1]",
]


@pytest.fixture
async def canary() -> AsyncIterator[NewsServer]:
    """The "internal service" a hostile link aims at: every request it gets is a guard failure."""
    async with NewsServer() as server:
        server.add("/secret", SECRET, content_type="text/html")
        yield server


def _guarded(**changes: object) -> HttpClient:
    return HttpClient(replace(TEST_SETTINGS, **{"trusted_origins": frozenset(), **changes}))  # type: ignore[arg-type]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_no_spelling_of_a_local_address_is_fetched(canary: NewsServer, host: str) -> None:
    async with _guarded() as client:
        with pytest.raises(SourceBlocked, match=r"non-public address|not a canonical IPv4"):
            await client.fetch(f"http://{host}:{canary.port}/secret")
    assert sum(canary.hits.values()) == 0


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_the_socket_check_holds_when_the_earlier_checks_miss(
    canary: NewsServer, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Take away the literal-host check and the resolver's: the address checked as the socket connects,
    # on every hop, must still refuse every one of them.
    monkeypatch.setattr(http_module, "check_literal_host", lambda host: None)

    async def unchecked(self: http_module._GuardedResolver, host: str, port: int = 0, family: int = 0) -> object:
        return await self._inner.resolve(host, port, family)

    monkeypatch.setattr(http_module._GuardedResolver, "resolve", unchecked)
    async with _guarded() as client:
        with pytest.raises(SourceBlocked, match=r"non-public address|not a canonical IPv4"):
            await client.fetch(f"http://{host}:{canary.port}/secret")
    assert sum(canary.hits.values()) == 0


async def test_post_json_is_guarded_the_same_way(canary: NewsServer) -> None:
    async with _guarded() as client:
        for host in ("127。0。0。1", "localhost", "[::ffff:127.0.0.1]"):
            with pytest.raises(SourceBlocked):
                await client.post_json(f"http://{host}:{canary.port}/v1/chat/completions", {})
    assert sum(canary.hits.values()) == 0


async def test_only_the_hosts_the_operator_named_are_trusted(canary: NewsServer) -> None:
    # 127.0.0.1 stands for the operator's RSS bridge on the LAN: named, so fetched. The same machine under
    # any other name is not what the operator named, so it stays behind the guard.
    async with _guarded(trusted_origins=frozenset({"127.0.0.1"})) as client:
        assert (await client.fetch(canary.url("/secret"))).body == SECRET.encode()
        for host in ("localhost", "127.0.0.2", "[::ffff:127.0.0.1]", "2130706433"):
            with pytest.raises(SourceBlocked):
                await client.fetch(f"http://{host}:{canary.port}/secret")
    assert canary.hits["/secret"] == 1


async def test_a_trusted_source_redirecting_elsewhere_is_guarded_at_the_next_hop() -> None:
    # A named source is trusted; where it redirects is not, whoever answers there (127.0.0.2 stands in
    # for a private address a public site sends us to).
    async with NewsServer() as source, NewsServer(host="127.0.0.2") as internal:
        internal.add("/admin", SECRET, content_type="text/html")
        source.add("/moved.xml", "<rss/>")
        source.add_redirect("/feed.xml", internal.url("/admin"))
        source.add_redirect("/same-host.xml", "/moved.xml")
        source.add_redirect("/to-name.xml", f"http://localhost:{internal.port}/admin")
        async with _guarded(trusted_origins=frozenset({"127.0.0.1"})) as client:
            assert (await client.fetch(source.url("/same-host.xml"))).body == b"<rss/>"
            for path in ("/feed.xml", "/to-name.xml"):
                with pytest.raises(SourceBlocked, match="non-public address"):
                    await client.fetch(source.url(path))
        assert internal.hits["/admin"] == 0 and source.hits["/feed.xml"] == 1


@pytest.mark.parametrize("host", ["127。0。0。1", "１２７.０.０.１", "localhost", "[::ffff:127.0.0.1]", "2130706433"])
async def test_a_feed_link_to_a_local_address_never_reaches_the_digest(canary: NewsServer, host: str) -> None:
    # The attack that worked: a feed item whose link is a disguised local address, with only a teaser, so
    # the collector fetches the "article page" for its full text.
    link = f"http://{host}:{canary.port}/secret"
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>http://127.0.0.1/</link>
<item><title>Strike on Odesa port</title><link>{link}</link><description>Teaser.</description>
<pubDate>Mon, 01 Jul 2024 10:00:00 GMT</pubDate></item></channel></rss>"""
    async with NewsServer(host="127.0.0.2") as source:  # the operator's source, a host of its own
        source.add("/feed.xml", feed)
        spec = SourceSpec(key="hostile", name="Hostile", url=source.url("/feed.xml"), kind=SourceKind.FEED)
        async with _guarded(trusted_origins=frozenset({"127.0.0.2"})) as client:
            result = await collect_source(client, spec, FetchState())
    assert sum(canary.hits.values()) == 0
    assert result.error is None and result.articles
    assert all(SECRET not in article.text for article in result.articles)


async def test_naming_a_service_trusts_that_port_only(canary: NewsServer) -> None:
    # The operator's local LLM (say) runs on one port of 127.0.0.1; a feed link to another port of that host (an
    # admin page) is not what was named.
    async with NewsServer() as llm:
        llm.add("/v1/models", "{}", content_type="application/json")
        async with _guarded(trusted_origins=frozenset({f"127.0.0.1:{llm.port}"})) as client:
            assert (await client.fetch(llm.url("/v1/models"))).status == 200
            for host in ("127.0.0.1", "localhost"):
                with pytest.raises(SourceBlocked, match="non-public address"):
                    await client.fetch(f"http://{host}:{canary.port}/secret")
    assert sum(canary.hits.values()) == 0


def test_the_settings_trust_each_configured_service() -> None:
    env = EnvSettings(
        front_api_url="http://10.0.0.5:8080/api/history", llm_base_url="http://[::1]:11434/v1", boundaries_url=""
    )
    feed = SourceSpec(key="bridge", name="Bridge", url="http://rss-bridge.lan/feed", kind=SourceKind.FEED)
    channel = SourceSpec(key="tg", name="TG", url="https://t.me/s/DeepStateUA", kind=SourceKind.CHANNEL)
    assert Settings(env=env, sources=(feed, channel)).trusted_origins == {
        "rss-bridge.lan:80", "t.me:443", "10.0.0.5:8080", "[::1]:11434"
    }  # fmt: skip


async def test_a_chats_own_source_reaches_no_service_the_operator_named_for_the_bot(canary: NewsServer) -> None:
    # The operator's LLM (the canary) is trusted for the bot's own requests; a URL a chat gives that points at it
    # is not, and neither are the bot's other services. Only what [sources] private_services names is.
    async with NewsServer() as bridge:
        bridge.add("/feed.xml", "<rss/>", content_type="application/rss+xml")
        async with _guarded(trusted_origins=frozenset({f"127.0.0.1:{canary.port}"})) as client:
            chats = client.untrusting(frozenset({f"127.0.0.1:{bridge.port}"}))
            with pytest.raises(SourceBlocked):
                chats.check_url(canary.url("/secret"))
            with pytest.raises(SourceBlocked):
                await chats.fetch(canary.url("/secret"))
            assert (await chats.fetch(bridge.url("/feed.xml"))).status == 200
            assert (await client.fetch(canary.url("/secret"))).body == SECRET.encode()  # the bot's own use does
    assert canary.hits["/secret"] == 1 and bridge.hits["/feed.xml"] == 1  # that one hit is the bot's own


def test_chats_may_add_private_services_the_operator_lists_only() -> None:
    env = EnvSettings(llm_base_url="http://[::1]:11434/v1", boundaries_url="")
    settings = Settings(env=env, sources=(), chat_sources=ChatSourceLimits(private_services=("http://bridge.lan:1200",)))
    assert settings.chat_trusted_origins == {"bridge.lan:1200"}
    assert "[::1]:11434" in settings.trusted_origins and "[::1]:11434" not in settings.chat_trusted_origins
