"""Same-story detection on public paraphrase sets, with the similarity the product clusters with.

MSRP (English news sentences) and ParaPhraser.ru (Russian news headlines; classes 0 and 1 = same story).
IDF and the decision threshold are fitted on each train split only; F1 of the positive class on the test split
is compared with the TF-IDF cosine baselines of SOURCE.txt (MSRP 0.812, ParaPhraser binary 0.776).

    python bench/samestory.py
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from common import shared_data

from bot.condense.evidence import pair_evidence
from bot.condense.similarity import features
from bot.condense.tfidf import tfidf

Pair = tuple[str, str, bool]
BASELINE_F1 = {"msrp": 0.812, "paraphraser": 0.776}


def load_msrp(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return [(r[3], r[4], r[0] == "1") for r in rows if len(r) >= 5]


def load_paraphraser(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [(d["text_1"], d["text_2"], int(d["class"]) >= 0) for d in rows]


def similarities(train: Sequence[Pair], test: Sequence[Pair]) -> tuple[list[float], list[float]]:
    """Pair similarities of both splits, with IDF fitted on the train texts only."""
    texts = [t for a, b, _ in [*train, *test] for t in (a, b)]
    weights = tfidf([features(t) for t in texts], fit=np.arange(len(texts)) < 2 * len(train))
    firsts = np.arange(0, len(texts), 2)
    same_language = np.zeros(len(texts), dtype="<U2")
    sims = pair_evidence(weights, firsts, firsts + 1, same_language).logit()
    return sims[: len(train)].tolist(), sims[len(train) :].tolist()


def f1_acc(sims: Sequence[float], labels: Sequence[bool], threshold: float) -> tuple[float, float]:
    tp = sum(s >= threshold and y for s, y in zip(sims, labels, strict=True))
    fp = sum(s >= threshold and not y for s, y in zip(sims, labels, strict=True))
    fn = sum(s < threshold and y for s, y in zip(sims, labels, strict=True))
    correct = sum((s >= threshold) == y for s, y in zip(sims, labels, strict=True))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1, correct / len(labels)


def evaluate(name: str, train: list[Pair], test: list[Pair]) -> tuple[float, float, float]:
    train_sims, test_sims = similarities(train, test)
    train_labels = [y for _, _, y in train]
    threshold = max(sorted(set(np.round(train_sims, 2))), key=lambda t: f1_acc(train_sims, train_labels, t)[0])
    f1, acc = f1_acc(test_sims, [y for _, _, y in test], threshold)
    print(f"{name}: threshold {threshold:.2f} (train), test F1 {f1:.3f} accuracy {acc:.3f}, "
          f"baseline F1 {BASELINE_F1[name]:.3f}")
    return f1, acc, threshold


def main() -> None:
    msrp_dir = shared_data("dedup_msrp_en")
    para_dir = shared_data("dedup_paraphraser_ru")
    msrp_f1, _, _ = evaluate(
        "msrp", load_msrp(msrp_dir / "msr_paraphrase_train.txt"), load_msrp(msrp_dir / "msr_paraphrase_test.txt")
    )
    para_f1, _, _ = evaluate(
        "paraphraser",
        load_paraphraser(para_dir / "paraphrases_train.jsonl"),
        load_paraphraser(para_dir / "paraphrases_gold_test.jsonl"),
    )
    print(
        f"samestory: MSRP F1 {msrp_f1:.3f} (x{msrp_f1 / BASELINE_F1['msrp']:.3f} of TF-IDF cosine 0.812), "
        f"ParaPhraser F1 {para_f1:.3f} (x{para_f1 / BASELINE_F1['paraphraser']:.3f} of TF-IDF cosine 0.776)"
    )


if __name__ == "__main__":
    main()
