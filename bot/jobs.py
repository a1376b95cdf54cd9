"""What the scheduled jobs do (bot.schedule says when): each reaches the services through its context."""

from __future__ import annotations

from bot.chat.context import Context
from bot.schedule import Jobs


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


async def stories_warm_up_job(context: Context) -> None:
    await context.services.pipeline.warm_recent()


JOBS = Jobs(
    collect=collect_job,
    digest=digest_job,
    front=front_job,
    front_warm_up=front_warm_up_job,
    stories_warm_up=stories_warm_up_job,
)
