"""Finding English in a Ukrainian or Russian reply: every Latin word that is not a name, a command, a link, an
@name, a time zone or the source attribution."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from bot.i18n import MESSAGES

# Names that stay as they are in every language: the bot's, the map's (the source attribution), the zone
# database's and UTC, English by its own name on the language button, formats, feed readers and protocols.
NAMES = frozenset({"Frontline", "Digest", "DeepStateMAP", "DeepState", "IANA", "UTC", "English", "OPML", "Feedly",
                   "Inoreader", "Miniflux", "http", "HTTP", "XML", "DTD", "RSS", "Atom"})
# /front's periods: what the user types after /front (bot.front.periods reads these words only).
COMMAND_WORDS = frozenset({"today", "week", "month"})

_URL = re.compile(r"https?://\S+")
_COMMAND = re.compile(r"/[A-Za-z_]+(?:@\w+)?")
_HANDLE = re.compile(r"@\w+")  # a chat's public @name
_PATH = re.compile(r"\S*[A-Za-z]\S*/\S*")  # Europe/Kyiv, America/New_York
_TAG = re.compile(r"<[^>]+>")
_LATIN_WORD = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z'-]+(?![\w])")
# A unit glued to a number ("36s"); a period the user types ("6h", "2d", "1w", "30m") is command vocabulary.
_UNIT = re.compile(r"(?<![\w-])\d+([A-Za-z]+)\b")
PERIOD_UNITS = frozenset({"h", "d", "w", "m"})
_KEY = re.compile(r"\b(?:" + "|".join(re.escape(key) for key in MESSAGES if "_" in key) + r")\b")


def english_words(text: str, names: Iterable[str] = ()) -> list[str]:
    """The Latin words of `text` (HTML or plain) outside NAMES, COMMAND_WORDS and the extra `names` (source
    names, a chat's title: each may be several words)."""
    text = html.unescape(_TAG.sub(" ", text))
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    for pattern in (_URL, _PATH, _COMMAND, _HANDLE):
        text = pattern.sub(" ", text)
    words = [w for w in _LATIN_WORD.findall(text) if w not in NAMES and w.lower() not in COMMAND_WORDS]
    return words + [unit for unit in _UNIT.findall(text) if unit not in PERIOD_UNITS]


def catalogue_keys(text: str) -> list[str]:
    """Catalogue keys shown as they are: a message that was never looked up."""
    return _KEY.findall(text)
