"""The whole bot against a local Bot API server and a local news site.

The Application is the one `frontline-digest run` builds; only the URLs point at 127.0.0.1. Nothing here waits
for the wall clock: scheduled digests are fired by running their job, and every wait for the bot is bounded
only so that a broken bot fails instead of hanging (WAIT_S; a correct bot is never near it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import build_application, services_of
from bot.collect.frontmap import DeepStateSource, PollOutcome
from bot.config import EnvSettings, Settings
from bot.domain import SourceSpec
from bot.front.service import FrontService
from bot.logs import setup_logging
from bot.store.models import ChatRow, SubscriptionRow
from tests.conftest import FIXTURES
from tests.support.botapi import BotApiServer
from tests.support.databases import BACKENDS, fresh_database_url
from tests.support.hostile import HOSTILE, is_clean
from tests.support.newsserver import NewsServer

KYIV = ZoneInfo("Europe/Kyiv")
WAIT_S = 60.0
USER = 1001
BLOCKED_USER = 1002
GROUP, SUPERGROUP = -2001, -1002001
GROUP_ADMIN = 1003


@pytest.fixture
async def news() -> AsyncIterator[NewsServer]:
    async with NewsServer() as server:
        for name in ("en", "uk", "ru"):
            server.add(
                f"/{name}.xml",
                (FIXTURES / "e2e" / f"{name}.xml").read_bytes(),
                content_type="application/rss+xml",
            )
        yield server


def _settings(botapi: BotApiServer, news: NewsServer, tmp_path: Path, database_url: str | None = None) -> Settings:
    env = EnvSettings(
        bot_token=botapi.token,
        bot_api_url=botapi.url,
        bot_api_file_url=botapi.file_url,
        database_url=database_url or f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        admin_ids=[USER],
        front_api_url=news.url("/api/history"),  # the bot's hourly map poll stays on this machine too
    )
    sources = tuple(
        SourceSpec(key=f"test-{lang}", name=name, url=news.url(f"/{lang}.xml"), lang=lang, full_text=False)
        for lang, name in (("en", "Frontline Wire"), ("uk", "Фронтові новини"), ("ru", "Независимые новости"))
    )
    return Settings(env=env, sources=sources)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """setup_logging replaces the root handlers; put pytest's back so later tests are not flooded."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    telegram_level = logging.getLogger("telegram").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("telegram").setLevel(telegram_level)


async def _start(application: Any) -> None:
    await application.initialize()
    await application.post_init(application)
    await application.start()
    # The jobs stay scheduled (tests read them) but never fire by the clock: a test runs the ones it needs, so
    # no collection, map poll or gazetteer build lands in the middle of it at a moment the machine's load picks.
    application.job_queue.scheduler.pause()
    # As run_polling does: errors while fetching updates go to the application's error handler.
    await application.updater.start_polling(
        poll_interval=0.0,
        timeout=1,
        error_callback=lambda exc: application.create_task(application.process_error(update=None, error=exc)),
    )


async def _stop(application: Any) -> None:
    await application.updater.stop()
    await application.stop()
    await application.post_shutdown(application)
    await application.shutdown()


async def _eventually(condition: Callable[[], bool | Awaitable[bool]]) -> None:
    """Wait for something the bot does in the background; the bound only ends a failing test."""
    async with asyncio.timeout(WAIT_S):
        while True:
            met = condition()
            if await met if isinstance(met, Awaitable) else met:
                return
            await asyncio.sleep(0.05)


async def _fire_digests(application: Any, chat_id: int, at: str) -> None:
    """The chat's digest job is scheduled at `at` (local time); run it now, as the JobQueue would then."""
    jobs = application.job_queue.get_jobs_by_name(f"digest:{chat_id}")
    assert [job.next_t.astimezone(KYIV).strftime("%H:%M") for job in jobs] == [at]
    await jobs[0].run(application)


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async for url in fresh_database_url(request.param, tmp_path):
        yield url


