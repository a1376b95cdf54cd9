"""Each chat's stories chosen from one shared engine run: its sources, its filters, its languages."""

from __future__ import annotations

import itertools
from collections.abc import Collection

import pytest

from bot.condense import build_stories
from bot.condense.query import TopicFilter
from bot.condense.selection import Choice, choose, own_headline
from bot.condense.stories import WindowStory, build_window
from bot.domain import Article, Story
from tests.condense.conftest import NOW, load_articles

ARTICLES = load_articles()
SOURCES = sorted({a.source_key for a in ARTICLES.values()})
BY_URL = {a.url: a for a in ARTICLES.values()}
# Every set of the fixture's seven sources: a chat may follow any of them.
SUBSETS = [frozenset(c) for n in range(len(SOURCES) + 1) for c in itertools.combinations(SOURCES, n)]
_windows: dict[tuple[str, tuple[str, ...]], list[WindowStory]] = {}


def window(lang: str = "uk", reads: tuple[str, ...] = ()) -> list[WindowStory]:
    """One engine run per language and languages read, shared by every test (as by every chat)."""
    key = (lang, reads)
    if key not in _windows:
        _windows[key] = build_window(list(ARTICLES.values()), lang=lang, now=NOW, reads=reads)
    return _windows[key]


def pick(
    sources: Collection[str] | None,
    *,
    lang: str = "uk",
    reads: tuple[str, ...] = (),
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    limit: int = 20,
) -> Choice:
    return choose(window(lang, reads), sources=sources, topics=TopicFilter(include, exclude), reads=reads, limit=limit)


def _ids(story: Story) -> str:
    by_url = {a.url: key for key, a in ARTICLES.items()}
    return "+".join(sorted(by_url[u] for u in story.article_urls))


@pytest.mark.parametrize("sources", SUBSETS, ids=lambda s: ",".join(sorted(s)) or "none")
def test_a_chat_gets_every_story_its_sources_carried_and_only_those(sources: frozenset[str]) -> None:
    carried = [w for w in window() if any(a.source_key in sources for a in w.members)]
    choice = pick(sources)
    assert len(choice.stories) == len(carried)
    assert choice.carried is bool(carried)
    for story, item in zip(choice.stories, carried, strict=True):
        assert story.score == item.story.score  # the window's order: how widely the event was reported
        assert story.article_urls and all(BY_URL[u].source_key in sources for u in story.article_urls)
        # Credited with the chat's outlets only, one link each, to one of its articles in the story.
        outlets = [BY_URL[link.url].source_key for link in story.sources]
        assert sorted(outlets) == sorted({a.source_key for a in item.members if a.source_key in sources})
        assert all(link.url in story.article_urls for link in story.sources)


@pytest.mark.parametrize("sources", SUBSETS, ids=lambda s: ",".join(sorted(s)) or "none")
def test_every_word_of_a_story_is_from_the_chats_own_outlets(sources: frozenset[str]) -> None:
    """A story keeps the engine's headline and summary when they come from the chat's outlets; otherwise it is
    headed by the title of a report the chat follows, without another outlet's summary."""
    for story, item in zip(pick(sources).stories, (w for w in window() if _carried(w, sources)), strict=True):
        if item.told_by <= sources:
            assert (story.headline, story.sentences, story.lang) == (item.story.headline, item.story.sentences,
                                                                     item.story.lang)  # fmt: skip
        else:
            lead = BY_URL[story.sources[0].url]
            assert lead.source_key in sources
            assert (story.headline, story.sentences, story.lang) == (lead.title, (), lead.lang)


def _carried(item: WindowStory, sources: frozenset[str]) -> bool:
    return any(a.source_key in sources for a in item.members)


def test_a_story_partly_followed_is_credited_with_the_chats_outlets_only() -> None:
    everything = {_ids(s): s for s in pick(None).stories}
    kursk = everything["kursk-copy+kursk-en+kursk-ru+kursk-up"]
    assert len(kursk.sources) == 4
    # The Ukrainian story's words are Ukrainska Pravda's: a chat following it keeps them, with its one link.
    [own] = [s for s in pick({"pravda-uk", "reuters"}).stories if "kursk-up" in _ids(s)]
    assert (own.headline, own.sentences) == (kursk.headline, kursk.sentences)
    assert [link.url for link in own.sources] == [ARTICLES["kursk-up"].url]
    # A chat reading only LIGA's Russian edition gets LIGA's own report of it, not Pravda's words under LIGA.
    [liga] = [s for s in pick({"liga-ru"}).stories]
    assert liga.headline == ARTICLES["kursk-ru"].title and liga.sentences == () and liga.lang == "ru"
    assert [link.url for link in liga.sources] == [ARTICLES["kursk-ru"].url]


