"""A front-line report as Telegram HTML: a photo caption (at most 1024 characters) and text parts."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.html import escape_html, split_html

TELEGRAM_CAPTION_LIMIT = 1024


def render_front(lines: Sequence[str], *, has_picture: bool) -> tuple[str, list[str]]:
    """(caption, parts): the first line in bold, the rest as plain lines, all escaped.

    With a picture, the text rides as its caption when it fits; otherwise the caption is the first and last
    line (the headline and the attribution) and the full text follows as message parts.
    """
    escaped = [escape_html(line) for line in lines if line.strip()]
    if not escaped:
        return "", []
    body = "\n".join([f"<b>{escaped[0]}</b>", *escaped[1:]])
    if not has_picture:
        return "", split_html(body)
    if len(body) <= TELEGRAM_CAPTION_LIMIT:
        return body, []
    short = "\n".join([f"<b>{escaped[0]}</b>", escaped[-1]])
    return (short if len(short) <= TELEGRAM_CAPTION_LIMIT else ""), split_html(body)
