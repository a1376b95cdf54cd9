"""The Deliverer against the local Bot API server: order, limits, and every error path, counted at the server."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.store.db import Database
from bot.store.deliveries import delivery_counts, load_pending, photo_of, retry_parked
from bot.store.models import ChatRow, DeliveryRow, SubscriptionRow
from tests.deliver.conftest import DelivererFactory, add_chat, enqueue, fast_settings, settle
from tests.support.botapi import BotApiServer


async def rows(db: Database, chat_id: int) -> list[DeliveryRow]:
    async with db.sessions() as session:
        result = await session.scalars(select(DeliveryRow).where(DeliveryRow.chat_id == chat_id).order_by("id"))
        return list(result)


async def test_parts_arrive_once_in_order_and_are_recorded(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    for chat in (1, 2, 3):
        await add_chat(db, chat)
        await enqueue(db, chat, [f"<b>{chat}</b> part {i}" for i in range(3)])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    for chat in (1, 2, 3):
        got = botapi.messages(chat)
        assert [m.text for m in got] == [f"{chat} part {i}" for i in range(3)]
        recorded = await rows(db, chat)
        assert [r.state for r in recorded] == ["sent"] * 3
        assert [r.message_id for r in recorded] == [m.message_id for m in got]
    assert botapi.rejected == {}  # the limiter kept every bucket: no 429


async def test_wake_sends_parts_enqueued_later_and_photo_first(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    deliverer = deliverer_factory()
    await deliverer.start()
    await add_chat(db, 5)
    await enqueue(db, 5, ["after the map"], photo=b"\x89PNG...", caption="<i>map</i>")
    deliverer.wake()
    got = await botapi.wait_for_messages(5, 2)
    assert [(m.method, m.text) for m in got] == [("sendPhoto", "map"), ("sendMessage", "after the map")]
    assert got[0].photo_size == len(b"\x89PNG...")  # read from the table just before sending
    await settle(deliverer)
    assert [(r.state, r.photo) for r in await rows(db, 5)] == [("sent", None), ("sent", None)]  # not kept


async def test_the_outbox_in_memory_holds_no_pictures(db: Database) -> None:
    await add_chat(db, 6)
    await enqueue(db, 6, ["text"], photo=b"\x89PNG" * 1000, caption="map")
    async with db.sessions() as session:
        parts = await load_pending(session)
        assert [(p.has_photo, p.photo) for p in parts] == [(True, None), (False, None)]
        assert await photo_of(session, parts[0].id) == b"\x89PNG" * 1000


async def test_flood_wait_delays_only_that_chat(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    for chat in (10, 11, 12):
        await add_chat(db, chat)
    botapi.fail(10, "flood", times=1, retry_after=3600)  # held for an hour: anything waiting on it never ends
    botapi.fail(12, "flood", times=1, retry_after=0.01)
    await enqueue(db, 10, ["a", "b"])
    await enqueue(db, 11, ["c", "d"])
    await enqueue(db, 12, ["e", "f"])
    deliverer = deliverer_factory()
    await deliverer.start()
    # The other chats go out in full while chat 10 waits out its hour; chat 12 after its own short wait.
    assert [m.text for m in await botapi.wait_for_messages(11, 2)] == ["c", "d"]
    assert [m.text for m in await botapi.wait_for_messages(12, 2)] == ["e", "f"]
    assert botapi.messages(10) == [] and deliverer.stats.flood_waits == 2
    assert [r.state for r in await rows(db, 10)] == ["pending", "pending"]  # kept, not dropped
    assert deliverer.limiter.chat_ready_at(10, "private") - deliverer.limiter.clock() > 3000


async def test_blocked_user_pauses_chat_and_cancels_its_parts(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    await add_chat(db, 20)
    await add_chat(db, 21)
    botapi.fail(20, "blocked")
    await enqueue(db, 20, ["x", "y"])
    await enqueue(db, 21, ["z"])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    assert botapi.messages(20) == [] and [m.text for m in botapi.messages(21)] == ["z"]
    assert [r.state for r in await rows(db, 20)] == ["cancelled", "cancelled"]
    async with db.sessions() as session:
        chat = await session.get(ChatRow, 20)
        assert chat is not None and chat.status == "blocked"
    # a later digest for the paused chat is not even tried
    await enqueue(db, 20, ["later"])
    deliverer.wake()
    await settle(deliverer)
    assert botapi.calls["sendMessage"] == 2


async def test_chat_not_found_pauses_chat(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    await add_chat(db, -777, "group")  # the server has never heard of this group
    await enqueue(db, -777, ["x"])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    async with db.sessions() as session:
        chat = await session.get(ChatRow, -777)
        assert chat is not None and chat.status == "not_found"


async def test_migrated_group_moves_subscription_and_resends(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    botapi.register_chat(-30, "group")
    botapi.register_chat(-1000000000030, "supergroup")
    botapi.fail(-30, "migrate", migrate_to=-1000000000030)
    await add_chat(db, -30, "group")
    await enqueue(db, -30, ["one", "two"])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    assert [m.text for m in botapi.messages(-1000000000030)] == ["one", "two"]
    async with db.sessions() as session:
        old, new = await session.get(ChatRow, -30), await session.get(ChatRow, -1000000000030)
        assert old is not None and old.status == "migrated" and old.migrated_to == -1000000000030
        assert new is not None and new.status == "active"
        sub = await session.scalar(select(SubscriptionRow))
        assert sub is not None and sub.chat_id == -1000000000030
    assert [r.state for r in await rows(db, -1000000000030)] == ["sent", "sent"]


async def test_refused_html_is_resent_as_plain_text(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    await add_chat(db, 40)
    await enqueue(db, 40, ["<b>bold &amp; <blink>broken</blink></b>"])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    [message] = botapi.messages(40)
    assert message.text == "bold & broken"
    assert deliverer.stats.plain_fallbacks == 1


async def test_server_errors_and_dropped_connections_retry_with_backoff(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    await add_chat(db, 50)
    await add_chat(db, 51)
    botapi.fail(50, "server_error", times=2)
    botapi.fail(51, "drop", times=1)
    await enqueue(db, 50, ["a", "b"])
    await enqueue(db, 51, ["c"])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    assert [m.text for m in botapi.messages(50)] == ["a", "b"]
    assert [m.text for m in botapi.messages(51)] == ["c"]
    assert deliverer.stats.retries == 3
    first = (await rows(db, 50))[0]
    assert first.attempts == 2 and first.state == "sent" and first.last_error is None


async def test_part_that_keeps_failing_is_parked_and_the_next_goes_on(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    await add_chat(db, 60)
    botapi.fail(60, "bad_gateway", times=3)
    await enqueue(db, 60, ["doomed", "next"])
    deliverer = deliverer_factory(max_attempts=3)
    await deliverer.start()
    await settle(deliverer)
    assert [m.text for m in botapi.messages(60)] == ["next"]
    parked, sent = await rows(db, 60)
    assert (parked.state, parked.attempts, sent.state) == ("parked", 3, "sent")
    assert "Bad Gateway" in (parked.last_error or "")
    # an operator puts it back after fixing the cause
    async with db.sessions() as session:
        assert await retry_parked(session, chat_id=60) == 1
    deliverer.wake(full=True)
    await settle(deliverer)
    assert [m.text for m in botapi.messages(60)] == ["next", "doomed"]
    async with db.sessions() as session:
        assert await delivery_counts(session, 60) == {"sent": 2}


async def test_group_rate_is_kept_and_private_chats_are_not_held_up(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    await add_chat(db, -90, "group")
    botapi.register_chat(-90, "group")
    await enqueue(db, -90, [f"g{i}" for i in range(25)])  # more than one window of 20
    for chat in range(100, 110):
        await add_chat(db, chat)
        await enqueue(db, chat, ["p"])
    deliverer = deliverer_factory()
    await deliverer.start()
    await settle(deliverer)
    group = botapi.messages(-90)
    assert [m.text for m in group] == [f"g{i}" for i in range(25)]
    assert botapi.rejected == {}
    window = fast_settings().limits.scaled(fast_settings().limits.group_window_s)
    assert group[20].at - group[0].at >= window  # the 21st waited for the first to leave the window
    # Private chats were not queued behind the group: they all went out before its window ran out.
    assert max(m.at for m in botapi.messages() if m.chat_id >= 100) < group[20].at


async def test_second_copy_waits_for_the_lease_and_takes_over(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    first, second = deliverer_factory(), deliverer_factory()
    await first.start()
    await settle(first)
    await second.start()
    for chat in range(200, 220):
        await add_chat(db, chat)
        await enqueue(db, chat, ["a", "b"])
    first.wake()
    second.wake()
    await settle(first)
    assert len(botapi.messages()) == 40
    assert len({(m.chat_id, m.text) for m in botapi.messages()}) == 40  # nobody posted twice
    assert second.stats.sent == 0
    await first.stop()  # releases the lease: the second copy takes over
    await enqueue(db, 200, ["c"])
    second.wake()
    await botapi.wait_for_messages(200, 3)
    await settle(second)  # the server has the message before the sender has its answer
    assert second.stats.sent == 1


@pytest.mark.parametrize("batch", [1, 4, 7])
async def test_sent_parts_are_recorded_once_a_batch_waits_without_waiting_out_the_interval(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory, batch: int
) -> None:
    """A full batch is recorded at once: what a crash can send twice stays under commit_batch parts, at any rate,
    however long the interval (an hour here: a test that waited for it would hang)."""
    for chat in range(300, 300 + batch):
        await add_chat(db, chat)
        await enqueue(db, chat, [f"part of {chat}"])
    deliverer = deliverer_factory(commit_interval_s=3600.0, commit_batch=batch)
    await deliverer.start()
    await settle(deliverer)  # idle: nothing sent and not recorded
    for chat in range(300, 300 + batch):
        assert [r.state for r in await rows(db, chat)] == ["sent"]


async def test_waiting_for_the_outbox_to_drain_costs_no_polling(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """drained() is woken by the deliverer's own changes: it never sleeps on a timer in between."""
    await add_chat(db, 400)
    await enqueue(db, 400, ["a", "b", "c"])
    deliverer = deliverer_factory()
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(delay: float, *args: object) -> object:
        if asyncio.current_task() is waiting:
            slept.append(delay)
        return await real_sleep(delay, *args)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    await deliverer.start()
    waiting = asyncio.create_task(settle(deliverer))
    await waiting
    assert slept == [] and len(botapi.messages(400)) == 3
