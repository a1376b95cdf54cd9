"""Telegram HTML: the one escaper, safe links, and splitting long HTML into parts Telegram accepts.

Telegram limits a message to 4096 characters of *parsed* text (UTF-16 code units); a part here is cut so
that its raw HTML, measured in UTF-16 code units, stays within the limit, which bounds the parsed text too.
Cuts prefer a blank line, then a line break, then a space; tags open at a cut are closed at the end of the
part and reopened at the start of the next, so every part is balanced on its own, and entities such as
`&amp;` are never cut in half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape as _unescape
from urllib.parse import urlsplit

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024
MAX_URL_LENGTH = 2048
MAX_NESTING = 4

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>|&(?:[a-zA-Z]{1,32}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_WHITESPACE = re.compile(r"\s+")
_TAG_ONLY = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*[^<>]*>")


def escape_html(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (safe inside attribute values too)."""
    return text.translate(_ESCAPES)


def safe_href(url: str) -> str | None:
    """The URL escaped for an href, or None when it is not a plain http(s) link we are willing to show."""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return escape_html(url)


def link(url: str, label: str) -> str:
    """`<a href>` around the escaped label, or just the label when the URL is not safe."""
    href = safe_href(url)
    text = escape_html(one_line(label)) or escape_html(url)
    return f'<a href="{href}">{text}</a>' if href else text


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space: a block keeps its own layout."""
    return _WHITESPACE.sub(" ", text).strip()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_to_text(html: str, limit: int = TELEGRAM_TEXT_LIMIT) -> str:
    """The text a reader would see, without markup: the fallback when Telegram refuses our HTML.
    Cut (with an ellipsis) to `limit` UTF-16 units, since plain text has no parts of its own."""
    text = _unescape(_TAG_ONLY.sub("", html)).strip()
    if utf16_len(text) <= limit:
        return text
    while utf16_len(text) > limit - 1:
        text = text[: len(text) - max(1, (utf16_len(text) - limit + 1) // 2)]
    return text + "…"


@dataclass(frozen=True, slots=True)
class _Atom:
    raw: str
    size: int  # UTF-16 code units of raw
    tag: str | None = None  # tag name for tags
    closing: bool = False


Stack = tuple[_Atom, ...]


def _chars(text: str) -> list[_Atom]:
    return [_Atom(ch, 2 if ord(ch) > 0xFFFF else 1) for ch in text]


def _atoms(html: str, limit: int) -> list[_Atom]:
    """Tokens of the HTML, made balanced: stray end tags, oversized or too deeply nested start tags (with
    their ends) dropped, tags left open closed at the end. Text is one atom per character and an entity
    one atom, so a cut never lands inside an entity."""
    atoms: list[_Atom] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    pos = 0
    for m in _TOKEN.finditer(html):
        atoms.extend(_chars(html[pos : m.start()]))
        pos = m.end()
        raw = m.group(0)
        if not m.group(2):
            atoms.append(_Atom(raw, utf16_len(raw)))
            continue
        tag = m.group(2).lower()
        if m.group(1) != "/":
            # Open tags are repeated in every part they span: bound their cost so a part always has room.
            kept = utf16_len(raw) <= limit // 16 and sum(k for _, k in stack) < MAX_NESTING
            stack.append((tag, kept))
            if kept:
                atoms.append(_Atom(raw, utf16_len(raw), tag))
            continue
        if not any(t == tag for t, _ in stack):
            continue
        while stack:
            open_tag, kept = stack.pop()
            if kept:
                atoms.append(_Atom(f"</{open_tag}>", len(open_tag) + 3, open_tag, True))
            if open_tag == tag:
                break
    atoms.extend(_chars(html[pos:]))
    atoms.extend(_Atom(f"</{t}>", len(t) + 3, t, True) for t, kept in reversed(stack) if kept)
    return atoms


def _closers(stack: Stack) -> str:
    return "".join(f"</{a.tag}>" for a in reversed(stack))


def _openers(stack: Stack) -> str:
    return "".join(a.raw for a in stack)


def _apply(stack: Stack, atom: _Atom) -> Stack:
    if atom.tag is None:
        return stack
    return stack[:-1] if atom.closing else (*stack, atom)


class _Splitter:
    """Greedy packing of atoms into parts, remembering the most natural places to cut."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.start_stack: Stack = ()
        self.stack: Stack = ()
        self.closing = 0  # size of the end tags that close self.stack
        self.current: list[_Atom] = []
        self.size = 0
        self.cuts: dict[int, tuple[int, Stack]] = {}  # rank -> (index after the break, stack there)

    def add(self, atom: _Atom) -> None:
        new_stack, closing = self.stack, self.closing
        if atom.tag is not None:
            new_stack = _apply(self.stack, atom)
            closing = utf16_len(_closers(new_stack))
        if self.current and self.size + atom.size + closing > self.limit:
            self._flush(*self._choose())
            if atom.tag is not None:
                new_stack = _apply(self.stack, atom)
                closing = utf16_len(_closers(new_stack))
        self.current.append(atom)
        self.size += atom.size
        self.stack, self.closing = new_stack, closing
        if atom.tag is None and atom.raw in ("\n", " "):
            rank = 0 if atom.raw == " " else 1
            if rank == 1 and len(self.current) > 1 and self.current[-2].raw == "\n" and not self.stack:
                rank = 2
            self.cuts[rank] = (len(self.current), self.stack)

    def finish(self) -> list[str]:
        if self.current:
            self._flush(len(self.current), self.stack)
        return self.parts

    def _choose(self) -> tuple[int, Stack]:
        # A blank line outside any tag is a block (story) boundary: always the cut of choice.
        if 2 in self.cuts:
            return self.cuts[2]
        for rank in (1, 0):
            if rank in self.cuts and self.cuts[rank][0] >= len(self.current) // 2:
                return self.cuts[rank]
        return len(self.current), self.stack

    def _flush(self, cut: int, cut_stack: Stack) -> None:
        body = "".join(a.raw for a in self.current[:cut])
        text = (_openers(self.start_stack) + body + _closers(cut_stack)).strip()
        if _visible(text):
            self.parts.append(text)
        rest = self.current[cut:]
        self.start_stack = self.stack = cut_stack
        self.closing = utf16_len(_closers(cut_stack))
        self.current, self.cuts = [], {}
        self.size = utf16_len(_openers(cut_stack))
        for atom in rest:
            self.add(atom)


