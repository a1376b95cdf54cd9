"""The message catalogue: every message in en, uk and ru, each with the same fields to fill."""

from __future__ import annotations

import string

import pytest

from bot.i18n import LANGS, MESSAGES, duration, lang_key, t
from tests.support.language import catalogue_keys, english_words


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_is_in_every_language_with_the_same_fields(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == set(LANGS)
    assert all(entry[lang].strip() for lang in LANGS)
    assert len({frozenset(_fields(entry[lang])) for lang in LANGS}) == 1


@pytest.mark.parametrize("prefix", ["lang", "story_in", "story_from"])
@pytest.mark.parametrize("code", [*LANGS, "other", "pl", ""])
def test_every_language_has_a_name_and_marks(prefix: str, code: str) -> None:
    assert t("uk", lang_key(prefix, code))  # a language the catalogue does not know is "other"


@pytest.mark.parametrize("lang", ["uk", "ru"])
@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_ukrainian_and_russian_messages_hold_no_english(key: str, lang: str) -> None:
    text = MESSAGES[key][lang]
    filled = text.format(**dict.fromkeys(_fields(text), "7"))
    assert english_words(filled) == [], filled
    assert catalogue_keys(filled) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("seconds", "en", "uk", "ru"),
    [(0, "0 s", "0 с", "0 с"), (36.9, "36 s", "36 с", "36 с"), (60, "1 min", "1 хв", "1 мин"),
     (3599, "59 min", "59 хв", "59 мин"), (7200, "2 h", "2 год", "2 ч"), (3 * 86400 + 5, "3 d", "3 дн.", "3 дн."),
     (-5, "0 s", "0 с", "0 с")],
)  # fmt: skip
def test_durations_are_in_the_readers_language(seconds: float, en: str, uk: str, ru: str, lang: str) -> None:
    assert duration(seconds, lang) == {"en": en, "uk": uk, "ru": ru}[lang]
