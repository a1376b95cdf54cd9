"""The repositories against a real SQLite file, migrated by Alembic as in production."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain import Article, FetchState, SourceSpec
from bot.store import articles as article_store
from bot.store import chats as chat_store
from bot.store import deliveries as delivery_store
from bot.store import sources as source_store
from bot.store.db import Database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(database: Database) -> Database:
    await database.initialize()  # migrating twice is a no-op
    return database


async def test_sqlite_file_folder_is_created(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'deeper' / 'test.db'}")
    await db.initialize()
    await db.shutdown()
    assert (tmp_path / "nested" / "deeper" / "test.db").exists()


def _article(url: str, title: str = "Title", text: str = "Body text.", *, published: datetime = NOW) -> Article:
    return Article(url=url, title=title, text=text, published=published, source_key="a", source_name="A", lang="en")


SPECS = (SourceSpec(key="a", name="A", url="https://a.example/feed"), SourceSpec(key="b", name="B", url="https://b/f"))


async def test_sources_sync_keeps_health_and_disables_removed(db: Database) -> None:
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, SPECS)
        row = await source_store.get_source(session, "a")
        assert row is not None
        source_store.record_success(row, FetchState(etag='"x"'), new_articles=3, now=NOW, next_check_at=NOW)
    async with db.session() as session, session.begin():
        again = await source_store.sync_sources(session, SPECS[:1])
        assert again == {"a": ids["a"]}
        assert [r.key for r in await source_store.enabled_sources(session)] == ["a"]
        row = await source_store.get_source(session, "a")
        assert row is not None and row.etag == '"x"' and row.articles_total == 3
        source_store.record_failure(row, "timeout", next_check_at=NOW + timedelta(minutes=5))
        source_store.record_failure(row, "timeout", next_check_at=NOW + timedelta(minutes=10))
    async with db.session() as session:
        [health] = [source_store.health_of(r) for r in await source_store.enabled_sources(session)]
        assert health.consecutive_failures == 2 and health.last_error == "timeout"
        assert health.next_check_at == NOW + timedelta(minutes=10)  # aware UTC comes back


async def test_changing_a_source_url_forgets_its_validators(db: Database) -> None:
    async with db.session() as session, session.begin():
        await source_store.sync_sources(session, SPECS)
        row = await source_store.get_source(session, "a")
        assert row is not None
        row.etag = '"old"'
    moved = (SourceSpec(key="a", name="A", url="https://a.example/new-feed"),)
    async with db.session() as session, session.begin():
        await source_store.sync_sources(session, moved)
        row = await source_store.get_source(session, "a")
        assert row is not None and row.etag is None


async def test_articles_are_deduplicated_by_url_and_per_outlet_text(db: Database) -> None:
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, SPECS)
        first = [_article("https://a/1", "Kursk", "Same words."), _article("https://a/2", "Other", "Other words.")]
        assert await article_store.add_articles(session, ids["a"], first, now=NOW) == 2
        # The same URL again, and the same text under a new URL at the same outlet: nothing new.
        again = [_article("https://a/1", "Kursk", "Edited."), _article("https://a/3?x", "KURSK", "same  words!")]
        assert await article_store.add_articles(session, ids["a"], again, now=NOW) == 0
        # The same text at another outlet is kept: the story credits both outlets.
        assert await article_store.add_articles(session, ids["b"], [_article("https://b/9", "Kursk", "Same words.")],
                                                now=NOW) == 1  # fmt: skip
        assert await article_store.recent_urls(session, ids["a"]) == {"https://a/1", "https://a/2"}


async def test_articles_window_is_by_collection_time(db: Database) -> None:
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, SPECS)
        future = _article("https://a/future", "From the future", published=NOW + timedelta(days=1))
        await article_store.add_articles(session, ids["a"], [future], now=NOW)
        await article_store.add_articles(session, ids["a"], [_article("https://a/late", "Late")],
                                         now=NOW + timedelta(hours=2))  # fmt: skip
    async with db.session() as session:
        got = await article_store.articles_collected_between(
            session, NOW - timedelta(hours=1), NOW + timedelta(hours=1)
        )
        assert [a.url for a in got] == ["https://a/future"]
        assert got[0].published == NOW  # clamped: nothing is newer than the moment we saw it
        assert got[0].source_name == "A"


async def test_subscriptions(db: Database) -> None:
    async with db.session() as session, session.begin():
        chat = await chat_store.ensure_chat(
            session, 42, chat_type="private", title=None, lang="uk", timezone="Europe/Kyiv"
        )
        assert chat.lang == "uk"
        await chat_store.subscribe(session, 42, ("08:00", "20:00"))
        await chat_store.ensure_chat(session, 43, chat_type="private", title=None, lang="en", timezone="UTC")
    async with db.session() as session, session.begin():
        [scheduled] = await chat_store.scheduled_chats(session)
        assert scheduled == chat_store.ScheduledChat(42, ("08:00", "20:00"), "Europe/Kyiv", "uk")
        chat = await chat_store.get_chat(session, 42)
        assert chat is not None
        chat.status = "blocked"
    async with db.session() as session, session.begin():
        assert await chat_store.scheduled_chats(session) == []
        # The user writes again: reachable again, subscription intact.
        await chat_store.ensure_chat(session, 42, chat_type="private", title=None, lang="uk", timezone="Europe/Kyiv")
        assert len(await chat_store.scheduled_chats(session)) == 1
        assert await chat_store.unsubscribe(session, 42) is True
        assert await chat_store.unsubscribe(session, 42) is False
        assert await chat_store.scheduled_chats(session) == []


@pytest.mark.parametrize("topic", [None, 11, 2**40])
async def test_a_slots_digests_written_together_go_where_each_chat_subscribed(db: Database, topic: int | None) -> None:
    """The forum topic is the subscription's, read when a part is sent: digests written in one batch go to each
    chat's topic, and a deleted topic's pending parts go to General with the chat's later ones."""
    topics = {-1001: topic, -1002: None, -1003: 42, -1004: None}  # -1004 is not subscribed
    async with db.session() as session, session.begin():
        for chat_id, thread in topics.items():
            await chat_store.ensure_chat(session, chat_id, chat_type="supergroup", title=None, lang="uk",
                                         timezone="Europe/Kyiv")  # fmt: skip
            if chat_id != -1004:
                await chat_store.subscribe(session, chat_id, ("08:00",), thread_id=thread)
        await delivery_store.enqueue_digests(session, [
            delivery_store.NewDigest(chat_id, "scheduled", "uk", NOW - timedelta(hours=24), NOW, ["one", "two"])
            for chat_id in topics
        ])  # fmt: skip
    async with db.session() as session:
        parts = await delivery_store.load_pending(session)
    assert sorted((p.chat_id, p.part_no, p.thread_id) for p in parts) == sorted(
        (chat_id, no, thread) for chat_id, thread in topics.items() for no in (0, 1)
    )
    async with db.session() as session:
        assert await delivery_store.drop_thread(session, -1003, 42) == "uk"
        parts = await delivery_store.load_pending(session)
    assert {p.thread_id for p in parts if p.chat_id == -1003} == {None}


