"""The escaper, links and the splitter, checked against the test server's independent Telegram HTML parser."""

from __future__ import annotations

import random

import pytest

from bot.render.html import (
    TELEGRAM_TEXT_LIMIT,
    _atoms,
    _is_balanced,
    escape_html,
    link,
    safe_href,
    split_html,
    utf16_len,
)
from tests.support.tghtml import parse_html

HOSTILE = [
    "<script>alert(1)</script>", "&amp;", "&", "&lt;b&gt;", '"quoted"', "'single'", "<b>", "</a>", "<",
    ">", "🇺🇦", "👨‍👩‍👧", "עברית", "\u202eRTL override", "Київ", "Курск", "\n", "\n\n", " ", "\t", "a" * 50,
    "&#128512;", "&nbsp;", "\x00", "<a href='javascript:alert(1)'>x</a>", "km²", "—",
]  # fmt: skip


def hostile_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(HOSTILE) if rng.random() < 0.5 else rng.choice("abc дж ") for _ in range(n))


def test_escape_html() -> None:
    assert escape_html('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert parse_html(escape_html('<script>&amp; "x"')) == '<script>&amp; "x"'


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://pravda.com.ua/news/1?a=1&b=2", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("https://", False),
        ("https://ex.org/a b", False),
        ("ftp://ex.org/f", False),
        ("https://ex.org/" + "x" * 3000, False),
    ],
    ids=["https-query", "http", "javascript", "data", "no-host", "space", "ftp", "too-long"],
)
def test_safe_href(url: str, ok: bool) -> None:
    assert (safe_href(url) is not None) == ok


def test_link_escapes_href_and_label() -> None:
    html = link('https://ex.org/?q="<x>"&a=1', "Outlet <&>")
    assert html == '<a href="https://ex.org/?q=&quot;&lt;x&gt;&quot;&amp;a=1">Outlet &lt;&amp;&gt;</a>'
    assert parse_html(html) == "Outlet <&>"
    assert link("javascript:x", "Bad") == "Bad"


def test_short_html_is_one_part() -> None:
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]
    assert split_html("  \n ") == []


def test_split_prefers_blank_lines_then_keeps_tags_balanced() -> None:
    blocks = [f"<b>Story {i}</b>\n" + "word " * 150 for i in range(20)]
    parts = split_html("\n\n".join(blocks), 4096)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= 4096
        assert part.startswith("<b>Story ")  # every cut fell on a story boundary
        parse_html(part)


def test_single_long_block_is_split_inside_without_breaking_tags_or_entities() -> None:
    html = '<b>Title</b>\n<i><a href="https://ex.org/?a=1&amp;b=2">' + "R&amp;D &lt;x&gt; " * 800 + "</a></i>"
    parts = split_html(html, 1000)
    assert len(parts) > 4
    texts = [parse_html(p) for p in parts]  # raises when a part is unbalanced or an entity was cut
    assert all(utf16_len(p) <= 1000 for p in parts)
    assert all(p.startswith("<i><a href=") for p in parts[1:])
    def squeeze(text: str) -> str:
        return "".join(text.split())

    assert squeeze("".join(texts)) == squeeze(parse_html(html))  # nothing lost, nothing repeated


@pytest.mark.parametrize(
    ("html", "repaired"),
    [
        ("</b>x<i>y<b>z</i>w", "x<i>y<b>z</b></i>w"),  # a stray close is dropped; a close ends what it encloses
        ("<b>a<i>b</b>c</i>", "<b>a<i>b</i></b>c"),
        ("a</i>b", "ab"),
        ("<u>open", "<u>open</u>"),  # an unclosed tag is closed at the end
        ("<b><i>x</b></i>", "<b><i>x</i></b>"),
    ],
)
def test_unbalanced_input_is_repaired(html: str, repaired: str) -> None:
    assert split_html(html, 4096) == [repaired]
    long = split_html(html + "w" * 5000, 4096)  # repaired across a cut too, and nothing of the text lost
    assert len(long) == 2 and all(utf16_len(part) <= 4096 for part in long)
    assert "".join(parse_html(part) for part in long) == parse_html(repaired) + "w" * 5000


@pytest.mark.parametrize("seed", range(40))
def test_hostile_text_escaped_and_split_never_exceeds_limit(seed: int) -> None:
    rng = random.Random(seed)
    limit = rng.choice([64, 200, 1024, 4096])
    pieces = []
    for _ in range(rng.randint(1, 60)):
        text = escape_html(hostile_text(rng, rng.randint(0, 200)))
        tag = rng.choice(["b", "i", "u", "s", "code", "tg-spoiler", None])
        pieces.append(f"<{tag}>{text}</{tag}>" if tag else text)
        if rng.random() < 0.3:
            pieces.append(link(rng.choice(["https://ex.org/?a=<b>&c", "javascript:x"]), hostile_text(rng, 5)))
    html = rng.choice(["", "\n", "\n\n", " "]).join(pieces)
    parts = split_html(html, limit)
    for part in parts:
        assert utf16_len(part) <= limit
        assert parse_html(part).strip()
    if parse_html(html).strip():
        assert parts


def _tag_soup(rng: random.Random) -> str:
    tags = ["b", "B", "i", "u", "a href='x'", "tg-spoiler", "code", "b" + "x" * 3000]
    pieces = []
    for _ in range(rng.randint(0, 12)):
        kind = rng.random()
        if kind < 0.35:
            pieces.append(f"<{rng.choice(tags)}>")
        elif kind < 0.7:
            pieces.append(f"</{rng.choice(tags).split()[0]}>")
        elif kind < 0.8:
            pieces.append(rng.choice(["&amp;", "&lt;", "&#128293;", "&bogus", "<", ">", "< b>"]))
        else:
            pieces.append(hostile_text(rng, rng.randint(0, 8)))
    return "".join(pieces)


@pytest.mark.parametrize("seed", range(300))
def test_html_is_kept_as_it_is_exactly_when_the_repair_would_keep_it(seed: int) -> None:
    """The fast check (tag by tag) says what the repair (character by character) does: leave the HTML alone."""
    rng = random.Random(seed)
    html = _tag_soup(rng)
    kept = "".join(a.raw for a in _atoms(html, TELEGRAM_TEXT_LIMIT * 8)) == html
    assert _is_balanced(html) is kept, html
