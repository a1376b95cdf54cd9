"""Many small database jobs in few transactions: a slot's thousands of digests are each ready within moments of
the others, and a query and a transaction apiece would cost more (and, on SQLite, wait longer for the one
writer's lock) than the digests themselves."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.db import Database

log = logging.getLogger(__name__)
Item = TypeVar("Item")
Result = TypeVar("Result")
BATCH = 500  # items per transaction: one commit for a few hundred digests, and a short hold on SQLite's lock


class Batches(Generic[Item, Result]):
    """Runs `job` (a session and a list of items -> a result per item, in order) on the items queued meanwhile,
    in one transaction.

    An item is done with all of its statements or none, as in a transaction of its own: a batch whose
    transaction fails is rolled back and its items run again one transaction each, so one item's failure is its
    own caller's error and the others still happen."""

    def __init__(
        self, db: Database, job: Callable[[AsyncSession, list[Item]], Awaitable[Sequence[Result]]], batch: int = BATCH
    ) -> None:
        self.db = db
        self.job = job
        self.batch = batch
        self._queued: list[tuple[Item, asyncio.Future[Result]]] = []
        self._runner: asyncio.Task[None] | None = None

    async def run(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queued.append((item, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._drain(), name="batches")
        return await future

    async def _drain(self) -> None:
        while self._queued:
            batch, self._queued = self._queued[: self.batch], self._queued[self.batch :]
            try:
                await self._together(batch)
            except Exception:
                log.warning("a batch failed; running its items one by one", extra={"items": len(batch)})
                for one in batch:
                    await self._alone(one)
            except BaseException:  # cancelled (the bot stops): nobody waits for ever
                for _, future in batch + self._queued:
                    future.cancel()
                raise

    async def _together(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        async with self.db.session() as session, session.begin():
            results = await self.job(session, [item for item, _ in batch])
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _alone(self, one: tuple[Item, asyncio.Future[Result]]) -> None:
        item, future = one
        try:
            async with self.db.session() as session, session.begin():
                [result] = await self.job(session, [item])
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)


Write = Callable[[AsyncSession], Awaitable[Result]]


async def each(session: AsyncSession, writes: list[Write[Result]]) -> list[Result]:
    """A Batches job for writes of any kind: each a function of the session."""
    return [await write(session) for write in writes]
