"""Chats and their subscriptions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import LANGS
from bot.store.models import ChatRow, DeliveryRow, DigestRow, SubscriptionRow

ALSO_READ = "en"  # besides its own language, a chat reads English unless it says otherwise


@dataclass(frozen=True, slots=True)
class ScheduledChat:
    """What the scheduler needs to know about one subscribed chat."""

    chat_id: int
    times: tuple[str, ...]
    timezone: str
    lang: str


async def get_chat(session: AsyncSession, chat_id: int) -> ChatRow | None:
    return await session.get(ChatRow, chat_id)


async def lock_chat(session: AsyncSession, chat_id: int) -> None:
    """Hold the chat's writes until the caller's transaction ends, so a count-then-insert under a per-chat limit
    cannot be raced by the same chat. An update that changes nothing takes the row's lock on PostgreSQL and the
    database's write lock on SQLite; a plain read would take neither."""
    await session.execute(update(ChatRow).where(ChatRow.id == chat_id).values(lang=ChatRow.lang))


async def ensure_chat(
    session: AsyncSession, chat_id: int, *, chat_type: str, title: str | None, lang: str, timezone: str
) -> ChatRow:
    """The chat's row, created on first contact. Language and zone are kept once set (see /settings)."""
    chat = await session.get(ChatRow, chat_id)
    if chat is None:
        chat = ChatRow(id=chat_id, type=chat_type, title=title, lang=lang, timezone=timezone, status="active")
        session.add(chat)
    else:
        chat.type, chat.title = chat_type, title or chat.title
        if chat.status != "active" and chat.status != "migrated":
            # A user who unblocked the bot and writes again is reachable again.
            chat.status, chat.status_reason = "active", None
    await session.flush()
    return chat


async def subscribe(
    session: AsyncSession, chat_id: int, times: tuple[str, ...], *, thread_id: int | None = None
) -> SubscriptionRow:
    """Digests at `times`, posted to the forum topic `thread_id` (None: the chat itself, a forum's General)."""
    sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id))
    if sub is None:
        sub = SubscriptionRow(chat_id=chat_id, times=",".join(times), active=True, thread_id=thread_id)
        session.add(sub)
    else:
        sub.times, sub.active, sub.thread_id = ",".join(times), True, thread_id
    await session.flush()
    return sub


async def forget_chat(session: AsyncSession, chat_id: int) -> None:
    """Delete everything stored about the chat (/forget): its row, subscription, settings and filters, and its
    digests with their message parts, sent or pending. A part being sent meanwhile is recorded as sent into
    nothing (bot.store.deliveries.mark_sent)."""
    await session.execute(delete(DeliveryRow).where(DeliveryRow.chat_id == chat_id))
    await session.execute(delete(DigestRow).where(DigestRow.chat_id == chat_id))
    await session.execute(delete(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id))
    await session.execute(delete(ChatRow).where(ChatRow.id == chat_id))


async def unsubscribe(session: AsyncSession, chat_id: int) -> bool:
    sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id))
    if sub is None or not sub.active:
        return False
    sub.active = False
    return True


async def scheduled_chats(session: AsyncSession) -> list[ScheduledChat]:
    """Every chat that should receive scheduled digests: subscribed and reachable."""
    stmt = (
        select(ChatRow, SubscriptionRow)
        .join(SubscriptionRow, SubscriptionRow.chat_id == ChatRow.id)
        .where(SubscriptionRow.active, ChatRow.status == "active")
        .order_by(ChatRow.id)
    )
    return [_scheduled(chat, sub) for chat, sub in (await session.execute(stmt)).all()]


async def scheduled_chat(session: AsyncSession, chat_id: int) -> ScheduledChat | None:
    stmt = (
        select(ChatRow, SubscriptionRow)
        .join(SubscriptionRow, SubscriptionRow.chat_id == ChatRow.id)
        .where(ChatRow.id == chat_id, SubscriptionRow.active, ChatRow.status == "active")
    )
    row = (await session.execute(stmt)).first()
    return _scheduled(*row) if row else None


def _scheduled(chat: ChatRow, sub: SubscriptionRow) -> ScheduledChat:
    times = tuple(t for t in sub.times.split(",") if t)
    return ScheduledChat(chat_id=chat.id, times=times, timezone=chat.timezone, lang=chat.lang)


@dataclass(frozen=True, slots=True)
class FrontAlertChat:
    chat_id: int
    lang: str
    threshold_km2: float


async def set_front_alerts(session: AsyncSession, chat_id: int, on: bool) -> None:
    """Front alerts are independent of scheduled digests: a chat may want one without the other."""
    sub = await _subscription_row(session, chat_id)
    sub.front_alerts = on
    await session.flush()


@dataclass(frozen=True, slots=True)
class StoryFilters:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def changed(self, action: str, terms: tuple[str, ...]) -> StoryFilters:
        """"include"/"exclude" replace that list; "clear" empties both."""
        if action == "clear":
            return StoryFilters()
        if action == "include":
            return StoryFilters(terms, self.exclude)
        return StoryFilters(self.include, terms)


NO_FILTERS = StoryFilters()


def _terms(text: str) -> tuple[str, ...]:
    return tuple(t for t in (part.strip() for part in text.split(",")) if t)


async def _subscription_row(session: AsyncSession, chat_id: int) -> SubscriptionRow:
    """The chat's subscription row, created inactive when missing: settings need no scheduled digests."""
    sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id))
    if sub is None:
        sub = SubscriptionRow(chat_id=chat_id, active=False)
        session.add(sub)
    return sub


