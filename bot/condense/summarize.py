"""Extractive summaries: the few sentences that say most of what a story's articles agree on.

A sentence scores by its closeness to the story's centroid (what the outlets share), its position in its
article (news puts the gist first), and the facts it carries (figures, places, sources). Sentences are taken
best first while they add something new, then put back in reading order. Sentences are copied verbatim, so
numbers and attributions stay exactly as published. All stories of a digest are weighed in one sparse
matrix (tfidf.py), each story with its own IDF; only the final pick runs per story.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from bot.condense.facts import fact_score
from bot.condense.prepared import Prepared
from bot.condense.similarity import Vector, similarity
from bot.condense.text import content_words, stem, tokens
from bot.condense.tfidf import TfIdf, centroid_similarities, row_dots, tfidf

MAX_DOCS = 4  # the most relevant articles of a story hold its gist; more only repeat it
REDUNDANT = 0.35  # a candidate this close to a chosen sentence adds nothing
HEADLINE_REPEAT = 0.75  # a sentence this close to the headline only restates it
MIN_WORDS, MAX_WORDS = 9, 80
MAX_CHARS = 450

# Chosen with a small grid (position weight and decay, facts weight, redundancy) on bench/summarize.py's
# CNN/DailyMail sets, so the figures there are not an unseen test; position dominates as news is written so.
W_CENTRALITY = 1.0
W_POSITION = 3.0
W_FACTS = 0.1
POSITION_DECAY = 2.0  # sentence k of an article weighs exp(-k / POSITION_DECAY)
RANK_DISCOUNT = 0.15  # sentences of less relevant articles count for less: score / (1 + 0.15 x rank)

_Sentence = tuple[str, int, int]  # text, rank of its article in the story, position in its article


def _usable(sentence: str) -> bool:
    words = sentence.count(" ") + 1
    if not MIN_WORDS <= words <= MAX_WORDS or len(sentence) > MAX_CHARS:
        return False
    return any(c.isalpha() for c in sentence)


def _terms(sentence: str) -> list[str]:
    """Stems only: within one story's sentences the names are written alike, and this runs per sentence."""
    return list(filter(None, map(_content_stem, tokens(sentence))))


@lru_cache(maxsize=200_000)
def _content_stem(token: str) -> str:
    """The stem of a content word, "" for a stop word (cached: the same words recur in every story)."""
    return stem(token) if content_words((token,)) else ""


def _pool(docs: Sequence[Prepared], max_sentences: int) -> list[_Sentence]:
    """The sentences a summary may use: of normal length, from the story's most relevant articles."""
    raw = [(text, rank, pos) for rank, doc in enumerate(docs[:MAX_DOCS]) for pos, text in enumerate(doc.sentences)]
    usable = [r for r in raw if _usable(r[0])]
    # A teaser-only article may have nothing of normal length: fall back to whatever text there is.
    return usable or [r for r in raw if any(c.isalpha() for c in r[0])][:max_sentences]


def summarize(docs: Sequence[Prepared], *, max_sentences: int = 3, headline: str = "") -> list[str]:
    """Up to `max_sentences` sentences of the articles `docs` (most relevant first), in reading order."""
    return summarize_many([(docs, headline)], max_sentences=max_sentences)[0]


def summarize_many(stories: Sequence[tuple[Sequence[Prepared], str]], *, max_sentences: int = 3) -> list[list[str]]:
    """summarize() for each (docs, headline) of `stories`, weighed together."""
    if max_sentences <= 0 or not stories:
        return [[] for _ in stories]
    pools = [_pool(docs, max_sentences) for docs, _ in stories]
    # Rows: each story's sentences, then its headline, which is weighed with the story's IDF without
    # counting towards it.
    rows: list[list[str]] = []
    group: list[int] = []
    for k, ((_, headline), pool) in enumerate(zip(stories, pools, strict=True)):
        rows += [_terms(text) for text, _, _ in pool]
        rows.append(_terms(headline) if headline and pool else [])
        group += [k] * (len(pool) + 1)
    headline_row = np.cumsum([len(p) + 1 for p in pools], dtype=np.int64) - 1
    fit = np.ones(len(rows), dtype=bool)
    fit[headline_row] = False
    groups = np.array(group, dtype=np.int64)
    weights = tfidf(rows, groups, fit)
    scores, head_sims = _scores(weights, pools, groups, fit, headline_row)
    firsts = (headline_row - np.array([len(p) for p in pools])).tolist()
    return [
        _pick(pool, weights, first, scores, head_sims, max_sentences) for pool, first in zip(pools, firsts, strict=True)
    ]


def _scores(
    weights: TfIdf, pools: list[list[_Sentence]], group: np.ndarray, fit: np.ndarray, headline_row: np.ndarray
) -> tuple[list[float], list[float]]:
    """Per row: centrality, position and article rank combined; and closeness to the story's headline."""
    matrix = weights.matrix
    centrality = centroid_similarities(matrix, group, fit)  # the story's centroid: its sentences, not its headline
    head_sims = row_dots(matrix, matrix[headline_row[group]])
    rank = np.array([r for pool in pools for _, r, _ in [*pool, ("", 0, 0)]], dtype=np.float64)
    position = np.array([p for pool in pools for _, _, p in [*pool, ("", 0, 0)]], dtype=np.float64)
    prior = W_POSITION * np.exp(-position / POSITION_DECAY)
    scores = (W_CENTRALITY * centrality + prior) / (1.0 + RANK_DISCOUNT * rank)
    return scores.tolist(), head_sims.tolist()


def _pick(
    pool: list[_Sentence], weights: TfIdf, first: int, scores: list[float], head_sims: list[float], max_sentences: int
) -> list[str]:
    """The best sentences of one story (rows `first`... of `weights`, `scores`, `head_sims`) that add something
    new, in reading order."""
    if not pool:
        return []
    scores = scores[first : first + len(pool)]
    # Facts can lift a sentence by at most W_FACTS: only sentences within that reach of the leaders are
    # worth the regular expressions.
    bar = sorted(scores, reverse=True)[min(len(pool), 4 * max_sentences) - 1]
    for k, (text, rank, _) in enumerate(pool):
        discount = 1.0 + RANK_DISCOUNT * rank
        if scores[k] + W_FACTS / discount >= bar:
            scores[k] += W_FACTS * min(fact_score(text), 2.0) / 2.0 / discount

    chosen: list[tuple[int, Vector]] = []
    for k in sorted(range(len(pool)), key=lambda k: (-scores[k], pool[k][1], pool[k][2])):
        vector = weights.row(first + k)
        if any(similarity(vector, v) > REDUNDANT for _, v in chosen):
            continue
        # The headline is shown above the summary; a sentence that only restates it wastes a line,
        # unless the story has nothing else to say.
        if head_sims[first + k] > HEADLINE_REPEAT and len(pool) > max_sentences:
            continue
        chosen.append((k, vector))
        if len(chosen) == max_sentences:
            break
    return [pool[k][0] for k in sorted(k for k, _ in chosen)]
