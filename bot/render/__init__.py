"""Digest -> Telegram HTML parts. Pure functions: no network, database or Telegram imports."""

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.render.digest import format_date, render_digest, render_story
    from bot.render.html import (
        TELEGRAM_CAPTION_LIMIT,
        TELEGRAM_TEXT_LIMIT,
        escape_html,
        html_to_text,
        link,
        safe_href,
        split_html,
        utf16_len,
    )

_WHERE = {
    "TELEGRAM_CAPTION_LIMIT": "bot.render.html",
    "TELEGRAM_TEXT_LIMIT": "bot.render.html",
    "escape_html": "bot.render.html",
    "format_date": "bot.render.digest",
    "html_to_text": "bot.render.html",
    "link": "bot.render.html",
    "render_digest": "bot.render.digest",
    "render_story": "bot.render.digest",
    "safe_href": "bot.render.html",
    "split_html": "bot.render.html",
    "utf16_len": "bot.render.html",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = [
    "TELEGRAM_CAPTION_LIMIT",
    "TELEGRAM_TEXT_LIMIT",
    "escape_html",
    "format_date",
    "html_to_text",
    "link",
    "render_digest",
    "render_story",
    "safe_href",
    "split_html",
    "utf16_len",
]
