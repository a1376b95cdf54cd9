"""Telegram handlers for a chat's sources: /sources (a paginated keyboard), /add, /remove, /import, /export.

A channel's sources are managed from a private chat by naming it first (`/sources @channel`); in groups only
administrators change anything. Keyboard data comes back from the client, so it is checked like typed text, and
whoever presses a button must administer the chat the button changes.
"""

from __future__ import annotations

import asyncio
import html
import logging
import math
import re
from dataclasses import dataclass, replace
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, TelegramError

from bot import i18n
from bot.chat.channels import ChannelRefused, channel_for_admin, is_channel_ref
from bot.chat.context import Context
from bot.chat.handlers import _reply, _within_rate
from bot.chat.service import ChatInfo
from bot.chat.sources import AddResult, ImportReport, report_lines
from bot.collect.opml import MAX_OUTLINES, OpmlError
from bot.domain import SourceHealth
from bot.render.html import split_html
from bot.render.status import failure_text, source_line
from bot.store.chat_sources import Added, ChatSource
from bot.store.sources import health_of

log = logging.getLogger(__name__)

PAGE_SIZE = 8
BUTTON_CHARS = 40
_ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
# src:<chat>:p:<page> | src:<chat>:t:<source>:<on|off>:<page> | src:<chat>:r:<source>:<page>
_BUTTON = re.compile(r"src:(-?\d{1,20}):(?:p|t:(\d{1,18}):(on|off)|r:(\d{1,18})):(\d{1,4})")
_KIND_ORDER = ("feed", "page", "channel")
ERROR_CHARS = 120  # of a failing source's error on a page: eight of them must fit one message


@dataclass(frozen=True, slots=True)
class _Target:
    chat_id: int
    lang: str  # the language replies are written in: the one of the chat the user writes in
    label: str  # " · @channel" when the sources are a channel's, else ""


async def _may_change(context: Context, chat_id: int, update: Update) -> bool:
    """The user may change `chat_id`'s sources: it is their private chat, or they administer it."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat_id == chat.id and chat.type == ChatType.PRIVATE:
        return True
    try:
        member = await context.bot.get_chat_member(chat_id, user.id)
    except TelegramError:
        log.warning("admin check failed", extra={"chat_id": chat_id, "user_id": user.id})
        return False
    return member.status in _ADMINS


async def _target(update: Update, context: Context, info: ChatInfo, *, channel_first: bool) -> _Target | None:
    """This chat, or a channel named first (`channel_first`: "@name" then more words) that the user administers;
    None after saying why not."""
    args = context.args or []
    user = update.effective_user
    if channel_first and args and is_channel_ref(args[0]) and user is not None:
        try:
            channel = await channel_for_admin(context.bot, args[0], user.id)
        except ChannelRefused as refused:
            await _reply(update, i18n.t(info.lang, refused.key))
            return None
        await context.services.chats.register(
            channel.chat_id, chat_type=ChatType.CHANNEL, title=channel.title, lang=info.lang
        )
        context.args = args[1:]
        return _Target(channel.chat_id, info.lang, " · " + html.escape(channel.title))
    return _Target(info.chat_id, info.lang, "")


# -- /sources and its keyboard ---------------------------------------------------------------------------------


def _ordered(sources: list[ChatSource], lang: str) -> list[ChatSource]:
    """Grouped by language (the chat's own first, then the catalogue's others, then any other) and kind;
    catalogue before added, by name."""
    langs = [lang, *(code for code in i18n.LANGS if code != lang)]

    def key(source: ChatSource) -> tuple[int, str, int, bool, str]:
        row = source.row
        lang = langs.index(row.lang) if row.lang in langs else len(langs)
        kind = _KIND_ORDER.index(row.kind) if row.kind in _KIND_ORDER else len(_KIND_ORDER)
        return lang, row.lang, kind, source.added, row.name.casefold()

    return sorted(sources, key=key)


def render_page(
    target: _Target, sources: list[ChatSource], page: int, *, now: datetime
) -> tuple[str, InlineKeyboardMarkup, int]:
    """The text and keyboard of one page of the chat's sources (the page clamped to those that exist)."""
    lang = target.lang
    ordered = _ordered(sources, lang)
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines = [i18n.t(lang, "sources_header", target=target.label, page=page + 1, pages=pages)]
    group = None
    buttons = []
    for source in shown:
        row = source.row
        if (row.lang, row.kind) != group:
            group = (row.lang, row.kind)
            kind = i18n.t(lang, f"sources_kind_{row.kind}") if row.kind in _KIND_ORDER else row.kind
            lines.append(f"\n<b>{html.escape(i18n.t(lang, i18n.lang_key('lang', row.lang)))} · {kind}</b>")
        mark = "🗑" if source.added else ("✅" if source.following else "⬜")
        lines.append(f"{mark} {source_line(_short(health_of(row)), lang=lang, now=now)}")
        name = row.name if len(row.name) <= BUTTON_CHARS else row.name[: BUTTON_CHARS - 1] + "…"
        if source.added:
            data = f"src:{target.chat_id}:r:{row.id}:{page}"
        else:
            data = f"src:{target.chat_id}:t:{row.id}:{'off' if source.following else 'on'}:{page}"
        buttons.append([InlineKeyboardButton(f"{mark} {name}", callback_data=data)])
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀", callback_data=f"src:{target.chat_id}:p:{page - 1}"))
    if page < pages - 1:
        nav.append(InlineKeyboardButton("▶", callback_data=f"src:{target.chat_id}:p:{page + 1}"))
    if nav:
        buttons.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(buttons), page


