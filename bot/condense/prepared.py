"""An article as the engine works on it: cleaned once, language known, sentences and vectors cached."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from bot.condense.names import ordinary_openers
from bot.condense.similarity import WordForms, word_forms
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


def prepare_all(articles: Sequence[Article]) -> list[Prepared]:
    """Prepare every article; identical copies (same text from a wire service) are cleaned only once."""
    seen: dict[tuple[str, str, str, str, str], Prepared] = {}
    out: list[Prepared] = []
    for index, article in enumerate(articles):
        key = (article.title, article.text, article.summary, article.lang, article.source_name)
        twin = seen.get(key)
        if twin is None:
            twin = seen[key] = prepare(article, index)
            out.append(twin)
        else:
            out.append(replace(twin, article=article, index=index))
    return out


def _terms(words: list[str], forms: list[WordForms], plain: set[str]) -> list[str]:
    """The features of `words` (with their forms), name keys left out for the words in `plain`."""
    return [t for w, f in zip(words, forms, strict=True) for t in (f.plain if w in plain else f.terms)]


def prepare(article: Article, index: int) -> Prepared:
    title = clean_title(article.title or "", article.source_name or "")
    head = _clean_body(article, HEAD_RAW_CHARS)[:HEAD_CHARS]
    lang = article.lang if article.lang in ("uk", "ru", "en") else ""
    detected = detect_lang(title + " " + head[:LEAD_CHARS])
    # The outlet's declared language is a default; the text itself wins (a uk outlet posting in ru or en).
    if detected != "other" or not lang:
        lang = detected
    # Split once: the lead's words feed the story vector, the head's the near-duplicate test.
    title_words, head_words = words(title), words(head)
    title_forms, head_forms = list(map(word_forms, title_words)), list(map(word_forms, head_words))
    plain = ordinary_openers(title_words, head, head_words)
    # The title is the densest statement of the event: count it twice.
    feats = _terms(title_words, title_forms, plain) * 2 + _terms(head_words[:LEAD_WORDS], head_forms[:LEAD_WORDS], plain)
    return Prepared(
        article=article,
        index=index,
        title=title,
        head=head,
        lang=lang,
        lead_features=feats,
        copy_tokens=list(map(_LOWERED, title_forms + head_forms)),
    )
