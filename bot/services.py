"""The services one running bot holds, built once in app.build_application and reached via Context."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.ratelimit import UserRateLimiter
from bot.chat.service import ChatService
from bot.chat.sources import SourceService
from bot.clock import Clock
from bot.collect.http import HttpClient, HttpSettings
from bot.config import Settings
from bot.deliver import Deliverer
from bot.deliver.membership import ConflictReporter
from bot.front.service import FrontService
from bot.jobs import Scheduler
from bot.notices import Notices
from bot.pipeline import Pipeline
from bot.store.db import Database


@dataclass(slots=True)
class Services:
    settings: Settings
    clock: Clock
    db: Database
    http: HttpClient
    pipeline: Pipeline
    front: FrontService
    chats: ChatService
    sources: SourceService
    deliverer: Deliverer
    scheduler: Scheduler
    notices: Notices
    user_limiter: UserRateLimiter
    conflicts: ConflictReporter


def make_http_client(settings: Settings) -> HttpClient:
    c = settings.collect
    return HttpClient(
        HttpSettings(
            timeout_s=c.timeout_s,
            max_bytes=c.max_bytes,
            max_redirects=c.max_redirects,
            per_host_limit=c.per_host_limit,
            trusted_origins=settings.trusted_origins,
        )
    )
