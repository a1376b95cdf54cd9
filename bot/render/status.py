"""/sources: each source's health as Telegram HTML parts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import i18n
from bot.domain import SourceHealth
from bot.render.html import escape_html, split_html


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


def render_sources(healths: Sequence[SourceHealth], *, lang: str, now: datetime) -> list[str]:
    lines = [i18n.t(lang, "sources_title")] + [source_line(h, lang=lang, now=now) for h in healths]
    return split_html("\n".join(lines))
