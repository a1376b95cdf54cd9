"""News claims checked against the map: "Russian forces captured Pokrovsk" -> is Pokrovsk Russian-held on it?

A claim is a settlement and the side a sentence says holds it now: captured, seized, took (control of),
entered, fell to, liberated, retook, withdrew from ... in English, Ukrainian or Russian, past tense (English
headlines' present tense too). Attempts, plans, the future, negations and denials are no claims. The side is
the actor nearest the verb (Russian forces / ЗСУ / ВС РФ ...), or for "withdrew from" the other one; with no
actor the verb's usual side in that language (Ukrainian "звільнили" is Ukraine's, Russian "освободили" Russia's).

The settlement is found in the gazetteer by a spelling-independent key of each word (Покровськ, Покровска,
Pokrovsk; Курахове, Курахово, Kurakhove; Часів Яр, Часового Яру), with the case endings the word's shape allows
(none in English); of places sharing a name the one in the oblast the sentence names wins, else the one nearest
the front lines of the two maps.

Checked against the latest map and one a while before it (`ClaimMaps`):
- ON_MAP: the latest map shows the place held by the side named;
- CONTRADICTED: it does not, and between the two maps the place moved away from that side;
- NOT_YET: neither (the map has not caught up with the claim, or never will).

Pure: no I/O. Geometry in the projected metres of `bot.front.projection`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from bot.domain import MapCheck, MapVerdict, Story
from bot.front.geodata import Gazetteer
from bot.front.model import Control, FrontSnapshot, Place, Region, Zone
from bot.front.oblasts import OBLASTS
from bot.front.projection import points_to_metres

FRONT_KM = 25.0  # a place this close to the front line is "at the front" when names are shared
VERB_WINDOW = 7  # words after (or before) the verb where the settlement may stand
ACTOR_WINDOW = 12  # words before the verb where its actor may stand
MODAL_WINDOW = 4  # words before the verb that can make it an attempt, a plan or a negation

# -- spelling-independent keys -----------------------------------------------------------------------------

_CYR_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "z", "з": "z",
    "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "c", "ч": "c", "ш": "s", "щ": "sc",
    "ь": "", "ъ": "", "ы": "i", "э": "e", "ю": "iu", "я": "ia", "ё": "io",
}  # fmt: skip
_LATIN_DIGRAPHS = (("shch", "sc"), ("kh", "x"), ("zh", "z"), ("sh", "s"), ("ch", "c"), ("ts", "c"), ("h", "g"),
                   ("y", "i"), ("j", "i"), ("w", "v"))  # fmt: skip
_VOWEL_CLASS = {"a": "A", "o": "A", "e": "E", "i": "E", "u": "U"}
_UK_IV = re.compile(r"(?<=[бвгґджзйклмнпрстфхцчшщ])ів(?=к|$)")  # Харків/Харьков, Михайлівка/Михайловка
_LATIN_IV = re.compile(r"(?<=[bcdfghklmnprstvxz])iv(?=k|$)")
_V_INITIAL = re.compile(r"^(?:ву|vu)(?=[^аеєиіїоуюяaeiouy])")  # Вугледар/Угледар
_APOSTROPHES = re.compile(r"['’ʼ`]")


def skeleton(word: str) -> str:
    """The key of one word: Latin consonants and three vowel classes (A: a/o, E: e/i/y, U: u), a run of vowels
    reduced to its last, so the Ukrainian, Russian and English spellings of a place mostly meet."""
    low = _APOSTROPHES.sub("", word.lower())
    low = _V_INITIAL.sub(lambda m: m.group()[1:], low)
    if re.search(r"[а-яёіїєґ]", low):
        low = _UK_IV.sub("ов", low)
        latin = "".join(_CYR_LATIN.get(ch, ch) for ch in low)
    else:
        low = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
        low = _LATIN_IV.sub("ov", low)
        latin = low
        for src, dst in _LATIN_DIGRAPHS:
            latin = latin.replace(src, dst)
    out: list[str] = []
    for ch in latin:
        if not ch.isalpha():
            continue
        mark = _VOWEL_CLASS.get(ch, ch)
        if out and mark.isupper() and out[-1].isupper():
            out[-1] = mark  # a run of vowels keeps its last: я/ia/ya, ю/iu, ій/ий, ою, ії
        else:
            out.append(mark)
    return "".join(out)


# Case endings (as skeletons) each kind of name takes: consonant-final (Покровськ), -а/-я (Авдіївка, Суджа,
# Велика), adjective-like -е/-ий (Курахове, Зелене), and Russian -о (Курахово, often not declined at all).
_CONSONANT = frozenset({"", "A", "U", "Am", "E", "Em"})
_VOWEL_A = frozenset({"A", "E", "U"})
_ADJECTIVE = frozenset({"E", "AgA", "AmU", "Em", "Am", "EgA", "EmU"})
_RUSSIAN_O = _ADJECTIVE | {"A"}
_UK_NEUTER_O = re.compile(r"(?:ин|ов|ев|єв|ів)е$")
_ANY = _CONSONANT | _VOWEL_A | _ADJECTIVE | _RUSSIAN_O  # inner words of a name: Часового Яру, Великої Новосілки


class _NameWord(NamedTuple):
    stem: str
    endings: frozenset[str]  # the case endings (as skeletons) a Ukrainian or Russian text may give it
    nominative: str  # the ending as the gazetteer spells it

    def fits(self, word: str, key: str) -> bool:
        if not key.startswith(self.stem):
            return False
        ending = key[len(self.stem) :]
        if _LATIN.fullmatch(word):  # English does not decline: only -o for -e (Kurakhovo, Selidovo), -a for -e
            return ending == self.nominative or (ending in "AE" and self.nominative in ("A", "E"))
        return ending in self.endings


_LATIN = re.compile(r"[A-Za-z'’ʼ]+")


def _name_word(word: str, *, inner: bool = False) -> _NameWord:
    key = skeleton(word)
    low = word.lower()
    last = key[-1:] or "-"
    stem = key.rstrip("AEU") if last.isupper() else key
    if not last.isupper():
        endings = _CONSONANT
    elif last == "A":
        endings = _RUSSIAN_O if low.endswith("о") else _VOWEL_A
    elif last == "E":
        # Роботине, Курахове: Russian writes Работино, Курахово, so the Ukrainian name takes -о too.
        endings = _RUSSIAN_O if _UK_NEUTER_O.search(low) else _ADJECTIVE
    else:
        stem, endings = key, frozenset({""})
    return _NameWord(stem, _ANY if inner else endings, key[len(stem) :])


@dataclass(frozen=True, slots=True)
class _Entry:
    place: int  # index into the gazetteer
    words: tuple[_NameWord, ...]
    exact: tuple[str, ...]  # the name's words, lower-cased, apostrophes dropped


def _plain(word: str) -> str:
    return _APOSTROPHES.sub("", word.lower()).replace("ё", "е")


class PlaceIndex:
    """Every name of every settlement of a gazetteer, by the stem of its first word."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._by_stem: dict[str, list[_Entry]] = defaultdict(list)
        for i, place in enumerate(gazetteer.places):
            for name in dict.fromkeys(n for n in (place.name_uk, place.name_ru, place.name_en) if n):
                words = [w for w in re.split(r"[\s\-]+", name) if w]
                parts = [_name_word(w, inner=k < len(words) - 1) for k, w in enumerate(words)]
                if not parts or any(not p.stem for p in parts):
                    continue
                if len(parts[0].stem) < 3:  # Уди, Яр: too short to be told by its stem, so only as spelt
                    parts[0] = _NameWord(skeleton(words[0]), frozenset({""}), "")
                self._by_stem[parts[0].stem].append(_Entry(i, tuple(parts), tuple(_plain(w) for w in words)))

    def matches(self, words: Sequence[str], start: int) -> list[tuple[int, int, bool]]:
        """(place index, number of words, exact spelling) of every name that begins at words[start]."""
        first = skeleton(words[start])
        found: list[tuple[int, int, bool]] = []
        for cut in range(0, min(4, len(first) - 2) + 1):
            for entry in self._by_stem.get(first[: len(first) - cut], ()):
                n = len(entry.words)
                if start + n > len(words) or not entry.words[0].fits(words[start], first):
                    continue
                if all(entry.words[k].fits(words[start + k], skeleton(words[start + k])) for k in range(1, n)):
                    exact = tuple(_plain(w) for w in words[start : start + n]) == entry.exact
                    found.append((entry.place, n, exact))
        return found


