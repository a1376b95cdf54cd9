"""Summary quality: single articles on human-evaluated CNN/DailyMail sets, and stories of several outlets on
news_real_dev, with the summariser the product uses.

CNN/DailyMail: each article is condensed as a story of one article (3 sentences) by bot.condense.build_stories
and scored with rouge-score F1 (stemmed ROUGE-1/2/Lsum): REALSumm against its reference, SummEval as the best
of its 11 references. Lead-3 (first three sentences), sumy LexRank and sumy TextRank (each with sumy's English
Snowball stemmer and stop words, as sumy's documentation sets them up) run on the same documents with the same
sentence splitter. Reference figures (SOURCE.txt): REALSumm Lead-3 41.1/17.5/37.2, SummEval Lead-3
49.2/25.3/44.3.

Several outlets (news_real_dev, SOURCE.txt): every event group's reports in one language from at least two
outlets are one story for a reader of that language (build_stories on those reports; the largest story if
the engine splits them). What the group's reports say, sentence by sentence: its distinct numbers (figures, not
years or dates) and its named sources (outlets, agencies, officials named as sources: "according to X",
"X said", "за даними X", "по данным X"; bot.condense.facts finds both, and sources sharing a name are one).
The figure is the share of them that the story's summary carries (a number by value, a source by any of its
names), against the first three sentences of the story's best report (the one its core fact comes from) and,
for context, of whichever report's first three sentences carry the most (an oracle). The weights of what other
outlets add (bot/condense/summarize.py) were looked at on the fitting half only; the figure that counts is on
the held-out half (bench/common.py: DEV_SPLIT).

    python bench/summarize.py
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from common import DEV_SPLIT, read_dev_items, shared_data, split_dev
from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bot.condense import build_stories, split_sentences
from bot.condense.facts import name_keys, named_sources, numbers
from bot.condense.text import clean_text, written_in
from bot.domain import Article

METRICS = ("rouge1", "rouge2", "rougeLsum")
LEAD3 = {"realsumm": (41.06, 17.47, 37.17), "summeval": (49.15, 25.26, 44.34)}  # SOURCE.txt, same scorer
NOW = datetime(2015, 1, 1, tzinfo=UTC)
DEV_NOW = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
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


def sumy_with(summarizer_class: type, language: str = "english") -> Summarizer:
    """sumy as its documentation sets it up: the language's Snowball stemmer and stop words (without them
    LexRank and TextRank lose about 7 ROUGE-1 points here)."""
    summarizer = summarizer_class(Stemmer(language))
    summarizer.stop_words = get_stop_words(language)

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


Item = dict[str, Any]


class _Facts:
    """The distinct numbers and named sources of a set of texts."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.numbers: set[str] = set().union(*map(numbers, sentences))
        # Sources that share a name key are one ("Сирський", "Олександр Сирський", "Сирського").
        self.sources: list[set[str]] = []
        for source in (src for sentence in sentences for src in named_sources(sentence)):
            joined = [s for s in self.sources if s & source]
            self.sources = [s for s in self.sources if not s & source] + [set(source).union(*joined)]

    def __len__(self) -> int:
        return len(self.numbers) + len(self.sources)

    def carried(self, text: str) -> tuple[int, int]:
        """How many of the numbers and of the sources `text` carries."""
        keys = name_keys(text)
        return len(self.numbers & numbers(text)), sum(1 for source in self.sources if source & keys)


def _sentences(item: Item) -> list[str]:
    return split_sentences(clean_text(item["text"]))


def _outlet(item: Item) -> str:
    return item["url"].split("/")[2]


def outlet_groups(items: Sequence[Item]) -> list[list[Item]]:
    """Each event's reports in one language, where at least two outlets wrote them."""
    groups: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        if item["event"]:
            groups[(item["event"], item["lang"])].append(item)
    return [g for _, g in sorted(groups.items()) if len({_outlet(i) for i in g}) >= 2]


def multi_outlet(items: Sequence[Item]) -> dict[str, list[int]]:
    """Per system: numbers carried, sources carried, numbers and sources of the groups (summed over groups), and
    for ours how many summaries draw on 2+ outlets and how many mix languages."""
    totals = {name: [0, 0, 0, 0] for name in ("ours", "best_lead3", "oracle_lead3")}
    several = mixed = 0
    for group in outlet_groups(items):
        lang = group[0]["lang"]
        by_url = {f"https://dev.example/{i['id']}": i for i in group}
        articles = [
            Article(url=url, title=i["title"], text=i["text"], published=DEV_NOW - timedelta(minutes=k),
                    source_key=_outlet(i), source_name=_outlet(i), lang=lang)
            for k, (url, i) in enumerate(by_url.items())
        ]
        stories = build_stories(articles, lang=lang, now=DEV_NOW, limit=len(articles))
        story = max(stories, key=lambda s: len(s.article_urls))
        facts = _Facts([s for i in group for s in _sentences(i)])
        leads = {url: " ".join(_sentences(i)[:3]) for url, i in by_url.items()}
        texts = {
            "ours": " ".join(story.sentences),
            "best_lead3": leads[story.article_urls[0]],
            "oracle_lead3": max(leads.values(), key=lambda t: sum(facts.carried(t))),
        }
        for name, text in texts.items():
            n, s = facts.carried(text)
            counts = (n, s, len(facts.numbers), len(facts.sources))
            totals[name] = [a + b for a, b in zip(totals[name], counts, strict=True)]
        others = {_outlet(i) for i in group} - {_outlet(by_url[story.article_urls[0]])}
        several += any(outlet in sentence for outlet in others for sentence in story.sentences)
        mixed += not all(written_in(sentence, lang) for sentence in story.sentences)
    return {**totals, "groups": [len(outlet_groups(items)), several, mixed]}


def _share(counts: list[int]) -> float:
    return (counts[0] + counts[1]) / max(counts[2] + counts[3], 1)


def main() -> None:
    dev = read_dev_items(shared_data("news_real_dev"))
    halves = dict(zip(("fitting", "held-out"), split_dev(dev), strict=True))
    print(f"news_real_dev: {DEV_SPLIT}")
    shares: dict[str, float] = {}
    for half, items in halves.items():
        result = multi_outlet(items)
        groups, several, mixed = result["groups"]
        for name in ("ours", "best_lead3", "oracle_lead3"):
            n, s, total_n, total_s = result[name]
            shares[name] = _share(result[name])
            print(f"{half:8s} {name:12s} carries {shares[name]:.3f} of the groups' numbers and named sources "
                  f"(numbers {n}/{total_n}, sources {s}/{total_s}; {groups} groups of 2+ outlets in one language)")
        print(f"{half:8s} ours: {several} of {groups} summaries take a sentence from a second outlet, credited; "
              f"{mixed} mix languages")
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
    engine, best, oracle = shares["ours"], shares["best_lead3"], shares["oracle_lead3"]
    parts.append(
        f"several outlets (held-out news_real_dev): numbers and named sources carried {engine:.3f} vs {best:.3f} "
        f"for the best report's Lead-3 (x{engine / max(best, 1e-9):.2f}; oracle Lead-3 {oracle:.3f}, "
        f"x{engine / max(oracle, 1e-9):.2f})"
    )
    print("summarize: " + "; ".join(parts))


if __name__ == "__main__":
    main()
