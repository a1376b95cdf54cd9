"""Telegram handlers: parse the command, call one service, reply. No SQL, HTTP or formatting here."""

from __future__ import annotations

import contextlib
import html
import logging
import re
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TelegramError

from bot import i18n
from bot.chat.args import (
    MAX_FILTER_TERMS,
    MAX_TERM_CHARS,
    ArgumentError,
    clean_input,
    is_period,
    parse_filter,
    parse_period,
    parse_times,
    parse_zone,
)
from bot.chat.channels import Channel, ChannelRefused, channel_for_admin, is_channel_ref
from bot.chat.context import Context
from bot.chat.menus import SUBSCRIBE_PAYLOAD, deep_links
from bot.chat.service import ChatInfo
from bot.condense.query import filter_conflicts, searchable
from bot.deliver.membership import apply_membership
from bot.deliver.sender import ChatUnavailable, classify
from bot.render.status import render_status

log = logging.getLogger(__name__)

# Telegram's words for an answer whose message or button is gone (lower case, as matched in the error text); a
# chat the bot can no longer write to is told apart as the sender does it (bot.deliver.sender.classify).
_ANSWER_GONE = (
    "message to be replied not found",
    "query is too old",
    "query id is invalid",
    "message to edit not found",
    "message can't be edited",
    "message is not modified",
    "message thread not found",
    "topic_closed",
)

MAX_TOPIC_CHARS = 100
FORGET = "forget"  # the callback data of the /forget buttons: "forget:yes", "forget:no"
_OUTSIDE = frozenset({ChatMemberStatus.LEFT, ChatMemberStatus.BANNED})  # the bot is not in the chat
_READ_VALUES = frozenset(f"{code}:{state}" for code in i18n.LANGS for state in ("on", "off"))
SETTINGS_ZONES = ("Europe/Kyiv", "Europe/Warsaw", "Europe/Berlin", "Europe/London", "America/New_York", "UTC")


def _title(title: str | None) -> str | None:
    """A chat's title or @name as we store it: its owner chose it, so it is cleaned like typed text."""
    return clean_input(title or "") or None


async def _register(update: Update, context: Context, *, refresh_lang: bool = False) -> ChatInfo:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    lang = i18n.normalize_lang(user.language_code if user else None)
    return await context.services.chats.register(
        chat.id,
        chat_type=chat.type,
        title=_title(chat.title or chat.username),
        lang=lang,
        refresh_lang=refresh_lang and chat.type == ChatType.PRIVATE,
    )


_START = re.compile(r"^/start(@\w+)?(\s|$)")


async def register_chat(update: Update, context: Context) -> None:
    """Before the handler of any command or button press (handler group -1, see app.py): the chat is stored or
    refreshed once, here, and its settings are `context.info`. /start also takes the user's current language,
    unless they chose one in /settings."""
    message = update.effective_message
    starting = update.callback_query is None and message is not None and bool(_START.match(message.text or ""))
    context.chat_info = await _register(update, context, refresh_lang=starting)


async def _reply(update: Update, text: str, **kwargs: object) -> None:
    """Answer the message. The Application's FloodRetry already waits out Telegram's 429s for a reply; one
    still refused means the user sends faster than Telegram lets us answer: the user's pace, not a failure
    for the operator to hear of."""
    message = update.effective_message
    if message is None:
        return
    try:
        await message.reply_text(text, **kwargs)  # type: ignore[arg-type]
    except RetryAfter:
        log.warning("reply dropped: flood control", extra={"chat_id": message.chat_id})


