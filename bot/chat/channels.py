"""Channels are subscribed from a private chat: `/subscribe @channel 08:00`. Telegram has to confirm that the
bot can post there and that the user administers the channel."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Bot
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden

from bot.chat.args import clean_input

_USERNAME = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


class ChannelRefused(Exception):
    """Why the channel can't be subscribed; `key` is the message id in bot.i18n."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class Channel:
    chat_id: int
    title: str


def is_channel_ref(arg: str) -> bool:
    return arg.startswith("@")


async def channel_for_admin(bot: Bot, ref: str | int, user_id: int, *, bot_must_post: bool = True) -> Channel:
    """The channel `ref` (@name, or its id from a button of ours) if `user_id` administers it and, unless
    `bot_must_post` is False, the bot posts there as an admin."""
    if isinstance(ref, str) and not _USERNAME.fullmatch(ref):
        raise ChannelRefused("channel_not_found")
    try:
        chat = await bot.get_chat(ref)
        if chat.type != ChatType.CHANNEL:
            raise ChannelRefused("channel_not_found")
        me = await bot.get_chat_member(chat.id, bot.id) if bot_must_post else None
        user = await bot.get_chat_member(chat.id, user_id)
    except (BadRequest, Forbidden) as exc:
        raise ChannelRefused("channel_not_found") from exc
    if me is not None and me.status not in _ADMINS:
        raise ChannelRefused("channel_bot_not_admin")
    if user.status not in _ADMINS:
        raise ChannelRefused("channel_user_not_admin")
    return Channel(chat.id, clean_input(chat.title or "") or str(ref))  # the title is the channel owner's text
