"""Which sources each chat follows: the catalogue (config/sources.toml) less the ones it turned off, plus the ones
it added (/add, /import). A source added by many chats is one row, fetched once for all of them."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import String, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import ADDED_KEY_PREFIX
from bot.domain import SourceSpec
from bot.store.chats import lock_chat
from bot.store.models import ChatRow, ChatSourceRow, SourceRow


def added_key(url: str) -> str:
    """The stable key of an added source: one per URL, whoever adds it."""
    return ADDED_KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()[:16]


def is_added_key(key: str) -> bool:
    """Whether `key` is an added source's (the catalogue's keys are the operator's words: they may not start so)."""
    return key.startswith(ADDED_KEY_PREFIX)


@dataclass(frozen=True, slots=True)
class ChatSource:
    """One line of a chat's /sources: a catalogue source (on or off) or one the chat added."""

    row: SourceRow
    following: bool

    @property
    def added(self) -> bool:
        return self.row.added


class Added(StrEnum):
    ADDED = "added"
    ALREADY = "already"
    OVER_LIMIT = "over_limit"


async def chat_sources(session: AsyncSession, chat_id: int) -> list[ChatSource]:
    """Every catalogue source with whether the chat follows it, then the sources the chat added."""
    choices = {
        row.source_id: row.following
        for row in (await session.scalars(select(ChatSourceRow).where(ChatSourceRow.chat_id == chat_id))).all()
    }
    catalogue = (
        await session.scalars(
            select(SourceRow).where(SourceRow.enabled, SourceRow.added.is_(False)).order_by(SourceRow.id)
        )
    ).all()
    own = (
        await session.scalars(
            select(SourceRow)
            .join(ChatSourceRow, ChatSourceRow.source_id == SourceRow.id)
            .where(ChatSourceRow.chat_id == chat_id, ChatSourceRow.following, SourceRow.added)
            .order_by(ChatSourceRow.created_at, SourceRow.id)
        )
    ).all()
    return [ChatSource(row, choices.get(row.id, True)) for row in catalogue] + [ChatSource(row, True) for row in own]


async def chat_source_keys(session: AsyncSession, chat_id: int) -> frozenset[str]:
    """The keys of the sources whose articles go into the chat's digests."""
    return (await chat_source_keys_bulk(session, [chat_id]))[chat_id]


async def chat_source_keys_bulk(session: AsyncSession, chat_ids: Collection[int]) -> dict[int, frozenset[str]]:
    """`chat_source_keys` for many chats in a few queries, whatever their number (a digest slot of 10,000 chats)."""
    enabled = select(SourceRow.id, SourceRow.key, SourceRow.added).where(SourceRow.enabled)
    sources = (await session.execute(enabled)).tuples().all()
    catalogue = frozenset(key for _, key, added in sources if not added)
    # A chat's choices come as one line of source ids per chat and kind (a slot's chats have a hundred choices
    # each: a row apiece would be a million rows to read); their keys are looked up here.
    off = {str(source_id): key for source_id, key, added in sources if not added}  # catalogue sources turned off
    own = {str(source_id): key for source_id, key, added in sources if added}  # sources the chat added
    turned_off: dict[int, set[str]] = {}
    added: dict[int, set[str]] = {}
    wanted = list(chat_ids)
    for start in range(0, len(wanted), 1000):  # bound the IN list (SQLite's parameters, PostgreSQL's plans)
        choices = (
            select(
                ChatSourceRow.chat_id,
                ChatSourceRow.following,
                func.aggregate_strings(cast(ChatSourceRow.source_id, String), ","),
            )
            .where(ChatSourceRow.chat_id.in_(wanted[start : start + 1000]))
            .group_by(ChatSourceRow.chat_id, ChatSourceRow.following)
        )
        for chat_id, following, ids in (await session.execute(choices)).tuples():
            keys, into = (own, added) if following else (off, turned_off)
            into[chat_id] = {keys[i] for i in ids.split(",") if i in keys}
    nothing: frozenset[str] = frozenset()
    return {
        chat_id: (catalogue - turned_off.get(chat_id, nothing)) | added.get(chat_id, nothing) for chat_id in wanted
    }


async def set_following(session: AsyncSession, chat_id: int, source_id: int, on: bool) -> SourceRow | None:
    """Turn a catalogue source on or off for the chat; None when it is no catalogue source."""
    row = await session.get(SourceRow, source_id)
    if row is None or row.added or not row.enabled:
        return None
    choice = await session.get(ChatSourceRow, (chat_id, source_id))
    if on and choice is not None:
        await session.delete(choice)  # the default: new chats follow the whole catalogue
    elif not on and choice is None:
        session.add(ChatSourceRow(chat_id=chat_id, source_id=source_id, following=False))
    await session.flush()
    return row


async def own_count(session: AsyncSession, chat_id: int) -> int:
    stmt = (
        select(func.count())
        .select_from(ChatSourceRow)
        .join(SourceRow, SourceRow.id == ChatSourceRow.source_id)
        .where(ChatSourceRow.chat_id == chat_id, ChatSourceRow.following, SourceRow.added)
    )
    return int(await session.scalar(stmt) or 0)