_INDEXES: dict[int, tuple[Gazetteer, PlaceIndex]] = {}


def place_index(gazetteer: Gazetteer) -> PlaceIndex:
    """The index of a gazetteer, built once per gazetteer object (a gazetteer is immutable)."""
    cached = _INDEXES.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    index = PlaceIndex(gazetteer)
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    _INDEXES[id(gazetteer)] = (gazetteer, index)
    return index


# -- the map ---------------------------------------------------------------------------------------------------

_EMPTY = shapely.Polygon()
_ORDER = {Control.RU: 0, Control.GREY: 1, Control.UA: 2}  # the line Russia - grey - Ukraine
_BY_ORDER = {i: control for control, i in _ORDER.items()}


@dataclass(frozen=True)
class MapState:
    """Who holds a point on one map."""

    snapshot: FrontSnapshot

    def _zone(self, zone: Zone) -> BaseGeometry:
        return self.snapshot.zones.get(zone, _EMPTY)

    def control(self, place: Place) -> Control:
        return self.controls([place])[0]

    def controls(self, places: Sequence[Place]) -> list[Control]:
        """Who holds each place. Inside Russia a place is Russia's unless the map shows it held by Ukraine or grey;
        elsewhere it is Ukraine's unless it lies in the Russian-held or the grey zone."""
        x, y = points_to_metres(np.array([p.lon for p in places]), np.array([p.lat for p in places]))
        in_russia = np.array([p.region.startswith("RU-") for p in places], dtype=bool)
        out = np.where(in_russia, 0, 2)  # indices into _BY_ORDER: Russia's at home, else Ukraine's
        for held, grey, inside, other in (
            (self._zone(Zone.UA_HELD_RU), self._zone(Zone.GREY_RU), in_russia, 2),
            (self.snapshot.russian_held, self._zone(Zone.GREY), ~in_russia, 0),
        ):
            if inside.any():
                out[inside & shapely.contains_xy(grey, x, y)] = 1
                out[inside & shapely.contains_xy(held, x, y)] = other
        return [_BY_ORDER[int(i)] for i in out]

    @cached_property
    def front(self) -> BaseGeometry:
        """Where the sides meet: the edges of the Russian-held area, the grey zones and Ukraine's hold in Russia."""
        parts = [self.snapshot.russian_held, *(self._zone(z) for z in (Zone.GREY, Zone.UA_HELD_RU, Zone.GREY_RU))]
        lines = [shapely.boundary(g) for g in parts if not g.is_empty]
        return shapely.union_all(lines) if lines else _EMPTY

    def front_km(self, place: Place) -> float:
        if self.front.is_empty:
            return float("inf")
        x, y = points_to_metres(np.array([place.lon]), np.array([place.lat]))
        return float(shapely.distance(self.front, shapely.Point(x[0], y[0]))) / 1000


