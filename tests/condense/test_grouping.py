"""What makes reports one story, with cases seen on real feeds: weak shared terms (a year, the country's name,
one city) keep reports apart; shared numbers, places and people join them across languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.collect.feeds import parse_feed
from bot.condense import build_stories
from bot.condense.prepared import prepare_all
from bot.condense.similarity import features, is_anchor
from bot.domain import Article, SourceSpec
from tests.conftest import FIXTURES

NOW = datetime(2020, 9, 29, 18, tzinfo=UTC)


def _a(url: str, title: str, text: str, source: str, lang: str) -> Article:
    return Article(url=url, title=title, text=text, published=NOW, source_key=source, source_name=source, lang=lang)


UNRELATED = [
    _a("https://unian.example/agro", "В Україні створять реєстр несумлінних аграріїв",
       "За словами експерта, у 2020 році проблема невиконання зернових контрактів загострилася аномальною посухою.",
       "unian", "uk"),
    _a("https://liga.example/chronicle", "Хроника войны России против Украины: сентябрь 2020 года",
       "Что происходит во временно оккупированных РФ Луганске и Донецке, на линии разграничения и около нее, а "
       "также общая ситуация вокруг войны на Донбассе", "liga", "ru"),
    _a("https://epravda.example/budget", "На широкую ногу. Кто оплатит сотни миллиардов дефицита бюджета",
       "Каждая четвертая гривня, которую правительство планирует потратить из госбюджета в следующем году, будет "
       "взята в долг. Сможет ли Украина пережить 2020 год и где возьмет деньги на финансирование дефицита в "
       "будущем? (укр.)", "pravda", "ru"),
]  # fmt: skip


def test_a_shared_year_and_country_do_not_make_one_story() -> None:
    stories = build_stories(UNRELATED, lang="uk", now=NOW)
    assert sorted(len(s.article_urls) for s in stories) == [1, 1, 1]


KYIV = [
    _a("https://wire.example/news/kyiv-drones", "Drone attack on Kyiv injures five, officials say",
       "Russia launched 45 Shahed drones at Ukraine overnight, the Ukrainian air force said, and 38 of them were shot "
       "down. Five people were injured in Kyiv when debris fell on a residential building in the Solomianskyi "
       "district, the city's military administration said. Fires broke out in two districts. Power was cut to 3,000 "
       "homes for several hours.", "wire", "en"),
    _a("https://novyny.example/news/kyiv", "Атака дронів на Київ: п'ятеро поранених",
       "Уночі Росія атакувала Україну 45 дронами типу Shahed, 38 з них збили, повідомили Повітряні сили. У Києві "
       "п'ятеро людей дістали поранення через падіння уламків на житловий будинок у Солом'янському районі, "
       "повідомила КМВА. Без світла залишилися 3 тисячі домівок.", "novyny", "uk"),
]  # fmt: skip


def test_one_event_in_two_languages_is_one_story() -> None:
    [story] = build_stories(KYIV, lang="uk", now=NOW)
    assert len(story.sources) == 2 and story.lang == "uk"


# One city shared by two short reports (headlines only) in two languages is not one event: Kyiv is in a great
# many reports.
ONE_CITY = [
    _a("https://wire.example/news/kyiv-metro", "New metro line for Kyiv", "", "wire", "en"),
    _a("https://novyny.example/news/kyiv-blasts", "Вибухи у Києві", "", "novyny", "uk"),
]  # fmt: skip

# Reports in one language that share only the country and the year.
SAME_YEAR = [
    _a("https://unian.example/harvest", "Україна у 2020 році зібрала рекордний урожай кукурудзи",
       "Аграрії намолотили понад 30 мільйонів тонн, повідомили в міністерстві.", "unian", "uk"),
    _a("https://novyny.example/defence", "Скільки Україна витратила на оборону у 2020 році",
       "Видатки на армію зросли на п'яту частину, свідчать дані Держказначейства.", "novyny", "uk"),
]  # fmt: skip


# Parliament and the ruling party are in half of all Ukrainian political news, in Ukrainian and in Russian.
POLITICS = [
    _a("https://unian.example/moonshine", "Рада може скасувати штрафи за самогоноваріння",
       "Законопроєкт, який зареєструвала Верховна Рада, підготували депутати від «Слуги народу».", "unian", "uk"),
    _a("https://liga.example/petition", "Рада обсудила петицию о следственной комиссии",
       "Многие нардепы из фракции «Слуга народа» покинули зал, пока Рада обсуждала петицию.", "liga", "ru"),
]  # fmt: skip


@pytest.mark.parametrize(
    "reports", [ONE_CITY, SAME_YEAR, POLITICS], ids=["one-city", "same-year", "parliament-and-party"]
)
def test_weak_shared_terms_do_not_make_one_story(reports: list[Article]) -> None:
    assert len(build_stories(reports, lang="uk", now=NOW)) == len(reports)


KHARKIV = [
    _a("https://wire.example/news/kharkiv-strike", "Russian missile strike on Kharkiv wounds 12",
       "Russia struck Kharkiv with two Iskander missiles on Thursday morning, wounding 12 people, regional "
       "governor Oleh Syniehubov said. A five-storey building in the city's north was damaged.", "wire", "en"),
    _a("https://nezavisimo.example/news/kharkiv", "Ракетный удар по Харькову: 12 раненых",
       "Утром в четверг Россия ударила по Харькову двумя ракетами «Искандер», ранены 12 человек, сообщил глава "
       "ОВА Олег Синегубов. Повреждена пятиэтажка на севере города.", "nezavisimo", "ru"),
]  # fmt: skip


def test_shared_place_person_and_numbers_make_one_story_across_languages() -> None:
    [story] = build_stories(KHARKIV, lang="en", now=NOW)
    assert len(story.sources) == 2 and story.lang == "en"


def test_years_and_ubiquitous_names_are_no_anchors() -> None:
    assert not _anchors("Україна Украины Ukraine's Ukrainian Росії России Russian РФ 2020")
    assert is_anchor("45") and is_anchor("3000")


def test_a_two_letter_name_meets_across_scripts() -> None:
    kyiv, kyievi, kiev = map(_anchors, ("Kyiv", "Києві", "Киев"))
    assert kyiv and kyiv == kyievi == kiev
    assert not kyiv & _anchors("Кава Кові")


def _anchors_of(article: Article, batch: list[Article]) -> set[str]:
    [doc] = [d for d in prepare_all(batch) if d.article is article]
    return {t for t in doc.lead_features if is_anchor(t)}


def _anchors(text: str) -> set[str]:
    return {t for t in features(text) if is_anchor(t)}


def test_a_capital_that_only_opens_sentences_makes_no_anchor() -> None:
    visit = _a("https://x.example/1", "Zelensky visits Kharkiv", "Fires were put out. Power is back.", "x", "en")
    assert _anchors_of(visit, [visit]) == _anchors("Kharkiv")
    # A name that only opens sentences in one report is still a name where the batch has it mid-sentence.
    talks = _a("https://x.example/2", "Erdogan hosts talks with Zelensky", "", "y", "en")
    assert _anchors_of(visit, [visit, talks]) == _anchors("Kharkiv Zelensky")


def test_title_case_headline_words_are_openers() -> None:
    article = _a("https://x.example/t", "Drone Attack On Kyiv Injures Five", "Debris fell in Kyiv.", "x", "en")
    assert _anchors_of(article, [article]) == _anchors("Kyiv")


def test_e2e_feeds_group_by_event_across_languages() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    articles = [
        article
        for lang in ("en", "uk", "ru")
        for article in parse_feed(
            (FIXTURES / "e2e" / f"{lang}.xml").read_bytes(),
            http_charset=None,
            spec=SourceSpec(key=lang, name=lang, url=f"https://{lang}.example/feed", lang=lang),
            now=now,
        )
    ]
    stories = build_stories(articles, lang="uk", now=now, limit=20)
    events = sorted(sorted(url.rsplit("/", 1)[1] for url in s.article_urls) for s in stories)
    assert events == [["kursk", "kursk", "kursk-advance"], ["kyiv", "kyiv-drones"], ["pokrovsk", "pokrovsk"]]


@pytest.mark.parametrize(
    ("en", "other", "shared"),
    [
        ("Power was cut to 3,000 homes", "Без світла залишилися 3 тисячі домівок", "3000"),
        ("Power was cut to 3,000 homes", "Без света остались 3 тыс. домов", "3000"),
        ("1.5 million people left", "виїхали 1,5 млн людей", "1500000"),
        ("aid worth $2 billion", "допомога на 2 млрд доларів", "2000000000"),
        ("12 thousand shells", "12 тысяч снарядов", "12000"),
        ("16,100 people", "16,1 тис. людей", "16100"),  # exact: not 16100.000000000002
        ("2,010,000 people", "2,01 млн людей", "2010000"),
        ("2 million people", "2 мільйони людей", "2000000"),
        ("21,000 homes", "21 тисячу будинків", "21000"),
    ],
)
def test_numbers_written_with_scale_words_meet_their_digits(en: str, other: str, shared: str) -> None:
    assert shared in set(features(en)) & set(features(other))
    assert is_anchor(shared)


def test_a_scale_word_without_a_number_or_after_a_year_adds_nothing() -> None:
    assert not [t for t in features("тисячі людей вийшли") if t[0].isdigit()]
    assert "2014000" not in features("Окупація триває з 2014 тисячі людей виїхали")
