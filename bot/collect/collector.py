"""The one orchestrator of a collect pass for a feed, page or channel source: fetch, parse, complete teasers.

It never raises for a source's problems: whatever went wrong is a `CollectError` in the result, which
the caller records (and logs) as the source's health. Parsing and extraction run in worker threads because they
are CPU-bound and the event loop also serves Telegram.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock, utcnow
from bot.collect.channels import parse_channel
from bot.collect.feeds import parse_feed
from bot.collect.http import FetchResponse, HttpClient
from bot.collect.pages import extract_main_text
from bot.collect.urls import canonical_url
from bot.domain import Article, FetchState, SourceKind, SourceSpec
from bot.errors import CollectError, ParseError, SourceHTTPError

logger = logging.getLogger(__name__)

TEASER_CHARS = 400  # below this a feed item is a teaser worth replacing with the page's text
PAGE_CONCURRENCY = 4  # article pages fetched at once per source (the client also limits per host)
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
_HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(slots=True)
class CollectResult:
    spec: SourceSpec
    articles: list[Article]
    state: FetchState  # what to store for the next conditional GET (unchanged on failure)
    not_modified: bool = False
    error: CollectError | None = None
    retry_after: float | None = None  # seconds the server asked us to wait, when it did


async def collect_source(
    http: HttpClient,
    spec: SourceSpec,
    state: FetchState,
    *,
    known_urls: Container[str] = (),
    clock: Clock = utcnow,
) -> CollectResult:
    """Collect one source. `known_urls` (canonical URLs already stored) spares refetching their pages."""
    try:
        response = await http.fetch(spec.url, state=state, accept=_accept(spec.kind), trusted=spec.trusted)
        if response.not_modified:
            return CollectResult(spec, [], response.fetch_state(state), not_modified=True)
        articles = await _articles(http, spec, response, known_urls, clock())
    except CollectError as exc:
        retry_after = exc.retry_after if isinstance(exc, SourceHTTPError) else None
        return CollectResult(spec, [], state, error=exc, retry_after=retry_after)
    return CollectResult(spec, articles, response.fetch_state(state))


def _accept(kind: SourceKind) -> str:
    return _FEED_ACCEPT if kind is SourceKind.FEED else _HTML_ACCEPT


async def _articles(
    http: HttpClient, spec: SourceSpec, response: FetchResponse, known_urls: Container[str], now: datetime
) -> list[Article]:
    if spec.kind is SourceKind.FEED:
        articles = await asyncio.to_thread(
            parse_feed, response.body, http_charset=response.charset, spec=spec, now=now, base_url=response.url
        )
        if spec.full_text:
            articles = await _complete_teasers(http, articles, known_urls, spec.key)
        return articles
    if spec.kind is SourceKind.PAGE:
        return [await _page_article(spec, response, now)]
    if spec.kind is SourceKind.CHANNEL:
        page = await asyncio.to_thread(
            parse_channel, response.body, http_charset=response.charset, spec=spec, now=now, base_url=response.url
        )
        return page.articles
    raise ParseError(f"{spec.kind} sources are not collected by bot.collect.collect_source")


async def _page_article(spec: SourceSpec, response: FetchResponse, now: datetime) -> Article:
    page = await asyncio.to_thread(extract_main_text, response.body, response.url, http_charset=response.charset)
    # A page states a date, not a time; a page of today (or undated) is news as of this fetch.
    published = page.published if page.published is not None and page.published.date() < now.date() else now
    return Article(
        url=page.canonical_url or canonical_url(response.url) or spec.url,
        title=page.title or spec.name,
        text=page.text,
        published=published,
        source_key=spec.key,
        source_name=spec.name,
        lang=page.lang or spec.lang,
    )


async def _complete_teasers(
    http: HttpClient, articles: list[Article], known_urls: Container[str], source_key: str
) -> list[Article]:
    gate = asyncio.Semaphore(PAGE_CONCURRENCY)

    async def complete(article: Article) -> Article:
        async with gate:
            try:
                response = await http.fetch(article.url, accept=_HTML_ACCEPT)
                page = await asyncio.to_thread(
                    extract_main_text, response.body, response.url, http_charset=response.charset
                )
            except CollectError as exc:  # the teaser is still worth having
                logger.info("teaser kept", extra={"source": source_key, "url": article.url, "reason": str(exc)})
                return article
        if len(page.text) <= len(article.text):
            return article
        return dataclasses.replace(article, text=page.text, url=page.canonical_url or article.url)

    teasers = [i for i, a in enumerate(articles) if len(a.text) < TEASER_CHARS and a.url not in known_urls]
    completed = await asyncio.gather(*(complete(articles[i]) for i in teasers))
    merged = list(articles)
    for i, article in zip(teasers, completed, strict=True):
        merged[i] = article
    return merged
