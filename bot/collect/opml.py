"""OPML in and out: the subscription lists feed readers (Feedly, Inoreader, Miniflux, NewsBlur, ...) exchange.

Reading is defensive: the file comes from anyone. defusedxml refuses DTDs, entities and external references
(billion laughs, XXE), the size is capped before parsing, and the outlines are counted while they stream in, so
a file of a million empty outlines stops at the limit instead of filling memory. A bad file raises `OpmlError`
and yields nothing: the caller changes nothing.

Writing follows OPML 2.0 as the readers import it: one outline per feed with `type="rss"` (Feedly skips an
outline without it), `text`, `title`, `xmlUrl`, `htmlUrl` and `language`, inside a folder per language whose
`category` is `/language/<code>`.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.errors import ParseError

MAX_OUTLINES = 100_000
MAX_BYTES = 10_000_000
_LANG_CATEGORY = "/language/"
_TEXT_CHARS = 200  # titles and folder names past this are cut: they are shown in replies


class OpmlError(ParseError):
    """Why a file is no OPML we read; `key` names the reason in bot.i18n (opml_<key>)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str  # xmlUrl, as written (the caller checks and fetches it)
    title: str = ""
    html_url: str = ""
    lang: str | None = None  # from `language`, a `/language/xx` category, or a folder named by a language code


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    feeds: tuple[OpmlFeed, ...]  # in document order, each URL once
    duplicates: int  # outlines repeating a URL already listed


def _attr(element: ET.Element, name: str) -> str:
    """An attribute by name, in any case (`xmlUrl`, `xmlurl` and `XMLURL` all occur in the wild), trimmed."""
    for key, value in element.attrib.items():
        if key.lower() == name.lower():
            return " ".join(value.split())[:2000]
    return ""


def _lang_of(element: ET.Element, known: Sequence[str]) -> str | None:
    """A language code named by the outline: its `language`, or a `/language/xx` category, or its folder's
    name when that is a code we know."""
    lang = _attr(element, "language").split("-")[0].lower()
    if lang in known:
        return lang
    for category in _attr(element, "category").split(","):
        category = category.strip().lower()
        if category.startswith(_LANG_CATEGORY) and category[len(_LANG_CATEGORY) :] in known:
            return category[len(_LANG_CATEGORY) :]
    name = (_attr(element, "text") or _attr(element, "title")).lower()
    return name if name in known else None


def parse_opml(data: bytes, *, known_langs: Sequence[str] = (), max_bytes: int = MAX_BYTES) -> OpmlDocument:
    """The feeds of an OPML document (any version: 1.0, 1.1 and 2.0 files look alike), nested folders
    flattened, each feed once. Raises OpmlError for anything that is not a readable OPML file of sane size."""
    if len(data) > max_bytes:
        raise OpmlError("too_large", f"{len(data)} bytes, over {max_bytes}")
    if not data.strip():
        raise OpmlError("not_xml", "the file is empty")
    feeds: dict[str, OpmlFeed] = {}
    duplicates = outlines = 0
    folders: list[str | None] = []  # the language of each open outline, innermost last
    root_tag = ""
    try:
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
            if event == "start":
                root_tag = root_tag or tag
                if root_tag != "opml":
                    raise OpmlError("not_opml", f"the root element is <{root_tag}>, not <opml>")
                if tag == "outline":
                    outlines += 1
                    if outlines > MAX_OUTLINES:
                        raise OpmlError("too_many", f"more than {MAX_OUTLINES} outlines")
                    folders.append(_lang_of(element, known_langs) or (folders[-1] if folders else None))
                continue
            if tag != "outline":
                continue
            lang = folders.pop()
            url = _attr(element, "xmlUrl")
            if url:
                if url in feeds:
                    duplicates += 1
                else:
                    title = _attr(element, "title") or _attr(element, "text")
                    feeds[url] = OpmlFeed(url, title[:_TEXT_CHARS], _attr(element, "htmlUrl"), lang)
            element.clear()  # keep memory flat: nothing below a finished outline is needed again
    except OpmlError:
        raise
    except DefusedXmlException as exc:
        raise OpmlError("entities", type(exc).__name__) from exc
    except ET.ParseError as exc:
        raise OpmlError("not_xml", str(exc)) from exc
    if root_tag != "opml":
        raise OpmlError("not_opml", "no <opml> element")
    return OpmlDocument(tuple(feeds.values()), duplicates)


@dataclass(frozen=True, slots=True)
class ExportFeed:
    url: str
    title: str
    html_url: str
    lang: str


def home_page(url: str, kind: str) -> str:
    """The htmlUrl to export for a source: a channel's own page (not its t.me/s/ preview), else its site's root."""
    if kind == "channel":
        return url.replace("/s/", "/", 1)
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def write_opml(
    feeds: Iterable[ExportFeed], *, title: str, created: datetime, lang_names: dict[str, str] | None = None
) -> bytes:
    """An OPML 2.0 document of `feeds`, one folder per language (named by `lang_names`, else by the code)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(created)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        folder = folders.get(feed.lang)
        if folder is None:
            name = (lang_names or {}).get(feed.lang, feed.lang)
            folder = folders[feed.lang] = ET.SubElement(
                body, "outline", text=name, title=name, category=_LANG_CATEGORY + feed.lang
            )
        attributes = {"type": "rss", "text": feed.title, "title": feed.title, "xmlUrl": feed.url}
        if feed.html_url:
            attributes["htmlUrl"] = feed.html_url
        attributes["language"] = feed.lang
        attributes["category"] = _LANG_CATEGORY + feed.lang
        ET.SubElement(folder, "outline", attributes)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
