"""A declared encoding with a few bad bytes is honoured, the bad bytes becoming U+FFFD: never a whole document
of mojibake. Over uk/ru/en texts, several kinds of stray bytes at several places, declared in the HTTP header,
the XML prolog or an HTML meta, through decode_text and through the feed, page and channel parsers."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import pytest

from bot.collect.channels import parse_channel
from bot.collect.encoding import decode_html, decode_text, feed_to_utf8
from bot.collect.feeds import parse_feed
from bot.collect.pages import extract_main_text
from bot.domain import SourceKind, SourceSpec
from tests.conftest import shared_data_path

NOW = datetime(2024, 10, 3, 12, 0, tzinfo=UTC)
FFFD = "\ufffd"
TEXTS = {
    "uk": "Сили оборони відбили штурм біля Покровська, повідомляє Генштаб. Ситуація складна; ґанок, їжак, єнот.",
    "ru": "В Белгородской области объявлена воздушная тревога, сообщил губернатор. Жители эвакуированы.",
    "en": "Ukrainian forces repelled an assault near Pokrovsk, the General Staff said. The situation is difficult.",
}
# Bytes that are not UTF-8, each inserted between two characters, and the U+FFFDs Python's decoder makes of it.
STRAYS = {
    "ff": (b"\xff", 1),
    "c3-alone": (b"\xc3", 1),
    "continuation": (b"\x80", 1),
    "truncated-3-byte": (b"\xe2\x80", 1),
    "truncated-4-byte": (b"\xf0\x9f\x98", 1),
    "fe-fe": (b"\xfe\xfe", 2),
    "overlong-slash": (b"\xc0\xaf", 2),
    "surrogate": (b"\xed\xa0\x80", 3),
}
# Where the stray bytes go, as fractions of the text: the end means a truncated sequence at the very end.
PLACES = {1: (0.5,), 2: (0.0, 1.0), 5: (0.0, 0.2, 0.5, 0.8, 1.0)}


def damaged(text: str, count: int, strays: list[str]) -> tuple[bytes, str]:
    """`text` as UTF-8 with `count` stray byte sequences (cycling through `strays`) at the PLACES; and what a
    correct decoder gives back for it."""
    body, expected = b"", ""
    previous = 0
    for n, at in enumerate(round(p * len(text)) for p in PLACES[count]):
        stray, fffd = STRAYS[strays[n % len(strays)]]
        body += text[previous:at].encode() + stray
        expected += text[previous:at] + FFFD * fffd
        previous = at
    return body + text[previous:].encode(), expected + text[previous:]


CASES = [
    pytest.param(lang, count, stray, id=f"{lang}-{count}-{stray}")
    for lang in TEXTS
    for count in PLACES
    for stray in STRAYS
]


@pytest.mark.parametrize(("lang", "count", "stray"), CASES)
@pytest.mark.parametrize(
    "declared",
    [("utf-8", None), (None, "UTF-8"), ("utf8", "windows-1251"), ("UTF-8", "utf-8")],
    ids=["header", "document", "header-over-document", "both"],
)
def test_declared_utf8_with_stray_bytes(lang: str, count: int, stray: str, declared: tuple[str | None, ...]) -> None:
    body, expected = damaged(TEXTS[lang], count, [stray, *STRAYS])
    decoded = decode_text(body, declared)
    assert decoded.text == expected
    assert decoded.encoding == "utf-8"


@pytest.mark.parametrize("lang", ["uk", "ru"])
@pytest.mark.parametrize("count", PLACES)
def test_undeclared_utf8_with_many_letters_and_a_few_stray_bytes_is_still_utf8(lang: str, count: int) -> None:
    body, expected = damaged(TEXTS[lang], count, list(STRAYS))
    assert decode_text(body, (None, None)).text == expected


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (TEXTS["uk"], "windows-1251"),
        ("東京都は本日、新しい防災計画を発表しました。地震への備えを強化します。", "shift_jis"),
        ("東京都は本日、新しい防災計画を発表しました。地震への備えを強化します。", "euc-jp"),
        ("서울시는 오늘 새로운 교통 계획을 발표했습니다. 시민들의 반응은 긍정적입니다.", "euc-kr"),
        ("北京市今天发布了新的交通计划，市民反应积极。", "gb2312"),
    ],
)
def test_declared_legacy_charset_with_an_undefined_byte(text: str, codec: str) -> None:
    """One byte the declared charset does not define, and the rest must still be that charset."""
    undefined = b"\x98" if codec == "windows-1251" else b"\xff"
    half = len(text) // 2
    body = text[:half].encode(codec) + undefined + text[half:].encode(codec)
    decoded = decode_text(body, (codec,))
    assert (decoded.text, decoded.how) == (text[:half] + FFFD + text[half:], "declared")


@pytest.mark.parametrize("lang", ["uk", "ru"])
@pytest.mark.parametrize("declared", [("utf-8",), (None, "utf-8"), ("utf-8", "windows-1251")])
def test_a_utf8_declaration_over_cp1251_bytes_is_clearly_wrong(lang: str, declared: tuple[str | None, ...]) -> None:
    assert decode_text(TEXTS[lang].encode("cp1251"), declared).text == TEXTS[lang]


@pytest.mark.parametrize("label", ["base64", "hex", "rot13", "zlib", "idna", "punycode", "undefined", "bogus"])
def test_a_declared_codec_that_is_no_text_encoding_is_ignored(label: str) -> None:
    body, expected = damaged(TEXTS["uk"], 2, ["ff"])
    assert decode_text(body, (label, "utf-8")).text == expected
    assert decode_text(TEXTS["uk"].encode("cp1251"), (label,)).text == TEXTS["uk"]


# --- through the parsers ---

UK_SPEC = SourceSpec(key="s", name="S", url="https://news.example.com/rss", lang="uk")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _feed(title: bytes, body: bytes, prolog: str | None) -> bytes:
    head = f'<?xml version="1.0" encoding="{prolog}"?>\n'.encode() if prolog else b""
    return head + (
        b"<rss version='2.0'><channel><title>T</title><item><title>" + title + b"</title>"
        b"<link>https://news.example.com/a</link><description>" + body + b"</description></item></channel></rss>"
    )


def _title_and_body(lang: str, count: int, stray: str, where: str) -> tuple[bytes, str, bytes, str]:
    """A headline and a body, one of them (`where`) with `count` stray byte sequences."""
    title, body = TEXTS[lang][:60], TEXTS[lang]
    if where == "title":
        damaged_title, want_title = damaged(title, count, [stray, *STRAYS])
        return damaged_title, want_title, body.encode(), body
    damaged_body, want_body = damaged(body, count, [stray, *STRAYS])
    return title.encode(), title, damaged_body, want_body


PARSER_CASES = [
    pytest.param(lang, count, stray, where, id=f"{lang}-{count}-{stray}-{where}")
    for lang in TEXTS
    for count in PLACES
    for stray in ("ff", "truncated-4-byte")
    for where in ("title", "body")
]


@pytest.mark.parametrize(("lang", "count", "stray", "where"), PARSER_CASES)
@pytest.mark.parametrize(("header", "prolog"), [("utf-8", None), (None, "utf-8"), ("utf-8", "utf-8")])
def test_feed_with_stray_bytes(
    lang: str, count: int, stray: str, where: str, header: str | None, prolog: str | None
) -> None:
    title, want_title, body, want_body = _title_and_body(lang, count, stray, where)
    (article,) = parse_feed(_feed(title, body, prolog), http_charset=header, spec=UK_SPEC, now=NOW)
    assert (article.title, article.text) == (_squash(want_title), _squash(want_body))


def _page(title: bytes, paragraph: bytes, meta: str | None) -> bytes:
    head = f'<meta charset="{meta}">'.encode() if meta else b""
    more = b"".join(b"<p>" + text.encode() + b"</p>" for text in TEXTS.values())
    return (
        b"<!DOCTYPE html><html><head>" + head + b"<title>x</title></head><body><article><h1>" + title + b"</h1>"
        b"<p>" + paragraph + b"</p>" + more + b"</article></body></html>"
    )


@pytest.mark.parametrize(("lang", "count", "stray", "where"), PARSER_CASES)
@pytest.mark.parametrize(("header", "meta"), [("utf-8", None), (None, "utf-8"), ("utf-8", "windows-1251")])
def test_page_with_stray_bytes(
    lang: str, count: int, stray: str, where: str, header: str | None, meta: str | None
) -> None:
    title, want_title, paragraph, want_paragraph = _title_and_body(lang, count, stray, where)
    page = extract_main_text(_page(title, paragraph, meta), "https://news.example.com/a", http_charset=header)
    assert _squash(page.title) == _squash(want_title)
    assert _squash(want_paragraph) in _squash(page.text)


def _preview(post: bytes, meta: str | None) -> bytes:
    head = f'<meta charset="{meta}">'.encode() if meta else b""
    return (
        b"<html><head>" + head + b"</head><body><section class='tgme_channel_history'>"
        b"<div class='tgme_widget_message' data-post='DeepStateUA/7'><div class='tgme_widget_message_text'>"
        + post + b"</div></div></section></body></html>"
    )  # fmt: skip


@pytest.mark.parametrize(("lang", "count", "stray"), CASES)
@pytest.mark.parametrize(("header", "meta"), [("utf-8", None), (None, "utf-8"), ("utf-8", "utf-8")])
def test_channel_preview_with_stray_bytes(
    lang: str, count: int, stray: str, header: str | None, meta: str | None
) -> None:
    post, want = damaged(TEXTS[lang], count, [stray, *STRAYS])
    spec = SourceSpec(key="c", name="C", url="https://t.me/s/DeepStateUA", kind=SourceKind.CHANNEL)
    (article,) = parse_channel(_preview(post, meta), http_charset=header, spec=spec, now=NOW).articles
    assert _squash(article.text) == _squash(want)


# --- real feeds from ../shared/data, damaged at random places in their item titles ---

_TITLE = re.compile(rb"<title>(\s*<!\[CDATA\[)?(.*?)(\]\]>\s*)?</title>", re.DOTALL)
REAL_UTF8_FEEDS = [
    "feeds_realworld_news/ua_news_data-import/stub_unian_rss.xml",  # uk
    "feeds_realworld_news/ua_news_data-import/stub_liga_rss.xml",  # ru
    "feeds_realworld_news/reuters_huffpost_rn-rss-parser/reuters.xml",  # en
    "feeds_realworld_news/reuters_huffpost_rn-rss-parser/huffpost.xml",  # en
    "feeds_realworld_news/bbc_world_rss_reader/bbc_world_2017-01-20.xml",  # en
]


def _damage_titles(body: bytes, rnd: random.Random, strays: int | None) -> bytes:
    """Stray bytes inserted at character boundaries inside the <title>s: `strays` of them at random, or (None)
    one in every title."""
    spans = [match.span(2) for match in _TITLE.finditer(body)]
    if strays is not None:
        spans = rnd.choices(spans, k=strays)
    places = sorted(
        rnd.choice([i for i in range(start, end + 1) if i == end or not 0x80 <= body[i] <= 0xBF])
        for start, end in spans
    )
    out, last = b"", 0
    for at in places:
        out += body[last:at] + STRAYS[rnd.choice(sorted(STRAYS))][0]
        last = at
    return out + body[last:]


@pytest.mark.parametrize("name", REAL_UTF8_FEEDS)
@pytest.mark.parametrize("strays", [1, 2, 5, None], ids=["1", "2", "5", "every-title"])
@pytest.mark.parametrize("declared_in", ["header", "prolog"])
def test_real_feeds_with_stray_bytes_in_their_titles(name: str, strays: int | None, declared_in: str) -> None:
    folder, _, rest = name.partition("/")
    clean = (shared_data_path(folder) / rest).read_bytes()
    clean.decode("utf-8")  # the premise: a valid UTF-8 feed
    body = _damage_titles(clean, random.Random(f"{name}{strays}"), strays)
    header = "utf-8" if declared_in == "header" else None
    if declared_in == "prolog":
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + re.sub(rb"^\s*<\?xml[^>]*\?>", b"", body, count=1)
    spec = SourceSpec(key="rw", name="rw", url="https://feeds.example.com/rss")
    want = parse_feed(clean, http_charset=None, spec=spec, now=NOW)
    got = parse_feed(body, http_charset=header, spec=spec, now=NOW)
    assert [a.url for a in got] == [a.url for a in want]
    assert [_squash(a.title.replace(FFFD, "")) for a in got] == [_squash(a.title) for a in want]
    # An item without a description has its title for text.
    assert [_squash(a.text.replace(FFFD, "")) for a in got] == [_squash(a.text) for a in want]
    assert feed_to_utf8(body, header)[1].encoding == "utf-8"


def test_html_meta_declaration_is_honoured_with_stray_bytes() -> None:
    body, expected = damaged(TEXTS["uk"], 5, list(STRAYS))
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
    assert expected in decode_html(page + body + b"</body></html>", None)
