"""A local server speaking OpenAI's chat completions API, for the abstractive backend's tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import pytest
from aiohttp import web

GOOD_KURSK = (
    "Ukraine controls about 1,000 square kilometres of Russia's Kursk region, Oleksandr Syrskyi said on Monday. "
    "According to DeepState, Ukrainian units advanced 3 km near Sudzha over the past day."
)


def completion(content: str) -> dict[str, object]:
    return {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant",
            "content": content}, "finish_reason": "stop"}]}


Reply = Callable[[dict[str, object]], web.StreamResponse]


@dataclass
class FakeLLM:
    """POST /v1/chat/completions answered by `reply` (request JSON in, response out); requests are kept."""

    reply: Reply
    requests: list[tuple[dict[str, str], dict[str, object]]] = field(default_factory=list)
    stall: bool = False  # hold every answer until the test ends
    released: asyncio.Event = field(default_factory=asyncio.Event)
    base_url: str = ""


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    fake = FakeLLM(reply=lambda request: web.json_response(completion(GOOD_KURSK)))

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.json()
        fake.requests.append((dict(request.headers), body))
        if fake.stall:
            await fake.released.wait()
        return fake.reply(body)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake.base_url = f"http://127.0.0.1:{port}/v1"
    yield fake
    fake.released.set()
    await runner.cleanup()