def split_html(html: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split Telegram HTML into parts of at most `limit` UTF-16 units, each balanced on its own.

    Parts that would hold only whitespace are dropped (Telegram refuses empty messages).
    """
    if limit < 64:
        raise ValueError("limit too small to split HTML into parts")
    if utf16_len(html) <= limit and _is_balanced(html):
        return [html.strip()] if _visible(html) else []
    splitter = _Splitter(limit)
    for atom in _atoms(html, limit):
        splitter.add(atom)
    return splitter.finish()


def _is_balanced(html: str) -> bool:
    """Whether `_atoms` would keep `html` as it is: every tag closed in order, as written, none too long or too
    deeply nested. Tag by tag, not character by character: every digest of a slot asks this."""
    stack: list[str] = []
    for m in _TOKEN.finditer(html):
        if not m.group(2):
            continue  # an entity
        raw = m.group(0)
        if m.group(1) == "/":
            if not stack or raw != f"</{stack.pop()}>":
                return False
        elif utf16_len(raw) > TELEGRAM_TEXT_LIMIT * 8 // 16 or len(stack) >= MAX_NESTING:
            return False
        else:
            stack.append(m.group(2).lower())
    return not stack


def _visible(html: str) -> bool:
    return bool(_TOKEN.sub(lambda m: "x" if m.group(0).startswith("&") else "", html).strip())
