"""How high a story goes in a digest: independent outlets, freshness and facts."""

from __future__ import annotations

import math
from datetime import datetime

W_OUTLETS = 1.0
W_RECENCY = 1.5
RECENCY_HALF_LIFE_HOURS = 12.0
W_FACTS = 0.5
FACTS_CAP = 4.0


def story_score(*, independent_outlets: int, newest: datetime, now: datetime, facts: float) -> float:
    """Higher is more important.

    Outlets count logarithmically (the tenth outlet says less than the second); freshness halves every
    RECENCY_HALF_LIFE_HOURS; facts are the summary's figures, places and attributions, capped so a table of
    numbers cannot outrank a widely reported event.
    """
    age_hours = max((now - newest).total_seconds() / 3600.0, 0.0)
    return (
        W_OUTLETS * math.log2(1 + max(independent_outlets, 1))
        + W_RECENCY * 0.5 ** (age_hours / RECENCY_HALF_LIFE_HOURS)
        + W_FACTS * min(facts, FACTS_CAP) / FACTS_CAP
    )
