"""A change in words, in en/uk/ru: plain-text lines (the caller escapes and renders them).

Place names stay in the nominative, so Ukrainian and Russian lines name them after "н. п." (settlement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

from bot.front.model import ChangedArea, Control, FrontChange, SettlementChange

LANGS = ("en", "uk", "ru")

_T: dict[str, dict[str, str]] = {
    "en": {
        "head": "Front line {since} → {until}",
        "digest": "Front line since {since}: {changes}occupied {total} km² ({share}%).",
        "ru_gained": "Russia gained {x} km²",
        "ua_gained": "Ukraine regained {x} km²",
        "grey": "Grey zone: {parts}.",
        "total": "Occupied: {total} km² ({share}% of Ukraine), {net} km² since {since}.",
        "total_same": "Occupied: {total} km² ({share}% of Ukraine), unchanged since {since}.",
        "region": "{name}: {parts}.",
        "region_ru": "Russia +{x} km²",
        "region_ua": "Ukraine +{x} km²",
        "region_grey": "grey zone +{x} km²",
        "russia_held": "In Russia, Ukraine holds {held} km²",
        "russia_gone": "In Russia, Ukraine no longer holds any territory",
        "russia_net": " ({net} km² since {since})",
        "russia_grey": ", plus {grey} km² grey zone",
        "ua_advanced": "Ukraine advanced {x} km²",
        "ua_lost": "Ukraine lost {x} km²",
        "ru_regained": "Russia regained {x} km²",
        "contested": "{x} km² became grey zone",
        "area_dir": "{km2} km² {dir} of {place} ({region}): {before} → {after}",
        "area_at": "{km2} km² at {place} ({region}): {before} → {after}",
        "area_bare": "{km2} km² ({region}): {before} → {after}",
        "settlements": "Changed hands: {items}",
        "more": "and {n} more",
        "none": "No change above {km2} km².",
        "span_longer": "These maps are {span} apart, not {expected}: the maps in between are missing.",
        "span_shorter": "These maps are only {span} apart, not {expected}: no older map is stored.",
        "age": "Map of {when} UTC ({span} ago).",
        "hours": "{n} h",
        "days": "{n} days",
        "ua": "Ukraine",
        "ru": "Russia",
        "grey_zone": "grey zone",
        "source": "Source: {name}",
    },
    "uk": {
        "head": "Лінія фронту {since} → {until}",
        "digest": "Фронт від {since}: {changes}окуповано {total} км² ({share}%).",
        "ru_gained": "Росія захопила {x} км²",
        "ua_gained": "Україна повернула {x} км²",
        "grey": "Сіра зона: {parts}.",
        "total": "Окуповано: {total} км² ({share}% України), {net} км² від {since}.",
        "total_same": "Окуповано: {total} км² ({share}% України), без змін від {since}.",
        "region": "{name}: {parts}.",
        "region_ru": "Росія +{x} км²",
        "region_ua": "Україна +{x} км²",
        "region_grey": "сіра зона +{x} км²",
        "russia_held": "У Росії Україна утримує {held} км²",
        "russia_gone": "У Росії Україна більше не утримує території",
        "russia_net": " ({net} км² від {since})",
        "russia_grey": ", ще {grey} км² — сіра зона",
        "ua_advanced": "Україна просунулася на {x} км²",
        "ua_lost": "Україна втратила {x} км²",
        "ru_regained": "Росія повернула {x} км²",
        "contested": "{x} км² стали сірою зоною",
        "area_dir": "{km2} км² на {dir} від н. п. {place} ({region}): {before} → {after}",
        "area_at": "{km2} км² у районі н. п. {place} ({region}): {before} → {after}",
        "area_bare": "{km2} км² ({region}): {before} → {after}",
        "settlements": "Змінили контроль: {items}",
        "more": "і ще {n}",
        "none": "Змін понад {km2} км² немає.",
        "span_longer": "Між цими мапами {span}, а не {expected}: проміжних мап немає.",
        "span_shorter": "Між цими мапами лише {span}, а не {expected}: давніших мап немає.",
        "age": "Мапа станом на {when} UTC ({span} тому).",
        "hours": "{n} год",
        "days": "{n} дн.",
        "ua": "Україна",
        "ru": "Росія",
        "grey_zone": "сіра зона",
        "source": "Джерело: {name}",
    },
    "ru": {
        "head": "Линия фронта {since} → {until}",
        "digest": "Фронт с {since}: {changes}оккупировано {total} км² ({share}%).",
        "ru_gained": "Россия захватила {x} км²",
        "ua_gained": "Украина вернула {x} км²",
        "grey": "Серая зона: {parts}.",
        "total": "Оккупировано: {total} км² ({share}% Украины), {net} км² с {since}.",
        "total_same": "Оккупировано: {total} км² ({share}% Украины), без изменений с {since}.",
        "region": "{name}: {parts}.",
        "region_ru": "Россия +{x} км²",
        "region_ua": "Украина +{x} км²",
        "region_grey": "серая зона +{x} км²",
        "russia_held": "В России Украина удерживает {held} км²",
        "russia_gone": "В России Украина больше не удерживает территорий",
        "russia_net": " ({net} км² с {since})",
        "russia_grey": ", ещё {grey} км² — серая зона",
        "ua_advanced": "Украина продвинулась на {x} км²",
        "ua_lost": "Украина потеряла {x} км²",
        "ru_regained": "Россия вернула {x} км²",
        "contested": "{x} км² стали серой зоной",
        "area_dir": "{km2} км² {dir} от н. п. {place} ({region}): {before} → {after}",
        "area_at": "{km2} км² в районе н. п. {place} ({region}): {before} → {after}",
        "area_bare": "{km2} км² ({region}): {before} → {after}",
        "settlements": "Сменили контроль: {items}",
        "more": "и ещё {n}",
        "none": "Изменений больше {km2} км² нет.",
        "span_longer": "Между этими картами {span}, а не {expected}: промежуточных карт нет.",
        "span_shorter": "Между этими картами всего {span}, а не {expected}: более ранних карт нет.",
        "age": "Карта на {when} UTC ({span} назад).",
        "hours": "{n} ч",
        "days": "{n} дн.",
        "ua": "Украина",
        "ru": "Россия",
        "grey_zone": "серая зона",
        "source": "Источник: {name}",
    },
}
_DIRECTIONS = {
    "en": dict(
        n="north", ne="north-east", e="east", se="south-east", s="south", sw="south-west", w="west", nw="north-west"
    ),
    "uk": dict(
        n="північ",
        ne="північний схід",
        e="схід",
        se="південний схід",
        s="південь",
        sw="південний захід",
        w="захід",
        nw="північний захід",
    ),
    "ru": dict(
        n="к северу",
        ne="к северо-востоку",
        e="к востоку",
        se="к юго-востоку",
        s="к югу",
        sw="к юго-западу",
        w="к западу",
        nw="к северо-западу",
    ),
}


ZERO_KM2 = 0.05  # below what km2() prints as "0.1": a part that small is left out, and a line of only such parts
Flows = Mapping[tuple[Control, Control], float]


def km2(value: float, lang: str) -> str:
    """1234.5 -> "1,234.5" (en) or "1 234,5" (uk/ru); whole numbers from 100 km² up."""
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
    return text if lang == "en" else text.replace(",", " ").replace(".", ",")


def _signed(value: float, lang: str) -> str:
    return ("+" if value >= 0 else "−") + km2(abs(value), lang)


def _date(t: datetime) -> str:
    return t.strftime("%Y-%m-%d")


def _control(c: Control, lang: str) -> str:
    return _T[lang]["grey_zone" if c is Control.GREY else c.value]


def attribution(lang: str = "en", name: str = "DeepStateMAP") -> str:
    """"Source: DeepStateMAP" in the reader's language; the source keeps its own name."""
    return _T[lang if lang in _T else "en"]["source"].format(name=name)


