"""Sending one outbox part to Telegram, and sorting Telegram's answers into what the worker must do.

The transport speaks the Bot API directly over one aiohttp session (JSON bodies, multipart for photos),
at the URL of the Application's Bot. python-telegram-bot's own request stack (httpx) costs about 3 ms of CPU
per message here, which caps a 2-core machine near 300 messages/s; this path reaches the 1000/s that paid
broadcasts allow (see bench/broadcast.py).

DeliveryError
├── FloodWait          429: wait `retry_after`, then the same part again (not an attempt)
├── ChatUnavailable    403 blocked/kicked/deactivated, 400 chat not found, no rights: pause the chat
├── ChatMoved          the group became a supergroup: move the chat and resend there
├── ThreadGone         400 message thread not found: the forum topic was deleted; post to General instead
├── Unrenderable       400 about our text (entities, too long): resend as plain text
├── Rejected           any other 400: this part will never go through; park it
└── TransientFailure   network errors, timeouts, 5xx: retry with backoff, then park
"""

from __future__ import annotations

import json
from typing import Any, Protocol

import aiohttp

from bot.errors import DeliveryError
from bot.render.html import TELEGRAM_CAPTION_LIMIT, html_to_text
from bot.store.deliveries import OutboxPart


class FloodWait(DeliveryError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"flood control: retry after {retry_after} s")
        self.retry_after = retry_after


class ChatUnavailable(DeliveryError):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status  # blocked | not_found | removed


class ChatMoved(DeliveryError):
    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"group chat was upgraded to supergroup {new_chat_id}")
        self.new_chat_id = new_chat_id


class ThreadGone(DeliveryError):
    pass


class Unrenderable(DeliveryError):
    pass


class Rejected(DeliveryError):
    pass


class TransientFailure(DeliveryError):
    pass


class Transport(Protocol):
    """What the worker needs from Telegram: send a part, get its message_id or a DeliveryError."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def send(self, part: OutboxPart, *, plain: bool, paid: bool) -> int: ...


_UNRENDERABLE = ("can't parse entities", "message is too long", "caption is too long", "text is empty")
_CHAT_GONE = ("have no rights to send", "not enough rights", "bot is not a member", "need administrator rights",
              "chat_write_forbidden", "peer_id_invalid")  # fmt: skip


def classify(status: int, description: str, parameters: dict[str, Any] | None = None) -> DeliveryError:
    """A Bot API error reply -> the worker's decision."""
    parameters = parameters or {}
    lowered = description.lower()
    if parameters.get("migrate_to_chat_id"):
        return ChatMoved(int(parameters["migrate_to_chat_id"]))
    if status == 429 or parameters.get("retry_after"):
        return FloodWait(float(parameters.get("retry_after") or 1))
    if status == 403:
        return ChatUnavailable("blocked", description)
    if status == 400:
        if "chat not found" in lowered:
            return ChatUnavailable("not_found", description)
        if any(s in lowered for s in _CHAT_GONE):
            return ChatUnavailable("removed", description)
        if "message thread not found" in lowered:
            return ThreadGone(description)
        if any(s in lowered for s in _UNRENDERABLE):
            return Unrenderable(description)
        return Rejected(description)
    # 401/404 (a wrong token or URL: an operator problem), 409, 5xx: retry with backoff, then park
    return TransientFailure(f"{status} {description}")


_JSON = {"Content-Type": "application/json"}


class BotApiTransport:
    """sendMessage / sendPhoto over one aiohttp session. `base_url` is the Bot's (it contains the token)."""

    def __init__(self, base_url: str, *, connections: int = 16, timeout_s: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.connections = connections
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.connections)
            # The Bot API sets no cookies: a jar would only be searched on every request.
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self.timeout, cookie_jar=aiohttp.DummyCookieJar()
            )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, part: OutboxPart, *, plain: bool, paid: bool) -> int:
        fields: dict[str, Any] = {"chat_id": part.chat_id}
        if not plain:
            fields["parse_mode"] = "HTML"
        if paid:
            fields["allow_paid_broadcast"] = True
        if part.thread_id is not None:
            fields["message_thread_id"] = part.thread_id
        if part.photo is None:
            fields["text"] = html_to_text(part.text) if plain else part.text
            fields["link_preview_options"] = {"is_disabled": True}
            return await self._call("sendMessage", body=json.dumps(fields, ensure_ascii=False).encode())
        caption = html_to_text(part.text, TELEGRAM_CAPTION_LIMIT) if plain else part.text
        form = aiohttp.FormData()
        for key, value in fields.items():
            form.add_field(key, json.dumps(value) if not isinstance(value, str) else value)
        if caption:
            form.add_field("caption", caption)
        form.add_field("photo", part.photo, filename="picture.png", content_type="image/png")
        return await self._call("sendPhoto", data=form)

    async def _call(self, method: str, *, body: bytes | None = None, data: aiohttp.FormData | None = None) -> int:
        """`body`: JSON, encoded here rather than by aiohttp's payload machinery (this runs for every message)."""
        if self._session is None:
            await self.start()
        assert self._session is not None
        url = f"{self.base_url}/{method}"
        headers = _JSON if body is not None else None
        try:
            async with self._session.post(url, data=body if body is not None else data, headers=headers) as response:
                status = response.status
                try:
                    reply = await response.json(content_type=None)
                except ValueError:
                    reply = None
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The URL holds the token: name the failure by its type only, never by a message with the URL.
            raise TransientFailure(f"network error: {type(exc).__name__}") from None
        if not isinstance(reply, dict):
            raise TransientFailure(f"{status} reply that is not Bot API JSON")
        if reply.get("ok") and isinstance(reply.get("result"), dict):
            return int(reply["result"]["message_id"])
        raise classify(status, str(reply.get("description", "")), reply.get("parameters"))
