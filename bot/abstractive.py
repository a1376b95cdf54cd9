"""Optional abstractive summaries and translations: a language model rewrites each story's extractive sentences.

Off unless `FRONTLINE_LLM_BASE_URL` is set. Any OpenAI-compatible chat completions API serves (OpenAI, a
local vLLM, llama.cpp or Ollama server). The model only rewords what the extractive engine chose: the reply
must be 1-3 sentences in the chat's language and keep every number of the extractive text, otherwise that
story keeps its extractive summary. A story told in another language (no outlet wrote in the chat's) is
translated: headline and summary, under the same checks plus the headline's own numbers, and marked with the
language it came from; one that fails them stays as it was. A slow, failing or garbled API never delays a
digest past the timeout nor loses a story: whatever did not come back in time stays as it was.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Sequence

from bot.collect.http import HttpClient
from bot.condense import detect_lang, split_sentences
from bot.condense.stories import HEADLINE_MAX_CHARS
from bot.condense.text import LETTER_MARKS, normalize_words
from bot.config import EnvSettings
from bot.domain import Story
from bot.errors import CollectError

log = logging.getLogger(__name__)

MAX_SENTENCES = 3
MAX_REPLY_CHARS = 700  # three long news sentences; a longer reply is rambling or an echo of the prompt
MAX_TOKENS = 300
CONCURRENCY = 4  # requests in flight at once: an API's rate limit, not our CPU, is the bound
_LANGUAGES = {"uk": "Ukrainian", "ru": "Russian", "en": "English"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

_FAITHFUL = (
    "Use only facts stated in them. Keep every number, unit, name and attribution exactly (for example 'about "
    "300 square miles', 'according to DeepState'); write numbers as digits, as in the source. Do not add facts, "
    "opinions or speculation."
)
_SYSTEM = (
    "You edit a news digest. Rewrite the extracted sentences of one news story as a summary of one to three "
    "short sentences in {language}. " + _FAITHFUL + " Do not write a headline. Reply with the summary text only."
)
_TRANSLATE = (
    "You edit a news digest for readers of {language}. The news story below was reported in {source}. Translate "
    "its headline into {language}, and write a summary of its extracted sentences in one to three short "
    "sentences in {language}. " + _FAITHFUL + " Reply with the translated headline on the first line and the "
    "summary on the second, with no labels."
)


def numbers(text: str) -> set[str]:
    """The numbers of a text, normalised so "1,000", "1.000" and "1000" are the same (as text.tokens does)."""
    found = _NUMBER.findall(text)
    return set(normalize_words(found, " ".join(found)))


def _prompt(story: Story) -> str:
    sources = ", ".join(link.name for link in story.sources)
    sentences = "\n".join(f"- {s}" for s in story.sentences)
    return f"Headline: {story.headline}\nSources: {sources}\nExtracted sentences:\n{sentences}"


def acceptable_translation(reply: str, story: Story, lang: str) -> tuple[str, list[str]] | None:
    """(headline, sentences) if the reply is a faithful translation by our checks, else None: the first line a
    headline in `lang` that keeps the original headline's numbers, the rest a summary as `acceptable` wants."""
    first, _, rest = reply.strip().partition("\n")
    headline = first.strip(" *#")  # markdown a model may add for emphasis
    if not headline or len(headline) > HEADLINE_MAX_CHARS:
        return None
    if not _headline_in(headline, lang, story.headline) or not numbers(story.headline) <= numbers(headline):
        return None
    sentences = acceptable(" ".join(rest.split()), story, lang)  # a summary split over lines is still one
    return None if sentences is None else (headline, sentences)


def _headline_in(headline: str, lang: str, original: str) -> bool:
    """Whether a translated headline is in `lang`. Ukrainian and Russian share all their letters but a few, and a
    short headline may have none of those ("Удар по Харкову"): such a headline passes for either language, unless
    it is the original left as it was."""
    detected = detect_lang(headline)
    if detected == lang:
        return True
    return (
        {detected, lang} == set(LETTER_MARKS)
        and not LETTER_MARKS[detected].intersection(headline.lower())
        and headline.casefold().split() != original.casefold().split()
    )


