"""FrontService against a local stand-in for the DeepState API and a real, migrated SQLite file."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.collect.frontmap import DeepStateSource, PollOutcome
from bot.collect.http import HttpClient, HttpSettings
from bot.front.claims import check_text
from bot.front.service import FrontService, content_sha256
from bot.store.db import Database
from bot.store.models import FrontSnapshotRow, FrontTotalsRow
from tests.conftest import FIXTURES, shared_data_path
from tests.support.newsserver import LAST_MODIFIED, NewsServer

MAPS = {
    day: (FIXTURES / "front" / f"deepstate_last_{day}.json").read_bytes()
    for day in ("20250630", "20250701", "20250709")
}
LAST = "/api/history/last"
CLAIMS = "Russian forces captured Pokrovsk. Russia said it liberated Sudzha. Russian troops entered Kharkiv."


@dataclass
class Env:
    server: NewsServer
    db: Database
    http: HttpClient
    now: list[datetime]

    def service(self) -> FrontService:
        return FrontService(
            self.db, self.http, clock=lambda: self.now[0], source=DeepStateSource(self.server.url("/api/history"))
        )

    def serve(self, body: bytes) -> None:
        self.server.add(LAST, body, content_type="application/json")

    async def rows(self) -> tuple[int, int]:
        async with self.db.session() as session:
            snapshots = await session.scalar(select(func.count()).select_from(FrontSnapshotRow))
            totals = await session.scalar(select(func.count()).select_from(FrontTotalsRow))
        return int(snapshots or 0), int(totals or 0)


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'front.db'}")
    await db.initialize()
    async with NewsServer() as server, HttpClient(HttpSettings(trusted_origins=frozenset({"127.0.0.1"}))) as http:
        yield Env(server, db, http, [datetime(2025, 7, 1, 21, tzinfo=UTC)])
    await db.shutdown()


async def store_all(
    env: Env, service: FrontService, days: tuple[str, ...] = ("20250630", "20250701", "20250709")
) -> None:
    for day in days:
        env.serve(MAPS[day])
        env.now[0] = datetime.strptime(day, "%Y%m%d").replace(hour=21, tzinfo=UTC)
        assert await service.poll() is PollOutcome.NEW


async def test_new_snapshot_is_stored_once(env: Env) -> None:
    service = env.service()
    env.serve(MAPS["20250701"])
    assert await service.poll() is PollOutcome.NEW
    assert await env.rows() == (1, 1)
    assert await service.poll() is PollOutcome.TOO_SOON  # within the hour: nothing sent
    env.now[0] += timedelta(hours=1)
    assert await service.poll() is PollOutcome.UNCHANGED  # 304: the server saw our ETag
    assert env.server.hits[LAST] == 2 and "If-None-Match" in env.server.last_headers[LAST]
    # A restarted bot asks "changed since?" too: the ETag was kept in the store with the map.
    assert await env.service().poll() is PollOutcome.UNCHANGED
    assert env.server.hits[LAST] == 3 and "If-None-Match" in env.server.last_headers[LAST]
    # The same map republished under a new id is not stored again either.
    doc = json.loads(MAPS["20250701"])
    doc["id"] += 3600
    env.serve(json.dumps(doc).encode())
    assert await env.service().poll() is PollOutcome.UNCHANGED
    assert await env.rows() == (1, 1)


async def test_content_hash_ignores_the_wrapper() -> None:
    doc = json.loads(MAPS["20250701"])
    again = {**doc, "id": doc["id"] + 1, "datetime": "2025-07-01T21:00:00Z"}
    assert content_sha256(gzip.compress(json.dumps(doc).encode())) == content_sha256(
        gzip.compress(json.dumps(again, indent=1).encode())
    )
    assert content_sha256(gzip.compress(b"not json")) != content_sha256(gzip.compress(b"not json!"))


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda s: s.add_status(LAST, 503), id="api-down"),
        pytest.param(
            lambda s: s.add(LAST, b'{"id": 1, "map": {"type": "FeatureCollection", "features": ['), id="truncated"
        ),
        pytest.param(lambda s: s.add(LAST, b'{"type": "FeatureCollection", "features": []}'), id="empty"),
        pytest.param(lambda s: s.add(LAST, b"<html>maintenance</html>"), id="html"),
    ],
)
async def test_source_trouble_keeps_the_last_good_map(env: Env, failure: object) -> None:
    service = env.service()
    env.serve(MAPS["20250701"])
    assert await service.poll() is PollOutcome.NEW
    failure(env.server)  # type: ignore[operator]
    env.now[0] += timedelta(days=2)
    assert await service.poll() is PollOutcome.FAILED
    assert await env.rows() == (1, 1)
    report = await service.report("today", "en")
    assert report.taken_at == datetime(2025, 7, 1, 20, tzinfo=UTC)
    assert report.stale and any("(2 days ago)" in line for line in report.lines)
    assert any("could not be updated for 2 days" in line for line in report.lines)
    # The operator is told why, by /status, also after a restart.
    status = await env.service().poll_status()
    assert status.newest == datetime(2025, 7, 1, 20, tzinfo=UTC) and status.polled_at == env.now[0]
    assert status.error is not None and status.error == service.poller.last_error


async def test_conditional_request_state_survives_a_restart(env: Env) -> None:
    """A new process (a restart, or a one-shot CLI command) sends both validators it was given on its first
    poll, and a failed poll in between does not forget them."""
    env.server.add(LAST, MAPS["20250701"], content_type="application/json", headers={"ETag": '"v1"'})
    assert await env.service().poll() is PollOutcome.NEW
    env.server.add_status(LAST, 503)
    env.now[0] += timedelta(hours=2)
    assert await env.service().poll() is PollOutcome.FAILED
    env.serve(MAPS["20250701"])
    env.now[0] += timedelta(hours=2)
    await env.service().poll()
    sent = env.server.last_headers[LAST]
    assert (sent.get("If-None-Match"), sent.get("If-Modified-Since")) == ('"v1"', LAST_MODIFIED)
    assert (await env.service().poll_status()).error is None


async def test_reports_for_each_period(env: Env) -> None:
    service = env.service()
    await store_all(env, service)
    today = await service.report("today", "en")
    assert today.lines[0] == "Front line 2025-07-01 → 2025-07-09"
    assert not today.stale and today.taken_at == datetime(2025, 7, 9, 20, tzinfo=UTC)
    assert today.lines[1] == "These maps are 8 days apart, not 24 h: the maps in between are missing."
    assert "Russia gained 80.0 km²." in today.lines  # Kursk is Russia's: not Ukraine regaining its own land
    assert any(line.startswith("Donetsk Oblast: Russia +80.0 km²") for line in today.lines)
    assert "In Russia, Ukraine holds 225 km² (+225 km² since 2025-07-01)." in today.lines
    assert "Kursk Oblast: Ukraine advanced 225 km²." in today.lines
    assert any("Pokrovsk (grey zone → Russia)" in line and "Sudzha (Russia → Ukraine)" in line for line in today.lines)
    assert "Source: DeepStateMAP" in today.lines and today.lines[-1] == "Map of 2025-07-09 20:00 UTC (1 h ago)."
    assert today.picture is not None and today.picture.startswith(b"\x89PNG") and len(today.picture) < 1_000_000

    week = await service.report(" Week ", "uk")
    assert week.lines[0] == "Лінія фронту 2025-07-01 → 2025-07-09"
    assert any(line.startswith("Донецька область: Росія +80,0 км²") for line in week.lines)
    assert any("Покровськ" in line for line in week.lines)

    month = await service.report("month", "ru")  # history is shorter than 30 days: from the oldest map
    assert month.lines[0] == "Линия фронта 2025-06-30 → 2025-07-09"
    assert month.lines[1] == "Между этими картами всего 9 дн., а не 30 дн.: более ранних карт нет."
    assert "Россия захватила 120 км²." in month.lines

    july = await service.report("2025-07", "en")  # DeepState's figure: last map of June -> last map of July
    assert july.lines[0] == "Front line 2025-06-30 → 2025-07-09" and july.change_km2 > 300
    june = await service.report("2025-06", "en")  # the first month of our history has a single map
    assert june.lines[0].startswith("Only one map so far (2025-06-30): occupied 360 km²") and june.picture is None
    may = await service.report("2025-05", "en")
    assert may.lines[0] == "No map of 2025-05 is stored." and may.taken_at is None


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("yesterday", "Unknown period “yesterday”"),
        ("2025-13", "Unknown period “2025-13”"),
        ("2021-12", "Unknown period “2021-12”"),
        ("07-2025", "Unknown period “07-2025”"),
        ("2025-8", "2025-08 is still ahead"),
    ],
)
async def test_bad_period_is_a_clear_value_error(env: Env, period: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        await env.service().report(period, "en")


async def test_bad_period_message_speaks_the_chats_language(env: Env) -> None:
    with pytest.raises(ValueError, match="Невідомий період"):
        await env.service().report("вчора", "uk")


async def test_nothing_stored_yet(env: Env) -> None:
    service = env.service()
    report = await service.report("today", "ru")
    assert report.lines == [
        "Карта линии фронта ещё не получена; первая появится в течение часа. Источник: DeepStateMAP"
    ]
    assert report.picture is None and report.taken_at is None
    assert await service.digest_section("en") == []
    assert await service.alerts_due(0.0) is None


async def test_repeated_report_is_served_from_the_cache(env: Env) -> None:
    service = env.service()
    await store_all(env, service, ("20250630", "20250701"))
    first = await service.report("today", "en")
    env.now[0] += timedelta(hours=3)
    second = await service.report("today", "en")
    assert second.picture is first.picture  # not drawn again
    assert second.lines[:-1] == first.lines[:-1] and second.lines[-1].endswith("(4 h ago).")


async def test_digest_section(env: Env) -> None:
    service = env.service()
    await store_all(env, service, ("20250630",))
    only = await service.digest_section("en")
    assert only == ["Only one map so far (2025-06-30): occupied 360 km² (0.06% of Ukraine). Changes need a second map.",
                    "Source: DeepStateMAP, map of 2025-06-30 20:00 UTC."]  # fmt: skip
    await store_all(env, service, ("20250701", "20250709"))
    lines = await service.digest_section("ru")
    assert len(lines) == 4
    assert lines[0] == "Фронт с 2025-07-01: Россия захватила 80,0 км²; оккупировано 480 км² (0,08%)."
    assert lines[1] == "В России Украина удерживает 225 км² (+225 км² с 2025-07-01)."
    assert lines[2].startswith("Сменили контроль: Покровск, ") and "Суджа" in lines[2]
    assert lines[3] == "Источник: DeepStateMAP, карта на 2025-07-09 20:00 UTC."


async def test_alert_is_posted_once_per_map(env: Env) -> None:
    service = env.service()
    await store_all(env, service, ("20250630", "20250701"))
    alert = await service.alerts_due(10.0)
    assert alert is not None and alert.change_km2 == pytest.approx(80.0, abs=0.5)
    assert alert.lines[0] == "New front-line map: 80.0 km² changed control."
    assert alert.for_lang("uk").lines[0] == "Нова мапа фронту: змінився контроль над 80,0 км²."
    assert alert.for_lang("ru-RU").picture is not None
    assert await service.alerts_due(10.0) is not None  # due until announced with its messages

    posted: list[int] = []

    async def post(session: object) -> None:
        posted.append(alert.snapshot_id or 0)

    async def fail(session: object) -> None:
        raise RuntimeError("the outbox could not be written")

    with pytest.raises(RuntimeError):
        await service.announce(alert, fail)
    assert await service.alerts_due(10.0) is not None  # the failed attempt announced nothing
    assert await service.announce(alert, post) and posted == [alert.snapshot_id]
    assert not await env.service().announce(alert, post) and len(posted) == 1  # a second bot: not twice
    assert await service.alerts_due(10.0) is None  # announced: never twice
    assert await env.service().alerts_due(10.0) is None  # not after a restart either

    await store_all(env, service, ("20250709",))
    assert await service.alerts_due(10_000.0) is None  # below the threshold: decided, not posted
    assert await service.alerts_due(1.0) is None


async def test_a_map_too_old_to_be_news_is_never_alerted(env: Env) -> None:
    service = env.service()
    await store_all(env, service, ("20250630", "20250701"))
    env.now[0] += timedelta(days=3)  # the first chat opts in three days after the newest map
    assert await service.alerts_due(1.0) is None
    env.now[0] -= timedelta(days=3)
    assert await service.alerts_due(1.0) is None  # decided, not merely skipped


async def test_real_snapshots_end_to_end(env: Env) -> None:
    raw = shared_data_path("front_deepstate_snapshots") / "raw"
    files = sorted(raw.glob("deepstate_2025-07-*.geojson"))[-1:] + sorted(raw.glob("deepstate_2025-08-*.geojson"))[:1]
    if len(files) < 2:
        pytest.skip("the shared snapshots of July/August 2025 are not there")
    service = env.service()
    for path in files:
        snapshot_id = int(re.search(r"_id(\d+)", path.name).group(1))  # type: ignore[union-attr]
        wrapper = b'{"id": %d, "datetime": "%s", "map": ' % (
            snapshot_id,
            datetime.fromtimestamp(snapshot_id, UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
        )
        env.serve(wrapper + path.read_bytes() + b"}")
        env.now[0] = datetime.fromtimestamp(snapshot_id, UTC) + timedelta(hours=1)
        assert await service.poll() is PollOutcome.NEW
    report = await service.report("2025-08", "uk")
    assert report.lines[0].startswith("Лінія фронту 2025-07-31 → 2025-08-03")
    assert any("Донецька область" in line for line in report.lines)
    assert report.picture is not None and len(report.picture) < 1_000_000
    assert len(await service.digest_section("en")) >= 2


async def test_claims_are_checked_against_the_newest_map_and_the_one_a_week_before(env: Env) -> None:
    service = env.service()
    assert await service.claim_maps() is None  # no map yet: no labels
    await store_all(env, service)
    maps = await service.claim_maps()
    assert maps is not None and maps is await service.claim_maps()  # built once per pair of maps
    assert maps.taken == datetime(2025, 7, 9, 20, tzinfo=UTC)
    assert maps.earlier is not None and maps.earlier.snapshot.taken == datetime(2025, 7, 1, 20, tzinfo=UTC)
    said = {c.claim.place.name_en: c.verdict.value for c in check_text(CLAIMS, maps)}
    assert said == {"Pokrovsk": "on_map", "Sudzha": "contradicted", "Kharkiv": "not_yet"}
