"""Collect: the network edge. Bytes from news sites in, `bot.domain.Article`s out.

`HttpClient` is the bot's one HTTP session; `collect_source` is the one entry point per source.
"""

from bot.collect.collector import CollectResult, FullTextBudget, collect_source
from bot.collect.health import next_check_after
from bot.collect.http import FetchResponse, HttpClient, HttpSettings
from bot.collect.urls import canonical_url

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
