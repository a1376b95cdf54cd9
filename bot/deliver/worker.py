"""The Deliverer: drives the outbox table to Telegram through the one rate limiter, and survives crashes.

A part is marked sent, with Telegram's message_id, in a transaction committed within `commit_interval`
of the send, or as soon as `commit_batch` sent parts wait to be recorded; a crash in between is the only way a
part can go out twice, and only those parts can (at most about `commit_batch`, at any rate). Batching the
records is what keeps the sender cheap at the free rate: a transaction per message or two cost more CPU than
the sends. A database lease makes sure one process sends at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from telegram import Bot

from bot import i18n
from bot.clock import Clock, doubling_delay, utcnow
from bot.deliver.limiter import RateLimiter, RateLimits
from bot.deliver.outbox import Outbox
from bot.deliver.sender import (
    BotApiTransport,
    ChatMoved,
    ChatUnavailable,
    FloodWait,
    ThreadGone,
    TransientFailure,
    Transport,
    Unrenderable,
)
from bot.errors import DeliveryError
from bot.metrics import OUTBOX_PATH, Metrics
from bot.notices import Notices
from bot.store import deliveries as store
from bot.store.db import Database
from bot.store.leases import acquire_lease, release_lease

log = logging.getLogger(__name__)
LEASE_NAME = "deliverer"


@dataclass(frozen=True)
class DeliverySettings:
    limits: RateLimits = field(default_factory=RateLimits)
    concurrency: int = 0  # parts in flight at once; 0: default_concurrency
    max_attempts: int = 6  # transient failures before a part is parked
    backoff_base_s: float = 2.0
    backoff_max_s: float = 600.0
    # A sent part is recorded at most commit_interval after Telegram accepted it, or as soon as commit_batch parts
    # wait: what a crash can repeat is under commit_batch at any rate (29 parts in a second at the free rate).
    commit_interval_s: float = 1.0
    commit_batch: int = 32
    poll_interval_s: float = 5.0  # look for parts written by other processes this often
    lease_ttl_s: float = 30.0
    load_batch: int = 5000


def default_concurrency(limits: RateLimits, *, paid: bool) -> int:
    """Parts in flight at once: at the free rate two releases' worth, so that a release finds its slots free while
    answers to the last one still come in (Telegram answers in 0.1-0.4 s, a release comes every 0.34 s: with one
    release's worth the rate sagged to 23-25 msg/s); 32 paid, where the rate, not the slots, is the bound."""
    return 32 if paid else 2 * limits.release


@dataclass
class DeliveryStats:
    sent: int = 0
    flood_waits: int = 0
    retries: int = 0
    parked: int = 0
    plain_fallbacks: int = 0
    chats_paused: int = 0
    chats_moved: int = 0


class Deliverer:
    def __init__(
        self,
        bot: Bot | Transport,
        db: Database,
        *,
        paid_broadcast: bool = False,
        notices: Notices | None = None,
        clock: Clock = utcnow,
        settings: DeliverySettings | None = None,
        limiter: RateLimiter | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.db = db
        self.metrics = metrics or Metrics()
        self.paid = paid_broadcast
        self.notices = notices
        self.clock = clock
        self.settings = settings or DeliverySettings()
        concurrency = self.settings.concurrency or default_concurrency(self.settings.limits, paid=paid_broadcast)
        self._slots = asyncio.Semaphore(concurrency)
        # Given PTB's Bot, send to the same Bot API server (its base_url holds the token) on our fast path.
        self.transport: Transport = (
            BotApiTransport(bot.base_url, connections=concurrency) if isinstance(bot, Bot) else bot
        )
        # Shared with the Application's FloodRetry, so a 429 on a command reply holds the chat back here too.
        self.limiter = limiter or RateLimiter(self.settings.limits, paid=paid_broadcast)
        self.stats = DeliveryStats()
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.outbox = Outbox()
        self._plain: set[int] = set()  # parts Telegram refused as HTML: resend as plain text
        self._unsaved: dict[int, tuple[int, datetime]] = {}  # sent, not yet committed: id -> (message_id, at)
        self._saving: dict[int, tuple[int, datetime]] = {}  # being committed right now
        self._sent = asyncio.Event()  # a part went out and waits to be recorded
        self._batch_full = asyncio.Event()  # commit_batch parts wait: record them now
        self._holds_lease = False
        self._kick = asyncio.Event()  # the turn order changed or parts arrived: look again
        self._changed = asyncio.Event()  # the deliverer became idle (see drained)
        self._load_requested = False
        self._full_reload = True
        self._loading = False
        self._leader = asyncio.Event()
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []
        self._sends: set[asyncio.Task[None]] = set()

    # ---- lifecycle -----------------------------------------------------------------------------------
    async def start(self) -> None:
        self._stopping = False
        await self.transport.start()
        self._tasks = [
            asyncio.create_task(self._lease_loop(), name="deliver-lease"),
            asyncio.create_task(self._dispatch_loop(), name="deliver-dispatch"),
            asyncio.create_task(self._commit_loop(), name="deliver-commit"),
        ]

    async def stop(self, drain_s: float = 10.0) -> None:
        """Stop taking parts, let the ones in flight finish (bounded), record them, give up the lease."""
        if self._stopping:
            return
        self._stopping = True
        self._kick.set()
        self._leader.set()
        if self._sends:
            await asyncio.wait(set(self._sends), timeout=drain_s)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._commit()
        await self.transport.close()
        if self._holds_lease:
            async with self.db.sessions() as session:
                await release_lease(session, LEASE_NAME, self.holder)
        log.info("deliverer stopped", extra=asdict(self.stats))

    def wake(self, *, full: bool = False) -> None:
        """New parts were written (or parked parts were put back: full=True) and should go out now."""
        self._full_reload = self._full_reload or full
        self._load_requested = True
        self._kick.set()

    @property
    def idle(self) -> bool:
        """Nothing queued, in flight or unrecorded (tests and benchmarks poll this)."""
        pending_load = self._load_requested or self._loading or self._full_reload
        return not (pending_load or len(self.outbox) or self._sends or self._unsaved or self._saving)

    async def drained(self) -> None:
        """Return once `idle` (bound it with asyncio.timeout); for draining, benchmarks and tests. Woken by the
        changes that can make it idle, not by polling: a benchmark's wait is not the sender's CPU."""
        while not self.idle:
            self._changed.clear()  # no await since `idle` was read: no change can slip in between
            await self._changed.wait()

    def _settled(self) -> None:
        """Wake drained() when idle, only then: waking it on every change would cost a turn of the loop per part."""
        if self.idle:
            self._changed.set()

    def _sent_task_done(self, task: asyncio.Task[None]) -> None:
        self._sends.discard(task)
        self._settled()

    # ---- lease ---------------------------------------------------------------------------------------
    async def _lease_loop(self) -> None:
        ttl = timedelta(seconds=self.settings.lease_ttl_s)
        warned = False
        while True:
            try:
                async with self.db.sessions() as session:
                    held = await acquire_lease(session, LEASE_NAME, self.holder, ttl=ttl, now=self.clock())
            except Exception:  # the database is briefly unavailable: keep the state we had, try again
                log.exception("delivery lease check failed")
                held = self._leader.is_set()
            self._holds_lease = held
            self.metrics.sender_lease_held.set(held)
            if held and not self._leader.is_set():
                log.info("delivery lease taken", extra={"holder": self.holder})
                self._full_reload = True
                self._leader.set()
                self._kick.set()
            elif not held:
                if self._leader.is_set() or not warned:
                    log.warning(
                        "another process holds the delivery lease; this one will not send",
                        extra={"holder": self.holder},
                    )
                warned = True
                self._leader.clear()
                self.outbox = Outbox()  # its parts belong to the holder now
                self._settled()
            await asyncio.sleep(self.settings.lease_ttl_s / 3)

    # ---- loading and dispatching ---------------------------------------------------------------------
    async def _load(self) -> None:
        full, self._full_reload = self._full_reload, False
        after = 0 if full else self.outbox.max_id
        now_mono, now = time.monotonic(), self.clock()
        while True:
            async with self.db.sessions() as session:
                parts = await store.load_pending(session, after_id=after, limit=self.settings.load_batch)
            if not parts:
                return
            after = parts[-1].id
            fresh = [p for p in parts if p.id not in self._unsaved and p.id not in self._saving]
            ready = {p.chat_id: self._ready_at(p, now_mono, now) for p in fresh}
            self.outbox.add(fresh, ready)
            if len(parts) < self.settings.load_batch:
                return

    def _ready_at(self, part: store.OutboxPart, now_mono: float, now: datetime) -> float:
        ready = self.limiter.chat_ready_at(part.chat_id, part.chat_type)
        if part.not_before is not None:
            ready = max(ready, now_mono + (part.not_before - now).total_seconds())
        return ready

    async def _dispatch_loop(self) -> None:
        last_poll = 0.0
        while not self._stopping:
            await self._leader.wait()
            if self._stopping:
                return
            if self._load_requested or time.monotonic() - last_poll > self.settings.poll_interval_s:
                self._load_requested = False
                last_poll = time.monotonic()
                try:
                    self._loading = True
                    await self._load()
                except Exception:
                    log.exception("loading the outbox failed; retrying")
                    self._full_reload = True
                    await asyncio.sleep(1)
                    continue
                finally:
                    self._loading = False
                    self._settled()
            self._kick.clear()  # nothing can set it between here and the wait: no await in between
            turn = self.outbox.next_turn()
            delay = self.settings.poll_interval_s if turn is None else turn[0] - time.monotonic()
            paced = self.limiter.global_delay()
            if turn is not None and paced > 0 and paced >= delay:
                # The global pacer decides when the next part goes, and nothing that wakes us (a part sent, parts
                # queued) can make that sooner: sleep through, instead of waking for each of them (at 30 msg/s,
                # that waking cost more CPU than the sends).
                await asyncio.sleep(paced)
                continue
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):
                        await self._kick.wait()
                continue
            await self._slots.acquire()
            await self.limiter.wait_global()
            turn = self.outbox.next_turn()  # the awaits above may have changed the order
            if turn is None or turn[0] > time.monotonic() or self._stopping or not self._leader.is_set():
                self._slots.release()
                continue
            part = self.outbox.take(turn[1])
            task = asyncio.create_task(self._send(part))
            self._sends.add(task)
            task.add_done_callback(self._sent_task_done)

    async def _send(self, part: store.OutboxPart) -> None:
        try:
            loaded = await self._with_photo(part)
            started = time.perf_counter()
            try:
                message_id = await self.transport.send(loaded, plain=part.id in self._plain, paid=self.paid)
            finally:
                self.metrics.send_seconds.observe(time.perf_counter() - started)
        except DeliveryError as exc:
            await self._failed(part, exc)
        except Exception as exc:  # a bug or an unforeseen library error: this part retries, the rest go on
            log.exception("unexpected error while sending", extra={"chat_id": part.chat_id, "part_id": part.id})
            await self._failed(part, TransientFailure(repr(exc)))
        else:
            self.metrics.messages_sent.inc()
            # The chat's bucket counts from the answer, not the request: Telegram saw the message before it
            # answered, so the next one is at least a full interval later on Telegram's clock too.
            self.limiter.spend_chat(part.chat_id, part.chat_type)
            self._unsaved[part.id] = (message_id, self.clock())
            self._sent.set()
            if len(self._unsaved) >= self.settings.commit_batch:
                self._batch_full.set()
            self._plain.discard(part.id)
            self.stats.sent += 1
            self._requeue(part, done=True)
        finally:
            self._slots.release()

    async def _with_photo(self, part: store.OutboxPart) -> store.OutboxPart:
        """The part with its picture read from the outbox table: only the parts in flight hold one in memory."""
        if not part.has_photo or part.photo is not None:
            return part
        async with self.db.sessions() as session:
            photo = await store.photo_of(session, part.id)
        return replace(part, photo=photo)

    def _requeue(self, part: store.OutboxPart, *, done: bool, not_before: float = 0.0) -> None:
        ready = max(self.limiter.chat_ready_at(part.chat_id, part.chat_type), not_before)
        self.outbox.finish(part.chat_id, done=done, ready_at=ready)
        self._kick.set()
        self._settled()

    # ---- failures ------------------------------------------------------------------------------------
    async def _failed(self, part: store.OutboxPart, exc: DeliveryError) -> None:
        fields = {"chat_id": part.chat_id, "part_id": part.id, "error": str(exc)}
        try:
            if isinstance(exc, FloodWait):
                self.stats.flood_waits += 1
                self.metrics.flood_wait(OUTBOX_PATH, exc.retry_after)
                self.limiter.flood_wait(part.chat_id, exc.retry_after)
                log.warning("telegram flood wait", extra=fields)
                self._requeue(part, done=False)
            elif isinstance(exc, ChatUnavailable):
                await self._pause_chat(part, exc)
            elif isinstance(exc, ChatMoved):
                await self._move_chat(part, exc.new_chat_id)
            elif isinstance(exc, ThreadGone) and part.thread_id is not None:
                await self._leave_thread(part, part.thread_id)
            elif isinstance(exc, Unrenderable) and part.id not in self._plain:
                self.stats.plain_fallbacks += 1
                log.warning("telegram refused the HTML; sending as plain text", extra=fields)
                self._plain.add(part.id)
                self._requeue(part, done=False)
            elif isinstance(exc, TransientFailure) and part.attempts + 1 < self.settings.max_attempts:
                await self._retry_later(part, str(exc))
            else:  # Rejected, plain text refused too, or out of attempts
                await self._park(part, str(exc))
        except Exception:  # the database failed while recording the failure: try the part again later
            log.exception("recording a delivery failure failed", extra=fields)
            self._requeue(part, done=False, not_before=time.monotonic() + 5)

    async def _retry_later(self, part: store.OutboxPart, error: str) -> None:
        attempts = part.attempts + 1
        base = doubling_delay(attempts, self.settings.backoff_base_s, self.settings.backoff_max_s)
        delay = self.settings.limits.scaled(base * (0.5 + random.random()))  # jitter spreads the herd
        async with self.db.sessions() as session:
            await store.record_failure(
                session, part.id, attempts=attempts, error=error, retry_at=self.clock() + timedelta(seconds=delay)
            )
        self.stats.retries += 1
        log.info(
            "delivery retry",
            extra={"chat_id": part.chat_id, "part_id": part.id, "attempt": attempts, "error": error},
        )
        self.outbox.replace_head(part.chat_id, replace(part, attempts=attempts))
        self._requeue(part, done=False, not_before=time.monotonic() + delay)

    async def _park(self, part: store.OutboxPart, error: str) -> None:
        async with self.db.sessions() as session:
            await store.record_failure(session, part.id, attempts=part.attempts + 1, error=error, retry_at=None)
        self.stats.parked += 1
        self._plain.discard(part.id)
        log.error("delivery parked", extra={"chat_id": part.chat_id, "part_id": part.id, "error": error})
        await self._notify(f"Part {part.part_no} of digest {part.digest_id} to chat {part.chat_id} parked: {error}")
        self._requeue(part, done=True)  # the chat's next parts go on

    async def _pause_chat(self, part: store.OutboxPart, exc: ChatUnavailable) -> None:
        await self._commit()  # parts already sent to this chat are recorded as sent, not cancelled
        async with self.db.sessions() as session:
            cancelled = await store.pause_chat(session, part.chat_id, status=exc.status, reason=str(exc))
        self.outbox.drop_chat(part.chat_id)
        self.stats.chats_paused += 1
        log.warning(
            "chat paused",
            extra={"chat_id": part.chat_id, "status": exc.status, "cancelled": cancelled, "reason": str(exc)},
        )
        await self._notify(f"Chat {part.chat_id} paused ({exc.status}): {exc}; {cancelled} part(s) cancelled")

    async def _move_chat(self, part: store.OutboxPart, new_chat_id: int) -> None:
        await self._commit()
        async with self.db.sessions() as session:
            await store.migrate_chat(session, part.chat_id, new_chat_id)
        parts = self.outbox.drop_chat(part.chat_id)
        moved = [replace(p, chat_id=new_chat_id, chat_type="supergroup") for p in parts]
        self.outbox.add(moved, {new_chat_id: self.limiter.chat_ready_at(new_chat_id, "supergroup")})
        self.stats.chats_moved += 1
        log.warning(
            "chat migrated", extra={"chat_id": part.chat_id, "new_chat_id": new_chat_id, "parts": len(moved)}
        )
        await self._notify(f"Chat {part.chat_id} became supergroup {new_chat_id}; its subscription moved there")
        self._kick.set()

    async def _leave_thread(self, part: store.OutboxPart, thread_id: int) -> None:
        """The forum topic the chat subscribed in was deleted: its parts go to General, and the first time the
        chat's admins read there why (the subscription no longer names the topic, so a second time finds none)."""
        now = self.clock()
        async with self.db.sessions() as session, session.begin():
            lang = await store.drop_thread(session, part.chat_id, thread_id)
            if lang is not None:
                await store.enqueue_digest(session, chat_id=part.chat_id, kind="notice", lang=lang, since=now,
                                           until=now, parts=[i18n.t(lang, "topic_gone")])  # fmt: skip
        parts = self.outbox.drop_chat(part.chat_id)
        general = [replace(p, thread_id=None) for p in parts]
        self.outbox.add(general, {part.chat_id: self.limiter.chat_ready_at(part.chat_id, part.chat_type)})
        log.warning("forum topic gone: posting to General", extra={"chat_id": part.chat_id, "topic": thread_id,
                                                                   "told": lang is not None})  # fmt: skip
        self.wake()

    def forget_chat(self, chat_id: int) -> None:
        """The chat was paused elsewhere (the bot was removed, /unsubscribe...): drop what is queued for it."""
        self.outbox.drop_chat(chat_id)
        self._settled()

    async def _notify(self, text: str) -> None:
        if self.notices is not None:
            await self.notices.report(text)

    # ---- recording sends -----------------------------------------------------------------------------
    async def _commit_loop(self) -> None:
        """Sleeps while nothing was sent; then records after `commit_interval` or once the batch is full."""
        interval = self.settings.commit_interval_s
        while True:
            await self._sent.wait()
            if len(self._unsaved) < self.settings.commit_batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._batch_full.wait(), timeout=interval)
            self._sent.clear()
            self._batch_full.clear()
            try:
                await self._commit()
            except Exception:  # the batch is kept; the next round tries again
                log.exception("recording sent parts failed")
                self._sent.set()
                await asyncio.sleep(interval)

    async def _commit(self) -> None:
        if not self._unsaved:
            return
        batch, self._unsaved = self._unsaved, {}
        self._saving |= batch
        try:
            async with self.db.sessions() as session:
                await store.mark_sent(session, [(i, m, at) for i, (m, at) in batch.items()])
        except BaseException:
            self._unsaved = batch | self._unsaved
            raise
        finally:
            for part_id in batch:
                self._saving.pop(part_id, None)
            self._settled()
