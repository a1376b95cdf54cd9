"""/sources and /status as Telegram HTML: a source's health as one line, why a source cannot be used, and the
operator's view."""

from __future__ import annotations

from datetime import datetime

from bot import i18n
from bot.domain import FrontPollStatus, OperatorStatus, SourceHealth
from bot.errors import (
    CollectError,
    NoFeedFound,
    SourceBlocked,
    SourceHTTPError,
    SourceTooLarge,
    SourceUnreachable,
)
from bot.render.html import escape_html, split_html


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
        ago = i18n.duration((now - health.last_success).total_seconds(), lang)
        state = i18n.t(lang, "source_ok", ago=ago, articles=health.articles_total)
    return f'{mark} <a href="{escape_html(health.url)}">{escape_html(health.name)}</a> — {state}'


def render_status(status: OperatorStatus, *, lang: str) -> list[str]:
    """/status in the operator's language; source keys and their errors as they are (names and raw text)."""

    def counts(prefix: str, by_key: dict[str, int], empty: str) -> str:
        # A state the catalogue does not name (a newer one) shows as stored rather than failing the command.
        named = (
            (i18n.t(lang, f"{prefix}_{key}") if f"{prefix}_{key}" in i18n.MESSAGES else key, n)
            for key, n in sorted(by_key.items())
        )
        return ", ".join(f"{escape_html(name)} {n}" for name, n in named) or i18n.t(lang, empty)

    lines = [
        i18n.t(lang, "status_outbox", states=counts("state", status.outbox, "status_empty")),
        i18n.t(lang, "status_chats", states=counts("chat", status.chats, "status_none")),
        i18n.t(lang, "status_failing", n=len(status.failing)),
    ]
    lines += [
        "  " + i18n.t(lang, "status_source", source=escape_html(h.key), failures=h.consecutive_failures,
                      error=escape_html(h.last_error or "?"))
        for h in status.failing
    ]  # fmt: skip
    if status.front is not None:
        lines.append(_front_line(status.front, lang))
    return split_html("\n".join(lines))


def _front_line(front: FrontPollStatus, lang: str) -> str:
    newest = (i18n.t(lang, "status_front_none") if front.newest is None
              else i18n.t(lang, "status_front_newest", at=f"{front.newest:%Y-%m-%d %H:%M} UTC"))  # fmt: skip
    if front.polled_at is None:
        return i18n.t(lang, "status_front_not_polled", newest=newest)
    at = f"{front.polled_at:%Y-%m-%d %H:%M} UTC"
    if front.error:
        return i18n.t(lang, "status_front_failed", newest=newest, at=at, error=escape_html(front.error))
    return i18n.t(lang, "status_front_ok", newest=newest, at=at)


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
