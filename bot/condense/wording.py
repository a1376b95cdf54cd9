"""How a summary's sentences are written out: who wrote a sentence taken from another outlet, and areas in
units the reader knows. Everything else stays as the outlet published it."""

from __future__ import annotations

import math
import re

# "..., Reuters reports" in the summary's language; the verb leaves the outlet's name in the nominative,
# which Ukrainian and Russian "за даними ..." / "по данным ..." would have to decline.
_REPORTS = {"en": "{outlet} reports", "uk": "повідомляє {outlet}", "ru": "сообщает {outlet}"}
_CLOSING_QUOTES = "\"»”’'"

SQ_MI_IN_KM2 = 2.589988110336
_NUMBER = r"(?P<number>\d{1,3}(?:[ ,]\d{3})+(?![\d,.]\d)|\d+(?:[.,]\d+)?)"
_SCALE = r"(?:\s+(?P<scale>thousand|million|тис\.|тисяч\w*|тыс\.|тысяч\w*|млн\.?|мільйон\w*|миллион\w*))?"
_SQ_MI = r"(?:square\s+miles?|sq\.?\s*mi(?:les?)?\b\.?|квадратн\w+\s+мил\w*|кв\.\s*мил\w*)"
_KM2 = (
    r"(?:square\s+kilomet(?:er|re)s?|sq\.?\s*km\b\.?|km²|km2\b"
    r"|квадратн\w+\s+(?:кілометр|километр)\w*|кв\.\s*км\b\.?|км²|км2)"
)
_IN_SQ_MI = re.compile(_NUMBER + _SCALE + r"\s*" + _SQ_MI, re.IGNORECASE)
_IN_KM2 = re.compile(_NUMBER + _SCALE + r"\s*" + _KM2, re.IGNORECASE)
_HAS_SQ_MI = re.compile(_SQ_MI, re.IGNORECASE)
_HAS_KM2 = re.compile(_KM2, re.IGNORECASE)
_SCALES = {"th": 1e3, "ти": 1e3, "ты": 1e3, "mi": 1e6, "мл": 1e6, "мі": 1e6, "ми": 1e6}


def attributed(sentence: str, outlet: str, lang: str) -> str:
    """`sentence` credited to the outlet that wrote it: "..., Reuters reports." / "..., повідомляє Укрінформ.";
    as it is when it names the outlet itself."""
    outlet = outlet.strip()
    if not outlet or outlet.lower() in sentence.lower():
        return sentence
    template = _REPORTS.get(lang)
    if template is None:  # a language we have no words for: the outlet in brackets mixes no language in
        return f"{sentence} ({outlet})"
    credit = template.format(outlet=outlet)
    body = sentence.rstrip()
    if body.endswith(".") and not body.endswith(".."):
        return f"{body[:-1]}, {credit}."
    if len(body) > 1 and body[-1] in _CLOSING_QUOTES and body[-2] == ".":
        # 'He said "we hold."' -> 'He said "we hold," Reuters reports.' ; «...», — повідомляє ...
        if lang == "en":
            return f"{body[:-2]},{body[-1]} {credit}."
        return f"{body[:-2]}{body[-1]}, — {credit}."
    if body[-1:].isalnum():
        return f"{body}, {credit}."
    return f"{body} ({credit})"


def with_known_units(sentence: str, lang: str) -> str:
    """Areas in units the reader knows: "(≈ 780 km²)" after a figure in square miles; for English readers
    also "(≈ 390 sq mi)" after one in square kilometres. A sentence giving both units is left as it is."""
    has_mi = _HAS_SQ_MI.search(sentence) is not None
    has_km = _HAS_KM2.search(sentence) is not None
    if has_mi and not has_km:
        unit = "km²" if lang == "en" else "км²"
        return _IN_SQ_MI.sub(lambda m: f"{m.group(0)} (≈ {_format(_value(m) * SQ_MI_IN_KM2, lang)} {unit})", sentence)
    if has_km and not has_mi and lang == "en":
        return _IN_KM2.sub(lambda m: f"{m.group(0)} (≈ {_format(_value(m) / SQ_MI_IN_KM2, lang)} sq mi)", sentence)
    return sentence


def _value(match: re.Match[str]) -> float:
    number = match.group("number").replace(" ", "")
    # "1,000" groups thousands; "1,5" (Ukrainian and Russian) is a decimal comma.
    number = number.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", number) else number.replace(",", ".")
    scale = match.group("scale")
    return float(number) * (_SCALES.get(scale[:2].lower(), 1.0) if scale else 1.0)


def _format(value: float, lang: str) -> str:
    """Two significant figures (the published figure is itself rounded), written the reader's way."""
    if value >= 10:
        magnitude = 10 ** (math.floor(math.log10(value)) - 1)
        rounded: float = round(value / magnitude) * magnitude
        text = f"{rounded:,.0f}"
        return text if lang == "en" else text.replace(",", "\u00a0" if rounded >= 10_000 else "")
    text = f"{value:.1f}".removesuffix(".0")
    return text if lang == "en" else text.replace(".", ",")
