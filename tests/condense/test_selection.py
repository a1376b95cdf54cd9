"""Each chat's stories chosen from one shared engine run: its sources, its filters, its languages."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from functools import cache

import pytest

from bot.condense import build_stories
from bot.condense.query import TopicFilter
from bot.condense.selection import Choice, choose, own_headline
from bot.condense.stories import Telling, WindowStory, build_window
from bot.domain import Article, Story
from tests.condense.conftest import NOW, load_articles

ARTICLES = load_articles()
SOURCES = sorted({a.source_key for a in ARTICLES.values()})
BY_URL = {a.url: a for a in ARTICLES.values()}
# Every set of the fixture's seven sources: a chat may follow any of them.
SUBSETS = [frozenset(c) for n in range(len(SOURCES) + 1) for c in itertools.combinations(SOURCES, n)]
READS = [(), ("uk",), ("en",), ("ru",), ("uk", "en"), ("ru", "en"), ("uk", "ru", "en")]


@cache
def window() -> list[WindowStory]:
    """One engine run, shared by every test (as by every chat)."""
    return build_window(list(ARTICLES.values()), now=NOW)


def pick(
    sources: Collection[str] | None,
    *,
    lang: str = "uk",
    reads: tuple[str, ...] = (),
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    limit: int = 20,
) -> Choice:
    topics = TopicFilter(include, exclude)
    return choose(window(), lang=lang, reads=reads, sources=sources, topics=topics, limit=limit)


def _ids(story: Story) -> str:
    by_url = {a.url: key for key, a in ARTICLES.items()}
    return "+".join(sorted(by_url[u] for u in story.article_urls))


def _telling(story: Story) -> Telling:
    """The window's telling the chat's story was made from: its event, in the story's language or the one its
    summary's outlets wrote in."""
    [item] = [w for w in window() if set(story.article_urls) <= {a.url for a in w.reports} | _urls(w)]
    return item.tellings.get(story.lang) or next(t for t in item.tellings.values() if t.story.score == story.score)


def _urls(item: WindowStory) -> set[str]:
    return {a.url for t in item.tellings.values() for a in t.members}


@pytest.mark.parametrize("sources", SUBSETS, ids=lambda s: ",".join(sorted(s)) or "none")
def test_a_chat_gets_every_story_its_sources_carried_and_only_those(sources: frozenset[str]) -> None:
    carried = [w for w in window() if any(BY_URL[u].source_key in sources for u in _urls(w))]
    choice = pick(sources)
    assert len(choice.stories) == len(carried)
    assert choice.carried is bool(carried)
    for story in choice.stories:
        assert story.article_urls and all(BY_URL[u].source_key in sources for u in story.article_urls)
        # Credited with the chat's outlets only, one link each, to one of its articles in the story.
        outlets = [BY_URL[link.url].source_key for link in story.sources]
        assert sorted(outlets) == sorted({BY_URL[u].source_key for u in story.article_urls})
        assert all(link.url in story.article_urls for link in story.sources)


@pytest.mark.parametrize("sources", SUBSETS, ids=lambda s: ",".join(sorted(s)) or "none")
def test_every_word_of_a_story_is_from_the_chats_own_outlets(sources: frozenset[str]) -> None:
    """A story keeps the engine's headline and summary when they come from the chat's outlets; otherwise it is
    headed by the title of a report the chat follows, without another outlet's summary."""
    for story in pick(sources).stories:
        telling = _telling(story)
        if telling.told_by <= sources:
            told = telling.story
            assert (story.headline, story.sentences, story.lang) == (told.headline, told.sentences, told.lang)
        else:
            lead = BY_URL[story.sources[0].url]
            assert lead.source_key in sources
            assert (story.headline, story.sentences, story.lang) == (lead.title, (), lead.lang)


def test_a_story_partly_followed_is_credited_with_the_chats_outlets_only() -> None:
    everything = {_ids(s): s for s in pick(None).stories}
    kursk = everything["kursk-copy+kursk-en+kursk-ru+kursk-up"]
    assert len(kursk.sources) == 4
    # The Ukrainian story's words are Ukrainska Pravda's: a chat following it keeps them, with its one link.
    [own] = [s for s in pick({"pravda-uk", "reuters"}).stories if "kursk-up" in _ids(s)]
    assert (own.headline, own.sentences) == (kursk.headline, kursk.sentences)
    assert [link.url for link in own.sources] == [ARTICLES["kursk-up"].url]
    # A chat reading LIGA's Russian edition alone gets the story as LIGA told it, in Russian, with its summary.
    [liga] = pick({"liga-ru"}, reads=("uk", "ru")).stories
    assert liga.lang == "ru" and liga.sentences and [link.url for link in liga.sources] == [ARTICLES["kursk-ru"].url]
    # Syndicated: Ukrinform carries Pravda's report word for word, but the summary's words are credited to Pravda,
    # so a chat following Ukrinform alone gets Ukrinform's own headline, not Pravda's summary under its name.
    [copy] = pick({"ukrinform"}).stories
    assert copy.headline == ARTICLES["kursk-copy"].title and copy.sentences == ()


