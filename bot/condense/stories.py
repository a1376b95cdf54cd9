"""The story engine's one entry point: articles in, ranked and summarised stories out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TypeVar

import numpy as np

from bot.condense.cluster import cluster, vectorize_all
from bot.condense.dedup import duplicate_groups
from bot.condense.facts import fact_score
from bot.condense.prepared import Prepared, prepare_all
from bot.condense.query import ArticleWords, Query, TopicFilter
from bot.condense.rank import story_score
from bot.condense.relevance import keep_war
from bot.condense.summarize import MAX_DOCS, summarize_many
from bot.condense.tfidf import TfIdf, centroid_similarities
from bot.domain import Article, SourceLink, Story

HEADLINE_MAX_CHARS = 200
PRESELECT_FACTOR = 3  # summaries are the costly part: only stories that might make the cut get one
T = TypeVar("T")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class _Group:
    """One story in the making: its duplicate sets, each led by a representative article."""

    def __init__(
        self,
        reps: list[Prepared],
        copies: dict[int, list[Prepared]],
        lang: str,
        reads: Collection[str],
        closeness: dict[int, float],
    ) -> None:
        """`closeness`: each representative's (by index) similarity to the centroid of the story's leads."""
        self.lang = display_lang(Counter(r.lang for r in reps), lang, reads)
        # Most relevant first: the story's language, then the article closest to what all outlets say.
        self.reps = sorted(reps, key=lambda r: (r.lang != self.lang, -closeness[r.index], r.index))
        self.members = [m for r in self.reps for m in [r, *copies.get(r.index, [])]]
        self.independent = len({r.article.source_key for r in reps})
        self.newest = max(_aware(m.article.published) for m in self.members)
        self.headline_report: Prepared | None = None
        self.headline = self._headline(closeness)

    def _headline(self, closeness: dict[int, float]) -> str:
        # Only the story's language: with no titled report in it, the summary's first sentence heads the story
        # (to_story), never another language's title over this language's summary.
        titled = [r for r in self.reps if r.title and r.lang == self.lang]
        if not titled:
            return ""
        best = max(titled, key=lambda r: (closeness[r.index] + 0.1 * min(fact_score(r.title), 2.0), -r.index))
        self.headline_report = best
        return clip_headline(best.title)

    def sources(self) -> tuple[SourceLink, ...]:
        return outlet_links(m.article for m in self.members)

    def told_by(self) -> frozenset[str]:
        """The sources whose words the headline and summary may be: the headline's report and the reports the
        summary is drawn from (see summarize.MAX_DOCS)."""
        told = {r.article.source_key for r in self.summary_docs()[:MAX_DOCS]}
        if self.headline_report is not None:
            told.add(self.headline_report.article.source_key)
        return frozenset(told)

    def score(self, now: datetime, facts: float) -> float:
        return story_score(independent_outlets=self.independent, newest=self.newest, now=now, facts=facts)

    def summary_docs(self) -> list[Prepared]:
        """The articles a summary is drawn from: those in the story's language, most relevant first."""
        return [r for r in self.reps if r.lang == self.lang]

    def to_story(self, now: datetime, sentences: list[str]) -> Story:
        headline = self.headline or (sentences[0][:HEADLINE_MAX_CHARS] if sentences else "")
        facts = sum(fact_score(s) for s in sentences)
        return Story(
            headline=headline,
            sentences=tuple(sentences),
            sources=self.sources(),
            published=self.newest,
            score=round(self.score(now, facts), 4),
            lang=self.lang,
            article_urls=tuple(m.article.url for m in self.members),
        )


