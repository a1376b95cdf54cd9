"""Helpers shared by the benchmark scripts: where the evaluation data lives, peak memory, and the dev set's halves."""

from __future__ import annotations

import json
import os
import random
import resource
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("FRONTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEV_SEED = 11
DEV_SPLIT = (
    f"split by event (an event's items stay together; items without one split by id), seed {DEV_SEED}, "
    "balanced by label: fitted on the 'fit' half, figures on the held-out half"
)


def shared_data(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        sys.exit(f"shared data {name!r} not found at {SHARED_DATA} (set FRONTLINE_SHARED_DATA)")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_dev_items(folder: Path) -> list[dict[str, Any]]:
    """The items of news_real_dev (see its SOURCE.txt), in file order."""
    with (folder / "items.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_dev(items: list[dict[str, Any]], seed: int = DEV_SEED) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The dev set's fitting half and held-out half (see DEV_SPLIT).

    An event is a unit (its reports never straddle the halves); so is each item without an event. Units are
    shuffled with `seed` and each goes to the half that has fewer items of its majority label so far, so both
    halves hold about as many war and other items.
    """
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        units[item["event"] or "id:" + item["id"]].append(item)
    order = sorted(units)
    random.Random(seed).shuffle(order)
    halves: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    counts = (Counter[str](), Counter[str]())
    for key in order:
        unit = units[key]
        label = Counter(i["label"] for i in unit).most_common(1)[0][0]
        side = 0 if (counts[0][label], len(halves[0])) <= (counts[1][label], len(halves[1])) else 1
        halves[side].extend(unit)
        counts[side].update(i["label"] for i in unit)
    fit, held_out = halves
    return sorted(fit, key=lambda i: i["id"]), sorted(held_out, key=lambda i: i["id"])
