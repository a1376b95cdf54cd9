"""Speed of the whole story engine (dedup, clustering with the multilingual model when it is installed, ranking,
summaries) on 5,000 and 20,000 articles of real length.

Articles are assembled from the shared corpora: CNN/DailyMail and RIA bodies (each outlet keeping its own selection
of a body's sentences) mixed with sentences of another article, titled with news headlines from ParaPhraser.ru and
MSRP, spread over 40 outlets and two days, with one in ten a syndicated copy. Prints, at 1,000, 2,000, 5,000 and
20,000 articles, the time with every story summarised and the time of a digest (top 20 stories, the engine
summarising their contenders), the first run of the process (word caches empty, no gist read at collection), peak
memory, the ratio to sumy LexRank summarising the same stories, and what the war-relevance filter adds (scoring
every article, as a war-only digest does; these corpora are mostly not war news, so the filtered digest itself has
little left to group). The model reads each article's gist when the article is collected (the collector calls
warm_gists in a worker thread as it stores them), so every timed run starts with the model's cache holding the
batch's gists, filled just before and timed apart (the collection's cost, per article); the cold run is a restarted
bot's first digest, before its collector has read anything: it encodes them all.

    python bench/condense_speed.py
"""

from __future__ import annotations

import json
import os
import random
import time
from datetime import UTC, datetime, timedelta

from common import peak_rss_mb, shared_data

from bot.condense import build_stories, embedding, split_sentences, warm_gists
from bot.condense.prepared import prepare_all
from bot.condense.relevance import THRESHOLD, war_probabilities
from bot.condense.summarize import MAX_DOCS
from bot.condense.text import clean_text
from bot.domain import Article, Story

NOW = datetime(2024, 8, 13, 9, 0, tzinfo=UTC)
SIZES = (1000, 2000, 5000, 20000)
BUDGET_SECONDS = {5000: 5.0, 20000: 20.0}
DIGEST_LIMIT = 20  # more stories than any digest shows; the engine summarises the contenders for these


def _bodies() -> list[tuple[str, str]]:
    cnndm = shared_data("summ_cnndm_human_eval")
    bodies: list[tuple[str, str]] = []
    for name in ("summeval", "realsumm", "newsroom"):
        with (cnndm / f"{name}.jsonl").open(encoding="utf-8") as fh:
            bodies += [(json.loads(line)["article"], "en") for line in fh if line.strip()]
    ria = shared_data("summ_ru_ria_headlines_tiny") / "ria_20.json"
    with ria.open(encoding="utf-8") as fh:
        bodies += [(clean_text(json.loads(line)["text"]), "ru") for line in fh if line.strip()]
    return bodies


def _titles() -> dict[str, list[str]]:
    para = shared_data("dedup_paraphraser_ru") / "paraphrases_train.jsonl"
    msrp = shared_data("dedup_msrp_en") / "msr_paraphrase_train.txt"
    with para.open(encoding="utf-8") as fh:
        ru = [json.loads(line)["text_1"] for line in fh if line.strip()]
    with msrp.open(encoding="utf-8-sig") as fh:
        en = [row.split("\t")[3] for row in list(fh)[1:] if row.count("\t") >= 4]
    return {"ru": ru, "en": en}


