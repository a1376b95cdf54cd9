"""The command line: `frontline-digest run | collect | digest --print | front | front-import | geodata | db upgrade`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import i18n
from bot.chat.args import ArgumentError, parse_period
from bot.clock import utcnow
from bot.config import Settings, load_settings
from bot.errors import ConfigError
from bot.front import boundaries
from bot.front.cli import front_command, front_import
from bot.front.geodata import Regions
from bot.front.service import FrontService
from bot.logs import setup_logging
from bot.pipeline import CollectOutcome, Pipeline
from bot.services import make_http_client
from bot.store.db import Database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontline-digest", description=__doc__)
    parser.add_argument("--sources", type=Path, help="a sources TOML file instead of config/sources.toml")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the Telegram bot (polling)")
    sub.add_parser("collect", help="one collection pass over every source, with a progress line per source")
    digest = sub.add_parser("digest", help="collect, then print the digest as it would be posted")
    digest.add_argument(
        "--print", action="store_true", dest="print_", help="print it (the only mode for now)"
    )
    digest.add_argument("--since", default="24h", help="period to cover, e.g. 6h, 24h, 3d (default 24h)")
    digest.add_argument("--lang", choices=i18n.LANGS, default="en")
    digest.add_argument("--no-collect", action="store_true", help="use what is stored, fetch nothing")
    digest.add_argument(
        "--all-news", action="store_true", help="everything from the sources, not only war news (as /settings 📰)"
    )
    digest.add_argument("--sources", type=Path, dest="digest_sources", help=argparse.SUPPRESS)
    front = sub.add_parser("front", help="print the front-line report (as /front) after fetching the newest map")
    front.add_argument("period", nargs="?", default="today", help="today, week, month or YYYY-MM")
    front.add_argument("--lang", choices=i18n.LANGS, default="en")
    front.add_argument("--png", type=Path, help="also write the map picture to this file")
    front.add_argument("--no-fetch", action="store_true", help="use the stored maps, fetch nothing")
    front_import = sub.add_parser("front-import", help="store DeepState map files (e.g. an archive) as if polled")
    front_import.add_argument("files", nargs="+", type=Path)
    geodata = sub.add_parser("geodata", help="build the oblast boundaries (Natural Earth, once; the bot does it too)")
    geodata.add_argument("--force", action="store_true", help="build them again even if the folder has some")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply the Alembic migrations")
    return parser


def _progress(outcome: CollectOutcome) -> None:
    if outcome.error:
        mark, detail = "FAILED", outcome.error
    elif outcome.not_modified:
        mark, detail = "ok", "not modified"
    else:
        mark, detail = "ok", f"{outcome.new_articles} new of {outcome.seen_articles}"
        if outcome.teasers_skipped:
            detail += f", {outcome.teasers_skipped} kept as teasers (full-text budget)"
    print(f"[{mark}] {outcome.key} ({outcome.name}): {detail}", file=sys.stderr, flush=True)


async def _collect(settings: Settings, pipeline: Pipeline) -> list[CollectOutcome]:
    print(f"collecting {len(settings.sources)} sources ...", file=sys.stderr, flush=True)
    outcomes = await pipeline.collect_all(force=True, progress=_progress)
    failed = [o for o in outcomes if o.error]
    new = sum(o.new_articles for o in outcomes)
    print(
        f"collected: {new} new articles, {len(outcomes) - len(failed)} sources ok, {len(failed)} failed"
        + (f" ({', '.join(o.key for o in failed)})" if failed else ""),
        file=sys.stderr,
        flush=True,
    )
    return outcomes


async def _with_pipeline(settings: Settings, command: str, args: argparse.Namespace) -> int:
    db = Database(settings.env.database_url)
    http = make_http_client(settings)
    await db.initialize()
    await http.start()
    try:
        # Stored maps only: the digest shows the front section it would post, without polling the map source.
        source = settings.env.geodata_source()
        front = FrontService(db, http, geodata_source=source.offline() if args.no_collect else source)
        pipeline = Pipeline(settings, db, http, front=front)
        await pipeline.sync_sources()
        if command == "collect":
            await _collect(settings, pipeline)
            return 0
        period = parse_period(args.since, max_hours=settings.digest.max_period_days * 24)
        if not args.no_collect:
            await _collect(settings, pipeline)
        until = utcnow()
        prepared = await pipeline.prepare_digest(
            lang=args.lang, tz=settings.digest.timezone, since=until - period, until=until, war_only=not args.all_news
        )
        print("\n\n".join(prepared.parts))
        return 0
    finally:
        await http.close()
        await db.shutdown()


async def _upgrade(settings: Settings) -> int:
    db = Database(settings.env.database_url)
    await db.upgrade()
    await db.shutdown()
    print(f"database at head: {settings.env.database_url.split('@')[-1]}", file=sys.stderr)
    return 0


async def _geodata(settings: Settings, *, force: bool) -> int:
    source = settings.env.geodata_source()
    present = boundaries.boundary_files(source.folder)
    if present and (not force or present[0].name != boundaries.FILE_NAME):
        names = ", ".join(p.name for p in present)
        print(f"oblast boundaries already in {source.folder}: {names}", file=sys.stderr)
        return 0
    print(f"downloading {boundaries.PACKAGE} from {source.url} (about 38 MB, once) ...", file=sys.stderr, flush=True)
    path = await boundaries.build(source)
    loaded = await asyncio.to_thread(Regions.from_geojson, [path])
    print(
        f"wrote {path}: {len(loaded.regions)} regions ({path.stat().st_size // 1024} KB), {boundaries.ATTRIBUTION}",
        file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        sources_file = getattr(args, "digest_sources", None) or args.sources
        settings = load_settings(sources_file=sources_file)
        # The one-shot commands print a progress line per source; their logs would say the same again.
        level = settings.env.log_level if args.command == "run" else "ERROR"
        setup_logging(level, secrets=settings.secrets, as_json=settings.env.log_json)
        if args.command == "run":
            from bot.app import run  # PTB is imported only by the command that needs it

            run(settings)
            return 0
        if args.command == "db":
            return asyncio.run(_upgrade(settings))
        if args.command == "front":
            return asyncio.run(front_command(settings, args.period, args.lang, args.png, fetch=not args.no_fetch))
        if args.command == "geodata":
            return asyncio.run(_geodata(settings, force=args.force))
        if args.command == "front-import":
            return asyncio.run(front_import(settings, args.files))
        return asyncio.run(_with_pipeline(settings, args.command, args))
    except ConfigError as exc:
        print(f"frontline-digest: {exc}", file=sys.stderr)
        return 2
    except ArgumentError as exc:
        print(f"frontline-digest: bad period {exc}: use e.g. 6h, 24h or 3d", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
