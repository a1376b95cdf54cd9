"""Extractive summaries that use every outlet: the core fact from the story's best report, then what the others
add, each fact once.

A sentence scores by its closeness to the story's centroid (what the outlets share), its position in its
article (news puts the gist first), and the facts it carries (figures, places, sources). The first sentence is
the best report's best (its lead, as a rule). Then, best first, sentences that add something new: the best
report's own next ones, and another outlet's where it gives a figure or a named source the best report does
not ("according to DeepState", the other side's claim); another outlet's sentence that only says the same
counts for less, and one whose figures are all given already, in much the same words, is the same fact and is
left out. A single article keeps its lead-based summary unless it has a key figure (how much territory, how
many killed, by how many per cent) with who gives it only further down: that sentence then takes the last
place. Only sentences written in the summary's language are used. Sentences are copied verbatim, so numbers
and attributions stay exactly as published; wording.py then credits another outlet's sentence to it and gives
areas in units the reader knows. All stories of a digest are weighed in one sparse matrix (tfidf.py), each
story with its own IDF; only the final pick runs per story.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np

from bot.condense.facts import fact_score, has_attribution, key_figure, name_keys, named_sources, numbers
from bot.condense.prepared import Prepared
from bot.condense.similarity import Vector, similarity
from bot.condense.text import content_words, stem, tokens, written_in
from bot.condense.tfidf import TfIdf, centroid_similarities, row_dots, tfidf
from bot.condense.wording import attributed, with_known_units

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
# What other outlets add (see _Picker): each new figure (two at most) and a new named source lift another
# outlet's sentence; one that adds neither counts for less than the best report's own next sentence. Set by
# hand; OTHER_PLAIN chosen among 0.2-0.65 on the fitting half of news_real_dev (bench/summarize.py), where the
# figures hardly move with the two weights.
W_NEW_NUMBER = 0.6
W_NEW_SOURCE = 0.8
MAX_NOVELTY = 2 * W_NEW_NUMBER + W_NEW_SOURCE
OTHER_PLAIN = 0.35
REDUNDANT_WITH_NEWS = 0.6  # a new figure or source makes a sentence this close to a chosen one still worth it
SAME_FACT = 0.15  # a sentence with only figures already given, this close to a chosen one, repeats its fact

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
        _pick(pool, weights, first, scores, head_sims, max_sentences, docs)
        for pool, first, (docs, _) in zip(pools, firsts, stories, strict=True)
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
    pool: list[_Sentence],
    weights: TfIdf,
    first: int,
    scores: list[float],
    head_sims: list[float],
    max_sentences: int,
    docs: Sequence[Prepared],
) -> list[str]:
    """The best sentences of one story (rows `first`... of `weights`, `scores`, `head_sims`) that add something
    new, in reading order, written out for the reader (see wording.py)."""
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
    lang = docs[0].lang
    picker = _Picker(pool, weights, first, scores, head_sims[first : first + len(pool)], max_sentences, lang)
    chosen = picker.with_key_figure(picker.select())
    outlets = [_outlet(doc) for doc in docs[:MAX_DOCS]]
    written = []
    for k in sorted(chosen, key=lambda k: (pool[k][1], pool[k][2])):
        text, rank, _ = pool[k]
        text = with_known_units(text, lang)
        if outlets[rank] != outlets[0]:
            text = attributed(text, outlets[rank], lang)
        written.append(text)
    return written


def _outlet(doc: Prepared) -> str:
    article = doc.article
    return article.source_name or article.source_key or urlsplit(article.url).hostname or ""


class _Picker:
    """The choice of one story's sentences: the core fact from its best report, then, best first, what adds
    something new (another outlet's number or named source above all), never the same fact twice."""

    def __init__(
        self,
        pool: list[_Sentence],
        weights: TfIdf,
        first: int,
        scores: list[float],
        head_sims: list[float],
        max_sentences: int,
        lang: str,
    ) -> None:
        self.pool, self.weights, self.first, self.scores = pool, weights, first, scores
        self.max_sentences, self.lang = max_sentences, lang
        # The headline is shown above the summary; a sentence that only restates it wastes a line, unless the
        # story has nothing else to say.
        self.restates = [s > HEADLINE_REPEAT and len(pool) > max_sentences for s in head_sims]
        self.has_core = any(rank == 0 for _, rank, _ in pool)
        # What a sentence can gain at most: the order candidates are looked at in, and where looking can stop.
        bound = [s + (MAX_NOVELTY if rank else 0.0) for s, (_, rank, _) in zip(scores, pool, strict=True)]
        self.order = sorted(range(len(pool)), key=lambda k: (-bound[k], pool[k][1], pool[k][2]))
        self.bound = bound
        self._vectors: dict[int, Vector] = {}
        self.known_numbers: set[str] = set()
        self.known_names: set[str] = set()
        self._best: tuple[set[str], set[str]] | None = None

    def best_report(self) -> tuple[set[str], set[str]]:
        """The numbers and names of the best report's sentences (worked out when another outlet's is weighed)."""
        if self._best is None:
            texts = [text for text, rank, _ in self.pool if rank == 0]
            self._best = set().union(*map(numbers, texts)), set().union(*map(name_keys, texts))
        return self._best

    def vector(self, k: int) -> Vector:
        if k not in self._vectors:
            self._vectors[k] = self.weights.row(self.first + k)
        return self._vectors[k]

    def select(self) -> list[int]:
        chosen: list[int] = []
        while len(chosen) < self.max_sentences:
            best, best_gain = -1, float("-inf")
            for k in self.order:
                if self.bound[k] <= best_gain:
                    break
                gain = None if k in chosen else self.gain(k, chosen)
                if gain is not None and gain > best_gain:
                    best, best_gain = k, gain
            if best < 0 and not chosen and self.has_core:
                self.has_core = False  # nothing of the best report may stand (a restated headline): any core
                continue
            if best < 0:
                break
            chosen.append(best)
            self.known_numbers |= numbers(self.pool[best][0])
            self.known_names |= name_keys(self.pool[best][0])
        return chosen

    def gain(self, k: int, chosen: list[int]) -> float | None:
        """What sentence k adds to `chosen`, or None when it may not be added."""
        text, rank, _ = self.pool[k]
        if self.restates[k] or (not chosen and rank and self.has_core) or not written_in(text, self.lang):
            return None
        overlap = max((similarity(self.vector(k), self.vector(j)) for j in chosen), default=0.0)
        if not rank:
            return None if overlap > REDUNDANT else self.scores[k]
        figures, sources = numbers(text), named_sources(text)
        # Another outlet's sentence with the same figure in much the same words is the same fact again (the
        # best report, written by one hand, does not repeat itself without adding something).
        if figures and figures <= self.known_numbers and overlap > SAME_FACT:
            if all(source & self.known_names for source in sources):
                return None
        # What the others add is what the best report does not say: where it gives a figure or a source
        # further down, its own sentence (no credit needed) is the better carrier.
        best_numbers, best_names = self.best_report()
        new_numbers = len(figures - self.known_numbers - best_numbers)
        new_source = any(not source & (self.known_names | best_names) for source in sources)
        novelty = W_NEW_NUMBER * min(new_numbers, 2) + W_NEW_SOURCE * new_source
        # Another outlet's different figure or source is worth a sentence that otherwise says much the same.
        if overlap > (REDUNDANT_WITH_NEWS if novelty else REDUNDANT):
            return None
        return self.scores[k] + novelty if novelty else self.scores[k] * OTHER_PLAIN

    def with_key_figure(self, chosen: list[int]) -> list[int]:
        """`chosen`, with the story's key figure and who gives it in place of the last pick when no chosen
        sentence has a key figure and a later one has both: a digest is read for how much and how many,
        on whose word."""
        if self.max_sentences < 2 or not chosen or any(key_figure(self.pool[k][0]) for k in chosen):
            return chosen
        kept = chosen if len(chosen) < self.max_sentences else chosen[:-1]
        candidates = [
            k
            for k, (text, _, _) in enumerate(self.pool)
            if k not in chosen
            and not self.restates[k]
            and key_figure(text)
            and has_attribution(text)
            and written_in(text, self.lang)
            and all(similarity(self.vector(k), self.vector(j)) <= REDUNDANT for j in kept)
        ]
        if not candidates:
            return chosen
        return [*kept, max(candidates, key=self.scores.__getitem__)]
