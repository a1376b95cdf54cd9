"""Telegram's conventions (issue 12 §4): menus and profile per language and scope, deep links, /privacy and
/forget, forum topics, a chosen language that sticks, and the welcome in a group. The whole bot against the local
Bot API server, as in test_bot."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import i18n
from bot.app import build_application, services_of
from bot.chat.menus import CHAT_ADMIN_COMMANDS, GROUP_COMMANDS, OPERATOR_COMMANDS, PRIVATE_COMMANDS
from bot.store.deliveries import enqueue_digest
from bot.store.models import ChatRow, DeliveryRow, DigestRow, SubscriptionRow
from tests.e2e.test_bot import GROUP_ADMIN, USER, _eventually, _fire_digests, _settings, _start, _stop
from tests.support.botapi import BotApiServer
from tests.support.newsserver import NewsServer
from tests.support.tgjson import BOT_USER

FORUM = -1005001
MEMBER = 1006
NEVER_SEEN_OPERATOR = 1099  # an operator who never wrote to the bot: Telegram knows no chat with them yet


async def test_menus_and_profile_in_every_language_and_scope(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.register_chat(USER, "private")
    settings = _settings(botapi, news, tmp_path)
    settings = replace(settings, env=settings.env.model_copy(update={"admin_ids": [USER, NEVER_SEEN_OPERATOR]}))
    application = build_application(settings)
    await _start(application)
    await _stop(application)
    for code in (None, "en", "uk", "ru"):
        lang = code or "en"
        assert botapi.menu(scope="all_private_chats", lang=code) == list(PRIVATE_COMMANDS)
        assert botapi.menu(scope="all_group_chats", lang=code) == list(GROUP_COMMANDS)
        assert botapi.menu(scope="all_chat_administrators", lang=code) == list(GROUP_COMMANDS + CHAT_ADMIN_COMMANDS)
        assert botapi.menu(scope="chat", chat_id=USER, lang=code) == list(PRIVATE_COMMANDS + OPERATOR_COMMANDS)
        described = [c for c in botapi.commands if (c.get("language_code") or None) == code]
        assert {d["command"]: d["description"] for c in described for d in c["commands"]} == {
            name: i18n.t(lang, f"cmd_{name}") for name in PRIVATE_COMMANDS + CHAT_ADMIN_COMMANDS + OPERATOR_COMMANDS
        }
        for method, key in (("setMyDescription", "bot_description"),
                            ("setMyShortDescription", "bot_short_description")):  # fmt: skip
            assert botapi.descriptions[(method, code or "")] == i18n.t(lang, key)
    # Members of a group are not offered what only administrators may do, nor anyone the operator commands.
    assert not set(GROUP_COMMANDS) & {"subscribe", "settings", "forget", *OPERATOR_COMMANDS}
    assert not set(PRIVATE_COMMANDS) & set(OPERATOR_COMMANDS)
    # The operator who never wrote gets no menu of their own, and the bot starts anyway, with one line why.
    assert not [c for c in botapi.commands if (c.get("scope") or {}).get("chat_id") == NEVER_SEEN_OPERATOR]
    assert [r for r in caplog.records if r.getMessage() == "operator menu not set"]


async def test_deep_links_subscribe_in_one_tap(botapi: BotApiServer, news: NewsServer, tmp_path: Path) -> None:
    group = -4101
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)
    try:
        botapi.push_command(USER, None, "/start", lang="uk")
        [hello] = await botapi.wait_for_messages(USER, 1)
        bot_link = f"https://t.me/{BOT_USER['username']}"
        assert f'href="{bot_link}?startgroup=subscribe"' in hello.raw
        assert f'href="{bot_link}?startchannel&amp;admin=post_messages"' in hello.raw
        assert "Додати мене до групи" in hello.text

        # t.me/<bot>?start=subscribe: Telegram sends "/start subscribe"; that one tap subscribes.
        botapi.push_command(MEMBER, None, "/start subscribe", lang="ru")
        [subscribed] = await botapi.wait_for_messages(MEMBER, 1)
        assert subscribed.text == i18n.t("ru", "subscribed", times="08:00, 20:00", tz="Europe/Kyiv")
        assert sorted(job.name for job in application.job_queue.get_jobs_by_name(f"digest:{MEMBER}"))

        # t.me/<bot>?startgroup=subscribe: the bot joins, then Telegram sends "/start@bot subscribe" from the adder.
        botapi.register_chat(group, "group", admins={GROUP_ADMIN})
        botapi.push_my_chat_member(group, "member", chat_type="group", by_user=GROUP_ADMIN, lang="uk")
        botapi.register_chat(group, "group", admins={GROUP_ADMIN})
        botapi.push_command(GROUP_ADMIN, group, f"/start@{BOT_USER['username']} subscribe", chat_type="group",
                            lang="uk")  # fmt: skip
        welcome, confirmed = await botapi.wait_for_messages(group, 2)
        assert welcome.text == i18n.t("uk", "group_welcome")
        assert confirmed.text == i18n.t("uk", "subscribed", times="08:00, 20:00", tz="Europe/Kyiv")
        async with services.db.session() as session:
            subs = {s.chat_id: s.active for s in (await session.scalars(select(SubscriptionRow))).all()}
        assert subs == {MEMBER: True, group: True}
    finally:
        await _stop(application)


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
async def test_a_group_is_welcomed_once_in_the_language_of_whoever_added_the_bot(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, lang: str
) -> None:
    group, supergroup = -4201, -1004201
    application = build_application(_settings(botapi, news, tmp_path))
    await _start(application)
    try:
        botapi.push_my_chat_member(group, "member", chat_type="group", lang=lang)
        botapi.push_my_chat_member(group, "administrator", old_status="member", chat_type="group", lang="en")
        botapi.push_my_chat_member(supergroup, "administrator", chat_type="supergroup", lang=lang)
        botapi.push_command(GROUP_ADMIN, None, "/help")  # answered once the updates before it were handled
        await botapi.wait_for_messages(GROUP_ADMIN, 1)
        await _eventually(lambda: len(botapi.messages(supergroup)) == 1)
        assert [m.text for m in botapi.messages(group)] == [i18n.t(lang, "group_welcome")]  # promoted: no repeat
        assert [m.text for m in botapi.messages(supergroup)] == [i18n.t(lang, "group_welcome")]
        # Removed and added again: welcomed again. Added to a channel: nothing is posted to its readers.
        botapi.push_my_chat_member(group, "left", old_status="administrator", chat_type="group")
        botapi.push_my_chat_member(group, "member", chat_type="group", lang=lang)
        botapi.push_my_chat_member(-1004301, "administrator", chat_type="channel", lang=lang)
        await _eventually(lambda: len(botapi.messages(group)) == 2)
        botapi.push_command(GROUP_ADMIN, None, "/help")
        await botapi.wait_for_messages(GROUP_ADMIN, 2)
        assert not botapi.messages(-1004301)
    finally:
        await _stop(application)


async def test_start_keeps_the_language_chosen_in_settings(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    application = build_application(_settings(botapi, news, tmp_path))
    await _start(application)

    async def say(text: str, lang: str) -> str:
        botapi.push_command(USER, None, text, lang=lang)
        return (await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1))[-1].text

    try:
        assert (await say("/start", "en")).startswith("Hello!")
        assert (await say("/start", "ru")).startswith("Здравствуйте!")  # not chosen: follows Telegram's language
        botapi.push_command(USER, None, "/settings", lang="ru")
        menu = (await botapi.wait_for_messages(USER, 3))[-1]
        botapi.push_callback(USER, USER, "lang:uk", message_id=menu.message_id, lang="ru")
        await _eventually(lambda: len(botapi.edits) == 1)
        for telegram_lang in ("en", "ru", "uk"):
            assert (await say("/start", telegram_lang)).startswith("Вітаю!"), telegram_lang
    finally:
        await _stop(application)


async def test_privacy_and_forget(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, database_url: str
) -> None:
    group = -4401
    application = build_application(_settings(botapi, news, tmp_path, database_url))
    services = services_of(application)
    await _start(application)

    async def rows(chat_id: int) -> dict[str, int]:
        async with services.db.session() as session:
            counts = {}
            for name, column in (("chats", ChatRow.id), ("subscriptions", SubscriptionRow.chat_id),
                                 ("digests", DigestRow.chat_id), ("deliveries", DeliveryRow.chat_id)):  # fmt: skip
                counts[name] = int(await session.scalar(select(func.count()).where(column == chat_id)) or 0)
            counts["pending"] = int(await session.scalar(
                select(func.count()).where(DeliveryRow.chat_id == chat_id, DeliveryRow.state == "pending")
            ) or 0)  # fmt: skip
        return counts

    async def said(user: int, text: str) -> str:
        botapi.push_command(user, group, text, chat_type="group", lang="uk")
        return (await botapi.wait_for_messages(group, len(botapi.messages(group)) + 1))[-1].text

    try:
        botapi.register_chat(group, "group", admins={GROUP_ADMIN})
        assert "Підписку оформлено" in await said(GROUP_ADMIN, "/subscribe 09:00")
        assert "Лише про: Kursk" in await said(GROUP_ADMIN, "/filter тільки Kursk")
        assert "Europe/Vienna" in await said(GROUP_ADMIN, "/settings Europe/Vienna")
        privacy = await said(MEMBER, "/privacy")
        assert privacy.startswith("Що я зберігаю про цей чат") and "/forget" in privacy
        assert await said(MEMBER, "/forget") == i18n.t("uk", "admins_only_forget")
        # A backlog: a group takes 20 messages a minute, so most of these wait in the outbox.
        async with services.db.session() as session:
            now = services.clock()
            await enqueue_digest(session, chat_id=group, kind="scheduled", lang="uk", since=now - timedelta(hours=1),
                                 until=now, parts=[f"частина {n}" for n in range(30)])  # fmt: skip
        services.deliverer.wake()
        before = await rows(group)
        assert before["chats"] == before["subscriptions"] == 1 and before["pending"] > 0
        botapi.push_command(GROUP_ADMIN, group, "/forget", chat_type="group", lang="uk")
        await _eventually(lambda: any(m.text == i18n.t("uk", "forget_confirm") for m in botapi.messages(group)))
        confirm = next(m for m in botapi.messages(group) if m.text == i18n.t("uk", "forget_confirm"))
        assert confirm.buttons == ("forget:yes", "forget:no")
        assert confirm.labels == (i18n.t("uk", "forget_yes"), i18n.t("uk", "forget_no"))

        # A member's press deletes nothing; "keep" deletes nothing.
        answered = len(botapi.callback_answers)
        botapi.push_callback(MEMBER, group, "forget:yes", message_id=confirm.message_id, lang="uk")
        await _eventually(lambda: len(botapi.callback_answers) > answered)
        assert botapi.callback_answers[-1]["text"] == i18n.t("uk", "admins_only_forget")
        botapi.push_callback(GROUP_ADMIN, group, "forget:no", message_id=confirm.message_id, lang="uk")
        await _eventually(lambda: len(botapi.edits) == 1)
        assert botapi.edits[-1].text == i18n.t("uk", "forget_kept")
        assert (await rows(group))["subscriptions"] == 1

        botapi.push_callback(GROUP_ADMIN, group, "forget:yes", message_id=confirm.message_id, lang="uk")
        await _eventually(lambda: len(botapi.edits) == 2)
        assert botapi.edits[-1].text == i18n.t("uk", "forgotten")
        assert await rows(group) == {"chats": 0, "subscriptions": 0, "digests": 0, "deliveries": 0, "pending": 0}
        assert not application.job_queue.get_jobs_by_name(f"digest:{group}")
        assert len(services.deliverer.outbox) == 0
        # A part that was in flight during /forget is recorded into nothing: no error, nothing comes back.
        await _eventually(lambda: services.deliverer.idle)
        assert await rows(group) == {"chats": 0, "subscriptions": 0, "digests": 0, "deliveries": 0, "pending": 0}
        sent = len([m for m in botapi.messages(group) if m.text.startswith("частина")])
        assert sent < 30
        # The next command starts afresh: a new chat with the defaults.
        botapi.push_command(GROUP_ADMIN, group, "/settings", chat_type="group", lang="ru")
        fresh = (await botapi.wait_for_messages(group, len(botapi.messages(group)) + 1))[-1]
        assert "Europe/Kyiv" in fresh.text and "Настройки" in fresh.text
    finally:
        await _stop(application)


async def test_digests_go_to_the_forum_topic_and_to_general_once_it_is_deleted(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, database_url: str
) -> None:
    application = build_application(_settings(botapi, news, tmp_path, database_url))
    services = services_of(application)
    await _start(application)
    try:
        await services.pipeline.collect_all(force=True)
        botapi.register_chat(FORUM, "supergroup", admins={GROUP_ADMIN})
        topic = botapi.open_topic(FORUM)
        botapi.push_command(GROUP_ADMIN, FORUM, "/subscribe 09:30", chat_type="supergroup", thread_id=topic,
                            lang="uk")  # fmt: skip
        [confirmed] = await botapi.wait_for_messages(FORUM, 1)
        assert confirmed.thread_id == topic  # the answer stays in the topic
        assert confirmed.text == i18n.t("uk", "subscribed_topic", times="09:30", tz="Europe/Kyiv")

        await _fire_digests(application, FORUM, "09:30")
        digest = (await botapi.wait_for_messages(FORUM, 2))[1]
        await _eventually(lambda: services.deliverer.idle)
        assert "Frontline Digest" in digest.text
        assert {m.thread_id for m in botapi.messages(FORUM)} == {topic}

        botapi.delete_topic(FORUM, topic)
        arrived = []
        for _ in range(2):  # typed in General; every digest of the chat goes where it subscribed
            before = len(botapi.messages(FORUM))
            botapi.push_command(GROUP_ADMIN, FORUM, "/digest 24h", chat_type="supergroup")
            await botapi.wait_for_messages(FORUM, before + 1)
            await _eventually(lambda: services.deliverer.idle)
            arrived.append(botapi.messages(FORUM)[before:])
        assert all(m.thread_id is None for batch in arrived for m in batch)
        notices = [[m for m in batch if m.text == i18n.t("uk", "topic_gone")] for batch in arrived]
        assert [len(n) for n in notices] == [1, 0]  # the admins are told once
        assert all("Frontline Digest" in batch[0].text for batch in arrived)
        async with services.db.session() as session:
            sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == FORUM))
            assert sub is not None and sub.active and sub.thread_id is None
            parked = await session.scalar(select(func.count()).where(DeliveryRow.state == "parked"))
            assert parked == 0

        # /subscribe in another topic moves them there.
        other = botapi.open_topic(FORUM)
        before = len(botapi.messages(FORUM))
        botapi.push_command(GROUP_ADMIN, FORUM, "/subscribe 09:45", chat_type="supergroup", thread_id=other)
        await botapi.wait_for_messages(FORUM, before + 1)
        botapi.push_command(GROUP_ADMIN, FORUM, "/digest 24h", chat_type="supergroup")
        assert (await botapi.wait_for_messages(FORUM, before + 2))[-1].thread_id == other
    finally:
        await _stop(application)


async def test_the_apology_after_a_failure_is_in_the_chats_language(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    group = -4601
    application = build_application(_settings(botapi, news, tmp_path))
    await _start(application)
    try:
        botapi.register_chat(group, "group", admins={GROUP_ADMIN})
        botapi.push_command(GROUP_ADMIN, group, "/help", chat_type="group", lang="ru")  # the group is Russian now
        await botapi.wait_for_messages(group, 1)
        botapi.fail(group, "bad_html", methods={"sendMessage"}, times=1)  # our own answer fails once
        botapi.push_command(MEMBER, group, "/help", chat_type="group", lang="en")
        assert (await botapi.wait_for_messages(group, 2))[-1].text == i18n.t("ru", "error")
    finally:
        await _stop(application)
