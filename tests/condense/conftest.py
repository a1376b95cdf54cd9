"""Our own small multilingual news fixtures for the story engine."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Article
from tests.conftest import FIXTURES

NOW = datetime(2024, 8, 13, 9, 0, tzinfo=UTC)


def load_articles() -> dict[str, Article]:
    """The fixture articles by id, published `hours_ago` before NOW."""
    raw = json.loads((FIXTURES / "condense" / "articles.json").read_text(encoding="utf-8"))
    return {
        d["id"]: Article(
            url=d["url"],
            title=d["title"],
            text=d["text"],
            published=NOW - timedelta(hours=d["hours_ago"]),
            source_key=d["source_key"],
            source_name=d["source_name"],
            lang=d["lang"],
        )
        for d in raw
    }


@pytest.fixture
def articles() -> dict[str, Article]:
    return load_articles()