async def _is_admin(update: Update, context: Context) -> bool:
    """In groups only administrators may change the subscription; in private chats the user may."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        log.warning("admin check failed", extra={"chat_id": chat.id, "user_id": user.id})
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def _within_rate(update: Update, context: Context, lang: str) -> bool:
    user = update.effective_user
    wait = context.services.user_limiter.check(user.id if user else 0)
    if wait:
        await _reply(update, i18n.t(lang, "rate_limited", seconds=max(1, round(wait))))
        return False
    return True


def _add_links(context: Context, lang: str) -> str:
    links = deep_links(context.bot.username)
    return i18n.t(lang, "add_links", group=html.escape(links["group"]), channel=html.escape(links["channel"]))


async def start(update: Update, context: Context) -> None:
    """/start, and the deep links: "/start subscribe" (t.me/<bot>?start=subscribe, or sent in a group added with
    ?startgroup=subscribe) subscribes at once."""
    info = context.info
    if context.args == [SUBSCRIBE_PAYLOAD]:
        await _subscribe(update, context, info, [])
        return
    await _reply(update, i18n.t(info.lang, "start") + "\n\n" + _add_links(context, info.lang))


async def help_command(update: Update, context: Context) -> None:
    info = context.info
    await _reply(update, i18n.t(info.lang, "help") + "\n\n" + _add_links(context, info.lang))


async def _target(
    update: Update, context: Context, info: ChatInfo, args: list[str]
) -> tuple[ChatInfo, str | None, list[str]] | None:
    """The chat to (un)subscribe: this one, or a channel named first ("@name"), with the remaining arguments and
    the channel's title; None after telling the user why they may not."""
    user = update.effective_user
    if args and is_channel_ref(args[0]) and user is not None:
        try:
            channel = await channel_for_admin(context.bot, args[0], user.id)
        except ChannelRefused as refused:
            await _reply(update, i18n.t(info.lang, refused.key))
            return None
        target = await context.services.chats.register(
            channel.chat_id, chat_type=ChatType.CHANNEL, title=channel.title, lang=info.lang
        )
        return target, channel.title, args[1:]
    if not await _is_admin(update, context):
        await _reply(update, i18n.t(info.lang, "admins_only"))
        return None
    return info, None, args


async def subscribe(update: Update, context: Context) -> None:
    info = context.info
    await _subscribe(update, context, info, context.args or [])


async def _subscribe(update: Update, context: Context, info: ChatInfo, args: list[str]) -> None:
    """Subscribe this chat (in a forum, the topic the command came from) or a channel named first."""
    target = await _target(update, context, info, args)
    if target is None:
        return
    chat, channel, args = target
    digest = context.services.settings.digest
    try:
        times = parse_times(args, max_count=digest.max_times_per_day) if args else digest.times
    except ArgumentError:
        await _reply(update, i18n.t(info.lang, "subscribe_usage", max=digest.max_times_per_day))
        return
    message = update.effective_message
    topic = message.message_thread_id if channel is None and message and message.is_topic_message else None
    scheduled = await context.services.chats.subscribe(chat.chat_id, times, thread_id=topic)
    if scheduled is not None:
        context.services.scheduler.schedule_digests(scheduled)
    fields = {"times": ", ".join(times), "tz": html.escape(chat.timezone)}
    if channel is not None:
        await _reply(update, i18n.t(info.lang, "subscribed_channel", channel=html.escape(channel), **fields))
    else:
        await _reply(update, i18n.t(info.lang, "subscribed" if topic is None else "subscribed_topic", **fields))


async def unsubscribe(update: Update, context: Context) -> None:
    info = context.info
    target = await _target(update, context, info, context.args or [])
    if target is None:
        return
    chat, channel, _ = target
    removed = await context.services.chats.unsubscribe(chat.chat_id)
    context.services.scheduler.unschedule_digests(chat.chat_id)
    if channel is not None and removed:
        await _reply(update, i18n.t(info.lang, "unsubscribed_channel", channel=html.escape(channel)))
    else:
        await _reply(update, i18n.t(info.lang, "unsubscribed" if removed else "not_subscribed"))


async def story_filter(update: Update, context: Context) -> None:
    """/filter [only|hide|clear ...]: which stories this chat's digests keep."""
    info = context.info
    if context.args:
        if not await _is_admin(update, context):
            await _reply(update, i18n.t(info.lang, "admins_only_filter"))
            return
        try:
            action, terms = parse_filter(context.args)
        except ArgumentError:
            await _reply(update, i18n.t(info.lang, "filter_usage", max=MAX_FILTER_TERMS, chars=MAX_TERM_CHARS))
            return
        # A term that can match nothing, or one that hides what "only" keeps, would leave the chat's digests
        # silently full or silently empty: refuse it and keep the filters as they are.
        wordless = [term for term in terms if not searchable(term)]
        if wordless:
            command = "/filter " + i18n.t(info.lang, "filter_word_only" if action == "include" else "filter_word_hide")
            await _reply(update, _no_words(info.lang, wordless[0], command))
            return
        filters = info.filters.changed(action, terms)
        conflicts = filter_conflicts(filters.include, filters.exclude)
        if conflicts:
            kept, hidden = conflicts[0]
            await _reply(
                update, i18n.t(info.lang, "filter_conflict", kept=html.escape(kept), hidden=html.escape(hidden))
            )
            return
        info = await context.services.chats.update(info.chat_id, filters=filters) or info
    nothing = i18n.t(info.lang, "nothing")
    await _reply(
        update,
        i18n.t(
            info.lang,
            "filter_status",
            include=html.escape(", ".join(info.filters.include)) or nothing,
            exclude=html.escape(", ".join(info.filters.exclude)) or nothing,
        ),
    )


