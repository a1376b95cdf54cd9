"""Collect: the network edge. Bytes from news sites in, `bot.domain.Article`s out.

`HttpClient` is the bot's one HTTP session; `collect_source` is the one entry point per source.
"""

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.collect.collector import CollectResult, FullTextBudget, collect_source
    from bot.collect.health import next_check_after
    from bot.collect.http import FetchResponse, HttpClient, HttpSettings
    from bot.urls import canonical_url

_WHERE = {
    "CollectResult": "bot.collect.collector",
    "FetchResponse": "bot.collect.http",
    "FullTextBudget": "bot.collect.collector",
    "HttpClient": "bot.collect.http",
    "HttpSettings": "bot.collect.http",
    "canonical_url": "bot.urls",
    "collect_source": "bot.collect.collector",
    "next_check_after": "bot.collect.health",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = [
    "CollectResult",
    "FetchResponse",
    "FullTextBudget",
    "HttpClient",
    "HttpSettings",
    "canonical_url",
    "collect_source",
    "next_check_after",
]
