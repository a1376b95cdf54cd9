"""Parsing of command arguments (and the CLI's --since): pure, with one clear error per wrong form.

Everything a user typed (or Telegram relayed from a user: callback data, chat titles) first goes through
`clean_input`, so no parser, database or reply ever sees a NUL byte, a control character or a lone surrogate.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import timedelta
from functools import cache

_PERIOD = re.compile(r"^(\d{1,4})\s*(h|d|w|m|год|г|ч|д|дн|тиж|нед)?$", re.IGNORECASE)
_UNIT_HOURS = {"h": 1, "год": 1, "г": 1, "ч": 1, "d": 24, "д": 24, "дн": 24, "w": 168, "тиж": 168, "нед": 168}
# ASCII digits only: \d would let "7:3٠" through, to be stored as it was typed.
_TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)(?::([0-5]\d))?", re.ASCII)
MAX_INPUT_CHARS = 256  # above every limit a command checks itself, so the cap never makes bad input look good
# C0 and C1 controls and DEL, except tab and newline: PostgreSQL refuses NUL, and none of them means anything in
# a topic, a place or a title.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ArgumentError(ValueError):
    """The argument has the wrong form; the handler answers with the usage line."""


def clean_input(text: str, *, limit: int = MAX_INPUT_CHARS) -> str:
    """User text fit to parse, store and echo: controls dropped, lone surrogates replaced by U+FFFD (a valid
    pair stays the one character it encodes), NFC, at most `limit` characters."""
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return unicodedata.normalize("NFC", _CONTROLS.sub("", text))[:limit]


def is_period(text: str) -> bool:
    return bool(_PERIOD.match(text.strip()))


def parse_period(text: str, *, max_hours: int) -> timedelta:
    """ "6h", "24h", "2d", "1w" (and their uk/ru abbreviations) -> timedelta, within (0, max_hours]."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise ArgumentError(text)
    number, unit = int(match.group(1)), (match.group(2) or "h").lower()
    if unit == "m":  # "30m": minutes are handy for testing a feed, hours for everything else
        hours = number / 60
    else:
        hours = number * _UNIT_HOURS[unit]
    if hours <= 0 or hours > max_hours:
        raise ArgumentError(text)
    return timedelta(hours=hours)


def parse_times(args: list[str], *, max_count: int) -> tuple[str, ...]:
    """["7:30", "19.00", "06:15:30"] -> ("06:15:30", "07:30", "19:00"), sorted and deduplicated."""
    if not args or len(args) > max_count:
        raise ArgumentError(" ".join(args))
    times: set[str] = set()
    for arg in args:
        for token in arg.split(","):
            if not token:
                continue
            match = _TIME.fullmatch(token.strip())
            if not match:
                raise ArgumentError(token)
            # Seconds are accepted (and kept) so that a test or an impatient operator can aim precisely.
            seconds = f":{match.group(3)}" if match.group(3) else ""
            times.add(f"{int(match.group(1)):02d}:{match.group(2)}{seconds}")
    if not times or len(times) > max_count:
        raise ArgumentError(" ".join(args))
    return tuple(sorted(times))


MAX_FILTER_TERMS = 10
MAX_TERM_CHARS = 50
_FILTER_ACTIONS = {
    "only": "include", "тільки": "include", "только": "include",
    "hide": "exclude", "сховати": "exclude", "скрыть": "exclude",
    "clear": "clear", "очистити": "clear", "очистить": "clear",
}  # fmt: skip


def parse_filter(args: list[str]) -> tuple[str, tuple[str, ...]]:
    """["only", "Kursk,", "Pokrovsk"] -> ("include", ("Kursk", "Pokrovsk")); "hide ..." -> "exclude"; "clear"."""
    if not args or args[0].lower() not in _FILTER_ACTIONS:
        raise ArgumentError(" ".join(args))
    action = _FILTER_ACTIONS[args[0].lower()]
    terms = tuple(dict.fromkeys(t.strip() for t in " ".join(args[1:]).split(",") if t.strip()))
    if action == "clear":
        return action, ()
    if not terms or len(terms) > MAX_FILTER_TERMS or any(len(t) > MAX_TERM_CHARS for t in terms):
        raise ArgumentError(" ".join(args))
    return action, terms


# Names in the zone database that are no place's time: a placeholder, the machine's own setting, and the
# compiler's template; the posix/ and right/ trees repeat every zone (right/ with leap seconds).
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})


@cache
def _zones() -> dict[str, str]:
    """Every IANA zone name (old ones such as Europe/Kiev included), by its lower-cased form."""
    return {
        name.lower(): name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    }


def parse_zone(text: str) -> str:
    """An IANA zone name in any letter case, as the database spells it: "europe/kyiv" -> "Europe/Kyiv".

    Only names from the list are looked up, never a path: "Europe", "../x" or a 300-letter name are errors."""
    zone = _zones().get(text.strip().lower())
    if zone is None:
        raise ArgumentError(text)
    return zone
