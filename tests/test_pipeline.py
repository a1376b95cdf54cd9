"""The orchestrator's own rules: digest windows, one scheduled digest per slot across copies, due sources."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import numpy as np
import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot import pipeline as pipeline_module
from bot.collect.feeds import parse_feed
from bot.collect.http import HttpClient, HttpSettings
from bot.condense import embedding
from bot.condense.prepared import prepare_all
from bot.config import EnvSettings, Settings
from bot.domain import Article, SourceSpec, Story
from bot.front.claims import ClaimMaps
from bot.front.service import FrontService
from bot.metrics import Metrics
from bot.pipeline import CollectOutcome, Pipeline
from bot.services import make_http_client
from bot.store import articles as article_store
from bot.store import chat_sources as chat_source_store
from bot.store import chats as chat_store
from bot.store import sources as source_store
from bot.store.db import Database
from bot.store.models import DigestRow
from tests.conftest import FIXTURES
from tests.front.test_claims import MAPS as CLAIM_MAPS
from tests.support.llm import UK_TRANSLATIONS, FakeLLM, completion, translator
from tests.support.newsserver import NewsServer
from tests.support.tghtml import parse_html

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
SOURCE = SourceSpec(key="wire", name="Wire", url="https://wire.example/rss")


def _pipeline(db: Database, now: datetime = NOW) -> Pipeline:
    settings = Settings(env=EnvSettings(database_url=db.url), sources=(SOURCE,))
    return Pipeline(settings, db, HttpClient(), clock=lambda: now)


async def _seed(db: Database) -> None:
    article = Article(url="https://wire.example/1", title="Kursk: Ukrainian forces advance 3 km",
                      text="Ukrainian forces advanced 3 km in Kursk oblast, according to DeepState.",
                      published=NOW - timedelta(hours=1), source_key="wire", source_name="Wire", lang="en")  # fmt: skip
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, (SOURCE,))
        await article_store.add_articles(session, ids["wire"], [article], now=NOW - timedelta(minutes=30))
        await chat_store.ensure_chat(session, 7, chat_type="private", title=None, lang="en", timezone="Europe/Kyiv")
        await chat_store.subscribe(session, 7, ("08:00",))


def test_window_is_since_the_last_digest_at_most_a_day(database: Database) -> None:
    pipeline = _pipeline(database)
    assert pipeline.window(None, None) == (NOW - timedelta(hours=24), NOW)
    assert pipeline.window(NOW - timedelta(hours=3), None) == (NOW - timedelta(hours=3), NOW)
    assert pipeline.window(NOW - timedelta(days=5), None) == (NOW - timedelta(hours=24), NOW)
    assert pipeline.window(NOW - timedelta(hours=3), timedelta(hours=48)) == (NOW - timedelta(hours=48), NOW)


async def test_two_copies_firing_the_same_slot_post_one_digest(database: Database) -> None:
    await _seed(database)
    first, second = _pipeline(database), _pipeline(database, NOW + timedelta(seconds=2))
    results = await asyncio.gather(
        first.enqueue_for_chat(7, kind="scheduled"), second.enqueue_for_chat(7, kind="scheduled")
    )
    assert sum(r is not None for r in results) == 1
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(DigestRow)) == 1
    # The next slot (12 hours on) is posted again.
    later = _pipeline(database, NOW + timedelta(hours=12))
    assert await later.enqueue_for_chat(7, kind="scheduled") is not None


async def test_topic_with_nothing_to_say_enqueues_nothing(database: Database) -> None:
    await _seed(database)
    prepared = await _pipeline(database).enqueue_for_chat(7, kind="on_demand", query="Odesa")
    assert prepared is not None and not prepared.digest.stories
    found = await _pipeline(database).enqueue_for_chat(7, kind="on_demand", query="Kursk")
    assert found is not None and len(found.digest.stories) == 1
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(DigestRow)) == 1
    assert await _pipeline(database).enqueue_for_chat(404, kind="on_demand") is None


async def _collect_wire(database: Database, *, next_check_at: datetime | None = None) -> tuple[CollectOutcome, int]:
    """Collect the seeded "wire" source from a local feed (its articles link to wire.example: not fetched); the
    outcome, and how often the feed was asked."""
    async with NewsServer() as feed:
        feed.add("/rss", (FIXTURES / "e2e" / "en.xml").read_bytes(), content_type="application/rss+xml")
        async with database.session() as session, session.begin():
            row = await source_store.get_source(session, "wire")
            assert row is not None
            row.url, row.full_text, row.next_check_at = feed.url("/rss"), False, next_check_at
        async with HttpClient(HttpSettings(trusted_origins=frozenset({"127.0.0.1"}))) as http:
            settings = Settings(env=EnvSettings(database_url=database.url), sources=(SOURCE,))
            outcome = await Pipeline(settings, database, http, clock=lambda: NOW).collect_one("wire")
        return outcome, feed.hits["/rss"]


@pytest.mark.parametrize(("next_check_in", "due"), [(timedelta(minutes=29), False), (timedelta(minutes=-1), True)])
async def test_a_source_collected_moments_ago_is_not_due(
    database: Database, next_check_in: timedelta, due: bool
) -> None:
    await _seed(database)
    outcome, hits = await _collect_wire(database, next_check_at=NOW + next_check_in)  # +29 min: just collected
    assert outcome.skipped is not due and hits == int(due)  # not due: not even asked
    assert (outcome.new_articles > 0) is due


async def test_collected_articles_are_read_by_the_model_before_any_digest_asks(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _read_by_the_model(monkeypatch)
    await _seed(database)
    outcome, _ = await _collect_wire(database)
    assert outcome.new_articles > 0 and len(read) == outcome.new_articles
    async with database.session() as session:
        stored = await article_store.articles_collected_between(session, NOW - timedelta(hours=1), NOW + timedelta(1))
    assert {embedding.gist(d.title, d.head)[: embedding.TEXT_CHARS] for d in prepare_all(stored)} >= set(read)


async def test_a_start_has_the_model_read_the_last_day_before_the_first_digest(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _read_by_the_model(monkeypatch)
    await _seed(database)
    assert await _pipeline(database).warm_recent() == 1
    assert read == ["Kursk: Ukrainian forces advance 3 km. Ukrainian forces advanced 3 km in Kursk oblast, according "
                    "to DeepState."[: embedding.TEXT_CHARS]]
    assert await _pipeline(database, NOW + timedelta(days=2)).warm_recent() == 0  # a day old: no digest wants it


def _read_by_the_model(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the sentence model is given from now on (a model that counts them, its cache empty)."""
    read: list[str] = []
    monkeypatch.setattr(embedding, "_model", lambda: _Reader(read))
    monkeypatch.setattr(embedding, "_cache", type(embedding._cache)())
    return read


