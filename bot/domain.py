"""Plain data that flows between the pipeline stages.

Nothing here does I/O: collect produces these objects, store persists them, condense and render consume them.
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SourceKind(StrEnum):
    FEED = "feed"  # RSS / Atom / RDF
    PAGE = "page"  # a single news page whose main text we extract
    CHANNEL = "channel"  # a public Telegram channel's web preview (t.me/s/<name>)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A source as configured: what to fetch and how often."""

    key: str  # stable identifier, e.g. "pravda-uk"
    name: str  # outlet name shown to readers, e.g. "Ukrainska Pravda"
    url: str
    kind: SourceKind = SourceKind.FEED
    lang: str = "en"  # the language the outlet mostly writes in: uk, ru, en
    interval_minutes: int = 30
    full_text: bool = True  # fetch the article page when the feed carries only a teaser
    all_relevant: bool = False  # everything it posts is war news (a front-line channel): no relevance check
    # Fetched through the address guard like a chat's own source, though in the catalogue: what `sources import`
    # wrote from someone else's OPML file. Only the operator's own entries make their service trusted.
    guarded: bool = False


@dataclass(frozen=True, slots=True)
class FetchState:
    """What conditional GET and backoff need to remember about a source between passes."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One collected article, ready to store and condense."""

    url: str  # canonical URL, the dedup key
    title: str
    text: str  # plain text, main body (or the feed's description when no full text could be had)
    published: datetime
    source_key: str
    source_name: str
    lang: str
    summary: str = ""  # the feed's own teaser, plain text
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class SourceLink:
    """An outlet that carries a story, as shown in the digest."""

    name: str
    url: str


class MapVerdict(StrEnum):
    """A news claim that a settlement changed hands, against the front-line map (see `bot.front.claims`)."""

    ON_MAP = "on_map"  # the map shows the place held by the side named
    NOT_YET = "not_yet"  # it does not (yet)
    CONTRADICTED = "contradicted"  # it does not, and the map moved the place away from that side


@dataclass(frozen=True, slots=True)
class MapCheck:
    """One claim of a story, checked: the settlement (named in the digest's language), the verdict, the map's time."""

    place: str
    verdict: MapVerdict
    as_of: datetime


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event, condensed."""

    headline: str
    sentences: tuple[str, ...]  # one to three sentences of summary, in reading order
    sources: tuple[SourceLink, ...]  # one link per outlet, most relevant first
    published: datetime  # the newest article's time
    score: float
    lang: str  # the language of the headline and summary
    article_urls: tuple[str, ...] = ()
    translated_from: str = ""  # the language the headline and summary were machine-translated from, if they were
    map_checks: tuple[MapCheck, ...] = ()  # its claims that a settlement changed hands, against the map


@dataclass(frozen=True, slots=True)
class Digest:
    """What one chat receives at one time."""

    lang: str
    since: datetime
    until: datetime
    stories: tuple[Story, ...]
    title: str = ""  # optional override of the dated header (e.g. "/summary Kursk")
    footer: str = ""  # plain text appended after the stories (e.g. the front-line section)
    empty: str = ""  # plain text said instead of "no new stories" when there are none (e.g. a filter removed them)
    others: tuple[Story, ...] = ()  # stories in languages the chat does not read: one line at the end, not stories


@dataclass(slots=True)
class SourceHealth:
    """Per-source health, as shown by /sources and used for backoff."""

    key: str
    name: str
    url: str
    last_success: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_check_at: datetime | None = None
    articles_total: int = 0
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FrontPollStatus:
    """The newest stored front map, and how the last poll of its source went (`error`: why it failed)."""

    newest: datetime | None
    polled_at: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class OperatorStatus:
    """What /status tells an operator: outbox parts by state, chats that are not active by status, the
    sources failing now, and the front map's last poll (None: the bot has no front line)."""

    outbox: dict[str, int]
    chats: dict[str, int]
    failing: list[SourceHealth]
    front: FrontPollStatus | None = None
