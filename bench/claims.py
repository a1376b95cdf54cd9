"""News claims against the map (`bot.front.claims`): precision and recall of each label on claims built from real
maps, and the labels of real headlines.

Built claims: for every two consecutive maps of the shared DeepState snapshots (A older than B), the gazetteer's
settlements whose holder changed between them (Ukraine <-> Russia, grey zone left out) and some that did not (near
B's front line, held by the same side on both maps). Each is said in past-tense news wording, in Ukrainian, Russian
and English, with the case endings a sentence needs (Ukrainian and Russian spellings made here, by rule, from the
gazetteer's names), half of them naming the oblast as most news do, and checked against B with A as the map before
it:
- changed hands, claimed by the side that now holds it      -> expected "on_map"
- did not change, claimed by the side that does not hold it -> expected "not_yet"
- changed hands, claimed by the side that lost it           -> expected "contradicted" (the map went the other way)
A claim counts as right only with the right label for the right settlement (within 3 km of it).

Real headlines: bench/data/claims_headlines.csv keeps facts only (date, language, the settlement as the outlet
spelled it, the side it says took it, the kind of verb, the URL); the sentence checked is ours, made from those
facts. Each is checked against the newest shared map of that day (what a digest would have said) and against the
first map after it (whether the map caught up). The shared maps end on 2025-08-03.

    python bench/claims.py [--per-class N] [--gazetteer settlements.csv]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, shared_data
from bot.domain import MapVerdict
from bot.front import parse_snapshot
from bot.front.claims import ClaimMaps, MapState, check_text
from bot.front.geodata import Gazetteer, default_gazetteer
from bot.front.model import Control, FrontSnapshot, Place
from bot.front.oblasts import OBLASTS

HEADLINES = ROOT / "bench" / "data" / "claims_headlines.csv"
SEED = 7
NEAR_FRONT_KM = 15.0  # "did not change" places are taken this close to the front, where claims are made
SAME_PLACE_KM = 3.0
OBLAST_SHARE = 0.5  # the share of built claims that name the oblast, as most news do
LABELS = (MapVerdict.ON_MAP, MapVerdict.NOT_YET, MapVerdict.CONTRADICTED)
CLEAR = (Control.UA, Control.RU)

# -- our own wording: actors, verbs, and the case forms they need ---------------------------------------------------
# (template, case) per language and side; {x} is the settlement in that case. Russia's claims in Ukraine "capture",
# Ukraine's "liberate"; in Russia it is the other way round.
TEMPLATES: dict[tuple[str, Control, bool], list[tuple[str, str]]] = {
    ("en", Control.RU, False): [
        ("Russian forces captured {x}, the defence ministry in Moscow said.", "nom"),
        ("Russia claims capture of the village of {x}", "nom"),
        ("Russian troops took control of {x} after weeks of assaults", "nom"),
        ("Ukrainian forces withdrew from {x} to avoid encirclement, the army said.", "nom"),
    ],
    ("en", Control.UA, False): [
        ("Ukrainian troops liberated {x}, the general staff said.", "nom"),
        ("Ukraine's army recaptured {x}, a brigade reported.", "nom"),
        ("{x} was liberated by Ukrainian forces on Sunday.", "nom"),
    ],
    ("en", Control.UA, True): [
        ("Ukrainian forces entered {x} in Russia's border region.", "nom"),
        ("Ukraine says its troops took control of {x}.", "nom"),
    ],
    ("en", Control.RU, True): [
        ("Russia says it liberated {x} in the border region.", "nom"),
        ("Russian forces retook {x} from Ukrainian troops.", "nom"),
    ],
    ("uk", Control.RU, False): [
        ("Окупанти захопили {x}, повідомляють військові.", "acc"),
        ("Російські війська зайшли до {x}.", "gen"),
        ("Ворог встановив контроль над {x}, заявили в Міноборони РФ.", "ins"),
        ("ЗСУ вийшли з {x}, щоб уникнути оточення.", "gen"),
        ("Росіяни заявили, що захопили село {x}.", "nom"),
    ],
    ("uk", Control.UA, False): [
        ("Сили оборони звільнили {x}.", "acc"),
        ("ЗСУ звільнили населений пункт {x}, повідомив Генштаб.", "nom"),
        ("Українські військові відбили {x}.", "acc"),
    ],
    ("uk", Control.UA, True): [
        ("ЗСУ зайшли до {x} у Курській області.", "gen"),
        ("Українські військові взяли під контроль {x}.", "acc"),
    ],
    ("uk", Control.RU, True): [
        ("Росіяни заявили, що звільнили {x} від ЗСУ.", "acc"),
        ("Російська армія відбила {x}.", "acc"),
    ],
    ("ru", Control.RU, False): [
        ("ВС РФ освободили {x}, сообщило Минобороны.", "acc"),
        ("Российские войска взяли под контроль {x}.", "acc"),
        ("Минобороны России заявило об освобождении {x}.", "gen"),
        ("Армия России заняла населенный пункт {x}.", "nom"),
        ("ВСУ отошли из {x}.", "gen"),
    ],
    ("ru", Control.UA, False): [
        ("ВСУ освободили {x}, заявили в Генштабе Украины.", "acc"),
        ("Украинские военные отбили {x}.", "acc"),
    ],
    ("ru", Control.UA, True): [
        ("ВСУ вошли в {x} Курской области.", "acc"),
        ("Украинские войска заняли {x}.", "acc"),
    ],
    ("ru", Control.RU, True): [
        ("Российские военные освободили {x} от ВСУ.", "acc"),
        ("Группировка войск «Север» освободила населенный пункт {x}.", "nom"),
    ],
}
# Real headlines: the kind of verb they used, said our way.
WORDINGS: dict[tuple[str, str], str] = {
    ("en", "captured"): "{actor} forces captured {x}.", ("en", "took_control"): "{actor} troops took control of {x}.",
    ("en", "liberated"): "{actor} forces liberated {x}.", ("en", "entered"): "{actor} forces entered {x}.",
    ("en", "retook"): "{actor} forces retook {x}.", ("en", "withdrew"): "{other} troops withdrew from {x}.",
    ("uk", "captured"): "{actor} захопили населений пункт {x}.", ("uk", "liberated"): "{actor} звільнили село {x}.",
    ("uk", "took_control"): "{actor} взяли під контроль населений пункт {x}.",
    ("uk", "entered"): "{actor} заявили, що зайшли в місто {x}.",
    ("ru", "liberated"): "{actor} освободили населенный пункт {x}.",
    ("ru", "took_control"): "{actor} установили контроль над поселком {x}.",
}  # fmt: skip
ACTORS = {
    ("en", Control.RU): "Russian", ("en", Control.UA): "Ukrainian", ("uk", Control.RU): "Російські військові",
    ("uk", Control.UA): "Сили оборони", ("ru", Control.RU): "ВС РФ", ("ru", Control.UA): "ВСУ",
}  # fmt: skip

_UK_LETTERS = re.compile(r"[іїєґ'’ʼ]")
# Ukrainian spelling -> the usual Russian one, for names the gazetteer has no Russian spelling of.
_RUSSIFY = (
    ("ськ", "ск"), ("цьк", "цк"), ("івка", "овка"), ("ївка", "еевка"), ("ове", "ово"), ("еве", "ево"), ("ине", "ино"),
    ("ів", "ов"), ("’я", "ья"), ("'я", "ья"), ("’", ""), ("'", ""), ("ʼ", ""), ("ї", "и"), ("і", "и"), ("є", "е"),
    ("ґ", "г"),
)  # fmt: skip


def russian_name(place: Place) -> str:
    if place.name_ru and not _UK_LETTERS.search(place.name_ru):
        return place.name_ru
    name = place.name_uk
    for src, dst in _RUSSIFY:
        name = re.sub(src + r"(?=\b|$)" if src in ("ове", "еве", "ине", "ів") else src, dst, name)
    return name


def oblast_phrase(place: Place, lang: str) -> str:
    """" in Donetsk Oblast" / " Донецької області" / " Донецкой области" (the genitive after the name)."""
    region = OBLASTS.get(place.region)
    if region is None or place.region in ("UA-43", "UA-30", "UA-40"):
        return ""
    if lang == "en":
        return f" in {region.name_en}"
    adjective = (region.name_uk if lang == "uk" else region.name_ru).split(" ")[0]
    genitive = adjective[:-1] + "ої" if lang == "uk" else adjective[:-2] + "ой"
    return f" {genitive} {'області' if lang == 'uk' else 'области'}"


def inflect(name: str, case: str, lang: str) -> str:
    """`name` in the accusative, genitive or instrumental, by the endings rule of each word."""
    if case == "nom":
        return name
    words = name.split(" ")
    return " ".join(_inflect_word(w, case, lang, adjective=i < len(words) - 1) for i, w in enumerate(words))


# Feminine adjectives, hard (Велика, Алмазная) and soft (Верхня, Верхняя): case -> ending.
_RU_ADJECTIVE = {True: {"acc": "ую", "gen": "ой", "ins": "ой"}, False: {"acc": "юю", "gen": "ей", "ins": "ей"}}
_UK_ADJECTIVE = {True: {"acc": "у", "gen": "ої", "ins": "ою"}, False: {"acc": "ю", "gen": "ьої", "ins": "ьою"}}


def _inflect_word(word: str, case: str, lang: str, *, adjective: bool) -> str:
    if "-" in word:
        return word
    low = word.lower()
    uk = lang == "uk"
    velar = low[-2:-1] in ("к", "г", "х", "ж", "ш", "ч", "щ")
    if not uk and low.endswith(("ая", "яя")):  # Алмазная, Верхняя
        return word[:-2] + _RU_ADJECTIVE[low.endswith("ая")][case]
    if adjective and low.endswith(("а", "я")):  # Велика, Верхня
        return word[:-1] + _UK_ADJECTIVE[low.endswith("а")][case]
    if low.endswith(("ий", "ій", "ый", "ой")):
        stem = word[:-2]
        return stem + {"acc": low[-2:], "gen": "ого", "ins": "им" if uk else "ым"}[case]
    if low.endswith("а"):
        gen = "и" if uk or velar else "ы"
        return word[:-1] + {"acc": "у", "gen": gen, "ins": "ою" if uk else "ой"}[case]
    if low.endswith("я"):
        return word[:-1] + {"acc": "ю", "gen": "ї" if uk and low[-2:-1] in "аеиіоуюя'’" else "і" if uk else "и",
                            "ins": "ею" if uk else "ей"}[case]  # fmt: skip
    if low.endswith(("ое", "ее")) and not uk:
        return word[:-2] + {"acc": low[-2:], "gen": "ого", "ins": "ым"}[case]
    if low.endswith("е") and uk:
        return word[:-1] + {"acc": "е", "gen": "ого", "ins": "им"}[case]
    if low.endswith(("о", "е", "и", "і", "ы", "у", "ю")):
        return word  # Курахово, Работино: not declined in the Russian press
    if low.endswith("ь"):
        return word[:-1] + {"acc": "ь", "gen": "я", "ins": "ем"}[case]
    return word + {"acc": "", "gen": "а", "ins": "ом"}[case]


# -- built claims -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    text: str
    place: Place
    expected: MapVerdict
    lang: str
    pair: str


def build_claims(
    maps: list[FrontSnapshot], gazetteer: Gazetteer, per_class: int, rng: random.Random
) -> list[tuple[ClaimMaps, list[Built]]]:
    places = gazetteer.places
    out: list[tuple[ClaimMaps, list[Built]]] = []
    for a, b in itertools.pairwise(maps):
        before, after = MapState(a).controls(places), MapState(b).controls(places)
        claim_maps = ClaimMaps.of(b, a, gazetteer)
        changed = [i for i in range(len(places)) if before[i] in CLEAR and after[i] in CLEAR and before[i] != after[i]]
        same = [i for i in range(len(places)) if before[i] == after[i] and before[i] in CLEAR]
        rng.shuffle(same)
        near = [i for i in same[: per_class * 20] if claim_maps.latest.front_km(places[i]) <= NEAR_FRONT_KM]
        picked_changed = rng.sample(changed, min(per_class, len(changed)))
        cases = [(i, after[i], MapVerdict.ON_MAP) for i in picked_changed]
        cases += [(i, before[i], MapVerdict.CONTRADICTED) for i in picked_changed]
        cases += [(i, _other(after[i]), MapVerdict.NOT_YET) for i in near[:per_class]]
        pair = f"{a.taken:%Y-%m-%d}->{b.taken:%Y-%m-%d}"
        built: list[Built] = []
        for i, side, expected in cases:
            place = places[i]
            for lang in ("uk", "ru", "en"):
                name = {"uk": place.name_uk, "ru": russian_name(place), "en": place.name_en}[lang]
                if not name:
                    continue
                template, case = rng.choice(TEMPLATES[(lang, side, place.region.startswith("RU-"))])
                where = oblast_phrase(place, lang) if rng.random() < OBLAST_SHARE else ""
                text = template.format(x=inflect(name, case, lang) + where)
                built.append(Built(text, place, expected, lang, pair))
        out.append((claim_maps, built))
    return out


def _other(side: Control) -> Control:
    return Control.UA if side is Control.RU else Control.RU


def _same_place(a: Place, b: Place) -> bool:
    dx = (a.lon - b.lon) * 111.3 * 0.66
    dy = (a.lat - b.lat) * 111.2
    return dx * dx + dy * dy <= SAME_PLACE_KM**2


def score(groups: list[tuple[ClaimMaps, list[Built]]]) -> tuple[dict[str, tuple[int, int, int]], Counter[str], list]:
    """Per label (right, predicted, expected); misses by kind; a few examples of the misses."""
    right: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    examples: list[tuple[str, str, str, str]] = []
    for maps, built in groups:
        for claim in built:
            expected[claim.expected] += 1
            checked = check_text(claim.text, maps)
            if not checked:
                misses["no claim read"] += 1
                examples.append((claim.pair, claim.text, claim.expected, "no claim"))
                continue
            first = checked[0]
            predicted[first.verdict] += 1
            if not _same_place(first.claim.place, claim.place):
                misses["another place"] += 1
                got = f"{first.claim.place.name_en} {first.verdict}"
                examples.append((claim.pair, claim.text, claim.expected, got))
            elif first.verdict != claim.expected:
                misses[f"{claim.expected} read as {first.verdict}"] += 1
                examples.append((claim.pair, claim.text, claim.expected, str(first.verdict)))
            else:
                right[first.verdict] += 1
    return {str(v): (right[v], predicted[v], expected[v]) for v in LABELS}, misses, examples


# -- real headlines ---------------------------------------------------------------------------------------------------


def headline_rows() -> list[dict[str, str]]:
    with HEADLINES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def headline_text(row: dict[str, str]) -> str:
    side = Control(row["side"])
    lang = row["lang"]
    template = WORDINGS.get((lang, row["wording"])) or WORDINGS[(lang, "liberated" if lang == "ru" else "captured")]
    return template.format(actor=ACTORS[(lang, side)], other=ACTORS[(lang, _other(side))], x=row["settlement"])


def check_headlines(maps: list[FrontSnapshot], gazetteer: Gazetteer) -> list[tuple[dict[str, str], str, str]]:
    """Each headline's label on the newest map of its day and on the first map after it ("" when there is none)."""
    out = []
    for row in headline_rows():
        day = datetime.fromisoformat(row["date"]).replace(hour=23, minute=59, tzinfo=UTC)
        past = [m for m in maps if m.taken <= day]
        later = [m for m in maps if m.taken > day]
        labels = []
        for latest, earlier in (
            (past[-1] if past else None, past[-2] if len(past) > 1 else None),
            (later[0] if later else None, past[-1] if past else None),
        ):
            if latest is None:
                labels.append("")
                continue
            checked = check_text(headline_text(row), ClaimMaps.of(latest, earlier, gazetteer))
            labels.append(
                f"{checked[0].verdict} ({checked[0].claim.place.name_en}, {latest.taken:%Y-%m-%d})"
                if checked
                else f"no place found ({latest.taken:%Y-%m-%d})"
            )
        out.append((row, labels[0], labels[1]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-class", type=int, default=6, help="settlements per class and pair of maps")
    parser.add_argument("--gazetteer", type=Path, help="a settlements CSV instead of the built-in gazetteer")
    args = parser.parse_args()
    started = time.perf_counter()
    folder = shared_data("front_deepstate_snapshots") / "raw"
    maps = sorted(
        (parse_snapshot(p.read_bytes(), snapshot_id=int(p.stem.rsplit("_id", 1)[1])) for p in folder.glob("*.geojson")),
        key=lambda s: s.taken,
    )
    gazetteer = Gazetteer.from_csv(args.gazetteer) if args.gazetteer else default_gazetteer()
    parsed = time.perf_counter()
    groups = build_claims(maps, gazetteer, args.per_class, random.Random(SEED))
    figures, misses, examples = score(groups)
    checked = time.perf_counter()
    total = sum(len(b) for _, b in groups)
    print(f"{len(maps)} maps, {len(maps) - 1} pairs; gazetteer: {args.gazetteer or 'built-in'} "
          f"({len(gazetteer.places)} places); {total} built claims (uk, ru, en); "
          f"maps parsed in {parsed - started:.1f} s, claims checked in {checked - parsed:.1f} s")  # fmt: skip
    for label, (right, predicted, expected) in figures.items():
        print(f"  {label:13s} expected {expected:4d}  predicted {predicted:4d}  right {right:4d}  "
              f"precision {_ratio(right, predicted)}  recall {_ratio(right, expected)}")  # fmt: skip
    print("  misses: " + (", ".join(f"{k} {n}" for k, n in misses.most_common()) or "none"))
    for pair, text, want, got in examples[:8]:
        print(f"    {pair}  {text!r}: expected {want}, got {got}")

    print(f"\nReal headlines ({HEADLINES.relative_to(ROOT)}): label on the map of that day | on the first map after it")
    real = check_headlines(maps, gazetteer)
    for row, that_day, after in real:
        print(f"  {row['date']} {row['lang']} {row['settlement']:18s} {row['side']}: {that_day or '-'} | "
              f"{after or '-'}  {row['url']}")  # fmt: skip
    tally = Counter(label.split(" (")[0] for _, label, _ in real)
    caught_up = Counter(label.split(" (")[0] for _, _, label in real if label)

    summary = "; ".join(
        f"{label} P {_ratio(r, p)} R {_ratio(r, e)}" for label, (r, p, e) in figures.items()
    )  # fmt: skip
    print(f"claims: built {total}: {summary} (target 0.95) | real headlines {len(real)}: that day "
          + ", ".join(f"{k} {n}" for k, n in tally.most_common())
          + "; first map after: " + ", ".join(f"{k} {n}" for k, n in caught_up.most_common()))  # fmt: skip


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


if __name__ == "__main__":
    main()
