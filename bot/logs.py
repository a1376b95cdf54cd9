"""Structured logging for operators: `key=value` lines (or JSON), with secrets redacted everywhere.

Use `log.info("collected", extra={"source": "pravda-uk", "new": 12})`: every key of `extra` becomes a field of the
line. A key must not be one of RESERVED: the logging module raises KeyError for a LogRecord attribute ("name",
"message", "args", "thread", ...), and the JSON line's own keys are taken (tests/test_logs.py checks every call in
bot/).

`setup_logging` also sends what Python would print by itself past any formatter (an uncaught exception in the
main thread or another one, an exception ignored in `__del__`, a warning, a broken log call) through the same
redacting handler, so no path to the terminal shows the bot token or the LLM key.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any, TextIO
from urllib.parse import quote

# Alembic's plugin registry announces itself at INFO on first import, which commands now do after logging is set.
_NOISY = ("httpx", "httpcore", "aiosqlite", "apscheduler.executors.default", "trafilatura", "charset_normalizer",
          "alembic.runtime.plugins")
# PTB's request layer logs a body that is not JSON with a traceback and the whole body at ERROR; the error it then
# raises is what its callers log (and retry), in one line.
_SILENCED = ("telegram.request.BaseRequest",)
# Attributes every LogRecord has (taskName arrived in Python 3.12), and those Formatter.format adds to it.
_RECORD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_JSON_KEYS = ("ts", "level", "logger", "msg", "exc")
RESERVED = frozenset(_RECORD | set(_JSON_KEYS))
REDACTED = "***"
# The process has one set of secrets; the hooks below run outside any handler, so the list lives here.
_secrets: list[str] = []
log = logging.getLogger("bot")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def add_secret(secret: str) -> None:
    """Redact `secret` from every line written from now on, also its distinctive parts: a bot token is
    `<bot id>:<key>`, and the key alone (or URL-encoded, as a library may log a URL) is as secret as the whole."""
    if not secret:
        return
    _, colon, key = secret.partition(":")
    for variant in (secret, quote(secret, safe=""), key if colon else ""):
        if variant and variant not in _secrets:
            _secrets.append(variant)
    _secrets.sort(key=len, reverse=True)  # the whole token before the key inside it: one mark, not two


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, REDACTED)
    return text


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The `extra` of the call: whatever the record carries beyond the standard attributes."""
    return {k: v for k, v in vars(record).items() if k not in _RECORD}


class _Formatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def _details(self, record: logging.LogRecord) -> str:
        """The traceback and stack of a record, if it carries any."""
        parts = []
        if record.exc_info:
            parts.append(self.formatException(record.exc_info))
        if record.stack_info:
            parts.append(self.formatStack(record.stack_info))
        return "\n".join(parts)

    def format(self, record: logging.LogRecord) -> str:
        # Telegram puts the token in every API URL, and HTTP libraries log URLs: every piece of text is scrubbed
        # before quoting or JSON escaping could split a secret, and the whole line once more after.
        fields = {k: v if isinstance(v, int | float | bool) or v is None else redact(str(v))
                  for k, v in _fields(record).items()}  # fmt: skip
        message = redact(record.getMessage())
        details = redact(self._details(record))
        if self.as_json:
            payload: dict[str, Any] = {
                "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname,
                "logger": record.name,
                "msg": message,
            }
            if details:
                payload["exc"] = details
            # A field never replaces the line's own keys (a third-party `extra` may carry "level").
            payload.update({f"{k}_" if k in _JSON_KEYS else k: v for k, v in fields.items()})
            return redact(json.dumps(payload, ensure_ascii=False))
        parts = [self.formatTime(record, "%Y-%m-%d %H:%M:%S"), record.levelname, record.name, message]
        parts += [f"{k}={_quote(v)}" for k, v in fields.items()]
        return redact(" ".join(parts) + (f"\n{details}" if details else ""))


class _Handler(logging.StreamHandler[TextIO]):
    def handleError(self, record: logging.LogRecord) -> None:
        # The default prints the record's raw arguments (a URL with the token, say) straight to stderr.
        error = sys.exc_info()[1]
        failure = logging.LogRecord(
            record.name, logging.ERROR, record.pathname, record.lineno, "log call failed: %r", (error,), None
        )
        with contextlib.suppress(OSError, ValueError):  # a closed or broken stderr: nowhere left to tell
            self.stream.write(self.format(failure) + self.terminator)
            self.flush()


def _quote(value: Any) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (not text or any(c in text for c in ' ="\n')) else text


def _uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.critical("uncaught exception", exc_info=(exc_type, exc, tb))


def _uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    exc_info: ExcInfo = (args.exc_type, args.exc_value, args.exc_traceback)
    thread = args.thread.name if args.thread else None
    log.critical("uncaught exception in a thread", exc_info=exc_info, extra={"thread_name": thread})


def _unraisable(args: sys.UnraisableHookArgs) -> None:
    exc_info: ExcInfo | None = None
    if args.exc_value is not None:
        exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
    try:
        where = repr(args.object)
    except Exception:  # the object is being torn down: its repr may fail too
        where = type(args.object).__name__
    log.error(args.err_msg or "exception ignored", exc_info=exc_info, extra={"object": where})


def setup_logging(level: str = "INFO", *, secrets: Iterable[str] = (), as_json: bool = False) -> None:
    for secret in secrets:
        add_secret(secret)
    handler = _Handler()
    handler.setFormatter(_Formatter(as_json))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every Bot API request line (with the token in its URL) at INFO: useful only when debugging.
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for name in _SILENCED:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread
    sys.unraisablehook = _unraisable
    logging.captureWarnings(True)
