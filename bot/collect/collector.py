"""The one orchestrator of a collect pass for a feed, page or channel source: fetch, parse, complete teasers.

A source's network and content problems never raise: they are a `CollectError` in the result, which the
caller records (and logs) as the source's health. Anything else (a bug a hostile document trips) propagates,
and the caller records that as the source's failure too. A teaser whose page fails, whatever the failure,
keeps its teaser. Parsing and extraction run in worker threads because they are CPU-bound and the event loop
also serves Telegram.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Container
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import Clock, Sleep, utcnow
from bot.collect.channels import parse_channel
from bot.collect.feeds import parse_feed
from bot.collect.http import FetchResponse, HttpClient
from bot.collect.pages import extract_main_text
from bot.domain import Article, FetchState, SourceKind, SourceSpec
from bot.errors import CollectError, ParseError, SourceHTTPError, failure_reason
from bot.urls import canonical_url

logger = logging.getLogger(__name__)

TEASER_CHARS = 400  # below this a feed item is a teaser worth replacing with the page's text
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5"
_HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class FullTextBudget:
    """What completing one source's teasers may cost a pass: a host that never answers must not hold it up.

    Teasers beyond `pages`, and those whose page is not in by `deadline_s`, are kept as they are.
    """

    pages: int = 20  # article pages fetched per source per pass, first items first
    concurrency: int = 4  # of those, fetched at once (the client also limits per host)
    deadline_s: float = 60.0  # one deadline for all of them together


@dataclass(slots=True)
class CollectResult:
    spec: SourceSpec
    articles: list[Article]
    state: FetchState  # what to store for the next conditional GET (unchanged on failure)
    not_modified: bool = False
    error: CollectError | None = None
    retry_after: float | None = None  # seconds the server asked us to wait, when it did
    teasers_skipped: int = 0  # teasers left uncompleted by the full-text budget (stored as teasers)


async def collect_source(
    http: HttpClient,
    spec: SourceSpec,
    state: FetchState,
    *,
    known_urls: Container[str] = (),
    clock: Clock = utcnow,
    budget: FullTextBudget = FullTextBudget(),
    sleep: Sleep = asyncio.sleep,
) -> CollectResult:
    """Collect one source. `known_urls` (canonical URLs already stored) spares refetching their pages;
    `budget` bounds the fetching of full texts for teasers, its deadline awaited with `sleep`."""
    try:
        response = await http.fetch(spec.url, state=state, accept=_accept(spec.kind))
        if response.not_modified:
            return CollectResult(spec, [], response.fetch_state(state), not_modified=True)
        articles = await _articles(spec, response, clock())
        skipped = 0
        if spec.kind is SourceKind.FEED and spec.full_text:
            articles, skipped = await _complete_teasers(http, articles, known_urls, spec.key, budget, sleep)
    except CollectError as exc:
        retry_after = exc.retry_after if isinstance(exc, SourceHTTPError) else None
        return CollectResult(spec, [], state, error=exc, retry_after=retry_after)
    return CollectResult(spec, articles, response.fetch_state(state), teasers_skipped=skipped)


def _accept(kind: SourceKind) -> str:
    return _FEED_ACCEPT if kind is SourceKind.FEED else _HTML_ACCEPT


async def _articles(spec: SourceSpec, response: FetchResponse, now: datetime) -> list[Article]:
    if spec.kind is SourceKind.FEED:
        return await asyncio.to_thread(
            parse_feed, response.body, http_charset=response.charset, spec=spec, now=now, base_url=response.url
        )
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
    http: HttpClient,
    articles: list[Article],
    known_urls: Container[str],
    source_key: str,
    budget: FullTextBudget,
    sleep: Sleep,
) -> tuple[list[Article], int]:
    """`articles` with teasers replaced by their pages' text within `budget`, and how many it left as teasers."""
    teasers = [i for i, a in enumerate(articles) if len(a.text) < TEASER_CHARS and a.url not in known_urls]
    chosen = teasers[: max(0, budget.pages)]
    gate = asyncio.Semaphore(max(1, budget.concurrency))

    async def complete(article: Article) -> Article:
        async with gate:
            try:
                response = await http.fetch(article.url, accept=_HTML_ACCEPT)
                page = await asyncio.to_thread(
                    extract_main_text, response.body, response.url, http_charset=response.charset
                )
            except Exception as exc:  # the teaser is still worth having, whatever went wrong with its page
                bug = not isinstance(exc, CollectError)
                logger.log(
                    logging.WARNING if bug else logging.INFO,
                    "teaser kept",
                    extra={"source": source_key, "url": article.url, "reason": failure_reason(exc)},
                    exc_info=exc if bug else None,
                )
                return article
        if len(page.text) <= len(article.text):
            return article
        return dataclasses.replace(article, text=page.text, url=page.canonical_url or article.url)

    tasks = [asyncio.create_task(complete(articles[i])) for i in chosen]
    await _until_done_or(sleep(budget.deadline_s), tasks)
    merged = list(articles)
    for i, task in zip(chosen, tasks, strict=True):
        if task.done() and not task.cancelled():
            merged[i] = task.result()
    over_limit = len(teasers) - len(chosen)
    timed_out = sum(task.cancelled() for task in tasks)
    if over_limit or timed_out:
        logger.log(
            logging.WARNING if timed_out else logging.INFO,
            "teasers kept by the full-text budget",
            extra={
                "source": source_key,
                "teasers": len(teasers),
                "over_limit": over_limit,
                "timed_out": timed_out,
                "pages": budget.pages,
                "deadline_s": budget.deadline_s,
            },
        )
    return merged, over_limit + timed_out


async def _until_done_or(deadline: Awaitable[object], tasks: list[asyncio.Task[Article]]) -> None:
    """Wait for `tasks` until `deadline` comes, then cancel those still running; nothing outlives this call."""
    timer: asyncio.Future[object] = asyncio.ensure_future(deadline)
    everything: asyncio.Future[list[Article]] = asyncio.gather(*tasks)
    waiting: list[asyncio.Future[Any]] = [timer, everything, *tasks]
    try:
        await asyncio.wait(waiting[:2], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for future in waiting:
            future.cancel()  # a no-op for the finished ones
        await asyncio.gather(*waiting, return_exceptions=True)
