import zoneinfo
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.chat.args import (
    MAX_INPUT_CHARS,
    ArgumentError,
    clean_input,
    is_period,
    parse_filter,
    parse_period,
    parse_times,
    parse_zone,
)
from tests.support.hostile import HOSTILE, is_clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6h", timedelta(hours=6)), ("24", timedelta(hours=24)), ("2d", timedelta(days=2)),
     ("1w", timedelta(days=7)), ("3д", timedelta(days=3)), ("12год", timedelta(hours=12)),
     ("30m", timedelta(minutes=30)), ("2D", timedelta(days=2))],
    ids=str,
)  # fmt: skip
def test_periods(text: str, expected: timedelta) -> None:
    assert is_period(text)
    assert parse_period(text, max_hours=24 * 7) == expected


@pytest.mark.parametrize("text", ["", "0h", "yesterday", "-5h", "9d", "1.5h", "h", "99999999h", "6 hours"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ArgumentError):
        parse_period(text, max_hours=24 * 7)


def test_times_are_normalised_sorted_and_deduplicated() -> None:
    assert parse_times(["19.00", "7:30", "07:30"], max_count=6) == ("07:30", "19:00")
    assert parse_times(["8:00,20:00"], max_count=6) == ("08:00", "20:00")
    assert parse_times(["06:15:30"], max_count=6) == ("06:15:30",)


@pytest.mark.parametrize("args", [[], ["25:00"], ["7"], ["soon"], ["12:60"], ["1:00"] * 7, ["<b>"], [","]], ids=str)
def test_bad_times(args: list[str]) -> None:
    with pytest.raises(ArgumentError):
        parse_times(args, max_count=6)


def test_filters() -> None:
    assert parse_filter(["only", "Kursk,", "Pokrovsk"]) == ("include", ("Kursk", "Pokrovsk"))
    assert parse_filter(["СКРЫТЬ", "Белгород"]) == ("exclude", ("Белгород",))
    assert parse_filter(["clear"]) == ("clear", ())
    assert parse_filter(["only", "Kursk, Kursk"]) == ("include", ("Kursk",))


@pytest.mark.parametrize(
    "args", [[], ["Kursk"], ["only"], ["only", ","], ["hide", "x" * 51], ["only", ",".join("abcdefghijk")]], ids=str
)
def test_bad_filters(args: list[str]) -> None:
    with pytest.raises(ArgumentError):
        parse_filter(args)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_clean_input_makes_any_text_safe_to_store_and_echo(text: str) -> None:
    cleaned = clean_input(text)
    assert is_clean(cleaned) and len(cleaned) <= MAX_INPUT_CHARS
    assert clean_input(cleaned) == cleaned  # cleaning twice changes nothing


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Kur\x00sk", "Kursk"), ("Киі\u0308в", "Київ"), ("a\ud83d\ude00b", "a😀b"), ("a\ud800b", "a\ufffdb"),
     ("line\nnext\ttab", "line\nnext\ttab"), ("\x1b[0mKyiv\x85", "[0mKyiv"), ("Запоріжжя ʼ’ 🇺🇦", "Запоріжжя ʼ’ 🇺🇦"),
     ("x" * 300, "x" * MAX_INPUT_CHARS)],
    ids=["nul", "decomposed", "surrogate-pair", "lone-surrogate", "newline-tab", "controls", "untouched", "capped"],
)  # fmt: skip
def test_clean_input_keeps_what_is_meant(text: str, expected: str) -> None:
    assert clean_input(text) == expected


@pytest.mark.parametrize("text", ["7:3٠", "٧:٣٠", "１９:００", "07:3O"], ids=repr)
def test_times_are_ascii_digits_only(text: str) -> None:
    """The scheduler reads stored times back as ASCII: other scripts' digits must not slip in."""
    with pytest.raises(ArgumentError):
        parse_times([text], max_count=6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Europe/Kyiv", "Europe/Kyiv"), ("europe/kyiv", "Europe/Kyiv"), (" EUROPE/KYIV ", "Europe/Kyiv"),
     ("Europe/Kiev", "Europe/Kiev"), ("utc", "UTC"), ("america/new_york", "America/New_York"),
     ("Etc/GMT-3", "Etc/GMT-3"), ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires")],
    ids=str,
)  # fmt: skip
def test_zones_are_found_in_any_letter_case(text: str, expected: str) -> None:
    assert parse_zone(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Europe", "europe/", "Europe//Kyiv", "../../etc/passwd", "/etc/passwd", "/usr/share/zoneinfo/UTC", ".", "..",
     "Factory", "localtime", "posixrules", "posix/Europe/Kyiv", "right/UTC", "Europe/Kyiv\x00", "Mars/Olympus",
     "Europe/" + "x" * 300, "", "Europe\\Kyiv", "zone.tab", "tzdata.zi", *HOSTILE.values()],
    ids=repr,
)  # fmt: skip
def test_anything_but_a_zone_name_is_refused(text: str) -> None:
    with pytest.raises(ArgumentError):
        parse_zone(text)


def test_every_accepted_zone_loads() -> None:
    zones = {parse_zone(name) for name in zoneinfo.available_timezones() if "/" in name or name.isupper()}
    assert "Europe/Kyiv" in zones and len(zones) > 400
    for name in zones:
        ZoneInfo(name)