async def set_filters(session: AsyncSession, chat_id: int, filters: StoryFilters) -> None:
    sub = await _subscription_row(session, chat_id)
    sub.include_terms, sub.exclude_terms = ",".join(filters.include), ",".join(filters.exclude)
    await session.flush()


async def story_filters(session: AsyncSession, chat_id: int) -> StoryFilters:
    return _filters_of(await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id)))


def _filters_of(sub: SubscriptionRow | None) -> StoryFilters:
    if sub is None:
        return NO_FILTERS
    return StoryFilters(_terms(sub.include_terms or ""), _terms(sub.exclude_terms or ""))


async def set_all_news(session: AsyncSession, chat_id: int, on: bool) -> None:
    """Whether the chat's digests keep everything from its sources rather than war news only."""
    sub = await _subscription_row(session, chat_id)
    sub.all_news = on
    await session.flush()


async def all_news_on(session: AsyncSession, chat_id: int) -> bool:
    sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id))
    return bool(sub and sub.all_news)


def default_reads(lang: str) -> tuple[str, ...]:
    """The languages a chat reads until it chooses: its own and English."""
    return _in_order((lang, ALSO_READ))


def _in_order(codes: Collection[str]) -> tuple[str, ...]:
    return tuple(code for code in LANGS if code in codes)


async def set_read_langs(session: AsyncSession, chat_id: int, langs: Collection[str]) -> None:
    """The languages the chat reads: known codes only, at least one (the caller makes sure)."""
    chosen = _in_order(langs)
    if not chosen:
        raise ValueError("a chat reads at least one language")
    sub = await _subscription_row(session, chat_id)
    sub.read_langs = ",".join(chosen)
    await session.flush()


async def read_langs(session: AsyncSession, chat_id: int, lang: str) -> tuple[str, ...]:
    """The languages the chat reads (uk/ru/en, in that catalogue's order); `lang` is the chat's language, the
    default's base."""
    return _reads_of(await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id)), lang)


def _reads_of(sub: SubscriptionRow | None, lang: str) -> tuple[str, ...]:
    stored = _in_order((sub.read_langs or "").split(",")) if sub else ()
    return stored or default_reads(lang)


@dataclass(frozen=True, slots=True)
class DigestSettings:
    """Everything a chat's digest is built by."""

    lang: str
    timezone: str
    last_digest_until: datetime | None
    filters: StoryFilters
    all_news: bool
    reads: tuple[str, ...]


async def digest_settings(session: AsyncSession, chat_ids: Sequence[int]) -> list[DigestSettings | None]:
    """The chats' digest settings in one query (a slot's digests read thousands), in order; None for a chat that
    is unknown."""
    stmt = select(ChatRow, SubscriptionRow).outerjoin(SubscriptionRow, SubscriptionRow.chat_id == ChatRow.id)
    found = {chat.id: (chat, sub) for chat, sub in (await session.execute(stmt.where(ChatRow.id.in_(chat_ids)))).all()}
    return [_digest_settings(*found[c]) if c in found else None for c in chat_ids]


def _digest_settings(chat: ChatRow, sub: SubscriptionRow | None) -> DigestSettings:
    return DigestSettings(
        chat.lang, chat.timezone, chat.last_digest_until, _filters_of(sub), bool(sub and sub.all_news),
        _reads_of(sub, chat.lang),
    )  # fmt: skip


async def front_alerts_on(session: AsyncSession, chat_id: int) -> bool:
    sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == chat_id))
    return bool(sub and sub.front_alerts)


async def front_alert_chats(session: AsyncSession) -> list[FrontAlertChat]:
    stmt = (
        select(ChatRow.id, ChatRow.lang, SubscriptionRow.front_threshold_km2)
        .join(SubscriptionRow, SubscriptionRow.chat_id == ChatRow.id)
        .where(SubscriptionRow.front_alerts, ChatRow.status == "active")
        .order_by(ChatRow.id)
    )
    return [FrontAlertChat(cid, lang, threshold) for cid, lang, threshold in (await session.execute(stmt)).all()]


async def chats_by_status(session: AsyncSession) -> dict[str, int]:
    """How many chats are blocked, gone, removed or migrated."""
    stmt = select(ChatRow.status, func.count()).where(ChatRow.status != "active").group_by(ChatRow.status)
    return {status: int(n) for status, n in (await session.execute(stmt)).all()}


async def move_digest_mark(
    session: AsyncSession, chat_id: int, until: datetime, *, unless_within: timedelta = timedelta(0)
) -> bool:
    """Move the chat's "last digest" mark forward to `until`, unless a digest already covered up to less than
    `unless_within` before it. True when the mark moved."""
    return chat_id in await move_digest_marks(session, [chat_id], until, unless_within=unless_within)


async def move_digest_marks(
    session: AsyncSession, chat_ids: Collection[int], until: datetime, *, unless_within: timedelta = timedelta(0)
) -> set[int]:
    """move_digest_mark for many chats: one conditional UPDATE, so two copies of the bot racing for the same
    scheduled slot cannot both win, on SQLite or PostgreSQL. The chats whose mark moved."""
    if not chat_ids:
        return set()
    result = await session.scalars(
        update(ChatRow)
        .where(
            ChatRow.id.in_(chat_ids),
            or_(ChatRow.last_digest_until.is_(None), ChatRow.last_digest_until <= until - unless_within),
        )
        .values(last_digest_until=until)
        .returning(ChatRow.id),
        execution_options={"synchronize_session": False},
    )
    return set(result.all())