async def test_a_user_subscribes_gets_digests_and_summaries(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, database_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(botapi, news, tmp_path, database_url)
    setup_logging("DEBUG", secrets=[botapi.token])
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    application = build_application(settings)
    services = services_of(application)
    await _start(application)
    try:
        await services.pipeline.collect_all(force=True)

        botapi.push_command(USER, None, "/start", lang="uk")
        [greeting] = await botapi.wait_for_messages(USER, 1)
        assert "Frontline Digest" in greeting.text and "Вітаю" in greeting.text

        botapi.push_command(USER, None, "/subscribe 09:30", lang="uk")
        confirmation = (await botapi.wait_for_messages(USER, 2))[1]
        assert "Europe/Kyiv" in confirmation.text

        # The scheduled digest, from the job the JobQueue holds: in Ukrainian, with its sources as links.
        await _fire_digests(application, USER, "09:30")
        scheduled = (await botapi.wait_for_messages(USER, 3))[2]
        assert "Frontline Digest" in scheduled.text
        assert "Курщин" in scheduled.text or "Курськ" in scheduled.text
        assert 'href="https://wire.example/news/kursk-advance"' in scheduled.raw  # tracking stripped

        botapi.push_command(USER, None, "/digest 24h", lang="uk")
        on_demand = (await botapi.wait_for_messages(USER, 4))[3]
        assert "Frontline Digest" in on_demand.text

        botapi.push_command(USER, None, "/summary Kursk", lang="uk")
        summary = (await botapi.wait_for_messages(USER, 5))[4]
        assert "Kursk" in summary.text
        assert "Суджа" in summary.text or "Sudzha" in summary.text or "Суджу" in summary.text
        assert "Київ" not in summary.text  # the drone story is not about Kursk

        # Filters shape the chat's digests: only Kyiv, then everything but Kyiv.
        botapi.push_command(USER, None, "/filter only Kyiv", lang="uk")
        await botapi.wait_for_messages(USER, 5 + 1)
        botapi.push_command(USER, None, "/digest 24h", lang="uk")
        only_kyiv = (await botapi.wait_for_messages(USER, 7))[6]
        assert ("Київ" in only_kyiv.text or "Kyiv" in only_kyiv.text) and "Покровськ" not in only_kyiv.text
        botapi.push_command(USER, None, "/filter clear", lang="uk")
        await botapi.wait_for_messages(USER, 8)
        botapi.push_command(USER, None, "/filter hide Київ", lang="uk")
        hidden = (await botapi.wait_for_messages(USER, 9))[8]
        assert "Київ" in hidden.text  # the chat's filters, as they now are
        botapi.push_command(USER, None, "/filter only", lang="uk")  # no terms: the usage line
        assert "/filter" in (await botapi.wait_for_messages(USER, 10))[9].text
        botapi.push_command(USER, None, "/digest 24h", lang="uk")
        no_kyiv = (await botapi.wait_for_messages(USER, 11))[10]
        assert "Курщин" in no_kyiv.text and "Атака дронів" not in no_kyiv.text and "Drone attack" not in no_kyiv.text
        botapi.push_command(USER, None, "/filter clear", lang="uk")
        await botapi.wait_for_messages(USER, 12)
        base = 12 - 5  # the messages the filter steps added

        botapi.push_command(USER, None, "/summary", lang="uk")
        usage = (await botapi.wait_for_messages(USER, 6 + base))[5 + base]
        assert "/summary" in usage.text

        botapi.push_command(USER, None, "/unsubscribe", lang="uk")
        bye = (await botapi.wait_for_messages(USER, 7 + base))[6 + base]
        assert "/subscribe" in bye.text
        async with services.db.session() as session:
            sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == USER))
            assert sub is not None and not sub.active
        assert not application.job_queue.get_jobs_by_name(f"digest:{USER}")
    finally:
        await _stop(application)
    logged = capfd.readouterr().err
    assert "digest enqueued" in logged
    assert botapi.token not in logged
    assert botapi.token.split(":")[1] not in logged


