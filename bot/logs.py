"""Structured logging for operators: `key=value` lines (or JSON), with secrets redacted everywhere.

Use `log.info("collected", extra=kv(source="pravda-uk", new=12))`: the fields become columns of the line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

_NOISY = ("httpx", "httpcore", "aiosqlite", "apscheduler.executors.default", "trafilatura", "charset_normalizer")
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
REDACTED = "***"


def kv(**fields: Any) -> dict[str, Any]:
    """Fields for `extra=`, namespaced so they never collide with LogRecord attributes."""
    return {f"f_{k}": v for k, v in fields.items()}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k[2:]: v for k, v in vars(record).items() if k.startswith("f_") and k not in _RESERVED}


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
        fields = _fields(record)
        if self.as_json:
            payload: dict[str, Any] = {
                "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname,
                "logger": record.name,
                "msg": record.getMessage(),
                **{
                    k: v if isinstance(v, int | float | bool) or v is None else str(v)
                    for k, v in fields.items()
                },
            }
            if record.exc_info:
                payload["exc"] = self.formatException(record.exc_info)
            return self._scrub(json.dumps(payload, ensure_ascii=False))
        parts = [
            self.formatTime(record, "%Y-%m-%d %H:%M:%S"),
            record.levelname,
            record.name,
            record.getMessage(),
        ]
        parts += [f"{k}={_quote(v)}" for k, v in fields.items()]
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
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