async def bot_membership(update: Update, context: Context) -> None:
    """The bot was added to, promoted in or removed from a group or channel. Added to a group, it says in a few
    words how to subscribe, in the language of whoever added it (the group's language from then on)."""
    member = update.my_chat_member
    if member is None or member.chat.type == ChatType.PRIVATE:
        return  # a user blocking the bot shows up as a 403 when sending; the deliverer pauses the chat then
    chat = member.chat
    joined = member.old_chat_member.status in _OUTSIDE and member.new_chat_member.status not in _OUTSIDE
    welcome = joined and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    if welcome:
        await _register(update, context)  # a new group takes the language of whoever added the bot
    deliverable = await apply_membership(
        context.services.db, context.services.deliverer,
        chat_id=chat.id, chat_type=chat.type, title=_title(chat.title), status=member.new_chat_member.status,
    )  # fmt: skip
    if welcome and deliverable:
        lang = i18n.normalize_lang(member.from_user.language_code)
        await context.bot.send_message(chat.id, i18n.t(lang, "group_welcome"))


async def privacy(update: Update, context: Context) -> None:
    info = context.info
    await _reply(update, i18n.t(info.lang, "privacy"))


def _forget_keyboard(lang: str, channel_id: int | None = None) -> InlineKeyboardMarkup:
    suffix = "" if channel_id is None else f":{channel_id}"
    buttons = [
        InlineKeyboardButton(i18n.t(lang, "forget_yes"), callback_data=f"{FORGET}:yes{suffix}"),
        InlineKeyboardButton(i18n.t(lang, "forget_no"), callback_data=f"{FORGET}:no{suffix}"),
    ]
    return InlineKeyboardMarkup([buttons])


_CHAT_ID = re.compile(r"-?[0-9]{1,20}")  # what int() takes from a button's data, and nothing else it would


def _forget_refusal(refused: ChannelRefused) -> str:
    """The /forget wording of a channel refusal (the general one suggests /subscribe)."""
    return "forget_channel_not_found" if refused.key == "channel_not_found" else refused.key


async def forget(update: Update, context: Context) -> None:
    """/forget, or /forget @channel for a channel the user administers: asks first; the button deletes
    (forget_button)."""
    info, user, args = context.info, update.effective_user, context.args or []
    if args and is_channel_ref(args[0]) and user is not None:
        try:  # the bot may have been removed from the channel: its admins can still have its data deleted
            channel = await channel_for_admin(context.bot, args[0], user.id, bot_must_post=False)
        except ChannelRefused as refused:
            await _reply(update, i18n.t(info.lang, _forget_refusal(refused)))
            return
        text = i18n.t(info.lang, "forget_confirm_channel", channel=html.escape(channel.title))
        await _reply(update, text, reply_markup=_forget_keyboard(info.lang, channel.chat_id))
        return
    if not await _is_admin(update, context):
        await _reply(update, i18n.t(info.lang, "admins_only_forget"))
        return
    await _reply(update, i18n.t(info.lang, "forget_confirm"), reply_markup=_forget_keyboard(info.lang))


