"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.store.db import Database, alembic_config
from bot.store.models import Base


def _diff(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def test_migrations_match_the_models(database: Database) -> None:
    async with database.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []


async def test_downgrade_to_base_and_up_again(database: Database) -> None:
    def downgrade(connection: Connection) -> None:
        cfg = alembic_config(database.url)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")

    async with database.engine.begin() as conn:
        await conn.run_sync(downgrade)
        assert await conn.run_sync(lambda c: inspect(c).get_table_names()) == ["alembic_version"]
    await database.upgrade("head")
    async with database.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