async def test_blocked_user_and_migrated_group(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    settings = _settings(botapi, news, tmp_path)
    application = build_application(settings)
    services = services_of(application)
    await _start(application)
    try:
        await services.pipeline.collect_all(force=True)
        at = "08:15"

        botapi.push_command(BLOCKED_USER, None, f"/subscribe {at}")
        await botapi.wait_for_messages(BLOCKED_USER, 1)
        botapi.register_chat(GROUP, "group", admins={GROUP_ADMIN})
        botapi.push_command(GROUP_ADMIN, GROUP, f"/subscribe {at}", chat_type="group")
        await botapi.wait_for_messages(GROUP, 1)

        botapi.fail(BLOCKED_USER, "blocked")
        botapi.fail(GROUP, "migrate", migrate_to=SUPERGROUP)
        botapi.register_chat(SUPERGROUP, "supergroup")

        # The group's digest lands in the supergroup it became; the blocked user stops the bot from trying.
        await _fire_digests(application, BLOCKED_USER, at)
        await _fire_digests(application, GROUP, at)
        digest = await botapi.wait_for_messages(SUPERGROUP, 1)
        assert "Frontline Digest" in digest[0].text
        await _eventually(lambda: services.deliverer.idle)  # the blocked user's part was refused by now too
        async with services.db.session() as session:
            blocked = await session.get(ChatRow, BLOCKED_USER)
            assert blocked is not None and blocked.status == "blocked"
            moved = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == SUPERGROUP))
            assert moved is not None and moved.active
        assert len(botapi.messages(BLOCKED_USER)) == 1  # only the confirmation, before the block
    finally:
        await _stop(application)


async def test_odd_arguments_get_one_line_of_help(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    application = build_application(_settings(botapi, news, tmp_path))
    await _start(application)
    try:
        cases = [
            "/subscribe 25:00",
            "/subscribe soon",
            "/digest yesterday",
            "/digest 400d",
            "/summary " + "x" * 300,
            "/settings Mars/Olympus",
            "/collect",
            "/nosuchcommand",
        ]
        for i, text in enumerate(cases, 1):
            botapi.push_command(USER, None, text)
            reply = (await botapi.wait_for_messages(USER, i))[-1]
            assert reply.text and "Traceback" not in reply.text, text
    finally:
        await _stop(application)


async def test_front_command_and_alert_setting(botapi: BotApiServer, news: NewsServer, tmp_path: Path) -> None:
    maps = {day: (FIXTURES / "front" / f"deepstate_last_{day}.json").read_bytes() for day in ("20250630", "20250701")}
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)
    try:
        # Two maps a day apart, stored by a poller whose clock we move (the bot's own polls at most hourly).
        now = [datetime(2025, 6, 30, 21, tzinfo=UTC)]
        poller = FrontService(services.db, services.http, clock=lambda: now[0],
                              source=DeepStateSource(news.url("/api/history")))  # fmt: skip
        for day, body in maps.items():
            news.add("/api/history/last", body, content_type="application/json")
            now[0] = datetime.strptime(day, "%Y%m%d").replace(hour=21, tzinfo=UTC)
            assert await poller.poll() is PollOutcome.NEW

        botapi.push_command(USER, None, "/front 2025-07", lang="en")
        [picture, *_] = await botapi.wait_for_messages(USER, 1)
        await _eventually(lambda: services.deliverer.idle)  # the report's text parts follow the photo
        assert picture.method == "sendPhoto" and picture.photo_size > 10_000
        text = " ".join(m.text for m in botapi.messages(USER))
        assert "km²" in text and "DeepStateMAP" in text

        for odd in ("/front someday", "/front week extra"):
            botapi.push_command(USER, None, odd, lang="en")
            await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1)
            assert "YYYY-MM" in botapi.messages(USER)[-1].text or "today" in botapi.messages(USER)[-1].text

        botapi.push_command(USER, None, "/settings", lang="en")
        await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1)
        assert "Time zone: Europe/Kyiv" in botapi.messages(USER)[-1].text
        assert "alerts:on" in botapi.messages(USER)[-1].buttons  # the alerts toggle is a button, off at first
        botapi.push_callback(USER, USER, "alerts:on", message_id=botapi.messages(USER)[-1].message_id)
        botapi.push_callback(USER, USER, "lang:uk", message_id=botapi.messages(USER)[-1].message_id)
        await _eventually(lambda: len(botapi.edits) >= 2)
        assert "Налаштування" in botapi.edits[-1].text and "alerts:off" in botapi.edits[-1].buttons
        async with services.db.session() as session:
            sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == USER))
            chat = await session.get(ChatRow, USER)
            assert sub is not None and sub.front_alerts and not sub.active  # alerts without digests
            assert chat is not None and chat.lang == "uk"
    finally:
        await _stop(application)


