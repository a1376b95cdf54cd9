"""The SQLite database on disk holds every chat id: its file and the files SQLite keeps beside it are its owner's
alone, whatever the umask."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.store.db import Database

pytestmark = pytest.mark.usefixtures("permissive_umask")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("{tmp}/bot.db", "bot.db"),
        ("{tmp}/new/bot.db", "new/bot.db"),
        ("{tmp}/new/deeper/bot.db", "new/deeper/bot.db"),
        ("~/data/bot.db", "home/data/bot.db"),
    ],
    ids=["existing folder", "new folder", "new folders", "home"],
)
async def test_a_new_database_and_its_wal_files_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, path: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    db = Database(f"sqlite+aiosqlite:///{written.format(tmp=tmp_path)}")
    await db.initialize()
    try:
        async with db.session() as session:  # an open connection keeps the -wal and -shm files there
            await session.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
            await session.execute(text("INSERT INTO t VALUES (1)"))
            await session.commit()
            file = tmp_path / path
            companions = [p for p in file.parent.iterdir() if p.name.startswith(file.name)]
            assert {p.name for p in companions} >= {"bot.db", "bot.db-wal", "bot.db-shm"}
            assert {p.name: mode(p) for p in companions} == {p.name: 0o600 for p in companions}
    finally:
        await db.shutdown()
    if file.parent != tmp_path:
        assert mode(file.parent) == 0o700


async def test_an_existing_database_keeps_the_mode_its_operator_gave_it(tmp_path: Path) -> None:
    file = tmp_path / "bot.db"
    file.touch(mode=0o640)
    db = Database(f"sqlite+aiosqlite:///{file}")
    await db.initialize()
    await db.shutdown()
    assert mode(file) == 0o640 and file.stat().st_size > 0  # migrated, mode untouched
