"""The occupied-only archive (cyterat/deepstate-map-data): daily files, the gzip history, and maps compared with it."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest

from bot.errors import ParseError
from bot.front.archive import daily_file_taken, decompress, history_maps
from bot.front.diff import diff
from bot.front.geodata import GeoData
from bot.front.model import NOT_IN_OCCUPIED_ONLY, Control, Zone
from bot.front.parse import parse_snapshot
from bot.front.picture import draw_change
from bot.front.text import change_lines
from tests.conftest import shared_data_path
from tests.front.helpers import daily_file, history_file, occupied_only, snapshot_bytes, when


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        ("deepstatemap_data_20250901.geojson", datetime(2025, 8, 31, 21, tzinfo=UTC)),
        ("/x/deepstatemap_data_20250101.geojson", datetime(2024, 12, 31, 21, tzinfo=UTC)),
        ("deepstatemap_data_20240301.geojson.gz", datetime(2024, 2, 29, 21, tzinfo=UTC)),
        ("deepstatemap_data_20250230.geojson", None),
        ("deepstatemap_data_2025090.geojson", None),
        ("deepstatemap_data_202509011.geojson", None),
        ("deepstate_2025-08-03T1958Z_id1754251105.geojson", None),
    ],
)
def test_a_daily_file_is_dated_the_evening_before_its_name(name: str, taken: datetime | None) -> None:
    assert daily_file_taken(name) == taken


def test_a_daily_file_is_occupied_territory_with_the_other_layers_absent() -> None:
    snap = parse_snapshot(daily_file((0, 0, 10, 10), (20, 0, 2, 2)), taken=when(31, 8))
    assert snap.occupied_km2 == pytest.approx(104, rel=1e-3)
    assert snap.absent == NOT_IN_OCCUPIED_ONLY and Zone.GREY in snap.absent
    assert snap.dropped == {} and snap.unknown_layers == ()


def test_a_deepstate_map_with_one_nameless_layer_is_not_taken_for_the_archive() -> None:
    doc = json.loads(snapshot_bytes([("occupied", (0, 0, 1, 1)), ("grey", (5, 0, 1, 1))]))
    doc["features"].append(occupied_only((9, 0, 1, 1)))
    snap = parse_snapshot(json.dumps(doc).encode(), snapshot_id=1)
    assert snap.absent == frozenset() and snap.occupied_km2 == pytest.approx(1, rel=1e-3)


def test_the_real_daily_files() -> None:
    folder = shared_data_path("front_deepstate_snapshots") / "cyterat_occupied"
    files = sorted(folder.glob("deepstatemap_data_*.geojson"))
    if not files:
        pytest.skip("no daily files of the archive in the shared data")
    for path in files:
        taken = daily_file_taken(path.name)
        assert taken is not None
        snap = parse_snapshot(path.read_bytes(), taken=taken)
        # DeepState's occupied total in 2024-2026: 18-20% of Ukraine
        assert 0.18 < snap.occupied_share < 0.20, path.name
        assert snap.dropped == {} and snap.absent == NOT_IN_OCCUPIED_ONLY


def test_the_history_file_is_one_map_a_day() -> None:
    data = history_file(
        [("2025-08-31", (0, 0, 10, 10)), ("2025-09-01", (0, 0, 10, 11)), ("2025-10-01", (0, 0, 12, 11))]
    )
    maps = list(history_maps(decompress(data)) or [])
    assert [m.label for m in maps] == ["2025-08-31", "2025-09-01", "2025-10-01"]
    assert [m.taken for m in maps] == [
        datetime(2025, 8, 30, 21, tzinfo=UTC),
        datetime(2025, 8, 31, 21, tzinfo=UTC),
        datetime(2025, 9, 30, 21, tzinfo=UTC),
    ]
    snaps = [parse_snapshot(m.body, taken=m.taken) for m in maps]
    assert [round(s.occupied_km2) for s in snaps] == [100, 110, 132]
    assert all(s.absent == NOT_IN_OCCUPIED_ONLY for s in snaps)


def test_a_day_without_a_date_and_a_truncated_tail_are_reported_not_lost() -> None:
    data = json.loads(gzip.decompress(history_file([("2025-08-31", (0, 0, 1, 1)), ("2025-09-01", (0, 0, 1, 1))])))
    data["features"][1]["properties"]["date"] = "yesterday"
    text = json.dumps(data)
    maps = list(history_maps(text.encode()) or [])
    assert [(m.label, m.error is None) for m in maps] == [("2025-08-31", True), ("feature 2", False)]
    assert "no readable date ('yesterday')" in (maps[1].error or "")
    cut = list(history_maps(text[: len(text) * 3 // 4].encode()) or [])
    assert [m.label for m in cut] == ["2025-08-31", "after feature 1"]
    assert "truncated" in (cut[-1].error or "")


@pytest.mark.parametrize(
    "data",
    [
        snapshot_bytes([("occupied", (0, 0, 1, 1))]),  # a DeepState map
        daily_file((0, 0, 1, 1)),  # a daily file: one map, no date
        b'{"id": 1754251105, "map": {"type": "FeatureCollection", "features": []}}',
        b'{"type": "FeatureCollection", "features": []}',
        b"[1, 2]",
        b"not json",
        b"\xff\xfe",
    ],
)
def test_anything_else_is_not_a_history_file(data: bytes) -> None:
    assert history_maps(data) is None


def test_decompress_checks_what_it_inflates() -> None:
    plain = b'{"type": "FeatureCollection"}'
    assert decompress(plain) is plain
    assert decompress(gzip.compress(plain)) == plain
    with pytest.raises(ParseError, match="larger than"):
        decompress(gzip.compress(b" " * 3_000_000), max_bytes=2_000_000)
    with pytest.raises(ParseError, match="truncated"):
        decompress(gzip.compress(plain * 100)[:40])
    with pytest.raises(ParseError, match="not a readable gzip"):
        decompress(b"\x1f\x8b" + b"\x00" * 30)


def test_a_full_map_compared_with_the_archive_leaves_out_what_the_archive_lacks() -> None:
    full = parse_snapshot(
        snapshot_bytes([("occupied", (0, 0, 10, 10)), ("grey", (10, 0, 2, 10)), ("kursk", (100, 400, 5, 5))]),
        taken=when(30, 9),
    )
    archive = parse_snapshot(daily_file((0, 0, 11, 10)), taken=when(1, 10))
    for a, b in ((full, archive), (archive, full)):
        change = diff(a, b)
        assert change.absent == NOT_IN_OCCUPIED_ONLY
        assert set(change.flows_km2) <= {(Control.UA, Control.RU), (Control.RU, Control.UA)}
        assert change.ua_held_ru_before_km2 == change.ua_held_ru_after_km2 == 0
    change = diff(full, archive)
    assert change.to_russia_km2 == pytest.approx(10, rel=1e-2) and change.to_ukraine_km2 == 0
    for lang, absent, grey, russia in (
        ("en", "Only occupied territory is compared", "Grey zone", "In Russia"),
        ("uk", "Порівнюється лише окупована територія", "Сіра зона", "У Росії"),
        ("ru", "Сравнивается только оккупированная территория", "Серая зона", "В России"),
    ):
        lines = change_lines(change, lang)
        assert any(line.startswith(absent) for line in lines)
        assert not any(line.startswith((grey, russia)) for line in lines)  # unknown there, not "no longer held"
        assert not any(word in line for line in lines for word in ("grey +", "сіра зона +", "серая зона +"))
    legend = draw_change(change, full, archive, GeoData()).figure.legends[0].get_texts()
    assert legend and not any("grey" in label.get_text().lower() for label in legend)
    assert not any("Grey zone" in line for line in change_lines(diff(archive, archive), "en"))
    both_full = change_lines(diff(full, full), "en")  # nothing moved: no zero lines, and nothing said missing
    assert not any(line.startswith(("Only occupied", "Grey zone")) for line in both_full)
    assert any(line.startswith("In Russia, Ukraine holds") for line in both_full)