async def test_a_restart_picks_schedules_up_from_the_database(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    settings = _settings(botapi, news, tmp_path)
    first = build_application(settings)
    await _start(first)
    try:
        botapi.push_command(USER, None, "/subscribe 07:30 19:45")
        await botapi.wait_for_messages(USER, 1)
    finally:
        await _stop(first)

    second = build_application(settings)
    await _start(second)
    try:
        jobs = second.job_queue.get_jobs_by_name(f"digest:{USER}")
        local_times = sorted(job.next_t.astimezone(KYIV).strftime("%H:%M") for job in jobs)
        assert local_times == ["07:30", "19:45"]
        collectors = {job.name for job in second.job_queue.jobs() if job.name and job.name.startswith("collect:")}
        assert collectors == {"collect:test-en", "collect:test-uk", "collect:test-ru"}
    finally:
        await _stop(second)


async def test_groups_and_channels(botapi: BotApiServer, news: NewsServer, tmp_path: Path) -> None:
    channel, group, member = -1003001, -4001, 1005
    application = build_application(_settings(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)
    try:
        await services.pipeline.collect_all(force=True)
        # Added to a group: it says how to subscribe, and only the group's administrators may.
        botapi.push_my_chat_member(group, "member", chat_type="group", title="Analysts")
        botapi.register_chat(group, "group", admins={GROUP_ADMIN})
        botapi.push_command(member, group, "/subscribe 09:00", chat_type="group")
        [welcome, refusal] = await botapi.wait_for_messages(group, 2)
        assert "/subscribe" in welcome.text
        assert "administrators" in refusal.text

        # A channel is subscribed from a private chat once the bot is an admin there.
        botapi.register_chat(channel, "channel", title="War Digest", username="wardigest", admins={USER})
        botapi.push_command(USER, None, "/subscribe @wardigest 10:00")
        [not_admin] = await botapi.wait_for_messages(USER, 1)
        assert "administrator" in not_admin.text
        botapi.push_my_chat_member(channel, "administrator", chat_type="channel", title="War Digest",
                                   username="wardigest")  # fmt: skip
        botapi.push_command(USER, None, "/subscribe @wardigest 10:15")
        ok = (await botapi.wait_for_messages(USER, 2))[1]
        assert "War Digest" in ok.text
        botapi.push_command(GROUP_ADMIN, None, "/subscribe @wardigest 11:00")
        assert "Only the channel's administrators" in (await botapi.wait_for_messages(GROUP_ADMIN, 1))[0].text
        await _fire_digests(application, channel, "10:15")
        [posted] = await botapi.wait_for_messages(channel, 1)
        assert "Frontline Digest" in posted.text

        # Removed from the channel: it is paused and its schedule stays harmless.
        botapi.push_my_chat_member(channel, "left", chat_type="channel", old_status="administrator")
        async def channel_status() -> str | None:
            async with services.db.session() as session:
                row = await session.get(ChatRow, channel)
            return row.status if row is not None else None

        async def channel_left() -> bool:
            return await channel_status() != "active"

        await _eventually(channel_left)
        assert await channel_status() == "removed"
    finally:
        await _stop(application)


async def test_another_copy_polling_is_one_log_line(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    application = build_application(_settings(botapi, news, tmp_path))
    botapi.fail(None, "conflict", methods={"getUpdates"}, times=3)
    await _start(application)
    try:
        # PTB backs off between failed polls (1 s, 2 s, ...), then polls on once the other copy is gone.
        botapi.push_command(USER, None, "/help")
        [reply] = await botapi.wait_for_messages(USER, 1)
        assert "/subscribe" in reply.text
    finally:
        await _stop(application)
    conflicts = [r for r in caplog.records if "another copy of this bot" in r.getMessage()]
    assert len(conflicts) == 1 and not conflicts[0].exc_info


# -- what users type (issue 9): bad input gets a clear reply in the chat's language, and never an operator alarm --

OPERATOR_CHAT = -9001  # where operator notices would go


def _watched(botapi: BotApiServer, news: NewsServer, tmp_path: Path, database_url: str | None = None) -> Settings:
    """Settings whose operator notices go to OPERATOR_CHAT, a chat the server knows, so a notice would arrive."""
    botapi.register_chat(OPERATOR_CHAT, "group")
    settings = _settings(botapi, news, tmp_path, database_url)
    return replace(settings, env=settings.env.model_copy(update={"admin_chat_id": OPERATOR_CHAT}))


def _assert_no_alarm(botapi: BotApiServer, caplog: pytest.LogCaptureFixture) -> None:
    alarms = [r.getMessage() for r in caplog.records if r.getMessage() in ("handler failed", "operator notice")]
    assert not alarms, [r.exc_info for r in caplog.records if r.exc_info]
    assert not botapi.messages(OPERATOR_CHAT)


async def _answer(botapi: BotApiServer, user: int, data: str) -> str:
    """Press a button with `data` (forged or not) on the chat's last message; the text of the bot's answer."""
    botapi.register_chat(user, "private")
    answered = len(botapi.callback_answers)
    last = botapi.messages(user)[-1].message_id if botapi.messages(user) else 1
    botapi.push_callback(user, user, data, message_id=last)
    await _eventually(lambda: len(botapi.callback_answers) > answered)
    return str(botapi.callback_answers[-1].get("text") or "")


async def test_only_real_time_zones_are_accepted(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    application = build_application(_watched(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)
    try:
        botapi.push_command(USER, None, "/subscribe 08:00")
        await botapi.wait_for_messages(USER, 1)
        refused = ["Europe", "../../etc/passwd", "Europe/" + "x" * 300, "/etc/passwd", "Factory", "localtime",
                   "posixrules", "posix/Europe/Kyiv", "right/UTC", "Europe/Kyiv/..", "Mars/Olympus", "Europe/Kyiv\x00x"]
        for zone in refused:
            botapi.push_command(USER, None, f"/settings {zone}")
            reply = (await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1))[-1]
            assert reply.text == "Unknown time zone. Use an IANA name, e.g. /settings Europe/Kyiv.", zone
        botapi.push_command(BLOCKED_USER, None, "/start", lang="uk")
        await botapi.wait_for_messages(BLOCKED_USER, 1)
        botapi.push_command(BLOCKED_USER, None, "/settings Europe", lang="uk")
        reply = (await botapi.wait_for_messages(BLOCKED_USER, 2))[-1]
        assert reply.text == "Невідомий часовий пояс. Вкажіть назву IANA, напр. /settings Europe/Kyiv."
        async with services.db.session() as session:
            chat = await session.get(ChatRow, USER)
            assert chat is not None and chat.timezone == "Europe/Kyiv"

        for typed, stored in (("europe/vienna", "Europe/Vienna"), ("Europe/Kiev", "Europe/Kiev"),
                              ("america/new york", "America/New_York")):  # fmt: skip
            botapi.push_command(USER, None, f"/settings {typed}")
            reply = (await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1))[-1]
            assert f"Time zone: {stored}" in reply.text
            [job] = application.job_queue.get_jobs_by_name(f"digest:{USER}")
            assert job.next_t is not None and job.next_t.astimezone(ZoneInfo(stored)).strftime("%H:%M") == "08:00"

        # Buttons send their data back: forged data gets a short answer and changes nothing.
        stale = "This button no longer works: send /settings again."
        for data in ("tz:../../x", "tz:Europe", "tz:" + "x" * 300, "tz:", "lang:xx", "lang:", "alerts:maybe",
                     "nonsense", "", ":", "tz:Factory", "lang:en\x00\ud800"):  # fmt: skip
            assert await _answer(botapi, USER, data) == stale, data
        async with services.db.session() as session:
            chat = await session.get(ChatRow, USER)
            assert chat is not None and (chat.timezone, chat.lang) == ("America/New_York", "en")
        # A real zone works from a button too; pressing the setting already in force is no error.
        edits = len(botapi.edits)
        assert await _answer(botapi, USER, "tz:europe/kyiv") == ""
        assert await _answer(botapi, USER, "tz:Europe/Kyiv") == ""
        await _eventually(lambda: len(botapi.edits) > edits)
        assert "Time zone: Europe/Kyiv" in botapi.edits[-1].text
    finally:
        await _stop(application)
    _assert_no_alarm(botapi, caplog)


HOSTILE_COMMANDS = ["/summary {}", "/filter only {}", "/filter hide {}", "/filter only Kyiv, {}", "/settings {}",
                    "/subscribe {}", "/subscribe @{} 08:00", "/front {}", "/digest {}", "/digest {} 6h",
                    "group title", "button"]  # fmt: skip


@pytest.mark.parametrize("command", HOSTILE_COMMANDS)
async def test_hostile_text_gets_a_reply_and_stores_clean(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, database_url: str, caplog: pytest.LogCaptureFixture,
    command: str,
) -> None:  # fmt: skip
    application = build_application(_watched(botapi, news, tmp_path, database_url))
    services = services_of(application)
    await _start(application)
    try:
        await services.pipeline.collect_all(force=True)
        for i, text in enumerate(HOSTILE.values()):
            user = 5000 + i  # one user each: the on-demand commands' rate limit stays out of the way
            if command == "group title":
                group = -6000 - i
                botapi.push_my_chat_member(group, "member", title=text, chat_type="group")
                botapi.push_command(user, group, "/help", chat_type="group")
                await botapi.wait_for_messages(group, 1)
            elif command == "button":
                assert await _answer(botapi, user, f"tz:{text}") == "This button no longer works: send /settings again."
            else:
                botapi.push_command(user, None, command.format(text))
                [reply, *_] = await botapi.wait_for_messages(user, 1)
                assert reply.text and "went wrong" not in reply.text
        async with services.db.session() as session:
            chats = (await session.scalars(select(ChatRow))).all()
            subscriptions = (await session.scalars(select(SubscriptionRow))).all()
        stored = [c.title or "" for c in chats] + [c.timezone for c in chats]
        stored += [s.include_terms + s.exclude_terms + s.times for s in subscriptions]
        assert all(is_clean(value) for value in stored), [v for v in stored if not is_clean(v)]
        if command == "group title":
            assert {c.title for c in chats if c.id < 0} >= {"Kursk", "Київ", "[31mKursk[0m"}
        if command.startswith("/filter only"):
            assert any("Kursk" in s.include_terms.split(",") for s in subscriptions)  # "Kur\0sk" is Kursk
    finally:
        await _stop(application)
    _assert_no_alarm(botapi, caplog)


async def test_wordless_topics_and_contradicting_filters_are_explained(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    application = build_application(_watched(botapi, news, tmp_path))
    services = services_of(application)
    await _start(application)

    async def say(text: str, lang: str = "en") -> str:
        botapi.push_command(USER, None, text, lang=lang)
        return (await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1))[-1].text

    try:
        await services.pipeline.collect_all(force=True)
        for topic in ("%", "...", "🔥", "the", "of the region", "x", "«»"):
            assert await say(f"/summary {topic}") == (
                f"“{topic}” has no word to search for: name a place or a topic, e.g. /summary Kursk."
            )
        botapi.push_command(GROUP_ADMIN, None, "/start", lang="uk")
        botapi.push_command(GROUP_ADMIN, None, "/summary %", lang="uk")
        assert (await botapi.wait_for_messages(GROUP_ADMIN, 2))[-1].text == (
            "У «%» немає жодного слова для пошуку: назвіть місце чи тему, напр. /summary Курськ."
        )
        assert "has no word to search for" in await say("/filter hide %")
        assert "Only stories about: Kursk" in await say("/filter only Kursk")
        for hidden in ("Курськ", "kursk", "Курск"):
            assert await say(f"/filter hide Kyiv, {hidden}") == (
                f"These filters contradict each other: only “Kursk” and hide “{hidden}”, so stories about “Kursk” "
                "could never show. Your filters are unchanged: change one of them, or send /filter clear."
            )
        async with services.db.session() as session:
            sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == USER))
            assert sub is not None and (sub.include_terms, sub.exclude_terms) == ("Kursk", "")

        assert "Only stories about: Odesa" in await say("/filter only Odesa")
        botapi.push_command(USER, None, "/digest 24h")
        digest = (await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1))[-1]
        assert "No story matched your filter (only: Odesa). /filter clear shows everything." in digest.text
        assert "No new stories" not in digest.text
    finally:
        await _stop(application)
    _assert_no_alarm(botapi, caplog)


