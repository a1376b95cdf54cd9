"""Writes batched into shared transactions: each still all or nothing, one's failure only its caller's."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.batches import Batches, each
from bot.store.db import Database
from bot.store.models import ChatRow


def _adding(chat_id: int, sessions: list[AsyncSession], *, fail: bool = False):  # type: ignore[no-untyped-def]
    async def write(session: AsyncSession) -> int:
        sessions.append(session)
        session.add(ChatRow(id=chat_id, type="private", lang="en", timezone="UTC", status="active"))
        await session.flush()
        if fail:
            raise ValueError(f"chat {chat_id} refused")
        return chat_id

    return write


async def _chats(db: Database) -> set[int]:
    async with db.session() as session:
        return set((await session.scalars(select(ChatRow.id))).all())


async def test_writes_queued_together_share_one_transaction(database: Database) -> None:
    batches, sessions = Batches(database, each), []
    done = await asyncio.gather(*(batches.run(_adding(c, sessions)) for c in range(1, 41)))
    assert done == list(range(1, 41)) and await _chats(database) == set(range(1, 41))
    assert len({id(s) for s in sessions}) == 1


@pytest.mark.parametrize("failing", [1, 7, 20])
async def test_a_failing_write_is_its_callers_error_and_the_others_still_happen(
    database: Database, failing: int
) -> None:
    batches, sessions = Batches(database, each, batch=8), []
    results = await asyncio.gather(
        *(batches.run(_adding(c, sessions, fail=c == failing)) for c in range(1, 21)), return_exceptions=True
    )
    assert [type(r) for r in results if not isinstance(r, int)] == [ValueError]
    assert await _chats(database) == set(range(1, 21)) - {failing}  # nothing of the failed write, all the others


async def test_a_write_whose_caller_gave_up_still_happens_whole(database: Database) -> None:
    batches, sessions = Batches(database, each), []
    given_up = asyncio.ensure_future(batches.run(_adding(1, sessions)))
    await asyncio.sleep(0)  # queued
    given_up.cancel()
    kept = batches.run(_adding(2, sessions))
    assert await kept == 2 and await _chats(database) == {1, 2}
