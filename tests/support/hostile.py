"""What a user (or a forged client) can put in a command, a button's data or a chat title: control
characters, lone surrogates, decomposed letters, markup, format fields, SQL and path tricks, huge words.

`HOSTILE` maps a short id (for test ids) to the text; `is_clean` is what may reach a database or a reply.
"""

from __future__ import annotations

import re
import unicodedata

HOSTILE: dict[str, str] = {
    "nul": "Kursk\x00",
    "only-nul": "\x00",
    "nul-inside": "Kur\x00sk",
    "lone-high-surrogate": "\ud800",
    "lone-low-surrogate": "Kursk\udfff",
    "reversed-pair": "\udfff\ud800Kyiv",
    "split-pair": "\ud83dKyiv\ude00",
    "ansi-escape": "\x1b[31mKursk\x1b[0m",
    "c1-and-del": "Ky\x7fiv\x85\x9f",
    "carriage-return": "Kursk\r",
    "decomposed-yi": "Киі\u0308в",  # Київ with ї as і + combining diaeresis
    "combining-only": "\u0301\u0308",
    "rtl-override": "\u202eksruK",
    "zero-width": "\ufeffKur\u200bsk\u200d",
    "noncharacters": "\uffff\ufffeKursk",
    "astral": "\U0010ffff\U0001f1fa\U0001f1e6",
    "emoji": "🔥",
    "html": "<b>Kursk</b>&amp;",
    "format-fields": "{topic}{0}{",
    "sql": "'; DROP TABLE chats; --",
    "like-wildcards": "%_\\",
    "path": "../../etc/passwd",
    "arabic-digits": "١٢:٣٠",
    "huge-word": "Ы" * 5000,
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_clean(text: str) -> bool:
    """Encodable as UTF-8 (no lone surrogates), no control character but tab and newline, NFC."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not _CONTROL.search(text) and unicodedata.is_normalized("NFC", text)
