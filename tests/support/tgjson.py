"""The Bot API's JSON as the test server speaks it: the bot's identity, error replies, chat members, and
request parameters as python-telegram-bot and aiohttp clients send them."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

TOKEN = "123456789:AAE-test-token-for-the-local-bot-api"
BOT_ID = 123456789
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Frontline Digest", "username": "frontline_digest_bot"}

FAILURES: dict[str, tuple[int, str]] = {
    "blocked": (403, "Forbidden: bot was blocked by the user"),
    "kicked": (403, "Forbidden: bot was kicked from the group chat"),
    "deactivated": (403, "Forbidden: user is deactivated"),
    "not_found": (400, "Bad Request: chat not found"),
    "reply_gone": (400, "Bad Request: message to be replied not found"),
    "muted": (400, "Bad Request: not enough rights to send text messages to the chat"),
    "not_member": (403, "Forbidden: bot is not a member of the group chat"),
    "query_old": (400, "Bad Request: query is too old and response timeout expired or query id is invalid"),
    "bad_html": (400, "Bad Request: can't parse entities: unsupported start tag \"x\" at byte offset 0"),
    "migrate": (400, "Bad Request: group chat was upgraded to a supergroup chat"),
    "flood": (429, "Too Many Requests: retry after {retry_after}"),
    "server_error": (500, "Internal Server Error"),
    "bad_gateway": (502, "Bad Gateway"),
    "conflict": (409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                 "is running"),
}  # fmt: skip

class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def error_response(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def parse_chat_id(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def member_json(user: dict[str, Any], status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"user": user, "status": status}
    if status == "administrator":
        member |= {name: True for name in (
            "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
            "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
            "can_post_stories", "can_edit_stories", "can_delete_stories", "can_post_messages",
            "can_edit_messages", "can_pin_messages",
        )}  # fmt: skip
        member["is_anonymous"] = False
    elif status == "restricted":
        member |= {"is_member": True, "until_date": 0} | {name: False for name in (
            "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
            "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
            "can_add_web_page_previews", "can_change_info", "can_invite_users", "can_pin_messages",
            "can_manage_topics",
        )}  # fmt: skip
    elif status == "kicked":
        member["until_date"] = 0
    return member


async def read_params(request: web.Request) -> dict[str, Any]:
    """PTB posts form fields (JSON-encoded unless strings) or multipart with files; tests may post JSON."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params |= await request.json()
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if part.name is None or not hasattr(part, "read"):
                continue
            data = await part.read()  # type: ignore[union-attr]
            params[part.name] = bytes(data) if part.filename else data.decode("utf-8")  # type: ignore[union-attr]
    elif request.can_read_body:
        params |= {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    for key in ("reply_markup", "link_preview_options", "commands", "scope"):
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params