async def test_a_source_marked_all_relevant_is_stored_and_follows_the_configuration(db: Database) -> None:
    channel = SourceSpec(key="front", name="Front", url="https://t.me/s/front", all_relevant=True)
    async with db.session() as session, session.begin():
        await source_store.sync_sources(session, (*SPECS, channel))
        assert await source_store.all_relevant_keys(session) == {"front"}
        row = await source_store.get_source(session, "front")
        assert row is not None and source_store.spec_of(row) == channel
    async with db.session() as session, session.begin():
        await source_store.sync_sources(session, (*SPECS, SourceSpec(key="front", name="Front", url=channel.url)))
        assert await source_store.all_relevant_keys(session) == frozenset()


async def test_everything_from_my_sources_is_a_chat_setting_off_by_default(db: Database) -> None:
    async with db.session() as session, session.begin():
        await chat_store.ensure_chat(session, 5, chat_type="private", title=None, lang="uk", timezone="Europe/Kyiv")
        assert not await chat_store.all_news_on(session, 5)
        await chat_store.set_all_news(session, 5, True)  # no subscription needed
    async with db.session() as session, session.begin():
        assert await chat_store.all_news_on(session, 5)
        await chat_store.subscribe(session, 5, ("08:00",))
        await chat_store.set_all_news(session, 5, False)
    async with db.session() as session:
        assert not await chat_store.all_news_on(session, 5) and await chat_store.scheduled_chat(session, 5)


@pytest.mark.parametrize(("lang", "default"), [("uk", ("en", "uk")), ("ru", ("en", "ru")), ("en", ("en",))])
async def test_the_languages_a_chat_reads_default_to_its_own_and_english(
    db: Database, lang: str, default: tuple[str, ...]
) -> None:
    async with db.session() as session, session.begin():
        await chat_store.ensure_chat(session, 5, chat_type="private", title=None, lang=lang, timezone="Europe/Kyiv")
        assert await chat_store.read_langs(session, 5, lang) == default
        assert await chat_store.read_langs(session, 5, "ru") == ("en", "ru")  # the default follows the chat's language
        await chat_store.set_read_langs(session, 5, ("ru", "uk", "xx", "ru"))  # no subscription needed
    async with db.session() as session, session.begin():
        assert await chat_store.read_langs(session, 5, lang) == ("uk", "ru")  # chosen: kept whatever the language
        with pytest.raises(ValueError):
            await chat_store.set_read_langs(session, 5, ("xx",))
    async with db.session() as session:
        assert await chat_store.read_langs(session, 5, lang) == ("uk", "ru")
