"""The outbox repository: digests and their message parts, chat pauses and migrations. AsyncSession passed in.

Functions that change several rows run in one transaction: when the session is not yet in a transaction
they open and commit one; when the caller already holds one they only flush, and the caller commits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from bot.store.models import ChatRow, DeliveryRow, DigestRow, SubscriptionRow

PENDING, SENT, PARKED, CANCELLED = "pending", "sent", "parked", "cancelled"


@dataclass(frozen=True, slots=True)
class OutboxPart:
    """One message part waiting to go out, with what the sender needs to pace and send it."""

    id: int
    digest_id: int
    chat_id: int
    part_no: int
    text: str
    photo: bytes | None
    attempts: int
    chat_type: str  # private | group | supergroup | channel
    not_before: datetime | None = None  # a retry's backoff, kept across restarts
    has_photo: bool = False  # `photo` is read just before sending (photo_of), so the outbox holds no PNGs
    thread_id: int | None = None  # the forum topic the chat subscribed in


@asynccontextmanager
async def _transaction(session: AsyncSession) -> AsyncIterator[None]:
    if session.in_transaction():
        yield
        await session.flush()
    else:
        async with session.begin():
            yield


def default_chat_type(chat_id: int) -> str:
    """Telegram's id ranges: users are positive, basic groups negative, supergroups/channels below -10^12."""
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id < -1_000_000_000_000 else "group"


@dataclass(frozen=True, slots=True)
class NewDigest:
    """A digest to write: its parts (the photo, if any, goes first with `caption`)."""

    chat_id: int
    kind: str
    lang: str
    since: datetime
    until: datetime
    parts: Sequence[str]
    photo: bytes | None = None
    caption: str = ""
    stories: int = 0

    def rows(self) -> list[tuple[str, bytes | None]]:
        if not self.parts and self.photo is None:
            raise ValueError("a digest needs at least one part")
        return ([(self.caption, self.photo)] if self.photo is not None else []) + [(t, None) for t in self.parts]


async def enqueue_digest(
    session: AsyncSession,
    *,
    chat_id: int,
    kind: str,
    lang: str,
    since: datetime,
    until: datetime,
    parts: Sequence[str],
    photo: bytes | None = None,
    caption: str = "",
    stories: int = 0,
) -> int:
    """Write a digest and its parts (the photo, if any, first with `caption`) in one transaction; its id."""
    [digest_id] = await enqueue_digests(
        session, [NewDigest(chat_id, kind, lang, since, until, parts, photo, caption, stories)]
    )
    return digest_id


async def enqueue_digests(session: AsyncSession, digests: Sequence[NewDigest]) -> list[int]:
    """Write digests and their parts in one transaction, with two statements however many there are (a slot's
    thousands of digests); their ids, in order."""
    rows = [d.rows() for d in digests]  # a digest without parts fails before anything is written
    if not digests:
        return []
    async with _transaction(session):
        stmt = insert(DigestRow).returning(DigestRow.id, sort_by_parameter_order=True)
        fields = ("chat_id", "kind", "lang", "since", "until", "stories")
        values = [{name: getattr(d, name) for name in fields} for d in digests]
        ids = list((await session.scalars(stmt, values)).all())
        await session.execute(
            insert(DeliveryRow),
            [
                {"digest_id": digest_id, "chat_id": d.chat_id, "part_no": no, "text": text, "photo": data}
                for digest_id, d, parts in zip(ids, digests, rows, strict=True)
                for no, (text, data) in enumerate(parts)
            ],
        )
    return ids


async def load_pending(session: AsyncSession, *, after_id: int = 0, limit: int = 5000) -> list[OutboxPart]:
    """Pending parts with id > after_id for chats that are not paused, in id order (so in order per chat)."""
    query = (
        select(DeliveryRow, ChatRow.type, DeliveryRow.photo.is_not(None), SubscriptionRow.thread_id)
        .options(defer(DeliveryRow.photo))  # a front alert to 10,000 chats holds 10,000 copies of its map
        .outerjoin(ChatRow, ChatRow.id == DeliveryRow.chat_id)
        .outerjoin(SubscriptionRow, SubscriptionRow.chat_id == DeliveryRow.chat_id)
        .where(DeliveryRow.state == PENDING, DeliveryRow.id > after_id)
        .where(or_(ChatRow.status.is_(None), ChatRow.status == "active"))
        .order_by(DeliveryRow.id)
        .limit(limit)
    )
    result = await session.execute(query)
    parts = []
    for r, chat_type, has_photo, thread_id in result.tuples():
        kind = chat_type or default_chat_type(r.chat_id)
        parts.append(OutboxPart(r.id, r.digest_id, r.chat_id, r.part_no, r.text, None, r.attempts, kind,
                                r.next_attempt_at, bool(has_photo), thread_id))  # fmt: skip
    return parts


async def photo_of(session: AsyncSession, part_id: int) -> bytes | None:
    return (await session.execute(select(DeliveryRow.photo).where(DeliveryRow.id == part_id))).scalar_one_or_none()


async def mark_sent(session: AsyncSession, sent: Sequence[tuple[int, int, datetime]]) -> None:
    """Record (part id, Telegram message_id, sent_at) for many parts in one transaction."""
    if not sent:
        return
    table = DeliveryRow.__table__
    assert isinstance(table, Table)
    # A plain executemany, not the ORM's update by primary key: a part of a chat that /forget deleted while it was
    # in flight updates no row, where the ORM would fail the whole batch. A sent picture is not needed again:
    # dropping it keeps the database from growing by a map per alert.
    statement = (
        update(table)
        .where(table.c.id == bindparam("part_id"))
        .values(state=SENT, message_id=bindparam("mid"), sent_at=bindparam("at"), last_error=None, photo=None)
    )
    async with _transaction(session):
        connection = await session.connection()
        await connection.execute(statement, [{"part_id": i, "mid": m, "at": at} for i, m, at in sent])


