"""A local Telegram Bot API server for tests and benchmarks: real HTTP, Telegram's JSON, limits and errors.

python-telegram-bot talks to it through `ApplicationBuilder().base_url(server.url)`. The server keeps a
registry of chats, hands out injected updates through long-polling `getUpdates`, enforces Telegram's flood
limits (sliding windows: 30 messages/s overall, 1000/s with `allow_paid_broadcast`, 1/s per private chat,
20/min per group or channel) and parse rules, and records every message it accepted so that tests count
losses and repeats here rather than trusting the bot. `time_scale` shrinks every window (and the
`retry_after` it answers) so tests of flood handling do not sleep for seconds.

After `setWebhook`, as Telegram does, updates are no longer handed out by `getUpdates` (409) but POSTed to the
webhook URL with the secret token in `X-Telegram-Bot-Api-Secret-Token`, at most `max_connections` at once;
`webhook_answers` records each answer's status. `post_to_webhook` sends one with another secret, or none.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.support.tghtml import EntityError, parse_html, utf16_len
from tests.support.tgjson import (
    BOT_ID,
    BOT_USER,
    FAILURES,
    TOKEN,
    ApiError,
    error_response,
    member_json,
    parse_chat_id,
    read_params,
)
from tests.support.tglimits import FloodControl, Limits

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_THE_SECRET: Any = object()  # post_to_webhook's default: the secret setWebhook named


@dataclass(frozen=True)
class Accepted:
    """A message the server accepted and a client would see."""

    chat_id: int
    message_id: int
    text: str  # plain text after entity parsing (the caption for photos)
    raw: str  # what the bot sent
    method: str
    at: float  # time.monotonic()
    paid: bool
    photo_size: int = 0
    buttons: tuple[str, ...] = ()  # callback_data of the inline keyboard sent with it
    labels: tuple[str, ...] = ()  # the text of those buttons, in the same order
    thread_id: int | None = None  # the forum topic it was posted in (None: the chat itself, a forum's General)


@dataclass
class Failure:
    kind: str  # a key of FAILURES, or "slow" / "drop"
    methods: frozenset[str] | None
    remaining: int | None  # None: every call
    migrate_to: int | None = None
    retry_after: float = 5
    delay: float = 0.0


@dataclass
class Webhook:
    url: str
    secret: str | None
    connections: asyncio.Semaphore


@dataclass
class ChatInfo:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    admins: set[int] = field(default_factory=set)
    bot_status: str = "member"
    forum: bool = False  # a supergroup with topics
    topics: set[int] = field(default_factory=set)  # its open topics (message_thread_id)


class BotApiServer:
    """The server. `start()` binds 127.0.0.1 on a free port; `url` is the base_url for PTB."""

    def __init__(
        self, *, token: str = TOKEN, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.token = token
        self.limits = limits or Limits()
        self.accepted: list[Accepted] = []
        self.edits: list[Accepted] = []
        self.calls: defaultdict[str, int] = defaultdict(int)
        self.rejected: defaultdict[str, int] = defaultdict(int)  # by description prefix, e.g. "429"
        self.commands: list[dict[str, Any]] = []  # setMyCommands calls: commands, scope, language_code
        # setMyDescription / setMyShortDescription: (method, language_code or "") -> the text
        self.descriptions: dict[tuple[str, str], str] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.files: dict[str, bytes] = {}  # what users uploaded, by file_id (getFile and the file URL serve them)
        self.documents: list[tuple[int, str, bytes]] = []  # (chat_id, file name, bytes) of every sendDocument
        self.chats: dict[int, ChatInfo] = {}
        self._failures: dict[int | None, list[Failure]] = defaultdict(list)
        self._updates: list[dict[str, Any]] = []
        self._update_id = 0
        self._message_id = 0
        self._new_update = asyncio.Event()
        self._poller: asyncio.Future[None] | None = None
        self.flood = FloodControl(self.limits, clock)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.webhook: Webhook | None = None
        self.webhook_answers: list[int] = []  # the status of each POST to the webhook, in the order they ended
        self._client: aiohttp.ClientSession | None = None
        self._deliveries: set[asyncio.Task[None]] = set()

    # ---- lifecycle -------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/_test/accepted", self._report)  # for benchmarks that run the server apart
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._poller and not self._poller.done():
            self._poller.cancel()
        for task in self._deliveries:
            task.cancel()
        await asyncio.gather(*self._deliveries, return_exceptions=True)
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    # ---- what tests tell the server --------------------------------------------------------------------
    def register_chat(self, chat_id: int, chat_type: str | None = None, *, title: str | None = None,
                      username: str | None = None, admins: set[int] | None = None,
                      bot_status: str = "member") -> ChatInfo:  # fmt: skip
        info = self.chats.get(chat_id)
        if info is None:
            info = ChatInfo(chat_id, chat_type or ("private" if chat_id > 0 else "group"))
            self.chats[chat_id] = info
        if chat_type:
            info.type = chat_type
        info.title = title or info.title or (None if info.type == "private" else f"Chat {chat_id}")
        info.username = username or info.username
        info.admins |= admins or set()
        info.bot_status = bot_status
        return info

    def open_topic(self, chat_id: int) -> int:
        """A new topic in the forum supergroup `chat_id`; its message_thread_id."""
        info = self.register_chat(chat_id, "supergroup")
        info.forum = True
        thread_id = self._next_message_id()  # as in Telegram: the id of the message that created the topic
        info.topics.add(thread_id)
        return thread_id

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """An admin deleted the topic: posting to it is "message thread not found" from now on."""
        self.chats[chat_id].topics.discard(thread_id)

    def menu(self, *, scope: str = "default", chat_id: int | None = None, lang: str | None = None) -> list[str]:
        """The command names the last setMyCommands set for this scope type (and chat) and language_code."""
        for call in reversed(self.commands):
            called = call.get("scope") or {"type": "default"}
            if (called.get("type"), called.get("chat_id"), call.get("language_code") or None) == (scope, chat_id, lang):
                return [command["command"] for command in call["commands"]]
        raise AssertionError(f"no menu for {scope} {chat_id} {lang}: {self.commands}")

    def fail(self, chat_id: int | None, kind: str, *, times: int | None = None, methods: set[str] | None = None,
             migrate_to: int | None = None, retry_after: float = 5, delay: float = 0.0) -> None:  # fmt: skip
        """Make calls for `chat_id` (None: any call) fail as `kind` for `times` calls (None: until cleared)."""
        if kind not in FAILURES and kind not in ("slow", "drop"):
            raise ValueError(f"unknown failure kind {kind!r}")
        if kind == "migrate" and migrate_to is None:
            raise ValueError("a migrate failure needs migrate_to")
        scope = frozenset(methods) if methods else (None if chat_id is None else SEND_METHODS)
        self._failures[chat_id].append(Failure(kind, scope, times, migrate_to, retry_after, delay))

    def clear_failures(self, chat_id: int | None = None) -> None:
        self._failures.pop(chat_id, None)

    def push_update(self, update: dict[str, Any]) -> int:
        """Hand the update to the bot: by getUpdates, or POSTed to its webhook once it set one."""
        self._update_id += 1
        update = {"update_id": self._update_id, **update}
        if self.webhook is not None:
            self._deliver(update)
        else:
            self._updates.append(update)
            self._new_update.set()
        return self._update_id

    async def post_to_webhook(self, update: dict[str, Any], *, secret: str | None = _THE_SECRET) -> int:
        """POST the update to the webhook with `secret` in the header (None: no header); returns the status."""
        assert self.webhook is not None, "the bot set no webhook"
        if "update_id" not in update:
            self._update_id += 1
            update = {"update_id": self._update_id, **update}
        secret = self.webhook.secret if secret is _THE_SECRET else secret
        headers = {} if secret is None else {SECRET_HEADER: secret}
        if self._client is None:
            self._client = aiohttp.ClientSession()
        async with self.webhook.connections, self._client.post(self.webhook.url, json=update, headers=headers) as r:
            await r.read()
        self.webhook_answers.append(r.status)
        return r.status

    def _deliver(self, update: dict[str, Any]) -> None:
        task = asyncio.ensure_future(self._post_or_record(update))
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)

    async def _post_or_record(self, update: dict[str, Any]) -> None:
        try:
            await self.post_to_webhook(update)
        except aiohttp.ClientError:
            self.webhook_answers.append(0)  # no answer at all: nothing listens at the webhook URL

    async def webhook_idle(self) -> None:
        """Return once every update pushed so far was POSTed and answered."""
        while self._deliveries:
            await asyncio.gather(*self._deliveries, return_exceptions=True)

    def push_command(self, user_id: int, chat_id: int | None, text: str, *, lang: str = "en",
                     chat_type: str = "private", first_name: str = "Test",
                     thread_id: int | None = None, reply_to: dict[str, Any] | None = None) -> int:  # fmt: skip
        """A user writes `text` (e.g. "/start" or "/summary Kursk 48h") in a chat (in a forum, in the topic
        `thread_id`), perhaps in reply to a message (`reply_to`, as push_document returns it); returns the update
        id."""
        return self.push_update(self.command_update(user_id, chat_id, text, lang=lang, chat_type=chat_type,
                                                    first_name=first_name, thread_id=thread_id,
                                                    reply_to=reply_to))  # fmt: skip

    def command_update(self, user_id: int, chat_id: int | None, text: str, *, lang: str = "en",
                       chat_type: str = "private", first_name: str = "Test", thread_id: int | None = None,
                       reply_to: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
        """The update (without its id) of a user writing `text` in a chat."""
        message = self._user_message(user_id, chat_id, lang, chat_type, first_name)
        message["text"] = text
        if thread_id is not None:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return {"message": message}

    def push_document(self, user_id: int, chat_id: int | None, data: bytes, *, file_name: str,
                      caption: str | None = None, lang: str = "en", chat_type: str = "private",
                      mime_type: str = "text/x-opml") -> dict[str, Any]:  # fmt: skip
        """A user sends a file (with `caption`, e.g. "/import"); returns the message, for a reply to it."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = data
        message = self._user_message(user_id, chat_id, lang, chat_type, "Test")
        message["document"] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                               "mime_type": mime_type, "file_size": len(data)}  # fmt: skip
        if caption is not None:
            message["caption"] = caption
            if caption.startswith("/"):
                length = utf16_len(caption.split()[0])
                message["caption_entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self.push_update({"message": message})
        return message

    def _user_message(self, user_id: int, chat_id: int | None, lang: str, chat_type: str,
                      first_name: str) -> dict[str, Any]:  # fmt: skip
        chat_id = user_id if chat_id is None else chat_id
        self.register_chat(chat_id, chat_type)
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": lang}
        return {"message_id": self._next_message_id(), "date": int(time.time()), "chat": self._chat_json(chat_id),
                "from": user}  # fmt: skip

    def push_my_chat_member(self, chat_id: int, new_status: str, *, chat_type: str = "group",
                            old_status: str = "left", by_user: int = 1, title: str | None = None,
                            username: str | None = None, lang: str = "en") -> int:  # fmt: skip
        """The bot was added to / promoted in / removed from a group or channel by `by_user`."""
        self.register_chat(chat_id, chat_type, title=title, username=username, bot_status=new_status)
        adder = {"id": by_user, "is_bot": False, "first_name": "Admin", "language_code": lang}
        return self.push_update({"my_chat_member": {
            "chat": self._chat_json(chat_id), "from": adder,
            "date": int(time.time()), "old_chat_member": member_json(BOT_USER, old_status),
            "new_chat_member": member_json(BOT_USER, new_status),
        }})  # fmt: skip

    def push_callback(self, user_id: int, chat_id: int, data: str, *, message_id: int = 1, lang: str = "en") -> int:
        user = {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": lang}
        message = {"message_id": message_id, "date": int(time.time()), "chat": self._chat_json(chat_id),
                   "from": BOT_USER, "text": "…"}  # fmt: skip
        return self.push_update({"callback_query": {
            "id": str(self._update_id + 1), "from": user, "chat_instance": str(chat_id), "data": data,
            "message": message,
        }})  # fmt: skip

    def messages(self, chat_id: int | None = None) -> list[Accepted]:
        return [m for m in self.accepted if chat_id is None or m.chat_id == chat_id]

    async def wait_for_messages(
        self, chat_id: int | None, n: int, timeout: float = 60.0  # noqa: ASYNC109 (reads best in tests)
    ) -> list[Accepted]:
        """Wait until `n` messages were accepted for the chat (None: any chat). The timeout only ends a test
        whose bot never sends them: it is far beyond what a working bot needs, even on a loaded machine."""
        deadline = time.monotonic() + timeout
        while len(found := self.messages(chat_id)) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {n} messages arrived in chat {chat_id}: {found}")
            await asyncio.sleep(0.01)
        return found

    # ---- HTTP ------------------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        params = await read_params(request)
        self.calls[method] += 1
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return error_response(404, "Not Found: method not found")
        chat_id = parse_chat_id(params.get("chat_id"))
        failure = self._take_failure(chat_id, method)
        if failure is not None:
            if failure.delay:
                await asyncio.sleep(failure.delay)
            if failure.kind == "drop":
                if request.transport is not None:
                    request.transport.abort()  # the client sees the connection reset, no answer
                return web.Response()
            if failure.kind != "slow":
                return self._failure_response(failure)
        try:
            result = await handler(params)
        except ApiError as exc:
            self.rejected[f"{exc.status} {exc.description.split(':')[0]}"] += 1
            return error_response(exc.status, exc.description, exc.parameters)
        return web.json_response({"ok": True, "result": result})

    async def _report(self, request: web.Request) -> web.Response:
        return web.json_response({
            "accepted": [[m.chat_id, m.raw, m.at] for m in self.accepted],
            "rejected": dict(self.rejected), "calls": dict(self.calls),
        })  # fmt: skip

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        data = self.files.get(request.match_info["path"].rsplit("/", 1)[-1])
        return web.Response(status=404) if data is None else web.Response(body=data)

    def _take_failure(self, chat_id: int | None, method: str) -> Failure | None:
        for key in (chat_id, None):
            for failure in self._failures.get(key, []):
                if failure.methods is not None and method not in failure.methods:
                    continue
                if failure.remaining is not None:
                    failure.remaining -= 1
                    if failure.remaining <= 0:
                        self._failures[key].remove(failure)
                return failure
        return None

    def _failure_response(self, failure: Failure) -> web.Response:
        status, description = FAILURES[failure.kind]
        parameters: dict[str, Any] | None = None
        if failure.kind == "migrate":
            parameters = {"migrate_to_chat_id": failure.migrate_to}
        elif failure.kind == "flood":
            parameters = {"retry_after": failure.retry_after}
            description = description.format(retry_after=failure.retry_after)
        self.rejected[f"{status} {description.split(':')[0]}"] += 1
        return error_response(status, description, parameters)

    # ---- methods ---------------------------------------------------------------------------------------
    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}  # fmt: skip

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if not url:  # Telegram's way of deleting it
            return await self._m_deleteWebhook(params)
        if not url.startswith("http://127.0.0.1:"):  # loopback only, as every test's network
            raise ApiError(400, "Bad Request: bad webhook: this test server posts to 127.0.0.1 only")
        connections = int(params.get("max_connections") or 40)
        self.webhook = Webhook(url, params.get("secret_token") or None, asyncio.Semaphore(connections))
        pending, self._updates = self._updates, []
        for update in pending:  # what getUpdates had not handed out yet goes to the webhook now
            self._deliver(update)
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        scope = params.get("scope") or {"type": "default"}
        if scope.get("type") == "chat" and parse_chat_id(scope.get("chat_id")) not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")  # a user who never wrote to the bot
        for command in params.get("commands") or []:
            if not (1 <= len(command.get("description", "")) <= 256):
                raise ApiError(400, "Bad Request: command description must be 1-256 characters")
        self.commands.append(params)
        return True

    async def _m_setMyDescription(self, params: dict[str, Any]) -> Any:
        return self._describe("setMyDescription", params, "description", 512)

    async def _m_setMyShortDescription(self, params: dict[str, Any]) -> Any:
        return self._describe("setMyShortDescription", params, "short_description", 120)

    def _describe(self, method: str, params: dict[str, Any], field: str, limit: int) -> bool:
        text = str(params.get(field) or "")
        if len(text) > limit:
            raise ApiError(400, f"Bad Request: {field} is too long")
        self.descriptions[(method, str(params.get("language_code") or ""))] = text
        return True

    async def _m_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._known_chat(params)
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
                                "to delete the webhook first")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if self._poller and not self._poller.done():
            self._poller.set_exception(ApiError(409, FAILURES["conflict"][1]))
        if not self._updates and timeout > 0:
            self._new_update.clear()
            poller = self._poller = asyncio.get_running_loop().create_future()
            waiter = asyncio.ensure_future(self._new_update.wait())
            try:
                await asyncio.wait({waiter, poller}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
                if not poller.done():  # also when the client went away and aiohttp cancelled this handler
                    poller.cancel()
            if not poller.cancelled() and (error := poller.exception()) is not None:
                raise error
        return self._updates[:limit]

    async def _m_getChat(self, params: dict[str, Any]) -> Any:
        info = self._known_chat(params)
        return {**self._chat_json(info.id), "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False,
                                        "gifts_from_channels": False}}  # fmt: skip

    async def _m_getChatMember(self, params: dict[str, Any]) -> Any:
        info = self._known_chat(params)
        user_id = int(params["user_id"])
        if user_id == BOT_ID:
            return member_json(BOT_USER, info.bot_status)
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if info.type == "private":
            return member_json(user, "member")
        return member_json(user, "administrator" if user_id in info.admins else "member")

    async def _m_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        info = self._known_chat(params)
        users = [{"id": a, "is_bot": False, "first_name": f"User {a}"} for a in sorted(info.admins)]
        return [member_json(u, "administrator") for u in users]

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._accept("sendMessage", params, str(params.get("text", "")), 4096, 0)

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        photo = params.get("photo")
        if not isinstance(photo, bytes | str) or not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        size = len(photo) if isinstance(photo, bytes) else 0
        return self._accept("sendPhoto", params, str(params.get("caption", "")), 1024, size)

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}"}  # fmt: skip

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        document = params.get("document")
        if not isinstance(document, bytes) or not document:
            raise ApiError(400, "Bad Request: there is no document in the request")
        result = self._accept("sendDocument", params, str(params.get("caption", "")), 1024, 0)
        self.documents.append((result["chat"]["id"], "document", document))
        result["document"] = {"file_id": f"d{result['message_id']}", "file_unique_id": f"v{result['message_id']}"}
        return result

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        info = self._known_chat(params)
        raw = str(params.get("text", ""))
        text = self._parse(raw, params.get("parse_mode"), 4096, caption=False)
        message_id = int(params["message_id"])
        buttons = _buttons(params)
        shown = [m for m in (*self.accepted, *self.edits) if m.chat_id == info.id and m.message_id == message_id]
        if shown and (shown[-1].raw, shown[-1].buttons) == (raw, buttons):
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")
        self.edits.append(
            Accepted(info.id, message_id, text, raw, "editMessageText", time.monotonic(), False, 0, buttons,
                     _buttons(params, "text"))
        )
        return {"message_id": message_id, "date": int(time.time()), "chat": self._chat_json(info.id),
                "from": BOT_USER, "text": text, "edit_date": int(time.time())}  # fmt: skip

    # ---- sending: parse, rate limits, record ----------------------------------------------------------
    def _accept(self, method: str, params: dict[str, Any], raw: str, max_len: int, photo_size: int) -> Any:
        info = self._known_chat(params)
        if info.bot_status in ("kicked", "left") and info.type != "private":
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")
        thread_id = parse_chat_id(params.get("message_thread_id"))
        if thread_id is not None and info.forum and thread_id not in info.topics:
            raise ApiError(400, "Bad Request: message thread not found")
        text = self._parse(raw, params.get("parse_mode"), max_len, caption=method in ("sendPhoto", "sendDocument"))
        paid = str(params.get("allow_paid_broadcast", "")).lower() == "true"
        if self.limits.enabled:
            self.flood.check(info.id, private=info.type == "private", paid=paid)
        message_id = self._next_message_id()
        self.accepted.append(
            Accepted(info.id, message_id, text, raw, method, time.monotonic(), paid, photo_size, _buttons(params),
                     _buttons(params, "text"), thread_id)
        )
        result: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                                  "chat": self._chat_json(info.id), "from": BOT_USER}  # fmt: skip
        if method == "sendPhoto":
            result["photo"] = [{"file_id": f"p{message_id}", "file_unique_id": f"u{message_id}",
                                "width": 800, "height": 600}]  # fmt: skip
            if text:
                result["caption"] = text
        else:
            result["text"] = text
        return result

    def _parse(self, raw: str, parse_mode: Any, max_len: int, *, caption: bool) -> str:
        try:
            text = parse_html(raw) if str(parse_mode or "").upper() == "HTML" else raw
        except EntityError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        text = text.strip()
        if not text and not caption:
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > max_len:
            raise ApiError(400, "Bad Request: message caption is too long" if caption
                           else "Bad Request: message is too long")  # fmt: skip
        return text

    # ---- helpers ---------------------------------------------------------------------------------------
    def _known_chat(self, params: dict[str, Any]) -> ChatInfo:
        chat_id = parse_chat_id(params.get("chat_id"))
        if chat_id is None:
            username = str(params.get("chat_id", "")).lstrip("@").lower()
            for info in self.chats.values():
                if info.username and info.username.lower() == username:
                    return info
            raise ApiError(400, "Bad Request: chat not found")
        info = self.chats.get(chat_id)
        if info is None:
            if chat_id > 0:  # any user who started the bot is a chat Telegram knows
                return self.register_chat(chat_id, "private")
            raise ApiError(400, "Bad Request: chat not found")
        return info

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        info = self.chats[chat_id]
        chat: dict[str, Any] = {"id": info.id, "type": info.type}
        if info.type == "private":
            chat["first_name"] = "Test"
        else:
            chat["title"] = info.title
        if info.forum:
            chat["is_forum"] = True
        if info.username:
            chat["username"] = info.username
        return chat

    def _next_message_id(self) -> int:
        self._message_id += 1
        return self._message_id


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    """A started server with Telegram's limits at a hundredth of their real windows (fast tests)."""
    server = BotApiServer(limits=Limits(time_scale=0.01))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def _buttons(params: dict[str, Any], field: str = "callback_data") -> tuple[str, ...]:
    """The callback_data (or another field) of an inline keyboard's buttons (PTB sends reply_markup as a JSON
    string)."""
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return tuple(str(b.get(field, "")) for row in rows for b in row)