async def forget_button(update: Update, context: Context) -> None:
    """The /forget buttons ("forget:yes", or "forget:yes:<channel id>"). The chat is not registered first: that
    would store it again before deleting it. Whoever presses is checked again: a button can outlive a right."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is None or chat is None:
        return
    known = await context.services.chats.get(chat.id)
    lang = known.lang if known else i18n.normalize_lang(user.language_code if user else None)
    _, answer, *channel_id = (query.data or "").split(":")
    channel: Channel | None = None
    if channel_id:
        try:
            if user is None or not _CHAT_ID.fullmatch(channel_id[0]):
                raise ChannelRefused("channel_not_found")
            channel = await channel_for_admin(context.bot, int(channel_id[0]), user.id, bot_must_post=False)
        except ChannelRefused as refused:
            await query.answer(i18n.t(lang, _forget_refusal(refused)))
            return
    elif not await _is_admin(update, context):
        await query.answer(i18n.t(lang, "admins_only_forget"))
        return
    await query.answer()
    if answer != "yes":
        await query.edit_message_text(i18n.t(lang, "forget_kept"))
        return
    forgotten = chat.id if channel is None else channel.chat_id
    for key in await context.services.chats.forget(forgotten):
        context.services.scheduler.unschedule_collection(key)
    context.services.scheduler.unschedule_digests(forgotten)
    context.services.deliverer.forget_chat(forgotten)
    log.info("chat forgotten", extra={"chat_id": forgotten})
    if channel is None:
        await query.edit_message_text(i18n.t(lang, "forgotten"))
    else:
        await query.edit_message_text(i18n.t(lang, "forgotten_channel", channel=html.escape(channel.title)))


async def _words_and_period(
    update: Update, context: Context, lang: str, *, words_allowed: bool
) -> tuple[list[str], timedelta | None] | None:
    """A trailing "6h"/"2d" is the period, the rest are the command's own words; None (after telling the user
    the right form) when the period is malformed or too long, or there are words where none belong."""
    args = context.args or []
    max_hours = context.services.settings.digest.max_period_days * 24
    words, period = args, None
    try:
        if args and is_period(args[-1]):
            words, period = args[:-1], parse_period(args[-1], max_hours=max_hours)
        if words and not words_allowed:
            raise ArgumentError(" ".join(words))
    except ArgumentError:
        await _reply(update, i18n.t(lang, "period_usage", max_days=max_hours // 24))
        return None
    return words, period


async def digest(update: Update, context: Context) -> None:
    info = context.info
    parsed = await _words_and_period(update, context, info.lang, words_allowed=False)
    if parsed is None:
        return
    _, period = parsed
    if not await _within_rate(update, context, info.lang):
        return
    await context.services.pipeline.enqueue_for_chat(info.chat_id, kind="on_demand", period=period)
    context.services.deliverer.wake()


async def summary(update: Update, context: Context) -> None:
    info = context.info
    parsed = await _words_and_period(update, context, info.lang, words_allowed=True)
    if parsed is None:
        return
    words, period = parsed
    topic = " ".join(words).strip()
    if not topic or len(topic) > MAX_TOPIC_CHARS:
        await _reply(update, i18n.t(info.lang, "summary_usage"))
        return
    if not searchable(topic):  # "%" or "the" would match everything and title the whole digest with it
        await _reply(update, _no_words(info.lang, topic, "/summary"))
        return
    if not await _within_rate(update, context, info.lang):
        return
    prepared = await context.services.pipeline.enqueue_for_chat(
        info.chat_id, kind="on_demand", period=period, query=topic
    )
    if prepared is None or not (prepared.digest.stories or prepared.digest.others):
        await _reply(update, i18n.t(info.lang, "summary_empty", topic=html.escape(topic)))
        return
    context.services.deliverer.wake()


def _no_words(lang: str, topic: str, command: str) -> str:
    return i18n.t(lang, "topic_no_words", topic=html.escape(topic), command=command)


async def front(update: Update, context: Context) -> None:
    info = context.info
    if not await _within_rate(update, context, info.lang):
        return
    period = " ".join(context.args or [])  # "" is today; several words are a bad period that report() explains
    try:
        report = await context.services.front.report(period, info.lang)
    except ValueError as exc:  # the message is written for the user, in their language
        await _reply(update, html.escape(str(exc)))
        return
    await context.services.pipeline.enqueue_front(info.chat_id, report, lang=info.lang)
    context.services.deliverer.wake()


def _settings_keyboard(info: ChatInfo) -> InlineKeyboardMarkup:
    def mark(label: str, on: bool) -> str:
        return f"• {label} •" if on else label

    langs = [
        # Each language by its own name, as a reader of it looks for it
        InlineKeyboardButton(mark(i18n.t(code, f"lang_{code}"), info.lang == code), callback_data=f"lang:{code}")
        for code in i18n.LANGS
    ]
    zones = [
        InlineKeyboardButton(mark(z, info.timezone == z), callback_data=f"tz:{z}") for z in SETTINGS_ZONES
    ]
    # One toggle that shows the current state ("🔔 Front alerts: on") and switches it.
    alerts = InlineKeyboardButton(
        i18n.t(info.lang, "front_alerts_on" if info.front_alerts else "front_alerts_off"),
        callback_data="alerts:off" if info.front_alerts else "alerts:on",
    )
    news = InlineKeyboardButton(
        i18n.t(info.lang, "news_all" if info.all_news else "news_war"),
        callback_data="news:war" if info.all_news else "news:all",
    )
    # "Languages I read": a check box per language; its data names the state it sets, so a double press is no flip.
    reads = [
        InlineKeyboardButton(
            ("☑ " if code in info.reads else "☐ ") + i18n.t(info.lang, f"lang_{code}"),
            callback_data=f"read:{code}:{'off' if code in info.reads else 'on'}",
        )
        for code in i18n.LANGS
    ]
    return InlineKeyboardMarkup([langs, zones[:3], zones[3:], [alerts], [news], reads])


def _settings_text(info: ChatInfo) -> str:
    reads = ", ".join(i18n.t(info.lang, f"lang_{code}") for code in info.reads)
    language = i18n.t(info.lang, f"lang_{info.lang}")
    return i18n.t(info.lang, "settings", language=language, tz=html.escape(info.timezone), reads=reads)


async def settings(update: Update, context: Context) -> None:
    info = context.info
    if not await _is_admin(update, context):
        await _reply(update, i18n.t(info.lang, "admins_only_settings"))
        return
    if context.args:  # "/settings Europe/Vienna": any IANA zone, beyond the buttons ("America/New York" too)
        try:
            zone = parse_zone("_".join(context.args))
        except ArgumentError:
            await _reply(update, i18n.t(info.lang, "settings_usage"))
            return
        info = await context.services.chats.update(info.chat_id, timezone=zone) or info
        _reschedule(context, info)
    await _reply(update, _settings_text(info), reply_markup=_settings_keyboard(info))


async def button(update: Update, context: Context) -> None:
    """Every button press: the /forget buttons, else the /settings keyboard (which answers anything else). One
    handler routes them, as PTB hands a press without data to any pattern."""
    query = update.callback_query
    if query is not None and (query.data or "").startswith(f"{FORGET}:"):
        await forget_button(update, context)
    else:
        await settings_button(update, context)


async def settings_button(update: Update, context: Context) -> None:
    """A button of the /settings keyboard. Its data comes back from the client, so it is checked like typed
    text: anything but a language, a real zone, on/off, all/war or a language to read on/off gets a short note,
    never an error."""
    query = update.callback_query
    if query is None or update.effective_chat is None:  # buttons live on our messages, never inline ones
        return
    current = context.info
    if not await _is_admin(update, context):
        await query.answer(i18n.t(current.lang, "admins_only_settings"))
        return
    field, _, value = clean_input(query.data or "").partition(":")
    info: ChatInfo | None = None
    if field == "lang" and value in i18n.LANGS:
        info = await context.services.chats.update(current.chat_id, lang=value)
    elif field == "tz":
        with contextlib.suppress(ArgumentError):  # a made-up zone leaves `info` None, like any made-up button
            info = await context.services.chats.update(current.chat_id, timezone=parse_zone(value))
    elif field == "alerts" and value in ("on", "off"):
        info = await context.services.chats.update(current.chat_id, front_alerts=value == "on")
    elif field == "news" and value in ("all", "war"):
        info = await context.services.chats.update(current.chat_id, all_news=value == "all")
    elif field == "read" and value in _READ_VALUES:
        code, _, state = value.partition(":")
        reads = tuple(c for c in i18n.LANGS if (c == code and state == "on") or (c != code and c in current.reads))
        if not reads:
            await query.answer(i18n.t(current.lang, "reads_keep_one"))
            return
        info = await context.services.chats.update(current.chat_id, reads=reads)
    if info is None:
        await query.answer(i18n.t(current.lang, "button_stale"))
        return
    await query.answer()
    _reschedule(context, info)
    try:
        await query.edit_message_text(_settings_text(info), reply_markup=_settings_keyboard(info))
    except BadRequest as exc:
        # The button of the setting already in force: Telegram refuses an edit that changes nothing.
        if "not modified" not in str(exc).lower():
            raise


def _reschedule(context: Context, info: ChatInfo) -> None:
    """A new time zone moves the chat's digest times; a new language changes nothing scheduled."""
    if info.subscribed_times:
        context.services.scheduler.schedule_digests_for(info.chat_id, info.subscribed_times, info.timezone)


