from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from multidict import CIMultiDict, CIMultiDictProxy

from bot.collect.http import FetchResponse
from bot.domain import FetchState
from bot.errors import SourceUnreachable
from bot.front.source import DeepStateSource, FrontMapPoller, PollOutcome, parse_history_index
from tests.front.helpers import snapshot_bytes


class FakeFetcher:
    """Answers like the DeepState API; `replies` is consumed in order."""

    def __init__(self, replies: list[bytes | int | Exception]) -> None:
        self.replies = replies
        self.urls: list[str] = []

    async def fetch(self, url: str, *, state: FetchState | None = None, accept: str = "*/*") -> FetchResponse:
        self.urls.append(url)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        headers = CIMultiDictProxy(CIMultiDict({"ETag": '"v1"'}))
        if reply == 304:
            return FetchResponse(304, url, headers, b"", not_modified=True)
        assert isinstance(reply, bytes)
        return FetchResponse(200, url, headers, reply)


def last(snapshot_id: int) -> bytes:
    fc = json.loads(snapshot_bytes([("occupied", (0, 0, 10, 10))]))
    return json.dumps({"id": snapshot_id, "datetime": "2025-08-03T19:58:25Z", "map": fc}).encode()


async def test_poller_keeps_last_good_and_polls_at_most_hourly() -> None:
    now = [datetime(2025, 8, 3, 20, tzinfo=UTC)]
    http = FakeFetcher([last(1754251105), SourceUnreachable("down"), b"{broken", 304, last(1754251105)])
    poller = FrontMapPoller(DeepStateSource(), http, clock=lambda: now[0])
    outcome, fetched = await poller.poll()
    assert outcome is PollOutcome.NEW and fetched is not None and poller.state.etag == '"v1"'
    assert (await poller.poll())[0] is PollOutcome.TOO_SOON  # nothing sent
    assert len(http.urls) == 1 and http.urls[0].endswith("/api/history/last")
    for expected in (PollOutcome.FAILED, PollOutcome.FAILED, PollOutcome.UNCHANGED, PollOutcome.UNCHANGED):
        now[0] += timedelta(hours=1)
        assert (await poller.poll())[0] is expected
        assert poller.last_good is not None and poller.last_good.id == 1754251105


def test_history_index() -> None:
    data = json.dumps([{"id": 1754251105, "description": "uk", "descriptionEn": "en"}, {"id": "x"}, 5]).encode()
    records = parse_history_index(data)
    assert [(r.id, r.description_en) for r in records] == [(1754251105, "en")]
