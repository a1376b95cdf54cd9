"""Helpers shared by the benchmark scripts: where the evaluation data lives, and peak memory."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("FRONTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_data(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        sys.exit(f"shared data {name!r} not found at {SHARED_DATA} (set FRONTLINE_SHARED_DATA)")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