def test_whole_catalogue_chooses_what_the_engine_run_for_the_chat_would() -> None:
    """Following everything, without filters: the same stories, in the same order, as build_stories run for the
    chat alone, for every limit."""
    for lang, reads, limit in itertools.product(("uk", "en", "ru"), ((), ("en",), ("uk", "en")), (1, 2, 3, 8)):
        alone = build_stories(list(ARTICLES.values()), lang=lang, now=NOW, limit=limit, reads=reads)
        shared = pick(None, lang=lang, reads=reads, limit=limit).stories
        assert [(s.headline, s.sentences, s.score) for s in shared] == [
            (s.headline, s.sentences, s.score) for s in alone
        ], (lang, reads, limit)


@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (("Kursk",), ()),
        (("Курськ",), ()),
        (("Київ",), ()),
        (("Kursk", "Pokrovsk"), ()),
        (("grain Kharkiv",), ()),
        ((), ("Kyiv",)),
        ((), ("Курск",)),
        ((), ("Kyiv", "grain")),
        (("Kursk",), ("Kursk",)),
        (("the",), ()),
    ],
)
@pytest.mark.parametrize("sources", [None, frozenset({"liga-ru", "reuters"}), frozenset({"kyivindependent"})])
def test_filters_keep_what_they_keep_in_build_stories(
    include: tuple[str, ...], exclude: tuple[str, ...], sources: frozenset[str] | None
) -> None:
    everything = [_ids(s) for s in build_stories(list(ARTICLES.values()), lang="uk", now=NOW, limit=20,
                                                  include=include, exclude=exclude)]  # fmt: skip
    choice = pick(sources, include=include, exclude=exclude)
    mine = [_ids(s) for s in pick(sources).stories]
    # The chat's stories the filter keeps: those of its stories that the same filter keeps for everyone.
    kept = [key for key in mine if any(set(key.split("+")) <= set(full.split("+")) for full in everything)]
    assert [_ids(s) for s in choice.stories] == kept
    assert choice.carried is bool(mine)


@pytest.mark.parametrize("reads", [("uk",), ("en",), ("ru",), ("uk", "en"), ("uk", "ru", "en")])
@pytest.mark.parametrize("sources", [None, frozenset({"liga-ru", "reuters"}), frozenset({"suspilne", "liga-ru"})])
@pytest.mark.parametrize("limit", [1, 2, 8])
def test_languages_up_to_the_limit_read_and_the_others_ranked_above_them(
    reads: tuple[str, ...], sources: frozenset[str] | None, limit: int
) -> None:
    everything = pick(sources, lang=reads[0], reads=reads, limit=99).stories
    chosen = pick(sources, lang=reads[0], reads=reads, limit=limit).stories
    readable = [s for s in chosen if s.lang in reads]
    assert readable == [s for s in everything if s.lang in reads][:limit]
    last = everything.index(readable[-1]) if len(readable) == limit else len(everything)
    others = [s for s in everything[:last] if s.lang not in reads][:limit]
    assert [s for s in chosen if s.lang not in reads] == others
    assert chosen == [s for s in everything if s in chosen]  # in the window's order


def test_an_empty_source_set_gets_nothing_and_carried_nothing() -> None:
    assert pick(frozenset()) == Choice([], False)


def test_articles_stay_shared_not_copied() -> None:
    """A window's stories hold the collected articles themselves: 10,000 chats choosing from them copy none."""
    originals = {id(a) for a in ARTICLES.values()}
    assert all(id(a) in originals for w in window() for a in w.members)


@pytest.mark.parametrize(
    ("title", "summary", "text", "headline"),
    [
        ("Сили ППО збили 24 дрони", "", "Текст.", "Сили ППО збили 24 дрони"),
        ("", "", "Сили ППО збили 24 з 28 дронів над Києвом. Уламки впали в Дарницькому районі.",
         "Сили ППО збили 24 з 28 дронів над Києвом."),
        ("", "Вночі ворог атакував Київ. Далі текст.", "Інше.", "Вночі ворог атакував Київ."),
        ("  ", "", "", ""),
        ("Слово " * 60, "", "", ("Слово " * 60)[:199].rsplit(" ", 1)[0] + "…"),
    ],
)
def test_a_report_heads_its_story_with_its_title_or_its_opening(
    title: str, summary: str, text: str, headline: str
) -> None:
    """A channel's post has no title: a story told from it alone is headed by its opening sentence."""
    article = Article(url="https://t.me/s/x/1", title=title, text=text, summary=summary, published=NOW,
                      source_key="x", source_name="X", lang="uk")  # fmt: skip
    assert own_headline(article) == headline