class _Reader:
    """The model, counting what it is given to read."""

    def __init__(self, read: list[str]) -> None:
        self.read = read

    def encode(self, texts: list[str]) -> np.ndarray:
        self.read += texts
        return np.ones((len(texts), embedding.DIMENSIONS), dtype=np.float32)


async def test_digest_summaries_come_from_the_model_when_one_is_configured(database: Database, llm: FakeLLM) -> None:
    await _seed(database)
    rewritten = "Ukrainian forces advanced 3 km in Kursk oblast, DeepState reports."
    llm.reply = lambda request: web.json_response(completion(rewritten))
    env = EnvSettings(database_url=database.url, llm_base_url=llm.base_url, llm_api_key="sk-test")
    settings = Settings(env=env, sources=(SOURCE,))
    async with make_http_client(settings) as http:  # as the bot builds it: the LLM's host is the operator's
        pipeline = Pipeline(settings, database, http, clock=lambda: NOW)
        prepared = await pipeline.prepare_digest(lang="en", tz="UTC", since=NOW - timedelta(hours=2), until=NOW)
    [story] = prepared.digest.stories
    assert story.sentences == (rewritten,)
    assert llm.requests[0][0]["Authorization"] == "Bearer sk-test"


@pytest.mark.parametrize(
    ("include", "exclude", "lang", "said"),
    [
        (("Odesa",), (), "en", "No story matched your filter (only: Odesa). /filter clear shows everything."),
        ((), ("Kursk",), "en", "No story matched your filter (hidden: Kursk). /filter clear shows everything."),
        (("Odesa", "Kherson"), ("Kursk",), "uk",
         "Жодна історія не пройшла ваш фільтр (лише: Odesa, Kherson; приховано: Kursk). /filter очистити покаже все."),
    ],
)  # fmt: skip
async def test_a_filter_that_removes_every_story_is_named(
    database: Database, include: tuple[str, ...], exclude: tuple[str, ...], lang: str, said: str
) -> None:
    await _seed(database)
    async with database.session() as session, session.begin():
        await chat_store.set_filters(session, 7, chat_store.StoryFilters(include, exclude))
        chat = await chat_store.get_chat(session, 7)
        assert chat is not None
        chat.lang = lang
    prepared = await _pipeline(database).enqueue_for_chat(7, kind="on_demand")
    assert prepared is not None and not prepared.digest.stories
    assert said in prepared.parts[-1]