async def operators_only(update: Update, context: Context) -> None:
    """An operator command from anyone not in FRONTLINE_ADMIN_IDS (app.py gives operators the real handlers)."""
    await _reply(update, i18n.t(context.info.lang, "admin_only_command"))


async def status(update: Update, context: Context) -> None:
    """Operator: the outbox by state, paused chats and failing sources."""
    info = context.info
    for part in render_status(await context.services.pipeline.status(), lang=info.lang):
        await _reply(update, part)


async def retry_parked(update: Update, context: Context) -> None:
    """Operator: put parts that kept failing back in the queue."""
    info = context.info
    count = await context.services.pipeline.retry_parked()
    context.services.deliverer.wake(full=True)
    await _reply(update, i18n.t(info.lang, "retried", count=count))


async def collect_now(update: Update, context: Context) -> None:
    """Operator: one collection pass over every source now, ignoring backoff."""
    info = context.info
    outcomes = await context.services.pipeline.collect_all(force=True)
    failed = [o for o in outcomes if o.error]
    new = sum(o.new_articles for o in outcomes)
    await _reply(update, i18n.t(info.lang, "collected", sources=len(outcomes), new=new, failed=len(failed)))


async def unknown_command(update: Update, context: Context) -> None:
    info = context.info
    await _reply(update, i18n.t(info.lang, "unknown_command"))


