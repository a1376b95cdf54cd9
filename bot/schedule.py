"""Schedules on PTB's JobQueue: collection per source (staggered) and digests per chat at local times.

Jobs are named so that a new subscription replaces the old one; at start-up every schedule is rebuilt from
the database, so a restart picks up where the last run left off. What each job does is bot.jobs' (given as
`Jobs`): the schedule knows when, not what, so the services that hold it need not import the handlers' context.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Job, JobQueue

from bot.domain import SourceSpec
from bot.store.chats import ScheduledChat

log = logging.getLogger(__name__)
STAGGER_WINDOW_S = 60.0  # the first collection of all sources is spread over this many seconds

JobCallback = Callable[[Any], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class Jobs:
    """What the scheduled jobs run (bot.jobs.JOBS)."""

    collect: JobCallback
    digest: JobCallback
    front: JobCallback
    front_warm_up: JobCallback
    stories_warm_up: JobCallback


def _digest_job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


class Scheduler:
    def __init__(self, job_queue: JobQueue[Any], jobs: Jobs) -> None:
        self.job_queue = job_queue
        self.jobs = jobs

    def schedule_collection(self, sources: tuple[SourceSpec, ...]) -> None:
        for i, spec in enumerate(sources):
            self.unschedule_collection(spec.key)
            first = 1.0 + STAGGER_WINDOW_S * i / max(1, len(sources))
            self.job_queue.run_repeating(
                self.jobs.collect,
                interval=spec.interval_minutes * 60,
                first=first,
                name=f"collect:{spec.key}",
                data=spec.key,
            )

    def unschedule_collection(self, key: str) -> None:
        """No chat follows the source any more: stop collecting it."""
        for job in self.job_queue.get_jobs_by_name(f"collect:{key}"):
            job.schedule_removal()

    def schedule_front(self, interval: timedelta) -> None:
        for old in self.job_queue.get_jobs_by_name("front"):
            old.schedule_removal()
        self.job_queue.run_repeating(self.jobs.front, interval=interval, first=STAGGER_WINDOW_S / 2, name="front")

    def warm_up(self) -> None:
        """Just after start, not on the first /front or digest: build the gazetteer (about a second), and have the
        sentence model read the last day's articles (a few seconds a thousand; the collector reads new ones)."""
        self.job_queue.run_once(self.jobs.front_warm_up, when=1.0, name="front-warm-up")
        self.job_queue.run_once(self.jobs.stories_warm_up, when=2.0, name="stories-warm-up")

    def schedule_digests(self, chat: ScheduledChat) -> None:
        self.schedule_digests_for(chat.chat_id, chat.times, chat.timezone)

    def schedule_digests_for(self, chat_id: int, times: tuple[str, ...], timezone: str) -> list[Job[Any]]:
        self.unschedule_digests(chat_id)
        zone = ZoneInfo(timezone)
        jobs = []
        for hhmm in times:
            hour, minute, *second = (int(x) for x in hhmm.split(":"))
            at = time(hour, minute, second[0] if second else 0, tzinfo=zone)
            jobs.append(
                self.job_queue.run_daily(self.jobs.digest, time=at, name=_digest_job_name(chat_id), chat_id=chat_id)
            )
        log.info("digests scheduled", extra={"chat_id": chat_id, "times": ",".join(times), "tz": timezone})
        return jobs

    def unschedule_digests(self, chat_id: int) -> None:
        for job in self.job_queue.get_jobs_by_name(_digest_job_name(chat_id)):
            job.schedule_removal()
