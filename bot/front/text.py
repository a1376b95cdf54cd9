"""A change in words, in en/uk/ru: plain-text lines (the caller escapes and renders them).

Place names stay in the nominative, so Ukrainian and Russian lines name them after "н. п." (settlement).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.front.model import ATTRIBUTION, ChangedArea, Control, FrontChange, SettlementChange, Zone

LANGS = ("en", "uk", "ru")

_T: dict[str, dict[str, str]] = {
    "en": {
        "head": "Front line {since} → {until}",
        "gains": "Russia gained {ru} km², Ukraine gained {ua} km².",
        "grey": "Grey zone: +{inn} km², −{out} km².",
        "absent": (
            "Only occupied territory is compared: this map archive has no grey zone "
            "and no area held by Ukraine in Russia."
        ),
        "total": "Occupied: {total} km² ({share}% of Ukraine), {net} km² since {since}.",
        "kursk": "Held by Ukraine in Russia: {held} km², plus {grey} km² grey zone.",
        "region": "{name}: Russia +{ru} km², Ukraine +{ua} km², grey +{grey} km².",
        "region_no_grey": "{name}: Russia +{ru} km², Ukraine +{ua} km².",
        "area_dir": "{km2} km² {dir} of {place} ({region}): {before} → {after}",
        "area_at": "{km2} km² at {place} ({region}): {before} → {after}",
        "area_bare": "{km2} km² ({region}): {before} → {after}",
        "settlements": "Changed hands: {items}",
        "more": "and {n} more",
        "none": "No change above {km2} km².",
        "age": "Map of {when} UTC ({span} ago).",
        "hours": "{n} h",
        "days": "{n} days",
        "ua": "Ukraine",
        "ru": "Russia",
        "grey_zone": "grey zone",
    },
    "uk": {
        "head": "Лінія фронту {since} → {until}",
        "gains": "Росія здобула {ru} км², Україна — {ua} км².",
        "grey": "Сіра зона: +{inn} км², −{out} км².",
        "absent": (
            "Порівнюється лише окупована територія: у цьому архіві мап немає сірої зони "
            "та території, яку Україна контролює в Росії."
        ),
        "total": "Окуповано: {total} км² ({share}% України), {net} км² від {since}.",
        "kursk": "Україна контролює в Росії: {held} км², ще {grey} км² сірої зони.",
        "region": "{name}: Росія +{ru} км², Україна +{ua} км², сіра зона +{grey} км².",
        "region_no_grey": "{name}: Росія +{ru} км², Україна +{ua} км².",
        "area_dir": "{km2} км² на {dir} від н. п. {place} ({region}): {before} → {after}",
        "area_at": "{km2} км² у районі н. п. {place} ({region}): {before} → {after}",
        "area_bare": "{km2} км² ({region}): {before} → {after}",
        "settlements": "Змінили контроль: {items}",
        "more": "і ще {n}",
        "none": "Змін понад {km2} км² немає.",
        "age": "Мапа станом на {when} UTC ({span} тому).",
        "hours": "{n} год",
        "days": "{n} дн.",
        "ua": "Україна",
        "ru": "Росія",
        "grey_zone": "сіра зона",
    },
    "ru": {
        "head": "Линия фронта {since} → {until}",
        "gains": "Россия заняла {ru} км², Украина — {ua} км².",
        "grey": "Серая зона: +{inn} км², −{out} км².",
        "absent": (
            "Сравнивается только оккупированная территория: в этом архиве карт нет серой зоны "
            "и территории, которую Украина контролирует в России."
        ),
        "total": "Оккупировано: {total} км² ({share}% Украины), {net} км² с {since}.",
        "kursk": "Украина контролирует в России: {held} км², ещё {grey} км² серой зоны.",
        "region": "{name}: Россия +{ru} км², Украина +{ua} км², серая зона +{grey} км².",
        "region_no_grey": "{name}: Россия +{ru} км², Украина +{ua} км².",
        "area_dir": "{km2} км² {dir} от н. п. {place} ({region}): {before} → {after}",
        "area_at": "{km2} км² в районе н. п. {place} ({region}): {before} → {after}",
        "area_bare": "{km2} км² ({region}): {before} → {after}",
        "settlements": "Сменили контроль: {items}",
        "more": "и ещё {n}",
        "none": "Изменений больше {km2} км² нет.",
        "age": "Карта на {when} UTC ({span} назад).",
        "hours": "{n} ч",
        "days": "{n} дн.",
        "ua": "Украина",
        "ru": "Россия",
        "grey_zone": "серая зона",
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


def change_lines(
    change: FrontChange, lang: str = "en", *, max_regions: int = 6, max_areas: int = 5, max_settlements: int = 12
) -> list[str]:
    """The change as reader-facing lines, most important first, attribution last."""
    lang = lang if lang in _T else "en"
    t = _T[lang]
    lines = [t["head"].format(since=_date(change.since), until=_date(change.until))]
    lines.append(t["gains"].format(ru=km2(change.to_russia_km2, lang), ua=km2(change.to_ukraine_km2, lang)))
    if Zone.GREY in change.absent:  # unknown, not zero: no "+0.0, −0.0" line
        lines.append(t["absent"])
    else:
        lines.append(t["grey"].format(inn=km2(change.into_grey_km2, lang), out=km2(change.out_of_grey_km2, lang)))
    share = f"{change.occupied_share_after * 100:.2f}"
    lines.append(
        t["total"].format(
            total=km2(change.occupied_after_km2, lang),
            share=share if lang == "en" else share.replace(".", ","),
            net=_signed(change.net_occupied_km2, lang),
            since=_date(change.since),
        )
    )
    if change.ua_held_ru_after_km2 > 0 or change.ua_held_ru_before_km2 > 0:
        lines.append(
            t["kursk"].format(held=km2(change.ua_held_ru_after_km2, lang), grey=km2(change.grey_ru_after_km2, lang))
        )
    lines += _region_lines(change, lang, max_regions)
    lines += [_area_line(a, change, lang) for a in change.areas[:max_areas]]
    if change.settlements:
        lines.append(_settlement_line(change.settlements, lang, max_settlements))
    if not change.areas:
        lines.append(t["none"].format(km2=km2(0.05, lang)))
    lines.append(ATTRIBUTION)
    return lines


def span(age: timedelta, lang: str = "en") -> str:
    """A duration as a reader takes it in: hours up to two days, then days ("17397 h" reads as noise)."""
    table = _T[lang if lang in _T else "en"]
    hours = max(0, int(age.total_seconds() // 3600))
    return table["days"].format(n=hours // 24) if hours >= 48 else table["hours"].format(n=hours)


def age_line(taken: datetime, now: datetime, lang: str = "en") -> str:
    """How old the map is, so a reader of stale numbers (API down) knows it."""
    when = taken.strftime("%Y-%m-%d %H:%M")
    return _T[lang if lang in _T else "en"]["age"].format(when=when, span=span(now - taken, lang))


def _region_name(code: str, change: FrontChange, lang: str) -> str:
    region = change.regions.get(code)
    return region.name(lang) if region else (code or "?")


def _region_lines(change: FrontChange, lang: str, limit: int) -> list[str]:
    def moved(flows: dict[tuple[Control, Control], float]) -> tuple[float, float, float]:
        ru = flows.get((Control.UA, Control.RU), 0.0) + flows.get((Control.GREY, Control.RU), 0.0)
        ua = flows.get((Control.RU, Control.UA), 0.0) + flows.get((Control.GREY, Control.UA), 0.0)
        grey = flows.get((Control.UA, Control.GREY), 0.0) + flows.get((Control.RU, Control.GREY), 0.0)
        return ru, ua, grey

    rows = sorted(((code, moved(dict(f))) for code, f in change.by_region_km2.items()), key=lambda r: -sum(r[1]))
    template = _T[lang]["region_no_grey" if Zone.GREY in change.absent else "region"]
    return [
        template.format(name=_region_name(code, change, lang), ru=km2(ru, lang), ua=km2(ua, lang), grey=km2(grey, lang))
        for code, (ru, ua, grey) in rows[:limit]
        if ru + ua + grey >= 0.05
    ]


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
