"""The database: one async engine and session factory per process, migrated to head on start."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.errors import ConfigError, DatabaseUnavailable

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_URL_EXAMPLES = "e.g. sqlite+aiosqlite:///frontline.db or postgresql+asyncpg://user:password@host/dbname"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets the collector write while a digest reads; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _create_private(path: Path) -> None:
    """Create the SQLite file (and a missing folder) readable by its owner only, unless it exists: SQLite would
    create it with the umask's 0644, and it holds every chat id; its -wal, -shm and -journal files take the
    database file's mode."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # an existing database keeps the mode its operator gave it
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise ConfigError(f"cannot create the SQLite database {path}: {exc}") from exc


class Database:
    """Owns the engine. Creates the SQLite file (private) and its folder; `initialize()` migrates to head.

    A URL that names no usable database (a typo, a driver that is not installed or not async) is a ConfigError,
    a database that cannot be reached a DatabaseUnavailable; neither message shows the password."""

    def __init__(self, url: str) -> None:
        file: Path | None = None
        try:
            parsed = make_url(url)
            self.is_sqlite = parsed.get_backend_name() == "sqlite"
            if self.is_sqlite and parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
                file = Path(parsed.database).expanduser()
                url = parsed.set(database=str(file)).render_as_string(hide_password=False)  # SQLite expands no ~
            self.engine: AsyncEngine = create_async_engine(url, pool_pre_ping=not self.is_sqlite)
        except (ImportError, SQLAlchemyError) as exc:
            raise ConfigError(f"FRONTLINE_DATABASE_URL names no usable database ({exc}): {_URL_EXAMPLES}") from None
        if file is not None:
            _create_private(file)
        self.url = url
        self.where = parsed.render_as_string(hide_password=True)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def initialize(self) -> None:
        await self.upgrade()

    async def upgrade(self, revision: str = "head") -> None:
        cfg = alembic_config(self.url)

        def run(connection: Connection) -> None:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)

        try:
            async with self.engine.begin() as conn:
                await conn.run_sync(run)
        except OSError as exc:  # asyncpg's refused or timed-out connection is not wrapped by SQLAlchemy
            raise DatabaseUnavailable(f"cannot reach the database {self.where}: {exc}") from exc

    async def shutdown(self) -> None:
        await self.engine.dispose()

    def session(self) -> AsyncSession:
        return self.sessions()