@dataclass(frozen=True)
class ClaimMaps:
    """The latest map a claim is checked against, and (optionally) one a while before it, to tell a claim the map
    has not caught up with from one it contradicts."""

    latest: MapState
    earlier: MapState | None
    index: PlaceIndex

    @classmethod
    def of(cls, latest: FrontSnapshot, earlier: FrontSnapshot | None, gazetteer: Gazetteer) -> ClaimMaps:
        """Built with the costly parts (the name index, the front line) done now: call it in a worker thread."""
        states = [MapState(latest), *([MapState(earlier)] if earlier is not None else [])]
        for state in states:
            _ = state.front
        return cls(states[0], states[1] if len(states) > 1 else None, place_index(gazetteer))

    @property
    def taken(self) -> datetime:
        return self.latest.snapshot.taken

    def front_km(self, place: Place) -> float:
        """How far from where the sides met lately: the nearer of the two maps' front lines (a place the front
        swept past between them is near the earlier one)."""
        if self.earlier is None:
            return self.latest.front_km(place)
        return min(self.latest.front_km(place), self.earlier.front_km(place))


# -- claims ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    place: Place
    side: Control  # UA or RU: who the sentence says holds the place now
    written: str  # the name as the sentence spells it


@dataclass(frozen=True, slots=True)
class CheckedClaim:
    claim: Claim
    verdict: MapVerdict
    shown: Control  # who the latest map shows holding the place