async def test_no_news_is_not_blamed_on_the_filter(database: Database) -> None:
    await _seed(database)
    async with database.session() as session, session.begin():
        await chat_store.set_filters(session, 7, chat_store.StoryFilters(("Kursk",), ()))
    kept = await _pipeline(database).enqueue_for_chat(7, kind="on_demand")
    assert kept is not None and len(kept.digest.stories) == 1 and not kept.digest.empty
    # Later, nothing new was collected at all: the usual "no new stories", not the filter.
    later = await _pipeline(database, NOW + timedelta(hours=3)).enqueue_for_chat(7, kind="on_demand")
    assert later is not None and not later.digest.stories and not later.digest.empty
    assert "No new stories" in later.parts[-1]


async def _seed_match(db: Database) -> None:
    match = Article(
        url="https://wire.example/2", title="Ukraine beat Slovakia 2-1 at the Euro",
        text="The substitute striker scored the winner in the 80th minute of the group match.",
        published=NOW - timedelta(minutes=50), source_key="wire", source_name="Wire", lang="en",
    )  # fmt: skip
    async with db.session() as session, session.begin():
        row = await source_store.get_source(session, "wire")
        assert row is not None
        await article_store.add_articles(session, row.id, [match], now=NOW - timedelta(minutes=20))


@pytest.mark.parametrize("include", [(), ("Slovakia",)], ids=["no filter", "a filter that names the match"])
async def test_a_war_only_digest_without_war_news_says_so_and_everything_shows_it(
    database: Database, include: tuple[str, ...]
) -> None:
    await _seed(database)
    await _seed_match(database)
    since = NOW - timedelta(minutes=25)  # the match alone was collected in this window
    pipeline = _pipeline(database)
    filters = chat_store.StoryFilters(include, ())
    war_only = await pipeline.prepare_digest(lang="uk", tz="Europe/Kyiv", since=since, until=NOW, filters=filters)
    assert not war_only.digest.stories
    assert "Нових новин про війну" in war_only.parts[-1] and "📰" in war_only.parts[-1]  # not blamed on the filter
    everything = await pipeline.prepare_digest(
        lang="uk", tz="Europe/Kyiv", since=since, until=NOW, filters=filters, war_only=False
    )
    assert [s.headline for s in everything.digest.stories] == ["Ukraine beat Slovakia 2-1 at the Euro"]


async def test_a_chat_that_wants_everything_gets_the_match_in_its_digest(database: Database) -> None:
    await _seed(database)
    await _seed_match(database)
    prepared = await _pipeline(database).enqueue_for_chat(7, kind="on_demand")
    assert prepared is not None and [s.headline for s in prepared.digest.stories] == [
        "Kursk: Ukrainian forces advance 3 km"
    ]
    async with database.session() as session, session.begin():
        await chat_store.set_all_news(session, 7, True)
    prepared = await _pipeline(database).enqueue_for_chat(7, kind="on_demand", period=timedelta(hours=2))
    assert prepared is not None and len(prepared.digest.stories) == 2


READERLANG = {lang: SourceSpec(key=f"test-{lang}", name=name, url=f"https://{lang}.example/feed", lang=lang)
              for lang, name in (("en", "Frontline Wire"), ("uk", "Фронтові новини"), ("ru", "Независимые новости"))}


