"""Telegram channel web previews (t.me/s/<name>): parsing our recorded-style pages, and collect_source end to end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.collect import HttpClient, collect_source
from bot.collect.channels import ChannelPage, parse_channel, title_from_text
from bot.config import load_sources
from bot.domain import Article, FetchState, SourceKind, SourceSpec
from bot.errors import ConfigError, ParseError, SourceHTTPError
from bot.urls import channel_preview_url
from tests.collect.conftest import fixture_bytes
from tests.support.newsserver import NewsServer

NOW = datetime(2024, 10, 3, 12, 0, tzinfo=UTC)
SPEC = SourceSpec(
    key="deepstate-tg", name="DeepState", url="https://t.me/s/DeepStateUA", kind=SourceKind.CHANNEL, lang="uk"
)


def _parse(name: str, spec: SourceSpec = SPEC) -> ChannelPage:
    return parse_channel(fixture_bytes(f"channels/{name}"), http_charset=None, spec=spec, now=NOW)


def _by_id(page: ChannelPage) -> dict[int, Article]:
    return {int(a.url.rsplit("/", 1)[1]): a for a in page.articles}


def test_preview_page_becomes_articles_newest_first() -> None:
    page = _parse("deepstate.html")
    assert page.title == "DeepState 🇺🇦"
    assert page.older_url == "https://t.me/s/DeepStateUA?before=20001"
    # Service messages (photo changed, pinned) and a video without a caption are not articles.
    assert [a.url for a in page.articles] == [
        f"https://t.me/DeepStateUA/{i}" for i in (20008, 20005, 20004, 20003, 20002)
    ]
    assert all(
        a.source_key == "deepstate-tg" and a.source_name == "DeepState" and a.lang == "uk" for a in page.articles
    )
    assert all(a.published.tzinfo is UTC for a in page.articles)


def test_text_keeps_emoji_links_and_line_breaks() -> None:
    post = _by_id(_parse("deepstate.html"))[20002]
    assert post.title == "⚡Ворог просунувся біля Покровська та Селидового"
    assert post.text == (
        "⚡Ворог просунувся біля Покровська та Селидового\n"
        "Мапу оновлено в районах Покровська та Селидового.\n"
        "Деталі — на мапі deepstatemap.live 🗺"
    )
    assert post.published == datetime(2024, 10, 3, 6, 15, 42, tzinfo=UTC)
    assert post.image_url == "https://cdn4.telesco.pe/file/map-pokrovsk.jpg"


def test_photo_only_album_forwarded_and_reply_posts() -> None:
    posts = _by_id(_parse("deepstate.html"))
    photo_only = posts[20003]
    assert (photo_only.title, photo_only.text) == ("DeepState", "")
    assert photo_only.image_url == "https://cdn4.telesco.pe/file/map-kurakhove.jpg"
    # An album: the first photo (its style quotes the URL with &quot;), and a title cut on a word boundary.
    album = posts[20008]
    assert album.image_url == "https://cdn4.telesco.pe/file/album-1.jpg"
    assert len(album.title) <= 120 and album.title.endswith("і це вже…")
    assert album.text.endswith("напрямках.\n#підсумки")
    # A forward is the channel's own post; the "Forwarded from" header is not part of its text.
    forwarded = posts[20004]
    assert forwarded.title == "Оперативна інформація станом на 08.00 03.10.2024 щодо російського вторгнення"
    assert "Forwarded" not in forwarded.text and "General Staff" not in forwarded.text
    assert forwarded.published == datetime(2024, 10, 3, 5, 5, 10, tzinfo=UTC)  # +03:00 on the page
    # A reply's quote of the earlier post stays out of the reply's text.
    assert posts[20005].text == "Уточнення: просування біля Селидового підтверджено відео з геолокацією."


def test_hostile_page_yields_only_clean_posts_of_its_own_channel() -> None:
    page = _parse("hostile.html")
    posts = _by_id(page)
    assert sorted(posts) == [30001, 30002, 30003, 30004]  # bad refs, another channel, empty text: skipped
    assert posts[30001].text == "Обстріл Харкова триває."  # script, style, iframe and img gone
    assert posts[30002].text == "Фото з підробленим посиланням і керівними символами"
    assert posts[30002].image_url is None  # a javascript: photo URL is no URL
    assert posts[30002].published == NOW  # unreadable date
    assert posts[30004].published == NOW  # a date that overflows on conversion to UTC
    assert all(a.published <= NOW for a in page.articles)  # a date in 2999 is clamped
    assert page.older_url is None and page.title == ""
    assert not any("alert" in a.text or "evil" in a.text for a in page.articles)


def test_channel_check_follows_the_page_url() -> None:
    mirror = SourceSpec(key="m", name="Mirror", url="https://mirror.example/feed", kind=SourceKind.CHANNEL)
    assert "https://t.me/OtherChannel/5" in {a.url for a in _parse("hostile.html", mirror).articles}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (fixture_bytes("channels/landing.html"), "landing page"),
        (fixture_bytes("channels/error.html"), "not a Telegram channel preview"),
        (fixture_bytes("atom.xml"), "not a Telegram channel preview"),
        (fixture_bytes("garbage.bin"), "not a Telegram channel preview"),
        (b"  \n", "empty response"),
    ],
    ids=["landing", "error-page", "feed", "garbage", "empty"],
)
def test_pages_that_are_not_previews_are_parse_errors(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_channel(body, http_charset=None, spec=SPEC, now=NOW)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Коротко.\nДругий рядок", "Коротко."),
        ("🔥\n\nВибухи в Одесі", "Вибухи в Одесі"),  # a lone emoji line is not a headline
        ("Перше речення. Друге " + "слово " * 40, "Перше речення."),
        ("слово " * 40, "слово " * 19 + "слово…"),
        ("x" * 200, "x" * 119 + "…"),
        ("🇺🇦🇺🇦", ""),
    ],
    ids=["first-line", "emoji-line", "first-sentence", "word-boundary", "one-long-word", "no-words"],
)
def test_title_from_text(text: str, title: str) -> None:
    assert title_from_text(text) == title


@pytest.mark.parametrize(
    "ref",
    [
        "@DeepStateUA",
        "DeepStateUA",
        "t.me/DeepStateUA",
        "https://t.me/DeepStateUA",
        "https://t.me/s/DeepStateUA/",
        "https://telegram.me/DeepStateUA",
        "https://t.me/DeepStateUA/20002?single",
    ],
)
def test_channel_references_become_preview_urls(ref: str) -> None:
    assert channel_preview_url(ref) == "https://t.me/s/DeepStateUA"


def test_other_urls_pass_and_junk_is_refused() -> None:
    assert channel_preview_url("http://127.0.0.1:8080/s/x") == "http://127.0.0.1:8080/s/x"
    for bad in ("@no", "ftp://t.me/DeepStateUA", "@Deep State", ""):
        with pytest.raises(ValueError, match="not a Telegram channel"):
            channel_preview_url(bad)


def test_config_normalises_channel_urls(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nkey = "a"\nname = "A"\nurl = "@DeepStateUA"\nkind = "channel"\n'
        '[[source]]\nkey = "b"\nname = "B"\nurl = "https://t.me/kpszsu"\nkind = "channel"\n',
        encoding="utf-8",
    )
    assert [s.url for s in load_sources(path)] == ["https://t.me/s/DeepStateUA", "https://t.me/s/kpszsu"]
    path.write_text('[[source]]\nkey = "c"\nname = "C"\nurl = "@x"\nkind = "channel"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="source 'c': not a Telegram channel"):
        load_sources(path)


async def test_collect_source_reads_a_channel(news_server: NewsServer, http: HttpClient) -> None:
    news_server.add("/s/DeepStateUA", fixture_bytes("channels/deepstate.html"), content_type="text/html")
    spec = SourceSpec(key="ds", name="DeepState", url=news_server.url("/s/DeepStateUA"), kind=SourceKind.CHANNEL)
    first = await collect_source(http, spec, FetchState(), clock=lambda: NOW)
    assert first.error is None and len(first.articles) == 5
    assert first.articles[-1].url == "https://t.me/DeepStateUA/20002"
    assert "text/html" in news_server.last_headers["/s/DeepStateUA"]["Accept"]
    second = await collect_source(http, spec, first.state, clock=lambda: NOW)
    assert second.not_modified and second.articles == [] and second.error is None


async def test_collect_source_channel_failures(news_server: NewsServer, http: HttpClient) -> None:
    # t.me answers a preview of a private channel (or of a user) with a redirect to its landing page.
    news_server.add_redirect("/s/private_chat", "/private_chat")
    news_server.add("/private_chat", fixture_bytes("channels/landing.html"), content_type="text/html")
    news_server.add_status("/s/gone", 404)

    def spec(path: str) -> SourceSpec:
        return SourceSpec(key="x", name="X", url=news_server.url(path), kind=SourceKind.CHANNEL)

    landing = await collect_source(http, spec("/s/private_chat"), FetchState(), clock=lambda: NOW)
    gone = await collect_source(http, spec("/s/gone"), FetchState(), clock=lambda: NOW)
    assert isinstance(landing.error, ParseError) and "landing page" in str(landing.error)
    assert isinstance(gone.error, SourceHTTPError) and gone.error.status == 404
    assert landing.articles == gone.articles == []
