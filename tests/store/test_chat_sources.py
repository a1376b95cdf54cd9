"""Each chat's sources in the store: the catalogue by default, toggles, added sources shared by URL, the limit,
removal and forgetting, failure reports once per streak, and the key sets the digests select by."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from bot.domain import SourceKind, SourceSpec
from bot.store import chat_sources as store
from bot.store import chats as chat_store
from bot.store.db import Database
from bot.store.models import ChatRow, ChatSourceRow, SourceRow
from bot.store.sources import get_source, sync_sources

CATALOGUE = tuple(
    SourceSpec(key=f"cat-{i}", name=f"Catalogue {i}", url=f"https://cat{i}.example/rss", lang=lang)
    for i, lang in enumerate(("uk", "ru", "en"))
)


def _added(n: int, lang: str = "en") -> SourceSpec:
    url = f"https://own{n}.example/feed"
    return SourceSpec(key=store.added_key(url), name=f"Own {n}", url=url, lang=lang, full_text=False)


async def _chats(db: Database, *ids: int) -> None:
    async with db.session() as session, session.begin():
        await sync_sources(session, CATALOGUE)
        for chat_id in ids:
            await chat_store.ensure_chat(session, chat_id, chat_type="private", title=None, lang="uk",
                                         timezone="Europe/Kyiv")  # fmt: skip


async def test_a_new_chat_follows_the_whole_catalogue_and_toggles_one_off_and_on(database: Database) -> None:
    await _chats(database, 1, 2)
    async with database.session() as session, session.begin():
        assert await store.chat_source_keys(session, 1) == {"cat-0", "cat-1", "cat-2"}
        ru = await get_source(session, "cat-1")
        assert ru is not None
        assert await store.set_following(session, 1, ru.id, False) is not None
        assert await store.set_following(session, 1, ru.id, False) is not None  # a second press changes nothing
        assert await store.chat_source_keys(session, 1) == {"cat-0", "cat-2"}
        assert await store.chat_source_keys(session, 2) == {"cat-0", "cat-1", "cat-2"}  # the other chat's own
        listed = await store.chat_sources(session, 1)
        assert [(s.row.key, s.following, s.added) for s in listed] == [
            ("cat-0", True, False), ("cat-1", False, False), ("cat-2", True, False)
        ]  # fmt: skip
        await store.set_following(session, 1, ru.id, True)
        assert await store.chat_source_keys(session, 1) == {"cat-0", "cat-1", "cat-2"}
        assert await session.scalar(select(func.count()).select_from(ChatSourceRow)) == 0  # the default is no row


async def test_a_catalogue_change_reaches_every_chat_that_did_not_turn_it_off(database: Database) -> None:
    await _chats(database, 1)
    extra = SourceSpec(key="cat-new", name="New", url="https://new.example/rss")
    async with database.session() as session, session.begin():
        await sync_sources(session, (*CATALOGUE, extra))
        assert "cat-new" in await store.chat_source_keys(session, 1)
        await sync_sources(session, CATALOGUE[:1])  # the operator dropped two
        assert await store.chat_source_keys(session, 1) == {"cat-0"}


async def test_a_url_many_chats_add_is_one_source(database: Database) -> None:
    await _chats(database, 1, 2, 3)
    async with database.session() as session, session.begin():
        for chat_id in (1, 2):
            outcome, row = await store.add_source(session, chat_id, _added(1), limit=50)
            assert outcome is store.Added.ADDED and row.added and row.key == store.added_key(row.url)
        assert (await store.add_source(session, 1, _added(1), limit=50))[0] is store.Added.ALREADY
        assert await session.scalar(select(func.count()).select_from(SourceRow).where(SourceRow.added)) == 1
        keys = await store.chat_source_keys_bulk(session, [1, 2, 3])
        own = _added(1).key
        assert own in keys[1] and own in keys[2] and own not in keys[3]
        # The catalogue's own URL added again is the catalogue source, turned back on if it was off.
        cat = await get_source(session, "cat-0")
        assert cat is not None
        await store.set_following(session, 3, cat.id, False)
        same = SourceSpec(key="whatever", name="x", url=cat.url)
        assert (await store.add_source(session, 3, same, limit=50))[0] is store.Added.ADDED
        assert (await store.add_source(session, 3, same, limit=50))[0] is store.Added.ALREADY
        assert "cat-0" in await store.chat_source_keys(session, 3)


async def test_the_limit_counts_a_chats_own_sources_only(database: Database) -> None:
    await _chats(database, 1)
    async with database.session() as session, session.begin():
        outcomes = [(await store.add_source(session, 1, _added(n), limit=2))[0] for n in range(3)]
        assert outcomes == [store.Added.ADDED, store.Added.ADDED, store.Added.OVER_LIMIT]
        assert await store.own_count(session, 1) == 2
        assert len(await store.chat_source_keys(session, 1)) == len(CATALOGUE) + 2
        assert await session.scalar(select(func.count()).select_from(SourceRow).where(SourceRow.added)) == 2


async def test_a_source_no_chat_follows_any_more_is_disabled(database: Database) -> None:
    await _chats(database, 1, 2)
    async with database.session() as session, session.begin():
        _, row = await store.add_source(session, 1, _added(1), limit=50)
        await store.add_source(session, 2, _added(1), limit=50)
        removed = await store.remove_source(session, 1, row.id)
        assert removed is not None and removed.enabled  # chat 2 still follows it
        assert await store.remove_source(session, 1, row.id) is None  # not chat 1's any more
        removed = await store.remove_source(session, 2, row.id)
        assert removed is not None and not removed.enabled
        assert await store.chat_source_keys(session, 2) == {"cat-0", "cat-1", "cat-2"}
        # Added again later: enabled again, with fresh health.
        row.consecutive_failures, row.last_error = 7, "old"
        outcome, again = await store.add_source(session, 1, _added(1), limit=50)
        assert outcome is store.Added.ADDED and again.id == row.id and again.enabled
        assert (again.consecutive_failures, again.last_error) == (0, None)
        cat = await get_source(session, "cat-0")
        assert cat is not None and await store.remove_source(session, 1, cat.id) is None  # not removable


async def test_a_forgotten_chat_loses_its_choices_and_the_sources_only_it_followed(database: Database) -> None:
    await _chats(database, 1, 2)
    async with database.session() as session, session.begin():
        _, lone = await store.add_source(session, 1, _added(1), limit=50)
        _, shared = await store.add_source(session, 1, _added(2), limit=50)
        await store.add_source(session, 2, _added(2), limit=50)
        await store.set_following(session, 1, (await get_source(session, "cat-0")).id, False)  # type: ignore[union-attr]
        assert await store.forget_chat_sources(session, 1) == [lone.key]  # to stop collecting it
        left = select(func.count()).select_from(ChatSourceRow).where(ChatSourceRow.chat_id == 1)
        assert await session.scalar(left) == 0
    async with database.session() as session:
        assert await session.get(SourceRow, lone.id) is None  # gone, URL and all
        kept = await session.get(SourceRow, shared.id)
        assert kept is not None and kept.enabled


async def test_deleting_a_chat_deletes_its_choices(database: Database) -> None:
    await _chats(database, 1)
    async with database.session() as session, session.begin():
        _, row = await store.add_source(session, 1, _added(1), limit=50)
        await session.delete(await session.get(ChatRow, 1))
    async with database.session() as session, session.begin():
        assert await session.scalar(select(func.count()).select_from(ChatSourceRow)) == 0
        source = await session.get(SourceRow, row.id)
        assert source is not None and await store.disable_if_unfollowed(session, source)


async def test_a_failing_source_is_reported_once_per_streak_to_the_chats_that_added_it(database: Database) -> None:
    await _chats(database, 1, 2, 3)
    async with database.session() as session, session.begin():
        _, row = await store.add_source(session, 1, _added(1), limit=50)
        await store.add_source(session, 2, _added(1), limit=50)
        (await session.get(ChatRow, 2)).status = "blocked"  # type: ignore[union-attr]
        assert await store.failure_to_report(session, row.id) == [(1, "uk")]
        assert await store.failure_to_report(session, row.id) == []  # once, not on every pass
        await store.clear_failure_reports(session, row.id)  # it worked again
        assert await store.failure_to_report(session, row.id) == [(1, "uk")]


async def test_the_bulk_key_sets_match_one_by_one_for_many_chats(database: Database) -> None:
    ids = list(range(1, 2101))  # past the batch of 1,000 the IN list is cut into
    await _chats(database, *ids)
    async with database.session() as session, session.begin():
        cat = await get_source(session, "cat-2")
        assert cat is not None
        for chat_id in ids[::7]:
            await store.set_following(session, chat_id, cat.id, False)
        for chat_id in ids[::500]:
            await store.add_source(session, chat_id, _added(chat_id % 3, "uk"), limit=50)
        bulk = await store.chat_source_keys_bulk(session, ids)
        for chat_id in (1, 2, 8, 501, 1001, 2001, 2100):
            assert bulk[chat_id] == await store.chat_source_keys(session, chat_id)
        assert "cat-2" not in bulk[8] and "cat-2" in bulk[2] and _added(1).key in bulk[1]


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_bulk_key_sets_are_each_chats_choices_whatever_they_are(database: Database, seed: int) -> None:
    """Against a model of the rules: the enabled catalogue less what the chat turned off, plus what it added and
    still follows; a chat with no rows follows the catalogue, a dropped catalogue source and a source no chat
    follows any more are nobody's."""
    rng = random.Random(seed)
    ids = list(range(1, 1101))  # past the batch of 1,000 the IN list is cut into
    await _chats(database, *ids)
    turned_off: dict[int, set[str]] = {}
    added: dict[int, set[str]] = {}
    async with database.session() as session, session.begin():
        catalogue = {key: await get_source(session, key) for key in ("cat-0", "cat-1", "cat-2")}
        for chat_id in rng.sample(ids, 700):
            for key in rng.sample(sorted(catalogue), rng.randint(0, 3)):
                row = catalogue[key]
                assert row is not None and await store.set_following(session, chat_id, row.id, False)
                turned_off.setdefault(chat_id, set()).add(key)
            for n in rng.sample(range(6), rng.randint(0, 3)):
                await store.add_source(session, chat_id, _added(n), limit=50)
                added.setdefault(chat_id, set()).add(_added(n).key)
        await sync_sources(session, CATALOGUE[1:])  # the operator dropped cat-0
        lone = await get_source(session, _added(5).key)
        assert lone is not None
        lone.enabled = False  # as when its last follower left
    enabled = {"cat-1", "cat-2"} | {_added(n).key for n in range(5)}
    async with database.session() as session:
        bulk = await store.chat_source_keys_bulk(session, [*ids, 404])
    for chat_id in [*ids, 404]:
        expected = ({"cat-1", "cat-2"} - turned_off.get(chat_id, set())) | (added.get(chat_id, set()) & enabled)
        assert bulk[chat_id] == expected, chat_id


async def test_kinds_are_kept(database: Database) -> None:
    await _chats(database, 1)
    channel = SourceSpec(key=store.added_key("https://t.me/s/name"), name="@name", url="https://t.me/s/name",
                         kind=SourceKind.CHANNEL)  # fmt: skip
    async with database.session() as session, session.begin():
        _, row = await store.add_source(session, 1, channel, limit=50)
        assert row.kind == "channel" and not row.all_relevant
