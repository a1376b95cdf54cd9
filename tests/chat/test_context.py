"""The handlers' context cleans a command's words as PTB hands them over."""

from __future__ import annotations

from telegram.ext import ApplicationBuilder

from bot.chat.context import Context


def test_command_words_are_cleaned_as_they_are_set() -> None:
    context = Context(ApplicationBuilder().token("1:x").build())
    assert context.args is None
    context.args = ["Kur\x00sk", "\x00\x1b", "\ud800", "Киі\u0308в"]
    assert context.args == ["Kursk", "\ufffd", "Київ"]
