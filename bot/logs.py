"""Structured logging for operators: `key=value` lines (or JSON), with secrets redacted everywhere.

Use `log.info("collected", extra={"source": "pravda-uk", "new": 12})`: every key of `extra` becomes a field of the
line. A key must not be one of RESERVED: the logging module raises KeyError for a LogRecord attribute ("name",
"message", "args", ...), and the JSON line's own keys are taken (tests/test_logs.py checks every call in bot/).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

_NOISY = ("httpx", "httpcore", "aiosqlite", "apscheduler.executors.default", "trafilatura", "charset_normalizer")
# Attributes every LogRecord has (taskName arrived in Python 3.12), and those Formatter.format adds to it.
_RECORD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_JSON_KEYS = ("ts", "level", "logger", "msg", "exc")
RESERVED = frozenset(_RECORD | set(_JSON_KEYS))
REDACTED = "***"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The `extra` of the call: whatever the record carries beyond the standard attributes."""
    return {k: v for k, v in vars(record).items() if k not in _RECORD}


class _Formatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str], as_json: bool) -> None:
        super().__init__()
        # Telegram puts the token in every API URL, and HTTP libraries log URLs: scrub the final text.
        self.secrets = [s for s in secrets if s]
        self.as_json = as_json

    def _scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def format(self, record: logging.LogRecord) -> str:
        # Values are scrubbed before quoting or JSON escaping could split a secret, and the line once more after.
        fields = {k: v if isinstance(v, int | float | bool) or v is None else self._scrub(str(v))
                  for k, v in _fields(record).items()}  # fmt: skip
        message = self._scrub(record.getMessage())
        exc = self._scrub(self.formatException(record.exc_info)) if record.exc_info else None
        if self.as_json:
            payload: dict[str, Any] = {
                "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname,
                "logger": record.name,
                "msg": message,
            }
            if exc:
                payload["exc"] = exc
            # A field never replaces the line's own keys (a third-party `extra` may carry "level").
            payload.update({f"{k}_" if k in _JSON_KEYS else k: v for k, v in fields.items()})
            return self._scrub(json.dumps(payload, ensure_ascii=False))
        parts = [self.formatTime(record, "%Y-%m-%d %H:%M:%S"), record.levelname, record.name, message]
        parts += [f"{k}={_quote(v)}" for k, v in fields.items()]
        line = " ".join(parts)
        if exc:
            line += "\n" + exc
        return self._scrub(line)


def _quote(value: Any) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (not text or any(c in text for c in ' ="\n')) else text


def setup_logging(level: str = "INFO", *, secrets: Iterable[str] = (), as_json: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_Formatter(secrets, as_json))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every Bot API request line (with the token in its URL) at INFO: useful only when debugging.
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def add_secret(secret: str) -> None:
    """Redact one more secret in every handler installed by setup_logging (e.g. a token read late)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, _Formatter) and secret:
            handler.formatter.secrets.append(secret)
