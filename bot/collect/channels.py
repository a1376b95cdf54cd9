"""A public Telegram channel's web preview (`https://t.me/s/<name>`) -> Articles. Pure: no network.

The preview is the page Telegram serves to browsers: the latest twenty or so posts, oldest first, each a
`div.tgme_widget_message[data-post="<channel>/<id>"]`. It is someone else's markup, so nothing in it is trusted:
post references must match Telegram's username and id syntax, photo and paging links go through `canonical_url`
(http(s) only), and the text goes through the same HTML-to-text path as feed bodies, which drops scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from bot.collect.encoding import decode_html, xml_safe
from bot.collect.feeds import html_to_text
from bot.condense.text import split_sentences
from bot.domain import Article, SourceSpec
from bot.errors import ParseError
from bot.urls import USERNAME, canonical_url

TITLE_CHARS = 120
_POST_REF = re.compile(rf"({USERNAME})/([0-9]{{1,12}})")
_PREVIEW_PATH = re.compile(rf"/s/({USERNAME})/?")
_BACKGROUND_URL = re.compile(r"""background-image\s*:\s*url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]")
_TITLE_TRIM = " ,;:-–—"
_PARSER = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)


def _cls(name: str) -> str:
    """XPath test for one class among several (`contains(@class, ...)` alone would also match its prefixes)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_MESSAGES = etree.XPath(f"//div[{_cls('tgme_widget_message')}][@data-post]")
_HISTORY = etree.XPath(f"//section[{_cls('tgme_channel_history')}]")
_LANDING = etree.XPath(f"//*[{_cls('tgme_page')} or {_cls('tgme_page_title')}]")
_CHANNEL_TITLE = etree.XPath(f"//*[{_cls('tgme_channel_info_header_title')}]")
_OLDER = etree.XPath("//link[@rel='prev']/@href")
# A reply quotes the replied-to post in a text div of its own; the post's own text is the other one.
_TEXT = etree.XPath(
    f".//div[{_cls('tgme_widget_message_text')}][not(ancestor::*[{_cls('tgme_widget_message_reply')}])]"
)
_SERVICE = etree.XPath(f"self::*[{_cls('service_message')}] | .//*[{_cls('tgme_widget_service_strong_text')}]")
_PHOTO_STYLES = etree.XPath(f".//a[{_cls('tgme_widget_message_photo_wrap')}]/@style")
_DATETIME = etree.XPath(f".//a[{_cls('tgme_widget_message_date')}]//time/@datetime")


@dataclass(frozen=True, slots=True)
class ChannelPage:
    title: str  # the channel's display name, "" when the page does not show it
    articles: list[Article]  # newest first, like a feed
    older_url: str | None  # the page of the posts before these (`link rel=prev`), for a backfill


def title_from_text(text: str, limit: int = TITLE_CHARS) -> str:
    """A headline for an untitled post: its first line with words (not a lone emoji), or that line's first
    sentence when the line is long, cut on a word boundary to at most `limit` characters."""
    line = next((line.strip() for line in text.split("\n") if _WORD.search(line)), "")
    if len(line) > limit:
        line = next(iter(split_sentences(line)), line)
    if len(line) <= limit:
        return line
    head = line[:limit]  # a space at its end means its last word is whole
    cut = head.rsplit(" ", 1)[0] if " " in head else head[: limit - 1]
    return cut.rstrip(_TITLE_TRIM) + "…"


def _parse_html(body: bytes, http_charset: str | None, url: str) -> HtmlElement:
    markup = xml_safe(decode_html(body, http_charset))
    if not markup.strip():
        raise ParseError(f"{url}: empty response, expected a Telegram channel preview")
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8"), parser=_PARSER)
    except (etree.LxmlError, ValueError) as exc:
        raise ParseError(f"{url}: cannot parse the page: {exc}") from exc


def _published(message: HtmlElement, now: datetime) -> datetime:
    """The post's time in UTC; `now` when it is missing or unreadable, and never later than `now`."""
    for value in _DATETIME(message):
        try:
            when = datetime.fromisoformat(str(value).strip())
            when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        except (ValueError, OverflowError):
            continue
        return min(when, now)
    return now


def _photo(message: HtmlElement, base: str) -> str | None:
    for style in _PHOTO_STYLES(message):
        match = _BACKGROUND_URL.search(str(style))
        url = canonical_url(match.group(1), base) if match else ""
        if url:
            return url
    return None


def _text(message: HtmlElement) -> str:
    found = _TEXT(message)
    if not found:
        return ""
    return html_to_text(lxml.html.tostring(found[0], encoding="unicode", with_tail=False))


def _article(
    message: HtmlElement, *, channel: str | None, spec: SourceSpec, base: str, now: datetime
) -> Article | None:
    """One post as an Article, or None for service messages, posts without words or photo, and posts whose
    reference is malformed or names another channel than the page's."""
    ref = _POST_REF.fullmatch(str(message.get("data-post", "")).strip())
    if ref is None or (channel is not None and ref.group(1).lower() != channel.lower()) or _SERVICE(message):
        return None
    text = _text(message)
    image = _photo(message, base)
    if not text and image is None:
        return None
    return Article(
        url=f"https://t.me/{ref.group(1)}/{int(ref.group(2))}",
        title=title_from_text(text) or spec.name,
        text=text,
        published=_published(message, now),
        source_key=spec.key,
        source_name=spec.name,
        lang=spec.lang,
        image_url=image,
    )


def _not_a_preview(tree: HtmlElement, url: str) -> ParseError:
    if _LANDING(tree):
        return ParseError(
            f"{url}: Telegram showed a landing page, not a channel's post preview: the name is not a public "
            "channel, or the channel has its web preview turned off"
        )
    return ParseError(f"{url}: not a Telegram channel preview (no tgme_channel_history section and no posts)")


def parse_channel(
    body: bytes,
    *,
    http_charset: str | None,
    spec: SourceSpec,
    now: datetime | None = None,
    base_url: str | None = None,
) -> ChannelPage:
    """The posts of a channel's web preview, newest first. Service messages and empty posts are skipped.

    `base_url` (the page's URL after redirects; `spec.url` by default) resolves relative links, and when it is a
    `/s/<name>` URL, posts of any other channel on the page are ignored.

    Raises ParseError when the bytes are not a channel preview at all (an error page, the landing page t.me
    redirects to for private channels and non-channels, garbage, an empty body).
    """
    now = now or datetime.now(UTC)
    base_url = base_url or spec.url
    tree = _parse_html(body, http_charset, spec.url)
    messages = _MESSAGES(tree)
    if not messages and not _HISTORY(tree):
        raise _not_a_preview(tree, spec.url)
    expected = _PREVIEW_PATH.fullmatch(urlsplit(base_url).path)
    channel = expected.group(1) if expected else None
    articles: dict[str, Article] = {}
    for message in reversed(messages):
        article = _article(message, channel=channel, spec=spec, base=base_url, now=now)
        if article is not None and article.url not in articles:
            articles[article.url] = article
    titles = (" ".join(el.text_content().split()) for el in _CHANNEL_TITLE(tree))
    older = (canonical_url(str(href), base_url) for href in _OLDER(tree))
    return ChannelPage(title=next(titles, ""), articles=list(articles.values()), older_url=next(older, "") or None)
