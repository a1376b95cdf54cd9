"""OPML in and out: the shapes real readers export (written by us in their shape), a round trip, and hostile
files, each refused with its reason and nothing read from it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.collect.opml import MAX_OUTLINES, ExportFeed, OpmlError, home_page, parse_opml, write_opml
from bot.i18n import LANGS
from tests.conftest import FIXTURES

OPML = FIXTURES / "opml"
NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)


def _parse(name: str) -> list[tuple[str, str, str | None]]:
    document = parse_opml((OPML / name).read_bytes(), known_langs=LANGS)
    return [(f.url, f.title, f.lang) for f in document.feeds]


@pytest.mark.parametrize(
    ("name", "expected", "duplicates"),
    [
        (  # folders are Feedly's categories; a feed in two folders is listed twice
            "feedly.opml",
            [
                ("https://www.pravda.com.ua/rss/view_news/", "Українська правда", None),
                ("https://kyivindependent.com/feed/", "Kyiv Independent", None),
                ("https://feeds.bbci.co.uk/news/world/rss.xml?edition=uk&x=1", "BBC News - World", None),
            ],
            1,
        ),
        (  # a folder named by a language code gives its feeds that language
            "inoreader.opml",
            [("https://meduza.io/rss/all", "Медуза", "ru"), ("https://www.understandingwar.org/rss.xml", "ISW", None)],
            1,
        ),
        (  # Miniflux writes no type="rss"
            "miniflux.opml",
            [
                ("https://suspilne.media/rss/all.rss", "Суспільне", None),
                ("https://www.ukrinform.ua/rss/block-lastnews", "Укрінформ", "uk"),
            ],
            0,
        ),
        (  # nested folders, OPML 1.1, a lower-case xmlurl and a language attribute
            "newsblur.opml",
            [
                ("https://www.understandingwar.org/rss.xml", "Institute for the Study of War", None),
                ("https://rss.dw.com/xml/rss-ru-all", "DW на русском", "ru"),
            ],
            0,
        ),
    ],
)
def test_the_exports_of_real_readers(name: str, expected: list[tuple[str, str, str | None]], duplicates: int) -> None:
    assert _parse(name) == expected
    assert parse_opml((OPML / name).read_bytes(), known_langs=LANGS).duplicates == duplicates


def test_what_we_write_is_opml_2_that_readers_and_we_read_back() -> None:
    feeds = [
        ExportFeed("https://example.org/rss?a=1&b=2", 'Tom & "Jerry" <News>', "https://example.org/", "en"),
        ExportFeed("https://example.com/feed", "Новини", "https://example.com/", "uk"),
        ExportFeed("https://t.me/s/somechannel", "Канал", home_page("https://t.me/s/somechannel", "channel"), "ru"),
    ]
    data = write_opml(feeds, title="Frontline Digest", created=NOW, lang_names={"uk": "Українська"})
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    assert data.count(b'type="rss"') == 3 and b'htmlUrl="https://t.me/somechannel"' in data
    assert b"<dateCreated>Sat, 05 Dec 2026 06:00:00 +0000</dateCreated>" in data
    document = parse_opml(data, known_langs=LANGS)
    assert [(f.url, f.title, f.html_url, f.lang) for f in document.feeds] == [
        (f.url, f.title, f.html_url, f.lang) for f in feeds
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<opml version="2.0"><body><outline text="&c;" xmlUrl="https://example.org/&c;"/></body></opml>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://example.org/feed"/></body></opml>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "http://10.0.0.1/opml.dtd">
<opml version="2.0"><body><outline text="x" xmlUrl="https://example.org/feed"/></body></opml>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY % p SYSTEM "http://10.0.0.1/p.dtd"> %p;]>
<opml version="2.0"><body/></opml>"""


def _many(count: int) -> bytes:
    return b'<opml version="2.0"><body>' + b"<outline/>" * count + b"</body></opml>"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "not_xml"),
        (b"   \n", "not_xml"),
        (b"\xff\xfe garbage \x00", "not_xml"),
        (b"<html><body><p>not a list</p></body></html>", "not_opml"),
        (b'<rss version="2.0"><channel><title>a feed, not a list</title></channel></rss>', "not_opml"),
        (b'<opml version="2.0"><body><outline xmlUrl="https://example.org/a"></body></opml>', "not_xml"),
        (b'<opml version="2.0"><body><outline xmlUrl="https://example.org/a"/>', "not_xml"),  # cut short
        (BILLION_LAUGHS, "entities"),
        (XXE, "entities"),
        (EXTERNAL_DTD, "entities"),
        (PARAMETER_ENTITY, "entities"),
        (_many(MAX_OUTLINES + 1), "too_many"),
    ],
    ids=[
        "empty", "blank", "binary", "html", "rss", "unclosed", "truncated", "billion-laughs", "xxe", "external-dtd",
        "parameter-entity", "too-many-outlines",
    ],
)  # fmt: skip
def test_hostile_files_are_refused_with_their_reason(data: bytes, key: str) -> None:
    with pytest.raises(OpmlError) as refused:
        parse_opml(data, known_langs=LANGS)
    assert refused.value.key == key


def test_a_file_over_the_size_cap_is_refused_unread() -> None:
    with pytest.raises(OpmlError) as refused:
        parse_opml(b"<opml>" + b" " * 100 + b"</opml>", max_bytes=50)
    assert refused.value.key == "too_large"


def test_the_outline_limit_itself_is_allowed() -> None:
    assert parse_opml(_many(MAX_OUTLINES)).feeds == ()
