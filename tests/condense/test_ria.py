"""Russian news from RIA (lower-cased HTML, shared evaluation data): sentence boundaries and summaries."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.condense import build_stories, clean_text, split_sentences
from bot.domain import Article
from tests.conftest import shared_data_path

NOW = datetime(2014, 12, 1, 12, 0, tzinfo=UTC)

# Sentence starts of whole documents, checked by hand against the text (the agency dateline is removed).
EXPECTED_STARTS = {
    0: [
        "около 60 тысяч литров",
        "согласно информации на сайте регулятора",
        "инцидент произошел в минувший четверг в 350 километрах",
        "по данным представителя регулятора",
        '"из-за вопросов безопасности',
        "как только это станет безопасно",
        "сообщается, что на местности",
    ],
    2: [
        "пожар в одном из цехов",
        "ранее сообщалось, что по адресу 1-ый магистральный тупик, дом 5",
        '"благодаря оперативному прибытию',
    ],
}


def _ria() -> list[dict[str, str]]:
    path = shared_data_path("summ_ru_ria_headlines_tiny") / "ria_20.json"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("index", sorted(EXPECTED_STARTS))
def test_ria_sentence_boundaries(index: int) -> None:
    sentences = split_sentences(clean_text(_ria()[index]["text"]))
    expected = EXPECTED_STARTS[index]
    assert len(sentences) >= len(expected)
    for sentence, start in zip(sentences, expected, strict=False):
        assert sentence.startswith(start)
    # Decimal numbers and times stay inside their sentence.
    assert not any(s[:1].isdigit() for s in sentences)


def test_ria_summaries_are_whole_sentences() -> None:
    docs = _ria()
    assert len(docs) == 20
    for i, doc in enumerate(docs):
        article = Article(
            url=f"https://ria.example/{i}", title=doc["title"], text=doc["text"], published=NOW,
            source_key="ria", source_name="РИА Новости", lang="ru",
        )
        [story] = build_stories([article], lang="ru", now=NOW)
        assert story.lang == "ru"
        assert 1 <= len(story.sentences) <= 3
        body_sentences = set(split_sentences(clean_text(doc["text"])))
        for sentence in story.sentences:
            assert sentence in body_sentences
            assert "<" not in sentence and "&nbsp;" not in sentence
            assert sentence[-1] in '.!?"»…)'
        # The dateline ("москва, 1 дек — риа новости.") is not news.
        assert not any("риа новости." in s for s in story.sentences)
