"""`frontline-digest sources import|export FILE`: the catalogue (config/sources.toml) in and out as OPML.

Export writes every catalogue source. Import appends the file's new feeds to the sources file as [[source]]
tables marked `guarded = true`, keeping its comments: what an operator writes into the catalogue by hand is trusted
(it may live on a private network), but someone else's file must not make a name in it trusted (a host that
resolves to the operator's network), so its feeds go through the address guard on every fetch, and a private
literal address is refused at once. A file that is no OPML we read changes nothing.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import tomli_w

from bot import i18n
from bot.collect.discover import channel_name
from bot.collect.opml import ExportFeed, home_page, parse_opml, write_opml
from bot.domain import SourceKind, SourceSpec
from bot.errors import ConfigError, SourceBlocked
from bot.urls import canonical_url, check_literal_host, connect_host, parse_target

_NOT_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class CatalogueImport:
    added: list[str] = field(default_factory=list)  # keys
    already: list[str] = field(default_factory=list)  # URLs
    refused: list[tuple[str, str]] = field(default_factory=list)  # URL, why
    duplicates: int = 0


def export_catalogue(specs: tuple[SourceSpec, ...], path: Path, *, now: datetime) -> int:
    """Write the catalogue to `path` as OPML 2.0; how many sources it holds."""
    names = {code: i18n.t("en", f"lang_{code}") for code in i18n.LANGS}
    feeds = [ExportFeed(s.url, s.name, home_page(s.url, s.kind.value), s.lang) for s in specs]
    path.write_bytes(write_opml(feeds, title="Frontline Digest catalogue", created=now, lang_names=names))
    return len(feeds)


def import_catalogue(
    opml: Path, sources_file: Path, specs: tuple[SourceSpec, ...], *, now: datetime
) -> CatalogueImport:
    """Append the feeds of `opml` that the catalogue lacks to `sources_file` (atomically: all or nothing)."""
    document = parse_opml(opml.read_bytes(), known_langs=i18n.LANGS)
    report = CatalogueImport(duplicates=document.duplicates)
    known_urls = {s.url for s in specs} | {canonical_url(s.url) for s in specs}
    keys = {s.key for s in specs}
    tables = []
    for feed in document.feeds:
        url = canonical_url(feed.url)
        if not url:
            report.refused.append((feed.url, "not an http(s) URL"))
            continue
        if url in known_urls or feed.url in known_urls:
            report.already.append(url)
            continue
        try:
            check_literal_host(connect_host(parse_target(url)))
        except SourceBlocked as exc:
            report.refused.append((url, str(exc)))
            continue
        key = _key(url, keys)
        keys.add(key)
        known_urls.add(url)
        table: dict[str, str | bool] = {
            "key": key, "name": feed.title or key, "url": url, "lang": feed.lang or "en", "guarded": True
        }
        if channel_name(url) is not None:  # a t.me/s/ preview (as the export writes channels) is read as one
            table["kind"] = SourceKind.CHANNEL.value
        tables.append(table)
        report.added.append(key)
    if tables:
        old = sources_file.read_text(encoding="utf-8")
        text = (old.rstrip("\n") + "\n\n" if old.strip() else "") + f"# Imported from {opml.name} on {now:%Y-%m-%d}\n"
        # One [[source]] header per table, as the file writes them: tomli_w writes a one-element array inline,
        # which after the file's last table would become a key of that table.
        text += "\n".join("[[source]]\n" + tomli_w.dumps(table) for table in tables)
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:  # the file was broken before: leave it as it is
            raise ConfigError(f"{sources_file}: not valid TOML, nothing imported: {exc}") from exc
        temporary = sources_file.with_name(sources_file.name + ".importing")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, sources_file)
    return report


def _key(url: str, taken: set[str]) -> str:
    """A readable key from the feed's host ("example-org"), numbered when taken."""
    host = connect_host(parse_target(url)).removeprefix("www.")
    base = _NOT_KEY.sub("-", host.lower()).strip("-")[:60] or "feed"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
