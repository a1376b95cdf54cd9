"""/sources: a source's health as one line of Telegram HTML, and why a source cannot be used."""

from __future__ import annotations

from datetime import datetime

from bot import i18n
from bot.domain import SourceHealth
from bot.errors import (
    CollectError,
    NoFeedFound,
    SourceBlocked,
    SourceHTTPError,
    SourceTooLarge,
    SourceUnreachable,
)
from bot.render.html import escape_html


def ago(then: datetime, now: datetime) -> str:
    """Compact and language-neutral: 45s, 12m, 5h, 3d."""
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def source_line(health: SourceHealth, *, lang: str, now: datetime) -> str:
    if health.consecutive_failures:
        mark = "⚠️"
        state = i18n.t(
            lang,
            "source_failing",
            failures=health.consecutive_failures,
            error=escape_html(health.last_error or "?"),
        )
    elif health.last_success is None:
        mark, state = "⏳", i18n.t(lang, "source_never")
    else:
        mark = "✅"
        state = i18n.t(lang, "source_ok", ago=ago(health.last_success, now), articles=health.articles_total)
    return f'{mark} <a href="{escape_html(health.url)}">{escape_html(health.name)}</a> — {state}'


def failure_text(lang: str, exc: CollectError) -> str:
    """Why a source cannot be used, for a reader in their language (plain text: the caller escapes)."""
    if isinstance(exc, SourceBlocked):
        return i18n.t(lang, "source_reason_blocked")
    if isinstance(exc, SourceHTTPError):
        return i18n.t(lang, "source_reason_http", status=exc.status)
    if isinstance(exc, SourceTooLarge):
        return i18n.t(lang, "source_reason_too_large")
    if isinstance(exc, SourceUnreachable):
        return i18n.t(lang, "source_reason_unreachable")
    if isinstance(exc, NoFeedFound):
        return i18n.t(lang, "source_reason_no_feed")
    return i18n.t(lang, "source_reason_not_feed")
