"""Per-chat digests at scale: thousands of chats, each with its own sources, languages and filters, due in one slot.

    python bench/fanout.py [--chats 1000,5000,10000] [--reference 100]

The window: news_real_dev's items (uk, ru, en; war and other news), each reported by several of 200 sources in
its language (each outlet keeps its own selection of the item's sentences, one in ten reports a verbatim copy),
all collected in the last day into a SQLite database. The chats: a language (uk, ru or en) read alone, with
English, or with all three; a random subset of the 200 sources (5 to 120 of them, the rest turned off as /sources
stores it, so the slot reads some 1.4 million choices at 10,000 chats); one in ten with a topic
filter, one in twenty with all news, not war news only; all subscribed at 08:00. Each size starts with an empty
engine cache and times every chat's scheduled digest built and written to the outbox through the bot's own
path (Pipeline.enqueue_for_chat, as the digest jobs call it, all jobs of the slot at once), at 1,000, 5,000 and
10,000 chats. The reference is what the shared run replaces: the engine run for each chat alone (build_stories
on its sources' articles, with its filters and languages), on 100 chats; the ratio is its time per chat over
ours at the largest size. Targets: 10,000 chats in under 30 s on 2 cores, peak memory <= 1.5 GB, time linear in
the number of chats.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select

from bench.common import peak_rss_mb, read_dev_items, shared_data
from bot.collect.http import HttpClient
from bot.condense import build_stories
from bot.config import EnvSettings, Settings
from bot.domain import Article, SourceSpec
from bot.pipeline import Pipeline
from bot.store import articles as article_store
from bot.store import sources as source_store
from bot.store.db import Database
from bot.store.models import ChatRow, ChatSourceRow, DeliveryRow, SourceRow, SubscriptionRow

SLOT = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 08:00 in Kyiv
LANGS = ("uk", "ru", "en")
N_SOURCES = 200
OUTLETS_PER_ITEM = (4, 12)
FILTERS = ("Kursk", "Курськ", "Харків", "Покровськ", "drones", "Крым", "Zaporizhzhia")
SEED = 13


def sources() -> list[SourceSpec]:
    return [
        SourceSpec(key=f"src{i:03d}", name=f"Outlet {i}", url=f"https://outlet{i}.example/rss", lang=LANGS[i % 3])
        for i in range(N_SOURCES)
    ]


def window_articles(specs: list[SourceSpec], rng: random.Random) -> list[Article]:
    by_lang = {lang: [s for s in specs if s.lang == lang] for lang in LANGS}
    articles = []
    for item in read_dev_items(shared_data("news_real_dev")):
        lines = [line for line in item["text"].split("\n") if line.strip()]
        outlets = rng.sample(by_lang[item["lang"]], rng.randint(*OUTLETS_PER_ITEM))
        for n, spec in enumerate(outlets):
            own = lines if n == 0 or rng.random() < 0.1 or len(lines) < 3 else _own_selection(lines, rng)
            articles.append(Article(
                url=f"https://outlet{spec.key[3:]}.example/{item['id']}", title=item["title"], text="\n".join(own),
                published=SLOT - timedelta(minutes=rng.randint(30, 23 * 60)), source_key=spec.key,
                source_name=spec.name, lang=item["lang"],
            ))  # fmt: skip
    return articles


def _own_selection(lines: list[str], rng: random.Random) -> list[str]:
    """An outlet's own report: the lead, then most of the rest, one or two sentences left out."""
    rest = lines[1:]
    for _ in range(min(2, len(rest) - 1)):
        rest.pop(rng.randrange(len(rest)))
    return [lines[0], *rest]


async def seed(db: Database, specs: list[SourceSpec], articles: list[Article]) -> None:
    async with db.session() as session, session.begin():
        ids = await source_store.sync_sources(session, specs)
        for key, group in _by_source(articles).items():
            await article_store.add_articles(session, ids[key], group, now=SLOT - timedelta(minutes=20))


