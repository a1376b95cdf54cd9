"""The in-memory side of the outbox: per-chat queues and the order in which chats get their turn.

Each chat has a FIFO of its parts (so a digest's parts go out in order) and at most one part in flight.
Chats take turns by the time their own rate bucket allows the next message, earliest first, so a big
group's backlog (20/min) never holds up private chats and every chat gets one message per turn.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Iterable

from bot.store.deliveries import OutboxPart


class Outbox:
    def __init__(self) -> None:
        self._queues: dict[int, deque[OutboxPart]] = {}
        self._heap: list[tuple[float, int, int]] = []  # (ready_at, tie-breaker, chat_id)
        self._scheduled: dict[int, int] = {}  # chat_id -> tie-breaker of its live heap entry
        self._in_flight: set[int] = set()
        self._known: set[int] = set()
        self._seq = itertools.count()
        self._count = 0  # parts queued: `len` is asked on every turn, and summing the queues is O(chats)
        self.max_id = 0

    def __len__(self) -> int:
        return self._count

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def add(self, parts: Iterable[OutboxPart], ready_at: dict[int, float] | None = None) -> int:
        """Queue parts not seen before; `ready_at` gives a chat's first turn (default: now). Count added."""
        added = 0
        for part in parts:
            self.max_id = max(self.max_id, part.id)
            if part.id in self._known:
                continue
            self._known.add(part.id)
            self._queues.setdefault(part.chat_id, deque()).append(part)
            self._count += 1
            added += 1
            if part.chat_id not in self._in_flight and part.chat_id not in self._scheduled:
                self._schedule(part.chat_id, (ready_at or {}).get(part.chat_id, 0.0))
        return added

    def _schedule(self, chat_id: int, ready_at: float) -> None:
        seq = next(self._seq)
        self._scheduled[chat_id] = seq
        heapq.heappush(self._heap, (ready_at, seq, chat_id))

    def next_turn(self) -> tuple[float, int] | None:
        """The chat whose turn comes first and when, without taking it."""
        while self._heap:
            ready_at, seq, chat_id = self._heap[0]
            if self._scheduled.get(chat_id) == seq and self._queues.get(chat_id):
                return ready_at, chat_id
            heapq.heappop(self._heap)  # stale: rescheduled, emptied or dropped since
        return None

    def take(self, chat_id: int) -> OutboxPart:
        """Start sending the chat's first part: the chat leaves the turn order until `finish`."""
        del self._scheduled[chat_id]  # its heap entry is now stale and skipped
        self._in_flight.add(chat_id)
        return self._queues[chat_id][0]

    def delay(self, chat_id: int, ready_at: float) -> None:
        """Move a chat's turn later (its bucket is not ready yet), without sending."""
        self._schedule(chat_id, ready_at)

    def finish(self, chat_id: int, *, done: bool, ready_at: float) -> None:
        """The in-flight part went out (done) or must be tried again at `ready_at` (not done)."""
        self._in_flight.discard(chat_id)
        queue = self._queues.get(chat_id)
        if queue and done:
            self._known.discard(queue.popleft().id)
            self._count -= 1
        if queue:
            self._schedule(chat_id, ready_at)
        else:
            self._queues.pop(chat_id, None)

    def replace_head(self, chat_id: int, part: OutboxPart) -> None:
        self._queues[chat_id][0] = part

    def drop_chat(self, chat_id: int) -> list[OutboxPart]:
        """Forget a chat's queue (paused or moved); its parts are returned."""
        self._in_flight.discard(chat_id)
        self._scheduled.pop(chat_id, None)
        parts = list(self._queues.pop(chat_id, ()))
        self._known.difference_update(p.id for p in parts)
        self._count -= len(parts)
        return parts
