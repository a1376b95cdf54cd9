"""Summary quality on human-evaluated CNN/DailyMail sets, with the summariser the product uses.

Each article is condensed as a story of one article (3 sentences) by bot.condense.build_stories and scored
with rouge-score F1 (stemmed ROUGE-1/2/Lsum): REALSumm against its reference, SummEval as the best of its
11 references. Lead-3 (first three sentences), sumy LexRank and sumy TextRank run on the same documents with
the same sentence splitter. Reference figures (SOURCE.txt): REALSumm Lead-3 41.1/17.5/37.2, SummEval Lead-3
49.2/25.3/44.3.

    python bench/summarize.py
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from common import shared_data
from rouge_score import rouge_scorer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from bot.condense import build_stories, split_sentences
from bot.condense.text import clean_text
from bot.domain import Article

METRICS = ("rouge1", "rouge2", "rougeLsum")
LEAD3 = {"realsumm": (41.06, 17.47, 37.17), "summeval": (49.15, 25.26, 44.34)}  # SOURCE.txt, same scorer
NOW = datetime(2015, 1, 1, tzinfo=UTC)
_WORDS = re.compile(r"\w+(?:'\w+)?")

Summarizer = Callable[[str], list[str]]


class _Tokenizer:
    """sumy's tokenizer interface over our splitter: sumy's own needs NLTK data that is not installed."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORDS.findall(sentence)


def ours(text: str) -> list[str]:
    article = Article(url="doc", title="", text=text, published=NOW, source_key="doc", source_name="doc", lang="en")
    stories = build_stories([article], lang="en", now=NOW, limit=1, max_sentences=3)
    return list(stories[0].sentences) if stories else []


def lead3(text: str) -> list[str]:
    return split_sentences(clean_text(text))[:3]


def sumy_with(summarizer_class: type) -> Summarizer:
    summarizer = summarizer_class()

    def run(text: str) -> list[str]:
        parser = PlaintextParser.from_string(clean_text(text), _Tokenizer())
        return [str(s) for s in summarizer(parser.document, 3)]

    return run


def score(docs: Sequence[dict], summarize: Summarizer, multi_ref: bool) -> tuple[float, float, float]:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    totals = [0.0, 0.0, 0.0]
    for doc in docs:
        summary = "\n".join(summarize(doc["article"]))
        refs = doc["references"] if multi_ref else [doc["reference"]]
        per_ref = [scorer.score("\n".join(split_sentences(ref)), summary) for ref in refs]
        for k, metric in enumerate(METRICS):
            totals[k] += max(s[metric].fmeasure for s in per_ref)
    n = len(docs)
    r1, r2, rl = (100 * t / n for t in totals)
    return r1, r2, rl


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main() -> None:
    data = shared_data("summ_cnndm_human_eval")
    systems: dict[str, Summarizer] = {
        "ours": ours,
        "lead3": lead3,
        "lexrank": sumy_with(LexRankSummarizer),
        "textrank": sumy_with(TextRankSummarizer),
    }
    results: dict[tuple[str, str], tuple[float, float, float]] = {}
    for name, multi in (("realsumm", False), ("summeval", True)):
        docs = load(data / f"{name}.jsonl")
        for system, fn in systems.items():
            results[(name, system)] = r = score(docs, fn, multi)
            print(f"{name:9s} {system:9s} R1 {r[0]:.1f}  R2 {r[1]:.1f}  RLsum {r[2]:.1f}  ({len(docs)} docs)")
    parts = []
    for name in ("realsumm", "summeval"):
        r = results[(name, "ours")]
        ratio = "/".join(f"{a / b:.3f}" for a, b in zip(r, LEAD3[name], strict=True))
        parts.append(f"{name} {r[0]:.2f}/{r[1]:.2f}/{r[2]:.2f} (x{ratio} of Lead-3 {'/'.join(map(str, LEAD3[name]))})")
    print("summarize: " + "; ".join(parts))


if __name__ == "__main__":
    main()
