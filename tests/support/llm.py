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




# Ukrainian translations of the stories in tests/fixtures/readerlang, keyed by a word of the original headline:
# each keeps every number of its story, as the checks want.
UK_TRANSLATIONS = {
    "Ryazan": "Дрони атакували Рязанський НПЗ, пожежа охопила 1500 квадратних метрів\n"
    "Уночі дрони атакували Рязанський нафтопереробний завод, пожежа охопила 1500 квадратних метрів, повідомив "
    "губернатор Павло Малков. Завод переробляє близько 17 мільйонів тонн нафти на рік, а Міноборони Росії заявило "
    "про 31 збитий дрон над сімома регіонами.",
    "Купянском": "Під Куп'янськом російські війська перекинули резерви\n"
    "Російське командування перекинуло до Куп'янська до двох батальйонів резерву, повідомили в Генштабі ЗСУ. За "
    "добу на Куп'янському напрямку відбулося 11 боєзіткнень, а за даними DeepState, ситуація в місті залишається "
    "складною.",
    "EU agrees": "ЄС погодив 19-й пакет санкцій проти Росії через війну\n"
    "Посли Європейського Союзу погодили 19-й пакет санкцій проти Росії через її війну проти України, який "
    "стосується 118 танкерів тіньового флоту Кремля. Пакет також забороняє імпорт російського скрапленого газу з "
    "2027 року.",
}


def translator(translations: dict[str, str]) -> Reply:
    """Answers a request to translate a story with the translation whose key is in its headline; anything else
    (a rewrite in the story's own language, a story it has no translation for) gets an empty answer, which the
    bot's checks reject, so that story stays as it was."""

    def reply(body: dict[str, object]) -> web.StreamResponse:
        system, user = (str(m["content"]) for m in body["messages"])  # type: ignore[attr-defined, index]
        headline = user.partition("\n")[0]
        found = [text for key, text in translations.items() if key in headline] if "Translate" in system else []
        return web.json_response(completion(found[0] if found else ""))

    return reply
