"""Extractive summaries: the few sentences that say most of what a story's articles agree on.

A sentence scores by its closeness to the story's centroid (what the outlets share), its position in its
article (news puts the gist first), and the facts it carries (figures, places, sources). Sentences are taken
best first while they add something new, then put back in reading order. Sentences are copied verbatim, so
numbers and attributions stay exactly as published.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.condense.facts import fact_score
from bot.condense.prepared import Prepared
from bot.condense.similarity import TermWeights, Vector, add_into, normalized, similarity, vectorize
from bot.condense.text import content_words, stem, tokens

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


@dataclass(slots=True)
class _Candidate:
    text: str
    doc_rank: int
    position: int
    vector: Vector
    score: float = 0.0


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


def _rank_discount(c: _Candidate) -> float:
    """Sentences of less relevant articles count for less."""
    return 1.0 + 0.15 * c.doc_rank


def summarize(docs: Sequence[Prepared], *, max_sentences: int = 3, headline: str = "") -> list[str]:
    """Up to `max_sentences` sentences of the articles `docs` (most relevant first), in reading order."""
    if max_sentences <= 0:
        return []
    raw: list[tuple[str, int, int]] = []
    for rank, doc in enumerate(docs[:MAX_DOCS]):
        for pos, sentence in enumerate(doc.sentences):
            raw.append((sentence, rank, pos))
    usable = [r for r in raw if _usable(r[0])]
    # A teaser-only article may have nothing of normal length: fall back to whatever text there is.
    pool = usable or [r for r in raw if any(c.isalpha() for c in r[0])][:max_sentences]
    if not pool:
        return []
    feats = [_terms(text) for text, _, _ in pool]
    weights = TermWeights.fit(feats)
    candidates = [
        _Candidate(text=text, doc_rank=rank, position=pos, vector=vectorize(f, weights))
        for (text, rank, pos), f in zip(pool, feats, strict=True)
    ]
    centroid_sum: Vector = {}
    for c in candidates:
        add_into(centroid_sum, c.vector)
    centroid = normalized(centroid_sum)
    head_vec = vectorize(_terms(headline), weights) if headline else {}
    for c in candidates:
        c.score = (
            W_CENTRALITY * similarity(c.vector, centroid) + W_POSITION * math.exp(-c.position / POSITION_DECAY)
        ) / _rank_discount(c)
    # Facts can lift a sentence by at most W_FACTS: only sentences within that reach of the leaders are
    # worth the regular expressions.
    bar = sorted((c.score for c in candidates), reverse=True)[min(len(candidates), 4 * max_sentences) - 1]
    for c in candidates:
        if c.score + W_FACTS / _rank_discount(c) >= bar:
            c.score += W_FACTS * min(fact_score(c.text), 2.0) / 2.0 / _rank_discount(c)

    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.score, c.doc_rank, c.position)):
        if any(similarity(c.vector, s.vector) > REDUNDANT for s in chosen):
            continue
        # The headline is shown above the summary; a sentence that only restates it wastes a line,
        # unless the story has nothing else to say.
        if head_vec and similarity(c.vector, head_vec) > HEADLINE_REPEAT and len(candidates) > max_sentences:
            continue
        chosen.append(c)
        if len(chosen) == max_sentences:
            break
    chosen.sort(key=lambda c: (c.doc_rank, c.position))
    return [c.text for c in chosen]
