"""The optional abstractive backend against a local server speaking OpenAI's chat completions API."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp import web

from bot.abstractive import AbstractiveSummarizer, acceptable, acceptable_translation, numbers
from bot.collect.http import HttpClient, HttpSettings
from bot.config import EnvSettings
from bot.domain import SourceLink, Story
from bot.errors import ParseError, SourceBlocked, SourceHTTPError, SourceUnreachable
from tests.support.llm import GOOD_KURSK, FakeLLM, Reply, completion

NOW = datetime(2024, 8, 13, 9, 0, tzinfo=UTC)

KURSK = Story(
    headline="Syrskyi: Ukraine controls about 1,000 km² of Russia's Kursk Oblast",
    sentences=(
        "Ukraine's forces control about 1,000 square kilometres of Russia's Kursk region, commander-in-chief "
        "Oleksandr Syrskyi said on Monday.",
        "According to DeepState, Ukrainian units advanced 3 km near Sudzha over the past day.",
    ),
    sources=(SourceLink("Reuters", "https://example.org/a"), SourceLink("Kyiv Independent", "https://example.org/b")),
    published=NOW,
    score=2.5,
    lang="en",
    article_urls=("https://example.org/a", "https://example.org/b"),
)
GRAIN = Story(
    headline="Ukraine's grain exports rise 10% in July",
    sentences=("Ukraine's grain exports rose 10% in July to 2.3 million tons, agriculture ministry data showed.",),
    sources=(SourceLink("Reuters", "https://example.org/c"),),
    published=NOW,
    score=1.0,
    lang="en",
)
GOOD_GRAIN = "Grain exports from Ukraine grew 10% in July, reaching 2.3 million tons, the ministry said."


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    # the LLM's host is the operator's (FRONTLINE_LLM_BASE_URL), hence trusted
    async with HttpClient(HttpSettings(trusted_origins=frozenset({"127.0.0.1"}))) as client:
        yield client


def summarizer(llm: FakeLLM, http: HttpClient, timeout_s: float = 5.0) -> AbstractiveSummarizer:
    return AbstractiveSummarizer(
        http, base_url=llm.base_url, model="test-model", api_key="sk-test", timeout_s=timeout_s
    )


def _user_text(body: dict[str, object]) -> str:
    return str(body["messages"][1]["content"])  # type: ignore[index]


async def test_rewrites_with_the_model_and_keeps_headline_and_sources(llm: FakeLLM, http: HttpClient) -> None:
    [story] = await summarizer(llm, http).rewrite([KURSK], "en")
    assert story.sentences == (
        "Ukraine controls about 1,000 square kilometres of Russia's Kursk region, Oleksandr Syrskyi said on Monday.",
        "According to DeepState, Ukrainian units advanced 3 km near Sudzha over the past day.",
    )
    assert (story.headline, story.sources, story.article_urls) == (KURSK.headline, KURSK.sources, KURSK.article_urls)
    headers, body = llm.requests[0]
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "test-model"
    assert "English" in str(body["messages"][0]["content"])  # type: ignore[index]
    user = _user_text(body)
    assert KURSK.sentences[0] in user and "Reuters, Kyiv Independent" in user


async def test_each_story_falls_back_on_its_own(llm: FakeLLM, http: HttpClient) -> None:
    def reply(body: dict[str, object]) -> web.StreamResponse:
        if "grain" in _user_text(body):
            return web.json_response(completion(GOOD_GRAIN))
        return web.json_response(completion("Ukraine holds land in Kursk region, its commander said."))

    llm.reply = reply
    kursk, grain = await summarizer(llm, http).rewrite([KURSK, GRAIN], "en")
    assert kursk == KURSK  # the reply lost "1,000" and "3": rejected
    assert grain.sentences == (GOOD_GRAIN,)


async def test_slow_api_times_out_to_the_extractive_summary(llm: FakeLLM, http: HttpClient) -> None:
    llm.stall = True
    assert await summarizer(llm, http, timeout_s=0.3).rewrite([KURSK, GRAIN], "en") == [KURSK, GRAIN]


@pytest.mark.parametrize(
    "reply",
    [
        lambda body: web.Response(status=500, text="internal error"),
        lambda body: web.Response(status=429, text="slow down", headers={"Retry-After": "30"}),
        lambda body: web.Response(text="{not json", content_type="application/json"),
        lambda body: web.Response(body=b"\xff\xfe\x00garbage", content_type="application/json"),
        lambda body: web.json_response({"choices": []}),
        lambda body: web.json_response({"choices": [{"message": {"content": None}}]}),
        lambda body: web.json_response(["not", "an", "object"]),
        lambda body: web.json_response(completion("")),
        lambda body: web.json_response(completion(GOOD_KURSK * 5)),  # far too long
        lambda body: web.json_response(completion("Україна контролює 1000 км² Курщини, 3 км біля Суджі.")),
    ],
    ids=["500", "429", "garbage-json", "bad-bytes", "no-choices", "null-content", "array", "empty", "too-long",
         "wrong-language"],
)
async def test_bad_answers_fall_back(llm: FakeLLM, http: HttpClient, reply: Reply) -> None:
    llm.reply = reply
    assert await summarizer(llm, http).rewrite([KURSK], "en") == [KURSK]


async def test_unreachable_api_falls_back(http: HttpClient) -> None:
    closed = AbstractiveSummarizer(http, base_url="http://127.0.0.1:9/v1", model="m", timeout_s=2.0)
    assert await closed.rewrite([KURSK], "en") == [KURSK]


UK_HEADLINE = "Сирський: Україна контролює близько 1000 км² Курської області"
UK_SUMMARY = (
    "За словами Сирського, Україна контролює близько 1,000 км² Курщини. "
    "За даними DeepState, українські підрозділи просунулися на 3 км біля Суджі."
)


async def test_a_story_in_another_language_is_translated_headline_and_all(llm: FakeLLM, http: HttpClient) -> None:
    llm.reply = lambda body: web.json_response(completion(f"**{UK_HEADLINE}**\n{UK_SUMMARY}"))
    [story] = await summarizer(llm, http).rewrite([KURSK], "uk")
    assert (story.headline, story.lang, story.translated_from) == (UK_HEADLINE, "uk", "en")
    assert story.sentences == tuple(UK_SUMMARY.replace("Курщини. ", "Курщини.\n").split("\n"))
    assert (story.sources, story.article_urls, story.score) == (KURSK.sources, KURSK.article_urls, KURSK.score)
    system = str(llm.requests[0][1]["messages"][0]["content"])  # type: ignore[index]
    assert "Translate its headline into Ukrainian" in system and "reported in English" in system
    assert KURSK.headline in _user_text(llm.requests[0][1])


async def test_a_story_in_the_chats_language_is_rewritten_not_translated(llm: FakeLLM, http: HttpClient) -> None:
    [story] = await summarizer(llm, http).rewrite([KURSK], "en")
    assert (story.headline, story.lang, story.translated_from) == (KURSK.headline, "en", "")
    assert "Translate" not in str(llm.requests[0][1]["messages"][0]["content"])  # type: ignore[index]


@pytest.mark.parametrize(
    "reply",
    [
        UK_SUMMARY,  # no headline line: the summary's first sentence would pass for one
        f"{UK_HEADLINE}",  # a headline and no summary
        f"Сирський: Україна контролює близько тисячі км² Курської області\n{UK_SUMMARY}",  # headline lost its number
        f"{KURSK.headline}\n{UK_SUMMARY}",  # headline left in English
        f"{UK_HEADLINE}\n{KURSK.sentences[0]} {KURSK.sentences[1]}",  # summary left in English
        f"{UK_HEADLINE}\nЗа словами Сирського, Україна контролює частину Курщини.",  # summary lost its numbers
        f"{UK_HEADLINE} {'і' * 300}\n{UK_SUMMARY}",  # a headline far too long
        f"Сырский: Украина контролирует около 1000 км² Курской области\n{UK_SUMMARY}",  # headline in Russian
        f"\n{UK_SUMMARY}",
    ],
    ids=["no-headline", "no-summary", "headline-number", "headline-en", "summary-en", "summary-numbers",
         "headline-long", "headline-ru", "blank-headline"],
)
async def test_a_bad_translation_leaves_the_story_as_it_was(llm: FakeLLM, http: HttpClient, reply: str) -> None:
    llm.reply = lambda body: web.json_response(completion(reply))
    assert await summarizer(llm, http).rewrite([KURSK], "uk") == [KURSK]


@pytest.mark.parametrize(
    ("headline", "ok"),
    [
        ("Удар керованими бомбами по Харкову: 14 поранених", True),  # no letter only Ukrainian has: passes
        ("Удар управляемыми бомбами по Харькову: 14 раненых", False),  # "ы": Russian
        ("Удар по Харкову: 14 поранених", True),
        ("Удар по Харькову: 14 раненых", False),  # the original left as it was
        ("удар  по харькову: 14 раненых", False),
        ("Glide bombs hit Kharkiv, 14 injured", False),
    ],
)
def test_a_short_headline_may_lack_the_letters_that_tell_ukrainian_from_russian(headline: str, ok: bool) -> None:
    story = dataclasses.replace(
        KURSK, headline="Удар по Харькову: 14 раненых", sentences=("Российская армия сбросила на Харьков бомбы, 14 "
                                                                   "человек ранены.",), lang="ru")  # fmt: skip
    summary = "Російська армія скинула на Харків бомби, 14 людей поранено."
    assert (acceptable_translation(f"{headline}\n{summary}", story, "uk") is not None) is ok


def test_a_translation_is_checked_like_a_summary_and_its_headline_too() -> None:
    assert acceptable_translation(f"{UK_HEADLINE}\n{UK_SUMMARY}", KURSK, "uk") is not None
    # A summary that wraps over lines is one summary; the headline is the first line, markdown stripped.
    headline, sentences = acceptable_translation(f"# {UK_HEADLINE}\n" + UK_SUMMARY.replace(". ", ".\n"), KURSK,
                                                 "uk") or ("", [])  # fmt: skip
    assert headline == UK_HEADLINE and len(sentences) == 2
    assert acceptable_translation(f"{UK_HEADLINE}\n{UK_SUMMARY}", KURSK, "ru") is None


async def test_nothing_to_rewrite(llm: FakeLLM, http: HttpClient) -> None:
    empty = Story(headline="h", sentences=(), sources=(), published=NOW, score=0.0, lang="en")
    assert await summarizer(llm, http).rewrite([], "en") == []
    assert await summarizer(llm, http).rewrite([empty], "en") == [empty]
    assert llm.requests == []


async def test_post_json_classifies_failures(llm: FakeLLM, http: HttpClient) -> None:
    url = llm.base_url + "/chat/completions"
    assert await http.post_json(url, {"a": 1}) == completion(GOOD_KURSK)
    llm.reply = lambda body: web.Response(status=429, text="slow down", headers={"Retry-After": "30"})
    with pytest.raises(SourceHTTPError) as caught:
        await http.post_json(url, {})
    assert (caught.value.status, caught.value.retry_after) == (429, 30.0)
    llm.reply = lambda body: web.Response(text="{not json")
    with pytest.raises(ParseError):
        await http.post_json(url, {})
    with pytest.raises(SourceBlocked):  # the same server under a name the operator did not give is guarded
        await http.post_json(url.replace("127.0.0.1", "localhost"), {})
    llm.stall = True
    with pytest.raises(SourceUnreachable, match="timed out"):
        await http.post_json(url, {}, timeout_s=0.2)


def test_off_by_default_and_built_from_settings() -> None:
    assert AbstractiveSummarizer.from_settings(EnvSettings(), HttpClient()) is None
    env = EnvSettings(llm_base_url="http://127.0.0.1:8000/v1/", llm_api_key="k")  # type: ignore[arg-type]
    assert isinstance(AbstractiveSummarizer.from_settings(env, HttpClient()), AbstractiveSummarizer)
    assert env.llm_model == "gpt-4o-mini" and env.llm_timeout_s == 20.0
    assert "k" not in repr(env.llm_api_key)


def test_numbers_compare_across_spellings() -> None:
    assert numbers("about 1,000 km² and 2.5 tons, 10%") == numbers("близько 1000 км², 2,5 тонни, 10 %") == {
        "1000", "2.5", "10"}
    assert acceptable("Only words here, no figures at all in it.", GRAIN, "en") is None
    assert acceptable(GOOD_GRAIN, GRAIN, "en") == [GOOD_GRAIN]
    assert json.dumps(completion("x"))  # the helper builds a serialisable completion
