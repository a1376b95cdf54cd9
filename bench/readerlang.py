"""In the reader's language: for a uk, ru and en reader, the share of the top-10 stories shown in the reader's
language when a version in it exists. Measured on news_real_dev (real uk/ru/en items grouped by event, SOURCE.txt).

The set is split in two by event (bench/common.py: DEV_SPLIT); the figures are on the held-out half. This bench
fits nothing: choosing a story's language has no parameter. (The engine's grouping weights were fitted by
bench/stories.py on a train half of its own, which overlaps this held-out half in part, and its relevance
threshold on the other half of DEV_SPLIT.) Every item gets the same publication time, so time neither joins nor
ranks them; each outlet (the URL's host) is a source. A digest is built as a chat gets it: war news only, at most
10 stories, no translator configured.

For each reader (uk, ru, en), with the default languages a chat reads (its own and English):
  - a story has a version in the reader's language when one of its own reports, or a held-out report of the same
    event (one the engine failed to join), is in that language;
  - it is shown in the reader's language when it is told in it: story.lang is the reader's and its headline and
    summary together read as that language (bot.condense.detect_lang);
  - also: how many of the 10 a reader can read (in a language they read) and how many went to the "in other
    languages" line.
The reference is main's previous behaviour: the engine of commit REFERENCE (main before this change), run from
that commit's own files (git archive) in a subprocess; for context, also the engine of BEFORE_ISSUE (main before
issue 11's relevance and cross-language grouping).

    python bench/readerlang.py
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "c4577f3e59387b4eb3b7bb6613644b6469d1ebab"  # main before "in the reader's language"
BEFORE_ISSUE = "5a52df204aeaa955f7313ec1df61b2ea43037f87"  # main before issue 11 (relevance, grouping, languages)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TOP = 10
READERS = ("uk", "ru", "en")
Item = dict[str, Any]
Told = dict[str, Any]  # a story as the engine told it: lang, headline, sentences, article ids


def told_stories(items: Sequence[Item], reader: str) -> tuple[list[Told], list[Told]]:
    """(shown, others) for `reader` from whatever `bot` is importable: this checkout's, or an older commit's."""
    from bot.condense import build_stories
    from bot.domain import Article

    articles = [
        Article(url=f"https://dev.example/{item['id']}", title=item["title"], text=item["text"], published=NOW,
                source_key=urlsplit(item["url"]).hostname or item["id"],
                source_name=urlsplit(item["url"]).hostname or item["id"], lang=item["lang"])
        for item in items
    ]  # fmt: skip
    # Whichever of these the engine of that commit knows.
    wanted: dict[str, Any] = {"war_only": True, "reads": (reader, "en")}
    known = inspect.signature(build_stories).parameters
    ranked = build_stories(articles, lang=reader, now=NOW, limit=TOP, **{k: v for k, v in wanted.items() if k in known})
    if "reads" in known:
        from bot.condense.stories import readable_first

        shown, others = readable_first(ranked, TOP, lambda s: s.lang in wanted["reads"])
    else:
        shown, others = ranked[:TOP], []

    def told(story: Any) -> Told:
        ids = [url.rsplit("/", 1)[1] for url in story.article_urls]
        return {"lang": story.lang, "headline": story.headline, "sentences": list(story.sentences), "ids": ids}

    return [told(s) for s in shown], [told(s) for s in others]


def measure(items: Sequence[Item], told: dict[str, tuple[list[Told], list[Told]]]) -> dict[str, dict[str, int]]:
    """Per reader: stories with a version in the reader's language, those shown in it, readable ones, others."""
    from bot.condense import detect_lang

    by_id = {item["id"]: item for item in items}
    langs_of_event: dict[str, set[str]] = {}
    for item in items:
        if item["event"]:
            langs_of_event.setdefault(item["event"], set()).add(item["lang"])
    out = {}
    for reader, (shown, others) in told.items():
        reads = {reader, "en"}
        with_version = in_reader = readable = 0
        for story in shown:
            members = [by_id[i] for i in story["ids"]]
            versions = {m["lang"] for m in members} | {
                lang for m in members if m["event"] for lang in langs_of_event[m["event"]]
            }
            text = " ".join([story["headline"], *story["sentences"]])
            readable += story["lang"] in reads
            if reader in versions:
                with_version += 1
                in_reader += story["lang"] == reader and detect_lang(text) == reader
        out[reader] = {"with_version": with_version, "in_reader": in_reader, "readable": readable,
                       "shown": len(shown), "others": len(others)}  # fmt: skip
    return out


