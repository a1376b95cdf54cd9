"""The one orchestrator: collect -> store -> condense -> render -> enqueue.

Handlers, jobs and the CLI call these methods; each stage's logic lives in its own package.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache, partial

from sqlalchemy.ext.asyncio import AsyncSession

from bot import i18n
from bot.abstractive import AbstractiveSummarizer
from bot.clock import Clock, Sleep, utcnow
from bot.collect import CollectResult, FullTextBudget, collect_source
from bot.collect.health import next_check_after
from bot.collect.http import HttpClient
from bot.condense import build_stories, warm_gists
from bot.condense.query import TopicFilter
from bot.condense.selection import choose
from bot.condense.stories import WindowStory, build_window, readable_first
from bot.config import Settings
from bot.deliver import enqueue_digest
from bot.domain import Digest, MapCheck, OperatorStatus, SourceSpec, Story
from bot.errors import CollectError, failure_reason
from bot.front.claims import ClaimMaps, story_checks
from bot.front.service import FrontReport, FrontService
from bot.metrics import Metrics
from bot.render import render_digest
from bot.render.front import render_front
from bot.render.html import escape_html
from bot.render.status import failure_text
from bot.store import articles as article_store
from bot.store import chat_sources as chat_source_store
from bot.store import chats as chat_store
from bot.store import deliveries as delivery_store
from bot.store import sources as source_store
from bot.store.batches import Batches, Write, each
from bot.store.db import Database
from bot.store.deliveries import NewDigest, enqueue_digests

log = logging.getLogger(__name__)
# Two copies of the bot on one database both fire a chat's 08:00 job; the first to enqueue wins the slot.
SCHEDULE_SLOT = timedelta(minutes=10)
SLOT_SHARED = timedelta(minutes=1)  # the jobs of one slot start within this of the first
DIGESTS_AT_ONCE = 4  # digests built at a time: fewer than the database pool's connections
WINDOWS_KEPT = 8  # engine runs kept for the chats still to come: a slot's periods (war only or not), the last's
ADDED_SOURCES_LABEL = "added"  # the metrics' `source` of every source a chat added
# An added source that failed this many passes in a row is reported to the chats that added it (once).
REPORT_FAILURE_AFTER = 3


@dataclass(frozen=True, slots=True)
class CollectOutcome:
    """One source's pass, as shown to the operator."""

    key: str
    name: str
    new_articles: int
    seen_articles: int
    not_modified: bool = False
    skipped: bool = False  # backing off after failures
    error: str | None = None
    teasers_skipped: int = 0  # stored as teasers: the full-text budget ran out before their pages


@dataclass(frozen=True, slots=True)
class PreparedDigest:
    digest: Digest
    parts: list[str]


_TextKey = tuple[str, tuple[str, ...], str]


@dataclass(frozen=True, slots=True)
class Window:
    """One engine run's stories, shared by the chats of a period (see Pipeline._window)."""

    stories: list[WindowStory]
    sources: frozenset[str]  # the sources that wrote in the period
    rewritten: dict[_TextKey, Story] = field(default_factory=dict)  # abstractive rewrites, by the text rewritten

    # Map checks by the story's text and the chat's language, against the maps they were made with.
    checked: list[tuple[ClaimMaps, dict[tuple[_TextKey, str], tuple[MapCheck, ...]]]] = field(default_factory=list)
    checking: asyncio.Lock = field(default_factory=asyncio.Lock)

    def checks_against(self, maps: ClaimMaps) -> dict[tuple[_TextKey, str], tuple[MapCheck, ...]]:
        """The memo of map checks made against `maps`: a newer map starts a new one."""
        if not self.checked or self.checked[-1][0] is not maps:
            self.checked[:] = [(maps, {})]
        return self.checked[-1][1]

    def wrote(self, sources: Collection[str] | None) -> bool:
        """Whether any of `sources` (None: any source) wrote in the period."""
        return bool(self.sources) if sources is None else any(key in self.sources for key in sources)


