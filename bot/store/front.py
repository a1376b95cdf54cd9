"""Front-line map snapshots (stored once, compressed) and their measured totals.

Snapshots are looked up by metadata only; the compressed map (about 0.1 MB) is read by `snapshot_data` when a
caller really needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import FetchState
from bot.front.series import SnapshotTotals
from bot.store.models import FrontPollRow, FrontSnapshotRow, FrontTotalsRow
from bot.store.upsert import insert_ignore

ALERT_ANNOUNCED = "announced"
ALERT_BELOW = "below"


@dataclass(frozen=True, slots=True)
class StoredSnapshot:
    id: int  # our row id
    source: str
    external_id: str  # the source's id (DeepState: unix time of the map)
    taken_at: datetime
    fetched_at: datetime
    content_sha256: str


def _meta() -> Select[tuple[int, str, str, datetime, datetime, str]]:
    return select(
        FrontSnapshotRow.id,
        FrontSnapshotRow.source,
        FrontSnapshotRow.external_id,
        FrontSnapshotRow.taken_at,
        FrontSnapshotRow.fetched_at,
        FrontSnapshotRow.content_sha256,
    )


async def _one(
    session: AsyncSession, stmt: Select[tuple[int, str, str, datetime, datetime, str]]
) -> StoredSnapshot | None:
    row = (await session.execute(stmt.limit(1))).first()
    return None if row is None else StoredSnapshot(*row)


async def save_snapshot(
    session: AsyncSession,
    *,
    source: str,
    external_id: str,
    taken_at: datetime,
    data_gz: bytes,
    content_sha256: str,
    fetched_at: datetime,
    description: str | None = None,
) -> StoredSnapshot | None:
    """Store a snapshot unless it is already stored (same id) or identical to the newest one (same content
    under a new id); returns the new row, or None when nothing was stored."""
    newest = await latest_snapshot(session, source)
    if newest is not None and newest.content_sha256 == content_sha256:
        return None
    stmt = insert_ignore(session, FrontSnapshotRow).returning(FrontSnapshotRow.id)
    values = {
        "source": source,
        "external_id": external_id,
        "taken_at": taken_at,
        "fetched_at": fetched_at,
        "content_sha256": content_sha256,
        "data_gz": data_gz,
        "description": description,
    }
    new_id = (await session.execute(stmt, [values])).scalar_one_or_none()
    if new_id is None:
        return None
    return StoredSnapshot(new_id, source, external_id, taken_at, fetched_at, content_sha256)


async def latest_snapshot(session: AsyncSession, source: str) -> StoredSnapshot | None:
    stmt = _meta().where(FrontSnapshotRow.source == source)
    return await _one(session, stmt.order_by(FrontSnapshotRow.taken_at.desc(), FrontSnapshotRow.id.desc()))


async def snapshot_before(
    session: AsyncSession, source: str, when: datetime, *, strict: bool = False
) -> StoredSnapshot | None:
    """The newest snapshot taken at or before `when` (strictly before with `strict`)."""
    cond = FrontSnapshotRow.taken_at < when if strict else FrontSnapshotRow.taken_at <= when
    stmt = _meta().where(FrontSnapshotRow.source == source, cond)
    return await _one(session, stmt.order_by(FrontSnapshotRow.taken_at.desc(), FrontSnapshotRow.id.desc()))


async def oldest_snapshot(session: AsyncSession, source: str) -> StoredSnapshot | None:
    stmt = _meta().where(FrontSnapshotRow.source == source)
    return await _one(session, stmt.order_by(FrontSnapshotRow.taken_at, FrontSnapshotRow.id))


async def count_snapshots(session: AsyncSession, source: str) -> int:
    stmt = select(func.count()).select_from(FrontSnapshotRow).where(FrontSnapshotRow.source == source)
    return int((await session.execute(stmt)).scalar_one())


async def external_ids(session: AsyncSession, source: str, *, since: datetime | None = None) -> set[str]:
    """The source's ids of the snapshots stored (taken at or after `since`)."""
    stmt = select(FrontSnapshotRow.external_id).where(FrontSnapshotRow.source == source)
    if since is not None:
        stmt = stmt.where(FrontSnapshotRow.taken_at >= since)
    return set((await session.scalars(stmt)).all())