def engine_at(commit: str, items: Sequence[Item]) -> dict[str, tuple[list[Told], list[Told]]]:
    """told_stories for every reader, with the engine of `commit` (its bot/ from git, run in a subprocess)."""
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "bot"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"the reference engine of commit {commit[:10]} is not in this checkout's git history: {exc}")
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        run = subprocess.run(
            [sys.executable, __file__, "--engine", folder], input=json.dumps(list(items)), capture_output=True,
            text=True, check=True, cwd=folder,
        )  # fmt: skip
    return {reader: (shown, others) for reader, (shown, others) in json.loads(run.stdout).items()}


def line(name: str, figures: dict[str, dict[str, int]]) -> str:
    parts = [
        f"{r} {f['in_reader']}/{f['with_version']} in the reader's language, {f['readable']}/{f['shown']} readable, "
        f"{f['others']} in other languages"
        for r, f in figures.items()
    ]
    return f"{name:42s} " + "; ".join(parts)


def share(figures: dict[str, dict[str, int]]) -> float:
    return sum(f["in_reader"] for f in figures.values()) / max(sum(f["with_version"] for f in figures.values()), 1)


def readable_share(figures: dict[str, dict[str, int]]) -> float:
    return sum(f["readable"] for f in figures.values()) / max(sum(f["shown"] for f in figures.values()), 1)


def main() -> None:
    if sys.argv[1:2] == ["--engine"]:  # the subprocess: an older engine, its bot/ first on the path
        sys.path.insert(0, sys.argv[2])
        items = json.loads(sys.stdin.read())
        print(json.dumps({reader: told_stories(items, reader) for reader in READERS}))
        return
    sys.path.insert(0, str(ROOT))
    from bench.common import DEV_SPLIT, read_dev_items, shared_data, split_dev

    _, held_out = split_dev(read_dev_items(shared_data("news_real_dev")))
    print(f"news_real_dev held-out half: {len(held_out)} items ({DEV_SPLIT}); nothing is fitted here; top {TOP} "
          "war stories per reader, who reads their own language and English")  # fmt: skip
    ours = measure(held_out, {reader: told_stories(held_out, reader) for reader in READERS})
    reference = measure(held_out, engine_at(REFERENCE, held_out))
    before = measure(held_out, engine_at(BEFORE_ISSUE, held_out))
    print(line("this engine", ours))
    print(line(f"main before this change ({REFERENCE[:7]})", reference))
    print(line(f"main before issue 11 ({BEFORE_ISSUE[:7]})", before) + " (context: no war filter, no grouping work)")

    def ratio(a: float, b: float) -> str:
        return f"x{a / b:.2f}" if b else "vs 0"

    per_reader = ", ".join(
        f"{r} {ours[r]['in_reader']}/{ours[r]['with_version']} (ref {reference[r]['in_reader']}/"
        f"{reference[r]['with_version']})"
        for r in READERS
    )
    print(
        f"reader's language: held-out share of top-{TOP} stories shown in the reader's language when a version in "
        f"it exists {share(ours):.3f} ({ratio(share(ours), share(reference))} of main before this change "
        f"{share(reference):.3f}; before issue 11 {share(before):.3f}), {per_reader}; stories in a language the "
        f"reader reads {readable_share(ours):.3f} ({ratio(readable_share(ours), readable_share(reference))} of "
        f"{readable_share(reference):.3f})"
    )


if __name__ == "__main__":
    main()
