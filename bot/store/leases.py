"""Named leases in the database: at most one live holder per name (e.g. the one process that sends).

A holder renews before `expires_at`; a holder that died stops renewing and the lease passes to the next
process that asks once it has expired. Works the same on SQLite and PostgreSQL: the take-over is a single
conditional UPDATE, and a first-time INSERT that loses a race fails on the primary key.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import LeaseRow


async def acquire_lease(session: AsyncSession, name: str, holder: str, *, ttl: timedelta, now: datetime) -> bool:
    """Take or renew the lease; True when `holder` holds it until now + ttl."""
    async with session.begin():
        result = await session.execute(
            update(LeaseRow)
            .where(LeaseRow.name == name, or_(LeaseRow.holder == holder, LeaseRow.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return True
        if await session.get(LeaseRow, name) is not None:
            return False
    try:
        async with session.begin():
            session.add(LeaseRow(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False
    return True


async def release_lease(session: AsyncSession, name: str, holder: str) -> None:
    async with session.begin():
        await session.execute(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))


async def lease_holder(session: AsyncSession, name: str, *, now: datetime) -> str | None:
    """Who holds the lease now (None: nobody, or a holder that stopped renewing)."""
    row = await session.get(LeaseRow, name)
    return row.holder if row is not None and row.expires_at >= now else None
