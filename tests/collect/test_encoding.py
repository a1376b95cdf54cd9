"""Decoding when the labels lie."""

from __future__ import annotations

import codecs

import pytest

from bot.collect.encoding import decode_html, decode_text, feed_to_utf8

UK = "Україна: війська відбили атаку під Покровськом, повідомляє Генштаб. Ситуація складна, ґанок, їжак, єнот."
RU = "Россия: в Белгородской области объявлена тревога, сообщил губернатор. Жители эвакуированы."


@pytest.mark.parametrize(
    ("body", "declared", "text", "how"),
    [
        (UK.encode("cp1251"), (None,), UK, "detected"),
        (UK.encode("cp1251"), ("iso-8859-1",), UK, "detected"),  # latin-1 "works" but is a mess
        (UK.encode("cp1251"), ("windows-1251",), UK, "declared"),
        (UK.encode("cp1251"), ("utf-8", "windows-1251"), UK, "declared"),
        (UK.encode("utf-8"), ("windows-1251",), UK, "utf-8"),  # the header lies the other way
        (RU.encode("koi8-r"), ("koi8-r",), RU, "declared"),
        (codecs.BOM_UTF8 + UK.encode("utf-8"), ("cp1251",), UK, "bom"),
        (UK.encode("utf-16"), (), UK, "bom"),
        ("<?xml version='1.0'?><a/>".encode("utf-16-le"), (), "<?xml version='1.0'?><a/>", "bom"),
        (UK.encode("cp1251"), ("no-such-charset",), UK, "detected"),
    ],
)
def test_decode_text(body: bytes, declared: tuple[str | None, ...], text: str, how: str) -> None:
    decoded = decode_text(body, declared)
    assert (decoded.text.lstrip("\ufeff"), decoded.how) == (text, how)


def test_feed_declaration_is_rewritten_to_utf8() -> None:
    body = f'<?xml version="1.0" encoding="windows-1251"?><rss><title>{UK}</title></rss>'.encode("cp1251")
    utf8, decoded = feed_to_utf8(body, "utf-8")
    assert decoded.encoding == "cp1251"
    assert utf8 == f'<?xml version="1.0" encoding="utf-8"?><rss><title>{UK}</title></rss>'.encode()


def test_html_meta_charset_is_consulted() -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{UK}</p></body></html>'
    assert UK in decode_html(page.encode("cp1251"), None)


def test_random_bytes_decode_without_error() -> None:
    assert isinstance(decode_text(bytes(range(256)) * 4).text, str)
