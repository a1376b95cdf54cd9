"""Schedules on PTB's JobQueue: collection per source (staggered) and digests per chat at local times.

Jobs are named so that a new subscription replaces the old one; at start-up every schedule is rebuilt from
the database, so a restart picks up where the last run left off.
"""

from __future__ import annotations

import logging
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Job, JobQueue

from bot.chat.context import Context
from bot.domain import SourceSpec
from bot.store.chats import ScheduledChat

log = logging.getLogger(__name__)
STAGGER_WINDOW_S = 60.0  # the first collection of all sources is spread over this many seconds


def _digest_job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


async def collect_job(context: Context) -> None:
    job = context.job
    assert job is not None
    await context.services.pipeline.collect_one(str(job.data))


async def digest_job(context: Context) -> None:
    job = context.job
    assert job is not None and job.chat_id is not None
    await context.services.pipeline.enqueue_for_chat(job.chat_id, kind="scheduled")
    context.services.deliverer.wake()


async def front_job(context: Context) -> None:
    await context.services.pipeline.poll_front()
    context.services.deliverer.wake()


async def front_warm_up_job(context: Context) -> None:
    await context.services.front.geodata()


class Scheduler:
    def __init__(self, job_queue: JobQueue[Any]) -> None:
        self.job_queue = job_queue

    def schedule_collection(self, sources: tuple[SourceSpec, ...]) -> None:
        for i, spec in enumerate(sources):
            self.unschedule_collection(spec.key)
            first = 1.0 + STAGGER_WINDOW_S * i / max(1, len(sources))
            self.job_queue.run_repeating(
                collect_job,
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
        self.job_queue.run_repeating(front_job, interval=interval, first=STAGGER_WINDOW_S / 2, name="front")

    def warm_up_front(self) -> None:
        """The gazetteer takes about a second to build: build it just after start, not on the first /front."""
        self.job_queue.run_once(front_warm_up_job, when=1.0, name="front-warm-up")

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
                self.job_queue.run_daily(digest_job, time=at, name=_digest_job_name(chat_id), chat_id=chat_id)
            )
        log.info("digests scheduled", extra={"chat_id": chat_id, "times": ",".join(times), "tz": timezone})
        return jobs

    def unschedule_digests(self, chat_id: int) -> None:
        for job in self.job_queue.get_jobs_by_name(_digest_job_name(chat_id)):
            job.schedule_removal()
