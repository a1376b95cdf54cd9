"""Collect throughput: 200 generated feeds of 50 items each, served by the local news server in a
separate process, collected with the bot's HttpClient and collect_source. A cold pass (full bodies,
parse, canonical URLs) is followed by a conditional pass, in which every source answers 304.

    python bench/collect.py
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb
from bot.collect import CollectResult, HttpClient, HttpSettings, collect_source
from bot.domain import FetchState, SourceSpec
from tests.support.newsserver import NewsServer

FEEDS = 200
ITEMS = 50
PER_HOST = 16  # every generated feed lives on 127.0.0.1, so this is the whole run's concurrency
_PARAGRAPH = (
    "Ukrainian forces repelled {n} assaults near Pokrovsk over the past day, the General Staff said, while "
    "air defence shot down drones over Kyiv, Odesa and Kharkiv regions. Officials reported damage to energy "
    "infrastructure and urged residents to limit power use during peak hours. "
)


def build_feed(feed: int) -> bytes:
    start = datetime(2024, 10, 1, tzinfo=UTC)
    items = []
    for item in range(ITEMS):
        when = (start + timedelta(minutes=feed * ITEMS + item)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        body = escape("<p>" + _PARAGRAPH.format(n=item) * 3 + "</p>")  # above the teaser threshold
        items.append(
            f"<item><title>Feed {feed} item {item}: front-line update</title>"
            f"<link>https://news{feed}.example.com/{item}?utm_source=rss</link>"
            f"<pubDate>{when}</pubDate><description>{body}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>https://news{feed}.example.com/</link>{''.join(items)}</channel></rss>"
    ).encode()


def serve(conn: Connection) -> None:
    async def run() -> None:
        async with NewsServer() as server:
            for feed in range(FEEDS):
                server.add(f"/feed{feed}.xml", build_feed(feed), charset="utf-8")
            conn.send(server.port)
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # until told to stop

    asyncio.run(run())


async def collect_all(
    http: HttpClient, specs: list[SourceSpec], states: list[FetchState]
) -> tuple[list[CollectResult], float, float]:
    """Results, wall seconds and CPU seconds of this process (the server runs in another one)."""
    started, cpu = time.perf_counter(), time.process_time()
    results = await asyncio.gather(*(collect_source(http, s, st) for s, st in zip(specs, states, strict=True)))
    return results, time.perf_counter() - started, time.process_time() - cpu


async def bench(port: int) -> str:
    # Items carry full bodies, so no page would be fetched anyway; full_text=False makes sure their links (names
    # under example.com) are never looked up: the benchmark's traffic stays on 127.0.0.1.
    specs = [
        SourceSpec(key=f"feed{n}", name=f"Feed {n}", url=f"http://127.0.0.1:{port}/feed{n}.xml", full_text=False)
        for n in range(FEEDS)
    ]
    settings = HttpSettings(trusted_origins=frozenset({"127.0.0.1"}), per_host_limit=PER_HOST)
    async with HttpClient(settings) as http:
        cold, cold_s, cold_cpu = await collect_all(http, specs, [FetchState()] * FEEDS)
        errors = [r.error for r in cold if r.error is not None]
        if errors:
            raise SystemExit(f"cold pass failed for {len(errors)} feeds, e.g. {errors[0]}")
        items = sum(len(r.articles) for r in cold)
        warm, warm_s, warm_cpu = await collect_all(http, specs, [r.state for r in cold])
        not_modified = sum(r.not_modified for r in warm)
    print(f"cold: {FEEDS} feeds, {items} items in {cold_s:.2f}s ({items / cold_s:.0f} items/s), cpu {cold_cpu:.2f}s")
    print(f"conditional: {not_modified}/{FEEDS} not modified in {warm_s:.2f}s, cpu {warm_cpu:.2f}s")
    return (
        f"collect: cold {FEEDS} feeds {items} items {cold_s:.1f}s {items / cold_s:.0f} items/s (cpu {cold_cpu:.1f}s); "
        f"conditional {warm_s:.2f}s ({not_modified}/{FEEDS} 304); peak {peak_rss_mb():.0f} MB"
    )


def main() -> None:
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(theirs,), daemon=True)
    server.start()
    try:
        port = ours.recv()
        print(asyncio.run(bench(port)))
    finally:
        ours.send("stop")
        server.join(timeout=5)


if __name__ == "__main__":
    main()
