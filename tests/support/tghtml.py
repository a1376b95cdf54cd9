"""Telegram's HTML parse mode, as the test Bot API server applies it: an independent oracle for bot.render.

It follows what Telegram documents and answers: only the listed tags, balanced, `<a>` needs an href, and a
bare `<` or an unknown tag is refused with "Bad Request: can't parse entities: ...". It is written apart from
bot/render on purpose, so a bug in the renderer cannot hide itself in the check.
"""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
        "blockquote", "tg-spoiler", "span", "tg-emoji",
    }
)  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


class EntityError(ValueError):
    """The text cannot be parsed as Telegram HTML; str() is Telegram's description after the prefix."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def parse_html(source: str) -> str:
    """Return the plain text Telegram would show, or raise EntityError like Telegram does."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "&":
            m = _ENTITY.match(source, i)
            if m:
                out.append(html.unescape(m.group(0)))
                i = m.end()
            else:  # Telegram keeps an unrecognised '&' as a literal character
                out.append("&")
                i += 1
            continue
        if ch != "<":
            out.append(ch)
            i += 1
            continue
        m = _TAG.match(source, i)
        if not m:
            raise EntityError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
        if name not in ALLOWED_TAGS:
            kind = "end" if closing else "start"
            raise EntityError(f'Unsupported {kind} tag "{name}" at byte offset {_byte_offset(source, i)}')
        if closing:
            if not stack or stack[-1][0] != name:
                raise EntityError(
                    f'Unmatched end tag at byte offset {_byte_offset(source, i)}, expected "</'
                    f'{stack[-1][0] if stack else ""}>", found "</{name}>"'
                )
            stack.pop()
        else:
            values = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or "" for a in _ATTR.finditer(attrs)}
            if name == "a" and "href" not in values:
                raise EntityError(f"Can't find the URL of the link at byte offset {_byte_offset(source, i)}")
            stack.append((name, i))
        i = m.end()
    if stack:
        name, at = stack[-1]
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{name}" at byte offset {at}')
    return "".join(out)