def check(claim: Claim, maps: ClaimMaps) -> CheckedClaim:
    now = maps.latest.control(claim.place)
    if now is claim.side:
        return CheckedClaim(claim, MapVerdict.ON_MAP, now)
    if maps.earlier is not None:
        before = maps.earlier.control(claim.place)
        # Moved away from the side named: further from it on the line Russia - grey - Ukraine.
        if abs(_ORDER[now] - _ORDER[claim.side]) > abs(_ORDER[before] - _ORDER[claim.side]):
            return CheckedClaim(claim, MapVerdict.CONTRADICTED, now)
    return CheckedClaim(claim, MapVerdict.NOT_YET, now)


def check_text(text: str, maps: ClaimMaps) -> tuple[CheckedClaim, ...]:
    """Every claim of `text` (a headline and its summary), checked; one per place, the first one said."""
    seen: set[int] = set()
    out: list[CheckedClaim] = []
    for claim in find_claims(text, maps.index, maps):
        key = id(claim.place)
        if key not in seen:
            seen.add(key)
            out.append(check(claim, maps))
    return tuple(out)


def story_checks(story: Story, maps: ClaimMaps, lang: str) -> tuple[MapCheck, ...]:
    """The claims of a story's headline and summary, checked, with the places named in `lang`."""
    text = "\n".join((story.headline, *story.sentences))
    return tuple(MapCheck(c.claim.place.name(lang), c.verdict, maps.taken) for c in check_text(text, maps))


# Verb kinds: what the verb says about its actor.
_TAKE = "take"  # the actor holds the place now (captured, entered, took control of)
_FREE = "free"  # the same, said by the side that calls it liberation; its default side depends on the language
_RETAKE = "retake"  # the actor holds it again (recaptured, відбили); by default Ukraine
_LEAVE = "leave"  # the actor left it (withdrew from): the other side holds it


@dataclass(frozen=True, slots=True)
class _Verb:
    pattern: re.Pattern[str]
    kind: str
    lang: str
    passive: bool = False  # the place may stand before it, the actor after it ("X was captured by ...")


def _verbs(lang: str, kind: str, *patterns: str, passive: bool = False) -> list[_Verb]:
    return [_Verb(re.compile(rf"(?<!\w)(?:{p})(?!\w)"), kind, lang, passive) for p in patterns]


_ANNOUNCE_EN = r"(?:claim(?:s|ed)?|announc(?:e|es|ed)|confirm(?:s|ed)?|report(?:s|ed)?|after|following)"
_ANNOUNCE_UK = r"(?:заяв\w*|оголоси\w*|повідоми\w*|підтверди\w*|після)"
_ANNOUNCE_RU = r"(?:заяв\w*|объяви\w*|сообщи\w*|подтверди\w*|после)"
_CONTROL_UK = r"(?:під (?:свій |повний )?контроль|контроль над)"
_CONTROL_RU = r"(?:под (?:свой |полный )?контроль|контроль над)"