def acceptable(reply: str, story: Story, lang: str) -> list[str] | None:
    """The reply's sentences if it is a faithful summary by our checks, else None.

    Checks: 1-3 sentences, not too long, in the chat's language (when it is one we detect), and every
    number of the extractive sentences still there (a dropped or rewritten figure is the costly mistake).
    """
    reply = reply.strip()
    if not reply or len(reply) > MAX_REPLY_CHARS:
        return None
    sentences = split_sentences(reply)
    if not 1 <= len(sentences) <= MAX_SENTENCES:
        return None
    if lang in _LANGUAGES and detect_lang(reply) != lang:
        return None
    if not numbers(" ".join(story.sentences)) <= numbers(reply):
        return None
    return sentences


class AbstractiveSummarizer:
    """Rewrites stories through a chat completions API, falling back to the extractive text per story."""

    def __init__(
        self,
        http: HttpClient,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 20.0,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self._http = http
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout_s = timeout_s
        self._gate = asyncio.Semaphore(concurrency)

    @classmethod
    def from_settings(cls, env: EnvSettings, http: HttpClient) -> AbstractiveSummarizer | None:
        """The configured summarizer, or None when no API is configured (the default)."""
        if not env.llm_base_url:
            return None
        key = env.llm_api_key.get_secret_value() if env.llm_api_key else None
        return cls(http, base_url=env.llm_base_url, model=env.llm_model, api_key=key, timeout_s=env.llm_timeout_s)

    async def rewrite(self, stories: Sequence[Story], lang: str) -> list[Story]:
        """`stories` with abstractive summaries in `lang` where the model gave an acceptable one, in order; a story
        in another language comes back translated (headline too, `translated_from` set) or as it was.

        All requests share one deadline (`timeout_s`); a story without an answer by then, or with an error or
        an answer that fails the checks, keeps its extractive sentences. Never raises for the API's sake.
        """
        tasks = [asyncio.create_task(self._rewrite_one(story, lang)) for story in stories]
        if not tasks:
            return []
        try:
            done, pending = await asyncio.wait(tasks, timeout=self._timeout_s)
        finally:
            for task in tasks:
                task.cancel()  # no-op for the finished ones; nothing outlives this call
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
            log.warning("abstractive summaries timed out", extra={"pending": len(pending), "total": len(tasks)})
        return [
            task.result() if task in done and task.exception() is None else story
            for task, story in zip(tasks, stories, strict=True)
        ]

    async def _rewrite_one(self, story: Story, lang: str) -> Story:
        if not story.sentences:
            return story
        language = _LANGUAGES.get(lang, "English")
        translate = story.lang != lang and lang in _LANGUAGES
        system = (
            _TRANSLATE.format(language=language, source=_LANGUAGES.get(story.lang, "another language"))
            if translate
            else _SYSTEM.format(language=language)
        )
        payload = {
            "model": self._model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": _prompt(story)}],
            "temperature": 0,
            "max_tokens": MAX_TOKENS,
        }
        try:
            async with self._gate:
                answer = await self._http.post_json(
                    self._url, payload, headers=self._headers, timeout_s=self._timeout_s
                )
        except CollectError as exc:
            log.warning("abstractive summary failed", extra={"error": type(exc).__name__, "detail": str(exc)})
            return story
        reply = _reply_text(answer)
        if translate:
            translation = acceptable_translation(reply, story, lang)
            if translation is None:
                log.info("translation rejected", extra={"headline": story.headline[:80], "lang": lang})
                return story
            headline, sentences = translation
            return dataclasses.replace(
                story, headline=headline, sentences=tuple(sentences), lang=lang, translated_from=story.lang
            )
        rewritten = acceptable(reply, story, lang)
        if rewritten is None:
            log.info("abstractive summary rejected", extra={"headline": story.headline[:80]})
            return story
        return dataclasses.replace(story, sentences=tuple(rewritten))


def _reply_text(answer: object) -> str:
    """choices[0].message.content of a chat completion, "" for anything else."""
    try:
        content = answer["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return ""
    return content if isinstance(content, str) else ""
