"""RSS / Atom / RDF bytes -> Articles. Pure: no network, no clock unless given one.

feedparser does the parsing, always over bytes we fetched ourselves (handed over as a stream, so it can
neither fetch a URL nor open a file named like the body). We decode first (see `encoding`), because
feedparser trusts a feed's declaration and Ukrainian feeds in undeclared windows-1251 would come out
as mojibake.
"""

from __future__ import annotations

import calendar
import html
import io
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from bot.collect.encoding import feed_to_utf8, xml_safe
from bot.domain import Article, SourceSpec
from bot.errors import ParseError
from bot.urls import canonical_url

logger = logging.getLogger(__name__)

# A clock a few minutes off, or a feed in the wrong timezone, must not put an item into the future.
_FUTURE_SLACK = timedelta(minutes=10)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)  # older than that is a broken date, not an old article
_TITLE_FROM_TEXT = 120
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "section", "article", "figure", "figcaption", "hr",
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "template")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_FULL_TEXT_KEYS = ("yandex_full-text", "yandex_fulltext", "turbo_content")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: scripts dropped, one line per block, whitespace collapsed."""
    fragment = xml_safe(fragment)  # lxml refuses control characters and lone surrogates
    if not fragment:
        return ""
    if "<" not in fragment:
        return _tidy(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing parseable: keep the characters, lose the tags
        return _tidy(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
        if block.tag != "br":
            block.text = "\n" + (block.text or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.replace("\xa0", " ").splitlines())
    return "\n".join(line for line in lines if line)


def entry_time(entry: Mapping[str, Any], now: datetime) -> datetime:
    """The entry's publication time in UTC, or `now` when it is missing, absurd, or in the future."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # `in` first: feedparser answers a missing updated_parsed with published_parsed, and a DeprecationWarning
        parsed: time.struct_time | None = entry.get(key) if key in entry else None
        if parsed is None:
            continue
        try:
            when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, ValueError, OSError):
            continue
        if _EARLIEST <= when <= now + _FUTURE_SLACK:
            return min(when, now)
    return now


def _text(mapping: Mapping[str, Any], key: str) -> str:
    """A string field of a feedparser dict; broken feeds give None or odd types where text belongs."""
    value = mapping.get(key) if isinstance(mapping, Mapping) else None
    return value if isinstance(value, str) else ""


def _image_url(entry: Mapping[str, Any], base: str) -> str | None:
    candidates = [_text(m, "url") for m in entry.get("media_thumbnail") or ()]
    candidates += [_text(m, "url") for m in entry.get("media_content") or () if m.get("medium", "image") == "image"]
    candidates += [
        _text(link, "href")
        for link in entry.get("links") or ()
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/")
    ]
    for candidate in candidates:
        url = canonical_url(candidate, base)
        if url:
            return url
    return None


def _longest_body(entry: Mapping[str, Any]) -> str:
    """The fullest text the feed offers for this entry: content:encoded / atom content / a full-text
    extension, whichever is longest."""
    bodies = [html_to_text(_text(c, "value")) for c in entry.get("content") or ()]
    # Yandex-style full text arrives escaped twice; one unescape gives the HTML.
    bodies += [html_to_text(html.unescape(_text(entry, key))) for key in _FULL_TEXT_KEYS]
    return max(bodies, key=len, default="")


def entry_to_article(entry: Mapping[str, Any], *, spec: SourceSpec, base: str, now: datetime) -> Article | None:
    """One feed entry as an Article, or None when it has no usable link or no words at all."""
    link = (_text(entry, "link") or (_text(entry, "id") if entry.get("guidislink") else "")).strip()
    url = canonical_url(link, base) if link else ""
    if not url:
        return None
    summary = html_to_text(_text(entry, "summary"))
    text = _longest_body(entry)
    if len(text) < len(summary):
        text = summary
    title = html_to_text(_text(entry, "title")).replace("\n", " ")
    if not title:
        title = text.split("\n", 1)[0][:_TITLE_FROM_TEXT]
    if not title and not text:
        return None
    return Article(
        url=url,
        title=title,
        text=text or title,
        published=entry_time(entry, now),
        source_key=spec.key,
        source_name=spec.name,
        lang=spec.lang,
        summary=summary,
        image_url=_image_url(entry, base),
    )


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says about itself (for /add): its title, site and language ("" when it does not say)."""

    title: str
    site_url: str
    lang: str


def parse_feed(
    body: bytes,
    *,
    http_charset: str | None,
    spec: SourceSpec,
    now: datetime | None = None,
    base_url: str | None = None,
) -> list[Article]:
    """Articles of an RSS/Atom/RDF document, in feed order. Entries without a link are skipped.

    `base_url` (the feed's URL after redirects; `spec.url` by default) resolves relative links.

    Raises ParseError when the bytes are not a feed at all (an HTML page, garbage, an empty body);
    a feed that is ill-formed but still yields entries is accepted.
    """
    return read_feed(body, http_charset=http_charset, spec=spec, now=now, base_url=base_url)[1]


def read_feed(
    body: bytes,
    *,
    http_charset: str | None,
    spec: SourceSpec,
    now: datetime | None = None,
    base_url: str | None = None,
) -> tuple[FeedInfo, list[Article]]:
    """`parse_feed`, with what the feed says about itself."""
    now = now or datetime.now(UTC)
    base_url = base_url or spec.url
    if not body.strip():
        raise ParseError(f"{spec.url}: empty response, expected a feed")
    utf8, decoded = feed_to_utf8(body, http_charset)
    parsed = feedparser.parse(
        io.BytesIO(utf8),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        # We reduce every HTML field to plain text ourselves and resolve the few links we keep, so
        # feedparser's sanitizer and its resolving of every element against the document URL are
        # wasted work: together they cost three quarters of its parse time.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.entries and not parsed.get("version"):
        if _HTML_START.match(utf8) or b"<body" in utf8[:4096].lower():
            raise ParseError(f"{spec.url}: got an HTML page where a feed was expected")
        reason = parsed.get("bozo_exception") or "no RSS/Atom/RDF root element"
        raise ParseError(f"{spec.url}: not a feed ({reason})")
    if parsed.bozo:
        logger.info(
            "feed ill-formed but parsed",
            extra={"source": spec.key, "reason": str(parsed.get("bozo_exception")), "encoding": decoded.encoding},
        )
    articles: dict[str, Article] = {}  # by URL: feeds repeat an item when they republish it
    for entry in parsed.entries:
        article = entry_to_article(entry, spec=spec, base=base_url, now=now)
        if article is not None and article.url not in articles:
            articles[article.url] = article
    channel = parsed.get("feed") or {}
    info = FeedInfo(
        title=html_to_text(_text(channel, "title")).replace("\n", " "),
        site_url=canonical_url(_text(channel, "link"), base_url) if _text(channel, "link") else "",
        lang=_text(channel, "language").split("-")[0].strip().lower()[:8],
    )
    return info, list(articles.values())
