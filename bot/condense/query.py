"""Topic filters for `/summary <topic>` and per-chat filters: a place or name matched across Ukrainian, Russian
and English."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.condense.lexicon import STOPWORDS
from bot.condense.names import first_vowel, key_variants, name_key
from bot.condense.text import clean_text, stem
from bot.domain import Article

QUERY_TEXT_CHARS = 4000  # a topic that is not in the headline or the opening is not what the article is about
_WORD = re.compile(r"\w+(?:['’ʼ-]\w+)*")
# Generic words people add to a place ("Kursk region"); the article may name the region differently.
_GENERIC = frozenset(
    "region oblast province district city town village area front direction область області обл район місто "
    "село регіон напрямок напрям город регион направление".split()
)
MIN_PREFIX_KEY = 4


class ArticleWords:
    """What a topic is looked for in: the stems and name keys of an article's title, teaser and opening."""

    __slots__ = ("keys", "stems")

    def __init__(self, stems: set[str], keys: set[tuple[str, str]]) -> None:
        self.stems, self.keys = stems, keys

    @classmethod
    def of(cls, article: Article) -> ArticleWords:
        return cls.of_text(f"{article.title}\n{article.summary}\n{clean_text(article.text[:QUERY_TEXT_CHARS])}")

    @classmethod
    def of_text(cls, text: str) -> ArticleWords:
        words = _WORD.findall(text)
        keys = {(name_key(w), first_vowel(w) if w[0].isupper() else "") for w in words}
        return cls({stem(w.lower()) for w in words}, keys)


class Query:
    """A parsed topic: every term must be found, by stem or by name skeleton."""

    def __init__(self, text: str) -> None:
        # Split as an article's words are (ArticleWords): what is left of "🔥", "#Kursk" or "%" is what can match.
        words = [
            w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and w not in _GENERIC and len(w.strip("_")) > 1
        ]
        self.terms: list[tuple[str, tuple[str, ...], str]] = [
            (stem(w), key_variants(name_key(w)), first_vowel(w)) for w in words
        ]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches(self, article: Article) -> bool:
        return self.found_in(ArticleWords.of(article))

    def found_in(self, words: ArticleWords) -> bool:
        return all(self._term_found(term, words.stems, words.keys) for term in self.terms)

    @staticmethod
    def _term_found(
        term: tuple[str, tuple[str, ...], str], stems: set[str], keys: set[tuple[str, str]]
    ) -> bool:
        term_stem, variants, vowel = term
        if term_stem in stems:
            return True
        for key, word_vowel in keys:
            if key.startswith(variants[0]) and len(variants[0]) >= MIN_PREFIX_KEY:
                return True
            # Region forms (Курщина, Донеччина) share a shorter prefix with their place.
            if any(key.startswith(v) and len(v) >= MIN_PREFIX_KEY - 1 for v in variants[1:]):
                return True
            # Short names (Kyiv, Sumy) must match whole, be capitalised and agree on their first vowel.
            if word_vowel and key == variants[0] and word_vowel == vowel:
                return True
        return False


def matches_query(article: Article, query: str) -> bool:
    """Whether the article is about `query` (an empty query matches everything)."""
    parsed = Query(query)
    return not parsed or parsed.matches(article)


def searchable(topic: str) -> bool:
    """Whether `topic` has a word to look for: not only punctuation, symbols, emoji, single letters, stop words
    or generic words such as "region"."""
    return bool(Query(topic))


def filter_conflicts(include: Sequence[str], exclude: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs (kept, hidden) of an `include` topic whose every story an `exclude` topic removes: the kept
    topic's own words name the hidden one ("Kursk" and "Курськ", "Kursk region" and "Kursk"), matched as a
    query is, across uk/ru/en. Such a filter can only ever show nothing about the kept topic."""
    hiding = [(topic, Query(topic)) for topic in exclude]
    # Capitalised, as a name in a headline would be: a user who types "київ" means the city.
    return [
        (kept, hidden)
        for kept in include
        for hidden, query in hiding
        if query and query.found_in(ArticleWords.of_text(kept.title()))
    ]


class TopicFilter:
    """A chat's standing filters: keep stories about any `include` topic (all, when there is none), drop
    stories about any `exclude` topic. Topics are parsed like a query; one that parses to nothing is ignored.

    A story is about a topic when its headline names it or at least half of its reports do (title, teaser
    and opening, as for a query): a report on Kursk that mentions a meeting "in Kyiv" is not about Kyiv.
    """

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> None:
        self.include = [q for q in map(Query, include) if q]
        self.exclude = [q for q in map(Query, exclude) if q]

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def keeps(self, headline: str, reports: Sequence[Article]) -> bool:
        """Whether the story with `headline` made of `reports` (one per outlet's own text) passes."""
        return self.keeps_words(ArticleWords.of_text(headline), [ArticleWords.of(a) for a in reports])

    def keeps_words(self, head: ArticleWords, words: Sequence[ArticleWords]) -> bool:
        """`keeps`, given the words of the headline and of the reports (worked out once for many chats)."""

        def about(q: Query) -> bool:
            return q.found_in(head) or 2 * sum(q.found_in(w) for w in words) >= max(len(words), 1)

        if any(map(about, self.exclude)):
            return False
        return not self.include or any(map(about, self.include))
