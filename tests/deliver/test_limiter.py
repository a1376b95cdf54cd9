"""The limiter and the turn order, on a controlled clock."""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections.abc import Callable

import pytest

from bot.deliver.limiter import RateLimiter, RateLimits
from bot.deliver.outbox import Outbox
from bot.deliver.worker import default_concurrency
from bot.store.deliveries import OutboxPart


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def part(pid: int, chat: int, chat_type: str = "private") -> OutboxPart:
    return OutboxPart(pid, 1, chat, 0, "x", None, 0, chat_type)


def test_private_chat_one_per_interval_group_twenty_per_window() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(), clock=clock)
    limiter.spend_chat(1, "private")
    assert limiter.chat_ready_at(1, "private") == 100.0 + 1.05
    for _ in range(20):
        assert limiter.chat_ready_at(-5, "group") <= clock.now
        limiter.spend_chat(-5, "group")
        clock.now += 1.1
    # the 21st must wait until the first of the window is 61 s old
    assert limiter.chat_ready_at(-5, "group") == 100.0 + 61.0


def test_flood_wait_slows_one_chat_unless_many_chats_are_refused() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(), clock=clock)
    limiter.flood_wait(1, 5)
    assert limiter.chat_ready_at(1, "private") == 105.0
    assert limiter.chat_ready_at(2, "private") == 0.0
    assert limiter._global.delay() == 0.0
    limiter.flood_wait(2, 5)
    limiter.flood_wait(3, 5)
    assert limiter._global.delay() == 5.0  # three chats at once: the global bucket is the full one


def _spend_when_woken(limiter: RateLimiter, clock: Clock, until: float, lateness: Callable[[], float]) -> list[float]:
    """The dispatcher: sleeps until the pacer has a token (waking `lateness()` late), then takes all there are."""
    spent: list[float] = []
    while clock.now < until:
        while limiter.global_delay() <= 0:
            limiter._global.spend()
            spent.append(clock.now)
            clock.now += 0.00005  # the sends of one wake
        clock.now += limiter.global_delay() + lateness()
    return spent


def _most_in_one_second(times: list[float]) -> int:
    """The most tokens in any window (t - 1, t]: how the Bot API server counts."""
    return max(bisect.bisect_right(times, t) - bisect.bisect_right(times, t - 1.0) for t in times)


def test_global_pacer_keeps_the_rate_even_when_woken_late() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(global_per_s=10), clock=clock)
    spent = _spend_when_woken(limiter, clock, 110.0, lambda: 0.013)  # a timer that always fires a bit late
    assert 99 <= len(spent) <= 101


@pytest.mark.parametrize(("paid", "most"), [(False, 30), (True, 1000)])
def test_released_tokens_never_overfill_a_second(paid: bool, most: int) -> None:
    """Tokens come ten (or twenty, paid) at a time so the sender wakes once for them; whatever the timers' lateness, no
    second holds more than Telegram allows, and the rate stays at the limiter's."""
    clock, rng = Clock(), random.Random(5)
    limiter = RateLimiter(RateLimits(), paid=paid, clock=clock)
    rate = limiter.limits.paid_per_s if paid else limiter.limits.global_per_s
    for lateness in (lambda: 0.0, lambda: rng.uniform(0, 0.02), lambda: rng.choice([0.0, 0.0, 0.05, 0.3])):
        spent = _spend_when_woken(limiter, clock, clock.now + 60.0, lateness)
        assert _most_in_one_second(spent) <= most
        clock.now += 5.0  # idle between broadcasts: the next starts off the grid
    steady = _spend_when_woken(limiter, clock, clock.now + 60.0, lambda: rng.uniform(0, 0.005))
    assert len(steady) >= rate * 60 * 0.99


def _rate_with_slots(slots: int, answer_s: Callable[[], float], seconds: float = 120.0) -> float:
    """The dispatcher's loop (a free slot, then a global token, then the send), with Telegram answering each send
    after `answer_s()`; the rate it keeps over `seconds`."""
    clock = Clock()
    limiter = RateLimiter(RateLimits(), clock=clock)
    start, busy, sent = clock.now, [], 0
    while clock.now < start + seconds:
        while busy and busy[0] <= clock.now:
            heapq.heappop(busy)
        if len(busy) >= slots:
            clock.now = heapq.heappop(busy)  # wait for a slot
            continue
        wait = limiter.global_delay()
        if wait > 0:
            clock.now += wait + 0.001  # the timer fires a millisecond late
            continue
        limiter._global.spend()
        sent += 1
        heapq.heappush(busy, clock.now + answer_s())
        clock.now += 0.00005
    return sent / seconds


def test_the_free_rate_holds_while_answers_take_their_time() -> None:
    """Telegram's answers take 0.1-0.4 s and a release of ten comes every 0.34 s: the default slots keep the rate,
    where one release's worth would leave tokens of the next release unspent."""
    rng = random.Random(3)

    def answer_s() -> float:
        return rng.lognormvariate(math.log(0.25), 0.5)

    limits = RateLimits()
    assert _rate_with_slots(default_concurrency(limits, paid=False), answer_s) >= limits.global_per_s * 0.97
    assert _rate_with_slots(limits.release, answer_s) < limits.global_per_s * 0.9


def test_outbox_turns_are_fair_and_in_order_per_chat() -> None:
    outbox = Outbox()
    outbox.add([part(i, -9, "group") for i in range(1, 6)] + [part(10 + c, c) for c in range(3)])
    order = []
    while (turn := outbox.next_turn()) is not None:
        taken = outbox.take(turn[1])
        order.append(taken.id)
        # a group may go again only much later; private chats are done after one part
        outbox.finish(taken.chat_id, done=True, ready_at=turn[0] + (3.0 if taken.chat_type == "group" else 1.0))
    assert order[:4] == [1, 10, 11, 12]
    assert [i for i in order if i < 10] == [1, 2, 3, 4, 5]