def _by_source(articles: list[Article]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for article in articles:
        grouped.setdefault(article.source_key, []).append(article)
    return grouped


Chat = tuple[int, str, tuple[str, ...], frozenset[str], tuple[str, ...], bool]  # id, lang, reads, sources, only, all


def make_chats(first_id: int, n: int, specs: list[SourceSpec], rng: random.Random) -> list[Chat]:
    keys = [s.key for s in specs]
    chats = []
    for chat_id in range(first_id, first_id + n):
        lang = rng.choice(LANGS)
        reads = rng.choice([(lang,), tuple(dict.fromkeys((lang, "en"))), LANGS])
        follows = frozenset(rng.sample(keys, rng.randint(5, 120)))
        only = (rng.choice(FILTERS),) if rng.random() < 0.1 else ()
        chats.append((chat_id, lang, reads, follows, only, rng.random() < 0.05))
    return chats


async def add_chats(db: Database, chats: list[Chat]) -> None:
    async with db.session() as session, session.begin():
        for chat_id, lang, reads, _, only, all_news in chats:
            session.add(ChatRow(id=chat_id, type="private", lang=lang, timezone="Europe/Kyiv", status="active"))
            session.add(SubscriptionRow(chat_id=chat_id, active=True, times="08:00", read_langs=",".join(reads),
                                        include_terms=",".join(only), all_news=all_news))  # fmt: skip
        await session.flush()
        ids = dict((await session.execute(select(SourceRow.key, SourceRow.id))).tuples().all())
        off = [
            {"chat_id": chat_id, "source_id": source_id, "following": False}
            for chat_id, _, _, follows, _, _ in chats
            for key, source_id in ids.items()
            if key not in follows
        ]
        for start in range(0, len(off), 50_000):
            await session.execute(insert(ChatSourceRow), off[start : start + 50_000])


async def slot(db: Database, settings: Settings, chats: list[Chat]) -> tuple[float, Counter[str]]:
    """Every chat's scheduled digest, built and queued as the slot's jobs do; seconds and the engine's runs."""
    runs: Counter[str] = Counter()
    pipeline = Pipeline(settings, db, HttpClient(), clock=lambda: SLOT + timedelta(seconds=1))
    start = time.perf_counter()
    results = await asyncio.gather(*(
        pipeline.enqueue_for_chat(chat_id, kind="scheduled") for chat_id, *_ in chats
    ))  # fmt: skip
    seconds = time.perf_counter() - start
    assert all(r is not None for r in results), "a chat got no digest"
    for (_, _, _, follows, _, _), result in zip(chats, results, strict=True):
        assert result is not None
        credited = {f"src{int(link.name.split()[-1]):03d}" for s in result.digest.stories for link in s.sources}
        assert credited <= follows, "a chat's digest credits a source it does not follow"
    async with db.session() as session:
        queued = await session.scalar(
            select(func.count(func.distinct(DeliveryRow.chat_id))).where(DeliveryRow.chat_id >= chats[0][0],
                                                                          DeliveryRow.chat_id <= chats[-1][0])
        )  # fmt: skip
    assert queued == len(chats), f"{queued} of {len(chats)} chats have their digest in the outbox"
    for _, _, war_only in pipeline._windows:
        runs["war news" if war_only else "all news"] += 1
    return seconds, runs


def reference(articles: list[Article], chats: list[Chat], limit: int) -> float:
    """The engine run for each chat alone, on its sources' articles: seconds per chat."""
    start = time.perf_counter()
    for _, lang, reads, follows, only, all_news in chats:
        mine = [a for a in articles if a.source_key in follows]
        build_stories(mine, lang=lang, now=SLOT, limit=limit, include=only, war_only=not all_news, reads=reads)
    return (time.perf_counter() - start) / len(chats)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", default="1000,5000,10000", help="the sizes, comma-separated")
    parser.add_argument("--reference", type=int, default=100, help="chats the per-chat engine runs for")
    args = parser.parse_args()
    sizes = [int(n) for n in args.chats.split(",")]
    rng = random.Random(SEED)
    specs = sources()
    articles = window_articles(specs, rng)
    print(f"{len(articles)} articles from {len({a.source_key for a in articles})} sources", flush=True)
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/fanout.db")
        await db.initialize()
        settings = Settings(env=EnvSettings(database_url=db.url), sources=tuple(specs))
        await seed(db, specs, articles)
        first_id = 1
        for n in sizes:
            chats = make_chats(first_id, n, specs, rng)
            first_id += n
            await add_chats(db, chats)
            times[n], runs = await slot(db, settings, chats)
            print(f"{n} chats: {times[n]:.1f} s ({times[n] / n * 1000:.2f} ms per chat), {sum(runs.values())} "
                  f"engine runs ({', '.join(sorted(runs))}), peak {peak_rss_mb():.0f} MB", flush=True)  # fmt: skip
        await db.shutdown()
    per_chat = reference(articles, make_chats(10**9, args.reference, specs, rng), settings.digest.max_stories)
    largest = sizes[-1]
    ours = times[largest] / largest
    linear = " ".join(f"{n}: {times[n]:.1f} s" for n in sizes)
    print(f"chats {linear} | {ours * 10000:.1f} s per 10,000 | peak {peak_rss_mb():.0f} MB | engine per chat "
          f"({args.reference} chats): {per_chat:.2f} s per chat, x{per_chat / ours:.0f} ours")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