class Pipeline:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        http: HttpClient,
        *,
        front: FrontService | None = None,
        clock: Clock = utcnow,
        sleep: Sleep = asyncio.sleep,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics or Metrics()
        self.db = db
        self.http = http
        self.front = front
        self.clock = clock
        self.sleep = sleep
        c = settings.collect
        self.full_text = FullTextBudget(c.full_text_pages, c.full_text_concurrency, c.full_text_deadline_s)
        # Off unless FRONTLINE_LLM_BASE_URL is set; any failure falls back to the extractive summary.
        self.abstractive = AbstractiveSummarizer.from_settings(settings.env, http)
        self._windows: OrderedDict[tuple[object, ...], asyncio.Task[Window]] = OrderedDict()
        self._settings = Batches(db, _digest_settings)
        self._scheduled = Batches(db, _enqueue_scheduled)
        self._writes: Batches[Write[bool], bool] = Batches(db, each)
        self._building = asyncio.Semaphore(DIGESTS_AT_ONCE)
        self._slot_until: datetime | None = None  # where the period of the slot now being posted ends

    # -- collect -> store ------------------------------------------------------------------------------------

    async def sync_sources(self) -> None:
        async with self.db.session() as session, session.begin():
            await source_store.sync_sources(session, self.settings.sources)

    async def collect_one(self, key: str, *, force: bool = False) -> CollectOutcome:
        """Collect one source if it is due (or `force`), store what is new and record its health.

        Never raises for the source's sake, whatever went wrong (a bug a hostile document trips, a database
        error on its rows): that is recorded as the source's failure, so a pass goes on with the others.
        """
        try:
            outcome = await self._collect_one(key, force=force)
        except Exception as exc:
            outcome = await self._crashed(key, exc)
        self.metrics.collected(
            _metric_label(key),
            at=self.clock(),
            fetched=not outcome.skipped,
            failed=outcome.error is not None,
            articles=outcome.seen_articles,
            stored=outcome.new_articles,
        )
        return outcome

    async def _collect_one(self, key: str, *, force: bool) -> CollectOutcome:
        now = self.clock()
        async with self.db.session() as session:
            row = await source_store.get_source(session, key)
            if row is None or not row.enabled:
                return CollectOutcome(key, key, 0, 0, skipped=True, error="not configured")
            if row.added and await self._unfollowed(session, row):
                return CollectOutcome(key, row.name, 0, 0, skipped=True, error="no chat follows it")
            if not force and not _due(row.next_check_at, now, timedelta(minutes=row.interval_minutes)):
                # Backing off after failures, or another copy of the bot collected it moments ago.
                return CollectOutcome(key, row.name, 0, 0, skipped=True, error=row.last_error)
            spec, state, source_id = source_store.spec_of(row), source_store.fetch_state(row), row.id
            known = await article_store.recent_urls(session, source_id)
            # A chat's own source reaches no service the operator named for the bot's use, only those for chats.
            http = self.http.untrusting(self.settings.chat_trusted_origins) if row.added else self.http
        result = await collect_source(
            http, spec, state, known_urls=known, clock=self.clock, budget=self.full_text, sleep=self.sleep
        )
        return await self._store(source_id, result)

    async def _unfollowed(self, session: AsyncSession, row: source_store.SourceRow) -> bool:
        """An added source whose last follower left (removed it, or the chat was forgotten) stops here."""
        stopped = await chat_source_store.disable_if_unfollowed(session, row)
        if stopped:
            await session.commit()
            log.info("source no longer followed", extra={"source": row.key})
        return stopped

    async def _store(self, source_id: int, result: CollectResult) -> CollectOutcome:
        now = self.clock()
        async with self.db.session() as session, session.begin():
            row = await session.get(source_store.SourceRow, source_id)
            assert row is not None
            if result.error is not None:
                outcome = self._failed(row, result.error, result.retry_after)
                await self._report_failure(session, row, result.error)
                return outcome
            if row.added and row.consecutive_failures:
                await chat_source_store.clear_failure_reports(session, source_id)
            new = await article_store.add_articles(session, source_id, result.articles, now=now)
            interval = timedelta(minutes=row.interval_minutes)
            source_store.record_success(row, result.state, new_articles=new, now=now, next_check_at=now + interval)
            key, name = row.key, row.name
        if new:
            # The model reads each article once, here, rather than while a chat waits for its digest.
            await asyncio.to_thread(warm_gists, result.articles)
        log.info(
            "source collected",
            extra={
                "source": key,
                "new": new,
                "seen": len(result.articles),
                "not_modified": result.not_modified,
                "teasers_skipped": result.teasers_skipped,
            },
        )
        return CollectOutcome(
            key,
            name,
            new,
            len(result.articles),
            not_modified=result.not_modified,
            teasers_skipped=result.teasers_skipped,
        )

    def _failed(self, row: source_store.SourceRow, error: Exception, retry_after: float | None) -> CollectOutcome:
        """Record the failure on the source's row (in the caller's transaction), log it and say so."""
        reason = failure_reason(error)
        wait = next_check_after(row.consecutive_failures + 1, timedelta(minutes=row.interval_minutes), retry_after)
        source_store.record_failure(row, reason, next_check_at=self.clock() + wait)
        log.warning(
            "source failed",
            extra={
                "source": row.key,
                "error": reason,
                "failures": row.consecutive_failures,
                "retry_in_s": int(wait.total_seconds()),
            },
            exc_info=None if isinstance(error, CollectError) else error,  # a bug: its traceback is the lead
        )
        return CollectOutcome(row.key, row.name, 0, 0, error=reason)

    async def _report_failure(self, session: AsyncSession, row: source_store.SourceRow, error: CollectError) -> None:
        """Tell the chats that added a source that it keeps failing: once per failing streak, not on every pass
        (in the caller's transaction, with the failure itself)."""
        if not row.added or row.consecutive_failures < REPORT_FAILURE_AFTER:
            return
        now = self.clock()
        for chat_id, lang in await chat_source_store.failure_to_report(session, row.id):
            text = i18n.t(lang, "source_failing_notice", name=escape_html(row.name), reason=failure_text(lang, error))
            await enqueue_digest(
                session, chat_id=chat_id, kind="notice", lang=lang, since=now, until=now, parts=[text]
            )
            log.info("source failure reported", extra={"source": row.key, "chat_id": chat_id})

    async def _crashed(self, key: str, exc: Exception) -> CollectOutcome:
        """An unexpected failure of one source, recorded in a transaction of its own (the one it broke, if
        any, was rolled back)."""
        try:
            async with self.db.session() as session, session.begin():
                row = await source_store.get_source(session, key)
                if row is not None:
                    return self._failed(row, exc, None)
            unrecorded = "the source is not in the database"
        except Exception as err:  # the database itself is failing: the log is all there is
            unrecorded = failure_reason(err)
        log.error(
            "source failed, and its failure could not be recorded",
            extra={"source": key, "error": failure_reason(exc), "not_recorded": unrecorded},
            exc_info=exc,
        )
        return CollectOutcome(key, key, 0, 0, error=failure_reason(exc))

    async def warm_recent(self) -> int:
        """Have the sentence model read the gists of the last day's articles, so that the first digests after a
        start do not wait for it (from then on the collector reads each new article); how many there were."""
        since, until = self.window(None, None)
        async with self.db.session() as session:
            articles = await article_store.articles_collected_between(session, since, until)
        if await asyncio.to_thread(warm_gists, articles):
            log.info("articles read by the sentence model", extra={"articles": len(articles)})
        return len(articles)

    async def collect_all(
        self, *, force: bool = False, progress: Callable[[CollectOutcome], None] | None = None
    ) -> list[CollectOutcome]:
        """One pass over every enabled source, a few at a time; one source's failure never stops the others."""
        async with self.db.session() as session:
            keys = [row.key for row in await source_store.enabled_sources(session)]
        gate = asyncio.Semaphore(8)

        async def one(key: str) -> CollectOutcome:
            async with gate:
                outcome = await self.collect_one(key, force=force)
            if progress:
                progress(outcome)
            return outcome

        return list(await asyncio.gather(*(one(k) for k in keys)))

    async def status(self) -> OperatorStatus:
        """For operators: the outbox by state, chats that are not active, failing sources, and the front map's
        last poll (why it failed, when it did)."""
        async with self.db.session() as session:
            counts = await delivery_store.delivery_counts(session)
            paused = await chat_store.chats_by_status(session)
            failing = [r for r in await source_store.enabled_sources(session) if r.consecutive_failures]
        front = await self.front.poll_status() if self.front is not None else None
        return OperatorStatus(counts, paused, [source_store.health_of(row) for row in failing], front)

    async def retry_parked(self) -> int:
        async with self.db.session() as session, session.begin():
            return await delivery_store.retry_parked(session)

    async def collected_sources(self) -> tuple[SourceSpec, ...]:
        """Every source to collect: the catalogue and what chats added (each URL once)."""
        async with self.db.session() as session:
            return tuple(source_store.spec_of(row) for row in await source_store.enabled_sources(session))

    # -- condense -> render ----------------------------------------------------------------------------------

    async def prepare_digest(
        self,
        *,
        lang: str,
        tz: str,
        since: datetime,
        until: datetime,
        query: str | None = None,
        filters: chat_store.StoryFilters = chat_store.NO_FILTERS,
        war_only: bool = True,
        reads: Collection[str] | None = None,
        sources: Collection[str] | None = None,
    ) -> PreparedDigest:
        """The digest (or topic summary) of what was collected in [since, until) by `sources` (source keys, see
        bot.store.chat_sources; None: every source, as the CLI asks): war news only unless the chat chose everything
        from its sources (`war_only=False`). Stories are told in `lang` when an outlet wrote in it, else translated
        (when a translator is configured), else shown in one of the languages the chat `reads` (default: `lang` and
        English) with that language marked; stories in none of them go to one line at the end.

        A digest chooses among the stories of one engine run shared by every chat with the same period and
        war-only setting (see selection.py); a topic summary runs its own, on the articles of `sources`."""
        started = time.perf_counter()
        reads = tuple(reads) if reads is not None else chat_store.default_reads(lang)
        limit = self.settings.digest.max_stories
        empty = ""
        window: Window | None = None
        if query:
            ranked = await self._topic_stories(query, lang=lang, since=since, until=until, war_only=war_only,
                                               reads=reads, sources=sources)  # fmt: skip
            if self.abstractive is not None:
                ranked = await self.abstractive.rewrite(ranked, lang)
        else:
            window = await self._window(since, until, war_only=war_only)
            choice = choose(
                window.stories, lang=lang, reads=reads, sources=sources, topics=_topics(filters), limit=limit
            )
            ranked = await self._rewrite(choice.stories, lang, window.rewritten)
            if not ranked and window.wrote(sources):
                # The chat's sources wrote in the period: its filter removed their stories, or (war only) none was
                # war news.
                war_news = not war_only or choice.carried
                empty = _filtered_out(filters, lang) if war_news else i18n.t(lang, "digest_no_war_news")
        # After translation: a translated story is one the chat can read.
        stories, others = readable_first(ranked, limit, lambda s: s.lang in reads or bool(s.translated_from))
        if self.front is not None and stories:
            stories = await self._map_checked(stories, lang, window)
        if others and not stories:
            empty = i18n.t(lang, "digest_only_other_langs")
        title = i18n.t(lang, "summary_title", topic=query) if query else ""
        # A topic summary is about its topic; the front-line section belongs to the full digest.
        footer = "\n".join(await self.front.digest_section(lang)) if self.front and not query else ""
        digest = Digest(
            lang=lang,
            since=since,
            until=until,
            stories=tuple(stories),
            title=title,
            footer=footer,
            empty=empty,
            others=tuple(others),
        )
        prepared = PreparedDigest(digest, render_digest(digest, tz=tz))
        self.metrics.digest_built(stories=len(stories), seconds=time.perf_counter() - started)
        return prepared

    async def _map_checked(self, stories: list[Story], lang: str, window: Window | None) -> list[Story]:
        """The stories with their claims that a settlement changed hands checked against the latest map (a
        window's story once per language, whichever chats get it). The labels are an extra: when they cannot be
        had the digest goes out without them."""
        assert self.front is not None
        try:
            maps = await self.front.claim_maps()
            if maps is None:
                return stories
            memo = window.checks_against(maps) if window is not None else {}
            # One chat at a time per window: the chats of a slot arrive together and would each check the same
            # stories before any had its checks memoised.
            async with window.checking if window is not None else asyncio.Lock():
                todo = list({_text_key(s): s for s in stories if (_text_key(s), lang) not in memo}.values())
                if todo:
                    found = await asyncio.to_thread(lambda: [story_checks(s, maps, lang) for s in todo])
                    memo.update(((_text_key(s), lang), c) for s, c in zip(todo, found, strict=True))
            checks = [memo[_text_key(s), lang] for s in stories]
        except Exception:
            log.exception("claims_check_failed")
            return stories
        return [replace(s, map_checks=c) if c else s for s, c in zip(stories, checks, strict=True)]

    async def _topic_stories(
        self,
        query: str,
        *,
        lang: str,
        since: datetime,
        until: datetime,
        war_only: bool,
        reads: tuple[str, ...],
        sources: Collection[str] | None,
    ) -> list[Story]:
        """A topic summary's stories: the engine on the period's articles about the topic from `sources`."""
        async with self.db.session() as session:
            articles = await article_store.articles_collected_between(session, since, until, source_keys=sources)
            all_relevant = await source_store.all_relevant_keys(session) if war_only else frozenset()
        # The engine is seconds of CPU on a big window (more with the sentence model on a cold cache): in a worker
        # thread, so updates, replies and the sender are not held up meanwhile.
        return await asyncio.to_thread(
            build_stories,
            articles,
            lang=lang,
            now=until,
            limit=self.settings.digest.max_stories,
            query=query,
            war_only=war_only,
            all_relevant=all_relevant,
            reads=reads,
        )

    async def _window(self, since: datetime, until: datetime, *, war_only: bool) -> Window:
        """The stories of [since, until) for every chat of that period (and war-only setting): the engine runs
        once for them, the chats scheduled for one slot awaiting the same run."""
        key = (since, until, war_only)
        task = self._windows.get(key)
        if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):
            task = asyncio.create_task(self._build_window(since, until, war_only=war_only))
            self._windows[key] = task
            while len(self._windows) > WINDOWS_KEPT:
                self._windows.popitem(last=False)
        self._windows.move_to_end(key)
        # Shielded: a chat's job that is cancelled must not cancel the run the other chats wait for.
        return await asyncio.shield(task)

    async def _build_window(self, since: datetime, until: datetime, *, war_only: bool) -> Window:
        async with self.db.session() as session:
            articles = await article_store.articles_collected_between(session, since, until)
            all_relevant = await source_store.all_relevant_keys(session) if war_only else frozenset()
        # The engine is seconds of CPU on a big window (more with the sentence model on a cold cache): in a worker
        # thread, so updates, replies and the sender are not held up meanwhile.
        stories = await asyncio.to_thread(
            build_window, articles, now=until, war_only=war_only, all_relevant=all_relevant
        )
        log.info("stories built", extra={"war_only": war_only, "articles": len(articles), "stories": len(stories)})
        return Window(stories, frozenset(a.source_key for a in articles))

    async def _rewrite(self, stories: list[Story], lang: str, memo: dict[_TextKey, Story]) -> list[Story]:
        """The abstractive rewrite (when configured) of a chat's stories; a story's text is rewritten once per
        window, whichever chats get it."""
        if self.abstractive is None:
            return stories
        todo = list({_text_key(s): s for s in stories if _text_key(s) not in memo}.values())
        for story, rewritten in zip(todo, await self.abstractive.rewrite(todo, lang), strict=True):
            memo[_text_key(story)] = rewritten
        return [_retold(s, memo[_text_key(s)]) for s in stories]

    def window(
        self, last_until: datetime | None, period: timedelta | None, *, scheduled: bool = False
    ) -> tuple[datetime, datetime]:
        """The digest's period: the one asked for, else since the last digest, at most max_period_hours.

        A scheduled digest's period ends when the first job of its slot fired (within SLOT_SHARED): the chats of
        one slot, whose jobs run over some seconds, share one period, so one engine run (and the next day's period
        starts there too)."""
        until = self.clock()
        if scheduled:
            if self._slot_until is not None and timedelta(0) <= until - self._slot_until < SLOT_SHARED:
                until = self._slot_until
            else:
                self._slot_until = until
        longest = timedelta(hours=self.settings.digest.max_period_hours)
        if period is not None:
            return until - period, until
        since = last_until if last_until is not None else until - longest
        return max(since, until - longest), until

    # -- enqueue ---------------------------------------------------------------------------------------------

    async def enqueue_for_chat(
        self,
        chat_id: int,
        *,
        kind: str,
        period: timedelta | None = None,
        query: str | None = None,
    ) -> PreparedDigest | None:
        """Build the chat's digest (or topic summary) from the sources it follows (bot.store.chat_sources) and
        write it to the outbox in one transaction.

        Returns None when the chat is unknown. Scheduled and /digest digests move the chat's "last digest"
        mark in the same transaction, so a crash can neither lose nor double a period.
        """
        # A slot fires thousands of digest jobs at once: their settings are read and their digests written in
        # batches, and a few are built at a time.
        read = await self._settings.run(chat_id)
        if read is None:
            return None
        chat, sources = read
        async with self._building:
            # A chat's filters shape its digests; a /summary names its own topic. Both keep to war news unless the
            # chat chose everything from its sources.
            last_until = None if query else chat.last_digest_until
            since, until = self.window(last_until, period, scheduled=kind == "scheduled")
            prepared = await self.prepare_digest(
                lang=chat.lang, tz=chat.timezone, since=since, until=until, query=query,
                filters=chat_store.NO_FILTERS if query else chat.filters, war_only=not chat.all_news,
                reads=chat.reads, sources=sources,
            )  # fmt: skip
        if query and not (prepared.digest.stories or prepared.digest.others):
            return prepared  # nothing about the topic: the caller says so
        digest = NewDigest(chat_id, kind, chat.lang, since, until, prepared.parts, stories=len(prepared.digest.stories))
        if kind == "scheduled":
            if not await self._scheduled.run(digest):
                # Another copy of the bot on the same database already posted this slot (or the chat is gone).
                log.info("scheduled digest already enqueued", extra={"chat_id": chat_id})
                return None
        elif not await self._writes.run(partial(_enqueue_asked, digest, move_mark=query is None)):
            return None
        log.info(
            "digest enqueued",
            extra={"chat_id": chat_id, "kind": kind, "stories": len(prepared.digest.stories),
                   "parts": len(prepared.parts)},
        )  # fmt: skip
        return prepared

    async def enqueue_front(self, chat_id: int, report: FrontReport, *, lang: str) -> None:
        """A front-line report (numbers and map) into the chat's outbox."""
        async with self.db.session() as session, session.begin():
            await self._enqueue_front(session, chat_id, report, lang=lang)

    async def _enqueue_front(self, session: AsyncSession, chat_id: int, report: FrontReport, *, lang: str) -> None:
        caption, parts = render_front(report.lines, has_picture=report.picture is not None)
        when = report.taken_at or self.clock()
        await enqueue_digest(
            session, chat_id=chat_id, kind="front", lang=lang, since=when, until=when,
            parts=parts, photo=report.picture, caption=caption,
        )  # fmt: skip

    async def poll_front(self) -> None:
        """Fetch the newest map; when it moved the front by more than a chat's threshold, alert that chat once."""
        if self.front is None:
            return
        await self.front.poll()
        self.metrics.front_polled(self.clock())
        async with self.db.session() as session:
            chats = await chat_store.front_alert_chats(session)
        if not chats:
            return
        report = await self.front.alerts_due(min(c.threshold_km2 for c in chats))
        if report is None:
            return
        alerted = [c for c in chats if report.change_km2 >= c.threshold_km2]

        async def post(session: AsyncSession) -> None:
            for chat in alerted:
                await self._enqueue_front(session, chat.chat_id, report.for_lang(chat.lang), lang=chat.lang)

        # Every chat's alert is queued with the mark "announced", or none is: nothing is lost mid-way.
        if await self.front.announce(report, post):
            log.info(
                "front alerts enqueued", extra={"chats": len(alerted), "change_km2": round(report.change_km2, 1)}
            )