def _short(health: SourceHealth) -> SourceHealth:
    error = health.last_error
    if error is None or len(error) <= ERROR_CHARS:
        return health
    return replace(health, last_error=error[:ERROR_CHARS] + "…")


async def sources(update: Update, context: Context) -> None:
    """/sources [@channel]: this chat's (or the channel's) sources, a page at a time, each with a toggle."""
    info = context.info
    target = await _target(update, context, info, channel_first=True)
    if target is None:
        return
    found = await context.services.sources.sources(target.chat_id)
    text, keyboard, _ = render_page(target, found, 0, now=context.services.clock())
    await _reply(update, text, reply_markup=keyboard)


async def source_button(update: Update, context: Context) -> None:
    """A button of a /sources page: turn a catalogue source on or off, remove an added one, or turn the page."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    info = context.info
    match = _BUTTON.fullmatch(query.data or "")
    if match is None:
        await query.answer(i18n.t(info.lang, "button_stale"))
        return
    chat_id, toggled, state, removed, page = match.groups()
    target_id = int(chat_id)
    changes = toggled is not None or removed is not None
    # Paging only reads, but a page of another chat's sources is that chat's business too.
    if target_id != info.chat_id or changes:
        if not await _may_change(context, target_id, update):
            await query.answer(i18n.t(info.lang, "sources_changers"))
            return
    service = context.services.sources
    if toggled is not None and not await service.set_following(target_id, int(toggled), state == "on"):
        await query.answer(i18n.t(info.lang, "button_stale"))
        return
    if removed is not None:
        gone = await service.remove(target_id, int(removed))
        if gone is None:
            await query.answer(i18n.t(info.lang, "button_stale"))
            return
        if gone[1] is not None:
            context.services.scheduler.unschedule_collection(gone[1])
    await query.answer()
    label = "" if target_id == info.chat_id else " · " + html.escape(await _title(context, target_id))
    target = _Target(target_id, info.lang, label)
    text, keyboard, _ = render_page(
        target, await service.sources(target_id), int(page), now=context.services.clock()
    )
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # a second press of the same button
            raise


async def _title(context: Context, chat_id: int) -> str:
    try:
        chat = await context.bot.get_chat(chat_id)
    except TelegramError:
        return str(chat_id)
    return chat.title or chat.username or str(chat_id)


# -- /add and /remove ------------------------------------------------------------------------------------------


async def _changer(update: Update, context: Context, *, channel_first: bool) -> tuple[ChatInfo, _Target] | None:
    """The chat the command changes (this one, or a channel named first), once the user may change it; None after
    saying why not."""
    info = context.info
    target = await _target(update, context, info, channel_first=channel_first)
    if target is None:
        return None
    if target.chat_id == info.chat_id and not await _may_change(context, info.chat_id, update):
        await _reply(update, i18n.t(info.lang, "sources_changers"))
        return None
    return info, target


ITEM_CHARS = 120  # an item title in /add's answer


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _added_text(lang: str, result: AddResult, ref: str, limit: int) -> str:
    name = html.escape(result.name)
    if result.outcome is Added.OVER_LIMIT:
        return i18n.t(lang, "add_over_limit", max=limit)
    if result.outcome is Added.ALREADY:
        return i18n.t(lang, "add_already", name=name)
    if result.outcome is None or result.probe is None:
        assert result.error is not None
        return i18n.t(lang, "add_failed", ref=html.escape(ref), reason=failure_text(lang, result.error))
    # A feed's titles have no length limit; cut, three of them always fit one message.
    items = [
        f'• <a href="{html.escape(a.url)}">{html.escape(_cut(a.title or a.url, ITEM_CHARS))}</a>'
        for a in result.probe.latest
    ]
    if not items:
        return i18n.t(lang, "add_added_empty", name=name)
    return i18n.t(lang, "add_added", name=name, items="\n".join(items))


async def add(update: Update, context: Context) -> None:
    """/add <URL or @channel>, or /add @yourchannel <URL or @channel> from a private chat."""
    changer = await _changer(update, context, channel_first=len(context.args or []) > 1)
    if changer is None:
        return
    info, target = changer
    args = context.args or []
    if len(args) != 1:
        await _reply(update, i18n.t(info.lang, "add_usage"))
        return
    if not await _within_rate(update, context, info.lang):
        return
    result = await context.services.sources.add(target.chat_id, args[0], lang=info.lang)
    if result.schedule is not None:
        context.services.scheduler.schedule_collection((result.schedule,))
    limit = context.services.settings.chat_sources.max_per_chat
    await _reply(update, _added_text(info.lang, result, args[0], limit))


async def remove(update: Update, context: Context) -> None:
    """/remove <URL, @channel or name> of a source this chat added; /remove @yourchannel <...> for a channel."""
    changer = await _changer(update, context, channel_first=len(context.args or []) > 1)
    if changer is None:
        return
    info, target = changer
    ref = " ".join(context.args or [])
    if not ref:
        await _reply(update, i18n.t(info.lang, "remove_usage"))
        return
    gone = await context.services.sources.remove(target.chat_id, ref)
    if gone is None:
        await _reply(update, i18n.t(info.lang, "remove_unknown", ref=html.escape(ref)))
        return
    if gone[1] is not None:
        context.services.scheduler.unschedule_collection(gone[1])
    await _reply(update, i18n.t(info.lang, "removed", name=html.escape(gone[0])))


# -- OPML ------------------------------------------------------------------------------------------------------


async def export(update: Update, context: Context) -> None:
    """/export [@channel]: the chat's sources as an OPML file."""
    info = context.info
    target = await _target(update, context, info, channel_first=True)
    if target is None or update.effective_message is None:
        return
    data, count = await context.services.sources.export(target.chat_id, lang=info.lang)
    await update.effective_message.reply_document(
        InputFile(data, filename="frontline-sources.opml"), caption=i18n.t(info.lang, "export_caption", count=count)
    )