@pytest.mark.parametrize("lang", ["uk", "en", "ru"])
@pytest.mark.parametrize("reads", READS)
@pytest.mark.parametrize("limit", [1, 2, 3, 8])
def test_whole_catalogue_gets_what_the_engine_run_for_the_chat_alone_would(
    lang: str, reads: tuple[str, ...], limit: int
) -> None:
    """Following everything, without filters: the same stories, told alike, in the same order, as build_stories
    run for the chat alone."""
    alone = build_stories(list(ARTICLES.values()), lang=lang, now=NOW, limit=limit, reads=reads)
    shared = pick(None, lang=lang, reads=reads, limit=limit).stories
    assert shared == alone


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
@pytest.mark.parametrize("lang", ["uk", "en"])
def test_filters_keep_what_build_stories_keeps(include: tuple[str, ...], exclude: tuple[str, ...], lang: str) -> None:
    alone = build_stories(list(ARTICLES.values()), lang=lang, now=NOW, limit=20, include=include, exclude=exclude)
    choice = pick(None, lang=lang, include=include, exclude=exclude)
    assert choice.stories == alone and choice.carried


@pytest.mark.parametrize("sources", [frozenset({"liga-ru", "reuters"}), frozenset({"kyivindependent"})])
@pytest.mark.parametrize(("include", "exclude"), [(("Kursk",), ()), ((), ("Kyiv",)), (("Odesa",), ())])
def test_filters_apply_to_a_chats_own_stories(
    sources: frozenset[str], include: tuple[str, ...], exclude: tuple[str, ...]
) -> None:
    kept_for_all = {_ids(s) for s in pick(None, include=include, exclude=exclude).stories}
    mine = pick(sources).stories
    choice = pick(sources, include=include, exclude=exclude)
    # The chat's stories the filter keeps: those of its events the same filter keeps for everyone.
    assert [_ids(s) for s in choice.stories] == [
        _ids(s) for s in mine if any(set(_ids(s).split("+")) <= set(k.split("+")) for k in kept_for_all)
    ]
    assert choice.carried is bool(mine)  # "your filter removed them", not "no news from your sources"


@pytest.mark.parametrize("reads", READS[1:])
@pytest.mark.parametrize("sources", [frozenset({"liga-ru", "reuters"}), frozenset({"suspilne", "liga-ru"}), None])
@pytest.mark.parametrize("limit", [1, 2, 8])
def test_languages_up_to_the_limit_read_and_the_others_ranked_above_them(
    reads: tuple[str, ...], sources: frozenset[str] | None, limit: int
) -> None:
    everything = pick(sources, lang=reads[0], reads=reads, limit=99).stories
    chosen = pick(sources, lang=reads[0], reads=reads, limit=limit).stories
    readable = [s for s in chosen if s.lang in reads]
    assert readable == [s for s in everything if s.lang in reads][:limit]
    last = everything.index(readable[-1]) if len(readable) == limit else len(everything)
    assert [s for s in chosen if s.lang not in reads] == [s for s in everything[:last] if s.lang not in reads][:limit]
    assert chosen == [s for s in everything if s in chosen]  # in order


def test_a_chat_that_follows_no_source_of_the_window_gets_nothing() -> None:
    assert pick(frozenset()) == Choice([], False)
    assert pick(frozenset({"not-in-the-window"})) == Choice([], False)


def test_articles_stay_shared_not_copied() -> None:
    """A window's stories hold the collected articles themselves: 10,000 chats choosing from them copy none."""
    originals = {id(a) for a in ARTICLES.values()}
    assert all(id(a) in originals for w in window() for t in w.tellings.values() for a in t.members)


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
)  # fmt: skip
def test_a_report_heads_its_story_with_its_title_or_its_opening(
    title: str, summary: str, text: str, headline: str
) -> None:
    """A channel's post has no title: a story told from it alone is headed by its opening sentence."""
    article = Article(url="https://t.me/s/x/1", title=title, text=text, summary=summary, published=NOW,
                      source_key="x", source_name="X", lang="uk")  # fmt: skip
    assert own_headline(article) == headline
