"""The errors the bot tells apart.

FrontlineError
├── ConfigError            settings or config/*.toml are wrong (the Bot API rejected the token, say); the message
│                          says which and how to fix it
├── StartError             `run` could not start: the Bot API failed while it started; the message says how
├── DatabaseUnavailable    the database could not be reached (down, refused, timed out)
├── CollectError           one source could not be collected this pass (its health records it)
│   ├── SourceBlocked      the URL points at a private, loopback or otherwise forbidden address
│   ├── SourceUnreachable  DNS, connection, TLS or timeout failures
│   ├── SourceHTTPError    the server answered with an error status (the status is kept)
│   ├── SourceTooLarge     the body exceeded the size cap
│   └── ParseError         the bytes are not a feed / page we can read
│       └── NoFeedFound    a page that links no feed (what /add was given)
└── DeliveryError          a message could not be delivered (see bot.deliver for the outcomes)
"""

from __future__ import annotations


class FrontlineError(Exception):
    """Base of every error the bot raises on purpose."""


class ConfigError(FrontlineError):
    pass


class StartError(FrontlineError):
    pass


class DatabaseUnavailable(FrontlineError):
    pass


class CollectError(FrontlineError):
    pass


class SourceBlocked(CollectError):
    pass


class SourceUnreachable(CollectError):
    pass


class SourceHTTPError(CollectError):
    def __init__(self, status: int, message: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(message or f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503 Retry-After)


class SourceTooLarge(CollectError):
    pass


class ParseError(CollectError):
    pass


class NoFeedFound(ParseError):
    pass


class DeliveryError(FrontlineError):
    pass


def failure_reason(exc: BaseException) -> str:
    """One line for operators: the bot's own errors say what happened; anything else (a bug, a database
    error) is named by its type too, since `str(KeyError('x'))` alone is just `'x'`."""
    text = str(exc)
    if isinstance(exc, FrontlineError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
