"""War or not (bot/condense/relevance.py) on hand-written hard cases in uk/ru/en, and the engine's war-only digests.

The cases are our own sentences, written for these tests (not the model's training examples, not evaluation data).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.condense import build_stories
from bot.condense.relevance import (
    FEATURES,
    THRESHOLD,
    TOPICS,
    features,
    fit,
    is_war,
    keep_war,
    model,
    war_probabilities,
    war_probability,
)
from bot.domain import Article

NOW = datetime(2026, 5, 2, 12, 0, tzinfo=UTC)

WAR = [
    ("Дрони атакували нафтобазу в Брянській області",
     "Після серії вибухів на території нафтобази спалахнула пожежа, повідомив губернатор."),
    ("Беспилотники атаковали нефтеперерабатывающий завод в Туапсе",
     "На НПЗ возник пожар, пострадавших нет, сообщили местные власти."),
    ("Refinery in Volgograd region ablaze after drone strike",
     "Firefighters battled the blaze after Ukrainian drones hit a processing unit overnight."),
    ("США запровадили санкції проти «Роснефти» і «Лукойлу»", "Обмеження мають скоротити доходи кремля від нафти."),
    ("Zelensky and US envoy discuss ceasefire plan in Berlin",
     "The talks focused on security guarantees and the line of contact."),
    ("В Ростове передали тела погибших военных", "Украина и Россия провели очередную репатриацию тел."),
    ("Russia says it took Pokrovsk; Kyiv says fighting goes on",
     "Ukraine's General Staff said its units still hold the northern part of the town."),
    ("У Харкові через удар КАБ загинули двоє людей", "Ще 11 мешканців поранені, пошкоджено житловий будинок."),
    ("Военкоматы Петербурга начали рассылать повестки резервистам",
     "Сборы продлятся два месяца, сообщили в городской администрации."),
    ("Ukraine starts serial production of long-range missile",
     "The defence ministry said the new weapon can reach targets 1,000 km away."),
    ("Окупанти облаштували військовий штаб у школі на Запоріжжі",
     "Місцеві мешканці повідомили про техніку та солдатів у дворі."),
    ("Российские войска продвинулись у Гуляйполя", "ВСУ отражают штурмы, заявили в Силах обороны юга."),
]  # fmt: skip
OTHER = [
    ("Україна – Словаччина: синьо-жовті вирвали перемогу на Євро",
     "Збірна поступалася після першого тайму, але забила двічі після перерви."),
    ("Ukraine stun Slovakia 2-1 in Euro group clash", "Yaremchuk equalised before a teammate headed the winner."),
    ("Украина обыграла Словакию на Евро-2024",
     "Украинцы отыгрались после пропущенного мяча и одержали волевую победу."),
    ("Спортсменка присвятила золоту медаль ЗСУ",
     "Легкоатлетка виграла чемпіонат Європи зі стрибків у висоту й подякувала військовим."),
    ("Sprinter dedicates gold to soldiers defending Ukraine",
     "She won the 200 metres at the European Championships and said the medal belonged to the army."),
    ("Центробанк поднял ставку, сославшись на рост военных расходов",
     "Регулятор ожидает, что инфляция останется высокой до конца года."),
    ("Central bank hikes rates, citing war-driven spending",
     "Policymakers raised borrowing costs by one point to curb inflation."),
    ("Вартість дизелю на заправках зросла", "Аналітики ринку пального пояснюють подорожчання курсом долара."),
    ("Євробачення-2025: хто представить Україну", "Нацвідбір виграв гурт, пісня якого набрала найбільше голосів."),
    ("Синоптики попереджають про заморозки", "Уночі температура знизиться до мінус п'яти, на дорогах ожеледиця."),
    ("Storm batters Atlantic coast, thousands without power",
     "Winds of 150 km/h brought down trees, forecasters said."),
    ("Parliament approves budget programmes for schools", "The programmes fund new textbooks and teacher salaries."),
    ("Saudi anti-corruption purge nets billions", "Detained princes and businessmen agreed to hand over assets."),
    ("Україна переходить на зимовий час", "Годинники переведуть на годину назад у неділю вночі."),
    ("Переход на зимнее время отменили", "Депутаты решили оставить часы без изменений."),
    ("Ukrainian tennis player wins in Madrid, thanks the army", "She beat the defending champion in straight sets."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "lead"), WAR, ids=[t[:40] for t, _ in WAR])
def test_war_news_is_war(title: str, lead: str) -> None:
    assert is_war(title, lead), war_probability(title, lead)


@pytest.mark.parametrize(("title", "lead"), OTHER, ids=[t[:40] for t, _ in OTHER])
def test_other_news_naming_the_war_or_ukraine_is_not(title: str, lead: str) -> None:
    assert not is_war(title, lead), war_probability(title, lead)


def _evidence(text: str) -> set[str]:
    """The topics `text` is evidence of (the "war elsewhere" feature aside)."""
    return {name for name, v in zip(FEATURES, features(text, ""), strict=True) if v and name in TOPICS}


@pytest.mark.parametrize(
    ("forms", "topic"),
    [
        ("обстріл обстрілу обстрілами обстрілів", "strikes"),
        ("обстрел обстрела обстрелами", "strikes"),
        ("полонених полоні військовополонені", "captivity"),
        ("пленные пленных плену военнопленный", "captivity"),
        ("prisoner prisoners POWs", "captivity"),
        ("мобілізація мобілізації мобилизации mobilisation mobilization", "mobilisation"),
        ("санкції санкций sanctions", "sanctions"),
        ("Куп’янськ Куп'янська Купянск Kupiansk", "front_places"),
    ],
)
def test_a_word_beginning_covers_its_declined_forms(forms: str, topic: str) -> None:
    for word in forms.split():
        assert topic in _evidence(word), word


@pytest.mark.parametrize(
    ("word", "topic"),
    [
        ("ракетку", "sport"),  # a tennis racket, not a missile ("ракет")
        ("ракетою", "strikes"),
        ("striker", "sport"),  # not a strike
        ("центральний", None),  # not a price ("цен")
        ("наступного", None),  # next, not an offensive ("наступ")
        ("наступ", "combat"),
        ("кримінальне", None),  # criminal, not Crimea ("крим")
        ("warning", None),  # "war" is the whole word only
        ("war", "war"),
    ],
)
def test_the_longest_listed_beginning_decides(word: str, topic: str | None) -> None:
    assert _evidence(word) == ({topic} if topic else set())


@pytest.mark.parametrize(
    ("elsewhere", "here"),
    [
        ("Air strikes on Gaza kill 12 as troops push into Rafah",
         "Air strikes on Kharkiv kill 12 as troops push into Vovchansk"),
        ("Удари по Газі: загинули 12 людей", "Удари по Сумах: загинули 12 людей"),
        ("Авиаудар по Идлибу: погибли 12 человек", "Авиаудар по Белгороду: погибли 12 человек"),
    ],
)  # fmt: skip
def test_strikes_of_another_war_are_not_this_war(elsewhere: str, here: str) -> None:
    assert "war elsewhere" in {n for n, v in zip(FEATURES, features(elsewhere, ""), strict=True) if v}
    assert not is_war(elsewhere, "")
    assert is_war(here, "")


@pytest.mark.parametrize(
    "title", ["Kyiv opens a new bridge over the Dnipro", "У Києві відкрили новий міст", "В Москве открыли новый мост"]
)
def test_naming_ukraine_or_russia_is_no_evidence_by_itself(title: str) -> None:
    assert not is_war(title, "")


def test_scores_are_deterministic_and_do_not_depend_on_the_batch() -> None:
    reports = WAR + OTHER
    batch = war_probabilities(reports)
    assert batch.tolist() == war_probabilities(reports).tolist()
    assert [war_probability(t, lead) for t, lead in reports] == pytest.approx(batch.tolist(), abs=1e-12)
    assert war_probabilities([]).shape == (0,)


def test_the_fit_is_deterministic_and_learns_the_sides() -> None:
    rng = np.random.default_rng(1)
    rows = rng.random((200, 3))
    labels = (rows[:, 0] - rows[:, 1] > 0).astype(float)
    first, second = fit(rows, labels), fit(rows, labels)
    assert first.weights.tolist() == second.weights.tolist() and first.bias == second.bias
    assert first.weights[0] > 0 > first.weights[1]
    assert abs(first.weights[2]) < abs(first.weights[0])


def test_the_model_weighs_war_topics_up_and_other_topics_down() -> None:
    weights = model().feature_weights()
    assert len(weights) == len(TOPICS) + 1
    for topic in ("strikes", "captivity", "mobilisation", "sanctions", "occupation", "front_places"):
        assert weights[topic] > 0, topic
    for topic in ("sport", "culture", "weather", "economy", "elsewhere", "war elsewhere"):
        assert weights[topic] < 0, topic


def test_an_all_relevant_source_is_kept_without_a_check() -> None:
    football = ("Ukraine beat Slovakia 2-1", "The striker scored in the 80th minute of the Euro match.")
    keep = keep_war([football, football], ["sports-desk", "front-channel"], all_relevant={"front-channel"})
    assert keep == [False, True]
    assert 0 < THRESHOLD < 1


def _article(url: str, title: str, text: str, source: str, lang: str = "en") -> Article:
    return Article(url=url, title=title, text=text, published=NOW - timedelta(hours=1), source_key=source,
                   source_name=source.title(), lang=lang)  # fmt: skip


STRIKE = [
    _article("https://wire.example/1", "Russian missiles hit Kharkiv near Metalist stadium, five injured",
             "Two Russian missiles struck the Slobidskyi district of Kharkiv on Saturday near the Metalist stadium, "
             "injuring five people, the regional governor Oleh Syniehubov said.", "wire"),
    _article("https://post.example/2", "Missile strike on Kharkiv injures five near Metalist stadium",
             "Russian forces hit Kharkiv's Slobidskyi district with two missiles near the Metalist stadium on "
             "Saturday, governor Oleh Syniehubov said; five people were injured.", "post"),
]  # fmt: skip
DERBY = _article(
    "https://sport.example/3", "Metalist Kharkiv win at home in Slobidskyi derby, five goals at Metalist stadium",
    "Metalist beat their Kharkiv rivals 3-2 at the Metalist stadium in the Slobidskyi district on Saturday; the coach "
    "thanked the fans and governor Oleh Syniehubov attended the match.", "sport",
)  # fmt: skip
HEATWAVE = _article("https://weather.example/4", "Heatwave: up to 38 degrees in Odesa this weekend",
                    "Forecasters expect a heatwave with thunderstorms in the evening.", "weather")  # fmt: skip


def _stories(articles: list[Article], **options: object) -> list[set[str]]:
    return [set(s.article_urls) for s in build_stories(articles, lang="en", now=NOW, **options)]  # type: ignore[arg-type]


def test_a_war_only_digest_keeps_an_off_topic_report_out_of_a_war_story() -> None:
    """Judged after grouping, the football report that shares the strike's names would be the story's third outlet;
    judged before, it never joins."""
    everything = _stories([*STRIKE, DERBY, HEATWAVE])
    assert {a.url for a in [*STRIKE, DERBY]} in everything  # the engine alone joins the derby to the strike
    assert _stories([*STRIKE, DERBY, HEATWAVE], war_only=True) == [{a.url for a in STRIKE}]


def test_a_war_only_digest_keeps_whatever_an_all_relevant_source_posts() -> None:
    stories = _stories([*STRIKE, HEATWAVE], war_only=True, all_relevant={"weather"})
    assert sorted(map(len, stories)) == [1, 2] and {HEATWAVE.url} in stories


def test_a_war_only_digest_of_no_war_news_is_empty() -> None:
    assert _stories([DERBY, HEATWAVE], war_only=True) == []
    assert len(_stories([DERBY, HEATWAVE])) == 2
