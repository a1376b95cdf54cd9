"""Cleaning, language detection, sentence splitting and stems on real uk/ru/en sentences."""

from __future__ import annotations

import pytest

from bot.condense.text import clean_text, content_words, detect_lang, split_sentences, stem, tokens


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Сили оборони просунулися на Курщині, повідомив головнокомандувач ЗСУ.", "uk"),
        ("Силы обороны продвинулись в Курской области, сообщил главнокомандующий ВСУ.", "ru"),
        ("Ukrainian forces advanced in Russia's Kursk region, the commander said.", "en"),
        ("Ракета влучила в будинок та гараж", "uk"),  # no і/ї/є: decided by common words and letters
        ("Ракета попала в жилой дом, есть пострадавшие", "ru"),
        ("الجيش الأوكراني يتقدم في منطقة كورسك", "other"),
        ("12 345 — 678", "other"),
    ],
    ids=["uk", "ru", "en", "uk-no-marks", "ru-no-marks", "arabic", "digits"],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Президент В. Зеленський провів нараду зі Ставкою. Обговорили ситуацію на фронті.",
            ["Президент В. Зеленський провів нараду зі Ставкою.", "Обговорили ситуацію на фронті."],
        ),
        (
            "Евакуювали 1.5 тис. людей з прикордоння. Ще 121 тис. осіб чекають на евакуацію. Роботу продовжать.",
            [
                "Евакуювали 1.5 тис. людей з прикордоння.",
                "Ще 121 тис. осіб чекають на евакуацію.",
                "Роботу продовжать.",
            ],
        ),
        (
            "Потери составили около 2 млн. Рублей не хватает. Об этом сообщил г-н Петров в 2023 г. на брифинге.",
            [
                "Потери составили около 2 млн.",
                "Рублей не хватает.",
                "Об этом сообщил г-н Петров в 2023 г. на брифинге.",
            ],
        ),
        (
            "Mr. Smith met Dr. Jones in St. Petersburg. The U.S. Army said 1.5 million shells were sent.",
            ["Mr. Smith met Dr. Jones in St. Petersburg.", "The U.S. Army said 1.5 million shells were sent."],
        ),
        (
            "«Ми не відступимо», — сказав він. «Наступ триває!» Бої не вщухають.",
            ["«Ми не відступимо», — сказав він.", "«Наступ триває!»", "Бої не вщухають."],
        ),
        (
            "He said: \"We will hold the line.\" Then he left.",
            ["He said: \"We will hold the line.\"", "Then he left."],
        ),
        (
            "Заголовок без крапки\nПерше речення абзацу. Друге речення",
            ["Заголовок без крапки", "Перше речення абзацу.", "Друге речення"],
        ),
    ],
    ids=["uk-initial", "uk-thousands", "ru-abbrev", "en-titles", "uk-quotes", "en-quote", "paragraphs"],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_lowercased_text() -> None:
    # RIA's corpus is lower-cased: sentence starts cannot be told by capitals.
    text = (
        "москва, 1 дек — риа новости. около 60 тысяч литров нефти вытекли из нефтепровода компании в провинции "
        "альберта, сообщил регулятор. инцидент произошел в минувший четверг в 350 км к северу от эдмонтона. "
        "по данным регулятора, компания подала заявление."
    )
    assert len(split_sentences(text)) == 4


def test_clean_text_removes_markup_and_boilerplate() -> None:
    raw = (
        "<p>Сили оборони збили 24 дрони&nbsp;&mdash; Повітряні сили.</p>"
        "<p>Читайте також: Як минула ніч у Києві</p><p>Фото: Getty Images</p>"
        "<script>var x = 1;</script><p>Постраждалих немає.</p>\nBy John Smith\nhttps://t.me/channel"
    )
    assert clean_text(raw) == "Сили оборони збили 24 дрони — Повітряні сили.\nПостраждалих немає."


@pytest.mark.parametrize("text", ["", "   ", "<div></div>", "\x00\x01"])
def test_clean_text_empty(text: str) -> None:
    assert clean_text(text) == ""
    assert split_sentences(clean_text(text)) == []


def test_numbers_are_normalised() -> None:
    assert tokens("about 1,000 km² and 1.000 km and 1000; 2,5 тис.") == [
        "about", "1000", "km²", "and", "1000", "km", "and", "1000", "2.5", "тис",
    ]


@pytest.mark.parametrize(
    ("forms", "lang"),
    [
        (["Курської", "Курська", "Курськ"], "uk"),
        (["Курской", "Курская", "Курск"], "ru"),
        (["attacks", "attacked", "attacking", "attack"], "en"),
        (["області", "область", "областю"], "uk"),
    ],
)
def test_stem_merges_forms(forms: list[str], lang: str) -> None:
    assert len({stem(f.lower()) for f in forms}) == 1, lang


def test_content_words_drop_stopwords() -> None:
    assert content_words(tokens("The forces of Ukraine and the army, 5 a")) == ["forces", "ukraine", "army", "5"]
