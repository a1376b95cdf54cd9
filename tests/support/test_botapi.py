"""The local Bot API server behaves as python-telegram-bot expects Telegram to."""

from __future__ import annotations

import pytest
from aiohttp import web
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, NetworkError, RetryAfter

from bot.deliver.limiter import retry_after_s
from tests.support.botapi import BotApiServer
from tests.support.tglimits import Limits


@pytest.fixture
async def bot(botapi: BotApiServer) -> Bot:
    async with Bot(botapi.token, base_url=botapi.url, base_file_url=botapi.file_url) as bot:
        yield bot  # type: ignore[misc]


async def test_get_me_and_updates(botapi: BotApiServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "frontline_digest_bot"
    botapi.push_command(42, None, "/start", lang="uk")
    updates = await bot.get_updates(timeout=1)
    assert updates[0].message.text == "/start"
    assert updates[0].message.from_user.language_code == "uk"
    # confirming with offset drops them
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_send_and_record(botapi: BotApiServer, bot: Bot) -> None:
    msg = await bot.send_message(7, "<b>hi</b> &amp; bye", parse_mode=ParseMode.HTML)
    assert msg.text == "hi & bye"
    [accepted] = botapi.messages(7)
    assert accepted.message_id == msg.message_id and accepted.raw == "<b>hi</b> &amp; bye"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<script>x</script>", "Unsupported start tag"),
        ("<b>x", "Can't find end tag"),
        ("a < b", "Unclosed start tag"),
        ("<b>x</i>", "Unmatched end tag"),
        ("x" * 4097, "message is too long"),
        ("   ", "message text is empty"),
    ],
    ids=["unknown-tag", "unclosed", "bare-lt", "mismatch", "too-long", "empty"],
)
async def test_refuses_what_telegram_refuses(bot: Bot, text: str, error: str) -> None:
    with pytest.raises(BadRequest, match=rf"(?i){error}"):
        await bot.send_message(7, text, parse_mode=ParseMode.HTML)  # PTB lower-cases the description


@pytest.mark.parametrize(
    ("chat_type", "limit", "window_s"), [("private", 1, 1.0), ("group", 20, 60.0), ("channel", 20, 60.0)]
)
async def test_flood_limit_per_chat(chat_type: str, limit: int, window_s: float) -> None:
    now = [1000.0]
    server = BotApiServer(limits=Limits(), clock=lambda: now[0])  # Telegram's own windows, on a clock we move
    await server.start()
    chat, other = (8, 9) if chat_type == "private" else (-8, -9)
    server.register_chat(chat, chat_type)
    server.register_chat(other, chat_type)
    try:
        async with Bot(server.token, base_url=server.url) as bot:
            for i in range(limit):
                await bot.send_message(chat, f"m{i}")
            with pytest.raises(RetryAfter) as refused:
                await bot.send_message(chat, "one too many")
            assert retry_after_s(refused.value) == window_s  # whole seconds, as Telegram says them
            await bot.send_message(other, "another chat is not held up")
            now[0] += window_s - 0.25  # binary fractions: the sums are exact
            with pytest.raises(RetryAfter):
                await bot.send_message(chat, "still too soon")
            now[0] += 0.25
            await bot.send_message(chat, "the window moved on")
    finally:
        await server.stop()
    assert len(server.messages(chat)) == limit + 1


async def test_injected_failures(botapi: BotApiServer, bot: Bot) -> None:
    botapi.fail(1, "blocked")
    botapi.register_chat(-5, "group")
    botapi.fail(-5, "migrate", migrate_to=-1005, times=1)
    botapi.fail(3, "server_error", times=1)
    botapi.fail(4, "drop", times=1)
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await bot.send_message(1, "x")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-5, "x")
    assert migrated.value.new_chat_id == -1005
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-6, "x")
    with pytest.raises(NetworkError):
        await bot.send_message(3, "x")
    with pytest.raises(NetworkError):
        await bot.send_message(4, "x")
    assert (await bot.send_message(3, "x")).text == "x"
    assert (await bot.send_message(4, "x")).text == "x"


async def test_photo_multipart(botapi: BotApiServer, bot: Bot) -> None:
    msg = await bot.send_photo(9, b"\x89PNG fake", caption="<i>map</i>", parse_mode=ParseMode.HTML)
    assert msg.caption == "map"
    assert botapi.messages(9)[0].photo_size == 9


async def test_group_members_and_chat(botapi: BotApiServer, bot: Bot) -> None:
    botapi.push_my_chat_member(-100, "administrator", chat_type="supergroup", title="News")
    botapi.register_chat(-100, admins={5})
    assert (await bot.get_chat_member(-100, 5)).status == "administrator"
    assert (await bot.get_chat_member(-100, 6)).status == "member"
    assert [m.user.id for m in await bot.get_chat_administrators(-100)] == [5]
    assert (await bot.get_chat(-100)).title == "News"
    update = (await bot.get_updates(timeout=0))[0]
    assert update.my_chat_member.new_chat_member.status == "administrator"


async def test_an_edit_that_changes_nothing_is_refused(botapi: BotApiServer, bot: Bot) -> None:
    message_id = (await bot.send_message(10, "<b>Settings</b>", parse_mode="HTML")).message_id
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>Settings</b>", chat_id=10, message_id=message_id, parse_mode="HTML")
    await bot.edit_message_text("<b>Налаштування</b>", chat_id=10, message_id=message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>Налаштування</b>", chat_id=10, message_id=message_id, parse_mode="HTML")
    assert [e.text for e in botapi.edits] == ["Налаштування"]


async def test_a_webhook_takes_the_place_of_get_updates(botapi: BotApiServer, bot: Bot) -> None:
    received: list[tuple[int, str | None]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(((await request.json())["update_id"], request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        held = botapi.push_command(42, None, "/start")  # waiting for getUpdates when the webhook is set
        with pytest.raises(BadRequest, match=r"posts to 127\.0\.0\.1 only"):
            await bot.set_webhook("https://bot.example.org/hook")
        assert await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", secret_token="s3cret")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates(timeout=0)
        pushed = botapi.push_command(42, None, "/help")
        await botapi.webhook_idle()
        assert sorted(received) == [(held, "s3cret"), (pushed, "s3cret")] and botapi.webhook_answers == [200, 200]
        assert await bot.delete_webhook()
        again = botapi.push_command(42, None, "/help")
        assert [u.update_id for u in await bot.get_updates(timeout=0)] == [again]
    finally:
        await runner.cleanup()
