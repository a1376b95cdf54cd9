"""Every reply in the chat's language (issue 12 §4): a Ukrainian and a Russian user drive every command and button
they can, in a private chat and in a group, and no answer holds an English word outside names and the source
attribution, or a catalogue key that was never looked up."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot import i18n
from bot.app import build_application, services_of
from tests.e2e.test_bot import GROUP_ADMIN, USER, _eventually, _settings, _start, _stop
from tests.support.botapi import BotApiServer
from tests.support.language import catalogue_keys, english_words
from tests.support.newsserver import NewsServer

MEMBER, STRANGER = 1007, 1008
GROUP = -4501
# Everything a private chat can ask, the operator's commands included (USER is an operator), with odd arguments.
PRIVATE = ["/start", "/help", "/subscribe", "/subscribe 25:00", "/subscribe @nosuchchannel 08:00", "/unsubscribe",
           "/unsubscribe", "/digest 400d", "/digest yesterday", "/summary", "/summary %", "/filter", "/filter {only}",
           "/filter {only} Курськ", "/filter {hide} Курськ", "/filter {hide} %", "/filter {clear}", "/sources",
           "/settings", "/settings Mars/Olympus", "/privacy", "/forget", "/status", "/retry", "/collect",
           "/front someday", "/front 2025-07", "/add", "/add 10.0.0.1/feed", "/remove nothing",
           "/export", "/import", "/nosuchcommand"]  # fmt: skip
# What a member who is no administrator can ask in a group.
GROUP_MEMBER = ["/subscribe", "/unsubscribe", "/settings", "/filter {only} Курськ", "/forget", "/privacy", "/help"]
# /front's own text is rewritten on another branch (issue 12); until it lands, its English attribution line is the
# one English this test lets through.
KNOWN_ELSEWHERE = "Source: DeepStateMAP"
WORDS = {"uk": {"only": "тільки", "hide": "сховати", "clear": "очистити"},
         "ru": {"only": "только", "hide": "скрыть", "clear": "очистить"}}  # fmt: skip


@pytest.mark.parametrize("lang", ["uk", "ru"])
async def test_every_reply_is_in_the_chats_language(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, lang: str
) -> None:
    settings = _settings(botapi, news, tmp_path)
    application = build_application(replace(settings, commands=replace(settings.commands, per_user_per_minute=100)))
    services = services_of(application)
    botapi.register_chat(USER, "private")
    await _start(application)

    async def press(user: int, chat: int, data: str, message_id: int) -> None:
        answered = len(botapi.callback_answers)
        botapi.push_callback(user, chat, data, message_id=message_id, lang=lang)
        await _eventually(lambda: len(botapi.callback_answers) > answered)

    try:
        await services.pipeline.collect_all(force=True)
        for text in PRIVATE:
            sent = len(botapi.messages(USER))
            botapi.push_command(USER, None, text.format(**WORDS[lang]), lang=lang)
            await botapi.wait_for_messages(USER, sent + 1)
        botapi.push_command(STRANGER, None, "/status", lang=lang)  # no operator
        await botapi.wait_for_messages(STRANGER, 1)

        # Buttons: the settings keyboard (a real, a forged and the last language to read), and /forget's.
        menu = next(m for m in reversed(botapi.messages(USER)) if "lang:uk" in m.buttons)
        forget = next(m for m in reversed(botapi.messages(USER)) if "forget:no" in m.buttons)
        for data, message in (("alerts:on", menu), ("lang:xx", menu), (f"read:{lang}:off", menu),
                              ("read:en:off", menu), ("forget:no", forget)):  # fmt: skip
            await press(USER, USER, data, message.message_id)

        # A group: added by a user who writes in `lang`; a member who is no administrator tries what admins do.
        botapi.register_chat(GROUP, "group", admins={GROUP_ADMIN})
        botapi.push_my_chat_member(GROUP, "member", chat_type="group", by_user=GROUP_ADMIN, lang=lang)
        botapi.register_chat(GROUP, "group", admins={GROUP_ADMIN})
        await botapi.wait_for_messages(GROUP, 1)
        for text in GROUP_MEMBER:
            sent = len(botapi.messages(GROUP))
            botapi.push_command(MEMBER, GROUP, text.format(**WORDS[lang]), chat_type="group", lang=lang)
            await botapi.wait_for_messages(GROUP, sent + 1)
        await press(MEMBER, GROUP, "lang:en", 1)
        await _eventually(lambda: services.deliverer.idle)
    finally:
        await _stop(application)

    names = [source.name for source in settings.sources] + [source.key for source in settings.sources]
    names += ["someday", "nothing", KNOWN_ELSEWHERE]  # what the user typed, echoed; see KNOWN_ELSEWHERE
    replies = [(m.text, m.labels) for m in botapi.accepted + botapi.edits]
    answers = [str(a.get("text") or "") for a in botapi.callback_answers]
    assert len(replies) >= len(PRIVATE) + len(GROUP_MEMBER) + 2
    found = {
        text: english_words(" ".join([text, *labels]), names) + catalogue_keys(text)
        for text, labels in replies + [(answer, ()) for answer in answers]
    }
    assert {text: words for text, words in found.items() if words} == {}
    # The replies were the chat's own, not the catalogue's fallback.
    assert i18n.t(lang, "admins_only_settings") in [m.text for m in botapi.messages(GROUP)]
    assert i18n.t(lang, "admin_only_command") in [m.text for m in botapi.messages(STRANGER)]
