"""Summaries that use every outlet: the core fact from the best report, what the others add (credited), never
the same fact twice, one language; single articles keep their lead but carry a later key figure; areas in
units the reader knows. Every story here is written for these tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.condense import build_stories
from bot.condense.facts import key_figure, named_sources, numbers
from bot.condense.names import name_key
from bot.condense.prepared import Prepared, prepare_all
from bot.condense.summarize import summarize
from bot.condense.text import written_in
from bot.condense.wording import attributed, with_known_units
from bot.domain import Article
from tests.condense.conftest import NOW


@dataclass(frozen=True)
class Report:
    outlet: str
    text: str


def _docs(lang: str, *reports: Report) -> list[Prepared]:
    """The reports as prepared articles, the best report first (as the engine orders a story's articles)."""
    articles = [
        Article(url=f"https://{k}.example/{lang}", title="", text=r.text, published=NOW, source_key=r.outlet,
                source_name=r.outlet, lang=lang)
        for k, r in enumerate(reports)
    ]
    return prepare_all(articles)


def _figures(sentence: str) -> set[str]:
    return set(numbers(sentence))


# (language, best report, other reports, the credit an added sentence ends with, a figure only another outlet
# gives, a figure both give)
MULTI_OUTLET = [
    pytest.param(
        "uk",
        Report(
            "Суспільне",
            "Уночі 14 березня російські війська атакували Одесу ударними дронами, пошкоджено портову "
            "інфраструктуру та склади. Сили протиповітряної оборони збили 31 з 35 безпілотників, повідомили в "
            "Повітряних силах ЗСУ. На місці влучання працюють рятувальники та поліція, вони ліквідували пожежу.",
        ),
        [
            Report(
                "Укрінформ",
                "Повітряні сили повідомили, що з 35 ворожих дронів над Одесою вдалося збити 31 безпілотник. "
                "За даними Одеської обласної військової адміністрації, пошкоджено 12 житлових будинків у місті. "
                "Міноборони Росії заявило, що уразило військові об'єкти в порту Одеси.",
            ),
        ],
        ", повідомляє Укрінформ.",
        "12",
        "35",
        id="uk",
    ),
    pytest.param(
        "ru",
        Report(
            "РБК-Украина",
            "В Харькове в результате удара управляемой авиабомбы пострадали 15 человек, сообщил глава "
            "областной администрации Олег Синегубов. Бомба попала в многоэтажный жилой дом в Салтовском районе "
            "города. На месте удара продолжают работать спасатели и медики, разбирают завалы.",
        ),
        [
            Report(
                "Интерфакс-Украина",
                "По данным мэра Игоря Терехова, число пострадавших в Харькове после удара выросло до 18 человек. "
                "Глава администрации Олег Синегубов сообщил, что в Харькове пострадали 15 человек. "
                "Авиабомба попала в жилой квартал в Салтовском районе города в середине дня.",
            ),
        ],
        ", сообщает Интерфакс-Украина.",
        "18",
        "15",
        id="ru",
    ),
    pytest.param(
        "en",
        Report(
            "The Kyiv Independent",
            "Ukrainian forces have withdrawn from the village of Krasnohorivka after weeks of heavy fighting, "
            "the General Staff said on Tuesday. The village west of Donetsk had about 1,500 residents before "
            "the full-scale invasion. Fighting continues on the outskirts as Ukrainian units hold new positions.",
        ),
        [
            Report(
                "Reuters",
                "Ukraine's General Staff said its forces left Krasnohorivka, a village that had 1,500 residents "
                "before the war. Russia's Defence Ministry said its troops had taken full control of the village "
                "and killed up to 140 Ukrainian soldiers in the past day. Neither claim could be independently "
                "verified by Reuters journalists in the area.",
            ),
        ],
        ", Reuters reports.",
        "140",
        "1500",
        id="en",
    ),
]


@pytest.mark.parametrize(("lang", "best", "others", "credit", "added", "shared"), MULTI_OUTLET)
def test_several_outlets_core_from_best_then_what_others_add_credited(
    lang: str, best: Report, others: list[Report], credit: str, added: str, shared: str
) -> None:
    docs = _docs(lang, best, *others)
    summary = summarize(docs, max_sentences=3)
    assert 2 <= len(summary) <= 3
    # The core fact: the best report's lead, as published and uncredited (its outlet heads the story's sources).
    assert summary[0] == docs[0].sentences[0]
    # What another outlet adds: its different figure, credited to it in the summary's language.
    additions = [s for s in summary if added in _figures(s)]
    assert additions and all(s.endswith(credit) for s in additions)
    # Only sentences another outlet wrote are credited, and only to that outlet.
    own = set(docs[0].sentences)
    assert all(s in own for s in summary if not s.endswith(credit))
    # Never the same fact twice: no figure stands in two sentences, and the one both outlets give is there once.
    figures = [f for s in summary for f in _figures(s)]
    assert len(figures) == len(set(figures))
    assert sum(shared in _figures(s) for s in summary) <= 1
    assert all(written_in(s, lang) for s in summary)


def test_the_other_sides_claim_is_taken_and_credited() -> None:
    best = Report(
        "Українська правда",
        "Сили оборони відбили 14 атак російських військ на Покровському напрямку за минулу добу, повідомив "
        "Генштаб ЗСУ. Найзапекліші бої тривали поблизу Мирнограда та Новогродівки протягом усього дня. "
        "Ситуація на напрямку залишається складною, але контрольованою, зазначають у Генштабі.",
    )
    other = Report(
        "Радіо Свобода",
        "Міноборони Росії заявило про захоплення села Новогродівка на Покровському напрямку, проте українські "
        "військові це заперечують. Сили оборони відбили 14 атак на Покровському напрямку, повідомив Генштаб ЗСУ.",
    )
    summary = summarize(_docs("uk", best, other), max_sentences=3)
    claim = [s for s in summary if "Міноборони Росії" in s]
    assert claim == [
        "Міноборони Росії заявило про захоплення села Новогродівка на Покровському напрямку, проте українські "
        "військові це заперечують, повідомляє Радіо Свобода."
    ]
    # The other outlet's restatement of the General Staff's figure is the same fact: not taken.
    assert sum("14" in _figures(s) for s in summary) == 1


def test_a_sentence_in_another_language_is_never_used() -> None:
    best = Report(
        "Суспільне",
        "Президент провів нараду з командувачами щодо ситуації на фронті та постачання зброї. \"We will hold "
        "the line with 300 new armoured vehicles arriving this spring,\" the president wrote in English. "
        "Окремо обговорили відновлення енергетики після нічних ударів по підстанціях.",
    )
    other = Report(
        "Укрінформ",
        "Україна отримає 300 нових бронемашин від партнерів до кінця весни, заявив президент після наради. "
        "Ukraine expects 300 new armoured vehicles from its partners by the end of the spring, he added.",
    )
    summary = summarize(_docs("uk", best, other), max_sentences=3)
    assert summary and all(written_in(s, "uk") for s in summary)
    assert not any("armoured" in s for s in summary)


def test_stories_credit_other_outlets_end_to_end() -> None:
    best, (other,) = MULTI_OUTLET[2].values[1], MULTI_OUTLET[2].values[2]
    articles = [
        Article(url=f"https://{name}.example/1", title=title, text=r.text, published=NOW, source_key=name,
                source_name=r.outlet, lang="en")
        for name, title, r in (
            ("kyivindependent", "Ukraine withdraws from Krasnohorivka after weeks of fighting", best),
            ("reuters", "Russia says it has taken Krasnohorivka; Ukraine confirms withdrawal", other),
        )
    ]
    [story] = build_stories(articles, lang="en", now=NOW)
    assert [link.name for link in story.sources] == ["The Kyiv Independent", "Reuters"]
    assert story.sentences[0] == prepare_all(articles[:1])[0].sentences[0]
    assert any("140" in s and s.endswith(", Reuters reports.") for s in story.sentences)


KURSK_LEAD = (
    "Ukrainian troops are still holding positions in Russia's Kursk region, the General Staff said on Monday.",
    "Commanders on the ground describe the fighting there as intense and costly for both sides.",
    "Russian units have brought in reinforcements and North Korean troops from other parts of the front.",
    "Drone strikes continue on both sides of the border, with villages evacuated in the area.",
)
KURSK_FIGURE = (
    "Ukraine now holds about 300 square miles of the region, a quarter less than in August, according to the "
    "Institute for the Study of War."
)
KURSK_TAIL = "Analysts expect the fighting in the region to continue well into the spring and summer."


def test_a_single_article_keeps_its_lead_and_carries_a_later_key_figure() -> None:
    docs = _docs("en", Report("Kyiv Post", " ".join([*KURSK_LEAD, KURSK_FIGURE, KURSK_TAIL])))
    assert docs[0].sentences[4] == KURSK_FIGURE  # the fifth sentence
    summary = summarize(docs, max_sentences=3)
    assert summary[:2] == list(KURSK_LEAD[:2])
    assert summary[2] == KURSK_FIGURE.replace("300 square miles", "300 square miles (≈ 780 km²)")


def test_a_lead_with_a_key_figure_stays_lead_based() -> None:
    lead = (
        "Russian strikes on Zaporizhzhia killed 4 people and wounded 11 overnight, the regional governor said.",
        *KURSK_LEAD[1:3],
    )
    docs = _docs("en", Report("Kyiv Post", " ".join([*lead, KURSK_LEAD[3], KURSK_FIGURE])))
    assert summarize(docs, max_sentences=3) == list(lead)


def test_a_later_figure_nobody_vouches_for_does_not_displace_the_lead() -> None:
    unsourced = "Ukraine now holds about 300 square miles of the region, a quarter less than in August."
    docs = _docs("en", Report("Kyiv Post", " ".join([*KURSK_LEAD, unsourced, KURSK_TAIL])))
    assert summarize(docs, max_sentences=3) == list(KURSK_LEAD[:3])


def test_a_ukrainian_reader_gets_square_miles_in_km2() -> None:
    text = (
        "Українські військові досі утримують позиції в Курській області Росії, повідомив Генштаб у понеділок. "
        "Командири на місці описують бої як інтенсивні та виснажливі для обох сторін. "
        "Росіяни перекинули підкріплення та північнокорейських військових з інших ділянок фронту. "
        "Удари дронів тривають по обидва боки кордону, з прикордонних сіл евакуюють людей. "
        "Україна контролює близько 300 квадратних миль регіону, на чверть менше, ніж у серпні, за даними ISW."
    )
    summary = summarize(_docs("uk", Report("Укрінформ", text)), max_sentences=3)
    assert any("300 квадратних миль (≈ 780 км²)" in s for s in summary)


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("Ukraine holds about 300 sq mi of Kursk region.", "en",
         "Ukraine holds about 300 sq mi (≈ 780 km²) of Kursk region."),
        ("It lost 1,200 square miles in a year.", "en", "It lost 1,200 square miles (≈ 3,100 km²) in a year."),
        ("Україна втратила 2,5 квадратних милі за тиждень.", "uk",
         "Україна втратила 2,5 квадратних милі (≈ 6,5 км²) за тиждень."),
        ("Україна утримує 300 квадратних миль.", "uk", "Україна утримує 300 квадратних миль (≈ 780 км²)."),
        ("Украина удерживает 4 тыс. квадратных миль.", "ru",
         "Украина удерживает 4 тыс. квадратных миль (≈ 10 000 км²)."),
        ("Россия заняла 30 кв. миль.", "ru", "Россия заняла 30 кв. миль (≈ 78 км²)."),
        ("Ukraine controls 1,000 square kilometers of Kursk.", "en",
         "Ukraine controls 1,000 square kilometers (≈ 390 sq mi) of Kursk."),
        ("Russia gained 15 km² last week.", "en", "Russia gained 15 km² (≈ 5.8 sq mi) last week."),
        # Both units already given, or a reader of km² reading km²: as published.
        ("It holds 1,000 sq km (386 sq miles) of Kursk.", "en", "It holds 1,000 sq km (386 sq miles) of Kursk."),
        ("ЗСУ контролюють 1000 км² Курщини.", "uk", "ЗСУ контролюють 1000 км² Курщини."),
        ("Troops advanced 3 km near Sudzha.", "en", "Troops advanced 3 km near Sudzha."),
    ],
)
def test_areas_in_units_the_reader_knows(sentence: str, lang: str, expected: str) -> None:
    assert with_known_units(sentence, lang).replace("\u00a0", " ") == expected


