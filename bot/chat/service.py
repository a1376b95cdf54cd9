"""What the handlers ask of the store about chats: registration, subscriptions, settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.store import chat_sources as chat_source_store
from bot.store import chats as chat_store
from bot.store.db import Database
from bot.store.models import ChatRow


@dataclass(frozen=True, slots=True)
class ChatInfo:
    chat_id: int
    lang: str
    timezone: str
    subscribed_times: tuple[str, ...]  # empty when not subscribed
    front_alerts: bool = False
    filters: chat_store.StoryFilters = chat_store.NO_FILTERS
    all_news: bool = False  # everything from the sources, not only war news
    reads: tuple[str, ...] = ()  # the languages the chat reads, in i18n.LANGS order


class ChatService:
    def __init__(self, db: Database, *, default_timezone: str) -> None:
        self.db = db
        self.default_timezone = default_timezone

    async def register(
        self, chat_id: int, *, chat_type: str, title: str | None, lang: str, refresh_lang: bool = False
    ) -> ChatInfo:
        """The chat's row, created on first contact; `refresh_lang` follows the user's Telegram language unless
        the chat chose one in /settings."""
        async with self.db.session() as session, session.begin():
            chat = await chat_store.ensure_chat(
                session, chat_id, chat_type=chat_type, title=title, lang=lang, timezone=self.default_timezone
            )
            if refresh_lang and not chat.lang_chosen:
                chat.lang = lang
            return await _info(session, chat)

    async def get(self, chat_id: int) -> ChatInfo | None:
        """The chat as stored; None for a chat never seen or forgotten."""
        async with self.db.session() as session:
            chat = await chat_store.get_chat(session, chat_id)
            return await _info(session, chat) if chat is not None else None

    async def subscribe(
        self, chat_id: int, times: tuple[str, ...], *, thread_id: int | None = None
    ) -> chat_store.ScheduledChat | None:
        async with self.db.session() as session, session.begin():
            await chat_store.subscribe(session, chat_id, times, thread_id=thread_id)
            return await chat_store.scheduled_chat(session, chat_id)

    async def forget(self, chat_id: int) -> list[str]:
        """Delete everything stored about the chat; the keys of the sources deleted with it (no chat follows them)."""
        async with self.db.session() as session, session.begin():
            # The chat's row first, as /add takes it: the other order could deadlock the two on PostgreSQL.
            await chat_store.lock_chat(session, chat_id)
            deleted = await chat_source_store.forget_chat_sources(session, chat_id)
            await chat_store.forget_chat(session, chat_id)
        return deleted

    async def unsubscribe(self, chat_id: int) -> bool:
        async with self.db.session() as session, session.begin():
            return await chat_store.unsubscribe(session, chat_id)

    async def update(
        self,
        chat_id: int,
        *,
        lang: str | None = None,
        timezone: str | None = None,
        front_alerts: bool | None = None,
        filters: chat_store.StoryFilters | None = None,
        all_news: bool | None = None,
        reads: tuple[str, ...] | None = None,
    ) -> ChatInfo | None:
        async with self.db.session() as session, session.begin():
            chat = await chat_store.get_chat(session, chat_id)
            if chat is None:
                return None
            if lang:
                chat.lang, chat.lang_chosen = lang, True
            chat.timezone = timezone or chat.timezone
            if front_alerts is not None:
                await chat_store.set_front_alerts(session, chat_id, front_alerts)
            if filters is not None:
                await chat_store.set_filters(session, chat_id, filters)
            if all_news is not None:
                await chat_store.set_all_news(session, chat_id, all_news)
            if reads is not None:
                await chat_store.set_read_langs(session, chat_id, reads)
            return await _info(session, chat)


async def _info(session: AsyncSession, chat: ChatRow) -> ChatInfo:
    scheduled = await chat_store.scheduled_chat(session, chat.id)
    return ChatInfo(
        chat.id,
        chat.lang,
        chat.timezone,
        scheduled.times if scheduled else (),
        await chat_store.front_alerts_on(session, chat.id),
        await chat_store.story_filters(session, chat.id),
        await chat_store.all_news_on(session, chat.id),
        await chat_store.read_langs(session, chat.id, chat.lang),
    )