async def test_digests_keep_war_news_unless_the_chat_asks_for_everything(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path
) -> None:
    """War news only by default: a football report and a weather forecast stay out, while a front-line channel
    marked all-relevant is kept whatever it posts. The 📰 button in /settings brings everything from the sources."""
    for name in ("sport", "channel"):
        body = (FIXTURES / "relevance" / f"{name}.xml").read_bytes()
        news.add(f"/{name}.xml", body, content_type="application/rss+xml")
    settings = _settings(botapi, news, tmp_path)
    extra = (
        SourceSpec(key="sports-desk", name="Sports Desk", url=news.url("/sport.xml"), full_text=False),
        SourceSpec(key="front-channel", name="Front Line Channel", url=news.url("/channel.xml"), full_text=False,
                   all_relevant=True),
    )  # fmt: skip
    application = build_application(replace(settings, sources=settings.sources + extra))
    services = services_of(application)
    await _start(application)

    async def digest() -> str:
        sent = len(botapi.messages(USER))
        botapi.push_command(USER, None, "/digest 24h", lang="en")
        await botapi.wait_for_messages(USER, sent + 1)
        async with asyncio.timeout(20):
            await services.deliverer.drained()
        return " ".join(m.text for m in botapi.messages(USER)[sent:])

    try:
        await services.pipeline.collect_all(force=True)
        war_only = await digest()
        assert "Kursk" in war_only and "fundraiser" in war_only
        assert "Slovakia" not in war_only and "Heatwave" not in war_only

        botapi.push_command(USER, None, "/settings", lang="en")
        await botapi.wait_for_messages(USER, len(botapi.messages(USER)) + 1)
        menu = botapi.messages(USER)[-1]
        assert "news:all" in menu.buttons and "📰" in menu.text
        botapi.push_callback(USER, USER, "news:all", message_id=menu.message_id)
        await _eventually(lambda: len(botapi.edits) >= 1)
        assert "news:war" in botapi.edits[-1].buttons  # the toggle now offers war news only again
        async with services.db.session() as session:
            sub = await session.scalar(select(SubscriptionRow).where(SubscriptionRow.chat_id == USER))
            assert sub is not None and sub.all_news and not sub.active  # a setting without a subscription

        everything = await digest()
        assert "Slovakia" in everything and "Heatwave" in everything and "Kursk" in everything

        botapi.push_callback(USER, USER, "lang:uk", message_id=menu.message_id)
        botapi.push_callback(USER, USER, "news:war", message_id=menu.message_id)
        await _eventually(lambda: len(botapi.edits) >= 3)
        assert "кнопка 📰" in botapi.edits[-1].text and "news:all" in botapi.edits[-1].buttons
        assert "Slovakia" not in await digest()
    finally:
        await _stop(application)