def test_square_miles_to_km2_is_the_published_figure_converted() -> None:
    assert with_known_units("A 2.5 sq mi area.", "en") == "A 2.5 sq mi (≈ 6.5 km²) area."


@pytest.mark.parametrize(
    ("sentence", "outlet", "lang", "expected"),
    [
        ("Russia claims 140 were killed.", "Reuters", "en", "Russia claims 140 were killed, Reuters reports."),
        ("Загинули двоє людей.", "Укрінформ", "uk", "Загинули двоє людей, повідомляє Укрінформ."),
        ("Пострадали 18 человек.", "РБК-Украина", "ru", "Пострадали 18 человек, сообщает РБК-Украина."),
        ('He said: "We hold the line."', "Reuters", "en", 'He said: "We hold the line," Reuters reports.'),
        ("«Ми тримаємо оборону.»", "Суспільне", "uk", "«Ми тримаємо оборону», — повідомляє Суспільне."),
        ("Хто відповість за це?", "Суспільне", "uk", "Хто відповість за це? (повідомляє Суспільне)"),
        ("Teaser without a full stop", "BBC", "en", "Teaser without a full stop, BBC reports."),
        # The sentence credits its outlet already; no outlet name, nothing to credit; a language we have no words for.
        ("Reuters could not verify the claim.", "Reuters", "en", "Reuters could not verify the claim."),
        ("Загинули двоє людей.", "", "uk", "Загинули двоє людей."),
        ("Zginęły dwie osoby.", "PAP", "other", "Zginęły dwie osoby. (PAP)"),
    ],
)
def test_attribution_names_the_outlet_that_wrote_the_sentence(
    sentence: str, outlet: str, lang: str, expected: str
) -> None:
    assert attributed(sentence, outlet, lang) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Air defences shot down 24 of 28 drones.", {"24", "28"}),
        ("Ukraine controls 1,000 km², or 1000 square kilometres.", {"1000"}),
        ("Евакуйовано 121 тис. мешканців, тобто 121 000 людей.", {"121000"}),
        ("Втрати оцінюють у 1,5 млн доларів.", {"1500000"}),
        ("Since 2022 the town has been shelled, most recently on Aug. 12 and 13 серпня.", set()),
        ("No figures here at all.", set()),
    ],
)
def test_numbers_are_figures_normalised_without_years_or_dates(sentence: str, expected: set[str]) -> None:
    assert set(numbers(sentence)) == expected


