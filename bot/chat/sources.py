"""What the /sources, /add, /remove, /import and /export handlers ask: a chat's choice of sources.

The catalogue is config/sources.toml (every new chat follows all of it); a chat turns catalogue sources off and
adds its own feeds, news pages and public channels, up to `max_per_chat`. What a chat adds is fetched once here
to check it, through the one HTTP client and its address guard, and is never trusted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from bot import i18n
from bot.chat.args import clean_input
from bot.clock import Clock, utcnow
from bot.collect.discover import Probe, channel_name, probe
from bot.collect.http import HttpClient
from bot.collect.opml import ExportFeed, OpmlDocument, home_page, parse_opml, write_opml
from bot.config import Settings
from bot.domain import SourceKind, SourceSpec
from bot.errors import CollectError, SourceBlocked
from bot.render.status import failure_text
from bot.store import chat_sources as store
from bot.store.db import Database
from bot.store.models import SourceRow
from bot.urls import canonical_url

NAME_CHARS = 100  # an added source's name, as its feed gives it, is cut to this for keyboards and digests
IMPORT_CONCURRENCY = 4  # feeds of one OPML file checked at once


@dataclass(frozen=True, slots=True)
class AddResult:
    outcome: store.Added | None  # None: it could not be used (see `error`)
    name: str = ""
    probe: Probe | None = None
    error: CollectError | None = None
    schedule: SourceSpec | None = None  # a source to start collecting now


@dataclass(slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    over_limit: list[str] = field(default_factory=list)
    failed: list[tuple[str, CollectError]] = field(default_factory=list)
    duplicates: int = 0
    schedule: list[SourceSpec] = field(default_factory=list)


class SourceService:
    def __init__(self, settings: Settings, db: Database, http: HttpClient, *, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.db = db
        self.http = http
        self.clock = clock
        self.limit = settings.chat_sources.max_per_chat

    async def sources(self, chat_id: int) -> list[store.ChatSource]:
        async with self.db.session() as session:
            return await store.chat_sources(session, chat_id)

    async def set_following(self, chat_id: int, source_id: int, on: bool) -> bool:
        """Turn a catalogue source on or off for the chat; False when there is no such catalogue source."""
        async with self.db.session() as session, session.begin():
            return await store.set_following(session, chat_id, source_id, on) is not None

    async def add(self, chat_id: int, ref: str, *, lang: str) -> AddResult:
        """Check what `ref` names with one fetch and add it to the chat's sources."""
        async with self.db.session() as session:
            if await store.own_count(session, chat_id) >= self.limit:
                return AddResult(store.Added.OVER_LIMIT, ref)
        try:
            found = await probe(self.http, ref, now=self.clock(), fallback_lang=lang)
        except CollectError as exc:
            return AddResult(None, ref, error=exc)
        spec = self._spec(found, lang)
        try:
            return await self._add(chat_id, spec, found)
        except IntegrityError:  # another chat added the same URL at the same moment: its row exists now, share it
            return await self._add(chat_id, spec, found)

    async def _add(self, chat_id: int, spec: SourceSpec, found: Probe) -> AddResult:
        async with self.db.session() as session, session.begin():
            outcome, row = await store.add_source(session, chat_id, spec, limit=self.limit)
            schedule = spec if outcome is store.Added.ADDED and row.added else None
            return AddResult(outcome, row.name, found, schedule=schedule)

    async def _record(
        self, chat_id: int, found: list[tuple[str, str, Probe]]
    ) -> list[tuple[store.Added, str, SourceSpec | None]]:
        """Add the checked feeds of an import in one transaction: each one's outcome, name (its label when over
        the limit) and the spec to schedule when it is new."""
        written: list[tuple[store.Added, str, SourceSpec | None]] = []
        async with self.db.session() as session, session.begin():
            for label, feed_lang, probe_ in found:
                spec = self._spec(probe_, feed_lang)
                outcome, row = await store.add_source(session, chat_id, spec, limit=self.limit)
                name = label if outcome is store.Added.OVER_LIMIT else row.name
                written.append((outcome, name, spec if outcome is store.Added.ADDED and row.added else None))
        return written

    def _spec(self, found: Probe, lang: str) -> SourceSpec:
        name = clean_input(found.title).replace("\n", " ").strip()[:NAME_CHARS] or found.url[:NAME_CHARS]
        own_lang = found.lang if found.lang.isalpha() and 2 <= len(found.lang) <= 3 else lang
        return SourceSpec(
            key=store.added_key(found.url),
            name=name,
            url=found.url,
            kind=found.kind,
            lang=own_lang,
            interval_minutes=self.settings.collect.interval_minutes,
            # Teasers stay teasers: completing them would fetch every linked page of a source nobody vetted.
            full_text=False,
        )

    async def remove(self, chat_id: int, ref: str | int) -> tuple[str, str | None] | None:
        """Remove one of the chat's added sources, by id, URL, @channel or name; (its name, the key to stop
        collecting when no chat follows it any more), or None when the chat added no such source."""
        async with self.db.session() as session, session.begin():
            own = [s.row for s in await store.chat_sources(session, chat_id) if s.added]
            match = next((row for row in own if _names(row, ref)), None)
            if match is None:
                return None
            removed = await store.remove_source(session, chat_id, match.id)
            if removed is None:
                return None
            return removed.name, None if removed.enabled else removed.key

    async def export(self, chat_id: int, *, lang: str) -> tuple[bytes, int]:
        """The chat's sources (catalogue ones it follows and its own) as OPML 2.0, and how many."""
        chosen = [s.row for s in await self.sources(chat_id) if s.following]
        names = {code: i18n.t(lang, f"lang_{code}") for code in i18n.LANGS}
        feeds = [ExportFeed(r.url, r.name, home_page(r.url, r.kind), r.lang) for r in sorted(chosen, key=_by_lang)]
        return write_opml(feeds, title="Frontline Digest", created=self.clock(), lang_names=names), len(feeds)

    def read_opml(self, data: bytes) -> OpmlDocument:
        """The feeds of an uploaded file; OpmlError when it is not one we read (nothing has changed then)."""
        return parse_opml(data, known_langs=i18n.LANGS, max_bytes=self.settings.chat_sources.max_opml_bytes)

    async def import_opml(self, chat_id: int, document: OpmlDocument, *, lang: str) -> ImportReport:
        """Add the document's feeds to the chat: each checked with one fetch, a few at a time, up to the limit."""
        report = ImportReport(duplicates=document.duplicates)
        async with self.db.session() as session:
            room = self.limit - await store.own_count(session, chat_id)
            followed = {s.row.url for s in await store.chat_sources(session, chat_id) if s.following}
        candidates: list[tuple[str, str, str]] = []  # (label, url, language)
        for feed in document.feeds:
            label = clean_input(feed.title).replace("\n", " ")[:NAME_CHARS] or feed.url[:NAME_CHARS]
            url = canonical_url(feed.url) or feed.url
            if url in followed or feed.url in followed:
                report.already.append(label)
                continue
            try:
                self.http.check_url(url)  # refused unfetched: it must not take a place under the limit
            except SourceBlocked as exc:
                report.failed.append((label, exc))
                continue
            if len(candidates) >= room:
                report.over_limit.append(label)
                continue
            candidates.append((label, url, feed.lang or lang))
        gate = asyncio.Semaphore(IMPORT_CONCURRENCY)

        async def check(url: str, feed_lang: str) -> Probe | CollectError:
            async with gate:
                try:
                    return await probe(self.http, url, now=self.clock(), fallback_lang=feed_lang)
                except CollectError as exc:
                    return exc

        probes = await asyncio.gather(*(check(url, feed_lang) for _, url, feed_lang in candidates))
        for label, found in zip((label for label, _, _ in candidates), probes, strict=True):
            if isinstance(found, CollectError):
                report.failed.append((label, found))
        found_ok = [(label, feed_lang, found) for (label, _, feed_lang), found in zip(candidates, probes, strict=True)
                    if not isinstance(found, CollectError)]  # fmt: skip
        try:
            written = await self._record(chat_id, found_ok)
        except IntegrityError:  # another chat added one of these URLs at the same moment: its row exists now
            written = await self._record(chat_id, found_ok)
        for outcome, name, spec in written:
            {
                store.Added.ADDED: report.added,
                store.Added.ALREADY: report.already,
                store.Added.OVER_LIMIT: report.over_limit,
            }[outcome].append(name)
            if spec is not None:
                report.schedule.append(spec)
        return report