async def snapshot_data(session: AsyncSession, snapshot_id: int) -> bytes | None:
    """The stored (gzip-compressed) map of one snapshot."""
    stmt = select(FrontSnapshotRow.data_gz).where(FrontSnapshotRow.id == snapshot_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def save_totals(session: AsyncSession, snapshot_id: int, totals: SnapshotTotals) -> None:
    """Record a snapshot's totals once (a second call for the same snapshot changes nothing)."""
    values = {
        "snapshot_id": snapshot_id,
        "taken_at": totals.taken,
        "occupied_km2": totals.occupied_km2,
        "grey_km2": totals.grey_km2,
        "ua_held_ru_km2": totals.ua_held_ru_km2,
        "grey_ru_km2": totals.grey_ru_km2,
    }
    await session.execute(insert_ignore(session, FrontTotalsRow), [values])


async def snapshots_without_totals(session: AsyncSession, source: str, *, limit: int = 50) -> list[StoredSnapshot]:
    """Stored snapshots whose totals were never measured (stored by an older version, or a crash between)."""
    stmt = (
        _meta()
        .outerjoin(FrontTotalsRow, FrontTotalsRow.snapshot_id == FrontSnapshotRow.id)
        .where(FrontSnapshotRow.source == source, FrontTotalsRow.snapshot_id.is_(None))
        .order_by(FrontSnapshotRow.taken_at)
        .limit(limit)
    )
    return [StoredSnapshot(*row) for row in (await session.execute(stmt)).all()]


async def totals_between(session: AsyncSession, source: str, since: datetime, until: datetime) -> list[SnapshotTotals]:
    """Totals of the snapshots taken in [since, until], oldest first; `SnapshotTotals.id` is our row id."""
    stmt = (
        select(FrontTotalsRow)
        .join(FrontSnapshotRow, FrontSnapshotRow.id == FrontTotalsRow.snapshot_id)
        .where(FrontSnapshotRow.source == source, FrontTotalsRow.taken_at >= since, FrontTotalsRow.taken_at <= until)
        .order_by(FrontTotalsRow.taken_at)
    )
    return [
        SnapshotTotals(
            id=row.snapshot_id,
            taken=row.taken_at,
            occupied_km2=row.occupied_km2,
            grey_km2=row.grey_km2,
            ua_held_ru_km2=row.ua_held_ru_km2,
            grey_ru_km2=row.grey_ru_km2,
        )
        for row in (await session.scalars(stmt)).all()
    ]


async def alert_state(session: AsyncSession, snapshot_id: int) -> str | None:
    stmt = select(FrontTotalsRow.alert_state).where(FrontTotalsRow.snapshot_id == snapshot_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def set_alert_state(session: AsyncSession, snapshot_id: int, state: str, *, now: datetime) -> bool:
    """Mark a snapshot's alert as decided; False when another worker decided it first (or it has no totals).
    One conditional UPDATE, so two bots on one database (SQLite included) cannot both decide it."""
    stmt = (
        update(FrontTotalsRow)
        .where(FrontTotalsRow.snapshot_id == snapshot_id, FrontTotalsRow.alert_state.is_(None))
        .values(alert_state=state, alert_checked_at=now)
    )
    result = await session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PollState:
    """The front-map poll as the last process left it."""

    fetch: FetchState
    polled_at: datetime | None = None
    last_error: str | None = None  # None: the last poll reached the source


async def poll_state(session: AsyncSession, source: str) -> PollState:
    row = await session.get(FrontPollRow, source)
    if row is None:
        return PollState(FetchState())
    return PollState(FetchState(row.etag, row.last_modified), row.polled_at, row.last_error)


async def save_poll_state(session: AsyncSession, source: str, state: PollState) -> None:
    # insert-or-nothing, then update: two bots on one database may both save the first state
    await session.execute(insert_ignore(session, FrontPollRow).values(source=source))
    await session.execute(
        update(FrontPollRow)
        .where(FrontPollRow.source == source)
        .values(
            etag=state.fetch.etag,
            last_modified=state.fetch.last_modified,
            polled_at=state.polled_at,
            last_error=state.last_error,
        )
    )
