"""Text basics for uk/ru/en news: cleaning, language, sentences, tokens and light stems."""

from __future__ import annotations

import html
import re
import string
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

from bot.condense.lexicon import (
    ABBREV_NEVER_END,
    ABBREV_SOFT,
    BOILERPLATE_LINE,
    BYLINE,
    CYRILLIC_ENDINGS,
    ENGLISH_ENDINGS,
    MIN_STEM,
    REFLEXIVE_ENDINGS,
    STOPWORDS,
)

# Texts longer than this are cut before any work: a news article never needs more, and a hostile
# multi-megabyte body must not cost quadratic time anywhere downstream.
MAX_TEXT_CHARS = 60_000

_TAG = re.compile(
    r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<[^>]{0,500}>", re.IGNORECASE | re.DOTALL
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^>]{0,500}>", re.IGNORECASE
)
# Agency datelines open the text but say nothing: "москва, 1 дек — риа новости.", "KYIV, Aug 12 (Reuters) -".
_DATELINE = re.compile(
    r"^\s*(?:[^\W\d][\w .'-]{1,30}, \d{1,2} [^\W\d]{3,9}\.?(?: \d{4})?\s*[—–-]+\s*"
    r"(?:риа новости|ria novosti|тасс|интерфакс|укрінформ|уніан|укринформ|униан|reuters|interfax)\.?"
    r"|[A-Z][\w .,'-]{1,40}\((?:Reuters|AP|AFP|CNN|Interfax-Ukraine|Ukrinform)\)\s*[—–-]+)\s*",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
# Only runs that need rewriting match (a lone plain space does not), which keeps the substitution cheap.
_BLANK = r"[ \t\u00a0\u2009\u202f\u200b\r\f\v]"
_SPACES = re.compile(rf"[\t\u00a0\u2009\u202f\u200b\r\f\v]{_BLANK}*| {_BLANK}+")
_SPACE_MARKS = ("  ", "\t", "\u00a0", "\u2009", "\u202f", "\u200b", "\r", "\f", "\v")  # what _SPACES can match
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’ʼ\-]\w+)*")
_EDGE_PUNCT = string.punctuation + "«»„“”‘’—–…·•©®™№§°"
_SEPARATED_NUMBER = re.compile(r"\d[.,]\d")
_THOUSANDS = re.compile(r"[.,](?=\d{3}(?:\D|$))")
_NOT_CYRILLIC = re.compile(r"[^а-яіїєґё]+")
_NOT_LATIN_BYTES = bytes(b for b in range(256) if not ord("a") <= b <= ord("z"))
_NOT_OTHER_LETTERS = re.compile(r"[\W\d_a-zа-яіїєґё]+")  # what remains: letters of other scripts
_UPPER = re.compile(r"[A-ZА-ЯІЇЄҐЁ]")

_UK_MARKS = frozenset("іїєґ")
_RU_MARKS = frozenset("ыэъё")
LETTER_MARKS = {"uk": _UK_MARKS, "ru": _RU_MARKS}  # the letters only one of the two Cyrillic languages writes
_UK_WORDS = frozenset("і та що це як від для які його її україни україна також було буде".split())
_RU_WORDS = frozenset("и что это как от для которые его ее украины украина также было будет".split())


