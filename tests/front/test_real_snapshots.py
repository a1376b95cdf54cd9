"""The real DeepState snapshots of shared/data, when present (skipped cleanly otherwise)."""

from __future__ import annotations

import re

import pytest

from bot.front.diff import diff
from bot.front.geodata import load_geodata
from bot.front.model import Zone
from bot.front.parse import parse_snapshot
from bot.front.picture import draw_change
from tests.conftest import shared_data_path


def _load(name_part: str) -> object:
    raw = shared_data_path("front_deepstate_snapshots") / "raw"
    path = next(raw.glob(f"*{name_part}*.geojson"))
    return parse_snapshot(path.read_bytes(), snapshot_id=int(re.search(r"_id(\d+)", path.name).group(1)))


def test_old_and_new_schema_totals_and_a_month_of_change() -> None:
    old = _load("2023-12-31")
    assert 108_000 < old.occupied_km2 < 109_500 and not old.unknown_layers
    oct_, nov = _load("2024-10-31"), _load("2024-11-30")
    assert nov.area_km2(Zone.UA_HELD_RU) == pytest.approx(560, rel=0.05)  # DeepState: ~560 on 22 Nov 2024
    boundaries = shared_data_path("front_admin_boundaries")
    geodata = load_geodata(
        sorted(boundaries.glob("*.geojson")),
        shared_data_path("front_gazetteer") / "ua_ru_border_settlements_geonames.csv",
    )
    change = diff(oct_, nov, geodata)
    assert change.net_occupied_km2 == pytest.approx(730, rel=0.03)  # DeepState's November 2024 figure
    assert change.by_region_km2["UA-14"]  # Donetsk oblast moved
    assert any(s.place.name_en == "Toretsk" for s in change.settlements)
    png = draw_change(change, oct_, nov, geodata, lang="uk").png()
    assert png.startswith(b"\x89PNG") and len(png) < 1_000_000