async def find_by_url(session: AsyncSession, url: str) -> SourceRow | None:
    """The enabled catalogue source with this URL, else the added one."""
    rows = (await session.scalars(select(SourceRow).where(SourceRow.url == url))).all()
    return next((r for r in rows if r.enabled and not r.added), None) or next((r for r in rows if r.added), None)


async def add_source(session: AsyncSession, chat_id: int, spec: SourceSpec, *, limit: int) -> tuple[Added, SourceRow]:
    """The chat follows `spec` (a catalogue source with the same URL is turned back on instead); at most `limit`
    added sources per chat. The source's row is shared by every chat that adds the same URL."""
    await lock_chat(session, chat_id)  # two adds at once from one chat must not both find room under the limit
    row = await find_by_url(session, spec.url)
    if row is not None and not row.added:
        choice = await session.get(ChatSourceRow, (chat_id, row.id))
        if choice is None:
            return Added.ALREADY, row
        await session.delete(choice)
        await session.flush()
        return Added.ADDED, row
    if row is not None and await session.get(ChatSourceRow, (chat_id, row.id)) is not None:
        return Added.ALREADY, row
    if await own_count(session, chat_id) >= limit:
        return Added.OVER_LIMIT, row or SourceRow(key=spec.key, name=spec.name, url=spec.url)
    if row is None:
        row = SourceRow(key=spec.key, url=spec.url, added=True, consecutive_failures=0, articles_total=0)
        session.add(row)
    if not row.enabled:  # nobody followed it for a while: its health is stale
        row.consecutive_failures, row.last_error, row.next_check_at = 0, None, None
    row.name, row.kind, row.lang, row.enabled = spec.name, spec.kind.value, spec.lang, True
    row.interval_minutes, row.full_text, row.all_relevant = spec.interval_minutes, spec.full_text, False
    await session.flush()
    session.add(ChatSourceRow(chat_id=chat_id, source_id=row.id, following=True))
    await session.flush()
    return Added.ADDED, row


async def remove_source(session: AsyncSession, chat_id: int, source_id: int) -> SourceRow | None:
    """The chat no longer follows the source it added; None when it had not added it. A source no chat follows
    any more is disabled (it stops being fetched); its articles stay for the digests that cite them."""
    row = await session.get(SourceRow, source_id)
    choice = await session.get(ChatSourceRow, (chat_id, source_id))
    if row is None or not row.added or choice is None:
        return None
    await session.delete(choice)
    await session.flush()
    await disable_if_unfollowed(session, row)
    return row


async def disable_if_unfollowed(session: AsyncSession, row: SourceRow) -> bool:
    """Disable an added source that no chat follows (the last one removed it or was forgotten); True if so."""
    if not row.added or not row.enabled:
        return False
    followers = await session.scalar(
        select(func.count()).select_from(ChatSourceRow).where(ChatSourceRow.source_id == row.id)
    )
    if followers:
        return False
    row.enabled = False
    await session.flush()
    return True


async def failure_to_report(session: AsyncSession, source_id: int) -> list[tuple[int, str]]:
    """The chats (id, language) that added this source and were not told yet that it fails; they are marked told,
    in the caller's transaction, so a failing source is reported once, not on every pass."""
    stmt = (
        select(ChatSourceRow, ChatRow.lang)
        .join(ChatRow, ChatRow.id == ChatSourceRow.chat_id)
        .where(
            ChatSourceRow.source_id == source_id,
            ChatSourceRow.following,
            ChatSourceRow.failure_reported.is_(False),
            ChatRow.status == "active",
        )
        .order_by(ChatSourceRow.chat_id)
    )
    found = []
    for choice, lang in (await session.execute(stmt)).all():
        choice.failure_reported = True
        found.append((choice.chat_id, lang))
    await session.flush()
    return found


async def clear_failure_reports(session: AsyncSession, source_id: int) -> None:
    """The source works again: a later failure is news again."""
    await session.execute(
        update(ChatSourceRow)
        .where(ChatSourceRow.source_id == source_id, ChatSourceRow.failure_reported)
        .values(failure_reported=False)
    )


async def forget_chat_sources(session: AsyncSession, chat_id: int) -> list[str]:
    """Delete every choice of the chat (for /forget), and the sources it added that nobody else follows, with
    their articles: a URL may carry its owner's token, and the chat asked for everything to go. Returns the keys of
    the deleted sources, to stop collecting them."""
    ids = (await session.scalars(select(ChatSourceRow.source_id).where(ChatSourceRow.chat_id == chat_id))).all()
    await session.execute(delete(ChatSourceRow).where(ChatSourceRow.chat_id == chat_id))
    deleted = []
    for source_id in ids:
        row = await session.get(SourceRow, source_id)
        if row is not None and await disable_if_unfollowed(session, row):
            deleted.append(row.key)
            await session.delete(row)
    return deleted
