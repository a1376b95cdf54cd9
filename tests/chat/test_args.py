from datetime import timedelta

import pytest

from bot.chat.args import ArgumentError, is_period, parse_filter, parse_period, parse_times


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