def _filtered_out(filters: chat_store.StoryFilters, lang: str) -> str:
    """What a digest says when the chat's filter removed every story, naming the filter."""
    parts = [
        i18n.t(lang, key, terms=", ".join(terms))
        for key, terms in (("filter_only_part", filters.include), ("filter_hide_part", filters.exclude))
        if terms
    ]
    return i18n.t(lang, "digest_filtered_empty", filters="; ".join(parts))


@lru_cache(maxsize=1024)
def _topic_filter(include: tuple[str, ...], exclude: tuple[str, ...]) -> TopicFilter:
    return TopicFilter(include, exclude)


def _topics(filters: chat_store.StoryFilters) -> TopicFilter:
    """The chat's filters, parsed once for all the chats that share them."""
    return _topic_filter(filters.include, filters.exclude)


def _text_key(story: Story) -> _TextKey:
    return story.headline, story.sentences, story.lang


def _retold(story: Story, rewritten: Story) -> Story:
    """`story` (credited as the chat gets it) with the text of its rewrite."""
    return replace(
        story,
        headline=rewritten.headline,
        sentences=rewritten.sentences,
        lang=rewritten.lang,
        translated_from=rewritten.translated_from,
    )


async def _digest_settings(
    session: AsyncSession, chat_ids: list[int]
) -> list[tuple[chat_store.DigestSettings, frozenset[str]] | None]:
    """The chats' digest settings and the sources they follow, a few queries for a batch of chats (a slot's
    thousands); None for a chat that is unknown."""
    settings = await chat_store.digest_settings(session, chat_ids)
    known = [c for c, s in zip(chat_ids, settings, strict=True) if s is not None]
    sources = await chat_source_store.chat_source_keys_bulk(session, known)
    return [None if s is None else (s, sources[c]) for c, s in zip(chat_ids, settings, strict=True)]