async def import_opml(update: Update, context: Context) -> None:
    """/import [@channel] as the caption of an OPML file, or as a reply to one."""
    message = update.effective_message
    if message is None:
        return
    if context.args is None and message.caption:  # a caption is no command to PTB: its words are ours to split
        words = message.caption.split()
        addressed = words[0].partition("@")[2]
        if addressed and addressed.lower() != (context.bot.username or "").lower():
            return  # "/import@anotherbot" in a group is that bot's
        context.args = words[1:]
    changer = await _changer(update, context, channel_first=True)
    if changer is None:
        return
    info, target = changer
    document = message.document or (message.reply_to_message.document if message.reply_to_message else None)
    if document is None or context.args:
        await _reply(update, i18n.t(info.lang, "import_usage"))
        return
    limit = context.services.settings.chat_sources.max_opml_bytes
    if document.file_size is not None and document.file_size > limit:
        await _reply(update, i18n.t(info.lang, "opml_too_large", mb=limit // 1_000_000))
        return
    if not await _within_rate(update, context, info.lang):
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    service = context.services.sources
    try:
        parsed = await asyncio.to_thread(service.read_opml, data)  # up to 10 MB: not on the event loop
    except OpmlError as exc:
        fields = {"mb": limit // 1_000_000, "max": MAX_OUTLINES}
        await _reply(update, i18n.t(info.lang, f"opml_{exc.key}", **fields))
        return
    report = await service.import_opml(target.chat_id, parsed, lang=info.lang)
    if report.schedule:
        context.services.scheduler.schedule_collection(tuple(report.schedule))
    limit_sources = context.services.settings.chat_sources.max_per_chat
    for part in _report_parts(info.lang, report, len(parsed.feeds), limit_sources):
        await _reply(update, part)


REPORT_ITEMS = 10  # names listed per section of an import report: a file of thousands is one message, not hundreds


def _report_parts(lang: str, report: ImportReport, feeds: int, limit: int) -> list[str]:
    lines = [i18n.t(lang, "import_report", feeds=feeds)]
    for key, items in report_lines(lang, report):
        if items:
            lines.append(i18n.t(lang, key, n=len(items), max=limit))
            lines += [f"• {html.escape(item)}" for item in items[:REPORT_ITEMS]]
            if len(items) > REPORT_ITEMS:
                lines.append(i18n.t(lang, "import_more", n=len(items) - REPORT_ITEMS))
    if report.duplicates:
        lines.append(i18n.t(lang, "import_duplicates", n=report.duplicates))
    return split_html("\n".join(lines))
