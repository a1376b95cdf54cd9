"""Fixtures of the collect tests: the local news server and a client allowed to reach it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.collect.http import HttpClient, HttpSettings
from tests.support.newsserver import NewsServer

COLLECT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "collect"
# The local news server's host is trusted as an operator's own source would be; other names of it are not.
TEST_SETTINGS = HttpSettings(
    timeout_s=2.0, connect_timeout_s=1.0, max_bytes=512 * 1024, trusted_origins=frozenset({"127.0.0.1"})
)


def fixture_bytes(name: str) -> bytes:
    return (COLLECT_FIXTURES / name).read_bytes()


@pytest.fixture
async def news_server() -> AsyncIterator[NewsServer]:
    async with NewsServer() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with HttpClient(TEST_SETTINGS) as client:
        yield client
