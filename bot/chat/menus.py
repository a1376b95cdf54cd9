"""What Telegram shows of the bot before anyone writes: the command menus and the profile texts, per language.

Menus by scope: private chats get every user command; in groups, members get what any member may use and
administrators also what changes the chat; each operator's private chat adds the operator commands. Every menu
and text is set for each catalogue language (`language_code`) and, in English, for everyone else. Deep links
(t.me/<bot>?start=subscribe, ?startgroup=subscribe, ?startchannel) are built here too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import BadRequest, Forbidden

from bot import i18n

log = logging.getLogger(__name__)

GROUP_COMMANDS = ("digest", "summary", "front", "sources", "privacy", "help")
CHAT_ADMIN_COMMANDS = ("subscribe", "unsubscribe", "settings", "filter", "add", "remove", "import", "export", "forget")
PRIVATE_COMMANDS = ("digest", "summary", "subscribe", "unsubscribe", "front", "sources", "add", "remove", "import",
                    "export", "settings", "filter", "privacy", "forget", "help")  # fmt: skip
OPERATOR_COMMANDS = ("status", "retry", "collect")

# The deep-link payload that subscribes in one tap (/start subscribe, also sent in a group added by the link).
SUBSCRIBE_PAYLOAD = "subscribe"
# A channel takes posts only from administrators with the right to post: the link asks for exactly that.
CHANNEL_RIGHTS = "post_messages"


def command_list(names: Iterable[str], lang: str) -> list[BotCommand]:
    return [BotCommand(name, i18n.t(lang, f"cmd_{name}")) for name in names]


def menus(admin_ids: Iterable[int]) -> list[tuple[BotCommandScope, tuple[str, ...]]]:
    """Each scope with the commands its menu lists."""
    scoped: list[tuple[BotCommandScope, tuple[str, ...]]] = [
        (BotCommandScopeAllPrivateChats(), PRIVATE_COMMANDS),
        (BotCommandScopeAllGroupChats(), GROUP_COMMANDS),
        (BotCommandScopeAllChatAdministrators(), GROUP_COMMANDS + CHAT_ADMIN_COMMANDS),
    ]
    scoped += [(BotCommandScopeChat(admin), PRIVATE_COMMANDS + OPERATOR_COMMANDS) for admin in sorted(set(admin_ids))]
    return scoped


def _variants() -> list[tuple[str | None, str]]:
    """(language_code, catalogue language): each language the catalogue has, and English for the rest."""
    return [(None, i18n.DEFAULT_LANG), *((code, code) for code in i18n.LANGS)]


async def publish(bot: Bot, admin_ids: Iterable[int]) -> None:
    """Set the menus and the profile texts. An operator's private chat Telegram does not know yet (they never
    wrote to the bot) is skipped with a warning; any other refusal fails the start like getMe would."""
    for code, lang in _variants():
        await bot.set_my_description(i18n.t(lang, "bot_description"), language_code=code)
        await bot.set_my_short_description(i18n.t(lang, "bot_short_description"), language_code=code)
    for scope, names in menus(admin_ids):
        try:
            for code, lang in _variants():
                await bot.set_my_commands(command_list(names, lang), scope=scope, language_code=code)
        except (BadRequest, Forbidden) as exc:
            if not isinstance(scope, BotCommandScopeChat):
                raise
            log.warning("operator menu not set", extra={"chat_id": scope.chat_id, "error": str(exc)})


def deep_links(username: str) -> dict[str, str]:
    """t.me links that subscribe a private chat in one tap, and add the bot to a group (where it subscribes once
    there) or to a channel (with the right to post)."""
    base = f"https://t.me/{username}"
    return {
        "subscribe": f"{base}?start={SUBSCRIBE_PAYLOAD}",
        "group": f"{base}?startgroup={SUBSCRIBE_PAYLOAD}",
        "channel": f"{base}?startchannel&admin={CHANNEL_RIGHTS}",
    }