def _chat_refused(error: object) -> bool:
    """Telegram refused an answer because of the chat's state (the bot was removed or muted, the message or the
    button is gone): any member can cause that, so it is no failure of the bot to alarm the operator with."""
    if not isinstance(error, Forbidden | BadRequest):
        return False
    description = str(error)
    if isinstance(classify(403 if isinstance(error, Forbidden) else 400, description), ChatUnavailable):
        return True
    return any(gone in description.lower() for gone in _ANSWER_GONE)


async def _lang_after_failure(update: Update, context: Context) -> str:
    """The chat's language for the apology, else the user's: the database may be what failed."""
    chat, user = update.effective_chat, update.effective_user
    fallback = i18n.normalize_lang(user.language_code if user else None)
    try:
        info = await context.services.chats.get(chat.id) if chat is not None else None
    except Exception:  # whatever failed the handler may fail this too; the apology still goes out
        log.warning("chat language unknown after a failure", extra={"chat_id": chat.id if chat else None})
        return fallback
    return info.lang if info is not None else fallback


async def on_error(update: object, context: Context) -> None:
    """Log with the traceback, tell the operator (rate limited), and tell the user something went wrong."""
    if isinstance(context.error, Conflict):
        context.services.conflicts.report(context.error)
        return
    if _chat_refused(context.error):
        chat = update.effective_chat if isinstance(update, Update) else None
        log.warning(
            "telegram refused the answer", extra={"chat_id": chat.id if chat else None, "error": str(context.error)}
        )
        return
    if update is None and isinstance(context.error, NetworkError):
        # Polling hiccups: PTB retries by itself; one line, no traceback, no operator alarm.
        log.warning("polling failed, retrying", extra={"error": str(context.error)})
        return
    log.error("handler failed", exc_info=context.error, extra={"update": type(update).__name__})
    await context.services.notices.report(f"handler failed: {type(context.error).__name__}: {context.error}")
    if isinstance(update, Update) and update.effective_message is not None:
        lang = await _lang_after_failure(update, context)
        try:
            await update.effective_message.reply_text(i18n.t(lang, "error"))
        except TelegramError:
            log.warning("could not tell the user about the error")