_VERBS: dict[str, list[_Verb]] = {
    "en": [
        *_verbs("en", _LEAVE, r"withdr[ea]w(?:n|s)? (?:its |their )?(?:\w+ )?from", r"pull(?:s|ed) out of",
                r"retreat(?:s|ed) from"),
        *_verbs("en", _RETAKE, r"recapture[sd]?", r"retook", r"retakes?", r"retaken", r"regain(?:s|ed) control of",
                r"regain(?:s|ed)", r"pushed (?:the )?russians? (?:forces |troops )?out of"),
        *_verbs("en", _FREE, r"liberate[sd]", rf"{_ANNOUNCE_EN} (?:the )?liberation of"),
        *_verbs("en", _TAKE,
                r"(?:was|were|has been|have been|had been|is now|been)(?: \w+ly)? "
                r"(?:captured|seized|taken|occupied|liberated)",
                r"fell to", r"(?:has|had|have) fallen", r"falls to", passive=True),
        *_verbs("en", _TAKE, r"captured", r"captures", r"seized", r"seizes", r"took (?:full )?control (?:of|over)",
                r"takes? (?:full )?control (?:of|over)", r"took over", r"took", r"takes", r"overran",
                r"(?:gained|established|claimed|seized) (?:full )?control (?:of|over)", r"entered", r"enters",
                rf"{_ANNOUNCE_EN} (?:the )?(?:capture|seizure|fall|takeover) of"),
    ],
    "uk": [
        *_verbs("uk", _LEAVE, r"(?:відійш|вийш|відступи|виві|відве)\w* (?:\w+ )?(?:з|із)", r"залиши(?:ли|в|ла)",
                r"покину(?:ли|в|ла)"),
        *_verbs("uk", _RETAKE, r"відби(?:ли|в|ла)", r"відвоюва\w+",
                rf"поверну(?:ли|в|ла) (?:собі )?(?:{_CONTROL_UK})?"),
        *_verbs("uk", _FREE, r"звільни(?:ли|в|ла|ло)", r"звільнено", rf"{_ANNOUNCE_UK} (?:про )?звільнення"),
        *_verbs("uk", _TAKE, rf"(?:перейш|потрапи)\w* {_CONTROL_UK}", r"захоплено", r"окуповано",
                r"(?:був|була|було|були) (?:\w+ )?(?:захоплен|окупован|звільнен)\w*", passive=True),
        *_verbs("uk", _TAKE, r"захопи(?:ли|в|ла|ло)", r"окупува(?:ли|в|ла|ло)",
                r"(?:зайш|увійш|ввійш)(?:ли|ов|ла|ло)(?: (?:в|у|до))?",
                rf"взя(?:ли|в|ла|ло) (?:{_CONTROL_UK})?", r"встанови(?:ли|в|ла|ло) (?:повний )?контроль (?:над)?",
                rf"{_ANNOUNCE_UK} (?:про )?(?:захоплення|взяття|падіння)"),
    ],
    "ru": [
        *_verbs("ru", _LEAVE, r"(?:отош|выш|отступи|выве|отве)\w* (?:\w+ )?из", r"остави(?:ли|л|ла)",
                r"покину(?:ли|л|ла)"),
        *_verbs("ru", _RETAKE, r"отби(?:ли|л|ла)", r"отвоева\w+", rf"верну(?:ли|л|ла) (?:себе )?(?:{_CONTROL_RU})?"),
        *_verbs("ru", _FREE, r"освободи(?:ли|л|ла|ло)", r"освобожден[аоы]?",
                rf"{_ANNOUNCE_RU} (?:об )?освобождени[иея]"),
        *_verbs("ru", _TAKE, rf"(?:переш[её]л|перешл[аио]) {_CONTROL_RU}", r"(?:захвачен|взят|занят)[аоы]?",
                r"(?:был|была|было|были) (?:\w+ )?(?:захвачен|оккупирован|освобожден)\w*", passive=True),
        *_verbs("ru", _TAKE, r"захвати(?:ли|л|ла|ло)", r"оккупирова(?:ли|л|ла|ло)", r"заня(?:ли|л|ла|ло)",
                r"(?:вош|заш)(?:ли|[её]л|ла|ло)(?: во?)?", rf"взя(?:ли|л|ла|ло) (?:{_CONTROL_RU})?",
                r"установи(?:ли|л|ла|ло) (?:полный )?контроль (?:над)?",
                rf"{_ANNOUNCE_RU} (?:о |об )?(?:взятии|захвате|занятии|падении)"),
    ],
}  # fmt: skip
# A sentence with none of the letters only one of them writes ("Окупанти зайшли до ...") is read as either.
VERBS = {"en": _VERBS["en"], "cyrillic": _VERBS["uk"] + _VERBS["ru"]}
_FREE_DEFAULT = {"en": Control.UA, "uk": Control.UA, "ru": Control.RU}

