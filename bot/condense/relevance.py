"""War or not: how much an article is about the war in and around Ukraine, in Ukrainian, Russian and English.

War news is the fighting, strikes, occupation, casualties, prisoners, mobilisation, sanctions, negotiations and
the war economy. Other news stays other when it names the war in passing: a Ukraine football match, an athlete
who dedicates a win to the army, a central bank's rate rise "because of military spending", fuel prices. So does
another war: strikes in Gaza or Idlib are not this war.

The model reads the headline and the lead (what an article is about is said there) and weighs evidence:
- words of war topics (strikes, captivity, front-line places, ...) and of other topics (sport, culture, weather,
  prices, ...) from the word lists in relevance_words.py, matched by their beginnings so declension does not
  matter; a headline word counts twice;
- whether the report names the theatre at all (Ukraine, Russia, their cities and regions, the front's places, the
  war's leaders): war words with none of it are a feature of their own, which the model learns to hold against;
- each topic's evidence is log-damped (the tenth drone in a report adds little to the first), and a logistic
  regression weighs the topics against each other. It is fitted, deterministically, on hand-written examples
  (relevance_examples.py), never on evaluation data; only THRESHOLD was chosen on the half of the dev set that
  bench/relevance.py keeps for fitting.
So "Ukraine beat Slovakia" is sport with "Ukraine" in it, while "drones hit a refinery" is strikes with a refinery
in it: the other topics outweigh a passing mention of the army, and a report of war topics needs no war word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from bot.condense.relevance_examples import EXAMPLES
from bot.condense.relevance_words import BLOCKERS, OTHER_TOPICS, THEATRE, THEATRE_TOPICS, WAR_TOPICS
from bot.condense.text import words

TOPICS: tuple[str, ...] = (*WAR_TOPICS, *OTHER_TOPICS)
# What the model weighs: each topic's evidence, and war evidence in a report that never names the theatre. Naming
# the theatre is no evidence by itself ("Kyiv's new bridge"): it only tells this war from another.
FEATURES: tuple[str, ...] = (*TOPICS, "war elsewhere")
_WAR = len(WAR_TOPICS)  # the war topics come first in TOPICS
HEADLINE_WEIGHT = 2.0  # the headline is the densest statement of what a report is about
LEAD_CHARS = 800  # past the lead, reports drift into background: "since the invasion began, prices ..."
AMBIGUOUS_WEIGHT = 0.5  # an entry marked "~" in the word lists
# Chosen on the dev set's fitting half by bench/relevance.py (0.470 there): the middle of the range where the lower
# of precision and recall of "war" is highest. Refit it there whenever the word lists or examples change.
THRESHOLD = 0.47
L2 = 1.0  # ridge penalty of the fit: a topic that few examples show cannot take an extreme weight
_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "`": None, "ё": "е"})


@dataclass(frozen=True, slots=True)
class _Entry:
    topic: int  # index into TOPICS; -1 for a word that is no evidence (a blocker, a theatre name)
    weight: float
    theatre: bool  # names where this war is


class _Lexicon:
    """Word beginnings and whole words of every topic; a word takes its longest listed beginning."""

    def __init__(self) -> None:
        self.prefixes: dict[str, _Entry] = {}
        self.exact: dict[str, _Entry] = {}
        lists = [*enumerate({**WAR_TOPICS, **OTHER_TOPICS}.items()), (-1, ("theatre", THEATRE)), (-1, ("", BLOCKERS))]
        for topic, (name, text) in lists:
            for raw in text.split():
                word = raw.rstrip("=~^").translate(_APOSTROPHES)
                weight = 0.0 if topic < 0 else AMBIGUOUS_WEIGHT if "~" in raw else 1.0
                theatre = name == "theatre" or name in THEATRE_TOPICS or "^" in raw
                (self.exact if "=" in raw else self.prefixes)[word] = _Entry(topic, weight, theatre)
        self.longest = max(map(len, self.prefixes))
        self.shortest = min(map(len, self.prefixes))

    def entry(self, word: str) -> _Entry | None:
        word = word.lower().translate(_APOSTROPHES)
        found = self.exact.get(word)
        if found is not None:
            return found
        for size in range(min(len(word), self.longest), self.shortest - 1, -1):
            found = self.prefixes.get(word[:size])
            if found is not None:
                return found
        return None


@cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


@lru_cache(maxsize=200_000)
def _entry(word: str) -> _Entry | None:
    """One word's evidence; news reuses the same few thousand words, so each is looked up once."""
    return _lexicon().entry(word)


def _counts(text: str, weight: float, into: list[float]) -> bool:
    """Adds each topic's evidence in `text` to `into`; whether the text names the theatre."""
    theatre = False
    for word in words(text):
        found = _entry(word)
        if found is not None:
            theatre = theatre or found.theatre
            if found.topic >= 0:
                into[found.topic] += weight * found.weight
    return theatre


def features(title: str, lead: str) -> np.ndarray:
    """FEATURES of a headline and its lead: each topic's damped evidence, and the war evidence again when
    neither names the theatre."""
    hits = [0.0] * len(FEATURES)
    theatre = _counts(title, HEADLINE_WEIGHT, hits)
    theatre = _counts(lead[:LEAD_CHARS], 1.0, hits) or theatre
    hits[-1] = 0.0 if theatre else sum(hits[:_WAR])
    return np.log1p(hits)


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic regression over the topics' evidence."""

    weights: np.ndarray
    bias: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.bias)))

    def feature_weights(self) -> dict[str, float]:
        return dict(zip(FEATURES, map(float, self.weights), strict=True))


def fit(rows: np.ndarray, labels: np.ndarray, *, l2: float = L2, iterations: int = 50) -> Model:
    """L2-penalised logistic regression by Newton's method: deterministic, and exact at its optimum."""
    x = np.hstack([rows, np.ones((len(rows), 1))])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk: it carries how rare war news is among the examples
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - labels) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return Model(weights=w[:-1], bias=float(w[-1]))


def _split_example(text: str) -> tuple[str, str]:
    """An example's headline (its first line) and lead (the rest)."""
    title, _, lead = text.partition("\n")
    return title, lead


@cache
def model() -> Model:
    """The model fitted on the hand-written examples (once per process)."""
    rows = np.array([features(*_split_example(text)) for _, text in EXAMPLES])
    labels = np.array([1.0 if war else 0.0 for war, _ in EXAMPLES])
    return fit(rows, labels)


def war_probabilities(reports: Iterable[tuple[str, str]]) -> np.ndarray:
    """For each (headline, lead), how likely it is war news, 0..1."""
    rows = [features(title, lead) for title, lead in reports]
    if not rows:
        return np.zeros(0)
    return model().probabilities(np.array(rows))


def war_probability(title: str, lead: str) -> float:
    return float(war_probabilities([(title, lead)])[0])


def is_war(title: str, lead: str, threshold: float = THRESHOLD) -> bool:
    return war_probability(title, lead) >= threshold


def keep_war(
    reports: Sequence[tuple[str, str]], sources: Sequence[str], all_relevant: Iterable[str] = ()
) -> list[bool]:
    """Which reports a war-only digest keeps: war news, and everything from a source marked all-relevant."""
    trusted = set(all_relevant)
    probabilities = war_probabilities(r for r, s in zip(reports, sources, strict=True) if s not in trusted)
    scores = iter(probabilities.tolist())
    return [s in trusted or next(scores) >= THRESHOLD for s in sources]