async def drop_thread(session: AsyncSession, chat_id: int, thread_id: int) -> str | None:
    """The chat's forum topic `thread_id` is gone: its digests go to the chat itself (General) from now on. The
    chat's language when this call moved them, None when they were already moved (so it is told once)."""
    async with _transaction(session):
        result = await session.execute(
            update(SubscriptionRow)
            .where(SubscriptionRow.chat_id == chat_id, SubscriptionRow.thread_id == thread_id)
            .values(thread_id=None)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        chat = await session.get(ChatRow, chat_id)
    return chat.lang if chat is not None else None


async def record_failure(
    session: AsyncSession, part_id: int, *, attempts: int, error: str, retry_at: datetime | None
) -> None:
    """A failed attempt: try again at retry_at, or park the part (retry_at None) with its error."""
    async with _transaction(session):
        values = {"attempts": attempts, "last_error": error[:1000], "next_attempt_at": retry_at}
        if retry_at is None:
            values["state"] = PARKED
        await session.execute(update(DeliveryRow).where(DeliveryRow.id == part_id).values(**values))


async def _ensure_chat(session: AsyncSession, chat_id: int) -> ChatRow:
    chat = await session.get(ChatRow, chat_id)
    if chat is None:
        chat = ChatRow(id=chat_id, type=default_chat_type(chat_id))
        session.add(chat)
        await session.flush()
    return chat


async def pause_chat(session: AsyncSession, chat_id: int, *, status: str, reason: str) -> int:
    """Stop delivering to a chat (blocked, not_found, removed): its status changes and pending parts are
    cancelled; the subscription row is kept so the chat resumes where it was if it comes back. Parts cancelled."""
    async with _transaction(session):
        chat = await _ensure_chat(session, chat_id)
        chat.status, chat.status_reason = status, reason[:500]
        result = await session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.chat_id == chat_id, DeliveryRow.state == PENDING)
            .values(state=CANCELLED, last_error=reason[:1000], photo=None)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def activate_chat(session: AsyncSession, chat_id: int, *, chat_type: str | None = None,
                        title: str | None = None) -> None:  # fmt: skip
    """The chat can be delivered to again (the bot was added back, the user unblocked it and wrote /start)."""
    async with _transaction(session):
        chat = await _ensure_chat(session, chat_id)
        chat.status, chat.status_reason = "active", None
        if chat_type:
            chat.type = chat_type
        if title is not None:
            chat.title = title


async def migrate_chat(session: AsyncSession, old_id: int, new_id: int) -> int:
    """A group became a supergroup: the chat's settings, subscription and pending parts move to new_id."""
    async with _transaction(session):
        old = await _ensure_chat(session, old_id)
        new = await session.get(ChatRow, new_id)
        if new is None:
            new = ChatRow(id=new_id, type="supergroup", title=old.title, lang=old.lang, timezone=old.timezone,
                          last_digest_until=old.last_digest_until)  # fmt: skip
            session.add(new)
        new.status, new.status_reason = "active", None
        old.status, old.status_reason, old.migrated_to = "migrated", f"moved to {new_id}", new_id
        await session.flush()
        has_sub = await session.scalar(select(func.count()).where(SubscriptionRow.chat_id == new_id))
        if not has_sub:
            await session.execute(
                update(SubscriptionRow).where(SubscriptionRow.chat_id == old_id).values(chat_id=new_id)
            )
        moved = await session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.chat_id == old_id, DeliveryRow.state == PENDING)
            .values(chat_id=new_id)
        )
    return int(moved.rowcount or 0)  # type: ignore[attr-defined]


async def delivery_counts(session: AsyncSession, chat_id: int | None = None) -> dict[str, int]:
    """Parts by state (for /status, admin notices and tests)."""
    query = select(DeliveryRow.state, func.count()).group_by(DeliveryRow.state)
    if chat_id is not None:
        query = query.where(DeliveryRow.chat_id == chat_id)
    return {state: int(n) for state, n in (await session.execute(query)).tuples()}


async def retry_parked(session: AsyncSession, *, chat_id: int | None = None) -> int:
    """Put parked parts back in the queue (an operator's decision after fixing the cause)."""
    async with _transaction(session):
        query = update(DeliveryRow).where(DeliveryRow.state == PARKED)
        if chat_id is not None:
            query = query.where(DeliveryRow.chat_id == chat_id)
        result = await session.execute(query.values(state=PENDING, attempts=0, next_attempt_at=None))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def outbox_progress(session: AsyncSession, *, due_before: datetime) -> tuple[int, datetime | None]:
    """The pending parts (of chats that are not paused) that were due to go out before `due_before`, and when a
    part last went out: the outbox is stuck when there are some and nothing went out since."""
    due = or_(
        DeliveryRow.next_attempt_at < due_before,
        (DeliveryRow.next_attempt_at.is_(None)) & (DeliveryRow.created_at < due_before),
    )
    waiting = await session.scalar(
        select(func.count())
        .select_from(DeliveryRow)
        .outerjoin(ChatRow, ChatRow.id == DeliveryRow.chat_id)
        .where(DeliveryRow.state == PENDING, due)
        .where(or_(ChatRow.status.is_(None), ChatRow.status == "active"))
    )
    last_sent = await session.scalar(select(func.max(DeliveryRow.sent_at)))
    return int(waiting or 0), last_sent
