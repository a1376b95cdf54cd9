"""Broadcast benchmark: the Deliverer against a local Bot API server with Telegram's real limits.

    python bench/broadcast.py [--quick] [--no-reference] [--no-crash]

Phases (the server runs in its own process, so the bot's CPU is measured alone):
  free   2,000 private chats x 2 parts at the free limit (30/s): rate, losses, order, 429s
  paid   10,000 chats x 2 parts with allow_paid_broadcast (1000/s)
  ref    the same two broadcasts through python-telegram-bot's AIORateLimiter (the reference)
  crash  the paid broadcast in a child process, killed with SIGKILL twice and restarted: every part must
         arrive, repeats at most the parts in flight at each kill
The last line prints the figures (CPU per 1,000 messages at both rates: the sender's process, the server apart)
and our rate as a ratio to the reference's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, ExtBot

from bench.common import peak_rss_mb
from bot.deliver import Deliverer, DeliverySettings, enqueue_digest
from bot.store.db import Database
from tests.support.botapi import TOKEN, BotApiServer

UNTIL = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)


def part_text(chat_id: int, no: int) -> str:
    return f"<b>Digest</b> for chat {chat_id}, part {no}: " + "news &amp; sources " * 20


# ---- the server, in its own process -----------------------------------------------------------------------
async def serve() -> None:
    server = BotApiServer()
    await server.start()
    print(server.port, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    await server.stop()


def server_report(port: int) -> dict[str, object]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_test/accepted", timeout=60) as response:
        report: dict[str, object] = json.load(response)
    return report


def verify(port: int, chats: range, parts: int) -> dict[str, float]:
    """Losses, repeats and order at the server, and the sustained rate from its own clock."""
    report = server_report(port)
    got = [(c, raw, at) for c, raw, at in report["accepted"] if c in chats]  # type: ignore[union-attr]
    counts = Counter((c, raw) for c, raw, _ in got)
    expected = {(c, part_text(c, n)) for c in chats for n in range(parts)}
    lost = len(expected - set(counts))
    repeats = sum(n - 1 for n in counts.values())
    order_ok = True
    seen: dict[int, int] = {}
    for c, raw, _ in got:
        no = int(raw.split("part ")[1].split(":")[0])
        order_ok &= no >= seen.get(c, 0)
        seen[c] = no
    times = sorted(at for _, _, at in got)
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {"lost": lost, "repeats": repeats, "order_ok": float(order_ok), "rate": rate, "n": len(got)}


# ---- the bot side ---------------------------------------------------------------------------------------
async def fill(db: Database, chats: range, parts: int) -> None:
    async with db.sessions() as session, session.begin():
        for chat_id in chats:
            await enqueue_digest(session, chat_id=chat_id, kind="scheduled", lang="en", since=UNTIL - timedelta(1),
                                 until=UNTIL, parts=[part_text(chat_id, n) for n in range(parts)])  # fmt: skip


async def run_ours(port: int, db_url: str, chats: range, parts: int, paid: bool) -> dict[str, float]:
    db = Database(db_url)
    await db.initialize()
    await fill(db, chats, parts)
    cpu0 = time.process_time()
    async with Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot") as bot:
        deliverer = Deliverer(bot, db, paid_broadcast=paid)
        await deliverer.start()
        await deliverer.drained()
        await deliverer.stop()
    cpu = time.process_time() - cpu0
    await db.shutdown()
    result = verify(port, chats, parts)
    result |= {"cpu_per_1000": cpu / (len(chats) * parts) * 1000, "429": deliverer.stats.flood_waits}
    return result


async def run_reference(port: int, chats: range, parts: int, paid: bool) -> dict[str, float]:
    before = server_report(port)["rejected"]
    limiter = AIORateLimiter(max_retries=10)
    cpu0 = time.process_time()
    async with ExtBot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", rate_limiter=limiter) as bot:

        # As many chats at once as PTB's connection pool holds (256): more only queues inside httpcore,
        # whose pool scan grows with the queue until sending stalls.
        slots = asyncio.Semaphore(256)

        async def one_chat(chat_id: int) -> None:
            async with slots:
                await send_parts(chat_id)

        async def send_parts(chat_id: int) -> None:
            for n in range(parts):
                await bot.send_message(chat_id, part_text(chat_id, n), parse_mode=ParseMode.HTML,
                                       link_preview_options=LinkPreviewOptions(is_disabled=True),
                                       allow_paid_broadcast=True if paid else None)  # fmt: skip

        await asyncio.gather(*(one_chat(c) for c in chats), return_exceptions=True)
    cpu = time.process_time() - cpu0
    after = server_report(port)["rejected"]
    result = verify(port, chats, parts)
    key = "429 Too Many Requests"
    floods = after.get(key, 0) - before.get(key, 0)  # type: ignore[union-attr]
    result |= {"cpu_per_1000": cpu / (len(chats) * parts) * 1000, "429": floods}
    return result


# ---- crash test -------------------------------------------------------------------------------------------
async def child(port: int, db_url: str) -> None:
    """A bot process that only delivers (paid) until idle; the parent kills it with SIGKILL."""
    db = Database(db_url)
    await db.initialize()
    async with Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot") as bot:
        # a short lease so the restarted copy takes over from the killed one quickly
        deliverer = Deliverer(bot, db, paid_broadcast=True, settings=DeliverySettings(lease_ttl_s=6))
        await deliverer.start()
        await deliverer.drained()
        await deliverer.stop()
    await db.shutdown()


def pending_already_accepted(port: int, db_path: str, chats: range) -> int:
    """Parts the server accepted that the database still shows pending: the window a crash can repeat."""
    accepted = {(c, raw) for c, raw, _ in server_report(port)["accepted"] if c in chats}  # type: ignore[union-attr]
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT chat_id, text FROM deliveries WHERE state = 'pending'").fetchall()
    return sum((c, t) in accepted for c, t in rows)


def arrived(port: int, chats: range) -> int:
    return sum(1 for c, *_ in server_report(port)["accepted"] if c in chats)  # type: ignore[union-attr]


def run_crash(port: int, tmp: Path, chats: range, parts: int, kills: int) -> dict[str, float]:
    db_path = str(tmp / "crash.db")
    db_url = f"sqlite+aiosqlite:///{db_path}"

    async def prepare() -> None:
        db = Database(db_url)
        await db.initialize()
        await fill(db, chats, parts)
        await db.shutdown()

    asyncio.run(prepare())
    total = len(chats) * parts
    in_flight: list[int] = []
    rng = random.Random(7)
    cmd = [sys.executable, __file__, "--child", str(port), db_url]
    for _ in range(kills):
        proc = subprocess.Popen(cmd)
        target = arrived(port, chats) + int(total * rng.uniform(0.1, 0.3))
        while arrived(port, chats) < target and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.3)  # requests already on the wire finish at the server
        in_flight.append(pending_already_accepted(port, db_path, chats))
    # the lease of the killed process must expire before the next one may send
    subprocess.run(cmd, check=True, timeout=600)
    result = verify(port, chats, parts)
    return result | {"in_flight": float(sum(in_flight)), "kills": float(kills)}


# ---- main -------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the chats")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--no-crash", action="store_true")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("PORT", "DB_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve())
        return
    if args.child:
        asyncio.run(child(int(args.child[0]), args.child[1]))
        return
    scale = 10 if args.quick else 1
    free_n, paid_n = 2000 // scale, 10000 // scale
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)  # fmt: skip
    assert server.stdout is not None and server.stdin is not None
    port = int(server.stdout.readline())
    figures: dict[str, dict[str, float]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            base = 1_000_000
            phases = [("free", free_n, False), ("paid", paid_n, True)]
            for i, (name, n, paid) in enumerate(phases):
                chats = range(base * (i + 1), base * (i + 1) + n)
                url = f"sqlite+aiosqlite:///{tmp}/{name}.db"
                figures[name] = asyncio.run(run_ours(port, url, chats, 2, paid))
                rss = peak_rss_mb()  # before the reference runs in this same process
                print(name, _fmt(figures[name]), flush=True)
            if not args.no_reference:
                for i, (name, n, paid) in enumerate(phases):
                    chats = range(base * (i + 5), base * (i + 5) + n)
                    figures[f"ref_{name}"] = asyncio.run(run_reference(port, chats, 2, paid))
                    print(f"ref_{name}", _fmt(figures[f"ref_{name}"]), flush=True)
            if not args.no_crash:
                chats = range(base * 9, base * 9 + paid_n)
                figures["crash"] = run_crash(port, Path(tmp), chats, 2, kills=2)
                print("crash", _fmt(figures["crash"]), flush=True)
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    free, paid = figures["free"], figures["paid"]
    line = (f"free {free['rate']:.1f} msg/s lost {free['lost']:.0f} 429s {free['429']:.0f} | "
            f"paid {paid['rate']:.0f} msg/s lost {paid['lost']:.0f} 429s {paid['429']:.0f} | "
            f"cpu per 1000 msgs: free {free['cpu_per_1000']:.2f} s, paid {paid['cpu_per_1000']:.2f} s | "
            f"peak {rss:.0f} MB")  # fmt: skip
    if "ref_free" in figures:
        ref_free, ref_paid = figures["ref_free"], figures["ref_paid"]
        line += (f" | vs PTB AIORateLimiter: free x{free['rate'] / ref_free['rate']:.2f} "
                 f"({ref_free['rate']:.1f} msg/s, {ref_free['429']:.0f} 429s), "
                 f"paid x{paid['rate'] / ref_paid['rate']:.2f} ({ref_paid['rate']:.0f} msg/s, "
                 f"{ref_paid['429']:.0f} 429s)")  # fmt: skip
    if "crash" in figures:
        crash = figures["crash"]
        line += (f" | crash: {crash['kills']:.0f} kills, lost {crash['lost']:.0f}, "
                 f"repeats {crash['repeats']:.0f} <= in flight {crash['in_flight']:.0f}")  # fmt: skip
    print(line)


def _fmt(figures: dict[str, float]) -> str:
    return " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    main()
