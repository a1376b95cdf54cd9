"""my_chat_member handling and the 409 explanation."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from telegram.error import Conflict

from bot.deliver.membership import ConflictReporter, apply_membership, can_deliver
from bot.store.db import Database
from bot.store.models import ChatRow
from tests.deliver.conftest import DelivererFactory, enqueue, settle
from tests.support.botapi import BotApiServer


@pytest.mark.parametrize(
    ("chat_type", "status", "ok"),
    [("group", "member", True), ("supergroup", "administrator", True), ("channel", "member", False),
     ("channel", "administrator", True), ("group", "left", False), ("group", "kicked", False)],
)  # fmt: skip
def test_can_deliver(chat_type: str, status: str, ok: bool) -> None:
    assert can_deliver(chat_type, status) is ok


async def test_added_then_removed_group(
    botapi: BotApiServer, db: Database, deliverer_factory: DelivererFactory
) -> None:
    deliverer = deliverer_factory()
    await deliverer.start()
    botapi.register_chat(-100500, "supergroup")
    assert await apply_membership(db, deliverer, chat_id=-100500, chat_type="supergroup", title="News",
                                  status="member")  # fmt: skip
    await enqueue(db, -100500, ["hello group"])
    deliverer.wake()
    await botapi.wait_for_messages(-100500, 1)
    assert not await apply_membership(db, deliverer, chat_id=-100500, chat_type="supergroup", title="News",
                                      status="kicked")  # fmt: skip
    await enqueue(db, -100500, ["not delivered"])
    deliverer.wake()
    await settle(deliverer)
    assert len(botapi.messages(-100500)) == 1
    async with db.sessions() as session:
        chat = await session.get(ChatRow, -100500)
        assert chat is not None and (chat.status, chat.title) == ("removed", "News")


def test_conflict_is_one_line_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    now = [datetime(2025, 1, 1, tzinfo=UTC)]
    reporter = ConflictReporter(timedelta(minutes=10), clock=lambda: now[0])
    with caplog.at_level(logging.ERROR):
        assert reporter.report(Conflict("terminated by other getUpdates request"))
        assert not reporter.report(Conflict("terminated by other getUpdates request"))
        now[0] += timedelta(minutes=11)
        assert reporter.report(Conflict("terminated by other getUpdates request"))
    assert len(caplog.records) == 2 and "same token" in caplog.records[0].getMessage()
