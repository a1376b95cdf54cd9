"""The message catalogue: every message in en, uk and ru, each with the same fields to fill."""

from __future__ import annotations

import string

import pytest

from bot.i18n import LANGS, MESSAGES, lang_key, t


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
