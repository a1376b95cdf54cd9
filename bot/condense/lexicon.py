"""Word lists for Ukrainian, Russian and English: stop words, abbreviations, inflection endings, boilerplate.

Kept apart from the algorithms so the lists can grow without touching code.
"""

from __future__ import annotations

import re

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself 's s t
    said says say told new one two also would could may might must shall us mr mrs ms last first year years
    day days week according
    і й та й що як але або це цей ця ці цього цієї цих той та ті того тієї тих так не ні на в у з із зі до від
    по за для при про над під між через після перед щоб який яка яке які якого якої яких його її їх він вона
    воно вони ми ви я ти нас вас їм ним нею був була було були буде будуть бути є може можуть також вже ще
    лише тільки навіть де коли тому там тут все всі весь усі саме чи ж же б би хоча якщо бо адже її йому
    заявив заявила повідомив повідомила повідомили сказав сказала зазначив зазначила каже року році рік
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
    от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять
    уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без
    будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один
    почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над
    больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда
    лучше чуть том нельзя такой им более всегда конечно всю между это также которые который которая которое
    заявил заявила сообщил сообщила сообщили сказал сказала отметил отметила года году
    """.split()
)

# Names every report about the war carries (Ukraine, Russia and their adjectives, as lower-cased word
# beginnings): shared by two reports, they say nothing about one event, so they never anchor a story.
UBIQUITOUS_NAME_PREFIXES: tuple[str, ...] = (
    "україн", "украин", "ukrain", "росі", "росси", "russia", "рф",
)

# Abbreviations after which a full stop does not end a sentence, whatever follows.
ABBREV_NEVER_END: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof st sr jr gen col lt sgt capt maj adm gov sen rep rev vs etc e.g i.e no nos fig
    jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co u.s u.k u.n
    вул пров просп бульв пл ім див напр т.зв т.ч проф акад ген полк підполк майор ст о м с смт обл р-н
    ул пер им см т.е т.д т.п др пос г-н г-жа
    """.split()
)

# Abbreviations that end a sentence only before a capital letter ("1,5 тис. осіб" vs "... 5 млн. Потім").
ABBREV_SOFT: frozenset[str] = frozenset(
    """
    тис млн млрд трлн грн руб коп км кв р рр г гг ст с дол долл тыс млрд. км² га кг т
    thousand bn mn m km sq ft
    """.split()
)

# Inflection endings stripped by the light stemmer, longest first. Union of Ukrainian and Russian endings:
# a word keeps at least MIN_STEM letters, so over-stripping stays harmless for matching.
CYRILLIC_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        set(
            """
            ами ями ого его ому ему ими ыми ій ий ый ой ей ої ою ею ію ів їв ам ям ах ях ом ем ею ою ая яя
            ое ее ые ие ую юю ов ев ти ться тися ла ло ли ал ил ет ит ут ют ат ят ить ать ять еть уть
            ування ання ення ість ості остей ость ости а я о е ы и і ї є у ю й ь
            """.split()
        ),
        key=len,
        reverse=True,
    )
)
REFLEXIVE_ENDINGS: tuple[str, ...] = ("ся", "сь")
MIN_STEM = 3

ENGLISH_ENDINGS: tuple[str, ...] = ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "'s", "s")

# Lines of site furniture rather than article text: "Read also", photo credits, bylines, subscription calls.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"read (?:also|more)|see also|related:|читайте (?:також|также|нас)|дивіться також|смотрите также"
    r"|також читайте|также читайте|по темі|по теме|більше новин|больше новостей"
    r"|(?:фото|photo|image|picture|відео|видео|video)\s*(?:credit)?\s*[:©]"
    r"|©|\(c\)|copyright|all rights reserved|усі права захищені|все права защищены"
    r"|(?:автор|author|by|редактор|editor|джерело|источник|source)\s*:"
    r"|(?:підписуйтесь|подписывайтесь|subscribe|follow us|приєднуйтесь|присоединяйтесь)\b"
    r"|(?:поділитися|поделиться|share this|share on)\b|реклама\s*$|advertisement\s*$"
    r"|getty images\s*$|reuters\s*/|ap photo|afp\s*/"
    r")",
    re.IGNORECASE,
)
# Bylines are short lines such as "By Jane Smith" or "By Jane Smith, Reuters".
BYLINE = re.compile(r"^\s*[Bb]y\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*[,|/].{0,40})?\s*$")

