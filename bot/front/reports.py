"""The front-line reports: what /front, a digest, an alert and the news claims read from the stored maps. Parsing,
diffing and drawing take up to a second or two each, so their results are cached by the stored snapshot ids they
were computed from, and by the generation of the geodata they used. Reads bot.front.loading and the store only."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.front.claims import ClaimMaps
from bot.front.diff import diff
from bot.front.loading import GeodataLoader, Lru, StoredMaps
from bot.front.model import FrontChange
from bot.front.periods import ROLLING, FrontPeriod, PeriodError, parse_period
from bot.front.picture import draw_change
from bot.front.source import DeepStateSource
from bot.front.text import LANGS, age_line, attribution, change_lines, digest_lines, km2, span
from bot.i18n import normalize_lang, t
from bot.store import front as store
from bot.store.db import Database
from bot.store.front import StoredSnapshot

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=36)  # DeepState posts about daily; a day and a half without a map is news
MAX_PICTURE_BYTES = 1_000_000
_PICTURE_DPIS = (110, 80, 60)  # retried smaller until the PNG fits Telegram-friendly size
_CACHE_SIZE = 16


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


def changed_km2(change: FrontChange) -> float:
    return change.moved_km2


class FrontReports:
    def __init__(
        self, db: Database, maps: StoredMaps, geo: GeodataLoader, *, clock: Clock, source: DeepStateSource
    ) -> None:
        self.db = db
        self.maps = maps
        self.geo = geo
        self.cpu = maps.cpu
        self.clock = clock
        self.source = source
        self._changes: Lru[tuple[int, int, int], FrontChange] = Lru(_CACHE_SIZE)
        self._bodies: Lru[tuple[int, str, str, int, int], _Body] = Lru(_CACHE_SIZE)
        self._claim_maps: Lru[tuple[int, int, int], ClaimMaps] = Lru(1)

    async def _change(self, before: StoredSnapshot, after: StoredSnapshot) -> FrontChange | None:
        cached = self._changes.get((self.geo.generation, before.id, after.id))
        if cached is not None:
            return cached
        a, b = await self.maps.load(before), await self.maps.load(after)
        if a is None or b is None:
            return None
        geodata = await self.geo.geodata()
        generation = self.geo.generation
        change = await self.cpu.run(lambda: diff(a, b, geodata))
        if generation != self.geo.generation:  # computed with geodata replaced meanwhile: served once, not kept
            return change
        return self._changes.remember((generation, before.id, after.id), change)

    async def _picture(
        self, change: FrontChange, before: StoredSnapshot, after: StoredSnapshot, lang: str
    ) -> bytes | None:
        a, b = await self.maps.load(before), await self.maps.load(after)
        if a is None or b is None:
            return None
        geodata = await self.geo.geodata()
        for dpi in _PICTURE_DPIS:
            png = await self.cpu.run(lambda dpi=dpi: draw_change(change, a, b, geodata, lang=lang, dpi=dpi).png())  # type: ignore[misc]
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
        generation = self.geo.generation
        key = (generation, period, lang, start.id if start else 0, end.id)
        cached = self._bodies.get(key)
        if cached is not None:
            return cached
        change = await self._change(start, end) if start is not None else None
        if change is None:
            snapshot = await self.maps.load(end)
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
        return self._bodies.remember(key, body) if generation == self.geo.generation else body

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
        key = (start.id if start else 0, end.id, self.geo.generation)
        if key in self._claim_maps:
            return self._claim_maps[key]
        latest, earlier = await self.maps.load(end), await self.maps.load(start) if start is not None else None
        if latest is None:
            return None
        places = await self.geo.gazetteer()
        return self._claim_maps.remember(key, await self.cpu.run(lambda: ClaimMaps.of(latest, earlier, places)))

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
            # Not a confirmed map: the change it was held back for is news only now, with the map confirming it.
            start = await store.snapshot_before(session, name, end.taken_at, strict=True, statuses=(store.ACCEPTED,))
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
