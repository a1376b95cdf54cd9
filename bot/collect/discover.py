"""What a chat's /add names: a feed, a news page that links its feed (`<link rel="alternate">`), or a public
Telegram channel. One fetch (two for a page) through the one HTTP client, so the address guard sees every hop:
what users add is untrusted, and nothing here adds it to the trusted origins."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from bot.collect.channels import parse_channel
from bot.collect.encoding import decode_html, xml_safe
from bot.collect.feeds import read_feed
from bot.collect.http import FetchResponse, HttpClient
from bot.domain import Article, SourceKind, SourceSpec
from bot.errors import NoFeedFound, ParseError
from bot.urls import PREVIEW_BASE, canonical_url, parse_target

LATEST = 3
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
_CHANNEL = re.compile(
    r"(?:@|(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?:s/)?)([A-Za-z][A-Za-z0-9_]{3,31})(?:/[0-9]+)?/?", re.IGNORECASE
)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)


@dataclass(frozen=True, slots=True)
class Probe:
    """A source as /add found it: what to store, and what to show the user."""

    kind: SourceKind
    url: str  # what collection fetches: the feed (not the page that linked it), or the channel's preview
    title: str
    site_url: str
    lang: str  # "" when the source does not say
    latest: tuple[Article, ...]  # newest first, at most LATEST


def channel_name(ref: str) -> str | None:
    """The channel's @name when `ref` names a Telegram channel (@name, t.me/name, t.me/s/name, a post link)."""
    match = _CHANNEL.fullmatch(ref.strip())
    return match.group(1) if match else None


async def probe(
    http: HttpClient, ref: str, *, now: datetime, channel_base: str = PREVIEW_BASE, fallback_lang: str = "en"
) -> Probe:
    """Fetch what `ref` names once and say what it is. Raises a CollectError saying why it cannot be used."""
    name = channel_name(ref)
    if name is not None:
        url = channel_base + name
        response = await http.fetch(url, accept="text/html")
        spec = SourceSpec(key="probe", name="@" + name, url=url, kind=SourceKind.CHANNEL, lang=fallback_lang)
        page = await asyncio.to_thread(
            parse_channel, response.body, http_charset=response.charset, spec=spec, now=now, base_url=response.url
        )
        title = page.title or "@" + name
        return Probe(SourceKind.CHANNEL, url, title, "https://t.me/" + name, "", _latest(page.articles))
    ref = ref.strip()
    url = canonical_url(ref if "://" in ref else "https://" + ref)  # "example.com/rss" as people type it
    if not url:
        parse_target(ref)  # names the refusal (a scheme other than http(s), no host) as the guard would
        raise ParseError(f"not a web address: {ref}")
    response = await http.fetch(url, accept=_FEED_ACCEPT)
    try:
        return await _feed(response, now, fallback_lang)
    except ParseError:
        if "html" not in response.content_type:
            raise  # a broken feed: its own error says more than "links no feed"
        feed_url = _alternate(response)
    return await _feed(await http.fetch(feed_url, accept=_FEED_ACCEPT), now, fallback_lang, site_url=response.url)


async def _feed(response: FetchResponse, now: datetime, fallback_lang: str, *, site_url: str = "") -> Probe:
    spec = SourceSpec(key="probe", name="", url=response.url, lang=fallback_lang)
    info, articles = await asyncio.to_thread(
        read_feed, response.body, http_charset=response.charset, spec=spec, now=now, base_url=response.url
    )
    title = info.title or urlsplit(response.url).hostname or response.url
    return Probe(SourceKind.FEED, response.url, title, info.site_url or site_url, info.lang, _latest(articles))


def _alternate(response: FetchResponse) -> str:
    """The first feed a page links with `<link rel="alternate" type="application/rss+xml" href=...>`; raises
    NoFeedFound for a page that links none."""
    markup = xml_safe(decode_html(response.body, response.charset))
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise NoFeedFound(f"{response.url}: neither a feed nor a page") from exc
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "alternate" in rels and (link.get("type") or "").strip().lower() in _FEED_TYPES and link.get("href"):
            found = canonical_url(urljoin(response.url, link.get("href", "").strip()))
            if found and found != canonical_url(response.url):
                return found
    raise NoFeedFound(f"{response.url}: a page that links no feed")


def _latest(articles: list[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: a.published, reverse=True)[:LATEST])