def _parts(lang: str, items: Iterable[tuple[str, float]]) -> list[str]:
    """The message parts whose figure is not zero: a reader gains nothing from "+0.0 km²"."""
    return [_T[lang][key].format(x=km2(value, lang)) for key, value in items if value >= ZERO_KM2]


def _sum(flows: Flows, *pairs: tuple[Control, Control]) -> float:
    return sum(flows.get(pair, 0.0) for pair in pairs)


UA, RU, GREY = Control.UA, Control.RU, Control.GREY


def change_lines(
    change: FrontChange,
    lang: str = "en",
    *,
    expected: timedelta | None = None,
    max_regions: int = 6,
    max_areas: int = 5,
    max_settlements: int = 12,
) -> list[str]:
    """The change as reader-facing lines, most important first, attribution last: Ukraine's territory first, then
    Ukraine's positions in Russia apart from it. `expected`: the span the reader asked for ("week"); when the maps
    are much further apart or closer (maps missing), a line says so."""
    lang = lang if lang in _T else "en"
    t = _T[lang]
    lines = [t["head"].format(since=_date(change.since), until=_date(change.until))]
    if expected is not None:
        lines += _span_note(change.until - change.since, expected, lang)
    if gains := gains_line(change, lang):
        lines.append(gains)
    grey = [
        f"{sign}{km2(value, lang)} {'km²' if lang == 'en' else 'км²'}"
        for sign, value in (("+", change.into_grey_km2), ("−", change.out_of_grey_km2))
        if value >= ZERO_KM2
    ]
    if grey:
        lines.append(t["grey"].format(parts=", ".join(grey)))
    lines.append(
        t["total" if abs(change.net_occupied_km2) >= ZERO_KM2 else "total_same"].format(
            total=km2(change.occupied_after_km2, lang),
            share=_share(change, lang),
            net=_signed(change.net_occupied_km2, lang),
            since=_date(change.since),
        )
    )
    in_ukraine = [a for a in change.areas if not a.in_russia]
    in_russia = [a for a in change.areas if a.in_russia]
    lines += _region_lines(change, change.by_region_km2, _ukraine_parts, lang, max_regions)
    lines += [_area_line(a, change, lang) for a in in_ukraine[:max_areas]]
    lines += russia_lines(change, lang)
    lines += _region_lines(change, change.russia_by_region_km2, _russia_parts, lang, max_regions)
    lines += [_area_line(a, change, lang) for a in in_russia[: max(1, max_areas // 2)]]
    if change.settlements:
        lines.append(_settlement_line(change.settlements, lang, max_settlements))
    if not change.areas:
        lines.append(t["none"].format(km2=km2(ZERO_KM2, lang)))
    lines.append(attribution(lang, change.source))
    return lines


def digest_lines(change: FrontChange, lang: str = "en") -> list[str]:
    """The change in one line for a digest (occupied Ukraine), and one on Ukraine's positions in Russia if any."""
    lang = lang if lang in _T else "en"
    gains = _gains(change, lang)
    line = _T[lang]["digest"].format(
        since=_date(change.since),
        changes=", ".join(gains) + "; " if gains else "",
        total=km2(change.occupied_after_km2, lang),
        share=_share(change, lang),
    )
    return [line, *russia_lines(change, lang)]


def gains_line(change: FrontChange, lang: str = "en") -> str:
    """Who gained how much of Ukraine's territory, in one line ("" when nobody did)."""
    lang = lang if lang in _T else "en"
    gains = _gains(change, lang)
    return ", ".join(gains) + "." if gains else ""


def _gains(change: FrontChange, lang: str) -> list[str]:
    return _parts(lang, (("ru_gained", change.to_russia_km2), ("ua_gained", change.to_ukraine_km2)))


def _share(change: FrontChange, lang: str) -> str:
    share = f"{change.occupied_share_after * 100:.2f}"
    return share if lang == "en" else share.replace(".", ",")


def _span_note(actual: timedelta, expected: timedelta, lang: str) -> list[str]:
    """A line when the two maps are not about `expected` apart: a "week" of 34 days must say so. DeepState posts
    about daily at varying hours, so up to a quarter (at least 12 h) off is still the period asked for."""
    if abs(actual - expected) <= max(expected / 4, timedelta(hours=12)):
        return []
    key = "span_longer" if actual > expected else "span_shorter"
    return [_T[lang][key].format(span=span(actual, lang), expected=span(expected, lang))]


def russia_lines(change: FrontChange, lang: str = "en") -> list[str]:
    """What Ukraine holds in Russia's own oblasts (Kursk, Belgorod, Bryansk) and how that changed."""
    t = _T[lang]
    held, grey, net = change.ua_held_ru_after_km2, change.grey_ru_after_km2, change.ua_held_ru_change_km2
    if max(held, grey, abs(net), change.ua_held_ru_before_km2) < ZERO_KM2:
        return []
    line = t["russia_held"].format(held=km2(held, lang)) if held >= ZERO_KM2 else t["russia_gone"]
    if abs(net) >= ZERO_KM2:
        line += t["russia_net"].format(net=_signed(net, lang), since=_date(change.since))
    if grey >= ZERO_KM2:
        line += t["russia_grey"].format(grey=km2(grey, lang))
    return [line + "."]


def _ukraine_parts(flows: Flows, lang: str) -> list[str]:
    return _parts(
        lang,
        (
            ("region_ru", _sum(flows, (UA, RU), (GREY, RU))),
            ("region_ua", _sum(flows, (RU, UA), (GREY, UA))),
            ("region_grey", _sum(flows, (UA, GREY), (RU, GREY))),
        ),
    )


def _russia_parts(flows: Flows, lang: str) -> list[str]:
    """Russia's own oblast from Ukraine's positions there: Russia "gaining" its own land reads as nonsense."""
    return _parts(
        lang,
        (
            ("ua_advanced", _sum(flows, (RU, UA), (GREY, UA))),
            ("ua_lost", _sum(flows, (UA, RU), (UA, GREY))),
            ("ru_regained", _sum(flows, (UA, RU), (GREY, RU))),
            ("contested", _sum(flows, (RU, GREY))),
        ),
    )


def span(age: timedelta, lang: str = "en") -> str:
    """A duration as a reader takes it in: hours up to two days, then days ("17397 h" reads as noise)."""
    table = _T[lang if lang in _T else "en"]
    hours = max(0, int(age.total_seconds() // 3600))
    # whole days to the nearest: two maps at 20:07 and, 34 days on, at 19:58 are 34 days apart, not 33
    return table["days"].format(n=int(hours / 24 + 0.5)) if hours >= 48 else table["hours"].format(n=hours)


def age_line(taken: datetime, now: datetime, lang: str = "en") -> str:
    """How old the map is, so a reader of stale numbers (API down) knows it."""
    when = taken.strftime("%Y-%m-%d %H:%M")
    return _T[lang if lang in _T else "en"]["age"].format(when=when, span=span(now - taken, lang))


def _region_name(code: str, change: FrontChange, lang: str) -> str:
    region = change.regions.get(code)
    return region.name(lang) if region else (code or "?")


def _region_lines(
    change: FrontChange,
    by_region: Mapping[str, Flows],
    parts: Callable[[Flows, str], list[str]],
    lang: str,
    limit: int,
) -> list[str]:
    rows = sorted(by_region.items(), key=lambda row: -sum(row[1].values()))
    lines = [
        _T[lang]["region"].format(name=_region_name(code, change, lang), parts=", ".join(said))
        for code, flows in rows
        if (said := parts(flows, lang))
    ]
    return lines[:limit]


def _area_line(area: ChangedArea, change: FrontChange, lang: str) -> str:
    t = _T[lang]
    fields = dict(
        km2=km2(area.km2, lang),
        region=_region_name(area.region, change, lang),
        before=_control(area.before, lang),
        after=_control(area.after, lang),
    )
    if area.near is None:
        return t["area_bare"].format(**fields)
    if not area.bearing:
        return t["area_at"].format(place=area.near.name(lang), **fields)
    return t["area_dir"].format(place=area.near.name(lang), dir=_DIRECTIONS[lang][area.bearing], **fields)


def _settlement_line(settlements: tuple[SettlementChange, ...], lang: str, limit: int) -> str:
    items = [
        f"{s.place.name(lang)} ({_control(s.before, lang)} → {_control(s.after, lang)})" for s in settlements[:limit]
    ]
    if len(settlements) > limit:
        items.append(_T[lang]["more"].format(n=len(settlements) - limit))
    return _T[lang]["settlements"].format(items=", ".join(items))