def make_articles(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    bodies = _bodies()
    sentences = [split_sentences(clean_text(body)) for body, _ in bodies]
    titles = _titles()
    articles: list[Article] = []
    for i in range(n):
        if articles and rng.random() < 0.1:  # a syndicated copy of an earlier article
            src = rng.choice(articles)
            articles.append(Article(url=f"https://outlet{i % 40}.example/{i}", title=src.title, text=src.text,
                                    published=src.published + timedelta(minutes=5), source_key=f"outlet{i % 40}",
                                    source_name=f"Outlet {i % 40}", lang=src.lang))
            continue
        k = rng.randrange(len(bodies))
        lang = bodies[k][1]
        other = rng.choice([j for j in (rng.randrange(len(bodies)) for _ in range(5)) if bodies[j][1] == lang] or [k])
        # Another outlet's take on the same event: its own selection of the facts, plus other material.
        own = [s for s in sentences[k][rng.randint(0, 2):] if rng.random() < 0.7] or sentences[k]
        text = " ".join(own + sentences[other][: rng.randint(2, 6)])
        articles.append(Article(
            url=f"https://outlet{i % 40}.example/{i}", title=rng.choice(titles[lang]), text=text,
            published=NOW - timedelta(minutes=rng.randint(0, 48 * 60)), source_key=f"outlet{i % 40}",
            source_name=f"Outlet {i % 40}", lang=lang,
        ))
    return articles


class _Encoding:
    """How many gists the model itself encoded (not those its cache answered), and in how long, since the last
    reset."""

    def __init__(self) -> None:
        self.texts, self.seconds = 0, 0.0
        model = embedding._model()
        if model is not None:
            self._encode = model.encode
            model.encode = self  # type: ignore[method-assign]

    def __call__(self, texts: list[str]) -> object:
        start = time.perf_counter()
        out = self._encode(texts)
        self.texts += len(texts)
        self.seconds += time.perf_counter() - start
        return out

    def reset(self) -> None:
        self.texts, self.seconds = 0, 0.0
        embedding._cache.clear()


ENCODING = _Encoding()


def run_engine(
    articles: list[Article], limit: int, repeat: int = 1, *, war_only: bool = False, warm: bool = True
) -> tuple[float, list[Story]]:
    """Best wall time of `repeat` runs (the machine is shared; the minimum is the least disturbed run), each
    with the model's cache holding the batch's gists (filled at collection; not with `warm=False`)."""
    best = float("inf")
    stories: list[Story] = []
    for _ in range(repeat):
        ENCODING.reset()
        if warm:
            warm_gists(articles)
            ENCODING.texts, ENCODING.seconds = 0, 0.0  # what the timed run itself encodes
        start = time.perf_counter()
        stories = build_stories(articles, lang="en", now=NOW, limit=limit, war_only=war_only)
        best = min(best, time.perf_counter() - start)
    return best, stories


def relevance_seconds(articles: list[Article]) -> tuple[float, float, int]:
    """Scoring every article's war relevance on the engine's cleaned headline and opening: the first run of the
    process (word cache empty, model fitted) and the best of three after; and how many count as war news."""
    docs = prepare_all(articles)
    times = []
    for _ in range(4):
        start = time.perf_counter()
        probs = war_probabilities((d.title, d.head) for d in docs)
        times.append(time.perf_counter() - start)
    return times[0], min(times[1:]), int((probs >= THRESHOLD).sum())


def _encoded() -> str:
    return f"{ENCODING.texts} gists encoded in {ENCODING.seconds:.2f} s" if embedding.available() else "no model"


def lexrank_seconds(articles: list[Article], stories: list[Story]) -> float:
    """sumy LexRank over the articles our summariser reads for each story (its MAX_DOCS most relevant)."""
    from summarize import _Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    by_url = {a.url: a for a in articles}
    summarizer = LexRankSummarizer()
    start = time.perf_counter()
    for story in stories:
        text = "\n".join(clean_text(by_url[url].text) for url in story.article_urls[:MAX_DOCS])
        summarizer(PlaintextParser.from_string(text, _Tokenizer()).document, 3)
    return time.perf_counter() - start


def main() -> None:
    all_articles = make_articles(max(SIZES))
    chars = sum(len(a.text) for a in all_articles) / len(all_articles)
    print(f"articles: {len(all_articles)}, mean body {chars:.0f} characters, load average {os.getloadavg()[0]:.1f}")
    # First, with the process's word caches empty and the model not loaded: what a freshly started bot pays.
    cold, _ = run_engine(all_articles[:5000], 5000, warm=False)
    print(f"cold       5000 articles, every story summarised, first run of the process (word caches empty, "
          f"nothing read at collection): {cold:.2f} s ({_encoded()})")
    digest: dict[int, float] = {}
    every: dict[int, tuple[float, list[Story]]] = {}
    for n in SIZES:
        repeat = 3 if n <= 5000 else 2
        digest[n], stories = run_engine(all_articles[:n], DIGEST_LIMIT, repeat=repeat)
        print(f"digest    {n:5d} articles -> top {len(stories)} stories in {digest[n]:.2f} s (best of {repeat}) "
              f"({1000 * digest[n] / n:.2f} ms/article; {_encoded()}), peak RSS {peak_rss_mb():.0f} MB")
        every[n] = run_engine(all_articles[:n], n, repeat=repeat)
        print(f"all       {n:5d} articles -> {len(every[n][1]):5d} stories, every one summarised, "
              f"in {every[n][0]:.2f} s (best of {repeat}) ({1000 * every[n][0] / n:.2f} ms/article; {_encoded()}), "
              f"peak RSS {peak_rss_mb():.0f} MB")
    collection = ""
    if embedding.available():
        ENCODING.reset()
        warm_gists(all_articles[:5000])
        each = ENCODING.seconds / max(ENCODING.texts, 1)
        collection = f"; the model reading each gist at collection: {1000 * each:.2f} ms an article"
        print(f"collection: the model read {ENCODING.texts} distinct gists of 5000 articles in "
              f"{ENCODING.seconds:.2f} s ({1000 * each:.2f} ms each), in the collector's worker thread as stored")
    top = 5000
    relevance_cold, relevance, war = relevance_seconds(all_articles[:top])
    print(f"relevance {top:5d} articles scored in {relevance:.2f} s (best of 3; {relevance_cold:.2f} s on the first "
          f"run) ({1000 * relevance / top:.2f} ms/article); {war} of them read as war news")
    war_digest, war_stories = run_engine(all_articles[:top], DIGEST_LIMIT, repeat=3, war_only=True)
    print(f"war-only  {top:5d} articles -> top {len(war_stories)} stories in {war_digest:.2f} s (best of 3), "
          f"scoring included")
    first = min(SIZES)
    lexrank = lexrank_seconds(all_articles[:first], every[first][1])
    print(f"sumy LexRank alone on the same {len(every[first][1])} stories ({first:,} articles): {lexrank:.2f} s")
    sizes = "/".join(map(str, SIZES))
    budgets = ", ".join(f"x{every[n][0] / b:.2f} of the {b:.0f} s budget at {n}" for n, b in BUDGET_SECONDS.items())
    print(
        f"condense_speed: every story summarised at {sizes} articles in "
        f"{'/'.join(f'{every[n][0]:.2f}' for n in SIZES)} s ({budgets}; {cold:.2f} s cold at 5000), digest of the "
        f"top {DIGEST_LIMIT} in {'/'.join(f'{digest[n]:.2f}' for n in SIZES)} s, war relevance of {top} articles "
        f"+{relevance:.2f} s ({relevance_cold:.2f} s cold), "
        f"{'with' if embedding.available() else 'WITHOUT'} the model, peak RSS {peak_rss_mb():.0f} MB "
        f"(x{peak_rss_mb() / 1024:.2f} of 1 GB), whole engine x{lexrank / every[first][0]:.1f} faster than "
        f"LexRank alone on the same stories{collection}"
    )


if __name__ == "__main__":
    main()
