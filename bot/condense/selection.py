"""Each chat's stories, chosen from its window's: the engine runs once for all chats (build_window), and a chat's
language, languages read, sources and topic filters only choose among the stories and the languages they were
told in.

A chat gets the stories its own sources carried, each told in the language build_stories would tell it in for
that chat, in the order build_stories would give. A story's importance weighs every outlet we watch, not only
the chat's: how widely an event is reported says how big it is, whoever the reader follows. A story is
credited only with the chat's own outlets (the links a reader gets are to the outlets they chose). Its headline
and summary stay the engine's when they come from those outlets; when they come from an outlet the chat does not
follow, the story is headed by its own outlet's report and has no summary. A reader who dropped an outlet (in a
war digest, often because they distrust it) must not get its words back under another outlet's name; what the
chat's outlets say about the event is still there, behind their links.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from bot.condense.query import TopicFilter
from bot.condense.stories import (
    Telling,
    WindowStory,
    clip_headline,
    display_lang,
    outlet_links,
    rank_key,
    readable_first,
)
from bot.condense.text import split_sentences
from bot.domain import Article, Story


@dataclass(frozen=True, slots=True)
class Choice:
    """A chat's stories, best first: up to `limit` it reads, and those in other languages that rank above the
    last of them (as build_stories returns them)."""

    stories: list[Story]
    carried: bool  # the chat's sources carried a story of the window, whatever its filters kept


def choose(
    window: Sequence[WindowStory],
    *,
    lang: str,
    reads: Collection[str],
    sources: Collection[str] | None,
    topics: TopicFilter,
    limit: int,
) -> Choice:
    """The stories of `window` for a chat in `lang` that reads `reads` (empty: everything), follows `sources`
    (source keys; None: the whole catalogue) and keeps stories by `topics` (as build_stories' include/exclude)."""
    ranked: list[tuple[Telling, WindowStory]] = []
    for item in window:
        telling = _telling(item, lang, reads, sources)
        if telling is not None:
            ranked.append((telling, item))
    ranked.sort(key=lambda pair: rank_key(pair[0].story))
    seen: list[Story] = []

    def candidates() -> Iterator[Story]:
        for telling, item in ranked:
            story = for_sources(telling, sources)
            if topics and not item.kept_by(topics, story.headline):
                continue
            seen.append(story)
            yield story

    shown, others = readable_first(candidates(), limit, lambda s: not reads or s.lang in reads)
    chosen = {id(s) for s in shown} | {id(s) for s in others}
    return Choice([s for s in seen if id(s) in chosen], bool(ranked))


def _telling(
    item: WindowStory, lang: str, reads: Collection[str], sources: Collection[str] | None
) -> Telling | None:
    """The language version the chat gets (see display_lang), counting the reports of its own sources; None when
    none of them carried the story."""
    if sources is not None and item.outlets.isdisjoint(sources):
        return None
    if len(item.tellings) == 1:
        return _any_telling(item)
    reports: Sequence[Article] = item.reports
    if sources is not None:
        # A source the chat follows may carry only a copy of another outlet's report.
        reports = [r for r in item.reports if r.source_key in sources] or [
            a for a in _any_telling(item).members if a.source_key in sources
        ]
        if not reports:
            return None
    return item.tellings.get(display_lang(Counter(r.lang for r in reports), lang, reads)) or _any_telling(item)


def _any_telling(item: WindowStory) -> Telling:
    return next(iter(item.tellings.values()))


def for_sources(telling: Telling, sources: Collection[str] | None) -> Story:
    """The story as a chat following `sources` gets it (see the module's note); some of them carried it."""
    if sources is None:
        return telling.story
    mine = [a for a in telling.members if a.source_key in sources]
    if len(mine) == len(telling.members):
        return telling.story
    urls = tuple(a.url for a in mine)
    if all(key in sources for key in telling.told_by):
        return dataclasses.replace(telling.story, sources=outlet_links(mine), article_urls=urls)
    lead = next((a for a in mine if a.lang == telling.story.lang and a.title), mine[0])
    return dataclasses.replace(
        telling.story,
        headline=own_headline(lead),
        sentences=(),
        lang=lead.lang,
        sources=outlet_links([lead, *mine]),
        article_urls=urls,
    )


def own_headline(article: Article) -> str:
    """The article's own title, or its opening sentence (a channel's post has no title)."""
    if article.title.strip():
        return clip_headline(article.title.strip())
    opening = split_sentences(article.summary or article.text, 1)
    return clip_headline(opening[0]) if opening else ""
