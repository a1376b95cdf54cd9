"""Main-text extraction on the Scrapinghub Article Extraction Benchmark (181 English news pages).

Scores the collect path's `extract_main_text` the way the benchmark's evaluate.py does (tokens \\w+,
4-gram shingles, per-page TP/FP/FN normalised to sum 1, precision and recall averaged over pages,
F1 of the averages), against `trafilatura.extract` with its defaults on the same pages in the same run.
Reference: trafilatura 2.0.0's published F1 of 0.958.

    python bench/extract.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura

from bench.common import peak_rss_mb, shared_data
from bot.collect.pages import extract_main_text
from bot.errors import ParseError

PUBLISHED_F1 = 0.958  # trafilatura 2.0.0 in the benchmark's README
_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text)
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def _page_scores(truth: str, predicted: str) -> tuple[float, float]:
    """(precision, recall) of one page from shingle counts normalised to sum 1, as evaluate.py does."""
    want, got = _shingles(truth), _shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0
    tp_n, fp_n, fn_n = tp / total, fp / total, fn / total
    precision = tp_n / (tp_n + fp_n) if tp_n + fp_n else 0.0
    recall = tp_n / (tp_n + fn_n) if tp_n + fn_n else 0.0
    return precision, recall


def _f1(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    return 2 * precision * recall / (precision + recall), precision, recall


def _ours(html: bytes, url: str) -> str:
    try:
        return extract_main_text(html, url).text
    except ParseError:
        return ""


def _reference(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def _run(
    extractors: list[Callable[[bytes, str], str]], pages: dict[str, bytes], truth: dict[str, dict[str, str]]
) -> list[tuple[tuple[float, float, float], float]]:
    """Score and time each extractor; pages are interleaved (and the order alternated) so that both
    see the same machine load and warm caches."""
    pairs: list[list[tuple[float, float]]] = [[] for _ in extractors]
    elapsed = [0.0 for _ in extractors]
    for n, (key, html) in enumerate(pages.items()):
        order = range(len(extractors)) if n % 2 == 0 else reversed(range(len(extractors)))
        for i in order:
            started = time.perf_counter()
            text = extractors[i](html, truth[key]["url"])
            elapsed[i] += time.perf_counter() - started
            pairs[i].append(_page_scores(truth[key]["articleBody"], text))
    return [(_f1(p), t) for p, t in zip(pairs, elapsed, strict=True)]


def main() -> None:
    folder = shared_data("extraction_scrapinghub_aeb")
    truth: dict[str, dict[str, str]] = json.loads((folder / "ground-truth.json").read_text())
    pages = {key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()) for key in sorted(truth)}
    _run([_ours, _reference], dict(list(pages.items())[:4]), truth)  # warm imports and caches
    ((f1, precision, recall), ours_s), ((ref_f1, _, _), ref_s) = _run([_ours, _reference], pages, truth)
    print(f"pages: {len(pages)}")
    print(f"ours (extract_main_text): F1 {f1:.3f}  P {precision:.3f}  R {recall:.3f}  {ours_s:.1f}s")
    print(f"trafilatura.extract defaults: F1 {ref_f1:.3f}  {ref_s:.1f}s")
    print(
        f"extract: F1 {f1:.3f} (P {precision:.3f} R {recall:.3f}) vs published trafilatura {PUBLISHED_F1} "
        f"({f1 - PUBLISHED_F1:+.3f}) and trafilatura.extract defaults here {ref_f1:.3f}; "
        f"time {ours_s / ref_s:.2f}x trafilatura.extract ({ours_s:.1f}s vs {ref_s:.1f}s); peak {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