def _keys(*names: str) -> frozenset[str]:
    return frozenset(name_key(n) for n in names)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("According to DeepState, Ukrainian units advanced 3 km.", [_keys("DeepState")]),
        ("Russian forces advanced near Pokrovsk, the ISW said on Monday.", [_keys("ISW")]),
        ("Fighting continues, said Syrskyi.", [_keys("Syrskyi")]),
        ("За даними Генштабу, відбито 14 атак.", [_keys("Генштабу")]),
        ("Збито 24 дрони, повідомили в Повітряних силах ЗСУ.", [_keys("Повітряних")]),
        ("Сирський заявив, що бої тривають.", [_keys("Сирський")]),
        ("По словам Сырского, бои продолжаются.", [_keys("Сырского")]),
        ("Погибли 12 человек, сообщает ТАСС.", [_keys("ТАСС")]),
        # A title names no one; a weak name counts only alone.
        ("President Zelensky said the talks failed.", [_keys("Zelensky")]),
        ("За даними ЗСУ, ворог втратив 1200 солдатів.", [_keys("ЗСУ")]),
        # No source: the name after the verb is what was talked about, or nothing is named.
        ("Сирський доповів про ситуацію під Покровськом.", [_keys("Сирський")]),
        ("The think tank estimates that Russia gained 15 square kilometers.", []),
        ("Fighting continues along the front.", []),
    ],
)
def test_named_sources(sentence: str, expected: list[frozenset[str]]) -> None:
    assert list(named_sources(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ukraine holds about 300 square miles of the region.", True),
        ("The strike killed 5 people and wounded 12.", True),
        ("Сили ППО збили 24 з 28 безпілотників.", True),
        ("В результате удара погибли 12 человек.", True),
        ("Grain exports rose 10% in July.", True),
        ("Prices fell 3 per cent.", True),
        ("Росіяни просунулися на 3 км біля Суджі.", True),
        ("Jacob Phillips, 23, was found dead on the beach.", False),
        ("The meeting took place on Aug. 12 in Kyiv.", False),
        ("The talks lasted 3 hours.", False),
        ("Since 2022 the town has been under fire.", False),
    ],
)
def test_key_figures(sentence: str, expected: bool) -> None:
    assert key_figure(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("Сили оборони відбили атаки.", "uk", True),
        ("Бойцы отбили атаки под Покровском.", "uk", False),  # ы: Russian
        ("Бойцы отбили атаки под Покровском.", "ru", True),
        ("Бої тривають під Покровськом.", "ru", False),  # ї, і: Ukrainian
        ("Сирський заслухав командира бригади.", "ru", True),  # no mark either way: one sentence is too little to tell
        ("We will hold the line, the president wrote.", "uk", False),
        ("We will hold the line, the president wrote.", "en", True),
        ("Президент провів нараду.", "en", False),
        ("Anything at all.", "other", True),
    ],
)
def test_written_in(sentence: str, lang: str, expected: bool) -> None:
    assert written_in(sentence, lang) is expected


def test_when_the_best_report_only_restates_the_headline_the_others_still_summarise() -> None:
    headline = "Air defences shot down 31 of 35 drones over Odesa overnight, the air force said"
    best = Report("Suspilne", headline + ".")
    other = Report(
        "Ukrinform",
        "Debris damaged 12 apartment buildings and a school in the city centre, the regional governor said. "
        "Rescuers put out fires at two warehouses in the port area by the morning hours. "
        "Power was restored to most homes in the city by the afternoon, the grid operator said. "
        "Schools in the affected district will teach online for the rest of the week, officials said.",
    )
    summary = summarize(_docs("en", best, other), max_sentences=3, headline=headline)
    assert summary and all(s.endswith(", Ukrinform reports.") for s in summary)