async def _enqueue_scheduled(session: AsyncSession, digests: list[NewDigest]) -> list[bool]:
    """A slot's digests, each unless another copy of the bot posted the chat's slot already (its mark moved):
    whether each was written. A few statements for the whole batch."""
    moved: set[int] = set()
    for until in {d.until for d in digests}:
        chats = [d.chat_id for d in digests if d.until == until]
        moved |= await chat_store.move_digest_marks(session, chats, until, unless_within=SCHEDULE_SLOT)
    written: list[NewDigest] = []
    for digest in digests:
        if digest.chat_id in moved:
            moved.discard(digest.chat_id)  # its mark moved once: one digest, should two of its jobs share a batch
            written.append(digest)
    await enqueue_digests(session, written)
    chosen = {id(d) for d in written}
    return [id(d) in chosen for d in digests]


async def _enqueue_asked(digest: NewDigest, session: AsyncSession, *, move_mark: bool) -> bool:
    """A digest or summary a chat asked for; a digest moves the chat's mark (in the same transaction: a crash can
    neither lose nor double a period). False when the chat is gone."""
    if await chat_store.get_chat(session, digest.chat_id) is None:
        return False
    if move_mark:
        await chat_store.move_digest_mark(session, digest.chat_id, digest.until)
    await enqueue_digests(session, [digest])
    return True


def _metric_label(key: str) -> str:
    """A catalogue source by its key; every source a chat added as one "added": chats add and remove them at will,
    and a series per key would grow without bound."""
    return ADDED_SOURCES_LABEL if chat_source_store.is_added_key(key) else key


def _due(next_check_at: datetime | None, now: datetime, interval: timedelta) -> bool:
    """Jobs fire on the interval while next_check_at is set from when the fetch finished: allow half an interval
    of slack so a source is never skipped by its own schedule, only by backoff or by a fresh collection."""
    return next_check_at is None or next_check_at <= now + interval / 2
