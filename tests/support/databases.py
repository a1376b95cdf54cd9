"""Databases for tests: a fresh SQLite file, or a fresh database on the PostgreSQL server CI starts.

PostgreSQL tests need FRONTLINE_TEST_POSTGRES_URL (set by .ci/run); without it they skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store.db import Database

POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


async def fresh_database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yields the URL of an empty database of that backend and drops it afterwards."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server: set FRONTLINE_TEST_POSTGRES_URL (.ci/run starts one)")
    name = f"frontline_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated Database on each backend."""
    async for url in fresh_database_url(request.param, tmp_path):
        db = Database(url)
        await db.initialize()
        try:
            yield db
        finally:
            await db.shutdown()