@pytest.mark.parametrize(
    ("kind", "command"),
    [("reply_gone", "/help"), ("muted", "/sources"), ("not_member", "/help"), ("not_found", "/front 2024-13"),
     ("query_old", None)],
)  # fmt: skip
async def test_an_answer_telegram_refuses_for_the_chats_state_is_no_alarm(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str,
    command: str | None,
) -> None:
    # Any member can cause these (delete the command before the answer, mute or remove the bot, press an old
    # button): a warning line for the operator's log, no traceback, no notice.
    group, stranger = -2001, 4242
    application = build_application(_watched(botapi, news, tmp_path))
    await _start(application)
    try:
        if command is None:
            botapi.fail(None, kind, methods={"answerCallbackQuery"})
            botapi.register_chat(USER, "private")
            botapi.push_callback(USER, USER, "lang:uk")
        else:
            botapi.fail(group, kind, methods={"sendMessage"})
            botapi.push_command(stranger, group, command, chat_type="group")
        botapi.push_command(GROUP_ADMIN, None, "/start")  # answered once the refused update is fully handled
        await botapi.wait_for_messages(GROUP_ADMIN, 1)
    finally:
        await _stop(application)
    assert [r for r in caplog.records if r.getMessage() == "telegram refused the answer"]
    _assert_no_alarm(botapi, caplog)


async def test_an_answer_telegram_refuses_for_our_own_html_still_alarms(
    botapi: BotApiServer, news: NewsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    application = build_application(_watched(botapi, news, tmp_path))
    await _start(application)
    try:
        botapi.fail(USER, "bad_html", methods={"sendMessage"}, times=1)
        botapi.push_command(USER, None, "/help")
        await botapi.wait_for_messages(OPERATOR_CHAT, 1)
    finally:
        await _stop(application)
    assert "handler failed" in botapi.messages(OPERATOR_CHAT)[0].text