async def _seed_readerlang(db: Database, lang: str = "uk", reads: tuple[str, ...] | None = None) -> None:
    """Chat 7 (in `lang`) and four war stories (tests/fixtures/readerlang): a refinery strike in en and ru, Kharkiv
    in uk and en, Kupiansk in ru only, sanctions in en only."""
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, tuple(READERLANG.values()))
        for code, spec in READERLANG.items():
            body = (FIXTURES / "readerlang" / f"{code}.xml").read_bytes()
            articles = parse_feed(body, http_charset=None, spec=spec, now=NOW)
            await article_store.add_articles(session, ids[spec.key], articles, now=NOW - timedelta(minutes=30))
        await chat_store.ensure_chat(session, 7, chat_type="private", title=None, lang=lang, timezone="Europe/Kyiv")
        if reads is not None:
            await chat_store.set_read_langs(session, 7, reads)


def _told(stories: tuple[Story, ...]) -> dict[str, str]:
    """Which story is told in which language (a translated one: "uk from en")."""
    events = ("ryazan", "kharkiv", "kupiansk", "sanctions")
    return {
        next(e for e in events if any(e in url for url in s.article_urls)): s.lang
        + (f" from {s.translated_from}" if s.translated_from else "")
        for s in stories
    }


@pytest.mark.parametrize(
    ("lang", "reads", "told", "others"),
    [
        ("uk", None, {"kharkiv": "uk", "ryazan": "en", "sanctions": "en"}, {"kupiansk": "ru"}),
        ("uk", ("uk", "ru"), {"kharkiv": "uk", "ryazan": "ru", "kupiansk": "ru"}, {"sanctions": "en"}),
        ("uk", ("uk",), {"kharkiv": "uk"}, {"ryazan": "en", "kupiansk": "ru", "sanctions": "en"}),
        ("en", None, {"kharkiv": "en", "ryazan": "en", "sanctions": "en"}, {"kupiansk": "ru"}),
        ("ru", None, {"kharkiv": "en", "ryazan": "ru", "kupiansk": "ru", "sanctions": "en"}, {}),
    ],
)
async def test_a_digest_keeps_to_the_languages_the_chat_reads(
    database: Database, lang: str, reads: tuple[str, ...] | None, told: dict[str, str], others: dict[str, str]
) -> None:
    await _seed_readerlang(database, lang, reads)
    prepared = await _pipeline(database).enqueue_for_chat(7, kind="on_demand")
    assert prepared is not None
    assert _told(prepared.digest.stories) == told and _told(prepared.digest.others) == others
    assert ("<i>[" in prepared.parts[-1]) == any(code != lang for code in told.values())  # marked as written


async def test_a_summary_found_only_in_other_languages_is_sent_with_that_line(database: Database) -> None:
    await _seed_readerlang(database)
    prepared = await _pipeline(database).enqueue_for_chat(7, kind="on_demand", query="Купянск")
    assert prepared is not None and not prepared.digest.stories and _told(prepared.digest.others) == {"kupiansk": "ru"}
    assert "Історій мовами, якими ви читаєте, немає" in prepared.parts[-1]
    assert "Також іншими мовами (російська): " in parse_html(prepared.parts[-1])
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(DigestRow)) == 1


async def test_stories_in_other_languages_are_translated_when_a_model_is_configured(
    database: Database, llm: FakeLLM
) -> None:
    await _seed_readerlang(database)
    # The model translates two stories; its Kupiansk translation loses a number, so that story stays as it was.
    translations = {**UK_TRANSLATIONS, "Купянском": UK_TRANSLATIONS["Купянском"].replace("11 ", "одинадцять ")}
    llm.reply = translator(translations)
    env = EnvSettings(database_url=database.url, llm_base_url=llm.base_url)
    settings = Settings(env=env, sources=tuple(READERLANG.values()))
    async with make_http_client(settings) as http:
        pipeline = Pipeline(settings, database, http, clock=lambda: NOW)
        prepared = await pipeline.enqueue_for_chat(7, kind="on_demand")
    assert prepared is not None
    assert _told(prepared.digest.stories) == {"kharkiv": "uk", "ryazan": "uk from en", "sanctions": "uk from en"}
    assert _told(prepared.digest.others) == {"kupiansk": "ru"}
    text = parse_html(prepared.parts[-1])
    assert "Дрони атакували Рязанський НПЗ, пожежа охопила 1500 квадратних метрів [переклад з англійської]" in text
    ryazan = next(s for s in prepared.digest.stories if "Рязан" in s.headline)
    assert {link.name for link in ryazan.sources} == {"Frontline Wire", "Независимые новости"}