_ACTORS: dict[Control, re.Pattern[str]] = {
    Control.RU: re.compile(
        r"(?<!\w)(?:russia\w*|moscow|kremlin|wagner|putin\w*|росі\w*|російськ\w*|рф|рашист\w*|окупант\w*|ворог\w*|"
        r"кремл\w*|путін\w*|вагнер\w*|росси\w*|российск\w*|оккупант\w*|вс рф|армия россии|минобороны)(?!\w)"
    ),
    Control.UA: re.compile(
        r"(?<!\w)(?:ukrain\w*|kyiv|kiev|zelensky\w*|afu|azov|україн\w*|зсу|сил\w* оборони|захисник\w*|"
        r"українськ\w*|всу|украин\w*|вооруж\w* сил\w* украины|вс украины|киев\w*|київ\w*)(?!\w)"
    ),
}
# An actor word that names the place's country, not the actor: "the Ukrainian village of", "українське село".
_SETTLEMENT_NOUN = re.compile(
    r"(?:village|town|city|settlement|hamlet|oblast|region|село|селище|місто|населен\w*|город\w*|посел\w*|"
    r"пос[её]л\w*|деревн\w*|област\w*)"
)
_MODAL = re.compile(
    r"(?<!\w)(?:not|n't|never|no|fail\w*|attempt\w*|tr(?:y|ied|ies|ying)|seek\w*|sought|aim\w*|plan\w*|will|would|"
    r"could|might|may|can|cannot|going|about|threat\w*|want\w*|bid|unable|close|verge|nearly|almost|"
    r"не|ні|намага\w*|спроб\w*|хоті\w*|хоче\w*|план\w*|збира\w*|мож\w*|міг|могли|майже|ледь|"
    r"ни|пыта\w*|попыт\w*|хотел\w*|хотят|намерен\w*|собира\w*|мог\w*|почти|чуть)(?!\w)"
)
_DENIAL = re.compile(
    r"(?<!\w)(?:den(?:y|ies|ied|ying)|refut\w*|reject\w*|false|fake|untrue|заперечу\w*|запереч\w*|спростов\w*|"
    r"фейк\w*|неправд\w*|брехн\w*|опроверг\w*|отрица\w*|ложь|лож\w+)(?!\w)"
)
# Between the verb and the name: the claim is about the surroundings, a part, or something else taken there
# ("captured two soldiers in X", "взяли в оточення X"), not the place.
_BLOCKERS = re.compile(
    r"(?<!\w)(?:near|outskirts|toward|towards|direction|around|part|parts|positions?|district|south|north|east|west|"
    r"approaches|in|at|inside|who|which|where|біля|поблизу|околиц\w*|напрям\w*|район\w*|частин\w*|позиці\w*|бік|під|"
    r"у|в|на|який|яка|які|де|около|окраин\w*|направлени\w*|сторон\w*|част\w*|позици\w*|под|возле|вблизи|во|"
    r"который|которая|которые|где)(?!\w)"
)
# The oblasts a sentence may name, by the stem of their adjective ("Донецької", "Донецкой", "Donetsk") or the
# colloquial noun ("Донеччина", "Курщина"); Kyiv is left out, it names the government far more often than a place.
_REGION_WORDS = {
    "UA-14": "донеччин|донетчин|днр|dnr", "UA-09": "луганщин|лнр|lnr", "UA-63": "харківщин|харьковщин",
    "UA-23": "запоріжж|запорожь", "UA-65": "херсонщин", "UA-59": "сумщин", "UA-12": "дніпропетровщин|днепропетровщин",
    "UA-48": "миколаївщин|николаевщин", "UA-43": "crimea|крим|крым", "RU-KRS": "курщин",
    "RU-BEL": "бєлгородщин|белгородчин", "RU-BRY": "брянщин",
}  # fmt: skip


