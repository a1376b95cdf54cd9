"""The front-line service: polls the map source, stores snapshots, and answers /front, digests and alerts.

It owns no resources, only references (the database, the HTTP client, the clock, the geodata). Parsing,
diffing and drawing take up to a second or two each, so they run in worker threads, one at a time, and
their results are cached by the stored snapshot ids they were computed from.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from shapely.errors import ShapelyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock, utcnow
from bot.collect.frontmap import (
    MIN_POLL_INTERVAL,
    DeepStateSource,
    FetchedMap,
    Fetcher,
    FrontMapPoller,
    PollOutcome,
    parse_and_pack,
)
from bot.domain import FetchState, FrontPollStatus
from bot.errors import CollectError, ConfigError
from bot.front import backfill as history
from bot.front.boundaries import BoundariesError, GeodataSource, has_boundaries
from bot.front.boundaries import build as build_boundaries
from bot.front.claims import ClaimMaps
from bot.front.diff import diff
from bot.front.geodata import GeoData, default_gazetteer, load_geodata
from bot.front.model import FrontChange, FrontSnapshot
from bot.front.parse import parse_snapshot
from bot.front.periods import ROLLING, FrontPeriod, PeriodError, parse_period
from bot.front.picture import draw_change
from bot.front.series import totals
from bot.front.text import LANGS, age_line, attribution, change_lines, digest_lines, km2, span
from bot.i18n import normalize_lang, t
from bot.store import front as store
from bot.store.db import Database
from bot.store.front import StoredSnapshot

logger = logging.getLogger(__name__)

BOUNDARIES_RETRY = timedelta(hours=6)  # after a failed build of the oblast boundaries (network, registry down)
STALE_AFTER = timedelta(hours=36)  # DeepState posts about daily; a day and a half without a map is news
MAX_PICTURE_BYTES = 1_000_000
_PICTURE_DPIS = (110, 80, 60)  # retried smaller until the PNG fits Telegram-friendly size
_CACHE_SIZE = 16
_SNAPSHOT_CACHE = 4  # parsed maps are tens of MB each
# The job that calls poll() fires hourly; a little slack keeps it from missing a tick on timer jitter.
POLL_INTERVAL = MIN_POLL_INTERVAL
_POLL_GUARD = MIN_POLL_INTERVAL - timedelta(minutes=2)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class FrontReport:
    """What /front, an alert or a digest shows: plain-text lines (the caller escapes them) and a PNG."""

    lines: list[str]
    picture: bytes | None
    taken_at: datetime | None  # the newest map the numbers come from; None when nothing is stored
    stale: bool  # that map is older than STALE_AFTER (the source is down or silent)
    change_km2: float = 0.0  # area that changed control, all directions (0 without two maps)
    snapshot_id: int | None = None  # stored id of that map
    translations: Mapping[str, FrontReport] = field(default_factory=dict)  # alerts: the report per language

    def for_lang(self, lang: str) -> FrontReport:
        return self.translations.get(normalize_lang(lang), self)


@dataclass(frozen=True, slots=True)
class _Body:
    """The cached, time-independent part of a report."""

    lines: list[str]
    picture: bytes | None
    change_km2: float


class _Lru(OrderedDict[K, V]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: K, value: V) -> V:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value


def content_sha256(raw_gzip: bytes) -> str:
    """Hash of the map itself: `/api/history/last` wraps it with an id and a date, so the same map posted
    again under a new id hashes alike, and alike with the bare map `/{id}/geojson` (or a file) holds."""
    body = gzip.decompress(raw_gzip)
    try:
        doc = json.loads(body)
    except ValueError:
        doc = None
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        body = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(body).hexdigest()


def changed_km2(change: FrontChange) -> float:
    return change.moved_km2


class FrontService:
    def __init__(
        self,
        db: Database,
        http: Fetcher,
        *,
        clock: Clock = utcnow,
        geodata: GeoData | None = None,
        geodata_source: GeodataSource | None = None,
        source: DeepStateSource | None = None,
        backfill_pause_s: float = history.PAUSE_S,
    ) -> None:
        """`geodata` as loaded, or else loaded at first use from `geodata_source` (boundaries.configured():
        FRONTLINE_GEODATA or the default folder, where missing oblast boundaries are built first), falling back
        on the built-in gazetteer. `backfill_pause_s`: the pause between two history requests (tests pass 0)."""
        self.db = db
        self.clock = clock
        self.source = source or DeepStateSource()
        self.poller = FrontMapPoller(self.source, http, clock=clock, min_interval=_POLL_GUARD)
        self._geodata = geodata
        self._geodata_source = geodata_source
        self._geodata_lock = asyncio.Lock()  # not _work: a first download must not hold up the CPU jobs
        self.boundaries_error: str | None = None  # why the boundaries could not be built, for the CLI to say
        self._boundaries_retry_at: datetime | None = None  # set while the last build failed
        self._boundaries_refresh: asyncio.Task[None] | None = None  # the background retry, while it runs
        self._generation = 0  # bumped when the geodata changes: what was computed before is not cached
        self._work = asyncio.Lock()  # one CPU-heavy job at a time: the machine has two cores and a bot to run
        self._snapshots: _Lru[int, FrontSnapshot] = _Lru(_SNAPSHOT_CACHE)
        self._changes: _Lru[tuple[int, int], FrontChange] = _Lru(_CACHE_SIZE)
        self._bodies: _Lru[tuple[str, str, int, int], _Body] = _Lru(_CACHE_SIZE)
        self._claim_maps: _Lru[tuple[int, int, int], ClaimMaps] = _Lru(1)
        self._backfill_pause_s = backfill_pause_s
        self._backfill_done = False  # poll() backfills once per process, when history is too short
        self._backfill_failed: set[str] = set()  # ids that 404ed or did not parse: not asked for again
        self.last_backfill: history.BackfillResult | None = None
        self._poll_state_restored = False  # the saved ETag is read once, before the first poll

    # -- collecting -------------------------------------------------------------------------------------

    async def poll(self) -> PollOutcome:
        """Fetch the newest map (at most hourly, conditional) and store it once. Source trouble is logged and
        reported as FAILED; the stored maps stay as they were."""
        if not self._poll_state_restored:
            await self._restore_poll_state()
        try:
            outcome, fetched = await self.poller.poll()
        except (ValueError, TypeError, ShapelyError) as exc:  # a map so broken that even the parser tripped
            self.poller.last_error = f"unreadable map: {exc}"[:300]
            logger.warning("front_poll_failed", extra={"source": self.source.name, "error": repr(exc)[:300]})
            await self._save_poll_state()
            return PollOutcome.FAILED
        if outcome is PollOutcome.NEW and fetched is not None and not await self._store(fetched):
            outcome = PollOutcome.UNCHANGED
        if outcome is not PollOutcome.TOO_SOON:
            await self._save_poll_state()  # after the map is stored: its ETag must not outlive a lost map
        if outcome in (PollOutcome.NEW, PollOutcome.UNCHANGED) and not self._backfill_done:
            # A fresh install has one map: fetch the baselines /front week and month compare with. Only when
            # the API just answered, and again on a later poll only if its history index was unreadable.
            async with self.db.session() as session:
                short = await store.count_snapshots(session, self.source.name) < 2
            self._backfill_done = not short or (await self.backfill()).error is None
        await self._measure_missing()
        return outcome

    async def _restore_poll_state(self) -> None:
        """The ETag/Last-Modified the last process saw, so its first poll is a conditional one too."""
        async with self.db.session() as session:
            saved = await store.poll_state(session, self.source.name)
        if self.poller.state == FetchState():
            self.poller.state = saved.fetch
        self._poll_state_restored = True

    async def _save_poll_state(self) -> None:
        state = store.PollState(self.poller.state, self.poller.last_poll, self.poller.last_error)
        async with self.db.session() as session, session.begin():
            await store.save_poll_state(session, self.source.name, state)

    async def poll_status(self) -> FrontPollStatus:
        """For operators (/status): the newest stored map, and how the last poll went, with the reason when it
        failed."""
        async with self.db.session() as session:
            state = await store.poll_state(session, self.source.name)
            latest = await store.latest_snapshot(session, self.source.name)
        return FrontPollStatus(None if latest is None else latest.taken_at, state.polled_at, state.last_error)

    async def backfill(
        self, days: int = history.BACKFILL_DAYS, *, max_requests: int = history.MAX_REQUESTS
    ) -> history.BackfillResult:
        """Fetch and store the few past maps /front's periods compare with (see `bot.front.backfill`): at most
        `max_requests` sequential requests, index included, never for a map already stored. poll() calls it
        once when fewer than two maps are stored; an operator can call it any time."""
        async with self.db.session() as session:
            latest = await store.latest_snapshot(session, self.source.name)
            since = None if latest is None else latest.taken_at - timedelta(days=days)
            stored = await store.external_ids(session, self.source.name, since=since)
        result = await history.backfill(
            self.source,
            self.poller.http,
            lambda fetched: self._store(fetched, cache=False),
            skip=stored | self._backfill_failed,
            reference=None if latest is None else latest.taken_at,
            days=days,
            max_requests=max_requests,
            pause_s=self._backfill_pause_s,
        )
        self._backfill_failed.update(map(str, result.failed))
        self.last_backfill = result
        return result

    async def import_map(self, data: bytes, *, snapshot_id: int | None = None) -> bool:
        """Store one map from bytes: a bare FeatureCollection as `/{id}/geojson` serves it (then `snapshot_id`,
        DeepState's unix-time id, dates it) or `/last`'s {id, datetime, map}. False when it was stored already.
        Raises ParseError (a CollectError) or ValueError for bytes that are no readable map."""
        snapshot, raw_gzip = await self._cpu(lambda: parse_and_pack(data, snapshot_id))
        return await self._store(FetchedMap(snapshot, raw_gzip), cache=False)

    async def _store(self, fetched: FetchedMap, *, cache: bool = True) -> bool:
        """Store a map once; `cache` keeps it parsed (the newest map is read by the next report; backfilled
        and imported ones would only push it out of the small cache)."""
        digest = await asyncio.to_thread(content_sha256, fetched.raw_gzip)
        snapshot = fetched.snapshot
        async with self.db.session() as session, session.begin():
            stored = await store.save_snapshot(
                session,
                source=self.source.name,
                external_id=str(snapshot.id),
                taken_at=snapshot.taken,
                data_gz=fetched.raw_gzip,
                content_sha256=digest,
                fetched_at=self.clock(),
            )
            if stored is not None:
                await store.save_totals(session, stored.id, totals(snapshot))
        if stored is None:
            return False
        if cache:
            self._snapshots.remember(stored.id, snapshot)
        logger.info("front_snapshot_stored", extra={"snapshot_id": snapshot.id, "taken": snapshot.taken.isoformat()})
        return True

    async def _measure_missing(self) -> None:
        """Totals for stored maps that have none (stored before totals existed, or by a crash in between)."""
        async with self.db.session() as session:
            missing = await store.snapshots_without_totals(session, self.source.name, limit=5)
        for row in missing:
            snapshot = await self._load(row)
            if snapshot is None:
                continue
            async with self.db.session() as session, session.begin():
                await store.save_totals(session, row.id, totals(snapshot))

    # -- reading ----------------------------------------------------------------------------------------

    async def geodata(self) -> GeoData:
        """The geodata given at construction, or else the configured one, loaded once in a worker thread after
        building the oblast boundaries if the folder has none. When that build failed it is tried again every
        BOUNDARIES_RETRY in the background (readers keep what is loaded meanwhile), so a bot started offline
        gets its boundaries without a restart."""
        if self._geodata is None:
            async with self._geodata_lock:
                if self._geodata is None:
                    source = self._geodata_source
                    if source is not None:
                        await self._ensure_boundaries(source)
                    self._geodata = await self._load_geodata(source.folder if source else None)
        elif self._boundaries_due() and self._boundaries_refresh is None:
            self._boundaries_refresh = asyncio.create_task(self._refresh_boundaries())
        return self._geodata

    async def _load_geodata(self, folder: Path | None) -> GeoData:
        """The geodata in `folder`; a broken file there is logged and the built-in gazetteer serves alone, so
        /front keeps answering (per-oblast lines by the nearest settlement) until the operator fixes it. A broken
        file the bot built itself (a disk error, a hand edit) is removed and built again in the background."""
        try:
            return await self._cpu(lambda: load_geodata(folder=folder))
        except ConfigError as exc:
            logger.error("front_geodata_broken", extra={"error": str(exc)})
            source = self._geodata_source
            if source is not None and source.url and source.path.name in str(exc):
                await asyncio.to_thread(source.path.unlink, missing_ok=True)
                self._boundaries_retry_at = self.clock()
            return GeoData(gazetteer=await self._cpu(default_gazetteer))

    async def _refresh_boundaries(self) -> None:
        source = self._geodata_source
        try:
            if source is not None and await self._ensure_boundaries(source):
                geodata = await self._load_geodata(source.folder)
                if geodata.regions is not None:
                    # Changes computed so far split by the nearest settlement, and their places are the old
                    # gazetteer's objects: none of them may be served with the new geodata.
                    self._geodata = geodata
                    self._generation += 1
                    self._changes.clear()
                    self._bodies.clear()
        except Exception:  # a background task: nobody else would see it
            logger.exception("front_boundaries_refresh_failed")
        finally:
            self._boundaries_refresh = None

    def _boundaries_due(self) -> bool:
        return self._boundaries_retry_at is not None and self.clock() >= self._boundaries_retry_at

    async def _ensure_boundaries(self, source: GeodataSource) -> bool:
        """Build the boundaries when the folder has none; True when it has them afterwards. When the build fails
        the numbers are still split per oblast, by the oblast of the nearest settlement, and the picture has no
        oblast borders; the next attempt is due BOUNDARIES_RETRY later (also when this one is cancelled)."""
        if has_boundaries(source.folder):
            self._boundaries_retry_at = None
            return True
        if not source.url:
            return False
        self._boundaries_retry_at = self.clock() + BOUNDARIES_RETRY
        try:
            await build_boundaries(source)
        except BoundariesError as exc:
            self.boundaries_error = str(exc)
            logger.warning(
                "front_boundaries_unavailable",
                extra={
                    "error": str(exc),
                    "retry_at": self._boundaries_retry_at.isoformat(timespec="minutes"),
                    "hint": "run `frontline-digest geodata`, or set FRONTLINE_GEODATA",
                },
            )
            return False
        self.boundaries_error = None
        self._boundaries_retry_at = None
        return True

    async def _cpu(self, fn: Callable[[], V]) -> V:
        async with self._work:
            return await asyncio.to_thread(fn)

    async def _load(self, row: StoredSnapshot) -> FrontSnapshot | None:
        """The parsed map of a stored snapshot; None (logged) if what was stored cannot be read any more."""
        cached = self._snapshots.get(row.id)
        if cached is not None:
            return cached
        async with self.db.session() as session:
            data = await store.snapshot_data(session, row.id)
        if data is None:
            return None
        external = int(row.external_id) if row.external_id.isdigit() else None
        try:
            snapshot = await self._cpu(
                lambda: parse_snapshot(gzip.decompress(data), snapshot_id=external, taken=row.taken_at)
            )
        except (OSError, EOFError, ValueError, CollectError, ShapelyError) as exc:  # corrupt blob or old schema
            logger.error("front_stored_snapshot_unreadable", extra={"snapshot_id": row.id, "error": repr(exc)[:300]})
            return None
        return self._snapshots.remember(row.id, snapshot)

    async def _change(self, before: StoredSnapshot, after: StoredSnapshot) -> FrontChange | None:
        key = (before.id, after.id)
        if key in self._changes:
            return self._changes[key]
        a, b = await self._load(before), await self._load(after)
        if a is None or b is None:
            return None
        geodata = await self.geodata()
        generation = self._generation
        change = await self._cpu(lambda: diff(a, b, geodata))
        return self._changes.remember(key, change) if generation == self._generation else change

    async def _picture(
        self, change: FrontChange, before: StoredSnapshot, after: StoredSnapshot, lang: str
    ) -> bytes | None:
        a, b = await self._load(before), await self._load(after)
        if a is None or b is None:
            return None
        geodata = await self.geodata()
        for dpi in _PICTURE_DPIS:
            png = await self._cpu(lambda dpi=dpi: draw_change(change, a, b, geodata, lang=lang, dpi=dpi).png())  # type: ignore[misc]
            if len(png) < MAX_PICTURE_BYTES:
                return png
        logger.warning("front_picture_too_large", extra={"bytes": len(png)})
        return None

    async def _span(self, period: FrontPeriod) -> tuple[StoredSnapshot | None, StoredSnapshot | None]:
        """(baseline, end) maps of a period; end None when there is no map for it at all."""
        name = self.source.name
        async with self.db.session() as session:
            if period.month_start is not None and period.month_end is not None:
                end = await store.snapshot_before(session, name, period.month_end, strict=True)
                if end is None or end.taken_at < period.month_start:
                    return None, None
                start = await store.snapshot_before(session, name, period.month_start, strict=True)
                if start is None:  # the month our history starts in: from its first map
                    start = await store.oldest_snapshot(session, name)
            else:
                end = await store.latest_snapshot(session, name)
                if end is None:
                    return None, None
                when, strict = period.baseline_before(end.taken_at)
                start = await store.snapshot_before(session, name, when, strict=strict)
                if start is None:  # history shorter than the period: from the oldest map
                    start = await store.oldest_snapshot(session, name)
        return (None if start is None or start.id == end.id else start), end

    async def _body(
        self,
        period: str,
        lang: str,
        start: StoredSnapshot | None,
        end: StoredSnapshot,
        expected: timedelta | None = None,
    ) -> _Body:
        """`expected`: how far apart the maps of `period` should be, so a "week" of 34 days says so."""
        key = (period, lang, start.id if start else 0, end.id)
        cached = self._bodies.get(key)
        if cached is not None:
            return cached
        generation = self._generation
        change = await self._change(start, end) if start is not None else None
        if change is None:
            snapshot = await self._load(end)
            if snapshot is None:
                return _Body([t(lang, "front_no_data")], None, 0.0)
            share = f"{snapshot.occupied_share * 100:.2f}"
            line = t(
                lang,
                "front_one_map",
                date=end.taken_at.strftime("%Y-%m-%d"),
                total=km2(snapshot.occupied_km2, lang),
                share=share if lang == "en" else share.replace(".", ","),
            )
            return self._bodies.remember(key, _Body([line, attribution(lang)], None, 0.0))
        assert start is not None
        picture = await self._picture(change, start, end, lang)
        body = _Body(change_lines(change, lang, expected=expected), picture, changed_km2(change))
        return self._bodies.remember(key, body) if generation == self._generation else body

    async def report(self, period: str, lang: str) -> FrontReport:
        """/front: the change over `period` ("today", "week", "month" or "YYYY-MM") in `lang`.

        Raises ValueError, with a message in `lang` fit to show the user, for a period we cannot serve."""
        lang = normalize_lang(lang)
        now = self.clock()
        try:
            parsed = parse_period(period, now)
        except PeriodError as exc:
            raise ValueError(t(lang, exc.key, period=exc.period)) from exc
        start, end = await self._span(parsed)
        if end is None:
            if parsed.is_month:
                lines = [t(lang, "front_no_month", month=parsed.name), attribution(lang)]
                return FrontReport(lines, None, None, stale=False)
            return FrontReport([t(lang, "front_no_data")], None, None, stale=True)
        # A calendar month's dates are in the head line, and the current one is short by nature.
        body = await self._body(parsed.name, lang, start, end, ROLLING.get(parsed.name))
        current = parsed.month_end is None or parsed.month_end > now
        return self._finish(body, end, lang, now, current=current)

    def _finish(self, body: _Body, end: StoredSnapshot, lang: str, now: datetime, *, current: bool) -> FrontReport:
        """Add what depends on the time of asking: how old the map is, and a warning when the newest map we
        have is stale (a past month's numbers are not)."""
        age = now - end.taken_at
        stale = current and age > STALE_AFTER
        lines = [*body.lines, age_line(end.taken_at, now, lang)]
        if stale:
            lines.append(t(lang, "front_stale", span=span(age, lang)))
        return FrontReport(lines, body.picture, end.taken_at, stale, body.change_km2, end.id)

    # -- digests and alerts -----------------------------------------------------------------------------

    async def digest_section(self, lang: str) -> list[str]:
        """Two to four plain-text lines for a digest: the change over the last day ("today"); [] when no map
        is stored."""
        lang = normalize_lang(lang)
        start, end = await self._span(parse_period("today", self.clock()))
        if end is None:
            return []
        now = self.clock()
        source = t(lang, "front_digest_source", when=end.taken_at.strftime("%Y-%m-%d %H:%M"))
        if now - end.taken_at > STALE_AFTER:
            source += " " + t(lang, "front_stale", span=span(now - end.taken_at, lang))
        change = await self._change(start, end) if start is not None else None
        if change is None:
            body = await self._body("today", lang, None, end)
            return [body.lines[0], source]
        lines = digest_lines(change, lang)
        if change.settlements:
            names = list(dict.fromkeys(s.place.name(lang) for s in change.settlements))
            items = ", ".join(names[:5]) + (f" (+{len(names) - 5})" if len(names) > 5 else "")
            lines.append(t(lang, "front_digest_places", items=items))
        return [*lines, source]

    async def claim_maps(self) -> ClaimMaps | None:
        """The newest map and the one a week before it, to check news claims against (`bot.front.claims`); None
        when no map is stored."""
        start, end = await self._span(parse_period("week", self.clock()))
        if end is None:
            return None
        key = (start.id if start else 0, end.id, self._generation)
        if key in self._claim_maps:
            return self._claim_maps[key]
        latest, earlier = await self._load(end), await self._load(start) if start is not None else None
        if latest is None:
            return None
        gazetteer = (await self.geodata()).gazetteer
        if gazetteer is None:
            gazetteer = await self._cpu(default_gazetteer)
        places = gazetteer
        return self._claim_maps.remember(key, await self._cpu(lambda: ClaimMaps.of(latest, earlier, places)))

    async def alerts_due(self, threshold_km2: float, langs: Sequence[str] = LANGS) -> FrontReport | None:
        """The report to post to chats that opted in, when the newest map shows a change of at least
        `threshold_km2` against the map before it and was not announced yet; None otherwise.

        A map below the threshold, or too old to be news (the first chat to opt in must not be alerted to a map
        of last week), is decided then and there; one above it stays due until `announce()` records it with the
        messages. The report is in `langs[0]`; `report.for_lang(chat_lang)` gives it in a chat's language. Chats
        with a higher threshold than the one passed compare theirs with `report.change_km2`."""
        name = self.source.name
        async with self.db.session() as session:
            end = await store.latest_snapshot(session, name)
            if end is None or await store.alert_state(session, end.id) is not None:
                return None
            start = await store.snapshot_before(session, name, end.taken_at, strict=True)
        if self.clock() - end.taken_at > STALE_AFTER:
            await self._decide_alert(end.id, store.ALERT_BELOW)
            return None
        if start is None:
            return None
        change = await self._change(start, end)
        if change is None:
            return None
        moved = changed_km2(change)
        if moved < threshold_km2:
            await self._decide_alert(end.id, store.ALERT_BELOW)
            return None
        now = self.clock()
        reports: dict[str, FrontReport] = {}
        for lang in dict.fromkeys(normalize_lang(x) for x in langs or LANGS):
            body = await self._body(f"alert:{start.id}", lang, start, end)
            headed = _Body([t(lang, "front_alert", km2=km2(moved, lang)), *body.lines], body.picture, moved)
            reports[lang] = self._finish(headed, end, lang, now, current=True)
        first = next(iter(reports.values()))
        return FrontReport(first.lines, first.picture, first.taken_at, first.stale, moved, end.id, translations=reports)

    async def announce(self, report: FrontReport, post: Callable[[AsyncSession], Awaitable[None]]) -> bool:
        """Record `report`'s map as announced and run `post` (which queues the messages) in one transaction:
        both happen or neither (a crash or an error leaves the alert due for the next poll), and of two bots
        on one database only one does. False when the map was announced already."""
        assert report.snapshot_id is not None
        async with self.db.session() as session, session.begin():
            if not await store.set_alert_state(session, report.snapshot_id, store.ALERT_ANNOUNCED, now=self.clock()):
                return False
            await post(session)
        return True

    async def _decide_alert(self, snapshot_id: int, state: str) -> bool:
        async with self.db.session() as session, session.begin():
            return await store.set_alert_state(session, snapshot_id, state, now=self.clock())
