"""The bot's Prometheus metrics, recorded where the work happens (collect, digest building, delivery) and served
at /metrics by bot.web.health.

Each running bot has its own registry, not prometheus-client's global one: two bots in one process (tests) keep
their figures apart. Figures that live in the database (the outbox by state, the newest map, the sender lease)
are read when scraped (bot.web.health), so every copy of the bot on one database reports the same.
"""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

OUTBOX_PATH, REPLY_PATH = "outbox", "reply"  # the two ways a message reaches Telegram (for the 429 figures)


class Metrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        ProcessCollector(registry=r)  # process_*: CPU seconds, resident memory, open files, start time
        by_source = ["source"]
        self.source_fetches = Counter(
            "frontline_source_fetches", "Fetches of a source that was due", by_source, registry=r
        )
        self.source_failures = Counter(
            "frontline_source_failures", "Fetches of a source that failed", by_source, registry=r
        )
        self.source_articles = Counter(
            "frontline_source_articles", "Articles a source's fetches returned", by_source, registry=r
        )
        self.articles_stored = Counter("frontline_articles_stored", "New articles stored", registry=r)
        self.digest_stories = Histogram(
            "frontline_digest_stories",
            "Stories per digest or summary built",
            buckets=(0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20),
            registry=r,
        )
        self.digest_build_seconds = Histogram(
            "frontline_digest_build_seconds",
            "Time to build a digest: read, condense, summarize, render",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80),
            registry=r,
        )
        self.outbox_parts = Gauge("frontline_outbox_parts", "Outbox parts by state", ["state"], registry=r)
        self.messages_sent = Counter("frontline_messages_sent", "Outbox parts Telegram accepted", registry=r)
        self.flood_waits = Counter(
            "frontline_telegram_429", "429 answers from Telegram, by path (outbox or reply)", ["path"], registry=r
        )
        self.flood_wait_seconds = Counter(
            "frontline_telegram_429_wait_seconds", "The waits (retry_after) those 429s asked for", ["path"], registry=r
        )
        self.send_seconds = Histogram(
            "frontline_send_seconds",
            "Round trip of sending one outbox part to Telegram, answered or failed",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.front_map_age_seconds = Gauge(
            "frontline_front_map_age_seconds", "Age of the newest stored front-line map (by its own time)", registry=r
        )
        self.sender_lease_holder = Gauge(
            "frontline_sender_lease_holder", "1 for the process that holds the sender lease", ["holder"], registry=r
        )
        self.sender_lease_held = Gauge(
            "frontline_sender_lease_held", "1 when this process holds the sender lease", registry=r
        )
        self.last_collection = Gauge(
            "frontline_last_collection_timestamp_seconds", "When a source's collection last ran", registry=r
        )
        self.last_front_poll = Gauge(
            "frontline_last_front_poll_timestamp_seconds", "When the front-line map was last polled", registry=r
        )
        for path in (OUTBOX_PATH, REPLY_PATH):  # a series at 0 from the start, for rate() and alerts
            self.flood_waits.labels(path)
            self.flood_wait_seconds.labels(path)
        # For /readyz: when the loops last ran, in this process (None: not yet since the start).
        self.last_collection_at: datetime | None = None
        self.last_front_poll_at: datetime | None = None

    def collected(self, source: str, *, at: datetime, fetched: bool, failed: bool, articles: int, stored: int) -> None:
        """A source's collection ran (`fetched` False: it was not due, or backing off)."""
        self.last_collection_at = at
        self.last_collection.set(at.timestamp())
        if not fetched:
            return
        self.source_fetches.labels(source).inc()
        self.source_failures.labels(source).inc(1 if failed else 0)  # the series exists from the first fetch
        self.source_articles.labels(source).inc(articles)
        self.articles_stored.inc(stored)

    def front_polled(self, at: datetime) -> None:
        self.last_front_poll_at = at
        self.last_front_poll.set(at.timestamp())

    def digest_built(self, *, stories: int, seconds: float) -> None:
        self.digest_stories.observe(stories)
        self.digest_build_seconds.observe(seconds)

    def flood_wait(self, path: str, seconds: float) -> None:
        self.flood_waits.labels(path).inc()
        self.flood_wait_seconds.labels(path).inc(seconds)
