"""The work on front-line maps: polls the map source (conditional, its ETag kept across restarts), holds back a map
whose change is not believable, backfills the history /front's periods compare with, imports maps, and stores each
map once with its totals. Reads the parsed maps through bot.front.loading; knows nothing of the reports."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from shapely.errors import ShapelyError

from bot.clock import Clock
from bot.domain import FetchState, FrontPollStatus
from bot.front import backfill as history
from bot.front import validate
from bot.front.loading import StoredMaps
from bot.front.model import FrontSnapshot
from bot.front.series import totals
from bot.front.source import (
    MIN_POLL_INTERVAL,
    DeepStateSource,
    FetchedMap,
    Fetcher,
    FrontMapPoller,
    PollOutcome,
    parse_and_pack,
)
from bot.store import front as store
from bot.store.db import Database
from bot.store.front import StoredSnapshot

logger = logging.getLogger(__name__)

HOLD_HISTORY = timedelta(days=60)  # the moves between stored maps a new map's move is compared with
# The job that calls poll() fires hourly; a little slack keeps it from missing a tick on timer jitter.
POLL_INTERVAL = MIN_POLL_INTERVAL
_POLL_GUARD = MIN_POLL_INTERVAL - timedelta(minutes=2)


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


class MapWork:
    def __init__(
        self,
        db: Database,
        http: Fetcher,
        maps: StoredMaps,
        *,
        clock: Clock,
        source: DeepStateSource,
        backfill_pause_s: float = history.PAUSE_S,
        notify: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        """`backfill_pause_s`: the pause between two history requests (tests pass 0). `notify` tells the operator
        (bot.notices) when a new map is held back."""
        self.db = db
        self.maps = maps
        self.cpu = maps.cpu
        self.notify = notify
        self.last_hold: str | None = None  # why the map the last poll got was held back (None: it was not)
        self.clock = clock
        self.source = source
        self.poller = FrontMapPoller(source, http, clock=clock, min_interval=_POLL_GUARD)
        self._backfill_pause_s = backfill_pause_s
        self._backfill_done = False  # poll() backfills once per process, when history is too short
        self._backfill_failed: set[str] = set()  # ids that 404ed or did not parse: not asked for again
        self.last_backfill: history.BackfillResult | None = None
        self._poll_state_restored = False  # the saved ETag is read once, before the first poll

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
        if outcome is PollOutcome.NEW and fetched is not None:
            outcome = await self._admit(fetched)
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

    async def import_map(
        self, data: bytes, *, snapshot_id: int | None = None, taken: datetime | None = None
    ) -> FrontSnapshot | None:
        """Store one map from bytes: a bare FeatureCollection as `/{id}/geojson` serves it (then `snapshot_id`,
        DeepState's unix-time id, dates it), `/last`'s {id, datetime, map}, or a day of the occupied-only archive
        (`taken` dates it: see bot.front.archive). The map as parsed (its `dropped` polygons counted) when it was
        stored, None when it was stored already. An operator's import is history: it is not held back.
        Raises ParseError (a CollectError) or ValueError for bytes that are no readable map."""
        snapshot, raw_gzip = await self.cpu.run(lambda: parse_and_pack(data, snapshot_id, taken))
        return snapshot if await self._store(FetchedMap(snapshot, raw_gzip), cache=False) else None

    async def _admit(self, fetched: FetchedMap) -> PollOutcome:
        """Store a polled map for readers, or hold it back when its change against the newest readable map is not
        believable (bot.front.validate): a broken map must never become news. A held map waits for the next one:
        if that one is believable against the newest readable map, the held one was a glitch and is discarded; if
        it agrees with the held one (and lacks no polygons the readable map had), it confirms it; otherwise it is
        held in its place. The operator gets one notice per map held back, saying why."""
        name, snapshot = self.source.name, fetched.snapshot
        self.last_hold = None
        async with self.db.session() as session:
            latest = await store.latest_snapshot(session, name)
            held = await store.held_snapshot(session, name)
            history = (
                []
                if latest is None
                else await store.totals_between(session, name, latest.taken_at - HOLD_HISTORY, latest.taken_at)
            )
        before = None if latest is None else await self.maps.load(latest)
        if latest is None or before is None or snapshot.taken <= latest.taken_at:
            return PollOutcome.NEW if await self._store(fetched) else PollOutcome.UNCHANGED
        moves = validate.steps(history)
        found = await self.cpu.run(lambda: validate.doubts(before, snapshot, moves))
        settle = None
        if held is not None:
            pending = await self.maps.load(held)
            agrees = (
                pending is not None
                and not any(d.kind == validate.DROPPED for d in found)
                and not await self.cpu.run(lambda: validate.doubts(pending, snapshot, moves))
            )
            settle = (held, store.CONFIRMED if found and agrees else store.DISCARDED)
            if agrees:
                found = []
        if not found:
            return PollOutcome.NEW if await self._store(fetched, settle=settle) else PollOutcome.UNCHANGED
        reason = "; ".join(d.text for d in found)
        if not await self._store(fetched, settle=settle, hold_reason=reason):
            return PollOutcome.UNCHANGED
        self.last_hold = (
            f"Front map of {snapshot.taken:%Y-%m-%d %H:%M} UTC (id {snapshot.id}) held back until the next map "
            f"confirms it: {reason}. /front, digests and alerts keep the map of {latest.taken_at:%Y-%m-%d %H:%M} UTC."
        )
        logger.warning("front_map_held", extra={"snapshot_id": snapshot.id, "reason": reason})
        if self.notify is not None:
            await self.notify(self.last_hold)
        return PollOutcome.HELD

    async def _store(
        self,
        fetched: FetchedMap,
        *,
        cache: bool = True,
        hold_reason: str | None = None,
        settle: tuple[StoredSnapshot, str] | None = None,
    ) -> bool:
        """Store a map once, held back with `hold_reason`, else for readers; `settle` (the held map, its new status)
        is written in the same transaction, only when the map is stored. `cache` keeps it parsed (the newest map is
        read by the next report; backfilled and imported ones would only push it out of the small cache)."""
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
                status=store.ACCEPTED if hold_reason is None else store.HELD,
                hold_reason=hold_reason,
            )
            if stored is not None:
                await store.save_totals(session, stored.id, totals(snapshot))
                if settle is not None:
                    await store.set_status(session, settle[0].id, settle[1])
        if stored is None:
            return False
        if cache:
            self.maps.remember(stored.id, snapshot)
        if settle is not None:
            held, status = settle
            logger.info(f"front_map_{status}", extra={"snapshot_id": held.external_id, "by": snapshot.id})
        logger.info("front_snapshot_stored", extra={"snapshot_id": snapshot.id, "taken": snapshot.taken.isoformat()})
        return True

    async def _measure_missing(self) -> None:
        """Totals for stored maps that have none (stored before totals existed, or by a crash in between)."""
        async with self.db.session() as session:
            missing = await store.snapshots_without_totals(session, self.source.name, limit=5)
        for row in missing:
            snapshot = await self.maps.load(row)
            if snapshot is None:
                continue
            async with self.db.session() as session, session.begin():
                await store.save_totals(session, row.id, totals(snapshot))
