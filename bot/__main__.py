"""The command line: `frontline-digest run | collect | digest --print | front | front-import | geodata | sources |
db upgrade`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot import i18n
from bot.chat.args import ArgumentError, parse_period
from bot.clock import utcnow
from bot.errors import ConfigError, DatabaseUnavailable, StartError
from bot.logs import redact, setup_logging

# Each command imports what it needs when it runs: `--help` and a bad argument answer at once, without the
# database, the HTTP stack, the story engine or the map drawing.
if TYPE_CHECKING:
    from bot.config import Settings
    from bot.pipeline import CollectOutcome, Pipeline


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontline-digest", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    # Every command that reads the sources takes --sources, after its name as the README writes it.
    sources = argparse.ArgumentParser(add_help=False)
    sources.add_argument(
        "--sources", type=Path, metavar="FILE", help="a sources TOML file instead of FRONTLINE_SOURCES_FILE or "
        "config/sources.toml"
    )  # fmt: skip
    run = sub.add_parser("run", parents=[sources], help="run the Telegram bot (polling, or --webhook)")
    run.add_argument(
        "--webhook", action="store_true", help="take updates on a webhook (FRONTLINE_WEBHOOK_URL, _LISTEN, _PORT, "
        "_SECRET) instead of polling"
    )  # fmt: skip
    sub.add_parser(
        "collect", parents=[sources], help="one collection pass over every source, with a progress line per source"
    )
    digest = sub.add_parser("digest", parents=[sources], help="collect, then print the digest as it would be posted")
    digest.add_argument("--print", action="store_true", dest="print_", help="print it (the only mode for now)")
    digest.add_argument(
        "--since", default="24h", metavar="PERIOD", help="period to cover, e.g. 6h, 24h, 3d (default 24h)"
    )
    digest.add_argument("--lang", choices=i18n.LANGS, default="en")
    digest.add_argument("--no-collect", action="store_true", help="use what is stored, fetch nothing")
    digest.add_argument(
        "--all-news", action="store_true", help="everything from the sources, not only war news (as /settings 📰)"
    )
    front = sub.add_parser("front", help="print the front-line report (as /front) after fetching the newest map")
    front.add_argument("period", nargs="?", default="today", help="today, week, month or YYYY-MM")
    front.add_argument("--lang", choices=i18n.LANGS, default="en")
    front.add_argument("--png", type=Path, metavar="FILE", help="also write the map picture to this file")
    front.add_argument("--no-fetch", action="store_true", help="use the stored maps, fetch nothing")
    front_import = sub.add_parser("front-import", help="store DeepState map files (e.g. an archive) as if polled")
    front_import.add_argument("files", nargs="+", type=Path, metavar="FILE")
    geodata = sub.add_parser("geodata", help="build the oblast boundaries (Natural Earth, once; the bot does it too)")
    geodata.add_argument("--force", action="store_true", help="build them again even if the folder has some")
    catalogue = sub.add_parser(
        "sources", parents=[sources], help="the catalogue (the sources every new chat follows) in and out as OPML"
    )
    catalogue.add_argument(
        "action", choices=["import", "export"],
        help="import: append the OPML file's new feeds to the sources file; export: write the catalogue as OPML",
    )  # fmt: skip
    catalogue.add_argument("file", type=Path, metavar="OPML")
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


async def _collect(pipeline: Pipeline) -> list[CollectOutcome]:
    # The catalogue, and what chats added when the database is the bot's.
    print(f"collecting {len(await pipeline.collected_sources())} sources ...", file=sys.stderr, flush=True)
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


@asynccontextmanager
async def _pipeline(settings: Settings, *, fetch: bool) -> AsyncIterator[Pipeline]:
    from bot.services import Core, running

    # Told to fetch nothing, the digest's front section is the one it would post from the stored maps.
    async with running(Core.build(settings, fetch=fetch)) as core:
        yield core.pipeline


async def _collect_command(settings: Settings) -> int:
    async with _pipeline(settings, fetch=True) as pipeline:
        await _collect(pipeline)
    return 0


async def _digest_command(settings: Settings, *, since: str, lang: str, collect: bool, war_only: bool) -> int:
    period = parse_period(since, max_hours=settings.digest.max_period_days * 24)  # a bad period fetches nothing
    async with _pipeline(settings, fetch=collect) as pipeline:
        if collect:
            await _collect(pipeline)
        until = utcnow()
        prepared = await pipeline.prepare_digest(
            lang=lang, tz=settings.digest.timezone, since=until - period, until=until, war_only=war_only
        )
    print("\n\n".join(prepared.parts))
    return 0


async def _upgrade(settings: Settings) -> int:
    from bot.store.db import Database

    db = Database(settings.env.database_url)
    try:
        await db.upgrade()
    finally:
        await db.shutdown()
    print(f"database at head: {db.where}", file=sys.stderr)
    return 0


async def _geodata(settings: Settings, *, force: bool) -> int:
    from bot.front import boundaries
    from bot.front.geodata import Regions

    source = boundaries.configured(settings.env.geodata, settings.env.boundaries_url)
    present = boundaries.boundary_files(source.folder)
    if present and (not force or present[0].name != boundaries.FILE_NAME):
        names = ", ".join(p.name for p in present)
        print(f"oblast boundaries already in {source.folder}: {names}", file=sys.stderr)
        return 0
    if source.url:  # without one, build() says so
        print(f"downloading {boundaries.PACKAGE} from {source.url} (about 38 MB, once) ...", file=sys.stderr)
    path = await boundaries.build(source)
    loaded = await asyncio.to_thread(Regions.from_geojson, [path])
    print(
        f"wrote {path}: {len(loaded.regions)} regions ({path.stat().st_size // 1024} KB), {boundaries.ATTRIBUTION}",
        file=sys.stderr,
    )
    return 0


def _catalogue(settings: Settings, action: str, file: Path, sources_file: Path) -> int:
    from bot.catalogue import export_catalogue, import_catalogue
    from bot.collect.opml import OpmlError

    now = utcnow()
    if action == "export":
        count = export_catalogue(settings.sources, file, now=now)
        print(f"wrote {file}: {count} sources", file=sys.stderr)
        return 0
    try:
        report = import_catalogue(file, sources_file, settings.sources, now=now)
    except OpmlError as exc:
        raise ConfigError(f"{file}: nothing imported, {_OPML_PROBLEMS.get(exc.key, exc.key)} ({exc})") from exc
    for url, why in report.refused:
        print(f"[refused] {url}: {why}", file=sys.stderr)
    print(
        f"imported into {sources_file}: {len(report.added)} added"
        + (f" ({', '.join(report.added)})" if report.added else "")
        + f", {len(report.already)} already there, {len(report.refused)} refused, {report.duplicates} repeated",
        file=sys.stderr,
    )
    return 0


_OPML_PROBLEMS = {
    "too_large": "the file is too large",
    "not_xml": "the file is not XML",
    "not_opml": "the file is XML but not OPML",
    "entities": "the file declares a DTD or entities",
    "too_many": "the file has too many outlines",
}


def _fail(message: str) -> None:
    print(f"frontline-digest: {redact(message)}", file=sys.stderr)


def _first_line(exc: BaseException) -> str:
    # SQLAlchemy adds its own lines (the statement, a link); the driver's first line says what went wrong
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]


def _is_database_error(exc: Exception) -> bool:
    # Imported only here: a command that failed before touching the database has not loaded SQLAlchemy.
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError | CommandError)


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        from bot.app import run  # PTB is imported only by the command that needs it

        run(settings, webhook=args.webhook)
        return 0
    if args.command == "collect":
        return asyncio.run(_collect_command(settings))
    if args.command == "digest":
        return asyncio.run(
            _digest_command(
                settings, since=args.since, lang=args.lang, collect=not args.no_collect, war_only=not args.all_news
            )
        )
    if args.command in ("front", "front-import"):
        from bot.front.cli import front_command, front_import
    if args.command == "front":
        return asyncio.run(front_command(settings, args.period, args.lang, args.png, fetch=not args.no_fetch))
    if args.command == "front-import":
        return asyncio.run(front_import(settings, args.files))
    if args.command == "geodata":
        return asyncio.run(_geodata(settings, force=args.force))
    if args.command == "sources":
        from bot.config import catalogue_path

        return _catalogue(settings, args.action, args.file, catalogue_path(settings.env, args.sources))
    return asyncio.run(_upgrade(settings))


def main(argv: Sequence[str] | None = None) -> int:
    """Every failure a user can cause or meet ends with one line on stderr saying why, and a non-zero code:
    2 the settings or arguments are wrong, 1 something they name failed; anything else is a bug and keeps its
    (redacted) traceback."""
    args = _parser().parse_args(argv)
    from bot.config import load_settings

    try:
        settings = load_settings(sources_file=getattr(args, "sources", None))
        # The one-shot commands print a progress line per source; their logs would say the same again.
        level = settings.env.log_level if args.command == "run" else "ERROR"
        setup_logging(level, secrets=settings.secrets, as_json=settings.env.log_json)
        return _dispatch(args, settings)
    except ConfigError as exc:
        _fail(str(exc))
        return 2
    except ArgumentError as exc:
        _fail(f"bad period {exc}: use e.g. 6h, 24h or 3d")
        return 2
    except (StartError, DatabaseUnavailable) as exc:
        _fail(str(exc))
        return 1
    except OSError as exc:
        _fail(str(exc))
        return 1
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        _fail(f"database error: {_first_line(exc)}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