# Who says so: attributions make a sentence worth more in a war digest than an unsourced claim. Matched as
# lower-case substrings (stems included: "повідоми" covers повідомив, повідомила, повідомили).
ATTRIBUTION_MARKS: tuple[str, ...] = (
    "according", "said", "says", "told", "reported", "reports", "estimate", "claimed", "confirmed", "stated",
    "за даними", "за словами", "за інформацією", "повідомля", "повідоми", "заяви", "зазначи", "підтверди",
    "по данным", "по словам", "по информации", "сообща", "сообщи", "отмети", "подтверди",
    "isw", "deepstate", "генштаб", "general staff", "міноборони", "минобороны", "ministry of defen", "мо рф",
    "зсу", "всу", "armed forces", "pentagon", "пентагон", "zelensk", "зеленськ", "зеленск", "kremlin", "кремл",
    "institute for the study of war", "оон", " un ", "nato", "нато", "osce", "обсє", "обсе", "iaea", "магате",
)
AREA_MARKS: tuple[str, ...] = (
    "km²", "km2", "sq km", "sq. km", "square kilomet", "км²", "км2", "кв. км", "кв км", "квадратн", "гектар", "hectare",
)

# Named sources (facts.named_sources): the words that introduce who says so, as lower-cased word sequences
# ("according to DeepState", "за даними Генштабу", "по словам Сырского").
SOURCE_LEAD_INS: tuple[tuple[str, ...], ...] = (
    ("according", "to"), ("citing",), ("quoted", "by"),
    ("за", "даними"), ("за", "словами"), ("за", "інформацією"), ("за", "оцінками"), ("за", "повідомленням"),
    ("з", "посиланням", "на"),
    ("по", "данным"), ("по", "словам"), ("по", "информации"), ("по", "оценкам"), ("по", "сообщению"),
    ("со", "ссылкой", "на"),
)
# Verbs (and their nouns) of saying: the source stands before them ("the ISW said", "Сирський заявив") or, when
# nothing named does, right after ("said Syrskyi", "повідомили в Генштабі", "сообщает ТАСС").
SAYING_WORDS_EN: frozenset[str] = frozenset(
    "said says told reported reports stated claimed claims confirmed announced estimated estimates wrote noted "
    "added".split()
)
SAYING_EN_INVERTED: frozenset[str] = frozenset("said says wrote added".split())  # ", said Syrskyi"
SAYING_PREFIXES_CYRILLIC: tuple[str, ...] = (
    "заяв", "повідом", "зазнач", "підтверд", "стверджу", "сказа", "каже", "пише", "написа", "інформу", "оголоси",
    "доповід", "доповів", "сообщ", "отмет", "отмеча", "подтверд", "утвержда", "сказал", "пишет", "написал",
    "информиру", "объяви", "доложи", "доклад",
)
# Between a verb of saying and the name after it: "повідомили в Генштабі", "сообщили во ФСБ".
SOURCE_PREPOSITIONS: frozenset[str] = frozenset("в у во із з зі від со от by".split())
# Inside a source's name ("Institute for the Study of War", "Міністерство оборони").
SOURCE_CONNECTORS: frozenset[str] = frozenset("of the for and de".split())
# Titles name no one in particular: "President" must not make Zelensky and Putin one source.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    president minister prime commander chief commander-in-chief spokesman spokeswoman spokesperson head mayor
    governor secretary deputy ambassador general-secretary
    президент міністр министр прем'єр-міністр премьер-министр голова глава речник спікер спикер мер губернатор
    командувач командующий головнокомандувач главнокомандующий посол секретар секретарь заступник заместитель
    """.split()
)
# Names that every report has (Ukraine's army, Russia): a source of their own only when nothing else is named.
WEAK_SOURCE_NAMES: frozenset[str] = frozenset("зсу всу рф сша afu зс".split())

# A digest is read for its key figures: a number beside one of these (lower-cased word beginnings) is how much
# territory, how many killed, wounded, captured or launched, or by how much something changed.
KEY_FIGURE_UNITS: tuple[str, ...] = (
    "km", "км", "sq", "square", "квадрат", "гектар", "hectare", "acre", "mile", "миль",
    "kill", "dead", "died", "death", "wound", "injur", "casualt", "victim", "загин", "загибл", "загибел", "вбит",
    "убит", "поран", "постражд", "жертв", "погиб", "гибел", "ранен", "пострада",
    "people", "civilian", "child", "soldier", "troop", "servicem", "prisoner", "pows", "людей", "люди", "осіб",
    "человек", "мирн", "дітей", "детей", "військов", "военн", "солдат", "бійц", "бойц", "полонен", "пленн",
    "drone", "missile", "rocket", "shahed", "tank", "дрон", "безпілот", "беспилот", "бпла", "ракет", "танк",
    "шахед", "village", "settlement", "town", "сіл", "сел", "населен",
    "percent", "відсот", "процент",
)
# Month names (lower-cased beginnings) in en/uk/ru: a number beside one is a date ("Aug. 12", "13 серпня").
MONTH_PREFIXES: tuple[str, ...] = (
    "jan", "feb", "march", "apr", "may", "june", "july", "aug", "sept", "oct", "nov", "dec",
    "січ", "лют", "берез", "квіт", "травн", "черв", "лип", "серп", "верес", "жовт", "листоп", "груд",
    "январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
    "декабр",
)