def _region_pattern(region: Region) -> re.Pattern[str]:
    stems = {region.name_en.split(" ")[0].lower(), region.name_uk.split(" ")[0].lower()[:-1]}
    stems.add(region.name_ru.split(" ")[0].lower()[:-2])
    extra = _REGION_WORDS.get(region.code)
    alternatives = "|".join([*(re.escape(s) for s in sorted(stems) if len(s) >= 4), *([extra] if extra else [])])
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*")


_REGION_PATTERNS = {
    code: _region_pattern(region) for code, region in OBLASTS.items() if code not in ("UA-30", "UA-32", "UA-40")
}
_REGION_NOUN = re.compile(r"oblast|region|province|област\w*|обл|регіон\w*|регион\w*|район\w*|district")
_AND = frozenset({"and", "і", "й", "та", "и"})
_CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:but|while|although|але|однак|проте|но|однако)\b")
_WORD = re.compile(r"[^\W\d_][\w'’ʼ]*")  # Кам'янка-Дніпровська is two words, as the index keeps it
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def _script(text: str) -> str:
    letters = re.sub(r"[^a-zа-яёіїєґ]", "", text.lower())
    cyrillic = sum(1 for ch in letters if ch >= "а")
    return "cyrillic" if letters and cyrillic * 2 >= len(letters) else "en"


def sentences(text: str) -> Iterator[str]:
    for part in _SENTENCE.split(text):
        if part.strip():
            yield part.strip()


def find_claims(text: str, index: PlaceIndex, maps: ClaimMaps | None = None) -> list[Claim]:
    """The claims of `text`, in order. Of places that share a name the one in the oblast the sentence names wins,
    then (with `maps`) the one at the front."""
    claims: list[Claim] = []
    for sentence in sentences(text):
        claims += _sentence_claims(sentence, _Context(index, maps, _regions_named(sentence)))
    return claims


@dataclass(frozen=True, slots=True)
class _Context:
    index: PlaceIndex
    maps: ClaimMaps | None
    regions: frozenset[str]  # ISO codes of the oblasts the sentence names


def _regions_named(sentence: str) -> frozenset[str]:
    low = sentence.lower()
    return frozenset(code for code, pattern in _REGION_PATTERNS.items() if pattern.search(low))


def _sentence_claims(sentence: str, ctx: _Context) -> list[Claim]:
    low = sentence.lower()
    if _DENIAL.search(low):
        return []
    words = list(_WORD.finditer(sentence))
    if not words:
        return []
    starts = [w.start() for w in words]
    taken: set[int] = set()  # word indices already read as one claim's place
    claims: list[Claim] = []
    for verb in VERBS[_script(sentence)]:
        for match in verb.pattern.finditer(low):
            first = _word_at(starts, match.start())
            last = _word_at(starts, match.end() - 1)
            if first in taken or _modal_before(low, words, first):
                continue
            found = _place_after(sentence, words, last + 1, ctx)
            if found is None and verb.passive:
                found = _place_before(sentence, words, first, ctx)
            if found is None:
                continue
            side = _side(verb, low, words, first, last)
            taken.update(range(first, last + 1))
            while found is not None:  # "captured Pokrovsk and Myrnohrad", "Toretsk, Kurakhove and ..."
                place, written, span = found
                taken.update(span)
                claims.append(Claim(place, side, written))
                found = _next_in_list(sentence, words, span.stop, ctx)
    return claims


def _next_in_list(
    sentence: str, words: list[re.Match[str]], i: int, ctx: _Context
) -> tuple[Place, str, range] | None:
    if i >= len(words):
        return None
    between = sentence[words[i - 1].end() : words[i].start()]
    if between.strip() == "," or (between.strip() == "" and words[i].group().lower() in _AND and i + 1 < len(words)):
        return _place_at(words, i + 1 if between.strip() == "" else i, ctx)
    return None


