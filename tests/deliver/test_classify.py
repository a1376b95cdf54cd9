"""Telegram's error replies sorted into what the deliverer does (bot.deliver.sender.classify)."""

from __future__ import annotations

import pytest

from bot.deliver.sender import (
    ChatMoved,
    ChatUnavailable,
    FloodWait,
    Rejected,
    ThreadGone,
    TransientFailure,
    Unrenderable,
    classify,
)
from bot.errors import DeliveryError
from tests.support.tgjson import FAILURES


@pytest.mark.parametrize(
    ("status", "description", "parameters", "kind"),
    [
        (400, "Bad Request: message thread not found", None, ThreadGone),
        (400, "Bad Request: MESSAGE THREAD NOT FOUND", None, ThreadGone),
        (400, "Bad Request: chat not found", None, ChatUnavailable),
        (400, "Bad Request: not enough rights to send text messages to the chat", None, ChatUnavailable),
        (403, "Forbidden: bot was blocked by the user", None, ChatUnavailable),
        (400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": -100}, ChatMoved),
        (429, "Too Many Requests: retry after 5", {"retry_after": 5}, FloodWait),
        (400, "Bad Request: can't parse entities: unsupported start tag", None, Unrenderable),
        (400, "Bad Request: message is too long", None, Unrenderable),
        (400, "Bad Request: wrong file identifier", None, Rejected),
        (502, "Bad Gateway", None, TransientFailure),
    ],
)
def test_classify(status: int, description: str, parameters: dict[str, int] | None, kind: type) -> None:
    assert type(classify(status, description, parameters)) is kind


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_every_failure_the_test_server_makes_is_sorted(kind: str) -> None:
    status, description = FAILURES[kind]
    assert isinstance(classify(status, description), DeliveryError)
