"""Digest -> Telegram HTML parts. Pure functions: no network, database or Telegram imports."""

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
