"""An article as the engine works on it: cleaned once, language known, sentences and vectors cached."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from sys import intern

from bot.condense.names import capitalised_inside, maybe_ordinary, openers
from bot.condense.similarity import WordForms, terms_of, word_forms
from bot.condense.text import clean_text, detect_lang, split_sentences, words
from bot.domain import Article

LEAD_CHARS = 450  # headline + lead decide what the story is; the rest of the body is detail
LEAD_WORDS = 70  # about LEAD_CHARS of text
HEAD_CHARS = 800  # what near-duplicate detection compares: copies share their opening
HEAD_RAW_CHARS = 1500  # raw text cleaned up front to get HEAD_CHARS of clean text (markup and furniture go)
BODY_RAW_CHARS = 4000  # summaries draw on an article's opening; cleaning and splitting a whole long read is waste
SENTENCES_KEPT = 10  # past this, the position prior leaves a sentence no chance against an article's opening

# Feed titles often carry the outlet: "Title - Reuters", "Title | Ukrainska Pravda".
_OPEN_TAG_AT_END = re.compile(r"<[^>]*$")
_LOWERED = attrgetter("lowered")
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+([^|–—-]{2,60})$")


def clean_title(title: str, source_name: str = "") -> str:
    """The title as plain text, without a trailing outlet name ("... - Reuters").

    Only the outlet's own name is removed: "..., – Сирський" names the speaker and must stay.
    """
    title = clean_text(title).replace("\n", " ").strip()
    suffix = _TITLE_SUFFIX.search(title)
    if suffix and source_name:
        tail, name = suffix.group(1).strip().lower(), source_name.strip().lower()
        if tail and (tail in name or name in tail):
            return title[: suffix.start()].rstrip()
    return title


@dataclass(slots=True)
class Prepared:
    article: Article
    index: int
    title: str
    head: str  # the cleaned opening of the text: enough to tell what the article is and whether it is a copy
    lang: str
    lead_features: list[str]
    copy_tokens: list[str]  # what near-duplicate detection compares
    _body: str | None = None
    _sentences: list[str] | None = None

    @property
    def body(self) -> str:
        """The cleaned opening of the text (BODY_RAW_CHARS), cleaned only for the articles a summary reads."""
        if self._body is None:
            self._body = _clean_body(self.article, BODY_RAW_CHARS) if self.head else ""
        return self._body

    @property
    def sentences(self) -> list[str]:
        """Body sentences (the feed teaser stands in when there is no body)."""
        if self._sentences is None:
            self._sentences = split_sentences(self.body, limit=SENTENCES_KEPT)
        return self._sentences


def _clean_body(article: Article, raw_chars: int) -> str:
    """Cleaned text from the first `raw_chars` of the article (its feed teaser when the text is empty)."""
    raw = (article.text or "")[:raw_chars]
    if raw_chars < len(article.text or ""):
        raw = _OPEN_TAG_AT_END.sub("", raw)
    return clean_text(raw) or clean_text(article.summary or "")


_Key = tuple[str, str, str, str, str]


@dataclass(slots=True)
class _Draft:
    """An article cleaned and split, before its features: those wait for the whole batch's capitals."""

    title: str
    head: str
    lang: str
    title_words: list[str]
    head_words: list[str]
    opening: Counter[str]  # how often each word opens a sentence (see names.openers)


def prepare_all(articles: Sequence[Article]) -> list[Prepared]:
    """Prepare every article; identical copies (same text from a wire service) are cleaned only once."""
    drafts: dict[_Key, _Draft] = {}
    keys: list[_Key] = []
    for article in articles:
        key = (article.title, article.text, article.summary, article.lang, article.source_name)
        keys.append(key)
        if key not in drafts:
            drafts[key] = _draft(article)
    # "Fires broke out", "Уночі ...": a word that only ever opens sentences may be an ordinary word, but one
    # capitalised mid-sentence anywhere in the batch is a name, even in the report where it only opens one.
    suspects: set[str] = set().union(*(maybe_ordinary(d.opening) for d in drafts.values()))
    ordinary = suspects.difference(
        *(capitalised_inside(suspects, d.opening, d.title_words + d.head_words) for d in drafts.values())
    )
    done: dict[_Key, Prepared] = {}
    out: list[Prepared] = []
    for index, (article, key) in enumerate(zip(articles, keys, strict=True)):
        twin = done.get(key)
        if twin is None:
            # Popped: a draft's word lists are garbage once its features are made.
            twin = done[key] = _finish(article, index, drafts.pop(key), ordinary)
        else:
            twin = replace(twin, article=article, index=index)
        out.append(twin)
    return out


def _draft(article: Article) -> _Draft:
    title = clean_title(article.title or "", article.source_name or "")
    head = _clean_body(article, HEAD_RAW_CHARS)[:HEAD_CHARS]
    lang = article.lang if article.lang in ("uk", "ru", "en") else ""
    detected = detect_lang(title + " " + head[:LEAD_CHARS])
    # The outlet's declared language is a default; the text itself wins (a uk outlet posting in ru or en).
    if detected != "other" or not lang:
        lang = detected
    # Split once: the lead's words feed the story vector, the head's the near-duplicate test.
    # Interned: the batch's drafts are all alive at once, and most of their words are the same few thousand.
    title_words, head_words = list(map(intern, words(title))), list(map(intern, words(head)))
    return _Draft(title, head, lang, title_words, head_words, openers(title_words, head))


def _forms(words: list[str], plain: set[str]) -> list[WordForms]:
    """The forms of `words`, those in `plain` taken lower-cased so that they make no name key."""
    forms = list(map(word_forms, words))
    for word in plain.intersection(words):
        # Openers are few: list.index finds each in C.
        at = words.index(word)
        while True:
            forms[at] = word_forms(word.lower())
            try:
                at = words.index(word, at + 1)
            except ValueError:
                break
    return forms


def _finish(article: Article, index: int, draft: _Draft, ordinary: set[str]) -> Prepared:
    """`ordinary`: the batch's capitalised words that only ever open sentences."""
    title_forms, head_forms = _forms(draft.title_words, ordinary), _forms(draft.head_words, ordinary)
    # The title is the densest statement of the event: count it twice.
    feats = terms_of(title_forms) * 2 + terms_of(head_forms[:LEAD_WORDS])
    return Prepared(
        article=article,
        index=index,
        title=draft.title,
        head=draft.head,
        lang=draft.lang,
        lead_features=feats,
        copy_tokens=list(map(_LOWERED, title_forms + head_forms)),
    )
