"""Parsing of command arguments (and the CLI's --since): pure, with one clear error per wrong form."""

from __future__ import annotations

import re
from datetime import timedelta

_PERIOD = re.compile(r"^(\d{1,4})\s*(h|d|w|m|год|г|ч|д|дн|тиж|нед)?$", re.IGNORECASE)
_UNIT_HOURS = {"h": 1, "год": 1, "г": 1, "ч": 1, "d": 24, "д": 24, "дн": 24, "w": 168, "тиж": 168, "нед": 168}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?::([0-5]\d))?$")


class ArgumentError(ValueError):
    """The argument has the wrong form; the handler answers with the usage line."""


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
            match = _TIME.match(token.strip())
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
