"""Front-line benchmark: speed of a full diff and of the picture, and accuracy against DeepState's own figures.

Accuracy: the monthly net change of the occupied area (last map of M-1 -> last map of M) for every month the
shared snapshots cover, and the area Ukraine held in Russia's Kursk oblast, compared with the figures DeepState
published (collected from press reports quoting DeepState; URLs below). Months DeepState's figure we could not
find are printed without a reference.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, shared_data
from bot.front import diff, load_geodata, monthly_series, parse_snapshot
from bot.front.model import FrontSnapshot, Zone
from bot.front.picture import render_change

# Monthly km² occupied, as DeepState posted it (net change of its occupied total).
PUBLISHED_MONTHLY = {
    "2024-03": 39,  # n-pravda.in.ua/uk/news/v-deepstate-otsenili-tempyi-nastupleniya-1 ("39 in March")
    "2024-05": 317,  # same report ("317 in May")
    "2024-08": 363,  # same report ("363 in August")
    "2024-11": 730,  # same report ("730 in November")
    "2025-01": 325,  # same report (DeepState, 1 Feb 2025)
    "2025-03": 133,  # pravda.com.ua/eng/news/2025/04/1/7505499/
    "2025-05": 449,  # expres.online (DeepState: May 449, June 556)
    "2025-06": 556,  # same; also fr.laodong.vn quoting DeepState
}
# Kursk oblast, held by Ukraine (and grey): DeepState, 22 Nov 2024, "about 560 km², nearly 200 km² grey"
# (rezzonans.in.ua quoting DeepState); compared with the nearest shared snapshot, 2024-11-30.
PUBLISHED_KURSK = {"2024-11-30": (560, 200)}
TOLERANCE = 0.03


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
    png = render_change(change, a, b, geodata)
    picture_s = time.perf_counter() - t

    print("month     ours_km2  deepstate_km2  error")
    errors = []
    for row in monthly_series(snaps):
        ref = PUBLISHED_MONTHLY.get(row.label)
        err = "" if ref is None else f"{(row.net_occupied_km2 - ref) / ref * 100:+.1f}%"
        if ref is not None:
            errors.append(abs(row.net_occupied_km2 - ref) / ref)
        print(f"{row.label}  {row.net_occupied_km2:9.1f}  {ref if ref is not None else '-':>13}  {err}")
    print("date        kursk_held_km2  kursk_grey_km2  deepstate(held, grey)")
    for s in snaps:
        held, grey = s.area_km2(Zone.UA_HELD_RU), s.area_km2(Zone.GREY_RU)
        if held or grey:
            day = s.taken.strftime("%Y-%m-%d")
            ref_k = PUBLISHED_KURSK.get(day)
            note = ""
            if ref_k:
                errors.append(abs(held - ref_k[0]) / ref_k[0])
                held_err, grey_err = (held - ref_k[0]) / ref_k[0], (grey - ref_k[1]) / ref_k[1]
                note = f"{ref_k}  held {held_err * 100:+.1f}%, grey {grey_err * 100:+.1f}%"
            print(f"{day}  {held:14.1f}  {grey:14.1f}  {note}")
    within = sum(e <= TOLERANCE for e in errors)
    print(
        f"front: diff {diff_s:.3f}s (ref <1s, ratio {diff_s:.2f}) with {len(change.settlements)} settlements "
        f"{len(change.by_region_km2)} regions; picture {picture_s:.2f}s (ref <2s, ratio {picture_s / 2:.2f}) "
        f"{len(png) // 1024} KB; geodata load {load_s:.2f}s; peak {peak_rss_mb():.0f} MB; accuracy "
        f"{within}/{len(errors)} published figures within 3%, mean abs error {sum(errors) / len(errors) * 100:.1f}% "
        f"(ref DeepStateMAP monthly figures)"
    )


if __name__ == "__main__":
    main()