async def _seed_two_outlets(db: Database, chats: dict[int, str]) -> None:
    """Wire's Kursk report (from _seed) and Agency's report of a strike on Kharkiv; `chats` (id: language)
    subscribed at 08:00."""
    await _seed(db)
    agency = SourceSpec(key="agency", name="Agency", url="https://agency.example/rss")
    strike = Article(
        url="https://agency.example/1", title="Russian missile strike on Kharkiv injures 12",
        text="A Russian missile hit Kharkiv overnight, injuring 12 people, the regional governor said.",
        published=NOW - timedelta(hours=2), source_key="agency", source_name="Agency", lang="en",
    )  # fmt: skip
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, (SOURCE, agency))
        await article_store.add_articles(session, ids["agency"], [strike], now=NOW - timedelta(minutes=40))
        for chat_id, lang in chats.items():
            await chat_store.ensure_chat(session, chat_id, chat_type="private", title=None, lang=lang,
                                         timezone="Europe/Kyiv")  # fmt: skip
            await chat_store.subscribe(session, chat_id, ("08:00",))


class _EngineRuns:
    """Counts the shared engine's runs (war only or not)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_first: bool = False) -> None:
        self.runs: list[bool] = []
        self.fail_first = fail_first
        self.started = asyncio.Event()
        loop = asyncio.get_running_loop()
        real = pipeline_module.build_window

        def counted(*args: Any, **kwargs: Any) -> Any:  # in the engine's worker thread
            self.runs.append(kwargs["war_only"])
            loop.call_soon_threadsafe(self.started.set)
            if self.fail_first and len(self.runs) == 1:
                raise RuntimeError("the engine failed")
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline_module, "build_window", counted)


async def test_chats_of_one_slot_share_one_engine_run_and_get_their_own_sources(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    chats = {1: "en", 2: "en", 3: "en", 4: "uk", 5: "en"}
    await _seed_two_outlets(database, chats)
    runs = _EngineRuns(monkeypatch)
    seconds = iter(range(60))  # the slot's jobs run over its first minute
    pipeline = Pipeline(_pipeline(database).settings, database, HttpClient(),
                        clock=lambda: NOW + timedelta(seconds=next(seconds)))  # fmt: skip
    # 1 follows the whole catalogue (no rows); 5 turned both outlets off and added one that wrote nothing.
    async with database.session() as session, session.begin():
        for chat_id, off in {2: "agency", 3: "wire", 4: "wire", 5: "agency"}.items():
            row = await source_store.get_source(session, off)
            assert row is not None and await chat_source_store.set_following(session, chat_id, row.id, False)
        wire = await source_store.get_source(session, "wire")
        assert wire is not None and await chat_source_store.set_following(session, 5, wire.id, False)
        other = SourceSpec(key=chat_source_store.added_key("https://other.example/rss"), name="Other",
                           url="https://other.example/rss")  # fmt: skip
        await chat_source_store.add_source(session, 5, other, limit=50)
    results = await asyncio.gather(*(pipeline.enqueue_for_chat(chat_id, kind="scheduled") for chat_id in chats))
    assert runs.runs == [True]  # once for the slot, not once per chat or per language
    told = {chat_id: {link.name for s in r.digest.stories for link in s.sources}
            for chat_id, r in zip(chats, results, strict=True) if r is not None}  # fmt: skip
    assert told == {1: {"Wire", "Agency"}, 2: {"Wire"}, 3: {"Agency"}, 4: {"Agency"}, 5: set()}
    nothing = results[4]
    assert nothing is not None and "No new stories" in nothing.parts[-1]  # its source wrote nothing: not filtered
    async with database.session() as session:
        marks = {c: (await chat_store.get_chat(session, c)).last_digest_until for c in chats}  # type: ignore[union-attr]
    assert set(marks.values()) == {NOW}  # one period for the slot: the next starts there for all of them
    # The next slot's chats run the engine again, on the new period.
    later = Pipeline(pipeline.settings, database, HttpClient(), clock=lambda: NOW + timedelta(hours=12, seconds=5))
    await later.enqueue_for_chat(2, kind="scheduled")
    assert runs.runs == [True, True]


async def test_a_failed_engine_run_is_not_shared_by_the_next_chat(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _seed_two_outlets(database, {1: "en", 2: "en"})
    runs = _EngineRuns(monkeypatch, fail_first=True)
    pipeline = _pipeline(database)
    with pytest.raises(RuntimeError):
        await pipeline.enqueue_for_chat(1, kind="scheduled")
    prepared = await pipeline.enqueue_for_chat(2, kind="scheduled")
    assert prepared is not None and len(prepared.digest.stories) == 2 and len(runs.runs) == 2
    prepared = await pipeline.enqueue_for_chat(1, kind="scheduled")
    assert prepared is not None and len(prepared.digest.stories) == 2 and len(runs.runs) == 2  # shared now


async def test_a_cancelled_chat_does_not_cancel_the_run_the_others_wait_for(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _seed_two_outlets(database, {1: "en", 2: "en"})
    runs = _EngineRuns(monkeypatch)
    pipeline = _pipeline(database)
    first = asyncio.create_task(pipeline.enqueue_for_chat(1, kind="scheduled"))
    second = asyncio.create_task(pipeline.enqueue_for_chat(2, kind="scheduled"))
    async with asyncio.timeout(30):  # bounded only so that a broken pipeline fails
        await runs.started.wait()
    first.cancel()
    prepared = await second
    assert prepared is not None and len(prepared.digest.stories) == 2 and runs.runs == [True]
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_two_jobs_of_one_chat_in_one_batch_post_one_digest(database: Database) -> None:
    await _seed(database)
    pipeline = _pipeline(database)
    results = await asyncio.gather(*(pipeline.enqueue_for_chat(7, kind="scheduled") for _ in range(3)))
    assert sum(r is not None for r in results) == 1
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(DigestRow)) == 1


@pytest.mark.parametrize("later_s", [0, 1, 30, 59])
def test_the_jobs_of_one_slot_share_the_period_of_the_first(database: Database, later_s: int) -> None:
    """The first job's period ends when it fired (what was collected a moment before is in it); the slot's other
    jobs, seconds later, end theirs there too; the next slot starts its own."""
    now = [NOW + timedelta(seconds=17)]
    pipeline = Pipeline(_pipeline(database).settings, database, HttpClient(), clock=lambda: now[0])
    first = pipeline.window(None, None, scheduled=True)
    assert first[1] == NOW + timedelta(seconds=17)
    now[0] += timedelta(seconds=later_s)
    assert pipeline.window(None, None, scheduled=True) == first
    assert pipeline.window(None, None)[1] == now[0]  # /digest: until now
    now[0] = NOW + timedelta(hours=12, seconds=3)
    assert pipeline.window(None, None, scheduled=True)[1] == now[0]


class _MapFront:
    """The two calls a digest makes of the front-line service, over the small maps of tests/front/test_claims."""

    def __init__(self, broken: bool = False) -> None:
        self.broken = broken

    async def claim_maps(self) -> ClaimMaps:
        if self.broken:
            raise RuntimeError("a bug in the map check")
        return CLAIM_MAPS

    async def digest_section(self, lang: str) -> list[str]:
        return []


@pytest.mark.parametrize(
    ("lang", "query", "line"),
    [
        ("en", None, "DeepState map as of 09.07 23:00: Pokrovsk — confirmed; Kurakhove — not confirmed yet."),
        ("uk", "Pokrovsk", "Мапа DeepState станом на 09.07 23:00: Покровськ — підтверджено; "
                           "Курахове — ще не підтверджено."),
        ("ru", None, "Карта DeepState на 09.07 23:00: Покровск — подтверждено; Курахово — пока не подтверждено."),
    ],
)  # fmt: skip
async def test_digests_and_summaries_check_a_storys_claims_against_the_map(
    database: Database, lang: str, query: str | None, line: str
) -> None:
    article = Article(url="https://wire.example/p", title="Russian forces captured Pokrovsk and Kurakhove",
                      text="Russian forces captured Pokrovsk and Kurakhove after weeks of assaults, the defence "
                           "ministry in Moscow said. Ukraine's general staff reported 40 attacks on the front.",
                      published=NOW - timedelta(hours=1), source_key="wire", source_name="Wire", lang="en")  # fmt: skip
    async with database.session() as session, session.begin():
        ids = await source_store.sync_sources(session, (SOURCE,))
        await article_store.add_articles(session, ids["wire"], [article], now=NOW - timedelta(minutes=30))
    settings = Settings(env=EnvSettings(database_url=database.url), sources=(SOURCE,))
    pipeline = Pipeline(settings, database, HttpClient(), front=cast(FrontService, _MapFront()), clock=lambda: NOW)
    prepared = await pipeline.prepare_digest(
        lang=lang, tz="Europe/Kyiv", since=NOW - timedelta(hours=2), until=NOW, query=query, reads=("en", lang)
    )
    assert line in parse_html(prepared.parts[0]).splitlines()

    broken = Pipeline(settings, database, HttpClient(), front=cast(FrontService, _MapFront(True)), clock=lambda: NOW)
    prepared = await broken.prepare_digest(lang=lang, tz="Europe/Kyiv", since=NOW - timedelta(hours=2), until=NOW)
    assert prepared.digest.stories and "DeepState" not in prepared.parts[0]  # the digest goes out without labels


async def test_a_slots_digests_carry_map_labels_checked_once_per_story_and_language_and_are_measured(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = Article(url="https://wire.example/p", title="Russian forces captured Pokrovsk and Kurakhove",
                      text="Russian forces captured Pokrovsk and Kurakhove after weeks of assaults, the defence "
                           "ministry in Moscow said. Ukraine's general staff reported 40 attacks on the front.",
                      published=NOW - timedelta(hours=1), source_key="wire", source_name="Wire", lang="en")  # fmt: skip
    chats = {1: "en", 2: "en", 3: "uk", 4: "uk"}
    async with database.session() as session, session.begin():
        ids = await source_store.sync_sources(session, (SOURCE,))
        await article_store.add_articles(session, ids["wire"], [article], now=NOW - timedelta(minutes=30))
        for chat_id, lang in chats.items():
            await chat_store.ensure_chat(session, chat_id, chat_type="private", title=None, lang=lang,
                                         timezone="Europe/Kyiv")  # fmt: skip
    checked: list[str] = []
    real = pipeline_module.story_checks

    def counted(story: Story, maps: ClaimMaps, lang: str) -> Any:
        checked.append(lang)
        return real(story, maps, lang)

    monkeypatch.setattr(pipeline_module, "story_checks", counted)
    metrics = Metrics()
    settings = Settings(env=EnvSettings(database_url=database.url), sources=(SOURCE,))
    pipeline = Pipeline(settings, database, HttpClient(), front=cast(FrontService, _MapFront()), clock=lambda: NOW,
                        metrics=metrics)  # fmt: skip
    results = await asyncio.gather(*(pipeline.enqueue_for_chat(chat_id, kind="scheduled") for chat_id in chats))
    lines = {
        "en": "DeepState map as of 09.07 23:00: Pokrovsk — confirmed; Kurakhove — not confirmed yet.",
        "uk": "Мапа DeepState станом на 09.07 23:00: Покровськ — підтверджено; Курахове — ще не підтверджено.",
    }
    for (chat_id, lang), prepared in zip(chats.items(), results, strict=True):
        assert prepared is not None and lines[lang] in parse_html(prepared.parts[0]).splitlines(), chat_id
    assert sorted(checked) == ["en", "uk"]  # once per story and language, not per chat
    assert metrics.registry.get_sample_value("frontline_digest_stories_count") == len(chats)
    assert metrics.registry.get_sample_value("frontline_digest_stories_sum") == len(chats)
    assert metrics.registry.get_sample_value("frontline_digest_build_seconds_count") == len(chats)


@pytest.mark.parametrize(("kind", "query"), [("scheduled", None), ("on_demand", None), ("on_demand", "Kursk")])
@pytest.mark.parametrize("following", [True, False])
async def test_digests_and_summaries_keep_to_the_sources_the_chat_follows(
    database: Database, kind: str, query: str | None, following: bool
) -> None:
    """Wire's Kursk report and Agency's strike on Kharkiv; chat 7 turned Wire off or not."""
    await _seed_two_outlets(database, {})
    if not following:
        async with database.session() as session, session.begin():
            wire = await source_store.get_source(session, "wire")
            assert wire is not None and await chat_source_store.set_following(session, 7, wire.id, False)
    prepared = await _pipeline(database).enqueue_for_chat(7, kind=kind, query=query)
    assert prepared is not None
    credited = {link.name for s in prepared.digest.stories for link in s.sources}
    expected = {"Wire"} if query else {"Wire", "Agency"}
    assert credited == (expected if following else expected - {"Wire"})
