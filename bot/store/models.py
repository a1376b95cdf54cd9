"""The tables. One declarative model per aggregate; repositories live beside this module.

Datetimes are stored as UTC and always come back timezone-aware, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Autoincrementing keys: BIGINT on PostgreSQL, INTEGER on SQLite (only INTEGER PRIMARY KEY autoincrements there).
IdType = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="feed")
    lang: Mapped[str] = mapped_column(String(8), default="en")
    interval_minutes: Mapped[int] = mapped_column(Integer, default=30)
    full_text: Mapped[bool] = mapped_column(Boolean, default=True)
    # Everything the source posts counts as war news (sources.toml all_relevant): digests skip the relevance check.
    all_relevant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Added by a chat (/add, /import), not in the catalogue: untrusted, fetched only while some chat follows it.
    added: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    articles_total: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class ArticleRow(Base):
    __tablename__ = "articles"
    # Digests select by collected_at ("new to us since the last digest"); ranking uses published_at.
    __table_args__ = (
        Index("ix_articles_collected_at", "collected_at"),
        Index("ix_articles_published_at", "published_at"),
        UniqueConstraint("source_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    # sha256 of the normalised text: one outlet's report reached through two URLs is stored once. Copies at
    # other outlets are kept, so condense can credit every outlet that carries a story.
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    lang: Mapped[str] = mapped_column(String(8))
    image_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class ChatRow(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(20), default="private")
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    # The language was chosen in /settings: it no longer follows the user's Telegram language on /start.
    lang_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    # active | blocked (403) | not_found (400) | migrated (moved to migrated_to) | removed (bot left the group)
    status: Mapped[str] = mapped_column(String(20), default="active")
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    migrated_to: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_digest_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), unique=True)
    times: Mapped[str] = mapped_column(String(200), default="08:00,20:00")  # local HH:MM, comma-separated
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    front_alerts: Mapped[bool] = mapped_column(Boolean, default=False)
    front_threshold_km2: Mapped[float] = mapped_column(Float, default=5.0)
    # Per-chat filters of the story engine: places or keywords, comma-separated, matched in uk/ru/en.
    include_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    exclude_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    # "Everything from my sources" in /settings: digests keep stories that are not about the war too.
    all_news: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # "Languages I read" in /settings, comma-separated codes; NULL: the chat's language and English (that default
    # follows the chat's language when it changes).
    read_langs: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # The forum topic (message_thread_id) /subscribe was sent in; NULL: the chat itself (a forum's General).
    thread_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class ChatSourceRow(Base):
    """A chat's choice about one source: a catalogue source it turned off (`following` false), or a source it
    added (`following` true). Without a row a chat follows every catalogue source and no added one."""

    __tablename__ = "chat_sources"
    __table_args__ = (Index("ix_chat_sources_source_id", "source_id"),)

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    # The chat was told that this added source keeps failing; cleared when it works again.
    failure_reported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class DigestRow(Base):
    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # scheduled | on_demand | front | notice (an added source fails)
    lang: Mapped[str] = mapped_column(String(8))
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    stories: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class DeliveryRow(Base):
    """The outbox: one row per message part. Senders take rows in order per chat."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("digest_id", "part_no"),
        Index("ix_deliveries_state_chat", "state", "chat_id", "id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    part_no: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # PNG; text is then the caption
    # pending -> sending -> sent | parked (kept failing) | cancelled (chat blocked / gone)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FrontSnapshotRow(Base):
    """A front-line map snapshot as fetched, stored once (compressed)."""

    __tablename__ = "front_snapshots"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(50))  # e.g. "deepstate"
    external_id: Mapped[str] = mapped_column(String(50))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    content_sha256: Mapped[str] = mapped_column(String(64))
    data_gz: Mapped[bytes] = mapped_column(LargeBinary)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)


class FrontTotalsRow(Base):
    """The measured totals of one stored snapshot (km²), for series without re-reading whole maps, and
    whether its change was announced to the chats that opted in to front alerts."""

    __tablename__ = "front_totals"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("front_snapshots.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    occupied_km2: Mapped[float] = mapped_column(Float)
    grey_km2: Mapped[float] = mapped_column(Float)
    ua_held_ru_km2: Mapped[float] = mapped_column(Float)
    grey_ru_km2: Mapped[float] = mapped_column(Float)
    # None: not checked yet; "announced": posted to the opted-in chats; "below": checked, under the threshold
    alert_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    alert_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FrontPollRow(Base):
    """What the front-map poll must remember across restarts: the conditional-request state (so a restart asks
    "changed since?" instead of fetching the whole map again) and how the last poll went (for /status)."""

    __tablename__ = "front_poll_state"

    source: Mapped[str] = mapped_column(String(50), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class LeaseRow(Base):
    """A named lease in the database: which process may run a singleton worker (e.g. the sender)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
