"""Each chat's stories, chosen from its window's: the engine runs once for many chats (build_window), and a
chat's sources, topic filters and languages only choose among its stories.

A chat gets the stories its own sources carried, in the window's order. The order weighs every outlet we
watch, not only the chat's: how widely an event is reported says how big it is, whoever the reader follows.
A story is credited only with the chat's own outlets (the links a reader gets are to the outlets they chose).
Its headline and summary stay the engine's when they come from those outlets; when they come from an outlet the
chat does not follow, the story is headed by its own outlet's report and has no summary. A reader who dropped an
outlet (in a war digest, often because they distrust it) must not get its words back under another outlet's
name; what the chat's outlets say about the event is still there, behind their links.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from bot.condense.query import ArticleWords, TopicFilter
from bot.condense.stories import WindowStory, clip_headline, outlet_links, readable_first
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
    sources: Collection[str] | None,
    topics: TopicFilter,
    reads: Collection[str],
    limit: int,
) -> Choice:
    """The stories of `window` for a chat that follows `sources` (source keys; None: the whole catalogue), keeps
    stories by `topics` (as build_stories' include/exclude) and reads `reads` (empty: everything)."""
    carried = False
    seen: list[Story] = []

    def candidates() -> Iterator[Story]:
        nonlocal carried
        for item in window:
            story = for_sources(item, sources)
            if story is None:
                continue
            carried = True
            if topics and not topics.keeps_words(_headline_words(item, story), item.report_words):
                continue
            seen.append(story)
            yield story

    shown, others = readable_first(candidates(), limit, lambda s: not reads or s.lang in reads)
    chosen = {id(s) for s in shown} | {id(s) for s in others}
    return Choice([s for s in seen if id(s) in chosen], carried)


def for_sources(item: WindowStory, sources: Collection[str] | None) -> Story | None:
    """The story as a chat following `sources` gets it (see the module's note), or None when none of them
    carried it."""
    if sources is None:
        return item.story
    mine = [a for a in item.members if a.source_key in sources]
    if len(mine) == len(item.members):
        return item.story
    if not mine:
        return None
    urls = tuple(a.url for a in mine)
    if all(key in sources for key in item.told_by):
        return dataclasses.replace(item.story, sources=outlet_links(mine), article_urls=urls)
    lead = next((a for a in mine if a.lang == item.story.lang and a.title), mine[0])
    return dataclasses.replace(
        item.story,
        headline=own_headline(lead),
        sentences=(),
        lang=lead.lang,
        sources=outlet_links([lead, *mine]),
        article_urls=urls,
    )


def _headline_words(item: WindowStory, story: Story) -> ArticleWords:
    return item.headline_words if story.headline == item.story.headline else ArticleWords.of_text(story.headline)


def own_headline(article: Article) -> str:
    """The article's own title, or its opening sentence (a channel's post has no title)."""
    if article.title.strip():
        return clip_headline(article.title.strip())
    opening = split_sentences(article.summary or article.text, 1)
    return clip_headline(opening[0]) if opening else ""