def clean_text(text: str) -> str:
    """Plain article text: HTML remnants, entities, boilerplate lines and bylines removed.

    Paragraphs stay on their own lines so sentence splitting can use them as hard boundaries.
    """
    if not text:
        return ""
    text = text[:MAX_TEXT_CHARS]
    if "<" in text:
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _CONTROL.sub(" ", text)
    # Substring tests are several times faster than the regex scan, and most texts need no rewriting.
    if any(mark in text for mark in _SPACE_MARKS):
        text = _SPACES.sub(" ", text)
    text = text.lstrip()
    dateline = _DATELINE.match(text)
    if dateline:
        text = text[dateline.end() :]
    kept = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or _URL_LINE.match(line) or BOILERPLATE_LINE.match(line) or BYLINE.match(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def detect_lang(text: str) -> str:
    """'uk', 'ru', 'en' or 'other', from letters that only one of the languages uses, then common words."""
    sample = text[:2000].lower()
    # Letters are counted by deleting everything else, which builds no match lists.
    cyr = len(_NOT_CYRILLIC.sub("", sample))
    lat = len(sample.encode("ascii", "ignore").translate(None, _NOT_LATIN_BYTES))
    other = len(_NOT_OTHER_LETTERS.sub("", sample))
    if cyr + lat + other == 0:
        return "other"
    uk = sum(sample.count(ch) for ch in _UK_MARKS)
    ru = sum(sample.count(ch) for ch in _RU_MARKS)
    if cyr >= lat and cyr >= other:
        if uk != ru:
            return "uk" if uk > ru else "ru"
        words = _WORD.findall(sample)
        uk_hits = sum(w in _UK_WORDS for w in words)
        ru_hits = sum(w in _RU_WORDS for w in words)
        return "uk" if uk_hits > ru_hits else "ru"
    if lat > other:
        return "en"
    return "other"


def written_in(sentence: str, lang: str) -> bool:
    """Whether a sentence can stand in a text in `lang` ("uk", "ru", "en"): not in the other script (a quoted
    English tweet in a Ukrainian report), nor with letters only the other Cyrillic language has. A sentence
    without such marks passes: one sentence is too little to tell Ukrainian from Russian by its words."""
    if lang not in ("uk", "ru", "en"):
        return True
    sample = sentence.lower()
    cyr = len(_NOT_CYRILLIC.sub("", sample))
    lat = len(sample.encode("ascii", "ignore").translate(None, _NOT_LATIN_BYTES))
    if lang == "en":
        return lat >= cyr
    if lat > cyr:
        return False
    uk, ru = any(ch in _UK_MARKS for ch in sample), any(ch in _RU_MARKS for ch in sample)
    return uk or not ru if lang == "uk" else ru or not uk


_NEXT_CHAR = re.compile(r"\s*(\S)")
_LAST_WORD = re.compile(r"(\w+(?:\.\w+)*)$")
_BOUNDARY = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'»”“’)\]]*(?=\s)")


def _is_lowercase_text(text: str) -> bool:
    """Some sources (RIA's corpus, lower-cased feeds) have no capitals: casing cannot mark sentence starts."""
    sample = text[:2000]
    letters = len(sample) - sample.count(" ")
    if letters < 40:
        return False
    return len(_UPPER.findall(sample)) / letters < 0.004


def _ends_sentence(text: str, end: int, punct: str, caseless: bool) -> bool:
    """Whether the punctuation run `punct` ending at `end` closes a sentence."""
    following = _NEXT_CHAR.match(text, end)
    if following is None:
        return True
    nxt = following.group(1)
    if punct[0] in "!?…" or punct.startswith("..."):
        # "Why? Because ..." ends; "чи не так?» — запитав він" and "the wait… finally" do not.
        return caseless or not (nxt.islower() or nxt in ",;:»”—–-")
    start = end - len(punct)
    # A word cannot span whitespace: search only the window's last chunk, which saves the regex from trying
    # every position of the window.
    window = text[max(0, start - 40) : start]
    word_match = _LAST_WORD.search(window.rsplit(None, 1)[-1]) if window and not window[-1].isspace() else None
    word = word_match.group(1) if word_match else ""
    low = word.lower()
    if low in ABBREV_NEVER_END:
        return False
    # An initial: "В. Зеленський", "J. Smith".
    if len(word) == 1 and word.isupper() and nxt.isupper():
        return False
    if low in ABBREV_SOFT or low.rstrip(".") in ABBREV_SOFT:
        return nxt.isupper()
    if nxt.isupper() or nxt.isdigit() or nxt in "\"«“„‘'`—–-([":
        return True
    return caseless and nxt.isalpha()


def split_sentences(text: str, limit: int = 0) -> list[str]:
    """Sentences of a cleaned text, in order (the first `limit` only, when given).

    Line breaks are hard boundaries (paragraphs, list items).
    """
    sentences: list[str] = []
    if not text:
        return sentences
    caseless = _is_lowercase_text(text)
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        start = 0
        for m in _BOUNDARY.finditer(para):
            if m.end() - start < 2:
                continue
            if _ends_sentence(para, m.end(), m.group(0), caseless):
                piece = para[start : m.end()].strip()
                if piece:
                    sentences.append(piece)
                    if len(sentences) == limit:
                        return sentences
                start = m.end()
        tail = para[start:].strip()
        if tail:
            sentences.append(tail)
            if len(sentences) == limit:
                return sentences
    return sentences


def words(text: str) -> list[str]:
    """Words in their original case, punctuation trimmed; hyphenated and apostrophe words kept whole.

    Splitting on spaces and trimming is several times faster than a word regex; the two differ only where
    words are glued by punctuation, which rewriting dashes and slashes to spaces mostly covers.
    """
    spaced = text.replace("—", " ").replace("–", " ").replace("/", " ")
    # map/filter keep the per-word loop in C.
    return list(filter(None, map(str.strip, spaced.split(), repeat(_EDGE_PUNCT))))


def tokens(text: str) -> list[str]:
    """Lower-cased words, numbers normalised: "1,000", "1.000" and "1000" meet; "1,5" (decimal comma) is "1.5"."""
    return normalize_words(words(text.lower()), text)


def normalize_words(lowered: list[str], text: str) -> list[str]:
    """Number normalisation of the lower-cased words of `text` (in place, returned for chaining)."""
    if _SEPARATED_NUMBER.search(text):
        lowered[:] = map(number_form, lowered)
    return lowered


@lru_cache(maxsize=100_000)
def number_form(token: str) -> str:
    """A lower-cased token with its number normalised: "1,000" -> "1000", "1,5" -> "1.5"; other tokens as is."""
    if token[0].isdigit() and len(token) > 2 and ("," in token or "." in token):
        return _THOUSANDS.sub("", token).replace(",", ".")
    return token


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light stem: inflection endings removed so case and number forms of one word meet.

    Works for Ukrainian and Russian (shared ending list) and English; numbers pass through.
    """
    if word.isdigit() or len(word) <= MIN_STEM:
        return word
    first = word[0]
    if "а" <= first <= "я" or first in "іїєґё":
        word = word.replace("ё", "е").replace("’", "").replace("'", "").replace("ʼ", "")
        for refl in REFLEXIVE_ENDINGS:
            if word.endswith(refl) and len(word) - 2 >= MIN_STEM + 1:
                word = word[:-2]
                break
        for ending in CYRILLIC_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                return word[: -len(ending)]
        return word
    for ending in ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            if ending in ("ied", "ies"):
                word += "y"
            break
    return word


def content_words(lowered: Sequence[str]) -> list[str]:
    """The tokens that carry meaning: stop words and one-letter words dropped, numbers kept."""
    return [t for t in lowered if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
