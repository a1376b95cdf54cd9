"""Territorial control from DeepState map snapshots: parse, diff, series, text and picture.

Pure functions over plain data (no network, database or Telegram). Typical use:

    a, b = parse_snapshot(old_bytes, snapshot_id=...), parse_snapshot(new_bytes, snapshot_id=...)
    change = diff(a, b, geodata)            # geodata = load_geodata(...) once at start-up
    lines = change_lines(change, "uk")      # plain text; the caller escapes
    png = draw_change(change, a, b, geodata).png()
"""

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.front.diff import NOISE_MIN_KM2, NOISE_MIN_WIDTH_M, diff
    from bot.front.geodata import Gazetteer, GeoData, Regions, load_geodata
    from bot.front.model import (
        ATTRIBUTION,
        UKRAINE_AREA_KM2,
        ChangedArea,
        Control,
        FrontChange,
        FrontSnapshot,
        Place,
        Region,
        SettlementChange,
        Zone,
    )
    from bot.front.parse import parse_snapshot
    from bot.front.series import PeriodChange, SnapshotTotals, monthly_series, totals, weekly_series
    from bot.front.text import age_line, change_lines

_WHERE = {
    "ATTRIBUTION": "bot.front.model",
    "ChangedArea": "bot.front.model",
    "Control": "bot.front.model",
    "FrontChange": "bot.front.model",
    "FrontSnapshot": "bot.front.model",
    "Gazetteer": "bot.front.geodata",
    "GeoData": "bot.front.geodata",
    "NOISE_MIN_KM2": "bot.front.diff",
    "NOISE_MIN_WIDTH_M": "bot.front.diff",
    "PeriodChange": "bot.front.series",
    "Place": "bot.front.model",
    "Region": "bot.front.model",
    "Regions": "bot.front.geodata",
    "SettlementChange": "bot.front.model",
    "SnapshotTotals": "bot.front.series",
    "UKRAINE_AREA_KM2": "bot.front.model",
    "Zone": "bot.front.model",
    "age_line": "bot.front.text",
    "change_lines": "bot.front.text",
    "diff": "bot.front.diff",
    "load_geodata": "bot.front.geodata",
    "monthly_series": "bot.front.series",
    "parse_snapshot": "bot.front.parse",
    "totals": "bot.front.series",
    "weekly_series": "bot.front.series",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = [
    "ATTRIBUTION",
    "NOISE_MIN_KM2",
    "NOISE_MIN_WIDTH_M",
    "UKRAINE_AREA_KM2",
    "ChangedArea",
    "Control",
    "FrontChange",
    "FrontSnapshot",
    "Gazetteer",
    "GeoData",
    "PeriodChange",
    "Place",
    "Region",
    "Regions",
    "SettlementChange",
    "SnapshotTotals",
    "Zone",
    "age_line",
    "change_lines",
    "diff",
    "load_geodata",
    "monthly_series",
    "parse_snapshot",
    "totals",
    "weekly_series",
]