def _word_at(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _modal_before(low: str, words: list[re.Match[str]], first: int) -> bool:
    begin = max(0, first - MODAL_WINDOW)
    window = low[words[begin].start() : words[first].start()]
    window = _CLAUSE_BREAK.split(window)[-1]
    return bool(_MODAL.search(window))


def _place_after(
    sentence: str, words: list[re.Match[str]], start: int, ctx: _Context
) -> tuple[Place, str, range] | None:
    end = min(len(words), start + VERB_WINDOW)
    for i in range(start, end):
        between = sentence[words[start].start() : words[i].start()].lower() if i > start else ""
        if _BLOCKERS.search(between) or _CLAUSE_BREAK.search(between) or "." in between:
            return None
        found = _place_at(words, i, ctx)
        if found is not None:
            return found
    return None


def _place_before(
    sentence: str, words: list[re.Match[str]], first: int, ctx: _Context
) -> tuple[Place, str, range] | None:
    for i in range(first - 1, max(-1, first - VERB_WINDOW), -1):
        between = sentence[words[i].end() : words[first].start()].lower()
        if _CLAUSE_BREAK.search(between):
            return None
        # The name may end at word i and begin before it: "Krasna Hora was liberated".
        for start in range(max(0, i - 3), i + 1):
            found = _place_at(words, start, ctx)
            if found is not None and found[2].stop == i + 1:
                return found
    return None


def _place_at(words: list[re.Match[str]], i: int, ctx: _Context) -> tuple[Place, str, range] | None:
    text = words[i].group()
    if not text[:1].isupper() or (text.isupper() and len(text) <= 4):  # ЗСУ, ВСУ, AFU are actors, not places
        return None
    plain = [w.group() for w in words]
    plain[i] = re.sub(r"['’ʼ]s$", "", plain[i])
    found = ctx.index.matches(plain, i)
    if not found:
        return None
    places = ctx.index.gazetteer.places

    def rank(hit: tuple[int, int, bool]) -> tuple[int, bool, bool, bool, float, int]:
        """The longest name; in the oblast named; at the front; spelt as written before declined; nearest."""
        place_i, n, exact = hit
        place = places[place_i]
        distance = ctx.maps.front_km(place) if ctx.maps is not None else 0.0
        far = distance > FRONT_KM
        elsewhere = bool(ctx.regions) and place.region not in ctx.regions
        return (-n, elsewhere, far, not exact, 0.0 if far else distance, -place.population)

    place_i, n, _ = min(found, key=rank)
    if i + n < len(words) and _REGION_NOUN.fullmatch(words[i + n].group().lower()):
        return None  # "Donetsk Oblast", "Харківської області": where the place is, not the place
    written = " ".join(w.group() for w in words[i : i + n])
    return places[place_i], written, range(i, i + n)


def _side(verb: _Verb, low: str, words: list[re.Match[str]], first: int, last: int) -> Control:
    actor = _actor_after(low, words, last) if verb.passive else None
    actor = actor or _actor_before(low, words, first)
    if verb.kind == _LEAVE:
        return {Control.UA: Control.RU, Control.RU: Control.UA}[actor] if actor else Control.RU
    if actor is not None:
        return actor
    if verb.kind == _FREE:
        return _FREE_DEFAULT[verb.lang]
    return Control.UA if verb.kind == _RETAKE else Control.RU


def _actors(text: str) -> Iterable[tuple[int, int, Control]]:
    for side, pattern in _ACTORS.items():
        for m in pattern.finditer(text):
            following = text[m.end() : m.end() + 24]
            if _SETTLEMENT_NOUN.match(following.strip().split(" ")[0] if following.strip() else ""):
                continue
            yield m.start(), m.end(), side


def _actor_before(low: str, words: list[re.Match[str]], first: int) -> Control | None:
    begin = words[max(0, first - ACTOR_WINDOW)].start()
    window = low[begin : words[first].start()]
    hits = sorted(_actors(window))
    return hits[-1][2] if hits else None


def _actor_after(low: str, words: list[re.Match[str]], last: int) -> Control | None:
    end = words[min(len(words) - 1, last + 6)].end()
    window = low[words[last].end() : end]
    hits = sorted(_actors(window))
    return hits[0][2] if hits else None
