"""Sources and their health (conditional-GET validators, failures, backoff)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import FetchState, SourceHealth, SourceKind, SourceSpec
from bot.store.models import SourceRow


async def sync_sources(
    session: AsyncSession, specs: tuple[SourceSpec, ...] | list[SourceSpec]
) -> dict[str, int]:
    """Make the table match the configured sources (keeping health); returns key -> id.

    Sources no longer configured are disabled, not deleted, so their articles keep their outlet name. Sources
    chats added are not the catalogue's to change.
    """
    rows = {row.key: row for row in (await session.scalars(select(SourceRow).where(SourceRow.added.is_(False)))).all()}
    wanted = {spec.key for spec in specs}
    for spec in specs:
        row = rows.get(spec.key)
        if row is None:
            row = SourceRow(key=spec.key, consecutive_failures=0, articles_total=0)
            session.add(row)
            rows[spec.key] = row
        if row.url != spec.url:  # validators belong to the old URL
            row.etag = row.last_modified = None
        row.name, row.url, row.kind, row.lang = spec.name, spec.url, spec.kind.value, spec.lang
        row.interval_minutes, row.full_text, row.enabled = spec.interval_minutes, spec.full_text, True
        row.all_relevant, row.added = spec.all_relevant, False
    for key, row in rows.items():
        if key not in wanted:
            row.enabled = False
    await session.flush()
    return {key: row.id for key, row in rows.items() if key in wanted}


def spec_of(row: SourceRow) -> SourceSpec:
    return SourceSpec(
        key=row.key,
        name=row.name,
        url=row.url,
        kind=SourceKind(row.kind),
        lang=row.lang,
        interval_minutes=row.interval_minutes,
        full_text=row.full_text,
        all_relevant=row.all_relevant,
    )


async def all_relevant_keys(session: AsyncSession) -> frozenset[str]:
    """The sources whose every article counts as war news."""
    return frozenset((await session.scalars(select(SourceRow.key).where(SourceRow.all_relevant))).all())


async def enabled_sources(session: AsyncSession) -> list[SourceRow]:
    return list(
        (await session.scalars(select(SourceRow).where(SourceRow.enabled).order_by(SourceRow.id))).all()
    )


async def get_source(session: AsyncSession, key: str) -> SourceRow | None:
    return await session.scalar(select(SourceRow).where(SourceRow.key == key))


def fetch_state(row: SourceRow) -> FetchState:
    return FetchState(etag=row.etag, last_modified=row.last_modified)


def record_success(
    row: SourceRow, state: FetchState, *, new_articles: int, now: datetime, next_check_at: datetime
) -> None:
    row.etag, row.last_modified = state.etag, state.last_modified
    row.last_success_at = now
    row.last_error = None
    row.consecutive_failures = 0
    row.next_check_at = next_check_at
    row.articles_total = (row.articles_total or 0) + new_articles


def record_failure(row: SourceRow, error: str, *, next_check_at: datetime) -> None:
    row.last_error = error[:500]
    row.consecutive_failures = (row.consecutive_failures or 0) + 1
    row.next_check_at = next_check_at


def health_of(row: SourceRow) -> SourceHealth:
    return SourceHealth(
        key=row.key,
        name=row.name,
        url=row.url,
        last_success=row.last_success_at,
        last_error=row.last_error,
        consecutive_failures=row.consecutive_failures or 0,
        next_check_at=row.next_check_at,
        articles_total=row.articles_total or 0,
    )