def clip_headline(title: str) -> str:
    if len(title) <= HEADLINE_MAX_CHARS:
        return title
    return title[: HEADLINE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def outlet_links(articles: Iterable[Article]) -> tuple[SourceLink, ...]:
    """One link per outlet, in the order given (most relevant first): its first article."""
    seen: set[str] = set()
    links: list[SourceLink] = []
    for article in articles:
        key = article.source_key or article.source_name
        if key not in seen:
            seen.add(key)
            links.append(SourceLink(name=article.source_name, url=article.url))
    return tuple(links)


def display_lang(langs: Counter[str], lang: str, reads: Collection[str]) -> str:
    """The language a story is shown in, from the languages of its reports (with their counts): the chat's
    language `lang` when a report is in it, else the language the reader reads (`reads`; empty: any) with the most
    reports, else the one with the most reports (a story the reader can only get translated or listed as in
    another language). Ties go to the reader's order, then to the first report's language."""
    readable = [code for code in langs if not reads or code in reads]
    if lang in readable:
        return lang
    order = list(reads)
    if readable:
        return max(readable, key=lambda code: (langs[code], -order.index(code) if order else 0))
    return langs.most_common(1)[0][0]


def readable_first(items: Iterable[T], limit: int, readable: Callable[[T], bool]) -> tuple[list[T], list[T]]:
    """(shown, others) from `items`, best first: up to `limit` items the reader can read, and the items in other
    languages that rank above the last of them (at most `limit`: no more than the digest would have shown)."""
    shown: list[T] = []
    others: list[T] = []
    for item in items:
        if readable(item):
            shown.append(item)
            if len(shown) == limit:
                break
        elif len(others) < limit:
            others.append(item)
    return shown, others


def _pick_representative(group: list[Prepared], lang: str) -> Prepared:
    """The copy that stands for a set of duplicates: the chat's language, earliest (the original), fullest."""
    return min(group, key=lambda p: (p.lang != lang, _aware(p.article.published), -len(p.article.text or ""), p.index))


def _closeness(reps: Sequence[Prepared], lead: TfIdf, clusters: list[list[int]]) -> dict[int, float]:
    """Each representative's (by article index) similarity to the centroid of its story's leads."""
    group_of = np.zeros(len(reps), dtype=np.int64)
    for g, idx in enumerate(clusters):
        group_of[idx] = g
    # Rounded: the two articles of a pair are equally close to their centroid, and rounding noise must not
    # decide which leads.
    sims = np.round(centroid_similarities(lead.matrix, group_of), 9).tolist()
    return dict(zip([r.index for r in reps], sims, strict=True))


def build_stories(
    articles: Sequence[Article],
    *,
    lang: str,
    now: datetime,
    limit: int = 8,
    query: str | None = None,
    max_sentences: int = 3,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    war_only: bool = False,
    all_relevant: Collection[str] = (),
    reads: Collection[str] = (),
) -> list[Story]:
    """The `limit` most important stories among `articles`, best first.

    Near-duplicates (syndicated copies) are folded together, articles about one event become one story
    listing every outlet, and each story gets a headline and an extractive summary of up to
    `max_sentences` sentences, preferring articles in `lang`. With `query`, only articles about that
    topic or place are used. A chat's filters apply to whole stories: with `include`, only stories about
    at least one of its topics are kept; a story about any `exclude` topic is dropped (see TopicFilter: its
    headline or half its reports name the topic, matched like `query` across uk/ru/en). Filters only remove
    stories, they never reorder the rest. With `war_only`, only war news is used (see relevance.py), and every
    article of the sources in `all_relevant` (source keys) counts as war news.

    `reads` are the languages the reader reads (empty: all). A story is told from its reports in `lang` when it
    has any, else from those in the read language it has most reports in (see display_lang); `limit` counts the
    stories the reader can read, and the stories in none of `reads` that rank above the last of them come along
    (their `lang` is outside `reads`) for the caller to translate or list as "in other languages".
    """
    now = _aware(now)
    if query:
        parsed = Query(query)
        if parsed:
            articles = [a for a in articles if parsed.matches(a)]
    if limit <= 0:
        return []
    groups = _groups(articles, lang=lang, now=now, war_only=war_only, all_relevant=all_relevant, reads=reads)

    # Rank on what is cheap to know, summarise only the contenders, then rank again with the summaries' facts.
    wanted = max(limit * PRESELECT_FACTOR, limit + 10)
    topics = TopicFilter(include, exclude)
    kept = (g for g in groups if topics.keeps(g.headline, [r.article for r in g.reps])) if topics else groups
    # Best first, so a filter reads only as many stories as it takes to fill the digest.
    contenders = _in_order(readable_first(kept, wanted, lambda g: not reads or g.lang in reads), groups)
    summaries = summarize_many([(g.summary_docs(), g.headline) for g in contenders], max_sentences=max_sentences)
    stories = [g.to_story(now, s) for g, s in zip(contenders, summaries, strict=True)]
    stories.sort(key=rank_key)
    return _in_order(readable_first(stories, limit, lambda s: not reads or s.lang in reads), stories)


@dataclass(frozen=True, slots=True)
class _Clusters:
    """The articles about each event, before any reader's language is chosen."""

    events: list[list[Prepared]]  # each event's representatives (one per set of duplicates)
    copies: dict[int, list[Prepared]]  # a representative's duplicates, by its index
    closeness: dict[int, float]  # each representative's similarity to its event's centroid


def _cluster(
    articles: Sequence[Article], *, lang: str, war_only: bool, all_relevant: Collection[str]
) -> _Clusters:
    if not articles:
        return _Clusters([], {}, {})
    docs = prepare_all(articles)
    if war_only:
        # Articles are judged before they are grouped, not stories after: an off-topic report that shares names
        # with a war story (the same day's Ukraine match, a price report naming the front) would otherwise join
        # it, could lead it with its headline or sentences, and would count as one more outlet; and a story
        # judged as a whole would keep or drop such a mix by majority. A war report read as other costs its
        # story one outlet; the others still carry it.
        keep = keep_war([(d.title, d.head) for d in docs], [d.article.source_key for d in docs], all_relevant)
        docs = [d for d, kept in zip(docs, keep, strict=True) if kept]
        if not docs:
            return _Clusters([], {}, {})
    dup_sets = duplicate_groups([d.copy_tokens for d in docs])
    reps: list[Prepared] = []
    copies: dict[int, list[Prepared]] = {}
    for dup_set in dup_sets:
        members = [docs[i] for i in dup_set]
        rep = _pick_representative(members, lang)
        reps.append(rep)
        copies[rep.index] = [m for m in members if m is not rep]
    lead = vectorize_all(reps)
    clusters = cluster(reps, lead)
    return _Clusters([[reps[i] for i in idx] for idx in clusters], copies, _closeness(reps, lead, clusters))


def _groups(
    articles: Sequence[Article],
    *,
    lang: str,
    now: datetime,
    war_only: bool,
    all_relevant: Collection[str],
    reads: Collection[str],
) -> list[_Group]:
    """The stories in the making among `articles`, ranked on what is known before their summaries."""
    found = _cluster(articles, lang=lang, war_only=war_only, all_relevant=all_relevant)
    groups = [_Group(event, found.copies, lang, reads, found.closeness) for event in found.events]
    groups.sort(key=lambda g: -g.score(now, fact_score(g.headline)))
    return groups


@dataclass(frozen=True, slots=True)
class Telling:
    """A story told from its reports in one language."""

    story: Story
    members: tuple[Article, ...]  # every article, most relevant first (this language's first): who carried it
    told_by: frozenset[str]  # the sources whose words the headline and summary may be


@dataclass(frozen=True)
class WindowStory:
    """One event of a window, told in each language it was reported in, with what choosing it for a chat takes
    (see selection.py)."""

    tellings: dict[str, Telling]  # by language
    reports: tuple[Article, ...]  # one per set of duplicates: what the story is about, in what languages
    _kept: dict[tuple[TopicFilter, str], bool] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def outlets(self) -> frozenset[str]:
        """The sources that carried the story (any telling's members: they are the same articles)."""
        return frozenset(a.source_key for a in next(iter(self.tellings.values())).members)

    @cached_property
    def report_words(self) -> list[ArticleWords]:
        """The reports' words for topic filters: worked out once per window, on the first chat that needs them."""
        return [ArticleWords.of(a) for a in self.reports]

    def kept_by(self, topics: TopicFilter, headline: str) -> bool:
        """Whether the chat's `topics` keep the story headed `headline`: worked out once per window for all the
        chats with those filters (the pipeline hands them one TopicFilter)."""
        key = (topics, headline)
        if key not in self._kept:
            head = ArticleWords.of_text(headline)
            self._kept[key] = topics.keeps_words(head, self.report_words)
        return self._kept[key]


def build_window(
    articles: Sequence[Article],
    *,
    now: datetime,
    max_sentences: int = 3,
    war_only: bool = False,
    all_relevant: Collection[str] = (),
) -> list[WindowStory]:
    """Every story among `articles`, told in each language it was reported in, summarised: one run of the engine
    serves every chat of the period, whatever its language, languages read, sources and filters (selection.py
    chooses and orders each chat's stories). A story as a chat gets it is build_stories' for that chat."""
    now = _aware(now)
    # No reader's language: a set of duplicates is led by its earliest copy (copies are in one language anyway).
    found = _cluster(articles, lang="", war_only=war_only, all_relevant=all_relevant)
    groups = [
        [_Group(event, found.copies, code, (code,), found.closeness) for code in dict.fromkeys(r.lang for r in event)]
        for event in found.events
    ]
    summaries = iter(
        summarize_many([(g.summary_docs(), g.headline) for event in groups for g in event], max_sentences=max_sentences)
    )
    window = []
    for reports, event in zip(found.events, groups, strict=True):
        tellings = {
            g.lang: Telling(g.to_story(now, next(summaries)), tuple(m.article for m in g.members), g.told_by())
            for g in event
        }
        window.append(WindowStory(tellings, tuple(r.article for r in reports)))
    return window


def rank_key(story: Story) -> tuple[float, float, str]:
    """Stories sort by this: best score first, then the newest, then by headline (a stable order)."""
    return -story.score, -story.published.timestamp(), story.headline


def _in_order(parts: tuple[list[T], list[T]], ranked: Sequence[T]) -> list[T]:
    """The items of both parts, in their order in `ranked`."""
    chosen = {id(item) for part in parts for item in part}
    return [item for item in ranked if id(item) in chosen]
