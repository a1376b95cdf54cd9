"""Backfill of the past maps /front compares with, against a local stand-in for DeepState's history API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.collect.http import HttpClient, HttpSettings
from bot.front.backfill import wanted_records
from bot.front.service import FrontService
from bot.front.source import DeepStateSource, PollOutcome, SnapshotRecord
from bot.store.db import Database
from tests.conftest import FIXTURES
from tests.support.newsserver import NewsServer

API = "/api/history"
DOCS = {
    day: json.loads((FIXTURES / "front" / f"deepstate_last_{day}.json").read_bytes())
    for day in ("20250630", "20250701", "20250709")
}
JUNE_30, JULY_1, JULY_9 = (DOCS[d]["id"] for d in ("20250630", "20250701", "20250709"))
JULY_8 = int(datetime(2025, 7, 8, 20, tzinfo=UTC).timestamp())  # "today"'s baseline: 404 on the server
JUNE_8 = int(datetime(2025, 6, 8, 20, tzinfo=UTC).timestamp())  # "month"'s baseline: not a map at all
MAY_20 = int(datetime(2025, 5, 20, 20, tzinfo=UTC).timestamp())  # older than 35 days: never asked for


def record(snapshot_id: int) -> SnapshotRecord:
    return SnapshotRecord(snapshot_id, datetime.fromtimestamp(snapshot_id, UTC))


def index_bytes(*ids: int) -> bytes:
    return json.dumps(
        [{"id": i, "description": "опис", "descriptionEn": "text", "datetime": "x"} for i in ids]
    ).encode()


class Api:
    def __init__(self, server: NewsServer) -> None:
        self.server = server
        self.server.add(f"{API}/last", json.dumps(DOCS["20250709"]), content_type="application/json")
        self.server.add(f"{API}/public", index_bytes(MAY_20, JUNE_8, JUNE_30, JULY_1, JULY_8, JULY_9))
        for doc in DOCS.values():  # /{id}/geojson serves the bare map, as DeepState does
            self.server.add(f"{API}/{doc['id']}/geojson", json.dumps(doc["map"]), content_type="application/json")
        self.server.add(f"{API}/{JUNE_8}/geojson", b"<html>Bad gateway</html>", content_type="text/html")

    def snapshot_hits(self) -> int:
        return sum(n for path, n in self.server.hits.items() if path.endswith("/geojson"))


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[tuple[Api, FrontService, list[datetime]]]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'front.db'}")
    await db.initialize()
    now = [datetime(2025, 7, 9, 21, tzinfo=UTC)]
    async with NewsServer() as server, HttpClient(HttpSettings(trusted_origins=frozenset({"127.0.0.1"}))) as http:
        service = FrontService(
            db, http, clock=lambda: now[0], source=DeepStateSource(server.url(API)), backfill_pause_s=0
        )
        yield Api(server), service, now
    await db.shutdown()


def test_wanted_records_are_the_baselines_of_each_period() -> None:
    index = [record(i) for i in (MAY_20, JUNE_8, JUNE_30, JULY_1, JULY_8, JULY_9)]
    # newest, today (last before 9 July), week (at or before 2 July), month (at or before 9 June), end of June
    assert [r.id for r in wanted_records(index)] == [JULY_9, JULY_8, JULY_1, JUNE_8, JUNE_30]
    # a shorter window drops what lies before it; the end of June is kept
    assert [r.id for r in wanted_records(index, days=10)] == [JULY_9, JULY_8, JULY_1, JUNE_30]
    assert wanted_records([]) == []


def test_wanted_records_reach_two_month_ends_and_follow_a_newer_stored_map() -> None:
    days = [datetime(2025, 6, 28, 20, tzinfo=UTC) + timedelta(days=n) for n in range(37)]
    index = [record(int(d.timestamp())) for d in days]  # one map a day, 28 June .. 3 August
    picks = [r.taken.strftime("%m-%d") for r in wanted_records(index)]
    assert picks == ["08-03", "08-02", "07-27", "07-04", "07-31", "06-30"]
    # the index lags behind /last by a day: baselines count from the newer stored map
    later = datetime(2025, 8, 4, 20, tzinfo=UTC)
    picks = [r.taken.strftime("%m-%d") for r in wanted_records(index, reference=later)]
    assert picks == ["08-03", "07-28", "07-05", "07-31", "06-30"]


async def test_fresh_install_backfills_once_and_serves_week_and_month(setup: tuple[Api, FrontService, list]) -> None:
    api, service, now = setup
    assert await service.poll() is PollOutcome.NEW
    result = service.last_backfill
    assert result is not None and result.error is None
    # index + 8 July (404) + 1 July + 8 June (not a map) + 30 June; 9 July came from /last; 20 May is too old
    assert (result.requests, result.stored, result.already, sorted(result.failed)) == (5, 2, 1, [JUNE_8, JULY_8])
    assert api.server.hits[f"{API}/{MAY_20}/geojson"] == 0 and api.server.hits[f"{API}/{JULY_9}/geojson"] == 0
    week = await service.report("week", "en")
    assert week.lines[0] == "Front line 2025-07-01 → 2025-07-09"
    month = await service.report("month", "en")
    assert month.lines[0] == "Front line 2025-06-30 → 2025-07-09"
    july = await service.report("2025-07", "en")
    assert july.lines[0] == "Front line 2025-06-30 → 2025-07-09" and july.picture is not None

    now[0] += timedelta(hours=1)
    await service.poll()  # history is there now: no second backfill
    assert api.server.hits[f"{API}/public"] == 1
    again = await service.backfill()  # asked for explicitly: stored and failed maps are not requested again
    assert (again.requests, again.stored, again.already) == (1, 0, 5) and api.snapshot_hits() == 4


async def test_broken_index_is_retried_on_a_later_poll(setup: tuple[Api, FrontService, list]) -> None:
    api, service, now = setup
    api.server.add(f"{API}/public", b'{"error": "maintenance"}', content_type="application/json")
    assert await service.poll() is PollOutcome.NEW  # the newest map is stored all the same
    assert service.last_backfill is not None and "not a JSON array" in (service.last_backfill.error or "")
    assert api.snapshot_hits() == 0
    only = await service.report("week", "en")
    assert only.lines[0].startswith("Only one map so far (2025-07-09)")

    api.server.add_status(f"{API}/public", 503)
    now[0] += timedelta(hours=1)
    assert await service.poll() is PollOutcome.UNCHANGED
    assert "503" in (service.last_backfill.error or "")

    api.server.add(f"{API}/public", index_bytes(JUNE_30, JULY_1, JULY_9))
    now[0] += timedelta(hours=1)
    await service.poll()
    assert service.last_backfill.stored == 2 and api.server.hits[f"{API}/public"] == 3
    assert (await service.report("week", "en")).lines[0] == "Front line 2025-07-01 → 2025-07-09"


async def test_request_cap_leaves_the_rest_for_later(setup: tuple[Api, FrontService, list]) -> None:
    api, service, _ = setup
    result = await service.backfill(max_requests=3)  # nothing stored yet: the newest map is wanted too
    assert (result.requests, result.stored, result.failed, result.left) == (3, 1, [JULY_8], 3)
    assert "1 past maps stored" in result.summary() and "3 left" in result.summary()
    result = await service.backfill(max_requests=3)
    assert (result.requests, result.stored, result.already, result.left) == (3, 1, 2, 1)
    assert api.server.hits[f"{API}/{JULY_9}/geojson"] == 1  # each map is fetched once
