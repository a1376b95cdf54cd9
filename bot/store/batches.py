"""Many small writes in few transactions: a slot's thousands of digests are each ready within moments of the
others, and a transaction apiece would spend more on commits (and, on SQLite, on waiting for the one writer's
lock) than on the digests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")
Write = Callable[[AsyncSession], Awaitable[Any]]
BATCH = 500  # writes per transaction: one commit for a few hundred digests, and a short hold on SQLite's lock


class WriteBatches:
    """Runs each write (a function of a session) in a transaction shared with the writes queued meanwhile.

    A write either happens with all of its statements or not at all, as in a transaction of its own: a batch
    whose transaction fails is rolled back and its writes are run again one transaction each, so one write's
    failure is its own caller's error and the others still happen."""

    def __init__(self, db: Database, batch: int = BATCH) -> None:
        self.db = db
        self.batch = batch
        self._queued: list[tuple[Write, asyncio.Future[Any]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def run(self, write: Callable[[AsyncSession], Awaitable[T]]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queued.append((write, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name="write-batches")
        return await future

    async def _drain(self) -> None:
        while self._queued:
            batch, self._queued = self._queued[: self.batch], self._queued[self.batch :]
            try:
                await self._together(batch)
            except Exception:
                log.warning("a batch of writes failed; writing them one by one", extra={"writes": len(batch)})
                for one in batch:
                    await self._alone(*one)
            except BaseException:  # cancelled (the bot stops): nobody waits for ever
                for _, future in batch + self._queued:
                    future.cancel()
                raise

    async def _together(self, batch: list[tuple[Write, asyncio.Future[Any]]]) -> None:
        async with self.db.session() as session, session.begin():
            results = [await write(session) for write, _ in batch]
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _alone(self, write: Write, future: asyncio.Future[Any]) -> None:
        try:
            async with self.db.session() as session, session.begin():
                result = await write(session)
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)
