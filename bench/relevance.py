"""Relevance: is it war news? Measured on news_real_dev (real uk/ru/en items labelled war/other, see SOURCE.txt).

The set is split in two by event (bench/common.py: DEV_SPLIT). On the fitting half only the decision threshold is
chosen (where precision and recall of "war" meet); the model itself is fitted on the project's hand-written
examples and never sees the set. On the held-out half: precision and recall of "war" at the product's THRESHOLD,
per language, and the share of non-war stories in the top 20 of a digest the real engine builds from all held-out
items, with the relevance filter and without it (the reference). A story is non-war when at least half of its
reports are labelled other. Every item gets the same publication time, so time neither joins nor ranks them.

    python bench/relevance.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEV_SPLIT, read_dev_items, shared_data, split_dev
from bot.condense import build_stories
from bot.condense.prepared import prepare_all
from bot.condense.relevance import THRESHOLD, war_probabilities
from bot.domain import Article

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TOP = 20
TARGET = 0.95


def articles_of(items: Sequence[dict[str, Any]]) -> list[Article]:
    """Each item as the engine sees an article; its outlet is the host of its URL."""
    out = []
    for item in items:
        host = urlsplit(item["url"]).hostname or item["id"]
        out.append(Article(
            url=item["url"], title=item["title"], text=item["text"], published=NOW - timedelta(hours=1),
            source_key=host, source_name=host, lang=item["lang"],
        ))  # fmt: skip
    return out


def probabilities(articles: Sequence[Article]) -> np.ndarray:
    """War probabilities on the engine's own reading of each article (cleaned headline and opening)."""
    return war_probabilities((d.title, d.head) for d in prepare_all(articles))


def precision_recall(probs: np.ndarray, war: np.ndarray, threshold: float) -> tuple[float, float]:
    said = probs >= threshold
    tp = int((said & war).sum())
    return tp / max(int(said.sum()), 1), tp / max(int(war.sum()), 1)


def fit_threshold(probs: np.ndarray, war: np.ndarray) -> float:
    """The threshold where the lower of precision and recall is highest; the middle of the best such range."""
    cuts = np.unique(probs)
    candidates = np.concatenate([[cuts[0] / 2], (cuts[:-1] + cuts[1:]) / 2, [(cuts[-1] + 1) / 2]])
    scores = np.array([min(precision_recall(probs, war, t)) for t in candidates])
    best = candidates[scores >= scores.max() - 1e-12]
    return float((best.min() + best.max()) / 2)


def non_war_in_top(articles: list[Article], labels: dict[str, str], *, war_only: bool) -> tuple[int, int]:
    """How many of the digest's top stories are not about the war, and how many stories it has."""
    stories = build_stories(articles, lang="en", now=NOW, limit=TOP, war_only=war_only)
    non_war = sum(2 * sum(labels[u] == "other" for u in s.article_urls) >= len(s.article_urls) for s in stories)
    return non_war, len(stories)


def _other_splits(items: list[dict[str, Any]], seeds: range = range(100, 120)) -> str:
    """The same procedure (threshold fitted on one half, figures on the other) over other event splits."""
    probs = dict(zip((i["id"] for i in items), probabilities(articles_of(items)).tolist(), strict=True))
    results = []
    for seed in seeds:
        fit, held = split_dev(items, seed)
        threshold = fit_threshold(np.array([probs[i["id"]] for i in fit]), np.array([i["label"] == "war" for i in fit]))
        results.append(precision_recall(
            np.array([probs[i["id"]] for i in held]), np.array([i["label"] == "war" for i in held]), threshold
        ))
    p, r = np.array(results).T
    return (f"  over {len(seeds)} other event splits (seeds {seeds.start}-{seeds.stop - 1}, threshold refitted on "
            f"each fit half): precision {p.mean():.3f} (lowest {p.min():.3f}), recall {r.mean():.3f} "
            f"(lowest {r.min():.3f})")


def main() -> None:
    items = read_dev_items(shared_data("news_real_dev"))
    fit, held = split_dev(items)
    print(f"news_real_dev: {len(items)} items; {DEV_SPLIT}")
    for name, half in (("fit", fit), ("held-out", held)):
        events = len({i["event"] for i in half if i["event"]})
        war_n = sum(i["label"] == "war" for i in half)
        print(f"  {name:8s} {len(half)} items ({war_n} war, {len(half) - war_n} other), {events} events")

    fit_probs = probabilities(articles_of(fit))
    fitted = fit_threshold(fit_probs, np.array([i["label"] == "war" for i in fit]))
    fit_p, fit_r = precision_recall(fit_probs, np.array([i["label"] == "war" for i in fit]), THRESHOLD)
    print(f"threshold fitted on the fit half: {fitted:.3f} (the product's THRESHOLD: {THRESHOLD}"
          f"{'' if abs(fitted - THRESHOLD) < 0.01 else ': STALE, set it to the fitted value'}); "
          f"fit half at {THRESHOLD}: precision {fit_p:.3f}, recall {fit_r:.3f}")

    held_articles = articles_of(held)
    start = time.perf_counter()
    probs = probabilities(held_articles)
    per_article_ms = 1000 * (time.perf_counter() - start) / len(held)
    war = np.array([i["label"] == "war" for i in held])
    precision, recall = precision_recall(probs, war, THRESHOLD)
    print(f"held-out at {THRESHOLD}: precision {precision:.3f}, recall {recall:.3f} of 'war' "
          f"({per_article_ms:.2f} ms an article, with cleaning)")
    for lang in ("uk", "ru", "en"):
        mask = np.array([i["lang"] == lang for i in held])
        p, r = precision_recall(probs[mask], war[mask], THRESHOLD)
        print(f"  {lang}: precision {p:.3f}, recall {r:.3f} ({int(mask.sum())} items)")
    wrong = [(float(p), i) for p, i in zip(probs, held, strict=True) if (p >= THRESHOLD) != (i["label"] == "war")]
    for p, item in sorted(wrong, key=lambda x: x[0]):
        print(f"  wrong: {item['id']} {item['lang']} labelled {item['label']}, p={p:.2f}")
    print(f"  closest calls: war items from p={probs[war].min():.2f}, other items up to p={probs[~war].max():.2f}")
    print(_other_splits(items))

    labels = {i["url"]: i["label"] for i in held}
    without, n_without = non_war_in_top(held_articles, labels, war_only=False)
    with_filter, n_with = non_war_in_top(held_articles, labels, war_only=True)
    print(f"top {TOP} of a digest of all {len(held)} held-out items: {without} of {n_without} stories not about the "
          f"war without relevance (reference), {with_filter} of {n_with} with it")
    ok = "meets" if min(precision, recall) >= TARGET and with_filter <= 1 else "misses"
    print(
        f"relevance: held-out precision {precision:.3f} recall {recall:.3f} (target {TARGET}); non-war stories in "
        f"the top {TOP}: {with_filter} with relevance vs {without} without (x{with_filter / max(without, 1):.2f} "
        f"of the reference engine; target <= 1): {ok} the targets"
    )


if __name__ == "__main__":
    main()