def _names(row: SourceRow, ref: str | int) -> bool:
    if isinstance(ref, int):
        return row.id == ref
    ref = ref.strip()
    channel = channel_name(ref)
    if channel is not None and row.kind == SourceKind.CHANNEL.value:
        return row.url.rstrip("/").lower().endswith("/" + channel.lower())
    # The row's URL against what the user typed, as typed and as a URL (an address without a scheme is https).
    typed = {ref, canonical_url(ref), canonical_url("https://" + ref)} - {""}
    return row.url in typed or ref.casefold() == row.name.casefold()


def _by_lang(row: SourceRow) -> tuple[int, str]:
    order = i18n.LANGS.index(row.lang) if row.lang in i18n.LANGS else len(i18n.LANGS)
    return order, row.name.casefold()


def report_lines(lang: str, report: ImportReport) -> Sequence[tuple[str, list[str]]]:
    """The import report's sections, each a catalogue key and its items (plain text; the caller escapes)."""
    failed = [f"{name[:NAME_CHARS]}: {failure_text(lang, exc)}" for name, exc in report.failed]
    return [
        ("import_added", [name[:NAME_CHARS] for name in report.added]),
        ("import_already", [name[:NAME_CHARS] for name in report.already]),
        ("import_over_limit", [name[:NAME_CHARS] for name in report.over_limit]),
        ("import_failed", failed),
    ]

